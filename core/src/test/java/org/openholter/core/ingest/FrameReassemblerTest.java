package org.openholter.core.ingest;

import org.junit.jupiter.api.Test;
import org.openholter.wire.EcgFrame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameReassemblerTest {
    static final long T0 = 1_732_252_800_000_000L;

    /** Frame k: 125 samples at 250 Hz (0.5 s), sample values = global sample index. */
    static EcgFrame frame(int k) {
        int[] s = new int[125];
        for (int i = 0; i < 125; i++) s[i] = k * 125 + i;
        return new EcgFrame("d", k, T0 + k * 500_000L, 250, new String[] {"II"}, new float[] {1}, new int[] {0}, 0, new int[][] {s});
    }

    static final class Recorder implements FrameReassembler.Listener {
        final List<Integer> samples = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        @Override public void onSamples(EcgFrame f, int from) { for (int i = from; i < f.samplesPerChannel(); i++) samples.add(f.raw(0, i)); }
        @Override public void onGap(long a, long b, int missing) { events.add("gap " + missing); for (int i = 0; i < missing; i++) samples.add(-1); }
        @Override public void onBreak(String reason) { events.add("break " + reason); }
    }

    static FrameReassembler reassembler() { return new FrameReassembler(2_000_000, 10_000_000, 64); }

    @Test
    void inOrderFrames_areReleasedImmediately() {
        FrameReassembler r = reassembler();
        Recorder out = new Recorder();
        r.accept(frame(0), out);
        r.accept(frame(1), out);
        assertThat(out.samples).hasSize(250);
        assertThat(r.hasPending()).isFalse();
    }

    @Test
    void reorderedAndDuplicated_giveTheOriginalStream() {
        FrameReassembler r = reassembler();
        Recorder out = new Recorder();
        for (int k : new int[] {0, 2, 1, 1, 3, 5, 4, 0, 6}) r.accept(frame(k), out);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 7 * 125; i++) expected.add(i);
        assertThat(out.samples).isEqualTo(expected);
        assertThat(r.counters().stale).isEqualTo(2);
        assertThat(r.counters().reordered).isEqualTo(2);
        assertThat(out.events).isEmpty();
    }

    @Test
    void lostFrame_becomesAGapOnceTheDeviceIsTwoSecondsPastIt() {
        FrameReassembler r = reassembler();
        Recorder out = new Recorder();
        r.accept(frame(0), out);
        for (int k = 2; k <= 4; k++) r.accept(frame(k), out); // frame 1 [0.5 s, 1 s) never comes
        assertThat(out.samples).hasSize(125);                  // still waiting: the device is 1.5 s past it
        r.accept(frame(5), out);                               // 2 s past it: lost
        assertThat(out.events).containsExactly("gap 125");
        assertThat(out.samples).hasSize(6 * 125);
        assertThat(out.samples.get(125)).isEqualTo(-1);
        assertThat(out.samples.get(250)).isEqualTo(250);
    }

    @Test
    void watermark_releasesWaitingFramesOfASilentDevice() {
        FrameReassembler r = reassembler();
        Recorder out = new Recorder();
        r.accept(frame(0), out);
        r.accept(frame(2), out);
        assertThat(r.pendingDeadlineMicros()).isEqualTo(T0 + 1_000_000 + 2_000_000);
        r.advanceTo(T0 + 2_999_999, out);
        assertThat(out.samples).hasSize(125);
        r.advanceTo(T0 + 3_000_000, out);
        assertThat(out.samples).hasSize(375);
    }

    @Test
    void longGapsAndLayoutChanges_breakTheStream() {
        FrameReassembler r = reassembler();
        Recorder out = new Recorder();
        r.accept(frame(0), out);
        r.accept(frame(40), out); // 19.5 s later
        r.advanceTo(T0 + 60_000_000, out);
        EcgFrame other = new EcgFrame("d", 41, T0 + 20_500_000, 500, new String[] {"II"}, new float[] {1}, new int[] {0}, 0, new int[][] {new int[250]});
        r.accept(other, out);
        assertThat(out.events).hasSize(2).allMatch(e -> e.startsWith("break"));
    }

    @Test
    void state_roundTripsWithPendingFrames() throws IOException {
        FrameReassembler r = reassembler();
        Recorder out = new Recorder();
        r.accept(frame(0), out);
        r.accept(frame(2), out);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        r.writeState(new DataOutputStream(b));
        FrameReassembler copy = reassembler();
        copy.readState(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        copy.accept(frame(1), out);
        assertThat(out.samples).hasSize(375);
        assertThat(copy.counters().frames).isEqualTo(3);
    }
}
