package org.openholter.station.interfaces;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openholter.wire.AlarmEvent;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The link against a real MLLP listener (HAPI's server, in-process): what a hospital's interface engine runs. */
class MllpLinkTest {
    static final long T = PcdMessagesTest.T;
    final PcdMessages pcd = new PcdMessages(PcdMessages.Sender.defaults());
    HL7Service server;
    MllpLink link;

    /** A receiver that records what it is sent and answers {@code answer} (AA, AE, AR) for the first {@code times}, then AA. */
    static final class Receiver implements ReceivingApplication<Message> {
        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger left;
        final AcknowledgmentCode answer;

        Receiver(AcknowledgmentCode answer, int times) { this.answer = answer; this.left = new AtomicInteger(times); }

        @Override public Message processMessage(Message m, Map<String, Object> meta) throws HL7Exception {
            received.add(new Terser(m).get("MSH-9-2") + " " + new Terser(m).get("/.OBR-3-1"));
            try {
                return left.getAndDecrement() > 0 ? m.generateACK(answer, new HL7Exception("test says " + answer)) : m.generateACK();
            } catch (IOException e) {
                throw new HL7Exception(e);
            }
        }

        @Override public boolean canProcess(Message m) { return true; }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) { return s.getLocalPort(); }
    }

    HL7Service serve(int port, Receiver r) throws InterruptedException {
        HapiContext h = PcdMessages.newContext();
        HL7Service s = h.newServer(port, false);
        s.registerApplication("*", "*", r);
        s.startAndWait();
        return s;
    }

    Message alarm(String state, long onset) throws Exception {
        return pcd.alarm(new AlarmEvent("d:ASYSTOLE:" + onset, "d", "W", "1", "ASYSTOLE", "HIGH", state, onset, onset + 3500, 3.5, "no QRS"), T);
    }

    Message vitals(long to) throws Exception {
        return pcd.vitals(new Vitals("d", "W", "1", to - 60_000, to, 70.0, "SINUS", null, null, null, null), T);
    }

    @AfterEach
    void stop() {
        if (link != null) link.close();
        if (server != null) server.stopAndWait();
    }

    @Test
    void everyMessageIsAccepted_inOrder_alarmsBeforeVitals() throws Exception {
        int port = freePort();
        Receiver r = new Receiver(AcknowledgmentCode.AA, 0);
        link = new MllpLink(pcd.hapi(), "127.0.0.1", port, false, Duration.ofSeconds(5), 100);
        // Queued while the receiver is not there yet: the link waits and tries again.
        CompletableFuture<MllpLink.Outcome> v1 = link.send(vitals(T), false);
        CompletableFuture<MllpLink.Outcome> v2 = link.send(vitals(T + 60_000), false);
        CompletableFuture<MllpLink.Outcome> a1 = link.send(alarm("RAISED", 1), true);
        CompletableFuture<MllpLink.Outcome> a2 = link.send(alarm("CLEARED", 1), true);
        Thread.sleep(1200);
        server = serve(port, r);
        for (var f : List.of(v1, v2, a1, a2)) assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(MllpLink.Outcome.ACCEPTED);
        // The first vitals report may have been on its way when the alarms came; the alarms never wait behind the rest.
        assertThat(r.received).hasSize(4);
        int firstAlarm = r.received.indexOf("R40 d:ASYSTOLE:1");
        assertThat(firstAlarm).isLessThanOrEqualTo(1);
        assertThat(r.received.get(firstAlarm + 1)).isEqualTo("R40 d:ASYSTOLE:1");
        assertThat(r.received.stream().filter(s -> s.startsWith("R01")).toList()).containsExactly("R01 d-" + (T - 60_000), "R01 d-" + T);
        assertThat(link.accepted()).isEqualTo(4);
        assertThat(link.retries()).isPositive();
    }

    @Test
    void anErrorAnswerIsSentAgain_aRefusalIsNot() throws Exception {
        int port = freePort();
        Receiver r = new Receiver(AcknowledgmentCode.AE, 2);
        server = serve(port, r);
        link = new MllpLink(pcd.hapi(), "127.0.0.1", port, false, Duration.ofSeconds(5), 100);
        assertThat(link.send(alarm("RAISED", 2), true).get(60, TimeUnit.SECONDS)).isEqualTo(MllpLink.Outcome.ACCEPTED);
        assertThat(r.received).hasSize(3); // AE, AE, AA
        assertThat(link.retries()).isEqualTo(2);
        server.stopAndWait();

        int port2 = freePort();
        Receiver refusing = new Receiver(AcknowledgmentCode.AR, 1);
        server = serve(port2, refusing);
        link.close();
        link = new MllpLink(pcd.hapi(), "127.0.0.1", port2, false, Duration.ofSeconds(5), 100);
        assertThat(link.send(alarm("RAISED", 3), true).get(30, TimeUnit.SECONDS)).isEqualTo(MllpLink.Outcome.REFUSED);
        assertThat(link.send(alarm("CLEARED", 3), true).get(30, TimeUnit.SECONDS)).isEqualTo(MllpLink.Outcome.ACCEPTED);
        assertThat(refusing.received).hasSize(2);
        assertThat(link.refused()).isEqualTo(1);
    }

    @Test
    void vitalsWaitingBeyondTheQueueGiveWay_theOldestFirst_alarmsNever() throws Exception {
        link = new MllpLink(pcd.hapi(), "127.0.0.1", freePort(), false, Duration.ofSeconds(1), 3); // nobody listens
        List<CompletableFuture<MllpLink.Outcome>> v = new java.util.ArrayList<>();
        CompletableFuture<MllpLink.Outcome> a = link.send(alarm("RAISED", 4), true);
        Thread.sleep(300); // the alarm is being tried
        for (int i = 0; i < 6; i++) v.add(link.send(vitals(T + i * 60_000L), false));
        assertThat(v.subList(0, 3)).allMatch(f -> f.getNow(null) == MllpLink.Outcome.DROPPED);
        assertThat(v.subList(3, 6)).noneMatch(CompletableFuture::isDone);
        assertThat(a).isNotDone();
        assertThat(link.dropped()).isEqualTo(3);
        assertThat(link.waiting()).isEqualTo(3);
    }
}
