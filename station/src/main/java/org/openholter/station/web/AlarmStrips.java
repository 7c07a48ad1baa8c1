package org.openholter.station.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.openholter.wire.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Each alarm's strip as it was at the raise, kept on disk (one gzip JSON file per alarm) so that it outlives a restart
 * of the station; files older than the retention are removed. Written whole to a temporary file and then renamed:
 * a crash never leaves half a strip.
 */
public final class AlarmStrips {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmStrips.class);
    /** Strip file layout; a reader of a newer one refuses it rather than guessing. */
    static final int VERSION = 1;

    private final Path dir;
    private final Duration keep;

    public AlarmStrips(Path dir, Duration keep) throws IOException {
        this.dir = dir;
        this.keep = keep;
        Files.createDirectories(dir);
        prune(System.currentTimeMillis());
    }

    public void store(RecentEcg.Strip s) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("version", VERSION);
        doc.put("id", s.alarmId());
        doc.put("device", s.device());
        doc.put("type", s.type());
        doc.put("priority", s.priority());
        doc.put("onset_ms", s.onsetMs());
        doc.put("raised_ms", s.raisedMs());
        doc.put("from_ms", s.fromMs());
        doc.put("fs", s.fs());
        doc.put("leads", s.leads());
        doc.put("v", s.values());
        doc.put("codec", s.codec().stream().map(r -> java.util.List.of(r.fromMs(), r.toMs(), r.layer(), r.cls())).toList());
        doc.put("codec_to", s.codecToMs());
        Path file = file(s.alarmId()), tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
                Json.MAPPER.writeValue(out, doc);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("alarm strip of {} not stored in {}: {}", s.alarmId(), dir, e.getMessage());
        }
    }

    /** The stored strip of an alarm as JSON, or null when there is none. */
    public JsonNode read(String alarmId) throws IOException {
        Path f = file(alarmId);
        if (!Files.exists(f)) return null;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            JsonNode n = Json.MAPPER.readTree(in);
            if (n.path("version").asInt() != VERSION) throw new IOException(f + ": strip layout " + n.path("version") + ", this station reads " + VERSION);
            if (!alarmId.equals(n.path("id").asText())) return null; // two ids made the same file name
            return n;
        }
    }

    public boolean has(String alarmId) { return Files.exists(file(alarmId)); }

    /** Removes the strips older than the retention; returns how many. */
    public int prune(long nowMs) {
        int n = 0;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(p).toMillis() < nowMs - keep.toMillis()) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        } catch (IOException e) {
            LOG.warn("alarm strips in {} not pruned: {}", dir, e.getMessage());
        }
        return n;
    }

    /** One file per alarm id: characters a file name cannot hold become '_'. */
    private Path file(String alarmId) {
        return dir.resolve(alarmId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json.gz");
    }
}
