package org.openholter.core.delineation;

/** The six wave boundaries, with the Martínez et al. (2004) matching tolerances used to score them. */
public enum Boundary {
    P_ON(50), P_OFF(50), QRS_ON(40), QRS_OFF(40), T_ON(50), T_OFF(100);

    private final int toleranceMs;

    Boundary(int toleranceMs) { this.toleranceMs = toleranceMs; }

    public int toleranceMs() { return toleranceMs; }

    /** The boundary of a wave ({@code 'p'}, {@code 'N'}, {@code 't'}) at its onset or offset. */
    public static Boundary of(char wave, boolean onset) {
        switch (wave) {
            case 'p': return onset ? P_ON : P_OFF;
            case 'N': return onset ? QRS_ON : QRS_OFF;
            case 't': return onset ? T_ON : T_OFF;
            default: throw new IllegalArgumentException("not a wave peak symbol: " + wave);
        }
    }
}
