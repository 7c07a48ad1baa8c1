package org.openholter.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.core.config.Flags;
import org.openholter.core.signal.PolyphaseResampler;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./holter bench holter}: a 24-h single-lead 250-Hz recording (the 48 MIT-BIH Arrhythmia records' first
 * signal, resampled and played one after the other, about 24 h; or the simulator's patient when that database is
 * absent) written as a WFDB record, then {@code ./holter analyze} on it in a child JVM: wall time, the analysis
 * time it reports, and the child's peak resident memory (VmHWM), which stays bounded because the record is streamed.
 */
public final class HolterBench {
    static final int FS = 250;
    static final long SAMPLES_24H = 24L * 3600 * FS;
    static final double GAIN = 200; // ADC units per mV, format 16

    private HolterBench() {}

    public static int run(String[] args) throws Exception {
        Flags f = new Flags("holter bench holter", "HOLTER_BENCH")
                .declare("mitdb", "data/mitdb", "MIT-BIH Arrhythmia folder the recording is made of (the simulator when absent)")
                .declare("work", "run/holter-bench", "folder for the 24-h record and the analysis outputs")
                .declare("analyzer", "layered", "analyzer of the timed run: layered, delineation or classic")
                .declare("heap", "1g", "maximum heap of the analysing JVM (-Xmx)")
                .declare("json", null, "write the result as JSON here")
                .declare("report", "", "write a Markdown report here (e.g. docs/benchmarks/holter.md)")
                .parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        String analyzer = f.getChoice("analyzer", "layered", "delineation", "classic");
        Path work = Path.of(f.get("work")), mitdb = Path.of(f.get("mitdb"));
        Files.createDirectories(work);
        Path record = work.resolve("holter24h");
        String source = Files.isDirectory(mitdb) && Files.exists(mitdb.resolve("100.hea")) ? "mitdb" : "simulator";
        if (!Files.exists(Path.of(record + ".hea")) || !Files.readString(Path.of(record + ".hea")).contains("# source " + source)) {
            System.out.println("building a 24-h record from " + source + " in " + record + " …");
            if (source.equals("mitdb")) fromMitdb(mitdb, record); else fromSimulator(record);
        }
        Path out = work.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + f.get("heap"),
                "-cp", System.getProperty("java.class.path"), HolterCli.class.getName(), "analyze", record.toString(),
                "--out", out.toString(), "--analyzer", analyzer, "--progress", "false"));
        System.out.println("timing: ./holter analyze " + record + " --analyzer " + analyzer + " (child JVM, -Xmx" + f.get("heap") + ")");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long peakKb = 0;
        StringBuilder said = new StringBuilder();
        Thread reader = new Thread(() -> {
            try { said.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)); } catch (IOException ignored) { }
        });
        reader.start();
        while (p.isAlive()) {
            peakKb = Math.max(peakKb, vmHwmKb(p.pid()));
            Thread.sleep(100);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        reader.join();
        if (p.exitValue() != 0) throw new IllegalStateException("analyze failed (exit " + p.exitValue() + "):\n" + said);
        var m = java.util.regex.Pattern.compile("in ([0-9.]+) s").matcher(said);
        double analysis = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        WfdbRecord.Header h = WfdbRecord.header(record);
        double hours = h.length() / (double) FS / 3600;
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("source", source).put("hours", hours).put("analyzer", analyzer).put("heap", f.get("heap"))
                .put("seconds_24h", wall).put("analysis_seconds", analysis).put("peak_rss_mb", peakKb / 1024.0)
                .put("realtime_factor", hours * 3600 / wall).put("date", Instant.now().toString()).put("machine", PipelineBench.machine());
        System.out.printf(Locale.ROOT, "%.1f h of ECG: %.1f s wall (analysis %.1f s), %.0f× real time, peak RSS %.0f MB%n",
                hours, wall, analysis, hours * 3600 / wall, peakKb / 1024.0);
        System.out.println(said.toString().strip());
        BenchOutput.json(f.get("json"), json);
        String command = "./holter bench holter --analyzer " + analyzer + (f.get("heap").equals("1g") ? "" : " --heap " + f.get("heap"))
                + (f.get("json") == null ? "" : " --json " + f.get("json"))
                + (f.get("report").isBlank() ? "" : " --report " + f.get("report"));
        BenchOutput.section(f.get("report"), "# Holter benchmark: 24 hours of ECG through `holter analyze`\n\n"
                        + "A 24-h single-lead 250-Hz WFDB record (the first signal of the 48 MIT-BIH Arrhythmia records, resampled to "
                        + "250 Hz and played one after the other; the simulator when that database is absent) is analysed by "
                        + "`./holter analyze` in a child JVM: the stream's own path (frames, 10-s windows, the analyzer, HRV, AF, "
                        + "every output file). Wall time includes the JVM start; peak RSS is the child's VmHWM. The record is "
                        + "streamed, never loaded whole; what grows with its length is the results kept for the output files "
                        + "(beats, codec runs, HRV rows). Target (issue 5): ≤ 60 s.\n",
                analyzer + " analyzer, " + source + ", heap " + f.get("heap"), command, json, wall, String.format(Locale.ROOT,
                        "| hours | wall | analysis | real time | peak RSS | heap limit |\n|---:|---:|---:|---:|---:|---:|\n"
                                + "| %.2f | %.1f s | %.1f s | %.0f× | %.0f MB | %s |\n", hours, wall, analysis, hours * 3600 / wall, peakKb / 1024.0, f.get("heap")));
        return 0;
    }

    private static long vmHwmKb(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended between the check and the read
        }
    }

    /** The 48 records' first signal at 250 Hz, concatenated (and repeated from the start if short) up to 24 h. */
    static void fromMitdb(Path mitdb, Path record) throws IOException {
        List<Path> recs;
        try (Stream<Path> s = Files.list(mitdb)) {
            recs = s.filter(x -> x.toString().endsWith(".hea")).sorted()
                    .map(x -> Path.of(x.toString().substring(0, x.toString().length() - 4))).toList();
        }
        if (recs.isEmpty()) throw new IllegalArgumentException(mitdb + ": no WFDB records");
        try (Writer w = new Writer(record, "mitdb: " + recs.size() + " records' first signal, resampled to 250 Hz")) {
            for (int k = 0; w.written < SAMPLES_24H; k = (k + 1) % recs.size()) {
                WfdbRecord.Header h = WfdbRecord.header(recs.get(k));
                PolyphaseResampler rs = new PolyphaseResampler((int) Math.round(h.sampleRate()), FS);
                int ch = h.signals().size(), block = 3600;
                int[][] buf = new int[ch][block];
                float[] mv = new float[block];
                float[] res = new float[rs.outputsFor(block) + 64];
                WfdbRecord.Signal s0 = h.signals().get(0);
                try (WfdbRecord.Reader r = new WfdbRecord.Reader(h)) {
                    int n;
                    while ((n = r.read(buf, 0, block)) > 0 && w.written < SAMPLES_24H) {
                        for (int i = 0; i < n; i++) mv[i] = (float) ((buf[0][i] - s0.baseline()) / s0.gain());
                        int m = rs.process(mv, 0, n, res, 0);
                        w.write(res, m);
                    }
                }
            }
        }
    }

    /** The simulator's patient (sinus with ectopy, AF and the rest of the mixed ward's rhythms), 24 h. */
    static void fromSimulator(Path record) throws IOException {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:70@1800,pvc:75@1800,af:95@1800,sinus:110@600,sinus:60@1200"),
                NoiseSpec.NOISY, FS, new String[] {"II"}, 24, true, false);
        try (Writer w = new Writer(record, "simulator: looped mixed scenario")) {
            float[][] x = new float[1][FS * 60];
            while (w.written < SAMPLES_24H) {
                s.next(x, 0, x[0].length);
                w.write(x[0], x[0].length);
            }
        }
    }

    /** Writes a one-signal format-16 WFDB record, streaming, with its checksum in the header. */
    private static final class Writer implements AutoCloseable {
        private final Path record;
        private final String source;
        private final OutputStream dat;
        long written;
        private int sum;

        Writer(Path record, String source) throws IOException {
            this.record = record;
            this.source = source;
            this.dat = new BufferedOutputStream(Files.newOutputStream(Path.of(record + ".dat")), 1 << 16);
        }

        void write(float[] mv, int n) throws IOException {
            for (int i = 0; i < n && written < SAMPLES_24H; i++, written++) {
                int v = (int) Math.max(Short.MIN_VALUE + 1, Math.min(Short.MAX_VALUE, Math.round(mv[i] * GAIN)));
                sum += v;
                dat.write(v & 0xFF);
                dat.write((v >> 8) & 0xFF);
            }
        }

        @Override
        public void close() throws IOException {
            dat.close();
            String name = record.getFileName().toString();
            Files.writeString(Path.of(record + ".hea"), String.format(Locale.ROOT,
                    "%s 1 %d %d\n%s.dat 16 %.0f 16 0 0 %d 0 ECG\n# source %s\n# %s\n", name, FS, written, name, GAIN, (short) sum,
                    source.startsWith("mitdb") ? "mitdb" : "simulator", source));
        }
    }
}
