/*
 * startup_stm32.c: vector table and reset handler for the earforge runtime (no vendor files needed). Reset copies
 * .data from flash, zeroes .bss, enables the FPU and calls main. Every handler is weak and defaults to one that
 * stops in a loop; the microphone build defines SysTick_Handler (the HAL's tick). EF_IRQS peripheral vectors.
 */
#include <stdint.h>

#include "board_config.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void);
void Default_Handler(void);
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*vector)(void);

__attribute__((section(".isr_vector"), used)) const vector vectors[16 + EF_IRQS] = {
    (vector)(uintptr_t)&_estack,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    [16 ... 16 + EF_IRQS - 1] = Default_Handler,
};

void Reset_Handler(void)
{
    uint32_t *src = &_sidata, *dst = &_sdata;
    while (dst < &_edata) *dst++ = *src++;
    for (dst = &_sbss; dst < &_ebss;) *dst++ = 0;
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;   /* CPACR: full access to CP10/CP11 (FPU) */
    __asm__ volatile("dsb\n\tisb");
    (void)main();
    for (;;) {}
}

void Default_Handler(void)
{
    for (;;) {}
}
