package earforge.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.io.Resampler;
import earforge.io.SharedAudio;
import earforge.io.Wav;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixed-point pipeline against the float reference (independent: double FFT, double mel, Math.log). */
class FixedFrontendTest {

    /** A third configuration: HTK power spectrum, natural log, centre with zeros, librosa framing, normalisation. */
    static FrontendConfig htkLn() {
        double[] mean = new double[13], std = new double[13];
        for (int i = 0; i < 13; i++) { mean[i] = i == 0 ? -40 : 0; std[i] = i == 0 ? 20 : 5; }
        return new FrontendConfig("htk-ln", 16000, 400, 160, 512, "hann", true, "constant", "librosa", 40, 0, 8000,
            "htk", "none", 2.0, "ln", 1e-10, 1.0, null, 13, "ortho", 98, 0.25, mean, std, 0.05, 0).validate("test");
    }

    static void report(String what, FrontendConfig c, FrontendBench.Stats s) {
        System.out.printf("%-8s %-28s %s%n", c.name(), what, s.format(c));
    }

    @Test
    void syntheticWorstCasesMeetTheGoals() {
        for (FrontendConfig c : new FrontendConfig[] {FrontendConfig.sbcnn(), FrontendConfig.kws(), htkLn()}) {
            FloatFrontend fl = new FloatFrontend(c);
            FixedFrontend fx = new FixedFrontend(c);
            for (Map.Entry<String, short[]> e : FrontendBench.synthetic(c, 1.0).entrySet()) {
                FrontendBench.Stats s = FrontendBench.compare(fl, fx, e.getValue());
                report(e.getKey(), c, s);
                assertThat(s.nonFinite).as(e.getKey()).isZero();
                assertThat(s.belowFloor).as(e.getKey()).isZero();
                assertThat(s.snrDb()).as("%s %s SNR", c.name(), e.getKey()).isGreaterThanOrEqualTo(50);
                assertThat(s.within1Fraction()).as("%s %s int8", c.name(), e.getKey()).isGreaterThanOrEqualTo(0.999);
                assertThat(s.maxLsb).as("%s %s int8 max", c.name(), e.getKey()).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void silenceIsExactlyTheFloorAndFullScaleExtremesAreExact() {
        for (FrontendConfig c : new FrontendConfig[] {FrontendConfig.sbcnn(), FrontendConfig.kws(), htkLn()}) {
            FixedFrontend fx = new FixedFrontend(c);
            for (int[] frame : fx.logMel(new short[c.sampleRate() / 2])) {
                for (int v : frame) assertThat(v).isEqualTo(fx.t.floorQ16);
            }
            // DC at +full scale and the Nyquist square at -32768/32767: the largest possible FFT growth.
            short[] dc = new short[c.sampleRate() / 4], nyq = new short[c.sampleRate() / 4];
            java.util.Arrays.fill(dc, (short) 32767);
            for (int i = 0; i < nyq.length; i++) nyq[i] = (short) (i % 2 == 0 ? -32768 : 32767);
            FloatFrontend fl = new FloatFrontend(c);
            for (short[] pcm : new short[][] {dc, nyq}) {
                double[] padded = Framing.pad(FloatFrontend.fromPcm(pcm), c);
                short[] paddedPcm = Framing.pad(pcm, c);
                int[] out = new int[c.melBands()];
                for (int t = 0; t < Framing.frames(c, pcm.length); t++) {
                    // Bins within 60 dB of the spectral peak agree to < 0.01 dB: no overflow in FFT or power.
                    double[] want = fl.spectrum(padded, t * c.hop());
                    fx.frame(paddedPcm, t * c.hop(), out);
                    long[] got = fx.lastBins();
                    double unit = fx.binScale();   // fixed bins -> float units
                    double peak = java.util.Arrays.stream(want).max().orElseThrow();
                    for (int k = 0; k < want.length; k++) {
                        if (want[k] < peak * Math.pow(10, -3 * c.power())) continue;
                        double db = (c.power() == 2 ? 10 : 20) * Math.log10(got[k] * unit / want[k]);
                        assertThat(Math.abs(db)).as("%s bin %d", c.name(), k).isLessThan(0.01);
                    }
                    for (int v : out) assertThat(v).isBetween(fx.t.floorQ16, 200 << 16);
                }
            }
        }
    }

    @Test
    void exponentBookkeepingIsExactUnderPowerOfTwoScaling() {
        // pcm and pcm / 2^k (exact) differ by k in the frame exponent; the mantissas agree up to the window product's
        // rounding ((w pcm) >> 16 before the frame shift: 2^-16 of a sample), a few Q16 units, while a wrong exponent
        // is off by 3 dB (196,608 units) or more.
        Random r = new Random(2);
        for (FrontendConfig c : new FrontendConfig[] {FrontendConfig.sbcnn(), FrontendConfig.kws()}) {
            FixedFrontend fx = new FixedFrontend(c);
            short[] loud = new short[c.sampleRate() / 4];
            for (int i = 0; i < loud.length; i++) loud[i] = (short) ((r.nextInt(4096) - 2048) * 16);
            short[] quiet = new short[loud.length];
            for (int i = 0; i < loud.length; i++) quiet[i] = (short) (loud[i] / 16);
            int[][] a = fx.logMel(loud), b = fx.logMel(quiet);
            double unit = c.isDb() ? 10 * Math.log10(2) : Math.log(2);
            double expected = c.power() * 4 * unit * 65536;       // 2^(4 * power) in output units, Q16
            for (int t = 0; t < a.length; t++) {
                for (int k = 0; k < a[t].length; k++) {
                    if (b[t][k] == fx.t.floorQ16) continue;
                    assertThat(Math.abs(a[t][k] - b[t][k] - expected)).isLessThanOrEqualTo(16.0);
                }
            }
        }
    }

    @Test
    void logUnitsIsAccurateOverTheWholeRange() {
        // V = hiAcc 2^32 + loAcc up to 2^92: F against log2(V) * unit + logBand in double; the bound is the table's
        // interpolation (0.54 Q16 for dB), the final rounding (0.5) and e * the rounding of logK (< 91 * 0.5 / 16)
        for (FrontendConfig c : List.of(FrontendConfig.sbcnn(), FrontendConfig.kws())) {
            FixedFrontend fx = new FixedFrontend(c);
            double unit = c.isDb() ? 10 * Math.log10(2) : Math.log(2);
            Random r = new Random(21);
            double worst = 0;
            for (int i = 0; i < 200_000; i++) {
                long hi = i < 3000 ? 0 : r.nextLong() >>> (4 + r.nextInt(60));
                long lo = i < 3000 ? i + 1 : r.nextLong() >>> (4 + r.nextInt(60));
                int band = r.nextInt(c.melBands());
                double v = hi * 4294967296.0 + lo;
                double want = (Math.log(v) / Math.log(2) * unit * (1 << 20) + fx.t.logBand[band] - 8) / 16;
                if (want < fx.t.floorQ16 + 16) continue;
                worst = Math.max(worst, Math.abs(fx.logUnits(hi, lo, 0, band) - want));
            }
            assertThat(worst).as(c.name()).isLessThan(4.5);
            assertThat(fx.logUnits(0, 0, 0, 0)).isEqualTo(fx.t.floorQ16);
            // an exact power of two: T = 0, only e * logK + logBand remain
            assertThat(fx.logUnits(1L << 20, 0, 0, 0)).isEqualTo((52 * fx.t.logK + fx.t.logBand[0]) >> 4);
        }
    }

    @Test
    void streamingEqualsBatch() {
        FrontendConfig c = FrontendConfig.kws();
        FixedFrontend fx = new FixedFrontend(c);
        Random r = new Random(4);
        short[] pcm = new short[40000];
        for (int i = 0; i < pcm.length; i++) pcm[i] = (short) (8000 * Math.sin(i * 0.01 * (1 + i / 20000.0)) + r.nextInt(200));
        byte[][][] batch = fx.modelInputs(fx.logMel(pcm));
        Streaming st = new Streaming(fx);
        List<byte[][]> got = new ArrayList<>();
        int i = 0;
        while (i < pcm.length) {
            int n = Math.min(pcm.length - i, 1 + r.nextInt(700));
            got.addAll(st.push(java.util.Arrays.copyOfRange(pcm, i, i + n)));
            i += n;
        }
        assertThat(st.frames()).isEqualTo(Framing.frames(c, pcm.length));
        assertThat(got).hasSize(batch.length);
        for (int w = 0; w < batch.length; w++) assertThat(got.get(w)).isDeepEqualTo(batch[w]);
    }

    @Test
    void sharedAudioAndEsc10Clips() {
        List<String[]> cases = List.of(
            new String[] {"audio/yes_1000ms.wav", "kws"},
            new String[] {"audio/dog_bark_163459_48k_24bit_stereo.wav", "sbcnn"},
            new String[] {"datasets/esc10/1-100032-A-0.wav", "sbcnn"},
            new String[] {"datasets/esc10/1-17150-A-12.wav", "sbcnn"},
            new String[] {"datasets/esc10/1-172649-A-40.wav", "kws"});
        for (String[] cs : cases) {
            FrontendConfig c = FrontendConfig.preset(cs[1]);
            Wav.Audio a = Wav.read(SharedAudio.require(cs[0]));
            short[] pcm = Wav.toPcm16(Resampler.resample(a.samples(), a.sampleRate(), c.sampleRate()));
            FrontendBench.Stats s = FrontendBench.compare(c, pcm);
            report(cs[0].substring(cs[0].lastIndexOf('/') + 1), c, s);
            assertThat(s.meetsGoals()).as(cs[0]).isTrue();
        }
    }
}
