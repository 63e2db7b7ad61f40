/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-render.h: draws a finished scene into any cairo_t (widget, PNG, SVG,
 * PDF) and answers which mark is under a point.  See docs/rendering.md. */
#pragma once

#include <cairo.h>

#include "ot-scene.h"
#include "ot-viewport.h"

G_BEGIN_DECLS

typedef struct {
  gboolean exact;         /* exports: every mark and label, no level of detail */
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
} OtRenderOptions;

/* Defaults: interactive level of detail, chrome shown. */
void     ot_render_options_init   (OtRenderOptions       *opts);

/* Draws @scene (finished) on a @vp->width x @vp->height page in the user
 * space of @cr (which may already be scaled, e.g. for a high-DPI PNG).
 * @opts may be NULL for the defaults.  Leaves @cr's state as it was. */
void     ot_render_scene          (cairo_t               *cr,
                                   const OtScene         *scene,
                                   const OtViewport      *vp,
                                   const OtRenderOptions *opts);

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
