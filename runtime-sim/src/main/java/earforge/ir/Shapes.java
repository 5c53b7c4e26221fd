package earforge.ir;

import earforge.EarforgeException;

/** Small shape helpers shared by kernels, reader and planner. */
public final class Shapes {
    private Shapes() {}

    public static int elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw EarforgeException.of("negative dimension %d in shape", d);
            n *= d;
            if (n > Integer.MAX_VALUE) throw EarforgeException.of("tensor too large (%d elements)", n);
        }
        return (int) n;
    }

    /** Output size of a windowed op (conv/pool) along one axis, TFLite's ComputeOutSize. */
    public static int outSize(Padding p, int in, int filter, int stride, int dilation) {
        int eff = (filter - 1) * dilation + 1;
        return p == Padding.SAME ? (in + stride - 1) / stride : (in - eff + stride) / stride;
    }

    /** Leading padding along one axis, TFLite's ComputePaddingWithOffset (offset dropped as the kernels do). */
    public static int padBefore(Padding p, int in, int filter, int stride, int dilation, int out) {
        if (p != Padding.SAME) return 0;
        int eff = (filter - 1) * dilation + 1;
        int total = Math.max((out - 1) * stride + eff - in, 0);
        return total / 2;
    }
}
