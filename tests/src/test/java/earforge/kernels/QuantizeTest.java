package earforge.kernels;

import static earforge.kernels.EltwiseGraphs.allInt8;
import static earforge.kernels.EltwiseGraphs.q;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.testing.OracleAssert;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** QUANTIZE and DEQUANTIZE against TFLite's REF kernels. */
class QuantizeTest {

    static Graph quantize(DType from, Quant qin, DType to, Quant qout, int... shape) {
        return EltwiseGraphs.unary(OpType.QUANTIZE, Options.NONE, from, shape, qin, to, shape, qout);
    }

    @Test
    void floatToInt8Random200() {
        OracleAssert.matchesTflite(quantize(DType.FLOAT32, null, DType.INT8, q(0.03f, -7), 2, 3, 11), 200, 1);
    }

    @ParameterizedTest(name = "float to {0} scale {1} zp {2}")
    @CsvSource({"INT8,0.5,0", "INT8,1e-4,100", "INT8,100.0,-128", "UINT8,0.02,128", "INT16,1e-4,0", "INT16,0.001,-5"})
    void floatToInteger(DType to, float scale, int zp) {
        OracleAssert.matchesTflite(quantize(DType.FLOAT32, null, to, q(scale, zp), 4, 9), 30, 2);
    }

    /** Exact halves: round half away from zero, as TfLiteRound. */
    @Test
    void floatRoundingTies() {
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) x[i] = (i - 32) * 0.25f;   // multiples of 0.5 * scale with scale 0.5
        EltwiseGraphs.matchesOn(quantize(DType.FLOAT32, null, DType.INT8, q(0.5f, 1), 64), (Object) x);
    }

    @ParameterizedTest(name = "{0}/{1} to {2}/{3}")
    @CsvSource({"0.05,0,0.05,10", "0.05,-3,0.1,7", "0.1,20,0.013,-128", "2.0,0,0.001,0", "0.001,-128,3.0,127"})
    void int8ToInt8All256(float si, int zi, float so, int zo) {
        EltwiseGraphs.matchesOn(quantize(DType.INT8, q(si, zi), DType.INT8, q(so, zo), 256), (Object) allInt8());
    }

    @Test
    void mixedIntegerTypes() {
        EltwiseGraphs.matchesOn(quantize(DType.INT8, q(0.05f, -128), DType.UINT8, q(0.05f, 0), 256), (Object) allInt8());
        EltwiseGraphs.matchesOn(quantize(DType.UINT8, q(0.05f, 128), DType.INT8, q(0.07f, 3), 256), (Object) allInt8());
        OracleAssert.matchesTflite(quantize(DType.INT16, q(1e-4f, 0), DType.INT8, q(0.03f, -2), 3, 50), 50, 3);
        OracleAssert.matchesTflite(quantize(DType.INT16, q(1e-4f, 0), DType.INT16, q(3e-4f, 0), 3, 50), 50, 4);
    }

    @Test
    void dequantize() {
        int[] s = {2, 7, 5};
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.DEQUANTIZE, Options.NONE, DType.INT8, s, q(0.037f, -9), DType.FLOAT32, s, null), 200, 5);
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.DEQUANTIZE, Options.NONE, DType.UINT8, s, q(0.5f, 128), DType.FLOAT32, s, null), 20, 6);
        OracleAssert.matchesTflite(EltwiseGraphs.unary(OpType.DEQUANTIZE, Options.NONE, DType.INT16, s, q(1e-4f, 0), DType.FLOAT32, s, null), 20, 7);
    }

    /** Random float-to-int8 and int8-to-int8 quantization parameters. */
    @Property(tries = 30)
    void randomParameters(@ForAll long seed) {
        Random r = new Random(seed);
        Quant qo = q((float) Math.exp(-7 + 8 * r.nextDouble()), r.nextInt(256) - 128);
        OracleAssert.matchesTflite(quantize(DType.FLOAT32, null, DType.INT8, qo, 1 + r.nextInt(5), 1 + r.nextInt(40)), 3, seed);
        Quant qi = q((float) Math.exp(-7 + 8 * r.nextDouble()), r.nextInt(256) - 128);
        EltwiseGraphs.matchesOn(quantize(DType.INT8, qi, DType.INT8, qo, 256), (Object) allInt8());
    }
}
