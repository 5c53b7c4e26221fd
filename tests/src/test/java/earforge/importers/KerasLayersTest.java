package earforge.importers;

import static earforge.importers.KerasFile.cfg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.testing.OracleAssert;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small Keras .h5 files covering every supported layer: the imported graph's structure (folding, fusion) is checked,
 * then the graph is written with TfliteWriter and the simulator is compared with TFLite's reference kernels.
 */
class KerasLayersTest {
    @TempDir Path dir;

    static final int RUNS = 30;

    Graph load(KerasFile k, String name) { return KerasH5Importer.load(k.write(dir.resolve(name + ".h5"))); }

    /** "TYPE" or "TYPE/ACT" per operator. */
    static List<String> ops(Graph g) {
        return g.operators.stream().map(KerasLayersTest::op).toList();
    }

    static String op(Operator o) {
        var a = o.options.activation();
        return o.type + (a == earforge.ir.Activation.NONE ? "" : "/" + a);
    }

    static ArrayNode pairs(int a, int b, int c, int d) {
        ArrayNode n = KerasFile.JSON.createArrayNode();
        n.addArray().add(a).add(b);
        n.addArray().add(c).add(d);
        return n;
    }

    static com.fasterxml.jackson.databind.node.ObjectNode conv(int filters, int[] k, int[] s, String pad, String act, boolean bias) {
        return cfg("filters", filters, "kernel_size", k, "strides", s, "padding", pad, "data_format", "channels_last",
            "dilation_rate", new int[] {1, 1}, "groups", 1, "activation", act, "use_bias", bias);
    }

    @Test
    void denseBatchNormDropoutSoftmax() {
        KerasFile k = KerasFile.sequential(1).input("in", 20);
        k.add("Dense", "d1", cfg("units", 16, "activation", "relu", "use_bias", true), "kernel", k.random(0.4f, 20, 16), "bias", k.random(0.3f, 16));
        k.add("BatchNormalization", "bn1", cfg("axis", KerasFile.JSON.createArrayNode().add(1), "epsilon", 0.001, "center", true, "scale", true), k.bnWeights(16));
        k.add("Dense", "d2", cfg("units", 8, "activation", "linear", "use_bias", false), "kernel", k.random(0.4f, 16, 8));
        k.add("BatchNormalization", "bn2", cfg("axis", -1, "epsilon", 0.01, "center", true, "scale", true), k.bnWeights(8));
        k.add("Activation", "act", cfg("activation", "relu"));
        k.add("Dropout", "drop", cfg("rate", 0.5));
        k.add("Dense", "d3", cfg("units", 4, "activation", "softmax", "use_bias", true), "kernel", k.random(0.5f, 8, 4), "bias", k.random(0.3f, 4));
        Graph g = load(k, "dense");
        // bn1 follows a Dense with relu: kept as MUL+ADD; bn2 folds into d2 and the relu fuses.
        assertThat(ops(g)).containsExactly("FULLY_CONNECTED/RELU", "MUL", "ADD", "FULLY_CONNECTED/RELU", "FULLY_CONNECTED", "SOFTMAX");
        assertThat(g.input(0).shape).containsExactly(1, 20);
        assertThat(g.output(0).shape).containsExactly(1, 4);
        OracleAssert.matchesTflite(g, RUNS, 1);
    }

    @Test
    void convolutionsPaddingAndPooling() {
        KerasFile k = KerasFile.functional(2).input("in", 12, 10, 3);
        k.add("ZeroPadding2D", "pad", cfg("padding", pairs(1, 2, 0, 1), "data_format", "channels_last"));
        k.add("Conv2D", "c1", conv(6, new int[] {3, 3}, new int[] {2, 1}, "valid", "linear", true),
            "kernel", k.random(0.3f, 3, 3, 3, 6), "bias", k.random(0.2f, 6));
        k.add("BatchNormalization", "bn1", cfg("axis", 3, "epsilon", 0.001, "center", true, "scale", true), k.bnWeights(6));
        k.add("Activation", "r1", cfg("activation", "relu"));
        k.add("DepthwiseConv2D", "dw", cfg("kernel_size", new int[] {3, 3}, "strides", new int[] {1, 1}, "padding", "same",
            "depth_multiplier", 2, "data_format", "channels_last", "dilation_rate", new int[] {2, 2}, "activation", "linear",
            "use_bias", false), "depthwise_kernel", k.random(0.4f, 3, 3, 6, 2));
        k.add("BatchNormalization", "bn2", cfg("axis", -1, "epsilon", 0.001, "center", true, "scale", true), k.bnWeights(12));
        k.add("ReLU", "r2", cfg("max_value", 6.0, "negative_slope", 0.0, "threshold", 0.0));
        k.add("SeparableConv2D", "sep", cfg("filters", 5, "kernel_size", new int[] {3, 3}, "strides", new int[] {1, 1},
            "padding", "same", "data_format", "channels_last", "dilation_rate", new int[] {1, 1}, "depth_multiplier", 1,
            "activation", "relu6", "use_bias", true),
            "depthwise_kernel", k.random(0.4f, 3, 3, 12, 1), "pointwise_kernel", k.random(0.3f, 1, 1, 12, 5), "bias", k.random(0.2f, 5));
        k.add("MaxPooling2D", "mp", cfg("pool_size", new int[] {2, 2}, "padding", "valid", "strides", new int[] {2, 2}, "data_format", "channels_last"));
        k.add("AveragePooling2D", "ap", cfg("pool_size", new int[] {3, 3}, "padding", "same", "strides", new int[] {2, 2}, "data_format", "channels_last"));
        k.add("GlobalAveragePooling2D", "gap", cfg("data_format", "channels_last"));
        k.add("Dense", "out", cfg("units", 3, "activation", "softmax", "use_bias", true), "kernel", k.random(0.5f, 5, 3), "bias", k.random(0.2f, 3));
        Graph g = load(k, "conv");
        assertThat(ops(g)).containsExactly("PAD", "CONV_2D/RELU", "DEPTHWISE_CONV_2D/RELU6", "DEPTHWISE_CONV_2D", "CONV_2D/RELU6",
            "MAX_POOL_2D", "AVERAGE_POOL_2D", "MEAN", "FULLY_CONNECTED", "SOFTMAX");
        assertThat(g.tensor(g.operators.get(1).outputs[0]).shape).containsExactly(1, 7, 9, 6);
        assertThat(g.tensor(g.operators.get(6).outputs[0]).shape).containsExactly(1, 2, 2, 5);
        OracleAssert.matchesTflite(g, RUNS, 2);
    }

    @Test
    void branchesAddConcatenateAndActivations() {
        KerasFile k = KerasFile.functional(3).input("in", 6, 6, 4);
        k.add("Conv2D", "ca", conv(4, new int[] {3, 3}, new int[] {1, 1}, "same", "linear", true), List.of("in"),
            "kernel", k.random(0.3f, 3, 3, 4, 4), "bias", k.random(0.2f, 4));
        k.add("Conv2D", "cb", conv(4, new int[] {1, 1}, new int[] {1, 1}, "valid", "linear", false), List.of("in"),
            "kernel", k.random(0.5f, 1, 1, 4, 4));
        k.add("Add", "add", cfg(), List.of("ca", "cb"));
        k.add("ReLU", "r6", cfg("max_value", 6.0), List.of("add"));
        k.add("Conv2D", "cc", conv(2, new int[] {2, 2}, new int[] {1, 1}, "same", "tanh", true), List.of("in"),
            "kernel", k.random(0.4f, 2, 2, 4, 2), "bias", k.random(0.2f, 2));
        k.add("Concatenate", "cat", cfg("axis", -1), List.of("r6", "cc"));
        k.add("LeakyReLU", "lrelu", cfg("alpha", 0.2), List.of("cat"));
        k.add("BatchNormalization", "bn", cfg("axis", 3, "epsilon", 0.001, "center", false, "scale", true), List.of("lrelu"),
            "gamma", k.range(0.5f, 1.5f, 6), "moving_mean", k.random(0.3f, 6), "moving_variance", k.range(0.5f, 2f, 6));
        k.add("Flatten", "flat", cfg("data_format", "channels_last"), List.of("bn"));
        k.add("Dense", "fc", cfg("units", 6, "activation", "sigmoid", "use_bias", true), List.of("flat"),
            "kernel", k.random(0.2f, 216, 6), "bias", k.random(0.2f, 6));
        k.add("Reshape", "rs", cfg("target_shape", new int[] {3, -1}), List.of("fc"));
        k.add("ReLU", "leaky", cfg("max_value", null, "negative_slope", 0.1, "threshold", 0.0), List.of("rs"));
        k.add("Activation", "lin", cfg("activation", "linear"), List.of("leaky"));
        k.add("Concatenate", "cat2", cfg("axis", 1), List.of("lin", "rs"));
        k.outputs("cat2", "cc");
        Graph g = load(k, "merge");
        assertThat(ops(g)).containsExactly("CONV_2D", "CONV_2D", "ADD/RELU6", "CONV_2D", "TANH", "CONCATENATION", "LEAKY_RELU",
            "MUL", "ADD", "RESHAPE", "FULLY_CONNECTED", "LOGISTIC", "RESHAPE", "LEAKY_RELU", "CONCATENATION");
        assertThat(g.outputs).hasSize(2);
        assertThat(g.output(0).shape).containsExactly(1, 6, 2);
        assertThat(g.output(1).shape).containsExactly(1, 6, 6, 2);
        OracleAssert.matchesTflite(g, RUNS, 3);
    }

    @Test
    void twoInputsSharedLayerAndStandaloneActivations() {
        KerasFile k = KerasFile.functional(4).input("a", 8).input("b", 8);
        k.add("BatchNormalization", "bn", cfg("axis", 1, "epsilon", 0.001, "center", true, "scale", true), List.of("a"), k.bnWeights(8));
        k.add("Dense", "shared", cfg("units", 5, "activation", "linear", "use_bias", true), List.of("bn"),
            "kernel", k.random(0.5f, 8, 5), "bias", k.random(0.3f, 5));
        k.call("shared", "b");
        k.add("Add", "sum", cfg(), List.of("shared", "shared@1", "shared"));
        k.add("ReLU", "relu", cfg(), List.of("sum"));
        k.add("Dense", "d", cfg("units", 4, "activation", "linear", "use_bias", true), List.of("relu"),
            "kernel", k.random(0.5f, 5, 4), "bias", k.random(0.3f, 4));
        k.add("LeakyReLU", "lr", cfg("alpha", 0.3), List.of("d"));
        k.add("ReLU", "r6", cfg("max_value", 6.0), List.of("lr"));
        k.add("Activation", "sig", cfg("activation", "sigmoid"), List.of("r6"));
        k.add("Activation", "th", cfg("activation", "tanh"), List.of("sig"));
        Graph g = load(k, "shared");
        // BN on a graph input has no producer to fold into: MUL + ADD with [8] constants.
        assertThat(ops(g)).containsExactly("MUL", "ADD", "FULLY_CONNECTED", "FULLY_CONNECTED", "ADD", "ADD/RELU",
            "FULLY_CONNECTED", "LEAKY_RELU", "RELU6", "LOGISTIC", "TANH");
        assertThat(g.inputs).hasSize(2);
        OracleAssert.matchesTflite(g, RUNS, 4);
    }

    @Test
    void legacySequentialWithoutInputLayer() {
        KerasFile k = KerasFile.sequential(5);
        k.legacyListConfig = true;
        k.kerasVersion = "2.1.6";
        ArrayNode shape = KerasFile.JSON.createArrayNode().addNull().add(7).add(5).add(2);
        k.add("Conv2D", "conv", conv(3, new int[] {3, 3}, new int[] {1, 1}, "same", "relu", true).set("batch_input_shape", shape),
            "kernel", k.random(0.4f, 3, 3, 2, 3), "bias", k.random(0.2f, 3));
        k.add("Reshape", "rs", cfg("target_shape", new int[] {35, 3}));
        k.add("Dense", "d", cfg("units", 2, "activation", "linear", "use_bias", true), "kernel", k.random(0.5f, 3, 2), "bias", k.random(0.2f, 2));
        Graph g = load(k, "legacy");
        assertThat(ops(g)).containsExactly("CONV_2D/RELU", "RESHAPE", "FULLY_CONNECTED");
        assertThat(g.input(0).shape).containsExactly(1, 7, 5, 2);
        assertThat(g.output(0).shape).containsExactly(1, 35, 2);   // Dense on the last axis keeps the other dims
        OracleAssert.matchesTflite(g, RUNS, 5);
    }
}
