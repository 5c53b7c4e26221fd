package earforge.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatFrontendTest {

    static FrontendConfig cfg(int frame, int nFft, double power, String framing, boolean center, String pad) {
        return new FrontendConfig("t", 16000, frame, 160, nFft, "hann", center, pad, framing, 40, 0, 8000,
            "slaney", "slaney", power, "ln", 1e-10, 1.0, null, 0, "ortho", 1, 0, null, null, 0.1, 0).validate("test");
    }

    /** Direct O(N^2) DFT of the windowed frame, as librosa places it. */
    static double[] naive(double[] x, int start, FrontendConfig c) {
        int n = c.nFft(), off = c.framing().equals("tf") ? 0 : (n - c.frameLength()) / 2;
        double[] buf = new double[n];
        for (int i = 0; i < c.frameLength(); i++) {
            buf[off + i] = x[start + off + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / c.frameLength()));
        }
        double[] s = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0, im = 0;
            for (int j = 0; j < n; j++) {
                re += buf[j] * Math.cos(2 * Math.PI * k * j / n);
                im -= buf[j] * Math.sin(2 * Math.PI * k * j / n);
            }
            s[k] = c.power() == 2 ? re * re + im * im : Math.hypot(re, im);
        }
        return s;
    }

    @Test
    void spectrumMatchesNaiveDft() {
        Random r = new Random(7);
        double[] x = new double[4000];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * 0.3;
        for (FrontendConfig c : new FrontendConfig[] {cfg(400, 512, 2, "librosa", false, "constant"),
            cfg(512, 512, 1, "librosa", false, "constant"), cfg(300, 512, 2, "tf", false, "constant")}) {
            FloatFrontend f = new FloatFrontend(c);
            for (int start : new int[] {0, 777, 3000}) {
                double[] got = f.spectrum(x, start), want = naive(x, start, c);
                for (int k = 0; k < want.length; k++) assertThat(got[k]).isCloseTo(want[k], offset(1e-9 * (1 + want[k])));
            }
        }
    }

    @Test
    void parseval() {
        FrontendConfig c = cfg(512, 512, 2, "librosa", false, "constant");
        Random r = new Random(3);
        double[] x = new double[512];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() * 2 - 1;
        double[] p = new FloatFrontend(c).spectrum(x, 0);
        double time = 0;
        for (int i = 0; i < 512; i++) {
            double v = x[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / 512));
            time += v * v;
        }
        double freq = p[0] + p[256];
        for (int k = 1; k < 256; k++) freq += 2 * p[k];
        assertThat(freq / 512).isCloseTo(time, offset(1e-9 * time));
    }

    @Test
    void sineAtBinCentreLandsInItsBandWithAnalyticEnergy() {
        // Periodic Hann of N points, sine of amplitude A at bin k0: |X[k0]| = A N / 4, |X[k0 +- 1]| = A N / 8, else 0.
        FrontendConfig c = cfg(512, 512, 2, "librosa", false, "constant");
        int k0 = 40;
        double a = 0.5, f0 = k0 * 16000.0 / 512;
        double[] x = new double[2048];
        for (int i = 0; i < x.length; i++) x[i] = a * Math.sin(2 * Math.PI * f0 * i / 16000);
        FloatFrontend fe = new FloatFrontend(c);
        double[][] mel = fe.melSpectrogram(x);
        double[][] fb = MelTables.filterbank(c);
        double p0 = Math.pow(a * 512 / 4, 2), p1 = Math.pow(a * 512 / 8, 2);
        int best = 0;
        for (int b = 0; b < 40; b++) {
            if (fb[b][k0] > fb[best][k0]) best = b;
            double want = fb[b][k0] * p0 + fb[b][k0 - 1] * p1 + fb[b][k0 + 1] * p1;
            for (double[] frame : mel) assertThat(frame[b]).isCloseTo(want, offset(1e-6 * p0));
        }
        // The band whose triangle holds bin k0 highest is the loudest band, and its centre is near f0.
        double[] edges = MelTables.edgesHz(40, 0, 8000, "slaney");
        for (double[] frame : mel) {
            int loud = 0;
            for (int b = 1; b < 40; b++) if (frame[b] > frame[loud]) loud = b;
            assertThat(loud).isEqualTo(best);
            assertThat(f0).isBetween(edges[loud], edges[loud + 2]);
        }
    }

    @Test
    void framingMatchesLibrosaCounts() {
        FrontendConfig centred = cfg(512, 512, 2, "librosa", true, "reflect");
        FrontendConfig plain = cfg(512, 512, 2, "librosa", false, "constant");
        for (int len : new int[] {100, 511, 512, 513, 16000}) {
            assertThat(Framing.frames(centred, len)).isEqualTo(1 + len / 160);
            assertThat(Framing.frames(plain, len)).isEqualTo(len < 512 ? 0 : 1 + (len - 512) / 160);
        }
        // numpy.pad([1, 2, 3, 4], 2, 'reflect') = [3, 2, 1, 2, 3, 4, 3, 2]
        FrontendConfig small = new FrontendConfig("t", 16000, 4, 1, 4, "hann", true, "reflect", "librosa", 1, 0, 8000,
            "slaney", "slaney", 2, "ln", 1e-10, 1, null, 0, "ortho", 1, 0, null, null, 0.1, 0);
        short[] padded = Framing.pad(new short[] {1, 2, 3, 4}, small);
        assertThat(padded).containsExactly((short) 3, (short) 2, (short) 1, (short) 2, (short) 3, (short) 4, (short) 3, (short) 2);
        FrontendConfig zeros = new FrontendConfig("t", 16000, 4, 1, 4, "hann", true, "constant", "librosa", 1, 0, 8000,
            "slaney", "slaney", 2, "ln", 1e-10, 1, null, 0, "ortho", 1, 0, null, null, 0.1, 0);
        assertThat(Framing.pad(new double[] {1, 2}, zeros)).containsExactly(0, 0, 1, 2, 0, 0);
    }

    @Test
    void logFloorDbRefTopDbAndDct() {
        FrontendConfig db = new FrontendConfig("t", 16000, 512, 160, 512, "hann", false, "constant", "librosa", 4, 0,
            8000, "slaney", "slaney", 2, "db", 1e-10, 10.0, 30.0, 0, "ortho", 1, 0, null, null, 0.5, 0);
        FloatFrontend f = new FloatFrontend(db);
        assertThat(f.log(100)).isCloseTo(10, offset(1e-12));          // 10 log10(100) - 10 log10(10)
        assertThat(f.log(0)).isCloseTo(-110, offset(1e-9));           // floor 1e-10
        double[][] m = f.finish(new double[][] {{10, -50, 0, -19.5}, {-25, 5, 1, 2}});
        assertThat(m[0]).containsExactly(10, -20, 0, -19.5);
        assertThat(m[1]).containsExactly(-20, 5, 1, 2);
        byte[][] q = f.quantize(new double[][] {{10.24, -10.26, 1000, -1000}});
        assertThat(q[0]).containsExactly((byte) 20, (byte) -21, (byte) 127, (byte) -128);

        FrontendConfig mfcc = new FrontendConfig("t", 16000, 512, 160, 512, "hann", false, "constant", "librosa", 8, 0,
            8000, "slaney", "slaney", 2, "ln", 1e-10, 1, null, 3, "ortho", 1, 0, null, null, 0.5, 0);
        double[][] c = new FloatFrontend(mfcc).finish(new double[][] {{-2, -2, -2, -2, -2, -2, -2, -2}});
        assertThat(c[0][0]).isCloseTo(-2 * Math.sqrt(8), offset(1e-12));   // DC of an ortho DCT
        assertThat(c[0][1]).isCloseTo(0, offset(1e-12));
        assertThat(c[0][2]).isCloseTo(0, offset(1e-12));
    }
}
