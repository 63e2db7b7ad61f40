/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-bench.h: shared by the benchmark driver (ot-bench.c) and its
 * in-process stages (ot-bench-stages.c).  See docs/performance.md. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *datadir;   /* generated sets, DOT files, exports */
  guint       size;      /* incidents */
  guint       min_reps;
  double      budget_s;  /* repetitions stop once a stage has used this */
  const char *only;      /* for profiling: "load", "network", "analysis",
                          * "views" (NULL: all) */
} BenchConfig;

/* Runs every in-process stage for one size and adds the results to
 * @builder (inside an open object).  Returns FALSE on failure. */
gboolean  bench_run_stages    (const BenchConfig *config,
                               JsonBuilder       *builder,
                               GError           **error);

/* Paths of the generated files of one size, in @datadir. */
char     *bench_data_path     (const char *datadir,
                               guint       size,
                               const char *suffix);

/* Process memory from /proc/self/status, in KiB ("VmRSS", "VmHWM"). */
guint64   bench_proc_kib      (const char *field);

G_END_DECLS
