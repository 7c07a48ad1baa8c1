package org.openholter.wire;

/**
 * MQTT topic layout and default Kafka topic names (docs/protocol.md).
 *
 * <pre>
 * {root}/dev/{device}/frame        binary frames, QoS 1           device → gateway
 * {root}/dev/{device}/frame/json   JSON frames, QoS 1             device → gateway
 * {root}/dev/{device}/status       JSON status, retained, also the last will (state offline)
 * {root}/dev/{device}/alarm        alarms for this device          gateway → device
 * {root}/dev/{device}/receipt      frames now stored in Kafka      gateway → device (QoS 0)
 * {root}/dev/{device}/command      acknowledge / silence / limits  central station → gateway
 * {root}/ward/{ward}/alarm         alarms of every bed of a ward   gateway → central station
 * {root}/ward/{ward}/command       the ward's alarm limits         central station → gateway
 * {root}/station/{user}/command    any alarm command of clinician {user} (the broker lets only {user} publish here)
 * </pre>
 * Where clinicians are authenticated, the gateway takes commands from the station topics only: the user in the topic is
 * the identity the broker authenticated, so it, not a field the sender fills in, is who gave the command.
 */
public final class Topics {
    public static final String DEFAULT_ROOT = "holter/v1";

    public static final String KAFKA_FRAMES = "ecg.frames";
    public static final String KAFKA_STATUS = "ecg.status";
    public static final String KAFKA_DEAD_LETTER = "ecg.frames.dlq";
    public static final String KAFKA_ALARMS = "ecg.alarms";
    /** The layered codec (wave / beat / rhythm per sample), one message per reported stretch. */
    public static final String KAFKA_CODEC = "ecg.codec";
    /** Alarm commands (acknowledge, silence, limits), keyed by device: from the gateway or straight from a station. */
    public static final String KAFKA_COMMANDS = "ecg.commands";
    /** Clinical events that are not alarms (AF episode onsets and ends), one JSON message each. */
    public static final String KAFKA_EVENTS = "ecg.events";

    /** What a device topic carries. */
    public enum Kind { FRAME, FRAME_JSON, STATUS, ALARM, COMMAND, WARD_COMMAND, STATION_COMMAND }

    /** A parsed device topic ({@code deviceId} is the ward for a {@link Kind#WARD_COMMAND}, the user for a {@link Kind#STATION_COMMAND}). */
    public record DeviceTopic(String deviceId, Kind kind) {}

    private final String root;

    public Topics(String root) {
        if (root == null || root.isEmpty() || root.endsWith("/") || root.contains("+") || root.contains("#")) {
            throw new IllegalArgumentException("MQTT topic root must be a plain topic prefix without wildcards: " + root);
        }
        this.root = root;
    }

    public String root() { return root; }
    public String frame(String device) { return root + "/dev/" + device + "/frame"; }
    public String frameJson(String device) { return root + "/dev/" + device + "/frame/json"; }
    public String status(String device) { return root + "/dev/" + device + "/status"; }
    public String deviceAlarm(String device) { return root + "/dev/" + device + "/alarm"; }
    /** Where the gateway tells a device which of its frames are stored (in Kafka): until then the device keeps them. */
    public String receipt(String device) { return root + "/dev/" + device + "/receipt"; }
    public String command(String device) { return root + "/dev/" + device + "/command"; }
    public String wardAlarm(String ward) { return root + "/ward/" + ward + "/alarm"; }
    public String wardCommand(String ward) { return root + "/ward/" + ward + "/command"; }
    public String stationCommand(String user) { return root + "/station/" + user + "/command"; }

    /** Filters the gateway subscribes to (each wrapped in a shared subscription). */
    public String[] gatewayFilters() {
        return new String[] {root + "/dev/+/frame", root + "/dev/+/frame/json", root + "/dev/+/status", root + "/dev/+/command",
                root + "/ward/+/command", root + "/station/+/command"};
    }

    /** Parses a device topic, or returns null when the topic is not one. */
    public DeviceTopic parse(String topic) {
        String stationPrefix = root + "/station/";
        if (topic != null && topic.startsWith(stationPrefix) && topic.endsWith("/command")) {
            String user = topic.substring(stationPrefix.length(), topic.length() - "/command".length());
            return user.isEmpty() || user.contains("/") ? null : new DeviceTopic(user, Kind.STATION_COMMAND);
        }
        String wardPrefix = root + "/ward/";
        if (topic != null && topic.startsWith(wardPrefix) && topic.endsWith("/command")) {
            String ward = topic.substring(wardPrefix.length(), topic.length() - "/command".length());
            return ward.isEmpty() || ward.contains("/") ? null : new DeviceTopic(ward, Kind.WARD_COMMAND);
        }
        String prefix = root + "/dev/";
        if (topic == null || !topic.startsWith(prefix)) return null;
        String rest = topic.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) return null;
        String device = rest.substring(0, slash);
        String tail = rest.substring(slash + 1);
        switch (tail) {
            case "frame": return new DeviceTopic(device, Kind.FRAME);
            case "frame/json": return new DeviceTopic(device, Kind.FRAME_JSON);
            case "status": return new DeviceTopic(device, Kind.STATUS);
            case "alarm": return new DeviceTopic(device, Kind.ALARM);
            case "command": return new DeviceTopic(device, Kind.COMMAND);
            default: return null;
        }
    }
}
