package earforge.kernels;

import java.util.Arrays;

/**
 * The simulator's CONV_2D without groups as a tiled im2col matrix product (int8, hybrid and float). For a tile of
 * up to TILE output pixels the input is gathered once: x[k][j] = input (+ inputOffset) at k = (fy * filterW + fx)
 * * inDepth + ic of pixel j, or 0 for a padded tap. Then, channel-major, acc[oc][j] = sum_k w[oc][k] * x[k][j]:
 * the innermost loop runs over the tile's pixels on 0-based rows, which C2 vectorizes (see DepthwiseRows).
 *
 * Exactness. int: addition wraps and is associative, and a padded tap's 0 adds nothing, as the reference's skipped
 * tap. float: each acc[oc][j] starts at +0 and adds its products one by one in k order, the reference's (fy, fx,
 * ic) order, so it rounds identically; a padded tap adds w * 0 = +-0, which leaves the sum unchanged (a sum that
 * starts at +0 is never -0) for any finite weight. Holds scratch: one instance per prepared operator.
 */
final class ConvIm2col {
    static final int TILE = 128;

    final Window w;
    final int tile;
    private final int[] jy, jx, jb;        // input row, column and pixel index of tap (0, 0) for each pixel of the tile
    private final int[][] wi, xi, ai;      // int: weights [oc][k], gathered input [k][j], accumulators [oc][j]
    private final float[][] wf, xf, af;    // float twins

    ConvIm2col(Window w, byte[] ohwi) {
        this.w = w;
        tile = Math.min(TILE, w.outH() * w.outW());
        jy = new int[tile]; jx = new int[tile]; jb = new int[tile];
        int od = w.outDepth(), k = ohwi.length / od;
        wi = new int[od][k];
        for (int oc = 0; oc < od; oc++) {
            for (int i = 0; i < k; i++) wi[oc][i] = ohwi[oc * k + i];
        }
        xi = new int[k][tile]; ai = new int[od][tile];
        wf = xf = af = null;
    }

    ConvIm2col(Window w, float[] ohwi) {
        this.w = w;
        tile = Math.min(TILE, w.outH() * w.outW());
        jy = new int[tile]; jx = new int[tile]; jb = new int[tile];
        int od = w.outDepth(), k = ohwi.length / od;
        wf = new float[od][k];
        for (int oc = 0; oc < od; oc++) System.arraycopy(ohwi, oc * k, wf[oc], 0, k);
        xf = new float[k][tile]; af = new float[od][tile];
        wi = xi = ai = null;
    }

    /** int8 CONV_2D: out = requantized acc for every batch and pixel tile. */
    void runInt8(byte[] in, int inOff, Requant rq, byte[] out) {
        int pixels = w.outH() * w.outW();
        for (int b = 0; b < w.batches(); b++) {
            for (int p0 = 0; p0 < pixels; p0 += tile) {
                int n = Math.min(tile, pixels - p0);
                rq.applyColumns(multiply(in, inOff, b, p0, n), n, out, (b * pixels + p0) * w.outDepth());
            }
        }
    }

    /** Hybrid CONV_2D, batch b of the quantized input q: out = clamp(float(acc) * scale + bias), as in the reference. */
    void runHybrid(byte[] q, int b, float scale, float[] bias, float lo, float hi, float[] out) {
        int pixels = w.outH() * w.outW(), od = w.outDepth();
        for (int p0 = 0; p0 < pixels; p0 += tile) {
            int n = Math.min(tile, pixels - p0), ob = (b * pixels + p0) * od;
            int[][] acc = multiply(q, 0, b, p0, n);
            for (int oc = 0; oc < od; oc++) {
                int[] a = acc[oc];
                for (int j = 0; j < n; j++) {
                    float r = (float) a[j] * scale;
                    if (bias != null) r += bias[oc];
                    out[ob + j * od + oc] = Math.min(Math.max(r, lo), hi);
                }
            }
        }
    }

    /** float CONV_2D: out = clamp(acc + bias), the bias added after the sum as in the reference. */
    void runFloat(float[] in, float[] bias, float lo, float hi, float[] out) {
        int pixels = w.outH() * w.outW(), od = w.outDepth();
        for (int b = 0; b < w.batches(); b++) {
            for (int p0 = 0; p0 < pixels; p0 += tile) {
                int n = Math.min(tile, pixels - p0), ob = (b * pixels + p0) * od;
                float[][] acc = multiply(in, b, p0, n);
                for (int oc = 0; oc < od; oc++) {
                    float[] a = acc[oc];
                    for (int j = 0; j < n; j++) {
                        float r = bias == null ? a[j] : a[j] + bias[oc];
                        out[ob + j * od + oc] = Math.min(Math.max(r, lo), hi);
                    }
                }
            }
        }
    }

    /** acc[oc][j] for the output pixels p0 + j (j < n) of batch b, with inOff added to every in-bounds input. */
    int[][] multiply(byte[] in, int inOff, int b, int p0, int n) {
        boolean inside = corners(b, p0, n);
        int id = w.inDepth(), fw = w.filterW();
        for (int fy = 0; fy < w.filterH(); fy++) {
            for (int fx = 0; fx < fw; fx++) {
                int dy = fy * w.dilationH(), dx = fx * w.dilationW(), d = (dy * w.inW() + dx) * id;
                for (int ic = 0; ic < id; ic++) {
                    int[] row = xi[(fy * fw + fx) * id + ic];
                    if (inside) {
                        for (int j = 0; j < n; j++) row[j] = in[jb[j] * id + d + ic] + inOff;
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        int y = jy[j] + dy, x = jx[j] + dx;
                        row[j] = y < 0 || y >= w.inH() || x < 0 || x >= w.inW() ? 0 : in[jb[j] * id + d + ic] + inOff;
                    }
                }
            }
        }
        int kk = xi.length;
        for (int oc = 0; oc < ai.length; oc++) {
            int[] a = ai[oc], wr = wi[oc];
            Arrays.fill(a, 0, n, 0);
            int k = 0;
            for (; k + 3 < kk; k += 4) {
                int v0 = wr[k], v1 = wr[k + 1], v2 = wr[k + 2], v3 = wr[k + 3];
                int[] x0 = xi[k], x1 = xi[k + 1], x2 = xi[k + 2], x3 = xi[k + 3];
                for (int j = 0; j < n; j++) a[j] += v0 * x0[j] + v1 * x1[j] + v2 * x2[j] + v3 * x3[j];
            }
            for (; k < kk; k++) {
                int v = wr[k];
                int[] xk = xi[k];
                for (int j = 0; j < n; j++) a[j] += v * xk[j];
            }
        }
        return ai;
    }

    /** Float twin of {@link #multiply(byte[], int, int, int, int)}, products added in k order. */
    float[][] multiply(float[] in, int b, int p0, int n) {
        boolean inside = corners(b, p0, n);
        int id = w.inDepth(), fw = w.filterW();
        for (int fy = 0; fy < w.filterH(); fy++) {
            for (int fx = 0; fx < fw; fx++) {
                int dy = fy * w.dilationH(), dx = fx * w.dilationW(), d = (dy * w.inW() + dx) * id;
                for (int ic = 0; ic < id; ic++) {
                    float[] row = xf[(fy * fw + fx) * id + ic];
                    if (inside) {
                        for (int j = 0; j < n; j++) row[j] = in[jb[j] * id + d + ic];
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        int y = jy[j] + dy, x = jx[j] + dx;
                        row[j] = y < 0 || y >= w.inH() || x < 0 || x >= w.inW() ? 0f : in[jb[j] * id + d + ic];
                    }
                }
            }
        }
        int kk = xf.length;
        for (int oc = 0; oc < af.length; oc++) {
            float[] a = af[oc], wr = wf[oc];
            Arrays.fill(a, 0, n, 0f);
            int k = 0;
            for (; k + 3 < kk; k += 4) {
                float v0 = wr[k], v1 = wr[k + 1], v2 = wr[k + 2], v3 = wr[k + 3];
                float[] x0 = xf[k], x1 = xf[k + 1], x2 = xf[k + 2], x3 = xf[k + 3];
                for (int j = 0; j < n; j++) {
                    float s = a[j];
                    s += v0 * x0[j];
                    s += v1 * x1[j];
                    s += v2 * x2[j];
                    s += v3 * x3[j];
                    a[j] = s;
                }
            }
            for (; k < kk; k++) {
                float v = wr[k];
                float[] xk = xf[k];
                for (int j = 0; j < n; j++) a[j] += v * xk[j];
            }
        }
        return af;
    }

    /**
     * jy, jx: the input row and column of tap (0, 0) for each pixel of the tile (may lie in the padding), jb: its
     * pixel index in the input (b, jy, jx). Returns whether every tap of every pixel of the tile is in bounds.
     */
    private boolean corners(int b, int p0, int n) {
        int spanY = (w.filterH() - 1) * w.dilationH(), spanX = (w.filterW() - 1) * w.dilationW();
        boolean inside = true;
        for (int j = 0; j < n; j++) {
            int y = (p0 + j) / w.outW() * w.strideH() - w.padH(), x = (p0 + j) % w.outW() * w.strideW() - w.padW();
            jy[j] = y; jx[j] = x;
            jb[j] = (b * w.inH() + y) * w.inW() + x;
            inside &= y >= 0 && x >= 0 && y + spanY < w.inH() && x + spanX < w.inW();
        }
        return inside;
    }
}
