package org.openholter.job.sinks;

/** An alarm event bound for Kafka: key (device) and JSON value (a Flink POJO). */
public class AlarmRecord {
    public String deviceId;
    public long eventTimeMillis;
    public byte[] json;

    public AlarmRecord() {}

    public AlarmRecord(String deviceId, long eventTimeMillis, byte[] json) {
        this.deviceId = deviceId;
        this.eventTimeMillis = eventTimeMillis;
        this.json = json;
    }
}
