package org.openholter.job.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Kafka records → {@link DeviceRecord}. The key is the device id (the gateway keys by device); the
 * Kafka time stamp is the frame's first-sample time. Records without a key are skipped and logged:
 * they cannot be routed to a patient.
 */
public class DeviceRecordDeserializer implements KafkaRecordDeserializationSchema<DeviceRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRecordDeserializer.class);

    private final String statusTopic, commandTopic;

    public DeviceRecordDeserializer(String statusTopic) {
        this(statusTopic, null);
    }

    public DeviceRecordDeserializer(String statusTopic, String commandTopic) {
        this.statusTopic = statusTopic;
        this.commandTopic = commandTopic;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<DeviceRecord> out) {
        if (r.key() == null || r.value() == null) {
            LOG.warn("skipping record without key or value at {}-{}@{}", r.topic(), r.partition(), r.offset());
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        byte kind = r.topic().equals(statusTopic) ? DeviceRecord.STATUS
                : !r.topic().equals(commandTopic) ? DeviceRecord.FRAME
                : key.startsWith(org.openholter.wire.AlarmCommand.WARD_KEY_PREFIX) ? DeviceRecord.WARD_COMMAND : DeviceRecord.COMMAND;
        out.collect(new DeviceRecord(key, kind, r.timestamp(), r.value()));
    }

    @Override
    public TypeInformation<DeviceRecord> getProducedType() {
        return TypeInformation.of(DeviceRecord.class);
    }
}
