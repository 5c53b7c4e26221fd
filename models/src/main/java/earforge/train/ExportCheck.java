package earforge.train;

import earforge.EarforgeException;
import earforge.oracle.TfliteOracle;
import java.util.List;

/** The exported .tflite run by the TFLite interpreter against DJL's own forward pass, on real feature windows. */
public final class ExportCheck {
    private ExportCheck() {}

    /** Result: windows compared, max |TFLite - DJL| over all softmax scores, top-1 agreement. */
    public record Result(int windows, double maxAbsDiff, int top1Agree) {
        public String summary() {
            return String.format(java.util.Locale.ROOT, "%d windows, max |TFLite - DJL| = %.3g, top-1 agree %d/%d",
                windows, maxAbsDiff, top1Agree, windows);
        }
    }

    public static Result run(byte[] tflite, Train t, List<ClipData> clips, int maxWindows) {
        Features f = t.features;
        int size = f.windowSize();
        int n = 0;
        for (ClipData c : clips) n += c.evalStarts().length;
        n = Math.min(n, maxWindows);
        float[] x = new float[n * size];
        int i = 0;
        outer:
        for (ClipData c : clips) {
            for (int st : c.evalStarts()) {
                if (i == n) break outer;
                f.window(c.logMel(), st, x, i++ * size);
            }
        }
        float[][] djl = t.predict(x);
        double max = 0;
        int agree = 0;
        try (TfliteOracle o = oracle(tflite)) {
            for (int w = 0; w < n; w++) {
                float[] in = new float[size];
                System.arraycopy(x, w * size, in, 0, size);
                float[] out = (float[]) o.run((Object) in)[0];
                int a = 0, b = 0;
                for (int k = 0; k < out.length; k++) {
                    max = Math.max(max, Math.abs(out[k] - djl[w][k]));
                    if (out[k] > out[a]) a = k;
                    if (djl[w][k] > djl[w][b]) b = k;
                }
                if (a == b) agree++;
            }
        }
        return new Result(n, max, agree);
    }

    private static TfliteOracle oracle(byte[] tflite) {
        try {
            return new TfliteOracle(tflite);
        } catch (NoClassDefFoundError e) {
            throw new EarforgeException("the TFLite oracle needs the JVM options --add-modules jdk.incubator.foreign "
                + "--enable-native-access=ALL-UNNAMED (for mvn exec:java put them in MAVEN_OPTS; see models/README.md)");
        }
    }
}
