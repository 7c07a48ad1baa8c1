package org.openholter.launcher.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's Mosquitto on loopback, configured for a telemetry gateway (deep queues, wide in-flight window). */
public final class MosquittoBroker extends ChildProcess {
    private final int port;

    private MosquittoBroker(List<String> cmd, Path log, int port) throws IOException {
        super("mosquitto", cmd, log, null);
        this.port = port;
    }

    public static MosquittoBroker start(Path dir, int preferredPort) throws IOException {
        Files.createDirectories(dir);
        int port = freePort(preferredPort);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                // A gateway that falls behind must not lose QoS 1 messages: no queue limit per session.
                "max_queued_messages 0",
                "max_inflight_messages 1000",
                "set_tcp_nodelay true",
                "max_keepalive 120",
                ""));
        String exe = executable("mosquitto", "mosquitto");
        MosquittoBroker b = new MosquittoBroker(List.of(exe, "-c", conf.toString()), dir.resolve("mosquitto.log"), port);
        b.awaitReady(() -> portOpen(port), Duration.ofSeconds(10));
        return b;
    }

    public int port() { return port; }
}
