/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Not a test: the trade table that files load into, as one SHA-256 per
 * column (every byte of every row), the files and the problems, to
 * check that a faster way of reading gives the same table
 * (docs/performance.md, "Issue 18: loading ten million rows").
 *
 *   trade-digest [--plain] [--piece BYTES] [--time N] FILE…
 *
 * --plain reads each file whole in one thread; --piece sets the size of
 * the pieces two threads read (and reads every file so, even small);
 * --time loads and scores the files N times more and prints the wall
 * and CPU time of each (for profiling, without the benchmark's
 * generator). */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ot-dataset.h"
#include "ot-loader.h"
#include "ot-trade-reader-private.h"
#include "ot-trade-signals.h"

static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
time_runs (GPtrArray *files,
           guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OtDataset) dataset = NULL;
      g_autoptr(OtTradeSignals) signals = NULL;
      gint64 t0 = g_get_monotonic_time (), t1;
      double c0 = cpu_s (), c1;

      dataset = ot_loader_load_files ((GFile **) files->pdata, files->len, NULL, NULL, NULL, NULL);
      t1 = g_get_monotonic_time ();
      c1 = cpu_s ();
      signals = ot_trade_signals_compute (ot_dataset_get_trade (dataset), NULL, NULL, NULL, NULL);
      g_printerr ("load %.2f s (CPU %.2f s)  score %.2f s (CPU %.2f s)  both %.2f s (CPU %.2f s)\n",
                  (t1 - t0) / 1e6, c1 - c0, (g_get_monotonic_time () - t1) / 1e6, cpu_s () - c1,
                  (g_get_monotonic_time () - t0) / 1e6, cpu_s () - c0);
    }
}

static void
column (const char *name,
        gconstpointer data,
        gsize         size)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);

  g_print ("%-10s %s\n", name, sum);
}

int
main (int    argc,
      char **argv)
{
  gboolean plain = FALSE;
  gint64 piece = 0, runs = 0;
  GOptionEntry entries[] = {
    { "time", 0, 0, G_OPTION_ARG_INT64, &runs, "Load and score N times more, timed", "N" },
    { "plain", 0, 0, G_OPTION_ARG_NONE, &plain, "Read each file whole in one thread", NULL },
    { "piece", 0, 0, G_OPTION_ARG_INT64, &piece, "Pieces of this many bytes, every file", "BYTES" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE…");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(GChecksum) problems = g_checksum_new (G_CHECKSUM_SHA256);
  OtTradeTable *table;
  GPtrArray *list;
  guint n;
  gint64 t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("%s\n", error ? error->message : "no files");
      return 2;
    }
  if (plain)
    ot_trade_parallel_min_bytes = G_MAXSIZE;
  else if (piece > 0)
    {
      ot_trade_parallel_min_bytes = 0;
      ot_trade_piece_bytes = (gsize) piece;
    }
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (argv[i]));
  t0 = g_get_monotonic_time ();
  dataset = ot_loader_load_files ((GFile **) files->pdata, files->len, NULL, NULL, NULL, &error);
  if (dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_printerr ("loaded in %.2f s\n", (g_get_monotonic_time () - t0) / 1e6);
  table = ot_dataset_get_trade (dataset);
  n = table ? ot_trade_table_get_n_rows (table) : 0;
  g_print ("rows       %u\n", n);
  if (table != NULL)
    {
      const char * const *names = ot_trade_table_get_files (table);

      column ("reporters", ot_trade_table_get_reporters (table), n * sizeof (OtTradePlace));
      column ("partners", ot_trade_table_get_partners (table), n * sizeof (OtTradePlace));
      column ("products", ot_trade_table_get_products (table), n * sizeof (guint16));
      column ("months", ot_trade_table_get_months (table), n * sizeof (guint16));
      column ("flows", ot_trade_table_get_flows (table), n * sizeof (guint8));
      column ("flags", ot_trade_table_get_flags (table), n * sizeof (guint8));
      column ("currencies", ot_trade_table_get_currencies (table), n * sizeof (guint8));
      column ("spans", ot_trade_table_get_spans (table), n * sizeof (guint8));
      column ("kgs", ot_trade_table_get_kgs (table), n * sizeof (double));
      column ("values", ot_trade_table_get_values (table), n * sizeof (double));
      column ("files_of", ot_trade_table_get_file_indices (table), n * sizeof (guint16));
      {
        g_autofree guint32 *lines = g_new (guint32, MAX (n, 1));

        for (guint i = 0; i < n; i++)
          {
            OtTradeRow row;

            ot_trade_table_get_row (table, i, &row);
            lines[i] = row.line;
          }
        column ("lines", lines, n * sizeof (guint32));
      }
      for (guint i = 0; names[i] != NULL; i++)
        g_print ("file       %s\n", names[i]);
    }
  list = ot_dataset_get_problems (dataset);
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *text = ot_problem_to_string (list->pdata[i]);

      g_checksum_update (problems, (const guchar *) text, -1);
      g_checksum_update (problems, (const guchar *) "\n", 1);
      if (i < 5)
        g_print ("problem    %s\n", text);
    }
  g_print ("problems   %u %s\n", list->len, g_checksum_get_string (problems));
  g_print ("rejected   %u\n", ot_dataset_get_n_rejected (dataset));
  g_clear_object (&dataset);
  time_runs (files, (guint) MAX (runs, 0));
  return 0;
}
