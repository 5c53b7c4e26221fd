package earforge.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import earforge.emit.CKernels;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shared int8 model whose operators have C kernels: generated C == TFLite == simulator on 200 random inputs. */
class SharedModelsHostTest {
    static final int RUNS = 200;

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"hello_world_int8.tflite", "ad01_int8.tflite", "kws_ref_model_int8.tflite",
        "micro_speech_int8.tflite"})
    void generatedCIsBitExact(String file) throws Exception {
        Path p = Shared.require("models/" + file);
        byte[] bytes = Files.readAllBytes(p);
        Graph g = TfliteReader.read(bytes, file);
        TreeSet<String> missing = new TreeSet<>();
        for (Operator op : g.operators) if (!CKernels.supports(op.type)) missing.add(op.type.name());
        assumeTrue(missing.isEmpty(), "SKIPPED: " + file + " uses operators without a C kernel yet: " + missing);
        long compared = HostC.assertBitExact(bytes, g, tmp.resolve("gen"), RUNS, 42);
        assertThat(compared).isGreaterThanOrEqualTo(RUNS);
        System.out.printf("%s: %d output bytes identical (C vs TFLite and C vs simulator)%n", file, compared);
    }
}
