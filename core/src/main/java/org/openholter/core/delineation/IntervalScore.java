package org.openholter.core.delineation;

import java.util.List;

/**
 * How well the intervals the stream reports (PR, QRS, QT: {@link BeatIntervals#around}) agree with the
 * same intervals taken from reference annotations. Every annotated QRS is a beat; the reference and
 * the predicted waves are measured with the same rule, so only the delineation differs.
 */
public final class IntervalScore {
    public enum Interval { PR, QRS, QT }

    /** Signed errors (predicted − reference, ms) of one interval, and how many reference values had none. */
    public static final class Tally {
        private final TimingErrors errors = new TimingErrors();
        private int missed;

        public int compared() { return errors.count(); }
        public int missed() { return missed; }
        /** Share of reference intervals for which the prediction gave a value. */
        public double coverage() { return compared() + missed == 0 ? Double.NaN : compared() / (double) (compared() + missed); }
        public double meanMs() { return errors.meanMs(); }
        public double sdMs() { return errors.sdMs(); }
        public double medianAbsMs() { return errors.medianAbsMs(); }
    }

    private final Tally[] tallies = {new Tally(), new Tally(), new Tally()};

    public Tally get(Interval i) { return tallies[i.ordinal()]; }

    /** Scores one signal: every complete reference QRS is a beat, fiducial at its midpoint. */
    public void add(List<Wave> reference, List<Wave> predicted, int fs) {
        int[] fiducials = reference.stream().filter(w -> w.kind() == 'N').mapToInt(w -> (w.onset() + w.offset()) / 2).toArray();
        BeatIntervals[] ref = BeatIntervals.around(reference, fiducials, fs);
        BeatIntervals[] pred = BeatIntervals.around(predicted, fiducials, fs);
        for (int b = 0; b < fiducials.length; b++) {
            add(Interval.PR, ref[b].prMs(), pred[b].prMs());
            add(Interval.QRS, ref[b].qrsMs(), pred[b].qrsMs());
            add(Interval.QT, ref[b].qtMs(), pred[b].qtMs());
        }
    }

    private void add(Interval i, double ref, double pred) {
        if (Double.isNaN(ref)) return;
        if (Double.isNaN(pred)) tallies[i.ordinal()].missed++;
        else tallies[i.ordinal()].errors.add(pred - ref);
    }

}
