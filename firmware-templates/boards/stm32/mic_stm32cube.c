/*
 * mic_stm32cube.c: the microphone on the STM32Cube HAL, compiled only with `make STM32CUBE_DIR=/path/to/STM32Cube_FW_xx`
 * (EARFORGE_MIC). Capture is blocking (polling HAL calls): audio that arrives while the model runs is not recorded,
 * so windows are contiguous only while inference is faster than the window step.
 *   PDM (L4): DFSDM1 channel clocked by CKOUT, sinc3 filter; the PDM clock is SYSCLK / divider and the filter
 *   decimates by FOSR so that CKOUT / FOSR = the sample rate (16 kHz: 80 MHz / 40 = 2 MHz, FOSR 125).
 *   I2S (F7, H7): SPI2/I2S2 master receive, Philips standard, 32-bit frames (24-bit MEMS data, upper 16 bits used).
 * Pins and alternate function come from the board file (board_config.h).
 * This file has not been run on hardware by earforge's tests (they have no board); see README.md.
 */
#ifdef EARFORGE_MIC
#include <string.h>

#include "board_config.h"
#include "earforge_mic.h"
#include EF_HAL_HEADER

uint32_t SystemCoreClock = EF_CLOCK_HZ;

void SysTick_Handler(void) { HAL_IncTick(); }

#if defined(EF_MIC_PDM)
static DFSDM_Channel_HandleTypeDef channel;
static DFSDM_Filter_HandleTypeDef filter;

int earforge_mic_init(uint32_t sample_rate)
{
    HAL_Init();
    HAL_InitTick(0);
    __HAL_RCC_DFSDM1_CLK_ENABLE();
    EF_MIC_CLOCK_PIN_CLK_ENABLE();
    EF_MIC_DATA_PIN_CLK_ENABLE();
    GPIO_InitTypeDef g = {0};
    g.Mode = GPIO_MODE_AF_PP;
    g.Pull = GPIO_NOPULL;
    g.Speed = GPIO_SPEED_FREQ_VERY_HIGH;
    g.Alternate = EF_MIC_AF;
    g.Pin = EF_MIC_CLOCK_PIN;            /* DFSDM1_CKOUT */
    HAL_GPIO_Init(EF_MIC_CLOCK_PIN_GPIO, &g);
    g.Pin = EF_MIC_DATA_PIN;             /* DFSDM1_DATIN1 */
    HAL_GPIO_Init(EF_MIC_DATA_PIN_GPIO, &g);
    const uint32_t divider = 40;         /* 80 MHz / 40 = 2 MHz PDM clock */
    channel.Instance = DFSDM1_Channel1;
    channel.Init.OutputClock.Activation = ENABLE;
    channel.Init.OutputClock.Selection = DFSDM_CHANNEL_OUTPUT_CLOCK_SYSTEM;
    channel.Init.OutputClock.Divider = divider;
    channel.Init.Input.Multiplexer = DFSDM_CHANNEL_EXTERNAL_INPUTS;
    channel.Init.Input.DataPacking = DFSDM_CHANNEL_STANDARD_MODE;
    channel.Init.Input.Pins = DFSDM_CHANNEL_SAME_CHANNEL_PINS;
    channel.Init.SerialInterface.Type = DFSDM_CHANNEL_SPI_RISING;
    channel.Init.SerialInterface.SpiClock = DFSDM_CHANNEL_SPI_CLOCK_INTERNAL;
    channel.Init.Awd.FilterOrder = DFSDM_CHANNEL_FASTSINC_ORDER;
    channel.Init.Awd.Oversampling = 1;
    channel.Init.Offset = 0;
    channel.Init.RightBitShift = 2;
    if (HAL_DFSDM_ChannelInit(&channel) != HAL_OK) return -1;
    filter.Instance = DFSDM1_Filter0;
    filter.Init.RegularParam.Trigger = DFSDM_FILTER_SW_TRIGGER;
    filter.Init.RegularParam.FastMode = ENABLE;
    filter.Init.RegularParam.DmaMode = DISABLE;
    filter.Init.FilterParam.SincOrder = DFSDM_FILTER_SINC3_ORDER;
    filter.Init.FilterParam.Oversampling = (EF_CLOCK_HZ / divider) / sample_rate;
    filter.Init.FilterParam.IntOversampling = 1;
    if (HAL_DFSDM_FilterInit(&filter) != HAL_OK) return -1;
    if (HAL_DFSDM_FilterConfigRegChannel(&filter, DFSDM_CHANNEL_1, DFSDM_CONTINUOUS_CONV_ON) != HAL_OK) return -1;
    return HAL_DFSDM_FilterRegularStart(&filter) == HAL_OK ? 0 : -1;
}

int32_t earforge_mic_read(int16_t *pcm, int32_t n)
{
    for (int32_t i = 0; i < n; i++) {
        uint32_t ch;
        if (HAL_DFSDM_FilterPollForRegConversion(&filter, 100) != HAL_OK) return -1;
        const int32_t v = HAL_DFSDM_FilterGetRegularValue(&filter, &ch) >> 8;   /* 24-bit result in [31:8] */
        pcm[i] = (int16_t)(v > 32767 ? 32767 : (v < -32768 ? -32768 : v));
    }
    return n;
}

#elif defined(EF_MIC_I2S)
static I2S_HandleTypeDef i2s;

int earforge_mic_init(uint32_t sample_rate)
{
    HAL_Init();
    HAL_InitTick(0);
#if defined(EF_SERIES_F7)
    RCC_PeriphCLKInitTypeDef pc = {0};   /* I2S clock: PLLI2S = 1 MHz * 192 / 2 = 96 MHz */
    pc.PeriphClockSelection = RCC_PERIPHCLK_I2S;
    pc.I2sClockSelection = RCC_I2SCLKSOURCE_PLLI2S;
    pc.PLLI2S.PLLI2SN = 192;
    pc.PLLI2S.PLLI2SR = 2;
    pc.PLLI2S.PLLI2SQ = 2;
    pc.PLLI2S.PLLI2SP = RCC_PLLP_DIV2;
    if (HAL_RCCEx_PeriphCLKConfig(&pc) != HAL_OK) return -1;
#endif
    __HAL_RCC_SPI2_CLK_ENABLE();
    EF_MIC_CK_PIN_CLK_ENABLE();
    EF_MIC_WS_PIN_CLK_ENABLE();
    EF_MIC_SD_PIN_CLK_ENABLE();
    GPIO_InitTypeDef g = {0};
    g.Mode = GPIO_MODE_AF_PP;
    g.Pull = GPIO_NOPULL;
    g.Speed = GPIO_SPEED_FREQ_VERY_HIGH;
    g.Alternate = EF_MIC_AF;             /* AF5: SPI2/I2S2 */
    g.Pin = EF_MIC_CK_PIN;
    HAL_GPIO_Init(EF_MIC_CK_PIN_GPIO, &g);
    g.Pin = EF_MIC_WS_PIN;
    HAL_GPIO_Init(EF_MIC_WS_PIN_GPIO, &g);
    g.Pin = EF_MIC_SD_PIN;
    HAL_GPIO_Init(EF_MIC_SD_PIN_GPIO, &g);
    i2s.Instance = SPI2;
    i2s.Init.Mode = I2S_MODE_MASTER_RX;
    i2s.Init.Standard = I2S_STANDARD_PHILIPS;
    i2s.Init.DataFormat = I2S_DATAFORMAT_32B;
    i2s.Init.MCLKOutput = I2S_MCLKOUTPUT_DISABLE;
    i2s.Init.AudioFreq = sample_rate;
    i2s.Init.CPOL = I2S_CPOL_LOW;
    return HAL_I2S_Init(&i2s) == HAL_OK ? 0 : -1;
}

int32_t earforge_mic_read(int16_t *pcm, int32_t n)
{
    static uint32_t frame[4];   /* one stereo frame of two 32-bit slots, as 16-bit halves */
    for (int32_t i = 0; i < n; i++) {
        if (HAL_I2S_Receive(&i2s, (uint16_t *)frame, 2, 100) != HAL_OK) return -1;
        pcm[i] = (int16_t)(frame[0] & 0xFFFFu);   /* left slot, upper 16 bits of the 24-bit sample come first */
    }
    return n;
}
#else
#error "board_config.h names no microphone interface"
#endif
#endif /* EARFORGE_MIC */
