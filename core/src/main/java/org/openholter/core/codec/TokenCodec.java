package org.openholter.core.codec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The 13-symbol run-length token codec ("alphabet v1.0"). An event (symbol, duration) packs
 * into one 16-bit word {@code (symbol << 8) | units}, units = max(1, round-half-to-even(ms / 4)), so 4–1020 ms;
 * longer events split into 1020-ms words, and decoding merges consecutive words of the same symbol.
 */
public final class TokenCodec {
    /** Symbols by id: pad, unknown, iso, pacer spike, P, Q, R, S, T, U, wide QRS, delta, J wave. */
    public static final String ALPHABET = "·?_*pqrstuwdj";
    public static final int PAD = 0, UNKNOWN = 1, ISO = 2, PACER = 3, P = 4, Q = 5, R = 6, S = 7, T = 8, U = 9, WIDE_QRS = 10,
            DELTA = 11, J = 12;
    public static final int MS_PER_UNIT = 4, MAX_UNITS = 255;

    /** One event of the token stream. */
    public record Token(int symbol, double ms) {
        public Token {
            if (symbol < 0 || symbol >= ALPHABET.length()) throw new IllegalArgumentException("no symbol " + symbol + " in alphabet v1.0");
            if (!(ms >= 0)) throw new IllegalArgumentException("negative duration " + ms);
        }

        public char character() { return ALPHABET.charAt(symbol); }
    }

    private TokenCodec() {}

    /** {@code max(1, round-half-to-even(ms / 4))}. */
    public static int units(double ms) {
        int u = new BigDecimal(ms).divide(BigDecimal.valueOf(MS_PER_UNIT)).setScale(0, RoundingMode.HALF_EVEN).intValueExact();
        return Math.max(1, u);
    }

    public static char[] encode(List<Token> tokens) {
        List<Character> words = new ArrayList<>();
        for (Token t : tokens) {
            int u = units(t.ms());
            while (u > MAX_UNITS) {
                words.add((char) (t.symbol() << 8 | MAX_UNITS));
                u -= MAX_UNITS;
            }
            words.add((char) (t.symbol() << 8 | u));
        }
        char[] out = new char[words.size()];
        for (int i = 0; i < out.length; i++) out[i] = words.get(i);
        return out;
    }

    /** Tokens from words, consecutive words of one symbol merged (durations in whole 4-ms units). */
    public static List<Token> decode(char[] words) {
        List<Token> out = new ArrayList<>();
        for (char w : words) {
            int symbol = w >>> 8, u = w & 0xFF;
            if (symbol >= ALPHABET.length()) throw new IllegalArgumentException("word 0x" + Integer.toHexString(w) + " has no symbol in alphabet v1.0");
            if (u == 0) throw new IllegalArgumentException("word 0x" + Integer.toHexString(w) + " has zero duration");
            if (!out.isEmpty() && out.get(out.size() - 1).symbol() == symbol) {
                Token last = out.remove(out.size() - 1);
                out.add(new Token(symbol, last.ms() + u * MS_PER_UNIT));
            } else {
                out.add(new Token(symbol, u * MS_PER_UNIT));
            }
        }
        return out;
    }

    /** One character per event, e.g. {@code _p_r_t_}. */
    public static String renderCompact(List<Token> tokens) {
        StringBuilder b = new StringBuilder(tokens.size());
        for (Token t : tokens) b.append(t.character());
        return b.toString();
    }

    /**
     * Tokens of a frame (wave) layer at {@code fs}: other → iso, P → p, QRS → r (w when it lasts 120 ms or
     * more), T → t, paced QRS → w. Our wave layer does not split the QRS into q, r and s; the reserved
     * symbols (u, d, j) are never produced.
     */
    public static List<Token> fromFrameLayer(byte[] wave, int fs) {
        List<Token> out = new ArrayList<>();
        for (Event e : Event.runs(wave, 0)) {
            double ms = e.length() * 1000.0 / fs;
            int symbol = switch (e.cls()) {
                case Layers.P -> P;
                case Layers.QRS -> ms >= 120 ? WIDE_QRS : R;
                case Layers.T -> T;
                case Layers.PACED_QRS -> WIDE_QRS;
                case Layers.OTHER -> ISO;
                default -> UNKNOWN;
            };
            out.add(new Token(symbol, ms));
        }
        return out;
    }
}
