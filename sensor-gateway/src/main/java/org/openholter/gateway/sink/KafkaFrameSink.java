package org.openholter.gateway.sink;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openholter.gateway.health.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kafka producer for frames, status and dead letters: idempotent, {@code acks=all}. {@link #send}
 * calls back only once Kafka has acknowledged the record; a failed send is retried with backoff
 * until it succeeds, so that the MQTT message behind it is never acknowledged before it is safe —
 * unless Kafka refuses the record itself (a timestamp outside the broker's window, too large), which
 * no retry can change: that record is handed back to the caller, and the others in its batch retried.
 */
public final class KafkaFrameSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFrameSink.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final GatewayMetrics metrics;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kafka-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong retriesUnlogged = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastRetryLogMillis;

    /** {@code base}: the bootstrap servers and the deployment's own client properties (security), under ours. */
    public KafkaFrameSink(Properties base, String clientId, GatewayMetrics metrics) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20"); // batches of a whole ward's frames: fewer produce requests; 20 ms is nothing to an alarm
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.metrics = metrics;
    }

    /** Sends and runs {@code onStored} once Kafka acknowledged the record (retrying failures); a record Kafka refuses is logged and dropped. */
    public void send(String topic, String key, long timestampMillis, byte[] value, Runnable onStored) {
        send(topic, key, timestampMillis, value, onStored, refusal -> {
            LOG.warn("Kafka refused a record for {}: {}; dropped", topic, refusal.toString());
            onStored.run();
        });
    }

    /** As {@link #send(String, String, long, byte[], Runnable)}, with {@code onRefused} told of a record Kafka will never take. */
    public void send(String topic, String key, long timestampMillis, byte[] value, Runnable onStored,
                     java.util.function.Consumer<Exception> onRefused) {
        send(new ProducerRecord<>(topic, null, timestampMillis, key.getBytes(StandardCharsets.UTF_8), value), onStored, onRefused, 200);
    }

    /** Errors about the record itself: sending it again cannot succeed. (Authorisation errors are retried: an administrator can fix them.) */
    static boolean refusesTheRecord(Exception e) {
        return e instanceof org.apache.kafka.common.errors.InvalidTimestampException
                || e instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || e instanceof org.apache.kafka.common.InvalidRecordException;
    }

    private void send(ProducerRecord<byte[], byte[]> r, Runnable onStored, java.util.function.Consumer<Exception> onRefused, long backoffMs) {
        metrics.inFlight.incrementAndGet();
        try {
            producer.send(r, (md, e) -> {
                metrics.inFlight.decrementAndGet();
                if (e == null) {
                    onStored.run();
                } else if (refusesTheRecord(e)) {
                    retries.execute(() -> onRefused.accept(e)); // not on the producer's I/O thread: the caller may send again
                } else {
                    retry(r, onStored, onRefused, backoffMs, e);
                }
            });
        } catch (RuntimeException e) {
            metrics.inFlight.decrementAndGet();
            if (refusesTheRecord(e)) onRefused.accept(e);
            else retry(r, onStored, onRefused, backoffMs, e);
        }
    }

    private void retry(ProducerRecord<byte[], byte[]> r, Runnable onStored, java.util.function.Consumer<Exception> onRefused, long backoffMs, Exception e) {
        if (closed) {
            LOG.warn("not retrying a record for {} at shutdown; its MQTT message stays unacknowledged and will be redelivered", r.topic());
            return;
        }
        metrics.kafkaRetries.increment();
        // One line every 10 s at most: an outage fails every record in flight, and the metric counts them all.
        long now = System.currentTimeMillis();
        if (now - lastRetryLogMillis >= 10_000) {
            lastRetryLogMillis = now;
            LOG.warn("Kafka send to {} failed ({}); retrying in {} ms ({} more failures since the last line)", r.topic(), e.toString(),
                    backoffMs, retriesUnlogged.getAndSet(0));
        } else {
            retriesUnlogged.incrementAndGet();
        }
        retries.schedule(() -> send(r, onStored, onRefused, Math.min(backoffMs * 2, 10_000)), backoffMs, TimeUnit.MILLISECONDS);
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Gives in-flight records 10 s to reach Kafka. Whatever is still unsent then was never acknowledged
     * on MQTT either, so the broker redelivers it to the next gateway: closing never loses a frame.
     */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
