package earforge.boards;

import earforge.testing.CliRun;
import earforge.testing.CliRun.Result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import earforge.io.Npy;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import earforge.toolchain.Board;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate / build / run --profile / budget / flash through the CLI for board projects, and their errors. */
class BoardsCliTest {
    @TempDir Path tmp;

    static Result cli(String... args) { return CliRun.run(args); }

    static void oneLineError(Result r, String contains) { CliRun.oneLineError(r, contains); }

    @Test
    void generateBuildRunProfileOnQemu() throws Exception {
        Board b = Board.load("qemu-m4");
        Toolchains.requireFor(b);
        Path model = Shared.require("models/micro_speech_int8.tflite");
        Path dir = tmp.resolve("ms");
        Result gen = cli("generate", "--model", model.toString(), "--board", "qemu-m4", "--out", dir.toString());
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(dir.resolve("README.md")).content().contains("earforge flash").contains("netduinoplus2");
        assertThat(dir.resolve("Makefile")).content().contains("qemu-system-arm -M netduinoplus2").contains("-icount shift=0,sleep=off");
        Result build = cli("build", dir.toString(), "--cflag=-Werror");
        assertThat(build.code()).as(build.err()).isZero();

        Graph g = TfliteReader.read(model);
        int n = 5;
        byte[] all = new byte[n * g.input(0).elements()];
        new Random(9).nextBytes(all);
        Path in = tmp.resolve("in.npy"), out = tmp.resolve("out.npy");
        Npy.write(in, DType.INT8, new int[] {n, 1960}, all);
        Result run = cli("run", dir.toString(), "--input", in.toString(), "--output", out.toString(), "--profile");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("profile on qemu-m4: instructions per inference, mean of 5")
            .contains("DEPTHWISE_CONV_2D").contains("FULLY_CONNECTED").contains("instr/MAC");
        assertThat(run.err()).contains("ran 5 inference(s) of micro_speech_int8 on qemu-m4 (QEMU)");
        byte[] got = (byte[]) Npy.read(out).data();
        assertThat(got).isEqualTo(BoardProjects.simulate(g, all, n));

        oneLineError(cli("run", dir.toString(), "--input", in.toString(), "--output", out.toString(), "--timeout", "0"),
            "did not finish within 0 s");
        // the firmware's own exit code comes through: 3 = input ended inside a record
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BoardRun.run(dir, b, "tensors", new byte[1000], 0, false, 4, 60))
            .hasMessageContaining("firmware on qemu-m4 exited with code 3: firmware: input ended inside a record (1000 of 1960 bytes)");
    }

    @Test
    void projectsPerFamilyHaveTheirFiles() throws Exception {
        Path model = Shared.require("models/kws_ref_model_int8.tflite");
        Path stm = tmp.resolve("stm"), esp = tmp.resolve("esp");
        assertThat(cli("generate", "--model", model.toString(), "--board", "nucleo-h743zi", "--frontend", "kws", "--out", stm.toString())
            .code()).isZero();
        assertThat(stm.resolve("stm32.ld")).content().contains("FLASH (rx)  : ORIGIN = 0x08000000, LENGTH = 2048K")
            .contains("RAM   (rwx) : ORIGIN = 0x24000000, LENGTH = 512K").contains("_min_stack");
        assertThat(stm.resolve("Makefile")).content().contains("ifdef STM32CUBE_DIR").contains("Src/stm32h7xx_,hal.c").contains("hal_i2s.c)")
            .contains("st-flash --reset write build/firmware.bin 0x08000000");
        assertThat(stm.resolve("board_config.h")).content().contains("#define EF_SERIES_H7 1").contains("#define EF_CLOCK_HZ 400000000u");
        for (String f : new String[] {"startup_stm32.c", "board_stm32.c", "mic_stm32cube.c", "main_stm32.c", "earforge_frontend.c",
            "frontend_tables.c", "app_data.c", "model.c", "README.md"}) {
            assertThat(stm.resolve(f)).isRegularFile();
        }
        assertThat(stm.resolve("README.md")).content().contains("openocd -f interface/stlink.cfg -f target/stm32h7x.cfg")
            .contains("STM32CUBE_DIR");

        assertThat(cli("generate", "--model", model.toString(), "--board", "esp32-c3-devkitm", "--frontend", "kws", "--out", esp.toString())
            .code()).isZero();
        assertThat(esp.resolve("CMakeLists.txt")).content().contains("project(earforge_app)");
        assertThat(esp.resolve("main/CMakeLists.txt")).content().contains("idf_component_register");
        assertThat(esp.resolve("sdkconfig.defaults")).content().contains("CONFIG_IDF_TARGET=\"esp32c3\"")
            .contains("CONFIG_ESP_DEFAULT_CPU_FREQ_MHZ_160=y");
        assertThat(esp.resolve("main/main_esp32.c")).content().contains("i2s_channel_init_std_mode");
        assertThat(esp.resolve("main/model.c")).isRegularFile();
        assertThat(esp.resolve("model.c")).doesNotExist();
        if (Tools.find("idf.py") == null) oneLineError(cli("build", esp.toString()), "idf.py is not installed");   // CI has no ESP-IDF
    }

    @Test
    void budgetForABoard() throws Exception {
        Path kws = Shared.require("models/kws_ref_model_int8.tflite"), hw = Shared.require("models/hello_world_int8.tflite");
        Result r = cli("budget", "--model", kws.toString(), "--board", "nucleo-l476rg", "--frontend", "kws", "--json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("layers")).hasSize(13);
        assertThat(j.get("frontend").get("instructionsPerFrame").asDouble()).isPositive();
        assertThat(j.get("realTimeFactor").asDouble()).isGreaterThan(0);
        boolean fits = j.get("fits").asBoolean();
        assertThat(r.code()).isEqualTo(fits ? 0 : 1);
        // the DSP kernels on an 80 MHz M4: the DS-CNN and its front end keep up with a window every 0.5 s
        assertThat(fits).isTrue();
        assertThat(j.get("resources").get(2).get("name").asText()).isEqualTo("real time");
        assertThat(j.get("resources").get(2).get("fits").asBoolean()).isTrue();
        assertThat(j.get("resources").get(2).get("used").asDouble()).isLessThan(1.0);

        r = cli("budget", "--model", kws.toString(), "--board", "nucleo-h743zi", "--frontend", "kws");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("verdict:").contains("flash").contains("fits").contains("x real time");

        r = cli("budget", "--model", hw.toString(), "--board", "nucleo-l476rg");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("no front end in this budget");

        oneLineError(cli("budget", "--model", hw.toString(), "--board", "nucleo-l476rg", "--frontend", "kws"),
            "front end 'kws' gives 49 frames x 10 channels = 490 values per window, but model input [1, 1] has 1");
    }

    @Test
    void boardErrors() throws Exception {
        Path model = Shared.require("models/kws_ref_model_int8.tflite");
        Path dir = tmp.resolve("l4");
        assertThat(cli("generate", "--model", model.toString(), "--board", "nucleo-l476rg", "--out", dir.toString()).code()).isZero();
        Path in = tmp.resolve("in.npy");
        Npy.write(in, DType.INT8, new int[] {1, 49, 10, 1}, new byte[490]);
        oneLineError(cli("run", dir.toString(), "--input", in.toString(), "--output", tmp.resolve("o.npy").toString()),
            "nucleo-l476rg is a real board: flash it with 'earforge flash");
        oneLineError(cli("generate", "--model", model.toString(), "--board", "qemu-m4", "--clip", in.toString(), "--out",
            tmp.resolve("x").toString()), "--clip needs a front end");
        oneLineError(cli("generate", "--model", model.toString(), "--board", "qemu-m4", "--frontend", "sbcnn", "--out",
            tmp.resolve("y").toString()), "front end 'sbcnn' gives 41 frames x 60 channels");
        Path q = tmp.resolve("q");
        assertThat(cli("generate", "--model", model.toString(), "--board", "qemu-rv32", "--out", q.toString()).code()).isZero();
        oneLineError(cli("run", q.toString(), "--input", in.toString(), "--output", tmp.resolve("o.npy").toString()), "not built");
        assertThat(Arrays.asList(Files.list(q).map(p -> p.getFileName().toString()).toArray())).contains("earforge-project.json");
    }
}
