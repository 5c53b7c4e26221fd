package earforge.train;

import java.util.List;
import java.util.function.Function;

/**
 * Clip-level results: the clip score is the mean of its windows' softmax scores over the non-silent evaluation windows
 * ({@link ClipData#decisionStarts}); {@code accuracyAll} uses every evaluation window instead.
 */
public record Metrics(int[][] confusion, double accuracy, double logLoss, double accuracyAll, int clips) {

    /** {@code predict}: windows back to back ([mel][frame] each) -> softmax scores per window. */
    public static Metrics of(List<ClipData> clips, Features f, Function<float[], float[][]> predict, int classes) {
        int[][] conf = new int[classes][classes];
        double loss = 0;
        int okAll = 0;
        for (ClipData c : clips) {
            int[] all = c.evalStarts();
            float[] x = new float[all.length * f.windowSize()];
            for (int i = 0; i < all.length; i++) f.window(c.logMel(), all[i], x, i * f.windowSize());
            float[][] s = predict.apply(x);
            double[] mean = new double[classes], meanAll = new double[classes];
            int n = 0;
            for (int i = 0; i < all.length; i++) {
                for (int k = 0; k < classes; k++) meanAll[k] += s[i][k];
                if (!c.evalSilent()[i]) {
                    for (int k = 0; k < classes; k++) mean[k] += s[i][k];
                    n++;
                }
            }
            double[] use = n > 0 ? mean : meanAll;
            int pred = argmax(use), predAll = argmax(meanAll);
            double sum = 0;
            for (double v : use) sum += v;
            conf[c.label()][pred]++;
            if (predAll == c.label()) okAll++;
            loss -= Math.log(Math.max(use[c.label()] / sum, 1e-12));
        }
        int ok = 0;
        for (int k = 0; k < classes; k++) ok += conf[k][k];
        int n = clips.size();
        return new Metrics(conf, n == 0 ? 0 : (double) ok / n, n == 0 ? 0 : loss / n, n == 0 ? 0 : (double) okAll / n, n);
    }

    static int argmax(double[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
        return b;
    }

    /** Sum of confusion matrices. */
    public static int[][] add(int[][] a, int[][] b) {
        int[][] r = new int[a.length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) r[i][j] = a[i][j] + b[i][j];
        return r;
    }
}
