package org.openholter.job;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.openholter.job.ingest.DeviceRecord;
import org.openholter.job.ingest.DeviceRecordDeserializer;
import org.openholter.job.sinks.KeyedJson;
import org.openholter.job.sinks.KeyedJsonSerializer;
import org.openholter.job.sinks.InfluxSink;

import java.time.Duration;

/**
 * The streaming job. On a cluster: {@code flink run job/target/openholter-job-*.jar --kafka.bootstrap …};
 * locally the launcher runs the same {@link #build} in a MiniCluster.
 */
public final class EcgJob {
    /**
     * The transactional ids of the exactly-once alarm sink start with the consumer group and this suffix; a secure
     * Kafka grants the job's account those ids by prefix.
     */
    public static final java.util.function.UnaryOperator<String> ALARM_TRANSACTION_PREFIX_OF = group -> group + "-alarms";

    private EcgJob() {}

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.println(EcgJobOptions.usage());
            return;
        }
        EcgJobOptions options;
        try {
            options = EcgJobOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig(options));
        build(env, options);
        env.execute("openholter");
    }

    /** Starts the job without waiting (the launcher and tests use this). */
    public static JobClient start(StreamExecutionEnvironment env, EcgJobOptions options) throws Exception {
        build(env, options);
        return env.executeAsync("openholter");
    }

    /** Flink settings the job depends on: checkpointing, retention, state backend, strict typing. */
    public static Configuration flinkConfig(EcgJobOptions o) {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(PipelineOptions.MAX_PARALLELISM, o.get(EcgJobOptions.MAX_PARALLELISM));
        c.set(StateBackendOptions.STATE_BACKEND, o.stateBackend());
        // RocksDB uploads only what changed since the last checkpoint; the heap backend always writes a full copy.
        if (o.stateBackend().equals("rocksdb")) c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(o.get(EcgJobOptions.CHECKPOINT_MS)));
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        String dir = o.get(EcgJobOptions.CHECKPOINT_DIR);
        if (dir != null) {
            c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        }
        String restore = o.get(EcgJobOptions.RESTORE_FROM);
        if (restore != null) c.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
        return c;
    }

    public static void build(StreamExecutionEnvironment env, EcgJobOptions o) {
        int parallelism = o.get(EcgJobOptions.PARALLELISM);
        if (parallelism > 0) env.setParallelism(parallelism);
        env.enableCheckpointing(o.get(EcgJobOptions.CHECKPOINT_MS), CheckpointingMode.EXACTLY_ONCE);

        String bootstrap = o.get(EcgJobOptions.KAFKA_BOOTSTRAP);
        java.util.Properties security = o.kafkaProperties(); // the deployment's own client settings, under the job's
        String statusTopic = o.get(EcgJobOptions.TOPIC_STATUS);
        KafkaSource<DeviceRecord> source = KafkaSource.<DeviceRecord>builder()
                .setProperties(copy(security))
                .setBootstrapServers(bootstrap)
                .setTopics(o.get(EcgJobOptions.TOPIC_FRAMES), statusTopic, o.get(EcgJobOptions.TOPIC_COMMANDS))
                .setGroupId(o.get(EcgJobOptions.GROUP))
                .setStartingOffsets(startingOffsets(o.get(EcgJobOptions.START)))
                .setDeserializer(new DeviceRecordDeserializer(statusTopic, o.get(EcgJobOptions.TOPIC_COMMANDS)))
                .setProperty("commit.offsets.on.checkpoint", "true")
                // Frames arrive steadily from every device: let a fetch gather up to 64 kB or 100 ms rather than
                // return at the first record (hundreds of fetches a second per reader cost the broker more than the data).
                .setProperty("fetch.min.bytes", "65536")
                .setProperty("fetch.max.wait.ms", "100")
                .setProperty("isolation.level", "read_committed")
                .build();

        String alarmTopic = o.get(EcgJobOptions.TOPIC_ALARMS);
        KafkaSink<KeyedJson> alarms = KafkaSink.<KeyedJson>builder()
                .setKafkaProducerConfig(copy(security))
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(ALARM_TRANSACTION_PREFIX_OF.apply(o.get(EcgJobOptions.GROUP)))
                .setProperty("transaction.timeout.ms", "900000")
                .setRecordSerializer(new KeyedJsonSerializer(alarmTopic))
                .build();

        KafkaSink<KeyedJson> codec = KafkaSink.<KeyedJson>builder()
                .setKafkaProducerConfig(copy(security))
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new KeyedJsonSerializer(o.get(EcgJobOptions.TOPIC_CODEC)))
                .build();

        KafkaSink<KeyedJson> events = KafkaSink.<KeyedJson>builder()
                .setKafkaProducerConfig(copy(security))
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new KeyedJsonSerializer(o.get(EcgJobOptions.TOPIC_EVENTS)))
                .build();

        new EcgPipeline(source, new InfluxSink(o.influxConfig(), Duration.ofMillis(500)), alarms, codec, events)
                .build(env, o.monitorConfig(), o.analyzerFactory(), Duration.ofHours(o.get(EcgJobOptions.STATE_TTL_HOURS)), o.alarmSettings(),
                        o.get(EcgJobOptions.LOG_PHI));
    }

    /** A copy for one builder: a builder keeps and changes the Properties it is given. */
    private static java.util.Properties copy(java.util.Properties p) {
        java.util.Properties c = new java.util.Properties();
        c.putAll(p);
        return c;
    }

    static OffsetsInitializer startingOffsets(String start) {
        switch (start) {
            case "committed": return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "earliest": return OffsetsInitializer.earliest();
            case "latest": return OffsetsInitializer.latest();
            default: throw new IllegalArgumentException("--kafka.start must be committed, earliest or latest: " + start);
        }
    }
}
