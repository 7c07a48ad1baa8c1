package org.openholter.core.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of one label: samples {@code [start, end)} of class {@code cls} (OpenECG's event triple).
 */
public record Event(long start, long end, int cls) {
    public Event {
        if (end <= start) throw new IllegalArgumentException("empty event [" + start + ", " + end + ")");
    }

    public long length() { return end - start; }

    /** Runs of equal labels, positions offset by {@code origin}. */
    public static List<Event> runs(byte[] labels, long origin) {
        List<Event> out = new ArrayList<>();
        int i = 0, n = labels.length;
        while (i < n) {
            int j = i;
            while (j < n && labels[j] == labels[i]) j++;
            out.add(new Event(origin + i, origin + j, labels[i]));
            i = j;
        }
        return out;
    }

    /** The labels back from runs covering {@code [origin, origin + n)}; samples no run covers stay 0. */
    public static byte[] labels(List<Event> events, long origin, int n) {
        byte[] out = new byte[n];
        for (Event e : events) {
            for (long s = Math.max(e.start, origin); s < Math.min(e.end, origin + n); s++) out[(int) (s - origin)] = (byte) e.cls;
        }
        return out;
    }
}
