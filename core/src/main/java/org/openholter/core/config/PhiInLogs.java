package org.openholter.core.config;

/**
 * Whether log lines may carry health information about a patient: alarm types, rhythms, rates, limits, the ward a
 * device is in. Logs leave the clinical system (to files, collectors, support tickets) and are rarely protected as a
 * health record is, so by default they name the device and what the software did, never what is wrong with the
 * patient: such values are written as {@value #REDACTED}. {@code --log-phi true} (job and gateway) lets them through,
 * for a test bench or a site whose log store is part of its protected records. The clinical record itself (Kafka,
 * InfluxDB, the audit trail) is complete either way.
 */
public final class PhiInLogs {
    public static final String REDACTED = "[phi]";
    private static volatile boolean allowed;

    private PhiInLogs() {}

    public static void allow(boolean on) { allowed = on; }

    public static boolean allowed() { return allowed; }

    /** {@code value} when health information may be logged, else {@value #REDACTED}. */
    public static Object of(Object value) {
        return allowed ? value : REDACTED;
    }
}
