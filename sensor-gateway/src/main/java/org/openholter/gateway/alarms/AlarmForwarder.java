package org.openholter.gateway.alarms;

import org.openholter.core.config.PhiInLogs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.openholter.gateway.health.GatewayMetrics;
import org.openholter.gateway.mqtt.MqttLink;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Carries committed alarms from Kafka to MQTT: each to its device's alarm topic and to its ward's.
 * Reads with {@code read_committed}, so only alarms of completed job checkpoints go out (no alarm is
 * announced that a job restart would take back); offsets are committed after the broker acknowledged
 * the publications (at least once; the alarm id lets receivers drop a repeat). Alarms older than
 * {@code maxAge} when first seen (a gateway starting on an old topic) are counted, not announced.
 */
public final class AlarmForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmForwarder.class);

    private final Properties consumerProperties;
    private final String alarmTopic;
    private final MqttLink mqtt;
    private final Topics topics;
    private final GatewayMetrics metrics;
    private final Duration maxAge;
    private final Clock clock;
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

    /** {@code base}: the bootstrap servers and the deployment's own client properties (security), under ours. */
    public AlarmForwarder(Properties base, String group, String alarmTopic, MqttLink mqtt, Topics topics,
                          GatewayMetrics metrics, Duration maxAge, Clock clock) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumerProperties = p;
        this.alarmTopic = alarmTopic;
        this.mqtt = mqtt;
        this.topics = topics;
        this.metrics = metrics;
        this.maxAge = maxAge;
        this.clock = clock;
        this.thread = new Thread(this::supervise, "alarm-forwarder");
        this.thread.setDaemon(true);
    }

    public void start() { thread.start(); }

    /**
     * Runs the forwarding loop until closed, and starts it again (a new consumer, from the last committed offset,
     * so nothing is skipped) after any failure, with a back-off of up to 30 s: a gateway whose forwarder died would
     * go on taking frames while no alarm reached MQTT. Each restart is logged and counted.
     */
    private void supervise() {
        long backoff = 500;
        while (running) {
            long started = System.nanoTime();
            try {
                forwardUntilClosed();
                return;
            } catch (RuntimeException | Error e) {
                if (!running) return;
                metrics.forwarderRestarts.increment();
                if (System.nanoTime() - started > 60_000_000_000L) backoff = 500; // it ran well for a while: not a crash loop
                LOG.error("alarm forwarder failed; starting it again in {} ms (restart {})", backoff, metrics.forwarderRestarts.sum(), e);
                try {
                    if (closing.await(backoff, TimeUnit.MILLISECONDS)) return;
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void forwardUntilClosed() {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties);
        consumer = c;
        try {
            c.subscribe(List.of(alarmTopic));
            while (running) {
                ConsumerRecords<byte[], byte[]> recs = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : recs) forward(r);
                if (!recs.isEmpty()) c.commitSync();
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    /** For tests: the forwarder's thread is alive (it never ends while the gateway runs). */
    public boolean alive() { return thread.isAlive(); }

    private void forward(ConsumerRecord<byte[], byte[]> r) {
        AlarmEvent a;
        try {
            a = AlarmEvent.fromJson(r.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping unreadable alarm at offset {}: {}", r.offset(), e.getMessage());
            return;
        }
        if (clock.millis() - a.eventMillis() > maxAge.toMillis() && clock.millis() - r.timestamp() > maxAge.toMillis()) {
            LOG.debug("not announcing stale alarm {}", PhiInLogs.of(a.id()));
            return;
        }
        byte[] json = r.value();
        long backoff = 200;
        while (running) {
            try {
                CompletableFuture.allOf(
                        mqtt.publish(topics.deviceAlarm(a.deviceId()), json, false),
                        mqtt.publish(topics.wardAlarm(a.ward() == null ? "default" : a.ward()), json, false))
                        .get(10, TimeUnit.SECONDS);
                metrics.alarmsForwarded.increment();
                return;
            } catch (Exception e) {
                LOG.warn("publishing alarm {} to MQTT failed ({}); retrying", PhiInLogs.of(a.id()), e.toString());
                try {
                    if (closing.await(backoff, TimeUnit.MILLISECONDS)) return;
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        closing.countDown(); // ends a back-off at once (an interrupt would break the consumer's own orderly close)
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
