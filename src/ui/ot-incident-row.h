/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-incident-row.h: one incident of a dataset as a list item, for the
 * details pane's list and the Signals window's incidents. */
#pragma once

#include <glib-object.h>

#include "ot-dataset.h"

G_BEGIN_DECLS

#define OT_TYPE_INCIDENT_ROW (ot_incident_row_get_type ())
G_DECLARE_FINAL_TYPE (OtIncidentRow, ot_incident_row, OT, INCIDENT_ROW, GObject)

OtIncidentRow    *ot_incident_row_new          (OtDataset     *dataset,
                                                guint          index);
const OtIncident *ot_incident_row_get_incident (OtIncidentRow *self);
guint             ot_incident_row_get_index    (OtIncidentRow *self);
/* "CMI-2025-0006 · 2024-12" (the date as the locale writes it). */
char             *ot_incident_row_dup_title    (OtIncidentRow *self);
/* "Antimony · 3,366.0 t · Reported". */
char             *ot_incident_row_dup_subtitle (OtIncidentRow *self);

G_END_DECLS
