package org.openholter.job;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EcgJobOptionsTest {
    @Test
    void parse_flagsThenEnvironmentThenDefaults() {
        EcgJobOptions o = EcgJobOptions.parse(new String[] {"--kafka.bootstrap", "k:1"},
                Map.of("HOLTER_INFLUX_PASSWORD", "secret", "HOLTER_KAFKA_BOOTSTRAP", "ignored:2"));
        assertThat(o.get(EcgJobOptions.KAFKA_BOOTSTRAP)).isEqualTo("k:1");
        assertThat(o.influxConfig().password()).isEqualTo("secret");
        assertThat(o.influxConfig().toString()).doesNotContain("secret");
        assertThat(o.monitorConfig().analysisRateHz()).isEqualTo(250);
    }

    @Test
    void parse_badInput_failsEarlyWithTheOptionNamed() {
        assertThatThrownBy(() -> EcgJobOptions.parse(new String[] {"--kafka.bootstrp", "x"}, Map.of()))
                .hasMessageContaining("unknown option(s) [kafka.bootstrp]");
        assertThatThrownBy(() -> EcgJobOptions.parse(new String[] {"--analysis.rate", "50"}, Map.of()))
                .hasMessageContaining("--analysis.rate").hasMessageContaining("100-1000 Hz");
        assertThatThrownBy(() -> EcgJobOptions.parse(new String[] {"--influx.url", "ftp://x"}, Map.of()))
                .hasMessageContaining("http");
        assertThatThrownBy(() -> EcgJob.startingOffsets("middle")).hasMessageContaining("committed, earliest or latest");
    }
}
