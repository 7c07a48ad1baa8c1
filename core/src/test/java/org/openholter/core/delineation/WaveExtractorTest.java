package org.openholter.core.delineation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WaveExtractorTest {
    private static final int FS = 250;

    /** Labels built from (class, from ms, to ms) spans over a signal of {@code ms} milliseconds. */
    private static byte[] labels(int ms, int[]... spans) {
        byte[] l = new byte[ms * FS / 1000];
        for (int[] s : spans) for (int i = s[1] * FS / 1000; i < s[2] * FS / 1000; i++) l[i] = (byte) s[0];
        return l;
    }

    private static String kinds(List<Wave> waves) {
        StringBuilder b = new StringBuilder();
        waves.forEach(w -> b.append(w.kind()));
        return b.toString();
    }

    @Test
    void keepsAnOrdinaryBeatExactly() {
        List<Wave> w = WaveExtractor.waves(labels(1000, new int[] {1, 100, 200}, new int[] {2, 260, 360}, new int[] {3, 480, 680}), FS);
        assertEquals(List.of(new Wave('p', 25, 49), new Wave('N', 65, 89), new Wave('t', 120, 169)), w);
    }

    @Test
    void dropsWavesTooShortOrTooLong() {
        // A 20-ms P blip, a 400-ms "QRS" and an 800-ms "T" are not waves; the 80-ms QRS is.
        String k = kinds(WaveExtractor.waves(labels(3000, new int[] {1, 100, 120}, new int[] {2, 200, 600},
                new int[] {2, 1000, 1080}, new int[] {3, 1200, 2000}), FS));
        assertEquals("N", k);
    }

    @Test
    void keepsOneTPerBeatMergingASplitT() {
        // QRS, then T split by a 60-ms notch (merged), then a far T-labelled run 400 ms later (dropped).
        List<Wave> w = WaveExtractor.waves(labels(2000, new int[] {2, 100, 200}, new int[] {3, 300, 400},
                new int[] {3, 460, 560}, new int[] {3, 960, 1060}), FS);
        assertEquals(List.of(new Wave('N', 25, 49), new Wave('t', 75, 139)), w);
    }

    @Test
    void aTNeedsAQrsBeforeIt() {
        // Before the first QRS only the last T survives (the previous beat's); a T 800 ms after a QRS is not its T.
        String k = kinds(WaveExtractor.waves(labels(4000, new int[] {3, 0, 100}, new int[] {3, 300, 450},
                new int[] {2, 800, 900}, new int[] {3, 1800, 1950}), FS));
        assertEquals("tN", k);
    }

    @Test
    void noPInsideTheSTSegmentButSeveralPPerQrsSurvive() {
        // 2:1 AV block: two P waves before the second QRS, one of them right after the T; a P-labelled run between
        // the first QRS and its T is part of the ST segment and goes.
        String k = kinds(WaveExtractor.waves(labels(3000, new int[] {2, 100, 200}, new int[] {1, 230, 290},
                new int[] {3, 330, 530}, new int[] {1, 700, 800}, new int[] {1, 1400, 1500}, new int[] {2, 1650, 1750}), FS));
        assertEquals("Ntpp" + "N", k);
    }
}
