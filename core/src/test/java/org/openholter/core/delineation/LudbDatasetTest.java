package org.openholter.core.delineation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LudbDatasetTest {
    @Test
    void example_labelsFollowTheAnnotationsAndTheSplitIsThePublishedOne() throws IOException {
        Path data = SharedData.require("ludb").resolve("data");
        LudbDataset.Example e = LudbDataset.example(data, 1, 1);
        assertThat(e.signal()).hasSize(2500);
        int[] count = new int[4];
        for (byte b : e.labels()) count[b]++;
        assertThat(count[1]).as("P samples").isPositive();
        assertThat(count[2]).as("QRS samples").isPositive();
        assertThat(count[3]).as("T samples").isGreaterThan(count[2]); // T waves are longer than QRS complexes
        int masked = 0;
        for (int i = 0; i < 2500; i++) {
            masked += e.mask()[i];
            if (e.labels()[i] != 0) assertThat(e.mask()[i]).as("labels lie inside the annotated span").isEqualTo((byte) 1);
        }
        assertThat(masked).isBetween(1000, 2500);
        assertThat(LudbDataset.VALIDATION).hasSize(41);
    }

    @Test
    void npy_headerIsWhatNumpyReads(@TempDir Path tmp) throws IOException {
        NpyWriter.writeFloat32(tmp.resolve("x.npy"), new float[][] {{1f, 2f}, {3f, 4f}, {5f, 6f}});
        byte[] b = Files.readAllBytes(tmp.resolve("x.npy"));
        int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        assertThat((10 + headerLen) % 64).isZero();
        String header = new String(b, 10, headerLen);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }").endsWith("\n");
        assertThat(b.length).isEqualTo(10 + headerLen + 3 * 2 * 4);
        assertThat(java.nio.ByteBuffer.wrap(b, 10 + headerLen, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(1f);
    }
}
