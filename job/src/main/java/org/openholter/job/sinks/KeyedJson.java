package org.openholter.job.sinks;

/** A JSON message bound for Kafka, keyed by device (alarms, codec slices): a Flink POJO. */
public class KeyedJson {
    public String deviceId;
    public long eventTimeMillis;
    public byte[] json;

    public KeyedJson() {}

    public KeyedJson(String deviceId, long eventTimeMillis, byte[] json) {
        this.deviceId = deviceId;
        this.eventTimeMillis = eventTimeMillis;
        this.json = json;
    }
}
