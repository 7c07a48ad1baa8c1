package org.openholter.core.alarms;

import java.util.Locale;
import java.util.regex.Pattern;

/** Pulsatile channels (PPG, arterial pressure) and what their pulse says about an ECG alarm. */
public final class PulseCheck {
    /** Signal names of pulsatile channels, as devices and WFDB records (PhysioNet ICU databases) spell them. */
    private static final Pattern PULSATILE = Pattern.compile("(PLETH|PPG|SPO2|PULSE|ABP|ART|AOBP|IBP|FAP|RADIAL|BP)\\b.*");

    private final int fs;

    PulseCheck(int fs) { this.fs = fs; }

    /** True for a channel named as a PPG or arterial-pressure signal (case-insensitive), not an ECG lead. */
    public static boolean isPulsatile(String channelName) {
        return channelName != null && PULSATILE.matcher(channelName.trim().toUpperCase(Locale.ROOT)).matches();
    }
}
