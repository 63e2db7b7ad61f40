/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-layout-force.c: a multilevel spring-electrical layout with
 * Barnes–Hut repulsion (Hu 2005).  Each level is a graph in compressed
 * rows with masses (how many vertices of the finest graph a vertex
 * stands for) and link weights (how many links a link stands for). */
#include "ot-layout-force.h"

#include <math.h>
#include <string.h>

/* The natural link length and the strength of repulsion (Hu's K, C). */
#define NATURAL 1.0
#define REPULSION 0.2
/* Barnes–Hut: a cell seen under less than this (its width over its
 * distance) counts as one body at its centre of mass. */
#define THETA 1.2
#define LEAF_BODIES 8
#define MAX_DEPTH 40
/* Coarsening stops at this many vertices, or when a level keeps more
 * than COARSEN_RATIO of the one before. */
#define COARSEST 40
#define COARSEN_RATIO 0.85
#define MAX_LEVELS 40
/* A group takes a vertex whose neighbours are all taken while it stays
 * under this many times the level's mean mass. */
#define GROUP_CAP 6
/* Iterations: the coarsest level from random places, then each finer
 * one from its coarser one; the adaptive step (Hu): shrink by COOL when
 * the energy grows, grow after five falls in a row. */
#define COARSEST_ITERATIONS 300
#define REFINE_ITERATIONS 10
#define FINEST_ITERATIONS 20
#define COOL 0.9
#define TOLERANCE 0.01

static _Thread_local OtLayoutForceStats last_stats;

void
ot_layout_force_get_stats (OtLayoutForceStats *stats)
{
  *stats = last_stats;
}

typedef struct {
  guint   n;
  guint  *start;    /* n + 1 */
  guint  *adj;      /* start[n] */
  double *weight;   /* per entry of adj */
  double *mass;     /* n */
  guint  *parent;   /* n: the vertex of the next coarser level */
} Level;

static void
level_clear (Level *l)
{
  g_free (l->start);
  g_free (l->adj);
  g_free (l->weight);
  g_free (l->mass);
  g_free (l->parent);
  memset (l, 0, sizeof *l);
}

/* The finest level: links without loops, repeats merged (weight 1). */
static void
level_from_pairs (Level       *l,
                  guint        n,
                  const guint *pairs,
                  guint        n_pairs)
{
  g_autofree guint *fill = NULL;
  g_autofree guint *seen = g_new (guint, MAX (n, 1));
  guint at = 0;

  l->n = n;
  l->start = g_new0 (guint, n + 1);
  for (guint k = 0; k < n_pairs; k++)
    if (pairs[2 * k] != pairs[2 * k + 1] && pairs[2 * k] < n && pairs[2 * k + 1] < n)
      {
        l->start[pairs[2 * k] + 1]++;
        l->start[pairs[2 * k + 1] + 1]++;
      }
  for (guint v = 0; v < n; v++)
    l->start[v + 1] += l->start[v];
  l->adj = g_new (guint, MAX (l->start[n], 1));
  fill = g_memdup2 (l->start, (n + 1) * sizeof (guint));
  for (guint k = 0; k < n_pairs; k++)
    {
      guint a = pairs[2 * k], b = pairs[2 * k + 1];

      if (a == b || a >= n || b >= n)
        continue;
      l->adj[fill[a]++] = b;
      l->adj[fill[b]++] = a;
    }
  /* Repeats out, in place. */
  for (guint v = 0; v < n; v++)
    seen[v] = G_MAXUINT;
  l->weight = g_new (double, MAX (l->start[n], 1));
  for (guint v = 0; v < n; v++)
    {
      guint from = l->start[v], to = l->start[v + 1];

      l->start[v] = at;
      for (guint k = from; k < to; k++)
        if (seen[l->adj[k]] != v)
          {
            seen[l->adj[k]] = v;
            l->weight[at] = 1;
            l->adj[at++] = l->adj[k];
          }
    }
  l->start[n] = at;
  l->mass = g_new (double, MAX (n, 1));
  for (guint v = 0; v < n; v++)
    l->mass[v] = 1;
}

/* Matches each vertex (fewest links first) with its unmatched neighbour
 * of least mass; a neighbour with one link that finds its only
 * neighbour taken joins that neighbour's group.  Fills @fine->parent and
 * @coarse. */
static void
coarsen (Level *fine,
         Level *coarse)
{
  guint n = fine->n, nc = 0;
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  g_autofree guint *by_degree = NULL;
  g_autofree guint *seen = NULL;
  g_autofree guint *slot = NULL;
  guint max_degree = 0;

  g_autofree double *group = g_new0 (double, MAX (n, 1));
  double total = 0, cap;

  fine->parent = g_new (guint, MAX (n, 1));
  for (guint v = 0; v < n; v++)
    total += fine->mass[v];
  cap = GROUP_CAP * total / MAX (n, 1);
  for (guint v = 0; v < n; v++)
    {
      fine->parent[v] = G_MAXUINT;
      max_degree = MAX (max_degree, fine->start[v + 1] - fine->start[v]);
    }
  /* Counting sort by degree: stable, so ties go by index. */
  by_degree = g_new0 (guint, max_degree + 2);
  for (guint v = 0; v < n; v++)
    by_degree[fine->start[v + 1] - fine->start[v] + 1]++;
  for (guint d = 0; d <= max_degree; d++)
    by_degree[d + 1] += by_degree[d];
  for (guint v = 0; v < n; v++)
    order[by_degree[fine->start[v + 1] - fine->start[v]]++] = v;

  for (guint i = 0; i < n; i++)
    {
      guint v = order[i], best = G_MAXUINT;

      if (fine->parent[v] != G_MAXUINT)
        continue;
      for (guint k = fine->start[v]; k < fine->start[v + 1]; k++)
        {
          guint u = fine->adj[k];

          if (fine->parent[u] == G_MAXUINT &&
              (best == G_MAXUINT || fine->mass[u] < fine->mass[best]))
            best = u;
        }
      if (best == G_MAXUINT && fine->start[v + 1] - fine->start[v] == 1)
        {
          /* A leaf whose neighbour is taken goes with it. */
          fine->parent[v] = fine->parent[fine->adj[fine->start[v]]];
          group[fine->parent[v]] += fine->mass[v];
          continue;
        }
      if (best == G_MAXUINT)
        {
          /* Every neighbour is taken: the lightest of their groups, if
           * it stays under the cap, takes this one too. */
          guint lightest = G_MAXUINT;

          for (guint k = fine->start[v]; k < fine->start[v + 1]; k++)
            {
              guint g = fine->parent[fine->adj[k]];

              if (lightest == G_MAXUINT || group[g] < group[lightest])
                lightest = g;
            }
          if (lightest != G_MAXUINT && group[lightest] + fine->mass[v] <= cap)
            {
              fine->parent[v] = lightest;
              group[lightest] += fine->mass[v];
              continue;
            }
        }
      fine->parent[v] = nc;
      group[nc] = fine->mass[v];
      if (best != G_MAXUINT)
        {
          fine->parent[best] = nc;
          group[nc] += fine->mass[best];
        }
      nc++;
    }

  /* The coarse graph: masses summed, links between groups merged with
   * their weights summed. */
  coarse->n = nc;
  coarse->mass = g_new0 (double, MAX (nc, 1));
  for (guint v = 0; v < n; v++)
    coarse->mass[fine->parent[v]] += fine->mass[v];
  {
    /* Members of each group, to walk the group's links together. */
    g_autofree guint *mstart = g_new0 (guint, nc + 1);
    g_autofree guint *members = g_new (guint, MAX (n, 1));
    g_autofree guint *mfill = NULL;
    GArray *adj = g_array_sized_new (FALSE, FALSE, sizeof (guint), fine->start[n] / 2 + 1);
    GArray *weight = g_array_sized_new (FALSE, FALSE, sizeof (double), fine->start[n] / 2 + 1);

    for (guint v = 0; v < n; v++)
      mstart[fine->parent[v] + 1]++;
    for (guint c = 0; c < nc; c++)
      mstart[c + 1] += mstart[c];
    mfill = g_memdup2 (mstart, (nc + 1) * sizeof (guint));
    for (guint v = 0; v < n; v++)
      members[mfill[fine->parent[v]]++] = v;

    seen = g_new (guint, MAX (nc, 1));
    slot = g_new (guint, MAX (nc, 1));
    for (guint c = 0; c < nc; c++)
      seen[c] = G_MAXUINT;
    coarse->start = g_new0 (guint, nc + 1);
    for (guint c = 0; c < nc; c++)
      {
        coarse->start[c] = adj->len;
        for (guint m = mstart[c]; m < mstart[c + 1]; m++)
          {
            guint v = members[m];

            for (guint k = fine->start[v]; k < fine->start[v + 1]; k++)
              {
                guint d = fine->parent[fine->adj[k]];

                if (d == c)
                  continue;
                if (seen[d] != c)
                  {
                    double zero = 0;

                    seen[d] = c;
                    slot[d] = adj->len;
                    g_array_append_val (adj, d);
                    g_array_append_val (weight, zero);
                  }
                g_array_index (weight, double, slot[d]) += fine->weight[k];
              }
          }
      }
    coarse->start[nc] = adj->len;
    coarse->adj = (guint *) (void *) g_array_free (adj, FALSE);
    coarse->weight = (double *) (void *) g_array_free (weight, FALSE);
  }
}

/* ---- Barnes–Hut ------------------------------------------------------------ */

typedef struct {
  double cx, cy;     /* centre of mass */
  double mass;
  double size;       /* the cell's width */
  guint  first;      /* bodies [first, first + count) of the order */
  guint  count;
  guint  child;      /* first of four children; 0: a leaf */
} Cell;

typedef struct {
  GArray *cells;
  guint  *order;
  guint  *scratch;
  double *body;     /* x, y, mass of each body in tree order */
} Tree;

static void
build_cell (Tree         *tree,
            const double *xy,
            const double *mass,
            guint         index,
            double        x0,
            double        y0,
            double        size,
            guint         depth)
{
  Cell *cell = &g_array_index (tree->cells, Cell, index);
  guint first = cell->first, count = cell->count;
  double mx = x0 + size / 2, my = y0 + size / 2;
  guint quarter[4] = { 0 }, at[4];
  guint child;
  double cx = 0, cy = 0, m = 0;

  for (guint i = first; i < first + count; i++)
    {
      guint v = tree->order[i];

      cx += mass[v] * xy[2 * v];
      cy += mass[v] * xy[2 * v + 1];
      m += mass[v];
    }
  cell->cx = m > 0 ? cx / m : mx;
  cell->cy = m > 0 ? cy / m : my;
  cell->mass = m;
  cell->size = size;
  cell->child = 0;
  if (count <= LEAF_BODIES || depth >= MAX_DEPTH)
    return;

  /* Bodies into quarters, stably, through the scratch array. */
  for (guint i = first; i < first + count; i++)
    {
      guint v = tree->order[i];

      quarter[(xy[2 * v] >= mx) + 2 * (xy[2 * v + 1] >= my)]++;
    }
  at[0] = first;
  for (guint q = 1; q < 4; q++)
    at[q] = at[q - 1] + quarter[q - 1];
  for (guint i = first; i < first + count; i++)
    {
      guint v = tree->order[i];

      tree->scratch[at[(xy[2 * v] >= mx) + 2 * (xy[2 * v + 1] >= my)]++] = v;
    }
  memcpy (tree->order + first, tree->scratch + first, count * sizeof (guint));

  child = tree->cells->len;
  g_array_set_size (tree->cells, child + 4);
  cell = &g_array_index (tree->cells, Cell, index);
  cell->child = child;
  {
    guint begin = first;

    for (guint q = 0; q < 4; q++)
      {
        Cell *c = &g_array_index (tree->cells, Cell, child + q);

        c->first = begin;
        c->count = quarter[q];
        begin += quarter[q];
      }
  }
  for (guint q = 0; q < 4; q++)
    {
      if (g_array_index (tree->cells, Cell, child + q).count == 0)
        {
          Cell *c = &g_array_index (tree->cells, Cell, child + q);

          c->mass = 0;
          c->child = 0;
          c->size = size / 2;
          continue;
        }
      build_cell (tree, xy, mass, child + q, x0 + (q & 1) * size / 2, y0 + (q >> 1) * size / 2,
                  size / 2, depth + 1);
    }
}

static void
build_tree (Tree         *tree,
            const double *xy,
            const double *mass,
            guint         n)
{
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  Cell root = { 0 };

  for (guint v = 0; v < n; v++)
    {
      tree->order[v] = v;
      x0 = MIN (x0, xy[2 * v]);
      x1 = MAX (x1, xy[2 * v]);
      y0 = MIN (y0, xy[2 * v + 1]);
      y1 = MAX (y1, xy[2 * v + 1]);
    }
  g_array_set_size (tree->cells, 0);
  root.count = n;
  g_array_append_val (tree->cells, root);
  build_cell (tree, xy, mass, 0, x0, y0, MAX (MAX (x1 - x0, y1 - y0), 1e-9) * (1 + 1e-9), 0);
  /* The leaves' bodies side by side, for the loops over them. */
  for (guint i = 0; i < n; i++)
    {
      guint v = tree->order[i];

      tree->body[3 * i] = xy[2 * v];
      tree->body[3 * i + 1] = xy[2 * v + 1];
      tree->body[3 * i + 2] = mass[v];
    }
}

/* The repulsion on @v from everything in the tree. */
static void
repulsion (const Tree   *tree,
           const double *xy,
           guint         v,
           double        k3,
           double       *fx,
           double       *fy)
{
  guint stack[4 * MAX_DEPTH + 8];
  guint top = 0;
  double x = xy[2 * v], y = xy[2 * v + 1], sx = 0, sy = 0;
  const Cell *cells = (const Cell *) (void *) tree->cells->data;

  stack[top++] = 0;
  while (top > 0)
    {
      const Cell *c = &cells[stack[--top]];
      double dx, dy, d2;

      if (c->mass <= 0)
        continue;
      dx = x - c->cx;
      dy = y - c->cy;
      d2 = dx * dx + dy * dy;
      if (c->child != 0 && c->size * c->size < THETA * THETA * d2)
        {
          double f = k3 * c->mass / (d2 * sqrt (d2));

          sx += dx * f;
          sy += dy * f;
          continue;
        }
      if (c->child != 0)
        {
          for (guint q = 0; q < 4; q++)
            stack[top++] = c->child + q;
          continue;
        }
      for (guint i = c->first; i < c->first + c->count; i++)
        {
          const double *body = &tree->body[3 * i];
          double ex = x - body[0], ey = y - body[1], e2 = ex * ex + ey * ey, f;

          if (e2 < 1e-18)
            {
              guint u = tree->order[i];

              if (u == v)
                continue;
              /* Coincident: pushed apart along a direction of their own. */
              ex = (v < u ? -1e-6 : 1e-6);
              ey = ((double) ((v * 7 + u) % 3) - 1) * 1e-6;
              e2 = ex * ex + ey * ey;
            }
          f = k3 * body[2] / (e2 * sqrt (e2));
          sx += ex * f;
          sy += ey * f;
        }
    }
  *fx = sx;
  *fy = sy;
}

/* Hu's spring-electrical iterations on one level: attraction d² / K
 * along links (times their weights), repulsion C K² m_u / d from every
 * vertex (times v's mass), a step of fixed length along the force,
 * adapted to the energy.  Returns the iterations run. */
static guint
refine (const Level *l,
        double      *xy,
        double       step,
        guint        max_iterations)
{
  guint n = l->n, it, progress = 0;
  Tree tree = { g_array_new (FALSE, TRUE, sizeof (Cell)), g_new (guint, MAX (n, 1)),
                g_new (guint, MAX (n, 1)), g_new (double, 3 * MAX (n, 1)) };
  g_autofree double *force = g_new (double, 2 * MAX (n, 1));
  double energy = G_MAXDOUBLE, k3 = REPULSION * NATURAL * NATURAL * NATURAL;

  if (n < 2)
    max_iterations = 0;
  for (it = 0; it < max_iterations; it++)
    {
      double before = energy, moved = 0;

      build_tree (&tree, xy, l->mass, n);
      energy = 0;
      for (guint v = 0; v < n; v++)
        {
          double fx, fy;

          repulsion (&tree, xy, v, k3, &fx, &fy);
          fx *= l->mass[v];
          fy *= l->mass[v];
          for (guint k = l->start[v]; k < l->start[v + 1]; k++)
            {
              guint u = l->adj[k];
              double dx = xy[2 * u] - xy[2 * v], dy = xy[2 * u + 1] - xy[2 * v + 1];
              double d = sqrt (dx * dx + dy * dy), a = l->weight[k] * d / NATURAL;

              fx += dx * a;
              fy += dy * a;
            }
          force[2 * v] = fx;
          force[2 * v + 1] = fy;
        }
      for (guint v = 0; v < n; v++)
        {
          double fx = force[2 * v], fy = force[2 * v + 1], f = sqrt (fx * fx + fy * fy);

          energy += f * f;
          if (f > 0 && isfinite (f))
            {
              xy[2 * v] += step * fx / f;
              xy[2 * v + 1] += step * fy / f;
              moved += step;
            }
        }
      if (energy < before)
        {
          if (++progress >= 5)
            {
              progress = 0;
              step /= COOL;
            }
        }
      else
        {
          progress = 0;
          step *= COOL;
        }
      if (moved < TOLERANCE * NATURAL * n)
        {
          it++;
          break;
        }
    }
  g_array_free (tree.cells, TRUE);
  g_free (tree.order);
  g_free (tree.scratch);
  g_free (tree.body);
  return it;
}

void
ot_layout_force (guint        n_vertices,
                 const guint *pairs,
                 guint        n_pairs,
                 guint        seed,
                 double      *xy)
{
  Level levels[MAX_LEVELS];
  guint n_levels = 1;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double *at;
  OtLayoutForceStats stats = { 0 };

  g_return_if_fail (pairs != NULL || n_pairs == 0);
  g_return_if_fail (xy != NULL || n_vertices == 0);

  last_stats = stats;
  if (n_vertices == 0)
    return;
  memset (levels, 0, sizeof levels);
  level_from_pairs (&levels[0], n_vertices, pairs, n_pairs);
  while (n_levels < MAX_LEVELS && levels[n_levels - 1].n > COARSEST)
    {
      coarsen (&levels[n_levels - 1], &levels[n_levels]);
      n_levels++;
      if (levels[n_levels - 1].n > COARSEN_RATIO * levels[n_levels - 2].n)
        break;
    }

  /* The coarsest from random places in a square holding its masses. */
  {
    Level *l = &levels[n_levels - 1];
    double total = 0, side;

    for (guint v = 0; v < l->n; v++)
      total += l->mass[v];
    side = NATURAL * sqrt (total);
    at = g_new (double, 2 * l->n);
    for (guint v = 0; v < 2 * l->n; v++)
      at[v] = g_rand_double_range (rand, 0, side);
    stats.finest_iterations = refine (l, at, side / 10, COARSEST_ITERATIONS);
    stats.total_iterations = stats.finest_iterations;
  }
  /* Each finer level from its coarser one: a vertex starts at its
   * group's place, a little aside. */
  for (guint i = n_levels - 1; i-- > 0;)
    {
      Level *l = &levels[i];
      double *finer = g_new (double, 2 * l->n);

      for (guint v = 0; v < l->n; v++)
        {
          guint p = l->parent[v];

          finer[2 * v] = at[2 * p] + g_rand_double_range (rand, -0.1, 0.1) * NATURAL;
          finer[2 * v + 1] = at[2 * p + 1] + g_rand_double_range (rand, -0.1, 0.1) * NATURAL;
        }
      g_free (at);
      at = finer;
      stats.finest_iterations = refine (l, at, NATURAL, i == 0 ? FINEST_ITERATIONS : REFINE_ITERATIONS);
      stats.total_iterations += stats.finest_iterations;
    }
  memcpy (xy, at, 2 * sizeof (double) * n_vertices);
  g_free (at);
  for (guint i = 0; i < n_levels; i++)
    level_clear (&levels[i]);
  stats.levels = n_levels;
  last_stats = stats;
}
