package org.openholter.core.beats;

import ai.onnxruntime.OrtException;
import org.openholter.core.analysis.Beat;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.batch.RecordRunner;
import org.openholter.core.delineation.NpyWriter;
import org.openholter.core.delineation.OnnxDelineator;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.AlarmEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training data for the beat model, made by the run-time path itself: each MIT-BIH DS1 record is played
 * through {@link RecordRunner} (frames, resampling, windows, multi-lead QRS detection), the features of every
 * reported beat are taken exactly as the classifier will get them ({@link LayeredAnalyzer.FeatureTap}), and
 * each detected beat takes the AAMI class of the reference beat within 150 ms (detections without one are
 * left out). DS2 is never exported: it is only for {@code ./holter bench beats}.
 */
public final class BeatDataset {
    /** de Chazal et al. (2004) inter-patient training set (../shared/data/README.md). */
    public static final List<String> DS1 = List.of("101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122",
            "124", "201", "203", "205", "207", "208", "209", "215", "220", "223", "230");

    private BeatDataset() {}

    /** One exported beat. */
    public record Row(String record, long sample, String symbol, int cls, float[] segment, float[] template, float[] longTemplate, float[] rr) {}

    public static List<Row> record(Path path) throws IOException {
        WfdbRecord r = WfdbRecord.read(path);
        double fs = r.sampleRate();
        List<long[]> refs = new ArrayList<>();
        List<String> refSym = new ArrayList<>();
        for (Annotation a : WfdbAnnotations.read(Path.of(path + ".atr"))) {
            if (Ec57Score.aami(a.symbol()) == 0) continue;
            refs.add(new long[] {a.sample()});
            refSym.add(a.symbol());
        }
        List<Row> rows = new ArrayList<>();
        LayeredAnalyzer.FeatureTap tap = (w, beats, f) -> {
            for (int k = 0; k < beats.size(); k++) {
                Beat b = beats.get(k);
                if (b.timeMicros() < w.keepFromMicros() || b.timeMicros() >= w.keepToMicros()) continue; // each beat once
                long s = RecordRunner.sampleAt(b.timeMicros(), fs);
                int ref = nearest(refs, s, Math.round(0.15 * fs));
                if (ref < 0) continue;
                String sym = refSym.get(ref);
                int cls = "NSVFQ".indexOf(Ec57Score.aami(sym));
                synchronized (rows) { rows.add(new Row(r.name(), s, sym, cls, f.segments()[k], f.template(), f.longTemplate(), f.rr()[k])); }
            }
        };
        // With the shipped wave model: the beat features include each beat's P wave.
        try (LayeredAnalyzer analyzer = new LayeredAnalyzer(new ClassicAnalyzer(), OnnxDelineator.bundled(1), null, tap)) {
            new RecordRunner(analyzer, MonitorConfig.DEFAULT, 1.0).run(r, new MonitorOutput() {
                @Override public void window(WindowReport report) {}
                @Override public void alarm(AlarmEvent alarm) {}
            }, null);
        } catch (OrtException e) {
            throw new IOException("cannot load the shipped wave model", e);
        }
        return rows;
    }

    private static int nearest(List<long[]> refs, long s, long window) {
        int lo = 0, hi = refs.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (refs.get(mid)[0] < s) lo = mid + 1; else hi = mid;
        }
        int best = -1;
        for (int k = Math.max(0, lo - 1); k <= Math.min(refs.size() - 1, lo + 1); k++) {
            long d = Math.abs(refs.get(k)[0] - s);
            if (d <= window && (best < 0 || d < Math.abs(refs.get(best)[0] - s))) best = k;
        }
        return best;
    }

    /** {@code java … BeatDataset MITDB_DIR OUT_DIR}: writes {@code train_seg.npy, train_template.npy, train_long_template.npy, train_rr.npy, train_y.npy, train_index.csv}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BeatDataset MITDB_DIR OUT_DIR   (run ../shared/data/unpack data first)");
            System.exit(2);
        }
        Path db = Path.of(args[0]), out = Path.of(args[1]);
        Files.createDirectories(out);
        List<Row> all = new ArrayList<>();
        for (String rec : DS1) {
            Path p = db.resolve(rec);
            if (!Files.exists(Path.of(p + ".hea"))) throw new IllegalArgumentException("record " + p + " not found");
            List<Row> rows = record(p);
            all.addAll(rows);
            System.out.printf("%s: %d beats%n", rec, rows.size());
        }
        NpyWriter.writeFloat32(out.resolve("train_seg.npy"), all.stream().map(Row::segment).toArray(float[][]::new));
        NpyWriter.writeFloat32(out.resolve("train_template.npy"), all.stream().map(Row::template).toArray(float[][]::new));
        NpyWriter.writeFloat32(out.resolve("train_long_template.npy"), all.stream().map(Row::longTemplate).toArray(float[][]::new));
        NpyWriter.writeFloat32(out.resolve("train_rr.npy"), all.stream().map(Row::rr).toArray(float[][]::new));
        NpyWriter.writeInt8(out.resolve("train_y.npy"), all.stream().map(x -> new byte[] {(byte) x.cls()}).toArray(byte[][]::new));
        StringBuilder idx = new StringBuilder("row,record,sample,symbol,class\n");
        for (int i = 0; i < all.size(); i++) {
            Row x = all.get(i);
            idx.append(i).append(',').append(x.record()).append(',').append(x.sample()).append(',').append(x.symbol()).append(',').append(x.cls()).append('\n');
        }
        Files.writeString(out.resolve("train_index.csv"), idx.toString(), StandardCharsets.US_ASCII);
        int[] counts = new int[5];
        all.forEach(x -> counts[x.cls()]++);
        System.out.printf("exported %d DS1 beats (N %d, S %d, V %d, F %d, Q %d) to %s%n", all.size(), counts[0], counts[1], counts[2], counts[3], counts[4], out);
    }
}
