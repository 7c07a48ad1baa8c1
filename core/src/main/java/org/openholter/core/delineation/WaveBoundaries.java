package org.openholter.core.delineation;

import org.openholter.core.wfdb.Annotation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Wave boundaries of one lead, from annotations in the WFDB convention: {@code (} onset, peak
 * ({@code p}, {@code N} or {@code t}), {@code )} offset. A wave missing its onset or offset
 * contributes only the boundary it has. Positions are in samples.
 */
public final class WaveBoundaries {
    private final EnumMap<Boundary, List<Long>> positions = new EnumMap<>(Boundary.class);

    public WaveBoundaries() {
        for (Boundary b : Boundary.values()) positions.put(b, new ArrayList<>());
    }

    public List<Long> get(Boundary b) { return positions.get(b); }

    public void add(Boundary b, long sample) { positions.get(b).add(sample); }

    public Map<Boundary, List<Long>> all() { return positions; }

    /** First and last boundary of any kind, or null when there is none. */
    public long[] span() {
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (List<Long> l : positions.values()) for (long s : l) { lo = Math.min(lo, s); hi = Math.max(hi, s); }
        return lo > hi ? null : new long[] {lo, hi};
    }

    public static WaveBoundaries fromAnnotations(List<Annotation> annotations) {
        WaveBoundaries w = new WaveBoundaries();
        for (int k = 0; k < annotations.size(); k++) {
            String sym = annotations.get(k).symbol();
            if (!sym.equals("p") && !sym.equals("N") && !sym.equals("t")) continue;
            char wave = sym.charAt(0);
            // The onset is a '(' directly before the peak, the offset a ')' directly after it.
            if (k > 0 && annotations.get(k - 1).symbol().equals("(")) w.add(Boundary.of(wave, true), annotations.get(k - 1).sample());
            if (k + 1 < annotations.size() && annotations.get(k + 1).symbol().equals(")")) {
                w.add(Boundary.of(wave, false), annotations.get(k + 1).sample());
            }
        }
        return w;
    }

    /** The same boundaries at another sample rate (nearest sample, as the resampler places them). */
    public WaveBoundaries resampled(int fsIn, int fsOut) {
        WaveBoundaries w = new WaveBoundaries();
        positions.forEach((b, l) -> l.forEach(s -> w.add(b, org.openholter.core.wfdb.WfdbAnnotations.mapSample(s, fsIn, fsOut))));
        return w;
    }
}
