package org.openholter.core.alarms;

/**
 * Alarm types; the names are used verbatim on Kafka, MQTT, InfluxDB and in CSV files. Priorities per IEC 60601-1-8:
 * high for the life-threatening arrhythmias, medium and low for the rest; technical alarms say the patient is not
 * being monitored properly.
 */
public enum AlarmType {
    /** No QRS for at least 4 s. */
    ASYSTOLE(Priority.HIGH),
    /** Ventricular flutter / fibrillation in the rhythm layer for at least 4 s. */
    VFIB(Priority.HIGH),
    /** At least 5 consecutive ventricular beats at more than 100 bpm. */
    VTACH(Priority.HIGH),
    /** Rate below 40 bpm over 5 consecutive beats. */
    EXTREME_BRADY(Priority.HIGH),
    /** Rate above 140 bpm over 17 consecutive beats. */
    EXTREME_TACHY(Priority.HIGH),
    /** An RR interval longer than the pause limit (default 3 s). */
    PAUSE(Priority.MEDIUM),
    /** An AF episode (30 s or more of AF in the rhythm layer): raised at onset, cleared at its end. */
    AFIB(Priority.MEDIUM),
    /** 3 or 4 consecutive ventricular beats (5 or more fast ones are VTACH). */
    RUN_PVC(Priority.MEDIUM),
    /** Exactly 2 consecutive ventricular beats. */
    COUPLET(Priority.LOW),
    /** At least 3 cycles of a normal beat followed by a ventricular one. */
    BIGEMINY(Priority.LOW),
    /** Heart rate above the patient's upper limit (default 120 bpm) for 10 s. */
    HR_HIGH(Priority.MEDIUM),
    /** Heart rate below the patient's lower limit (default 50 bpm) for 10 s. */
    HR_LOW(Priority.MEDIUM),
    /** QTc (Bazett) above its limit (default 500 ms) for a minute. */
    QTC_LONG(Priority.LOW),
    // Technical alarms: the patient is not being monitored properly.
    /** The device reports an electrode off for most of a stretch. */
    LEAD_OFF(Priority.MEDIUM),
    /** Most of a stretch's samples were lost on the way. */
    SIGNAL_LOSS(Priority.MEDIUM),
    /** The signal has been unreadable (noise, flat line, saturation) for 10 s with the electrodes on. */
    NOISY_SIGNAL(Priority.LOW),
    /** The device vanished (its MQTT last will, or an offline status) while monitoring. */
    DEVICE_OFFLINE(Priority.MEDIUM),
    /** The device's battery is under 15 %. */
    BATTERY_LOW(Priority.LOW);

    /** IEC 60601-1-8 priorities. */
    public enum Priority { HIGH, MEDIUM, LOW }

    private final Priority priority;

    AlarmType(Priority priority) { this.priority = priority; }

    public Priority priority() { return priority; }
}
