package org.openholter.station.interfaces;

import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends one item until the receiver takes it or refuses it for good, pausing between tries from 0.5 s, doubling up to
 * 30 s (and back to 0.5 s after a success): the links to the hospital's systems share this rule.
 */
final class Retrying {
    static final long FIRST_PAUSE_MS = 500, LAST_PAUSE_MS = 30_000;

    enum Result { TAKEN, REFUSED, STOPPED }

    private long pauseMs = FIRST_PAUSE_MS;

    /**
     * {@code attempt} answers one try: null when taken, a reason starting "refused" when refused for good, any other
     * reason to try again ({@code onRetry} is told it and the pause); {@code onRefused} is told a refusal.
     */
    Result send(Supplier<String> attempt, BooleanSupplier running, Consumer<String> onRefused, BiConsumer<String, Long> onRetry) {
        while (running.getAsBoolean()) {
            String why = attempt.get();
            if (why == null) {
                pauseMs = FIRST_PAUSE_MS;
                return Result.TAKEN;
            }
            if (why.startsWith("refused")) {
                onRefused.accept(why);
                return Result.REFUSED;
            }
            onRetry.accept(why, pauseMs);
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.STOPPED;
            }
            pauseMs = Math.min(LAST_PAUSE_MS, pauseMs * 2);
        }
        return Result.STOPPED;
    }
}
