package org.openholter.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gateway's receipt to a device: the sequence numbers of its frames stored in Kafka since the last receipt, as
 * ranges, {@code {"seq":[[40,47],[49,49]]}}. A broker acknowledges a frame when it has taken it, not when it is safe:
 * a broker that crashes may lose what it had taken and neither delivered nor saved. A device that keeps each frame
 * until a receipt names it, and sends again a frame that later receipts pass over, loses nothing (docs/protocol.md).
 */
public record Receipt(List<long[]> ranges) {
    /** The receipt for these sequence numbers (any order, repeats allowed). */
    public static Receipt of(long[] sequences, int count) {
        return of(sequences, 0, count);
    }

    /** The receipt for {@code count} sequence numbers from {@code sequences[from]} (the array is left as it is). */
    public static Receipt of(long[] sequences, int from, int count) {
        long[] s = Arrays.copyOfRange(sequences, from, from + count);
        Arrays.sort(s);
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            if (!ranges.isEmpty() && s[i] <= ranges.get(ranges.size() - 1)[1] + 1) {
                long[] last = ranges.get(ranges.size() - 1);
                last[1] = Math.max(last[1], s[i]);
            } else {
                ranges.add(new long[] {s[i], s[i]});
            }
        }
        return new Receipt(ranges);
    }

    public boolean covers(long sequence) {
        for (long[] r : ranges) if (sequence >= r[0] && sequence <= r[1]) return true;
        return false;
    }

    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode seq = root.putArray("seq");
        for (long[] r : ranges) seq.addArray().add(r[0]).add(r[1]);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Receipt fromJson(byte[] json) {
        try {
            JsonNode seq = Json.MAPPER.readTree(json).path("seq");
            List<long[]> ranges = new ArrayList<>();
            for (JsonNode r : seq) {
                if (!r.isArray() || r.size() != 2 || !r.get(0).canConvertToLong() || !r.get(1).canConvertToLong()) {
                    throw new IllegalArgumentException("a receipt range is [first, last]: " + r);
                }
                ranges.add(new long[] {r.get(0).asLong(), r.get(1).asLong()});
            }
            return new Receipt(ranges);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a receipt: " + e.getMessage(), e);
        }
    }
}
