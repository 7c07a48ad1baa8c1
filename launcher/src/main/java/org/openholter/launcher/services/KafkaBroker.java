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
    private final int port;

    private KafkaBroker(List<String> cmd, Path log, int port) throws IOException {
        super("kafka", cmd, log, null);
        this.port = port;
    }

    public static KafkaBroker start(Path dir, int preferredPort, int partitions) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort(preferredPort);
        int controller = freePort(0);
        Path data = dir.resolve("data");
        Path conf = dir.resolve("server.properties");
        Files.writeString(conf, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=" + partitions,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=24",
                ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = classpath();
        List<String> base = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
                "-Dlog4j.configuration=file:" + writeLog4j(dir), "-cp", cp));
        if (!Files.exists(data.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(base);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                    "-c", conf.toString(), "--ignore-formatted"));
            Process p = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("formatting Kafka storage failed; see " + dir.resolve("format.log") + ":\n"
                        + Files.readString(dir.resolve("format.log")));
            }
        }
        List<String> run = new ArrayList<>(base);
        run.addAll(List.of("kafka.Kafka", conf.toString()));
        KafkaBroker b = new KafkaBroker(run, dir.resolve("kafka.log"), port);
        b.awaitReady(b::answers, Duration.ofSeconds(90));
        return b;
    }

    public int port() { return port; }
    public String bootstrap() { return "127.0.0.1:" + port; }

    private boolean answers() {
        if (!portOpen(port)) return false;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
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
