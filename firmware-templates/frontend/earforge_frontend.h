/*
 * earforge_frontend.h: the fixed-point audio front end (earforge.dsp.FixedFrontend, FixedFft, FixedMath, Streaming)
 * in C99, bit-exact with the Java specification. Tables and constants are generated per front end
 * (frontend_config.h, frontend_tables.c, from earforge.dsp.FrontendTables). No malloc; one static state.
 */
#ifndef EARFORGE_FRONTEND_H
#define EARFORGE_FRONTEND_H

#include <stdint.h>

#include "frontend_config.h"

/* One frame: pcm[0 .. EF_FE_NFFT) (the window sits at EF_FE_WINDOW_OFFSET) -> out[EF_FE_BANDS] Q16 log-mel. */
void earforge_frontend_frame(const int16_t *pcm, int32_t *out);

/*
 * One model input window from frames[i] (i = 0..EF_FE_FRAMES_PER_WINDOW-1, oldest first; frames[i] points to
 * EF_FE_BANDS Q16 values): top-dB clip over the window, DCT, int8 quantization. Writes EF_FE_FRAMES_PER_WINDOW x
 * EF_FE_CHANNELS int8 values, frame-major, or channel-major when EF_FE_TRANSPOSE (model input [channels][frames]).
 */
void earforge_frontend_window(const int32_t *const *frames, int8_t *input);

/* Streaming (earforge.dsp.Streaming): int16 chunks of any size in, a model input window out every
 * EF_FE_WINDOW_STEP frames once EF_FE_FRAMES_PER_WINDOW frames exist. */
typedef void (*earforge_window_fn)(const int8_t *input, void *ctx);

typedef struct {
    int16_t buf[EF_FE_NFFT];
    int32_t filled;
    int32_t until_frame;
    int32_t history[EF_FE_FRAMES_PER_WINDOW][EF_FE_BANDS];
    int32_t head;            /* next history row to write = the oldest row once full */
    uint32_t frames;
    int8_t input[EF_FE_FRAMES_PER_WINDOW * EF_FE_CHANNELS];
} earforge_stream;

void earforge_stream_init(earforge_stream *s);
/* Feeds n samples; calls on_window for every completed model input (oldest first); returns how many. */
int32_t earforge_stream_push(earforge_stream *s, const int16_t *chunk, int32_t n, earforge_window_fn on_window, void *ctx);

/* Optional probes (instruction counts per front-end stage), defined by the firmware; empty by default. */
#ifndef EARFORGE_FE_PROBE_BEGIN
#define EARFORGE_FE_PROBE_BEGIN(stage) ((void)0)
#define EARFORGE_FE_PROBE_END(stage) ((void)0)
#endif
#define EF_FE_STAGE_FRAME 0
#define EF_FE_STAGE_WINDOW 1

#endif /* EARFORGE_FRONTEND_H */
