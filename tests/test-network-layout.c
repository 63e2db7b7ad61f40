/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network view's layout: the helpers of ot-layout-network.c on hand
 * examples, then the view on generated sets: the same data gives the same
 * positions whatever was filtered before, the vertices use the plot, the
 * backbone keeps the heaviest flows and the biggest places, Re-layout. */
#include <math.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-generator.h"
#include "ot-layout-force.h"
#include "ot-layout-network.h"
#include "ot-render.h"
#include "ot-scene-private.h"
#include "ot-test-load.h"
#include "ot-test-chart.h"

#define EXPORT_W 1600
#define EXPORT_H 1000

/* ---- helpers on hand examples -------------------------------------------- */

static void
test_components (void)
{
  /* 0-1-2 a path, 3 alone, 4-5 a pair, 6-2 joins the path. */
  static const guint pairs[] = { 1, 0, 2, 1, 5, 4, 6, 2 };
  guint component[7];
  guint n = ot_layout_components (7, pairs, 4, component);
  static const guint expected[] = { 0, 0, 0, 1, 2, 2, 0 };

  g_assert_cmpuint (n, ==, 3);
  for (guint v = 0; v < 7; v++)
    g_assert_cmpuint (component[v], ==, expected[v]);
  /* A pair naming a vertex that does not exist is ignored. */
  {
    static const guint bad[] = { 0, 9 };

    g_assert_cmpuint (ot_layout_components (2, bad, 1, component), ==, 2);
  }
}

static void
test_spread (void)
{
  /* Four vertices near each other and one far out on x. */
  double xy[] = { 0, 0, 1, 3, 2, 1, 3, 2, 1000, 4 };

  ot_layout_spread (xy, NULL, 5, 0.5);
  /* The extremes on 0 and 1, the order kept. */
  g_assert_cmpfloat (xy[0], ==, 0);
  g_assert_cmpfloat (xy[8], ==, 1);
  g_assert_cmpfloat (xy[1], ==, 0);
  g_assert_cmpfloat (xy[9], ==, 1);
  g_assert_cmpfloat (xy[0], <, xy[2]);
  g_assert_cmpfloat (xy[2], <, xy[4]);
  g_assert_cmpfloat (xy[4], <, xy[6]);
  /* The near ones are no longer squeezed into 0.3 % of the width: the
   * third of five is half the rank (0.5) and nearly nothing linearly. */
  g_assert_cmpfloat_with_epsilon (xy[6], 0.5 * 0.75 + 0.5 * 0.003, 1e-9);

  /* Weights: a heavy vertex gets a wider slice. */
  {
    double line[] = { 0, 0, 1, 0, 2, 0 };
    static const double w[] = { 1, 4, 1 };

    ot_layout_spread (line, w, 3, 1.0);
    g_assert_cmpfloat_with_epsilon (line[2], 0.5, 1e-12);
    g_assert_cmpfloat_with_epsilon (line[0], 0, 1e-12);
    g_assert_cmpfloat_with_epsilon (line[4], 1, 1e-12);
  }
  /* One vertex, and not finite input. */
  {
    double one[] = { NAN, 7 };
    double odd[] = { NAN, 1, 2, INFINITY, 3, 0 };

    ot_layout_spread (one, NULL, 1, 0.5);
    g_assert_cmpfloat (one[0], ==, 0.5);
    ot_layout_spread (odd, NULL, 3, 0.5);
    for (guint k = 0; k < 6; k++)
      g_assert_true (isfinite (odd[k]) && odd[k] >= 0 && odd[k] <= 1);
  }
}

static void
test_spread_radially (void)
{
  /* A tight core of four around the origin and four far out. */
  double xy[] = { 1, 0, -1, 0, 0, 1, 0, -1, 100, 0, -100, 0, 0, 100, 0, -100 };
  double core_before = 1, core_after;

  ot_layout_spread_radially (xy, NULL, 8, 1.0);
  core_after = hypot (xy[0], xy[1]);
  /* Even density: a disc holding half of the first vertex's area of the
   * eight, so sqrt (1/16) of the radius. */
  g_assert_cmpfloat_with_epsilon (core_after, 100 * sqrt (1.0 / 16), 1e-9);
  g_assert_cmpfloat (core_after, >, 10 * core_before);
  /* Directions are kept; the last (ties go by index) nearly where it
   * was, holding all but half its own area inside. */
  g_assert_cmpfloat (xy[1], ==, 0);
  g_assert_cmpfloat (xy[14], ==, 0);
  g_assert_cmpfloat_with_epsilon (xy[15], -100 * sqrt (7.5 / 8), 1e-9);
}

static void
test_pack (void)
{
  OtLayoutBox boxes[] = { { 16, 10 }, { 3, 3 }, { 3, 2 }, { 2, 2 }, { 1, 1 }, { 1, 1 }, { 5, 1 } };
  guint n = G_N_ELEMENTS (boxes);
  double width, height, area = 0;

  ot_layout_pack_boxes (boxes, n, 1.6, &width, &height);
  for (guint i = 0; i < n; i++)
    {
      area += boxes[i].w * boxes[i].h;
      g_assert_cmpfloat (boxes[i].x, >=, 0);
      g_assert_cmpfloat (boxes[i].y, >=, 0);
      g_assert_cmpfloat (boxes[i].x + boxes[i].w, <=, width + 1e-9);
      g_assert_cmpfloat (boxes[i].y + boxes[i].h, <=, height + 1e-9);
      for (guint j = 0; j < i; j++)
        {
          gboolean apart = boxes[i].x >= boxes[j].x + boxes[j].w - 1e-9 ||
                           boxes[j].x >= boxes[i].x + boxes[i].w - 1e-9 ||
                           boxes[i].y >= boxes[j].y + boxes[j].h - 1e-9 ||
                           boxes[j].y >= boxes[i].y + boxes[i].h - 1e-9;

          g_assert_true (apart);
        }
    }
  /* The big box first at the corner, the packing not wasteful. */
  g_assert_cmpfloat (boxes[0].x, ==, 0);
  g_assert_cmpfloat (boxes[0].y, ==, 0);
  g_test_message ("packed %u boxes of area %.0f into %.1f x %.1f", n, area, width, height);
  g_assert_cmpfloat (width * height, <, 1.6 * area);

  /* Nothing, and nonsense sizes, do not crash. */
  ot_layout_pack_boxes (NULL, 0, 1.6, &width, &height);
  g_assert_cmpfloat (height, ==, 0);
  {
    OtLayoutBox odd[] = { { NAN, 1 }, { -1, INFINITY }, { 1, 1 } };

    ot_layout_pack_boxes (odd, 3, NAN, &width, &height);
    g_assert_true (isfinite (width) && isfinite (height));
  }
}

static void
test_disparity (void)
{
  /* 0 sends 10, 1, 1, 1 to 1, 2, 3, 4; 5 sends 1 to 1 only. */
  static const guint pairs[] = { 0, 1, 0, 2, 0, 3, 0, 4, 5, 1 };
  static const double weights[] = { 10, 1, 1, 1, 1 };
  double alpha[5];

  ot_layout_disparity (6, pairs, weights, 5, alpha);
  /* 0 -> 1 from 0's side: (1 - 10/13)^3; from 1's side: (1 - 10/11)^1. */
  g_assert_cmpfloat_with_epsilon (alpha[0], pow (3.0 / 13, 3), 1e-12);
  g_assert_cmpfloat_with_epsilon (alpha[1], pow (12.0 / 13, 3), 1e-12);
  /* 5 -> 1: 5 has one link (cannot judge), 1 gets 1 of 11 over 2 links. */
  g_assert_cmpfloat_with_epsilon (alpha[4], 10.0 / 11, 1e-12);
  g_assert_cmpfloat (alpha[0], <, 0.05);
  g_assert_cmpfloat (alpha[1], >, 0.05);

  /* Bad weights and vertices give 1, never a crash. */
  {
    static const guint odd[] = { 0, 1, 0, 7, 0, 2 };
    static const double w[] = { NAN, 5, -1 };

    ot_layout_disparity (3, odd, w, 3, alpha);
    for (guint k = 0; k < 3; k++)
      g_assert_cmpfloat (alpha[k], ==, 1);
  }
}

/* ---- the view on generated data ------------------------------------------- */

static OtDataset *
generated (guint count)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, count, OT_FORMAT_CSV);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return ot_test_load_len ("generated.csv", data, size);
}

static OtFilter *
mineral_filter (const char *name)
{
  OtFilter *filter = ot_filter_new ();
  OtMineral m;

  g_assert_true (ot_mineral_parse (name, &m));
  ot_filter_set_mineral (filter, m, TRUE);
  return filter;
}

/* Every drawn vertex of @a at the same place in @b, by key. */
static guint
assert_same_positions (OtChart *a,
                       OtChart *b)
{
  g_autoptr(OtNetwork) na = ot_chart_get_network (a);
  g_autoptr(OtNetwork) nb = ot_chart_get_network (b);
  guint n = 0;

  for (guint v = 0; v < ot_network_get_n_vertices (na); v++)
    {
      gint w = ot_network_find_vertex (nb, ot_network_get_vertex (na, v)->key);
      double ax, ay, bx, by;

      g_assert_cmpint (w, >=, 0);
      g_assert_true (ot_chart_get_node_position (a, v, &ax, &ay));
      g_assert_true (ot_chart_get_node_position (b, w, &bx, &by));
      g_assert_cmpfloat (ax, ==, bx);
      g_assert_cmpfloat (ay, ==, by);
      n++;
    }
  return n;
}

/* Same data, twice; and after other filters: identical positions. */
static void
test_deterministic (void)
{
  g_autoptr(OtDataset) dataset = generated (1000);
  g_autoptr(OtDataset) again = generated (1000);
  g_autoptr(OtChart) first = ot_test_network_chart (dataset);
  g_autoptr(OtChart) second = ot_test_network_chart (again);
  g_autoptr(OtChart) wandering = ot_test_network_chart (dataset);
  g_autoptr(OtChart) direct = ot_test_network_chart (dataset);
  g_autoptr(OtFilter) gallium = mineral_filter ("gallium");
  g_autoptr(OtFilter) antimony = mineral_filter ("antimony");
  g_autoptr(OtFilter) confirmed = ot_filter_new ();
  guint n;

  ot_test_chart_update (first);
  ot_test_chart_update (second);
  n = assert_same_positions (first, second);
  g_assert_cmpuint (n, >, 100);

  /* One chart goes through two other filters (and the other projection)
   * before antimony; the other shows antimony straight away. */
  ot_filter_set_status (confirmed, OT_STATUS_SEIZED, TRUE);
  ot_chart_set_filter (wandering, gallium);
  ot_test_chart_update (wandering);
  ot_chart_set_countries_projection (wandering, TRUE);
  ot_test_chart_update (wandering);
  ot_chart_set_countries_projection (wandering, FALSE);
  ot_chart_set_filter (wandering, confirmed);
  ot_test_chart_update (wandering);
  ot_chart_set_filter (wandering, antimony);
  ot_test_chart_update (wandering);
  ot_chart_set_filter (direct, antimony);
  ot_test_chart_update (direct);
  n = assert_same_positions (wandering, direct);
  g_test_message ("%u antimony vertices at the same places", n);
  g_assert_cmpuint (n, >, 20);
  /* And where the whole data puts them: filtering moves nothing. */
  assert_same_positions (direct, first);
}

/* Re-layout gives another picture; the same number of them on the same
 * data gives the same one. */
static void
test_relayout (void)
{
  g_autoptr(OtDataset) dataset = generated (300);
  g_autoptr(OtChart) a = ot_test_network_chart (dataset);
  g_autoptr(OtChart) b = ot_test_network_chart (dataset);
  g_autoptr(OtChart) plain = ot_test_network_chart (dataset);
  g_autoptr(OtNetwork) network = NULL;
  double moved = 0;

  ot_test_chart_update (a);
  ot_test_chart_update (plain);
  g_assert_false (ot_chart_is_stale (a));
  ot_chart_relayout (a);
  g_assert_true (ot_chart_is_stale (a));
  ot_test_chart_update (a);
  ot_chart_relayout (b);
  ot_test_chart_update (b);
  assert_same_positions (a, b);

  network = ot_chart_get_network (a);
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      double ax, ay, px, py;

      g_assert_true (ot_chart_get_node_position (a, v, &ax, &ay));
      g_assert_true (ot_chart_get_node_position (plain, v, &px, &py));
      moved += hypot (ax - px, ay - py);
    }
  g_test_message ("mean move after Re-layout: %.0f", moved / ot_network_get_n_vertices (network));
  g_assert_cmpfloat (moved / ot_network_get_n_vertices (network), >, 10);
}

/* The vertices span at least 80 % of both dimensions of the plot of a
 * 1600 x 1000 export. */
static void
check_canvas_use (guint count)
{
  g_autoptr(OtDataset) dataset = generated (count);
  g_autoptr(OtChart) chart = ot_test_network_chart (dataset);
  g_autoptr(OtScene) scene = NULL;
  g_autoptr(OtNetwork) network = NULL;
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double share_x, share_y;
  OtViewport vp;
  OtRect plot;

  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  network = ot_chart_get_network (chart);
  ot_render_plot_area (scene, NULL, EXPORT_W, EXPORT_H, &plot);
  ot_render_fit (scene, NULL, EXPORT_W, EXPORT_H, &vp);
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      double wx, wy, px, py;

      g_assert_true (ot_chart_get_node_position (chart, v, &wx, &wy));
      ot_viewport_to_page (&vp, wx, wy, &px, &py);
      x0 = MIN (x0, px);
      x1 = MAX (x1, px);
      y0 = MIN (y0, py);
      y1 = MAX (y1, py);
    }
  share_x = (x1 - x0) / (plot.x1 - plot.x0);
  share_y = (y1 - y0) / (plot.y1 - plot.y0);
  g_test_message ("%u incidents: vertices span %.0f %% of the plot's width, %.0f %% of its "
                  "height (plot %.0f x %.0f)", count, 100 * share_x, 100 * share_y,
                  plot.x1 - plot.x0, plot.y1 - plot.y0);
  g_assert_cmpfloat (share_x, >=, 0.8);
  g_assert_cmpfloat (share_y, >=, 0.8);
}

static void
test_canvas_1000 (void)
{
  check_canvas_use (1000);
}

static void
test_canvas_10000 (void)
{
  check_canvas_use (10000);
}

static void
test_canvas_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "incidents.csv", NULL);
  g_autofree char *text = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(OtChart) chart = NULL;
  g_autoptr(OtNetwork) network = NULL;
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE;
  OtRect plot;
  OtViewport vp;
  g_autoptr(OtScene) scene = NULL;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  dataset = ot_test_load_len ("incidents.csv", text, length);
  chart = ot_test_network_chart (dataset);
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  network = ot_chart_get_network (chart);
  ot_render_plot_area (scene, NULL, EXPORT_W, EXPORT_H, &plot);
  ot_render_fit (scene, NULL, EXPORT_W, EXPORT_H, &vp);
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      double wx, wy, px, py;

      g_assert_true (ot_chart_get_node_position (chart, v, &wx, &wy));
      ot_viewport_to_page (&vp, wx, wy, &px, &py);
      x0 = MIN (x0, px);
      x1 = MAX (x1, px);
    }
  g_test_message ("sample: vertices span %.0f %% of the plot's width",
                  100 * (x1 - x0) / (plot.x1 - plot.x0));
  g_assert_cmpfloat ((x1 - x0) / (plot.x1 - plot.x0), >=, 0.8);
}

typedef struct {
  guint  from, to;
  double kg;
} Pair;

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *pa = a, *pb = b;

  return pa->kg < pb->kg ? 1 : pa->kg > pb->kg ? -1 : 0;
}

/* At 10,000 incidents: few pairs drawn, among them the ten heaviest, and
 * every one of the ten biggest places has a drawn flow and a label rank
 * among the first; selecting a place draws all of its flows. */
static void
test_backbone (void)
{
  g_autoptr(OtDataset) dataset = generated (10000);
  g_autoptr(OtChart) chart = ot_test_network_chart (dataset);
  g_autoptr(OtScene) scene = NULL;
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autoptr(GHashTable) drawn_pairs = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree gboolean *touched = NULL;
  g_autofree guint *label_rank = NULL;
  g_autofree guint *by_kg = NULL;
  guint nv, ne, n_drawn_edges = 0, biggest;

  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  network = ot_chart_get_network (chart);
  nv = ot_network_get_n_vertices (network);
  ne = ot_network_get_n_edges (network);

  /* Ordered pairs of places with their kg. */
  for (guint e = 0; e < ne; e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      Pair *last = pairs->len ? &g_array_index (pairs, Pair, pairs->len - 1) : NULL;

      if (last && last->from == edge->from && last->to == edge->to)
        last->kg += edge->kg;
      else
        g_array_append_val (pairs, ((Pair) { edge->from, edge->to, edge->kg }));
    }
  touched = g_new0 (gboolean, nv);
  for (guint k = 0; k < scene->edges->len; k++)
    {
      const OtEdgeItem *item = &g_array_index (scene->edges, OtEdgeItem, k);
      const OtEdge *edge = ot_network_get_edge (network, item->id);

      /* Every flow is in the scene; the backbone ranks first (its
       * importance is raised by 1e7, ot-view-network.c). */
      if (item->importance < 1e7)
        continue;
      g_hash_table_add (drawn_pairs, GUINT_TO_POINTER (edge->from * nv + edge->to + 1));
      touched[edge->from] = touched[edge->to] = TRUE;
      n_drawn_edges++;
    }
  g_test_message ("%u of %u pairs of places drawn (%u of %u edges)",
                  g_hash_table_size (drawn_pairs), pairs->len, n_drawn_edges, ne);
  g_assert_cmpuint (pairs->len, >, 1000);
  g_assert_cmpuint (g_hash_table_size (drawn_pairs), <=, 200);
  g_assert_cmpuint (g_hash_table_size (drawn_pairs), >=, 50);

  g_array_sort (pairs, compare_pairs);
  for (guint k = 0; k < 10; k++)
    {
      const Pair *p = &g_array_index (pairs, Pair, k);

      g_assert_true (g_hash_table_contains (drawn_pairs, GUINT_TO_POINTER (p->from * nv + p->to + 1)));
    }

  /* The biggest places by kg: a drawn flow, and labelled early. */
  label_rank = g_new (guint, nv);
  for (guint r = 0; r < scene->n_labels; r++)
    label_rank[g_array_index (scene->nodes, OtNodeItem, scene->label_order[r]).id] = r;
  by_kg = g_new (guint, nv);
  for (guint v = 0; v < nv; v++)
    by_kg[v] = v;
  for (guint i = 0; i < 10; i++)
    for (guint j = i + 1; j < nv; j++)
      {
        const OtVertex *a = ot_network_get_vertex (network, by_kg[i]);
        const OtVertex *b = ot_network_get_vertex (network, by_kg[j]);

        if (MAX (b->kg_in, b->kg_out) > MAX (a->kg_in, a->kg_out))
          {
            guint t = by_kg[i];

            by_kg[i] = by_kg[j];
            by_kg[j] = t;
          }
      }
  for (guint i = 0; i < 10; i++)
    {
      const OtVertex *vx = ot_network_get_vertex (network, by_kg[i]);

      g_test_message ("%u. %s: label rank %u", i + 1, vx->label, label_rank[by_kg[i]]);
      g_assert_true (touched[by_kg[i]]);
      g_assert_cmpuint (label_rank[by_kg[i]], <, 20);
    }

  /* Selecting the biggest place draws every flow of it. */
  biggest = by_kg[0];
  ot_chart_select (chart, OT_HIT_NODE, biggest);
  ot_test_chart_update (chart);
  {
    g_autoptr(OtScene) selected = ot_chart_get_scene (chart);
    g_autoptr(GHashTable) its = g_hash_table_new (g_direct_hash, g_direct_equal);
    guint n_its = 0;

    /* One drawn flow per ordered pair of places: count its pairs. */
    for (guint e = 0; e < ot_network_get_n_edges (network); e++)
      {
        const OtEdge *edge = ot_network_get_edge (network, e);

        if ((edge->from == biggest || edge->to == biggest) && edge->from != edge->to)
          g_hash_table_add (its, GUINT_TO_POINTER (edge->from == biggest ? 2 * edge->to + 1
                                                                         : 2 * edge->from + 2));
      }
    for (guint k = 0; k < selected->edges->len; k++)
      {
        const OtEdgeItem *item = &g_array_index (selected->edges, OtEdgeItem, k);
        const OtEdge *edge = ot_network_get_edge (network, item->id);

        n_its += (edge->from == biggest || edge->to == biggest) && edge->from != edge->to;
      }
    g_test_message ("selected: %u of its %u flows drawn", n_its, g_hash_table_size (its));
    g_assert_cmpuint (n_its, ==, g_hash_table_size (its));
  }
}

/* ot_layout_force () on two communities of 60 vertices (each vertex linked
 * to six others of its own), a bridge between them and a chain of four
 * leaves off the first: finite, the same for the same seed, another for
 * another seed, the communities apart, no two vertices on top of each
 * other, the chain near its community, and laid out on several levels. */
#define COMMUNITY 60

static guint
two_communities (guint *pairs)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  guint n = 0;

  for (guint c = 0; c < 2; c++)
    for (guint v = 0; v < COMMUNITY; v++)
      for (guint k = 0; k < 6; k++)
        {
          pairs[2 * n] = c * COMMUNITY + v;
          pairs[2 * n + 1] = c * COMMUNITY + (guint) g_rand_int_range (rand, 0, COMMUNITY);
          n++;
        }
  pairs[2 * n] = 0, pairs[2 * n + 1] = COMMUNITY, n++;
  for (guint k = 0; k < 4; k++)
    {
      pairs[2 * n] = k == 0 ? 1 : 2 * COMMUNITY + k - 1;
      pairs[2 * n + 1] = 2 * COMMUNITY + k;
      n++;
    }
  return n;
}

static void
test_force (void)
{
  guint nv = 2 * COMMUNITY + 4, pairs[2 * (2 * COMMUNITY * 6 + 5)], np = two_communities (pairs);
  double xy[2 * (2 * COMMUNITY + 4)], again[2 * (2 * COMMUNITY + 4)], other[2 * (2 * COMMUNITY + 4)];
  double within = 0, between = 0, link = 0, closest = G_MAXDOUBLE, rms = 0, cx = 0, cy = 0;
  guint n_within = 0, n_between = 0;
  OtLayoutForceStats stats;

  ot_layout_force (nv, pairs, np, 7, xy);
  ot_layout_force_get_stats (&stats);
  ot_layout_force (nv, pairs, np, 7, again);
  ot_layout_force (nv, pairs, np, 8, other);
  g_assert_cmpmem (xy, sizeof xy, again, sizeof again);
  g_assert_true (memcmp (xy, other, sizeof xy) != 0);
  g_test_message ("%u levels, %u iterations at the finest", stats.levels, stats.finest_iterations);
  g_assert_cmpuint (stats.levels, >=, 2);

  for (guint v = 0; v < nv; v++)
    {
      g_assert_true (isfinite (xy[2 * v]) && isfinite (xy[2 * v + 1]));
      cx += xy[2 * v] / nv;
      cy += xy[2 * v + 1] / nv;
    }
  for (guint a = 0; a < 2 * COMMUNITY; a++)
    for (guint b = a + 1; b < 2 * COMMUNITY; b++)
      {
        double d = hypot (xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]);

        if (a / COMMUNITY == b / COMMUNITY)
          within += d, n_within++;
        else
          between += d, n_between++;
      }
  for (guint a = 0; a < nv; a++)
    for (guint b = a + 1; b < nv; b++)
      closest = MIN (closest, hypot (xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]));
  for (guint k = 0; k < np; k++)
    link += hypot (xy[2 * pairs[2 * k]] - xy[2 * pairs[2 * k + 1]],
                   xy[2 * pairs[2 * k] + 1] - xy[2 * pairs[2 * k + 1] + 1]) / np;
  for (guint v = 0; v < 2 * COMMUNITY; v++)
    rms += ((xy[2 * v] - cx) * (xy[2 * v] - cx) + (xy[2 * v + 1] - cy) * (xy[2 * v + 1] - cy)) /
           (2 * COMMUNITY);
  rms = sqrt (rms);
  g_test_message ("mean distance within communities %.2f, between %.2f; mean link %.2f, "
                  "closest pair %.3f; the chain's end %.2f from the centre (rms radius %.2f)",
                  within / n_within, between / n_between, link, closest,
                  hypot (xy[2 * (nv - 1)] - cx, xy[2 * (nv - 1) + 1] - cy), rms);
  g_assert_cmpfloat (within / n_within, <, 0.6 * between / n_between);
  g_assert_cmpfloat (closest, >, 0.02 * link);
  g_assert_cmpfloat (hypot (xy[2 * (nv - 1)] - cx, xy[2 * (nv - 1) + 1] - cy), <, 3 * rms);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/network-layout/components", test_components);
  g_test_add_func ("/network-layout/spread", test_spread);
  g_test_add_func ("/network-layout/spread-radially", test_spread_radially);
  g_test_add_func ("/network-layout/pack", test_pack);
  g_test_add_func ("/network-layout/disparity", test_disparity);
  g_test_add_func ("/network-layout/force", test_force);
  g_test_add_func ("/network-layout/deterministic", test_deterministic);
  g_test_add_func ("/network-layout/relayout", test_relayout);
  g_test_add_func ("/network-layout/canvas-sample", test_canvas_sample);
  g_test_add_func ("/network-layout/canvas-1000", test_canvas_1000);
  g_test_add_func ("/network-layout/canvas-10000", test_canvas_10000);
  g_test_add_func ("/network-layout/backbone", test_backbone);
  return g_test_run ();
}
