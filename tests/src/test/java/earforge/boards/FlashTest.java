package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.emit.Generator;
import earforge.ir.Graph;
import earforge.toolchain.Board;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `earforge flash`, run as a separate process so that PATH can be set: fake vendor tools that record their arguments
 * show the command lines (address, verify, reset, port); a PATH without the tool gives the install hint; the real
 * stlink-tools and openocd start and fail cleanly without a probe; a virtual board streams its UART log from QEMU.
 */
class FlashTest {
    @TempDir Path tmp;
    Path fake, record;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void fakeTools() throws IOException {
        fake = Files.createDirectories(tmp.resolve("fakebin"));
        record = tmp.resolve("record.txt");
        for (String t : List.of("st-flash", "openocd", "STM32_Programmer_CLI", "esptool.py", "idf.py")) {
            Path f = fake.resolve(t);
            Files.writeString(f, "#!/bin/sh\necho \"fake $(basename \"$0\") in $(pwd)\"\nfor a in \"$(basename \"$0\")\" \"$@\"; do echo \"$a\"; done > '"
                + record + "'\necho \"cwd $(pwd)\" >> '" + record + "'\nexit 0\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** The CLI in a child JVM with PATH = {@code path}. */
    static Run cli(String path, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), "earforge.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", path);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Thread a = pump(p.getInputStream(), out), b = pump(p.getErrorStream(), err);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("earforge " + String.join(" ", args) + " did not finish");
        }
        a.join();
        b.join();
        return new Run(p.exitValue(), out.toString(), err.toString());
    }

    static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // closed with the process
            }
        });
        t.start();
        return t;
    }

    /** A generated project with stand-in build outputs: flashing only needs the files to exist. */
    Path project(String board) throws IOException {
        Graph g = TinyModels.classifier(16, 0.1f, 0, 3, 1);
        Path dir = tmp.resolve(board);
        Projects.generate(g, Board.load(board), ProjectOptions.none(), dir, true);
        TreeMap<String, String> build = new TreeMap<>(Map.of("firmware.bin", "bin", "firmware.elf", "elf", "flash_args", "args"));
        Generator.write(build, dir.resolve("build"), true);
        return dir;
    }

    List<String> recorded() throws IOException {
        return Files.readAllLines(record);
    }

    @Test
    void stm32ToolsGetAddressVerifyAndReset() throws Exception {
        Path dir = project("nucleo-l476rg");
        String path = fake + ":/usr/bin:/bin";
        Run r = cli(path, "flash", dir.toString(), "--tool", "st-flash");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("fake st-flash");
        assertThat(recorded()).startsWith("st-flash", "--reset", "write", dir.resolve("build/firmware.bin").toString(), "0x08000000");

        r = cli(path, "flash", dir.toString(), "--tool", "st-flash", "--port", "0671FF485550755187123456");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(recorded()).startsWith("st-flash", "--serial", "0671FF485550755187123456", "--reset", "write");

        r = cli(path, "flash", dir.toString(), "--tool", "openocd");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(recorded()).startsWith("openocd", "-f", "interface/stlink.cfg", "-f", "target/stm32l4x.cfg", "-c",
            "program " + dir.resolve("build/firmware.elf") + " verify reset exit");

        r = cli(path, "flash", dir.toString(), "--tool", "cubeprogrammer", "--port", "066CFF");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(recorded()).startsWith("STM32_Programmer_CLI", "-c", "port=SWD sn=066CFF", "-w",
            dir.resolve("build/firmware.bin").toString(), "0x08000000", "-v", "-rst");

        // default tool: the first of the board's tools that is installed
        r = cli(path, "flash", dir.toString(), "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith(fake.resolve("st-flash").toString()).endsWith("--reset write "
            + dir.resolve("build/firmware.bin") + " 0x08000000");

        Path h7 = project("nucleo-h743zi");
        r = cli(path, "flash", h7.toString(), "--tool", "openocd", "--dry-run");
        assertThat(r.out()).contains("target/stm32h7x.cfg").contains("'program " + h7.resolve("build/firmware.elf") + " verify reset exit'");
    }

    @Test
    void esp32ToolsGetChipPortAndFlashArgs() throws Exception {
        Path dir = project("esp32-s3-devkitc");
        String path = fake + ":/usr/bin:/bin";
        Run r = cli(path, "flash", dir.toString(), "--tool", "esptool", "--port", "/dev/ttyUSB0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(recorded()).containsExactly("esptool.py", "--chip", "esp32s3", "-p", "/dev/ttyUSB0", "-b", "460800", "--before",
            "default_reset", "--after", "hard_reset", "write_flash", "@flash_args", "cwd " + dir.resolve("build").toRealPath());
        r = cli(path, "flash", dir.toString(), "--port", "/dev/ttyACM1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(recorded()).startsWith("idf.py", "-p", "/dev/ttyACM1", "flash");
    }

    @Test
    void missingToolsAndWrongToolsAreOneLineErrors() throws Exception {
        Path dir = project("nucleo-l476rg");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Run r = cli(empty.toString(), "flash", dir.toString(), "--tool", "st-flash");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("earforge: st-flash is not installed (needed to flash nucleo-l476rg): install the Debian "
            + "package stlink-tools (apt-get install stlink-tools)");
        r = cli(empty.toString(), "flash", dir.toString(), "--tool", "cubeprogrammer");
        assertThat(r.err()).contains("STM32_Programmer_CLI is not installed").contains("STM32CubeProgrammer from st.com");
        r = cli(empty.toString(), "flash", dir.toString(), "--tool", "esptool");
        assertThat(r.err().strip()).isEqualTo("earforge: board nucleo-l476rg is not flashed with esptool (its tools: st-flash, openocd, cubeprogrammer)");
        Path esp = project("esp32-devkitc");
        r = cli(empty.toString(), "flash", esp.toString(), "--tool", "idf");
        assertThat(r.err()).contains("idf.py is not installed").contains("ESP-IDF");
        Files.delete(dir.resolve("build/firmware.bin"));
        r = cli(fake + ":/usr/bin:/bin", "flash", dir.toString(), "--tool", "st-flash");
        assertThat(r.err().strip()).isEqualTo("earforge: " + dir + ": no build/firmware.bin (run: earforge build " + dir + ")");
    }

    @Test
    void realStlinkAndOpenocdFailCleanlyWithoutAProbe() throws Exception {
        Toolchains.require("st-flash");
        Toolchains.require("openocd");
        Path dir = project("nucleo-l476rg");
        Run r = cli(System.getenv("PATH"), "flash", dir.toString(), "--tool", "st-flash", "--timeout", "60");
        System.out.println("st-flash without a probe: exit " + r.code() + "; " + r.err().strip().replace('\n', ' '));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("st-flash exited with code").contains("is the board connected");
        r = cli(System.getenv("PATH"), "flash", dir.toString(), "--tool", "openocd", "--timeout", "60");
        System.out.println("openocd without a probe: exit " + r.code() + "; " + r.err().lines().filter(l -> l.contains("rror")).toList());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Open On-Chip Debugger").contains("openocd exited with code");
    }

    @Test
    void virtualBoardFlashRunsQemuAndStreamsTheUart() throws Exception {
        Board b = Board.load("qemu-rv32");
        Graph g = TinyModels.classifier(16, 0.1f, 0, 3, 1);
        Path dir = BoardProjects.build(g, b, ProjectOptions.none(), tmp.resolve("rv"));
        Run r = cli(System.getenv("PATH"), "flash", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("earforge tiny_classifier on qemu-rv32: self-test, 3 test vectors")
            .contains("self-test: 3/3 outputs identical to the Java simulator").contains("profile (counter units");
        assertThat(r.err()).contains("qemu-system-riscv32").contains("-serial stdio");
    }
}
