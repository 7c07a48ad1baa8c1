package org.openholter.core.hrv;

/**
 * All HRV measures of one NN series (one rolling window, an hour, a day).
 *
 * @param welch       frequency domain by Welch's method on the 4-Hz resampled series
 * @param lombScargle frequency domain by the Lomb–Scargle periodogram of the uneven series
 */
public record Hrv(TimeDomain time, Spectrum.Bands welch, Spectrum.Bands lombScargle, Nonlinear nonlinear) {
    public static Hrv of(NnSeries nn) {
        return new Hrv(TimeDomain.of(nn.nnMs()), Spectrum.welch(nn), Spectrum.lombScargle(nn), Nonlinear.of(nn.nnMs()));
    }
}
