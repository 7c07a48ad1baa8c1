package org.openholter.gateway.health;

import org.openholter.core.sinks.LinePoint;
import org.openholter.wire.RejectReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The gateway's running totals (since start), reported to the log and to InfluxDB. */
public final class GatewayMetrics {
    public final LongAdder received = new LongAdder();
    public final LongAdder forwarded = new LongAdder();
    public final LongAdder duplicates = new LongAdder();
    public final LongAdder statuses = new LongAdder();
    /** Alarm commands (acknowledge, silence, limits) forwarded to Kafka. */
    public final LongAdder commands = new LongAdder();
    /** Alarm commands refused (sender not authenticated, or not allowed) and carried on for the audit. */
    public final LongAdder commandsRefused = new LongAdder();
    /** Times the alarm forwarder's loop failed and was started again. */
    public final LongAdder forwarderRestarts = new LongAdder();
    public final LongAdder deadLetters = new LongAdder();
    /** Refused messages counted but not copied to the dead-letter topic (beyond its per-sender and total rates). */
    public final LongAdder deadLettersSkipped = new LongAdder();
    public final LongAdder kafkaRetries = new LongAdder();
    public final LongAdder alarmsForwarded = new LongAdder();
    public final AtomicLong inFlight = new AtomicLong();
    private final Map<RejectReason, LongAdder> rejects = new EnumMap<>(RejectReason.class);

    public GatewayMetrics() {
        for (RejectReason r : RejectReason.values()) rejects.put(r, new LongAdder());
    }

    public void reject(RejectReason r) { rejects.get(r).increment(); }

    public long rejectedFor(RejectReason r) { return rejects.get(r).sum(); }

    public long rejectedTotal() {
        return rejects.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Points for the {@code gateway_stats} and {@code gateway_rejects} measurements. */
    public java.util.List<LinePoint> points(String gateway, long nowMicros) {
        java.util.List<LinePoint> out = new java.util.ArrayList<>();
        out.add(new LinePoint("gateway_stats", nowMicros).tag("gateway", gateway)
                .field("received", received.sum()).field("forwarded", forwarded.sum())
                .field("duplicates", duplicates.sum()).field("statuses", statuses.sum()).field("commands", commands.sum())
                .field("commands_refused", commandsRefused.sum()).field("forwarder_restarts", forwarderRestarts.sum())
                .field("rejected", rejectedTotal()).field("dead_letters", deadLetters.sum())
                .field("dead_letters_skipped", deadLettersSkipped.sum()).field("heap_after_gc_mb", heapAfterGcMb())
                .field("kafka_retries", kafkaRetries.sum()).field("alarms_forwarded", alarmsForwarded.sum())
                .field("in_flight", inFlight.get()));
        for (Map.Entry<RejectReason, LongAdder> e : rejects.entrySet()) {
            long v = e.getValue().sum();
            if (v > 0) out.add(new LinePoint("gateway_rejects", nowMicros).tag("gateway", gateway)
                    .tag("reason", e.getKey().name()).field("count", v));
        }
        return out;
    }

    /**
     * Heap in use after the last collection, in MB: what the gateway holds, without the garbage awaiting collection
     * (the figure to watch for a leak; -1 before the first collection).
     */
    public static long heapAfterGcMb() {
        long used = 0;
        boolean any = false;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != java.lang.management.MemoryType.HEAP) continue;
            java.lang.management.MemoryUsage u = pool.getCollectionUsage();
            if (u == null) continue;
            used += u.getUsed();
            any = true;
        }
        return any ? used >> 20 : -1;
    }

    @Override
    public String toString() {
        return String.format("received=%d forwarded=%d duplicates=%d status=%d rejected=%d dead-letters=%d (%d more not copied) kafka-retries=%d alarms=%d"
                + " commands=%d commands-refused=%d forwarder-restarts=%d in-flight=%d",
                received.sum(), forwarded.sum(), duplicates.sum(), statuses.sum(), rejectedTotal(), deadLetters.sum(), deadLettersSkipped.sum(),
                kafkaRetries.sum(), alarmsForwarded.sum(), commands.sum(), commandsRefused.sum(), forwarderRestarts.sum(), inFlight.get());
    }
}
