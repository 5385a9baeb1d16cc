// AArch64 Cortex-A72 (QEMU virt, EL1, MMU off): reset entry, which enables the FP/SIMD unit
// the Swift code uses, and the semihosting trap. The rest of the board is Embedded/Board.c.
#include "Board.h"

void board_start(void) __attribute__((noreturn));

__attribute__((naked, section(".text.start"))) void _start(void) {
    __asm__ volatile(
        "ldr x0, =__stack_top\n mov sp, x0\n"
        "mrs x0, cpacr_el1\n orr x0, x0, #(3 << 20)\n msr cpacr_el1, x0\n isb\n"
        "b board_start");
}

uintptr_t board_semihost(uintptr_t operation, const void *argument) {
    register uintptr_t x0 __asm__("x0") = operation;
    register const void *x1 __asm__("x1") = argument;
    __asm__ volatile("hlt 0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}
