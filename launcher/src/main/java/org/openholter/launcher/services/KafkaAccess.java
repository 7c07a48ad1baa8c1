package org.openholter.launcher.services;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.openholter.wire.Topics;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may do what on a secure Kafka broker: the gateway writes what it takes from the devices and reads alarms; the
 * job reads those and writes alarms, codec and events; the station (the central station and the hospital interfaces)
 * reads alarms, frames (the live strips) and statuses and writes the nurses' acknowledgements. Anything that could
 * write {@code ecg.commands} could acknowledge an alarm, and anything that reads {@code ecg.frames} reads every
 * patient's ECG: no other account may.
 */
public final class KafkaAccess {
    private KafkaAccess() {}

    /** The station's consumer group. */
    public static final String STATION_GROUP = "openholter-station";

    /** The ACLs of {@link KafkaBroker#GATEWAY}, {@link KafkaBroker#JOB} and {@link KafkaBroker#STATION}, for the consumer groups and transaction prefix given. */
    public static List<AclBinding> holter(String jobGroup, String alarmForwarderGroup, String alarmTransactionPrefix) {
        List<AclBinding> acl = new ArrayList<>();
        String gw = "User:" + KafkaBroker.GATEWAY, job = "User:" + KafkaBroker.JOB;
        for (String t : List.of(Topics.KAFKA_FRAMES, Topics.KAFKA_STATUS, Topics.KAFKA_DEAD_LETTER, Topics.KAFKA_COMMANDS)) {
            allow(acl, gw, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE);
        }
        allow(acl, gw, ResourceType.TOPIC, Topics.KAFKA_ALARMS, PatternType.LITERAL, AclOperation.READ, AclOperation.CREATE, AclOperation.DESCRIBE);
        allow(acl, gw, ResourceType.GROUP, alarmForwarderGroup, PatternType.LITERAL, AclOperation.READ);
        allow(acl, gw, ResourceType.GROUP, jobGroup, PatternType.LITERAL, AclOperation.DESCRIBE); // the job's lag, for the metrics
        for (String t : List.of(Topics.KAFKA_FRAMES, Topics.KAFKA_STATUS, Topics.KAFKA_COMMANDS)) {
            allow(acl, job, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        }
        for (String t : List.of(Topics.KAFKA_ALARMS, Topics.KAFKA_CODEC, Topics.KAFKA_EVENTS)) {
            allow(acl, job, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE);
        }
        allow(acl, job, ResourceType.GROUP, jobGroup, PatternType.LITERAL, AclOperation.READ);
        allow(acl, job, ResourceType.TRANSACTIONAL_ID, alarmTransactionPrefix, PatternType.PREFIXED, AclOperation.WRITE, AclOperation.DESCRIBE);
        String station = "User:" + KafkaBroker.STATION;
        for (String t : List.of(Topics.KAFKA_ALARMS, Topics.KAFKA_FRAMES, Topics.KAFKA_STATUS, Topics.KAFKA_CODEC)) {
            allow(acl, station, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        }
        allow(acl, station, ResourceType.GROUP, STATION_GROUP, PatternType.LITERAL, AclOperation.READ);
        allow(acl, station, ResourceType.TOPIC, Topics.KAFKA_COMMANDS, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        return acl;
    }

    private static void allow(List<AclBinding> acl, String principal, ResourceType type, String name, PatternType pattern, AclOperation... ops) {
        for (AclOperation op : ops) {
            acl.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
    }
}
