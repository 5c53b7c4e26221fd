package earforge.quant;

import earforge.dsp.FrontendConfig;
import earforge.io.Wav;
import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Synthetic audio and small float CNNs for the quantizer / verify / classify tests:
 * <ul>
 * <li>a tiny front end (8 kHz, 16 mel bands, dB, 12-frame windows) whose int8 mapping is the SB-CNN one;</li>
 * <li>a 3-class dataset (tones in a low, middle and high band over faint noise, random frequency and level) with an
 *     esc50-style CSV and two folds;</li>
 * <li>{@link #toneNet}: a hand-designed CNN (CONV_2D + ReLU, MAX_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX) on the
 *     band-major input [1, 16, 12, 1] that classifies those tones by where the energy is, so its accuracy is known
 *     (100 %) without running it.</li>
 * </ul>
 */
final class Synth {
    private Synth() {}

    static final List<String> LABELS = List.of("low", "mid", "high");
    static final double[] TONE_HZ = {200, 1050, 2430};
    static final int RATE = 8000, MELS = 16, FRAMES = 12;

    static FrontendConfig frontend() {
        return new FrontendConfig("tiny", RATE, 256, 128, 256, "hann", false, "constant", "librosa", MELS, 0, 4000, "slaney",
            "slaney", 2.0, "db", 1e-10, 1.0, 80.0, 0, "ortho", FRAMES, 0.5, null, null, 0.55, 54);
    }

    /** A tone of class c (random frequency +-8 %, level -6..-26 dBFS) over -60 dBFS noise. */
    static short[] clip(int c, double seconds, Random r) {
        int n = (int) (RATE * seconds);
        double f = TONE_HZ[c] * (0.92 + 0.16 * r.nextDouble()), a = Math.pow(10, (-6 - 20 * r.nextDouble()) / 20), ph = r.nextDouble() * 6;
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            double v = a * Math.sin(2 * Math.PI * f * i / RATE + ph) + 0.001 * r.nextGaussian();
            pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
        }
        return pcm;
    }

    /** dir/clips.csv + WAVs: perClassPerFold clips of each class in folds 1 and 2. Categories named in LABELS. */
    static Path dataset(Path dir, int perClassPerFold, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder("filename,fold,target,category\n");
        for (int fold = 1; fold <= 2; fold++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < perClassPerFold; k++) {
                    String name = String.format("%d-%s-%d.wav", fold, LABELS.get(c), k);
                    Wav.write16(dir.resolve(name), RATE, clip(c, 1.0 + 0.5 * r.nextDouble(), r));
                    csv.append(name).append(',').append(fold).append(',').append(c).append(',').append(LABELS.get(c)).append('\n');
                }
            }
        }
        Files.writeString(dir.resolve("clips.csv"), csv);
        return dir;
    }

    static Tensor constant(Graph g, String name, int[] shape, float[] v) {
        return g.addTensor(name, DType.FLOAT32, shape, null, Values.encode(v));
    }

    static Tensor act(Graph g, String name, int... shape) { return g.addTensor(name, DType.FLOAT32, shape, null, null); }

    /**
     * Input [1, 16 mel, 12 frames, 1] (dB). Conv 3x3 SAME with 4 filters + ReLU: filter 0 passes the centre value + 100
     * (energy above the floor), filters 1-3 are small random; max pool 2x2 -> [1, 8, 6, 4]; flatten; dense 3 whose
     * class-c row adds filter 0 over the pooled rows of band region c and subtracts it elsewhere; softmax.
     */
    static Graph toneNet(long seed) {
        Random r = new Random(seed);
        Graph g = new Graph();
        g.name = "tone-net";
        Tensor x = act(g, "input", 1, MELS, FRAMES, 1);
        float[] w = new float[4 * 3 * 3];
        float[] b = {100f, 0.5f, -0.2f, 0.1f};
        w[4] = 1f;                                             // filter 0 centre tap
        for (int i = 9; i < w.length; i++) w[i] = (float) (0.05 * r.nextGaussian());
        Tensor cw = constant(g, "conv/w", new int[] {4, 3, 3, 1}, w), cb = constant(g, "conv/b", new int[] {4}, b);
        Tensor c = act(g, "conv", 1, MELS, FRAMES, 4);
        g.addOperator(OpType.CONV_2D, new int[] {x.index, cw.index, cb.index}, new int[] {c.index},
            new Options.Conv(Padding.SAME, 1, 1, 1, 1, Activation.RELU));
        Tensor p = act(g, "pool", 1, MELS / 2, FRAMES / 2, 4);
        g.addOperator(OpType.MAX_POOL_2D, new int[] {c.index}, new int[] {p.index}, new Options.Pool(Padding.VALID, 2, 2, 2, 2, Activation.NONE));
        int flat = MELS / 2 * FRAMES / 2 * 4;
        Tensor shape = g.addTensor("flatten/shape", DType.INT32, new int[] {2}, null, Values.encode(new int[] {1, flat}));
        Tensor fl = act(g, "flatten", 1, flat);
        g.addOperator(OpType.RESHAPE, new int[] {p.index, shape.index}, new int[] {fl.index}, new Options.Reshape(new int[] {1, flat}));
        int[][] region = {{0}, {3}, {6}};   // pooled mel rows (bands 2r, 2r+1) of the three tones (slaney mel, 0-4 kHz)
        float[] fw = new float[3 * flat];
        for (int cls = 0; cls < 3; cls++) {
            for (int row = 0; row < MELS / 2; row++) {
                boolean in = false;
                for (int q : region[cls]) in |= q == row;
                for (int t = 0; t < FRAMES / 2; t++) {
                    for (int ch = 0; ch < 4; ch++) {
                        int i = (row * (FRAMES / 2) + t) * 4 + ch;
                        fw[cls * flat + i] = ch == 0 ? (in ? 0.01f / region[cls].length : -0.002f) : (float) (0.001 * r.nextGaussian());
                    }
                }
            }
        }
        Tensor dw = constant(g, "dense/w", new int[] {3, flat}, fw), db = constant(g, "dense/b", new int[] {3}, new float[] {0.1f, 0f, -0.1f});
        Tensor d = act(g, "dense", 1, 3);
        g.addOperator(OpType.FULLY_CONNECTED, new int[] {fl.index, dw.index, db.index}, new int[] {d.index},
            new Options.FullyConnected(Activation.NONE, false));
        Tensor y = act(g, "scores", 1, 3);
        g.addOperator(OpType.SOFTMAX, new int[] {d.index}, new int[] {y.index}, new Options.Softmax(1f));
        g.inputs = new int[] {x.index};
        g.outputs = new int[] {y.index};
        return g;
    }

    static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (std * r.nextGaussian());
        return v;
    }
}
