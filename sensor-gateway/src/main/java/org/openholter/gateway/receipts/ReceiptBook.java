package org.openholter.gateway.receipts;

import org.openholter.wire.Receipt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The frames stored in Kafka since the last round of receipts, per device. Drained every second into one
 * {@link Receipt} per device, so a device hears of its frames in one small message a second whatever its frame rate.
 */
public final class ReceiptBook {
    private Map<String, long[]> pending = new HashMap<>(); // device → {count, seq, seq, …}

    /** Kafka has acknowledged frame {@code sequence} of {@code device}. */
    public synchronized void stored(String device, long sequence) {
        long[] a = pending.get(device);
        if (a == null) a = new long[9];
        else if (a[0] + 1 == a.length) a = Arrays.copyOf(a, a.length * 2);
        a[(int) ++a[0]] = sequence;
        pending.put(device, a);
    }

    /** The receipts for everything stored since the last call, and a fresh start. */
    public Map<String, Receipt> drain() {
        Map<String, long[]> taken;
        synchronized (this) {
            taken = pending;
            pending = new HashMap<>();
        }
        Map<String, Receipt> out = new HashMap<>(taken.size() * 2);
        taken.forEach((device, a) -> out.put(device, Receipt.of(a, 1, (int) a[0])));
        return out;
    }
}
