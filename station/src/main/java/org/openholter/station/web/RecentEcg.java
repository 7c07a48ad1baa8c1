package org.openholter.station.web;

import org.openholter.core.codec.CodecJson;
import org.openholter.core.codec.CodecSlice;
import org.openholter.core.codec.Event;
import org.openholter.core.signal.ChannelKind;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.EcgFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last {@link #KEEP_S} seconds of every ECG lead and of the layered codec per bed, on one time grid per bed
 * (device time): what the patient page draws live, with the codec over it once the analysis has labelled it. Each
 * alarm's strip is cut from here when the alarm is raised: {@link #BEFORE_S} s before the raise and {@link #AFTER_S} s
 * after, taken once the signal and the codec reach its end (or {@link #WAIT_MS} after the raise arrived, with what
 * there is). Thread-safe: each bed under its own lock.
 */
public final class RecentEcg {
    static final double KEEP_S = 45;
    /** An alarm's strip: this long before the raise and after it (20 s in all). */
    static final double BEFORE_S = 14, AFTER_S = 6;
    /** Longest wait (wall clock) for the signal and the codec to cover a strip's end before it is stored as it is. */
    static final long WAIT_MS = 30_000;

    /** One codec run in device time: ms from / to, layer 0 wave, 1 beat, 2 rhythm, class id. */
    record Run(long fromMs, long toMs, int layer, int cls) {}

    /** A strip cut out for an alarm (values in hundredths of mV, null where unusable). */
    public record Strip(String alarmId, String device, String type, String priority, long onsetMs, long raisedMs, long fromMs,
                        int fs, List<String> leads, List<List<Integer>> values, List<Run> codec, long codecToMs) {}

    private static final class Bed {
        int fs;                   // drawn rate (≤ 250 Hz)
        List<String> leads = List.of();
        float[][] ring = new float[0][];
        int head, count;
        long lastMicros = Long.MIN_VALUE; // time of the newest sample
        final Deque<Run> codec = new ArrayDeque<>();
        long codecToMs = Long.MIN_VALUE;
        final List<float[][]> pending = new ArrayList<>();
        final List<Run> pendingCodec = new ArrayList<>();
        long dropped; // frames older than what is held (late or repeated)
    }

    private record Capture(AlarmEvent alarm, long deadlineWallMs) {}

    private final ConcurrentHashMap<String, Bed> beds = new ConcurrentHashMap<>();
    private final Map<String, Capture> captures = new LinkedHashMap<>();
    private final java.util.Set<String> captured = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) { return size() > 10_000; }
    });

    /** A frame's ECG leads (NaN where an electrode is off), thinned to at most 250 Hz. */
    public void frame(EcgFrame f) {
        String[] names = f.channelNames();
        List<Integer> ecg = new ArrayList<>();
        for (int c = 0; c < names.length; c++) if (ChannelKind.of(names[c]) == ChannelKind.ECG) ecg.add(c);
        if (ecg.isEmpty() || f.samplesPerChannel() == 0) return;
        int step = Math.max(1, f.sampleRateHz() / WardBoard.STRIP_MAX_HZ), fs = f.sampleRateHz() / step;
        int n = (f.samplesPerChannel() + step - 1) / step;
        List<String> leads = ecg.stream().map(c -> names[c]).toList();
        float[][] kept = new float[ecg.size()][n];
        for (int l = 0; l < ecg.size(); l++) {
            int c = ecg.get(l);
            boolean off = f.leadOff(c);
            for (int i = 0; i < n; i++) kept[l][i] = off ? Float.NaN : f.millivolts(c, i * step);
        }
        Bed b = beds.computeIfAbsent(f.deviceId(), d -> new Bed());
        synchronized (b) {
            if (fs != b.fs || !leads.equals(b.leads)) {
                b.fs = fs;
                b.leads = leads;
                b.ring = new float[leads.size()][(int) (KEEP_S * fs)];
                b.head = 0;
                b.count = 0;
                b.lastMicros = Long.MIN_VALUE;
            }
            long dt = 1_000_000L / fs;
            long first = f.firstSampleMicros();
            if (b.lastMicros != Long.MIN_VALUE) {
                long expected = b.lastMicros + dt;
                if (first < expected - dt / 2) { b.dropped++; return; } // late or repeated: the grid already holds that time
                long missing = Math.min(b.ring[0].length, (first - expected + dt / 2) / dt);
                if (missing > 0) { // lost frames: a gap on the grid, not samples pulled together
                    float[][] gap = new float[leads.size()][(int) missing];
                    for (float[] g : gap) java.util.Arrays.fill(g, Float.NaN);
                    append(b, gap);
                }
            }
            append(b, kept);
            b.lastMicros = first + (n - 1) * dt;
        }
    }

    private static void append(Bed b, float[][] values) {
        int n = values[0].length, size = b.ring[0].length;
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < values.length; l++) b.ring[l][b.head] = values[l][i];
            b.head = (b.head + 1) % size;
        }
        b.count = Math.min(size, b.count + n);
        b.pending.add(values);
    }

    /** A codec message of the job (ecg.codec): its runs on the bed's device time. */
    public void codec(CodecJson.Message m) {
        CodecSlice s = m.slice();
        if (s.length() == 0) return;
        Bed b = beds.computeIfAbsent(m.device(), d -> new Bed());
        double msPerSample = 1000.0 / s.sampleRateHz();
        long startMs = Math.floorDiv(s.startMicros(), 1000);
        long endMs = startMs + Math.round(s.length() * msPerSample);
        synchronized (b) {
            if (endMs <= b.codecToMs) return; // delivered again (the codec is at least once)
            byte[][] layers = {s.wave(), s.beat(), s.rhythm()};
            for (int layer = 0; layer < 3; layer++) {
                for (Event e : Event.runs(layers[layer], 0)) {
                    if (e.cls() == 0 && layer < 2) continue; // background
                    Run r = new Run(startMs + Math.round(e.start() * msPerSample), startMs + Math.round(e.end() * msPerSample), layer, e.cls());
                    b.codec.addLast(r);
                    b.pendingCodec.add(r);
                }
            }
            b.codecToMs = endMs;
            long keepFrom = endMs - (long) (KEEP_S * 1000);
            while (!b.codec.isEmpty() && b.codec.peekFirst().toMs() < keepFrom) b.codec.removeFirst();
        }
    }

    /** An alarm step: a raise asks for its strip. */
    public void alarm(AlarmEvent a, long nowWallMs) {
        if (!AlarmEvent.RAISED.equals(a.state())) return;
        synchronized (captures) {
            if (captured.contains(a.id()) || captures.containsKey(a.id())) return;
            captures.put(a.id(), new Capture(a, nowWallMs + WAIT_MS));
        }
    }

    /** The strips now due (their end reached by the signal and the codec, or waited for long enough); called by a timer. */
    public List<Strip> dueStrips(long nowWallMs) {
        List<Strip> out = new ArrayList<>();
        synchronized (captures) {
            for (Iterator<Capture> it = captures.values().iterator(); it.hasNext(); ) {
                Capture c = it.next();
                AlarmEvent a = c.alarm();
                long to = a.eventMillis() + (long) (AFTER_S * 1000);
                Bed b = beds.get(a.deviceId());
                boolean complete, late;
                synchronized (b == null ? this : b) {
                    complete = b != null && b.lastMicros != Long.MIN_VALUE && b.lastMicros / 1000 >= to && b.codecToMs >= to;
                    late = nowWallMs >= c.deadlineWallMs();
                }
                if (!complete && !late) continue;
                it.remove();
                captured.add(a.id());
                Strip s = b == null ? null : cut(b, a);
                if (s != null) out.add(s);
            }
        }
        return out;
    }

    private static Strip cut(Bed b, AlarmEvent a) {
        synchronized (b) {
            if (b.count == 0) return null;
            long fromMs = a.eventMillis() - (long) (BEFORE_S * 1000), toMs = a.eventMillis() + (long) (AFTER_S * 1000);
            long dtMicros = 1_000_000L / b.fs;
            long oldestMicros = b.lastMicros - (b.count - 1L) * dtMicros;
            long i0 = Math.max(0, Math.floorDiv(fromMs * 1000 - oldestMicros, dtMicros));
            long i1 = Math.min(b.count, Math.floorDiv(toMs * 1000 - oldestMicros, dtMicros) + 1);
            if (i1 - i0 < b.fs) return null; // less than a second of it held: the alarm came too late for its strip
            List<List<Integer>> values = new ArrayList<>();
            int size = b.ring[0].length;
            for (float[] lead : b.ring) {
                List<Integer> v = new ArrayList<>((int) (i1 - i0));
                for (long i = i0; i < i1; i++) v.add(hundredths(lead[(int) ((b.head - b.count + i + 2L * size) % size)]));
                values.add(v);
            }
            long firstMs = (oldestMicros + i0 * dtMicros) / 1000;
            List<Run> codec = b.codec.stream().filter(r -> r.toMs() > firstMs && r.fromMs() < toMs).toList();
            return new Strip(a.id(), a.deviceId(), a.type(), a.priority(), a.onsetMillis(), a.eventMillis(), firstMs, b.fs, b.leads,
                    values, codec, Math.min(b.codecToMs, toMs));
        }
    }

    /** What a patient page starts from: every lead held, the codec over it. */
    public Map<String, Object> snapshot(String device) {
        Bed b = beds.get(device);
        if (b == null) return null;
        synchronized (b) {
            if (b.count == 0) return null;
            List<List<Integer>> values = new ArrayList<>();
            int size = b.ring[0].length;
            for (float[] lead : b.ring) {
                List<Integer> v = new ArrayList<>(b.count);
                for (int i = 0; i < b.count; i++) v.add(hundredths(lead[(b.head - b.count + i + size) % size]));
                values.add(v);
            }
            b.pending.clear();
            b.pendingCodec.clear();
            return view(b, values, new ArrayList<>(b.codec));
        }
    }

    /** The samples and codec runs received since the last call, for {@code devices}; everything else's is forgotten. */
    public Map<String, Map<String, Object>> drain(java.util.Set<String> devices) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Map.Entry<String, Bed> e : beds.entrySet()) {
            Bed b = e.getValue();
            synchronized (b) {
                if (devices.contains(e.getKey()) && (!b.pending.isEmpty() || !b.pendingCodec.isEmpty()) && b.count > 0) {
                    List<List<Integer>> values = new ArrayList<>();
                    for (int l = 0; l < b.leads.size(); l++) {
                        List<Integer> v = new ArrayList<>();
                        for (float[][] chunk : b.pending) if (l < chunk.length) for (float x : chunk[l]) v.add(hundredths(x));
                        values.add(v);
                    }
                    out.put(e.getKey(), view(b, values, new ArrayList<>(b.pendingCodec)));
                }
                b.pending.clear();
                b.pendingCodec.clear();
            }
        }
        return out;
    }

    private static Map<String, Object> view(Bed b, List<List<Integer>> values, List<Run> codec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fs", b.fs);
        m.put("t", b.lastMicros / 1000);
        m.put("leads", b.leads);
        m.put("v", values);
        m.put("codec", codec.stream().map(r -> List.of(r.fromMs(), r.toMs(), r.layer(), r.cls())).toList());
        m.put("codec_to", b.codecToMs == Long.MIN_VALUE ? null : b.codecToMs);
        return m;
    }

    /** Frames dropped as late or repeated, over all beds. */
    public long dropped() {
        long n = 0;
        for (Bed b : beds.values()) synchronized (b) { n += b.dropped; }
        return n;
    }

    static Integer hundredths(float mv) { return Float.isNaN(mv) ? null : Math.round(mv * 100); }
}
