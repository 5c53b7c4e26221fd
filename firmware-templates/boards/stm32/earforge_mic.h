/* earforge_mic.h: the microphone (STM32Cube HAL builds only: make STM32CUBE_DIR=...). */
#ifndef EARFORGE_MIC_H
#define EARFORGE_MIC_H

#include <stdint.h>

/* Starts the microphone at sample_rate Hz; 0 on success. */
int earforge_mic_init(uint32_t sample_rate);

/* Blocks until n int16 samples are captured; returns n, or -1 on an error. */
int32_t earforge_mic_read(int16_t *pcm, int32_t n);

#endif /* EARFORGE_MIC_H */
