/*
 * main_stm32.c: the firmware's main loop. The self-test runs first (the generated test vectors through the model,
 * compared with the Java simulator's outputs, with per-layer cycle counts from DWT->CYCCNT), logged on the UART.
 * Built with STM32CUBE_DIR (EARFORGE_MIC) and a front end, it then classifies the microphone forever.
 */
#include <stdint.h>

#include "app_config.h"
#include "earforge_app.h"
#include "earforge_board.h"
#include "earforge_log.h"
#include "board_config.h"
#if EF_HAS_FRONTEND && defined(EARFORGE_MIC)
#include "earforge_frontend.h"
#include "earforge_mic.h"
#endif

int main(void)
{
    earforge_board_init();
    ef_log_nl();
    ef_log_str("earforge on " EF_BOARD_NAME ", core clock ");
    ef_log_int(EF_CLOCK_HZ / 1000000u);
    ef_log_str(" MHz, counts are core cycles");
    ef_log_nl();
    const int32_t mismatches = earforge_app_selftest();
#if EF_HAS_FRONTEND && defined(EARFORGE_MIC)
    static int16_t pcm[EF_FE_HOP];
    if (earforge_mic_init(EF_FE_SAMPLE_RATE) != 0) {
        ef_log_str("microphone: init failed");
        ef_log_nl();
        for (;;) {}
    }
    earforge_app_init();
    ef_log_str("microphone: listening");
    ef_log_nl();
    for (;;) {
        const int32_t n = earforge_mic_read(pcm, EF_FE_HOP);
        if (n > 0) earforge_app_audio(pcm, n);
    }
#else
    ef_log_str(mismatches == 0 ? "done (no microphone in this build: make STM32CUBE_DIR=...)" : "done: SELF-TEST FAILED");
    ef_log_nl();
    for (;;) {
        __asm__ volatile("wfi");
    }
#endif
}
