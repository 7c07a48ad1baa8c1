package org.openholter.launcher;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.Terser;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.openholter.simulator.Fleet;
import org.openholter.station.interfaces.FhirObservations;
import org.openholter.station.interfaces.HospitalInterfaces;
import org.openholter.station.Station;
import org.openholter.station.StationConfig;
import org.openholter.station.interfaces.PcdMessages;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.Topics;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import org.openholter.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hospital interfaces on the real pipeline (secure Kafka and InfluxDB, the Flink job, simulated devices in real
 * time): an MLLP listener stands for the hospital's interface engine / alarm manager and a FHIR endpoint for its FHIR
 * server, both in this JVM. Every alarm step reaches the hospital as PCD-04, each patient's vitals as PCD-01 and
 * FHIR every period, and an alarm a caregiver accepts on the alarm manager (PCD-05) is acknowledged in the pipeline.
 */
class HospitalInterfacesITCase {
    static final List<String> SCENARIOS = List.of("sinus:72@75", "sinus:75@25,asystole@8,sinus:75@42", "af");
    static final int SECONDS = 75, PERIOD_S = 10;
    /** One of the demo's clinicians (BrokerAccess): a charge nurse for every ward. */
    static final String NURSE = "cn-tom";

    /** One message the hospital's listener received: its ER7, its type's trigger, and when. */
    record Received(String trigger, Terser terser, long atMillis) {}

    @Test
    void alarmsAndVitalsReachTheHospital_andAnAlarmAcceptedThereIsAcknowledged() throws Exception {
        Path dir = Files.createTempDirectory("openholter-hospital-it");
        List<Received> hl7 = new CopyOnWriteArrayList<>();
        List<Bundle> fhir = new CopyOnWriteArrayList<>();
        int hl7Port = freePort(), dispatchPort = freePort();
        HL7Service engine = PcdMessages.newContext().newServer(hl7Port, false);
        engine.registerApplication("*", "*", new ReceivingApplication<Message>() {
            @Override public Message processMessage(Message m, Map<String, Object> meta) throws HL7Exception {
                Terser t = new Terser(m);
                hl7.add(new Received(t.get("MSH-9-2"), t, System.currentTimeMillis()));
                try {
                    return m.generateACK();
                } catch (java.io.IOException e) {
                    throw new HL7Exception(e);
                }
            }
            @Override public boolean canProcess(Message m) { return true; }
        });
        engine.startAndWait();
        HttpServer fhirServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fhirServer.createContext("/fhir", x -> {
            fhir.add((Bundle) FhirObservations.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        fhirServer.start();
        try (Stack stack = new Stack(Stack.Options.forTest(dir)).startServices().startGateway().startJob(null)) {
            // The nurse at the station is checked against the gateway's clinician directory (a charge nurse: every ward).
            List<String> args = stack.stationArgs("--web.port", "-1", "--auth.clinicians", stack.mqtt().access().cliniciansFile().toString(), "--web.user", NURSE,
                    "--hl7.host", "127.0.0.1", "--hl7.port", String.valueOf(hl7Port), "--hl7.receiving-application", "AM",
                    "--hl7.dispatch-port", String.valueOf(dispatchPort), "--hl7.ack-on-accept", "true",
                    "--fhir.url", "http://127.0.0.1:" + fhirServer.getAddress().getPort() + "/fhir", "--vitals.period-s", String.valueOf(PERIOD_S));
            assertThat(HeadlessBrowser.available()).as("Debian's chromium at %s (./holter test installs it)", HeadlessBrowser.CHROMIUM).isTrue();
            try (Station whole = new Station(StationConfig.from(args.toArray(String[]::new), Map.of())).start();
                 HeadlessBrowser browser = new HeadlessBrowser(1500, 950)) {
                HospitalInterfaces station = whole.interfaces();
                assertThat(await(() -> station.alarmsReady() && whole.ready() ? Boolean.TRUE : null, 60_000)).as("the station reads the alarms").isTrue();
                String web = "http://127.0.0.1:" + whole.webPort();
                browser.open(web + "/");
                try (Fleet fleet = stack.fleet("--patients", String.valueOf(SCENARIOS.size()), "--scenarios", String.join(";", SCENARIOS),
                        "--duration-s", String.valueOf(SECONDS), "--speed", "1", "--seed", "5", "--phase-spread-s", "0", "--leads", "II,V1")) {
                    fleet.start();
                    String asystoleDevice = fleet.patients().get(1).deviceId, afDevice = fleet.patients().get(2).deviceId;
                    // The asystole reaches the central station, where a nurse acknowledges it, and the alarm manager.
                    long shown = nurseSeesTheAsystole(browser, fleet, asystoleDevice);
                    Received raised = await(() -> hl7.stream().filter(r -> r.trigger().equals("R40") && get(r, "/.OBR-3-1").startsWith(asystoleDevice + ":ASYSTOLE:")
                            && facet(r, "68481").equals("start")).findFirst().orElse(null), 90_000);
                    assertThat(raised).as("the asystole reported as PCD-04").isNotNull();
                    webStation(web, fleet, asystoleDevice, get(raised, "/.OBR-3-1"));
                    nurseAcknowledgesTheLatchedAsystole(browser, asystoleDevice, get(raised, "/.OBR-3-1"));
                    patientLive(browser, web, asystoleDevice, get(raised, "/.OBR-3-1"));
                    // The AF reaches the alarm manager; a nurse accepts it on her phone (PCD-05).
                    Received af = await(() -> hl7.stream().filter(r -> r.trigger().equals("R40") && get(r, "/.OBR-3-1").startsWith(afDevice + ":AFIB:")
                            && facet(r, "68481").equals("start")).findFirst().orElse(null), 90_000);
                    assertThat(af).as("the AF reported as PCD-04").isNotNull();
                    String alarmId = get(af, "/.OBR-3-1");
                    try (Connection am = PcdMessages.newContext().newClient("127.0.0.1", dispatchPort, false)) {
                        Message ack = am.getInitiator().sendAndReceive(dispatchReport(alarmId, "accepted", "nurse.kim"));
                        assertThat(new Terser(ack).get("MSA-1")).isEqualTo("AA");
                    }
                    assertThat(fleet.awaitDone(180_000)).isTrue();
                    Thread.sleep(HospitalInterfaces.SETTLE.toMillis() + 2000L * PERIOD_S); // the last periods settle and are reported
                    List<AlarmEvent> alarms = new ArrayList<>();
                    for (ConsumerRecord<byte[], byte[]> r : KafkaTopics.readAll(stack.kafka(), Topics.KAFKA_ALARMS, true, 1, 3000, 30_000)) {
                        alarms.add(AlarmEvent.fromJson(r.value()));
                    }
                    AlarmEvent asystoleRaised = alarms.stream().filter(a -> a.deviceId().equals(asystoleDevice) && a.type().equals("ASYSTOLE")
                            && a.state().equals(AlarmEvent.RAISED)).findFirst().orElseThrow();
                    assertThat(shown - asystoleRaised.onsetMillis()).as("the red tile on the ward page, from the last QRS (ms)").isLessThanOrEqualTo(10_000);
                    assertThat(alarms).anyMatch(a -> a.id().equals(asystoleRaised.id()) && a.state().equals(AlarmEvent.ACKNOWLEDGED) && NURSE.equals(a.by()));
                    patientPage(browser, web, asystoleDevice, asystoleRaised.id());
                    assertThat(browser.errors).as("errors in the pages").isEmpty();
                    // The acceptance came back through the command path as the pipeline's own acknowledgement, and went out again.
                    assertThat(alarms).anyMatch(a -> a.id().equals(alarmId) && a.state().equals(AlarmEvent.ACKNOWLEDGED) && "hl7:nurse.kim".equals(a.by()));
                    assertThat(hl7).anyMatch(r -> r.trigger().equals("R40") && get(r, "/.OBR-3-1").equals(alarmId) && facet(r, "68483").equals("acknowledged"));
                    // Every alarm step on Kafka reached the hospital, each once.
                    List<String> steps = alarms.stream().filter(a -> !a.state().equals(AlarmEvent.VETOED))
                            .map(a -> a.id() + "/" + a.state() + "/" + a.eventMillis()).sorted().toList();
                    List<String> reported = hl7.stream().filter(r -> r.trigger().equals("R40"))
                            .map(r -> get(r, "/.OBR-3-1") + "/" + state(r) + "/" + millis(get(r, "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(0)/OBX-14"))).sorted().toList();
                    assertThat(reported).isEqualTo(steps);
                    System.out.printf("hospital interfaces: %d alarm steps reported as PCD-04 (%s), %d PCD-01 reports, %d FHIR bundles; %s%n",
                            reported.size(), alarms.stream().map(x -> x.type() + " " + x.state()).collect(Collectors.joining(", ")),
                            hl7.stream().filter(r -> r.trigger().equals("R01")).count(), fhir.size(), station.status());
                    // Vitals: every patient every period, the same figures in HL7 and FHIR.
                    for (Fleet.Patient p : fleet.patients()) {
                        List<Received> pcd01 = hl7.stream().filter(r -> r.trigger().equals("R01") && get(r, "/.PID-3-1").equals(p.deviceId)).toList();
                        assertThat(pcd01.size()).as("PCD-01 reports of %s", p.deviceId).isGreaterThanOrEqualTo(SECONDS / PERIOD_S - 2);
                        List<Observation> hr = fhir.stream().flatMap(b -> b.getEntry().stream()).map(e -> (Observation) e.getResource())
                                .filter(o -> o.getSubject().getIdentifier().getValue().equals(p.deviceId) && o.getCode().getCodingFirstRep().getCode().equals("8867-4")).toList();
                        assertThat(hr.size()).as("FHIR heart rates of %s", p.deviceId).isEqualTo(pcd01.size());
                        for (Received r : pcd01) {
                            assertThat(get(r, "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(1)/OBX-3-1")).isEqualTo("147842");
                        }
                    }
                    Fleet.Patient normal = fleet.patients().get(0);
                    List<Double> rates = hl7.stream().filter(r -> r.trigger().equals("R01") && get(r, "/.PID-3-1").equals(normal.deviceId))
                            .map(r -> Double.parseDouble(get(r, "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(1)/OBX-5"))).collect(Collectors.toList());
                    assertThat(rates).allMatch(v -> v >= 66 && v <= 78);
                    assertThat(station.hl7().refused()).isZero();
                    assertThat(station.fhir().refused()).isZero();
                }
            }
        } finally {
            engine.stopAndWait();
            fhirServer.stop(0);
        }
    }

    /**
     * The central station's web API during the run: every bed with its strip, the asystole the most urgent bed,
     * strips and changes streamed, a command for an alarm the station does not know refused.
     */
    static void webStation(String web, Fleet fleet, String asystoleDevice, String asystoleId) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        com.fasterxml.jackson.databind.JsonNode ward = org.openholter.wire.Json.MAPPER.readTree(http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(web + "/api/ward")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(ward.path("beds")).hasSize(fleet.patients().size());
        for (com.fasterxml.jackson.databind.JsonNode b : ward.path("beds")) {
            assertThat(b.path("strip").path("v").size()).as("strip of %s", b.path("device").asText()).isGreaterThan(250);
            assertThat(b.path("online").asBoolean()).isTrue();
        }
        com.fasterxml.jackson.databind.JsonNode first = ward.path("beds").get(0);
        assertThat(first.path("device").asText()).as("the asystole bed first").isEqualTo(asystoleDevice);
        assertThat(first.path("alarms").get(0).path("type").asText()).isEqualTo("ASYSTOLE");
        assertThat(first.path("alarms").get(0).path("priority").asText()).isEqualTo("HIGH");
        // The live stream: strips four times a second, the beds when they change.
        var lines = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(web + "/api/events")).header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines()).body();
        long until = System.currentTimeMillis() + 3000;
        int samples = 0, beds = 0;
        for (var it = lines.iterator(); it.hasNext() && System.currentTimeMillis() < until; ) {
            String line = it.next();
            if (line.equals("event: samples")) samples++;
            if (line.equals("event: beds")) beds++;
        }
        lines.close();
        assertThat(samples).isGreaterThanOrEqualTo(6);
        assertThat(beds).isGreaterThanOrEqualTo(1);
        var unknown = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(web + "/api/command"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"action\":\"ACK\",\"id\":\"nope\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(first.path("alarms").get(0).path("id").asText()).isEqualTo(asystoleId);
    }

    /**
     * The ward page in Chromium: every bed with a moving strip, then the asystole's tile red with its alarm. Returns
     * when it was seen (wall-clock ms).
     */
    static long nurseSeesTheAsystole(HeadlessBrowser browser, Fleet fleet, String device) throws Exception {
        assertThat(browser.await("document.querySelectorAll('.tile').length === " + fleet.patients().size(), 60_000))
                .as("a tile per bed").isTrue();
        String strips = "Array.from(document.querySelectorAll('.tile canvas')).map(c => c.toDataURL().length + ':' + c.toDataURL().slice(-400)).join('|')";
        String before = browser.eval(strips).asText();
        Thread.sleep(700);
        String after = browser.eval(strips).asText();
        String[] a = before.split("\\|"), b = after.split("\\|");
        for (int i = 0; i < a.length; i++) assertThat(b[i]).as("strip %s moves", i).isNotEqualTo(a[i]);
        String red = "(() => { const t = document.querySelector('.tile[data-device=\"" + device + "\"]'); return !!t && t.classList.contains('HIGH')"
                + " && t.querySelector('.banner .type').textContent === 'ASYSTOLE'; })()";
        assertThat(browser.await(red, 60_000)).as("the asystole's tile red").isTrue();
        long seen = System.currentTimeMillis();
        assertThat(browser.eval("document.querySelector('#beds .tile').dataset.device").asText()).as("first on the ward").isEqualTo(device);
        return seen;
    }

    /** Once the asystole has ended, its tile stays red, latched, until a nurse clicks ACK; then the audit shows it. */
    static void nurseAcknowledgesTheLatchedAsystole(HeadlessBrowser browser, String device, String alarmId) throws Exception {
        String tile = ".tile[data-device=\"" + device + "\"]";
        assertThat(browser.await("!!document.querySelector('" + tile + " .banner .latched')", 60_000)).as("latched after it ended").isTrue();
        assertThat(browser.eval("document.querySelector('" + tile + "').classList.contains('HIGH')").asBoolean()).isTrue();
        browser.screenshot(Path.of("target/screenshots/ward.png"));
        browser.click(tile + " .banner button.ack");
        assertThat(browser.await("!document.querySelector('" + tile + " .banner')", 20_000)).as("the latch cleared by ACK").isTrue();
        assertThat(browser.await("!!document.querySelector('#audit tr[data-alarm=\"" + alarmId + "\"]')", 20_000)).as("the audit row").isTrue();
        assertThat(browser.eval("document.querySelector('#audit tr[data-alarm=\"" + alarmId + "\"]').textContent").asText())
                .contains("ASYSTOLE").contains("acknowledged").contains(NURSE);
        browser.screenshot(Path.of("target/screenshots/ward-acknowledged.png"));
    }

    /**
     * The asystole patient's page while the run goes on: every lead sweeping, the codec coming and drawn over the
     * analysed ECG, and the asystole's 20-s strip as stored at the raise: QRS complexes before the onset, a flat line
     * after it, the raise 14 s in.
     */
    static void patientLive(HeadlessBrowser browser, String web, String device, String asystoleId) throws Exception {
        browser.open(web + "/patient.html?device=" + device);
        assertThat(browser.await("window.patient && patient.leads().join() === 'II,V1'", 20_000)).as("every lead of the bed").isTrue();
        String before = browser.eval("document.getElementById('strip').toDataURL()").asText();
        Thread.sleep(700);
        assertThat(browser.eval("document.getElementById('strip').toDataURL()").asText()).as("the live leads move").isNotEqualTo(before);
        assertThat(browser.await("patient.codecRuns() > 0 && patient.analysedTo() != null", 40_000)).as("the codec over the analysed ECG").isTrue();
        assertThat(browser.eval("patient.codec().some(r => r[2] === 1 && r[3] === 1) && patient.codec().some(r => r[2] === 0 && r[3] === 2)"
                + " && patient.codec().some(r => r[2] === 2)").asBoolean()).as("normal beats, QRS waves and a rhythm in the codec").isTrue();
        String row = "#history tr[data-alarm=\"" + asystoleId + "\"]";
        assertThat(browser.await("!!document.querySelector('" + row + " button.strip')", 60_000)).as("the asystole's strip stored").isTrue();
        browser.click(row + " button.strip");
        assertThat(browser.await("!document.getElementById('alarm-strip').hidden && document.getElementById('alarm-strip').dataset.alarm === '"
                + asystoleId + "'", 10_000)).as("the strip shown").isTrue();
        JsonNode strip = Json.MAPPER.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(web + "/api/strip?id=" + java.net.URLEncoder.encode(asystoleId, java.nio.charset.StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        int fs = strip.path("fs").asInt();
        long from = strip.path("from_ms").asLong(), onset = strip.path("onset_ms").asLong(), raised = strip.path("raised_ms").asLong();
        assertThat(strip.path("leads").toString()).isEqualTo("[\"II\",\"V1\"]");
        JsonNode lead = strip.path("v").get(0);
        assertThat(lead.size() / (double) fs).as("seconds of strip").isBetween(19.0, 21.0);
        assertThat(raised - from).as("the raise, ms into the strip").isBetween(13_900L, 14_100L);
        double[] beforeOnset = range(lead, fs, from, from, onset - 500), silent = range(lead, fs, from, onset + 500, Math.min(raised, onset + 3500));
        System.out.printf("asystole strip: %d leads at %d Hz; range %.2f mV before the onset, %.2f mV in the silence%n",
                strip.path("leads").size(), fs, beforeOnset[1] - beforeOnset[0], silent[1] - silent[0]);
        assertThat(beforeOnset[1] - beforeOnset[0]).as("QRS complexes before the onset (mV)").isGreaterThan(0.8);
        assertThat(silent[1] - silent[0]).as("the silence (mV)").isLessThan(0.45);
        assertThat(strip.path("codec").size()).as("the codec in the strip").isGreaterThan(10);
        browser.eval("window.scrollTo(0, 0)");
        browser.screenshot(Path.of("target/screenshots/patient.png"));
    }

    /** Minimum and maximum (mV) of a strip's lead between two times (ms). */
    static double[] range(JsonNode lead, int fs, long firstMs, long fromMs, long toMs) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int i = (int) Math.max(0, (fromMs - firstMs) * fs / 1000); i < Math.min(lead.size(), (toMs - firstMs) * fs / 1000); i++) {
            if (lead.get(i).isNull()) continue;
            lo = Math.min(lo, lead.get(i).asDouble() / 100);
            hi = Math.max(hi, lead.get(i).asDouble() / 100);
        }
        return new double[] {lo, hi};
    }

    /** The asystole patient's page: the live strip, the trends of the run (uPlot), the alarm history with the ACK. */
    static void patientPage(HeadlessBrowser browser, String web, String device, String asystoleId) throws Exception {
        browser.open(web + "/patient.html?device=" + device);
        assertThat(browser.await("document.querySelectorAll('.trend canvas').length >= 5", 30_000)).as("five trend charts").isTrue();
        assertThat(browser.await("!!document.querySelector('#history tr[data-alarm=\"" + asystoleId + "\"]')", 20_000)).as("the asystole in the history").isTrue();
        assertThat(browser.eval("document.querySelector('#history tr[data-alarm=\"" + asystoleId + "\"]').textContent").asText()).contains(NURSE);
        com.fasterxml.jackson.databind.JsonNode trends = org.openholter.wire.Json.MAPPER.readTree(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(web + "/api/trends?minutes=10&device=" + device)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(trends.path("hr").size()).as("heart-rate minutes").isGreaterThanOrEqualTo(1);
        assertThat(trends.path("hr").get(0).get(1).asDouble()).isBetween(40.0, 110.0);
        browser.screenshot(Path.of("target/screenshots/patient-end.png"));
    }

    static Message dispatchReport(String alarmId, String status, String who) throws Exception {
        ORU_R01 m = new ORU_R01();
        m.setParser(PcdMessages.newContext().getPipeParser());
        m.initQuickstart("ORU", "R41", "P");
        Terser t = new Terser(m);
        t.set("MSH-9-3", "ORU_R01");
        t.set("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1", alarmId);
        t.set("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-4-1", "196616");
        String o = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(0)/OBX";
        t.set(o + "-1", "1");
        t.set(o + "-2", "ST");
        t.set(o + "-3-1", "DISPATCH_STATUS");
        t.set(o + "-5", status);
        t.set(o + "-11", "F");
        t.set(o + "-16-1", who);
        return m;
    }

    static String get(Received r, String path) {
        try {
            String v = r.terser().get(path);
            return v == null ? "" : v;
        } catch (HL7Exception e) {
            return "";
        }
    }

    /** The value of the facet whose OBX-3 is {@code code}. */
    static String facet(Received r, String code) {
        for (int i = 0; i < 6; i++) {
            String p = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX";
            if (get(r, p + "-3-1").equals(code)) return get(r, p + "-5");
        }
        return "";
    }

    /** The pipeline's alarm state a PCD-04 report stands for. */
    static String state(Received r) {
        String phase = facet(r, "68481"), inactivation = facet(r, "68483");
        if (phase.equals("start")) return AlarmEvent.RAISED;
        if (phase.equals("end")) return AlarmEvent.CLEARED;
        if (phase.equals("escalate")) return AlarmEvent.ESCALATED;
        if (inactivation.equals("acknowledged")) return AlarmEvent.ACKNOWLEDGED;
        if (inactivation.equals("audio-paused")) return AlarmEvent.SILENCED;
        return AlarmEvent.UPDATED;
    }

    static long millis(String dtm) {
        return java.time.OffsetDateTime.parse(dtm, java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ")).toInstant().toEpochMilli();
    }

    static <T> T await(java.util.function.Supplier<T> f, long timeoutMs) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMs;
        T v;
        while ((v = f.get()) == null && System.currentTimeMillis() < until) Thread.sleep(200);
        return v;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) { return s.getLocalPort(); }
    }
}
