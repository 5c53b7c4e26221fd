package earforge.dsp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Fixed point vs float reference on the same int16 input. Log-mel: SNR = 10 log10(sum F^2 / sum (Fx - F)^2) over all
 * floored log-mel values (before top dB / DCT), max |Fx - F| in the log unit and in dB (10 log10 of the mel ratio for
 * power, 20 log10 for magnitude). int8: per model input window (frames [start, start + framesPerWindow), padded with
 * silence = the floor), both paths run finish (top dB, DCT) and quantize; counts equal values and the max |diff|.
 */
public final class FrontendBench {
    private FrontendBench() {}

    /** Accumulated comparison; {@link #add} merges. */
    public static final class Stats {
        public long values, int8Values, int8Equal, int8Within1, nonFinite, belowFloor;
        public double sumSig, sumErr, maxAbsErr;
        public int maxLsb;

        public double snrDb() { return sumErr == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(sumSig / sumErr); }
        public double equalFraction() { return int8Values == 0 ? 1 : (double) int8Equal / int8Values; }
        public double within1Fraction() { return int8Values == 0 ? 1 : (double) int8Within1 / int8Values; }

        public void add(Stats o) {
            values += o.values; int8Values += o.int8Values; int8Equal += o.int8Equal; int8Within1 += o.int8Within1;
            nonFinite += o.nonFinite; belowFloor += o.belowFloor; sumSig += o.sumSig; sumErr += o.sumErr;
            maxAbsErr = Math.max(maxAbsErr, o.maxAbsErr); maxLsb = Math.max(maxLsb, o.maxLsb);
        }

        /** Max abs error in dB: ln units -> dB of a power (x 10/ln10) or of a magnitude (x 20/ln10). */
        public double maxAbsErrDb(FrontendConfig c) {
            if (c.isDb()) return maxAbsErr;
            return maxAbsErr * (c.power() == 2 ? 10 : 20) / Math.log(10);
        }

        public boolean meetsGoals() {
            return snrDb() >= 50 && within1Fraction() >= 0.999 && nonFinite == 0 && belowFloor == 0;
        }

        public String format(FrontendConfig c) {
            return String.format(Locale.ROOT, "%8s dB  %9.5f dB  %9.5f%%  %9.5f%%  %d LSB",
                Double.isInfinite(snrDb()) ? "inf" : String.format(Locale.ROOT, "%.1f", snrDb()), maxAbsErrDb(c),
                100 * equalFraction(), 100 * within1Fraction(), maxLsb);
        }
    }

    public static Stats compare(FrontendConfig c, short[] pcm) {
        return compare(new FloatFrontend(c), new FixedFrontend(c), pcm);
    }

    public static Stats compare(FloatFrontend fl, FixedFrontend fx, short[] pcm) {
        FrontendConfig c = fl.cfg;
        Stats s = new Stats();
        double[][] f = fl.logMel(FloatFrontend.fromPcm(pcm));
        int[][] x = fx.logMel(pcm);
        for (int t = 0; t < f.length; t++) {
            for (int b = 0; b < f[t].length; b++) {
                double a = f[t][b], v = x[t][b] / 65536.0;
                if (!Double.isFinite(a)) s.nonFinite++;
                if (x[t][b] < fx.t.floorQ16) s.belowFloor++;
                s.values++;
                s.sumSig += a * a;
                s.sumErr += (v - a) * (v - a);
                s.maxAbsErr = Math.max(s.maxAbsErr, Math.abs(v - a));
            }
        }
        byte[][][] qf = fl.modelInputs(f), qx = fx.modelInputs(x);
        for (int w = 0; w < qf.length; w++) {
            for (int i = 0; i < qf[w].length; i++) {
                for (int ch = 0; ch < qf[w][i].length; ch++) {
                    int d = Math.abs(qf[w][i][ch] - qx[w][i][ch]);
                    s.int8Values++;
                    if (d == 0) s.int8Equal++;
                    if (d <= 1) s.int8Within1++;
                    s.maxLsb = Math.max(s.maxLsb, d);
                }
            }
        }
        return s;
    }

    /** Synthetic worst cases, {@code seconds} long at the configured rate. */
    public static Map<String, short[]> synthetic(FrontendConfig c, double seconds) {
        int n = (int) Math.round(seconds * c.sampleRate());
        Map<String, short[]> m = new LinkedHashMap<>();
        Random r = new Random(1234);
        short[] sine = new short[n], quiet = new short[n], noise = new short[n], clicks = new short[n], chirp = new short[n];
        short[] square = new short[n];
        double f0 = 1000.7;
        for (int i = 0; i < n; i++) {
            double ph = 2 * Math.PI * f0 * i / c.sampleRate();
            sine[i] = (short) Math.round(32767 * Math.sin(ph));
            quiet[i] = (short) Math.round(3.0 * Math.sin(ph));                 // -80 dBFS
            noise[i] = (short) (r.nextInt(65536) - 32768);                    // full-scale uniform white noise
            clicks[i] = (short) (i % (c.sampleRate() / 10) == 0 ? 32767 : i % (c.sampleRate() / 10) == 1 ? -32768 : 0);
            double tt = (double) i / c.sampleRate();
            double fmax = c.sampleRate() / 2.0;
            chirp[i] = (short) Math.round(32767 * Math.sin(2 * Math.PI * (20 * tt + (fmax - 20) * tt * tt / (2 * seconds))));
            square[i] = (short) (Math.sin(2 * Math.PI * 440 * tt) >= 0 ? 32767 : -32768);
        }
        m.put("full-scale sine 1 kHz", sine);
        m.put("sine -80 dBFS", quiet);
        m.put("white noise (full scale)", noise);
        m.put("silence", new short[n]);
        m.put("clicks (+/- full scale)", clicks);
        m.put("chirp 20 Hz-Nyquist", chirp);
        m.put("full-scale square 440 Hz", square);
        return m;
    }
}
