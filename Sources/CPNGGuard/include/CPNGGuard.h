#pragma once
#include <stddef.h>
#include <stdint.h>

/// The classic libpng API reports errors by longjmp. Every libpng call in Octet is made
/// from a function in this file that first sets its own `setjmp` point, so a longjmp only
/// ever unwinds C frames of this file and reaches Swift as a status value. The header does
/// not include <png.h>: Swift sees only these plain C types.

/// Outcome of a guarded call. On failure the context's message holds libpng's reason.
typedef enum {
    OCTET_PNG_OK = 0,
    /// libpng reported an error (bad chunk, CRC or zlib error, invalid header, ...).
    OCTET_PNG_ERROR = 1,
    /// The input ended before libpng had read all it needed.
    OCTET_PNG_TRUNCATED = 2,
    /// The first bytes are not the PNG signature.
    OCTET_PNG_NOT_PNG = 3,
    /// libpng's structures could not be allocated.
    OCTET_PNG_OUT_OF_MEMORY = 4,
} octet_png_status;

/// The rows libpng delivers after Octet's transforms (8-bit samples, 1 to 4 channels).
typedef struct {
    int channels;
    size_t row_bytes;
    int passes;
} octet_png_row_layout;

// MARK: - Reading

/// Reads a PNG held in memory. `bytes` must stay valid until the reader is destroyed.
typedef struct octet_png_reader octet_png_reader;

/// Returns NULL when out of memory.
octet_png_reader *octet_png_reader_create(const void *bytes, size_t count);
void octet_png_reader_destroy(octet_png_reader *reader);
const char *octet_png_reader_message(const octet_png_reader *reader);

/// Checks the signature, reads every chunk before the image data, and gives the IHDR size.
octet_png_status octet_png_read_header(octet_png_reader *reader, uint32_t *width, uint32_t *height);

/// Requests 8-bit output: palette to RGB, gray below 8 bits to 8 bits, tRNS to an alpha
/// channel, 16 bits to 8 by `png_set_scale_16`; no gamma or color-space conversion.
/// Call after `octet_png_read_header`; this is where libpng allocates its row buffers.
octet_png_status octet_png_begin_rows(octet_png_reader *reader, octet_png_row_layout *layout);

/// Reads the next row of the current pass into `row` (`layout.row_bytes` bytes). For an
/// interlaced image, each pass fills in more pixels of rows read by earlier passes.
octet_png_status octet_png_read_row(octet_png_reader *reader, uint8_t *row);

/// Reads the chunks after the image data up to IEND, checking their CRCs.
octet_png_status octet_png_read_end(octet_png_reader *reader);

// MARK: - Writing

/// What to write; color type values are the PNG specification's. `rows` holds `height` rows of `row_stride` bytes each, packed as the PNG
/// format stores them (samples below 8 bits packed from the high bit, 16-bit big-endian).
typedef struct {
    uint32_t width;
    uint32_t height;
    int bit_depth;
    int color_type;
    int interlaced;
    const uint8_t *rows;
    size_t row_stride;
    /// Palette entries as R, G, B triples (`palette_count` of them), for color type 3.
    const uint8_t *palette;
    int palette_count;
    /// tRNS alpha values for the first `palette_alpha_count` palette entries.
    const uint8_t *palette_alpha;
    int palette_alpha_count;
    /// tRNS single transparent color for gray (`gray`) or RGB (`red`, `green`, `blue`) images.
    int has_transparent_color;
    uint16_t transparent_gray;
    uint16_t transparent_red;
    uint16_t transparent_green;
    uint16_t transparent_blue;
} octet_png_image_description;

/// Encodes into a growing memory buffer.
typedef struct octet_png_writer octet_png_writer;

/// Returns NULL when out of memory.
octet_png_writer *octet_png_writer_create(void);
void octet_png_writer_destroy(octet_png_writer *writer);
const char *octet_png_writer_message(const octet_png_writer *writer);

/// Writes a whole PNG file; on success its bytes are `octet_png_writer_bytes`.
octet_png_status octet_png_write(octet_png_writer *writer, const octet_png_image_description *image);
const uint8_t *octet_png_writer_bytes(const octet_png_writer *writer);
size_t octet_png_writer_count(const octet_png_writer *writer);
