package org.openholter.core.signal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a channel carries, told by its name as devices, WFDB records (PhysioNet's ICU databases) and EDF files spell
 * it: an ECG lead, a pulsatile signal (PPG / arterial pressure: its pulse confirms or vetoes an arrest), or something
 * else (respiration, CO2, saturation trend, EEG …) that the analysis leaves alone.
 */
public enum ChannelKind {
    ECG, PULSATILE, OTHER;

    private static final Pattern PULSATILE_NAME = Pattern.compile("(PLETH|PPG|ABP|ART|AOBP|IBP|FAP|RAD|PULSE)\\b.*");
    private static final Pattern OPTICAL_PULSE_NAME = Pattern.compile("(PLETH|PPG|PULSE)\\b.*");
    private static final Pattern OTHER_NAME = Pattern.compile(
            "(RESP|CO2|ETCO2|SPO2|SAO2|TEMP|EEG|EMG|EOG|CVP|PAP|ICP|AIRFLOW|FLOW|THOR|ABDO|POS|EDF ANNOTATIONS)\\b.*");
    private static final Pattern NAMED_LEAD = Pattern.compile("(ECG|EKG).*|(I|II|III|AVR|AVL|AVF|V[1-6]?|MLII|MLI|MLIII|ML[IV]*|MV[1-6])");

    public static ChannelKind of(String name) {
        if (name == null) return ECG;
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (PULSATILE_NAME.matcher(n).matches()) return PULSATILE;
        if (OTHER_NAME.matcher(n).matches()) return OTHER;
        return ECG;
    }

    /** True for an arterial pressure channel (a pulsatile one that is not a photoplethysmogram): mmHg, and less easily fooled by motion. */
    public static boolean isArterial(String name) {
        return of(name) == PULSATILE && !OPTICAL_PULSE_NAME.matcher(name.trim().toUpperCase(Locale.ROOT)).matches();
    }

    /** True when the name itself says ECG lead ({@code ECG…}, {@code EKG…}, a limb, augmented or chest lead, {@code MLII} …). */
    public static boolean namesEcgLead(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return NAMED_LEAD.matcher(n).matches() || NAMED_LEAD.matcher(n.replaceAll("^(ECG|EKG)\\s*", "")).matches();
    }
}
