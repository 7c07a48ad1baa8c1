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

    public float millivolts(int signal, int i) {
        Signal s = signals.get(signal);
        return (float) ((adc[signal][i] - s.baseline()) / s.gain());
    }

    /** Reads {@code path} (with or without {@code .hea}). */
    public static WfdbRecord read(Path path) throws IOException {
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
        Map<String, List<Integer>> byFile = new LinkedHashMap<>();
        for (int i = 0; i < nsig; i++) byFile.computeIfAbsent(sigs.get(i).file(), f -> new ArrayList<>()).add(i);
        int[][] adc = new int[nsig][];
        for (Map.Entry<String, List<Integer>> e : byFile.entrySet()) {
            Path dat = hea.resolveSibling(e.getKey());
            if (!Files.exists(dat)) throw new NoSuchFileException(dat.toString(), null, "WFDB signal file not found");
            int format = sigs.get(e.getValue().get(0)).format();
            for (int s : e.getValue()) {
                if (sigs.get(s).format() != format) throw new IOException(dat + ": mixed formats in one file are not supported");
            }
            int[][] data = decode(Files.readAllBytes(dat), format, e.getValue().size(), nsamp, dat);
            for (int k = 0; k < e.getValue().size(); k++) adc[e.getValue().get(k)] = data[k];
        }
        for (int i = 0; i < nsig; i++) {
            Signal s = sigs.get(i);
            if (s.hasChecksum()) {
                int sum = 0;
                for (int v : adc[i]) sum += v;
                if ((short) sum != (short) s.checksum()) {
                    throw new IOException(hea + ": checksum of signal " + i + " (" + s.description() + ") is "
                            + (short) sum + ", header says " + s.checksum() + " - damaged or truncated signal file");
                }
            }
        }
        return new WfdbRecord(rec[0], fs, nsamp, sigs, adc);
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

    private static int[][] decode(byte[] b, int format, int nsig, long nsamp, Path dat) throws IOException {
        long available;
        switch (format) {
            case 16: available = b.length / (2L * nsig); break;
            case 80: available = b.length / (long) nsig; break;
            default: available = (b.length * 2L / 3) / nsig; break;
        }
        long n = nsamp < 0 ? available : nsamp;
        if (n > available) throw new IOException(dat + ": header says " + n + " samples, file holds " + available);
        int[][] out = new int[nsig][(int) n];
        switch (format) {
            case 16:
                for (int i = 0, p = 0; i < n; i++) {
                    for (int s = 0; s < nsig; s++, p += 2) out[s][i] = (short) ((b[p] & 0xFF) | (b[p + 1] << 8));
                }
                break;
            case 80:
                for (int i = 0, p = 0; i < n; i++) for (int s = 0; s < nsig; s++) out[s][i] = (b[p++] & 0xFF) - 128;
                break;
            default: // 212: pairs of 12-bit two's-complement values in 3 bytes, over the interleaved stream
                long total = n * nsig;
                for (long k = 0; k < total; k++) {
                    int p = (int) (k / 2 * 3);
                    int v = (k & 1) == 0 ? (b[p] & 0xFF) | ((b[p + 1] & 0x0F) << 8) : (b[p + 2] & 0xFF) | ((b[p + 1] & 0xF0) << 4);
                    if (v >= 2048) v -= 4096;
                    out[(int) (k % nsig)][(int) (k / nsig)] = v;
                }
        }
        return out;
    }
}
