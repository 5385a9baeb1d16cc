// The host side of the demo: the same Swift code, printing through libc.
#include <stdio.h>
#include "Board.h"

void board_write_byte(uint8_t byte) { putchar(byte); }
