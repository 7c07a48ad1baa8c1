package org.openholter.core.batch;

import org.openholter.core.codec.CodecSlice;
import org.openholter.core.codec.Event;
import org.openholter.core.hrv.HrvTracker;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.rhythm.AfTracker;
import org.openholter.wire.AlarmEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a recorded file's run produced, kept small enough for a 24-h record: beats as (record sample, MIT
 * code, RR, intervals), the codec as runs merged across stretches (not one byte per sample), the alarms, the HRV
 * reports, the AF episodes and the complete AF burdens. Positions of codec runs are analysis-rate samples from the
 * record's start; device time 0 is the record's first sample.
 */
public final class RecordResults implements MonitorOutput {
    private final double recordFs;
    private long[] beatSample = new long[1024];
    private char[] beatCode = new char[1024];
    private double[][] beatValues = new double[1024][]; // rr, pr, qrs, qt (ms; NaN unknown)
    private int beats;
    private final List<HrvTracker.Report> hrv = new ArrayList<>();
    private final List<AfTracker.Episode> afEpisodes = new ArrayList<>();
    private final List<AfTracker.Burden> afBurdens = new ArrayList<>();
    private final List<FeatureReport> features = new ArrayList<>();
    private final List<List<Event>> layers = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private final List<AlarmEvent> alarms = new ArrayList<>();
    private final List<WindowReport> windows = new ArrayList<>();
    private final boolean keepWindows;
    private int analysisFs;
    private long codecEnd;

    /** @param keepWindows also keep every window report (for reports that need rates and intervals over time) */
    public RecordResults(double recordFs, boolean keepWindows) {
        this.recordFs = recordFs;
        this.keepWindows = keepWindows;
    }

    @Override
    public void window(WindowReport r) {
        for (WindowReport.ReportedBeat b : r.beats()) {
            if (beats == beatSample.length) {
                beatSample = java.util.Arrays.copyOf(beatSample, beats * 2);
                beatCode = java.util.Arrays.copyOf(beatCode, beats * 2);
                beatValues = java.util.Arrays.copyOf(beatValues, beats * 2);
            }
            beatSample[beats] = RecordRunner.sampleAt(b.timeMicros(), recordFs);
            beatValues[beats] = new double[] {b.rrMillis(), b.intervals().prMs(), b.intervals().qrsMs(), b.intervals().qtMs()};
            beatCode[beats++] = b.label();
        }
        CodecSlice s = r.codec();
        if (s != null && s.length() > 0) {
            if (r.segment() != 0) throw new IllegalStateException("a recorded file makes one stream segment; got segment " + r.segment());
            if (s.firstSample() != codecEnd) throw new IllegalStateException("codec slice at " + s.firstSample() + ", expected " + codecEnd);
            analysisFs = s.sampleRateHz();
            append(layers.get(0), s.wave(), s.firstSample());
            append(layers.get(1), s.beat(), s.firstSample());
            append(layers.get(2), s.rhythm(), s.firstSample());
            codecEnd = s.firstSample() + s.length();
        }
        if (keepWindows) windows.add(r);
    }

    @Override
    public void alarm(AlarmEvent a) { alarms.add(a); }

    @Override
    public void hrv(HrvReport r) { hrv.add(r.report()); }

    @Override
    public void features(FeatureReport r) { features.add(r); }

    @Override
    public void afEpisode(AfEpisode e) { if (!e.episode().ongoing()) afEpisodes.add(e.episode()); }

    @Override
    public void afBurden(AfBurden b) { if (b.burden().complete()) afBurdens.add(b.burden()); }

    private static void append(List<Event> into, byte[] labels, long origin) {
        for (Event e : Event.runs(labels, origin)) {
            int last = into.size() - 1;
            if (last >= 0 && into.get(last).end() == e.start() && into.get(last).cls() == e.cls()) {
                into.set(last, new Event(into.get(last).start(), e.end(), e.cls()));
            } else {
                into.add(e);
            }
        }
    }

    public double recordFs() { return recordFs; }
    public int beatCount() { return beats; }
    public long beatSample(int k) { return beatSample[k]; }
    public char beatCode(int k) { return beatCode[k]; }
    /** Beat {@code k}'s RR from the previous beat, PR, QRS and QT in ms (NaN where unknown). */
    public double[] beatValues(int k) { return beatValues[k]; }
    public List<HrvTracker.Report> hrv() { return Collections.unmodifiableList(hrv); }
    /** The ECGomics features of every reported stretch's window. */
    public List<FeatureReport> features() { return Collections.unmodifiableList(features); }
    /** AF episodes that ended (the end of the record ends the last one). */
    public List<AfTracker.Episode> afEpisodes() { return Collections.unmodifiableList(afEpisodes); }
    /** AF burden of each hour and day of the record (the last ones up to the record's end). */
    public List<AfTracker.Burden> afBurdens() { return Collections.unmodifiableList(afBurdens); }
    /** Codec runs of layer 0 (wave), 1 (beat) or 2 (rhythm), at {@link #analysisFs()}. */
    public List<Event> layer(int layer) { return Collections.unmodifiableList(layers.get(layer)); }
    public int analysisFs() { return analysisFs; }
    public long analysedSamples() { return codecEnd; }
    public List<AlarmEvent> alarms() { return Collections.unmodifiableList(alarms); }

    /** An alarm raised and the step that cleared it (null: still active at the record's end). */
    public record AlarmEpisode(AlarmEvent raised, AlarmEvent cleared) {}

    /** Every alarm raised, in the order raised, each with its clearing. */
    public List<AlarmEpisode> alarmEpisodes() {
        java.util.Map<String, AlarmEvent> cleared = new java.util.HashMap<>();
        for (AlarmEvent a : alarms) if (AlarmEvent.CLEARED.equals(a.state())) cleared.putIfAbsent(a.id(), a);
        List<AlarmEpisode> out = new ArrayList<>();
        for (AlarmEvent a : alarms) if (AlarmEvent.RAISED.equals(a.state())) out.add(new AlarmEpisode(a, cleared.get(a.id())));
        return out;
    }
    public List<WindowReport> windows() { return Collections.unmodifiableList(windows); }
}
