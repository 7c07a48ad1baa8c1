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
            // Authorised as well as authenticated: each account does its own part and nothing else.
            kafka.createAcls(org.openholter.launcher.services.KafkaAccess.holter("openholter-job", "openholter-gateway-alarms", "openholter-job-alarms"));
            assertThat(send(kafka, KafkaBroker.GATEWAY, org.openholter.wire.Topics.KAFKA_FRAMES)).as("the gateway writes frames").isNull();
            assertThat(send(kafka, KafkaBroker.JOB, org.openholter.wire.Topics.KAFKA_COMMANDS)).as("the job writes an alarm command")
                    .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
            assertThat(send(kafka, KafkaBroker.GATEWAY, org.openholter.wire.Topics.KAFKA_ALARMS)).as("the gateway writes an alarm")
                    .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
            Properties reader = kafka.clientProperties(KafkaBroker.GATEWAY);
            reader.put("group.id", "openholter-gateway-alarms");
            reader.put("key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
            reader.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
            try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(reader)) {
                c.subscribe(java.util.List.of(org.openholter.wire.Topics.KAFKA_FRAMES));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                    for (int i = 0; i < 20; i++) c.poll(java.time.Duration.ofMillis(500));
                }).as("the gateway reads patients' frames back").isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
            }
            String config = java.nio.file.Files.readString(kafka.clientConfig(KafkaBroker.JOB));
            assertThat(config).contains("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(kafka.clientConfig(KafkaBroker.JOB))))
                    .isEqualTo("rw-------");
        }
    }

    /** Produces one record as {@code user}: null when Kafka took it, else why not. */
    private static Throwable send(KafkaBroker kafka, String user, String topic) {
        Properties p = kafka.clientProperties(user);
        p.put("key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        p.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        p.put("max.block.ms", "10000");
        p.put("delivery.timeout.ms", "15000");
        p.put("request.timeout.ms", "5000");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(p)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, new byte[] {1}, new byte[] {2})).get(20, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }
}
