package org.openholter.core.codec;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecJsonTest {
    @Test
    void roundTripsEveryLayerSampleBySample() {
        byte[] wave = new byte[1500], beat = new byte[1500], rhythm = new byte[1500];
        for (int i = 100; i < 125; i++) wave[i] = Layers.P;
        for (int i = 150; i < 175; i++) { wave[i] = Layers.QRS; beat[i] = Layers.VPC; }
        for (int i = 240; i < 300; i++) wave[i] = Layers.T;
        java.util.Arrays.fill(rhythm, 700, 1500, Layers.ASYSTOLE);
        CodecSlice s = new CodecSlice(4500, 18_000_000L, 250, wave, beat, rhythm);
        CodecJson.Message m = CodecJson.parse(CodecJson.toJson("bed-7", 2, s));
        assertThat(m.device()).isEqualTo("bed-7");
        assertThat(m.segment()).isEqualTo(2);
        assertThat(m.slice().firstSample()).isEqualTo(4500);
        assertThat(m.slice().startMicros()).isEqualTo(18_000_000L);
        assertThat(m.slice().wave()).isEqualTo(wave);
        assertThat(m.slice().beat()).isEqualTo(beat);
        assertThat(m.slice().rhythm()).isEqualTo(rhythm);
    }

    @Test
    void carriesTheWaveLayerAsTokenWords() throws Exception {
        byte[] wave = new byte[250];
        for (int i = 50; i < 75; i++) wave[i] = Layers.QRS;
        byte[] json = CodecJson.toJson("d", 0, new CodecSlice(0, 0, 250, wave, new byte[250], new byte[250]));
        String b64 = org.openholter.wire.Json.MAPPER.readTree(json).get("wave_tokens").asText();
        byte[] bytes = Base64.getDecoder().decode(b64);
        char[] words = new char[bytes.length / 2];
        for (int i = 0; i < words.length; i++) words[i] = (char) ((bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF);
        assertThat(TokenCodec.renderCompact(TokenCodec.decode(words))).isEqualTo("_r_");
        assertThat(TokenCodec.decode(words).get(1).ms()).isEqualTo(100.0);
    }

    @Test
    void rejectsOtherVersions() {
        assertThatThrownBy(() -> CodecJson.parse("{\"v\":2}".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
