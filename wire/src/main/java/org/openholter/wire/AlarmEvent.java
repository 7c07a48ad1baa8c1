package org.openholter.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;

/**
 * One step in an alarm's life, as it travels on Kafka ({@code ecg.alarms}) and MQTT: {@code RAISED}, {@code UPDATED},
 * {@code CLEARED} (the condition), {@code ACKNOWLEDGED}, {@code SILENCED}, {@code ESCALATED} (the people), and
 * {@code VETOED} (a raise the pulse contradicted). {@code id} is stable for one episode (device, type, onset), so
 * consumers can de-duplicate on id and state. {@code active}: the condition holds; {@code latched}: it has ended but
 * the high-priority alarm stays until acknowledged; {@code by} and {@code until_ms} come with the people's steps.
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
        @JsonProperty("message") String message,
        @JsonProperty("active") Boolean active,
        @JsonProperty("latched") Boolean latched,
        @JsonProperty("by") String by,
        @JsonProperty("until_ms") Long untilMillis) {

    /** A step of the alarm's condition, before the life-cycle fields are known. */
    public AlarmEvent(String id, String deviceId, String ward, String bed, String type, String priority, String state,
                      long onsetMillis, long eventMillis, Double value, String message) {
        this(id, deviceId, ward, bed, type, priority, state, onsetMillis, eventMillis, value, message, null, null, null, null);
    }

    /** This event in another state, at another time, with the life-cycle fields. */
    public AlarmEvent with(String newState, long atMillis, String newMessage, Boolean isActive, Boolean isLatched, String who, Long until) {
        return new AlarmEvent(id, deviceId, ward, bed, type, priority, newState, onsetMillis, atMillis, value, newMessage, isActive,
                isLatched, who, until);
    }

    public static final String RAISED = "RAISED";
    public static final String CLEARED = "CLEARED";
    /** The same episode confirmed or re-measured (e.g. a fast-path alarm confirmed by the window analysis). */
    public static final String UPDATED = "UPDATED";
    /** Acknowledged by {@code by}: the alarm stays shown while its condition lasts, but no longer calls anyone. */
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    /** Its audible signal paused by {@code by} until {@code until_ms}. */
    public static final String SILENCED = "SILENCED";
    /** A high-priority alarm not acknowledged in time: call the next responder. */
    public static final String ESCALATED = "ESCALATED";
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
