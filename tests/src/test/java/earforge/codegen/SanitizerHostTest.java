package earforge.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.emit.CKernels;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.kernels.Values;
import earforge.sim.Simulator;
import earforge.testing.Shared;
import earforge.toolchain.HostToolchain;
import earforge.tflite.TfliteReader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated C of the shared models (and the per-operator models) under AddressSanitizer and
 * UndefinedBehaviorSanitizer with -fno-sanitize-recover: no report, exit code 0, outputs still equal the simulator's.
 */
class SanitizerHostTest {
    static final int RUNS = 20;

    @TempDir Path tmp;

    /**
     * One sanitized run per shared model, then the per-operator models that bring an operator type (or a use of it,
     * as in-place) not seen yet: every C kernel runs at least once under the sanitizers.
     */
    @Test
    void generatedCRunsCleanUnderSanitizers() {
        Set<String> seen = new HashSet<>();
        int models = 0;
        for (String file : List.of("hello_world_int8.tflite", "ad01_int8.tflite", "kws_ref_model_int8.tflite", "micro_speech_int8.tflite")) {
            if (!Shared.available()) break;
            Graph g = TfliteReader.read(Shared.require("models/" + file));
            if (!g.operators.stream().allMatch((Operator op) -> CKernels.supports(op.type))) continue;
            check(g, tmp.resolve(file));
            seen.addAll(signature(g));
            models++;
        }
        for (var c : OpModelsHostTest.models().toList()) {
            String name = (String) c.get()[0];
            @SuppressWarnings("unchecked")
            var build = (java.util.function.Function<OpGraphs, Graph>) c.get()[1];
            Graph g = build.apply(new OpGraphs(name.hashCode()));
            if (seen.containsAll(signature(g))) continue;
            check(g, tmp.resolve("op" + models));
            seen.addAll(signature(g));
            models++;
        }
        Set<String> kernels = new HashSet<>();
        for (var spec : CKernels.all().values()) kernels.add(spec.type().name());
        assertThat(seen).as("operator types run under the sanitizers").containsAll(kernels);
        System.out.printf("%d models, %d operator types under ASan+UBSan: no report%n", models, kernels.size());
    }

    /** Operator types of a graph. */
    private static Set<String> signature(Graph g) {
        Set<String> s = new HashSet<>();
        for (Operator op : g.operators) s.add(op.type.name());
        return s;
    }

    private static void check(Graph g, Path dir) {
        HostC.Built b = HostC.build(g, dir, HostC.SANITIZE);
        Object[][] inputs = HostC.randomInputs(g, RUNS, 7);
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        for (Object[] run : inputs) for (Object x : run) stdin.writeBytes(Values.encode(x));
        HostToolchain.Result r = HostToolchain.exec(List.of(b.exe().toAbsolutePath().toString()), dir, stdin.toByteArray(), 300);
        assertThat(r.stderrText()).as("sanitizer report of %s", g.name).isEmpty();
        assertThat(r.exit()).isZero();
        Simulator sim = new Simulator(g);
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        for (Object[] run : inputs) for (Object o : sim.run(run)) want.writeBytes(Values.encode(o));
        assertThat(r.stdout()).isEqualTo(want.toByteArray());
    }
}
