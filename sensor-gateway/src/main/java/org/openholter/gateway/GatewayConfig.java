package org.openholter.gateway;

import org.openholter.core.config.Flags;
import org.openholter.gateway.limits.SenderLimits;
import org.openholter.wire.Topics;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Gateway settings, from flags or {@code HOLTER_GW_*} environment variables. */
public record GatewayConfig(
        String mqttHost, int mqttPort, int mqttVersion, String clientId, String mqttUser, String mqttPassword,
        String shareGroup, String topicRoot, int receiveMaximum,
        String kafkaBootstrap, String framesTopic, String statusTopic, String deadLetterTopic, String alarmsTopic,
        String commandsTopic, int createPartitions, String jobGroup, String alarmGroup, Duration alarmMaxAge, boolean forwardAlarms,
        String influxUrl, String influxDb, String influxUser, String influxPassword, Duration metricsInterval, Security security,
        Intake intake, boolean receipts, String influxCaFile) {

    /**
     * How the gateway proves who it is and whom it believes: MQTT over TLS (trusting {@code mqttCa}; presenting
     * {@code mqttCert} / {@code mqttKey} when the broker asks for a certificate), the clinician directory (when set,
     * alarm commands are taken only from authenticated clinicians' station topics), and Kafka client properties
     * (SASL, TLS, anything else the Kafka client takes) from a file.
     */
    public record Security(boolean mqttTls, java.nio.file.Path mqttCa, java.nio.file.Path mqttCert, java.nio.file.Path mqttKey,
                           java.nio.file.Path clinicians, java.nio.file.Path kafkaConfig, boolean logPhi) {
        public static final Security NONE = new Security(false, null, null, null, null, null, false);
    }

    /**
     * What the gateway takes from any one sender: messages up to {@code maxPayloadBytes} (the largest valid frame, 12
     * leads of 1 s at 1,000 Hz in JSON, is about 150 KB), and the rates of {@link SenderLimits.Settings}.
     */
    public record Intake(int maxPayloadBytes, Duration maxClockAhead, SenderLimits.Settings senders) {
        public static Intake defaults() {
            return new Intake(256 * 1024, Duration.ofMinutes(5), SenderLimits.Settings.defaults());
        }
    }

    /** The Kafka client properties of {@link Security#kafkaConfig} (empty without one), over which the gateway sets its own. */
    public java.util.Properties kafkaProperties() {
        java.util.Properties p = org.openholter.core.config.ClientProperties.load(security.kafkaConfig(), "--kafka.config");
        p.put("bootstrap.servers", kafkaBootstrap);
        return p;
    }

    public GatewayConfig {
        if (mqttVersion != 3 && mqttVersion != 5) throw new IllegalArgumentException("--mqtt.version must be 5 or 3 (3.1.1), got " + mqttVersion);
        if (security == null) security = Security.NONE;
        if (intake == null) intake = Intake.defaults();
        if ((security.mqttCert() == null) != (security.mqttKey() == null)) {
            throw new IllegalArgumentException("--mqtt.cert-file and --mqtt.key-file go together");
        }
        if (!security.mqttTls() && (security.mqttCa() != null || security.mqttCert() != null)) {
            throw new IllegalArgumentException("--mqtt.ca-file / --mqtt.cert-file need --mqtt.tls true");
        }
    }

    public static Flags flags() {
        return new Flags("holter gateway", "HOLTER_GW")
                .declare("mqtt.host", "127.0.0.1", "MQTT broker host")
                .declare("mqtt.port", "1883", "MQTT broker port")
                .declare("mqtt.version", "5", "MQTT protocol: 5 or 3 (3.1.1)")
                .declare("mqtt.client-id", null, "client id (default: holter-gw-<random>); must differ per instance")
                .declare("mqtt.user", null, "MQTT user name")
                .declareSecret("mqtt.password", "MQTT password")
                .declare("mqtt.tls", "false", "connect to the broker over TLS")
                .declare("mqtt.ca-file", null, "PEM file of the CA(s) to trust for the broker's certificate (default: the JVM's)")
                .declare("mqtt.cert-file", null, "PEM client certificate (chain) to present, for brokers that authenticate by certificate")
                .declare("mqtt.key-file", null, "PEM (PKCS#8, unencrypted) key of --mqtt.cert-file")
                .declare("auth.clinicians", null, "clinician directory (identity role wards per line): alarm commands only from"
                        + " these authenticated identities on {root}/station/{identity}/command; none: commands are not authenticated")
                .declare("kafka.config", null, "Java properties file for every Kafka client of the gateway (security.protocol, sasl.*, ssl.*, …)")
                .declare("mqtt.share-group", "holter-gw", "shared-subscription group: instances in one group split the devices")
                .declare("mqtt.topic-root", Topics.DEFAULT_ROOT, "topic prefix (docs/protocol.md)")
                .declare("mqtt.receive-maximum", "65535", "unacknowledged QoS 1 messages the broker may send at once (MQTT 5; the protocol maximum by default: Mosquitto 2.0 has been seen to overrun smaller windows under bursts)")
                .declare("kafka.bootstrap", "127.0.0.1:9092", "Kafka bootstrap servers")
                .declare("kafka.topic.frames", Topics.KAFKA_FRAMES, "topic for valid frames (key: device)")
                .declare("kafka.topic.status", Topics.KAFKA_STATUS, "topic for device status")
                .declare("kafka.topic.dlq", Topics.KAFKA_DEAD_LETTER, "dead-letter topic for refused messages")
                .declare("kafka.topic.alarms", Topics.KAFKA_ALARMS, "alarm topic to forward to MQTT")
                .declare("kafka.topic.commands", Topics.KAFKA_COMMANDS, "topic for alarm commands from MQTT (acknowledge, silence, limits; key: device)")
                .declare("kafka.create-partitions", "6", "create missing topics with this many partitions (0: never create)")
                .declare("kafka.job-group", "openholter-job", "consumer group of the analysis job (for the lag metric)")
                .declare("kafka.alarm-group", "openholter-gateway-alarms", "consumer group of the alarm forwarders")
                .declare("alarms.forward", "true", "forward alarms from Kafka to MQTT")
                .declare("receipts", "true", "tell each device every second which of its frames are stored in Kafka ({root}/dev/{device}/receipt)")
                .declare("alarms.max-age-s", "600", "older alarms are not announced when first seen")
                .declare("influx.url", null, "InfluxDB URL for the gateway's own metrics (none: metrics only in the log)")
                .declare("influx.db", "holter", "InfluxDB database")
                .declare("influx.user", null, "InfluxDB user")
                .declareSecret("influx.password", "InfluxDB password or token")
                .declare("influx.ca-file", null, "PEM file of the CA(s) to trust for an https --influx.url (default: the JVM's)")
                .declare("metrics.interval-s", "5", "how often metrics are reported")
                .declare("log-phi", "false", "let log lines carry health information (alarm ids, which name the alarm); by default they name the device only")
                .declare("limits.max-payload-kb", "256", "larger MQTT messages are refused (OVERSIZED); the largest valid frame is about 150 KB")
                .declare("limits.rate", "40", "messages per second one sender (device, ward, clinician) may send on average; more is throttled")
                .declare("limits.burst", "2400", "messages one sender may send at once above --limits.rate (a device resending its backlog)")
                .declare("limits.max-clock-ahead-s", "300", "frames timed further ahead of the gateway's clock are refused (BAD_TIMESTAMP)")
                .declare("limits.senders", "20000", "senders whose rate and last frames are remembered (least recent forgotten)")
                .declare("dlq.rate", "1", "refused messages per second and sender copied to the dead-letter topic (all are counted)")
                .declare("dlq.burst", "50", "refused messages one sender may have copied at once")
                .declare("dlq.total-rate", "500", "refused messages per second copied to the dead-letter topic in all");
    }

    public static GatewayConfig from(String[] args, Map<String, String> env) {
        Flags f = flags().parse(args, env);
        if (f.helpRequested()) throw new HelpRequested(f.usage());
        String id = f.get("mqtt.client-id");
        if (id == null) id = "holter-gw-" + UUID.randomUUID().toString().substring(0, 8);
        return new GatewayConfig(f.require("mqtt.host"), f.getInt("mqtt.port", 1, 65535), f.getInt("mqtt.version", 3, 5), id,
                f.get("mqtt.user"), f.secret("mqtt.password"), f.require("mqtt.share-group"), f.require("mqtt.topic-root"),
                f.getInt("mqtt.receive-maximum", 1, 65535),
                f.require("kafka.bootstrap"), f.require("kafka.topic.frames"), f.require("kafka.topic.status"),
                f.require("kafka.topic.dlq"), f.require("kafka.topic.alarms"), f.require("kafka.topic.commands"), f.getInt("kafka.create-partitions", 0, 10_000),
                f.require("kafka.job-group"), f.require("kafka.alarm-group"),
                Duration.ofSeconds(f.getLong("alarms.max-age-s", 1, 86_400)), f.getBool("alarms.forward"),
                f.get("influx.url"), f.require("influx.db"), f.get("influx.user"), f.secret("influx.password"), Duration.ofSeconds(f.getLong("metrics.interval-s", 1, 3600)),
                new Security(f.getBool("mqtt.tls"), path(f, "mqtt.ca-file"), path(f, "mqtt.cert-file"), path(f, "mqtt.key-file"),
                        path(f, "auth.clinicians"), path(f, "kafka.config"), f.getBool("log-phi")),
                new Intake(f.getInt("limits.max-payload-kb", 1, 64 * 1024) * 1024, Duration.ofSeconds(f.getLong("limits.max-clock-ahead-s", 1, 86_400)),
                        new SenderLimits.Settings(
                        f.getDouble("limits.rate", 0.01, 1e6), f.getDouble("limits.burst", 1, 1e7), f.getDouble("dlq.rate", 0, 1e6),
                        f.getDouble("dlq.burst", 0, 1e7), f.getDouble("dlq.total-rate", 0, 1e7), f.getInt("limits.senders", 1, 10_000_000))), f.getBool("receipts"), f.get("influx.ca-file"));
    }

    private static java.nio.file.Path path(Flags f, String key) {
        String v = f.get(key);
        if (v == null || v.isBlank()) return null;
        java.nio.file.Path p = java.nio.file.Path.of(v);
        if (!java.nio.file.Files.isReadable(p)) throw new IllegalArgumentException("--" + key + " " + v + " does not exist or cannot be read");
        return p;
    }

    /** Thrown for --help: the message is the usage text. */
    public static final class HelpRequested extends RuntimeException {
        public HelpRequested(String usage) { super(usage); }
    }

    @Override
    public String toString() {
        return "GatewayConfig{mqtt=" + mqttHost + ":" + mqttPort + " v" + mqttVersion + " id=" + clientId
                + (security.mqttTls() ? " tls" : "") + (mqttUser != null ? " user=" + mqttUser : "")
                + " share=" + shareGroup + " root=" + topicRoot + " kafka=" + kafkaBootstrap + " influx=" + influxUrl
                + (security.clinicians() != null ? " clinicians=" + security.clinicians() : " commands-unauthenticated") + "}";
    }
}
