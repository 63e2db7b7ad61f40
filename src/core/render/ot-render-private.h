/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-render-private.h: what the renderer, the chrome and hit-testing share. */
#pragma once

#include <pango/pangocairo.h>

#include "ot-painter.h"
#include "ot-render.h"
#include "ot-scene-private.h"

G_BEGIN_DECLS

/* The level of detail for one viewport: a pure function of the viewport
 * and the options, so drawing and hit-testing agree on what is shown. */
typedef struct {
  gboolean exact;
  double   size_factor;
  guint    max_rank;      /* edges of this rank or more are hidden */
  guint    max_node_rank; /* nodes of this rank or more are hidden */
  double   min_edge_px;
  guint    max_labels;
  double   zoom;          /* relative to the fit, for marks' zoom ranges */
  guint    budget_edges;  /* the budget of marks (before the interactive */
  guint    budget_nodes;  /* limits), what captions and tests report */
  guint    max_trade_rank; /* statistical flows of this rank or more are
                            * hidden: their own budget (issue 18) */
  guint    budget_trade;
} OtLod;

/* @plot: the plot area on @vp's page, NULL to have it computed (and
 * cached in the scene). */
void ot_render_lod (const OtScene         *scene,
                    const OtViewport      *vp,
                    const OtRenderOptions *opts,
                    const OtRect          *plot,
                    OtLod                 *lod);

/* The budget applies to exact drawing too; selected marks always show. */
static inline gboolean
ot_lod_shows_edge (const OtLod      *lod,
                   const OtEdgeItem *edge)
{
  if (lod->zoom < edge->min_zoom || lod->zoom >= edge->max_zoom)
    return FALSE;
  if (edge->flags & OT_MARK_SELECTED)
    return TRUE;
  if (edge->rank >= lod->max_rank)
    return FALSE;
  return lod->exact || edge->width * lod->size_factor >= lod->min_edge_px;
}

static inline gboolean
ot_lod_shows_node (const OtLod      *lod,
                   const OtNodeItem *node)
{
  if (lod->zoom < node->min_zoom || lod->zoom >= node->max_zoom)
    return FALSE;
  /* Sankey columns are never hidden: their bands would hang in the air.
   * A place at the end of a shown flow shows; other places by size. */
  if ((node->flags & OT_MARK_SELECTED) || node->shape == OT_NODE_BAR)
    return TRUE;
  /* A place at the end of a statistical flow shown shows too; a place
   * only in trade statistics shows with its flows only. */
  if (node->trade_rank < lod->max_trade_rank)
    return TRUE;
  if (node->statistical)
    return FALSE;
  if (node->edge_rank != G_MAXUINT)
    return node->edge_rank < lod->max_rank;
  return node->rank < lod->max_node_rank;
}

/* A statistical flow (issue 18): within its own budget, or selected. */
static inline gboolean
ot_lod_shows_trade (const OtLod      *lod,
                    const OtEdgeItem *edge)
{
  if (lod->zoom < edge->min_zoom || lod->zoom >= edge->max_zoom)
    return FALSE;
  return (edge->flags & OT_MARK_SELECTED) || edge->rank < lod->max_trade_rank;
}

/* A marker shows with its place: while one of its place's nodes shows;
 * a selected marker, and one without a place node, always. */
static inline gboolean
ot_lod_shows_marker (const OtLod        *lod,
                     const OtScene      *scene,
                     const OtMarkerItem *m)
{
  const guint *places = (const guint *) (void *) scene->marker_places->data;

  if (lod->zoom < m->min_zoom || lod->zoom >= m->max_zoom)
    return FALSE;
  if (m->n_places == 0 || (m->flags & OT_MARK_SELECTED))
    return TRUE;
  for (guint k = m->first_place; k < m->first_place + m->n_places; k++)
    if (ot_lod_shows_node (lod, &g_array_index (scene->nodes, OtNodeItem, places[k])))
      return TRUE;
  return FALSE;
}

/* A marker's centre on the page: its place plus its page offset. */
static inline void
ot_lod_marker_center (const OtLod        *lod,
                      const OtViewport   *vp,
                      const OtMarkerItem *m,
                      double             *px,
                      double             *py)
{
  ot_viewport_to_page (vp, m->x, m->y, px, py);
  *px += m->dx * lod->size_factor;
  *py += m->dy * lod->size_factor;
}

/* ot_render_scene() on any painter: the Cairo one for the screen, PNG
 * and PDF, the SVG writer for SVG. */
void ot_render_scene_painter (OtPainter             *dc,
                              const OtScene         *scene,
                              const OtViewport      *vp,
                              const OtRenderOptions *opts);

/* Where the chrome goes on a page. */
typedef struct {
  double margin;
  OtRect plot;
  OtRect legend;          /* empty: no legend */
  OtRect header;          /* title, subtitle, caption; empty: none */
  OtRect footer;          /* source line; empty: none */
  double title_y, subtitle_y, caption_y, source_y;   /* < 0: not shown */
  double text_width;
  gboolean legend_compact; /* in rows under the plot instead of a column */
} OtChromeLayout;

void ot_render_chrome_layout (PangoContext          *context,
                              const OtScene         *scene,
                              const OtRenderOptions *opts,
                              double                 width,
                              double                 height,
                              OtChromeLayout        *layout);
/* @caption: the budget line (ot_render_budget_caption()), may be NULL. */
void ot_render_chrome_draw   (OtPainter             *dc,
                              PangoContext          *context,
                              const OtScene         *scene,
                              const OtChromeLayout  *layout,
                              const char            *caption);
/* The plot area of a @width x @height page, computed once per size and
 * cached in the scene (hit-testing asks at every pointer motion). */
void ot_render_cached_plot_area (const OtScene         *scene,
                                 const OtRenderOptions *opts,
                                 double                 width,
                                 double                 height,
                                 OtRect                *area);

/* Shapes shared by marks and legend samples. */
void ot_render_node_shape    (OtPainter             *dc,
                              OtNodeShape            shape,
                              double                 x,
                              double                 y,
                              double                 r);
void ot_render_marker        (OtPainter             *dc,
                              const OtTheme         *theme,
                              OtMarkerShape          shape,
                              const OtRgba          *color,
                              double                 x,
                              double                 y,
                              double                 size);
/* Below this width (page px) an OT_DASH_HOLLOW stroke is dashed: a rim on
 * each side and an inside need room. */
#define OT_RENDER_HOLLOW_MIN_WIDTH 3.5

/* Strokes (and clears) the current path in @color with @dash at @width;
 * OT_DASH_HOLLOW draws a rim in @color around the theme's background
 * washed with 30 % of @color,
 * or dashes below OT_RENDER_HOLLOW_MIN_WIDTH.  | OT_DASH_ILLUSTRATIVE
 * adds a row of dots along the middle (background-coloured on a solid
 * stroke, @color in a hollow one); below OT_RENDER_HOLLOW_MIN_WIDTH the
 * line itself is dotted (dash-dotted when hollow).  Also the legend's
 * samples. */
void ot_render_stroke_styled (OtPainter             *dc,
                              const OtTheme         *theme,
                              const OtRgba          *color,
                              double                 alpha,
                              OtDash                 dash,
                              double                 width);
void ot_render_set_dash      (OtPainter             *dc,
                              OtDash                 dash,
                              double                 width);

static inline void
ot_set_rgba (OtPainter    *dc,
             const OtRgba *c,
             double        alpha)
{
  ot_painter_set_source_rgba (dc, c->r, c->g, c->b, c->a * alpha);
}

G_END_DECLS
