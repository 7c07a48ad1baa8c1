package org.openholter.core.monitor;

import org.openholter.core.hrv.HrvTracker;
import org.openholter.core.rhythm.AfTracker;
import org.openholter.wire.AlarmEvent;

/** Where a {@link PatientMonitor} sends its results. */
public interface MonitorOutput {
    void window(WindowReport report);

    void alarm(AlarmEvent alarm);

    /** The HRV of a span that has ended (every minute; hourly; daily). Ignored unless overridden. */
    default void hrv(HrvReport report) {}

    /** An AF episode began (30 s into it) or ended. Ignored unless overridden. */
    default void afEpisode(AfEpisode episode) {}

    /** The AF burden of the hour or day so far (every minute), or of one that has ended. Ignored unless overridden. */
    default void afBurden(AfBurden burden) {}

    /** The ECGomics features of a reported stretch's window. Ignored unless overridden. */
    default void features(FeatureReport report) {}

    /**
     * One window's {@link org.openholter.core.features.Feature} values (in that enum's order) for the stretch [from, to),
     * and its embedding by the wave model (the comparative dimension; null without a wave model).
     */
    record FeatureReport(String deviceId, String ward, String bed, long fromMicros, long toMicros, double[] values, float[] embedding) {}

    /** One patient's {@link HrvTracker.Report}, with where the patient is. */
    record HrvReport(String deviceId, String ward, String bed, HrvTracker.Report report) {}

    /** One patient's {@link AfTracker.Episode}. */
    record AfEpisode(String deviceId, String ward, String bed, AfTracker.Episode episode) {
        /**
         * The event as published on Kafka {@code ecg.events}: {@code {"type":"AF_EPISODE","state":"onset"|"end","device",
         * "ward","bed","onset_ms","end_ms" (null at onset),"duration_s"}}.
         */
        public byte[] toJson() {
            var n = org.openholter.wire.Json.MAPPER.createObjectNode();
            long at = episode.reportedAtMicros();
            n.put("type", "AF_EPISODE").put("state", episode.ongoing() ? "onset" : "end").put("device", deviceId)
                    .put("ward", ward).put("bed", bed).put("onset_ms", Math.floorDiv(episode.onsetMicros(), 1000));
            if (episode.ongoing()) n.putNull("end_ms"); else n.put("end_ms", Math.floorDiv(episode.offsetMicros(), 1000));
            n.put("duration_s", episode.seconds(at));
            return n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** One patient's {@link AfTracker.Burden}. */
    record AfBurden(String deviceId, String ward, String bed, AfTracker.Burden burden) {}
}
