package org.openholter.core.delineation;

import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.WfdbAnnotations;

import java.util.ArrayList;
import java.util.List;

/**
 * One delineated wave.
 *
 * @param kind   {@code 'p'}, {@code 'N'} (QRS) or {@code 't'}, as in WFDB wave annotations
 * @param onset  first sample of the wave
 * @param offset last sample of the wave
 */
public record Wave(char kind, int onset, int offset) {
    public int samples() { return offset - onset + 1; }

    public Wave withOffset(int newOffset) { return new Wave(kind, onset, newOffset); }

    /** The waves of a codec wave layer (P, QRS or paced QRS, T runs), in time order. */
    public static List<Wave> fromCodec(byte[] labels) {
        List<Wave> out = new ArrayList<>();
        for (int i = 0; i < labels.length; ) {
            int j = i;
            while (j < labels.length && labels[j] == labels[i]) j++;
            char kind = switch (labels[i]) {
                case org.openholter.core.codec.Layers.P -> 'p';
                case org.openholter.core.codec.Layers.QRS, org.openholter.core.codec.Layers.PACED_QRS -> 'N';
                case org.openholter.core.codec.Layers.T -> 't';
                default -> 0;
            };
            if (kind != 0) out.add(new Wave(kind, i, j - 1));
            i = j;
        }
        return out;
    }

    /** Complete waves (onset, peak and offset all annotated) from WFDB wave annotations, in time order. */
    public static List<Wave> fromAnnotations(List<Annotation> annotations) {
        List<Wave> out = new ArrayList<>();
        for (int k = 1; k + 1 < annotations.size(); k++) {
            String sym = annotations.get(k).symbol();
            if (!sym.equals("p") && !sym.equals("N") && !sym.equals("t")) continue;
            if (annotations.get(k - 1).symbol().equals("(") && annotations.get(k + 1).symbol().equals(")")) {
                out.add(new Wave(sym.charAt(0), (int) annotations.get(k - 1).sample(), (int) annotations.get(k + 1).sample()));
            }
        }
        return out;
    }

    /** The same wave at another sample rate (positions mapped as the resampler maps them). */
    public Wave resampled(int fsIn, int fsOut) {
        return new Wave(kind, (int) WfdbAnnotations.mapSample(onset, fsIn, fsOut), (int) WfdbAnnotations.mapSample(offset, fsIn, fsOut));
    }
}
