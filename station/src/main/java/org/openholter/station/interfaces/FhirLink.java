package org.openholter.station.interfaces;

import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts transaction Bundles to the hospital's FHIR server one at a time, in order. A Bundle the server takes (2xx) is
 * done; one it refuses as wrong (4xx but 408 / 429) is logged with the server's answer and not sent again; on any
 * other answer or no answer it is sent again after a pause that grows to 30 s (its observations are created only once,
 * {@link FhirObservations}). While the server is away, Bundles wait in a bounded queue; the oldest give way, counted.
 */
public final class FhirLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FhirLink.class);

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Duration timeout;
    private final int capacity;
    private final LinkedBlockingDeque<Bundle> queue = new LinkedBlockingDeque<>();
    private final AtomicLong posted = new AtomicLong(), refused = new AtomicLong(), dropped = new AtomicLong(), retries = new AtomicLong();
    private final Thread sender;
    private volatile boolean running = true;
    private volatile boolean busy;

    /** {@code token}: a bearer token (null: none); {@code http}: a client that trusts the server's CA. */
    public FhirLink(HttpClient http, String baseUrl, String token, Duration timeout, int capacity) {
        this.http = http;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.token = token;
        this.timeout = timeout;
        this.capacity = capacity;
        this.sender = new Thread(this::run, "fhir-" + base.getHost());
        sender.setDaemon(true);
        sender.start();
    }

    public void send(Bundle b) {
        if (b.getEntry().isEmpty()) return;
        while (queue.size() >= capacity) {
            if (queue.pollFirst() != null && dropped.incrementAndGet() % 100 == 1) {
                LOG.warn("FHIR server {} away: {} bundles dropped so far", base, dropped.get());
            }
        }
        queue.addLast(b);
    }

    public long posted() { return posted.get(); }
    public long refused() { return refused.get(); }
    public long dropped() { return dropped.get(); }
    public long retries() { return retries.get(); }
    /** Bundles queued or being sent. */
    public int waiting() { return queue.size() + (busy ? 1 : 0); }

    private void run() {
        Retrying retrying = new Retrying();
        while (running) {
            Bundle b;
            try {
                b = queue.pollFirst(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (b == null) continue;
            busy = true;
            String json = FhirObservations.json(b);
            Retrying.Result r = retrying.send(() -> attempt(json), () -> running,
                    why -> LOG.error("FHIR server {} refused a bundle for good ({}); it is not sent again", base, why),
                    (why, pause) -> {
                        retries.incrementAndGet();
                        LOG.warn("FHIR bundle to {} not taken ({}); again in {} ms", base, why, pause);
                    });
            if (r == Retrying.Result.TAKEN) posted.incrementAndGet();
            if (r == Retrying.Result.REFUSED) refused.incrementAndGet();
            busy = false;
        }
    }

    /** Posts once: null when taken, else why not ("refused …" when it must not be sent again). */
    private String attempt(String json) {
        HttpRequest.Builder r = HttpRequest.newBuilder(base).timeout(timeout)
                .header("Content-Type", "application/fhir+json; charset=utf-8").header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (token != null) r.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            int s = resp.statusCode();
            if (s / 100 == 2) return null;
            String body = resp.body() == null ? "" : resp.body().substring(0, Math.min(300, resp.body().length()));
            if (s / 100 == 4 && s != 408 && s != 429) return "refused " + s + ": " + body;
            return "answered " + s + ": " + body;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
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
