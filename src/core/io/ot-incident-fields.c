/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One incident typed in, checked by the loaders' record rules. */
#include "ot-incident-fields.h"
#include "ot-loader-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The rules a form adds, as errors of the record, so that
 * ot_record_finish () refuses it with the rest of its errors. */
static void
check_form_rules (OtRecord           *record,
                  const OtFieldRules *rules)
{
  const OtIncident *incident = &record->incident;

  if (rules->require_source && !incident->illustrative && !record->given[OT_COLUMN_SOURCE])
    ot_record_error (record, "source", _("missing source (required for a new incident that "
                                         "is not marked illustrative)"));

  if (rules->against != NULL && incident->id != NULL)
    {
      gint found = ot_dataset_find (rules->against, incident->id);

      if (found >= 0 && found != rules->replacing)
        ot_record_error (record, "id", _("duplicate id \"%s\" (another incident has it)"),
                         incident->id);
    }
}

OtDataset *
ot_incident_fields_check (const char *const   values[OT_N_COLUMNS],
                          const char         *display_name,
                          const OtFieldRules *rules)
{
  static const OtFieldRules none = { NULL, -1, FALSE };
  OtDataset *dataset;
  OtRecord record;

  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (rules == NULL || rules->against == NULL || OT_IS_DATASET (rules->against), NULL);

  dataset = ot_dataset_new ();
  ot_record_init (&record, dataset, display_name);
  ot_record_begin (&record, 1);
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    if (values[c] != NULL)
      ot_record_set (&record, c, values[c]);
  check_form_rules (&record, rules ? rules : &none);
  ot_record_finish (&record);
  ot_record_clear (&record);

  return dataset;
}

/* The last incident whose id ends in digits: where they start in it. */
static const char *
last_numbered_id (OtDataset *dataset,
                  gsize     *digits_at)
{
  for (guint i = ot_dataset_get_n_incidents (dataset); i > 0; i--)
    {
      const char *id = ot_dataset_get_incident (dataset, i - 1)->id;
      gsize end = strlen (id), start = end;

      while (start > 0 && g_ascii_isdigit (id[start - 1]))
        start--;
      if (start < end && end - start <= 9)
        {
          *digits_at = start;
          return id;
        }
    }
  return NULL;
}

char *
ot_incident_fields_propose_id (OtDataset *dataset)
{
  g_autofree char *prefix = NULL;
  const char *id;
  gsize digits_at = 0;
  guint64 number;
  int width;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  id = last_numbered_id (dataset, &digits_at);
  if (id != NULL)
    {
      prefix = g_strndup (id, digits_at);
      number = g_ascii_strtoull (id + digits_at, NULL, 10);
      width = (int) strlen (id + digits_at);
    }
  else
    {
      prefix = g_strdup ("INC-");
      number = 0;
      width = 4;
    }

  for (;;)
    {
      char *proposed = g_strdup_printf ("%s%0*" G_GUINT64_FORMAT, prefix, width, ++number);

      if (ot_dataset_find (dataset, proposed) < 0)
        return proposed;
      g_free (proposed);
    }
}
