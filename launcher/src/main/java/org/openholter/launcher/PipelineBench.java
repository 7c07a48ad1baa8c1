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
                Map<String, Double> jobStages) {}

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
        if (!CpuMeter.supported()) throw new IllegalStateException("bench pipeline reads CPU times from /proc: Linux only");
        HolterCli.wipe(dir);
        List<Step> steps = new ArrayList<>();
        String when = Instant.now().toString();
        long t0 = System.nanoTime();
        Path jfr = dir.resolveSibling(dir.getFileName() + "-job.jfr");
        try (Stack stack = new Stack(new Stack.Options(dir, false, 4, 2000, 2, "holter", analyzer))) {
            stack.startServices().startGateway().startJob(null);
            CpuMeter cpu = new CpuMeter(Map.of(CpuMeter.MOSQUITTO, stack.mqtt().pid(), CpuMeter.KAFKA, stack.kafka().pid(),
                    CpuMeter.INFLUXDB, stack.influx().pid()), PipelineBench::partOf);
            for (int n = fixed != null ? fixed : start; n <= (fixed != null ? fixed : max); n += step) {
                Step s = measure(stack, cpu, n, warmup, measure, frameS, limit, fixed != null ? jfr : null);
                steps.add(s);
                System.out.printf("%5d patients: %s  sent %.0f/s forwarded %.0f/s  lag %d→%d  latency p50 %.2f s p99 %.2f s (%d windows)%s%n"
                                + "      CPU ms per patient-second: %s%n",
                        n, s.keptUp ? "keeps up" : "FALLS BEHIND", s.sentPerS, s.forwardedPerS, s.lagStart, s.lagEnd, s.p50, s.p99,
                        s.windows, s.keptUp ? "" : " - " + s.why, s.cpuMsPerPatientSecond);
                if (!s.keptUp) break;
            }
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
        }
        String out = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        System.out.println(out);
        if (f.get("json") != null) Files.writeString(Path.of(f.get("json")), out + "\n");
        String report = f.get("report");
        if (report != null && !report.isBlank()) writeReport(Path.of(report), json, steps, String.join(" ", args), (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    static Step measure(Stack stack, CpuMeter cpu, int n, int warmup, int measure, double frameS, double limit, Path jfr) throws Exception {
        String prefix = "b" + n;
        FleetConfig fc = FleetConfig.from(new String[] {"--mqtt.port", String.valueOf(stack.mqtt().port()), "--patients",
                String.valueOf(n), "--scenarios", "mixed", "--rate", "250", "--leads", "II", "--frame-seconds", String.valueOf(frameS),
                "--device-prefix", prefix, "--speed", "1", "--seed", String.valueOf(n)}, Map.of());
        try (Fleet fleet = new Fleet(fc)) {
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
            Map<String, Double> cost = CpuMeter.perPatientSecond(cpu0, cpu1, n * (t1 - t0) / 1000.0, IN_JVM);
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
            return new Step(n, why.isEmpty(), why, sent, fwd, lag0, lag1, p50, p99, windows, publishDelay, cost, stages);
        }
    }

    /** Frames the job has not yet committed (end offsets minus its group's committed offsets). */
    static long lag(Stack stack) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrap());
        try (Admin a = Admin.create(p)) {
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
            + "below saturation), with a JFR profile of the job; without it, the fleet steps up until it falls behind.\n";

    static void writeReport(Path file, ObjectNode json, List<Step> steps, String args, double seconds) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("- Frames: ").append(json.get("frame_seconds").asDouble()).append(" s of signal each; mixed-ward scenarios; job parallelism 2, checkpoints every 2 s; analyzer `")
                .append(json.get("analyzer").asText()).append("`.\n\n");
        JsonNode cost = json.get("cpu_ms_per_patient_second");
        b.append(String.format(java.util.Locale.ROOT, "**Cost: %.3f ms of CPU per patient-second without the simulator, so %d patients on %d cores by cost** "
                        + "(measured at %d patients, %s).%n%n", cost.get("total_without_simulator").asDouble(), json.get("patients_by_cost").asLong(),
                json.get("cores").asInt(), json.get("cost_measured_at_patients").asInt(),
                json.get("mode").asText().equals("fixed") ? "a fixed load" : "the largest step of the ramp that kept up"));
        b.append("| part | CPU ms per patient-second |\n|---|---:|\n");
        cost.fields().forEachRemaining(e -> b.append(String.format(java.util.Locale.ROOT, "| %s | %.3f |%n", e.getKey().replace('_', ' '), e.getValue().asDouble())));
        b.append("\nRead from /proc: Mosquitto, Kafka and InfluxDB as processes; the simulator, the gateway and the job share one JVM ")
                .append("and are told apart by their threads, with that JVM's garbage collection and compilation shared out in proportion ")
                .append("to each one's own CPU (`bench` is this benchmark's own querying, counted nowhere).\n\n");
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
                + ", analyzer " + json.get("analyzer").asText();
        BenchOutput.section(file.toString(), PREAMBLE, heading, "./holter bench pipeline " + args, json, seconds, b.toString());
    }
}
