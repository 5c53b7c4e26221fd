package earforge.kernels;

import static earforge.kernels.EltwiseGraphs.allInt8;
import static earforge.kernels.EltwiseGraphs.q;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SOFTMAX against TFLite's REF kernel (reference_ops::Softmax with gemmlowp fixed point): int8 bit-exact. */
class SoftmaxTest {

    static Graph int8(int[] shape, float inScale, int inZp, float beta) {
        return EltwiseGraphs.unary(OpType.SOFTMAX, new Options.Softmax(beta), DType.INT8, shape, q(inScale, inZp), q(1f / 256, -128));
    }

    /** One row holding all 256 values (every difference 0..-255 to the maximum), then 256 rows (v, r, r'). */
    @ParameterizedTest(name = "scale {0} zp {1} beta {2}")
    @CsvSource({"0.0625,0,1", "0.0625,0,0.5", "0.1,-20,1", "0.1,-20,0.5", "0.02,5,1", "0.3,0,1", "1.0,0,1",
        "0.004,-128,1", "0.004,-128,0.5", "0.05,3,2.0"})
    void sweepAllInt8Values(float scale, int zp, float beta) {
        EltwiseGraphs.matchesOn(int8(new int[] {1, 256}, scale, zp, beta), (Object) allInt8());
        byte[] rows = new byte[256 * 3];
        Random r = new Random(7);
        for (int i = 0; i < 256; i++) {
            rows[3 * i] = (byte) (i - 128);
            rows[3 * i + 1] = (byte) r.nextInt();
            rows[3 * i + 2] = (byte) (i - 128 + r.nextInt(9) - 4);
        }
        EltwiseGraphs.matchesOn(int8(new int[] {256, 3}, scale, zp, beta), (Object) rows);
    }

    @Test
    void random200Beta1AndHalf() {
        OracleAssert.matchesTflite(int8(new int[] {2, 3, 10}, 0.08f, -7, 1f), 200, 1);
        OracleAssert.matchesTflite(int8(new int[] {4, 12}, 0.08f, -7, 0.5f), 200, 2);
    }

    @Test
    void oddShapes() {
        OracleAssert.matchesTflite(int8(new int[] {7}, 0.05f, 0, 1f), 20, 3);          // rank 1
        OracleAssert.matchesTflite(int8(new int[] {5, 1}, 0.05f, 0, 1f), 20, 4);       // depth 1: always 1.0
        OracleAssert.matchesTflite(int8(new int[] {1, 3, 1, 37}, 0.05f, 0, 1f), 20, 5);
        OracleAssert.matchesTflite(int8(new int[] {1, 1000}, 0.05f, 0, 1f), 5, 6);    // long row, small values
    }

    @Test
    void equalValuesRow() {
        byte[] same = new byte[50];
        java.util.Arrays.fill(same, (byte) 17);
        EltwiseGraphs.matchesOn(int8(new int[] {1, 50}, 0.05f, 0, 1f), (Object) same);
    }

    @Test
    void floatBeta1AndHalf() {
        for (float beta : new float[] {1f, 0.5f}) {
            Graph g = EltwiseGraphs.unary(OpType.SOFTMAX, new Options.Softmax(beta), DType.FLOAT32, new int[] {3, 2, 9}, null, null);
            OracleAssert.matchesTflite(g, 50, 9);
        }
    }

    @Test
    void rejectsWrongOutputQuantization() {
        Graph g = EltwiseGraphs.unary(OpType.SOFTMAX, new Options.Softmax(1f), DType.INT8, new int[] {1, 4}, q(0.1f, 0), q(1f / 128, 0));
        assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class).hasMessageContaining("1/256");
    }
}
