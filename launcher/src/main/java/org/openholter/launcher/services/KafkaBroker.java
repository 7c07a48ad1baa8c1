package org.openholter.launcher.services;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller, one node) in a child JVM. Its
 * classpath comes from the openholter-kafka-broker module (Maven resolves it from Maven Central).
 */
public final class KafkaBroker extends ChildProcess {
    /** The accounts of a secure broker: the broker itself (and the launcher's own tools), the gateway, the job. */
    public static final String ADMIN = "admin", GATEWAY = "holter-gateway", JOB = "holter-job", STATION = "holter-station";

    private final int port;
    private final Path dir;
    private final boolean secure;

    private KafkaBroker(List<String> cmd, Path log, int port, Path dir, boolean secure) throws IOException {
        super("kafka", cmd, log, null);
        this.port = port;
        this.dir = dir;
        this.secure = secure;
    }

    /** Plain Kafka, no authentication: only for a machine nobody else reaches. */
    public static KafkaBroker start(Path dir, int preferredPort, int partitions) throws IOException, InterruptedException {
        return start(dir, preferredPort, partitions, null);
    }

    /**
     * With {@code ca} (null: plain), the broker's only client listener is SASL_SSL: TLS with a certificate from
     * {@code ca}, and SCRAM-SHA-512 accounts for {@link #ADMIN}, {@link #GATEWAY}, {@link #JOB} and {@link #STATION} (random passwords,
     * set when the storage is formatted); each account's client properties are in an owner-only file
     * ({@link #clientConfig}).
     */
    public static KafkaBroker start(Path dir, int preferredPort, int partitions, TestCa ca) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort(preferredPort);
        int controller = freePort(0);
        Path data = dir.resolve("data");
        Path conf = dir.resolve("server.properties");
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + data,
                "num.partitions=" + partitions,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=24"));
        List<String> scram = new ArrayList<>();
        if (ca == null) {
            lines.addAll(List.of("listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT"));
        } else {
            TestCa.Issued server = ca.server("kafka");
            // Kafka reads a PEM key store as one file: the PKCS#8 key, then the certificate.
            Path keystore = dir.resolve("kafka-keystore.pem");
            Files.writeString(keystore, "");
            TestCa.ownerOnly(keystore);
            Files.writeString(keystore, Files.readString(server.key()) + Files.readString(server.certificate()));
            java.util.Map<String, String> passwords = new java.util.LinkedHashMap<>();
            java.security.SecureRandom random = new java.security.SecureRandom();
            for (String user : List.of(ADMIN, GATEWAY, JOB, STATION)) {
                byte[] b = new byte[18];
                random.nextBytes(b);
                passwords.put(user, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b));
                scram.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + passwords.get(user) + "]"));
                writeClientConfig(dir.resolve(user + ".properties"), "127.0.0.1:" + port, user, passwords.get(user), ca.certificate());
            }
            // The controller listener stays plain on loopback: it is the node talking to itself.
            lines.addAll(List.of("listeners=SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "advertised.listeners=SASL_SSL://127.0.0.1:" + port,
                    "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=SASL_SSL",
                    "sasl.enabled.mechanisms=SCRAM-SHA-512",
                    "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + jaas(ADMIN, passwords.get(ADMIN)),
                    "ssl.keystore.type=PEM",
                    "ssl.keystore.location=" + keystore,
                    "ssl.truststore.type=PEM",
                    "ssl.truststore.location=" + ca.certificate(),
                    // Authorised, not only authenticated: an account may do only what its ACLs say (createAcls). The
                    // administrator is a super user, and so is the node talking to its own controller over loopback
                    // (a plain listener, whose principal is ANONYMOUS; no client can be anonymous on SASL_SSL).
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "allow.everyone.if.no.acl.found=false",
                    "super.users=User:" + ADMIN + ";User:ANONYMOUS"));
        }
        Files.writeString(conf, "");
        TestCa.ownerOnly(conf); // holds the broker's own password when secure
        Files.writeString(conf, String.join("\n", lines) + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = classpath();
        List<String> base = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
                "-Dlog4j.configuration=file:" + writeLog4j(dir), "-cp", cp));
        if (!Files.exists(data.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(base);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                    "-c", conf.toString(), "--ignore-formatted"));
            format.addAll(scram);
            Process p = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("formatting Kafka storage failed; see " + dir.resolve("format.log") + ":\n"
                        + Files.readString(dir.resolve("format.log")));
            }
        }
        List<String> run = new ArrayList<>(base);
        run.addAll(List.of("kafka.Kafka", conf.toString()));
        KafkaBroker b = new KafkaBroker(run, dir.resolve("kafka.log"), port, dir, ca != null);
        b.awaitReady(b::answers, Duration.ofSeconds(90));
        return b;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static void writeClientConfig(Path file, String bootstrap, String user, String password, Path ca) throws IOException {
        Files.writeString(file, "");
        TestCa.ownerOnly(file);
        Files.writeString(file, String.join("\n", "# Kafka client settings of " + user + " (written by the launcher)",
                "bootstrap.servers=" + bootstrap, "security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=" + jaas(user, password), "ssl.truststore.type=PEM", "ssl.truststore.location=" + ca, ""));
    }

    /** Adds ACLs (as the administrator; adding one that exists changes nothing). A plain broker needs none. */
    public void createAcls(java.util.Collection<org.apache.kafka.common.acl.AclBinding> acls) throws IOException {
        if (!secure) return;
        try (Admin a = Admin.create(clientProperties(ADMIN))) {
            a.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("creating Kafka ACLs failed: " + e.getMessage(), e);
        }
    }

    /** Starts the broker again after a crash (same port, same data) and waits until it answers. */
    public void recover() throws IOException {
        restart();
        awaitReady(this::answers, Duration.ofSeconds(90));
    }

    public int port() { return port; }
    public String bootstrap() { return "127.0.0.1:" + port; }
    public boolean secure() { return secure; }

    /** The client properties file of {@code user} on a secure broker ({@code --kafka.config}), or null on a plain one. */
    public Path clientConfig(String user) {
        return secure ? dir.resolve(user + ".properties") : null;
    }

    /** Properties for a Kafka client of {@code user}: the bootstrap servers, and on a secure broker its login and TLS. */
    public Properties clientProperties(String user) {
        Properties p = new Properties();
        if (secure) {
            try (java.io.Reader r = Files.newBufferedReader(clientConfig(user))) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + clientConfig(user) + ": " + e.getMessage(), e);
            }
        }
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return p;
    }

    private boolean answers() {
        if (!portOpen(port)) return false;
        Properties p = clientProperties(ADMIN);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin a = Admin.create(p)) {
            a.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Path writeLog4j(Path dir) throws IOException {
        Path f = dir.resolve("log4j.properties");
        Files.writeString(f, "log4j.rootLogger=WARN, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                + "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
                + "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\nlog4j.logger.kafka.server.KafkaServer=INFO\n");
        return f;
    }

    /** The broker's classpath, written by the openholter-kafka-broker module at build time. */
    static String classpath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("/openholter/kafka-broker.classpath")) {
            if (in == null) {
                throw new IOException("the Kafka broker classpath is missing: build with `mvn install` (the openholter-kafka-broker module writes it)");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String entry : cp.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(entry))) {
                    throw new IOException("Kafka broker jar " + entry + " is missing from the local Maven repository: run `mvn install` again");
                }
            }
            return cp;
        }
    }
}
