package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/** DEQUANTIZE: x = (float) (scale * (q - zp)), the product taken in double (reference_ops::Dequantize). */
public final class Dequantize implements Kernel {

    public record Int8Params(float scale, int zeroPoint) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0);
        Check.quantized(op, in);
        if (in.quant.perChannel()) throw Check.fail(op, "per-channel input quantization is not supported");
        return new Int8Params(in.quant.scale(), in.quant.zp());
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.type(op, in, DType.INT8, DType.UINT8, DType.INT16);
        Check.type(op, out, DType.FLOAT32);
        Check.shape(op, out, in.shape);
        Int8Params p = int8Params(g, op);
        boolean unsigned = in.type == DType.UINT8;
        int n = in.elements();
        return v -> {
            Object src = v[in.index];
            float[] dst = (float[]) v[out.index];
            for (int i = 0; i < n; i++) {
                int q = src instanceof byte[] b ? (unsigned ? b[i] & 0xFF : b[i]) : ((short[]) src)[i];
                dst[i] = dequantize(p, q);
            }
        };
    }

    public static float dequantize(Int8Params p, int q) {
        return (float) ((double) p.scale() * (q - p.zeroPoint()));
    }
}
