// RISC-V rv32imac (QEMU virt, machine mode, -bios none): reset entry and semihosting trap.
// The rest of the board is Embedded/Board.c.
#include "Board.h"

void board_start(void) __attribute__((noreturn));

__attribute__((naked, section(".text.start"))) void _start(void) {
    __asm__ volatile("la sp, __stack_top\n j board_start");
}

uintptr_t board_semihost(uintptr_t operation, const void *argument) {
    register uintptr_t a0 __asm__("a0") = operation;
    register const void *a1 __asm__("a1") = argument;
    // The semihosting sequence: an ebreak between two marker instructions, all uncompressed.
    __asm__ volatile(
        ".option push\n .option norvc\n .balign 16\n"
        "slli zero, zero, 0x1f\n ebreak\n srai zero, zero, 7\n .option pop"
        : "+r"(a0) : "r"(a1) : "memory");
    return a0;
}
