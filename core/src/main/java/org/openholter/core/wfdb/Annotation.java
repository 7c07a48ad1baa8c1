package org.openholter.core.wfdb;

/**
 * One WFDB annotation.
 *
 * @param sample  position, in samples of the record
 * @param code    MIT annotation code (1 N, 5 V, 24 p, 27 t, 28 rhythm change, 39 '(' , 40 ')' … see {@link AnnotationCodes})
 * @param subtype sub-type ({@code subtyp}), 0 unless set
 * @param chan    signal number the annotation refers to
 * @param num     annotator-defined number
 * @param aux     auxiliary text (rhythm labels such as {@code (AFIB}), or null
 */
public record Annotation(long sample, int code, int subtype, int chan, int num, String aux) {
    public Annotation {
        if (code < 1 || code > 49) throw new IllegalArgumentException("annotation codes are 1-49, got " + code);
        if (sample < 0) throw new IllegalArgumentException("annotation before the record start: " + sample);
    }

    /** The code's mnemonic character(s), e.g. "N", "V", "(", "+". */
    public String symbol() { return AnnotationCodes.symbol(code); }

    public static Annotation of(long sample, String symbol) {
        return new Annotation(sample, AnnotationCodes.code(symbol), 0, 0, 0, null);
    }

    public Annotation withSample(long s) {
        return new Annotation(s, code, subtype, chan, num, aux);
    }
}
