package earforge.codegen;

import earforge.boards.ElfFacts;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For {@link CostCalibration}: the fast kernels compile optional paths only when a model uses them (the EF_* macros of
 * earforge_params.h). Their code bytes are measured per path: the kernel with every option off (the cost model's
 * entry for the kernel) and, per option, what turning it on adds (entries KERNEL+OPTION, code only, which the budget
 * adds when the model defines the option as 1).
 */
final class KernelVariants {
    private KernelVariants() {}

    /** Kernel to its optional-path macros. */
    static final Map<String, List<String>> OPTIONAL = Map.of(
        "conv_gemm", List.of("EF_GEMM_POOL", "EF_GEMM_GENERIC", "EF_GEMM_WIDE", "EF_GEMM_DIRECT"),
        "depthwise3x3", List.of("EF_DW_GENERIC"));

    /** Bytes the kernel's hand-written assembly pushes (naked functions have no -fstack-usage frame). */
    static long asmPush(String kernel) {
        return switch (kernel) {
            case "conv_gemm" -> 60;     // ef_dot3x2: r4-r11, lr and 24 bytes of loop state
            case "depthwise3x3" -> 56;  // ef_dw_blocks: r4-r11, lr and 20 bytes
            default -> 0;
        };
    }

    /** Measures KERNEL's code with the project's earforge_params.h, each option forced off, then each alone on. */
    static void measure(Path project, String kernel, Board b, String sizeTool, Map<String, Long> code) throws IOException {
        Path work = Files.createTempDirectory("earforge-variants");
        try {
            for (String f : List.of(kernel + ".c", kernel + ".h", "earforge_simd.h", "earforge_quant.h")) {
                Files.copy(project.resolve(f), work.resolve(f));
            }
            String params = Files.readString(project.resolve("earforge_params.h"));
            List<String> opts = OPTIONAL.get(kernel);
            long base = size(work, kernel, params, opts, null, b, sizeTool);
            code.merge(kernel, base, Math::max);
            for (String o : opts) {
                long on = size(work, kernel, params, opts, o, b, sizeTool);
                code.merge(kernel + "+" + o.substring(o.lastIndexOf('_') + 1).toLowerCase(java.util.Locale.ROOT), Math.max(0, on - base), Math::max);
            }
        } finally {
            try (var s = Files.walk(work)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static long size(Path work, String kernel, String params, List<String> opts, String on, Board b, String sizeTool)
        throws IOException {
        String h = params;
        for (String o : opts) h = h.replaceAll("(?m)^#define " + o + " [01]$", "#define " + o + " " + (o.equals(on) ? 1 : 0));
        Files.writeString(work.resolve("earforge_params.h"), h);
        List<String> cmd = new ArrayList<>(List.of(b.toolchain()));
        cmd.addAll(b.cflags());
        if (b.toolchain().startsWith("riscv")) cmd.add("--specs=picolibc.specs");   // its C library headers
        cmd.addAll(List.of("-std=c99", "-O2", "-ffunction-sections", "-fdata-sections", "-fno-tree-loop-distribute-patterns", "-c",
            kernel + ".c", "-o", kernel + ".o"));
        HostToolchain.Result r = HostToolchain.exec(cmd, work, new byte[0], 120);
        if (r.exit() != 0) throw new IllegalStateException(kernel + ": " + r.stderrText());
        return ElfFacts.size(work.resolve(kernel + ".o"), sizeTool)[0];
    }
}
