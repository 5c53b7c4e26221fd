package earforge.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import earforge.dsp.FrontendConfig;
import earforge.eval.AudioSet;
import earforge.eval.ClipFeatures;
import earforge.eval.InputLayout;
import earforge.eval.ModelBundle;
import earforge.importers.ModelLoader;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.testing.Shared;
import earforge.verify.Verifier;
import earforge.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed zoo int8 models (models/zoo/NAME/model_int8.tflite, from `earforge quantize`): TFLite's reference
 * kernels and the simulator agree bit for bit on real ESC-10 windows from the fixed-point front end, and a held-out
 * subset verifies against the float model.
 */
class ZooInt8Test {
    static Path zoo(String name) {
        Path dir = Shared.root().resolve("models/zoo").resolve(name);
        assumeTrue(Files.isRegularFile(dir.resolve(ModelBundle.INT8)), "SKIPPED: " + dir.resolve(ModelBundle.INT8) + " not found");
        return dir;
    }

    @Test
    void sbcnnInt8IsBitExactWithTfliteAndAgreesWithFloatOnHeldOutClips() throws Exception {
        check("sbcnn-esc10");
    }

    @Test
    void strideDs24Int8IsBitExactWithTfliteAndAgreesWithFloatOnHeldOutClips() throws Exception {
        check("stride-ds-24-esc10");
    }

    private static void check(String name) throws Exception {
        Path dir = zoo(name);
        Path esc = Shared.require("datasets/esc10/esc10.csv").getParent();
        ModelBundle b = ModelBundle.resolve(dir, null);
        FrontendConfig cfg = b.frontend();
        Graph q = ModelLoader.load(b.int8Model()), f = ModelLoader.load(b.floatModel());
        assertThat(q.input(0).type).isEqualTo(DType.INT8);
        assertThat((double) q.input(0).quant.scale()).isEqualTo(cfg.inputScale(), org.assertj.core.data.Offset.offset(1e-7));
        assertThat(q.input(0).quant.zp()).isEqualTo(cfg.inputZeroPoint());

        AudioSet held = AudioSet.load(esc).folds(5).withLabels(b.labels());
        AudioSet few = new AudioSet(held.source(), held.clips().subList(0, 12), held.labels());
        ClipFeatures fe = new ClipFeatures(cfg, InputLayout.of(q.input(0), cfg));
        Simulator sim = new Simulator(q);
        long compared = 0;
        try (TfliteOracle oracle = new TfliteOracle(Files.readAllBytes(b.int8Model()))) {
            for (AudioSet.Clip c : few.clips().subList(0, 4)) {
                for (byte[] x : fe.of(c.file(), false, true).int8()) {
                    byte[] want = (byte[]) oracle.run((Object) x)[0], got = (byte[]) sim.run((Object) x)[0];
                    assertThat(got).as(c.name()).isEqualTo(want);
                    compared += want.length;
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(300);

        VerifyReport r = new Verifier(f, q, cfg).run(few, "float", "int8", new Verifier.Settings(0.1, 0.9));
        assertThat(r.pass()).as("%s", r.failures()).isTrue();
        assertThat(r.nonSilentWindowAgreement()).isGreaterThan(0.9);
        for (VerifyReport.Layer l : r.layers()) assertThat(l.cosine()).as(l.tensor()).isGreaterThan(0.99);
    }
}
