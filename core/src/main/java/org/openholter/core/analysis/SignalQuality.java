package org.openholter.core.analysis;

/**
 * Quality of the analysed channel over one window.
 *
 * @param score         0 (unusable) … 1 (clean)
 * @param gapFraction   share of samples lost in transit
 * @param leadOffFraction share of samples during which the device reported the electrode off
 * @param flat          no signal at all (disconnected, saturated or zero)
 * @param noiseRatio    high-frequency (> 40 Hz) share of the signal's power after baseline removal
 * @param baselineMv    peak-to-peak of the slow (< 0.7 Hz) baseline
 */
public record SignalQuality(double score, double gapFraction, double leadOffFraction, boolean flat,
                            double noiseRatio, double baselineMv) {
    /** Below this score a window must not raise or clear rhythm alarms. */
    public static final double USABLE = 0.5;

    public boolean usable() { return score >= USABLE; }
}
