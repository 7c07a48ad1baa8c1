package org.openholter.core.beats;

import org.junit.jupiter.api.Test;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

class CurveLengthDetectorTest {
    static final int FS = 250;

    static float[] ecg(String script, double fromS, double seconds) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(script), NoiseSpec.CLEAN, FS, new String[] {"II"}, 4, false, false);
        float[][] skip = new float[1][(int) (fromS * FS)];
        s.next(skip, 0, skip[0].length);
        float[][] x = new float[1][(int) (seconds * FS)];
        s.next(x, 0, x[0].length);
        return x[0];
    }

    @Test
    void findsTheSameBeatsAsThePanTompkinsDetectorOnSinus_andNoneInAnAsystoleWithPWaves() {
        float[] sinus = ecg("sinus:75@30", 10, 6);
        int[] b = new CurveLengthDetector(FS).detect(sinus);
        int[] a = new QrsDetector(FS).detect(sinus, new QrsDetector.State());
        assertThat(b.length).isBetween(7, 8);
        assertThat(org.openholter.core.signal.LeadQuality.agreement(a, b, sinus.length, FS)).isEqualTo(1.0);
        float[] asystole = ecg("sinus:75@10,asystole@20", 14, 6);
        assertThat(new CurveLengthDetector(FS).detect(asystole)).isEmpty();
        assertThat(new CurveLengthDetector(FS).detect(new float[FS * 6])).isEmpty();
    }
}
