package org.openholter.station.interfaces;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.openholter.wire.AlarmEvent;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The HL7 v2.6 messages of IHE PCD (docs/interfaces.md): PCD-01 "Communicate PCD Data" (ORU^R01, a patient's vitals
 * over a period) and PCD-04 "Report Alarm" (ORU^R40, one step of one alarm), built with HAPI's v2.6 model.
 *
 * <p>The patient is named by the monitoring device's id (PID-3, assigning authority {@link Sender#patientAuthority})
 * until an admission feed binds devices to patients; the bed is PV1-3. Measurements hang under one multi-parameter
 * MDS (OBX-4 {@code 1.0.0.n}); the equipment (OBX-18) is the device id in the {@code OPENHOLTER} namespace.
 */
public final class PcdMessages {
    /** MSH-21 of PCD-01 and of PCD-04 (the profiles' identifiers). */
    public static final String[] PCD01_PROFILE = {"IHE_PCD_001", "IHE PCD", "1.3.6.1.4.1.19376.1.6.1.1.1", "ISO"};
    public static final String[] PCD04_PROFILE = {"IHE_PCD_ACM_001", "IHE PCD ACM", "1.3.6.1.4.1.19376.1.6.4.4", "ISO"};
    /** OBR-4 of a PCD-01 report: SNOMED CT "monitoring of patient". */
    private static final Codes.Code MONITORING = new Codes.Code("182777000", "monitoring of patient", "SCT");
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Who sends, to whom (MSH-3 to MSH-6), and the namespace of the patient identifiers.
     *
     * @param receivingApplication MSH-5, or null
     * @param receivingFacility    MSH-6, or null
     */
    public record Sender(String application, String facility, String receivingApplication, String receivingFacility, String patientAuthority) {
        public static Sender defaults() { return new Sender("OPENHOLTER", "OPENHOLTER", null, null, "OPENHOLTER"); }
    }

    private final HapiContext hapi;
    private final Sender sender;

    public PcdMessages(Sender sender) {
        this.sender = sender;
        this.hapi = newContext();
    }

    /** A HAPI context for these messages: control ids in memory (HAPI's default writes a file in the home directory). */
    public static HapiContext newContext() {
        HapiContext h = new DefaultHapiContext();
        h.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        h.setValidationContext(ValidationContextFactory.defaultValidation());
        return h;
    }

    public HapiContext hapi() { return hapi; }

    /** PCD-01: one patient's vitals over {@code v}'s period. */
    public ORU_R01 vitals(Vitals v, long nowMillis) throws HL7Exception, IOException {
        ORU_R01 m = header("R01", PCD01_PROFILE, nowMillis);
        Terser t = new Terser(m);
        patient(t, v.deviceId(), v.ward(), v.bed());
        String order = v.deviceId() + "-" + v.fromMillis();
        obr(t, order, MONITORING, v.fromMillis(), v.toMillis());
        int i = 0;
        obx(t, i++, null, Codes.MDS, "1.0.0.0", null, null, "X", null, v.deviceId());
        int metric = 1;
        if (v.heartRateBpm() != null) obx(t, i++, "NM", Codes.HEART_RATE, "1.0.0." + metric++, num(v.heartRateBpm(), 0), Codes.BPM, "R", v.toMillis(), v.deviceId());
        Codes.Code rhythm = Codes.rhythm(v.rhythm());
        if (rhythm != null) {
            obx(t, i, "CWE", Codes.RHYTHM, "1.0.0." + metric++, null, null, "R", v.toMillis(), v.deviceId());
            code(t, obxPath(i++) + "-5", rhythm);
        }
        if (v.meanNnMs() != null) obx(t, i++, "NM", Codes.RR_MEAN, "1.0.0." + metric++, num(v.meanNnMs(), 0), Codes.MS, "R", v.toMillis(), v.deviceId());
        if (v.sdnnMs() != null) obx(t, i++, "NM", Codes.SDNN, "1.0.0." + metric++, num(v.sdnnMs(), 1), Codes.MS, "R", v.toMillis(), v.deviceId());
        if (v.rmssdMs() != null) obx(t, i++, "NM", Codes.RMSSD, "1.0.0." + metric++, num(v.rmssdMs(), 1), Codes.MS, "R", v.toMillis(), v.deviceId());
        if (v.afBurdenPct() != null) obx(t, i, "NM", Codes.AF_BURDEN, "1.0.0." + metric, num(v.afBurdenPct(), 1), Codes.PERCENT, "R", v.toMillis(), v.deviceId());
        return m;
    }

    /**
     * PCD-04: one step of one alarm. OBR-3 carries the episode's id (the same for every step of the episode); the
     * facets are OBX 1 the alarm (its type, text, priority and source in OBX-8), OBX 2 the heart rate behind a rate
     * alarm, then its event phase, alarm state and inactivation state.
     */
    public ORU_R01 alarm(AlarmEvent a, long nowMillis) throws HL7Exception, IOException {
        ORU_R01 m = header("R40", PCD04_PROFILE, nowMillis);
        Terser t = new Terser(m);
        patient(t, a.deviceId(), a.ward(), a.bed());
        obr(t, a.id(), Codes.ALARM, a.onsetMillis(), null);
        int i = 0, facet = 1;
        String root = "1.0.0.0.";
        obx(t, i, "ST", Codes.alarm(a.type()), root + facet++, a.type() + (a.message() == null ? "" : ": " + a.message()), null, "F", a.eventMillis(), a.deviceId());
        t.set(obxPath(i) + "-8(0)", priority(a.priority()));
        t.set(obxPath(i++) + "-8(1)", Codes.technical(a.type()) ? "ST" : "SP");
        if (a.value() != null && !a.value().isNaN() && rateAlarm(a.type())) {
            obx(t, i++, "NM", Codes.HEART_RATE, root + facet++, num(a.value(), 0), Codes.BPM, "F", a.eventMillis(), a.deviceId());
        }
        obx(t, i++, "ST", Codes.EVENT_PHASE, root + facet++, phase(a), null, "F", a.eventMillis(), a.deviceId());
        obx(t, i++, "ST", Codes.ALARM_STATE, root + facet++, alarmState(a), null, "F", a.eventMillis(), a.deviceId());
        obx(t, i, "ST", Codes.INACTIVATION_STATE, root + facet, inactivation(a), null, "F", a.eventMillis(), a.deviceId());
        if (a.by() != null) t.set(obxPath(i) + "-16-1", a.by());
        return m;
    }

    /** The message as ER7 (segments separated by carriage returns). */
    public String encode(Message m) throws HL7Exception {
        return hapi.getPipeParser().encode(m);
    }

    /** PCD-04's event phase of an alarm step. */
    static String phase(AlarmEvent a) {
        return switch (a.state()) {
            case AlarmEvent.RAISED -> "start";
            case AlarmEvent.CLEARED -> "end";
            case AlarmEvent.ESCALATED -> "escalate";
            default -> "update";
        };
    }

    /** PCD-04's alarm state: active while the condition holds, latched after it ended until acknowledged, else inactive. */
    static String alarmState(AlarmEvent a) {
        boolean latched = Boolean.TRUE.equals(a.latched());
        boolean active = a.active() != null ? a.active() : !AlarmEvent.CLEARED.equals(a.state());
        return active ? "active" : latched ? "latched" : "inactive";
    }

    /** PCD-04's inactivation state: what people did to the alarm's signal. */
    static String inactivation(AlarmEvent a) {
        return switch (a.state()) {
            case AlarmEvent.ACKNOWLEDGED -> "acknowledged";
            case AlarmEvent.SILENCED -> "audio-paused";
            default -> "enabled";
        };
    }

    /** OBX-8 of the alarm facet: PH, PM, PL (IEC 60601-1-8 high, medium, low), PN otherwise. */
    static String priority(String p) {
        if (p == null) return "PN";
        return switch (p) {
            case "HIGH" -> "PH";
            case "MEDIUM" -> "PM";
            case "LOW" -> "PL";
            default -> "PN";
        };
    }

    private static boolean rateAlarm(String type) {
        return switch (type) {
            case "EXTREME_BRADY", "EXTREME_TACHY", "HR_HIGH", "HR_LOW", "VTACH" -> true;
            default -> false;
        };
    }

    private ORU_R01 header(String trigger, String[] profile, long nowMillis) throws HL7Exception, IOException {
        ORU_R01 m = new ORU_R01();
        m.setParser(hapi.getPipeParser());
        m.initQuickstart("ORU", trigger, "P");
        Terser t = new Terser(m);
        t.set("MSH-3-1", sender.application());
        t.set("MSH-4-1", sender.facility());
        if (sender.receivingApplication() != null) t.set("MSH-5-1", sender.receivingApplication());
        if (sender.receivingFacility() != null) t.set("MSH-6-1", sender.receivingFacility());
        t.set("MSH-7", DTM.format(Instant.ofEpochMilli(nowMillis)));
        t.set("MSH-9-3", "ORU_R01");
        t.set("MSH-15", "AL");
        t.set("MSH-16", "NE");
        t.set("MSH-18", "UNICODE UTF-8");
        for (int c = 0; c < profile.length; c++) t.set("MSH-21-" + (c + 1), profile[c]);
        return m;
    }

    private void patient(Terser t, String device, String ward, String bed) throws HL7Exception {
        t.set("/PATIENT_RESULT/PATIENT/PID-3-1", device);
        t.set("/PATIENT_RESULT/PATIENT/PID-3-4-1", sender.patientAuthority());
        t.set("/PATIENT_RESULT/PATIENT/PID-3-5", "PI");
        t.set("/PATIENT_RESULT/PATIENT/PID-5-7", "U"); // name unknown to the monitor
        t.set("/PATIENT_RESULT/PATIENT/VISIT/PV1-2", "I");
        if (ward != null) t.set("/PATIENT_RESULT/PATIENT/VISIT/PV1-3-1", ward);
        if (bed != null) t.set("/PATIENT_RESULT/PATIENT/VISIT/PV1-3-3", bed);
    }

    private void obr(Terser t, String order, Codes.Code service, long startMillis, Long endMillis) throws HL7Exception {
        String p = "/PATIENT_RESULT/ORDER_OBSERVATION/OBR";
        t.set(p + "-1", "1");
        t.set(p + "-2-1", order);
        t.set(p + "-2-2", sender.application());
        t.set(p + "-3-1", order);
        t.set(p + "-3-2", sender.application());
        code(t, p + "-4", service);
        t.set(p + "-7", DTM.format(Instant.ofEpochMilli(startMillis)));
        if (endMillis != null) t.set(p + "-8", DTM.format(Instant.ofEpochMilli(endMillis)));
    }

    private static String obxPath(int i) {
        return "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX";
    }

    private static void obx(Terser t, int i, String valueType, Codes.Code id, String subId, String value, Codes.Code unit,
                            String status, Long atMillis, String equipment) throws HL7Exception {
        String p = obxPath(i);
        t.set(p + "-1", String.valueOf(i + 1));
        if (valueType != null) t.set(p + "-2", valueType);
        code(t, p + "-3", id);
        t.set(p + "-4", subId);
        if (value != null) t.set(p + "-5", value);
        if (unit != null) code(t, p + "-6", unit);
        t.set(p + "-11", status);
        if (atMillis != null) t.set(p + "-14", DTM.format(Instant.ofEpochMilli(atMillis)));
        t.set(p + "-18-1", equipment);
        t.set(p + "-18-2", "OPENHOLTER");
    }

    /** A coded element at {@code path}: components 1-3, and 4-6 when the code has an equivalent. */
    private static void code(Terser t, String path, Codes.Code c) throws HL7Exception {
        t.set(path + "-1", c.code());
        t.set(path + "-2", c.text());
        t.set(path + "-3", c.system());
        if (c.altCode() != null) {
            t.set(path + "-4", c.altCode());
            t.set(path + "-5", c.altText());
            t.set(path + "-6", c.altSystem());
        }
    }

    private static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
