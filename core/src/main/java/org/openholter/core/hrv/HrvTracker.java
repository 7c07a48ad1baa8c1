package org.openholter.core.hrv;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One patient's rolling HRV, fed the reported beats in order. Every minute of device time (UTC minute boundaries)
 * it reports the HRV of the last minute and of the last 5 minutes; at every hour and every UTC day boundary, that
 * hour's and that day's ({@link LongTermHrv}: with SDANN and the SDNN index). A minute is reported once the stream
 * is {@value #SETTLE_MICROS} µs past it, because an interval's fate waits on the beat after it. Spans without at
 * least two NN intervals are not reported. Plain Java with its own versioned state, kept in the patient's state.
 */
public final class HrvTracker {
    public static final long MINUTE = 60_000_000L, FIVE_MINUTES = 5 * MINUTE, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
    static final long SETTLE_MICROS = 3_000_000L;
    /** After a longer silence the tracker does not walk minute by minute through it: it closes what it has and restarts. */
    private static final long MAX_WALK = 2 * DAY;
    private static final int STATE_VERSION = 1;

    /** The HRV of one span: {@code span} is {@code 1m}, {@code 5m}, {@code 1h} or {@code 24h}; SDANN and SDNN index NaN under an hour. */
    public record Report(String span, long fromMicros, long toMicros, Hrv hrv, double sdannMs, double sdnnIndexMs) {}

    // NN intervals of the last 5 minutes: end time (µs) and length (ms), oldest first.
    private long[] ends = new long[512];
    private double[] nn = new double[512];
    private int size;
    private long nextMinute = Long.MIN_VALUE;
    private LongTermHrv hour, day;
    private final NnFilter filter = new NnFilter(this::add);

    /** A reported beat: time, MIT label, interval from the previous reported beat (NaN when not known). */
    public void beat(long timeMicros, char label, double rrMs) {
        if (nextMinute == Long.MIN_VALUE) nextMinute = ceil(timeMicros, MINUTE);
        filter.beat(timeMicros, label, rrMs);
    }

    /** The reported stream has reached {@code micros}: reports every span that ended at least the settle time before. */
    public void advance(long micros, Consumer<Report> out) {
        if (nextMinute == Long.MIN_VALUE) return;
        if (micros - nextMinute > MAX_WALK) {
            closeLongTerm(out);
            size = 0;
            nextMinute = ceil(micros, MINUTE);
            return;
        }
        while (micros >= nextMinute + SETTLE_MICROS) closeMinute(nextMinute, out);
    }

    /** End of a recording: reports the spans still open, up to the last interval. */
    public void finish(Consumer<Report> out) {
        if (nextMinute == Long.MIN_VALUE) return;
        filter.flush();
        long last = size > 0 ? ends[size - 1] : nextMinute;
        while (nextMinute <= last) closeMinute(nextMinute, out);
        closeMinute(nextMinute, out); // the partial minute holding the end
        closeLongTerm(out);
    }

    private void add(long endMicros, double ms) {
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            nn = Arrays.copyOf(nn, size * 2);
        }
        ends[size] = endMicros;
        nn[size++] = ms;
    }

    private void closeMinute(long m, Consumer<Report> out) {
        NnSeries minute = slice(m - MINUTE, m), five = slice(m - FIVE_MINUTES, m);
        if (minute.size() >= 2) out.accept(new Report("1m", m - MINUTE, m, Hrv.of(minute), Double.NaN, Double.NaN));
        Hrv h5 = five.size() >= 2 ? Hrv.of(five) : null;
        if (h5 != null) out.accept(new Report("5m", m - FIVE_MINUTES, m, h5, Double.NaN, Double.NaN));
        if (hour == null) hour = new LongTermHrv(m - MINUTE - Math.floorMod(m - MINUTE, HOUR));
        if (day == null) day = new LongTermHrv(m - MINUTE - Math.floorMod(m - MINUTE, DAY));
        for (double v : minute.nnMs()) { hour.add(v); day.add(v); }
        if (Math.floorMod(m, FIVE_MINUTES) == 0 && h5 != null) { hour.addBlock(h5); day.addBlock(h5); }
        nextMinute = m + MINUTE;
        boolean hourEnds = Math.floorMod(m, HOUR) == 0, dayEnds = Math.floorMod(m, DAY) == 0;
        if (hourEnds) report(hour, "1h", m, out);
        if (dayEnds) report(day, "24h", m, out);
        if (hourEnds) hour = null;
        if (dayEnds) day = null;
        // Keep what the next 5-minute window needs.
        int drop = 0;
        while (drop < size && ends[drop] < m + MINUTE - FIVE_MINUTES) drop++;
        if (drop > 0) {
            System.arraycopy(ends, drop, ends, 0, size - drop);
            System.arraycopy(nn, drop, nn, 0, size - drop);
            size -= drop;
        }
    }

    private void closeLongTerm(Consumer<Report> out) {
        if (hour != null) report(hour, "1h", nextMinute, out);
        if (day != null) report(day, "24h", nextMinute, out);
        hour = day = null;
    }

    private static void report(LongTermHrv a, String span, long to, Consumer<Report> out) {
        if (a.count() < 2) return;
        double[] sd = new double[2];
        Hrv h = a.hrv(sd);
        out.accept(new Report(span, a.fromMicros, to, h, sd[0], sd[1]));
    }

    private NnSeries slice(long from, long to) {
        int a = 0;
        while (a < size && ends[a] < from) a++;
        int b = a;
        while (b < size && ends[b] < to) b++;
        double[] t = new double[b - a], v = new double[b - a];
        for (int i = a; i < b; i++) { t[i - a] = ends[i] / 1e6; v[i - a] = nn[i]; }
        return new NnSeries(t, v);
    }

    private static long ceil(long x, long unit) { return -Math.floorDiv(-x, unit) * unit; }

    public void write(DataOutput o) throws IOException {
        o.writeInt(STATE_VERSION);
        o.writeLong(nextMinute);
        o.writeInt(size);
        for (int i = 0; i < size; i++) { o.writeLong(ends[i]); o.writeDouble(nn[i]); }
        filter.write(o);
        o.writeBoolean(hour != null);
        if (hour != null) hour.write(o);
        o.writeBoolean(day != null);
        if (day != null) day.write(o);
    }

    public static HrvTracker read(DataInput in) throws IOException {
        int v = in.readInt();
        if (v != STATE_VERSION) throw new IOException("HRV state version " + v + " (this build reads " + STATE_VERSION + ")");
        HrvTracker t = new HrvTracker();
        t.nextMinute = in.readLong();
        t.size = in.readInt();
        t.ends = new long[Math.max(512, t.size)];
        t.nn = new double[Math.max(512, t.size)];
        for (int i = 0; i < t.size; i++) { t.ends[i] = in.readLong(); t.nn[i] = in.readDouble(); }
        t.filter.read(in);
        if (in.readBoolean()) t.hour = LongTermHrv.read(in);
        if (in.readBoolean()) t.day = LongTermHrv.read(in);
        return t;
    }
}
