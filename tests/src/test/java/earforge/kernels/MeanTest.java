package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Quant;
import earforge.testing.OracleAssert;
import java.util.Arrays;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MEAN against TFLite's reference kernel, for the global-average-pool case and general axes. */
class MeanTest {

    static final Quant IN = Quant.perTensor(0.05f, -10);

    @Test
    void spatialAxesKeepDimsInt8On200Inputs() {
        Graph g = SpatialGraphs.mean(DType.INT8, new int[] {1, 7, 5, 16}, new int[] {1, 2}, true, IN, Quant.perTensor(0.02f, 5));
        OracleAssert.matchesTflite(g, 200, 41);
    }

    @Test
    void spatialAxesSameQuantizationInt8On200Inputs() {
        Graph g = SpatialGraphs.mean(DType.INT8, new int[] {2, 25, 5, 8}, new int[] {1, 2}, true, IN, IN);
        OracleAssert.matchesTflite(g, 200, 42);
    }

    static Stream<Arguments> axes() {
        return Stream.of(
            Arguments.of(new int[] {1, 7, 5, 3}, new int[] {1, 2}, false),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {2, 1}, true),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {-3, -2}, true),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {1, 1, 2}, true),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {1}, true),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {3}, false),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {0}, true),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {1, 2, 3}, false),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {0, 1, 2, 3}, false),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[] {0, 3}, true),
            Arguments.of(new int[] {4, 9, 6}, new int[] {1}, false),
            Arguments.of(new int[] {6, 10}, new int[] {-1}, true),
            Arguments.of(new int[] {1, 49, 10, 64}, new int[] {1, 2}, true));
    }

    @ParameterizedTest
    @MethodSource("axes")
    void int8DifferentQuantization(int[] shape, int[] axes, boolean keep) {
        OracleAssert.matchesTflite(SpatialGraphs.mean(DType.INT8, shape, axes, keep, IN, Quant.perTensor(0.03f, 12)), 20, 43);
    }

    @ParameterizedTest
    @MethodSource("axes")
    void int8SameQuantization(int[] shape, int[] axes, boolean keep) {
        OracleAssert.matchesTflite(SpatialGraphs.mean(DType.INT8, shape, axes, keep, IN, IN), 20, 44);
    }

    @ParameterizedTest
    @MethodSource("axes")
    void float32(int[] shape, int[] axes, boolean keep) {
        OracleAssert.matchesTflite(SpatialGraphs.mean(DType.FLOAT32, shape, axes, keep, null, null), 20, 45);
    }

    @Test
    void float32On50Inputs() {
        OracleAssert.matchesTflite(SpatialGraphs.mean(DType.FLOAT32, new int[] {2, 7, 5, 16}, new int[] {1, 2}, true, null, null), 50, 46);
    }

    /** Output scales that saturate, that map everything to the zero point, and input/output ratios far from 1. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(floats = {1e-6f, 1e-3f, 0.5f, 40f, 1e4f, 1e8f})
    void int8ExtremeOutputScales(float outScale) {
        Graph g = SpatialGraphs.mean(DType.INT8, new int[] {1, 49, 10, 4}, new int[] {1, 2}, true, IN, Quant.perTensor(outScale, -3));
        OracleAssert.matchesTflite(g, 20, 47);
        Graph h = SpatialGraphs.mean(DType.INT8, new int[] {2, 3, 5, 4}, new int[] {0, 2}, false, IN, Quant.perTensor(outScale, 7));
        OracleAssert.matchesTflite(h, 20, 48);
    }

    @Property(tries = 30)
    void randomShapesAndAxesInt8(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll @IntRange(min = 1, max = 15) int mask,
                                 @ForAll boolean keep, @ForAll boolean sameQuant, @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) shape[d] = 1 + r.nextInt(8);
        int[] axes = java.util.stream.IntStream.range(0, rank).filter(d -> (mask >> d & 1) == 1).toArray();
        if (axes.length == 0) axes = new int[] {rank - 1};
        if (r.nextBoolean()) axes = Arrays.stream(axes).map(a -> a - rank).toArray();   // negative form
        Quant in = Quant.perTensor((float) (0.001 + r.nextDouble() * 0.1), r.nextInt(256) - 128);
        Quant out = sameQuant ? in : Quant.perTensor((float) (0.001 + r.nextDouble() * 0.1), r.nextInt(256) - 128);
        OracleAssert.matchesTflite(SpatialGraphs.mean(DType.INT8, shape, axes, keep, in, out), 3, seed);
    }
}
