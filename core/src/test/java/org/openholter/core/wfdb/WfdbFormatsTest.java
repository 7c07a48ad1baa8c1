package org.openholter.core.wfdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openholter.core.testing.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every signal format, written here byte by byte as the WFDB specification lays it out (two interleaved signals, an
 * odd number of samples so that packed formats end on a partial group, with and without a byte offset), read back.
 */
class WfdbFormatsTest {
    static Stream<int[]> formatsAndOffsets() {
        List<int[]> out = new ArrayList<>();
        for (int format : WfdbRecord.FORMATS) for (int offset : new int[] {0, 24, 7}) out.add(new int[] {format, offset});
        return out.stream();
    }

    /** Values each format can hold (10-bit formats ±511, 8-bit ±127, format 8: differences within ±127). */
    static int[][] values(int format) {
        int range = switch (format) {
            case 8, 80 -> 127;
            case 310, 311 -> 511;
            case 212 -> 2047;
            case 24 -> 8_000_000;
            case 32 -> 1_000_000_000;
            default -> 32767;
        };
        int n = 11;
        int[][] v = new int[2][n];
        java.util.Random r = new java.util.Random(format);
        for (int i = 0; i < n; i++) {
            if (format == 8) {
                v[0][i] = (i == 0 ? 40 : v[0][i - 1]) + r.nextInt(41) - 20;
                v[1][i] = (i == 0 ? -300 : v[1][i - 1]) + r.nextInt(41) - 20;
            } else {
                v[0][i] = r.nextInt(2 * range + 1) - range;
                v[1][i] = i == 3 ? -range : i == 4 ? range : r.nextInt(2 * range + 1) - range;
            }
        }
        return v;
    }

    /** The samples of {@code v} (interleaved frame by frame) in {@code format}. */
    static byte[] encode(int format, int[][] v) {
        List<Integer> stream = new ArrayList<>();
        int[] prev = {v[0][0], v[1][0]};
        for (int i = 0; i < v[0].length; i++) {
            for (int s = 0; s < v.length; s++) {
                if (format == 8) {
                    stream.add(v[s][i] - (i == 0 ? v[s][0] : prev[s]));
                    prev[s] = v[s][i];
                } else stream.add(v[s][i]);
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        switch (format) {
            case 8 -> stream.forEach(x -> b.write(x & 0xFF));
            case 80 -> stream.forEach(x -> b.write((x + 128) & 0xFF));
            case 16 -> stream.forEach(x -> { b.write(x & 0xFF); b.write((x >> 8) & 0xFF); });
            case 61 -> stream.forEach(x -> { b.write((x >> 8) & 0xFF); b.write(x & 0xFF); });
            case 160 -> stream.forEach(x -> { int u = x + 32768; b.write(u & 0xFF); b.write((u >> 8) & 0xFF); });
            case 24 -> stream.forEach(x -> { b.write(x & 0xFF); b.write((x >> 8) & 0xFF); b.write((x >> 16) & 0xFF); });
            case 32 -> stream.forEach(x -> { for (int k = 0; k < 4; k++) b.write((x >> (8 * k)) & 0xFF); });
            case 212 -> {
                for (int i = 0; i < stream.size(); i += 2) {
                    int a = stream.get(i) & 0xFFF, c = i + 1 < stream.size() ? stream.get(i + 1) & 0xFFF : 0;
                    b.write(a & 0xFF);
                    b.write(((a >> 8) & 0x0F) | ((c >> 4) & 0xF0));
                    if (i + 1 < stream.size()) b.write(c & 0xFF);
                }
            }
            case 310 -> {
                for (int i = 0; i < stream.size(); i += 3) {
                    int a = stream.get(i) & 0x3FF, c = at(stream, i + 1) & 0x3FF, d = at(stream, i + 2) & 0x3FF;
                    int w0 = (a << 1) | ((d & 0x1F) << 11), w1 = (c << 1) | ((d >> 5) << 11);
                    b.write(w0 & 0xFF); b.write((w0 >> 8) & 0xFF); b.write(w1 & 0xFF); b.write((w1 >> 8) & 0xFF);
                }
            }
            case 311 -> {
                for (int i = 0; i < stream.size(); i += 3) {
                    int w = (stream.get(i) & 0x3FF) | ((at(stream, i + 1) & 0x3FF) << 10) | ((at(stream, i + 2) & 0x3FF) << 20);
                    for (int k = 0; k < 4; k++) b.write((w >> (8 * k)) & 0xFF);
                }
            }
            default -> throw new IllegalArgumentException("format " + format);
        }
        return b.toByteArray();
    }

    private static int at(List<Integer> l, int i) { return i < l.size() ? l.get(i) : 0; }

    static short checksum(int[] v) {
        int s = 0;
        for (int x : v) s += x;
        return (short) s;
    }

    @ParameterizedTest(name = "format {0}")
    @MethodSource("formatsAndOffsets")
    void everyFormatAndOffset_readsBackWhatWasWritten(int[] formatAndOffset, @TempDir Path dir) throws IOException {
        int format = formatAndOffset[0], offset = formatAndOffset[1];
        int[][] v = values(format);
        byte[] body = encode(format, v), file = new byte[offset + body.length];
        for (int i = 0; i < offset; i++) file[i] = (byte) 0xA5; // junk a reader must skip
        System.arraycopy(body, 0, file, offset, body.length);
        Files.write(dir.resolve("r.dat"), file);
        String fmt = format + (offset > 0 ? "+" + offset : "");
        Files.writeString(dir.resolve("r.hea"), "r 2 250 " + v[0].length + "\n"
                + "r.dat " + fmt + " 1.052e+04/mV 16 0 " + v[0][0] + " " + checksum(v[0]) + " 0 II\n"
                + "r.dat " + fmt + " 99.79(-10)/mmHg 16 0 " + v[1][0] + " " + checksum(v[1]) + " 0 ABP\n");
        WfdbRecord r = WfdbRecord.read(dir.resolve("r"), true);
        assertThat(r.adc(0)).as("signal 0, format %s", fmt).containsExactly(v[0]);
        assertThat(r.adc(1)).as("signal 1, format %s", fmt).containsExactly(v[1]);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.signals().get(0).gain()).isEqualTo(10520.0);
        assertThat(r.signals().get(1).units()).isEqualTo("mmHg");
        assertThat(r.millivolts(1, 0)).isEqualTo((float) ((v[1][0] + 10) / 99.79));
        // Streamed in blocks of 2 (packed groups cut across reads), the same.
        try (WfdbRecord.Reader reader = new WfdbRecord.Reader(WfdbRecord.header(dir.resolve("r")), true)) {
            int[][] buf = new int[2][2];
            int at = 0, n;
            while ((n = reader.read(buf, 0, 2)) > 0) {
                for (int i = 0; i < n; i++) assertThat(buf[0][i]).isEqualTo(v[0][at + i]);
                at += n;
            }
            assertThat(at).isEqualTo(v[0].length);
        }
    }

    @Test
    void matlabV4File_withOrWithoutTheOffsetInTheHeader(@TempDir Path dir) throws IOException {
        int[][] v = values(16);
        byte[] body = encode(16, v);
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        head.putInt(30).putInt(2).putInt(v[0].length).putInt(0).putInt(4).put("val\0".getBytes());
        byte[] mat = new byte[24 + body.length];
        System.arraycopy(head.array(), 0, mat, 0, 24);
        System.arraycopy(body, 0, mat, 24, body.length);
        Files.write(dir.resolve("m.mat"), mat);
        for (String fmt : List.of("16+24", "16")) {
            Files.writeString(dir.resolve("m.hea"), "m 2 250 " + v[0].length + "\n"
                    + "m.mat " + fmt + " 9902/mV 16 0 " + v[0][0] + " " + checksum(v[0]) + " 0 II\n"
                    + "m.mat " + fmt + " 2.252e+04/NU 16 0 " + v[1][0] + " " + checksum(v[1]) + " 0 PLETH\n#Asystole\n#False alarm\n");
            WfdbRecord r = WfdbRecord.read(dir.resolve("m"), true);
            assertThat(r.adc(0)).as(fmt).containsExactly(v[0]);
            assertThat(r.adc(1)).as(fmt).containsExactly(v[1]);
        }
        Files.writeString(dir.resolve("m.hea"), "m 1 250 2\nm.mat 32 200/mV 16 0 0 0 0 II\n");
        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("m"))).hasMessageContaining("not a little-endian MATLAB v4 matrix of int32");
    }

    @Test
    void checksums_zeroMeansNone_aMismatchWarnsOrFailsWhenStrict(@TempDir Path dir) throws IOException {
        int[][] v = values(16);
        Files.write(dir.resolve("c.dat"), encode(16, v));
        String sig1 = "c.dat 16 200/mV 16 0 " + v[1][0] + " " + checksum(v[1]) + " 0 V\n";
        Files.writeString(dir.resolve("c.hea"), "c 2 250 " + v[0].length + "\nc.dat 16 200/mV 16 0 " + v[0][0] + " 0 0 II\n" + sig1);
        assertThat(WfdbRecord.read(dir.resolve("c"), true).warnings()).isEmpty();
        Files.writeString(dir.resolve("c.hea"), "c 2 250 " + v[0].length + "\nc.dat 16 200/mV 16 0 " + v[0][0] + " 1234 0 II\n" + sig1);
        WfdbRecord r = WfdbRecord.read(dir.resolve("c"));
        assertThat(r.adc(0)).containsExactly(v[0]);
        assertThat(r.warnings()).singleElement().asString().contains("checksum of signal 0 (II)", "the header says 1234");
        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("c"), true)).hasMessageContaining("checksum of signal 0 (II)");
    }

    @Test
    void samplesPerFrame_giveTheFramesMean(@TempDir Path dir) throws IOException {
        // Signal 0 at two samples per frame, signal 1 at one: frames are (a0 a1 b0).
        short[] stream = {10, 20, 5, 30, 50, -7, -4, -6, 100};
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(stream.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (short s : stream) b.putShort(s);
        Files.write(dir.resolve("f.dat"), b.array());
        Files.writeString(dir.resolve("f.hea"), "f 2 250 3\nf.dat 16x2 200/mV 16 0 10 " + (10 + 20 + 30 + 50 - 4 - 6) + " 0 II\nf.dat 16 200/mV 16 0 5 " + (5 - 7 + 100) + " 0 V\n");
        WfdbRecord r = WfdbRecord.read(dir.resolve("f"), true);
        assertThat(r.adc(0)).containsExactly(15, 40, -5);
        assertThat(r.adc(1)).containsExactly(5, -7, 100);
    }

    @Test
    void badHeaders_sayWhereAndWhat(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("b.dat"), new byte[8]);
        Files.writeString(dir.resolve("b.hea"), "b 1 abc 4\nb.dat 16 200 16 0 0 0 0 II\n");
        assertThatThrownBy(() -> WfdbRecord.header(dir.resolve("b"))).hasMessageContaining("b.hea line 1: sample rate (Hz) 'abc' is not a number");
        Files.writeString(dir.resolve("b.hea"), "# comment\nb 1 250 4\nb.dat 42 200 16 0 0 0 0 II\n");
        assertThatThrownBy(() -> WfdbRecord.header(dir.resolve("b"))).hasMessageContaining("b.hea line 3: signal format 42 is not supported");
        Files.writeString(dir.resolve("b.hea"), "b 1 250 4\nb.dat 16 2x0/mV 16 0 0 0 0 II\n");
        assertThatThrownBy(() -> WfdbRecord.header(dir.resolve("b"))).hasMessageContaining("gain '2x0' is not a number");
        Files.writeString(dir.resolve("b.hea"), "b 1 250 4\nb.dat 16+100 200 16 0 0 0 0 II\n");
        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("b"))).hasMessageContaining("shorter than the byte offset 100");
    }

    @Test
    void cinc2015Records_readAsShippedWithTheirChecksums() throws IOException {
        Path dir = SharedData.require("cinc2015");
        List<Path> heads;
        try (Stream<Path> s = Files.list(dir)) {
            heads = s.filter(p -> p.toString().endsWith(".hea")).sorted().toList();
        }
        for (Path h : heads) {
            WfdbRecord r = WfdbRecord.read(h, true);
            assertThat(r.sampleRate()).isEqualTo(250);
            assertThat(r.length()).as(h.toString()).isIn(75000, 82500);
            for (int s = 0; s < r.signals().size(); s++) {
                assertThat(r.signals().get(s).byteOffset()).isEqualTo(24);
                assertThat(r.adc(s)[0]).as("initial value of %s signal %d", h, s).isEqualTo(r.signals().get(s).initialValue());
            }
        }
        assertThat(heads).hasSizeGreaterThan(300);
    }
}
