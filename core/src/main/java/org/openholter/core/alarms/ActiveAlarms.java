package org.openholter.core.alarms;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The alarms of one patient that are raised now, by type with their onsets: one raise and one clear per episode. */
final class ActiveAlarms {
    private final EnumMap<AlarmType, Long> active = new EnumMap<>(AlarmType.class);

    Map<AlarmType, Long> view() { return active; }

    boolean isActive(AlarmType type) { return active.containsKey(type); }

    /** Raises {@code type} unless it is already raised. */
    void raise(AlarmType type, long onset, long at, double value, String message, List<AlarmTransition> out) {
        if (active.containsKey(type)) return;
        active.put(type, onset);
        out.add(new AlarmTransition(type, true, onset, at, value, message));
    }

    /** Clears {@code type} if it is raised. */
    void clear(AlarmType type, long at, double value, String message, List<AlarmTransition> out) {
        Long onset = active.remove(type);
        if (onset != null) out.add(new AlarmTransition(type, false, onset, at, value, message));
    }

    void write(DataOutput o) throws IOException {
        o.writeInt(active.size());
        for (Map.Entry<AlarmType, Long> e : active.entrySet()) { o.writeUTF(e.getKey().name()); o.writeLong(e.getValue()); }
    }

    void read(DataInput in) throws IOException {
        active.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) active.put(AlarmType.valueOf(in.readUTF()), in.readLong());
    }
}
