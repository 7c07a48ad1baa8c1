package org.openholter.core.batch;

import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.records.SignalSource;
import org.openholter.core.records.WfdbSource;
import org.openholter.core.wfdb.RecordFrames;
import org.openholter.core.wfdb.WfdbRecord;

import java.util.function.LongConsumer;

/**
 * Runs a recorded file through exactly the per-patient path the stream runs ({@link PatientMonitor}: frames,
 * reassembly, resampling, windows, analyzer, alarms), so batch results are the stream's results. The record's
 * sample 0 is device time 0; a report's time {@code t} µs is record sample {@code round(t · fs / 10⁶)}.
 */
public final class RecordRunner {
    private final WindowAnalyzer analyzer;
    private final MonitorConfig config;
    private final double frameSeconds;

    public RecordRunner(WindowAnalyzer analyzer, MonitorConfig config, double frameSeconds) {
        this.analyzer = analyzer;
        this.config = config;
        this.frameSeconds = frameSeconds;
    }

    /**
     * Plays the whole record into {@code out}; {@code progress} hears the number of samples played after
     * each frame (may be null).
     */
    public void run(WfdbRecord record, MonitorOutput out, LongConsumer progress) {
        try {
            run(WfdbSource.of(record), out, progress);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a record in memory has nothing left to fail on
        }
    }

    /**
     * Streams a recording into {@code out}, frame by frame, in memory bounded by a frame and the analysis state (a 24-h
     * file is never loaded whole); {@code progress} as above. The source is closed at the end.
     */
    public void run(SignalSource source, MonitorOutput out, LongConsumer progress) throws java.io.IOException {
        run(source, out, progress, m -> {});
    }

    /** The same; {@code beforeEnd} sees the monitor after the last frame, before the end of input is analysed. */
    public void run(SignalSource source, MonitorOutput out, LongConsumer progress, java.util.function.Consumer<PatientMonitor> beforeEnd)
            throws java.io.IOException {
        try (source) {
            RecordFrames frames = new RecordFrames(source, source.name(), frameSeconds);
            PatientMonitor monitor = new PatientMonitor(source.name(), config, analyzer)
                    .alarmSettings(org.openholter.core.alarms.AlarmBook.Policy.RECORDING, ward -> null);
            int fs = frames.sampleRate(), per = frames.samplesPerFrame(), ch = source.channels().size();
            long pos = 0, seq = 0;
            while (true) {
                int[][] raw = new int[ch][per];
                int len = source.read(raw, 0, per);
                if (len == 0) break;
                if (len < per) for (int c = 0; c < ch; c++) raw[c] = java.util.Arrays.copyOf(raw[c], len);
                monitor.onFrame(frames.frame(seq++, raw, Math.round(pos * 1e6 / fs)), out);
                pos += len;
                if (progress != null) progress.accept(pos);
            }
            beforeEnd.accept(monitor);
            monitor.finish(out);
        }
    }

    /** Record sample of a device time from {@link #run}. */
    public static long sampleAt(long timeMicros, double fs) {
        return Math.round(timeMicros * fs / 1e6);
    }
}
