package org.openholter.gateway.alarms;

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

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final MqttLink mqtt;
    private final Topics topics;
    private final GatewayMetrics metrics;
    private final Duration maxAge;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;

    public AlarmForwarder(String bootstrap, String group, String alarmTopic, MqttLink mqtt, Topics topics,
                          GatewayMetrics metrics, Duration maxAge, Clock clock) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.consumer.subscribe(List.of(alarmTopic));
        this.mqtt = mqtt;
        this.topics = topics;
        this.metrics = metrics;
        this.maxAge = maxAge;
        this.clock = clock;
        this.thread = new Thread(this::run, "alarm-forwarder");
        this.thread.setDaemon(true);
    }

    public void start() { thread.start(); }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> recs = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : recs) forward(r);
                if (!recs.isEmpty()) consumer.commitSync();
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (RuntimeException e) {
            LOG.error("alarm forwarder stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void forward(ConsumerRecord<byte[], byte[]> r) {
        AlarmEvent a;
        try {
            a = AlarmEvent.fromJson(r.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping unreadable alarm at offset {}: {}", r.offset(), e.getMessage());
            return;
        }
        if (clock.millis() - a.eventMillis() > maxAge.toMillis() && clock.millis() - r.timestamp() > maxAge.toMillis()) {
            LOG.debug("not announcing stale alarm {}", a.id());
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
                LOG.warn("publishing alarm {} to MQTT failed ({}); retrying", a.id(), e.toString());
                try {
                    Thread.sleep(backoff);
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
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
