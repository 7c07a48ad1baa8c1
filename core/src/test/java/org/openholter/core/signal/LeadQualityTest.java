package org.openholter.core.signal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeadQualityTest {
    static final int FS = 250;

    @Test
    void agreement_matchesBeatsOneToOneWithin150ms_andIsOneWhenNeitherFindsABeat() {
        assertThat(LeadQuality.agreement(new int[] {100, 300, 500}, new int[] {110, 290, 510}, 1000, FS)).isEqualTo(1.0);
        // One beat each that the other does not see: 2 matched of 4 distinct.
        assertThat(LeadQuality.agreement(new int[] {100, 300, 500}, new int[] {110, 400, 510}, 1000, FS)).isEqualTo(0.5);
        // 150 ms is 37.5 samples: 40 apart is another beat.
        assertThat(LeadQuality.agreement(new int[] {100}, new int[] {140}, 1000, FS)).isEqualTo(0.0);
        assertThat(LeadQuality.agreement(new int[0], new int[0], 1000, FS)).isEqualTo(1.0);
        // Beats after `until` (not settled yet) do not count.
        assertThat(LeadQuality.agreement(new int[] {100, 900}, new int[] {100}, 800, FS)).isEqualTo(1.0);
    }

    @Test
    void flatClippedOrMostlyLostLeadsAreNotLive_andTrustHasHysteresis() {
        float[] flat = new float[1500];
        java.util.Arrays.fill(flat, 1.2f);
        assertThat(LeadQuality.of(flat, 1).live(0.1)).isFalse();
        float[] clipped = new float[1500];
        for (int i = 0; i < clipped.length; i++) clipped[i] = i % 10 < 3 ? 5f : (float) Math.sin(i / 5.0);
        assertThat(LeadQuality.of(clipped, 1).saturated()).isTrue();
        float[] lost = new float[1500];
        for (int i = 0; i < lost.length; i++) lost[i] = i < 300 ? Float.NaN : (float) Math.sin(i / 5.0);
        assertThat(LeadQuality.of(lost, 1).live(0.9)).as("a fifth lost, nine tenths asked").isFalse();
        assertThat(LeadQuality.of(lost, 1).live(0.5)).as("a fifth lost, half asked").isTrue();
        float[] ecg = new float[1500];
        for (int i = 0; i < ecg.length; i++) ecg[i] = (float) Math.sin(i / 5.0);
        LeadQuality q = LeadQuality.of(ecg, 0.7);
        assertThat(q.trusted(false, 1)).as("0.7 is not enough to come to be trusted").isFalse();
        assertThat(q.trusted(true, 1)).as("but enough to stay trusted").isTrue();
        assertThat(LeadQuality.of(ecg, 0.6).trusted(true, 1)).isFalse();
        assertThat(LeadQuality.of(lost, 1).trusted(true, 0.9)).as("agreeing, but too little received").isFalse();
    }

    @Test
    void aStretchOfExactlyRepeatedSamplesIsAnInputThatStopped_aQuietButLivingSignalIsNot() {
        float[] x = new float[1500];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) x[i] = i < 900 ? (float) Math.sin(i / 5.0) : -5f; // 2.4 s stuck at the rail
        LeadQuality.markStuck(x, FS);
        assertThat(java.util.stream.IntStream.range(0, x.length).filter(i -> Float.isNaN(x[i])).count()).isEqualTo(600);
        assertThat(LeadQuality.of(x, 1).live(0.9)).as("40 % stopped").isFalse();
        float[] quiet = new float[1500]; // an asystole: a few microvolts of noise on a constant level
        for (int i = 0; i < quiet.length; i++) quiet[i] = 0.5f + 0.005f * Math.round(r.nextGaussian());
        LeadQuality.markStuck(quiet, FS);
        assertThat(quiet).doesNotContain(Float.NaN);
        float[] shortRun = new float[1500]; // a flat top shorter than the limit (a clipped R wave) stays
        for (int i = 0; i < shortRun.length; i++) shortRun[i] = i >= 500 && i < 560 ? 3f : (float) Math.sin(i / 5.0);
        LeadQuality.markStuck(shortRun, FS);
        assertThat(shortRun).doesNotContain(Float.NaN);
    }
}
