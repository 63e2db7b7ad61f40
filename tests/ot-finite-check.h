/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks that every number a network, an analysis and a scene hold is
 * finite: shared by tests/test-hostile-numeric.c and the chart fuzz
 * target (tests/fuzz/ot-fuzz-targets.c).  Aborts (g_assert) otherwise. */
#pragma once

#include <math.h>

#include "ot-analysis.h"
#include "ot-network.h"
#include "ot-scene-private.h"

#define OT_ASSERT_FINITE(x) g_assert_true (isfinite (x))
#define OT_ASSERT_KG(x) g_assert_true (isfinite (x) && (x) >= 0 && !signbit (x))

static inline void
ot_check_network_finite (OtNetwork *network)
{
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      const OtVertex *vx = ot_network_get_vertex (network, v);

      OT_ASSERT_KG (vx->kg_in);
      OT_ASSERT_KG (vx->kg_out);
      OT_ASSERT_KG (vx->kg_transshipped);
      OT_ASSERT_KG (vx->transshipment);
    }
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    OT_ASSERT_KG (ot_network_get_edge (network, e)->kg);
}

static inline void
ot_check_analysis_finite (OtAnalysis *analysis)
{
  OtNetwork *network = ot_analysis_get_network (analysis);

  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    for (guint by = 0; by < OT_N_RANKS; by++)
      OT_ASSERT_FINITE (ot_analysis_get_score (analysis, v, by));
}

static inline void
ot_check_rect_finite (const OtRect *r)
{
  OT_ASSERT_FINITE (r->x0);
  OT_ASSERT_FINITE (r->y0);
  OT_ASSERT_FINITE (r->x1);
  OT_ASSERT_FINITE (r->y1);
  OT_ASSERT_FINITE (r->x1 - r->x0);
  OT_ASSERT_FINITE (r->y1 - r->y0);
}

/* Every coordinate, width, radius and size of a finished scene. */
static inline void
ot_check_scene_finite (const OtScene *scene)
{
  g_assert_true (scene->finished);
  ot_check_rect_finite (&scene->bounds);
  for (guint i = 0; i < scene->points->len; i++)
    {
      const OtPoint *p = &g_array_index (scene->points, OtPoint, i);

      OT_ASSERT_FINITE (p->x);
      OT_ASSERT_FINITE (p->y);
    }
  for (guint i = 0; i < scene->edges->len; i++)
    {
      const OtEdgeItem *e = &g_array_index (scene->edges, OtEdgeItem, i);

      g_assert_true (isfinite (e->width) && e->width > 0);
      OT_ASSERT_FINITE (e->end_inset);
      OT_ASSERT_FINITE (e->importance);
      ot_check_rect_finite (&e->bbox);
    }
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *n = &g_array_index (scene->nodes, OtNodeItem, i);

      OT_ASSERT_FINITE (n->x);
      OT_ASSERT_FINITE (n->y);
      OT_ASSERT_FINITE (n->radius);
      OT_ASSERT_FINITE (n->width);
      OT_ASSERT_FINITE (n->height);
      OT_ASSERT_FINITE (n->stroke_width);
    }
  for (guint i = 0; i < scene->markers->len; i++)
    {
      const OtMarkerItem *m = &g_array_index (scene->markers, OtMarkerItem, i);

      OT_ASSERT_FINITE (m->x);
      OT_ASSERT_FINITE (m->y);
      OT_ASSERT_FINITE (m->size);
    }
  for (guint i = 0; i < scene->legend->len; i++)
    OT_ASSERT_FINITE (g_array_index (scene->legend, OtLegendItem, i).width);
  OT_ASSERT_FINITE (scene->max_edge_width);
  OT_ASSERT_FINITE (scene->max_node_radius);
  OT_ASSERT_FINITE (scene->max_marker_size);
}
