package org.openholter.station.web;

import org.openholter.wire.AlarmEvent;
import org.openholter.wire.DeviceStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the central station shows, per bed: who (device, ward, bed), whether the device is online, the vitals (heart
 * rate, rhythm, signal quality), the alarms a nurse must see (active, or latched until acknowledged), and the last
 * seconds of the analysis lead for the live strip. Fed by {@link LiveFeed} (Kafka) and {@link VitalsPoller} (InfluxDB);
 * read by the web server. Thread-safe: each bed is updated under its own lock.
 */
public final class WardBoard {
    /** Seconds of strip kept per bed (a new page fills its strips from them). */
    static final double STRIP_S = 10;
    /** Highest sample rate drawn: 25 mm/s on a screen needs no more. */
    static final int STRIP_MAX_HZ = 250;
    /** No frame for this long: the bed shows "no signal" whatever its last status said. */
    static final long STALE_MS = 10_000;

    /** One bed's state. */
    static final class Bed {
        final String device;
        String ward, bed, state = "unknown";
        Double battery;
        Double hr, quality;
        String rhythm;
        long lastFrameMillis;
        final Map<String, AlarmEvent> alarms = new LinkedHashMap<>(); // shown: active or latched, by id
        final Map<String, AlarmEvent> history = new LinkedHashMap<>(); // latest step of every alarm seen, by id
        // The strip: a ring of mV values (NaN where lost or an electrode is off) at fs, the last one at lastMicros.
        int fs;
        float[] ring = new float[0];
        int head, count;
        long lastMicros;
        final List<float[]> pending = new ArrayList<>(); // samples not yet streamed
        long version; // bumped on every change but samples

        Bed(String device) { this.device = device; }
    }

    private final ConcurrentHashMap<String, Bed> beds = new ConcurrentHashMap<>();
    /** The people's steps (acknowledged, silenced), newest first: the audit the station shows. */
    private final java.util.Deque<AlarmEvent> audit = new java.util.ArrayDeque<>();
    static final int AUDIT_ROWS = 30;
    private volatile long version;

    private Bed bed(String device) {
        return beds.computeIfAbsent(device, Bed::new);
    }

    /** New samples of {@code device}'s analysis lead (mV, NaN where unusable) at {@code fs}, the first at {@code firstMicros}. */
    public void samples(String device, String ward, String bedName, int fs, long firstMicros, float[] mv, long nowMillis) {
        Bed b = bed(device);
        synchronized (b) {
            if (ward != null && !ward.equals(b.ward)) { b.ward = ward; changed(b); }
            if (bedName != null && !bedName.equals(b.bed)) { b.bed = bedName; changed(b); }
            int step = Math.max(1, fs / STRIP_MAX_HZ);
            int drawnHz = fs / step;
            float[] kept = new float[(mv.length + step - 1) / step];
            for (int i = 0; i < kept.length; i++) kept[i] = mv[i * step];
            if (drawnHz != b.fs) {
                b.fs = drawnHz;
                b.ring = new float[(int) (STRIP_S * drawnHz)];
                b.head = 0;
                b.count = 0;
                changed(b);
            }
            for (float v : kept) {
                b.ring[b.head] = v;
                b.head = (b.head + 1) % b.ring.length;
                b.count = Math.min(b.count + 1, b.ring.length);
            }
            b.lastMicros = firstMicros + (mv.length - 1) * 1_000_000L / fs;
            if (b.lastFrameMillis == 0 || nowMillis - b.lastFrameMillis > STALE_MS) changed(b);
            b.lastFrameMillis = nowMillis;
            b.pending.add(kept);
        }
    }

    /** A device's status message. */
    public void status(DeviceStatus s) {
        Bed b = bed(s.deviceId());
        synchronized (b) {
            b.state = s.state();
            if (s.batteryPercent() != null) b.battery = s.batteryPercent();
            if (s.ward() != null) b.ward = s.ward();
            if (s.bed() != null) b.bed = s.bed();
            changed(b);
        }
    }

    /** The latest vitals of a device (null: not known). */
    public void vitals(String device, String ward, String bedName, Double hr, String rhythm, Double quality) {
        Bed b = bed(device);
        synchronized (b) {
            boolean diff = !java.util.Objects.equals(hr, b.hr) || !java.util.Objects.equals(rhythm, b.rhythm) || !java.util.Objects.equals(quality, b.quality);
            b.hr = hr;
            b.rhythm = rhythm;
            b.quality = quality;
            if (b.ward == null) b.ward = ward;
            if (b.bed == null) b.bed = bedName;
            if (diff) changed(b);
        }
    }

    /** One step of an alarm: it is shown while active, or latched until acknowledged. */
    public void alarm(AlarmEvent a) {
        if (AlarmEvent.VETOED.equals(a.state())) return;
        Bed b = bed(a.deviceId());
        synchronized (b) {
            if (a.ward() != null && b.ward == null) b.ward = a.ward();
            if (a.bed() != null && b.bed == null) b.bed = a.bed();
            // Steps come in their order (a device's alarms share a partition); their times do not say it: a clearing
            // carries the time its condition ended, which can be before an escalation sent meanwhile. Nothing follows
            // an episode's end, so a step read again after it (a re-read from the look-back) is let go.
            AlarmEvent before = b.history.get(a.id());
            if (before != null && !shown(before)) return;
            b.history.put(a.id(), a);
            if (b.history.size() > 200) b.history.remove(b.history.keySet().iterator().next());
            if (shown(a)) b.alarms.put(a.id(), a);
            else b.alarms.remove(a.id());
            changed(b);
        }
        if (a.by() != null) {
            synchronized (audit) {
                audit.addFirst(a);
                while (audit.size() > AUDIT_ROWS) audit.removeLast();
            }
        }
    }

    /** Whether a step leaves its alarm on the board: active, or latched until acknowledged. */
    private static boolean shown(AlarmEvent a) {
        return Boolean.TRUE.equals(a.active()) || Boolean.TRUE.equals(a.latched()) || (a.active() == null && !AlarmEvent.CLEARED.equals(a.state()));
    }

    /** The latest acknowledgements and silences, newest first. */
    public List<Map<String, Object>> audit(long nowMillis) {
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (audit) {
            for (AlarmEvent a : audit) {
                Map<String, Object> v = alarmView(a, nowMillis);
                v.put("device", a.deviceId());
                v.put("bed", a.bed());
                out.add(v);
            }
        }
        return out;
    }

    private void changed(Bed b) {
        b.version++;
        version++;
    }

    /** Changes version: a new value means something other than samples changed. */
    public long version() { return version; }

    /** The samples received since the last call, per device, and forgets them: what the live stream sends on. */
    public Map<String, Map<String, Object>> drainSamples() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Bed b : beds.values()) {
            synchronized (b) {
                if (b.pending.isEmpty()) continue;
                int n = 0;
                for (float[] c : b.pending) n += c.length;
                float[] all = new float[n];
                int at = 0;
                for (float[] c : b.pending) { System.arraycopy(c, 0, all, at, c.length); at += c.length; }
                b.pending.clear();
                out.put(b.device, Map.of("fs", b.fs, "t", b.lastMicros / 1000, "v", encode(all)));
            }
        }
        return out;
    }

    /** Every bed of {@code ward} (null: all), the most urgent first, as the pages read them. */
    public List<Map<String, Object>> snapshot(String ward, boolean withStrip, long nowMillis) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Bed b : beds.values()) {
            synchronized (b) {
                if (ward != null && !ward.equals(b.ward)) continue;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("device", b.device);
                m.put("ward", b.ward);
                m.put("bed", b.bed);
                boolean receiving = b.lastFrameMillis > 0 && nowMillis - b.lastFrameMillis <= STALE_MS;
                m.put("online", receiving && !DeviceStatus.OFFLINE.equals(b.state));
                m.put("state", receiving ? b.state : b.lastFrameMillis == 0 ? "waiting" : "no signal");
                m.put("battery", b.battery);
                // No rate while an arrest is alarmed: the last window's average would read as a heart beating.
                boolean arrest = b.alarms.values().stream().anyMatch(a -> !Boolean.FALSE.equals(a.active())
                        && !AlarmEvent.CLEARED.equals(a.state()) && ("ASYSTOLE".equals(a.type()) || "VFIB".equals(a.type())));
                m.put("hr", arrest ? null : b.hr);
                m.put("rhythm", b.rhythm);
                m.put("quality", b.quality);
                List<AlarmEvent> alarms = new ArrayList<>(b.alarms.values());
                alarms.sort(URGENCY);
                List<Map<String, Object>> shown = new ArrayList<>();
                for (AlarmEvent a : alarms) shown.add(alarmView(a, nowMillis));
                m.put("alarms", shown);
                m.put("rank", alarms.isEmpty() ? 9 : rank(alarms.get(0).priority()));
                if (withStrip) {
                    float[] strip = new float[b.count];
                    for (int i = 0; i < b.count; i++) strip[i] = b.ring[(b.head - b.count + i + b.ring.length) % b.ring.length];
                    m.put("strip", Map.of("fs", b.fs, "t", b.lastMicros / 1000, "v", encode(strip)));
                }
                out.add(m);
            }
        }
        out.sort(Comparator.comparingInt((Map<String, Object> m) -> (Integer) m.get("rank"))
                .thenComparing(m -> String.valueOf(m.get("ward")) + "/" + bedKey(m.get("bed")) + "/" + m.get("device")));
        return out;
    }

    /** The alarm history of one device, newest first (every alarm seen since the station started, its latest step). */
    public List<Map<String, Object>> history(String device, long nowMillis) {
        Bed b = beds.get(device);
        if (b == null) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (b) {
            for (AlarmEvent a : b.history.values()) out.add(alarmView(a, nowMillis));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** The ward of a device's bed (null: not known). */
    public String wardOf(String device) {
        Bed b = beds.get(device);
        if (b == null) return null;
        synchronized (b) { return b.ward; }
    }

    /** The device an alarm id belongs to, if the board knows the alarm. */
    public String deviceOfAlarm(String id) {
        for (Bed b : beds.values()) {
            synchronized (b) {
                if (b.history.containsKey(id)) return b.device;
            }
        }
        return null;
    }

    private static Map<String, Object> alarmView(AlarmEvent a, long nowMillis) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("type", a.type());
        v.put("priority", a.priority());
        v.put("state", a.state());
        v.put("active", a.active() == null ? !AlarmEvent.CLEARED.equals(a.state()) : a.active());
        v.put("latched", Boolean.TRUE.equals(a.latched()));
        v.put("acknowledged", AlarmEvent.ACKNOWLEDGED.equals(a.state()));
        v.put("by", a.by());
        v.put("message", a.message());
        v.put("onset_ms", a.onsetMillis());
        v.put("event_ms", a.eventMillis());
        v.put("age_s", Math.max(0, (nowMillis - a.onsetMillis()) / 1000));
        return v;
    }

    /** IEC 60601-1-8 order: high, medium, low; then the newest first. */
    static final Comparator<AlarmEvent> URGENCY = Comparator.comparingInt((AlarmEvent a) -> rank(a.priority()))
            .thenComparing(Comparator.comparingLong(AlarmEvent::onsetMillis).reversed());

    static int rank(String priority) {
        if (priority == null) return 3;
        return switch (priority) {
            case "HIGH" -> 0;
            case "MEDIUM" -> 1;
            case "LOW" -> 2;
            default -> 3;
        };
    }

    private static String bedKey(Object bed) {
        String s = String.valueOf(bed);
        return s.matches("\\d+") ? String.format("%06d", Long.parseLong(s)) : s;
    }

    /** Samples as hundredths of a millivolt (null where unusable): small on the wire, exact enough for a strip. */
    private static List<Integer> encode(float[] mv) {
        List<Integer> out = new ArrayList<>(mv.length);
        for (float v : mv) out.add(Float.isNaN(v) ? null : Math.round(v * 100));
        return out;
    }
}
