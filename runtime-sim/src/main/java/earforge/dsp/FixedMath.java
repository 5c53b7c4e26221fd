package earforge.dsp;

/**
 * Integer helpers of the fixed-point front end, each a few lines of C99. Java's {@code >>} on int/long is an arithmetic
 * shift (floor division by 2^s); C99 leaves right shifts of negative values implementation-defined, and GCC/Clang on
 * Arm Cortex-M, RISC-V, Xtensa and x86 define it as arithmetic, which the generated C relies on (it should state so
 * with {@code _Static_assert((-1 >> 1) == -1 && (-1LL >> 1) == -1LL, "arithmetic shift")}). Java's int/long
 * overflow wraps; the bounds stated in {@link FixedFrontend} and {@link FixedFft} exclude overflow, so C's
 * signed-overflow undefined behaviour never arises. Java's {@code (int)} casts of long are exact under those bounds.
 */
public final class FixedMath {
    private FixedMath() {}

    /** Bits needed for |x| of a non-negative value: 0 for 0, else floor(log2 x) + 1 (C: 64 - __builtin_clzll(x)). */
    public static int bitlen(long x) { return 64 - Long.numberOfLeadingZeros(x); }

    /** x / 2^s rounded half up (s >= 1): (x + 2^(s-1)) >> s, arithmetic shift. Caller guarantees no overflow. */
    public static long roundShift(long x, int s) { return (x + (1L << (s - 1))) >> s; }

    /**
     * round(sqrt(x)) for 0 <= x < 2^63, exact: the digit-by-digit square root gives r = floor(sqrt x) and the
     * remainder x - r^2; sqrt x >= r + 1/2 exactly when the remainder exceeds r (no ties for integers).
     */
    public static long isqrtRound(long x) {
        long r = 0, bit = 1L << 62;
        while (bit > x) bit >>= 2;
        while (bit != 0) {
            if (x >= r + bit) { x -= r + bit; r = (r >> 1) + bit; } else r >>= 1;
            bit >>= 2;
        }
        return x > r ? r + 1 : r;
    }
}
