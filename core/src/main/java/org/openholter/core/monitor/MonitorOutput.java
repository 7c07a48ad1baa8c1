package org.openholter.core.monitor;

import org.openholter.core.hrv.HrvTracker;
import org.openholter.wire.AlarmEvent;

/** Where a {@link PatientMonitor} sends its results. */
public interface MonitorOutput {
    void window(WindowReport report);

    void alarm(AlarmEvent alarm);

    /** The HRV of a span that has ended (every minute; hourly; daily). Ignored unless overridden. */
    default void hrv(HrvReport report) {}

    /** One patient's {@link HrvTracker.Report}, with where the patient is. */
    record HrvReport(String deviceId, String ward, String bed, HrvTracker.Report report) {}
}
