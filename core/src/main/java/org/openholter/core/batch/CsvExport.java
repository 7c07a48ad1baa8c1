package org.openholter.core.batch;

import org.openholter.core.delineation.QtCorrection;
import org.openholter.core.features.Feature;
import org.openholter.core.hrv.HrvTracker;
import org.openholter.core.hrv.Nonlinear;
import org.openholter.core.hrv.Spectrum;
import org.openholter.core.hrv.TimeDomain;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.rhythm.AfTracker;
import org.openholter.wire.AlarmEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The tables of a recorded file's analysis, as CSV (times in s from the record's start; empty cells where a value is
 * unknown): {@code RECORD.beats.csv}, {@code RECORD.hrv.csv}, {@code RECORD.af_episodes.csv},
 * {@code RECORD.af_burden.csv}, {@code RECORD.alarms.csv}, one ECGomics CSV per dimension
 * ({@code RECORD.ecgomics_structural.csv} …) and {@code RECORD.ecgomics_summary.csv}.
 */
public final class CsvExport {
    private CsvExport() {}

    public static List<Path> writeAll(RecordResults r, Path dir, String record) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        out.add(beats(r, dir.resolve(record + ".beats.csv")));
        out.add(hrv(r, dir.resolve(record + ".hrv.csv")));
        out.add(afEpisodes(r, dir.resolve(record + ".af_episodes.csv")));
        out.add(afBurden(r, dir.resolve(record + ".af_burden.csv")));
        out.add(alarms(r, dir.resolve(record + ".alarms.csv")));
        for (Feature.Dimension d : Feature.Dimension.values()) {
            if (Arrays.stream(Feature.values()).anyMatch(f -> f.dimension == d)) out.add(features(r, d, dir.resolve(record + ".ecgomics_" + d.id + ".csv")));
        }
        if (r.features().stream().anyMatch(x -> x.embedding() != null)) out.add(embeddings(r, dir.resolve(record + ".ecgomics_comparative.csv")));
        out.add(featureSummary(r, dir.resolve(record + ".ecgomics_summary.csv")));
        return out;
    }

    static Path beats(RecordResults r, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("time_s,sample,code,rr_ms,pr_ms,qrs_ms,qt_ms,qtc_bazett_ms,qtc_fridericia_ms\n");
            for (int k = 0; k < r.beatCount(); k++) {
                double[] v = r.beatValues(k);
                long s = r.beatSample(k);
                w.write(num(s / r.recordFs()) + "," + s + "," + r.beatCode(k) + "," + num(v[0]) + "," + num(v[1]) + "," + num(v[2]) + ","
                        + num(v[3]) + "," + num(QtCorrection.BAZETT.correct(v[3], v[0])) + "," + num(QtCorrection.FRIDERICIA.correct(v[3], v[0])) + "\n");
            }
        }
        return file;
    }

    /** Column names of the HRV table after span, from_s, to_s. */
    public static final String HRV_COLUMNS = "nn_count,mean_nn_ms,sdnn_ms,rmssd_ms,sdsd_ms,nn50,pnn50,tri_index,tinn_ms,"
            + "vlf_ms2,lf_ms2,hf_ms2,total_ms2,lf_hf,lf_nu,hf_nu,ls_vlf_ms2,ls_lf_ms2,ls_hf_ms2,ls_total_ms2,ls_lf_hf,"
            + "sd1_ms,sd2_ms,sampen,dfa_a1,dfa_a2,sdann_ms,sdnn_index_ms";

    static Path hrv(RecordResults r, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("span,from_s,to_s," + HRV_COLUMNS + "\n");
            for (HrvTracker.Report h : r.hrv()) {
                TimeDomain t = h.hrv().time();
                Spectrum.Bands a = h.hrv().welch(), b = h.hrv().lombScargle();
                Nonlinear n = h.hrv().nonlinear();
                double[] v = {t.count(), t.meanNnMs(), t.sdnnMs(), t.rmssdMs(), t.sdsdMs(), t.nn50(), t.pnn50(), t.triangularIndex(), t.tinnMs(),
                        a.vlf(), a.lf(), a.hf(), a.total(), a.lfHf(), a.lfNu(), a.hfNu(), b.vlf(), b.lf(), b.hf(), b.total(), b.lfHf(),
                        n.sd1Ms(), n.sd2Ms(), n.sampleEntropy(), n.dfaAlpha1(), n.dfaAlpha2(), h.sdannMs(), h.sdnnIndexMs()};
                StringBuilder line = new StringBuilder(h.span()).append(',').append(num(h.fromMicros() / 1e6)).append(',').append(num(h.toMicros() / 1e6));
                for (double x : v) line.append(',').append(num(x));
                w.write(line.append('\n').toString());
            }
        }
        return file;
    }

    static Path afEpisodes(RecordResults r, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("onset_s,end_s,duration_s\n");
            for (AfTracker.Episode e : r.afEpisodes()) {
                w.write(num(e.onsetMicros() / 1e6) + "," + num(e.offsetMicros() / 1e6) + "," + num(e.seconds(e.offsetMicros())) + "\n");
            }
        }
        return file;
    }

    static Path afBurden(RecordResults r, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("span,from_s,to_s,af_s,monitored_s,burden_pct,episodes,longest_s\n");
            for (AfTracker.Burden b : r.afBurdens()) {
                w.write(b.span() + "," + num(b.fromMicros() / 1e6) + "," + num(b.toMicros() / 1e6) + "," + num(b.afSeconds()) + ","
                        + num(b.monitoredSeconds()) + "," + num(b.percent()) + "," + b.episodes() + "," + num(b.longestSeconds()) + "\n");
            }
        }
        return file;
    }

    /** One ECGomics dimension, as the ECGomics platform exports it: a row per reported stretch's window. */
    static Path features(RecordResults r, Feature.Dimension d, Path file) throws IOException {
        List<Feature> cols = Arrays.stream(Feature.values()).filter(f -> f.dimension == d).toList();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("from_s,to_s");
            for (Feature f : cols) w.write("," + f.id);
            w.write("\n");
            for (MonitorOutput.FeatureReport x : r.features()) {
                StringBuilder line = new StringBuilder(num(x.fromMicros() / 1e6)).append(',').append(num(x.toMicros() / 1e6));
                for (Feature f : cols) line.append(',').append(num(x.values()[f.ordinal()]));
                w.write(line.append('\n').toString());
            }
        }
        return file;
    }

    /** The comparative dimension: the wave model's embedding of each window (empty cells where it had none). */
    static Path embeddings(RecordResults r, Path file) throws IOException {
        int dim = r.features().stream().filter(x -> x.embedding() != null).mapToInt(x -> x.embedding().length).max().orElse(0);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("from_s,to_s");
            for (int i = 0; i < dim; i++) w.write("," + Feature.embeddingId(i));
            w.write("\n");
            for (MonitorOutput.FeatureReport x : r.features()) {
                StringBuilder line = new StringBuilder(num(x.fromMicros() / 1e6)).append(',').append(num(x.toMicros() / 1e6));
                for (int i = 0; i < dim; i++) line.append(',').append(x.embedding() == null ? "" : String.format(Locale.ROOT, "%.5f", x.embedding()[i]));
                w.write(line.append('\n').toString());
            }
        }
        return file;
    }

    /** The whole recording per feature: windows measured, median, 5th and 95th percentiles. */
    static Path featureSummary(RecordResults r, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("dimension,feature,unit,windows,median,p05,p95\n");
            for (Feature f : Feature.values()) {
                double[] v = r.features().stream().mapToDouble(x -> x.values()[f.ordinal()]).filter(x -> !Double.isNaN(x)).sorted().toArray();
                w.write(f.dimension.id + "," + f.id + "," + f.unit + "," + v.length + "," + num(Quantiles.of(v, 0.5)) + ","
                        + num(Quantiles.of(v, 0.05)) + "," + num(Quantiles.of(v, 0.95)) + "\n");
            }
        }
        return file;
    }

    /** Alarm episodes as the README's output conventions have them: onset_s, end_s (empty while still raised at the end), type, priority. */
    static Path alarms(RecordResults r, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("onset_s,end_s,type,priority\n");
            for (RecordResults.AlarmEpisode e : r.alarmEpisodes()) {
                AlarmEvent a = e.raised();
                w.write(num(a.onsetMillis() / 1e3) + "," + (e.cleared() == null ? "" : num(e.cleared().eventMillis() / 1e3)) + "," + a.type() + "," + a.priority() + "\n");
            }
        }
        return file;
    }

    /** A number with up to 3 decimals (integers without), or empty for NaN. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
