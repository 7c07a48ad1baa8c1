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

    /** The stack's secure Kafka: TLS and SCRAM accounts; a client without them, or with a wrong password, gets nothing. */
    @Test
    void secureKafka_answersItsAccountsOnly(@TempDir Path dir) throws Exception {
        org.openholter.launcher.services.TestCa ca = org.openholter.launcher.services.TestCa.create(dir.resolve("tls"));
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"), 0, 3, ca)) {
            assertThat(kafka.secure()).isTrue();
            for (String user : java.util.List.of(KafkaBroker.ADMIN, KafkaBroker.GATEWAY, KafkaBroker.JOB)) {
                try (Admin a = Admin.create(kafka.clientProperties(user))) {
                    assertThat(a.describeCluster().nodes().get(20, TimeUnit.SECONDS)).as(user).hasSize(1);
                }
            }
            Properties plain = new Properties();
            plain.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
            Properties wrong = kafka.clientProperties(KafkaBroker.GATEWAY);
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"holter-gateway\" password=\"guess\";");
            for (Properties p : java.util.List.of(plain, wrong)) {
                p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
                p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
                try (Admin a = Admin.create(p)) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.listTopics().names().get(10, TimeUnit.SECONDS))
                            .as(p.getProperty("sasl.jaas.config", "no login, no TLS"));
                }
            }
            String config = java.nio.file.Files.readString(kafka.clientConfig(KafkaBroker.JOB));
            assertThat(config).contains("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(kafka.clientConfig(KafkaBroker.JOB))))
                    .isEqualTo("rw-------");
        }
    }
}
