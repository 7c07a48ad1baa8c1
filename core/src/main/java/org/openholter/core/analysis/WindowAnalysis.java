package org.openholter.core.analysis;

import java.util.List;

/**
 * What one analysis produced for one window. Beats are those of the whole window; the caller
 * reports the ones in the window's kept range.
 *
 * @param analyzer     name of the analyzer that produced it
 * @param channel      index of the channel the rhythm analysis used (-1 when none was usable)
 * @param beats        detected beats in time order
 * @param heartRateBpm rate over the window, NaN when it cannot be measured
 * @param rhythm       rhythm label of the window (see {@link RhythmLabel})
 * @param quality      signal quality of the analysed channel
 * @param waveLabels   wave layer of the analysed channel, one label per window sample (codec frame-layer ids),
 *                     or null when the analyzer has no wave layer
 * @param rhythmLabels codec rhythm layer, one id per window sample, or null when the analyzer has no rhythm layer
 * @param embedding    the wave model's embedding of the window (ECGomics' comparative dimension), or null without one
 */
public record WindowAnalysis(String analyzer, int channel, List<Beat> beats, double heartRateBpm,
                             RhythmLabel rhythm, SignalQuality quality, byte[] waveLabels, byte[] rhythmLabels, float[] embedding) {
    public WindowAnalysis(String analyzer, int channel, List<Beat> beats, double heartRateBpm, RhythmLabel rhythm, SignalQuality quality) {
        this(analyzer, channel, beats, heartRateBpm, rhythm, quality, null, null, null);
    }
}
