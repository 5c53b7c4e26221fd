/*
 * board_mps2.c: QEMU mps2-an500 (Cortex-M7) and mps2-an386 (Cortex-M4F). Log on the CMSDK APB UART0 (QEMU -serial),
 * probes on CMSDK APB TIMER0, a down counter at the 25 MHz system clock: under -icount shift=0,sleep=off one count is
 * 40 executed instructions (40 ns of virtual time), so counts have a resolution of 40 instructions.
 */
#include "earforge_board.h"

#define REG(addr) (*(volatile uint32_t *)(addr))
#define UART0_DATA REG(0x40004000u)
#define UART0_STATE REG(0x40004004u)
#define UART0_CTRL REG(0x40004008u)
#define UART0_BAUDDIV REG(0x40004010u)
#define TIMER0_CTRL REG(0x40000000u)
#define TIMER0_VALUE REG(0x40000004u)
#define TIMER0_RELOAD REG(0x40000008u)

void earforge_board_init(void)
{
    UART0_BAUDDIV = 16u;
    UART0_CTRL = 1u;                        /* TX enable */
    TIMER0_RELOAD = 0xFFFFFFFFu;
    TIMER0_VALUE = 0xFFFFFFFFu;
    TIMER0_CTRL = 1u;                       /* enable */
}

void earforge_board_putc(char c)
{
    while (UART0_STATE & 1u) {}             /* TX buffer full */
    UART0_DATA = (uint8_t)c;
}

/* The timer counts down: its complement counts up. */
uint32_t earforge_board_counter(void) { return ~TIMER0_VALUE; }
