package org.openholter.launcher;

import org.openholter.core.config.Flags;
import org.openholter.gateway.GatewayMain;
import org.openholter.job.EcgJob;
import org.openholter.simulator.Fleet;
import org.openholter.simulator.FleetConfig;
import org.openholter.simulator.SimulatorMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Entry point of {@code ./holter}: demo, bench, and the services one by one. */
public final class HolterCli {
    private HolterCli() {}

    static final String USAGE = String.join("\n",
            "usage: ./holter <command> [options]   (--help after a command lists its options)",
            "  demo               brokers, InfluxDB, gateway, Flink job and a simulated ward on this machine, with a live view",
            "  test               install what the tests need and run the whole suite (mvn verify)",
            "  screenshots        run the browser tests and refresh docs/screenshots (ward, patient and review pages)",
            "  bench pipeline     largest real-time fleet and its end-to-end latency (--json FILE)",
            "  bench delineation  wave-delineation scores on a WFDB database (--db DIR --annotator ANN)",
            "  bench inference    per-window model latency, batch 1 and 32, one and two threads",
            "  bench beats        QRS detection and beat classes scored as AAMI EC57 on a WFDB database (--db DIR)",
            "  bench rhythm       AF / VT / VF episodes and AHA shockable-rhythm figures on a WFDB database (--db DIR)",
            "  bench holter       a 24-h recording through holter analyze: time and peak memory (--json FILE)",
            "  bench alarms       alarm detection, latency and false alarms: simulator scripts and MIT-BIH / VFDB replays (--json FILE)",
            "  gateway            the MQTT → Kafka gateway against existing brokers",
            "  job                the Flink job in a local MiniCluster (on a cluster: flink run job/target/*-flink.jar)",
            "  simulate           the virtual patient fleet against an existing MQTT broker",
            "  station            the central station's web pages and the hospital interfaces (IHE PCD-01 / PCD-04 over MLLP, FHIR R4)",
            "                     against existing Kafka / InfluxDB",
            "  analyze            recordings (WFDB, EDF, .npy) or folders of them through the stream's analysis: annotations, codec,",
            "                     tables, Holter summary and review page per record, a table of what was refused and why (RECORD|DIR… --out DIR)");

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int code;
        try {
            switch (args[0]) {
                case "demo": code = demo(rest); break;
                case "analyze": code = AnalyzeCommand.run(rest); break;
                case "bench": {
                    String what = rest.length == 0 ? "" : rest[0];
                    String[] benchArgs = rest.length == 0 ? rest : Arrays.copyOfRange(rest, 1, rest.length);
                    switch (what) {
                        case "pipeline": code = PipelineBench.run(benchArgs); break;
                        case "delineation": code = DelineationBench.run(benchArgs); break;
                        case "inference": code = InferenceBench.run(benchArgs); break;
                        case "beats": code = BeatBench.run(benchArgs); break;
                        case "rhythm": code = RhythmBench.run(benchArgs); break;
                        case "holter": code = HolterBench.run(benchArgs); break;
                        case "alarms": code = AlarmBench.run(benchArgs); break;
                        case "faults": code = FaultBench.run(benchArgs); break;
                        case "fuzz": code = FuzzBench.run(benchArgs); break;
                        default:
                            System.err.println("usage: ./holter bench pipeline|delineation|inference|beats|rhythm|holter|alarms|faults|fuzz [options] (--help lists them)");
                            code = 2;
                    }
                    break;
                }
                case "gateway": GatewayMain.main(rest); return;
                case "job": EcgJob.main(rest); return;
                case "simulate": SimulatorMain.main(rest); return;
                case "station": org.openholter.station.StationMain.main(rest); return;
                default:
                    System.err.println("unknown command '" + args[0] + "'\n" + USAGE);
                    code = 2;
            }
        } catch (IllegalArgumentException e) {
            // A bad flag or value: say which, without a stack trace.
            System.err.println(e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    static Flags demoFlags() {
        return new Flags("holter demo", "HOLTER_DEMO")
                .declare("patients", "10", "virtual patients (a mixed ward: normal, asystole, brady, tachy, AF, PVC, VT, lead-off)")
                .declare("minutes", "0", "run unattended this long, then print a summary and exit 0 (0 = until Ctrl-C)")
                .declare("speed", "1", "simulation speed (1 = real time)")
                .declare("scenarios", "mixed", "scenarios, as for ./holter simulate")
                .declare("noise", "clean", "clean, noisy, or bw=..,ma=..,em=..,mains=..")
                .declare("faults", "true", "sprinkle lost, duplicated, reordered and corrupted frames")
                .declare("leads", "II", "leads each virtual patient sends, comma-separated (e.g. II,V1: the patient page shows a lane per lead)")
                .declare("replay", "", "WFDB records to play as extra beds, e.g. data/mitdb/208")
                .declare("analyzer", "layered", "window analysis of the job: layered (wave and beat models; the default: it alarms best), delineation (wave-layer model) or classic")
                .declare("dir", "run/demo", "where the brokers and InfluxDB keep their data and logs (wiped at start)")
                .declare("station-port", "8080", "port of the central station's web pages (0: none; taken if busy: any free port)")
                .declare("mqtt-security", "on", "on: MQTT over TLS, every device, the gateway and the clinicians with their own account and the ACL"
                        + " (a test CA made at start); off: plain MQTT open to anyone on this machine");
    }

    static int demo(String[] args) throws Exception {
        Flags f = demoFlags().parse(args, System.getenv());
        if (f.helpRequested()) {
            System.out.println(f.usage());
            return 0;
        }
        int patients = f.getInt("patients", 0, 20_000);
        double minutes = f.getDouble("minutes", 0, 1e6);
        double speed = f.getDouble("speed", 0.01, 1000);
        boolean faults = f.getBool("faults");
        String analyzer = f.getChoice("analyzer", "layered", "delineation", "classic");
        Path dir = Path.of(f.get("dir")).toAbsolutePath();
        wipe(dir);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch cleaned = new CountDownLatch(1);
        onInterrupt(stopped);
        org.openholter.launcher.services.ChildProcess.deferExitHooksUntil(cleaned);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // other signals (HUP, …): still stop in order
            stopped.countDown();
            try {
                cleaned.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop"));
        boolean secure = f.getChoice("mqtt-security", "on", "off").equals("on");
        try (Stack stack = new Stack(new Stack.Options(dir, true, 4, 2000, 2, "holter", analyzer).withSecurity(secure))) {
            System.out.println("starting Mosquitto, Kafka and InfluxDB in " + dir + " …");
            stack.startServices().startGateway().startJob(null);
            List<String> sim = new ArrayList<>(List.of("--patients",
                    String.valueOf(patients), "--scenarios", f.get("scenarios"), "--noise", f.get("noise"), "--speed", String.valueOf(speed),
                    "--truth", dir.resolve("truth.json").toString(), "--json-fraction", "0.1", "--leads", f.get("leads")));
            if (minutes > 0) sim.addAll(List.of("--duration-s", String.valueOf(minutes * 60 * speed)));
            if (faults) sim.addAll(List.of("--drop", "0.001", "--duplicate", "0.005", "--reorder", "0.005", "--malformed", "0.002"));
            if (!f.get("replay").isBlank()) sim.addAll(List.of("--replay", f.get("replay")));
            int stationPort = f.getInt("station-port", 0, 65535);
            // The station runs even without its web pages (--station-port 0): the terminal view reads its ward board.
            List<String> stationFlags = new ArrayList<>(List.of("--web.port", String.valueOf(stationPort == 0 ? 0 : portOrAny(stationPort))));
            if (stack.mqtt().access() != null) {
                // The demo's charge nurse at the station, checked against the same clinician directory as the gateway's.
                stationFlags.addAll(List.of("--auth.clinicians", stack.mqtt().access().cliniciansFile().toString(), "--web.user", "cn-tom"));
            }
            org.openholter.station.Station station = stack.startStation(stationFlags.toArray(String[]::new));
            try (Fleet fleet = stack.fleet(java.util.Set.of(), sim)) {
                fleet.start();
                printWhere(stack);
                String web = station.webPort() > 0 ? "http://127.0.0.1:" + station.webPort() + "/" : null;
                if (web != null) System.out.println("Station   " + web + "   (the central station: live strips, alarms, ACK)\n");
                Path log = dir.resolve("demo.log");
                System.out.println("Log       " + log + "   (from now on; the view below is redrawn every 2 s)\n");
                LogFile.redirect(log); // nothing may print over the view
                boolean tty = System.console() != null;
                LiveView view = new LiveView(station.board(), stack.influx(), "holter", fleet, System.out, tty);
                String footer = (web == null ? "" : "station " + web + "   ") + "log " + log + "   Ctrl-C stops";
                long end = minutes > 0 ? System.currentTimeMillis() + (long) (minutes * 60_000) + 12_000 : Long.MAX_VALUE;
                int tick = 0;
                while (System.currentTimeMillis() < end && !stopped.await(tty ? 2 : 1, TimeUnit.SECONDS)) {
                    if (tty || ++tick % 10 == 0) view.render(tty, stack.gateway().snapshot(), stack.jobRunning(), footer);
                }
                summary(stack, fleet, view);
                System.out.println("stopping: simulator, job, gateway, Kafka, InfluxDB, Mosquitto …");
            }
        } finally {
            cleaned.countDown();
        }
        return 0;
    }

    /**
     * Ctrl-C and SIGTERM stop the demo in order (simulator, job, gateway, brokers) before the JVM begins
     * to shut down; otherwise Flink's own exit hooks would tear the MiniCluster down under the job's
     * cancellation. A second Ctrl-C exits at once (the exit hooks still stop every child process).
     */
    @SuppressWarnings("restriction")
    static void onInterrupt(CountDownLatch stopped) {
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (stopped.getCount() == 0) {
                        System.err.println("\nstopping at once");
                        System.exit(130);
                    }
                    System.err.println("\nstopping (Ctrl-C again to force) …");
                    stopped.countDown();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available on this platform: the shutdown hook still stops everything
            }
        }
    }

    /** {@code port} if free, else -1 (any free port). */
    static int portOrAny(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException e) {
            return -1;
        }
    }

    static void printWhere(Stack stack) {
        Path root = Path.of("").toAbsolutePath();
        System.out.println(String.join("\n",
                "",
                stack.mqtt().secure()
                        ? "MQTT      127.0.0.1:" + stack.mqtt().port() + " over TLS with passwords, :" + stack.mqtt().certificatePort()
                                + " with client certificates (CA " + stack.mqtt().access().caFile() + "; accounts and ACL in "
                                + stack.mqtt().access().aclFile().getParent() + ", docs/security.md)"
                        : "MQTT      127.0.0.1:" + stack.mqtt().port() + "   (open: anyone on this machine may publish and read)",
                "          devices publish on holter/v1/dev/<id>/frame; clinicians command on holter/v1/station/<id>/command (docs/protocol.md)",
                "Kafka     " + stack.kafka().bootstrap() + "   (topics ecg.frames, ecg.status, ecg.alarms, ecg.frames.dlq)",
                "InfluxDB  " + stack.influx().url() + "   database holter (InfluxQL: curl -G " + stack.influx().url()
                        + "/query --data-urlencode db=holter --data-urlencode 'q=SHOW MEASUREMENTS'"
                        + (stack.influx().caFile() != null ? " --cacert " + stack.influx().caFile() : "")
                        + (stack.influx().secure() ? " -u grafana:\"$(cat " + stack.influx().passwordFile(org.openholter.launcher.services.InfluxServer.READER) + ")\"" : "") + ")",
                "Grafana   copy dashboards/grafana/provisioning/* to /etc/grafana/provisioning/ and start Grafana with",
                "          HOLTER_INFLUX_URL=" + stack.influx().url() + " HOLTER_INFLUX_DB=holter HOLTER_DASHBOARDS_DIR="
                        + root.resolve("dashboards/grafana/dashboards")
                        + (stack.influx().secure() ? " HOLTER_INFLUX_USER=grafana HOLTER_INFLUX_PASSWORD=\"$(cat "
                                + stack.influx().passwordFile(org.openholter.launcher.services.InfluxServer.READER) + ")\"" : ""),
                "Logs      " + stack.options().workDir() + "/{kafka,mosquitto,influxdb}/*.log",
                ""));
    }

    static void summary(Stack stack, Fleet fleet, LiveView view) throws IOException {
        Map<String, String> rates = view.rates();
        var alarms = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(stack.influx().query("holter",
                "SELECT count(\"active\") FROM \"alarm\" WHERE \"state\" = 'RAISED' AND time > now() - 1d AND time < now() + 1d GROUP BY \"device\", \"type\""));
        Map<String, StringBuilder> raised = new java.util.TreeMap<>();
        for (var s : alarms.path("results").get(0).path("series")) {
            raised.computeIfAbsent(s.path("tags").path("device").asText(), k -> new StringBuilder())
                    .append(s.path("tags").path("type").asText()).append("×").append(s.path("values").get(0).get(1).asLong()).append(' ');
        }
        System.out.println("\nsummary");
        System.out.printf("%-14s %-34s %8s %5s  %s%n", "device", "scenario", "frames", "HR", "alarms raised");
        for (Fleet.Patient p : fleet.patients()) {
            System.out.printf("%-14s %-34s %8d %5s  %s%n", p.deviceId, p.device.description(), p.sent.get(),
                    rates.getOrDefault(p.deviceId, "-"), raised.getOrDefault(p.deviceId, new StringBuilder()).toString().trim());
        }
        double[] lat = view.latency();
        Map<String, Long> g = stack.gateway().snapshot();
        System.out.printf("%nframes published %,d, forwarded %,d, duplicates dropped %,d, refused %,d (dead-letter topic ecg.frames.dlq); "
                + "latency (last minute) p50 %.2f s, p99 %.2f s%n", fleet.framesSent(), g.get("forwarded"), g.get("duplicates"),
                g.get("rejected"), lat[0], lat[1]);
    }

    /** Wipes a previous demo's or benchmark's data (its services, checkpoints and cluster), refusing to touch anything that does not look like one. */
    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!List.of("kafka", "mosquitto", "influxdb", "checkpoints", "truth.json", "flink", "gateway", "tls", "station-strips", "demo.log").contains(n)) {
                    throw new IOException(dir + " holds " + n + ", which the launcher did not create: choose another --dir");
                }
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
