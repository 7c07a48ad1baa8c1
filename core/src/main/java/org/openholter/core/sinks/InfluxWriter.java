package org.openholter.core.sinks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batching, retrying writer to InfluxDB's v1 {@code /write} endpoint. Points queue in a bounded
 * buffer and a background thread sends them in batches; while InfluxDB is down the batch is retried
 * with backoff and new points keep queueing; when the buffer is full the oldest points are dropped,
 * counted and logged (the stream is never blocked by the dashboard database, so alarms keep flowing).
 * Every write is idempotent (same series and time stamp overwrite), so a replay after a restart
 * writes the same points again harmlessly. Points marked with a latency origin yield a
 * {@code window_latency} point once they are stored: the end-to-end latency from the device.
 */
public final class InfluxWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    private final InfluxConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final URI writeUri;
    private final String auth;
    private final ArrayDeque<Line> buffer = new ArrayDeque<>();
    private final Thread worker;
    private volatile boolean closing;
    private boolean inFlight;
    private List<Line> inFlightBatch = List.of();

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public InfluxWriter(InfluxConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (config.caPem() != null) {
            http.sslContext(org.openholter.core.config.TlsFiles.trusting(config.caPem().getBytes(StandardCharsets.US_ASCII), "--influx.ca-file"));
        }
        this.http = http.build();
        String base = config.url().toString().replaceAll("/+$", "");
        this.writeUri = URI.create(base + "/write?db=" + URLEncoder.encode(config.database(), StandardCharsets.UTF_8)
                + "&precision=u");
        this.auth = config.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (config.username() + ":" + (config.password() == null ? "" : config.password())).getBytes(StandardCharsets.UTF_8));
        this.worker = new Thread(this::run, "influx-writer");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    public long written() { return written.get(); }
    public long dropped() { return dropped.get(); }
    public long failures() { return failures.get(); }
    public long rejected() { return rejected.get(); }

    public synchronized int buffered() { return buffer.size(); }

    /**
     * Every line not yet stored, oldest first: the batch being sent and the queue. A checkpoint keeps these, so that a
     * job that dies before InfluxDB took them writes them again after its restore (points are idempotent).
     */
    public synchronized List<Line> pending() {
        List<Line> out = new ArrayList<>(inFlightBatch.size() + buffer.size());
        out.addAll(inFlightBatch);
        out.addAll(buffer);
        return out;
    }

    /**
     * One rendered line; {@code latencyOriginMicros} (or {@link Long#MIN_VALUE}) and {@code latencyTags}
     * (e.g. {@code device=bed-1}) describe the latency point to record once the line is stored.
     */
    public record Line(String text, long latencyOriginMicros, String latencyTags) {}

    /** Queues a point; never blocks. */
    public void write(LinePoint p) {
        if (!p.hasFields()) return;
        write(p.toEntry());
    }

    /** Queues a rendered line; never blocks. */
    public void write(Line p) {
        synchronized (this) {
            if (buffer.size() >= config.bufferPoints()) {
                buffer.pollFirst();
                long d = dropped.incrementAndGet();
                if (d == 1 || d % 10_000 == 0) {
                    LOG.warn("InfluxDB buffer full ({} points): dropped {} oldest points so far", config.bufferPoints(), d);
                }
            }
            buffer.addLast(p);
            if (buffer.size() >= config.batchSize()) notifyAll();
        }
    }

    /** Waits until everything queued so far is stored, or the timeout passes; returns whether it drained. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            notifyAll();
            while (!buffer.isEmpty() || inFlight) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void run() {
        long backoff = 100;
        while (true) {
            List<Line> batch;
            synchronized (this) {
                try {
                    long until = System.nanoTime() + config.flushInterval().toNanos();
                    while (!closing && buffer.size() < config.batchSize()) {
                        long left = until - System.nanoTime();
                        if (left <= 0 && !buffer.isEmpty()) break;
                        wait(left <= 0 ? config.flushInterval().toMillis() : Math.max(1, left / 1_000_000));
                        if (left <= 0) until = System.nanoTime() + config.flushInterval().toNanos();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (buffer.isEmpty()) {
                    if (closing) return;
                    continue;
                }
                int n = Math.min(config.batchSize(), buffer.size());
                batch = new ArrayList<>(n);
                for (int i = 0; i < n; i++) batch.add(buffer.pollFirst());
                inFlight = true;
                inFlightBatch = batch;
            }
            boolean done = false;
            while (!done) {
                Outcome o = send(batch);
                if (o == Outcome.OK || o == Outcome.REFUSED) {
                    done = true;
                    backoff = 100;
                    if (o == Outcome.OK) {
                        written.addAndGet(batch.size());
                        recordLatencies(batch);
                    }
                } else {
                    failures.incrementAndGet();
                    if (closing && backoff >= config.maxRetryBackoff().toMillis()) {
                        LOG.error("giving up on {} points at shutdown: InfluxDB unreachable", batch.size());
                        dropped.addAndGet(batch.size());
                        done = true;
                        continue;
                    }
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    backoff = Math.min(backoff * 2, config.maxRetryBackoff().toMillis());
                }
            }
            synchronized (this) {
                inFlight = false;
                inFlightBatch = List.of();
                notifyAll();
            }
        }
    }

    private enum Outcome { OK, REFUSED, RETRY }

    private Outcome send(List<Line> batch) {
        StringBuilder body = new StringBuilder(batch.size() * 96);
        for (Line p : batch) body.append(p.text()).append('\n');
        HttpRequest.Builder req = HttpRequest.newBuilder(writeUri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (auth != null) req.header("Authorization", auth);
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            int s = r.statusCode();
            if (s / 100 == 2) return Outcome.OK;
            if (s == 400 || s == 413 || s == 422) {
                // Bad points will never be accepted: say which and move on (partial writes keep the good ones).
                rejected.addAndGet(batch.size());
                LOG.error("InfluxDB refused a batch of {} points ({}): {}", batch.size(), s, r.body());
                return Outcome.REFUSED;
            }
            LOG.warn("InfluxDB write failed ({}): {} - retrying", s, r.body());
            return Outcome.RETRY;
        } catch (IOException e) {
            if (failures.get() % 20 == 0) LOG.warn("InfluxDB unreachable at {}: {} - retrying", config.url(), e.toString());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }

    private void recordLatencies(List<Line> batch) {
        long nowMicros = clock.millis() * 1000;
        int k = 0;
        for (Line p : batch) {
            if (p.latencyOriginMicros() == Long.MIN_VALUE) continue;
            // A distinct microsecond per point, so that two windows of one device never overwrite each other.
            String tags = p.latencyTags() == null || p.latencyTags().isEmpty() ? "" : "," + p.latencyTags();
            write(new Line("window_latency" + tags + " latency_s=" + (nowMicros - p.latencyOriginMicros()) / 1e6 + " "
                    + (nowMicros + k++), Long.MIN_VALUE, null));
        }
    }

    @Override
    public void close() {
        try {
            flush(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            worker.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
