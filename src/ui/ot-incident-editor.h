/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-incident-editor.h: Add Incident and Edit Incident (issue 17): a form
 * with every column of the incident format, checked as the user types by
 * the loaders' own rules (ot_incident_fields_check ()), each message at
 * its field, Save disabled while an error remains.  Save emits "saved"
 * with the checked incident; the window makes it a document command. */
#pragma once

#include <adwaita.h>

#include "ot-dataset.h"
#include "ot-loader.h"

G_BEGIN_DECLS

#define OT_TYPE_INCIDENT_EDITOR (ot_incident_editor_get_type ())
G_DECLARE_FINAL_TYPE (OtIncidentEditor, ot_incident_editor, OT, INCIDENT_EDITOR, AdwWindow)

/* A form for a new incident joining @dataset (@index -1: an id proposed
 * from its ids) or for @dataset's incident @index, prefilled.  Modal,
 * transient for @parent. */
OtIncidentEditor *ot_incident_editor_new         (GtkWindow        *parent,
                                                  OtDataset        *dataset,
                                                  gint              index);
/* The incidents it was opened on (the index is theirs). */
OtDataset        *ot_incident_editor_get_dataset (OtIncidentEditor *self);
/* The edited incident's index, or -1 for a new one. */
gint              ot_incident_editor_get_index   (OtIncidentEditor *self);

/* What the form shows in @column's field: the text of an entry, the
 * canonical word of a choice ("seized", "B"; NULL when none is given),
 * "true"/"false" for the switch.  A new string or NULL. */
char             *ot_incident_editor_dup_field   (OtIncidentEditor *self,
                                                  OtColumn          column);
/* Sets @column's field as typing or picking there would (the field then
 * counts as touched: its error shows in red). */
void              ot_incident_editor_set_field   (OtIncidentEditor *self,
                                                  OtColumn          column,
                                                  const char       *text);
/* The message shown under @column's field (OT_N_COLUMNS: the route's
 * "no place given"), or NULL. */
const char       *ot_incident_editor_get_message (OtIncidentEditor *self,
                                                  OtColumn          column);
/* The row of @column's field (for tests: its "error" style). */
GtkWidget        *ot_incident_editor_get_row     (OtIncidentEditor *self,
                                                  OtColumn          column);
/* Whether Save is enabled: the fields give an incident without error. */
gboolean          ot_incident_editor_can_save    (OtIncidentEditor *self);
/* What Save does: emits "saved" and closes; FALSE (and nothing) while an
 * error remains. */
gboolean          ot_incident_editor_save        (OtIncidentEditor *self);

G_END_DECLS
