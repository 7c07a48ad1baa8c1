package org.openholter.core.records;

import org.openholter.core.wfdb.WfdbRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A WFDB record (header and signal files), streamed; channel names from the signal descriptions. */
public final class WfdbSource implements SignalSource {
    private final WfdbRecord.Header header;
    private final WfdbRecord.Reader reader;
    private final List<Channel> channels;

    public WfdbSource(Path record) throws IOException {
        this(record, false);
    }

    /** With {@code strict}, a checksum that does not match is an error rather than a warning. */
    public WfdbSource(Path record, boolean strict) throws IOException {
        this.header = WfdbRecord.header(record);
        this.reader = new WfdbRecord.Reader(header, strict);
        this.channels = channels(header.signals());
    }

    private static List<Channel> channels(List<WfdbRecord.Signal> signals) {
        return signals.stream().map(s -> new Channel(s.description(), s.gain(), s.baseline(), WfdbRecord.invalidValue(s.format()))).toList();
    }

    /** A record already read whole, as a source (the database benchmarks read each record once and play it). */
    public static SignalSource of(WfdbRecord r) {
        return of(r, 0, r.length(), -1);
    }

    /**
     * Samples {@code [from, to)} of a record already read whole, as a recording of its own starting at 0; only
     * {@code lead} when ≥ 0 (a single-lead recording), else every lead.
     */
    public static SignalSource of(WfdbRecord r, int from, int to, int lead) {
        if (from < 0 || to > r.length() || from > to) throw new IllegalArgumentException("excerpt [" + from + ", " + to + ") outside " + r.name() + " (" + r.length() + " samples)");
        if (lead >= r.signals().size()) throw new IllegalArgumentException(r.name() + " has " + r.signals().size() + " signals, no lead " + lead);
        List<Channel> all = channels(r.signals());
        List<Channel> channels = lead >= 0 ? List.of(all.get(lead)) : all;
        return new SignalSource() {
            private int pos = from;

            @Override public String name() { return r.name(); }
            @Override public double sampleRate() { return r.sampleRate(); }
            @Override public long length() { return to - from; }
            @Override public List<Channel> channels() { return channels; }
            @Override public void close() {}
            @Override public List<String> warnings() { return r.warnings(); }

            @Override
            public int read(int[][] out, int at, int max) {
                int n = Math.min(max, to - pos);
                for (int c = 0; c < channels.size(); c++) System.arraycopy(r.adc(lead >= 0 ? lead : c), pos, out[c], at, n);
                pos += n;
                return n;
            }
        };
    }

    @Override public String name() { return header.name(); }
    @Override public double sampleRate() { return header.sampleRate(); }
    @Override public long length() { return header.length(); }
    @Override public List<Channel> channels() { return channels; }
    @Override public int read(int[][] out, int at, int max) throws IOException { return reader.read(out, at, max); }
    @Override public List<String> warnings() { return reader.warnings(); }
    @Override public void close() throws IOException { reader.close(); }
}
