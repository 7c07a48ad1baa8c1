package org.openholter.core.synth;

/**
 * Ground truth of one scripted stretch, in seconds from the start of the recording.
 *
 * @param rhythm     what played
 * @param rateBpm    nominal rate
 * @param startS     start of the segment
 * @param endS       end of the segment
 * @param lastQrsBeforeS time of the last QRS before the segment (asystole onset), NaN if none
 */
public record TruthEpisode(Rhythm rhythm, double rateBpm, double startS, double endS, double lastQrsBeforeS) {}
