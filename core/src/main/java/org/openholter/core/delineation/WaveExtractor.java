package org.openholter.core.delineation;

/**
 * From per-sample labels to wave boundaries: runs of P, QRS or T become waves; runs shorter than a
 * physiological minimum (P 30 ms, QRS 30 ms, T 50 ms) are noise and dropped. Onset = first sample,
 * offset = last sample of the run. Several P waves per QRS survive (AV block).
 */
public final class WaveExtractor {
    private static final int[] MIN_MS = {0, 30, 30, 50};

    private WaveExtractor() {}

    public static WaveBoundaries boundaries(byte[] labels, int fs) {
        WaveBoundaries w = new WaveBoundaries();
        int n = labels.length, i = 0;
        while (i < n) {
            int c = labels[i], j = i;
            while (j < n && labels[j] == c) j++;
            if (c > 0 && (j - i) * 1000 >= MIN_MS[c] * fs) {
                char wave = c == 1 ? 'p' : c == 2 ? 'N' : 't';
                w.add(Boundary.of(wave, true), i);
                w.add(Boundary.of(wave, false), j - 1);
            }
            i = j;
        }
        return w;
    }
}
