package org.openholter.core.synth;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.openholter.core.signal.ChannelKind;

/**
 * Streaming synthetic ECG of one virtual patient: beats built from Gaussian P, Q, R, S, T waves with
 * per-lead amplitudes, rate-dependent QT, respiratory sinus arrhythmia, ectopy and arrhythmias from a
 * {@link Scenario}, plus baseline wander, muscle noise, electrode motion and mains hum. A channel named as a pulse
 * ({@code PLETH}, {@code ABP} …, see {@link ChannelKind}) carries the pulse each ventricular beat ejects instead:
 * smaller after short filling and for ectopic or VT beats, none in asystole or VF. Deterministic for a given seed, so
 * an integration test replays the same patient. Records the ground truth (every QRS and every scripted episode) as
 * it goes.
 */
public final class EcgSynthesizer {
    /** What a scheduled beat looks like. */
    public enum BeatKind { NORMAL, PVC, AF, VT, PACED, P_ONLY, NONE }

    /** A ventricular pacemaker pulse comes this long before the paced complex's R peak. */
    public static final double PACE_TO_R_S = 0.04;

    /** A beat in the ground truth (QRS beats only), time in seconds from the start. */
    public record TruthBeat(double timeS, BeatKind kind) {}

    private record Scheduled(double t, BeatKind kind, double rr) {}

    private final Scenario scenario;
    private final double[] segmentEnds; // cumulative end of each segment, s
    private final NoiseSpec noise;
    private final int fs;
    private final String[] leads;
    private final double[][] gains; // [lead][P,Q,R,S,T,wide]
    private final boolean[] pulsatile; // channels carrying a pulse, not ECG
    private final boolean[] arterial;  // pulsatile channels in mmHg (arterial pressure) rather than PPG units
    private final Random rnd;
    private final boolean loop;

    private long sample;
    private final ArrayDeque<Scheduled> beats = new ArrayDeque<>();
    private final ArrayDeque<Long> pacePulses = new ArrayDeque<>(); // samples of scheduled pacemaker pulses
    private double lastScheduled = -1;
    private double lastQrs = Double.NaN;
    private boolean lastWasPvc;
    private final List<TruthBeat> truthBeats = new ArrayList<>();
    private final List<TruthEpisode> episodes = new ArrayList<>();
    private int nextEpisode;          // index into the (looped) segment sequence
    private double nextEpisodeStart;
    private final boolean recordBeats;

    // Noise state per lead.
    private final double[] muscle, motion, phase1, phase2;
    private final double afPhase;

    public EcgSynthesizer(Scenario scenario, NoiseSpec noise, int fs, String[] leads, long seed, boolean loop,
                          boolean recordBeats) {
        this.scenario = scenario;
        this.segmentEnds = new double[scenario.segments().size()];
        double end = 0;
        for (int i = 0; i < segmentEnds.length; i++) segmentEnds[i] = end += scenario.segments().get(i).seconds();
        this.noise = noise;
        this.fs = fs;
        this.leads = leads.clone();
        this.rnd = new Random(seed);
        this.loop = loop;
        this.recordBeats = recordBeats;
        this.gains = new double[leads.length][];
        pulsatile = new boolean[leads.length];
        arterial = new boolean[leads.length];
        for (int c = 0; c < leads.length; c++) {
            gains[c] = leadGains(leads[c]);
            pulsatile[c] = ChannelKind.of(leads[c]) == ChannelKind.PULSATILE;
            arterial[c] = ChannelKind.isArterial(leads[c]);
        }
        muscle = new double[leads.length];
        motion = new double[leads.length];
        phase1 = new double[leads.length];
        phase2 = new double[leads.length];
        for (int c = 0; c < leads.length; c++) {
            phase1[c] = rnd.nextDouble() * 2 * Math.PI;
            phase2[c] = rnd.nextDouble() * 2 * Math.PI;
        }
        afPhase = rnd.nextDouble() * 2 * Math.PI;
        // Start part-way into a cycle so that patients do not beat in step.
        lastScheduled = -rnd.nextDouble() * 0.8;
    }

    public int sampleRate() { return fs; }
    public String[] leads() { return leads.clone(); }
    public double timeSeconds() { return sample / (double) fs; }
    public List<TruthBeat> truthBeats() { return Collections.unmodifiableList(truthBeats); }
    public List<TruthEpisode> episodes() { return Collections.unmodifiableList(episodes); }

    /** The segment playing at time {@code t} seconds (null past the end of a non-looping scenario). */
    public Segment segmentAt(double t) {
        double total = segmentEnds[segmentEnds.length - 1];
        if (t < 0) t = 0;
        if (t >= total) {
            if (!loop) return null;
            t = t % total;
        }
        for (int i = 0; i < segmentEnds.length; i++) if (t < segmentEnds[i]) return scenario.segments().get(i);
        return scenario.segments().get(segmentEnds.length - 1);
    }

    /** Bit mask of the ECG channels (the electrodes; a pulse sensor is not flagged lead-off with them). */
    private int ecgMask() {
        int m = 0;
        for (int c = 0; c < leads.length; c++) if (!pulsatile[c]) m |= 1 << c;
        return m;
    }

    /** True while the electrodes are off at sample time {@code t}. */
    public boolean leadOffAt(double t) {
        Segment s = segmentAt(t);
        return s != null && s.rhythm() == Rhythm.LEAD_OFF;
    }

    /**
     * Writes the next {@code n} samples of every lead (mV) into {@code out[lead][from..from+n)} and
     * returns a bit mask of the leads that were off at any of them.
     */
    public int next(float[][] out, int from, int n) {
        int off = 0;
        for (int i = 0; i < n; i++) {
            double t = (sample + i) / (double) fs;
            trackEpisodes(t);
            schedule(t + 1.0);
            while (!beats.isEmpty() && beats.peekFirst().t < t - 1.0) beats.pollFirst();
            Segment seg = segmentAt(t);
            boolean leadOff = seg != null && seg.rhythm() == Rhythm.LEAD_OFF;
            if (leadOff) off = ecgMask();
            boolean af = seg != null && seg.rhythm() == Rhythm.AF;
            boolean vf = seg != null && seg.rhythm() == Rhythm.VF;
            boolean artifact = seg != null && seg.rhythm() == Rhythm.ARTIFACT;
            for (int c = 0; c < leads.length; c++) {
                if (pulsatile[c]) {
                    double v = 0;
                    for (Scheduled b : beats) v += pulse(b, t - b.t);
                    out[c][from + i] = (float) (arterial[c] ? 75 + 45 * v + 0.5 * rnd.nextGaussian() : v + 0.01 * rnd.nextGaussian());
                    continue;
                }
                if (leadOff) {
                    out[c][from + i] = 0f;
                    continue;
                }
                double v = 0;
                for (Scheduled b : beats) v += wave(b, t - b.t, gains[c]);
                if (af) v += gains[c][0] * 0.12 * (Math.sin(2 * Math.PI * 6.1 * t + afPhase + Math.sin(0.7 * t))
                        + 0.5 * Math.sin(2 * Math.PI * 4.3 * t + 1.3 * afPhase));
                if (vf) {
                    // Frequency drifting around 5 Hz (phase in closed form), amplitude waxing and waning.
                    double phase = 2 * Math.PI * (5 * t - 0.8 / 0.3 * Math.cos(0.3 * t) - 0.4 / 1.1 * Math.cos(1.1 * t)) + afPhase;
                    v += gains[c][2] * (0.45 + 0.2 * Math.sin(0.5 * t + 1)) * (Math.sin(phase) + 0.25 * Math.sin(2.1 * phase + 0.5));
                }
                if (artifact) {
                    // Motion at a drifting 3-7 Hz, waxing and waning, much larger than the QRS: VF to the eye.
                    double phase = 2 * Math.PI * (4.8 * t - 1.2 / 0.37 * Math.cos(0.37 * t) - 0.5 / 1.3 * Math.cos(1.3 * t)) + phase1[c];
                    v += (1.1 + 0.5 * Math.sin(0.6 * t + phase2[c])) * (Math.sin(phase) + 0.3 * Math.sin(1.9 * phase + 0.7));
                }
                v += noise(c, t);
                out[c][from + i] = (float) v;
            }
        }
        sample += n;
        return off;
    }

    /**
     * Offsets, within the {@code n} samples from {@code fromSample}, of the pacemaker pulses there; call once per block
     * in order, after {@link #next} produced it (pulses before {@code fromSample} are dropped).
     */
    public int[] pacePulses(long fromSample, int n) {
        List<Integer> out = new ArrayList<>();
        while (!pacePulses.isEmpty() && pacePulses.peekFirst() < fromSample + n) {
            long p = pacePulses.pollFirst();
            if (p >= fromSample) out.add((int) (p - fromSample));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void trackEpisodes(double t) {
        while (t >= nextEpisodeStart) {
            int nSeg = scenario.segments().size();
            if (!loop && nextEpisode >= nSeg) {
                nextEpisodeStart = Double.POSITIVE_INFINITY;
                return;
            }
            Segment s = scenario.segments().get(nextEpisode % nSeg);
            schedule(nextEpisodeStart + 0.001);
            double last = Double.NaN;
            for (TruthBeat b : truthBeats) if (b.timeS() < nextEpisodeStart) last = b.timeS();
            if (!recordBeats) last = lastQrsBefore(nextEpisodeStart);
            episodes.add(new TruthEpisode(s.rhythm(), s.rateBpm(), nextEpisodeStart, nextEpisodeStart + s.seconds(), last));
            nextEpisodeStart += s.seconds();
            nextEpisode++;
        }
    }

    private double lastQrsBefore(double t) {
        double last = Double.NaN;
        for (Scheduled b : beats) if (b.kind != BeatKind.P_ONLY && b.kind != BeatKind.NONE && b.t < t) last = b.t;
        return Double.isNaN(last) ? lastQrs : last;
    }

    /** Schedules beats until one lies beyond {@code horizon}. */
    private void schedule(double horizon) {
        while (lastScheduled < horizon) {
            Segment seg = segmentAt(Math.max(0, lastScheduled));
            if (seg == null) { lastScheduled = Double.POSITIVE_INFINITY; return; }
            double rate = seg.rhythm() == Rhythm.LEAD_OFF ? 70 : seg.rateBpm();
            double base = 60.0 / rate;
            double t0 = lastScheduled;
            double rr;
            BeatKind kind;
            switch (seg.rhythm()) {
                case AF:
                    rr = base * Math.max(0.55, 1 + 0.22 * rnd.nextGaussian());
                    kind = BeatKind.AF;
                    break;
                case VT:
                    rr = base * (1 + 0.02 * rnd.nextGaussian());
                    kind = BeatKind.VT;
                    break;
                case PACED:
                    rr = base;
                    kind = BeatKind.PACED;
                    break;
                case ASYSTOLE:
                    rr = base;
                    kind = BeatKind.P_ONLY;
                    break;
                case VF:
                    rr = 0.5;
                    kind = BeatKind.NONE;
                    break;
                case PVC:
                    if (!lastWasPvc && rnd.nextInt(8) == 0) {
                        rr = base * 0.62;
                        kind = BeatKind.PVC;
                    } else {
                        rr = lastWasPvc ? base * 1.38 : sinusRr(base, t0);
                        kind = BeatKind.NORMAL;
                    }
                    break;
                default:
                    rr = sinusRr(base, t0);
                    kind = BeatKind.NORMAL;
            }
            double t = t0 + rr;
            // Entering another segment: its first beat follows that segment's own rules.
            Segment at = segmentAt(Math.max(0, t));
            if (at != seg && at != null) {
                if (at.rhythm() == Rhythm.ASYSTOLE) kind = BeatKind.P_ONLY;
                else if (at.rhythm() == Rhythm.VF) kind = BeatKind.NONE;
                else if (seg.rhythm() == Rhythm.ASYSTOLE || seg.rhythm() == Rhythm.VF) kind = at.rhythm() == Rhythm.VT ? BeatKind.VT : BeatKind.NORMAL;
            }
            lastWasPvc = kind == BeatKind.PVC;
            Scheduled s = new Scheduled(t, kind, rr);
            beats.addLast(s);
            if (kind == BeatKind.PACED) pacePulses.addLast(Math.round((t - PACE_TO_R_S) * fs));
            lastScheduled = t;
            if (kind != BeatKind.P_ONLY && kind != BeatKind.NONE && t >= 0) {
                lastQrs = t;
                if (recordBeats) truthBeats.add(new TruthBeat(t, kind));
            }
        }
    }

    private double sinusRr(double base, double t) {
        return base * (1 + 0.03 * Math.sin(2 * Math.PI * 0.25 * t) + 0.008 * rnd.nextGaussian());
    }

    /** Sum of the beat's waves at {@code dt} seconds from its R peak. */
    private static double wave(Scheduled b, double dt, double[] g) {
        if (dt < -0.35 || dt > 0.75) return 0;
        double rr = Math.min(Math.max(b.rr, 0.3), 2.0);
        switch (b.kind) {
            case PACED: // right-ventricular pacing: a wide complex much like an ectopic one, regular
            case PVC:
            case VT: {
                double w = b.kind == BeatKind.VT ? 0.85 : 1.0;
                return g[5] * (gauss(dt, 0, 0.028, 1.3 * w) + gauss(dt, 0.065, 0.03, -0.55 * w))
                        + g[4] * gauss(dt, 0.3 * Math.sqrt(rr) + 0.05, 0.065, -0.45 * w);
            }
            case P_ONLY:
                return g[0] * gauss(dt, 0, 0.025, 0.15);
            case NONE:
                return 0;
            default: {
                double v = g[1] * gauss(dt, -0.028, 0.009, -0.12) + g[2] * gauss(dt, 0, 0.011, 1.2)
                        + g[3] * gauss(dt, 0.027, 0.01, -0.28) + g[4] * gauss(dt, 0.26 * Math.sqrt(rr) + 0.02, 0.045, 0.32);
                if (b.kind == BeatKind.NORMAL) v += g[0] * gauss(dt, -0.16, 0.024, 0.14);
                return v;
            }
        }
    }

    /**
     * The pulse (PPG units; 1 = a normal beat's) a beat ejects, {@code dt} seconds from its R peak: the upstroke
     * arrives about 0.2 s after the R peak, a dicrotic wave follows. Short filling, ectopic and VT beats eject less.
     */
    private static double pulse(Scheduled b, double dt) {
        if (dt < 0 || dt > 1.0) return 0;
        double filling = Math.min(1, Math.max(0.15, (b.rr - 0.25) / 0.5));
        double size = switch (b.kind) {
            case NORMAL, AF -> filling;
            case PACED -> 0.9 * filling;
            case PVC -> 0.4 * filling;
            case VT -> 0.35 * filling;
            default -> 0; // no QRS, no ejection
        };
        return size * (gauss(dt, 0.3, 0.07, 1.0) + gauss(dt, 0.55, 0.09, 0.35));
    }

    private static double gauss(double t, double mu, double sigma, double a) {
        double z = (t - mu) / sigma;
        return z * z > 30 ? 0 : a * Math.exp(-0.5 * z * z);
    }

    private double noise(int c, double t) {
        double v = 0;
        if (noise.baselineMv() > 0) {
            v += noise.baselineMv() * (0.7 * Math.sin(2 * Math.PI * 0.21 * t + phase1[c]) + 0.3 * Math.sin(2 * Math.PI * 0.05 * t + phase2[c]));
        }
        if (noise.muscleMv() > 0) {
            // Coloured noise: a first-order low-pass of white noise (most power 20-100 Hz at 250 Hz).
            muscle[c] = 0.5 * muscle[c] + rnd.nextGaussian() * noise.muscleMv();
            v += muscle[c];
        }
        if (noise.motionMv() > 0) {
            if (rnd.nextDouble() < 0.15 / fs) motion[c] += noise.motionMv() * 3 * rnd.nextGaussian();
            motion[c] *= Math.exp(-1.0 / (0.4 * fs));
            v += motion[c];
        }
        if (noise.mainsMv() > 0) v += noise.mainsMv() * Math.sin(2 * Math.PI * noise.mainsHz() * t);
        return v;
    }

    /** Relative amplitudes of P, Q, R, S, T and the wide ventricular complex per standard lead. */
    static double[] leadGains(String lead) {
        switch (lead.toUpperCase(Locale.ROOT)) {
            case "I": return new double[] {0.7, 0.6, 0.6, 0.5, 0.7, 0.6};
            case "III": return new double[] {0.5, 0.8, 0.6, 0.4, 0.4, 0.7};
            case "AVR": return new double[] {-0.6, -0.3, -0.8, -0.4, -0.6, -0.7};
            case "AVL": return new double[] {0.2, 0.4, 0.3, 0.3, 0.2, -0.4};
            case "AVF": return new double[] {0.7, 0.7, 0.8, 0.5, 0.6, 0.8};
            case "V1": return new double[] {0.5, 0.0, 0.3, 3.0, -0.3, -1.0};
            case "V2": return new double[] {0.6, 0.0, 0.6, 3.0, 1.5, -0.9};
            case "V3": return new double[] {0.6, 0.3, 1.0, 2.0, 1.6, 0.6};
            case "V4": return new double[] {0.6, 0.5, 1.4, 1.2, 1.4, 1.0};
            case "V5": return new double[] {0.6, 0.8, 1.3, 0.6, 1.1, 1.0};
            case "V6": return new double[] {0.6, 0.8, 1.0, 0.3, 0.8, 0.9};
            default: return new double[] {1, 1, 1, 1, 1, 1};
        }
    }

    /** Truth beats between two times (seconds), for rate checks. */
    public List<TruthBeat> beatsBetween(double from, double to) {
        List<TruthBeat> out = new ArrayList<>();
        for (Iterator<TruthBeat> it = truthBeats.iterator(); it.hasNext(); ) {
            TruthBeat b = it.next();
            if (b.timeS() >= from && b.timeS() < to) out.add(b);
        }
        return out;
    }
}
