package org.openholter.gateway.mqtt;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT connection (HiveMQ client), version 5 or 3.1.1 behind one small interface: persistent
 * session (QoS 1 messages wait at the broker while we reconnect), automatic reconnect with
 * exponential backoff, and manual acknowledgement so a message is acknowledged only when its
 * handler says it is safely stored.
 */
public final class MqttLink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    /** Receives a message; must eventually run {@code ack} exactly once. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(String topic, byte[] payload, Runnable ack);
    }

    /** Connection settings. */
    public record Settings(String host, int port, int version, String clientId, String username, String password,
                           long sessionExpirySeconds, int receiveMaximum, com.hivemq.client.mqtt.MqttClientSslConfig tls) {
        /** Without TLS. */
        public Settings(String host, int port, int version, String clientId, String username, String password,
                        long sessionExpirySeconds, int receiveMaximum) {
            this(host, port, version, clientId, username, password, sessionExpirySeconds, receiveMaximum, null);
        }

        @Override
        public String toString() { // never the password
            return "MQTT " + clientId + "@" + host + ":" + port + (tls != null ? " (TLS)" : "") + (username != null ? " as " + username : "");
        }

        public Settings {
            if (version != 3 && version != 5) throw new IllegalArgumentException("MQTT version must be 3 (3.1.1) or 5: " + version);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("MQTT port out of range: " + port);
            if (receiveMaximum < 1 || receiveMaximum > 65535) throw new IllegalArgumentException("receive maximum must be 1..65535");
        }
    }

    private final Settings s;
    private final Mqtt5AsyncClient v5;
    private final Mqtt3AsyncClient v3;

    /**
     * The link's own network and callback threads, named {@code gw-mqtt-…}: a gateway never shares an event loop with
     * other MQTT clients in its JVM (a simulator, in the demo and the benchmarks), and its CPU can be told apart.
     */
    private static com.hivemq.client.mqtt.MqttClientExecutorConfig ownThreads(String clientId) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gw-mqtt-" + clientId + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return com.hivemq.client.mqtt.MqttClientExecutorConfig.builder().nettyExecutor(pool).nettyThreads(1)
                .applicationScheduler(io.reactivex.schedulers.Schedulers.from(pool)).build();
    }

    public MqttLink(Settings s) {
        this.s = s;
        if (s.version() == 5) {
            var b = Mqtt5Client.builder().identifier(s.clientId()).serverHost(s.host()).serverPort(s.port()).executorConfig(ownThreads(s.clientId()))
                    .sslConfig(s.tls());
            // Credentials on the client, not on the first CONNECT: only those are sent again when it reconnects
            // (hivemq-mqtt-client issue 574: after a broker restart, every reconnect was refused).
            if (s.username() != null) b = b.simpleAuth().username(s.username()).password(password(s)).applySimpleAuth();
            v5 = b
                    .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS).applyAutomaticReconnect()
                    .addConnectedListener(c -> onConnected())
                    .addDisconnectedListener(c -> logDisconnect(c))
                    .buildAsync();
            v3 = null;
        } else {
            var b = Mqtt3Client.builder().identifier(s.clientId()).serverHost(s.host()).serverPort(s.port()).executorConfig(ownThreads(s.clientId()))
                    .sslConfig(s.tls());
            if (s.username() != null) b = b.simpleAuth().username(s.username()).password(password(s)).applySimpleAuth();
            v3 = b
                    .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS).applyAutomaticReconnect()
                    .addConnectedListener(c -> onConnected())
                    .addDisconnectedListener(c -> logDisconnect(c))
                    .buildAsync();
            v5 = null;
        }
    }

    private void onConnected() {
        LOG.info("MQTT {} connected to {}:{}", s.clientId(), s.host(), s.port());
        resubscribe(); // nothing on the first connect: no filter yet
    }

    private static byte[] password(Settings s) {
        return s.password() == null ? new byte[0] : s.password().getBytes(StandardCharsets.UTF_8);
    }

    private void logDisconnect(com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext c) {
        if (c.getSource() == com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource.USER) {
            LOG.info("MQTT {} disconnected", s.clientId());
        } else {
            LOG.warn("MQTT {} disconnected ({}), reconnecting: {}", s.clientId(), c.getSource(), c.getCause().toString());
        }
    }

    public CompletableFuture<Void> connect() {
        if (v5 != null) {
            return v5.connectWith().cleanStart(false).sessionExpiryInterval(s.sessionExpirySeconds())
                    .restrictions().receiveMaximum(s.receiveMaximum()).applyRestrictions().send().thenApply(a -> null);
        }
        return v3.connectWith().cleanSession(false).send().thenApply(a -> null);
    }

    /**
     * Where every message this link receives goes, whatever subscription brought it. Set before {@link #connect}: a
     * persistent session hands over what the broker kept for it right after the CONNACK, before any SUBSCRIBE of
     * ours is answered, and a message no handler takes would be acknowledged and lost (a gateway restart lost every
     * frame of its outage so).
     */
    public void onMessages(Handler h) {
        if (v5 != null) {
            v5.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL,
                    p -> h.onMessage(p.getTopic().toString(), p.getPayloadAsBytes(), p::acknowledge), true);
        } else {
            v3.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL,
                    p -> h.onMessage(p.getTopic().toString(), p.getPayloadAsBytes(), p::acknowledge), true);
        }
    }

    private final java.util.List<String> filters = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Subscribes (QoS 1) to {@code filter}; its messages go to the {@link #onMessages} handler. The subscription is
     * made again on every reconnect: a broker restored from its persistence file may say the session is present
     * while its shared subscriptions are gone (Mosquitto 2.0 here), and subscribing again changes nothing otherwise.
     */
    public CompletableFuture<Void> subscribe(String filter) {
        if (!filters.contains(filter)) filters.add(filter);
        return sendSubscribe(filter);
    }

    private CompletableFuture<Void> sendSubscribe(String filter) {
        if (v5 != null) return v5.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().thenApply(a -> null);
        return v3.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().thenApply(a -> null);
    }

    private void resubscribe() {
        for (String f : filters) {
            sendSubscribe(f).whenComplete((ok, e) -> {
                if (e != null) LOG.warn("MQTT {} could not subscribe again to {}: {}", s.clientId(), f, e.toString());
            });
        }
    }

    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retain) {
        if (v5 != null) {
            return v5.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(payload).send().thenApply(a -> null);
        }
        return v3.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(payload).send().thenApply(a -> null);
    }

    /** At most once (QoS 0): for messages whose loss the receiver makes good, such as receipts. */
    public void publishOnce(String topic, byte[] payload) {
        if (v5 != null) v5.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
        else v3.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(payload).send();
    }

    public boolean connected() {
        MqttClientState st = v5 != null ? v5.getState() : v3.getState();
        return st == MqttClientState.CONNECTED;
    }

    public CompletableFuture<Void> disconnect() {
        try {
            return v5 != null ? v5.disconnect() : v3.disconnect();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
