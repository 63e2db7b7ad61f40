/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-graph against values worked out by hand, and its error discipline. */
#include <math.h>
#include <string.h>

#include "ot-error.h"
#include "ot-graph.h"

#define N_ELEM_PAIRS(a) (G_N_ELEMENTS (a) / 2)

static void
test_betweenness_path_and_star (void)
{
  /* A directed path 0->1->2->3: vertex 1 lies on 0->2 and 0->3, vertex 2
   * on 0->3 and 1->3. */
  const guint path[] = { 0, 1, 1, 2, 2, 3 };
  /* A two-way star around 0 with four leaves: every ordered pair of
   * leaves (4 * 3 = 12) passes through the centre. */
  const guint star[] = { 1, 0, 0, 1, 2, 0, 0, 2, 3, 0, 0, 3, 4, 0, 0, 4 };
  double b[5];
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_graph_betweenness (4, path, N_ELEM_PAIRS (path), b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (b[0], ==, 0);
  g_assert_cmpfloat (b[1], ==, 2);
  g_assert_cmpfloat (b[2], ==, 2);
  g_assert_cmpfloat (b[3], ==, 0);

  g_assert_true (ot_graph_betweenness (5, star, N_ELEM_PAIRS (star), b, NULL, &error));
  g_assert_cmpfloat (b[0], ==, 12);
  for (guint v = 1; v < 5; v++)
    g_assert_cmpfloat (b[v], ==, 0);
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
}

static void
test_pagerank_known_values (void)
{
  const guint cycle[] = { 0, 1, 1, 2, 2, 3, 3, 4, 4, 0 };
  const guint pair[] = { 0, 1 };
  const guint fan[] = { 0, 1, 0, 2, 1, 0, 2, 0 };
  const double fan_w[] = { 3, 1, 1, 1 };
  double pr[5];
  g_autoptr(GError) error = NULL;

  /* A symmetric cycle: 1/n each. */
  g_assert_true (ot_graph_pagerank (5, cycle, 5, NULL, 0.85, pr, NULL, &error));
  g_assert_no_error (error);
  for (guint v = 0; v < 5; v++)
    g_assert_cmpfloat_with_epsilon (pr[v], 0.2, 1e-9);

  /* 0 -> 1, 1 dangling (its rank spreads evenly):
   * p0 = 0.075 + 0.425 p1, p1 = 1 - p0  =>  p0 = 0.5 / 1.425. */
  g_assert_true (ot_graph_pagerank (2, pair, 1, NULL, 0.85, pr, NULL, &error));
  g_assert_cmpfloat_with_epsilon (pr[0], 0.5 / 1.425, 1e-9);
  g_assert_cmpfloat_with_epsilon (pr[1], 1 - 0.5 / 1.425, 1e-9);

  /* 0 sends 3/4 of its weight to 1 and 1/4 to 2; both send all back:
   * p0 = 0.05 + 0.85 (p1 + p2), p1 = 0.05 + 0.6375 p0,
   * p2 = 0.05 + 0.2125 p0  =>  p0 = 0.135 / 0.2775. */
  g_assert_true (ot_graph_pagerank (3, fan, 4, fan_w, 0.85, pr, NULL, &error));
  g_assert_cmpfloat_with_epsilon (pr[0], 0.135 / 0.2775, 1e-9);
  g_assert_cmpfloat_with_epsilon (pr[1], 0.05 + 0.6375 * 0.135 / 0.2775, 1e-9);
  g_assert_cmpfloat_with_epsilon (pr[2], 0.05 + 0.2125 * 0.135 / 0.2775, 1e-9);
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
}

static const guint two_triangles[] = { 3, 4, 4, 5, 5, 3, 0, 1, 1, 2, 2, 0, 2, 3 };
static const double two_triangles_w[] = { 5, 5, 5, 5, 5, 5, 0.5 };

static void
test_communities_two_rings (void)
{
  guint m[6], m2[6], n = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_graph_communities (6, two_triangles, 7, two_triangles_w, 42, m, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  /* Equal sizes: the ring holding vertex 0 comes first. */
  g_assert_cmpuint (m[0], ==, 0);
  g_assert_cmpuint (m[1], ==, 0);
  g_assert_cmpuint (m[2], ==, 0);
  g_assert_cmpuint (m[3], ==, 1);
  g_assert_cmpuint (m[4], ==, 1);
  g_assert_cmpuint (m[5], ==, 1);

  /* Same seed, same answer. */
  g_assert_true (ot_graph_communities (6, two_triangles, 7, two_triangles_w, 42, m2, NULL, NULL, &error));
  g_assert_cmpmem (m, sizeof m, m2, sizeof m2);
}

static void
test_simple_paths (void)
{
  const guint diamond[] = { 0, 1, 1, 3, 0, 2, 2, 3, 0, 3, 1, 2, 3, 0 };
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GError) error = NULL;
  const guint expected[][4] = { { 0, 3 }, { 0, 1, 3 }, { 0, 2, 3 }, { 0, 1, 2, 3 } };
  const guint lengths[] = { 2, 3, 3, 4 };

  paths = ot_graph_simple_paths (4, diamond, 7, 0, 3, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, ==, 4);
  for (guint p = 0; p < 4; p++)
    {
      GArray *path = g_ptr_array_index (paths, p);

      g_assert_cmpuint (path->len, ==, lengths[p]);
      g_assert_cmpmem (path->data, path->len * sizeof (guint), expected[p], lengths[p] * sizeof (guint));
    }
  g_clear_pointer (&paths, g_ptr_array_unref);

  paths = ot_graph_simple_paths (4, diamond, 7, 0, 3, 2, NULL, &error);
  g_assert_cmpuint (paths->len, ==, 3);
  g_clear_pointer (&paths, g_ptr_array_unref);

  paths = ot_graph_simple_paths (4, diamond, 7, 3, 9, 2, NULL, &error);
  g_assert_null (paths);
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
}

static void
test_errors_unwind (void)
{
  const guint bad[] = { 0, 7 };
  const guint pair[] = { 0, 1, 1, 0 };
  const double negative[] = { 1, -1 };
  double out[2] = { 0 };
  guint m[2];
  g_autoptr(GError) error = NULL;

  /* A vertex out of range: igraph says so, we get an error, not abort. */
  g_assert_false (ot_graph_betweenness (2, bad, 1, out, NULL, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_GRAPH);
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
  g_clear_error (&error);

  g_assert_false (ot_graph_pagerank (2, pair, 2, negative, 0.85, out, NULL, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_GRAPH);
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
  g_clear_error (&error);

  g_assert_false (ot_graph_communities (2, pair, 2, negative, 1, m, NULL, NULL, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_GRAPH);
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
  g_clear_error (&error);

  {
    const double zero[] = { 1, 0 };
    double xy[4] = { 1, 2, 3, 4 };

    g_assert_false (ot_graph_layout_force (2, pair, 2, zero, xy, TRUE, 1, NULL, &error));
    g_assert_error (error, OT_ERROR, OT_ERROR_GRAPH);
    g_assert_cmpfloat (xy[3], ==, 4);
    g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
    g_clear_error (&error);
  }

  /* And igraph still works afterwards. */
  g_assert_true (ot_graph_pagerank (2, pair, 2, NULL, 0.85, out, NULL, &error));
  g_assert_cmpfloat_with_epsilon (out[0], 0.5, 1e-9);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  double xy[12];
  double before[12];

  for (guint k = 0; k < 12; k++)
    xy[k] = before[k] = k;
  g_cancellable_cancel (cancellable);

  /* The interruption hook stops igraph's loop; @xy is left alone. */
  g_assert_false (ot_graph_layout_force (6, two_triangles, 7, two_triangles_w, xy,
                                         TRUE, 1, cancellable, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_CANCELLED);
  g_assert_cmpmem (xy, sizeof xy, before, sizeof before);
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (data);
  return NULL;
}

/* A cancel that lands while igraph is inside its layout loop: the cleanup
 * stack is emptied while igraph's frames are alive, and igraph works
 * normally afterwards. */
static void
test_cancel_midway (void)
{
  const guint n = 3000, n_edges = 4 * n;
  g_autofree guint *edges = g_new (guint, 2 * n_edges);
  g_autofree double *xy = g_new (double, 2 * n);
  GRand *rand = g_rand_new_with_seed (3);
  double bc[6];

  for (guint e = 0; e < n_edges; e++)
    {
      edges[2 * e] = g_rand_int_range (rand, 0, n);
      edges[2 * e + 1] = g_rand_int_range (rand, 0, n);
    }
  g_rand_free (rand);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      GThread *thread = g_thread_new ("cancel", cancel_soon, cancellable);
      gboolean ok = ot_graph_layout_force (n, edges, n_edges, NULL, xy, FALSE, round,
                                           cancellable, &error);

      g_thread_join (thread);
      /* It may finish first on a fast machine; usually it is cancelled. */
      if (!ok)
        g_assert_error (error, OT_ERROR, OT_ERROR_CANCELLED);
      g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
    }

  /* igraph still works, and still cleans up after a real error. */
  g_assert_true (ot_graph_betweenness (6, two_triangles, 7, bc, NULL, NULL));
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
}

static double
distance (const double *xy,
          guint         a,
          guint         b)
{
  return hypot (xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]);
}

static void
test_layout (void)
{
  double xy[12], again[12], kept[12];
  double inside = 0, across = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_graph_layout_force (6, two_triangles, 7, NULL, xy, FALSE, 7, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ot_graph_layout_force (6, two_triangles, 7, NULL, again, FALSE, 7, NULL, &error));
  g_assert_cmpmem (xy, sizeof xy, again, sizeof again);

  /* Each triangle holds together: its sides are shorter than the
   * distances between non-adjacent vertices of the two triangles. */
  inside = distance (xy, 0, 1) + distance (xy, 1, 2) + distance (xy, 0, 2) +
           distance (xy, 3, 4) + distance (xy, 4, 5) + distance (xy, 3, 5);
  across = distance (xy, 0, 4) + distance (xy, 0, 5) + distance (xy, 1, 4) +
           distance (xy, 1, 5) + distance (xy, 0, 3) + distance (xy, 1, 3);
  g_assert_cmpfloat (inside, <, across);

  /* Seeded from a finished layout with one vertex new: it lands near its
   * neighbours, the others move little. */
  memcpy (kept, xy, sizeof xy);
  kept[10] = kept[11] = NAN;
  g_assert_true (ot_graph_layout_force (6, two_triangles, 7, NULL, kept, TRUE, 7, NULL, &error));
  for (guint k = 0; k < 12; k++)
    g_assert_true (isfinite (kept[k]));
  g_assert_cmpfloat (distance (kept, 5, 3), <, distance (kept, 5, 0));
  {
    double cx = 0, cy = 0, rms = 0;

    for (guint v = 0; v < 6; v++)
      cx += xy[2 * v] / 6, cy += xy[2 * v + 1] / 6;
    for (guint v = 0; v < 6; v++)
      rms += ((xy[2 * v] - cx) * (xy[2 * v] - cx) + (xy[2 * v + 1] - cy) * (xy[2 * v + 1] - cy)) / 6;
    rms = sqrt (rms);
    /* Documented: a seeded vertex drifts at most about a quarter of the
     * layout's radius. */
    for (guint v = 0; v < 5; v++)
      g_assert_cmpfloat (hypot (kept[2 * v] - xy[2 * v], kept[2 * v + 1] - xy[2 * v + 1]), <, 0.5 * rms);
  }
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
}

static gpointer
pagerank_many (gpointer data)
{
  const guint cycle[] = { 0, 1, 1, 2, 2, 3, 3, 4, 4, 0, 0, 2 };
  double pr[5], first[5];
  guint *mismatches = data;

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GError) error = NULL;

      if (!ot_graph_pagerank (5, cycle, 6, NULL, 0.85, pr, NULL, &error))
        g_atomic_int_inc (mismatches);
      if (round == 0)
        memcpy (first, pr, sizeof pr);
      else if (memcmp (first, pr, sizeof pr) != 0)
        g_atomic_int_inc (mismatches);
    }
  return NULL;
}

/* igraph is not thread-safe here: the lock must make concurrent callers
 * safe, each getting the same answer. */
static void
test_threads (void)
{
  GThread *threads[4];
  guint mismatches = 0;

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("pagerank", pagerank_many, &mismatches);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    g_thread_join (threads[t]);
  g_assert_cmpuint (mismatches, ==, 0);
  g_assert_cmpuint (ot_graph_finally_stack_size (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/graph/betweenness/path-and-star", test_betweenness_path_and_star);
  g_test_add_func ("/graph/pagerank/known-values", test_pagerank_known_values);
  g_test_add_func ("/graph/communities/two-rings", test_communities_two_rings);
  g_test_add_func ("/graph/simple-paths", test_simple_paths);
  g_test_add_func ("/graph/errors-unwind", test_errors_unwind);
  g_test_add_func ("/graph/cancel", test_cancel);
  g_test_add_func ("/graph/cancel-midway", test_cancel_midway);
  g_test_add_func ("/graph/layout", test_layout);
  g_test_add_func ("/graph/threads", test_threads);

  return g_test_run ();
}
