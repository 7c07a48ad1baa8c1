package org.openholter.core.rhythm;

import org.openholter.core.codec.CodecSlice;
import org.openholter.core.codec.Event;
import org.openholter.core.codec.Layers;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * AF episodes and burden of one patient, from the rhythm layer of the reported stretches in order.
 * <ul>
 *   <li>An <b>episode</b> is an unbroken run of AF in the rhythm layer lasting at least {@value #MIN_EPISODE_S} s:
 *       its onset is reported once it has lasted that long (with the time it began), its offset when it ends (a
 *       stretch of another rhythm, noise, or a gap in the stream).</li>
 *   <li>The <b>burden</b> of a UTC hour and of a UTC day is the AF time over the monitored time (everything the
 *       rhythm layer could read, that is all but noise), with the episodes declared in it (30 s after they began) and
 *       the longest episode that ran in it. It is reported every minute for the hour and the day so far, and once more when they end.</li>
 * </ul>
 */
public final class AfTracker {
    public static final long MIN_EPISODE_S = 30;
    static final long MINUTE = 60_000_000L, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
    private static final long MIN_EPISODE = MIN_EPISODE_S * 1_000_000L;
    /** A jump in the stream beyond this ends an AF run (the patient was not monitored in between). */
    private static final long MAX_GAP = 1_000_000L;
    private static final int STATE_VERSION = 1;

    /** An episode's onset ({@code offsetMicros} = MIN_VALUE) or its end. */
    public record Episode(long onsetMicros, long offsetMicros) {
        public boolean ongoing() { return offsetMicros == Long.MIN_VALUE; }
        public double seconds(long nowMicros) { return ((ongoing() ? nowMicros : offsetMicros) - onsetMicros) / 1e6; }
        /** When the event is reported: {@value #MIN_EPISODE_S} s after the onset, or at the end. */
        public long reportedAtMicros() { return ongoing() ? onsetMicros + MIN_EPISODE : offsetMicros; }
    }

    /**
     * AF burden of the UTC hour ({@code span} "1h") or day ("24h") starting at {@code fromMicros}, up to {@code toMicros};
     * {@code complete} once the span is over.
     */
    public record Burden(String span, long fromMicros, long toMicros, boolean complete, double afSeconds,
                         double monitoredSeconds, int episodes, double longestSeconds) {
        /** AF time over monitored time, %; NaN when nothing was monitored. */
        public double percent() { return monitoredSeconds > 0 ? 100 * afSeconds / monitoredSeconds : Double.NaN; }
    }

    public interface Sink {
        void episode(Episode e);
        void burden(Burden b);
    }

    /** Running totals of one hour or day. */
    private static final class Span {
        long from;
        double af, monitored, longest;
        int episodes;

        Span(long from) { this.from = from; }
    }

    private long runStart = Long.MIN_VALUE, runEnd = Long.MIN_VALUE; // the current AF run
    private boolean declared;
    private long lastEnd = Long.MIN_VALUE;   // end of the last stretch seen
    private long nextMinute = Long.MIN_VALUE;
    private Span hour, day;

    /** The next reported stretch's codec slice. */
    public void stretch(CodecSlice c, Sink out) {
        if (c == null || c.length() == 0) return;
        long start = c.startMicros(), end = timeOf(c, c.length());
        if (lastEnd != Long.MIN_VALUE && start - lastEnd > MAX_GAP) endRun(lastEnd, out);
        if (nextMinute == Long.MIN_VALUE) nextMinute = -Math.floorDiv(-start, MINUTE) * MINUTE;
        for (Event run : Event.runs(c.rhythm(), 0)) {
            long from = timeOf(c, (int) run.start()), to = timeOf(c, (int) run.end());
            boolean af = run.cls() == Layers.AF;
            account(from, to, af, run.cls() != Layers.NOISE, out);
            if (af) {
                if (runStart == Long.MIN_VALUE) runStart = from;
                runEnd = to;
                if (!declared && runEnd - runStart >= MIN_EPISODE) {
                    declared = true;
                    if (hour != null) hour.episodes++;
                    if (day != null) day.episodes++;
                    out.episode(new Episode(runStart, Long.MIN_VALUE));
                }
            } else {
                endRun(from, out);
            }
        }
        lastEnd = end;
        while (end >= nextMinute) {
            if (declared) longest(nextMinute);
            report(nextMinute, out);
            nextMinute += MINUTE;
        }
    }

    /** End of a recording: an open episode ends, and the hour and day so far are reported as complete. */
    public void finish(Sink out) {
        if (lastEnd == Long.MIN_VALUE) return;
        endRun(lastEnd, out);
        if (hour != null) out.burden(burden("1h", hour, lastEnd, true));
        if (day != null) out.burden(burden("24h", day, lastEnd, true));
        hour = day = null;
    }

    /** Adds [from, to) to the hour and day totals, split at their boundaries. */
    private void account(long from, long to, boolean af, boolean monitored, Sink out) {
        while (from < to) {
            long cut = Math.min(to, (Math.floorDiv(from, HOUR) + 1) * HOUR);
            Span h = hourOf(from, out), d = dayOf(from, out);
            double s = (cut - from) / 1e6;
            if (monitored) { h.monitored += s; d.monitored += s; }
            if (af) { h.af += s; d.af += s; }
            from = cut;
        }
    }

    private void endRun(long at, Sink out) {
        if (declared) {
            out.episode(new Episode(runStart, at));
            longest(at);
        }
        runStart = runEnd = Long.MIN_VALUE;
        declared = false;
    }

    /** The running episode (up to {@code now}) counts towards the longest of the current hour and day. */
    private void longest(long now) {
        double s = (Math.min(now, runEnd) - runStart) / 1e6;
        if (hour != null) hour.longest = Math.max(hour.longest, s);
        if (day != null) day.longest = Math.max(day.longest, s);
    }

    private Span hourOf(long t, Sink out) {
        return hour = roll(hour, t, HOUR, "1h", out);
    }

    private Span dayOf(long t, Sink out) {
        return day = roll(day, t, DAY, "24h", out);
    }

    /** The span of length {@code unit} holding {@code t}: {@code current}, or a new one after reporting {@code current} complete. */
    private static Span roll(Span current, long t, long unit, String name, Sink out) {
        long from = Math.floorDiv(t, unit) * unit;
        if (current != null && current.from == from) return current;
        if (current != null) out.burden(burden(name, current, current.from + unit, true));
        return new Span(from);
    }

    private void report(long at, Sink out) {
        if (hour != null && at > hour.from) out.burden(burden("1h", hour, at, false));
        if (day != null && at > day.from) out.burden(burden("24h", day, at, false));
    }

    private static Burden burden(String span, Span s, long to, boolean complete) {
        return new Burden(span, s.from, to, complete, s.af, s.monitored, s.episodes, s.longest);
    }

    private static long timeOf(CodecSlice c, int sample) {
        return c.startMicros() + Math.round(sample * 1e6 / c.sampleRateHz());
    }

    public void write(DataOutput o) throws IOException {
        o.writeInt(STATE_VERSION);
        o.writeLong(runStart);
        o.writeLong(runEnd);
        o.writeBoolean(declared);
        o.writeLong(lastEnd);
        o.writeLong(nextMinute);
        writeSpan(o, hour);
        writeSpan(o, day);
    }

    public static AfTracker read(DataInput in) throws IOException {
        int v = in.readInt();
        if (v != STATE_VERSION) throw new IOException("AF state version " + v + " (this build reads " + STATE_VERSION + ")");
        AfTracker t = new AfTracker();
        t.runStart = in.readLong();
        t.runEnd = in.readLong();
        t.declared = in.readBoolean();
        t.lastEnd = in.readLong();
        t.nextMinute = in.readLong();
        t.hour = readSpan(in);
        t.day = readSpan(in);
        return t;
    }

    private static void writeSpan(DataOutput o, Span s) throws IOException {
        o.writeBoolean(s != null);
        if (s == null) return;
        o.writeLong(s.from);
        o.writeDouble(s.af);
        o.writeDouble(s.monitored);
        o.writeDouble(s.longest);
        o.writeInt(s.episodes);
    }

    private static Span readSpan(DataInput in) throws IOException {
        if (!in.readBoolean()) return null;
        Span s = new Span(in.readLong());
        s.af = in.readDouble();
        s.monitored = in.readDouble();
        s.longest = in.readDouble();
        s.episodes = in.readInt();
        return s;
    }
}
