package org.openholter.core.alarms;

/**
 * A step in one patient's alarm condition: raised, updated (confirmed or re-measured; same episode) or cleared.
 *
 * @param type        what
 * @param step        raise, update or clear
 * @param onsetMicros device time at which the episode began (stable for the episode: it names it)
 * @param eventMicros device time at which the rule became true (raise), was confirmed (update) or false (clear)
 * @param value       the measured value behind it (bpm, or seconds without QRS)
 * @param message     a short text for people
 */
public record AlarmTransition(AlarmType type, Step step, long onsetMicros, long eventMicros, double value, String message) {
    public enum Step { RAISE, UPDATE, CLEAR }

    /** A raise ({@code raised}) or a clear. */
    public AlarmTransition(AlarmType type, boolean raised, long onsetMicros, long eventMicros, double value, String message) {
        this(type, raised ? Step.RAISE : Step.CLEAR, onsetMicros, eventMicros, value, message);
    }

    public boolean raised() { return step == Step.RAISE; }

    public boolean cleared() { return step == Step.CLEAR; }
}
