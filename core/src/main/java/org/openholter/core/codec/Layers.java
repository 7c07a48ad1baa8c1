package org.openholter.core.codec;

/**
 * Ids and render characters of the three label layers (OpenECG-compatible). Ids are never
 * renumbered: new classes get new ids after OpenECG's (marked "new" below).
 */
public final class Layers {
    private Layers() {}

    // ---- layer 0, frame (wave): one value per sample ----
    public static final byte OTHER = 0, P = 1, QRS = 2, T = 3, PACED_QRS = 4;
    public static final String FRAME_CHARS = "-pQtP";

    // ---- layer 1, beat: on the samples of a QRS complex, else NONE ----
    public static final byte NONE = 0, NORMAL = 1, VPC = 2, PACED = 3, FUSION = 4, UNKNOWN = 5,
            /** new: supraventricular ectopic (AAMI S), which OpenECG lacks and EC57 needs */
            SVEB = 6;
    public static final String BEAT_CHARS = "-svpf?a";

    // ---- layer 2, rhythm: one value per sample ----
    public static final byte SINUS = 0, AV_BLOCK = 1, PACED_RHYTHM = 2, AF = 3, BBB = 4, VENTRICULAR = 5,
            /** new: ventricular flutter / fibrillation (OpenECG folds it into VENTRICULAR) */
            VF = 6,
            /** new: asystole, no QRS */
            ASYSTOLE = 7,
            /** new: noise / unreadable signal, nothing can be said */
            NOISE = 8;
    public static final String RHYTHM_CHARS = "SAPFBVW_~";
    /** Names of the rhythm ids, as written to InfluxDB and shown on the dashboards. */
    public static final java.util.List<String> RHYTHM_NAMES = java.util.List.of("SINUS", "AV_BLOCK", "PACED", "AF", "BBB",
            "VENTRICULAR", "VF", "ASYSTOLE", "NOISE");

    /** Beat-layer id of an MIT-BIH beat code (N L R e j → normal, A a J S → SVEB, V E → VPC, F, / → paced, else unknown). */
    public static byte beatId(char mit) {
        switch (mit) {
            case 'N': case 'L': case 'R': case 'e': case 'j': return NORMAL;
            case 'A': case 'a': case 'J': case 'S': return SVEB;
            case 'V': case 'E': return VPC;
            case 'F': return FUSION;
            case '/': return PACED;
            default: return UNKNOWN;
        }
    }

    /** One character per sample, e.g. {@code ---ppp---QQQ----ttttt}. */
    public static String render(byte[] labels, String chars) {
        StringBuilder b = new StringBuilder(labels.length);
        for (byte l : labels) b.append(l >= 0 && l < chars.length() ? chars.charAt(l) : '?');
        return b.toString();
    }
}
