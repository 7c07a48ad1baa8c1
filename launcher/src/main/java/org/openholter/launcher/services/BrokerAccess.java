package org.openholter.launcher.services;

import org.openholter.wire.Topics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Who may do what on the demo's and the tests' MQTT broker, as Mosquitto files the project writes at start-up: a
 * password per device, the gateway and each clinician (random, kept in owner-only files of the work folder), client
 * certificates for the devices that use them, and the ACL that confines each one:
 * <ul>
 *   <li>a device (its user name, or its certificate's common name, is its device id) may publish only its own frame
 *       and status topics and read only its own alarm and command topics;</li>
 *   <li>the gateway reads every device's frames, statuses and commands and the station topics, and writes alarms;</li>
 *   <li>a clinician reads alarms and publishes commands on its own station topic only, so the gateway knows who sent
 *       them; the clinician directory (role and wards) is the gateway's.</li>
 * </ul>
 */
public final class BrokerAccess {
    public static final String GATEWAY = "holter-gateway";
    /** The demo's clinicians: identity, role, wards. */
    public static final List<List<String>> CLINICIANS = List.of(
            List.of("nurse-ann", "nurse", "ward-a"), List.of("nurse-bea", "nurse", "ward-b"),
            List.of("cn-tom", "charge-nurse", "*"), List.of("dr-bo", "physician", "*"));

    private final Path dir;
    private final String root;
    private final TestCa ca;
    private final Map<String, String> passwords = new LinkedHashMap<>(); // identity → password, every password user
    private final Map<String, String> devicePasswords = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Accounts added for a bench: identity → topics it may write. */
    private final Map<String, List<String>> testers = new LinkedHashMap<>();

    private BrokerAccess(Path dir, String root, TestCa ca) {
        this.dir = dir;
        this.root = root;
        this.ca = ca;
    }

    /** The gateway's and the clinicians' accounts, the clinician directory and the ACL, written to {@code dir}. */
    public static BrokerAccess create(Path dir, String topicRoot, TestCa ca) throws IOException {
        Files.createDirectories(dir);
        BrokerAccess a = new BrokerAccess(dir, new Topics(topicRoot).root(), ca);
        a.passwords.put(GATEWAY, a.newPassword());
        write(a.gatewayPasswordFile(), a.passwords.get(GATEWAY) + "\n");
        StringBuilder directory = new StringBuilder("# identity role wards (written by the launcher for the demo)\n");
        StringBuilder clinicianPasswords = new StringBuilder();
        for (List<String> c : CLINICIANS) {
            a.passwords.put(c.get(0), a.newPassword());
            directory.append(String.join(" ", c)).append('\n');
            clinicianPasswords.append(c.get(0)).append(' ').append(a.passwords.get(c.get(0))).append('\n');
        }
        Files.writeString(a.cliniciansFile(), directory);
        write(dir.resolve("clinicians.credentials"), clinicianPasswords.toString());
        Files.writeString(a.aclFile(), a.acl());
        write(a.deviceCredentialsFile(), ""); // none enrolled yet
        Files.createDirectories(a.certificateDir());
        a.writePasswords();
        return a;
    }

    private String newPassword() {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public Path caFile() { return ca.certificate(); }
    public Path passwordFile() { return dir.resolve("passwd"); }
    public Path aclFile() { return dir.resolve("acl"); }
    /** The gateway's password, alone on the first line (for its {@code --mqtt.password-file}). */
    public Path gatewayPasswordFile() { return dir.resolve("gateway.password"); }
    /** The gateway's clinician directory ({@code --auth.clinicians}). */
    public Path cliniciansFile() { return dir.resolve("clinicians"); }
    /** {@code device password} per line, for the simulator's {@code --mqtt.credentials}. */
    public Path deviceCredentialsFile() { return dir.resolve("devices.credentials"); }
    /** {@code <device>.crt} / {@code <device>.key} of the devices enrolled with certificates ({@code --mqtt.cert-dir}). */
    public Path certificateDir() { return dir.resolve("device-certs"); }

    /** The password of a clinician, the gateway or a device enrolled with one (tests and the demo's station). */
    public String password(String identity) {
        String p = passwords.get(identity);
        if (p == null) throw new IllegalArgumentException(identity + " has no password on this broker");
        return p;
    }

    /**
     * Gives each of {@code devices} a password, and those in {@code withCertificate} a client certificate instead;
     * returns whether anything changed (the broker must then reload its files).
     */
    public boolean enrol(Collection<String> devices, Set<String> withCertificate) throws IOException {
        boolean changed = false;
        for (String d : devices) {
            if (withCertificate.contains(d)) {
                Path crt = certificateDir().resolve(d + ".crt");
                if (Files.exists(crt)) continue;
                Files.createDirectories(certificateDir());
                TestCa.Issued issued = ca.client(d);
                Files.move(issued.certificate(), crt);
                Files.move(issued.key(), certificateDir().resolve(d + ".key"));
            } else {
                if (passwords.containsKey(d)) continue;
                String p = newPassword();
                passwords.put(d, p);
                devicePasswords.put(d, p);
                changed = true;
            }
        }
        if (!changed) return false;
        StringBuilder b = new StringBuilder();
        devicePasswords.forEach((d, p) -> b.append(d).append(' ').append(p).append('\n'));
        write(deviceCredentialsFile(), b.toString());
        writePasswords();
        return true;
    }

    /**
     * An account that may publish on every device's frame topics: the fuzz bench's stand-in for thousands of broken
     * devices at once. Never part of a deployment's ACL; only a bench adds it. Returns its password.
     */
    public String enrolFrameFuzzer(String identity) throws IOException {
        String p = passwords.computeIfAbsent(identity, i -> newPassword());
        testers.put(identity, List.of(root + "/dev/+/frame", root + "/dev/+/frame/json"));
        Files.writeString(aclFile(), acl());
        writePasswords();
        return p;
    }

    private String acl() {
        String dev = root + "/dev/";
        StringBuilder b = new StringBuilder("# Written by the launcher: devices are confined to their own topics (%u = user name or certificate name).\n");
        for (String t : List.of("frame", "frame/json", "status")) b.append("pattern write ").append(dev).append("%u/").append(t).append('\n');
        for (String t : List.of("alarm", "command", "receipt")) b.append("pattern read ").append(dev).append("%u/").append(t).append('\n');
        b.append("\nuser ").append(GATEWAY).append('\n');
        for (String t : List.of("dev/+/frame", "dev/+/frame/json", "dev/+/status", "dev/+/command", "ward/+/command", "station/+/command")) {
            b.append("topic read ").append(root).append('/').append(t).append('\n');
        }
        b.append("topic write ").append(dev).append("+/alarm\n").append("topic write ").append(dev).append("+/receipt\n").append("topic write ").append(root).append("/ward/+/alarm\n");
        for (List<String> c : CLINICIANS) {
            b.append("\nuser ").append(c.get(0)).append('\n');
            b.append("topic read ").append(root).append(c.get(2).equals("*") ? "/ward/+/alarm" : "/ward/" + c.get(2) + "/alarm").append('\n');
            b.append("topic read ").append(dev).append("+/alarm\n");
            b.append("topic write ").append(root).append("/station/").append(c.get(0)).append("/command\n");
        }
        testers.forEach((user, topics) -> {
            b.append("\n# bench only\nuser ").append(user).append('\n');
            for (String t : topics) b.append("topic write ").append(t).append('\n');
        });
        return b.toString();
    }

    /** Mosquitto's password file, hashed by {@code mosquitto_passwd} (the plain passwords stay in owner-only files). */
    private void writePasswords() throws IOException {
        StringBuilder plain = new StringBuilder();
        passwords.forEach((u, p) -> plain.append(u).append(':').append(p).append('\n'));
        Path file = passwordFile();
        write(file, plain.toString());
        Process p = new ProcessBuilder(ChildProcess.executable("mosquitto_passwd", "mosquitto"), "-U", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("mosquitto_passwd -U failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing passwords");
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, "");
        TestCa.ownerOnly(file);
        Files.writeString(file, text);
    }
}
