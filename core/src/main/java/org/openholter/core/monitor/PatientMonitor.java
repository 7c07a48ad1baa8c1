package org.openholter.core.monitor;

import org.openholter.core.config.PhiInLogs;

import org.openholter.core.alarms.AlarmBook;
import org.openholter.core.alarms.FastAlarms;
import org.openholter.core.alarms.AlarmTransition;
import org.openholter.core.alarms.RhythmAlarms;
import org.openholter.core.codec.Event;
import org.openholter.core.features.WindowFeatures;
import org.openholter.core.hrv.HrvTracker;
import org.openholter.core.rhythm.AfTracker;
import org.openholter.core.analysis.Beat;
import org.openholter.core.analysis.WindowAnalysis;
import org.openholter.core.codec.CodecSlice;
import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.ingest.FrameReassembler;
import org.openholter.core.signal.ChannelKind;
import org.openholter.core.signal.PolyphaseResampler;
import org.openholter.core.window.AnalysisWindow;
import org.openholter.core.window.WindowCutter;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.DeviceStatus;
import org.openholter.wire.EcgFrame;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the system knows about one patient's stream, and the whole per-patient pipeline:
 * frames → reassembly → millivolts → resampling → 10-s windows → analysis → beats, rate, quality
 * → alarms. Plain Java: the Flink job keeps one per device in keyed state, batch mode feeds one
 * from a file. Its state round-trips through {@link #writeState}/{@link #readState} exactly, so a
 * restore continues as if nothing happened.
 */
public final class PatientMonitor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PatientMonitor.class);
    /** A beat closer than this to the previous reported one is the same beat seen by two windows. */
    private static final long SAME_BEAT_MICROS = 200_000L;
    /** Beats this far before a kept range may still be new (boundary jitter between windows). */
    private static final long KEEP_SLACK_MICROS = 100_000L;
    /** More lost signal than this in a kept stretch makes it unusable for alarms. */
    private static final double MAX_LOST_SECONDS = 0.3;

    private final MonitorConfig config;
    private transient WindowAnalyzer analyzer;
    private final String deviceId;

    private String ward = "default";
    private String bed = "";
    private final FrameReassembler reassembler;
    private long segment = -1;
    private PolyphaseResampler[] resamplers;
    private WindowCutter cutter;
    private long inCount;               // input samples of this segment fed to the resamplers
    private long outCount;              // resampled samples appended to the cutter
    private final List<long[]> lostRanges = new ArrayList<>(); // output index ranges to mark NaN
    private final List<Long> pendingPace = new ArrayList<>();   // output indices of pace pulses not yet appended
    private float[] lastValue;          // per channel, held through gaps
    /** The alarm pipeline: a piece of state of its own ({@link #attach}). */
    private PatientAlarms al = new PatientAlarms();
    /** What windows carry over: a piece of state of its own, loaded only when a window needs it ({@link #tr}). */
    private PatientTrackers trackers = new PatientTrackers();
    private transient java.util.function.Supplier<PatientTrackers> trackerSource;
    private transient boolean trackersTouched = true;
    private String[] channels;          // the segment's channels, as the frames name them
    private int[] analysed;             // which of them the windows analyse (the ECG leads)
    private FastAlarms fastAlarms;      // per segment: the high-priority alarms' fast path on the incoming samples
    private transient AlarmBook.Policy policy = AlarmBook.Policy.MONITORING;
    private transient java.util.function.Function<String, AlarmCommand.Limits> wardLimits = w -> null;
    /** The latest 5-minute HRV, for the functional features (derived, not kept in state: a restore waits a minute for it). */
    private transient HrvTracker.Report lastFiveMinutes;

    private transient MonitorOutput out;
    private transient long currentSourceEnd;

    public PatientMonitor(String deviceId, MonitorConfig config, WindowAnalyzer analyzer) {
        this.deviceId = deviceId;
        this.config = config;
        this.analyzer = analyzer;
        this.reassembler = new FrameReassembler(config.maxLatenessMillis() * 1000, config.maxGapFillMillis() * 1000,
                config.maxPendingFrames());
        if (analyzer != null) bind(analyzer);
    }

    /**
     * Attaches the (shared) analyzer after a restore; its per-patient state is decoded when the trackers are next
     * used. A state written by another analyzer is dropped (the new one starts fresh) rather than misread.
     */
    public PatientMonitor bind(WindowAnalyzer a) {
        analyzer = a;
        if (trackers != null) trackers.bind(a, deviceId);
        return this;
    }

    /**
     * Gives this monitor (its stream, as kept in its own piece of state) the patient's other pieces: the alarm
     * pipeline, and where to load the trackers from should a window need them ({@code trackers} may return null: a
     * fresh start). Called before each record when the pieces are kept apart (the job); {@link #trackersChanged} then
     * says whether the trackers must be stored back.
     */
    public PatientMonitor attach(PatientAlarms alarms, java.util.function.Supplier<PatientTrackers> trackers) {
        this.al = alarms != null ? alarms : new PatientAlarms();
        this.trackers = null;
        this.trackerSource = trackers;
        this.trackersTouched = false;
        return this;
    }

    /** The alarm pipeline's piece of state. */
    public PatientAlarms alarmsPart() { return al; }

    /** The trackers' piece of state, loading it if it was not. */
    public PatientTrackers trackersPart() { return tr(); }

    /** True when the trackers were used since {@link #attach} (or this monitor is new): store them back. */
    public boolean trackersChanged() { return trackersTouched; }

    /** The trackers, loaded (and the analyzer's state decoded) on first use. */
    private PatientTrackers tr() {
        if (trackers == null) {
            PatientTrackers t = trackerSource == null ? null : trackerSource.get();
            trackers = t != null ? t : new PatientTrackers();
            if (analyzer != null) trackers.bind(analyzer, deviceId);
        }
        trackersTouched = true;
        return trackers;
    }

    public MonitorConfig config() { return config; }

    /**
     * How alarms live ({@link AlarmBook.Policy}) and each ward's alarm limits (null: the defaults); not part of the
     * state: the job sets them from its options after every restore.
     */
    public PatientMonitor alarmSettings(AlarmBook.Policy p, java.util.function.Function<String, AlarmCommand.Limits> wards) {
        this.policy = p;
        this.wardLimits = wards;
        return this;
    }

    /** The alarm limits in force: the patient's own over the ward's over the defaults. */
    public RhythmAlarms.Limits limits() {
        return RhythmAlarms.Limits.DEFAULT.with(wardLimits.apply(ward)).with(al.limitsSet);
    }

    /**
     * A command of the nurses: acknowledge or silence alarms (each leaves an event), or set the patient's limits.
     * Returns false, logged, when it concerned none of this patient's open alarms.
     */
    public boolean onCommand(AlarmCommand c, MonitorOutput output) {
        if (!c.deviceId().equals(deviceId)) throw new IllegalArgumentException("command of " + c.deviceId() + " given to the monitor of " + deviceId);
        long at = c.atMillis() != null ? c.atMillis() : Math.floorDiv(currentSourceEnd, 1000);
        if (c.action().equals(AlarmCommand.LIMITS)) {
            al.limitsSet = c.limits().over(al.limitsSet);
            LOG.info("{}: alarm limits set by {}: {}", deviceId, c.by(), PhiInLogs.of(limits()));
            return true;
        }
        int n = al.book.onCommand(c, at, output::alarm);
        if (n == 0) LOG.warn("{}: {} by {} concerned no open alarm{}", deviceId, c.action(), c.by(), c.alarmId() == null ? "" : " " + PhiInLogs.of(c.alarmId()));
        return n > 0;
    }

    /** The patient's open alarms (raised, or latched until acknowledged), by id. */
    public java.util.Map<String, AlarmEvent> openAlarms() { return al.book.open(); }

    public String deviceId() { return deviceId; }
    public String ward() { return ward; }
    public String bed() { return bed; }
    public FrameReassembler.Counters streamCounters() { return reassembler.counters(); }
    public boolean hasPendingFrames() { return reassembler.hasPending(); }
    public long pendingDeadlineMicros() { return reassembler.pendingDeadlineMicros(); }

    /** Frames must already be validated ({@code FrameValidator}). */
    public void onFrame(EcgFrame frame, MonitorOutput output) {
        if (!frame.deviceId().equals(deviceId)) {
            throw new IllegalArgumentException("frame of " + frame.deviceId() + " given to the monitor of " + deviceId);
        }
        this.out = output;
        currentSourceEnd = frame.endMicros();
        reassembler.accept(frame, listener);
        al.book.tick(Math.floorDiv(currentSourceEnd, 1000), policy, output::alarm);
    }

    /** The fleet's event time moved on: give up waiting for frames older than the lateness bound. */
    public void onWatermark(long micros, MonitorOutput output) {
        this.out = output;
        reassembler.advanceTo(micros, listener);
    }

    /**
     * A status message. When the device goes offline its stream has ended: what waits is released, the
     * last seconds are analysed and reported (nothing is left unanalysed), and the sample buffers are
     * dropped, so that an absent device costs almost nothing in state and checkpoints.
     */
    public void onStatus(DeviceStatus status, MonitorOutput output) {
        if (status.ward() != null && !status.ward().isBlank()) ward = status.ward();
        if (status.bed() != null) bed = status.bed();
        List<AlarmTransition> transitions = new ArrayList<>(1);
        long at = status.timeMillis() != null ? status.timeMillis() * 1000 : currentSourceEnd;
        al.technical.onStatus(status, at, transitions);
        emit(transitions, output);
        if (!status.online()) endStream(output);
    }

    /**
     * No frame for {@code silentMicros} of wall-clock time (the job's timer): a device that streamed and fell silent
     * without saying so (no offline status, no last will) raises SIGNAL_LOSS from its last sample; alarms waiting for an
     * acknowledgement escalate even though no frame comes to drive them. Times are put on the device's clock (its last
     * sample plus the silence), as everything else of this patient.
     */
    public void onSilence(long silentMicros, MonitorOutput output) {
        List<AlarmTransition> transitions = new ArrayList<>(1);
        long last = lastSampleMicros();
        if (last == Long.MIN_VALUE) last = currentSourceEnd;
        else if (streaming()) al.technical.onSilence(last, last + silentMicros, transitions);
        emit(transitions, output);
        al.book.tick(Math.floorDiv(last + silentMicros, 1000), policy, output::alarm);
    }

    /** Device time just after the last sample received (µs), Long.MIN_VALUE before any. */
    public long lastSampleMicros() { return reassembler.started() ? reassembler.positionMicros() : Long.MIN_VALUE; }

    /** The heart rate the high-priority alarms use now (bpm), NaN when there is none (no stream, too few beats, asystole). */
    public double alarmHeartRate() { return fastAlarms == null ? Double.NaN : fastAlarms.heartRateBpm(); }

    /** True while a stream segment is open (samples are buffered). */
    public boolean streaming() { return cutter != null; }

    /** End of input (batch): release what waits and report every remaining sample. */
    public void finish(MonitorOutput output) {
        endStream(output);
        tr().hrv.finish(r -> output.hrv(new MonitorOutput.HrvReport(deviceId, ward, bed, r)));
        List<AlarmTransition> transitions = new ArrayList<>(1);
        tr().af.finish(afSink(output, transitions));
        emit(transitions, output);
    }

    /** AF events to the output; episode onsets and ends also raise and clear the AFIB alarm. */
    private AfTracker.Sink afSink(MonitorOutput output, List<AlarmTransition> transitions) {
        return new AfTracker.Sink() {
            @Override public void episode(AfTracker.Episode e) {
                output.afEpisode(new MonitorOutput.AfEpisode(deviceId, ward, bed, e));
                al.rhythm.afEpisode(e.onsetMicros(), e.offsetMicros(), transitions);
            }
            @Override public void burden(AfTracker.Burden b) { output.afBurden(new MonitorOutput.AfBurden(deviceId, ward, bed, b)); }
        };
    }

    /** The stream ends for now (the device went offline): what waits is analysed; HRV spans stay open for its return. */
    private void endStream(MonitorOutput output) {
        this.out = output;
        reassembler.releaseAll(listener);
        closeSegment();
    }

    private final FrameReassembler.Listener listener = new FrameReassembler.Listener() {
        @Override
        public void onSamples(EcgFrame f, int from) {
            if (cutter == null) openSegment(f);
            int ch = f.channelCount();
            int n = f.samplesPerChannel() - from;
            float[][] mv = new float[ch][n];
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < n; i++) mv[c][i] = f.millivolts(c, from + i);
                lastValue[c] = mv[c][n - 1];
            }
            long t0 = f.firstSampleMicros() + Math.round(from * 1e6 / f.sampleRateHz());
            // A pulse at input sample p falls on output p·fsOut/fsIn (the nearest analysis sample).
            for (int p : f.pacePulses()) {
                if (p >= from) pendingPace.add(Math.round((inCount + p - from) * (double) config.analysisRateHz() / f.sampleRateHz()));
            }
            feed(mv, n, f.leadOffMask(), t0, f.sampleRateHz());
        }

        @Override
        public void onGap(long fromMicros, long toMicros, int missing) {
            if (cutter == null || missing <= 0) return;
            int up = config.analysisRateHz(), fsIn = resamplers[0].inputRate();
            long a = ceilDiv(inCount * up, fsIn), b = ceilDiv((inCount + missing) * up, fsIn);
            lostRanges.add(new long[] {a, b});
            int ch = lastValue.length;
            float[][] hold = new float[ch][missing];
            for (int c = 0; c < ch; c++) Arrays.fill(hold[c], lastValue[c]);
            feed(hold, missing, 0, fromMicros, fsIn);
        }

        @Override
        public void onBreak(String reason) {
            closeSegment();
        }
    };

    private void openSegment(EcgFrame f) {
        segment++;
        int ch = f.channelCount();
        resamplers = new PolyphaseResampler[ch];
        for (int c = 0; c < ch; c++) resamplers[c] = new PolyphaseResampler(f.sampleRateHz(), config.analysisRateHz());
        channels = f.channelNames();
        analysed = analysedChannels(channels);
        cutter = new WindowCutter(deviceId, select(channels, analysed), config.analysisRateHz(), config.windowSeconds(),
                config.strideSeconds(), config.guardSeconds(), segment);
        lastValue = new float[ch];
        fastAlarms = new FastAlarms(config.analysisRateHz(), f.channelNames());
        inCount = 0;
        outCount = 0;
        lostRanges.clear();
        pendingPace.clear();
        tr().lastBeatMicros = Long.MIN_VALUE;
    }

    /** The ECG channels, which the windows analyse (all channels when none is named as an ECG lead nor left out). */
    static int[] analysedChannels(String[] names) {
        int[] ecg = java.util.stream.IntStream.range(0, names.length).filter(c -> ChannelKind.of(names[c]) == ChannelKind.ECG).toArray();
        return ecg.length > 0 ? ecg : java.util.stream.IntStream.range(0, names.length).toArray();
    }

    private static <T> T[] select(T[] all, int[] which) {
        if (which.length == all.length) return all;
        T[] out = java.util.Arrays.copyOf(all, which.length);
        for (int k = 0; k < which.length; k++) out[k] = all[which[k]];
        return out;
    }

    private static float[][] select(float[][] all, int[] which) {
        if (which.length == all.length) return all;
        float[][] out = new float[which.length][];
        for (int k = 0; k < which.length; k++) out[k] = all[which[k]];
        return out;
    }

    /** Lead-off bits renumbered to the analysed channels. */
    private static int selectBits(int bits, int[] which) {
        if (bits == 0) return 0;
        int out = 0;
        for (int k = 0; k < which.length; k++) if ((bits & (1 << which[k])) != 0) out |= 1 << k;
        return out;
    }

    /**
     * True when the patient's pulse contradicts this raise of a high-priority alarm: the raise is dropped, and a
     * {@code VETOED} event says so (the audit trail of what was not alarmed, and why).
     */
    private boolean vetoed(AlarmTransition t, MonitorOutput output) {
        if (!t.raised() || t.type().priority() != org.openholter.core.alarms.AlarmType.Priority.HIGH || fastAlarms == null) return false;
        String why = fastAlarms.pulseContradiction(t);
        if (why == null) return false;
        LOG.info("{}: {} not raised, {}", deviceId, PhiInLogs.of(t.type()), PhiInLogs.of(why));
        fastAlarms.vetoed(t);
        al.book.onCondition(event(t, AlarmEvent.VETOED, t.message() + "; vetoed: " + why), policy, output::alarm);
        return true;
    }

    private void closeSegment() {
        if (cutter == null) return;
        int ch = resamplers.length;
        float[][] tail = new float[ch][];
        int m = 0;
        for (int c = 0; c < ch; c++) {
            float[] buf = new float[resamplers[c].delayOutputSamples() + 64];
            m = resamplers[c].flush(buf, 0);
            tail[c] = buf;
        }
        if (m > 0) {
            markLost(tail, m);
            cutter.append(select(tail, analysed), 0, m, 0, takePace(m), Long.MIN_VALUE, currentSourceEnd, this::onWindow);
            outCount += m;
        }
        long end = cutter.nextSampleMicros();
        al.arbiter.fastEnded(end);
        cutter.finish(currentSourceEnd, this::onWindow);
        List<AlarmTransition> held = new ArrayList<>(0);
        al.arbiter.segmentEnded(end, held);
        emit(held, out);
        cutter = null;
        resamplers = null;
        fastAlarms = null;
    }

    private void feed(float[][] data, int n, int leadOff, long firstMicros, int fsIn) {
        int ch = data.length;
        int expected = resamplers[0].outputsFor(n);
        float[][] res = new float[ch][];
        int m = 0;
        for (int c = 0; c < ch; c++) {
            res[c] = new float[expected];
            m = resamplers[c].process(data[c], 0, n, res[c], 0);
        }
        // Output k lies at input position k·fsIn/fsOut: anchor the first new output on the device clock.
        double inPos = outCount * (double) fsIn / config.analysisRateHz();
        long anchor = firstMicros + Math.round((inPos - inCount) * 1e6 / fsIn);
        inCount += n;
        if (m == 0) return;
        markLost(res, m);
        List<AlarmTransition> fast = new ArrayList<>(0);
        fastAlarms.append(res, m, leadOff, anchor, fast);
        if (!fast.isEmpty()) {
            List<AlarmTransition> merged = new ArrayList<>(fast.size());
            for (AlarmTransition t : fast) if (!vetoed(t, out)) al.arbiter.fast(t, merged);
            emit(merged, out);
        }
        cutter.append(select(res, analysed), 0, m, selectBits(leadOff, analysed), takePace(m), anchor, currentSourceEnd, this::onWindow);
        outCount += m;
    }

    /** Offsets within the next {@code m} output samples of the pending pace pulses that fall there (a late one on the first). */
    private int[] takePace(int m) {
        if (pendingPace.isEmpty()) return new int[0];
        List<Integer> now = new ArrayList<>();
        for (var it = pendingPace.iterator(); it.hasNext(); ) {
            long q = it.next();
            if (q >= outCount + m) continue;
            int off = (int) Math.max(0, q - outCount);
            if (now.isEmpty() || now.get(now.size() - 1) < off) now.add(off);
            it.remove();
        }
        return now.stream().mapToInt(Integer::intValue).toArray();
    }

    private void markLost(float[][] res, int m) {
        if (lostRanges.isEmpty()) return;
        long from = outCount, to = outCount + m;
        for (long[] r : lostRanges) {
            long a = Math.max(r[0], from), b = Math.min(r[1], to);
            for (long k = a; k < b; k++) for (float[] ch : res) ch[(int) (k - from)] = Float.NaN;
        }
        lostRanges.removeIf(r -> r[1] <= to);
    }

    private void onWindow(AnalysisWindow w) {
        if (analyzer == null) throw new IllegalStateException("monitor of " + deviceId + " has no analyzer bound");
        PatientTrackers tr = tr();
        WindowAnalysis a = analyzer.analyze(w, tr.analyzerState);
        // Lost samples are not silence: a kept stretch with more than a little missing can neither raise nor clear.
        boolean usable = a.quality() != null && a.quality().usable() && lostSeconds(w, a.channel()) <= MAX_LOST_SECONDS;
        long keepFrom = w.keepFromMicros(), keepTo = w.keepToMicros();
        List<WindowReport.ReportedBeat> beats = new ArrayList<>();
        if (!usable) tr.lastBeatMicros = Long.MIN_VALUE;
        for (Beat b : a.beats()) {
            long t = b.timeMicros();
            if (t >= keepTo || t < keepFrom - KEEP_SLACK_MICROS) continue;
            if (tr.lastBeatMicros != Long.MIN_VALUE && t - tr.lastBeatMicros < SAME_BEAT_MICROS) continue;
            double rr = tr.lastBeatMicros == Long.MIN_VALUE ? Double.NaN : (t - tr.lastBeatMicros) / 1000.0;
            beats.add(new WindowReport.ReportedBeat(t, b.label(), rr, b.amplitudeMv(), b.intervals()));
            tr.hrv.beat(t, b.label(), rr);
            tr.lastBeatMicros = t;
        }
        FrameReassembler.Counters s = reassembler.counters();
        String channel = a.channel() >= 0 ? w.channelNames()[a.channel()] : null;
        CodecSlice codec = CodecSlice.of(w, a);
        out.window(new WindowReport(deviceId, ward, bed, w.segment(), w.index(), keepFrom, keepTo, beats,
                a.heartRateBpm(), alarmHeartRate(), a.rhythm(), a.quality(), channel, a.analyzer(), w.sourceEndMicros(),
                new WindowReport.StreamStats(s.frames, s.stale, s.reordered, s.gaps, s.missingSamples, s.breaks), codec));
        List<AlarmTransition> transitions = new ArrayList<>(2);
        tr.af.stretch(codec, afSink(out, transitions));
        tr.hrv.advance(keepTo, r -> {
            if (r.span().equals("5m")) lastFiveMinutes = r;
            out.hrv(new MonitorOutput.HrvReport(deviceId, ward, bed, r));
        });
        out.features(new MonitorOutput.FeatureReport(deviceId, ward, bed, keepFrom, keepTo, WindowFeatures.of(w, a, lastFiveMinutes),
                a.embedding()));
        long[] times = beats.stream().mapToLong(WindowReport.ReportedBeat::timeMicros).toArray();
        char[] labels = new char[beats.size()];
        for (int k = 0; k < labels.length; k++) labels[k] = beats.get(k).label();
        al.engine.onStretch(keepFrom, keepTo, times, usable, transitions);
        al.technical.onStretch(keepFrom, keepTo, a.quality(), a.channel() < 0 ? 1 : lostSeconds(w, a.channel()) * 1e6 / Math.max(1, keepTo - keepFrom), transitions);
        al.rhythm.limits(limits());
        al.rhythm.onStretch(keepFrom, keepTo, times, labels, codec == null ? List.of() : Event.runs(codec.rhythm(), 0),
                codec == null ? w.sampleRateHz() : codec.sampleRateHz(), a.heartRateBpm(), medianQtc(beats), usable, transitions);
        List<AlarmTransition> merged = new ArrayList<>(transitions.size());
        for (AlarmTransition t : transitions) if (!vetoed(t, out)) al.arbiter.window(t, merged);
        al.arbiter.windowsCovered(keepTo, merged);
        emit(merged, out);
    }

    /** Median QTc (Bazett) of the stretch's beats; NaN without one. */
    private static double medianQtc(List<WindowReport.ReportedBeat> beats) {
        double[] q = beats.stream().mapToDouble(b -> b.qtc(org.openholter.core.delineation.QtCorrection.BAZETT))
                .filter(x -> !Double.isNaN(x)).sorted().toArray();
        return q.length == 0 ? Double.NaN : q[q.length / 2];
    }

    private void emit(List<AlarmTransition> transitions, MonitorOutput out) {
        for (AlarmTransition t : transitions) {
            al.book.onCondition(event(t, switch (t.step()) {
                case RAISE -> AlarmEvent.RAISED;
                case UPDATE -> AlarmEvent.UPDATED;
                case CLEAR -> AlarmEvent.CLEARED;
            }, t.message()), policy, out::alarm);
        }
    }

    private AlarmEvent event(AlarmTransition t, String state, String message) {
        long onsetMs = Math.floorDiv(t.onsetMicros(), 1000);
        return new AlarmEvent(AlarmEvent.episodeId(deviceId, t.type().name(), onsetMs), deviceId, ward, bed, t.type().name(),
                t.type().priority().name(), state, onsetMs, Math.floorDiv(t.eventMicros(), 1000), t.value(), message);
    }

    private static double lostSeconds(AnalysisWindow w, int channel) {
        if (channel < 0) return Double.POSITIVE_INFINITY;
        float[] x = w.data()[channel];
        int lost = 0;
        for (int i = w.keepFrom(); i < w.keepTo(); i++) if (Float.isNaN(x[i])) lost++;
        return lost / (double) w.sampleRateHz();
    }

    private static long ceilDiv(long a, long b) { return -Math.floorDiv(-a, b); }

    // ---- state ----------------------------------------------------------------------------------
    //
    // A patient is three pieces of state: the stream (this object: identity, frame assembly, resampling, the window
    // cutter's samples and the fast path), the alarms (PatientAlarms) and the trackers (PatientTrackers). The job keeps
    // each in its own keyed state; writeState / readState keep them together (batch, tests, and the job's state before
    // the split: layouts 8-10, one monolith, whose field order the pieces' bodies keep).

    /** 11: the three pieces one after the other, each with its own layout; 8–10: one monolith (10: every pulsatile channel followed). */
    public static final int STATE_VERSION = 11;
    /** The oldest layout {@link #readState} still reads. */
    public static final int OLDEST_READABLE_VERSION = 8;
    /** The layout of the stream piece alone ({@link #writeStream}; it also records its fast path's layout). */
    public static final int STREAM_VERSION = 1;

    /** True when {@link #readState} reads a state of layout {@code version}. */
    public static boolean readsStateVersion(int version) {
        return version >= OLDEST_READABLE_VERSION && version <= STATE_VERSION;
    }

    /** The whole patient: the three pieces. */
    public void writeState(DataOutput o) throws IOException {
        o.writeInt(STATE_VERSION);
        writeStream(o);
        al.write(o);
        tr().write(o);
    }

    /** The stream piece alone (the job keeps the alarms and trackers in their own state). */
    public void writeStream(DataOutput o) throws IOException {
        o.writeInt(STREAM_VERSION);
        o.writeInt(FastAlarms.STATE_VERSION);
        writeStreamBody(o);
    }

    /** Reads {@link #writeStream}'s piece; {@link #attach} the others and {@link #bind} an analyzer before feeding it. */
    public static PatientMonitor readStream(DataInput in) throws IOException {
        int v = in.readInt();
        if (v != STREAM_VERSION) throw new IOException("patient stream state layout " + v + " (this build reads " + STREAM_VERSION + ")");
        int fast = in.readInt();
        if (fast < 1 || fast > FastAlarms.STATE_VERSION) throw new IOException("fast alarm state layout " + fast + " (this build reads 1 to " + FastAlarms.STATE_VERSION + ")");
        return readStreamBody(in, fast);
    }

    private void writeStreamBody(DataOutput o) throws IOException {
        o.writeUTF(deviceId);
        o.writeInt(config.analysisRateHz());
        o.writeDouble(config.windowSeconds());
        o.writeDouble(config.strideSeconds());
        o.writeDouble(config.guardSeconds());
        o.writeLong(config.maxLatenessMillis());
        o.writeLong(config.maxGapFillMillis());
        o.writeInt(config.maxPendingFrames());
        o.writeUTF(ward);
        o.writeUTF(bed);
        reassembler.writeState(o);
        o.writeLong(segment);
        o.writeBoolean(cutter != null);
        if (cutter != null) {
            o.writeInt(resamplers.length);
            for (PolyphaseResampler r : resamplers) r.writeState(o);
            o.writeInt(channels.length);
            for (String c : channels) o.writeUTF(c);
            cutter.writeState(o);
            o.writeLong(inCount);
            o.writeLong(outCount);
            o.writeInt(lostRanges.size());
            for (long[] r : lostRanges) { o.writeLong(r[0]); o.writeLong(r[1]); }
            for (float v : lastValue) o.writeFloat(v);
            o.writeInt(pendingPace.size());
            for (long q : pendingPace) o.writeLong(q);
            fastAlarms.writeState(o);
        }
    }

    /** The stream's fields, in the order every layout kept them; {@code fastLayout}: the fast path's layout. */
    private static PatientMonitor readStreamBody(DataInput in, int fastLayout) throws IOException {
        String deviceId = in.readUTF();
        MonitorConfig config = new MonitorConfig(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readLong(), in.readLong(), in.readInt());
        PatientMonitor m = new PatientMonitor(deviceId, config, null);
        m.ward = in.readUTF();
        m.bed = in.readUTF();
        m.reassembler.readState(in);
        // Not kept: until a frame comes, the end of what was received stands for the last frame's end.
        if (m.reassembler.started()) m.currentSourceEnd = m.reassembler.positionMicros();
        m.segment = in.readLong();
        if (in.readBoolean()) {
            int ch = in.readInt();
            m.resamplers = new PolyphaseResampler[ch];
            for (int c = 0; c < ch; c++) m.resamplers[c] = PolyphaseResampler.readState(in);
            String[] names = new String[in.readInt()];
            for (int c = 0; c < names.length; c++) names[c] = in.readUTF();
            m.channels = names;
            m.analysed = analysedChannels(names);
            m.cutter = new WindowCutter(deviceId, select(names, m.analysed), config.analysisRateHz(), config.windowSeconds(),
                    config.strideSeconds(), config.guardSeconds(), m.segment);
            m.cutter.readState(in);
            m.inCount = in.readLong();
            m.outCount = in.readLong();
            int lr = in.readInt();
            for (int i = 0; i < lr; i++) m.lostRanges.add(new long[] {in.readLong(), in.readLong()});
            m.lastValue = new float[ch];
            for (int c = 0; c < ch; c++) m.lastValue[c] = in.readFloat();
            int pp = in.readInt();
            for (int i = 0; i < pp; i++) m.pendingPace.add(in.readLong());
            m.fastAlarms = new FastAlarms(config.analysisRateHz(), names);
            m.fastAlarms.readState(in, fastLayout);
        }
        return m;
    }

    /** Reads a monitor written by {@link #writeState} (any layout from 8 on); {@link #bind} an analyzer before feeding it. */
    public static PatientMonitor readState(DataInput in) throws IOException {
        int version = in.readInt();
        if (!readsStateVersion(version)) throw new IOException("unknown patient state version " + version + " (this build reads " + OLDEST_READABLE_VERSION + " to " + STATE_VERSION + ")");
        if (version >= 11) {
            PatientMonitor m = readStream(in);
            m.al = PatientAlarms.read(in);
            m.trackers = PatientTrackers.read(in);
            return m;
        }
        // Layouts 8-10: one monolith, the pieces' fields interleaved; patient state 8, 9, 10 held fast path layout 1, 2, 3.
        PatientMonitor m = readStreamBody(in, version - 7);
        m.trackers.readAnalyzer(in);
        m.al.readBody(in, 1);
        m.trackers.readRest(in);
        return m;
    }
}
