package org.openholter.launcher;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads a whole Kafka topic from the beginning, as the tests check what the pipeline produced. */
final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * Every record of {@code topic}, read until at least {@code atLeast} arrived and the topic then stayed
     * quiet for {@code quietMillis} (or {@code timeoutMillis} passed).
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(org.openholter.launcher.services.KafkaBroker kafka, String topic, boolean readCommitted,
                                                       int atLeast, long quietMillis, long timeoutMillis) {
        Properties p = kafka.clientProperties(org.openholter.launcher.services.KafkaBroker.ADMIN);
        if (readCommitted) p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + timeoutMillis, quiet = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline && (out.size() < atLeast || System.currentTimeMillis() - quiet < quietMillis)) {
                var recs = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : recs) out.add(r);
                if (!recs.isEmpty()) quiet = System.currentTimeMillis();
            }
        }
        return out;
    }
}
