package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.dsp.FrontendConfig;
import earforge.emit.Generator;
import earforge.ir.Graph;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ESP-IDF project's portable C (model, kernels, front end, application: everything in main/ except the IDF glue
 * main_esp32.c) compiles for an Xtensa core with Debian's xtensa-lx106-elf-gcc, warnings as errors. That compiler has
 * no C library, so it runs freestanding with a header declaring the four mem* functions; nothing is linked.
 */
class XtensaCompileTest {
    @TempDir Path tmp;

    @Test
    void portableCCompilesForXtensa() throws Exception {
        Path cc = Toolchains.require("xtensa-lx106-elf-gcc");
        Path shim = tmp.resolve("shim");
        TreeMap<String, String> shimFiles = new TreeMap<>();
        try (InputStream in = getClass().getResourceAsStream("/earforge/boards/shim/string.h")) {
            shimFiles.put("string.h", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Generator.write(shimFiles, shim, true);
        int objects = 0;
        for (String model : List.of("kws_ref_model_int8.tflite", "micro_speech_int8.tflite", "ad01_int8.tflite")) {
            Graph g = TfliteReader.read(Shared.require("models/" + model));
            ProjectOptions o = model.startsWith("kws") ? ProjectOptions.none().withFrontend(FrontendConfig.kws()) : ProjectOptions.none();
            Path dir = tmp.resolve(model);
            Projects.generate(g, Board.load("esp32-devkitc"), o, dir, true);
            List<String> sources;
            try (Stream<Path> s = Files.list(dir.resolve("main"))) {
                sources = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c") && !n.equals("main_esp32.c")).sorted().toList();
            }
            for (String src : sources) {
                List<String> cmd = new ArrayList<>(List.of(cc.toString(), "-ffreestanding", "-I" + shim, "-std=c99", "-O2", "-Wall", "-Wextra",
                    "-Werror", "-DEARFORGE_PROFILE", "-include", "earforge_probe.h", "-c", src, "-o", src.replace(".c", ".o")));
                HostToolchain.Result r = HostToolchain.exec(cmd, dir.resolve("main"), new byte[0], 300);
                assertThat(r.exit()).as(model + " " + src + ": " + r.stderrText()).isZero();
                assertThat(dir.resolve("main").resolve(src.replace(".c", ".o"))).isRegularFile();
                objects++;
            }
            assertThat(sources).contains("model.c", "earforge_app.c", "app_data.c");
            if (model.startsWith("kws")) assertThat(sources).contains("earforge_frontend.c", "frontend_tables.c");
        }
        System.out.printf("xtensa-lx106-elf-gcc: %d ESP32 project sources compiled with -Werror%n", objects);
    }
}
