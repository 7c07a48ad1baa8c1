package org.openholter.launcher;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.config.TlsFiles;
import org.openholter.launcher.services.BrokerAccess;
import org.openholter.launcher.services.MosquittoBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo's and the tests' broker as a hospital network needs it: TLS only, no anonymous client, a wrong password
 * refused, and each identity confined by the ACL (a device to its own topics, a clinician to its own station topic).
 */
class MqttSecurityITCase {
    static Mqtt5BlockingClient connect(MosquittoBroker b, int port, String id, String user, String password, MqttClientSslConfig tls) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port).sslConfig(tls).buildBlocking();
        var connect = c.connectWith();
        if (user != null) connect.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        connect.send();
        return c;
    }

    /**
     * A publication the ACL forbids, from a fresh session of the client {@code connect} makes: the broker answers "not
     * authorized" and drops it (Mosquitto may also close the session); the caller checks that nobody received it.
     */
    static void refused(java.util.function.Supplier<Mqtt5BlockingClient> connect, String topic, String payload) {
        Mqtt5BlockingClient c = connect.get();
        assertThatThrownBy(() -> c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes()).send()).as(topic)
                .isInstanceOfAny(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException.class,
                        com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException.class);
        try {
            c.disconnect();
        } catch (RuntimeException alreadyClosed) {
            // the broker closed it
        }
    }

    @Test
    void devicesAndCliniciansAreAuthenticated_andConfinedToTheirOwnTopics(@TempDir Path dir) throws Exception {
        try (MosquittoBroker b = MosquittoBroker.start(dir, 0, true)) {
            b.enrol(List.of("dev-a", "dev-b", "dev-c"), Set.of("dev-c"));
            BrokerAccess access = b.access();
            assertThat(Files.readString(access.passwordFile())).as("passwords stored hashed").doesNotContain(access.password("dev-a"));
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(access.deviceCredentialsFile()))).isEqualTo("rw-------");

            // Nobody gets in without TLS, without a name, or with a wrong password.
            assertThatThrownBy(() -> connect(b, b.port(), "plain", "dev-a", access.password("dev-a"), null)).as("plain TCP");
            assertThatThrownBy(() -> connect(b, b.port(), "anon", null, null, b.tls())).as("anonymous");
            assertThatThrownBy(() -> connect(b, b.port(), "wrong", "dev-a", "not-the-password", b.tls())).as("wrong password");
            assertThatThrownBy(() -> connect(b, b.certificatePort(), "nocert", null, null, b.tls())).as("certificate port without a certificate");

            // The gateway sees what devices publish: on their own topics only.
            Mqtt5BlockingClient gateway = connect(b, b.port(), "gw", BrokerAccess.GATEWAY, access.password(BrokerAccess.GATEWAY), b.tls());
            List<String> seen = new CopyOnWriteArrayList<>();
            for (String f : List.of("holter/v1/dev/+/frame", "holter/v1/station/+/command")) {
                gateway.toAsync().subscribeWith().topicFilter("$share/holter-gw/" + f).qos(MqttQos.AT_LEAST_ONCE)
                        .callback(m -> seen.add(m.getTopic() + " " + new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8))).send().get();
            }
            java.util.function.Supplier<Mqtt5BlockingClient> aLogin = () -> connect(b, b.port(), "dev-a-" + System.nanoTime(), "dev-a", access.password("dev-a"), b.tls());
            Mqtt5BlockingClient a = aLogin.get();
            a.publishWith().topic("holter/v1/dev/dev-a/frame").qos(MqttQos.AT_LEAST_ONCE).payload("a-own".getBytes()).send();
            refused(aLogin, "holter/v1/dev/dev-b/frame", "a-as-b");
            refused(aLogin, "holter/v1/station/dev-a/command", "a-command");
            // A device with a certificate: its name is the certificate's, whatever it would like to be.
            Path certs = access.certificateDir();
            MqttClientSslConfig withCert = MqttClientSslConfig.builder().trustManagerFactory(TlsFiles.trust(access.caFile()))
                    .keyManagerFactory(TlsFiles.keys(certs.resolve("dev-c.crt"), certs.resolve("dev-c.key"))).build();
            java.util.function.Supplier<Mqtt5BlockingClient> cLogin = () -> connect(b, b.certificatePort(), "dev-c-" + System.nanoTime(), null, null, withCert);
            Mqtt5BlockingClient c = cLogin.get();
            c.publishWith().topic("holter/v1/dev/dev-c/frame").qos(MqttQos.AT_LEAST_ONCE).payload("c-own".getBytes()).send();
            refused(cLogin, "holter/v1/dev/dev-a/frame", "c-as-a");
            // Clinicians: their own station topic only.
            java.util.function.Supplier<Mqtt5BlockingClient> nurseLogin = () -> connect(b, b.port(), "nurse-" + System.nanoTime(), "nurse-ann", access.password("nurse-ann"), b.tls());
            Mqtt5BlockingClient nurse = nurseLogin.get();
            nurse.publishWith().topic("holter/v1/station/nurse-ann/command").qos(MqttQos.AT_LEAST_ONCE).payload("ann".getBytes()).send();
            refused(nurseLogin, "holter/v1/station/dr-bo/command", "ann-as-bo");
            refused(nurseLogin, "holter/v1/dev/dev-a/frame", "ann-as-a");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.size() < 3 && System.nanoTime() < deadline) Thread.sleep(50);
            Thread.sleep(500); // anything refused would have come by now
            assertThat(seen).containsExactlyInAnyOrder("holter/v1/dev/dev-a/frame a-own", "holter/v1/dev/dev-c/frame c-own",
                    "holter/v1/station/nurse-ann/command ann");
            for (Mqtt5BlockingClient x : List.of(a, c, nurse, gateway)) x.disconnect();

            // A crash and a restart change nobody's rights: the same accounts get in, the anonymous still do not. The
            // gateway's persistent session and a device are connected when the broker dies.
            Mqtt5BlockingClient persistent = Mqtt5Client.builder().identifier("gw-persistent").serverHost("127.0.0.1").serverPort(b.port())
                    .sslConfig(b.tls()).buildBlocking();
            persistent.connectWith().cleanStart(false).sessionExpiryInterval(3600).simpleAuth().username(BrokerAccess.GATEWAY)
                    .password(access.password(BrokerAccess.GATEWAY).getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
            persistent.subscribeWith().topicFilter("$share/holter-gw/holter/v1/dev/+/frame").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient live = aLogin.get();
            // The gateway's own link, which must log in again by itself when the broker comes back.
            var link = new org.openholter.gateway.mqtt.MqttLink(new org.openholter.gateway.mqtt.MqttLink.Settings("127.0.0.1", b.port(), 5,
                    "gw-link", BrokerAccess.GATEWAY, access.password(BrokerAccess.GATEWAY), 3600, 100, b.tls()));
            link.connect().get(10, TimeUnit.SECONDS);
            Thread.sleep(1500); // saved to the persistence file
            b.crash();
            b.recover();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!link.connected() && System.nanoTime() < until) Thread.sleep(100);
            assertThat(link.connected()).as("the gateway's link logged in again after the broker's restart").isTrue();
            link.disconnect().get(5, TimeUnit.SECONDS);
            connect(b, b.port(), "gw2", BrokerAccess.GATEWAY, access.password(BrokerAccess.GATEWAY), b.tls()).disconnect();
            connect(b, b.port(), "dev-a", "dev-a", access.password("dev-a"), b.tls()).disconnect();
            connect(b, b.certificatePort(), "dev-c", null, null, withCert).disconnect();
            assertThatThrownBy(() -> connect(b, b.port(), "anon2", null, null, b.tls())).as("anonymous after a restart");
        }
    }
}
