/*
 * stm32_regs.h: the few registers the earforge runtime touches (clock tree, GPIO alternate function, log USART,
 * FPU, DWT cycle counter), per series, from the reference manuals RM0351 (L4), RM0385 (F7) and RM0433 (H7).
 * The runtime needs no vendor headers; the microphone path uses the STM32Cube HAL instead.
 */
#ifndef EARFORGE_STM32_REGS_H
#define EARFORGE_STM32_REGS_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* Cortex-M core */
#define SCB_CPACR REG32(0xE000ED88u)
#define DEMCR REG32(0xE000EDFCu)
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)
#define DWT_LAR REG32(0xE0001FB0u)

#if defined(EF_SERIES_L4)
#define FLASH_ACR REG32(0x40022000u)
#define RCC_BASE 0x40021000u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_CFGR REG32(RCC_BASE + 0x08u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x0Cu)
#define RCC_AHB2ENR REG32(RCC_BASE + 0x4Cu)
#define RCC_APB1ENR1 REG32(RCC_BASE + 0x58u)
#define GPIOA_BASE 0x48000000u
#define USART2_BASE 0x40004400u
#elif defined(EF_SERIES_F7)
#define FLASH_ACR REG32(0x40023C00u)
#define PWR_CR1 REG32(0x40007000u)
#define PWR_CSR1 REG32(0x40007004u)
#define RCC_BASE 0x40023800u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x04u)
#define RCC_CFGR REG32(RCC_BASE + 0x08u)
#define RCC_AHB1ENR REG32(RCC_BASE + 0x30u)
#define RCC_APB1ENR REG32(RCC_BASE + 0x40u)
#define GPIOD_BASE 0x40020C00u
#define USART3_BASE 0x40004800u
#elif defined(EF_SERIES_H7)
#define FLASH_ACR REG32(0x52002000u)
#define PWR_CSR1 REG32(0x58024804u)
#define PWR_CR3 REG32(0x5802480Cu)
#define PWR_D3CR REG32(0x58024818u)
#define RCC_BASE 0x58024400u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_CFGR REG32(RCC_BASE + 0x10u)
#define RCC_D1CFGR REG32(RCC_BASE + 0x18u)
#define RCC_D2CFGR REG32(RCC_BASE + 0x1Cu)
#define RCC_D3CFGR REG32(RCC_BASE + 0x20u)
#define RCC_PLLCKSELR REG32(RCC_BASE + 0x28u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x2Cu)
#define RCC_PLL1DIVR REG32(RCC_BASE + 0x30u)
#define RCC_AHB4ENR REG32(RCC_BASE + 0xE0u)
#define RCC_APB1LENR REG32(RCC_BASE + 0xE8u)
#define GPIOD_BASE 0x58020C00u
#define USART3_BASE 0x40004800u
#else
#error "board_config.h names no STM32 series"
#endif

/* GPIO (same layout on every series) */
#define GPIO_MODER(base) REG32((base) + 0x00u)
#define GPIO_AFRL(base) REG32((base) + 0x20u)
#define GPIO_AFRH(base) REG32((base) + 0x24u)

/* USART v2 (L4, F7, H7 share the layout) */
#define USART_CR1(base) REG32((base) + 0x00u)
#define USART_BRR(base) REG32((base) + 0x0Cu)
#define USART_ISR(base) REG32((base) + 0x1Cu)
#define USART_TDR(base) REG32((base) + 0x28u)

#endif /* EARFORGE_STM32_REGS_H */
