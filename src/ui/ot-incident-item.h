/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-incident-item.h: one incident of a dataset as a list item (its
 * index), for list models; OtIncidentList, a list model over an array of
 * incident indices that makes an item only when asked for one (a
 * million rows are an array, not a million objects: issue 16). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OT_TYPE_INCIDENT_ITEM (ot_incident_item_get_type ())
G_DECLARE_FINAL_TYPE (OtIncidentItem, ot_incident_item, OT, INCIDENT_ITEM, GObject)

OtIncidentItem *ot_incident_item_new       (guint           index);
guint           ot_incident_item_get_index (OtIncidentItem *self);

#define OT_TYPE_INCIDENT_LIST (ot_incident_list_get_type ())
G_DECLARE_FINAL_TYPE (OtIncidentList, ot_incident_list, OT, INCIDENT_LIST, GObject)

OtIncidentList *ot_incident_list_new       (void);
/* Shows @rows (guint dataset indices, ascending; a reference is kept and
 * the array must not change any more; NULL: none), in one
 * "items-changed". */
void            ot_incident_list_set_rows  (OtIncidentList *self,
                                            GArray         *rows);
/* The position of incident @index, or -1 when it is not a row. */
gint            ot_incident_list_find      (OtIncidentList *self,
                                            guint           index);

G_END_DECLS
