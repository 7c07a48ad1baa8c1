package org.openholter.job.sinks;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Keyed JSON → Kafka record: key = device (one partition per patient keeps its messages in order), value = JSON. */
public class KeyedJsonSerializer implements KafkaRecordSerializationSchema<KeyedJson> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public KeyedJsonSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KeyedJson a, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, a.eventTimeMillis, a.deviceId.getBytes(StandardCharsets.UTF_8), a.json);
    }
}
