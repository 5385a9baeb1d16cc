// What the Swift demo (Demo.swift) needs from the C side. Board.c implements it for the
// emulated boards (Embedded/<Board>/ adds the startup code and semihosting trap), Host.c for
// the host; Model.S puts the model file's bytes between the two symbols below.
#pragma once
#include <stddef.h>
#include <stdint.h>

extern const uint8_t octet_model_start[], octet_model_end[];

/// The model bytes, 16-byte aligned (in flash on a board).
static inline const uint8_t *octet_model_address(void) { return octet_model_start; }
static inline size_t octet_model_size(void) { return (size_t)(octet_model_end - octet_model_start); }

/// The arena, 16-byte aligned, in RAM.
uint8_t *octet_arena_address(void);
size_t octet_arena_size(void);

void board_write_byte(uint8_t byte);

/// Called right before and right after the timed `invoke()`: an instruction counter given
/// this function's address (scripts/qemu/insn-count.c, `mark=`) reports its count at each call.
void board_mark(void);
