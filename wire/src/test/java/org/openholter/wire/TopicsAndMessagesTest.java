package org.openholter.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsAndMessagesTest {
    private final Topics topics = new Topics(Topics.DEFAULT_ROOT);

    @Test
    void parse_deviceTopics_roundTrip() {
        assertThat(topics.parse(topics.frame("bed-2"))).isEqualTo(new Topics.DeviceTopic("bed-2", Topics.Kind.FRAME));
        assertThat(topics.parse(topics.frameJson("bed-2"))).isEqualTo(new Topics.DeviceTopic("bed-2", Topics.Kind.FRAME_JSON));
        assertThat(topics.parse(topics.status("x"))).isEqualTo(new Topics.DeviceTopic("x", Topics.Kind.STATUS));
        assertThat(topics.parse("holter/v1/dev/x/other")).isNull();
        assertThat(topics.parse("other/dev/x/frame")).isNull();
    }

    @Test
    void root_withWildcards_isRefused() {
        assertThatThrownBy(() -> new Topics("a/#")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void status_roundTripsAndIsChecked() {
        DeviceStatus s = new DeviceStatus("bed-1", "online", 5L, 80.0, List.of("V1"), "icu", "3");
        assertThat(DeviceStatus.fromJson(s.toJson())).isEqualTo(s);
        assertThatThrownBy(() -> DeviceStatus.fromJson("{\"device\":\"b\",\"state\":\"maybe\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FrameDecodeException.class);
        assertThatThrownBy(() -> DeviceStatus.fromJson("{\"device\":\"b\",\"state\":\"online\",\"battery_pct\":140}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(FrameDecodeException.class);
    }

    @Test
    void alarm_roundTrips() {
        AlarmEvent a = new AlarmEvent("d:ASYSTOLE:1", "d", "icu", "3", "ASYSTOLE", "HIGH", "RAISED", 1, 2, null, "no QRS");
        assertThat(AlarmEvent.fromJson(a.toJson())).isEqualTo(a);
    }

    @Test
    void alarmCommands_roundTripAndEveryBadOneIsRefusedWithItsReason() {
        AlarmCommand ack = new AlarmCommand(AlarmCommand.ACK, "bed-7", "bed-7:ASYSTOLE:1", "nurse-ann", 1_800_000_000_000L, null, null);
        assertThat(AlarmCommand.fromJson(ack.toJson())).isEqualTo(ack);
        AlarmCommand limits = AlarmCommand.fromJson("{\"action\":\"LIMITS\",\"device\":\"bed-7\",\"by\":\"dr\",\"limits\":{\"hr_high\":130}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(limits.limits().hrHighBpm()).isEqualTo(130.0);
        assertThat(limits.limits().hrLowBpm()).isNull();
        for (String[] bad : new String[][] {
                {"{", "BAD_JSON"},
                {"{\"action\":\"ACK\",\"by\":\"x\"}", "BAD_DEVICE_ID"},
                {"{\"action\":\"REBOOT\",\"device\":\"bed-7\",\"by\":\"x\"}", "BAD_COMMAND"},
                {"{\"action\":\"ACK\",\"device\":\"bed-7\"}", "BAD_COMMAND"},
                {"{\"action\":\"ACK\",\"device\":\"bed-7\",\"by\":\"x\",\"id\":\"bed-8:VFIB:1\"}", "BAD_COMMAND"},
                {"{\"action\":\"SILENCE\",\"device\":\"bed-7\",\"by\":\"x\",\"silence_s\":3600}", "BAD_COMMAND"},
                {"{\"action\":\"LIMITS\",\"device\":\"bed-7\",\"by\":\"x\"}", "BAD_COMMAND"},
                {"{\"action\":\"LIMITS\",\"device\":\"bed-7\",\"by\":\"x\",\"limits\":{\"hr_high\":60,\"hr_low\":80}}", "BAD_COMMAND"},
                {"{\"action\":\"LIMITS\",\"device\":\"bed-7\",\"by\":\"x\",\"limits\":{\"pause_s\":0.2}}", "BAD_COMMAND"},
                {"{\"action\":\"LIMITS\",\"device\":\"bed-7\",\"ward\":\"icu-2\",\"by\":\"x\",\"limits\":{\"hr_high\":130}}", "BAD_COMMAND"},
                {"{\"action\":\"ACK\",\"ward\":\"icu-2\",\"by\":\"x\"}", "BAD_COMMAND"},
                {"{\"action\":\"LIMITS\",\"ward\":\"icu 2/x\",\"by\":\"x\",\"limits\":{\"hr_high\":130}}", "BAD_COMMAND"},
                {"{\"action\":\"LIMITS\",\"ward\":\"icu-2\",\"by\":\"x\",\"limits\":{\"hr_high\":400}}", "BAD_COMMAND"}}) {
            assertThatThrownBy(() -> AlarmCommand.fromJson(bad[0].getBytes(StandardCharsets.UTF_8))).as(bad[0])
                    .isInstanceOfSatisfying(FrameDecodeException.class, e -> assertThat(e.reason().name()).isEqualTo(bad[1]));
        }
        assertThat(AlarmCommand.wardLimits("{\"icu-2\":{\"hr_high\":130,\"qtc_ms\":480}}").get("icu-2").qtcMs()).isEqualTo(480.0);
        assertThatThrownBy(() -> AlarmCommand.wardLimits("{\"icu-2\":{\"hr_low\":5}}")).hasMessageContaining("icu-2").hasMessageContaining("hr_low");
        assertThat(new Topics("holter/v1").parse("holter/v1/dev/bed-7/command")).isEqualTo(new Topics.DeviceTopic("bed-7", Topics.Kind.COMMAND));
        AlarmCommand ward = AlarmCommand.fromJson(AlarmCommand.wardLimits("icu-2", "dr-lee", new AlarmCommand.Limits(130.0, null, null, null)).toJson());
        assertThat(ward.forWard()).isTrue();
        assertThat(ward.target()).isEqualTo("ward:icu-2");
        assertThat(AlarmCommand.Limits.fromJson(ward.limits().toJson())).isEqualTo(ward.limits());
        Topics t = new Topics("holter/v1");
        assertThat(t.parse(t.wardCommand("icu-2"))).isEqualTo(new Topics.DeviceTopic("icu-2", Topics.Kind.WARD_COMMAND));
        assertThat(t.parse("holter/v1/ward/icu-2/alarm")).isNull();
        assertThat(t.gatewayFilters()).contains("holter/v1/ward/+/command");
    }

    @Test
    void stationCommands_takeWhoFromTheAuthenticatedIdentity_andDropWhatOnlyTheGatewaySays() {
        Topics t = new Topics("holter/v1");
        assertThat(t.parse(t.stationCommand("nurse-ann"))).isEqualTo(new Topics.DeviceTopic("nurse-ann", Topics.Kind.STATION_COMMAND));
        assertThat(t.parse("holter/v1/station/a/b/command")).isNull();
        assertThat(t.gatewayFilters()).contains("holter/v1/station/+/command");
        String forged = "{\"action\":\"ACK\",\"device\":\"bed-7\",\"by\":\"dr-chief\",\"role\":\"physician\",\"wards\":[\"*\"],\"refused\":\"x\"}";
        AlarmCommand c = AlarmCommand.fromSender(forged.getBytes(StandardCharsets.UTF_8), "nurse-ann");
        assertThat(c.by()).isEqualTo("nurse-ann");
        assertThat(c.role()).isNull();
        assertThat(c.wards()).isNull();
        assertThat(c.refused()).isNull();
        // Without an authenticated sender, the sender's "by" stands, and nothing else it claims does.
        AlarmCommand legacy = AlarmCommand.fromSender(forged.getBytes(StandardCharsets.UTF_8), null);
        assertThat(legacy.by()).isEqualTo("dr-chief");
        assertThat(legacy.wards()).isNull();
        // "by" may be left out when the broker says who.
        assertThat(AlarmCommand.fromSender("{\"action\":\"ACK\",\"device\":\"bed-7\"}".getBytes(StandardCharsets.UTF_8), "nurse-ann").by())
                .isEqualTo("nurse-ann");
        // The gateway's word survives the trip through Kafka.
        AlarmCommand vouched = AlarmCommand.fromJson(c.authenticated("nurse-ann", "nurse", java.util.List.of("icu-2")).toJson());
        assertThat(vouched.role()).isEqualTo("nurse");
        assertThat(vouched.coversWard("icu-2")).isTrue();
        assertThat(vouched.coversWard("icu-3")).isFalse();
        assertThat(vouched.coversWard(null)).isFalse();
        assertThat(c.authenticated("dr-bo", "physician", java.util.List.of("*")).coversWard(null)).isTrue();
        assertThat(c.coversWard("any")).isTrue(); // no scope: a deployment without clinician authentication
        assertThat(AlarmCommand.fromJson(c.refusedFor("FORBIDDEN: nurse may not").toJson()).refused()).isEqualTo("FORBIDDEN: nurse may not");
    }
}
