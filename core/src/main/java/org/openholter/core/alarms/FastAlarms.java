package org.openholter.core.alarms;

import org.openholter.core.analysis.SignalQuality;
import org.openholter.core.beats.CurveLengthDetector;
import org.openholter.core.beats.DominantBeat;
import org.openholter.core.beats.QrsDetector;
import org.openholter.core.pulse.PulseDetector;
import org.openholter.core.rhythm.RhythmDetector;
import org.openholter.core.rhythm.VfFeatures;
import org.openholter.core.signal.ChannelKind;
import org.openholter.core.signal.Correlation;
import org.openholter.core.signal.LeadQuality;
import org.openholter.core.signal.QualityEstimator;
import org.openholter.core.signal.SampleState;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fast path of the high-priority alarms: detectors that run on the samples as they arrive, on every channel
 * together, so that an arrest is alarmed seconds after it can be known rather than when the next 10-s window (2–8 s
 * later) is analysed, and is decided on all the evidence there is.
 *
 * <p>Every second, the last 6 s received, using only samples already received:
 * <ul>
 *   <li>each ECG lead is judged ({@link LeadQuality}) on what it received (at least {@value #MIN_RECEIVED_S} s):
 *       trusted when its two unlike QRS detectors agree on its beats; time when no lead read was received (a loss of
 *       {@value #MIN_UNSEEN_S} s or more) is unreadable, and costs the alarms that time only
 *       ({@link AlarmEngine}: an asystole's silence goes on across it);</li>
 *   <li>beats are found on the trusted leads together, a silence searched again with fresh thresholds, and passed on
 *       once 0.4 s old (no later sample can move or remove them) to an {@link AlarmEngine} (asystole, extreme rates);
 *       with no trusted lead, the pulse's beats carry the rates, or the live leads' QRS-like events say whether there
 *       is any beat at all ({@link AlarmEngine.Evidence});</li>
 *   <li>each settled beat is compared with the patient's dominant beat ({@link DominantBeat}): runs of ventricular beats
 *       raise VTACH ({@link VentricularRuns});</li>
 *   <li>clear VF features on the clearest lead in three consecutive checks raise VFIB;</li>
 *   <li>the pulse of every pulsatile channel (PPG / arterial pressure) the device sends is followed, each on its own
 *       (a dead arterial line beside a good PPG is common in the ICU)
 *       ({@link PulseDetector}, {@link PulseCheck}): it carries the rate when no lead can, and can veto a raise it
 *       contradicts ({@link #pulseContradiction}); a vetoed condition is judged again 10 s later.</li>
 * </ul>
 * The window analysis confirms what this raises, and may raise VFIB and VTACH itself ({@link AlarmArbiter}).
 */
public final class FastAlarms {
    static final double BUFFER_S = 6, STEP_S = 1, SETTLE_S = 0.4, VF_SEGMENT_S = 6;
    /** Signal a lead must have received in the buffer to be judged (s): what a check needs of any buffer. */
    static final double MIN_RECEIVED_S = 2;
    /**
     * A loss this long or longer (s) is unreadable time; a shorter one is read through (the detectors fill it in),
     * so that a few lost samples do not break the rates' beat sequences.
     */
    static final double MIN_UNSEEN_S = 0.5;
    /** No pulse foot for this long: the pulse is taken to have stopped (µs). */
    private static final long PULSE_GONE_MICROS = 2_500_000L;
    /** Consecutive checks that raise VFIB. */
    private static final int VENTRICULAR_CHECKS = 3;
    private static final double VF_LEAKAGE = 0.85, VF_MAX_CONSISTENCY = 0.8;
    private static final ConcurrentHashMap<Integer, QrsDetector> DETECTORS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, QualityEstimator> ESTIMATORS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, CurveLengthDetector> SECOND = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, PulseDetector> PULSES = new ConcurrentHashMap<>();

    private final int fs;
    private final int[] ecg;        // channel indices of the ECG leads
    private final int[] pulsatile;  // channel indices of the PPG / pressure channels
    private final RhythmDetector.Thresholds vf = RhythmDetector.Thresholds.DEFAULT;
    private final float[][] buf;    // last BUFFER_S of every channel
    private final int[] flags;      // lead-off bits per buffered sample
    private int len, sinceCheck;
    private long anchorMicros = Long.MIN_VALUE, sinceAnchor; // time of the sample after the last: anchor + sinceAnchor / fs
    private QrsDetector.State qrs = new QrsDetector.State();
    private QrsDetector.State[] leadQrs;  // each lead's own detector, for its agreement with the second detector
    private boolean[] wasTrusted;         // each lead's trust at the last check
    private final AlarmEngine engine = new AlarmEngine();
    private final PulseCheck[] pulses;  // one per pulsatile channel, in the order of {@link #pulsatile}
    private final DominantBeat dominant;
    private final VentricularRuns runs = new VentricularRuns();
    private long fedUntil = Long.MIN_VALUE, lastBeat = Long.MIN_VALUE;
    private int vfChecks, calmChecks;
    private long vfOnset = Long.MIN_VALUE;
    private boolean vfOn;
    /** Running pulse transit time (ECG beat to pulse foot) per pulsatile channel, µs; 0 until measured. */
    private final long[] transit;

    /** One per stream segment: {@code channels} names the frame's channels, and says which are pulsatile. */
    public FastAlarms(int fs, String[] channels) {
        this.fs = fs;
        this.ecg = java.util.stream.IntStream.range(0, channels.length).filter(c -> ChannelKind.of(channels[c]) == ChannelKind.ECG).toArray();
        // Arterial pressure channels first: where both can be read, the pressure is believed first (a PPG is more easily fooled by motion).
        this.pulsatile = java.util.stream.IntStream.range(0, channels.length).filter(c -> ChannelKind.of(channels[c]) == ChannelKind.PULSATILE)
                .boxed().sorted(java.util.Comparator.comparing((Integer c) -> !ChannelKind.isArterial(channels[c]))).mapToInt(Integer::intValue).toArray();
        int cap = (int) Math.round(BUFFER_S * fs);
        buf = new float[channels.length][cap];
        flags = new int[cap];
        pulses = new PulseCheck[pulsatile.length];
        for (int p = 0; p < pulses.length; p++) pulses[p] = new PulseCheck(fs);
        transit = new long[pulsatile.length];
        leadQrs = new QrsDetector.State[ecg.length];
        wasTrusted = new boolean[ecg.length];
        for (int k = 0; k < ecg.length; k++) leadQrs[k] = new QrsDetector.State();
        dominant = new DominantBeat(fs, ecg.length);
    }

    /** The high-priority alarms raised now by this path. */
    public java.util.Map<AlarmType, Long> active() {
        java.util.EnumMap<AlarmType, Long> m = new java.util.EnumMap<>(AlarmType.class);
        m.putAll(engine.active());
        if (vfOn) m.put(AlarmType.VFIB, vfOnset);
        if (runs.active()) m.put(AlarmType.VTACH, runs.onset());
        return m;
    }

    /** The heart rate the alarms use now ({@link AlarmEngine#heartRateBpm()}); NaN when there is none. */
    public double heartRateBpm() { return engine.heartRateBpm(); }

    private long endMicros() { return anchorMicros + Math.round(sinceAnchor * 1e6 / fs); }

    /**
     * {@code n} new samples per channel at the analysis rate ({@code data[c][0..n)}, NaN where lost), the first taken
     * at {@code firstMicros} (or {@link Long#MIN_VALUE}: right after the previous ones).
     */
    public void append(float[][] data, int n, int leadOffBits, long firstMicros, List<AlarmTransition> out) {
        if (firstMicros != Long.MIN_VALUE) {
            long gap = anchorMicros == Long.MIN_VALUE ? 0 : firstMicros - endMicros();
            int missing = (int) Math.min(Integer.MAX_VALUE, Math.round(gap * fs / 1e6));
            if (missing > 2 && missing <= flags.length) {
                // Samples never sent: lost ones, so that the leads are read on both sides of the hole.
                float[][] lost = new float[buf.length][missing];
                for (float[] ch : lost) Arrays.fill(ch, Float.NaN);
                add(lost, missing, 0, out);
            } else if (Math.abs(missing) > 2) {
                len = 0; // a hole longer than the buffer, or time going back: start afresh
            }
            anchorMicros = firstMicros;
            sinceAnchor = 0;
        }
        if (anchorMicros == Long.MIN_VALUE) return;
        add(data, n, leadOffBits, out);
    }

    /** Buffers {@code n} samples per channel right after the last ones, checking every {@link #STEP_S}. */
    private void add(float[][] data, int n, int leadOffBits, List<AlarmTransition> out) {
        int cap = flags.length, done = 0;
        while (done < n) {
            int take = Math.min(n - done, Math.max(1, (int) Math.round(STEP_S * fs) - sinceCheck));
            if (len + take > cap) {
                int drop = len + take - cap;
                for (float[] ch : buf) System.arraycopy(ch, drop, ch, 0, len - drop);
                System.arraycopy(flags, drop, flags, 0, len - drop);
                len -= drop;
            }
            for (int c = 0; c < buf.length; c++) System.arraycopy(data[c], done, buf[c], len, take);
            Arrays.fill(flags, len, len + take, leadOffBits);
            len += take;
            done += take;
            sinceAnchor += take;
            sinceCheck += take;
            if (sinceCheck >= Math.round(STEP_S * fs)) {
                sinceCheck = 0;
                check(out);
            }
        }
    }

    /** One check over the buffered seconds. */
    private void check(List<AlarmTransition> out) {
        if (len < Math.round(MIN_RECEIVED_S * fs)) return;
        long end = endMicros(), start = end - Math.round(len * 1e6 / fs), settled = end - Math.round(SETTLE_S * 1e6);
        retry(end);
        for (int p = 0; p < pulsatile.length; p++) {
            float[] x = Arrays.copyOf(buf[pulsatile[p]], len);
            for (int i = 0; i < len; i++) if ((flags[i] & (1 << pulsatile[p])) != 0) x[i] = Float.NaN; // sensor off: unreadable
            pulses[p].onBuffer(PULSES.computeIfAbsent(fs, PulseDetector::new).detect(x), start, end);
        }
        if (ecg.length == 0) return;
        QualityEstimator qe = ESTIMATORS.computeIfAbsent(fs, QualityEstimator::new);
        QrsDetector qrsDetector = DETECTORS.computeIfAbsent(fs, QrsDetector::new);
        CurveLengthDetector second = SECOND.computeIfAbsent(fs, CurveLengthDetector::new);
        float[][] leads = new float[ecg.length][];
        boolean[] trusted = new boolean[ecg.length];
        int[] leadFlags = new int[len];
        int settledSample = len - (int) Math.round(SETTLE_S * fs);
        for (int i = 0; i < len; i++) {
            int bits = 0;
            for (int k = 0; k < ecg.length; k++) if ((flags[i] & (1 << ecg[k])) != 0) bits |= 1 << k;
            leadFlags[i] = bits;
        }
        boolean anyTrusted = false, anyLive = false, anySilent = false;
        boolean[] live = new boolean[ecg.length];
        boolean[] silent = new boolean[ecg.length]; // received, electrode on, a flat line: no QRS there
        double minReceived = MIN_RECEIVED_S * fs / len;
        List<int[]> events = new ArrayList<>(); // every lead's detections, both detectors: QRS-like events
        int[][] perLead = new int[ecg.length][];   // each live lead's own beats (its first detector)
        QrsDetector.Lead[] prepared = new QrsDetector.Lead[ecg.length]; // filtered once for every detection below
        for (int k = 0; k < ecg.length; k++) {
            leads[k] = Arrays.copyOf(buf[ecg[k]], len);
            for (int i = 0; i < len; i++) if ((leadFlags[i] & (1 << k)) != 0) leads[k][i] = Float.NaN; // electrode off: no signal
            LeadQuality.markStuck(leads[k], fs); // an input that stopped: no signal either
            LeadQuality q = LeadQuality.of(leads[k], 0);
            if (q.live(minReceived)) {
                prepared[k] = qrsDetector.prepare(leads[k]);
                int[] a = qrsDetector.detect(new QrsDetector.Lead[] {prepared[k]}, new boolean[] {true}, leadQrs[k]).peaks();
                int[] b = second.detectHighPassed(prepared[k].highPassed());
                q = new LeadQuality(q.lostFraction(), q.flat(), q.saturated(), LeadQuality.agreement(a, b, settledSample, fs));
                events.add(a);
                perLead[k] = a;
                events.add(b);
                anyLive = true;
                live[k] = true;
            } else if (q.flat() && !q.saturated() && 1 - q.lostFraction() >= minReceived) {
                // A flat line with the electrode on and the input not stopped is what a monitor alarms as asystole:
                // no beat to count from, but evidence that there is none.
                silent[k] = true;
                anySilent = true;
            }
            trusted[k] = q.trusted(wasTrusted[k], minReceived);
            wasTrusted[k] = trusted[k];
            anyTrusted |= trusted[k];
        }
        long from = fedUntil == Long.MIN_VALUE || fedUntil < start ? start : fedUntil;
        // Where none of the leads read was received, nothing was readable (and a beat found there was filled in).
        boolean[] seen = received(leads, anyTrusted ? trusted : either(live, silent));
        long[] all = new long[0];
        List<Long> beats = new ArrayList<>();
        List<Integer> beatSamples = new ArrayList<>();
        if (anyTrusted) {
            int[] peaks = qrsDetector.detect(prepared, trusted, qrs).peaks();
            all = new long[peaks.length];
            for (int k = 0; k < peaks.length; k++) {
                long t = start + Math.round(peaks[k] * 1e6 / fs);
                all[k] = t;
                if (!seen[peaks[k]]) continue;
                boolean late = t < from && t >= start && lastBeat != Long.MIN_VALUE && t - lastBeat >= 250_000L;
                if (late && engine.lateBeat(t, out)) {
                    // A beat the detector's search back found once the next one showed it overdue: too late for its
                    // stretch, still in time for the rates and the ventricular runs.
                    beats.add(t);
                    beatSamples.add(peaks[k]);
                    lastBeat = t;
                } else if (t >= from && t < settled && (lastBeat == Long.MIN_VALUE || t - lastBeat >= 200_000L)) {
                    beats.add(t);
                    beatSamples.add(peaks[k]);
                    lastBeat = t;
                }
            }
            rescue(leads, trusted, start, from, settled, beats, beatSamples);
            learnTransit(all, settled);
        }
        if (settled > from) {
            List<AlarmTransition> raw = new ArrayList<>(1);
            engine.pulseStopped(pulseStopped(start));
            if (anyTrusted) {
                feed(from, settled, start, seen, beats.stream().mapToLong(Long::longValue).toArray(), AlarmEngine.Evidence.ECG, raw);
                fedUntil = settled;
            } else {
                // No lead to trust: a pulse, when one can be read, carries the rate (never an asystole on its own):
                // the first channel readable over the stretch whose pulse has not stopped (a pulse that has stopped is
                // no longer a pulse to count from: the ECG's events decide then).
                long to = Long.MIN_VALUE;
                long[] feet = null;
                for (int p = 0; p < pulses.length && feet == null; p++) {
                    long t = Math.min(settled, pulses[p].fedUntil() - transit[p]);
                    long[] f = t > from ? pulses[p].pulsesOver(from + transit[p], t + transit[p]) : null;
                    long[] recent = t > from ? pulses[p].pulsesOver(t + transit[p] - PULSE_GONE_MICROS, t + transit[p]) : null;
                    if (f == null || recent == null || recent.length == 0) continue;
                    for (int i = 0; i < f.length; i++) f[i] -= transit[p];
                    feet = f;
                    to = t;
                }
                if (feet != null) {
                    engine.onStretch(from, to, feet, AlarmEngine.Evidence.PULSE, raw);
                    fedUntil = to;
                } else if (anyLive || anySilent) {
                    // Leads with a signal whose beats cannot be counted, or flat: whether there is any QRS-like event at all.
                    feed(from, settled, start, seen, qrsEvents(events, leads, live, start, from, settled), AlarmEngine.Evidence.QRS_ONLY, raw);
                    fedUntil = settled;
                } else {
                    engine.onStretch(from, settled, new long[0], AlarmEngine.Evidence.NONE, raw);
                    fedUntil = settled;
                }
            }
            out.addAll(raw);
        }
        ventricularBeats(prepared, trusted, beats, beatSamples, out);
        // VF or an organised rhythm: judged on the clearest lead with the beats found there when no lead is trusted.
        // Regular beats from trusted leads rule VF out whatever the signal looks like, so then neither the leads'
        // quality nor the VF features are needed (most checks of most patients: the costliest part of the path).
        long segStart = end - Math.round(VF_SEGMENT_S * 1e6);
        if (anyTrusted && !vfOn && !Double.isNaN(RhythmDetector.regularMeanRr(all, segStart, 4))) {
            vf(null, false, end, out);
            return;
        }
        int best = clearest(leads, leadFlags, qe);
        long[] organised = all;
        if (!anyTrusted && best >= 0 && perLead[best] != null) {
            organised = new long[perLead[best].length];
            for (int i = 0; i < organised.length; i++) organised[i] = start + Math.round(perLead[best][i] * 1e6 / fs);
        }
        float[] lead = best >= 0 ? leads[best] : null;
        vf(lead, vfLike(lead, organised, segStart), end, out);
    }

    private static boolean[] either(boolean[] a, boolean[] b) {
        boolean[] c = new boolean[a.length];
        for (int i = 0; i < a.length; i++) c[i] = a[i] || b[i];
        return c;
    }

    /**
     * Per buffered sample, whether one of the {@code used} leads was received there (not NaN); losses shorter than
     * {@link #MIN_UNSEEN_S} count as received (read through).
     */
    private boolean[] received(float[][] leads, boolean[] used) {
        boolean[] seen = new boolean[len];
        for (int k = 0; k < leads.length; k++) {
            if (!used[k]) continue;
            for (int i = 0; i < len; i++) seen[i] |= !Float.isNaN(leads[k][i]);
        }
        int shortest = (int) Math.round(MIN_UNSEEN_S * fs), i = 0;
        while (i < len) {
            if (seen[i]) { i++; continue; }
            int j = i;
            while (j < len && !seen[j]) j++;
            if (j - i < shortest) Arrays.fill(seen, i, j, true);
            i = j;
        }
        return seen;
    }

    /**
     * Feeds [{@code from}, {@code to}) to the rate engine in parts: where a lead read was received ({@code seen}),
     * with {@code evidence} and the {@code beats} inside; where none was, as unreadable.
     */
    private void feed(long from, long to, long start, boolean[] seen, long[] beats, AlarmEngine.Evidence evidence, List<AlarmTransition> out) {
        long a = from;
        while (a < to) {
            int i = (int) Math.min(len - 1, Math.max(0, Math.round((a - start) * fs / 1e6)));
            boolean s = seen[i];
            int j = i;
            while (j < len && seen[j] == s) j++;
            long b = j >= len ? to : Math.min(to, start + Math.round(j * 1e6 / fs));
            if (b <= a) b = to;
            long partFrom = a, partTo = b;
            long[] in = s ? java.util.stream.LongStream.of(beats).filter(t -> t >= partFrom && t < partTo).toArray() : new long[0];
            engine.onStretch(a, b, in, s ? evidence : AlarmEngine.Evidence.NONE, out);
            a = b;
        }
    }

    /** A pulse counts as stopped when nothing in its channel rises by more than this share of the usual pulse. */
    static final double STOPPED_PULSE = 0.25;
    /** The stopped pulse is looked for this long after the last beat's pulse foot, past its upstroke (µs). */
    static final long AFTER_LAST_PULSE = 400_000L;
    /** For at least this long (µs). */
    static final long STOPPED_FOR = 2_000_000L;

    /**
     * Whether a pulsatile channel shows that the pulse stopped with the last beat: the channel followed the patient's
     * pulse over the 10 s before it, its signal since the last beat's pulse (at least {@value #STOPPED_FOR} µs of it)
     * was received, not stuck, and nowhere rises by a quarter of a usual pulse (foot to top within
     * {@link PulseDetector#SPAN_S}, as a pulse's size is measured). A readable silence of the ECG and a stopped pulse
     * together are two independent witnesses of an arrest, and the asystole is then raised sooner
     * ({@link AlarmEngine#pulseStopped}).
     */
    private boolean pulseStopped(long start) {
        if (lastBeat == Long.MIN_VALUE) return false;
        int w = (int) Math.round(PulseDetector.SPAN_S * fs); // the span a pulse's rise is measured over
        for (int p = 0; p < pulsatile.length; p++) {
            int a = (int) Math.round((lastBeat + transit[p] + AFTER_LAST_PULSE - start) * fs / 1e6);
            if (a < 0 || (len - a) * 1e6 / fs < STOPPED_FOR) continue; // most checks: a beat came less than 2.4 s ago
            double usual = pulses[p].recentSize(lastBeat + transit[p]);
            if (!(usual > 0)) continue;
            float[] x = Arrays.copyOf(buf[pulsatile[p]], len);
            for (int i = 0; i < len; i++) if ((flags[i] & (1 << pulsatile[p])) != 0) x[i] = Float.NaN;
            LeadQuality.markStuck(x, fs);
            double rise = 0;
            boolean lost = false;
            for (int i = a; i < len; i++) {
                if (Float.isNaN(x[i])) { lost = true; break; }
                for (int j = i + 1; j <= Math.min(len - 1, i + w); j++) if (!Float.isNaN(x[j])) rise = Math.max(rise, x[j] - x[i]);
            }
            if (!lost && rise < STOPPED_PULSE * usual) return true;
        }
        return false;
    }

    /** The ECG lead with the best usable signal quality (VF features are read there whatever its beats), or -1. */
    private static int clearest(float[][] leads, int[] leadFlags, QualityEstimator qe) {
        int best = -1;
        double bestScore = -1;
        for (int k = 0; k < leads.length; k++) {
            SignalQuality sq = qe.assess(leads[k], leadFlags, k);
            if (sq.usable() && sq.score() > bestScore) { bestScore = sq.score(); best = k; }
        }
        return best;
    }

    /**
     * The QRS-like events in [from, settled) of every lead with a signal, both detectors and a search with fresh
     * thresholds, merged when closer than 250 ms.
     */
    private long[] qrsEvents(List<int[]> events, float[][] leads, boolean[] live, long start, long from, long settled) {
        java.util.TreeSet<Long> all = new java.util.TreeSet<>();
        for (int[] e : events) for (int p : e) all.add(start + Math.round(p * 1e6 / fs));
        List<Long> found = new ArrayList<>();
        rescue(leads, live, start, from, settled, found, new ArrayList<>());
        all.addAll(found);
        List<Long> out = new ArrayList<>();
        for (long t : all) {
            if (t < from || t >= settled) continue;
            if (!out.isEmpty() && t - out.get(out.size() - 1) < 250_000L) continue;
            out.add(t);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * A silence of 1.5 s or more since the last beat is searched again with fresh thresholds: after an artefact the
     * detector's levels are high for a while and a small QRS goes unseen, which would read as a pause, a bradycardia
     * or an asystole. Beats found there (above the detector's absolute floor, on the trusted leads) join the stretch.
     */
    private void rescue(float[][] leads, boolean[] trusted, long start, long from, long settled, List<Long> beats, List<Integer> samples) {
        long last = beats.isEmpty() ? lastBeat : beats.get(beats.size() - 1);
        long gapFrom = last == Long.MIN_VALUE ? start : Math.max(start, last + 250_000L);
        if (settled - gapFrom < 1_500_000L) return;
        int a = (int) Math.round((gapFrom - start) * fs / 1e6), b = (int) Math.round((settled - start) * fs / 1e6);
        if (b - a < fs) return;
        float[][] gap = new float[leads.length][];
        for (int k = 0; k < leads.length; k++) gap[k] = Arrays.copyOfRange(leads[k], a, b);
        int[] found = DETECTORS.get(fs).detect(gap, trusted, new QrsDetector.State()).peaks();
        // Fresh thresholds find small waves too: a beat counts only where the second detector, whose floor is a whole
        // 0.2-mV complex, also sees one (P waves of an asystole stay out).
        List<int[]> confirm = new ArrayList<>();
        for (int k = 0; k < gap.length; k++) if (trusted[k]) confirm.add(SECOND.get(fs).detect(gap[k]));
        int tol = (int) Math.round(LeadQuality.MATCH_S * fs);
        for (int p : found) {
            boolean seen = false;
            for (int[] c : confirm) for (int q : c) if (Math.abs(q - p) <= tol) seen = true;
            if (!seen) continue;
            long t = start + Math.round((a + p) * 1e6 / fs);
            if (t < from || t >= settled || (lastBeat != Long.MIN_VALUE && t - lastBeat < 250_000L)) continue;
            if (!beats.isEmpty() && t - beats.get(beats.size() - 1) < 250_000L) continue;
            beats.add(t);
            samples.add(a + p);
            lastBeat = t;
        }
    }

    /** Each newly settled beat against the patient's dominant beat, on the trusted leads: VTACH runs. */
    private void ventricularBeats(QrsDetector.Lead[] leads, boolean[] trusted, List<Long> beats, List<Integer> samples, List<AlarmTransition> out) {
        if (beats.isEmpty()) return;
        float[][] band = new float[leads.length][];
        for (int k = 0; k < leads.length; k++) if (trusted[k]) band[k] = leads[k].wide(); // the 1–40 Hz band of DominantBeat#band
        for (int b = 0; b < beats.size(); b++) {
            long t = beats.get(b);
            int sample = samples.get(b);
            missedVentricular(band, trusted, t, sample, out);
            float[][] c = dominant.complex(band, sample);
            double bpm = previousBeat == Long.MIN_VALUE ? Double.NaN : 60e6 / (t - previousBeat);
            previousBeat = t;
            if (c == null) { runs.beat(t, null, out); continue; }
            double[] diffs = dominant.difference(c, trusted);
            double difference = DominantBeat.min(diffs);
            // Before the patient's usual beat is known (it may never be, when a VT runs from the start), only a complex
            // wide in every lead read is taken for ventricular; a narrow one is not.
            Boolean ventricular = !Double.isNaN(difference) ? Boolean.valueOf(difference > VENTRICULAR_DIFFERENCE)
                    : dominant.learnt() ? null : wideEverywhere(c, trusted);
            runs.beat(t, ventricular, out);
            lastVentricular = Boolean.TRUE.equals(ventricular) ? c : null;
            dominant.learn(c, trusted, 60 / bpm, Boolean.TRUE.equals(ventricular));
        }
    }

    /**
     * The last beat's complex when it was ventricular (per lead, null where not read), to find the run's next
     * complexes the QRS detector missed.
     */
    private float[][] lastVentricular;
    /** A gap after a ventricular beat is searched when it could hold one more beat of a run (µs). */
    static final long SEARCH_MIN_GAP = 500_000L, SEARCH_MAX_GAP = 2_500_000L;
    /** How alike a missed complex must be to the ventricular beat before it, in every lead read. */
    static final double RECURRENCE = 0.9;

    /** Whether {@code found} split [previous, next] into intervals alike: none over 1.5 times another. */
    static boolean evenlySpaced(int previous, int[] found, int next) {
        int shortest = Integer.MAX_VALUE, longest = 0, at = previous;
        for (int i = 0; i <= found.length; i++) {
            int b = i < found.length ? found[i] : next;
            shortest = Math.min(shortest, b - at);
            longest = Math.max(longest, b - at);
            at = b;
        }
        return shortest > 0 && longest <= 1.5 * shortest;
    }

    /**
     * Between a ventricular beat and the next beat at {@code t}: the complexes of the same shape the detector missed
     * (wide complexes of a VT pass for the T wave of the beat before, or fall below the detector's band), passed on as
     * ventricular beats of the run when they split the gap into intervals alike (none over 1.5 times another) and are
     * ventricular against the dominant beat themselves. Without them a VT whose every other complex is missed reads as
     * a run at half its rate, under 100 bpm.
     */
    private void missedVentricular(float[][] band, boolean[] trusted, long t, int sample, List<AlarmTransition> out) {
        if (lastVentricular == null || previousBeat == Long.MIN_VALUE) return;
        long gap = t - previousBeat;
        int previous = sample - (int) Math.round(gap * fs / 1e6);
        if (gap < SEARCH_MIN_GAP || gap > SEARCH_MAX_GAP || previous < 0) return;
        int space = (int) Math.round(0.25 * fs);
        int[] found = dominant.recurrences(band, lastVentricular, trusted, previous + space, sample - space, RECURRENCE, space);
        if (found.length == 0) return;
        if (!evenlySpaced(previous, found, sample)) return;
        for (int f : found) {
            float[][] c = dominant.complex(band, f);
            if (c == null || !(DominantBeat.min(dominant.difference(c, trusted)) > VENTRICULAR_DIFFERENCE)) return;
        }
        for (int f : found) {
            long tf = t - Math.round((sample - f) * 1e6 / fs);
            runs.beat(tf, true, out);
            previousBeat = tf;
        }
    }

    /** True when the complex is wide (≥ 100 ms) in every lead read, null when no lead was read. */
    private Boolean wideEverywhere(float[][] c, boolean[] live) {
        Boolean wide = null;
        for (int k = 0; k < c.length; k++) {
            if (!live[k] || c[k] == null) continue;
            double w = dominant.width(c[k]);
            if (Double.isNaN(w)) continue;
            if (w < WIDE_S) return false;
            wide = true;
        }
        return wide;
    }

    /** A complex this wide (s, {@link DominantBeat#width}) in every lead is ventricular while no usual beat is known. */
    static final double WIDE_S = 0.1;


    /** A beat's difference from the dominant beat above which it is ventricular. */
    static final double VENTRICULAR_DIFFERENCE = 0.25;
    private long previousBeat = Long.MIN_VALUE;

    /** Each channel's pulse transit time, from beats followed by a pulse foot 80–500 ms later (a running median-like estimate). */
    private void learnTransit(long[] beats, long settled) {
        for (int p = 0; p < pulses.length; p++) {
            long[] feet = pulses[p].pulsesOver(settled - 3_000_000L, settled);
            if (feet == null || feet.length == 0) continue;
            for (long b : beats) {
                if (b < settled - 3_000_000L || b >= settled) continue;
                for (long f : feet) {
                    long d = f - b;
                    if (d >= 80_000L && d <= 500_000L) {
                        transit[p] = transit[p] == 0 ? d : transit[p] + Long.signum(d - transit[p]) * 5_000L;
                        break;
                    }
                }
            }
        }
    }

    /**
     * VF features in the clearest lead's buffered 6 s, stricter than the windows' (leakage under 0.85 rather than
     * 0.94) and held for 3 consecutive checks: a one-second check sees a VF-like stretch far more often than a 6-s
     * stride does, so only clear VF is left to this path and the windows handle the rest. Complexes of one repeated
     * shape (mean correlation with their median over 0.8) are an organised rhythm, not VF. Chosen on MIT-BIH DS1 and
     * VFDB (docs/benchmarks/alarms.md). This is one check's evidence; {@link #vf} counts the checks.
     */
    private boolean vfLike(float[] lead, long[] beats, long segStart) {
        int seg = (int) Math.round(VF_SEGMENT_S * fs);
        if (lead == null || lead.length < seg) return false;
        float[] x = Arrays.copyOfRange(lead, lead.length - seg, lead.length);
        VfFeatures f = VfFeatures.of(x, fs);
        if (!(f.leakage() < VF_LEAKAGE && f.bandFraction() > vf.vfBand() && f.peakToPeakMv() > vf.vfMinPeakToPeakMv())) return false;
        return Double.isNaN(RhythmDetector.regularMeanRr(beats, segStart, 4)) && !(shapeConsistency(x, beats, segStart, 0.05) > VF_MAX_CONSISTENCY);
    }

    /** One check's VF verdict ({@code lead} null: no lead could be read, which ends a VF alarm at once). */
    private void vf(float[] lead, boolean vfLike, long end, List<AlarmTransition> out) {
        vfChecks = vfLike ? vfChecks + 1 : 0;
        calmChecks = vfLike ? 0 : calmChecks + 1;
        long onsetGuess = end - Math.round(VF_SEGMENT_S * 1e6 / 2); // the features turn once about half the segment is VF
        if (vfChecks == 1) vfOnset = onsetGuess;
        if (vfChecks >= VENTRICULAR_CHECKS && !vfOn) {
            vfOn = true;
            out.add(new AlarmTransition(AlarmType.VFIB, true, vfOnset, end, (end - vfOnset) / 1e6, "ventricular fibrillation / flutter (fast detector)"));
        }
        if ((calmChecks >= VENTRICULAR_CHECKS || lead == null) && vfOn) {
            out.add(new AlarmTransition(AlarmType.VFIB, false, vfOnset, end, 0, "VF features gone"));
            vfOn = false;
        }
        if (lead == null) vfChecks = 0;
    }

    /** Mean correlation of the complexes ({@code ±halfS} around each detection) with their sample-wise median; NaN under 3 complexes. */
    private double shapeConsistency(float[] x, long[] beats, long segStart, double halfS) {
        int half = (int) Math.round(halfS * fs), w = 2 * half + 1;
        List<float[]> cx = new ArrayList<>();
        for (long t : beats) {
            int p = (int) Math.round((t - segStart) * fs / 1e6);
            if (p - half >= 0 && p + half < x.length) cx.add(Arrays.copyOfRange(x, p - half, p + half + 1));
        }
        if (cx.size() < 3) return Double.NaN;
        float[] median = new float[w], col = new float[cx.size()];
        for (int i = 0; i < w; i++) {
            for (int k = 0; k < col.length; k++) col[k] = cx.get(k)[i];
            Arrays.sort(col);
            median[i] = col[col.length / 2];
        }
        double sum = 0;
        for (float[] c : cx) sum += Correlation.of(c, median);
        return sum / cx.size();
    }

    /** A vetoed raise is looked at again this long after the veto, if its condition still holds (µs). */
    static final long RETRY_MICROS = 10_000_000L;
    private final java.util.EnumMap<AlarmType, Long> retryAt = new java.util.EnumMap<>(AlarmType.class);

    /**
     * A raise of this path that the pulse contradicted: the path forgets it 10 s later, so that a condition still
     * there is raised (and judged) again rather than held silently forever.
     */
    public void vetoed(AlarmTransition t) {
        retryAt.put(t.type(), t.eventMicros() + RETRY_MICROS);
    }

    /** Forgets the vetoed raises whose retry time has come. */
    private void retry(long now) {
        for (var it = retryAt.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            AlarmType type = e.getKey();
            if (now < e.getValue()) continue;
            it.remove();
            switch (type) {
                case VTACH -> runs.forget();
                case VFIB -> { vfOn = false; vfChecks = 0; }
                default -> engine.forget(type);
            }
        }
    }

    /**
     * Why one of this patient's pulsatile channels contradicts a raise of a high-priority alarm (see {@link PulseCheck}),
     * or null (no such channel, none readable over the alarm's span, or no contradiction).
     */
    public String pulseContradiction(AlarmTransition t) {
        // Any channel may contradict: each rule asks for a believable pulse of the patient's usual size and pace.
        for (PulseCheck p : pulses) {
            String why = p.contradiction(t);
            if (why != null) return why;
        }
        return null;
    }

    /** The layout {@link #writeState} writes; {@link #readState(DataInput, int)} also reads the ones before. */
    public static final int STATE_VERSION = 6;

    /** The first pulsatile channel's pulse check, where layouts 1 and 2 kept their only one (a blank one without such a channel). */
    private PulseCheck firstPulse() { return pulses.length > 0 ? pulses[0] : new PulseCheck(fs); }

    public void writeState(DataOutput o) throws IOException {
        writeBuffers(o, STATE_VERSION);
        qrs.write(o);
        engine.writeState(o);
        for (long v : new long[] {fedUntil, lastBeat, vfOnset, previousBeat, transit.length > 0 ? transit[0] : 0}) o.writeLong(v);
        o.writeInt(vfChecks);
        o.writeInt(calmChecks);
        o.writeBoolean(vfOn);
        firstPulse().write(o);
        o.writeInt(leadQrs.length);
        for (QrsDetector.State q : leadQrs) q.write(o);
        for (boolean b : wasTrusted) o.writeBoolean(b);
        dominant.write(o);
        runs.write(o);
        o.writeInt(retryAt.size());
        for (var e : retryAt.entrySet()) { o.writeUTF(e.getKey().name()); o.writeLong(e.getValue()); }
        // Layout 3: the other pulsatile channels' transit times and pulse checks.
        o.writeInt(Math.max(0, pulses.length - 1));
        for (int p = 1; p < pulses.length; p++) {
            o.writeLong(transit[p]);
            pulses[p].write(o);
        }
        // Layout 6: the last beat's complex when it was ventricular.
        o.writeBoolean(lastVentricular != null);
        if (lastVentricular != null) dominant.writeLeads(o, lastVentricular);
    }

    /** Reads the current layout. */
    public void readState(DataInput in) throws IOException {
        readState(in, STATE_VERSION);
    }

    /**
     * Reads a state of layout {@code version}: 1 is the fast path before the fused beats (patient state 8), whose
     * VT rule and usual complex are dropped (the dominant beat is learnt again; a VT alarm it held goes on until the
     * next beat like the patient's usual one); 2 (patient state 9) followed the first pulsatile channel only: the
     * others start afresh; 3 kept the lead-off bits sample by sample, 4 as runs (nearly always one); 5 adds the rate
     * engine's unseen time ({@link AlarmEngine#STATE_LAYOUT} 2); 6 the last beat's complex when it was ventricular (none
     * before: one gap after a ventricular beat goes unsearched).
     */
    public void readState(DataInput in, int version) throws IOException {
        if (version < 1 || version > STATE_VERSION) throw new IOException("fast alarm state version " + version + " (this build reads 1-" + STATE_VERSION + ")");
        lastVentricular = null;
        readBuffers(in, version);
        qrs = QrsDetector.State.read(in);
        engine.readState(in, version >= 5 ? AlarmEngine.STATE_LAYOUT : 1);
        if (version == 1) {
            fedUntil = in.readLong(); lastBeat = in.readLong(); vfOnset = in.readLong();
            long vtOnset = in.readLong();
            vfChecks = in.readInt();
            in.readInt(); // the old VT rule's consecutive checks
            calmChecks = in.readInt();
            vfOn = in.readBoolean();
            if (in.readBoolean()) runs.restoreActive(vtOnset);
            firstPulse().read(in);
            int u = in.readInt();
            for (int i = 0; i < Math.max(0, u); i++) in.readFloat(); // the old usual complex
            return;
        }
        fedUntil = in.readLong(); lastBeat = in.readLong(); vfOnset = in.readLong(); previousBeat = in.readLong();
        long firstTransit = in.readLong();
        if (transit.length > 0) transit[0] = firstTransit;
        vfChecks = in.readInt();
        calmChecks = in.readInt();
        vfOn = in.readBoolean();
        firstPulse().read(in);
        if (in.readInt() != leadQrs.length) throw new IOException("fast alarm state for another lead count");
        for (int k = 0; k < leadQrs.length; k++) leadQrs[k] = QrsDetector.State.read(in);
        for (int k = 0; k < wasTrusted.length; k++) wasTrusted[k] = in.readBoolean();
        dominant.read(in);
        runs.read(in);
        retryAt.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) retryAt.put(AlarmType.valueOf(in.readUTF()), in.readLong());
        if (version < 3) return;
        if (in.readInt() != Math.max(0, pulses.length - 1)) throw new IOException("fast alarm state for another count of pulsatile channels");
        for (int p = 1; p < pulses.length; p++) {
            transit[p] = in.readLong();
            pulses[p].read(in);
        }
        lastVentricular = version >= 6 && in.readBoolean() ? dominant.readLeads(in) : null;
    }

    private void writeBuffers(DataOutput o, int version) throws IOException {
        o.writeInt(buf.length);
        o.writeInt(len);
        for (float[] ch : buf) SampleState.writeFloats(o, ch, len);
        if (version < 4) {
            for (int i = 0; i < len; i++) o.writeInt(flags[i]);
        } else {
            SampleState.writeRuns(o, flags, len);
        }
        o.writeInt(sinceCheck);
        o.writeLong(anchorMicros);
        o.writeLong(sinceAnchor);
    }

    private void readBuffers(DataInput in, int version) throws IOException {
        if (in.readInt() != buf.length) throw new IOException("fast alarm state for another channel count");
        len = in.readInt();
        if (len < 0 || len > flags.length) throw new IOException("fast alarm state with " + len + " buffered samples (at most " + flags.length + ")");
        for (float[] ch : buf) SampleState.readFloats(in, ch, len);
        if (version < 4) {
            for (int i = 0; i < len; i++) flags[i] = in.readInt();
        } else {
            SampleState.readRuns(in, flags, len, "fast alarm state lead-off bits");
        }
        sinceCheck = in.readInt();
        anchorMicros = in.readLong();
        sinceAnchor = in.readLong();
    }
}
