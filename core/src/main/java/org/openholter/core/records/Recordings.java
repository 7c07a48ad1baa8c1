package org.openholter.core.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Opens a recorded file by its kind: {@code .npy} (NumPy), {@code .edf} / {@code .rec} (EDF, EDF+), else a WFDB record. */
public final class Recordings {
    /**
     * What a NumPy array does not say: its sample rate, the scale {@code mV = (value − zero) / gain}, whether it is
     * {@code (leads, samples)} rather than {@code (samples, leads)}, and the lead names.
     */
    public record ArrayOptions(double fs, double gain, double zero, boolean leadsFirst, List<String> leads) {
        public static final ArrayOptions NONE = new ArrayOptions(Double.NaN, 1, 0, false, List.of());
    }

    private Recordings() {}

    /** The record's name for output files: the file name without its extension. */
    public static String name(String path) {
        return Path.of(path).getFileName().toString().replaceAll("(?i)\\.(hea|npy|edf|rec)$", "");
    }

    public static SignalSource open(String path, ArrayOptions array) throws IOException {
        return open(path, array, false);
    }

    /** Opens a recording; with {@code strict}, a WFDB checksum that does not match is an error rather than a warning. */
    public static SignalSource open(String path, ArrayOptions array, boolean strict) throws IOException {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".npy")) {
            require(Path.of(path));
            return new NpySource(Path.of(path), array.fs(), array.gain(), array.zero(), array.leadsFirst(), array.leads());
        }
        if (lower.endsWith(".edf") || lower.endsWith(".rec")) {
            require(Path.of(path));
            return new EdfSource(Path.of(path));
        }
        Path record = Path.of(lower.endsWith(".hea") ? path.substring(0, path.length() - 4) : path);
        require(Path.of(record + ".hea"));
        return new WfdbSource(record, strict);
    }

    private static void require(Path p) throws NoSuchFileException {
        if (!Files.exists(p)) throw new NoSuchFileException(p.toString(), null, "recording not found");
    }
}
