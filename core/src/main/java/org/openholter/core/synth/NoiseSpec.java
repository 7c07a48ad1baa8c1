package org.openholter.core.synth;

import java.util.Locale;

/**
 * Noise added to the synthetic ECG, amplitudes in mV: baseline wander ({@code bw}), muscle
 * artefact ({@code ma}), electrode motion ({@code em}: occasional steps and swings) and mains
 * hum ({@code mains}, at {@code mainsHz}). Written {@code bw=0.2,ma=0.03,em=0.1,mains=0.02,hz=50}.
 */
public record NoiseSpec(double baselineMv, double muscleMv, double motionMv, double mainsMv, double mainsHz) {
    public static final NoiseSpec CLEAN = new NoiseSpec(0.05, 0.01, 0, 0.005, 50);
    public static final NoiseSpec NOISY = new NoiseSpec(0.3, 0.06, 0.25, 0.05, 50);

    public static NoiseSpec parse(String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("clean")) return CLEAN;
        if (text.equalsIgnoreCase("noisy")) return NOISY;
        if (text.equalsIgnoreCase("none")) return new NoiseSpec(0, 0, 0, 0, 50);
        double bw = 0, ma = 0, em = 0, mains = 0, hz = 50;
        for (String kv : text.split(",")) {
            String[] p = kv.split("=");
            if (p.length != 2) throw new IllegalArgumentException("noise item '" + kv + "' is not key=value");
            double v = Double.parseDouble(p[1]);
            if (v < 0) throw new IllegalArgumentException("noise amplitude must be >= 0: " + kv);
            switch (p[0].trim().toLowerCase(Locale.ROOT)) {
                case "bw": bw = v; break;
                case "ma": ma = v; break;
                case "em": em = v; break;
                case "mains": mains = v; break;
                case "hz": hz = v; break;
                default: throw new IllegalArgumentException("unknown noise '" + p[0] + "' (bw, ma, em, mains, hz)");
            }
        }
        return new NoiseSpec(bw, ma, em, mains, hz);
    }
}
