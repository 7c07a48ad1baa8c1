package org.openholter.station;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StationConfigTest {
    @Test
    void badFlagsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> StationConfig.from(new String[] {"--influx.url", "http://x:8086", "--web.port", "0"}, Map.of()))
                .hasMessageContaining("nothing to do").hasMessageContaining("--hl7.host").hasMessageContaining("--fhir.url");
        assertThatThrownBy(() -> StationConfig.from(new String[] {"--hl7.host", "engine"}, Map.of()))
                .hasMessageContaining("--influx.url is needed");
        assertThatThrownBy(() -> StationConfig.from(new String[] {"--fhir.url", "fhir.example", "--influx.url", "http://x:8086"}, Map.of()))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> StationConfig.from(new String[] {"--hl7.host", "e", "--influx.url", "http://x", "--hl7.port", "70000"}, Map.of()))
                .hasMessageContaining("hl7.port");
        assertThatThrownBy(() -> StationConfig.from(new String[] {"--hl7.host", "e", "--influx.url", "http://x", "--influx.ca-file", "/no/such.pem"}, Map.of()))
                .hasMessageContaining("--influx.ca-file /no/such.pem");
        assertThatThrownBy(() -> StationConfig.from(new String[] {"--help"}, Map.of())).isInstanceOf(StationConfig.HelpRequested.class)
                .hasMessageContaining("hl7.dispatch-port");
    }

    @Test
    void environmentAndDefaults() {
        StationConfig c = StationConfig.from(new String[] {"--hl7.host", "engine"},
                Map.of("HOLTER_STATION_INFLUX_URL", "http://influx:8086", "HOLTER_STATION_FHIR_TOKEN", "t0k"));
        assertThat(c.influxUrl()).isEqualTo("http://influx:8086");
        assertThat(c.hl7Port()).isEqualTo(2575);
        assertThat(c.fhirToken()).isEqualTo("t0k");
        assertThat(c.vitalsPeriod().toSeconds()).isEqualTo(60);
        assertThat(c.ackOnAccept()).isFalse();
        assertThat(c.sender().application()).isEqualTo("OPENHOLTER");
    }
}
