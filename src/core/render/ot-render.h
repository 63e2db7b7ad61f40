/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-render.h: draws a finished scene into any cairo_t (widget, PNG, SVG,
 * PDF) and answers which mark is under a point.  See docs/rendering.md. */
#pragma once

#include <cairo.h>

#include "ot-scene.h"
#include "ot-viewport.h"

G_BEGIN_DECLS

typedef struct {
  gboolean exact;         /* exports: exact shapes and halos, every label that
                           * fits, no interactive limits (the budget applies) */
  gboolean show_chrome;   /* title, subtitle, legend, source line */
  gboolean transparent;   /* leave the background unpainted */
  guint    max_edges;     /* level of detail: edges shown at the fitted zoom,
                           * the most important first; grows with zoom^2 */
  double   max_edge_ink;  /* level of detail: px² the shown edges may cover
                           * (length x width); keeps frames fast */
  guint    max_nodes;     /* level of detail: nodes shown at the fitted zoom,
                           * the largest first; grows with zoom^2 */
  guint    max_labels;    /* level of detail: labels placed at the fitted zoom */
  double   min_edge_px;   /* level of detail: thinner edges are hidden */
  double   hit_tolerance; /* px added around marks by hit-testing */
  OtHitKind highlight_kind; /* marks of this kind and id are outlined in the */
  guint    highlight_id;    /* selection colour (hover), OT_HIT_NONE: none */
  guint    top_n;         /* budget: this many flows at the fitted zoom
                           * (--top N) instead of the plot area's budget;
                           * 0: from the plot area; OT_RENDER_ALL: every one */
  double   detail;        /* budget: the plot area's budget times this (the
                           * window's Detail control); 0 counts as 1 */
} OtRenderOptions;

#define OT_RENDER_ALL G_MAXUINT

/* The mark budget (docs/rendering.md, "Budget of marks"): at the fitted
 * zoom one flow per OT_RENDER_FLOW_CELL x OT_RENDER_FLOW_CELL px and one
 * place per OT_RENDER_PLACE_CELL² px of the plot area; both grow with
 * zoom². */
#define OT_RENDER_FLOW_CELL  80.0
#define OT_RENDER_PLACE_CELL 20.0
/* Flows of trade statistics (issue 18) have a budget of their own: one
 * per OT_RENDER_TRADE_CELL² px, so the quieter layer never outnumbers the
 * incident flows (--top N: N of each). */
#define OT_RENDER_TRADE_CELL 150.0

/* What a drawing shows, for tests and captions: ot_render_layout() and
 * ot_render_scene_stats().  Rectangles are in page px. */
typedef struct {
  OtRect  plot;           /* where marks are drawn (clipped) */
  OtRect  header;         /* title, subtitle and budget caption; empty: none */
  OtRect  legend;         /* empty: none */
  OtRect  footer;         /* source line; empty: none */
  gboolean legend_compact; /* the legend is in its compact form */
  guint   budget_edges;   /* flows the budget allows at this size and zoom */
  guint   budget_nodes;   /* places the budget allows */
  guint   n_edges;        /* flows in the scene */
  guint   n_edges_shown;  /* within the budget and level of detail (also
                           * those panned out of the plot) */
  guint   n_nodes;
  guint   n_nodes_shown;
  guint   n_bands;        /* Sankey bands (not budgeted) */
  double  kg_total;       /* kg of all flows, of those shown */
  double  kg_shown;
  guint   budget_trade;   /* statistical flows (issue 18): the budget, */
  guint   n_trade;        /* in the scene and within the budget; */
  guint   n_trade_shown;  /* never counted among the flows above */
  char   *caption;        /* the budget line drawn ("Showing 120 of …"), or NULL */
  GArray *labels;         /* OtRect: every label placed */
  guint   first_dropped;  /* how many of the most important labels were all
                           * placed before one was dropped (G_MAXUINT: none
                           * dropped) */
  GArray *nodes;          /* OtRect: every node drawn in the plot area */
  GArray *marker_places;  /* OtPoint: the place (page px, before its
                           * offset) of every event marker drawn in the
                           * plot area */
  OtRect  polygons;       /* bounds of the drawn background polygons (the
                           * map's land) within the plot; empty: none */
  GArray *callouts;       /* OtRect: the box of every note drawn (issue 17) */
} OtRenderStats;

void     ot_render_stats_clear    (OtRenderStats         *stats);


/* Defaults: interactive level of detail, chrome shown. */
void     ot_render_options_init   (OtRenderOptions       *opts);

/* Draws @scene (finished) on a @vp->width x @vp->height page in the user
 * space of @cr (which may already be scaled, e.g. for a high-DPI PNG).
 * @opts may be NULL for the defaults.  Leaves @cr's state as it was. */
void     ot_render_scene          (cairo_t               *cr,
                                   const OtScene         *scene,
                                   const OtViewport      *vp,
                                   const OtRenderOptions *opts);

/* What ot_render_scene() would draw with these arguments, without drawing:
 * the chrome's rectangles, the budget, the counts, the labels' and nodes'
 * rectangles.  Clear @stats with ot_render_stats_clear(). */
void     ot_render_layout         (const OtScene         *scene,
                                   const OtViewport      *vp,
                                   const OtRenderOptions *opts,
                                   OtRenderStats         *stats);

/* The page area left for the marks once the chrome (title, legend, source
 * line) has its place. */
void     ot_render_plot_area      (const OtScene         *scene,
                                   const OtRenderOptions *opts,
                                   double                 width,
                                   double                 height,
                                   OtRect                *area);
/* Fits the whole scene into its plot area on a @width x @height page. */
void     ot_render_fit            (const OtScene         *scene,
                                   const OtRenderOptions *opts,
                                   double                 width,
                                   double                 height,
                                   OtViewport            *vp);
/* Page-space bounding box of the marks drawn with @vp (node radii, edge
 * widths and marker sizes included). */
void     ot_render_get_bounds     (const OtScene         *scene,
                                   const OtViewport      *vp,
                                   OtRect                *bounds);

/* Builds what hit-testing needs that a drawing does not (the edges'
 * grid), which is otherwise built by the first ot_render_hit_test() on
 * @scene.  Thread-safe; call it in a worker once the scene is handed over,
 * so that the first pointer motion does not wait for it. */
void     ot_render_prepare_hit_test (const OtScene       *scene);

/* The mark under page point (@x, @y): nodes first, then markers, edges
 * (within half their width plus the tolerance, nearest first), bands and
 * areas.  Marks hidden by the level of detail of @opts (NULL: defaults)
 * are not hit.  Returns the kind (OT_HIT_NONE for empty space) and sets
 * @id to the mark's id. */
OtHitKind ot_render_hit_test      (const OtScene         *scene,
                                   const OtViewport      *vp,
                                   const OtRenderOptions *opts,
                                   double                 x,
                                   double                 y,
                                   guint                 *id);

G_END_DECLS
