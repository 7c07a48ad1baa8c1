package org.openholter.core.analysis;

/**
 * Window-level rhythm label. The classic analyzer only knows rate and regularity; the rhythm layer
 * (later models) adds AF, VT, VF and the rest without changing this contract.
 */
public enum RhythmLabel {
    NORMAL_RATE, BRADYCARDIA, TACHYCARDIA, IRREGULAR, ASYSTOLE, NO_SIGNAL
}
