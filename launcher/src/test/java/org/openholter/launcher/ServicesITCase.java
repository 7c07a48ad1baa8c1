package org.openholter.launcher;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.launcher.services.InfluxServer;
import org.openholter.launcher.services.KafkaBroker;
import org.openholter.launcher.services.MosquittoBroker;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ServicesITCase {
    @Test
    void realBrokers_startAnswerAndStop(@TempDir Path dir) throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0, 3);
             MosquittoBroker mqtt = MosquittoBroker.start(dir.resolve("mqtt"), 0);
             InfluxServer influx = InfluxServer.start(dir.resolve("influx"), 0, "holter")) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            try (Admin a = Admin.create(p)) {
                assertThat(a.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(influx.query(null, "SHOW DATABASES")).contains("holter");
            assertThat(mqtt.alive()).isTrue();
            kafka.close();
            assertThat(kafka.alive()).isFalse();
        }
    }
}
