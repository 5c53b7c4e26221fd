/*
 * board_stm32.c: clock tree, log USART and the DWT cycle counter, register level (no HAL):
 *   L4: MSI 4 MHz -> PLL (M 1, N 40, R 2) = 80 MHz, flash 4 wait states; USART2 on PA2/PA3 (AF7), PCLK1 80 MHz.
 *   F7: HSI 16 MHz -> PLL (M 16, N 432, P 2) = 216 MHz with over-drive, flash 7 wait states, APB1 /4 = 54 MHz;
 *       USART3 on PD8/PD9 (AF7).
 *   H7: LDO supply, VOS1, HSI 64 MHz -> PLL1 (M 4, N 50, P 2) = 400 MHz, AHB /2, APB /2 = 100 MHz, flash 2 wait
 *       states; USART3 on PD8/PD9 (AF7).
 * The probes read DWT->CYCCNT: core clock cycles.
 */
#include "board_config.h"
#include "earforge_board.h"
#include "stm32_regs.h"

static void wait_set(volatile uint32_t *reg, uint32_t mask)
{
    while ((*reg & mask) == 0) {}
}

#if defined(EF_SERIES_L4)
#define LOG_USART USART2_BASE
#define PCLK_HZ 80000000u
static void clock_init(void)
{
    FLASH_ACR = (FLASH_ACR & ~7u) | 4u | (1u << 8) | (1u << 9) | (1u << 10);   /* 4 WS, prefetch, I/D cache */
    RCC_PLLCFGR = (1u << 0) | (0u << 4) | (40u << 8) | (0u << 25) | (1u << 24);    /* MSI, M 1, N 40, R 2, REN */
    RCC_CR |= 1u << 24;                                                              /* PLLON */
    wait_set(&RCC_CR, 1u << 25);
    RCC_CFGR = (RCC_CFGR & ~3u) | 3u;                                               /* SW = PLL */
    while (((RCC_CFGR >> 2) & 3u) != 3u) {}
}
static void uart_pins(void)
{
    RCC_AHB2ENR |= 1u << 0;                                                          /* GPIOA */
    RCC_APB1ENR1 |= 1u << 17;                                                        /* USART2 */
    (void)RCC_APB1ENR1;
    GPIO_MODER(GPIOA_BASE) = (GPIO_MODER(GPIOA_BASE) & ~(0xFu << 4)) | (0xAu << 4); /* PA2, PA3 alternate */
    GPIO_AFRL(GPIOA_BASE) = (GPIO_AFRL(GPIOA_BASE) & ~(0xFFu << 8)) | ((uint32_t)EF_UART_AF << 8) | ((uint32_t)EF_UART_AF << 12);
}
#elif defined(EF_SERIES_F7)
#define LOG_USART USART3_BASE
#define PCLK_HZ 54000000u
static void clock_init(void)
{
    RCC_APB1ENR |= 1u << 28;                                                         /* PWR */
    (void)RCC_APB1ENR;
    PWR_CR1 |= 3u << 14;                                                             /* VOS scale 1 */
    RCC_PLLCFGR = 16u | (432u << 6) | (0u << 16) | (0u << 22) | (9u << 24);          /* HSI, M 16, N 432, P 2, Q 9 */
    RCC_CR |= 1u << 24;
    wait_set(&RCC_CR, 1u << 25);
    PWR_CR1 |= 1u << 16;                                                             /* over-drive */
    wait_set(&PWR_CSR1, 1u << 16);
    PWR_CR1 |= 1u << 17;
    wait_set(&PWR_CSR1, 1u << 17);
    FLASH_ACR = 7u | (1u << 8) | (1u << 9);                                          /* 7 WS, prefetch, ART */
    RCC_CFGR = (RCC_CFGR & ~((7u << 10) | (7u << 13) | 0xF0u)) | (5u << 10) | (4u << 13);   /* APB1 /4, APB2 /2 */
    RCC_CFGR = (RCC_CFGR & ~3u) | 2u;                                                /* SW = PLL */
    while (((RCC_CFGR >> 2) & 3u) != 2u) {}
}
static void uart_pins(void)
{
    RCC_AHB1ENR |= 1u << 3;                                                          /* GPIOD */
    RCC_APB1ENR |= 1u << 18;                                                         /* USART3 */
    (void)RCC_APB1ENR;
    GPIO_MODER(GPIOD_BASE) = (GPIO_MODER(GPIOD_BASE) & ~(0xFu << 16)) | (0xAu << 16); /* PD8, PD9 alternate */
    GPIO_AFRH(GPIOD_BASE) = (GPIO_AFRH(GPIOD_BASE) & ~0xFFu) | (uint32_t)EF_UART_AF | ((uint32_t)EF_UART_AF << 4);
}
#else /* EF_SERIES_H7 */
#define LOG_USART USART3_BASE
#define PCLK_HZ 100000000u
static void clock_init(void)
{
    PWR_CR3 = (PWR_CR3 & ~((1u << 2) | (1u << 0))) | (1u << 1);                     /* LDO on, no bypass (write once) */
    wait_set(&PWR_CSR1, 1u << 13);                                                   /* ACTVOSRDY */
    PWR_D3CR = (PWR_D3CR & ~(3u << 14)) | (3u << 14);                                /* VOS1 */
    wait_set(&PWR_D3CR, 1u << 13);                                                   /* VOSRDY */
    FLASH_ACR = 2u | (2u << 4);                                                      /* 2 WS, WRHIGHFREQ 2 */
    RCC_PLLCKSELR = (RCC_PLLCKSELR & ~((0x3Fu << 4) | 3u)) | (4u << 4);              /* HSI, DIVM1 4: 16 MHz */
    RCC_PLLCFGR = (RCC_PLLCFGR & ~0xFu) | (3u << 2) | (1u << 16) | (1u << 17) | (1u << 18);  /* 8-16 MHz, P/Q/R on */
    RCC_PLL1DIVR = (50u - 1u) | ((2u - 1u) << 9) | ((4u - 1u) << 16) | ((2u - 1u) << 24);
    RCC_CR |= 1u << 24;                                                              /* PLL1ON */
    wait_set(&RCC_CR, 1u << 25);
    RCC_D1CFGR = (8u << 0) | (4u << 4);                                              /* AHB /2, APB3 /2 */
    RCC_D2CFGR = (4u << 4) | (4u << 8);                                              /* APB1 /2, APB2 /2 */
    RCC_D3CFGR = 4u << 4;                                                            /* APB4 /2 */
    RCC_CFGR = (RCC_CFGR & ~7u) | 3u;                                                /* SW = PLL1 */
    while (((RCC_CFGR >> 3) & 7u) != 3u) {}
}
static void uart_pins(void)
{
    RCC_AHB4ENR |= 1u << 3;                                                          /* GPIOD */
    RCC_APB1LENR |= 1u << 18;                                                        /* USART3 */
    (void)RCC_APB1LENR;
    GPIO_MODER(GPIOD_BASE) = (GPIO_MODER(GPIOD_BASE) & ~(0xFu << 16)) | (0xAu << 16);
    GPIO_AFRH(GPIOD_BASE) = (GPIO_AFRH(GPIOD_BASE) & ~0xFFu) | (uint32_t)EF_UART_AF | ((uint32_t)EF_UART_AF << 4);
}
#endif

void earforge_board_init(void)
{
    clock_init();
    uart_pins();
    USART_BRR(LOG_USART) = (PCLK_HZ + EF_UART_BAUD / 2) / EF_UART_BAUD;
    USART_CR1(LOG_USART) = (1u << 0) | (1u << 3);                                    /* UE, TE */
    DEMCR |= 1u << 24;                                                               /* TRCENA */
    DWT_LAR = 0xC5ACCE55u;                                                           /* unlock (Cortex-M7) */
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1u;                                                                  /* CYCCNTENA */
}

void earforge_board_putc(char c)
{
    while ((USART_ISR(LOG_USART) & (1u << 7)) == 0) {}                               /* TXE */
    USART_TDR(LOG_USART) = (uint8_t)c;
}

uint32_t earforge_board_counter(void) { return DWT_CYCCNT; }
