// What the demo (Demo.c) needs from the board. Board.c implements it for the emulated boards
// (Embedded/<Board>/ adds the startup code and semihosting trap), Host.c for the host.
#pragma once
#include <stddef.h>
#include <stdint.h>

void board_write_byte(uint8_t byte);

/// Called right before and right after the timed octet_invoke: an instruction counter given
/// this function's address (scripts/qemu/insn-count.c, `mark=`) reports its count at each call.
void board_mark(void);
