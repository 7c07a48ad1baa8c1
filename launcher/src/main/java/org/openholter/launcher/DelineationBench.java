package org.openholter.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.core.config.Flags;
import org.openholter.core.delineation.Boundary;
import org.openholter.core.delineation.DelineationScore;
import org.openholter.core.delineation.OnnxDelineator;
import org.openholter.core.delineation.WaveBoundaries;
import org.openholter.core.delineation.IntervalScore;
import org.openholter.core.delineation.Wave;
import org.openholter.core.delineation.WaveExtractor;
import org.openholter.core.signal.PolyphaseResampler;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./holter bench delineation --db DIR --annotator ANN}: scores the delineation model on any
 * WFDB database whose wave annotations follow the WFDB convention, with the protocol of
 * OpenECG's protocol (250 Hz, first 10 s, Martínez tolerances, greedy one-to-one matching pooled per
 * boundary, only inside the annotated span ±100 ms).
 */
public final class DelineationBench {
    private DelineationBench() {}

    static Flags flags() {
        return new Flags("holter bench delineation", "HOLTER_BENCH")
                .declare("db", null, "WFDB database folder (its RECORDS file lists the records)")
                .declare("annotator", null, "annotation file extension, e.g. ii for LUDB lead II (also picks the signal of that name); several, comma-separated, are pooled")
                .declare("records", "", "comma-separated record names (default: all in RECORDS)")
                .declare("model", "models/delineation/delineation.onnx", "ONNX model")
                .declare("seconds", "10", "seconds scored from the start of each record")
                .declare("postprocess", "on", "on: physiological rules (WaveExtractor); off: raw label runs, to measure what the rules change")
                .declare("json", null, "write the scores as JSON here")
                .declare("report", "", "write a Markdown report here (e.g. docs/benchmarks/delineation.md)");
    }

    public static int run(String[] args) throws Exception {
        Flags f = flags().parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        Path db = Path.of(f.require("db"));
        String ann = f.require("annotator");
        List<String> annotators = Arrays.stream(ann.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
        double seconds = f.getDouble("seconds", 1, 1e6);
        Path model = Path.of(f.get("model"));
        boolean rules = f.getBool("postprocess");
        if (!Files.exists(model)) throw new IllegalArgumentException("--model " + model + " not found (train and export it: models/README.md)");
        List<Path> records = BenchRecords.of(db, f.get("records"));
        DelineationScore score = new DelineationScore();
        IntervalScore intervals = new IntervalScore();
        int used = 0;
        long t0 = System.nanoTime();
        try (OnnxDelineator d = new OnnxDelineator(model, 1)) {
            for (Path rec : records) for (String a : annotators) {
                Path annFile = Path.of(rec + "." + a);
                if (!Files.exists(annFile)) {
                    System.err.println("skipping " + rec + ": no ." + a + " annotations");
                    continue;
                }
                WfdbRecord r = WfdbRecord.read(rec);
                int sig = signalFor(r, a);
                int fsIn = (int) Math.round(r.sampleRate());
                int n = (int) Math.min(r.length(), Math.round(seconds * fsIn));
                float[] mv = new float[n];
                for (int i = 0; i < n; i++) mv[i] = r.millivolts(sig, i);
                float[] x = PolyphaseResampler.resample(mv, fsIn, OnnxDelineator.FS);
                WaveBoundaries ref = within(WaveBoundaries.fromAnnotations(WfdbAnnotations.read(annFile)).resampled(fsIn, OnnxDelineator.FS), x.length);
                byte[] labels = d.label(x);
                List<Wave> predWaves = rules ? WaveExtractor.waves(labels, OnnxDelineator.FS) : WaveExtractor.rawWaves(labels, OnnxDelineator.FS);
                score.add(ref, WaveExtractor.toBoundaries(predWaves), OnnxDelineator.FS);
                List<Wave> refWaves = Wave.fromAnnotations(WfdbAnnotations.read(annFile)).stream()
                        .map(v -> v.resampled(fsIn, OnnxDelineator.FS)).filter(v -> v.offset() < x.length).toList();
                intervals.add(refWaves, predWaves, OnnxDelineator.FS);
                used++;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("macro_f1", score.macroF1()).put("records", used).put("db", db.toString()).put("annotator", ann).put("postprocess", rules)
                .put("model", model.toString()).put("date", Instant.now().toString()).put("machine", PipelineBench.machine());
        ObjectNode bs = json.putObject("boundaries");
        StringBuilder table = new StringBuilder("| boundary | Se | P+ | F1 | mean (ms) | SD (ms) | median abs (ms) | refs | preds |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        System.out.printf("%-8s %7s %7s %7s %9s %8s %10s %6s %6s%n", "boundary", "Se", "P+", "F1", "mean ms", "SD ms", "med|e| ms", "refs", "preds");
        for (Boundary b : Boundary.values()) {
            DelineationScore.Tally t = score.get(b);
            String name = switch (b) {
                case P_ON -> "P_on"; case P_OFF -> "P_off"; case QRS_ON -> "QRS_on"; case QRS_OFF -> "QRS_off"; case T_ON -> "T_on"; default -> "T_off";
            };
            bs.putObject(name).put("se", t.se()).put("ppv", t.ppv()).put("f1", t.f1()).put("median_abs_ms", t.medianAbsMs())
                    .put("mean_ms", t.meanMs()).put("sd_ms", t.sdMs()).put("references", t.references()).put("predictions", t.predictions());
            System.out.printf(Locale.ROOT, "%-8s %7.3f %7.3f %7.3f %9.1f %8.1f %10.1f %6d %6d%n", name, t.se(), t.ppv(), t.f1(), t.meanMs(),
                    t.sdMs(), t.medianAbsMs(), t.references(), t.predictions());
            table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.1f | %.1f | %.1f | %d | %d |%n", name, t.se(), t.ppv(), t.f1(),
                    t.meanMs(), t.sdMs(), t.medianAbsMs(), t.references(), t.predictions()));
        }
        System.out.printf(Locale.ROOT, "macro-F1 %.4f over %d records (%.1f s)%n", score.macroF1(), used, secs);
        // The per-beat intervals the stream reports, against the same intervals from the reference waves.
        ObjectNode is = json.putObject("intervals");
        StringBuilder itable = new StringBuilder("| interval | beats | coverage | mean err (ms) | SD (ms) | median abs err (ms) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        System.out.printf("%-8s %6s %9s %9s %8s %10s%n", "interval", "beats", "coverage", "mean ms", "SD ms", "med|e| ms");
        for (IntervalScore.Interval i : IntervalScore.Interval.values()) {
            IntervalScore.Tally t = intervals.get(i);
            is.putObject(i.name()).put("beats", t.compared()).put("coverage", t.coverage()).put("mean_ms", t.meanMs())
                    .put("sd_ms", t.sdMs()).put("median_abs_ms", t.medianAbsMs());
            System.out.printf(Locale.ROOT, "%-8s %6d %9.3f %9.1f %8.1f %10.1f%n", i, t.compared(), t.coverage(), t.meanMs(), t.sdMs(), t.medianAbsMs());
            itable.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.1f | %.1f | %.1f |%n", i, t.compared(), t.coverage(),
                    t.meanMs(), t.sdMs(), t.medianAbsMs()));
        }
        String out = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        if (f.get("json") != null) Files.writeString(Path.of(f.get("json")), out + "\n");
        if (!f.get("report").isBlank()) {
            Path rep = Path.of(f.get("report"));
            String head = Files.exists(rep) ? Files.readString(rep) : "# Delineation benchmark\n\nProtocol (OpenECG's, so the figures compare): (250 Hz, first 10 s, "
                    + "Martínez tolerances P 50 ms, QRS 40 ms, T on 50 ms, T off 100 ms; greedy one-to-one matching pooled per boundary; "
                    + "only inside the annotated span ±100 ms).\n";
            Files.writeString(rep, head + "\n## " + db.getFileName() + " ." + ann + " (" + used + " records)\n\n- Command: `./holter bench delineation "
                    + String.join(" ", args) + "`\n- Date: " + json.get("date").asText() + "\n- Machine: " + json.get("machine").asText()
                    + "\n\n" + table + String.format(Locale.ROOT, "%n**macro-F1 %.4f**%n", score.macroF1())
                    + "\nPer-beat intervals as the stream reports them (every reference QRS is a beat; reference and model waves "
                    + "measured with the same rule, `BeatIntervals.around`):\n\n" + itable);
        }
        return 0;
    }

    static WaveBoundaries within(WaveBoundaries w, int n) {
        WaveBoundaries out = new WaveBoundaries();
        w.all().forEach((b, l) -> l.stream().filter(s -> s < n).forEach(s -> out.add(b, s)));
        return out;
    }

    static int signalFor(WfdbRecord r, String annotator) {
        for (int s = 0; s < r.signals().size(); s++) {
            if (r.signals().get(s).description().equalsIgnoreCase(annotator)) return s;
        }
        return 0;
    }
}
