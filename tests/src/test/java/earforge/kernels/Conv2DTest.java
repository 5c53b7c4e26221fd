package earforge.kernels;

import static earforge.kernels.SpatialGraphs.Conv;
import static earforge.kernels.SpatialGraphs.Q;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Padding;
import earforge.ir.Quant;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CONV_2D against TFLite's reference kernels: int8 bit-exact, float within 1e-5 relative. */
class Conv2DTest {

    @Test
    void int8PerChannelMatchesOn200Inputs() {
        Conv c = new Conv(1, 7, 5, 3, 3, 3, 8, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true);
        OracleAssert.matchesTflite(SpatialGraphs.conv2d(c, DType.INT8, Q.random(new Random(1), true), 11), 200, 1);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
            Arguments.of("stride 2", new Conv(1, 7, 5, 3, 3, 3, 4, 2, 2, 1, 1, Padding.SAME, Activation.NONE, true)),
            Arguments.of("stride 3 valid", new Conv(1, 10, 8, 3, 3, 2, 5, 3, 3, 1, 1, Padding.VALID, Activation.NONE, true)),
            Arguments.of("stride 2x3", new Conv(1, 9, 11, 2, 4, 3, 3, 2, 3, 1, 1, Padding.SAME, Activation.RELU6, true)),
            Arguments.of("dilation 2 same", new Conv(1, 9, 7, 3, 3, 3, 4, 1, 1, 2, 2, Padding.SAME, Activation.NONE, true)),
            Arguments.of("dilation 2x1 valid", new Conv(1, 9, 7, 3, 3, 2, 4, 1, 2, 2, 1, Padding.VALID, Activation.RELU, true)),
            Arguments.of("valid", new Conv(1, 7, 5, 3, 3, 3, 6, 1, 1, 1, 1, Padding.VALID, Activation.RELU_N1_TO_1, true)),
            Arguments.of("relu6", new Conv(1, 7, 5, 3, 3, 3, 6, 1, 1, 1, 1, Padding.SAME, Activation.RELU6, true)),
            Arguments.of("relu_n1_to_1", new Conv(1, 6, 6, 4, 2, 2, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU_N1_TO_1, true)),
            Arguments.of("batch 2", new Conv(2, 7, 5, 3, 3, 3, 4, 2, 1, 1, 1, Padding.SAME, Activation.RELU, true)),
            Arguments.of("1x1", new Conv(1, 5, 5, 16, 1, 1, 8, 1, 1, 1, 1, Padding.VALID, Activation.NONE, true)),
            Arguments.of("even kernel same", new Conv(1, 8, 6, 3, 4, 2, 4, 2, 2, 1, 1, Padding.SAME, Activation.NONE, true)),
            Arguments.of("kernel larger than input", new Conv(1, 3, 2, 2, 5, 5, 3, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true)),
            Arguments.of("audio-like 49x10", new Conv(1, 49, 10, 1, 10, 4, 8, 2, 2, 1, 1, Padding.SAME, Activation.RELU, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void int8PerChannel(String name, Conv c) {
        OracleAssert.matchesTflite(SpatialGraphs.conv2d(c, DType.INT8, Q.random(new Random(name.hashCode()), true), 2), 20, 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void int8PerTensor(String name, Conv c) {
        OracleAssert.matchesTflite(SpatialGraphs.conv2d(c, DType.INT8, Q.random(new Random(name.hashCode() + 1), false), 4), 20, 5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void float32(String name, Conv c) {
        OracleAssert.matchesTflite(SpatialGraphs.conv2d(c, DType.FLOAT32, null, 6), 20, 7);
    }

    @Test
    void float32On50Inputs() {
        Conv c = new Conv(2, 7, 5, 3, 3, 3, 8, 2, 1, 1, 2, Padding.SAME, Activation.RELU6, true);
        OracleAssert.matchesTflite(SpatialGraphs.conv2d(c, DType.FLOAT32, null, 8), 50, 9);
    }

    /**
     * TFLite 2.15's CONV_2D requires a bias input (conv.cc: "has_bias was not true"); TFLM does not. The simulator
     * runs the bias-free graph; TFLite runs the same graph with an all-zero bias, which is the same function.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = DType.class, names = {"INT8", "FLOAT32"})
    void withoutBiasEqualsZeroBias(DType type) {
        Conv c = new Conv(2, 7, 5, 3, 3, 3, 4, 1, 2, 1, 1, Padding.SAME, Activation.RELU, false);
        Q q = Q.random(new Random(6), true);
        Graph noBias = SpatialGraphs.conv2d(c, type, q, 15);
        Graph zeroBias = SpatialGraphs.conv2d(c, type, q, 15);
        earforge.ir.Tensor out = zeroBias.output(0);
        Quant bq = type == DType.INT8 ? Quant.perTensor(1f, 0) : null;
        earforge.ir.Tensor bias = zeroBias.addTensor("bias", type == DType.INT8 ? DType.INT32 : DType.FLOAT32,
            new int[] {c.outParam()}, bq, new byte[4 * c.outParam()]);
        var op = zeroBias.operators.get(0);
        zeroBias.operators.set(0, new earforge.ir.Operator(op.type, new int[] {op.inputs[0], op.inputs[1], bias.index},
            new int[] {out.index}, op.options));
        OracleAssert.matchesTflite(earforge.tflite.TfliteWriter.toBytes(zeroBias), noBias, 30, 16);
    }

    /** Dynamic-range quantized CONV_2D (float activations, int8 weights), as in kws_ref_model_float32. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void hybrid(String name, Conv c) {
        OracleAssert.matchesTflite(SpatialGraphs.hybridConv2d(c, 17), 20, 17);
    }

    @Test
    void hybridBatch2On50Inputs() {
        Conv c = new Conv(2, 49, 10, 1, 10, 4, 16, 2, 2, 1, 1, Padding.SAME, Activation.RELU, true);
        OracleAssert.matchesTflite(SpatialGraphs.hybridConv2d(c, 18), 50, 18);
    }

    @Test
    void groupedConvolution() {
        Conv c = new Conv(1, 7, 5, 6, 3, 3, 9, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true);
        OracleAssert.matchesTflite(SpatialGraphs.groupedConv2d(c, Q.random(new Random(3), true), 10, 3), 20, 11);
    }

    /** Output scales far from the natural one: saturation at both ends, all-zero-point outputs, multiplier > 1. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(floats = {1e-7f, 1e-4f, 1e-2f, 1f, 1e3f, 1e6f})
    void extremeOutputScales(float outScale) {
        Conv c = new Conv(1, 7, 5, 3, 3, 3, 4, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true);
        Graph g = SpatialGraphs.withOutputScale(SpatialGraphs.conv2d(c, DType.INT8, Q.random(new Random(4), true), 12), outScale);
        OracleAssert.matchesTflite(g, 20, 13);
    }

    @Property(tries = 30)
    void randomShapesInt8(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 9) int h,
                          @ForAll @IntRange(min = 1, max = 9) int w, @ForAll @IntRange(min = 1, max = 5) int cin,
                          @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
                          @ForAll @IntRange(min = 1, max = 6) int cout, @ForAll @IntRange(min = 1, max = 3) int stride,
                          @ForAll @IntRange(min = 1, max = 2) int dil, @ForAll boolean same, @ForAll boolean perChannel,
                          @ForAll @IntRange(min = 0, max = 3) int act, @ForAll long seed) {
        Padding p = same ? Padding.SAME : Padding.VALID;
        if (!same && (h < (kh - 1) * dil + 1 || w < (kw - 1) * dil + 1)) p = Padding.SAME;   // VALID needs the window to fit
        Activation a = Activation.fromCode(act);
        Conv c = new Conv(batch, h, w, cin, kh, kw, cout, stride, stride, dil, dil, p, a, true);
        OracleAssert.matchesTflite(SpatialGraphs.conv2d(c, DType.INT8, Q.random(new Random(seed), perChannel), seed), 3, seed);
    }

    @Test
    void rejectsTanhFusedActivationAndNonZeroFilterZeroPoint() {
        Conv c = new Conv(1, 4, 4, 2, 3, 3, 2, 1, 1, 1, 1, Padding.SAME, Activation.TANH, true);
        Graph g = SpatialGraphs.conv2d(c, DType.INT8, Q.random(new Random(5), true), 14);
        assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class).hasMessageContaining("TANH");
        Conv ok = new Conv(1, 4, 4, 2, 3, 3, 2, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true);
        Graph z = SpatialGraphs.conv2d(ok, DType.INT8, Q.random(new Random(5), false), 14);
        z.tensor(1).quant = Quant.perTensor(z.tensor(1).quant.scale(), 3);
        assertThatThrownBy(() -> new Simulator(z)).isInstanceOf(EarforgeException.class).hasMessageContaining("zero point 3");
    }
}
