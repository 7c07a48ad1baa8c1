package org.openholter.gateway.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SenderLimitsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SenderLimits limits = new SenderLimits(SenderLimits.Settings.defaults(), now::get);

    private void advanceMillis(double ms) { now.addAndGet((long) (ms * 1e6)); }

    @Test
    void aDeviceAtItsRateIsNeverThrottled() {
        for (int i = 0; i < 4 * 3600; i++) { // an hour of 0.25-s frames
            assertThat(limits.admit("bed-1").admitted()).isTrue();
            advanceMillis(250);
        }
    }

    @Test
    void aDeviceResendingTenMinutesOfFramesAtOnceIsNotThrottled() {
        for (int i = 0; i < 2400; i++) assertThat(limits.admit("bed-1").admitted()).as("frame %d", i).isTrue();
    }

    @Test
    void aDeviceFloodingAtAHundredTimesItsRateIsThrottledAndTheOthersAreNot() {
        // 4 frames/s is the fastest device; 400/s for 60 s, while bed-2 streams normally.
        long admitted = 0, throttled = 0, starts = 0;
        for (int ms = 0; ms < 60_000; ms++) {
            if (ms % 2 == 0 && ms % 5 != 0) { // 400 per second
                SenderLimits.Verdict v = limits.admit("flood");
                if (v.admitted()) admitted++; else throttled++;
                if (v.changed() && !v.admitted()) starts++;
            }
            if (ms % 250 == 0) assertThat(limits.admit("bed-2").admitted()).as("bed-2 at %d ms", ms).isTrue();
            advanceMillis(1);
        }
        // The burst and then the rate get through: 2,400 + 40/s × 60 s at most.
        assertThat(admitted).isBetween(2400L + 40 * 55, 2400L + 40 * 60 + 1);
        assertThat(throttled).isEqualTo(400L * 60 - admitted);
        assertThat(starts).as("one run of throttled messages: a sender held at the limit is still flooding").isEqualTo(1);
        // Slowed down: after a pause it is admitted again, and told how many it lost.
        advanceMillis(10_000);
        SenderLimits.Verdict back = limits.admit("flood");
        assertThat(back.admitted()).isTrue();
        assertThat(back.changed()).isTrue();
        assertThat(back.dropped()).isPositive();
    }

    @Test
    void deadLettersAreSampledPerSenderAndInTotal() {
        int copied = 0;
        for (int i = 0; i < 1000; i++) if (limits.sampleDeadLetter("bad-1")) copied++;
        assertThat(copied).isEqualTo(50); // the burst, no time passed
        advanceMillis(10_000);
        copied = 0;
        for (int i = 0; i < 1000; i++) if (limits.sampleDeadLetter("bad-1")) copied++;
        assertThat(copied).isEqualTo(10); // 1/s
        // Many senders at once: 500/s in all (a burst of 10 s' worth).
        copied = 0;
        for (int i = 0; i < 20_000; i++) if (limits.sampleDeadLetter("many-" + i)) copied++;
        assertThat(copied).isBetween(4900, 5000);
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfSenders() {
        SenderLimits small = new SenderLimits(new SenderLimits.Settings(40, 2400, 1, 50, 500, 1000), now::get);
        for (int i = 0; i < 1_000_000; i++) small.admit("made-up-" + i);
        assertThat(small.senders()).isEqualTo(1000);
        assertThat(small.sendersForgotten()).isEqualTo(999_000);
    }

    @Test
    void theLeastRecentlyHeardFromIsForgotten() {
        DeviceTable<int[]> t = new DeviceTable<>(2);
        int[] a = t.get("a", k -> new int[1]);
        t.get("b", k -> new int[1]);
        t.get("a", k -> new int[1]); // a heard from again
        t.get("c", k -> new int[1]); // b goes
        assertThat(t.get("a", k -> new int[1])).isSameAs(a);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.evicted()).isEqualTo(1);
    }
}
