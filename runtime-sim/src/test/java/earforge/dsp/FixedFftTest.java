package earforge.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedFftTest {

    static double[][] naiveDft(int[] x) {
        int n = x.length;
        double[][] out = new double[2][n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0, im = 0;
            for (int j = 0; j < n; j++) {
                double a = 2 * Math.PI * (long) k * j / n;
                re += x[j] * Math.cos(a);
                im -= x[j] * Math.sin(a);
            }
            out[0][k] = re;
            out[1][k] = im;
        }
        return out;
    }

    /** Runs the fixed FFT and returns the max error vs the exact DFT, in units of the output LSB (2^R). */
    static double maxErrorLsb(int[] x) {
        int n = x.length;
        FrontendTables t = new FrontendTables(new FrontendConfig("t", 16000, n, n, n, "hann", false, "constant",
            "librosa", 8, 0, 8000, "slaney", "slaney", 2, "ln", 1e-10, 1, null, 0, "ortho", 1, 0, null, null, 0.1, 0));
        int[] xr = new int[n / 2 + 1], xi = new int[n / 2 + 1];
        int shift = new FixedFft(n, t.twRe, t.twIm).forward(x, xr, xi);
        double[][] want = naiveDft(x);
        double scale = Math.pow(2, shift), err = 0;
        for (int k = 0; k <= n / 2; k++) {
            err = Math.max(err, Math.abs(xr[k] * scale - want[0][k]) / scale);
            err = Math.max(err, Math.abs(xi[k] * scale - want[1][k]) / scale);
            // the contract: outputs stay well inside int32 so that X^2 + Y^2 < 2^62
            assertThat(Math.abs((long) xr[k])).isLessThanOrEqualTo(1_300_000_000L);
            assertThat(Math.abs((long) xi[k])).isLessThanOrEqualTo(1_300_000_000L);
        }
        return err;
    }

    @Test
    void matchesExactDftOnRandomAndFullScaleInputs() {
        Random r = new Random(11);
        int lim = 1 << 29;
        for (int n : new int[] {16, 64, 512, 1024}) {
            int[] rnd = new int[n], dc = new int[n], nyq = new int[n], imp = new int[n], small = new int[n], sq = new int[n];
            for (int i = 0; i < n; i++) {
                rnd[i] = r.nextInt(2 * lim + 1) - lim;
                dc[i] = lim;                                   // all energy in bin 0: the largest possible growth
                nyq[i] = (i % 2 == 0) ? lim : -lim;            // all energy in bin N/2
                small[i] = r.nextInt(7) - 3;                   // a quiet frame: exact small integers
                sq[i] = (i / 3) % 2 == 0 ? lim : -lim;
            }
            imp[n / 3] = -lim;
            for (int[] x : new int[][] {rnd, dc, nyq, imp, small, sq}) {
                // Rounding noise: <= 1/2 LSB per component and stage at that stage's scale, amplified by the later
                // stages by more than their rescaling when the data do not grow coherently (random input: about
                // 2^(stages/2)). sqrt(N) output LSBs (of a 2^29 scale) bounds it; any real defect is off by ~2^29.
                assertThat(maxErrorLsb(x)).isLessThanOrEqualTo(Math.sqrt(n));
            }
        }
    }

    @Test
    void isqrtRoundIsExact() {
        Random r = new Random(5);
        for (int i = 0; i < 20000; i++) {
            long x = i < 1000 ? i : r.nextLong() >>> (1 + r.nextInt(40));
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger fl = bx.sqrt();
            // round(sqrt x) = fl + 1 iff x > fl^2 + fl  (since (fl + 1/2)^2 = fl^2 + fl + 1/4)
            long want = bx.compareTo(fl.multiply(fl).add(fl)) > 0 ? fl.longValue() + 1 : fl.longValue();
            assertThat(FixedMath.isqrtRound(x)).as("x=%d", x).isEqualTo(want);
        }
        assertThat(FixedMath.isqrtRound(Long.MAX_VALUE)).isEqualTo(3037000500L);
    }

    @Test
    void log2IsAccurateOverTheWholeRange() {
        int[] table = new FrontendTables(FrontendConfig.kws()).log2Table;
        Random r = new Random(9);
        double worst = 0;
        for (int i = 0; i < 200000; i++) {
            long x = i < 5000 ? i + 1 : r.nextLong() >>> (1 + r.nextInt(62));
            if (x == 0) continue;
            double want = Math.log(x) / Math.log(2);
            worst = Math.max(worst, Math.abs(FixedMath.log2Q30(x, table) / (double) (1 << 30) - want));
        }
        assertThat(worst).isLessThan(3e-6);
        assertThat(FixedMath.log2Q30(1, table)).isZero();
        assertThat(FixedMath.log2Q30(1L << 40, table)).isEqualTo(40L << 30);
    }
}
