package org.openholter.launcher;

import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.batch.CsvExport;
import org.openholter.core.batch.HolterReport;
import org.openholter.core.batch.RecordResults;
import org.openholter.core.batch.ReviewPage;
import org.openholter.core.records.Recordings;
import org.openholter.core.records.SignalSource;
import org.openholter.core.batch.RecordRunner;
import org.openholter.core.batch.WfdbExport;
import org.openholter.core.config.Flags;
import org.openholter.core.monitor.MonitorConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@code ./holter analyze RECORD… --out DIR}: runs recorded files through the stream's own per-patient path and
 * writes, per record, WFDB annotation files the WFDB tools can score (beats, waves, rhythm) and the layered codec.
 */
public final class AnalyzeCommand {
    private AnalyzeCommand() {}

    static Flags flags() {
        return new Flags("holter analyze RECORD… --out DIR", "HOLTER_ANALYZE")
                .declare("out", null, "folder for the output files (created)")
                .declare("analyzer", "layered", "layered (beat classes and waves), delineation (waves, every beat N) or classic (beats only)")
                .declare("progress", "true", "draw a progress bar on stderr")
                .declare("review", "true", "also write RECORD.review.html, the review page (every lead, the codec, the tables; about 2.7 MB per lead-hour)")
                .declare("fs", "", ".npy only: sample rate in Hz (required for .npy)")
                .declare("gain", "1", ".npy only: mV = (value - zero) / gain (ECGomics' precision parameters; 1 for arrays in mV)")
                .declare("zero", "0", ".npy only: the value of 0 mV")
                .declare("layout", "samples-leads", ".npy only: samples-leads (shape (samples, leads) or (samples,)) or leads-samples")
                .declare("leads", "", ".npy only: lead names, comma-separated (default II for one lead, else L1, L2 …)")
                .declare("strict", "false", "refuse a WFDB record whose signal checksum does not match its header (by default a counted warning)");
    }

    public static int run(String[] args) throws Exception {
        Flags f = flags().parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage() + "\nRECORD: a WFDB record path without extension (data/mitdb/100) or its .hea file, a NumPy"
                    + " .npy array (with --fs), or an EDF / EDF+ .edf file (its ECG channels).");
            return 0;
        }
        List<String> records = f.positional();
        if (records.isEmpty()) throw new IllegalArgumentException("no record given: ./holter analyze RECORD… --out DIR (e.g. data/mitdb/100)");
        Path out = Path.of(f.require("out"));
        String kind = f.getChoice("analyzer", "layered", "delineation", "classic");
        boolean progress = f.getBool("progress");
        Recordings.ArrayOptions array = arrayOptions(f);
        for (String rec : records) {
            String lower = rec.toLowerCase(Locale.ROOT);
            Path p = lower.endsWith(".npy") || lower.endsWith(".edf") || lower.endsWith(".rec") ? Path.of(rec)
                    : Path.of((lower.endsWith(".hea") ? rec.substring(0, rec.length() - 4) : rec) + ".hea");
            if (!Files.exists(p)) throw new IllegalArgumentException("record " + rec + ": " + p + " not found");
            if (lower.endsWith(".npy") && Double.isNaN(array.fs())) throw new IllegalArgumentException(rec + ": a .npy array needs --fs");
        }
        boolean strict = f.getBool("strict"), review = f.getBool("review");
        int failed = 0, warnings = 0;
        try (WindowAnalyzer analyzer = switch (kind) {
            case "classic" -> new ClassicAnalyzer();
            case "delineation" -> LayeredAnalyzer.withBundledModels(false);
            default -> LayeredAnalyzer.withBundledModels(true);
        }) {
            for (String rec : records) {
                try {
                    warnings += analyze(rec, array, strict, review, out, analyzer, progress ? System.err : null);
                } catch (Exception e) {
                    // One unreadable record must not cost the others.
                    System.err.println("\n" + rec + ": " + e.getMessage());
                    failed++;
                }
            }
        }
        if (warnings > 0) System.out.printf(Locale.ROOT, "%d warning%s (--strict refuses such records)%n", warnings, warnings == 1 ? "" : "s");
        return failed == 0 ? 0 : 1;
    }

    static Recordings.ArrayOptions arrayOptions(Flags f) {
        double rate = f.get("fs").isBlank() ? Double.NaN : f.getDouble("fs", 1, 100_000);
        double gain = f.getDouble("gain", -1e9, 1e9), zero = f.getDouble("zero", -1e9, 1e9);
        if (gain == 0) throw new IllegalArgumentException("--gain must not be 0");
        boolean leadsFirst = f.getChoice("layout", "samples-leads", "leads-samples").equals("leads-samples");
        List<String> leads = f.get("leads").isBlank() ? List.of() : List.of(f.get("leads").split("\\s*,\\s*"));
        return new Recordings.ArrayOptions(rate, gain, zero, leadsFirst, leads);
    }

    /** Analyses one recording into {@code out}; returns how many warnings reading it gave (each printed). */
    static int analyze(String path, Recordings.ArrayOptions array, boolean strict, boolean review, Path out, WindowAnalyzer analyzer, PrintStream bar) throws Exception {
        long t0 = System.nanoTime();
        SignalSource r = Recordings.open(path, array, strict);
        String name = Recordings.name(path);
        RecordResults results = new RecordResults(r.sampleRate(), false);
        long total = r.length();
        long[] lastDraw = {0};
        new RecordRunner(analyzer, MonitorConfig.DEFAULT, 1.0).run(r, results, done -> {
            if (bar == null) return;
            long now = System.nanoTime();
            if (now - lastDraw[0] < 200_000_000L && done < total) return;
            lastDraw[0] = now;
            int width = 30, filled = (int) (width * done / Math.max(1, total));
            bar.printf(Locale.ROOT, "\r%-12s [%s%s] %3d%%  %s / %s", name, "#".repeat(filled), " ".repeat(width - filled),
                    100 * done / Math.max(1, total), clock(done / r.sampleRate()), clock(total / r.sampleRate()));
        });
        if (bar != null) bar.println();
        List<Path> files = new java.util.ArrayList<>(WfdbExport.writeAll(results, out, name));
        files.addAll(CsvExport.writeAll(results, out, name));
        files.add(HolterReport.write(results, () -> Recordings.open(path, array), out, name, analyzer.name()));
        if (review) files.add(ReviewPage.write(results, () -> Recordings.open(path, array), out, name, analyzer.name(), List.copyOf(files)));
        TreeMap<Character, Integer> classes = new TreeMap<>();
        for (int k = 0; k < results.beatCount(); k++) classes.merge(results.beatCode(k), 1, Integer::sum);
        System.out.printf(Locale.ROOT, "%s: %s of signal, %d beats %s, in %.1f s → %s%n", name, clock(total / r.sampleRate()),
                results.beatCount(), classes, (System.nanoTime() - t0) / 1e9, files.stream().map(Path::toString).toList());
        List<String> warnings = r.warnings();
        for (String w : warnings) System.out.println("warning: " + w);
        return warnings.size();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
