package org.openholter.core.records;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.batch.RecordResults;
import org.openholter.core.batch.RecordRunner;
import org.openholter.core.delineation.NpyWriter;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** NumPy and EDF recordings read as the stream reads WFDB: same scale, same analysis. */
class RecordingsTest {
    static final int FS = 250, SECONDS = 120;

    /** Two minutes of two leads (II, V1) at 72 bpm, in mV. */
    static float[][] ecg() {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:72@200"), NoiseSpec.CLEAN, FS, new String[] {"II", "V1"}, 9, false, false);
        float[][] x = new float[2][FS * SECONDS];
        s.next(x, 0, x[0].length);
        return x;
    }

    static int beats(SignalSource source) throws IOException {
        RecordResults r = new RecordResults(source.sampleRate(), false);
        try (ClassicAnalyzer a = new ClassicAnalyzer()) {
            new RecordRunner(a, MonitorConfig.DEFAULT, 1.0).run(source, r, null);
        }
        return r.beatCount();
    }

    static double mv(SignalSource.Channel c, int adc) { return (adc - c.zero()) / c.gain(); }

    @Test
    void npyFloatSamplesByLeads_readInMillivoltsAndAnalysed(@TempDir Path dir) throws IOException {
        float[][] x = ecg();
        float[][] rows = new float[x[0].length][2];
        for (int i = 0; i < rows.length; i++) { rows[i][0] = x[0][i]; rows[i][1] = x[1][i]; }
        Path npy = dir.resolve("rec.npy");
        NpyWriter.writeFloat32(npy, rows);
        try (SignalSource s = Recordings.open(npy.toString(), new Recordings.ArrayOptions(FS, 1, 0, false, List.of("II", "V1")))) {
            assertThat(s.channels()).extracting(SignalSource.Channel::name).containsExactly("II", "V1");
            assertThat(s.length()).isEqualTo(x[0].length);
            int[][] buf = new int[2][100];
            assertThat(s.read(buf, 0, 100)).isEqualTo(100);
            for (int i = 0; i < 100; i++) assertThat(mv(s.channels().get(1), buf[1][i])).isCloseTo(x[1][i], within(0.001));
        }
        int n = beats(Recordings.open(npy.toString(), new Recordings.ArrayOptions(FS, 1, 0, false, List.of())));
        assertThat(n).isBetween(140, 146); // 72 bpm for 2 min
    }

    @Test
    void npyIntegersLeadsFirst_withEcgomicsGainAndZero(@TempDir Path dir) throws IOException {
        float[][] x = ecg();
        // int16, shape (2, n), raw = mV · 400 + 25
        Path npy = dir.resolve("adc.npy");
        String dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, " + x[0].length + "), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        byte[] h = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        o.write(h.length & 0xFF);
        o.write(h.length >> 8);
        o.write(h);
        ByteBuffer b = ByteBuffer.allocate(2 * 2 * x[0].length).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] lead : x) for (float v : lead) b.putShort((short) Math.round(v * 400 + 25));
        o.write(b.array());
        Files.write(npy, o.toByteArray());
        try (SignalSource s = Recordings.open(npy.toString(), new Recordings.ArrayOptions(FS, 400, 25, true, List.of()))) {
            assertThat(s.channels()).extracting(SignalSource.Channel::name).containsExactly("L1", "L2");
            int[][] buf = new int[2][50];
            s.read(buf, 0, 50);
            for (int i = 0; i < 50; i++) assertThat(mv(s.channels().get(0), buf[0][i])).isCloseTo(x[0][i], within(0.002));
        }
        assertThat(beats(Recordings.open(npy.toString(), new Recordings.ArrayOptions(FS, 400, 25, true, List.of())))).isBetween(140, 146);
        // Bad inputs: a clear error, not a crash later on.
        assertThatThrownBy(() -> Recordings.open(npy.toString(), Recordings.ArrayOptions.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--fs");
        assertThatThrownBy(() -> Recordings.open(npy.toString(), new Recordings.ArrayOptions(FS, 400, 25, false, List.of())))
                .isInstanceOf(IOException.class).hasMessageContaining("leads");
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(o.toByteArray(), 5000));
        assertThatThrownBy(() -> Recordings.open(cut.toString(), new Recordings.ArrayOptions(FS, 400, 25, true, List.of())))
                .isInstanceOf(IOException.class).hasMessageContaining("announces");
    }

    /** An EDF+ file: ECG II and V1 at 250 Hz in µV, a respiration channel at 25 Hz, and the annotation channel. */
    static Path edf(Path file, float[][] x, String reserved) throws IOException {
        int records = SECONDS, ns = 4;
        String[] label = {"ECG II", "Resp", "ECG V1", "EDF Annotations"};
        int[] per = {FS, 25, FS, 30};
        StringBuilder h = new StringBuilder();
        h.append(pad("0", 8)).append(pad("X X X X", 80)).append(pad("Startdate X", 80)).append(pad("22.11.26", 8)).append(pad("10.00.00", 8))
                .append(pad(String.valueOf(256 * (ns + 1)), 8)).append(pad(reserved, 44)).append(pad(String.valueOf(records), 8))
                .append(pad("1", 8)).append(pad(String.valueOf(ns), 4));
        for (String l : label) h.append(pad(l, 16));
        for (int s = 0; s < ns; s++) h.append(pad("", 80));
        for (int s = 0; s < ns; s++) h.append(pad(s == 3 ? "" : s == 1 ? "mV" : "uV", 8));
        for (int s = 0; s < ns; s++) h.append(pad(s == 3 ? "-1" : "-5000", 8));
        for (int s = 0; s < ns; s++) h.append(pad(s == 3 ? "1" : "5000", 8));
        for (int s = 0; s < ns; s++) h.append(pad("-32768", 8));
        for (int s = 0; s < ns; s++) h.append(pad("32767", 8));
        for (int s = 0; s < ns; s++) h.append(pad("", 80));
        for (int s = 0; s < ns; s++) h.append(pad(String.valueOf(per[s]), 8));
        for (int s = 0; s < ns; s++) h.append(pad("", 32));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        double perUv = 65535 / 10000.0;
        for (int r = 0; r < records; r++) {
            for (int s = 0; s < ns; s++) {
                for (int i = 0; i < per[s]; i++) {
                    double v = s == 0 ? x[0][r * FS + i] * 1000 : s == 2 ? x[1][r * FS + i] * 1000 : 0;
                    int d = (int) Math.round(-32768 + (v + 5000) * perUv);
                    o.write(d & 0xFF);
                    o.write((d >> 8) & 0xFF);
                }
            }
        }
        Files.write(file, o.toByteArray());
        return file;
    }

    static String pad(String s, int n) { return String.format(Locale.ROOT, "%-" + n + "s", s); }

    @Test
    void edfPlus_readsItsEcgChannelsInMillivoltsAndSkipsTheOthers(@TempDir Path dir) throws IOException {
        float[][] x = ecg();
        Path file = edf(dir.resolve("night.edf"), x, "EDF+C");
        try (SignalSource s = Recordings.open(file.toString(), Recordings.ArrayOptions.NONE)) {
            assertThat(s.name()).isEqualTo("night");
            assertThat(s.sampleRate()).isEqualTo(FS);
            assertThat(s.channels()).extracting(SignalSource.Channel::name).containsExactly("II", "V1");
            assertThat(s.length()).isEqualTo((long) FS * SECONDS);
            int[][] buf = new int[2][700]; // across data records
            assertThat(s.read(buf, 0, 700)).isEqualTo(700);
            for (int i = 0; i < 700; i++) {
                assertThat(mv(s.channels().get(0), buf[0][i])).isCloseTo(x[0][i], within(0.002));
                assertThat(mv(s.channels().get(1), buf[1][i])).isCloseTo(x[1][i], within(0.002));
            }
        }
        assertThat(beats(Recordings.open(file.toString(), Recordings.ArrayOptions.NONE))).isBetween(140, 146);
        Path d = edf(dir.resolve("gaps.edf"), x, "EDF+D");
        assertThatThrownBy(() -> Recordings.open(d.toString(), Recordings.ArrayOptions.NONE)).isInstanceOf(IOException.class)
                .hasMessageContaining("EDF+D");
        assertThatThrownBy(() -> Recordings.open(dir.resolve("none.edf").toString(), Recordings.ArrayOptions.NONE))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
