/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The three views on the sample incidents against reference images, and
 * the layout helpers under them (hub places, clipping, Sankey order);
 * the flow view itself is in test-flow.c. */
#include <math.h>
#include <stdlib.h>

#include "ot-chart.h"
#include "ot-hubs.h"
#include "ot-layout.h"
#include "ot-loader.h"
#include "ot-render.h"

#define GOLDEN_W 1200
#define GOLDEN_H 760
/* Channel difference (0..255) above which a pixel counts as changed, and
 * the share of changed pixels an image may have. */
#define CHANNEL_SLACK 16
#define MAX_CHANGED   0.002

static OtChart *
sample_chart (OtViewKind     view,
              const OtTheme *theme,
              const char    *mineral)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "incidents.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  OtChart *chart = ot_chart_new ();

  g_assert_no_error (error);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, view);
  ot_chart_set_theme (chart, theme);
  if (mineral)
    {
      g_autoptr(OtFilter) filter = ot_filter_new ();
      OtMineral m;

      g_assert_true (ot_mineral_parse (mineral, &m));
      ot_filter_set_mineral (filter, m, TRUE);
      ot_chart_set_filter (chart, filter);
    }
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return chart;
}

static cairo_surface_t *
draw (OtChart *chart)
{
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, GOLDEN_W, GOLDEN_H);
  cairo_t *cr = cairo_create (surface);
  OtRenderOptions opts;
  OtViewport vp;

  ot_render_options_init (&opts);
  opts.exact = TRUE;
  ot_render_fit (scene, &opts, GOLDEN_W, GOLDEN_H, &vp);
  ot_render_scene (cr, scene, &vp, &opts);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Share of pixels where some channel moved by more than the slack. */
static double
changed_share (cairo_surface_t *a,
               cairo_surface_t *b)
{
  const guint8 *pa = cairo_image_surface_get_data (a);
  const guint8 *pb = cairo_image_surface_get_data (b);
  int stride_a = cairo_image_surface_get_stride (a);
  int stride_b = cairo_image_surface_get_stride (b);
  guint64 changed = 0;

  if (cairo_image_surface_get_width (a) != cairo_image_surface_get_width (b) ||
      cairo_image_surface_get_height (a) != cairo_image_surface_get_height (b))
    return 1;
  for (int row = 0; row < GOLDEN_H; row++)
    {
      const guint8 *ra = pa + row * stride_a, *rb = pb + row * stride_b;
      int col = 0;

      while (col < GOLDEN_W * 4)
        {
          int worst = 0;

          for (int ch = 0; ch < 4; ch++, col++)
            worst = MAX (worst, abs (ra[col] - rb[col]));
          changed += worst > CHANNEL_SLACK;
        }
    }
  return (double) changed / (GOLDEN_W * (double) GOLDEN_H);
}

/* @name's reference in tests/reference/ (rewritten instead when
 * OT_UPDATE_REFERENCES=1, see build-aux/update-references). */
static double
compare_with_reference (cairo_surface_t *image,
                        const char      *name)
{
  g_autofree char *png = g_strdup_printf ("%s.png", name);
  g_autofree char *want_path = g_test_build_filename (G_TEST_DIST, "reference", png, NULL);
  g_autofree char *got_path = g_test_build_filename (G_TEST_BUILT, png, NULL);
  cairo_surface_t *want;
  double share;

  cairo_surface_write_to_png (image, got_path);
  if (g_strcmp0 (g_getenv ("OT_UPDATE_REFERENCES"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (image, want_path), ==, CAIRO_STATUS_SUCCESS);
      return 0;
    }
  want = cairo_image_surface_create_from_png (want_path);
  if (cairo_surface_status (want) != CAIRO_STATUS_SUCCESS)
    share = 1;
  else
    share = changed_share (image, want);
  cairo_surface_destroy (want);
  g_test_message ("%s: %.4f %% of pixels differ from %s", got_path, 100 * share, want_path);
  return share;
}

typedef struct {
  const char *name;
  OtViewKind  view;
  gboolean    dark;
} GoldenCase;

static const GoldenCase golden_cases[] = {
  { "views-network", OT_VIEW_NETWORK, FALSE },
  { "views-map",     OT_VIEW_MAP,     FALSE },
  { "views-flow",    OT_VIEW_FLOW,    FALSE },
  { "views-map-dark", OT_VIEW_MAP,    TRUE },
};

static void
test_golden (gconstpointer data)
{
  const GoldenCase *c = data;
  g_autoptr(OtChart) chart = sample_chart (c->view, c->dark ? ot_theme_dark () : ot_theme_light (),
                                           NULL);
  cairo_surface_t *image = draw (chart);

  g_assert_cmpfloat (compare_with_reference (image, c->name), <=, MAX_CHANGED);
  cairo_surface_destroy (image);
}

/* The comparison is not blind: the gallium-only map is not the map. */
static void
test_golden_sees_a_change (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_MAP, ot_theme_light (), "gallium");
  cairo_surface_t *image = draw (chart);
  g_autofree char *want_path = g_test_build_filename (G_TEST_DIST, "reference", "views-map.png", NULL);
  cairo_surface_t *want = cairo_image_surface_create_from_png (want_path);

  g_assert_cmpint (cairo_surface_status (want), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpfloat (changed_share (image, want), >, 0.01);
  cairo_surface_destroy (want);
  cairo_surface_destroy (image);
}

/* China -> United States goes across the Pacific, not the long way. */
static void
test_map_keeps_pacific_flows_whole (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_MAP, ot_theme_light (), NULL);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  gint cn = ot_network_find_vertex (network, "country:CN");
  gint us = ot_network_find_vertex (network, "country:US");
  gint de = ot_network_find_vertex (network, "country:DE");
  double cn_x, us_x, de_x, y;

  g_assert_true (ot_chart_get_node_position (chart, cn, &cn_x, &y));
  g_assert_true (ot_chart_get_node_position (chart, us, &us_x, &y));
  g_assert_true (ot_chart_get_node_position (chart, de, &de_x, &y));
  /* Centred on the Pacific: the US east of China, Germany west of it. */
  g_assert_cmpfloat (us_x, >, cn_x);
  g_assert_cmpfloat (de_x, <, cn_x);
}

static void
test_hub_lookup (void)
{
  double lat, lon;

  g_assert_cmpuint (ot_hub_count (), >=, 39);
  g_assert_true (ot_hub_lookup ("TH", "Laem Chabang", &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 13.0833, 1e-6);
  g_assert_cmpfloat_with_epsilon (lon, 100.8833, 1e-6);
  /* An alias, any case, extra blanks. */
  g_assert_true (ot_hub_lookup ("TH", "  bangkok ", &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 13.75, 1e-6);
  /* A longer place name that starts with a known one. */
  g_assert_true (ot_hub_lookup ("CN", "Shanghai Pudong airport", &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 31.2167, 1e-6);
  /* The country must match; a word must end where the name does. */
  g_assert_false (ot_hub_lookup ("US", "Bangkok", &lat, &lon));
  g_assert_false (ot_hub_lookup ("CN", "Shanghaiport", &lat, &lon));
  g_assert_false (ot_hub_lookup ("DE", "Frankfurt airport", &lat, &lon));
  g_assert_false (ot_hub_lookup (NULL, "Bangkok", &lat, &lon));
}

static void
test_clip_ring (void)
{
  const OtPoint square[] = { { -1, -1 }, { 3, -1 }, { 3, 3 }, { -1, 3 } };
  const OtPoint outside[] = { { 5, 5 }, { 6, 5 }, { 6, 6 } };
  OtRect box = { 0, 0, 2, 2 };
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (OtPoint));
  OtRect got;

  g_assert_cmpuint (ot_layout_clip_ring (square, 4, &box, out), ==, 4);
  ot_rect_init_empty (&got);
  for (guint k = 0; k < out->len; k++)
    ot_rect_add_point (&got, g_array_index (out, OtPoint, k).x, g_array_index (out, OtPoint, k).y);
  g_assert_cmpfloat (got.x0, ==, 0);
  g_assert_cmpfloat (got.y0, ==, 0);
  g_assert_cmpfloat (got.x1, ==, 2);
  g_assert_cmpfloat (got.y1, ==, 2);
  g_assert_cmpuint (ot_layout_clip_ring (outside, 3, &box, out), ==, 0);
  g_assert_cmpuint (out->len, ==, 4);
}

/* Two columns given in crossing order: A0 B0 on the left, linked to
 * B1 A1 on the right; the sweeps untangle them, the same way each run. */
static void
test_order_layers (void)
{
  /* Nodes: 0 A0, 1 B0, 2 C0 (column 0); 3 B1, 4 C1, 5 A1 (column 1). */
  const guint column[] = { 0, 0, 0, 1, 1, 1 };
  const OtLayerLink links[] = {
    { 0, 5, 3 }, { 1, 3, 2 }, { 2, 4, 1 }, { 0, 3, 0.5 },
  };
  guint order[6], again[6];
  guint given[6] = { 0, 1, 2, 0, 1, 2 };
  double before = ot_layout_count_crossings (column, links, G_N_ELEMENTS (links), given);
  double after = ot_layout_order_layers (6, column, 2, links, G_N_ELEMENTS (links), 20, order);

  g_test_message ("crossings: %.1f before, %.1f after", before, after);
  g_assert_cmpfloat (before, >, 0);
  g_assert_cmpfloat (after, <, before);
  g_assert_cmpfloat (after, ==, ot_layout_count_crossings (column, links, G_N_ELEMENTS (links), order));
  /* Each column's ranks are a permutation. */
  g_assert_cmpuint (order[0] + order[1] + order[2], ==, 3);
  g_assert_cmpuint (order[3] + order[4] + order[5], ==, 3);
  ot_layout_order_layers (6, column, 2, links, G_N_ELEMENTS (links), 20, again);
  g_assert_cmpmem (order, sizeof order, again, sizeof again);
}

/* The fast crossing count agrees with counting every pair. */
static void
test_count_crossings (void)
{
  enum { N_NODES = 30, N_LINKS = 200 };
  guint column[N_NODES], order[N_NODES], next[3] = { 0 };
  OtLayerLink links[N_LINKS];
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  double brute = 0;

  for (guint i = 0; i < N_NODES; i++)
    {
      column[i] = i % 3;
      order[i] = next[column[i]]++;
    }
  for (guint l = 0; l < N_LINKS; l++)
    {
      guint from = g_rand_int_range (rand, 0, N_NODES);

      while (column[from] == 2)
        from = g_rand_int_range (rand, 0, N_NODES);
      /* A node of the next column. */
      links[l].from = from;
      links[l].to = 3 * g_rand_int_range (rand, 0, N_NODES / 3) + column[from] + 1;
      links[l].weight = g_rand_double_range (rand, 0.1, 3);
    }
  for (guint i = 0; i < N_LINKS; i++)
    for (guint j = i + 1; j < N_LINKS; j++)
      {
        int df = (int) order[links[i].from] - (int) order[links[j].from];
        int dt = (int) order[links[i].to] - (int) order[links[j].to];

        if (column[links[i].from] == column[links[j].from] &&
            ((df < 0 && dt > 0) || (df > 0 && dt < 0)))
          brute += links[i].weight * links[j].weight;
      }
  g_assert_cmpfloat_with_epsilon (ot_layout_count_crossings (column, links, N_LINKS, order),
                                  brute, 1e-6 * brute);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (golden_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/views/golden/%s", golden_cases[i].name);
      g_test_add_data_func (path, &golden_cases[i], test_golden);
    }
  g_test_add_func ("/views/golden-sees-a-change", test_golden_sees_a_change);
  g_test_add_func ("/views/map/pacific-flows-whole", test_map_keeps_pacific_flows_whole);
  g_test_add_func ("/views/hubs/lookup", test_hub_lookup);
  g_test_add_func ("/views/layout/clip-ring", test_clip_ring);
  g_test_add_func ("/views/layout/order-layers", test_order_layers);
  g_test_add_func ("/views/layout/count-crossings", test_count_crossings);

  return g_test_run ();
}
