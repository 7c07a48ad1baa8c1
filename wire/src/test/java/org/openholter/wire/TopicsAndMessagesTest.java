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
}
