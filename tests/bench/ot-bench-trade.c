/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trade stage of the benchmark (issue 18, docs/performance.md): about
 * ten million generated rows of monthly trade statistics (every HS line of
 * the controlled minerals, 250 countries all reporting, 2018-2025, World
 * totals, the planted patterns of ot-generator.h), scored in memory; then
 * written as UN Comtrade bulk files, one a year as Comtrade cuts them by
 * period (once, kept in the data folder), loaded and scored, when the
 * loader reads trade files. */
#include "ot-bench.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "ot-dataset.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-trade-signals.h"

/* Ninety destinations an exporter and line give ten million rows with
 * these options (10,194,965 measured); fewer scale about linearly. */
static void
options_for (guint                    rows,
             OtTradeGeneratorOptions *o)
{
  ot_trade_generator_options_init (o);
  o->seed = 1;
  o->first_year = 2018;
  o->n_years = 8;
  o->n_countries = 250;
  o->n_reporters = 250;
  o->partners = MAX (3.0, 90.0 * rows / 1e7);
  o->world = TRUE;
  o->plants = OT_TRADE_PLANT_REROUTING | OT_TRADE_PLANT_MIRROR_GAP | OT_TRADE_PLANT_UNIT_VALUE |
              OT_TRADE_PLANT_CODE_SWITCH;
}

static gpointer
run_score (gpointer data)
{
  return ot_trade_signals_compute (data, NULL, NULL, NULL, NULL);
}

/* The planted rerouting is what comes first. */
static gboolean
found_planted (OtTradeSignals *signals)
{
  gboolean thailand = FALSE, mexico = FALSE;

  for (guint i = 0; i < MIN (2, ot_trade_signals_get_n_flagged (signals, OT_TRADE_SIGNAL_REROUTING)); i++)
    {
      const OtTradeSignal *s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_REROUTING, i);

      thailand = thailand || g_strcmp0 (ot_trade_place_country (s->hub), "TH") == 0;
      mexico = mexico || g_strcmp0 (ot_trade_place_country (s->hub), "MX") == 0;
    }
  return thailand && mexico;
}

static void
add_results (JsonBuilder    *b,
             OtTradeSignals *signals)
{
  json_builder_set_member_name (b, "flagged");
  json_builder_begin_object (b);
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    {
      json_builder_set_member_name (b, ot_trade_signal_kind_name (k));
      json_builder_add_int_value (b, ot_trade_signals_get_n_flagged (signals, k));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "planted_rerouting_first");
  json_builder_add_boolean_value (b, found_planted (signals));
}

static gboolean
write_file (OtTradeTable *table,
            guint         year,
            const char   *path,
            GError      **error)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (tmp);
  g_autoptr(GFileOutputStream) out = NULL;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL ||
      !ot_trade_generator_write_comtrade_year (table, year, G_OUTPUT_STREAM (out), NULL, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return FALSE;
  if (g_rename (tmp, path) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  GFile **files;
  guint   n;
} Files;

static gpointer
run_load (gpointer data)
{
  Files *f = data;

  return ot_loader_load_files (f->files, f->n, NULL, NULL, NULL, NULL);
}

/* Load and score, as `oretrace --signals FILE…` does. */
static gpointer
run_load_score (gpointer data)
{
  g_autoptr(OtDataset) dataset = run_load (data);
  OtTradeTable *table = dataset ? ot_dataset_get_trade (dataset) : NULL;

  return table ? ot_trade_signals_compute (table, NULL, NULL, NULL, NULL) : NULL;
}

static void
bench_files (const BenchConfig             *config,
             const OtTradeGeneratorOptions *o,
             OtTradeTable                  *table,
             guint                          rows,
             JsonBuilder                   *b)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) probe = NULL;
  gint64 bytes = 0, t0 = g_get_monotonic_time ();
  gboolean wrote = FALSE;
  Files f;
  BenchTiming t;

  for (guint year = o->first_year; year < o->first_year + o->n_years; year++)
    {
      g_autofree char *name = g_strdup_printf ("generated-trade-%u-%u.tsv", rows, year);
      g_autofree char *path = g_build_filename (config->datadir, name, NULL);
      GStatBuf st;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_printerr ("writing %s\n", path);
          if (!write_file (table, year, path, &error))
            {
              g_printerr ("  %s\n", error->message);
              return;
            }
          wrote = TRUE;
        }
      if (g_stat (path, &st) == 0)
        bytes += st.st_size;
      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  if (wrote)
    {
      json_builder_set_member_name (b, "write_s");
      json_builder_add_double_value (b, (g_get_monotonic_time () - t0) / 1e6);
    }
  json_builder_set_member_name (b, "files");
  json_builder_add_int_value (b, files->len);
  json_builder_set_member_name (b, "file_bytes");
  json_builder_add_int_value (b, bytes);

  f.files = (GFile **) files->pdata;
  f.n = files->len;
  probe = run_load (&f);
  if (probe == NULL || ot_dataset_get_trade (probe) == NULL)
    {
      g_printerr ("  the loader reads no trade statistics from these files yet: load not timed\n");
      json_builder_set_member_name (b, "load");
      json_builder_add_string_value (b, "no trade reader");
      return;
    }
  json_builder_set_member_name (b, "rows_loaded");
  json_builder_add_int_value (b, ot_trade_table_get_n_rows (ot_dataset_get_trade (probe)));
  g_clear_object (&probe);
  t = bench_time_stage (config, run_load, g_object_unref, &f);
  bench_add_timing (b, "load", &t, "mb_s", bytes / 1e6 / t.median_s);
  t = bench_time_stage (config, run_load_score, (GDestroyNotify) ot_trade_signals_unref, &f);
  bench_add_timing (b, "load_score", &t, "rows_s", rows / t.median_s);
}

gboolean
bench_run_trade (const BenchConfig *config,
                 guint              rows,
                 JsonBuilder       *b,
                 GError           **error)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;
  gint64 t0;
  BenchTiming t;
  guint n;

  options_for (rows, &o);
  g_printerr ("trade: generating about %u rows\n", rows);
  t0 = g_get_monotonic_time ();
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  n = ot_trade_table_get_n_rows (table);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, n);
  json_builder_set_member_name (b, "generate_s");
  json_builder_add_double_value (b, (g_get_monotonic_time () - t0) / 1e6);

  t = bench_time_stage (config, run_score, (GDestroyNotify) ot_trade_signals_unref, table);
  bench_add_timing (b, "score", &t, "rows_s", n / t.median_s);
  signals = ot_trade_signals_compute (table, NULL, NULL, NULL, error);
  if (signals == NULL)
    return FALSE;
  add_results (b, signals);
  json_builder_set_member_name (b, "peak_rss_kib");
  json_builder_add_int_value (b, bench_proc_kib ("VmHWM"));
  g_clear_pointer (&signals, ot_trade_signals_unref);

  bench_files (config, &o, table, rows, b);
  return TRUE;
}
