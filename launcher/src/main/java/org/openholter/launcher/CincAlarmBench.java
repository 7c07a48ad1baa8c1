package org.openholter.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.core.alarms.AlarmType;
import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.batch.RecordRunner;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.records.SignalSource;
import org.openholter.core.records.WfdbSource;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.AlarmEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PhysioNet / CinC Challenge 2015 ("reducing false arrhythmia alarms in the ICU") through the streaming engine.
 * Each record carries one bedside-monitor alarm raised at 5:00 (its type and whether experts found it true are the
 * header's first two comment lines). The record is played, as the job would receive it, up to 300 s and no further
 * (real time: the decision uses no later sample); the engine keeps the alarm when an alarm of the same type sounds
 * at any moment from 285 s to 300 s, and suppresses it otherwise. With a later end (the issue's 305 s, say), records
 * that go on past 5:00 are played up to it and an alarm sounding until then keeps the alarm too. Scored per type and
 * overall with the challenge's score 100·(TP+TN)/(TP+TN+FP+5·FN): a missed true alarm costs five false ones.
 */
final class CincAlarmBench {
    /** The challenge's alarm types and the engine's. */
    static final Map<String, AlarmType> TYPES = new LinkedHashMap<>();
    static {
        TYPES.put("Asystole", AlarmType.ASYSTOLE);
        TYPES.put("Bradycardia", AlarmType.EXTREME_BRADY);
        TYPES.put("Tachycardia", AlarmType.EXTREME_TACHY);
        TYPES.put("Ventricular_Flutter_Fib", AlarmType.VFIB);
        TYPES.put("Ventricular_Tachycardia", AlarmType.VTACH);
    }
    static final double ALARM_S = 300, FROM_S = 285;
    /** The latest end: the longest records last 330 s. */
    static final double MAX_UNTIL_S = 330;

    private CincAlarmBench() {}

    /** One record's result. */
    record Row(String record, String type, boolean truth, boolean kept, double onsetS, double raisedS, double bpmAt300,
               String sounding, String vetoed) {}

    /** TP / FP / FN / TN of a set of rows. */
    record Tally(int tp, int fp, int fn, int tn) {
        static Tally of(List<Row> rows) {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (Row r : rows) {
                if (r.truth()) { if (r.kept()) tp++; else fn++; }
                else { if (r.kept()) fp++; else tn++; }
            }
            return new Tally(tp, fp, fn, tn);
        }

        /** The challenge score, 100·(TP+TN)/(TP+TN+FP+5·FN); NaN without records. */
        double score() {
            int d = tp + tn + fp + 5 * fn;
            return d == 0 ? Double.NaN : 100.0 * (tp + tn) / d;
        }

        double trueKept() { return tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn); }
        double falseSuppressed() { return fp + tn == 0 ? Double.NaN : tn / (double) (fp + tn); }
    }

    /** The record's alarm: its type (the challenge's name) and whether it was true, from the header's comment lines. */
    static String[] alarmOf(Path record) throws IOException {
        List<String> comments = Files.readAllLines(Path.of(record + ".hea")).stream().map(String::strip)
                .filter(l -> l.startsWith("#")).map(l -> l.substring(1).strip()).toList();
        if (comments.size() < 2 || !TYPES.containsKey(comments.get(0)) || !comments.get(1).matches("(?i)(true|false) alarm")) {
            throw new IllegalArgumentException(record + ".hea: the first two comment lines must give the alarm type (one of "
                    + TYPES.keySet() + ") and 'True alarm' or 'False alarm'; found " + comments.subList(0, Math.min(2, comments.size())));
        }
        return new String[] {comments.get(0), String.valueOf(comments.get(1).toLowerCase(Locale.ROOT).startsWith("true"))};
    }

    /** Plays one record up to the alarm and reads what the engine did. */
    static Row score(WindowAnalyzer analyzer, Path record, double untilS) throws Exception {
        String[] alarm = alarmOf(record);
        AlarmType type = TYPES.get(alarm[0]);
        WfdbRecord rec = WfdbRecord.read(record);
        double fs = rec.sampleRate();
        long upTo = Math.round(untilS * fs);
        List<AlarmEvent> events = new ArrayList<>();
        MonitorOutput out = new MonitorOutput() {
            @Override public void window(WindowReport r) {}
            @Override public void alarm(AlarmEvent a) { events.add(a); }
        };
        double[] bpm = {Double.NaN};
        new RecordRunner(analyzer, MonitorConfig.DEFAULT, 1.0).run(truncated(WfdbSource.of(rec), upTo), out, null,
                m -> bpm[0] = m.alarmHeartRate());
        // Episodes of the alarm's type: raised .. cleared (or still sounding at the end).
        Map<String, double[]> episodes = new LinkedHashMap<>();
        StringBuilder sounding = new StringBuilder(), vetoed = new StringBuilder();
        Map<String, double[]> high = new HashMap<>();
        for (AlarmEvent a : events) {
            double t = a.eventMillis() / 1e3;
            if (a.state().equals(AlarmEvent.VETOED) && t >= FROM_S - 10) vetoed.append(vetoed.length() == 0 ? "" : " ").append(a.type());
            if (!a.priority().equals("HIGH")) continue;
            if (a.state().equals(AlarmEvent.RAISED)) high.put(a.id(), new double[] {t, Double.POSITIVE_INFINITY, a.onsetMillis() / 1e3});
            if (a.state().equals(AlarmEvent.CLEARED) && high.containsKey(a.id())) high.get(a.id())[1] = t;
            if (a.type().equals(type.name()) && a.state().equals(AlarmEvent.RAISED)) episodes.put(a.id(), high.get(a.id()));
        }
        for (AlarmEvent a : events) {
            double[] e = high.get(a.id());
            if (e != null && a.state().equals(AlarmEvent.RAISED) && e[0] <= untilS && e[1] >= FROM_S && !sounding.toString().contains(a.type())) {
                sounding.append(sounding.length() == 0 ? "" : " ").append(a.type());
            }
        }
        double[] kept = episodes.values().stream().filter(e -> e[0] <= untilS && e[1] >= FROM_S).findFirst().orElse(null);
        return new Row(rec.name(), alarm[0], Boolean.parseBoolean(alarm[1]), kept != null, kept == null ? Double.NaN : kept[2],
                kept == null ? Double.NaN : kept[0], bpm[0], sounding.toString(), vetoed.toString());
    }

    /** The first {@code n} samples of {@code s}. */
    static SignalSource truncated(SignalSource s, long n) {
        return new SignalSource() {
            long done;
            @Override public String name() { return s.name(); }
            @Override public double sampleRate() { return s.sampleRate(); }
            @Override public long length() { return Math.min(n, s.length() < 0 ? n : s.length()); }
            @Override public List<Channel> channels() { return s.channels(); }
            @Override public List<String> warnings() { return s.warnings(); }
            @Override public void close() throws IOException { s.close(); }
            @Override public int read(int[][] out, int at, int max) throws IOException {
                int k = s.read(out, at, (int) Math.min(max, n - done));
                done += k;
                return k;
            }
        };
    }

    /** Runs the records, writes the per-record CSV, adds the figures to {@code json}, returns the Markdown table. */
    static String run(WindowAnalyzer analyzer, Path db, String records, Path csv, ObjectNode json, double untilS) throws Exception {
        List<Path> recs = BenchRecords.of(db, records);
        List<Row> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        BenchRecords.inParallel(recs, 2, r -> score(analyzer, r, untilS), row -> {
            rows.add(row);
            if (rows.size() % 25 == 0 || rows.size() == recs.size()) {
                System.err.printf(Locale.ROOT, "\rCinC 2015: %d / %d records (%.0f s)", rows.size(), recs.size(), (System.nanoTime() - t0) / 1e9);
            }
        });
        System.err.println();
        if (csv != null) {
            StringBuilder b = new StringBuilder("record,type,verdict,alarmed,onset_s,raised_s,alarm_bpm_at_end,high_sounding_from_285,vetoed_from_275\n");
            for (Row r : rows) {
                b.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%s,%s,%s,%s%n", r.record(), r.type(), r.truth() ? "true" : "false",
                        r.kept() ? 1 : 0, num(r.onsetS()), num(r.raisedS()), num(r.bpmAt300()), r.sounding(), r.vetoed()));
            }
            if (csv.getParent() != null) Files.createDirectories(csv.getParent());
            Files.writeString(csv, b.toString());
        }
        json.put("alarm_sounding_from_s", FROM_S).put("alarm_sounding_until_s", untilS);
        ObjectNode c = json.putObject("cinc2015");
        StringBuilder md = new StringBuilder("| alarm type | records (true / false) | TP | FP | FN | TN | true alarms kept | false alarms suppressed | score |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String type : TYPES.keySet()) {
            List<Row> of = rows.stream().filter(r -> r.type().equals(type)).toList();
            if (of.isEmpty()) continue;
            md.append(line(type, Tally.of(of), c.putObject(type)));
        }
        md.append(line("**all**", Tally.of(rows), c.putObject("all")));
        System.out.print(md);
        return md.toString();
    }

    private static String line(String name, Tally t, ObjectNode j) {
        j.put("tp", t.tp()).put("fp", t.fp()).put("fn", t.fn()).put("tn", t.tn()).put("score", t.score())
                .put("true_kept", t.trueKept()).put("false_suppressed", t.falseSuppressed());
        return String.format(Locale.ROOT, "| %s | %d (%d / %d) | %d | %d | %d | %d | %s | %s | %.1f |%n", name, t.tp() + t.fp() + t.fn() + t.tn(),
                t.tp() + t.fn(), t.fp() + t.tn(), t.tp(), t.fp(), t.fn(), t.tn(), pct(t.trueKept()), pct(t.falseSuppressed()), t.score());
    }

    private static String pct(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * v); }

    private static String num(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v); }
}
