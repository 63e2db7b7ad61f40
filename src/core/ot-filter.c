/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-filter.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Bit i of minerals[] is mineral i; the last bit stands for
 * OT_MINERAL_NONE. */
#define MINERAL_BITS 256

struct _OtFilter
{
  guint32  minerals[MINERAL_BITS / 32];
  guint32  statuses;
  guint32  from_day;
  guint32  to_day;
  double   min_kg;
};

OtFilter *
ot_filter_new (void)
{
  return g_new0 (OtFilter, 1);
}

OtFilter *
ot_filter_copy (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, NULL);

  return g_memdup2 (filter, sizeof *filter);
}

void
ot_filter_free (OtFilter *filter)
{
  g_free (filter);
}

gboolean
ot_filter_equal (const OtFilter *a,
                 const OtFilter *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || ot_filter_is_empty (a)) && (b == NULL || ot_filter_is_empty (b));

  return memcmp (a->minerals, b->minerals, sizeof a->minerals) == 0 &&
         a->statuses == b->statuses &&
         a->from_day == b->from_day &&
         a->to_day == b->to_day &&
         a->min_kg == b->min_kg;
}

gboolean
ot_filter_is_empty (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return !ot_filter_has_minerals (filter) && filter->statuses == 0 &&
         filter->from_day == 0 && filter->to_day == 0 && filter->min_kg <= 0;
}

void
ot_filter_set_mineral (OtFilter  *filter,
                       OtMineral  mineral,
                       gboolean   included)
{
  g_return_if_fail (filter != NULL);

  if (included)
    filter->minerals[mineral / 32] |= 1u << (mineral % 32);
  else
    filter->minerals[mineral / 32] &= ~(1u << (mineral % 32));
}

gboolean
ot_filter_has_minerals (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (filter->minerals); i++)
    if (filter->minerals[i] != 0)
      return TRUE;
  return FALSE;
}

gboolean
ot_filter_includes_mineral (const OtFilter *filter,
                            OtMineral       mineral)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  if (!ot_filter_has_minerals (filter))
    return TRUE;
  return (filter->minerals[mineral / 32] >> (mineral % 32)) & 1;
}

void
ot_filter_set_status (OtFilter *filter,
                      OtStatus  status,
                      gboolean  included)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (status < OT_N_STATUS);

  if (included)
    filter->statuses |= 1u << status;
  else
    filter->statuses &= ~(1u << status);
}

gboolean
ot_filter_includes_status (const OtFilter *filter,
                           OtStatus        status)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return filter->statuses == 0 || ((filter->statuses >> status) & 1);
}

void
ot_filter_set_period (OtFilter *filter,
                      guint32   from_day,
                      guint32   to_day)
{
  g_return_if_fail (filter != NULL);

  filter->from_day = from_day;
  filter->to_day = to_day;
}

void
ot_filter_get_period (const OtFilter *filter,
                      guint32        *from_day,
                      guint32        *to_day)
{
  g_return_if_fail (filter != NULL);

  if (from_day)
    *from_day = filter->from_day;
  if (to_day)
    *to_day = filter->to_day;
}

void
ot_filter_set_min_kg (OtFilter *filter,
                      double    min_kg)
{
  g_return_if_fail (filter != NULL);

  filter->min_kg = isnan (min_kg) || min_kg < 0 ? 0 : min_kg;
}

double
ot_filter_get_min_kg (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, 0);

  return filter->min_kg;
}

gboolean
ot_filter_matches (const OtFilter   *filter,
                   const OtIncident *incident)
{
  g_return_val_if_fail (incident != NULL, FALSE);

  if (filter == NULL)
    return TRUE;

  if (!ot_filter_includes_mineral (filter, incident->mineral))
    return FALSE;
  if (!ot_filter_includes_status (filter, incident->status))
    return FALSE;
  if (filter->from_day != 0 || filter->to_day != 0)
    {
      guint32 first = ot_date_first_day (&incident->date);
      guint32 last = ot_date_last_day (&incident->date);

      if (first == 0)
        return FALSE;
      if (filter->from_day != 0 && last < filter->from_day)
        return FALSE;
      if (filter->to_day != 0 && first > filter->to_day)
        return FALSE;
    }
  if (filter->min_kg > 0 &&
      (!ot_incident_has_quantity (incident) || incident->quantity_kg < filter->min_kg))
    return FALSE;

  return TRUE;
}

guint8 *
ot_filter_apply (const OtFilter *filter,
                 OtDataset      *dataset,
                 guint          *n_included)
{
  guint n, count = 0;
  guint8 *mask;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  n = ot_dataset_get_n_incidents (dataset);
  mask = g_malloc (MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      mask[i] = ot_filter_matches (filter, ot_dataset_get_incident (dataset, i));
      count += mask[i];
    }
  if (n_included)
    *n_included = count;
  return mask;
}

static gboolean
parse_day (const char *text,
           gboolean    last,
           const char *option,
           guint32    *out,
           GError    **error)
{
  g_autoptr(GError) local = NULL;
  OtDate date;

  if (text == NULL)
    return TRUE;
  if (!ot_date_parse (text, &date, &local) || date.precision == OT_DATE_NONE)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("--%s: “%s” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                   option, text);
      return FALSE;
    }
  *out = last ? ot_date_last_day (&date) : ot_date_first_day (&date);
  return TRUE;
}

OtFilter *
ot_filter_new_from_strings (const char * const *minerals,
                            const char * const *statuses,
                            const char         *from,
                            const char         *to,
                            GError            **error)
{
  g_autoptr(OtFilter) filter = ot_filter_new ();

  for (guint i = 0; minerals && minerals[i]; i++)
    {
      OtMineral m;

      if (!ot_mineral_parse (minerals[i], &m))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       _("--mineral: unknown mineral “%s”"), minerals[i]);
          return NULL;
        }
      ot_filter_set_mineral (filter, m, TRUE);
    }
  for (guint i = 0; statuses && statuses[i]; i++)
    {
      OtStatus s;

      if (!ot_status_parse (statuses[i], &s))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       _("--status: unknown status “%s”"), statuses[i]);
          return NULL;
        }
      ot_filter_set_status (filter, s, TRUE);
    }
  if (!parse_day (from, FALSE, "from", &filter->from_day, error) ||
      !parse_day (to, TRUE, "to", &filter->to_day, error))
    return NULL;
  if (filter->from_day != 0 && filter->to_day != 0 && filter->from_day > filter->to_day)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("--from %s is after --to %s"), from, to);
      return NULL;
    }

  return g_steal_pointer (&filter);
}
