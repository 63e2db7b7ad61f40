/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-csv.h: an RFC 4180 tokenizer over a read-only buffer (typically a
 * file read into memory), with commas or another separator (a tab).
 * Quoted fields, doubled quotes, newlines inside quotes, LF, CRLF or CR
 * line ends, an optional UTF-8 BOM.  It copies each row
 * once into a reusable buffer and hands out NUL-terminated fields. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  OT_CSV_FLAGS_NONE    = 0,
  /* Lines starting with '#' (outside quotes) are skipped. */
  OT_CSV_SKIP_COMMENTS = 1 << 0,
} OtCsvFlags;

/* Longest field accepted by default: 1 MiB. */
#define OT_CSV_MAX_FIELD (1024 * 1024)

typedef struct {
  guint         line;         /* 1-based line on which the row starts */
  guint         n_fields;
  char        **fields;       /* NUL-terminated; valid until the next call */
  const guint  *lengths;      /* byte length of each field */
  const char   *error;        /* NULL, or why the row is malformed (translated) */
  guint         error_line;   /* line of the malformed part */
  gsize         end_offset;   /* bytes consumed so far, for progress */
} OtCsvRow;

typedef struct _OtCsvReader OtCsvReader;

/* @data must outlive the reader; it is never written.  A UTF-8 byte
 * order mark at its start is skipped. */
OtCsvReader *ot_csv_reader_new       (const char  *data,
                                      gsize        length,
                                      OtCsvFlags   flags);
/* Like ot_csv_reader_new(), but for a buffer the caller owns and may
 * give up: unquoted fields (most of them) are handed out in place, each
 * NUL-terminated by overwriting the separator or line end after it,
 * instead of being copied.  @data[@length] must be writable too (a last
 * field that ends the buffer is terminated there).  Bytes are only ever
 * written at such ends, never inside a quoted field, so a reader that
 * goes back over a malformed quote reads what the file holds.  No byte
 * order mark is skipped; rows count lines from @first_line. */
OtCsvReader *ot_csv_reader_new_in_place (char       *data,
                                         gsize       length,
                                         guint       first_line,
                                         OtCsvFlags  flags);
void         ot_csv_reader_free      (OtCsvReader *reader);
void         ot_csv_reader_set_max_field (OtCsvReader *reader,
                                          gsize        max_field);
/* The byte between fields: ',' unless set (a tab for tab-separated
 * files).  Not a quote, CR, LF or NUL. */
void         ot_csv_reader_set_separator (OtCsvReader *reader,
                                          char         separator);
/* In place: remember what the reader writes over, so that
 * ot_csv_reader_restore() can put it back.  Only for data that held no
 * NUL byte (every NUL in it afterwards is one the reader wrote). */
void         ot_csv_reader_keep_undo (OtCsvReader *reader);
/* Puts back every byte an in-place reader with ot_csv_reader_keep_undo()
 * wrote over, so the data can be read again. */
void         ot_csv_reader_restore   (OtCsvReader *reader);

/* The line the reader is on: where the next row is looked for. */
guint        ot_csv_reader_get_line  (OtCsvReader *reader);
/* Reads no further than @end bytes into the data (at least where it is
 * now): the rest is left to another reader. */
void         ot_csv_reader_set_end   (OtCsvReader *reader,
                                      gsize        end);
/* Reads the next row, skipping blank lines.  Returns FALSE at the end.
 * A malformed row (unterminated quote, text after a closing quote,
 * over-long field) comes back with row->error set; reading goes on with
 * the next line, so the rows around it survive. */
gboolean     ot_csv_reader_next      (OtCsvReader *reader,
                                      OtCsvRow    *row);

/* Appends @text to @out as one CSV field, quoted when needed. */
void         ot_csv_append_field     (GString     *out,
                                      const char  *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtCsvReader, ot_csv_reader_free)

G_END_DECLS
