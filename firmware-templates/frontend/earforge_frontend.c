/*
 * earforge_frontend.c: the fixed-point front end, line for line the Java specification (earforge.dsp.FixedFrontend,
 * FixedFft, FixedMath, Streaming). Every intermediate stays inside the bounds stated there, so no signed overflow
 * occurs. Assumes what GCC/Clang guarantee on Arm, RISC-V, Xtensa and x86: >> of a negative value is arithmetic
 * (checked below). Java's `v << s` of a possibly negative long is written `v * 2^s` (same value, defined in C).
 */
#include <string.h>

#include "earforge_frontend.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__arm__)
/* GCC's scheduling before register allocation hoists the loads of the FFT butterflies and then spills them on the
 * 13 registers of Cortex-M: without it the radix-4 butterfly is 48 instead of about 60 instructions. Without
 * reassociation the mel sums stay one UMLAL per product (else UMULL + UMLAL + ADDS/ADC pairs, 12.6 k instead of
 * 8.2 k instructions per sbcnn frame). */
#pragma GCC optimize("no-schedule-insns", "no-tree-reassoc")
#endif

#if defined(__GNUC__)
#define EF_NOINLINE __attribute__((noinline))
#define EF_FALLTHROUGH __attribute__((fallthrough));
#define EF_PRAGMA(x) _Pragma(#x)
#define EF_UNROLL(n) EF_PRAGMA(GCC unroll n)
#else
#define EF_NOINLINE
#define EF_FALLTHROUGH
#define EF_UNROLL(n)
#endif

typedef char ef_arithmetic_shift_check[((-1 >> 1) == -1 && ((int64_t)-1 >> 1) == -1) ? 1 : -1];

/* FixedMath.bitlen: 0 for 0, else floor(log2 x) + 1 (x >= 0). */
static int32_t bitlen(int64_t x)
{
    return x == 0 ? 0 : 64 - __builtin_clzll((uint64_t)x);
}

/* FixedFft.hi: the high word of the 64-bit product (one SMULL on Cortex-M). */
static inline int32_t mulhi(int32_t a, int32_t b) { return (int32_t)(((int64_t)a * b) >> 32); }

#if EF_FE_POWER == 1
/* FixedMath.isqrtRound: round(sqrt(x)) for 0 <= x < 2^62, exact, the same integer as the Java's digit-by-digit
 * method: r = floor(sqrt x) bit by bit from its top bit, keeping bit b when (r + 2^b)^2 <= x (one 32 x 32 -> 64-bit
 * multiply and compare per bit instead of 64-bit shifts and subtractions; unrolled, entered at the top bit), then
 * + 1 when x - r^2 > r. */
static int64_t isqrt_round(int64_t x)
{
    const uint64_t u = (uint64_t)x;
    uint32_t r = 0, t;
#define EF_SQ(b)                              \
    case b:                                   \
        t = r | (uint32_t)1 << b;             \
        if ((uint64_t)t * t <= u) r = t;      \
        EF_FALLTHROUGH
    switch (x == 0 ? -1 : (bitlen(x) - 1) >> 1) {
        EF_SQ(30) EF_SQ(29) EF_SQ(28) EF_SQ(27) EF_SQ(26) EF_SQ(25) EF_SQ(24) EF_SQ(23) EF_SQ(22) EF_SQ(21) EF_SQ(20)
        EF_SQ(19) EF_SQ(18) EF_SQ(17) EF_SQ(16) EF_SQ(15) EF_SQ(14) EF_SQ(13) EF_SQ(12) EF_SQ(11) EF_SQ(10)
        EF_SQ(9) EF_SQ(8) EF_SQ(7) EF_SQ(6) EF_SQ(5) EF_SQ(4) EF_SQ(3) EF_SQ(2) EF_SQ(1) EF_SQ(0)
    default:
        break;
    }
#undef EF_SQ
    return u - (uint64_t)r * r > r ? (int64_t)r + 1 : (int64_t)r;
}
#endif

static int32_t imax32(int32_t a, int32_t b) { return a > b ? a : b; }

/* ---- FixedFft: windowed real FFT, fixed scaling, z interleaved (re, im) ---- */
#define EF_M (EF_FE_NFFT / 2)

/* The FFT's work array z, then (after the split) the mel sums: hi_acc, lo_acc of band b at acc[2b], acc[2b + 1]. */
static union {
    int32_t z[2 * EF_M];
    uint64_t acc[2 * EF_FE_BANDS];
} fw;
/* P (or the magnitude) of bin k: low word at 2k, high word at 2k + 1; bins at or above EF_FE_MEL_BIN_END (but for
 * k <= M/2) are not computed, and bins there are read only with weight 0 (the pad of a band of odd count) */
static uint32_t fpw[2 * EF_FE_BINS + 2];

/* (a b + c d) >> 32, the int64 sum exact: SMULL + SMLAL. Callers pass c = -x for a difference (|x| < 2^31). */
static inline int32_t dot_hi(int32_t a, int32_t b, int32_t c, int32_t d)
{
    return (int32_t)(((int64_t)a * b + (int64_t)c * d) >> 32);
}

#define EF_SQRT_HALF_Q31 1518500250   /* round(2^31 / sqrt2) */

/*
 * FixedFft.frameShift: s = S0 - bitlen(OR of v ^ (v >> 15)) over the frame, S0 = 28 + (EF_FE_FIRST_RADIX == 4).
 * Two samples per 32-bit word u (either byte order): in each 16-bit half of u ^ (u << 1) the highest set bit sits at
 * bitlen(v ^ (v >> 15)) (0-based), so its bit length minus 1 is the sample's; the low half's top bit shifted into the
 * high half changes only bit 0 of that half, which matters only for v = 0 or -1 (bit length 0 either way).
 */
static int32_t frame_shift(const int16_t *pcm)
{
    const int16_t *p = pcm + EF_FE_WINDOW_OFFSET;
    uint32_t d = 0;
    EF_UNROLL(4)
    for (int32_t n = 0; n < EF_FE_FRAME_LENGTH / 4 * 4; n += 4) {
        uint32_t u0, u1;
        memcpy(&u0, p + n, 4);
        memcpy(&u1, p + n + 2, 4);
        d |= (u0 ^ (u0 << 1)) | (u1 ^ (u1 << 1));
    }
    int32_t fold = 0;
#if EF_FE_FRAME_LENGTH % 4 != 0
    for (int32_t n = EF_FE_FRAME_LENGTH / 4 * 4; n < EF_FE_FRAME_LENGTH; n++) {
        const int32_t v = p[n];
        fold |= v ^ (v >> 15);
    }
#endif
    const int32_t bl = imax32(imax32(bitlen(d & 0xFFFF), bitlen(d >> 16)) - 1, bitlen(fold));
    return 28 + (EF_FE_FIRST_RADIX == 4) - bl;
}

#define EF_G EF_FE_FIRST_RADIX

/* Window (x = hi(pcm * 2^s, w)) and D4 of group g: four inputs at samples start + k N/4 (bit-reversed order), exact
 * int32 sums, into y[0 .. 8). */
static inline void window_d4(const int16_t *pcm, int32_t g, uint32_t scale, int32_t *y)
{
    const int32_t n0 = ef_fe_fft_start[g];
    const int16_t *p = pcm + n0;
    const int32_t *w = ef_fe_window + n0;
/* pcm << s as an unsigned product: outside the frame (window 0) it may wrap, as Java's int shift does (GCC and Clang
 * convert back modulo 2^32), instead of overflowing a signed multiply */
#define EF_X(k, c) mulhi((int32_t)((uint32_t)p[(k) * (EF_M / 2) + (c)] * scale), w[(k) * (EF_M / 2) + (c)])
    const int32_t u0r = EF_X(0, 0), u0i = EF_X(0, 1), u2r = EF_X(2, 0), u2i = EF_X(2, 1);
    const int32_t s02r = u0r + u2r, s02i = u0i + u2i, d02r = u0r - u2r, d02i = u0i - u2i;
    const int32_t u1r = EF_X(1, 0), u1i = EF_X(1, 1), u3r = EF_X(3, 0), u3i = EF_X(3, 1);
    const int32_t s13r = u1r + u3r, s13i = u1i + u3i, d13r = u1r - u3r, d13i = u1i - u3i;
#undef EF_X
    y[0] = s02r + s13r;
    y[1] = s02i + s13i;
    y[2] = d02r + d13i;   /* (u0 - u2) - i (u1 - u3) */
    y[3] = d02i - d13r;
    y[4] = s02r - s13r;
    y[5] = s02i - s13i;
    y[6] = d02r - d13i;   /* (u0 - u2) + i (u1 - u3) */
    y[7] = d02i + d13r;
}

/* The first stage, radix G: G = 4: D4 of every group into z[8g ..]. G = 8, per group h: E = D4 of group 2h (stored in
 * z[16h ..]) and O = D4 of group 2h + 1 (in registers) -> z[16h + q] = E + T, z[16h + q + 8] = E - T, T = W8^q O. */
static void fft_first_stage(const int16_t *pcm, int32_t s)
{
    const uint32_t scale = (uint32_t)1 << s;
#if EF_G == 4
    for (int32_t g = 0; g < EF_M / 4; g++) window_d4(pcm, g, scale, fw.z + 8 * g);
#else
    for (int32_t h = 0; h < EF_M / 8; h++) {
        int32_t *z = fw.z + 16 * h, o[8];
        window_d4(pcm, 2 * h, scale, z);
        window_d4(pcm, 2 * h + 1, scale, o);
        const int32_t s1 = o[2] + o[3], d1 = o[3] - o[2], d3 = o[7] - o[6], s3 = -(o[6] + o[7]);
        const int32_t t1r = dot_hi(s1, EF_SQRT_HALF_Q31, s1, EF_SQRT_HALF_Q31);
        const int32_t t1i = dot_hi(d1, EF_SQRT_HALF_Q31, d1, EF_SQRT_HALF_Q31);
        const int32_t t3r = dot_hi(d3, EF_SQRT_HALF_Q31, d3, EF_SQRT_HALF_Q31);
        const int32_t t3i = dot_hi(s3, EF_SQRT_HALF_Q31, s3, EF_SQRT_HALF_Q31);
        int32_t er = z[0], ei = z[1];
        z[0] = er + o[0];
        z[1] = ei + o[1];
        z[8] = er - o[0];
        z[9] = ei - o[1];
        er = z[2];
        ei = z[3];
        z[2] = er + t1r;
        z[3] = ei + t1i;
        z[10] = er - t1r;
        z[11] = ei - t1i;
        er = z[4];
        ei = z[5];
        z[4] = er + o[5];   /* T2 = -i O2 */
        z[5] = ei - o[4];
        z[12] = er - o[5];
        z[13] = ei + o[4];
        er = z[6];
        ei = z[7];
        z[6] = er + t3r;
        z[7] = ei + t3i;
        z[14] = er - t3r;
        z[15] = ei - t3i;
    }
#endif
}

#if EF_FE_FFT_TW_LEN > 0
/* One radix-4 butterfly at a (B, C, D times Q30 twiddles w, >> 32: /4; A >> 2). With `first` (j = 0: W^0 = 1, the
 * twiddles 2^30 and 0), each product is v >> 2 exactly, no multiplies. C' and D' first, then B' and A: shorter live
 * ranges (fewer spills). */
static inline void fft_butterfly(int32_t *a, int32_t q2, const int32_t *w, int32_t first)
{
    int32_t x = a[2 * q2], y = a[2 * q2 + 1];
    const int32_t tcr = first ? x >> 2 : dot_hi(x, w[2], -y, w[3]), tci = first ? y >> 2 : dot_hi(x, w[3], y, w[2]);
    x = a[3 * q2];
    y = a[3 * q2 + 1];
    const int32_t tdr = first ? x >> 2 : dot_hi(x, w[4], -y, w[5]), tdi = first ? y >> 2 : dot_hi(x, w[5], y, w[4]);
    const int32_t scdr = tcr + tdr, scdi = tci + tdi, dcdr = tcr - tdr, dcdi = tci - tdi;
    x = a[q2];
    y = a[q2 + 1];
    const int32_t tbr = first ? x >> 2 : dot_hi(x, w[0], -y, w[1]), tbi = first ? y >> 2 : dot_hi(x, w[1], y, w[0]);
    const int32_t ar = a[0] >> 2, ai = a[1] >> 2;
    const int32_t sabr = ar + tbr, sabi = ai + tbi, dabr = ar - tbr, dabi = ai - tbi;
    a[0] = sabr + scdr;
    a[1] = sabi + scdi;
    a[2 * q2] = sabr - scdr;
    a[2 * q2 + 1] = sabi - scdi;
    a[q2] = dabr + dcdi;
    a[q2 + 1] = dabi - dcdr;
    a[3 * q2] = dabr - dcdi;
    a[3 * q2 + 1] = dabi + dcdr;
}

/* One radix-4 stage of block length len. Called with constants, so that the offsets of B, C and D are immediates once
 * inlined. The table's twiddles for j = 0 are (2^30, 0) (FrontendTables.fftTw), which fft_butterfly's `first`
 * relies on. */
static inline void fft_radix4(int32_t len, const int32_t *tw)
{
    const int32_t q2 = len / 2;   /* L/4 complex values = L/2 ints */
    int32_t *a = fw.z;
    for (int32_t base = 0; base < EF_M; base += len, a += 3 * q2) {
        fft_butterfly(a, q2, tw, 1);
        a += 2;
        const int32_t *w = tw + 6;
        for (int32_t n = len / 4 - 1; n > 0; n--, a += 2, w += 6) fft_butterfly(a, q2, w, 0);   /* j = 1 .. L/4 - 1 */
    }
}
#endif

/* Stores bin k: P, or round(sqrt(P)) for magnitude. */
static inline void put_bin(int32_t k, int32_t re, int32_t im)
{
    int64_t v = (int64_t)re * re + (int64_t)im * im;
#if EF_FE_POWER == 1
    v = isqrt_round(v);
#endif
    fpw[2 * k] = (uint32_t)v;
    fpw[2 * k + 1] = (uint32_t)(v >> 32);
}

/* Split step for bins k and M - k (Q31 twiddles W_N^k); stores the power of k, and of M - k when `high`. */
static inline void split_pair(int32_t k, int32_t high)
{
    const int32_t *a = fw.z + 2 * k, *b = fw.z + 2 * (EF_M - k), *w = ef_fe_split_tw + 2 * k;
    const int32_t er = a[0] + b[0], ei = a[1] - b[1], or_ = a[0] - b[0], oi = a[1] + b[1];
    const int32_t tr = dot_hi(w[0], oi, w[1], or_), ti = dot_hi(w[1], oi, w[0], -or_);
    const int32_t hr = er >> 1, hi = ei >> 1;
    put_bin(k, hr + tr, hi + ti);
    if (high) put_bin(EF_M - k, hr - tr, ti - hi);
}

/* From k = EF_K0 on, bin M - k is below EF_FE_MEL_BIN_END; the bins above it have no mel weight: their power (and
 * square root) is not computed. */
#define EF_K0_RAW (EF_M + 1 - EF_FE_MEL_BIN_END)
#define EF_K0 (EF_K0_RAW < 1 ? 1 : (EF_K0_RAW > EF_M / 2 ? EF_M / 2 : EF_K0_RAW))

/* Split step and the power, exact in int64. */
static void fft_split_power(void)
{
    put_bin(0, fw.z[0] + fw.z[1], 0);
#if EF_FE_MEL_BIN_END > EF_M
    put_bin(EF_M, fw.z[0] - fw.z[1], 0);
#endif
    put_bin(EF_M / 2, fw.z[EF_M], fw.z[EF_M + 1]);
    for (int32_t k = 1; k < EF_K0; k++) split_pair(k, 0);
    EF_UNROLL(2)
    for (int32_t k = EF_K0; k < EF_M / 2; k++) split_pair(k, 1);
}

/* ---- FixedFrontend.frame ---- */

/*
 * Log of one band (FixedFrontend.logUnits): V = hi_acc * 2^32 + lo_acc; floor for V == 0, else log2Q30(V) + exponent
 * and band constant, in output units (Q16). Same integers as the Java, in 32-bit words: V < 2^92 is the three words
 * (t >> 32, t, lo_acc) with t = floor(V / 2^32); from its first nonzero word, n = clz and the next word give the top
 * 32 bits m32 of V (zeros below V's last bit) and its bit length bl, so FixedMath.log2Q30's mantissa (V's top 31 bits)
 * is m32 >> 1. With the band constant nq (Q24) split into nq >> 24 and its low 24 bits, (L2 + 2^13) >> 14 =
 * (bl - 1 - exponent + (nq >> 24)) * 2^16 + ((f + (nq & (2^24 - 1)) * 2^6 + 2^13) >> 14) exactly (a multiple of 2^30
 * passes the shift unchanged), and f + (nq & (2^24 - 1)) * 2^6 + 2^13 < 2^31.
 */
static int32_t log_units(uint64_t hi_acc, uint64_t lo_acc, int32_t exponent, int32_t band)
{
    const uint64_t top = hi_acc + (lo_acc >> 32);   /* < 2^60 */
    uint32_t w1 = (uint32_t)(top >> 32), w0 = (uint32_t)top;
    int32_t bl = 96;
    if (w1 == 0) {   /* V < 2^64: drop a word */
        w1 = w0;
        w0 = (uint32_t)lo_acc;
        bl = 64;
        if (w1 == 0) {
            if (w0 == 0) return EF_FE_FLOOR_Q16;
            w1 = w0;
            w0 = 0;
            bl = 32;
        }
    }
    const int32_t n = __builtin_clz(w1);
    const uint32_t m32 = (w1 << n) | ((w0 >> 1) >> (31 - n));
    bl -= n;
    const int32_t idx = (int32_t)(m32 >> 23) - 256, frac = (int32_t)((m32 >> 1) & 0x3FFFFF);
    const int32_t t0 = ef_fe_log2_table[idx];
    const uint32_t d = (uint32_t)(ef_fe_log2_table[idx + 1] - t0);   /* > 0: the table increases */
    const int32_t f = t0 + (int32_t)(((uint64_t)d * (uint32_t)frac + (1 << 21)) >> 22);
    const int32_t nq = ef_fe_mel_log2_norm_q24[band];
    const int32_t l16 = (bl - 1 - exponent + (nq >> 24)) * 65536 + ((f + (nq & 0xFFFFFF) * 64 + (1 << 13)) >> 14);
    const int32_t v = (int32_t)(((int64_t)l16 * EF_FE_LOG_UNIT_Q28 + (1 << 27)) >> 28) - EF_FE_REF_Q16;
    return imax32(v, EF_FE_FLOOR_Q16);
}

/* Radix-4 stages L = 4G, 16G, ..: twiddles at 6 (G + 4G + ..) / 4. */
static void fft_radix4_stages(void)
{
#if EF_M >= 4 * EF_G
    fft_radix4(4 * EF_G, ef_fe_fft_tw);
#endif
#if EF_M >= 16 * EF_G
    fft_radix4(16 * EF_G, ef_fe_fft_tw + 6 * EF_G);
#endif
#if EF_M >= 64 * EF_G
    fft_radix4(64 * EF_G, ef_fe_fft_tw + 30 * EF_G);
#endif
#if EF_M >= 256 * EF_G
    fft_radix4(256 * EF_G, ef_fe_fft_tw + 126 * EF_G);
#endif
#if EF_M >= 1024 * EF_G
    fft_radix4(1024 * EF_G, ef_fe_fft_tw + 510 * EF_G);
#endif
}

/* Sparse mel on the two words of each bin: hi_acc, lo_acc of every band into fw.acc. Not inlined: alone, the loop
 * keeps every value in a register. */
static EF_NOINLINE void mel_sums(void)
{
    uint64_t *acc = fw.acc;
    const uint32_t *w = ef_fe_mel_weight;   /* the bands' weight words follow each other */
    for (int32_t b = 0; b < EF_FE_BANDS; b++) {
        const uint32_t band = ef_fe_mel_band[b];
        const uint32_t *v = fpw + 2 * (band & 0xFFFF);
        uint64_t hi_acc = 0, lo_acc = 0;   /* < 2^59 each: the band sum split in the words of P (UMLAL) */
        for (uint32_t n = band >> 16; n > 0; n--, v += 4) {   /* two bins per weight word */
            const uint32_t w0 = *w & 0xFFFF, w1 = *w++ >> 16;   /* the pad weight of an odd count is 0 */
            lo_acc += (uint64_t)v[0] * w0;
            hi_acc += (uint64_t)v[1] * w0;
            lo_acc += (uint64_t)v[2] * w1;
            hi_acc += (uint64_t)v[3] * w1;
        }
        acc[2 * b] = hi_acc;
        acc[2 * b + 1] = lo_acc;
    }
}

/* The log of every band from the sums of mel_sums. */
static void mel_log(int32_t s, int32_t *out)
{
    const uint64_t *acc = fw.acc;
    const int32_t exponent = EF_FE_UNIT_SHIFT + EF_FE_POWER * s;
    for (int32_t b = 0; b < EF_FE_BANDS; b++) out[b] = log_units(acc[2 * b], acc[2 * b + 1], exponent, b);
}

void earforge_frontend_frame(const int16_t *pcm, int32_t *out)
{
    const int32_t s = frame_shift(pcm);
    fft_first_stage(pcm, s);
    fft_radix4_stages();
    fft_split_power();
    mel_sums();
    mel_log(s, out);
}

/* ---- FixedFrontend.finish + quantize on one window ---- */
static int8_t quantize(int32_t f, int32_t ch)
{
    const int64_t v = ((int64_t)f * ef_fe_quant_mul[ch] + ef_fe_quant_offset[ch]) >> EF_FE_QUANT_SHIFT;
    return (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
}

void earforge_frontend_window(const int32_t *const *frames, int8_t *input)
{
    int32_t lo = INT32_MIN;
#if EF_FE_TOP_DB_Q16 >= 0
    int32_t max = INT32_MIN;
    for (int32_t f = 0; f < EF_FE_FRAMES_PER_WINDOW; f++) {
        for (int32_t b = 0; b < EF_FE_BANDS; b++) max = imax32(max, frames[f][b]);
    }
    lo = max - EF_FE_TOP_DB_Q16;
#endif
    for (int32_t f = 0; f < EF_FE_FRAMES_PER_WINDOW; f++) {
        const int32_t *a = frames[f];
        for (int32_t ch = 0; ch < EF_FE_CHANNELS; ch++) {
#if EF_FE_COEFFS > 0
            int64_t acc = 0;
            for (int32_t b = 0; b < EF_FE_BANDS; b++) acc += (int64_t)ef_fe_dct[ch * EF_FE_BANDS + b] * imax32(a[b], lo);
            const int32_t v = (int32_t)((acc + ((int64_t)1 << 29)) >> 30);   /* FixedMath.roundShift(acc, 30) */
#else
            const int32_t v = imax32(a[ch], lo);
#endif
#if EF_FE_TRANSPOSE
            input[ch * EF_FE_FRAMES_PER_WINDOW + f] = quantize(v, ch);
#else
            input[f * EF_FE_CHANNELS + ch] = quantize(v, ch);
#endif
        }
    }
}

/* ---- Streaming ---- */
void earforge_stream_init(earforge_stream *s)
{
    memset(s, 0, sizeof *s);
    s->until_frame = EF_FE_NFFT;
}

int32_t earforge_stream_push(earforge_stream *s, const int16_t *chunk, int32_t len, earforge_window_fn on_window, void *ctx)
{
    int32_t emitted = 0, i = 0;
    while (i < len) {
        const int32_t n = len - i < s->until_frame ? len - i : s->until_frame;
        if (n >= EF_FE_NFFT) {   /* hop > nFft: only the newest nFft samples matter */
            memcpy(s->buf, chunk + i + n - EF_FE_NFFT, sizeof s->buf);
            s->filled = EF_FE_NFFT;
        } else {
            if (s->filled + n > EF_FE_NFFT) {   /* keep the newest nFft - n samples */
                const int32_t drop = s->filled + n - EF_FE_NFFT;
                memmove(s->buf, s->buf + drop, (size_t)(s->filled - drop) * sizeof s->buf[0]);
                s->filled -= drop;
            }
            memcpy(s->buf + s->filled, chunk + i, (size_t)n * sizeof s->buf[0]);
            s->filled += n;
        }
        i += n;
        s->until_frame -= n;
        if (s->until_frame == 0) {
            EARFORGE_FE_PROBE_BEGIN(EF_FE_STAGE_FRAME);
            earforge_frontend_frame(s->buf, s->history[s->head]);
            EARFORGE_FE_PROBE_END(EF_FE_STAGE_FRAME);
            s->head = (s->head + 1) % EF_FE_FRAMES_PER_WINDOW;
            s->until_frame = EF_FE_HOP;
            s->frames++;
            if (s->frames >= EF_FE_FRAMES_PER_WINDOW && (s->frames - EF_FE_FRAMES_PER_WINDOW) % EF_FE_WINDOW_STEP == 0) {
                const int32_t *rows[EF_FE_FRAMES_PER_WINDOW];
                for (int32_t r = 0; r < EF_FE_FRAMES_PER_WINDOW; r++) rows[r] = s->history[(s->head + r) % EF_FE_FRAMES_PER_WINDOW];
                EARFORGE_FE_PROBE_BEGIN(EF_FE_STAGE_WINDOW);
                earforge_frontend_window(rows, s->input);
                EARFORGE_FE_PROBE_END(EF_FE_STAGE_WINDOW);
                on_window(s->input, ctx);
                emitted++;
            }
        }
    }
    return emitted;
}
