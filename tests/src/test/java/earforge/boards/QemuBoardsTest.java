package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.ir.Graph;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every shared int8 model on every virtual board: the firmware, built with the board's cross compiler and run in QEMU
 * with all inputs in one run (semihosting files), gives the same bytes as the Java simulator; the firmware's own
 * self-test passes; and the budget's instruction estimate is within 20% of the instructions the firmware counted
 * (TIM2 / CMSDK timer / minstret under -icount).
 */
class QemuBoardsTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({
        "qemu-m4, hello_world_int8.tflite, 200", "qemu-m4, ad01_int8.tflite, 40", "qemu-m4, kws_ref_model_int8.tflite, 8",
        "qemu-m4, micro_speech_int8.tflite, 16",
        "qemu-m7, hello_world_int8.tflite, 200", "qemu-m7, ad01_int8.tflite, 40", "qemu-m7, kws_ref_model_int8.tflite, 8",
        "qemu-m7, micro_speech_int8.tflite, 16",
        "qemu-rv32, hello_world_int8.tflite, 200", "qemu-rv32, ad01_int8.tflite, 40", "qemu-rv32, kws_ref_model_int8.tflite, 8",
        "qemu-rv32, micro_speech_int8.tflite, 16"})
    void firmwareIsBitExactAndTheEstimateHolds(String boardName, String model, int runs) {
        Path file = Shared.require("models/" + model);
        Board b = Board.load(boardName);
        Toolchains.requireFor(b);
        Graph g = TfliteReader.read(file);
        Path dir = BoardProjects.build(g, b, ProjectOptions.none(), tmp.resolve("fw"));

        byte[] in = BoardProjects.randomInputs(g, runs, 11);
        BoardRun.Result r = BoardRun.tensors(dir, b, in, BoardProjects.inputBytes(g), BoardProjects.outputBytes(g), true,
            g.operators.size(), 300);
        byte[] want = BoardProjects.simulate(g, in, runs);
        long differing = BoardProjects.differing(r.output(), want);

        BoardBudget est = BoardBudget.of(g, b, ProjectOptions.none());
        double measured = r.profile().modelInstructions(), error = (est.inferenceInstructions() - measured) / measured;
        System.out.printf(Locale.ROOT, "%-9s %-26s %4d inferences, %7d output bytes, %d differing; instructions: measured %,.0f, "
            + "estimated %,.0f (%+.1f%%)%n", boardName, model, runs, want.length, differing, measured, est.inferenceInstructions(), 100 * error);
        assertThat(differing).as("bytes differing from the Java simulator").isZero();
        assertThat(r.profile().inferences()).isEqualTo(runs);
        assertThat(Math.abs(error)).as("estimate %,.0f vs measured %,.0f instructions", est.inferenceInstructions(), measured)
            .isLessThanOrEqualTo(0.20);

        // no arguments: the firmware's own self-test (generated vectors vs the simulator's outputs), UART log on stdout
        HostToolchain.Result self = HostToolchain.exec(Qemu.command(b, dir.resolve(Qemu.ELF), List.of(), true), dir, new byte[0], 300);
        String log = new String(self.stdout());
        assertThat(self.exit()).as(log).isZero();
        assertThat(log).contains("self-test: 3/3 outputs identical to the Java simulator");
    }
}
