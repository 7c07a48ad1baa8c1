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
 * @param flags           per sample: bit c set while the device reported channel c's electrode off; {@link #PACE}
 *                        set at the sample nearest a pacemaker pulse the device reported
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
        int[] flags,
        int keepFrom,
        int keepTo,
        long sourceEndMicros,
        boolean last) {

    /** Flag bit of a sample at which the device reported a pacemaker pulse (channel bits use 0–11). */
    public static final int PACE = 1 << 31;

    public int length() { return data.length == 0 ? 0 : data[0].length; }

    public long timeMicros(int sample) {
        return startMicros + Math.round(sample * 1e6 / sampleRateHz);
    }

    public long keepFromMicros() { return timeMicros(keepFrom); }
    public long keepToMicros() { return timeMicros(keepTo); }
    public long endMicros() { return timeMicros(length()); }

    /** Samples carrying a pace pulse, in order. */
    public int[] pacePulses() {
        int n = 0;
        for (int f : flags) if ((f & PACE) != 0) n++;
        int[] out = new int[n];
        for (int i = 0, k = 0; i < flags.length; i++) if ((flags[i] & PACE) != 0) out[k++] = i;
        return out;
    }

    public int channelIndex(String name) {
        for (int c = 0; c < channelNames.length; c++) if (channelNames[c].equals(name)) return c;
        return -1;
    }
}
