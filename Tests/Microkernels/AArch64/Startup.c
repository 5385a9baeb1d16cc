// Freestanding startup for QEMU virt (aarch64, entered at EL1): stack, FP/SIMD enabled,
// .bss zeroed, the MMU on with an identity map so RAM is Normal memory (with the MMU off
// every access is Device memory, where unaligned loads fault), semihosting output and exit.
#include <stdint.h>

int main(void);
void board_exit(int status) __attribute__((noreturn));
void board_write_byte(uint8_t byte);
void start_c(void) __attribute__((noreturn));
extern uint64_t __bss_start[], __bss_end[], __page_table[];

__asm__(".section .text.boot, \"ax\"\n"
        ".global _start\n"
        "_start:\n"
        "  ldr x0, =__stack_top\n"
        "  mov sp, x0\n"
        "  mov x0, #(3 << 20)\n"  // CPACR_EL1.FPEN: no trap on FP/SIMD
        "  msr cpacr_el1, x0\n"
        "  isb\n"
        "  b start_c\n");

static uint64_t semihost(uint64_t operation, const void *argument) {
    register uint64_t x0 __asm__("x0") = operation;
    register const void *x1 __asm__("x1") = argument;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void board_write_byte(uint8_t byte) { semihost(0x03, &byte); }  // SYS_WRITEC

void board_exit(int status) {
    uint64_t block[2] = {0x20026, (uint64_t)(int64_t)status};  // ADP_Stopped_ApplicationExit, code
    semihost(0x18, block);                                       // SYS_EXIT (64-bit: a parameter block)
    for (;;) {}
}

void start_c(void) {
    for (uint64_t *p = __bss_start; p < __bss_end; p++) *p = 0;
    // Level-1 table of 1 GiB blocks: [0, 1 GiB) devices (attribute 0), [1, 2 GiB) RAM (attribute 1).
    __page_table[0] = 0x00000000ull | (1u << 10) | (0u << 2) | 1u;            // AF, Device-nGnRnE, block
    __page_table[1] = 0x40000000ull | (1u << 10) | (3u << 8) | (1u << 2) | 1u;  // AF, inner shareable, Normal WB
    uint64_t mair = 0x00ull | (0xFFull << 8);
    uint64_t tcr = 25u | (1u << 8) | (1u << 10) | (3u << 12) | (1u << 23);  // T0SZ=25 (starts at level 1), WB walks, no TTBR1
    __asm__ volatile("msr mair_el1, %0\n msr tcr_el1, %1\n msr ttbr0_el1, %2\n isb\n"
                     "tlbi vmalle1\n dsb sy\n isb\n"
                     "mrs x0, sctlr_el1\n orr x0, x0, #(1 << 0)\n orr x0, x0, #(1 << 2)\n orr x0, x0, #(1 << 12)\n"
                     "bic x0, x0, #(1 << 1)\n msr sctlr_el1, x0\n isb"
                     :
                     : "r"(mair), "r"(tcr), "r"(__page_table)
                     : "x0", "memory");
    board_exit(main());
}
