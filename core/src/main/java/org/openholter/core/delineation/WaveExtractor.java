package org.openholter.core.delineation;

import java.util.ArrayList;
import java.util.List;

/**
 * From per-sample labels (0 other, 1 P, 2 QRS, 3 T) to waves that respect physiology.
 *
 * <ol>
 *   <li>Runs of one label become candidate waves; they cannot overlap, by construction.</li>
 *   <li>Durations: shorter than P 30 ms, QRS 30 ms, T 50 ms is label noise; longer than P 300 ms,
 *       QRS 300 ms, T 700 ms is not a wave (usually artefact the model could not place).</li>
 *   <li>Order P → QRS → T: a T wave must follow a QRS complex (its onset at most 600 ms after the QRS
 *       offset); before the first QRS of the signal only the last T survives (the previous beat's).</li>
 *   <li>One T per beat: a second T-labelled run in the same RR interval is merged into the first when it
 *       starts within 120 ms of it (a notched or biphasic T split in two), dropped otherwise.</li>
 *   <li>P waves: none inside the ST–T of a beat (between its QRS offset and its T offset); elsewhere
 *       every P survives, so several P waves per QRS (AV block) are kept.</li>
 * </ol>
 * Positions are sample-exact; a sub-sample refinement was not adopted (the labels are already at the
 * 4-ms resolution of the benchmark's median error).
 */
public final class WaveExtractor {
    private static final int[] MIN_MS = {0, 30, 30, 50};
    private static final int[] MAX_MS = {0, 300, 300, 700};
    private static final int T_ONSET_AFTER_QRS_MAX_MS = 600;
    private static final int T_MERGE_GAP_MS = 120;
    private static final char[] KIND = {0, 'p', 'N', 't'};

    private WaveExtractor() {}

    /** Wave boundaries after the physiological rules above. */
    public static WaveBoundaries boundaries(byte[] labels, int fs) {
        return toBoundaries(waves(labels, fs));
    }

    /** Boundaries of the raw label runs (duration limits only): to measure what the rules change. */
    public static WaveBoundaries rawBoundaries(byte[] labels, int fs) {
        return toBoundaries(rawWaves(labels, fs));
    }

    public static WaveBoundaries toBoundaries(List<Wave> waves) {
        WaveBoundaries w = new WaveBoundaries();
        for (Wave v : waves) {
            w.add(Boundary.of(v.kind(), true), v.onset());
            w.add(Boundary.of(v.kind(), false), v.offset());
        }
        return w;
    }

    /** Waves in time order after the physiological rules. */
    public static List<Wave> waves(byte[] labels, int fs) {
        List<Wave> runs = rawWaves(labels, fs);
        List<Wave> out = new ArrayList<>(runs.size());
        int tOnsetMax = T_ONSET_AFTER_QRS_MAX_MS * fs / 1000, tMergeGap = T_MERGE_GAP_MS * fs / 1000;
        int lastQrsOff = -1;        // offset of the latest QRS, -1 before the first
        int tIndex = -1;            // index in out of the T of the current beat, -1 when it has none yet
        int stEnd = -1;             // samples up to here belong to the current beat's ST–T (no P there)
        for (Wave v : runs) {
            switch (v.kind()) {
                case 'N' -> {
                    out.add(v);
                    lastQrsOff = v.offset();
                    tIndex = -1;
                    stEnd = v.offset();
                }
                case 't' -> {
                    if (lastQrsOff < 0) {
                        // Before the first QRS: keep only the last T (the previous beat's), and no P before it.
                        out.removeIf(w -> w.kind() == 't' || w.kind() == 'p');
                        out.add(v);
                        stEnd = v.offset();
                    } else if (tIndex < 0) {
                        if (v.onset() - lastQrsOff <= tOnsetMax) {
                            // P-labelled runs between the QRS and this T sit in the ST segment: not P waves.
                            int qrsOff = lastQrsOff;
                            out.removeIf(w -> w.kind() == 'p' && w.onset() > qrsOff);
                            out.add(v);
                            tIndex = out.size() - 1;
                            stEnd = v.offset();
                        }
                    } else {
                        Wave t = out.get(tIndex);
                        if (v.onset() - t.offset() <= tMergeGap && v.offset() - t.onset() < MAX_MS[3] * fs / 1000) {
                            out.removeIf(w -> w.kind() == 'p' && w.onset() > t.offset());
                            out.set(tIndex, t.withOffset(v.offset()));
                            stEnd = v.offset();
                        }
                    }
                }
                default -> {
                    if (v.onset() > stEnd) out.add(v);
                }
            }
        }
        return out;
    }

    /** Per-sample labels (codec frame layer: 0 other, 1 P, 2 QRS, 3 T) of {@code n} samples drawn from waves. */
    public static byte[] labels(List<Wave> waves, int n) {
        byte[] out = new byte[n];
        for (Wave v : waves) {
            byte c = (byte) (v.kind() == 'p' ? 1 : v.kind() == 'N' ? 2 : 3);
            for (int i = Math.max(0, v.onset()); i <= Math.min(n - 1, v.offset()); i++) out[i] = c;
        }
        return out;
    }

    /** Runs of one non-zero label within the duration limits, in time order (no other rule). */
    public static List<Wave> rawWaves(byte[] labels, int fs) {
        List<Wave> out = new ArrayList<>();
        int n = labels.length, i = 0;
        while (i < n) {
            int c = labels[i], j = i;
            while (j < n && labels[j] == c) j++;
            if (c > 0 && c < 4) {
                long ms1000 = (long) (j - i) * 1000;
                if (ms1000 >= (long) MIN_MS[c] * fs && ms1000 <= (long) MAX_MS[c] * fs) out.add(new Wave(KIND[c], i, j - 1));
            }
            i = j;
        }
        return out;
    }
}
