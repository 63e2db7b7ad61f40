/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-analysis.h"
#include "ot-graph.h"

#include <stdlib.h>
#include "ot-numeric.h"

#define DAMPING 0.85
/* A link with no known quantity weighs as 1 kg: it still ties its ends
 * together for PageRank and the communities. */
#define MIN_WEIGHT_KG 1.0

struct _OtAnalysis
{
  gatomicrefcount  ref;
  OtNetwork       *network;
  guint            n_vertices;
  double          *betweenness;
  guint            betweenness_sources;   /* 0: exact */
  double          *pagerank;
  guint           *community;
  guint            n_communities;
  guint           *member_off;
  guint           *members;
  /* The directed simple graph, for the routes. */
  guint            n_links;
  guint           *links;
  double          *link_kg;
};

static const char * const rank_names[OT_N_RANKS] = {
  "betweenness", "pagerank", "throughput", "transshipment",
};

const char *
ot_rank_by_name (OtRankBy by)
{
  g_return_val_if_fail (by < OT_N_RANKS, NULL);

  return rank_names[by];
}

static double *
link_weights (const double *kg,
              guint         n_links)
{
  double *w = g_new (double, MAX (n_links, 1));

  for (guint k = 0; k < n_links; k++)
    w[k] = MAX (ot_kg_clamp (kg[k]), MIN_WEIGHT_KG);   /* finite: PageRank and Leiden sum them */
  return w;
}

static int
cmp_guint (gconstpointer a,
           gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static gboolean
compute_communities (OtAnalysis    *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree double *kg = NULL;
  g_autofree double *w = NULL;
  g_autofree guint *links = NULL;
  g_autofree guint *cursor = NULL;
  guint n_links;

  links = ot_network_get_links (self->network, TRUE, &n_links, &kg);
  w = link_weights (kg, n_links);
  self->community = g_new0 (guint, MAX (self->n_vertices, 1));
  if (!ot_graph_communities (self->n_vertices, links, n_links, w, OT_ANALYSIS_SEED,
                             self->community, &self->n_communities, cancellable, error))
    return FALSE;

  /* Members per community, ascending. */
  cursor = g_new0 (guint, self->n_communities + 1);
  for (guint v = 0; v < self->n_vertices; v++)
    cursor[self->community[v] + 1]++;
  for (guint c = 0; c < self->n_communities; c++)
    cursor[c + 1] += cursor[c];
  self->member_off = g_memdup2 (cursor, sizeof (guint) * (self->n_communities + 1));
  self->members = g_new (guint, MAX (self->n_vertices, 1));
  for (guint v = 0; v < self->n_vertices; v++)
    self->members[cursor[self->community[v]]++] = v;
  return TRUE;
}

static double
exact_work_limit (void)
{
  const char *text = g_getenv ("OT_BETWEENNESS_EXACT_WORK");
  guint64 v;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &v, NULL))
    return (double) v;
  return OT_ANALYSIS_EXACT_WORK;
}

/* @k distinct vertices of @n drawn uniformly (a partial Fisher-Yates
 * shuffle with a fixed seed), ascending. */
static guint *
sample_sources (guint n,
                guint k)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (OT_ANALYSIS_SEED);
  guint *all = g_new (guint, n);

  for (guint v = 0; v < n; v++)
    all[v] = v;
  for (guint i = 0; i < k; i++)
    {
      guint j = (guint) g_rand_int_range (rand, (gint32) i, (gint32) n);
      guint t = all[i];

      all[i] = all[j];
      all[j] = t;
    }
  qsort (all, k, sizeof (guint), cmp_guint);
  return all;
}

static gboolean
compute_betweenness (OtAnalysis    *self,
                     double         exact_work,
                     guint          n_sources,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree guint *sources = NULL;
  double scale;
  guint n = self->n_vertices;

  if (exact_work < 0)
    exact_work = exact_work_limit ();
  if ((double) n * self->n_links <= exact_work || n_sources == 0 || n_sources >= n)
    return ot_graph_betweenness (n, self->links, self->n_links, self->betweenness,
                                 cancellable, error);

  sources = sample_sources (n, n_sources);
  if (!ot_graph_betweenness_sources (n, self->links, self->n_links, sources, n_sources,
                                     self->betweenness, cancellable, error))
    return FALSE;
  scale = (double) n / n_sources;
  for (guint v = 0; v < n; v++)
    self->betweenness[v] *= scale;
  self->betweenness_sources = n_sources;
  return TRUE;
}

OtAnalysis *
ot_analysis_new (OtNetwork     *network,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return ot_analysis_new_full (network, -1, OT_ANALYSIS_SOURCES, cancellable, error);
}

OtAnalysis *
ot_analysis_new_full (OtNetwork     *network,
                      double         exact_work,
                      guint          n_sources,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(OtAnalysis) self = NULL;
  g_autofree double *w = NULL;

  g_return_val_if_fail (network != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (OtAnalysis, 1);
  g_atomic_ref_count_init (&self->ref);
  self->network = ot_network_ref (network);
  self->n_vertices = ot_network_get_n_vertices (network);
  self->links = ot_network_get_links (network, FALSE, &self->n_links, &self->link_kg);
  self->betweenness = g_new0 (double, MAX (self->n_vertices, 1));
  self->pagerank = g_new0 (double, MAX (self->n_vertices, 1));
  w = link_weights (self->link_kg, self->n_links);

  if (!compute_betweenness (self, exact_work, n_sources, cancellable, error) ||
      !ot_graph_pagerank (self->n_vertices, self->links, self->n_links, w, DAMPING,
                          self->pagerank, cancellable, error) ||
      !compute_communities (self, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

OtAnalysis *
ot_analysis_ref (OtAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  g_atomic_ref_count_inc (&analysis->ref);
  return analysis;
}

void
ot_analysis_unref (OtAnalysis *analysis)
{
  g_return_if_fail (analysis != NULL);

  if (!g_atomic_ref_count_dec (&analysis->ref))
    return;

  ot_network_unref (analysis->network);
  g_free (analysis->betweenness);
  g_free (analysis->pagerank);
  g_free (analysis->community);
  g_free (analysis->member_off);
  g_free (analysis->members);
  g_free (analysis->links);
  g_free (analysis->link_kg);
  g_free (analysis);
}

OtNetwork *
ot_analysis_get_network (OtAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, NULL);

  return analysis->network;
}

guint
ot_analysis_get_betweenness_sources (OtAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, 0);

  return analysis->betweenness_sources;
}

double
ot_analysis_get_score (OtAnalysis *analysis,
                       guint       vertex,
                       OtRankBy    by)
{
  const OtVertex *v;

  g_return_val_if_fail (analysis != NULL, 0);
  g_return_val_if_fail (vertex < analysis->n_vertices, 0);

  v = ot_network_get_vertex (analysis->network, vertex);
  switch (by)
    {
    case OT_RANK_BETWEENNESS: return analysis->betweenness[vertex];
    case OT_RANK_PAGERANK: return analysis->pagerank[vertex];
    case OT_RANK_THROUGHPUT: return MAX (v->kg_in, v->kg_out);
    case OT_RANK_TRANSSHIPMENT: return v->transshipment;
    case OT_N_RANKS:
    default:
      g_return_val_if_reached (0);
    }
}

typedef struct {
  guint  vertex;
  double score;
  guint  incidents;
} Ranked;

static int
cmp_ranked (gconstpointer a,
            gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->incidents != y->incidents)
    return x->incidents > y->incidents ? -1 : 1;
  /* Vertex indices follow the keys. */
  return x->vertex < y->vertex ? -1 : x->vertex > y->vertex;
}

GArray *
ot_analysis_rank (OtAnalysis *analysis,
                  OtRankBy    by,
                  guint       limit)
{
  g_autofree Ranked *ranked = NULL;
  GArray *out;
  guint n;

  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (by < OT_N_RANKS, NULL);

  n = analysis->n_vertices;
  ranked = g_new (Ranked, MAX (n, 1));
  for (guint v = 0; v < n; v++)
    {
      const OtVertex *vx = ot_network_get_vertex (analysis->network, v);

      ranked[v].vertex = v;
      ranked[v].score = ot_analysis_get_score (analysis, v, by);
      ranked[v].incidents = by == OT_RANK_THROUGHPUT ? MAX (vx->n_in, vx->n_out) : 0;
    }
  qsort (ranked, n, sizeof *ranked, cmp_ranked);

  if (limit == 0 || limit > n)
    limit = n;
  out = g_array_sized_new (FALSE, FALSE, sizeof (guint), limit);
  for (guint k = 0; k < limit; k++)
    g_array_append_val (out, ranked[k].vertex);
  return out;
}

guint
ot_analysis_get_n_communities (OtAnalysis *analysis)
{
  g_return_val_if_fail (analysis != NULL, 0);

  return analysis->n_communities;
}

guint
ot_analysis_get_community (OtAnalysis *analysis,
                           guint       vertex)
{
  g_return_val_if_fail (analysis != NULL, 0);
  g_return_val_if_fail (vertex < analysis->n_vertices, 0);

  return analysis->community[vertex];
}

const guint *
ot_analysis_get_community_members (OtAnalysis *analysis,
                                   guint       community,
                                   guint      *n_members)
{
  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (community < analysis->n_communities, NULL);
  g_return_val_if_fail (n_members != NULL, NULL);

  *n_members = analysis->member_off[community + 1] - analysis->member_off[community];
  return analysis->members + analysis->member_off[community];
}

void
ot_route_free (OtRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->vertices);
  g_free (route);
}

static double
link_kg (OtAnalysis *self,
         guint       from,
         guint       to)
{
  guint lo = 0, hi = self->n_links;

  /* Links are sorted by (from, to). */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint a = self->links[2 * mid], b = self->links[2 * mid + 1];

      if (a == from && b == to)
        return self->link_kg[mid];
      if (a < from || (a == from && b < to))
        lo = mid + 1;
      else
        hi = mid;
    }
  g_return_val_if_reached (0);
}

static OtRoute *
route_new (OtAnalysis *self,
           GArray     *path)
{
  OtRoute *route = g_new0 (OtRoute, 1);

  route->n_vertices = path->len;
  route->vertices = g_memdup2 (path->data, sizeof (guint) * path->len);
  for (guint k = 0; k + 1 < path->len; k++)
    {
      double kg = link_kg (self, route->vertices[k], route->vertices[k + 1]);

      route->kg_min = k == 0 ? kg : MIN (route->kg_min, kg);
      route->kg_total = ot_kg_add (route->kg_total, kg);
    }
  return route;
}

GPtrArray *
ot_analysis_find_routes (OtAnalysis    *analysis,
                         guint          from,
                         guint          to,
                         guint          max_legs,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  GPtrArray *routes;

  g_return_val_if_fail (analysis != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  paths = ot_graph_simple_paths (analysis->n_vertices, analysis->links, analysis->n_links,
                                 from, to, max_legs, cancellable, error);
  if (paths == NULL)
    return NULL;

  routes = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_route_free);
  for (guint p = 0; p < paths->len; p++)
    g_ptr_array_add (routes, route_new (analysis, g_ptr_array_index (paths, p)));
  return routes;
}

static gboolean
heavier (const OtRoute *a,
         const OtRoute *b)
{
  if (a->kg_min != b->kg_min)
    return a->kg_min > b->kg_min;
  if (a->n_vertices != b->n_vertices)
    return a->n_vertices < b->n_vertices;
  return a->kg_total > b->kg_total;
}

OtRoute *
ot_analysis_heaviest_route (OtAnalysis    *analysis,
                            guint          from,
                            guint          to,
                            guint          max_legs,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) routes = NULL;
  guint best = 0;

  g_return_val_if_fail (analysis != NULL, NULL);

  routes = ot_analysis_find_routes (analysis, from, to, max_legs, cancellable, error);
  if (routes == NULL || routes->len == 0)
    return NULL;

  /* Routes come shortest first, then in vertex order: the first of
   * equals wins. */
  for (guint r = 1; r < routes->len; r++)
    if (heavier (g_ptr_array_index (routes, r), g_ptr_array_index (routes, best)))
      best = r;
  return g_ptr_array_steal_index (routes, best);
}
