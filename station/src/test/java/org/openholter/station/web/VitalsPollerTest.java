package org.openholter.station.web;

import org.junit.jupiter.api.Test;
import org.openholter.wire.Json;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate the station shows: the alarms' own, none when they have none, the window's from a job that lacks it. */
class VitalsPollerTest {
    static Double rate(String values) throws Exception {
        return VitalsPoller.rate(Json.MAPPER.readTree(values));
    }

    @Test
    void theAlarmsRateIsShown_noneDuringAnAsystole_andTheWindowAverageOnlyFromAnOlderJob() throws Exception {
        // [time, alarm_bpm, layer, label, quality, known, window bpm]
        assertThat(rate("[0, 181.0, \"VENTRICULAR\", \"VT\", 1.0, 1, 94.0]")).isEqualTo(181.0);
        assertThat(rate("[0, 75.0, \"ASYSTOLE\", \"ASYSTOLE\", 1.0, 0, 73.0]")).as("an asystole: no rate, not the last one").isNull();
        assertThat(rate("[0, null, \"SINUS\", \"NORMAL\", 1.0, null, 72.0]")).as("a job without the alarms' rate").isEqualTo(72.0);
        assertThat(rate("[0, null, null, null, null, null, null]")).isNull();
    }
}
