package org.openholter.gateway.alarms;

import org.junit.jupiter.api.Test;
import org.openholter.gateway.health.GatewayMetrics;
import org.openholter.gateway.mqtt.MqttLink;
import org.openholter.wire.Topics;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmForwarderTest {
    /** A forwarder whose consumer cannot even be made keeps its thread, counts and retries (it used to end silently). */
    @Test
    void aFailingLoopIsStartedAgain_andCounted() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", "no-such-host.invalid:9092"); // the consumer refuses to be made: no resolvable address
        GatewayMetrics m = new GatewayMetrics();
        MqttLink mqtt = new MqttLink(new MqttLink.Settings("127.0.0.1", 1, 5, "t", null, null, 0, 10));
        try (AlarmForwarder f = new AlarmForwarder(p, "g", "ecg.alarms", mqtt, new Topics("holter/v1"), m, Duration.ofMinutes(1), Clock.systemUTC())) {
            f.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (m.forwarderRestarts.sum() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(m.forwarderRestarts.sum()).isGreaterThanOrEqualTo(2);
            assertThat(f.alive()).isTrue();
            assertThat(m.toString()).contains("forwarder-restarts=");
        }
    }
}
