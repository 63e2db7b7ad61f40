/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-layout-network.h: the network view's layout helpers that need no
 * igraph: connected components, spreading a drawing over its box, packing
 * component boxes into a page shape, and the disparity backbone (Serrano,
 * Boguñá & Vespignani 2009).  Plain arrays in, plain arrays out; every
 * result depends only on the input (no randomness).  See docs/views.md,
 * "Network view". */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Connected components of the undirected graph with @n_pairs links
 * (@pairs[2k], @pairs[2k + 1]); @component[v] gets v's component,
 * numbered from 0 in the order of their lowest vertex.  Returns how many
 * there are. */
guint   ot_layout_components   (guint         n_vertices,
                                const guint  *pairs,
                                guint         n_pairs,
                                guint        *component);

/* Moves every vertex with one or two neighbours along its links until
 * none of them is longer than @share times the median link (@rounds
 * rounds, in vertex order): force layouts stretch chains far out. */
void    ot_layout_pull_in_chains (guint         n_vertices,
                                  const guint  *pairs,
                                  guint         n_pairs,
                                  double        share,
                                  guint         rounds,
                                  double       *xy);

/* Spreads @xy (x0, y0, x1, y1…) over the unit square: on each axis a
 * vertex goes to (1 - @rank_share) times its linear position between the
 * extremes plus @rank_share times its weighted rank: every vertex owns a
 * slice of the axis as wide as its weight (@weights, NULL or <= 0: 1) and
 * sits in its middle, the first and the last at 0 and 1.  A few far
 * outliers then no longer squeeze the rest into a corner, and big
 * vertices get room.  Ties go by index.  One vertex goes to 0.5. */
void    ot_layout_spread       (double       *xy,
                                const double *weights,
                                guint         n,
                                double        rank_share);

/* Moves each vertex of @xy along its ray from the centroid, to (1 -
 * @rank_share) times its distance plus @rank_share times the radius of a
 * disc (as large as the farthest vertex) holding, at even density, the
 * @areas (NULL or <= 0: 1) of the vertices nearer the centre and half its
 * own: a crowded core gets room in proportion to what it holds. */
void    ot_layout_spread_radially (double       *xy,
                                   const double *areas,
                                   guint         n,
                                   double        rank_share);

typedef struct {
  double w, h;     /* in */
  double x, y;     /* out: top-left corner */
} OtLayoutBox;

/* Packs @boxes (in the order given: put the largest first) without
 * overlap, each at the lowest free place of a skyline (then leftmost),
 * in a strip as wide as the widest box or as a rectangle of @aspect
 * (width / height) holding their total area, whichever is wider.
 * @width and @height get the size of the packing. */
void    ot_layout_pack_boxes   (OtLayoutBox  *boxes,
                                guint         n,
                                double        aspect,
                                double       *width,
                                double       *height);

/* The disparity filter on a directed weighted graph: for link k from a
 * to b with weight w (> 0), p = w / s_out(a) among a's k_out(a) outgoing
 * links gives alpha_out = (1 - p)^(k_out(a) - 1), and likewise alpha_in
 * at b.  @alpha[k] gets the smaller of the two; an end with a single link
 * (k = 1) gives 1 (it cannot judge), as does a weight <= 0 or not finite.
 * A link is significant at level A when @alpha[k] < A. */
void    ot_layout_disparity    (guint         n_vertices,
                                const guint  *pairs,
                                const double *weights,
                                guint         n_pairs,
                                double       *alpha);

G_END_DECLS
