/*
 * earforge_board.h: what the application needs from a board (one board_*.c per board family implements it).
 */
#ifndef EARFORGE_BOARD_H
#define EARFORGE_BOARD_H

#include <stdint.h>

/* Clocks, the log UART and the cycle/instruction counter. */
void earforge_board_init(void);

/* One character on the log UART (blocking). */
void earforge_board_putc(char c);

/*
 * Free-running 32-bit counter for the probes: DWT->CYCCNT (cycles) on STM32, the CPU cycle counter on ESP32; in QEMU
 * (no cycle model) TIM2->CNT or a CMSDK timer under -icount, or minstret: executed instructions.
 * One count is EARFORGE_COUNTER_INSTRUCTIONS instructions (QEMU) or one cycle (real boards).
 */
uint32_t earforge_board_counter(void);

#endif /* EARFORGE_BOARD_H */
