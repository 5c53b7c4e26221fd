package earforge.eval;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.sim.Simulator;

/** A single-input, single-output model in the Java simulator; scores come back as floats (int8 dequantized). */
public final class ModelRunner {
    public final Graph graph;
    public final Tensor input, output;
    private final Simulator sim;

    public ModelRunner(Graph g) {
        if (g.inputs.length != 1 || g.outputs.length != 1) {
            throw EarforgeException.of("model '%s' has %d inputs and %d outputs; audio evaluation needs one of each", g.name,
                g.inputs.length, g.outputs.length);
        }
        graph = g;
        input = g.input(0);
        output = g.output(0);
        if (input.type != DType.FLOAT32 && input.type != DType.INT8) {
            throw EarforgeException.of("model input '%s' is %s; float32 or int8 expected", input.name, input.type);
        }
        if (output.type == DType.INT8 && output.quant == null) {
            throw EarforgeException.of("int8 model output '%s' has no quantization", output.name);
        }
        sim = new Simulator(g);
    }

    public boolean int8() { return input.type == DType.INT8; }

    /** One window (float[] or byte[] as the input type) -> output scores as floats. */
    public float[] scores(Object in) { return toFloat(output, sim.run(in)[0]); }

    /** One window -> every tensor's value (taps, indexed by tensor). */
    public Object[] taps(Object in) { return sim.runAll(in); }

    /** A tensor value as real numbers: float as is, int8 dequantized with the tensor's (per-tensor) quantization. */
    public static float[] toFloat(Tensor t, Object v) {
        if (v instanceof float[] f) return f;
        if (v instanceof byte[] b && t.quant != null) {
            float[] out = new float[b.length];
            float s = t.quant.scale();
            int zp = t.quant.zp();
            for (int i = 0; i < b.length; i++) out[i] = s * (b[i] - zp);
            return out;
        }
        throw EarforgeException.of("tensor '%s' (%s) cannot be read as real numbers", t.name, t.type);
    }
}
