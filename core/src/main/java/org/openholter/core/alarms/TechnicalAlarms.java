package org.openholter.core.alarms;

import org.openholter.core.analysis.SignalQuality;
import org.openholter.wire.DeviceStatus;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The technical alarms: the patient is not being monitored properly. From each reported stretch's signal quality
 * and lost samples: LEAD_OFF (electrode off for half the stretch or more; cleared once under a tenth), SIGNAL_LOSS
 * (half or more of the samples lost; cleared under a tenth), NOISY_SIGNAL (unreadable with the electrodes on and the
 * samples there, for 10 s; cleared by a readable stretch). From the device's status: DEVICE_OFFLINE (offline while
 * monitoring; cleared when it is back; an {@code ended} status ends monitoring without an alarm) and BATTERY_LOW
 * (under 15 %; cleared from 20 %).
 */
public final class TechnicalAlarms {
    static final long NOISE_MICROS = 10_000_000L;
    private static final double ON = 0.5, OFF = 0.1, BATTERY_LOW = 15, BATTERY_OK = 20;

    private final ActiveAlarms active = new ActiveAlarms();
    private long noisySince = Long.MIN_VALUE;

    public Map<AlarmType, Long> active() { return active.view(); }

    /** One reported stretch [from, to): its quality (null: none) and the share of its samples lost. */
    public void onStretch(long from, long to, SignalQuality q, double lostShare, List<AlarmTransition> out) {
        double leadOff = q == null ? 0 : q.leadOffFraction();
        level(AlarmType.LEAD_OFF, leadOff >= ON, leadOff < OFF, from, leadOff, "electrode off", "electrodes on", out);
        level(AlarmType.SIGNAL_LOSS, lostShare >= ON, lostShare < OFF, from, lostShare, "signal lost on the way", "signal back", out);
        boolean readable = q != null && q.usable();
        boolean noisy = !readable && leadOff < ON && lostShare < ON;
        if (noisy) {
            if (noisySince == Long.MIN_VALUE) noisySince = from;
            if (to - noisySince >= NOISE_MICROS) active.raise(AlarmType.NOISY_SIGNAL, noisySince, to, q == null ? Double.NaN : q.score(), "signal unreadable for 10 s", out);
        } else {
            noisySince = Long.MIN_VALUE;
            if (readable) active.clear(AlarmType.NOISY_SIGNAL, from, q.score(), "signal readable", out);
        }
    }

    /** A status message of the device, at {@code micros}. */
    public void onStatus(DeviceStatus s, long micros, List<AlarmTransition> out) {
        if (DeviceStatus.OFFLINE.equals(s.state())) active.raise(AlarmType.DEVICE_OFFLINE, micros, micros, Double.NaN, "device offline", out);
        else active.clear(AlarmType.DEVICE_OFFLINE, micros, Double.NaN, DeviceStatus.ENDED.equals(s.state()) ? "monitoring ended" : "device back", out);
        if (DeviceStatus.ENDED.equals(s.state())) {
            active.clear(AlarmType.BATTERY_LOW, micros, Double.NaN, "monitoring ended", out);
            return;
        }
        Double b = s.batteryPercent();
        if (b == null) return;
        if (b < BATTERY_LOW) active.raise(AlarmType.BATTERY_LOW, micros, micros, b, String.format(java.util.Locale.ROOT, "battery %.0f %%", b), out);
        else if (b >= BATTERY_OK) active.clear(AlarmType.BATTERY_LOW, micros, b, String.format(java.util.Locale.ROOT, "battery %.0f %%", b), out);
    }

    /**
     * Nothing has arrived from a streaming device since its last sample at {@code lastSampleMicros}, and it is now
     * {@code nowMicros} (the job's wall-clock timer put on the device's clock, whatever the transport did): SIGNAL_LOSS
     * from the last sample. The data that comes back clears it ({@link #onStretch}).
     */
    public void onSilence(long lastSampleMicros, long nowMicros, List<AlarmTransition> out) {
        double s = (nowMicros - lastSampleMicros) / 1e6;
        active.raise(AlarmType.SIGNAL_LOSS, lastSampleMicros, nowMicros, s, String.format(java.util.Locale.ROOT, "no data from the device for %.0f s", s), out);
    }

    private void level(AlarmType type, boolean on, boolean off, long at, double value, String raised, String cleared, List<AlarmTransition> out) {
        if (on) active.raise(type, at, at, value, raised, out);
        else if (off) active.clear(type, at, value, cleared, out);
    }



    public void writeState(DataOutput o) throws IOException {
        active.write(o);
        o.writeLong(noisySince);
    }

    public void readState(DataInput in) throws IOException {
        active.read(in);
        noisySince = in.readLong();
    }
}
