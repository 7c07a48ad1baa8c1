package org.openholter.core.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.wire.AlarmCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliniciansTest {
    static final String DIRECTORY = """
            # identity   role          wards
            nurse-ann    nurse         icu-2
            cn-tom       charge-nurse  icu-2,icu-3
            dr-bo        physician     *
            """;

    static AlarmCommand ack() { return new AlarmCommand(AlarmCommand.ACK, "bed-7", null, "whoever", null, null, null); }
    static AlarmCommand limits() {
        return new AlarmCommand(AlarmCommand.LIMITS, "bed-7", null, "whoever", null, null, new AlarmCommand.Limits(130.0, null, null, null));
    }

    @Test
    void rolesAllowTheirActions_andTheSenderIsTheAuthenticatedIdentity(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("clinicians");
        Files.writeString(f, DIRECTORY);
        Clinicians c = Clinicians.read(f);
        assertThat(c.size()).isEqualTo(3);

        Clinicians.Decision nurseAck = c.authorise("nurse-ann", ack());
        assertThat(nurseAck.allowed()).isTrue();
        assertThat(nurseAck.command().by()).isEqualTo("nurse-ann");
        assertThat(nurseAck.command().role()).isEqualTo("nurse");
        assertThat(nurseAck.command().coversWard("icu-2")).isTrue();
        assertThat(nurseAck.command().coversWard("icu-3")).isFalse();

        Clinicians.Decision nurseLimits = c.authorise("nurse-ann", limits());
        assertThat(nurseLimits.allowed()).isFalse();
        assertThat(nurseLimits.refusal()).contains("nurse may not LIMITS");
        assertThat(nurseLimits.command().by()).isEqualTo("nurse-ann");

        assertThat(c.authorise("cn-tom", limits()).allowed()).isTrue();
        assertThat(c.authorise("cn-tom", AlarmCommand.wardLimits("icu-3", "x", limits().limits())).allowed()).isTrue();
        Clinicians.Decision otherWard = c.authorise("cn-tom", AlarmCommand.wardLimits("icu-9", "x", limits().limits()));
        assertThat(otherWard.allowed()).isFalse();
        assertThat(otherWard.refusal()).contains("ward icu-9");
        assertThat(c.authorise("dr-bo", AlarmCommand.wardLimits("icu-9", "x", limits().limits())).allowed()).isTrue();

        Clinicians.Decision stranger = c.authorise("sim-001", ack());
        assertThat(stranger.allowed()).isFalse();
        assertThat(stranger.refusal()).contains("sim-001 is not in the clinician directory");
        assertThat(stranger.command().by()).isEqualTo("sim-001");
        assertThat(stranger.command().wards()).isNull();
    }

    @Test
    void badDirectories_nameTheFileLineAndWhatIsExpected(@TempDir Path dir) throws Exception {
        for (String[] bad : new String[][] {
                {"nurse-ann nurse", "line 1: expected 'identity role wards', found 2 fields"},
                {"# ok\nnurse-ann janitor icu-2", "line 2: role 'janitor' is not one of"},
                {"nurse/ann nurse icu-2", "identity 'nurse/ann' is not a plain name"},
                {"nurse-ann nurse icu 2,x/y", "expected 'identity role wards', found 4 fields"},
                {"nurse-ann nurse x/y", "ward 'x/y' is not a plain name or *"},
                {"nurse-ann nurse a\nnurse-ann nurse b", "line 2: identity nurse-ann listed twice"}}) {
            Path f = dir.resolve("c" + Math.abs(bad[0].hashCode()));
            Files.writeString(f, bad[0]);
            assertThatThrownBy(() -> Clinicians.read(f)).as(bad[0]).hasMessageContaining(f.toString()).hasMessageContaining(bad[1]);
        }
        assertThatThrownBy(() -> Clinicians.read(dir.resolve("missing"))).hasMessageContaining("does not exist");
        assertThat(List.of(Clinicians.ROLES.keySet().toArray())).contains("nurse", "charge-nurse", "physician");
    }
}
