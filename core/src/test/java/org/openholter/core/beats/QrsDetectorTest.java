package org.openholter.core.beats;

import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.analysis.WindowAnalysis;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.window.AnalysisWindow;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QrsDetectorTest {
    static float[] lead(int seconds) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:70@60"), NoiseSpec.CLEAN, 250, new String[] {"II"}, 9, false, false);
        float[][] x = new float[1][seconds * 250];
        s.next(x, 0, x[0].length);
        return x[0];
    }

    static AnalysisWindow window(float[]... leads) {
        String[] names = new String[leads.length];
        for (int c = 0; c < leads.length; c++) names[c] = "L" + c;
        return new AnalysisWindow("d", 0, 0, 0, 0, 250, names, leads, new int[leads[0].length], 0, leads[0].length, 0, false);
    }

    /** A lead where the QRS nearly vanishes (as in some MIT-BIH V1 leads) must not hide the beats of the other. */
    @Test
    void aLeadWithAVanishingQrsDoesNotHideTheBeats() {
        float[] good = lead(10);
        float[] faint = new float[good.length];
        Random r = new Random(1);
        for (int i = 0; i < faint.length; i++) faint[i] = 0.03f * good[i] + (float) (0.01 * r.nextGaussian()) + 0.5f;
        ClassicAnalyzer a = new ClassicAnalyzer();
        WindowAnalysis alone = a.analyze(window(good), a.newState());
        for (float[][] order : new float[][][] {{faint, good}, {good, faint}}) {
            WindowAnalysis both = a.analyze(window(order), a.newState());
            assertThat(both.beats()).extracting(b -> b.sample() / 5).as("same beats as the good lead alone")
                    .isEqualTo(alone.beats().stream().map(b -> b.sample() / 5).toList());
            assertThat(order[both.channel()]).as("analysed on the lead with the clear QRS").isSameAs(good);
        }
        assertThat(alone.beats()).hasSizeBetween(11, 13);
    }

    @Test
    void stateRoundTripsAndRejectsOtherVersions() throws Exception {
        QrsDetector d = new QrsDetector(250);
        QrsDetector.State st = new QrsDetector.State();
        d.detect(new float[][] {lead(10), lead(10)}, new boolean[] {true, true}, st);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        st.write(new java.io.DataOutputStream(bytes));
        QrsDetector.State back = QrsDetector.State.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        back.write(new java.io.DataOutputStream(again));
        assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
        byte[] old = bytes.toByteArray().clone();
        old[3] = 1; // version 1
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QrsDetector.State.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(old))))
                .isInstanceOf(java.io.IOException.class);
    }
}
