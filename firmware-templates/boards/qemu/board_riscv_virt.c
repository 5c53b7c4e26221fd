/*
 * board_riscv_virt.c: QEMU riscv virt (RV32). Log on the NS16550A UART at 0x10000000 (QEMU -serial), probes on the
 * minstret CSR: retired instructions, exact under -icount.
 */
#include "earforge_board.h"

#define UART_THR (*(volatile uint8_t *)0x10000000u)
#define UART_LSR (*(volatile uint8_t *)0x10000005u)

void earforge_board_init(void) {}

void earforge_board_putc(char c)
{
    while (!(UART_LSR & 0x20u)) {}          /* THR empty */
    UART_THR = (uint8_t)c;
}

uint32_t earforge_board_counter(void)
{
    uint32_t v;
    __asm__ volatile("csrr %0, minstret" : "=r"(v));
    return v;
}
