package earforge.kernels;

import static earforge.kernels.EltwiseGraphs.q;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import earforge.tflite.TfliteWriter;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RESHAPE, SQUEEZE and CONCATENATION against TFLite. */
class ShapeOpsTest {

    static final Quant Q = q(0.05f, -3);

    @Test
    void reshapeFromOptionsWithInferredDim() {
        Graph g = EltwiseGraphs.unary(OpType.RESHAPE, new Options.Reshape(new int[] {-1, 6}), DType.INT8, new int[] {1, 4, 3, 2}, Q,
            DType.INT8, new int[] {4, 6}, Q);
        OracleAssert.matchesTflite(g, 200, 1);
    }

    @Test
    void reshapeFromShapeTensor() {
        for (DType dt : new DType[] {DType.INT8, DType.FLOAT32}) {
            Quant qq = dt == DType.INT8 ? Q : null;
            Graph g = new Graph();
            Tensor in = g.addTensor("input", dt, new int[] {2, 3, 5}, qq, null);
            Tensor shape = g.addTensor("shape", DType.INT32, new int[] {3}, null, Values.encode(new int[] {5, -1, 2}));
            Tensor out = g.addTensor("output", dt, new int[] {5, 3, 2}, qq, null);
            g.addOperator(OpType.RESHAPE, new int[] {in.index, shape.index}, new int[] {out.index}, new Options.Reshape(null));
            g.inputs = new int[] {in.index};
            g.outputs = new int[] {out.index};
            OracleAssert.matchesTflite(g, 20, 2);
        }
    }

    @Test
    void reshapeRejectsWrongOutputShape() {
        Graph g = EltwiseGraphs.unary(OpType.RESHAPE, new Options.Reshape(new int[] {3, 8}), DType.INT8, new int[] {4, 6}, Q,
            DType.INT8, new int[] {4, 6}, Q);
        assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class).hasMessageContaining("[3, 8]");
    }

    @ParameterizedTest(name = "squeeze {0}")
    @CsvSource({"'',1 3 1 5 1,3 5", "0,1 3 1 5 1,3 1 5 1", "-1,1 3 1 5 1,1 3 1 5", "0 2,1 3 1 5 1,3 5 1", "-3 -5,1 3 1 5 1,3 5 1"})
    void squeeze(String dims, String in, String out) {
        Graph g = EltwiseGraphs.unary(OpType.SQUEEZE, new Options.Squeeze(ints(dims)), DType.INT8, ints(in), Q, DType.INT8, ints(out), Q);
        OracleAssert.matchesTflite(g, 200, 3);
    }

    @Test
    void squeezeRejectsNonUnitDimension() {
        Graph g = EltwiseGraphs.unary(OpType.SQUEEZE, new Options.Squeeze(new int[] {1}), DType.INT8, new int[] {1, 3}, Q,
            DType.INT8, new int[] {1}, Q);
        assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class).hasMessageContaining("size 3");
    }

    /** Concatenates inputs of the given shapes along {@code axis}. */
    static Graph concat(DType dt, int axis, Quant qq, int[]... shapes) {
        Graph g = new Graph();
        int[] ins = new int[shapes.length];
        int rank = shapes[0].length, a = axis < 0 ? axis + rank : axis;
        int[] so = shapes[0].clone();
        so[a] = 0;
        for (int i = 0; i < shapes.length; i++) {
            ins[i] = g.addTensor("in" + i, dt, shapes[i], qq, null).index;
            so[a] += shapes[i][a];
        }
        Tensor out = g.addTensor("output", dt, so, qq, null);
        g.addOperator(OpType.CONCATENATION, ins, new int[] {out.index}, new Options.Concat(axis, Activation.NONE));
        g.inputs = ins;
        g.outputs = new int[] {out.index};
        return g;
    }

    @ParameterizedTest(name = "axis {0}")
    @CsvSource({"0", "1", "2", "3", "-1", "-2", "-4"})
    void concatenationAxes(int axis) {
        int rank = 4, a = axis < 0 ? axis + rank : axis;
        int[][] shapes = new int[3][];
        for (int i = 0; i < 3; i++) {
            shapes[i] = new int[] {2, 3, 4, 5};
            shapes[i][a] = i + 1;
        }
        OracleAssert.matchesTflite(concat(DType.INT8, axis, Q, shapes), 200, axis + 10);
        OracleAssert.matchesTflite(concat(DType.FLOAT32, axis, null, shapes), 20, axis + 20);
        OracleAssert.matchesTflite(concat(DType.INT32, axis, null, shapes), 10, axis + 30);
    }

    @Test
    void concatenationInt8DifferentQuantizationIsRejectedLikeTflite() {
        Graph g = concat(DType.INT8, 1, Q, new int[] {1, 2}, new int[] {1, 3});
        g.tensor(g.inputs[1]).quant = q(0.1f, 0);
        byte[] model = TfliteWriter.toBytes(g);
        assertThatThrownBy(() -> new TfliteOracle(model).close()).isInstanceOf(EarforgeException.class);
        assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class)
            .hasMessageContaining("must have the output's scale and zero point");
    }

    @Test
    void concatenationFusedActivationIsRejectedLikeTflite() {
        Graph g = concat(DType.FLOAT32, 0, null, new int[] {1, 2}, new int[] {1, 2});
        Graph relu = new Graph();
        relu.tensors.addAll(g.tensors);
        relu.addOperator(OpType.CONCATENATION, g.operators.get(0).inputs, g.operators.get(0).outputs, new Options.Concat(0, Activation.RELU));
        relu.inputs = g.inputs;
        relu.outputs = g.outputs;
        byte[] model = TfliteWriter.toBytes(relu);
        assertThatThrownBy(() -> new TfliteOracle(model).close()).isInstanceOf(EarforgeException.class);
        assertThatThrownBy(() -> new Simulator(relu)).isInstanceOf(EarforgeException.class).hasMessageContaining("fused activation");
    }

    /** Random rank, axis (possibly negative), input count and sizes. */
    @Property(tries = 30)
    void concatenationRandom(@ForAll long seed) {
        Random r = new Random(seed);
        int rank = 1 + r.nextInt(4), n = 1 + r.nextInt(4);
        int axis = r.nextInt(rank) - (r.nextBoolean() ? rank : 0);
        int[] base = new int[rank];
        for (int d = 0; d < rank; d++) base[d] = 1 + r.nextInt(4);
        int[][] shapes = new int[n][];
        for (int i = 0; i < n; i++) {
            shapes[i] = base.clone();
            shapes[i][axis < 0 ? axis + rank : axis] = 1 + r.nextInt(4);
        }
        Quant qq = q((float) Math.exp(-5 + 5 * r.nextDouble()), r.nextInt(256) - 128);
        OracleAssert.matchesTflite(concat(DType.INT8, axis, qq, shapes), 3, seed);
    }

    private static int[] ints(String s) {
        return s.isBlank() ? new int[0] : java.util.Arrays.stream(s.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }
}
