package org.openholter.launcher.cost;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the job's CPU goes, by stage, from a JFR recording of this JVM: each execution sample of a job thread is put in
 * the stage of the innermost frame that names one (a QRS detection run by the fast path is the fast path's; an InfluxDB
 * point built while a window is reported is the sinks'), except that a stack with a state serializer anywhere in it is
 * state work (writing the fast path's buffers into a checkpoint is not the fast path). Samples of threads inside native code count only when they
 * are in ONNX Runtime (a thread waiting on a socket is native too). JFR caps the threads it samples per period, so the
 * shares are estimates; the recording is kept so that anyone can open it (JDK Mission Control, {@code jfr print}).
 */
public final class StageProfile implements AutoCloseable {
    /** Stages in report order, each with the frames that mark it (class-name prefixes, or {@code Class.method}). */
    public static final Map<String, List<String>> STAGES = new LinkedHashMap<>();
    static final String STATE = "state and checkpoints";

    static {
        STAGES.put(STATE, List.of("org.openholter.job.flink.PieceSerializer", "org.openholter.job.flink.PatientMonitorSerializer",
                "org.openholter.job.flink.PatientStreamSerializer", "org.openholter.job.flink.PatientAlarmsSerializer",
                "org.openholter.job.flink.PatientTrackersSerializer", "writeState", "readState", "writeStream", "readStream",
                "org.apache.flink.runtime.state.", "org.apache.flink.runtime.checkpoint.", "org.apache.flink.api.common.typeutils.",
                "org.apache.flink.api.java.typeutils.runtime.", "com.esotericsoftware.kryo."));
        STAGES.put("sinks", List.of("org.openholter.job.sinks.", "org.openholter.core.sinks.", "org.openholter.core.codec.CodecJson",
                "org.apache.flink.connector.kafka.sink.", "org.apache.kafka.clients.producer."));
        STAGES.put("fast path", List.of("org.openholter.core.alarms.FastAlarms", "org.openholter.core.pulse."));
        STAGES.put("window analysis", List.of("org.openholter.core.monitor.PatientMonitor.onWindow", "ai.onnxruntime."));
        STAGES.put("resampling", List.of("org.openholter.core.signal.PolyphaseResampler"));
        STAGES.put("ingest", List.of("org.openholter.core.ingest.", "org.openholter.job.ingest.", "org.openholter.wire.",
                "org.apache.kafka.clients.consumer.", "org.apache.flink.connector.kafka.source.", "org.apache.flink.connector.base.source."));
        STAGES.put("other job code", List.of("org.openholter."));
        STAGES.put("Flink runtime (network, mailbox, timers)", List.of("org.apache.flink."));
    }

    /** Stages that only a stack no other stage claims falls into (any of our frames; any of Flink's). */
    private static final java.util.Set<String> BROAD = java.util.Set.of("other job code", "Flink runtime (network, mailbox, timers)");

    private final Recording recording = new Recording();
    private final Path file;

    /** Starts recording execution samples every {@code period}. */
    public StageProfile(Path file, Duration period) throws IOException {
        this.file = file;
        recording.enable("jdk.ExecutionSample").withPeriod(period);
        recording.enable("jdk.NativeMethodSample").withPeriod(period);
        recording.setToDisk(true);
        recording.setDestination(file);
        recording.start();
    }

    /** Stops and returns each stage's share of the job threads' samples (and {@code "samples"}: their count). */
    public Map<String, Double> stop(Predicate<String> jobThread) throws IOException {
        recording.stop();
        recording.close();
        Map<String, Long> n = new LinkedHashMap<>();
        STAGES.keySet().forEach(s -> n.put(s, 0L));
        n.put("other (JDK, libraries)", 0L);
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            boolean nativeSample = e.getEventType().getName().equals("jdk.NativeMethodSample");
            if (e.getStackTrace() == null || !e.hasField("sampledThread")) continue;
            String thread = e.getThread("sampledThread").getJavaName();
            if (thread == null || !jobThread.test(thread)) continue;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (nativeSample && frames.stream().noneMatch(f -> name(f).startsWith("ai.onnxruntime."))) continue;
            n.merge(stageOf(frames.stream().map(f -> name(f) + "." + f.getMethod().getName()).toList()), 1L, Long::sum);
            total++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> s : n.entrySet()) out.put(s.getKey(), total == 0 ? 0 : s.getValue() / (double) total);
        out.put("samples", (double) total);
        return out;
    }

    /** The stage of a stack given as {@code Class.method} names, innermost first. */
    static String stageOf(List<String> leafFirst) {
        // State first, wherever it is in the stack: a serializer writing the fast path's buffers is state work.
        for (String full : leafFirst) if (matches(full, STAGES.get(STATE))) return STATE;
        for (boolean broad : new boolean[] {false, true}) {
            for (String full : leafFirst) {
                for (Map.Entry<String, List<String>> s : STAGES.entrySet()) {
                    if (BROAD.contains(s.getKey()) != broad) continue;
                    if (matches(full, s.getValue())) return s.getKey();
                }
            }
        }
        return "other (JDK, libraries)";
    }

    private static boolean matches(String full, List<String> markers) {
        String method = full.substring(full.lastIndexOf('.') + 1);
        for (String m : markers) if (m.indexOf('.') < 0 ? method.equals(m) : full.startsWith(m)) return true;
        return false;
    }

    private static String name(RecordedFrame f) { return f.getMethod().getType().getName(); }

    @Override
    public void close() { recording.close(); }
}
