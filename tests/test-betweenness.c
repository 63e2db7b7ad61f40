/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Estimated betweenness against the exact value on a generated network
 * where both run (docs/network.md, "Betweenness, exact or estimated"):
 * the estimate's top ranks must agree within the error documented there.
 *
 * `test-betweenness --measure N` measures instead: N generated incidents,
 * the entities network, exact and estimated betweenness for several
 * numbers of sources, the agreement printed (the table in docs/network.md). */
#include "ot-analysis.h"
#include "ot-generator.h"
#include "ot-network.h"
#include "ot-test-load.h"
#include "ot-test-util.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
  double spearman;        /* rank correlation over every vertex */
  guint  top10_shared;    /* exact top 10 also in the estimate's top 10 */
  guint  top20_shared;
  double top10_max_rel;   /* largest |estimate − exact| / exact over the exact top 10 */
  double top10_mean_rel;
  double top20_max_rel;
} Agreement;

static const double *sort_scores;

static int
cmp_by_score (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  if (sort_scores[x] != sort_scores[y])
    return sort_scores[x] > sort_scores[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* Ranks (1 = highest), ties sharing their mean rank. */
static double *
ranks_of (const double *scores,
          guint         n)
{
  g_autofree guint *order = g_new (guint, n);
  double *rank = g_new (double, n);

  for (guint v = 0; v < n; v++)
    order[v] = v;
  sort_scores = scores;
  qsort (order, n, sizeof (guint), cmp_by_score);
  for (guint i = 0; i < n;)
    {
      guint j = i;

      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]])
        j++;
      for (guint k = i; k <= j; k++)
        rank[order[k]] = (i + j) / 2.0 + 1;
      i = j + 1;
    }
  return rank;
}

static double
spearman (const double *a,
          const double *b,
          guint         n)
{
  g_autofree double *ra = ranks_of (a, n);
  g_autofree double *rb = ranks_of (b, n);
  double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

  for (guint v = 0; v < n; v++)
    {
      ma += ra[v];
      mb += rb[v];
    }
  ma /= n;
  mb /= n;
  for (guint v = 0; v < n; v++)
    {
      sab += (ra[v] - ma) * (rb[v] - mb);
      saa += (ra[v] - ma) * (ra[v] - ma);
      sbb += (rb[v] - mb) * (rb[v] - mb);
    }
  return sab / sqrt (saa * sbb);
}

static guint
shared_top (GArray *a,
            GArray *b,
            guint   k)
{
  guint shared = 0;

  for (guint i = 0; i < k && i < a->len; i++)
    for (guint j = 0; j < k && j < b->len; j++)
      if (g_array_index (a, guint, i) == g_array_index (b, guint, j))
        shared++;
  return shared;
}

static Agreement
compare (OtAnalysis *exact,
         OtAnalysis *estimate)
{
  guint n = ot_network_get_n_vertices (ot_analysis_get_network (exact));
  g_autofree double *e = g_new (double, n);
  g_autofree double *a = g_new (double, n);
  g_autoptr(GArray) top_e = ot_analysis_rank (exact, OT_RANK_BETWEENNESS, 20);
  g_autoptr(GArray) top_a = ot_analysis_rank (estimate, OT_RANK_BETWEENNESS, 20);
  Agreement ag = { 0 };

  for (guint v = 0; v < n; v++)
    {
      e[v] = ot_analysis_get_score (exact, v, OT_RANK_BETWEENNESS);
      a[v] = ot_analysis_get_score (estimate, v, OT_RANK_BETWEENNESS);
    }
  ag.spearman = spearman (e, a, n);
  ag.top10_shared = shared_top (top_e, top_a, 10);
  ag.top20_shared = shared_top (top_e, top_a, 20);
  for (guint i = 0; i < top_e->len; i++)
    {
      guint v = g_array_index (top_e, guint, i);
      double rel = fabs (a[v] - e[v]) / e[v];

      g_assert_cmpfloat (e[v], >, 0);
      if (i < 10)
        {
          ag.top10_max_rel = MAX (ag.top10_max_rel, rel);
          ag.top10_mean_rel += rel / 10;
        }
      ag.top20_max_rel = MAX (ag.top20_max_rel, rel);
    }
  return ag;
}

static OtNetwork *
generated_network (guint count)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, count, OT_FORMAT_CSV);
  g_autoptr(OtDataset) ds = NULL;
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);

  ds = ot_test_load_len ("generated.csv", text, size);
  return ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);
}

/* 20,000 generated incidents: 1,500-odd vertices, exact betweenness in a
 * fraction of a second.  The limits are those docs/network.md documents
 * for OT_ANALYSIS_SOURCES sources. */
static void
test_estimate_agrees (void)
{
  g_autoptr(OtNetwork) net = generated_network (20000);
  g_autoptr(OtAnalysis) exact = NULL;
  g_autoptr(OtAnalysis) estimate = NULL;
  g_autoptr(OtAnalysis) again = NULL;
  g_autoptr(GError) error = NULL;
  guint n = ot_network_get_n_vertices (net);
  Agreement ag;

  g_assert_cmpuint (n, >, 4 * OT_ANALYSIS_SOURCES);
  exact = ot_analysis_new_full (net, G_MAXDOUBLE, OT_ANALYSIS_SOURCES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_analysis_get_betweenness_sources (exact), ==, 0);
  estimate = ot_analysis_new_full (net, 0, OT_ANALYSIS_SOURCES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_analysis_get_betweenness_sources (estimate), ==, OT_ANALYSIS_SOURCES);

  ag = compare (exact, estimate);
  g_test_message ("%u vertices, %u sources: Spearman %.3f, top 10 shared %u, top 20 shared %u, "
                  "top 10 relative error max %.3f mean %.3f, top 20 max %.3f",
                  n, OT_ANALYSIS_SOURCES, ag.spearman, ag.top10_shared, ag.top20_shared,
                  ag.top10_max_rel, ag.top10_mean_rel, ag.top20_max_rel);
  g_assert_cmpfloat (ag.spearman, >=, 0.7);
  g_assert_cmpuint (ag.top10_shared, >=, 9);
  g_assert_cmpuint (ag.top20_shared, >=, 18);
  g_assert_cmpfloat (ag.top10_max_rel, <=, 0.30);
  g_assert_cmpfloat (ag.top10_mean_rel, <=, 0.15);

  /* The same sources every time: the same numbers. */
  again = ot_analysis_new_full (net, 0, OT_ANALYSIS_SOURCES, NULL, &error);
  g_assert_no_error (error);
  for (guint v = 0; v < n; v++)
    g_assert_cmpfloat (ot_analysis_get_score (again, v, OT_RANK_BETWEENNESS), ==,
                       ot_analysis_get_score (estimate, v, OT_RANK_BETWEENNESS));
}

/* Below the limit, or with as many sources as vertices, it is exact. */
static void
test_exact_below_limit (void)
{
  g_autoptr(OtNetwork) net = generated_network (2000);
  guint n = ot_network_get_n_vertices (net);
  g_autoptr(OtAnalysis) exact = ot_analysis_new_full (net, G_MAXDOUBLE, 8, NULL, NULL);
  g_autoptr(OtAnalysis) all = ot_analysis_new_full (net, 0, n, NULL, NULL);
  g_autoptr(OtAnalysis) deflt = ot_analysis_new (net, NULL, NULL);

  g_assert_cmpuint (ot_analysis_get_betweenness_sources (exact), ==, 0);
  g_assert_cmpuint (ot_analysis_get_betweenness_sources (all), ==, 0);
  /* 2,000 incidents are far below OT_ANALYSIS_EXACT_WORK. */
  g_assert_cmpuint (ot_analysis_get_betweenness_sources (deflt), ==, 0);
  for (guint v = 0; v < n; v++)
    g_assert_cmpfloat (ot_analysis_get_score (all, v, OT_RANK_BETWEENNESS), ==,
                       ot_analysis_get_score (exact, v, OT_RANK_BETWEENNESS));
}

static int
measure (guint count)
{
  static const guint sources[] = { 64, 128, 256, 512 };
  g_autoptr(OtNetwork) net = generated_network (count);
  g_autoptr(OtAnalysis) exact = NULL;
  gint64 t0 = g_get_monotonic_time ();

  exact = ot_analysis_new_full (net, G_MAXDOUBLE, 1, NULL, NULL);
  g_print ("%u incidents: %u vertices, exact analysis %.2f s\n", count,
           ot_network_get_n_vertices (net), (g_get_monotonic_time () - t0) / 1e6);
  g_print ("sources  Spearman  top10 shared  top20 shared  top10 max rel  top10 mean rel  top20 max rel  analysis s\n");
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(OtAnalysis) estimate = NULL;
      Agreement ag;

      t0 = g_get_monotonic_time ();
      estimate = ot_analysis_new_full (net, 0, sources[i], NULL, NULL);
      ag = compare (exact, estimate);
      g_print ("%7u  %8.3f  %12u  %12u  %13.3f  %14.3f  %13.3f  %10.2f\n", sources[i], ag.spearman,
               ag.top10_shared, ag.top20_shared, ag.top10_max_rel, ag.top10_mean_rel,
               ag.top20_max_rel, (g_get_monotonic_time () - t0) / 1e6);
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--measure"))
    return measure ((guint) g_ascii_strtoull (argv[2], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/betweenness/estimate-agrees", test_estimate_agrees);
  g_test_add_func ("/betweenness/exact-below-limit", test_exact_below_limit);
  return g_test_run ();
}
