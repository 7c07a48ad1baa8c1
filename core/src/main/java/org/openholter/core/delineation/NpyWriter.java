package org.openholter.core.delineation;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes NumPy {@code .npy} files (format 1.0, little-endian, C order) for the training code. */
public final class NpyWriter {
    private NpyWriter() {}

    public static void writeFloat32(Path file, float[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        try (DataOutputStream o = open(file, "<f4", rows.length, cols)) {
            ByteBuffer b = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : rows) {
                b.clear();
                b.asFloatBuffer().put(r);
                o.write(b.array());
            }
        }
    }

    public static void writeInt8(Path file, byte[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        try (DataOutputStream o = open(file, "|i1", rows.length, cols)) {
            for (byte[] r : rows) o.write(r);
        }
    }

    private static DataOutputStream open(Path file, String descr, int rows, int cols) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        DataOutputStream o = new DataOutputStream(raw);
        o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = header.length();
        o.write(len & 0xFF);
        o.write(len >>> 8);
        o.write(header.getBytes(StandardCharsets.US_ASCII));
        return o;
    }
}
