package org.openholter.core.wfdb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WFDB record as PhysioNet ships it: header ({@code .hea}) and signal files in formats 8, 16, 24, 32, 61, 80, 160,
 * 212, 310 and 311, from a byte offset when the format field gives one ({@code 16+24}: format 16 from byte 24, as in
 * the ICU databases whose signals sit inside MATLAB v4 {@code .mat} files; a {@code .mat} file without an offset is
 * read from where its MATLAB header says the matrix starts), several samples per frame ({@code 16x4}: the frame's
 * mean), ADC values as stored; {@code units = (adc - baseline) / gain}. Header lines may end in CR LF; gains may carry
 * a baseline and units ({@code 200(1024)/mV}) and be written in scientific notation ({@code 1.052e+04/mV}). A
 * signal's checksum is verified when the header gives one (0 means none given); a mismatch is a warning
 * ({@link Reader#warnings()}), or an error for a strict reader.
 */
public final class WfdbRecord {
    /** The signal formats this reader decodes. */
    public static final List<Integer> FORMATS = List.of(8, 16, 24, 32, 61, 80, 160, 212, 310, 311);

    /**
     * One signal's header fields: its file, format, byte offset of the samples in the file, samples per frame, gain
     * (ADC units per {@code units}; a gain in µV or V is turned into mV), baseline, units, ADC zero, initial value,
     * checksum (meaningful when {@code hasChecksum}) and description.
     */
    public record Signal(String file, int format, int byteOffset, int samplesPerFrame, double gain, int baseline, String units,
                         int adcZero, int initialValue, int checksum, boolean hasChecksum, String description) {}

    private final String name;
    private final double fs;
    private final List<Signal> signals;
    private final int[][] adc;
    private final List<String> warnings;

    private WfdbRecord(String name, double fs, List<Signal> signals, int[][] adc, List<String> warnings) {
        this.name = name;
        this.fs = fs;
        this.signals = signals;
        this.adc = adc;
        this.warnings = warnings;
    }

    public String name() { return name; }
    public double sampleRate() { return fs; }
    public int length() { return adc.length == 0 ? 0 : adc[0].length; }
    public List<Signal> signals() { return signals; }
    public int[] adc(int signal) { return adc[signal]; }
    /** What the reader found wrong but could read past (a checksum that does not match). */
    public List<String> warnings() { return warnings; }

    /** The value a signal format reserves for an invalid (absent) sample (WFDB's convention: the most negative value). */
    public static int invalidValue(int format) {
        return switch (format) {
            case 8, 80 -> -128;
            case 16, 61, 160 -> Short.MIN_VALUE;
            case 24 -> -(1 << 23);
            case 32 -> Integer.MIN_VALUE;
            case 212 -> -2048;
            case 310, 311 -> -512;
            default -> org.openholter.core.records.SignalSource.Channel.NO_INVALID;
        };
    }

    public float millivolts(int signal, int i) {
        Signal s = signals.get(signal);
        return (float) ((adc[signal][i] - s.baseline()) / s.gain());
    }

    /** A record's header: what {@link Reader} streams. */
    public record Header(String name, double sampleRate, long length, List<Signal> signals, Path hea) {}

    /** Reads {@code path} (with or without {@code .hea}) whole; a checksum mismatch is a warning. */
    public static WfdbRecord read(Path path) throws IOException {
        return read(path, false);
    }

    /** Reads {@code path} whole; with {@code strict}, a checksum mismatch is an error. */
    public static WfdbRecord read(Path path, boolean strict) throws IOException {
        Header h = header(path);
        if (h.length() < 0) throw new IOException(h.hea() + ": the header gives no sample count");
        if (h.length() > Integer.MAX_VALUE) throw new IOException(h.hea() + ": " + h.length() + " samples: too long to read whole; stream it");
        int n = (int) h.length();
        int[][] adc = new int[h.signals().size()][n];
        try (Reader r = new Reader(h, strict)) {
            int got = 0;
            while (got < n) {
                int k = r.read(adc, got, n - got);
                if (k == 0) break;
                got += k;
            }
            return new WfdbRecord(h.name(), h.sampleRate(), h.signals(), adc, r.warnings());
        }
    }

    /** Reads the header of {@code path} (with or without {@code .hea}). */
    public static Header header(Path path) throws IOException {
        Path hea = path.toString().endsWith(".hea") ? path : Path.of(path + ".hea");
        if (!Files.exists(hea)) throw new NoSuchFileException(hea.toString(), null, "WFDB header not found");
        List<String> lines = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] all = Files.readString(hea, java.nio.charset.StandardCharsets.ISO_8859_1).split("\r?\n|\r");
        for (int i = 0; i < all.length; i++) {
            String t = all[i].strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(t);
                lineNumbers.add(i + 1);
            }
        }
        if (lines.isEmpty()) throw new IOException(hea + ": empty header (a record line is expected: NAME SIGNALS [RATE [SAMPLES]])");
        String where = hea + " line " + lineNumbers.get(0);
        String[] rec = lines.get(0).split("\\s+");
        if (rec.length < 2) throw new IOException(where + ": the record line needs a name and a signal count, found '" + lines.get(0) + "'");
        if (rec[0].contains("/")) throw new IOException(where + ": multi-segment records (" + rec[0] + ") are not supported");
        int nsig = parseInt(rec[1], where, "signal count");
        if (nsig < 1) throw new IOException(where + ": signal count " + nsig + ": at least one signal is expected");
        double fs = rec.length > 2 ? parseDouble(rec[2].split("[/(]")[0], where, "sample rate (Hz)") : 250;
        if (!(fs > 0)) throw new IOException(where + ": sample rate " + rec[2] + ": a positive number of Hz is expected");
        long nsamp = rec.length > 3 ? parseLong(rec[3], where, "sample count") : -1;
        if (lines.size() < nsig + 1) throw new IOException(hea + ": " + nsig + " signals announced, " + (lines.size() - 1) + " described");
        List<Signal> sigs = new ArrayList<>();
        for (int i = 0; i < nsig; i++) sigs.add(parseSignal(lines.get(i + 1), hea + " line " + lineNumbers.get(i + 1), hea));
        return new Header(rec[0], fs, nsamp, List.copyOf(sigs), hea);
    }

    /**
     * Streams a record's samples in blocks, in bounded memory (a 24-h Holter file need not fit in memory), checking
     * the length and the checksums of the header once the end is reached.
     */
    public static final class Reader implements AutoCloseable {
        private final Header header;
        private final boolean strict;
        private final List<SignalFile> files = new ArrayList<>();
        private final int[] sums;
        private final List<String> warnings = new ArrayList<>();
        private long done;
        private boolean checked;

        public Reader(Header h) throws IOException {
            this(h, false);
        }

        /** With {@code strict}, a checksum that does not match is an error rather than a warning. */
        public Reader(Header h, boolean strict) throws IOException {
            this.header = h;
            this.strict = strict;
            this.sums = new int[h.signals().size()];
            Map<String, List<Integer>> byFile = new LinkedHashMap<>();
            for (int i = 0; i < h.signals().size(); i++) byFile.computeIfAbsent(h.signals().get(i).file(), f -> new ArrayList<>()).add(i);
            try {
                for (Map.Entry<String, List<Integer>> e : byFile.entrySet()) {
                    Path dat = h.hea().resolveSibling(e.getKey());
                    if (!Files.exists(dat)) throw new NoSuchFileException(dat.toString(), null, "WFDB signal file not found");
                    Signal first = h.signals().get(e.getValue().get(0));
                    for (int s : e.getValue()) {
                        Signal sig = h.signals().get(s);
                        if (sig.format() != first.format()) {
                            throw new IOException(h.hea() + ": signals " + e.getValue() + " share " + e.getKey() + " but not a format ("
                                    + first.format() + ", " + sig.format() + "): mixed formats in one file are not supported");
                        }
                    }
                    long offset = first.byteOffset();
                    if (offset == 0 && e.getKey().toLowerCase(Locale.ROOT).endsWith(".mat")) offset = matlabDataOffset(dat, first.format());
                    InputStream in = new BufferedInputStream(Files.newInputStream(dat), 1 << 16);
                    files.add(new SignalFile(e.getValue().stream().mapToInt(Integer::intValue).toArray(), h.signals(), first.format(), in, dat));
                    try {
                        in.skipNBytes(offset);
                    } catch (java.io.EOFException eof) {
                        throw new IOException(dat + ": shorter than the byte offset " + offset + " the header gives");
                    }
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        public Header header() { return header; }

        /** Checksum mismatches found so far (all of them once the end was read). */
        public List<String> warnings() { return List.copyOf(warnings); }

        /**
         * Reads up to {@code max} samples of every signal into {@code out[signal][at..]}; returns how many (0 at the
         * end). At the end, a file shorter than the header says is an error; a checksum that does not match is a
         * warning, or an error when strict.
         */
        public int read(int[][] out, int at, int max) throws IOException {
            long left = header.length() < 0 ? Long.MAX_VALUE : header.length() - done;
            int want = (int) Math.min(max, left);
            int got = want;
            for (SignalFile f : files) got = Math.min(got, f.decode(out, at, want, sums));
            done += got;
            if (got < want && header.length() >= 0) {
                throw new IOException(header.hea() + ": header says " + header.length() + " samples, the signal file holds " + done);
            }
            if (got == 0 || done == header.length()) checkSums();
            return got;
        }

        private void checkSums() throws IOException {
            if (checked) return;
            checked = true;
            for (int i = 0; i < sums.length; i++) {
                Signal s = header.signals().get(i);
                if (s.hasChecksum() && (short) sums[i] != (short) s.checksum()) {
                    String m = header.hea() + ": checksum of signal " + i + " (" + s.description() + ") is " + (short) sums[i]
                            + ", the header says " + s.checksum();
                    if (strict) throw new IOException(m + " - damaged or truncated signal file");
                    warnings.add(m);
                }
            }
        }

        @Override
        public void close() throws IOException {
            for (SignalFile f : files) f.in.close();
        }
    }

    /** One signal file: its signals (indices into the header), their samples per frame, and its decoder. */
    private static final class SignalFile {
        final int[] signals;
        final int[] perFrame;
        final int[] initial;
        final int format;
        final InputStream in;
        final Path path;
        private final int[] previous;   // format 8: each signal's last value (the file stores differences)
        private final int[] group = new int[3];
        private int groupLeft;          // formats 212, 310, 311: values of the last group not handed out yet
        private final byte[] bytes = new byte[4];

        SignalFile(int[] signals, List<Signal> all, int format, InputStream in, Path path) {
            this.signals = signals;
            this.format = format;
            this.in = in;
            this.path = path;
            this.perFrame = new int[signals.length];
            this.initial = new int[signals.length];
            for (int k = 0; k < signals.length; k++) {
                perFrame[k] = all.get(signals[k]).samplesPerFrame();
                initial[k] = all.get(signals[k]).initialValue();
            }
            this.previous = initial.clone();
        }

        /** Decodes up to {@code n} frames into {@code out[signal][at..]}, adding every sample to the checksums; returns how many it could. */
        int decode(int[][] out, int at, int n, int[] sums) throws IOException {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < signals.length; k++) {
                    long sum = 0;
                    for (int j = 0; j < perFrame[k]; j++) {
                        long v = next();
                        if (v == END) return i;
                        if (format == 8) {
                            v = previous[k] + v;
                            previous[k] = (int) v;
                        }
                        sums[signals[k]] += (int) v;
                        sum += v;
                    }
                    out[signals[k]][at + i] = perFrame[k] == 1 ? (int) sum : (int) Math.floorDiv(sum, perFrame[k]);
                }
            }
            return n;
        }

        private static final long END = Long.MIN_VALUE;

        /** The next stored value of the interleaved stream (for format 8, the next difference), or END. */
        private long next() throws IOException {
            switch (format) {
                case 8: { int b = in.read(); return b < 0 ? END : (byte) b; }
                case 80: { int b = in.read(); return b < 0 ? END : b - 128; }
                case 16: return fill(2) ? (short) le(2) : END;
                case 61: return fill(2) ? (short) (((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF)) : END;
                case 160: return fill(2) ? le(2) - 32768 : END;
                case 24: return fill(3) ? signExtend((int) le(3), 24) : END;
                case 32: return fill(4) ? le(4) : END;
                default: return packed();
            }
        }

        /** Formats 212 (2 × 12 bits in 3 bytes), 310 and 311 (3 × 10 bits in 4 bytes); a last partial group is read too. */
        private long packed() throws IOException {
            if (groupLeft > 0) {
                int v = group[group.length - groupLeft];
                groupLeft--;
                return v;
            }
            if (format == 212) {
                int got = in.readNBytes(bytes, 0, 3);
                if (got < 2) return END;
                int b0 = bytes[0] & 0xFF, b1 = bytes[1] & 0xFF, b2 = bytes[2] & 0xFF;
                group[1] = signExtend(b0 | ((b1 & 0x0F) << 8), 12);
                group[2] = signExtend(b2 | ((b1 & 0xF0) << 4), 12);
                groupLeft = got == 3 ? 1 : 0;
                return group[1];
            }
            int got = in.readNBytes(bytes, 0, 4);
            if (got < 2) return END;
            int b0 = bytes[0] & 0xFF, b1 = bytes[1] & 0xFF, b2 = bytes[2] & 0xFF, b3 = bytes[3] & 0xFF;
            if (format == 310) {
                int w0 = b0 | (b1 << 8), w1 = b2 | (b3 << 8);
                group[0] = signExtend((w0 >> 1) & 0x3FF, 10);
                group[1] = signExtend((w1 >> 1) & 0x3FF, 10);
                group[2] = signExtend(((w0 >> 11) & 0x1F) | (((w1 >> 11) & 0x1F) << 5), 10);
            } else {
                int w = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
                group[0] = signExtend(w & 0x3FF, 10);
                group[1] = signExtend((w >> 10) & 0x3FF, 10);
                group[2] = signExtend((w >> 20) & 0x3FF, 10);
            }
            groupLeft = got == 4 ? 2 : got >= 3 ? 1 : 0;
            return group[0];
        }

        private boolean fill(int k) throws IOException {
            return in.readNBytes(bytes, 0, k) == k;
        }

        /** The first {@code k} bytes, little-endian, unsigned (k = 4: as an int). */
        private long le(int k) {
            long v = 0;
            for (int i = k - 1; i >= 0; i--) v = (v << 8) | (bytes[i] & 0xFF);
            return k == 4 ? (int) v : v;
        }

        private static int signExtend(int v, int bits) {
            return (v << (32 - bits)) >> (32 - bits);
        }
    }

    /**
     * Where the matrix of a MATLAB v4 {@code .mat} file starts (after its 20-byte header and the variable's name), for a
     * header that names a {@code .mat} signal file without a byte offset; its element type must match the format.
     */
    static long matlabDataOffset(Path mat, int format) throws IOException {
        byte[] head = new byte[20];
        try (InputStream in = Files.newInputStream(mat)) {
            if (in.readNBytes(head, 0, 20) < 20) throw new IOException(mat + ": too short for a MATLAB v4 header (20 bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getInt(), rows = b.getInt(), cols = b.getInt(), imag = b.getInt(), nameLength = b.getInt();
        int machine = type / 1000, precision = type / 10 % 10;
        int expected = switch (format) { case 16 -> 3; case 32 -> 2; default -> -1; };
        if (machine != 0 || imag != 0 || nameLength <= 0 || nameLength > 64 || rows < 0 || cols < 0 || precision != expected) {
            throw new IOException(mat + ": not a little-endian MATLAB v4 matrix of " + (expected == 3 ? "int16" : expected == 2 ? "int32" : "format " + format)
                    + " (type code " + type + "); give the byte offset of the samples in the header's format field (e.g. " + format + "+24)");
        }
        return 20L + nameLength;
    }

    private static Signal parseSignal(String line, String where, Path hea) throws IOException {
        String[] f = line.split("\\s+", 9);
        if (f.length < 2) throw new IOException(where + ": a signal line needs at least a file name and a format, found '" + line + "'");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(?:x(\\d+))?(?::(-?\\d+))?(?:\\+(\\d+))?").matcher(f[1]);
        if (!m.matches()) throw new IOException(where + ": format field '" + f[1] + "': FORMAT[xSAMPLES][:SKEW][+OFFSET] expected");
        int format = parseInt(m.group(1), where, "format");
        if (!FORMATS.contains(format)) {
            throw new IOException(where + ": signal format " + format + " is not supported (" + FORMATS.stream().map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b).orElse("") + ")");
        }
        int perFrame = m.group(2) == null ? 1 : parseInt(m.group(2), where, "samples per frame");
        if (perFrame < 1) throw new IOException(where + ": " + perFrame + " samples per frame: at least 1 expected");
        if (m.group(3) != null && parseInt(m.group(3), where, "skew") != 0) {
            throw new IOException(where + ": skewed signals (" + f[1] + ") are not supported");
        }
        int offset = m.group(4) == null ? 0 : parseInt(m.group(4), where, "byte offset");
        double gain = 200;
        int baseline = 0;
        String units = "mV";
        boolean baselineGiven = false;
        if (f.length > 2) {
            String g = f[2];
            int slash = g.indexOf('/');
            if (slash >= 0) { units = g.substring(slash + 1); g = g.substring(0, slash); }
            int par = g.indexOf('(');
            if (par >= 0) {
                int close = g.indexOf(')', par);
                if (close < 0) throw new IOException(where + ": gain field '" + f[2] + "': GAIN(BASELINE)/UNITS expected");
                baseline = parseInt(g.substring(par + 1, close), where, "baseline");
                baselineGiven = true;
                g = g.substring(0, par);
            }
            gain = parseDouble(g, where, "gain");
            if (gain == 0) gain = 200; // WFDB: a gain of 0 means "not given", 200 per mV
        }
        int adcZero = f.length > 4 ? parseInt(f[4], where, "ADC zero") : 0;
        if (!baselineGiven) baseline = adcZero;
        int init = f.length > 5 ? parseInt(f[5], where, "initial value") : 0;
        int sum = f.length > 6 ? parseInt(f[6], where, "checksum") : 0;
        String desc = f.length > 8 ? f[8] : "";
        if (units.equalsIgnoreCase("uV")) gain /= 1000.0;  // normalise to ADC units per mV
        else if (units.equalsIgnoreCase("V")) gain *= 1000.0;
        return new Signal(f[0], format, offset, perFrame, gain, baseline, units, adcZero, init, sum, sum != 0, desc);
    }

    private static int parseInt(String s, String where, String field) throws IOException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IOException(where + ": " + field + " '" + s + "' is not a whole number");
        }
    }

    private static long parseLong(String s, String where, String field) throws IOException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException(where + ": " + field + " '" + s + "' is not a whole number");
        }
    }

    private static double parseDouble(String s, String where, String field) throws IOException {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IOException(where + ": " + field + " '" + s + "' is not a number");
        }
    }
}
