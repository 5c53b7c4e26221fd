package earforge.quant;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.dsp.FrontendConfig;
import earforge.eval.ClipFeatures;
import earforge.eval.InputLayout;
import earforge.eval.ModelRunner;
import earforge.io.Resampler;
import earforge.io.Wav;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import earforge.importers.ModelLoader;
import earforge.testing.OracleAssert;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The quantizer on the shared MLPerf Tiny models. The TFLite converter's own int8 files are the independent
 * reference for weight and bias quantization (same float weights in, same int8 bytes out); the KWS model is
 * quantized end to end from audio and compared with the converter's int8 model on real speech.
 */
class SharedModelsQuantTest {

    /**
     * Gives g's activation tensors the quantization the converter chose in q (operators in the same order), quantizes
     * g's constants with earforge, and compares the weights and bias of the listed op types byte for byte. Returns the
     * number of weight and bias values compared.
     */
    static long[] compareConstants(Graph f, Graph q, int scaleUlps, OpType... types) {
        Graph g = FloatPrep.copy(f);
        assertThat(g.operators).hasSameSizeAs(q.operators);
        for (int k = 0; k < g.operators.size(); k++) {
            Operator go = g.operators.get(k), qo = q.operators.get(k);
            assertThat(go.type).isEqualTo(qo.type);
            for (int[] io : new int[][] {{go.input(0), qo.input(0)}, {go.output(0), qo.output(0)}}) {
                g.tensor(io[0]).type = DType.INT8;
                g.tensor(io[0]).quant = q.tensor(io[1]).quant;
            }
        }
        Quantizer.quantizeConstants(g, Quantizer.Settings.defaults());
        long compared = 0, differing = 0;
        for (int k = 0; k < g.operators.size(); k++) {
            Operator go = g.operators.get(k), qo = q.operators.get(k);
            if (!Arrays.asList(types).contains(go.type)) continue;
            for (int i = 1; i <= 2; i++) {
                Tensor mine = g.tensor(go.input(i)), theirs = q.tensor(qo.input(i));
                assertThat(mine.type).as("op %d input %d type", k, i).isEqualTo(theirs.type);
                float[] ms = mine.quant.scales(), ts = theirs.quant.scales();
                assertThat(ms).hasSameSizeAs(ts);
                for (int c = 0; c < ms.length; c++) {
                    assertThat((double) Math.abs(ms[c] - ts[c])).as("op %d input %d scale %d", k, i, c)
                        .isLessThanOrEqualTo(scaleUlps * (double) Math.ulp(ts[c]));
                }
                if (scaleUlps == 0) {
                    assertThat(mine.data).as("op %d %s input %d bytes", k, go.type, i).isEqualTo(theirs.data);
                } else {
                    long[] d = diff(mine, theirs);
                    System.out.printf("op %d %s input %d: %d of %d values differ, max %d%n", k, go.type, i, d[0], mine.elements(), d[1]);
                    assertThat(d[1]).as("op %d input %d max difference", k, i).isLessThanOrEqualTo(1);
                    differing += d[0];
                }
                compared += mine.elements();
            }
        }
        return new long[] {compared, differing};
    }

    /** {values that differ, max |difference|} of two int8 or int32 constants. */
    static long[] diff(Tensor a, Tensor b) {
        Object x = earforge.kernels.Values.decode(a.type, a.data), y = earforge.kernels.Values.decode(b.type, b.data);
        long n = 0, max = 0;
        for (int i = 0; i < a.elements(); i++) {
            long u = x instanceof int[] xi ? xi[i] : ((byte[]) x)[i], v = y instanceof int[] yi ? yi[i] : ((byte[]) y)[i];
            if (u != v) { n++; max = Math.max(max, Math.abs(u - v)); }
        }
        return new long[] {n, max};
    }

    @Test
    void ad01DenseWeightsAndBiasMatchTheConverterBitForBit() {
        Graph f = FloatPrep.prepare(TfliteReader.read(Shared.require("models/ad01_fp32.tflite")));
        Graph q = TfliteReader.read(Shared.require("models/ad01_int8.tflite"));
        assertThat(compareConstants(f, q, 0, OpType.FULLY_CONNECTED)[0]).isGreaterThan(260_000);
    }

    @Test
    void kwsDepthwiseAndDenseWeightsMatchTheConverterBitForBit() {
        // CONV_2D weights of the float KWS file are already int8 (dynamic range), so only the layers that are float there
        // can be compared: per-channel depthwise weights (axis 3), per-tensor dense weights, and their biases.
        Graph f = FloatPrep.prepare(TfliteReader.read(Shared.require("models/kws_ref_model_float32.tflite")));
        Graph q = TfliteReader.read(Shared.require("models/kws_ref_model_int8.tflite"));
        long[] r = compareConstants(f, q, 4, OpType.DEPTHWISE_CONV_2D, OpType.FULLY_CONNECTED);
        assertThat(r[0]).isGreaterThan(3000);
        assertThat(r[1]).as("values off by one").isLessThanOrEqualTo(r[0] / 100);
    }

    /** Real speech windows: each clip shifted in 50 ms steps (zeros in front) at 0 and -10 dB; int8 via the fixed front end. */
    static ClipFeatures.Windows[] speech(FrontendConfig cfg, Tensor input) {
        ClipFeatures fe = new ClipFeatures(cfg, InputLayout.of(input, cfg));
        List<ClipFeatures.Windows> out = new ArrayList<>();
        for (String name : List.of("yes_1000ms.wav", "no_1000ms.wav", "marvin_617de221_0.wav")) {
            Wav.Audio a = Wav.read(Shared.require("audio/" + name));
            float[] x = Resampler.resample(a.samples(), a.sampleRate(), cfg.sampleRate());
            for (double gain : new double[] {1.0, 0.316}) {
                for (int shift = 0; shift <= 400; shift += 50) {
                    int s = shift * cfg.sampleRate() / 1000;
                    float[] y = new float[x.length];
                    for (int i = s; i < y.length; i++) y[i] = (float) (x[i - s] * gain);
                    out.add(fe.of(y, true, true));
                }
            }
        }
        return out.toArray(new ClipFeatures.Windows[0]);
    }

    @Test
    void kwsQuantizedFromAudioRunsBitExactAndAgreesWithTheConverterOnSpeech() {
        Path floatPath = Shared.require("models/kws_ref_model_float32.tflite");
        Graph f = ModelLoader.load(floatPath);
        Graph theirs = TfliteReader.read(Shared.require("models/kws_ref_model_int8.tflite"));
        FrontendConfig cfg = FrontendConfig.kws();
        List<Path> cal = new ArrayList<>(List.of(Shared.require("audio/yes_1000ms.wav").getParent()));
        Path esc = Shared.require("datasets/esc10/esc10.csv").getParent();
        for (String c : List.of("1-100032-A-0.wav", "1-17150-A-12.wav", "1-172649-A-40.wav", "1-26806-A-1.wav", "1-17367-A-10.wav",
            "1-21934-A-38.wav", "1-19898-A-41.wav", "1-28135-A-11.wav")) cal.add(esc.resolve(c));
        CalibrationData data = CalibrationData.collect(f, cfg, cal, null, 2000);
        PostTraining.Outcome o = PostTraining.run(f, cfg, true, data, Quantizer.Settings.defaults(), null);
        assertThat(o.check().differingBytes()).isZero();
        // Both take the kws front end's mapping (the preset holds the converter's scale to 6 digits).
        assertThat((double) o.int8().input(0).quant.scale()).isCloseTo(theirs.input(0).quant.scale(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(o.int8().input(0).quant.zp()).isEqualTo(theirs.input(0).quant.zp());
        OracleAssert.matchesTflite(o.tflite(), o.int8(), 4, 21);

        ModelRunner fr = new ModelRunner(f), mine = new ModelRunner(o.int8()), ref = new ModelRunner(theirs);
        int n = 0, mineF = 0, refF = 0, mineRef = 0;
        for (ClipFeatures.Windows w : speech(cfg, f.input(0))) {
            for (int i = 0; i < w.count(); i++) {
                int a = ClipFeatures.argmax(fr.scores(w.floats()[i]));
                int b = ClipFeatures.argmax(mine.scores(w.int8()[i])), c = ClipFeatures.argmax(ref.scores(w.int8()[i]));
                n++;
                if (a == b) mineF++;
                if (a == c) refF++;
                if (b == c) mineRef++;
            }
        }
        System.out.printf(Locale.ROOT, "KWS on %d speech windows (%d calibration windows): top-1 agreement earforge int8 vs float %.1f%%, "
            + "converter int8 vs float %.1f%%, earforge int8 vs converter int8 %.1f%%%n", n, data.floats().size(), 100.0 * mineF / n,
            100.0 * refF / n, 100.0 * mineRef / n);
        assertThat(n).isGreaterThanOrEqualTo(50);
        assertThat(mineF).as("earforge int8 agrees with float at least as often as the converter's int8, within 5 windows")
            .isGreaterThanOrEqualTo(refF - 5);
        assertThat((double) mineRef / n).isGreaterThanOrEqualTo(0.85);
    }
}
