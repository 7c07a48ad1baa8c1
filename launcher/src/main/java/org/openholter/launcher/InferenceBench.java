package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.core.config.Flags;
import org.openholter.core.delineation.OnnxDelineator;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.wire.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ./holter bench inference}: per-window latency (10 s at 250 Hz, normalisation and arg-max
 * included) of each shipped model, median and p99, at batch 1 and 32 on one and two threads.
 */
public final class InferenceBench {
    private InferenceBench() {}

    public static int run(String[] args) throws Exception {
        Flags f = new Flags("holter bench inference", "HOLTER_BENCH")
                .declare("model", "models/delineation/delineation.onnx", "ONNX model (its .json beside it gives the parameter count)")
                .declare("iterations", "300", "timed runs per setting")
                .declare("json", null, "write the result as JSON here")
                .parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        Path model = Path.of(f.get("model"));
        if (!Files.exists(model)) throw new IllegalArgumentException("--model " + model + " not found");
        int iterations = f.getInt("iterations", 10, 1_000_000);
        Path meta = Path.of(model.toString().replaceAll("\\.onnx$", ".json"));
        JsonNode m = Files.exists(meta) ? Json.MAPPER.readTree(meta.toFile()) : Json.MAPPER.createObjectNode();
        float[][] windows = new float[32][2500];
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:75@400"), NoiseSpec.NOISY, 250, new String[] {"II"}, 1, false, false);
        for (float[] w : windows) s.next(new float[][] {w}, 0, 2500);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode models = out.putObject("models");
        ObjectNode r = models.putObject(m.path("name").asText("delineation"));
        r.put("params", m.path("params").asLong(-1));
        for (int threads : new int[] {1, 2}) {
            try (OnnxDelineator d = new OnnxDelineator(model, threads)) {
                for (int batch : new int[] {1, 32}) {
                    float[][] in = Arrays.copyOf(windows, batch);
                    for (int i = 0; i < Math.max(20, iterations / 10); i++) d.label(in); // warm-up
                    double[] ms = new double[iterations];
                    for (int i = 0; i < iterations; i++) {
                        long t = System.nanoTime();
                        d.label(in);
                        ms[i] = (System.nanoTime() - t) / 1e6 / batch;
                    }
                    Arrays.sort(ms);
                    double med = ms[iterations / 2], p99 = ms[(int) Math.ceil(0.99 * iterations) - 1];
                    r.put("ms_per_window_b" + batch + "_t" + threads, med).put("p99_ms_per_window_b" + batch + "_t" + threads, p99);
                    System.out.printf(Locale.ROOT, "batch %2d, %d thread(s): %.3f ms per window (median), p99 %.3f ms%n", batch, threads, med, p99);
                }
            }
        }
        out.put("date", Instant.now().toString()).put("machine", PipelineBench.machine());
        String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out);
        System.out.println(text);
        if (f.get("json") != null) Files.writeString(Path.of(f.get("json")), text + "\n");
        return 0;
    }
}
