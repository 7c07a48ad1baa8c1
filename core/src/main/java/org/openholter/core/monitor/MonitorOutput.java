package org.openholter.core.monitor;

import org.openholter.wire.AlarmEvent;

/** Where a {@link PatientMonitor} sends its results. */
public interface MonitorOutput {
    void window(WindowReport report);

    void alarm(AlarmEvent alarm);
}
