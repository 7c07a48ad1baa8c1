package org.openholter.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.util.Base64;

/**
 * A refused MQTT message as written to the dead-letter topic: why, from where, and the bytes (the first
 * {@link #MAX_PAYLOAD_BYTES} of them; {@code payload_bytes} is the message's whole length).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        @JsonProperty("reason") String reason,
        @JsonProperty("detail") String detail,
        @JsonProperty("device") String deviceId,
        @JsonProperty("topic") String topic,
        @JsonProperty("received_ms") long receivedMillis,
        @JsonProperty("payload_b64") String payloadBase64,
        @JsonProperty("payload_bytes") Integer payloadBytes) {
    /** Enough to see what a sender sends; a dead letter is a sample for diagnosis, not an archive. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;
    private static final int MAX_DETAIL_CHARS = 500;

    public static DeadLetter of(RejectReason reason, String detail, String deviceId, String topic,
                                long receivedMillis, byte[] payload) {
        if (detail != null && detail.length() > MAX_DETAIL_CHARS) detail = detail.substring(0, MAX_DETAIL_CHARS) + "…";
        if (topic != null && topic.length() > MAX_DETAIL_CHARS) topic = topic.substring(0, MAX_DETAIL_CHARS) + "…";
        return new DeadLetter(reason.name(), detail, deviceId, topic, receivedMillis,
                payload == null ? null : Base64.getEncoder().encodeToString(payload.length <= MAX_PAYLOAD_BYTES ? payload
                        : java.util.Arrays.copyOf(payload, MAX_PAYLOAD_BYTES)), payload == null ? null : payload.length);
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DeadLetter fromJson(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, DeadLetter.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a dead letter: " + e.getMessage(), e);
        }
    }
}
