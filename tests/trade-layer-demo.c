/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Not a test: draws incidents with a generated trade table (issue 18) to
 * look at the trade layer, and times its aggregation.
 *
 *   trade-layer-demo [--rows N] [--countries C] [--view map|network]
 *                    [--entities] [--mineral NAME] [--no-trade]
 *                    [--width W] [--height H] INCIDENTS OUT.png|svg|pdf
 *   trade-layer-demo --bench [--rows N] [--countries C]
 *
 * The trade table is GENERATED (tests/ot-test-trade.h), not real
 * statistics: its file name says so in the source line. */
#include <math.h>
#include <stdlib.h>

#include "ot-chart.h"
#include "ot-export.h"
#include "ot-loader.h"
#include "ot-test-trade.h"
#include "ot-trade-layer.h"

static int
bench (guint rows,
       guint countries)
{
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtFilter) antimony = ot_filter_new ();
  g_autoptr(OtFilter) period = ot_filter_new ();
  g_autoptr(GDate) from = g_date_new_dmy (1, 1, 2024);
  g_autoptr(GDate) to = g_date_new_dmy (30, 6, 2024);
  gint64 t0;

  t0 = g_get_monotonic_time ();
  table = ot_test_trade_generate (rows, countries, 7);
  g_print ("generated %u rows in %.2f s\n", ot_trade_table_get_n_rows (table),
           (g_get_monotonic_time () - t0) / 1e6);
  {
    OtMineral m;

    g_assert_true (ot_mineral_parse ("antimony", &m));
    ot_filter_set_mineral (antimony, m, TRUE);
  }
  ot_filter_set_period (period, g_date_get_julian (from), g_date_get_julian (to));
  for (guint k = 0; k < 3; k++)
    {
      const OtFilter *filter = k == 0 ? NULL : k == 1 ? antimony : period;
      double best = G_MAXDOUBLE;
      guint n_links = 0, n_pairs = 0;

      for (guint rep = 0; rep < 3; rep++)
        {
          g_autoptr(OtTradeLayer) layer = NULL;

          t0 = g_get_monotonic_time ();
          layer = ot_trade_layer_new (table, filter, NULL);
          best = MIN (best, (g_get_monotonic_time () - t0) / 1e6);
          n_links = ot_trade_layer_get_n_links (layer);
          n_pairs = ot_trade_layer_get_n_pairs (layer);
        }
      g_print ("%-22s %8.3f s  %u links, %u pairs\n",
               k == 0 ? "all" : k == 1 ? "antimony" : "2024-01 – 2024-06", best, n_links, n_pairs);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int rows = 200000, countries = 60, width = 1280, height = 800;
  g_autofree char *view = NULL;
  g_autofree char *mineral = NULL;
  gboolean no_trade = FALSE, entities = FALSE, do_bench = FALSE, dark = FALSE;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Trade rows to generate", "N" },
    { "countries", 0, 0, G_OPTION_ARG_INT, &countries, "Countries that trade", "C" },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view, "map or network", "VIEW" },
    { "mineral", 0, 0, G_OPTION_ARG_STRING, &mineral, "Only this mineral", "NAME" },
    { "entities", 0, 0, G_OPTION_ARG_NONE, &entities, "The entities projection", NULL },
    { "no-trade", 0, 0, G_OPTION_ARG_NONE, &no_trade, "Without the layer", NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "The dark theme", NULL },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Page width", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Page height", "H" },
    { "bench", 0, 0, G_OPTION_ARG_NONE, &do_bench, "Time the aggregation", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("INCIDENTS OUT");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(OtTradeTable) table = NULL;
  g_autoptr(OtChart) chart = NULL;
  g_autoptr(OtScene) scene = NULL;
  OtViewKind kind = OT_VIEW_MAP;
  OtExportOptions opts;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (do_bench)
    return bench ((guint) rows, (guint) countries);
  if (argc != 3 || (view != NULL && !ot_view_kind_parse (view, &kind)))
    {
      g_printerr ("%s", g_option_context_get_help (context, TRUE, NULL));
      return 2;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  if (dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  table = ot_test_trade_generate ((guint) rows, (guint) countries, 7);
  ot_dataset_set_trade (dataset, table);
  chart = ot_chart_new ();
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, kind);
  ot_chart_set_countries_projection (chart, !entities);
  ot_chart_set_show_trade (chart, !no_trade);
  if (dark)
    ot_chart_set_theme (chart, ot_theme_dark ());
  if (mineral != NULL)
    {
      g_autoptr(OtFilter) filter = ot_filter_new ();
      OtMineral m;

      if (!ot_mineral_parse (mineral, &m))
        {
          g_printerr ("Unknown mineral %s\n", mineral);
          return 2;
        }
      ot_filter_set_mineral (filter, m, TRUE);
      ot_chart_set_filter (chart, filter);
    }
  if (!ot_chart_update (chart, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  scene = ot_chart_get_scene (chart);
  ot_export_options_init (&opts);
  opts.width = width;
  opts.height = height;
  if (!ot_export_scene (scene, NULL, &opts, argv[2], &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%u incidents, %u trade rows, %u statistical flows in the scene\n",
           ot_dataset_get_n_incidents (dataset), ot_trade_table_get_n_rows (table),
           ot_scene_get_n_statistical (scene));
  return 0;
}
