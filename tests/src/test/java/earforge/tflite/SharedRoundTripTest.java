package earforge.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.ir.Graph;
import earforge.kernels.Values;
import earforge.oracle.TfliteOracle;
import earforge.testing.OracleAssert;
import earforge.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shared model: read -> write -> the written file runs in TFLite and gives the original's outputs exactly. */
class SharedRoundTripTest {
    @ParameterizedTest
    @ValueSource(strings = {"kws_ref_model_int8.tflite", "kws_ref_model_float32.tflite", "ad01_int8.tflite",
        "ad01_fp32.tflite", "hello_world_int8.tflite", "hello_world_float.tflite", "micro_speech_int8.tflite"})
    void rewrittenModelRunsIdenticallyInTflite(String name) throws Exception {
        Path p = Shared.require("models/" + name);
        byte[] original = Files.readAllBytes(p);
        Graph g = TfliteReader.read(p);
        byte[] rewritten = TfliteWriter.toBytes(g);
        Graph again = TfliteReader.read(rewritten, "rewritten");
        again.name = g.name;
        assertThat(TfliteWriter.toBytes(again)).as("write(read(write(g))) is stable")
            .isEqualTo(rewritten);
        Random r = new Random(11);
        try (TfliteOracle a = new TfliteOracle(original); TfliteOracle b = new TfliteOracle(rewritten)) {
            for (int run = 0; run < 20; run++) {
                Object in = OracleAssert.randomInput(g.input(0), r, 3f);
                Object x = a.run(in)[0], y = b.run(in)[0];
                assertThat(Values.encode(y)).as("run %d", run).isEqualTo(Values.encode(x));
            }
        }
    }
}
