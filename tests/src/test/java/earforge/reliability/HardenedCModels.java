package earforge.reliability;

import earforge.codegen.TestModels;
import earforge.emit.CKernels;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every int8 test model the C generator handles: the shared models (when ../shared is there) and the per-operator models. */
final class HardenedCModels {
    private HardenedCModels() {}

    static final List<String> SHARED = List.of("hello_world_int8.tflite", "ad01_int8.tflite", "kws_ref_model_int8.tflite",
        "micro_speech_int8.tflite");

    static List<TestModels.Named> all() {
        List<TestModels.Named> out = new ArrayList<>();
        for (String f : SHARED) {
            Path p = Shared.dir().resolve("models").resolve(f);
            if (!Files.isRegularFile(p)) {
                System.err.println("SKIPPED shared model " + p + " (no ../shared): per-operator models only");
                continue;
            }
            Graph g = TfliteReader.read(p);
            if (g.operators.stream().allMatch((Operator op) -> CKernels.supports(op.type))) out.add(new TestModels.Named(f, g));
            else System.err.println("not generated (an operator without a C kernel): " + f);
        }
        out.addAll(TestModels.perOperator());
        return out;
    }
}
