package org.openholter.core.alarms;

/** Alarm types; the names are used verbatim on Kafka, MQTT, InfluxDB and in CSV files. */
public enum AlarmType {
    /** No QRS for at least 4 s. */
    ASYSTOLE(Priority.HIGH),
    /** Rate below 40 bpm over 5 consecutive beats. */
    EXTREME_BRADY(Priority.HIGH),
    /** Rate above 140 bpm over 17 consecutive beats. */
    EXTREME_TACHY(Priority.HIGH);

    /** IEC 60601-1-8 priorities. */
    public enum Priority { HIGH, MEDIUM, LOW }

    private final Priority priority;

    AlarmType(Priority priority) { this.priority = priority; }

    public Priority priority() { return priority; }
}
