/*
 * board_netduinoplus2.c: QEMU netduinoplus2 (STM32F405, Cortex-M4F). Log on USART1 (QEMU -serial), probes on TIM2:
 * under -icount shift=0,sleep=off QEMU's STM32 timer ticks once per executed instruction (it runs at 1 GHz of
 * virtual time and one instruction is 1 ns), so the counts are exact and repeatable instruction counts.
 */
#include "earforge_board.h"

#define REG(addr) (*(volatile uint32_t *)(addr))
#define USART1_SR REG(0x40011000u)
#define USART1_DR REG(0x40011004u)
#define USART1_CR1 REG(0x4001100Cu)
#define TIM2_CR1 REG(0x40000000u)
#define TIM2_CNT REG(0x40000024u)
#define TIM2_ARR REG(0x4000002Cu)

void earforge_board_init(void)
{
    USART1_CR1 = (1u << 13) | (1u << 3);   /* UE, TE */
    TIM2_ARR = 0xFFFFFFFFu;
    TIM2_CR1 = 1u;                          /* CEN */
}

void earforge_board_putc(char c)
{
    while (!(USART1_SR & (1u << 7))) {}     /* TXE */
    USART1_DR = (uint8_t)c;
}

uint32_t earforge_board_counter(void) { return TIM2_CNT; }
