/*
 * earforge_frontend.c: the fixed-point front end, line for line the Java specification (earforge.dsp.FixedFrontend,
 * FixedFft, FixedMath, Streaming). Every intermediate stays inside the bounds stated there, so no signed overflow
 * occurs. Assumes what GCC/Clang guarantee on Arm, RISC-V, Xtensa and x86: >> of a negative value is arithmetic
 * (checked below). Java's `v << s` of a possibly negative long is written `v * 2^s` (same value, defined in C).
 */
#include <string.h>

#include "earforge_frontend.h"

typedef char ef_arithmetic_shift_check[((-1 >> 1) == -1 && ((int64_t)-1 >> 1) == -1) ? 1 : -1];

/* FixedMath.bitlen: 0 for 0, else floor(log2 x) + 1 (x >= 0). */
static int32_t bitlen(int64_t x)
{
    return x == 0 ? 0 : 64 - __builtin_clzll((uint64_t)x);
}

/* FixedMath.roundShift: (x + 2^(s-1)) >> s, s >= 1. */
static int64_t round_shift(int64_t x, int32_t s)
{
    return (x + ((int64_t)1 << (s - 1))) >> s;
}

static int64_t pow2(int32_t s) { return (int64_t)1 << s; }

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

/* FixedMath.log2Q30: table interpolation on the mantissa normalised to [2^30, 2^31). */
static int64_t log2_q30(int64_t x)
{
    const int32_t bl = bitlen(x);
    const int32_t m = bl > 31 ? (int32_t)((uint64_t)x >> (bl - 31)) : (int32_t)(x << (31 - bl));
    const int32_t idx = (int32_t)((uint32_t)m >> 22) - 256;
    const int32_t frac = m & 0x3FFFFF;
    const int64_t d = (int64_t)(ef_fe_log2_table[idx + 1] - ef_fe_log2_table[idx]) * frac;
    const int32_t f = ef_fe_log2_table[idx] + (int32_t)((d + (1 << 21)) >> 22);
    return (int64_t)(bl - 1) * pow2(30) + f;
}

static int32_t iabs32(int32_t v) { return v < 0 ? -v : v; }
static int32_t imax32(int32_t a, int32_t b) { return a > b ? a : b; }

/* ---- FixedFft: real FFT of N points as a complex FFT of N/2 points plus the split step. ---- */
#define EF_M (EF_FE_NFFT / 2)
static int32_t zr[EF_M], zi[EF_M];

/* r = max(0, bitlen(maxc) - 29); z = (z + 2^(r-1)) >> r; returns r. */
static int32_t fft_normalise(int32_t maxc)
{
    const int32_t r = imax32(0, bitlen(maxc) - 29);
    if (r == 0) return 0;
    const int32_t half = 1 << (r - 1);
    for (int32_t i = 0; i < EF_M; i++) {
        zr[i] = (zr[i] + half) >> r;
        zi[i] = (zi[i] + half) >> r;
    }
    return r;
}

/* x[0..N) -> xr/xi[0..N/2] = DFT(x) / 2^R; returns R. */
static int32_t fft_forward(const int32_t *x, int32_t *xr, int32_t *xi)
{
    int32_t maxc = 0;
    for (int32_t j = 0; j < EF_M; j++) {
        zr[ef_fe_bitrev[j]] = x[2 * j];
        zi[ef_fe_bitrev[j]] = x[2 * j + 1];
        maxc = imax32(maxc, imax32(iabs32(x[2 * j]), iabs32(x[2 * j + 1])));
    }
    int32_t shift = 0;
    for (int32_t len = 2; len <= EF_M; len <<= 1) {
        shift += fft_normalise(maxc);
        maxc = 0;
        const int32_t half = len >> 1, step = EF_FE_NFFT / len;
        for (int32_t j = 0; j < half; j++) {
            const int64_t wr = ef_fe_tw_re[j * step], wi = ef_fe_tw_im[j * step];
            for (int32_t a = j; a < EF_M; a += len) {
                const int32_t b = a + half;
                const int32_t tr = (int32_t)((zr[b] * wr - zi[b] * wi + ((int64_t)1 << 29)) >> 30);
                const int32_t ti = (int32_t)((zr[b] * wi + zi[b] * wr + ((int64_t)1 << 29)) >> 30);
                const int32_t ar = zr[a], ai = zi[a];
                zr[a] = ar + tr;
                zi[a] = ai + ti;
                zr[b] = ar - tr;
                zi[b] = ai - ti;
                maxc = imax32(maxc, imax32(imax32(iabs32(zr[a]), iabs32(zi[a])), imax32(iabs32(zr[b]), iabs32(zi[b]))));
            }
        }
    }
    shift += fft_normalise(maxc);
    xr[0] = zr[0] + zi[0];
    xi[0] = 0;
    xr[EF_M] = zr[0] - zi[0];
    xi[EF_M] = 0;
    for (int32_t k = 1; k < EF_M; k++) {
        const int64_t er = (int64_t)zr[k] + zr[EF_M - k], ei = (int64_t)zi[k] - zi[EF_M - k];
        const int64_t or_ = (int64_t)zr[k] - zr[EF_M - k], oi = (int64_t)zi[k] + zi[EF_M - k];
        const int64_t wr = ef_fe_tw_re[k], wi = ef_fe_tw_im[k];
        xr[k] = (int32_t)((er * pow2(30) + wr * oi + wi * or_ + ((int64_t)1 << 30)) >> 31);
        xi[k] = (int32_t)((ei * pow2(30) - (wr * or_ - wi * oi) + ((int64_t)1 << 30)) >> 31);
    }
    return shift;
}

/* ---- FixedFrontend.frame ---- */
static int32_t fx[EF_FE_NFFT];
static int32_t fxr[EF_FE_BINS], fxi[EF_FE_BINS];
static int64_t fp[EF_FE_BINS];

/* Step 6 for one band: floor for acc == 0, else log2 + exponent + band constant, in output units (Q16). */
static int32_t log_units(int64_t acc, int32_t exponent, int32_t band)
{
    if (acc <= 0) return EF_FE_FLOOR_Q16;
    const int64_t l2 = log2_q30(acc) + (int64_t)exponent * pow2(30) + (int64_t)ef_fe_mel_log2_norm_q24[band] * pow2(6);
    const int64_t l16 = round_shift(l2, 14);
    const int32_t f = (int32_t)(round_shift(l16 * EF_FE_LOG_UNIT_Q28, 28) - EF_FE_REF_Q16);
    return imax32(f, EF_FE_FLOOR_Q16);
}

void earforge_frontend_frame(const int16_t *pcm, int32_t *out)
{
    const int16_t *p = pcm + EF_FE_WINDOW_OFFSET;
    int64_t max = 0;
    for (int32_t n = 0; n < EF_FE_FRAME_LENGTH; n++) {
        int64_t v = (int64_t)p[n] * ef_fe_window[n];
        if (v < 0) v = -v;
        if (v > max) max = v;
    }
    if (max == 0) {
        for (int32_t b = 0; b < EF_FE_BANDS; b++) out[b] = EF_FE_FLOOR_Q16;
        return;
    }
    int32_t s = bitlen(max) - EF_FE_BFP_BITS;
    memset(fx, 0, sizeof fx);
    for (int32_t n = 0; n < EF_FE_FRAME_LENGTH; n++) {
        const int64_t v = (int64_t)p[n] * ef_fe_window[n];
        fx[EF_FE_WINDOW_OFFSET + n] = (int32_t)(s > 0 ? round_shift(v, s) : v * pow2(-s));
    }
    s += fft_forward(fx, fxr, fxi);
    for (int32_t k = 0; k < EF_FE_BINS; k++) {
        const int64_t pw = (int64_t)fxr[k] * fxr[k] + (int64_t)fxi[k] * fxi[k];
#if EF_FE_POWER == 2
        fp[k] = pw;
#else
        fp[k] = isqrt_round(pw);
#endif
    }
    for (int32_t b = 0; b < EF_FE_BANDS; b++) {
        const int32_t k0 = ef_fe_mel_start[b], cnt = ef_fe_mel_count[b], w0 = ef_fe_mel_offset[b];
        int32_t e = 0;
#if EF_FE_POWER == 2
        int64_t band_max = 0;
        for (int32_t i = 0; i < cnt; i++) if (fp[k0 + i] > band_max) band_max = fp[k0 + i];
        e = imax32(0, bitlen(band_max) - ef_fe_mel_shift_limit[b]);
#endif
        int64_t acc = 0;
        for (int32_t i = 0; i < cnt; i++) {
            const int64_t v = e > 0 ? round_shift(fp[k0 + i], e) : fp[k0 + i];
            acc += (int64_t)ef_fe_mel_weight[w0 + i] * v;
        }
        out[b] = log_units(acc, EF_FE_POWER * s + e - EF_FE_UNIT_SHIFT, b);
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
            const int32_t v = (int32_t)round_shift(acc, 30);
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
