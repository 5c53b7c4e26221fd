package earforge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.codegen.TestModels;
import earforge.emit.Generator;
import earforge.emit.Lowering;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated C of every test model, built with the host flags plus -Wconversion -Wshadow (warnings are errors) and
 * -fsanitize=address,undefined -fno-sanitize-recover, run on random inputs and on the extremes (every input byte -128,
 * every input byte 127): no compiler warning, no sanitizer report, exit code 0, and the outputs equal the simulator's.
 */
class GeneratedCSanitizerTest {
    static final List<String> FLAGS = List.of("-Wconversion", "-Wshadow", "-fsanitize=address,undefined",
        "-fno-sanitize-recover=all", "-g");
    static final int RANDOM_RUNS = 8;

    @TempDir Path tmp;

    static Stream<Arguments> models() {
        return HardenedCModels.all().stream().map(m -> Arguments.of(m.name(), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void cleanUnderSanitizersOnRandomAndExtremeInputs(String name, TestModels.Named m) {
        Graph g = m.graph();
        Board host = Board.load("host");
        Path dir = tmp.resolve("p");
        Generator.write(Generator.files(Lowering.lower(g), host), dir, false);
        Path exe = HostToolchain.build(dir, host, FLAGS, "model-hardened");   // -Werror in the host flags: no warning

        List<Object[]> runs = new ArrayList<>();
        Random r = new Random(name.hashCode());
        for (int k = 0; k < RANDOM_RUNS; k++) {
            Object[] in = new Object[g.inputs.length];
            for (int i = 0; i < in.length; i++) in[i] = OracleAssert.randomInput(g.input(i), r, 4f);
            runs.add(in);
        }
        for (byte extreme : new byte[] {-128, 127}) {
            Object[] in = new Object[g.inputs.length];
            for (int i = 0; i < in.length; i++) {
                Tensor t = g.input(i);
                byte[] a = new byte[t.elements()];
                Arrays.fill(a, extreme);
                in[i] = a;
            }
            runs.add(in);
        }
        ByteArrayOutputStream stdin = new ByteArrayOutputStream(), want = new ByteArrayOutputStream();
        Simulator sim = new Simulator(g);
        for (Object[] in : runs) {
            for (Object x : in) stdin.writeBytes(Values.encode(x));
            for (Object o : sim.run(in)) want.writeBytes(Values.encode(o));
        }
        HostToolchain.Result res = HostToolchain.exec(List.of(exe.toAbsolutePath().toString()), dir, stdin.toByteArray(), 300);
        assertThat(res.stderrText()).as("sanitizer report of %s", name).isEmpty();
        assertThat(res.exit()).isZero();
        assertThat(res.stdout()).as("outputs of %s (random and extreme inputs) vs the simulator", name).isEqualTo(want.toByteArray());
    }
}
