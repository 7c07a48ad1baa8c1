package org.openholter.job;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.sinks.InfluxConfig;
import org.openholter.job.flink.AlarmSettings;
import org.openholter.job.flink.AnalyzerFactory;
import org.openholter.wire.Topics;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The job's options: {@code --key value} flags, else environment variables ({@code HOLTER_} + key in
 * upper case with dots and dashes as underscores, e.g. {@code HOLTER_INFLUX_PASSWORD}), else defaults.
 */
public final class EcgJobOptions {
    public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions.key("kafka.bootstrap").stringType()
            .defaultValue("127.0.0.1:9092").withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> TOPIC_FRAMES = ConfigOptions.key("kafka.topic.frames").stringType()
            .defaultValue(Topics.KAFKA_FRAMES).withDescription("Topic of validated device frames (key: device id).");
    public static final ConfigOption<String> TOPIC_STATUS = ConfigOptions.key("kafka.topic.status").stringType()
            .defaultValue(Topics.KAFKA_STATUS).withDescription("Topic of device status messages.");
    public static final ConfigOption<String> TOPIC_ALARMS = ConfigOptions.key("kafka.topic.alarms").stringType()
            .defaultValue(Topics.KAFKA_ALARMS).withDescription("Topic the alarms go to (exactly once).");
    public static final ConfigOption<String> TOPIC_CODEC = ConfigOptions.key("kafka.topic.codec").stringType()
            .defaultValue(Topics.KAFKA_CODEC).withDescription("Topic of the layered codec, one message per reported stretch (at least once).");
    public static final ConfigOption<String> TOPIC_EVENTS = ConfigOptions.key("kafka.topic.events").stringType()
            .defaultValue(Topics.KAFKA_EVENTS).withDescription("Topic of clinical events that are not alarms: AF episode onsets and ends (at least once).");
    public static final ConfigOption<String> TOPIC_COMMANDS = ConfigOptions.key("kafka.topic.commands").stringType()
            .defaultValue(Topics.KAFKA_COMMANDS).withDescription("Topic of alarm commands: acknowledge, silence, limits (key: device id).");
    public static final ConfigOption<Long> ALARM_ESCALATE_S = ConfigOptions.key("alarm.escalate-after-s").longType()
            .defaultValue(30L).withDescription("Escalate a high-priority alarm nobody acknowledged or silenced for this long (0: never).");
    public static final ConfigOption<String> ALARM_WARD_LIMITS = ConfigOptions.key("alarm.ward-limits").stringType()
            .noDefaultValue().withDescription("JSON file of ward alarm limits: {\"icu-2\": {\"hr_high\": 130, \"hr_low\": 45, \"pause_s\": 2.5, \"qtc_ms\": 480}}; "
                    + "defaults 120 / 50 bpm, 3 s, 500 ms; a patient's LIMITS command overrides its ward's.");
    public static final ConfigOption<String> GROUP = ConfigOptions.key("kafka.group").stringType()
            .defaultValue("openholter-job").withDescription("Consumer group (offsets committed on checkpoints).");
    public static final ConfigOption<String> START = ConfigOptions.key("kafka.start").stringType()
            .defaultValue("committed").withDescription("Where a job without state starts: committed (else earliest), earliest or latest.");
    public static final ConfigOption<String> INFLUX_URL = ConfigOptions.key("influx.url").stringType()
            .defaultValue("http://127.0.0.1:8086").withDescription("InfluxDB base URL (v1 HTTP API).");
    public static final ConfigOption<String> INFLUX_DB = ConfigOptions.key("influx.db").stringType()
            .defaultValue("holter").withDescription("InfluxDB database.");
    public static final ConfigOption<String> INFLUX_USER = ConfigOptions.key("influx.user").stringType()
            .noDefaultValue().withDescription("InfluxDB user (optional).");
    public static final ConfigOption<String> INFLUX_PASSWORD = ConfigOptions.key("influx.password").stringType()
            .noDefaultValue().withDescription("InfluxDB password or token (optional): from the environment only, never the command line; or --influx.password-file.");
    public static final ConfigOption<String> INFLUX_PASSWORD_FILE = ConfigOptions.key("influx.password-file").stringType()
            .noDefaultValue().withDescription("File whose first line is the InfluxDB password or token.");
    public static final ConfigOption<String> INFLUX_CA_FILE = ConfigOptions.key("influx.ca-file").stringType()
            .noDefaultValue().withDescription("PEM file of the CA(s) to trust for an https InfluxDB URL (default: the JVM's); read where the job is submitted.");
    public static final ConfigOption<String> KAFKA_CONFIG = ConfigOptions.key("kafka.config").stringType()
            .noDefaultValue().withDescription("Java properties file for every Kafka client of the job (security.protocol, sasl.*, ssl.*, …); read where the job is submitted.");
    public static final ConfigOption<Integer> INFLUX_BUFFER = ConfigOptions.key("influx.buffer-points").intType()
            .defaultValue(1_000_000).withDescription("Points held while InfluxDB is unreachable.");
    public static final ConfigOption<Integer> ANALYSIS_RATE = ConfigOptions.key("analysis.rate").intType()
            .defaultValue(250).withDescription("Analysis sample rate, Hz.");
    public static final ConfigOption<String> ANALYZER = ConfigOptions.key("analyzer").stringType()
            .defaultValue("layered").withDescription("Window analysis: layered (QRS detection, the wave-layer model and the beat-class model: it alarms best, docs/benchmarks/alarms.md; its beat classes are still below their accuracy targets, docs/benchmarks/beats.md), delineation (without the beat-class model) or classic (QRS detection only, no model).");
    public static final ConfigOption<Long> LATENESS_MS = ConfigOptions.key("stream.lateness-ms").longType()
            .defaultValue(2_000L).withDescription("How late (device time) a frame may arrive and still be placed.");
    public static final ConfigOption<Long> GAP_FILL_MS = ConfigOptions.key("stream.gap-fill-ms").longType()
            .defaultValue(10_000L).withDescription("Longer gaps start a new stream segment.");
    public static final ConfigOption<Long> CHECKPOINT_MS = ConfigOptions.key("checkpoint.interval-ms").longType()
            .defaultValue(2_000L).withDescription("Checkpoint interval; alarms become visible to read_committed consumers at checkpoints.");
    public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOptions.key("checkpoint.dir").stringType()
            .noDefaultValue().withDescription("Durable checkpoint directory (URI); checkpoints are kept on cancel.");
    public static final ConfigOption<String> RESTORE_FROM = ConfigOptions.key("restore.from").stringType()
            .noDefaultValue().withDescription("Checkpoint or savepoint to start from (local runs; use flink run -s on a cluster).");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism").intType()
            .defaultValue(-1).withDescription("Parallelism (-1: the environment's default).");
    public static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOptions.key("max-parallelism").intType()
            .defaultValue(128).withDescription("Key groups: the most parallel instances this job can ever be rescaled to.");
    public static final ConfigOption<String> STATE_BACKEND = ConfigOptions.key("state.backend").stringType()
            .defaultValue("hashmap").withDescription("Where patients' state lives: hashmap (on the heap, copied into each checkpoint; fastest while the state fits in memory) or rocksdb (on local disk, incremental checkpoints; for fleets whose state outgrows the heap). docs/benchmarks/pipeline.md measures both.");
    public static final ConfigOption<Long> STATE_TTL_HOURS = ConfigOptions.key("state.idle-ttl-hours").longType()
            .defaultValue(48L).withDescription("Drop a device's state after this long without any record.");

    public static final ConfigOption<Boolean> LOG_PHI = ConfigOptions.key("log-phi").booleanType()
            .defaultValue(false).withDescription("Let log lines carry health information (alarm types, limits, wards); by default they name the device only.");

    public static final List<ConfigOption<?>> ALL = List.of(KAFKA_BOOTSTRAP, TOPIC_FRAMES, TOPIC_STATUS, TOPIC_ALARMS, TOPIC_CODEC,
            TOPIC_EVENTS, TOPIC_COMMANDS, ALARM_ESCALATE_S, ALARM_WARD_LIMITS, GROUP, START, INFLUX_URL, INFLUX_DB, INFLUX_USER, INFLUX_PASSWORD, INFLUX_PASSWORD_FILE, INFLUX_CA_FILE, KAFKA_CONFIG, INFLUX_BUFFER, ANALYSIS_RATE, ANALYZER, LATENESS_MS,
            GAP_FILL_MS, CHECKPOINT_MS, CHECKPOINT_DIR, RESTORE_FROM, PARALLELISM, MAX_PARALLELISM, STATE_BACKEND, STATE_TTL_HOURS, LOG_PHI);

    private final Configuration conf;

    private EcgJobOptions(Configuration conf) {
        this.conf = conf;
    }

    /** Parses flags, falling back to the environment; unknown flags are an error, listing the known ones. */
    public static EcgJobOptions parse(String[] args, Map<String, String> env) {
        ParameterTool p = ParameterTool.fromArgs(args);
        Set<String> known = new java.util.HashSet<>();
        Configuration c = new Configuration();
        if (p.has(INFLUX_PASSWORD.key())) {
            throw new IllegalArgumentException("--" + INFLUX_PASSWORD.key() + " is a secret and is not taken from the command line (others on this"
                    + " machine can read it there): set " + envName(INFLUX_PASSWORD.key()) + " or give --" + INFLUX_PASSWORD_FILE.key());
        }
        for (ConfigOption<?> o : ALL) {
            known.add(o.key());
            String v = p.get(o.key());
            if (v == null) v = env.get(envName(o.key()));
            if (v != null) c.setString(o.key(), v);
        }
        List<String> unknown = new ArrayList<>();
        for (String k : p.toMap().keySet()) if (!known.contains(k) && !k.equals("help")) unknown.add(k);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "\n" + usage());
        }
        EcgJobOptions o = new EcgJobOptions(c);
        o.stateBackend(); // validates values early, with clear messages
        o.monitorConfig();
        o.analyzerFactory();
        o.influxConfig();
        o.alarmSettings();
        o.kafkaProperties();
        return o;
    }

    /** The state backend's Flink name: hashmap or rocksdb. */
    public String stateBackend() {
        String b = get(STATE_BACKEND).trim().toLowerCase(java.util.Locale.ROOT);
        if (!b.equals("hashmap") && !b.equals("rocksdb")) throw new IllegalArgumentException("--state.backend must be hashmap or rocksdb: " + get(STATE_BACKEND));
        return b;
    }

    public static EcgJobOptions defaults() {
        return new EcgJobOptions(new Configuration());
    }

    public EcgJobOptions with(ConfigOption<String> option, String value) {
        Configuration c = new Configuration(conf);
        c.setString(option.key(), value);
        return new EcgJobOptions(c);
    }

    public <T> T get(ConfigOption<T> o) {
        try {
            return conf.get(o);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + o.key() + ": " + e.getMessage());
        }
    }

    public MonitorConfig monitorConfig() {
        MonitorConfig d = MonitorConfig.DEFAULT;
        try {
            return new MonitorConfig(get(ANALYSIS_RATE), d.windowSeconds(), d.strideSeconds(), d.guardSeconds(),
                    get(LATENESS_MS), get(GAP_FILL_MS), d.maxPendingFrames());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + ANALYSIS_RATE.key() + " / --" + LATENESS_MS.key() + " / --"
                    + GAP_FILL_MS.key() + ": " + e.getMessage(), e);
        }
    }

    /** The window analyzer each task creates (the model is loaded in the task, from the job jar). */
    public AnalyzerFactory analyzerFactory() {
        String a = get(ANALYZER);
        switch (a) {
            case "delineation": return () -> LayeredAnalyzer.withBundledModels(false);
            case "layered": return () -> LayeredAnalyzer.withBundledModels(true);
            case "classic": return ClassicAnalyzer::new;
            default: throw new IllegalArgumentException("--" + ANALYZER.key() + " must be delineation, layered or classic, got '" + a + "'");
        }
    }

    /** How alarms live (escalation) and the wards' limits, read and checked now. */
    public AlarmSettings alarmSettings() {
        long escalate = get(ALARM_ESCALATE_S);
        if (escalate < 0) throw new IllegalArgumentException("--" + ALARM_ESCALATE_S.key() + " must be >= 0: " + escalate);
        String file = conf.get(ALARM_WARD_LIMITS);
        String json = "{}";
        if (file != null) {
            try {
                json = java.nio.file.Files.readString(java.nio.file.Path.of(file));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--" + ALARM_WARD_LIMITS.key() + ": cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            org.openholter.wire.AlarmCommand.wardLimits(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + ALARM_WARD_LIMITS.key() + " " + file + ": " + e.getMessage(), e);
        }
        return new AlarmSettings(new org.openholter.core.alarms.AlarmBook.Policy(true, escalate * 1000), json);
    }

    /** The Kafka client properties of {@code --kafka.config} (empty without one), under which the job sets its own. */
    public java.util.Properties kafkaProperties() {
        String file = conf.get(KAFKA_CONFIG);
        return org.openholter.core.config.ClientProperties.load(file == null ? null : java.nio.file.Path.of(file), "--" + KAFKA_CONFIG.key());
    }

    /** The InfluxDB password: the environment's, else the first line of --influx.password-file, else none. */
    private String influxPassword() {
        String v = conf.get(INFLUX_PASSWORD);
        if (v != null) return v;
        String file = conf.get(INFLUX_PASSWORD_FILE);
        if (file == null) return null;
        try {
            List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
            if (lines.isEmpty() || lines.get(0).isEmpty()) throw new IllegalArgumentException("--" + INFLUX_PASSWORD_FILE.key() + " " + file + " is empty");
            return lines.get(0);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--" + INFLUX_PASSWORD_FILE.key() + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    public InfluxConfig influxConfig() {
        return new InfluxConfig(URI.create(get(INFLUX_URL)), get(INFLUX_DB), conf.get(INFLUX_USER), influxPassword(),
                5000, Duration.ofMillis(200), get(INFLUX_BUFFER), Duration.ofSeconds(10), InfluxConfig.readCa(conf.get(INFLUX_CA_FILE)));
    }

    static String envName(String key) {
        return "HOLTER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static String usage() {
        StringBuilder b = new StringBuilder("options (flag, environment variable, default):\n");
        for (ConfigOption<?> o : ALL) {
            b.append(String.format("  --%-24s %-32s %s%n      %s%n", o.key(), envName(o.key()),
                    o.hasDefaultValue() ? o.defaultValue() : "(none)", o.description()));
        }
        return b.toString();
    }
}
