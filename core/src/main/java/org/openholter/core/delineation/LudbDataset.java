package org.openholter.core.delineation;

import org.openholter.core.signal.PolyphaseResampler;
import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.wfdb.WfdbRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The delineation training set, exported by the same Java code the stream runs (WFDB reading and the
 * polyphase resampler), so that training and inference see identical signals. Every LUDB record ×
 * lead becomes one example at 250 Hz: the signal (mV), per-sample labels (0 other, 1 P, 2 QRS, 3 T)
 * and a mask of the span the cardiologists annotated (first to last boundary of that lead); outside
 * it the labels are unknown and must not be learned. The split is the published one
 * ({@code ../shared/data/README.md}): 41 validation records, the other 159 for training.
 */
public final class LudbDataset {
    public static final int FS = 250;
    public static final Set<Integer> VALIDATION = Set.of(10, 11, 14, 20, 21, 22, 28, 33, 34, 35, 39, 47, 48, 53, 55, 56, 66, 67,
            70, 72, 73, 74, 78, 91, 92, 93, 95, 101, 115, 119, 120, 133, 135, 154, 174, 178, 179, 189, 191, 194, 196);
    public static final String[] LEADS = {"i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"};

    /** One record × lead. */
    public record Example(int record, String lead, float[] signal, byte[] labels, byte[] mask) {}

    private LudbDataset() {}

    public static Example example(Path ludbData, int record, int leadIndex) throws IOException {
        WfdbRecord r = WfdbRecord.read(ludbData.resolve(String.valueOf(record)));
        int fsIn = (int) Math.round(r.sampleRate());
        float[] mv = new float[r.length()];
        for (int i = 0; i < mv.length; i++) mv[i] = r.millivolts(leadIndex, i);
        float[] x = PolyphaseResampler.resample(mv, fsIn, FS);
        List<Annotation> ann = WfdbAnnotations.read(ludbData.resolve(record + "." + LEADS[leadIndex]));
        byte[] labels = new byte[x.length];
        byte[] mask = new byte[x.length];
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (int k = 0; k < ann.size(); k++) {
            String s = ann.get(k).symbol();
            int cls = s.equals("p") ? 1 : s.equals("N") ? 2 : s.equals("t") ? 3 : 0;
            if (cls == 0) continue;
            long on = k > 0 && ann.get(k - 1).symbol().equals("(") ? ann.get(k - 1).sample() : ann.get(k).sample();
            long off = k + 1 < ann.size() && ann.get(k + 1).symbol().equals(")") ? ann.get(k + 1).sample() : ann.get(k).sample();
            int a = (int) WfdbAnnotations.mapSample(on, fsIn, FS), b = (int) WfdbAnnotations.mapSample(off, fsIn, FS);
            for (int i = Math.max(0, a); i <= Math.min(x.length - 1, b); i++) labels[i] = (byte) cls;
            first = Math.min(first, a);
            last = Math.max(last, b);
        }
        if (first <= last) {
            for (int i = (int) Math.max(0, first); i <= Math.min(x.length - 1, last); i++) mask[i] = 1;
        }
        return new Example(record, LEADS[leadIndex], x, labels, mask);
    }

    /** Writes {@code train_x.npy, train_y.npy, train_mask.npy, val_*.npy} and an index CSV per split. */
    public static int[] export(Path ludbRoot, Path out) throws IOException {
        Path data = ludbRoot.resolve("data");
        Files.createDirectories(out);
        int[] counts = new int[2];
        for (boolean val : new boolean[] {false, true}) {
            List<Example> ex = new ArrayList<>();
            for (int rec = 1; rec <= 200; rec++) {
                if (VALIDATION.contains(rec) != val) continue;
                for (int lead = 0; lead < LEADS.length; lead++) ex.add(example(data, rec, lead));
            }
            String split = val ? "val" : "train";
            NpyWriter.writeFloat32(out.resolve(split + "_x.npy"), ex.stream().map(Example::signal).toArray(float[][]::new));
            NpyWriter.writeInt8(out.resolve(split + "_y.npy"), ex.stream().map(Example::labels).toArray(byte[][]::new));
            NpyWriter.writeInt8(out.resolve(split + "_mask.npy"), ex.stream().map(Example::mask).toArray(byte[][]::new));
            StringBuilder idx = new StringBuilder("row,record,lead\n");
            for (int i = 0; i < ex.size(); i++) idx.append(i).append(',').append(ex.get(i).record()).append(',').append(ex.get(i).lead()).append('\n');
            Files.writeString(out.resolve(split + "_index.csv"), idx.toString(), StandardCharsets.US_ASCII);
            counts[val ? 1 : 0] = ex.size();
        }
        return counts;
    }

    /**
     * Noise for augmentation: the NSTDB baseline-wander ({@code bw}) and muscle ({@code ma}) records,
     * both channels, resampled to 250 Hz, as {@code noise_bw.npy} and {@code noise_ma.npy} (channels × samples).
     */
    public static void exportNoise(Path nstdbRoot, Path out) throws IOException {
        Files.createDirectories(out);
        for (String name : new String[] {"bw", "ma"}) {
            WfdbRecord r = WfdbRecord.read(nstdbRoot.resolve(name));
            float[][] ch = new float[r.signals().size()][];
            for (int c = 0; c < ch.length; c++) {
                float[] mv = new float[r.length()];
                for (int i = 0; i < mv.length; i++) mv[i] = r.millivolts(c, i);
                ch[c] = PolyphaseResampler.resample(mv, (int) Math.round(r.sampleRate()), FS);
            }
            NpyWriter.writeFloat32(out.resolve("noise_" + name + ".npy"), ch);
        }
    }

    /** {@code java … LudbDataset LUDB_DIR OUT_DIR [NSTDB_DIR]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: LudbDataset LUDB_DIR OUT_DIR [NSTDB_DIR]   (run ../shared/data/unpack data first)");
            System.exit(2);
        }
        int[] n = export(Path.of(args[0]), Path.of(args[1]));
        System.out.printf("exported %d training and %d validation examples (record × lead, 10 s at %d Hz) to %s%n", n[0], n[1], FS, args[1]);
        if (args.length == 3) {
            exportNoise(Path.of(args[2]), Path.of(args[1]));
            System.out.println("exported NSTDB bw and ma noise at " + FS + " Hz");
        }
    }
}
