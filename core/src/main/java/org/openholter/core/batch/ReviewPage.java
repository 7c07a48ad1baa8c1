package org.openholter.core.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import org.openholter.core.codec.Event;
import org.openholter.core.codec.Layers;
import org.openholter.core.records.SignalSource;
import org.openholter.core.rhythm.AfTracker;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The review page of a recording: one self-contained HTML file (no network, no other file needed) with every lead as
 * a scrollable full disclosure at 25 mm/s and 10 mm/mV, the layered codec drawn over it (waves shaded, beat codes above,
 * rhythm band below), the beat, rhythm and event tables that jump to their place in the disclosure, and CSV downloads
 * made from the page's own data. The signal is embedded at a display rate of at most 250 Hz (each output sample is the
 * nearest recorded one, so QRS peaks are not averaged away), in 5-µV steps; a long multi-lead recording is thinned to
 * stay under {@link #SAMPLE_BUDGET} samples, first by rate (down to 100 Hz), then by leads, and the page says so.
 */
public final class ReviewPage {
    static final int MAX_RATE = 250, MIN_RATE = 100;
    /** Samples embedded at most (all leads): about 85 MB of page, which a browser still opens. */
    static final long SAMPLE_BUDGET = 32_000_000L;
    /** One stored unit in µV; int16 then reaches ±163 mV. */
    static final double UV_PER_UNIT = 5;
    /** The stored value of "no sample here" (a WFDB invalid sample, a gap). */
    static final short MISSING = Short.MIN_VALUE;
    /** An RR interval longer than this is listed as a pause. */
    static final double PAUSE_S = HolterReport.PAUSE_S;

    private ReviewPage() {}

    /** Display rate and number of leads embedded for a recording of {@code leads} leads over {@code seconds}. */
    record Plan(int rate, int leads) {
        static Plan of(double fs, int leads, double seconds) {
            int rate = (int) Math.min(Math.floor(fs), MAX_RATE);
            double perLeadAtRate = Math.max(1, seconds) * rate;
            if (leads * perLeadAtRate <= SAMPLE_BUDGET) return new Plan(rate, leads);
            int fit = (int) Math.floor(SAMPLE_BUDGET / (leads * Math.max(1, seconds)));
            if (fit >= Math.min(MIN_RATE, rate)) return new Plan(fit, leads);
            rate = Math.min(MIN_RATE, rate);
            return new Plan(rate, (int) Math.max(1, Math.min(leads, SAMPLE_BUDGET / (Math.max(1, seconds) * rate))));
        }
    }

    /**
     * Writes {@code RECORD.review.html} into {@code dir}; {@code files} are the other outputs written beside it (linked
     * from the page by name).
     */
    public static Path write(RecordResults r, Callable<SignalSource> reopen, Path dir, String record, String analyzer, List<Path> files) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve(record + ".review.html");
        String template = resource("review.html");
        int at = template.indexOf("{{DATA}}");
        String head = template.substring(0, at).replace("{{TITLE}}", HolterReport.esc(record))
                .replace("{{STYLE}}", resource("review.css"));
        String tail = template.substring(at + "{{DATA}}".length()).replace("{{SCRIPT}}", resource("review.js"));
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(head);
            JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w);
            g.setCharacterEscapes(new HtmlSafe()); // the data sits in a <script> element: no "</script>" may appear in it
            data(g, r, reopen, record, analyzer, files);
            g.flush();
            w.write(tail);
        }
        return out;
    }

    private static void data(JsonGenerator g, RecordResults r, Callable<SignalSource> reopen, String record, String analyzer, List<Path> files) throws Exception {
        double fs;
        long length;
        List<SignalSource.Channel> channels;
        try (SignalSource src = reopen.call()) {
            fs = src.sampleRate();
            length = src.length();
            channels = src.channels();
        }
        double seconds = (length >= 0 ? length : r.analysedSamples() * fs / Math.max(1, r.analysisFs())) / fs;
        Plan plan = Plan.of(fs, channels.size(), seconds);

        g.writeStartObject();
        g.writeNumberField("version", 1);
        g.writeStringField("record", record);
        g.writeStringField("analyzer", analyzer);
        g.writeNumberField("recordFs", fs);
        g.writeNumberField("rate", plan.rate());
        g.writeNumberField("uvPerUnit", UV_PER_UNIT);
        g.writeNumberField("missing", MISSING);
        g.writeNumberField("leadsInRecord", channels.size());
        g.writeArrayFieldStart("leads");
        for (int c = 0; c < plan.leads(); c++) g.writeString(channels.get(c).name());
        g.writeEndArray();
        // Lead by lead, each read from the file again: memory stays bounded however long the recording.
        long shown = 0;
        g.writeArrayFieldStart("signal");
        for (int c = 0; c < plan.leads(); c++) {
            try (SignalSource src = reopen.call()) {
                LeadBytes lead = new LeadBytes(src, plan, c);
                g.writeBinary(lead, -1);
                shown = lead.samples();
            }
        }
        g.writeEndArray();
        g.writeNumberField("durationS", shown / (double) plan.rate());

        // The codec at the analysis rate: waves (P, QRS, T, paced QRS; the rest is background) and the rhythm runs.
        g.writeNumberField("analysisFs", r.analysisFs());
        g.writeBinaryField("wave", runs(r.layer(0), true));
        g.writeBinaryField("rhythm", runs(r.layer(2), false));
        g.writeArrayFieldStart("rhythmNames");
        for (String n : Layers.RHYTHM_NAMES) g.writeString(n);
        g.writeEndArray();

        // Beats: time (s), MIT code, RR / PR / QRS / QT (ms, NaN unknown).
        int n = r.beatCount();
        double[] t = new double[n];
        float[][] values = new float[4][n];
        StringBuilder codes = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            t[k] = r.beatSample(k) / r.recordFs();
            codes.append(r.beatCode(k));
            double[] v = r.beatValues(k);
            for (int j = 0; j < 4; j++) values[j][k] = (float) v[j];
        }
        g.writeObjectFieldStart("beats");
        g.writeBinaryField("t", bytes(t));
        g.writeStringField("codes", codes.toString());
        String[] names = {"rr", "pr", "qrs", "qt"};
        for (int j = 0; j < 4; j++) g.writeBinaryField(names[j], bytes(values[j]));
        g.writeEndObject();

        g.writeArrayFieldStart("events");
        for (ReviewEvent e : events(r)) {
            g.writeStartObject();
            g.writeNumberField("t", e.fromS());
            if (!Double.isNaN(e.toS())) g.writeNumberField("end", e.toS());
            g.writeStringField("kind", e.kind());
            g.writeStringField("text", e.text());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("files");
        for (Path p : files) g.writeString(p.getFileName().toString());
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * The display samples of a recording, block by block: at the plan's rate each is the nearest recorded sample, in
     * {@link #UV_PER_UNIT} steps, {@link #MISSING} where the file has none.
     */
    static final class Decimator {
        private final SignalSource src;
        private final List<SignalSource.Channel> channels;
        private final int leads;
        private final double step; // record samples per display sample
        private final int[][] buf;
        private int at, filled;
        private long base;     // record index of buf[0]
        private long shown;    // display samples produced
        private long nextPick; // record index display sample {@code shown} takes

        Decimator(SignalSource src, Plan plan) {
            this.src = src;
            this.channels = src.channels();
            this.leads = plan.leads();
            this.step = src.sampleRate() / plan.rate();
            this.buf = new int[channels.size()][8192];
        }

        /** Fills {@code out[lead][0..]} with the next display samples of every planned lead; returns how many (0 at the end). */
        int next(short[][] out) throws IOException {
            int k = 0;
            while (k < out[0].length) {
                if (at == filled) {
                    base += filled;
                    at = 0;
                    filled = Math.max(0, src.read(buf, 0, buf[0].length));
                    if (filled == 0) break;
                }
                if (base + at == nextPick) {
                    for (int c = 0; c < leads; c++) {
                        SignalSource.Channel ch = channels.get(c);
                        int adc = buf[c][at];
                        if (adc == ch.invalid() && ch.invalid() != SignalSource.Channel.NO_INVALID) { out[c][k] = MISSING; continue; }
                        double units = (adc - ch.zero()) / ch.gain() * 1000 / UV_PER_UNIT;
                        out[c][k] = (short) Math.max(-Short.MAX_VALUE, Math.min(Short.MAX_VALUE, Math.round(units)));
                    }
                    k++;
                    nextPick = Math.round(++shown * step);
                }
                at++;
            }
            return k;
        }

        long shown() { return shown; }
    }

    /** Every planned lead whole (for tests; the page itself streams lead by lead). */
    static short[][] signal(SignalSource src, Plan plan) throws IOException {
        Decimator d = new Decimator(src, plan);
        short[][] block = new short[plan.leads()][4096];
        short[][] out = new short[plan.leads()][0];
        for (int n; (n = d.next(block)) > 0; ) {
            for (int c = 0; c < out.length; c++) {
                int old = out[c].length;
                out[c] = Arrays.copyOf(out[c], old + n);
                System.arraycopy(block[c], 0, out[c], old, n);
            }
        }
        return out;
    }

    /** One lead's display samples as little-endian int16 bytes, read from the recording as they are asked for. */
    static final class LeadBytes extends InputStream {
        private final Decimator samples;
        private final int lead;
        private final short[][] block;
        private final byte[] bytes;
        private int at, len;

        LeadBytes(SignalSource src, Plan plan, int lead) {
            this.samples = new Decimator(src, plan);
            this.lead = lead;
            this.block = new short[plan.leads()][4096];
            this.bytes = new byte[2 * 4096];
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int n) throws IOException {
            if (at == len) {
                int got = samples.next(block);
                if (got == 0) return -1;
                for (int i = 0; i < got; i++) {
                    short v = block[lead][i];
                    bytes[2 * i] = (byte) v;
                    bytes[2 * i + 1] = (byte) (v >> 8);
                }
                at = 0;
                len = 2 * got;
            }
            int k = Math.min(n, len - at);
            System.arraycopy(bytes, at, b, off, k);
            at += k;
            return k;
        }

        long samples() { return samples.shown(); }
    }

    /** Runs as (start, end, class) int32 triples; background runs of the wave layer left out. */
    private static byte[] runs(List<Event> events, boolean dropBackground) {
        List<Event> kept = dropBackground ? events.stream().filter(e -> e.cls() != Layers.OTHER).toList() : events;
        ByteBuffer b = ByteBuffer.allocate(kept.size() * 12).order(ByteOrder.LITTLE_ENDIAN);
        for (Event e : kept) b.putInt((int) e.start()).putInt((int) e.end()).putInt(e.cls());
        return b.array();
    }

    /** Something a reviewer jumps to: from / to in s from the record's start (to NaN when it is a moment). */
    record ReviewEvent(double fromS, double toS, String kind, String text) {}

    /** Alarms raised, pauses, ventricular and supraventricular runs of 3 or more, AF episodes, in time order. */
    static List<ReviewEvent> events(RecordResults r) {
        List<ReviewEvent> out = new ArrayList<>();
        for (RecordResults.AlarmEpisode e : r.alarmEpisodes()) {
            AlarmEvent a = e.raised();
            out.add(new ReviewEvent(a.onsetMillis() / 1e3, e.cleared() == null ? Double.NaN : e.cleared().eventMillis() / 1e3, "alarm",
                    a.type() + " (" + a.priority().toLowerCase(Locale.ROOT) + " priority)"));
        }
        double fs = r.recordFs();
        int n = r.beatCount();
        for (int k = 1; k < n; k++) {
            double rr = r.beatValues(k)[0] / 1000;
            if (rr > PAUSE_S) {
                out.add(new ReviewEvent(r.beatSample(k) / fs - rr, r.beatSample(k) / fs, "pause", String.format(Locale.ROOT, "pause of %.1f s", rr)));
            }
        }
        for (char code : new char[] {'V', 'A'}) {
            for (int k = 0; k < n; ) {
                int j = k;
                while (j < n && r.beatCode(j) == code) j++;
                if (j - k >= 3) {
                    double from = r.beatSample(k) / fs, to = r.beatSample(j - 1) / fs;
                    double rate = 60.0 * (j - k - 1) / Math.max(1e-6, to - from);
                    out.add(new ReviewEvent(from, to, code == 'V' ? "ventricular run" : "supraventricular run",
                            String.format(Locale.ROOT, "%d %s beats at %.0f bpm", j - k, code == 'V' ? "ventricular" : "supraventricular", rate)));
                }
                k = Math.max(j, k + 1);
            }
        }
        for (AfTracker.Episode e : r.afEpisodes()) {
            out.add(new ReviewEvent(e.onsetMicros() / 1e6, e.offsetMicros() / 1e6, "AF episode",
                    "atrial fibrillation for " + HolterReport.clock(e.seconds(e.offsetMicros()))));
        }
        out.sort(java.util.Comparator.comparingDouble(ReviewEvent::fromS));
        return out;
    }

    private static byte[] bytes(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    private static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReviewPage.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("review page resource " + name + " missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** JSON that may sit inside an HTML script element: {@code < > &} as \\u escapes. */
    private static final class HtmlSafe extends CharacterEscapes {
        private final int[] escapes = standardAsciiEscapesForJSON();

        HtmlSafe() {
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
        }

        @Override public int[] getEscapeCodesForAscii() { return escapes; }

        @Override public SerializableString getEscapeSequence(int ch) { return null; }
    }
}
