package org.openholter.core.delineation;

/**
 * One delineated wave.
 *
 * @param kind   {@code 'p'}, {@code 'N'} (QRS) or {@code 't'}, as in WFDB wave annotations
 * @param onset  first sample of the wave
 * @param offset last sample of the wave
 */
public record Wave(char kind, int onset, int offset) {
    public int samples() { return offset - onset + 1; }

    public Wave withOffset(int newOffset) { return new Wave(kind, onset, newOffset); }
}
