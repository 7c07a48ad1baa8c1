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
     * Writes a section of {@code report} (nothing when blank): a heading, the command that made it, date, machine and
     * run time, then {@code body}. A section made by the same command is replaced in place, so re-running a
     * benchmark updates its figures; other runs are appended. A new file starts with {@code preamble} (title and
     * protocol).
     */
    static void section(String report, String preamble, String heading, String command, ObjectNode json, double seconds, String body)
            throws IOException {
        if (report == null || report.isBlank()) return;
        Path rep = Path.of(report);
        String text = Files.exists(rep) ? Files.readString(rep) : preamble;
        String section = "\n## " + heading + "\n\n- Command: `" + command + "`\n- Date: " + json.get("date").asText()
                + "\n- Machine: " + json.get("machine").asText() + String.format(Locale.ROOT, "\n- Time: %.1f s\n\n", seconds) + body;
        int at = text.indexOf("\n- Command: `" + command + "`\n");
        if (at < 0) {
            Files.writeString(rep, text + section);
            return;
        }
        int start = text.lastIndexOf("\n## ", at);
        int end = text.indexOf("\n## ", at);
        Files.writeString(rep, text.substring(0, start) + section + (end < 0 ? "" : text.substring(end)));
    }
}
