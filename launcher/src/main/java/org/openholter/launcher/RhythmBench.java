package org.openholter.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.beats.BeatClassifier;
import org.openholter.core.rhythm.RhythmDetector;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.batch.RecordResults;
import org.openholter.core.batch.RecordRunner;
import org.openholter.core.codec.Event;
import org.openholter.core.codec.Layers;
import org.openholter.core.config.Flags;
import org.openholter.core.delineation.OnnxDelineator;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.records.WfdbSource;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.Json;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./holter bench rhythm --db DIR}: the rhythm layer against the reference rhythm annotations ({@code +} with
 * aux {@code (AFIB}, {@code (VT}, …), through the stream's own path. For AF, VT and VF: episode Se / +P and duration
 * Se / +P (EC57 style, pooled over records). And the AHA shockable-rhythm figures on consecutive 8-s segments that lie
 * wholly inside one reference rhythm: VF Se, VT Se, non-shockable Sp (noise segments left out).
 */
public final class RhythmBench {
    private RhythmBench() {}

    /** Reference aux strings of each scored category, and the codec rhythm ids that count as detecting it. */
    enum Category {
        AF(Set.of("(AFIB", "(AFL"), Layers.AF), VT(Set.of("(VT"), Layers.VENTRICULAR), VF(Set.of("(VFL", "(VF", "(VFIB"), Layers.VF);

        final Set<String> aux;
        final byte id;

        Category(Set<String> aux, byte id) { this.aux = aux; this.id = id; }
    }

    static Flags flags() {
        return new Flags("holter bench rhythm", "HOLTER_BENCH")
                .declare("db", null, "WFDB database folder (its RECORDS file lists the records)")
                .declare("records", "", "comma-separated record names (default: all in RECORDS)")
                .declare("annotator", "atr", "reference annotations with rhythm changes (file extension)")
                .declare("analyzer", "layered", "layered (all layers) or delineation (no beat model)")
                .declare("segment-s", "8", "AHA segment length, seconds")
                .declare("thresholds", "", "rhythm thresholds to try instead of the shipped ones, e.g. vfLeakage=0.6,afIrregularity=0.1 (tuning on training data only)")
                .declare("threads", "2", "records analysed in parallel")
                .declare("excerpt-s", "0", "cut each record into excerpts this long (s), each analysed as a recording of its own, and score AF per excerpt too (0: whole records)")
                .declare("lead", "-1", "play only this lead (0-based; -1: all leads)")
                .declare("json", null, "write the scores as JSON here")
                .declare("report", "", "write a Markdown report here (e.g. docs/benchmarks/rhythm.md)");
    }

    /** Totals of one category. */
    static final class Tally {
        int refEpisodes, refDetected, testEpisodes, testTrue;
        double refSeconds, testSeconds, overlapSeconds;
        /** Reference time (s) by the rhythm id detected over it; the last slot: nothing reported. */
        final double[] refAs = new double[Layers.RHYTHM_NAMES.size() + 1];

        double episodeSe() { return refEpisodes == 0 ? Double.NaN : refDetected / (double) refEpisodes; }
        double episodePpv() { return testEpisodes == 0 ? Double.NaN : testTrue / (double) testEpisodes; }
        double durationSe() { return refSeconds == 0 ? Double.NaN : overlapSeconds / refSeconds; }
        double durationPpv() { return testSeconds == 0 ? Double.NaN : overlapSeconds / testSeconds; }
    }

    /** One record's result: per category tallies and AHA segment counts. */
    record Scored(String name, Map<Category, Tally> tallies, int[] aha, List<Excerpt> excerpts) {}

    /** One excerpt analysed as a recording of its own: the share of it the reference calls AF, and whether it was called AF. */
    record Excerpt(double referenceAfShare, boolean calledAf) {}

    // AHA counts: [vf, vfShock, vt, vtShock, non, nonShock]
    public static int run(String[] args) throws Exception {
        Flags f = flags().parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        Path db = Path.of(f.require("db"));
        String ann = f.get("annotator");
        String kind = f.getChoice("analyzer", "layered", "delineation");
        double segment = f.getDouble("segment-s", 2, 60);
        int threads = f.getInt("threads", 1, 64);
        double excerptS = f.getDouble("excerpt-s", 0, 86_400);
        int lead = f.getInt("lead", -1, 63);
        if (excerptS > 0 && excerptS < 10) throw new IllegalArgumentException("--excerpt-s must be 0 (whole records) or at least 10 s, got " + excerptS);
        List<Path> records = BenchRecords.annotated(db, f.get("records"), ann);
        long t0 = System.nanoTime();
        Map<Category, Tally> total = new LinkedHashMap<>();
        for (Category c : Category.values()) total.put(c, new Tally());
        int[] aha = new int[6];
        List<Scored> per = new ArrayList<>();
        RhythmDetector.Thresholds th = RhythmDetector.Thresholds.parse(f.get("thresholds"));
        try (WindowAnalyzer analyzer = new LayeredAnalyzer(new ClassicAnalyzer(), OnnxDelineator.bundled(1),
                kind.equals("layered") ? BeatClassifier.bundled(1) : null, null, new RhythmDetector(th))) {
            int[] done = {0};
            BenchRecords.inParallel(records, threads, r -> score(r, ann, analyzer, segment, excerptS, lead), s -> {
                per.add(s);
                for (Category c : Category.values()) {
                    Tally a = total.get(c), b = s.tallies.get(c);
                    a.refEpisodes += b.refEpisodes; a.refDetected += b.refDetected; a.testEpisodes += b.testEpisodes; a.testTrue += b.testTrue;
                    a.refSeconds += b.refSeconds; a.testSeconds += b.testSeconds; a.overlapSeconds += b.overlapSeconds;
                    for (int i = 0; i < a.refAs.length; i++) a.refAs[i] += b.refAs[i];
                }
                for (int i = 0; i < 6; i++) aha[i] += s.aha[i];
                System.out.printf(Locale.ROOT, "[%d/%d] %s%n", ++done[0], records.size(), s.name);
            });
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("db", db.toString()).put("records", records.size()).put("analyzer", kind).put("thresholds", th.toString()).put("date", Instant.now().toString())
                .put("machine", PipelineBench.machine()).put("seconds", secs);
        StringBuilder table = new StringBuilder("| rhythm | ref episodes | episode Se | episode +P | duration Se | duration +P | ref minutes | detected minutes |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Category c : Category.values()) {
            Tally t = total.get(c);
            json.putObject(c.name().toLowerCase(Locale.ROOT)).put("episode_se", t.episodeSe()).put("episode_ppv", t.episodePpv())
                    .put("duration_se", t.durationSe()).put("duration_ppv", t.durationPpv()).put("reference_episodes", t.refEpisodes)
                    .put("reference_minutes", t.refSeconds / 60).put("detected_minutes", t.testSeconds / 60);
            ObjectNode as = ((ObjectNode) json.get(c.name().toLowerCase(Locale.ROOT))).putObject("reference_minutes_detected_as");
            for (int i = 0; i < t.refAs.length; i++) if (t.refAs[i] > 0) as.put(rhythmName(i), t.refAs[i] / 60);
            table.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.1f | %.1f |%n", c, t.refEpisodes, BeatBench.pct(t.episodeSe()),
                    BeatBench.pct(t.episodePpv()), BeatBench.pct(t.durationSe()), BeatBench.pct(t.durationPpv()), t.refSeconds / 60, t.testSeconds / 60));
        }
        StringBuilder asTable = new StringBuilder("Reference time by the rhythm detected over it (where the misses go):\n\n| reference | "
                + String.join(" | ", java.util.stream.IntStream.range(0, Layers.RHYTHM_NAMES.size() + 1).mapToObj(RhythmBench::rhythmName).toList())
                + " |\n|---|" + "---:|".repeat(Layers.RHYTHM_NAMES.size() + 1) + "\n");
        for (Category c : Category.values()) {
            Tally t = total.get(c);
            asTable.append("| ").append(c);
            for (double v : t.refAs) asTable.append(t.refSeconds > 0 ? String.format(Locale.ROOT, " | %.1f %%", 100 * v / t.refSeconds) : " | –");
            asTable.append(" |\n");
        }
        double vfSe = ratio(aha[1], aha[0]), vtSe = ratio(aha[3], aha[2]), sp = ratio(aha[4] - aha[5], aha[4]);
        json.putObject("aha").put("segment_s", segment).put("vf_segments", aha[0]).put("vf_se", vfSe).put("vt_segments", aha[2]).put("vt_se", vtSe)
                .put("nonshockable_segments", aha[4]).put("nonshockable_sp", sp);
        String ahaLine = String.format(Locale.ROOT, "AHA %.0f-s segments: VF Se %s (%d), VT Se %s (%d), non-shockable Sp %s (%d)", segment,
                BeatBench.pct(vfSe), aha[0], BeatBench.pct(vtSe), aha[2], BeatBench.pct(sp), aha[4]);
        String excerptLine = "";
        if (excerptS > 0) {
            // Record-level AF on the excerpts: reference AF when AF covers half the excerpt or more.
            int tp = 0, fn = 0, fp = 0, tn = 0;
            for (Scored sc : per) for (Excerpt e : sc.excerpts) {
                boolean refAf = e.referenceAfShare() >= 0.5, detAf = e.calledAf();
                if (refAf && detAf) tp++; else if (refAf) fn++; else if (detAf) fp++; else tn++;
            }
            double se = ratio(tp, tp + fn), ppv = ratio(tp, tp + fp), spec = ratio(tn, tn + fp), f1 = ratio(2 * tp, 2 * tp + fp + fn);
            json.putObject("excerpts").put("seconds", excerptS).put("lead", lead).put("af_excerpts", tp + fn).put("other_excerpts", fp + tn)
                    .put("tp", tp).put("fn", fn).put("fp", fp).put("tn", tn).put("af_se", se).put("af_ppv", ppv).put("af_sp", spec).put("af_f1", f1);
            excerptLine = String.format(Locale.ROOT, "Record-level AF on %.0f-s excerpts (%s; each a recording of its own; the answer is the rhythm "
                    + "reported over most of it; reference AF where AF covers half of it or more): %d AF, %d other; Se %s, +P %s, Sp %s, F1 %.3f%n%n",
                    excerptS, lead >= 0 ? "lead " + lead + " alone" : "all leads", tp + fn, fp + tn, BeatBench.pct(se), BeatBench.pct(ppv), BeatBench.pct(spec), f1);
        }
        ArrayNode pr = json.putArray("per_record");
        StringBuilder perTable = new StringBuilder("| record | AF ref min | AF det min | AF overlap min | VT ref | VT det | VF ref | VF det |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scored s : per) {
            Tally af = s.tallies.get(Category.AF), vt = s.tallies.get(Category.VT), vf = s.tallies.get(Category.VF);
            pr.addObject().put("record", s.name).put("af_ref_s", af.refSeconds).put("af_det_s", af.testSeconds).put("af_overlap_s", af.overlapSeconds)
                    .put("vt_ref_s", vt.refSeconds).put("vt_det_s", vt.testSeconds).put("vf_ref_s", vf.refSeconds).put("vf_det_s", vf.testSeconds);
            perTable.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f s | %.0f s | %.0f s | %.0f s |%n", s.name, af.refSeconds / 60,
                    af.testSeconds / 60, af.overlapSeconds / 60, vt.refSeconds, vt.testSeconds, vf.refSeconds, vf.testSeconds));
        }
        System.out.println();
        System.out.print(table);
        System.out.println(ahaLine);
        System.out.println();
        System.out.print(asTable);
        System.out.print(excerptLine.isEmpty() ? "" : "\n" + excerptLine);
        System.out.printf(Locale.ROOT, "%d records in %.1f s%n", records.size(), secs);
        BenchOutput.json(f.get("json"), json);
        BenchOutput.section(f.get("report"), "# Rhythm benchmark\n\n"
                        + "Records are played through the stream's per-patient path (`RecordRunner` → `PatientMonitor` → `LayeredAnalyzer` → "
                        + "`RhythmDetector`); the rhythm layer (one rhythm per reported 6-s stretch, with ventricular runs over their own span) is compared with the reference rhythm annotations "
                        + "(`+` with aux). AF = `(AFIB`, `(AFL`; VT = `(VT`; VF = `(VFL`, `(VF`, `(VFIB`. Episode Se: reference episodes overlapped "
                        + "by a detected one; episode +P: detected episodes overlapping a reference one; duration Se / +P: overlap over reference "
                        + "/ detected time; pooled over records. AHA: consecutive segments wholly inside one reference rhythm (noise left out); "
                        + "a segment is called shockable when detected VF or ventricular rhythm covers half of it or more.\n",
                db.getFileName() + " (" + records.size() + " records, analyzer `" + kind + "`"
                        + (excerptS > 0 ? String.format(Locale.ROOT, ", %.0f-s excerpts", excerptS) : "") + (lead >= 0 ? ", lead " + lead + " alone" : "") + ")", "./holter bench rhythm " + String.join(" ", args),
                json, secs, table + "\n" + ahaLine + "\n\n" + asTable + "\n" + excerptLine + "<details><summary>Per record</summary>\n\n" + perTable + "\n</details>\n");
        return 0;
    }

    /** Rhythm name of a codec id; the id after the last: no rhythm reported there (before the first report, gaps). */
    static String rhythmName(int id) { return id < Layers.RHYTHM_NAMES.size() ? Layers.RHYTHM_NAMES.get(id) : "none"; }

    static double ratio(int a, int b) { return b == 0 ? Double.NaN : a / (double) b; }

    /**
     * One record scored; with {@code excerptS} > 0, cut into excerpts of that length, each analysed as a recording of
     * its own (the remainder shorter than one is left out); {@code lead} ≥ 0 plays that lead alone.
     */
    private static Scored score(Path path, String ann, WindowAnalyzer analyzer, double segmentS, double excerptS, int lead) throws Exception {
        WfdbRecord r = WfdbRecord.read(path);
        double fs = r.sampleRate();
        long n = r.length();
        // Reference rhythm intervals: each '+' with a "(…" aux lasts until the next one.
        List<WfdbAnnotations.RhythmChange> changes = WfdbAnnotations.rhythmChanges(WfdbAnnotations.read(Path.of(path + "." + ann)));
        List<long[]> refStarts = changes.stream().map(c -> new long[] {c.sample()}).toList();
        List<String> refAux = changes.stream().map(WfdbAnnotations.RhythmChange::aux).toList();
        // Per record sample (at 4 ms resolution is plenty): reference aux index and detected rhythm id.
        int step = Math.max(1, (int) Math.round(fs / 250.0));
        int m = (int) ((n + step - 1) / step);
        short[] ref = new short[m];
        java.util.Arrays.fill(ref, (short) -1);
        for (int k = 0; k < refStarts.size(); k++) {
            long from = refStarts.get(k)[0], to = k + 1 < refStarts.size() ? refStarts.get(k + 1)[0] : n;
            for (long s = from / step; s < Math.min(m, to / step); s++) ref[(int) s] = (short) k;
        }
        byte[] det = new byte[m];
        java.util.Arrays.fill(det, (byte) -1);
        // The whole record as one stream, or each excerpt as a recording of its own (fresh state: what a short
        // recording gets), laid side by side.
        long excerpt = excerptS > 0 ? Math.round(excerptS * fs) : n;
        List<Excerpt> excerpts = new ArrayList<>();
        for (long at = 0; at + (excerptS > 0 ? excerpt : 1) <= n; at += excerpt) {
            long end = Math.min(n, at + excerpt);
            RecordResults res = new RecordResults(fs, false);
            new RecordRunner(analyzer, MonitorConfig.DEFAULT, 1.0).run(WfdbSource.of(r, (int) at, (int) end, lead), res, null);
            int fsA = res.analysisFs() > 0 ? res.analysisFs() : OnnxDelineator.FS;
            for (Event e : res.layer(2)) {
                long from = (at + WfdbAnnotations.mapSample(e.start(), fsA, (int) Math.round(fs))) / step;
                long to = (at + WfdbAnnotations.mapSample(e.end(), fsA, (int) Math.round(fs))) / step;
                for (long s = from; s < Math.min(Math.min(m, to), (end + step - 1) / step); s++) det[(int) s] = (byte) e.cls();
            }
            if (excerptS > 0) {
                // The excerpt's answer: the rhythm reported over most of it (noise and nothing reported left out).
                int refAf = 0, k0 = (int) (at / step), k1 = (int) Math.min(m, end / step);
                int[] byId = new int[Layers.RHYTHM_NAMES.size()];
                for (int k = k0; k < k1; k++) {
                    if (ref[k] >= 0 && Category.AF.aux.contains(refAux.get(ref[k]))) refAf++;
                    if (det[k] >= 0 && det[k] != Layers.NOISE) byId[det[k]]++;
                }
                int top = 0;
                for (int id = 1; id < byId.length; id++) if (byId[id] > byId[top]) top = id;
                excerpts.add(new Excerpt(refAf / (double) (k1 - k0), byId[top] > 0 && top == Layers.AF));
            }
        }
        double dt = step / fs;
        Map<Category, Tally> tallies = new LinkedHashMap<>();
        for (Category c : Category.values()) {
            boolean[] inRef = new boolean[m], inDet = new boolean[m];
            for (int i = 0; i < m; i++) {
                inRef[i] = ref[i] >= 0 && c.aux.contains(refAux.get(ref[i]));
                inDet[i] = det[i] == c.id;
            }
            Tally t = new Tally();
            for (int[] ep : episodes(inRef)) {
                t.refEpisodes++;
                t.refSeconds += (ep[1] - ep[0]) * dt;
                if (any(inDet, ep)) t.refDetected++;
            }
            for (int[] ep : episodes(inDet)) {
                t.testEpisodes++;
                t.testSeconds += (ep[1] - ep[0]) * dt;
                if (any(inRef, ep)) t.testTrue++;
            }
            for (int i = 0; i < m; i++) {
                if (inRef[i] && inDet[i]) t.overlapSeconds += dt;
                if (inRef[i]) t.refAs[det[i] >= 0 ? det[i] : t.refAs.length - 1] += dt;
            }
            tallies.put(c, t);
        }
        // AHA segments.
        int[] aha = new int[6];
        int seg = (int) Math.round(segmentS / dt);
        for (int s0 = 0; s0 + seg <= m; s0 += seg) {
            int k = ref[s0];
            boolean single = k >= 0;
            for (int i = s0; i < s0 + seg && single; i++) single = ref[i] == k;
            if (!single) continue;
            String aux = refAux.get(k);
            if (aux.equals("(NOISE")) continue;
            int shock = 0;
            for (int i = s0; i < s0 + seg; i++) if (det[i] == Layers.VF || det[i] == Layers.VENTRICULAR) shock++;
            boolean shockable = shock * 2 >= seg;
            int base = Category.VF.aux.contains(aux) ? 0 : Category.VT.aux.contains(aux) ? 2 : 4;
            aha[base]++;
            if (shockable) aha[base + 1]++;
        }
        return new Scored(path.getFileName().toString(), tallies, aha, excerpts);
    }

    private static List<int[]> episodes(boolean[] in) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < in.length) {
            if (!in[i]) { i++; continue; }
            int j = i;
            while (j < in.length && in[j]) j++;
            out.add(new int[] {i, j});
            i = j;
        }
        return out;
    }

    private static boolean any(boolean[] in, int[] ep) {
        for (int i = ep[0]; i < ep[1]; i++) if (in[i]) return true;
        return false;
    }
}
