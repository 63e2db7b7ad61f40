/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot-render.h"
#include "ot-viewport.h"
#include "scene-fixture.h"

#define GOLDEN_W 900
#define GOLDEN_H 560
/* A pixel differs when a channel is off by more than this (0..255)... */
#define PIXEL_TOLERANCE 12
/* ...and the image differs when more than this share of pixels do. */
#define MAX_DIFFERING 0.001

static cairo_surface_t *
render_png_highlight (const OtScene *scene,
                      int            width,
                      int            height,
                      gboolean       exact,
                      OtHitKind      highlight_kind,
                      guint          highlight_id)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  OtRenderOptions opts;
  OtViewport vp;

  ot_render_options_init (&opts);
  opts.exact = exact;
  opts.highlight_kind = highlight_kind;
  opts.highlight_id = highlight_id;
  ot_render_fit (scene, &opts, width, height, &vp);
  ot_render_scene (cr, scene, &vp, &opts);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_surface_t *
render_png (const OtScene *scene,
            int            width,
            int            height,
            gboolean       exact)
{
  return render_png_highlight (scene, width, height, exact, OT_HIT_NONE, 0);
}

/* Share of pixels that differ by more than the tolerance. */
static double
image_difference (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guint8 *da = cairo_image_surface_get_data (a), *db = cairo_image_surface_get_data (b);
  guint differing = 0;

  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w * 4; x += 4)
      for (int c = 0; c < 4; c++)
        if (abs ((int) da[y * sa + x + c] - (int) db[y * sb + x + c]) > PIXEL_TOLERANCE)
          {
            differing++;
            break;
          }
  return (double) differing / ((double) w * h);
}

/* Compares with tests/reference/@name.png; OT_UPDATE_REFERENCES=1 (see
 * build-aux/update-references) rewrites the reference instead. */
static void
check_golden (cairo_surface_t *actual,
              const char      *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *reference = g_test_build_filename (G_TEST_DIST, "reference", file, NULL);
  g_autofree char *actual_path = g_test_build_filename (G_TEST_BUILT, file, NULL);
  cairo_surface_t *expected;
  double diff;

  g_assert_cmpint (cairo_surface_write_to_png (actual, actual_path), ==, CAIRO_STATUS_SUCCESS);
  if (g_strcmp0 (g_getenv ("OT_UPDATE_REFERENCES"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (actual, reference), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("updated %s", reference);
      return;
    }
  expected = cairo_image_surface_create_from_png (reference);
  if (cairo_surface_status (expected) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (expected);
      g_test_fail_printf ("missing reference %s: run build-aux/update-references", reference);
      return;
    }
  diff = image_difference (actual, expected);
  cairo_surface_destroy (expected);
  if (diff > MAX_DIFFERING)
    g_test_fail_printf ("%s differs from %s in %.3f %% of pixels", actual_path, reference,
                        diff * 100);
}

static void
test_golden (gconstpointer data)
{
  const char *name = data;
  gboolean dark = g_str_has_suffix (name, "dark");
  const OtTheme *theme = dark ? ot_theme_dark () : ot_theme_light ();
  OtScene *scene = g_str_has_prefix (name, "sankey")
                   ? fixture_sankey_scene (theme) : fixture_network_scene (theme);
  cairo_surface_t *surface;
  /* "-wide": a short page where the legend needs two columns. */
  gboolean wide = strstr (name, "-wide") != NULL;

  /* "-selected": Thailand selected, the rest faded, China -> Mexico hovered. */
  if (strstr (name, "-selected") != NULL)
    {
      ot_scene_unref (scene);
      scene = fixture_network_scene_selecting (theme, FIX_TH);
      surface = render_png_highlight (scene, GOLDEN_W, GOLDEN_H, TRUE, OT_HIT_EDGE, 102);
    }
  else
    surface = render_png (scene, wide ? 1000 : GOLDEN_W, wide ? 340 : GOLDEN_H, TRUE);

  check_golden (surface, name);
  cairo_surface_destroy (surface);
  ot_scene_unref (scene);
}

/* The golden test must be able to fail: a changed colour is caught. */
static void
test_golden_detects_change (void)
{
  OtScene *a = fixture_network_scene (ot_theme_light ());
  OtScene *b = fixture_network_scene (ot_theme_dark ());
  cairo_surface_t *sa = render_png (a, 300, 200, TRUE);
  cairo_surface_t *sb = render_png (b, 300, 200, TRUE);
  cairo_surface_t *sa2 = render_png (a, 300, 200, TRUE);

  g_assert_cmpfloat (image_difference (sa, sb), >, 0.5);
  g_assert_cmpfloat (image_difference (sa, sa2), ==, 0);
  cairo_surface_destroy (sa);
  cairo_surface_destroy (sb);
  cairo_surface_destroy (sa2);
  ot_scene_unref (a);
  ot_scene_unref (b);
}

/* Hover highlight outlines the mark and nothing else. */
static void
test_highlight (void)
{
  OtScene *scene = fixture_network_scene (ot_theme_light ());
  cairo_surface_t *plain = render_png (scene, 600, 400, FALSE);
  cairo_surface_t *node = render_png_highlight (scene, 600, 400, FALSE, OT_HIT_NODE, FIX_TH);
  cairo_surface_t *edge = render_png_highlight (scene, 600, 400, FALSE, OT_HIT_EDGE, 102);
  cairo_surface_t *none = render_png_highlight (scene, 600, 400, FALSE, OT_HIT_NODE, 77);
  double d_node = image_difference (plain, node), d_edge = image_difference (plain, edge);

  g_test_message ("node %.3f %%, edge %.3f %%", d_node * 100, d_edge * 100);
  g_assert_cmpfloat (d_node, >, 0.0005);
  g_assert_cmpfloat (d_node, <, 0.01);
  g_assert_cmpfloat (d_edge, >, d_node);
  g_assert_cmpfloat (d_edge, <, 0.05);
  g_assert_cmpfloat (image_difference (plain, none), ==, 0);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (node);
  cairo_surface_destroy (edge);
  cairo_surface_destroy (none);
  ot_scene_unref (scene);
}

static void
page_point (const OtViewport *vp,
            OtPoint           world,
            double           *x,
            double           *y)
{
  ot_viewport_to_page (vp, world.x, world.y, x, y);
}

/* Marks are drawn in the plot area only: over the chrome nothing is hit.
 * TRUE when (@x, @y) is in the plot area; else asserts no hit there. */
static gboolean
hits_in_plot (const OtScene    *scene,
              const OtViewport *vp,
              double            x,
              double            y)
{
  OtRect plot;
  guint id = 0;

  ot_render_plot_area (scene, NULL, vp->width, vp->height, &plot);
  if (x >= plot.x0 && x <= plot.x1 && y >= plot.y0 && y <= plot.y1)
    return TRUE;
  g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x, y, &id), ==, OT_HIT_NONE);
  return FALSE;
}

/* Asserts what is under the page images of a node centre, an edge's
 * middle and a point of empty sea. */
static void
check_hits (const OtScene    *scene,
            const OtViewport *vp)
{
  OtPoint mid;
  double x, y;
  guint id = 0;

  page_point (vp, (OtPoint) { fixture_nodes[FIX_TH].x, fixture_nodes[FIX_TH].y }, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x, y, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, FIX_TH);
  /* Just outside the diamond's radius still hits within the tolerance... */
  g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x + fixture_nodes[FIX_TH].radius
                                       * ot_viewport_size_factor (vp) * 1.25 + 1, y, &id),
                   ==, OT_HIT_NODE);

  mid = fixture_edge_middle (2);   /* China -> Mexico */
  page_point (vp, mid, &x, &y);
  if (hits_in_plot (scene, vp, x, y) && hits_in_plot (scene, vp, x, y + 4))
    {
      g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x, y, &id), ==, OT_HIT_EDGE);
      g_assert_cmpuint (id, ==, 102);
      /* ...and a few px off the line too, but not 20 px off. */
      g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x, y + 4, &id), ==, OT_HIT_EDGE);
      if (ot_viewport_zoom (vp) >= 1)
        g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x, y + 25, &id), !=, OT_HIT_EDGE);
    }

  page_point (vp, (OtPoint) { 930, 520 }, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x, y, &id), ==, OT_HIT_NONE);
  g_assert_cmpuint (id, ==, OT_SCENE_NO_ID);

  page_point (vp, (OtPoint) { 120, 380 }, &x, &y);
  if (hits_in_plot (scene, vp, x, y))
    {
      g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x, y, &id), ==, OT_HIT_AREA);
      g_assert_cmpuint (id, ==, FIX_LAND_ID);
    }

  page_point (vp, (OtPoint) { 760, 250 }, &x, &y);
  if (hits_in_plot (scene, vp, x, y))
    {
      g_assert_cmpint (ot_render_hit_test (scene, vp, NULL, x, y, &id), ==, OT_HIT_MARKER);
      g_assert_cmpuint (id, ==, 201);
    }
}

static void
test_hit_test (void)
{
  OtScene *scene = fixture_network_scene (ot_theme_light ());
  OtViewport vp;
  double x, y;

  ot_render_fit (scene, NULL, GOLDEN_W, GOLDEN_H, &vp);
  check_hits (scene, &vp);

  /* Zoomed in 3x around Thailand and panned: the same marks answer. */
  page_point (&vp, (OtPoint) { fixture_nodes[FIX_TH].x, fixture_nodes[FIX_TH].y }, &x, &y);
  ot_viewport_zoom_at (&vp, 3, x, y);
  ot_viewport_pan (&vp, -40, 25);
  g_assert_cmpfloat (fabs (ot_viewport_zoom (&vp) - 3), <, 1e-9);
  check_hits (scene, &vp);

  /* Zoomed out: marks are smaller but still found. */
  ot_viewport_zoom_at (&vp, 1.0 / 6, 100, 100);
  check_hits (scene, &vp);
  ot_scene_unref (scene);
}

static void
test_hit_test_lod (void)
{
  OtScene *scene = fixture_network_scene (ot_theme_light ());
  OtRenderOptions opts;
  OtViewport vp;
  OtPoint mid;
  double x, y;
  guint id;

  ot_render_options_init (&opts);
  opts.max_edges = 2;   /* only China->Thailand and Thailand->US stay */
  ot_render_fit (scene, &opts, GOLDEN_W, GOLDEN_H, &vp);

  mid = fixture_edge_middle (2);
  page_point (&vp, mid, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_NONE);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, NULL, x, y, &id), ==, OT_HIT_EDGE);

  mid = fixture_edge_middle (0);
  page_point (&vp, mid, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_EDGE);
  g_assert_cmpuint (id, ==, 100);

  /* Zooming in 2x shows four times as many. */
  ot_viewport_zoom_at (&vp, 2, GOLDEN_W / 2.0, GOLDEN_H / 2.0);
  mid = fixture_edge_middle (2);
  page_point (&vp, mid, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_EDGE);
  ot_scene_unref (scene);
}

static void
test_hit_test_sankey (void)
{
  OtScene *scene = fixture_sankey_scene (ot_theme_light ());
  OtViewport vp;
  double x, y;
  guint id;

  ot_render_fit (scene, NULL, GOLDEN_W, GOLDEN_H, &vp);
  /* Middle of the China -> Mexico band (150..300 on the left, 0..150 of
   * Mexico's bar at 210 on the right): at x = 150 it is around y = 232. */
  page_point (&vp, (OtPoint) { 150, 232 }, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, NULL, x, y, &id), ==, OT_HIT_BAND);
  g_assert_cmpuint (id, ==, 301);
  page_point (&vp, (OtPoint) { 300, 100 }, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, NULL, x, y, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, 402);
  page_point (&vp, (OtPoint) { 450, 160 }, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, NULL, x, y, &id), ==, OT_HIT_NONE);
  ot_scene_unref (scene);
}

/* Many marks: the grid answers, and finds the right one among thousands. */
static void
test_hit_test_many (void)
{
  OtScene *scene = ot_scene_new (NULL);
  OtRgba c = { 0.2, 0.4, 0.6, 1 };
  OtRenderOptions opts;
  OtViewport vp;
  double x, y;
  guint id;

  for (guint i = 0; i < 100; i++)
    for (guint j = 0; j < 100; j++)
      {
        OtSceneNode node = { i * 10.0, j * 10.0, 2, 0, 0, OT_NODE_CIRCLE, c };

        node.id = i * 100 + j;
        ot_scene_add_node (scene, &node);
      }
  for (guint i = 0; i < 99; i++)
    {
      OtPoint p[2] = { { i * 10.0 + 5, 0 }, { i * 10.0 + 5, 990 } };
      OtSceneEdge edge = { p, 2, FALSE, 1.0, c };

      edge.id = 10000 + i;
      edge.importance = 1;
      ot_scene_add_edge (scene, &edge);
    }
  ot_scene_finish (scene);
  g_assert_cmpuint (ot_scene_get_n_nodes (scene), ==, 10000);
  ot_viewport_fit (&vp, &(OtRect) { 0, 0, 990, 990 }, 1000, 1000, 5);

  ot_render_options_init (&opts);
  opts.max_nodes = 10000;
  opts.top_n = OT_RENDER_ALL;   /* the interactive limits alone, no budget */
  ot_viewport_to_page (&vp, 370, 420, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, 3742);
  ot_viewport_to_page (&vp, 375, 423, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_EDGE);
  g_assert_cmpuint (id, ==, 10037);

  /* Level of detail: 2500 nodes by default (equal sizes: the first
   * added), four times as many at twice the zoom. */
  opts.max_nodes = 2500;
  ot_viewport_to_page (&vp, 370, 420, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_NONE);
  ot_viewport_to_page (&vp, 120, 420, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, 1242);
  ot_viewport_zoom_at (&vp, 2, 500, 500);
  ot_viewport_to_page (&vp, 370, 420, &x, &y);
  g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, x, y, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, 3742);
  ot_scene_unref (scene);
}

static void
test_width_for_kg (void)
{
  g_assert_cmpfloat (ot_scene_width_for_kg (10000, 10000, 1, 12), ==, 12);
  g_assert_cmpfloat (fabs (ot_scene_width_for_kg (10000, 2500, 1, 12) - 6), <, 1e-9);
  g_assert_cmpfloat (ot_scene_width_for_kg (10000, 1, 1, 12), ==, 1);
  g_assert_cmpfloat (ot_scene_width_for_kg (10000, NAN, 1.5, 12), ==, 1.5);
  g_assert_cmpfloat (ot_scene_width_for_kg (10000, -3, 1.5, 12), ==, 1.5);
  g_assert_cmpfloat (ot_scene_width_for_kg (0, 5, 1.5, 12), ==, 1.5);
  g_assert_cmpfloat (ot_scene_width_for_kg (100, 1000, 1, 12), ==, 12);
}

static void
test_arc_points (void)
{
  OtPoint ab[4], ba[4];

  ot_scene_arc_points (0, 0, 100, 0, 0.2, ab);
  ot_scene_arc_points (100, 0, 0, 0, 0.2, ba);
  g_assert_cmpfloat (ab[0].x, ==, 0);
  g_assert_cmpfloat (ab[3].x, ==, 100);
  /* Eastward on screen (y down) bows up; westward bows down. */
  g_assert_cmpfloat (ab[1].y, ==, -20);
  g_assert_cmpfloat (ab[2].y, ==, -20);
  g_assert_cmpfloat (ba[1].y, ==, 20);
  g_assert_cmpfloat (ab[1].x, <, ab[2].x);
  g_assert_cmpfloat (ba[1].x, >, ba[2].x);
}

static void
test_viewport (void)
{
  OtRect bounds = { 0, 0, 200, 100 };
  OtViewport vp;
  double x, y, wx, wy;

  ot_viewport_fit (&vp, &bounds, 500, 500, 50);
  g_assert_cmpfloat (vp.scale, ==, 2);
  ot_viewport_to_page (&vp, 0, 0, &x, &y);
  g_assert_cmpfloat (x, ==, 50);
  g_assert_cmpfloat (y, ==, 150);
  g_assert_cmpfloat (ot_viewport_size_factor (&vp), ==, 1);

  ot_viewport_zoom_at (&vp, 4, 300, 200);
  ot_viewport_to_world (&vp, 300, 200, &wx, &wy);
  g_assert_cmpfloat (fabs (wx - 125), <, 1e-9);
  g_assert_cmpfloat (fabs (wy - 25), <, 1e-9);
  g_assert_cmpfloat (ot_viewport_size_factor (&vp), ==, 2);

  ot_viewport_zoom_at (&vp, 1e9, 0, 0);
  g_assert_cmpfloat (ot_viewport_zoom (&vp), ==, 400);
  ot_viewport_zoom_at (&vp, NAN, 0, 0);
  g_assert_cmpfloat (ot_viewport_zoom (&vp), ==, 400);
}

static void
test_bounds (void)
{
  OtScene *scene = fixture_network_scene (ot_theme_light ());
  OtRect world, page, area;
  OtViewport vp;

  ot_scene_get_bounds (scene, &world);
  g_assert_cmpfloat (world.x0, ==, 40);
  g_assert_cmpfloat (world.x1, ==, 960);
  ot_render_fit (scene, NULL, GOLDEN_W, GOLDEN_H, &vp);
  ot_render_get_bounds (scene, &vp, &page);
  ot_render_plot_area (scene, NULL, GOLDEN_W, GOLDEN_H, &area);
  /* The drawing lies in the plot area, left of the legend. */
  g_assert_cmpfloat (page.x0, >=, area.x0 - 1);
  g_assert_cmpfloat (page.x1, <=, area.x1 + 1);
  g_assert_cmpfloat (page.y0, >=, area.y0 - 1);
  g_assert_cmpfloat (area.x1, <, GOLDEN_W - 150);
  ot_scene_unref (scene);
}

/* Odd page sizes never crash and keep a plot area. */
static void
test_page_sizes (void)
{
  OtScene *scene = fixture_network_scene (ot_theme_light ());
  static const int sizes[][2] = { { 1, 1 }, { 60, 40 }, { 500, 120 }, { 480, 2000 },
                                  { 3000, 200 } };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      cairo_surface_t *surface = render_png (scene, sizes[k][0], sizes[k][1], FALSE);
      OtRect area;

      ot_render_plot_area (scene, NULL, sizes[k][0], sizes[k][1], &area);
      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      if (sizes[k][0] >= 480)
        g_assert_cmpfloat (area.x1 - area.x0, >=, 0.5 * sizes[k][0]);
      cairo_surface_destroy (surface);
    }
  ot_scene_unref (scene);
}

/* Level of detail draws fewer edges; exact drawing draws them all. */
static void
test_lod_draws_less (void)
{
  OtScene *scene = fixture_network_scene (ot_theme_light ());
  cairo_surface_t *exact = render_png (scene, 600, 400, TRUE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  cairo_t *cr = cairo_create (surface);
  OtRenderOptions opts;
  OtViewport vp;

  ot_render_options_init (&opts);
  opts.exact = TRUE;
  ot_render_fit (scene, &opts, 600, 400, &vp);
  opts.exact = FALSE;
  opts.max_edges = 1;
  ot_render_scene (cr, scene, &vp, &opts);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpfloat (image_difference (exact, surface), >, 0.001);
  cairo_surface_destroy (surface);
  cairo_surface_destroy (exact);
  ot_scene_unref (scene);
}

static cairo_surface_t *
render_nodes (const OtScene *scene,
              double         device_scale,
              gboolean       exact)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) (400 * device_scale),
                                                         (int) (300 * device_scale));
  cairo_t *cr;
  OtRenderOptions opts;
  OtViewport vp;

  cairo_surface_set_device_scale (surface, device_scale, device_scale);
  cr = cairo_create (surface);
  ot_render_options_init (&opts);
  opts.exact = exact;
  opts.show_chrome = FALSE;
  ot_viewport_init (&vp, 400, 300);   /* world = page: centres on whole pixels */
  ot_render_scene (cr, scene, &vp, &opts);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Interactive frames copy node sprites; they must look like the shapes
 * exports draw (only edge pixels may differ, by the rounding of centres). */
static void
test_node_sprites (void)
{
  OtScene *scene = ot_scene_new (NULL);
  static const double scales[] = { 1, 2 };

  for (guint i = 0; i < 60; i++)
    {
      OtSceneNode node = { 20 + (i % 10) * 38, 20 + (i / 10) * 45, 4 + i % 7, 0, 0, i % 3 };

      ot_rgba_parse_hex (&node.fill, i % 2 ? "#e69f00" : "#0072b2");
      node.id = i;
      ot_scene_add_node (scene, &node);
    }
  ot_scene_finish (scene);
  for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
    {
      cairo_surface_t *sprites = render_nodes (scene, scales[k], FALSE);
      cairo_surface_t *shapes = render_nodes (scene, scales[k], TRUE);
      double diff = image_difference (sprites, shapes);

      g_test_message ("scale %g: %.2f %% of pixels differ", scales[k], diff * 100);
      g_assert_cmpfloat (diff, <, 0.002);
      cairo_surface_destroy (sprites);
      cairo_surface_destroy (shapes);
    }
  ot_scene_unref (scene);
}

static void
test_bad_marks_ignored (void)
{
  OtScene *scene = ot_scene_new (ot_theme_dark ());
  OtPoint bad[3] = { { 0, 0 }, { NAN, 1 }, { 2, 2 } };
  OtSceneEdge edge = { bad, 3, FALSE, 2 };
  OtSceneEdge cubic = { bad, 3, TRUE, 2 };
  OtSceneNode node = { INFINITY, 0, 3 };
  cairo_surface_t *surface;

  ot_scene_add_edge (scene, &edge);
  ot_scene_add_edge (scene, &cubic);
  ot_scene_add_node (scene, &node);
  ot_scene_finish (scene);
  g_assert_cmpuint (ot_scene_get_n_ignored (scene), ==, 3);
  g_assert_cmpuint (ot_scene_get_n_edges (scene), ==, 0);
  g_assert_cmpuint (ot_scene_get_n_nodes (scene), ==, 0);
  /* An empty scene still renders. */
  surface = render_png (scene, 100, 80, FALSE);
  cairo_surface_destroy (surface);
  ot_scene_unref (scene);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/render/golden/network-light", "network-light", test_golden);
  g_test_add_data_func ("/render/golden/network-dark", "network-dark", test_golden);
  g_test_add_data_func ("/render/golden/sankey-light", "sankey-light", test_golden);
  g_test_add_data_func ("/render/golden/network-wide-light", "network-wide-light", test_golden);
  g_test_add_data_func ("/render/golden/network-selected-dark", "network-selected-dark",
                        test_golden);
  g_test_add_func ("/render/highlight", test_highlight);
  g_test_add_func ("/render/golden/detects-change", test_golden_detects_change);
  g_test_add_func ("/render/hit-test/network", test_hit_test);
  g_test_add_func ("/render/hit-test/lod", test_hit_test_lod);
  g_test_add_func ("/render/hit-test/sankey", test_hit_test_sankey);
  g_test_add_func ("/render/hit-test/many", test_hit_test_many);
  g_test_add_func ("/render/width-for-kg", test_width_for_kg);
  g_test_add_func ("/render/viewport", test_viewport);
  g_test_add_func ("/render/arc-points", test_arc_points);
  g_test_add_func ("/render/bounds", test_bounds);
  g_test_add_func ("/render/lod", test_lod_draws_less);
  g_test_add_func ("/render/page-sizes", test_page_sizes);
  g_test_add_func ("/render/bad-marks", test_bad_marks_ignored);
  g_test_add_func ("/render/node-sprites", test_node_sprites);

  return g_test_run ();
}
