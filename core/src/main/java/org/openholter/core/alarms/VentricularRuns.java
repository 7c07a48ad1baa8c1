package org.openholter.core.alarms;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * VTACH by the ICU definition, on the fast path's beats as they settle: 5 or more ventricular beats in a row at more
 * than 100 bpm (their mean rate). A beat is ventricular or not by its shape against the patient's own dominant beat
 * ({@link org.openholter.core.beats.DominantBeat}), judged on the leads that can be read; a beat on no readable lead
 * is unknown and breaks a run without ending an alarm. The alarm clears at the first beat that is not ventricular, or
 * when the last five have slowed under 95 bpm.
 */
final class VentricularRuns {
    static final int BEATS = 5;
    static final double MIN_BPM = 100, FASTER = 1.1;

    private int run;
    private long runStart = Long.MIN_VALUE, last = Long.MIN_VALUE;
    private final long[] recent = new long[BEATS]; // the run's last BEATS beats, oldest first once full
    /** The mean RR of the beats that were not ventricular (µs, averaged over the last ones); 0 unknown. */
    private double usualRr;
    private boolean on;
    private long onset = Long.MIN_VALUE;

    boolean active() { return on; }
    long onset() { return onset; }

    /** The next beat at {@code t}: ventricular (TRUE), not (FALSE), or unknown (null). */
    void beat(long t, Boolean ventricular, List<AlarmTransition> out) {
        if (ventricular == null) {
            run = 0;
        } else if (ventricular) {
            if (run == 0) runStart = t;
            run++;
            System.arraycopy(recent, 1, recent, 0, BEATS - 1);
            recent[BEATS - 1] = t;
            // The rate of the last 5 ventricular beats: a run that speeds up past 100 bpm is VT from then on.
            double bpm = run >= BEATS ? 60e6 * (BEATS - 1) / (t - recent[0]) : Double.NaN;
            if (on && bpm < MIN_BPM - 5) {
                // Still unlike the usual beat, but no longer fast: an idioventricular rhythm, or a new usual beat not yet learnt.
                on = false;
                out.add(new AlarmTransition(AlarmType.VTACH, false, onset, t, bpm, String.format(java.util.Locale.ROOT, "ventricular beats slowed to %.0f bpm", bpm)));
            }
            // A run no faster than the rhythm it interrupts is a change of conduction (a bundle-branch block that
            // comes and goes), not a ventricular tachycardia, which takes over faster.
            double usualBpm = usualRr > 0 ? 60e6 / usualRr : 0;
            if (!on && run >= BEATS && bpm > MIN_BPM && bpm > FASTER * usualBpm) {
                on = true;
                onset = runStart;
                out.add(new AlarmTransition(AlarmType.VTACH, true, runStart, t, bpm,
                        String.format(java.util.Locale.ROOT, "%d ventricular beats at %.0f bpm", run, bpm)));
            }
        } else {
            if (last != Long.MIN_VALUE && run == 0) {
                long rr = t - last;
                if (rr > 200_000L && rr < 3_000_000L) usualRr = usualRr == 0 ? rr : 0.9 * usualRr + 0.1 * rr;
            }
            run = 0;
            if (on) {
                on = false;
                out.add(new AlarmTransition(AlarmType.VTACH, false, onset, t, 0, "a beat like the patient's usual one"));
            }
        }
        last = t;
    }

    /** Signal lost for good (the segment ended, or no lead can be read): an alarm clears, a run is forgotten. */
    void unreadable(long t, List<AlarmTransition> out) {
        run = 0;
        if (on) {
            on = false;
            out.add(new AlarmTransition(AlarmType.VTACH, false, onset, t, 0, "no lead readable"));
        }
    }

    /** A raise was vetoed: forget it (and the run), so that a run still going on raises again after 5 more beats. */
    void forget() {
        on = false;
        run = 0;
    }

    /** An alarm held by an older fast path, going on until a beat like the usual one. */
    void restoreActive(long since) {
        on = true;
        onset = since;
    }

    void write(DataOutput o) throws IOException {
        o.writeInt(run);
        o.writeLong(runStart);
        o.writeLong(last);
        o.writeBoolean(on);
        o.writeLong(onset);
        for (long r : recent) o.writeLong(r);
        o.writeDouble(usualRr);
    }

    void read(DataInput in) throws IOException {
        run = in.readInt();
        runStart = in.readLong();
        last = in.readLong();
        on = in.readBoolean();
        onset = in.readLong();
        for (int i = 0; i < BEATS; i++) recent[i] = in.readLong();
        usualRr = in.readDouble();
    }
}
