package org.openholter.core.window;

/**
 * One analysis window of one patient: normally 10 s at the analysis rate, of which only
 * {@code [keepFrom, keepTo)} is reported (the rest is guard context). Kept ranges of consecutive
 * windows tile the segment exactly, so per-sample outputs stitch without seams or repeats.
 *
 * @param deviceId        patient's device
 * @param segment         stream segment number (a long gap or a layout change starts a new one)
 * @param index           window number within the segment
 * @param firstSample     index of sample 0 within the segment
 * @param startMicros     device time of sample 0
 * @param sampleRateHz    analysis rate
 * @param channelNames    channel (lead) names
 * @param data            millivolts, {@code data[channel][sample]}; NaN where samples were lost
 * @param leadOff         per sample, bit c set while the device reported channel c's electrode off
 * @param keepFrom        first reported sample
 * @param keepTo          end (exclusive) of the reported samples
 * @param sourceEndMicros device time at which the frame completing this window ended (it left the device then)
 * @param last            true for the window that closes a segment (it may be shorter and end-aligned)
 */
public record AnalysisWindow(
        String deviceId,
        long segment,
        long index,
        long firstSample,
        long startMicros,
        int sampleRateHz,
        String[] channelNames,
        float[][] data,
        int[] leadOff,
        int keepFrom,
        int keepTo,
        long sourceEndMicros,
        boolean last) {

    public int length() { return data.length == 0 ? 0 : data[0].length; }

    public long timeMicros(int sample) {
        return startMicros + Math.round(sample * 1e6 / sampleRateHz);
    }

    public long keepFromMicros() { return timeMicros(keepFrom); }
    public long keepToMicros() { return timeMicros(keepTo); }
    public long endMicros() { return timeMicros(length()); }

    public int channelIndex(String name) {
        for (int c = 0; c < channelNames.length; c++) if (channelNames[c].equals(name)) return c;
        return -1;
    }
}
