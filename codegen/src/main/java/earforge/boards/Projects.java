package earforge.boards;

import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import earforge.emit.CModel;
import earforge.emit.FrontendEmitter;
import earforge.emit.Generator;
import earforge.emit.Lowering;
import earforge.emit.Templates;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.toolchain.Board;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * `generate --board B` for a microcontroller board: the generated model (as for the host) plus the firmware around it,
 * as a project the user builds with the vendor flow:
 * <ul>
 * <li>qemu: Makefile for the cross gcc with picolibc and semihosting; the firmware is a test harness (tensor, feature
 *     and stream files in and out) and, without arguments, runs the self-test and logs on the UART;</li>
 * <li>stm32: Makefile project for arm-none-eabi-gcc with start-up code, a linker script from the board's memories,
 *     clock setup, UART logging, the self-test, and a microphone path on the STM32Cube HAL when STM32CUBE_DIR is set;</li>
 * <li>esp32: ESP-IDF project (CMakeLists.txt, main/ component, I2S microphone via the IDF driver, sdkconfig.defaults).</li>
 * </ul>
 * Every project has the application (front end, overlapping windows, mean voting, a log line per window), the
 * self-test vectors with the Java simulator's outputs, and a README on building and flashing.
 */
public final class Projects {
    private Projects() {}

    static final String COMMON = "boards/common/";

    public static CModel generate(Graph g, Board b, ProjectOptions o, Path out, boolean force) {
        CModel m = Lowering.lower(g);
        Generator.write(files(g, m, b, o), out, force);
        return m;
    }

    /** Whether the front end's window maps onto the model input as [channels][frames] (else [frames][channels]). */
    public static boolean transpose(Graph g, FrontendConfig c) {
        if (g.inputs.length != 1) throw EarforgeException.of("a front end feeds one model input; the model has %d", g.inputs.length);
        Tensor in = g.input(0);
        int frames = c.framesPerWindow(), ch = c.channels();
        if (in.elements() != frames * ch) {
            throw EarforgeException.of("front end '%s' gives %d frames x %d channels = %d values per window, but model input %s has %d",
                c.name(), frames, ch, frames * ch, java.util.Arrays.toString(in.shape), in.elements());
        }
        List<Integer> dims = new ArrayList<>();
        for (int d : in.shape) if (d != 1) dims.add(d);
        boolean t = dims.size() == 2 && dims.get(0) == ch && dims.get(1) == frames && frames != ch;
        if (in.quant == null || Math.abs(in.quant.scale() - c.inputScale()) > 1e-5 * c.inputScale()
            || in.quant.zp() != c.inputZeroPoint()) {
            throw EarforgeException.of("front end '%s' maps features to int8 with scale %s, zero point %d, but the model input "
                + "is quantized with scale %s, zero point %d", c.name(), c.inputScale(), c.inputZeroPoint(),
                in.quant == null ? "none" : in.quant.scale(), in.quant == null ? 0 : in.quant.zp());
        }
        return t;
    }

    public static TreeMap<String, String> files(Graph g, CModel m, Board b, ProjectOptions o) {
        if (b.isHost()) return Generator.files(m, b);
        FrontendConfig fe = o.frontend();
        boolean transpose = fe != null && transpose(g, fe);
        int step = fe == null ? 1 : FrontendEmitter.windowStep(fe);
        int vote = o.voteWindows() > 0 ? o.voteWindows() : fe == null ? 1 : (fe.framesPerWindow() + step - 1) / step;
        int nv = Math.max(1, o.testVectors());
        TestVectors tv = fe == null ? TestVectors.random(g, nv, 1)
            : TestVectors.audio(g, fe, transpose, o.clip() != null ? o.clip() : TestVectors.syntheticClip(fe, nv),
                o.clip() != null ? "clip " + o.clipName() : "synthetic chirp clip");

        TreeMap<String, String> src = new TreeMap<>(Generator.files(m, b.withoutSources()));
        String manifest = src.remove(earforge.emit.Manifest.FILE);
        if (fe != null) src.putAll(FrontendEmitter.files(fe, transpose));
        Map<String, Object> d = data(g, m, b, o, fe, tv, vote);
        for (String f : List.of("earforge_board.h", "earforge_log.h", "earforge_log.c", "earforge_probe.h", "earforge_probe.c",
            "earforge_app.h", "earforge_app.c")) {
            src.put(f, Templates.resource(COMMON + f));
        }
        src.put("app_config.h", Templates.render(COMMON + "app_config.h.ftl", d));
        src.put("app_data.c", Templates.render(COMMON + "app_data.c.ftl", d));
        for (String s : b.sources()) src.put(s.substring(s.lastIndexOf('/') + 1), Templates.resource(s));

        TreeMap<String, String> files = new TreeMap<>();
        String family = b.kind().name().toLowerCase(Locale.ROOT);
        String dir = b.kind() == Board.Kind.ESP32 ? "main/" : "";
        for (var e : src.entrySet()) files.put(dir + e.getKey(), e.getValue());
        files.put(earforge.emit.Manifest.FILE, manifest);
        switch (b.kind()) {
            case QEMU -> {
                files.put("qemu_main.c", Templates.resource("boards/qemu/qemu_main.c"));
                files.put("Makefile", Templates.render("boards/qemu/Makefile.ftl", d));
            }
            case STM32 -> {
                for (String f : List.of("startup_stm32.c", "board_stm32.c", "stm32_regs.h", "earforge_mic.h", "mic_stm32cube.c", "main_stm32.c")) {
                    files.put(f, Templates.resource("boards/stm32/" + f));
                }
                files.put("stm32.ld", Templates.render("boards/stm32/stm32.ld.ftl", d));
                files.put("board_config.h", Templates.render("boards/stm32/board_config.h.ftl", d));
                files.put("Makefile", Templates.render("boards/stm32/Makefile.ftl", d));
            }
            case ESP32 -> {
                files.put("main/main_esp32.c", Templates.resource("boards/esp32/main_esp32.c"));
                files.put("main/board_config.h", Templates.render("boards/esp32/board_config.h.ftl", d));
                files.put("main/CMakeLists.txt", Templates.render("boards/esp32/main_CMakeLists.txt.ftl", d));
                files.put("CMakeLists.txt", Templates.render("boards/esp32/CMakeLists.txt.ftl", d));
                files.put("sdkconfig.defaults", Templates.render("boards/esp32/sdkconfig.defaults.ftl", d));
            }
            default -> throw new IllegalStateException(b.kind().toString());
        }
        files.put("README.md", Templates.render("boards/" + family + "/README.md.ftl", d));
        List<ProjectInfo.Layer> layers = new ArrayList<>();
        for (CModel.Step s : m.steps()) layers.add(new ProjectInfo.Layer(s.index(), s.op(), s.kernel(), s.macs()));
        files.put(ProjectInfo.FILE, new ProjectInfo(b.name(), family, m.name(), layers, ProjectInfo.tree(fe), transpose, step,
            vote, tv.count(), dir.isEmpty() ? "." : "main").toJson());
        return files;
    }

    private static Map<String, Object> data(Graph g, CModel m, Board b, ProjectOptions o, FrontendConfig fe, TestVectors tv,
                                            int vote) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", Templates.comment(m.name()));
        d.put("board", b.name());
        d.put("description", Templates.comment(b.description()));
        d.put("core", b.core());
        d.put("clockHz", b.clockHz());
        d.put("clockMHz", b.clockHz() / 1_000_000);
        d.put("operators", m.steps().size());
        Tensor out = g.output(0);
        d.put("classes", out.elements());
        d.put("outZeroPoint", out.quant == null ? 0 : out.quant.zp());
        d.put("outScaleQ24", Math.round((out.quant == null ? 1.0 : out.quant.scale()) * (1 << 24)));
        d.put("voteWindows", vote);
        d.put("hasFrontend", fe == null ? 0 : 1);
        d.put("frontendName", fe == null ? "" : Templates.comment(fe.name()));
        d.put("frontendSummary", fe == null ? "" : Templates.comment(fe.summary()));
        d.put("sampleRate", fe == null ? 16000 : fe.sampleRate());
        List<String> labels = o.labels();
        boolean hasLabels = labels != null && labels.size() == out.elements();
        if (labels != null && !hasLabels) {
            throw EarforgeException.of("%d labels given but output 0 of the model has %d classes", labels.size(), out.elements());
        }
        d.put("hasLabels", hasLabels ? 1 : 0);
        d.put("labels", hasLabels ? labels.stream().map(Projects::cString).toList() : List.of());
        d.put("tvCount", tv.count());
        d.put("tvDescription", Templates.comment(tv.description()));
        d.put("tvPcmSamples", tv.pcm() == null ? 0 : tv.pcm().length);
        d.put("pcm", tv.pcm() == null ? "" : Templates.arrayBody(tv.pcm()));
        d.put("inputs", tv.pcm() == null ? Templates.arrayBody(tv.inputs()) : "");
        d.put("expected", Templates.arrayBody(tv.expected()));
        d.put("toolchain", b.toolchain());
        d.put("sizeTool", b.toolchain().replace("-gcc", "-size"));
        d.put("cpuflags", String.join(" ", b.cflags()));
        d.put("ldflags", String.join(" ", b.ldflags()));
        Board.Memory flash = b.first("flash"), ram = b.first("ram");
        d.put("flashAddress", hex(flash.address()));
        d.put("flashSize", flash.size() / 1024 + "K");
        d.put("ramAddress", hex(ram.address()));
        d.put("ramSize", ram.size() / 1024 + "K");
        d.put("flashBytes", flash.size());
        d.put("ramBytes", ram.size());
        // the linker script checks that data + bss + this much stack fit: the budget's worst-case depth plus room for
        // an exception frame with FPU state (104 bytes) and the HAL's tick interrupt, rounded up
        long stack = b.cost() == null ? 1024 : BoardBudget.of(g, b, o).stackBytes();
        d.put("stackBytes", (stack + 256 + 63) / 64 * 64);
        List<Map<String, Object>> mems = new ArrayList<>();
        for (Board.Memory mm : b.memories()) {
            mems.add(Map.of("name", mm.name().toUpperCase(Locale.ROOT), "kind", mm.kind(), "address", hex(mm.address()),
                "size", mm.size() / 1024 + "K"));
        }
        d.put("memories", mems);
        d.put("flashTools", b.flashTools());
        d.put("chip", b.chip());
        d.put("mic", b.mic() == null ? Map.of() : b.mic().pins());
        d.put("micInterface", b.mic() == null ? "none" : b.mic().iface());
        if (b.qemu() != null) {
            d.put("machine", b.qemu().machine());
            d.put("qemuBinary", b.qemu().binary());
            d.put("qemuExtra", b.qemu().binary().endsWith("riscv32") ? " -bios none" : "");
            d.put("counterInstructions", b.qemu().counterInstructions());
            d.put("counter", b.qemu().counter());
        }
        return d;
    }

    static String hex(long v) { return String.format(Locale.ROOT, "0x%08X", v); }

    /** A label as the inside of a C string literal: printable ASCII, quotes and backslashes escaped. */
    static String cString(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f && c != '?') sb.append(c);   // '?' could start a trigraph
            else sb.append('_');
        }
        return sb.toString();
    }
}
