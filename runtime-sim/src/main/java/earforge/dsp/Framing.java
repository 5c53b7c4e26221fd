package earforge.dsp;

/**
 * STFT framing shared by the float and fixed front ends (librosa.stft): optional centre padding of nFft/2 samples per
 * side, frame t covers padded[t*hop .. t*hop + nFft), frame count 1 + (len - nFft) / hop (0 if too short).
 */
public final class Framing {
    private Framing() {}

    public static int frames(FrontendConfig c, int samples) {
        int len = samples + (c.center() ? 2 * (c.nFft() / 2) : 0);
        return len < c.nFft() ? 0 : 1 + (len - c.nFft()) / c.hop();
    }

    /** Index into the unpadded signal for padded position i (numpy.pad 'constant' -> -1 meaning zero, 'reflect'). */
    static int source(int i, int n, boolean reflect) {
        if (i >= 0 && i < n) return i;
        if (!reflect) return -1;
        if (n == 1) return 0;
        int period = 2 * (n - 1);                  // numpy 'reflect' (edge not repeated), repeated as often as needed
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    public static short[] pad(short[] x, FrontendConfig c) {
        if (!c.center()) return x;
        int p = c.nFft() / 2;
        boolean reflect = c.padMode().equals("reflect");
        short[] y = new short[x.length + 2 * p];
        for (int i = 0; i < y.length; i++) {
            int s = source(i - p, x.length, reflect);
            y[i] = s < 0 ? 0 : x[s];
        }
        return y;
    }

    public static double[] pad(double[] x, FrontendConfig c) {
        if (!c.center()) return x;
        int p = c.nFft() / 2;
        boolean reflect = c.padMode().equals("reflect");
        double[] y = new double[x.length + 2 * p];
        for (int i = 0; i < y.length; i++) {
            int s = source(i - p, x.length, reflect);
            y[i] = s < 0 ? 0 : x[s];
        }
        return y;
    }

    /** Start indices (in frames) of model input windows: hop = max(1, round(fpw * (1 - overlap))); at least one. */
    public static int[] windowStarts(FrontendConfig c, int frames) {
        int fpw = c.framesPerWindow();
        int step = Math.max(1, (int) Math.round(fpw * (1 - c.windowOverlap())));
        int n = frames <= fpw ? 1 : 1 + (frames - fpw) / step;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) s[i] = i * step;
        return s;
    }
}
