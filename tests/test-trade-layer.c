/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 18, trade statistics as a layer of the map and network views:
 * the table summed per exporter, importer and mineral with one side per
 * month (never both reports of one flow), what is left out and counted,
 * the filter's minerals, period and countries; on the 60 sample
 * incidents, the statistical flows and places of the map's and the
 * network's scenes, the legend and source line, hit-testing, the details,
 * the budget, the layer turned off, and an SVG export showing them as the
 * screen does. */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ot-chart.h"
#include "ot-export.h"
#include "ot-facets.h"
#include "ot-render.h"
#include "ot-render-private.h"
#include "ot-test-chart.h"
#include "ot-test-load.h"
#include "ot-test-trade.h"
#include "ot-trade-layer.h"

#define ANTIMONY_OXIDES "282580"
#define TUNGSTEN_POWDER "810110"

static OtMineral
mineral (const char *name)
{
  OtMineral m = OT_MINERAL_NONE;

  g_assert_true (ot_mineral_parse (name, &m));
  return m;
}

static const OtTradeLink *
find_link (OtTradeLayer *layer,
           const char   *exporter,
           const char   *importer,
           const char   *name)
{
  for (guint k = 0; k < ot_trade_layer_get_n_links (layer); k++)
    {
      const OtTradeLink *link = ot_trade_layer_get_link (layer, k);

      if (link->exporter == ot_trade_place_from_country (exporter) &&
          link->importer == ot_trade_place_from_country (importer) && link->mineral == mineral (name))
        return link;
    }
  return NULL;
}

static guint32
julian (guint year,
        guint month,
        guint day)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, month, year);

  return g_date_get_julian (date);
}

/* Both sides of China's antimony oxides to Thailand in 2024, the way
 * customs report them: each side's own figure, now and then one missing. */
static OtTradeTable *
mirror_table (void)
{
  OtTradeTable *t = ot_trade_table_new ();
  guint16 comtrade = ot_trade_table_add_file (t, "comtrade-th.csv");
  guint16 gacc = ot_trade_table_add_file (t, "gacc-cn.csv");

  /* January: both report; the importer's figure counts, the exporter's
   * not at all. */
  ot_test_trade_append (t, comtrade, "TH", "CN", OT_TRADE_IMPORT, ANTIMONY_OXIDES, 2024, 1, 1, 1000, 1060);
  ot_test_trade_append (t, gacc, "CN", "TH", OT_TRADE_EXPORT, ANTIMONY_OXIDES, 2024, 1, 1, 900, 1000);
  /* February: only the exporter reports. */
  ot_test_trade_append (t, gacc, "CN", "TH", OT_TRADE_EXPORT, ANTIMONY_OXIDES, 2024, 2, 1, 500, 520);
  /* March: the importer gives a value but no quantity: its value, the
   * exporter's quantity. */
  ot_test_trade_append (t, comtrade, "TH", "CN", OT_TRADE_IMPORT, ANTIMONY_OXIDES, 2024, 3, 1, NAN, 300);
  ot_test_trade_append (t, gacc, "CN", "TH", OT_TRADE_EXPORT, ANTIMONY_OXIDES, 2024, 3, 1, 700, 280);
  /* The United States report a year's imports of Chinese antimony; China
   * reports months of it: the year covers them. */
  ot_test_trade_append (t, comtrade, "US", "CN", OT_TRADE_IMPORT, ANTIMONY_OXIDES, 2024, 1, 12, 12000, NAN);
  ot_test_trade_append (t, gacc, "CN", "US", OT_TRADE_EXPORT, ANTIMONY_OXIDES, 2024, 1, 1, 1500, NAN);
  ot_test_trade_append (t, gacc, "CN", "US", OT_TRADE_EXPORT, ANTIMONY_OXIDES, 2024, 7, 1, 800, NAN);
  /* Tungsten from China to Chile, a country no incident names. */
  ot_test_trade_append (t, gacc, "CN", "CL", OT_TRADE_EXPORT, TUNGSTEN_POWDER, 2024, 2, 1, 40000, NAN);
  /* What is not drawn: World totals, confidential partners, re-exports,
   * a placebo product. */
  ot_test_trade_append (t, gacc, "CN", "W0", OT_TRADE_EXPORT, ANTIMONY_OXIDES, 2024, 1, 1, 99000, NAN);
  ot_test_trade_append (t, comtrade, "TH", "X_", OT_TRADE_IMPORT, ANTIMONY_OXIDES, 2024, 2, 1, 250, NAN);
  ot_test_trade_append (t, comtrade, "TH", "VN", OT_TRADE_REEXPORT, ANTIMONY_OXIDES, 2024, 2, 1, 77, NAN);
  {
    OtTradeRow row = { 0 };
    guint placebo = G_MAXUINT;

    for (guint p = 0; p < ot_trade_product_count (); p++)
      if (ot_trade_product_nth (p)->role == OT_TRADE_ROLE_PLACEBO)
        placebo = p;
    g_assert_cmpuint (placebo, !=, G_MAXUINT);
    row.reporter = ot_trade_place_from_country ("TH");
    row.partner = ot_trade_place_from_country ("CN");
    row.flow = OT_TRADE_IMPORT;
    row.span = 1;
    row.product = placebo;
    row.month = ot_trade_month (2024, 1);
    row.kg = 123456;
    row.value = NAN;
    ot_trade_table_append (t, &row);
  }
  return t;
}

static void
test_one_side_per_month (void)
{
  g_autoptr(OtTradeTable) table = mirror_table ();
  g_autoptr(OtTradeLayer) layer = ot_trade_layer_new (table, NULL, NULL);
  const OtTradeCounts *counts = ot_trade_layer_get_counts (layer);
  const OtTradeLink *th = find_link (layer, "CN", "TH", "antimony");
  const OtTradeLink *us = find_link (layer, "CN", "US", "antimony");
  guint16 first, last;

  g_assert_nonnull (th);
  /* 1000 (Thailand, January) + 500 (China, February) + 700 (China,
   * March): never the 900 China gave for January as well. */
  g_assert_cmpfloat_with_epsilon (th->kg, 2200, 1e-9);
  g_assert_cmpfloat_with_epsilon (th->kg_importer, 1000, 1e-9);
  /* Values the same way: 1060 + 520 + 300 (Thailand's March value). */
  g_assert_cmpfloat_with_epsilon (th->value[OT_TRADE_USD], 1880, 1e-9);
  g_assert_cmpuint (th->n_rows, ==, 4);
  g_assert_cmpuint (th->n_rows_importer, ==, 2);
  g_assert_cmpuint (th->first_month, ==, ot_trade_month (2024, 1));
  g_assert_cmpuint (th->last_month, ==, ot_trade_month (2024, 3));
  g_assert_cmpuint (th->files, ==, 3);
  /* The year the United States reported covers China's months. */
  g_assert_nonnull (us);
  g_assert_cmpfloat_with_epsilon (us->kg, 12000, 1e-9);
  g_assert_cmpuint (us->n_rows, ==, 1);
  /* Chile: only the exporter. */
  g_assert_cmpfloat_with_epsilon (find_link (layer, "CN", "CL", "tungsten")->kg, 40000, 1e-9);

  /* Rows counted: the importer's of January, March and the year, China's
   * of February, March and Chile; replaced: China's January to Thailand
   * and its two months to the United States. */
  g_assert_cmpuint (counts->n_used, ==, 6);
  g_assert_cmpuint (counts->n_replaced, ==, 3);
  g_assert_cmpuint (counts->n_world, ==, 1);
  g_assert_cmpuint (counts->n_areas, ==, 1);
  g_assert_cmpfloat_with_epsilon (counts->kg_areas, 250, 1e-9);
  g_assert_cmpuint (counts->n_re, ==, 1);
  /* The placebo product is another material: no link, no count. */
  g_assert_cmpuint (ot_trade_layer_get_n_links (layer), ==, 3);
  g_assert_cmpuint (ot_trade_layer_get_n_pairs (layer), ==, 3);
  g_assert_cmpuint (counts->n_considered, ==, 9);
  g_assert_true (ot_trade_layer_get_period (layer, &first, &last));
  g_assert_cmpuint (first, ==, ot_trade_month (2024, 1));
  g_assert_cmpuint (last, ==, ot_trade_month (2024, 12));
  /* The heaviest pair first. */
  g_assert_cmpint (ot_trade_layer_get_ranking (layer)[0], ==,
                   ot_trade_layer_find_pair (layer, ot_trade_place_from_country ("CN"),
                                             ot_trade_place_from_country ("CL")));
  g_assert_cmpint (ot_trade_layer_find_pair (layer, ot_trade_place_from_country ("TH"),
                                             ot_trade_place_from_country ("CN")), ==, -1);
}

static void
test_filter (void)
{
  g_autoptr(OtTradeTable) table = mirror_table ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtTradeLayer) tungsten = NULL;
  g_autoptr(OtTradeLayer) spring = NULL;
  g_autoptr(OtTradeLayer) without_us = NULL;
  g_autoptr(OtTradeLayer) only_chile = NULL;
  g_autoptr(OtFilter) statuses = ot_filter_new ();

  ot_filter_set_mineral (filter, mineral ("tungsten"), TRUE);
  tungsten = ot_trade_layer_new (table, filter, NULL);
  g_assert_cmpuint (ot_trade_layer_get_n_links (tungsten), ==, 1);
  g_assert_nonnull (find_link (tungsten, "CN", "CL", "tungsten"));

  /* February to June: the year of the United States counts 5/12,
   * Thailand's months only February and March. */
  ot_filter_clear_part (filter, OT_FILTER_MINERALS);
  ot_filter_set_period (filter, julian (2024, 2, 1), julian (2024, 6, 30));
  spring = ot_trade_layer_new (table, filter, NULL);
  g_assert_cmpfloat_with_epsilon (find_link (spring, "CN", "US", "antimony")->kg, 5000, 1e-9);
  g_assert_cmpfloat_with_epsilon (find_link (spring, "CN", "TH", "antimony")->kg, 1200, 1e-9);

  ot_filter_clear_part (filter, OT_FILTER_PERIOD);
  ot_filter_set_country (filter, "US", OT_FILTER_EXCLUDE);
  without_us = ot_trade_layer_new (table, filter, NULL);
  g_assert_null (find_link (without_us, "CN", "US", "antimony"));
  g_assert_nonnull (find_link (without_us, "CN", "TH", "antimony"));
  ot_filter_set_country (filter, "US", OT_FILTER_ANY);
  ot_filter_set_country (filter, "CL", OT_FILTER_INCLUDE);
  only_chile = ot_trade_layer_new (table, filter, NULL);
  g_assert_cmpuint (ot_trade_layer_get_n_links (only_chile), ==, 1);

  /* Statuses and companies are not about statistics. */
  ot_filter_set_status (statuses, OT_STATUS_SEIZED, TRUE);
  ot_filter_set_company (statuses, "Acme", OT_FILTER_INCLUDE);
  g_assert_true (ot_trade_layer_same_filter (statuses, NULL));
  g_assert_false (ot_trade_layer_same_filter (filter, NULL));
}

/* The rule again, month by month on whole rows (every row of the
 * generated table is one month): for each exporter, importer, mineral
 * and month, the importer's quantities when it gave one, else the
 * exporter's.  Checks the bitmaps and the hash table at a size where
 * they grow. */
static void
test_matches_naive_sums (void)
{
  g_autoptr(OtTradeTable) table = ot_test_trade_generate (60000, 30, 11);
  g_autoptr(OtTradeLayer) layer = ot_trade_layer_new (table, NULL, NULL);
  g_autoptr(GHashTable) imp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) exp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  guint checked = 0;

  for (guint i = 0; i < ot_trade_table_get_n_rows (table); i++)
    {
      OtTradeRow row;
      const OtTradeProduct *product;
      g_autofree char *cell = NULL;
      double *sum;

      ot_trade_table_get_row (table, i, &row);
      product = ot_trade_product_nth (row.product);
      if (isnan (row.kg) || ot_trade_place_kind (row.partner) != OT_TRADE_PLACE_COUNTRY)
        continue;
      cell = row.flow == OT_TRADE_IMPORT
             ? g_strdup_printf ("%u:%u:%u:%u", row.partner, row.reporter, product->mineral, row.month)
             : g_strdup_printf ("%u:%u:%u:%u", row.reporter, row.partner, product->mineral, row.month);
      if ((sum = g_hash_table_lookup (row.flow == OT_TRADE_IMPORT ? imp : exp, cell)) == NULL)
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (row.flow == OT_TRADE_IMPORT ? imp : exp, g_strdup (cell), sum);
        }
      *sum += row.kg;
    }
  for (guint pass = 0; pass < 2; pass++)
    {
      g_hash_table_iter_init (&iter, pass == 0 ? imp : exp);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_auto(GStrv) part = g_strsplit (key, ":", -1);
          g_autofree char *link = g_strdup_printf ("%s:%s:%s", part[0], part[1], part[2]);
          double *sum;

          if (pass == 1 && g_hash_table_contains (imp, key))
            continue;   /* the importer gave that month */
          if ((sum = g_hash_table_lookup (expected, link)) == NULL)
            {
              sum = g_new0 (double, 1);
              g_hash_table_insert (expected, g_strdup (link), sum);
            }
          *sum += *(double *) value;
        }
    }
  g_assert_cmpuint (ot_trade_layer_get_n_links (layer), ==, g_hash_table_size (expected));
  for (guint k = 0; k < ot_trade_layer_get_n_links (layer); k++)
    {
      const OtTradeLink *link = ot_trade_layer_get_link (layer, k);
      g_autofree char *name = g_strdup_printf ("%u:%u:%u", link->exporter, link->importer, link->mineral);
      double *sum = g_hash_table_lookup (expected, name);

      g_assert_nonnull (sum);
      g_assert_cmpfloat (fabs (link->kg - *sum), <=, 1e-9 * *sum);
      checked++;
    }
  g_assert_cmpuint (checked, >, 500);
}

/* ---- the views ------------------------------------------------------------ */

static OtChart *
trade_chart (OtViewKind  view,
             OtDataset **dataset_out)
{
  g_autoptr(OtDataset) dataset = ot_test_load_samples ();
  g_autoptr(OtTradeTable) table = mirror_table ();
  OtChart *chart = ot_chart_new ();

  ot_dataset_set_trade (dataset, table);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, view);
  ot_chart_set_countries_projection (chart, TRUE);
  ot_test_chart_update (chart);
  if (dataset_out)
    *dataset_out = g_object_ref (dataset);
  return chart;
}

static const OtEdgeItem *
trade_edge (const OtScene *scene,
            OtTradeLayer  *layer,
            const char    *exporter,
            const char    *importer)
{
  gint pair = ot_trade_layer_find_pair (layer, ot_trade_place_from_country (exporter),
                                        ot_trade_place_from_country (importer));

  for (guint i = 0; pair >= 0 && i < scene->trade->len; i++)
    if (g_array_index (scene->trade, OtEdgeItem, i).id == OT_CHART_TRADE_ID + (guint) pair)
      return &g_array_index (scene->trade, OtEdgeItem, i);
  return NULL;
}

static gboolean
has_legend (const OtScene *scene,
            const char    *label)
{
  for (guint i = 0; i < scene->legend->len; i++)
    if (g_strcmp0 (g_array_index (scene->legend, OtLegendItem, i).label, label) == 0)
      return TRUE;
  return FALSE;
}

static guint
count_statistical_nodes (const OtScene *scene,
                         guint         *id)
{
  guint n = 0;

  for (guint i = 0; i < scene->nodes->len; i++)
    if (g_array_index (scene->nodes, OtNodeItem, i).statistical)
      {
        n++;
        if (id)
          *id = g_array_index (scene->nodes, OtNodeItem, i).id;
      }
  return n;
}

#define SECTION "Trade statistics (lawful trade, not allegations)"

static void
test_map_scene (void)
{
  g_autoptr(OtChart) chart = trade_chart (OT_VIEW_MAP, NULL);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(OtTradeLayer) layer = ot_chart_get_trade_layer (chart);
  g_autoptr(GVariant) details = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *describe = NULL;
  g_autoptr(GVariantIter) rows = NULL;
  const OtEdgeItem *chile, *thailand;
  OtRenderOptions opts;
  OtViewport vp;
  OtPoint mid;
  guint node_id = 0, id = 0;
  double x, y;
  const char *label, *text;
  gboolean lawful = FALSE;

  g_assert_nonnull (layer);
  /* Every pair is drawn on the map, as a statistical flow (not an edge). */
  g_assert_cmpuint (ot_scene_get_n_statistical (scene), ==, 3);
  chile = trade_edge (scene, layer, "CN", "CL");
  thailand = trade_edge (scene, layer, "CN", "TH");
  g_assert_nonnull (chile);
  g_assert_nonnull (thailand);
  g_assert_cmpuint (chile->dash, ==, OT_DASH_STATISTICAL);
  /* Its own width scale: the heaviest pair the widest. */
  g_assert_cmpfloat (chile->width, >, thailand->width);
  for (guint i = 0; i < scene->edges->len; i++)
    g_assert_false (OT_CHART_IS_TRADE_ID (g_array_index (scene->edges, OtEdgeItem, i).id));
  /* Chile is in no incident: a place of the layer's own, at its end. */
  g_assert_cmpuint (count_statistical_nodes (scene, &node_id), ==, 1);
  g_assert_cmpuint (node_id, ==, OT_CHART_TRADE_ID + (guint) ot_country_index ("CL"));
  g_assert_cmpuint (chile->to_id, ==, node_id);
  /* China is a place of the incidents: the flow starts at its vertex. */
  g_assert_cmpuint (chile->from_id, <, OT_CHART_TRADE_ID);
  /* The legend says what it is, the source line where it comes from. */
  g_assert_true (has_legend (scene, SECTION));
  g_assert_true (has_legend (scene, "Country only in trade statistics"));
  g_assert_nonnull (strstr (ot_scene_get_source (scene), "\nTrade statistics, lawful trade, not allegations: "
                                                          "comtrade-th.csv, gacc-cn.csv · 2024-01 – 2024-12"));
  g_assert_nonnull (strstr (ot_scene_get_source (scene), "1 World total"));
  g_assert_nonnull (strstr (ot_scene_get_source (scene), "1 row of confidential or other areas (250 kg)"));

  /* Hovered and clicked like any flow: at the middle of its arc. */
  ot_render_options_init (&opts);
  opts.exact = TRUE;
  ot_render_fit (scene, &opts, 1600, 1000, &vp);
  {
    const OtPoint *p = ot_scene_points (scene, chile->path);

    mid = ot_cubic_at (p, 0.5);
  }
  ot_viewport_to_page (&vp, mid.x, mid.y, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_EDGE);
  g_assert_cmpuint (id, ==, chile->id);
  describe = ot_chart_describe (chart, OT_HIT_EDGE, id);
  g_assert_cmpstr (describe, ==, "China → Chile · trade statistics · Tungsten · 40.0 t");
  details = ot_chart_get_details (chart, NULL, OT_HIT_EDGE, id);
  g_assert_nonnull (details);
  g_variant_get (details, "(sa(ss))", &heading, &rows);
  while (g_variant_iter_next (rows, "(&s&s)", &label, &text))
    if (g_str_equal (label, "Kind"))
      lawful = g_str_equal (text, "Trade statistics: lawful trade, not an allegation");
  g_assert_true (lawful);
  {
    g_autoptr(GArray) behind = ot_chart_get_incidents_for (chart, OT_HIT_EDGE, id);

    g_assert_cmpuint (behind->len, ==, 0);
  }
  {
    g_autofree char *place = ot_chart_describe (chart, OT_HIT_NODE, node_id);

    g_assert_cmpstr (place, ==, "Chile · only in trade statistics · 0 kg exported · 40.0 t imported");
  }
}

static void
test_network_scene (void)
{
  g_autoptr(OtChart) chart = trade_chart (OT_VIEW_NETWORK, NULL);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(OtTradeLayer) layer = ot_chart_get_trade_layer (chart);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  const OtEdgeItem *thailand;

  /* Between country vertices only: Chile is none, so its flow is not
   * drawn, and no place is added to the incidents' drawing. */
  g_assert_cmpuint (ot_scene_get_n_statistical (scene), ==, 2);
  g_assert_null (trade_edge (scene, layer, "CN", "CL"));
  g_assert_cmpuint (count_statistical_nodes (scene, NULL), ==, 0);
  thailand = trade_edge (scene, layer, "CN", "TH");
  g_assert_nonnull (thailand);
  g_assert_cmpint (thailand->from_id, ==, ot_network_find_vertex (network, "country:CN"));
  g_assert_cmpint (thailand->to_id, ==, ot_network_find_vertex (network, "country:TH"));
  g_assert_true (has_legend (scene, SECTION));
  g_assert_false (has_legend (scene, "Country only in trade statistics"));

  /* Selecting Thailand keeps China → Thailand, fades China → the US. */
  ot_chart_select (chart, OT_HIT_NODE, (guint) ot_network_find_vertex (network, "country:TH"));
  ot_test_chart_update (chart);
  {
    g_autoptr(OtScene) selected = ot_chart_get_scene (chart);

    g_assert_cmpuint (trade_edge (selected, layer, "CN", "TH")->flags & OT_MARK_FADED, ==, 0);
    g_assert_cmpuint (trade_edge (selected, layer, "CN", "US")->flags & OT_MARK_FADED, !=, 0);
  }
}

/* Statistics without incidents (issue 18): the network view lays their
 * countries out itself (the map puts them where they are), each a place
 * of the layer's own at the end of its flows; a filter moves none; the
 * chart is titled and captioned as statistics, never as incidents. */
static void
test_alone (void)
{
  for (OtViewKind view = OT_VIEW_NETWORK; view <= OT_VIEW_MAP; view++)
    {
      g_autoptr(OtDataset) dataset = ot_dataset_new ();
      g_autoptr(OtTradeTable) table = mirror_table ();
      g_autoptr(OtChart) chart = ot_chart_new ();
      g_autoptr(OtScene) scene = NULL;
      g_autoptr(OtScene) filtered = NULL;
      g_autoptr(OtTradeLayer) layer = NULL;
      g_autoptr(OtFilter) filter = ot_filter_new ();
      const OtEdgeItem *chile, *thailand;
      OtPoint china = { NAN, NAN };

      g_test_message ("view %d", view);
      ot_dataset_set_trade (dataset, table);
      ot_chart_set_dataset (chart, dataset);
      ot_chart_set_view (chart, view);
      ot_test_chart_update (chart);
      scene = ot_chart_get_scene (chart);
      layer = ot_chart_get_trade_layer (chart);
      /* China, Thailand, the US and Chile: four places, three flows. */
      g_assert_cmpuint (ot_scene_get_n_statistical (scene), ==, 3);
      g_assert_cmpuint (count_statistical_nodes (scene, NULL), ==, 4);
      g_assert_cmpuint (scene->nodes->len, ==, 4);
      g_assert_null (ot_scene_get_empty_message (scene));
      chile = trade_edge (scene, layer, "CN", "CL");
      thailand = trade_edge (scene, layer, "CN", "TH");
      g_assert_nonnull (chile);
      g_assert_nonnull (thailand);
      g_assert_cmpuint (chile->from_id, ==, OT_CHART_TRADE_ID + (guint) ot_country_index ("CN"));
      g_assert_cmpuint (chile->to_id, ==, OT_CHART_TRADE_ID + (guint) ot_country_index ("CL"));
      g_assert_cmpuint (thailand->from_id, ==, chile->from_id);
      for (guint i = 0; i < scene->nodes->len; i++)
        {
          const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);

          g_assert_true (isfinite (node->x) && isfinite (node->y));
          if (node->id == chile->from_id)
            china = (OtPoint) { node->x, node->y };
        }
      g_assert_true (isfinite (china.x));
      g_assert_cmpstr (ot_scene_get_title (scene), ==, "Trade in export-controlled minerals");
      g_assert_cmpstr (scene->subtitle, ==, "Trade statistics alone, no incidents loaded");
      g_assert_true (g_str_has_prefix (ot_scene_get_source (scene), "Trade statistics, lawful trade, not allegations: "
                                                                    "comtrade-th.csv, gacc-cn.csv · 2024-01 – 2024-12"));
      g_assert_null (strstr (ot_scene_get_source (scene), "incidents"));
      g_assert_true (has_legend (scene, SECTION));

      /* Antimony only: Chile's tungsten goes, China stays where it was. */
      ot_filter_set_mineral (filter, mineral ("antimony"), TRUE);
      ot_chart_set_filter (chart, filter);
      ot_test_chart_update (chart);
      filtered = ot_chart_get_scene (chart);
      g_assert_cmpuint (ot_scene_get_n_statistical (filtered), ==, 2);
      g_assert_cmpuint (count_statistical_nodes (filtered, NULL), ==, 3);
      for (guint i = 0; i < filtered->nodes->len; i++)
        {
          const OtNodeItem *node = &g_array_index (filtered->nodes, OtNodeItem, i);

          /* (The map centres itself on the places drawn.) */
          if (node->id == chile->from_id && view == OT_VIEW_NETWORK)
            {
              g_assert_cmpfloat (node->x, ==, china.x);
              g_assert_cmpfloat (node->y, ==, china.y);
            }
        }
      g_assert_nonnull (strstr (filtered->subtitle, "Trade statistics alone, no incidents loaded: Antimony"));
      /* Hidden: nothing to draw, said so. */
      ot_chart_set_show_trade (chart, FALSE);
      ot_test_chart_update (chart);
      {
        g_autoptr(OtScene) off = ot_chart_get_scene (chart);

        g_assert_cmpuint (ot_scene_get_n_statistical (off), ==, 0);
        g_assert_cmpstr (ot_scene_get_empty_message (off), ==, "No incidents loaded");
      }
    }
}

/* A generated table says so in the source line. */
static void
test_generated (void)
{
  g_autoptr(OtDataset) dataset = ot_test_load_samples ();
  g_autoptr(OtTradeTable) table = ot_test_trade_generate (2000, 12, 5);
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtScene) scene = NULL;

  g_assert_cmpuint (ot_trade_table_count_generated (table), ==, ot_trade_table_get_n_rows (table));
  ot_dataset_set_trade (dataset, table);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, OT_VIEW_MAP);
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  g_assert_nonnull (strstr (ot_scene_get_source (scene), "generated-trade-statistics.csv · generated, not real "
                                                          "statistics · "));
  {
    g_autoptr(OtTradeTable) real = mirror_table ();

    g_assert_cmpuint (ot_trade_table_count_generated (real), ==, 0);
    g_assert_null (ot_trade_table_describe_generated (real));
  }
}

static void
test_layer_off (void)
{
  g_autoptr(OtChart) chart = trade_chart (OT_VIEW_MAP, NULL);
  g_autoptr(OtScene) on = ot_chart_get_scene (chart);
  g_autoptr(OtScene) off = NULL;
  g_autoptr(OtTradeLayer) none = NULL;

  g_assert_cmpuint (ot_scene_get_n_statistical (on), >, 0);
  ot_chart_set_show_trade (chart, FALSE);
  ot_test_chart_update (chart);
  off = ot_chart_get_scene (chart);
  none = ot_chart_get_trade_layer (chart);
  g_assert_null (none);
  g_assert_cmpuint (ot_scene_get_n_statistical (off), ==, 0);
  g_assert_cmpuint (count_statistical_nodes (off, NULL), ==, 0);
  g_assert_false (has_legend (off, SECTION));
  g_assert_null (strstr (ot_scene_get_source (off), "Trade statistics"));
  /* The incidents are drawn as before. */
  g_assert_cmpuint (ot_scene_get_n_edges (off), ==, ot_scene_get_n_edges (on));
  ot_chart_set_show_trade (chart, TRUE);
  ot_test_chart_update (chart);
  {
    g_autoptr(OtScene) again = ot_chart_get_scene (chart);

    g_assert_cmpuint (ot_scene_get_n_statistical (again), ==, 3);
  }
}

/* The chart's filter reaches the layer: a mineral, a period. */
static void
test_chart_filter (void)
{
  g_autoptr(OtChart) chart = trade_chart (OT_VIEW_MAP, NULL);
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtScene) scene = NULL;
  g_autoptr(OtTradeLayer) layer = NULL;

  ot_filter_set_mineral (filter, mineral ("antimony"), TRUE);
  ot_filter_set_period (filter, julian (2024, 2, 1), julian (2024, 6, 30));
  ot_chart_set_filter (chart, filter);
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  layer = ot_chart_get_trade_layer (chart);
  g_assert_cmpuint (ot_scene_get_n_statistical (scene), ==, 2);
  g_assert_null (trade_edge (scene, layer, "CN", "CL"));
  /* Chile's point went with its flow (the others stand for countries
   * this filter's incidents no longer name). */
  for (guint i = 0; i < scene->nodes->len; i++)
    g_assert_cmpuint (g_array_index (scene->nodes, OtNodeItem, i).id, !=,
                      OT_CHART_TRADE_ID + (guint) ot_country_index ("CL"));
  g_assert_nonnull (strstr (ot_scene_get_source (scene), "2024-02 – 2024-06"));

  /* A mineral nothing was traded in: no flow, and the line says so. */
  g_clear_pointer (&scene, ot_scene_unref);
  ot_filter_clear_part (filter, OT_FILTER_MINERALS);
  ot_filter_set_mineral (filter, mineral ("gallium"), TRUE);
  ot_chart_set_filter (chart, filter);
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  g_assert_cmpuint (ot_scene_get_n_statistical (scene), ==, 0);
  g_assert_false (has_legend (scene, SECTION));
  g_assert_nonnull (strstr (ot_scene_get_source (scene), "no trade flow for this filter"));
}

static guint
count_string (const char *text,
              const char *needle)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p++)
    n++;
  return n;
}

/* An SVG export draws the layer as the screen does: the ribbons (their
 * own opacity), the legend section, the source line; none of it when
 * the layer is off. */
static void
test_svg_export (void)
{
  g_autoptr(OtChart) chart = trade_chart (OT_VIEW_MAP, NULL);
  g_autofree char *dir = g_dir_make_tmp ("ot-trade-XXXXXX", NULL);
  g_autofree char *on_path = g_build_filename (dir, "on.svg", NULL);
  g_autofree char *off_path = g_build_filename (dir, "off.svg", NULL);
  g_autofree char *on = NULL;
  g_autofree char *off = NULL;
  g_autoptr(GError) error = NULL;
  OtExportOptions opts;

  ot_export_options_init (&opts);
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(OtScene) scene = NULL;

      ot_chart_set_show_trade (chart, k == 0);
      ot_test_chart_update (chart);
      scene = ot_chart_get_scene (chart);
      g_assert_true (ot_export_scene (scene, NULL, &opts, k == 0 ? on_path : off_path, &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_file_get_contents (on_path, &on, NULL, NULL));
  g_assert_true (g_file_get_contents (off_path, &off, NULL, NULL));
  g_assert_nonnull (strstr (on, SECTION));
  g_assert_nonnull (strstr (on, "comtrade-th.csv, gacc-cn.csv"));
  g_assert_nonnull (strstr (on, "Chile"));
  /* Three ribbons and three legend samples (a line, two widths). */
  g_assert_cmpuint (count_string (on, "stroke-opacity=\".22\""), >=, 6);
  g_assert_null (strstr (off, SECTION));
  g_assert_null (strstr (off, "comtrade-th.csv"));
  g_assert_cmpuint (count_string (off, "stroke-opacity=\".22\""), ==, 0);
  g_remove (on_path);
  g_remove (off_path);
  g_rmdir (dir);
}

/* A table of realistic size: the layer has a budget of its own, says what
 * it hides, and every flow it shows ends at places shown. */
static void
test_budget (void)
{
  g_autoptr(OtDataset) dataset = ot_test_load_samples ();
  g_autoptr(OtTradeTable) table = ot_test_trade_generate (100000, 60, 7);
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtScene) scene = NULL;
  OtRenderStats stats = { 0 };
  OtRenderOptions opts;
  OtViewport vp;
  OtLod lod;

  ot_dataset_set_trade (dataset, table);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, OT_VIEW_MAP);
  ot_chart_set_countries_projection (chart, TRUE);
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  ot_render_options_init (&opts);
  opts.exact = TRUE;
  ot_render_fit (scene, &opts, 1600, 1000, &vp);
  ot_render_layout (scene, &vp, &opts, &stats);
  g_assert_cmpuint (stats.n_trade, >, stats.budget_trade);
  g_assert_cmpuint (stats.n_trade_shown, ==, stats.budget_trade);
  /* The incidents' flows are counted apart. */
  g_assert_cmpuint (stats.n_edges, ==, ot_scene_get_n_edges (scene));
  g_assert_nonnull (strstr (stats.caption, " trade flows"));
  {
    g_autofree char *expected = g_strdup_printf ("%u of %u trade flows", stats.n_trade_shown, stats.n_trade);

    g_assert_nonnull (strstr (stats.caption, expected));
  }
  ot_render_lod (scene, &vp, &opts, NULL, &lod);
  for (guint i = 0; i < scene->trade->len; i++)
    {
      const OtEdgeItem *e = &g_array_index (scene->trade, OtEdgeItem, i);

      if (!ot_lod_shows_trade (&lod, e))
        continue;
      for (guint k = 0; k < scene->nodes->len; k++)
        {
          const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, k);

          if (node->id == e->from_id || node->id == e->to_id)
            g_assert_true (ot_lod_shows_node (&lod, node));
        }
    }
  ot_render_stats_clear (&stats);
}

/* The published figures alone (no incident): the filter sidebar's
 * minerals are those of the statistics, with no incidents, so that the
 * layer can be filtered by mineral; the placebo lines add none. */
static void
test_facets_alone (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_sample_file ("trade-published-figures.csv", 0);
  g_autoptr(OtFacets) facets = ot_facets_new (ds, NULL);
  static const char * const expected[] = { "antimony", "gallium", "germanium", "graphite", "tungsten" };

  g_assert_nonnull (ot_dataset_get_trade (ds));
  g_assert_cmpuint (ot_facets_get_n_items (facets, OT_FILTER_MINERALS), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const OtFacetItem *item = ot_facets_get_item (facets, OT_FILTER_MINERALS, i);

      g_assert_cmpstr (item->key, ==, expected[i]);
      g_assert_cmpuint (item->total, ==, 0);
      g_assert_cmpuint (item->count, ==, 0);
    }
  g_assert_cmpuint (ot_facets_get_n_items (facets, OT_FILTER_STATUSES), ==, 0);
  g_assert_cmpuint (ot_facets_get_n_matching (facets), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trade/layer/one-side-per-month", test_one_side_per_month);
  g_test_add_func ("/trade/layer/filter", test_filter);
  g_test_add_func ("/trade/layer/matches-naive-sums", test_matches_naive_sums);
  g_test_add_func ("/trade/scene/map", test_map_scene);
  g_test_add_func ("/trade/scene/network", test_network_scene);
  g_test_add_func ("/trade/scene/off", test_layer_off);
  g_test_add_func ("/trade/scene/alone", test_alone);
  g_test_add_func ("/trade/facets/alone", test_facets_alone);
  g_test_add_func ("/trade/scene/generated", test_generated);
  g_test_add_func ("/trade/scene/filter", test_chart_filter);
  g_test_add_func ("/trade/export/svg", test_svg_export);
  g_test_add_func ("/trade/render/budget", test_budget);
  return g_test_run ();
}
