package org.openholter.station.interfaces;

import com.sun.net.httpserver.HttpServer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vitals as FHIR R4 to a FHIR endpoint in-process (the JDK's HTTP server, parsing with HAPI FHIR as a server does),
 * each Observation checked against what the profile asks.
 */
class FhirLinkTest {
    static final long T = PcdMessagesTest.T;
    HttpServer server;
    FhirLink link;
    final List<Bundle> received = new CopyOnWriteArrayList<>();
    final List<String> headers = new CopyOnWriteArrayList<>();

    /** Serves POST / answering {@code statuses} in turn (then 200). */
    String serve(int... statuses) throws Exception {
        AtomicInteger n = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            headers.add(x.getRequestHeaders().getFirst("Content-Type") + "|" + x.getRequestHeaders().getFirst("Authorization"));
            int i = n.getAndIncrement();
            int status = i < statuses.length ? statuses[i] : 200;
            if (status == 200) received.add((Bundle) FhirObservations.parse(body));
            byte[] answer = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/fhir+json");
            x.sendResponseHeaders(status, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    @AfterEach
    void stop() {
        if (link != null) link.close();
        if (server != null) server.stop(0);
    }

    static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < until) Thread.sleep(50);
    }

    @Test
    void vitalsArriveAsATransactionOfObservations_thatFollowTheProfile_onceEach() throws Exception {
        String url = serve(503); // the first answer: server busy, sent again
        link = new FhirLink(HttpClient.newHttpClient(), url, "s3cret", Duration.ofSeconds(10), 100);
        link.send(new FhirObservations().bundle(new Vitals("sim-001", "ICU-A", "3", T - 60_000, T, 72.44, "AF", 812.0, 43.2, 38.1, 12.5)));
        await(() -> link.posted() == 1);
        assertThat(link.posted()).isEqualTo(1);
        assertThat(link.retries()).isEqualTo(1);
        assertThat(headers).allMatch(h -> h.startsWith("application/fhir+json") && h.endsWith("|Bearer s3cret"));
        assertThat(received).hasSize(1);
        Bundle b = received.get(0);
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(b.getEntry()).hasSize(4); // heart rate, SDNN, RMSSD, AF burden
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
            assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
            assertThat(e.getRequest().getUrl()).isEqualTo("Observation");
            Observation o = (Observation) e.getResource();
            assertThat(e.getRequest().getIfNoneExist()).as("created once, even when sent again")
                    .isEqualTo("identifier=" + FhirObservations.OBSERVATION_SYSTEM + "|" + o.getIdentifierFirstRep().getValue());
            assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(o.getSubject().getIdentifier().getSystem()).isEqualTo(FhirObservations.DEVICE_SYSTEM);
            assertThat(o.getSubject().getIdentifier().getValue()).isEqualTo("sim-001");
            assertThat(o.getDevice().getIdentifier().getValue()).isEqualTo("sim-001");
            assertThat(o.getEffectivePeriod().getStart().getTime()).isEqualTo(T - 60_000);
            assertThat(o.getEffectivePeriod().getEnd().getTime()).isEqualTo(T);
            Quantity q = o.getValueQuantity();
            assertThat(q.getSystem()).isEqualTo(FhirObservations.UCUM);
            assertThat(q.getCode()).isIn("/min", "ms", "%");
            assertThat(o.getCode().getCoding()).isNotEmpty();
        }
        Observation hr = (Observation) b.getEntry().get(0).getResource();
        // FHIR vital signs: LOINC 8867-4, category vital-signs, UCUM /min.
        assertThat(hr.getCode().getCoding()).extracting(Coding::getSystem, Coding::getCode)
                .contains(org.assertj.core.groups.Tuple.tuple(FhirObservations.LOINC, "8867-4"),
                        org.assertj.core.groups.Tuple.tuple(FhirObservations.MDC, "147842"));
        assertThat(hr.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(hr.getValueQuantity().getValue().doubleValue()).isEqualTo(72.4);
        assertThat(hr.getValueQuantity().getCode()).isEqualTo("/min");
        Observation sdnn = (Observation) b.getEntry().get(1).getResource();
        assertThat(sdnn.getCode().getCodingFirstRep().getCode()).isEqualTo("80404-7");
        assertThat(sdnn.getValueQuantity().getCode()).isEqualTo("ms");
    }

    @Test
    void aBundleTheServerRefusesIsNotSentAgain_andAnEmptyPeriodSendsNothing() throws Exception {
        String url = serve(400);
        link = new FhirLink(HttpClient.newHttpClient(), url, null, Duration.ofSeconds(10), 100);
        link.send(new FhirObservations().bundle(new Vitals("d", null, null, T - 60_000, T, 60.0, null, null, null, null, null)));
        link.send(new FhirObservations().bundle(new Vitals("d", null, null, T - 60_000, T, null, null, null, null, null, null)));
        link.send(new FhirObservations().bundle(new Vitals("d", null, null, T, T + 60_000, 61.0, null, null, null, null, null)));
        await(() -> link.posted() == 1 && link.refused() == 1);
        assertThat(link.refused()).isEqualTo(1);
        assertThat(link.posted()).isEqualTo(1);
        assertThat(headers).hasSize(2).allMatch(h -> h.endsWith("|null"));
        assertThat(((Observation) received.get(0).getEntryFirstRep().getResource()).getValueQuantity().getValue().doubleValue()).isEqualTo(61.0);
    }
}
