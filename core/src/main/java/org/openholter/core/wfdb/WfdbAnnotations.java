package org.openholter.core.wfdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MIT-format annotation files: 16-bit little-endian words, code in the top 6 bits and a 10-bit time
 * increment below. Pseudo-codes: SKIP (59, a 32-bit increment follows, high word first), NUM (60),
 * SUB (61) and CHN (62) carry fields of the preceding annotation in their 10 bits, AUX (63) a byte
 * string of that length (padded to an even length); {@code num} and {@code chan} persist from one
 * annotation to the next. A zero word ends the file.
 */
public final class WfdbAnnotations {
    private static final int SKIP = 59, NUM = 60, SUB = 61, CHN = 62, AUX = 63;

    private WfdbAnnotations() {}

    /** Reads {@code record.annotator} (e.g. {@code data/mitdb/100.atr}). */
    public static List<Annotation> read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "annotation file not found");
        byte[] b = Files.readAllBytes(file);
        List<Annotation> out = new ArrayList<>();
        long time = 0;
        int num = 0, chan = 0;
        // Fields of the annotation being built; pseudo-records that follow it modify them.
        long aTime = -1;
        int aCode = 0, aSub = 0, aChan = 0, aNum = 0;
        String aAux = null;
        int p = 0;
        while (p + 1 < b.length) {
            int word = (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
            p += 2;
            int a = word >>> 10, i = word & 0x3FF;
            if (a == 0 && i == 0) break;
            switch (a) {
                case SKIP: {
                    if (p + 4 > b.length) throw new IOException(file + ": truncated SKIP at byte " + (p - 2));
                    long hi = (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8), lo = (b[p + 2] & 0xFF) | ((b[p + 3] & 0xFF) << 8);
                    time += (int) ((hi << 16) | lo); // signed 32-bit
                    p += 4;
                    break;
                }
                case NUM: num = i; aNum = i; break;
                case SUB: aSub = i; break;
                case CHN: chan = i; aChan = i; break;
                case AUX: {
                    if (p + i > b.length) throw new IOException(file + ": truncated AUX string at byte " + (p - 2));
                    int len = i;
                    while (len > 0 && b[p + len - 1] == 0) len--; // some writers include the terminating NUL
                    aAux = new String(b, p, len, StandardCharsets.ISO_8859_1);
                    p += i + (i & 1);
                    break;
                }
                default: {
                    if (a > 49) throw new IOException(file + ": unknown annotation code " + a + " at byte " + (p - 2));
                    if (aTime >= 0) out.add(new Annotation(aTime, aCode, aSub, aChan, aNum, aAux));
                    time += i;
                    aTime = time;
                    aCode = a;
                    aSub = 0;
                    aChan = chan;
                    aNum = num;
                    aAux = null;
                }
            }
        }
        if (aTime >= 0) out.add(new Annotation(aTime, aCode, aSub, aChan, aNum, aAux));
        return out;
    }

    /** Writes annotations (in time order) in MIT format. */
    public static void write(Path file, List<Annotation> annotations) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream(annotations.size() * 2 + 16);
        long time = 0;
        int num = 0, chan = 0;
        for (Annotation a : annotations) {
            long delta = a.sample() - time;
            if (delta < 0) throw new IllegalArgumentException("annotations must be in time order: " + a + " after sample " + time);
            if (delta > 1023) {
                // SKIP carries a signed 32-bit increment: high 16-bit word first, each word little-endian.
                word(o, SKIP, 0);
                int hi = (int) (delta >>> 16) & 0xFFFF, lo = (int) delta & 0xFFFF;
                o.write(hi & 0xFF);
                o.write(hi >>> 8);
                o.write(lo & 0xFF);
                o.write(lo >>> 8);
                delta = 0;
            }
            word(o, a.code(), (int) delta);
            time = a.sample();
            if (a.subtype() != 0) word(o, SUB, a.subtype() & 0x3FF);
            if (a.chan() != chan) {
                word(o, CHN, a.chan() & 0x3FF);
                chan = a.chan();
            }
            if (a.num() != num) {
                word(o, NUM, a.num() & 0x3FF);
                num = a.num();
            }
            if (a.aux() != null && !a.aux().isEmpty()) {
                byte[] s = a.aux().getBytes(StandardCharsets.ISO_8859_1);
                if (s.length > 1023) throw new IllegalArgumentException("aux string longer than 1023 bytes");
                word(o, AUX, s.length);
                o.write(s);
                if ((s.length & 1) == 1) o.write(0);
            }
        }
        word(o, 0, 0);
        Files.write(file, o.toByteArray());
    }

    private static void word(ByteArrayOutputStream o, int code, int increment) {
        int w = (code << 10) | (increment & 0x3FF);
        o.write(w & 0xFF);
        o.write((w >>> 8) & 0xFF);
    }

    /**
     * Maps a sample position between sample rates exactly as {@link org.openholter.core.signal.PolyphaseResampler}
     * places its outputs (output {@code k} at input time {@code k·fsIn/fsOut}): the nearest output sample, ties to even.
     */
    /** A rhythm change: a {@code +} annotation whose aux names the rhythm that starts there, e.g. {@code (AFIB}. */
    public record RhythmChange(long sample, String aux) {}

    /** The rhythm changes among {@code annotations}, in order; each rhythm lasts until the next change. */
    public static List<RhythmChange> rhythmChanges(List<Annotation> annotations) {
        List<RhythmChange> out = new java.util.ArrayList<>();
        for (Annotation a : annotations) {
            if (a.code() != AnnotationCodes.RHYTHM || a.aux() == null) continue;
            String aux = a.aux().replace("\0", "").trim();
            if (aux.startsWith("(")) out.add(new RhythmChange(a.sample(), aux));
        }
        return out;
    }

    public static long mapSample(long sample, int fsIn, int fsOut) {
        long num = sample * fsOut;
        long q = num / fsIn, r = num % fsIn;
        if (2 * r > fsIn || (2 * r == fsIn && (q & 1) == 1)) q++;
        return q;
    }
}
