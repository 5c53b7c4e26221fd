package earforge.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class MelTablesTest {

    static FrontendConfig cfg(String scale, String norm, int sr, int nFft, int bands, double fmin, double fmax) {
        return new FrontendConfig("t", sr, nFft, nFft / 2, nFft, "hann", false, "constant", "librosa", bands, fmin, fmax,
            scale, norm, 2.0, "ln", 1e-10, 1.0, null, 0, "ortho", 1, 0, null, null, 0.1, 0).validate("test");
    }

    @Test
    void melScalesAtKnownPoints() {
        // Slaney: 3/200 mel per Hz below 1 kHz, 27 mels per factor 6.4 above.
        assertThat(MelTables.hzToMel(60, "slaney")).isCloseTo(0.9, offset(1e-12));
        assertThat(MelTables.hzToMel(1000, "slaney")).isCloseTo(15, offset(1e-12));
        assertThat(MelTables.hzToMel(6400, "slaney")).isCloseTo(42, offset(1e-9));
        assertThat(MelTables.hzToMel(700, "htk")).isCloseTo(2595 * Math.log10(2), offset(1e-9));
        assertThat(MelTables.hzToMel(1000, "htk")).isCloseTo(1000, offset(0.05));
        assertThat(MelTables.hzToMel(700, "tf")).isCloseTo(1127 * Math.log(2), offset(1e-9));
        for (String s : new String[] {"slaney", "htk", "tf"}) {
            for (double hz : new double[] {0, 20, 440, 999.9, 1000, 4000, 11025}) {
                assertThat(MelTables.melToHz(MelTables.hzToMel(hz, s), s)).isCloseTo(hz, offset(1e-9));
            }
        }
    }

    @Test
    void librosaDocumentedValue() {
        // librosa.filters.mel(sr=22050, n_fft=2048) documents melfb[0, 1] = 0.016 (Slaney scale and norm).
        double[][] fb = MelTables.filterbank(cfg("slaney", "slaney", 22050, 2048, 128, 0, 11025));
        assertThat(fb).hasNumberOfRows(128);
        assertThat(fb[0]).hasSize(1025);
        assertThat(fb[0][1]).isCloseTo(0.016, offset(0.0005));
        assertThat(fb[0][0]).isZero();
    }

    @Test
    void trianglesPartitionUnityBetweenFirstAndLastCentre() {
        for (String scale : new String[] {"slaney", "htk", "tf"}) {
            FrontendConfig c = cfg(scale, "none", 16000, 512, 40, 20, 4000);
            double[][] t = MelTables.triangles(c);
            double lo = MelTables.melToHz(MelTables.hzToMel(20, scale) + (MelTables.hzToMel(4000, scale)
                - MelTables.hzToMel(20, scale)) / 41, scale);
            double hi = MelTables.melToHz(MelTables.hzToMel(20, scale) + 40 * (MelTables.hzToMel(4000, scale)
                - MelTables.hzToMel(20, scale)) / 41, scale);
            int checked = 0;
            for (int k = 1; k < t[0].length; k++) {
                double f = k * 16000.0 / 512;
                if (f < lo || f > hi) continue;
                double sum = 0;
                for (double[] band : t) sum += band[k];
                assertThat(sum).as("%s bin %d", scale, k).isCloseTo(1.0, offset(1e-9));
                checked++;
            }
            assertThat(checked).isGreaterThan(100);
            for (double[] band : t) for (double w : band) assertThat(w).isBetween(0.0, 1.0);
        }
    }

    @Test
    void tfMatrixHasNoDcAndPeaksOnMelCentres() {
        FrontendConfig c = cfg("tf", "none", 16000, 512, 40, 20, 4000);
        double[][] t = MelTables.triangles(c);
        for (double[] band : t) assertThat(band[0]).isZero();
        // Triangles are linear in mel: the weight at bin k is 1 - |mel(k) - centre| / step near the centre.
        double lo = MelTables.hzToMel(20, "tf"), step = (MelTables.hzToMel(4000, "tf") - lo) / 41;
        for (int b = 0; b < 40; b++) {
            for (int k = 1; k < t[b].length; k++) {
                double d = Math.abs(MelTables.hzToMel(k * 16000.0 / 512, "tf") - (lo + (b + 1) * step)) / step;
                assertThat(t[b][k]).isCloseTo(Math.max(0, 1 - d), offset(1e-9));
            }
        }
    }

    @Test
    void slaneyNormalisedFiltersHaveUnitAreaInHz() {
        FrontendConfig c = cfg("slaney", "slaney", 22050, 1024, 60, 0, 11025);
        double[][] fb = MelTables.filterbank(c);
        double[] edges = MelTables.edgesHz(60, 0, 11025, "slaney");
        double df = 22050.0 / 1024;
        int checked = 0;
        for (int b = 0; b < 60; b++) {
            double width = edges[b + 2] - edges[b];
            if (width < 4 * df) continue;
            double area = 0;
            for (double w : fb[b]) area += w * df;
            assertThat(area).as("band %d", b).isCloseTo(1.0, offset(3 * df / width));
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void dctIsOrthonormalAndTfScalesRowZero() {
        double[][] d = MelTables.dct(40, 40, "ortho");
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 40; j++) {
                double dot = 0;
                for (int b = 0; b < 40; b++) dot += d[i][b] * d[j][b];
                assertThat(dot).isCloseTo(i == j ? 1 : 0, offset(1e-12));
            }
        }
        double[][] tf = MelTables.dct(10, 40, "tf");
        for (int b = 0; b < 40; b++) {
            assertThat(tf[0][b]).isCloseTo(Math.sqrt(2) * d[0][b], offset(1e-12));
            assertThat(tf[3][b]).isCloseTo(d[3][b], offset(1e-15));
        }
    }

    @Test
    void oddFftGroupsStartAQuarterLater() {
        // the C window pass reads one start per pair of groups (FrontendEmitter.fftWindowBlocks), for either radix
        for (int n = 16; n <= 8192; n *= 2) {
            FrontendConfig c = new FrontendConfig("n" + n, 16000, n, n / 2, n, "hann", false, "constant", "librosa", 8, 0,
                8000, "htk", "none", 2.0, "ln", 1e-10, 1.0, null, 0, "ortho", 4, 0.5, null, null, 0.5, 0).validate("n");
            FrontendTables t = new FrontendTables(c);
            for (int h = 0; h < t.fftStart.length / 2; h++) {
                assertThat(t.fftStart[2 * h + 1]).as("nFft %d, h %d", n, h).isEqualTo(t.fftStart[2 * h] + n / 8);
            }
        }
    }

    @Test
    void integerTablesAreTheRoundedFloatTables() {
        for (FrontendConfig c : new FrontendConfig[] {FrontendConfig.sbcnn(), FrontendConfig.kws()}) {
            FrontendTables t = new FrontendTables(c);
            double[][] tri = MelTables.triangles(c);
            for (int b = 0; b < t.bands; b++) {
                for (int k = 0; k < t.bins; k++) {
                    int i = k - t.melStart[b];
                    int q = i >= 0 && i < t.melCount[b] ? t.melWeight[t.melOffset[b] + i] : 0;
                    assertThat(Math.abs(q / 32768.0 - tri[b][k])).isLessThanOrEqualTo(1.0 / 32768);
                    assertThat(q).isBetween(0, 32767);
                }
                if (t.melCount[b] > 0) {
                    assertThat(t.melWeight[t.melOffset[b]]).isPositive();
                    assertThat(t.melWeight[t.melOffset[b] + t.melCount[b] - 1]).isPositive();
                }
            }
            for (int n = 0; n < t.nFft; n++) {
                int i = n - t.windowOffset;
                double w = i < 0 || i >= t.frameLength ? 0 : 0.5 - 0.5 * Math.cos(2 * Math.PI * i / t.frameLength);
                assertThat(Math.abs(t.window[n] - w * (1 << 28))).isLessThanOrEqualTo(0.5);
            }
            int m = t.nFft / 2;
            for (int k = 1; k < m / 2; k++) {
                assertThat(Math.abs(t.splitTw[2 * k] - Math.cos(2 * Math.PI * k / t.nFft) * 2147483648.0)).isLessThanOrEqualTo(0.5);
                assertThat(Math.abs(t.splitTw[2 * k + 1] + Math.sin(2 * Math.PI * k / t.nFft) * 2147483648.0)).isLessThanOrEqualTo(0.5);
            }
            assertThat(t.logTable[0]).isZero();
            assertThat(t.logTable[510] + t.logTable[511]).isEqualTo(t.logK);   // T[256]: one octave
            for (int i = 0; i < 256; i++) assertThat(t.logTable[2 * i + 1]).isPositive().isLessThan(1 << 15);
        }
    }
}
