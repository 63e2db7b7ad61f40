/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-incident-item.h: one incident of a dataset as a list item (its
 * index), for list models. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OT_TYPE_INCIDENT_ITEM (ot_incident_item_get_type ())
G_DECLARE_FINAL_TYPE (OtIncidentItem, ot_incident_item, OT, INCIDENT_ITEM, GObject)

OtIncidentItem *ot_incident_item_new       (guint           index);
guint           ot_incident_item_get_index (OtIncidentItem *self);

G_END_DECLS
