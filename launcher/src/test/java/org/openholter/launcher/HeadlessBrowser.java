package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openholter.wire.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol from the test (the JDK's WebSocket client: no driver
 * to install): open a page, evaluate script in it, click where an element is, take a screenshot. Page errors are
 * collected so that a test can insist there are none.
 */
final class HeadlessBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    static boolean available() { return Files.isExecutable(CHROMIUM); }

    HeadlessBrowser(int width, int height) throws Exception {
        profile = Files.createTempDirectory("openholter-chromium");
        process = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String ws = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long until = System.currentTimeMillis() + 30_000;
        for (String line; ws == null && System.currentTimeMillis() < until && (line = err.readLine()) != null; ) {
            int at = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && at >= 0) ws = line.substring(at).trim();
        }
        if (ws == null) throw new IOException("Chromium did not open its DevTools port");
        Thread drain = new Thread(() -> { try { while (err.readLine() != null) { } } catch (IOException ignored) { } }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(ws);
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode t : targets) if (t.path("type").asText().equals("page")) page = t.path("webSocketDebuggerUrl").asText();
        if (page == null) throw new IOException("Chromium has no page");
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode m = Json.MAPPER.readTree(text.toString());
                        if (m.has("id")) {
                            CompletableFuture<JsonNode> f = waiting.remove(m.path("id").asInt());
                            if (f != null) f.complete(m);
                        } else if (m.path("method").asText().equals("Runtime.exceptionThrown")) {
                            errors.add(m.path("params").path("exceptionDetails").toString());
                        } else if (m.path("method").asText().equals("Log.entryAdded") && m.path("params").path("entry").path("level").asText().equals("error")) {
                            errors.add(m.path("params").path("entry").path("text").asText());
                        }
                    } catch (IOException ignored) {
                        // not JSON: nothing to do with it
                    }
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
        call("Page.enable", Map.of());
    }

    /** One DevTools command and its result. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        waiting.put(id, f);
        ObjectNode m = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        m.set("params", Json.MAPPER.valueToTree(params));
        socket.sendText(Json.MAPPER.writeValueAsString(m), true).get(10, TimeUnit.SECONDS);
        JsonNode r = f.get(30, TimeUnit.SECONDS);
        if (r.has("error")) throw new IOException(method + ": " + r.path("error"));
        return r.path("result");
    }

    void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a script expression in the page (promises awaited). */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IOException("script failed: " + r.path("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Waits until {@code expression} is true in the page; false when {@code timeoutMs} passed first. */
    boolean await(String expression, long timeoutMs) throws Exception {
        long until = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < until) {
            if (eval(expression).asBoolean(false)) return true;
            Thread.sleep(100);
        }
        return false;
    }

    /** A real mouse click in the middle of the first element matching {@code selector} (scrolled into view first). */
    void click(String selector) throws Exception {
        JsonNode box = eval("(() => { const e = document.querySelector(" + Json.MAPPER.writeValueAsString(selector)
                + "); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        for (String type : new String[] {"mousePressed", "mouseReleased"}) {
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", box.path("x").asDouble(), "y", box.path("y").asDouble(),
                    "button", "left", "clickCount", 1));
        }
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText()));
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser goes anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind
        }
    }
}
