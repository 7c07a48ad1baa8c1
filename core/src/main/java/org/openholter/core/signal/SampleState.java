package org.openholter.core.signal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How sample buffers are written into a patient's state: samples as one block (the bytes {@link DataOutput#writeFloat}
 * would write, one call instead of thousands: a checkpoint writes every patient's buffers), per-sample bits (lead-off)
 * as runs of (length, value), nearly always a single run.
 */
public final class SampleState {
    private SampleState() {}

    /** The first {@code n} samples of {@code x}. */
    public static void writeFloats(DataOutput out, float[] x, int n) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(n * 4);
        block.asFloatBuffer().put(x, 0, n);
        out.write(block.array(), 0, n * 4);
    }

    /** Reads {@code n} samples written by {@link #writeFloats} (or by {@code n} writeFloat calls) into {@code x}. */
    public static void readFloats(DataInput in, float[] x, int n) throws IOException {
        byte[] block = new byte[n * 4];
        in.readFully(block);
        ByteBuffer.wrap(block).asFloatBuffer().get(x, 0, n);
    }

    /** The first {@code n} values of {@code bits} as runs. */
    public static void writeRuns(DataOutput out, int[] bits, int n) throws IOException {
        int runs = 0;
        for (int i = 0; i < n; i++) if (i == 0 || bits[i] != bits[i - 1]) runs++;
        out.writeInt(runs);
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && bits[j] == bits[i]) j++;
            out.writeInt(j - i);
            out.writeInt(bits[i]);
            i = j;
        }
    }

    /** Reads runs written by {@link #writeRuns} into the first {@code n} values of {@code bits}; they must cover them exactly. */
    public static void readRuns(DataInput in, int[] bits, int n, String what) throws IOException {
        int runs = in.readInt(), at = 0;
        for (int r = 0; r < runs; r++) {
            int len = in.readInt(), v = in.readInt();
            if (len < 0 || at + len > n) throw new IOException(what + ": runs past the " + n + " samples");
            Arrays.fill(bits, at, at + len, v);
            at += len;
        }
        if (at != n) throw new IOException(what + ": runs cover " + at + " of " + n + " samples");
    }
}
