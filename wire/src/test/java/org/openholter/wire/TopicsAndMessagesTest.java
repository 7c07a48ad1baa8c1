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
}
