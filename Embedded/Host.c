// The host side of the demo: the same Swift program, printing through libc.
#include <stdio.h>
#include "Board.h"

static _Alignas(16) uint8_t arena[4 << 20];

uint8_t *octet_arena_address(void) { return arena; }
size_t octet_arena_size(void) { return sizeof arena; }
void board_write_byte(uint8_t byte) { putchar(byte); }
void board_mark(void) {}
