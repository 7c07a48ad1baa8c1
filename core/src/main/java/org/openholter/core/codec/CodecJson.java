package org.openholter.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.wire.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The codec message the job publishes for every reported stretch (Kafka topic {@code ecg.codec}, key = device),
 * documented in docs/protocol.md:
 * <pre>
 * {"v":1, "device":"bed-7", "segment":0, "first_sample":1500, "start_us":…, "fs":250, "samples":1500,
 *  "wave":[[0,37,0],[37,25,1],…], "beat":[[offset,length,id],…], "rhythm":[…],
 *  "wave_tokens":"base64 of the 13-symbol token words (big-endian uint16)"}
 * </pre>
 * Runs are {@code [offset from first_sample, length, id]} with the ids of {@link Layers}. Consecutive messages of
 * one segment are contiguous ({@code first_sample} of the next = {@code first_sample + samples}); delivery is at
 * least once, so a consumer keys on (device, segment, first_sample).
 */
public final class CodecJson {
    public static final int VERSION = 1;

    private CodecJson() {}

    public static byte[] toJson(String deviceId, long segment, CodecSlice s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("v", VERSION).put("device", deviceId).put("segment", segment).put("first_sample", s.firstSample())
                .put("start_us", s.startMicros()).put("fs", s.sampleRateHz()).put("samples", s.length());
        runs(o.putArray("wave"), s.wave());
        runs(o.putArray("beat"), s.beat());
        runs(o.putArray("rhythm"), s.rhythm());
        char[] words = TokenCodec.encode(TokenCodec.fromFrameLayer(s.wave(), s.sampleRateHz()));
        byte[] bytes = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) { bytes[2 * i] = (byte) (words[i] >>> 8); bytes[2 * i + 1] = (byte) words[i]; }
        o.put("wave_tokens", Base64.getEncoder().encodeToString(bytes));
        try {
            return Json.MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runs(ArrayNode a, byte[] labels) {
        for (Event e : Event.runs(labels, 0)) a.addArray().add(e.start()).add(e.length()).add(e.cls());
    }

    /** A parsed message: its identity and the three layers, sample by sample. */
    public record Message(String device, long segment, CodecSlice slice) {}

    public static Message parse(byte[] json) {
        try {
            JsonNode o = Json.MAPPER.readTree(json);
            if (o.path("v").asInt() != VERSION) throw new IllegalArgumentException("codec message version " + o.path("v") + " (this build reads " + VERSION + ")");
            int n = o.path("samples").asInt();
            CodecSlice s = new CodecSlice(o.path("first_sample").asLong(), o.path("start_us").asLong(), o.path("fs").asInt(),
                    labels(o.path("wave"), n), labels(o.path("beat"), n), labels(o.path("rhythm"), n));
            return new Message(o.path("device").asText(), o.path("segment").asLong(), s);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a codec message: " + e.getMessage(), e);
        }
    }

    private static byte[] labels(JsonNode runs, int n) {
        List<Event> events = new ArrayList<>();
        for (JsonNode r : runs) events.add(new Event(r.get(0).asLong(), r.get(0).asLong() + r.get(1).asLong(), r.get(2).asInt()));
        return Event.labels(events, 0, n);
    }
}
