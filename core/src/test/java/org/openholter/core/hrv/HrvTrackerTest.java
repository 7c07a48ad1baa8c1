package org.openholter.core.hrv;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class HrvTrackerTest {
    /** An hour boundary (2023-11-14T22:00Z), so that minutes, 5-minute blocks and hours line up with the data. */
    static final long T0 = 1_699_999_200_000_000L;

    /** Beats of {@code seconds} with NN = 800 ms ± 20 ms alternating per 5-minute block, plus white noise of SD 10 ms. */
    static List<long[]> beats(double seconds, long seed) {
        Random r = new Random(seed);
        List<long[]> out = new ArrayList<>();
        long t = T0 + 400_000;
        while (t < T0 + seconds * 1e6) {
            long block = (t - T0) / HrvTracker.FIVE_MINUTES;
            double nn = 800 + (block % 2 == 0 ? 20 : -20) + 10 * r.nextGaussian();
            t += Math.round(nn * 1000);
            out.add(new long[] {t, Math.round(nn * 1000)});
        }
        return out;
    }

    static List<HrvTracker.Report> run(List<long[]> beats, int restoreAt) throws IOException {
        List<HrvTracker.Report> out = new ArrayList<>();
        HrvTracker tr = new HrvTracker();
        for (int i = 0; i < beats.size(); i++) {
            if (i == restoreAt) tr = roundTrip(tr);
            long[] b = beats.get(i);
            tr.beat(b[0], 'N', i == 0 ? Double.NaN : b[1] / 1000.0);
            tr.advance(b[0], out::add);
        }
        tr.finish(out::add);
        return out;
    }

    static HrvTracker roundTrip(HrvTracker t) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        t.write(new DataOutputStream(b));
        return HrvTracker.read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
    }

    @Test
    void rollingWindowsEqualTheBatchComputationOfTheirIntervals() throws IOException {
        List<long[]> beats = beats(12 * 60, 1);
        List<HrvTracker.Report> reports = run(beats, -1);
        long[] t = beats.stream().mapToLong(b -> b[0]).toArray();
        char[] labels = new char[t.length];
        java.util.Arrays.fill(labels, 'N');
        NnSeries all = NnSeries.fromBeats(t, labels);
        HrvTracker.Report five = reports.stream().filter(r -> r.span().equals("5m") && r.toMicros() == T0 + 10 * HrvTracker.MINUTE).findFirst().orElseThrow();
        NnSeries expected = all.between((T0 + 5 * HrvTracker.MINUTE) / 1e6, (T0 + 10 * HrvTracker.MINUTE) / 1e6);
        assertThat(five.hrv()).isEqualTo(Hrv.of(expected));
        assertThat(reports.stream().filter(r -> r.span().equals("1m")).count()).as("one per minute").isEqualTo(12);
        assertThat(reports.stream().filter(r -> r.span().equals("1h"))).as("an hour not yet over: reported at the end only").hasSize(1);
    }

    @Test
    void hourlyReportHasSdannAndSdnnIndex() throws IOException {
        List<HrvTracker.Report> reports = run(beats(65 * 60, 2), -1);
        HrvTracker.Report hour = reports.stream().filter(r -> r.span().equals("1h")).findFirst().orElseThrow();
        assertThat(hour.fromMicros()).isEqualTo(T0);
        assertThat(hour.toMicros()).isEqualTo(T0 + HrvTracker.HOUR);
        assertThat(hour.hrv().time().count()).isBetween(4400, 4600);
        assertThat(hour.sdannMs()).as("block means alternate ±20 ms").isCloseTo(20.9, within(2.0));
        assertThat(hour.sdnnIndexMs()).as("within a block: the noise").isCloseTo(10, within(1.0));
        assertThat(hour.hrv().time().sdnnMs()).isCloseTo(Math.sqrt(20 * 20 + 10 * 10), withinPercentage(5));
        assertThat(hour.hrv().time().rmssdMs()).isCloseTo(10 * Math.sqrt(2), withinPercentage(8));
        assertThat(hour.hrv().welch().hf()).isPositive();
    }

    @Test
    void stateRoundTripMidStreamChangesNothing() throws IOException {
        List<long[]> beats = beats(7 * 60, 3);
        List<HrvTracker.Report> straight = run(beats, -1), restored = run(beats, beats.size() / 2);
        assertThat(restored).isEqualTo(straight);
    }
}
