// What the Swift demo needs from the C side: the model bytes and the arena (generated per
// run by scripts/run-cortex-m4.sh into Model.c), and a way to print a byte.
#pragma once
#include <stddef.h>
#include <stdint.h>

/// The model bytes, 16-byte aligned, in flash.
const uint8_t *octet_model_address(void);
size_t octet_model_size(void);
/// The arena, 16-byte aligned, in RAM.
uint8_t *octet_arena_address(void);
size_t octet_arena_size(void);

void board_write_byte(uint8_t byte);
