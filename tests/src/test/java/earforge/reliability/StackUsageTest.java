package earforge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.codegen.TestModels;
import earforge.dsp.FrontendConfig;
import earforge.emit.FrontendEmitter;
import earforge.emit.Generator;
import earforge.emit.Lowering;
import earforge.io.AtomicDirectory;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stack usage from gcc -fstack-usage / -fcallgraph-info=su for the generated C of every test model and for the
 * fixed-point front end, compiled as the firmware is (-O2) with -Wconversion -Wshadow -Werror: on the host and, when
 * arm-none-eabi-gcc is installed, for the Cortex-M4F with the qemu-m4 board's flags. Every frame is static (no
 * variable-size arrays, no alloca). On the Cortex-M4F the worst-case depths are checked against the figures `budget`
 * adds up for the board's stack (BoardBudget): each kernel's depth within cost.kernels.K.stack,
 * earforge_model_invoke's depth within runtime.stack + the largest kernel figure, and each front-end entry point's
 * depth (the stream's own calls; the window callback runs the model, which the figures above cover) within the stack
 * BoardBudget reserves: runtime.stack + the largest kernel figure + cost.frontend.stack + 4 x framesPerWindow.
 */
class StackUsageTest {
    @TempDir Path tmp;

    /** Compiles every .c of {@code dir} but the host's main.c, with -c; returns the call graph. */
    private CallGraph compile(String what, Path dir, String compiler, List<String> flags) throws IOException {
        List<String> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c") && !n.equals("main.c")).sorted().toList();
        }
        List<String> cmd = new ArrayList<>(List.of(compiler, "-std=c99", "-O2", "-Wall", "-Wextra", "-Wconversion", "-Wshadow",
            "-Werror", "-ffunction-sections", "-fdata-sections", "-fstack-usage", "-fcallgraph-info=su", "-c"));
        cmd.addAll(flags);
        cmd.addAll(sources);
        HostToolchain.Result r = HostToolchain.exec(cmd, dir, new byte[0], 300);
        assertThat(r.exit()).as("%s on %s: %s", compiler, what, r.stderrText()).isZero();
        assertThat(r.stderrText()).as("warnings of %s on %s", compiler, what).isEmpty();
        CallGraph g = CallGraph.read(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path o : s.filter(p -> p.toString().endsWith(".o") || p.toString().endsWith(".su")).toList()) Files.delete(o);
        }
        assertThat(g.frames).as("frames of %s", what).isNotEmpty();
        for (CallGraph.Frame f : g.frames.values()) {
            assertThat(f.kind()).as("%s frame of %s in %s", compiler, f.function(), what).isEqualTo("static");
        }
        return g;
    }

    private static boolean installed(String tool, Path cwd) {
        return HostToolchain.exec(List.of("sh", "-c", "command -v " + tool), cwd, new byte[0], 30).exit() == 0;
    }

    @Test
    void modelFramesAreStaticAndWithinTheBoardBudget() throws IOException {
        Board host = Board.load("host"), m4 = Board.load("qemu-m4");
        boolean arm = installed(m4.toolchain(), tmp);
        Map<String, Long> hostDepth = new TreeMap<>(), armDepth = new TreeMap<>();
        int n = 0;
        for (TestModels.Named m : HardenedCModels.all()) {
            Path dir = tmp.resolve("m" + n++);
            Generator.write(Generator.files(Lowering.lower(m.graph()), host), dir, false);
            CallGraph h = compile(m.name(), dir, "gcc", List.of());
            for (String f : h.frames.keySet()) hostDepth.merge(f, h.depth(f), Math::max);
            if (!arm) continue;
            CallGraph a = compile(m.name(), dir, m4.toolchain(), m4.cflags());
            long maxKernel = 0;
            for (String f : a.frames.keySet()) {
                armDepth.merge(f, a.depth(f), Math::max);
                if (f.startsWith("earforge_") && !f.startsWith("earforge_model")) {
                    String kernel = f.substring("earforge_".length());
                    long budget = m4.cost().kernel(kernel).stack();
                    assertThat(a.depth(f)).as("%s depth in %s vs qemu-m4 cost.kernels.%s.stack", f, m.name(), kernel)
                        .isLessThanOrEqualTo(budget);
                    maxKernel = Math.max(maxKernel, budget);
                }
            }
            assertThat(a.depth("earforge_model_invoke")).as("earforge_model_invoke depth in %s vs runtime.stack + largest kernel", m.name())
                .isLessThanOrEqualTo(m4.runtime().stackBytes() + maxKernel);
        }
        System.out.println("model C, host (x86-64 gcc -O2) worst depths: " + hostDepth);
        Assumptions.assumeTrue(arm, "SKIPPED: " + m4.toolchain() + " not installed (scripts/install-deps.sh installs it)");
        System.out.println("model C, cortex-m4f (arm-none-eabi-gcc -O2) worst depths: " + armDepth);
    }

    @Test
    void frontEndFramesAreStaticAndWithinTheBoardBudget() throws IOException {
        Board m4 = Board.load("qemu-m4");
        boolean arm = installed(m4.toolchain(), tmp);
        for (FrontendConfig c : List.of(FrontendConfig.kws(), FrontendConfig.sbcnn())) {
            Path dir = tmp.resolve("fe-" + c.name());
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (var e : FrontendEmitter.files(c, false).entrySet()) files.put(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
            AtomicDirectory.write(files, dir, false, null, null);
            compile(c.name(), dir, "gcc", List.of());
            if (!arm) continue;
            CallGraph a = compile(c.name(), dir, m4.toolchain(), m4.cflags());
            long budget = m4.runtime().stackBytes() + m4.cost().kernel("default").stack()
                + (long) (double) m4.cost().frontend().get("stack") + 4L * c.framesPerWindow();
            Map<String, Long> depths = new TreeMap<>();
            for (String root : a.roots()) depths.put(root, a.depth(root));
            System.out.println("front end " + c.name() + ", cortex-m4f entry points, worst depths: " + depths + " (budget " + budget + ")");
            for (var e : depths.entrySet()) {
                assertThat(e.getValue()).as("front end %s: depth of %s vs the stack qemu-m4's budget reserves", c.name(),
                    e.getKey()).isLessThanOrEqualTo(budget);
            }
        }
        Assumptions.assumeTrue(arm, "SKIPPED: " + m4.toolchain() + " not installed (scripts/install-deps.sh installs it)");
    }
}
