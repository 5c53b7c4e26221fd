package earforge.emit;

import earforge.ir.DType;
import earforge.plan.ArenaPlan;
import java.util.List;

/**
 * The model lowered to C, ready for the templates: constant tables, per-operator parameter structs, the
 * straight-line invoke body, and the arena plan it relies on.
 *
 * @param kernels   C kernel file names used (sorted, each once)
 * @param typedefs  parameter struct typedefs, nested types first
 * @param defines   "NAME VALUE" macros of earforge_params.h: which optional paths the kernels of this model compile
 */
public record CModel(String name, ArenaPlan plan, String planText, List<Io> inputs, List<Io> outputs,
                     List<CArray> constants, List<Step> steps, List<String> kernels, List<String> typedefs,
                     List<String> defines) {

    /** A graph input or output: where it sits in the arena and in the concatenated in/out buffers. */
    public record Io(int tensor, String name, DType type, int[] shape, float scale, int zeroPoint, int arenaOffset,
                     int ioOffset, int bytes) {}

    /**
     * One operator. {@code arrays} are the constant tables this operator introduced (tensors first used here and its
     * parameter tables); {@code params} is the static const parameter struct definition or null; {@code code} the
     * statement(s) of the invoke body; {@code kernel} the C kernel that runs it (null for a RESHAPE/SQUEEZE copy or
     * alias, "fused" when the kernel of an earlier step runs it); {@code paramsRecord} the record {@code params} renders.
     */
    public record Step(int index, String op, String comment, List<CArray> arrays, String params, String code, long macs,
                       String kernel, Record paramsRecord) {
        public long constantBytes() {
            long s = 0;
            for (CArray a : arrays) s += a.bytes();
            return s;
        }
    }

    public long constantBytes() {
        long s = 0;
        for (CArray a : constants) s += a.bytes();
        return s;
    }

    public int inputBytes() { return inputs.stream().mapToInt(Io::bytes).sum(); }

    public int outputBytes() { return outputs.stream().mapToInt(Io::bytes).sum(); }
}
