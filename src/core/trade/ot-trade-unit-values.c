/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-unit-values.c: unit values (M4, docs/trade-signals.md): a
 * flow's value per kg against the median of its product line across
 * every flow in the same month, as a robust z (median and MAD); runs of
 * months far off, or one month very far off, are flagged. */
#include "ot-trade-signals-private.h"

#include <math.h>
#include <string.h>

/* A month's median is used when at least this many flows give a price
 * that month; else the median of the months around it (WINDOW either
 * side), else the line's median over all months. */
#define MIN_BUCKET 5
#define WINDOW 6
/* The MAD taken as at least this (in ln units): 2 %. */
#define MAD_FLOOR 0.02
#define MIN_RUN 3
/* Quantities are printed in whole kg: under 10 kg the rounding alone moves
 * a price by 5 % or more, and a single small lot says little. */
#define MIN_KG 10
/* A line's spread is judged from this many prices at least. */
#define MIN_LINE_POINTS 30
/* A series' own level is judged from this many months at least. */
#define MIN_OWN 6
#define N_CURRENCIES 3

typedef struct {
  guint32 *series;     /* per point */
  guint16 *month;
  float   *luv;        /* ln (value / kg), imports CIF made FOB */
  float   *z;
  guint    n;
  /* What each point is compared with: its line's median in its month
   * (bucket, NAN when too thin), else over all months (line). */
  float   *bucket;
  float   *line;
  guint16  first;
  guint    n_months;
} Points;

static gboolean
wanted_series (OtTradeRun              *run,
               const OtTradeSeriesInfo *info)
{
  if (info->flow != OT_TRADE_IMPORT && info->flow != OT_TRADE_EXPORT)
    return FALSE;
  if (ot_trade_place_kind (info->partner) != OT_TRADE_PLACE_COUNTRY)
    return FALSE;
  return run->options->mineral == OT_MINERAL_NONE ||
         ot_trade_product_nth (info->product)->mineral == run->options->mineral;
}

/* Every month of every wanted series with a price: value and kg known and
 * positive, the quantity not estimated (an estimated quantity is the
 * publisher's own unit value, no evidence). */
static void
collect (OtTradeRun *run,
         Points     *p)
{
  const OtTradeRec *recs = ot_trade_series_recs (run->series);
  guint capacity = ot_trade_series_get_n_used (run->series);
  double log_cif = log (run->options->cif_fob);

  p->series = ot_big_alloc ((gsize) MAX (capacity, 1) * sizeof (guint32));
  p->month = ot_big_alloc ((gsize) MAX (capacity, 1) * sizeof (guint16));
  p->luv = ot_big_alloc ((gsize) MAX (capacity, 1) * sizeof (float));
  p->z = ot_big_alloc ((gsize) MAX (capacity, 1) * sizeof (float));
  p->n = 0;
  for (guint s = 0; s < ot_trade_series_count (run->series); s++)
    {
      const OtTradeSeriesInfo *info = ot_trade_series_nth (run->series, s);
      guint k = 0;

      if (!wanted_series (run, info))
        continue;
      while (k < info->n)
        {
          const OtTradeRec *rec = &recs[info->first + k];
          double kg = 0, value = 0;
          gboolean good = TRUE;
          guint j = k;

          for (; j < info->n && recs[info->first + j].month == rec->month; j++)
            {
              const OtTradeRec *r = &recs[info->first + j];

              if (r->flags & OT_TRADE_REC_ANNUAL)
                continue;
              good = good && (r->flags & OT_TRADE_REC_KG) && (r->flags & OT_TRADE_REC_VALUE) &&
                     !(r->flags & OT_TRADE_REC_ESTIMATED);
              kg += r->kg;
              value += r->value;
            }
          k = j;
          if (!good || !(kg >= MIN_KG) || !(value > 0) || (rec->flags & OT_TRADE_REC_ANNUAL))
            continue;
          p->series[p->n] = s;
          p->month[p->n] = rec->month;
          p->luv[p->n] = (float) (log (value / kg) - (info->flow == OT_TRADE_IMPORT ? log_cif : 0));
          p->n++;
        }
    }
}

static guint
line_of (OtTradeRun *run,
         const Points *p,
         guint       i)
{
  const OtTradeSeriesInfo *info = ot_trade_series_nth (run->series, p->series[i]);

  return info->product * N_CURRENCIES + MIN (info->currency, N_CURRENCIES - 1);
}

static float
reference_of (OtTradeRun   *run,
              const Points *p,
              guint         i)
{
  guint l = line_of (run, p, i);
  float ref = p->bucket[l * p->n_months + (p->month[i] - p->first)];

  return isnan (ref) ? p->line[l] : ref;
}

/* Each point's residual from the median of its line (product and
 * currency) in its month, then its robust z against the line's MAD. */
static void
score_points (OtTradeRun *run,
              Points     *p)
{
  guint16 first;
  guint n_months;
  guint n_lines = ot_trade_product_count () * N_CURRENCIES;
  guint n_buckets;
  g_autofree guint32 *count = NULL;
  g_autofree guint32 *start = NULL;
  float *sorted = NULL;
  float *bucket_median = NULL;
  float *line_median = NULL;
  g_autofree float *line_mad = NULL;
  g_autofree guint32 *line_count = NULL;
  g_autofree guint32 *line_start = NULL;
  g_autofree guint32 *fill = NULL;

  ot_trade_series_get_months (run->series, &first, &n_months);
  n_buckets = n_lines * MAX (n_months, 1);
  count = g_new0 (guint32, n_buckets + 1);
  start = g_new0 (guint32, n_buckets + 1);
  sorted = ot_big_alloc ((gsize) MAX (p->n, 1) * sizeof (float));
  bucket_median = g_new (float, n_buckets);
  line_count = g_new0 (guint32, n_lines + 1);
  line_start = g_new0 (guint32, n_lines + 1);
  line_median = g_new (float, n_lines);
  line_mad = g_new (float, n_lines);
  fill = g_new (guint32, MAX (n_buckets, n_lines) + 1);

  /* Per (line, month), by counting sort. */
  for (guint i = 0; i < p->n; i++)
    count[line_of (run, p, i) * n_months + (p->month[i] - first)]++;
  for (guint b = 0; b < n_buckets; b++)
    start[b + 1] = start[b] + count[b];
  memcpy (fill, start, n_buckets * sizeof (guint32));
  for (guint i = 0; i < p->n; i++)
    sorted[fill[line_of (run, p, i) * n_months + (p->month[i] - first)]++] = p->luv[i];
  for (guint b = 0; b < n_buckets; b++)
    bucket_median[b] = count[b] >= MIN_BUCKET ? ot_trade_median_float (sorted + start[b], count[b]) : NAN;
  /* Thin months: the months around them (a line's months are side by side
   * in @sorted; the median is taken on a copy, so the months stay put). */
  {
    g_autoptr(GArray) copy = g_array_new (FALSE, FALSE, sizeof (float));

    for (guint b = 0; b < n_buckets; b++)
      {
        guint l = b / n_months, m = b % n_months;
        guint lo = l * n_months + (m >= WINDOW ? m - WINDOW : 0);
        guint hi = l * n_months + MIN (m + WINDOW, n_months - 1);

        if (count[b] >= MIN_BUCKET || start[hi + 1] - start[lo] < MIN_BUCKET)
          continue;
        g_array_set_size (copy, 0);
        g_array_append_vals (copy, sorted + start[lo], start[hi + 1] - start[lo]);
        bucket_median[b] = ot_trade_median_float ((float *) (void *) copy->data, copy->len);
      }
  }

  /* Per line, over all months. */
  for (guint i = 0; i < p->n; i++)
    line_count[line_of (run, p, i)]++;
  for (guint l = 0; l < n_lines; l++)
    line_start[l + 1] = line_start[l] + line_count[l];
  memcpy (fill, line_start, n_lines * sizeof (guint32));
  for (guint i = 0; i < p->n; i++)
    sorted[fill[line_of (run, p, i)]++] = p->luv[i];
  for (guint l = 0; l < n_lines; l++)
    line_median[l] = line_count[l] ? ot_trade_median_float (sorted + line_start[l], line_count[l]) : NAN;

  /* Residuals, and the line's MAD of them. */
  memcpy (fill, line_start, n_lines * sizeof (guint32));
  for (guint i = 0; i < p->n; i++)
    {
      guint l = line_of (run, p, i);
      float ref = bucket_median[l * n_months + (p->month[i] - first)];

      if (isnan (ref))
        ref = line_median[l];
      p->z[i] = p->luv[i] - ref;
      sorted[fill[l]++] = fabsf (p->z[i]);
    }
  for (guint l = 0; l < n_lines; l++)
    line_mad[l] = line_count[l]
                  ? MAX (1.4826f * ot_trade_median_float (sorted + line_start[l], line_count[l]), MAD_FLOOR)
                  : 1;
  /* A line with too few prices is not judged. */
  for (guint i = 0; i < p->n; i++)
    p->z[i] = line_count[line_of (run, p, i)] >= MIN_LINE_POINTS ? p->z[i] / line_mad[line_of (run, p, i)] : 0;
  ot_big_free (sorted);
  p->bucket = bucket_median;
  p->line = line_median;
  p->first = first;
  p->n_months = n_months;
}

static void
add_signal (OtTradeRun   *run,
            const Points *p,
            guint         i,
            guint         len,
            double        score)
{
  OtTradeSignal signal = { 0 };
  const OtTradeSeriesInfo *info = ot_trade_series_nth (run->series, p->series[i]);
  g_autofree double *luv = g_new (double, len);
  g_autofree double *ref = g_new (double, len);
  g_autofree double *z = g_new (double, len);
  g_autofree guint16 *months = g_new (guint16, len);
  double cif = info->flow == OT_TRADE_IMPORT ? run->options->cif_fob : 1;

  for (guint k = 0; k < len; k++)
    {
      luv[k] = p->luv[i + k];
      ref[k] = reference_of (run, p, i + k);
      z[k] = p->z[i + k];
      months[k] = p->month[i + k];
    }
  signal.kind = OT_TRADE_SIGNAL_UNIT_VALUE;
  signal.flagged = TRUE;
  signal.score = score;
  signal.mineral = ot_trade_product_nth (info->product)->mineral;
  signal.products = ot_trade_run_dup (run, &info->product, sizeof (guint16));
  signal.n_products = 1;
  signal.origin = info->flow == OT_TRADE_EXPORT ? info->reporter : info->partner;
  signal.destination = info->flow == OT_TRADE_EXPORT ? info->partner : info->reporter;
  signal.hub = OT_TRADE_PLACE_OTHER_ID;
  signal.first_month = months[0];
  signal.last_month = months[len - 1];
  /* As declared (CIF for imports), and the reference on the same basis. */
  signal.unit_value = exp (ot_trade_median (luv, len)) * cif;
  signal.reference_unit_value = exp (ot_trade_median (ref, len)) * cif;
  signal.z = ot_trade_median (z, len);
  signal.t_raw = signal.t_placebo = signal.change = NAN;
  signal.kg_per_month = signal.share = NAN;
  signal.legs = ot_trade_run_alloc (run, sizeof (OtTradeLeg));
  signal.n_legs = 1;
  ot_trade_run_series_leg (run, &signal.legs[0], OT_TRADE_LEG_PRICED, p->series[i], months, len);
  g_array_append_val (run->out[OT_TRADE_SIGNAL_UNIT_VALUE], signal);
}

typedef struct {
  guint  first;     /* point */
  guint  len;
  double score;
} Run;

static int
cmp_run (gconstpointer a,
         gconstpointer b)
{
  const Run *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return (x->first > y->first) - (x->first < y->first);
}

/* The z a series' prices usually have (the median over its months): a
 * flow can sit above or below the line's median all along (a grade, a
 * contract); what departs from that is a run. */
static double
own_level (const Points *p,
           guint         i,
           guint         j)
{
  g_autofree double *z = NULL;

  if (j - i < MIN_OWN)
    return 0;
  z = g_new (double, j - i);
  for (guint k = i; k < j; k++)
    z[k - i] = p->z[k];
  return ot_trade_median (z, j - i);
}

static gboolean
far (const Points *p,
     guint         k,
     double        own,
     double        threshold,
     double        sign)
{
  return sign * p->z[k] >= threshold && sign * (p->z[k] - own) >= threshold;
}

static void
add_run (GArray       *runs,
         const Points *p,
         guint         i,
         guint         j,
         double        own)
{
  g_autofree double *z = g_new (double, j - i);
  Run r = { i, j - i, 0 };

  for (guint k = i; k < j; k++)
    z[k - i] = MIN (fabs (p->z[k]), fabs (p->z[k] - own));
  r.score = ot_trade_median (z, j - i);
  g_array_append_val (runs, r);
}

/* In each series: runs of months of one sign that are far (|z| at the run
 * threshold) both from the line's median and from the series' own level,
 * MIN_RUN long or more, or one month at the single-month threshold; and a
 * whole series whose own level is that far.  The best
 * options->max_candidates get their evidence. */
static void
find_runs (OtTradeRun   *run,
           const Points *p)
{
  const OtTradeSignalOptions *o = run->options;
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  guint i = 0;

  while (i < p->n)
    {
      guint end = i, k;
      double own;

      while (end < p->n && p->series[end] == p->series[i])
        end++;
      own = own_level (p, i, end);
      if (end - i >= MIN_OWN && fabs (own) >= o->unit_value_z)
        add_run (runs, p, i, end, 0);
      for (k = i; k < end;)
        {
          double sign = p->z[k] > 0 ? 1 : -1;
          guint j = k;

          while (j < end && far (p, j, own, o->unit_value_z, sign))
            j++;
          if (j - k >= MIN_RUN)
            add_run (runs, p, k, j, own);
          else
            for (guint q = k; q < j; q++)
              if (far (p, q, own, o->unit_value_z_single, sign))
                add_run (runs, p, q, q + 1, own);
          k = MAX (j, k + 1);
        }
      i = end;
    }
  g_array_sort (runs, cmp_run);
  for (guint r = 0; r < MIN (runs->len, o->max_candidates); r++)
    {
      const Run *x = &g_array_index (runs, Run, r);

      add_signal (run, p, x->first, x->len, x->score);
    }
}

gboolean
ot_trade_unit_values (OtTradeRun *run)
{
  Points p = { 0 };
  guint16 first;
  guint n_months;

  if (!ot_trade_series_get_months (run->series, &first, &n_months))
    return TRUE;
  collect (run, &p);
  if (g_cancellable_is_cancelled (run->cancellable))
    goto out;
  score_points (run, &p);
  if (g_cancellable_is_cancelled (run->cancellable))
    goto out;
  find_runs (run, &p);
  ot_trade_run_rank (run, OT_TRADE_SIGNAL_UNIT_VALUE);
out:
  ot_big_free (p.series);
  ot_big_free (p.month);
  ot_big_free (p.luv);
  ot_big_free (p.z);
  g_free (p.bucket);
  g_free (p.line);
  return !g_cancellable_is_cancelled (run->cancellable);
}
