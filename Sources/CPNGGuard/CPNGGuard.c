#include "CPNGGuard.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Every exported function that calls libpng sets `setjmp(png_jmpbuf(png))` first. The only
// variables read after a longjmp are the function's pointer arguments, which never change
// between setjmp and longjmp, so none needs to be volatile.

/// libpng's reason for the last failure; libpng passes a pointer to it to `record_error`.
typedef struct {
    char message[256];
} error_record;

static void record_error(png_structp png, png_const_charp message) {
    error_record *record = png_get_error_ptr(png);
    snprintf(record->message, sizeof record->message, "%s", message);
    png_longjmp(png, 1);
}

/// Warnings are for recoverable oddities that libpng has already handled (for example an
/// unknown ancillary chunk); they do not change the pixels, so Octet does not report them.
static void ignore_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

// MARK: - Reading

struct octet_png_reader {
    error_record error;
    png_structp png;
    png_infop info;
    const png_byte *bytes;
    size_t count;
    size_t offset;
    /// Set when the read callback ran out of input, so truncation is told apart from
    /// corruption by what happened, not by parsing libpng's message.
    int ran_out_of_input;
};

static void read_from_memory(png_structp png, png_bytep destination, size_t length) {
    octet_png_reader *reader = png_get_io_ptr(png);
    size_t available = reader->count - reader->offset;
    if (length > available) {
        char message[128];
        snprintf(message, sizeof message, "file ends after %zu bytes, where libpng needed %zu more",
                 reader->count, length - available);
        reader->ran_out_of_input = 1;
        png_error(png, message);
    }
    memcpy(destination, reader->bytes + reader->offset, length);
    reader->offset += length;
}

static octet_png_status read_failure(const octet_png_reader *reader) {
    return reader->ran_out_of_input ? OCTET_PNG_TRUNCATED : OCTET_PNG_ERROR;
}

octet_png_reader *octet_png_reader_create(const void *bytes, size_t count) {
    octet_png_reader *reader = calloc(1, sizeof *reader);
    if (reader == NULL) return NULL;
    reader->bytes = bytes;
    reader->count = count;
    reader->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader->error, record_error, ignore_warning);
    if (reader->png != NULL) reader->info = png_create_info_struct(reader->png);
    if (reader->info == NULL) {
        octet_png_reader_destroy(reader);
        return NULL;
    }
    png_set_read_fn(reader->png, reader, read_from_memory);
    // A CRC error in any chunk, ancillary ones included, is corruption to report, not to skip.
    png_set_crc_action(reader->png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    // Octet applies its own pixel-count limit; libpng's default of 1,000,000 per side
    // would otherwise reject some images as corrupt before that limit is checked.
    png_set_user_limits(reader->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    return reader;
}

void octet_png_reader_destroy(octet_png_reader *reader) {
    if (reader == NULL) return;
    if (reader->png != NULL) png_destroy_read_struct(&reader->png, reader->info ? &reader->info : NULL, NULL);
    free(reader);
}

const char *octet_png_reader_message(const octet_png_reader *reader) {
    return reader->error.message;
}

octet_png_status octet_png_read_header(octet_png_reader *reader, uint32_t *width, uint32_t *height) {
    static const size_t signature_length = 8;
    size_t checked = reader->count < signature_length ? reader->count : signature_length;
    if (checked > 0 && png_sig_cmp(reader->bytes, 0, checked) != 0) {
        snprintf(reader->error.message, sizeof reader->error.message, "bad signature");
        return OCTET_PNG_NOT_PNG;
    }
    if (checked < signature_length) {
        if (reader->count == 0) {
            snprintf(reader->error.message, sizeof reader->error.message, "file is empty");
        } else {
            snprintf(reader->error.message, sizeof reader->error.message,
                     "file ends after %zu bytes, inside the signature", reader->count);
        }
        return OCTET_PNG_TRUNCATED;
    }
    if (setjmp(png_jmpbuf(reader->png))) return read_failure(reader);
    png_read_info(reader->png, reader->info);
    *width = png_get_image_width(reader->png, reader->info);
    *height = png_get_image_height(reader->png, reader->info);
    return OCTET_PNG_OK;
}

octet_png_status octet_png_begin_rows(octet_png_reader *reader, octet_png_row_layout *layout) {
    if (setjmp(png_jmpbuf(reader->png))) return read_failure(reader);
    png_set_expand(reader->png);
    png_set_scale_16(reader->png);
    layout->passes = png_set_interlace_handling(reader->png);
    png_read_update_info(reader->png, reader->info);
    layout->channels = png_get_channels(reader->png, reader->info);
    layout->row_bytes = png_get_rowbytes(reader->png, reader->info);
    return OCTET_PNG_OK;
}

octet_png_status octet_png_read_row(octet_png_reader *reader, uint8_t *row) {
    if (setjmp(png_jmpbuf(reader->png))) return read_failure(reader);
    png_read_row(reader->png, row, NULL);
    return OCTET_PNG_OK;
}

octet_png_status octet_png_read_end(octet_png_reader *reader) {
    if (setjmp(png_jmpbuf(reader->png))) return read_failure(reader);
    png_read_end(reader->png, NULL);
    return OCTET_PNG_OK;
}

// MARK: - Writing

struct octet_png_writer {
    error_record error;
    png_structp png;
    png_infop info;
    uint8_t *bytes;
    size_t count;
    size_t capacity;
};

static void write_to_memory(png_structp png, png_bytep source, size_t length) {
    octet_png_writer *writer = png_get_io_ptr(png);
    if (length > writer->capacity - writer->count) {
        size_t capacity = writer->capacity < 4096 ? 4096 : writer->capacity;
        while (capacity - writer->count < length) {
            if (capacity > SIZE_MAX / 2) png_error(png, "encoded image too large for memory");
            capacity *= 2;
        }
        uint8_t *grown = realloc(writer->bytes, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        writer->bytes = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->bytes + writer->count, source, length);
    writer->count += length;
}

static void flush_nothing(png_structp png) {
    (void)png;
}

octet_png_writer *octet_png_writer_create(void) {
    octet_png_writer *writer = calloc(1, sizeof *writer);
    if (writer == NULL) return NULL;
    writer->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer->error, record_error, ignore_warning);
    if (writer->png != NULL) writer->info = png_create_info_struct(writer->png);
    if (writer->info == NULL) {
        octet_png_writer_destroy(writer);
        return NULL;
    }
    png_set_write_fn(writer->png, writer, write_to_memory, flush_nothing);
    // Write any size the reader accepts (libpng's default limit is 1,000,000 per side).
    png_set_user_limits(writer->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    return writer;
}

void octet_png_writer_destroy(octet_png_writer *writer) {
    if (writer == NULL) return;
    if (writer->png != NULL) png_destroy_write_struct(&writer->png, writer->info ? &writer->info : NULL);
    free(writer->bytes);
    free(writer);
}

const char *octet_png_writer_message(const octet_png_writer *writer) {
    return writer->error.message;
}

octet_png_status octet_png_write(octet_png_writer *writer, const octet_png_image_description *image) {
    png_structp png = writer->png;
    png_infop info = writer->info;
    if (setjmp(png_jmpbuf(png))) return OCTET_PNG_ERROR;
    png_set_IHDR(png, info, image->width, image->height, image->bit_depth, image->color_type,
                 image->interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (image->palette_count > 0) {
        png_color palette[PNG_MAX_PALETTE_LENGTH];
        if (image->palette_count > PNG_MAX_PALETTE_LENGTH) png_error(png, "palette has more than 256 entries");
        for (int i = 0; i < image->palette_count; i++) {
            palette[i].red = image->palette[3 * i];
            palette[i].green = image->palette[3 * i + 1];
            palette[i].blue = image->palette[3 * i + 2];
        }
        png_set_PLTE(png, info, palette, image->palette_count);
    }
    if (image->palette_alpha_count > 0) {
        png_set_tRNS(png, info, image->palette_alpha, image->palette_alpha_count, NULL);
    } else if (image->has_transparent_color) {
        png_color_16 color = {
            .gray = image->transparent_gray,
            .red = image->transparent_red,
            .green = image->transparent_green,
            .blue = image->transparent_blue,
        };
        png_set_tRNS(png, info, NULL, 0, &color);
    }
    png_write_info(png, info);
    int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < image->height; y++) {
            png_write_row(png, image->rows + (size_t)y * image->row_stride);
        }
    }
    png_write_end(png, info);
    return OCTET_PNG_OK;
}

const uint8_t *octet_png_writer_bytes(const octet_png_writer *writer) {
    return writer->bytes;
}

size_t octet_png_writer_count(const octet_png_writer *writer) {
    return writer->count;
}
