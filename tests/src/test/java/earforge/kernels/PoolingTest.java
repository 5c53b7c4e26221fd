package earforge.kernels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Padding;
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

/** MAX_POOL_2D and AVERAGE_POOL_2D against TFLite's reference kernels. */
class PoolingTest {

    /** batch, h, w, c, fh, fw, sh, sw, padding, activation. */
    record Pool(int batch, int h, int w, int c, int fh, int fw, int sh, int sw, Padding p, Activation act) {
        Graph graph(OpType type, DType dt, float scale, int zp) {
            return SpatialGraphs.pool(type, dt, batch, h, w, c, fh, fw, sh, sw, p, act, scale, zp);
        }
    }

    static Stream<Arguments> variants() {
        Pool[] pools = {
            new Pool(1, 7, 5, 3, 2, 2, 2, 2, Padding.SAME, Activation.NONE),
            new Pool(1, 7, 5, 3, 3, 3, 1, 1, Padding.SAME, Activation.NONE),       // edges average fewer elements
            new Pool(1, 7, 5, 3, 3, 3, 2, 2, Padding.VALID, Activation.RELU),
            new Pool(1, 10, 9, 2, 3, 2, 3, 3, Padding.SAME, Activation.RELU6),
            new Pool(2, 7, 5, 3, 2, 3, 1, 2, Padding.SAME, Activation.RELU_N1_TO_1),
            new Pool(1, 3, 2, 4, 5, 5, 1, 1, Padding.SAME, Activation.NONE),       // window larger than input
            new Pool(1, 25, 5, 8, 25, 5, 1, 1, Padding.VALID, Activation.NONE),    // global pooling
            new Pool(1, 8, 8, 1, 4, 4, 4, 4, Padding.VALID, Activation.NONE),
        };
        Stream.Builder<Arguments> b = Stream.builder();
        for (OpType t : new OpType[] {OpType.MAX_POOL_2D, OpType.AVERAGE_POOL_2D}) for (Pool p : pools) b.add(Arguments.of(t, p));
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void int8(OpType type, Pool p) {
        OracleAssert.matchesTflite(p.graph(type, DType.INT8, 0.05f, -7), 20, 31);
    }

    /** A tiny scale makes the RELU6 clamp bite at 127, a large one at the zero point. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void int8ExtremeScales(OpType type, Pool p) {
        OracleAssert.matchesTflite(p.graph(type, DType.INT8, 1e-4f, 100), 5, 32);
        OracleAssert.matchesTflite(p.graph(type, DType.INT8, 10f, -128), 5, 33);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void float32(OpType type, Pool p) {
        OracleAssert.matchesTflite(p.graph(type, DType.FLOAT32, 0, 0), 20, 34);
    }

    @Test
    void averagePoolInt8On200Inputs() {
        Pool p = new Pool(1, 7, 5, 3, 3, 3, 2, 2, Padding.SAME, Activation.NONE);
        OracleAssert.matchesTflite(p.graph(OpType.AVERAGE_POOL_2D, DType.INT8, 0.02f, 3), 200, 35);
    }

    @Test
    void maxPoolInt8On200Inputs() {
        Pool p = new Pool(2, 7, 5, 3, 3, 2, 2, 1, Padding.SAME, Activation.RELU);
        OracleAssert.matchesTflite(p.graph(OpType.MAX_POOL_2D, DType.INT8, 0.02f, -3), 200, 36);
    }

    @Test
    void float32On50Inputs() {
        Pool p = new Pool(2, 7, 5, 3, 3, 3, 2, 2, Padding.SAME, Activation.RELU6);
        OracleAssert.matchesTflite(p.graph(OpType.AVERAGE_POOL_2D, DType.FLOAT32, 0, 0), 50, 37);
        OracleAssert.matchesTflite(p.graph(OpType.MAX_POOL_2D, DType.FLOAT32, 0, 0), 50, 38);
    }

    @Property(tries = 30)
    void randomShapesInt8(@ForAll boolean average, @ForAll @IntRange(min = 1, max = 2) int batch,
                          @ForAll @IntRange(min = 1, max = 10) int h, @ForAll @IntRange(min = 1, max = 10) int w,
                          @ForAll @IntRange(min = 1, max = 4) int c, @ForAll @IntRange(min = 1, max = 4) int fh,
                          @ForAll @IntRange(min = 1, max = 4) int fw, @ForAll @IntRange(min = 1, max = 3) int stride,
                          @ForAll boolean same, @ForAll @IntRange(min = 0, max = 3) int act,
                          @ForAll @IntRange(min = -128, max = 127) int zp) {
        Padding p = same || h < fh || w < fw ? Padding.SAME : Padding.VALID;
        Pool pool = new Pool(batch, h, w, c, fh, fw, stride, stride, p, Activation.fromCode(act));
        OpType t = average ? OpType.AVERAGE_POOL_2D : OpType.MAX_POOL_2D;
        OracleAssert.matchesTflite(pool.graph(t, DType.INT8, 0.03f, zp), 3, zp);
    }

    @Test
    void rejectsDifferentInputAndOutputQuantization() {
        Graph g = new Pool(1, 4, 4, 1, 2, 2, 2, 2, Padding.VALID, Activation.NONE).graph(OpType.AVERAGE_POOL_2D, DType.INT8, 0.1f, 0);
        g.output(0).quant = Quant.perTensor(0.2f, 0);
        assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class)
            .hasMessageContaining("AVERAGE_POOL_2D").hasMessageContaining("same quantization");
    }
}
