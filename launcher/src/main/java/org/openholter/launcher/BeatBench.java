package org.openholter.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.batch.RecordRunner;
import org.openholter.core.beats.BeatClassifier;
import org.openholter.core.beats.Ec57Score;
import org.openholter.core.config.Flags;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./holter bench beats --db DIR}: beat detection and classification scored as ANSI/AAMI EC57 does
 * (150-ms match window, first 5 minutes excluded, AAMI classes), on records played through the same
 * per-patient path as the stream ({@link RecordRunner}).
 */
public final class BeatBench {
    private BeatBench() {}

    /** MIT-BIH records with paced rhythm, left out of AAMI beat-classification results. */
    static final List<String> PACED = List.of("102", "104", "107", "217");

    static Flags flags() {
        return new Flags("holter bench beats", "HOLTER_BENCH")
                .declare("db", null, "WFDB database folder (its RECORDS file lists the records)")
                .declare("records", "", "comma-separated record names (default: all in RECORDS except the paced 102, 104, 107, 217)")
                .declare("annotator", "atr", "reference beat annotations (file extension)")
                .declare("analyzer", "layered", "layered (QRS detection + beat model), classic (QRS detection only, every beat N)")
                .declare("beat-model", "", "ONNX beat model to score instead of the shipped one")
                .declare("skip-s", "300", "seconds at the start of each record left out of the scores (EC57: 300)")
                .declare("threads", "2", "records analysed in parallel")
                .declare("json", null, "write the scores as JSON here")
                .declare("report", "", "write a Markdown report here (e.g. docs/benchmarks/beats.md)");
    }

    public static int run(String[] args) throws Exception {
        Flags f = flags().parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        Path db = Path.of(f.require("db"));
        String ann = f.get("annotator");
        String analyzerName = f.getChoice("analyzer", "layered", "classic");
        String beatModel = f.get("beat-model");
        if (!beatModel.isBlank() && !Files.exists(Path.of(beatModel))) throw new IllegalArgumentException("--beat-model " + beatModel + " not found");
        double skip = f.getDouble("skip-s", 0, 86_400);
        int threads = f.getInt("threads", 1, 64);
        List<Path> records = BenchRecords.annotated(db, f.get("records"), ann);
        if (f.get("records").isBlank()) records.removeIf(p -> PACED.contains(p.getFileName().toString()));
        Ec57Score score = new Ec57Score(150, skip);
        long t0 = System.nanoTime();
        try (WindowAnalyzer analyzer = analyzerName.equals("classic") ? new ClassicAnalyzer()
                : new LayeredAnalyzer(new ClassicAnalyzer(), null,
                        beatModel.isBlank() ? BeatClassifier.bundled(1) : new BeatClassifier(Path.of(beatModel), 1), null)) {
            int[] done = {0};
            BenchRecords.inParallel(records, threads, r -> score(r, ann, analyzer), s -> {
                Ec57Score.Matrix m = score.add(s.name, s.refSample, s.refClass, s.testSample, s.testClass, s.fs, s.excluded).matrix();
                System.out.printf(Locale.ROOT, "[%d/%d] %-8s QRS Se %.4f +P %.4f%n", ++done[0], records.size(), s.name, m.qrsSe(), m.qrsPpv());
            });
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Ec57Score.Matrix g = score.gross();
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("db", db.toString()).put("records", records.size()).put("analyzer", analyzerName)
                .put("beat_model", beatModel.isBlank() ? "shipped" : beatModel).put("skip_s", skip)
                .put("date", Instant.now().toString()).put("machine", PipelineBench.machine()).put("seconds", secs);
        json.putObject("qrs").put("se", g.qrsSe()).put("ppv", g.qrsPpv()).put("tp", g.qrsTp()).put("fn", g.qrsFn()).put("fp", g.qrsFp());
        json.putObject("veb").put("se", g.se('V')).put("ppv", g.ppv('V')).put("fpr", g.vebFpr()).put("references", g.references('V'));
        json.putObject("sveb").put("se", g.se('S')).put("ppv", g.ppv('S')).put("references", g.references('S'));
        ObjectNode avg = json.putObject("average");
        avg.putObject("qrs").put("se", score.average(Ec57Score.Matrix::qrsSe)).put("ppv", score.average(Ec57Score.Matrix::qrsPpv));
        avg.putObject("veb").put("se", score.average(m -> m.se('V'))).put("ppv", score.average(m -> m.ppv('V')));
        avg.putObject("sveb").put("se", score.average(m -> m.se('S'))).put("ppv", score.average(m -> m.ppv('S')));
        ArrayNode per = json.putArray("per_record");
        StringBuilder table = new StringBuilder("| record | beats | missed | extra | QRS Se | QRS +P | V refs | VEB Se | VEB +P | false V | S refs | SVEB Se | SVEB +P | false S |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Ec57Score.RecordResult r : score.records()) {
            Ec57Score.Matrix m = r.matrix();
            per.addObject().put("record", r.record()).put("beats", m.qrsTp() + m.qrsFn()).put("qrs_se", m.qrsSe()).put("qrs_ppv", m.qrsPpv())
                    .put("veb_se", m.se('V')).put("veb_ppv", m.ppv('V')).put("veb_fp", m.falsePositives('V'))
                    .put("sveb_se", m.se('S')).put("sveb_ppv", m.ppv('S')).put("sveb_fp", m.falsePositives('S'));
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %d | %s | %s | %d | %d | %s | %s | %d |%n", r.record(),
                    m.qrsTp() + m.qrsFn(), m.qrsFn(), m.qrsFp(), pct(m.qrsSe()), pct(m.qrsPpv()), m.references('V'), pct(m.se('V')),
                    pct(m.ppv('V')), m.falsePositives('V'), m.references('S'), pct(m.se('S')), pct(m.ppv('S')), m.falsePositives('S')));
        }
        String summary = String.format(Locale.ROOT, "| | QRS Se | QRS +P | VEB Se | VEB +P | VEB FPR | SVEB Se | SVEB +P |%n|---|---:|---:|---:|---:|---:|---:|---:|%n"
                        + "| gross | %s | %s | %s | %s | %s | %s | %s |%n| average | %s | %s | %s | %s | | %s | %s |%n",
                pct(g.qrsSe()), pct(g.qrsPpv()), pct(g.se('V')), pct(g.ppv('V')), pct(g.vebFpr()), pct(g.se('S')), pct(g.ppv('S')),
                pct(score.average(Ec57Score.Matrix::qrsSe)), pct(score.average(Ec57Score.Matrix::qrsPpv)), pct(score.average(m -> m.se('V'))),
                pct(score.average(m -> m.ppv('V'))), pct(score.average(m -> m.se('S'))), pct(score.average(m -> m.ppv('S'))));
        System.out.println();
        System.out.print(summary);
        System.out.println();
        System.out.print(g.render());
        System.out.printf(Locale.ROOT, "%d records in %.1f s%n", records.size(), secs);
        BenchOutput.json(f.get("json"), json);
        BenchOutput.section(f.get("report"), "# Beat benchmark (ANSI/AAMI EC57)\n\n"
                        + "Records are played through the stream's per-patient path (`RecordRunner` → `PatientMonitor`: frames, resampling to "
                        + "250 Hz, 10-s windows with 2-s guards, the analyzer). Scoring as EC57 / `bxb`: one-to-one matching within 150 ms, "
                        + "beats of the first 5 minutes and inside the reference's ventricular flutter episodes (`[` … `]`) left out, AAMI "
                        + "classes (N = N L R e j; S = A a J S; V = V E; F = F; Q = / f Q). QRS Se / +P count every class. VEB and SVEB "
                        + "statistics count N, S and V only (F and Q on either side neither help nor hurt); VEB FPR = N and S beats called V "
                        + "/ N and S beats detected. Gross pools all beats; average is the mean of per-record values where defined.\n",
                db.getFileName() + " (" + records.size() + " records, analyzer `" + analyzerName + "`)", "./holter bench beats " + String.join(" ", args),
                json, secs, summary + "\nGross matrix (rows reference, columns test, O = no beat):\n\n```\n" + g.render() + "```\n\n"
                        + "<details><summary>Per record</summary>\n\n" + table + "\n</details>\n");
        return 0;
    }

    static String pct(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", 100 * v); }

    private record Scored(String name, double fs, long[] refSample, char[] refClass, long[] testSample, char[] testClass, long[][] excluded) {}

    private static Scored score(Path path, String ann, WindowAnalyzer analyzer) throws Exception {
        WfdbRecord r = WfdbRecord.read(path);
        List<long[]> ref = new ArrayList<>();
        List<Character> refClass = new ArrayList<>();
        List<Annotation> annotations = WfdbAnnotations.read(Path.of(path + "." + ann));
        for (Annotation a : annotations) {
            char c = Ec57Score.aami(a.symbol());
            if (c == 0) continue;
            ref.add(new long[] {a.sample()});
            refClass.add(c);
        }
        List<Long> test = new ArrayList<>();
        List<Character> testClass = new ArrayList<>();
        new RecordRunner(analyzer, MonitorConfig.DEFAULT, 1.0).run(r, new MonitorOutput() {
            @Override
            public void window(WindowReport report) {
                for (WindowReport.ReportedBeat b : report.beats()) {
                    test.add(RecordRunner.sampleAt(b.timeMicros(), r.sampleRate()));
                    char c = Ec57Score.aami(String.valueOf(b.label()));
                    testClass.add(c == 0 ? 'Q' : c);
                }
            }

            @Override
            public void alarm(AlarmEvent alarm) {}
        }, null);
        return new Scored(path.getFileName().toString(), r.sampleRate(), ref.stream().mapToLong(a -> a[0]).toArray(), chars(refClass),
                test.stream().mapToLong(Long::longValue).toArray(), chars(testClass), Ec57Score.flutterEpisodes(annotations, r.length()));
    }

    private static char[] chars(List<Character> l) {
        char[] c = new char[l.size()];
        for (int i = 0; i < c.length; i++) c[i] = l.get(i);
        return c;
    }
}
