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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@code ./holter analyze RECORD… --out DIR}: runs recorded files through the stream's own per-patient path and
 * writes, per record, WFDB annotation files the WFDB tools can score (beats, waves, rhythm) and the layered codec.
 */
public final class AnalyzeCommand {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnalyzeCommand.class);
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
                    + " .npy array (with --fs), an EDF / EDF+ .edf file (its ECG channels), or a folder (the records its WFDB RECORDS"
                    + " file lists, else its .hea, .edf and .npy files). Every record is tried; a table at the end says which were"
                    + " analysed and why any was refused; the exit code is 1 when one was.");
            return 0;
        }
        if (f.positional().isEmpty()) throw new IllegalArgumentException("no record given: ./holter analyze RECORD… --out DIR (e.g. data/mitdb/100, or a folder: data/mitdb)");
        Path out = Path.of(f.require("out"));
        String kind = f.getChoice("analyzer", "layered", "delineation", "classic");
        boolean progress = f.getBool("progress");
        Recordings.ArrayOptions array = arrayOptions(f);
        boolean strict = f.getBool("strict"), review = f.getBool("review");
        List<Input> inputs = inputs(f.positional(), array);
        List<Outcome> outcomes = new ArrayList<>();
        int warnings = 0;
        try (WindowAnalyzer analyzer = switch (kind) {
            case "classic" -> new ClassicAnalyzer();
            case "delineation" -> LayeredAnalyzer.withBundledModels(false);
            default -> LayeredAnalyzer.withBundledModels(true);
        }) {
            for (Input in : inputs) {
                if (in.refusal() != null) {
                    outcomes.add(new Outcome(in.shown(), null, in.refusal()));
                    continue;
                }
                try {
                    Analysed a = analyze(in.path(), array, strict, review, out, analyzer, progress ? System.err : null);
                    warnings += a.warnings();
                    outcomes.add(new Outcome(in.shown(), a.summary(), null));
                } catch (Exception e) {
                    // One unreadable record must not cost the others.
                    if (progress) System.err.println();
                    outcomes.add(new Outcome(in.shown(), null, refusal(e)));
                }
            }
        }
        if (warnings > 0) System.out.printf(Locale.ROOT, "%d warning%s (--strict refuses such records)%n", warnings, warnings == 1 ? "" : "s");
        System.out.print(table(outcomes));
        return outcomes.stream().allMatch(o -> o.refusal() == null) ? 0 : 1;
    }

    /** A record to analyse ({@code path}, as given or found in a folder), or one refused before reading it. */
    record Input(String path, String shown, String refusal) {}

    /** What became of one record: analysed (a summary) or refused (why). */
    record Outcome(String record, String summary, String refusal) {}

    /** What analysing one record gave: a line for the table, and how many warnings reading it gave. */
    record Analysed(String summary, int warnings) {}

    /**
     * The records named: a folder gives every record of its WFDB {@code RECORDS} file, else every {@code .hea},
     * {@code .edf} and {@code .npy} file in it (sorted); what cannot be analysed at all is refused here, with why.
     * Two records that would write the same output files: the second is refused.
     */
    static List<Input> inputs(List<String> given, Recordings.ArrayOptions array) throws java.io.IOException {
        List<Input> found = new ArrayList<>();
        for (String arg : given) {
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                List<String> in = folder(p);
                if (in.isEmpty()) found.add(new Input(arg, arg, "no records in this folder: expected a WFDB RECORDS file or .hea, .edf or .npy files"));
                for (String r : in) found.add(new Input(r, r, null));
            } else {
                found.add(new Input(arg, arg, null));
            }
        }
        List<Input> out = new ArrayList<>();
        java.util.Map<String, String> names = new java.util.HashMap<>();
        for (Input in : found) {
            if (in.refusal() != null) { out.add(in); continue; }
            String rec = in.path(), lower = rec.toLowerCase(Locale.ROOT);
            boolean file = lower.endsWith(".npy") || lower.endsWith(".edf") || lower.endsWith(".rec");
            Path p = file ? Path.of(rec) : Path.of((lower.endsWith(".hea") ? rec.substring(0, rec.length() - 4) : rec) + ".hea");
            String refusal = null;
            if (!Files.exists(p)) {
                refusal = p + " not found: expected a WFDB record (its path without extension, or its .hea), a .npy or an .edf file";
            } else if (lower.endsWith(".npy") && Double.isNaN(array.fs())) {
                refusal = "no sample rate: a .npy array holds none, give it with --fs (Hz)";
            } else {
                String taken = names.putIfAbsent(Recordings.name(rec), p.toString());
                if (taken != null) refusal = "its output files (" + Recordings.name(rec) + ".*) would replace those of " + taken + ": analyse it into another --out";
            }
            out.add(new Input(rec, rec, refusal));
        }
        return out;
    }

    /** A folder's records: its RECORDS file's lines (WFDB), else its .hea, .edf and .npy files. */
    static List<String> folder(Path dir) throws java.io.IOException {
        Path list = dir.resolve("RECORDS");
        if (Files.isRegularFile(list)) {
            return Files.readAllLines(list).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> dir.resolve(l).toString()).toList();
        }
        try (var files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(Path::toString).filter(n -> {
                String l = n.toLowerCase(Locale.ROOT);
                return l.endsWith(".hea") || l.endsWith(".edf") || l.endsWith(".npy");
            }).sorted().map(n -> n.toLowerCase(Locale.ROOT).endsWith(".hea") ? n.substring(0, n.length() - 4) : n).toList();
        }
    }

    /**
     * Why a record was refused, in words: the readers' messages already name the file, the line or field, what was
     * found and what was expected; anything else is named as unexpected (with the detail in the log).
     */
    static String refusal(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException n) return n.getFile() + " not found" + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        if (e instanceof java.io.EOFException) return "the file ends early: " + (e.getMessage() == null ? "truncated" : e.getMessage());
        if (e instanceof java.io.IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) return e.getMessage();
        LOG.error("analysing a record failed unexpectedly", e);
        return "could not be analysed: unexpected " + e.getClass().getSimpleName() + " (details in the log); please report it";
    }

    /** The closing table: each record, analysed or refused and why; then the counts. */
    static String table(List<Outcome> outcomes) {
        int width = Math.min(40, outcomes.stream().mapToInt(o -> o.record().length()).max().orElse(6));
        StringBuilder b = new StringBuilder("\n");
        b.append(String.format(Locale.ROOT, "%-" + width + "s  %-8s  %s%n", "record", "result", "detail"));
        for (Outcome o : outcomes) {
            b.append(String.format(Locale.ROOT, "%-" + width + "s  %-8s  %s%n", o.record(), o.refusal() == null ? "analysed" : "REFUSED",
                    o.refusal() == null ? o.summary() : o.refusal()));
        }
        long refused = outcomes.stream().filter(o -> o.refusal() != null).count();
        b.append(String.format(Locale.ROOT, "%d analysed, %d refused%n", outcomes.size() - refused, refused));
        return b.toString();
    }

    static Recordings.ArrayOptions arrayOptions(Flags f) {
        double rate = f.get("fs").isBlank() ? Double.NaN : f.getDouble("fs", 1, 100_000);
        double gain = f.getDouble("gain", -1e9, 1e9), zero = f.getDouble("zero", -1e9, 1e9);
        if (gain == 0) throw new IllegalArgumentException("--gain must not be 0");
        boolean leadsFirst = f.getChoice("layout", "samples-leads", "leads-samples").equals("leads-samples");
        List<String> leads = f.get("leads").isBlank() ? List.of() : List.of(f.get("leads").split("\\s*,\\s*"));
        return new Recordings.ArrayOptions(rate, gain, zero, leadsFirst, leads);
    }

    /** Analyses one recording into {@code out}: its line for the table, and how many warnings reading it gave (each printed). */
    static Analysed analyze(String path, Recordings.ArrayOptions array, boolean strict, boolean review, Path out, WindowAnalyzer analyzer, PrintStream bar) throws Exception {
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
        return new Analysed(String.format(Locale.ROOT, "%s, %d beats %s%s", clock(total / r.sampleRate()), results.beatCount(), classes,
                warnings.isEmpty() ? "" : ", " + warnings.size() + " warning" + (warnings.size() == 1 ? "" : "s")), warnings.size());
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
