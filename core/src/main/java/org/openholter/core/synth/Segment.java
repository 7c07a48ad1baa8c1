package org.openholter.core.synth;

/**
 * A stretch of a scenario.
 *
 * @param rhythm  what plays
 * @param rateBpm nominal ventricular rate (atrial rate for asystole), ignored for lead-off
 * @param seconds duration
 */
public record Segment(Rhythm rhythm, double rateBpm, double seconds) {
    public Segment {
        if (!(seconds > 0)) throw new IllegalArgumentException("segment duration must be > 0 s: " + seconds);
        if (rhythm != Rhythm.LEAD_OFF && rhythm != Rhythm.ASYSTOLE && !(rateBpm >= 15 && rateBpm <= 300)) {
            throw new IllegalArgumentException("rate must be 15-300 bpm: " + rateBpm);
        }
    }
}
