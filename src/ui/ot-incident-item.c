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

/* OtIncidentList --------------------------------------------------------- */

struct _OtIncidentList
{
  GObject  parent_instance;
  GArray  *rows;     /* guint, ascending; never changed once given */
};

static GType
ot_incident_list_get_item_type (GListModel *model)
{
  return OT_TYPE_INCIDENT_ITEM;
}

static guint
ot_incident_list_get_n_items (GListModel *model)
{
  OtIncidentList *self = OT_INCIDENT_LIST (model);

  return self->rows ? self->rows->len : 0;
}

static gpointer
ot_incident_list_get_item (GListModel *model,
                           guint       position)
{
  OtIncidentList *self = OT_INCIDENT_LIST (model);

  if (self->rows == NULL || position >= self->rows->len)
    return NULL;
  return ot_incident_item_new (g_array_index (self->rows, guint, position));
}

static void
ot_incident_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ot_incident_list_get_item_type;
  iface->get_n_items = ot_incident_list_get_n_items;
  iface->get_item = ot_incident_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (OtIncidentList, ot_incident_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ot_incident_list_model_init))

static void
ot_incident_list_finalize (GObject *object)
{
  OtIncidentList *self = OT_INCIDENT_LIST (object);

  g_clear_pointer (&self->rows, g_array_unref);
  G_OBJECT_CLASS (ot_incident_list_parent_class)->finalize (object);
}

static void
ot_incident_list_class_init (OtIncidentListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ot_incident_list_finalize;
}

static void
ot_incident_list_init (OtIncidentList *self)
{
}

OtIncidentList *
ot_incident_list_new (void)
{
  return g_object_new (OT_TYPE_INCIDENT_LIST, NULL);
}

void
ot_incident_list_set_rows (OtIncidentList *self,
                           GArray         *rows)
{
  guint removed, added;

  g_return_if_fail (OT_IS_INCIDENT_LIST (self));

  if (rows == self->rows)
    return;
  removed = self->rows ? self->rows->len : 0;
  added = rows ? rows->len : 0;
  /* Two signals, not one: items are made afresh on every get_item (), so
   * GTK's list item manager and GtkMultiSelection, looking for the
   * removed rows' objects among the added ones to keep their widgets and
   * selection, would ask for every added row, a million objects. */
  g_clear_pointer (&self->rows, g_array_unref);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  self->rows = rows ? g_array_ref (rows) : NULL;
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
}

gint
ot_incident_list_find (OtIncidentList *self,
                       guint           index)
{
  guint lo = 0, hi;

  g_return_val_if_fail (OT_IS_INCIDENT_LIST (self), -1);

  hi = self->rows ? self->rows->len : 0;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint value = g_array_index (self->rows, guint, mid);

      if (value == index)
        return (gint) mid;
      if (value < index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}
