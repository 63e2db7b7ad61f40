/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-view-network.c: the network as a force-directed drawing.
 * The layout is made once per dataset, projection and seed, on the whole
 * data (every incident), and every filtered view takes its positions from
 * it: the same data gives the same picture whatever was filtered before,
 * and a filter moves nothing.  Components are laid out one by one and
 * packed into the page's shape.  Above BACKBONE_MIN_PAIRS pairs of
 * places only the backbone of flows is drawn; a selection shows the rest
 * of its flows.  See docs/views.md, "Network view". */
#include "ot-view-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot-layout-force.h"
#include "ot-layout-network.h"
#include "ot-numeric.h"

#define LAYOUT_SEED 20240601u
#define PAGE_ASPECT 1.45
#define BEND_BASE 0.12
#define BEND_STEP 0.04
/* Statistical flows bend less than the incidents' arcs: beside them, not
 * on them. */
#define TRADE_BEND 0.05
#define PAGE_HEIGHT 1000.0
/* PAGE_ASPECT x PAGE_HEIGHT: the drawing's box, world units, shaped like
 * the plot area of a 1600 x 1000 export once the legend is beside it. */
/* On each axis, the share of a vertex's position given by its rank. */
#define RANK_SHARE 0.5
/* How far the crowded core is opened up (ot_layout_spread_radially). */
#define RADIAL_SHARE 0.8
/* Chains are pulled in to this share of the median link. */
#define CHAIN_SHARE 0.8
/* A component with at least this share of the vertices takes the page's
 * shape. */
#define GIANT_SHARE 0.5
/* The backbone (docs/views.md). */
#define BACKBONE_MIN_PAIRS 150
#define BACKBONE_ALPHA 0.05
#define BACKBONE_MAX BACKBONE_MIN_PAIRS
#define BACKBONE_HEAVIEST 10
#define BACKBONE_BIG 20

typedef struct {
  OtViewLayout base;
  double       extent;       /* size of the drawing, world units */
  guint        seed;         /* of the layout of the whole data */
  guint8      *on_backbone;  /* per edge of the network: drawn without a
                              * selection; NULL: every edge */
  guint        n_pairs;      /* ordered pairs of places with a flow */
  guint        n_backbone_pairs;
} NetworkLayout;

static void
network_free (OtViewLayout *layout)
{
  g_free (((NetworkLayout *) layout)->on_backbone);
  ot_view_layout_clear (layout);
  g_free (layout);
}

static OtPoint *
new_point (double x,
           double y)
{
  OtPoint *p = g_new (OtPoint, 1);

  *p = (OtPoint) { x, y };
  return p;
}

/* ---- the layout of the whole data --------------------------------------- */

/* Vertices and links of one connected component, with local indices. */
typedef struct {
  guint  n;          /* vertices */
  guint *members;    /* global indices, ascending */
  guint  n_links;
  guint *links;      /* local pairs */
} Component;

/* Lays out one component of three or more vertices into @unit (local
 * x, y in the unit square) and gives the shape of its box (width /
 * height).  @room: how much of an axis each vertex (global index)
 * needs, @area: how much of the plane. */
static gboolean
lay_out_component (const Component *c,
                   const double     *room,
                   const double     *area,
                   gboolean          giant,
                   guint             seed,
                   double           *unit,
                   double           *aspect,
                   GCancellable     *cancellable,
                   GError          **error)
{
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  g_autofree double *weights = g_new (double, c->n);
  g_autofree double *areas = g_new (double, c->n);

  for (guint v = 0; v < c->n; v++)
    {
      weights[v] = sqrt (area[c->members[v]]);
      areas[v] = area[c->members[v]];
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  ot_layout_force (c->n, c->links, c->n_links, seed, unit);
  ot_layout_pull_in_chains (c->n, c->links, c->n_links, CHAIN_SHARE, 4, unit);
  for (guint v = 0; v < c->n; v++)
    {
      x0 = MIN (x0, unit[2 * v]);
      x1 = MAX (x1, unit[2 * v]);
      y0 = MIN (y0, unit[2 * v + 1]);
      y1 = MAX (y1, unit[2 * v + 1]);
    }
  /* The giant component takes the page's shape; the others keep theirs,
   * within 2 : 1 either way. */
  *aspect = giant ? PAGE_ASPECT : CLAMP ((x1 - x0) / MAX (y1 - y0, 1e-9), 0.5, 2.0);
  ot_layout_spread_radially (unit, areas, c->n, RADIAL_SHARE);
  ot_layout_spread (unit, weights, c->n, RANK_SHARE);
  return TRUE;
}

/* A grid of @n cells of @cell_w x 1 in a box of about the page's shape. */
static void
grid_box (guint        n,
          double       cell_w,
          OtLayoutBox *box,
          guint       *columns)
{
  guint cols = (guint) ceil (sqrt (n * PAGE_ASPECT / cell_w));

  cols = CLAMP (cols, 1, MAX (n, 1));
  *columns = cols;
  box->w = cols * cell_w;
  box->h = (n + cols - 1) / cols;
}

typedef struct {
  OtLayoutBox box;
  guint       component;   /* G_MAXUINT: the grid of single vertices,
                            * G_MAXUINT - 1: the grid of pairs */
  double      inner_w, inner_h;
} Placed;

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *pa = a, *pb = b;
  double area_a = pa->box.w * pa->box.h, area_b = pb->box.w * pb->box.h;

  if (area_a != area_b)
    return area_a > area_b ? -1 : 1;
  return (pa->component > pb->component) - (pa->component < pb->component);
}

/* Fills @xy for @nv vertices linked by @links (@n_links pairs, changed
 * here), from scratch: each connected component of three or more
 * vertices is laid out on its own (force layout, chains pulled in, spread
 * over its box), single vertices and pairs go into grids, the boxes (area
 * proportional to their vertices) are packed into the page's shape, and
 * the whole is stretched to the page box.  @room: how much of an axis
 * each vertex needs (its disc).  Depends only on the graph and @seed. */
static gboolean
lay_out_graph (guint          nv,
               guint         *links,
               guint          n_links,
               const double  *room,
               guint          seed,
               double        *xy,
               GCancellable  *cancellable,
               GError       **error)
{
  guint m = 0, nc;
  g_autofree guint *comp = g_new (guint, MAX (nv, 1));
  g_autofree guint *start = NULL;
  g_autofree guint *members = g_new (guint, MAX (nv, 1));
  g_autofree guint *local = g_new (guint, MAX (nv, 1));
  g_autofree guint *link_start = NULL;
  g_autofree guint *comp_links = NULL;
  g_autofree double *unit = g_new (double, 2 * MAX (nv, 1));
  g_autofree double *area = g_new0 (double, MAX (nv, 1));
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  guint n_single = 0, n_double = 0;
  double width, height, x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint k = 0; k < n_links; k++)
    if (links[2 * k] != links[2 * k + 1])
      {
        links[2 * m] = links[2 * k];
        links[2 * m + 1] = links[2 * k + 1];
        m++;
      }
  n_links = m;
  /* A vertex needs room for its disc (big places get more of an axis),
   * and of the plane also for its flows: disc times the square root of
   * its neighbours, so hubs get space and the many leaves little. */
  for (guint k = 0; k < 2 * n_links; k++)
    area[links[k]] += 1;
  for (guint v = 0; v < nv; v++)
    area[v] = room[v] * room[v] * sqrt (MAX (area[v], 1));
  nc = ot_layout_components (nv, links, n_links, comp);

  /* Members and links of each component, in vertex and link order. */
  start = g_new0 (guint, nc + 1);
  link_start = g_new0 (guint, nc + 1);
  for (guint v = 0; v < nv; v++)
    start[comp[v] + 1]++;
  for (guint k = 0; k < n_links; k++)
    link_start[comp[links[2 * k]] + 1]++;
  for (guint c = 0; c < nc; c++)
    {
      start[c + 1] += start[c];
      link_start[c + 1] += link_start[c];
    }
  {
    g_autofree guint *fill = g_memdup2 (start, (nc + 1) * sizeof (guint));
    g_autofree guint *link_fill = g_memdup2 (link_start, (nc + 1) * sizeof (guint));

    for (guint v = 0; v < nv; v++)
      {
        local[v] = fill[comp[v]] - start[comp[v]];
        members[fill[comp[v]]++] = v;
      }
    comp_links = g_new (guint, 2 * MAX (n_links, 1));
    for (guint k = 0; k < n_links; k++)
      {
        guint c = comp[links[2 * k]], at = link_fill[c]++;

        comp_links[2 * at] = local[links[2 * k]];
        comp_links[2 * at + 1] = local[links[2 * k + 1]];
      }
  }

  for (guint c = 0; c < nc; c++)
    {
      guint n = start[c + 1] - start[c];
      Component one = { n, members + start[c], link_start[c + 1] - link_start[c],
                        comp_links + 2 * link_start[c] };
      Placed p = { { 0 } };
      double aspect;

      if (n == 1)
        {
          n_single++;
          continue;
        }
      if (n == 2)
        {
          n_double++;
          continue;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !lay_out_component (&one, room, area, n >= GIANT_SHARE * nv, seed, unit + 2 * start[c], &aspect,
                              cancellable, error))
        return FALSE;
      p.component = c;
      p.inner_w = sqrt (n * aspect);
      p.inner_h = sqrt (n / aspect);
      p.box.w = p.inner_w + 1;
      p.box.h = p.inner_h + 1;
      g_array_append_val (placed, p);
    }
  if (n_single > 0)
    {
      Placed p = { { 0 }, G_MAXUINT, 1, 0 };

      grid_box (n_single, 1, &p.box, &m);
      p.inner_w = m;
      g_array_append_val (placed, p);
    }
  if (n_double > 0)
    {
      Placed p = { { 0 }, G_MAXUINT - 1, 3, 0 };

      grid_box (n_double, 3, &p.box, &m);
      p.inner_w = m;
      g_array_append_val (placed, p);
    }
  g_array_sort (placed, compare_placed);
  {
    g_autofree OtLayoutBox *boxes = g_new (OtLayoutBox, MAX (placed->len, 1));

    for (guint i = 0; i < placed->len; i++)
      boxes[i] = g_array_index (placed, Placed, i).box;
    ot_layout_pack_boxes (boxes, placed->len, PAGE_ASPECT, &width, &height);
    for (guint i = 0; i < placed->len; i++)
      g_array_index (placed, Placed, i).box = boxes[i];
  }

  /* Vertices into their boxes. */
  for (guint i = 0; i < placed->len; i++)
    {
      const Placed *p = &g_array_index (placed, Placed, i);
      guint cols = (guint) p->inner_w, k = 0;
      guint size = p->component == G_MAXUINT ? 1 : 2, cell = size == 1 ? 1 : 3;

      if (p->component < nc)
        {
          for (guint j = start[p->component]; j < start[p->component + 1]; j++)
            {
              xy[2 * members[j]] = p->box.x + 0.5 + unit[2 * j] * p->inner_w;
              xy[2 * members[j] + 1] = p->box.y + 0.5 + unit[2 * j + 1] * p->inner_h;
            }
          continue;
        }
      for (guint c = 0; c < nc; c++)
        {
          guint n = start[c + 1] - start[c];

          if (n != size)
            continue;
          for (guint j = 0; j < n; j++)
            {
              xy[2 * members[start[c] + j]] = p->box.x + cell * (k % cols) + 0.5 + j;
              xy[2 * members[start[c] + j] + 1] = p->box.y + 0.5 + k / cols;
            }
          k++;
        }
    }

  /* The whole stretched to the page box. */
  for (guint v = 0; v < nv; v++)
    {
      x0 = MIN (x0, xy[2 * v]);
      x1 = MAX (x1, xy[2 * v]);
      y0 = MIN (y0, xy[2 * v + 1]);
      y1 = MAX (y1, xy[2 * v + 1]);
    }
  for (guint v = 0; v < nv; v++)
    {
      xy[2 * v] = x1 > x0 ? ((xy[2 * v] - x0) / (x1 - x0) - 0.5) * PAGE_HEIGHT * PAGE_ASPECT : 0;
      xy[2 * v + 1] = y1 > y0 ? ((xy[2 * v + 1] - y0) / (y1 - y0) - 0.5) * PAGE_HEIGHT : 0;
    }
  return TRUE;
}

/* The layout of every vertex of @network: its links, each vertex's disc
 * as room. */
static gboolean
lay_out_whole (OtNetwork     *network,
               guint          seed,
               double        *xy,
               GCancellable  *cancellable,
               GError       **error)
{
  guint nv = ot_network_get_n_vertices (network), n_links = 0;
  g_autofree guint *links = ot_network_get_links (network, TRUE, &n_links, NULL);
  g_autofree double *room = g_new (double, MAX (nv, 1));
  double max_kg = ot_view_max_vertex_kg (network);

  for (guint v = 0; v < nv; v++)
    room[v] = ot_view_vertex_radius (ot_network_get_vertex (network, v), max_kg);
  return lay_out_graph (nv, links, n_links, room, seed, xy, cancellable, error);
}

/* Trade statistics without incidents (issue 18): the countries that trade
 * with each other (imports and exports between two countries, the rows
 * the layer draws) laid out as the incidents' places would be, on the
 * whole table (a filter moves nothing), into @positions under the keys
 * the countries' vertices have ("country:CN"). */
static gboolean
lay_out_trade (OtTradeTable  *table,
               guint          seed,
               GHashTable    *positions,
               GCancellable  *cancellable,
               GError       **error)
{
  guint nc = MIN (ot_country_count (), OT_TRADE_PLACE_FIRST_SPECIAL), n_rows = ot_trade_table_get_n_rows (table);
  const OtTradePlace *reporters = ot_trade_table_get_reporters (table);
  const OtTradePlace *partners = ot_trade_table_get_partners (table);
  const guint8 *flows = ot_trade_table_get_flows (table);
  g_autofree guint8 *pair = g_new0 (guint8, (gsize) nc * MAX (nc, 1));
  g_autofree guint *vertex_of = g_new (guint, MAX (nc, 1));
  g_autofree guint *country_of = g_new (guint, MAX (nc, 1));
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *room = NULL;
  g_autofree double *xy = NULL;
  guint nv = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      OtTradePlace a = reporters[i], b = partners[i];

      if ((i & 0xfffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (a < nc && b < nc && a != b && (flows[i] == OT_TRADE_IMPORT || flows[i] == OT_TRADE_EXPORT))
        pair[(gsize) MIN (a, b) * nc + MAX (a, b)] = 1;
    }
  for (guint c = 0; c < nc; c++)
    vertex_of[c] = G_MAXUINT;
  for (guint a = 0; a < nc; a++)
    for (guint b = a + 1; b < nc; b++)
      if (pair[(gsize) a * nc + b])
        {
          guint ends[2] = { a, b };

          for (guint k = 0; k < 2; k++)
            {
              if (vertex_of[ends[k]] == G_MAXUINT)
                {
                  country_of[nv] = ends[k];
                  vertex_of[ends[k]] = nv++;
                }
              g_array_append_val (links, vertex_of[ends[k]]);
            }
        }
  if (nv == 0)
    return TRUE;
  room = g_new (double, nv);
  xy = g_new (double, 2 * nv);
  for (guint v = 0; v < nv; v++)
    room[v] = 1;
  if (!lay_out_graph (nv, (guint *) links->data, links->len / 2, room, seed, xy, cancellable, error))
    return FALSE;
  for (guint v = 0; v < nv; v++)
    g_hash_table_insert (positions, g_strconcat ("country:", ot_country_nth (country_of[v]), NULL),
                         new_point (xy[2 * v], xy[2 * v + 1]));
  return TRUE;
}

/* ---- the backbone -------------------------------------------------------- */

typedef struct {
  guint  index;
  double key;
  guint  n;
} Heavy;

static int
compare_heavy (gconstpointer a,
               gconstpointer b)
{
  const Heavy *ha = a, *hb = b;

  if (ha->key != hb->key)
    return ha->key > hb->key ? -1 : 1;
  if (ha->n != hb->n)
    return ha->n > hb->n ? -1 : 1;
  return (ha->index > hb->index) - (ha->index < hb->index);
}

/* Which edges of @network are drawn without a selection: all of them up
 * to BACKBONE_MIN_PAIRS ordered pairs of places; above, the pairs the
 * disparity filter keeps at BACKBONE_ALPHA, the BACKBONE_HEAVIEST
 * heaviest pairs and the heaviest pair of each of the BACKBONE_BIG
 * biggest vertices (docs/views.md). */
static void
find_backbone (NetworkLayout *self,
               OtNetwork     *network)
{
  guint nv = ot_network_get_n_vertices (network), ne = ot_network_get_n_edges (network);
  g_autofree guint *pair_of = g_new (guint, MAX (ne, 1));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) kg = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(GArray) count = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autofree double *weights = NULL;
  g_autofree double *alpha = NULL;
  g_autofree guint8 *keep = NULL;
  g_autofree Heavy *heavy = NULL;
  g_autofree Heavy *big = NULL;
  g_autofree guint *best = NULL;
  double total_kg = 0;
  guint total_n = 0, np, m;

  g_clear_pointer (&self->on_backbone, g_free);
  /* Edges are sorted by (from, to, mineral): a pair's edges are adjacent. */
  for (guint e = 0; e < ne; e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      guint last = ends->len / 2;

      if (last == 0 || g_array_index (ends, guint, 2 * last - 2) != edge->from ||
          g_array_index (ends, guint, 2 * last - 1) != edge->to)
        {
          double zero = 0;
          guint none = 0;

          g_array_append_val (ends, edge->from);
          g_array_append_val (ends, edge->to);
          g_array_append_val (kg, zero);
          g_array_append_val (count, none);
          last++;
        }
      pair_of[e] = last - 1;
      g_array_index (kg, double, last - 1) = ot_kg_add (g_array_index (kg, double, last - 1), edge->kg);
      g_array_index (count, guint, last - 1) += edge->n_incidents;
      total_kg = ot_kg_add (total_kg, edge->kg);
      total_n += edge->n_incidents;
    }
  np = kg->len;
  self->n_pairs = np;
  self->n_backbone_pairs = np;
  if (np <= BACKBONE_MIN_PAIRS)
    return;

  /* A pair's weight: its share of the kilograms and of the incidents,
   * half each (all of it the incidents when no quantity is known). */
  weights = g_new (double, np);
  for (guint k = 0; k < np; k++)
    weights[k] = (total_kg > 0 ? 0.5 * g_array_index (kg, double, k) / total_kg : 0) +
                 (total_kg > 0 ? 0.5 : 1.0) * g_array_index (count, guint, k) / MAX (total_n, 1);
  alpha = g_new (double, np);
  ot_layout_disparity (nv, (const guint *) (void *) ends->data, weights, np, alpha);
  keep = g_new0 (guint8, np);
  /* The most significant first (smallest alpha, then heaviest): at most
   * BACKBONE_MAX of those below BACKBONE_ALPHA (only they are sorted). */
  heavy = g_new (Heavy, np);
  m = 0;
  for (guint k = 0; k < np; k++)
    if (alpha[k] < BACKBONE_ALPHA)
      heavy[m++] = (Heavy) { k, -alpha[k], g_array_index (count, guint, k) };
  qsort (heavy, m, sizeof (Heavy), compare_heavy);
  for (guint k = 0; k < MIN (m, BACKBONE_MAX); k++)
    keep[heavy[k].index] = TRUE;

  /* The heaviest flows always: the first BACKBONE_HEAVIEST in the
   * order of compare_heavy (), kept sorted as they are found. */
  m = 0;
  for (guint k = 0; k < np; k++)
    {
      Heavy h = { k, g_array_index (kg, double, k), g_array_index (count, guint, k) };
      guint at = m;

      if (m == BACKBONE_HEAVIEST && compare_heavy (&h, &heavy[m - 1]) >= 0)
        continue;
      while (at > 0 && compare_heavy (&h, &heavy[at - 1]) < 0)
        at--;
      memmove (&heavy[at + 1], &heavy[at], (MIN (m, BACKBONE_HEAVIEST - 1) - at) * sizeof (Heavy));
      heavy[at] = h;
      m = MIN (m + 1, BACKBONE_HEAVIEST);
    }
  for (guint k = 0; k < m; k++)
    keep[heavy[k].index] = TRUE;

  /* The biggest places keep their heaviest flow, so none stands alone:
   * one pass over the pairs for all of them (the first of the heaviest). */
  big = g_new (Heavy, MAX (nv, 1));
  for (guint v = 0; v < nv; v++)
    {
      const OtVertex *vx = ot_network_get_vertex (network, v);

      big[v] = (Heavy) { v, ot_view_vertex_kg (vx), vx->n_incidents };
    }
  qsort (big, nv, sizeof (Heavy), compare_heavy);
  best = g_new (guint, MAX (nv, 1));
  for (guint v = 0; v < nv; v++)
    best[v] = G_MAXUINT - 1;   /* not one of the biggest */
  for (guint i = 0; i < MIN (nv, BACKBONE_BIG); i++)
    best[big[i].index] = G_MAXUINT;
  for (guint k = 0; k < np; k++)
    for (guint end = 0; end < 2; end++)
      {
        guint v = g_array_index (ends, guint, 2 * k + end);

        if (best[v] != G_MAXUINT - 1 && (best[v] == G_MAXUINT || weights[k] > weights[best[v]]))
          best[v] = k;
      }
  for (guint i = 0; i < MIN (nv, BACKBONE_BIG); i++)
    if (best[big[i].index] < np)
      keep[best[big[i].index]] = TRUE;

  self->n_backbone_pairs = 0;
  for (guint k = 0; k < np; k++)
    self->n_backbone_pairs += keep[k];
  g_debug ("network view: %u of %u pairs of places on the backbone", self->n_backbone_pairs, np);
  self->on_backbone = g_new (guint8, MAX (ne, 1));
  for (guint e = 0; e < ne; e++)
    self->on_backbone[e] = keep[pair_of[e]];
}

/* Drawn: on the backbone, or revealed by the selection. */
/* Added to the importance of backbone flows: above any other flow's
 * (kg and incident counts), within a float's exact integers. */
#define OT_VIEW_BACKBONE_RANK 1e7

static gboolean
edge_drawn (const NetworkLayout *self,
            const OtViewFocus   *focus,
            guint                e)
{
  return self->on_backbone == NULL || self->on_backbone[e] ||
         (focus->active && focus->edges != NULL && focus->edges[e]);
}
/* Events (records with one place) as markers next to their vertex. */
static void
collect_marks (NetworkLayout *self,
               OtNetwork     *network)
{
  OtDataset *dataset = ot_network_get_dataset (network);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint k = 0; k < ot_network_get_n_events (network); k++)
    {
      const OtEvent *ev = ot_network_get_event (network, k);
      const OtIncident *incident = ot_dataset_get_incident (dataset, ev->incident);
      gboolean confirmed = ot_view_incident_confirmed (incident);
      gpointer key, index;
      const OtVertex *vx;
      OtViewMark *mark;

      if (ev->vertex < 0)
        continue;
      key = GUINT_TO_POINTER (2 * (guint) ev->vertex + (confirmed ? 1 : 0) + 1);
      if (!g_hash_table_lookup_extended (by_key, key, NULL, &index))
        {
          OtViewMark m = { 0 };

          vx = ot_network_get_vertex (network, ev->vertex);
          m.vertex = ev->vertex;
          m.confirmed = confirmed;
          m.label = confirmed ? g_strdup_printf (_("Seizure or arrest at %s"), ot_view_vertex_label (vx))
                              : g_strdup_printf (_("Reported at %s"), ot_view_vertex_label (vx));
          index = GUINT_TO_POINTER (self->base.marks->len);
          g_array_append_val (self->base.marks, m);
          g_hash_table_insert (by_key, key, index);
        }
      mark = &g_array_index (self->base.marks, OtViewMark, GPOINTER_TO_UINT (index));
      ot_view_mark_add_incident (mark, ev->incident);
    }
}

/* Issue 17, a stable layout across edits: the vertices of @whole that
 * @before places keep their places exactly; each new one goes to the
 * middle of its placed neighbours (rounds of it, so a chain of new
 * vertices follows), a little aside so that two do not coincide, and one
 * without any beside the drawing's right edge.  A new table. */
static GHashTable *
keep_positions (OtNetwork  *whole,
                GHashTable *before)
{
  guint nv = ot_network_get_n_vertices (whole), ne = ot_network_get_n_edges (whole);
  GHashTable *positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree OtPoint *xy = g_new0 (OtPoint, MAX (nv, 1));
  g_autofree gboolean *placed = g_new0 (gboolean, MAX (nv, 1));
  OtRect r;
  guint n_new = 0, n_aside = 0;
  gboolean progress = TRUE;

  ot_rect_init_empty (&r);
  for (guint v = 0; v < nv; v++)
    {
      const OtPoint *p = g_hash_table_lookup (before, ot_network_get_vertex (whole, v)->key);

      if (p != NULL)
        {
          xy[v] = *p;
          placed[v] = TRUE;
          ot_rect_add_point (&r, p->x, p->y);
        }
    }
  if (ot_rect_is_empty (&r))
    r = (OtRect) { 0, 0, 0, 0 };
  while (progress)
    {
      g_autofree double *sum = g_new0 (double, 2 * MAX (nv, 1));
      g_autofree guint *count = g_new0 (guint, MAX (nv, 1));

      progress = FALSE;
      for (guint e = 0; e < ne; e++)
        {
          const OtEdge *edge = ot_network_get_edge (whole, e);

          if (placed[edge->from] && !placed[edge->to])
            {
              sum[2 * edge->to] += xy[edge->from].x;
              sum[2 * edge->to + 1] += xy[edge->from].y;
              count[edge->to]++;
            }
          if (placed[edge->to] && !placed[edge->from])
            {
              sum[2 * edge->from] += xy[edge->to].x;
              sum[2 * edge->from + 1] += xy[edge->to].y;
              count[edge->from]++;
            }
        }
      for (guint v = 0; v < nv; v++)
        if (!placed[v] && count[v] > 0)
          {
            /* The golden angle around the neighbours' middle. */
            double a = 2.39996323 * n_new++, d = 0.03 * PAGE_HEIGHT;

            xy[v].x = sum[2 * v] / count[v] + d * cos (a);
            xy[v].y = sum[2 * v + 1] / count[v] + d * sin (a);
            placed[v] = TRUE;
            progress = TRUE;
          }
    }
  for (guint v = 0; v < nv; v++)
    {
      if (!placed[v])
        {
          xy[v].x = r.x1 + 0.05 * PAGE_HEIGHT;
          xy[v].y = r.y0 + 0.05 * PAGE_HEIGHT * n_aside++;
        }
      g_hash_table_insert (positions, g_strdup (ot_network_get_vertex (whole, v)->key),
                           new_point (xy[v].x, xy[v].y));
    }
  return positions;
}

static OtViewLayout *
network_layout (const OtViewInput *input,
                OtViewLayout      *previous,
                GCancellable      *cancellable,
                GError           **error)
{
  OtNetwork *network = input->network;
  NetworkLayout *self = g_new0 (NetworkLayout, 1);
  const NetworkLayout *before = previous && previous->klass == &ot_view_network_class
                                ? (const NetworkLayout *) previous : NULL;
  guint seed = LAYOUT_SEED + 7919u * input->layout_seed;
  OtRect r;

  ot_view_layout_init (&self->base, &ot_view_network_class, OT_VIEW_NETWORK);
  self->seed = seed;

  if (before != NULL && input->same_base && before->seed == seed && previous->positions != NULL)
    {
      /* Only the filter changed: the whole data's positions stay as they
       * are. */
      self->base.positions = g_hash_table_ref (previous->positions);
    }
  else if (before != NULL && input->keep_positions && before->seed == seed && previous->positions != NULL)
    {
      /* An edit of the same case: nothing that is still there moves. */
      g_autoptr(OtNetwork) whole = ot_network_get_n_included (network) ==
                                   ot_dataset_get_n_incidents (ot_network_get_dataset (network))
                                   ? ot_network_ref (network) : ot_network_refilter (network, NULL);

      self->base.positions = keep_positions (whole, previous->positions);
    }
  else
    {
      /* Laid out on everything, so no filter moves anything. */
      g_autoptr(OtNetwork) whole = ot_network_get_n_included (network) ==
                                   ot_dataset_get_n_incidents (ot_network_get_dataset (network))
                                   ? ot_network_ref (network) : ot_network_refilter (network, NULL);
      guint nv = ot_network_get_n_vertices (whole);
      g_autofree double *xy = g_new (double, 2 * MAX (nv, 1));

      if (!lay_out_whole (whole, seed, xy, cancellable, error))
        {
          network_free (&self->base);
          return NULL;
        }
      self->base.positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint v = 0; v < nv; v++)
        g_hash_table_insert (self->base.positions, g_strdup (ot_network_get_vertex (whole, v)->key),
                             new_point (xy[2 * v], xy[2 * v + 1]));
    }
  /* Statistics without incidents: their countries have places of their
   * own (drawn by ot_view_add_trade ()). */
  {
    OtDataset *dataset = ot_network_get_dataset (network);
    OtTradeTable *table = ot_dataset_get_trade (dataset);

    if (ot_dataset_get_n_incidents (dataset) == 0 && table != NULL &&
        g_hash_table_size (self->base.positions) == 0 &&
        !lay_out_trade (table, seed, self->base.positions, cancellable, error))
      {
        network_free (&self->base);
        return NULL;
      }
  }
  find_backbone (self, network);

  ot_rect_init_empty (&r);
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      const OtPoint *p = g_hash_table_lookup (self->base.positions,
                                              ot_network_get_vertex (network, v)->key);
      if (p)
        ot_rect_add_point (&r, p->x, p->y);
    }
  self->extent = ot_rect_is_empty (&r) ? 1 : MAX (MAX (r.x1 - r.x0, r.y1 - r.y0), 1e-6);
  collect_marks (self, network);
  for (guint k = 0; k < self->base.marks->len; k++)
    {
      OtViewMark *m = &g_array_index (self->base.marks, OtViewMark, k);
      const OtPoint *p = g_hash_table_lookup (self->base.positions,
                                              ot_network_get_vertex (network, m->vertex)->key);
      m->x = p ? p->x : NAN;
      m->y = p ? p->y : NAN;
    }
  return &self->base;
}

/* Trade statistics (issue 18) connect the countries drawn as vertices;
 * a country that is none (absent from the incidents, or in the entities
 * projection seen only through its ports and companies) is left out:
 * the drawing is laid out on the incidents.  Without incidents the
 * countries are places of their own where lay_out_trade () put them. */
typedef struct {
  const OtViewInput *input;
  const guint       *vertex_of;
  const OtPoint     *xy;
  const gboolean    *placed;
  GHashTable        *trade_places;   /* "country:CN" -> OtPoint, or NULL */
} TradeLocate;

static gboolean
trade_locate (OtTradePlace  country,
              OtPoint      *at,
              guint        *id,
              double       *radius,
              gboolean     *own,
              gpointer      data)
{
  const TradeLocate *loc = data;
  guint v = loc->vertex_of[country];

  if (v == G_MAXUINT && loc->trade_places != NULL)
    {
      g_autofree char *key = g_strconcat ("country:", ot_country_nth (country), NULL);
      const OtPoint *p = g_hash_table_lookup (loc->trade_places, key);

      if (p == NULL)
        return FALSE;
      *at = *p;
      *id = OT_CHART_TRADE_ID + country;
      *radius = OT_VIEW_TRADE_PLACE_RADIUS;
      *own = TRUE;
      return TRUE;
    }
  if (v == G_MAXUINT || !loc->placed[v])
    return FALSE;
  *at = loc->xy[v];
  *id = v;
  *radius = loc->input->node_scale * ot_view_vertex_radius (ot_network_get_vertex (loc->input->network, v),
                                                            loc->input->max_vertex_kg);
  *own = FALSE;
  return TRUE;
}

static OtScene *
network_scene (OtViewLayout      *layout,
               const OtViewInput *input)
{
  NetworkLayout *self = (NetworkLayout *) layout;
  OtNetwork *network = input->network;
  OtScene *scene = ot_scene_new (input->theme);
  guint nv = ot_network_get_n_vertices (network);
  g_autofree OtPoint *xy = g_new (OtPoint, MAX (nv, 1));
  g_autofree gboolean *placed = g_new0 (gboolean, MAX (nv, 1));
  g_autofree double *bends = ot_view_edge_bends (network, BEND_BASE, BEND_STEP);
  OtViewFocus focus;

  ot_view_focus_init (&focus, input, layout);
  for (guint v = 0; v < nv; v++)
    {
      const char *key = ot_network_get_vertex (network, v)->key;
      const OtPoint *p = g_hash_table_lookup (layout->positions, key);
      const OtPoint *pin = input->pins ? g_hash_table_lookup (input->pins, key) : NULL;

      /* A place the analyst pinned is drawn there (issue 17). */
      if (p && pin)
        p = pin;
      if (p && isfinite (p->x) && isfinite (p->y))
        {
          xy[v] = *p;
          placed[v] = TRUE;
        }
    }
  /* Event markers stand beside their place, where it is drawn. */
  for (guint k = 0; k < layout->marks->len; k++)
    {
      OtViewMark *m = &g_array_index (layout->marks, OtViewMark, k);

      if (m->vertex < nv && placed[m->vertex])
        {
          m->x = xy[m->vertex].x;
          m->y = xy[m->vertex].y;
        }
    }
  if (input->trade != NULL)
    {
      g_autofree guint *vertex_of = ot_view_country_vertices (network);
      OtDataset *dataset = ot_network_get_dataset (network);
      TradeLocate loc = { input, vertex_of, xy, placed,
                          ot_dataset_get_n_incidents (dataset) == 0 ? layout->positions : NULL };

      ot_view_add_trade (scene, input, &focus, TRADE_BEND, trade_locate, &loc);
    }
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);

      /* Every flow is in the scene, so the budget of marks can count and
       * reveal them (zoom, detail); the backbone and a selected place's
       * flows rank first. */
      if (placed[edge->from] && placed[edge->to] && edge->from != edge->to)
        ot_view_add_edge_ranked (scene, input, &focus, e, xy[edge->from], xy[edge->to], bends[e],
                                 edge_drawn (self, &focus, e) ? OT_VIEW_BACKBONE_RANK : 0);
    }
  /* Countries, then ports, get their labels before companies. */
  for (guint v = 0; v < nv; v++)
    if (placed[v])
      ot_view_add_vertex (scene, input, &focus, v, xy[v],
                          ot_view_kind_label_boost (ot_network_get_vertex (network, v)));
  ot_view_add_markers (scene, layout, &focus, OT_VIEW_MARKER_OFFSET);
  ot_view_add_notes (scene, input, xy, placed, bends);
  ot_view_add_chrome (scene, input, OT_VIEW_CHROME_NODES |
                      (layout->marks->len > 0 ? OT_VIEW_CHROME_MARKERS : 0));
  ot_view_add_trade_chrome (scene, input);
  ot_view_focus_clear (&focus);
  ot_scene_finish (scene);
  return scene;
}

static gboolean
network_node_position (OtViewLayout *layout,
                       OtNetwork    *network,
                       guint         id,
                       OtPoint      *out)
{
  const OtPoint *p;

  if (id >= ot_network_get_n_vertices (network))
    return FALSE;
  p = g_hash_table_lookup (layout->positions,
                           ot_network_get_vertex (network, id)->key);
  if (p == NULL)
    return FALSE;
  *out = *p;
  return TRUE;
}

const OtViewClass ot_view_network_class = {
  network_layout,
  network_scene,
  network_free,
  network_node_position,
  BEND_BASE,
  BEND_STEP,
  1.0,
  OT_VIEW_CAP_PROJECTION | OT_VIEW_CAP_FREE_LAYOUT | OT_VIEW_CAP_NETWORK_MARKS | OT_VIEW_CAP_FROM_LEGS,
};
