package org.openholter.job.ingest;

/**
 * A record from Kafka as the job carries it: the device, its event time and the untouched payload
 * (a binary frame, a JSON status or a JSON alarm command). Decoding happens in the keyed operator, so the shuffle moves
 * bytes only. A Flink POJO (public fields, no-argument constructor).
 */
public class DeviceRecord {
    public static final byte FRAME = 0;
    public static final byte STATUS = 1;
    /** An alarm command (acknowledge, silence, limits) as JSON. */
    public static final byte COMMAND = 2;
    /** A ward's alarm limits (JSON {@code AlarmCommand} with {@code ward}); {@link #deviceId} is {@code ward:{ward}}. */
    public static final byte WARD_COMMAND = 3;

    public String deviceId;
    public byte kind;
    public long eventTimeMillis;
    public byte[] payload;

    public DeviceRecord() {}

    public DeviceRecord(String deviceId, byte kind, long eventTimeMillis, byte[] payload) {
        this.deviceId = deviceId;
        this.kind = kind;
        this.eventTimeMillis = eventTimeMillis;
        this.payload = payload;
    }
}
