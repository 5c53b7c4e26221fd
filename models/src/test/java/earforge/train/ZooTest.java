package earforge.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import earforge.dsp.FrontendConfig;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.tflite.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed zoo: every entry is complete, its model has the documented input/output, TFLite reproduces the
 * held-out accuracy its training.json claims (DJL measured it; one clip of slack for float rounding on a tie), and
 * earforge's float simulator agrees with TFLite's reference kernels on real windows.
 */
class ZooTest {
    static Path zoo(String name) {
        return Path.of(System.getProperty("earforge.root", "..")).toAbsolutePath().normalize().resolve("models/zoo").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sbcnn-esc10", "stride-ds-24-esc10"})
    void entryReproducesItsHeldOutAccuracy(String name) throws Exception {
        Path dir = zoo(name);
        for (String f : List.of("model.tflite", "frontend.json", "labels.txt", "card.md", "training.json")) {
            assertThat(dir.resolve(f)).as("zoo file").isRegularFile();
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("model.tflite"));
        Graph g = TfliteReader.read(bytes, name);
        assertThat(g.input(0).type).isEqualTo(DType.FLOAT32);
        assertThat(g.input(0).shape).containsExactly(1, 60, 41, 1);
        List<String> labels = Files.readAllLines(dir.resolve("labels.txt"));
        assertThat(g.output(0).shape).containsExactly(1, labels.size());
        FrontendConfig fc = FrontendConfig.load(dir.resolve("frontend.json").toString());
        assertThat(fc.melBands()).isEqualTo(60);
        assertThat(fc.framesPerWindow()).isEqualTo(41);
        JsonNode tj = new ObjectMapper().readTree(dir.resolve("training.json").toFile());

        Path data = TrainSmokeTest.esc10();
        Dataset ds = Dataset.load(data, null);
        assertThat(ds.labels()).isEqualTo(labels);
        List<Integer> held = new ArrayList<>();
        tj.get("finalHeldOutFolds").forEach(n -> held.add(n.asInt()));
        Features f = new Features(fc);
        List<ClipData> clips = ds.inFolds(held.stream().mapToInt(Integer::intValue).toArray()).stream()
            .map(c -> ClipData.load(c, f)).toList();
        int size = f.windowSize();
        Metrics m;
        try (TfliteOracle o = TfliteOracle.optimized(bytes)) {
            m = Metrics.of(clips, f, x -> {
                float[][] out = new float[x.length / size][];
                for (int w = 0; w < out.length; w++) {
                    float[] in = new float[size];
                    System.arraycopy(x, w * size, in, 0, size);
                    out[w] = (float[]) o.run((Object) in)[0];
                }
                return out;
            }, labels.size());
        }
        assertThat(m.accuracy()).as("held-out clip accuracy in TFLite vs training.json")
            .isCloseTo(tj.get("finalHeldOutAccuracy").asDouble(), Offset.offset(1.01 / clips.size()));

        // Float simulator vs TFLite's reference kernels on a few real windows.
        Simulator sim = new Simulator(g);
        try (TfliteOracle o = new TfliteOracle(bytes)) {
            for (int c = 0; c < 4; c++) {
                float[] in = f.window(clips.get(c * 7).logMel(), clips.get(c * 7).evalStarts()[c]);
                float[] want = (float[]) o.run((Object) in)[0], got = (float[]) sim.run((Object) in)[0];
                for (int k = 0; k < want.length; k++) {
                    assertThat((double) got[k]).as("%s window %d class %d", name, c, k).isCloseTo(want[k], Offset.offset(1e-5));
                }
            }
        }
    }
}
