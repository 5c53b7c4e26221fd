/*
 * earforge_app.h: the application: audio in, overlapping analysis windows through the front end and the model,
 * mean voting over the last windows, one log line per window; and the self-test on the generated test vectors.
 */
#ifndef EARFORGE_APP_H
#define EARFORGE_APP_H

#include <stdint.h>

#include "app_config.h"

void earforge_app_init(void);

#if EF_HAS_FRONTEND
/* Feeds n int16 samples at EF_FE_SAMPLE_RATE; every completed window is classified and logged. */
void earforge_app_audio(const int16_t *pcm, int32_t n);
#endif

/* Runs the self-test vectors, logs every result and the per-layer profile; returns the number of mismatches. */
int32_t earforge_app_selftest(void);

/* Top class and its score (thousandths) of an output vector. */
int32_t earforge_app_top(const int8_t *scores, int64_t *milli);

#endif /* EARFORGE_APP_H */
