/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-workspace.h: what the analyst is looking at (issue 16, "The model").
 *
 * One object holds the dataset, the filter, the period, the view and its
 * projection, the selection, the highlight and the viewport.  Widgets are
 * to bind to its properties and follow its notifications instead of
 * keeping copies; nothing here knows GTK.  (Not yet wired to the window:
 * docs/architecture.md, "State".)
 *
 * Values, not shared state: every property is an immutable value (a copy
 * goes in, a copy comes out) or a reference to the dataset, which is not
 * changed once given.  A property notifies only when its value really
 * changes, and at most once per call.
 *
 * Commands: every change a user can make is one call here, and one call
 * makes its changes in one notification batch (g_object_freeze_notify ()
 * … thaw): ot_workspace_reset () puts the filter, the period, the
 * selection and the highlight back together; ot_workspace_clear_selection ()
 * (Escape) clears the selection and the highlight together.  That is what
 * undo and redo will stand on: an undo entry is one command; it records,
 * before the call, the values of the properties the call may change (all
 * cheap to copy: filter, period, selection, highlight, viewport, view,
 * projection, a dataset reference) and undoes by setting them back inside
 * one freeze/thaw.  Nothing changes the workspace except these calls, so
 * the record is complete.
 *
 * Rules between the parts (docs/architecture.md, "State"):
 * - The period is the workspace's, not the filter's: the filter property
 *   never holds one (ot_workspace_set_filter () drops a period given in
 *   the filter) and ot_workspace_dup_effective_filter () joins them.
 * - A selection or highlight naming a mark (a scene id) is cleared by a
 *   change of dataset, filter, period, view or projection, since mark ids
 *   change with them.  One naming incidents (dataset indices) keeps those
 *   the new filter and period still include and is cleared when none is
 *   left; a new dataset clears it.
 * - Only ot_workspace_set_viewport () and ot_workspace_reset_viewport ()
 *   change the viewport. */
#pragma once

#include <glib-object.h>

#include "ot-chart.h"
#include "ot-dataset.h"
#include "ot-filter.h"
#include "ot-network.h"
#include "ot-scene.h"
#include "ot-viewport.h"

G_BEGIN_DECLS


/* A period as Julian day numbers, both ends inclusive; 0 leaves an end
 * open, so { 0, 0 } is all time (the encoding of ot_filter_set_period ()). */
typedef struct {
  guint32 from_day;
  guint32 to_day;
} OtPeriod;

#define OT_TYPE_PERIOD (ot_period_get_type ())
GType      ot_period_get_type (void) G_GNUC_CONST;
OtPeriod  *ot_period_copy     (const OtPeriod *period);
void       ot_period_free     (OtPeriod       *period);

/* What is selected or highlighted: a mark of the scene (@kind and @id as
 * ot_render_hit_test () gives them; OT_HIT_NONE: no mark) and/or a set of
 * incidents (dataset indices, sorted, each once).  Empty when it has
 * neither.  Immutable once made; used for both the selection and the
 * highlight. */
typedef struct _OtSelection OtSelection;

#define OT_TYPE_SELECTION (ot_selection_get_type ())
GType         ot_selection_get_type      (void) G_GNUC_CONST;
/* @incidents may be NULL when @n_incidents is 0; they are copied, sorted
 * and made unique.  A kind of OT_HIT_NONE ignores @id. */
OtSelection  *ot_selection_new           (OtHitKind          kind,
                                          guint              id,
                                          const guint       *incidents,
                                          guint              n_incidents);
OtSelection  *ot_selection_copy          (const OtSelection *selection);
void          ot_selection_free          (OtSelection       *selection);
gboolean      ot_selection_equal         (const OtSelection *a,
                                          const OtSelection *b);
gboolean      ot_selection_is_empty      (const OtSelection *selection);
/* The mark; FALSE (and OT_HIT_NONE, 0) when there is none. */
gboolean      ot_selection_get_mark      (const OtSelection *selection,
                                          OtHitKind         *kind,
                                          guint             *id);
/* The incidents, sorted; owned by @selection (NULL when none). */
const guint  *ot_selection_get_incidents (const OtSelection *selection,
                                          guint             *n_incidents);
gboolean      ot_selection_has_incident  (const OtSelection *selection,
                                          guint              incident);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtSelection, ot_selection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtPeriod, ot_period_free)

#define OT_TYPE_WORKSPACE (ot_workspace_get_type ())
G_DECLARE_FINAL_TYPE (OtWorkspace, ot_workspace, OT, WORKSPACE, GObject)

/* Starts with no dataset, an empty filter, all time, the network view in
 * the entities projection, no selection or highlight and an unset viewport
 * (all zero: the view fits its scene). */
OtWorkspace     *ot_workspace_new                 (void);

/* A new dataset (NULL: none).  Clears the selection and the highlight;
 * keeps the filter, the period, the view, the projection and the
 * viewport. */
void             ot_workspace_set_dataset         (OtWorkspace       *self,
                                                   OtDataset         *dataset);
OtDataset       *ot_workspace_get_dataset         (OtWorkspace       *self);

/* Replaces the filter (copied; NULL: everything), without its period
 * (the period is ot_workspace_set_period ()'s).  Clears what no longer
 * exists of the selection and the highlight (see the top of this file). */
void             ot_workspace_set_filter          (OtWorkspace       *self,
                                                   const OtFilter    *filter);
/* Never NULL; owned by @self and replaced, never changed, by a set. */
const OtFilter  *ot_workspace_get_filter          (OtWorkspace       *self);
/* The filter with the period in it, for the network and the facets. */
OtFilter        *ot_workspace_dup_effective_filter (OtWorkspace      *self);

/* Julian days, 0 leaves an end open; 0, 0 is all time.  A period whose
 * ends are the wrong way round is put right. */
void             ot_workspace_set_period          (OtWorkspace       *self,
                                                   guint32            from_day,
                                                   guint32            to_day);
void             ot_workspace_get_period          (OtWorkspace       *self,
                                                   guint32           *from_day,
                                                   guint32           *to_day);

void             ot_workspace_set_view            (OtWorkspace       *self,
                                                   OtViewKind         view);
OtViewKind       ot_workspace_get_view            (OtWorkspace       *self);
void             ot_workspace_set_projection      (OtWorkspace       *self,
                                                   OtProjection       projection);
OtProjection     ot_workspace_get_projection      (OtWorkspace       *self);

/* Selection: replaces it (copied; NULL or an empty one clears it).
 * Incidents outside the dataset are dropped. */
void             ot_workspace_set_selection       (OtWorkspace       *self,
                                                   const OtSelection *selection);
/* Never NULL (an empty selection when nothing is selected); owned by
 * @self and replaced, never changed, by a set. */
const OtSelection *ot_workspace_get_selection     (OtWorkspace       *self);
/* Shorthands: a mark of the chart; incidents of the table. */
void             ot_workspace_select_mark         (OtWorkspace       *self,
                                                   OtHitKind          kind,
                                                   guint              id);
void             ot_workspace_select_incidents    (OtWorkspace       *self,
                                                   const guint       *incidents,
                                                   guint              n_incidents);

/* Highlight (search or table: incidents, or a mark), as the selection. */
void             ot_workspace_set_highlight       (OtWorkspace       *self,
                                                   const OtSelection *highlight);
const OtSelection *ot_workspace_get_highlight     (OtWorkspace       *self);

/* Escape: clears the selection and the highlight, in one batch. */
void             ot_workspace_clear_selection     (OtWorkspace       *self);

/* Reset: the filter, the period, the selection and the highlight back to
 * the start (everything, all time, nothing selected), in one batch.  The
 * dataset, the view, the projection and the viewport stay. */
void             ot_workspace_reset               (OtWorkspace       *self);

/* The pan and zoom of the view; a viewport with a non-finite or negative
 * field is refused. */
void             ot_workspace_set_viewport        (OtWorkspace       *self,
                                                   const OtViewport  *viewport);
void             ot_workspace_get_viewport        (OtWorkspace       *self,
                                                   OtViewport        *viewport);
/* TRUE once a viewport was set (and not reset). */
gboolean         ot_workspace_has_viewport        (OtWorkspace       *self);
/* Back to unset (all zero): the view fits its scene again. */
void             ot_workspace_reset_viewport      (OtWorkspace       *self);

G_END_DECLS
