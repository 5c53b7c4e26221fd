package earforge.importers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import earforge.importers.KerasFile.Arr;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.kernels.Values;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ad01.h5 (MLPerf Tiny anomaly-detection autoencoder, Keras 2.4: 9 x (Dense, BatchNormalization, ReLU), Dense)
 * against two independent references: Keras semantics evaluated naively from the file's weights, and TFLite on
 * ad01_fp32.tflite, which was converted from this .h5. That conversion dropped the bias of every Dense followed by
 * BatchNormalization (its FULLY_CONNECTED biases are exactly beta - mean * gamma / sqrt(var + eps)); the test proves
 * this, and compares with TFLite on a copy of ad01.h5 whose BN-followed Dense biases are zero.
 */
class KerasAd01Test {
    @TempDir Path dir;

    static final int RUNS = 200;

    /** Layers of the file in order: class, name, config, weights by short name. */
    record L(String cls, String name, JsonNode config, Map<String, Arr> weights) {}

    static List<L> layers(Path h5) throws Exception {
        try (HdfFile f = new HdfFile(h5)) {
            JsonNode config = KerasFile.JSON.readTree((String) f.getAttribute("model_config").getData());
            List<L> out = new ArrayList<>();
            for (JsonNode l : config.get("config").get("layers")) {
                String name = l.get("config").get("name").asText();
                Map<String, Arr> w = new LinkedHashMap<>();
                Group g = (Group) f.getByPath("model_weights/" + name);
                var names = g.getAttribute("weight_names");
                if (names != null && names.getData() != null) {
                    for (String path : (String[]) names.getData()) {
                        Dataset d = (Dataset) g.getByPath(path);
                        String shortName = path.substring(path.lastIndexOf('/') + 1).replace(":0", "");
                        w.put(shortName, new Arr(d.getDimensions(), (float[]) d.getDataFlat()));
                    }
                }
                out.add(new L(l.get("class_name").asText(), name, l.get("config"), w));
            }
            return out;
        }
    }

    /** Keras inference on one input, layer by layer, in double (written from the Keras definitions). */
    static double[] keras(List<L> layers, float[] input) {
        double[] x = new double[input.length];
        for (int i = 0; i < x.length; i++) x[i] = input[i];
        for (L l : layers) {
            switch (l.cls) {
                case "InputLayer" -> { }
                case "Dense" -> {
                    assertThat(l.config.get("activation").asText()).isEqualTo("linear");
                    x = KerasReference.dense(x, l.weights.get("kernel"), l.weights.get("bias").data());
                }
                case "BatchNormalization" -> x = KerasReference.batchNorm(x, x.length, l.weights.get("gamma"), l.weights.get("beta"),
                    l.weights.get("moving_mean"), l.weights.get("moving_variance"), l.config.get("epsilon").asDouble());
                case "Activation" -> {
                    assertThat(l.config.get("activation").asText()).isEqualTo("relu");
                    x = KerasReference.relu(x, Double.POSITIVE_INFINITY);
                }
                default -> throw new AssertionError("ad01 has no " + l.cls);
            }
        }
        return x;
    }

    /** Worst max|got - want| / max|want| over the runs. */
    private static double worst(double worst, float[] got, double[] want) {
        double maxAbs = 0, maxDiff = 0;
        for (int i = 0; i < want.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(want[i]));
            maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
        }
        return Math.max(worst, maxDiff / maxAbs);
    }

    @Test
    void importMatchesKerasSemanticsOn200Inputs() throws Exception {
        Path h5 = Shared.require("models/ad01.h5");
        Graph g = KerasH5Importer.load(h5);
        // Every BN folds into its Dense and every ReLU fuses, as the converter did.
        List<String> expected = new ArrayList<>(Collections.nCopies(9, "FULLY_CONNECTED/RELU"));
        expected.add("FULLY_CONNECTED");
        assertThat(KerasLayersTest.ops(g)).containsExactlyElementsOf(expected);
        assertThat(g.input(0).shape).containsExactly(1, 640);
        assertThat(g.output(0).shape).containsExactly(1, 640);

        List<L> layers = layers(h5);
        Simulator sim = new Simulator(g);
        Random r = new Random(7);
        double worst = 0;
        for (int run = 0; run < RUNS; run++) {
            float[] x = (float[]) OracleAssert.randomInput(g.input(0), r, 4f);
            double[] want = keras(layers, x);
            float[] got = (float[]) sim.run(x)[0];
            KerasReference.assertClose(got, want, "ad01 run " + run);
            worst = worst(worst, got, want);
        }
        System.out.printf("ad01.h5 import vs Keras semantics: worst relative error %.3g over %d inputs%n", worst, RUNS);
    }

    @Test
    void fp32TfliteLacksTheBiasesOfDenseLayersFollowedByBatchNorm() throws Exception {
        Path h5 = Shared.require("models/ad01.h5");
        byte[] fp32 = Files.readAllBytes(Shared.require("models/ad01_fp32.tflite"));
        Graph t = TfliteReader.read(fp32, "ad01_fp32.tflite");
        Graph g = KerasH5Importer.load(h5);
        List<L> layers = layers(h5);
        int fc = 0;
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).cls.equals("Dense")) continue;
            Operator to = t.operators.get(fc), go = g.operators.get(fc);
            // The folded weights agree with the converter's to float rounding.
            assertClose(floats(g, go.inputs[1]), floats(t, to.inputs[1]), 1e-6, "weights of FC " + fc);
            float[] tb = floats(t, to.inputs[2]);
            boolean bn = i + 1 < layers.size() && layers.get(i + 1).cls.equals("BatchNormalization");
            if (bn) {
                L b = layers.get(i + 1);
                double eps = b.config.get("epsilon").asDouble();
                float[] withoutDenseBias = new float[tb.length];
                for (int c = 0; c < tb.length; c++) {
                    double s = b.weights.get("gamma").data()[c] / Math.sqrt(b.weights.get("moving_variance").data()[c] + eps);
                    withoutDenseBias[c] = (float) (b.weights.get("beta").data()[c] - b.weights.get("moving_mean").data()[c] * s);
                }
                assertClose(tb, withoutDenseBias, 1e-5, "TFLite bias of FC " + fc + " = BN offset alone");
                assertThat(maxAbs(layers.get(i).weights.get("bias").data())).as("dense bias %d is not zero", fc).isGreaterThan(5e-3);
            } else {
                assertClose(tb, layers.get(i).weights.get("bias").data(), 0, "TFLite bias of the last FC");
                assertClose(floats(g, go.inputs[2]), tb, 0, "imported bias of the last FC");
            }
            fc++;
        }
        assertThat(fc).isEqualTo(10);
        // So TFLite's output differs from Keras's far beyond float rounding.
        Random r = new Random(9);
        double worst = 0;
        try (TfliteOracle oracle = new TfliteOracle(fp32)) {
            for (int run = 0; run < 20; run++) {
                float[] x = (float[]) OracleAssert.randomInput(g.input(0), r, 4f);
                worst = worst(worst, (float[]) oracle.run(x)[0], keras(layers, x));
            }
        }
        System.out.printf("ad01_fp32.tflite vs Keras semantics of ad01.h5: worst relative error %.3g%n", worst);
        assertThat(worst).isGreaterThan(1e-3);
    }

    @Test
    void withThoseBiasesZeroedTheImportMatchesTfliteOn200Inputs() throws Exception {
        Path h5 = Shared.require("models/ad01.h5");
        byte[] fp32 = Files.readAllBytes(Shared.require("models/ad01_fp32.tflite"));
        List<L> layers = layers(h5);
        KerasFile k = KerasFile.functional(0);
        try (HdfFile f = new HdfFile(h5)) {
            k.rawConfig = (String) f.getAttribute("model_config").getData();
        }
        for (int i = 0; i < layers.size(); i++) {
            L l = layers.get(i);
            List<Object> w = new ArrayList<>();
            for (var e : l.weights.entrySet()) {
                Arr a = e.getValue();
                boolean zero = e.getKey().equals("bias") && i + 1 < layers.size() && layers.get(i + 1).cls.equals("BatchNormalization");
                w.add(e.getKey());
                w.add(zero ? new Arr(a.shape(), new float[a.data().length]) : a);
            }
            k.add(l.cls, l.name, KerasFile.cfg(), List.of(), w.toArray());
        }
        Graph g = KerasH5Importer.load(k.write(dir.resolve("ad01_nobias.h5")));
        long compared = OracleAssert.matchesTflite(fp32, g, RUNS, 7);
        assertThat(compared).isEqualTo(RUNS * 640L);

        Simulator sim = new Simulator(g);
        Random r = new Random(8);
        double worst = 0;
        try (TfliteOracle oracle = new TfliteOracle(fp32)) {
            for (int run = 0; run < RUNS; run++) {
                float[] x = (float[]) OracleAssert.randomInput(g.input(0), r, 4f);
                float[] want = (float[]) oracle.run(x)[0];
                double[] wd = new double[want.length];
                for (int i = 0; i < wd.length; i++) wd[i] = want[i];
                worst = worst(worst, (float[]) sim.run(x)[0], wd);
            }
        }
        System.out.printf("ad01 (BN-followed Dense biases zeroed) vs ad01_fp32.tflite: worst relative error %.3g over %d inputs%n", worst, RUNS);
        assertThat(worst).isLessThanOrEqualTo(OracleAssert.FLOAT_REL_TOL);
    }

    private static float[] floats(Graph g, int tensor) {
        return (float[]) Values.decode(DType.FLOAT32, g.tensor(tensor).data);
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** |a - b| <= rel * max|b| elementwise. */
    private static void assertClose(float[] a, float[] b, double rel, String what) {
        assertThat(a.length).as(what).isEqualTo(b.length);
        double tol = rel * maxAbs(b);
        for (int i = 0; i < a.length; i++) assertThat((double) Math.abs(a[i] - b[i])).as("%s [%d]: %s vs %s", what, i, a[i], b[i]).isLessThanOrEqualTo(tol);
    }
}
