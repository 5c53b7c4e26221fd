package earforge.dsp;

/**
 * Mel scales and filterbanks in double precision: the float reference, and the source of the Q15 tables in
 * {@link FrontendTables}. Formulas follow librosa 0.10 (filters.mel, hz_to_mel, mel_to_hz) and TensorFlow
 * (signal.linear_to_mel_weight_matrix).
 */
public final class MelTables {
    private MelTables() {}

    // Slaney (Auditory Toolbox): linear 200/3 Hz per mel below 1 kHz, logarithmic above (27 mels per factor 6.4).
    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOGSTEP = Math.log(6.4) / 27.0;

    public static double hzToMel(double hz, String scale) {
        return switch (scale) {
            case "htk" -> 2595.0 * Math.log10(1.0 + hz / 700.0);
            case "tf" -> 1127.0 * Math.log(1.0 + hz / 700.0);
            default -> hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
        };
    }

    public static double melToHz(double mel, String scale) {
        return switch (scale) {
            case "htk" -> 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
            case "tf" -> 700.0 * (Math.exp(mel / 1127.0) - 1.0);
            default -> mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
        };
    }

    /** n + 2 band edges in Hz, equally spaced in mel from fmin to fmax. */
    public static double[] edgesHz(int n, double fmin, double fmax, String scale) {
        double lo = hzToMel(fmin, scale), hi = hzToMel(fmax, scale);
        double[] f = new double[n + 2];
        for (int i = 0; i < n + 2; i++) f[i] = melToHz(lo + (hi - lo) * i / (n + 1), scale);
        return f;
    }

    /** Triangle shapes [band][bin], peak <= 1, no normalization (bins 0..nFft/2 at k * sr / nFft Hz). */
    public static double[][] triangles(FrontendConfig c) {
        int bins = c.nFft() / 2 + 1, n = c.melBands();
        double[][] w = new double[n][bins];
        if (c.melScale().equals("tf")) {
            // TF: slopes computed in the mel domain from mel-spaced edges; the DC bin is zeroed (bands_to_zero = 1).
            double lo = hzToMel(c.fmin(), "tf"), hi = hzToMel(c.fmax(), "tf");
            double step = (hi - lo) / (n + 1);
            for (int b = 0; b < n; b++) {
                double l = lo + b * step, m = lo + (b + 1) * step, u = lo + (b + 2) * step;
                for (int k = 1; k < bins; k++) {
                    double mk = hzToMel((double) k * c.sampleRate() / c.nFft(), "tf");
                    w[b][k] = Math.max(0, Math.min((mk - l) / (m - l), (u - mk) / (u - m)));
                }
            }
            return w;
        }
        double[] f = edgesHz(n, c.fmin(), c.fmax(), c.melScale());
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < bins; k++) {
                double fk = (double) k * c.sampleRate() / c.nFft();
                double lower = (fk - f[b]) / (f[b + 1] - f[b]);
                double upper = (f[b + 2] - fk) / (f[b + 2] - f[b + 1]);
                w[b][k] = Math.max(0, Math.min(lower, upper));
            }
        }
        return w;
    }

    /** Per-band factor applied to the triangles: Slaney 2 / (f[b+2] - f[b]) (Hz), or 1. */
    public static double[] bandNorm(FrontendConfig c) {
        double[] norm = new double[c.melBands()];
        if (!c.melNorm().equals("slaney")) {
            java.util.Arrays.fill(norm, 1.0);
            return norm;
        }
        double[] f = edgesHz(c.melBands(), c.fmin(), c.fmax(), c.melScale());
        for (int b = 0; b < norm.length; b++) norm[b] = 2.0 / (f[b + 2] - f[b]);
        return norm;
    }

    /** The float filterbank [band][bin] = triangle * norm (librosa.filters.mel / TF matrix transposed). */
    public static double[][] filterbank(FrontendConfig c) {
        double[][] w = triangles(c);
        double[] norm = bandNorm(c);
        for (int b = 0; b < w.length; b++) for (int k = 0; k < w[b].length; k++) w[b][k] *= norm[b];
        return w;
    }

    /** Periodic Hann window of length n (scipy.signal.get_window('hann', n, fftbins=True), tf.signal.hann_window). */
    public static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        return w;
    }

    /** DCT-II matrix [coef][band]: ortho (scipy norm='ortho') or "tf" (coefficient 0 scaled like the others). */
    public static double[][] dct(int coeffs, int bands, String norm) {
        double[][] d = new double[coeffs][bands];
        for (int j = 0; j < coeffs; j++) {
            double s = (j == 0 && norm.equals("ortho")) ? Math.sqrt(1.0 / bands) : Math.sqrt(2.0 / bands);
            for (int b = 0; b < bands; b++) d[j][b] = s * Math.cos(Math.PI * j * (2 * b + 1) / (2.0 * bands));
        }
        return d;
    }
}
