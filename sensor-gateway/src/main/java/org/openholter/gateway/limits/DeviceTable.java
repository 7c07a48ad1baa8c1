package org.openholter.gateway.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Per-sender state the gateway keeps in memory, bounded: past {@code capacity} senders the one heard from least
 * recently is forgotten. Senders are named by their topic, and on an open broker anyone can make up topics, so an
 * unbounded map would let a sender exhaust the gateway's memory. Forgetting is safe for what is kept here (a
 * forgotten device starts with a full token bucket and an empty duplicate filter; the job filters duplicates too).
 */
public final class DeviceTable<V> {
    private final int capacity;
    private final LinkedHashMap<String, V> entries;
    private long evicted;

    public DeviceTable(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                if (size() <= DeviceTable.this.capacity) return false;
                evicted++;
                return true;
            }
        };
    }

    /** The sender's entry, made by {@code create} if it has none (or was forgotten). */
    public synchronized V get(String sender, Function<String, V> create) {
        return entries.computeIfAbsent(sender, create);
    }

    public synchronized int size() { return entries.size(); }

    /** Senders forgotten to stay within the capacity, since start. */
    public synchronized long evicted() { return evicted; }

    public int capacity() { return capacity; }
}
