package org.openholter.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.core.synth.TruthEpisode;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.DeviceStatus;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.Json;
import org.openholter.wire.JsonFrameCodec;
import org.openholter.wire.Receipt;
import org.openholter.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of virtual devices, each with its own MQTT connection (and last will), publishing frames
 * as their device clocks reach them: in real time or faster. Faults (loss, duplicates, reordering,
 * corrupted frames) are drawn from per-device seeded generators, so a run replays exactly.
 */
public final class Fleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    private static final int MAX_IN_FLIGHT = 20_000;

    /** One device with its connection and fault record. */
    public static final class Patient {
        public final String deviceId;
        /** Created when the fleet starts playing (its clock starts then); null before. */
        public volatile VirtualDevice device;
        final java.util.function.LongFunction<VirtualDevice> factory;
        final long phaseMicros;
        public final String ward;
        public final String bed;
        public final boolean json;
        final Random faults;
        Mqtt5AsyncClient v5;
        Mqtt3AsyncClient v3;
        EcgFrame held;
        int leadOffMask = -1;
        public final AtomicLong sent = new AtomicLong(), dropped = new AtomicLong(), duplicated = new AtomicLong(),
                reordered = new AtomicLong(), malformed = new AtomicLong();
        /** Frames the broker did not take (it was down, or the session ended with them in flight), sent again later. */
        public final AtomicLong resent = new AtomicLong();
        /** Frames given up: the device's buffer overflowed while it could not send. */
        public final AtomicLong abandoned = new AtomicLong();
        /** Frames waiting to be sent again, by sequence: {topic, payload}. Guarded by the patient. */
        final java.util.TreeMap<Long, Object[]> backlog = new java.util.TreeMap<>();
        /**
         * Frames the broker took that no receipt has named yet, by sequence: {topic, payload, sent at (ms)}. Guarded by
         * the patient. Kept only once the gateway has sent a receipt (one that sends none is not waited for).
         */
        final java.util.TreeMap<Long, Object[]> unconfirmed = new java.util.TreeMap<>();
        /** When the last receipt came (ms; 0: none yet). */
        volatile long lastReceiptMillis;
        /** Not before (ms): the broker said nobody would receive what was sent (no gateway subscribed yet). */
        volatile long sendAgainAfterMillis;
        /** The wait before the next try while nobody subscribes: 250 ms, doubling up to 5 s. Guarded by the patient. */
        long nobodyBackoffMillis = 250;

        Patient(String deviceId, java.util.function.LongFunction<VirtualDevice> factory, long phaseMicros, String ward,
                String bed, boolean json, long seed) {
            this.deviceId = deviceId;
            this.factory = factory;
            this.phaseMicros = phaseMicros;
            this.ward = ward;
            this.bed = bed;
            this.json = json;
            this.faults = new Random(seed);
        }
    }

    private final FleetConfig config;
    /** Each device's password, read when the fleet connects (devices may be enrolled after the fleet is made). */
    private Map<String, String> passwords = Map.of();
    private final javax.net.ssl.TrustManagerFactory trust;
    private final Topics topics;
    private final List<Patient> patients = new ArrayList<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong publishErrors = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private volatile long startMicros = Long.MIN_VALUE;
    private volatile boolean running;
    private Thread loop;
    private volatile long startNanos;

    public Fleet(FleetConfig config) throws IOException {
        this.config = config;
        this.trust = config.access().ca() == null ? null : org.openholter.core.config.TlsFiles.trust(config.access().ca());
        this.topics = new Topics(config.topicRoot());
        Random seeds = new Random(config.seed());
        long spread = Math.round(config.phaseSpreadSeconds() * 1e6);
        for (int i = 0; i < config.patients(); i++) {
            String id = config.devicePrefix() + "-" + String.format("%03d", i + 1);
            String scenario = config.scenarios().get(i % config.scenarios().size());
            long seed = seeds.nextLong();
            boolean json = seeds.nextDouble() < config.jsonFraction();
            long phase = spread == 0 ? 0 : Math.floorMod(seed, spread);
            patients.add(new Patient(id, start -> {
                EcgSynthesizer synth = new EcgSynthesizer(Scenario.parse(scenario), config.noise(), config.rateHz(),
                        config.leads().toArray(String[]::new), seed, true, false);
                return new SyntheticPatient(new SyntheticDevice(id, synth, config.frameSeconds(), start, SyntheticDevice.DEFAULT_GAIN, 0),
                        scenario, config.durationSeconds());
            }, phase, config.ward(), String.valueOf(i + 1), json, seed ^ 0x5DEECE66DL));
        }
        int r = 0;
        for (var path : config.replay()) {
            WfdbRecord rec = WfdbRecord.read(path); // read now: a missing or damaged record fails before anything connects
            String id = config.devicePrefix() + "-rec-" + rec.name().replaceAll("[^A-Za-z0-9._-]", "");
            patients.add(new Patient(id, start -> new WfdbReplayDevice(id, rec, config.frameSeconds(), start, config.loopReplay()),
                    0, config.ward(), "R" + (++r), false, seeds.nextLong()));
        }
    }

    public List<Patient> patients() { return Collections.unmodifiableList(patients); }

    /** Device-clock time at which the fleet began to play (devices start up to the phase spread later). */
    public long startMicros() {
        if (startMicros == Long.MIN_VALUE) throw new IllegalStateException("the fleet has not started");
        return startMicros;
    }
    public long framesSent() { return framesSent.get(); }
    public long publishErrors() { return publishErrors.get(); }
    public long inFlight() { return inFlight.get(); }

    /** Device time the fleet has reached. */
    public long simNowMicros() {
        return startNanos == 0 ? System.currentTimeMillis() * 1000
                : startMicros + (long) ((System.nanoTime() - startNanos) / 1000.0 * config.speed());
    }

    /** Connects every device (in parallel), announces it online, and starts playing. */
    public void start() throws Exception {
        passwords = config.devicePasswords();
        List<CompletableFuture<?>> connects = new ArrayList<>();
        for (Patient p : patients) connects.add(connect(p));
        CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        LOG.info("{} devices connected to {}:{} (MQTT {})", patients.size(), config.mqttHost(), config.mqttPort(), config.mqttVersion());
        // The device clocks start now, not when the fleet was built: connecting many devices takes seconds, and a
        // clock that lagged the wall clock by that much would add it to every latency measured downstream.
        startMicros = (config.startMillis() > 0 ? config.startMillis() : System.currentTimeMillis()) * 1000;
        for (Patient p : patients) p.device = p.factory.apply(startMicros + p.phaseMicros);
        startNanos = System.nanoTime();
        for (Patient p : patients) publishStatus(p, DeviceStatus.ONLINE, List.of());
        running = true;
        loop = new Thread(this::play, "fleet");
        loop.start();
    }

    private CompletableFuture<?> connect(Patient p) {
        String id = p.deviceId;
        byte[] will = new DeviceStatus(id, DeviceStatus.OFFLINE, null, null, null, p.ward, p.bed).toJson();
        // A device logs in with its certificate when it has one, else with its password, else (an open broker) as nobody.
        FleetConfig.Access a = config.access();
        java.nio.file.Path crt = a.certDir() == null ? null : a.certDir().resolve(id + ".crt");
        boolean byCertificate = crt != null && java.nio.file.Files.exists(crt);
        String password = byCertificate ? null : passwords.get(id);
        if (!byCertificate && a.credentials() != null && password == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("device " + id + " has neither a password in "
                    + a.credentials() + " nor a certificate" + (a.certDir() == null ? "" : " in " + a.certDir())));
        }
        int port = byCertificate && a.certPort() > 0 ? a.certPort() : config.mqttPort();
        com.hivemq.client.mqtt.MqttClientSslConfig tls = !a.tls() ? null : com.hivemq.client.mqtt.MqttClientSslConfig.builder()
                .trustManagerFactory(a.ca() == null ? null : trust)
                .keyManagerFactory(byCertificate ? org.openholter.core.config.TlsFiles.keys(crt, a.certDir().resolve(id + ".key")) : null).build();
        byte[] secret = password == null ? null : password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Credentials on the client, not on the first CONNECT: only those are sent again when it reconnects.
        if (config.mqttVersion() == 5) {
            var b = Mqtt5Client.builder().identifier(id).serverHost(config.mqttHost()).serverPort(port).sslConfig(tls)
                    .automaticReconnectWithDefaultConfig().addConnectedListener(c -> subscribeReceipts(p));
            if (secret != null) b = b.simpleAuth().username(id).password(secret).applySimpleAuth();
            p.v5 = b.buildAsync();
            return p.v5.connectWith().cleanStart(true).keepAlive(30)
                    .willPublish().topic(topics.status(id)).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(will).applyWillPublish().send();
        }
        var b = Mqtt3Client.builder().identifier(id).serverHost(config.mqttHost()).serverPort(port).sslConfig(tls)
                .automaticReconnectWithDefaultConfig().addConnectedListener(c -> subscribeReceipts(p));
        if (secret != null) b = b.simpleAuth().username(id).password(secret).applySimpleAuth();
        p.v3 = b.buildAsync();
        return p.v3.connectWith().cleanSession(true).keepAlive(30)
                .willPublish().topic(topics.status(id)).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(will).applyWillPublish().send();
    }

    /**
     * On every connect: subscribes (again: sessions start clean) to the device's receipts from the gateway, and puts
     * every frame still awaiting a receipt at the head of what is to be sent. A new connection usually follows a
     * broker that went away, and what it had taken in its last moments may be lost; sent again at once, in order, those
     * frames reach the analysis before it gives up waiting for them (2 s), and a repeat is dropped downstream.
     */
    private void subscribeReceipts(Patient p) {
        synchronized (p) {
            for (var e : p.unconfirmed.entrySet()) p.backlog.put(e.getKey(), new Object[] {e.getValue()[0], e.getValue()[1]});
            p.unconfirmed.clear();
        }
        String topic = topics.receipt(p.deviceId);
        CompletableFuture<?> f = p.v5 != null
                ? p.v5.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).callback(m -> onReceipt(p, m.getPayloadAsBytes())).send()
                : p.v3.subscribeWith().topicFilter(topic).qos(MqttQos.AT_MOST_ONCE).callback(m -> onReceipt(p, m.getPayloadAsBytes())).send();
        f.whenComplete((ok, e) -> {
            if (e != null) LOG.debug("{}: no receipts ({}); frames are kept until the broker takes them only", p.deviceId, e.toString());
        });
    }

    /** A receipt: the frames it names are stored in Kafka, and need not be kept any longer. */
    private void onReceipt(Patient p, byte[] json) {
        Receipt r;
        try {
            r = Receipt.fromJson(json);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: unreadable receipt: {}", p.deviceId, e.getMessage());
            return;
        }
        synchronized (p) {
            for (long[] range : r.ranges()) p.unconfirmed.subMap(range[0], true, range[1], true).clear();
            p.lastReceiptMillis = System.currentTimeMillis();
        }
    }

    /**
     * A frame the broker took {@value #RESEND_AFTER_MS} ms ago that a receipt of at least {@value #RECEIPT_MARGIN_MS} ms
     * later did not name was lost on the way (a broker that crashed before delivering or saving it): it is sent again.
     * Without receipts coming (the gateway or Kafka down), nothing is sent again: the broker still holds it.
     */
    static final long RESEND_AFTER_MS = 5_000, RECEIPT_MARGIN_MS = 3_000;

    private void resendUnconfirmed(Patient p) {
        long now = System.currentTimeMillis();
        synchronized (p) {
            if (p.unconfirmed.isEmpty()) return;
            var it = p.unconfirmed.entrySet().iterator();
            for (int looked = 0; it.hasNext() && looked < 400; looked++) {
                var e = it.next();
                long sent = (Long) e.getValue()[2];
                if (now - sent < RESEND_AFTER_MS || p.lastReceiptMillis < sent + RECEIPT_MARGIN_MS) continue;
                it.remove();
                keep(p, e.getKey(), (String) e.getValue()[0], (byte[]) e.getValue()[1]);
            }
        }
    }

    /** Every device has sent its "ended" status. */
    private volatile boolean ended;

    private long drainUntil;

    private void play() {
        try {
            while (running) {
                long now = simNowMicros();
                boolean more = false;
                long nextDue = Long.MAX_VALUE;
                boolean kept = false;
                for (Patient p : patients) {
                    resendUnconfirmed(p);
                    drainBacklog(p);
                    synchronized (p) { kept |= !p.backlog.isEmpty() || !p.unconfirmed.isEmpty(); }
                    VirtualDevice d = p.device;
                    while (d.hasMore() && d.nextFrameMicros() + d.frameMicros() <= now) {
                        send(p, d.nextFrame());
                        while (inFlight.get() > MAX_IN_FLIGHT && running) Thread.sleep(1);
                    }
                    if (d.hasMore()) {
                        more = true;
                        nextDue = Math.min(nextDue, d.nextFrameMicros() + d.frameMicros());
                    } else if (p.held != null) {
                        publishFrame(p, p.held);
                        p.held = null;
                    }
                }
                if (!more && kept && (drainUntil == 0 || System.currentTimeMillis() < drainUntil)) {
                    // Played out, but some devices still hold frames the broker did not take: send those first.
                    if (drainUntil == 0) drainUntil = System.currentTimeMillis() + 120_000;
                    Thread.sleep(50);
                    continue;
                }
                if (!more) {
                    // The scripted monitoring is over: each device says so, as a real one ending a recording would
                    // (otherwise its silence is a SIGNAL_LOSS).
                    for (Patient p : patients) if (p.v5 != null || p.v3 != null) publishStatus(p, DeviceStatus.ENDED, List.of());
                    ended = true;
                    break;
                }
                long waitMicros = (long) ((nextDue - simNowMicros()) / config.speed());
                if (waitMicros > 0) Thread.sleep(Math.min(50, Math.max(1, waitMicros / 1000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("fleet stopped", e);
        } finally {
            running = false;
        }
    }

    /** Applies the faults and publishes. */
    private void send(Patient p, EcgFrame f) {
        Random r = p.faults;
        if (p.leadOffMask != f.leadOffMask()) {
            List<String> off = new ArrayList<>();
            for (int c = 0; c < f.channelCount(); c++) if (f.leadOff(c)) off.add(f.channelName(c));
            if (p.leadOffMask != -1) publishStatus(p, DeviceStatus.ONLINE, off);
            p.leadOffMask = f.leadOffMask();
        }
        if (config.malformed() > 0 && r.nextDouble() < config.malformed()) {
            p.malformed.incrementAndGet();
            publishMalformed(p, f, r.nextInt(5));
        }
        if (config.drop() > 0 && r.nextDouble() < config.drop()) {
            p.dropped.incrementAndGet();
            return;
        }
        if (p.held != null) {
            publishFrame(p, f);
            publishFrame(p, p.held); // the held frame arrives after its successor
            p.held = null;
            return;
        }
        if (config.reorder() > 0 && r.nextDouble() < config.reorder()) {
            p.reordered.incrementAndGet();
            p.held = f;
            return;
        }
        publishFrame(p, f);
        if (config.duplicate() > 0 && r.nextDouble() < config.duplicate()) {
            p.duplicated.incrementAndGet();
            publishFrame(p, f);
        }
    }

    private void publishFrame(Patient p, EcgFrame f) {
        String id = p.deviceId;
        String topic = p.json ? topics.frameJson(id) : topics.frame(id);
        byte[] payload = p.json ? JsonFrameCodec.encode(f) : BinaryFrameCodec.encode(f);
        p.sent.incrementAndGet();
        framesSent.incrementAndGet();
        synchronized (p) {
            if (!p.backlog.isEmpty()) { // behind frames still waiting: keep the order
                keep(p, f.sequence(), topic, payload);
                return;
            }
        }
        publishKept(p, f.sequence(), topic, payload);
    }

    /** Device buffer: {@value #DEVICE_BUFFER_FRAMES} frames (10 minutes of 0.5-s frames), as a Holter device keeps its recording. */
    static final int DEVICE_BUFFER_FRAMES = 1200;

    /** A frame the device keeps until the broker takes it (caller holds the patient's lock). */
    private static void keep(Patient p, long seq, String topic, byte[] payload) {
        p.backlog.put(seq, new Object[] {topic, payload});
        trim(p);
    }

    /** The device's buffer holds both the frames to send again and those awaiting a receipt; the oldest go first. */
    private static void trim(Patient p) {
        while (p.backlog.size() + p.unconfirmed.size() > DEVICE_BUFFER_FRAMES) {
            if (!p.unconfirmed.isEmpty() && (p.backlog.isEmpty() || p.unconfirmed.firstKey() < p.backlog.firstKey())) p.unconfirmed.pollFirstEntry();
            else p.backlog.pollFirstEntry();
            p.abandoned.incrementAndGet();
        }
    }

    /**
     * Publishes a frame; one the broker does not take goes back to the device's buffer, to be sent again, and one it
     * takes is kept until a receipt says it is stored (when the gateway sends receipts).
     */
    private void publishKept(Patient p, long seq, String topic, byte[] payload) {
        publish(p, topic, payload, false, failed -> {
            synchronized (p) {
                keep(p, seq, topic, payload);
            }
        }, () -> {
            synchronized (p) {
                keep(p, seq, topic, payload);
                p.sendAgainAfterMillis = System.currentTimeMillis() + p.nobodyBackoffMillis;
                p.nobodyBackoffMillis = Math.min(5_000, p.nobodyBackoffMillis * 2);
            }
        }, () -> {
            synchronized (p) {
                p.nobodyBackoffMillis = 250;
            }
            if (p.lastReceiptMillis == 0) return;
            synchronized (p) {
                p.unconfirmed.put(seq, new Object[] {topic, payload, System.currentTimeMillis()});
                trim(p);
            }
        });
    }

    /** Sends again, in order, what the device kept, once its connection is back (a few frames per pass). */
    private void drainBacklog(Patient p) {
        boolean connected = p.v5 != null ? p.v5.getState().isConnected() : p.v3 != null && p.v3.getState().isConnected();
        if (!connected || System.currentTimeMillis() < p.sendAgainAfterMillis) return;
        List<Object[]> batch = new ArrayList<>();
        synchronized (p) {
            for (int i = 0; i < 40 && !p.backlog.isEmpty(); i++) {
                var e = p.backlog.pollFirstEntry();
                batch.add(new Object[] {e.getKey(), e.getValue()[0], e.getValue()[1]});
            }
        }
        for (Object[] b : batch) {
            p.resent.incrementAndGet();
            publishKept(p, (Long) b[0], (String) b[1], (byte[]) b[2]);
        }
    }

    /** Frames still kept by the devices: not yet taken by the broker, or not yet named by a receipt. */
    public long backlog() {
        long n = 0;
        for (Patient p : patients) synchronized (p) { n += p.backlog.size() + p.unconfirmed.size(); }
        return n;
    }

    /** The kinds of bad frame {@code --malformed} injects: what a link or a faulty device produces. */
    private static final MalformedFrames.Kind[] INJECTED = {MalformedFrames.Kind.WRONG_CRC, MalformedFrames.Kind.WRONG_DEVICE,
            MalformedFrames.Kind.ABSURD_RATE, MalformedFrames.Kind.TRUNCATED, MalformedFrames.Kind.TRUNCATED_JSON};

    private void publishMalformed(Patient p, EcgFrame f, int kind) {
        MalformedFrames.Kind k = INJECTED[kind % INJECTED.length];
        byte[] bad = MalformedFrames.make(k, f, "impostor", 0, p.faults);
        publish(p, k.json ? topics.frameJson(p.deviceId) : topics.frame(p.deviceId), bad, false);
    }

    private void publishStatus(Patient p, String state, List<String> leadOff) {
        DeviceStatus s = new DeviceStatus(p.deviceId, state, simNowMicros() / 1000, 95.0, leadOff, p.ward, p.bed);
        publish(p, topics.status(p.deviceId), s.toJson(), true);
    }

    private void publish(Patient p, String topic, byte[] payload, boolean retain) {
        publish(p, topic, payload, retain, null);
    }

    private void publish(Patient p, String topic, byte[] payload, boolean retain, java.util.function.Consumer<Throwable> onFailure) {
        publish(p, topic, payload, retain, onFailure, null, null);
    }

    /**
     * @param onNobody the broker took it but nobody subscribes (MQTT 5 "no matching subscribers"): after a broker
     *                 restart, before the gateway has subscribed again, the broker acknowledges a frame and drops it
     * @param onTaken  the broker took it for its subscribers
     */
    private void publish(Patient p, String topic, byte[] payload, boolean retain, java.util.function.Consumer<Throwable> onFailure,
                         Runnable onNobody, Runnable onTaken) {
        inFlight.incrementAndGet();
        CompletableFuture<?> f = p.v5 != null
                ? p.v5.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(payload).send()
                : p.v3.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(payload).send();
        f.whenComplete((ack, e) -> {
            if (e != null) {
                if (publishErrors.incrementAndGet() % 1000 == 1) LOG.warn("publish to {} failed: {}", topic, e.toString());
                if (onFailure != null) onFailure.accept(e);
            } else if (onNobody != null && ack instanceof com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result r
                    && r.getPubAck().getReasonCode() == com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS) {
                onNobody.run();
            } else if (onTaken != null) {
                onTaken.run();
            }
            inFlight.decrementAndGet();
        });
    }

    public boolean running() { return running; }

    /**
     * Waits until every device has played its duration and every publication was acknowledged (and, where the gateway
     * sends receipts, named by one: the last frames' receipt comes up to a second after their acknowledgement).
     */
    public boolean awaitDone(long timeoutMillis) throws InterruptedException {
        if (loop == null) return true;
        loop.join(timeoutMillis);
        long deadline = System.currentTimeMillis() + 30_000;
        while ((inFlight.get() > 0 || backlog() > 0) && System.currentTimeMillis() < deadline) Thread.sleep(10);
        return !loop.isAlive() && inFlight.get() == 0 && backlog() == 0;
    }

    /** Truth of every synthetic patient: its scenario's episodes on the device clock. */
    public ObjectNode truth() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("start_ms", startMicros == Long.MIN_VALUE ? null : startMicros / 1000).put("speed", config.speed())
                .put("rate_hz", config.rateHz());
        ArrayNode arr = root.putArray("patients");
        for (Patient p : patients) {
            ObjectNode o = arr.addObject();
            o.put("device", p.deviceId).put("ward", p.ward).put("bed", p.bed).put("json_frames", p.json);
            if (p.device == null) continue;
            o.put("source", p.device.description());
            ObjectNode f = o.putObject("faults");
            f.put("sent", p.sent.get()).put("resent", p.resent.get()).put("abandoned", p.abandoned.get()).put("dropped", p.dropped.get()).put("duplicated", p.duplicated.get())
                    .put("reordered", p.reordered.get()).put("malformed", p.malformed.get());
            if (p.device instanceof SyntheticPatient sp) {
                long deviceStartMs = sp.startMicros() / 1000;
                o.put("start_ms", deviceStartMs);
                ArrayNode eps = o.putArray("episodes");
                for (TruthEpisode e : sp.synthesizer().episodes()) {
                    ObjectNode ep = eps.addObject();
                    ep.put("rhythm", e.rhythm().name()).put("rate_bpm", e.rateBpm())
                            .put("start_ms", deviceStartMs + Math.round(e.startS() * 1000))
                            .put("end_ms", deviceStartMs + Math.round(e.endS() * 1000));
                    if (!Double.isNaN(e.lastQrsBeforeS())) {
                        ep.put("last_qrs_before_ms", deviceStartMs + Math.round(e.lastQrsBeforeS() * 1000));
                    }
                }
            }
        }
        return root;
    }

    public void writeTruth() throws IOException {
        if (config.truthFile() == null) return;
        if (config.truthFile().getParent() != null) Files.createDirectories(config.truthFile().getParent());
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(config.truthFile().toFile(), truth());
        LOG.info("ground truth written to {}", config.truthFile());
    }

    @Override
    public void close() throws IOException {
        running = false;
        if (loop != null) {
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<CompletableFuture<?>> bye = new ArrayList<>();
        for (Patient p : patients) {
            if (p.v5 == null && p.v3 == null || ended) continue;
            publishStatus(p, DeviceStatus.ENDED, List.of()); // the monitoring is over: no DEVICE_OFFLINE alarm
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Patient p : patients) {
            try {
                if (p.v5 != null) bye.add(p.v5.disconnect());
                if (p.v3 != null) bye.add(p.v3.disconnect());
            } catch (RuntimeException e) {
                // not connected
            }
        }
        try {
            CompletableFuture.allOf(bye.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("disconnect: {}", e.toString());
        }
        writeTruth();
    }
}
