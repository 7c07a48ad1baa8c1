package org.openholter.station.interfaces;

import java.util.Map;

/**
 * The codes the hospital interfaces send. IEEE 11073-10101 (MDC) where we could check the term against published
 * nomenclature or device conformance statements; a local code ({@value #LOCAL}) with a SNOMED CT equivalent where we
 * could not, so that an interface engine can map it (docs/interfaces.md lists which is which).
 *
 * <p>An MDC code's number is its partition × 65536 plus the term's code in the partition (heart rate, partition 2
 * term 16770: 147842).
 */
public final class Codes {
    private Codes() {}

    /** The local coding system of this project's own terms (HL7's "99zzz" form). */
    public static final String LOCAL = "99OHL";

    /** A coded term: {@code code^text^system}, with an equivalent {@code code^text^system} in a second system or none. */
    public record Code(String code, String text, String system, String altCode, String altText, String altSystem) {
        public Code(String code, String text, String system) { this(code, text, system, null, null, null); }

        /** A local term and its SNOMED CT equivalent. */
        static Code local(String code, String text, String snomed, String snomedText) {
            return new Code(code, text, LOCAL, snomed, snomedText, "SCT");
        }
    }

    // Devices and measurements (MDC).
    public static final Code MDS = new Code("69965", "MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS", "MDC");
    public static final Code HEART_RATE = new Code("147842", "MDC_ECG_HEART_RATE", "MDC");
    public static final Code RR_MEAN = new Code("147432", "MDC_ECG_TIME_PD_RR_GL", "MDC");
    public static final Code BPM = new Code("264864", "MDC_DIM_BEAT_PER_MIN", "MDC");
    public static final Code MS = new Code("264338", "MDC_DIM_MILLI_SEC", "MDC");
    public static final Code PERCENT = new Code("262688", "MDC_DIM_PERCENT", "MDC");
    // Measurements without an MDC term we could check (local, with SNOMED CT / LOINC-free text).
    public static final Code SDNN = new Code("HRV_SDNN", "SD of normal-to-normal intervals, 5 min", LOCAL);
    public static final Code RMSSD = new Code("HRV_RMSSD", "RMS of successive NN differences, 5 min", LOCAL);
    public static final Code AF_BURDEN = new Code("AF_BURDEN", "Atrial fibrillation burden, last hour", LOCAL);
    public static final Code RHYTHM = new Code("ECG_RHYTHM", "ECG rhythm", LOCAL);

    // The alarm report (IHE PCD ACM).
    public static final Code ALARM = new Code("196616", "MDC_EVT_ALARM", "MDC");
    public static final Code EVENT_PHASE = new Code("68481", "MDC_ATTR_EVENT_PHASE", "MDC");
    public static final Code ALARM_STATE = new Code("68482", "MDC_ATTR_ALARM_STATE", "MDC");
    public static final Code INACTIVATION_STATE = new Code("68483", "MDC_ATTR_ALARM_INACTIVATION_STATE", "MDC");

    /** What each alarm type is called: MDC events where checked, else local terms with their SNOMED CT equivalent. */
    private static final Map<String, Code> ALARMS = Map.ofEntries(
            Map.entry("ASYSTOLE", new Code("199684", "MDC_EVT_ECG_ASYSTOLE", "MDC", "397829000", "Asystole", "SCT")),
            Map.entry("AFIB", new Code("199736", "MDC_EVT_ECG_ATR_FIB", "MDC", "49436004", "Atrial fibrillation", "SCT")),
            Map.entry("VFIB", Code.local("VFIB", "Ventricular fibrillation or flutter", "71908006", "Ventricular fibrillation")),
            Map.entry("VTACH", Code.local("VTACH", "Ventricular tachycardia", "25569003", "Ventricular tachycardia")),
            Map.entry("EXTREME_BRADY", Code.local("EXTREME_BRADY", "Extreme bradycardia (< 40 bpm)", "48867003", "Bradycardia")),
            Map.entry("EXTREME_TACHY", Code.local("EXTREME_TACHY", "Extreme tachycardia (> 140 bpm)", "3424008", "Tachycardia")),
            Map.entry("PAUSE", Code.local("PAUSE", "Pause (RR > 3 s)", "5609005", "Sinus arrest")),
            Map.entry("RUN_PVC", Code.local("RUN_PVC", "Run of ventricular beats", "25569003", "Ventricular tachycardia")),
            Map.entry("COUPLET", Code.local("COUPLET", "Ventricular couplet", "427172004", "Premature ventricular contraction")),
            Map.entry("BIGEMINY", Code.local("BIGEMINY", "Ventricular bigeminy", "11157007", "Ventricular bigeminy")),
            Map.entry("HR_HIGH", Code.local("HR_HIGH", "Heart rate above its limit", "3424008", "Tachycardia")),
            Map.entry("HR_LOW", Code.local("HR_LOW", "Heart rate below its limit", "48867003", "Bradycardia")),
            Map.entry("QTC_LONG", Code.local("QTC_LONG", "Long QTc", "111975006", "Prolonged QT interval")),
            Map.entry("LEAD_OFF", new Code("LEAD_OFF", "ECG electrode off", LOCAL)),
            Map.entry("SIGNAL_LOSS", new Code("SIGNAL_LOSS", "ECG signal lost", LOCAL)),
            Map.entry("NOISY_SIGNAL", new Code("NOISY_SIGNAL", "ECG unreadable (noise)", LOCAL)),
            Map.entry("DEVICE_OFFLINE", new Code("DEVICE_OFFLINE", "Monitoring device offline", LOCAL)),
            Map.entry("BATTERY_LOW", new Code("BATTERY_LOW", "Device battery low", LOCAL)));

    /** The alarm type's code (an unknown type: a local code of its own name, so that nothing is dropped). */
    public static Code alarm(String type) {
        Code c = ALARMS.get(type);
        return c != null ? c : new Code(type, type, LOCAL);
    }

    /** Technical alarms (the equipment, not the patient): PCD-04 marks their source "ST", the others "SP". */
    public static boolean technical(String type) {
        return switch (type) {
            case "LEAD_OFF", "SIGNAL_LOSS", "NOISY_SIGNAL", "DEVICE_OFFLINE", "BATTERY_LOW" -> true;
            default -> false;
        };
    }

    /** The rhythm layer's rhythms: MDC partition 10 where checked, else local terms with their SNOMED CT equivalent. */
    private static final Map<String, Code> RHYTHMS = Map.of(
            "SINUS", new Code("664576", "Sinus rhythm", "MDC", "64730000", "Normal sinus rhythm", "SCT"),
            "AF", new Code("664832", "Atrial fibrillation", "MDC", "49436004", "Atrial fibrillation", "SCT"),
            "AV_BLOCK", Code.local("AV_BLOCK", "AV block", "233917008", "Atrioventricular block"),
            "PACED", Code.local("PACED", "Paced rhythm", "10370003", "Rhythm from artificial pacing"),
            "BBB", Code.local("BBB", "Bundle-branch block", "6374002", "Bundle branch block"),
            "VENTRICULAR", Code.local("VENTRICULAR", "Ventricular rhythm", "25569003", "Ventricular tachycardia"),
            "VF", Code.local("VF", "Ventricular fibrillation", "71908006", "Ventricular fibrillation"),
            "ASYSTOLE", Code.local("ASYSTOLE", "Asystole", "397829000", "Asystole"),
            "NOISE", Code.local("NOISE", "Unreadable (noise)", "251143007", "Electrocardiogram artifact"));

    /** The rhythm's code, or null for a rhythm this build does not know. */
    public static Code rhythm(String name) {
        return name == null ? null : RHYTHMS.get(name);
    }
}
