package org.openholter.gateway.limits;

/**
 * A rate limit that allows bursts: {@code burst} tokens at most, refilled at {@code perSecond}; each admitted message
 * takes one. Not thread-safe (callers hold the owner's lock).
 */
final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double perSecond, double burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    boolean take(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * 1e-9 * perSecond);
            lastNanos = nowNanos;
        }
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
