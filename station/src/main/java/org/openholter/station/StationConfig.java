package org.openholter.station;

import org.openholter.core.config.Flags;
import org.openholter.station.interfaces.PcdMessages;
import org.openholter.wire.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The station's settings, from flags and {@code HOLTER_STATION_*} environment variables ({@code --help} lists them):
 * the central station's web server ({@code --web.port}; 0: off) and the hospital interfaces, HL7 and FHIR each off
 * until given a receiver ({@code --hl7.host}, {@code --fhir.url}).
 */
public record StationConfig(int webPort, String webBind, String webUserHeader, String webUser, Path clinicians, String topicRoot,
                            String framesTopic, String statusTopic, String codecTopic, Path stripsDir, Duration stripsKeep,
                            String kafkaBootstrap, String alarmsTopic, String commandsTopic, String group, Path kafkaConfig,
                               String influxUrl, String influxDb, String influxUser, String influxPassword, Path influxCa,
                               String hl7Host, int hl7Port, boolean hl7Tls, Duration hl7Timeout, int hl7VitalsQueue,
                               PcdMessages.Sender sender, int dispatchPort, boolean ackOnAccept,
                               String fhirUrl, String fhirToken, Path fhirCa, int fhirQueue,
                               Duration vitalsPeriod, Duration alarmsMaxAge) {

    /** Thrown for {@code --help}: the message is the usage. */
    public static final class HelpRequested extends RuntimeException {
        public HelpRequested(String usage) { super(usage); }
    }

    public static Flags flags() {
        return new Flags("holter station", "HOLTER_STATION")
                .declare("web.port", "8080", "port of the central station's web pages (0: no web station; -1: any free port)")
                .declare("web.bind", "127.0.0.1", "address the web station listens on (0.0.0.0: every interface; put it behind the hospital's TLS proxy)")
                .declare("web.user-header", null, "HTTP header in which the hospital's authenticating proxy names the clinician (e.g. X-Remote-User); acknowledgements are audited with it")
                .declare("web.user", "station", "who acknowledgements are audited as when no --web.user-header is set")
                .declare("auth.clinicians", null, "clinician directory (the gateway's file: identity, role, wards): only a listed clinician may acknowledge or silence, only for the wards listed")
                .declare("kafka.topic.frames", Topics.KAFKA_FRAMES, "the devices' frames (the live strips)")
                .declare("kafka.topic.status", Topics.KAFKA_STATUS, "the devices' status (online, battery)")
                .declare("kafka.topic.codec", Topics.KAFKA_CODEC, "the job's layered codec (drawn over the patient page's strips)")
                .declare("strips.dir", "station-strips", "folder where each alarm's 20-s strip is kept (created)")
                .declare("strips.keep-days", "30", "days an alarm's strip is kept")
                .declare("kafka.bootstrap", "127.0.0.1:9092", "Kafka bootstrap servers")
                .declare("kafka.topic.alarms", Topics.KAFKA_ALARMS, "the alarms to report (PCD-04)")
                .declare("kafka.topic.commands", Topics.KAFKA_COMMANDS, "where an alarm accepted on the alarm manager is acknowledged (--hl7.ack-on-accept)")
                .declare("kafka.group", "openholter-station", "consumer group of the station (a new group starts at the newest alarm)")
                .declare("kafka.config", null, "Java properties file for the station's Kafka clients (security.protocol, sasl.*, ssl.*, …)")
                .declare("influx.url", null, "InfluxDB the job writes (the vitals of PCD-01 and FHIR are read there)")
                .declare("influx.db", "holter", "InfluxDB database")
                .declare("influx.user", null, "InfluxDB user")
                .declareSecret("influx.password", "InfluxDB password or token")
                .declare("influx.ca-file", null, "PEM file of the CA(s) to trust for an https --influx.url (default: the JVM's)")
                .declare("hl7.host", null, "HL7 v2 receiver (interface engine or IHE alarm manager) for PCD-01 and PCD-04 over MLLP (none: HL7 off)")
                .declare("hl7.port", "2575", "its MLLP port")
                .declare("hl7.tls", "false", "MLLP over TLS (the JVM's trust store)")
                .declare("hl7.timeout-s", "10", "seconds to wait for a message's acknowledgement before sending it again")
                .declare("hl7.vitals-queue", "1440", "vitals reports kept while the HL7 receiver is away (the oldest give way)")
                .declare("hl7.sending-application", "OPENHOLTER", "MSH-3")
                .declare("hl7.sending-facility", "OPENHOLTER", "MSH-4")
                .declare("hl7.receiving-application", null, "MSH-5")
                .declare("hl7.receiving-facility", null, "MSH-6")
                .declare("hl7.patient-authority", "OPENHOLTER", "assigning authority of the patient identifiers (PID-3: the device id)")
                .declare("hl7.dispatch-port", "0", "MLLP port where the alarm manager's dispatch reports (PCD-05, ORU^R41) are received (0: none)")
                .declare("hl7.ack-on-accept", "false", "an alarm a caregiver accepted on the alarm manager (PCD-05 'accepted') is acknowledged here too")
                .declare("fhir.url", null, "FHIR R4 server base URL for the vitals' Observations (none: FHIR off)")
                .declareSecret("fhir.token", "bearer token for the FHIR server")
                .declare("fhir.ca-file", null, "PEM file of the CA(s) to trust for an https --fhir.url (default: the JVM's)")
                .declare("fhir.queue", "1440", "bundles kept while the FHIR server is away (the oldest give way)")
                .declare("vitals.period-s", "60", "seconds of each vitals report (PCD-01 and FHIR)")
                .declare("alarms.max-age-s", "600", "alarms older than this when first read are not reported (a station started late does not page for the past)");
    }

    public static StationConfig from(String[] args, Map<String, String> env) {
        StationConfig c = parse(args, env);
        if (c.webPort == 0 && c.hl7Host == null && c.fhirUrl == null) {
            throw new IllegalArgumentException("nothing to do: give --web.port (the central station), --hl7.host (IHE PCD-01 / PCD-04 over MLLP) and / or --fhir.url (FHIR R4 Observations)");
        }
        return c;
    }

    /** The settings without insisting on something to serve (an embedding program may want only the ward's state). */
    public static StationConfig parse(String[] args, Map<String, String> env) {
        Flags f = flags().parse(args, env);
        if (f.helpRequested()) throw new HelpRequested(f.usage());
        StationConfig c = new StationConfig(f.getInt("web.port", -1, 65535), f.require("web.bind"), f.get("web.user-header"), f.require("web.user"), path(f, "auth.clinicians"),
                Topics.DEFAULT_ROOT, f.require("kafka.topic.frames"), f.require("kafka.topic.status"), f.require("kafka.topic.codec"),
                Path.of(f.require("strips.dir")), Duration.ofDays(f.getLong("strips.keep-days", 1, 36_500)),
                f.require("kafka.bootstrap"), f.require("kafka.topic.alarms"), f.require("kafka.topic.commands"),
                f.require("kafka.group"), path(f, "kafka.config"),
                f.get("influx.url"), f.require("influx.db"), f.get("influx.user"), f.secret("influx.password"), path(f, "influx.ca-file"),
                f.get("hl7.host"), f.getInt("hl7.port", 1, 65535), f.getBool("hl7.tls"), Duration.ofSeconds(f.getLong("hl7.timeout-s", 1, 600)),
                f.getInt("hl7.vitals-queue", 1, 1_000_000),
                new PcdMessages.Sender(f.require("hl7.sending-application"), f.require("hl7.sending-facility"), f.get("hl7.receiving-application"),
                        f.get("hl7.receiving-facility"), f.require("hl7.patient-authority")),
                f.getInt("hl7.dispatch-port", 0, 65535), f.getBool("hl7.ack-on-accept"),
                f.get("fhir.url"), f.secret("fhir.token"), path(f, "fhir.ca-file"), f.getInt("fhir.queue", 1, 1_000_000),
                Duration.ofSeconds(f.getLong("vitals.period-s", 10, 86_400)), Duration.ofSeconds(f.getLong("alarms.max-age-s", 1, 86_400)));
        if (c.influxUrl == null) {
            throw new IllegalArgumentException("--influx.url is needed: the vitals (heart rate, rhythm, HRV) are read from the InfluxDB the job writes");
        }
        if (c.fhirUrl != null && !c.fhirUrl.startsWith("http://") && !c.fhirUrl.startsWith("https://")) {
            throw new IllegalArgumentException("--fhir.url must be an http:// or https:// URL, not " + c.fhirUrl);
        }
        return c;
    }

    /** The Kafka client properties of {@link #kafkaConfig} (empty without one), under which the station sets its own. */
    public Properties kafkaProperties() {
        return org.openholter.core.config.ClientProperties.load(kafkaConfig, "--kafka.config");
    }

    /** The InfluxDB the job writes, over a client trusting {@link #influxCa} where given. */
    public InfluxSource influx() {
        return new InfluxSource(httpClient(influxCa, "--influx.ca-file"), influxUrl, influxDb, influxUser, influxPassword);
    }

    /** An HTTP client trusting the CA(s) in {@code ca} (null: the JVM's). */
    public static java.net.http.HttpClient httpClient(Path ca, String flag) {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ca != null) {
            try {
                b.sslContext(org.openholter.core.config.TlsFiles.trusting(Files.readAllBytes(ca), flag));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(flag + " " + ca + " cannot be read: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static Path path(Flags f, String key) {
        String v = f.get(key);
        if (v == null) return null;
        Path p = Path.of(v);
        if (!Files.isReadable(p)) throw new IllegalArgumentException("--" + key + " " + v + ": no such readable file");
        return p;
    }
}
