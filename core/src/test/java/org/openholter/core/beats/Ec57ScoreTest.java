package org.openholter.core.beats;

import org.junit.jupiter.api.Test;
import org.openholter.core.wfdb.Annotation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Ec57ScoreTest {
    static final double FS = 100; // 150 ms = 15 samples; the first 5 minutes = 30,000 samples

    @Test
    void matchesWithin150MsOneToOneAndSkipsTheFirstFiveMinutes() {
        long base = 30_000;
        long[] ref = {100, base + 100, base + 200, base + 300, base + 400};
        char[] refC = {'N', 'N', 'V', 'S', 'N'};
        long[] test = {105, base + 110, base + 190, base + 216, base + 305, base + 350};
        char[] testC = {'N', 'N', 'V', 'N', 'N', 'V'};
        Ec57Score.Matrix m = new Ec57Score(150, 300).add("r", ref, refC, test, testC, FS).matrix();
        // ref 200 V ↔ test 190 (nearest; 216 is 16 samples away: outside anyway); ref 300 S ↔ 305 (called N);
        // ref 400 N unmatched (350 is 50 samples off); test 216 and 350 are extra; the beat at 100 is in the skipped span.
        assertThat(m.get('N', 'N')).isEqualTo(1);
        assertThat(m.get('V', 'V')).isEqualTo(1);
        assertThat(m.get('S', 'N')).isEqualTo(1);
        assertThat(m.qrsFn()).isEqualTo(1);
        assertThat(m.qrsFp()).isEqualTo(2);
        assertThat(m.se('V')).isEqualTo(1.0);
        assertThat(m.ppv('V')).isEqualTo(0.5);       // one of two test V beats is right; the other is extra
        assertThat(m.se('S')).isEqualTo(0.0);
    }

    @Test
    void fusionAndUnclassifiableNeitherHelpNorHurtVebStatistics() {
        long[] ref = {40_000, 40_100, 40_200};
        char[] refC = {'F', 'V', 'Q'};
        long[] test = {40_000, 40_100, 40_200};
        char[] testC = {'V', 'F', 'V'};
        Ec57Score.Matrix m = new Ec57Score().add("r", ref, refC, test, testC, FS).matrix();
        assertThat(m.qrsSe()).isEqualTo(1.0);
        assertThat(m.se('V')).isNaN();   // the only V was called F: not counted
        assertThat(m.ppv('V')).isNaN();  // V calls on F and Q beats: not counted
    }

    @Test
    void beatsInsideVentricularFlutterAreLeftOut() {
        List<Annotation> ann = List.of(Annotation.of(50_000, "["), Annotation.of(51_000, "]"));
        long[][] vf = Ec57Score.flutterEpisodes(ann, 100_000);
        assertThat(vf).hasDimensions(1, 2);
        Ec57Score.Matrix m = new Ec57Score().add("r", new long[] {49_000}, new char[] {'N'}, new long[] {49_000, 50_500},
                new char[] {'N', 'V'}, FS, vf).matrix();
        assertThat(m.qrsFp()).isZero();
        assertThat(AamiMapping.all()).isTrue();
    }

    /** The AAMI mapping of every MIT-BIH beat code. */
    static final class AamiMapping {
        static boolean all() {
            String[][] map = {{"NLRej", "N"}, {"AaJS", "S"}, {"VE", "V"}, {"F", "F"}, {"/fQ", "Q"}};
            for (String[] m : map) for (char c : m[0].toCharArray()) if (Ec57Score.aami(String.valueOf(c)) != m[1].charAt(0)) return false;
            return Ec57Score.aami("+") == 0 && Ec57Score.aami("~") == 0 && Ec57Score.aami("!") == 0;
        }
    }
}
