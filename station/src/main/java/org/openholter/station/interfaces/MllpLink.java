package org.openholter.station.interfaces;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MLLP connection to the hospital's interface engine (or IHE alarm manager), sending messages one at a time and
 * waiting for each one's accept acknowledgement, as IHE PCD asks (MSH-15 AL). Alarms go before vitals. A message is
 * done when the receiver accepts it (MSA-1 AA / CA) or refuses it for good (AR / CR: logged, counted, not sent again);
 * on an error (AE / CE), no answer or a lost connection it is sent again after a pause that grows to 30 s, over a new
 * connection. Vitals wait in a bounded queue while the receiver is away (the oldest are dropped, counted); alarms are
 * never dropped by the link (their sender waits for the outcome before reading more).
 */
public final class MllpLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MllpLink.class);

    /** What became of a message. */
    public enum Outcome { ACCEPTED, REFUSED, DROPPED }

    private record Pending(boolean alarm, long seq, Message message, CompletableFuture<Outcome> done) {}

    private final HapiContext hapi;
    private final String host;
    private final int port;
    private final boolean tls;
    private final Duration timeout;
    private final int vitalsCapacity;
    private final PriorityBlockingQueue<Pending> queue = new PriorityBlockingQueue<>(64,
            (a, b) -> a.alarm != b.alarm ? (a.alarm ? -1 : 1) : Long.compare(a.seq, b.seq));
    private final AtomicLong seq = new AtomicLong(), accepted = new AtomicLong(), refused = new AtomicLong(),
            dropped = new AtomicLong(), retries = new AtomicLong();
    private final Thread sender;
    private volatile boolean running = true;
    private Connection connection;

    public MllpLink(HapiContext hapi, String host, int port, boolean tls, Duration timeout, int vitalsCapacity) {
        this.hapi = hapi;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeout = timeout;
        this.vitalsCapacity = vitalsCapacity;
        this.sender = new Thread(this::run, "mllp-" + host + ":" + port);
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues a message; the future says what became of it. */
    public CompletableFuture<Outcome> send(Message m, boolean alarm) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (!running) {
            done.complete(Outcome.DROPPED);
            return done;
        }
        if (!alarm) {
            long waiting = queue.stream().filter(p -> !p.alarm).count();
            if (waiting >= vitalsCapacity) {
                // The receiver has been away long: the oldest vitals give way (alarms are never dropped here).
                queue.stream().filter(p -> !p.alarm).min((a, b) -> Long.compare(a.seq, b.seq)).ifPresent(p -> {
                    if (queue.remove(p)) {
                        p.done.complete(Outcome.DROPPED);
                        if (dropped.incrementAndGet() % 100 == 1) LOG.warn("HL7 receiver {}:{} away: {} vitals reports dropped so far", host, port, dropped.get());
                    }
                });
            }
        }
        queue.add(new Pending(alarm, seq.incrementAndGet(), m, done));
        return done;
    }

    public long accepted() { return accepted.get(); }
    public long refused() { return refused.get(); }
    public long dropped() { return dropped.get(); }
    public long retries() { return retries.get(); }
    public int waiting() { return queue.size(); }

    private void run() {
        Retrying retrying = new Retrying();
        while (running) {
            Pending p;
            try {
                p = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (p == null) continue;
            Retrying.Result r = retrying.send(() -> attempt(p.message), () -> running,
                    why -> LOG.error("HL7 receiver {}:{} refused a message for good ({}); it is not sent again", host, port, why),
                    (why, pause) -> {
                        retries.incrementAndGet();
                        LOG.warn("HL7 message to {}:{} not accepted ({}); again in {} ms", host, port, why, pause);
                        closeConnection();
                    });
            switch (r) {
                case TAKEN -> { accepted.incrementAndGet(); p.done.complete(Outcome.ACCEPTED); }
                case REFUSED -> { refused.incrementAndGet(); p.done.complete(Outcome.REFUSED); }
                case STOPPED -> p.done.complete(Outcome.DROPPED);
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) left.done.complete(Outcome.DROPPED);
        closeConnection();
    }

    /** Sends once; null when accepted, else why not ("refused …" when it must not be sent again). */
    private String attempt(Message m) {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = hapi.newClient(host, port, tls);
                connection.getInitiator().setTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            Message ack = connection.getInitiator().sendAndReceive(m);
            Terser t = new Terser(ack);
            String code = t.get("/MSA-1");
            if ("AA".equals(code) || "CA".equals(code)) return null;
            String text = t.get("/MSA-3");
            if ("AR".equals(code) || "CR".equals(code)) return "refused " + code + (text == null ? "" : ": " + text);
            return "answered " + code + (text == null ? "" : ": " + text);
        } catch (HL7Exception e) {
            return "HL7 error: " + e.getMessage();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // already gone
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
