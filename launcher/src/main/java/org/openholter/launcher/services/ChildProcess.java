package org.openholter.launcher.services;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server we run as a child process, its output in a log file. A JVM shutdown hook stops it, so
 * that Ctrl-C or a failing test leaves no orphan behind.
 */
public class ChildProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    /** Set while an owner stops everything in order; the safety-net hooks wait for it before killing. */
    private static volatile java.util.concurrent.CountDownLatch orderlyStop;

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private volatile Process process;
    private final Path log;
    private final Thread hook;

    public ChildProcess(String name, List<String> command, Path log, Path workDir) throws IOException {
        this.name = name;
        this.log = log;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        Files.createDirectories(log.getParent());
        this.process = launch(ProcessBuilder.Redirect.to(log.toFile()));
        this.hook = new Thread(this::stopAfterOrderlyStop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private Process launch(ProcessBuilder.Redirect output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(detached(command)).redirectErrorStream(true).redirectOutput(output);
        if (workDir != null) pb.directory(workDir.toFile());
        LOG.debug("starting {}: {}", name, String.join(" ", command));
        return pb.start();
    }

    /** Kills the process as a crash would ({@code kill -9}: no shutdown of any kind) and waits until it is gone. */
    public void crash() throws IOException {
        Process p = process;
        if (!p.isAlive()) return;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IOException(name + " survived kill -9 for 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing " + name);
        }
    }

    /**
     * Starts the same command again (after a {@link #crash} or an exit), its output appended to the same log; the
     * caller waits for it to be ready ({@link #awaitReady}). Ports, data and configuration are the first start's.
     */
    public void restart() throws IOException {
        if (process.isAlive()) throw new IllegalStateException(name + " is still running");
        Files.writeString(log, "\n---- restarted " + java.time.Instant.now() + " ----\n", java.nio.file.StandardOpenOption.APPEND);
        process = launch(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    public String name() { return name; }
    public Path log() { return log; }
    public long pid() { return process.pid(); }

    /** Sends the process a signal ({@code HUP}, {@code KILL}, …) with the system's {@code kill}. */
    public void signal(String name) throws IOException {
        try {
            Process k = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).redirectErrorStream(true).start();
            String out = new String(k.getInputStream().readAllBytes());
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) throw new IOException("kill -" + name + " " + process.pid() + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + this.name);
        }
    }
    public boolean alive() { return process.isAlive(); }

    /** Waits for {@code ready}, failing early (with the log's tail) if the process dies. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " during start-up; log " + log + ":\n" + tail());
            }
            if (ready.getAsBoolean()) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name);
            }
        }
        throw new IOException(name + " not ready after " + timeout.toSeconds() + " s; log " + log + ":\n" + tail());
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    /**
     * Announces that the caller stops everything in order (job, then gateway, then brokers) and counts the
     * latch down when done: until then, or 30 s, the JVM-exit hooks leave the brokers running.
     */
    public static void deferExitHooksUntil(java.util.concurrent.CountDownLatch done) {
        orderlyStop = done;
    }

    private void stopAfterOrderlyStop() {
        java.util.concurrent.CountDownLatch l = orderlyStop;
        if (l != null) {
            try {
                l.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopQuietly();
    }

    private void stopQuietly() {
        if (!process.isAlive()) return;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop in 15 s; killing it", name);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the command in a session of its own, so that the terminal's Ctrl-C (sent to the whole
     * foreground process group) reaches only our JVM, which then stops the children in order. setsid
     * execs the command in place (our child is never a group leader), so the pid is the server's own.
     */
    static List<String> detached(List<String> command) {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                List<String> c = new java.util.ArrayList<>(command.size() + 1);
                c.add(p);
                c.addAll(command);
                return c;
            }
        }
        return command;
    }

    public static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free loopback port (the preferred one if it is free). */
    public static int freePort(int preferred) throws IOException {
        if (preferred > 0 && !portOpen(preferred)) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", preferred));
                return preferred;
            } catch (IOException e) {
                // taken: fall through
            }
        }
        // A port the kernel hands out itself (port 0) lies in the ephemeral range, where any socket opened before our
        // child binds it (a client connection, or the child's own blob server asking for port 0) can take it: a
        // cluster start failed so once. So pick below that range, and never hand the same port out twice.
        int[] ephemeral = ephemeralRange();
        int low = 10_000, high = Math.min(ephemeral[0], 30_000);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; high > low && attempt < 200; attempt++) {
            int port = low + random.nextInt(high - low);
            if (ephemeral[0] <= port && port <= ephemeral[1] || !HANDED_OUT.add(port)) continue;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            HANDED_OUT.add(s.getLocalPort());
            return s.getLocalPort();
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The kernel's range for ports it picks itself (Linux's file, else the IANA default). */
    static int[] ephemeralRange() {
        try {
            String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {49152, 65535};
        }
    }

    /** Finds an executable on the PATH or in the usual Debian places; explains how to install it otherwise. */
    public static String executable(String name, String debianPackage) throws IOException {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new IOException(name + " is not installed: run `sudo apt-get install " + debianPackage
                + "` (or `./holter test`, which installs what the tests need when run as root)");
    }
}
