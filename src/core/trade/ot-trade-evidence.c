/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-evidence.c: what every trade signal carries (the legs' series,
 * windows, tests and source rows) and how a kind's signals are ranked. */
#include "ot-trade-signals-private.h"

#include <math.h>
#include <string.h>

gpointer
ot_trade_run_alloc (OtTradeRun *run,
                    gsize       size)
{
  gpointer block = g_malloc0 (MAX (size, 1));

  g_ptr_array_add (run->blocks, block);
  return block;
}

gpointer
ot_trade_run_dup (OtTradeRun    *run,
                  gconstpointer  data,
                  gsize          size)
{
  gpointer block = ot_trade_run_alloc (run, size);

  if (size > 0)
    memcpy (block, data, size);
  return block;
}

void
ot_trade_run_products (OtTradeRun     *run,
                       const guint    *groups,
                       guint           n_groups,
                       const guint16 **products,
                       guint          *n_products)
{
  g_autofree guint16 *heads = g_new (guint16, MAX (n_groups, 1));

  for (guint g = 0; g < n_groups; g++)
    heads[g] = ot_trade_group_nth (groups[g])->head;
  *n_products = n_groups;
  *products = ot_trade_run_dup (run, heads, n_groups * sizeof (guint16));
}

void
ot_trade_run_leg (OtTradeRun           *run,
                  OtTradeLeg           *leg,
                  OtTradeLegRole        role,
                  OtTradePlace          reporter,
                  OtTradePlace          partner,
                  OtTradeFlow           flow,
                  const guint          *groups,
                  guint                 n_groups,
                  const OtTradeWindows *windows,
                  guint                 lag,
                  const OtTradeTest    *test,
                  const guint16        *row_months,
                  guint                 n_row_months)
{
  OtTradeLegSeries series;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) products = g_array_new (FALSE, FALSE, sizeof (guint16));
  g_autofree guint16 *months = NULL;
  guint16 first;
  guint n;

  memset (leg, 0, sizeof *leg);
  leg->role = role;
  leg->reporter = reporter;
  leg->partner = partner;
  leg->flow = flow;
  leg->lag = lag;
  leg->kg_before = leg->kg_after = NAN;
  ot_trade_series_get_months (run->series, &first, &n);
  leg->first_month = first;
  leg->n_months = n;

  if (ot_trade_series_leg (run->series, reporter, partner, flow, groups, n_groups, &series))
    {
      leg->currency = series.currency;
      leg->kg = ot_trade_run_dup (run, series.kg, n * sizeof (double));
      leg->value = ot_trade_run_dup (run, series.value, n * sizeof (double));
      ot_trade_leg_series_clear (&series);
    }
  else
    {
      double *nothing = ot_trade_run_alloc (run, MAX (n, 1) * sizeof (double));

      /* No row at all: every month the reporter reported reads as 0. */
      for (guint m = 0; m < n; m++)
        nothing[m] = ot_trade_series_reported (run->series, reporter, first + m) ? 0 : NAN;
      leg->kg = nothing;
      leg->value = nothing;
    }

  if (windows)
    {
      leg->before = ot_trade_run_dup (run, windows->before, windows->n * sizeof (guint16));
      leg->after = ot_trade_run_dup (run, windows->after, windows->n * sizeof (guint16));
      leg->n_before = leg->n_after = windows->n;
    }
  if (test)
    {
      leg->kg_before = test->kg_before;
      leg->kg_after = test->kg_after;
      leg->change = test->change;
      leg->t = test->t;
    }

  if (row_months == NULL && windows)
    {
      months = g_new (guint16, 2 * windows->n);
      memcpy (months, windows->before, windows->n * sizeof (guint16));
      memcpy (months + windows->n, windows->after, windows->n * sizeof (guint16));
      row_months = months;
      n_row_months = 2 * windows->n;
    }
  else if (row_months == NULL)
    {
      months = g_new (guint16, MAX (n, 1));
      for (guint m = 0; m < n; m++)
        months[m] = first + m;
      row_months = months;
      n_row_months = n;
    }
  ot_trade_series_leg_rows (run->series, reporter, partner, flow, groups, n_groups,
                            leg->currency, row_months, n_row_months, rows, products);
  leg->rows = ot_trade_run_dup (run, rows->data, rows->len * sizeof (guint));
  leg->n_rows = rows->len;
  if (products->len == 0)
    for (guint g = 0; g < n_groups; g++)
      g_array_append_val (products, ot_trade_group_nth (groups[g])->head);
  leg->products = ot_trade_run_dup (run, products->data, products->len * sizeof (guint16));
  leg->n_products = products->len;
}

static int
cmp_row (gconstpointer a,
         gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

void
ot_trade_run_series_leg (OtTradeRun     *run,
                         OtTradeLeg     *leg,
                         OtTradeLegRole  role,
                         guint           series,
                         const guint16  *row_months,
                         guint           n_row_months)
{
  const OtTradeSeriesInfo *info = ot_trade_series_nth (run->series, series);
  const OtTradeRec *recs = ot_trade_series_recs (run->series) + info->first;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  double *kg, *value;
  guint16 first;
  guint n;

  memset (leg, 0, sizeof *leg);
  ot_trade_series_get_months (run->series, &first, &n);
  leg->role = role;
  leg->reporter = info->reporter;
  leg->partner = info->partner;
  leg->flow = info->flow;
  leg->currency = info->currency;
  leg->products = ot_trade_run_dup (run, &info->product, sizeof (guint16));
  leg->n_products = 1;
  leg->first_month = first;
  leg->n_months = n;
  leg->kg_before = leg->kg_after = NAN;
  kg = ot_trade_run_alloc (run, MAX (n, 1) * sizeof (double));
  value = ot_trade_run_alloc (run, MAX (n, 1) * sizeof (double));
  for (guint m = 0; m < n; m++)
    kg[m] = value[m] = ot_trade_series_reported (run->series, info->reporter, first + m) ? 0 : NAN;
  for (guint k = 0; k < info->n; k++)
    {
      const OtTradeRec *rec = &recs[k];
      gboolean wanted = row_months == NULL;

      if (rec->flags & OT_TRADE_REC_ANNUAL)
        continue;
      kg[rec->month - first] = (rec->flags & OT_TRADE_REC_KG) ? kg[rec->month - first] + rec->kg : NAN;
      value[rec->month - first] = (rec->flags & OT_TRADE_REC_VALUE) ? value[rec->month - first] + rec->value : NAN;
      for (guint i = 0; i < n_row_months && !wanted; i++)
        wanted = row_months[i] == rec->month;
      if (wanted)
        g_array_append_val (rows, rec->row);
    }
  g_array_sort (rows, cmp_row);
  leg->kg = kg;
  leg->value = value;
  leg->rows = ot_trade_run_dup (run, rows->data, rows->len * sizeof (guint));
  leg->n_rows = rows->len;
}

static int
cmp_signal (gconstpointer a,
            gconstpointer b)
{
  const OtTradeSignal *x = a, *y = b;

  if (x->flagged != y->flagged)
    return x->flagged ? -1 : 1;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  /* Ties in a fixed order, whatever the order they were found in. */
  if (x->products[0] != y->products[0])
    return x->products[0] < y->products[0] ? -1 : 1;
  if (x->origin != y->origin)
    return x->origin < y->origin ? -1 : 1;
  if (x->destination != y->destination)
    return x->destination < y->destination ? -1 : 1;
  if (x->hub != y->hub)
    return x->hub < y->hub ? -1 : 1;
  return (x->first_month > y->first_month) - (x->first_month < y->first_month);
}

void
ot_trade_run_rank (OtTradeRun        *run,
                   OtTradeSignalKind  kind)
{
  GArray *signals = run->out[kind];

  g_array_sort (signals, cmp_signal);
  if (signals->len > run->options->max_candidates)
    g_array_set_size (signals, run->options->max_candidates);
}

guint16
ot_trade_control_first_month (const OtControl *control)
{
  const OtDate *date = &control->effective;
  guint month = MAX (date->month, 1);
  guint16 m = ot_trade_month (date->year, month);

  return date->day > 10 ? m + 1 : m;
}
