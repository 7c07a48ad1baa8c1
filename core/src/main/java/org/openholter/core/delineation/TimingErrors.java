package org.openholter.core.delineation;

import java.util.ArrayList;
import java.util.List;

/** Signed timing errors (prediction − reference, ms) and their summary statistics. */
public final class TimingErrors {
    private final List<Double> errorsMs = new ArrayList<>();

    public void add(double errorMs) { errorsMs.add(errorMs); }

    public int count() { return errorsMs.size(); }

    public double meanMs() { return errorsMs.stream().mapToDouble(d -> d).average().orElse(Double.NaN); }

    /** Sample standard deviation; NaN below two errors. */
    public double sdMs() {
        double m = meanMs();
        return errorsMs.size() < 2 ? Double.NaN
                : Math.sqrt(errorsMs.stream().mapToDouble(d -> (d - m) * (d - m)).sum() / (errorsMs.size() - 1));
    }

    public double medianAbsMs() {
        if (errorsMs.isEmpty()) return Double.NaN;
        double[] a = errorsMs.stream().mapToDouble(Math::abs).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
