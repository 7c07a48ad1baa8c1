package org.openholter.core.wfdb;

/** MIT annotation codes and their mnemonics (WFDB's ecgcodes.h). */
public final class AnnotationCodes {
    private static final String[] SYMBOLS = new String[50];

    static {
        String[][] table = {
                {"1", "N"}, {"2", "L"}, {"3", "R"}, {"4", "a"}, {"5", "V"}, {"6", "F"}, {"7", "J"}, {"8", "A"}, {"9", "S"},
                {"10", "E"}, {"11", "j"}, {"12", "/"}, {"13", "Q"}, {"14", "~"}, {"16", "|"}, {"18", "s"}, {"19", "T"},
                {"20", "*"}, {"21", "D"}, {"22", "\""}, {"23", "="}, {"24", "p"}, {"25", "B"}, {"26", "^"}, {"27", "t"},
                {"28", "+"}, {"29", "u"}, {"30", "?"}, {"31", "!"}, {"32", "["}, {"33", "]"}, {"34", "e"}, {"35", "n"},
                {"36", "@"}, {"37", "x"}, {"38", "f"}, {"39", "("}, {"40", ")"}, {"41", "r"}};
        for (String[] e : table) SYMBOLS[Integer.parseInt(e[0])] = e[1];
    }

    public static final int NORMAL = 1, PVC = 5, PWAVE = 24, TWAVE = 27, RHYTHM = 28, NOISE = 14, WFON = 39, WFOFF = 40;

    private AnnotationCodes() {}

    /** The mnemonic, or {@code [code]} for codes without one. */
    public static String symbol(int code) {
        String s = code > 0 && code < SYMBOLS.length ? SYMBOLS[code] : null;
        return s != null ? s : "[" + code + "]";
    }

    public static int code(String symbol) {
        for (int c = 1; c < SYMBOLS.length; c++) if (symbol.equals(SYMBOLS[c])) return c;
        throw new IllegalArgumentException("unknown annotation mnemonic '" + symbol + "'");
    }
}
