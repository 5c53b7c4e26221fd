/*
 * main_esp32.c: ESP-IDF entry point and board glue. app_main runs the self-test (generated test vectors through the
 * model, compared with the Java simulator's outputs, per-layer cycle counts from the CPU cycle counter), then, when
 * the project has a front end, classifies the I2S microphone forever (IDF 5 i2s_std driver; DMA keeps capturing
 * while the model runs, up to its buffer length). Logs go to the console UART (stdout).
 */
#include <stdint.h>
#include <stdio.h>

#include "driver/i2s_std.h"
#include "esp_cpu.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#include "app_config.h"
#include "board_config.h"
#include "earforge_app.h"
#include "earforge_board.h"
#include "earforge_log.h"
#if EF_HAS_FRONTEND
#include "earforge_frontend.h"
#endif

void earforge_board_init(void) {}

void earforge_board_putc(char c)
{
    putchar(c);
    if (c == '\n') fflush(stdout);
}

uint32_t earforge_board_counter(void) { return (uint32_t)esp_cpu_get_cycle_count(); }

#if EF_HAS_FRONTEND
static i2s_chan_handle_t mic;

static void mic_init(void)
{
    i2s_chan_config_t chan = I2S_CHANNEL_DEFAULT_CONFIG(I2S_NUM_0, I2S_ROLE_MASTER);
    chan.dma_desc_num = 8;
    chan.dma_frame_num = 512;
    ESP_ERROR_CHECK(i2s_new_channel(&chan, NULL, &mic));
    i2s_std_config_t cfg = {
        .clk_cfg = I2S_STD_CLK_DEFAULT_CONFIG(EF_FE_SAMPLE_RATE),
        .slot_cfg = I2S_STD_PHILIPS_SLOT_DEFAULT_CONFIG(I2S_DATA_BIT_WIDTH_32BIT, I2S_SLOT_MODE_MONO),
        .gpio_cfg = {
            .mclk = I2S_GPIO_UNUSED,
            .bclk = EF_MIC_BCLK_GPIO,
            .ws = EF_MIC_WS_GPIO,
            .dout = I2S_GPIO_UNUSED,
            .din = EF_MIC_DIN_GPIO,
            .invert_flags = {.mclk_inv = false, .bclk_inv = false, .ws_inv = false},
        },
    };
    cfg.slot_cfg.slot_mask = I2S_STD_SLOT_LEFT;
    ESP_ERROR_CHECK(i2s_channel_init_std_mode(mic, &cfg));
    ESP_ERROR_CHECK(i2s_channel_enable(mic));
}
#endif

void app_main(void)
{
    earforge_board_init();
    ef_log_str("earforge on " EF_BOARD_NAME ", counts are CPU cycles");
    ef_log_nl();
    earforge_app_selftest();
#if EF_HAS_FRONTEND
    static int32_t raw[EF_FE_HOP];
    static int16_t pcm[EF_FE_HOP];
    mic_init();
    earforge_app_init();
    ef_log_str("microphone: listening");
    ef_log_nl();
    for (;;) {
        size_t got = 0;
        if (i2s_channel_read(mic, raw, sizeof raw, &got, portMAX_DELAY) != ESP_OK) continue;
        const int32_t n = (int32_t)(got / sizeof raw[0]);
        for (int32_t i = 0; i < n; i++) pcm[i] = (int16_t)(raw[i] >> 16);   /* 24-bit MEMS data, upper 16 bits */
        earforge_app_audio(pcm, n);
    }
#else
    for (;;) vTaskDelay(pdMS_TO_TICKS(1000));
#endif
}
