package org.openholter.launcher;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.gateway.Gateway;
import org.openholter.gateway.GatewayConfig;
import org.openholter.launcher.services.KafkaBroker;
import org.openholter.launcher.services.MosquittoBroker;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.Topics;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway against a real Mosquitto and a real Kafka broker. */
class GatewayITCase {
    static final long T0 = 1_732_252_800_000_000L;
    final Topics topics = new Topics(Topics.DEFAULT_ROOT);

    static EcgFrame frame(String device, int k) {
        int[] s = new int[250];
        for (int i = 0; i < s.length; i++) s[i] = k * 1000 + i;
        return new EcgFrame(device, k, T0 + k * 1_000_000L, 250, new String[] {"II"}, new float[] {200}, new int[] {0}, 0, new int[][] {s});
    }

    static Gateway gateway(MosquittoBroker mqtt, KafkaBroker kafka, String id) throws Exception {
        Gateway g = new Gateway(GatewayConfig.from(new String[] {"--mqtt.port", String.valueOf(mqtt.port()), "--mqtt.client-id", id,
                "--kafka.bootstrap", kafka.bootstrap(), "--kafka.create-partitions", "2", "--alarms.forward", "false"}, Map.of()),
                Clock.systemUTC());
        g.start();
        return g;
    }

    /** Frames on ecg.frames, per device, in Kafka order: (sequence); records beyond {@code expected} under "extra". */
    static Map<String, List<Long>> framesInKafka(KafkaBroker kafka, int expected) {
        Map<String, List<Long>> out = new HashMap<>();
        int n = 0;
        for (var r : KafkaTopics.readAll(kafka, Topics.KAFKA_FRAMES, false, expected, 2000, 90_000)) {
            if (n++ >= expected) {
                out.computeIfAbsent("extra", k -> new ArrayList<>()).add(0L);
                continue;
            }
            EcgFrame f = BinaryFrameCodec.decode(r.value());
            assertThat(new String(r.key())).isEqualTo(f.deviceId());
            assertThat(r.timestamp()).isEqualTo(f.firstSampleMillis());
            out.computeIfAbsent(f.deviceId(), k -> new ArrayList<>()).add(f.sequence());
        }
        return out;
    }

    @Test
    void twoGatewaysInOneShareGroup_splitMqtt311Devices_andForwardEveryFrameOnce(@TempDir Path dir) throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0, 2);
             MosquittoBroker mqtt = MosquittoBroker.start(dir.resolve("mqtt"), 0);
             Gateway a = gateway(mqtt, kafka, "gw-a");
             Gateway b = gateway(mqtt, kafka, "gw-b")) {
            List<Mqtt3BlockingClient> devices = new ArrayList<>();
            for (int d = 0; d < 6; d++) {
                Mqtt3BlockingClient c = Mqtt3Client.builder().identifier("dev-" + d).serverHost("127.0.0.1").serverPort(mqtt.port()).buildBlocking();
                c.connect();
                devices.add(c);
            }
            for (int k = 0; k < 40; k++) {
                for (int d = 0; d < 6; d++) {
                    devices.get(d).publishWith().topic(topics.frame("dev-" + d)).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(BinaryFrameCodec.encode(frame("dev-" + d, k))).send();
                }
            }
            devices.forEach(Mqtt3BlockingClient::disconnect);
            Map<String, List<Long>> got = framesInKafka(kafka, 240);
            assertThat(got).doesNotContainKey("extra");
            for (int d = 0; d < 6; d++) assertThat(got.get("dev-" + d)).as("dev-%d", d).hasSize(40).doesNotHaveDuplicates();
            long fa = a.metrics().forwarded.sum(), fb = b.metrics().forwarded.sum();
            assertThat(fa + fb).isEqualTo(240);
            assertThat(fa).as("gateway a's share").isPositive();
            assertThat(fb).as("gateway b's share").isPositive();
        }
    }

    /** Values of a Kafka topic, from the beginning, until it stays quiet for 2 s. */
    static List<String> topic(KafkaBroker kafka, String topic, int atLeast) {
        return KafkaTopics.readAll(kafka, topic, false, atLeast, 2000, 30_000).stream()
                .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    @Test
    void statusAndLastWill_reachKafka_badStatusIsDeadLettered(@TempDir Path dir) throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0, 2);
             MosquittoBroker mqtt = MosquittoBroker.start(dir.resolve("mqtt"), 0);
             Gateway g = gateway(mqtt, kafka, "gw-status")) {
            var dev = com.hivemq.client.mqtt.mqtt5.Mqtt5Client.builder().identifier("bed-5").serverHost("127.0.0.1")
                    .serverPort(mqtt.port()).buildBlocking();
            dev.connectWith().willPublish().topic(topics.status("bed-5")).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("{\"device\":\"bed-5\",\"state\":\"offline\",\"ward\":\"icu\"}".getBytes()).applyWillPublish().send();
            dev.publishWith().topic(topics.status("bed-5")).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("{\"device\":\"bed-5\",\"state\":\"online\",\"ts_ms\":1732252800000,\"battery_pct\":80,\"lead_off\":[\"V1\"],\"ward\":\"icu\",\"bed\":\"5\"}".getBytes())
                    .send();
            dev.publishWith().topic(topics.status("bed-5")).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"device\":\"bed-6\",\"state\":\"online\"}".getBytes()).send();
            long before = System.currentTimeMillis();
            // The device vanishes: the broker publishes its last will.
            dev.disconnectWith().reasonCode(com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
            List<String> status = topic(kafka, Topics.KAFKA_STATUS, 2);
            assertThat(status).hasSize(2);
            var online = org.openholter.wire.DeviceStatus.fromJson(status.get(0).getBytes());
            assertThat(online.online()).isTrue();
            assertThat(online.leadOff()).containsExactly("V1");
            var offline = org.openholter.wire.DeviceStatus.fromJson(status.get(1).getBytes());
            assertThat(offline.online()).isFalse();
            assertThat(offline.timeMillis()).as("the gateway stamps a will with its arrival").isGreaterThanOrEqualTo(before);
            List<String> dlq = topic(kafka, Topics.KAFKA_DEAD_LETTER, 1);
            assertThat(dlq).hasSize(1);
            assertThat(org.openholter.wire.DeadLetter.fromJson(dlq.get(0).getBytes()).reason()).isEqualTo("DEVICE_MISMATCH");
            assertThat(g.metrics().statuses.sum()).isEqualTo(2);
        }
    }

    @Test
    void kafkaOutage_losesNoFrame_theMqttMessagesWaitUnacknowledged(@TempDir Path dir) throws Exception {
        MosquittoBroker mqtt = MosquittoBroker.start(dir.resolve("mqtt"), 0);
        KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0, 2);
        int port = kafka.port();
        try (mqtt; Gateway g = gateway(mqtt, kafka, "gw-outage")) {
            var dev = com.hivemq.client.mqtt.mqtt5.Mqtt5Client.builder().identifier("dev-x").serverHost("127.0.0.1")
                    .serverPort(mqtt.port()).buildBlocking();
            dev.connect();
            for (int k = 0; k < 10; k++) dev.publishWith().topic(topics.frame("dev-x")).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(BinaryFrameCodec.encode(frame("dev-x", k))).send();
            long deadline = System.currentTimeMillis() + 20_000;
            while (g.metrics().forwarded.sum() < 10 && System.currentTimeMillis() < deadline) Thread.sleep(50);
            kafka.close(); // Kafka goes down
            for (int k = 10; k < 30; k++) dev.publishWith().topic(topics.frame("dev-x")).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(BinaryFrameCodec.encode(frame("dev-x", k))).send();
            Thread.sleep(3000);
            assertThat(g.metrics().forwarded.sum()).as("nothing can be stored while Kafka is down").isEqualTo(10);
            kafka = KafkaBroker.start(dir.resolve("kafka"), port, 2); // same data, same port
            assertThat(kafka.port()).isEqualTo(port);
            deadline = System.currentTimeMillis() + 90_000;
            while (g.metrics().forwarded.sum() < 30 && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertThat(g.metrics().forwarded.sum()).isEqualTo(30);
            Map<String, List<Long>> got = framesInKafka(kafka, 30);
            assertThat(got.get("dev-x")).hasSize(30).doesNotHaveDuplicates();
            dev.disconnect();
        } finally {
            kafka.close();
        }
    }
}
