package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.dsp.FrontendConfig;
import earforge.ir.Graph;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import earforge.toolchain.Board;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `budget` against the built firmware of the STM32 project (the thesis board and a Cortex-M7 board): flash within 3%
 * of text + data of arm-none-eabi-size, RAM within 3% of data + bss plus the worst-case stack depth over the call
 * graph from -fstack-usage / -fcallgraph-info (with the one indirect call, the stream's window callback, added), and
 * that depth within the stack the linker script reserves.
 */
class BudgetVsElfTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "{1} (front end {2}) on {0}")
    @CsvSource({
        "nucleo-l476rg, hello_world_int8.tflite, none", "nucleo-l476rg, ad01_int8.tflite, none",
        "nucleo-l476rg, kws_ref_model_int8.tflite, none", "nucleo-l476rg, micro_speech_int8.tflite, none",
        "nucleo-l476rg, kws_ref_model_int8.tflite, kws", "nucleo-f746zg, kws_ref_model_int8.tflite, kws",
        "nucleo-f746zg, micro_speech_int8.tflite, none"})
    void budgetMatchesTheElf(String boardName, String model, String frontend) throws Exception {
        Board b = Board.load(boardName);
        Toolchains.requireFor(b);
        Graph g = TfliteReader.read(Shared.require("models/" + model));
        ProjectOptions o = frontend.equals("none") ? ProjectOptions.none() : ProjectOptions.none().withFrontend(FrontendConfig.preset(frontend));
        Path dir = BoardProjects.build(g, b, o, tmp.resolve("fw"), "-fcallgraph-info=su");
        long[] size = ElfFacts.size(dir.resolve("build/firmware.elf"), "arm-none-eabi-size");
        long stack = ElfFacts.worstStack(dir.resolve("build"), "Reset_Handler", Map.of("earforge_stream_push", List.of("on_window")));
        long flash = size[0] + size[1], ram = size[1] + size[2] + stack;

        BoardBudget est = BoardBudget.of(g, b, o);
        double flashErr = (double) (est.flashBytes() - flash) / flash, ramErr = (double) (est.ramBytes() - ram) / ram;
        System.out.printf(Locale.ROOT, "%-13s %-26s fe %-4s flash: ELF %,9d B, budget %,9d B (%+.2f%%); RAM: ELF %,7d B + stack %,5d B = "
            + "%,7d B, budget %,7d B (%+.2f%%, stack %d)%n", boardName, model, frontend, flash, est.flashBytes(), 100 * flashErr,
            size[1] + size[2], stack, ram, est.ramBytes(), 100 * ramErr, est.stackBytes());
        assertThat(Math.abs(flashErr)).as("flash: budget %d vs ELF %d", est.flashBytes(), flash).isLessThanOrEqualTo(0.03);
        assertThat(Math.abs(ramErr)).as("RAM: budget %d vs ELF + stack %d", est.ramBytes(), ram).isLessThanOrEqualTo(0.03);

        Matcher m = Pattern.compile("_min_stack = (\\d+);").matcher(Files.readString(dir.resolve("stm32.ld")));
        assertThat(m.find()).isTrue();
        assertThat(stack).as("worst-case stack vs the linker script's reservation").isLessThanOrEqualTo(Long.parseLong(m.group(1)));
        assertThat(est.fits()).isEqualTo(est.resources().stream().allMatch(BoardBudget.Resource::fits));
    }
}
