// Freestanding startup for QEMU's mps2-an386 (Cortex-M4): vector table, reset handler that
// copies .data and zeroes .bss, semihosting output and exit, and the few libc symbols the
// Swift objects need (memset, memcpy, memmove, stack protector). No heap: there is no
// malloc, so any allocation in the runtime would fail to link.
#include "Board.h"

extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
int main(void);

static uint32_t semihost(uint32_t operation, const void *argument) {
    register uint32_t r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_write_byte(uint8_t byte) { semihost(0x03, &byte); }  // SYS_WRITEC

void board_exit(int status) __attribute__((noreturn));
void board_exit(int status) {
    // SYS_EXIT with ADP_Stopped_ApplicationExit means success; a failure code needs
    // SYS_EXIT_EXTENDED, which carries the code after the reason.
    if (status == 0) {
        semihost(0x18, (const void *)0x20026);
    } else {
        uint32_t block[2] = {0x20026, (uint32_t)status};
        semihost(0x20, block);
    }
    for (;;) {}
}

void Reset_Handler(void) {
    for (uint32_t *src = &__data_load, *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
    // Enable the FPU (CP10, CP11) before any float instruction runs.
    *(volatile uint32_t *)0xE000ED88 |= (0xFu << 20);
    __asm__ volatile("dsb; isb");
    board_exit(main());
}

static void Default_Handler(void) { board_exit(99); }

__attribute__((section(".vectors"), used)) static void *const vectors[16] = {
    &__stack_top, Reset_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
    Default_Handler, 0, 0, 0, 0, Default_Handler, Default_Handler, 0, Default_Handler, Default_Handler,
};

void *memset(void *destination, int value, size_t count) {
    uint8_t *d = destination;
    while (count--) *d++ = (uint8_t)value;
    return destination;
}

void *memcpy(void *destination, const void *source, size_t count) {
    uint8_t *d = destination;
    const uint8_t *s = source;
    while (count--) *d++ = *s++;
    return destination;
}

void *memmove(void *destination, const void *source, size_t count) {
    uint8_t *d = destination;
    const uint8_t *s = source;
    if (d < s) {
        while (count--) *d++ = *s++;
    } else {
        while (count--) d[count] = s[count];
    }
    return destination;
}

void __aeabi_memclr(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr4(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr8(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memcpy(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy4(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy8(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memmove(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove4(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove8(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memset(void *d, size_t n, int v) { memset(d, v, n); }

uintptr_t __stack_chk_guard = 0x5AFE5AFE;
void __stack_chk_fail(void) { board_exit(98); }
int putchar(int c) { board_write_byte((uint8_t)c); return c; }
