package org.openholter.core.auth;

import org.openholter.wire.AlarmCommand;
import org.openholter.wire.FrameValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may command the alarms: each clinician identity the MQTT broker authenticates (a password-file user or a
 * certificate's name), its role and the wards whose patients it may command. One line per clinician:
 * <pre>
 * # identity     role          wards (comma-separated, or * for every ward)
 * nurse-ann      nurse         icu-2
 * cn-tom         charge-nurse  icu-2,icu-3
 * dr-bo          physician     *
 * </pre>
 * A nurse may acknowledge and silence; a charge nurse and a physician may also change alarm limits (a patient's, or a
 * whole ward's when the ward is theirs). An identity not listed may do nothing.
 */
public final class Clinicians {
    /** What each role may do. */
    static final Map<String, Set<String>> ROLES = Map.of(
            "nurse", Set.of(AlarmCommand.ACK, AlarmCommand.SILENCE),
            "charge-nurse", Set.of(AlarmCommand.ACK, AlarmCommand.SILENCE, AlarmCommand.LIMITS),
            "physician", Set.of(AlarmCommand.ACK, AlarmCommand.SILENCE, AlarmCommand.LIMITS));

    /** One clinician. */
    public record Clinician(String identity, String role, List<String> wards) {}

    /** A command allowed (with its authenticated sender) or refused with the reason, never both. */
    public record Decision(AlarmCommand command, String refusal) {
        public boolean allowed() { return refusal == null; }
    }

    private final Map<String, Clinician> byIdentity;

    private Clinicians(Map<String, Clinician> byIdentity) { this.byIdentity = byIdentity; }

    public int size() { return byIdentity.size(); }

    /** The clinician of an identity, or null when not listed. */
    public Clinician get(String identity) { return byIdentity.get(identity); }

    /** Reads the directory; a bad line fails with its file, line number, what was found and what is expected. */
    public static Clinicians read(Path file) throws IOException {
        if (!Files.isReadable(file)) throw new IOException("clinician directory " + file + " does not exist or cannot be read");
        List<String> lines = Files.readAllLines(file);
        Map<String, Clinician> m = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = file + " line " + (i + 1) + ": ";
            String[] f = line.split("\\s+");
            if (f.length != 3) throw new IOException(where + "expected 'identity role wards', found " + f.length + " fields: " + line);
            String role = f[1].toLowerCase(Locale.ROOT);
            if (!FrameValidator.DEVICE_ID.matcher(f[0]).matches()) throw new IOException(where + "identity '" + f[0] + "' is not a plain name (letters, digits, . _ -)");
            if (!ROLES.containsKey(role)) throw new IOException(where + "role '" + f[1] + "' is not one of " + ROLES.keySet());
            List<String> wards = Arrays.asList(f[2].split(","));
            for (String w : wards) {
                if (!w.equals("*") && !FrameValidator.DEVICE_ID.matcher(w).matches()) throw new IOException(where + "ward '" + w + "' is not a plain name or *");
            }
            if (m.put(f[0], new Clinician(f[0], role, List.copyOf(wards))) != null) throw new IOException(where + "identity " + f[0] + " listed twice");
        }
        return new Clinicians(m);
    }

    /**
     * Whether {@code identity} (authenticated by the broker) may give {@code c}: its role must allow the action, and a
     * ward's limits need that ward in its scope. A patient's ward is known only to the analysis, which checks it
     * against the scope this decision attaches ({@link AlarmCommand#coversWard}).
     */
    public Decision authorise(String identity, AlarmCommand c) {
        AlarmCommand vouched = c.authenticated(identity, null, null);
        Clinician who = byIdentity.get(identity);
        if (who == null) return new Decision(vouched, identity + " is not in the clinician directory");
        vouched = c.authenticated(identity, who.role(), who.wards());
        if (!ROLES.get(who.role()).contains(c.action())) {
            return new Decision(vouched, "a " + who.role() + " may not " + c.action() + " (allowed: " + ROLES.get(who.role()) + ")");
        }
        if (c.forWard() && !who.wards().contains("*") && !who.wards().contains(c.ward())) {
            return new Decision(vouched, identity + " may not set the limits of ward " + c.ward() + " (wards: " + String.join(",", who.wards()) + ")");
        }
        return new Decision(vouched, null);
    }
}
