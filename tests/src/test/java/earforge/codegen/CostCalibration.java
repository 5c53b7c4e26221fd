package earforge.codegen;

import earforge.boards.BoardBudget;
import earforge.boards.BoardRun;
import earforge.boards.Builds;
import earforge.boards.ElfFacts;
import earforge.boards.ProjectOptions;
import earforge.boards.Projects;
import earforge.boards.TestVectors;
import earforge.boards.Workload;
import earforge.dsp.FrontendConfig;
import earforge.dsp.FrontendTables;
import earforge.emit.CModel;
import earforge.emit.Lowering;
import earforge.ir.Activation;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.toolchain.Board;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Developer tool (not a test): fits the per-core cost model of boards/*.yaml to measurements on synthetic layers, so
 * that the shared models, which the budget tests check, are not what the model was fitted on.
 * <ul>
 * <li>instructions: per C kernel a least-squares fit of call + mac * MACs + tap * taps + output * outputs to the
 *     per-layer QEMU instruction counts (-icount probes) of random layers of varied shapes, on the virtual board of
 *     the core; per front-end frame and window the same over front-end configurations of varied sizes;</li>
 * <li>code and stack bytes: the kernels' object sizes and -fstack-usage frames in the STM32 project build;</li>
 * <li>runtime flash/RAM/stack: what the ELF holds beyond every other budget item, for these synthetic models.</li>
 * </ul>
 * Run: {@code java -cp codegen/target/earforge-cli.jar:tests/target/test-classes earforge.codegen.CostCalibration}
 * [cores] [frontend]. Prints the cost and runtime blocks per core; with {@code frontend}, only the front-end line.
 */
public final class CostCalibration {
    private CostCalibration() {}

    record Sample(String kernel, long macs, long taps, long outputs, double instructions) {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("earforge-calibration");
        String[][] cores = {{"cortex-m4f", "qemu-m4", "nucleo-l476rg"}, {"cortex-m7", "qemu-m7", "nucleo-f746zg"},
            {"rv32imc", "qemu-rv32", "qemu-rv32"}};
        boolean frontendOnly = List.of(args).contains("frontend");
        for (String[] c : cores) {
            if (args.length > (frontendOnly ? 1 : 0) && !List.of(args).contains(c[0])) continue;
            if (frontendOnly) {
                Board stm = Board.load(c[2]);
                System.out.print("# " + c[0] + "\n" + frontendFit(Board.load(c[1]), stm, work.resolve(c[0]),
                    stm.toolchain().replace("-gcc", "-size")).yaml());
            } else {
                calibrate(c[0], Board.load(c[1]), Board.load(c[2]), work.resolve(c[0]));
            }
        }
    }

    static List<Graph> graphs() {
        List<Graph> gs = new ArrayList<>();
        OpGraphs b = new OpGraphs(1);
        Tensor x = b.input(1, 24, 16, 3);
        x = b.conv(x, 8, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.conv(x, 16, 1, 1, 1, 1, 1, 1, Padding.VALID, Activation.RELU, true, true);
        x = b.conv(x, 12, 5, 5, 2, 2, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.conv(x, 24, 3, 3, 1, 1, 1, 1, Padding.VALID, Activation.RELU6, false, true);
        x = b.conv(x, 32, 1, 1, 1, 1, 1, 1, Padding.VALID, Activation.RELU, true, false);
        gs.add(b.outputs(x));
        b = new OpGraphs(2);
        x = b.input(1, 30, 12, 1);
        x = b.conv(x, 16, 10, 4, 2, 2, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.depthwise(x, 2, 5, 3, 2, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, Padding.VALID, Activation.NONE, true, true);
        x = b.pool(OpType.AVERAGE_POOL_2D, x, 2, 2, 2, 2, Padding.VALID, Activation.NONE);
        x = b.pool(OpType.MAX_POOL_2D, x, 3, 3, 1, 1, Padding.SAME, Activation.NONE);
        x = b.pool(OpType.AVERAGE_POOL_2D, x, x.dim(1), x.dim(2), 1, 1, Padding.VALID, Activation.NONE);
        gs.add(b.outputs(x));
        b = new OpGraphs(5);
        x = b.input(1, 20, 20, 8);
        x = b.conv(x, 8, 3, 3, 2, 2, 1, 1, Padding.VALID, Activation.RELU, true, true);
        x = b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.conv(x, 48, 1, 1, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.depthwise(x, 1, 7, 7, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.conv(x, 4, 3, 3, 1, 1, 2, 2, Padding.SAME, Activation.NONE, true, true);
        x = b.depthwise(x, 4, 1, 1, 1, 1, 1, 1, Padding.VALID, Activation.NONE, true, true);
        gs.add(b.outputs(x));
        b = new OpGraphs(3);
        x = b.input(1, 300);
        x = b.fc(x, 64, false, true, Activation.RELU);
        x = b.fc(x, 200, true, true, Activation.RELU);
        x = b.fc(x, 8, false, true, Activation.NONE);
        x = b.fc(x, 100, false, false, Activation.RELU);
        x = b.softmax(b.fc(x, 30, false, true, Activation.NONE), 1f);
        x = b.softmax(b.fc(x, 5, false, true, Activation.NONE), 1f);
        gs.add(b.outputs(x));
        b = new OpGraphs(6);   // conv_gemm with fused max pools, a first layer of depth 1, odd channel counts
        x = b.input(1, 24, 20, 1);
        x = b.conv(x, 12, 5, 5, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.pool(OpType.MAX_POOL_2D, x, 3, 2, 3, 2, Padding.VALID, Activation.NONE);
        x = b.conv(x, 20, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.pool(OpType.MAX_POOL_2D, x, 2, 2, 2, 2, Padding.VALID, Activation.NONE);
        x = b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.conv(x, 7, 1, 1, 1, 1, 1, 1, Padding.VALID, Activation.NONE, true, true);
        gs.add(b.outputs(x));
        b = new OpGraphs(7);   // depthwise-separable blocks of other sizes
        x = b.input(1, 25, 5, 32);
        x = b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.conv(x, 40, 1, 1, 1, 1, 1, 1, Padding.VALID, Activation.NONE, true, true);
        x = b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, Padding.VALID, Activation.RELU, true, true);
        x = b.conv(x, 24, 1, 1, 1, 1, 1, 1, Padding.VALID, Activation.RELU, true, true);
        x = b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU6, true, true);
        gs.add(b.outputs(x));
        b = new OpGraphs(8);   // layers of 256 and more pixels: widened weights
        x = b.input(1, 24, 24, 4);
        x = b.conv(x, 12, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.conv(x, 16, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.conv(x, 10, 5, 5, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.pool(OpType.MAX_POOL_2D, x, 2, 2, 2, 2, Padding.VALID, Activation.NONE);
        x = b.conv(x, 20, 1, 1, 1, 1, 1, 1, Padding.VALID, Activation.NONE, true, true);
        gs.add(b.outputs(x));
        b = new OpGraphs(9);
        x = b.input(1, 30, 18, 2);
        x = b.conv(x, 24, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.conv(x, 32, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.pool(OpType.MAX_POOL_2D, x, 3, 2, 3, 2, Padding.VALID, Activation.NONE);
        x = b.fc(b.reshape(x, 1, x.elements()), 40, false, true, Activation.NONE);
        gs.add(b.outputs(x));
        b = new OpGraphs(12);   // a large widened layer whose patch is split into filter rows, with a fused pool
        x = b.input(1, 20, 16, 16);
        x = b.conv(x, 32, 5, 5, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.pool(OpType.MAX_POOL_2D, x, 2, 2, 2, 2, Padding.VALID, Activation.NONE);
        gs.add(b.outputs(x));
        b = new OpGraphs(10);   // first layers: large kernels with stride and padding, few channels, one input channel
        x = b.input(1, 40, 30, 1);
        x = b.conv(x, 6, 7, 5, 2, 2, 1, 1, Padding.SAME, Activation.NONE, true, true);
        gs.add(b.outputs(x));
        b = new OpGraphs(11);
        x = b.input(1, 22, 18, 1);
        x = b.depthwise(x, 10, 4, 4, 1, 1, 1, 1, Padding.SAME, Activation.NONE, true, true);
        x = b.fc(b.reshape(x, 1, x.elements()), 3, false, true, Activation.NONE);
        gs.add(b.outputs(x));
        b = new OpGraphs(4);
        x = b.input(1, 10, 8, 16);
        Tensor y = b.unary(OpType.RELU, x, x.quant, Options.NONE);
        Tensor z = b.binary(OpType.ADD, x, y, x.shape, Quant.perTensor(x.quant.scale() * 2, 0), new Options.Arith(Activation.NONE));
        z = b.pool(OpType.MAX_POOL_2D, z, 2, 2, 2, 2, Padding.VALID, Activation.NONE);
        z = b.mean(z, new int[] {1, 2}, true, z.quant);
        gs.add(b.outputs(z));
        return gs;
    }

    static void calibrate(String core, Board qemu, Board stm, Path dir) throws Exception {
        List<Sample> samples = new ArrayList<>();
        Map<String, Long> code = new TreeMap<>(), stack = new TreeMap<>();
        List<Double> stepCode = new ArrayList<>();
        String sizeTool = stm.toolchain().replace("-gcc", "-size");
        List<Graph> gs = graphs();
        for (int i = 0; i < gs.size(); i++) {
            Graph g = gs.get(i);
            CModel m = Lowering.lower(g);
            Path q = dir.resolve("q" + i);
            Projects.generate(g, qemu, ProjectOptions.none(), q, true);
            Builds.build(q, qemu, List.of(), 600);
            byte[] in = new byte[3 * m.inputBytes()];
            new Random(i).nextBytes(in);
            BoardRun.Result r = BoardRun.tensors(q, qemu, in, m.inputBytes(), m.outputBytes(), true, m.steps().size(), 600);
            for (CModel.Step s : m.steps()) {
                Workload w = Workload.of(g, s);
                if (w.kernel().equals("fused")) continue;   // its work is in the step of the kernel that runs it
                samples.add(new Sample(w.kernel(), w.macs(), w.taps(), w.outputs(), r.profile().opInstructions(s.index())));
            }
            Path s = dir.resolve("s" + i);
            Projects.generate(g, stm, ProjectOptions.none(), s, true);
            Builds.build(s, stm, List.of("EXTRA_CFLAGS=-fcallgraph-info=su"), 600);
            for (String k : m.kernels()) {
                if (KernelVariants.OPTIONAL.containsKey(k)) {
                    KernelVariants.measure(s, k, stm, sizeTool, code);
                } else {
                    code.put(k, ElfFacts.size(s.resolve("build/" + k + ".o"), sizeTool)[0]);
                }
                // hand-written assembly (naked functions) has no frame in -fstack-usage: add what it pushes
                stack.merge(k, ElfFacts.worstStack(s.resolve("build"), "earforge_" + k, Map.of()) + KernelVariants.asmPush(k), Math::max);
            }
            long codeSteps = m.steps().stream().filter(st -> !st.code().contains("in place") && !"fused".equals(st.kernel())).count();
            long structs = 0;
            for (CModel.Step st : m.steps()) if (st.paramsRecord() != null) structs += earforge.boards.ParamStructs.bytes(st.paramsRecord());
            stepCode.add((double) (ElfFacts.size(s.resolve("build/model.o"), sizeTool)[0] - m.constantBytes() - structs) / codeSteps);
        }
        Map<String, double[]> fits = new TreeMap<>();
        for (String k : samples.stream().map(Sample::kernel).distinct().sorted().toList()) {
            if (k.equals("copy")) continue;
            fits.put(k, fit(samples.stream().filter(x -> x.kernel().equals(k)).toList()));
        }
        FrontendFit fe = frontendFit(qemu, stm, dir, sizeTool);
        double[] frame = fe.frame(), window = fe.window();
        long feCode = fe.code(), feStack = fe.stack();

        StringBuilder y = new StringBuilder();
        y.append("# ").append(core).append(": fitted by earforge.codegen.CostCalibration on ").append(qemu.name()).append(" (instructions) and ")
            .append(stm.name()).append(" (code, stack)\n");
        y.append(String.format(Locale.ROOT, "  step_code: %.0f%n", stepCode.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        y.append("  kernels:\n");
        long maxCode = 0, maxStack = 0;
        double[] dflt = new double[4];
        for (var e : fits.entrySet()) {
            double[] f = e.getValue();
            for (int j = 0; j < 4; j++) dflt[j] = Math.max(dflt[j], f[j]);
            maxCode = Math.max(maxCode, code.getOrDefault(e.getKey(), 0L));
            maxStack = Math.max(maxStack, stack.getOrDefault(e.getKey(), 0L));
            y.append(kernelLine(e.getKey(), f, code.getOrDefault(e.getKey(), 0L), stack.getOrDefault(e.getKey(), 0L)));
        }
        for (var e : code.entrySet()) {   // code-only entries: optional paths of the fast kernels
            if (!fits.containsKey(e.getKey())) y.append(kernelLine(e.getKey(), new double[4], e.getValue(), 0));
        }
        y.append(kernelLine("default", dflt, maxCode, maxStack));
        y.append(fe.yaml());
        y.append(runtime(stm, dir, fits, code, stack, stepCode, feCode, feStack, frame, window, sizeTool));
        System.out.print(y);
    }

    record FrontendFit(double[] frame, double[] window, long code, long stack, List<double[]> frameRows, List<Double> frameY) {
        String yaml() {
            StringBuilder y = new StringBuilder(String.format(Locale.ROOT, "  frontend: {sample: %.2f, fft: %.2f, bin: %.2f, "
                + "magnitude: %.2f, mel_weight: %.2f, band: %.2f, value: %.2f, dct_mac: %.2f, top_db: %.2f, code: %d, stack: %d}%n",
                frame[0], frame[1], frame[2], frame[3], frame[4], frame[5], window[0], window[1], window[2], code, stack));
            for (int i = 0; i < frameY.size(); i++) {
                double est = 0;
                for (int j = 0; j < frame.length; j++) est += frame[j] * frameRows.get(i)[j];
                y.append(String.format(Locale.ROOT, "#   front end %d: frame %.0f measured, %.0f fitted%n", i, frameY.get(i), est));
            }
            return y.toString();
        }
    }

    /** The front-end terms: configurations of varied size, each with a one-layer model that takes its windows. */
    static FrontendFit frontendFit(Board qemu, Board stm, Path dir, String sizeTool) throws Exception {
        List<double[]> frameRows = new ArrayList<>(), windowRows = new ArrayList<>();
        List<Double> frameY = new ArrayList<>(), windowY = new ArrayList<>();
        long feCode = 0, feStack = 0;
        int fi = 0;
        for (FrontendConfig c : frontends()) {
            OpGraphs b = new OpGraphs(10 + fi);
            Tensor x = b.input(Quant.perTensor((float) c.inputScale(), c.inputZeroPoint()), 1, c.framesPerWindow() * c.channels());
            Graph g = b.outputs(b.softmax(b.fc(x, 4, false, true, Activation.NONE), 1f));
            Path q = dir.resolve("fe" + fi);
            Projects.generate(g, qemu, ProjectOptions.none().withFrontend(c), q, true);
            Builds.build(q, qemu, List.of(), 600);
            short[] pcm = TestVectors.syntheticClip(c, 3);
            ByteBuffer bb = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (short v : pcm) bb.putShort(v);
            BoardRun.Result r = BoardRun.run(q, qemu, "stream", bb.array(), 0, true, g.operators.size(), 600);
            FrontendTables t = new FrontendTables(c);
            frameRows.add(BoardBudget.frameQuantities(t));
            frameY.add(r.profile().frontendInstructions(0));
            windowRows.add(BoardBudget.windowQuantities(t));
            windowY.add(r.profile().frontendInstructions(1));
            Path s = dir.resolve("fes" + fi);
            Projects.generate(g, stm, ProjectOptions.none().withFrontend(c), s, true);
            Builds.build(s, stm, List.of("EXTRA_CFLAGS=-fcallgraph-info=su"), 600);
            feCode = Math.max(feCode, ElfFacts.size(s.resolve("build/earforge_frontend.o"), sizeTool)[0]);
            Map<String, Long> f = ElfFacts.frames(s.resolve("build"));
            feStack = Math.max(feStack, f.getOrDefault("earforge_stream_push", 0L) - 4L * c.framesPerWindow()
                + f.getOrDefault("earforge_app_audio", 0L) + f.getOrDefault("on_window", 0L));
            fi++;
        }
        return new FrontendFit(nnls(frameRows, frameY), nnls(windowRows, windowY), feCode, feStack, frameRows, frameY);
    }

    /** Runtime flash, RAM and base stack: the ELF minus every other budget item, over the synthetic models. */
    static String runtime(Board stm, Path dir, Map<String, double[]> fits, Map<String, Long> code, Map<String, Long> stack,
                          List<Double> stepCode, long feCode, long feStack, double[] frame, double[] window, String sizeTool) {
        if (stm.kind() != Board.Kind.STM32) return "#   runtime: not an STM32 project, not fitted\n";
        Map<String, Board.KernelCost> kernels = new LinkedHashMap<>();
        fits.forEach((k, f) -> kernels.put(k, new Board.KernelCost(f[1], f[2], f[3], f[0], code.getOrDefault(k, 0L), stack.getOrDefault(k, 0L))));
        code.forEach((k, c) -> kernels.putIfAbsent(k, new Board.KernelCost(0, 0, 0, 0, c, 0)));
        kernels.put("default", new Board.KernelCost(0, 0, 0, 0, 0, 0));
        Map<String, Double> fe = new LinkedHashMap<>(Map.of("sample", frame[0], "fft", frame[1], "bin", frame[2], "magnitude", frame[3],
            "mel_weight", frame[4], "band", frame[5], "value", window[0], "dct_mac", window[1], "top_db", window[2], "code", (double) feCode));
        fe.put("stack", (double) feStack);
        long step = Math.round(stepCode.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        Board zero = new Board(stm.name(), stm.description(), stm.kind(), stm.core(), stm.clockHz(), stm.fpu(), stm.dsp(), stm.memories(),
            stm.toolchain(), stm.cflags(), stm.ldflags(), stm.sources(), stm.flashTools(), stm.mic(), null, stm.chip(),
            new Board.Runtime(0, 0, 0, 0), new Board.CostModel("measured", 1, kernels, fe, step, stm.cost().libc()));
        StringBuilder sb = new StringBuilder();
        List<Graph> gs = graphs();
        long minFlash = Long.MAX_VALUE, minRam = Long.MAX_VALUE, maxStack = 0, maxOther = 0, sumFlash = 0;
        for (int i = 0; i < gs.size(); i++) {
            Path s = dir.resolve("s" + i);
            BoardBudget est = BoardBudget.of(gs.get(i), zero, ProjectOptions.none());
            long[] sz = ElfFacts.size(s.resolve("build/firmware.elf"), sizeTool);
            java.util.Set<String> kernelFns = new java.util.HashSet<>();
            for (String k : Lowering.lower(gs.get(i)).kernels()) kernelFns.add("earforge_" + k);
            long worst = ElfFacts.worstStack(s.resolve("build"), "Reset_Handler", Map.of());
            long toInvoke = ElfFacts.worstStack(s.resolve("build"), "Reset_Handler", Map.of(), kernelFns, "earforge_model_invoke");
            kernelFns.add("earforge_model_invoke");
            long other = ElfFacts.worstStack(s.resolve("build"), "Reset_Handler", Map.of(), kernelFns, null);
            long flash = sz[0] + sz[1] - est.flashBytes(), ram = sz[1] + sz[2] - (est.ramBytes() - est.stackBytes());
            sb.append(String.format(Locale.ROOT, "#   model %d: runtime flash %d, ram %d, stack to invoke %d, other paths %d (worst %d, "
                + "kernels %d)%n", i, flash, ram, toInvoke, other, worst, est.stackBytes()));
            minFlash = Math.min(minFlash, flash);
            sumFlash += flash;
            minRam = Math.min(minRam, ram);
            maxStack += toInvoke;   // summed here, averaged below: compilers vary these frames by a few words per model
            maxOther += other;
        }
        return sb.append(String.format(Locale.ROOT, "runtime: {flash: %d, ram: %d, stack: %d, stack_other: %d}%n", sumFlash / gs.size(), minRam,
            Math.round((double) maxStack / gs.size()), Math.round((double) maxOther / gs.size()))).toString();
    }

    static List<FrontendConfig> frontends() {
        List<FrontendConfig> l = new ArrayList<>();
        l.add(FrontendConfig.kws());
        l.add(new FrontendConfig("c1", 16000, 400, 160, 512, "hann", false, "constant", "librosa", 40, 0, 8000, "htk", "none", 2.0,
            "ln", 1e-10, 1.0, null, 13, "ortho", 20, 0.5, null, null, 0.2, 0).validate("c1"));
        l.add(new FrontendConfig("c2", 16000, 256, 128, 256, "hann", false, "constant", "librosa", 20, 50, 8000, "slaney", "slaney",
            2.0, "db", 1e-10, 1.0, 80.0, 0, "ortho", 16, 0.5, null, null, 0.5, 50).validate("c2"));
        l.add(new FrontendConfig("c3", 22050, 1024, 512, 1024, "hann", false, "constant", "librosa", 60, 0, 11025, "slaney", "slaney",
            2.0, "db", 1e-10, 1.0, 80.0, 0, "ortho", 10, 0.5, null, null, 0.55, 54).validate("c3"));
        l.add(new FrontendConfig("c4", 16000, 2048, 1024, 2048, "hann", false, "constant", "librosa", 128, 0, 8000, "htk", "none", 1.0,
            "ln", 1e-6, 1.0, null, 0, "ortho", 8, 0.5, null, null, 0.1, 0).validate("c4"));
        l.add(new FrontendConfig("c5", 8000, 200, 80, 256, "hann", false, "constant", "tf", 32, 20, 4000, "tf", "none", 1.0,
            "ln", 1e-6, 1.0, null, 32, "tf", 12, 0.5, null, null, 0.5, 0).validate("c5"));
        l.add(new FrontendConfig("c6", 16000, 512, 256, 512, "hann", false, "constant", "librosa", 64, 0, 8000, "slaney", "slaney",
            1.0, "db", 1e-10, 1.0, 80.0, 20, "ortho", 10, 0.5, null, null, 0.3, 10).validate("c6"));
        l.add(new FrontendConfig("c7", 16000, 128, 64, 128, "hann", false, "constant", "librosa", 16, 0, 8000, "htk", "none",
            2.0, "ln", 1e-10, 1.0, null, 8, "ortho", 30, 0.5, null, null, 0.3, 0).validate("c7"));
        l.add(new FrontendConfig("c8", 22050, 2048, 512, 2048, "hann", false, "constant", "librosa", 96, 0, 11025, "slaney", "slaney",
            2.0, "db", 1e-10, 1.0, 80.0, 0, "ortho", 8, 0.5, null, null, 0.55, 54).validate("c8"));
        l.add(new FrontendConfig("c9", 16000, 640, 320, 1024, "hann", false, "constant", "tf", 80, 20, 7600, "tf", "none",
            1.0, "ln", 1e-6, 1.0, null, 13, "tf", 10, 0.5, null, null, 0.5, 0).validate("c9"));
        return l;
    }

    static String kernelLine(String k, double[] f, long code, long stack) {
        return String.format(Locale.ROOT, "    %-18s {mac: %.3f, tap: %.3f, output: %.2f, call: %.0f, code: %d, stack: %d}%n", k + ":",
            f[1], f[2], f[3], f[0], code, stack);
    }

    /** [call, mac, tap, output] by non-negative least squares on the samples of one kernel. */
    static double[] fit(List<Sample> s) {
        List<double[]> rows = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Sample x : s) {
            rows.add(new double[] {0, x.macs(), x.taps(), x.outputs()});   // no intercept: a call costs tens of instructions
            y.add(x.instructions());
        }
        return nnls(rows, y);
    }

    /** Non-negative least squares by elimination: solve, drop the most negative coefficient, repeat. */
    static double[] nnls(List<double[]> rows, List<Double> y) {
        int p = rows.get(0).length;
        boolean[] active = new boolean[p];
        for (int j = 0; j < p; j++) {
            for (double[] r : rows) if (r[j] != 0) active[j] = true;
        }
        // identical columns (depthwise: MACs == taps) keep only the first
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                if (!active[j] || !active[k]) continue;
                boolean same = true;
                for (double[] r : rows) if (r[j] != r[k]) { same = false; break; }
                if (same) active[j] = false;
            }
        }
        while (true) {
            double[] c = solve(rows, y, active);
            int worst = -1;
            for (int j = 0; j < p; j++) if (active[j] && c[j] < 0 && (worst < 0 || c[j] < c[worst])) worst = j;
            if (worst < 0) return c;
            active[worst] = false;
        }
    }

    private static double[] solve(List<double[]> rows, List<Double> y, boolean[] active) {
        int p = active.length;
        List<Integer> idx = new ArrayList<>();
        for (int j = 0; j < p; j++) if (active[j]) idx.add(j);
        int n = idx.size();
        double[][] a = new double[n][n + 1];
        for (int r = 0; r < rows.size(); r++) {
            double w = 1 / Math.max(1, y.get(r));   // relative error: large and small layers count alike
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) a[i][j] += w * w * rows.get(r)[idx.get(i)] * rows.get(r)[idx.get(j)];
                a[i][n] += w * w * rows.get(r)[idx.get(i)] * y.get(r);
            }
        }
        for (int i = 0; i < n; i++) a[i][i] += 1e-12;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            for (int r = 0; r < n; r++) {
                if (r == c || a[c][c] == 0) continue;
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= n; k++) a[r][k] -= f * a[c][k];
            }
        }
        double[] out = new double[p];
        for (int i = 0; i < n; i++) out[idx.get(i)] = a[i][i] == 0 ? 0 : a[i][n] / a[i][i];
        return out;
    }
}
