package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.dsp.FrontendConfig;
import earforge.emit.Templates;
import earforge.ir.Graph;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import earforge.toolchain.Board;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated STM32 project of the thesis board, as a user builds it (its Makefile, start-up code, linker script from
 * the board's memories, main, application, self-test vectors), run in QEMU's netduinoplus2: an STM32F4 with the same
 * flash and RAM map as the STM32L476RG (1 MB at 0x08000000, 128 KB at 0x20000000). Only board_stm32.c (the L4 clock
 * tree, USART2 and DWT, which QEMU does not model) is swapped for QEMU's board file (USART1, TIM2). The UART log must
 * show the self-test passing, windows classified from the front end, and per-layer counts.
 */
class Stm32ProjectOnQemuTest {
    @TempDir Path tmp;

    @Test
    void nucleoL476rgFirmwareBootsAndPassesItsSelfTest() throws Exception {
        Board stm = Board.load("nucleo-l476rg"), qemu = Board.load("qemu-m4");
        Toolchains.requireFor(stm);
        Toolchains.require(qemu.qemu().binary());
        Graph g = TfliteReader.read(Shared.require("models/kws_ref_model_int8.tflite"));
        Path dir = tmp.resolve("l476");
        Projects.generate(g, stm, ProjectOptions.none().withFrontend(FrontendConfig.kws()), dir, true);
        Files.writeString(dir.resolve("board_stm32.c"), Templates.resource("boards/qemu/board_netduinoplus2.c"));
        Builds.build(dir, stm, List.of("EXTRA_CFLAGS=-Werror"), 600);
        assertThat(dir.resolve("build/firmware.bin")).isRegularFile();
        assertThat(dir.resolve("build/firmware.hex")).isRegularFile();

        // main() never returns on a board: read the UART until the final line, then stop QEMU
        List<String> cmd = Qemu.command(qemu, dir.resolve("build/firmware.elf"), List.of(), true);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            Thread killer = new Thread(() -> {
                try {
                    if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
                } catch (InterruptedException ignored) {
                    p.destroyForcibly();
                }
            });
            killer.setDaemon(true);
            killer.start();
            for (String line; (line = r.readLine()) != null; ) {
                log.append(line).append('\n');
                if (line.startsWith("done")) break;
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        System.out.print(log);
        assertThat(log).contains("earforge on nucleo-l476rg, core clock 80 MHz")
            .contains("self-test: 3/3 outputs identical to the Java simulator")
            .contains("window 0: class").contains("front end per frame:")
            .contains("done (no microphone in this build");
    }
}
