/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Map view at any size (issue 15): the world fills the plot, event
 * markers stay at their places at every zoom, ports of one country are
 * one mark while they would overlap and separate when zoomed in. */
#include <math.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-render-private.h"
#include "ot-view-private.h"

#define PAGE_W 1600
#define PAGE_H 1000
/* The world outline must span this share of the plot's width. */
#define MIN_WORLD_SHARE 0.8

/* A map of @n_incidents generated incidents, or with 0 of the sample file
 * @sample of data/samples/. */
static OtChart *
map_chart_of (guint       n_incidents,
              const char *sample)
{
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  OtChart *chart = ot_chart_new ();

  if (n_incidents == 0)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                     sample, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
    }
  else
    {
      g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, n_incidents, OT_FORMAT_CSV);
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      dataset = ot_dataset_new ();
      g_assert_true (ot_loader_load_data (dataset, "synthetic.csv", data, size, NULL, &error));
    }
  g_assert_no_error (error);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, OT_VIEW_MAP);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return chart;
}

/* A map of the researched sample (@n_incidents 0) or of generated ones. */
static OtChart *
map_chart (guint n_incidents)
{
  return map_chart_of (n_incidents, "incidents.csv");
}

static gboolean
near_rgb (const guint8 *px,
          const OtRgba *c)
{
  /* Cairo's ARGB32 in memory (little-endian): B, G, R, A. */
  return abs (px[2] - (int) round (c->r * 255)) <= 6 &&
         abs (px[1] - (int) round (c->g * 255)) <= 6 &&
         abs (px[0] - (int) round (c->b * 255)) <= 6;
}

/* Share of the plot's width between the first and last pixel of sea or
 * plain land on the rows of the plot, read from the drawn image. */
static double
drawn_world_share (const OtScene    *scene,
                   const OtViewport *vp,
                   const OtRect     *plot)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create (surface);
  const OtTheme *theme = ot_scene_get_theme (scene);
  OtRenderOptions opts;
  const guint8 *data;
  int stride, x0 = G_MAXINT, x1 = -1;

  ot_render_options_init (&opts);
  opts.exact = TRUE;
  ot_render_scene (cr, scene, vp, &opts);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = (int) plot->y0; y < (int) plot->y1; y += 10)
    for (int x = (int) ceil (plot->x0); x < (int) plot->x1; x++)
      {
        const guint8 *px = data + y * stride + 4 * x;

        if (near_rgb (px, &theme->water) || near_rgb (px, &theme->land))
          {
            x0 = MIN (x0, x);
            x1 = MAX (x1, x);
          }
      }
  cairo_surface_destroy (surface);
  return x1 < x0 ? 0 : (x1 - x0 + 1) / (plot->x1 - plot->x0);
}

/* The world outline (the sea, the first background polygon) over the
 * plot's width at 1600 x 1000; also measured on the drawn pixels for the
 * smaller sets. */
static void
test_world_fills_plot (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(OtChart) chart = map_chart (n);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  const OtBackgroundItem *sea;
  OtRenderOptions opts;
  OtViewport vp;
  OtRect plot;
  double x0, x1, y, share;

  ot_render_options_init (&opts);
  ot_render_plot_area (scene, &opts, PAGE_W, PAGE_H, &plot);
  ot_render_fit (scene, &opts, PAGE_W, PAGE_H, &vp);
  g_assert_cmpuint (scene->background->len, >, 0);
  sea = &g_array_index (scene->background, OtBackgroundItem, 0);
  g_assert_cmpint (sea->kind, ==, OT_BACKGROUND_POLYGON);
  ot_viewport_to_page (&vp, sea->bbox.x0, sea->bbox.y0, &x0, &y);
  ot_viewport_to_page (&vp, sea->bbox.x1, sea->bbox.y1, &x1, &y);
  share = (MIN (x1, plot.x1) - MAX (x0, plot.x0)) / (plot.x1 - plot.x0);
  g_test_message ("%u incidents: the world outline spans %.1f %% of the plot's width (%.0f px)",
                  n, 100 * share, plot.x1 - plot.x0);
  g_assert_cmpfloat (share, >=, MIN_WORLD_SHARE);
  if (n <= 1000)
    {
      double drawn = drawn_world_share (scene, &vp, &plot);

      g_test_message ("drawn: sea or land over %.1f %% of the plot's width", 100 * drawn);
      g_assert_cmpfloat (drawn, >=, MIN_WORLD_SHARE);
    }
}

/* A marker's centre through the renderer's own level of detail. */
static void
marker_page (const OtScene      *scene,
             const OtViewport   *vp,
             const OtMarkerItem *m,
             double             *px,
             double             *py)
{
  OtRenderOptions opts;
  OtLod lod;

  ot_render_options_init (&opts);
  ot_render_lod (scene, vp, &opts, NULL, &lod);
  ot_lod_marker_center (&lod, vp, m, px, py);
}

/* Every map marker is a fixed number of page px (times the size factor)
 * from its event's place at zoom 1 and zoom 8; with the world-unit offset
 * of before, it drifted 8 times further at zoom 8.  Markers of events in
 * a drawn country sit on that country's node. */
static void
test_markers_stay_at_places (void)
{
  g_autoptr(OtChart) chart = map_chart (0);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  OtViewport vp;
  guint on_nodes = 0;

  g_assert_cmpuint (scene->markers->len, >, 0);
  ot_render_fit (scene, NULL, PAGE_W, PAGE_H, &vp);
  for (guint i = 0; i < scene->markers->len; i++)
    {
      const OtMarkerItem *m = &g_array_index (scene->markers, OtMarkerItem, i);
      const OtNodeItem *node = NULL;

      g_assert_cmpfloat (fabs (m->dx), ==, OT_VIEW_MARKER_OFFSET);
      g_assert_cmpfloat (m->dy, ==, -OT_VIEW_MARKER_OFFSET);
      for (guint k = 0; k < scene->nodes->len && node == NULL; k++)
        {
          const OtNodeItem *n = &g_array_index (scene->nodes, OtNodeItem, k);

          if (fabs (n->x - m->x) < 1e-6 && fabs (n->y - m->y) < 1e-6)
            node = n;
        }
      if (node == NULL)
        continue;
      on_nodes++;
      for (guint z = 0; z < 2; z++)
        {
          OtViewport zoomed = vp;
          double nx, ny, mx, my, sf;

          if (z == 1)
            {
              /* Zoom 8 around the place, as a user would. */
              ot_viewport_to_page (&vp, node->x, node->y, &nx, &ny);
              ot_viewport_zoom_at (&zoomed, 8, nx, ny);
              g_assert_cmpfloat_with_epsilon (ot_viewport_zoom (&zoomed), 8, 1e-9);
            }
          sf = ot_viewport_size_factor (&zoomed);
          ot_viewport_to_page (&zoomed, node->x, node->y, &nx, &ny);
          marker_page (scene, &zoomed, m, &mx, &my);
          g_assert_cmpfloat_with_epsilon (fabs (mx - nx), OT_VIEW_MARKER_OFFSET * sf, 1e-6);
          g_assert_cmpfloat_with_epsilon (my - ny, -OT_VIEW_MARKER_OFFSET * sf, 1e-6);
        }
    }
  g_test_message ("%u markers, %u on a drawn country's node", scene->markers->len, on_nodes);
  g_assert_cmpuint (on_nodes, >=, 3);
}

/* The renderer draws and hit-tests a marker at its place plus its page
 * offset, at any zoom. */
static void
test_marker_offset_hit (void)
{
  g_autoptr(OtScene) scene = ot_scene_new (ot_theme_light ());
  OtSceneMarker star = { 0 };
  OtSceneNode corner = { 0 };
  OtRenderOptions opts;
  OtViewport vp;

  star.x = 100;
  star.y = 100;
  star.size = 12;
  star.shape = OT_MARKER_STAR;
  star.color = (OtRgba) { 0.84, 0.15, 0.16, 1 };
  star.id = 7;
  star.dx = 10;
  star.dy = -10;
  ot_scene_add_marker (scene, &star);
  corner.radius = 2;
  corner.id = 1;
  ot_scene_add_node (scene, &corner);
  corner.x = corner.y = 200;
  corner.id = 2;
  ot_scene_add_node (scene, &corner);
  ot_scene_finish (scene);
  ot_render_options_init (&opts);
  opts.hit_tolerance = 0;
  ot_render_fit (scene, &opts, 800, 600, &vp);
  for (double zoom = 1; zoom <= 8; zoom *= 8)
    {
      OtViewport zoomed = vp;
      double px, py, sf;
      guint id = 0;

      ot_viewport_to_page (&vp, 100, 100, &px, &py);
      ot_viewport_zoom_at (&zoomed, zoom, px, py);
      sf = ot_viewport_size_factor (&zoomed);
      ot_viewport_to_page (&zoomed, 100, 100, &px, &py);
      g_assert_cmpint (ot_render_hit_test (scene, &zoomed, &opts, px + 10 * sf, py - 10 * sf, &id),
                       ==, OT_HIT_MARKER);
      g_assert_cmpuint (id, ==, 7);
      /* The place itself is free: the marker is beside it, not on it. */
      g_assert_cmpint (ot_render_hit_test (scene, &zoomed, &opts, px - 10 * sf, py + 10 * sf, NULL),
                       ==, OT_HIT_NONE);
    }
}

/* Two nodes at one place taking turns by zoom: drawing's level of detail
 * and hit-testing agree on which shows; a builder's zoom range applies to
 * what it adds meanwhile; nonsense ranges show at every zoom. */
static void
test_scene_zoom_ranges (void)
{
  g_autoptr(OtScene) scene = ot_scene_new (ot_theme_light ());
  OtSceneNode node = { 0 };
  OtRenderOptions opts;
  OtViewport vp;

  node.x = node.y = 50;
  node.radius = 6;
  node.id = 1;
  node.max_zoom = 2;                 /* the cluster */
  ot_scene_add_node (scene, &node);
  node.id = 2;
  node.max_zoom = 0;
  ot_scene_set_zoom_range (scene, 2, 0);   /* the port, from zoom 2 on */
  ot_scene_add_node (scene, &node);
  ot_scene_set_zoom_range (scene, 0, 0);
  node.id = 3;
  node.x = node.y = 150;
  node.min_zoom = NAN;
  node.max_zoom = -1;
  ot_scene_add_node (scene, &node);
  ot_scene_finish (scene);
  ot_render_options_init (&opts);
  opts.hit_tolerance = 0;
  ot_render_fit (scene, &opts, 400, 400, &vp);
  for (double zoom = 1; zoom <= 4; zoom *= 4)
    {
      OtViewport zoomed = vp;
      double px, py;
      guint id = 0;
      OtLod lod;

      ot_viewport_to_page (&vp, 50, 50, &px, &py);
      ot_viewport_zoom_at (&zoomed, zoom, px, py);
      ot_render_lod (scene, &zoomed, &opts, NULL, &lod);
      g_assert_true (ot_lod_shows_node (&lod, &g_array_index (scene->nodes, OtNodeItem, 0)) == (zoom < 2));
      g_assert_true (ot_lod_shows_node (&lod, &g_array_index (scene->nodes, OtNodeItem, 1)) == (zoom >= 2));
      g_assert_true (ot_lod_shows_node (&lod, &g_array_index (scene->nodes, OtNodeItem, 2)));
      g_assert_cmpint (ot_render_hit_test (scene, &zoomed, &opts, px, py, &id), ==, OT_HIT_NODE);
      g_assert_cmpuint (id, ==, zoom < 2 ? 1 : 2);
    }
}

static gboolean
shown_at (const OtNodeItem *node,
          double            zoom)
{
  return zoom >= node->min_zoom && zoom < node->max_zoom;
}

/* Ports of one country close together are one mark ("Manzanillo and 1
 * other port") below a zoom, and separate marks from it, where they no
 * longer overlap; the flows of a port follow its mark. */
static void
test_ports_cluster_by_zoom (void)
{
  g_autoptr(OtChart) chart = map_chart_of (0, "illustrative-demo.csv");
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  OtViewport vp;
  guint n_clusters = 0, n_at_fit = 0;

  ot_render_fit (scene, NULL, PAGE_W, PAGE_H, &vp);
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *c = &g_array_index (scene->nodes, OtNodeItem, i);
      const OtNodeItem *members[16];
      guint n_members = 0, before = 0, after = 0;
      double split = c->max_zoom;

      if (c->label == NULL || strstr (c->label, "other port") == NULL)
        continue;
      n_clusters++;
      g_test_message ("%s: one mark below zoom %.2f", c->label, split);
      g_assert_cmpfloat (split, <, G_MAXFLOAT);
      g_assert_cmpfloat (split, >, c->min_zoom);
      n_at_fit += shown_at (c, 1);
      g_assert_true (shown_at (c, MAX (c->min_zoom, split * 0.99)));
      g_assert_false (shown_at (c, split));
      /* Its members are diamonds shown exactly from the split on, none of
       * them just below it. */
      for (guint k = 0; k < scene->nodes->len; k++)
        {
          const OtNodeItem *n = &g_array_index (scene->nodes, OtNodeItem, k);

          if (k == i || n->shape != OT_NODE_DIAMOND || n->min_zoom != split || n_members == 16)
            continue;
          members[n_members++] = n;
          g_assert_false (shown_at (n, split * 0.99));
          g_assert_true (shown_at (n, split));
        }
      g_assert_cmpuint (n_members, >=, 2);
      /* Separated, they do not overlap at 1600 x 1000. */
      {
        OtViewport zoomed = vp;
        double cx, cy, sf;

        ot_viewport_to_page (&vp, c->x, c->y, &cx, &cy);
        ot_viewport_zoom_at (&zoomed, split, cx, cy);
        sf = ot_viewport_size_factor (&zoomed);
        for (guint a = 0; a < n_members; a++)
          for (guint b = a + 1; b < n_members; b++)
            {
              double ax, ay, bx, by;

              ot_viewport_to_page (&zoomed, members[a]->x, members[a]->y, &ax, &ay);
              ot_viewport_to_page (&zoomed, members[b]->x, members[b]->y, &bx, &by);
              if (members[a]->max_zoom < G_MAXFLOAT || members[b]->max_zoom < G_MAXFLOAT)
                continue;   /* a sub-cluster: splits further in */
              g_assert_cmpfloat (hypot (ax - bx, ay - by), >=,
                                 (members[a]->radius + members[b]->radius) * sf);
            }
      }
      /* The flows at its members: drawn to the cluster before the split,
       * to the ports after. */
      for (guint e = 0; e < scene->edges->len; e++)
        {
          const OtEdgeItem *edge = &g_array_index (scene->edges, OtEdgeItem, e);

          before += edge->max_zoom == (float) split;
          after += edge->min_zoom == (float) split;
        }
      g_assert_cmpuint (before, >, 0);
      g_assert_cmpuint (after, >=, before);
    }
  /* The demo's Mexican and Thai ports are clustered at the fit (the
   * researched records name no port on a route). */
  g_assert_cmpuint (n_at_fit, >=, 1);
}

/* Whether a node shows at @zoom has the mark at page point (@x, @y). */
static gboolean
node_at (const OtScene    *scene,
         const OtViewport *vp,
         double            zoom,
         double            x,
         double            y)
{
  for (guint k = 0; k < scene->nodes->len; k++)
    {
      const OtNodeItem *n = &g_array_index (scene->nodes, OtNodeItem, k);
      double nx, ny;

      ot_viewport_to_page (vp, n->x, n->y, &nx, &ny);
      if (shown_at (n, zoom) && fabs (nx - x) < 0.01 && fabs (ny - y) < 0.01)
        return TRUE;
    }
  return FALSE;
}

/* At a zoom where ports are clustered, the flows of the cluster's ports to
 * one place are one arc between the two drawn marks (widths summed), not
 * one per port on top of each other: in the sample at the fitted zoom of
 * 1600 x 1000, no two scene edges of that zoom share both end marks, and
 * every edge ends at marks drawn at that zoom.  Also just below the zoom
 * at which the last cluster shown at the fit splits. */
static void
test_one_flow_per_mark_pair (void)
{
  g_autoptr(OtChart) chart = map_chart (0);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  OtViewport vp;
  double zooms[2] = { 1, 1 };

  ot_render_fit (scene, NULL, PAGE_W, PAGE_H, &vp);
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *c = &g_array_index (scene->nodes, OtNodeItem, i);

      if (c->label != NULL && strstr (c->label, "other port") != NULL && shown_at (c, 1))
        zooms[1] = MAX (zooms[1], c->max_zoom * 0.99);
    }
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autoptr(GHashTable) ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      OtViewport zoomed = vp;
      guint n_edges = 0;

      ot_viewport_zoom_at (&zoomed, zooms[z], PAGE_W / 2.0, PAGE_H / 2.0);
      for (guint e = 0; e < scene->edges->len; e++)
        {
          const OtEdgeItem *edge = &g_array_index (scene->edges, OtEdgeItem, e);
          const OtPoint *p = ot_scene_points (scene, edge->path);
          double x0, y0, x1, y1;
          char *key;

          if (zooms[z] < edge->min_zoom || zooms[z] >= edge->max_zoom)
            continue;
          n_edges++;
          ot_viewport_to_page (&zoomed, p[0].x, p[0].y, &x0, &y0);
          ot_viewport_to_page (&zoomed, p[edge->path.n - 1].x, p[edge->path.n - 1].y, &x1, &y1);
          g_assert_true (node_at (scene, &zoomed, zooms[z], x0, y0));
          g_assert_true (node_at (scene, &zoomed, zooms[z], x1, y1));
          key = g_strdup_printf ("%.2f,%.2f>%.2f,%.2f", x0, y0, x1, y1);
          if (g_hash_table_contains (ends, key))
            g_test_message ("two flows between the marks %s at zoom %.2f", key, zooms[z]);
          g_assert_false (g_hash_table_contains (ends, key));
          g_hash_table_add (ends, key);
        }
      g_test_message ("zoom %.2f: %u flows of %u, each between its own two marks", zooms[z], n_edges, scene->edges->len);
      g_assert_cmpuint (n_edges, >, 0);
    }
}

/* A flow merging several pairs of places (a cluster's ports to one
 * place) is one mark in every way: its incidents are all its pairs', its
 * description names both marks, and selecting it selects that arc. */
static void
test_merged_flow_is_one_mark (void)
{
  g_autoptr(OtChart) chart = map_chart (1000);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  guint ne = ot_network_get_n_edges (network), n_merged = 0, merged_id = G_MAXUINT;

  for (guint i = 0; i < scene->edges->len; i++)
    {
      const OtEdgeItem *edge = &g_array_index (scene->edges, OtEdgeItem, i);
      g_autoptr(GArray) incidents = NULL;
      g_autofree char *what = NULL;
      g_autoptr(GHashTable) pairs = g_hash_table_new (g_direct_hash, g_direct_equal);
      guint n_sum = 0;

      if (edge->id < ne)
        continue;
      n_merged++;
      merged_id = edge->id;
      incidents = ot_chart_get_incidents_for (chart, OT_HIT_EDGE, edge->id);
      what = ot_chart_describe (chart, OT_HIT_EDGE, edge->id);
      g_assert_nonnull (what);
      g_assert_nonnull (strstr (what, " → "));
      /* Its incidents are at least each of its pairs' (one pair alone
       * would have fewer), each once, ascending. */
      for (guint k = 1; k < incidents->len; k++)
        g_assert_cmpuint (g_array_index (incidents, guint, k - 1), <, g_array_index (incidents, guint, k));
      /* The pairs of places wholly inside it (its members, and perhaps
       * legs of the same records elsewhere) cover its incidents
       * exactly, and none alone does. */
      {
        g_autoptr(GHashTable) mine = g_hash_table_new (g_direct_hash, g_direct_equal);
        g_autoptr(GHashTable) covered = g_hash_table_new (g_direct_hash, g_direct_equal);

        for (guint k = 0; k < incidents->len; k++)
          g_hash_table_add (mine, GUINT_TO_POINTER (g_array_index (incidents, guint, k) + 1));
        for (guint e = 0; e < ne; e++)
          {
            g_autoptr(GArray) one = ot_chart_get_incidents_for (chart, OT_HIT_EDGE, e);
            const OtEdge *oe = ot_network_get_edge (network, e);
            guint n_in = 0;

            for (guint k = 0; k < one->len; k++)
              n_in += g_hash_table_contains (mine, GUINT_TO_POINTER (g_array_index (one, guint, k) + 1));
            if (one->len == 0 || n_in < one->len)
              continue;
            g_assert_cmpuint (one->len, <, incidents->len);
            g_hash_table_add (pairs, GUINT_TO_POINTER (oe->from * 65536 + oe->to + 1));
            for (guint k = 0; k < one->len; k++)
              g_hash_table_add (covered, GUINT_TO_POINTER (g_array_index (one, guint, k) + 1));
          }
        n_sum = g_hash_table_size (covered);
      }
      g_assert_cmpuint (g_hash_table_size (pairs), >=, 2);
      g_assert_cmpuint (n_sum, ==, incidents->len);
    }
  g_test_message ("%u merged flows", n_merged);
  g_assert_cmpuint (n_merged, >, 0);

  ot_chart_select (chart, OT_HIT_EDGE, merged_id);
  g_assert_true (ot_chart_update (chart, NULL, NULL));
  {
    g_autoptr(OtScene) selected = ot_chart_get_scene (chart);
    guint n_selected = 0;

    for (guint i = 0; i < selected->edges->len; i++)
      {
        const OtEdgeItem *edge = &g_array_index (selected->edges, OtEdgeItem, i);

        if (edge->flags & OT_MARK_SELECTED)
          {
            n_selected++;
            g_assert_cmpuint (edge->id, ==, merged_id);
          }
      }
    g_assert_cmpuint (n_selected, ==, 1);
  }
}

/* A marker of events at a port follows the port's mark: its place is a
 * diamond drawn at the marker's own coordinates, or the cluster holding
 * it (at the zooms the cluster shows); every marker shown at the fit and
 * at zoom 20 has its place shown. */
static void
test_markers_follow_ports (void)
{
  /* The researched records name no port on a route; the demo's events at
   * Laem Chabang, Port Klang and Manzanillo are on theirs. */
  g_autoptr(OtChart) chart = map_chart_of (0, "illustrative-demo.csv");
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  OtRenderOptions opts;
  OtViewport vp;
  guint at_ports = 0;

  ot_render_options_init (&opts);
  opts.exact = TRUE;
  ot_render_fit (scene, &opts, PAGE_W, PAGE_H, &vp);
  for (guint z = 0; z < 2; z++)
    {
      OtViewport zoomed = vp;
      OtLod lod;

      ot_viewport_zoom_at (&zoomed, z == 0 ? 1 : 20, PAGE_W / 2.0, PAGE_H / 2.0);
      ot_render_lod (scene, &zoomed, &opts, NULL, &lod);
      for (guint i = 0; i < scene->markers->len; i++)
        {
          const OtMarkerItem *m = &g_array_index (scene->markers, OtMarkerItem, i);
          gboolean place_shown = FALSE;

          if (m->n_places == 0 || !ot_lod_shows_marker (&lod, scene, m))
            continue;
          for (guint k = m->first_place; k < m->first_place + m->n_places; k++)
            {
              const OtNodeItem *n = &g_array_index (scene->nodes, OtNodeItem,
                                                    g_array_index (scene->marker_places, guint, k));

              place_shown = place_shown || ot_lod_shows_node (&lod, n);
              if (z == 0 && n->shape == OT_NODE_DIAMOND && ot_lod_shows_node (&lod, n))
                {
                  at_ports++;
                  /* The port itself, or its cluster near it. */
                  g_assert_true ((n->x == m->x && n->y == m->y) || n->max_zoom < G_MAXFLOAT);
                }
            }
          g_assert_true (place_shown);
        }
    }
  g_test_message ("%u markers at ports at the fit", at_ports);
  g_assert_cmpuint (at_ports, >, 0);
}

int
main (int    argc,
      char **argv)
{
  static const guint sizes[] = { 0, 100, 1000, 10000 };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = sizes[i] == 0 ? g_strdup ("/map/world-fills-plot/sample")
                                            : g_strdup_printf ("/map/world-fills-plot/%u", sizes[i]);

      g_test_add_data_func (path, GUINT_TO_POINTER (sizes[i]), test_world_fills_plot);
    }
  g_test_add_func ("/map/markers/stay-at-places", test_markers_stay_at_places);
  g_test_add_func ("/map/markers/offset-hit", test_marker_offset_hit);
  g_test_add_func ("/map/ports/cluster-by-zoom", test_ports_cluster_by_zoom);
  g_test_add_func ("/map/scene/zoom-ranges", test_scene_zoom_ranges);
  g_test_add_func ("/map/flows/one-per-mark-pair", test_one_flow_per_mark_pair);
  g_test_add_func ("/map/flows/merged-is-one-mark", test_merged_flow_is_one_mark);
  g_test_add_func ("/map/markers/follow-ports", test_markers_follow_ports);
  return g_test_run ();
}
