package earforge.kernels;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;

/** MAX_POOL_2D over the in-bounds part of each window. int8 as TFLite's reference_integer_ops::MaxPool. */
public final class MaxPool2D implements Kernel {

    /** Everything the int8 loop (Java or generated C) needs, precomputed once. */
    public record Int8Params(Window w, int actMin, int actMax) {}

    public static Int8Params int8Params(Graph g, Operator op) {
        Window w = Window.pool(g, op);
        int[] range = QuantMath.activationRange(Window.clampActivation(op), Check.out(g, op, 0).quant, -128, 127);
        return new Int8Params(w, range[0], range[1]);
    }

    @Override
    public Step prepare(Graph g, Operator op) {
        Tensor in = Check.in(g, op, 0), out = Check.out(g, op, 0);
        Window w = Window.pool(g, op);
        if (in.type == DType.FLOAT32) {
            float lo = Window.clampActivation(op).floatMin(), hi = op.options.activation().floatMax();
            return v -> evalFloat(w, (float[]) v[in.index], (float[]) v[out.index], lo, hi);
        }
        Int8Params p = int8Params(g, op);
        return v -> evalInt8(p, (byte[]) v[in.index], (byte[]) v[out.index]);
    }

    public static void evalInt8(Int8Params p, byte[] in, byte[] out) {
        Window w = p.w();
        int d = w.inDepth();
        for (int b = 0; b < w.batches(); b++) {
            for (int oy = 0; oy < w.outH(); oy++) {
                int y0 = oy * w.strideH() - w.padH();
                int fy0 = Math.max(0, -y0), fy1 = Math.min(w.filterH(), w.inH() - y0);
                for (int ox = 0; ox < w.outW(); ox++) {
                    int x0 = ox * w.strideW() - w.padW();
                    int fx0 = Math.max(0, -x0), fx1 = Math.min(w.filterW(), w.inW() - x0);
                    for (int c = 0; c < d; c++) {
                        int max = -128;
                        for (int fy = fy0; fy < fy1; fy++) {
                            for (int fx = fx0; fx < fx1; fx++) {
                                max = Math.max(max, in[Window.offset(w.inH(), w.inW(), d, b, y0 + fy, x0 + fx, c)]);
                            }
                        }
                        out[Window.offset(w.outH(), w.outW(), d, b, oy, ox, c)] = (byte) QuantMath.clamp(max, p.actMin(), p.actMax());
                    }
                }
            }
        }
    }

    public static void evalFloat(Window w, float[] in, float[] out, float lo, float hi) {
        int d = w.inDepth();
        for (int b = 0; b < w.batches(); b++) {
            for (int oy = 0; oy < w.outH(); oy++) {
                int y0 = oy * w.strideH() - w.padH();
                int fy0 = Math.max(0, -y0), fy1 = Math.min(w.filterH(), w.inH() - y0);
                for (int ox = 0; ox < w.outW(); ox++) {
                    int x0 = ox * w.strideW() - w.padW();
                    int fx0 = Math.max(0, -x0), fx1 = Math.min(w.filterW(), w.inW() - x0);
                    for (int c = 0; c < d; c++) {
                        float max = -Float.MAX_VALUE;   // std::numeric_limits<float>::lowest()
                        for (int fy = fy0; fy < fy1; fy++) {
                            for (int fx = fx0; fx < fx1; fx++) {
                                max = Math.max(max, in[Window.offset(w.inH(), w.inW(), d, b, y0 + fy, x0 + fx, c)]);
                            }
                        }
                        out[Window.offset(w.outH(), w.outW(), d, b, oy, ox, c)] = Math.min(Math.max(max, lo), hi);
                    }
                }
            }
        }
    }
}
