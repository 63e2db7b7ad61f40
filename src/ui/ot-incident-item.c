/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-incident-item.h"

struct _OtIncidentItem
{
  GObject parent_instance;
  guint   index;
};

G_DEFINE_FINAL_TYPE (OtIncidentItem, ot_incident_item, G_TYPE_OBJECT)

static void
ot_incident_item_class_init (OtIncidentItemClass *klass)
{
}

static void
ot_incident_item_init (OtIncidentItem *self)
{
}

OtIncidentItem *
ot_incident_item_new (guint index)
{
  OtIncidentItem *self = g_object_new (OT_TYPE_INCIDENT_ITEM, NULL);

  self->index = index;
  return self;
}

guint
ot_incident_item_get_index (OtIncidentItem *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_ITEM (self), 0);
  return self->index;
}
