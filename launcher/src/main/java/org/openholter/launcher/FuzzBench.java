package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import org.openholter.core.config.Flags;
import org.openholter.launcher.services.ChildProcess;
import org.openholter.simulator.Fleet;
import org.openholter.simulator.MalformedFrames;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.Json;
import org.openholter.wire.RejectReason;
import org.openholter.wire.Topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./holter bench fuzz}: bad input at scale through the real gateway (its own JVM, secure stack) while simulated
 * patients stream. First a fuzz phase: a million malformed frames of every kind ({@link MalformedFrames}) from
 * thousands of made-up devices at once, as fast as the broker takes them; then a flood phase: one enrolled device
 * sending valid frames at 100 times its rate. Measured: every refusal counted for the right reason, nothing else lost,
 * the other patients' heart rates still live (age of each patient's latest heart rate, against the same figure before
 * the fuzz), the gateway alive, its memory bounded, and the flooding device throttled.
 */
final class FuzzBench {
    static final String FUZZER = "holter-fuzzer";
    static final String FLOODER = "flood-1";

    private FuzzBench() {}

    static Flags flags() {
        return new Flags("holter bench fuzz", "HOLTER_BENCH")
                .declare("patients", "20", "simulated patients streaming throughout (250 Hz, one lead)")
                .declare("frames", "1000000", "malformed frames to send in the fuzz phase")
                .declare("senders", "2000", "made-up devices the malformed frames come from (a tenth more come from a new id each)")
                .declare("connections", "4", "MQTT connections the fuzzer sends on")
                .declare("rate", "2500", "malformed frames per second (0: as fast as the broker takes them); above what the gateway"
                        + " refuses per second, they queue in the broker ahead of the patients' frames")
                .declare("flood-x", "100", "the flooding device sends this many times a device's rate (0.5-s frames)")
                .declare("flood-s", "60", "seconds the flood lasts")
                .declare("warmup-s", "40", "seconds of streaming before the fuzz")
                .declare("seed", "7", "seed of the malformed frames")
                .declare("dir", "run/bench-fuzz", "work folder (wiped at start)")
                .declare("json", "", "write the results as JSON here");
    }

    /** How often each kind is sent, in parts: the oversized ones are few (each is 256-384 KB through TLS). */
    static int weight(MalformedFrames.Kind k) {
        return k == MalformedFrames.Kind.OVERSIZED ? 1 : k == MalformedFrames.Kind.DEEP_JSON ? 10 : 100;
    }

    static int run(String[] args) throws Exception {
        Flags f = flags().parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        int patients = f.getInt("patients", 2, 2000), senders = f.getInt("senders", 1, 1_000_000), connections = f.getInt("connections", 1, 64);
        long frames = f.getLong("frames", 1, 100_000_000);
        double rate = f.getDouble("rate", 0, 1e6);
        int floodX = f.getInt("flood-x", 0, 10_000), floodS = f.getInt("flood-s", 0, 3600), warmup = f.getInt("warmup-s", 20, 3600);
        Path dir = Path.of(f.get("dir")).toAbsolutePath();
        HolterCli.wipe(dir);
        String when = Instant.now().toString();
        Stack.Options options = new Stack.Options(dir, false, 4, 2000, 2, "holter", "layered", "hashmap", true);
        try (Stack stack = new Stack(options)) {
            stack.startServices();
            try (ChildProcess gateway = stack.startGatewayProcess("--log-phi", "true")) { // stopped before the brokers it talks to; a bench: full logs
                stack.startJob(null);
                fuzzAndFlood(f, stack, gateway, patients, frames, rate, senders, connections, floodX, floodS, warmup, when);
            }
        }
        return 0;
    }

    private static void fuzzAndFlood(Flags f, Stack stack, ChildProcess gateway, int patients, long frames, double rate, int senders, int connections,
                                     int floodX, int floodS, int warmup, String when) throws Exception {
        String fuzzerPassword = stack.mqtt().enrolFrameFuzzer(FUZZER);
        stack.mqtt().enrol(List.of(FLOODER), Set.of());
        try (Fleet fleet = stack.fleet("--patients", String.valueOf(patients), "--scenarios", "sinus:72@36000", "--duration-s", "36000",
                "--speed", "1", "--seed", "13", "--device-prefix", "fz-bed")) {
            fleet.start();
            long startMillis = fleet.startMicros() / 1000;
            Set<String> beds = new HashSet<>();
            for (Fleet.Patient p : fleet.patients()) beds.add(p.deviceId);
            Liveness live = new Liveness(stack, beds);
            ProcessMemory memory = new ProcessMemory(Map.of("gateway", gateway.pid(), "mosquitto", stack.mqtt().pid()));
            live.watchUntil(startMillis + warmup * 1000L, memory);
            System.out.printf("warm-up done: heart rates at most %.1f s old; fuzzing with %,d frames from %,d senders%n",
                    live.worstAgeS(), frames, senders);
            Phase baseline = live.phase();

            Fuzzer fuzz = new Fuzzer(stack, fuzzerPassword, connections, frames, rate, senders,
                    fleet.patients().stream().map(p -> p.deviceId).toList(), f.getLong("seed", 0, Long.MAX_VALUE));
            double[] cpuBefore = {memory.cpuSeconds("gateway"), memory.cpuSeconds("mosquitto")};
            long receivedBefore = gatewayReceived(stack);
            fuzz.start();
            while (!fuzz.done()) live.watchFor(2000, memory);
            fuzz.close();
            awaitGatewayIdle(stack, patients, 120_000); // what the broker queued is refused too, before the flood
            double gatewayCpu = memory.cpuSeconds("gateway") - cpuBefore[0], brokerCpu = memory.cpuSeconds("mosquitto") - cpuBefore[1];
            long fuzzReceived = gatewayReceived(stack) - receivedBefore;
            Phase fuzzPhase = live.phase();
            System.out.printf("fuzz: %,d frames in %.1f s (%,.0f/s), %d publish errors; heart rates at most %.1f s old%n",
                    fuzz.sent.get(), fuzz.seconds(), fuzz.sent.get() / fuzz.seconds(), fuzz.errors.get(), fuzzPhase.worstAgeS);

            Flood flood = new Flood(stack, FLOODER, floodX, floodS);
            flood.start();
            while (!flood.done()) live.watchFor(2000, memory);
            flood.close();
            Phase floodPhase = live.phase();
            System.out.printf("flood: %,d frames in %.1f s; heart rates at most %.1f s old%n", flood.sent.get(), flood.seconds(), floodPhase.worstAgeS);
            long cutoffMillis = System.currentTimeMillis();
            live.watchFor(10_000, memory);
            awaitGatewayIdle(stack, patients, 120_000); // the last frames through, the gateway's last metrics written

            ObjectNode json = report(stack, fleet, fuzz, flood, baseline, fuzzPhase, floodPhase, memory, gateway, startMillis, cutoffMillis);
            json.put("date", when);
            ObjectNode cost = (ObjectNode) json.get("fuzz");
            cost.put("gateway_cpu_ms_per_message", Math.round(gatewayCpu * 1e6 / Math.max(1, fuzzReceived)) / 1000.0);
            cost.put("broker_cpu_ms_per_message", Math.round(brokerCpu * 1e6 / Math.max(1, fuzzReceived)) / 1000.0);
            json.put("patients_streaming", patients);
            String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
            System.out.println(text);
            if (!f.get("json").isBlank()) Files.writeString(Path.of(f.get("json")), text + "\n");
        }
    }

    /** The gateway's count of messages received, from its last report to InfluxDB (-1: none yet). */
    static long gatewayReceived(Stack stack) {
        try {
            return Json.MAPPER.readTree(stack.influx().query("holter", "SELECT last(\"received\") FROM \"gateway_stats\""))
                    .path("results").get(0).path("series").path(0).path("values").path(0).path(1).asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Waits until the gateway receives no more than the patients' own messages ({@code patients} × 2 frames a second,
     * and some slack) over 6 s: what the broker had queued is through.
     */
    static void awaitGatewayIdle(Stack stack, int patients, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long before = gatewayReceived(stack);
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(6000);
            long now = gatewayReceived(stack);
            if (before >= 0 && now - before <= 6 * (patients * 2.5 + 10)) return;
            before = now;
        }
    }

    /** The malformed frames, sent on several connections with a bounded number in flight each (QoS 1: counted by the broker). */
    static final class Fuzzer {
        final AtomicLong sent = new AtomicLong(), errors = new AtomicLong();
        final Map<MalformedFrames.Kind, AtomicLong> byKind = new EnumMap<>(MalformedFrames.Kind.class);
        private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final long total;
        private final double rate;
        private final int senders;
        private final List<String> victims;
        private final long seed;
        private final Topics topics = new Topics(Topics.DEFAULT_ROOT);
        private long startNanos, endNanos;

        Fuzzer(Stack stack, String password, int connections, long total, double rate, int senders, List<String> victims, long seed) {
            this.total = total;
            this.rate = rate;
            this.senders = senders;
            this.victims = victims;
            this.seed = seed;
            for (MalformedFrames.Kind k : MalformedFrames.Kind.values()) byKind.put(k, new AtomicLong());
            for (int c = 0; c < connections; c++) clients.add(connect(stack, FUZZER + "-" + c, FUZZER, password));
        }

        void start() {
            startNanos = System.nanoTime();
            List<MalformedFrames.Kind> deck = new ArrayList<>();
            for (MalformedFrames.Kind k : MalformedFrames.Kind.values()) for (int i = 0; i < weight(k); i++) deck.add(k);
            AtomicLong next = new AtomicLong();
            for (int c = 0; c < clients.size(); c++) {
                Mqtt5AsyncClient client = clients.get(c);
                Random r = new Random(seed + c);
                Semaphore inFlight = new Semaphore(1000);
                Thread t = new Thread(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < total) {
                        if (rate > 0) {
                            long wait = startNanos + (long) (i / rate * 1e9) - System.nanoTime();
                            if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        // Nine in ten from a pool of made-up devices, one in ten from a device never seen before.
                        String sender = i % 10 == 9 ? String.format("fz-new-%d", i) : String.format("fz-%05d", i % senders);
                        MalformedFrames.Kind kind = deck.get(r.nextInt(deck.size()));
                        byte[] payload = MalformedFrames.make(kind, goodFrame(sender, i), victims.get((int) (i % victims.size())), 257 * 1024, r);
                        byKind.get(kind).incrementAndGet();
                        inFlight.acquireUninterruptibly();
                        client.publishWith().topic(kind.json ? topics.frameJson(sender) : topics.frame(sender)).qos(MqttQos.AT_LEAST_ONCE)
                                .payload(payload).send().whenComplete((ack, e) -> {
                                    if (e != null || ack.getError().isPresent()) errors.incrementAndGet();
                                    sent.incrementAndGet();
                                    inFlight.release();
                                });
                    }
                    inFlight.acquireUninterruptibly(1000); // every one answered
                }, "fuzzer-" + c);
                threads.add(t);
                t.start();
            }
        }

        boolean done() { return threads.stream().noneMatch(Thread::isAlive); }

        double seconds() { return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9; }

        void close() {
            endNanos = System.nanoTime();
            for (Mqtt5AsyncClient c : clients) c.disconnect();
        }
    }

    /** A plausible frame of {@code device} (0.5 s at 250 Hz, one lead), the raw material of the malformed ones. */
    static EcgFrame goodFrame(String device, long seq) {
        int[][] s = new int[1][125];
        for (int i = 0; i < 125; i++) s[0][i] = (int) (300 * Math.sin((seq * 125 + i) / 9.0));
        return new EcgFrame(device, seq & 0xFFFFFFFFL, System.currentTimeMillis() * 1000, 250, new String[] {"II"}, new float[] {200f},
                new int[1], 0, s);
    }

    /** One enrolled device sending valid frames {@code times} as often as its 0.5-s frames need (a device gone mad). */
    static final class Flood {
        final AtomicLong sent = new AtomicLong();
        private final Mqtt5AsyncClient client;
        private final String device;
        private final int times, seconds;
        private Thread thread;
        private long startNanos, endNanos;

        Flood(Stack stack, String device, int times, int seconds) {
            this.device = device;
            this.times = times;
            this.seconds = seconds;
            client = connect(stack, device, device, stack.mqtt().secure() ? stack.mqtt().access().password(device) : null);
        }

        void start() {
            startNanos = System.nanoTime();
            String topic = new Topics(Topics.DEFAULT_ROOT).frame(device);
            thread = new Thread(() -> {
                double perSecond = 2.0 * times;
                long n = (long) (perSecond * seconds);
                for (long i = 0; i < n; i++) {
                    long due = startNanos + (long) (i / perSecond * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    // Valid frames, each a new sequence number stamped with the time it is sent (a device resending in a loop).
                    client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(BinaryFrameCodec.encode(goodFrame(device, i))).send()
                            .whenComplete((ack, e) -> sent.incrementAndGet());
                }
            }, "flood");
            thread.start();
        }

        boolean done() { return !thread.isAlive() && sent.get() >= (long) (2.0 * times * seconds); }

        double seconds() { return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9; }

        void close() {
            endNanos = System.nanoTime();
            client.disconnect();
        }
    }

    /** A connected MQTT 5 client of the stack's broker, logged in as {@code user} when a password is given. */
    static Mqtt5AsyncClient connect(Stack stack, String clientId, String user, String password) {
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(stack.mqtt().port())
                .sslConfig(stack.mqtt().tls()).buildAsync();
        var connect = client.connectWith().cleanStart(true);
        if (password != null) connect = connect.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        connect.send().join();
        return client;
    }

    /** The age of each patient's latest heart rate in InfluxDB, sampled every two seconds: how live the central station is. */
    static final class Liveness {
        private final Stack stack;
        private final Set<String> beds;
        private double worst;
        private final List<Double> ages = new ArrayList<>();

        Liveness(Stack stack, Set<String> beds) {
            this.stack = stack;
            this.beds = beds;
        }

        void watchUntil(long untilMillis, ProcessMemory memory) throws Exception {
            while (System.currentTimeMillis() < untilMillis) watchFor(Math.min(2000, untilMillis - System.currentTimeMillis()), memory);
        }

        void watchFor(long millis, ProcessMemory memory) throws Exception {
            Thread.sleep(Math.max(0, millis));
            memory.sample();
            JsonNode series;
            try {
                series = Json.MAPPER.readTree(stack.influx().query("holter", "SELECT last(\"bpm\") FROM \"heart_rate\" WHERE time > now() - 10m GROUP BY \"device\""))
                        .path("results").get(0).path("series");
            } catch (IOException e) {
                return;
            }
            Map<String, Long> last = new HashMap<>();
            for (JsonNode s : series) last.put(s.path("tags").path("device").asText(), Instant.parse(s.path("values").get(0).get(0).asText()).toEpochMilli());
            if (!last.keySet().containsAll(beds)) return; // still starting
            long now = System.currentTimeMillis();
            double sampleWorst = 0;
            for (String b : beds) sampleWorst = Math.max(sampleWorst, (now - last.get(b)) / 1000.0);
            ages.add(sampleWorst);
            worst = Math.max(worst, sampleWorst);
        }

        double worstAgeS() { return worst; }

        /** The figures since the last phase, and a fresh start. */
        Phase phase() {
            List<Double> sorted = new ArrayList<>(ages);
            sorted.sort(null);
            Phase p = new Phase(worst, sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2), sorted.size());
            worst = 0;
            ages.clear();
            return p;
        }
    }

    /** Worst and median (over the samples) of the oldest patient's latest heart rate, in seconds. */
    record Phase(double worstAgeS, double medianAgeS, int samples) {
        ObjectNode json() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("heart_rate_age_s_max", Math.round(worstAgeS * 10) / 10.0);
            o.put("heart_rate_age_s_median", Math.round(medianAgeS * 10) / 10.0);
            o.put("samples", samples);
            return o;
        }
    }

    /** Resident memory (Linux /proc) of the gateway and the broker, sampled: both must stay bounded under a flood. */
    static final class ProcessMemory {
        private final Map<String, Long> pids;
        final Map<String, long[]> kb = new java.util.LinkedHashMap<>(); // name → {max, last}

        ProcessMemory(Map<String, Long> pids) {
            this.pids = pids;
            pids.keySet().forEach(n -> kb.put(n, new long[2]));
        }

        void sample() {
            pids.forEach((name, pid) -> {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                        if (line.startsWith("VmRSS:")) {
                            long v = Long.parseLong(line.replaceAll("[^0-9]", ""));
                            long[] m = kb.get(name);
                            m[0] = Math.max(m[0], v);
                            m[1] = v;
                        }
                    }
                } catch (IOException | NumberFormatException gone) {
                    // the process ended: reported as not alive
                }
            });
        }

        /** CPU time (user + system) the process has used so far, in seconds (Linux clock ticks of 1/100 s). */
        double cpuSeconds(String name) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pids.get(name) + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            } catch (IOException | RuntimeException gone) {
                return Double.NaN;
            }
        }

        void report(ObjectNode json, String name) {
            json.put("rss_mb_max", kb.get(name)[0] / 1024);
            json.put("rss_mb_last", kb.get(name)[1] / 1024);
        }
    }

    static ObjectNode report(Stack stack, Fleet fleet, Fuzzer fuzz, Flood flood, Phase baseline, Phase fuzzPhase, Phase floodPhase,
                             ProcessMemory memory, ChildProcess gateway, long startMillis, long cutoffMillis) throws Exception {
        ObjectNode json = Json.MAPPER.createObjectNode();
        // What the gateway counted (its last report to InfluxDB).
        Map<String, Long> rejects = new HashMap<>();
        JsonNode rs = Json.MAPPER.readTree(stack.influx().query("holter", "SELECT last(\"count\") FROM \"gateway_rejects\" GROUP BY \"reason\""))
                .path("results").get(0).path("series");
        for (JsonNode s : rs) rejects.put(s.path("tags").path("reason").asText(), s.path("values").get(0).get(1).asLong());
        JsonNode stats = Json.MAPPER.readTree(stack.influx().query("holter", "SELECT last(\"received\"), last(\"dead_letters\"), "
                + "last(\"dead_letters_skipped\"), max(\"heap_after_gc_mb\"), last(\"heap_after_gc_mb\"), last(\"forwarder_restarts\") FROM \"gateway_stats\""))
                .path("results").get(0).path("series").path(0).path("values").path(0);

        // Expected: each kind's count under its reason; the flood's throttled frames under THROTTLED.
        Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
        ObjectNode kinds = json.putObject("fuzz").putObject("sent_by_kind");
        for (Map.Entry<MalformedFrames.Kind, AtomicLong> e : fuzz.byKind.entrySet()) {
            kinds.put(e.getKey().name(), e.getValue().get());
            expected.merge(e.getKey().reason, e.getValue().get(), Long::sum);
        }
        ObjectNode fz = (ObjectNode) json.get("fuzz");
        fz.put("sent", fuzz.sent.get());
        fz.put("publish_errors", fuzz.errors.get());
        fz.put("seconds", Math.round(fuzz.seconds() * 10) / 10.0);
        fz.put("per_second", Math.round(fuzz.sent.get() / fuzz.seconds()));
        ObjectNode byReason = fz.putObject("refused_by_reason");
        long misfiled = 0;
        for (RejectReason r : RejectReason.values()) {
            long got = rejects.getOrDefault(r.name(), 0L);
            if (got > 0 || expected.containsKey(r)) byReason.put(r.name(), got);
            if (r == RejectReason.THROTTLED) continue;
            misfiled += Math.abs(got - expected.getOrDefault(r, 0L));
        }
        fz.put("refusals_not_as_expected", misfiled);

        // The flood: its frames on Kafka were let through; the rest must be counted THROTTLED.
        Map<String, Set<Long>> inKafka = FaultBench.sequencesInKafka(stack.kafka());
        ObjectNode fl = json.putObject("flood");
        long floodAdmitted = inKafka.getOrDefault(FLOODER, Set.of()).size();
        fl.put("sent", flood.sent.get());
        fl.put("per_second", Math.round(flood.sent.get() / flood.seconds()));
        fl.put("admitted", floodAdmitted);
        fl.put("throttled", rejects.getOrDefault(RejectReason.THROTTLED.name(), 0L));
        fl.put("unaccounted", flood.sent.get() - floodAdmitted - rejects.getOrDefault(RejectReason.THROTTLED.name(), 0L));

        // The patients: every frame sent before the cutoff on Kafka; heart rates live in each phase.
        ObjectNode pt = json.putObject("patients");
        long expectedFrames = 0, lost = 0;
        long lastSeq = (cutoffMillis - startMillis) / 500 - 2;
        for (Fleet.Patient p : fleet.patients()) {
            Set<Long> have = inKafka.getOrDefault(p.deviceId, Set.of());
            for (long seq = 0; seq <= lastSeq; seq++) {
                expectedFrames++;
                if (!have.contains(seq)) lost++;
            }
        }
        pt.put("frames_expected", expectedFrames);
        pt.put("frames_lost", lost);
        pt.set("before", baseline.json());
        pt.set("during_fuzz", fuzzPhase.json());
        pt.set("during_flood", floodPhase.json());

        ObjectNode gw = json.putObject("gateway");
        gw.put("alive", gateway.alive());
        gw.put("received", stats.path(1).asLong());
        gw.put("dead_letters_written", stats.path(2).asLong());
        gw.put("dead_letters_counted_only", stats.path(3).asLong());
        gw.put("heap_after_gc_mb_max", stats.path(4).asLong());
        gw.put("heap_after_gc_mb_last", stats.path(5).asLong());
        gw.put("forwarder_restarts", stats.path(6).asLong());
        memory.report(gw, "gateway");
        gw.put("job_running", stack.jobRunning());
        memory.report(json.putObject("mosquitto"), "mosquitto");
        return json;
    }
}
