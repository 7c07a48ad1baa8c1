package org.openholter.core.sinks;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's batching, retry and buffering against a small HTTP endpoint that behaves like InfluxDB's /write. */
class InfluxWriterTest {
    HttpServer server;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    volatile int status = 204;

    InfluxWriter start(int buffer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/write", ex -> {
            requests.incrementAndGet();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int code = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : status;
            if (code == 204) for (String l : body.split("\n")) if (!l.isBlank()) lines.add(l);
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
        InfluxConfig c = new InfluxConfig(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "holter", null, null,
                100, Duration.ofMillis(20), buffer, Duration.ofMillis(200), null);
        return new InfluxWriter(c, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void write_batchesEverythingAndEscapes() throws Exception {
        try (InfluxWriter w = start(10_000)) {
            for (int i = 0; i < 450; i++) w.write(new LinePoint("m", i).tag("device", "bed 1,a").field("v", (double) i).field("n", (long) i).field("s", "a \"q\""));
            assertThat(w.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(lines).hasSize(450);
            assertThat(lines.get(0)).isEqualTo("m,device=bed\\ 1\\,a v=0.0,n=0i,s=\"a \\\"q\\\"\" 0");
            assertThat(requests.get()).isBetween(5, 40);
        }
    }

    @Test
    void write_whileInfluxIsDown_retriesAndLosesNothing() throws Exception {
        try (InfluxWriter w = start(10_000)) {
            failNext.set(5);
            for (int i = 0; i < 300; i++) w.write(new LinePoint("m", i).field("v", i));
            assertThat(w.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(lines).hasSize(300);
            assertThat(w.failures()).isEqualTo(5);
            assertThat(w.dropped()).isZero();
        }
    }

    /** What a checkpoint keeps while InfluxDB is down: every line not yet stored, the batch being retried included. */
    @Test
    void pending_holdsEverythingNotYetStored_andAnotherWriterStoresIt() throws Exception {
        List<InfluxWriter.Line> pending;
        try (InfluxWriter w = start(10_000)) {
            failNext.set(Integer.MAX_VALUE);
            for (int i = 0; i < 250; i++) w.write(new LinePoint("m", i).field("v", i));
            assertThat(w.flush(Duration.ofMillis(300))).isFalse();
            pending = w.pending();
            assertThat(pending).hasSize(250);
            assertThat(pending.get(0).text()).endsWith(" 0");
            assertThat(pending.get(249).text()).endsWith(" 249");
            failNext.set(0);
            assertThat(w.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(w.pending()).isEmpty();
        }
        lines.clear();
        try (InfluxWriter restored = new InfluxWriter(new InfluxConfig(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "holter", null, null, 100, Duration.ofMillis(20), 10_000, Duration.ofMillis(200), null), Clock.systemUTC())) {
            pending.forEach(restored::write);
            assertThat(restored.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(lines).hasSize(250);
        }
    }

    @Test
    void bufferFull_dropsTheOldestAndCountsThem() throws Exception {
        try (InfluxWriter w = start(200)) {
            failNext.set(Integer.MAX_VALUE);
            for (int i = 0; i < 1000; i++) w.write(new LinePoint("m", i).field("v", i));
            assertThat(w.dropped()).isGreaterThanOrEqualTo(600);
            failNext.set(0);
            assertThat(w.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(lines).last().asString().endsWith(" 999");
            assertThat(lines.size() + w.dropped()).isEqualTo(1000);
        }
    }

    @Test
    void refusedPoints_areCountedAndNotRetried_andLatencyIsMeasuredOnceStored() throws Exception {
        try (InfluxWriter w = start(10_000)) {
            status = 400;
            w.write(new LinePoint("bad", 1).field("v", 1));
            assertThat(w.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(w.rejected()).isEqualTo(1);
            status = 204;
            long origin = System.currentTimeMillis() * 1000 - 1_500_000;
            w.write(new LinePoint("heart_rate", origin).tag("device", "d1").field("bpm", 60.0).measureLatencyFrom(origin));
            Thread.sleep(300);
            assertThat(w.flush(Duration.ofSeconds(5))).isTrue();
            String lat = lines.stream().filter(l -> l.startsWith("window_latency,device=d1 latency_s=")).findFirst().orElseThrow();
            double s = Double.parseDouble(lat.split("=")[2].split(" ")[0]);
            assertThat(s).isBetween(1.4, 3.0);
        }
    }
}
