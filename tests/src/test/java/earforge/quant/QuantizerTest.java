package earforge.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Post-training quantization of small float CNNs: TFLite spec structure, bit-exactness with TFLite, rewrites. */
class QuantizerTest {
    @TempDir Path dir;

    @Test
    void toneNetFollowsTheSpecAndRunsBitExactInTflite() throws Exception {
        Path data = Synth.dataset(dir.resolve("data"), 3, 1);
        Graph f = Synth.toneNet(7);
        CalibrationData cal = CalibrationData.collect(f, Synth.frontend(), List.of(data), new int[] {1}, 2000);
        assertThat(cal.clips()).isEqualTo(9);   // fold 1 only
        PostTraining.Outcome o = PostTraining.run(f, Synth.frontend(), true, cal, Quantizer.Settings.defaults(), null);
        assertThat(o.check().windows()).isGreaterThanOrEqualTo(10);
        assertThat(o.check().differingBytes()).isZero();
        Graph q = o.int8();

        assertThat(q.input(0).type).isEqualTo(DType.INT8);
        assertThat(q.input(0).quant).isEqualTo(Quant.perTensor(0.55f, 54));      // the front end's int8 mapping
        assertThat(q.output(0).quant).isEqualTo(Quant.perTensor(1f / 256, -128));
        Operator conv = q.operators.get(0), pool = q.operators.get(1), reshape = q.operators.get(2), fc = q.operators.get(3);
        Tensor cw = q.tensor(conv.input(1)), cb = q.tensor(conv.input(2)), fw = q.tensor(fc.input(1)), fb = q.tensor(fc.input(2));
        assertThat(cw.type).isEqualTo(DType.INT8);
        assertThat(cw.quant.scales()).hasSize(4);
        assertThat(cw.quant.axis()).isZero();
        assertThat(cw.quant.zeroPoints()).containsOnly(0L);
        byte[] wq = cw.data;
        for (int c = 0; c < 4; c++) {   // symmetric per channel: each channel reaches +-127 and never -128
            int max = 0;
            for (int i = c * 9; i < (c + 1) * 9; i++) { max = Math.max(max, Math.abs(wq[i])); assertThat(wq[i]).isNotEqualTo((byte) -128); }
            assertThat(max).isEqualTo(127);
        }
        assertThat(cb.type).isEqualTo(DType.INT32);
        for (int c = 0; c < 4; c++) assertThat(cb.quant.scale(c)).isEqualTo(q.input(0).quant.scale() * cw.quant.scale(c));
        // ReLU output: zero point at the bottom of the range; pooling and reshape share the conv output's quantization.
        Tensor co = q.tensor(conv.output(0));
        assertThat(co.quant.zp()).isEqualTo(-128);
        assertThat(q.tensor(pool.output(0)).quant).isEqualTo(co.quant);
        assertThat(q.tensor(reshape.output(0)).quant).isEqualTo(co.quant);
        assertThat(fw.quant.perChannel()).isFalse();
        assertThat(fb.quant.scale()).isEqualTo(co.quant.scale() * fw.quant.scale());
        // Dequantized weights stay within half a step of the float ones.
        float[] w0 = (float[]) Values.decode(DType.FLOAT32, f.tensor(f.operators.get(0).input(1)).data);
        for (int i = 0; i < w0.length; i++) {
            float s = cw.quant.scale(i / 9);
            assertThat((double) Math.abs(w0[i] - s * wq[i])).isLessThanOrEqualTo(s / 2 * 1.0001);
        }
        OracleAssert.matchesTflite(o.tflite(), q, 8, 3);
    }

    /** conv stride 2 -> depthwise 3x3 without bias -> 1x1 conv -> average pool -> reshape -> dense -> softmax, random weights. */
    static Graph dsNet(long seed) {
        Random r = new Random(seed);
        Graph g = new Graph();
        Tensor x = Synth.act(g, "input", 1, 16, 12, 1);
        Tensor w1 = Synth.constant(g, "c1/w", new int[] {8, 3, 3, 1}, Synth.gaussian(r, 72, 0.3));
        Tensor b1 = Synth.constant(g, "c1/b", new int[] {8}, Synth.gaussian(r, 8, 0.1));
        Tensor y1 = Synth.act(g, "c1", 1, 8, 6, 8);
        g.addOperator(OpType.CONV_2D, new int[] {x.index, w1.index, b1.index}, new int[] {y1.index},
            new Options.Conv(Padding.SAME, 2, 2, 1, 1, Activation.RELU6));
        Tensor w2 = Synth.constant(g, "dw/w", new int[] {1, 3, 3, 8}, Synth.gaussian(r, 72, 0.4));
        Tensor y2 = Synth.act(g, "dw", 1, 8, 6, 8);
        g.addOperator(OpType.DEPTHWISE_CONV_2D, new int[] {y1.index, w2.index, -1}, new int[] {y2.index},   // no bias
            new Options.DepthwiseConv(Padding.SAME, 1, 1, 1, 1, 1, Activation.RELU));
        Tensor w3 = Synth.constant(g, "pw/w", new int[] {12, 1, 1, 8}, Synth.gaussian(r, 96, 0.4));
        Tensor b3 = Synth.constant(g, "pw/b", new int[] {12}, Synth.gaussian(r, 12, 0.1));
        Tensor y3 = Synth.act(g, "pw", 1, 8, 6, 12);
        g.addOperator(OpType.CONV_2D, new int[] {y2.index, w3.index, b3.index}, new int[] {y3.index},
            new Options.Conv(Padding.VALID, 1, 1, 1, 1, Activation.NONE));
        Tensor y4 = Synth.act(g, "avg", 1, 1, 1, 12);
        g.addOperator(OpType.AVERAGE_POOL_2D, new int[] {y3.index}, new int[] {y4.index}, new Options.Pool(Padding.VALID, 8, 6, 8, 6, Activation.NONE));
        Tensor s = g.addTensor("flat/shape", DType.INT32, new int[] {2}, null, Values.encode(new int[] {1, 12}));
        Tensor y5 = Synth.act(g, "flat", 1, 12);
        g.addOperator(OpType.RESHAPE, new int[] {y4.index, s.index}, new int[] {y5.index}, new Options.Reshape(new int[] {1, 12}));
        Tensor w6 = Synth.constant(g, "fc/w", new int[] {5, 12}, Synth.gaussian(r, 60, 0.5));
        Tensor b6 = Synth.constant(g, "fc/b", new int[] {5}, Synth.gaussian(r, 5, 0.1));
        Tensor y6 = Synth.act(g, "fc", 1, 5);
        g.addOperator(OpType.FULLY_CONNECTED, new int[] {y5.index, w6.index, b6.index}, new int[] {y6.index},
            new Options.FullyConnected(Activation.NONE, false));
        Tensor y7 = Synth.act(g, "softmax", 1, 5);
        g.addOperator(OpType.SOFTMAX, new int[] {y6.index}, new int[] {y7.index}, new Options.Softmax(1f));
        g.inputs = new int[] {x.index};
        g.outputs = new int[] {y7.index};
        return g;
    }

    static CalibrationData gaussianInputs(Graph g, int n, long seed) {
        Random r = new Random(seed);
        List<float[]> fl = new ArrayList<>();
        List<byte[]> q = new ArrayList<>();
        for (int i = 0; i < n; i++) { fl.add(Synth.gaussian(r, g.input(0).elements(), 2.0)); q.add(null); }
        return new CalibrationData(fl, q, 0, List.of("gaussian"));
    }

    @Test
    void everyEstimatorAndPerChannelDenseGiveModelsTfliteRunsBitExactly() {
        Graph f = dsNet(11);
        CalibrationData cal = gaussianInputs(f, 40, 5);
        for (Estimator e : Estimator.values()) {
            for (boolean fcPerChannel : new boolean[] {false, true}) {
                PostTraining.Outcome o = PostTraining.run(f, null, false, cal, new Quantizer.Settings(e, 99.9, fcPerChannel), null);
                assertThat(o.check().differingBytes()).as("%s fcPerChannel=%s", e, fcPerChannel).isZero();
                Tensor fw = o.int8().tensor(o.int8().operators.get(5).input(1));
                assertThat(fw.quant.perChannel()).isEqualTo(fcPerChannel);
                OracleAssert.matchesTflite(o.tflite(), o.int8(), 6, 9);
                // The input was calibrated (no front end): its range covers the bulk of a N(0, 2) input.
                Quant in = o.int8().input(0).quant;
                assertThat((double) in.scale() * (127 - in.zp())).isGreaterThan(4.0);
                assertThat((double) in.scale() * (-128 - in.zp())).isLessThan(-4.0);
            }
        }
    }

    static TensorStats stats(float[] v) {
        TensorStats s = new TensorStats("t");
        s.observeRange(v);
        s.startHistogram();
        s.observeHistogram(v);
        return s;
    }

    @Test
    void percentileClipsRareOutliersThatMinMaxKeeps() {
        Random r = new Random(3);
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        for (int i = 0; i < 5; i++) v[i * 1000] = 40f;   // 0.0025 % outliers
        TensorStats s = stats(v);
        assertThat(Estimator.MINMAX.range(s, 99.99)[1]).isEqualTo(40f);
        float[] pc = Estimator.PERCENTILE.range(s, 99.99);
        // The 99.99th percentile of N(0, 1) is 3.72.
        assertThat((double) pc[1]).isBetween(3.4, 4.1);
        assertThat((double) pc[0]).isBetween(-4.1, -3.4);
    }

    @Test
    void mseClipsHeavyTailsAndBeatsMinMax() {
        Random r = new Random(4);
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) {   // Laplace(0, 1)
            double u = r.nextDouble() - 0.5;
            v[i] = (float) (-Math.signum(u) * Math.log(1 - 2 * Math.abs(u)));
        }
        TensorStats s = stats(v);
        float[] mm = Estimator.MINMAX.range(s, 99.99), pc = Estimator.PERCENTILE.range(s, 99.99), mse = Estimator.MSE.range(s, 99.99);
        assertThat((double) pc[1]).isBetween(7.5, 9.5);       // ln(1 / 2e-4) = 8.5
        assertThat(mse[1]).isLessThan(0.95f * mm[1]);
        assertThat(mse[0]).isGreaterThan(0.95f * mm[0]);
        double eMinMax = Estimator.error(s, mm[0], mm[1], Double.POSITIVE_INFINITY);
        double eMse = Estimator.error(s, mse[0], mse[1], Double.POSITIVE_INFINITY);
        double ePc = Estimator.error(s, pc[0], pc[1], Double.POSITIVE_INFINITY);
        assertThat(eMse).isLessThan(eMinMax).isLessThanOrEqualTo(ePc * 1.02);
        // The histogram estimate agrees with the error computed on the raw values.
        Quant q = QuantParams.asymmetric(mse[0], mse[1]);
        double direct = 0;
        for (float x : v) {
            double d = x - QuantParams.fakeQuant(x, q.scale(), q.zp());
            direct += d * d;
        }
        assertThat(eMse).isCloseTo(direct, org.assertj.core.data.Percentage.withPercentage(15));
    }

    @Test
    void asymmetricParametersFollowTheConverter() {
        // [-1, 1]: scale 2/255, zero point round(-128 + 127.5) = round(-0.5) = -1 (half away from zero).
        Quant q = QuantParams.asymmetric(-1f, 1f);
        assertThat(q.scale()).isEqualTo(2f / 255f);
        assertThat(q.zp()).isEqualTo(-1);
        // The range always contains 0: [2, 6] becomes [0, 6], zero point -128.
        q = QuantParams.asymmetric(2f, 6f);
        assertThat(q.scale()).isEqualTo(6f / 255f);
        assertThat(q.zp()).isEqualTo(-128);
        q = QuantParams.asymmetric(-5f, -1f);
        assertThat(q.zp()).isEqualTo(127);
    }

    @Test
    void unfoldedBatchNormAndSeparateReluAreFoldedBeforeQuantizing() {
        Random r = new Random(2);
        Graph g = new Graph();
        Tensor x = Synth.act(g, "input", 1, 6, 5, 2);
        Tensor w = Synth.constant(g, "w", new int[] {3, 3, 3, 2}, Synth.gaussian(r, 54, 0.5));
        Tensor c = Synth.act(g, "conv", 1, 6, 5, 3);   // no bias (as Keras use_bias=False before a BatchNorm)
        g.addOperator(OpType.CONV_2D, new int[] {x.index, w.index, -1}, new int[] {c.index}, new Options.Conv(Padding.SAME, 1, 1, 1, 1, Activation.NONE));
        Tensor gamma = Synth.constant(g, "bn/mul", new int[] {3}, new float[] {1.5f, -0.5f, 2f});
        Tensor m = Synth.act(g, "bn_mul", 1, 6, 5, 3);
        g.addOperator(OpType.MUL, new int[] {c.index, gamma.index}, new int[] {m.index}, new Options.Arith(Activation.NONE));
        Tensor beta = Synth.constant(g, "bn/add", new int[] {3}, new float[] {0.2f, 0.1f, -0.3f});
        Tensor a = Synth.act(g, "bn_add", 1, 6, 5, 3);
        g.addOperator(OpType.ADD, new int[] {m.index, beta.index}, new int[] {a.index}, new Options.Arith(Activation.NONE));
        Tensor y = Synth.act(g, "relu", 1, 6, 5, 3);
        g.addOperator(OpType.RELU, new int[] {a.index}, new int[] {y.index}, Options.NONE);
        g.inputs = new int[] {x.index};
        g.outputs = new int[] {y.index};

        Graph p = FloatPrep.prepare(g);
        assertThat(p.operators).hasSize(1);
        assertThat(p.operators.get(0).options.activation()).isEqualTo(Activation.RELU);
        float[] in = Synth.gaussian(r, 60, 1.0);
        float[] want = (float[]) new Simulator(g).run((Object) in)[0], got = (float[]) new Simulator(p).run((Object) in)[0];
        for (int i = 0; i < want.length; i++) assertThat((double) got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-5));
        assertThat(g.operators).hasSize(4);   // the caller's graph is untouched

        PostTraining.Outcome o = PostTraining.run(g, null, false, gaussianInputs(g, 20, 4), Quantizer.Settings.defaults(), null);
        assertThat(o.int8().operators).extracting(op -> op.type).containsExactly(OpType.CONV_2D);
        assertThat(o.int8().tensor(o.int8().operators.get(0).input(2)).type).isEqualTo(DType.INT32);   // the folded BatchNorm shift
        OracleAssert.matchesTflite(o.tflite(), o.int8(), 4, 8);
        assertThat(o.int8().output(0).quant.zp()).isEqualTo(-128);
    }

    @Test
    void unsupportedOperatorsAndQuantizedModelsAreRefusedByName() {
        Graph g = new Graph();
        Tensor x = Synth.act(g, "in", 1, 4);
        Tensor y = Synth.act(g, "out", 1, 4);
        g.addOperator(OpType.DEQUANTIZE, new int[] {x.index}, new int[] {y.index}, Options.NONE);
        g.inputs = new int[] {x.index};
        g.outputs = new int[] {y.index};
        assertThatThrownBy(() -> FloatPrep.prepare(g)).isInstanceOf(EarforgeException.class).hasMessageContaining("DEQUANTIZE");
        Graph f = dsNet(1);
        PostTraining.Outcome o = PostTraining.run(f, null, false, gaussianInputs(f, 4, 1), Quantizer.Settings.defaults(), null);
        assertThatThrownBy(() -> FloatPrep.prepare(o.int8())).isInstanceOf(EarforgeException.class).hasMessageContaining("already quantized");
    }
}
