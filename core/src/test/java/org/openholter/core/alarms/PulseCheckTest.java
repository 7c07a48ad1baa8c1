package org.openholter.core.alarms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PulseCheckTest {
    static final int FS = 250;
    static final long S = 1_000_000L;

    /** A PPG with a pulse every 0.8 s from 0 to 70 s, except those in [skipFrom, skipTo) s, fed as the fast path does. */
    static PulseCheck pulses(double skipFrom, double skipTo) {
        return pulses(skipFrom, skipTo, 99, 0.8);
    }

    /** The same, with a pulse every {@code fastInterval} s from {@code fastFrom} s on. */
    static PulseCheck pulses(double skipFrom, double skipTo, double fastFrom, double fastInterval) {
        PulseCheck p = new PulseCheck(FS);
        int n = 70 * FS;
        float[] x = new float[n];
        for (double beat = 0.3; beat < 70; beat += beat >= fastFrom ? fastInterval : 0.8) {
            if (beat >= skipFrom && beat < skipTo) continue;
            for (int i = Math.max(0, (int) ((beat - 0.3) * FS)); i < Math.min(n, (int) ((beat + 0.5) * FS)); i++) {
                double dt = i / (double) FS - beat;
                x[i] += (float) Math.exp(-0.5 * dt * dt / (0.07 * 0.07));
            }
        }
        for (int end = 6 * FS; end <= n; end += FS) { // every second, the last 6 s
            float[] buf = java.util.Arrays.copyOfRange(x, end - 6 * FS, end);
            p.onBuffer(new org.openholter.core.pulse.PulseDetector(FS).detect(buf), Math.round((end - 6 * FS) * 1e6 / FS), Math.round(end * 1e6 / FS));
        }
        return p;
    }

    static AlarmTransition raise(AlarmType type, double onsetS, double atS) {
        return new AlarmTransition(type, true, Math.round(onsetS * S), Math.round(atS * S), type == AlarmType.VTACH ? 150 : 0, "m");
    }

    @Test
    void aBriefVtRunWhilePulsesKeepTheirPaceIsContradicted_butNotWhenAPulseIsMissing() {
        assertThat(pulses(99, 99).contradiction(raise(AlarmType.VTACH, 50.0, 51.2))).as("pulses on at 75 /min").contains("75");
        assertThat(pulses(49.9, 51.5).contradiction(raise(AlarmType.VTACH, 50.0, 51.2))).as("a pulse lost in the run").isNull();
        AlarmTransition samePace = new AlarmTransition(AlarmType.VTACH, true, 50 * S, Math.round(51.2 * S), 80, "m");
        assertThat(pulses(99, 99).contradiction(samePace)).as("a run at the pace the pulse kept before it").contains("75");
        AlarmTransition faster = new AlarmTransition(AlarmType.VTACH, true, 50 * S, 56 * S, 95, "m");
        assertThat(pulses(99, 99).contradiction(faster)).as("a run the pulse did not follow").contains("75");
        assertThat(pulses(99, 99, 49.9, 0.65).contradiction(faster)).as("a pulse that follows the run (92 /min) is the run's own").isNull();
    }

    @Test
    void anAsystoleIsContradictedByPulsesAllThrough_andNotByAPulseThatStopped() {
        assertThat(pulses(99, 99).contradiction(raise(AlarmType.ASYSTOLE, 40, 45))).contains("pulse goes on");
        assertThat(pulses(40, 60).contradiction(raise(AlarmType.ASYSTOLE, 40, 45))).isNull();
        assertThat(pulses(99, 99).contradiction(raise(AlarmType.EXTREME_TACHY, 40, 47)))
                .as("a fast AF loses pulses: a slower pulse never refutes an extreme tachycardia").isNull();
        assertThat(pulses(99, 99).contradiction(raise(AlarmType.EXTREME_BRADY, 40, 47))).as("nor an extreme bradycardia").isNotNull();
    }
}
