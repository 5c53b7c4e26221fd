package earforge.toolchain;

import com.fasterxml.jackson.databind.JsonNode;
import earforge.EarforgeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one board YAML tree into a {@link Board}, checking every field: unknown fields, missing required fields,
 * wrong types, out-of-range values and inconsistent combinations end in one line naming the file and the field
 * ("boards/x.yaml: field 'memories[1].size': ...").
 */
final class BoardFile {
    private final String file;
    private final JsonNode root;

    BoardFile(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    private static final Set<String> FIELDS = Set.of("name", "description", "kind", "core", "clock_hz", "fpu", "dsp",
        "memories", "toolchain", "cflags", "ldflags", "sources", "flash_tools", "mic", "qemu", "chip", "runtime", "cost");

    Board board(String expectedName) {
        if (root == null || !root.isObject()) throw fail(null, "expected a mapping of board fields");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw fail(f, "unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
        }
        String name = text(root, "name", true);
        if (!name.equals(expectedName)) throw fail("name", "is '" + name + "' but the file is for board '" + expectedName + "'");
        Board.Kind kind = switch (text(root, "kind", true)) {
            case "host" -> Board.Kind.HOST;
            case "stm32" -> Board.Kind.STM32;
            case "esp32" -> Board.Kind.ESP32;
            case "qemu" -> Board.Kind.QEMU;
            default -> throw fail("kind", "must be one of host, stm32, esp32, qemu");
        };
        String core = text(root, "core", true);
        if (!Board.CORES.contains(core)) throw fail("core", "'" + core + "' is not one of " + Board.CORES);
        boolean host = kind == Board.Kind.HOST;
        if (host != core.equals("host")) throw fail("core", "core 'host' goes with kind 'host' and only with it");
        String toolchain = text(root, "toolchain", true);
        List<String> cflags = strings(root, "cflags"), ldflags = strings(root, "ldflags"), sources = strings(root, "sources");
        if (host) {
            return new Board(name, opt(root, "description"), kind, core, 0, "none", false, List.of(), toolchain, cflags,
                ldflags, sources, List.of(), null, null, Map.of(), new Board.Runtime(0, 0, 0, 0), null);
        }
        long clock = integer(root, "clock_hz", 1_000_000, 2_000_000_000);
        String fpu = text(root, "fpu", true);
        if (!List.of("none", "sp", "dp").contains(fpu)) throw fail("fpu", "must be none, sp or dp");
        JsonNode dspNode = root.get("dsp");
        if (dspNode == null || !dspNode.isBoolean()) throw fail("dsp", "must be true or false");
        List<Board.Memory> memories = memories();
        List<String> tools = strings(root, "flash_tools");
        if (tools.isEmpty()) throw fail("flash_tools", "needs at least one tool");
        for (int i = 0; i < tools.size(); i++) {
            if (!Board.FLASH_TOOLS.contains(tools.get(i))) throw fail("flash_tools[" + i + "]", "'" + tools.get(i) + "' is not one of " + Board.FLASH_TOOLS);
        }
        Board.Qemu qemu = null;
        if (kind == Board.Kind.QEMU) {
            qemu = qemu();
            if (!tools.contains("qemu")) throw fail("flash_tools", "a virtual board flashes with 'qemu'");
        } else if (root.has("qemu")) {
            throw fail("qemu", "only virtual boards (kind qemu) have a QEMU machine");
        }
        Board.Mic mic = mic(kind);
        Map<String, String> chip = stringMap(root, "chip");
        if (kind == Board.Kind.STM32) {
            for (String k : List.of("series", "uart", "uart_tx", "uart_rx", "uart_af", "openocd_target", "irqs")) {
                if (!chip.containsKey(k)) throw fail("chip." + k, "missing (an STM32 board needs series, uart, uart_tx, uart_rx, uart_af, openocd_target, irqs)");
            }
            if (!List.of("l4", "f7", "h7").contains(chip.get("series"))) throw fail("chip.series", "must be l4, f7 or h7");
        }
        if (kind == Board.Kind.ESP32 && !List.of("esp32", "esp32s3", "esp32c3").contains(chip.getOrDefault("target", ""))) {
            throw fail("chip.target", "must be esp32, esp32s3 or esp32c3 (the IDF target)");
        }
        JsonNode rt = object(root, "runtime", true);
        for (Iterator<String> it = rt.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("flash", "ram", "stack", "stack_other").contains(f)) throw fail("runtime." + f, "unknown field (flash, ram, stack, stack_other)");
        }
        Board.Runtime runtime = new Board.Runtime(size(rt, "runtime.", "flash"), size(rt, "runtime.", "ram"),
            size(rt, "runtime.", "stack"), size(rt, "runtime.", "stack_other"));
        if (runtime.stackBytes() < 64) throw fail("runtime.stack", "must be at least 64 bytes (the base stack depth)");
        return new Board(name, opt(root, "description"), kind, core, clock, fpu, dspNode.booleanValue(), memories, toolchain,
            cflags, ldflags, sources, tools, mic, qemu, chip, runtime, cost());
    }

    private List<Board.Memory> memories() {
        JsonNode a = root.get("memories");
        if (a == null || !a.isArray() || a.isEmpty()) throw fail("memories", "needs a list of regions {name, kind, address, size}");
        List<Board.Memory> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String p = "memories[" + i + "]";
            JsonNode m = a.get(i);
            if (!m.isObject()) throw fail(p, "must be a mapping {name, kind, address, size}");
            for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("name", "kind", "address", "size").contains(f)) throw fail(p + "." + f, "unknown field");
            }
            String kind = text(m, "kind", true, p + ".kind");
            if (!kind.equals("flash") && !kind.equals("ram")) throw fail(p + ".kind", "must be flash or ram");
            long address = number(m.get("address"), p + ".address", 0, 0xFFFF_FFFFL);
            long size = size(m, p + ".", "size");
            if (size <= 0 || address + size > 0x1_0000_0000L) throw fail(p + ".size", "region must lie inside the 32-bit address space");
            out.add(new Board.Memory(text(m, "name", true, p + ".name"), kind, address, size));
        }
        for (int i = 0; i < out.size(); i++) {
            for (int j = 0; j < i; j++) {
                Board.Memory x = out.get(i), y = out.get(j);
                if (x.address() < y.address() + y.size() && y.address() < x.address() + x.size()) {
                    throw fail("memories[" + i + "]", "overlaps memories[" + j + "] (" + y.name() + ")");
                }
            }
        }
        if (out.stream().noneMatch(m -> m.kind().equals("flash"))) throw fail("memories", "needs a flash region");
        if (out.stream().noneMatch(m -> m.kind().equals("ram"))) throw fail("memories", "needs a ram region");
        return out;
    }

    private Board.Qemu qemu() {
        JsonNode q = object(root, "qemu", true);
        String binary = text(q, "binary", true, "qemu.binary");
        if (!binary.startsWith("qemu-system-")) throw fail("qemu.binary", "must be a qemu-system-* binary");
        String counter = text(q, "counter", true, "qemu.counter");
        if (!List.of("tim2", "cmsdk-timer", "minstret").contains(counter)) throw fail("qemu.counter", "must be tim2, cmsdk-timer or minstret");
        String uart = text(q, "uart", true, "qemu.uart");
        if (!List.of("stm32-usart", "cmsdk-uart", "ns16550").contains(uart)) throw fail("qemu.uart", "must be stm32-usart, cmsdk-uart or ns16550");
        int per = (int) number(q.get("counter_instructions"), "qemu.counter_instructions", 1, 1000);
        return new Board.Qemu(binary, text(q, "machine", true, "qemu.machine"), counter, per, uart);
    }

    private Board.Mic mic(Board.Kind kind) {
        JsonNode m = root.get("mic");
        if (m == null) {
            if (kind == Board.Kind.QEMU) return null;
            throw fail("mic", "missing (the default microphone: interface pdm or i2s, and its pins)");
        }
        if (!m.isObject()) throw fail("mic", "must be a mapping");
        String iface = text(m, "interface", true, "mic.interface");
        if (!iface.equals("pdm") && !iface.equals("i2s")) throw fail("mic.interface", "must be pdm or i2s");
        Map<String, String> pins = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("interface")) continue;
            if (!e.getValue().isValueNode()) throw fail("mic." + e.getKey(), "must be a plain value");
            pins.put(e.getKey(), e.getValue().asText());
        }
        if (kind == Board.Kind.STM32) {
            if (!pins.getOrDefault("af", "").matches("\\d{1,2}")) throw fail("mic.af", "missing or not an alternate function number 0..15");
            List<String> need = iface.equals("pdm") ? List.of("clock_pin", "data_pin") : List.of("ck_pin", "ws_pin", "sd_pin");
            for (String k : need) if (!pins.containsKey(k)) throw fail("mic." + k, "missing (" + iface + " needs " + need + ")");
            for (var e : pins.entrySet()) {
                if (e.getKey().endsWith("_pin") && !e.getValue().matches("P[A-K]\\d{1,2}")) {
                    throw fail("mic." + e.getKey(), "'" + e.getValue() + "' is not a pin name like PB12");
                }
            }
        }
        if (kind == Board.Kind.ESP32) {
            if (!iface.equals("i2s")) throw fail("mic.interface", "ESP32 projects use an I2S microphone");
            for (String k : List.of("bclk_gpio", "ws_gpio", "din_gpio")) {
                if (!pins.getOrDefault(k, "").matches("\\d{1,2}")) throw fail("mic." + k, "missing or not a GPIO number");
            }
        }
        return new Board.Mic(iface, pins);
    }

    private static final List<String> KERNEL_FIELDS = List.of("mac", "tap", "output", "call", "code", "stack");
    private static final List<String> FRONTEND_FIELDS = List.of("sample", "fft", "bin", "magnitude", "mel_weight", "band", "value",
        "dct_mac", "top_db", "code", "stack");

    private static final List<String> LIBC_FIELDS = List.of("memcpy", "memcmp", "memmove", "memset", "memcpy_inline", "memcmp_inline");

    private Board.CostModel cost() {
        JsonNode c = object(root, "cost", true);
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("source", "cpi", "kernels", "frontend", "step_code", "libc").contains(f)) {
                throw fail("cost." + f, "unknown field (source, cpi, kernels, frontend, step_code, libc)");
            }
        }
        String source = text(c, "source", true, "cost.source");
        if (!source.equals("measured") && !source.equals("estimated")) throw fail("cost.source", "must be measured or estimated");
        double cpi = real(c.get("cpi"), "cost.cpi", 0.2, 10);
        JsonNode k = object(c, "kernels", true, "cost.kernels");
        Map<String, Board.KernelCost> kernels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = k.fields(); it.hasNext(); ) {
            var e = it.next();
            String p = "cost.kernels." + e.getKey();
            JsonNode v = e.getValue();
            if (!v.isObject()) throw fail(p, "must be a mapping {" + String.join(", ", KERNEL_FIELDS) + "}");
            for (Iterator<String> f = v.fieldNames(); f.hasNext(); ) {
                String n = f.next();
                if (!KERNEL_FIELDS.contains(n)) throw fail(p + "." + n, "unknown field (" + String.join(", ", KERNEL_FIELDS) + ")");
            }
            for (String n : KERNEL_FIELDS) if (!v.has(n)) throw fail(p + "." + n, "is missing");
            kernels.put(e.getKey(), new Board.KernelCost(real(v.get("mac"), p + ".mac", 0, 1e6), real(v.get("tap"), p + ".tap", 0, 1e6),
                real(v.get("output"), p + ".output", 0, 1e6), real(v.get("call"), p + ".call", 0, 1e7),
                number(v.get("code"), p + ".code", 0, 1 << 20), number(v.get("stack"), p + ".stack", 0, 1 << 16)));
        }
        if (!kernels.containsKey("default")) throw fail("cost.kernels.default", "is missing (cost of kernels without their own entry)");
        JsonNode fe = object(c, "frontend", true, "cost.frontend");
        Map<String, Double> frontend = new LinkedHashMap<>();
        for (Iterator<String> f = fe.fieldNames(); f.hasNext(); ) {
            String n = f.next();
            if (!FRONTEND_FIELDS.contains(n)) throw fail("cost.frontend." + n, "unknown field (" + String.join(", ", FRONTEND_FIELDS) + ")");
        }
        for (String f : FRONTEND_FIELDS) frontend.put(f, real(fe.get(f), "cost.frontend." + f, 0, 1 << 20));
        JsonNode lc = object(c, "libc", true, "cost.libc");
        Map<String, Long> libc = new LinkedHashMap<>();
        for (Iterator<String> f = lc.fieldNames(); f.hasNext(); ) {
            String n = f.next();
            if (!LIBC_FIELDS.contains(n)) throw fail("cost.libc." + n, "unknown field (" + String.join(", ", LIBC_FIELDS) + ")");
        }
        for (String f : LIBC_FIELDS) libc.put(f, number(lc.get(f), "cost.libc." + f, 0, 1 << 16));
        return new Board.CostModel(source, cpi, kernels, frontend, number(c.get("step_code"), "cost.step_code", 0, 1 << 16), libc);
    }

    // ---- typed field readers ----

    private EarforgeException fail(String field, String msg) {
        return field == null ? EarforgeException.of("%s: %s", file, msg) : EarforgeException.of("%s: field '%s' %s", file, field, msg);
    }

    private String text(JsonNode n, String f, boolean required) { return text(n, f, required, f); }

    private String text(JsonNode n, String f, boolean required, String path) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            if (required) throw fail(path, "is missing");
            return null;
        }
        // YAML 1.1 reads yes/no/on/off as booleans and digits as numbers: take any scalar as its text, so that the
        // field's own check names the allowed values
        if (!v.isValueNode() || v.asText().isBlank()) throw fail(path, "must be a non-empty string");
        return v.asText();
    }

    private String opt(JsonNode n, String f) {
        String s = text(n, f, false);
        return s == null ? "" : s;
    }

    private List<String> strings(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw fail(f, "must be a list of strings");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) throw fail(f + "[" + i + "]", "must be a string");
            out.add(v.get(i).asText());
        }
        return out;
    }

    private Map<String, String> stringMap(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject()) throw fail(f, "must be a mapping");
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isValueNode()) throw fail(f + "." + e.getKey(), "must be a plain value");
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private JsonNode object(JsonNode n, String f, boolean required) { return object(n, f, required, f); }

    private JsonNode object(JsonNode n, String f, boolean required, String path) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            if (required) throw fail(path, "is missing");
            return null;
        }
        if (!v.isObject()) throw fail(path, "must be a mapping");
        return v;
    }

    private long integer(JsonNode n, String f, long min, long max) { return number(n.get(f), f, min, max); }

    /** An integer, written as a number or a string (decimal or 0x hexadecimal), within [min, max]. */
    private long number(JsonNode v, String path, long min, long max) {
        if (v == null || v.isNull()) throw fail(path, "is missing");
        long x;
        if (v.isIntegralNumber()) {
            x = v.asLong();
        } else if (v.isTextual()) {
            try {
                x = Long.decode(v.asText().strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw fail(path, "'" + v.asText() + "' is not an integer");
            }
        } else {
            throw fail(path, "must be an integer");
        }
        if (x < min || x > max) throw fail(path, String.format(Locale.ROOT, "%d is out of range %d..%d", x, min, max));
        return x;
    }

    /** A byte size: an integer or a string with a K or M suffix (binary units). */
    private long size(JsonNode n, String prefix, String f) {
        JsonNode v = n.get(f);
        String path = prefix + f;
        if (v != null && v.isTextual()) {
            String s = v.asText().strip().toUpperCase(Locale.ROOT);
            long unit = s.endsWith("K") ? 1024 : s.endsWith("M") ? 1024 * 1024 : 1;
            String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
            try {
                long d = Long.decode(digits);
                // checked before multiplying: 4611686018427387905K would wrap around to 1024
                if (d < 0 || d > 0x1_0000_0000L / unit) throw fail(path, "is out of range");
                long x = d * unit;
                return x;
            } catch (NumberFormatException e) {
                throw fail(path, "'" + v.asText() + "' is not a size (e.g. 128K, 1M, 4096)");
            }
        }
        return number(v, path, 0, 0x1_0000_0000L);
    }

    private double real(JsonNode v, String path, double min, double max) {
        if (v == null || v.isNull()) throw fail(path, "is missing");
        if (!v.isNumber()) throw fail(path, "must be a number");
        double x = v.asDouble();
        if (!(x >= min && x <= max)) throw fail(path, String.format(Locale.ROOT, "%s is out of range %s..%s", x, min, max));
        return x;
    }

    private double optReal(JsonNode v, String path) {
        return v == null ? 0 : real(v, path, 0, 1e6);
    }
}
