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
        List<Channel> channels = channels(r.signals());
        return new SignalSource() {
            private int pos;

            @Override public String name() { return r.name(); }
            @Override public double sampleRate() { return r.sampleRate(); }
            @Override public long length() { return r.length(); }
            @Override public List<Channel> channels() { return channels; }
            @Override public void close() {}
            @Override public List<String> warnings() { return r.warnings(); }

            @Override
            public int read(int[][] out, int at, int max) {
                int n = Math.min(max, r.length() - pos);
                for (int c = 0; c < channels.size(); c++) System.arraycopy(r.adc(c), pos, out[c], at, n);
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
