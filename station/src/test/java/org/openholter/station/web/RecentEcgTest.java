package org.openholter.station.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.codec.CodecJson;
import org.openholter.core.codec.CodecSlice;
import org.openholter.core.codec.Layers;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.EcgFrame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bed's recent leads and codec on one time grid, and an alarm's strip cut from them at the raise. */
class RecentEcgTest {
    static final int FS = 250, PER_FRAME = 50; // 0.2-s frames
    static final long T0 = 1_700_000_000_000_000L; // device µs

    /** Frame k of two leads (II, V1, and a pleth that is not ECG): II is k (mV / 100), V1 is −k; V1 off from frame 100. */
    static EcgFrame frame(String device, long k) {
        int[][] samples = new int[3][PER_FRAME];
        for (int i = 0; i < PER_FRAME; i++) { samples[0][i] = (int) k; samples[1][i] = (int) -k; samples[2][i] = 7; }
        return new EcgFrame(device, k, T0 + k * PER_FRAME * 1_000_000L / FS, FS, new String[] {"II", "V1", "PLETH"},
                new float[] {100, 100, 1}, new int[] {0, 0, 0}, k >= 100 ? 0b10 : 0, samples);
    }

    /** The codec of {@code seconds} s from {@code fromS}: a QRS and a VPC every second, rhythm VENTRICULAR. */
    static CodecJson.Message codec(String device, double fromS, double seconds) {
        int n = (int) (seconds * FS);
        byte[] wave = new byte[n], beat = new byte[n], rhythm = new byte[n];
        for (int i = 0; i < n; i++) {
            boolean qrs = i % FS < 25;
            wave[i] = qrs ? Layers.QRS : Layers.OTHER;
            beat[i] = qrs ? Layers.VPC : Layers.NONE;
            rhythm[i] = Layers.VENTRICULAR;
        }
        long start = T0 + (long) (fromS * 1e6);
        return new CodecJson.Message(device, 0, new CodecSlice((long) (fromS * FS), start, FS, wave, beat, rhythm));
    }

    static AlarmEvent raised(String device, double atS) {
        long ms = (T0 / 1000) + (long) (atS * 1000);
        return new AlarmEvent(AlarmEvent.episodeId(device, "VTACH", ms - 3000), device, "w", "1", "VTACH", "HIGH", AlarmEvent.RAISED,
                ms - 3000, ms, 180.0, "VT");
    }

    @Test
    void aStripIsCutAroundTheRaise_onceSignalAndCodecReachItsEnd_withEveryEcgLead(@TempDir Path dir) throws Exception {
        RecentEcg r = new RecentEcg();
        long wall = 0;
        for (long k = 0; k < 100; k++) r.frame(frame("d", k)); // 20 s
        r.alarm(raised("d", 15), wall);
        r.alarm(raised("d", 15), wall); // the same raise read again: one strip
        assertThat(r.dueStrips(wall)).as("the signal does not reach 21 s yet").isEmpty();
        for (long k = 100; k < 110; k++) r.frame(frame("d", k)); // to 22 s
        assertThat(r.dueStrips(wall)).as("the codec does not reach 21 s yet").isEmpty();
        r.codec(codec("d", 0, 12));
        r.codec(codec("d", 12, 12));
        List<RecentEcg.Strip> due = r.dueStrips(wall);
        assertThat(due).hasSize(1);
        RecentEcg.Strip s = due.get(0);
        assertThat(s.leads()).containsExactly("II", "V1");
        assertThat(s.fs()).isEqualTo(FS);
        long raisedMs = T0 / 1000 + 15_000;
        assertThat(s.fromMs()).isEqualTo(raisedMs - 14_000);
        assertThat(s.values().get(0)).hasSize(20 * FS + 1);
        // II at 1 s is frame 5: 0.05 mV; V1 is off from 20 s (frame 100): null there.
        assertThat(s.values().get(0).get(0)).isEqualTo(5);
        assertThat(s.values().get(1).get(0)).isEqualTo(-5);
        assertThat(s.values().get(1).get(19 * FS + 10)).isNull();
        assertThat(s.codec()).isNotEmpty().allMatch(x -> x.toMs() > s.fromMs() && x.fromMs() < raisedMs + 6000);
        assertThat(s.codec().stream().filter(x -> x.layer() == 1).map(RecentEcg.Run::cls).distinct()).containsExactly((int) Layers.VPC);
        assertThat(s.codecToMs()).isEqualTo(raisedMs + 6000);
        assertThat(r.dueStrips(wall)).as("cut once").isEmpty();

        // Kept on disk, read back as it was.
        AlarmStrips store = new AlarmStrips(dir, Duration.ofDays(1));
        store.store(s);
        JsonNode back = store.read(s.alarmId());
        assertThat(back.path("type").asText()).isEqualTo("VTACH");
        assertThat(back.path("leads").toString()).isEqualTo("[\"II\",\"V1\"]");
        assertThat(back.path("v").get(0).size()).isEqualTo(20 * FS + 1);
        assertThat(back.path("v").get(1).get(19 * FS + 10).isNull()).isTrue();
        assertThat(back.path("from_ms").asLong()).isEqualTo(s.fromMs());
        assertThat(store.has(s.alarmId())).isTrue();
        assertThat(store.read("no:such:alarm")).isNull();
        assertThat(new AlarmStrips(dir, Duration.ofDays(1)).read(s.alarmId())).as("after a restart").isNotNull();
        // Retention: an old file goes.
        Files.list(dir).forEach(p -> p.toFile().setLastModified(System.currentTimeMillis() - Duration.ofDays(2).toMillis()));
        assertThat(store.prune(System.currentTimeMillis())).isEqualTo(1);
        assertThat(store.has(s.alarmId())).isFalse();
    }

    @Test
    void withoutTheCodec_theStripIsStoredAfterTheWait_andAnAlarmReadTooLateHasNone() {
        RecentEcg r = new RecentEcg();
        for (long k = 0; k < 120; k++) r.frame(frame("d", k));
        r.alarm(raised("d", 10), 1_000);
        assertThat(r.dueStrips(1_000 + RecentEcg.WAIT_MS - 1)).isEmpty();
        List<RecentEcg.Strip> due = r.dueStrips(1_000 + RecentEcg.WAIT_MS);
        assertThat(due).hasSize(1);
        assertThat(due.get(0).codec()).isEmpty();
        // An alarm of long ago (a station started late): nothing of it is held, no strip.
        r.alarm(raised("d", -600), 2_000);
        assertThat(r.dueStrips(2_000 + RecentEcg.WAIT_MS)).isEmpty();
    }

    @Test
    void lostFramesLeaveAGapOnTheGrid_lateAndRepeatedOnesAreDropped_andOnlyFollowedBedsAreStreamed() {
        RecentEcg r = new RecentEcg();
        for (long k = 0; k < 10; k++) r.frame(frame("d", k));
        r.frame(frame("d", 15)); // frames 10–14 lost: 1 s
        r.frame(frame("d", 12)); // late: dropped
        r.frame(frame("d", 15)); // again: dropped
        r.frame(frame("e", 0));
        assertThat(r.dropped()).isEqualTo(2);
        Map<String, Object> snap = r.snapshot("d");
        @SuppressWarnings("unchecked") List<List<Integer>> v = (List<List<Integer>>) snap.get("v");
        assertThat(v.get(0)).hasSize(16 * PER_FRAME);
        assertThat(v.get(0).subList(10 * PER_FRAME, 15 * PER_FRAME)).containsOnlyNulls();
        assertThat(v.get(0).get(15 * PER_FRAME)).isEqualTo(15);
        assertThat(snap.get("t")).isEqualTo((T0 + (16L * PER_FRAME - 1) * 1_000_000L / FS) / 1000);
        r.frame(frame("d", 16));
        r.frame(frame("e", 1));
        Map<String, Map<String, Object>> drained = r.drain(java.util.Set.of("d"));
        assertThat(drained).containsOnlyKeys("d");
        @SuppressWarnings("unchecked") List<List<Integer>> fresh = (List<List<Integer>>) drained.get("d").get("v");
        assertThat(fresh.get(0)).hasSize(PER_FRAME).containsOnly(16);
        assertThat(r.drain(java.util.Set.of("d", "e"))).as("e's samples were let go while no page followed it").isEmpty();
    }
}
