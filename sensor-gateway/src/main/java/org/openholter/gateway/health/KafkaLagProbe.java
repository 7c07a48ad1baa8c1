package org.openholter.gateway.health;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.openholter.core.sinks.LinePoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lag of the analysis job: end offsets of its input topics minus the offsets its consumer group
 * committed (the job commits on every checkpoint), summed per topic, as operators read it with
 * {@code kafka-consumer-groups.sh --describe}.
 */
public final class KafkaLagProbe {
    private final Admin admin;
    private final String group;

    public KafkaLagProbe(Admin admin, String group) {
        this.admin = admin;
        this.group = group;
    }

    public List<LinePoint> points(long nowMicros) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        List<LinePoint> out = new ArrayList<>();
        if (committed.isEmpty()) return out;
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        committed.keySet().forEach(tp -> req.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(req).all().get(10, TimeUnit.SECONDS);
        Map<String, Long> lag = new HashMap<>();
        committed.forEach((tp, om) -> {
            if (om == null) return;
            long end = ends.get(tp).offset();
            lag.merge(tp.topic(), Math.max(0, end - om.offset()), Long::sum);
        });
        lag.forEach((topic, l) -> out.add(new LinePoint("kafka_lag", nowMicros).tag("group", group).tag("topic", topic)
                .field("lag", l)));
        return out;
    }
}
