package org.openholter.job.flink;

import org.openholter.core.config.PhiInLogs;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientAlarms;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.monitor.PatientTrackers;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.sinks.InfluxPoints;
import org.openholter.core.sinks.InfluxWriter;
import org.openholter.core.sinks.LinePoint;
import org.openholter.job.ingest.DeviceRecord;
import org.openholter.core.codec.CodecJson;
import org.openholter.job.sinks.KeyedJson;
import org.openholter.job.sinks.InfluxLine;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.DeviceStatus;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.FrameDecodeException;
import org.openholter.wire.FrameValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Thin Flink adapter around {@link PatientMonitor}: one monitor per device in keyed state (in three pieces, each its own
 * state: the stream, which every frame changes; the alarm pipeline; the trackers, which only a window changes and so
 * are read and written only then), frames, status and alarm
 * commands in, InfluxDB lines out (main output) and alarms to a side output. An event-time timer releases frames that
 * waited for a lost predecessor once the watermark passes their deadline. One processing-time timer per device keeps
 * time when no record comes: {@value #SILENCE_MS} ms after its last frame a silent device raises SIGNAL_LOSS, and
 * waiting alarms escalate on later looks (more and more spaced) until frames return; once nothing at all has come for
 * the idle time, the device's state and timers are dropped. Ward limits set at run time arrive on the
 * broadcast input and are kept in broadcast state (checkpointed like the rest), over those of the start-up file.
 * A frame that fails to decode, or a fault in one patient's analysis, is counted and logged and never stops the other
 * patients.
 */
public class PatientMonitorFunction extends KeyedBroadcastProcessFunction<String, DeviceRecord, DeviceRecord, InfluxLine> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PatientMonitorFunction.class);

    public static final OutputTag<KeyedJson> ALARMS = new OutputTag<>("alarms", TypeInformation.of(KeyedJson.class));
    /** The layered codec of every reported stretch (CodecJson), for downstream consumers. */
    public static final OutputTag<KeyedJson> CODEC = new OutputTag<>("codec", TypeInformation.of(KeyedJson.class));
    /** Clinical events that are not alarms: AF episode onsets and ends. */
    public static final OutputTag<KeyedJson> EVENTS = new OutputTag<>("events", TypeInformation.of(KeyedJson.class));
    /** Ward limits set by command at run time: ward → limits JSON. */
    public static final MapStateDescriptor<String, String> WARD_LIMITS = new MapStateDescriptor<>("ward-limits", Types.STRING, Types.STRING);

    private final MonitorConfig config;
    private final AnalyzerFactory analyzerFactory;
    private final Duration idleStateTtl;

    /** Wall-clock silence after the last frame that raises SIGNAL_LOSS (ms). */
    public static final long SILENCE_MS = 10_000L;
    /**
     * After a start or restore, silence is judged only once this instance has read a recent frame (one sent within
     * {@value #SILENCE_MS} ms), or this long after its first timer: a job catching up on its Kafka backlog must not
     * take every device for silent; a ward whose devices all went quiet meanwhile still alarms, that much later.
     */
    static final long CATCH_UP_MS = 60_000L;
    /** Longest wait between two looks at a silent device. */
    static final long MAX_SILENT_TICK_MS = 600_000L;

    /** The patient in pieces: stream (identity, assembly, fast path), alarm pipeline, trackers (see {@link #load}). */
    private transient ValueState<PatientMonitor> stream;
    private transient ValueState<PatientAlarms> alarmPiece;
    private transient ValueState<PatientTrackers> trackerPiece;
    /** The whole patient in one value, as releases up to 0.1.0 kept it: read once per device after an upgrade, then cleared. */
    private transient ValueState<PatientMonitor> legacy;
    /**
     * The device's clock, apart from its (large) monitor so that a frame rewrites only a few numbers here: processing
     * time of its last frame (Long.MIN_VALUE: none yet) and of its last record of any kind, the timer armed, and the
     * device time (ms) of its last "ended" status (Long.MIN_VALUE: none).
     */
    private transient ValueState<long[]> clock;
    private transient boolean caughtUp;
    private transient long firstClock = Long.MIN_VALUE;
    private transient WindowAnalyzer analyzer;
    private final AlarmSettings alarmSettings;
    private boolean phiInLogs;
    private transient java.util.Map<String, org.openholter.wire.AlarmCommand.Limits> wardLimits;
    private transient Counter frames, rejected, statuses, windows, alarms, faults, commands, commandsRejected;

    public PatientMonitorFunction(MonitorConfig config, AnalyzerFactory analyzerFactory, Duration idleStateTtl) {
        this(config, analyzerFactory, idleStateTtl, AlarmSettings.DEFAULT);
    }

    public PatientMonitorFunction(MonitorConfig config, AnalyzerFactory analyzerFactory, Duration idleStateTtl, AlarmSettings alarmSettings) {
        this.alarmSettings = alarmSettings;
        this.config = config;
        this.analyzerFactory = analyzerFactory;
        this.idleStateTtl = idleStateTtl;
    }

    /** Whether this function's log lines (and the analysis core's, in its JVM) may carry health information. */
    public PatientMonitorFunction phiInLogs(boolean allowed) {
        this.phiInLogs = allowed;
        return this;
    }

    @Override
    public void open(OpenContext ctx) {
        PhiInLogs.allow(phiInLogs);
        ValueStateDescriptor<PatientMonitor> d = new ValueStateDescriptor<>("patient", new PatientMonitorSerializer());
        // As 0.1.0 declared it (with a TTL: state written with a TTL cannot be restored without one).
        d.enableTimeToLive(StateTtlConfig.newBuilder(idleStateTtl).build());
        legacy = getRuntimeContext().getState(d);
        // No TTL on the pieces: the device's timer drops them on time (onClock).
        stream = getRuntimeContext().getState(new ValueStateDescriptor<>("patient-stream", new PatientStreamSerializer()));
        alarmPiece = getRuntimeContext().getState(new ValueStateDescriptor<>("patient-alarms", new PatientAlarmsSerializer()));
        trackerPiece = getRuntimeContext().getState(new ValueStateDescriptor<>("patient-trackers", new PatientTrackersSerializer()));
        clock = getRuntimeContext().getState(new ValueStateDescriptor<>("clock", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        analyzer = analyzerFactory.create();
        var g = getRuntimeContext().getMetricGroup().addGroup("holter");
        frames = g.counter("frames");
        rejected = g.counter("framesRejected");
        statuses = g.counter("statuses");
        windows = g.counter("windows");
        alarms = g.counter("alarms");
        faults = g.counter("analysisFaults");
        commands = g.counter("alarmCommands");
        commandsRejected = g.counter("alarmCommandsRejected");
        wardLimits = alarmSettings.wardLimits();
    }

    @Override
    public void close() {
        if (analyzer != null) analyzer.close();
    }

    /**
     * A ward's new limits, on every parallel instance: kept in broadcast state over the ward's earlier ones; the first
     * instance writes the audit point.
     */
    @Override
    public void processBroadcastElement(DeviceRecord r, Context ctx, Collector<InfluxLine> out) throws Exception {
        boolean audit = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        AlarmCommand c;
        try {
            c = AlarmCommand.fromJson(r.payload);
            if (!c.forWard() || !c.target().equals(r.deviceId)) {
                throw new FrameDecodeException(org.openholter.wire.RejectReason.DEVICE_MISMATCH, null, "Kafka key is " + r.deviceId);
            }
            if (c.refused() != null) {
                if (audit) {
                    commandsRejected.inc();
                    emit(out, InfluxPoints.command(c, c.ward(), r.eventTimeMillis, false, "refused: " + c.refused()));
                }
                return;
            }
        } catch (FrameDecodeException e) {
            if (audit) {
                commandsRejected.inc();
                LOG.warn("rejected ward command {}: {}", r.deviceId, e.getMessage());
            }
            return;
        }
        var limits = ctx.getBroadcastState(WARD_LIMITS);
        String before = limits.get(c.ward());
        AlarmCommand.Limits merged = c.limits().over(before == null ? wardLimits.get(c.ward()) : AlarmCommand.Limits.fromJson(before));
        limits.put(c.ward(), merged.toJson());
        if (audit) {
            commands.inc();
            LOG.info("ward {} limits now {} (by {})", c.ward(), PhiInLogs.of(merged.toJson()), c.by());
            emit(out, InfluxPoints.command(c, null, r.eventTimeMillis, true, "ward limits now " + merged.toJson()));
        }
    }

    /** The ward's limits: those set at run time, else the start-up file's. */
    private java.util.function.Function<String, AlarmCommand.Limits> wardLimitsOf(ReadOnlyBroadcastState<String, String> runtime) {
        return ward -> {
            try {
                String json = ward == null ? null : runtime.get(ward);
                return json != null ? AlarmCommand.Limits.fromJson(json) : wardLimits.get(ward);
            } catch (Exception e) {
                throw new IllegalStateException("ward limits of " + ward + " unreadable", e);
            }
        };
    }

    @Override
    public void processElement(DeviceRecord r, ReadOnlyContext ctx, Collector<InfluxLine> out) throws Exception {
        long now = arrived(r.kind == DeviceRecord.FRAME, ctx.timerService());
        if (!caughtUp && r.kind == DeviceRecord.FRAME && now - r.eventTimeMillis < SILENCE_MS) caughtUp = true;
        String device = ctx.getCurrentKey();
        PatientMonitor m = load();
        if (m == null) m = new PatientMonitor(device, config, analyzer);
        m.alarmSettings(alarmSettings.policy(), wardLimitsOf(ctx.getBroadcastState(WARD_LIMITS)));
        Output o = new Output(out, ctx);
        if (r.kind == DeviceRecord.COMMAND) {
            // Commands also reach a patient the job has not seen yet (its limits are kept for when it comes).
            AlarmCommand c = null;
            try {
                c = AlarmCommand.fromJson(r.payload);
                if (c.forWard() || !c.deviceId().equals(device)) throw new FrameDecodeException(org.openholter.wire.RejectReason.DEVICE_MISMATCH, c.deviceId(), "Kafka key is " + device);
                if (c.refused() != null) {
                    // Refused by the gateway (unauthenticated or not allowed): only its audit point, nothing else.
                    commandsRejected.inc();
                    emit(out, InfluxPoints.command(c, m.ward(), r.eventTimeMillis, false, "refused: " + c.refused()));
                    return;
                }
                if (!c.coversWard(m.ward())) {
                    commandsRejected.inc();
                    LOG.warn("refused {} for {} by {}: the patient's ward {} is not one of {}", c.action(), device, c.by(), PhiInLogs.of(m.ward()), c.wards());
                    emit(out, InfluxPoints.command(c, m.ward(), r.eventTimeMillis, false, "refused: FORBIDDEN: " + c.by()
                            + " may not command patients of ward " + m.ward() + " (wards: " + String.join(",", c.wards()) + ")"));
                    return;
                }
                boolean done = m.onCommand(c, o);
                if (done) commands.inc(); else commandsRejected.inc();
                emit(out, InfluxPoints.command(c, m.ward(), r.eventTimeMillis, done, done ? "done" : "no such open alarm"));
            } catch (FrameDecodeException e) {
                commandsRejected.inc();
                LOG.warn("rejected alarm command for {}: {}", device, e.getMessage());
                if (c != null) emit(out, InfluxPoints.command(c, m.ward(), r.eventTimeMillis, false, e.getMessage()));
                return;
            } catch (RuntimeException e) {
                fault(device, e);
                return;
            }
            store(m);
            return;
        }
        if (r.kind == DeviceRecord.STATUS) {
            DeviceStatus s;
            try {
                s = DeviceStatus.fromJson(r.payload);
            } catch (FrameDecodeException e) {
                rejected.inc();
                LOG.warn("bad status of {}: {}", device, e.getMessage());
                return;
            }
            statuses.inc();
            if (DeviceStatus.ENDED.equals(s.state())) {
                long[] c = clock.value();
                c[3] = s.timeMillis() != null ? s.timeMillis() : r.eventTimeMillis;
                clock.update(c);
            }
            try {
                m.onStatus(s, o);
            } catch (RuntimeException e) {
                fault(device, e);
                return;
            }
            emit(out, InfluxPoints.of(s, r.eventTimeMillis));
            store(m);
            return;
        }
        EcgFrame f;
        try {
            f = BinaryFrameCodec.decode(r.payload);
            FrameValidator.validate(f);
            if (!f.deviceId().equals(device)) {
                throw new FrameDecodeException(org.openholter.wire.RejectReason.DEVICE_MISMATCH, f.deviceId(),
                        "Kafka key is " + device);
            }
        } catch (FrameDecodeException e) {
            rejected.inc();
            LOG.warn("rejected frame of {}: {}", device, e.getMessage());
            return;
        }
        frames.inc();
        try {
            m.onFrame(f, o);
        } catch (RuntimeException e) {
            fault(device, e);
            return;
        }
        if (m.hasPendingFrames()) {
            ctx.timerService().registerEventTimeTimer(Math.floorDiv(m.pendingDeadlineMicros(), 1000) + 1);
        }
        store(m);
    }

    /**
     * The current device's patient, or null: its stream piece with the alarm piece attached and the trackers to be
     * read only if a window needs them; a patient of an earlier release (one whole value) is moved into the pieces.
     * Read afresh for every record and timer (with the heap state backend, a value touched while a snapshot is written
     * is a copy: never keep one from an earlier call).
     */
    private PatientMonitor load() throws Exception {
        PatientMonitor m = stream.value();
        if (m != null) return m.attach(alarmPiece.value(), this::trackers).bind(analyzer);
        PatientMonitor old = legacy.value();
        if (old == null) return null;
        legacy.clear();
        old.bind(analyzer);
        store(old);
        return old;
    }

    private PatientTrackers trackers() {
        try {
            return trackerPiece.value();
        } catch (Exception e) {
            throw new IllegalStateException("patient trackers unreadable", e);
        }
    }

    /** Writes back the pieces a record changed: stream and alarms always, the trackers when they were used. */
    private void store(PatientMonitor m) throws Exception {
        stream.update(m);
        alarmPiece.update(m.alarmsPart());
        if (m.trackersChanged()) trackerPiece.update(m.trackersPart());
    }

    /** Forgets the current device's patient (every piece). */
    private void clearPatient() {
        stream.clear();
        alarmPiece.clear();
        trackerPiece.clear();
        legacy.clear();
    }

    /** A record arrived (a frame or not): the device's clock, and its timer armed if none is. Returns the processing time. */
    private long arrived(boolean frame, TimerService timers) throws Exception {
        long now = timers.currentProcessingTime();
        long[] c = clock.value();
        if (c == null) c = new long[] {Long.MIN_VALUE, now, Long.MIN_VALUE, Long.MIN_VALUE};
        if (frame) c[0] = now;
        c[1] = now;
        if (c[2] == Long.MIN_VALUE) {
            c[2] = now + SILENCE_MS;
            timers.registerProcessingTimeTimer(c[2]);
        }
        clock.update(c);
        return now;
    }

    /**
     * The device's processing-time timer: not due yet (frames came since it was armed) it is armed again from the last
     * frame; silent for {@value #SILENCE_MS} ms, SIGNAL_LOSS and escalation, then looks again as often as the silence is
     * old (up to {@value #MAX_SILENT_TICK_MS} ms apart); nothing at all for the idle time, the device is dropped (state
     * and timers). While a started or restored job is still reading its backlog, nothing is judged.
     */
    private void onClock(long now, OnTimerContext ctx, Collector<InfluxLine> out) throws Exception {
        long[] c = clock.value();
        if (c == null || c[2] != now) return; // a timer of a device already dropped, or one no longer armed
        if (now - c[1] >= idleStateTtl.toMillis()) {
            PatientMonitor m = load();
            if (m != null && m.hasPendingFrames()) ctx.timerService().deleteEventTimeTimer(Math.floorDiv(m.pendingDeadlineMicros(), 1000) + 1);
            clearPatient();
            clock.clear();
            LOG.info("device {} dropped: nothing received for {}", ctx.getCurrentKey(), idleStateTtl);
            return;
        }
        long next = now + SILENCE_MS;
        if (firstClock == Long.MIN_VALUE) firstClock = now;
        if (!caughtUp && now - firstClock < CATCH_UP_MS) {
            // Still reading the backlog after a start or restore: judge again later.
        } else if (c[0] != Long.MIN_VALUE && now - c[0] < SILENCE_MS) {
            next = c[0] + SILENCE_MS;
        } else {
            // Silent: judged again as often as the silence is old (10 s, 20 s, 40 s … up to 10 minutes), so that a
            // device gone for hours costs a few timers an hour while the first escalations still come on time.
            next = now + Math.min(MAX_SILENT_TICK_MS, Math.max(SILENCE_MS, now - c[1]));
        }
        if (c[0] != Long.MIN_VALUE && now - c[0] >= SILENCE_MS && (caughtUp || now - firstClock >= CATCH_UP_MS)) {
            PatientMonitor m = load();
            // A device that said it ended monitoring at or after its last sample is not silent (its "ended" and its
            // last frames may arrive in either order: they travel on different topics).
            boolean ended = m != null && c[3] != Long.MIN_VALUE && c[3] * 1000 >= m.lastSampleMicros() - 1_000_000L;
            if (m != null && !ended) {
                m.alarmSettings(alarmSettings.policy(), wardLimitsOf(ctx.getBroadcastState(WARD_LIMITS)));
                try {
                    m.onSilence((now - c[0]) * 1000, new Output(out, ctx));
                    store(m);
                } catch (RuntimeException e) {
                    fault(ctx.getCurrentKey(), e);
                }
            }
        }
        // Never later than the idle deadline, so a device is dropped on time.
        c[2] = Math.min(next, c[1] + idleStateTtl.toMillis());
        ctx.timerService().registerProcessingTimeTimer(c[2]);
        clock.update(c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<InfluxLine> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            onClock(timestamp, ctx, out);
            return;
        }
        PatientMonitor m = load();
        if (m == null || !m.hasPendingFrames()) return;
        m.alarmSettings(alarmSettings.policy(), wardLimitsOf(ctx.getBroadcastState(WARD_LIMITS)));
        try {
            m.onWatermark(timestamp * 1000, new Output(out, ctx));
        } catch (RuntimeException e) {
            fault(ctx.getCurrentKey(), e);
            return;
        }
        if (m.hasPendingFrames()) {
            ctx.timerService().registerEventTimeTimer(Math.floorDiv(m.pendingDeadlineMicros(), 1000) + 1);
        }
        store(m);
    }

    /** One patient's analysis failed: start that patient afresh rather than stop the ward. */
    private void fault(String device, RuntimeException e) throws Exception {
        faults.inc();
        LOG.error("analysis fault for device {}: its stream restarts from the next frame", device, e);
        clearPatient();
    }

    private static void emit(Collector<InfluxLine> out, LinePoint p) {
        if (!p.hasFields()) return;
        InfluxWriter.Line l = p.toEntry();
        out.collect(new InfluxLine(l.text(), l.latencyOriginMicros(), l.latencyTags()));
    }

    private final class Output implements MonitorOutput {
        private final Collector<InfluxLine> out;
        private final ReadOnlyContext ctx;

        Output(Collector<InfluxLine> out, ReadOnlyContext ctx) {
            this.out = out;
            this.ctx = ctx;
        }

        @Override
        public void window(WindowReport report) {
            windows.inc();
            for (LinePoint p : InfluxPoints.of(report)) emit(out, p);
            ctx.output(CODEC, new KeyedJson(report.deviceId(), Math.floorDiv(report.keepFromMicros(), 1000),
                    CodecJson.toJson(report.deviceId(), report.segment(), report.codec())));
        }

        @Override
        public void hrv(HrvReport report) {
            emit(out, InfluxPoints.of(report));
        }

        @Override
        public void afEpisode(AfEpisode e) {
            LinePoint p = InfluxPoints.of(e);
            emit(out, p);
            ctx.output(EVENTS, new KeyedJson(e.deviceId(), Math.floorDiv(p.timeMicros(), 1000), e.toJson()));
        }

        @Override
        public void features(FeatureReport f) {
            emit(out, InfluxPoints.of(f));
        }

        @Override
        public void afBurden(AfBurden b) {
            emit(out, InfluxPoints.of(b));
        }

        @Override
        public void alarm(AlarmEvent a) {
            alarms.inc();
            LOG.info("alarm {} {} {} onset {}", a.deviceId(), PhiInLogs.of(a.type()), a.state(), a.onsetMillis());
            ctx.output(ALARMS, new KeyedJson(a.deviceId(), a.eventMillis(), a.toJson()));
            emit(out, InfluxPoints.of(a));
        }
    }
}
