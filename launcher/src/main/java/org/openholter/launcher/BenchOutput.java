package org.openholter.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.wire.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Where the database benchmarks write: the JSON of one run, and a Markdown report that collects runs as sections. */
final class BenchOutput {
    private BenchOutput() {}

    static void json(String file, ObjectNode json) throws IOException {
        if (file != null) Files.writeString(Path.of(file), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    /**
     * Appends a section to {@code report} (nothing when blank): a heading, the command that made it, date, machine and
     * run time, then {@code body}. A new file starts with {@code preamble} (title and protocol).
     */
    static void section(String report, String preamble, String heading, String command, ObjectNode json, double seconds, String body)
            throws IOException {
        if (report == null || report.isBlank()) return;
        Path rep = Path.of(report);
        String head = Files.exists(rep) ? Files.readString(rep) : preamble;
        Files.writeString(rep, head + "\n## " + heading + "\n\n- Command: `" + command + "`\n- Date: " + json.get("date").asText()
                + "\n- Machine: " + json.get("machine").asText() + String.format(Locale.ROOT, "\n- Time: %.1f s\n\n", seconds) + body);
    }
}
