/*
 * earforge_app.c: streaming classification with mean voting, and the self-test against the Java simulator.
 */
#include <string.h>

#include "earforge_app.h"
#include "earforge_board.h"
#include "earforge_log.h"
#include "earforge_probe.h"
#include "model.h"
#if EF_HAS_FRONTEND
#include "earforge_frontend.h"
#endif

static int8_t out[EARFORGE_MODEL_OUTPUT_BYTES];
static int8_t votes[EF_VOTE_WINDOWS][EF_CLASSES];
static int32_t windows, mismatches, checking;

#if EF_HAS_FRONTEND
static earforge_stream stream;
#endif

void earforge_app_init(void)
{
    windows = mismatches = checking = 0;
#if EF_HAS_FRONTEND
    earforge_stream_init(&stream);
#endif
    earforge_probe_reset();
}

/* The helpers are kept out of line so that the self-test's stack frame, and with it the budget's stack estimate, does
   not depend on how much the compiler inlines for a given model. */
#define EF_NOINLINE __attribute__((noinline, noclone))

static EF_NOINLINE int64_t milli(int64_t q_sum, int32_t n)
{
    /* mean of n scores in thousandths: (sum - n zp) * scale * 1000 / n, rounded half up */
    const int64_t v = (q_sum - (int64_t)n * EF_OUT_ZERO_POINT) * EF_OUT_SCALE_Q24 * 1000 / n;
    return (v + ((int64_t)1 << 23)) >> 24;
}

int32_t earforge_app_top(const int8_t *scores, int64_t *score)
{
    int32_t best = 0;
    for (int32_t c = 1; c < EF_CLASSES; c++) if (scores[c] > scores[best]) best = c;
    *score = milli(scores[best], 1);
    return best;
}

static EF_NOINLINE void log_class(int32_t c)
{
#if EF_HAS_LABELS
    ef_log_str(ef_labels[c]);
#else
    ef_log_str("class ");
    ef_log_int(c);
#endif
}

/* The class with the highest sum over the last n windows, and that sum. */
static EF_NOINLINE int32_t vote(int32_t n, int64_t *best_sum)
{
    int32_t best = 0;
    *best_sum = INT64_MIN;
    for (int32_t c = 0; c < EF_CLASSES; c++) {
        int64_t s = 0;
        for (int32_t w = 0; w < n; w++) s += votes[w][c];
        if (s > *best_sum) {
            *best_sum = s;
            best = c;
        }
    }
    return best;
}

/* One window's scores: log the window's top class, then the mean over the last EF_VOTE_WINDOWS windows. */
static EF_NOINLINE void classify(const int8_t *scores)
{
    int64_t score, sum;
    const int32_t top = earforge_app_top(scores, &score);
    memcpy(votes[windows % EF_VOTE_WINDOWS], scores, EF_CLASSES);
    windows++;
    const int32_t n = windows < EF_VOTE_WINDOWS ? windows : EF_VOTE_WINDOWS;
    const int32_t best = vote(n, &sum);
    ef_log_str("window ");
    ef_log_int(windows - 1);
    ef_log_str(": ");
    log_class(top);
    ef_log_str(" ");
    ef_log_milli(score);
    ef_log_str(" | mean of ");
    ef_log_int(n);
    ef_log_str(": ");
    log_class(best);
    ef_log_str(" ");
    ef_log_milli(milli(sum, n));
}

/* Compares the output of window/vector k with what the Java simulator computed. */
static EF_NOINLINE void check(int32_t k)
{
    const int ok = memcmp(out, ef_tv_expected + (int32_t)k * EARFORGE_MODEL_OUTPUT_BYTES, EARFORGE_MODEL_OUTPUT_BYTES) == 0;
    if (!ok) mismatches++;
    ef_log_str(ok ? "  [= simulator]" : "  [DIFFERS from simulator]");
}

#if EF_HAS_FRONTEND
static void on_window(const int8_t *input, void *ctx)
{
    (void)ctx;
    earforge_model_invoke(input, out);
    const int32_t k = windows;
    classify(out);
    if (checking && k < EF_TV_COUNT) check(k);
    ef_log_nl();
}

void earforge_app_audio(const int16_t *pcm, int32_t n)
{
    earforge_stream_push(&stream, pcm, n, on_window, 0);
}
#endif

static EF_NOINLINE void log_profile(void)
{
    const uint32_t n = earforge_probe_inferences();
    if (n == 0) return;
    uint64_t total = 0;
    ef_log_str("profile (counter units per inference, mean of ");
    ef_log_int(n);
    ef_log_str("):");
    ef_log_nl();
    for (int32_t op = 0; op < EF_MODEL_OPERATORS; op++) {
        total += earforge_probe_op_total(op);
        ef_log_str("  op ");
        ef_log_int(op);
        ef_log_str(": ");
        ef_log_int((int64_t)(earforge_probe_op_total(op) / n));
        ef_log_nl();
    }
    ef_log_str("  model: ");
    ef_log_int((int64_t)(total / n));
    ef_log_nl();
#if EF_HAS_FRONTEND
    for (int32_t s = 0; s < 2; s++) {
        const uint32_t calls = earforge_probe_fe_calls(s);
        if (calls == 0) continue;
        ef_log_str(s == 0 ? "  front end per frame: " : "  front end per window: ");
        ef_log_int((int64_t)(earforge_probe_fe_total(s) / calls));
        ef_log_nl();
    }
#endif
}

int32_t earforge_app_selftest(void)
{
    earforge_app_init();
    checking = 1;
    ef_log_str("earforge " EF_MODEL_NAME " on " EF_BOARD_NAME ": self-test, ");
    ef_log_int(EF_TV_COUNT);
#if EF_HAS_FRONTEND
    ef_log_str(" windows of the test clip");
    ef_log_nl();
    for (int32_t i = 0; i < EF_TV_PCM_SAMPLES; i += EF_FE_HOP) {
        const int32_t n = EF_TV_PCM_SAMPLES - i < EF_FE_HOP ? EF_TV_PCM_SAMPLES - i : EF_FE_HOP;
        earforge_app_audio(ef_tv_pcm + i, n);
    }
    if (windows != EF_TV_COUNT) {
        ef_log_str("self-test: the clip gave ");
        ef_log_int(windows);
        ef_log_str(" windows, expected ");
        ef_log_int(EF_TV_COUNT);
        ef_log_nl();
        mismatches += windows > EF_TV_COUNT ? windows - EF_TV_COUNT : EF_TV_COUNT - windows;
    }
#else
    ef_log_str(" test vectors");
    ef_log_nl();
    for (int32_t k = 0; k < EF_TV_COUNT; k++) {
        earforge_model_invoke(ef_tv_input + k * EARFORGE_MODEL_INPUT_BYTES, out);
        classify(out);
        check(k);
        ef_log_nl();
    }
#endif
    ef_log_str("self-test: ");
    ef_log_int(EF_TV_COUNT - mismatches);
    ef_log_str("/");
    ef_log_int(EF_TV_COUNT);
    ef_log_str(mismatches == 0 ? " outputs identical to the Java simulator" : " outputs identical: FAILED");
    ef_log_nl();
    log_profile();
    checking = 0;
    return mismatches;
}
