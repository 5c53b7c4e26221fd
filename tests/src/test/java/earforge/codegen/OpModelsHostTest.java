package earforge.codegen;

import static earforge.ir.Activation.NONE;
import static earforge.ir.Activation.RELU;
import static earforge.ir.Activation.RELU6;
import static earforge.ir.Activation.RELU_N1_TO_1;
import static earforge.ir.Padding.SAME;
import static earforge.ir.Padding.VALID;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.tflite.TfliteWriter;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-operator (and small multi-operator) int8 models built with the IR: generated C built with gcc on the host ==
 * TFLite reference kernels == simulator, 0 differing bytes on 200 random inputs each.
 */
class OpModelsHostTest {
    static final int RUNS = 200;

    @TempDir Path tmp;

    static Quant q(float scale, int zp) { return Quant.perTensor(scale, zp); }

    static Arguments model(String name, Function<OpGraphs, Graph> build) { return Arguments.of(name, build); }

    /** (TFLite 2.15 refuses an int8 CONV_2D without bias at AllocateTensors, so no such case here.) */
    static Stream<Arguments> models() {
        return Stream.of(
            model("fc per-tensor relu, 3 batches", b -> b.outputs(b.fc(b.input(3, 24), 10, false, true, RELU))),
            model("fc per-channel no bias", b -> b.outputs(b.fc(b.input(1, 33), 7, true, false, NONE))),
            model("fc relu6 deep", b -> b.outputs(b.fc(b.input(2, 300), 5, false, true, RELU6))),
            model("conv same stride 2 per-channel", b -> b.outputs(b.conv(b.input(1, 13, 9, 3), 8, 3, 3, 2, 2, 1, 1, SAME, RELU, true, true))),
            model("conv valid dilation 2", b -> b.outputs(b.conv(b.input(1, 12, 11, 4), 5, 3, 2, 1, 1, 2, 2, VALID, NONE, true, true))),
            model("conv 10x4 kws-like, 2 batches", b -> b.outputs(b.conv(b.input(2, 20, 10, 1), 6, 10, 4, 2, 2, 1, 1, SAME, RELU6, true, true))),
            model("conv per-tensor relu_n1_to_1", b -> b.outputs(b.conv(b.input(1, 6, 6, 5), 4, 1, 1, 1, 1, 1, 1, VALID, RELU_N1_TO_1, false, true))),
            model("depthwise mult 1 same", b -> b.outputs(b.depthwise(b.input(1, 9, 7, 6), 1, 3, 3, 1, 1, 1, 1, SAME, RELU, true, true))),
            model("depthwise mult 3 stride 2 valid", b -> b.outputs(b.depthwise(b.input(1, 11, 10, 2), 3, 3, 3, 2, 2, 1, 1, VALID, RELU6, true, true))),
            model("depthwise dilation 2 no bias", b -> b.outputs(b.depthwise(b.input(1, 10, 10, 4), 2, 3, 3, 1, 1, 2, 2, SAME, NONE, false, false))),
            model("average pool same 3x3 stride 2", b -> b.outputs(b.pool(OpType.AVERAGE_POOL_2D, b.input(1, 9, 8, 5), 3, 3, 2, 2, SAME, NONE))),
            model("average pool global", b -> b.outputs(b.pool(OpType.AVERAGE_POOL_2D, b.input(2, 7, 5, 6), 7, 5, 7, 5, VALID, RELU))),
            model("max pool same 2x2", b -> b.outputs(b.pool(OpType.MAX_POOL_2D, b.input(1, 7, 9, 3), 2, 2, 2, 2, SAME, NONE))),
            model("max pool valid 3x2 relu6", b -> b.outputs(b.pool(OpType.MAX_POOL_2D, b.input(1, 8, 8, 4), 3, 2, 1, 2, VALID, RELU6))),
            model("softmax 3 rows of 10", b -> b.outputs(b.softmax(b.input(3, 10), 1f))),
            model("softmax beta 0.5, 2x4x7", b -> b.outputs(b.softmax(b.input(2, 4, 7), 0.5f))),
            model("fc then softmax", b -> b.outputs(b.softmax(b.fc(b.input(1, 40), 12, true, true, NONE), 1f))),
            model("add broadcast relu", b -> {
                Tensor x = b.input(1, 4, 5, 3), y = b.input(1, 1, 5, 3);
                return b.outputs(b.binary(OpType.ADD, x, y, x.shape, q(0.07f, 3), new Options.Arith(RELU)));
            }),
            model("add rank 3 + rank 1", b -> {
                Tensor x = b.input(2, 3, 4), y = b.input(4);
                return b.outputs(b.binary(OpType.ADD, x, y, x.shape, q(0.05f, -7), new Options.Arith(NONE)));
            }),
            model("mul broadcast relu6", b -> {
                Tensor x = b.input(2, 1, 6), y = b.input(3, 1);
                return b.outputs(b.binary(OpType.MUL, x, y, new int[] {2, 3, 6}, q(0.004f, -20), new Options.Arith(RELU6)));
            }),
            model("fc, relu and add in place", b -> {
                Tensor in = b.input(1, 32);
                Tensor x = b.fc(in, 32, false, true, NONE);
                Tensor y = b.unary(OpType.RELU, x, q(0.05f, -128), Options.NONE);
                return b.outputs(b.binary(OpType.ADD, y, in, in.shape, q(0.08f, 0), new Options.Arith(NONE)));
            }),
            model("mean over h,w keep dims", b -> b.outputs(b.mean(b.input(1, 7, 5, 8), new int[] {1, 2}, true, q(0.02f, 5)))),
            model("mean axes 0,2 dropped", b -> b.outputs(b.mean(b.input(2, 3, 5, 4), new int[] {0, -2}, false, q(0.03f, -9)))),
            model("pad h and w", b -> b.outputs(b.pad(b.input(1, 5, 4, 3), new int[][] {{0, 0}, {1, 2}, {2, 1}, {0, 0}}))),
            model("pad every axis rank 3", b -> b.outputs(b.pad(b.input(2, 3, 2), new int[][] {{1, 0}, {0, 2}, {1, 1}}))),
            model("relu", b -> b.outputs(b.unary(OpType.RELU, b.input(q(0.04f, -5), 3, 40), q(0.03f, -128), Options.NONE))),
            model("relu6", b -> b.outputs(b.unary(OpType.RELU6, b.input(q(0.04f, -5), 3, 40), q(6f / 255, -128), Options.NONE))),
            model("leaky relu", b -> b.outputs(b.unary(OpType.LEAKY_RELU, b.input(q(0.05f, 10), 120), q(0.04f, -20),
                new Options.LeakyRelu(0.1f)))),
            model("logistic", b -> b.outputs(b.unary(OpType.LOGISTIC, b.input(q(0.06f, 4), 2, 50), q(1f / 256, -128), Options.NONE))),
            model("tanh", b -> b.outputs(b.unary(OpType.TANH, b.input(q(0.03f, -8), 2, 50), q(1f / 128, 0), Options.NONE))),
            model("quantize int8 requantize", b -> b.outputs(b.unary(OpType.QUANTIZE, b.input(q(0.05f, 3), 60), q(0.02f, -11), Options.NONE))),
            model("concatenation of inputs and a constant", b -> {
                Tensor x = b.input(q(0.05f, 2), 1, 3, 2, 4), y = b.input(q(0.05f, 2), 1, 3, 2, 1);
                return b.outputs(b.concat(3, x, b.constant(q(0.05f, 2), 1, 3, 2, 3), y));
            }),
            model("squeeze after conv", b -> {
                Tensor x = b.conv(b.input(1, 3, 3, 2), 5, 3, 3, 1, 1, 1, 1, VALID, RELU, true, true);
                return b.outputs(b.fc(b.squeeze(x, new int[] {1, 2}, 1, 5), 3, false, true, NONE));
            }),
            model("reshape between convs and fc", b -> {
                Tensor c = b.conv(b.input(1, 8, 6, 2), 4, 3, 3, 2, 2, 1, 1, SAME, RELU, true, true);
                return b.outputs(b.fc(b.reshape(c, 1, 48), 5, false, true, NONE));
            }),
            model("ds-cnn block: conv, dw, conv, avg pool, reshape, fc", b -> {
                Tensor x = b.conv(b.input(1, 16, 8, 1), 8, 5, 3, 2, 2, 1, 1, SAME, RELU, true, true);
                x = b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, SAME, RELU, true, true);
                x = b.conv(x, 8, 1, 1, 1, 1, 1, 1, SAME, RELU, true, true);
                x = b.pool(OpType.AVERAGE_POOL_2D, x, x.dim(1), x.dim(2), 1, 1, VALID, NONE);
                return b.outputs(b.softmax(b.fc(b.reshape(x, 1, 8), 4, false, true, NONE), 1f));
            }),
            model("two outputs sharing a reshape", b -> {
                Tensor x = b.fc(b.input(1, 16), 12, false, true, RELU);
                Tensor y = b.reshape(x, 1, 3, 4);
                return b.outputs(b.fc(x, 3, true, true, NONE), y);
            }));
    }

    @org.junit.jupiter.api.Test
    void elementwiseOutputsOverwriteTheirInputsInTheGeneratedC() {
        OpGraphs b = new OpGraphs(9);
        Tensor in = b.input(1, 32);
        Tensor x = b.fc(in, 32, false, true, NONE);
        Tensor y = b.unary(OpType.RELU, x, q(0.05f, -128), Options.NONE);
        Graph g = b.outputs(b.binary(OpType.ADD, y, in, in.shape, q(0.08f, 0), new Options.Arith(NONE)));
        earforge.emit.CModel m = earforge.emit.Lowering.lower(g);
        String relu = m.steps().get(1).code(), add = m.steps().get(2).code();
        int xo = m.plan().offsetOf(x.index);
        assertThat(relu).startsWith("earforge_relu(&op1, arena.i8 + " + xo + ", arena.i8 + " + xo + ", 32)");
        assertThat(add).endsWith(", arena.i8 + " + xo + ");");
        assertThat(m.plan().size()).isEqualTo(64);   // input and fc output; relu and add reuse the fc output's bytes
    }

    @org.junit.jupiter.api.Test
    void reshapeIsACopyWhenThePlanKeepsTensorsApart() {
        OpGraphs b = new OpGraphs(10);
        Tensor c = b.conv(b.input(1, 6, 4, 2), 3, 3, 3, 1, 1, 1, 1, SAME, RELU, true, true);
        Graph g = b.outputs(b.fc(b.reshape(c, 1, 72), 5, false, true, NONE));
        var plan = earforge.plan.GreedyPlanner.plan(earforge.plan.Lifetimes.separate(g, 4), 4);
        earforge.emit.CModel m = earforge.emit.Lowering.lower(g, plan);
        assertThat(m.steps().get(1).code()).startsWith("memcpy(arena.i8 + ");
        HostC.Built built = HostC.build(m, tmp.resolve("gen"), java.util.List.of());
        Object[][] in = HostC.randomInputs(g, 50, 3);
        byte[][][] out = HostC.run(built, in);
        earforge.sim.Simulator sim = new earforge.sim.Simulator(g);
        for (int k = 0; k < in.length; k++) assertThat(out[k][0]).isEqualTo((byte[]) sim.run(in[k])[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void generatedCIsBitExact(String name, Function<OpGraphs, Graph> build) {
        Graph g = build.apply(new OpGraphs(name.hashCode()));
        g.name = "op_model";
        HostC.assertBitExact(TfliteWriter.toBytes(g), g, tmp.resolve("gen"), RUNS, name.hashCode() + 1L);
    }
}
