/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-layout-force.h: the network view's force-directed layout, without
 * igraph: a multilevel spring-electrical layout (Hu 2005, "Efficient and
 * high quality force-directed graph drawing") whose repulsion is
 * approximated by a Barnes–Hut quadtree.  Plain arrays in, plain arrays
 * out; the result depends only on the input and the seed.  See
 * docs/views.md, "Network view", and docs/performance.md, "Issue 20:
 * layout and exports". */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lays out the undirected graph of @n_vertices with @n_pairs links
 * (@pairs[2k], @pairs[2k + 1]; loops and repeats allowed, ignored) into
 * @xy (x0, y0, x1, y1…), in units of the natural link length (about 1).
 * The graph is coarsened by matching neighbours (a vertex's single-link
 * neighbours join it), the coarsest graph laid out from seeded random
 * positions, and each finer graph refined from its coarser one.  Meant
 * for a connected graph: the parts of a disconnected one drift apart. */
void    ot_layout_force        (guint         n_vertices,
                                const guint  *pairs,
                                guint         n_pairs,
                                guint         seed,
                                double       *xy);

/* The statistics of the last call in this thread, for the tests and the
 * benchmark: levels of the hierarchy and iterations at the finest one. */
typedef struct {
  guint levels;
  guint finest_iterations;
  guint total_iterations;
} OtLayoutForceStats;

void    ot_layout_force_get_stats (OtLayoutForceStats *stats);

G_END_DECLS
