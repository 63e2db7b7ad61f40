/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-analysis.h: rankings, rings and routes of a network, computed with
 * ot-graph on its simple graph (one link per ordered pair of vertices,
 * minerals merged, kg summed).  Immutable and reference counted like the
 * network it reads; build it in a worker (it calls igraph). */
#pragma once

#include <gio/gio.h>
#include "ot-network.h"

G_BEGIN_DECLS

/* The fixed seed of the community detection and of the sampled sources
 * of approximate betweenness (nothing else is random). */
#define OT_ANALYSIS_SEED 20250713

/* Betweenness (docs/network.md, "Betweenness, exact or estimated"): exact
 * (Brandes) costs about n_vertices × n_links steps.  Up to
 * OT_ANALYSIS_EXACT_WORK it is exact; above it, it is estimated from
 * OT_ANALYSIS_SOURCES sources drawn uniformly at random (seeded with
 * OT_ANALYSIS_SEED), their dependencies scaled by n_vertices / sources
 * (Brandes & Pich 2007).  The environment variable OT_BETWEENNESS_EXACT_WORK
 * (a whole number of steps) replaces the limit, for tests and for an analyst
 * who would rather wait. */
#define OT_ANALYSIS_EXACT_WORK 50000000.0
#define OT_ANALYSIS_SOURCES    256

typedef enum {
  OT_RANK_BETWEENNESS,
  OT_RANK_PAGERANK,
  OT_RANK_THROUGHPUT,      /* max (kg in, kg out) */
  OT_RANK_TRANSSHIPMENT,
  OT_N_RANKS
} OtRankBy;

const char   *ot_rank_by_name (OtRankBy by);      /* "betweenness" */

typedef struct _OtAnalysis OtAnalysis;

OtAnalysis   *ot_analysis_new   (OtNetwork     *network,
                                 GCancellable  *cancellable,
                                 GError       **error);
/* The same with the limit and the number of sources given (the tests):
 * @exact_work < 0 takes OT_ANALYSIS_EXACT_WORK (or the environment's). */
OtAnalysis   *ot_analysis_new_full (OtNetwork     *network,
                                    double         exact_work,
                                    guint          n_sources,
                                    GCancellable  *cancellable,
                                    GError       **error);
OtAnalysis   *ot_analysis_ref   (OtAnalysis    *analysis);
void          ot_analysis_unref (OtAnalysis    *analysis);

OtNetwork    *ot_analysis_get_network     (OtAnalysis *analysis);
double        ot_analysis_get_score       (OtAnalysis *analysis,
                                           guint       vertex,
                                           OtRankBy    by);
/* 0 when betweenness is exact, else how many sampled sources its
 * estimate comes from. */
guint         ot_analysis_get_betweenness_sources (OtAnalysis *analysis);

/* Vertex indices by descending score, ties by key; at most @limit
 * (0: all).  A new array of guint. */
GArray       *ot_analysis_rank            (OtAnalysis *analysis,
                                           OtRankBy    by,
                                           guint       limit);

/* Communities (candidate rings): numbered by size, largest first, ties by
 * their first key; members ascending (= by key). */
guint         ot_analysis_get_n_communities     (OtAnalysis *analysis);
guint         ot_analysis_get_community         (OtAnalysis *analysis,
                                                 guint       vertex);
const guint  *ot_analysis_get_community_members (OtAnalysis *analysis,
                                                 guint       community,
                                                 guint      *n_members);

/* A route between two vertices over the simple graph. */
typedef struct {
  guint   n_vertices;
  guint  *vertices;
  double  kg_min;       /* the lightest leg's kg: what the whole route carried at most */
  double  kg_total;     /* sum over its legs */
} OtRoute;

void          ot_route_free (OtRoute *route);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtRoute, ot_route_free)

/* Every simple route from @from to @to with at most @max_legs legs
 * (0: no limit), shortest first, then by vertex order (GPtrArray of
 * OtRoute). */
GPtrArray    *ot_analysis_find_routes     (OtAnalysis    *analysis,
                                           guint          from,
                                           guint          to,
                                           guint          max_legs,
                                           GCancellable  *cancellable,
                                           GError       **error);
/* The heaviest of those: largest kg_min, then fewer legs, then larger
 * kg_total, then the first in vertex order.  NULL with no error when
 * there is no route. */
OtRoute      *ot_analysis_heaviest_route  (OtAnalysis    *analysis,
                                           guint          from,
                                           guint          to,
                                           guint          max_legs,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtAnalysis, ot_analysis_unref)

G_END_DECLS
