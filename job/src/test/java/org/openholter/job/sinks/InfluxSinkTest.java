package org.openholter.job.sinks;

import org.junit.jupiter.api.Test;
import org.openholter.core.sinks.InfluxWriter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxSinkTest {
    /** The sink's checkpointed lines read back exactly, and a state of an unknown version is refused, not misread. */
    @Test
    void pendingLines_roundTripThroughTheirSerializer() throws Exception {
        var s = new InfluxSink.PendingSerializer();
        var p = new InfluxSink.Pending(List.of(new InfluxWriter.Line("heart_rate,device=bed-1 bpm=72 1000", 1000L, "device=bed-1"),
                new InfluxWriter.Line("beat,device=bed-1 rr=0.8,é=1 2000", Long.MIN_VALUE, null)));
        assertThat(s.deserialize(s.getVersion(), s.serialize(p))).isEqualTo(p);
        assertThatThrownBy(() -> s.deserialize(2, s.serialize(p))).hasMessageContaining("version 2");
    }
}
