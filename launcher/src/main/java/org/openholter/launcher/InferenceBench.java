package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.core.analysis.Beat;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.analysis.WindowAnalysis;
import org.openholter.core.beats.BeatClassifier;
import org.openholter.core.beats.BeatFeatures;
import org.openholter.core.config.Flags;
import org.openholter.core.delineation.OnnxDelineator;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.window.AnalysisWindow;
import org.openholter.wire.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./holter bench inference}: per-window latency (10 s at 250 Hz) of each shipped model, median and p99,
 * at batch 1 and 32 windows on one and two threads, with the parameter count; and the whole layered analysis
 * of a window (classic detection, both models, features, post-processing) on one thread.
 */
public final class InferenceBench {
    private InferenceBench() {}

    @FunctionalInterface
    private interface Run { void once() throws Exception; }

    public static int run(String[] args) throws Exception {
        Flags f = new Flags("holter bench inference", "HOLTER_BENCH")
                .declare("models", "models", "folder holding delineation/delineation.onnx and beats/beats.onnx (with their .json)")
                .declare("iterations", "300", "timed runs per setting")
                .declare("json", null, "write the result as JSON here")
                .parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        Path dir = Path.of(f.get("models"));
        Path wave = dir.resolve("delineation/delineation.onnx"), beats = dir.resolve("beats/beats.onnx");
        for (Path p : List.of(wave, beats)) if (!Files.exists(p)) throw new IllegalArgumentException(p + " not found (--models)");
        int iterations = f.getInt("iterations", 10, 1_000_000);

        // 32 noisy synthetic windows and, per window, the beats' features as the job computes them.
        float[][] windows = new float[32][2500];
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:75@400"), NoiseSpec.NOISY, 250, new String[] {"II"}, 1, false, false);
        for (float[] w : windows) s.next(new float[][] {w}, 0, 2500);
        ClassicAnalyzer classic = new ClassicAnalyzer();
        List<BeatFeatures.Batch> features = new ArrayList<>();
        for (float[] w : windows) {
            WindowAnalysis a = classic.analyze(window(w), classic.newState());
            int[] r = a.beats().stream().mapToInt(Beat::sample).toArray();
            long[] t = a.beats().stream().mapToLong(Beat::timeMicros).toArray();
            features.add(BeatFeatures.compute(OnnxDelineator.normalise(w), r, t, 0.8, null, null, null));
        }
        double beatsPerWindow = features.stream().mapToInt(BeatFeatures.Batch::size).average().orElse(0);

        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode models = out.putObject("models");
        ObjectNode rw = models.putObject("delineation").put("params", params(wave));
        ObjectNode rb = models.putObject("beats").put("params", params(beats)).put("beats_per_window", beatsPerWindow);
        for (int threads : new int[] {1, 2}) {
            try (OnnxDelineator d = new OnnxDelineator(wave, threads); BeatClassifier c = new BeatClassifier(beats, threads)) {
                for (int batch : new int[] {1, 32}) {
                    float[][] in = Arrays.copyOf(windows, batch);
                    time("delineation", rw, batch, threads, iterations, () -> d.label(in));
                    BeatFeatures.Batch joined = join(features.subList(0, batch));
                    time("beats", rb, batch, threads, iterations, () -> c.classify(joined));
                }
            }
        }
        // The whole per-window analysis the job runs with --analyzer layered, one thread.
        try (LayeredAnalyzer layered = new LayeredAnalyzer(new ClassicAnalyzer(), new OnnxDelineator(wave, 1), new BeatClassifier(beats, 1), null)) {
            ObjectNode rl = out.putObject("layered_analysis");
            int[] k = {0};
            time("layered analysis (detection + wave + beat + rhythm)", rl, 1, 1, iterations,
                    () -> layered.analyze(window(windows[k[0]++ % windows.length]), layered.newState()));
        }
        out.put("date", Instant.now().toString()).put("machine", PipelineBench.machine());
        String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out);
        System.out.println(text);
        if (f.get("json") != null) Files.writeString(Path.of(f.get("json")), text + "\n");
        return 0;
    }

    private static AnalysisWindow window(float[] x) {
        return new AnalysisWindow("bench", 0, 0, 0, 0, 250, new String[] {"II"}, new float[][] {x}, new int[x.length], 500, 2000, 0, false);
    }

    private static long params(Path onnx) throws Exception {
        Path meta = Path.of(onnx.toString().replaceAll("\\.onnx$", ".json"));
        JsonNode m = Files.exists(meta) ? Json.MAPPER.readTree(meta.toFile()) : Json.MAPPER.createObjectNode();
        return m.path("params").asLong(-1);
    }

    private static BeatFeatures.Batch join(List<BeatFeatures.Batch> parts) {
        List<float[]> seg = new ArrayList<>(), rr = new ArrayList<>();
        for (BeatFeatures.Batch b : parts) { seg.addAll(Arrays.asList(b.segments())); rr.addAll(Arrays.asList(b.rr())); }
        // One template for the joined batch is enough for timing.
        return new BeatFeatures.Batch(seg.toArray(float[][]::new), parts.get(0).template(), parts.get(0).longTemplate(), rr.toArray(float[][]::new));
    }

    /** Median and p99 ms per window of {@code run}, which handles {@code batch} windows. */
    private static void time(String what, ObjectNode into, int batch, int threads, int iterations, Run run) throws Exception {
        for (int i = 0; i < Math.max(20, iterations / 10); i++) run.once(); // warm-up
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            run.once();
            ms[i] = (System.nanoTime() - t) / 1e6 / batch;
        }
        Arrays.sort(ms);
        double med = ms[iterations / 2], p99 = ms[(int) Math.ceil(0.99 * iterations) - 1];
        into.put("ms_per_window_b" + batch + "_t" + threads, med).put("p99_ms_per_window_b" + batch + "_t" + threads, p99);
        System.out.printf(Locale.ROOT, "%-45s batch %2d, %d thread(s): %.3f ms per window (median), p99 %.3f ms%n", what, batch, threads, med, p99);
    }
}
