/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-frame-source.h: chart updates as requests (issue 16, "The model").
 *
 * An OtFrameSource owns the chart and the frame cache of one workspace.
 * It is asked for frames — "the inputs changed", "the selection changed",
 * a dragged vertex, a fresh layout — and answers each with an update of
 * the chart in a GTask worker, publishing its result as an immutable
 * OtFrame ("update-ended").  The rules:
 *
 *  - The chart's inputs (the workspace's dataset, effective filter, view
 *    and projection; the theme, the play width period) are handed to it
 *    only between updates.  While one runs the caller may go on drawing
 *    the previous frame's scene.
 *  - A request whose inputs differ from the running update's (a new
 *    dataset, filter, period, view or projection) supersedes it: the
 *    running update is cancelled, its result is never published, and the
 *    next starts, with the workspace as it is then, as soon as it returns.
 *    Requests in a row start one update, not one each.
 *  - Restyles (selection, highlight, theme, a dragged vertex, a relayout)
 *    never cancel: they are applied by the next update, started when the
 *    running one ends.
 *  - After each published frame its network is analysed (betweenness) in
 *    another worker ("analysis-ready"); an analysis of a network no longer
 *    published is cancelled.
 *  - A big dataset's first frames are published uncounted (ot-frame.h):
 *    the sidebar's facets are counted after, in another worker, and the
 *    counted frame replaces the published one ("facets-ready").
 *
 * Everything runs in the thread-default main context the source was made
 * in; no GTK. */
#pragma once

#include "ot-workspace.h"
#include "ot-frame.h"
#include "ot-analysis.h"

G_BEGIN_DECLS

/* What changed, for ot_frame_source_request (). */
typedef enum {
  OT_FRAME_CHANGE_NONE      = 0,
  /* the workspace's dataset, filter, period, view or projection, or the
   * width period: the running update is superseded if it rebuilds from
   * other inputs */
  OT_FRAME_CHANGE_INPUTS    = 1 << 0,
  /* the frame starts afresh: the marks are new, the caller fits them
   * (a new dataset, view or projection) */
  OT_FRAME_CHANGE_FIT       = 1 << 1,
  OT_FRAME_CHANGE_SELECTION = 1 << 2,   /* the workspace's selection */
  OT_FRAME_CHANGE_HIGHLIGHT = 1 << 3,   /* the workspace's highlight */
} OtFrameChange;

#define OT_TYPE_FRAME_SOURCE (ot_frame_source_get_type ())
G_DECLARE_FINAL_TYPE (OtFrameSource, ot_frame_source, OT, FRAME_SOURCE, GObject)

OtFrameSource *ot_frame_source_new          (OtWorkspace   *workspace);

/* The chart the frames come from: read it only while no update runs
 * (ot_frame_source_is_updating ()), never set its inputs. */
OtChart       *ot_frame_source_get_chart    (OtFrameSource *self);
/* The last frame published, or NULL; never changes after. */
OtFrame       *ot_frame_source_get_frame    (OtFrameSource *self);
/* The network of the last frame and its analysis (NULL until computed). */
OtNetwork     *ot_frame_source_get_network  (OtFrameSource *self);
OtAnalysis    *ot_frame_source_get_analysis (OtFrameSource *self);

/* Requests ------------------------------------------------------------------ */

void           ot_frame_source_request      (OtFrameSource *self,
                                             OtFrameChange  changes);
/* Restyles that are commands (one user action each, for undo).  The theme
 * set before the first request comes with the first frame. */
void           ot_frame_source_set_theme    (OtFrameSource *self,
                                             const OtTheme *theme);
/* Network view: vertex @id dragged to (@x, @y); only the latest place of
 * a drag counts.  Forgotten by a frame that starts afresh. */
void           ot_frame_source_move_vertex  (OtFrameSource *self,
                                             guint          id,
                                             double         x,
                                             double         y);
/* Network view: a fresh layout from the next seed (a frame that starts
 * afresh). */
void           ot_frame_source_relayout     (OtFrameSource *self);
/* Issue 17.  The document's pins of the network view (vertex key ->
 * double[2], ot_document_dup_pins ()), replacing a drag's places; its
 * notes ("kind\x1fkey" -> text) and whether they are drawn.  Restyles:
 * kept (a reference) and handed to the chart with the next update;
 * before the first request they come with the first frame. */
void           ot_frame_source_set_pins     (OtFrameSource *self,
                                             GHashTable    *pins);
void           ot_frame_source_set_notes    (OtFrameSource *self,
                                             GHashTable    *notes,
                                             gboolean       show);
/* Issue 18: whether the trade statistics are drawn as a layer
 * (ot_chart_set_show_trade ()); a restyle like the notes. */
void           ot_frame_source_set_show_trade (OtFrameSource *self,
                                               gboolean       show);
/* Handed with the next update (no request of their own). */
void           ot_frame_source_set_width_period (OtFrameSource     *self,
                                                 guint32            from_day,
                                                 guint32            to_day);
void           ot_frame_source_set_measure  (OtFrameSource      *self,
                                             OtHistogramMeasure  measure);

/* State ---------------------------------------------------------------------- */

/* TRUE from a request until the update that answers it ended ("updating"
 * is notified when this changes). */
gboolean       ot_frame_source_is_updating  (OtFrameSource *self);
/* TRUE while the last frame's network is being analysed. */
gboolean       ot_frame_source_is_analysing (OtFrameSource *self);
/* TRUE while an uncounted frame's facets are being counted. */
gboolean       ot_frame_source_is_counting  (OtFrameSource *self);
/* Updates that ended (published a frame, or failed) and updates cancelled
 * because a request superseded them, since the source was made. */
void           ot_frame_source_get_counts   (OtFrameSource *self,
                                             guint         *ended,
                                             guint         *superseded);

G_END_DECLS
