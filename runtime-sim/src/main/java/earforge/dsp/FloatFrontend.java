package earforge.dsp;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The float reference (double precision, JTransforms), librosa semantics as documented in {@link FrontendConfig}:
 * audio in [-1, 1) -> centre padding -> periodic Hann placed per {@code framing} -> |rfft|^power -> mel filterbank
 * ({@link MelTables#filterbank}) -> ln / dB with floor -> [top dB over the matrix] -> [DCT] -> int8.
 */
public final class FloatFrontend {
    public final FrontendConfig cfg;
    private final double[] window;
    private final double[][] mel;
    private final int[] melFirst, melLast;
    private final double[][] dct;
    private final DoubleFFT_1D fft;
    private final int offset;

    public FloatFrontend(FrontendConfig c) {
        cfg = c;
        window = MelTables.hann(c.frameLength());
        mel = MelTables.filterbank(c);
        melFirst = new int[mel.length];
        melLast = new int[mel.length];
        for (int b = 0; b < mel.length; b++) {
            melFirst[b] = mel[b].length;
            melLast[b] = -1;
            for (int k = 0; k < mel[b].length; k++) {
                if (mel[b][k] != 0) { melFirst[b] = Math.min(melFirst[b], k); melLast[b] = k; }
            }
        }
        dct = c.dct() > 0 ? MelTables.dct(c.dct(), c.melBands(), c.dctNorm()) : null;
        fft = new DoubleFFT_1D(c.nFft());
        offset = c.framing().equals("tf") ? 0 : (c.nFft() - c.frameLength()) / 2;
    }

    public static double[] fromPcm(short[] pcm) {
        double[] a = new double[pcm.length];
        for (int i = 0; i < a.length; i++) a[i] = pcm[i] / 32768.0;
        return a;
    }

    public static double[] fromFloat(float[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < a.length; i++) a[i] = x[i];
        return a;
    }

    /** |X[k]|^power for one frame of the padded signal starting at {@code start}, k = 0..nFft/2. */
    public double[] spectrum(double[] padded, int start) {
        int n = cfg.nFft();
        double[] buf = new double[n];
        for (int i = 0; i < cfg.frameLength(); i++) buf[offset + i] = padded[start + offset + i] * window[i];
        fft.realForward(buf);   // buf[0] = Re X0, buf[1] = Re X(n/2), buf[2k] / buf[2k+1] = Re / Im Xk
        double[] s = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = k == 0 ? buf[0] : k == n / 2 ? buf[1] : buf[2 * k];
            double im = k == 0 || k == n / 2 ? 0 : buf[2 * k + 1];
            double p = re * re + im * im;
            s[k] = cfg.power() == 2 ? p : Math.sqrt(p);
        }
        return s;
    }

    /** Mel energies (linear) [frames][bands]. */
    public double[][] melSpectrogram(double[] audio) {
        double[] padded = Framing.pad(audio, cfg);
        int frames = Framing.frames(cfg, audio.length);
        double[][] out = new double[frames][cfg.melBands()];
        for (int f = 0; f < frames; f++) {
            double[] s = spectrum(padded, f * cfg.hop());
            for (int b = 0; b < mel.length; b++) {
                double acc = 0;
                for (int k = melFirst[b]; k <= melLast[b]; k++) acc += mel[b][k] * s[k];
                out[f][b] = acc;
            }
        }
        return out;
    }

    /** Floored log-mel [frames][bands] in ln or dB units (before top dB). */
    public double[][] logMel(double[] audio) {
        double[][] m = melSpectrogram(audio);
        for (double[] r : m) for (int b = 0; b < r.length; b++) r[b] = log(r[b]);
        return m;
    }

    public double log(double mel) {
        double v = Math.max(mel, cfg.logFloor());
        if (!cfg.isDb()) return Math.log(v);
        return 10 * Math.log10(v) - 10 * Math.log10(Math.max(cfg.dbRef(), cfg.logFloor()));
    }

    /** Top dB over the whole matrix, then DCT: [frames][channels] (new arrays). */
    public double[][] finish(double[][] logMel) {
        int frames = logMel.length;
        double[][] a = new double[frames][];
        for (int f = 0; f < frames; f++) a[f] = logMel[f].clone();
        if (cfg.topDb() != null && frames > 0) {
            double max = Double.NEGATIVE_INFINITY;
            for (double[] r : a) for (double v : r) max = Math.max(max, v);
            for (double[] r : a) for (int i = 0; i < r.length; i++) r[i] = Math.max(r[i], max - cfg.topDb());
        }
        if (dct == null) return a;
        double[][] c = new double[frames][cfg.dct()];
        for (int f = 0; f < frames; f++) {
            for (int j = 0; j < cfg.dct(); j++) {
                double acc = 0;
                for (int b = 0; b < cfg.melBands(); b++) acc += dct[j][b] * a[f][b];
                c[f][j] = acc;
            }
        }
        return c;
    }

    /** Model inputs as {@link FixedFrontend#modelInputs}, missing frames = the floor. */
    public byte[][][] modelInputs(double[][] logMel) {
        int fpw = cfg.framesPerWindow();
        int[] starts = Framing.windowStarts(cfg, logMel.length);
        double floor = log(0);
        byte[][][] out = new byte[starts.length][][];
        for (int w = 0; w < starts.length; w++) {
            double[][] win = new double[fpw][];
            for (int i = 0; i < fpw; i++) {
                int f = starts[w] + i;
                if (f < logMel.length) {
                    win[i] = logMel[f];
                } else {
                    win[i] = new double[cfg.melBands()];
                    java.util.Arrays.fill(win[i], floor);
                }
            }
            out[w] = quantize(finish(win));
        }
        return out;
    }

    /** Float-then-quantize: clamp(floor((v - mean) / std / scale + zp + 0.5), -128, 127). */
    public byte[][] quantize(double[][] features) {
        int ch = cfg.channels();
        byte[][] q = new byte[features.length][ch];
        for (int f = 0; f < features.length; f++) {
            for (int c = 0; c < ch; c++) {
                double mean = cfg.normMean() == null ? 0 : cfg.normMean()[c];
                double std = cfg.normStd() == null ? 1 : cfg.normStd()[c];
                double v = Math.floor((features[f][c] - mean) / std / cfg.inputScale() + cfg.inputZeroPoint() + 0.5);
                q[f][c] = (byte) Math.max(-128, Math.min(127, v));
            }
        }
        return q;
    }
}
