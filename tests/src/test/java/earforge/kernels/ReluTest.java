package earforge.kernels;

import static earforge.kernels.EltwiseGraphs.allInt8;
import static earforge.kernels.EltwiseGraphs.q;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.testing.OracleAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RELU, RELU6 and LEAKY_RELU against TFLite (requantizing int8 paths): every int8 value, many scale pairs. */
class ReluTest {

    static Graph int8(OpType t, Options opt, float si, int zi, float so, int zo) {
        return EltwiseGraphs.unary(t, opt, DType.INT8, new int[] {1, 256}, q(si, zi), q(so, zo));
    }

    @ParameterizedTest(name = "in {0}/{1} out {2}/{3}")
    @CsvSource({"0.05,0,0.05,0", "0.05,-10,0.05,-128", "0.05,-10,0.02,-128", "0.02,30,0.1,-100", "0.1,0,0.0235,-128",
        "1.5,5,0.001,0", "0.001,-128,2.0,127", "0.3,127,0.3,-128"})
    void all256Values(float si, int zi, float so, int zo) {
        EltwiseGraphs.matchesOn(int8(OpType.RELU, Options.NONE, si, zi, so, zo), (Object) allInt8());
        EltwiseGraphs.matchesOn(int8(OpType.RELU6, Options.NONE, si, zi, so, zo), (Object) allInt8());
        for (float alpha : new float[] {0.2f, 0.01f, 0f, 1.5f}) {
            EltwiseGraphs.matchesOn(int8(OpType.LEAKY_RELU, new Options.LeakyRelu(alpha), si, zi, so, zo), (Object) allInt8());
        }
    }

    @Test
    void random200() {
        int[] s = {2, 5, 3, 4};
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.RELU, Options.NONE, DType.INT8, s, q(0.04f, -5), q(0.03f, -128)), 200, 1);
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.RELU6, Options.NONE, DType.INT8, s, q(0.04f, -5), q(6f / 255, -128)), 200, 2);
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.LEAKY_RELU, new Options.LeakyRelu(0.1f), DType.INT8, s,
            q(0.04f, -5), q(0.035f, 17)), 200, 3);
    }

    @Test
    void floats() {
        int[] s = {3, 1, 7};
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.RELU, Options.NONE, DType.FLOAT32, s, null, null), 30, 4);
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.RELU6, Options.NONE, DType.FLOAT32, s, null, null), 30, 5);
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.LEAKY_RELU, new Options.LeakyRelu(0.3f), DType.FLOAT32, s, null, null), 30, 6);
    }
}
