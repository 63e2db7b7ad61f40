/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-layout.c: clipping and layer ordering for the views. */
#include "ot-layout.h"

#include <stdlib.h>
#include <string.h>

/* ---- clipping ------------------------------------------------------------ */

typedef enum { EDGE_LEFT, EDGE_RIGHT, EDGE_TOP, EDGE_BOTTOM } ClipEdge;

static gboolean
inside (const OtPoint *p,
        const OtRect  *r,
        ClipEdge       e)
{
  switch (e)
    {
    case EDGE_LEFT:   return p->x >= r->x0;
    case EDGE_RIGHT:  return p->x <= r->x1;
    case EDGE_TOP:    return p->y >= r->y0;
    case EDGE_BOTTOM: return p->y <= r->y1;
    default:          return TRUE;
    }
}

static OtPoint
intersect (const OtPoint *a,
           const OtPoint *b,
           const OtRect  *r,
           ClipEdge       e)
{
  double t;

  if (e == EDGE_LEFT || e == EDGE_RIGHT)
    {
      double x = e == EDGE_LEFT ? r->x0 : r->x1;

      t = (x - a->x) / (b->x - a->x);
      return (OtPoint) { x, a->y + t * (b->y - a->y) };
    }
  else
    {
      double y = e == EDGE_TOP ? r->y0 : r->y1;

      t = (y - a->y) / (b->y - a->y);
      return (OtPoint) { a->x + t * (b->x - a->x), y };
    }
}

guint
ot_layout_clip_ring (const OtPoint *in,
                     guint          n,
                     const OtRect  *rect,
                     GArray        *out)
{
  g_autoptr(GArray) a = g_array_sized_new (FALSE, FALSE, sizeof (OtPoint), n + 8);
  g_autoptr(GArray) b = g_array_sized_new (FALSE, FALSE, sizeof (OtPoint), n + 8);

  g_return_val_if_fail (rect != NULL && out != NULL, 0);

  g_array_append_vals (a, in, n);
  for (ClipEdge e = EDGE_LEFT; e <= EDGE_BOTTOM && a->len > 0; e++)
    {
      GArray *tmp;

      g_array_set_size (b, 0);
      for (guint i = 0; i < a->len; i++)
        {
          const OtPoint *cur = &g_array_index (a, OtPoint, i);
          const OtPoint *prev = &g_array_index (a, OtPoint, (i + a->len - 1) % a->len);
          gboolean in_cur = inside (cur, rect, e), in_prev = inside (prev, rect, e);

          if (in_cur)
            {
              if (!in_prev)
                {
                  OtPoint p = intersect (prev, cur, rect, e);
                  g_array_append_val (b, p);
                }
              g_array_append_val (b, *cur);
            }
          else if (in_prev)
            {
              OtPoint p = intersect (prev, cur, rect, e);
              g_array_append_val (b, p);
            }
        }
      tmp = a;
      a = b;
      b = tmp;
    }
  if (a->len < 3)
    return 0;
  g_array_append_vals (out, a->data, a->len);
  return a->len;
}

/* ---- layer ordering -------------------------------------------------------- */

typedef struct {
  guint  node;
  double key;
  guint  rank;   /* previous rank: ties keep it */
} Sortable;

static int
compare_sortable (const void *pa,
                  const void *pb)
{
  const Sortable *a = pa, *b = pb;

  if (a->key != b->key)
    return a->key < b->key ? -1 : 1;
  return (a->rank > b->rank) - (a->rank < b->rank);
}

typedef struct {
  guint  from_rank, to_rank;
  double weight;
} RankedLink;

static int
compare_ranked (const void *pa,
                const void *pb)
{
  const RankedLink *a = pa, *b = pb;

  if (a->from_rank != b->from_rank)
    return a->from_rank < b->from_rank ? -1 : 1;
  return (a->to_rank > b->to_rank) - (a->to_rank < b->to_rank);
}

/* Fenwick tree of weights by rank (1-based inside). */
static void
fenwick_add (double *tree,
             guint   n,
             guint   rank,
             double  w)
{
  for (guint i = rank + 1; i <= n; i += i & -i)
    tree[i] += w;
}

static double
fenwick_sum (const double *tree,
             guint         rank)   /* sum over ranks 0 .. rank - 1 */
{
  double s = 0;

  for (guint i = rank; i > 0; i -= i & -i)
    s += tree[i];
  return s;
}

/* Two links between the same two columns cross when their ends are in
 * opposite orders; the count weighs each crossing by both weights.
 * Per column pair: links sorted by source rank, a Fenwick tree over
 * target ranks, O(L log L). */
double
ot_layout_count_crossings (const guint       *column,
                           const OtLayerLink *links,
                           guint              n_links,
                           const guint       *order)
{
  g_autoptr(GArray) ranked = g_array_sized_new (FALSE, FALSE, sizeof (RankedLink), n_links);
  g_autofree double *tree = NULL;
  guint n_columns = 0, max_rank = 0;
  double crossings = 0;

  for (guint l = 0; l < n_links; l++)
    {
      n_columns = MAX (n_columns, column[links[l].from] + 1);
      max_rank = MAX (max_rank, order[links[l].to] + 1);
    }
  tree = g_new (double, max_rank + 1);
  for (guint c = 0; c < n_columns; c++)
    {
      double total = 0;

      g_array_set_size (ranked, 0);
      for (guint l = 0; l < n_links; l++)
        if (column[links[l].from] == c)
          {
            RankedLink r = { order[links[l].from], order[links[l].to], links[l].weight };
            g_array_append_val (ranked, r);
          }
      if (ranked->len > 1)
        qsort (ranked->data, ranked->len, sizeof (RankedLink), compare_ranked);
      memset (tree, 0, (max_rank + 1) * sizeof (double));
      for (guint i = 0; i < ranked->len;)
        {
          guint j = i;

          /* Links from one source never cross each other: query the whole
           * group against the earlier sources before adding it. */
          for (; j < ranked->len &&
                 g_array_index (ranked, RankedLink, j).from_rank ==
                 g_array_index (ranked, RankedLink, i).from_rank; j++)
            {
              const RankedLink *r = &g_array_index (ranked, RankedLink, j);
              double above = total - fenwick_sum (tree, r->to_rank + 1);

              crossings += r->weight * above;
            }
          for (guint k = i; k < j; k++)
            {
              const RankedLink *r = &g_array_index (ranked, RankedLink, k);

              fenwick_add (tree, max_rank, r->to_rank, r->weight);
              total += r->weight;
            }
          i = j;
        }
    }
  return crossings;
}

/* Re-ranks column @c by the barycentres of its links towards column
 * @c - 1 (@towards_left) or @c + 1. */
static gboolean
sweep_column (guint              n_nodes,
              const guint       *column,
              guint              c,
              const OtLayerLink *links,
              guint              n_links,
              gboolean           towards_left,
              guint             *order)
{
  g_autofree double *sum = g_new0 (double, n_nodes);
  g_autofree double *weight = g_new0 (double, n_nodes);
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (Sortable));
  gboolean moved = FALSE;

  for (guint l = 0; l < n_links; l++)
    {
      guint self = towards_left ? links[l].to : links[l].from;
      guint other = towards_left ? links[l].from : links[l].to;

      if (column[self] != c)
        continue;
      sum[self] += links[l].weight * order[other];
      weight[self] += links[l].weight;
    }
  for (guint i = 0; i < n_nodes; i++)
    if (column[i] == c)
      {
        /* A node with no links that way keeps its rank as its key. */
        Sortable s = { i, weight[i] > 0 ? sum[i] / weight[i] : order[i], order[i] };

        g_array_append_val (nodes, s);
      }
  if (nodes->len > 1)
    qsort (nodes->data, nodes->len, sizeof (Sortable), compare_sortable);
  for (guint r = 0; r < nodes->len; r++)
    {
      Sortable *s = &g_array_index (nodes, Sortable, r);

      moved |= order[s->node] != r;
      order[s->node] = r;
    }
  return moved;
}

double
ot_layout_order_layers (guint              n_nodes,
                        const guint       *column,
                        guint              n_columns,
                        const OtLayerLink *links,
                        guint              n_links,
                        guint              max_sweeps,
                        guint             *order)
{
  g_autofree guint *best = g_new (guint, MAX (n_nodes, 1));
  g_autofree guint *next_rank = g_new0 (guint, MAX (n_columns, 1));
  double best_crossings;

  g_return_val_if_fail (n_nodes == 0 || (column != NULL && order != NULL), 0);

  for (guint i = 0; i < n_nodes; i++)
    order[i] = next_rank[column[i]]++;
  best_crossings = ot_layout_count_crossings (column, links, n_links, order);
  memcpy (best, order, n_nodes * sizeof (guint));

  for (guint s = 0; s < max_sweeps && best_crossings > 0; s++)
    {
      gboolean moved = FALSE;
      double crossings;

      for (guint c = 1; c < n_columns; c++)
        moved |= sweep_column (n_nodes, column, c, links, n_links, TRUE, order);
      for (guint c = n_columns - 1; c-- > 0;)
        moved |= sweep_column (n_nodes, column, c, links, n_links, FALSE, order);
      crossings = ot_layout_count_crossings (column, links, n_links, order);
      if (crossings < best_crossings)
        {
          best_crossings = crossings;
          memcpy (best, order, n_nodes * sizeof (guint));
        }
      if (!moved)
        break;
    }
  memcpy (order, best, n_nodes * sizeof (guint));
  return best_crossings;
}
