package org.openholter.launcher;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openholter.gateway.Gateway;
import org.openholter.gateway.GatewayConfig;
import org.openholter.job.EcgJob;
import org.openholter.job.EcgJobOptions;
import org.openholter.launcher.services.InfluxServer;
import org.openholter.launcher.services.KafkaBroker;
import org.openholter.launcher.services.MosquittoBroker;
import org.openholter.launcher.services.TestCa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole telemetry path on one machine, on real components: Mosquitto, a Kafka broker (KRaft),
 * InfluxDB, the sensor gateway, and the Flink job in a local MiniCluster. Everything stops in
 * reverse order on {@link #close}; child processes also stop with the JVM.
 */
public final class Stack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

    /** How to run it. */
    public record Options(Path workDir, boolean preferDefaultPorts, int kafkaPartitions, long checkpointMillis,
                          int jobParallelism, String influxDb, String analyzer, String stateBackend, boolean secure) {
        public Options(Path workDir, boolean preferDefaultPorts, int kafkaPartitions, long checkpointMillis, int jobParallelism,
                       String influxDb, String analyzer) {
            this(workDir, preferDefaultPorts, kafkaPartitions, checkpointMillis, jobParallelism, influxDb, analyzer, "hashmap", true);
        }

        /** The same stack with the MQTT broker open (plain, anonymous) or secure (TLS, passwords, certificates, ACL). */
        public Options withSecurity(boolean on) {
            return new Options(workDir, preferDefaultPorts, kafkaPartitions, checkpointMillis, jobParallelism, influxDb, analyzer, stateBackend, on);
        }

        public static Options forTest(Path dir) {
            return new Options(dir, false, 4, 1000, 2, "holter", "layered");
        }
    }

    private final Options options;
    private KafkaBroker kafka;
    private MosquittoBroker mqtt;
    private InfluxServer influx;
    private Gateway gateway;
    private JobClient job;
    private org.openholter.station.Station station;
    private int restPort;
    private final Path checkpoints;

    public Stack(Options options) throws IOException {
        this.options = options;
        Files.createDirectories(options.workDir());
        this.checkpoints = options.workDir().resolve("checkpoints");
    }

    public KafkaBroker kafka() { return kafka; }
    public MosquittoBroker mqtt() { return mqtt; }
    public InfluxServer influx() { return influx; }
    public Gateway gateway() { return gateway; }
    public Options options() { return options; }

    public Stack startServices() throws Exception {
        long t = System.nanoTime();
        // One test CA for the stack's brokers, made now (a hospital uses its own: docs/security.md).
        TestCa ca = options.secure() ? TestCa.create(options.workDir().resolve("tls")) : null;
        mqtt = MosquittoBroker.start(options.workDir().resolve("mosquitto"), options.preferDefaultPorts() ? (options.secure() ? 8883 : 1883) : 0, ca);
        influx = InfluxServer.start(options.workDir().resolve("influxdb"), options.preferDefaultPorts() ? 8086 : 0, options.influxDb(), ca);
        kafka = KafkaBroker.start(options.workDir().resolve("kafka"), options.preferDefaultPorts() ? (options.secure() ? 9093 : 9092) : 0,
                options.kafkaPartitions(), ca);
        kafka.createAcls(org.openholter.launcher.services.KafkaAccess.holter(EcgJobOptions.GROUP.defaultValue(),
                GatewayConfig.flags().parse(new String[0], Map.of()).get("kafka.alarm-group"), EcgJob.ALARM_TRANSACTION_PREFIX_OF.apply(EcgJobOptions.GROUP.defaultValue())));
        LOG.info("services up in {} ms: MQTT :{}, Kafka :{}, InfluxDB :{}", (System.nanoTime() - t) / 1_000_000,
                mqtt.port(), kafka.port(), influx.port());
        return this;
    }

    public Stack startGateway(String... extraArgs) throws Exception {
        gateway = new Gateway(GatewayConfig.from(gatewayArgs(extraArgs).toArray(String[]::new), Map.of()), Clock.systemUTC());
        gateway.start();
        return this;
    }

    /**
     * The gateway in a JVM of its own (as deployed; a crash of it can then be tested) instead of this one: the same
     * flags, this JVM's classpath. Ready once it subscribed.
     */
    public org.openholter.launcher.services.ChildProcess startGatewayProcess(String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "org.openholter.gateway.GatewayMain"));
        cmd.addAll(gatewayArgs(extraArgs));
        Path log = options.workDir().resolve("gateway/gateway.log");
        var p = new org.openholter.launcher.services.ChildProcess("gateway", cmd, log, null);
        awaitGateway(p);
        return p;
    }

    /** Waits until a gateway process (just started or restarted) has subscribed. */
    public static void awaitGateway(org.openholter.launcher.services.ChildProcess p) throws IOException {
        p.awaitReady(() -> {
            try {
                String log = Files.readString(p.log());
                int restart = log.lastIndexOf("---- restarted");
                return log.indexOf(" subscribed to ", Math.max(0, restart)) >= 0;
            } catch (IOException e) {
                return false;
            }
        }, java.time.Duration.ofSeconds(60));
    }

    private List<String> gatewayArgs(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--mqtt.host", "127.0.0.1"));
        args.addAll(mqtt.gatewayFlags());
        if (kafka.secure()) args.addAll(List.of("--kafka.config", kafka.clientConfig(KafkaBroker.GATEWAY).toString()));
        if (influx.secure()) args.addAll(List.of("--influx.user", InfluxServer.GATEWAY, "--influx.password-file", influx.passwordFile(InfluxServer.GATEWAY).toString()));
        if (influx.caFile() != null) args.addAll(List.of("--influx.ca-file", influx.caFile().toString()));
        args.addAll(List.of("--mqtt.client-id", "holter-gw-1", "--kafka.bootstrap", kafka.bootstrap(),
                "--kafka.create-partitions", String.valueOf(options.kafkaPartitions()),
                "--influx.url", influx.url(), "--influx.db", options.influxDb(), "--metrics.interval-s", "2"));
        args.addAll(List.of(extraArgs));
        return args;
    }

    /**
     * A fleet of simulated devices for this stack's broker ({@code simulatorFlags}: the simulator's own, but for the
     * connection), each device enrolled on a secure broker with a password, or a client certificate for those in
     * {@code withCertificate}. Not started.
     */
    public org.openholter.simulator.Fleet fleet(java.util.Set<String> withCertificate, List<String> simulatorFlags) throws IOException {
        List<String> args = new ArrayList<>(mqtt.deviceFlags());
        args.addAll(simulatorFlags);
        org.openholter.simulator.Fleet fleet = new org.openholter.simulator.Fleet(
                org.openholter.simulator.FleetConfig.from(args.toArray(String[]::new), Map.of()));
        mqtt.enrol(fleet.patients().stream().map(p -> p.deviceId).toList(), withCertificate);
        return fleet;
    }

    /**
     * A clinician's MQTT session at the central station, connected: over TLS with the password the launcher made for
     * {@code identity} (one of the demo's clinicians) on a secure broker, anonymous on an open one.
     */
    public com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient station(String identity) {
        var c = com.hivemq.client.mqtt.mqtt5.Mqtt5Client.builder().identifier("station-" + identity + "-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(mqtt.port()).sslConfig(mqtt.tls()).buildBlocking();
        var connect = c.connectWith();
        if (mqtt.secure()) {
            connect.simpleAuth().username(identity)
                    .password(mqtt.access().password(identity).getBytes(java.nio.charset.StandardCharsets.UTF_8)).applySimpleAuth();
        }
        connect.send();
        return c;
    }

    /** {@link #fleet(java.util.Set, List)} with passwords only. */
    public org.openholter.simulator.Fleet fleet(String... simulatorFlags) throws IOException {
        return fleet(java.util.Set.of(), List.of(simulatorFlags));
    }

    public EcgJobOptions jobOptions(String restoreFrom) {
        return EcgJobOptions.parse(jobArgs(restoreFrom).toArray(String[]::new), Map.of());
    }

    /** The job's flags for this stack (also what a cluster's {@code flink run} is given). */
    public List<String> jobArgs(String restoreFrom) {
        List<String> args = new ArrayList<>(List.of("--kafka.bootstrap", kafka.bootstrap(), "--influx.url", influx.url(),
                "--influx.db", options.influxDb(), "--checkpoint.interval-ms", String.valueOf(options.checkpointMillis()),
                "--checkpoint.dir", checkpoints.toUri().toString(), "--parallelism", String.valueOf(options.jobParallelism()),
                "--kafka.start", "committed", "--analyzer", options.analyzer(), "--state.backend", options.stateBackend()));
        if (kafka.secure()) args.addAll(List.of("--kafka.config", kafka.clientConfig(KafkaBroker.JOB).toString()));
        if (influx.secure()) args.addAll(List.of("--influx.user", InfluxServer.JOB, "--influx.password-file", influx.passwordFile(InfluxServer.JOB).toString()));
        if (influx.caFile() != null) args.addAll(List.of("--influx.ca-file", influx.caFile().toString()));
        if (restoreFrom != null) args.addAll(List.of("--restore.from", restoreFrom));
        return args;
    }

    /** Starts the job in an in-process MiniCluster, from a checkpoint if given. */
    public Stack startJob(String restoreFrom) throws Exception {
        EcgJobOptions o = jobOptions(restoreFrom);
        Configuration conf = EcgJob.flinkConfig(o);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, options.jobParallelism());
        restPort = org.openholter.launcher.services.ChildProcess.freePort(0); // never collide with a Flink already on 8081
        conf.set(RestOptions.BIND_PORT, String.valueOf(restPort));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.jobParallelism(), conf);
        job = EcgJob.start(env, o);
        LOG.info("job {} running{}", job.getJobID(), restoreFrom == null ? "" : " (restored from " + restoreFrom + ")");
        return this;
    }

    /** The MiniCluster's REST port (Flink's REST API: checkpoints, metrics), 0 before {@link #startJob}. */
    public int restPort() { return restPort; }

    /** The running job's id, or null. */
    public String jobId() { return job == null ? null : job.getJobID().toString(); }

    /** Cancels the job (its last checkpoint is retained) and returns that checkpoint. */
    public String stopJob() throws Exception {
        if (job == null) return null;
        job.cancel().get(60, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (job.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState()) break;
            } catch (Exception e) {
                break; // the MiniCluster may already be gone
            }
            Thread.sleep(100);
        }
        job = null;
        return latestCheckpoint().map(p -> p.toUri().toString()).orElse(null);
    }

    /** The most recent completed checkpoint (one holding {@code _metadata}). */
    public Optional<Path> latestCheckpoint() throws IOException {
        if (!Files.isDirectory(checkpoints)) return Optional.empty();
        try (Stream<Path> s = Files.walk(checkpoints, 2)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(p -> p.resolve("_metadata").toFile().lastModified()));
        }
    }

    /**
     * The station's arguments against this stack (its Kafka, InfluxDB, and on a secure stack its own accounts), then
     * {@code extra} ({@code --web.port}, {@code --hl7.host}, …).
     */
    public List<String> stationArgs(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--kafka.bootstrap", kafka.bootstrap(), "--influx.url", influx.url(),
                "--influx.db", options.influxDb(), "--strips.dir", options.workDir().resolve("station-strips").toString()));
        if (kafka.clientConfig(org.openholter.launcher.services.KafkaBroker.STATION) != null) {
            args.addAll(List.of("--kafka.config", kafka.clientConfig(org.openholter.launcher.services.KafkaBroker.STATION).toString()));
        }
        if (influx.secure()) {
            args.addAll(List.of("--influx.user", org.openholter.launcher.services.InfluxServer.STATION, "--influx.password-file",
                    influx.passwordFile(org.openholter.launcher.services.InfluxServer.STATION).toString(), "--influx.ca-file", influx.caFile().toString()));
        }
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts the station against this stack ({@link #stationArgs}); closed with the stack. */
    public org.openholter.station.Station startStation(String... extra) throws Exception {
        station = new org.openholter.station.Station(org.openholter.station.StationConfig.parse(stationArgs(extra).toArray(String[]::new), Map.of()), true).start();
        return station;
    }

    public boolean jobRunning() {
        try {
            return job != null && !job.getJobStatus().get(5, TimeUnit.SECONDS).isTerminalState();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        long t = System.nanoTime();
        if (job != null) {
            try {
                stopJob();
            } catch (Exception e) {
                LOG.warn("job did not stop cleanly: {}", e.toString());
            }
            LOG.info("job stopped after {} ms", (System.nanoTime() - t) / 1_000_000);
        }
        if (station != null) station.close();
        if (gateway != null) gateway.close();
        if (kafka != null) kafka.close();
        if (influx != null) influx.close();
        if (mqtt != null) mqtt.close();
        LOG.info("stack stopped after {} ms", (System.nanoTime() - t) / 1_000_000);
    }
}
