/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-details-pane.h: what the selection is (kind, country, roles, totals,
 * scores), the names of merged companies with their incidents and Split
 * (win.split-entity), the incidents behind it as a compact list, and the whole record
 * of the one picked there: route, companies, case, notes, the source and
 * its link. */
#pragma once

#include <gtk/gtk.h>

#include "ot-chart.h"
#include "ot-document.h"

G_BEGIN_DECLS

#define OT_TYPE_DETAILS_PANE (ot_details_pane_get_type ())
G_DECLARE_FINAL_TYPE (OtDetailsPane, ot_details_pane, OT, DETAILS_PANE, GtkWidget)

/* Shows the mark @kind/@id of @chart; OT_HIT_NONE shows the placeholder.
 * @analysis: of the chart's network, for betweenness; may be NULL. */
void        ot_details_pane_show            (OtDetailsPane *self,
                                             OtChart       *chart,
                                             OtAnalysis    *analysis,
                                             OtHitKind      kind,
                                             guint          id);
/* The incidents listed (of OtIncidentRow), in display order (by date,
 * then id). */
GListModel *ot_details_pane_get_incidents   (OtDetailsPane *self);
/* Selects the incident at @position of that list, as a click or the
 * arrow keys do: its whole record shows below the list. */
void        ot_details_pane_select_incident (OtDetailsPane *self,
                                             guint          position);
/* The dataset index of the incident whose whole record shows (property
 * "picked"), or -1. */
gint        ot_details_pane_get_picked      (OtDetailsPane *self);
const char *ot_details_pane_get_heading     (OtDetailsPane *self);
/* The merged companies' display name when the selection is one (issue
 * 17: its "Also Known As" list and Split button show), else NULL. */
const char *ot_details_pane_get_entity      (OtDetailsPane *self);
/* How many suggestions name each company (name -> GUINT_TO_POINTER);
 * Same Companies… shows for a company that has any.  NULL: none known. */
void        ot_details_pane_set_suggested   (OtDetailsPane *self,
                                             GHashTable    *counts);
/* The value shown for a fact (by its translated label), or NULL. */
const char *ot_details_pane_get_fact        (OtDetailsPane *self,
                                             const char    *label);

/* The tooltip of a fact's row (by its translated label), or NULL: an
 * estimated betweenness says how it was estimated. */
const char *ot_details_pane_get_fact_tooltip (OtDetailsPane *self,
                                              const char    *label);

/* Issue 17: the notes of @document (NULL: none, no note buttons) show
 * with the selected place or flow and the picked incident, each with
 * "Add Note…" / "Edit Note…" (win.edit-note with (kind, key)); they
 * follow the document's changes. */
void        ot_details_pane_set_document    (OtDetailsPane *self,
                                             OtDocument    *document);
/* The note shown for the selected place or flow, or NULL. */
const char *ot_details_pane_get_note        (OtDetailsPane *self);

G_END_DECLS
