package earforge.kernels;

/**
 * The scalar int32 subset of gemmlowp's fixedpoint.h used by the softmax reference kernel. A value is its
 * raw int32 with an implied number of integer bits m (Qm.(31-m)); callers track m. Additions are plain
 * wrapping int32 additions, as gemmlowp's Add for int32 (no overflow occurs in the ranges used here).
 */
public final class FixedPoint {
    private FixedPoint() {}

    /** Raw value of 1.0 in Q0.31 (saturated: 1.0 itself is not representable). */
    public static final int ONE_Q0 = Integer.MAX_VALUE;

    /** x * 2^exponent: saturating left shift for exponent > 0, rounding right shift for exponent < 0. */
    public static int saturatingRoundingMultiplyByPOT(int x, int exponent) {
        if (exponent == 0) return x;
        if (exponent < 0) return QuantMath.roundingDivideByPOT(x, -exponent);
        int threshold = (1 << (31 - exponent)) - 1;
        if (x > threshold) return Integer.MAX_VALUE;
        if (x < -threshold) return Integer.MIN_VALUE;
        return x << exponent;
    }

    /** Changes the integer bits of a value from {@code srcBits} to {@code dstBits} (gemmlowp::Rescale). */
    public static int rescale(int raw, int srcBits, int dstBits) {
        return saturatingRoundingMultiplyByPOT(raw, srcBits - dstBits);
    }

    /** Fixed-point product: integer bits add up; the raw result is SaturatingRoundingDoublingHighMul. */
    public static int mul(int a, int b) {
        return QuantMath.saturatingRoundingDoublingHighMul(a, b);
    }

    /** (a + b) / 2 rounded half away from zero, computed in 64 bits. */
    public static int roundingHalfSum(int a, int b) {
        long sum = (long) a + b;
        long sign = sum >= 0 ? 1 : -1;
        return (int) ((sum + sign) / 2);
    }

    /** exp(a) for a in [-1/4, 0), a and result in Q0.31: Taylor expansion around -1/8. */
    public static int expOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a) {
        final int constantTerm = 1895147668;      // exp(-1/8)
        final int constantOneThird = 715827883;   // 1/3
        int x = a + (1 << 28);                    // a + 1/8
        int x2 = mul(x, x);
        int x3 = mul(x2, x);
        int x4 = mul(x2, x2);
        int x4Over4 = saturatingRoundingMultiplyByPOT(x4, -2);
        int poly = saturatingRoundingMultiplyByPOT(mul(x4Over4 + x3, constantOneThird) + x2, -1);
        return constantTerm + mul(constantTerm, x + poly);
    }

    /** exp(a) for a <= 0 given in Q{integerBits}; result in Q0.31 (gemmlowp::exp_on_negative_values). */
    public static int expOnNegativeValues(int a, int integerBits) {
        int fractionalBits = 31 - integerBits;
        int oneQuarter = 1 << (fractionalBits - 2);
        int mask = oneQuarter - 1;
        int aModQuarterMinusOneQuarter = (a & mask) - oneQuarter;
        int result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(rescale(aModQuarterMinusOneQuarter, integerBits, 0));
        int remainder = aModQuarterMinusOneQuarter - a;
        // Barrel shifter: multiply by exp(-2^k) for every bit k of the remaining multiple of 1/4.
        final int[] multipliers = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
        for (int k = -2; k <= 4; k++) {
            if (integerBits > k && (remainder & (1 << (fractionalBits + k))) != 0) {
                result = mul(result, multipliers[k + 2]);
            }
        }
        if (integerBits > 5) {
            int clamp = -(1 << (36 - integerBits));   // -32.0 in Q{integerBits}
            if (a < clamp) result = 0;
        }
        return a == 0 ? ONE_Q0 : result;
    }

    /** 1 / (1 + a) for a in [0, 1), a and result in Q0.31: three Newton-Raphson steps in Q2.29. */
    public static int oneOverOnePlusXForXIn01(int a) {
        int halfDenominator = roundingHalfSum(a, ONE_Q0);
        final int constant48Over17 = 1515870810;
        final int constantNeg32Over17 = -1010580540;
        final int oneQ2 = 1 << 29;
        int x = constant48Over17 + mul(halfDenominator, constantNeg32Over17);
        for (int i = 0; i < 3; i++) {
            int halfDenominatorTimesX = mul(halfDenominator, x);           // Q2
            int oneMinusHalfDenominatorTimesX = oneQ2 - halfDenominatorTimesX;
            x = x + rescale(mul(x, oneMinusHalfDenominatorTimesX), 4, 2);  // Q2 * Q2 = Q4
        }
        return rescale(x, 1, 0);   // x / 2, reinterpreted as Q1, then to Q0
    }

    /**
     * 1 / x for x > 0 in Q{xIntegerBits} (TFLite's GetReciprocal). Returns {reciprocal in Q0.31 scaled by
     * 2^-numBitsOverUnit, numBitsOverUnit}.
     */
    public static int[] reciprocal(int x, int xIntegerBits) {
        int headroomPlusOne = Integer.numberOfLeadingZeros(x);
        int numBitsOverUnit = xIntegerBits - headroomPlusOne;
        // uint32 arithmetic in C; the same bits in wrapping int arithmetic.
        int shiftedSumMinusOne = (x << headroomPlusOne) - Integer.MIN_VALUE;
        return new int[] {oneOverOnePlusXForXIn01(shiftedSumMinusOne), numBitsOverUnit};
    }
}
