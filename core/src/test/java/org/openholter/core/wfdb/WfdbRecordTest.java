package org.openholter.core.wfdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WfdbRecordTest {

    @Test
    void everyReferenceRecord_readsWithVerifiedChecksumsAndInitialValues() throws IOException {
        int records = 0;
        for (String db : List.of("mitdb", "ludb", "vfdb", "nstdb")) {
            Path dir = SharedData.require(db);
            List<Path> heads;
            try (Stream<Path> s = Files.walk(dir)) {
                heads = s.filter(p -> p.toString().endsWith(".hea")).sorted().toList();
            }
            for (Path h : heads) {
                WfdbRecord r = WfdbRecord.read(h, true);
                assertThat(r.length()).as(h.toString()).isGreaterThan(0);
                for (int s = 0; s < r.signals().size(); s++) {
                    assertThat(r.adc(s)[0]).as("initial value of %s signal %d", h, s).isEqualTo(r.signals().get(s).initialValue());
                }
                records++;
            }
        }
        assertThat(records).isGreaterThan(250);
    }

    @Test
    void streamingInOddBlocks_equalsReadingWhole() throws IOException {
        Path rec = SharedData.require("mitdb").resolve("203");
        WfdbRecord whole = WfdbRecord.read(rec);
        WfdbRecord.Header h = WfdbRecord.header(rec);
        int[][] buf = new int[2][997];
        long at = 0;
        java.util.Random r = new java.util.Random(5);
        try (WfdbRecord.Reader reader = new WfdbRecord.Reader(h)) {
            int n;
            while ((n = reader.read(buf, 0, 1 + r.nextInt(997))) > 0) {
                for (int i = 0; i < n; i++) {
                    assertThat(buf[0][i]).isEqualTo(whole.adc(0)[(int) at + i]);
                    assertThat(buf[1][i]).isEqualTo(whole.adc(1)[(int) at + i]);
                }
                at += n;
            }
        }
        assertThat(at).isEqualTo(whole.length());
    }

    @Test
    void mitdb100_hasTheKnownLayout() throws IOException {
        WfdbRecord r = WfdbRecord.read(SharedData.require("mitdb").resolve("100"));
        assertThat(r.sampleRate()).isEqualTo(360);
        assertThat(r.length()).isEqualTo(650000);
        assertThat(r.signals().get(0).description()).isEqualTo("MLII");
        assertThat(r.signals().get(0).baseline()).isEqualTo(1024);
        assertThat(r.millivolts(0, 0)).isEqualTo((995 - 1024) / 200f);
    }

    @Test
    void format16WithCrlfHeader_andDamagedFiles(@TempDir Path dir) throws IOException {
        short[] v = {100, -200, 300, 32767, -32768, 5};
        byte[] b = new byte[v.length * 2];
        int sum = 0;
        for (int i = 0; i < v.length; i++) { b[2 * i] = (byte) v[i]; b[2 * i + 1] = (byte) (v[i] >> 8); sum += v[i]; }
        Files.write(dir.resolve("t.dat"), b);
        Files.writeString(dir.resolve("t.hea"), "t 1 500 6\r\nt.dat 16 1000(10)/mV 16 0 100 " + (short) sum + " 0 II\r\n");
        WfdbRecord r = WfdbRecord.read(dir.resolve("t"));
        assertThat(r.adc(0)).containsExactly(100, -200, 300, 32767, -32768, 5);
        assertThat(r.millivolts(0, 0)).isEqualTo(0.09f);
        Files.writeString(dir.resolve("t.hea"), "t 1 500 6\nt.dat 16 1000(10)/mV 16 0 100 1234 0 II\n");
        assertThat(WfdbRecord.read(dir.resolve("t")).warnings()).singleElement().asString().contains("checksum");
        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("t"), true)).hasMessageContaining("checksum");
        Files.writeString(dir.resolve("t.hea"), "t 1 500 60\nt.dat 16 1000 16 0 100\n");
        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("t"))).hasMessageContaining("file holds 6");
        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("missing"))).hasMessageContaining("not found");
    }
}
