package org.openholter.core.alarms;

/**
 * An alarm being raised or cleared for one patient.
 *
 * @param type        what
 * @param raised      true when raised, false when cleared
 * @param onsetMicros device time at which the episode began (stable for the episode: it names it)
 * @param eventMicros device time at which the rule became true (raise) or false (clear)
 * @param value       the measured value behind it (bpm, or seconds without QRS)
 * @param message     a short text for people
 */
public record AlarmTransition(AlarmType type, boolean raised, long onsetMicros, long eventMicros, double value,
                              String message) {}
