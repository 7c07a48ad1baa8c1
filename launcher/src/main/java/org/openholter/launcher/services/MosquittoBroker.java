package org.openholter.launcher.services;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import org.openholter.core.config.TlsFiles;
import org.openholter.wire.Topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Debian's Mosquitto on loopback, configured for a telemetry gateway (deep queues, wide in-flight window). Secure (the
 * default of the demo and the tests): TLS only, with a test CA made at start-up, on two listeners (password users;
 * client certificates, whose common name is the user), no anonymous client, and the ACL of {@link BrokerAccess}.
 */
public final class MosquittoBroker extends ChildProcess {
    private final int port, certificatePort;
    private final BrokerAccess access;

    private MosquittoBroker(List<String> cmd, Path log, int port, int certificatePort, BrokerAccess access) throws IOException {
        super("mosquitto", cmd, log, null);
        this.port = port;
        this.certificatePort = certificatePort;
        this.access = access;
    }

    /** Plain MQTT, anonymous clients allowed: only for a machine nobody else reaches. */
    public static MosquittoBroker start(Path dir, int preferredPort) throws IOException {
        return start(dir, preferredPort, false);
    }

    /** Secure with a test CA of its own, or open. */
    public static MosquittoBroker start(Path dir, int preferredPort, boolean secure) throws IOException {
        return start(dir, preferredPort, secure ? TestCa.create(dir.resolve("tls")) : null);
    }

    /** Secure with certificates from {@code ca}, or open when it is null. */
    public static MosquittoBroker start(Path dir, int preferredPort, TestCa ca) throws IOException {
        boolean secure = ca != null;
        Files.createDirectories(dir);
        int port = freePort(preferredPort);
        List<String> conf = new ArrayList<>(List.of(
                // Sessions, queued messages and retained statuses survive a broker restart; saved every second, so a
                // crash loses at most the last second's changes.
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_interval 1",
                // A gateway that falls behind must not lose QoS 1 messages: no queue limit per session.
                "max_queued_messages 0",
                "max_inflight_messages 1000",
                // A client sending a larger packet is disconnected: no valid frame comes near 1 MiB (the gateway refuses
                // anything over 256 KiB as OVERSIZED, counted), and a broker that buffers any size can be made to run out of memory.
                "max_packet_size 1048576",
                "set_tcp_nodelay true",
                "max_keepalive 120"));
        BrokerAccess access = null;
        int certificatePort = -1;
        if (secure) {
            TestCa.Issued server = ca.server("mosquitto");
            access = BrokerAccess.create(dir.resolve("access"), Topics.DEFAULT_ROOT, ca);
            certificatePort = freePort(preferredPort > 0 ? preferredPort + 1 : 0);
            // Run as whoever started us: as root, Mosquitto would otherwise switch to its own user, who cannot read the
            // owner-only keys and password files.
            conf.add("user " + System.getProperty("user.name"));
            // One set of rules for both listeners. Not per_listener_settings: with it, Mosquitto 2.0 stores no
            // messages for a persistent session that is offline (its issues 2526, 2618) and, after a restart from
            // its persistence file, refused every login here.
            conf.addAll(List.of("allow_anonymous false", "password_file " + access.passwordFile(), "acl_file " + access.aclFile()));
            for (int listener : new int[] {port, certificatePort}) {
                conf.addAll(List.of("", "listener " + listener + " 127.0.0.1", "cafile " + ca.certificate(),
                        "certfile " + server.certificate(), "keyfile " + server.key(), "tls_version tlsv1.2"));
                // The certificate listener: the certificate's common name is the user, and no password is asked.
                if (listener == certificatePort) conf.addAll(List.of("require_certificate true", "use_identity_as_username true"));
            }
        } else {
            conf.add(0, "listener " + port + " 127.0.0.1");
            conf.add(1, "allow_anonymous true");
        }
        Path file = dir.resolve("mosquitto.conf");
        Files.writeString(file, String.join("\n", conf) + "\n");
        String exe = executable("mosquitto", "mosquitto");
        MosquittoBroker b = new MosquittoBroker(List.of(exe, "-c", file.toString()), dir.resolve("mosquitto.log"), port, certificatePort, access);
        int cp = certificatePort;
        b.awaitReady(() -> portOpen(port) && (cp < 0 || portOpen(cp)), Duration.ofSeconds(10));
        return b;
    }

    /** Starts the broker again after a crash (same ports and files) and waits until it listens. */
    public void recover() throws IOException {
        restart();
        awaitReady(() -> portOpen(port) && (certificatePort < 0 || portOpen(certificatePort)), Duration.ofSeconds(10));
    }

    /** The port of plain MQTT, or of MQTT over TLS with passwords when secure. */
    public int port() { return port; }

    /** The port where clients authenticate by certificate (secure only; else -1). */
    public int certificatePort() { return certificatePort; }

    public boolean secure() { return access != null; }

    /** The accounts, files and CA of a secure broker (null when not secure). */
    public BrokerAccess access() { return access; }

    /**
     * Enrols devices on a secure broker (passwords; certificates for those in {@code withCertificate}), reloads its
     * files and waits until it takes the new passwords. Nothing to do on an open broker.
     */
    public void enrol(Collection<String> devices, Set<String> withCertificate) throws IOException {
        if (access == null || !access.enrol(devices, withCertificate)) return;
        signal("HUP");
        String probe = devices.stream().filter(d -> !withCertificate.contains(d)).reduce((a, b) -> b).orElseThrow();
        awaitReady(() -> accepts(probe, access.password(probe)), Duration.ofSeconds(15));
    }

    /** Adds the fuzz bench's account ({@link BrokerAccess#enrolFrameFuzzer}), reloads, and returns its password. */
    public String enrolFrameFuzzer(String identity) throws IOException {
        if (access == null) return null;
        String password = access.enrolFrameFuzzer(identity);
        signal("HUP");
        awaitReady(() -> accepts(identity, password), Duration.ofSeconds(15));
        return password;
    }

    /** Whether the broker takes {@code user} / {@code password} now (over TLS, trusting the test CA). */
    public boolean accepts(String user, String password) {
        try {
            Mqtt5BlockingClient c = Mqtt5Client.builder().identifier("probe-" + System.nanoTime()).serverHost("127.0.0.1").serverPort(port)
                    .sslConfig(tls()).buildBlocking();
            c.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
            c.disconnect();
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** TLS for a client of this broker: trusting the test CA (null when not secure). */
    public MqttClientSslConfig tls() {
        return access == null ? null : MqttClientSslConfig.builder().trustManagerFactory(TlsFiles.trust(access.caFile())).build();
    }

    /**
     * The simulator's flags to reach this broker: the port, and when secure TLS with the test CA, the devices'
     * passwords and certificates, and the certificate listener.
     */
    public List<String> deviceFlags() {
        List<String> f = new ArrayList<>(List.of("--mqtt.port", String.valueOf(port)));
        if (access != null) {
            f.addAll(List.of("--mqtt.tls", "true", "--mqtt.ca-file", access.caFile().toString(),
                    "--mqtt.credentials", access.deviceCredentialsFile().toString(),
                    "--mqtt.cert-dir", access.certificateDir().toString(), "--mqtt.cert-port", String.valueOf(certificatePort)));
        }
        return f;
    }

    /** The gateway's flags to reach this broker (see {@link #deviceFlags}); the password comes from a file. */
    public List<String> gatewayFlags() {
        List<String> f = new ArrayList<>(List.of("--mqtt.port", String.valueOf(port)));
        if (access != null) {
            f.addAll(List.of("--mqtt.tls", "true", "--mqtt.ca-file", access.caFile().toString(), "--mqtt.user", BrokerAccess.GATEWAY,
                    "--mqtt.password-file", access.gatewayPasswordFile().toString(), "--auth.clinicians", access.cliniciansFile().toString()));
        }
        return f;
    }
}
