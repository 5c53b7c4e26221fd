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
 * 13 registers of Cortex-M (without it 42.7 k instead of 45.9 k instructions per sbcnn frame). Without reassociation
 * the mel sums stay one UMLAL per product (else UMULL + UMLAL + ADDS/ADC pairs; 44.8 k with it). */
#pragma GCC optimize("no-schedule-insns", "no-tree-reassoc")
#endif

#if defined(__GNUC__)
#define EF_NOINLINE __attribute__((noinline))
#define EF_INLINE inline __attribute__((always_inline))
#define EF_FALLTHROUGH __attribute__((fallthrough));
#define EF_PRAGMA(x) _Pragma(#x)
#define EF_UNROLL(n) EF_PRAGMA(GCC unroll n)
#else
#define EF_NOINLINE
#define EF_INLINE inline
#define EF_FALLTHROUGH
#define EF_UNROLL(n)
#endif

typedef char ef_arithmetic_shift_check[((-1 >> 1) == -1 && ((int64_t)-1 >> 1) == -1) ? 1 : -1];

/* FixedMath.bitlen: 0 for 0, else floor(log2 x) + 1 (x >= 0). */
static int32_t bitlen(int64_t x)
{
    return x == 0 ? 0 : 64 - __builtin_clzll((uint64_t)x);
}

/* FixedFft.hi: the high word of the 64-bit product; mla_hi(c, a, b) = c + hi(a, b), mls_hi(c, a, b) = c + hin(a, b)
 * (hin = floor(-a b / 2^32)); mla(c, a, b) = c + a b, mls(c, a, b) = c - a b (the window pass: written out, GCC would
 * share the product a b between the two). With the DSP extension (Cortex-M4/M7/M33) one SMMUL, SMMLA, SMMLS, MLA,
 * MLS each. */
#if defined(__ARM_FEATURE_DSP) && defined(__GNUC__)
static inline int32_t mulhi(int32_t a, int32_t b)
{
    int32_t r;
    __asm__("smmul %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
#define EF_ASM_ACC(name, insn)                                                                   \
    static inline int32_t name(int32_t c, int32_t a, int32_t b)                                  \
    {                                                                                            \
        int32_t r;                                                                               \
        __asm__(insn " %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(c));                      \
        return r;                                                                                \
    }
EF_ASM_ACC(mla_hi, "smmla")
EF_ASM_ACC(mls_hi, "smmls")
EF_ASM_ACC(mla, "mla")
EF_ASM_ACC(mls, "mls")
#else
static inline int32_t mulhi(int32_t a, int32_t b) { return (int32_t)(((int64_t)a * b) >> 32); }
static inline int32_t mla_hi(int32_t c, int32_t a, int32_t b) { return c + mulhi(a, b); }
static inline int32_t mls_hi(int32_t c, int32_t a, int32_t b) { return c + (int32_t)((-((int64_t)a * b)) >> 32); }
static inline int32_t mla(int32_t c, int32_t a, int32_t b) { return c + a * b; }
static inline int32_t mls(int32_t c, int32_t a, int32_t b) { return c - a * b; }
#endif

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

/* Two adjacent int32 (a complex value): one LDRD / STRD on little-endian Arm, two accesses elsewhere. */
static inline void ld2(const int32_t *p, int32_t *x, int32_t *y)
{
#if defined(__ARM_FEATURE_DSP) && defined(__ARMEL__)
    __asm__("ldrd %0, %1, %2" : "=r"(*x), "=r"(*y) : "m"(*(const uint64_t *)p));
#else
    *x = p[0];
    *y = p[1];
#endif
}

/* ld2 at *p, then *p += 2 (ld2_next) or -= 2 (ld2_prev): LDRD with post-increment / post-decrement. */
#if defined(__ARM_FEATURE_DSP) && defined(__ARMEL__)
#define EF_LD2_STEP(name, step)                                                                            \
    static inline void name(const int32_t **p, int32_t *x, int32_t *y)                                     \
    {                                                                                                      \
        __asm__("ldrd %0, %1, [%2], #" #step : "=r"(*x), "=r"(*y), "+r"(*p) : "m"(*(const uint64_t *)*p)); \
    }
#define EF_ST2_STEP(name, step)                                                                     \
    static inline void name(int32_t **p, int32_t x, int32_t y)                                      \
    {                                                                                               \
        __asm__("strd %2, %3, [%1], #" #step : "=m"(*(uint64_t *)*p), "+r"(*p) : "r"(x), "r"(y));   \
    }
#else
#define EF_LD2_STEP(name, step)                                        \
    static inline void name(const int32_t **p, int32_t *x, int32_t *y) \
    {                                                                  \
        *x = (*p)[0];                                                  \
        *y = (*p)[1];                                                  \
        *p += (step) / 4;                                              \
    }
#define EF_ST2_STEP(name, step)                                 \
    static inline void name(int32_t **p, int32_t x, int32_t y) \
    {                                                           \
        (*p)[0] = x;                                            \
        (*p)[1] = y;                                            \
        *p += (step) / 4;                                       \
    }
#endif
EF_LD2_STEP(ld2_next, 8)
EF_LD2_STEP(ld2_prev, -8)
EF_ST2_STEP(st2_next, 8)
EF_ST2_STEP(st2_prev, -8)

static inline void st2(int32_t *p, int32_t x, int32_t y)
{
#if defined(__ARM_FEATURE_DSP) && defined(__ARMEL__)
    const uint64_t v = (uint32_t)x | (uint64_t)(uint32_t)y << 32;
    memcpy(p, &v, 8);
#else
    p[0] = x;
    p[1] = y;
#endif
}

#define EF_SQRT_HALF_Q31 1518500250   /* round(2^31 / sqrt2) */

/*
 * FixedFft.frameShift: s = S0 - bitlen(OR of v ^ (v >> 15)) over the frame, S0 = 15 + (EF_FE_FIRST_RADIX == 4).
 * Two samples per 32-bit word u (either byte order): in each 16-bit half of u ^ (u << 1) the highest set bit sits at
 * bitlen(v ^ (v >> 15)) (0-based), so its bit length minus 1 is the sample's; the low half's top bit shifted into the
 * high half changes only bit 0 of that half, which matters only for v = 0 or -1 (bit length 0 either way).
 */
static int32_t frame_shift(const int16_t *pcm)
{
    const int16_t *p = pcm + EF_FE_WINDOW_OFFSET;
    uint32_t d = 0;
#if defined(__ARM_FEATURE_DSP) && defined(__ARMEL__)
    if (((uintptr_t)p & 3) == 0) {   /* LDRD needs word alignment (streaming frames have it: even hops) */
        const int32_t *q = (const int32_t *)(const void *)p;
        EF_UNROLL(4)
        for (int32_t n = 0; n < EF_FE_FRAME_LENGTH / 4; n++) {
            int32_t v0, v1;
            ld2_next(&q, &v0, &v1);
            d |= ((uint32_t)v0 ^ ((uint32_t)v0 << 1)) | ((uint32_t)v1 ^ ((uint32_t)v1 << 1));
        }
    } else
#endif
    {
        EF_UNROLL(4)
        for (int32_t n = 0; n < EF_FE_FRAME_LENGTH / 4 * 4; n += 4) {
            uint32_t u0, u1;
            memcpy(&u0, p + n, 4);
            memcpy(&u1, p + n + 2, 4);
            d |= (u0 ^ (u0 << 1)) | (u1 ^ (u1 << 1));
        }
    }
    int32_t fold = 0;
#if EF_FE_FRAME_LENGTH % 4 != 0
    for (int32_t n = EF_FE_FRAME_LENGTH / 4 * 4; n < EF_FE_FRAME_LENGTH; n++) {
        const int32_t v = p[n];
        fold |= v ^ (v >> 15);
    }
#endif
    const int32_t bl = imax32(imax32(bitlen(d & 0xFFFF), bitlen(d >> 16)) - 1, bitlen(fold));
    return 15 + (EF_FE_FIRST_RADIX == 4) - bl;
}

#define EF_G EF_FE_FIRST_RADIX

/* One complex FFT input: samples p[0], p[1] times the window pair w[0], w[1] (Q28), (w pcm) >> 16 each (SMULWB and
 * SMULWT on the sample pair with the DSP extension). */
static inline void window_pair(const int16_t *p, const int32_t *w, int32_t *xr, int32_t *xi)
{
#if defined(__ARM_FEATURE_DSP) && defined(__ARMEL__)
    uint32_t u;
    int32_t wr, wi;
    memcpy(&u, p, 4);
    ld2(w, &wr, &wi);
    __asm__("smulwb %0, %1, %2" : "=r"(*xr) : "r"(wr), "r"(u));
    __asm__("smulwt %0, %1, %2" : "=r"(*xi) : "r"(wi), "r"(u));
#else
    *xr = (int32_t)(((int64_t)w[0] * p[0]) >> 16);
    *xi = (int32_t)(((int64_t)w[1] * p[1]) >> 16);
#endif
}

/* Window (x = ((w pcm) >> 16) * scale, |x| <= 2^27 or 2^28 with scale = 2^s) and D4 of group g: four inputs at
 * samples p + k N/4 (bit-reversed order), window values w[0 .. 8), exact int32 sums, into y[0 .. 8).
 * u0 scale +/- u2 scale is one MUL, one MLA and one MLS. */
static inline void window_d4(const int16_t *p, const int32_t *w, int32_t scale, int32_t *y)
{
    int32_t u0r, u0i, u1r, u1i, u2r, u2i, u3r, u3i;
    window_pair(p, w, &u0r, &u0i);
    window_pair(p + EF_M, w + 4, &u2r, &u2i);
    u0r *= scale;
    u0i *= scale;
    const int32_t s02r = mla(u0r, u2r, scale), s02i = mla(u0i, u2i, scale), d02r = mls(u0r, u2r, scale),
                  d02i = mls(u0i, u2i, scale);
    window_pair(p + EF_M / 2, w + 2, &u1r, &u1i);
    window_pair(p + 3 * (EF_M / 2), w + 6, &u3r, &u3i);
    u1r *= scale;
    u1i *= scale;
    const int32_t s13r = mla(u1r, u3r, scale), s13i = mla(u1i, u3i, scale), d13r = mls(u1r, u3r, scale),
                  d13i = mls(u1i, u3i, scale);
    st2(y, s02r + s13r, s02i + s13i);
    st2(y + 2, d02r + d13i, d02i - d13r);   /* (u0 - u2) - i (u1 - u3) */
    st2(y + 4, s02r - s13r, s02i - s13i);
    st2(y + 6, d02r - d13i, d02i + d13r);   /* (u0 - u2) + i (u1 - u3) */
}

/* The first stage, radix G: window and D4 of every group of four into z[8g ..]; for G = 8 then E +/- T (below). */
static EF_NOINLINE void fft_window_d4(const int16_t *pcm, int32_t s)
{
    int32_t scale = (int32_t)1 << s;   /* x * 2^s as a product: no overflow (|x| 2^s <= 2^28) */
#if defined(__GNUC__)
    __asm__("" : "+r"(scale));   /* a plain factor to the compiler: MUL, not a shift by a second register */
#endif
    const int32_t *w = ef_fe_fft_window;   /* per pair of groups: first sample, 16 window values */
    for (int32_t *z = fw.z; z < fw.z + 2 * EF_M; z += 16, w += 17) {
        const int16_t *p = pcm + w[0];
        window_d4(p, w + 1, scale, z);
        window_d4(p + EF_M / 4, w + 9, scale, z + 8);   /* group 2h + 1 starts M/4 samples after group 2h */
    }
}

#if EF_G == 8
/* G = 8, per group h: E = z[16h ..] and O = z[16h + 8 ..] (D4 of groups 2h, 2h + 1) -> z[16h + q] = E + T,
 * z[16h + q + 8] = E - T, T = W8^q O with r(v) = 2 hi(v, C) (the factor 2 folds into the add). */
static void fft_radix8_combine(void)
{
    for (int32_t *z = fw.z; z < fw.z + 2 * EF_M; z += 16) {
        int32_t er, ei, or_, oi, tr, ti;
        ld2(z, &er, &ei);
        ld2(z + 8, &or_, &oi);
        st2(z, er + or_, ei + oi);
        st2(z + 8, er - or_, ei - oi);
        ld2(z + 2, &er, &ei);
        ld2(z + 10, &or_, &oi);
        tr = mulhi(or_ + oi, EF_SQRT_HALF_Q31);   /* T1 = (r(o1r + o1i), r(o1i - o1r)) */
        ti = mulhi(oi - or_, EF_SQRT_HALF_Q31);
        st2(z + 2, er + 2 * tr, ei + 2 * ti);
        st2(z + 10, er - 2 * tr, ei - 2 * ti);
        ld2(z + 4, &er, &ei);
        ld2(z + 12, &or_, &oi);
        st2(z + 4, er + oi, ei - or_);   /* T2 = -i O2 */
        st2(z + 12, er - oi, ei + or_);
        ld2(z + 6, &er, &ei);
        ld2(z + 14, &or_, &oi);
        tr = mulhi(oi - or_, EF_SQRT_HALF_Q31);   /* T3 = (r(o3i - o3r), r(-(o3r + o3i))) */
        ti = mls_hi(0, or_ + oi, EF_SQRT_HALF_Q31);
        st2(z + 6, er + 2 * tr, ei + 2 * ti);
        st2(z + 14, er - 2 * tr, ei - 2 * ti);
    }
}
#endif

#if EF_FE_FFT_TW_LEN > 0
/* One radix-4 butterfly at a (C, D, B times the Q30 twiddles W^j, W^3j, W^2j read from *tw, high words: /4; A >> 2).
 * With `first` (j = 0: W^0 = 1), each product is v >> 2 exactly: no multiplies, no twiddles read. C' and D' first,
 * then B' and A: shorter live ranges (fewer spills). */
static EF_INLINE void fft_butterfly(int32_t *a, int32_t q2, const int32_t **tw, int32_t first)
{
    int32_t x, y, wr, wi;
    ld2(a + 2 * q2, &x, &y);
    if (!first) ld2_next(tw, &wr, &wi);   /* W^j */
    const int32_t tcr = first ? x >> 2 : mls_hi(mulhi(x, wr), y, wi);
    const int32_t tci = first ? y >> 2 : mla_hi(mulhi(x, wi), y, wr);
    ld2(a + 3 * q2, &x, &y);
    if (!first) ld2_next(tw, &wr, &wi);   /* W^3j */
    const int32_t tdr = first ? x >> 2 : mls_hi(mulhi(x, wr), y, wi);
    const int32_t tdi = first ? y >> 2 : mla_hi(mulhi(x, wi), y, wr);
    const int32_t scdr = tcr + tdr, scdi = tci + tdi, dcdr = tcr - tdr, dcdi = tci - tdi;
    ld2(a + q2, &x, &y);
    if (!first) ld2_next(tw, &wr, &wi);   /* W^2j */
    const int32_t tbr = first ? x >> 2 : mls_hi(mulhi(x, wr), y, wi);
    const int32_t tbi = first ? y >> 2 : mla_hi(mulhi(x, wi), y, wr);
    ld2(a, &x, &y);
    const int32_t ar = x >> 2, ai = y >> 2;
    const int32_t sabr = ar + tbr, sabi = ai + tbi, dabr = ar - tbr, dabi = ai - tbi;
    st2(a, sabr + scdr, sabi + scdi);
    st2(a + 2 * q2, sabr - scdr, sabi - scdi);
    st2(a + q2, dabr + dcdi, dabi - dcdr);
    st2(a + 3 * q2, dabr - dcdi, dabi + dcdr);
}

/* One radix-4 stage of block length len. Called with constants, so that the offsets of B, C and D are immediates once
 * inlined. The table's twiddles for j = 0 are (2^30, 0) (FrontendTables.fftTw), which fft_butterfly's `first`
 * relies on. */
static EF_INLINE void fft_radix4(int32_t len, const int32_t *tw)
{
    const int32_t q2 = len / 2;   /* L/4 complex values = L/2 ints */
    int32_t *a = fw.z;
    for (int32_t base = 0; base < EF_M; base += len, a += 3 * q2) {
        fft_butterfly(a, q2, 0, 1);
        const int32_t *w = tw + 6;
        fft_butterfly(a + 2, q2, &w, 0);
        a += 4;
        for (int32_t n = len / 8 - 1; n > 0; n--, a += 4) {   /* j = 2 .. L/4 - 1, two per turn (L/4 is even) */
            fft_butterfly(a, q2, &w, 0);
            fft_butterfly(a + 2, q2, &w, 0);
        }
    }
}
#endif

/* A bin's P, or round(sqrt(P)) for magnitude, as its two words (low, high). */
static inline uint64_t bin_value(int32_t re, int32_t im)
{
    int64_t v = (int64_t)re * re + (int64_t)im * im;
#if EF_FE_POWER == 1
    v = isqrt_round(v);
#endif
    return (uint64_t)v;
}

static inline void put_bin(uint32_t *p, int32_t re, int32_t im)
{
    const uint64_t v = bin_value(re, im);
    p[0] = (uint32_t)v;
    p[1] = (uint32_t)(v >> 32);
}

/* Split step for bins k and M - k (Q31 twiddles W_N^k): *a = Z[k], *b = Z[M - k], *w = W_N^k; stores the power of k
 * at *pk, and of M - k at *pm when `high`; a, w, pk step up, b, pm down. */
static inline void split_pair(const int32_t **a, const int32_t **b, const int32_t **w, int32_t **pk, int32_t **pm,
                              int32_t high)
{
    int32_t ar, ai, br, bi, wr, wi;
    ld2_next(a, &ar, &ai);
    ld2_prev(b, &br, &bi);
    ld2_next(w, &wr, &wi);
    const int32_t er = ar + br, ei = ai - bi, or_ = ar - br, oi = ai + bi;
    const int32_t tr = mla_hi(mulhi(wr, oi), wi, or_), ti = mls_hi(mulhi(wi, oi), wr, or_);
    const int32_t hr = er >> 1, hi = ei >> 1;
    uint64_t v = bin_value(hr + tr, hi + ti);
    st2_next(pk, (int32_t)(uint32_t)v, (int32_t)(uint32_t)(v >> 32));
    if (high) {
        v = bin_value(hr - tr, ti - hi);
        st2_prev(pm, (int32_t)(uint32_t)v, (int32_t)(uint32_t)(v >> 32));
    }
}

/* From k = EF_K0 on, bin M - k is below EF_FE_MEL_BIN_END; the bins above it have no mel weight: their power (and
 * square root) is not computed. */
#define EF_K0_RAW (EF_M + 1 - EF_FE_MEL_BIN_END)
#define EF_K0 (EF_K0_RAW < 1 ? 1 : (EF_K0_RAW > EF_M / 2 ? EF_M / 2 : EF_K0_RAW))

/* Split step and the power, exact in int64; pointers walk k up and M - k down. */
static EF_NOINLINE void fft_split_power(void)
{
    put_bin(fpw, fw.z[0] + fw.z[1], 0);
#if EF_FE_MEL_BIN_END > EF_M
    put_bin(fpw + 2 * EF_M, fw.z[0] - fw.z[1], 0);
#endif
    put_bin(fpw + EF_M, fw.z[EF_M], fw.z[EF_M + 1]);
    const int32_t *a = fw.z + 2, *b = fw.z + 2 * EF_M - 2, *w = ef_fe_split_tw + 2;
    int32_t *pk = (int32_t *)fpw + 2, *pm = (int32_t *)fpw + 2 * EF_M - 2;
    int32_t k = 1;
    for (; k < EF_K0; k++, pm -= 2) split_pair(&a, &b, &w, &pk, &pm, 0);   /* bin M - k not stored: pm steps here */
    EF_UNROLL(2)
    for (; k < EF_M / 2; k++) split_pair(&a, &b, &w, &pk, &pm, 1);
}

/* ---- FixedFrontend.frame ---- */

/*
 * Log of one band (FixedFrontend.logUnits), in int32: V = hi_acc * 2^32 + lo_acc < 2^92 is the three words
 * (t >> 32, t, lo_acc) with t = floor(V / 2^32). From its first nonzero word, n = clz and the next word give the top
 * 32 bits m32 of V (zeros below V's last bit) and e = floor(log2 V); V's top 25 bits are m32 >> 7: idx = bits 30..23,
 * frac = bits 22..7. a = -(unitShift + power s) logK of the frame, c = logBand[b].
 */
static inline int32_t log_units(uint64_t hi_acc, uint64_t lo_acc, int32_t a, int32_t c)
{
    const uint64_t top = hi_acc + (lo_acc >> 32);   /* < 2^60 */
    uint32_t w1 = (uint32_t)(top >> 32), w0 = (uint32_t)top;
    int32_t e = 95;
    if (w1 == 0) {   /* V < 2^64: drop a word */
        w1 = w0;
        w0 = (uint32_t)lo_acc;
        e = 63;
        if (w1 == 0) {
            if (w0 == 0) return EF_FE_FLOOR_Q16;
            w1 = w0;
            w0 = 0;
            e = 31;
        }
    }
    const int32_t n = __builtin_clz(w1);
    const uint32_t m32 = (w1 << n) | ((w0 >> 1) >> (31 - n));
    int32_t t, d;
    ld2(ef_fe_log_table + 2 * ((m32 >> 23) & 0xFF), &t, &d);
    const int32_t frac = (int32_t)((m32 >> 7) & 0xFFFF);
    const int32_t acc = (e - n) * EF_FE_LOG_K + a + c + t + ((d * frac) >> 16);   /* d frac < 2^31 */
    return imax32(acc >> 4, EF_FE_FLOOR_Q16);
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

/* Two bins of a band: their weights w0, w1 times both words of P, into the band's sums (4 UMLAL; UMULL from 0). */
static inline void mel_pair(const int32_t **w, const int32_t **v, uint64_t *lo_acc, uint64_t *hi_acc)
{
    int32_t l0, h0, l1, h1, w0, w1;
    ld2_next(w, &w0, &w1);
    ld2_next(v, &l0, &h0);
    ld2_next(v, &l1, &h1);
    *lo_acc += (uint64_t)(uint32_t)l0 * (uint32_t)w0;
    *hi_acc += (uint64_t)(uint32_t)h0 * (uint32_t)w0;
    *lo_acc += (uint64_t)(uint32_t)l1 * (uint32_t)w1;
    *hi_acc += (uint64_t)(uint32_t)h1 * (uint32_t)w1;
}

/* Sparse mel on the two words of each bin: hi_acc, lo_acc of every band into fw.acc. Not inlined: alone, the loop
 * keeps every value in a register. */
static EF_NOINLINE void mel_sums(void)
{
    uint64_t *acc = fw.acc;
    const int32_t *w = (const int32_t *)ef_fe_mel_weight;   /* the bands' weights follow each other */
    for (int32_t b = 0; b < EF_FE_BANDS; b++) {
        const uint32_t band = ef_fe_mel_band[b];
        const int32_t *v = (const int32_t *)fpw + 2 * (band & 0xFFFF);
        uint32_t n = band >> 16;   /* pairs of bins; the pad weight of an odd count is 0 */
        uint64_t hi_acc = 0, lo_acc = 0;   /* < 2^59 each: the band sum split in the words of P */
        if (n > 0) {
            mel_pair(&w, &v, &lo_acc, &hi_acc);   /* the first pair from known zeros: UMULL, no zeroed registers */
            for (n--; n > 0; n--) mel_pair(&w, &v, &lo_acc, &hi_acc);
        }
        acc[2 * b] = hi_acc;
        acc[2 * b + 1] = lo_acc;
    }
}

/* The log of every band from the sums of mel_sums. */
static void mel_log(int32_t s, int32_t *out)
{
    const uint64_t *acc = fw.acc;
    const int32_t a = -(EF_FE_UNIT_SHIFT + EF_FE_POWER * s) * EF_FE_LOG_K;
    for (int32_t b = 0; b < EF_FE_BANDS; b++) out[b] = log_units(acc[2 * b], acc[2 * b + 1], a, ef_fe_log_band[b]);
}

void earforge_frontend_frame(const int16_t *pcm, int32_t *out)
{
    const int32_t s = frame_shift(pcm);
    fft_window_d4(pcm, s);
#if EF_G == 8
    fft_radix8_combine();
#endif
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
