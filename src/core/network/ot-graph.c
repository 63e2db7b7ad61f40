/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each public function takes the lock, runs an igraph_error_t worker
 * written with IGRAPH_CHECK / IGRAPH_FINALLY, and turns its result into a
 * GError.  Our error handler keeps the first message, frees the FINALLY
 * stack and returns, so a failure unwinds instead of aborting. */
#include "ot-graph.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static GMutex        graph_lock;
static GCancellable *graph_cancellable;   /* under graph_lock */
static char         *graph_message;       /* first failure of the current call */

static void
on_igraph_error (const char     *reason,
                 const char     *file,
                 int             line,
                 igraph_error_t  igraph_errno)
{
  if (graph_message == NULL && reason != NULL && reason[0] != '\0')
    graph_message = g_strdup (reason);
  IGRAPH_FINALLY_FREE ();
}

static void
on_igraph_warning (const char *reason,
                   const char *file,
                   int         line)
{
  g_debug ("igraph: %s (%s:%d)", reason, file, line);
}

static igraph_error_t
on_igraph_interruption (void *data)
{
  if (graph_cancellable != NULL && g_cancellable_is_cancelled (graph_cancellable))
    {
      /* IGRAPH_ALLOW_INTERRUPTION returns from the interrupted function
       * without passing the error handler, so its cleanup entries would
       * outlive its stack frame.  Free them here, while every frame on
       * the stack is still alive. */
      IGRAPH_FINALLY_FREE ();
      return IGRAPH_INTERRUPTED;
    }
  return IGRAPH_SUCCESS;
}

static void
graph_enter (GCancellable *cancellable)
{
  static gsize installed = 0;

  g_mutex_lock (&graph_lock);
  if (g_once_init_enter (&installed))
    {
      igraph_set_error_handler (on_igraph_error);
      igraph_set_warning_handler (on_igraph_warning);
      igraph_set_interruption_handler (on_igraph_interruption);
      g_once_init_leave (&installed, 1);
    }
  graph_cancellable = cancellable;
  g_clear_pointer (&graph_message, g_free);
}

static gboolean
graph_leave (igraph_error_t   result,
             const char      *what,
             GError         **error)
{
  gboolean ok = result == IGRAPH_SUCCESS;

  if (!ok)
    {
      /* The handlers have emptied the cleanup stack already: the error
       * handler on errors, on_igraph_interruption() on a cancel.  Freeing
       * here would touch the frames of functions that have returned. */
      g_warn_if_fail (IGRAPH_FINALLY_STACK_SIZE () == 0);
      if (result == IGRAPH_INTERRUPTED)
        g_set_error (error, OT_ERROR, OT_ERROR_CANCELLED, _("%s was cancelled"), what);
      else
        g_set_error (error, OT_ERROR, OT_ERROR_GRAPH, _("%s failed: %s"), what,
                     graph_message ? graph_message : igraph_strerror (result));
    }
  graph_cancellable = NULL;
  g_clear_pointer (&graph_message, g_free);
  g_mutex_unlock (&graph_lock);
  return ok;
}

guint
ot_graph_finally_stack_size (void)
{
  guint n;

  g_mutex_lock (&graph_lock);
  n = IGRAPH_FINALLY_STACK_SIZE ();
  g_mutex_unlock (&graph_lock);
  return n;
}

/* ---- Workers --------------------------------------------------------- */

static igraph_error_t
make_graph (igraph_t      *graph,
            guint          n_vertices,
            const guint   *edges,
            guint          n_edges,
            igraph_bool_t  directed)
{
  igraph_vector_int_t ends;

  /* igraph_create would quietly add the missing vertices. */
  for (guint k = 0; k < 2 * n_edges; k++)
    if (edges[k] >= n_vertices)
      IGRAPH_ERROR ("An edge names a vertex that does not exist", IGRAPH_EINVVID);

  IGRAPH_CHECK (igraph_vector_int_init (&ends, 2 * (igraph_integer_t) n_edges));
  IGRAPH_FINALLY (igraph_vector_int_destroy, &ends);
  for (guint k = 0; k < 2 * n_edges; k++)
    VECTOR (ends)[k] = edges[k];
  IGRAPH_CHECK (igraph_create (graph, &ends, n_vertices, directed));
  igraph_vector_int_destroy (&ends);
  IGRAPH_FINALLY_CLEAN (1);
  return IGRAPH_SUCCESS;
}

/* igraph 0.10.2 does not check every weight (PRPACK takes negative ones):
 * check them here, through igraph's error path. */
static igraph_error_t
check_weights (const double *weights,
               guint         n_edges,
               gboolean      positive)
{
  for (guint k = 0; weights != NULL && k < n_edges; k++)
    {
      if (!isfinite (weights[k]) || weights[k] < 0 || (positive && weights[k] == 0))
        IGRAPH_ERROR (positive ? "Edge weights must be positive numbers"
                               : "Edge weights must be non-negative numbers", IGRAPH_EINVAL);
    }
  return IGRAPH_SUCCESS;
}

/* A view of a caller's array as an igraph vector (not to be destroyed). */
static const igraph_vector_t *
view_weights (igraph_vector_t *view,
              const double    *weights,
              guint            n_edges)
{
  if (weights == NULL)
    return NULL;
  return igraph_vector_view (view, weights, n_edges);
}

static igraph_error_t
betweenness_worker (guint        n_vertices,
                    const guint *edges,
                    guint        n_edges,
                    double      *out)
{
  igraph_t graph;
  igraph_vector_t result;

  IGRAPH_CHECK (make_graph (&graph, n_vertices, edges, n_edges, TRUE));
  IGRAPH_FINALLY (igraph_destroy, &graph);
  IGRAPH_VECTOR_INIT_FINALLY (&result, 0);
  IGRAPH_CHECK (igraph_betweenness (&graph, &result, igraph_vss_all (), TRUE, NULL));
  for (guint v = 0; v < n_vertices; v++)
    out[v] = VECTOR (result)[v];
  igraph_vector_destroy (&result);
  igraph_destroy (&graph);
  IGRAPH_FINALLY_CLEAN (2);
  return IGRAPH_SUCCESS;
}

gboolean
ot_graph_betweenness (guint          n_vertices,
                      const guint   *edges,
                      guint          n_edges,
                      double        *out,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (edges != NULL || n_edges == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_vertices == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  graph_enter (cancellable);
  return graph_leave (betweenness_worker (n_vertices, edges, n_edges, out),
                      _("Betweenness"), error);
}

static igraph_error_t
betweenness_sources_worker (guint        n_vertices,
                            const guint *edges,
                            guint        n_edges,
                            const guint *sources,
                            guint        n_sources,
                            double      *out)
{
  igraph_t graph;
  igraph_vector_t result;
  igraph_vector_int_t ids;
  igraph_vs_t from;

  for (guint k = 0; k < n_sources; k++)
    if (sources[k] >= n_vertices)
      IGRAPH_ERROR ("A source names a vertex that does not exist", IGRAPH_EINVVID);

  IGRAPH_CHECK (make_graph (&graph, n_vertices, edges, n_edges, TRUE));
  IGRAPH_FINALLY (igraph_destroy, &graph);
  IGRAPH_VECTOR_INIT_FINALLY (&result, 0);
  IGRAPH_CHECK (igraph_vector_int_init (&ids, n_sources));
  IGRAPH_FINALLY (igraph_vector_int_destroy, &ids);
  for (guint k = 0; k < n_sources; k++)
    VECTOR (ids)[k] = sources[k];
  from = igraph_vss_vector (&ids);
  /* Every target: each source's whole dependency (Brandes 2008, Sect. 5). */
  IGRAPH_CHECK (igraph_betweenness_subset (&graph, &result, igraph_vss_all (), TRUE,
                                           from, igraph_vss_all (), NULL));
  for (guint v = 0; v < n_vertices; v++)
    out[v] = VECTOR (result)[v];
  igraph_vector_int_destroy (&ids);
  igraph_vector_destroy (&result);
  igraph_destroy (&graph);
  IGRAPH_FINALLY_CLEAN (3);
  return IGRAPH_SUCCESS;
}

gboolean
ot_graph_betweenness_sources (guint          n_vertices,
                              const guint   *edges,
                              guint          n_edges,
                              const guint   *sources,
                              guint          n_sources,
                              double        *out,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_return_val_if_fail (edges != NULL || n_edges == 0, FALSE);
  g_return_val_if_fail (sources != NULL || n_sources == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_vertices == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  graph_enter (cancellable);
  return graph_leave (betweenness_sources_worker (n_vertices, edges, n_edges, sources,
                                                  n_sources, out),
                      _("Betweenness"), error);
}

static igraph_error_t
pagerank_worker (guint         n_vertices,
                 const guint  *edges,
                 guint         n_edges,
                 const double *weights,
                 double        damping,
                 double       *out)
{
  igraph_t graph;
  igraph_vector_t result, view;

  IGRAPH_CHECK (check_weights (weights, n_edges, FALSE));
  IGRAPH_CHECK (make_graph (&graph, n_vertices, edges, n_edges, TRUE));
  IGRAPH_FINALLY (igraph_destroy, &graph);
  IGRAPH_VECTOR_INIT_FINALLY (&result, 0);
  IGRAPH_CHECK (igraph_pagerank (&graph, IGRAPH_PAGERANK_ALGO_PRPACK, &result, NULL,
                                 igraph_vss_all (), TRUE, damping,
                                 view_weights (&view, weights, n_edges), NULL));
  for (guint v = 0; v < n_vertices; v++)
    out[v] = VECTOR (result)[v];
  igraph_vector_destroy (&result);
  igraph_destroy (&graph);
  IGRAPH_FINALLY_CLEAN (2);
  return IGRAPH_SUCCESS;
}

gboolean
ot_graph_pagerank (guint          n_vertices,
                   const guint   *edges,
                   guint          n_edges,
                   const double  *weights,
                   double         damping,
                   double        *out,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (edges != NULL || n_edges == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_vertices == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  graph_enter (cancellable);
  return graph_leave (pagerank_worker (n_vertices, edges, n_edges, weights, damping, out),
                      _("PageRank"), error);
}

typedef struct {
  guint id;
  guint size;
  guint first;   /* lowest vertex */
} Community;

static int
cmp_community (gconstpointer a,
               gconstpointer b)
{
  const Community *x = a, *y = b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* Renumbers @membership: largest community first, ties by lowest vertex. */
static guint
renumber_communities (guint *membership,
                      guint  n_vertices)
{
  guint n = 0;
  g_autofree Community *c = NULL;
  g_autofree guint *rank = NULL;

  for (guint v = 0; v < n_vertices; v++)
    n = MAX (n, membership[v] + 1);
  c = g_new0 (Community, MAX (n, 1));
  rank = g_new0 (guint, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    c[k].id = k, c[k].first = G_MAXUINT;
  for (guint v = 0; v < n_vertices; v++)
    {
      c[membership[v]].size++;
      c[membership[v]].first = MIN (c[membership[v]].first, v);
    }
  qsort (c, n, sizeof *c, cmp_community);
  for (guint k = 0; k < n; k++)
    rank[c[k].id] = k;
  for (guint v = 0; v < n_vertices; v++)
    membership[v] = rank[membership[v]];
  while (n > 0 && c[n - 1].size == 0)
    n--;
  return n;
}

static igraph_error_t
communities_worker (guint         n_vertices,
                    const guint  *edges,
                    guint         n_edges,
                    const double *weights,
                    guint         seed,
                    guint        *membership)
{
  igraph_t graph;
  igraph_vector_t view;
  igraph_vector_int_t result;

  IGRAPH_CHECK (check_weights (weights, n_edges, TRUE));
  IGRAPH_CHECK (make_graph (&graph, n_vertices, edges, n_edges, FALSE));
  IGRAPH_FINALLY (igraph_destroy, &graph);
  IGRAPH_CHECK (igraph_vector_int_init (&result, 0));
  IGRAPH_FINALLY (igraph_vector_int_destroy, &result);
  IGRAPH_CHECK (igraph_rng_seed (igraph_rng_default (), seed));
  IGRAPH_CHECK (igraph_community_multilevel (&graph, view_weights (&view, weights, n_edges),
                                             1.0, &result, NULL, NULL));
  for (guint v = 0; v < n_vertices; v++)
    membership[v] = VECTOR (result)[v];
  igraph_vector_int_destroy (&result);
  igraph_destroy (&graph);
  IGRAPH_FINALLY_CLEAN (2);
  return IGRAPH_SUCCESS;
}

gboolean
ot_graph_communities (guint          n_vertices,
                      const guint   *edges,
                      guint          n_edges,
                      const double  *weights,
                      guint          seed,
                      guint         *membership,
                      guint         *n_communities,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (edges != NULL || n_edges == 0, FALSE);
  g_return_val_if_fail (membership != NULL || n_vertices == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  graph_enter (cancellable);
  ok = graph_leave (communities_worker (n_vertices, edges, n_edges, weights, seed, membership),
                    _("Community detection"), error);
  if (ok)
    {
      guint n = renumber_communities (membership, n_vertices);

      if (n_communities)
        *n_communities = n;
    }
  return ok;
}

static int
cmp_path (gconstpointer a,
          gconstpointer b)
{
  const GArray *x = *(const GArray * const *) a, *y = *(const GArray * const *) b;

  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  for (guint k = 0; k < x->len; k++)
    {
      guint p = g_array_index (x, guint, k), q = g_array_index (y, guint, k);

      if (p != q)
        return p < q ? -1 : 1;
    }
  return 0;
}

static igraph_error_t
simple_paths_worker (guint        n_vertices,
                     const guint *edges,
                     guint        n_edges,
                     guint        from,
                     guint        to,
                     guint        max_legs,
                     GPtrArray   *paths)
{
  igraph_t graph;
  igraph_vector_int_t result;
  GArray *path = NULL;

  IGRAPH_CHECK (make_graph (&graph, n_vertices, edges, n_edges, TRUE));
  IGRAPH_FINALLY (igraph_destroy, &graph);
  IGRAPH_CHECK (igraph_vector_int_init (&result, 0));
  IGRAPH_FINALLY (igraph_vector_int_destroy, &result);
  IGRAPH_CHECK (igraph_get_all_simple_paths (&graph, &result, from, igraph_vss_1 (to),
                                             max_legs > 0 ? (igraph_integer_t) max_legs : -1,
                                             IGRAPH_OUT));
  /* Paths come one after the other, each ended by -1. */
  for (igraph_integer_t k = 0; k < igraph_vector_int_size (&result); k++)
    {
      igraph_integer_t v = VECTOR (result)[k];

      if (path == NULL)
        path = g_array_new (FALSE, FALSE, sizeof (guint));
      if (v < 0)
        {
          g_ptr_array_add (paths, path);
          path = NULL;
          continue;
        }
      g_array_append_vals (path, &(guint) { (guint) v }, 1);
    }
  g_assert (path == NULL);
  igraph_vector_int_destroy (&result);
  igraph_destroy (&graph);
  IGRAPH_FINALLY_CLEAN (2);
  return IGRAPH_SUCCESS;
}

GPtrArray *
ot_graph_simple_paths (guint          n_vertices,
                       const guint   *edges,
                       guint          n_edges,
                       guint          from,
                       guint          to,
                       guint          max_legs,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  g_return_val_if_fail (edges != NULL || n_edges == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (from >= n_vertices || to >= n_vertices)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("Route ends %u and %u: the network has %u vertices"),
                   from, to, n_vertices);
      return NULL;
    }

  graph_enter (cancellable);
  if (!graph_leave (simple_paths_worker (n_vertices, edges, n_edges, from, to, max_legs, paths),
                    _("Route search"), error))
    return NULL;
  g_ptr_array_sort (paths, cmp_path);
  return g_steal_pointer (&paths);
}

/* Vertices without a start position go next to their placed neighbours
 * (or anywhere in the picture if they have none), jittered by @rand. */
static void
place_new_vertices (guint        n_vertices,
                    const guint *edges,
                    guint        n_edges,
                    double      *xy,
                    GRand       *rand)
{
  double min_x = 0, max_x = 1, min_y = 0, max_y = 1;
  gboolean any = FALSE;
  g_autofree double *sum = g_new0 (double, 3 * MAX (n_vertices, 1));

  for (guint v = 0; v < n_vertices; v++)
    {
      if (isnan (xy[2 * v]) || isnan (xy[2 * v + 1]))
        continue;
      if (!any)
        min_x = max_x = xy[2 * v], min_y = max_y = xy[2 * v + 1], any = TRUE;
      min_x = MIN (min_x, xy[2 * v]), max_x = MAX (max_x, xy[2 * v]);
      min_y = MIN (min_y, xy[2 * v + 1]), max_y = MAX (max_y, xy[2 * v + 1]);
    }
  for (guint k = 0; k < n_edges; k++)
    {
      for (guint side = 0; side < 2; side++)
        {
          guint v = edges[2 * k + side], u = edges[2 * k + 1 - side];

          if (isnan (xy[2 * v]) && !isnan (xy[2 * u]) && !isnan (xy[2 * u + 1]))
            {
              sum[3 * v] += xy[2 * u];
              sum[3 * v + 1] += xy[2 * u + 1];
              sum[3 * v + 2] += 1;
            }
        }
    }
  for (guint v = 0; v < n_vertices; v++)
    {
      double span = MAX (MAX (max_x - min_x, max_y - min_y), 1);

      if (!isnan (xy[2 * v]) && !isnan (xy[2 * v + 1]))
        continue;
      if (sum[3 * v + 2] > 0)
        {
          xy[2 * v] = sum[3 * v] / sum[3 * v + 2] + g_rand_double_range (rand, -0.05, 0.05) * span;
          xy[2 * v + 1] = sum[3 * v + 1] / sum[3 * v + 2] + g_rand_double_range (rand, -0.05, 0.05) * span;
        }
      else
        {
          xy[2 * v] = g_rand_double_range (rand, min_x, min_x + span);
          xy[2 * v + 1] = g_rand_double_range (rand, min_y, min_y + span);
        }
    }
}

#define FRESH_ITERATIONS 500
#define SEEDED_ITERATIONS 100
/* With start positions, how far a vertex may drift, as a share of the
 * layout's root mean square radius. */
#define SEEDED_MAX_DRIFT 0.25
/* A fresh FR layout starts uniform in a square of side sqrt(n): its root
 * mean square radius is about 0.4 sqrt(n). */
#define CANONICAL_RADIUS(n) (0.4 * sqrt (n))

typedef struct {
  double cx;
  double cy;
  double radius;   /* root mean square distance from the centre */
} Frame;

static Frame
frame_of (const double *xy,
          guint         n_vertices)
{
  Frame f = { 0, 0, 0 };

  for (guint v = 0; v < n_vertices; v++)
    f.cx += xy[2 * v], f.cy += xy[2 * v + 1];
  f.cx /= n_vertices;
  f.cy /= n_vertices;
  for (guint v = 0; v < n_vertices; v++)
    f.radius += (xy[2 * v] - f.cx) * (xy[2 * v] - f.cx) +
                (xy[2 * v + 1] - f.cy) * (xy[2 * v + 1] - f.cy);
  f.radius = sqrt (f.radius / n_vertices);
  return f;
}

/* Moves @xy from frame @from to frame @to (same shape, other centre and
 * size). */
static void
reframe (double      *xy,
         guint        n_vertices,
         const Frame *from,
         const Frame *to)
{
  double scale = from->radius > 0 ? to->radius / from->radius : 1;

  for (guint v = 0; v < n_vertices; v++)
    {
      xy[2 * v] = to->cx + (xy[2 * v] - from->cx) * scale;
      xy[2 * v + 1] = to->cy + (xy[2 * v + 1] - from->cy) * scale;
    }
}

static igraph_error_t
layout_worker (guint         n_vertices,
               const guint  *edges,
               guint         n_edges,
               const double *weights,
               double       *xy,
               gboolean      use_seed,
               guint         seed)
{
  igraph_t graph;
  igraph_matrix_t result;
  igraph_vector_t view;
  /* FR cools linearly: a vertex moves at most temperature * iterations / 2
   * in all.  Seeded, that is SEEDED_MAX_DRIFT of the spread. */
  guint iterations = use_seed ? SEEDED_ITERATIONS : FRESH_ITERATIONS;
  double temperature = use_seed ? 2 * SEEDED_MAX_DRIFT * CANONICAL_RADIUS (n_vertices) / iterations
                                : sqrt (n_vertices) / 10.0;
  igraph_layout_grid_t grid = n_vertices > OT_GRAPH_LAYOUT_GRID_THRESHOLD ? IGRAPH_LAYOUT_GRID
                                                                          : IGRAPH_LAYOUT_NOGRID;

  IGRAPH_CHECK (check_weights (weights, n_edges, TRUE));
  IGRAPH_CHECK (make_graph (&graph, n_vertices, edges, n_edges, FALSE));
  IGRAPH_FINALLY (igraph_destroy, &graph);
  IGRAPH_MATRIX_INIT_FINALLY (&result, n_vertices, 2);
  if (use_seed)
    {
      for (guint v = 0; v < n_vertices; v++)
        {
          MATRIX (result, v, 0) = xy[2 * v];
          MATRIX (result, v, 1) = xy[2 * v + 1];
        }
    }
  IGRAPH_CHECK (igraph_rng_seed (igraph_rng_default (), seed));
  IGRAPH_CHECK (igraph_layout_fruchterman_reingold (&graph, &result, use_seed, iterations,
                                                    temperature, grid,
                                                    view_weights (&view, weights, n_edges),
                                                    NULL, NULL, NULL, NULL));
  for (guint v = 0; v < n_vertices; v++)
    {
      xy[2 * v] = MATRIX (result, v, 0);
      xy[2 * v + 1] = MATRIX (result, v, 1);
    }
  igraph_matrix_destroy (&result);
  igraph_destroy (&graph);
  IGRAPH_FINALLY_CLEAN (2);
  return IGRAPH_SUCCESS;
}

gboolean
ot_graph_layout_force (guint          n_vertices,
                       const guint   *edges,
                       guint          n_edges,
                       const double  *weights,
                       double        *xy,
                       gboolean       use_seed,
                       guint          seed,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree double *work = NULL;
  Frame caller = { 0, 0, 0 }, canonical = { 0, 0, 0 };
  gboolean ok;

  g_return_val_if_fail (edges != NULL || n_edges == 0, FALSE);
  g_return_val_if_fail (xy != NULL || n_vertices == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_vertices == 0)
    return TRUE;
  for (guint k = 0; k < 2 * n_edges; k++)
    {
      if (edges[k] >= n_vertices)
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       _("Layout: edge %u names vertex %u of %u"), k / 2, edges[k], n_vertices);
          return FALSE;
        }
    }

  /* Work on a copy so that a failure leaves @xy as it was. */
  work = g_memdup2 (xy, 2 * sizeof (double) * n_vertices);
  if (use_seed)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

      place_new_vertices (n_vertices, edges, n_edges, work, rand);
      /* Start from the spread a fresh layout starts from: FR's grid
       * approximation slows to a crawl on a packed start (a finished
       * layout of a dense graph is packed), and the temperature is in
       * those units.  The result goes back to the caller's frame. */
      caller = frame_of (work, n_vertices);
      canonical.radius = CANONICAL_RADIUS (n_vertices);
      reframe (work, n_vertices, &caller, &canonical);
    }

  graph_enter (cancellable);
  ok = graph_leave (layout_worker (n_vertices, edges, n_edges, weights, work, use_seed, seed),
                    _("Layout"), error);
  if (ok)
    {
      if (use_seed)
        {
          Frame result = frame_of (work, n_vertices);

          reframe (work, n_vertices, &result, &caller);
        }
      memcpy (xy, work, 2 * sizeof (double) * n_vertices);
    }
  return ok;
}
