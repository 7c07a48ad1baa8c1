package org.openholter.core.analysis;

import org.openholter.core.delineation.BeatIntervals;

/**
 * One detected heartbeat.
 *
 * @param timeMicros device time of the R peak (fiducial point)
 * @param sample     index of the fiducial point in its window
 * @param label      MIT-BIH beat code ('N' normal, 'V' ventricular, 'Q' unclassified …)
 * @param amplitudeMv peak QRS amplitude on the analysis channel
 * @param intervals   PR, QRS and QT from the wave layer ({@link BeatIntervals#NONE} without one)
 */
public record Beat(long timeMicros, int sample, char label, float amplitudeMv, BeatIntervals intervals) {
    public Beat withIntervals(BeatIntervals i) { return new Beat(timeMicros, sample, label, amplitudeMv, i); }
}
