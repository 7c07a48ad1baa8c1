package org.openholter.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.core.alarms.AlarmType;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.batch.Quantiles;
import org.openholter.core.batch.RecordResults;
import org.openholter.core.batch.RecordRunner;
import org.openholter.core.config.Flags;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Rhythm;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.core.synth.TruthEpisode;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./holter bench alarms}: the alarms the streaming engine ({@link PatientMonitor}, frame by frame, as in the
 * job) raises. (a) Simulated patients with a scripted high-priority event each: detection rate and the latency from the
 * event's onset to the moment the alarm leaves the monitor (device time of the frame that completed the check or the
 * window that raised it); false high-priority alarms per patient-hour on clean sinus and on noisy sinus with lead-off bursts.
 * (b) MIT-BIH and VFDB replays: the share of reference VT / VF episodes of 4 s or more alarmed by a true VTACH or VFIB alarm, and
 * false high-priority alarms per hour on MIT-BIH records without VT or VF.
 */
public final class AlarmBench {
    /** One scripted event per high-priority type, the event being the script's second segment. */
    static final Map<AlarmType, String> SCRIPTS = new LinkedHashMap<>();
    static {
        SCRIPTS.put(AlarmType.ASYSTOLE, "sinus:75@60,asystole@8,sinus:75@52");
        SCRIPTS.put(AlarmType.VFIB, "sinus:70@60,vf@20,sinus:70@40");
        SCRIPTS.put(AlarmType.VTACH, "sinus:80@60,vt:180@15,sinus:80@45");
        SCRIPTS.put(AlarmType.EXTREME_BRADY, "sinus:70@60,sinus:34@30,sinus:70@30");
        SCRIPTS.put(AlarmType.EXTREME_TACHY, "sinus:80@60,sinus:165@30,sinus:80@30");
    }

    private AlarmBench() {}

    public static int run(String[] args) throws Exception {
        Flags f = new Flags("holter bench alarms", "HOLTER_BENCH")
                .declare("patients", "10", "simulated patients per scripted event type")
                .declare("hours", "5", "patient-hours of clean, and of noisy, simulated sinus rhythm for the false-alarm rates")
                .declare("analyzer", "layered", "layered (the job's default, with the beat model) or delineation (without it)")
                .declare("mitdb", "data/mitdb", "MIT-BIH Arrhythmia folder (skipped when absent)")
                .declare("vfdb", "data/vfdb", "MIT-BIH Malignant Ventricular Ectopy folder (skipped when absent)")
                .declare("end-to-end-patients", "4", "patients per scripted type played in real time through the whole stack "
                        + "for the latency at the central station (MQTT); 0 skips it")
                .declare("dir", "run/bench-alarms", "work directory of that stack (wiped at start)")
                .declare("cinc2015", "", "PhysioNet/CinC Challenge 2015 folder: score its ICU alarms instead (the simulator and MIT-BIH / VFDB parts are skipped)")
                .declare("records", "", "with --cinc2015: the records to play, comma-separated (default: its RECORDS file)")
                .declare("csv", "", "with --cinc2015: write one row per record here (default run/bench-alarms/cinc2015-<analyzer>.csv)")
                .declare("until", "300", "with --cinc2015: play each record up to this second and keep its alarm when one of the same type "
                        + "sounds from 285 s to here (300: real time, the challenge's; 305: the window the issue scores)")
                .declare("json", null, "write the result as JSON here")
                .declare("report", "", "write a Markdown report here (e.g. docs/benchmarks/alarms.md)")
                .parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        int patients = f.getInt("patients", 1, 1000), hours = f.getInt("hours", 1, 1000), e2e = f.getInt("end-to-end-patients", 0, 100);
        String kind = f.getChoice("analyzer", "layered", "delineation");
        long t0 = System.nanoTime();
        ObjectNode json = Json.MAPPER.createObjectNode();
        StringBuilder md = new StringBuilder();
        if (!f.get("cinc2015").isBlank()) return cinc(f, kind, args, t0);
        try (WindowAnalyzer analyzer = LayeredAnalyzer.withBundledModels(kind.equals("layered"))) {
            // (a) scripted events
            ObjectNode p50 = json.putObject("monitor_latency_p50_s"), p99 = json.putObject("monitor_latency_p99_s"), sens = json.putObject("sensitivity");
            Map<AlarmType, List<Double>> endToEnd = e2e == 0 ? Map.of()
                    : AlarmEndToEnd.measure(kind, SCRIPTS, e2e, 1.0, Path.of(f.get("dir")).toAbsolutePath());
            ObjectNode e2e50 = json.putObject("latency_p50_s"), e2e99 = json.putObject("latency_p99_s");
            json.put("latency_measured_at", e2e == 0 ? "monitor (device time of the frame that raised it)" : "central station (MQTT arrival, wall clock)");
            md.append("| alarm | scripted events | alarmed | sensitivity | latency p50 | latency p99 | end to end (MQTT): alarmed | p50 | p99 |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<AlarmType, String> e : SCRIPTS.entrySet()) {
                List<Double> latencies = new ArrayList<>();
                for (int k = 0; k < patients; k++) {
                    Double l = scripted(analyzer, e.getKey(), e.getValue(), 100 + k);
                    if (l != null) latencies.add(l);
                }
                double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                String type = e.getKey().name();
                sens.put(type, latencies.size() / (double) patients);
                if (l.length > 0) { p50.put(type, Quantiles.of(l, 0.5)); p99.put(type, Quantiles.of(l, 0.99)); }
                double[] m = endToEnd.getOrDefault(e.getKey(), List.of()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double[] headline = e2e == 0 ? l : m;
                if (headline.length > 0) { e2e50.put(type, Quantiles.of(headline, 0.5)); e2e99.put(type, Quantiles.of(headline, 0.99)); }
                if (e2e > 0) sens.put(type + "_end_to_end", m.length / (double) e2e);
                md.append(String.format(Locale.ROOT, "| `%s` | %d | %d | %.0f %% | %s | %s | %s | %s | %s |\n", type, patients, l.length,
                        100.0 * l.length / patients, seconds(l, 0.5), seconds(l, 0.99), e2e == 0 ? "–" : m.length + " / " + e2e,
                        seconds(m, 0.5), seconds(m, 0.99)));
                System.out.printf(Locale.ROOT, "%-14s %d/%d alarmed, latency p50 %s p99 %s; end to end %d/%d, p50 %s p99 %s%n", type,
                        l.length, patients, seconds(l, 0.5), seconds(l, 0.99), m.length, e2e, seconds(m, 0.5), seconds(m, 0.99));
            }
            ObjectNode fh = json.putObject("false_high_per_hour");
            String[] ecg = {"II"}, withPulse = {"II", "PLETH"};
            double clean = falseHigh(analyzer, "sinus:72@3600", NoiseSpec.CLEAN, ecg, hours, 200);
            double noisy = falseHigh(analyzer, "sinus:75@290,leadoff@10", NoiseSpec.NOISY, ecg, hours, 300);
            double artefact = falseHigh(analyzer, ARTEFACTS, NoiseSpec.CLEAN, ecg, hours, 400);
            double artefactPulse = falseHigh(analyzer, ARTEFACTS, NoiseSpec.CLEAN, withPulse, hours, 400);
            fh.put("clean", clean).put("noisy", noisy).put("artifact_ecg_only", artefact).put("artifact_with_pleth", artefactPulse);
            System.out.printf(Locale.ROOT, "false high-priority alarms per patient-hour: clean %.3f, noisy %.3f; VF-like artefact every 5 min: "
                    + "%.3f with the ECG alone, %.3f with a PLETH channel (%d h each)%n", clean, noisy, artefact, artefactPulse, hours);
            md.append(String.format(Locale.ROOT, "\nFalse high-priority alarms per patient-hour (%d patient-hours each): clean sinus %.3f; "
                    + "noisy sinus with 10-s lead-off bursts every 5 minutes %.3f. Sinus with a 12-s VF-like motion artefact every 5 minutes "
                    + "(12 per hour; the heart beats on underneath): %.3f with the ECG alone, %.3f when the device also sends a PLETH channel "
                    + "(the pulse vetoes the alarm).\n", hours, clean, noisy, artefact, artefactPulse));
            // (b) recordings
            Path vfdb = Path.of(f.get("vfdb")), mitdb = Path.of(f.get("mitdb"));
            if (Files.exists(vfdb.resolve("RECORDS"))) {
                List<String> missed = java.util.Collections.synchronizedList(new ArrayList<>());
                double[] v = vfdbEpisodes(analyzer, vfdb, missed);
                missed.sort(null);
                json.putPOJO("vfdb_vt_vf_not_alarmed", missed);
                sens.put("vfdb_vt_vf", v[1] / Math.max(1, v[0]));
                sens.put("vfdb_vt_vf_any_alarm_sounding", v[2] / Math.max(1, v[0]));
                sens.put("vfdb_vt_vf_raised_during", v[3] / Math.max(1, v[0]));
                json.put("vfdb_vt_vf_raises_per_hour", v[4] / v[6]);
                json.put("vfdb_vt_vf_alarm_s_away_from_reference_per_hour", v[5] / v[6]);
                System.out.printf(Locale.ROOT, "VFDB: %.0f of %.0f VT / VF episodes of 4 s or more alarmed by a true VTACH / VFIB alarm "
                        + "(any sounding: %.0f, raised during them: %.0f); %.0f VT / VF raises and %.0f s of VT / VF alarm away from any "
                        + "reference VT / VF in %.1f h%n", v[1], v[0], v[2], v[3], v[4], v[5], v[6]);
                if (!missed.isEmpty()) System.out.println("  not alarmed: " + String.join(", ", missed));
                md.append(String.format(Locale.ROOT, "\nVFDB, %.0f reference VT / VF episodes of 4 s or more in %.1f h:\n\n"
                                + "- **alarmed: %.0f (%.1f %%)**: a `VTACH` or `VFIB` alarm sounded (raised, not yet cleared) during the episode or up "
                                + "to 10 s after it, and that alarm was true: raised within 10 s of some reference VT / VF episode (before, during or after it);\n"
                                + "- any VT / VF alarm sounding then, true or not: %.0f (%.1f %%); one raised during the episode or 10 s after: %.0f "
                                + "(%.1f %%; an alarm already sounding from an episode just before is held, not raised again);\n"
                                + "- %.0f VT / VF raises (%.1f per hour); those alarms sounded %.0f s (%.0f s per hour) more than 10 s away from any "
                                + "reference VT / VF.\n"
                                + (missed.isEmpty() ? "" : "- not alarmed (record, reference episode): " + String.join(", ", missed) + ".\n"),
                        v[0], v[6], v[1], 100 * v[1] / Math.max(1, v[0]), v[2], 100 * v[2] / Math.max(1, v[0]), v[3],
                        100 * v[3] / Math.max(1, v[0]), v[4], v[4] / v[6], v[5], v[5] / v[6]));
            } else {
                System.out.println("VFDB not found at " + vfdb + ": skipped (../shared/data/unpack data)");
            }
            if (Files.exists(mitdb.resolve("RECORDS"))) {
                double[] m = mitdbFalseHigh(analyzer, mitdb);
                fh.put("mitdb", m[0] / m[1]);
                System.out.printf(Locale.ROOT, "MIT-BIH without VT / VF: %.0f high-priority alarms in %.1f h%n", m[0], m[1]);
                StringBuilder by = new StringBuilder();
                List<AlarmType> types = new ArrayList<>(SCRIPTS.keySet());
                for (int i = 0; i < types.size(); i++) if (m[2 + i] > 0) by.append(by.length() == 0 ? "" : ", ").append(types.get(i)).append(' ').append((long) m[2 + i]);
                json.putObject("mitdb_high_by_type");
                for (int i = 0; i < types.size(); i++) ((ObjectNode) json.get("mitdb_high_by_type")).put(types.get(i).name(), (long) m[2 + i]);
                md.append(String.format(Locale.ROOT, "\nMIT-BIH records without reference VT or VF: %.0f high-priority alarms in %.1f h (%.2f per hour): %s. "
                        + "Extreme-rate alarms there may be true (AF with a fast ventricular response, SVTA); the episodes are not reviewed.\n",
                        m[0], m[1], m[0] / m[1], by));
                System.out.println("  by type: " + by);
            } else {
                System.out.println("MIT-BIH not found at " + mitdb + ": skipped");
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        json.put("analyzer", kind).put("patients_per_type", patients).put("hours", hours).put("seconds", secs)
                .put("date", Instant.now().toString()).put("machine", PipelineBench.machine());
        BenchOutput.json(f.get("json"), json);
        BenchOutput.section(f.get("report"), "# Alarm benchmark\n\nThe alarms of the streaming engine (`PatientMonitor`, fed frame by frame as "
                        + "in the job: the fast path on the incoming samples and the window analysis, merged into one episode per alarm). "
                        + "Latency at the monitor: from the scripted event's onset (for asystole, the last QRS before it) to the device time of "
                        + "the frame whose samples completed the check or window that raised the alarm (1-s frames). End to end: the same "
                        + "scripts played in real time by simulated devices through the whole stack on this machine (Mosquitto, gateway, "
                        + "Kafka, the Flink job with 2-s checkpoints, the exactly-once alarm topic, the gateway's forwarder, MQTT), "
                        + "from the onset on the device clock to the alarm's arrival at a central-station MQTT client; the JSON's "
                        + "`latency_p50_s` / `latency_p99_s` are these. Issue 6 targets: every scripted event alarmed, p99 ≤ 10 s per "
                        + "high-priority type, ≤ 0.05 false high-priority alarms per patient-hour on clean and ≤ 0.5 on noisy sinus, ≥ 95 % of "
                        + "VFDB VT / VF episodes of 4 s or more.\n",
                "analyzer " + kind, "./holter bench alarms " + String.join(" ", args), json, secs, md.toString());
        return 0;
    }

    /** {@code --cinc2015 DIR}: the ICU alarm challenge ({@link CincAlarmBench}). */
    private static int cinc(Flags f, String kind, String[] args, long t0) throws Exception {
        Path db = Path.of(f.get("cinc2015"));
        if (!Files.isDirectory(db)) throw new IllegalArgumentException("--cinc2015 " + db + ": no such folder (../shared/data/unpack data cinc2015)");
        Path csv = Path.of(f.get("csv").isBlank() ? "run/bench-alarms/cinc2015-" + kind + ".csv" : f.get("csv"));
        double until = f.getDouble("until", CincAlarmBench.ALARM_S, CincAlarmBench.MAX_UNTIL_S);
        ObjectNode json = Json.MAPPER.createObjectNode();
        String md;
        try (WindowAnalyzer analyzer = LayeredAnalyzer.withBundledModels(kind.equals("layered"))) {
            md = CincAlarmBench.run(analyzer, db, f.get("records"), csv, json, until);
        }
        System.out.println("per record: " + csv);
        double secs = (System.nanoTime() - t0) / 1e9;
        json.put("analyzer", kind).put("seconds", secs).put("date", Instant.now().toString()).put("machine", PipelineBench.machine());
        BenchOutput.json(f.get("json"), json);
        BenchOutput.section(f.get("report"), "# Alarm benchmark\n", "CinC 2015 ICU alarms, analyzer " + kind
                        + (until == CincAlarmBench.ALARM_S ? "" : String.format(java.util.Locale.ROOT, ", alarms sounding up to %.0f s", until)),
                "./holter bench alarms " + String.join(" ", args), json, secs, md);
        return 0;
    }

    /** Where a scripted event begins for its alarm's latency (s): for asystole, the last QRS before it. */
    static double onsetS(TruthEpisode ep) {
        return ep.rhythm() == Rhythm.ASYSTOLE ? ep.lastQrsBeforeS() : ep.startS();
    }

    /** The q-quantile of sorted seconds, for a table ("–" without any). */
    static String seconds(double[] sorted, double q) {
        return sorted.length == 0 ? "–" : String.format(Locale.ROOT, "%.1f s", Quantiles.of(sorted, q));
    }

    /** Latency (s) of the first alarm of {@code type} after the scripted event's onset, or null when none came. */
    static Double scripted(WindowAnalyzer analyzer, AlarmType type, String script, long seed) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(script), NoiseSpec.CLEAN, 250, new String[] {"II"}, seed, false, false);
        SyntheticDevice d = new SyntheticDevice("sim", s, 1.0, 0, SyntheticDevice.DEFAULT_GAIN, 0);
        double[] now = {0};
        List<double[]> got = new ArrayList<>(); // onset s, emitted s
        MonitorOutput out = new MonitorOutput() {
            @Override public void window(WindowReport r) {}
            @Override public void alarm(AlarmEvent a) {
                if (a.type().equals(type.name()) && a.state().equals(AlarmEvent.RAISED)) got.add(new double[] {a.onsetMillis() / 1e3, now[0]});
            }
        };
        PatientMonitor m = new PatientMonitor("sim", MonitorConfig.DEFAULT, analyzer);
        double end = Scenario.parse(script).seconds();
        while (d.nextFrameMicros() / 1e6 < end) {
            EcgFrame f = d.nextFrame();
            now[0] = f.endMicros() / 1e6;
            m.onFrame(f, out);
        }
        m.finish(out);
        TruthEpisode ep = s.episodes().get(1);
        double onset = onsetS(ep);
        return got.stream().filter(g -> g[1] >= onset && g[0] < ep.endS() + 2).map(g -> g[1] - onset).findFirst().orElse(null);
    }

    /** Sinus with a VF-like motion artefact every 5 minutes. */
    static final String ARTEFACTS = "sinus:75@288,artifact:75@12";

    /** High-priority raises per patient-hour over {@code hours} one-hour simulated patients with these channels. */
    static double falseHigh(WindowAnalyzer analyzer, String script, NoiseSpec noise, String[] channels, int hours, long seed) {
        int raised = 0;
        for (int h = 0; h < hours; h++) {
            EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(script), noise, 250, channels, seed + h, true, false);
            SyntheticDevice d = new SyntheticDevice("sim", s, 1.0, 0, SyntheticDevice.DEFAULT_GAIN, 0);
            int[] n = {0};
            MonitorOutput out = new MonitorOutput() {
                @Override public void window(WindowReport r) {}
                @Override public void alarm(AlarmEvent a) {
                    if (a.state().equals(AlarmEvent.RAISED) && a.priority().equals("HIGH")) n[0]++;
                }
            };
            PatientMonitor m = new PatientMonitor("sim", MonitorConfig.DEFAULT, analyzer);
            while (d.nextFrameMicros() < 3600_000_000L) m.onFrame(d.nextFrame(), out);
            m.finish(out);
            raised += n[0];
        }
        return raised / (double) hours;
    }

    /**
     * Over VFDB: {reference VT / VF episodes of 4 s or more, those alarmed by a true alarm (a VTACH or VFIB alarm sounding
     * during the episode or up to 10 s after it, itself raised within 10 s of some reference VT / VF
     * episode), those with any VTACH / VFIB alarm sounding then, those with one raised then, VTACH / VFIB raises,
     * VTACH / VFIB alarm seconds more than 10 s away from any reference VT / VF, hours}.
     */
    static double[] vfdbEpisodes(WindowAnalyzer analyzer, Path db, List<String> missed) throws Exception {
        double[] total = new double[7];
        BenchRecords.inParallel(BenchRecords.of(db, ""), 2, r -> {
            WfdbRecord rec = WfdbRecord.read(r);
            double fs = rec.sampleRate();
            List<double[]> eps = episodes(r, fs, rec.length(), Arrays.asList("(VT", "(VFL", "(VF", "(VFIB"));
            RecordResults res = new RecordResults(fs, false);
            new RecordRunner(analyzer, MonitorConfig.DEFAULT, 1.0).run(rec, res, null);
            double[] row = new double[7];
            List<double[]> sounding = new ArrayList<>(); // VTACH / VFIB alarms: raised, cleared (s), true (1) or not (0)
            for (AlarmEvent a : res.alarms()) {
                if (!a.state().equals(AlarmEvent.RAISED) || !(a.type().equals("VTACH") || a.type().equals("VFIB"))) continue;
                double raised = a.eventMillis() / 1e3;
                double cleared = res.alarms().stream().filter(x -> x.id().equals(a.id()) && x.state().equals(AlarmEvent.CLEARED))
                        .mapToDouble(x -> x.eventMillis() / 1e3).findFirst().orElse(rec.length() / fs);
                boolean real = eps.stream().anyMatch(e -> raised >= e[0] - 10 && raised < e[1] + 10);
                sounding.add(new double[] {raised, cleared, real ? 1 : 0});
                row[4]++;
            }
            for (double[] e : eps) {
                if (e[1] - e[0] < 4) continue;
                row[0]++;
                if (sounding.stream().anyMatch(x -> x[2] > 0 && x[0] < e[1] + 10 && x[1] >= e[0])) row[1]++;
                else missed.add(String.format(Locale.ROOT, "%s %.1f-%.1f s", rec.name(), e[0], e[1]));
                if (sounding.stream().anyMatch(x -> x[0] < e[1] + 10 && x[1] >= e[0])) row[2]++;
                if (sounding.stream().anyMatch(x -> x[0] >= e[0] && x[0] < e[1] + 10)) row[3]++;
            }
            double step = 0.1, len = rec.length() / fs;
            for (double t = 0; t < len; t += step) {
                final double at = t;
                if (sounding.stream().anyMatch(x -> at >= x[0] && at < x[1]) && eps.stream().noneMatch(e -> at >= e[0] - 10 && at < e[1] + 10)) row[5] += step;
            }
            row[6] = len / 3600;
            return row;
        }, x -> { for (int i = 0; i < total.length; i++) total[i] += x[i]; });
        return total;
    }

    /**
     * {high-priority raises, hours, then raises per high-priority type in {@link #SCRIPTS} order} over the MIT-BIH
     * records without reference VT or VF. Extreme-rate alarms there may be true (AF with a fast response, SVTA).
     */
    static double[] mitdbFalseHigh(WindowAnalyzer analyzer, Path db) throws Exception {
        List<AlarmType> types = new ArrayList<>(SCRIPTS.keySet());
        double[] total = new double[2 + types.size()];
        BenchRecords.inParallel(BenchRecords.of(db, ""), 2, r -> {
            WfdbRecord rec = WfdbRecord.read(r);
            double fs = rec.sampleRate();
            double[] row = new double[2 + types.size()];
            if (!episodes(r, fs, rec.length(), Arrays.asList("(VT", "(VFL", "(VF", "(VFIB")).isEmpty()) return row;
            RecordResults res = new RecordResults(fs, false);
            new RecordRunner(analyzer, MonitorConfig.DEFAULT, 1.0).run(rec, res, null);
            for (AlarmEvent a : res.alarms()) {
                if (!a.state().equals(AlarmEvent.RAISED) || !a.priority().equals("HIGH")) continue;
                row[0]++;
                row[2 + types.indexOf(AlarmType.valueOf(a.type()))]++;
            }
            row[1] = rec.length() / fs / 3600;
            return row;
        }, x -> { for (int i = 0; i < total.length; i++) total[i] += x[i]; });
        return total;
    }

    /** Reference rhythm episodes (start, end in s) whose aux is one of {@code kinds}. */
    static List<double[]> episodes(Path record, double fs, long length, List<String> kinds) throws Exception {
        List<double[]> out = new ArrayList<>();
        Path atr = Path.of(record + ".atr");
        if (!Files.exists(atr)) return out;
        double start = -1;
        for (WfdbAnnotations.RhythmChange c : WfdbAnnotations.rhythmChanges(WfdbAnnotations.read(atr))) {
            if (start >= 0) { out.add(new double[] {start, c.sample() / fs}); start = -1; }
            if (kinds.contains(c.aux())) start = c.sample() / fs;
        }
        if (start >= 0) out.add(new double[] {start, length / fs});
        return out;
    }

}
