package org.openholter.gateway.limits;

import java.util.function.LongSupplier;

/**
 * What one sender may cost the gateway. A device streams a few messages a second (frames of 0.25-1 s and a rare
 * status); it may send much more for a while after an outage, when it empties the buffer it kept meanwhile. A sender
 * far above that for long is broken or hostile: its messages are throttled (counted, acknowledged, dropped) so that
 * it cannot delay everyone else's. Refused messages are sampled for the dead-letter topic, per sender and in total,
 * so that a stream of garbage is counted exactly but does not fill Kafka; the counts by reason stay exact.
 */
public final class SenderLimits {
    /** The limits; rates per second. */
    public record Settings(double messagesPerSecond, double messageBurst, double deadLettersPerSecond, double deadLetterBurst,
                           double deadLettersTotalPerSecond, int maxSenders) {
        public Settings {
            if (!(messagesPerSecond > 0) || !(messageBurst >= 1) || !(deadLettersPerSecond >= 0) || !(deadLetterBurst >= 0)
                    || !(deadLettersTotalPerSecond >= 0) || maxSenders < 1) {
                throw new IllegalArgumentException("limits must be positive: " + this);
            }
        }

        /**
         * 40 messages/s with a burst of 2,400: ten times the fastest device's rate (frames of 0.25 s), and a 10-minute
         * backlog of 0.25-s frames may be resent at once. Dead letters: 1/s (50 at once) per sender, 500/s in all.
         * 20,000 senders remembered (a gateway serves a few thousand devices).
         */
        public static Settings defaults() {
            return new Settings(40, 2400, 1, 50, 500, 20_000);
        }
    }

    /**
     * The decision on one message: process it or not, and whether it starts a run of throttled messages ({@code
     * dropped} = 0) or ends one ({@code dropped} = how many the run lost), each worth a log line. A run ends at the
     * first message admitted {@value #QUIET_SECONDS} s after the last one throttled: a sender held at the limit is
     * admitted now and then as tokens trickle in, and that is not the end of its flood.
     */
    public record Verdict(boolean admitted, boolean changed, long dropped) {
        static final Verdict ADMIT = new Verdict(true, false, 0), THROTTLE = new Verdict(false, false, 0),
                THROTTLE_FIRST = new Verdict(false, true, 0);
    }

    static final int QUIET_SECONDS = 10;

    private static final class Sender {
        final TokenBucket messages;
        final TokenBucket deadLetters;
        long throttled; // in the current run
        long lastThrottledNanos;

        Sender(Settings s, long now) {
            messages = new TokenBucket(s.messagesPerSecond(), s.messageBurst(), now);
            deadLetters = new TokenBucket(s.deadLettersPerSecond(), s.deadLetterBurst(), now);
        }
    }

    private final Settings settings;
    private final LongSupplier nanos;
    private final DeviceTable<Sender> senders;
    private final TokenBucket deadLettersTotal;

    public SenderLimits(Settings settings, LongSupplier nanos) {
        this.settings = settings;
        this.nanos = nanos;
        this.senders = new DeviceTable<>(settings.maxSenders());
        this.deadLettersTotal = new TokenBucket(settings.deadLettersTotalPerSecond(), Math.max(1, settings.deadLettersTotalPerSecond() * 10), nanos.getAsLong());
    }

    public Settings settings() { return settings; }

    /** Takes one message of {@code sender} into account and says whether to process it. */
    public Verdict admit(String sender) {
        long now = nanos.getAsLong();
        Sender s = senders.get(sender, k -> new Sender(settings, now));
        synchronized (s) {
            if (s.messages.take(now)) {
                if (s.throttled == 0 || now - s.lastThrottledNanos < QUIET_SECONDS * 1_000_000_000L) return Verdict.ADMIT;
                long dropped = s.throttled;
                s.throttled = 0;
                return new Verdict(true, true, dropped);
            }
            s.lastThrottledNanos = now;
            return s.throttled++ == 0 ? Verdict.THROTTLE_FIRST : Verdict.THROTTLE;
        }
    }

    /** Whether a refused message of {@code sender} goes to the dead-letter topic (else it is only counted). */
    public boolean sampleDeadLetter(String sender) {
        long now = nanos.getAsLong();
        Sender s = senders.get(sender, k -> new Sender(settings, now));
        synchronized (s) {
            if (!s.deadLetters.take(now)) return false;
        }
        synchronized (deadLettersTotal) {
            return deadLettersTotal.take(now);
        }
    }

    /** Senders remembered now (bounded by {@link Settings#maxSenders}). */
    public int senders() { return senders.size(); }

    public long sendersForgotten() { return senders.evicted(); }
}
