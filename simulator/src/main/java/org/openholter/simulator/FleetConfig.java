package org.openholter.simulator;

import org.openholter.core.config.Flags;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.Topics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Simulator settings, from flags or {@code HOLTER_SIM_*} environment variables.
 *
 * @param scenarios one scenario per patient, cycled ({@code mixed} is {@link Scenario#MIXED_WARD})
 * @param speed     1 = real time; 10 = ten times faster (device clocks run ahead of the wall clock)
 * @param durationSeconds signal to play per patient (0 = until stopped)
 */
public record FleetConfig(String mqttHost, int mqttPort, int mqttVersion, String topicRoot, int patients, int rateHz,
                          List<String> leads, double frameSeconds, List<String> scenarios, NoiseSpec noise, double speed,
                          double durationSeconds, long seed, double drop, double duplicate, double reorder, double malformed,
                          double jsonFraction, String ward, String devicePrefix, List<Path> replay, boolean loopReplay,
                          long startMillis, double phaseSpreadSeconds, Path truthFile, Access access) {

    /**
     * How the devices authenticate: over TLS (trusting {@code ca}), each with its password from {@code credentials}
     * ({@code device password} per line) or, when {@code certDir} holds {@code <device>.crt} and {@code <device>.key},
     * with that certificate on {@code certPort} (-1: the main port). None of it: anonymous, plain MQTT.
     */
    public record Access(boolean tls, Path ca, Path credentials, Path certDir, int certPort) {
        public static final Access NONE = new Access(false, null, null, null, -1);
    }

    /** Each device's password from {@link Access#credentials} (empty without a file); a bad line names the file and line. */
    public Map<String, String> devicePasswords() {
        Map<String, String> m = new java.util.HashMap<>();
        if (access.credentials() == null) return m;
        try {
            List<String> lines = java.nio.file.Files.readAllLines(access.credentials());
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] f = line.split("\\s+");
                if (f.length != 2) throw new IllegalArgumentException("--mqtt.credentials " + access.credentials() + " line " + (i + 1)
                        + ": expected 'device password', found " + f.length + " fields");
                m.put(f[0], f[1]);
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--mqtt.credentials " + access.credentials() + " cannot be read: " + e.getMessage(), e);
        }
        return m;
    }

    public FleetConfig {
        if (access == null) access = Access.NONE;
        if (!access.tls() && (access.ca() != null || access.certDir() != null)) {
            throw new IllegalArgumentException("--mqtt.ca-file / --mqtt.cert-dir need --mqtt.tls true");
        }
        if (patients < 0) throw new IllegalArgumentException("--patients must be >= 0");
        if (patients == 0 && replay.isEmpty()) throw new IllegalArgumentException("nothing to play: --patients 0 and no --replay");
        if (rateHz < EcgFrame.MIN_RATE_HZ || rateHz > EcgFrame.MAX_RATE_HZ) throw new IllegalArgumentException("--rate must be 125-1000 Hz");
        if (leads.isEmpty() || leads.size() > EcgFrame.MAX_CHANNELS) throw new IllegalArgumentException("--leads: 1-12 lead names");
        if (frameSeconds < 0.25 || frameSeconds > 1.0) throw new IllegalArgumentException("--frame-seconds must be 0.25-1");
        if (!(speed > 0)) throw new IllegalArgumentException("--speed must be > 0");
        if (!(phaseSpreadSeconds >= 0)) throw new IllegalArgumentException("--phase-spread-s must be >= 0");
        for (double p : new double[] {drop, duplicate, reorder, malformed, jsonFraction}) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probabilities must be 0-1");
        }
        for (String s : scenarios) Scenario.parse(s); // fail early with the offending item
        leads = List.copyOf(leads);
        scenarios = List.copyOf(scenarios);
        replay = List.copyOf(replay);
    }

    public static Flags flags() {
        return new Flags("holter simulate", "HOLTER_SIM")
                .declare("mqtt.host", "127.0.0.1", "MQTT broker host")
                .declare("mqtt.port", "1883", "MQTT broker port")
                .declare("mqtt.version", "5", "MQTT protocol of the devices: 5 or 3 (3.1.1)")
                .declare("mqtt.topic-root", Topics.DEFAULT_ROOT, "topic prefix")
                .declare("mqtt.tls", "false", "connect over TLS")
                .declare("mqtt.ca-file", null, "PEM file of the CA(s) to trust for the broker's certificate (default: the JVM's)")
                .declare("mqtt.credentials", null, "file of 'device password' lines: each device logs in with its own")
                .declare("mqtt.cert-dir", null, "folder of <device>.crt / <device>.key: those devices log in with their certificate")
                .declare("mqtt.cert-port", "-1", "broker port for devices that log in with a certificate (-1: --mqtt.port)")
                .declare("patients", "10", "number of virtual patients")
                .declare("rate", "250", "sample rate, Hz (125-1000)")
                .declare("leads", "II", "comma-separated lead names (1-12), e.g. I,II,V1")
                .declare("frame-seconds", "0.5", "seconds of signal per frame (0.25-1)")
                .declare("scenarios", "mixed", "scenario per patient, cycled, separated by ';': a preset ("
                        + String.join(", ", Scenario.PRESETS.keySet()) + ", mixed) or items like sinus:72@60,asystole@8")
                .declare("noise", "clean", "clean, noisy, none or bw=..,ma=..,em=..,mains=..,hz=.. (mV)")
                .declare("speed", "1", "1 = real time, 10 = ten times faster")
                .declare("duration-s", "0", "seconds of signal per patient (0 = until Ctrl-C)")
                .declare("seed", "1", "random seed: the same seed replays the same fleet")
                .declare("drop", "0", "probability that a frame is lost")
                .declare("duplicate", "0", "probability that a frame is sent twice")
                .declare("reorder", "0", "probability that a frame is overtaken by the next")
                .declare("malformed", "0", "probability of an extra corrupted frame (CRC, id, rate, truncation)")
                .declare("json-fraction", "0", "share of devices sending JSON frames")
                .declare("ward", "ward-a", "ward of the fleet")
                .declare("device-prefix", "sim", "device ids are <prefix>-<n>")
                .declare("replay", "", "comma-separated WFDB records (paths without extension) to play as extra devices")
                .declare("loop", "true", "loop replayed records")
                .declare("start-ms", "0", "device clock at start, ms since epoch (0 = now)")
                .declare("phase-spread-s", "6", "devices switch on at seeded random times over this many seconds, as real ones do (0: all at once)")
                .declare("truth", "", "write the ground truth (events and their times) as JSON here at the end");
    }

    public static FleetConfig from(Flags f) {
        List<String> scen = new ArrayList<>();
        for (String s : f.require("scenarios").split(";")) {
            if (s.trim().equalsIgnoreCase("mixed")) scen.addAll(Scenario.MIXED_WARD);
            else if (!s.isBlank()) scen.add(s.trim());
        }
        List<Path> replay = new ArrayList<>();
        for (String r : f.get("replay").split(",")) if (!r.isBlank()) replay.add(Path.of(r.trim()));
        String truth = f.get("truth");
        return new FleetConfig(f.require("mqtt.host"), f.getInt("mqtt.port", 1, 65535), f.getInt("mqtt.version", 3, 5),
                f.require("mqtt.topic-root"), f.getInt("patients", 0, 100_000), f.getInt("rate", 1, 100_000),
                Arrays.stream(f.require("leads").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                f.getDouble("frame-seconds", 0, 10), scen, NoiseSpec.parse(f.get("noise")), f.getDouble("speed", 0, 10_000),
                f.getDouble("duration-s", 0, 1e7), f.getLong("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                f.getDouble("drop", 0, 1), f.getDouble("duplicate", 0, 1), f.getDouble("reorder", 0, 1),
                f.getDouble("malformed", 0, 1), f.getDouble("json-fraction", 0, 1), f.require("ward"), f.require("device-prefix"),
                replay, f.getBool("loop"), f.getLong("start-ms", 0, Long.MAX_VALUE), f.getDouble("phase-spread-s", 0, 3600), truth == null || truth.isBlank() ? null : Path.of(truth),
                new Access(f.getBool("mqtt.tls"), path(f, "mqtt.ca-file"), path(f, "mqtt.credentials"), path(f, "mqtt.cert-dir"),
                        f.getInt("mqtt.cert-port", -1, 65535)));
    }

    private static Path path(Flags f, String key) {
        String v = f.get(key);
        if (v == null || v.isBlank()) return null;
        Path p = Path.of(v);
        if (!java.nio.file.Files.exists(p)) throw new IllegalArgumentException("--" + key + " " + v + " does not exist");
        return p;
    }

    public static FleetConfig from(String[] args, Map<String, String> env) {
        Flags f = flags().parse(args, env);
        return from(f);
    }
}
