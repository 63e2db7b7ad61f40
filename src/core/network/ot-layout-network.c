/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-layout-network.c: components, spreading, packing and the disparity
 * backbone for the network view. */
#include "ot-layout-network.h"

#include <math.h>
#include <stdlib.h>

/* ---- components ---------------------------------------------------------- */

static guint
find_root (guint *parent,
           guint  v)
{
  while (parent[v] != v)
    {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
  return v;
}

guint
ot_layout_components (guint        n_vertices,
                      const guint *pairs,
                      guint        n_pairs,
                      guint       *component)
{
  g_autofree guint *parent = g_new (guint, MAX (n_vertices, 1));
  guint n = 0;

  g_return_val_if_fail (pairs != NULL || n_pairs == 0, 0);
  g_return_val_if_fail (component != NULL || n_vertices == 0, 0);

  for (guint v = 0; v < n_vertices; v++)
    parent[v] = v;
  for (guint k = 0; k < n_pairs; k++)
    {
      guint a, b;

      if (pairs[2 * k] >= n_vertices || pairs[2 * k + 1] >= n_vertices)
        continue;
      a = find_root (parent, pairs[2 * k]);
      b = find_root (parent, pairs[2 * k + 1]);
      /* The lower root wins, so a root is its component's lowest vertex. */
      if (a < b)
        parent[b] = a;
      else if (b < a)
        parent[a] = b;
    }
  /* Roots come before the rest of their component in vertex order. */
  for (guint v = 0; v < n_vertices; v++)
    {
      guint r = find_root (parent, v);

      component[v] = r == v ? n++ : component[r];
    }
  return n;
}

/* ---- chains -------------------------------------------------------------- */

/* The @k-th smallest of @v (from 0), as after sorting; reorders @v
 * (Hoare's selection, the middle element as the pivot). */
static double
kth_smallest (double *v,
              guint   n,
              guint   k)
{
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      double pivot = v[lo + (hi - lo) / 2];
      guint i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];

              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j && j != G_MAXUINT)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return v[k];
}

void
ot_layout_pull_in_chains (guint        n_vertices,
                          const guint *pairs,
                          guint        n_pairs,
                          double       share,
                          guint        rounds,
                          double      *xy)
{
  g_autofree double *lengths = NULL;
  g_autofree guint *start = NULL;
  g_autofree guint *adjacent = NULL;
  g_autofree guint *fill = NULL;
  double limit;

  if (n_pairs < 4 || n_vertices == 0)
    return;
  lengths = g_new (double, n_pairs);
  for (guint k = 0; k < n_pairs; k++)
    {
      guint a = pairs[2 * k], b = pairs[2 * k + 1];

      lengths[k] = hypot (xy[2 * b] - xy[2 * a], xy[2 * b + 1] - xy[2 * a + 1]);
      if (!isfinite (lengths[k]))
        lengths[k] = 0;   /* the selection below needs ordered values */
    }
  limit = share * kth_smallest (lengths, n_pairs, n_pairs / 2);

  /* Neighbours of each vertex (compressed rows). */
  start = g_new0 (guint, n_vertices + 1);
  for (guint k = 0; k < 2 * n_pairs; k++)
    start[pairs[k] + 1]++;
  for (guint v = 0; v < n_vertices; v++)
    start[v + 1] += start[v];
  adjacent = g_new (guint, 2 * n_pairs);
  fill = g_memdup2 (start, n_vertices * sizeof (guint));
  for (guint k = 0; k < n_pairs; k++)
    {
      adjacent[fill[pairs[2 * k]]++] = pairs[2 * k + 1];
      adjacent[fill[pairs[2 * k + 1]]++] = pairs[2 * k];
    }

  for (guint round = 0; round < rounds; round++)
    for (guint v = 0; v < n_vertices; v++)
      {
        guint degree = start[v + 1] - start[v];

        if (degree == 0 || degree > 2)
          continue;
        for (guint k = start[v]; k < start[v + 1]; k++)
          {
            guint n = adjacent[k];
            double dx = xy[2 * v] - xy[2 * n], dy = xy[2 * v + 1] - xy[2 * n + 1];
            double d = hypot (dx, dy);

            if (d <= limit || d == 0)
              continue;
            xy[2 * v] = xy[2 * n] + dx * limit / d;
            xy[2 * v + 1] = xy[2 * n + 1] + dy * limit / d;
          }
      }
}

/* ---- spreading ------------------------------------------------------------ */

typedef struct {
  double value;
  guint  index;
} Ranked;

static int
compare_ranked (const void *pa,
                const void *pb)
{
  const Ranked *a = pa, *b = pb;

  if (a->value != b->value)
    return a->value < b->value ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

void
ot_layout_spread (double       *xy,
                  const double *weights,
                  guint         n,
                  double        rank_share)
{
  g_autofree Ranked *ranked = NULL;
  g_autofree double *w = NULL;

  g_return_if_fail (xy != NULL || n == 0);

  rank_share = CLAMP (rank_share, 0.0, 1.0);
  if (n == 1)
    {
      xy[0] = xy[1] = 0.5;
      return;
    }
  ranked = g_new (Ranked, MAX (n, 1));
  w = g_new (double, MAX (n, 1));
  for (guint v = 0; v < n; v++)
    w[v] = weights != NULL && weights[v] > 0 && isfinite (weights[v]) ? weights[v] : 1;
  for (guint axis = 0; axis < 2; axis++)
    {
      double lo, span, total = 0, before = 0;

      for (guint v = 0; v < n; v++)
        ranked[v] = (Ranked) { isfinite (xy[2 * v + axis]) ? xy[2 * v + axis] : 0, v };
      qsort (ranked, n, sizeof (Ranked), compare_ranked);
      lo = ranked[0].value;
      span = ranked[n - 1].value - lo;
      /* Each vertex owns a slice of the axis as wide as its weight; it
       * sits in the middle of it, the first and last at the ends. */
      for (guint r = 0; r < n; r++)
        total += w[ranked[r].index];
      total -= (w[ranked[0].index] + w[ranked[n - 1].index]) / 2;
      for (guint r = 0; r < n; r++)
        {
          double own = w[ranked[r].index];
          double linear = span > 0 ? (ranked[r].value - lo) / span : 0.5;
          double rank = span > 0 && total > 0 ? before / total : 0.5;

          xy[2 * ranked[r].index + axis] = (1 - rank_share) * linear + rank_share * rank;
          before += own / 2 + (r + 1 < n ? w[ranked[r + 1].index] / 2 : 0);
        }
    }
}

void
ot_layout_spread_radially (double       *xy,
                           const double *areas,
                           guint         n,
                           double        rank_share)
{
  g_autofree Ranked *ranked = NULL;
  double cx = 0, cy = 0, total = 0, before = 0, far;

  g_return_if_fail (xy != NULL || n == 0);

  if (n < 2)
    return;
  rank_share = CLAMP (rank_share, 0.0, 1.0);
  for (guint v = 0; v < n; v++)
    {
      cx += xy[2 * v] / n;
      cy += xy[2 * v + 1] / n;
    }
  ranked = g_new (Ranked, n);
  for (guint v = 0; v < n; v++)
    {
      double a = areas != NULL && areas[v] > 0 && isfinite (areas[v]) ? areas[v] : 1;

      ranked[v] = (Ranked) { hypot (xy[2 * v] - cx, xy[2 * v + 1] - cy), v };
      total += a;
    }
  qsort (ranked, n, sizeof (Ranked), compare_ranked);
  far = ranked[n - 1].value;
  if (!(far > 0) || !isfinite (far))
    return;
  for (guint r = 0; r < n; r++)
    {
      guint v = ranked[r].index;
      double a = areas != NULL && areas[v] > 0 && isfinite (areas[v]) ? areas[v] : 1;
      double d = ranked[r].value, to;

      /* The disc up to a vertex holds the areas of the vertices nearer
       * the centre, and half its own. */
      before += a / 2;
      to = (1 - rank_share) * d + rank_share * far * sqrt (before / total);
      before += a / 2;
      if (d > 0)
        {
          xy[2 * v] = cx + (xy[2 * v] - cx) * to / d;
          xy[2 * v + 1] = cy + (xy[2 * v + 1] - cy) * to / d;
        }
    }
}

/* ---- packing --------------------------------------------------------------- */

/* The skyline: segments left to right, each the lowest used y over
 * [x, next segment's x). */
typedef struct {
  double x;
  double y;
} Step;

void
ot_layout_pack_boxes (OtLayoutBox *boxes,
                      guint        n,
                      double       aspect,
                      double      *width,
                      double      *height)
{
  g_autoptr(GArray) sky = g_array_new (FALSE, FALSE, sizeof (Step));
  double area = 0, widest = 0, strip, bottom = 0;

  g_return_if_fail (boxes != NULL || n == 0);

  if (!(aspect > 0) || !isfinite (aspect))
    aspect = 1;
  for (guint i = 0; i < n; i++)
    {
      boxes[i].w = isfinite (boxes[i].w) ? MAX (boxes[i].w, 0) : 0;
      boxes[i].h = isfinite (boxes[i].h) ? MAX (boxes[i].h, 0) : 0;
      area += boxes[i].w * boxes[i].h;
      widest = MAX (widest, boxes[i].w);
    }
  strip = MAX (widest, sqrt (area * aspect));
  g_array_append_val (sky, ((Step) { 0, 0 }));

  for (guint i = 0; i < n; i++)
    {
      OtLayoutBox *b = &boxes[i];
      double best_x = 0, best_y = G_MAXDOUBLE;
      guint first = 0, last = 0;

      /* Try the box at the start of every segment it fits from. */
      for (guint s = 0; s < sky->len; s++)
        {
          double x = g_array_index (sky, Step, s).x, y = 0;
          guint t;

          if (x + b->w > strip + 1e-9 * strip && s > 0)
            break;
          /* At least the segment it starts on, even for an empty box. */
          t = s;
          do
            y = MAX (y, g_array_index (sky, Step, t).y);
          while (++t < sky->len && g_array_index (sky, Step, t).x < x + b->w - 1e-12);
          if (y < best_y)
            {
              best_y = y;
              best_x = x;
              first = s;
              last = t;   /* segments [first, last) lie under the box */
            }
        }
      b->x = best_x;
      b->y = best_y;
      bottom = MAX (bottom, best_y + b->h);

      /* The box's top edge replaces the segments under it; the part of
       * the last one beyond the box keeps its height. */
      {
        double end = best_x + b->w;
        double after_y = g_array_index (sky, Step, last - 1).y;
        gboolean tail = last >= sky->len ? end < strip
                                         : end < g_array_index (sky, Step, last).x;
        Step top = { best_x, best_y + b->h };

        g_array_remove_range (sky, first, last - first);
        g_array_insert_val (sky, first, top);
        if (tail)
          {
            Step rest = { end, after_y };

            g_array_insert_val (sky, first + 1, rest);
          }
      }
    }
  if (width)
    *width = strip;
  if (height)
    *height = bottom;
}

/* ---- disparity backbone ------------------------------------------------------ */

void
ot_layout_disparity (guint         n_vertices,
                     const guint  *pairs,
                     const double *weights,
                     guint         n_pairs,
                     double       *alpha)
{
  g_autofree double *s_out = g_new0 (double, MAX (n_vertices, 1));
  g_autofree double *s_in = g_new0 (double, MAX (n_vertices, 1));
  g_autofree guint *k_out = g_new0 (guint, MAX (n_vertices, 1));
  g_autofree guint *k_in = g_new0 (guint, MAX (n_vertices, 1));

  g_return_if_fail (pairs != NULL || n_pairs == 0);
  g_return_if_fail (weights != NULL || n_pairs == 0);
  g_return_if_fail (alpha != NULL || n_pairs == 0);

  for (guint k = 0; k < n_pairs; k++)
    {
      guint a = pairs[2 * k], b = pairs[2 * k + 1];
      double w = weights[k];

      if (a >= n_vertices || b >= n_vertices || !(w > 0) || !isfinite (w))
        continue;
      s_out[a] += w;
      s_in[b] += w;
      k_out[a]++;
      k_in[b]++;
    }
  for (guint k = 0; k < n_pairs; k++)
    {
      guint a = pairs[2 * k], b = pairs[2 * k + 1];
      double w = weights[k], best = 1;

      alpha[k] = 1;
      if (a >= n_vertices || b >= n_vertices || !(w > 0) || !isfinite (w))
        continue;
      if (k_out[a] > 1)
        best = MIN (best, pow (MAX (0.0, 1 - w / s_out[a]), k_out[a] - 1));
      if (k_in[b] > 1)
        best = MIN (best, pow (MAX (0.0, 1 - w / s_in[b]), k_in[b] - 1));
      alpha[k] = best;
    }
}
