package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/**
 * LOGISTIC (sigmoid). int8 as TFLite's REF kernel: a 256-entry table of 1 / (1 + exp(-x)) computed in float
 * at prepare time (activations.cc SigmoidPrepare); the output scale must be exactly 1/256.
 */
public final class Logistic implements Kernel {

    public record Int8Params(byte[] lut) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.quantized(op, in); Check.quantized(op, out);
        if ((double) out.quant.scale() != 1.0 / 256) {
            throw Check.fail(op, "int8 output '%s' must have scale 1/256 (has %s)", out.name, out.quant);
        }
        return new Int8Params(Lut.int8(in.quant.scale(), in.quant.zp(), out.quant.scale(), out.quant.zp(),
            x -> 1.0f / (1.0f + (float) Math.exp(-(float) x))));
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.type(op, in, DType.FLOAT32, DType.INT8);
        Check.type(op, out, in.type);
        Check.shape(op, out, in.shape);
        if (in.type == DType.FLOAT32) return v -> evalFloat((float[]) v[in.index], (float[]) v[out.index]);
        Int8Params p = int8Params(g, op);
        return v -> Lut.apply(p.lut(), (byte[]) v[in.index], (byte[]) v[out.index]);
    }

    /** reference_ops::Logistic for float, with its cut-offs. */
    static void evalFloat(float[] in, float[] out) {
        for (int i = 0; i < in.length; i++) {
            float x = in[i];
            if (x > 16.619047164916992188f) out[i] = 1f;
            else if (x < -9f) out[i] = (float) Math.exp(x);
            else out[i] = 1f / (1f + (float) Math.exp(-x));
        }
    }
}
