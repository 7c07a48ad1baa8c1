package org.openholter.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.util.Set;

/**
 * What a nurse (or the central station) tells the alarm engine about one patient, on MQTT
 * {@code {root}/dev/{device}/command} or Kafka {@code ecg.commands} (keyed by device):
 * <ul>
 *   <li>{@code ACK}: acknowledge the alarm {@code id}, or every alarm of the patient without one; a latched
 *       high-priority alarm whose condition has ended goes away only then;</li>
 *   <li>{@code SILENCE}: pause the audible signal of alarm {@code id} (or all) for {@code silence_s} seconds
 *       (default 120, at most 600), which also holds back its escalation;</li>
 *   <li>{@code LIMITS}: set the patient's alarm limits ({@code hr_high}, {@code hr_low}, {@code pause_s},
 *       {@code qtc_ms}; those left out keep their value).</li>
 * </ul>
 * A ward's limits are set the same way with {@code ward} instead of {@code device} (LIMITS only), on MQTT
 * {@code {root}/ward/{ward}/command} or Kafka {@code ecg.commands} keyed {@code ward:{ward}}: they apply at once to
 * every patient of the ward under the patient's own.
 * {@code by} says who, and {@code at_ms} when (the gateway fills in its clock when absent). Every command leaves an
 * audit trail on {@code ecg.alarms} and in InfluxDB.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlarmCommand(
        @JsonProperty("action") String action,
        @JsonProperty("device") String deviceId,
        @JsonProperty("id") String alarmId,
        @JsonProperty("by") String by,
        @JsonProperty("at_ms") Long atMillis,
        @JsonProperty("silence_s") Double silenceSeconds,
        @JsonProperty("limits") Limits limits,
        @JsonProperty("ward") String ward,
        @JsonProperty("role") String role,
        @JsonProperty("wards") java.util.List<String> wards,
        @JsonProperty("refused") String refused) {

    /** A command for one patient. */
    public AlarmCommand(String action, String deviceId, String alarmId, String by, Long atMillis, Double silenceSeconds, Limits limits) {
        this(action, deviceId, alarmId, by, atMillis, silenceSeconds, limits, null, null, null, null);
    }

    /** New limits for a ward. */
    public static AlarmCommand wardLimits(String ward, String by, Limits limits) {
        return new AlarmCommand(LIMITS, null, null, by, null, null, limits, ward, null, null, null);
    }

    /**
     * This command as the gateway vouches for it: {@code by} is the identity the broker authenticated (whatever the
     * sender wrote), with that clinician's role and the wards whose patients it may command ({@code *}: every ward).
     */
    public AlarmCommand authenticated(String identity, String role, java.util.List<String> wards) {
        return new AlarmCommand(action, deviceId, alarmId, identity, atMillis, silenceSeconds, limits, ward, role, wards, refused);
    }

    /** This command refused (by the gateway, for {@code reason}): carried on so that the refusal is audited. */
    public AlarmCommand refusedFor(String reason) {
        return new AlarmCommand(action, deviceId, alarmId, by, atMillis, silenceSeconds, limits, ward, role, wards, reason);
    }

    /**
     * Whether the sender may command a patient of {@code patientWard}: always for a command without a ward scope
     * (from a deployment that does not authenticate clinicians), else only for a ward in its scope ({@code *}: any).
     * A patient of unknown ward is outside every scope but {@code *}.
     */
    public boolean coversWard(String patientWard) {
        if (wards == null) return true;
        return wards.contains("*") || (patientWard != null && wards.contains(patientWard));
    }

    /** The Kafka key of a ward's commands (device ids cannot contain ':'). */
    public static String wardKey(String ward) { return WARD_KEY_PREFIX + ward; }

    public static final String WARD_KEY_PREFIX = "ward:";

    public boolean forWard() { return ward != null; }

    /** The device, or {@code ward:{ward}}: what the command is about, as its Kafka key. */
    public String target() { return forWard() ? wardKey(ward) : deviceId; }

    public static final String ACK = "ACK", SILENCE = "SILENCE", LIMITS = "LIMITS";
    private static final Set<String> ACTIONS = Set.of(ACK, SILENCE, LIMITS);
    public static final double DEFAULT_SILENCE_S = 120, MAX_SILENCE_S = 600;

    /** Alarm limits of one patient; null fields are left as they are. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limits(@JsonProperty("hr_high") Double hrHighBpm, @JsonProperty("hr_low") Double hrLowBpm,
                         @JsonProperty("pause_s") Double pauseSeconds, @JsonProperty("qtc_ms") Double qtcMs) {
        /** These limits over {@code base} (null: none): the fields set here, else base's. */
        public Limits over(Limits base) {
            if (base == null) return this;
            return new Limits(hrHighBpm != null ? hrHighBpm : base.hrHighBpm, hrLowBpm != null ? hrLowBpm : base.hrLowBpm,
                    pauseSeconds != null ? pauseSeconds : base.pauseSeconds, qtcMs != null ? qtcMs : base.qtcMs);
        }

        public String toJson() {
            try {
                return Json.MAPPER.writeValueAsString(this);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Limits fromJson(String json) {
            try {
                return Json.MAPPER.readValue(json, Limits.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("limits are not JSON: " + json, e);
            }
        }

        void validate(String device) {
            check(device, "hr_high", hrHighBpm, 60, 250);
            check(device, "hr_low", hrLowBpm, 20, 120);
            check(device, "pause_s", pauseSeconds, 1.5, 15);
            check(device, "qtc_ms", qtcMs, 400, 700);
            if (hrHighBpm != null && hrLowBpm != null && hrLowBpm >= hrHighBpm) {
                throw new FrameDecodeException(RejectReason.BAD_COMMAND, device, "hr_low must be below hr_high");
            }
        }

        private static void check(String device, String name, Double v, double lo, double hi) {
            if (v != null && !(v >= lo && v <= hi)) {
                throw new FrameDecodeException(RejectReason.BAD_COMMAND, device, name + " must be " + lo + "-" + hi + ", got " + v);
            }
        }
    }

    /**
     * Ward alarm limits, {@code {"icu-2": {"hr_high": 130, "hr_low": 45}, …}}, each checked as a LIMITS command's;
     * a clear {@link IllegalArgumentException} otherwise.
     */
    public static java.util.Map<String, Limits> wardLimits(String json) {
        java.util.Map<String, Limits> m;
        try {
            m = Json.MAPPER.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Limits>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("ward limits are not {\"ward\": {\"hr_high\": …}, …} JSON: " + e.getMessage(), e);
        }
        for (var e : m.entrySet()) {
            if (e.getValue() == null) throw new IllegalArgumentException("ward " + e.getKey() + " has no limits");
            try {
                e.getValue().validate(e.getKey());
            } catch (FrameDecodeException x) {
                throw new IllegalArgumentException("ward " + e.getKey() + ": " + x.getMessage(), x);
            }
        }
        return m;
    }

    public AlarmCommand withTime(long millis) {
        return new AlarmCommand(action, deviceId, alarmId, by, millis, silenceSeconds, limits, ward, role, wards, refused);
    }

    /** Seconds to silence for ({@link #DEFAULT_SILENCE_S} unless given). */
    public double silenceOrDefault() { return silenceSeconds == null ? DEFAULT_SILENCE_S : silenceSeconds; }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and checks a command; anything wrong is a {@link RejectReason#BAD_COMMAND} (or BAD_JSON / BAD_DEVICE_ID). */
    public static AlarmCommand fromJson(byte[] json) {
        return parse(json, null, false);
    }

    /**
     * A command as a sender wrote it on MQTT: what only the gateway may say ({@code role}, {@code wards},
     * {@code refused}) is dropped, and for a sender the broker authenticated as {@code identity} (null: none) {@code by}
     * may be left out and is replaced by the identity whatever it says.
     */
    public static AlarmCommand fromSender(byte[] json, String identity) {
        return parse(json, identity, true);
    }

    private static AlarmCommand parse(byte[] json, String identity, boolean fromSender) {
        AlarmCommand c;
        try {
            c = Json.MAPPER.readValue(json, AlarmCommand.class);
        } catch (IOException e) {
            throw new FrameDecodeException(RejectReason.BAD_JSON, null, "command is not valid JSON: " + e.getMessage());
        }
        if (c != null && c.ward() != null) {
            if (c.deviceId() != null) throw new FrameDecodeException(RejectReason.BAD_COMMAND, c.deviceId(), "a command is for a device or a ward, not both");
            if (!FrameValidator.DEVICE_ID.matcher(c.ward()).matches()) throw new FrameDecodeException(RejectReason.BAD_COMMAND, null, "bad ward name: " + c.ward());
            if (!LIMITS.equals(c.action()) || c.alarmId() != null) throw new FrameDecodeException(RejectReason.BAD_COMMAND, null, "a ward takes LIMITS commands only");
        } else if (c == null || c.deviceId() == null || !FrameValidator.DEVICE_ID.matcher(c.deviceId()).matches()) {
            throw new FrameDecodeException(RejectReason.BAD_DEVICE_ID, c == null ? null : c.deviceId(), "command without a valid device id");
        }
        String d = c.forWard() ? "ward " + c.ward() : c.deviceId();
        if (c.action() == null || !ACTIONS.contains(c.action())) {
            throw new FrameDecodeException(RejectReason.BAD_COMMAND, d, "action must be one of " + ACTIONS + ": " + c.action());
        }
        if (fromSender && c != null) {
            c = new AlarmCommand(c.action, c.deviceId, c.alarmId, identity != null ? identity : c.by, c.atMillis, c.silenceSeconds,
                    c.limits, c.ward, null, null, null);
        }
        if (c.by() == null || c.by().isBlank() || c.by().length() > 64) {
            throw new FrameDecodeException(RejectReason.BAD_COMMAND, d, "'by' must say who (1-64 characters)");
        }
        if (c.alarmId() != null && !c.alarmId().startsWith(c.deviceId() + ":")) {
            throw new FrameDecodeException(RejectReason.BAD_COMMAND, d, "alarm " + c.alarmId() + " is not one of device " + d);
        }
        if (c.silenceSeconds() != null && !(c.silenceSeconds() > 0 && c.silenceSeconds() <= MAX_SILENCE_S)) {
            throw new FrameDecodeException(RejectReason.BAD_COMMAND, d, "silence_s must be in (0, " + MAX_SILENCE_S + "]: " + c.silenceSeconds());
        }
        if (c.action().equals(LIMITS)) {
            if (c.limits() == null) throw new FrameDecodeException(RejectReason.BAD_COMMAND, d, "LIMITS needs 'limits'");
            c.limits().validate(d);
        }
        if (c.atMillis() != null && c.atMillis() < 978_307_200_000L) {
            throw new FrameDecodeException(RejectReason.BAD_COMMAND, d, "at_ms before 2001: " + c.atMillis());
        }
        return c;
    }
}
