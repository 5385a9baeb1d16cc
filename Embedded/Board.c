// The part of every emulated board that does not depend on the CPU: C runtime start (copy
// .data, zero .bss, run main, exit), output and exit through semihosting, and the few libc
// symbols liboctet.a needs (memset, memcpy, memmove, stack protector). No heap: there is no
// malloc, so any allocation in the runtime would fail to link.
//
// Each board directory supplies its reset entry (which sets up the stack and calls
// board_start) and board_semihost, the CPU's semihosting trap.
#include "Board.h"

extern uint8_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
int main(void);
uintptr_t board_semihost(uintptr_t operation, const void *argument);

enum { SYS_WRITEC = 0x03, SYS_EXIT_EXTENDED = 0x20, ADP_Stopped_ApplicationExit = 0x20026 };

void board_write_byte(uint8_t byte) { board_semihost(SYS_WRITEC, &byte); }

__attribute__((noreturn)) void board_exit(int status) {
    // The status reaches QEMU's exit code; the block holds two words of the CPU's width.
    uintptr_t block[2] = {ADP_Stopped_ApplicationExit, (uintptr_t)status};
    board_semihost(SYS_EXIT_EXTENDED, block);
    for (;;) {}
}

// Kept out of line so that it has an address to count at.
__attribute__((noinline)) void board_mark(void) { __asm__ volatile(""); }

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

uintptr_t __stack_chk_guard = 0x5AFE5AFE;
void __stack_chk_fail(void) { board_exit(98); }
int putchar(int c) { board_write_byte((uint8_t)c); return c; }

__attribute__((noreturn)) void board_start(void) {
    for (uint8_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
    for (uint8_t *dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    board_exit(main());
}
