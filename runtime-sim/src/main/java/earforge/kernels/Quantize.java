package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/**
 * QUANTIZE. From float: q = zp + round(x / scale) (float division, round half away from zero), clamped
 * (reference_ops::AffineQuantize). From an integer type: requantize with QuantizeMultiplier(s_in / s_out)
 * (reference_ops::Requantize). Supported: float32 to int8/uint8/int16; int8/uint8 to int8/uint8; int16 to
 * int8/int16 (int16 to int16 needs zero points 0, as TFLite requires).
 */
public final class Quantize implements Kernel {

    /** multiplier/shift are used when requantizing; scale/outputZeroPoint when quantizing floats. */
    public record Int8Params(float scale, int inputZeroPoint, int outputZeroPoint, int multiplier, int shift,
                             int outMin, int outMax) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.quantized(op, out);
        if (out.quant.perChannel()) throw Check.fail(op, "per-channel output quantization is not supported");
        int[] range = range(op, out.type);
        if (in.type == DType.FLOAT32) {
            return new Int8Params(out.quant.scale(), 0, out.quant.zp(), 0, 0, range[0], range[1]);
        }
        Check.quantized(op, in);
        boolean ok = switch (in.type) {
            case INT8, UINT8 -> out.type == DType.INT8 || out.type == DType.UINT8;
            case INT16 -> out.type == DType.INT8 || out.type == DType.INT16;
            default -> false;
        };
        if (!ok) throw Check.fail(op, "requantizing %s to %s is not supported", in.type, out.type);
        if (in.type == DType.INT16 && out.type == DType.INT16 && (in.quant.zp() != 0 || out.quant.zp() != 0)) {
            throw Check.fail(op, "int16 to int16 requires zero points 0");
        }
        int[] m = QuantMath.quantizeMultiplier((double) in.quant.scale() / (double) out.quant.scale());
        return new Int8Params(out.quant.scale(), in.quant.zp(), out.quant.zp(), m[0], m[1], range[0], range[1]);
    }

    private static int[] range(Operator op, DType t) {
        return switch (t) {
            case INT8 -> new int[] {-128, 127};
            case UINT8 -> new int[] {0, 255};
            case INT16 -> new int[] {-32768, 32767};
            default -> throw Check.fail(op, "output type %s is not a quantized type", t);
        };
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Check.type(op, in, DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT16);
        Check.type(op, out, DType.INT8, DType.UINT8, DType.INT16);
        Check.shape(op, out, in.shape);
        Int8Params p = int8Params(g, op);
        boolean uin = in.type == DType.UINT8;
        int n = in.elements();
        return v -> {
            Object src = v[in.index], dst = v[out.index];
            for (int i = 0; i < n; i++) {
                int q = src instanceof float[] f ? quantize(p, f[i]) : requantize(p, read(src, i, uin));
                write(dst, i, q);
            }
        };
    }

    /** Float to integer: TfLiteRound(x / scale) in float, plus the zero point, clamped. */
    public static int quantize(Int8Params p, float x) {
        int q = (int) QuantMath.roundHalfAway(x / p.scale()) + p.outputZeroPoint();
        return QuantMath.clamp(q, p.outMin(), p.outMax());
    }

    public static int requantize(Int8Params p, int x) {
        int q = QuantMath.multiplyByQuantizedMultiplier(x - p.inputZeroPoint(), p.multiplier(), p.shift()) + p.outputZeroPoint();
        return QuantMath.clamp(q, p.outMin(), p.outMax());
    }

    private static int read(Object a, int i, boolean unsigned) {
        if (a instanceof byte[] b) return unsigned ? b[i] & 0xFF : b[i];
        return ((short[]) a)[i];
    }

    private static void write(Object a, int i, int q) {
        if (a instanceof byte[] b) b[i] = (byte) q;
        else ((short[]) a)[i] = (short) q;
    }
}
