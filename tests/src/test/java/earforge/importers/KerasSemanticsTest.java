package earforge.importers;

import static earforge.importers.KerasFile.cfg;
import static earforge.importers.KerasLayersTest.ops;
import static org.assertj.core.api.Assertions.assertThat;

import earforge.importers.KerasFile.Arr;
import earforge.importers.KerasReference.T;
import earforge.ir.Graph;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The imported graph, run in the Java simulator, against Keras semantics computed by naive loops on the Keras-layout
 * weights ({@link KerasReference}): checks the importer's transposes, BN folding and activation fusion independently
 * of TFLite (which only sees the already-imported weights).
 */
class KerasSemanticsTest {
    @TempDir Path dir;

    static final int RUNS = 5;

    private Graph load(KerasFile k, String name) { return KerasH5Importer.load(k.write(dir.resolve(name + ".h5"))); }

    private static float[] randomInput(Graph g, Random r) {
        return (float[]) OracleAssert.randomInput(g.input(0), r, 2f);
    }

    private static double[] bn(KerasFile k, String layer, double[] x, int c, double eps) {
        var w = k.layer(layer).weights();
        return KerasReference.batchNorm(x, c, w.get("gamma"), w.get("beta"), w.get("moving_mean"), w.get("moving_variance"), eps);
    }

    @Test
    void conv2dWithFoldedBatchNormAndRelu() {
        KerasFile k = KerasFile.functional(11).input("in", 9, 8, 3);
        k.add("Conv2D", "conv", cfg("filters", 4, "kernel_size", new int[] {3, 2}, "strides", new int[] {2, 1}, "padding", "same",
            "data_format", "channels_last", "dilation_rate", new int[] {1, 1}, "activation", "linear", "use_bias", true),
            "kernel", k.random(0.5f, 3, 2, 3, 4), "bias", k.random(0.3f, 4));
        k.add("BatchNormalization", "bn", cfg("axis", -1, "epsilon", 0.001, "center", true, "scale", true), k.bnWeights(4));
        k.add("Activation", "relu", cfg("activation", "relu"));
        Graph g = load(k, "convbn");
        assertThat(ops(g)).containsExactly("CONV_2D/RELU");
        Simulator sim = new Simulator(g);
        Random r = new Random(1);
        var conv = k.layer("conv").weights();
        for (int run = 0; run < RUNS; run++) {
            float[] x = randomInput(g, r);
            T y = KerasReference.conv2d(KerasReference.of(x, 9, 8, 3), conv.get("kernel"), conv.get("bias").data(),
                new int[] {2, 1}, new int[] {1, 1}, true);
            assertThat(new int[] {y.h(), y.w(), y.c()}).containsExactly(5, 8, 4);
            double[] want = KerasReference.relu(bn(k, "bn", y.v(), 4, 0.001), Double.POSITIVE_INFINITY);
            KerasReference.assertClose((float[]) sim.run(x)[0], want, "conv+bn+relu run " + run);
        }
    }

    @Test
    void conv2dValidDilatedThenUnfoldedBatchNorm() {
        KerasFile k = KerasFile.sequential(12).input("in", 10, 9, 2);
        k.add("Conv2D", "conv", cfg("filters", 3, "kernel_size", new int[] {3, 3}, "strides", new int[] {1, 1}, "padding", "valid",
            "data_format", "channels_last", "dilation_rate", new int[] {2, 3}, "activation", "relu", "use_bias", false),
            "kernel", k.random(0.5f, 3, 3, 2, 3));
        k.add("BatchNormalization", "bn", cfg("axis", 3, "epsilon", 0.01, "center", true, "scale", true), k.bnWeights(3));
        Graph g = load(k, "convrelubn");
        assertThat(ops(g)).containsExactly("CONV_2D/RELU", "MUL", "ADD");
        Simulator sim = new Simulator(g);
        Random r = new Random(2);
        Arr kernel = k.layer("conv").weights().get("kernel");
        for (int run = 0; run < RUNS; run++) {
            float[] x = randomInput(g, r);
            T y = KerasReference.conv2d(KerasReference.of(x, 10, 9, 2), kernel, null, new int[] {1, 1}, new int[] {2, 3}, false);
            assertThat(new int[] {y.h(), y.w(), y.c()}).containsExactly(6, 3, 3);
            double[] want = bn(k, "bn", KerasReference.relu(y.v(), Double.POSITIVE_INFINITY), 3, 0.01);
            KerasReference.assertClose((float[]) sim.run(x)[0], want, "conv(relu)+bn run " + run);
        }
    }

    @Test
    void depthwiseWithFoldedBatchNorm() {
        KerasFile k = KerasFile.functional(13).input("in", 7, 8, 3);
        k.add("DepthwiseConv2D", "dw", cfg("kernel_size", new int[] {3, 3}, "strides", new int[] {2, 2}, "padding", "same",
            "depth_multiplier", 2, "data_format", "channels_last", "dilation_rate", new int[] {1, 1}, "activation", "linear",
            "use_bias", true), "depthwise_kernel", k.random(0.5f, 3, 3, 3, 2), "bias", k.random(0.3f, 6));
        k.add("BatchNormalization", "bn", cfg("axis", -1, "epsilon", 0.001, "center", true, "scale", true), k.bnWeights(6));
        Graph g = load(k, "dwbn");
        assertThat(ops(g)).containsExactly("DEPTHWISE_CONV_2D");
        Simulator sim = new Simulator(g);
        Random r = new Random(3);
        var dw = k.layer("dw").weights();
        for (int run = 0; run < RUNS; run++) {
            float[] x = randomInput(g, r);
            T y = KerasReference.depthwise(KerasReference.of(x, 7, 8, 3), dw.get("depthwise_kernel"), dw.get("bias").data(),
                new int[] {2, 2}, new int[] {1, 1}, true);
            KerasReference.assertClose((float[]) sim.run(x)[0], bn(k, "bn", y.v(), 6, 0.001), "dw+bn run " + run);
        }
    }

    @Test
    void separableConvWithRelu6() {
        KerasFile k = KerasFile.functional(14).input("in", 8, 7, 2);
        k.add("SeparableConv2D", "sep", cfg("filters", 3, "kernel_size", new int[] {3, 2}, "strides", new int[] {1, 1},
            "padding", "valid", "data_format", "channels_last", "dilation_rate", new int[] {2, 1}, "depth_multiplier", 2,
            "activation", "relu6", "use_bias", true),
            "depthwise_kernel", k.random(0.8f, 3, 2, 2, 2), "pointwise_kernel", k.random(0.8f, 1, 1, 4, 3), "bias", k.random(0.5f, 3));
        Graph g = load(k, "sep");
        assertThat(ops(g)).containsExactly("DEPTHWISE_CONV_2D", "CONV_2D/RELU6");
        Simulator sim = new Simulator(g);
        Random r = new Random(4);
        var w = k.layer("sep").weights();
        for (int run = 0; run < RUNS; run++) {
            float[] x = randomInput(g, r);
            T d = KerasReference.depthwise(KerasReference.of(x, 8, 7, 2), w.get("depthwise_kernel"), null,
                new int[] {1, 1}, new int[] {2, 1}, false);
            T p = KerasReference.conv2d(d, w.get("pointwise_kernel"), w.get("bias").data(), new int[] {1, 1}, new int[] {1, 1}, false);
            KerasReference.assertClose((float[]) sim.run(x)[0], KerasReference.relu(p.v(), 6), "separable run " + run);
        }
    }

    @Test
    void denseWithFoldedBatchNorm() {
        KerasFile k = KerasFile.sequential(15).input("in", 12);
        k.add("Dense", "d", cfg("units", 7, "activation", "linear", "use_bias", true), "kernel", k.random(0.5f, 12, 7), "bias", k.random(0.3f, 7));
        k.add("BatchNormalization", "bn", cfg("axis", 1, "epsilon", 0.001, "center", true, "scale", true), k.bnWeights(7));
        Graph g = load(k, "densebn");
        assertThat(ops(g)).containsExactly("FULLY_CONNECTED");
        Simulator sim = new Simulator(g);
        Random r = new Random(5);
        var d = k.layer("d").weights();
        for (int run = 0; run < RUNS; run++) {
            float[] x = randomInput(g, r);
            double[] xv = new double[x.length];
            for (int i = 0; i < x.length; i++) xv[i] = x[i];
            double[] want = bn(k, "bn", KerasReference.dense(xv, d.get("kernel"), d.get("bias").data()), 7, 0.001);
            KerasReference.assertClose((float[]) sim.run(x)[0], want, "dense+bn run " + run);
        }
    }
}
