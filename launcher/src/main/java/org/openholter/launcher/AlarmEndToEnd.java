package org.openholter.launcher;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.openholter.core.alarms.AlarmType;
import org.openholter.core.synth.TruthEpisode;
import org.openholter.simulator.Fleet;
import org.openholter.simulator.SyntheticPatient;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The alarm latency a nurse sees: simulated patients play scripted events in real time through the whole stack
 * (simulator → Mosquitto → gateway → Kafka → Flink job → Kafka {@code ecg.alarms}, committed at a checkpoint → gateway →
 * MQTT), and a central-station client on MQTT notes when each alarm arrives. The device clock is the wall clock, so the
 * latency is the arrival time minus the event's onset on the device, including the device's frame, every hop and the
 * exactly-once commit.
 */
final class AlarmEndToEnd {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmEndToEnd.class);

    private AlarmEndToEnd() {}

    /** An alarm message and when it reached the station (wall clock, ms). */
    private record Arrival(AlarmEvent event, long atMillis) {}

    /** Latencies (s) per type of the first matching alarm raise of each scripted patient; a patient with none adds nothing. */
    static Map<AlarmType, List<Double>> measure(String analyzer, Map<AlarmType, String> scripts, int perType, double frameSeconds, Path dir)
            throws Exception {
        HolterCli.wipe(dir);
        List<AlarmType> types = new ArrayList<>();
        List<String> scenarios = new ArrayList<>();
        for (int k = 0; k < perType; k++) {
            for (Map.Entry<AlarmType, String> e : scripts.entrySet()) { types.add(e.getKey()); scenarios.add(e.getValue()); }
        }
        double seconds = scripts.values().stream().mapToDouble(s -> org.openholter.core.synth.Scenario.parse(s).seconds()).max().orElse(120);
        // Production checkpointing (2 s): alarms reach ecg.alarms, and so MQTT, when their checkpoint completes.
        try (Stack stack = new Stack(new Stack.Options(dir, false, 4, 2000, 2, "holter", analyzer))) {
            stack.startServices().startGateway().startJob(null);
            List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
            Mqtt5BlockingClient station = stack.station("cn-tom");
            try {
                station.toAsync().subscribeWith().topicFilter(new Topics(Topics.DEFAULT_ROOT).deviceAlarm("+")).qos(MqttQos.AT_LEAST_ONCE)
                        .callback(m -> arrivals.add(new Arrival(AlarmEvent.fromJson(m.getPayloadAsBytes()), System.currentTimeMillis())))
                        .send().get();
                try (Fleet fleet = stack.fleet(
                        "--patients", String.valueOf(scenarios.size()), "--scenarios", String.join(";", scenarios),
                        "--duration-s", String.valueOf(seconds), "--speed", "1", "--seed", "7", "--device-prefix", "e2e",
                        "--frame-seconds", String.valueOf(frameSeconds))) {
                    fleet.start();
                    LOG.info("{} patients play their scripted events in real time ({} s)", scenarios.size(), seconds);
                    if (!fleet.awaitDone(Math.round(seconds * 1000) + 120_000)) throw new IllegalStateException("the fleet did not finish");
                    Thread.sleep(15_000); // the last windows, checkpoints and forwards
                    Map<AlarmType, List<Double>> out = new EnumMap<>(AlarmType.class);
                    for (int i = 0; i < scenarios.size(); i++) {
                        Fleet.Patient p = fleet.patients().get(i);
                        SyntheticPatient sp = (SyntheticPatient) p.device;
                        TruthEpisode ep = sp.synthesizer().episodes().get(1);
                        long onsetMs = sp.startMicros() / 1000 + Math.round(AlarmBench.onsetS(ep) * 1000);
                        AlarmType type = types.get(i);
                        long endMs = sp.startMicros() / 1000 + Math.round((ep.endS() + 2) * 1000);
                        Double latency = null;
                        synchronized (arrivals) {
                            for (Arrival a : arrivals) {
                                AlarmEvent e = a.event();
                                if (e.deviceId().equals(p.deviceId) && e.type().equals(type.name()) && e.state().equals(AlarmEvent.RAISED)
                                        && a.atMillis() >= onsetMs && e.onsetMillis() < endMs) {
                                    latency = (a.atMillis() - onsetMs) / 1000.0;
                                    break;
                                }
                            }
                        }
                        if (latency != null) out.computeIfAbsent(type, t -> new ArrayList<>()).add(latency);
                        else LOG.warn("{} ({}): no {} alarm arrived over MQTT", p.deviceId, scenarios.get(i), type);
                    }
                    return out;
                }
            } finally {
                station.disconnect();
            }
        }
    }
}
