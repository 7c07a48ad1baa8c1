package org.openholter.core.alarms;

import org.openholter.core.config.PhiInLogs;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.AlarmEvent;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The life of one patient's alarms after the rules (IEC 60601-1-8): raised, updated, cleared; a high-priority alarm
 * <em>latches</em>: when its condition ends unacknowledged it stays (cleared, {@code latched}) until someone
 * acknowledges it. {@code ACK} and {@code SILENCE} commands say who and when, and each leaves an event (the audit
 * trail); a high-priority alarm nobody acknowledged (or silenced) for {@link Policy#escalateAfterMillis} is escalated
 * once. Every event gets {@code active} and {@code latched}.
 */
public final class AlarmBook {
    /**
     * @param latchHigh           high-priority alarms stay until acknowledged
     * @param escalateAfterMillis escalate an unacknowledged high-priority alarm after this long (0: never)
     */
    public record Policy(boolean latchHigh, long escalateAfterMillis) implements java.io.Serializable {
        /** Monitoring: latching, escalation after 30 s. */
        public static final Policy MONITORING = new Policy(true, 30_000L);
        /** Recordings analysed after the fact: nobody to acknowledge, nothing to escalate. */
        public static final Policy RECORDING = new Policy(false, 0);
    }

    /** More latched alarms than this for one patient: the oldest go (logged), so state stays bounded. */
    static final int MAX_ENTRIES = 200;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlarmBook.class);

    private static final class Entry {
        AlarmEvent raised;
        boolean active = true, acked, escalated;
        long raisedAtMillis, silencedUntilMillis = Long.MIN_VALUE;
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /** A step of an alarm's condition (RAISED, UPDATED, CLEARED, VETOED), passed on with its life-cycle fields. */
    public void onCondition(AlarmEvent e, Policy policy, Consumer<AlarmEvent> out) {
        Entry en = entries.get(e.id());
        switch (e.state()) {
            case AlarmEvent.RAISED -> {
                if (en != null && en.active) return; // the same episode again (a replay): raised once
                en = new Entry();
                en.raised = e;
                en.raisedAtMillis = e.eventMillis();
                entries.put(e.id(), en);
                bound();
                out.accept(e.with(e.state(), e.eventMillis(), e.message(), true, false, null, null));
            }
            case AlarmEvent.UPDATED -> {
                if (en == null || !en.active) return;
                out.accept(e.with(e.state(), e.eventMillis(), e.message(), true, false, null, null));
            }
            case AlarmEvent.CLEARED -> {
                if (en == null || !en.active) return;
                en.active = false;
                boolean latched = policy.latchHigh() && isHigh(e) && !en.acked;
                if (!latched) entries.remove(e.id());
                out.accept(e.with(e.state(), e.eventMillis(), e.message(), false, latched, null, null));
            }
            default -> out.accept(e.with(e.state(), e.eventMillis(), e.message(), false, false, null, null));
        }
    }

    /**
     * An ACK or SILENCE command at {@code atMillis}; returns how many alarms it concerned (0: none of this patient's
     * alarms is open under that id, which the caller reports).
     */
    /** The longest a high-priority alarm stays silenced by one command (s). */
    public static final double MAX_HIGH_SILENCE_S = 120;

    public int onCommand(AlarmCommand c, long atMillis, Consumer<AlarmEvent> out) {
        List<String> ids = c.alarmId() != null ? (entries.containsKey(c.alarmId()) ? List.of(c.alarmId()) : List.of())
                : new ArrayList<>(entries.keySet());
        int n = 0;
        for (String id : ids) {
            Entry en = entries.get(id);
            if (c.action().equals(AlarmCommand.ACK)) {
                if (en.acked) continue;
                en.acked = true;
                if (!en.active) entries.remove(id); // a latched alarm ends with its acknowledgement
                out.accept(en.raised.with(AlarmEvent.ACKNOWLEDGED, atMillis, "acknowledged by " + c.by(), en.active, false, c.by(), null));
                n++;
            } else if (c.action().equals(AlarmCommand.SILENCE) && en.active) {
                // A lethal alarm may be paused only briefly (IEC 60601-1-8 leaves the bound to us): it sounds again and
                // escalates on time whatever the command asked.
                double asked = c.silenceOrDefault(), seconds = isHigh(en.raised) ? Math.min(asked, MAX_HIGH_SILENCE_S) : asked;
                en.silencedUntilMillis = atMillis + Math.round(seconds * 1000);
                out.accept(en.raised.with(AlarmEvent.SILENCED, atMillis, String.format(java.util.Locale.ROOT, "silenced by %s for %.0f s%s",
                        c.by(), seconds, seconds < asked ? String.format(java.util.Locale.ROOT, " (%.0f s asked; a high-priority alarm at most %.0f s)",
                                asked, MAX_HIGH_SILENCE_S) : ""), true, false, c.by(), en.silencedUntilMillis));
                n++;
            }
        }
        return n;
    }

    /** Time goes on ({@code nowMillis}, the patient's stream time): escalate what waited too long. */
    public void tick(long nowMillis, Policy policy, Consumer<AlarmEvent> out) {
        if (policy.escalateAfterMillis() <= 0) return;
        for (Entry en : entries.values()) {
            if (en.acked || en.escalated || !isHigh(en.raised)) continue;
            // Escalated as of the moment it fell due, whichever frame brings time past it (frames may come late or out of order).
            long due = Math.max(en.raisedAtMillis + policy.escalateAfterMillis(), en.silencedUntilMillis);
            if (nowMillis < due) continue;
            en.escalated = true;
            out.accept(en.raised.with(AlarmEvent.ESCALATED, due, String.format(java.util.Locale.ROOT,
                    "not acknowledged after %.0f s", (due - en.raisedAtMillis) / 1e3), en.active, !en.active, null, null));
        }
    }

    /** The alarms open now (raised, or latched), by id. */
    public Map<String, AlarmEvent> open() {
        Map<String, AlarmEvent> m = new LinkedHashMap<>();
        entries.forEach((id, en) -> m.put(id, en.raised));
        return m;
    }

    private static boolean isHigh(AlarmEvent e) { return AlarmType.Priority.HIGH.name().equals(e.priority()); }

    private void bound() {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); entries.size() > MAX_ENTRIES && it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getValue().active) continue;
            LOG.warn("{}: dropping latched alarm {} never acknowledged ({} open)", e.getValue().raised.deviceId(), PhiInLogs.of(e.getKey()), entries.size());
            it.remove();
        }
    }

    public void write(DataOutput o) throws IOException {
        o.writeInt(entries.size());
        for (Entry en : entries.values()) {
            byte[] json = en.raised.toJson();
            o.writeInt(json.length);
            o.write(json);
            o.writeBoolean(en.active);
            o.writeBoolean(en.acked);
            o.writeBoolean(en.escalated);
            o.writeLong(en.raisedAtMillis);
            o.writeLong(en.silencedUntilMillis);
        }
    }

    public void read(DataInput in) throws IOException {
        entries.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Entry en = new Entry();
            en.raised = AlarmEvent.fromJson(json);
            en.active = in.readBoolean();
            en.acked = in.readBoolean();
            en.escalated = in.readBoolean();
            en.raisedAtMillis = in.readLong();
            en.silencedUntilMillis = in.readLong();
            entries.put(en.raised.id(), en);
        }
    }
}
