package earforge.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Measures the resampler with sines: passband gain (least-squares fit of the expected output sine after the filter's
 * start-up) and stopband leakage (everything that is not the expected sine). Figures go to stdout for the README.
 */
class ResamplerTest {

    static float[] sine(double f, int rate, int n, double amp) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (amp * Math.sin(2 * Math.PI * f * i / rate));
        return x;
    }

    /** {gain of the sine at f in y, rms of the residual} by least squares, ignoring `skip` samples at both ends. */
    static double[] fit(float[] y, double f, int rate, int skip) {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int m = skip; m < y.length - skip; m++) {
            double a = 2 * Math.PI * f * m / rate, s = Math.sin(a), c = Math.cos(a);
            ss += s * s; cc += c * c; sc += s * c; ys += y[m] * s; yc += y[m] * c;
        }
        double det = ss * cc - sc * sc;
        double bs = (ys * cc - yc * sc) / det, bc = (yc * ss - ys * sc) / det, e = 0;
        int n = 0;
        for (int m = skip; m < y.length - skip; m++) {
            double a = 2 * Math.PI * f * m / rate, d = y[m] - bs * Math.sin(a) - bc * Math.cos(a);
            e += d * d; n++;
        }
        return new double[] {Math.hypot(bs, bc), Math.sqrt(e / n)};
    }

    @ParameterizedTest
    @CsvSource({"48000,22050", "44100,16000", "16000,22050", "22050,16000"})
    void passbandRippleAndStopband(int fin, int fout) {
        Resampler r = new Resampler(fin, fout);
        int n = fin / 2;
        int skip = r.halfLength() * fout / fin + 4;
        double nyq = Math.min(fin, fout) / 2.0;
        double lo = 1e9, hi = -1e9;
        for (double fr = 0.005; fr <= Resampler.PASSBAND; fr += 0.0191) {
            double g = fit(r.process(sine(fr * nyq, fin, n, 0.5)), fr * nyq, fout, skip)[0] / 0.5;
            lo = Math.min(lo, 20 * Math.log10(g));
            hi = Math.max(hi, 20 * Math.log10(g));
        }
        // Stopband: downsampling, inputs from the output Nyquist to 1.5x it must vanish (aliases);
        // upsampling, the images of passband inputs must vanish (residual after removing the sine).
        double worst = -1e9;
        for (double fr = 0; fr <= 1; fr += 0.0237) {
            double db;
            if (fin > fout) {
                double f = fout / 2.0 * (1 + 0.5 * fr);
                if (f >= fin / 2.0) break;
                float[] y = r.process(sine(f, fin, n, 0.5));
                double e = 0;
                for (int m = skip; m < y.length - skip; m++) e += (double) y[m] * y[m];
                db = 20 * Math.log10(Math.sqrt(e / (y.length - 2 * skip)) / (0.5 / Math.sqrt(2)));
            } else {
                double f = nyq * (0.05 + 0.9 * fr);
                db = 20 * Math.log10(fit(r.process(sine(f, fin, n, 0.5)), f, fout, skip)[1] / (0.5 / Math.sqrt(2)));
            }
            worst = Math.max(worst, db);
        }
        System.out.printf("resampler %d -> %d Hz (L/M %d/%d, %d taps): passband ripple %+.5f .. %+.5f dB, stopband %.1f dB%n",
            fin, fout, r.up, r.down, 2 * r.halfLength() + 1, lo, hi, worst);
        assertThat(lo).isGreaterThan(-0.001);
        assertThat(hi).isLessThan(0.001);
        assertThat(worst).isLessThan(-95);
    }

    @Test
    void lengthDcAndIdentity() {
        float[] dc = new float[4410];
        java.util.Arrays.fill(dc, 0.25f);
        float[] y = Resampler.resample(dc, 44100, 16000);
        assertThat(y).hasSize(1600);
        Resampler r = new Resampler(44100, 16000);
        int skip = r.halfLength() * 16000 / 44100 + 2;
        for (int m = skip; m < y.length - skip; m++) assertThat((double) y[m]).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-6));
        float[] x = sine(440, 16000, 1000, 0.3);
        assertThat(Resampler.resample(x, 16000, 16000)).containsExactly(x);
        assertThat(Resampler.resample(x, 16000, 8000)).hasSize(500);
        assertThat(Resampler.resample(new float[7], 3, 2)).hasSize(5);   // ceil(7 * 2 / 3)
    }
}
