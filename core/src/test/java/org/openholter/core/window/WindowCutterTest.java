package org.openholter.core.window;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WindowCutterTest {
    static final int FS = 250;

    /** Feeds samples 0..n-1 (value = index) in random chunks; returns the reported values in order. */
    static List<Float> reported(int n, long seed, List<AnalysisWindow> windows) {
        WindowCutter c = new WindowCutter("d", new String[] {"II"}, FS, 10, 6, 2, 0);
        Random r = new Random(seed);
        int pos = 0;
        while (pos < n) {
            int len = Math.min(n - pos, 1 + r.nextInt(400));
            float[][] chunk = new float[1][len];
            for (int i = 0; i < len; i++) chunk[0][i] = pos + i;
            c.append(chunk, 0, len, 0, pos == 0 ? 0 : Long.MIN_VALUE, 0, windows::add);
            pos += len;
        }
        c.finish(0, windows::add);
        List<Float> out = new ArrayList<>();
        for (AnalysisWindow w : windows) for (int i = w.keepFrom(); i < w.keepTo(); i++) out.add(w.data()[0][i]);
        return out;
    }

    @Test
    void reportedRanges_tileEveryStreamLengthExactlyOnce() {
        for (int n : new int[] {1, 100, 2499, 2500, 2501, 3999, 4000, 4001, 5000, 6123, 20 * FS, 20 * FS + 1, 61_237}) {
            List<AnalysisWindow> ws = new ArrayList<>();
            List<Float> got = reported(n, n, ws);
            assertThat(got).as("length %d", n).hasSize(n);
            for (int i = 0; i < n; i++) assertThat(got.get(i)).as("sample %d of %d", i, n).isEqualTo((float) i);
            for (AnalysisWindow w : ws) {
                assertThat(w.length()).isLessThanOrEqualTo(10 * FS);
                if (!w.last()) {
                    assertThat(w.length()).isEqualTo(10 * FS);
                    assertThat(w.keepTo()).isEqualTo(8 * FS);
                    assertThat(w.keepFrom()).isEqualTo(w.index() == 0 ? 0 : 2 * FS);
                    assertThat(w.data()[0][0]).isEqualTo(6f * FS * w.index());
                }
            }
        }
    }

    @Test
    void twentySecondSignal_lastWindowIsEndAlignedWithoutShiftingLabels() {
        List<AnalysisWindow> ws = new ArrayList<>();
        reported(20 * FS, 1, ws);
        AnalysisWindow last = ws.get(ws.size() - 1);
        assertThat(last.last()).isTrue();
        assertThat(last.data()[0][0]).isEqualTo(10f * FS);  // window [10 s, 20 s)
        assertThat(last.data()[0][last.keepFrom()]).isEqualTo(14f * FS); // reports [14 s, 20 s) with their own labels
    }

    @Test
    void state_roundTripsMidStream_withLeadOffRuns() throws java.io.IOException {
        List<AnalysisWindow> a = new ArrayList<>(), b = new ArrayList<>();
        WindowCutter whole = new WindowCutter("d", new String[] {"I", "II"}, FS, 10, 6, 2, 0);
        WindowCutter split = new WindowCutter("d", new String[] {"I", "II"}, FS, 10, 6, 2, 0);
        Random r = new Random(5);
        for (int k = 0; k < 100; k++) {
            int len = 50 + r.nextInt(200), off = r.nextInt(4) == 0 ? 0b10 : 0;
            float[][] chunk = new float[2][len];
            for (int i = 0; i < len; i++) { chunk[0][i] = r.nextFloat(); chunk[1][i] = -r.nextFloat(); }
            whole.append(chunk, 0, len, off, k == 0 ? 0 : Long.MIN_VALUE, k, a::add);
            split.append(chunk, 0, len, off, k == 0 ? 0 : Long.MIN_VALUE, k, b::add);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            split.writeState(new java.io.DataOutputStream(bytes));
            split = new WindowCutter("d", new String[] {"I", "II"}, FS, 10, 6, 2, 0);
            split.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        }
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).data()).isDeepEqualTo(a.get(i).data());
            assertThat(b.get(i).flags()).isEqualTo(a.get(i).flags());
            assertThat(b.get(i).startMicros()).isEqualTo(a.get(i).startMicros());
        }
    }

    @Test
    void longStream_equalsTheConcatenationOfItsParts() {
        List<Float> whole = reported(100_000, 7, new ArrayList<>());
        List<Float> again = reported(100_000, 99, new ArrayList<>()); // other chunking, same stream
        assertThat(again).isEqualTo(whole);
    }
}
