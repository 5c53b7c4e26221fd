package earforge.boards;

import earforge.dsp.FrontendConfig;
import earforge.dsp.FrontendTables;
import earforge.emit.CKernels;
import earforge.emit.CModel;
import earforge.emit.FrontendEmitter;
import earforge.emit.Lowering;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.toolchain.Board;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * `budget --board B`: what the generated firmware costs on a board, from the same lowering `generate` writes and the
 * board's cost model. Flash: weights and tables, model code, kernels, front end, self-test data, runtime. RAM: arena,
 * application and front-end buffers, probes, runtime, and the stack's worst-case depth. Time: instructions per layer
 * and per front-end frame and window (cost model), cycles = instructions * CPI, the real-time factor (work per window
 * step / duration of a window step). A verdict per resource with its margin.
 */
public record BoardBudget(String model, String board, String core, String costSource, long clockHz, double cpi,
                          List<Layer> layers, Frontend frontend, List<Item> flashItems, List<Item> ramItems, long flashBytes,
                          long ramBytes, long stackBytes, double inferenceInstructions, double inferenceMs,
                          Double realTimeFactor, List<Resource> resources, boolean fits) {

    public record Layer(int index, String op, String kernel, int[] shape, long macs, long taps, long outputs,
                        long constantBytes, double instructions, double cycles) {}

    /** The front end per frame (one hop of audio) and per window; RAM of its buffers, flash of its tables. */
    public record Frontend(String name, int hop, int sampleRate, int windowStepFrames, double instructionsPerFrame,
                           double instructionsPerWindow, double cyclesPerHop, double hopMs, long ramBytes, long tableBytes) {}

    public record Item(String name, long bytes) {}

    /** Used and available, the margin (available - used) and whether it fits; {@code unit} bytes or "x real time". */
    public record Resource(String name, double used, double available, double margin, boolean fits, String unit) {}

    public static BoardBudget of(Graph g, Board b, ProjectOptions o) {
        CModel m = Lowering.lower(g);
        Board.CostModel cost = b.cost();
        FrontendConfig fe = o.frontend();
        if (fe != null) Projects.transpose(g, fe);   // same checks as generate
        List<Layer> layers = new ArrayList<>();
        Set<String> kernels = new LinkedHashSet<>();
        double instr = 0;
        long maxKernelStack = 0;
        int codeSteps = 0;
        long structBytes = 0;
        for (CModel.Step s : m.steps()) {
            Workload w = Workload.of(g, s);
            Board.KernelCost k = cost.kernel(w.kernel());
            double n = w.outputs() == 0 && w.macs() == 0 ? 0 : k.call() + k.mac() * w.macs() + k.tap() * w.taps() + k.output() * w.outputs();
            Tensor out = g.tensor(g.operators.get(s.index()).output(0));
            layers.add(new Layer(s.index(), s.op(), w.kernel(), out.shape, w.macs(), w.taps(), w.outputs(), s.constantBytes(), n,
                n * cost.cyclesPerInstruction()));
            instr += n;
            if (w.kernel().equals("fused")) {
                continue;
            } else if (!w.kernel().equals("copy")) {
                String c = s.kernel() != null ? s.kernel() : w.kernel();   // the C kernel: its code and stack
                kernels.add(c);
                maxKernelStack = Math.max(maxKernelStack, cost.kernel(c).stack());
                codeSteps++;
                Record p = s.paramsRecord() != null ? s.paramsRecord()
                    : CKernels.int8Params(CKernels.of(g.operators.get(s.index()), s.index()), g, g.operators.get(s.index()));
                if (p != null) structBytes += ParamStructs.bytes(p);
            } else if (w.outputs() > 0) {
                codeSteps++;
            }
        }

        int classes = g.output(0).elements();
        int nv = Math.max(1, o.testVectors());
        int step = fe == null ? 1 : FrontendEmitter.windowStep(fe);
        int vote = o.voteWindows() > 0 ? o.voteWindows() : fe == null ? 1 : (fe.framesPerWindow() + step - 1) / step;

        List<Item> flash = new ArrayList<>();
        flash.add(new Item("weights and requantization tables", m.constantBytes()));
        flash.add(new Item("model code (" + codeSteps + " steps) and parameter structs", (long) codeSteps * cost.stepCodeBytes() + structBytes));
        long kernelCode = 0;
        for (String k : kernels) kernelCode += cost.kernel(k).code();
        for (String d : m.defines()) {   // optional kernel paths the model compiles: their own code entries
            String[] w = d.split(" ");
            Board.KernelCost extra = OPTIONAL_CODE.containsKey(w[0]) ? cost.kernels().get(OPTIONAL_CODE.get(w[0])) : null;
            if (w.length == 2 && w[1].equals("1") && extra != null) kernelCode += extra.code();
        }
        flash.add(new Item("kernels " + String.join(", ", kernels), kernelCode));
        Frontend front = null;
        long feStack = 0;
        if (fe != null) {
            FrontendTables t = new FrontendTables(fe);
            double frame = frameInstructions(cost, t), window = windowInstructions(cost, t);
            long tables = FrontendEmitter.tableBytes(fe);
            flash.add(new Item("front end code and tables", (long) (double) cost.frontend().get("code") + tables));
            front = new Frontend(fe.name(), fe.hop(), fe.sampleRate(), step, frame, window, frame * cost.cyclesPerInstruction(),
                1000.0 * fe.hop() / fe.sampleRate(), frontendWorkBytes(fe) + streamBytes(fe), tables);
            feStack = (long) (double) cost.frontend().get("stack") + 4L * fe.framesPerWindow();
        }
        long pcm = o.clip() != null ? o.clip().length : fe != null ? TestVectors.samplesFor(fe, nv) : 0;
        long tvBytes = fe != null ? 2 * pcm + (long) nv * m.outputBytes() : (long) nv * (m.inputBytes() + m.outputBytes());
        if (o.labels() != null) for (String l : o.labels()) tvBytes += 4 + l.length() + 1;
        flash.add(new Item("self-test vectors and labels", tvBytes));
        flash.add(libc(cost, g, m, fe, classes));
        flash.add(new Item("runtime (start-up, application, log, probes)", b.runtime().flashBytes()));

        List<Item> ram = new ArrayList<>();
        ram.add(new Item("model arena", align(m.plan().size(), 4)));
        ram.add(new Item("application buffers (output, votes)", align(m.outputBytes(), 4) + align((long) vote * classes, 4) + 12));
        ram.add(new Item("probes (per operator counters)", 8L * m.steps().size() + 68));
        if (fe != null) ram.add(new Item("front end (FFT and frame buffers, stream state)", front.ramBytes()));
        ram.add(new Item("runtime (C library, board)", b.runtime().ramBytes()));
        long stack = Math.max(b.runtime().stackBytes() + maxKernelStack + feStack, b.runtime().stackOtherBytes());
        ram.add(new Item("stack (worst-case depth)", stack));

        long flashTotal = flash.stream().mapToLong(Item::bytes).sum(), ramTotal = ram.stream().mapToLong(Item::bytes).sum();
        long flashAvail = b.first("flash").size(), ramAvail = b.first("ram").size();
        double infMs = instr * cost.cyclesPerInstruction() / b.clockHz() * 1000;
        List<Resource> res = new ArrayList<>();
        res.add(new Resource("flash", flashTotal, flashAvail, flashAvail - flashTotal, flashTotal <= flashAvail, "bytes"));
        res.add(new Resource("RAM", ramTotal, ramAvail, ramAvail - ramTotal, ramTotal <= ramAvail, "bytes"));
        Double rtf = null;
        if (fe != null) {
            // per window step: `step` frames of the front end, one window (top dB, DCT, int8) and one inference
            double work = (step * front.instructionsPerFrame() + front.instructionsPerWindow() + instr) * cost.cyclesPerInstruction();
            double available = (double) b.clockHz() * step * fe.hop() / fe.sampleRate();
            rtf = work / available;
            res.add(new Resource("real time", rtf, 1.0, 1.0 - rtf, rtf <= 1.0, "x real time"));
        }
        boolean fits = res.stream().allMatch(Resource::fits);
        return new BoardBudget(m.name(), b.name(), b.core(), cost.source(), b.clockHz(), cost.cyclesPerInstruction(), layers, front,
            flash, ram, flashTotal, ramTotal, stack, instr, infMs, rtf, res, fits);
    }

    static long align(long v, int a) { return (v + a - 1) / a * a; }

    /** Optional paths of the fast kernels (earforge_params.h macros) to the cost entries of their code. */
    static final Map<String, String> OPTIONAL_CODE = Map.of("EF_GEMM_POOL", "conv_gemm+pool", "EF_GEMM_GENERIC", "conv_gemm+generic",
        "EF_GEMM_WIDE", "conv_gemm+wide", "EF_GEMM_DIRECT", "conv_gemm+direct", "EF_DW_GENERIC", "depthwise3x3+generic");

    /**
     * The C library routines the firmware links: memcpy when a constant-size copy (model input or output, a RESHAPE
     * copy, the vote buffer) is longer than the compiler expands inline, memcmp when the self-test's output comparison
     * is; the front end adds memcpy, memmove and memset (variable sizes).
     */
    static Item libc(Board.CostModel cost, Graph g, CModel m, FrontendConfig fe, int classes) {
        Map<String, Long> l = cost.libc();
        long longestCopy = classes;
        for (CModel.Io io : m.inputs()) longestCopy = Math.max(longestCopy, io.bytes());
        for (CModel.Io io : m.outputs()) longestCopy = Math.max(longestCopy, io.bytes());
        for (CModel.Step s : m.steps()) if (s.code().startsWith("memcpy")) longestCopy = Math.max(longestCopy, g.tensor(g.operators.get(s.index()).output(0)).bytes());
        List<String> names = new ArrayList<>();
        long bytes = 0;
        if (fe != null || longestCopy > l.get("memcpy_inline")) { names.add("memcpy"); bytes += l.get("memcpy"); }
        if (m.outputBytes() > l.get("memcmp_inline")) { names.add("memcmp"); bytes += l.get("memcmp"); }
        if (fe != null) { names.add("memmove"); names.add("memset"); bytes += l.get("memmove") + l.get("memset"); }
        return new Item("C library (" + (names.isEmpty() ? "nothing: every copy inline" : String.join(", ", names)) + ")", bytes);
    }

    /**
     * The per-frame quantities the cost model weighs: samples (nFft: the window and the fused first FFT stage run over
     * the whole FFT frame), FFT butterflies (radix-2 equivalent, N/4 log2(N/2)), bins, magnitude bins, mel weights,
     * bands.
     */
    public static double[] frameQuantities(FrontendTables t) {
        int m = t.nFft / 2;
        double butterflies = (double) m / 2 * Integer.numberOfTrailingZeros(m);
        int bins = FrontendEmitter.binsComputed(t);   // the C skips the bins above the last mel band
        return new double[] {t.nFft, butterflies, bins, t.power == 1 ? bins : 0, t.melWeight.length, t.bands};
    }

    static final String[] FRAME_TERMS = {"sample", "fft", "bin", "magnitude", "mel_weight", "band"};

    /** Instructions of one front-end frame: window, FFT, power or magnitude (integer square root), mel, log. */
    public static double frameInstructions(Board.CostModel c, FrontendTables t) {
        double[] q = frameQuantities(t);
        double s = 0;
        for (int i = 0; i < q.length; i++) s += c.frontend().get(FRAME_TERMS[i]) * q[i];
        return s;
    }

    /** The per-window quantities: values (frames x channels), DCT MACs, values the top-dB maximum reads. */
    public static double[] windowQuantities(FrontendTables t) {
        double values = (double) t.cfg.framesPerWindow() * t.channels;
        return new double[] {values, values * (t.coeffs > 0 ? t.bands : 0),
            t.topDbQ16 >= 0 ? (double) t.cfg.framesPerWindow() * t.bands : 0};
    }

    static final String[] WINDOW_TERMS = {"value", "dct_mac", "top_db"};

    /** Instructions of one window: top-dB clip, DCT, int8 mapping. */
    public static double windowInstructions(Board.CostModel c, FrontendTables t) {
        double[] q = windowQuantities(t);
        double s = 0;
        for (int i = 0; i < q.length; i++) s += c.frontend().get(WINDOW_TERMS[i]) * q[i];
        return s;
    }

    /** Static buffers of earforge_frontend.c: fw (N/2 complex int32, or two 64-bit mel sums per band if more), fpw. */
    static long frontendWorkBytes(FrontendConfig c) {
        long n = c.nFft(), bins = n / 2 + 1;
        return Math.max(n, 4L * c.melBands()) * 4 + (bins + 1) * 8;
    }

    /** sizeof(earforge_stream): buf[nFft] int16, filled, until_frame, history[fpw][bands] int32, head, frames, input. */
    static long streamBytes(FrontendConfig c) {
        return align(c.nFft() * 2L + 8 + 4L * c.framesPerWindow() * c.melBands() + 8 + (long) c.framesPerWindow() * c.channels(), 4);
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on %s (%s, %d MHz; cost model %s, %.2f cycles/instruction)%n", model, board, core,
            clockHz / 1_000_000, costSource, cpi));
        sb.append(String.format(Locale.ROOT, "%4s  %-18s %-20s %12s %12s %11s %14s %12s%n", "op", "type", "output shape", "MACs",
            "taps", "const B", "instructions", "ms"));
        for (Layer l : layers) {
            sb.append(String.format(Locale.ROOT, "%4d  %-18s %-20s %,12d %,12d %,11d %,14.0f %12.3f%n", l.index(), l.op(),
                Arrays.toString(l.shape()), l.macs(), l.taps(), l.constantBytes(), l.instructions(), l.cycles() / clockHz * 1000));
        }
        sb.append(String.format(Locale.ROOT, "inference: %,.0f instructions, %,.0f cycles, %.2f ms at %d MHz%n", inferenceInstructions,
            inferenceInstructions * cpi, inferenceMs, clockHz / 1_000_000));
        if (frontend != null) {
            sb.append(String.format(Locale.ROOT, "front end %s: %,.0f instructions per frame (hop %d samples = %.1f ms), %,.0f per "
                + "window; %.3f ms per hop; RAM %,d B, tables %,d B%n", frontend.name(), frontend.instructionsPerFrame(), frontend.hop(),
                frontend.hopMs(), frontend.instructionsPerWindow(), frontend.cyclesPerHop() / clockHz * 1000, frontend.ramBytes(),
                frontend.tableBytes()));
        }
        sb.append("flash:\n");
        for (Item i : flashItems) sb.append(String.format(Locale.ROOT, "  %-58s %,10d B%n", i.name(), i.bytes()));
        sb.append("RAM:\n");
        for (Item i : ramItems) sb.append(String.format(Locale.ROOT, "  %-58s %,10d B%n", i.name(), i.bytes()));
        sb.append("verdict:\n");
        for (Resource r : resources) {
            if (r.unit().equals("bytes")) {
                sb.append(String.format(Locale.ROOT, "  %-9s %,10.0f of %,10.0f B  %-13s margin %,11.0f B (%.1f%%)%n", r.name(), r.used(),
                    r.available(), r.fits() ? "fits" : "DOES NOT FIT", r.margin(), 100 * r.margin() / r.available()));
            } else {
                sb.append(String.format(Locale.ROOT, "  %-9s %.3f x real time (work per window step / its duration)  %-13s margin %.1f%%%n",
                    r.name(), r.used(), r.fits() ? "fits" : "DOES NOT FIT", 100 * r.margin()));
            }
        }
        if (frontend == null) sb.append("  real time: no front end in this budget (--frontend adds one)\n");
        return sb.toString();
    }
}
