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
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** ADD and MUL against TFLite's REF kernels: int8 bit-exact (broadcasting, activations, extreme scales), float 1e-5. */
class AddMulTest {

    static Graph int8(OpType t, Activation act, int[] sa, Quant qa, int[] sb, Quant qb, int[] so, Quant qo) {
        return EltwiseGraphs.binary(t, new Options.Arith(act), DType.INT8, sa, qa, sb, qb, so, qo);
    }

    static Graph float32(OpType t, Activation act, int[] sa, int[] sb, int[] so) {
        return EltwiseGraphs.binary(t, new Options.Arith(act), DType.FLOAT32, sa, null, sb, null, so, null);
    }

    @Test
    void random200SameShape() {
        int[] s = {1, 5, 7, 3};
        OracleAssert.matchesTflite(int8(OpType.ADD, Activation.NONE, s, q(0.05f, -3), s, q(0.11f, 20), s, q(0.13f, -10)), 200, 1);
        OracleAssert.matchesTflite(int8(OpType.MUL, Activation.NONE, s, q(0.05f, -3), s, q(0.11f, 20), s, q(0.3f, 5)), 200, 2);
    }

    static Stream<Arguments> broadcasts() {
        return Stream.of(
            Arguments.of("channel vector", new int[] {1, 4, 5, 3}, new int[] {3}, new int[] {1, 4, 5, 3}),
            Arguments.of("vector first", new int[] {3}, new int[] {1, 4, 5, 3}, new int[] {1, 4, 5, 3}),
            Arguments.of("scalar rank 0", new int[] {2, 3, 5}, new int[] {}, new int[] {2, 3, 5}),
            Arguments.of("scalar [1]", new int[] {1}, new int[] {2, 3, 5}, new int[] {2, 3, 5}),
            Arguments.of("two-way", new int[] {2, 1, 5, 1}, new int[] {1, 3, 1, 4}, new int[] {2, 3, 5, 4}),
            Arguments.of("row x column", new int[] {4, 1}, new int[] {1, 3}, new int[] {4, 3}),
            Arguments.of("rank 3 vs 4", new int[] {3, 1, 2}, new int[] {2, 1, 4, 1}, new int[] {2, 3, 4, 2}),
            Arguments.of("odd same", new int[] {3, 7, 1, 5}, new int[] {3, 7, 1, 5}, new int[] {3, 7, 1, 5}),
            Arguments.of("rank 5", new int[] {2, 1, 3, 1, 2}, new int[] {1, 2, 1, 3, 1}, new int[] {2, 2, 3, 3, 2}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broadcasts")
    void int8Broadcast(String name, int[] sa, int[] sb, int[] so) {
        for (OpType t : new OpType[] {OpType.ADD, OpType.MUL}) {
            float outScale = t == OpType.ADD ? 0.09f : 0.04f;
            OracleAssert.matchesTflite(int8(t, Activation.NONE, sa, q(0.07f, 9), sb, q(0.03f, -60), so, q(outScale, -2)), 20, name.hashCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broadcasts")
    void floatBroadcast(String name, int[] sa, int[] sb, int[] so) {
        for (OpType t : new OpType[] {OpType.ADD, OpType.MUL}) {
            OracleAssert.matchesTflite(float32(t, Activation.NONE, sa, sb, so), 20, name.hashCode());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"NONE", "RELU", "RELU6", "RELU_N1_TO_1"})
    void fusedActivations(Activation act) {
        int[] s = {2, 3, 4}, c = {4};
        // Output scales small enough that RELU6 / RELU_N1_TO_1 clamp inside the int8 range.
        OracleAssert.matchesTflite(int8(OpType.ADD, act, s, q(0.05f, 0), c, q(0.04f, 10), s, q(0.03f, -20)), 30, 1);
        OracleAssert.matchesTflite(int8(OpType.MUL, act, s, q(0.05f, 0), c, q(0.04f, 10), s, q(0.02f, 7)), 30, 2);
        OracleAssert.matchesTflite(float32(OpType.ADD, act, s, c, s), 30, 3);
        OracleAssert.matchesTflite(float32(OpType.MUL, act, s, c, s), 30, 4);
    }

    @Test
    void extremeScales() {
        int[] s = {3, 11};
        // tiny output scale: almost everything saturates
        OracleAssert.matchesTflite(int8(OpType.ADD, Activation.NONE, s, q(0.05f, 0), s, q(0.05f, 0), s, q(1e-4f, 0)), 20, 1);
        OracleAssert.matchesTflite(int8(OpType.MUL, Activation.NONE, s, q(0.05f, 0), s, q(0.05f, 0), s, q(1e-4f, 0)), 20, 2);
        // large output scale: most outputs collapse to the zero point
        OracleAssert.matchesTflite(int8(OpType.ADD, Activation.NONE, s, q(0.05f, 0), s, q(0.05f, 0), s, q(50f, 3)), 20, 3);
        OracleAssert.matchesTflite(int8(OpType.MUL, Activation.NONE, s, q(0.05f, 0), s, q(0.05f, 0), s, q(50f, 3)), 20, 4);
        // very different input scales, extreme zero points
        OracleAssert.matchesTflite(int8(OpType.ADD, Activation.RELU, s, q(1e-5f, 127), s, q(2.5f, -128), s, q(3f, -128)), 20, 5);
        OracleAssert.matchesTflite(int8(OpType.MUL, Activation.RELU, s, q(1e-3f, 127), s, q(2.5f, -128), s, q(0.3f, -128)), 20, 6);
        // MUL multiplier > 1 (QuantizeMultiplier with a positive shift)
        OracleAssert.matchesTflite(int8(OpType.MUL, Activation.NONE, s, q(0.5f, 1), s, q(0.7f, -1), s, q(0.01f, 0)), 20, 7);
    }

    @Test
    void sameTensorTwice() {
        Graph g = new Graph();
        var in = g.addTensor("x", DType.INT8, new int[] {2, 6}, q(0.1f, 4), null);
        var out = g.addTensor("y", DType.INT8, new int[] {2, 6}, q(0.4f, -9), null);
        g.addOperator(OpType.MUL, new int[] {in.index, in.index}, new int[] {out.index}, new Options.Arith(Activation.NONE));
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {out.index};
        OracleAssert.matchesTflite(g, 30, 8);
    }

    @Test
    void rejectsIncompatibleShapes() {
        Graph g = int8(OpType.ADD, Activation.NONE, new int[] {2, 3}, q(0.1f, 0), new int[] {4}, q(0.1f, 0), new int[] {2, 3}, q(0.1f, 0));
        assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class).hasMessageContaining("cannot be broadcast");
    }

    @Property(tries = 30)
    void addRandomShapesAndQuantization(@ForAll long seed) { randomCase(OpType.ADD, seed); }

    @Property(tries = 30)
    void mulRandomShapesAndQuantization(@ForAll long seed) { randomCase(OpType.MUL, seed); }

    /** Random ranks 1..4 with random broadcasting, scales, zero points and activation. */
    private static void randomCase(OpType t, long seed) {
        Random r = new Random(seed);
        int rank = 1 + r.nextInt(4);
        int[] so = new int[rank], sa = new int[rank], sb = new int[rank];
        for (int d = 0; d < rank; d++) {
            so[d] = 1 + r.nextInt(5);
            sa[d] = r.nextInt(3) == 0 ? 1 : so[d];
            sb[d] = r.nextInt(3) == 0 ? 1 : so[d];
        }
        int dropA = r.nextInt(rank + 1) / 2, dropB = r.nextInt(rank + 1) / 2;   // leading dims may be missing
        sa = java.util.Arrays.copyOfRange(sa, dropA, rank);
        sb = java.util.Arrays.copyOfRange(sb, dropB, rank);
        for (int d = 0; d < rank; d++) {   // the output keeps every dim that some operand has
            int ea = d >= dropA ? sa[d - dropA] : 1, eb = d >= dropB ? sb[d - dropB] : 1;
            so[d] = Math.max(ea, eb);
        }
        so = java.util.Arrays.copyOfRange(so, Math.min(dropA, dropB), rank);
        float s1 = (float) Math.exp(-6 + 6 * r.nextDouble()), s2 = (float) Math.exp(-6 + 6 * r.nextDouble());
        float so1 = t == OpType.ADD ? (float) (Math.max(s1, s2) * Math.exp(-2 + 4 * r.nextDouble()))
            : (float) (s1 * s2 * 128 * Math.exp(-3 + 4 * r.nextDouble()));
        Activation act = Activation.values()[r.nextInt(4)];
        Graph g = int8(t, act, sa, q(s1, r.nextInt(256) - 128), sb, q(s2, r.nextInt(256) - 128), so, q(so1, r.nextInt(256) - 128));
        OracleAssert.matchesTflite(g, 5, seed);
    }
}
