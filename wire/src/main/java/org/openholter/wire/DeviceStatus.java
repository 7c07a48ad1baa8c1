package org.openholter.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.util.List;

/**
 * A device's status message, published retained on {@code …/dev/{device}/status}. The device's
 * MQTT last will is the same message with {@code state = "offline"}, so the broker announces a
 * device that vanished (a DEVICE_OFFLINE alarm); a device whose monitoring ends on purpose
 * (patient discharged, recording over) says {@code state = "ended"} instead, which raises nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceStatus(
        @JsonProperty("device") String deviceId,
        @JsonProperty("state") String state,
        @JsonProperty("ts_ms") Long timeMillis,
        @JsonProperty("battery_pct") Double batteryPercent,
        @JsonProperty("lead_off") List<String> leadOff,
        @JsonProperty("ward") String ward,
        @JsonProperty("bed") String bed) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String ENDED = "ended";

    public boolean online() { return ONLINE.equals(state); }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and checks a status message. */
    public static DeviceStatus fromJson(byte[] json) {
        DeviceStatus s;
        try {
            s = Json.MAPPER.readValue(json, DeviceStatus.class);
        } catch (IOException e) {
            throw new FrameDecodeException(RejectReason.BAD_JSON, null, "status is not valid JSON: " + e.getMessage());
        }
        if (s == null || s.deviceId() == null || !FrameValidator.DEVICE_ID.matcher(s.deviceId()).matches()) {
            throw new FrameDecodeException(RejectReason.BAD_DEVICE_ID, s == null ? null : s.deviceId(), "status without a valid device id");
        }
        if (!ONLINE.equals(s.state()) && !OFFLINE.equals(s.state()) && !ENDED.equals(s.state())) {
            throw new FrameDecodeException(RejectReason.MALFORMED, s.deviceId(), "state must be online, offline or ended: " + s.state());
        }
        if (s.batteryPercent() != null && !(s.batteryPercent() >= 0 && s.batteryPercent() <= 100)) {
            throw new FrameDecodeException(RejectReason.MALFORMED, s.deviceId(), "battery_pct outside 0-100: " + s.batteryPercent());
        }
        return s;
    }

    /** The same status stamped with a time (the gateway stamps messages that carry none, such as a last will). */
    public DeviceStatus withTime(long millis) {
        return new DeviceStatus(deviceId, state, millis, batteryPercent, leadOff, ward, bed);
    }
}
