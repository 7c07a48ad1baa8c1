package org.openholter.core.rhythm;

import org.junit.jupiter.api.Test;
import org.openholter.core.codec.CodecSlice;
import org.openholter.core.codec.Layers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AfTrackerTest {
    static final int FS = 250;
    static final long T0 = 1_699_999_200_000_000L; // an hour boundary (UTC)

    /** What the tracker said. */
    static final class Said implements AfTracker.Sink {
        final List<AfTracker.Episode> episodes = new ArrayList<>();
        final List<AfTracker.Burden> burdens = new ArrayList<>();
        @Override public void episode(AfTracker.Episode e) { episodes.add(e); }
        @Override public void burden(AfTracker.Burden b) { burdens.add(b); }

        AfTracker.Burden last(String span) {
            return burdens.stream().filter(b -> b.span().equals(span)).reduce((a, b) -> b).orElseThrow();
        }
    }

    /** A script of rhythm ids per second, played as 6-s stretches starting {@code offsetS} after T0. */
    static List<CodecSlice> stretches(String perSecond, double offsetS) {
        List<CodecSlice> out = new ArrayList<>();
        for (int s = 0; s < perSecond.length(); s += 6) {
            int len = Math.min(6, perSecond.length() - s) * FS;
            byte[] rhythm = new byte[len];
            for (int i = 0; i < len; i++) rhythm[i] = (byte) Layers.RHYTHM_CHARS.indexOf(perSecond.charAt(s + i / FS));
            out.add(new CodecSlice((long) s * FS, T0 + Math.round((offsetS + s) * 1e6), FS, new byte[len], new byte[len], rhythm));
        }
        return out;
    }

    static Said play(List<CodecSlice> slices, int restoreAt) throws IOException {
        Said said = new Said();
        AfTracker t = new AfTracker();
        for (int i = 0; i < slices.size(); i++) {
            if (i == restoreAt) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                t.write(new DataOutputStream(b));
                t = AfTracker.read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
            }
            t.stretch(slices.get(i), said);
        }
        t.finish(said);
        return said;
    }

    @Test
    void anEpisodeOfNinetySeconds_onsetAfterThirtyOffsetAtItsEndAndItsBurden() throws IOException {
        Said s = play(stretches("S".repeat(60) + "F".repeat(90) + "S".repeat(60), 0), -1);
        assertThat(s.episodes).containsExactly(new AfTracker.Episode(T0 + 60_000_000L, Long.MIN_VALUE),
                new AfTracker.Episode(T0 + 60_000_000L, T0 + 150_000_000L));
        AfTracker.Burden hour = s.last("1h");
        assertThat(hour.complete()).isTrue();
        assertThat(hour.afSeconds()).isCloseTo(90, within(1e-6));
        assertThat(hour.monitoredSeconds()).isCloseTo(210, within(1e-6));
        assertThat(hour.percent()).isCloseTo(100 * 90 / 210.0, within(1e-6));
        assertThat(hour.episodes()).isEqualTo(1);
        assertThat(hour.longestSeconds()).isCloseTo(90, within(1e-6));
        assertThat(s.burdens.stream().filter(b -> !b.complete() && b.span().equals("1h")).count()).as("every minute so far").isEqualTo(3);
    }

    @Test
    void shortAfIsNoEpisodeButCountsInTheBurden_andNoiseIsNotMonitoredAndBreaksAnEpisode() throws IOException {
        Said s = play(stretches("S".repeat(30) + "F".repeat(18) + "S".repeat(30), 0), -1);
        assertThat(s.episodes).isEmpty();
        assertThat(s.last("24h").afSeconds()).isCloseTo(18, within(1e-6));
        Said n = play(stretches("F".repeat(42) + "~".repeat(12) + "F".repeat(42), 0), -1);
        assertThat(n.episodes.stream().filter(e -> !e.ongoing())).hasSize(2);
        assertThat(n.last("1h").monitoredSeconds()).isCloseTo(84, within(1e-6));
        assertThat(n.last("1h").percent()).isCloseTo(100, within(1e-6));
    }

    @Test
    void aGapInTheStreamEndsTheEpisode_andHourBoundariesCloseTheHour() throws IOException {
        List<CodecSlice> a = stretches("F".repeat(60), 3540), b = stretches("F".repeat(60), 3640); // 40 s gap, across 1 h
        List<CodecSlice> all = new ArrayList<>(a);
        all.addAll(b);
        Said s = play(all, -1);
        List<AfTracker.Episode> ends = s.episodes.stream().filter(e -> !e.ongoing()).toList();
        assertThat(ends).containsExactly(new AfTracker.Episode(T0 + 3_540_000_000L, T0 + 3_600_000_000L),
                new AfTracker.Episode(T0 + 3_640_000_000L, T0 + 3_700_000_000L));
        AfTracker.Burden first = s.burdens.stream().filter(x -> x.span().equals("1h") && x.complete()).findFirst().orElseThrow();
        assertThat(first.fromMicros()).isEqualTo(T0);
        assertThat(first.toMicros()).isEqualTo(T0 + AfTracker.HOUR);
        assertThat(first.afSeconds()).isCloseTo(60, within(1e-6));
    }

    @Test
    void stateRoundTripMidEpisodeChangesNothing() throws IOException {
        List<CodecSlice> sl = stretches("S".repeat(30) + "F".repeat(120) + "S".repeat(30), 0);
        Said straight = play(sl, -1), restored = play(sl, 12);
        assertThat(restored.episodes).isEqualTo(straight.episodes);
        assertThat(restored.burdens).isEqualTo(straight.burdens);
    }
}
