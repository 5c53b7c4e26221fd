package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.cli.Main;
import earforge.toolchain.Board;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** boards/*.yaml: every shipped board loads and says what the issue asks; broken files fail naming file and field. */
class BoardFilesTest {
    static final List<String> SHIPPED = List.of("nucleo-l476rg", "nucleo-f746zg", "nucleo-h743zi", "esp32-devkitc", "esp32-s3-devkitc",
        "esp32-c3-devkitm", "qemu-m4", "qemu-m7", "qemu-rv32", "host");

    @Test
    void everyShippedBoardLoads() {
        assertThat(Board.names()).containsExactlyElementsOf(SHIPPED);
        for (String n : SHIPPED) {
            Board b = Board.load(n);
            assertThat(b.name()).isEqualTo(n);
            if (b.isHost()) continue;
            assertThat(b.total("flash")).isPositive();
            assertThat(b.total("ram")).isPositive();
            assertThat(b.cost().kernel("conv2d").mac()).isPositive();
            assertThat(b.flashTools()).isNotEmpty();
            assertThat(b.isVirtual()).isEqualTo(n.startsWith("qemu-"));
        }
        Board l4 = Board.load("nucleo-l476rg");
        assertThat(l4.core()).isEqualTo("cortex-m4f");
        assertThat(l4.clockHz()).isEqualTo(80_000_000);
        assertThat(l4.total("flash")).isEqualTo(1024 * 1024);
        assertThat(l4.total("ram")).isEqualTo(128 * 1024);
        assertThat(l4.fpu()).isEqualTo("sp");
        assertThat(l4.dsp()).isTrue();
        assertThat(l4.mic().iface()).isEqualTo("pdm");
        assertThat(Board.load("esp32-devkitc").core()).isEqualTo("xtensa-lx6");
        assertThat(Board.load("esp32-s3-devkitc").core()).isEqualTo("xtensa-lx7");
        assertThat(Board.load("esp32-c3-devkitm").core()).isEqualTo("rv32imc");
        assertThat(Board.load("qemu-m4").qemu().machine()).isEqualTo("netduinoplus2");
        assertThat(Board.load("qemu-m7").qemu().machine()).isEqualTo("mps2-an500");
        assertThat(Board.load("qemu-rv32").qemu().machine()).isEqualTo("virt");
    }

    static String l476() throws IOException {
        try (InputStream in = Board.class.getResourceAsStream("/earforge/boards/nucleo-l476rg.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void broken(String yaml, String message) {
        assertThatThrownBy(() -> Board.parse(yaml, "boards/nucleo-l476rg.yaml", "nucleo-l476rg"))
            .isInstanceOf(EarforgeException.class).hasMessageStartingWith("boards/nucleo-l476rg.yaml: ").hasMessageContaining(message)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void brokenFilesNameTheFileAndTheField() throws IOException {
        String ok = l476();
        assertThat(Board.parse(ok, "x", "nucleo-l476rg").clockHz()).isEqualTo(80_000_000);
        broken(ok.replace("clock_hz: 80000000", "clock_hz: fast"), "field 'clock_hz' 'fast' is not an integer");
        broken(ok.replace("clock_hz: 80000000", "clock_hz: 1000"), "field 'clock_hz' 1000 is out of range");
        broken(ok.replace("core: cortex-m4f", "core: cortex-m33"), "field 'core' 'cortex-m33' is not one of");
        broken(ok.replace("kind: stm32", "kind: nrf"), "field 'kind' must be one of host, stm32, esp32, qemu");
        broken(ok.replace("size: 128K}", "size: 128Q}"), "field 'memories[1].size' '128Q' is not a size");
        broken(ok.replace("address: 0x20000000", "address: 0x08080000"), "field 'memories[1]' overlaps memories[0] (flash)");
        broken(ok.replace("{name: ram, kind: ram", "{name: ram, kind: rom"), "field 'memories[1].kind' must be flash or ram");
        broken(ok.replace("fpu: sp", "fpu: yes"), "field 'fpu' must be none, sp or dp");
        broken(ok.replace("dsp: true", "dsp: 1"), "field 'dsp' must be true or false");
        broken(ok.replace("name: nucleo-l476rg", "name: nucleo-l432kc"), "field 'name' is 'nucleo-l432kc' but the file is for board 'nucleo-l476rg'");
        broken(ok.replace("flash_tools: [st-flash, openocd, cubeprogrammer]", "flash_tools: [jlink]"), "field 'flash_tools[0]' 'jlink' is not one of");
        broken(ok.replace("  series: l4\n", ""), "field 'chip.series' missing");
        broken(ok.replace("  interface: pdm", "  interface: analog"), "field 'mic.interface' must be pdm or i2s");
        broken(ok.replace("clock_pin: PC2", "clock_pin: C2"), "field 'mic.clock_pin' 'C2' is not a pin name like PB12");
        broken(ok + "qemu: {binary: qemu-system-arm, machine: x, counter: tim2, counter_instructions: 1, uart: stm32-usart}\n",
            "field 'qemu' only virtual boards");
        broken(ok + "colour: blue\n", "field 'colour' unknown field");
        broken(ok.replace("    fully_connected:   {mac:", "    fully_connected:   {flops: 1, mac:"), "field 'cost.kernels.fully_connected.flops' unknown field");
        broken(ok.replace("cpi: 1.25", "cpi: -1"), "field 'cost.cpi' -1.0 is out of range");
        broken(ok.replaceAll("  step_code: \\d+\n", ""), "field 'cost.step_code' is missing");
        broken("name: [", "not valid YAML");
        assertThatThrownBy(() -> Board.load("nucleo-l999")).hasMessageContaining("unknown board 'nucleo-l999' (known: nucleo-l476rg, ");
    }

    @Test
    void boardsCommandListsThem() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        int code;
        try {
            code = Main.execute("boards");
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(SHIPPED.size() + 1);
        for (int i = 0; i < SHIPPED.size(); i++) assertThat(lines.get(i + 1)).startsWith(SHIPPED.get(i) + " ");
        assertThat(out.toString()).contains("nucleo-l476rg     stm32  cortex-m4f        80      1 MB    128 KB")
            .contains("qemu: mps2-an500").contains("idf, esptool");
    }
}
