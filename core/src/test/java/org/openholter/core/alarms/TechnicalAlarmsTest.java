package org.openholter.core.alarms;

import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.SignalQuality;
import org.openholter.wire.DeviceStatus;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TechnicalAlarmsTest {
    static final long S = 1_000_000L;
    static final SignalQuality GOOD = new SignalQuality(0.9, 0, 0, false, 0.1, 0), NOISY = new SignalQuality(0.2, 0, 0, false, 3, 0);

    static DeviceStatus status(String state, Double battery) {
        return new DeviceStatus("d1", state, null, battery, null, "w", "b");
    }

    static List<String> said(List<AlarmTransition> t) {
        return t.stream().map(x -> x.type() + (x.raised() ? "+" : "-")).toList();
    }

    @Test
    void deviceOfflineAndBattery_fromStatus_andAnEndedDeviceRaisesNothing() {
        TechnicalAlarms a = new TechnicalAlarms();
        List<AlarmTransition> out = new ArrayList<>();
        a.onStatus(status("online", 50.0), 0, out);
        a.onStatus(status("online", 12.0), S, out);
        a.onStatus(status("online", 17.0), 2 * S, out);   // under 20 %: stays
        a.onStatus(status("offline", null), 3 * S, out);
        a.onStatus(status("offline", null), 4 * S, out);  // the retained last will again: one raise
        a.onStatus(status("online", 21.0), 5 * S, out);
        a.onStatus(status("ended", null), 6 * S, out);
        assertThat(said(out)).containsExactly("BATTERY_LOW+", "DEVICE_OFFLINE+", "DEVICE_OFFLINE-", "BATTERY_LOW-");
        List<AlarmTransition> ended = new ArrayList<>();
        new TechnicalAlarms().onStatus(status("ended", null), 0, ended);
        assertThat(ended).isEmpty();
    }

    @Test
    void noisySignal_needsTenSecondsWithTheElectrodesOn_andLossOrLeadOffAreTheirOwnAlarms() {
        TechnicalAlarms a = new TechnicalAlarms();
        List<AlarmTransition> out = new ArrayList<>();
        a.onStretch(0, 6 * S, NOISY, 0, out);
        assertThat(out).isEmpty();
        a.onStretch(6 * S, 12 * S, NOISY, 0, out);
        assertThat(said(out)).containsExactly("NOISY_SIGNAL+");
        assertThat(out.get(0).onsetMicros()).isZero();
        a.onStretch(12 * S, 18 * S, GOOD, 0, out);
        assertThat(said(out)).containsExactly("NOISY_SIGNAL+", "NOISY_SIGNAL-");
        out.clear();
        a.onStretch(18 * S, 24 * S, new SignalQuality(0, 0, 0.9, false, 0, 0), 0, out);
        a.onStretch(24 * S, 30 * S, new SignalQuality(0, 0, 0.9, false, 0, 0), 0, out);
        a.onStretch(30 * S, 36 * S, NOISY, 0.7, out);
        a.onStretch(36 * S, 42 * S, GOOD, 0, out);
        assertThat(said(out)).as("lead-off and loss, not noise").containsExactly("LEAD_OFF+", "LEAD_OFF-", "SIGNAL_LOSS+", "SIGNAL_LOSS-");
    }
}
