package earforge.kernels;

import static earforge.kernels.SpatialGraphs.Conv;
import static earforge.kernels.SpatialGraphs.Q;

import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Padding;
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
import org.junit.jupiter.params.provider.ValueSource;

/** DEPTHWISE_CONV_2D against TFLite's reference kernels. Conv.outParam is the depth multiplier here. */
class DepthwiseConv2DTest {

    @Test
    void int8PerChannelMatchesOn200Inputs() {
        Conv c = new Conv(1, 7, 5, 3, 3, 3, 2, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true);
        OracleAssert.matchesTflite(SpatialGraphs.depthwise(c, DType.INT8, Q.random(new Random(21), true), 21), 200, 21);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
            Arguments.of("multiplier 1", new Conv(1, 7, 5, 3, 3, 3, 1, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true)),
            Arguments.of("multiplier 2 stride 2", new Conv(1, 7, 5, 3, 3, 3, 2, 2, 2, 1, 1, Padding.SAME, Activation.NONE, true)),
            Arguments.of("multiplier 3 stride 3 valid", new Conv(1, 11, 10, 2, 3, 3, 3, 3, 3, 1, 1, Padding.VALID, Activation.RELU6, true)),
            Arguments.of("stride 1x2", new Conv(1, 9, 8, 4, 3, 2, 1, 1, 2, 1, 1, Padding.SAME, Activation.RELU, true)),
            Arguments.of("dilation 2", new Conv(1, 9, 7, 3, 3, 3, 2, 1, 1, 2, 2, Padding.SAME, Activation.NONE, true)),
            Arguments.of("dilation 2x1 valid", new Conv(1, 9, 7, 3, 3, 3, 1, 1, 1, 2, 1, Padding.VALID, Activation.RELU_N1_TO_1, true)),
            Arguments.of("batch 2", new Conv(2, 7, 5, 3, 3, 3, 2, 1, 1, 1, 1, Padding.SAME, Activation.RELU6, true)),
            Arguments.of("no bias", new Conv(1, 7, 5, 3, 3, 3, 2, 1, 1, 1, 1, Padding.SAME, Activation.NONE, false)),
            Arguments.of("even kernel", new Conv(1, 8, 8, 8, 4, 2, 1, 2, 2, 1, 1, Padding.SAME, Activation.NONE, true)),
            Arguments.of("kernel larger than input", new Conv(1, 2, 3, 2, 5, 5, 2, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true)),
            Arguments.of("single channel", new Conv(1, 10, 6, 1, 3, 3, 4, 1, 1, 1, 1, Padding.VALID, Activation.RELU, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void int8PerChannel(String name, Conv c) {
        OracleAssert.matchesTflite(SpatialGraphs.depthwise(c, DType.INT8, Q.random(new Random(name.hashCode()), true), 22), 20, 22);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void int8PerTensor(String name, Conv c) {
        OracleAssert.matchesTflite(SpatialGraphs.depthwise(c, DType.INT8, Q.random(new Random(name.hashCode() + 7), false), 23), 20, 23);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void float32(String name, Conv c) {
        OracleAssert.matchesTflite(SpatialGraphs.depthwise(c, DType.FLOAT32, null, 24), 20, 24);
    }

    @Test
    void float32On50Inputs() {
        Conv c = new Conv(2, 7, 5, 3, 3, 3, 2, 2, 1, 1, 2, Padding.SAME, Activation.RELU6, true);
        OracleAssert.matchesTflite(SpatialGraphs.depthwise(c, DType.FLOAT32, null, 25), 50, 25);
    }

    @ParameterizedTest
    @ValueSource(floats = {1e-7f, 1e-4f, 1e-2f, 1f, 1e3f, 1e6f})
    void extremeOutputScales(float outScale) {
        Conv c = new Conv(1, 7, 5, 3, 3, 3, 2, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true);
        Graph g = SpatialGraphs.withOutputScale(SpatialGraphs.depthwise(c, DType.INT8, Q.random(new Random(26), true), 26), outScale);
        OracleAssert.matchesTflite(g, 20, 26);
    }

    @Property(tries = 30)
    void randomShapesInt8(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 9) int h,
                          @ForAll @IntRange(min = 1, max = 9) int w, @ForAll @IntRange(min = 1, max = 5) int cin,
                          @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
                          @ForAll @IntRange(min = 1, max = 3) int mult, @ForAll @IntRange(min = 1, max = 3) int stride,
                          @ForAll @IntRange(min = 1, max = 2) int dil, @ForAll boolean same, @ForAll boolean perChannel,
                          @ForAll @IntRange(min = 0, max = 3) int act, @ForAll boolean bias, @ForAll long seed) {
        Padding p = same ? Padding.SAME : Padding.VALID;
        if (!same && (h < (kh - 1) * dil + 1 || w < (kw - 1) * dil + 1)) p = Padding.SAME;
        Conv c = new Conv(batch, h, w, cin, kh, kw, mult, stride, stride, dil, dil, p, Activation.fromCode(act), bias);
        OracleAssert.matchesTflite(SpatialGraphs.depthwise(c, DType.INT8, Q.random(new Random(seed), perChannel), seed), 3, seed);
    }
}
