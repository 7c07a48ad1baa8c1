package org.openholter.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line flags with environment fallbacks and defaults, declared up front so that unknown or
 * malformed flags fail with a message listing what is accepted. {@code --key value}, {@code --key=value}
 * and bare {@code --switch} are understood; the environment variable of {@code some.key} is
 * {@code PREFIX_SOME_KEY}.
 */
public final class Flags {
    private record Spec(String key, String defaultValue, String help, boolean secret) {}

    private final String program;
    private final String envPrefix;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final Map<String, String> given = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private Map<String, String> env = Map.of();

    public Flags(String program, String envPrefix) {
        this.program = program;
        this.envPrefix = envPrefix;
    }

    public Flags declare(String key, String defaultValue, String help) {
        specs.put(key, new Spec(key, defaultValue, help, false));
        return this;
    }

    /**
     * A secret (a password, a token): taken from its environment variable or from the file named by {@code --KEY-file}
     * (its first line), never from the command line, where every user of the machine can read it in the process list.
     */
    public Flags declareSecret(String key, String help) {
        specs.put(key, new Spec(key, null, help + " (environment only; or --" + key + "-file)", true));
        specs.put(key + "-file", new Spec(key + "-file", null, "file whose first line is the " + key, false));
        return this;
    }

    public Flags parse(String[] args, Map<String, String> environment) {
        this.env = environment;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String k = a.substring(2), v = null;
            int eq = k.indexOf('=');
            if (eq >= 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            }
            if (!specs.containsKey(k) && !k.equals("help")) {
                throw new IllegalArgumentException("unknown option --" + k + "\n" + usage());
            }
            if (specs.containsKey(k) && specs.get(k).secret()) {
                throw new IllegalArgumentException("--" + k + " is a secret and is not taken from the command line (others on this"
                        + " machine can read it there): set " + envName(k) + " or give --" + k + "-file");
            }
            if (v == null) v = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
            given.put(k, v);
        }
        return this;
    }

    public boolean helpRequested() { return given.containsKey("help"); }
    public List<String> positional() { return positional; }

    public String envName(String key) {
        return envPrefix + "_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The flag, else the environment, else the default (may be null). */
    public String get(String key) {
        Spec s = specs.get(key);
        if (s == null) throw new IllegalStateException("undeclared option " + key);
        String v = given.get(key);
        if (v == null) v = env.get(envName(key));
        return v != null ? v : s.defaultValue();
    }

    /** A secret declared with {@link #declareSecret}: its environment variable, else its file's first line, else null. */
    public String secret(String key) {
        Spec s = specs.get(key);
        if (s == null || !s.secret()) throw new IllegalStateException("undeclared secret " + key);
        String v = env.get(envName(key));
        if (v != null && !v.isEmpty()) return v;
        String file = get(key + "-file");
        if (file == null || file.isBlank()) return null;
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file));
            if (lines.isEmpty() || lines.get(0).isEmpty()) throw new IllegalArgumentException("--" + key + "-file " + file + " is empty");
            return lines.get(0);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--" + key + "-file " + file + " cannot be read: " + e.getMessage());
        }
    }

    public String require(String key) {
        String v = get(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + key + " is required\n" + usage());
        return v;
    }

    public int getInt(String key, int min, int max) {
        long v = getLong(key, min, max);
        return (int) v;
    }

    public long getLong(String key, long min, long max) {
        String s = get(key);
        try {
            long v = Long.parseLong(s.trim());
            if (v < min || v > max) throw new IllegalArgumentException("--" + key + " must be " + min + ".." + max + ", got " + v);
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, got '" + s + "'");
        }
    }

    public double getDouble(String key, double min, double max) {
        String s = get(key);
        try {
            double v = Double.parseDouble(s.trim());
            if (!(v >= min && v <= max)) throw new IllegalArgumentException("--" + key + " must be " + min + ".." + max + ", got " + v);
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, got '" + s + "'");
        }
    }

    /** The value, which must be one of {@code allowed}. */
    public String getChoice(String key, String... allowed) {
        String s = get(key);
        for (String a : allowed) if (a.equals(s)) return s;
        throw new IllegalArgumentException("--" + key + " must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
    }

    public boolean getBool(String key) {
        String s = get(key);
        if (s == null) return false;
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1": return true;
            case "false": case "no": case "off": case "0": return false;
            default: throw new IllegalArgumentException("--" + key + " must be true or false, got '" + s + "'");
        }
    }

    public String usage() {
        StringBuilder b = new StringBuilder("usage: " + program + " [options]\n");
        for (Spec s : specs.values()) {
            b.append(String.format("  --%-22s %s%n      env %s, default %s%n", s.key(), s.help(), envName(s.key()),
                    s.defaultValue() == null ? "(none)" : s.defaultValue()));
        }
        return b.toString();
    }
}
