package org.openholter.core.records;

import java.io.IOException;
import java.util.List;

/**
 * A recorded file's ECG, streamed in blocks of ADC values (bounded memory whatever its length): WFDB records, NumPy
 * arrays and EDF / EDF+ files. Millivolts are {@code (adc − zero) / gain} per channel, as on the wire.
 */
public interface SignalSource extends AutoCloseable {
    /**
     * One channel: its lead name, ADC units per mV, the ADC value of 0 mV, and the value the file uses for "no sample
     * here" (WFDB's invalid sample; {@link #NO_INVALID} when it has none).
     */
    record Channel(String name, double gain, int zero, int invalid) {
        public static final int NO_INVALID = Integer.MIN_VALUE;

        public Channel(String name, double gain, int zero) {
            this(name, gain, zero, NO_INVALID);
        }
    }

    String name();

    double sampleRate();

    /** Samples per channel, or −1 when the file does not say. */
    long length();

    List<Channel> channels();

    /** Reads up to {@code max} samples of every channel into {@code out[channel][at..]}; returns how many (0 at the end). */
    int read(int[][] out, int at, int max) throws IOException;

    /** What was found wrong in the file but read past (a WFDB checksum that does not match), so far. */
    default List<String> warnings() { return List.of(); }

    @Override
    void close() throws IOException;
}
