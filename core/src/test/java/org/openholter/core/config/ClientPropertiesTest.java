package org.openholter.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientPropertiesTest {
    @Test
    void loadsTheFileButNeverItsBootstrap_andNamesTheFlagWhenItCannot(@TempDir Path dir) throws Exception {
        assertThat(ClientProperties.load(null, "--kafka.config")).isEmpty();
        Path f = dir.resolve("client.properties");
        Files.writeString(f, "security.protocol=SASL_SSL\nbootstrap.servers=elsewhere:9092\n");
        assertThat(ClientProperties.load(f, "--kafka.config")).containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("bootstrap.servers");
        assertThatThrownBy(() -> ClientProperties.load(dir.resolve("missing.properties"), "--kafka.config"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--kafka.config " + dir.resolve("missing.properties") + " cannot be read");
    }
}
