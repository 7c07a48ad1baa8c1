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

    @Test
    void secrets_comeFromTheEnvironmentOrAFile_neverFromTheCommandLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Flags f = new Flags("t", "HOLTER_T").declareSecret("mqtt.password", "MQTT password");
        assertThatThrownBy(() -> f.parse(new String[] {"--mqtt.password", "hunter2"}, Map.of()))
                .hasMessageContaining("not taken from the command line").hasMessageContaining("HOLTER_T_MQTT_PASSWORD")
                .hasMessageContaining("--mqtt.password-file").hasMessageNotContaining("hunter2");
        assertThat(new Flags("t", "HOLTER_T").declareSecret("mqtt.password", "p").parse(new String[0], Map.of("HOLTER_T_MQTT_PASSWORD", "envpw"))
                .secret("mqtt.password")).isEqualTo("envpw");
        java.nio.file.Path file = dir.resolve("pw");
        java.nio.file.Files.writeString(file, "filepw\nsecond line ignored\n");
        assertThat(new Flags("t", "HOLTER_T").declareSecret("mqtt.password", "p").parse(new String[] {"--mqtt.password-file", file.toString()}, Map.of())
                .secret("mqtt.password")).isEqualTo("filepw");
        assertThat(new Flags("t", "HOLTER_T").declareSecret("mqtt.password", "p").parse(new String[0], Map.of()).secret("mqtt.password")).isNull();
        assertThatThrownBy(() -> new Flags("t", "HOLTER_T").declareSecret("mqtt.password", "p")
                .parse(new String[] {"--mqtt.password-file", dir.resolve("missing").toString()}, Map.of()).secret("mqtt.password"))
                .hasMessageContaining("--mqtt.password-file").hasMessageContaining("cannot be read");
    }
}
