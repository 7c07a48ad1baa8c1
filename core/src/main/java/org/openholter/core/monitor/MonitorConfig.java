package org.openholter.core.monitor;

/**
 * Stream and window parameters for every patient.
 *
 * @param analysisRateHz  rate the analysis runs at (signals are resampled to it)
 * @param windowSeconds   analysis window length
 * @param strideSeconds   step between windows
 * @param guardSeconds    context at each edge that is analysed but not reported
 * @param maxLatenessMillis how long (device time) a frame may arrive after its successors
 * @param maxGapFillMillis gaps up to this are kept as marked holes; longer ones start a new segment
 * @param maxPendingFrames bound on frames waiting for a predecessor
 */
public record MonitorConfig(int analysisRateHz, double windowSeconds, double strideSeconds, double guardSeconds,
                            long maxLatenessMillis, long maxGapFillMillis, int maxPendingFrames) implements java.io.Serializable {

    public static final MonitorConfig DEFAULT = new MonitorConfig(250, 10, 6, 2, 2_000, 10_000, 64);

    public MonitorConfig {
        if (analysisRateHz < 100 || analysisRateHz > 1000) throw new IllegalArgumentException("analysis rate must be 100-1000 Hz: " + analysisRateHz);
        if (Math.abs(windowSeconds - strideSeconds - 2 * guardSeconds) > 1e-9) {
            throw new IllegalArgumentException("window must equal stride + 2 guards");
        }
        if (maxLatenessMillis < 0 || maxGapFillMillis < 0 || maxPendingFrames < 1) {
            throw new IllegalArgumentException("lateness, gap fill must be >= 0 and pending frames >= 1");
        }
    }
}
