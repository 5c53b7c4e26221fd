package earforge.train;

import java.util.Random;

/**
 * Training-time augmentation in the audio domain, so the features go through the real front end:
 * a random sub-hop time shift (0..hop-1 samples dropped at the start; whole-frame shifts come from random window
 * starts), a random gain (uniform in dB, then clipped to full scale like an ADC), and with probability
 * {@code noiseProb} white Gaussian noise at a random SNR relative to the clip's mean power; then, per window,
 * {@link #mask}.
 */
public record Augment(double gainDb, double noiseProb, double snrMinDb, double snrMaxDb, double maskProb, int maxBands,
                      int maxFrames) {
    public static final Augment DEFAULT = new Augment(10, 0.5, 10, 40, 0.5, 6, 5);
    public static final Augment NONE = new Augment(0, 0, 0, 0, 0, 0, 0);

    /**
     * SpecAugment-style masking of one window ([mel][frame]) with probability {@code maskProb}: one band of 0..maxBands
     * mel rows and one span of 0..maxFrames frames set to the window's mean.
     */
    public void mask(float[] w, int mels, int frames, Random rng) {
        if (maskProb <= 0 || rng.nextDouble() >= maskProb) return;
        double mean = 0;
        for (float v : w) mean += v;
        float fill = (float) (mean / w.length);
        int nb = rng.nextInt(maxBands + 1), b0 = rng.nextInt(mels - nb + 1);
        for (int m = b0; m < b0 + nb; m++) for (int t = 0; t < frames; t++) w[m * frames + t] = fill;
        int nt = rng.nextInt(maxFrames + 1), t0 = rng.nextInt(frames - nt + 1);
        for (int m = 0; m < mels; m++) for (int t = t0; t < t0 + nt; t++) w[m * frames + t] = fill;
    }

    public double[] apply(short[] pcm, int hop, Random rng) {
        int shift = hop > 1 ? rng.nextInt(hop) : 0;
        double g = Math.pow(10, (gainDb > 0 ? (rng.nextDouble() * 2 - 1) * gainDb : 0) / 20) / 32768.0;
        double[] a = new double[pcm.length - shift];
        double power = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = pcm[i + shift] * g;
            power += a[i] * a[i];
        }
        power /= Math.max(1, a.length);
        if (power > 0 && rng.nextDouble() < noiseProb) {
            double snr = snrMinDb + rng.nextDouble() * (snrMaxDb - snrMinDb);
            double sigma = Math.sqrt(power / Math.pow(10, snr / 10));
            for (int i = 0; i < a.length; i++) a[i] += sigma * rng.nextGaussian();
        }
        for (int i = 0; i < a.length; i++) a[i] = Math.max(-1, Math.min(32767 / 32768.0, a[i]));
        return a;
    }
}
