package earforge.emit;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Macs;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import earforge.plan.ArenaPlan;
import earforge.plan.ArenaPlanner;
import earforge.sim.Simulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Lowers an int8 graph and its arena plan to a {@link CModel}. {@link #lower(Graph)} is the optimized lowering (the
 * kernels of {@link Schedule}: blocked convolutions with fused pooling, specialised depthwise 3x3, SIMD on cores with
 * the DSP extension); {@link #reference(Graph)} runs every operator on its plain reference kernel.
 */
public final class Lowering {
    private Lowering() {}

    public static CModel lower(Graph g) {
        checkIo(g);
        new Simulator(g);   // validates every operator (shapes, types, options) exactly as the simulator does
        Schedule s = Schedule.optimized(g);
        return lower(g, ArenaPlanner.plan(g, s.hints), s);
    }

    /**
     * TFLM's greedy placement of the buffers {@link #lower(Graph)} plans (kernel scratch included, fused tensors
     * excluded, no sharing): what the arena planner is compared with.
     */
    public static ArenaPlan tflmGreedy(Graph g) {
        return earforge.plan.GreedyPlanner.plan(earforge.plan.Lifetimes.separate(g, ArenaPlanner.ALIGNMENT, Schedule.optimized(g).hints),
            ArenaPlanner.ALIGNMENT);
    }

    /** Every operator on its reference kernel (earforge.kernels' loops in plain C). */
    public static CModel reference(Graph g) {
        checkIo(g);
        return lower(g, ArenaPlanner.plan(g));
    }

    /** The reference lowering with a given plan. */
    public static CModel lower(Graph g, ArenaPlan plan) {
        checkIo(g);
        new Simulator(g);
        return lower(g, plan, Schedule.reference(g));
    }

    private static CModel lower(Graph g, ArenaPlan plan, Schedule sched) {
        CParams params = new CParams();
        List<CArray> constants = new ArrayList<>();
        boolean[] emitted = new boolean[g.tensors.size()];
        List<CModel.Step> steps = new ArrayList<>();
        TreeSet<String> kernels = new TreeSet<>();
        for (int k = 0; k < g.operators.size(); k++) {
            Operator op = g.operators.get(k);
            CKernels.Spec spec = CKernels.of(op, k);
            List<CArray> arrays = new ArrayList<>();
            String comment = stepComment(g, op, k);
            Schedule.Entry e = sched.entries[k];
            String kernel = sched.kernel(k, spec);
            if (e.kind() == Schedule.Kind.FUSED) {
                steps.add(new CModel.Step(k, op.type.name(), comment, arrays, null, "/* fused into op " + e.into() + " */", 0, kernel, null));
                continue;
            }
            if (e.kind() != Schedule.Kind.REFERENCE) {
                kernels.add(kernel);
                String call = fast(g, op, k, e, plan, emitted, arrays);
                String type = params.define(e.params().getClass(), "earforge_" + kernel + "_params");
                String def = "static const " + type + " op" + k + " = " + params.initializer(e.params(), "op" + k, "", arrays) + ";";
                constants.addAll(arrays);
                steps.add(new CModel.Step(k, op.type.name(), comment, arrays, def, call, Macs.of(g, op), kernel, e.params()));
                continue;
            }
            if (spec.isCopy()) {
                steps.add(new CModel.Step(k, op.type.name(), comment, arrays, null, copy(g, op, plan, emitted, arrays), 0, kernel, null));
                constants.addAll(arrays);
                continue;
            }
            kernels.add(spec.c());
            List<String> args = new ArrayList<>();
            String prelude = "";
            if (spec.allInputs()) {
                List<String> ptrs = new ArrayList<>();
                for (int i : op.inputs) ptrs.add(tensorArg(g, i, plan, emitted, arrays, true));
                prelude = "const int8_t *const op" + k + "_inputs[" + ptrs.size() + "] = {" + String.join(", ", ptrs) + "};";
                args.add("op" + k + "_inputs");
            }
            for (int idx : spec.tensorInputs()) args.add(tensorArg(g, op.input(idx), plan, emitted, arrays, true));
            for (int o : op.outputs) args.add(tensorArg(g, o, plan, emitted, arrays, false));
            if (spec.size()) args.add(Integer.toString(g.tensor(op.input(0)).elements()));
            String paramDef = null;
            Record p = CKernels.int8Params(spec, g, op);
            if (p != null) {
                String type = params.define(p.getClass(), spec.function() + "_params");
                String init = params.initializer(p, "op" + k, "", arrays);
                paramDef = "static const " + type + " op" + k + " = " + init + ";";
                args.add(0, "&op" + k);
            }
            String call = spec.function() + "(" + String.join(", ", args) + ");";
            if (!prelude.isEmpty()) call = "{\n        " + prelude + "\n        " + call + "\n    }";
            constants.addAll(arrays);
            steps.add(new CModel.Step(k, op.type.name(), comment, arrays, paramDef, call, Macs.of(g, op), kernel, p));
        }
        List<CModel.Io> ins = io(g, g.inputs, plan), outs = io(g, g.outputs, plan);
        return new CModel(g.name, plan, plan.format(g), ins, outs, constants, steps, new ArrayList<>(kernels),
            new ArrayList<>(params.typedefs.values()), defines(sched));
    }

    /**
     * Which optional paths of the fast kernels this model uses (the others are not compiled): a fused pool, and
     * requantization other than mode 2 into the full int8 range (see earforge_simd.h).
     */
    private static List<String> defines(Schedule sched) {
        boolean pool = false, gemmGeneric = false, dwGeneric = false, any = false, wide = false, direct = false;
        for (Schedule.Entry e : sched.entries) {
            any |= e.params() != null;
            if (e.params() instanceof ConvGemm p) {
                pool |= p.pool().h() > 0;
                wide |= p.wide() == 1;
                direct |= p.direct() == 1;
                gemmGeneric |= p.fast() != 2 || p.actMin() != -128 || p.actMax() != 127;
            } else if (e.params() instanceof Depthwise3x3 p) {
                dwGeneric |= p.fast() != 2 || p.actMin() != -128 || p.actMax() != 127;
            }
        }
        if (!any) return List.of();
        return List.of("EF_GEMM_POOL " + (pool ? 1 : 0), "EF_GEMM_GENERIC " + (gemmGeneric ? 1 : 0), "EF_GEMM_WIDE " + (wide ? 1 : 0),
            "EF_GEMM_DIRECT " + (direct ? 1 : 0),
            "EF_DW_GENERIC " + (dwGeneric ? 1 : 0));
    }

    /**
     * The call of an optimized kernel: {@code earforge_K(&opN, input, weights, output, scratch)}. conv_gemm's weights are
     * the reordered table opN_weights (word-aligned int32); a fused pool's output is the call's output.
     */
    private static String fast(Graph g, Operator op, int k, Schedule.Entry e, ArenaPlan plan, boolean[] emitted,
                               List<CArray> arrays) {
        String in = tensorArg(g, op.input(0), plan, emitted, arrays, true), weights;
        int outTensor = op.output(0);
        if (e.params() instanceof ConvGemm p) {
            int[] words = GemmLowering.weights(g, op, p);
            arrays.add(new CArray("op" + k + "_weights", "int32_t", words.length, 4,
                CFormat.comment("weights of " + shortName(g.tensor(op.input(1)).name) + " reordered for conv_gemm: per chunk, "
                    + "channel pair, 4 values of each channel" + (p.wide() == 1 ? ", widened to int16" : "") + "; little-endian words"), CFormat.body(words, false)));
            weights = "(const int8_t *)(const void *)op" + k + "_weights";
            if (p.pool().h() > 0) outTensor = g.operators.get(k + 1).output(0);
        } else {
            weights = tensorArg(g, op.input(1), plan, emitted, arrays, true);
        }
        String out = tensorArg(g, outTensor, plan, emitted, arrays, false);
        int scratch = plan.offsetOf(earforge.plan.PlanHints.scratchId(k));
        if (scratch < 0) throw new IllegalStateException("op " + k + " has no scratch buffer");
        String kernel = e.params() instanceof ConvGemm ? "conv_gemm" : "depthwise3x3";
        return "earforge_" + kernel + "(&op" + k + ", " + in + ", " + weights + ", " + out + ", arena.i8 + " + scratch + ");";
    }

    /** The generated invoke takes int8 in, int8 out, and every activation is int8: the firmware's tensors. */
    private static void checkIo(Graph g) {
        for (Tensor t : g.tensors) {
            if (!t.isConstant() && t.type != DType.INT8) {
                throw EarforgeException.of("tensor '%s' is %s; the C generator handles int8 activations only (quantize the model)",
                    t.name, t.type.name().toLowerCase());
            }
        }
        if (g.inputs.length == 0 || g.outputs.length == 0) throw new EarforgeException("model has no inputs or no outputs");
        for (int i : g.inputs) requireInt8(g.tensor(i), "input");
        for (int o : g.outputs) requireInt8(g.tensor(o), "output");
        for (int o : g.outputs) {
            for (int i : g.inputs) if (i == o) throw EarforgeException.of("tensor '%s' is both a model input and output", g.tensor(o).name);
        }
    }

    private static void requireInt8(Tensor t, String role) {
        if (t.type != DType.INT8) {
            throw EarforgeException.of("model %s '%s' is %s; the C generator takes int8 models (quantize the model first)",
                role, t.name, t.type.name().toLowerCase());
        }
        if (t.isConstant()) throw EarforgeException.of("model %s '%s' is a constant", role, t.name);
    }

    private static List<CModel.Io> io(Graph g, int[] idx, ArenaPlan plan) {
        List<CModel.Io> out = new ArrayList<>();
        int at = 0;
        for (int i : idx) {
            Tensor t = g.tensor(i);
            out.add(new CModel.Io(i, t.name, t.type, t.shape, t.quant == null ? 0f : t.quant.scale(),
                t.quant == null ? 0 : t.quant.zp(), plan.offsetOf(i), at, t.bytes()));
            at += t.bytes();
        }
        return out;
    }

    /** Pointer expression for a tensor argument: NULL, a constant table, or a typed pointer into the arena. */
    private static String tensorArg(Graph g, int t, ArenaPlan plan, boolean[] emitted, List<CArray> arrays, boolean input) {
        if (t < 0) return "NULL";
        Tensor x = g.tensor(t);
        if (x.isConstant()) return constant(x, emitted, arrays);
        int off = plan.offsetOf(t);
        if (off < 0) throw new IllegalStateException("tensor " + t + " has no arena offset");
        if (x.type == DType.INT8) return "arena.i8 + " + off;
        return "(" + (input ? "const " : "") + x.type.cType + " *)(void *)(arena.i8 + " + off + ")";
    }

    private static String constant(Tensor x, boolean[] emitted, List<CArray> arrays) {
        String name = "tensor" + x.index;
        if (emitted[x.index]) return name;
        emitted[x.index] = true;
        Object v = Values.decode(x.type, x.data);
        String q = x.quant == null ? "" : ", " + quant(x.quant);
        String ctype = switch (x.type) {
            case INT8 -> "int8_t";
            case UINT8, BOOL -> "uint8_t";
            case INT16 -> "int16_t";
            case INT32 -> "int32_t";
            case INT64 -> "int64_t";
            case FLOAT32 -> "float";
        };
        arrays.add(new CArray(name, ctype, x.elements(), x.type.bytes,
            CFormat.comment(x.name + " " + x.type + Arrays.toString(x.shape) + q),
            CFormat.body(v, x.type == DType.UINT8 || x.type == DType.BOOL)));
        return name;
    }

    /** RESHAPE / SQUEEZE: nothing when the planner gave output and input the same bytes, else a copy. */
    private static String copy(Graph g, Operator op, ArenaPlan plan, boolean[] emitted, List<CArray> arrays) {
        Tensor in = g.tensor(op.input(0)), out = g.tensor(op.output(0));
        if (in.bytes() != out.bytes()) {
            throw EarforgeException.of("%s: output '%s' has %d bytes, input '%s' %d", op.type, out.name, out.bytes(), in.name, in.bytes());
        }
        int dst = plan.offsetOf(out.index);
        if (in.isConstant()) {
            return "memcpy(arena.i8 + " + dst + ", " + constant(in, emitted, arrays) + ", " + in.bytes() + ");";
        }
        int src = plan.offsetOf(in.index);
        if (src == dst) return "/* in place: shares the input's bytes */";
        return "memcpy(arena.i8 + " + dst + ", arena.i8 + " + src + ", " + in.bytes() + ");";
    }

    private static String stepComment(Graph g, Operator op, int k) {
        StringBuilder sb = new StringBuilder("op ").append(k).append(": ").append(op.type);
        for (int o : op.outputs) {
            Tensor t = g.tensor(o);
            sb.append(" -> ").append(shortName(t.name)).append(' ').append(t.type).append(Arrays.toString(t.shape));
        }
        return CFormat.comment(sb.toString());
    }

    /** Like Quant.toString, independent of the default locale. */
    static String quant(earforge.ir.Quant q) {
        if (!q.perChannel()) return String.format(java.util.Locale.ROOT, "scale=%.6g zp=%d", q.scale(), q.zp());
        return String.format(java.util.Locale.ROOT, "per-channel(axis %d, %d scales)", q.axis(), q.scales().length);
    }

    static String shortName(String name) {
        if (name == null) return "?";
        int semi = name.indexOf(';');
        String s = semi > 0 ? name.substring(0, semi) : name;
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
