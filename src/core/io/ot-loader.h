/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader.h: reads incident files (CSV, JSON, JSON Lines) into an
 * OtDataset, with every problem found (docs/incident-format.md). */
#pragma once

#include <gio/gio.h>
#include "ot-dataset.h"

G_BEGIN_DECLS

/* Limits (documented in docs/incident-format.md). */
/* 4 GiB per file: ten million generated incidents are a 1.9 GB CSV
 * (issue 20, docs/performance.md). */
#define OT_LOADER_MAX_FILE_SIZE  ((gsize) 4 * 1024 * 1024 * 1024)
#define OT_LOADER_MAX_FIELD      ((gsize) 1024 * 1024)        /* 1 MiB per field or value */
/* Arrays and objects inside each other; json-glib recurses once per level
 * (deep enough input overflows the stack).  An incident needs 5. */
#define OT_LOADER_MAX_JSON_DEPTH 64
/* A JSON document is parsed into a tree of about ten times its size;
 * larger sets belong in JSON Lines, read a line at a time. */
#define OT_LOADER_MAX_JSON_DOCUMENT ((gsize) 128 * 1024 * 1024)  /* 128 MiB */
/* Incidents in one dataset (about 280 bytes each: 5.6 GB at the limit
 * once loaded; docs/robustness.md, docs/performance.md "Issue 20"). */
#define OT_LOADER_MAX_INCIDENTS  20000000
/* Row problems listed per file; the rest are counted in one warning. */
#define OT_LOADER_MAX_PROBLEMS   10000
#define OT_LOADER_MAX_LINE       ((gsize) 4 * 1024 * 1024)    /* 4 MiB per JSON Lines line */
/* Kilograms in one record: 1,000,000 t, twenty times the largest
 * published national export total of a controlled mineral in a year
 * (docs/incident-format.md, "Quantities").  Anything above is a typo or
 * garbage, and would swamp every total it joins. */
#define OT_LOADER_MAX_QUANTITY_KG 1e9
/* Transshipment stops in one record: a real shipment has a handful. */
#define OT_LOADER_MAX_HOPS       64

typedef enum {
  OT_FORMAT_UNKNOWN,
  OT_FORMAT_CSV,
  OT_FORMAT_JSON,
  OT_FORMAT_JSONL,
  OT_FORMAT_FTM,     /* FollowTheMoney entities (read only) */
} OtFormat;

/* The columns of the format, in the order the writers use. */
typedef enum {
  OT_COLUMN_ID,
  OT_COLUMN_DATE,
  OT_COLUMN_MINERAL,
  OT_COLUMN_FORM,
  OT_COLUMN_HS_CODE,
  OT_COLUMN_QUANTITY,
  OT_COLUMN_UNIT,
  OT_COLUMN_VALUE,
  OT_COLUMN_CURRENCY,
  OT_COLUMN_DECLARED_AS,
  OT_COLUMN_CONCEALMENT,
  OT_COLUMN_ORIGIN,
  OT_COLUMN_EXPORTER,
  OT_COLUMN_VIA,
  OT_COLUMN_DESTINATION,
  OT_COLUMN_CONSIGNEE,
  OT_COLUMN_STATUS,
  OT_COLUMN_CONFIDENCE,
  OT_COLUMN_RELIABILITY,
  OT_COLUMN_CREDIBILITY,
  OT_COLUMN_EVENT_COUNTRY,
  OT_COLUMN_EVENT_PLACE,
  OT_COLUMN_AUTHORITY,
  OT_COLUMN_CASE_REF,
  OT_COLUMN_ILLUSTRATIVE,
  OT_COLUMN_SOURCE,
  OT_COLUMN_SOURCE_URL,
  OT_COLUMN_NOTES,
  OT_N_COLUMNS
} OtColumn;

const char  *ot_column_name            (OtColumn      column);
/* Header or key to column: case-insensitive, blanks and '-' read as '_'.
 * Returns OT_N_COLUMNS for an unknown name. */
OtColumn     ot_column_from_name       (const char   *name);

/* Called from the thread that loads, with 0 <= fraction <= 1. */
typedef void (*OtLoaderProgress) (double   fraction,
                                  gpointer user_data);

/* By content (a leading '[' or '{' means JSON; a first line that is an
 * object with "schema" and "properties" FollowTheMoney), then by @name's
 * extension (.jsonl / .ndjson for JSON Lines); otherwise CSV. */
OtFormat     ot_loader_detect_format   (const char   *name,
                                        const char   *data,
                                        gsize         length);

/* Loads every file (a folder: the .csv, .json, .jsonl and .ndjson files
 * in it, by name) into a new dataset.  Problems go into the dataset;
 * a file that cannot be read at all adds one error and nothing else.
 * Fails only when cancelled.  Blocking: call it from a worker thread,
 * or use the _async variant. */
OtDataset   *ot_loader_load_files      (GFile            **files,
                                        guint              n_files,
                                        GCancellable      *cancellable,
                                        OtLoaderProgress   progress,
                                        gpointer           progress_data,
                                        GError           **error);

/* Runs ot_loader_load_files() in a GTask thread.  @progress is called in
 * the thread-default main context of the caller. */
void         ot_loader_load_files_async  (GFile              **files,
                                          guint                n_files,
                                          GCancellable        *cancellable,
                                          OtLoaderProgress     progress,
                                          gpointer             progress_data,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
OtDataset   *ot_loader_load_files_finish (GAsyncResult        *result,
                                          GError             **error);

/* Loads @data as if read from a file called @display_name into @dataset
 * (which may already hold incidents).  Fails only when cancelled. */
gboolean     ot_loader_load_data       (OtDataset     *dataset,
                                        const char    *display_name,
                                        const char    *data,
                                        gsize          length,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS
