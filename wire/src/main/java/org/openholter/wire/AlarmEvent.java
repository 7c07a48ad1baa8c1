package org.openholter.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;

/**
 * One step in an alarm's life, as it travels on Kafka ({@code ecg.alarms}) and MQTT.
 * {@code id} is stable for one episode (device, type, onset), so consumers can de-duplicate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlarmEvent(
        @JsonProperty("id") String id,
        @JsonProperty("device") String deviceId,
        @JsonProperty("ward") String ward,
        @JsonProperty("bed") String bed,
        @JsonProperty("type") String type,
        @JsonProperty("priority") String priority,
        @JsonProperty("state") String state,
        @JsonProperty("onset_ms") long onsetMillis,
        @JsonProperty("event_ms") long eventMillis,
        @JsonProperty("value") Double value,
        @JsonProperty("message") String message) {

    public static final String RAISED = "RAISED";
    public static final String CLEARED = "CLEARED";
    /** The same episode confirmed or re-measured (e.g. a fast-path alarm confirmed by the window analysis). */
    public static final String UPDATED = "UPDATED";
    /** A high-priority raise the patient's pulse (PPG / arterial pressure) contradicted: not alarmed; kept for the audit. */
    public static final String VETOED = "VETOED";

    public static String episodeId(String deviceId, String type, long onsetMillis) {
        return deviceId + ":" + type + ":" + onsetMillis;
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AlarmEvent fromJson(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, AlarmEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an alarm event: " + e.getMessage(), e);
        }
    }
}
