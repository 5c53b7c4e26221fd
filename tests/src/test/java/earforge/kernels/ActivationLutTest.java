package earforge.kernels;

import static earforge.kernels.EltwiseGraphs.allInt8;
import static earforge.kernels.EltwiseGraphs.q;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LOGISTIC and TANH against TFLite's REF kernels: every int8 input value, several input scales. */
class ActivationLutTest {

    @ParameterizedTest(name = "logistic in scale {0} zp {1}")
    @CsvSource({"0.0625,0", "0.1,-128", "0.02,10", "0.5,127", "0.0001,0", "3.7,-5"})
    void logisticAll256(float scale, int zp) {
        var g = EltwiseGraphs.unary(OpType.LOGISTIC, Options.NONE, DType.INT8, new int[] {1, 256}, q(scale, zp), q(1f / 256, -128));
        EltwiseGraphs.matchesOn(g, (Object) allInt8());
    }

    @ParameterizedTest(name = "tanh in scale {0} zp {1}")
    @CsvSource({"0.0625,0", "0.1,-128", "0.02,10", "0.5,127", "0.0001,0", "3.7,-5"})
    void tanhAll256(float scale, int zp) {
        var g = EltwiseGraphs.unary(OpType.TANH, Options.NONE, DType.INT8, new int[] {1, 256}, q(scale, zp), q(1f / 128, 0));
        EltwiseGraphs.matchesOn(g, (Object) allInt8());
    }

    @Test
    void random200() {
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.LOGISTIC, Options.NONE, DType.INT8, new int[] {2, 3, 5},
            q(0.07f, 3), q(1f / 256, -128)), 200, 1);
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.TANH, Options.NONE, DType.INT8, new int[] {2, 3, 5},
            q(0.07f, 3), q(1f / 128, 0)), 200, 2);
    }

    @Test
    void logisticRejectsOutputScaleOtherThan1Over256LikeTflite() {
        var g = EltwiseGraphs.unary(OpType.LOGISTIC, Options.NONE, DType.INT8, new int[] {4}, q(0.1f, 0), q(1f / 255, -128));
        byte[] model = earforge.tflite.TfliteWriter.toBytes(g);
        assertThatThrownBy(() -> new earforge.oracle.TfliteOracle(model).close()).isInstanceOf(EarforgeException.class);
        assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class).hasMessageContaining("1/256");
    }

    @Test
    void floats() {
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.LOGISTIC, Options.NONE, DType.FLOAT32, new int[] {3, 7},
            (Quant) null, null), 50, 3);
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.TANH, Options.NONE, DType.FLOAT32, new int[] {3, 7},
            (Quant) null, null), 50, 4);
    }
}
