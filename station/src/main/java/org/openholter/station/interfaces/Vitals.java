package org.openholter.station.interfaces;

/**
 * One patient's vitals over one reporting period, as the hospital interfaces send them: each value null when the
 * period had none (no readable heart rate, too few beats for HRV, ...).
 *
 * @param deviceId     the monitoring device (the patient's identifier until an admission feed binds patients)
 * @param ward         its ward, or null
 * @param bed          its bed, or null
 * @param fromMillis   start of the period (epoch ms)
 * @param toMillis     end of the period (epoch ms)
 * @param heartRateBpm mean heart rate over the period
 * @param rhythm       the rhythm layer's latest rhythm (its name: SINUS, AF, ...)
 * @param meanNnMs     mean normal-to-normal interval of the latest 5-min HRV
 * @param sdnnMs       SDNN of the latest 5-min HRV
 * @param rmssdMs      RMSSD of the latest 5-min HRV
 * @param afBurdenPct  AF burden of the latest hour
 */
public record Vitals(String deviceId, String ward, String bed, long fromMillis, long toMillis, Double heartRateBpm,
                     String rhythm, Double meanNnMs, Double sdnnMs, Double rmssdMs, Double afBurdenPct) {
    /** True when there is nothing to report. */
    public boolean empty() {
        return heartRateBpm == null && rhythm == null && meanNnMs == null && sdnnMs == null && rmssdMs == null && afBurdenPct == null;
    }
}
