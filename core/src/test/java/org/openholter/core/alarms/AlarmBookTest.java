package org.openholter.core.alarms;

import org.junit.jupiter.api.Test;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.AlarmEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmBookTest {
    static AlarmEvent condition(AlarmType type, String state, long onsetMs, long atMs) {
        return new AlarmEvent(AlarmEvent.episodeId("bed-1", type.name(), onsetMs), "bed-1", "icu", "1", type.name(),
                type.priority().name(), state, onsetMs, atMs, 0.0, "m");
    }

    static AlarmCommand command(String action, String id) {
        return new AlarmCommand(action, "bed-1", id, "nurse-ann", null, null, null);
    }

    static String steps(List<AlarmEvent> out) {
        return out.stream().map(e -> e.type() + " " + e.state() + (e.active() ? " active" : "") + (e.latched() ? " latched" : "")
                + (e.by() != null ? " by " + e.by() : "")).toList().toString();
    }

    static AlarmBook roundTrip(AlarmBook b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        b.write(new DataOutputStream(o));
        AlarmBook c = new AlarmBook();
        c.read(new DataInputStream(new ByteArrayInputStream(o.toByteArray())));
        return c;
    }

    @Test
    void aHighAlarmEscalatesOnceLatchesWhenItsConditionEndsAndGoesOnlyWithItsAcknowledgement() throws IOException {
        AlarmBook b = new AlarmBook();
        List<AlarmEvent> out = new ArrayList<>();
        AlarmBook.Policy p = AlarmBook.Policy.MONITORING;
        b.onCondition(condition(AlarmType.VFIB, AlarmEvent.RAISED, 1000, 5000), p, out::add);
        b.tick(34_000, p, out::add);
        b.tick(35_001, p, out::add);
        b.tick(40_000, p, out::add);
        b = roundTrip(b);
        b.onCondition(condition(AlarmType.VFIB, AlarmEvent.RAISED, 1000, 5000), p, out::add); // a replay: raised once
        b.onCondition(condition(AlarmType.VFIB, AlarmEvent.CLEARED, 1000, 50_000), p, out::add);
        assertThat(b.open()).hasSize(1);
        String id = AlarmEvent.episodeId("bed-1", "VFIB", 1000);
        assertThat(b.onCommand(command(AlarmCommand.ACK, id), 60_000, out::add)).isEqualTo(1);
        assertThat(b.open()).isEmpty();
        assertThat(b.onCommand(command(AlarmCommand.ACK, id), 61_000, out::add)).isZero();
        assertThat(steps(out)).isEqualTo("[VFIB RAISED active, VFIB ESCALATED active, VFIB CLEARED latched, VFIB ACKNOWLEDGED by nurse-ann]");
        assertThat(out.get(3).eventMillis()).isEqualTo(60_000);
    }

    @Test
    void acknowledgedOrSilencedAlarmsAreNotEscalatedAndLowerPrioritiesDoNotLatch() {
        AlarmBook b = new AlarmBook();
        List<AlarmEvent> out = new ArrayList<>();
        AlarmBook.Policy p = AlarmBook.Policy.MONITORING;
        b.onCondition(condition(AlarmType.ASYSTOLE, AlarmEvent.RAISED, 0, 4000), p, out::add);
        b.onCondition(condition(AlarmType.EXTREME_TACHY, AlarmEvent.RAISED, 1000, 8000), p, out::add);
        b.onCondition(condition(AlarmType.HR_HIGH, AlarmEvent.RAISED, 2000, 12_000), p, out::add);
        b.onCommand(command(AlarmCommand.ACK, AlarmEvent.episodeId("bed-1", "ASYSTOLE", 0)), 10_000, out::add);
        b.onCommand(new AlarmCommand(AlarmCommand.SILENCE, "bed-1", AlarmEvent.episodeId("bed-1", "EXTREME_TACHY", 1000), "bob", null, 60.0, null),
                10_000, out::add);
        b.tick(69_000, p, out::add);
        b.onCondition(condition(AlarmType.HR_HIGH, AlarmEvent.CLEARED, 2000, 70_000), p, out::add);
        b.onCondition(condition(AlarmType.ASYSTOLE, AlarmEvent.CLEARED, 0, 71_000), p, out::add);
        b.tick(71_000, p, out::add); // the silence ended at 70 s
        assertThat(steps(out)).isEqualTo("[ASYSTOLE RAISED active, EXTREME_TACHY RAISED active, HR_HIGH RAISED active, "
                + "ASYSTOLE ACKNOWLEDGED active by nurse-ann, EXTREME_TACHY SILENCED active by bob, HR_HIGH CLEARED, ASYSTOLE CLEARED, "
                + "EXTREME_TACHY ESCALATED active]");
        assertThat(out.get(4).untilMillis()).isEqualTo(70_000);
        assertThat(b.open()).containsOnlyKeys(AlarmEvent.episodeId("bed-1", "EXTREME_TACHY", 1000));
    }

    @Test
    void aHighPriorityAlarmIsSilencedForTwoMinutesAtMost_aLowerOneForWhatWasAsked() {
        AlarmBook b = new AlarmBook();
        List<AlarmEvent> out = new ArrayList<>();
        AlarmBook.Policy p = AlarmBook.Policy.MONITORING;
        b.onCondition(condition(AlarmType.ASYSTOLE, AlarmEvent.RAISED, 0, 4000), p, out::add);
        b.onCondition(condition(AlarmType.HR_HIGH, AlarmEvent.RAISED, 2000, 6000), p, out::add);
        b.onCommand(new AlarmCommand(AlarmCommand.SILENCE, "bed-1", null, "bob", null, 600.0, null), 10_000, out::add);
        AlarmEvent high = out.get(2), low = out.get(3);
        assertThat(high.type()).isEqualTo("ASYSTOLE");
        assertThat(high.untilMillis()).isEqualTo(10_000 + 120_000);
        assertThat(high.message()).contains("for 120 s (600 s asked; a high-priority alarm at most 120 s)");
        assertThat(low.untilMillis()).isEqualTo(10_000 + 600_000);
        b.tick(130_000, p, out::add); // silence over, nobody acknowledged: escalated now, not 8 minutes later
        assertThat(out.get(out.size() - 1).state()).isEqualTo(AlarmEvent.ESCALATED);
    }

    @Test
    void recordingsNeitherLatchNorEscalate() {
        AlarmBook b = new AlarmBook();
        List<AlarmEvent> out = new ArrayList<>();
        b.onCondition(condition(AlarmType.VFIB, AlarmEvent.RAISED, 0, 4000), AlarmBook.Policy.RECORDING, out::add);
        b.tick(600_000, AlarmBook.Policy.RECORDING, out::add);
        b.onCondition(condition(AlarmType.VFIB, AlarmEvent.CLEARED, 0, 700_000), AlarmBook.Policy.RECORDING, out::add);
        assertThat(steps(out)).isEqualTo("[VFIB RAISED active, VFIB CLEARED]");
        assertThat(b.open()).isEmpty();
    }
}
