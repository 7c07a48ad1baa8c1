package org.openholter.core.sinks;

import org.openholter.core.codec.Event;
import org.openholter.core.codec.Layers;
import org.openholter.core.delineation.QtCorrection;
import org.openholter.core.features.Feature;
import org.openholter.core.hrv.HrvTracker;
import org.openholter.core.hrv.Nonlinear;
import org.openholter.core.hrv.Spectrum;
import org.openholter.core.hrv.TimeDomain;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.rhythm.AfTracker;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.DeviceStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The InfluxDB schema (documented in README.md, used by the dashboards):
 * <pre>
 * heart_rate     device, ward, bed | bpm, rhythm, quality, analyzer, channel,         at the end of each reported stretch
 *                                   alarm_bpm (the rate the alarms use: last 12 RR, 4 when slow; absent when none),
 *                                   alarm_rate_known (1, or 0 when the alarms have no rate: too few beats, asystole),
 *                                   rhythm_id, rhythm_layer (codec rhythm layer: id and name of the stretch's main rhythm),
 *                                   pr_ms, qrs_ms, qt_ms, qtc_bazett_ms, qtc_fridericia_ms (medians over the stretch's beats)
 * rhythm_run     device, rhythm    | id, duration_ms                                    at the start of each run of the codec's rhythm
 *                                   layer within the reported stretch (a run crossing stretches comes once per stretch)
 * beat           device, class     | rr_ms, amp_mv, pr_ms, qrs_ms, qt_ms,              at each R peak (class: MIT code N A V F Q)
 *                                   qtc_bazett_ms, qtc_fridericia_ms (intervals only where the wave layer found them)
 * hrv            device, ward, bed, span | nn_count, mean_nn_ms, sdnn_ms, rmssd_ms, sdsd_ms, nn50, pnn50, tri_index,
 *                                   tinn_ms, vlf_ms2, lf_ms2, hf_ms2, total_ms2, lf_hf, lf_nu, hf_nu (Welch), ls_vlf_ms2,
 *                                   ls_lf_ms2, ls_hf_ms2, ls_total_ms2, ls_lf_hf (Lomb-Scargle), sd1_ms, sd2_ms, sampen,
 *                                   dfa_a1, dfa_a2, sdann_ms, sdnn_index_ms      at the end of the span (span 1m 5m 1h 24h)
 * af_episode     device, ward, bed, state | onset_ms, duration_s, active            at onset (state onset, 30 s in) and end
 * af_burden      device, ward, bed, span, complete | af_s, monitored_s, burden_pct, episodes, longest_s
 *                                   every minute for the UTC hour / day so far (complete=false), at its end (complete=true)
 * ecgomics       device, ward, bed | every Feature's id, emb_00 … emb_47 (docs/features.md)   at the end of each reported stretch
 * signal_quality device, ward, bed | score, usable, gap_fraction, lead_off_fraction, flat, noise_ratio, baseline_mv
 * stream         device            | frames, stale, reordered, gaps, missing_samples, breaks (running totals)
 * alarm          device, ward, bed, type, priority, state | id, step (= state), active, latched, onset_ms, value, text, by, until_ms
 *                                                       at the event's time (every step: the audit trail)
 * alarm_command  device or ward, action, accepted | by, id, limits (JSON), text     at the command's time (the commands' audit trail)
 * device_status  device, ward, bed | online, battery_pct, lead_off, lead_off_count
 * window_latency device, ward, bed | latency_s (device → stored in InfluxDB)           when stored
 * </pre>
 */
public final class InfluxPoints {
    private InfluxPoints() {}

    public static List<LinePoint> of(WindowReport r) {
        List<LinePoint> out = new ArrayList<>(r.beats().size() + 4);
        long t = r.keepToMicros();
        LinePoint hr = new LinePoint("heart_rate", t).tag("device", r.deviceId()).tag("ward", r.ward()).tag("bed", r.bed())
                .field("bpm", r.heartRateBpm()).field("rhythm", r.rhythm().name()).field("analyzer", r.analyzer())
                .field("channel", r.channel())
                // The rate the alarms use (the last 12 RR, 4 when slow), and whether there is one: none during an asystole.
                .field("alarm_bpm", r.alarmHeartRateBpm()).field("alarm_rate_known", Double.isFinite(r.alarmHeartRateBpm()) ? 1L : 0L);
        if (r.quality() != null) hr.field("quality", r.quality().score());
        if (r.codec() != null && r.codec().length() > 0) {
            int id = dominant(r.codec().rhythm());
            hr.field("rhythm_id", (long) id).field("rhythm_layer", Layers.RHYTHM_NAMES.get(id));
        }
        hr.field("pr_ms", median(r.beats(), b -> b.intervals().prMs())).field("qrs_ms", median(r.beats(), b -> b.intervals().qrsMs()))
                .field("qt_ms", median(r.beats(), b -> b.intervals().qtMs()))
                .field("qtc_bazett_ms", median(r.beats(), b -> b.qtc(QtCorrection.BAZETT)))
                .field("qtc_fridericia_ms", median(r.beats(), b -> b.qtc(QtCorrection.FRIDERICIA)));
        out.add(hr.measureLatencyFrom(r.sourceEndMicros()));
        if (r.codec() != null) {
            var c = r.codec();
            for (Event run : Event.runs(c.rhythm(), 0)) {
                out.add(new LinePoint("rhythm_run", c.startMicros() + run.start() * 1_000_000L / c.sampleRateHz())
                        .tag("device", r.deviceId()).tag("rhythm", Layers.RHYTHM_NAMES.get(run.cls()))
                        .field("id", (long) run.cls()).field("duration_ms", run.length() * 1000.0 / c.sampleRateHz()));
            }
        }
        for (WindowReport.ReportedBeat b : r.beats()) {
            out.add(new LinePoint("beat", b.timeMicros()).tag("device", r.deviceId()).tag("class", String.valueOf(b.label()))
                    .field("rr_ms", b.rrMillis()).field("amp_mv", b.amplitudeMv())
                    .field("pr_ms", b.intervals().prMs()).field("qrs_ms", b.intervals().qrsMs()).field("qt_ms", b.intervals().qtMs())
                    .field("qtc_bazett_ms", b.qtc(QtCorrection.BAZETT)).field("qtc_fridericia_ms", b.qtc(QtCorrection.FRIDERICIA)));
        }
        if (r.quality() != null) {
            var q = r.quality();
            out.add(new LinePoint("signal_quality", t).tag("device", r.deviceId()).tag("ward", r.ward()).tag("bed", r.bed())
                    .field("score", q.score()).field("usable", q.usable()).field("gap_fraction", q.gapFraction())
                    .field("lead_off_fraction", q.leadOffFraction()).field("flat", q.flat())
                    .field("noise_ratio", q.noiseRatio()).field("baseline_mv", q.baselineMv()));
        }
        var s = r.stream();
        out.add(new LinePoint("stream", t).tag("device", r.deviceId()).field("frames", s.frames()).field("stale", s.stale())
                .field("reordered", s.reordered()).field("gaps", s.gaps()).field("missing_samples", s.missingSamples())
                .field("breaks", s.breaks()));
        return out;
    }

    /** The most frequent label. */
    static int dominant(byte[] labels) {
        int[] n = new int[256];
        for (byte b : labels) n[b & 0xFF]++;
        int best = 0;
        for (int i = 1; i < 256; i++) if (n[i] > n[best]) best = i;
        return best;
    }

    /** Median of the known (non-NaN) values; NaN when there is none (the field is then left out). */
    static double median(List<WindowReport.ReportedBeat> beats, ToDoubleFunction<WindowReport.ReportedBeat> value) {
        double[] v = beats.stream().mapToDouble(value).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    public static LinePoint of(MonitorOutput.HrvReport h) {
        HrvTracker.Report r = h.report();
        TimeDomain t = r.hrv().time();
        Spectrum.Bands w = r.hrv().welch(), l = r.hrv().lombScargle();
        Nonlinear n = r.hrv().nonlinear();
        return new LinePoint("hrv", r.toMicros()).tag("device", h.deviceId()).tag("ward", h.ward()).tag("bed", h.bed())
                .tag("span", r.span()).field("nn_count", (long) t.count()).field("mean_nn_ms", t.meanNnMs())
                .field("sdnn_ms", t.sdnnMs()).field("rmssd_ms", t.rmssdMs()).field("sdsd_ms", t.sdsdMs())
                .field("nn50", (long) t.nn50()).field("pnn50", t.pnn50()).field("tri_index", t.triangularIndex())
                .field("tinn_ms", t.tinnMs()).field("vlf_ms2", w.vlf()).field("lf_ms2", w.lf()).field("hf_ms2", w.hf())
                .field("total_ms2", w.total()).field("lf_hf", w.lfHf()).field("lf_nu", w.lfNu()).field("hf_nu", w.hfNu())
                .field("ls_vlf_ms2", l.vlf()).field("ls_lf_ms2", l.lf()).field("ls_hf_ms2", l.hf()).field("ls_total_ms2", l.total())
                .field("ls_lf_hf", l.lfHf()).field("sd1_ms", n.sd1Ms()).field("sd2_ms", n.sd2Ms()).field("sampen", n.sampleEntropy())
                .field("dfa_a1", n.dfaAlpha1()).field("dfa_a2", n.dfaAlpha2()).field("sdann_ms", r.sdannMs())
                .field("sdnn_index_ms", r.sdnnIndexMs());
    }

    public static LinePoint of(MonitorOutput.AfEpisode a) {
        AfTracker.Episode e = a.episode();
        long at = e.reportedAtMicros();
        return new LinePoint("af_episode", at).tag("device", a.deviceId()).tag("ward", a.ward()).tag("bed", a.bed())
                .tag("state", e.ongoing() ? "onset" : "end").field("onset_ms", Math.floorDiv(e.onsetMicros(), 1000))
                .field("duration_s", e.seconds(at)).field("active", e.ongoing() ? 1L : 0L);
    }

    public static LinePoint of(MonitorOutput.FeatureReport r) {
        LinePoint p = new LinePoint("ecgomics", r.toMicros()).tag("device", r.deviceId()).tag("ward", r.ward()).tag("bed", r.bed());
        for (Feature f : Feature.values()) p.field(f.id, r.values()[f.ordinal()]);
        if (r.embedding() != null) for (int i = 0; i < r.embedding().length; i++) p.field(Feature.embeddingId(i), r.embedding()[i]);
        return p;
    }

    public static LinePoint of(MonitorOutput.AfBurden a) {
        AfTracker.Burden b = a.burden();
        return new LinePoint("af_burden", b.toMicros()).tag("device", a.deviceId()).tag("ward", a.ward()).tag("bed", a.bed())
                .tag("span", b.span()).tag("complete", String.valueOf(b.complete())).field("af_s", b.afSeconds())
                .field("monitored_s", b.monitoredSeconds()).field("burden_pct", b.percent()).field("episodes", (long) b.episodes())
                .field("longest_s", b.longestSeconds());
    }

    public static LinePoint of(AlarmEvent a) {
        boolean active = a.active() != null ? a.active() : AlarmEvent.RAISED.equals(a.state()) || AlarmEvent.UPDATED.equals(a.state());
        LinePoint p = new LinePoint("alarm", a.eventMillis() * 1000).tag("device", a.deviceId()).tag("ward", a.ward())
                .tag("bed", a.bed()).tag("type", a.type()).tag("priority", a.priority()).tag("state", a.state())
                .field("id", a.id()).field("step", a.state()).field("active", active ? 1L : 0L).field("latched", Boolean.TRUE.equals(a.latched()) ? 1L : 0L)
                .field("onset_ms", a.onsetMillis())
                .field("value", a.value() == null ? Double.NaN : a.value())
                .field("text", a.type() + " " + a.state().toLowerCase(java.util.Locale.ROOT) + ": " + a.message());
        if (a.by() != null) p.field("by", a.by());
        if (a.untilMillis() != null) p.field("until_ms", a.untilMillis());
        return p;
    }

    /** An alarm command as the job took it ({@code accepted}) or refused it, with what came of it; {@code ward}: its patient's. */
    public static LinePoint command(AlarmCommand c, String ward, long fallbackMillis, boolean accepted, String text) {
        long ms = c.atMillis() != null ? c.atMillis() : fallbackMillis;
        LinePoint p = new LinePoint("alarm_command", ms * 1000).tag("device", c.deviceId()).tag("ward", c.forWard() ? c.ward() : ward)
                .tag("action", c.action()).tag("accepted", String.valueOf(accepted)).field("by", c.by()).field("text", text);
        if (c.alarmId() != null) p.field("id", c.alarmId());
        if (c.limits() != null) p.field("limits", c.limits().toJson());
        if (c.role() != null) p.field("role", c.role());
        return p;
    }

    public static LinePoint of(DeviceStatus s, long fallbackMillis) {
        long ms = s.timeMillis() == null ? fallbackMillis : s.timeMillis();
        List<String> off = s.leadOff() == null ? List.of() : s.leadOff();
        LinePoint p = new LinePoint("device_status", ms * 1000).tag("device", s.deviceId()).tag("ward", s.ward())
                .tag("bed", s.bed()).field("online", s.online() ? 1L : 0L).field("lead_off", String.join(" ", off))
                .field("lead_off_count", (long) off.size());
        if (s.batteryPercent() != null) p.field("battery_pct", s.batteryPercent());
        return p;
    }
}
