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
import org.openholter.simulator.Fleet;
import org.openholter.simulator.FleetConfig;
import org.openholter.wire.Json;
import org.openholter.wire.Topics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./holter bench pipeline}: the largest fleet of 250-Hz single-lead patients that the whole
 * path (simulator → MQTT → gateway → Kafka → Flink → InfluxDB, all on this machine) keeps up with in
 * real time, and the end-to-end latency at that load. Steps up the fleet; each step warms up, then
 * measures. A step keeps up when the simulator published on time, the gateway forwarded what was
 * published, the job's Kafka lag did not grow, and the p99 latency stayed under the limit.
 */
public final class PipelineBench {
    private PipelineBench() {}

    record Step(int patients, boolean keptUp, String why, double sentPerS, double forwardedPerS, long lagStart, long lagEnd,
                double p50, double p99, long windows, double publishDelayS) {}

    static Flags flags() {
        return new Flags("holter bench pipeline", "HOLTER_BENCH")
                .declare("json", null, "write the result as JSON here")
                .declare("report", "docs/benchmarks/pipeline.md", "write the Markdown report here (empty: none)")
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
        HolterCli.wipe(dir);
        List<Step> steps = new ArrayList<>();
        String when = Instant.now().toString();
        try (Stack stack = new Stack(new Stack.Options(dir, false, 4, 2000, 2, "holter", analyzer))) {
            stack.startServices().startGateway().startJob(null);
            for (int n = start; n <= max; n += step) {
                Step s = measure(stack, n, warmup, measure, frameS, limit);
                steps.add(s);
                System.out.printf("%5d patients: %s  sent %.0f/s forwarded %.0f/s  lag %d→%d  latency p50 %.2f s p99 %.2f s (%d windows)%s%n",
                        n, s.keptUp ? "keeps up" : "FALLS BEHIND", s.sentPerS, s.forwardedPerS, s.lagStart, s.lagEnd, s.p50, s.p99,
                        s.windows, s.keptUp ? "" : " - " + s.why);
                if (!s.keptUp) break;
            }
        }
        Step best = null;
        for (Step s : steps) if (s.keptUp) best = s;
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("patients_realtime", best == null ? 0 : best.patients);
        json.put("latency_p50_s", best == null ? Double.NaN : best.p50);
        json.put("latency_p99_s", best == null ? Double.NaN : best.p99);
        json.put("sample_rate_hz", 250).put("leads", 1).put("frame_seconds", frameS).put("analyzer", analyzer).put("date", when);
        json.put("machine", machine());
        ArrayNode arr = json.putArray("steps");
        for (Step s : steps) {
            arr.addObject().put("patients", s.patients).put("kept_up", s.keptUp).put("why", s.why).put("sent_per_s", s.sentPerS)
                    .put("forwarded_per_s", s.forwardedPerS).put("lag_start", s.lagStart).put("lag_end", s.lagEnd)
                    .put("latency_p50_s", s.p50).put("latency_p99_s", s.p99).put("windows", s.windows)
                    .put("publish_delay_s", s.publishDelayS);
        }
        String out = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        System.out.println(out);
        if (f.get("json") != null) Files.writeString(Path.of(f.get("json")), out + "\n");
        String report = f.get("report");
        if (report != null && !report.isBlank()) writeReport(Path.of(report), json, steps, String.join(" ", args));
        return 0;
    }

    static Step measure(Stack stack, int n, int warmup, int measure, double frameS, double limit) throws Exception {
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
            Thread.sleep(measure * 1000L);
            long t1 = System.currentTimeMillis();
            double secs = (t1 - t0) / 1000.0;
            double sent = (fleet.framesSent() - sent0) / secs;
            double fwd = (stack.gateway().metrics().forwarded.sum() - fwd0) / secs;
            long lag1 = lag(stack);
            double publishDelay = (t1 * 1000 - fleet.simNowMicros()) / 1e6; // simulator behind the wall clock
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
            return new Step(n, why.isEmpty(), why, sent, fwd, lag0, lag1, p50, p99, windows, publishDelay);
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

    static void writeReport(Path file, ObjectNode json, List<Step> steps, String args) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Pipeline benchmark\n\n");
        b.append("Largest fleet of 250-Hz single-lead patients that the whole path keeps up with in real time on one machine ")
                .append("(simulator → Mosquitto → gateway → Kafka → Flink MiniCluster → InfluxDB, all on this machine), and the ")
                .append("latency from the moment the frame holding a window's last sample leaves the (simulated) device to the moment ")
                .append("that window's results are acknowledged by InfluxDB.\n\n");
        b.append("- Command: `./holter bench pipeline ").append(args).append("`\n");
        b.append("- Date: ").append(json.get("date").asText()).append("\n");
        b.append("- Machine: ").append(json.get("machine").asText()).append("\n");
        b.append("- Frames: ").append(json.get("frame_seconds").asDouble()).append(" s of signal each; mixed-ward scenarios; job parallelism 2, checkpoints every 2 s; analyzer `")
                .append(json.get("analyzer").asText()).append("`.\n\n");
        b.append("**Result: ").append(json.get("patients_realtime").asInt()).append(" patients in real time, latency p50 ")
                .append(String.format("%.2f", json.get("latency_p50_s").asDouble())).append(" s, p99 ")
                .append(String.format("%.2f", json.get("latency_p99_s").asDouble())).append(" s.**\n\n");
        b.append("| patients | keeps up | frames/s sent | forwarded | job lag start → end | latency p50 (s) | p99 (s) | windows | note |\n");
        b.append("|---:|:---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Step s : steps) {
            b.append(String.format("| %d | %s | %.0f | %.0f | %d → %d | %.2f | %.2f | %d | %s |%n", s.patients, s.keptUp ? "yes" : "no",
                    s.sentPerS, s.forwardedPerS, s.lagStart, s.lagEnd, s.p50, s.p99, s.windows, s.why));
        }
        b.append("\nA step keeps up when the simulator published on time, the gateway forwarded what was published, the job's ")
                .append("Kafka lag did not grow, at least 90 % of the expected windows reached InfluxDB, and the p99 latency stayed ")
                .append("under the limit. The latency clock starts when the frame holding a window's last sample is complete on the ")
                .append("device (its end time on the device clock, which the simulator keeps on the wall clock; the device sends a frame ")
                .append("when it is full) and stops when InfluxDB has acknowledged the write of that window's results. Devices of ")
                .append("earlier steps have gone offline (their state shrinks to a few hundred bytes). This is one ramp on a small, ")
                .append("noisy machine: near the limit, steps pass or fail from one run to the next (about ±1000 patients here).\n");
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString());
    }
}
