package earforge.cli;

import earforge.EarforgeException;
import earforge.boards.FirmwareBench;
import earforge.emit.CModel;
import earforge.ir.Graph;
import earforge.ir.Macs;
import earforge.toolchain.Board;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "firmware", mixinStandardHelpOptions = true,
    description = {"Builds MODEL for a virtual board three ways (reference C kernels; the optimized kernels as portable C; the "
        + "optimized kernels with the core's DSP extension when it has one), runs each in QEMU on random inputs and prints, "
        + "side by side, per-layer and total instructions (QEMU -icount: instructions, not cycles), instructions per MAC, "
        + "arena and flash (code vs constants). Every build's outputs are compared with the Java simulator.",
        "Exit code 0 when every build is bit-exact, 1 otherwise."})
final class BenchFirmwareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "int8 .tflite (or .h5)") Path model;
    @Option(names = "--board", defaultValue = "qemu-m4", description = "virtual board (default ${DEFAULT-VALUE})") String board;
    @Option(names = "--runs", defaultValue = "3", description = "inferences per build (default ${DEFAULT-VALUE})") int runs;
    @Option(names = "--keep", paramLabel = "DIR", description = "keep the three projects under DIR") Path keep;
    @Option(names = "--timeout", defaultValue = "600", description = "seconds per build and per run") long timeout;

    @Override public Integer call() throws IOException {
        Graph g = Models.load(model);
        Board b = Board.load(board);
        if (!b.isVirtual()) throw EarforgeException.of("bench firmware runs on a virtual board (qemu-m4, qemu-m7, qemu-rv32), not %s", board);
        if (runs < 1) throw new EarforgeException("--runs must be at least 1");
        Path work = keep != null ? keep : Files.createTempDirectory("earforge-bench-");
        List<FirmwareBench.Variant> variants = new ArrayList<>(List.of(FirmwareBench.Variant.REFERENCE, FirmwareBench.Variant.PORTABLE));
        if (b.dsp()) variants.add(FirmwareBench.Variant.DSP);
        List<FirmwareBench.Result> rs = new ArrayList<>();
        try {
            for (FirmwareBench.Variant v : variants) {
                System.err.printf("bench firmware: %s ...%n", v.label);
                rs.add(FirmwareBench.run(g, b, v, work.resolve(v.name().toLowerCase(Locale.ROOT)), runs, 1, timeout));
            }
        } finally {
            if (keep == null) deleteTree(work);
        }
        System.out.print(format(g, b, rs));
        return rs.stream().allMatch(r -> r.differing() == 0) ? 0 : 1;
    }

    static String format(Graph g, Board b, List<FirmwareBench.Result> rs) {
        StringBuilder sb = new StringBuilder();
        long macs = Macs.total(g);
        sb.append(String.format(Locale.ROOT, "%s on %s (%s), %,d MACs; QEMU -icount instruction counts per inference "
            + "(instructions, not cycles)%n", g.name, b.name(), b.core(), macs));
        sb.append(String.format(Locale.ROOT, "%4s  %-18s %-13s %11s", "op", "type", "kernel", "MACs"));
        for (FirmwareBench.Result r : rs) sb.append(String.format(Locale.ROOT, " | %16s %6s", r.variant().label, "i/MAC"));
        sb.append('\n');
        CModel last = rs.get(rs.size() - 1).model();
        for (CModel.Step s : last.steps()) {
            sb.append(String.format(Locale.ROOT, "%4d  %-18s %-13s %,11d", s.index(), s.op(), s.kernel() == null ? "-" : s.kernel(),
                s.macs()));
            for (FirmwareBench.Result r : rs) {
                double n = r.profile().opInstructions(s.index());
                sb.append(String.format(Locale.ROOT, " | %,16.0f %6s", n, s.macs() == 0 ? "" : String.format(Locale.ROOT, "%.2f", n / s.macs())));
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%4s  %-18s %-13s %,11d", "", "total", "", macs));
        for (FirmwareBench.Result r : rs) {
            sb.append(String.format(Locale.ROOT, " | %,16.0f %6.2f", r.instructions(), macs == 0 ? 0 : r.instructions() / macs));
        }
        sb.append('\n');
        row(sb, "bit-exact vs the Java simulator", rs, r -> r.differing() == 0 ? "0 differing" : r.differing() + " DIFFERING");
        row(sb, "speed-up over reference C", rs, r -> String.format(Locale.ROOT, "%.2fx", rs.get(0).instructions() / r.instructions()));
        row(sb, "arena (tensors + kernel scratch) B", rs, r -> String.format(Locale.ROOT, "%,d", r.model().plan().size()));
        row(sb, "model + kernels .data/.bss B", rs, r -> String.format(Locale.ROOT, "%,d", r.ram()));
        row(sb, "largest kernel stack frame B", rs, r -> String.format(Locale.ROOT, "%,d", r.stack()));
        row(sb, "flash: code (model + kernels) B", rs, r -> String.format(Locale.ROOT, "%,d", r.code()));
        row(sb, "flash: weights and biases B", rs, r -> String.format(Locale.ROOT, "%,d", r.weights()));
        row(sb, "flash: requantization multipliers, shifts B", rs, r -> String.format(Locale.ROOT, "%,d", r.quant()));
        row(sb, "flash: parameter structs, other B", rs, r -> String.format(Locale.ROOT, "%,d", r.tables()));
        row(sb, "flash beyond weights B", rs, r -> String.format(Locale.ROOT, "%,d", r.beyondWeights()));
        row(sb, "flash beyond weights and quantization B", rs, r -> String.format(Locale.ROOT, "%,d", r.beyondModelData()));
        sb.append("(sizes of model.o and the kernel objects; the QEMU test harness and C library are not counted)\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, List<FirmwareBench.Result> rs,
                            java.util.function.Function<FirmwareBench.Result, String> f) {
        sb.append(String.format(Locale.ROOT, "%-49s", name));
        for (FirmwareBench.Result r : rs) sb.append(String.format(Locale.ROOT, " | %23s", f.apply(r)));
        sb.append('\n');
    }

    static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
