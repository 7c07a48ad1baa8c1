package org.openholter.core.records;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array of ECG: shape {@code (samples,)} for one lead or {@code (samples, leads)} (C order, one
 * row per sample, as {@code np.stack(leads, axis=1)} makes it); {@code (leads, samples)} with {@code leadsFirst}.
 * Types {@code i1 i2 i4 i8 u1 u2 f4 f8}, little- or big-endian. The file carries no rate or scale, so they are given:
 * the sample rate, and ECGomics' precision parameters {@code mV = (value − zero) / gain}. Floating-point values are
 * taken as they are scaled (the default gain 1, zero 0: values in mV) and kept to 1 µV.
 */
public final class NpySource implements SignalSource {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([iuf])(\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** ADC units per mV of the integers this source hands out for floating-point files (1 µV resolution). */
    static final double FLOAT_GAIN = 1000;

    private final String name;
    private final double fs;
    private final FileChannel ch;
    private final long dataStart, samples;
    private final int leads, itemSize;
    private final char kind;
    private final ByteOrder order;
    private final boolean leadsFirst;
    private final double gain, zero;
    private final List<Channel> channels;
    private long pos;

    /**
     * @param leadNames names of the leads (empty: {@code II} for one lead, else {@code L1}, {@code L2} …)
     */
    public NpySource(Path file, double fs, double gain, double zero, boolean leadsFirst, List<String> leadNames) throws IOException {
        if (!(fs > 0)) throw new IllegalArgumentException(file + ": a .npy file needs its sample rate (--fs)");
        if (gain == 0 || Double.isNaN(gain)) throw new IllegalArgumentException(file + ": --gain must be a non-zero number");
        this.name = file.getFileName().toString().replaceAll("\\.npy$", "");
        this.fs = fs;
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            head.flip();
            byte[] magic = new byte[6];
            if (head.remaining() < 10) throw new IOException(file + ": not a .npy file (too short for its header: expected NumPy's \\x93NUMPY format)");
            head.get(magic);
            if (!new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY") || (magic[0] & 0xFF) != 0x93) {
                throw new IOException(file + ": not a .npy file (it begins '" + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?")
                        + "', expected NumPy's \\x93NUMPY)");
            }
            int major = head.get() & 0xFF;
            head.get();
            long hlen = major == 1 ? head.getShort() & 0xFFFF : head.getInt() & 0xFFFFFFFFL;
            long hstart = major == 1 ? 10 : 12;
            ByteBuffer h = ByteBuffer.allocate((int) hlen);
            ch.read(h, hstart);
            String dict = new String(h.array(), StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(dict), fo = FORTRAN.matcher(dict), sh = SHAPE.matcher(dict);
            if (!d.find() || !fo.find() || !sh.find()) throw new IOException(file + ": .npy header " + dict.strip() + ": expected its 'descr', 'fortran_order' and 'shape' keys");
            this.kind = d.group(2).charAt(0);
            this.itemSize = Integer.parseInt(d.group(3));
            this.order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            boolean ok = kind == 'f' ? itemSize == 4 || itemSize == 8 : itemSize == 1 || itemSize == 2 || itemSize == 4 || (kind == 'i' && itemSize == 8);
            if (!ok) throw new IOException(file + ": element type " + d.group(2) + d.group(3) + " is not supported (i1 i2 i4 i8 u1 u2 u4 f4 f8)");
            if (fo.group(1).equals("True")) throw new IOException(file + ": Fortran-order arrays are not supported: save with np.ascontiguousarray");
            List<Long> dims = new ArrayList<>();
            for (String s : sh.group(1).split(",")) if (!s.isBlank()) dims.add(Long.parseLong(s.strip()));
            if (dims.size() == 1) { leadsFirst = false; dims.add(1L); }
            if (dims.size() != 2) throw new IOException(file + ": shape " + dims + ": expected (samples,) or (samples, leads)");
            this.leadsFirst = leadsFirst;
            this.samples = leadsFirst ? dims.get(1) : dims.get(0);
            this.leads = (int) (long) (leadsFirst ? dims.get(0) : dims.get(1));
            if (leads < 1 || leads > 12) {
                throw new IOException(file + ": " + leads + " leads in shape " + dims + " (1–12; is the array (leads, samples)? then use --layout leads-samples)");
            }
            this.dataStart = hstart + hlen;
            long expected = dataStart + samples * leads * itemSize;
            if (ch.size() < expected) throw new IOException(file + ": holds " + ch.size() + " bytes, its header announces " + expected);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.gain = gain;
        this.zero = zero;
        List<Channel> cs = new ArrayList<>();
        for (int c = 0; c < leads; c++) {
            String n = c < leadNames.size() ? leadNames.get(c) : leads == 1 ? "II" : "L" + (c + 1);
            // Integers pass as they are with the given scale; floats become µV-resolution integers of 0 mV at 0.
            cs.add(kind == 'f' ? new Channel(n, FLOAT_GAIN, 0, Channel.NO_INVALID + 1) : new Channel(n, gain, (int) Math.round(zero)));
        }
        this.channels = List.copyOf(cs);
    }

    @Override public String name() { return name; }
    @Override public double sampleRate() { return fs; }
    @Override public long length() { return samples; }
    @Override public List<Channel> channels() { return channels; }

    @Override
    public int read(int[][] out, int at, int max) throws IOException {
        int n = (int) Math.min(max, samples - pos);
        if (n <= 0) return 0;
        if (leadsFirst) {
            for (int c = 0; c < leads; c++) {
                ByteBuffer b = fill(dataStart + (c * samples + pos) * itemSize, n * itemSize);
                for (int i = 0; i < n; i++) out[c][at + i] = value(b);
            }
        } else {
            ByteBuffer b = fill(dataStart + pos * leads * itemSize, n * leads * itemSize);
            for (int i = 0; i < n; i++) for (int c = 0; c < leads; c++) out[c][at + i] = value(b);
        }
        pos += n;
        return n;
    }

    private ByteBuffer fill(long offset, int bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(order);
        while (b.hasRemaining()) {
            int r = ch.read(b, offset + b.position());
            if (r < 0) throw new IOException(name + ".npy: ends early");
        }
        b.flip();
        return b;
    }

    private int value(ByteBuffer b) {
        double v;
        if (kind == 'f') {
            v = itemSize == 4 ? b.getFloat() : b.getDouble();
            if (Double.isNaN(v)) return Channel.NO_INVALID + 1; // no sample here: the frame flags the channel off
            double mv = (v - zero) / gain;
            return (int) Math.max(Integer.MIN_VALUE + 2, Math.min(Integer.MAX_VALUE, Math.round(mv * FLOAT_GAIN)));
        }
        long x = switch (itemSize) {
            case 1 -> kind == 'u' ? b.get() & 0xFF : b.get();
            case 2 -> kind == 'u' ? b.getShort() & 0xFFFF : b.getShort();
            case 4 -> kind == 'u' ? b.getInt() & 0xFFFFFFFFL : b.getInt();
            default -> b.getLong();
        };
        return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, x));
    }

    @Override
    public void close() throws IOException { ch.close(); }
}
