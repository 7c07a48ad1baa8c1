package org.openholter.core.delineation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BeatIntervalsTest {
    @Test
    void measuresFromTheWavesAroundEachFiducialPoint() {
        // 250 Hz: two beats. Beat 1: P 10–35, QRS 50–72, T 120–170. Beat 2: two P waves (AV block), the later one
        // conducted; its T is missing.
        List<Wave> waves = List.of(new Wave('p', 10, 35), new Wave('N', 50, 72), new Wave('t', 120, 170),
                new Wave('p', 200, 225), new Wave('p', 260, 285), new Wave('N', 300, 322));
        BeatIntervals[] iv = BeatIntervals.around(waves, new int[] {60, 311, 600}, 250);
        assertThat(iv[0]).isEqualTo(new BeatIntervals(160, 88, 480));
        assertThat(iv[1].prMs()).isEqualTo(160);   // the P nearest the QRS, not the blocked one
        assertThat(iv[1].qrsMs()).isEqualTo(88);
        assertThat(iv[1].qtMs()).isNaN();
        assertThat(iv[2]).as("no QRS wave near the fiducial").isEqualTo(BeatIntervals.NONE);
    }

    @Test
    void aPTooFarBeforeTheQrsIsNotItsP() {
        List<Wave> waves = List.of(new Wave('p', 0, 25), new Wave('N', 150, 172));
        assertThat(BeatIntervals.around(waves, new int[] {160}, 250)[0].prMs()).isNaN(); // 600 ms > 400 ms
    }

    @Test
    void intervalScoreComparesBeatByBeat() {
        List<Wave> ref = List.of(new Wave('p', 10, 35), new Wave('N', 50, 72), new Wave('t', 120, 170));
        List<Wave> pred = List.of(new Wave('N', 51, 74), new Wave('t', 121, 175));
        IntervalScore s = new IntervalScore();
        s.add(ref, pred, 250);
        assertThat(s.get(IntervalScore.Interval.PR).missed()).isEqualTo(1);
        assertThat(s.get(IntervalScore.Interval.QRS).meanMs()).isEqualTo(4.0);   // 23 vs 22 samples
        assertThat(s.get(IntervalScore.Interval.QT).meanMs()).isEqualTo(16.0);   // 124 vs 120 samples
    }
}
