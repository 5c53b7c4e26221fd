package earforge.kernels;

import java.util.Arrays;

/**
 * The simulator's DEPTHWISE_CONV_2D. The input is first expanded to one row per input pixel at the output depth,
 * x[p][oc] = in[p][oc / multiplier] (+ inputOffset), and the filter to one row per tap, so that each output pixel is
 * acc[oc] = sum over its in-bounds taps of w[tap][oc] * x[pixel][oc], with the innermost loop over output channels
 * on 0-based rows: JDK 17's C2 vectorizes a loop only when no array is indexed with an invariant offset (with one
 * it must assume the store may alias a load). Up to three taps are summed per pass over acc.
 *
 * Exactness: int addition wraps and is associative; padded taps are skipped as in the reference. float: each
 * acc[oc] starts at 0 and adds the products one by one in the reference's (fy, fx) order, bias last, without fused
 * multiply-add, so it rounds exactly as reference_ops::DepthwiseConv. Holds scratch: one per prepared operator.
 */
final class DepthwiseRows {
    private final Window w;
    private final int dm;
    private final int[][] wi, xi, tw, tx;          // int: tap weights, expanded input, the current pixel's taps
    private final int[] ai;
    private final float[][] wf, xf, fw, fx;        // float twins
    private final float[] af;

    DepthwiseRows(Window w, byte[] filter) {
        this.w = w;
        dm = w.outDepth() / w.inDepth();
        int od = w.outDepth(), taps = w.filterH() * w.filterW();
        wi = new int[taps][od];
        for (int k = 0; k < taps; k++) {
            for (int oc = 0; oc < od; oc++) wi[k][oc] = filter[k * od + oc];
        }
        xi = new int[w.batches() * w.inH() * w.inW()][od];
        tw = new int[taps][]; tx = new int[taps][];
        ai = new int[od];
        wf = xf = fw = fx = null; af = null;
    }

    DepthwiseRows(Window w, float[] filter) {
        this.w = w;
        dm = w.outDepth() / w.inDepth();
        int od = w.outDepth(), taps = w.filterH() * w.filterW();
        wf = new float[taps][od];
        for (int k = 0; k < taps; k++) System.arraycopy(filter, k * od, wf[k], 0, od);
        xf = new float[w.batches() * w.inH() * w.inW()][od];
        fw = new float[taps][]; fx = new float[taps][];
        af = new float[od];
        wi = xi = tw = tx = null; ai = null;
    }

    void runInt8(byte[] in, int inOff, Requant rq, byte[] out) {
        int id = w.inDepth();
        for (int p = 0, i = 0; p < xi.length; p++, i += id) {
            int[] xr = xi[p];
            if (dm == 1) {
                for (int c = 0; c < id; c++) xr[c] = in[i + c] + inOff;
            } else {
                for (int c = 0, o = 0; c < id; c++) {
                    for (int m = 0; m < dm; m++) xr[o++] = in[i + c] + inOff;
                }
            }
        }
        int od = w.outDepth();
        for (int b = 0, ob = 0; b < w.batches(); b++) {
            for (int oy = 0; oy < w.outH(); oy++) {
                for (int ox = 0; ox < w.outW(); ox++, ob += od) {
                    int t = taps(b, oy, ox);
                    Arrays.fill(ai, 0);
                    int k = 0;
                    for (; k + 2 < t; k += 3) {
                        int[] w0 = tw[k], w1 = tw[k + 1], w2 = tw[k + 2], x0 = tx[k], x1 = tx[k + 1], x2 = tx[k + 2];
                        for (int oc = 0; oc < od; oc++) ai[oc] += w0[oc] * x0[oc] + w1[oc] * x1[oc] + w2[oc] * x2[oc];
                    }
                    for (; k < t; k++) {
                        int[] w0 = tw[k], x0 = tx[k];
                        for (int oc = 0; oc < od; oc++) ai[oc] += w0[oc] * x0[oc];
                    }
                    rq.apply(ai, out, ob);
                }
            }
        }
    }

    void runFloat(float[] in, float[] bias, float lo, float hi, float[] out) {
        int id = w.inDepth();
        for (int p = 0, i = 0; p < xf.length; p++, i += id) {
            float[] xr = xf[p];
            if (dm == 1) {
                System.arraycopy(in, i, xr, 0, id);
            } else {
                for (int c = 0, o = 0; c < id; c++) {
                    for (int m = 0; m < dm; m++) xr[o++] = in[i + c];
                }
            }
        }
        int od = w.outDepth();
        for (int b = 0, ob = 0; b < w.batches(); b++) {
            for (int oy = 0; oy < w.outH(); oy++) {
                for (int ox = 0; ox < w.outW(); ox++, ob += od) {
                    int t = taps(b, oy, ox);
                    Arrays.fill(af, 0f);
                    int k = 0;
                    for (; k + 2 < t; k += 3) {
                        float[] w0 = fw[k], w1 = fw[k + 1], w2 = fw[k + 2], x0 = fx[k], x1 = fx[k + 1], x2 = fx[k + 2];
                        for (int oc = 0; oc < od; oc++) {
                            float s = af[oc];
                            s += x0[oc] * w0[oc];
                            s += x1[oc] * w1[oc];
                            s += x2[oc] * w2[oc];
                            af[oc] = s;
                        }
                    }
                    for (; k < t; k++) {
                        float[] w0 = fw[k], x0 = fx[k];
                        for (int oc = 0; oc < od; oc++) af[oc] += x0[oc] * w0[oc];
                    }
                    for (int oc = 0; oc < od; oc++) {
                        float a = bias == null ? af[oc] : af[oc] + bias[oc];
                        out[ob + oc] = Math.min(Math.max(a, lo), hi);
                    }
                }
            }
        }
    }

    /** Fills the weight and input rows of the in-bounds taps of output pixel (b, oy, ox), in (fy, fx) order. */
    private int taps(int b, int oy, int ox) {
        int t = 0, y0 = oy * w.strideH() - w.padH(), x0 = ox * w.strideW() - w.padW();
        for (int fy = 0; fy < w.filterH(); fy++) {
            int y = y0 + fy * w.dilationH();
            if (y < 0 || y >= w.inH()) continue;
            for (int fxx = 0; fxx < w.filterW(); fxx++) {
                int x = x0 + fxx * w.dilationW();
                if (x < 0 || x >= w.inW()) continue;
                int p = (b * w.inH() + y) * w.inW() + x, k = fy * w.filterW() + fxx;
                if (xi != null) { tw[t] = wi[k]; tx[t] = xi[p]; } else { fw[t] = wf[k]; fx[t] = xf[p]; }
                t++;
            }
        }
        return t;
    }
}
