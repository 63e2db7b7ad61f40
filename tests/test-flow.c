/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Sankey view: a column per transit stop, short routes still reaching
 * the destination column, the budgets of bars and bands with "Other"
 * holding the rest, proportional columns, and labels clear of bands. */
#include <math.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-country.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-render.h"
#include "ot-scene-private.h"
#include "ot-view-private.h"

#define PAGE_W 1600
#define PAGE_H 1000
/* The automatic budgets of ot-view-flow.c. */
#define PLACES_PER_COLUMN 12
#define BANDS_PER_GAP     48

static OtChart *
chart_for_data (const char *data,
                gsize       size)
{
  g_autoptr(OtDataset) dataset = ot_dataset_new ();
  g_autoptr(GError) error = NULL;
  OtChart *chart = ot_chart_new ();

  g_assert_true (ot_loader_load_data (dataset, "flow.csv", data, size, NULL, &error));
  g_assert_no_error (error);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, OT_VIEW_FLOW);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return chart;
}

static OtChart *
generated_chart (guint count)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, count, OT_FORMAT_CSV);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return chart_for_data (data, size);
}

/* The bars of the scene (not headers), by id. */
static GPtrArray *
scene_bars (const OtScene *scene)
{
  GPtrArray *bars = g_ptr_array_new ();

  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);

      if (node->shape == OT_NODE_BAR && node->id != OT_SCENE_NO_ID)
        g_ptr_array_add (bars, (gpointer) node);
    }
  return bars;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The distinct x of the bars, left to right. */
static GArray *
column_xs (GPtrArray *bars)
{
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < bars->len; i++)
    {
      const OtNodeItem *node = bars->pdata[i];
      gboolean seen = FALSE;

      for (guint k = 0; k < xs->len; k++)
        seen |= g_array_index (xs, double, k) == node->x;
      if (!seen)
        g_array_append_val (xs, node->x);
    }
  g_array_sort (xs, compare_doubles);
  return xs;
}

static guint
column_of (GArray *xs,
           double  x)
{
  for (guint k = 0; k < xs->len; k++)
    if (g_array_index (xs, double, k) == x)
      return k;
  g_assert_not_reached ();
  return 0;
}

static gboolean
mark_holds (OtChart   *chart,
            OtHitKind  kind,
            guint      id,
            guint      incident)
{
  g_autoptr(GArray) incidents = ot_chart_get_incidents_for (chart, kind, id);

  for (guint k = 0; k < incidents->len; k++)
    if (g_array_index (incidents, guint, k) == incident)
      return TRUE;
  return FALSE;
}

/* The labels of the bars holding @incident, left to right, joined by '|'. */
static char *
route_through_bars (OtChart   *chart,
                    GPtrArray *bars,
                    GArray    *xs,
                    guint      incident)
{
  g_autoptr(GPtrArray) by_column = g_ptr_array_new ();
  g_autoptr(GString) route = g_string_new (NULL);

  g_ptr_array_set_size (by_column, xs->len);
  for (guint i = 0; i < bars->len; i++)
    {
      const OtNodeItem *node = bars->pdata[i];
      guint c = column_of (xs, node->x);

      if (!mark_holds (chart, OT_HIT_NODE, node->id, incident))
        continue;
      g_assert_null (by_column->pdata[c]);   /* one bar per column */
      by_column->pdata[c] = (gpointer) node->label;
    }
  for (guint c = 0; c < xs->len; c++)
    {
      g_assert_nonnull (by_column->pdata[c]);   /* every column */
      g_string_append_printf (route, "%s%s", c ? "|" : "", (const char *) by_column->pdata[c]);
    }
  return g_string_free (g_steal_pointer (&route), FALSE);
}

/* China → Malaysia → Singapore → Netherlands → United States shows all
 * three hubs in order; shorter routes still end in the destination
 * column, through "No transit reported" and "No further stop". */
static void
test_every_stop (void)
{
  static const char csv[] =
    "id,date,mineral,origin,via,destination,quantity,unit,status\n"
    "A,2024-01-02,gallium,CN,MY:Port Klang; SG:Singapore; NL:Rotterdam,US,100,kg,seized\n"
    "B,2024-02-03,gallium,CN,,US,50,kg,seized\n"
    "C,2024-03-04,antimony,CN,TH:Laem Chabang,US,70,kg,reported\n"
    "D,2024-04-05,germanium,CN,SG; SG; CN,DE,20,kg,seized\n";
  g_autoptr(OtChart) chart = chart_for_data (csv, sizeof csv - 1);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(GPtrArray) bars = scene_bars (scene);
  g_autoptr(GArray) xs = column_xs (bars);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  g_assert_cmpuint (xs->len, ==, 5);
  a = route_through_bars (chart, bars, xs, 0);
  b = route_through_bars (chart, bars, xs, 1);
  c = route_through_bars (chart, bars, xs, 2);
  d = route_through_bars (chart, bars, xs, 3);
  g_test_message ("%s\n%s\n%s\n%s", a, b, c, d);
  g_assert_cmpstr (a, ==, "China|Malaysia|Singapore|Netherlands|United States");
  g_assert_cmpstr (b, ==, "China|No transit reported|No further stop|No further stop|United States");
  g_assert_cmpstr (c, ==, "China|Thailand|No further stop|No further stop|United States");
  /* A repeated stop and a stop back in the origin are not new columns. */
  g_assert_cmpstr (d, ==, "China|Singapore|No further stop|No further stop|Germany");

  /* Every band joins neighbouring columns: none skips one. */
  for (guint i = 0; i < scene->bands->len; i++)
    {
      const OtBandItem *band = &g_array_index (scene->bands, OtBandItem, i);
      double spacing = g_array_index (xs, double, 1) - g_array_index (xs, double, 0);

      g_assert_cmpfloat (band->bbox.x1 - band->bbox.x0, <, spacing);
    }
}

/* Per-gap band counts of @scene, for columns at @xs, into @connected. */
static void
count_connected (const OtScene *scene,
                 GArray        *xs,
                 guint         *connected)
{
  for (guint i = 0; i < scene->bands->len; i++)
    {
      const OtBandItem *band = &g_array_index (scene->bands, OtBandItem, i);

      for (guint c = 0; c + 1 < xs->len; c++)
        if (band->bbox.x0 <= g_array_index (xs, double, c) + 20 &&
            band->bbox.x1 >= g_array_index (xs, double, c + 1) - 20)
          connected[c]++;
    }
}

/* @name is among the bar labels @kept, whole or shortened with "…". */
static gboolean
has_bar (GHashTable *kept,
         const char *name)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_contains (kept, name))
    return TRUE;
  g_hash_table_iter_init (&iter, kept);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_suffix (key, "…") &&
        strncmp (key, name, strlen (key) - strlen ("…")) == 0)
      return TRUE;
  return FALSE;
}

/* At 10,000 incidents: at most the budget of bars per column, "Other"
 * holding exactly the records of the places beyond it, at most the
 * budget of bands between two columns, and columns of one kg scale. */
static void
test_budget_at_scale (void)
{
  g_autoptr(OtChart) chart = generated_chart (10000);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(GPtrArray) bars = scene_bars (scene);
  g_autoptr(GArray) xs = column_xs (bars);
  OtDataset *dataset = ot_chart_get_dataset (chart);
  guint n_columns = xs->len, n_others = 0, n_checked = 0;
  g_autofree guint *places = g_new0 (guint, n_columns);
  g_autofree guint *connected = g_new0 (guint, n_columns);
  g_autofree double *heights = g_new0 (double, n_columns);
  double min_height = G_MAXDOUBLE, max_height = 0;

  g_assert_cmpuint (n_columns, >=, 4);   /* the generator makes 3-stop routes */
  for (guint i = 0; i < bars->len; i++)
    {
      const OtNodeItem *node = bars->pdata[i];
      guint c = column_of (xs, node->x);

      heights[c] += node->height;
      if (g_str_has_prefix (node->label, "Other ("))
        n_others++;
      if (!strstr (node->label, "reported") && !g_str_equal (node->label, "No further stop"))
        places[c]++;   /* places and "Other" */
    }
  for (guint c = 0; c < n_columns; c++)
    {
      g_test_message ("column %u: %u bars, %.0f units of bars", c, places[c], heights[c]);
      g_assert_cmpuint (places[c], <=, PLACES_PER_COLUMN);
      min_height = MIN (min_height, heights[c]);
      max_height = MAX (max_height, heights[c]);
    }
  g_assert_cmpuint (n_others, >=, 1);
  /* Every column holds the same records on one scale: only the
   * thinnest-band floor makes them differ. */
  g_assert_cmpfloat (max_height / min_height, <, 1.08);

  /* Bands: at most the budget join two columns; stubs (grey pieces at
   * one bar) at most one per bar and side. */
  count_connected (scene, xs, connected);
  for (guint c = 0; c + 1 < n_columns; c++)
    {
      g_test_message ("gap %u: %u bands", c, connected[c]);
      g_assert_cmpuint (connected[c], >, 0);
      g_assert_cmpuint (connected[c], <=, BANDS_PER_GAP);
    }
  g_assert_cmpuint (scene->bands->len, <=, (n_columns - 1) * BANDS_PER_GAP + 2 * bars->len);

  /* The first and last columns' "Other" hold exactly the drawn records
   * whose place is not a bar of its own, with their kg. */
  for (guint side = 0; side < 2; side++)
    {
      double x = g_array_index (xs, double, side ? n_columns - 1 : 0);
      g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
      const OtNodeItem *other = NULL;
      g_autoptr(GArray) in_other = NULL;
      double want_kg = 0, got_kg = 0;
      guint want_n = 0;

      for (guint i = 0; i < bars->len; i++)
        {
          const OtNodeItem *node = bars->pdata[i];

          if (node->x != x)
            continue;
          if (g_str_has_prefix (node->label, "Other ("))
            other = node;
          else
            g_hash_table_add (kept, (gpointer) node->label);
        }
      for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
        {
          const OtIncident *incident = ot_dataset_get_incident (dataset, i);
          const OtCountry *place = side ? &incident->destination : &incident->origin;
          guint known = OT_COUNTRY_IS_SET (incident->origin) +
                        OT_COUNTRY_IS_SET (incident->destination);

          for (guint h = 0; h < incident->n_via && known < 2; h++)
            known += *incident->via[h].country.code &&
                     strcmp (incident->via[h].country.code, incident->origin.code) != 0 &&
                     strcmp (incident->via[h].country.code, incident->destination.code) != 0;
          if (known < 2 || !OT_COUNTRY_IS_SET (*place) ||
              has_bar (kept, ot_country_display_name (place->code)))
            continue;
          want_n++;
          if (ot_incident_has_quantity (incident))
            want_kg += incident->quantity_kg;
        }
      if (other == NULL)
        {
          /* Few enough places: each has its bar. */
          g_assert_cmpuint (want_n, ==, 0);
          continue;
        }
      n_checked++;
      in_other = ot_chart_get_incidents_for (chart, OT_HIT_NODE, other->id);
      for (guint k = 0; k < in_other->len; k++)
        {
          const OtIncident *incident = ot_dataset_get_incident (dataset,
                                                                g_array_index (in_other, guint, k));

          if (ot_incident_has_quantity (incident))
            got_kg += incident->quantity_kg;
        }
      g_test_message ("%s: %s holds %u records, %.0f kg", side ? "destination" : "origin",
                      other->label, in_other->len, got_kg);
      g_assert_cmpuint (in_other->len, ==, want_n);
      g_assert_cmpfloat_with_epsilon (got_kg, want_kg, 1e-9 * want_kg);
    }

  g_assert_cmpuint (n_checked, >=, 1);   /* 40 destinations */
  /* The caption says what was merged. */
  g_assert_nonnull (strstr (scene->subtitle, "“Other” bars: "));
}

/* Bars of one column are as tall as their kg, on one scale. */
static void
test_heights_proportional (void)
{
  static const char csv[] =
    "id,date,mineral,origin,via,destination,quantity,unit,status\n"
    "A,2024-01-02,gallium,CN,,US,3000,kg,seized\n"
    "B,2024-02-03,gallium,VN,,US,1000,kg,seized\n"
    "C,2024-03-04,gallium,LA,,JP,1000,kg,seized\n";
  g_autoptr(OtChart) chart = chart_for_data (csv, sizeof csv - 1);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(GPtrArray) bars = scene_bars (scene);
  double china = 0, vietnam = 0, us = 0, japan = 0;

  for (guint i = 0; i < bars->len; i++)
    {
      const OtNodeItem *node = bars->pdata[i];

      if (g_str_equal (node->label, "China"))
        china = node->height;
      else if (g_str_equal (node->label, "Vietnam"))
        vietnam = node->height;
      else if (g_str_equal (node->label, "United States"))
        us = node->height;
      else if (g_str_equal (node->label, "Japan"))
        japan = node->height;
    }
  g_assert_cmpfloat_with_epsilon (china / vietnam, 3, 1e-6);
  g_assert_cmpfloat_with_epsilon (us / japan, 4, 1e-6);
  g_assert_cmpfloat_with_epsilon (us, china + vietnam, 1e-6);
}

/* The page box of a bar and where the renderer may put its label: the
 * one side its column allows (ot-render.c, label_candidates ()). */
static void
label_rect (const OtNodeItem *node,
            const OtViewport *vp,
            OtRect           *r)
{
  double cx = node->x * vp->scale + vp->tx, cy = node->y * vp->scale + vp->ty;
  double hw = node->width * vp->scale / 2, hh = node->height * vp->scale / 2;

  switch (node->label_side)
    {
    case OT_LABEL_LEFT:
      *r = (OtRect) { cx - hw - 3 - node->label_w, cy - node->label_h / 2, cx - hw - 3, cy + node->label_h / 2 };
      break;
    case OT_LABEL_RIGHT:
      *r = (OtRect) { cx + hw + 3, cy - node->label_h / 2, cx + hw + 3 + node->label_w, cy + node->label_h / 2 };
      break;
    case OT_LABEL_ABOVE:
      *r = (OtRect) { cx - node->label_w / 2, cy - hh - 1 - node->label_h, cx + node->label_w / 2, cy - hh - 1 };
      break;
    default:
      g_assert_not_reached ();
    }
}

/* No point of any bar label's box is on a band, from the 60 samples to 10,000
 * incidents (hit-testing the exported page). */
static void
test_labels_clear_of_bands (void)
{
  const guint counts[] = { 0, 1000, 10000 };

  for (guint k = 0; k < G_N_ELEMENTS (counts); k++)
    {
      g_autoptr(OtChart) chart = NULL;
      g_autoptr(OtScene) scene = NULL;
      g_autoptr(GPtrArray) bars = NULL;
      OtRenderOptions opts;
      OtViewport vp;
      guint checked = 0;

      if (counts[k] == 0)
        {
          g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                         "incidents.csv", NULL);
          g_autofree char *data = NULL;
          gsize size;

          g_assert_true (g_file_get_contents (path, &data, &size, NULL));
          chart = chart_for_data (data, size);
        }
      else
        chart = generated_chart (counts[k]);
      scene = ot_chart_get_scene (chart);
      bars = scene_bars (scene);
      ot_render_options_init (&opts);
      opts.exact = TRUE;
      ot_render_fit (scene, &opts, PAGE_W, PAGE_H, &vp);
      for (guint i = 0; i < bars->len; i++)
        {
          const OtNodeItem *node = bars->pdata[i];
          OtRect r;

          if (node->label == NULL)
            continue;
          label_rect (node, &vp, &r);
          /* A grid of points inside the box, 1 px in from its edges. */
          for (guint gy = 0; gy <= 4; gy++)
            for (guint gx = 0; gx <= 8; gx++)
              {
                double x = r.x0 + 1 + gx * (r.x1 - r.x0 - 2) / 8;
                double y = r.y0 + 1 + gy * (r.y1 - r.y0 - 2) / 4;
                guint id;
                OtHitKind hit = ot_render_hit_test (scene, &vp, &opts, x, y, &id);

                if (hit == OT_HIT_BAND)
                  g_error ("%u incidents: the label \"%s\" lies on band %u at %.0f, %.0f",
                           counts[k], node->label, id, x, y);
                checked++;
              }
        }
      g_test_message ("%u incidents: %u bars, %u label points clear of bands",
                      counts[k], bars->len, checked);
      g_assert_cmpuint (checked, >, 0);
    }
}

/* Fewer than two known places, no records, hostile stops: no crash and
 * no bar. */
static void
test_degenerate (void)
{
  static const char csv[] =
    "id,date,mineral,origin,via,destination,quantity,unit,status\n"
    "A,2024-01-02,gallium,CN,,,100,kg,seized\n"
    "B,2024-01-02,gallium,,CN; CN; CN,,,,seized\n";
  g_autoptr(OtChart) chart = chart_for_data (csv, sizeof csv - 1);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(GPtrArray) bars = scene_bars (scene);

  g_assert_cmpuint (bars->len, ==, 0);
  g_assert_cmpuint (scene->bands->len, ==, 0);
}

/* A stop of a record that is not drawn (one place only) makes no column:
 * direct routes alone give two columns. */
static void
test_two_columns (void)
{
  static const char csv[] =
    "id,date,mineral,origin,via,destination,quantity,unit,status\n"
    "A,2024-01-02,gallium,CN,,US,100,kg,seized\n"
    "B,2024-01-02,gallium,,SG:Singapore,,5,kg,seized\n";
  g_autoptr(OtChart) chart = chart_for_data (csv, sizeof csv - 1);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(GPtrArray) bars = scene_bars (scene);
  g_autoptr(GArray) xs = column_xs (bars);

  g_assert_cmpuint (xs->len, ==, 2);
  g_assert_cmpuint (bars->len, ==, 2);
  g_assert_cmpuint (scene->bands->len, ==, 1);
}

/* --top N (OtViewInput.top_n) replaces both budgets. */
static void
test_top_n (void)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, 2000, OT_FORMAT_CSV);
  g_autoptr(OtDataset) dataset = ot_dataset_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  OtNetwork *network;
  OtViewInput input = { 0 };
  OtViewLayout *layout;
  OtScene *scene;
  g_autoptr(GPtrArray) bars = NULL;
  g_autoptr(GArray) xs = NULL;
  guint places[8] = { 0 }, connected[8] = { 0 };

  g_assert_true (ot_loader_load_data (dataset, "flow.csv", data, size, NULL, &error));
  network = ot_network_new (dataset, NULL, OT_PROJECTION_COUNTRIES);
  input.network = network;
  input.theme = ot_theme_light ();
  input.title = "t";
  input.top_n = 5;
  layout = ot_view_flow_class.layout (&input, NULL, NULL, &error);
  g_assert_no_error (error);
  scene = ot_view_flow_class.scene (layout, &input);
  bars = scene_bars (scene);
  xs = column_xs (bars);
  g_assert_cmpuint (xs->len, <=, G_N_ELEMENTS (places));
  for (guint i = 0; i < bars->len; i++)
    {
      const OtNodeItem *node = bars->pdata[i];

      if (!strstr (node->label, "reported") && !g_str_equal (node->label, "No further stop"))
        places[column_of (xs, node->x)]++;
    }
  count_connected (scene, xs, connected);
  for (guint c = 0; c < xs->len; c++)
    {
      g_test_message ("column %u: %u places, %u bands to the next", c, places[c], connected[c]);
      g_assert_cmpuint (places[c], <=, 5);
      g_assert_cmpuint (connected[c], <=, 5);
    }
  g_assert_cmpuint (connected[0], >, 0);
  ot_scene_unref (scene);
  ot_view_flow_class.free (layout);
  ot_network_unref (network);
}

/* Status is the band's form: an alleged-only band is hollow in the same
 * colour and opacity as a confirmed one, never a lighter shade. */
static void
test_status_by_form (void)
{
  static const char data[] =
    "id,date,mineral,quantity,unit,origin,via,destination,status,source\n"
    "S-1,2024-05-01,antimony,4000,kg,CN,TH,US,seized,test\n"
    "S-2,2024-06-01,antimony,3000,kg,CN,VN,US,reported,test\n";
  g_autoptr(OtChart) chart = chart_for_data (data, sizeof data - 1);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  guint n_solid = 0, n_hollow = 0;
  double solid_alpha = -1, hollow_alpha = -1;

  for (guint i = 0; i < scene->bands->len; i++)
    {
      const OtBandItem *band = &g_array_index (scene->bands, OtBandItem, i);
      OtMineral mineral = OT_MINERAL_NONE;
      OtRgba antimony;

      g_assert_true (ot_mineral_parse ("antimony", &mineral));
      antimony = ot_view_mineral_rgba (ot_theme_light (), mineral, 1);

      if (band->color.r != antimony.r || band->color.g != antimony.g || band->color.b != antimony.b)
        continue;
      if (band->hollow)
        n_hollow++, hollow_alpha = band->color.a;
      else
        n_solid++, solid_alpha = band->color.a;
    }
  /* CN -> TH -> US seized, CN -> VN -> US reported: two bands each. */
  g_assert_cmpuint (n_solid, ==, 2);
  g_assert_cmpuint (n_hollow, ==, 2);
  g_assert_cmpfloat (hollow_alpha, ==, solid_alpha);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flow/every-stop", test_every_stop);
  g_test_add_func ("/flow/budget-at-scale", test_budget_at_scale);
  g_test_add_func ("/flow/heights-proportional", test_heights_proportional);
  g_test_add_func ("/flow/labels-clear-of-bands", test_labels_clear_of_bands);
  g_test_add_func ("/flow/degenerate", test_degenerate);
  g_test_add_func ("/flow/two-columns", test_two_columns);
  g_test_add_func ("/flow/top-n", test_top_n);
  g_test_add_func ("/flow/status-by-form", test_status_by_form);

  return g_test_run ();
}
