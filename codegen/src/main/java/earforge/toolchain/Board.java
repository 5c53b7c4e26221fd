package earforge.toolchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import earforge.EarforgeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A target board, from boards/NAME.yaml (on the classpath under earforge/boards/), validated on load by
 * {@link BoardFile}: every error names the file and the field. What a board says: its kind (the project family
 * `generate` writes), core, clock, flash and RAM regions, FPU and DSP extension, toolchain and flags, flash tools,
 * microphone interface, for virtual boards the QEMU machine, and the cost model `budget` uses.
 *
 * @param sources runtime sources (under firmware-templates/) that go next to the generated model (host board)
 */
public record Board(String name, String description, Kind kind, String core, long clockHz, String fpu, boolean dsp,
                    List<Memory> memories, String toolchain, List<String> cflags, List<String> ldflags,
                    List<String> sources, List<String> flashTools, Mic mic, Qemu qemu, Map<String, String> chip,
                    Runtime runtime, CostModel cost) {

    /** The project family `generate` writes for the board. */
    public enum Kind { HOST, STM32, ESP32, QEMU }

    /** Known cores: the cost model and compiler flags depend on them. */
    public static final List<String> CORES = List.of("host", "cortex-m4f", "cortex-m7", "xtensa-lx6", "xtensa-lx7", "rv32imc");

    /** Flash tools `earforge flash` knows. */
    public static final List<String> FLASH_TOOLS = List.of("st-flash", "openocd", "cubeprogrammer", "esptool", "idf", "qemu");

    /** A memory region: {@code kind} flash or ram. */
    public record Memory(String name, String kind, long address, long size) {}

    /** Default microphone: {@code interface} pdm or i2s, and its pins / peripheral as the firmware needs them. */
    public record Mic(String iface, Map<String, String> pins) {}

    /**
     * A virtual board: QEMU binary and machine, the counter the profile reads ({@code tim2}, {@code cmsdk-timer},
     * {@code minstret}) with how many instructions one count is, and the UART model ({@code stm32-usart},
     * {@code cmsdk-uart}, {@code ns16550}).
     */
    public record Qemu(String binary, String machine, String counter, int counterInstructions, String uart) {}

    /**
     * What the firmware itself costs, besides the model and the front end: code and read-only data of the runtime
     * (startup, C library pieces, logging, self-test), its static RAM, and its stack: {@code stackBytes} down to and
     * including earforge_model_invoke (a kernel's depth adds to it), {@code stackOtherBytes} the deepest path that does
     * not run a kernel (logging, probes).
     */
    public record Runtime(long flashBytes, long ramBytes, long stackBytes, long stackOtherBytes) {}

    /**
     * The per-core cost model `budget` uses. Per C kernel (and "default" for kernels without an entry): instructions
     * {@code mac * MACs + tap * taps + output * outputs + call}, code bytes, stack frame bytes. Per front-end frame:
     * {@code sample * frameLength + fft * (N/4) log2(N/2) + bin * bins + magnitude * bins (power 1 only: the square
     * root) + melWeight * weights + band * bands}; per window:
     * {@code value * frames * channels + dctMac * frames * channels * bands + topDb * frames * bands} (the last with a
     * top-dB clip: its pass for the window's maximum). {@code step}: code bytes per operator in
     * model.c (the call and its parameter struct). {@code cpi}: cycles per instruction of the core, to turn instructions
     * into time. {@code source}: measured (fitted to QEMU instruction counts) or estimated. {@code libc}: code bytes of
     * the C library's memcpy, memcmp, memmove, memset, and the longest constant-size memcpy / memcmp the compiler
     * expands inline (longer ones, and the front end's variable-size copies, link the library routine).
     */
    public record CostModel(String source, double cyclesPerInstruction, Map<String, KernelCost> kernels,
                            Map<String, Double> frontend, long stepCodeBytes, Map<String, Long> libc) {
        public KernelCost kernel(String c) {
            KernelCost k = kernels.get(c);
            return k != null ? k : kernels.get("default");
        }
    }

    /** Instruction cost, code bytes and stack frame of one kernel. */
    public record KernelCost(double mac, double tap, double output, double call, long code, long stack) {}

    /** The same board without runtime sources (the model files alone; board projects add their own runtime). */
    public Board withoutSources() {
        return new Board(name, description, kind, core, clockHz, fpu, dsp, memories, toolchain, cflags, ldflags, List.of(),
            flashTools, mic, qemu, chip, runtime, cost);
    }

    public boolean isHost() { return kind == Kind.HOST; }

    /** A board that runs in QEMU here. */
    public boolean isVirtual() { return kind == Kind.QEMU; }

    /** Sum of the regions of one kind (flash or ram). */
    public long total(String memoryKind) {
        long s = 0;
        for (Memory m : memories) if (m.kind().equals(memoryKind)) s += m.size();
        return s;
    }

    /** The first region of a kind: where code (flash) or data (ram) goes. */
    public Memory first(String memoryKind) {
        for (Memory m : memories) if (m.kind().equals(memoryKind)) return m;
        throw EarforgeException.of("board %s has no %s region", name, memoryKind);
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Names of the boards shipped in boards/ (the index file boards/boards.txt, one name per line). */
    public static List<String> names() {
        try (InputStream in = Board.class.getResourceAsStream("/earforge/boards/boards.txt")) {
            if (in == null) throw new EarforgeException("boards/boards.txt is missing from the installation");
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String s = l.strip();
                if (!s.isEmpty() && !s.startsWith("#")) out.add(s);
            }
            return out;
        } catch (IOException e) {
            throw EarforgeException.of("boards/boards.txt: unreadable (%s)", e.getMessage());
        }
    }

    public static Board load(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) throw EarforgeException.of("bad board name '%s'", name);
        String file = "boards/" + name + ".yaml";
        try (InputStream in = Board.class.getResourceAsStream("/earforge/" + file)) {
            if (in == null) throw EarforgeException.of("unknown board '%s' (known: %s)", name, String.join(", ", names()));
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), file, name);
        } catch (IOException e) {
            throw EarforgeException.of("%s: unreadable (%s)", file, e.getMessage());
        }
    }

    /** " at line L, column C (reason: detail)" from a YAML parse error, on one line without the code excerpt. */
    static String yamlError(IOException e) {
        String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        String why = msg == null ? e.getClass().getSimpleName() : String.join(": ", msg.lines().map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("in '") && !l.startsWith("^")).limit(2).toList());
        // SnakeYAML's last "line L, column C" is the problem mark (the first may be the context's)
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+), column (\\d+)").matcher(msg == null ? "" : msg);
        String at = "";
        while (m.find()) at = " at line " + m.group(1) + ", column " + m.group(2);
        return at + " (" + why + ")";
    }

    /** Parses and validates board YAML text; {@code file} names it in errors, {@code name} is the expected name. */
    public static Board parse(String yaml, String file, String name) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw EarforgeException.of("%s: not valid YAML%s", file, yamlError(e));
        }
        return new BoardFile(file, root).board(name);
    }
}
