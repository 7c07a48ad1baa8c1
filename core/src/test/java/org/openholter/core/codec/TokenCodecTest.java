package org.openholter.core.codec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCodecTest {
    static TokenCodec.Token t(int s, double ms) { return new TokenCodec.Token(s, ms); }

    @Test
    void roundsHalfToEvenWithAtLeastOneUnit() {
        assertThat(TokenCodec.units(2)).isEqualTo(1);    // 0.5 → 0 (even) → at least 1
        assertThat(TokenCodec.units(6)).isEqualTo(2);    // 1.5 → 2
        assertThat(TokenCodec.units(10)).isEqualTo(2);   // 2.5 → 2
        assertThat(TokenCodec.units(14)).isEqualTo(4);   // 3.5 → 4
        assertThat(TokenCodec.units(0)).isEqualTo(1);
        assertThat(TokenCodec.units(1020)).isEqualTo(255);
    }

    @Test
    void packsSymbolAndUnitsIntoOneWord() {
        char[] w = TokenCodec.encode(List.of(t(TokenCodec.P, 100), t(TokenCodec.ISO, 40)));
        assertThat(w).containsExactly((char) (4 << 8 | 25), (char) (2 << 8 | 10));
    }

    @Test
    void longEventsSplitInto1020MsWordsAndMergeBack() {
        char[] w = TokenCodec.encode(List.of(t(TokenCodec.ISO, 2500)));
        assertThat(w).containsExactly((char) (2 << 8 | 255), (char) (2 << 8 | 255), (char) (2 << 8 | 115));
        assertThat(TokenCodec.decode(w)).containsExactly(t(TokenCodec.ISO, 2500));
    }

    @Test
    void roundTripIsExactForWholeUnits() {
        Random r = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            List<TokenCodec.Token> tokens = new java.util.ArrayList<>();
            int last = -1;
            for (int k = 0; k < 50; k++) {
                int s;
                do { s = r.nextInt(13); } while (s == last);
                last = s;
                tokens.add(t(s, 4.0 * (1 + r.nextInt(1200))));
            }
            assertThat(TokenCodec.decode(TokenCodec.encode(tokens))).isEqualTo(tokens);
        }
    }

    @Test
    void rendersOneCharacterPerEvent() {
        byte[] wave = new byte[250];
        for (int i = 20; i < 45; i++) wave[i] = Layers.P;
        for (int i = 60; i < 85; i++) wave[i] = Layers.QRS;     // 100 ms: narrow
        for (int i = 120; i < 170; i++) wave[i] = Layers.T;
        List<TokenCodec.Token> tokens = TokenCodec.fromFrameLayer(wave, 250);
        assertThat(TokenCodec.renderCompact(tokens)).isEqualTo("_p_r_t_");
        assertThat(tokens.get(1).ms()).isEqualTo(100.0);
        for (int i = 60; i < 95; i++) wave[i] = Layers.QRS;     // 140 ms: wide
        assertThat(TokenCodec.renderCompact(TokenCodec.fromFrameLayer(wave, 250))).isEqualTo("_p_w_t_");
    }

    @Test
    void rejectsWordsOutsideTheAlphabet() {
        assertThatThrownBy(() -> TokenCodec.decode(new char[] {(char) (13 << 8 | 1)})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenCodec.decode(new char[] {(char) (2 << 8)})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsAndLabelsRoundTrip() {
        byte[] l = {0, 0, 1, 1, 1, 2, 0, 3, 3};
        List<Event> e = Event.runs(l, 100);
        assertThat(e).containsExactly(new Event(100, 102, 0), new Event(102, 105, 1), new Event(105, 106, 2), new Event(106, 107, 0),
                new Event(107, 109, 3));
        assertThat(Event.labels(e, 100, l.length)).isEqualTo(l);
        assertThat(Layers.render(l, Layers.FRAME_CHARS)).isEqualTo("--pppQ-tt");
    }
}
