package org.openholter.core.codec;

import org.openholter.core.analysis.Beat;
import org.openholter.core.analysis.RhythmLabel;
import org.openholter.core.analysis.WindowAnalysis;
import org.openholter.core.window.AnalysisWindow;

/**
 * The layered codec of one reported stretch: three labels per sample, at the analysis rate, for exactly the
 * window's kept samples. Kept stretches tile a stream segment (WindowCutter), so the slices of consecutive
 * windows concatenate into the codec of the whole stream, sample-exact, with nothing repeated or missing.
 *
 * @param firstSample index of the first sample in its stream segment
 * @param startMicros device time of the first sample
 */
public record CodecSlice(long firstSample, long startMicros, int sampleRateHz, byte[] wave, byte[] beat, byte[] rhythm) {
    /** Half-width of the beat-layer mark around an R peak when there is no wave layer to give the QRS. */
    private static final int BEAT_MARK_MS = 40;

    public int length() { return wave.length; }

    /** Equal when they cover the same samples with the same labels (arrays compared by content). */
    @Override
    public boolean equals(Object o) {
        return o instanceof CodecSlice c && firstSample == c.firstSample && startMicros == c.startMicros && sampleRateHz == c.sampleRateHz
                && java.util.Arrays.equals(wave, c.wave) && java.util.Arrays.equals(beat, c.beat) && java.util.Arrays.equals(rhythm, c.rhythm);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(firstSample, startMicros, sampleRateHz, java.util.Arrays.hashCode(wave), java.util.Arrays.hashCode(beat),
                java.util.Arrays.hashCode(rhythm));
    }

    @Override
    public String toString() {
        return "CodecSlice[first=" + firstSample + ", fs=" + sampleRateHz + ", samples=" + length() + "]";
    }

    /** The slice of {@code w}'s kept samples from its analysis. */
    public static CodecSlice of(AnalysisWindow w, WindowAnalysis a) {
        int n = w.length(), from = w.keepFrom(), to = w.keepTo(), fs = w.sampleRateHz();
        byte[] wave = a.waveLabels() != null && a.waveLabels().length == n ? a.waveLabels() : new byte[n];
        byte[] beat = new byte[n];
        int half = Math.max(1, BEAT_MARK_MS * fs / 1000);
        for (Beat b : a.beats()) {
            int r = b.sample();
            if (r < 0 || r >= n) continue;
            byte id = Layers.beatId(b.label());
            int lo, hi;
            if (wave[r] == Layers.QRS || wave[r] == Layers.PACED_QRS) {
                lo = r;
                hi = r;
                while (lo > 0 && wave[lo - 1] == wave[r]) lo--;
                while (hi < n - 1 && wave[hi + 1] == wave[r]) hi++;
            } else {
                lo = Math.max(0, r - half);
                hi = Math.min(n - 1, r + half);
            }
            for (int i = lo; i <= hi; i++) beat[i] = id;
        }
        byte[] rh;
        if (a.rhythmLabels() != null && a.rhythmLabels().length == n) {
            rh = java.util.Arrays.copyOfRange(a.rhythmLabels(), from, to);
        } else {
            rh = new byte[to - from];
            java.util.Arrays.fill(rh, rhythmId(a.rhythm()));
        }
        return new CodecSlice(w.firstSample() + from, w.timeMicros(from), fs, java.util.Arrays.copyOfRange(wave, from, to),
                java.util.Arrays.copyOfRange(beat, from, to), rh);
    }

    /**
     * Rhythm-layer id of a window label, for analyzers without a rhythm layer: only what the rate rules know is
     * said: asystole, unreadable signal, else sinus (meaning "no other rhythm recognised").
     */
    static byte rhythmId(RhythmLabel label) {
        return switch (label) {
            case ASYSTOLE -> Layers.ASYSTOLE;
            case NO_SIGNAL -> Layers.NOISE;
            default -> Layers.SINUS;
        };
    }
}
