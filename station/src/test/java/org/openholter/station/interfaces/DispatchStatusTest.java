package org.openholter.station.interfaces;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;
import org.openholter.wire.AlarmCommand;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The alarm manager's dispatch reports (PCD-05) sent over real MLLP to the station's listener. */
class DispatchStatusTest {
    /** An ORU^R41 as an alarm manager sends it: the alarm's id in OBR-3, the status in an OBX, who in OBX-16. */
    static Message report(HapiContext h, String alarmId, String status, String who) throws Exception {
        ORU_R01 m = new ORU_R01();
        m.setParser(h.getPipeParser());
        m.initQuickstart("ORU", "R41", "P");
        Terser t = new Terser(m);
        t.set("MSH-9-3", "ORU_R01");
        t.set("MSH-3-1", "AM");
        t.set("/PATIENT_RESULT/PATIENT/PID-3-1", "d");
        if (alarmId != null) t.set("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1", alarmId);
        t.set("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-4-1", "196616");
        String o = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(0)/OBX";
        t.set(o + "-1", "1");
        t.set(o + "-2", "ST");
        t.set(o + "-3-1", "DISPATCH_STATUS");
        t.set(o + "-5", status);
        t.set(o + "-11", "F");
        if (who != null) t.set(o + "-16-1", who);
        return m;
    }

    @Test
    void eachReportIsAnswered_andAnAcceptedOneAcknowledgesTheAlarm_onlyWhereTheHospitalWantsIt() throws Exception {
        for (boolean ackOnAccept : new boolean[] {true, false}) {
            int port = MllpLinkTest.freePort();
            List<AlarmCommand> commands = new CopyOnWriteArrayList<>();
            List<DispatchStatus.Report> reports = new CopyOnWriteArrayList<>();
            DispatchStatus d = new DispatchStatus(ackOnAccept, commands::add, reports::add);
            HapiContext h = PcdMessages.newContext();
            HL7Service server = h.newServer(port, false);
            server.registerApplication("ORU", "R41", d);
            server.startAndWait();
            Connection c = PcdMessages.newContext().newClient("127.0.0.1", port, false);
            try {
                String id = "sim-004:ASYSTOLE:1796000000000";
                Message delivered = c.getInitiator().sendAndReceive(report(h, id, "delivered", "phone-12"));
                Terser ack = new Terser(delivered);
                assertThat(ack.get("MSH-9-1") + "^" + ack.get("MSH-9-2")).isEqualTo("ACK^R41");
                assertThat(ack.get("MSA-1")).isEqualTo("AA");
                assertThat(new Terser(c.getInitiator().sendAndReceive(report(h, id, "Accepted", "nurse.kim"))).get("MSA-1")).isEqualTo("AA");
                assertThat(new Terser(c.getInitiator().sendAndReceive(report(h, null, "accepted", "nurse.kim"))).get("MSA-1"))
                        .as("no alarm id").isEqualTo("AE");
                assertThat(new Terser(c.getInitiator().sendAndReceive(report(h, id, "maybe", null))).get("MSA-1"))
                        .as("no known status").isEqualTo("AE");
                assertThat(reports).extracting(DispatchStatus.Report::status).containsExactly("delivered", "accepted");
                assertThat(d.unreadable()).isEqualTo(2);
                if (ackOnAccept) {
                    assertThat(commands).hasSize(1);
                    AlarmCommand cmd = commands.get(0);
                    assertThat(cmd.action()).isEqualTo(AlarmCommand.ACK);
                    assertThat(cmd.deviceId()).isEqualTo("sim-004");
                    assertThat(cmd.alarmId()).isEqualTo(id);
                    assertThat(cmd.by()).isEqualTo("hl7:nurse.kim");
                } else {
                    assertThat(commands).isEmpty();
                }
            } finally {
                c.close();
                server.stopAndWait();
            }
        }
    }
}
