package org.openholter.core.batch;

import org.openholter.core.codec.Event;
import org.openholter.core.codec.Layers;
import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.AnnotationCodes;
import org.openholter.core.wfdb.WfdbAnnotations;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A record's results as files the WFDB tools read, positions at the record's own sample rate:
 * {@code RECORD.beat} (beats, MIT codes: bxb), {@code RECORD.wave} (wave boundaries of the analysed lead in the
 * ecgpuwave convention {@code (} peak {@code )}), {@code RECORD.rhythm} (rhythm changes as {@code +} with aux
 * {@code (N}, {@code (AFIB}, {@code (VT} …: rxr, epicmp), and {@code RECORD.codec.csv} (the layered codec as runs).
 */
public final class WfdbExport {
    /** Aux string of each rhythm-layer id (MIT-BIH and VFDB conventions). */
    static final String[] RHYTHM_AUX = {"(N", "(BII", "(P", "(AFIB", "(BBB", "(VT", "(VFL", "(ASYS", "(NOISE"};

    private WfdbExport() {}

    public static List<Annotation> beats(RecordResults r) {
        List<Annotation> out = new ArrayList<>(r.beatCount());
        for (int k = 0; k < r.beatCount(); k++) out.add(new Annotation(r.beatSample(k), AnnotationCodes.code(String.valueOf(r.beatCode(k))), 0, 0, 0, null));
        return out;
    }

    /** {@code (}, peak, {@code )} per wave; the QRS peak is the detected beat inside it, P and T peaks the wave's middle. */
    public static List<Annotation> waves(RecordResults r) {
        int fsA = r.analysisFs(), fsR = (int) Math.round(r.recordFs());
        List<Annotation> out = new ArrayList<>();
        int k = 0;
        for (Event e : r.layer(0)) {
            String peak = e.cls() == Layers.P ? "p" : e.cls() == Layers.QRS || e.cls() == Layers.PACED_QRS ? "N" : e.cls() == Layers.T ? "t" : null;
            if (peak == null) continue;
            long on = WfdbAnnotations.mapSample(e.start(), fsA, fsR), off = WfdbAnnotations.mapSample(e.end() - 1, fsA, fsR);
            long mid = (on + off) / 2;
            if (peak.equals("N")) {
                while (k < r.beatCount() && r.beatSample(k) < on) k++;
                if (k < r.beatCount() && r.beatSample(k) <= off) mid = r.beatSample(k);
            }
            out.add(Annotation.of(on, "("));
            out.add(Annotation.of(Math.max(on, Math.min(off, mid)), peak));
            out.add(Annotation.of(off, ")"));
        }
        return out;
    }

    public static List<Annotation> rhythm(RecordResults r) {
        int fsA = r.analysisFs(), fsR = (int) Math.round(r.recordFs());
        List<Annotation> out = new ArrayList<>();
        for (Event e : r.layer(2)) {
            String aux = e.cls() >= 0 && e.cls() < RHYTHM_AUX.length ? RHYTHM_AUX[e.cls()] : "(?";
            out.add(new Annotation(WfdbAnnotations.mapSample(e.start(), fsA, fsR), AnnotationCodes.RHYTHM, 0, 0, 0, aux));
        }
        return out;
    }

    /** {@code layer,start,end,id,label}: codec runs at the record's rate, end exclusive. */
    public static void codecCsv(RecordResults r, Path file) throws IOException {
        int fsA = r.analysisFs(), fsR = (int) Math.round(r.recordFs());
        String[] names = {"wave", "beat", "rhythm"}, chars = {Layers.FRAME_CHARS, Layers.BEAT_CHARS, Layers.RHYTHM_CHARS};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("layer,start,end,id,label\n");
            for (int l = 0; l < 3; l++) {
                for (Event e : r.layer(l)) {
                    char c = e.cls() < chars[l].length() ? chars[l].charAt(e.cls()) : '?';
                    w.write(names[l] + "," + WfdbAnnotations.mapSample(e.start(), fsA, fsR) + "," + WfdbAnnotations.mapSample(e.end(), fsA, fsR)
                            + "," + e.cls() + "," + c + "\n");
                }
            }
        }
    }

    /** Writes every file for {@code record} (its base name) into {@code dir}; returns the paths written. */
    public static List<Path> writeAll(RecordResults r, Path dir, String record) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        Path beat = dir.resolve(record + ".beat"), wave = dir.resolve(record + ".wave"), rhythm = dir.resolve(record + ".rhythm"),
                codec = dir.resolve(record + ".codec.csv");
        WfdbAnnotations.write(beat, beats(r));
        out.add(beat);
        WfdbAnnotations.write(wave, waves(r));
        out.add(wave);
        WfdbAnnotations.write(rhythm, rhythm(r));
        out.add(rhythm);
        codecCsv(r, codec);
        out.add(codec);
        return out;
    }
}
