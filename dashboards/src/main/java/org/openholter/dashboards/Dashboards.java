package org.openholter.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the Grafana dashboards and lists every query they run (panel targets, template variables,
 * annotations), so that a test can run each one against a real InfluxDB, with Grafana's macros
 * replaced the way Grafana replaces them.
 */
public final class Dashboards {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");

    /** Where a query comes from. */
    public enum Kind { PANEL, VARIABLE, ANNOTATION }

    /** One query with its origin. */
    public record Query(String dashboard, Kind kind, String title, String refId, String text, boolean raw) {
        @Override
        public String toString() {
            return dashboard + " / " + kind + " '" + title + "'" + (refId == null ? "" : " " + refId);
        }
    }

    /** One dashboard file. */
    public record Dashboard(Path file, JsonNode json) {
        public String uid() { return json.path("uid").asText(); }
        public List<String> variables() {
            List<String> out = new ArrayList<>();
            json.path("templating").path("list").forEach(v -> out.add(v.path("name").asText()));
            return out;
        }
    }

    private Dashboards() {}

    /** The dashboards folder of a source checkout. */
    public static Path directory(Path projectRoot) {
        return projectRoot.resolve("dashboards").resolve("grafana").resolve("dashboards");
    }

    public static List<Dashboard> load(Path dir) throws IOException {
        List<Dashboard> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Dashboard(p, MAPPER.readTree(p.toFile())));
            }
        }
        if (out.isEmpty()) throw new IOException("no dashboards in " + dir);
        return out;
    }

    public static List<Query> queries(Dashboard d) {
        List<Query> out = new ArrayList<>();
        String name = d.file().getFileName().toString();
        for (JsonNode v : d.json().path("templating").path("list")) {
            out.add(new Query(name, Kind.VARIABLE, v.path("name").asText(), null, v.path("query").asText(), true));
        }
        for (JsonNode a : d.json().path("annotations").path("list")) {
            if (a.has("query")) out.add(new Query(name, Kind.ANNOTATION, a.path("name").asText(), null, a.path("query").asText(), true));
        }
        for (JsonNode p : d.json().path("panels")) {
            for (JsonNode t : p.path("targets")) {
                out.add(new Query(name, Kind.PANEL, p.path("title").asText(), t.path("refId").asText(),
                        t.path("query").asText(), t.path("rawQuery").asBoolean(false)));
            }
        }
        return out;
    }

    /** Variables a query refers to (Grafana's built-in macros excluded). */
    public static List<String> referencedVariables(String query) {
        List<String> out = new ArrayList<>();
        Matcher m = VARIABLE.matcher(query);
        while (m.find()) {
            String v = m.group(1);
            if (!v.equals("timeFilter") && !v.startsWith("__")) out.add(v);
        }
        return out;
    }

    /**
     * Replaces Grafana's macros: {@code $timeFilter} by the given time condition, {@code $__interval}
     * by the given interval, and {@code $var} / {@code ${var}} by the variable's value (regex-escaped, as
     * Grafana does for values inside {@code /^...$/}).
     */
    public static String render(String query, String timeFilter, String interval, Map<String, String> values) {
        String q = query.replace("$timeFilter", timeFilter).replace("$__interval", interval);
        Matcher m = VARIABLE.matcher(q);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) throw new IllegalArgumentException("no value for $" + m.group(1) + " in " + query);
            m.appendReplacement(b, Matcher.quoteReplacement(v.replaceAll("([.\\-+*?^$()\\[\\]{}|\\\\/])", "\\\\$1")));
        }
        m.appendTail(b);
        return b.toString();
    }
}
