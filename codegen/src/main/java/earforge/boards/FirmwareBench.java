package earforge.boards;

import earforge.EarforgeException;
import earforge.emit.CArray;
import earforge.emit.CModel;
import earforge.emit.Generator;
import earforge.emit.Lowering;
import earforge.ir.Graph;
import earforge.kernels.Values;
import earforge.sim.Simulator;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * `bench firmware`: one build of a model for a virtual board, run in QEMU on random inputs with the -icount profile,
 * its outputs checked against the Java simulator, and its sizes from the toolchain. Variants: the reference lowering
 * (every operator on its plain C kernel), the optimized lowering compiled as portable C (-DEARFORGE_NO_DSP), and the
 * optimized lowering with the core's DSP extension.
 */
public final class FirmwareBench {
    private FirmwareBench() {}

    public enum Variant {
        REFERENCE("reference C"), PORTABLE("fast, portable C"), DSP("fast + DSP");

        public final String label;

        Variant(String label) { this.label = label; }
    }

    /**
     * One build and run. Sizes in bytes, of the model's own objects (model.o and the kernels; not the test harness):
     * {@code code} their .text, {@code weights} the weight and bias tables (reordered or folded as the kernels read
     * them), {@code tables} the other constants (requantization tables, parameter structs), {@code ram} their .data +
     * .bss (the arena, kernel scratch included, and any kernel state), {@code stack} the largest stack frame among the
     * kernels' functions (-fstack-usage; hand-written assembly pushes at most 64 bytes more); {@code quant} the
     * per-channel requantization multipliers and shifts (the model's quantization parameters), {@code tables} the rest
     * of the read-only data (parameter structs).
     */
    public record Result(Variant variant, CModel model, Profile profile, long differing, long outputBytes, long code, long weights,
                         long quant, long tables, long ram, long stack) {
        public double instructions() { return profile.modelInstructions(); }

        /** Everything in flash that is not a weight: code, requantization tables, parameter structs. */
        public long beyondWeights() { return code + quant + tables; }

        /** Code and parameter structs: what is neither a weight nor a quantization parameter of the model. */
        public long beyondModelData() { return code + tables; }
    }

    public static Result run(Graph g, Board b, Variant v, Path dir, int runs, long seed, long timeoutSeconds) {
        if (!b.isVirtual()) throw EarforgeException.of("bench firmware needs a virtual board (qemu-m4, qemu-m7, qemu-rv32), not %s", b.name());
        CModel m = v == Variant.REFERENCE ? Lowering.reference(g) : Lowering.lower(g);
        Generator.write(Projects.files(g, m, b, ProjectOptions.none()), dir, true);
        Builds.build(dir, b, v == Variant.PORTABLE ? List.of("EXTRA_CFLAGS=-DEARFORGE_NO_DSP") : List.of(), timeoutSeconds);

        Random r = new Random(seed);
        Simulator sim = new Simulator(g);
        ByteArrayOutputStream in = new ByteArrayOutputStream(), want = new ByteArrayOutputStream();
        for (int k = 0; k < runs; k++) {
            Object[] x = new Object[g.inputs.length];
            for (int i = 0; i < x.length; i++) {
                byte[] a = new byte[g.input(i).elements()];
                r.nextBytes(a);
                x[i] = a;
                in.writeBytes(a);
            }
            for (Object o : sim.run(x)) want.writeBytes(Values.encode(o));
        }
        BoardRun.Result res = BoardRun.tensors(dir, b, in.toByteArray(), m.inputBytes(), m.outputBytes(), true, m.steps().size(),
            timeoutSeconds);
        byte[] got = res.output(), exp = want.toByteArray();
        long differing = 0;
        for (int i = 0; i < exp.length; i++) if (got[i] != exp[i]) differing++;

        String sizeTool = b.toolchain().replace("-gcc", "-size");
        long code = 0, rodata = 0, ram = 0;
        List<String> objects = new java.util.ArrayList<>(List.of("model"));
        objects.addAll(m.kernels());
        for (String o : objects) {
            long[] s = sections(dir.resolve("build").resolve(o + ".o"), sizeTool);
            code += s[0];
            rodata += s[1];
            ram += s[2];
        }
        long weights = 0, quant = 0;
        for (CArray a : m.constants()) {
            if (isWeight(a)) weights += a.bytes();
            else if (a.name().endsWith("_multiplier") || a.name().endsWith("_shift")) quant += a.bytes();
        }
        long stack = 0;
        java.util.Map<String, Long> frames = ElfFrames.frames(dir.resolve("build"), m.kernels());
        for (long f : frames.values()) stack = Math.max(stack, f);
        return new Result(v, m, res.profile(), differing, exp.length, code, weights, quant, rodata - weights - quant, ram, stack);
    }

    /** Weight and bias tables: filters (reordered), biases (folded), constant tensors; not requantization tables. */
    static boolean isWeight(CArray a) {
        return a.name().startsWith("tensor") || a.name().endsWith("_weights") || a.name().endsWith("_bias");
    }

    /** [code, read-only data, data + bss] of an object file, by section name (binutils size -A). */
    static long[] sections(Path obj, String sizeTool) {
        HostToolchain.Result r = HostToolchain.exec(List.of(sizeTool, "-A", obj.toString()), obj.getParent(), new byte[0], 60);
        if (r.exit() != 0) throw EarforgeException.of("%s -A %s failed: %s", sizeTool, obj, r.stderrText().trim());
        long[] s = new long[3];
        for (String l : new String(r.stdout()).split("\n")) {
            String[] w = l.trim().split("\\s+");
            if (w.length < 2 || !w[1].matches("\\d+")) continue;
            long n = Long.parseLong(w[1]);
            if (w[0].startsWith(".text")) s[0] += n;
            else if (w[0].startsWith(".rodata")) s[1] += n;
            else if (w[0].startsWith(".data") || w[0].startsWith(".bss")) s[2] += n;
        }
        return s;
    }

    /** Stack frames (-fstack-usage .su files) of the kernels' objects. */
    static final class ElfFrames {
        private ElfFrames() {}

        static java.util.Map<String, Long> frames(Path build, List<String> kernels) {
            java.util.Map<String, Long> m = new java.util.TreeMap<>();
            for (String k : kernels) {
                Path su = build.resolve(k + ".su");
                if (!java.nio.file.Files.isRegularFile(su)) continue;
                try {
                    for (String l : java.nio.file.Files.readAllLines(su)) {
                        String[] w = l.split("\t");
                        if (w.length >= 2) m.merge(w[0].substring(w[0].lastIndexOf(':') + 1), Long.parseLong(w[1].trim()), Math::max);
                    }
                } catch (java.io.IOException | NumberFormatException e) {
                    throw EarforgeException.of("%s: %s", su, e.getMessage());
                }
            }
            return m;
        }
    }
}
