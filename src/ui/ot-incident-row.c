/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-incident-row.h"

#include <glib/gi18n.h>

struct _OtIncidentRow
{
  GObject    parent_instance;

  OtDataset *dataset;   /* keeps the incident's strings alive */
  guint      index;
};

G_DEFINE_FINAL_TYPE (OtIncidentRow, ot_incident_row, G_TYPE_OBJECT)

static void
ot_incident_row_finalize (GObject *object)
{
  OtIncidentRow *self = OT_INCIDENT_ROW (object);

  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (ot_incident_row_parent_class)->finalize (object);
}

static void
ot_incident_row_class_init (OtIncidentRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ot_incident_row_finalize;
}

static void
ot_incident_row_init (OtIncidentRow *self)
{
}

OtIncidentRow *
ot_incident_row_new (OtDataset *dataset,
                     guint      index)
{
  OtIncidentRow *self;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (index < ot_dataset_get_n_incidents (dataset), NULL);

  self = g_object_new (OT_TYPE_INCIDENT_ROW, NULL);
  self->dataset = g_object_ref (dataset);
  self->index = index;
  return self;
}

const OtIncident *
ot_incident_row_get_incident (OtIncidentRow *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_ROW (self), NULL);

  return ot_dataset_get_incident (self->dataset, self->index);
}

guint
ot_incident_row_get_index (OtIncidentRow *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_ROW (self), 0);

  return self->index;
}

char *
ot_incident_row_dup_title (OtIncidentRow *self)
{
  const OtIncident *inc;
  g_autofree char *date = NULL;

  g_return_val_if_fail (OT_IS_INCIDENT_ROW (self), NULL);

  inc = ot_dataset_get_incident (self->dataset, self->index);
  if (inc->date.precision == OT_DATE_NONE)
    return g_strdup (inc->id);
  date = ot_date_to_display (&inc->date);
  return g_strdup_printf ("%s · %s", inc->id, date);
}

static char *
format_quantity (const OtIncident *inc)
{
  if (!ot_incident_has_quantity (inc))
    return g_strdup ("—");
  if (inc->quantity_kg >= 1000)
    return g_strdup_printf (_("%'.1f t"), inc->quantity_kg / 1000);
  return g_strdup_printf (_("%.0f kg"), inc->quantity_kg);
}

char *
ot_incident_row_dup_subtitle (OtIncidentRow *self)
{
  const OtIncident *inc;
  g_autofree char *quantity = NULL;

  g_return_val_if_fail (OT_IS_INCIDENT_ROW (self), NULL);

  inc = ot_dataset_get_incident (self->dataset, self->index);
  quantity = format_quantity (inc);
  return g_strdup_printf ("%s · %s · %s",
                          inc->mineral != OT_MINERAL_NONE ? ot_mineral_label (inc->mineral) : "—",
                          quantity, ot_status_label (inc->status));
}
