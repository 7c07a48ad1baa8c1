package org.openholter.station.web;

import org.junit.jupiter.api.Test;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.DeviceStatus;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WardBoardTest {
    static final long T = 1_796_000_000_000L;

    static AlarmEvent alarm(String device, String type, String priority, String state, long onset, Boolean active, Boolean latched, String by) {
        return new AlarmEvent(AlarmEvent.episodeId(device, type, onset), device, "w", device.substring(1), type, priority, state,
                onset, onset + 1000, null, "m", active, latched, by, null);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alarms(Map<String, Object> bed) { return (List<Map<String, Object>>) bed.get("alarms"); }

    @Test
    void bedsAreSortedByTheirMostUrgentAlarm_andAHighAlarmStaysLatchedUntilAcknowledged() {
        WardBoard b = new WardBoard();
        for (String d : List.of("d1", "d2", "d3")) b.samples(d, "w", d.substring(1), 250, T * 1000, new float[250], T);
        b.alarm(alarm("d3", "HR_HIGH", "MEDIUM", AlarmEvent.RAISED, T, true, false, null));
        b.alarm(alarm("d2", "ASYSTOLE", "HIGH", AlarmEvent.RAISED, T, true, false, null));
        b.vitals("d2", "w", "2", 73.0, "SINUS", 1.0);
        List<Map<String, Object>> beds = b.snapshot(null, false, T + 5000);
        assertThat(beds).extracting(m -> m.get("device")).containsExactly("d2", "d3", "d1");
        assertThat(beds.get(0).get("hr")).as("no rate shown while the asystole is active").isNull();
        // The asystole ends: latched (shown) until a nurse acknowledges it.
        b.alarm(alarm("d2", "ASYSTOLE", "HIGH", AlarmEvent.CLEARED, T, false, true, null).with(AlarmEvent.CLEARED, T + 9000, "beats resumed", false, true, null, null));
        Map<String, Object> d2 = b.snapshot(null, false, T + 10_000).get(0);
        assertThat(d2.get("hr")).as("the rate again once the asystole has ended").isEqualTo(73.0);
        assertThat(alarms(d2)).hasSize(1);
        assertThat(alarms(d2).get(0)).containsEntry("latched", true).containsEntry("active", false).containsEntry("age_s", 10L);
        AlarmEvent acked = alarm("d2", "ASYSTOLE", "HIGH", AlarmEvent.RAISED, T, true, false, null)
                .with(AlarmEvent.ACKNOWLEDGED, T + 12_000, "acknowledged", false, false, "nurse.kim", null);
        b.alarm(acked);
        assertThat(alarms(b.snapshot(null, false, T + 13_000).stream().filter(m -> m.get("device").equals("d2")).findFirst().orElseThrow())).isEmpty();
        assertThat(b.audit(T + 13_000)).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("by", "nurse.kim").containsEntry("state", "ACKNOWLEDGED").containsEntry("device", "d2");
        });
        // A late older step does not bring it back; a vetoed raise is never shown.
        b.alarm(alarm("d2", "ASYSTOLE", "HIGH", AlarmEvent.RAISED, T, true, false, null));
        b.alarm(alarm("d1", "VFIB", "HIGH", AlarmEvent.VETOED, T, null, null, null));
        assertThat(b.snapshot(null, false, T + 14_000)).extracting(m -> m.get("device")).containsExactly("d3", "d1", "d2");
    }

    @Test
    void aClearingWhoseConditionEndedBeforeAnEscalationStillEndsTheAlarm() {
        // A VF escalated (unacknowledged) at 40 s, then cleared: its condition had ended at 31 s. Steps come in order.
        WardBoard b = new WardBoard();
        b.samples("d1", "w", "1", 250, T * 1000, new float[250], T);
        b.vitals("d1", "w", "1", 70.0, "SINUS", 1.0);
        AlarmEvent raised = alarm("d1", "VFIB", "HIGH", AlarmEvent.RAISED, T, true, false, null);
        b.alarm(raised);
        b.alarm(raised.with(AlarmEvent.ESCALATED, T + 40_000, "escalated", true, false, null, null));
        assertThat(b.snapshot(null, false, T + 41_000).get(0).get("hr")).as("no rate while the VF is active").isNull();
        b.alarm(raised.with(AlarmEvent.CLEARED, T + 31_000, "ended", false, true, null, null));
        Map<String, Object> bed = b.snapshot(null, false, T + 42_000).get(0);
        assertThat(alarms(bed)).singleElement().satisfies(a -> assertThat(a).containsEntry("active", false).containsEntry("latched", true));
        assertThat(bed.get("hr")).as("the rate again once the VF has ended").isEqualTo(70.0);
    }

    @Test
    void aDeviceWithoutFramesForTenSecondsIsNotOnline_andTheStripKeepsTheLastSecondsAtMostAt250Hz() {
        WardBoard b = new WardBoard();
        float[] mv = new float[500];
        for (int i = 0; i < mv.length; i++) mv[i] = i % 100 == 0 ? 1.2f : 0f;
        mv[7] = Float.NaN;
        b.samples("d1", "w", "1", 500, T * 1000, mv, T);
        b.status(new DeviceStatus("d1", DeviceStatus.ONLINE, T, 80.0, null, "w", "1"));
        Map<String, Object> snap = b.snapshot(null, true, T + 1000).get(0);
        assertThat(snap).containsEntry("online", true).containsEntry("battery", 80.0);
        @SuppressWarnings("unchecked") Map<String, Object> strip = (Map<String, Object>) snap.get("strip");
        assertThat(strip).containsEntry("fs", 250);
        @SuppressWarnings("unchecked") List<Integer> v = (List<Integer>) strip.get("v");
        assertThat(v).hasSize(250);
        assertThat(v.get(0)).isEqualTo(120);
        assertThat(b.snapshot(null, false, T + 11_000).get(0)).containsEntry("online", false).containsEntry("state", "no signal");
        assertThat(b.drainSamples()).containsKey("d1");
        assertThat(b.drainSamples()).isEmpty();
    }
}
