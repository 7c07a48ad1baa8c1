package org.openholter.station.interfaces;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.Terser;
import org.openholter.wire.AlarmCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The alarm manager's dispatch reports (IHE PCD-05, ORU^R41): what became of an alarm we reported (delivered to a
 * caregiver's phone, read, accepted, rejected, cancelled). Each is answered with ACK^R41 (AA), logged and counted;
 * an "accepted" one, where the hospital wants it ({@code ackOnAccept}), acknowledges the alarm here too through the
 * command path, as if the caregiver had pressed ACK at the station (the audit names them {@code hl7:{responder}}).
 * An ORU^R41 without an alarm id or status is answered AE and changes nothing.
 */
public final class DispatchStatus implements ReceivingApplication<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchStatus.class);
    /** The statuses this build knows (case-insensitive) in any OBX-5 of the report. */
    public static final List<String> STATUSES = List.of("delivered", "read", "accepted", "rejected", "cancelled", "canceled", "callback", "escalated");

    /** One report: the alarm (our episode id, OBR-3), its status, and who (OBX-16, or null). */
    public record Report(String alarmId, String status, String responder) {}

    private final boolean ackOnAccept;
    private final Consumer<AlarmCommand> commands;
    private final Consumer<Report> reports;
    private final AtomicLong received = new AtomicLong(), unreadable = new AtomicLong();

    public DispatchStatus(boolean ackOnAccept, Consumer<AlarmCommand> commands, Consumer<Report> reports) {
        this.ackOnAccept = ackOnAccept;
        this.commands = commands;
        this.reports = reports;
    }

    public long received() { return received.get(); }
    public long unreadable() { return unreadable.get(); }

    @Override
    public boolean canProcess(Message message) { return true; }

    @Override
    public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
        Report r = read(message);
        try {
            if (r == null) {
                unreadable.incrementAndGet();
                LOG.warn("HL7 dispatch report without an alarm id (OBR-3) or a known status ({}): answered AE", STATUSES);
                return message.generateACK(ca.uhn.hl7v2.AcknowledgmentCode.AE, new HL7Exception("no alarm id (OBR-3) or known dispatch status"));
            }
            received.incrementAndGet();
            LOG.info("alarm dispatch: {} {}{}", r.alarmId(), r.status(), r.responder() == null ? "" : " by " + r.responder());
            reports.accept(r);
            if (ackOnAccept && "accepted".equals(r.status())) {
                String device = deviceOf(r.alarmId());
                if (device != null) {
                    commands.accept(new AlarmCommand(AlarmCommand.ACK, device, r.alarmId(),
                            "hl7:" + (r.responder() == null ? "alarm-manager" : r.responder()), System.currentTimeMillis(), null, null));
                }
            }
            return message.generateACK();
        } catch (IOException e) {
            throw new HL7Exception(e);
        }
    }

    /** The report in {@code m}, or null when it names no alarm or no known status. */
    static Report read(Message m) throws HL7Exception {
        Terser t = new Terser(m);
        String id = t.get("/.OBR-3-1");
        if (id == null || id.isBlank()) id = t.get("/.OBR-2-1");
        String status = null, responder = null;
        for (Segment obx : segments(m, "OBX")) {
            String v = value(obx, 5);
            if (v != null && status == null && STATUSES.contains(v.toLowerCase(Locale.ROOT))) {
                status = v.toLowerCase(Locale.ROOT).replace("canceled", "cancelled");
                String who = value(obx, 16);
                if (who != null && !who.isBlank()) responder = who;
            }
        }
        if (id == null || id.isBlank() || status == null) return null;
        return new Report(id, status, responder);
    }

    /** The device of one of our alarm ids ({@code device:TYPE:onset}), or null. */
    static String deviceOf(String alarmId) {
        int c = alarmId.indexOf(':');
        return c > 0 ? alarmId.substring(0, c) : null;
    }

    private static String value(Segment s, int field) throws HL7Exception {
        return s.getField(field).length == 0 ? null : Terser.get(s, field, 0, 1, 1);
    }

    private static List<Segment> segments(Structure s, String name) throws HL7Exception {
        List<Segment> out = new java.util.ArrayList<>();
        if (s instanceof Segment seg) {
            if (seg.getName().equals(name) && !seg.isEmpty()) out.add(seg);
        } else if (s instanceof Group g) {
            for (String n : g.getNames()) for (Structure c : g.getAll(n)) out.addAll(segments(c, name));
        }
        return out;
    }
}
