package earforge.eval;

import earforge.dsp.FixedFrontend;
import earforge.dsp.FloatFrontend;
import earforge.dsp.Framing;
import earforge.dsp.FrontendConfig;
import earforge.io.Resampler;
import earforge.io.Wav;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Model inputs of one clip through a front end, both ways a model sees audio:
 * <ul>
 * <li>float: the float reference front end on the full-precision (resampled) samples; each window (frames
 *     [start, start + framesPerWindow), missing frames = the log floor) gets the top-dB clamp per window and the
 *     optional normalization (v - normMean) / normStd: the values the int8 input mapping quantizes, i.e. what a float
 *     model trained on this front end takes;</li>
 * <li>int8: the fixed-point front end (the firmware's) on the int16 PCM, {@link FixedFrontend#modelInputs}.</li>
 * </ul>
 * Window starts follow {@link Framing#windowStarts}. A window is silent when the mean power of the samples under its
 * frames is below {@link #SILENCE_DBFS} (full-scale square wave = 0 dBFS), as the zoo trainer decides. Not thread-safe.
 */
public final class ClipFeatures {
    public static final double SILENCE_DBFS = -60;

    /** Windows of one clip: start frame, start time (s), inputs (null when not asked for), silence flags. */
    public record Windows(int[] starts, double[] seconds, float[][] floats, byte[][] int8, boolean[] silent, double clipSeconds) {
        public int count() { return starts.length; }
    }

    public final FrontendConfig cfg;
    public final InputLayout layout;
    private final FloatFrontend fl;
    private final FixedFrontend fx;

    public ClipFeatures(FrontendConfig cfg, InputLayout layout) {
        this.cfg = cfg;
        this.layout = layout;
        fl = new FloatFrontend(cfg);
        fx = new FixedFrontend(cfg);
    }

    public Windows of(Path wav, boolean floats, boolean int8) {
        Wav.Audio a = Wav.read(wav);
        return of(Resampler.resample(a.samples(), a.sampleRate(), cfg.sampleRate()), floats, int8);
    }

    /** Samples in [-1, 1) at the front end's rate. */
    public Windows of(float[] x, boolean floats, boolean int8) {
        short[] pcm = Wav.toPcm16(x);
        int frames = Framing.frames(cfg, x.length);
        int[] starts = Framing.windowStarts(cfg, frames);
        double[] sec = new double[starts.length];
        for (int w = 0; w < starts.length; w++) sec[w] = (double) starts[w] * cfg.hop() / cfg.sampleRate();
        float[][] f = floats ? floatWindows(x, starts) : null;
        byte[][] q = null;
        if (int8) {
            byte[][][] m = fx.modelInputs(fx.logMel(pcm));
            q = new byte[m.length][];
            for (int w = 0; w < m.length; w++) q[w] = layout.toInt8(m[w]);
        }
        return new Windows(starts, sec, f, q, silent(pcm, frames, starts), (double) x.length / cfg.sampleRate());
    }

    private float[][] floatWindows(float[] x, int[] starts) {
        double[][] logMel = fl.logMel(FloatFrontend.fromFloat(x));
        int fpw = cfg.framesPerWindow();
        double[] floor = new double[cfg.melBands()];
        Arrays.fill(floor, fl.log(0));
        float[][] out = new float[starts.length][];
        for (int w = 0; w < starts.length; w++) {
            double[][] win = new double[fpw][];
            for (int i = 0; i < fpw; i++) win[i] = starts[w] + i < logMel.length ? logMel[starts[w] + i] : floor;
            double[][] v = fl.finish(win);
            if (cfg.normMean() != null) {
                for (double[] r : v) for (int c = 0; c < r.length; c++) r[c] = (r[c] - cfg.normMean()[c]) / cfg.normStd()[c];
            }
            out[w] = layout.toFloat(v);
        }
        return out;
    }

    /** Mean power per frame over the samples its FFT sees (centre framing as the front end), then per window. */
    private boolean[] silent(short[] pcm, int frames, int[] starts) {
        double[] p = new double[frames];
        int half = cfg.center() ? cfg.nFft() / 2 : 0;
        for (int f = 0; f < frames; f++) {
            int a = Math.max(0, f * cfg.hop() - half), b = Math.min(pcm.length, f * cfg.hop() - half + cfg.nFft());
            double acc = 0;
            for (int i = a; i < b; i++) acc += (double) pcm[i] * pcm[i];
            p[f] = acc / Math.max(1, b - a) / (32768.0 * 32768.0);
        }
        boolean[] s = new boolean[starts.length];
        for (int w = 0; w < starts.length; w++) {
            double acc = 0;
            int n = 0;
            for (int t = starts[w]; t < Math.min(frames, starts[w] + cfg.framesPerWindow()); t++, n++) acc += p[t];
            s[w] = n == 0 || 10 * Math.log10(acc / n + 1e-30) < SILENCE_DBFS;
        }
        return s;
    }

    /**
     * Clip decision: the mean of the window scores over the non-silent windows (over all windows when every one is
     * silent). Returns the mean scores.
     */
    public static double[] clipScores(float[][] windowScores, boolean[] silent) {
        int classes = windowScores[0].length;
        boolean any = false;
        for (boolean s : silent) any |= !s;
        double[] m = new double[classes];
        int n = 0;
        for (int w = 0; w < windowScores.length; w++) {
            if (any && silent[w]) continue;
            for (int c = 0; c < classes; c++) m[c] += windowScores[w][c];
            n++;
        }
        for (int c = 0; c < classes; c++) m[c] /= n;
        return m;
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
