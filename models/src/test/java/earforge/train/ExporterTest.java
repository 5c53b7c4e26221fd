package earforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import earforge.oracle.TfliteOracle;
import earforge.tflite.TfliteWriter;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Export without training data: a randomly initialized net with random BatchNorm statistics, written as .tflite and
 * run by TFLite, must compute what DJL computes in inference mode (BN folding, input-normalization folding, TF SAME
 * padding, NCHW -> NHWC flatten order all show up here).
 */
class ExporterTest {
    @BeforeAll static void djl() { TrainMain.defaults(); }

    @ParameterizedTest
    @ValueSource(strings = {"sbcnn", "stride-ds-24"})
    void exportedModelMatchesDjl(String name) {
        Engine.getEngine("PyTorch").setRandomSeed(7);
        Arch arch = Arch.of(name, 60, 41, 10);
        Net net = new Net(arch, -30f, 20f);
        Random rng = new Random(11);
        try (Model model = Model.newInstance(name, "PyTorch"); NDManager m = NDManager.newBaseManager("PyTorch")) {
            model.setBlock(net.block);
            net.block.initialize(m, DataType.FLOAT32, net.inputShape(1));
            // Non-trivial BN: gamma, beta, running mean and variance all random (gamma may be negative).
            for (var bn : net.norms) {
                if (bn == null) continue;
                for (var p : bn.getParameters()) {
                    NDArray a = p.getValue().getArray();
                    float[] v = new float[(int) a.size()];
                    boolean positive = p.getKey().toLowerCase().contains("var");
                    for (int i = 0; i < v.length; i++) v[i] = positive ? 0.2f + 2 * rng.nextFloat() : (float) rng.nextGaussian();
                    a.set(v);
                }
            }
            int n = 8, size = 60 * 41;
            float[] x = new float[n * size];
            for (int i = 0; i < x.length; i++) x[i] = -100 + 140 * rng.nextFloat();
            NDArray logits = net.block.forward(new ParameterStore(m, false), new NDList(m.create(x, net.inputShape(n))), false)
                .singletonOrThrow();
            float[] djl = logits.softmax(1).toFloatArray();
            byte[] tfl = TfliteWriter.toBytes(Exporter.export(net));
            double max = 0;
            try (TfliteOracle o = new TfliteOracle(tfl)) {
                for (int w = 0; w < n; w++) {
                    float[] in = new float[size];
                    System.arraycopy(x, w * size, in, 0, size);
                    float[] out = (float[]) o.run((Object) in)[0];
                    assertThat(out).hasSize(10);
                    for (int k = 0; k < 10; k++) max = Math.max(max, Math.abs(out[k] - djl[w * 10 + k]));
                }
            }
            assertThat(max).as("max |TFLite - DJL| of the softmax scores").isLessThan(1e-4);
        }
    }
}
