package earforge.importers;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.importers.KerasFile.Arr;

/**
 * Keras layer semantics written directly from the Keras/TensorFlow definitions, in double, on Keras-layout weights
 * (HWIO kernels, unfolded BatchNormalization): an expectation independent of the importer's transposes and folding.
 * Tensors are NHWC with batch 1, stored flat; {@code shape} is {H, W, C}.
 */
final class KerasReference {
    private KerasReference() {}

    record T(int h, int w, int c, double[] v) {
        double at(int y, int x, int ch) { return v[(y * w + x) * c + ch]; }
    }

    static T of(float[] x, int h, int w, int c) {
        double[] v = new double[x.length];
        for (int i = 0; i < v.length; i++) v[i] = x[i];
        return new T(h, w, c, v);
    }

    /** TF "same": out = ceil(in / stride), padding split with the extra pixel after; "valid": no padding. */
    private static int[] geometry(boolean same, int in, int k, int stride, int dil) {
        int eff = (k - 1) * dil + 1;
        int out = same ? (in + stride - 1) / stride : (in - eff) / stride + 1;
        int before = same ? Math.max((out - 1) * stride + eff - in, 0) / 2 : 0;
        return new int[] {out, before};
    }

    /** Conv2D: kernel [kh][kw][cin][cout]. */
    static T conv2d(T x, Arr kernel, float[] bias, int[] stride, int[] dil, boolean same) {
        int kh = kernel.shape()[0], kw = kernel.shape()[1], cout = kernel.shape()[3];
        int[] gy = geometry(same, x.h, kh, stride[0], dil[0]), gx = geometry(same, x.w, kw, stride[1], dil[1]);
        double[] out = new double[gy[0] * gx[0] * cout];
        for (int oy = 0; oy < gy[0]; oy++)
            for (int ox = 0; ox < gx[0]; ox++)
                for (int o = 0; o < cout; o++) {
                    double acc = bias == null ? 0 : bias[o];
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++) {
                            int iy = oy * stride[0] - gy[1] + ky * dil[0], ix = ox * stride[1] - gx[1] + kx * dil[1];
                            if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w) continue;
                            for (int i = 0; i < x.c; i++) acc += x.at(iy, ix, i) * kernel.data()[((ky * kw + kx) * x.c + i) * cout + o];
                        }
                    out[(oy * gx[0] + ox) * cout + o] = acc;
                }
        return new T(gy[0], gx[0], cout, out);
    }

    /** DepthwiseConv2D: kernel [kh][kw][cin][mult]; output channel c * mult + m. */
    static T depthwise(T x, Arr kernel, float[] bias, int[] stride, int[] dil, boolean same) {
        int kh = kernel.shape()[0], kw = kernel.shape()[1], mult = kernel.shape()[3], cout = x.c * mult;
        int[] gy = geometry(same, x.h, kh, stride[0], dil[0]), gx = geometry(same, x.w, kw, stride[1], dil[1]);
        double[] out = new double[gy[0] * gx[0] * cout];
        for (int oy = 0; oy < gy[0]; oy++)
            for (int ox = 0; ox < gx[0]; ox++)
                for (int c = 0; c < x.c; c++)
                    for (int m = 0; m < mult; m++) {
                        double acc = bias == null ? 0 : bias[c * mult + m];
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * stride[0] - gy[1] + ky * dil[0], ix = ox * stride[1] - gx[1] + kx * dil[1];
                                if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w) continue;
                                acc += x.at(iy, ix, c) * kernel.data()[((ky * kw + kx) * x.c + c) * mult + m];
                            }
                        out[(oy * gx[0] + ox) * cout + c * mult + m] = acc;
                    }
        return new T(gy[0], gx[0], cout, out);
    }

    /** BatchNormalization at inference: (x - mean) / sqrt(var + eps) * gamma + beta on the last axis. */
    static double[] batchNorm(double[] x, int c, Arr gamma, Arr beta, Arr mean, Arr var, double eps) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = i % c;
            out[i] = (x[i] - mean.data()[ch]) / Math.sqrt(var.data()[ch] + eps) * gamma.data()[ch] + beta.data()[ch];
        }
        return out;
    }

    /** Dense on a vector: kernel [in][units]. */
    static double[] dense(double[] x, Arr kernel, float[] bias) {
        int in = kernel.shape()[0], units = kernel.shape()[1];
        double[] out = new double[units];
        for (int o = 0; o < units; o++) {
            double acc = bias == null ? 0 : bias[o];
            for (int i = 0; i < in; i++) acc += x[i] * kernel.data()[i * units + o];
            out[o] = acc;
        }
        return out;
    }

    static double[] relu(double[] x, double max) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Math.min(Math.max(x[i], 0), max);
        return out;
    }

    /** |got - want| <= 1e-5 * max|want| for every element. */
    static void assertClose(float[] got, double[] want, String what) {
        assertThat(got.length).as(what + " length").isEqualTo(want.length);
        double maxAbs = 1e-6;
        for (double v : want) maxAbs = Math.max(maxAbs, Math.abs(v));
        for (int i = 0; i < want.length; i++) {
            assertThat(Math.abs(got[i] - want[i])).as("%s element %d: got %s, want %s", what, i, got[i], want[i])
                .isLessThanOrEqualTo(1e-5 * maxAbs);
        }
    }
}
