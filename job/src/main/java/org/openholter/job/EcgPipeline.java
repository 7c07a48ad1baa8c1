package org.openholter.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.job.flink.AlarmSettings;
import org.openholter.job.flink.AnalyzerFactory;
import org.openholter.job.flink.PatientMonitorFunction;
import org.openholter.job.ingest.DeviceRecord;
import org.openholter.job.sinks.KeyedJson;
import org.openholter.job.sinks.InfluxLine;

import java.time.Duration;

/**
 * The job's topology, with its ends injected (Kafka and InfluxDB in production, anything in tests):
 * <pre>
 *   source (frames + status + alarm commands, event time = first-sample time)
 *     → keyBy(device) → patient monitor (reassemble, resample, window, analyse, alarm)
 *                        ↑ ward limits commands, broadcast to every instance
 *         → InfluxDB (rate, beats, quality, status, alarms, latency)
 *         → alarms side output → Kafka (exactly once)
 *         → codec side output → Kafka (at least once; keyed by device, identified by segment and first sample)
 * </pre>
 */
public final class EcgPipeline {
    private final Source<DeviceRecord, ?, ?> source;
    private final Sink<InfluxLine> influx;
    private final Sink<KeyedJson> alarms;
    private final Sink<KeyedJson> codec;
    private final Sink<KeyedJson> events;

    public EcgPipeline(Source<DeviceRecord, ?, ?> source, Sink<InfluxLine> influx, Sink<KeyedJson> alarms, Sink<KeyedJson> codec,
                       Sink<KeyedJson> events) {
        this.source = source;
        this.influx = influx;
        this.alarms = alarms;
        this.codec = codec;
        this.events = events;
    }

    public void build(StreamExecutionEnvironment env, MonitorConfig config, AnalyzerFactory analyzer, Duration stateTtl) {
        build(env, config, analyzer, stateTtl, AlarmSettings.DEFAULT);
    }

    public void build(StreamExecutionEnvironment env, MonitorConfig config, AnalyzerFactory analyzer, Duration stateTtl, AlarmSettings alarmSettings) {
        build(env, config, analyzer, stateTtl, alarmSettings, false);
    }

    /** @param phiInLogs whether the job's log lines may carry health information ({@link org.openholter.core.config.PhiInLogs}) */
    public void build(StreamExecutionEnvironment env, MonitorConfig config, AnalyzerFactory analyzer, Duration stateTtl, AlarmSettings alarmSettings,
                      boolean phiInLogs) {
        WatermarkStrategy<DeviceRecord> wm = WatermarkStrategy
                .<DeviceRecord>forBoundedOutOfOrderness(Duration.ofMillis(config.maxLatenessMillis()))
                .withTimestampAssigner((r, ts) -> r.eventTimeMillis)
                .withIdleness(Duration.ofSeconds(30));
        DataStream<DeviceRecord> records = env.fromSource(source, wm, "device-records").uid("device-records");
        BroadcastStream<DeviceRecord> wardCommands = records.filter(r -> r.kind == DeviceRecord.WARD_COMMAND).uid("ward-commands")
                .name("ward-commands").broadcast(PatientMonitorFunction.WARD_LIMITS);
        SingleOutputStreamOperator<InfluxLine> results = records.filter(r -> r.kind != DeviceRecord.WARD_COMMAND).uid("patient-records")
                .name("patient-records").keyBy(r -> r.deviceId).connect(wardCommands)
                .process(new PatientMonitorFunction(config, analyzer, stateTtl, alarmSettings).phiInLogs(phiInLogs)).uid("patient-monitor").name("patient-monitor");
        results.sinkTo(influx).uid("influx-sink").name("influxdb");
        results.getSideOutput(PatientMonitorFunction.ALARMS).sinkTo(alarms).uid("alarm-sink").name("kafka-alarms");
        results.getSideOutput(PatientMonitorFunction.CODEC).sinkTo(codec).uid("codec-sink").name("kafka-codec");
        results.getSideOutput(PatientMonitorFunction.EVENTS).sinkTo(events).uid("events-sink").name("kafka-events");
    }
}
