package org.openholter.core.analysis;

/**
 * One detected heartbeat.
 *
 * @param timeMicros device time of the R peak (fiducial point)
 * @param sample     index of the fiducial point in its window
 * @param label      MIT-BIH beat code ('N' normal, 'V' ventricular, 'Q' unclassified …)
 * @param amplitudeMv peak QRS amplitude on the analysis channel
 */
public record Beat(long timeMicros, int sample, char label, float amplitudeMv) {}
