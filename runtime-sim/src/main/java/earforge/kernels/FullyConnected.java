package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Tensor;

/** FULLY_CONNECTED: out[b][o] = act(sum_d in[b][d] * w[o][d] + bias[o]). int8 as TFLM reference_integer_ops. */
public final class FullyConnected implements Kernel {

    /** Everything the int8 loop (Java or generated C) needs, precomputed once. */
    public record Int8Params(int batches, int outDepth, int accumDepth, int inputOffset, int filterOffset,
                             int outputOffset, int[] multiplier, int[] shift, int actMin, int actMax) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), w = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Check.quantized(op, in); Check.quantized(op, w); Check.quantized(op, out);
        int outDepth = w.dim(0), accum = w.dim(1);
        int n = w.quant.perChannel() ? outDepth : 1;
        int[] mult = new int[outDepth], shift = new int[outDepth];
        for (int o = 0; o < outDepth; o++) {
            // Per tensor, TFLite/TFLM use GetQuantizedConvolutionMultipler: the scale product is taken in float,
            // then widened (ad01_int8 differs by 1 LSB otherwise); per channel, the product is in double.
            double real = n == 1 ? (double) (in.quant.scale() * w.quant.scale(0)) / (double) out.quant.scale()
                : (double) in.quant.scale() * (double) w.quant.scale(o) / (double) out.quant.scale();
            int[] ms = QuantMath.quantizeMultiplier(real);
            mult[o] = ms[0]; shift[o] = ms[1];
        }
        int[] range = QuantMath.activationRange(op.options.activation(), out.quant, -128, 127);
        return new Int8Params(in.elements() / accum, outDepth, accum, -in.quant.zp(), -w.quant.zp(0),
            out.quant.zp(), mult, shift, range[0], range[1]);
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), w = Check.in(g, op, 1), out = Check.out(g, op, 0);
        Check.rank(op, w, 2);
        int accum = w.dim(1), outDepth = w.dim(0);
        if (accum == 0 || in.elements() % accum != 0) {
            throw Check.fail(op, "input of %d elements is not a multiple of the weights' depth %d", in.elements(), accum);
        }
        if (out.elements() != in.elements() / accum * outDepth) throw Check.fail(op, "output shape does not match");
        int bi = op.input(2);
        if (bi >= 0) Check.shape(op, g.tensor(bi), outDepth);
        Object wv = Values.constant(w, "weights");
        if (in.type == DType.FLOAT32) {
            Check.type(op, w, DType.FLOAT32); Check.type(op, out, DType.FLOAT32);
            if (bi >= 0) Check.type(op, g.tensor(bi), DType.FLOAT32);
            float[] bias = bi < 0 ? null : (float[]) Values.constant(g.tensor(bi), "bias");
            float lo = op.options.activation().floatMin(), hi = op.options.activation().floatMax();
            int batches = in.elements() / accum;
            float[] wf = (float[]) wv;
            return v -> evalFloat((float[]) v[in.index], wf, bias, (float[]) v[out.index], batches, outDepth, accum, lo, hi);
        }
        Check.type(op, in, DType.INT8); Check.type(op, w, DType.INT8); Check.type(op, out, DType.INT8);
        if (bi >= 0) Check.type(op, g.tensor(bi), DType.INT32);
        int[] bias = bi < 0 ? null : (int[]) Values.constant(g.tensor(bi), "bias");
        Int8Params p = int8Params(g, op);
        byte[] wb = (byte[]) wv;
        return v -> evalInt8(p, (byte[]) v[in.index], wb, bias, (byte[]) v[out.index]);
    }

    public static void evalInt8(Int8Params p, byte[] in, byte[] w, int[] bias, byte[] out) {
        int accum = p.accumDepth();
        for (int b = 0; b < p.batches(); b++) {
            int ib = b * accum;
            for (int o = 0; o < p.outDepth(); o++) {
                int wb = o * accum;
                int acc = 0;
                for (int d = 0; d < accum; d++) acc += (w[wb + d] + p.filterOffset()) * (in[ib + d] + p.inputOffset());
                if (bias != null) acc += bias[o];
                acc = QuantMath.multiplyByQuantizedMultiplier(acc, p.multiplier()[o], p.shift()[o]) + p.outputOffset();
                out[b * p.outDepth() + o] = (byte) QuantMath.clamp(acc, p.actMin(), p.actMax());
            }
        }
    }

    static void evalFloat(float[] in, float[] w, float[] bias, float[] out, int batches, int outDepth, int accum,
                          float lo, float hi) {
        for (int b = 0; b < batches; b++) {
            for (int o = 0; o < outDepth; o++) {
                float acc = 0f;
                for (int d = 0; d < accum; d++) acc += in[b * accum + d] * w[o * accum + d];
                if (bias != null) acc += bias[o];
                out[b * outDepth + o] = Math.min(Math.max(acc, lo), hi);
            }
        }
    }
}
