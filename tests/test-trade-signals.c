/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trade-signals: issue 18's analysis on generated trade statistics
 * (docs/trade-signals.md): planted rerouting through two hubs is ranked
 * first and second for the right mineral and date; the same pattern on
 * the placebo lines (a demand shock) is not flagged; a planted mirror gap,
 * unit-value outlier and code switch are found; clean data gives nothing
 * above the thresholds.  Each signal's evidence leads back to the lines
 * of the generated Comtrade file; `oretrace --signals` ($OT_APP) reads
 * that file and prints what the core finds.  OT_TRADE_DUMP=1 prints the rankings;
 * OT_TRADE_SEED=N generates other sets (the default, 11, is one of many
 * that pass). */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "ot-dataset.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-trade-series.h"
#include "ot-trade-signals.h"
#include "ot-test-trade.h"

static void
options_for (OtTradeGeneratorOptions *o,
             OtTradePlants            plants,
             const char              *mineral)
{
  ot_trade_generator_options_init (o);
  /* OT_TRADE_SEED: the same tests on other generated sets. */
  o->seed = g_getenv ("OT_TRADE_SEED") ? g_ascii_strtoull (g_getenv ("OT_TRADE_SEED"), NULL, 10) : 11;
  o->n_countries = 24;
  o->n_reporters = 20;
  o->partners = 5;
  o->plants = plants;
  if (mineral)
    g_assert_true (ot_mineral_parse (mineral, &o->mineral));
}

static const char *
place (OtTradePlace p)
{
  const char *alpha2 = ot_trade_place_country (p);

  return alpha2 ? alpha2 : ot_trade_place_kind (p) == OT_TRADE_PLACE_WORLD ? "World" : "-";
}

static void
dump (OtTradeSignals *signals)
{
  if (g_getenv ("OT_TRADE_DUMP") == NULL)
    return;
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    {
      guint n = ot_trade_signals_get_n (signals, k);

      g_printerr ("# %s: %u, %u flagged\n", ot_trade_signal_kind_name (k), n,
                  ot_trade_signals_get_n_flagged (signals, k));
      for (guint i = 0; i < MIN (n, g_strcmp0 (g_getenv ("OT_TRADE_DUMP"), "all") == 0 ? n : 8); i++)
        {
          const OtTradeSignal *s = ot_trade_signals_get (signals, k, i);
          g_autofree char *code = ot_trade_signal_product_code (s->products[0]);

          g_printerr ("#  %u. %s %s %s %s→%s→%s score %.2f (raw %.2f placebo %.2f change %.2f share %.2f z %.2f)%s\n",
                      i + 1, ot_mineral_name (s->mineral), code, s->control ? s->control->id : "",
                      place (s->origin), place (s->hub), place (s->destination), s->score, s->t_raw,
                      s->t_placebo, s->change, s->share, s->z, s->flagged ? " FLAGGED" : "");
          for (guint l = 0; l < s->n_legs; l++)
            g_printerr ("#       %s %s %s %s: %.0f → %.0f kg/month, change %.2f, t %.2f, lag %u, %u rows\n",
                        ot_trade_leg_role_name (s->legs[l].role), place (s->legs[l].reporter),
                        ot_trade_signal_flow_code (s->legs[l].flow), place (s->legs[l].partner),
                        s->legs[l].kg_before, s->legs[l].kg_after, s->legs[l].change, s->legs[l].t,
                        s->legs[l].lag, s->legs[l].n_rows);
          if (k == OT_TRADE_SIGNAL_UNIT_VALUE)
            {
              const OtTradeLeg *leg = &s->legs[0];

              g_printerr ("#       %u-%02u .. %u-%02u: %.3f vs %.3f $/kg:", OT_TRADE_MONTH_YEAR (s->first_month),
                          OT_TRADE_MONTH_MONTH (s->first_month), OT_TRADE_MONTH_YEAR (s->last_month),
                          OT_TRADE_MONTH_MONTH (s->last_month), s->unit_value, s->reference_unit_value);
              for (guint16 m = s->first_month; m <= s->last_month; m++)
                g_printerr (" %.0f kg %.0f $", leg->kg[m - leg->first_month], leg->value[m - leg->first_month]);
              g_printerr ("\n");
            }
          for (guint l = 0; l < s->n_placebo; l++)
            g_printerr ("#       placebo %s: change %.2f, t %.2f\n",
                        ot_trade_leg_role_name (s->placebo[l].role), s->placebo[l].change, s->placebo[l].t);
        }
    }
}

static OtTradeSignals *
score (OtTradeTable *table)
{
  g_autoptr(GError) error = NULL;
  OtTradeSignals *signals = ot_trade_signals_compute (table, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (signals);
  dump (signals);
  return signals;
}

static gboolean
is_country (OtTradePlace p,
            const char  *alpha2)
{
  return g_strcmp0 (ot_trade_place_country (p), alpha2) == 0;
}

static void
test_rerouting (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;
  gboolean thailand = FALSE, mexico = FALSE;

  options_for (&o, OT_TRADE_PLANT_REROUTING, "antimony");
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  signals = score (table);

  g_assert_cmpuint (ot_trade_signals_get_n_flagged (signals, OT_TRADE_SIGNAL_REROUTING), >=, 2);
  for (guint i = 0; i < 2; i++)
    {
      const OtTradeSignal *s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_REROUTING, i);

      g_assert_true (s->flagged);
      g_assert_cmpstr (ot_mineral_name (s->mineral), ==, "antimony");
      g_assert_cmpstr (s->control->id, ==, "CN-2024-46");
      g_assert_true (is_country (s->origin, "CN"));
      g_assert_true (is_country (s->destination, "US"));
      thailand = thailand || is_country (s->hub, "TH");
      mexico = mexico || is_country (s->hub, "MX");
      /* The direct flow fell, both legs through the hub rose. */
      g_assert_cmpuint (s->n_legs, ==, 3);
      g_assert_cmpfloat (s->legs[0].kg_after, <, 0.2 * s->legs[0].kg_before);
      g_assert_cmpfloat (s->legs[1].kg_after, >, s->legs[1].kg_before);
      g_assert_cmpfloat (s->legs[2].kg_after, >, s->legs[2].kg_before);
      g_assert_cmpfloat (s->score, >=, ot_trade_signals_get_options (signals)->threshold);
      /* The windows: after from December 2024, before a year earlier. */
      g_assert_cmpuint (s->legs[0].after[0], ==, ot_trade_month (2024, 12));
      g_assert_cmpuint (s->legs[0].before[0], ==, ot_trade_month (2023, 12));
      g_assert_cmpuint (s->n_placebo, ==, 3);
    }
  g_assert_true (thailand && mexico);
}

/* Without the placebo the same data would flag both hubs. */
static void
test_placebo (void)
{
  OtTradeGeneratorOptions o;
  OtTradeSignalOptions so;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;
  g_autoptr(OtTradeSignals) unguarded = NULL;
  g_autoptr(GError) error = NULL;
  gboolean thailand = FALSE, mexico = FALSE;

  options_for (&o, OT_TRADE_PLANT_REROUTING | OT_TRADE_PLANT_PLACEBO_SHOCK, "antimony");
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  signals = score (table);

  /* The controlled lines move as before, but so do the placebo lines:
   * nothing reaches the threshold. */
  g_assert_cmpuint (ot_trade_signals_get_n_flagged (signals, OT_TRADE_SIGNAL_REROUTING), ==, 0);
  for (guint i = 0; i < ot_trade_signals_get_n (signals, OT_TRADE_SIGNAL_REROUTING); i++)
    g_assert_cmpfloat (ot_trade_signals_get (signals, OT_TRADE_SIGNAL_REROUTING, i)->score, <,
                       ot_trade_signals_get_options (signals)->threshold);

  ot_trade_signal_options_init (&so);
  so.no_placebo = TRUE;
  unguarded = ot_trade_signals_compute (table, NULL, &so, NULL, &error);
  g_assert_no_error (error);
  dump (unguarded);
  for (guint i = 0; i < ot_trade_signals_get_n_flagged (unguarded, OT_TRADE_SIGNAL_REROUTING); i++)
    {
      const OtTradeSignal *s = ot_trade_signals_get (unguarded, OT_TRADE_SIGNAL_REROUTING, i);

      g_assert_true (isnan (s->t_placebo));
      if (is_country (s->destination, "US") && g_str_equal (s->control->id, "CN-2024-46"))
        {
          thailand = thailand || is_country (s->hub, "TH");
          mexico = mexico || is_country (s->hub, "MX");
        }
    }
  g_assert_true (thailand && mexico);
}

static void
test_mirror_gap (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;
  const OtTradeSignal *s;
  g_autofree char *code = NULL;

  options_for (&o, OT_TRADE_PLANT_MIRROR_GAP, NULL);
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  signals = score (table);

  g_assert_cmpuint (ot_trade_signals_get_n_flagged (signals, OT_TRADE_SIGNAL_MIRROR_GAP), ==, 1);
  s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_MIRROR_GAP, 0);
  code = ot_trade_signal_product_code (s->products[0]);
  g_assert_cmpstr (code, ==, "2825.60");
  g_assert_true (is_country (s->origin, "CN"));
  g_assert_true (is_country (s->destination, "US"));
  g_assert_cmpint (s->sign, ==, 1);     /* the importer records more */
  g_assert_cmpuint (OT_TRADE_MONTH_YEAR (s->first_month), >=, 2023);
  g_assert_cmpuint (OT_TRADE_MONTH_YEAR (s->last_month), ==, 2025);
  g_assert_cmpuint (s->n_legs, ==, 2);
  g_assert_cmpuint (s->legs[0].role, ==, OT_TRADE_LEG_IMPORTER);
  g_assert_true (is_country (s->legs[0].reporter, "US"));
  g_assert_cmpuint (s->legs[0].n_rows, >, 0);
}

static void
test_unit_value (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;
  guint n;

  options_for (&o, OT_TRADE_PLANT_UNIT_VALUE, NULL);
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  signals = score (table);

  /* Both records of the flow, the exporter's and the importer's. */
  n = ot_trade_signals_get_n_flagged (signals, OT_TRADE_SIGNAL_UNIT_VALUE);
  g_assert_cmpuint (n, ==, 2);
  for (guint i = 0; i < n; i++)
    {
      const OtTradeSignal *s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_UNIT_VALUE, i);
      g_autofree char *code = ot_trade_signal_product_code (s->products[0]);

      g_assert_cmpstr (code, ==, "8101.94");
      g_assert_true (is_country (s->origin, "KR"));
      g_assert_true (is_country (s->destination, "DE"));
      g_assert_cmpfloat (s->z, <, -3);
      g_assert_cmpfloat (s->unit_value, <, 0.3 * s->reference_unit_value);
      g_assert_cmpuint (OT_TRADE_MONTH_YEAR (s->first_month), >=, 2022);
      g_assert_cmpuint (OT_TRADE_MONTH_YEAR (s->last_month), <=, 2023);
      g_assert_cmpuint (s->legs[0].n_rows, >=, 3);
    }
}

static void
test_code_switch (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;
  const OtTradeSignal *s;
  g_autofree char *code = NULL, *neighbour = NULL;

  options_for (&o, OT_TRADE_PLANT_CODE_SWITCH, "graphite");
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  signals = score (table);

  g_assert_cmpuint (ot_trade_signals_get_n_flagged (signals, OT_TRADE_SIGNAL_CODE_SWITCH), >=, 1);
  s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_CODE_SWITCH, 0);
  code = ot_trade_signal_product_code (s->products[0]);
  neighbour = ot_trade_signal_product_code (s->legs[1].products[0]);
  g_assert_cmpstr (code, ==, "2504.10");
  g_assert_cmpstr (neighbour, ==, "2504.90");
  g_assert_cmpstr (s->control->id, ==, "CN-2023-39");
  g_assert_true (is_country (s->destination, "JP"));
  g_assert_cmpfloat (s->share, >, 0.5);
  /* Not a rerouting: no hub took the tonnes. */
  g_assert_cmpuint (ot_trade_signals_get_n_flagged (signals, OT_TRADE_SIGNAL_REROUTING), ==, 0);
}

static void
test_clean (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;

  options_for (&o, 0, NULL);
  o.world = TRUE;
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  signals = score (table);

  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    g_assert_cmpuint (ot_trade_signals_get_n_flagged (signals, k), ==, 0);
  /* The months were read: the table is not simply empty. */
  g_assert_cmpuint (ot_trade_signals_get_n_used (signals), ==, ot_trade_table_get_n_rows (table));
}

/* Every row a rerouting signal cites is the line of the written file it
 * says, with that reporter, partner and quantity. */
static void
test_evidence (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtTradeSignals) signals = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const OtTradeSignal *s;
  g_autofree char *text = NULL;
  guint checked = 0;

  options_for (&o, OT_TRADE_PLANT_REROUTING, "antimony");
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  signals = score (table);
  g_assert_true (ot_trade_generator_write_comtrade (table, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  lines = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\tpartnerCode"));
  g_assert_cmpuint (g_strv_length (lines), ==, ot_trade_table_get_n_rows (table) + 2);

  s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_REROUTING, 0);
  for (guint l = 0; l < s->n_legs; l++)
    {
      const OtTradeLeg *leg = &s->legs[l];

      /* Twelve months each side (the hub's leg lags, its after window
       * ends with the data). */
      g_assert_cmpuint (leg->n_before, ==, leg->n_after);
      g_assert_cmpuint (leg->n_after, ==, MIN (12, 13 - leg->lag));
      g_assert_cmpuint (leg->n_rows, >, 0);
      g_assert_cmpuint (leg->n_months, ==, 72);
      for (guint r = 0; r < leg->n_rows; r++)
        {
          const char *file;
          guint line;
          g_auto(GStrv) fields = NULL;
          OtTradeRow row;

          ot_trade_signals_row_source (signals, leg->rows[r], &file, &line);
          ot_trade_table_get_row (table, leg->rows[r], &row);
          g_assert_cmpstr (file, ==, "generated-trade.tsv");
          fields = g_strsplit (lines[line - 1], "\t", -1);
          g_assert_cmpuint (g_strv_length (fields), ==, 34);
          g_assert_cmpint (atoi (fields[7]), ==, g_str_equal (place (leg->reporter), "US") ? 842
                                                 : ot_country_numeric (place (leg->reporter)));
          g_assert_cmpstr (fields[8], ==, ot_trade_signal_flow_code (leg->flow));
          g_assert_cmpfloat (g_ascii_strtod (fields[24], NULL), ==, row.kg);
          g_assert_cmpuint (atoi (fields[6]) % 100, ==, OT_TRADE_MONTH_MONTH (row.month));
          checked++;
        }
      /* The series is the sum of those rows in each month it has. */
      for (guint m = 0; m < leg->n_after; m++)
        {
          double sum = 0;

          for (guint r = 0; r < leg->n_rows; r++)
            {
              OtTradeRow row;

              ot_trade_table_get_row (table, leg->rows[r], &row);
              if (row.month == leg->after[m])
                sum += row.kg;
            }
          g_assert_cmpfloat (leg->kg[leg->after[m] - leg->first_month], ==, sum);
        }
    }
  g_assert_cmpuint (checked, >, 30);
}

static void
test_cancel (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  OtTradeSignals *signals;

  options_for (&o, 0, "antimony");
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  g_cancellable_cancel (cancellable);
  signals = ot_trade_signals_compute (table, NULL, NULL, cancellable, &error);
  g_assert_null (signals);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_generator (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) a = NULL;
  g_autoptr(OtTradeTable) b = NULL;
  guint16 first, last;

  options_for (&o, OT_TRADE_PLANT_REROUTING, "antimony");
  a = ot_trade_generator_new (&o, "a.tsv");
  b = ot_trade_generator_new (&o, "a.tsv");
  g_assert_cmpuint (ot_trade_table_get_n_rows (a), ==, ot_trade_table_get_n_rows (b));
  g_assert_cmpmem (ot_trade_table_get_kgs (a), ot_trade_table_get_n_rows (a) * sizeof (double),
                   ot_trade_table_get_kgs (b), ot_trade_table_get_n_rows (b) * sizeof (double));
  g_assert_true (ot_trade_table_get_period (a, &first, &last));
  g_assert_cmpuint (first, ==, ot_trade_month (2020, 1));
  g_assert_cmpuint (last, ==, ot_trade_month (2025, 12));
}

/* The placebo lines: every mineral with controlled lines has one, each
 * says where it comes from. */
static void
test_placebo_lines (void)
{
  static const char * const minerals[] = { "antimony", "gallium", "germanium", "graphite",
                                           "tungsten", "rare earths (mixed)" };

  for (guint m = 0; m < G_N_ELEMENTS (minerals); m++)
    {
      OtMineral mineral;
      guint n = 0;

      g_assert_true (ot_mineral_parse (minerals[m], &mineral));
      for (guint p = 0; p < ot_trade_product_count (); p++)
        {
          const OtTradeProduct *product = ot_trade_product_nth (p);

          if (product->role != OT_TRADE_ROLE_PLACEBO || product->mineral != mineral)
            continue;
          g_assert_true (strstr (product->source, "named by no measure") != NULL ||
                         strstr (product->source, "without rare earths") != NULL);
          n++;
        }
      g_assert_cmpuint (n, >=, 1);
    }
}

/* Runs $OT_APP with @args; its stdout, and its exit status in @status. */
static char *
run_app (int          *status,
         char        **err_out,
         const char   *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;
  const char *arg;
  int wait;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("OT_APP"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait));
  *status = WEXITSTATUS (wait);
  if (err_out)
    *err_out = err;
  else
    g_free (err);
  return out;
}

/* Comtrade's code of a country (ot-generator-trade.c's quirks). */
static int
m49 (const char *alpha2)
{
  return g_str_equal (alpha2, "US") ? 842 : g_str_equal (alpha2, "FR") ? 251 : g_str_equal (alpha2, "IN") ? 699
         : ot_country_numeric (alpha2);
}

/* Is @text among @array's strings (compared without dots and dashes:
 * "2825.80" is 282580, "2024-12" is 202412)? */
static gboolean
in_array (JsonArray  *array,
          const char *text,
          gboolean    prefix)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GString) bare = g_string_new (NULL);

      for (const char *p = json_array_get_string_element (array, i); *p; p++)
        if (*p != '.' && *p != '-')
          g_string_append_c (bare, *p);
      if (prefix ? g_str_has_prefix (bare->str, text) || g_str_has_prefix (text, bare->str)
                 : g_str_equal (bare->str, text))
        return TRUE;
    }
  return FALSE;
}

/* `oretrace --signals` on the generated Comtrade file: the same ranking
 * as the core on the table loaded from it, each row it cites at its line. */
static void
test_cli (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) generated = NULL;
  g_autoptr(OtTradeSignals) core = NULL;
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *dir = NULL, *path = NULL, *out = NULL, *err = NULL, *text = NULL;
  g_autofree char *incidents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  JsonArray *routes;
  int status;

  if (g_getenv ("OT_APP") == NULL)
    {
      g_test_skip ("OT_APP (the built program) is not set");
      return;
    }
  dir = g_dir_make_tmp ("trade-signals-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "generated-trade.tsv", NULL);
  options_for (&o, OT_TRADE_PLANT_REROUTING, "antimony");
  generated = ot_trade_generator_new (&o, "generated-trade.tsv");
  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ot_trade_generator_write_comtrade (generated, G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  lines = g_strsplit (text, "\n", -1);

  /* The core on the table the loader reads from the file. */
  dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ot_dataset_get_trade (dataset));
  g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (dataset)), ==,
                    ot_trade_table_get_n_rows (generated));
  core = score (ot_dataset_get_trade (dataset));

  out = run_app (&status, NULL, "--signals", "--json", path, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  routes = json_object_get_array_member (json_object_get_object_member (
             json_node_get_object (json_parser_get_root (parser)), "signals"), "rerouting");
  g_assert_cmpuint (json_array_get_length (routes), ==,
                    ot_trade_signals_get_n_flagged (core, OT_TRADE_SIGNAL_REROUTING));
  g_assert_cmpuint (json_array_get_length (routes), >=, 2);
  for (guint i = 0; i < json_array_get_length (routes); i++)
    {
      JsonObject *route = json_array_get_object_element (routes, i);
      const OtTradeSignal *s = ot_trade_signals_get (core, OT_TRADE_SIGNAL_REROUTING, i);
      JsonArray *legs = json_object_get_array_member (route, "legs");

      g_assert_cmpstr (json_object_get_string_member (route, "hub"), ==, place (s->hub));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (route, "score"), s->score, 1e-9);
      if (i < 2)
        {
          g_assert_cmpstr (json_object_get_string_member (route, "mineral"), ==, "antimony");
          g_assert_cmpstr (json_object_get_string_member (route, "destination"), ==, "US");
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (route, "control"), "id"),
                           ==, "CN-2024-46");
        }
      g_assert_cmpuint (json_array_get_length (legs), ==, 3);
      for (guint l = 0; l < 3; l++)
        {
          JsonObject *leg = json_array_get_object_element (legs, l);
          JsonArray *rows = json_object_get_array_member (leg, "rows");

          g_assert_cmpuint (json_array_get_length (rows), >, 0);
          for (guint r = 0; r < json_array_get_length (rows); r++)
            {
              JsonObject *row = json_array_get_object_element (rows, r);
              guint line = json_object_get_int_member (row, "line");
              g_auto(GStrv) fields = g_strsplit (lines[line - 1], "\t", -1);

              g_assert_true (g_str_has_suffix (json_object_get_string_member (row, "file"), "generated-trade.tsv"));
              /* The row is the leg's: its flow, reporter, partner, one of
               * its lines, one of its months. */
              g_assert_cmpstr (fields[8], ==, json_object_get_string_member (leg, "flow"));
              g_assert_cmpint (atoi (fields[7]), ==, m49 (json_object_get_string_member (leg, "reporter")));
              g_assert_cmpint (atoi (fields[9]), ==, m49 (json_object_get_string_member (leg, "partner")));
              g_assert_true (in_array (json_object_get_array_member (leg, "products"), fields[14], TRUE));
              g_assert_true (in_array (json_object_get_array_member (leg, "before"), fields[6], FALSE) ||
                             in_array (json_object_get_array_member (leg, "after"), fields[6], FALSE));
            }
        }
    }

  /* The text names the route and the control. */
  g_free (out);
  out = run_app (&status, NULL, "--signals", path, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "CN-2024-46 (2024-12-03): China → "));
  g_assert_nonnull (strstr (out, "→ United States, score"));

  /* Another mineral: nothing flagged, still scored. */
  g_free (out);
  out = run_app (&status, NULL, "--signals", "--mineral", "gallium", path, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (out, "CN-2024-46"));

  /* Incidents only: no statistics to score. */
  incidents = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples", "incidents.csv", NULL);
  g_free (out);
  out = run_app (&status, &err, "--signals", incidents, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "No trade statistics in the files"));

  /* The incident filters do not apply. */
  g_free (out);
  out = run_app (&status, NULL, "--signals", "--from", "2024", path, NULL);
  g_assert_cmpint (status, ==, 2);

  g_unlink (path);
  g_rmdir (dir);
}

/* A large table's series are built by two threads, each reading half
 * the rows: the same series in the same order, the same records and
 * counts, the same months reported, as one thread gives; series that
 * first appear in the second half, rows skipped and reporters seen in
 * one half only included. */
static void
test_series_halves (void)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) table = NULL;
  OtTradeSeries *one, *two;
  guint saved = ot_trade_series_parallel_min_rows;
  guint16 first;
  guint n_months;

  options_for (&o, OT_TRADE_PLANT_REROUTING | OT_TRADE_PLANT_CODE_SWITCH, NULL);
  table = ot_trade_generator_new (&o, "generated-trade.tsv");
  /* After the halfway row: a new reporter, annual and cumulative rows,
   * a series seen before, a row with no method. */
  ot_test_trade_append (table, 0, "NZ", "CN", OT_TRADE_IMPORT, "261710", 2021, 3, 1, 50, 500);
  ot_test_trade_append (table, 0, "NZ", "CN", OT_TRADE_IMPORT, "261710", 2019, 1, 12, 600, 6000);
  ot_test_trade_append (table, 0, "NZ", "W0", OT_TRADE_IMPORT, "261710", 2020, 1, 3, 90, 900);
  ot_test_trade_append (table, 0, "X_", "CN", OT_TRADE_EXPORT, "261710", 2021, 4, 1, 5, 50);
  g_assert_cmpuint (ot_trade_table_get_n_rows (table), >, 10000);

  ot_trade_series_parallel_min_rows = G_MAXUINT;
  one = ot_trade_series_new (table, NULL);
  ot_trade_series_parallel_min_rows = 0;
  two = ot_trade_series_new (table, NULL);
  ot_trade_series_parallel_min_rows = saved;

  g_assert_cmpuint (ot_trade_series_count (one), ==, ot_trade_series_count (two));
  g_assert_cmpuint (ot_trade_series_get_n_used (one), ==, ot_trade_series_get_n_used (two));
  g_assert_cmpuint (ot_trade_series_get_n_skipped (one), ==, ot_trade_series_get_n_skipped (two));
  g_assert_cmpuint (ot_trade_series_get_n_skipped (one), >, 0);
  for (guint s = 0; s < ot_trade_series_count (one); s++)
    g_assert_cmpmem (ot_trade_series_nth (one, s), sizeof (OtTradeSeriesInfo),
                     ot_trade_series_nth (two, s), sizeof (OtTradeSeriesInfo));
  g_assert_cmpmem (ot_trade_series_recs (one), ot_trade_series_get_n_used (one) * sizeof (OtTradeRec),
                   ot_trade_series_recs (two), ot_trade_series_get_n_used (two) * sizeof (OtTradeRec));
  g_assert_true (ot_trade_series_get_months (one, &first, &n_months));
  for (guint r = 0; r < ot_country_count (); r++)
    for (guint m = 0; m < n_months; m++)
      g_assert_cmpint (ot_trade_series_reported (one, r, first + m), ==,
                       ot_trade_series_reported (two, r, first + m));
  g_assert_true (ot_trade_series_reported (two, ot_trade_place_from_country ("NZ"), ot_trade_month (2021, 3)));
  ot_trade_series_free (one);
  ot_trade_series_free (two);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trade-signals/placebo-lines", test_placebo_lines);
  g_test_add_func ("/trade-signals/generator", test_generator);
  g_test_add_func ("/trade-signals/series-halves", test_series_halves);
  g_test_add_func ("/trade-signals/rerouting", test_rerouting);
  g_test_add_func ("/trade-signals/placebo", test_placebo);
  g_test_add_func ("/trade-signals/mirror-gap", test_mirror_gap);
  g_test_add_func ("/trade-signals/unit-value", test_unit_value);
  g_test_add_func ("/trade-signals/code-switch", test_code_switch);
  g_test_add_func ("/trade-signals/clean", test_clean);
  g_test_add_func ("/trade-signals/evidence", test_evidence);
  g_test_add_func ("/trade-signals/cancel", test_cancel);
  g_test_add_func ("/trade-signals/cli", test_cli);
  return g_test_run ();
}
