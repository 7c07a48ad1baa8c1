package org.openholter.core.delineation;

/**
 * Heart-rate corrections of the QT interval (QT and RR in ms; result in ms). RR outside 300–2500 ms
 * (200–24 bpm) gives NaN: the formulas are not meant for it, and such an RR is usually a missed or extra beat.
 */
public enum QtCorrection {
    /** QT / √RR (RR in s): Bazett 1920, the clinical default; over-corrects at high rates. */
    BAZETT {
        @Override double apply(double qt, double rrS) { return qt / Math.sqrt(rrS); }
    },
    /** QT / ∛RR (RR in s): Fridericia 1920. */
    FRIDERICIA {
        @Override double apply(double qt, double rrS) { return qt / Math.cbrt(rrS); }
    },
    /** QT + 154 ms · (1 − RR in s): Framingham (Sagie 1992). */
    FRAMINGHAM {
        @Override double apply(double qt, double rrS) { return qt + 154 * (1 - rrS); }
    },
    /** QT + 1.75 ms · (HR − 60), HR in bpm: Hodges 1983. */
    HODGES {
        @Override double apply(double qt, double rrS) { return qt + 1.75 * (60 / rrS - 60); }
    };

    abstract double apply(double qtMs, double rrSeconds);

    public double correct(double qtMs, double rrMs) {
        if (!(rrMs >= 300 && rrMs <= 2500) || Double.isNaN(qtMs)) return Double.NaN;
        return apply(qtMs, rrMs / 1000);
    }
}
