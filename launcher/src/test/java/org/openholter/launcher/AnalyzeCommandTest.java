package org.openholter.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code holter analyze} on a folder: every record tried, past the bad ones, and a closing table in which each refusal
 * names the file, the line or field, what was found and what was expected — never a bare exception text.
 */
class AnalyzeCommandTest {
    /** A one-lead format-16 WFDB record of {@code seconds} s of simulated sinus rhythm at {@code fs} (header line 1 as given). */
    static void record(Path dir, String name, int fs, int seconds, String headerRateField) throws Exception {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:70@" + seconds), NoiseSpec.CLEAN, fs, new String[] {"II"}, 3, false, false);
        float[][] x = new float[1][fs * seconds];
        s.next(x, 0, x[0].length);
        ByteBuffer b = ByteBuffer.allocate(2 * x[0].length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x[0]) b.putShort((short) Math.round(v * 200));
        Files.write(dir.resolve(name + ".dat"), b.array());
        Files.writeString(dir.resolve(name + ".hea"), name + " 1 " + headerRateField + " " + x[0].length + "\n"
                + name + ".dat 16 200 16 0 0 0 0 II\n");
    }

    /** Writes {@code text} into a fixed-width header field at {@code at} (space-padded, as EDF has it). */
    static void put(byte[] header, int at, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, header, at, t.length);
    }

    /** Runs the command; its standard output and exit code. */
    static String[] run(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = AnalyzeCommand.run(args);
        } finally {
            System.setOut(old);
        }
        return new String[] {out.toString(StandardCharsets.UTF_8), String.valueOf(code)};
    }

    /** The table row of a record. */
    static String row(String output, String record) {
        return output.lines().filter(l -> l.startsWith(record + " ") || l.startsWith(record + "\t")).findFirst().orElse("(no row for " + record + ")");
    }

    @Test
    void aFolderIsAnalysedPastItsBadRecords_andEachRefusalSaysWhereWhatAndWhatWasExpected(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ward"));
        record(dir, "good", 250, 40, "250");
        record(dir, "rate", 250, 10, "abc");                      // the issue's own case: a non-numeric sample rate
        record(dir, "slow", 50, 10, "50");                        // a rate the analysis does not take
        Files.writeString(dir.resolve("nodat.hea"), "nodat 1 250 2500\nnodat.dat 16 200 16 0 0 0 0 II\n"); // signal file missing
        Files.writeString(dir.resolve("fewer.hea"), "fewer 2 250 2500\nfewer.dat 16 200 16 0 0 0 0 II\n"); // 2 announced, 1 described
        Files.writeString(dir.resolve("fmt.hea"), "fmt 1 250 2500\nfmt.dat 999 200 16 0 0 0 0 II\n");     // no such format
        Files.writeString(dir.resolve("gain.hea"), "gain 1 250 2500\ngain.dat 16 x/mV 16 0 0 0 0 II\n");   // gain not a number
        Files.write(dir.resolve("junk.edf"), "not an edf at all".getBytes(StandardCharsets.US_ASCII));   // too short for EDF
        byte[] edf = new byte[512];
        java.util.Arrays.fill(edf, (byte) ' ');
        System.arraycopy("1       ".getBytes(StandardCharsets.US_ASCII), 0, edf, 0, 8);                  // version must be 0
        Files.write(dir.resolve("version.edf"), edf);
        Files.write(dir.resolve("bad.npy"), "NOTNUMPY..........".getBytes(StandardCharsets.US_ASCII));
        byte[] fields = edf.clone();                                                                     // a header field not a number
        put(fields, 0, "0"); put(fields, 184, "512"); put(fields, 236, "1"); put(fields, 244, "1"); put(fields, 252, "two");
        Files.write(dir.resolve("fields.edf"), fields);

        String[] r = run(dir.toString(), "--out", tmp.resolve("out").toString(), "--progress", "false", "--analyzer", "classic", "--review", "false");
        String out = r[0];
        assertThat(r[1]).as("exit code when a record was refused").isEqualTo("1");
        String base = dir.toString() + "/";
        assertThat(row(out, base + "good")).contains("analysed", "0:40", "beats");
        assertThat(row(out, base + "rate")).contains("REFUSED", "rate.hea line 1", "sample rate (Hz) 'abc'", "is not a number");
        assertThat(row(out, base + "slow")).contains("REFUSED", "slow: sample rate 50 Hz: expected 125 to 1000 Hz");
        assertThat(row(out, base + "nodat")).contains("REFUSED", "nodat.dat", "not found");
        assertThat(row(out, base + "fewer")).contains("REFUSED", "fewer.hea", "2 signals announced, 1 described");
        assertThat(row(out, base + "fmt")).contains("REFUSED", "fmt.hea line 2", "999");
        assertThat(row(out, base + "gain")).contains("REFUSED", "gain.hea line 2", "gain", "'x'");
        assertThat(row(out, base + "junk.edf")).contains("REFUSED", "junk.edf", "not an EDF file");
        assertThat(row(out, base + "version.edf")).contains("REFUSED", "version.edf", "version field '1', expected '0'");
        assertThat(row(out, base + "fields.edf")).contains("REFUSED", "fields.edf", "header field number of signals 'two': expected a whole number");
        assertThat(row(out, base + "bad.npy")).contains("REFUSED", "no sample rate", "--fs");
        assertThat(out).contains("1 analysed, 10 refused");
        assertThat(out).as("no raw exception text").doesNotContain("Exception", "For input string", "java.");

        // With --fs the .npy is read and refused for what it is; the analysed record's files are there.
        String npy = run(base + "bad.npy", "--fs", "250", "--out", tmp.resolve("out").toString(), "--progress", "false")[0];
        assertThat(row(npy, base + "bad.npy")).contains("REFUSED", "bad.npy", "not a .npy file", "expected NumPy's");
        assertThat(tmp.resolve("out").resolve("good.beat")).exists();
    }

    @Test
    void aRecordsFileListsAFoldersRecords_andMissingOnesOrCollidingNamesAreRefused(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a")), b = Files.createDirectories(tmp.resolve("b")), empty = Files.createDirectories(tmp.resolve("empty"));
        record(a, "r1", 250, 20, "250");
        record(a, "r2", 250, 20, "250");
        Files.write(a.resolve("RECORDS"), List.of("r1", "# a comment", "gone"));   // r2 is not listed: not analysed
        record(b, "r1", 250, 20, "250");                                           // same name as a/r1: same output files
        String[] r = run(a.toString(), b.resolve("r1").toString(), empty.toString(), tmp.resolve("nowhere").toString(),
                "--out", tmp.resolve("out").toString(), "--progress", "false", "--analyzer", "classic", "--review", "false");
        String out = r[0];
        assertThat(row(out, a + "/r1")).contains("analysed");
        assertThat(out).doesNotContain(a + "/r2");
        assertThat(row(out, a + "/gone")).contains("REFUSED", "gone.hea not found", "expected a WFDB record");
        assertThat(row(out, b + "/r1")).contains("REFUSED", "would replace those of", a + "/r1.hea", "another --out");
        assertThat(row(out, empty.toString())).contains("REFUSED", "no records in this folder", "RECORDS", ".hea, .edf or .npy");
        assertThat(row(out, tmp.resolve("nowhere").toString())).contains("REFUSED", "nowhere.hea not found");
        assertThat(out).contains("1 analysed, 4 refused");
        assertThat(r[1]).isEqualTo("1");

        String[] fine = run(a.resolve("r2").toString(), "--out", tmp.resolve("out2").toString(), "--progress", "false", "--analyzer", "classic", "--review", "false");
        assertThat(fine[1]).as("nothing refused").isEqualTo("0");
        assertThat(fine[0]).contains("1 analysed, 0 refused");
    }
}
