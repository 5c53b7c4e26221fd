package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/** TANH. int8 as TFLite's REF kernel: a 256-entry table of tanh(x) computed in float at prepare time. */
public final class Tanh implements Kernel {

    public record Int8Params(byte[] lut) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.quantized(op, in); Check.quantized(op, out);
        return new Int8Params(Lut.int8(in.quant.scale(), in.quant.zp(), out.quant.scale(), out.quant.zp(), Math::tanh));
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

    static void evalFloat(float[] in, float[] out) {
        for (int i = 0; i < in.length; i++) out[i] = (float) Math.tanh(in[i]);
    }
}
