package earforge.kernels;

import earforge.ir.Graph;
import earforge.ir.Operator;

/**
 * AVERAGE_POOL_2D over the in-bounds part of each window (padding is not counted). int8 as TFLite's
 * reference_integer_ops::AveragePool: (sum +- count/2) / count, rounding half away from zero, with C's
 * truncating division (Java's int division truncates the same way).
 */
public final class AveragePool2D implements Kernel {

    public static Pooling.Int8Params int8Params(Graph g, Operator op) { return Pooling.int8Params(g, op); }

    @Override
    public Step prepare(Graph g, Operator op) { return Pooling.prepare(g, op, AveragePool2D::evalFloat, AveragePool2D::evalInt8); }

    public static void evalInt8(Pooling.Int8Params p, byte[] in, byte[] out) {
        Window w = p.w();
        int d = w.inDepth();
        for (int b = 0; b < w.batches(); b++) {
            for (int oy = 0; oy < w.outH(); oy++) {
                int y0 = oy * w.strideH() - w.padH();
                int fy0 = Math.max(0, -y0), fy1 = Math.min(w.filterH(), w.inH() - y0);
                for (int ox = 0; ox < w.outW(); ox++) {
                    int x0 = ox * w.strideW() - w.padW();
                    int fx0 = Math.max(0, -x0), fx1 = Math.min(w.filterW(), w.inW() - x0);
                    int count = Math.max(0, fy1 - fy0) * Math.max(0, fx1 - fx0);
                    for (int c = 0; c < d; c++) {
                        int acc = 0;
                        for (int fy = fy0; fy < fy1; fy++) {
                            for (int fx = fx0; fx < fx1; fx++) {
                                acc += in[Window.offset(w.inH(), w.inW(), d, b, y0 + fy, x0 + fx, c)];
                            }
                        }
                        acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                        out[Window.offset(w.outH(), w.outW(), d, b, oy, ox, c)] = (byte) QuantMath.clamp(acc, p.actMin(), p.actMax());
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
                    float count = Math.max(0, fy1 - fy0) * Math.max(0, fx1 - fx0);
                    for (int c = 0; c < d; c++) {
                        float total = 0f;
                        for (int fy = fy0; fy < fy1; fy++) {
                            for (int fx = fx0; fx < fx1; fx++) {
                                total += in[Window.offset(w.inH(), w.inW(), d, b, y0 + fy, x0 + fx, c)];
                            }
                        }
                        out[Window.offset(w.outH(), w.outW(), d, b, oy, ox, c)] = Math.min(Math.max(total / count, lo), hi);
                    }
                }
            }
        }
    }
}
