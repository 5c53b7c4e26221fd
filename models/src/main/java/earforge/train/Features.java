package earforge.train;

import earforge.dsp.FloatFrontend;
import earforge.dsp.Framing;
import earforge.dsp.FrontendConfig;

/**
 * Model inputs from audio with the float front end ({@link FloatFrontend}): log-mel of a whole clip, then windows of
 * {@code framesPerWindow} frames with the top-dB clamp applied per window (as on the device). A window is laid out
 * [mel][frame] (row-major), i.e. the model input [1, mels, frames, 1] channels-last: H = mel band, W = time.
 */
public final class Features {
    /** A window whose mean power is below this (dBFS, full-scale square wave = 0) counts as silent. */
    public static final double SILENCE_DBFS = -60;

    public final FrontendConfig cfg;
    private final FloatFrontend fe;

    public Features(FrontendConfig cfg) {
        this.cfg = cfg;
        this.fe = new FloatFrontend(cfg);
    }

    public int mels() { return cfg.melBands(); }
    public int frames() { return cfg.framesPerWindow(); }
    public int windowSize() { return mels() * frames(); }

    /** Floored log-mel [frames][mels] of audio in [-1, 1). */
    public double[][] logMel(double[] audio) { return fe.logMel(audio); }

    public double[][] logMel(short[] pcm) { return fe.logMel(FloatFrontend.fromPcm(pcm)); }

    /** Evaluation windows of a clip of {@code frames} frames (the front end's hop and overlap). */
    public int[] windowStarts(int frames) { return Framing.windowStarts(cfg, frames); }

    /** The window at frame {@code start}: top dB over the window, written [mel][frame] into {@code out} at {@code at}. */
    public void window(double[][] logMel, int start, float[] out, int at) {
        int n = frames();
        double[][] slice = new double[n][];
        for (int t = 0; t < n; t++) slice[t] = logMel[Math.min(start + t, logMel.length - 1)];
        double[][] w = fe.finish(slice);
        for (int m = 0; m < mels(); m++) {
            for (int t = 0; t < n; t++) out[at + m * n + t] = (float) w[t][m];
        }
    }

    public float[] window(double[][] logMel, int start) {
        float[] out = new float[windowSize()];
        window(logMel, start, out, 0);
        return out;
    }

    /**
     * Mean power per frame (dBFS) of the clean clip, over the samples the frame's FFT sees (centre framing as the
     * front end); digital silence gives -inf.
     */
    public double[] framePower(short[] pcm, int frames) {
        double[] p = new double[frames];
        int half = cfg.center() ? cfg.nFft() / 2 : 0;
        for (int f = 0; f < frames; f++) {
            int a = Math.max(0, f * cfg.hop() - half), b = Math.min(pcm.length, f * cfg.hop() - half + cfg.nFft());
            double acc = 0;
            for (int i = a; i < b; i++) acc += (double) pcm[i] * pcm[i];
            p[f] = acc / Math.max(1, b - a) / (32768.0 * 32768.0);
        }
        return p;
    }

    /** True when the window's mean power is below {@link #SILENCE_DBFS}. */
    public boolean silent(double[] framePower, int start) {
        double acc = 0;
        int n = 0;
        for (int t = start; t < Math.min(framePower.length, start + frames()); t++, n++) acc += framePower[t];
        return n == 0 || 10 * Math.log10(acc / n + 1e-30) < SILENCE_DBFS;
    }
}
