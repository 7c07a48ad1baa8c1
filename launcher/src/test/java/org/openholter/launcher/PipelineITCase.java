package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openholter.core.synth.Rhythm;
import org.openholter.core.synth.TruthEpisode;
import org.openholter.dashboards.Dashboards;
import org.openholter.simulator.Fleet;
import org.openholter.simulator.FleetConfig;
import org.openholter.simulator.SyntheticPatient;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.DeadLetter;
import org.openholter.wire.Json;
import org.openholter.core.codec.CodecJson;
import org.openholter.core.codec.CodecSlice;
import org.openholter.core.codec.Layers;
import org.openholter.wire.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole path on real components: simulator → Mosquitto → gateway → Kafka → Flink (MiniCluster)
 * → InfluxDB and Kafka. Eleven patients with known scenarios and a PPG channel each, 130 s of signal at 4× real time, with lost,
 * duplicated, reordered and corrupted frames, and the job cancelled and restored from its retained
 * checkpoint in the middle of the scripted episodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineITCase {
    static final double SECONDS = 130;
    /** The job is restarted once this many alarms are committed, in the middle of the scripted episodes. */
    static final int RESTART_AFTER_ALARMS = 2;
    /** Scenario per patient and the alarm types each must raise exactly once. */
    static final List<String> SCENARIOS = List.of("normal", "asystole", "brady", "tachy", "af", "pvc", "normal", "vt",
            "leadoff", "sinus:80@60,sinus:165@80", "artifact");
    static final List<Set<String>> EXPECTED = List.of(Set.of(), Set.of("ASYSTOLE", "PAUSE"), Set.of("EXTREME_BRADY", "HR_LOW"),
            Set.of("EXTREME_TACHY", "HR_HIGH"), Set.of("AFIB"), Set.of(), Set.of(), Set.of("EXTREME_TACHY", "VTACH"), Set.of("LEAD_OFF"),
            Set.of("EXTREME_TACHY", "HR_HIGH"), Set.of());
    /**
     * Alarms a scenario may raise besides the expected ones: the 10-s VT may or may not hold the rate limit for 10 s; the
     * motion artefact may make the ECG unreadable (a low-priority technical alarm); the PVC patient's ectopic beats come
     * at random, one beat in eight, so now and then three fall on every other beat: a true bigeminy, which the job's
     * default analyzer (with the beat classes) alarms at low priority. The motion artefact's deflections are taken for
     * ventricular beats by that analyzer's population beat model, which raises short RUN_PVC alarms (medium priority):
     * false, and left to the beat-class work (the pulse vetoes high-priority alarms only).
     */
    static final List<Set<String>> ALLOWED = List.of(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of("BIGEMINY"), Set.of(),
            Set.of("HR_HIGH"), Set.of(), Set.of(), Set.of("NOISY_SIGNAL", "RUN_PVC"));
    /** Every device sends a PPG channel besides its ECG lead: its pulse vetoes the artefact's VF and lets the true alarms through. */
    static final String CHANNELS = "II,PLETH";

    Path dir;
    Stack stack;
    Fleet fleet;
    long startMs;
    List<AlarmEvent> alarms;
    List<DeadLetter> deadLetters;
    String restoredFrom;
    List<AlarmEvent> committedBeforeRestart;
    /** Alarm messages received over MQTT, by topic kind: "device" and "ward". */
    final Map<String, List<AlarmEvent>> mqttAlarms = new java.util.concurrent.ConcurrentHashMap<>();
    com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient station;

    @BeforeAll
    void runThePipeline() throws Exception {
        dir = Files.createTempDirectory("openholter-it");
        stack = new Stack(Stack.Options.forTest(dir)).startServices().startGateway().startJob(null);
        // A central station listening on MQTT, as a nurse's screen would: logged in as the ward's nurse, over TLS.
        station = clinician("nurse-ann");
        for (String filter : List.of("holter/v1/ward/ward-a/alarm", "holter/v1/dev/+/alarm")) {
            station.toAsync().subscribeWith().topicFilter(filter).qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                    .callback(m -> mqttAlarms.computeIfAbsent(m.getTopic().getLevels().get(2).equals("ward") ? "ward" : "device",
                            k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(AlarmEvent.fromJson(m.getPayloadAsBytes())))
                    .send().get();
        }
        // The charge nurse lowers the ward's low-rate limit at run time (the brady patient, at 34 bpm, still alarms); the
        // ward's nurse may not (her role does not allow it), and says she is the charge nurse (the gateway ignores that).
        var chargeNurse = clinician("cn-tom");
        chargeNurse.publishWith().topic("holter/v1/station/cn-tom/command").qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                .payload(AlarmCommand.wardLimits("ward-a", "whoever", new AlarmCommand.Limits(null, 45.0, null, null)).toJson()).send();
        chargeNurse.disconnect();
        station.publishWith().topic("holter/v1/station/nurse-ann/command").qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                .payload(AlarmCommand.wardLimits("ward-a", "cn-tom", new AlarmCommand.Limits(null, 20.0, null, null)).toJson()).send();
        fleet = stack.fleet(java.util.Set.of("sim-001"), List.of(
                "--patients", String.valueOf(SCENARIOS.size()), "--scenarios", String.join(";", SCENARIOS), "--leads", CHANNELS, "--duration-s", String.valueOf(SECONDS),
                "--speed", "4", "--seed", "42", "--drop", "0.003", "--duplicate", "0.02", "--reorder", "0.02",
                "--malformed", "0.02", "--json-fraction", "0.2", "--frame-seconds", "0.5"));
        fleet.start();
        startMs = fleet.startMicros() / 1000;
        // Restart the hard way: after alarms were committed to Kafka (so the restored state must know them).
        long deadline = System.currentTimeMillis() + 120_000;
        do {
            Thread.sleep(500);
            committedBeforeRestart = new ArrayList<>();
            for (byte[] v : readTopic(Topics.KAFKA_ALARMS, 500)) committedBeforeRestart.add(AlarmEvent.fromJson(v));
        } while (committedBeforeRestart.stream().filter(a -> a.state().equals(AlarmEvent.RAISED)).count() < RESTART_AFTER_ALARMS
                && System.currentTimeMillis() < deadline);
        restoredFrom = stack.stopJob();
        assertThat(restoredFrom).as("a retained checkpoint to restore from").isNotNull();
        stack.startJob(restoredFrom);
        assertThat(fleet.awaitDone(180_000)).as("fleet finished and all publications acknowledged").isTrue();
        awaitDrained();
        acknowledgeOverMqtt();
        alarms = new ArrayList<>();
        for (byte[] v : readTopic(Topics.KAFKA_ALARMS, 3000)) alarms.add(AlarmEvent.fromJson(v));
        deadLetters = new ArrayList<>();
        for (byte[] v : readTopic(Topics.KAFKA_DEAD_LETTER, 3000)) deadLetters.add(DeadLetter.fromJson(v));
    }

    /** The asystole patient's alarm, latched since its end, as a nurse acknowledges it at the central station. */
    String acknowledged;

    /**
     * A nurse acknowledges the asystole patient's alarm over MQTT (and sends a command for an alarm that does not
     * exist, which must change nothing); waits for the acknowledgement on Kafka.
     */
    void acknowledgeOverMqtt() throws Exception {
        String device = fleet.patients().get(1).deviceId;
        AlarmEvent asystole = readTopic(Topics.KAFKA_ALARMS, 500).stream().map(AlarmEvent::fromJson)
                .filter(a -> a.deviceId().equals(device) && a.type().equals("ASYSTOLE") && a.state().equals(AlarmEvent.RAISED)).findFirst().orElseThrow();
        acknowledged = asystole.id();
        // A nurse of another ward first: refused by the analysis, which knows the patient's ward, and audited.
        var otherWard = clinician("nurse-bea");
        otherWard.publishWith().topic("holter/v1/station/nurse-bea/command").qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                .payload(new AlarmCommand(AlarmCommand.ACK, device, acknowledged, "nurse-ann", null, null, null).toJson()).send();
        otherWard.disconnect();
        for (String id : List.of(device + ":ASYSTOLE:1", acknowledged)) {
            station.publishWith().topic("holter/v1/station/nurse-ann/command").qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE)
                    .payload(new AlarmCommand(AlarmCommand.ACK, device, id, "someone-else", null, null, null).toJson()).send();
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (readTopic(Topics.KAFKA_ALARMS, 500).stream().map(AlarmEvent::fromJson)
                    .anyMatch(a -> a.id().equals(acknowledged) && a.state().equals(AlarmEvent.ACKNOWLEDGED))) return;
            Thread.sleep(500);
        }
        throw new AssertionError("no acknowledgement of " + acknowledged + " on Kafka");
    }

    @Test
    void aHighAlarm_latchesEscalatesAndIsAcknowledgedByWhoAndWhen_onKafkaAndInInflux() throws Exception {
        List<String> steps = alarms.stream().filter(a -> a.id().equals(acknowledged)).map(AlarmEvent::state).toList();
        assertThat(steps).as("life of %s", acknowledged).containsSubsequence(AlarmEvent.RAISED, AlarmEvent.ESCALATED, AlarmEvent.ACKNOWLEDGED);
        AlarmEvent cleared = alarms.stream().filter(a -> a.id().equals(acknowledged) && a.state().equals(AlarmEvent.CLEARED)).findFirst().orElseThrow();
        assertThat(cleared.latched()).as("a high-priority alarm cleared unacknowledged stays latched").isTrue();
        AlarmEvent ack = alarms.stream().filter(a -> a.id().equals(acknowledged) && a.state().equals(AlarmEvent.ACKNOWLEDGED)).findFirst().orElseThrow();
        assertThat(ack.by()).isEqualTo("nurse-ann");
        assertThat(ack.active()).isFalse();
        JsonNode r = query("SELECT \"by\", \"active\", \"latched\" FROM \"alarm\" WHERE \"state\" = 'ACKNOWLEDGED' AND \"id\" = '"
                + acknowledged + "' AND " + timeFilter());
        JsonNode rows = r.path("results").get(0).path("series").get(0).path("values");
        assertThat(rows.size()).as("acknowledgement in InfluxDB").isEqualTo(1);
        assertThat(rows.get(0).get(1).asText()).isEqualTo("nurse-ann");
        assertThat(alarms).noneMatch(a -> a.state().equals(AlarmEvent.ACKNOWLEDGED) && !a.id().equals(acknowledged));
    }

    @Test
    void everyAlarmCommand_isAuditedInInfluxDb_withWhoAndWhetherItApplied() throws Exception {
        JsonNode r = query("SELECT \"action\", \"accepted\", \"by\", \"id\", \"limits\", \"device\" FROM \"alarm_command\" WHERE \"ward\" = 'ward-a' AND "
                + timeFilter());
        List<String> rows = new ArrayList<>();
        for (JsonNode v : r.path("results").get(0).path("series").path(0).path("values")) {
            rows.add(v.get(1).asText() + " " + v.get(2).asText() + " " + v.get(3).asText() + " " + v.get(4).asText("") + " " + v.get(5).asText(""));
        }
        assertThat(rows).as("commands audited, each by the identity the broker authenticated")
                .contains("LIMITS true cn-tom  {\"hr_low\":45.0}", "ACK true nurse-ann " + acknowledged + " ",
                        "ACK false nurse-bea " + acknowledged + " ", "LIMITS false nurse-ann  {\"hr_low\":20.0}")
                .anyMatch(x -> x.startsWith("ACK false nurse-ann ") && x.contains(":ASYSTOLE:1 "))
                .noneMatch(x -> x.contains("someone-else") || x.contains("whoever"));
    }

    /** A clinician's MQTT session at the central station (TLS, its own password). */
    com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient clinician(String identity) {
        return stack.station(identity);
    }

    @AfterAll
    void stop() throws Exception {
        if (station != null) station.disconnect();
        if (fleet != null) fleet.close();
        if (stack != null) stack.close();
    }

    /** Waits until every patient's last window is in InfluxDB and the alarm transactions are committed. */
    void awaitDrained() throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode r = query("SELECT last(\"bpm\") FROM \"heart_rate\" WHERE " + timeFilter() + " GROUP BY \"device\"");
            int done = 0;
            for (JsonNode s : r.path("results").get(0).path("series")) {
                String device = s.path("tags").path("device").asText();
                Fleet.Patient p = fleet.patients().stream().filter(x -> x.deviceId.equals(device)).findFirst().orElseThrow();
                if (seconds(p, Instant(s.path("values").get(0).get(0).asText())) >= SECONDS - 6) done++;
            }
            if (done == fleet.patients().size()) {
                Thread.sleep(3000); // two more checkpoints: the last alarms are committed
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("pipeline did not drain in time");
    }

    /** Seconds since the patient's device started (devices switch on at different times). */
    static double seconds(Fleet.Patient p, long epochMillis) {
        return (epochMillis - ((SyntheticPatient) p.device).startMicros() / 1000) / 1000.0;
    }

    static long Instant(String iso) {
        return java.time.Instant.parse(iso).toEpochMilli();
    }

    String timeFilter() {
        return "time >= " + (startMs - 600_000) + "ms AND time <= " + (startMs + 1_800_000) + "ms";
    }

    JsonNode query(String q) throws Exception {
        return Json.MAPPER.readTree(stack.influx().query("holter", q));
    }

    @Test
    void influxDb_refusesAnonymousReadsAndTheReaderWrites() throws Exception {
        var influx = stack.influx();
        assertThat(influx.secure()).isTrue();
        assertThat(influx.url()).startsWith("https://");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> influx.queryAnonymously(
                "holter", "SELECT count(\"bpm\") FROM \"heart_rate\"")).hasMessageContaining("401");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.openholter.core.sinks.InfluxQuery.run(
                influx.url().replace("https:", "http:"), "holter", "SHOW DATABASES", null, null)).as("plain HTTP").isInstanceOf(java.io.IOException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> influx.queryAs(org.openholter.launcher.services.InfluxServer.READER, "holter",
                "DROP MEASUREMENT \"heart_rate\"")).hasMessageContaining("403");
    }

    List<byte[]> readTopic(String topic, long idleMillis) {
        return KafkaTopics.readAll(stack.kafka(), topic, true, 0, idleMillis, 120_000).stream()
                .map(ConsumerRecord::value).toList();
    }

    @Test
    void everyScriptedEpisode_raisesExactlyOneAlarm_evenAcrossTheRestart_andNormalPatientsNone() {
        Map<String, List<AlarmEvent>> raised = alarms.stream().filter(a -> a.state().equals(AlarmEvent.RAISED))
                .collect(Collectors.groupingBy(AlarmEvent::deviceId));
        for (int i = 0; i < SCENARIOS.size(); i++) {
            String device = fleet.patients().get(i).deviceId;
            List<String> types = raised.getOrDefault(device, List.of()).stream().map(AlarmEvent::type).sorted().toList();
            Set<String> allowed = ALLOWED.get(i);
            List<String> required = types.stream().filter(t -> !allowed.contains(t)).toList();
            assertThat(required).as("%s (%s) alarms %s", device, SCENARIOS.get(i), raised.get(device))
                    .containsExactlyInAnyOrderElementsOf(EXPECTED.get(i).stream().filter(t -> !allowed.contains(t)).toList());
            assertThat(types.stream().filter(t -> !allowed.contains(t)).toList()).as("%s: each alarm type raised once", device).doesNotHaveDuplicates();
        }
        Map<String, Map<String, Long>> steps = alarms.stream().collect(Collectors.groupingBy(AlarmEvent::id,
                Collectors.groupingBy(AlarmEvent::state, Collectors.counting())));
        steps.forEach((id, byState) -> {
            // A raise the pulse vetoed is a VETOED event alone; every other episode is raised exactly once.
            if (!byState.keySet().equals(Set.of(AlarmEvent.VETOED))) assertThat(byState.get(AlarmEvent.RAISED)).as("raises of %s", id).isEqualTo(1L);
            byState.forEach((state, n) -> assertThat(n).as("%s of %s", state, id).isEqualTo(1L));
        });
    }

    @Test
    void theArtefactsFalseVf_isVetoedByThePulse_onKafkaAndInInfluxDb() throws Exception {
        String device = fleet.patients().get(SCENARIOS.indexOf("artifact")).deviceId;
        List<AlarmEvent> own = alarms.stream().filter(a -> a.deviceId().equals(device)).toList();
        assertThat(own).as("the artefact patient's alarm events").anyMatch(a -> a.state().equals(AlarmEvent.VETOED) && a.type().equals("VFIB")
                && a.message().contains("pulse goes on"));
        assertThat(own).noneMatch(a -> a.state().equals(AlarmEvent.RAISED) && a.priority().equals("HIGH"));
        JsonNode r = query("SELECT count(\"step\") FROM \"alarm\" WHERE \"device\" = '" + device + "' AND \"state\" = 'VETOED' AND " + timeFilter());
        assertThat(r.path("results").path(0).path("series").path(0).path("values").path(0).path(1).asLong()).as("vetoes in InfluxDB").isPositive();
    }

    @Test
    void alarmsCommittedBeforeTheRestart_areNotRaisedAgainAfterIt() {
        List<AlarmEvent> before = committedBeforeRestart.stream().filter(a -> a.state().equals(AlarmEvent.RAISED)).toList();
        assertThat(before).as("alarms committed before the restart").hasSizeGreaterThanOrEqualTo(RESTART_AFTER_ALARMS);
        for (AlarmEvent a : before) {
            assertThat(alarms.stream().filter(x -> x.id().equals(a.id()) && x.state().equals(AlarmEvent.RAISED)))
                    .as("raises of %s in the whole run", a.id()).hasSize(1);
        }
    }

    @Test
    void everyCommittedAlarm_reachesTheDeviceAndTheWardOverMqtt() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && mqttAlarms.getOrDefault("ward", List.of()).size() < alarms.size()) Thread.sleep(200);
        Set<String> committed = alarms.stream().map(a -> a.id() + "/" + a.state()).collect(Collectors.toSet());
        for (String kind : List.of("device", "ward")) {
            Set<String> got = mqttAlarms.getOrDefault(kind, List.of()).stream().map(a -> a.id() + "/" + a.state()).collect(Collectors.toSet());
            assertThat(got).as("alarms on the %s topics", kind).isEqualTo(committed);
        }
        assertThat(mqttAlarms.get("ward")).allMatch(a -> a.ward().equals("ward-a"));
    }

    @Test
    void alarmOnsets_matchTheScript() {
        for (int i = 0; i < SCENARIOS.size(); i++) {
            Fleet.Patient p = fleet.patients().get(i);
            if (EXPECTED.get(i).isEmpty()) continue;
            List<TruthEpisode> eps = ((SyntheticPatient) p.device).synthesizer().episodes();
            for (AlarmEvent a : alarms) {
                if (!a.deviceId().equals(p.deviceId) || !a.state().equals(AlarmEvent.RAISED)) continue;
                double onset = seconds(p, a.onsetMillis());
                boolean matches = eps.stream().anyMatch(e -> switch (a.type()) {
                    case "ASYSTOLE", "PAUSE" -> e.rhythm() == Rhythm.ASYSTOLE && Math.abs(onset - e.lastQrsBeforeS()) < 2;
                    case "EXTREME_BRADY" -> e.rateBpm() < 40 && onset >= e.startS() - 3 && onset < e.endS();
                    case "HR_LOW" -> e.rateBpm() < 50 && onset >= e.startS() - 10 && onset < e.endS();
                    case "HR_HIGH" -> e.rateBpm() > 120 && onset >= e.startS() - 10 && onset < e.endS();
                    case "AFIB" -> e.rhythm() == Rhythm.AF && onset >= e.startS() - 3 && onset < e.endS();
                    case "LEAD_OFF" -> e.rhythm() == Rhythm.LEAD_OFF && onset >= e.startS() - 6 && onset < e.endS();
                    default -> e.rateBpm() > 140 && onset >= e.startS() - 3 && onset < e.endS();
                });
                assertThat(matches).as("%s onset %.1f s matches a scripted episode %s", a, onset, eps).isTrue();
            }
        }
    }

    @Test
    void heartRate_isWithinTwoBpmOfTheScriptInCleanSinusStretches() throws Exception {
        int checked = 0;
        for (Fleet.Patient p : fleet.patients()) {
            var synth = ((SyntheticPatient) p.device).synthesizer();
            JsonNode r = query("SELECT \"bpm\" FROM \"heart_rate\" WHERE \"device\" = '" + p.deviceId + "' AND " + timeFilter());
            for (JsonNode v : r.path("results").get(0).path("series").get(0).path("values")) {
                if (v.get(1).isNull()) continue;
                double end = seconds(p, Instant(v.get(0).asText())) + 2, start = end - 10;
                var a = synth.segmentAt(Math.max(0, start - 2));
                var b = synth.segmentAt(end + 2);
                if (a == null || a != b || a.rhythm() != Rhythm.SINUS || start < 2) continue;
                assertThat(v.get(1).asDouble()).as("%s window ending %.0f s", p.deviceId, end).isCloseTo(a.rateBpm(), within(2.0));
                checked++;
            }
        }
        assertThat(checked).as("windows checked").isGreaterThan(100);
    }

    /** The wave layer runs in the job: every clean sinus stretch carries plausible PR, QRS, QT and QTc medians. */
    @Test
    void intervals_areReportedForCleanSinusStretches() throws Exception {
        int stretches = 0, measured = 0;
        for (Fleet.Patient p : fleet.patients()) {
            var synth = ((SyntheticPatient) p.device).synthesizer();
            JsonNode r = query("SELECT \"analyzer\", \"pr_ms\", \"qrs_ms\", \"qt_ms\", \"qtc_bazett_ms\" FROM \"heart_rate\" WHERE \"device\" = '"
                    + p.deviceId + "' AND " + timeFilter());
            for (JsonNode v : r.path("results").get(0).path("series").get(0).path("values")) {
                double end = seconds(p, Instant(v.get(0).asText())) + 2, start = end - 10;
                var a = synth.segmentAt(Math.max(0, start - 2));
                if (a == null || a != synth.segmentAt(end + 2) || a.rhythm() != Rhythm.SINUS || start < 2) continue;
                stretches++;
                assertThat(v.get(1).asText()).isEqualTo("classic-qrs+beats+delineation");
                if (v.get(4).isNull()) continue;
                measured++;
                String at = p.deviceId + " stretch ending " + Math.round(end) + " s at " + a.rateBpm() + " bpm";
                // The synthesizer's T wave ends about 260·√RR + 180 ms after the QRS onset; its PR is 160 ms and its QRS ~100 ms.
                double rr = 60.0 / a.rateBpm(), qt = 260 * Math.sqrt(rr) + 180;
                if (!v.get(2).isNull()) assertThat(v.get(2).asDouble()).as("PR, " + at).isBetween(120.0, 220.0);
                assertThat(v.get(3).asDouble()).as("QRS, " + at).isBetween(70.0, 130.0);
                assertThat(v.get(4).asDouble()).as("QT, " + at).isBetween(qt - 80, qt + 40);
                assertThat(v.get(5).asDouble()).as("QTc (Bazett), " + at).isCloseTo(v.get(4).asDouble() / Math.sqrt(rr), within(40.0));
            }
        }
        assertThat(stretches).as("clean sinus stretches").isGreaterThan(100);
        assertThat(measured).as("stretches with intervals").isGreaterThan((int) (0.9 * stretches));
    }

    /**
     * The codec topic: per device and segment, the stretches follow each other sample-exactly from sample 0 (the
     * job restart in the middle may repeat a message, never lose or shift one), cover the whole stream, and the
     * layers say what the script played.
     */
    @Test
    void codecTopic_isSeamlessPerPatient() {
        Map<String, java.util.TreeMap<Long, CodecSlice>> byDevice = new HashMap<>();
        for (byte[] v : readTopic(Topics.KAFKA_CODEC, 3000)) {
            CodecJson.Message m = CodecJson.parse(v);
            assertThat(m.segment()).as("one stream segment per device (no long gaps in this run)").isZero();
            CodecSlice old = byDevice.computeIfAbsent(m.device(), k -> new java.util.TreeMap<>()).put(m.slice().firstSample(), m.slice());
            if (old != null) assertThat(old.wave()).as("a repeated message carries the same labels").isEqualTo(m.slice().wave());
        }
        assertThat(byDevice).hasSize(fleet.patients().size());
        for (int i = 0; i < SCENARIOS.size(); i++) {
            Fleet.Patient p = fleet.patients().get(i);
            long next = 0;
            StringBuilder wave = new StringBuilder(), rhythm = new StringBuilder();
            for (CodecSlice s : byDevice.get(p.deviceId).values()) {
                assertThat(s.firstSample()).as("%s: stretch follows its predecessor", p.deviceId).isEqualTo(next);
                assertThat(s.sampleRateHz()).isEqualTo(250);
                next += s.length();
                wave.append(Layers.render(s.wave(), Layers.FRAME_CHARS));
                rhythm.append(Layers.render(s.rhythm(), Layers.RHYTHM_CHARS));
            }
            assertThat(next / 250.0).as("%s: seconds covered", p.deviceId).isGreaterThan(SECONDS - 3);
            if (SCENARIOS.get(i).equals("normal")) {
                assertThat(wave.toString()).as(p.deviceId).contains("p", "Q", "t");
                long sinus = rhythm.chars().filter(c -> c == 'S').count();
                assertThat(sinus / (double) rhythm.length()).as("%s: sinus share of the rhythm layer", p.deviceId).isGreaterThan(0.9);
            }
            if (SCENARIOS.get(i).equals("af")) assertThat(rhythm.toString()).as(p.deviceId).contains("F");
            if (SCENARIOS.get(i).equals("asystole")) assertThat(rhythm.toString()).as(p.deviceId).contains("_");
        }
    }

    /** The events topic: the AF patient's AF episode begins (30 s into AF) and only that patient has one. */
    @Test
    void eventsTopic_hasTheAfPatientsEpisodeAndNoOther() throws Exception {
        Map<String, List<JsonNode>> byDevice = new HashMap<>();
        for (byte[] v : readTopic(Topics.KAFKA_EVENTS, 3000)) {
            JsonNode e = Json.MAPPER.readTree(v);
            assertThat(e.path("type").asText()).isEqualTo("AF_EPISODE");
            byDevice.computeIfAbsent(e.path("device").asText(), k -> new ArrayList<>()).add(e);
        }
        String af = fleet.patients().get(SCENARIOS.indexOf("af")).deviceId;
        assertThat(byDevice.keySet()).containsExactly(af);
        JsonNode onset = byDevice.get(af).stream().filter(e -> e.path("state").asText().equals("onset")).findFirst().orElseThrow();
        assertThat(onset.path("duration_s").asDouble()).isEqualTo(30.0);
        assertThat(seconds(fleet.patients().get(SCENARIOS.indexOf("af")), onset.path("onset_ms").asLong())).as("AF from the start, found within 40 s").isLessThan(40);
    }

    @Test
    void malformedFrames_landInTheDeadLetterTopicWithTheirReason() {
        long injected = fleet.patients().stream().mapToLong(p -> p.malformed.get()).sum();
        assertThat(injected).isGreaterThan(10);
        assertThat(deadLetters).hasSize((int) injected);
        assertThat(deadLetters).extracting(DeadLetter::reason).allMatch(r -> Set.of("BAD_CRC", "DEVICE_MISMATCH",
                "BAD_SAMPLE_RATE", "TOO_SHORT", "MALFORMED", "BAD_JSON").contains(r));
        var m = stack.gateway().metrics();
        assertThat(m.rejectedFor(org.openholter.wire.RejectReason.FORBIDDEN)).as("the nurse's LIMITS command").isEqualTo(1);
        assertThat(m.commandsRefused.sum()).isEqualTo(1);
        assertThat(m.rejectedTotal() - m.rejectedFor(org.openholter.wire.RejectReason.FORBIDDEN)).isEqualTo(injected);
    }

    @Test
    void everyDashboardQuery_answersWithData() throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put("ward", "ward-a");
        values.put("device", fleet.patients().get(9).deviceId);
        values.put("bed", fleet.patients().get(9).deviceId);
        int ran = 0;
        List<String> failures = new ArrayList<>();
        for (Dashboards.Dashboard d : Dashboards.load(Dashboards.directory(Path.of(System.getProperty("openholter.root", ".."))))) {
            for (Dashboards.Query q : Dashboards.queries(d)) {
                String sql = Dashboards.render(q.text(), timeFilter(), "10s", values);
                // As Grafana's read-only user: the dashboards must work with no more rights than that.
                JsonNode r = Json.MAPPER.readTree(stack.influx().queryAs(org.openholter.launcher.services.InfluxServer.READER, "holter", sql));
                JsonNode res = r.path("results").get(0);
                if (res.has("error")) failures.add(q + ": " + res.get("error").asText() + "\n    " + sql);
                else if (!res.has("series") || res.get("series").isEmpty() || res.get("series").get(0).path("values").isEmpty()) {
                    failures.add(q + ": empty result\n    " + sql);
                }
                ran++;
            }
        }
        assertThat(failures).as("dashboard queries that failed").isEmpty();
        assertThat(ran).isGreaterThan(30);
    }
}
