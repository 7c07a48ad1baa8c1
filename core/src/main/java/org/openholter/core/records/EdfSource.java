package org.openholter.core.records;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An EDF or continuous EDF+ ({@code EDF+C}) file: 16-bit samples in data records. The ECG channels are those whose
 * label names an ECG lead ({@code ECG}, {@code EKG}, {@code I}, {@code II}, {@code V1} …) and that share the first of
 * them's rate; without such labels, every ordinary channel at the most common rate. The annotation channel of EDF+
 * and channels at other rates (respiration, SpO2 …) are skipped. Physical ranges in µV, mV or V become the channel's
 * gain and zero. Discontinuous EDF+ ({@code EDF+D}) is refused: its records are not back to back in time.
 */
public final class EdfSource implements SignalSource {
    private final String name;
    private final InputStream in;
    private final int records, perRecord, signals;
    private final int[] samplesPerRecord, picked;
    private final double fs;
    private final List<Channel> channels;
    private final short[][] record;   // the current data record, per picked channel
    private int recordIndex, inRecord;

    public EdfSource(Path file) throws IOException {
        this.name = file.getFileName().toString().replaceAll("(?i)\\.(edf|rec)$", "");
        byte[] fixed = new byte[256];
        try (InputStream h = Files.newInputStream(file)) {
            if (h.readNBytes(fixed, 0, 256) < 256) throw new IOException(file + ": not an EDF file (shorter than its header)");
        }
        String version = text(fixed, 0, 8);
        if (!version.equals("0")) throw new IOException(file + ": not an EDF file (version field '" + version + "', expected '0')");
        String reserved = text(fixed, 192, 44);
        if (reserved.startsWith("EDF+D")) throw new IOException(file + ": discontinuous EDF+ (EDF+D) is not supported");
        int headerBytes = integer(fixed, 184, 8, file, "header size");
        int nRecords = integer(fixed, 236, 8, file, "number of data records");
        double duration = number(fixed, 244, 8, file, "data record duration");
        this.signals = integer(fixed, 252, 4, file, "number of signals");
        if (signals < 1 || headerBytes != 256 * (signals + 1)) throw new IOException(file + ": header size " + headerBytes + " bytes for " + signals + " signals: expected 256 × (signals + 1) = " + 256 * (Math.max(0, signals) + 1));
        byte[] sh = new byte[256 * signals];
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.skipNBytes(256);
            if (in.readNBytes(sh, 0, sh.length) < sh.length) throw new IOException(file + ": header ends early");
            String[] label = new String[signals], unit = new String[signals];
            double[] pmin = new double[signals], pmax = new double[signals];
            int[] dmin = new int[signals], dmax = new int[signals];
            samplesPerRecord = new int[signals];
            for (int s = 0; s < signals; s++) {
                label[s] = text(sh, s * 16, 16);
                unit[s] = text(sh, signals * 96 + s * 8, 8);
                pmin[s] = number(sh, signals * 104 + s * 8, 8, file, "physical minimum");
                pmax[s] = number(sh, signals * 112 + s * 8, 8, file, "physical maximum");
                dmin[s] = integer(sh, signals * 120 + s * 8, 8, file, "digital minimum");
                dmax[s] = integer(sh, signals * 128 + s * 8, 8, file, "digital maximum");
                samplesPerRecord[s] = integer(sh, signals * 216 + s * 8, 8, file, "samples per data record");
            }
            this.picked = pick(label, samplesPerRecord);
            if (picked.length == 0) throw new IOException(file + ": no ECG channel among " + String.join(", ", label));
            if (picked.length > 12) throw new IOException(file + ": " + picked.length + " ECG channels (12 at most)");
            this.perRecord = samplesPerRecord[picked[0]];
            this.fs = perRecord / duration;
            int recordBytes = 0;
            for (int n : samplesPerRecord) recordBytes += 2 * n;
            long dataBytes = Files.size(file) - headerBytes;
            this.records = nRecords >= 0 ? nRecords : (int) (dataBytes / recordBytes);
            if ((long) records * recordBytes > dataBytes) {
                throw new IOException(file + ": " + records + " data records announced, the file holds " + dataBytes / recordBytes);
            }
            List<Channel> cs = new ArrayList<>();
            for (int s : picked) {
                double perUnit = (dmax[s] - dmin[s]) / (pmax[s] - pmin[s]);
                double perMv = switch (unit[s].toLowerCase(Locale.ROOT)) {
                    case "uv", "µv" -> perUnit * 1000;
                    case "v" -> perUnit / 1000;
                    case "mv" -> perUnit;
                    default -> throw new IOException(file + ": channel " + label[s] + " is in '" + unit[s] + "', not uV, mV or V");
                };
                String lead = label[s].replaceAll("(?i)^(ECG|EKG)\\s*", "").replaceAll("[^A-Za-z0-9_.+-]", "");
                cs.add(new Channel(lead.isEmpty() ? "ECG" : lead, perMv, (int) Math.round(dmin[s] - pmin[s] * perUnit)));
            }
            this.channels = List.copyOf(cs);
            this.record = new short[picked.length][perRecord];
            this.inRecord = perRecord; // nothing read yet
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Indices of the ECG channels: named leads at the first one's rate, else all ordinary channels at the most common rate. */
    static int[] pick(String[] label, int[] perRecord) {
        List<Integer> ecg = new ArrayList<>();
        for (int s = 0; s < label.length; s++) {
            boolean named = org.openholter.core.signal.ChannelKind.namesEcgLead(label[s]);
            if (named && (ecg.isEmpty() || perRecord[s] == perRecord[ecg.get(0)])) ecg.add(s);
        }
        if (ecg.isEmpty()) {
            java.util.Map<Integer, Integer> count = new java.util.HashMap<>();
            for (int s = 0; s < label.length; s++) if (!label[s].equals("EDF Annotations")) count.merge(perRecord[s], 1, Integer::sum);
            int rate = count.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse(-1);
            for (int s = 0; s < label.length; s++) if (!label[s].equals("EDF Annotations") && perRecord[s] == rate) ecg.add(s);
        }
        return ecg.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override public String name() { return name; }
    @Override public double sampleRate() { return fs; }
    @Override public long length() { return (long) records * perRecord; }
    @Override public List<Channel> channels() { return channels; }

    @Override
    public int read(int[][] out, int at, int max) throws IOException {
        int got = 0;
        while (got < max) {
            if (inRecord == perRecord) {
                if (recordIndex == records) break;
                nextRecord();
            }
            int n = Math.min(max - got, perRecord - inRecord);
            for (int c = 0; c < picked.length; c++) for (int i = 0; i < n; i++) out[c][at + got + i] = record[c][inRecord + i];
            inRecord += n;
            got += n;
        }
        return got;
    }

    private void nextRecord() throws IOException {
        int k = 0;
        for (int s = 0; s < signals; s++) {
            boolean keep = k < picked.length && picked[k] == s;
            byte[] b = in.readNBytes(2 * samplesPerRecord[s]);
            if (b.length < 2 * samplesPerRecord[s]) throw new IOException(name + ": data record " + recordIndex + " ends early");
            if (keep) {
                for (int i = 0; i < samplesPerRecord[s]; i++) record[k][i] = (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
                k++;
            }
        }
        recordIndex++;
        inRecord = 0;
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII).strip();
    }

    private static int integer(byte[] b, int off, int len, Path file, String what) throws IOException {
        try {
            return Integer.parseInt(text(b, off, len));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": header field " + what + " '" + text(b, off, len) + "': expected a whole number");
        }
    }

    private static double number(byte[] b, int off, int len, Path file, String what) throws IOException {
        try {
            return Double.parseDouble(text(b, off, len));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": header field " + what + " '" + text(b, off, len) + "': expected a number");
        }
    }

    @Override
    public void close() throws IOException { in.close(); }
}
