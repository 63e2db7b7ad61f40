/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-timeline-data.h"

#include <math.h>

#include "ot-numeric.h"

struct _OtHistogram
{
  OtHistogramMeasure measure;
  int                first_month;
  guint              n_months;
  guint              n_slots;
  double            *values;    /* n_months * n_slots */
  double            *totals;    /* n_months */
  guint             *starts;    /* n_months: incidents whose date begins there */
  double             max_total;
  guint              n_undated;
};

int
ot_month_from_day (guint32 julian_day)
{
  GDate date;

  g_return_val_if_fail (julian_day > 0, 0);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian_day);
  return g_date_get_year (&date) * 12 + (g_date_get_month (&date) - 1);
}

guint32
ot_month_first_day (int month)
{
  GDate date;

  g_return_val_if_fail (month >= 12, 0);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, month % 12 + 1, month / 12);
  return g_date_get_julian (&date);
}

guint32
ot_month_last_day (int month)
{
  GDate date;

  g_return_val_if_fail (month >= 12, 0);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_get_days_in_month (month % 12 + 1, month / 12),
                  month % 12 + 1, month / 12);
  return g_date_get_julian (&date);
}

char *
ot_month_to_string (int month)
{
  return g_strdup_printf ("%04d-%02d", month / 12, month % 12 + 1);
}

/* The months a date touches: one, or twelve for a year-only date. */
static gboolean
date_months (const OtDate *date,
             int          *first,
             int          *last)
{
  switch (date->precision)
    {
    case OT_DATE_YEAR:
      *first = date->year * 12;
      *last = *first + 11;
      return TRUE;
    case OT_DATE_MONTH:
    case OT_DATE_DAY:
      *first = *last = date->year * 12 + date->month - 1;
      return TRUE;
    default:
      return FALSE;
    }
}

static guint
slot_of (OtHistogram      *self,
         const OtIncident *incident)
{
  return incident->mineral < self->n_slots - 1 ? incident->mineral : self->n_slots - 1;
}

/* A cell's months (ot-dataset.h's month key): one, or twelve for a
 * year-only month. */
static gboolean
cell_months (const OtSummaryCell *cell,
             int                 *first,
             int                 *last)
{
  int year = cell->month / 100, month = cell->month % 100;

  if (cell->month < 0 || year < 1 || month > 12)
    return FALSE;
  *first = year * 12 + (month == 0 ? 0 : month - 1);
  *last = month == 0 ? *first + 11 : *first;
  return TRUE;
}

static gboolean
cell_passes (const OtSummaryCell *cell,
             const OtFilter      *filter)
{
  return filter == NULL ||
         (ot_filter_includes_mineral (filter, cell->mineral) &&
          ot_filter_includes_status (filter, cell->status) &&
          (!cell->illustrative || ot_filter_get_show_illustrative (filter)));
}

/* A summary's bins, from its cells (docs/team-store.md, "Summary mode"):
 * incidents per month as the sums count them; a summary has no kg per
 * incident, so its kg measure counts nothing. */
static void
summary_bins (OtHistogram    *self,
              GArray         *cells,
              const OtFilter *filter)
{
  int lo = G_MAXINT, hi = G_MININT;

  for (guint k = 0; k < cells->len; k++)
    {
      int first, last;

      if (cell_months (&g_array_index (cells, OtSummaryCell, k), &first, &last))
        {
          lo = MIN (lo, first);
          hi = MAX (hi, last);
        }
    }
  if (lo <= hi)
    {
      self->first_month = lo;
      self->n_months = hi - lo + 1;
      self->values = g_new0 (double, (gsize) self->n_months * self->n_slots);
      self->totals = g_new0 (double, self->n_months);
      self->starts = g_new0 (guint, self->n_months);
    }
  for (guint k = 0; k < cells->len; k++)
    {
      const OtSummaryCell *cell = &g_array_index (cells, OtSummaryCell, k);
      guint slot = cell->mineral < self->n_slots - 1 ? cell->mineral : self->n_slots - 1;
      double weight;
      int first, last;

      if (!cell_passes (cell, filter))
        continue;
      if (!cell_months (cell, &first, &last))
        {
          self->n_undated += cell->n_incidents;
          continue;
        }
      self->starts[first - lo] += cell->n_incidents;
      weight = self->measure == OT_HISTOGRAM_KG ? 0 : (double) cell->n_incidents / (last - first + 1);
      for (int m = first; m <= last; m++)
        {
          self->values[(gsize) (m - lo) * self->n_slots + slot] += weight;
          self->totals[m - lo] += weight;
        }
    }
  for (guint m = 0; m < self->n_months; m++)
    self->max_total = MAX (self->max_total, self->totals[m]);
}

OtHistogram *
ot_histogram_new (OtDataset          *dataset,
                  const OtFilter     *filter,
                  OtHistogramMeasure  measure)
{
  OtHistogram *self;
  g_autoptr(OtFilter) no_period = NULL;
  g_autofree guint8 *mask = NULL;
  GArray *cells;
  guint n;
  int lo = G_MAXINT, hi = G_MININT;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  self = g_new0 (OtHistogram, 1);
  self->measure = measure;
  self->n_slots = ot_mineral_count () + 1;
  if (filter)
    {
      no_period = ot_filter_copy (filter);
      ot_filter_clear_part (no_period, OT_FILTER_PERIOD);
    }

  if (ot_dataset_get_summary (dataset, &cells) != NULL)
    {
      summary_bins (self, cells, no_period);
      return self;
    }
  n = ot_dataset_get_n_incidents (dataset);
  mask = ot_filter_apply (no_period, dataset, NULL);
  for (guint i = 0; i < n; i++)
    {
      int first, last;

      if (date_months (&ot_dataset_get_incident (dataset, i)->date, &first, &last))
        {
          lo = MIN (lo, first);
          hi = MAX (hi, last);
        }
    }
  if (lo > hi)
    {
      for (guint i = 0; i < n; i++)
        self->n_undated += mask[i];
      return self;
    }

  self->first_month = lo;
  self->n_months = hi - lo + 1;
  self->values = g_new0 (double, (gsize) self->n_months * self->n_slots);
  self->totals = g_new0 (double, self->n_months);
  self->starts = g_new0 (guint, self->n_months);

  for (guint i = 0; i < n; i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);
      double weight;
      int first, last;

      if (!mask[i])
        continue;
      if (!date_months (&incident->date, &first, &last))
        {
          self->n_undated++;
          continue;
        }
      self->starts[first - lo]++;
      if (measure == OT_HISTOGRAM_KG)
        weight = ot_incident_has_quantity (incident) ? incident->quantity_kg : 0;
      else
        weight = 1;
      weight /= last - first + 1;
      for (int m = first; m <= last; m++)
        {
          double *value = &self->values[(gsize) (m - lo) * self->n_slots + slot_of (self, incident)];

          *value = ot_kg_add (*value, weight);
          self->totals[m - lo] = ot_kg_add (self->totals[m - lo], weight);
        }
    }
  for (guint m = 0; m < self->n_months; m++)
    self->max_total = MAX (self->max_total, self->totals[m]);
  return self;
}

OtHistogram *
ot_histogram_copy (const OtHistogram *histogram)
{
  OtHistogram *copy;
  gsize n_values;

  g_return_val_if_fail (histogram != NULL, NULL);

  copy = g_memdup2 (histogram, sizeof *histogram);
  n_values = (gsize) histogram->n_months * histogram->n_slots;
  copy->values = g_memdup2 (histogram->values, n_values * sizeof (double));
  copy->totals = g_memdup2 (histogram->totals, histogram->n_months * sizeof (double));
  copy->starts = g_memdup2 (histogram->starts, histogram->n_months * sizeof (guint));
  return copy;
}

void
ot_histogram_free (OtHistogram *histogram)
{
  if (histogram == NULL)
    return;
  g_free (histogram->values);
  g_free (histogram->totals);
  g_free (histogram->starts);
  g_free (histogram);
}

guint
ot_histogram_get_n_starting (OtHistogram *histogram,
                             guint        index)
{
  g_return_val_if_fail (histogram != NULL, 0);
  g_return_val_if_fail (index < histogram->n_months, 0);
  return histogram->starts[index];
}

OtHistogramMeasure
ot_histogram_get_measure (OtHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, OT_HISTOGRAM_INCIDENTS);
  return histogram->measure;
}

guint
ot_histogram_get_n_months (OtHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0);
  return histogram->n_months;
}

int
ot_histogram_get_first_month (OtHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0);
  return histogram->first_month;
}

guint
ot_histogram_get_n_slots (OtHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0);
  return histogram->n_slots;
}

OtMineral
ot_histogram_slot_mineral (OtHistogram *histogram,
                           guint        slot)
{
  g_return_val_if_fail (histogram != NULL, OT_MINERAL_NONE);
  g_return_val_if_fail (slot < histogram->n_slots, OT_MINERAL_NONE);

  return slot + 1 < histogram->n_slots ? (OtMineral) slot : OT_MINERAL_NONE;
}

double
ot_histogram_get_value (OtHistogram *histogram,
                        guint        index,
                        guint        slot)
{
  g_return_val_if_fail (histogram != NULL, 0);
  g_return_val_if_fail (index < histogram->n_months, 0);
  g_return_val_if_fail (slot < histogram->n_slots, 0);

  return histogram->values[(gsize) index * histogram->n_slots + slot];
}

double
ot_histogram_get_total (OtHistogram *histogram,
                        guint        index)
{
  g_return_val_if_fail (histogram != NULL, 0);
  g_return_val_if_fail (index < histogram->n_months, 0);

  return histogram->totals[index];
}

double
ot_histogram_get_max_total (OtHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0);
  return histogram->max_total;
}

guint
ot_histogram_get_n_undated (OtHistogram *histogram)
{
  g_return_val_if_fail (histogram != NULL, 0);
  return histogram->n_undated;
}
