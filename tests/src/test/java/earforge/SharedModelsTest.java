package earforge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.kernels.Kernels;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared .tflite model: when the simulator has a kernel for each of its operators, it must match TFLite
 * (bit-exact on 200 random inputs for int8 models, 1e-5 relative on 50 for float ones); otherwise loading it must
 * fail with an EarforgeException that names the missing operator.
 */
class SharedModelsTest {

    static Stream<String> models() throws IOException {
        Path dir = Shared.dir().resolve("models");
        // Without ../shared, one known name makes Shared.require skip the test with its message.
        if (!Files.isDirectory(dir)) return Stream.of("kws_ref_model_int8.tflite");
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tflite")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void simulatorMatchesTfliteOrNamesTheMissingOperator(String name) throws IOException {
        Path path = Shared.require("models/" + name);
        byte[] bytes = Files.readAllBytes(path);
        Graph g;
        try {
            g = TfliteReader.read(bytes, name);
        } catch (EarforgeException e) {
            // Operators earforge does not know at all (e.g. TFLM-only custom ops) are refused by the reader.
            assertThat(e.getMessage()).contains("unsupported operator");
            System.out.println(name + ": UNSUPPORTED (reader) " + e.getMessage());
            return;
        }
        Set<OpType> missing = new LinkedHashSet<>();
        for (Operator op : g.operators) {
            try {
                Kernels.of(op.type);
            } catch (EarforgeException e) {
                missing.add(op.type);
            }
        }
        if (!missing.isEmpty()) {
            OpType first = g.operators.stream().map(o -> o.type).filter(missing::contains).findFirst().orElseThrow();
            assertThatThrownBy(() -> new Simulator(g)).isInstanceOf(EarforgeException.class).hasMessageContaining(first.name());
            System.out.println(name + ": UNSUPPORTED (no kernel) " + missing);
            return;
        }
        int runs = g.isInt8() ? 200 : 50;
        long compared = OracleAssert.matchesTflite(bytes, g, runs, name.hashCode());
        assertThat(compared).isPositive();
        Set<OpType> ops = new LinkedHashSet<>();
        for (Operator op : g.operators) ops.add(op.type);
        System.out.printf("%s: PASS %s, %d runs, %d output values compared, ops %s%n", name,
            g.input(0).type == DType.INT8 ? "int8 bit-exact" : "float", runs, compared, ops);
    }
}
