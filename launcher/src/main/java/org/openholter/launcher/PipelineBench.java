package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.openholter.core.config.Flags;
import org.openholter.launcher.cost.CpuMeter;
import org.openholter.launcher.cost.StageProfile;
import org.openholter.simulator.Fleet;
import org.openholter.simulator.FleetConfig;
import org.openholter.wire.Json;
import org.openholter.wire.Topics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./holter bench pipeline}: what each patient costs the whole path (simulator → MQTT → gateway → Kafka → Flink →
 * InfluxDB, all on this machine) in CPU time per second of signal, part by part, and the fleet that cost implies; then
 * the largest fleet of 250-Hz single-lead patients the path keeps up with in real time, and the end-to-end latency.
 * With {@code --patients N} one fixed load is measured (below saturation, the cost figure; with a JFR profile of the
 * job split by stage); otherwise the fleet steps up, each step warming up and then measuring. A step keeps up when
 * the simulator published on time, the gateway forwarded what was published, the job's Kafka lag did not grow, and
 * the p99 latency stayed under the limit. The cost is the headline: a capacity alone moves with the machine.
 */
public final class PipelineBench {
    private PipelineBench() {}

    record Step(int patients, boolean keptUp, String why, double sentPerS, double forwardedPerS, long lagStart, long lagEnd,
                double p50, double p99, long windows, double publishDelayS, Map<String, Double> cpuMsPerPatientSecond,
                Map<String, Double> jobStages, Map<String, Double> checkpoints) {}

    /** Where the job runs: its REST port and id (for checkpoint statistics), and whether it is a separate cluster. */
    record JobSite(int restPort, String jobId, boolean cluster) {}

    /** Seconds of JFR profile after a fixed load's measured window. */
    static final int PROFILE_S = 20;

    /** The parts that run in this JVM; their threads are told apart by name ({@link #partOf}). */
    static final java.util.Set<String> IN_JVM = java.util.Set.of(CpuMeter.SIMULATOR, CpuMeter.GATEWAY, CpuMeter.JOB);

    /**
     * The part a thread of this JVM works for, by its name: the simulator's loop and MQTT clients (HiveMQ's shared
     * threads: the gateway's link has its own, {@code gw-mqtt-…}), the gateway's threads and Kafka clients, this
     * benchmark's own (queries, lag), and the job (the MiniCluster: everything else).
     */
    static String partOf(String thread) {
        return partOf(thread, false);
    }

    /** As {@link #partOf(String)}; with the job on a cluster, this JVM runs none of it (what is left is the bench's). */
    static String partOf(String thread, boolean jobElsewhere) {
        String part = partOfInJvm(thread);
        return jobElsewhere && part.equals(CpuMeter.JOB) ? CpuMeter.BENCH : part;
    }

    private static String partOfInJvm(String thread) {
        if (thread.equals("fleet") || thread.startsWith("com.hivemq.client.mqtt") || thread.startsWith("RxComputationThreadPool")) return CpuMeter.SIMULATOR;
        if (thread.startsWith("gw-mqtt-") || thread.startsWith("gateway-") || thread.equals("kafka-retry") || thread.equals("alarm-forwarder")
                || thread.contains("| holter-gw") || thread.contains("| openholter-gateway-alarms")) return CpuMeter.GATEWAY;
        if (thread.equals("main") || thread.startsWith("kafka-admin-client-thread") || thread.startsWith("HttpClient")) return CpuMeter.BENCH;
        return CpuMeter.JOB;
    }

    static Flags flags() {
        return new Flags("holter bench pipeline", "HOLTER_BENCH")
                .declare("json", null, "write the result as JSON here")
                .declare("report", "docs/benchmarks/pipeline.md", "write the Markdown report here (empty: none)")
                .declare("patients", null, "measure one fixed fleet of this size (below saturation: the cost figure, with a JFR profile of the job) instead of the ramp")
                .declare("start", "1000", "first fleet size")
                .declare("step", "1000", "fleet size increment")
                .declare("max", "12000", "largest fleet tried (the ramp stops at the first step that falls behind)")
                .declare("warmup-s", "25", "seconds before measuring, per step")
                .declare("measure-s", "45", "seconds measured, per step")
                .declare("frame-seconds", "1.0", "seconds of signal per frame (0.25-1)")
                .declare("p99-limit-s", "2", "a step with a higher p99 latency does not count as keeping up")
                .declare("cluster", "false", "run the job on a standalone Flink cluster (a JobManager and --task-managers TaskManagers, each its own JVM, the job jar submitted with flink run) instead of the in-process MiniCluster")
                .declare("task-managers", "2", "TaskManagers of the cluster (--cluster), one slot per parallel instance spread over them")
                .declare("job-jar", null, "the shaded job jar --cluster submits (default: job/target/*-flink.jar under the working directory)")
                .declare("parallelism", "2", "the job's parallelism (Kafka gets at least as many partitions)")
                .declare("state-backend", "hashmap", "the job's state backend: hashmap or rocksdb (incremental checkpoints)")
                .declare("mqtt-security", "on", "on: devices and gateway over TLS with passwords and the ACL, as deployed; off: plain, anonymous MQTT (the figures before 2026-12-04)")
                .declare("analyzer", "layered", "window analysis of the job: layered (wave and beat models, the job's default), delineation (wave-layer model) or classic")
                .declare("dir", "run/bench", "work directory (wiped at start)");
    }

    public static int run(String[] args) throws Exception {
        Flags f = flags().parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        int start = f.getInt("start", 1, 100_000), step = f.getInt("step", 1, 100_000), max = f.getInt("max", 1, 100_000);
        int warmup = f.getInt("warmup-s", 5, 3600), measure = f.getInt("measure-s", 10, 3600);
        double frameS = f.getDouble("frame-seconds", 0.25, 1);
        double limit = f.getDouble("p99-limit-s", 0.1, 600);
        String analyzer = f.getChoice("analyzer", "layered", "delineation", "classic");
        Path dir = Path.of(f.get("dir")).toAbsolutePath();
        Integer fixed = f.get("patients") == null ? null : f.getInt("patients", 1, 100_000);
        boolean onCluster = f.getBool("cluster");
        int parallelism = f.getInt("parallelism", 1, 128), taskManagers = f.getInt("task-managers", 1, 16);
        String backend = f.getChoice("state-backend", "hashmap", "rocksdb");
        boolean secure = f.getChoice("mqtt-security", "on", "off").equals("on");
        if (!CpuMeter.supported()) throw new IllegalStateException("bench pipeline reads CPU times from /proc: Linux only");
        Path jobJar = !onCluster ? null : f.get("job-jar") != null ? Path.of(f.get("job-jar")) : jobJar(Path.of(""));
        if (jobJar != null && !Files.isRegularFile(jobJar)) throw new IllegalArgumentException("--job-jar " + jobJar + ": no such file");
        HolterCli.wipe(dir);
        List<Step> steps = new ArrayList<>();
        String when = Instant.now().toString();
        long t0 = System.nanoTime();
        Path jfr = dir.resolveSibling(dir.getFileName() + "-job.jfr");
        org.openholter.launcher.services.FlinkCluster cluster = null;
        try (Stack stack = new Stack(new Stack.Options(dir, false, Math.max(4, parallelism), 2000, parallelism, "holter", analyzer, backend, secure))) {
            stack.startServices().startGateway();
            JobSite site;
            Map<String, List<Long>> jobPids = Map.of();
            if (onCluster) {
                int slots = (parallelism + taskManagers - 1) / taskManagers;
                cluster = org.openholter.launcher.services.FlinkCluster.start(dir.resolve("flink"),
                        org.openholter.launcher.services.FlinkCluster.flinkOnly(System.getProperty("java.class.path")), taskManagers, slots);
                String out = cluster.run(jobJar, stack.jobArgs(null));
                site = new JobSite(cluster.restPort(), org.openholter.launcher.services.FlinkCluster.jobIdOf(out), true);
                jobPids = Map.of(CpuMeter.JOB, cluster.pids());
                System.out.printf("job %s on a standalone cluster: %d TaskManager(s) of %d slot(s), parallelism %d%n", site.jobId(), taskManagers, slots, parallelism);
            } else {
                stack.startJob(null);
                site = new JobSite(stack.restPort(), stack.jobId(), false);
            }
            CpuMeter cpu = new CpuMeter(Map.of(CpuMeter.MOSQUITTO, stack.mqtt().pid(), CpuMeter.KAFKA, stack.kafka().pid(),
                    CpuMeter.INFLUXDB, stack.influx().pid()), t -> partOf(t, onCluster), jobPids);
            for (int n = fixed != null ? fixed : start; n <= (fixed != null ? fixed : max); n += step) {
                Step s = measure(stack, site, cpu, n, warmup, measure, frameS, limit, fixed != null && !onCluster ? jfr : null);
                steps.add(s);
                System.out.printf("%5d patients: %s  sent %.0f/s forwarded %.0f/s  lag %d→%d  latency p50 %.2f s p99 %.2f s (%d windows)%s%n"
                                + "      CPU ms per patient-second: %s%n",
                        n, s.keptUp ? "keeps up" : "FALLS BEHIND", s.sentPerS, s.forwardedPerS, s.lagStart, s.lagEnd, s.p50, s.p99,
                        s.windows, s.keptUp ? "" : " - " + s.why, s.cpuMsPerPatientSecond);
                if (!s.keptUp) break;
            }
        } finally {
            if (cluster != null) cluster.close();
        }
        Step best = null;
        for (Step s : steps) if (s.keptUp) best = s;
        // The cost figure: the fixed load, or the largest step that kept up (the first step when none did).
        Step costed = fixed != null || best == null ? steps.get(0) : best;
        int cores = Runtime.getRuntime().availableProcessors();
        double perPatient = costed.cpuMsPerPatientSecond.get("total_without_simulator");
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("mode", fixed != null ? "fixed" : "ramp");
        ObjectNode cost = json.putObject("cpu_ms_per_patient_second");
        costed.cpuMsPerPatientSecond.forEach(cost::put);
        json.put("cost_measured_at_patients", costed.patients);
        json.put("patients_by_cost", (long) Math.floor(cores * 1000.0 / perPatient));
        json.put("cores", cores);
        if (costed.jobStages != null) {
            ObjectNode st = json.putObject("job_cpu_ms_per_patient_second_by_stage");
            costed.jobStages.forEach(st::put);
            Path cwd = Path.of("").toAbsolutePath();
            json.put("job_profile", jfr.startsWith(cwd) ? cwd.relativize(jfr).toString() : jfr.toString());
        }
        json.put("patients_realtime", best == null ? 0 : best.patients);
        json.put("latency_p50_s", best == null ? Double.NaN : best.p50);
        json.put("latency_p99_s", best == null ? Double.NaN : best.p99);
        if (costed.checkpoints != null) costed.checkpoints.forEach(json.putObject("checkpoints")::put);
        json.put("job_site", onCluster ? "cluster" : "minicluster").put("parallelism", parallelism).put("state_backend", backend);
        if (onCluster) json.put("task_managers", taskManagers);
        json.put("sample_rate_hz", 250).put("leads", 1).put("frame_seconds", frameS).put("analyzer", analyzer).put("date", when);
        json.put("machine", machine());
        ArrayNode arr = json.putArray("steps");
        for (Step s : steps) {
            ObjectNode row = arr.addObject();
            row.put("patients", s.patients).put("kept_up", s.keptUp).put("why", s.why).put("sent_per_s", s.sentPerS)
                    .put("forwarded_per_s", s.forwardedPerS).put("lag_start", s.lagStart).put("lag_end", s.lagEnd)
                    .put("latency_p50_s", s.p50).put("latency_p99_s", s.p99).put("windows", s.windows)
                    .put("publish_delay_s", s.publishDelayS);
            s.cpuMsPerPatientSecond.forEach(row.putObject("cpu_ms_per_patient_second")::put);
            if (s.checkpoints != null) s.checkpoints.forEach(row.putObject("checkpoints")::put);
        }
        String out = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        System.out.println(out);
        if (f.get("json") != null) Files.writeString(Path.of(f.get("json")), out + "\n");
        String report = f.get("report");
        if (report != null && !report.isBlank()) writeReport(Path.of(report), json, steps, String.join(" ", args), (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** The shaded job jar under the repository {@code root} that {@code flink run} submits (built by {@code mvn package}: ./holter builds it). */
    static Path jobJar(Path root) throws IOException {
        Path target = root.resolve("job/target");
        if (Files.isDirectory(target)) {
            try (var s = Files.list(target)) {
                var jar = s.filter(p -> p.getFileName().toString().endsWith("-flink.jar")).findFirst();
                if (jar.isPresent()) return jar.get();
            }
        }
        throw new IllegalArgumentException("--cluster submits " + target + "/*-flink.jar, which is missing: run from the repository root after a build (./holter builds it), or give --job-jar");
    }

    /**
     * The job's checkpoints so far, from Flink's REST API: how many completed and failed, the median and largest
     * end-to-end duration of the recent ones, and the size of the latest (full state; with RocksDB's incremental
     * checkpoints also what was uploaded), per patient of this step. Null when the REST API does not answer.
     */
    static Map<String, Double> checkpoints(JobSite site, int patients) {
        if (site.jobId() == null) return null;
        String body = org.openholter.launcher.services.FlinkCluster.rest(site.restPort(), "/jobs/" + site.jobId() + "/checkpoints");
        JsonNode c;
        try {
            c = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (c == null || !c.has("counts")) return null;
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("completed", c.path("counts").path("completed").asDouble());
        out.put("failed", c.path("counts").path("failed").asDouble());
        List<Double> durations = new ArrayList<>();
        for (JsonNode h : c.path("history")) if (h.path("status").asText().equals("COMPLETED")) durations.add(h.path("end_to_end_duration").asDouble());
        durations.sort(null);
        out.put("recent", (double) durations.size());
        out.put("duration_ms_median", durations.isEmpty() ? Double.NaN : durations.get(durations.size() / 2));
        out.put("duration_ms_max", durations.isEmpty() ? Double.NaN : durations.get(durations.size() - 1));
        JsonNode latest = c.path("latest").path("completed");
        out.put("state_bytes", latest.path("state_size").asDouble(Double.NaN));
        out.put("checkpointed_bytes", latest.path("checkpointed_size").asDouble(Double.NaN));
        out.put("state_bytes_per_patient", latest.path("state_size").asDouble(Double.NaN) / patients);
        return out;
    }

    static Step measure(Stack stack, JobSite site, CpuMeter cpu, int n, int warmup, int measure, double frameS, double limit, Path jfr) throws Exception {
        String prefix = "b" + n;
        try (Fleet fleet = stack.fleet("--patients",
                String.valueOf(n), "--scenarios", "mixed", "--rate", "250", "--leads", "II", "--frame-seconds", String.valueOf(frameS),
                "--device-prefix", prefix, "--speed", "1", "--seed", String.valueOf(n))) {
            fleet.start();
            Thread.sleep(warmup * 1000L);
            long t0 = System.currentTimeMillis();
            long sent0 = fleet.framesSent();
            long fwd0 = stack.gateway().metrics().forwarded.sum();
            long lag0 = lag(stack);
            Map<String, Long> cpu0 = cpu.read();
            Thread.sleep(measure * 1000L);
            Map<String, Long> cpu1 = cpu.read();
            long t1 = System.currentTimeMillis();
            double secs = (t1 - t0) / 1000.0;
            double sent = (fleet.framesSent() - sent0) / secs;
            double fwd = (stack.gateway().metrics().forwarded.sum() - fwd0) / secs;
            long lag1 = lag(stack);
            double publishDelay = (t1 * 1000 - fleet.simNowMicros()) / 1e6; // simulator behind the wall clock
            // Each patient streams one second of signal per second (speed 1).
            Map<String, Double> cost = CpuMeter.perPatientSecond(cpu0, cpu1, n * (t1 - t0) / 1000.0,
                    site.cluster() ? java.util.Set.of(CpuMeter.SIMULATOR, CpuMeter.GATEWAY) : IN_JVM);
            Map<String, Double> checkpoints = checkpoints(site, n);
            Map<String, Double> stages = null;
            if (jfr != null) {
                // The profile runs after the measured window: sampling every thread every 10 ms costs enough to move the
                // figures it explains. Its shares split the job's cost measured without it.
                StageProfile profile = new StageProfile(jfr, Duration.ofMillis(10));
                Thread.sleep(PROFILE_S * 1000L);
                Map<String, Double> share = profile.stop(t -> partOf(t).equals(CpuMeter.JOB));
                stages = new LinkedHashMap<>();
                for (Map.Entry<String, Double> e : share.entrySet()) {
                    stages.put(e.getKey(), e.getKey().equals("samples") ? e.getValue() : e.getValue() * cost.get(CpuMeter.JOB));
                }
            }
            double expected = n / frameS;
            JsonNode r = Json.MAPPER.readTree(stack.influx().query("holter", "SELECT percentile(\"latency_s\", 50), percentile(\"latency_s\", 99), "
                    + "count(\"latency_s\") FROM \"window_latency\" WHERE time >= " + t0 + "ms AND time < " + t1 + "ms AND \"device\" =~ /^"
                    + prefix + "-/"));
            JsonNode v = r.path("results").get(0).path("series");
            double p50 = Double.NaN, p99 = Double.NaN;
            long windows = 0;
            if (!v.isEmpty()) {
                JsonNode row = v.get(0).path("values").get(0);
                p50 = row.get(1).asDouble();
                p99 = row.get(2).asDouble();
                windows = row.get(3).asLong();
            }
            double expectedWindows = n * secs / 6.0;
            String why = "";
            if (sent < 0.97 * expected) why = String.format("simulator published %.0f of %.0f frames/s", sent, expected);
            else if (fwd < 0.97 * sent) why = String.format("gateway forwarded %.0f of %.0f frames/s", fwd, sent);
            else if (lag1 > lag0 + n * 2 && lag1 > 3 * n) why = "job's Kafka lag grew from " + lag0 + " to " + lag1;
            else if (windows < 0.9 * expectedWindows) why = String.format("only %d of ~%.0f windows reached InfluxDB", windows, expectedWindows);
            else if (!(p99 <= limit)) why = String.format("p99 latency %.2f s over the %.1f s limit", p99, limit);
            return new Step(n, why.isEmpty(), why, sent, fwd, lag0, lag1, p50, p99, windows, publishDelay, cost, stages, checkpoints);
        }
    }

    /** Frames the job has not yet committed (end offsets minus its group's committed offsets). */
    static long lag(Stack stack) throws Exception {
        try (Admin a = Admin.create(stack.kafka().clientProperties(org.openholter.launcher.services.KafkaBroker.ADMIN))) {
            Map<TopicPartition, OffsetAndMetadata> c = a.listConsumerGroupOffsets("openholter-job").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            c.keySet().forEach(tp -> req.put(tp, OffsetSpec.latest()));
            var ends = a.listOffsets(req).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : c.entrySet()) {
                if (e.getValue() != null && e.getKey().topic().equals(Topics.KAFKA_FRAMES)) lag += ends.get(e.getKey()).offset() - e.getValue().offset();
            }
            return lag;
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        long mem = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format("%d cores (%s), %.0f GiB, Java %s, %s", Runtime.getRuntime().availableProcessors(), cpu,
                mem / 1073741824.0, System.getProperty("java.version"), System.getProperty("os.name"));
    }

    static final String PREAMBLE = "# Pipeline benchmark\n\n"
            + "What each patient costs the whole path (simulator → Mosquitto → gateway → Kafka → Flink MiniCluster → InfluxDB, all on "
            + "this machine) in CPU time per second of 250-Hz single-lead signal, and the largest fleet it keeps up with in real time, "
            + "with the latency from the moment the frame holding a window's last sample leaves the (simulated) device to the moment "
            + "that window's results are acknowledged by InfluxDB. The cost is the figure to compare between versions: a fleet size "
            + "alone moves with the machine and with whatever else runs on it. `--patients N` measures one fixed load (choose one "
            + "below saturation), with a JFR profile of the job; without it, the fleet steps up until it falls behind. `--cluster` "
            + "runs the job on a standalone Flink cluster (a JobManager and TaskManagers, each its own JVM) instead of the "
            + "MiniCluster, `--parallelism` and `--state-backend rocksdb` change the job; every step also reads the job's "
            + "checkpoints (count, duration, size per patient) from Flink's REST API.\n";

    static void writeReport(Path file, ObjectNode json, List<Step> steps, String args, double seconds) throws IOException {
        StringBuilder b = new StringBuilder();
        boolean onCluster = json.path("job_site").asText().equals("cluster");
        b.append("- Frames: ").append(json.get("frame_seconds").asDouble()).append(" s of signal each; mixed-ward scenarios; job ")
                .append(onCluster ? "on a standalone Flink cluster (JobManager and " + json.get("task_managers").asInt() + " TaskManager(s), each its own JVM)"
                        : "in the in-process MiniCluster")
                .append(", parallelism ").append(json.path("parallelism").asInt(2)).append(", state backend ").append(json.path("state_backend").asText("hashmap"))
                .append(", checkpoints every 2 s; analyzer `").append(json.get("analyzer").asText()).append("`.\n\n");
        JsonNode cost = json.get("cpu_ms_per_patient_second");
        b.append(String.format(java.util.Locale.ROOT, "**Cost: %.3f ms of CPU per patient-second without the simulator, so %d patients on %d cores by cost** "
                        + "(measured at %d patients, %s).%n%n", cost.get("total_without_simulator").asDouble(), json.get("patients_by_cost").asLong(),
                json.get("cores").asInt(), json.get("cost_measured_at_patients").asInt(),
                json.get("mode").asText().equals("fixed") ? "a fixed load" : "the largest step of the ramp that kept up"));
        b.append("| part | CPU ms per patient-second |\n|---|---:|\n");
        cost.fields().forEachRemaining(e -> b.append(String.format(java.util.Locale.ROOT, "| %s | %.3f |%n", e.getKey().replace('_', ' '), e.getValue().asDouble())));
        if (onCluster) {
            b.append("\nRead from /proc: Mosquitto, Kafka, InfluxDB and the job (its JobManager and TaskManagers) as processes; the simulator ")
                    .append("and the gateway share this benchmark's JVM and are told apart by their threads, with that JVM's garbage collection and ")
                    .append("compilation shared out in proportion (`bench` is this benchmark's own querying and service handling, counted nowhere). ")
                    .append("No stage profile: the job runs in other JVMs.\n\n");
        } else {
            b.append("\nRead from /proc: Mosquitto, Kafka and InfluxDB as processes; the simulator, the gateway and the job share one JVM ")
                    .append("and are told apart by their threads, with that JVM's garbage collection and compilation shared out in proportion ")
                    .append("to each one's own CPU (`bench` is this benchmark's own querying, counted nowhere).\n\n");
        }
        JsonNode chk = json.get("checkpoints");
        if (chk != null) {
            b.append(String.format(java.util.Locale.ROOT, "Checkpoints (Flink's REST API, at the end of the measured window): %.0f completed, %.0f failed; "
                            + "the last %.0f took %.0f ms median, %.0f ms at most; the latest holds %.1f MB of state, %.1f kB per patient%s.%n%n",
                    chk.get("completed").asDouble(), chk.get("failed").asDouble(), chk.get("recent").asDouble(), chk.get("duration_ms_median").asDouble(),
                    chk.get("duration_ms_max").asDouble(), chk.get("state_bytes").asDouble() / 1e6, chk.get("state_bytes_per_patient").asDouble() / 1e3,
                    json.path("state_backend").asText().equals("rocksdb")
                            ? String.format(java.util.Locale.ROOT, " (%.1f MB uploaded for it: incremental)", chk.get("checkpointed_bytes").asDouble() / 1e6) : ""));
        }
        if (json.has("job_cpu_ms_per_patient_second_by_stage")) {
            JsonNode st = json.get("job_cpu_ms_per_patient_second_by_stage");
            b.append("The job's CPU by stage (its cost above, split by the shares of JFR execution samples of the job's threads taken over ")
                    .append(PROFILE_S).append(" s after the measured window, each put in the stage of its innermost frame that names one; ").append(st.get("samples").asLong()).append(" samples; the recording is `").append(json.get("job_profile").asText())
                    .append("`):\n\n| stage | CPU ms per patient-second |\n|---|---:|\n");
            st.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("samples")) b.append(String.format(java.util.Locale.ROOT, "| %s | %.3f |%n", e.getKey(), e.getValue().asDouble()));
            });
            b.append("\n");
        }
        b.append("**Real time: ").append(json.get("patients_realtime").asInt()).append(" patients kept up, latency p50 ")
                .append(String.format("%.2f", json.get("latency_p50_s").asDouble())).append(" s, p99 ")
                .append(String.format("%.2f", json.get("latency_p99_s").asDouble())).append(" s.**\n\n");
        b.append("| patients | keeps up | frames/s sent | forwarded | job lag start → end | latency p50 (s) | p99 (s) | windows | CPU ms / patient-s (job; all but simulator) | note |\n");
        b.append("|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Step s : steps) {
            b.append(String.format(java.util.Locale.ROOT, "| %d | %s | %.0f | %.0f | %d → %d | %.2f | %.2f | %d | %.3f; %.3f | %s |%n", s.patients,
                    s.keptUp ? "yes" : "no", s.sentPerS, s.forwardedPerS, s.lagStart, s.lagEnd, s.p50, s.p99, s.windows,
                    s.cpuMsPerPatientSecond.get(CpuMeter.JOB), s.cpuMsPerPatientSecond.get("total_without_simulator"), s.why));
        }
        b.append("\nA step keeps up when the simulator published on time, the gateway forwarded what was published, the job's ")
                .append("Kafka lag did not grow, at least 90 % of the expected windows reached InfluxDB, and the p99 latency stayed ")
                .append("under the limit. The latency clock starts when the frame holding a window's last sample is complete on the ")
                .append("device (its end time on the device clock, which the simulator keeps on the wall clock; the device sends a frame ")
                .append("when it is full) and stops when InfluxDB has acknowledged the write of that window's results. Devices of ")
                .append("earlier steps have gone offline (their state shrinks to a few hundred bytes). This is one ramp on a small, ")
                .append("noisy machine: near the limit, steps pass or fail from one run to the next (about ±1000 patients here).\n");
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        String heading = (json.get("mode").asText().equals("fixed") ? "Fixed load, " + steps.get(0).patients + " patients" : "Ramp")
                + ", analyzer " + json.get("analyzer").asText()
                + (onCluster ? ", cluster of " + json.get("task_managers").asInt() + " TaskManagers" : "")
                + (json.path("parallelism").asInt(2) != 2 ? ", parallelism " + json.get("parallelism").asInt() : "")
                + (json.path("state_backend").asText("hashmap").equals("hashmap") ? "" : ", " + json.get("state_backend").asText());
        BenchOutput.section(file.toString(), PREAMBLE, heading, "./holter bench pipeline " + args, json, seconds, b.toString());
    }
}
