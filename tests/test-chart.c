/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OtChart on the sample incidents: what each update rebuilds, hit-testing
 * through the chart, selection, stable positions, incidents per mark. */
#include <math.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-render.h"
#include "ot-scene-private.h"
#include "ot-test-load.h"
#include "ot-timeline-data.h"
#include "ot-test-chart.h"

#define W 1200
#define H 800

static OtDataset *
load_samples (void)
{
  return ot_test_load_samples ();
}

static OtChart *
chart_of (OtDataset  *dataset,
          OtViewKind  view)
{
  g_autoptr(GError) error = NULL;
  OtChart *chart = ot_chart_new ();

  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, view);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return chart;
}

/* A chart of the researched sample. */
static OtChart *
sample_chart (OtViewKind view)
{
  g_autoptr(OtDataset) dataset = load_samples ();

  return chart_of (dataset, view);
}

/* A chart of the made-up demo, for what the researched records lack:
 * routes through named ports and events at them. */
static OtChart *
demo_chart (OtViewKind view)
{
  g_autoptr(OtDataset) dataset = ot_test_load_demo ();

  return chart_of (dataset, view);
}

static gint
vertex (OtChart    *chart,
        const char *key)
{
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  gint v = ot_network_find_vertex (network, key);

  g_assert_cmpint (v, >=, 0);
  return v;
}

static void
test_view_names (void)
{
  OtViewKind view;

  for (guint v = 0; v < OT_N_VIEWS; v++)
    {
      g_assert_true (ot_view_kind_parse (ot_view_kind_name (v), &view));
      g_assert_cmpint (view, ==, v);
    }
  g_assert_true (ot_view_kind_parse ("MAP", &view));
  g_assert_cmpint (view, ==, OT_VIEW_MAP);
  g_assert_false (ot_view_kind_parse ("globe", &view));
  g_assert_false (ot_view_kind_parse (NULL, &view));
}

/* Every view gives a scene with marks, a caption and a source line. */
static void
test_every_view (void)
{
  for (guint v = 0; v < OT_N_VIEWS; v++)
    {
      g_autoptr(OtChart) chart = sample_chart (v);
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);

      g_assert_nonnull (scene);
      g_assert_true (ot_scene_is_finished (scene));
      g_assert_cmpuint (ot_scene_get_n_nodes (scene), >, 10);
      g_assert_cmpuint (ot_scene_get_n_ignored (scene), ==, 0);
      if (v != OT_VIEW_FLOW)
        g_assert_cmpuint (ot_scene_get_n_edges (scene), >, 20);
      g_assert_cmpstr (ot_scene_get_title (scene), ==, "Smuggling of export-controlled minerals");
    }
}

/* A selection rebuilds the scene only; a filter rebuilds the network. */
static void
test_rebuilds_only_what_is_stale (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_NETWORK);
  g_autoptr(OtNetwork) before = ot_chart_get_network (chart);
  g_autoptr(OtNetwork) after_select = NULL;
  g_autoptr(OtNetwork) after_filter = NULL;
  g_autoptr(OtScene) scene0 = ot_chart_get_scene (chart);
  g_autoptr(OtScene) scene1 = NULL;
  g_autoptr(OtFilter) filter = ot_filter_new ();
  OtMineral antimony;

  g_assert_false (ot_chart_is_stale (chart));
  ot_chart_select (chart, OT_HIT_NODE, vertex (chart, "country:CN"));
  g_assert_true (ot_chart_is_stale (chart));
  ot_test_chart_update (chart);
  after_select = ot_chart_get_network (chart);
  scene1 = ot_chart_get_scene (chart);
  g_assert_true (after_select == before);
  g_assert_true (scene1 != scene0);

  g_assert_true (ot_mineral_parse ("antimony", &antimony));
  ot_filter_set_mineral (filter, antimony, TRUE);
  ot_chart_set_filter (chart, filter);
  ot_test_chart_update (chart);
  after_filter = ot_chart_get_network (chart);
  g_assert_true (after_filter != before);
  g_assert_cmpuint (ot_network_get_n_included (after_filter), <, ot_network_get_n_included (before));
  /* The filter cleared the selection (indices changed). */
  g_assert_false (ot_chart_get_selection (chart, NULL, NULL));
}

/* A cancelled update fails and leaves the scene as it was. */
static void
test_cancel_keeps_scene (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_MAP);
  g_autoptr(OtScene) before = ot_chart_get_scene (chart);
  g_autoptr(OtScene) after = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  ot_chart_set_view (chart, OT_VIEW_FLOW);
  g_cancellable_cancel (cancellable);
  g_assert_false (ot_chart_update (chart, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = ot_chart_get_scene (chart);
  g_assert_true (after == before);
}

static void
fit (OtScene    *scene,
     OtViewport *vp)
{
  ot_render_fit (scene, NULL, W, H, vp);
}

/* Hit-testing through the chart finds a vertex and an edge where they
 * are drawn, in the network and map views. */
static void
test_hit_vertex_and_edge (void)
{
  for (OtViewKind view = OT_VIEW_NETWORK; view <= OT_VIEW_MAP; view++)
    {
      g_autoptr(OtChart) chart = sample_chart (view);
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
      g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
      OtRenderOptions opts;
      OtViewport vp;
      double wx, wy, px, py;
      guint id = G_MAXUINT, n_hit = 0, n_tried = 0;
      gint cn = vertex (chart, "country:CN");

      ot_render_options_init (&opts);
      opts.exact = TRUE;
      /* Every flow, not the budget's: this is about where marks are hit. */
      opts.top_n = OT_RENDER_ALL;
      fit (scene, &vp);
      g_assert_true (ot_chart_get_node_position (chart, cn, &wx, &wy));
      ot_viewport_to_page (&vp, wx, wy, &px, &py);
      g_assert_cmpint (ot_render_hit_test (scene, &vp, &opts, px, py, &id), ==, OT_HIT_NODE);
      g_assert_cmpuint (id, ==, (guint) cn);

      /* Where arcs are not under a node, their middle hits them. */
      for (guint e = 0; e < ot_network_get_n_edges (network); e++)
        {
          OtHitKind kind;

          if (!ot_chart_get_edge_midpoint (chart, e, &wx, &wy))
            continue;
          ot_viewport_to_page (&vp, wx, wy, &px, &py);
          kind = ot_render_hit_test (scene, &vp, &opts, px, py, &id);
          if (kind == OT_HIT_NODE || kind == OT_HIT_MARKER)
            continue;
          n_tried++;
          /* A flow is one mark per pair of places, named by the pair's
           * first edge (ot_view_edge_pair ()). */
          if (kind == OT_HIT_EDGE && id < ot_network_get_n_edges (network) &&
              ot_network_get_edge (network, id)->from == ot_network_get_edge (network, e)->from &&
              ot_network_get_edge (network, id)->to == ot_network_get_edge (network, e)->to)
            n_hit++;
        }
      g_test_message ("%s: %u of %u edge middles hit their edge", ot_view_kind_name (view),
                      n_hit, n_tried);
      g_assert_cmpuint (n_tried, >, 20);
      g_assert_cmpuint (n_hit, >=, n_tried * 8 / 10);
    }
}

/* Distance of a pixel's colour from the background, 0..3. */
static double
ink_at (OtScene          *scene,
        const OtViewport *vp,
        double            px,
        double            py)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create (surface);
  const OtTheme *theme = ot_scene_get_theme (scene);
  const guint8 *data;
  int stride;
  double r, g, b, ink;

  ot_render_scene (cr, scene, vp, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  data += (int) py * stride + 4 * (int) px;
  b = data[0] / 255.0;
  g = data[1] / 255.0;
  r = data[2] / 255.0;
  ink = fabs (r - theme->background.r) + fabs (g - theme->background.g) +
        fabs (b - theme->background.b);
  cairo_surface_destroy (surface);
  return ink;
}

/* Selecting Rwanda fades Switzerland, which is not its neighbour;
 * selecting Switzerland keeps it strong.  (Switzerland: one edge, from
 * China (REAL-2025-0005), ends under it, so the node's own colour is what
 * the pixel shows.) */
static guint
first_incident_to (OtChart    *chart,
                   const char *destination)
{
  OtDataset *ds = ot_chart_get_dataset (chart);

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);

      if (strcmp (incident->destination.code, destination) == 0 &&
          OT_COUNTRY_IS_SET (incident->origin))
        return i;
    }
  g_assert_not_reached ();
}

/* Picking incidents (the table's selection) keeps their paths and fades
 * the rest; an empty pick fades nothing. */
static void
test_pick_incidents (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_NETWORK);
  g_autoptr(OtScene) plain = ot_chart_get_scene (chart);
  gint ch = vertex (chart, "country:CH");
  guint to_switzerland = first_incident_to (chart, "CH");
  guint to_rwanda = first_incident_to (chart, "RW");
  OtViewport vp;
  double wx, wy, px, py, ink_plain, ink_other, ink_own;

  fit (plain, &vp);
  g_assert_true (ot_chart_get_node_position (chart, ch, &wx, &wy));
  ot_viewport_to_page (&vp, wx, wy, &px, &py);
  ink_plain = ink_at (plain, &vp, px, py);

  ot_chart_pick_incidents (chart, &to_rwanda, 1);
  ot_test_chart_update (chart);
  {
    g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
    ink_other = ink_at (scene, &vp, px, py);
  }
  ot_chart_pick_incidents (chart, (guint[]) { to_rwanda, to_switzerland }, 2);
  ot_test_chart_update (chart);
  {
    g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
    ink_own = ink_at (scene, &vp, px, py);
  }
  g_test_message ("ink at Switzerland: plain %.2f, a Rwandan incident picked %.2f, with a Swiss one %.2f",
                  ink_plain, ink_other, ink_own);
  g_assert_cmpfloat (ink_other, <, ink_plain * 0.6);
  g_assert_cmpfloat (ink_own, >=, ink_plain * 0.9);

  /* A click replaces the pick; an empty pick clears it. */
  ot_chart_select (chart, OT_HIT_NODE, ch);
  ot_chart_pick_incidents (chart, NULL, 0);
  ot_test_chart_update (chart);
  {
    g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
    g_assert_cmpfloat (ink_at (scene, &vp, px, py), ==, ink_plain);
  }
}

static void
test_selection_fades_the_rest (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_NETWORK);
  g_autoptr(OtScene) plain = ot_chart_get_scene (chart);
  g_autoptr(OtScene) faded = NULL;
  g_autoptr(OtScene) kept = NULL;
  gint ch = vertex (chart, "country:CH"), rw = vertex (chart, "country:RW");
  OtViewport vp;
  double wx, wy, px, py, ink_plain, ink_faded, ink_kept;

  fit (plain, &vp);
  g_assert_true (ot_chart_get_node_position (chart, ch, &wx, &wy));
  ot_viewport_to_page (&vp, wx, wy, &px, &py);
  ink_plain = ink_at (plain, &vp, px, py);

  ot_chart_select (chart, OT_HIT_NODE, rw);
  ot_test_chart_update (chart);
  faded = ot_chart_get_scene (chart);
  ink_faded = ink_at (faded, &vp, px, py);

  ot_chart_select (chart, OT_HIT_NODE, ch);
  ot_test_chart_update (chart);
  kept = ot_chart_get_scene (chart);
  ink_kept = ink_at (kept, &vp, px, py);

  /* A selection that names nothing drawn fades nothing. */
  ot_chart_select (chart, OT_HIT_BAND, 12345);
  ot_test_chart_update (chart);
  {
    g_autoptr(OtScene) nothing = ot_chart_get_scene (chart);

    g_assert_cmpfloat (ink_at (nothing, &vp, px, py), ==, ink_plain);
  }

  g_test_message ("ink at Switzerland: plain %.2f, Rwanda selected %.2f, Switzerland selected %.2f",
                  ink_plain, ink_faded, ink_kept);
  g_assert_cmpfloat (ink_faded, <, ink_plain * 0.6);
  g_assert_cmpfloat (ink_kept, >=, ink_plain * 0.9);
}

/* A narrower filter moves nothing, and neither does going back. */
static void
test_positions_stable_across_filters (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_NETWORK);
  g_autoptr(OtNetwork) all = ot_chart_get_network (chart);
  g_autoptr(OtNetwork) some = NULL;
  g_autoptr(OtFilter) filter = ot_filter_new ();
  guint nv = ot_network_get_n_vertices (all);
  g_autofree OtPoint *before = g_new (OtPoint, nv);
  OtMineral antimony;

  for (guint v = 0; v < nv; v++)
    g_assert_true (ot_chart_get_node_position (chart, v, &before[v].x, &before[v].y));

  g_assert_true (ot_mineral_parse ("antimony", &antimony));
  ot_filter_set_mineral (filter, antimony, TRUE);
  ot_chart_set_filter (chart, filter);
  ot_test_chart_update (chart);
  some = ot_chart_get_network (chart);
  g_assert_cmpuint (ot_network_get_n_vertices (some), <, nv);
  for (guint v = 0; v < ot_network_get_n_vertices (some); v++)
    {
      gint old = ot_network_find_uid (all, ot_network_get_vertex (some, v)->uid);
      double x, y;

      g_assert_cmpint (old, >=, 0);
      g_assert_true (ot_chart_get_node_position (chart, v, &x, &y));
      g_assert_cmpfloat (x, ==, before[old].x);
      g_assert_cmpfloat (y, ==, before[old].y);
    }

  /* Back to everything: every position was remembered. */
  ot_chart_set_filter (chart, NULL);
  ot_test_chart_update (chart);
  for (guint v = 0; v < nv; v++)
    {
      double x, y;

      g_assert_true (ot_chart_get_node_position (chart, v, &x, &y));
      g_assert_cmpfloat (x, ==, before[v].x);
    }
}

/* Starting narrow, then widening: nothing moves, since every view
 * takes its positions from the layout of the whole data. */
static void
test_positions_stable_when_widening (void)
{
  g_autoptr(OtDataset) dataset = load_samples ();
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtNetwork) some = NULL;
  g_autoptr(OtNetwork) all = NULL;
  g_autofree OtPoint *before = NULL;
  OtMineral antimony;
  guint n;

  g_assert_true (ot_mineral_parse ("antimony", &antimony));
  ot_filter_set_mineral (filter, antimony, TRUE);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_filter (chart, filter);
  ot_test_chart_update (chart);
  some = ot_chart_get_network (chart);
  n = ot_network_get_n_vertices (some);
  before = g_new (OtPoint, n);
  for (guint v = 0; v < n; v++)
    g_assert_true (ot_chart_get_node_position (chart, v, &before[v].x, &before[v].y));

  ot_chart_set_filter (chart, NULL);
  ot_test_chart_update (chart);
  all = ot_chart_get_network (chart);
  g_assert_cmpuint (ot_network_get_n_vertices (all), >, n);
  for (guint v = 0; v < n; v++)
    {
      gint now = ot_network_find_uid (all, ot_network_get_vertex (some, v)->uid);
      double x, y;

      g_assert_cmpint (now, >=, 0);
      g_assert_true (ot_chart_get_node_position (chart, now, &x, &y));
      g_assert_cmpfloat (x, ==, before[v].x);
      g_assert_cmpfloat (y, ==, before[v].y);
    }
}

/* The other projection gets its own layout, the same as a chart that
 * never showed the first one. */
static void
test_positions_of_projections (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_NETWORK);
  g_autoptr(OtChart) fresh = ot_chart_new ();
  g_autoptr(OtDataset) dataset = load_samples ();
  g_autoptr(OtNetwork) countries = NULL;

  ot_chart_set_countries_projection (chart, TRUE);
  ot_test_chart_update (chart);
  countries = ot_chart_get_network (chart);
  ot_chart_set_dataset (fresh, dataset);
  ot_chart_set_countries_projection (fresh, TRUE);
  ot_test_chart_update (fresh);
  g_assert_cmpuint (ot_network_get_n_vertices (countries), >=, 10);
  for (guint v = 0; v < ot_network_get_n_vertices (countries); v++)
    {
      double x, y, fx, fy;

      g_assert_true (ot_chart_get_node_position (chart, v, &x, &y));
      g_assert_true (ot_chart_get_node_position (fresh, v, &fx, &fy));
      g_assert_cmpfloat (x, ==, fx);
      g_assert_cmpfloat (y, ==, fy);
    }
}

/* Incidents and descriptions behind marks. */
static void
test_incidents_and_descriptions (void)
{
  g_autoptr(OtChart) chart = demo_chart (OT_VIEW_NETWORK);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  gint cn = vertex (chart, "country:CN"), th = vertex (chart, "hub:TH:laem chabang");
  g_autoptr(GArray) at_th = ot_chart_get_incidents_for (chart, OT_HIT_NODE, th);
  g_autofree char *text = ot_chart_describe (chart, OT_HIT_NODE, cn);
  g_autofree char *none = ot_chart_describe (chart, OT_HIT_NONE, 0);
  OtDataset *dataset = ot_chart_get_dataset (chart);

  /* ILL-0001, ILL-0004, ILL-0009 and ILL-0011 go through Laem Chabang. */
  g_assert_cmpuint (at_th->len, ==, 4);
  for (guint k = 0; k < at_th->len; k++)
    g_assert_true (g_str_has_prefix (ot_dataset_get_incident (dataset, g_array_index (at_th, guint, k))->id,
                                     "ILL-"));
  g_assert_nonnull (strstr (text, "China"));
  g_assert_nonnull (strstr (text, "incidents"));
  g_assert_null (none);

  /* The flow view: a band's incidents all share its two places. */
  ot_chart_set_view (chart, OT_VIEW_FLOW);
  ot_test_chart_update (chart);
  {
    g_autoptr(GArray) band = ot_chart_get_incidents_for (chart, OT_HIT_BAND, 0);
    g_autofree char *band_text = ot_chart_describe (chart, OT_HIT_BAND, 0);

    g_assert_cmpuint (band->len, >, 0);
    g_assert_nonnull (strstr (band_text, "→"));
  }
  (void) network;
}

/* Dragging a vertex moves it and nothing else, without a new layout. */
static void
test_move_vertex (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_NETWORK);
  g_autoptr(OtNetwork) before = ot_chart_get_network (chart);
  g_autoptr(OtNetwork) after = NULL;
  gint cn = vertex (chart, "country:CN"), us = vertex (chart, "country:US");
  double x, y, ux0, uy0, ux1, uy1;

  g_assert_true (ot_chart_get_node_position (chart, us, &ux0, &uy0));
  ot_chart_move_vertex (chart, cn, 123.5, -42.25);
  g_assert_true (ot_chart_is_stale (chart));
  ot_test_chart_update (chart);
  after = ot_chart_get_network (chart);
  g_assert_true (after == before);
  g_assert_true (ot_chart_get_node_position (chart, cn, &x, &y));
  g_assert_cmpfloat (x, ==, 123.5);
  g_assert_cmpfloat (y, ==, -42.25);
  g_assert_true (ot_chart_get_node_position (chart, us, &ux1, &uy1));
  g_assert_cmpfloat (ux1, ==, ux0);
  g_assert_cmpfloat (uy1, ==, uy0);
  /* Not in other views, and not to nowhere. */
  ot_chart_move_vertex (chart, cn, NAN, 0);
  g_assert_true (ot_chart_get_node_position (chart, cn, &x, &y));
  g_assert_cmpfloat (x, ==, 123.5);
}

/* What a view offers comes from its class, and the chart obeys it: only
 * a view with a free layout moves a dragged vertex, only a view that
 * projects names the projection in its subtitle, only views whose marks
 * are the network's have a vertex's facts. */
static void
test_view_capabilities (void)
{
  for (OtViewKind view = 0; view < OT_N_VIEWS; view++)
    {
      g_autoptr(OtChart) chart = sample_chart (view);
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
      OtViewCapabilities caps = ot_view_kind_get_capabilities (view);
      const char *subtitle = scene->subtitle;
      g_autoptr(GVariant) details = NULL;

      g_test_message ("%s: capabilities %#x, subtitle \"%s\"", ot_view_kind_name (view), caps, subtitle);
      g_assert_cmpint (!!(caps & OT_VIEW_CAP_FREE_LAYOUT), ==, view == OT_VIEW_NETWORK);
      g_assert_cmpint (!!(caps & OT_VIEW_CAP_PROJECTION), ==, view != OT_VIEW_FLOW);
      g_assert_cmpint (!!(caps & OT_VIEW_CAP_NETWORK_MARKS), ==, view != OT_VIEW_FLOW);

      g_assert_cmpint (strstr (subtitle, "ports and companies") != NULL, ==,
                       (caps & OT_VIEW_CAP_PROJECTION) != 0);
      ot_chart_move_vertex (chart, vertex (chart, "country:CN"), 10, 10);
      g_assert_cmpint (ot_chart_is_stale (chart), ==, (caps & OT_VIEW_CAP_FREE_LAYOUT) != 0);
    }
}

/* Map markers: a seizure where it happened, with its records. */
static void
test_map_markers (void)
{
  g_autoptr(OtChart) chart = demo_chart (OT_VIEW_MAP);
  OtDataset *dataset = ot_chart_get_dataset (chart);
  gboolean found = FALSE;

  for (guint id = 0; id < 100 && !found; id++)
    {
      g_autofree char *text = ot_chart_describe (chart, OT_HIT_MARKER, id);
      g_autoptr(GArray) incidents = NULL;

      if (text == NULL || !g_str_has_prefix (text, "Seizure or arrest at Laem Chabang"))
        continue;
      found = TRUE;
      incidents = ot_chart_get_incidents_for (chart, OT_HIT_MARKER, id);
      /* ILL-0009: charged at Laem Chabang. */
      g_assert_cmpuint (incidents->len, ==, 1);
      g_assert_cmpstr (ot_dataset_get_incident (dataset, g_array_index (incidents, guint, 0))->id,
                       ==, "ILL-0009");
    }
  g_assert_true (found);
}

/* The caption says what is shown. */
static void
test_caption (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_MAP);
  g_autoptr(OtFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  const char *minerals[] = { "gallium", NULL };
  g_autoptr(OtScene) scene = NULL;

  filter = ot_filter_new_from_strings (minerals, NULL, "2024", "2025", &error);
  g_assert_no_error (error);
  ot_chart_set_filter (chart, filter);
  ot_chart_set_title (chart, "Gallium");
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  g_assert_cmpstr (ot_scene_get_title (scene), ==, "Gallium");
}

/* The subtitle's period, when the filter sets none, is the years of the
 * included incidents' dates, worked out here from the incidents. */
static void
test_caption_period (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_NETWORK);
  OtDataset *dataset = ot_chart_get_dataset (chart);
  const char *minerals[] = { NULL, "gallium", "tungsten", NULL };

  for (guint k = 0; k < 3; k++)
    {
      const char *one[] = { minerals[k], NULL };
      g_autoptr(OtFilter) filter = NULL;
      g_autoptr(OtScene) scene = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;
      int y0 = G_MAXINT, y1 = G_MININT;

      filter = ot_filter_new_from_strings (minerals[k] != NULL ? one : NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
        {
          const OtIncident *incident = ot_dataset_get_incident (dataset, i);

          if (incident->date.precision != OT_DATE_NONE && ot_filter_matches (filter, incident))
            {
              y0 = MIN (y0, incident->date.year);
              y1 = MAX (y1, incident->date.year);
            }
        }
      g_assert_cmpint (y0, <=, y1);
      expected = y0 == y1 ? g_strdup_printf ("%d · ", y0) : g_strdup_printf ("%d – %d · ", y0, y1);
      ot_chart_set_filter (chart, filter);
      ot_test_chart_update (chart);
      scene = ot_chart_get_scene (chart);
      g_test_message ("%s", scene->subtitle);
      g_assert_true (g_str_has_prefix (scene->subtitle, expected));
    }
}

/* Pixels of @scene's default drawing, fitted on a W x H page, that differ
 * from the background within 40 px above and below the plot's middle. */
static guint
ink_mid_plot (OtScene *scene)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create (surface);
  const OtTheme *theme = ot_scene_get_theme (scene);
  OtViewport vp;
  OtRect plot;
  const guint8 *data;
  int stride, y0, y1;
  guint n = 0;

  ot_render_fit (scene, NULL, W, H, &vp);
  ot_render_plot_area (scene, NULL, W, H, &plot);
  ot_render_scene (cr, scene, &vp, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  y0 = (int) ((plot.y0 + plot.y1) / 2) - 40;
  y1 = y0 + 80;
  for (int y = y0; y < y1; y++)
    for (int x = (int) plot.x0 + 1; x < (int) plot.x1 - 1; x++)
      {
        const guint8 *p = data + y * stride + 4 * x;

        if (fabs (p[2] / 255.0 - theme->background.r) + fabs (p[1] / 255.0 - theme->background.g) +
            fabs (p[0] / 255.0 - theme->background.b) > 0.1)
          n++;
      }
  cairo_surface_destroy (surface);
  return n;
}

/* A filter nothing passes (the minerals' "None") says so plainly in the
 * subtitle, with the filter, never with an empty part ("· ·"), and in the
 * middle of the plot; a filter with matches has no such message. */
static void
test_caption_empty_match (void)
{
  for (OtViewKind view = 0; view < OT_N_VIEWS; view++)
    {
      g_autoptr(OtChart) chart = sample_chart (view);
      g_autoptr(OtFilter) none = ot_filter_new ();
      g_autoptr(OtFilter) gallium = NULL;
      g_autoptr(OtScene) scene = NULL;
      g_autoptr(OtScene) gallium_scene = NULL;
      g_autoptr(GError) error = NULL;
      const char *minerals[] = { "gallium", NULL };

      ot_filter_set_mineral (none, OT_FILTER_MINERAL_NOTHING, TRUE);
      ot_chart_set_filter (chart, none);
      ot_test_chart_update (chart);
      scene = ot_chart_get_scene (chart);
      g_test_message ("%s: %s", ot_view_kind_name (view), scene->subtitle);
      g_assert_true (g_str_has_prefix (scene->subtitle, "No incident matches the filter: No mineral"));
      g_assert_nonnull (strstr (scene->subtitle, "0 of 60 incidents"));
      g_assert_null (strstr (scene->subtitle, "· ·"));
      g_assert_null (strstr (scene->subtitle, "no dated incidents"));
      g_assert_cmpstr (ot_scene_get_empty_message (scene), ==, "No incident matches the filter");
      g_assert_cmpuint (ot_scene_get_n_edges (scene), ==, 0);
      g_assert_cmpuint (scene->legend->len, ==, 0);
      /* The message is drawn: a panel and text in the plot's middle. */
      g_assert_cmpuint (ink_mid_plot (scene), >, 2000);

      /* Nothing matches in 1990 either: the period is named. */
      gallium = ot_filter_new_from_strings (minerals, NULL, "1990", "1990", &error);
      g_assert_no_error (error);
      ot_chart_set_filter (chart, gallium);
      ot_test_chart_update (chart);
      g_clear_pointer (&scene, ot_scene_unref);
      scene = ot_chart_get_scene (chart);
      g_assert_nonnull (strstr (scene->subtitle, "Gallium"));
      g_assert_nonnull (strstr (scene->subtitle, "1990"));
      g_assert_null (strstr (scene->subtitle, "· ·"));

      /* Gallium at any time matches: the usual subtitle, no message. */
      g_clear_pointer (&gallium, ot_filter_free);
      gallium = ot_filter_new_from_strings (minerals, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      ot_chart_set_filter (chart, gallium);
      ot_test_chart_update (chart);
      gallium_scene = ot_chart_get_scene (chart);
      g_assert_null (ot_scene_get_empty_message (gallium_scene));
      g_assert_false (g_str_has_prefix (gallium_scene->subtitle, "No incident"));
      g_assert_null (strstr (gallium_scene->subtitle, "· ·"));
    }
}

/* A scene without marks draws nothing in its plot unless it has a
 * message; the message is centred in the plot. */
static void
test_empty_message_drawn (void)
{
  g_autoptr(OtScene) blank = ot_scene_new (ot_theme_light ());
  g_autoptr(OtScene) message = ot_scene_new (ot_theme_dark ());

  ot_scene_set_title (blank, "Title");
  ot_scene_finish (blank);
  g_assert_cmpuint (ink_mid_plot (blank), ==, 0);

  ot_scene_set_title (message, "Title");
  ot_scene_set_empty_message (message, "No incident matches the filter");
  ot_scene_finish (message);
  g_assert_cmpuint (ink_mid_plot (message), >, 2000);
}

/* Generated and made-up records say so on the chart; real ones do not. */
static void
test_caption_illustrative (void)
{
  g_autoptr(OtChart) real = sample_chart (OT_VIEW_NETWORK);
  g_autoptr(OtScene) real_scene = ot_chart_get_scene (real);
  g_autoptr(OtChart) demo = demo_chart (OT_VIEW_NETWORK);
  g_autoptr(OtScene) demo_scene = ot_chart_get_scene (demo);
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, 300, OT_FORMAT_CSV);
  g_autoptr(OtDataset) generated = ot_dataset_new ();
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  static const char real_csv[] =
    "id,date,mineral,quantity,unit,origin,destination,status,source\n"
    "R-1,2024-05-01,antimony,120,kg,CN,TH,seized,Customs press release\n";
  g_autoptr(OtDataset) real_only = ot_dataset_new ();
  g_autoptr(OtChart) real_chart = ot_chart_new ();
  g_autoptr(OtScene) real_only_scene = NULL;

  /* The bundled sample holds researched records only; the demo file
   * made-up ones, which its name and the chart both say. */
  g_assert_cmpstr (ot_scene_get_source (real_scene), ==, "Source: 60 incidents from incidents.csv");
  g_assert_cmpstr (ot_scene_get_source (demo_scene), ==,
                   "Source: 25 incidents from illustrative-demo.csv · "
                   "25 of them illustrative or generated, not real events");

  g_assert_true (ot_loader_load_data (real_only, "real.csv", real_csv, sizeof real_csv - 1,
                                      NULL, NULL));
  g_assert_cmpuint (ot_dataset_get_n_incidents (real_only), ==, 1);
  ot_chart_set_dataset (real_chart, real_only);
  g_assert_true (ot_chart_update (real_chart, NULL, &error));
  real_only_scene = ot_chart_get_scene (real_chart);
  g_assert_null (strstr (ot_scene_get_source (real_only_scene), "illustrative"));

  g_assert_true (ot_loader_load_data (generated, "gen.csv", data, size, NULL, NULL));
  ot_chart_set_dataset (chart, generated);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  scene = ot_chart_get_scene (chart);
  g_assert_nonnull (strstr (ot_scene_get_source (scene),
                            "300 of them illustrative or generated, not real events"));
}

static double
heaviest_edge (OtNetwork *network)
{
  double max = 0;

  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    max = MAX (max, ot_network_get_edge (network, e)->kg);
  return max;
}

/* Play: with a width period, every frame's widths use the heaviest flow
 * over that whole period, whatever the frame's own period; without one,
 * the frame's own heaviest flow. */
static void
test_width_period (void)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_MAP);
  g_autoptr(OtNetwork) all = ot_chart_get_network (chart);
  g_autoptr(OtFilter) whole = ot_filter_new ();
  g_autoptr(OtFilter) frame = ot_filter_new ();
  g_autoptr(OtNetwork) whole_network = NULL;
  guint32 from = ot_month_first_day (2023 * 12), to = ot_month_last_day (2025 * 12 + 11);
  double reference, frame_max[4];

  ot_filter_set_period (whole, from, to);
  whole_network = ot_network_refilter (all, whole);
  reference = heaviest_edge (whole_network);
  g_assert_cmpfloat (reference, >, 0);

  ot_chart_set_width_period (chart, from, to);
  for (guint k = 0; k < G_N_ELEMENTS (frame_max); k++)
    {
      g_autoptr(OtNetwork) shown = NULL;
      int month = 2023 * 12 + 9 * k;

      ot_filter_set_period (frame, ot_month_first_day (month), ot_month_last_day (month + 2));
      ot_chart_set_filter (chart, frame);
      ot_test_chart_update (chart);
      shown = ot_chart_get_network (chart);
      frame_max[k] = heaviest_edge (shown);
      g_assert_cmpfloat (frame_max[k], <=, reference);
      g_assert_cmpfloat (ot_chart_get_width_reference (chart), ==, reference);
    }
  /* The frames differ, so a per-frame scale would have moved. */
  g_assert_cmpfloat (MIN (MIN (frame_max[0], frame_max[1]), MIN (frame_max[2], frame_max[3])), <,
                     reference);

  /* Stopped: back to the scale of the flows on screen. */
  ot_chart_set_width_period (chart, 0, 0);
  ot_test_chart_update (chart);
  g_assert_cmpfloat (ot_chart_get_width_reference (chart), ==, frame_max[3]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/view-names", test_view_names);
  g_test_add_func ("/chart/every-view", test_every_view);
  g_test_add_func ("/chart/view-capabilities", test_view_capabilities);
  g_test_add_func ("/chart/rebuilds-only-what-is-stale", test_rebuilds_only_what_is_stale);
  g_test_add_func ("/chart/cancel-keeps-scene", test_cancel_keeps_scene);
  g_test_add_func ("/chart/hit-vertex-and-edge", test_hit_vertex_and_edge);
  g_test_add_func ("/chart/selection-fades-the-rest", test_selection_fades_the_rest);
  g_test_add_func ("/chart/pick-incidents", test_pick_incidents);
  g_test_add_func ("/chart/positions-stable-across-filters", test_positions_stable_across_filters);
  g_test_add_func ("/chart/positions-stable-when-widening", test_positions_stable_when_widening);
  g_test_add_func ("/chart/positions-of-projections", test_positions_of_projections);
  g_test_add_func ("/chart/incidents-and-descriptions", test_incidents_and_descriptions);
  g_test_add_func ("/chart/caption", test_caption);
  g_test_add_func ("/chart/caption-period", test_caption_period);
  g_test_add_func ("/chart/caption-illustrative", test_caption_illustrative);
  g_test_add_func ("/chart/caption-empty-match", test_caption_empty_match);
  g_test_add_func ("/chart/empty-message-drawn", test_empty_message_drawn);
  g_test_add_func ("/chart/move-vertex", test_move_vertex);
  g_test_add_func ("/chart/map-markers", test_map_markers);
  g_test_add_func ("/chart/width-period", test_width_period);

  return g_test_run ();
}
