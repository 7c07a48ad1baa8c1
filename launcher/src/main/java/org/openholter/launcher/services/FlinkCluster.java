package org.openholter.launcher.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster (one JobManager, one or more TaskManagers, each its own JVM) built from
 * Flink's Maven artifacts, and submission through Flink's own command-line front end (the code
 * behind {@code flink run}). The cluster's classpath holds Flink only: a job jar must bring its
 * connectors and code, exactly as on a real cluster.
 */
public final class FlinkCluster implements AutoCloseable {
    /** What Flink's distribution passes to every JVM on Java 17 (its default {@code env.java.opts.all}). */
    static final List<String> JAVA_17_OPTIONS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** What a Flink distribution does not carry: our code, the Kafka connector and client, the MQTT client. */
    static final java.util.regex.Pattern NOT_FLINK = java.util.regex.Pattern.compile(
            ".*(openholter-|/(wire|core|job|sensor-gateway|simulator|dashboards|kafka-broker|launcher)/target/"
                    + "|flink-connector-kafka|flink-connector-base|kafka-clients|hivemq).*");

    /** The entries of a launcher classpath that a Flink distribution would hold (a job jar brings the rest). */
    public static String flinkOnly(String classpath) {
        return java.util.Arrays.stream(classpath.trim().split(java.io.File.pathSeparator))
                .filter(e -> !e.isBlank() && !NOT_FLINK.matcher(e).matches())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The job id {@link #run} printed, or null. */
    public static String jobIdOf(String runOutput) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("JobID ([0-9a-f]{32})").matcher(runOutput);
        return m.find() ? m.group(1) : null;
    }

    private final Path dir;
    private final String classpath;
    private final int restPort;
    private final ChildProcess jobManager;
    private final List<ChildProcess> taskManagers;

    private FlinkCluster(Path dir, String classpath, int restPort, ChildProcess jm, List<ChildProcess> tms) {
        this.dir = dir;
        this.classpath = classpath;
        this.restPort = restPort;
        this.jobManager = jm;
        this.taskManagers = tms;
    }

    public int restPort() { return restPort; }

    /** The JobManager's and every TaskManager's process ids (their CPU time is the job's). */
    public List<Long> pids() {
        List<Long> out = new ArrayList<>(List.of(jobManager.pid()));
        taskManagers.forEach(t -> out.add(t.pid()));
        return out;
    }

    /** One TaskManager with {@code slots} slots. */
    public static FlinkCluster start(Path dir, String flinkClasspath, int slots) throws IOException {
        return start(dir, flinkClasspath, 1, slots);
    }

    /**
     * Starts the cluster: a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each;
     * {@code flinkClasspath} must hold Flink (runtime, streaming, clients, and the RocksDB state backend for jobs that
     * use it) and a logging binding.
     */
    public static FlinkCluster start(Path dir, String flinkClasspath, int taskManagers, int slots) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, flinkClasspath, taskManagers, slots);
            } catch (IOException e) {
                // Ports are chosen free but bound only later by the child: another process may win one in between.
                boolean portTaken = String.valueOf(e.getMessage()).contains("BindException");
                if (!portTaken || attempt == 3) throw e;
                org.slf4j.LoggerFactory.getLogger(FlinkCluster.class).warn("Flink cluster start found a port taken; retrying with others");
            }
        }
    }

    private static FlinkCluster startOnce(Path dir, String flinkClasspath, int taskManagers, int slots) throws IOException {
        Files.createDirectories(dir);
        int rest = ChildProcess.freePort(0), rpc = ChildProcess.freePort(0);
        Files.writeString(dir.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpc,
                "jobmanager.bind-host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + rest,
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.numberOfTaskSlots: " + slots,
                "jobmanager.memory.process.size: 1024m",
                // The TaskManager's resources, which Flink's start scripts would otherwise compute and pass in.
                "taskmanager.cpu.cores: " + slots,
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.task.heap.size: 640m",
                "taskmanager.memory.managed.size: 128m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "parallelism.default: 1",
                // A TaskManager that died is noticed in seconds, not Flink's default 50 s (its job restarts from the
                // last checkpoint on the others, or on a new one): recovery within 30 s of a crash.
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 8000",
                "classloader.check-leaked-classloader: false",
                ""));
        Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name=\"O\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder></appender>"
                + "<logger name=\"org.openholter\" level=\"INFO\"/><root level=\"WARN\"><appender-ref ref=\"O\"/></root></configuration>");
        ChildProcess jm = new ChildProcess("flink-jobmanager", jvm(dir, flinkClasspath, "-Xmx768m",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir", dir.toString()),
                dir.resolve("jobmanager.log"), dir);
        List<ChildProcess> tms = new ArrayList<>();
        for (int k = 0; k < taskManagers; k++) {
            String name = taskManagers == 1 ? "taskmanager" : "taskmanager-" + (k + 1);
            tms.add(new ChildProcess("flink-" + name, jvm(dir, flinkClasspath, "-Xmx900m",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", dir.toString()),
                    dir.resolve(name + ".log"), dir));
        }
        FlinkCluster c = new FlinkCluster(dir, flinkClasspath, rest, jm, tms);
        try {
            jm.awaitReady(() -> c.overview().contains("\"taskmanagers\":" + taskManagers), Duration.ofSeconds(90));
        } catch (IOException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static List<String> jvm(Path dir, String classpath, String heap, String... mainAndArgs) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap));
        cmd.addAll(JAVA_17_OPTIONS);
        cmd.addAll(List.of("-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", classpath));
        cmd.addAll(List.of(mainAndArgs));
        return cmd;
    }

    /** The REST overview ({@code /overview}), or an empty string when the JobManager does not answer yet. */
    public String overview() { return rest(restPort, "/overview"); }

    /** A GET of Flink's REST API on {@code port} (a cluster's or a MiniCluster's), or an empty string when it does not answer. */
    public static String rest(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** {@code flink run -d -m localhost:PORT JAR ARGS…}; returns the front end's output (it prints the job id). */
    public String run(Path jar, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = jvm(dir, classpath, "-Xmx512m", "org.apache.flink.client.cli.CliFrontend",
                "run", "-d", "-m", "localhost:" + restPort, jar.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FLINK_CONF_DIR", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("flink run failed (" + (p.isAlive() ? "timeout" : "exit " + p.exitValue()) + "):\n" + out);
        }
        return out;
    }

    /** The TaskManager {@code k} (from 0) dies as in a crash ({@code kill -9}). */
    public void crashTaskManager(int k) throws IOException {
        taskManagers.get(k).crash();
    }

    /** Starts TaskManager {@code k} again after a crash and waits until the JobManager counts it. */
    public void recoverTaskManager(int k) throws IOException {
        taskManagers.get(k).restart();
        int n = taskManagers.size();
        taskManagers.get(k).awaitReady(() -> overview().contains("\"taskmanagers\":" + n), Duration.ofSeconds(90));
    }

    /** The state of job {@code jobId} as the REST API says ({@code RUNNING}, {@code RESTARTING}, …), or "" when it does not answer. */
    public String jobState(String jobId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"state\":\"([A-Z_]+)\"").matcher(rest(restPort, "/jobs/" + jobId));
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void close() {
        taskManagers.forEach(ChildProcess::close);
        jobManager.close();
    }
}
