package earforge.ir;

import java.util.Arrays;

/** Affine quantization: real = scale * (q - zeroPoint); per tensor (length 1) or per channel along {@code axis}. */
public record Quant(float[] scales, long[] zeroPoints, int axis) {
    public static Quant perTensor(float scale, long zeroPoint) {
        return new Quant(new float[] {scale}, new long[] {zeroPoint}, 0);
    }
    public boolean perChannel() { return scales.length > 1; }
    public float scale(int ch) { return scales[scales.length == 1 ? 0 : ch]; }
    public int zp(int ch) { return (int) zeroPoints[zeroPoints.length == 1 ? 0 : ch]; }
    public float scale() { return scales[0]; }
    public int zp() { return (int) zeroPoints[0]; }

    @Override public boolean equals(Object o) {
        return o instanceof Quant q && Arrays.equals(scales, q.scales) && Arrays.equals(zeroPoints, q.zeroPoints) && axis == q.axis;
    }
    @Override public int hashCode() { return Arrays.hashCode(scales) * 31 + Arrays.hashCode(zeroPoints) + axis; }
    @Override public String toString() {
        if (!perChannel()) return String.format("scale=%.6g zp=%d", scales[0], zeroPoints[0]);
        return String.format("per-channel(axis %d, %d scales)", axis, scales.length);
    }
}
