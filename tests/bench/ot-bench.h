/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-bench.h: shared by the benchmark driver (ot-bench.c) and its
 * in-process stages (ot-bench-stages.c).  See docs/performance.md. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Sizes up to this many incidents are also written and loaded as a JSON
 * document (an array); larger ones pass the loader's 128 MiB limit for a
 * document (OT_LOADER_MAX_JSON_DOCUMENT) at about 390 bytes an incident. */
#define BENCH_MAX_JSON_SIZE 300000

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

/* The trade stage (issue 18, ot-bench-trade.c): about @rows generated
 * rows of trade statistics scored in memory, then written as a Comtrade
 * file, loaded and scored when the loader reads trade files. */
gboolean  bench_run_trade     (const BenchConfig *config,
                               guint              rows,
                               JsonBuilder       *builder,
                               GError           **error);

/* Timing shared by the stages' files: @run's median wall and CPU time
 * over repetitions (config->min_reps, config->budget_s), added to
 * @builder as an object @name with one extra number. */
typedef struct {
  double median_s;
  double min_s;
  double cpu_median_s;
  guint  reps;
} BenchTiming;

BenchTiming bench_time_stage  (const BenchConfig *config,
                               gpointer         (*run) (gpointer data),
                               GDestroyNotify     cleanup,
                               gpointer           data);
void      bench_add_timing    (JsonBuilder       *builder,
                               const char        *name,
                               const BenchTiming *timing,
                               const char        *extra_name,
                               double             extra_value);

/* Paths of the generated files of one size, in @datadir. */
char     *bench_data_path     (const char *datadir,
                               guint       size,
                               const char *suffix);

/* Process memory from /proc/self/status, in KiB ("VmRSS", "VmHWM"). */
guint64   bench_proc_kib      (const char *field);

G_END_DECLS
