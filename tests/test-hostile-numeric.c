/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile numbers (issue 13): huge quantities, sums that overflow, NaN
 * styles, -0 and rows of thousands of hops, through the loader, the
 * network, the analysis, every view's scene and every export.  Each test
 * that could hang runs under alarm (): a regression fails, it does not
 * stall the suite. */
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "ot-chart.h"
#include "ot-export.h"
#include "ot-filter.h"
#include "ot-loader.h"
#include "ot-loader-private.h"
#include "ot-numeric.h"
#include "ot-timeline-data.h"
#include "ot-render.h"
#include "ot-finite-check.h"
#include "ot-test-util.h"

/* Seconds a test may take before it counts as hung (valgrind included). */
#define HANG_SECONDS 240

/* Asserts @ds holds the problem printed exactly as @expected. */
static void
assert_problem_text (OtDataset  *ds,
                     const char *expected)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = ot_problem_to_string (problems->pdata[i]);

      if (g_str_equal (text, expected))
        return;
      g_test_message ("problem: %s", text);
    }
  g_error ("no problem \"%s\"", expected);
}

/* Every view: the scene is finite, the canvas path (level of detail) and
 * every export (PNG, SVG, PDF) return and write a file; the countries
 * projection through the network view (analyse_everything () builds both
 * projections' networks).  Kept to what valgrind runs in seconds. */
static void
chart_everything (OtDataset *ds)
{
  static const OtViewKind views[] = { OT_VIEW_NETWORK, OT_VIEW_MAP, OT_VIEW_FLOW };
  static const char *const ext[] = { "png", "svg", "pdf" };
  g_autofree char *dir = g_dir_make_tmp ("ot-numeric-XXXXXX", NULL);

  g_assert_nonnull (dir);
  for (guint countries = 0; countries < 2; countries++)
    for (guint v = 0; v < (countries ? 1 : G_N_ELEMENTS (views)); v++)
      {
        g_autoptr(OtChart) chart = ot_chart_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(OtScene) scene = NULL;
        cairo_surface_t *surface;
        cairo_t *cr;
        OtViewport vp;

        ot_chart_set_dataset (chart, ds);
        ot_chart_set_view (chart, views[v]);
        ot_chart_set_countries_projection (chart, countries);
        g_assert_true (ot_chart_update (chart, NULL, &error));
        g_assert_no_error (error);
        scene = ot_chart_get_scene (chart);
        g_assert_cmpuint (ot_scene_get_n_edges (scene) + ot_scene_get_n_nodes (scene), >, 0);
        ot_check_scene_finite (scene);
        {
          g_autoptr(OtNetwork) network = ot_chart_get_network (chart);

          ot_check_network_finite (network);
        }

        /* As the canvas draws it. */
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 150);
        cr = cairo_create (surface);
        ot_render_fit (scene, NULL, 200, 150, &vp);
        ot_render_scene (cr, scene, &vp, NULL);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);

        for (guint k = 0; k < G_N_ELEMENTS (ext); k++)
          {
            g_autofree char *name = g_strdup_printf ("v%u-%u.%s", v, countries, ext[k]);
            g_autofree char *path = g_build_filename (dir, name, NULL);
            OtExportOptions opts;
            GStatBuf st;

            ot_export_options_init (&opts);
            opts.width = 200;
            opts.height = 150;
            g_assert_true (ot_export_scene (scene, NULL, &opts, path, &error));
            g_assert_no_error (error);
            g_assert_cmpint (g_stat (path, &st), ==, 0);
            g_assert_cmpint (st.st_size, >, 0);
            g_unlink (path);
          }
      }
  g_rmdir (dir);
}

/* The network, both projections, and its analysis: finite numbers. */
static void
analyse_everything (OtDataset *ds,
                    double     route_kg)
{
  for (guint p = 0; p < 2; p++)
    {
      g_autoptr(OtNetwork) network = ot_network_new (ds, NULL, p ? OT_PROJECTION_COUNTRIES
                                                                 : OT_PROJECTION_ENTITIES);
      g_autoptr(OtAnalysis) analysis = NULL;
      g_autoptr(GError) error = NULL;

      ot_check_network_finite (network);
      for (guint e = 0; e < ot_network_get_n_edges (network) && !isnan (route_kg); e++)
        g_assert_cmpfloat (ot_network_get_edge (network, e)->kg, ==, route_kg);
      analysis = ot_analysis_new (network, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (analysis);
      ot_check_analysis_finite (analysis);
    }
}

/* The case: 1e308 kg twice on one route.  The loader refuses
 * such rows now, so they are added as code would (the generator, a
 * merge): the sums saturate, nothing hangs. */
static void
test_huge_route (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();

  alarm (HANG_SECONDS);
  ot_test_add (ds, "H1", "gallium", "seized", 1e308, "2024-05", "CN", NULL, "VN", NULL, "US");
  ot_test_add (ds, "H2", "gallium", "seized", 1e308, "2024-06", "CN", NULL, "VN", NULL, "US");
  ot_test_add (ds, "H3", "antimony", NULL, INFINITY, "2024-06", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "H4", "antimony", NULL, -1e308, "2024-06", "TH", NULL, NULL, NULL, "US");
  analyse_everything (ds, NAN);   /* NAN: do not compare */
  {
    g_autoptr(OtNetwork) network = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);
    double total = 0;

    for (guint e = 0; e < ot_network_get_n_edges (network); e++)
      {
        const OtEdge *edge = ot_network_get_edge (network, e);

        if (edge->n_incidents == 2)   /* the gallium route */
          g_assert_cmpfloat (edge->kg, ==, OT_KG_SUM_MAX);
        total = ot_kg_add (total, edge->kg);
      }
    g_assert_cmpfloat (total, ==, OT_KG_SUM_MAX);
  }
  /* The timeline's kg bars saturate too (a bar of +inf kg has no height). */
  {
    OtHistogram *histogram = ot_histogram_new (ds, NULL, OT_HISTOGRAM_KG);

    for (guint m = 0; m < ot_histogram_get_n_months (histogram); m++)
      {
        g_assert_true (isfinite (ot_histogram_get_total (histogram, m)));
        for (guint slot = 0; slot < ot_histogram_get_n_slots (histogram); slot++)
          g_assert_true (isfinite (ot_histogram_get_value (histogram, m, slot)));
      }
    g_assert_cmpfloat (ot_histogram_get_max_total (histogram), ==, OT_KG_SUM_MAX);
    ot_histogram_free (histogram);
  }
  chart_everything (ds);
  alarm (0);
}

/* The same rows through the loader: refused with the value and the limit,
 * and the rest of the file loads. */
static void
test_quantity_limit (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("q.csv",
    "id,date,mineral,quantity,unit,origin,via,destination\n"
    "A1,2024-05,gallium,1e308,kg,CN,VN,US\n"
    "A2,2024-06,gallium,1e308,kg,CN,VN,US\n"
    "A3,2024-06,gallium,1e9,kg,CN,VN,US\n"
    "A4,2024-06,gallium,1000001,t,CN,VN,US\n"
    "A5,2024-06,gallium,1e308,t,CN,VN,US\n"
    "A6,2024-06,gallium,1000000,t,CN,VN,US\n");

  assert_problem_text (ds, "q.csv:2: error: quantity 1e+308 is too large (1e+308 kg; a record "
                           "holds at most 1e+09 kg, 1,000,000 t)");
  assert_problem_text (ds, "q.csv:3: error: quantity 1e+308 is too large (1e+308 kg; a record "
                           "holds at most 1e+09 kg, 1,000,000 t)");
  assert_problem_text (ds, "q.csv:5: error: quantity 1000001 is too large (1000001000 kg; a "
                           "record holds at most 1e+09 kg, 1,000,000 t)");
  assert_problem_text (ds, "q.csv:6: error: quantity 1e+308 is too large (no number of kg; a "
                           "record holds at most 1e+09 kg, 1,000,000 t)");
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
  g_assert_cmpint (ot_dataset_find (ds, "A3"), >=, 0);
  g_assert_cmpint (ot_dataset_find (ds, "A6"), >=, 0);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 4);
}

/* Many rows at the cap on one route: exact, finite totals; and many rows
 * far above it added by code: saturated, still finite. */
static void
test_many_at_cap (void)
{
  const guint n = 1000;
  g_autoptr(GString) csv = g_string_new ("id,date,mineral,quantity,unit,origin,via,destination\n");
  g_autoptr(OtDataset) loaded = NULL;
  g_autoptr(OtDataset) coded = ot_dataset_new ();

  alarm (HANG_SECONDS);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "C%u,2024-05,gallium,1000000,t,CN,VN,US\n", i);
  loaded = ot_test_load ("cap.csv", csv->str);
  g_assert_cmpuint (ot_dataset_get_n_incidents (loaded), ==, n);
  g_assert_cmpuint (ot_dataset_count_problems (loaded, OT_SEVERITY_ERROR), ==, 0);
  analyse_everything (loaded, n * 1e9);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("D%u", i);

      ot_test_add (coded, id, "gallium", NULL, G_MAXDOUBLE, "2024-05", "CN", NULL, "VN", NULL, "US");
    }
  analyse_everything (coded, OT_KG_SUM_MAX);
  alarm (0);
}

/* A scene whose edge widths are NaN (as a scene built before the scene
 * refused them could be): the draw loop groups edges by style and must
 * advance even when a style compares unequal to itself. */
static void
test_nan_style_run (void)
{
  g_autoptr(OtScene) scene = ot_scene_new (ot_theme_light ());
  cairo_surface_t *surface;
  cairo_t *cr;
  OtViewport vp;

  alarm (HANG_SECONDS);
  for (guint i = 0; i < 3; i++)
    {
      OtPoint points[2] = { { 0, 10.0 * i }, { 100, 10.0 * i + 5 } };
      OtSceneEdge edge = { 0 };

      edge.points = points;
      edge.n_points = 2;
      edge.width = 2;
      edge.color = ot_theme_light ()->outline;
      edge.id = i;
      ot_scene_add_edge (scene, &edge);
    }
  ot_scene_finish (scene);
  g_assert_cmpuint (ot_scene_get_n_edges (scene), ==, 3);
  for (guint i = 0; i < scene->edges->len; i++)
    g_array_index (scene->edges, OtEdgeItem, i).width = NAN;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 150);
  cr = cairo_create (surface);
  ot_render_fit (scene, NULL, 200, 150, &vp);
  ot_render_scene (cr, scene, &vp, NULL);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  alarm (0);
}

/* Styles the scene is handed that are not finite numbers become finite. */
static void
test_scene_sanitises (void)
{
  g_autoptr(OtScene) scene = ot_scene_new (ot_theme_light ());
  const double bad[] = { NAN, INFINITY, -INFINITY, 1e308 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      OtPoint points[2] = { { 0, i }, { 100, i + 5 } };
      OtSceneEdge edge = { 0 };
      OtSceneNode node = { 0 };
      OtSceneMarker marker = { 0 };

      edge.points = points;
      edge.n_points = 2;
      edge.width = bad[i];
      edge.end_inset = bad[i];
      edge.importance = bad[i];
      edge.id = i;
      ot_scene_add_edge (scene, &edge);
      node.x = 10 * i;
      node.y = 5;
      node.radius = bad[i];
      node.stroke_width = bad[i];
      node.id = i;
      ot_scene_add_node (scene, &node);
      marker.x = 3;
      marker.y = 10 * i;
      marker.size = bad[i];
      marker.id = i;
      ot_scene_add_marker (scene, &marker);
      /* Positions out of range are ignored. */
      node.x = bad[i];
      ot_scene_add_node (scene, &node);
    }
  ot_scene_finish (scene);
  g_assert_cmpuint (ot_scene_get_n_edges (scene), ==, G_N_ELEMENTS (bad));
  g_assert_cmpuint (ot_scene_get_n_nodes (scene), ==, G_N_ELEMENTS (bad));
  g_assert_cmpuint (ot_scene_get_n_ignored (scene), ==, G_N_ELEMENTS (bad));
  ot_check_scene_finite (scene);
}

/* "-0" is zero, not a negative number, and nothing reads it as -0. */
static void
test_negative_zero (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("z.csv",
    "id,date,mineral,quantity,unit,value,currency,origin\n"
    "Z1,2024,Sb,-0,kg,-0,USD,CN\n"
    "Z2,2024,Sb,-0.0,t,-0.00,USD,CN\n"
    "Z3,2024,Sb,-0e5,kg,,,CN\n"
    "Z4,2024,Sb,-0.5,kg,,,CN\n");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("Z%u", i + 1);
      gint k = ot_dataset_find (ds, id);
      const OtIncident *incident;

      g_assert_cmpint (k, >=, 0);
      incident = ot_dataset_get_incident (ds, k);
      g_assert_cmpfloat (incident->quantity_kg, ==, 0);
      g_assert_false (signbit (incident->quantity_kg));
      g_assert_true (isnan (incident->value) || !signbit (incident->value));
    }
  assert_problem_text (ds, "z.csv:5: error: negative number \"-0.5\" in column quantity "
                           "(expected zero or more)");
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 3);
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 1);
}

static char *
hops_text (guint       n,
           gboolean    distinct)
{
  static const char *const cc[] = { "TH", "VN", "MY", "SG", "HK", "AE", "TR", "MX" };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, "; ");
      if (distinct)
        g_string_append_printf (s, "%s:Port %u", cc[i % G_N_ELEMENTS (cc)], i);
      else
        g_string_append (s, cc[i % G_N_ELEMENTS (cc)]);
    }
  return g_string_free (s, FALSE);
}

/* At most OT_LOADER_MAX_HOPS hops: one error for a longer via, in CSV
 * and JSON; the other rows load. */
static void
test_hop_limit (void)
{
  g_autofree char *ok = hops_text (OT_LOADER_MAX_HOPS, FALSE);
  g_autofree char *over = hops_text (OT_LOADER_MAX_HOPS + 1, FALSE);
  g_autofree char *huge = hops_text (40000, FALSE);
  g_autofree char *csv = g_strdup_printf ("id,date,mineral,origin,via,destination\n"
                                          "V1,2024,Sb,CN,\"%s\",US\n"
                                          "V2,2024,Sb,CN,\"%s\",US\n"
                                          "V3,2024,Sb,CN,\"%s\",US\n"
                                          "V4,2024,Sb,CN,TH,US\n", ok, over, huge);
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(OtDataset) json = NULL;
  g_autoptr(GString) array = g_string_new ("{\"id\": \"J1\", \"date\": \"2024\", \"mineral\": "
                                           "\"Sb\", \"via\": [");
  const char *expected = "column via has more than 64 hops (a shipment has a handful; "
                         "is this column something else?)";
  g_autofree char *line3 = g_strdup_printf ("hops.csv:3: error: %s", expected);
  g_autofree char *line4 = g_strdup_printf ("hops.csv:4: error: %s", expected);
  g_autofree char *json_line = g_strdup_printf ("hops.jsonl:1: error: %s", expected);

  ds = ot_test_load ("hops.csv", csv);
  assert_problem_text (ds, line3);
  assert_problem_text (ds, line4);
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 2);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
  g_assert_cmpuint (ot_dataset_get_incident (ds, ot_dataset_find (ds, "V1"))->n_via, ==,
                    OT_LOADER_MAX_HOPS);

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (array, "%s\"TH\"", i ? ", " : "");
  g_string_append (array, "]}\n{\"id\": \"J2\", \"date\": \"2024\", \"mineral\": \"Sb\", "
                          "\"via\": [\"TH\"]}\n");
  json = ot_test_load ("hops.jsonl", array->str);
  assert_problem_text (json, json_line);
  g_assert_cmpuint (ot_dataset_count_problems (json, OT_SEVERITY_ERROR), ==, 1);
  g_assert_cmpuint (ot_dataset_get_n_incidents (json), ==, 1);
}

/* With the limit lifted, a row of thousands of hops (distinct hubs, and
 * hubs visited again) builds the right network: each place once per
 * incident with its roles merged, one leg per hop.  (Building it was
 * quadratic in the hops; docs/robustness.md has the timings.) */
static void
test_many_hops_network (void)
{
  const guint n = 5000;
  g_autofree char *distinct = hops_text (n, TRUE);
  g_autofree char *again = hops_text (n, FALSE);
  g_autofree char *csv = g_strdup_printf ("id,date,mineral,quantity,origin,via,destination\n"
                                          "M1,2024,Sb,10,CN,\"%s\",US\n"
                                          "M2,2024,Ga,10,CN,\"%s; CN\",TH\n", distinct, again);
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(OtNetwork) sb = NULL;
  g_autoptr(OtNetwork) ga = NULL;
  g_autoptr(OtFilter) only_sb = NULL;
  g_autoptr(OtFilter) only_ga = NULL;
  const char *sb_names[] = { "antimony", NULL }, *ga_names[] = { "gallium", NULL };

  alarm (HANG_SECONDS);
  ot_loader_limits.max_hops = 2 * n;
  ds = ot_test_load ("many.csv", csv);
  ot_loader_limits.max_hops = OT_LOADER_MAX_HOPS;
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
  only_sb = ot_filter_new_from_strings (sb_names, NULL, NULL, NULL, NULL);
  only_ga = ot_filter_new_from_strings (ga_names, NULL, NULL, NULL, NULL);

  /* Distinct hubs: CN, US and n hubs in one chain of n + 1 legs. */
  sb = ot_network_new (ds, only_sb, OT_PROJECTION_ENTITIES);
  g_assert_cmpuint (ot_network_get_n_vertices (sb), ==, n + 2);
  g_assert_cmpuint (ot_network_get_n_edges (sb), ==, n + 1);
  for (guint v = 0; v < ot_network_get_n_vertices (sb); v++)
    {
      const OtVertex *vx = ot_network_get_vertex (sb, v);

      g_assert_cmpuint (vx->n_incidents, ==, 1);
      g_assert_cmpfloat (vx->kg_in + vx->kg_out, ==, vx->kind == OT_VERTEX_HUB ? 20 : 10);
    }

  /* The same 8 countries again and again, then back to the origin: 9
   * places, each counted once, CN both origin and hub. */
  ga = ot_network_new (ds, only_ga, OT_PROJECTION_COUNTRIES);
  g_assert_cmpuint (ot_network_get_n_vertices (ga), ==, 9);
  for (guint v = 0; v < ot_network_get_n_vertices (ga); v++)
    {
      const OtVertex *vx = ot_network_get_vertex (ga, v);

      g_assert_cmpuint (vx->n_incidents, ==, 1);
      if (g_str_equal (vx->country.code, "CN"))
        g_assert_cmpuint (vx->roles, ==, OT_ROLE_BIT (OT_ROLE_ORIGIN) | OT_ROLE_BIT (OT_ROLE_HUB));
    }
  ot_check_network_finite (ga);
  alarm (0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile-numeric/huge-route", test_huge_route);
  g_test_add_func ("/hostile-numeric/quantity-limit", test_quantity_limit);
  g_test_add_func ("/hostile-numeric/many-at-cap", test_many_at_cap);
  g_test_add_func ("/hostile-numeric/nan-style-run", test_nan_style_run);
  g_test_add_func ("/hostile-numeric/scene-sanitises", test_scene_sanitises);
  g_test_add_func ("/hostile-numeric/negative-zero", test_negative_zero);
  g_test_add_func ("/hostile-numeric/hop-limit", test_hop_limit);
  g_test_add_func ("/hostile-numeric/many-hops-network", test_many_hops_network);
  return g_test_run ();
}
