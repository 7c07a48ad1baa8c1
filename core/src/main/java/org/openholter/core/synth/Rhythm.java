package org.openholter.core.synth;

/** Rhythms the synthesizer can play. */
public enum Rhythm {
    /** Sinus rhythm at the given rate with respiratory variability. */
    SINUS,
    /** Sinus rhythm with premature ventricular contractions (about one in eight beats). */
    PVC,
    /** Atrial fibrillation: no P waves, fibrillatory baseline, irregular ventricular response. */
    AF,
    /** Ventricular tachycardia: wide complexes without P waves. */
    VT,
    /** Ventricular fibrillation: no QRS, no P; a chaotic 4–6 Hz wave of drifting amplitude. */
    VF,
    /** Ventricular standstill: P waves continue, no QRS. */
    ASYSTOLE,
    /** Ventricular pacing at the given rate: a pacemaker pulse (reported by the device) then a wide complex, no P. */
    PACED,
    /** Electrodes off: the device flags lead-off and sends a flat line (a pulse channel goes on). */
    LEAD_OFF,
    /**
     * Sinus rhythm under a large, irregular 3–7 Hz motion artefact on the ECG leads (tooth brushing, shivering, chest
     * physiotherapy): the ECG looks like VF while the heart and the pulse go on — the classic false VF alarm.
     */
    ARTIFACT
}
