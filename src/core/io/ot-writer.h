/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-writer.h: writes incidents back in the loader's formats (CSV, JSON,
 * JSON Lines), so that loading what was written gives the same records. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include "ot-dataset.h"
#include "ot-loader.h"

G_BEGIN_DECLS

/* Quantities are written in kg.  @extra_keys (NULL-terminated, may be
 * NULL) are the extra columns, after the standard ones. */
void      ot_writer_csv_header   (GString             *out,
                                  const char * const  *extra_keys);
void      ot_writer_csv_record   (GString             *out,
                                  const OtIncident    *incident,
                                  const char * const  *extra_keys);
/* One JSON object; @pretty puts each key on its own line. */
void      ot_writer_json_record  (GString             *out,
                                  const OtIncident    *incident,
                                  gboolean             pretty);
/* One standard column as the CSV writer writes it (kg, ISO dates, codes);
 * NULL when not given.  A new string. */
char     *ot_writer_column_text  (const OtIncident    *incident,
                                  OtColumn             column);
/* The same without copies: the incident's own string, or the text made
 * in @scratch (valid until @scratch changes); NULL when not given. */
const char *ot_writer_column_text_in (const OtIncident *incident,
                                      OtColumn          column,
                                      GString          *scratch);
/* A number as short as it can be while reading back the same double
 * (the first of %.15g, %.16g, %.17g that does), locale-independent. */
void      ot_writer_append_number (GString            *out,
                                   double              number);
/* @value rounded to @digits (1 to 17) significant digits: what strtod ()
 * reads back from printf ("%.*g", digits, value). */
double    ot_writer_round_digits  (double              value,
                                   guint               digits);
/* The same number in plain decimal notation, never an exponent
 * ("3366000", "0.00001"), for CSV files a spreadsheet reads: as short
 * as it can be while reading back the same double. */
void      ot_writer_append_decimal (GString           *out,
                                    double             number);
/* @node as pretty JSON (two spaces a level, starting at @level), with
 * doubles written by ot_writer_append_number(): json-glib's generator
 * writes every double with 17 digits (327164.34999999998). */
void      ot_writer_append_json   (GString            *out,
                                   JsonNode           *node,
                                   guint               level);

/* The whole dataset: CSV, JSON ({"incidents": [...]}) or JSON Lines. */
GBytes   *ot_writer_to_bytes     (OtDataset           *dataset,
                                  OtFormat             format);
/* Writes atomically through OtAtomicFile (ot-atomic-file.h): on any
 * failure, or when cancelled, @file is left as it was; its mode is kept.
 * @file must be a local file. */
gboolean  ot_writer_save         (OtDataset           *dataset,
                                  OtFormat             format,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GError             **error);

/* Spreadsheet-safe CSV, for people to open (not to load back exactly).
 * Following the OWASP guidance on CSV injection, a field starting with
 * '=', '+', '-', '@', a tab or a carriage return gets a leading single
 * quote and is always double-quoted ("'=SUM(A1)"), so spreadsheets show
 * it as text instead of running it as a formula.  Plain numbers ("-12.5")
 * are left as they are: a spreadsheet reads them as numbers, not
 * formulas.  Other fields are written as by ot_csv_append_field(). */
void      ot_writer_csv_safe_field (GString           *out,
                                    const char        *text);
/* The incidents whose @mask byte is set (@mask NULL: all), in dataset
 * order, header first, every field and every extra column name
 * spreadsheet-safe. */
GBytes   *ot_writer_csv_filtered  (OtDataset          *dataset,
                                   const guint8       *mask);
/* Writes atomically, as ot_writer_save(). */
gboolean  ot_writer_write_csv_filtered (OtDataset     *dataset,
                                        const guint8  *mask,
                                        GFile         *file,
                                        GCancellable  *cancellable,
                                        GError       **error);
/* The same in a worker thread (@mask is copied; @dataset must not change
 * meanwhile).  Cancelling leaves @file as it was. */
void      ot_writer_write_csv_filtered_async  (OtDataset           *dataset,
                                               const guint8        *mask,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  ot_writer_write_csv_filtered_finish (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
