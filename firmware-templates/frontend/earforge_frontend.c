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
 * 13 registers of Cortex-M: without it the radix-4 butterfly is 48 instead of about 60 instructions. */
#pragma GCC optimize("no-schedule-insns")
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
/* FixedMath.isqrtRound: round(sqrt(x)), digit by digit, exact. */
static int64_t isqrt_round(int64_t x)
{
    int64_t r = 0, bit = (int64_t)1 << 62;
    while (bit > x) bit >>= 2;
    while (bit != 0) {
        if (x >= r + bit) {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return x > r ? r + 1 : r;
}
#endif

static int32_t imax32(int32_t a, int32_t b) { return a > b ? a : b; }

/* ---- FixedFft: windowed real FFT, fixed scaling, z interleaved (re, im) ---- */
#define EF_M (EF_FE_NFFT / 2)
static int32_t fz[2 * EF_M];
static uint32_t fpw[2 * EF_FE_BINS];   /* P (or the magnitude) of bin k: low word at 2k, high word at 2k + 1 */

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
/* Window (x = hi(pcm * 2^s, w)) and D4 of every group of four inputs (samples start + k N/4, bit-reversed order),
 * exact int32 sums, into z[8g ..]. */
static void fft_window_d4(const int16_t *pcm, int32_t s)
{
    const int32_t scale = (int32_t)1 << s;
    int32_t *z = fz;
    for (int32_t g = 0; g < EF_M / 4; g++, z += 8) {
        const int32_t n0 = ef_fe_fft_start[g];
        const int16_t *p = pcm + n0;
        const int32_t *w = ef_fe_window + n0;
#define EF_X(k, c) mulhi(p[(k) * (EF_M / 2) + (c)] * scale, w[(k) * (EF_M / 2) + (c)])
        const int32_t u0r = EF_X(0, 0), u0i = EF_X(0, 1), u2r = EF_X(2, 0), u2i = EF_X(2, 1);
        const int32_t s02r = u0r + u2r, s02i = u0i + u2i, d02r = u0r - u2r, d02i = u0i - u2i;
        const int32_t u1r = EF_X(1, 0), u1i = EF_X(1, 1), u3r = EF_X(3, 0), u3i = EF_X(3, 1);
        const int32_t s13r = u1r + u3r, s13i = u1i + u3i, d13r = u1r - u3r, d13i = u1i - u3i;
#undef EF_X
        z[0] = s02r + s13r;
        z[1] = s02i + s13i;
        z[2] = d02r + d13i;   /* (u0 - u2) - i (u1 - u3) */
        z[3] = d02i - d13r;
        z[4] = s02r - s13r;
        z[5] = s02i - s13i;
        z[6] = d02r - d13i;   /* (u0 - u2) + i (u1 - u3) */
        z[7] = d02i + d13r;
    }
}

#if EF_G == 8
/* Radix 8: E = z[16h ..] and O = z[16h + 8 ..] (D4 of the even and odd inputs) -> E + T, E - T, T = W8^q O. */
static void fft_radix8_combine(void)
{
    for (int32_t *z = fz; z < fz + 2 * EF_M; z += 16) {
        const int32_t s1 = z[10] + z[11], d1 = z[11] - z[10], d3 = z[15] - z[14], s3 = -(z[14] + z[15]);
        const int32_t t1r = dot_hi(s1, EF_SQRT_HALF_Q31, s1, EF_SQRT_HALF_Q31);
        const int32_t t1i = dot_hi(d1, EF_SQRT_HALF_Q31, d1, EF_SQRT_HALF_Q31);
        const int32_t t3r = dot_hi(d3, EF_SQRT_HALF_Q31, d3, EF_SQRT_HALF_Q31);
        const int32_t t3i = dot_hi(s3, EF_SQRT_HALF_Q31, s3, EF_SQRT_HALF_Q31);
        const int32_t o0r = z[8], o0i = z[9], o2r = z[12], o2i = z[13];
        int32_t er = z[0], ei = z[1];
        z[0] = er + o0r;
        z[1] = ei + o0i;
        z[8] = er - o0r;
        z[9] = ei - o0i;
        er = z[2];
        ei = z[3];
        z[2] = er + t1r;
        z[3] = ei + t1i;
        z[10] = er - t1r;
        z[11] = ei - t1i;
        er = z[4];
        ei = z[5];
        z[4] = er + o2i;   /* T2 = -i O2 */
        z[5] = ei - o2r;
        z[12] = er - o2i;
        z[13] = ei + o2r;
        er = z[6];
        ei = z[7];
        z[6] = er + t3r;
        z[7] = ei + t3i;
        z[14] = er - t3r;
        z[15] = ei - t3i;
    }
}
#endif

#if EF_FE_FFT_TW_LEN > 0
/* One radix-4 stage of block length len (B, C, D times Q30 twiddles, >> 32: /4; A >> 2). Called with constants, so
 * that the offsets of B, C and D are immediates once inlined. */
static inline void fft_radix4(int32_t len, const int32_t *tw)
{
    const int32_t q2 = len / 2;   /* L/4 complex values = L/2 ints */
    int32_t *a = fz;
    for (int32_t base = 0; base < EF_M; base += len, a += 3 * q2) {
        const int32_t *w = tw;
        for (int32_t j = 0; j < len / 4; j++, a += 2, w += 6) {
            /* C' and D' first, then B' and A: shorter live ranges (fewer spills) */
            int32_t x = a[2 * q2], y = a[2 * q2 + 1];
            const int32_t tcr = dot_hi(x, w[2], -y, w[3]), tci = dot_hi(x, w[3], y, w[2]);
            x = a[3 * q2];
            y = a[3 * q2 + 1];
            const int32_t tdr = dot_hi(x, w[4], -y, w[5]), tdi = dot_hi(x, w[5], y, w[4]);
            const int32_t scdr = tcr + tdr, scdi = tci + tdi, dcdr = tcr - tdr, dcdi = tci - tdi;
            x = a[q2];
            y = a[q2 + 1];
            const int32_t tbr = dot_hi(x, w[0], -y, w[1]), tbi = dot_hi(x, w[1], y, w[0]);
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

/* Split step (Q31 twiddles W_N^k) and the power, exact in int64. */
static void fft_split_power(void)
{
    put_bin(0, fz[0] + fz[1], 0);
    put_bin(EF_M, fz[0] - fz[1], 0);
    put_bin(EF_M / 2, fz[EF_M], fz[EF_M + 1]);
    const int32_t *a = fz + 2, *b = fz + 2 * EF_M - 2, *w = ef_fe_split_tw + 2;
    for (int32_t k = 1; k < EF_M / 2; k++, a += 2, b -= 2, w += 2) {
        const int32_t er = a[0] + b[0], ei = a[1] - b[1], or_ = a[0] - b[0], oi = a[1] + b[1];
        const int32_t tr = dot_hi(w[0], oi, w[1], or_), ti = dot_hi(w[1], oi, w[0], -or_);
        const int32_t hr = er >> 1, hi = ei >> 1;
        put_bin(k, hr + tr, hi + ti);
        put_bin(EF_M - k, hr - tr, ti - hi);
    }
}

/* ---- FixedFrontend.frame ---- */

/*
 * Log of one band (FixedFrontend.logUnits): V = hi_acc * 2^32 + lo_acc; floor for V == 0, else log2Q30(V) + exponent
 * and band constant, in output units (Q16). Same integers as the Java, computed in 32 bits where the values allow:
 * V's bit length bl and its top 31 bits m (FixedMath.log2Q30's mantissa) come from t = floor(V / 2^32) and the low
 * word; with the band constant nq (Q24) split into nq >> 24 and its low 24 bits, (L2 + 2^13) >> 14 =
 * (bl - 1 - exponent + (nq >> 24)) * 2^16 + ((f + (nq & (2^24 - 1)) * 2^6 + 2^13) >> 14) exactly (a multiple of 2^30
 * passes the shift unchanged), and f + (nq & (2^24 - 1)) * 2^6 + 2^13 < 2^31.
 */
static int32_t log_units(uint64_t hi_acc, uint64_t lo_acc, int32_t exponent, int32_t band)
{
    uint64_t top = hi_acc + (lo_acc >> 32);   /* < 2^60 */
    uint32_t lo = (uint32_t)lo_acc;
    int32_t e = 32;
    if (top == 0) {
        if (lo == 0) return EF_FE_FLOOR_Q16;
        top = lo;
        lo = 0;
        e = 0;
    }
    const int32_t bt = bitlen((int64_t)top);
    const uint32_t m = bt >= 31 ? (uint32_t)(top >> (bt - 31)) : (uint32_t)(top << (31 - bt)) | (lo >> (bt + 1));
    const int32_t idx = (int32_t)(m >> 22) - 256, frac = (int32_t)(m & 0x3FFFFF);
    const int32_t t0 = ef_fe_log2_table[idx];
    const int32_t f = t0 + (int32_t)(((int64_t)(ef_fe_log2_table[idx + 1] - t0) * frac + (1 << 21)) >> 22);
    const int32_t nq = ef_fe_mel_log2_norm_q24[band];
    const int32_t l16 = (bt + e - 1 - exponent + (nq >> 24)) * 65536 + ((f + (nq & 0xFFFFFF) * 64 + (1 << 13)) >> 14);
    const int32_t v = (int32_t)(((int64_t)l16 * EF_FE_LOG_UNIT_Q28 + (1 << 27)) >> 28) - EF_FE_REF_Q16;
    return imax32(v, EF_FE_FLOOR_Q16);
}

void earforge_frontend_frame(const int16_t *pcm, int32_t *out)
{
    const int32_t s = frame_shift(pcm);
    fft_window_d4(pcm, s);
#if EF_G == 8
    fft_radix8_combine();
#endif
    /* radix-4 stages L = 4G, 16G, ..: twiddles at 6 (G + 4G + ..) / 4 */
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
    fft_split_power();
    const int32_t exponent = EF_FE_UNIT_SHIFT + EF_FE_POWER * s;
    for (int32_t b = 0; b < EF_FE_BANDS; b++) {
        const uint32_t *v = fpw + 2 * ef_fe_mel_start[b];
        const uint16_t *w = ef_fe_mel_weight + ef_fe_mel_offset[b];
        const int32_t cnt = ef_fe_mel_count[b];
        uint64_t hi_acc = 0, lo_acc = 0;   /* < 2^59 each: the band sum split in the words of P (two UMLAL) */
        for (int32_t i = 0; i < cnt; i++) {
            lo_acc += (uint64_t)v[2 * i] * w[i];
            hi_acc += (uint64_t)v[2 * i + 1] * w[i];
        }
        out[b] = log_units(hi_acc, lo_acc, exponent, b);
    }
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
