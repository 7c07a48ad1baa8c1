package org.openholter.core.batch;

import org.openholter.core.codec.Event;
import org.openholter.core.codec.Layers;
import org.openholter.core.delineation.QtCorrection;
import org.openholter.core.hrv.HrvTracker;
import org.openholter.core.records.SignalSource;
import org.openholter.core.rhythm.AfTracker;
import org.openholter.wire.AlarmEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The Holter summary of a recording as one self-contained HTML page (inline SVG, no scripts): heart rate minimum,
 * mean and maximum with their times, pauses, ectopy counts and runs, AF burden and episodes, HRV, the QTc trend, and
 * example strips with the layered codec drawn over the ECG (waves shaded, beat codes above, rhythm below). Strips are
 * read again from the recording afterwards, so the analysis itself never holds the signal.
 */
public final class HolterReport {
    /** An RR interval longer than this is a pause. */
    static final double PAUSE_S = 2.0;
    private static final double STRIP_S = 10;

    private HolterReport() {}

    /** What one strip shows, from where (never before the start). */
    record Strip(String title, double fromS) {
        Strip { fromS = Math.max(0, fromS); }
    }

    public static Path write(RecordResults r, Callable<SignalSource> reopen, Path dir, String record, String analyzer) throws Exception {
        double fs = r.recordFs();
        int n = r.beatCount();
        double durationS = r.analysedSamples() / (double) Math.max(1, r.analysisFs());
        // Minute heart rates (from the beats in each minute) and the RR series.
        int minutes = (int) Math.ceil(durationS / 60);
        int[] perMinute = new int[Math.max(1, minutes)];
        for (int k = 0; k < n; k++) perMinute[(int) Math.min(perMinute.length - 1, r.beatSample(k) / fs / 60)]++;
        int minMin = -1, maxMin = -1;
        for (int m = 0; m < perMinute.length; m++) {
            if (m * 60 + 60 > durationS + 1) break; // only whole minutes
            if (perMinute[m] == 0) continue;
            if (minMin < 0 || perMinute[m] < perMinute[minMin]) minMin = m;
            if (maxMin < 0 || perMinute[m] > perMinute[maxMin]) maxMin = m;
        }
        double meanHr = n / Math.max(1e-9, durationS / 60);
        // Pauses, ectopy and runs.
        int pauses = 0, v = 0, s = 0, f = 0, paced = 0, couplets = 0, vRuns = 0, sRuns = 0, longestVRun = 0;
        double longestPause = 0, longestPauseAt = -1;
        int runV = 0, runS = 0;
        double vRunAt = -1;
        for (int k = 0; k < n; k++) {
            char c = r.beatCode(k);
            double rr = r.beatValues(k)[0] / 1000;
            if (rr > PAUSE_S) {
                pauses++;
                if (rr > longestPause) { longestPause = rr; longestPauseAt = r.beatSample(k) / fs - rr; }
            }
            if (c == 'V') v++; else if (c == 'A') s++; else if (c == 'F') f++; else if (c == '/') paced++;
            runV = c == 'V' ? runV + 1 : 0;
            if (c == 'V' && runV == 2) couplets++;
            if (c == 'V' && runV == 3) { vRuns++; couplets--; if (vRunAt < 0) vRunAt = r.beatSample(k) / fs; }
            longestVRun = Math.max(longestVRun, runV);
            runS = c == 'A' ? runS + 1 : 0;
            if (c == 'A' && runS == 3) sRuns++;
        }
        // QTc medians per 5 minutes (Bazett, Fridericia).
        int blocks = Math.max(1, (int) Math.ceil(durationS / 300));
        List<List<Double>> qtcB = new ArrayList<>(), qtcF = new ArrayList<>();
        for (int b = 0; b < blocks; b++) { qtcB.add(new ArrayList<>()); qtcF.add(new ArrayList<>()); }
        for (int k = 0; k < n; k++) {
            double[] x = r.beatValues(k);
            int b = (int) Math.min(blocks - 1, r.beatSample(k) / fs / 300);
            double bz = QtCorrection.BAZETT.correct(x[3], x[0]), fr = QtCorrection.FRIDERICIA.correct(x[3], x[0]);
            if (!Double.isNaN(bz) && r.beatCode(k) == 'N') qtcB.get(b).add(bz);
            if (!Double.isNaN(fr) && r.beatCode(k) == 'N') qtcF.get(b).add(fr);
        }
        double[] qtcBazett = qtcB.stream().mapToDouble(HolterReport::median).toArray();
        double[] qtcFrid = qtcF.stream().mapToDouble(HolterReport::median).toArray();
        // HRV of the whole recording: the 24-h span, else the longest one.
        HrvTracker.Report hrv = r.hrv().stream().filter(h -> h.span().equals("24h")).reduce((a, b) -> b)
                .orElse(r.hrv().stream().filter(h -> h.span().equals("1h")).reduce((a, b) -> b).orElse(null));
        double afS = r.afBurdens().stream().filter(b -> b.span().equals("24h")).mapToDouble(AfTracker.Burden::afSeconds).sum();
        double monS = r.afBurdens().stream().filter(b -> b.span().equals("24h")).mapToDouble(AfTracker.Burden::monitoredSeconds).sum();
        double longestAf = r.afEpisodes().stream().mapToDouble(e -> e.seconds(e.offsetMicros())).max().orElse(0);

        // Example strips.
        List<Strip> strips = new ArrayList<>();
        if (maxMin >= 0) strips.add(new Strip("Fastest minute (" + perMinute[maxMin] + " bpm) at " + clock(maxMin * 60), maxMin * 60 + 25));
        if (minMin >= 0) strips.add(new Strip("Slowest minute (" + perMinute[minMin] + " bpm) at " + clock(minMin * 60), minMin * 60 + 25));
        if (longestPauseAt >= 0) strips.add(new Strip(String.format(Locale.ROOT, "Longest pause (%.1f s) at %s", longestPause, clock(longestPauseAt)), longestPauseAt - 3));
        if (vRunAt >= 0) strips.add(new Strip("First ventricular run at " + clock(vRunAt), vRunAt - 4));
        if (!r.afEpisodes().isEmpty()) {
            AfTracker.Episode e = r.afEpisodes().get(0);
            strips.add(new Strip("First AF episode, onset at " + clock(e.onsetMicros() / 1e6), e.onsetMicros() / 1e6 - 3));
        }
        float[][] signal = readStrips(reopen, strips, fs);

        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Holter report ").append(esc(record))
                .append("</title><style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}h1{margin-bottom:0}"
                        + "table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                        + "td.n{text-align:right}.muted{color:#777;font-size:90%}svg{display:block;margin:4px 0 14px}"
                        + "h2{border-bottom:1px solid #ddd;padding-bottom:2px}</style></head><body>");
        h.append("<h1>Holter report: ").append(esc(record)).append("</h1><p class=\"muted\">")
                .append(clock(durationS)).append(" analysed, analyzer <code>").append(esc(analyzer)).append("</code>. Generated by OpenHolter; ")
                .append("automated analysis, to be reviewed by a physician.</p>");
        h.append("<h2>Summary</h2><table>");
        row(h, "Beats", String.valueOf(n));
        row(h, "Heart rate mean", String.format(Locale.ROOT, "%.0f bpm", meanHr));
        row(h, "Heart rate minimum (1-min)", minMin < 0 ? "–" : perMinute[minMin] + " bpm at " + clock(minMin * 60));
        row(h, "Heart rate maximum (1-min)", maxMin < 0 ? "–" : perMinute[maxMin] + " bpm at " + clock(maxMin * 60));
        row(h, "Pauses &gt; 2.0 s", pauses + (pauses > 0 ? String.format(Locale.ROOT, ", longest %.1f s at %s", longestPause, clock(longestPauseAt)) : ""));
        row(h, "Ventricular ectopic beats", v + String.format(Locale.ROOT, " (%.1f %%); couplets %d; runs of 3 or more %d, longest %d beats", 100.0 * v / Math.max(1, n), couplets, vRuns, longestVRun));
        row(h, "Supraventricular ectopic beats", s + String.format(Locale.ROOT, " (%.1f %%); runs of 3 or more %d", 100.0 * s / Math.max(1, n), sRuns));
        row(h, "Fusion / paced beats", f + " / " + paced);
        row(h, "AF burden", monS > 0 ? String.format(Locale.ROOT, "%.1f %% of %.1f h monitored; %d episodes, longest %s", 100 * afS / monS, monS / 3600,
                r.afEpisodes().size(), clock(longestAf)) : "–");
        if (hrv != null) {
            var t = hrv.hrv().time();
            boolean whole = (hrv.toMicros() - hrv.fromMicros()) >= (hrv.span().equals("24h") ? 86_400e6 : 3_600e6) - 1e6;
            row(h, "HRV (" + (whole ? hrv.span() : "whole recording") + ")", String.format(Locale.ROOT, "SDNN %.0f ms, SDANN %s ms, SDNN index %s ms, RMSSD %.0f ms, pNN50 %.1f %%, LF/HF %.2f (5-min mean)",
                    t.sdnnMs(), fmt(hrv.sdannMs()), fmt(hrv.sdnnIndexMs()), t.rmssdMs(), t.pnn50(), hrv.hrv().welch().lfHf()));
        }
        double[] allB = Arrays.stream(qtcBazett).filter(x -> !Double.isNaN(x)).toArray();
        row(h, "QTc Bazett (5-min medians)", allB.length == 0 ? "–" : String.format(Locale.ROOT, "median %.0f ms, highest %.0f ms",
                median(Arrays.stream(allB).boxed().toList()), Arrays.stream(allB).max().orElse(Double.NaN)));
        row(h, "Alarms", String.valueOf(r.alarmEpisodes().size()));
        h.append("</table>");

        h.append("<h2>Heart rate</h2><p class=\"muted\">Beats per minute, each minute.</p>");
        double[] hrTrend = new double[perMinute.length];
        for (int m = 0; m < hrTrend.length; m++) hrTrend[m] = m * 60 + 60 > durationS + 1 ? Double.NaN : perMinute[m]; // whole minutes only
        h.append(trend(hrTrend, 60, durationS, "bpm", "#c0392b", 0, Double.NaN));
        h.append("<h2>QTc</h2><p class=\"muted\">Medians over 5 minutes of normal beats: Bazett (red), Fridericia (blue).</p>");
        h.append(trend2(qtcBazett, qtcFrid, 300, durationS));
        if (!r.afBurdens().isEmpty()) {
            h.append("<h2>AF burden per hour</h2>");
            double[] hours = r.afBurdens().stream().filter(b -> b.span().equals("1h")).mapToDouble(AfTracker.Burden::percent).toArray();
            h.append(trend(hours, 3600, durationS, "%", "#8e44ad", 0, 100));
            if (!r.afEpisodes().isEmpty()) {
                h.append("<table><tr><th>AF episode</th><th>onset</th><th>end</th><th>duration</th></tr>");
                int k = 1;
                for (AfTracker.Episode e : r.afEpisodes()) {
                    h.append("<tr><td>").append(k++).append("</td><td>").append(clock(e.onsetMicros() / 1e6)).append("</td><td>")
                            .append(clock(e.offsetMicros() / 1e6)).append("</td><td>").append(clock(e.seconds(e.offsetMicros()))).append("</td></tr>");
                    if (k > 50) break;
                }
                h.append("</table>");
            }
        }
        h.append("<h2>Example strips</h2><p class=\"muted\">10 s each, first channel. Shaded: P (green), QRS (red), T (blue) from the wave layer; "
                + "above: beat codes (N normal, A supraventricular, V ventricular, F fusion, / paced, Q unclassified); below: the rhythm layer.</p>");
        for (int k = 0; k < strips.size(); k++) {
            h.append("<h3>").append(esc(strips.get(k).title())).append("</h3>").append(strip(r, signal[k], strips.get(k).fromS(), fs));
        }
        h.append("</body></html>\n");
        Path out = dir.resolve(record + ".report.html");
        Files.writeString(out, h.toString(), StandardCharsets.UTF_8);
        return out;
    }

    private static float[][] readStrips(Callable<SignalSource> reopen, List<Strip> strips, double fs) throws Exception {
        float[][] out = new float[strips.size()][];
        if (strips.isEmpty()) return out;
        try (SignalSource src = reopen.call()) {
            SignalSource.Channel c0 = src.channels().get(0);
            int len = (int) (STRIP_S * fs), ch = src.channels().size();
            long[] from = strips.stream().mapToLong(x -> Math.round(x.fromS() * fs)).toArray();
            for (int k = 0; k < out.length; k++) { out[k] = new float[len]; Arrays.fill(out[k], Float.NaN); }
            int block = 4096;
            int[][] buf = new int[ch][block];
            long pos = 0;
            long end = Arrays.stream(from).max().orElse(0) + len;
            int got;
            while (pos < end && (got = src.read(buf, 0, block)) > 0) {
                for (int k = 0; k < out.length; k++) {
                    for (int i = 0; i < got; i++) {
                        long j = pos + i - from[k];
                        if (j >= 0 && j < len) out[k][(int) j] = (float) ((buf[0][i] - c0.zero()) / c0.gain());
                    }
                }
                pos += got;
            }
        }
        return out;
    }

    /** A 10-s strip: the ECG on a 0.2-s / 0.5-mV grid, the wave layer shaded, beat codes above, the rhythm below. */
    private static String strip(RecordResults r, float[] x, double fromS, double fs) {
        int w = 1000, hgt = 220, top = 20, mid = 120;
        double pxPerS = w / STRIP_S, pxPerMv = 40;
        float[] known = new float[x.length];
        int nk = 0;
        for (float v : x) if (!Float.isNaN(v)) known[nk++] = v;
        Arrays.sort(known, 0, nk);
        double base = nk == 0 ? 0 : known[nk / 2]; // centre the strip on its median (baseline)
        StringBuilder s = new StringBuilder("<svg width=\"" + w + "\" height=\"" + hgt + "\" viewBox=\"0 0 " + w + " " + hgt
                + "\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%\" height=\"100%\" fill=\"#fff8f8\"/>");
        for (int i = 0; i <= STRIP_S * 5; i++) s.append(line(i * pxPerS / 5, top, i * pxPerS / 5, hgt - 20, i % 5 == 0 ? "#f2b8b8" : "#f8dada"));
        for (double mv = -2; mv <= 2; mv += 0.5) s.append(line(0, mid - mv * pxPerMv, w, mid - mv * pxPerMv, "#f2b8b8"));
        double fa = r.analysisFs();
        long a0 = Math.round(fromS * fa), a1 = Math.round((fromS + STRIP_S) * fa);
        String[] colour = {null, "#2ecc71", "#e74c3c", "#3498db", "#e74c3c"};
        for (Event e : r.layer(0)) {
            if (e.end() <= a0 || e.start() >= a1 || e.cls() <= 0 || e.cls() >= colour.length) continue;
            double x0 = (Math.max(e.start(), a0) - a0) / fa * pxPerS, x1 = (Math.min(e.end(), a1) - a0) / fa * pxPerS;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.18\"/>",
                    x0, top, Math.max(0.5, x1 - x0), hgt - 40, colour[e.cls()]));
        }
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i])) { pen = false; continue; }
            path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", i / fs * pxPerS,
                    Math.max(top, Math.min(hgt - 20, mid - (x[i] - base) * pxPerMv))));
            pen = true;
        }
        s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#111\" stroke-width=\"1\"/>");
        for (int k = 0; k < r.beatCount(); k++) {
            double t = r.beatSample(k) / fs - fromS;
            if (t < 0 || t >= STRIP_S) continue;
            char c = r.beatCode(k);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"14\" font-size=\"12\" text-anchor=\"middle\" fill=\"%s\">%s</text>",
                    t * pxPerS, c == 'N' ? "#555" : "#c0392b", esc(String.valueOf(c))));
        }
        for (Event e : r.layer(2)) {
            if (e.end() <= a0 || e.start() >= a1) continue;
            double x0 = (Math.max(e.start(), a0) - a0) / fa * pxPerS;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#333\">%s</text>", x0 + 2, hgt - 5,
                    esc(Layers.RHYTHM_NAMES.get(e.cls()))));
        }
        return s.append("</svg>").toString();
    }

    /** A trend of values every {@code stepS} seconds. */
    private static String trend(double[] v, double stepS, double durationS, String unit, String colour, double lo, double hi) {
        double[] known = Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
        if (known.length == 0) return "<p class=\"muted\">No values.</p>";
        double min = Double.isNaN(lo) ? Arrays.stream(known).min().getAsDouble() : lo;
        double max = Double.isNaN(hi) ? Arrays.stream(known).max().getAsDouble() : hi;
        if (max <= min) max = min + 1;
        int w = 1000, hgt = 160;
        StringBuilder s = new StringBuilder(axes(w, hgt, durationS, min, max, unit));
        StringBuilder p = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) { pen = false; continue; }
            double x = 40 + (i * stepS + stepS / 2) / Math.max(1, durationS) * (w - 50), y = 10 + (1 - (v[i] - min) / (max - min)) * (hgt - 30);
            p.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            pen = true;
        }
        return s.append("<path d=\"").append(p).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"/></svg>").toString();
    }

    private static String trend2(double[] a, double[] b, double stepS, double durationS) {
        double[] all = java.util.stream.DoubleStream.concat(Arrays.stream(a), Arrays.stream(b)).filter(x -> !Double.isNaN(x)).toArray();
        if (all.length == 0) return "<p class=\"muted\">No QT measured.</p>";
        double min = Math.min(350, Arrays.stream(all).min().getAsDouble()), max = Math.max(500, Arrays.stream(all).max().getAsDouble());
        String first = trend(a, stepS, durationS, "ms", "#c0392b", min, max);
        String second = trend(b, stepS, durationS, "ms", "#2980b9", min, max);
        int cut = second.indexOf("<path");
        return first.replace("</svg>", second.substring(cut, second.length() - "</svg>".length()) + "</svg>");
    }

    private static String axes(int w, int hgt, double durationS, double min, double max, String unit) {
        StringBuilder s = new StringBuilder("<svg width=\"" + w + "\" height=\"" + hgt + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        s.append(line(40, 10, 40, hgt - 20, "#999")).append(line(40, hgt - 20, w - 10, hgt - 20, "#999"));
        s.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"16\" font-size=\"11\">%.0f %s</text><text x=\"2\" y=\"%d\" font-size=\"11\">%.0f</text>",
                max, unit, hgt - 20, min));
        // Ticks every 10 minutes for short recordings, every hour (two beyond 12 h) for long ones.
        double tick = durationS <= 7200 ? 600 : durationS <= 43200 ? 3600 : 7200;
        for (double t = 0; t <= durationS; t += tick) {
            double x = 40 + t / Math.max(1, durationS) * (w - 50);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>", x, hgt - 5,
                    tick < 3600 ? (int) (t / 60) + "'" : (int) (t / 3600) + "h"));
        }
        return s.toString();
    }

    private static String line(double x0, double y0, double x1, double y1, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"0.6\"/>", x0, y0, x1, y1, colour);
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(k).append("</th><td>").append(v).append("</td></tr>");
    }

    static String clock(double s) {
        if (Double.isNaN(s)) return "–";
        long t = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    }

    private static String fmt(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v); }

    private static double median(List<Double> v) {
        return Quantiles.of(v.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
