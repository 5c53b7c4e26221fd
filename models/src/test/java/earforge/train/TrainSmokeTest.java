package earforge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import earforge.dsp.FrontendConfig;
import earforge.oracle.TfliteOracle;
import earforge.tflite.TfliteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe end to end on a few real ESC-10 clips (one per class and fold): one CV fold for one epoch, the final model
 * for one epoch, export, the TFLite-vs-DJL check on held-out windows, and the zoo files; and that a seed fixes the
 * trained model. Skips without ../shared.
 */
class TrainSmokeTest {

    static Path esc10() {
        Path root = Path.of(System.getProperty("earforge.root", "..")).toAbsolutePath().normalize();
        String env = System.getenv("EARFORGE_SHARED");
        Path shared = env != null ? Path.of(env) : root.resolve("../shared").normalize();
        Path dir = shared.resolve("datasets/esc10");
        assumeTrue(Files.isRegularFile(dir.resolve("esc10.csv")),
            "SKIPPED: shared fixture " + dir.resolve("esc10.csv") + " not found (no ../shared beside the checkout)");
        return dir;
    }

    @Test
    void oneEpochOnAFewClipsExportsAModelThatTfliteRunsLikeDjl(@TempDir Path out) throws Exception {
        Path data = esc10();
        TrainMain.defaults();
        TrainMain.Report r = TrainMain.run(TrainMain.Args.parse("--model", "sbcnn", "--data", data.toString(),
            "--clips-per-class", "1", "--folds", "1", "--epochs", "1", "--final-epochs", "1", "--out", out.toString(),
            "--seed", "3"));

        assertThat(r.folds()).hasSize(1);
        assertThat(r.folds().get(0).test().clips()).isEqualTo(10);
        assertThat(r.finalHeldOut().clips()).isEqualTo(10);
        // 10 held-out clips x 9 windows each, all compared.
        assertThat(r.check().windows()).isEqualTo(90);
        assertThat(r.check().maxAbsDiff()).as("max |TFLite - DJL|").isLessThan(1e-4);
        assertThat(r.check().top1Agree()).isEqualTo(r.check().windows());

        byte[] tfl = Files.readAllBytes(out.resolve("model.tflite"));
        try (TfliteOracle o = new TfliteOracle(tfl)) {
            float[] p = (float[]) o.run((Object) new float[60 * 41])[0];
            double sum = 0;
            for (float v : p) sum += v;
            assertThat(p).hasSize(10);
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(FrontendConfig.load(out.resolve("frontend.json").toString())).isEqualTo(FrontendConfig.sbcnn());
        assertThat(Files.readAllLines(out.resolve("labels.txt"))).hasSize(10).startsWith("dog", "rooster");
        String card = Files.readString(out.resolve("card.md"));
        assertThat(card).contains("CC BY 3.0", "CC Sampling+", "[1, 60, 41, 1]", "| 1 | 2 |");
        assertThat(Files.readString(out.resolve("training.json"))).contains("\"crossValidation\"", "\"exportCheck\"");
    }

    @Test
    void sameSeedSameModel() {
        Path data = esc10();
        TrainMain.defaults();
        Features f = new Features(FrontendConfig.sbcnn());
        List<ClipData> clips = Dataset.load(data, null).subset(1, 1).stream().map(c -> ClipData.load(c, f)).toList();
        Train.Config cfg = new Train.Config(1, 1, 1, 16, 1e-3f, 1e-4f, 4, Augment.DEFAULT, 5);
        byte[][] models = new byte[3][];
        for (int run = 0; run < 3; run++) {
            Train.Config c = run < 2 ? cfg : new Train.Config(1, 1, 1, 16, 1e-3f, 1e-4f, 4, Augment.DEFAULT, 6);
            try (Train t = new Train(Arch.of("stride-ds-24", 60, 41, 10), f, clips, c)) {
                t.fit(clips, null, null);
                models[run] = TfliteWriter.toBytes(Exporter.export(t.net));
            }
        }
        assertThat(models[1]).as("same seed").isEqualTo(models[0]);
        assertThat(models[2]).as("another seed").isNotEqualTo(models[0]);
    }
}
