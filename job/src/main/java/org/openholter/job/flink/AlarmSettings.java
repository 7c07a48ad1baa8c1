package org.openholter.job.flink;

import org.openholter.core.alarms.AlarmBook;
import org.openholter.wire.AlarmCommand;

import java.io.Serializable;
import java.util.Map;

/** How the job's alarms live, and each ward's limits (as checked JSON: the wire records are not serializable). */
public record AlarmSettings(AlarmBook.Policy policy, String wardLimitsJson) implements Serializable {
    public static final AlarmSettings DEFAULT = new AlarmSettings(AlarmBook.Policy.MONITORING, "{}");

    public Map<String, AlarmCommand.Limits> wardLimits() { return AlarmCommand.wardLimits(wardLimitsJson); }
}
