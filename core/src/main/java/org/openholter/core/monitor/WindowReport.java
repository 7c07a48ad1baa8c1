package org.openholter.core.monitor;

import org.openholter.core.analysis.RhythmLabel;
import org.openholter.core.analysis.SignalQuality;
import org.openholter.core.codec.CodecSlice;
import org.openholter.core.delineation.BeatIntervals;
import org.openholter.core.delineation.QtCorrection;

import java.util.List;

/**
 * What the stream reports for one window: its kept stretch, the beats in it (once each, with their
 * RR interval), the rate, rhythm label and quality, and where the data came from.
 *
 * @param sourceEndMicros device time at which the last frame needed for this window left the device
 * @param codec           the layered codec (wave / beat / rhythm per sample) of exactly the reported stretch
 */
public record WindowReport(String deviceId, String ward, String bed, long segment, long index,
                           long keepFromMicros, long keepToMicros, List<ReportedBeat> beats, double heartRateBpm,
                           double alarmHeartRateBpm, RhythmLabel rhythm, SignalQuality quality, String channel, String analyzer,
                           long sourceEndMicros, StreamStats stream, CodecSlice codec) {

    /** A beat reported once, with the RR interval from its predecessor (NaN when unknown) and its wave intervals. */
    public record ReportedBeat(long timeMicros, char label, double rrMillis, float amplitudeMv, BeatIntervals intervals) {
        /** QT corrected with the RR interval before this beat. */
        public double qtc(QtCorrection formula) { return intervals.qtc(formula, rrMillis); }
    }

    /** Running totals of the device's stream. */
    public record StreamStats(long frames, long stale, long reordered, long gaps, long missingSamples, long breaks) {}
}
