package org.openholter.core.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WFDB record: header ({@code .hea}) and signals (formats 16, 212 and 80), with ADC values as
 * stored; {@code mV = (adc - baseline) / gain}. Header lines may end in CR LF; gains may carry a
 * baseline and units ({@code 200(1024)/mV}); a signal's checksum is verified when present.
 */
public final class WfdbRecord {
    /** One signal's header fields. */
    public record Signal(String file, int format, double gain, int baseline, String units, int adcZero, int initialValue,
                         int checksum, boolean hasChecksum, String description) {}

    private final String name;
    private final double fs;
    private final long samples;
    private final List<Signal> signals;
    private final int[][] adc;

    private WfdbRecord(String name, double fs, long samples, List<Signal> signals, int[][] adc) {
        this.name = name;
        this.fs = fs;
        this.samples = samples;
        this.signals = signals;
        this.adc = adc;
    }

    public String name() { return name; }
    public double sampleRate() { return fs; }
    public int length() { return adc.length == 0 ? 0 : adc[0].length; }
    public List<Signal> signals() { return signals; }
    public int[] adc(int signal) { return adc[signal]; }

    /** The value a signal format reserves for an invalid (absent) sample: WFDB's −32768 (16), −2048 (212), −128 (80). */
    public static int invalidValue(int format) {
        return switch (format) {
            case 16 -> Short.MIN_VALUE;
            case 212 -> -2048;
            case 80 -> -128;
            default -> org.openholter.core.records.SignalSource.Channel.NO_INVALID;
        };
    }

    public float millivolts(int signal, int i) {
        Signal s = signals.get(signal);
        return (float) ((adc[signal][i] - s.baseline()) / s.gain());
    }

    /** A record's header: what {@link Reader} streams. */
    public record Header(String name, double sampleRate, long length, List<Signal> signals, Path hea) {}

    /** Reads {@code path} (with or without {@code .hea}) whole. */
    public static WfdbRecord read(Path path) throws IOException {
        Header h = header(path);
        if (h.length() < 0) throw new IOException(h.hea() + ": the header gives no sample count");
        if (h.length() > Integer.MAX_VALUE) throw new IOException(h.hea() + ": " + h.length() + " samples: too long to read whole; stream it");
        int n = (int) h.length();
        int[][] adc = new int[h.signals().size()][n];
        try (Reader r = new Reader(h)) {
            int got = 0;
            while (got < n) {
                int k = r.read(adc, got, n - got);
                if (k == 0) break;
                got += k;
            }
        }
        return new WfdbRecord(h.name(), h.sampleRate(), n, h.signals(), adc);
    }

    /** Reads the header of {@code path} (with or without {@code .hea}). */
    public static Header header(Path path) throws IOException {
        Path hea = path.toString().endsWith(".hea") ? path : Path.of(path + ".hea");
        if (!Files.exists(hea)) throw new NoSuchFileException(hea.toString(), null, "WFDB header not found");
        List<String> lines = new ArrayList<>();
        for (String l : Files.readString(hea, java.nio.charset.StandardCharsets.ISO_8859_1).split("\r?\n|\r")) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("#")) lines.add(t);
        }
        if (lines.isEmpty()) throw new IOException(hea + ": empty header");
        String[] rec = lines.get(0).split("\\s+");
        if (rec.length < 2) throw new IOException(hea + ": record line needs a name and a signal count: " + lines.get(0));
        if (rec[0].contains("/")) throw new IOException(hea + ": multi-segment records are not supported yet");
        int nsig = Integer.parseInt(rec[1]);
        double fs = rec.length > 2 ? Double.parseDouble(rec[2].split("[/(]")[0]) : 250;
        long nsamp = rec.length > 3 ? Long.parseLong(rec[3]) : -1;
        if (lines.size() < nsig + 1) throw new IOException(hea + ": " + nsig + " signals announced, " + (lines.size() - 1) + " described");
        List<Signal> sigs = new ArrayList<>();
        for (int i = 0; i < nsig; i++) sigs.add(parseSignal(lines.get(i + 1), hea));
        return new Header(rec[0], fs, nsamp, List.copyOf(sigs), hea);
    }

    /**
     * Streams a record's samples in blocks, in bounded memory (a 24-h Holter file need not fit in memory), checking
     * the length and the checksums of the header once the end is reached.
     */
    public static final class Reader implements AutoCloseable {
        private final Header header;
        private final List<SignalFile> files = new ArrayList<>();
        private final int[] sums;
        private long done;

        /** One signal file: its signals (indices into the header) and its decoder. */
        private static final class SignalFile {
            final int[] signals;
            final int format;
            final java.io.InputStream in;
            final Path path;
            int pending = Integer.MIN_VALUE; // format 212: the second value of a pair already read

            SignalFile(int[] signals, int format, java.io.InputStream in, Path path) {
                this.signals = signals;
                this.format = format;
                this.in = in;
                this.path = path;
            }
        }

        public Reader(Header h) throws IOException {
            this.header = h;
            this.sums = new int[h.signals().size()];
            Map<String, List<Integer>> byFile = new LinkedHashMap<>();
            for (int i = 0; i < h.signals().size(); i++) byFile.computeIfAbsent(h.signals().get(i).file(), f -> new ArrayList<>()).add(i);
            try {
                for (Map.Entry<String, List<Integer>> e : byFile.entrySet()) {
                    Path dat = h.hea().resolveSibling(e.getKey());
                    if (!Files.exists(dat)) throw new NoSuchFileException(dat.toString(), null, "WFDB signal file not found");
                    int format = h.signals().get(e.getValue().get(0)).format();
                    for (int s : e.getValue()) {
                        if (h.signals().get(s).format() != format) throw new IOException(dat + ": mixed formats in one file are not supported");
                    }
                    files.add(new SignalFile(e.getValue().stream().mapToInt(Integer::intValue).toArray(), format,
                            new java.io.BufferedInputStream(Files.newInputStream(dat), 1 << 16), dat));
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        public Header header() { return header; }

        /**
         * Reads up to {@code max} samples of every signal into {@code out[signal][at..]}; returns how many (0 at the
         * end). At the end, a file shorter than the header says, or a checksum that does not match, is an error.
         */
        public int read(int[][] out, int at, int max) throws IOException {
            long left = header.length() < 0 ? Long.MAX_VALUE : header.length() - done;
            int want = (int) Math.min(max, left);
            int got = want;
            for (SignalFile f : files) got = Math.min(got, decode(f, out, at, want));
            for (int s = 0; s < sums.length; s++) for (int i = 0; i < got; i++) sums[s] += out[s][at + i];
            done += got;
            if (got < want && header.length() >= 0) {
                throw new IOException(header.hea() + ": header says " + header.length() + " samples, the signal file holds " + done);
            }
            if (got == 0 || done == header.length()) checkSums();
            return got;
        }

        private boolean checked;

        private void checkSums() throws IOException {
            if (checked) return;
            checked = true;
            for (int i = 0; i < sums.length; i++) {
                Signal s = header.signals().get(i);
                if (s.hasChecksum() && (short) sums[i] != (short) s.checksum()) {
                    throw new IOException(header.hea() + ": checksum of signal " + i + " (" + s.description() + ") is "
                            + (short) sums[i] + ", header says " + s.checksum() + " - damaged or truncated signal file");
                }
            }
        }

        /** Decodes up to {@code n} sample frames of one file; returns how many it could. */
        private static int decode(SignalFile f, int[][] out, int at, int n) throws IOException {
            int nsig = f.signals.length;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < nsig; k++) {
                    int v;
                    switch (f.format) {
                        case 16: {
                            int lo = f.in.read(), hi = f.in.read();
                            if (hi < 0) return i;
                            v = (short) (lo | (hi << 8));
                            break;
                        }
                        case 80: {
                            int b = f.in.read();
                            if (b < 0) return i;
                            v = b - 128;
                            break;
                        }
                        default: { // 212: two 12-bit two's-complement values in 3 bytes, over the interleaved stream
                            if (f.pending != Integer.MIN_VALUE) {
                                v = f.pending;
                                f.pending = Integer.MIN_VALUE;
                            } else {
                                int b0 = f.in.read(), b1 = f.in.read();
                                if (b1 < 0) return i;
                                int b2 = f.in.read();
                                v = b0 | ((b1 & 0x0F) << 8);
                                if (b2 >= 0) {
                                    int w = b2 | ((b1 & 0xF0) << 4);
                                    f.pending = w >= 2048 ? w - 4096 : w;
                                }
                            }
                            if (v >= 2048) v -= 4096;
                        }
                    }
                    out[f.signals[k]][at + i] = v;
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            for (SignalFile f : files) f.in.close();
        }
    }

    private static Signal parseSignal(String line, Path hea) throws IOException {
        String[] f = line.split("\\s+", 9);
        if (f.length < 2) throw new IOException(hea + ": bad signal line: " + line);
        String fmtField = f[1].split("[x:+]")[0];
        int format = Integer.parseInt(fmtField);
        if (format != 16 && format != 212 && format != 80) {
            throw new IOException(hea + ": signal format " + format + " is not supported (16, 212, 80)");
        }
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
                baseline = Integer.parseInt(g.substring(par + 1, g.indexOf(')')));
                baselineGiven = true;
                g = g.substring(0, par);
            }
            gain = Double.parseDouble(g);
            if (gain == 0) gain = 200;
        }
        int adcZero = f.length > 4 ? Integer.parseInt(f[4]) : 0;
        if (!baselineGiven) baseline = adcZero;
        int init = f.length > 5 ? Integer.parseInt(f[5]) : 0;
        boolean hasSum = f.length > 6;
        int sum = hasSum ? Integer.parseInt(f[6]) : 0;
        String desc = f.length > 8 ? f[8] : "";
        if (units.equalsIgnoreCase("uV")) gain /= 1000.0;  // normalise to ADC units per mV
        else if (units.equalsIgnoreCase("V")) gain *= 1000.0;
        return new Signal(f[0], format, gain, baseline, units, adcZero, init, sum, hasSum, desc);
    }
}
