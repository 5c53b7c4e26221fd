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

    /**
     * Runs the fixed FFT on int16 pcm and returns the max error of |X| vs the exact DFT of the windowed integers
     * x[n] = mulw(window[n], pcm) << s, in output LSB (units of 2^R).
     */
    static double maxErrorLsb(FrontendTables t, short[] pcm) {
        int n = t.nFft;
        int[] x = new int[n];
        FixedFft fft = new FixedFft(t);
        int s = fft.frameShift(pcm, 0);
        for (int i = 0; i < n; i++) x[i] = FixedFft.mulw(t.window[i], pcm[i]) << s;
        long[] p = new long[n / 2 + 1];
        fft.power(pcm, 0, s, p);
        double[][] want = naiveDft(x);
        double scale = Math.pow(2, FixedFft.shift(n)), err = 0;
        for (int k = 0; k <= n / 2; k++) {
            assertThat(p[k]).isBetween(0L, 1L << 61);     // the contract: P < 2^61 (int64 mel sums cannot overflow)
            double mag = Math.hypot(want[0][k], want[1][k]) / scale;
            err = Math.max(err, Math.abs(Math.sqrt((double) p[k]) - mag));
        }
        return err;
    }

    static FrontendTables tables(int n, int frameLength) {
        return new FrontendTables(new FrontendConfig("t", 16000, frameLength, n, n, "hann", false, "constant",
            "librosa", 8, 0, 8000, "slaney", "slaney", 2, "ln", 1e-10, 1, null, 0, "ortho", 1, 0, null, null, 0.1, 0));
    }

    @Test
    void matchesExactDftOnRandomAndFullScaleInputs() {
        Random r = new Random(11);
        for (int n : new int[] {16, 32, 64, 512, 1024, 2048}) {
            for (FrontendTables t : new FrontendTables[] {tables(n, n), tables(n, n * 15 / 16)}) {
                short[] rnd = new short[n], dc = new short[n], nyq = new short[n], imp = new short[n], small = new short[n];
                short[] sq = new short[n], neg = new short[n];
                for (int i = 0; i < n; i++) {
                    rnd[i] = (short) (r.nextInt(65536) - 32768);
                    dc[i] = 32767;                                   // all energy in bin 0: the largest possible growth
                    neg[i] = -32768;
                    nyq[i] = (short) (i % 2 == 0 ? -32768 : 32767);  // all energy in bin N/2
                    small[i] = (short) (r.nextInt(7) - 3);           // a quiet frame
                    sq[i] = (short) ((i / 3) % 2 == 0 ? 32767 : -32768);
                }
                imp[n / 2] = -32768;
                for (short[] x : new short[][] {rnd, dc, neg, nyq, imp, small, sq}) {
                    // Rounding noise: <= 2 LSB per component and stage at that stage's scale (a complex product is
                    // two floored high words), shrinking through the later stages' scaling; 24 output LSB bound it
                    // (of a full-scale output near 2^30), while any real defect (wrong twiddle, index or sign) is off
                    // by ~2^20 or more.
                    assertThat(maxErrorLsb(t, x)).as("n=%d", n).isLessThanOrEqualTo(24);
                }
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
}
