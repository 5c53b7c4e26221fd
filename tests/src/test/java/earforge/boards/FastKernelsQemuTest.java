package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.codegen.FastKernelModels;
import earforge.ir.Graph;
import earforge.toolchain.Board;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast kernels on qemu-m4 two ways: with the Cortex-M4 DSP extension (SXTB16 / SMLAD / SMMLAR / SSAT, the
 * hand-written inner loops) and as portable C (-DEARFORGE_NO_DSP), on the models of FastKernelModels: both give the
 * Java simulator's bytes (the host test checks the portable C against TFLite too).
 */
class FastKernelsQemuTest {
    static final int RUNS = 20;

    @TempDir Path tmp;

    static Stream<Arguments> models() {
        return FastKernelModels.all().stream().map(m -> Arguments.of(m.name(), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void dspAndPortablePathsGiveTheSimulatorsBytes(String name, FastKernelModels.Model m) {
        Board b = Board.load("qemu-m4");
        Graph g = m.graph();
        byte[] in = BoardProjects.randomInputs(g, RUNS, name.hashCode());
        byte[] want = BoardProjects.simulate(g, in, RUNS);
        for (String variant : new String[] {"dsp", "portable"}) {
            Path dir = variant.equals("dsp") ? BoardProjects.build(g, b, ProjectOptions.none(), tmp.resolve(variant))
                : BoardProjects.build(g, b, ProjectOptions.none(), tmp.resolve(variant), "-DEARFORGE_NO_DSP");
            BoardRun.Result r = BoardRun.tensors(dir, b, in, BoardProjects.inputBytes(g), BoardProjects.outputBytes(g), false,
                g.operators.size(), 300);
            assertThat(BoardProjects.differing(r.output(), want)).as("%s build of %s: bytes differing from the simulator", variant, name)
                .isZero();
        }
    }
}
