package org.openholter.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.util.Base64;

/** A refused MQTT message as written to the dead-letter topic: why, from where, and the bytes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        @JsonProperty("reason") String reason,
        @JsonProperty("detail") String detail,
        @JsonProperty("device") String deviceId,
        @JsonProperty("topic") String topic,
        @JsonProperty("received_ms") long receivedMillis,
        @JsonProperty("payload_b64") String payloadBase64) {

    public static DeadLetter of(RejectReason reason, String detail, String deviceId, String topic,
                                long receivedMillis, byte[] payload) {
        return new DeadLetter(reason.name(), detail, deviceId, topic, receivedMillis,
                payload == null ? null : Base64.getEncoder().encodeToString(payload));
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
