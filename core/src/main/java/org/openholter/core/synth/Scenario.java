package org.openholter.core.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A patient's script: segments played in order, then repeated. Written as
 * {@code rhythm[:bpm]@seconds} items separated by commas, e.g. {@code sinus:72@60,asystole@8,sinus:72@60},
 * or one of the presets ({@link #PRESETS}).
 */
public record Scenario(String name, List<Segment> segments) {

    public static final Map<String, String> PRESETS = Map.of(
            "normal", "sinus:72@120",
            "brady", "sinus:70@50,sinus:34@30,sinus:70@40",
            "tachy", "sinus:80@50,sinus:165@30,sinus:80@40",
            "asystole", "sinus:75@50,asystole@8,sinus:75@62",
            "af", "af:95@120",
            "pvc", "pvc:78@120",
            "vt", "sinus:80@50,vt:180@10,sinus:80@60",
            "leadoff", "sinus:70@50,leadoff@10,sinus:70@60",
            "paced", "sinus:55@40,paced:70@80",
            "artifact", "sinus:75@50,artifact:75@12,sinus:75@58");

    /** Preset names in the order the mixed ward uses them. */
    public static final List<String> MIXED_WARD = List.of("normal", "asystole", "brady", "tachy", "af", "pvc", "normal",
            "vt", "leadoff", "normal");

    public Scenario {
        if (segments.isEmpty()) throw new IllegalArgumentException("a scenario needs at least one segment");
        segments = List.copyOf(segments);
    }

    public double seconds() {
        return segments.stream().mapToDouble(Segment::seconds).sum();
    }

    /** Parses a preset name or a segment list; errors name the offending item. */
    public static Scenario parse(String text) {
        String spec = PRESETS.getOrDefault(text.trim().toLowerCase(Locale.ROOT), text);
        List<Segment> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            String it = item.trim();
            int at = it.indexOf('@');
            if (at < 0) throw new IllegalArgumentException("scenario item '" + it + "' needs @seconds (e.g. sinus:72@60)");
            String head = it.substring(0, at);
            double seconds;
            try {
                seconds = Double.parseDouble(it.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("scenario item '" + it + "': bad duration");
            }
            String[] parts = head.split(":");
            Rhythm r;
            try {
                r = Rhythm.valueOf(parts[0].trim().toUpperCase(Locale.ROOT).replace("LEADOFF", "LEAD_OFF").replace("ARTEFACT", "ARTIFACT"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario item '" + it + "': unknown rhythm '" + parts[0]
                        + "' (sinus, pvc, af, vt, vf, asystole, paced, leadoff, artifact)");
            }
            double bpm = parts.length > 1 ? Double.parseDouble(parts[1]) : (r == Rhythm.ASYSTOLE || r == Rhythm.VF ? 60 : 0);
            out.add(new Segment(r, bpm, seconds));
        }
        return new Scenario(text.trim(), out);
    }
}
