package earforge.kernels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Quant;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PAD against TFLite's reference kernel: int8 pads with the zero point, float with 0. */
class PadTest {

    static final Quant Q = Quant.perTensor(0.07f, -21);

    @Test
    void int8SpatialPaddingOn200Inputs() {
        Graph g = SpatialGraphs.pad(DType.INT8, new int[] {1, 7, 5, 3}, new int[][] {{0, 0}, {1, 2}, {2, 1}, {0, 0}}, false, Q);
        OracleAssert.matchesTflite(g, 200, 51);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of(new int[] {2, 7, 5, 3}, new int[][] {{1, 0}, {0, 3}, {2, 2}, {1, 1}}, false),
            Arguments.of(new int[] {2, 7, 5, 3}, new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}}, false),
            Arguments.of(new int[] {1, 4, 4, 2}, new int[][] {{0, 0}, {3, 3}, {3, 3}, {0, 0}}, true),
            Arguments.of(new int[] {3, 5, 4}, new int[][] {{1, 1}, {0, 2}, {1, 0}}, false),
            Arguments.of(new int[] {6, 10}, new int[][] {{2, 0}, {0, 5}}, true),
            Arguments.of(new int[] {9}, new int[][] {{4, 1}}, false),
            Arguments.of(new int[] {1, 2, 3, 2, 2}, new int[][] {{0, 1}, {1, 0}, {0, 2}, {1, 1}, {0, 1}}, false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void int8(int[] shape, int[][] pads, boolean int64) {
        OracleAssert.matchesTflite(SpatialGraphs.pad(DType.INT8, shape, pads, int64, Q), 10, 52);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void float32(int[] shape, int[][] pads, boolean int64) {
        OracleAssert.matchesTflite(SpatialGraphs.pad(DType.FLOAT32, shape, pads, int64, null), 10, 53);
    }

    @Test
    void float32On50Inputs() {
        Graph g = SpatialGraphs.pad(DType.FLOAT32, new int[] {2, 7, 5, 3}, new int[][] {{0, 0}, {1, 2}, {2, 1}, {0, 1}}, false, null);
        OracleAssert.matchesTflite(g, 50, 54);
    }

    /** The optional third input (a constant scalar with the output's quantization) replaces the fill value. */
    @Test
    void constantValueInput() {
        for (DType t : new DType[] {DType.INT8, DType.FLOAT32}) {
            Graph g = SpatialGraphs.pad(t, new int[] {1, 5, 3, 2}, new int[][] {{0, 0}, {2, 1}, {1, 2}, {0, 1}}, false,
                t == DType.INT8 ? Q : null);
            byte[] value = t == DType.INT8 ? new byte[] {55} : Values.encode(new float[] {1.5f});
            earforge.ir.Tensor c = g.addTensor("value", t, new int[0], t == DType.INT8 ? Q : null, value);
            var op = g.operators.get(0);
            g.operators.set(0, new earforge.ir.Operator(op.type, new int[] {op.inputs[0], op.inputs[1], c.index}, op.outputs, op.options));
            OracleAssert.matchesTflite(g, 10, 55);
        }
    }

    @Property(tries = 30)
    void randomShapesInt8(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll @IntRange(min = -128, max = 127) int zp,
                          @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] shape = new int[rank];
        int[][] pads = new int[rank][2];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + r.nextInt(6);
            pads[d][0] = r.nextInt(4);
            pads[d][1] = r.nextInt(4);
        }
        OracleAssert.matchesTflite(SpatialGraphs.pad(DType.INT8, shape, pads, r.nextBoolean(), Quant.perTensor(0.1f, zp)), 3, seed);
    }

    @Test
    void rejectsNegativePaddingAndQuantizationChange() {
        Graph neg = SpatialGraphs.pad(DType.INT8, new int[] {1, 4, 4, 1}, new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}, false, Q);
        neg.tensor(1).data = Values.encode(new int[] {0, 0, -1, 1, 1, 1, 0, 0});
        assertThatThrownBy(() -> new Simulator(neg)).isInstanceOf(EarforgeException.class).hasMessageContaining("negative");
        Graph q = SpatialGraphs.pad(DType.INT8, new int[] {1, 4, 4, 1}, new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}, false, Q);
        q.output(0).quant = Quant.perTensor(0.07f, 0);
        assertThatThrownBy(() -> new Simulator(q)).isInstanceOf(EarforgeException.class).hasMessageContaining("PAD");
    }
}
