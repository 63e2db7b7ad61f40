/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-canvas.h: draws a chart's scene and lets the user explore it: pan,
 * zoom around the pointer, hover tooltips, click to select, drag a vertex
 * (network view), Escape to clear.
 *
 * The canvas reads the chart (scene, descriptions) but never changes it:
 * a selection is announced with "selection-changed", a vertex drag with
 * "vertex-dragged"; the owner applies them to the chart (in a worker) and
 * calls ot_canvas_refresh() when the new scene is ready. */
#pragma once

#include <gtk/gtk.h>

#include "ot-chart.h"
#include "ot-render.h"

G_BEGIN_DECLS

#define OT_TYPE_CANVAS (ot_canvas_get_type ())
G_DECLARE_FINAL_TYPE (OtCanvas, ot_canvas, OT, CANVAS, GtkWidget)

GtkWidget        *ot_canvas_new               (void);

void              ot_canvas_set_chart         (OtCanvas  *self,
                                               OtChart   *chart);
OtChart          *ot_canvas_get_chart         (OtCanvas  *self);

/* Takes the chart's current scene; @fit: fit the whole chart in view
 * (after a new dataset or view), otherwise keep the pan and zoom. */
void              ot_canvas_refresh           (OtCanvas  *self,
                                               gboolean   fit);
OtScene          *ot_canvas_get_scene         (OtCanvas  *self);    /* borrowed, may be NULL */
const OtViewport *ot_canvas_get_viewport      (OtCanvas  *self);
const OtRenderOptions *ot_canvas_get_render_options (OtCanvas *self);

void              ot_canvas_zoom              (OtCanvas  *self,
                                               double     factor);
void              ot_canvas_fit               (OtCanvas  *self);
/* TRUE while the view fits the chart (no pan or zoom since). */
gboolean          ot_canvas_is_fitted         (OtCanvas  *self);
/* Shows @viewport (a pan and zoom kept elsewhere: the workspace's), its
 * middle in the middle of the canvas whatever page size it was made for. */
void              ot_canvas_set_viewport      (OtCanvas         *self,
                                               const OtViewport *viewport);
/* Pans so that world point (@wx, @wy) is in the middle (search results). */
void              ot_canvas_centre_on         (OtCanvas  *self,
                                               double     wx,
                                               double     wy);

/* The budget of marks times @detail (OtRenderOptions.detail; 1: nominal). */
void              ot_canvas_set_detail        (OtCanvas  *self,
                                               double     detail);
double            ot_canvas_get_detail        (OtCanvas  *self);
/* Selects the mark (OT_HIT_NONE clears) and emits "selection-changed". */
void              ot_canvas_select            (OtCanvas  *self,
                                               OtHitKind  kind,
                                               guint      id);
OtHitKind         ot_canvas_get_selection     (OtCanvas  *self,
                                               guint     *id);
/* While busy (the chart is rebuilt in another thread) the canvas draws its
 * last scene and never calls the chart: no tooltips, no hover outline. */
void              ot_canvas_set_busy          (OtCanvas  *self,
                                               gboolean   busy);
gboolean          ot_canvas_is_busy           (OtCanvas  *self);
/* Whether a click may select a mark: not while the chart is rebuilt into
 * other marks (a new dataset, view or projection), whose ids differ. */
void              ot_canvas_set_selectable    (OtCanvas  *self,
                                               gboolean   selectable);
/* Whether a drag starting on a vertex moves it (the network view). */
void              ot_canvas_set_vertices_draggable (OtCanvas *self,
                                                    gboolean  draggable);
/* If the user zoomed or moved the chart, the next size change keeps the pan
 * and zoom (the marks stay where they are on screen); a fitted chart is
 * refitted as usual.  For a pane opening beside the canvas. */
void              ot_canvas_hold_view         (OtCanvas  *self);
/* Drops the selection without asking the chart (which the caller resets);
 * emits "selection-changed" if something was selected. */
void              ot_canvas_forget_selection  (OtCanvas  *self);
/* What a primary click at widget point (@x, @y) does: select the mark
 * under it, or clear the selection on empty space.  The click gesture
 * calls it; tests call it too. */
void              ot_canvas_click_at          (OtCanvas  *self,
                                               double     x,
                                               double     y);

/* What a primary-button drag from (@x0, @y0) to (@x1, @y1) does: move the
 * vertex under the start in the network view, else pan.  The drag gesture
 * runs the same code; tests call it. */
void              ot_canvas_drag              (OtCanvas  *self,
                                               double     x0,
                                               double     y0,
                                               double     x1,
                                               double     y1);

G_END_DECLS
