// The host side of the demo: the same C program, printing through libc.
#include <stdio.h>
#include "Board.h"

void board_write_byte(uint8_t byte) { putchar(byte); }
void board_mark(void) {}
