package org.openholter.gateway;

import org.openholter.core.config.PhiInLogs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.openholter.core.sinks.InfluxConfig;
import org.openholter.core.sinks.InfluxWriter;
import org.openholter.core.config.TlsFiles;
import org.openholter.gateway.alarms.AlarmForwarder;
import org.openholter.core.auth.Clinicians;
import org.openholter.gateway.decode.FrameCheck;
import org.openholter.gateway.health.GatewayMetrics;
import org.openholter.gateway.health.KafkaLagProbe;
import org.openholter.gateway.limits.SenderLimits;
import org.openholter.gateway.mqtt.MqttLink;
import org.openholter.gateway.sink.KafkaFrameSink;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.DeadLetter;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.DeviceStatus;
import org.openholter.wire.FrameDecodeException;
import org.openholter.wire.FrameValidator;
import org.openholter.wire.RejectReason;
import org.openholter.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * MQTT → Kafka. Subscribes (shared) to every device's frame, status and alarm-command topics, checks each message,
 * and produces valid frames (always in the binary form) and status messages to Kafka keyed by
 * device; refused messages go to the dead-letter topic with their reason. The MQTT message is
 * acknowledged only after Kafka acknowledged what it became. Alarms travel back from Kafka to MQTT.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Clock clock;
    private final Topics topics;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final FrameCheck check;
    private final SenderLimits limits;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private KafkaFrameSink sink;
    private MqttLink mqtt;
    private AlarmForwarder forwarder;
    private InfluxWriter influx;
    private Admin admin;
    private ScheduledExecutorService reporter;
    private Clinicians clinicians;
    private final org.openholter.gateway.receipts.ReceiptBook receipts = new org.openholter.gateway.receipts.ReceiptBook();

    public Gateway(GatewayConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.topics = new Topics(config.topicRoot());
        this.limits = new SenderLimits(config.intake().senders(), System::nanoTime);
        this.check = new FrameCheck(config.intake().senders().maxSenders(), clock, config.intake().maxClockAhead());
    }

    public GatewayMetrics metrics() { return metrics; }

    public void start() throws Exception {
        PhiInLogs.allow(config.security().logPhi());
        LOG.info("starting gateway {}", config);
        if (config.security().clinicians() != null) {
            clinicians = Clinicians.read(config.security().clinicians());
            LOG.info("alarm commands taken from the {} authenticated clinicians of {} only", clinicians.size(), config.security().clinicians());
        } else {
            LOG.warn("no clinician directory (--auth.clinicians): alarm commands are not authenticated, and 'by' is what the sender says");
        }
        admin = Admin.create(config.kafkaProperties());
        if (config.createPartitions() > 0) createTopics();
        sink = new KafkaFrameSink(config.kafkaProperties(), config.clientId(), metrics);
        GatewayConfig.Security sec = config.security();
        mqtt = new MqttLink(new MqttLink.Settings(config.mqttHost(), config.mqttPort(), config.mqttVersion(), config.clientId(),
                config.mqttUser(), config.mqttPassword(), 3600, config.receiveMaximum(),
                !sec.mqttTls() ? null : com.hivemq.client.mqtt.MqttClientSslConfig.builder()
                        .trustManagerFactory(sec.mqttCa() == null ? null : TlsFiles.trust(sec.mqttCa()))
                        .keyManagerFactory(sec.mqttCert() == null ? null : TlsFiles.keys(sec.mqttCert(), sec.mqttKey())).build()));
        mqtt.onMessages(this::onMessage);
        mqtt.connect().get(30, TimeUnit.SECONDS);
        for (String filter : topics.gatewayFilters()) {
            mqtt.subscribe("$share/" + config.shareGroup() + "/" + filter).get(30, TimeUnit.SECONDS);
        }
        if (config.forwardAlarms()) {
            forwarder = new AlarmForwarder(config.kafkaProperties(), config.alarmGroup(), config.alarmsTopic(), mqtt, topics,
                    metrics, config.alarmMaxAge(), clock);
            forwarder.start();
        }
        if (config.influxUrl() != null && !config.influxUrl().isBlank()) {
            InfluxConfig ic = InfluxConfig.of(config.influxUrl(), config.influxDb());
            influx = new InfluxWriter(new InfluxConfig(ic.url(), ic.database(), config.influxUser(), config.influxPassword(), ic.batchSize(),
                    ic.flushInterval(), ic.bufferPoints(), ic.maxRetryBackoff(), InfluxConfig.readCa(config.influxCaFile())), clock);
        }
        reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-metrics");
            t.setDaemon(true);
            return t;
        });
        KafkaLagProbe lag = new KafkaLagProbe(admin, config.jobGroup());
        long every = config.metricsInterval().toMillis();
        reporter.scheduleAtFixedRate(() -> report(lag), every, every, TimeUnit.MILLISECONDS);
        if (config.receipts()) reporter.scheduleWithFixedDelay(this::sendReceipts, 1000, 1000, TimeUnit.MILLISECONDS);
        LOG.info("gateway {} subscribed to {} in share group {}", config.clientId(), List.of(topics.gatewayFilters()), config.shareGroup());
    }

    private void createTopics() throws Exception {
        Set<String> have = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> create = new ArrayList<>();
        for (String t : List.of(config.framesTopic(), config.statusTopic(), config.deadLetterTopic(), config.alarmsTopic(), config.commandsTopic())) {
            if (!have.contains(t)) create.add(new NewTopic(t, config.createPartitions(), (short) 1));
        }
        if (create.isEmpty()) return;
        try {
            admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            LOG.info("created Kafka topics {}", create.stream().map(NewTopic::name).toList());
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) throw e;
        }
    }

    private int reports;

    /** Tells each device which of its frames reached Kafka in the last second (docs/protocol.md, receipts). */
    private void sendReceipts() {
        try {
            if (!mqtt.connected()) return; // kept for the next round
            receipts.drain().forEach((device, r) -> mqtt.publishOnce(topics.receipt(device), r.toJson()));
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.warn("sending receipts failed: {}", e.toString());
        }
    }

    private void report(KafkaLagProbe lag) {
        try {
            if (++reports % Math.max(1, 30_000 / config.metricsInterval().toMillis()) == 0) LOG.info("gateway {}", metrics);
            if (influx == null) return;
            long now = clock.millis() * 1000;
            metrics.points(config.clientId(), now).forEach(influx::write);
            lag.points(now).forEach(influx::write);
        } catch (Exception e) {
            LOG.debug("metrics report failed: {}", e.toString());
        }
    }

    void onMessage(String topic, byte[] payload, Runnable ack) {
        metrics.received.increment();
        Topics.DeviceTopic dt = topics.parse(topic);
        String sender = sender(dt);
        SenderLimits.Verdict v = limits.admit(sender);
        if (v.changed()) {
            if (v.admitted()) LOG.info("{} is no longer throttled; {} of its messages were dropped", sender, v.dropped());
            else LOG.warn("{} sends more than {} messages/s: throttled, its messages are counted (THROTTLED) and dropped until it slows down",
                    sender, config.intake().senders().messagesPerSecond());
        }
        if (!v.admitted()) {
            deadLetter(RejectReason.THROTTLED, "more than " + config.intake().senders().messagesPerSecond() + " messages/s",
                    dt == null ? null : dt.deviceId(), sender, topic, payload, ack);
            return;
        }
        if (payload.length > config.intake().maxPayloadBytes()) {
            deadLetter(RejectReason.OVERSIZED, payload.length + " bytes, more than the " + config.intake().maxPayloadBytes() + " taken",
                    dt == null ? null : dt.deviceId(), sender, topic, payload, ack);
            return;
        }
        if (dt == null) {
            deadLetter(RejectReason.UNKNOWN_TOPIC, "not a device topic", null, sender, topic, payload, ack);
            return;
        }
        try {
            switch (dt.kind()) {
                case FRAME:
                case FRAME_JSON: {
                    FrameCheck.Checked c = check.check(dt.deviceId(), payload, dt.kind() == Topics.Kind.FRAME_JSON);
                    if (c.duplicate()) {
                        metrics.duplicates.increment();
                        receipts.stored(dt.deviceId(), c.frame().sequence()); // sent again because a receipt was lost: it is stored
                        ack.run();
                        return;
                    }
                    byte[] binary = dt.kind() == Topics.Kind.FRAME ? payload : BinaryFrameCodec.encode(c.frame());
                    long seq = c.frame().sequence();
                    sink.send(config.framesTopic(), dt.deviceId(), c.frame().firstSampleMillis(), binary, () -> {
                        metrics.forwarded.increment();
                        receipts.stored(dt.deviceId(), seq);
                        ack.run();
                    }, refused -> deadLetter(refused instanceof org.apache.kafka.common.errors.InvalidTimestampException ? RejectReason.BAD_TIMESTAMP
                            : RejectReason.MALFORMED, "Kafka refused the frame: " + refused.getMessage(), dt.deviceId(), sender, topic, payload, ack));
                    return;
                }
                case STATUS: {
                    DeviceStatus s = DeviceStatus.fromJson(payload);
                    if (!s.deviceId().equals(dt.deviceId())) {
                        throw new FrameDecodeException(RejectReason.DEVICE_MISMATCH, s.deviceId(),
                                "status says device " + s.deviceId() + " but came on the topic of " + dt.deviceId());
                    }
                    if (s.timeMillis() == null) s = s.withTime(clock.millis()); // a last will carries no time
                    sink.send(config.statusTopic(), dt.deviceId(), s.timeMillis(), s.toJson(), () -> {
                        metrics.statuses.increment();
                        ack.run();
                    });
                    return;
                }
                case COMMAND:
                case WARD_COMMAND: {
                    AlarmCommand c = AlarmCommand.fromSender(payload, null);
                    boolean ward = dt.kind() == Topics.Kind.WARD_COMMAND;
                    String target = ward ? c.ward() : c.deviceId();
                    if (!dt.deviceId().equals(target)) {
                        throw new FrameDecodeException(RejectReason.DEVICE_MISMATCH, ward ? null : c.deviceId(), "command says "
                                + (ward ? "ward " : "device ") + target + " but came on the topic of " + dt.deviceId());
                    }
                    if (clinicians != null) {
                        // Anyone the broker lets publish here could have written any "by": only station topics say who.
                        refuseCommand(c, RejectReason.UNAUTHENTICATED, "commands are taken from authenticated clinicians on "
                                + topics.stationCommand("{identity}") + " only", topic, payload, ack);
                        return;
                    }
                    forwardCommand(c, ack);
                    return;
                }
                case STATION_COMMAND: {
                    if (clinicians == null) {
                        deadLetter(RejectReason.UNAUTHENTICATED, "this gateway has no clinician directory (--auth.clinicians) to check "
                                + dt.deviceId() + " against", null, sender, topic, payload, ack);
                        return;
                    }
                    Clinicians.Decision d = clinicians.authorise(dt.deviceId(), AlarmCommand.fromSender(payload, dt.deviceId()));
                    if (!d.allowed()) {
                        refuseCommand(d.command(), RejectReason.FORBIDDEN, d.refusal(), topic, payload, ack);
                        return;
                    }
                    forwardCommand(d.command(), ack);
                    return;
                }
                default:
                    deadLetter(RejectReason.UNKNOWN_TOPIC, "the gateway does not take " + dt.kind(), dt.deviceId(), sender, topic, payload, ack);
            }
        } catch (FrameDecodeException e) {
            deadLetter(e.reason(), e.getMessage(), e.deviceId() != null ? e.deviceId() : dt.deviceId(), sender, topic, payload, ack);
        } catch (RuntimeException e) {
            deadLetter(RejectReason.MALFORMED, e.toString(), dt.deviceId(), sender, topic, payload, ack);
        }
    }

    private void forwardCommand(AlarmCommand c, Runnable ack) {
        if (c.atMillis() == null) c = c.withTime(clock.millis());
        LOG.info("alarm command {} for {} by {}{}", c.action(), c.target(), c.by(), c.alarmId() == null ? "" : " (" + PhiInLogs.of(c.alarmId()) + ")");
        sink.send(config.commandsTopic(), c.target(), c.atMillis(), c.toJson(), () -> {
            metrics.commands.increment();
            ack.run();
        });
    }

    /**
     * A well-formed command its sender may not give: counted, logged, and carried on to the analysis marked refused,
     * which puts it in the audit trail beside the accepted ones (and changes nothing).
     */
    private void refuseCommand(AlarmCommand c, RejectReason reason, String why, String topic, byte[] payload, Runnable ack) {
        metrics.reject(reason);
        LOG.warn("refused alarm command {} for {} by {}: {}", c.action(), c.target(), c.by(), why);
        AlarmCommand refused = (c.atMillis() == null ? c.withTime(clock.millis()) : c).refusedFor(reason + ": " + why);
        sink.send(config.commandsTopic(), refused.target(), refused.atMillis(), refused.toJson(), () -> {
            metrics.commandsRefused.increment();
            ack.run();
        });
    }

    /**
     * Who sent a message, as far as the gateway can tell before reading it: its topic's device, ward or clinician (the
     * broker's ACL makes that the sender on a secure broker). Limits and dead-letter sampling are per sender.
     */
    private static String sender(Topics.DeviceTopic dt) {
        if (dt == null) return "?unknown-topic";
        if (!FrameValidator.DEVICE_ID.matcher(dt.deviceId()).matches()) return "?invalid-id";
        return switch (dt.kind()) {
            case WARD_COMMAND -> "ward:" + dt.deviceId();
            case STATION_COMMAND -> "station:" + dt.deviceId();
            default -> dt.deviceId();
        };
    }

    private void deadLetter(RejectReason reason, String detail, String device, String sender, String topic, byte[] payload, Runnable ack) {
        metrics.reject(reason);
        // One warning per device and reason; the counters and the dead-letter topic hold the rest.
        if (warned.size() < 1_000 && warned.add(device + "|" + reason)) {
            LOG.warn("refused message on {}: {}", topic, detail);
        } else {
            LOG.debug("refused message on {}: {}", topic, detail);
        }
        if (!limits.sampleDeadLetter(sender)) { // counted above; a sample of each sender's refusals is enough to see why
            metrics.deadLettersSkipped.increment();
            ack.run();
            return;
        }
        DeadLetter dl = DeadLetter.of(reason, detail, device, topic, clock.millis(), payload);
        sink.send(config.deadLetterTopic(), device == null ? "unknown" : device, clock.millis(), dl.toJson(), () -> {
            metrics.deadLetters.increment();
            ack.run();
        });
    }

    @Override
    public void close() {
        LOG.info("stopping gateway {}: {}", config.clientId(), metrics);
        if (reporter != null) reporter.shutdownNow();
        if (forwarder != null) forwarder.close();
        if (mqtt != null) {
            try {
                mqtt.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("MQTT disconnect: {}", e.toString());
            }
        }
        if (sink != null) sink.close();
        if (influx != null) {
            long now = clock.millis() * 1000;
            metrics.points(config.clientId(), now).forEach(influx::write);
            influx.close();
        }
        if (admin != null) admin.close(java.time.Duration.ofSeconds(5));
    }

    /** Exposed for tests and the launcher. */
    public Map<String, Long> snapshot() {
        return Map.of("received", metrics.received.sum(), "forwarded", metrics.forwarded.sum(),
                "rejected", metrics.rejectedTotal(), "deadLetters", metrics.deadLetters.sum(),
                "duplicates", metrics.duplicates.sum(), "statuses", metrics.statuses.sum());
    }
}
