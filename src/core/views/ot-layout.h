/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-layout.h: layout helpers of the views that need no igraph: clipping
 * outlines to a rectangle, and ordering the columns of a layered drawing
 * (a Sankey diagram) to cut down crossings. */
#pragma once

#include <glib.h>

#include "ot-scene.h"

G_BEGIN_DECLS

/* Clips the closed ring @in (@n points) to @rect (Sutherland-Hodgman) and
 * appends the result to @out (of OtPoint).  Returns the number of points
 * appended: 0 when nothing of the ring is inside. */
guint   ot_layout_clip_ring      (const OtPoint *in,
                                  guint          n,
                                  const OtRect  *rect,
                                  GArray        *out);

/* A link between node @from in column c and node @to in column c + 1. */
typedef struct {
  guint  from;
  guint  to;
  double weight;
} OtLayerLink;

/* Orders the nodes of each column: @column[i] is node i's column (0 ..
 * @n_columns - 1); @order[i] is set to its rank from the top within its
 * column.  Starts from the order nodes are given in, then sweeps
 * barycentres (weighted mean rank of the linked nodes) right then left
 * until nothing moves or @max_sweeps; ties keep the previous order, so the
 * result is deterministic.  Returns the weighted crossings of the
 * result. */
double  ot_layout_order_layers   (guint              n_nodes,
                                  const guint       *column,
                                  guint              n_columns,
                                  const OtLayerLink *links,
                                  guint              n_links,
                                  guint              max_sweeps,
                                  guint             *order);
/* Weighted crossings of the links with this order. */
double  ot_layout_count_crossings (const guint       *column,
                                   const OtLayerLink *links,
                                   guint              n_links,
                                   const guint       *order);

G_END_DECLS
