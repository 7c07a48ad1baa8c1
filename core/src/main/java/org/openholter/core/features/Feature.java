package org.openholter.core.features;

/**
 * The ECGomics features of a window, in the four dimensions of Zhang et al. (2026), with their units and
 * definitions: the one place they are written down ({@code docs/features.md} is generated from it, and a test keeps
 * the two equal). Each is computed per reported 10-s window (its own beats and waves, on the analysed lead at 250 Hz)
 * unless its definition says otherwise; NaN (an empty CSV cell, a missing InfluxDB field) where it cannot be measured.
 */
public enum Feature {
    // Structural: wave durations and amplitudes (medians over the window's beats)
    P_DURATION(Dimension.STRUCTURAL, "p_dur_ms", "ms", "P-wave duration, onset to offset"),
    QRS_DURATION(Dimension.STRUCTURAL, "qrs_dur_ms", "ms", "QRS duration, onset to offset"),
    T_DURATION(Dimension.STRUCTURAL, "t_dur_ms", "ms", "T-wave duration, onset to offset"),
    P_AMPLITUDE(Dimension.STRUCTURAL, "p_amp_mv", "mV", "P-wave amplitude: the largest deviation from the isoelectric level within the P wave, signed"),
    R_AMPLITUDE(Dimension.STRUCTURAL, "r_amp_mv", "mV", "R amplitude: the QRS maximum above the isoelectric level"),
    S_AMPLITUDE(Dimension.STRUCTURAL, "s_amp_mv", "mV", "S amplitude: the QRS minimum below the isoelectric level (negative)"),
    T_AMPLITUDE(Dimension.STRUCTURAL, "t_amp_mv", "mV", "T-wave amplitude: the largest deviation from the isoelectric level within the T wave, signed"),
    PR(Dimension.STRUCTURAL, "pr_ms", "ms", "PR interval: P onset to QRS onset"),
    QT(Dimension.STRUCTURAL, "qt_ms", "ms", "QT interval: QRS onset to T offset (not from QRS offset, which is JT)"),
    QTC_BAZETT(Dimension.STRUCTURAL, "qtc_bazett_ms", "ms", "QT / sqrt(RR), RR in s: the beat's preceding RR"),
    QTC_FRIDERICIA(Dimension.STRUCTURAL, "qtc_fridericia_ms", "ms", "QT / cbrt(RR), RR in s"),
    QTC_FRAMINGHAM(Dimension.STRUCTURAL, "qtc_framingham_ms", "ms", "QT + 154 (1 - RR), RR in s"),
    QTC_HODGES(Dimension.STRUCTURAL, "qtc_hodges_ms", "ms", "QT + 1.75 (HR - 60), HR in bpm from the preceding RR"),
    ST_J60(Dimension.STRUCTURAL, "st_j60_mv", "mV", "ST level 60 ms after the J point (QRS offset), from the isoelectric level"),
    T_POLARITY(Dimension.STRUCTURAL, "t_polarity", "1", "mean sign of the beats' T waves: +1 all upright, -1 all inverted"),
    // Intensity: energy and complexity
    ENERGY_LOW(Dimension.INTENSITY, "energy_0_5_4hz", "%", "share of the 0.5-40 Hz ECG power between 0.5 and 4 Hz (P and T waves); Welch on the window"),
    ENERGY_MID(Dimension.INTENSITY, "energy_4_15hz", "%", "share of the 0.5-40 Hz power between 4 and 15 Hz (QRS core)"),
    ENERGY_HIGH(Dimension.INTENSITY, "energy_15_40hz", "%", "share of the 0.5-40 Hz power between 15 and 40 Hz (QRS edges, notches)"),
    SPECTRAL_ENTROPY(Dimension.INTENSITY, "spectral_entropy", "1", "Shannon entropy of the normalised 0.5-40 Hz power spectrum over log of its bin count (0 a pure tone, 1 white noise)"),
    RR_SKEWNESS(Dimension.INTENSITY, "rr_skewness", "1", "skewness of the last 5 minutes' NN intervals"),
    RR_KURTOSIS(Dimension.INTENSITY, "rr_kurtosis", "1", "excess kurtosis of the last 5 minutes' NN intervals"),
    // Functional: autonomic regulation and conduction
    SDNN_5M(Dimension.FUNCTIONAL, "sdnn_5m_ms", "ms", "SDNN of the last 5 minutes (the rolling HRV, normal-to-normal intervals)"),
    RMSSD_5M(Dimension.FUNCTIONAL, "rmssd_5m_ms", "ms", "RMSSD of the last 5 minutes"),
    PNN50_5M(Dimension.FUNCTIONAL, "pnn50_5m", "%", "pNN50 of the last 5 minutes"),
    LF_HF_5M(Dimension.FUNCTIONAL, "lf_hf_5m", "1", "LF/HF of the last 5 minutes (Welch, 4-Hz resampled NN)"),
    SD1_5M(Dimension.FUNCTIONAL, "sd1_5m_ms", "ms", "Poincare SD1 of the last 5 minutes"),
    SD2_5M(Dimension.FUNCTIONAL, "sd2_5m_ms", "ms", "Poincare SD2 of the last 5 minutes"),
    SAMPEN_5M(Dimension.FUNCTIONAL, "sampen_5m", "1", "sample entropy (m 2, r 0.2 SDNN) of the last 5 minutes' NN intervals"),
    DFA_A1_5M(Dimension.FUNCTIONAL, "dfa_a1_5m", "1", "DFA alpha1 (4-16 beats) of the last 5 minutes' NN intervals"),
    QRS_FRAGMENTATION(Dimension.FUNCTIONAL, "qrs_fragmentation", "%", "share of beats with a fragmented QRS: more than 3 turning points (extra notches besides Q, R, S) in the 40-Hz low-passed QRS"),
    QRS_NOTCHES(Dimension.FUNCTIONAL, "qrs_notches", "1", "mean number of turning points beyond 3 in the QRS (the fragmentation's degree)");

    /** ECGomics' four dimensions; each is a CSV of its own. */
    public enum Dimension {
        STRUCTURAL("structural"), INTENSITY("intensity"), FUNCTIONAL("functional"), COMPARATIVE("comparative");

        public final String id;

        Dimension(String id) { this.id = id; }
    }

    /** The comparative dimension's columns and fields: the wave model's window embedding, {@code emb_00} … */
    public static String embeddingId(int i) {
        return i >= 0 && i < EMBEDDING_IDS.length ? EMBEDDING_IDS[i] : String.format(java.util.Locale.ROOT, "emb_%02d", i);
    }

    /** Every window writes them all: made once. */
    private static final String[] EMBEDDING_IDS = java.util.stream.IntStream.range(0, 64)
            .mapToObj(i -> String.format(java.util.Locale.ROOT, "emb_%02d", i)).toArray(String[]::new);

    /** Size of the embedding the shipped wave model gives (models/delineation/delineation.json). */
    public static final int EMBEDDING_SIZE = 48;

    public final Dimension dimension;
    public final String id, unit, definition;

    Feature(Dimension dimension, String id, String unit, String definition) {
        this.dimension = dimension;
        this.id = id;
        this.unit = unit;
        this.definition = definition;
    }
}
