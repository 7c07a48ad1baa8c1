package org.openholter.station.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openholter.core.auth.Clinicians;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The central station's web server: the pages (from the jar, nothing fetched at run time), the ward's state
 * ({@code GET /api/ward}), a live stream of strips and changes over server-sent events ({@code GET /api/events}; with
 * {@code ?device=} also that bed's every lead and codec), a bed's recent leads and codec ({@code GET /api/ecg?device=}),
 * a device's alarm history ({@code GET /api/history?device=}), an alarm's strip as it was at the raise
 * ({@code GET /api/strip?id=}) and trends ({@code GET /api/trends?device=&minutes=}), and a nurse's ACK / SILENCE
 * ({@code POST /api/command}), which go to the pipeline as alarm commands on Kafka and come back, audited, as alarm steps.
 *
 * <p>Who commands: the clinician the hospital's authenticating proxy names in {@code userHeader} (a request without it
 * is refused), or {@code defaultUser} where no proxy is configured. With the clinician directory ({@code clinicians},
 * the gateway's) that clinician must be listed, with a role that may give the command and the patient's ward among
 * theirs; the command then carries the role and wards, which the analysis checks again.
 */
public final class StationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StationServer.class);
    /** How often strips and changes are pushed. */
    static final long TICK_MS = 250;
    /** Every this many ticks the beds are sent even unchanged (alarm ages, stale devices). */
    private static final int FULL_EVERY = 4;

    private final WardBoard board;
    private final RecentEcg recent;
    private final AlarmStrips strips;
    private final TrendReader trends;
    private final KafkaProducer<byte[], byte[]> commands;
    private final String commandsTopic, userHeader, defaultUser;
    private final Clinicians clinicians;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    /** The bed a patient page's stream follows (ward pages follow none). */
    private final Map<SseClient, String> following = new java.util.concurrent.ConcurrentHashMap<>();
    private long prunedAt = System.currentTimeMillis();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "station-push");
        t.setDaemon(true);
        return t;
    });
    private Javalin app;
    private long sentVersion = -1;
    private int ticks;

    /** {@code trends}: where the patient page's trends come from (null: none). */
    public StationServer(WardBoard board, RecentEcg recent, AlarmStrips strips, TrendReader trends, KafkaProducer<byte[], byte[]> commands,
                         String commandsTopic, String userHeader, String defaultUser, Clinicians clinicians) {
        this.clinicians = clinicians;
        this.board = board;
        this.recent = recent;
        this.strips = strips;
        this.trends = trends;
        this.commands = commands;
        this.commandsTopic = commandsTopic;
        this.userHeader = userHeader;
        this.defaultUser = defaultUser;
    }

    /** Starts listening on {@code bind}:{@code port} (0: any free port); returns the port. */
    public int start(String bind, int port) {
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/web";
                s.location = Location.CLASSPATH;
            });
            c.staticFiles.enableWebjars(); // uPlot, from its webjar: /webjars/uplot/…
        });
        app.get("/api/ward", ctx -> {
            long now = System.currentTimeMillis();
            String who = user(ctx);
            Clinicians.Clinician c = who == null || clinicians == null ? null : clinicians.get(who);
            ctx.json(Map.of("beds", board.snapshot(ctx.queryParam("ward"), true, now), "audit", board.audit(now),
                    "user", who == null ? "" : who, "role", c == null ? "" : c.role(), "wards", c == null ? List.of() : c.wards(), "now_ms", now));
        });
        app.get("/api/history", ctx -> {
            String device = ctx.queryParam("device");
            if (device == null || device.isBlank()) throw new io.javalin.http.BadRequestResponse("device= is required");
            List<Map<String, Object>> rows = board.history(device, System.currentTimeMillis());
            for (Map<String, Object> r : rows) r.put("strip", strips.has(String.valueOf(r.get("id"))));
            ctx.json(rows);
        });
        app.get("/api/ecg", ctx -> {
            String device = ctx.queryParam("device");
            if (device == null || device.isBlank()) throw new io.javalin.http.BadRequestResponse("device= is required");
            Map<String, Object> ecg = recent.snapshot(device);
            if (ecg == null) throw new io.javalin.http.NotFoundResponse("no ECG of " + device + " yet");
            ctx.json(ecg);
        });
        app.get("/api/strip", ctx -> {
            String id = ctx.queryParam("id");
            if (id == null || id.isBlank()) throw new io.javalin.http.BadRequestResponse("id= is required");
            com.fasterxml.jackson.databind.JsonNode strip = strips.read(id);
            if (strip == null) throw new io.javalin.http.NotFoundResponse("no strip of alarm " + id + " (raised before this station was watching?)");
            ctx.json(strip);
        });
        app.get("/api/trends", ctx -> {
            String device = ctx.queryParam("device");
            if (device == null || device.isBlank()) throw new io.javalin.http.BadRequestResponse("device= is required");
            if (trends == null) throw new io.javalin.http.NotFoundResponse("no trends on this station");
            int minutes = ctx.queryParamAsClass("minutes", Integer.class).check(m -> m > 0 && m <= 24 * 60, "1 to 1440").getOrDefault(60);
            try {
                ctx.json(trends.read(device, minutes));
            } catch (IllegalArgumentException e) {
                throw new io.javalin.http.BadRequestResponse(e.getMessage());
            }
        });
        app.post("/api/command", this::command);
        app.sse("/api/events", client -> {
            client.keepAlive();
            client.onClose(() -> { clients.remove(client); following.remove(client); });
            String device = client.ctx().queryParam("device");
            if (device != null && !device.isBlank()) following.put(client, device);
            clients.add(client);
        });
        app.start(bind, port);
        ticker.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        int p = app.port();
        LOG.info("central station on http://{}:{}/", bind, p);
        return p;
    }

    /** Pushes the new samples to every page, and the beds when something changed (or every second). */
    private void tick() {
        try {
            long wall = System.currentTimeMillis();
            for (RecentEcg.Strip s : recent.dueStrips(wall)) strips.store(s);
            if (wall - prunedAt > 3_600_000L) { prunedAt = wall; strips.prune(wall); }
            Map<String, Map<String, Object>> leads = recent.drain(new java.util.HashSet<>(following.values()));
            for (Map.Entry<SseClient, String> f : following.entrySet()) {
                Map<String, Object> ecg = leads.get(f.getValue());
                if (ecg != null) send(f.getKey(), "ecg", Json.MAPPER.writeValueAsString(ecg));
            }
            if (clients.isEmpty()) {
                board.drainSamples();
                return;
            }
            Map<String, Map<String, Object>> samples = board.drainSamples();
            if (!samples.isEmpty()) broadcast("samples", Json.MAPPER.writeValueAsString(samples));
            long v = board.version();
            if (v != sentVersion || ++ticks % FULL_EVERY == 0) {
                sentVersion = v;
                long now = System.currentTimeMillis();
                broadcast("beds", Json.MAPPER.writeValueAsString(Map.of("beds", board.snapshot(null, false, now), "audit", board.audit(now), "now_ms", now)));
            }
        } catch (Exception e) {
            LOG.warn("station push: {}", e.toString());
        }
    }

    private void broadcast(String event, String data) {
        for (SseClient c : clients) send(c, event, data);
    }

    private void send(SseClient c, String event, String data) {
        try {
            c.sendEvent(event, data);
        } catch (RuntimeException e) {
            clients.remove(c);
            following.remove(c);
        }
    }

    /** {"action": "ACK" | "SILENCE", "id": alarm id, "silence_s": seconds}: to the pipeline, as the clinician. */
    private void command(Context ctx) {
        String who = user(ctx);
        if (who == null) {
            ctx.status(HttpStatus.UNAUTHORIZED).result("no clinician named by the authenticating proxy (" + userHeader + ")");
            return;
        }
        Map<?, ?> body;
        try {
            body = Json.MAPPER.readValue(ctx.body(), Map.class);
        } catch (Exception e) {
            ctx.status(HttpStatus.BAD_REQUEST).result("not JSON: " + e.getMessage());
            return;
        }
        String action = String.valueOf(body.get("action")), id = body.get("id") == null ? null : String.valueOf(body.get("id"));
        if (!AlarmCommand.ACK.equals(action) && !AlarmCommand.SILENCE.equals(action)) {
            ctx.status(HttpStatus.BAD_REQUEST).result("action must be ACK or SILENCE, not " + action);
            return;
        }
        String device = id == null ? null : board.deviceOfAlarm(id);
        if (device == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("no alarm " + id + " on this station");
            return;
        }
        Double silence = body.get("silence_s") instanceof Number n ? n.doubleValue() : null;
        AlarmCommand c = new AlarmCommand(action, device, id, who, System.currentTimeMillis(), silence, null);
        if (clinicians != null) {
            Clinicians.Decision d = clinicians.authorise(who, c);
            String ward = board.wardOf(device);
            String refusal = !d.allowed() ? d.refusal() : !d.command().coversWard(ward)
                    ? who + " may not command patients of ward " + ward + " (wards: " + String.join(",", d.command().wards()) + ")" : null;
            if (refusal != null) {
                LOG.warn("station: {} of alarm {} refused: {}", action, id, refusal);
                ctx.status(HttpStatus.FORBIDDEN).result(refusal);
                return;
            }
            c = d.command();
        }
        commands.send(new ProducerRecord<>(commandsTopic, device.getBytes(StandardCharsets.UTF_8), c.toJson()), (md, e) -> {
            if (e != null) LOG.error("station: a {} command was not stored in Kafka ({})", action, e.getMessage());
        });
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("action", action, "id", id, "by", who));
    }

    private String user(Context ctx) {
        if (userHeader == null) return defaultUser;
        String u = ctx.header(userHeader);
        return u == null || u.isBlank() ? null : u.trim();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (app != null) app.stop();
    }
}
