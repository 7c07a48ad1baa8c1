package org.openholter.core.hrv;

/**
 * Turns beats, fed in order, into normal-to-normal intervals, one beat late (whether a beat has an ectopic
 * neighbour is known only once the next beat is). An interval is kept when:
 * <ul>
 *   <li>both its beats are normal and neither has an ectopic neighbour;</li>
 *   <li>it lies within {@value NnSeries#MIN_MS}–{@value NnSeries#MAX_MS} ms (else a beat was missed or doubled);</li>
 *   <li>it differs from the (plausible) interval before it by at most {@value #MAX_CHANGE} of that one (Malik's rule): this
 *       also removes ectopic beats a detector without beat classes calls normal, and detection artefacts.</li>
 * </ul>
 */
public final class NnFilter {
    public static final double MAX_CHANGE = 0.2;

    /** Receives each kept interval: the time of its second beat (µs) and its length (ms). */
    public interface Sink {
        void nn(long endMicros, double ms);
    }

    private final Sink sink;
    // The current chain of linked beats, at most the last three: labels a (oldest), b, c (newest); the raw intervals
    // a→b and b→c; the time of c. n counts the beats held (0–3).
    private int n;
    private char la, lb, lc;
    private double rrAb = Double.NaN, rrBc = Double.NaN;
    private long tc;

    public NnFilter(Sink sink) {
        this.sink = sink;
    }

    /**
     * The next beat: its time, MIT label, and the interval from the beat before it in ms (NaN when that one is not
     * known, e.g. after lost signal: the beats before then are then no longer its neighbours).
     */
    public void beat(long timeMicros, char label, double rrMs) {
        if (Double.isNaN(rrMs)) {
            decide(false, 'N');
            n = 1;
            lc = label;
            rrAb = rrBc = Double.NaN;
        } else {
            decide(true, label);
            la = lb;
            lb = lc;
            lc = label;
            rrAb = rrBc;
            rrBc = rrMs;
            n = Math.min(n + 1, 3);
        }
        tc = timeMicros;
    }

    /** No more beats (end of a recording): the last interval is decided without a following beat. */
    public void flush() {
        decide(false, 'N');
        n = 0;
    }

    void write(java.io.DataOutput o) throws java.io.IOException {
        o.writeInt(n);
        o.writeChar(la);
        o.writeChar(lb);
        o.writeChar(lc);
        o.writeDouble(rrAb);
        o.writeDouble(rrBc);
        o.writeLong(tc);
    }

    void read(java.io.DataInput in) throws java.io.IOException {
        n = in.readInt();
        la = in.readChar();
        lb = in.readChar();
        lc = in.readChar();
        rrAb = in.readDouble();
        rrBc = in.readDouble();
        tc = in.readLong();
    }

    /** Decides the interval b→c, now that what follows c is known ({@code nextKnown}: a beat labelled {@code next}). */
    private void decide(boolean nextKnown, char next) {
        if (n < 2) return;
        boolean cClean = NnSeries.normal(lc) && NnSeries.normal(lb) && (!nextKnown || NnSeries.normal(next));
        boolean bClean = NnSeries.normal(lb) && NnSeries.normal(lc) && (n < 3 || NnSeries.normal(la));
        if (!bClean || !cClean) return;
        if (rrBc < NnSeries.MIN_MS || rrBc > NnSeries.MAX_MS) return;
        boolean before = n >= 3 && rrAb >= NnSeries.MIN_MS && rrAb <= NnSeries.MAX_MS; // a missed beat is no reference
        if (before && Math.abs(rrBc - rrAb) > MAX_CHANGE * rrAb) return;
        sink.nn(tc, rrBc);
    }
}
