/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-incident-row.h"

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
