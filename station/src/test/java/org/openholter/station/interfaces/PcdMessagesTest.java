package org.openholter.station.interfaces;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;
import org.openholter.wire.AlarmEvent;

import static org.assertj.core.api.Assertions.assertThat;

/** Each message against the profile, read back from its ER7 by HAPI's parser (with HAPI's default validation). */
class PcdMessagesTest {
    static final long T = 1_796_000_000_000L; // 2026-11-30T00:53:20Z
    final PcdMessages pcd = new PcdMessages(new PcdMessages.Sender("OPENHOLTER", "WARD-HOSP", "AM", "HOSP", "OPENHOLTER"));

    /** Encodes and parses back: what a receiver gets. */
    Terser wire(Message m) throws Exception {
        String er7 = pcd.encode(m);
        assertThat(er7).doesNotContain("\n");
        return new Terser(PcdMessages.newContext().getPipeParser().parse(er7));
    }

    @Test
    void pcd01_carriesTheProfileThePatientAndEachVitalWithItsMdcCodeAndUnit() throws Exception {
        Vitals v = new Vitals("sim-001", "ICU-A", "3", T - 60_000, T, 72.4, "AF", 812.0, 43.21, 38.1, 12.5);
        Terser t = wire(pcd.vitals(v, T));
        assertThat(t.get("MSH-9-1") + "^" + t.get("MSH-9-2") + "^" + t.get("MSH-9-3")).isEqualTo("ORU^R01^ORU_R01");
        assertThat(t.get("MSH-12")).isEqualTo("2.6");
        assertThat(t.get("MSH-15")).isEqualTo("AL");
        assertThat(t.get("MSH-16")).isEqualTo("NE");
        assertThat(t.get("MSH-21-1")).isEqualTo("IHE_PCD_001");
        assertThat(t.get("MSH-21-3")).isEqualTo("1.3.6.1.4.1.19376.1.6.1.1.1");
        assertThat(t.get("MSH-3-1") + "|" + t.get("MSH-4-1") + "|" + t.get("MSH-5-1") + "|" + t.get("MSH-6-1")).isEqualTo("OPENHOLTER|WARD-HOSP|AM|HOSP");
        assertThat(t.get("MSH-7")).isEqualTo("20261130005320.000+0000");
        assertThat(t.get("/.PID-3-1")).isEqualTo("sim-001");
        assertThat(t.get("/.PID-3-4-1")).isEqualTo("OPENHOLTER");
        assertThat(t.get("/.PV1-3-1") + "/" + t.get("/.PV1-3-3")).isEqualTo("ICU-A/3");
        assertThat(t.get("/.OBR-4-1")).isEqualTo("182777000");
        assertThat(t.get("/.OBR-7")).isEqualTo("20261130005220.000+0000");
        assertThat(t.get("/.OBR-8")).isEqualTo("20261130005320.000+0000");
        // MDS first, then one OBX per vital: type, code, sub-id under the MDS, value, unit, status.
        String[][] expected = {
                {"", "69965", "1.0.0.0", null, null},
                {"NM", "147842", "1.0.0.1", "72", "264864"},
                {"CWE", "ECG_RHYTHM", "1.0.0.2", "664832", null},
                {"NM", "147432", "1.0.0.3", "812", "264338"},
                {"NM", "HRV_SDNN", "1.0.0.4", "43.2", "264338"},
                {"NM", "HRV_RMSSD", "1.0.0.5", "38.1", "264338"},
                {"NM", "AF_BURDEN", "1.0.0.6", "12.5", "262688"}};
        ORU_R01 back = (ORU_R01) PcdMessages.newContext().getPipeParser().parse(pcd.encode(pcd.vitals(v, T)));
        assertThat(back.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATIONReps()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            String p = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX";
            assertThat(t.get(p + "-1")).isEqualTo(String.valueOf(i + 1));
            assertThat(nz(t.get(p + "-2"))).as("OBX %s type", i + 1).isEqualTo(expected[i][0]);
            assertThat(t.get(p + "-3-1")).as("OBX %s code", i + 1).isEqualTo(expected[i][1]);
            assertThat(t.get(p + "-4")).as("OBX %s sub-id", i + 1).isEqualTo(expected[i][2]);
            assertThat(t.get(p + "-5-1")).as("OBX %s value", i + 1).isEqualTo(expected[i][3]);
            assertThat(t.get(p + "-6-1")).as("OBX %s unit", i + 1).isEqualTo(expected[i][4]);
            assertThat(t.get(p + "-11")).isEqualTo(i == 0 ? "X" : "R");
            assertThat(t.get(p + "-18-1")).isEqualTo("sim-001");
        }
        assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(1)/OBX-3-3")).isEqualTo("MDC");
        assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(2)/OBX-5-4")).as("AF's SNOMED CT equivalent").isEqualTo("49436004");
    }

    @Test
    void pcd01_leavesOutWhatThePeriodLacks() throws Exception {
        Vitals v = new Vitals("sim-002", null, null, T - 60_000, T, 61.0, null, null, null, null, null);
        ORU_R01 back = (ORU_R01) PcdMessages.newContext().getPipeParser().parse(pcd.encode(pcd.vitals(v, T)));
        assertThat(back.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATIONReps()).isEqualTo(2); // MDS and heart rate
        assertThat(new Terser(back).get("/.PV1-3-1")).isNull();
    }

    @Test
    void pcd04_reportsEachStepWithPhaseStateInactivationPriorityAndSource() throws Exception {
        AlarmEvent raised = new AlarmEvent("sim-001:ASYSTOLE:" + (T - 4000), "sim-001", "ICU-A", "3", "ASYSTOLE", "HIGH", "RAISED",
                T - 4000, T, 3.5, "no QRS for 3.5 s | after ^the~ last \\beat&");
        Terser t = wire(pcd.alarm(raised, T));
        assertThat(t.get("MSH-9-1") + "^" + t.get("MSH-9-2") + "^" + t.get("MSH-9-3")).isEqualTo("ORU^R40^ORU_R01");
        assertThat(t.get("MSH-21-1")).isEqualTo("IHE_PCD_ACM_001");
        assertThat(t.get("/.OBR-3-1")).as("the episode id names the alarm in every step").isEqualTo(raised.id());
        assertThat(t.get("/.OBR-4-1") + "^" + t.get("/.OBR-4-2")).isEqualTo("196616^MDC_EVT_ALARM");
        assertThat(t.get("/.OBR-7")).isEqualTo("20261130005316.000+0000");
        String o = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION";
        assertThat(t.get(o + "(0)/OBX-3-1") + "^" + t.get(o + "(0)/OBX-3-2")).isEqualTo("199684^MDC_EVT_ECG_ASYSTOLE");
        assertThat(t.get(o + "(0)/OBX-5")).as("separators in the text are escaped, not fields")
                .isEqualTo("ASYSTOLE: no QRS for 3.5 s | after ^the~ last \\beat&");
        assertThat(t.get(o + "(0)/OBX-8(0)") + "~" + t.get(o + "(0)/OBX-8(1)")).isEqualTo("PH~SP");
        assertThat(facets(t)).containsExactly("68481=start", "68482=active", "68483=enabled");

        AlarmEvent cleared = raised.with(AlarmEvent.CLEARED, T + 8000, "beats resumed", false, true, null, null);
        assertThat(facets(wire(pcd.alarm(cleared, T + 8000)))).containsExactly("68481=end", "68482=latched", "68483=enabled");
        AlarmEvent acked = raised.with(AlarmEvent.ACKNOWLEDGED, T + 9000, "acknowledged", false, false, "nurse.kim", null);
        Terser a = wire(pcd.alarm(acked, T + 9000));
        assertThat(facets(a)).containsExactly("68481=update", "68482=inactive", "68483=acknowledged");
        assertThat(a.get(o + "(3)/OBX-16-1")).as("who acknowledged").isEqualTo("nurse.kim");
        AlarmEvent silenced = raised.with(AlarmEvent.SILENCED, T + 5000, "silenced", true, false, "nurse.kim", T + 125_000);
        assertThat(facets(wire(pcd.alarm(silenced, T)))).containsExactly("68481=update", "68482=active", "68483=audio-paused");
        AlarmEvent escalated = raised.with(AlarmEvent.ESCALATED, T + 60_000, "not acknowledged", true, false, null, null);
        assertThat(facets(wire(pcd.alarm(escalated, T)))).containsExactly("68481=escalate", "68482=active", "68483=enabled");
    }

    @Test
    void pcd04_rateAlarmsCarryTheHeartRate_technicalAlarmsTheirSource_unknownTypesALocalCode() throws Exception {
        AlarmEvent brady = new AlarmEvent("d:EXTREME_BRADY:1", "d", null, null, "EXTREME_BRADY", "HIGH", "RAISED", T, T, 35.0, "35 bpm over 5 beats");
        Terser t = wire(pcd.alarm(brady, T));
        String o = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION";
        assertThat(t.get(o + "(0)/OBX-3-3")).isEqualTo(Codes.LOCAL);
        assertThat(t.get(o + "(0)/OBX-3-4") + "^" + t.get(o + "(0)/OBX-3-6")).isEqualTo("48867003^SCT");
        assertThat(t.get(o + "(1)/OBX-3-1") + " " + t.get(o + "(1)/OBX-5") + " " + t.get(o + "(1)/OBX-6-1")).isEqualTo("147842 35 264864");
        AlarmEvent leadOff = new AlarmEvent("d:LEAD_OFF:1", "d", null, null, "LEAD_OFF", "MEDIUM", "RAISED", T, T, null, "electrode off");
        Terser l = wire(pcd.alarm(leadOff, T));
        assertThat(l.get(o + "(0)/OBX-8(0)") + "~" + l.get(o + "(0)/OBX-8(1)")).isEqualTo("PM~ST");
        AlarmEvent future = new AlarmEvent("d:NEW_KIND:1", "d", null, null, "NEW_KIND", "LOW", "RAISED", T, T, null, "x");
        Terser f = wire(pcd.alarm(future, T));
        assertThat(f.get(o + "(0)/OBX-3-1") + "^" + f.get(o + "(0)/OBX-3-3")).isEqualTo("NEW_KIND^" + Codes.LOCAL);
        assertThat(f.get(o + "(0)/OBX-8(0)")).isEqualTo("PL");
    }

    /** The phase, state and inactivation facets as code=value. */
    private static java.util.List<String> facets(Terser t) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String p = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX";
            String code = t.get(p + "-3-1");
            if (code != null && code.startsWith("6848")) out.add(code + "=" + t.get(p + "-5"));
        }
        return out;
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
