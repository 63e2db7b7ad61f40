/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-writer.h: writes incidents back in the loader's formats (CSV, JSON,
 * JSON Lines), so that loading what was written gives the same records. */
#pragma once

#include <gio/gio.h>
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
/* A number as short as it can be while reading back the same double. */
void      ot_writer_append_number (GString            *out,
                                   double              number);

/* The whole dataset: CSV, JSON ({"incidents": [...]}) or JSON Lines. */
GBytes   *ot_writer_to_bytes     (OtDataset           *dataset,
                                  OtFormat             format);
/* Writes atomically (a temporary file renamed over @file). */
gboolean  ot_writer_save         (OtDataset           *dataset,
                                  OtFormat             format,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GError             **error);

G_END_DECLS
