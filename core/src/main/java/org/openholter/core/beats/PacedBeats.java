package org.openholter.core.beats;

import org.openholter.core.analysis.Beat;
import org.openholter.core.codec.Layers;
import org.openholter.core.window.AnalysisWindow;

import java.util.ArrayList;
import java.util.List;

/**
 * Ventricular paced beats from the pacemaker pulses the device reported ({@link AnalysisWindow#PACE}): a beat
 * whose R peak follows a pulse by at most {@value #MAX_PULSE_TO_R_MS} ms (or precedes it by at most
 * {@value #MAX_R_TO_PULSE_MS} ms, for timing jitter) was started by the pacemaker and is labelled {@code '/'},
 * whatever the beat model thought of its wide shape. A pulse further ahead is an atrial pulse (it starts a P wave
 * one AV delay before the QRS) and leaves the beat's class alone. Without reported pulses nothing changes: pacer
 * spikes are too short to be found reliably in a 250-Hz signal (docs/protocol.md).
 */
public final class PacedBeats {
    public static final int MAX_PULSE_TO_R_MS = 120, MAX_R_TO_PULSE_MS = 20;

    private PacedBeats() {}

    /** The beats with paced ones relabelled, and their QRS runs in {@code waveLabels} (may be null) set to paced QRS. */
    public static List<Beat> label(AnalysisWindow w, List<Beat> beats, byte[] waveLabels) {
        int[] pulses = w.pacePulses();
        if (pulses.length == 0 || beats.isEmpty()) return beats;
        int before = MAX_PULSE_TO_R_MS * w.sampleRateHz() / 1000, after = MAX_R_TO_PULSE_MS * w.sampleRateHz() / 1000;
        List<Beat> out = new ArrayList<>(beats.size());
        int k = 0;
        for (Beat b : beats) {
            int r = b.sample();
            while (k < pulses.length && pulses[k] < r - before) k++;
            boolean paced = k < pulses.length && pulses[k] <= r + after;
            if (!paced) {
                out.add(b);
                continue;
            }
            out.add(new Beat(b.timeMicros(), r, '/', b.amplitudeMv(), b.intervals()));
            if (waveLabels != null && r >= 0 && r < waveLabels.length && waveLabels[r] == Layers.QRS) {
                for (int i = r; i >= 0 && waveLabels[i] == Layers.QRS; i--) waveLabels[i] = Layers.PACED_QRS;
                for (int i = r + 1; i < waveLabels.length && waveLabels[i] == Layers.QRS; i++) waveLabels[i] = Layers.PACED_QRS;
            }
        }
        return out;
    }

    /** Share of the beats labelled paced ({@code '/'}); 0 without beats. */
    public static double share(List<Beat> beats) {
        if (beats.isEmpty()) return 0;
        return beats.stream().filter(b -> b.label() == '/').count() / (double) beats.size();
    }
}
