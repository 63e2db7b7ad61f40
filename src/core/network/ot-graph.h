/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-graph.h: the only door to igraph.  Everything here takes and gives
 * plain C arrays: vertices are 0..n_vertices-1, edges are pairs
 * (edges[2k] -> edges[2k+1]).  Calls are serialised by one lock (igraph on
 * Debian is not thread-safe), may run in any thread, are cancellable
 * through igraph's interruption hook, and report igraph's failures as
 * OT_ERROR_GRAPH (OT_ERROR_CANCELLED when cancelled) instead of aborting. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Above this many vertices the force layout uses Fruchterman-Reingold
 * with igraph's grid approximation (near-linear per iteration). */
#define OT_GRAPH_LAYOUT_GRID_THRESHOLD 400

/* Directed, unweighted betweenness into @out[n_vertices]. */
gboolean   ot_graph_betweenness   (guint          n_vertices,
                                   const guint   *edges,
                                   guint          n_edges,
                                   double        *out,
                                   GCancellable  *cancellable,
                                   GError       **error);
/* The part of directed, unweighted betweenness that the shortest paths
 * from @sources[n_sources] (distinct vertices) to every vertex make, into
 * @out[n_vertices]: each source's dependencies summed, unscaled.  With
 * every vertex as a source it is ot_graph_betweenness (); a caller that
 * samples sources scales the sum itself. */
gboolean   ot_graph_betweenness_sources (guint          n_vertices,
                                         const guint   *edges,
                                         guint          n_edges,
                                         const guint   *sources,
                                         guint          n_sources,
                                         double        *out,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* Directed PageRank (PRPACK) with edge @weights (NULL: unweighted) into
 * @out[n_vertices]; sums to 1. */
gboolean   ot_graph_pagerank      (guint          n_vertices,
                                   const guint   *edges,
                                   guint          n_edges,
                                   const double  *weights,
                                   double         damping,
                                   double        *out,
                                   GCancellable  *cancellable,
                                   GError       **error);
/* Louvain (multilevel) communities of the undirected graph with edge
 * @weights (> 0, or NULL), the RNG seeded with @seed.  Communities are
 * numbered by size, largest first, ties by their lowest vertex. */
gboolean   ot_graph_communities   (guint          n_vertices,
                                   const guint   *edges,
                                   guint          n_edges,
                                   const double  *weights,
                                   guint          seed,
                                   guint         *membership,
                                   guint         *n_communities,
                                   GCancellable  *cancellable,
                                   GError       **error);
/* Every simple directed path from @from to @to with at most @max_legs
 * edges (0: no limit), as a GPtrArray of GArray of guint vertex indices,
 * shortest first, then in vertex order. */
GPtrArray *ot_graph_simple_paths  (guint          n_vertices,
                                   const guint   *edges,
                                   guint          n_edges,
                                   guint          from,
                                   guint          to,
                                   guint          max_legs,
                                   GCancellable  *cancellable,
                                   GError       **error);
/* Force-directed layout (Fruchterman-Reingold) into @xy[2 * n_vertices]
 * (x0, y0, x1, y1...).  @weights (> 0, or NULL) pull the ends of heavier
 * edges closer.  Without @use_seed: 500 iterations from random positions,
 * in igraph's units.  With @use_seed: the positions in @xy are the start
 * (a vertex with NAN there starts next to its placed neighbours), 100
 * gentle iterations, each vertex drifting at most about a quarter of the
 * layout's root mean square radius, and the result comes back in the
 * caller's frame (same centre and spread).  @seed seeds the RNG: same
 * input, same picture. */
gboolean   ot_graph_layout_force  (guint          n_vertices,
                                   const guint   *edges,
                                   guint          n_edges,
                                   const double  *weights,
                                   double        *xy,
                                   gboolean       use_seed,
                                   guint          seed,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* For the tests: igraph's FINALLY stack must be empty between calls. */
guint      ot_graph_finally_stack_size (void);

G_END_DECLS
