package org.openholter.core.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagsTest {
    static Flags flags() {
        return new Flags("t", "HOLTER_T").declare("mqtt.port", "1883", "port").declare("name", null, "name").declare("on", "false", "switch");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsDefaults() {
        Flags f = flags().parse(new String[] {"--name=x", "--on"}, Map.of("HOLTER_T_MQTT_PORT", "2000", "HOLTER_T_NAME", "env"));
        assertThat(f.getInt("mqtt.port", 1, 65535)).isEqualTo(2000);
        assertThat(f.get("name")).isEqualTo("x");
        assertThat(f.getBool("on")).isTrue();
        assertThat(flags().parse(new String[0], Map.of()).getInt("mqtt.port", 1, 65535)).isEqualTo(1883);
    }

    @Test
    void badFlags_failWithUsefulMessages() {
        assertThatThrownBy(() -> flags().parse(new String[] {"--nope", "1"}, Map.of())).hasMessageContaining("unknown option --nope")
                .hasMessageContaining("--mqtt.port");
        assertThatThrownBy(() -> flags().parse(new String[] {"--mqtt.port", "x"}, Map.of()).getInt("mqtt.port", 1, 65535))
                .hasMessageContaining("--mqtt.port must be a whole number");
        assertThatThrownBy(() -> flags().parse(new String[] {"--mqtt.port", "0"}, Map.of()).getInt("mqtt.port", 1, 65535))
                .hasMessageContaining("1..65535");
        assertThatThrownBy(() -> flags().parse(new String[0], Map.of()).require("name")).hasMessageContaining("--name is required");
    }
}
