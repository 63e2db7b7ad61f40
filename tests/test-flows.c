/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One mark per ordered pair of places (issue 15): the network and map
 * views draw a flow per (from, to), its minerals side by side as
 * sub-bands by share of the kg, alleged-only parts hollow; A->B and B->A
 * bow to opposite sides; curve bulges never widen the scene's bounds; an
 * edge id stands for its whole flow when selected or described. */
#include <math.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-render.h"
#include "ot-scene-private.h"
#include "ot-test-load.h"

/* TH->VN: antimony 3,000 kg seized + 1,000 kg reported, gallium 1,000 kg
 * reported only.  VN->TH: tungsten 500 kg reported.  CN->US: antimony
 * 8,000 kg and five minerals of 330 to 340 kg, all seized. */
static const char *const FLOWS_CSV =
  "id,date,mineral,quantity,unit,origin,destination,status\n"
  "a1,2024-01,antimony,3000,kg,TH,VN,seized\n"
  "a2,2024-02,antimony,1000,kg,TH,VN,reported\n"
  "g1,2024-03,gallium,1000,kg,TH,VN,reported\n"
  "w1,2024-04,tungsten,500,kg,VN,TH,reported\n"
  "c1,2024-05,antimony,8000,kg,CN,US,seized\n"
  "c2,2024-05,gallium,330,kg,CN,US,seized\n"
  "c3,2024-05,germanium,330,kg,CN,US,seized\n"
  "c4,2024-05,tungsten,330,kg,CN,US,seized\n"
  "c5,2024-05,bismuth,330,kg,CN,US,seized\n"
  "c6,2024-05,graphite,340,kg,CN,US,seized\n";

static OtChart *
flows_chart (OtViewKind view)
{
  g_autoptr(OtDataset) dataset = ot_test_load ("flows.csv", FLOWS_CSV);
  g_autoptr(GError) error = NULL;
  OtChart *chart = ot_chart_new ();

  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_countries_projection (chart, TRUE);
  ot_chart_set_view (chart, view);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return chart;
}

static guint
vertex (OtNetwork  *network,
        const char *code)
{
  g_autofree char *key = g_strconcat ("country:", code, NULL);
  gint v = ot_network_find_vertex (network, key);

  g_assert_cmpint (v, >=, 0);
  return (guint) v;
}

static guint
edge (OtNetwork  *network,
      const char *from,
      const char *to,
      const char *mineral)
{
  OtMineral m;
  gint e;

  g_assert_true (ot_mineral_parse (mineral, &m));
  e = ot_network_find_edge (network, vertex (network, from), vertex (network, to), m);
  g_assert_cmpint (e, >=, 0);
  return (guint) e;
}

static const OtEdgeItem *
scene_edge (OtScene *scene,
            guint    id)
{
  for (guint i = 0; i < scene->edges->len; i++)
    if (g_array_index (scene->edges, OtEdgeItem, i).id == id)
      return &g_array_index (scene->edges, OtEdgeItem, i);
  return NULL;
}

static const OtEdgePartItem *
part (OtScene          *scene,
      const OtEdgeItem *e,
      guint             k)
{
  g_assert_cmpuint (k, <, e->n_parts);
  return &g_array_index (scene->parts, OtEdgePartItem, e->first_part + k);
}

static void
assert_mineral_color (const OtRgba *c,
                      const char   *mineral)
{
  OtMineral m;
  double r, g, b;

  g_assert_true (ot_mineral_parse (mineral, &m));
  ot_mineral_color (m, &r, &g, &b);
  g_assert_cmpfloat_with_epsilon (c->r, r, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->g, g, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->b, b, 1e-9);
}

/* Which side of the line @a -> @b the point @p is on (sign of the cross
 * product). */
static double
side (OtPoint a,
      OtPoint b,
      OtPoint p)
{
  return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

static void
test_one_mark_per_pair (gconstpointer data)
{
  OtViewKind view = GPOINTER_TO_INT (data);
  g_autoptr(OtChart) chart = flows_chart (view);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  guint sb = edge (network, "TH", "VN", "antimony"), ga = edge (network, "TH", "VN", "gallium");
  guint back = edge (network, "VN", "TH", "tungsten"), cn = edge (network, "CN", "US", "antimony");
  const OtEdgeItem *there, *returning, *big;
  const OtPoint *p, *q;

  /* Nine network edges, three flows. */
  g_assert_cmpuint (ot_network_get_n_edges (network), ==, 9);
  g_assert_cmpuint (ot_scene_get_n_edges (scene), ==, 3);

  /* TH->VN is named by its first edge and split 4:1 by kg, antimony
   * (partly seized) solid, gallium (reported only) hollow. */
  g_assert_cmpuint (MIN (sb, ga), ==, sb);
  there = scene_edge (scene, sb);
  g_assert_nonnull (there);
  g_assert_null (scene_edge (scene, ga));
  g_assert_cmpuint (there->n_parts, ==, 2);
  assert_mineral_color (&part (scene, there, 0)->color, "antimony");
  assert_mineral_color (&part (scene, there, 1)->color, "gallium");
  g_assert_cmpfloat_with_epsilon (part (scene, there, 0)->fraction, 0.8, 1e-6);
  g_assert_cmpfloat_with_epsilon (part (scene, there, 1)->fraction, 0.2, 1e-6);
  g_assert_cmpint (part (scene, there, 0)->dash, ==, OT_DASH_SOLID);
  g_assert_cmpint (part (scene, there, 1)->dash, ==, OT_DASH_HOLLOW);
  g_assert_cmpfloat_with_epsilon (there->kg, 5000, 1e-6);

  /* VN->TH is its own flow, alleged only, bowing the other way. */
  returning = scene_edge (scene, back);
  g_assert_nonnull (returning);
  g_assert_cmpuint (returning->n_parts, ==, 1);
  g_assert_cmpint (part (scene, returning, 0)->dash, ==, OT_DASH_HOLLOW);
  g_assert_cmpint (returning->dash, ==, OT_DASH_HOLLOW);
  p = ot_scene_points (scene, there->path);
  q = ot_scene_points (scene, returning->path);
  g_assert_true (there->cubic && returning->cubic);
  g_assert_cmpfloat (fabs (side (p[0], p[3], p[1])), >, 0);
  g_assert_cmpfloat (side (p[0], p[3], p[1]) * side (p[0], p[3], q[1]), <, 0);
  g_assert_cmpfloat (side (p[0], p[3], p[2]) * side (p[0], p[3], q[2]), <, 0);

  /* CN->US: five minerals of 3 to 4 % each are too thin alone (under
   * 1.5 px of the widest flow's 11 px); together they are one "other
   * minerals" sub-band in the theme's muted colour. */
  big = scene_edge (scene, cn);
  g_assert_nonnull (big);
  g_assert_cmpuint (big->n_parts, ==, 2);
  assert_mineral_color (&part (scene, big, 0)->color, "antimony");
  g_assert_cmpfloat_with_epsilon (part (scene, big, 0)->fraction, 8000.0 / 9660, 1e-6);
  g_assert_cmpfloat_with_epsilon (part (scene, big, 1)->color.r, ot_theme_light ()->text_muted.r, 1e-9);
  g_assert_cmpfloat_with_epsilon (part (scene, big, 1)->fraction, 1660.0 / 9660, 1e-6);
  g_assert_cmpint (part (scene, big, 1)->dash, ==, OT_DASH_SOLID);
  g_assert_cmpfloat (big->width, >, there->width);
}

/* The bounds hold the places (nodes, markers and the points paths pass
 * through), never a curve's control points. */
static void
test_bounds_without_bulges (gconstpointer data)
{
  OtViewKind view = GPOINTER_TO_INT (data);
  g_autoptr(OtChart) chart = flows_chart (view);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  OtRect bounds, places;

  ot_rect_init_empty (&places);
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *n = &g_array_index (scene->nodes, OtNodeItem, i);

      ot_rect_add_point (&places, n->x, n->y);
    }
  for (guint i = 0; i < scene->markers->len; i++)
    {
      const OtMarkerItem *m = &g_array_index (scene->markers, OtMarkerItem, i);

      ot_rect_add_point (&places, m->x, m->y);
    }
  ot_scene_get_bounds (scene, &bounds);
  if (view == OT_VIEW_NETWORK)
    {
      /* Only the places: no background here. */
      g_assert_cmpfloat_with_epsilon (bounds.x0, places.x0, 1e-9);
      g_assert_cmpfloat_with_epsilon (bounds.y0, places.y0, 1e-9);
      g_assert_cmpfloat_with_epsilon (bounds.x1, places.x1, 1e-9);
      g_assert_cmpfloat_with_epsilon (bounds.y1, places.y1, 1e-9);
    }
  else
    {
      g_assert_cmpfloat (bounds.x0, <=, places.x0);
      g_assert_cmpfloat (bounds.x1, >=, places.x1);
    }
}

/* A scene of its own: two places and a strongly bent arc between them. */
static void
test_scene_bounds_leave_out_control_points (void)
{
  g_autoptr(OtScene) scene = ot_scene_new (ot_theme_light ());
  OtPoint arc[4] = { { 0, 0 }, { 30, -80 }, { 70, -80 }, { 100, 0 } };
  OtSceneEdge se = { 0 };
  OtSceneNode node = { 0 };
  OtSceneEdgePart parts[3] = {
    { { 1, 0, 0, 1 }, 2, OT_DASH_SOLID },
    { { 0, 1, 0, 1 }, NAN, OT_DASH_SOLID },
    { { 0, 0, 1, 1 }, 6, OT_DASH_HOLLOW },
  };
  OtRect bounds;
  const OtEdgeItem *e;

  node.radius = 4;
  node.id = 0;
  ot_scene_add_node (scene, &node);
  node.x = 100;
  node.id = 1;
  ot_scene_add_node (scene, &node);
  se.points = arc;
  se.n_points = 4;
  se.cubic = TRUE;
  se.width = 8;
  se.parts = parts;
  se.n_parts = G_N_ELEMENTS (parts);
  ot_scene_add_edge (scene, &se);
  ot_scene_finish (scene);

  ot_scene_get_bounds (scene, &bounds);
  g_assert_cmpfloat (bounds.x0, ==, 0);
  g_assert_cmpfloat (bounds.x1, ==, 100);
  g_assert_cmpfloat (bounds.y0, ==, 0);
  g_assert_cmpfloat (bounds.y1, ==, 0);

  /* A part that is not a number is dropped; the others add up to 1. */
  e = &g_array_index (scene->edges, OtEdgeItem, 0);
  g_assert_cmpuint (e->n_parts, ==, 2);
  g_assert_cmpfloat_with_epsilon (part (scene, e, 0)->fraction, 0.25, 1e-6);
  g_assert_cmpfloat_with_epsilon (part (scene, e, 1)->fraction, 0.75, 1e-6);
  g_assert_cmpint (part (scene, e, 1)->dash, ==, OT_DASH_HOLLOW);

  /* The bulge, outside the bounds, is still under the pointer. */
  {
    OtViewport vp;
    OtRenderOptions opts;
    guint id = 99;
    double px, py;

    ot_render_options_init (&opts);
    opts.exact = TRUE;
    ot_render_fit (scene, &opts, 400, 300, &vp);
    /* Zoomed out so the bulge is on the page (outside it nothing is hit). */
    ot_viewport_zoom_at (&vp, 0.4, 200, 150);
    ot_viewport_to_page (&vp, 50, -60, &px, &py);
    g_assert_cmpfloat (py, >, 10);
    g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, px, py, &id), ==, OT_HIT_EDGE);
    g_assert_cmpuint (id, ==, 0);
  }
}

/* Reads pixel (@x, @y) of an ARGB32 image as 0..255 channels. */
static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       guint           *r,
       guint           *g,
       guint           *b)
{
  const guint8 *row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
  guint32 v = ((const guint32 *) (const void *) row)[x];

  *r = (v >> 16) & 0xff;
  *g = (v >> 8) & 0xff;
  *b = v & 0xff;
}

/* A straight 20 px flow along +x, half red and solid, half blue and
 * hollow: red on the left of travel (above), blue below with its rim in
 * blue and a pale inside. */
static void
test_parts_are_drawn_side_by_side (void)
{
  g_autoptr(OtScene) scene = ot_scene_new (ot_theme_light ());
  OtPoint line[4] = { { 0, 0 }, { 40, 0 }, { 80, 0 }, { 120, 0 } };
  OtSceneEdgePart parts[2] = {
    { { 1, 0, 0, 1 }, 1, OT_DASH_SOLID },
    { { 0, 0, 1, 1 }, 1, OT_DASH_HOLLOW },
  };
  OtSceneEdge se = { 0 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 100);
  cairo_t *cr = cairo_create (surface);
  OtRenderOptions opts;
  OtViewport vp;
  guint r, g, b;

  se.points = line;
  se.n_points = 4;
  se.cubic = TRUE;
  se.width = 20;
  se.color = parts[0].color;
  se.parts = parts;
  se.n_parts = 2;
  ot_scene_add_edge (scene, &se);
  ot_scene_finish (scene);

  ot_render_options_init (&opts);
  opts.exact = TRUE;
  opts.show_chrome = FALSE;
  ot_viewport_init (&vp, 200, 100);
  vp.scale = vp.fit_scale = 1;
  vp.tx = 40;
  vp.ty = 50;
  ot_render_scene (cr, scene, &vp, &opts);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Left of travel (y 40..50): red, solid. */
  pixel (surface, 100, 45, &r, &g, &b);
  g_assert_cmpuint (r, >, 200);
  g_assert_cmpuint (g, <, 60);
  g_assert_cmpuint (b, <, 60);
  /* Right of travel (y 50..60): a blue rim of 2.8 px on each side... */
  pixel (surface, 100, 58, &r, &g, &b);
  g_assert_cmpuint (b, >, 200);
  g_assert_cmpuint (r, <, 60);
  /* ...around a pale inside, washed with blue. */
  pixel (surface, 100, 55, &r, &g, &b);
  g_assert_cmpuint (r, >, 120);
  g_assert_cmpuint (b, >, r + 30);
  /* Outside the flow: the background. */
  pixel (surface, 100, 35, &r, &g, &b);
  g_assert_cmpuint (r, >, 230);
  g_assert_cmpuint (b, >, 230);
  cairo_surface_destroy (surface);
}

static gboolean
has_row (GVariant   *details,
         const char *label,
         const char *value)
{
  g_autoptr(GVariantIter) rows = NULL;
  const char *l, *v;

  g_variant_get (details, "(&sa(ss))", NULL, &rows);
  while (g_variant_iter_next (rows, "(&s&s)", &l, &v))
    if (g_str_equal (l, label) && g_str_equal (v, value))
      return TRUE;
  return FALSE;
}

/* Any edge of a flow stands for the whole flow. */
static void
test_selecting_a_pair (void)
{
  g_autoptr(OtChart) chart = flows_chart (OT_VIEW_NETWORK);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  guint sb = edge (network, "TH", "VN", "antimony"), ga = edge (network, "TH", "VN", "gallium");
  guint back = edge (network, "VN", "TH", "tungsten");
  g_autoptr(GArray) by_first = ot_chart_get_incidents_for (chart, OT_HIT_EDGE, sb);
  g_autoptr(GArray) by_second = ot_chart_get_incidents_for (chart, OT_HIT_EDGE, ga);
  g_autoptr(GArray) returning = ot_chart_get_incidents_for (chart, OT_HIT_EDGE, back);
  g_autofree char *text = ot_chart_describe (chart, OT_HIT_EDGE, ga);
  g_autoptr(GVariant) details = ot_chart_get_details (chart, NULL, OT_HIT_EDGE, sb);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtScene) scene = NULL;

  /* a1, a2, g1 (dataset indices 0, 1, 2), ascending, once each. */
  g_assert_cmpuint (by_first->len, ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpuint (g_array_index (by_first, guint, k), ==, k);
      g_assert_cmpuint (g_array_index (by_second, guint, k), ==, k);
    }
  g_assert_cmpuint (returning->len, ==, 1);
  g_assert_cmpuint (g_array_index (returning, guint, 0), ==, 3);

  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "2 minerals"));
  g_assert_nonnull (strstr (text, "3 incidents"));
  g_assert_nonnull (strstr (text, "5.0 t"));
  g_assert_nonnull (details);
  g_assert_true (has_row (details, "Minerals", "Antimony, Gallium"));
  g_assert_true (has_row (details, "Antimony", "4.0 t · 2 incidents"));
  g_assert_true (has_row (details, "Gallium", "1.0 t · 1 incident"));

  /* Selecting the flow by its second edge emphasises the one mark. */
  ot_chart_select (chart, OT_HIT_EDGE, ga);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  scene = ot_chart_get_scene (chart);
  g_assert_cmpint (scene_edge (scene, sb)->flags, ==, OT_MARK_SELECTED);
  g_assert_cmpint (scene_edge (scene, back)->flags, ==, OT_MARK_FADED);
}

/* The two views draw flows the same way. */
static void
test_map_and_network_agree (void)
{
  g_autoptr(OtChart) net = flows_chart (OT_VIEW_NETWORK);
  g_autoptr(OtChart) map = flows_chart (OT_VIEW_MAP);
  g_autoptr(OtScene) a = ot_chart_get_scene (net);
  g_autoptr(OtScene) b = ot_chart_get_scene (map);

  g_assert_cmpuint (a->edges->len, ==, b->edges->len);
  g_assert_cmpuint (a->parts->len, ==, b->parts->len);
  for (guint k = 0; k < a->parts->len; k++)
    {
      const OtEdgePartItem *x = &g_array_index (a->parts, OtEdgePartItem, k);
      const OtEdgePartItem *y = &g_array_index (b->parts, OtEdgePartItem, k);

      g_assert_cmpfloat (x->fraction, ==, y->fraction);
      g_assert_cmpint (x->dash, ==, y->dash);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/flows/one-mark-per-pair/network", GINT_TO_POINTER (OT_VIEW_NETWORK),
                        test_one_mark_per_pair);
  g_test_add_data_func ("/flows/one-mark-per-pair/map", GINT_TO_POINTER (OT_VIEW_MAP),
                        test_one_mark_per_pair);
  g_test_add_data_func ("/flows/bounds/network", GINT_TO_POINTER (OT_VIEW_NETWORK),
                        test_bounds_without_bulges);
  g_test_add_data_func ("/flows/bounds/map", GINT_TO_POINTER (OT_VIEW_MAP),
                        test_bounds_without_bulges);
  g_test_add_func ("/flows/bounds/scene", test_scene_bounds_leave_out_control_points);
  g_test_add_func ("/flows/parts-side-by-side", test_parts_are_drawn_side_by_side);
  g_test_add_func ("/flows/selection", test_selecting_a_pair);
  g_test_add_func ("/flows/views-agree", test_map_and_network_agree);
  return g_test_run ();
}
