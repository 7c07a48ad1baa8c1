package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.openholter.core.config.Flags;
import org.openholter.launcher.services.ChildProcess;
import org.openholter.launcher.services.FlinkCluster;
import org.openholter.launcher.services.KafkaBroker;
import org.openholter.simulator.Fleet;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.Json;
import org.openholter.wire.Topics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code ./holter bench faults}: the whole path under load (simulated patients streaming in real time through the
 * secure stack, the gateway in its own JVM, the job on a standalone Flink cluster), and each component in turn killed
 * as a crash would ({@code kill -9}) and started again after a few seconds: the gateway, the Kafka broker, the Flink
 * TaskManager, InfluxDB and Mosquitto. During each outage some patients go into asystole, so that an alarm must be
 * raised from frames that arrived around the crash. Measured per fault and in total: frames lost (sent by a device,
 * never analysed), frames analysed twice, alarms lost and raised twice, heart-rate windows missing in InfluxDB, and the
 * time until every patient's heart rate flows again.
 */
final class FaultBench {
    static final List<String> FAULTS = List.of("gateway", "kafka", "taskmanager", "influxdb", "mosquitto");

    private FaultBench() {}

    /** One fault's schedule and results. */
    static final class Fault {
        final String name;
        final long killAtS;            // device time from the fleet's start
        final List<String> asystole = new ArrayList<>(); // patients whose asystole starts during this outage
        long killMillis, restartedMillis, recoveredMillis = -1;
        long framesLost, framesDuplicated, alarmsLost, alarmsDuplicated, windowsMissing;
        final List<String> lostFrames = new ArrayList<>(); // "device#sequence" of the first lost frames, to look into
        final List<String> lostAlarms = new ArrayList<>(); // the patients whose asystole was not raised

        Fault(String name, long killAtS) {
            this.name = name;
            this.killAtS = killAtS;
        }
    }

    static Flags flags() {
        return new Flags("holter bench faults", "HOLTER_BENCH")
                .declare("patients", "100", "simulated patients streaming throughout (250 Hz, one lead)")
                .declare("faults", String.join(",", FAULTS), "components to kill, in this order")
                .declare("down-s", "5", "seconds each component stays dead")
                .declare("period-s", "60", "seconds from one fault to the next (recovery and settling)")
                .declare("warmup-s", "45", "seconds of streaming before the first fault")
                .declare("alarm-patients", "3", "patients per fault whose asystole starts 2 s into the outage")
                .declare("dir", "run/bench-faults", "work folder (wiped at start)")
                .declare("job-jar", null, "the job's shaded jar (default: job/target/*-flink.jar under the current folder)")
                .declare("json", "", "write the results as JSON here");
    }

    static int run(String[] args) throws Exception {
        Flags f = flags().parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        int patients = f.getInt("patients", 10, 5000), down = f.getInt("down-s", 1, 120), period = f.getInt("period-s", 20, 3600);
        int warmup = f.getInt("warmup-s", 20, 3600), perFault = f.getInt("alarm-patients", 1, 20);
        List<String> names = new ArrayList<>();
        for (String n : f.require("faults").split(",")) {
            if (!FAULTS.contains(n.trim())) throw new IllegalArgumentException("--faults: " + n + " is not one of " + FAULTS);
            names.add(n.trim());
        }
        if (names.size() * perFault >= patients) throw new IllegalArgumentException("--patients must exceed faults × alarm-patients");
        Path dir = Path.of(f.get("dir")).toAbsolutePath();
        HolterCli.wipe(dir);
        Path jobJar = f.get("job-jar") != null ? Path.of(f.get("job-jar")) : PipelineBench.jobJar(Path.of(""));
        if (!Files.isRegularFile(jobJar)) throw new IllegalArgumentException("--job-jar " + jobJar + ": no such file");

        // The schedule: fault k at warmup + k·period; its patients' asystole 2 s after the kill, 8 s long.
        List<Fault> faults = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) faults.add(new Fault(names.get(k), warmup + (long) k * period));
        long duration = warmup + (long) names.size() * period + 20;
        List<String> scenarios = new ArrayList<>();
        Map<String, Fault> scripted = new HashMap<>();
        for (int i = 0; i < patients; i++) {
            int k = i / perFault;
            if (k < faults.size()) {
                long at = faults.get(k).killAtS + 2;
                scenarios.add("sinus:75@" + at + ",asystole@8,sinus:75@" + (duration - at - 8 + 30));
            } else {
                scenarios.add("sinus:" + (60 + i % 40) + "@" + (duration + 30));
            }
        }

        String when = Instant.now().toString();
        Stack.Options options = new Stack.Options(dir, false, 4, 2000, 2, "holter", "layered", "hashmap", true);
        try (Stack stack = new Stack(options)) {
            FlinkCluster cluster = null;
            ChildProcess gateway = null;
            try { // the job and the gateway stop before the brokers they talk to
                stack.startServices();
                gateway = stack.startGatewayProcess("--log-phi", "true"); // a test bench: alarm types in the logs, to look into a loss
                cluster = FlinkCluster.start(dir.resolve("flink"), FlinkCluster.flinkOnly(System.getProperty("java.class.path")), 1, 2);
                List<String> jobArgs = new ArrayList<>(stack.jobArgs(null));
                jobArgs.addAll(List.of("--log-phi", "true"));
                String jobId = FlinkCluster.jobIdOf(cluster.run(jobJar, jobArgs));
                System.out.printf("job %s on a standalone cluster; %d patients for %d s; faults %s, each %d s down%n", jobId, patients, duration, names, down);
                try (Fleet fleet = stack.fleet("--patients", String.valueOf(patients), "--scenarios", String.join(";", scenarios),
                        "--duration-s", String.valueOf(duration), "--speed", "1", "--seed", "11", "--phase-spread-s", "0",
                        "--device-prefix", "fault")) {
                    fleet.start();
                    long startMillis = fleet.startMicros() / 1000;
                    for (int i = 0; i < patients; i++) {
                        int k = i / perFault;
                        if (k < faults.size()) {
                            faults.get(k).asystole.add(fleet.patients().get(i).deviceId);
                            scripted.put(fleet.patients().get(i).deviceId, faults.get(k));
                        }
                    }
                    Set<String> steady = new HashSet<>();
                    for (Fleet.Patient p : fleet.patients()) if (!scripted.containsKey(p.deviceId)) steady.add(p.deviceId);
                    for (Fault fault : faults) {
                        sleepUntil(startMillis + fault.killAtS * 1000);
                        fault.killMillis = System.currentTimeMillis();
                        System.out.printf("%s: kill -9%n", fault.name);
                        kill(fault.name, stack, gateway, cluster);
                        Thread.sleep(down * 1000L);
                        recover(fault.name, stack, gateway, cluster);
                        fault.restartedMillis = System.currentTimeMillis();
                        fault.recoveredMillis = awaitHeartRates(stack, steady, fault.killMillis + down * 1000L,
                                startMillis + (fault.killAtS + period - 5) * 1000);
                        System.out.printf("%s: restarted after %.1f s, heart rates of every patient flowing again %s%n", fault.name,
                                (fault.restartedMillis - fault.killMillis) / 1000.0, fault.recoveredMillis < 0 ? "NOT within the period"
                                        : String.format("%.1f s after the kill", (fault.recoveredMillis - fault.killMillis) / 1000.0));
                    }
                    if (!fleet.awaitDone(Math.max(0, startMillis + duration * 1000 - System.currentTimeMillis()) + 120_000)) {
                        System.out.println("the fleet did not finish publishing");
                    }
                    Thread.sleep(20_000); // the last windows, checkpoints and writes
                    long publishErrors = fleet.publishErrors();
                    Result r = evaluate(stack, fleet, faults, scripted, steady, startMillis);
                    ObjectNode json = report(r, faults, patients, down, duration, when, publishErrors,
                            fleet.patients().stream().mapToLong(p -> p.resent.get()).sum(), fleet.patients().stream().mapToLong(p -> p.abandoned.get()).sum());
                    System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
                    if (!f.get("json").isBlank()) Files.writeString(Path.of(f.get("json")), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
                }
            } finally {
                if (cluster != null) cluster.close();
                if (gateway != null) gateway.close();
            }
        }
        return 0;
    }

    static void kill(String what, Stack stack, ChildProcess gateway, FlinkCluster cluster) throws IOException {
        switch (what) {
            case "gateway" -> gateway.crash();
            case "kafka" -> stack.kafka().crash();
            case "taskmanager" -> cluster.crashTaskManager(0);
            case "influxdb" -> stack.influx().crash();
            case "mosquitto" -> stack.mqtt().crash();
            default -> throw new IllegalArgumentException(what);
        }
    }

    static void recover(String what, Stack stack, ChildProcess gateway, FlinkCluster cluster) throws IOException {
        switch (what) {
            case "gateway" -> {
                gateway.restart();
                Stack.awaitGateway(gateway);
            }
            case "kafka" -> stack.kafka().recover();
            case "taskmanager" -> cluster.recoverTaskManager(0);
            case "influxdb" -> stack.influx().recover();
            case "mosquitto" -> stack.mqtt().recover();
            default -> throw new IllegalArgumentException(what);
        }
    }

    static void sleepUntil(long millis) throws InterruptedException {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) Thread.sleep(wait);
    }

    /**
     * Polls InfluxDB until every steady patient has a heart-rate window that ends after {@code sinceMillis} (device
     * time = wall time here): the path flows again end to end. Returns when that was seen (wall clock), or -1 at
     * {@code deadlineMillis}.
     */
    static long awaitHeartRates(Stack stack, Set<String> devices, long sinceMillis, long deadlineMillis) throws Exception {
        while (System.currentTimeMillis() < deadlineMillis) {
            Thread.sleep(1000);
            try {
                JsonNode series = Json.MAPPER.readTree(stack.influx().query("holter", "SELECT count(\"bpm\") FROM \"heart_rate\" WHERE time > "
                        + sinceMillis + "ms GROUP BY \"device\"")).path("results").get(0).path("series");
                Set<String> seen = new HashSet<>();
                for (JsonNode s : series) seen.add(s.path("tags").path("device").asText());
                if (seen.containsAll(devices)) return System.currentTimeMillis();
            } catch (IOException influxDown) {
                // InfluxDB itself may be the one recovering
            }
        }
        return -1;
    }

    /** What the run lost or repeated, in total. */
    record Result(long framesSent, long framesInKafka, long framesAnalysed, long framesLost, long framesDuplicated,
                  long alarmsExpected, long alarmsLost, long alarmsDuplicated, long windowsExpected, long windowsMissing) {}

    static Result evaluate(Stack stack, Fleet fleet, List<Fault> faults, Map<String, Fault> scripted, Set<String> steady,
                           long startMillis) throws Exception {
        // Frames: each device's sequence numbers on Kafka, and the frames the job took (its own count, from its state).
        Map<String, Set<Long>> inKafka = sequencesInKafka(stack.kafka());
        Map<String, Long> analysed = new HashMap<>();
        // Received minus dropped as repeats (stale): a frame a device sent again, whose receipt was lost, is counted by
        // the job when it arrives, and dropped.
        JsonNode series = Json.MAPPER.readTree(stack.influx().query("holter",
                        "SELECT last(\"frames\"), last(\"stale\") FROM \"stream\" GROUP BY \"device\""))
                .path("results").get(0).path("series");
        for (JsonNode s : series) {
            JsonNode v = s.path("values").get(0);
            analysed.put(s.path("tags").path("device").asText(), v.get(1).asLong() - v.get(2).asLong());
        }
        long sent = 0, kafka = 0, took = 0, lost = 0, duplicated = 0;
        for (Fleet.Patient p : fleet.patients()) {
            long n = p.sent.get();
            long k = inKafka.getOrDefault(p.deviceId, Set.of()).size();
            // The job's count is of frames the window analysis took; the last window's frames (under 10 s) are not in it.
            long a = analysed.getOrDefault(p.deviceId, 0L);
            sent += n;
            kafka += k;
            took += a;
            lost += Math.max(0, n - k);
            duplicated += Math.max(0, a - n);
            // Each missing frame (sequence from 0, 0.5 s each) is put on the fault around whose kill it was sent.
            Set<Long> have = inKafka.getOrDefault(p.deviceId, Set.of());
            for (long seq = 0; seq < n; seq++) {
                if (have.contains(seq)) continue;
                Fault fault = faultAround(faults, startMillis + seq * 500);
                if (fault != null && fault.framesLost++ < 20) fault.lostFrames.add(p.deviceId + "#" + seq);
            }
        }
        // Alarms: the committed alarm topic (what the nurse is shown).
        Map<String, Integer> raises = new HashMap<>();
        Map<String, List<AlarmEvent>> asystoleByDevice = new HashMap<>(), allByDevice = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(stack.kafka(), Topics.KAFKA_ALARMS, true)) {
            AlarmEvent a = AlarmEvent.fromJson(r.value());
            if (!a.state().equals(AlarmEvent.RAISED)) continue;
            raises.merge(a.id(), 1, Integer::sum);
            allByDevice.computeIfAbsent(a.deviceId(), d -> new ArrayList<>()).add(a);
            if (a.type().equals("ASYSTOLE")) asystoleByDevice.computeIfAbsent(a.deviceId(), d -> new ArrayList<>()).add(a);
        }
        long alarmsLost = 0, alarmsDuplicated = 0;
        for (int v : raises.values()) alarmsDuplicated += Math.max(0, v - 1);
        for (Map.Entry<String, Fault> e : scripted.entrySet()) {
            Fault fault = e.getValue();
            long onset = startMillis + (fault.killAtS + 2) * 1000;
            List<AlarmEvent> found = asystoleByDevice.getOrDefault(e.getKey(), List.of()).stream()
                    .filter(a -> Math.abs(a.onsetMillis() - onset) < 10_000).toList();
            if (found.isEmpty()) {
                fault.alarmsLost++;
                // What it got instead, around the scripted onset: the first thing to look at.
                fault.lostAlarms.add(e.getKey() + " got " + allByDevice.getOrDefault(e.getKey(), List.of()).stream()
                        .filter(a -> Math.abs(a.onsetMillis() - onset) < 30_000).map(a -> a.type() + "@" + (a.onsetMillis() - onset) + "ms").toList());
                alarmsLost++;
            }
            long episodes = found.stream().map(AlarmEvent::id).distinct().count();
            if (episodes > 1) fault.alarmsDuplicated += episodes - 1; // the same asystole raised as two alarms
            alarmsDuplicated += Math.max(0, episodes - 1);
        }
        // Heart-rate windows of the steady patients: one every 6 s; a longer gap lost windows.
        long expected = 0, missing = 0;
        JsonNode hr = Json.MAPPER.readTree(stack.influx().query("holter", "SELECT \"bpm\" FROM \"heart_rate\" WHERE time > "
                + (startMillis + 20_000) + "ms GROUP BY \"device\"")).path("results").get(0).path("series");
        Map<String, List<Long>> times = new HashMap<>();
        for (JsonNode s : hr) {
            List<Long> t = new ArrayList<>();
            for (JsonNode v : s.path("values")) t.add(Instant.parse(v.get(0).asText()).toEpochMilli());
            times.put(s.path("tags").path("device").asText(), t);
        }
        for (String d : steady) {
            List<Long> t = times.getOrDefault(d, List.of());
            if (t.size() < 2) {
                missing += 1;
                continue;
            }
            expected += Math.round((t.get(t.size() - 1) - t.get(0)) / 6000.0) + 1;
            for (int i = 1; i < t.size(); i++) {
                long gap = Math.round((t.get(i) - t.get(i - 1)) / 6000.0) - 1;
                if (gap <= 0) continue;
                missing += gap;
                Fault fault = faultAround(faults, t.get(i - 1) + 6000);
                if (fault != null) fault.windowsMissing += gap;
            }
        }
        return new Result(sent, kafka, took, lost, duplicated, scripted.size(), alarmsLost, alarmsDuplicated, expected, missing);
    }

    /** The fault a moment belongs to: from 5 s before its kill to 5 s before the next one's (the last: to the end). */
    static Fault faultAround(List<Fault> faults, long millis) {
        Fault found = null;
        for (Fault f : faults) if (millis >= f.killMillis - 5000) found = f;
        return found;
    }

    /** Each device's frame sequence numbers on Kafka {@code ecg.frames}. */
    static Map<String, Set<Long>> sequencesInKafka(KafkaBroker kafka) {
        Map<String, Set<Long>> inKafka = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(kafka, Topics.KAFKA_FRAMES, false)) {
            try {
                var frame = BinaryFrameCodec.decode(r.value());
                inKafka.computeIfAbsent(frame.deviceId(), d -> new HashSet<>()).add(frame.sequence());
            } catch (RuntimeException unreadable) {
                // not a frame of ours
            }
        }
        return inKafka;
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaBroker kafka, String topic, boolean committed) {
        Properties p = kafka.clientProperties(KafkaBroker.ADMIN);
        if (committed) p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 300_000;
            while (System.currentTimeMillis() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) out.add(r);
            }
        }
        return out;
    }

    static ObjectNode report(Result r, List<Fault> faults, int patients, int down, long duration, String when, long publishErrors,
                             long resent, long abandoned) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("date", when);
        json.put("patients", patients);
        json.put("down_s", down);
        json.put("duration_s", duration);
        ObjectNode per = json.putObject("per_fault");
        double worst = 0;
        for (Fault f : faults) {
            ObjectNode o = per.putObject(f.name);
            double rec = f.recoveredMillis < 0 ? Double.NaN : (f.recoveredMillis - f.killMillis) / 1000.0;
            if (!(rec <= worst)) worst = Double.isNaN(rec) ? Double.NaN : Math.max(worst, rec);
            o.put("frames_lost", f.framesLost);
            if (!f.lostFrames.isEmpty()) o.putPOJO("lost_frames_first", f.lostFrames);
            if (!f.lostAlarms.isEmpty()) o.putPOJO("lost_alarms", f.lostAlarms);
            o.put("alarms_lost", f.alarmsLost);
            o.put("alarms_duplicated", f.alarmsDuplicated);
            o.put("heart_rate_windows_missing", f.windowsMissing);
            o.put("recovery_s", rec);
            o.put("alarm_patients", f.asystole.size());
        }
        json.put("frames_sent", r.framesSent());
        json.put("frames_in_kafka", r.framesInKafka());
        json.put("frames_lost", r.framesLost());
        json.put("frames_duplicated", r.framesDuplicated());
        json.put("frames_analysed", r.framesAnalysed());
        json.put("publish_errors", publishErrors);
        json.put("frames_resent_by_devices", resent);
        json.put("frames_abandoned_by_devices", abandoned);
        json.put("alarms_expected", r.alarmsExpected());
        json.put("alarms_lost", r.alarmsLost());
        json.put("alarms_duplicated", r.alarmsDuplicated());
        json.put("heart_rate_windows_expected", r.windowsExpected());
        json.put("heart_rate_windows_missing", r.windowsMissing());
        json.put("recovery_s_max", worst);
        return json;
    }
}
