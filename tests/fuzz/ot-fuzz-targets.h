/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-fuzz-targets.h: the entry points shared by the libFuzzer harnesses
 * (tests/fuzz/fuzz-harness.c, built with clang by build-aux/fuzz) and the
 * regression replay (tests/test-fuzz-regressions.c, the normal build).
 * Each takes arbitrary bytes, must never crash, and aborts (g_assert)
 * when an invariant of its result does not hold. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*OtFuzzFunc) (const guint8 *data,
                            gsize         size);

typedef struct {
  const char *name;     /* harness and corpus folder: csv, json, ... */
  OtFuzzFunc  run;
} OtFuzzTarget;

/* Loaders, through ot_loader_load_data() with a .csv, .json or .jsonl name. */
void  ot_fuzz_csv       (const guint8 *data, gsize size);
void  ot_fuzz_json      (const guint8 *data, gsize size);
void  ot_fuzz_jsonl     (const guint8 *data, gsize size);
/* Parsers: the via column, ot_date_parse(), ot_country_parse(), and the
 * quantity column ("QUANTITY\nUNIT"). */
void  ot_fuzz_via       (const guint8 *data, gsize size);
void  ot_fuzz_date      (const guint8 *data, gsize size);
void  ot_fuzz_country   (const guint8 *data, gsize size);
void  ot_fuzz_quantity  (const guint8 *data, gsize size);
/* A small CSV data set through the network, the analysis, a view's scene,
 * the canvas drawing and an export (the first byte picks which). */
void  ot_fuzz_chart     (const guint8 *data, gsize size);
/* Writers: the first byte picks the input format and a mask; the rest is
 * loaded, written as CSV, JSON and JSON Lines and read back (the same
 * incidents), and as spreadsheet-safe CSV (no field starts a formula). */
void  ot_fuzz_writers   (const guint8 *data, gsize size);

/* Every target, ending with { NULL, NULL }. */
extern const OtFuzzTarget ot_fuzz_targets[];

/* Makes GLib criticals and warnings abort, so a failed precondition is a
 * finding. */
void  ot_fuzz_init      (void);

G_END_DECLS
