/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-stats.c: windows, the before/after test, medians
 * (docs/trade-signals.md, "The before/after test"). */
#include "ot-trade-stats.h"

#include <math.h>

/* The smallest standard deviation of y a month the test assumes: a series
 * as flat as a ruler is not infinitely certain. */
#define SD_FLOOR 0.05
/* The scale s of y = ln (1 + x / s): a tenth of the typical month, so a
 * flow that stops counts as a fall of about ln 11 and no more. */
#define SCALE_FRACTION 0.1
#define RHO_MAX 0.9

gboolean
ot_trade_windows_make (guint16          first_after,
                       guint            after_months,
                       guint            lag,
                       guint            min_after,
                       guint16          first_month,
                       guint            n_months,
                       const guint8    *excluded,
                       OtTradeWindows  *out)
{
  guint last = first_month + n_months;   /* one past */

  out->n = 0;
  after_months = MIN (after_months, OT_TRADE_WINDOW_MAX);
  for (guint k = 0; k < after_months; k++)
    {
      guint a = first_after + lag + k;
      gint b;

      if (a >= last)
        break;
      if (a < first_month)
        continue;
      /* The same calendar month, a year earlier and again until it is
       * before the control and outside the guards (three years back at
       * most); a lagged leg's month b stands for b − lag. */
      for (b = (gint) a - 12; b >= (gint) a - 36; b -= 12)
        {
          gint u = b - (gint) lag;

          if (u < (gint) first_month)
            {
              b = -1;
              break;
            }
          if (u < (gint) first_after && !excluded[u - first_month])
            break;
        }
      if (b < (gint) first_month || b < (gint) a - 36)
        continue;
      out->after[out->n] = a;
      out->before[out->n] = b;
      out->n++;
    }
  return out->n >= MAX (min_after, 1);
}

static gboolean
known (double x)
{
  return !isnan (x);
}

void
ot_trade_test_series (const double          *kg,
                      guint16                first_month,
                      guint                  n_months,
                      const OtTradeWindows  *w,
                      guint                  min_before,
                      guint                  min_after,
                      OtTradeTest           *out)
{
  double positive[2 * OT_TRADE_WINDOW_MAX];
  guint n_positive = 0;
  double sum[2] = { 0, 0 }, ysum[2] = { 0, 0 }, yss[2] = { 0, 0 };
  double y[2][OT_TRADE_WINDOW_MAX];
  gboolean have[2][OT_TRADE_WINDOW_MAX];
  guint nk[2] = { 0, 0 };
  double s, num = 0, den = 0, rho, inflation, mean[2], var[2];

  *out = (OtTradeTest) { 0 };
  for (guint side = 0; side < 2; side++)
    for (guint i = 0; i < w->n; i++)
      {
        guint16 m = side == 0 ? w->before[i] : w->after[i];
        double x = (m >= first_month && m < first_month + n_months) ? kg[m - first_month] : NAN;

        have[side][i] = known (x);
        if (!have[side][i])
          continue;
        nk[side]++;
        sum[side] += x;
        if (x > 0)
          positive[n_positive++] = x;
      }
  out->n_before = nk[0];
  out->n_after = nk[1];
  out->kg_before = nk[0] ? sum[0] / nk[0] : NAN;
  out->kg_after = nk[1] ? sum[1] / nk[1] : NAN;
  if (nk[0] < MAX (min_before, 2) || nk[1] < MAX (min_after, 2))
    return;
  out->ok = TRUE;
  if (n_positive == 0)
    {
      /* Zero throughout: nothing moved. */
      out->var = SD_FLOOR * SD_FLOOR * (1.0 / nk[0] + 1.0 / nk[1]);
      return;
    }
  s = SCALE_FRACTION * ot_trade_median (positive, n_positive);

  for (guint side = 0; side < 2; side++)
    for (guint i = 0; i < w->n; i++)
      {
        guint16 m = side == 0 ? w->before[i] : w->after[i];

        if (!have[side][i])
          continue;
        y[side][i] = log1p (kg[m - first_month] / s);
        ysum[side] += y[side][i];
      }
  for (guint side = 0; side < 2; side++)
    {
      mean[side] = ysum[side] / nk[side];
      for (guint i = 0; i < w->n; i++)
        if (have[side][i])
          yss[side] += (y[side][i] - mean[side]) * (y[side][i] - mean[side]);
      var[side] = yss[side] / (nk[side] - 1);
      den += yss[side];
      /* Lag-one autocorrelation of the residuals, over pairs of calendar
       * months that follow each other in the same window. */
      for (guint i = 0; i < w->n; i++)
        for (guint j = 0; j < w->n; j++)
          {
            guint16 mi = side == 0 ? w->before[i] : w->after[i];
            guint16 mj = side == 0 ? w->before[j] : w->after[j];

            if (mj == mi + 1 && have[side][i] && have[side][j])
              num += (y[side][i] - mean[side]) * (y[side][j] - mean[side]);
          }
    }
  rho = den > 0 ? CLAMP (num / den, 0, RHO_MAX) : 0;
  /* An AR(1) series' mean varies (1 + ρ) / (1 − ρ) times as much as
   * independent months' would. */
  inflation = (1 + rho) / (1 - rho);
  out->change = mean[1] - mean[0];
  out->var = inflation * (MAX (var[0], SD_FLOOR * SD_FLOOR) / nk[0] +
                          MAX (var[1], SD_FLOOR * SD_FLOOR) / nk[1]);
  out->t = out->change / sqrt (out->var);
}

double
ot_trade_test_did (const OtTradeTest *controlled,
                   const OtTradeTest *placebo)
{
  return (controlled->change - placebo->change) / sqrt (controlled->var + placebo->var);
}

/* Hoare's selection, in place. */
#define DEFINE_SELECT(name, type)                                   \
  static type                                                       \
  name (type *v, gsize n, gsize k)                                  \
  {                                                                 \
    gsize lo = 0, hi = n - 1;                                       \
                                                                    \
    while (lo < hi)                                                 \
      {                                                             \
        type pivot = v[lo + (hi - lo) / 2];                         \
        gsize i = lo, j = hi;                                       \
                                                                    \
        while (i <= j)                                              \
          {                                                         \
            while (v[i] < pivot)                                    \
              i++;                                                  \
            while (v[j] > pivot)                                    \
              j--;                                                  \
            if (i <= j)                                             \
              {                                                     \
                type tmp = v[i];                                    \
                v[i] = v[j];                                        \
                v[j] = tmp;                                         \
                i++;                                                \
                if (j == 0)                                         \
                  break;                                            \
                j--;                                                \
              }                                                     \
          }                                                         \
        if (k <= j)                                                 \
          hi = j;                                                   \
        else if (k >= i)                                            \
          lo = i;                                                   \
        else                                                        \
          break;                                                    \
      }                                                             \
    return v[k];                                                    \
  }

DEFINE_SELECT (select_double, double)
DEFINE_SELECT (select_float, float)

/* The upper middle element by selection, averaged with the largest
 * element below it when @n is even (selection leaves the smaller half
 * first). */
#define DEFINE_MEDIAN(name, type, select)                           \
  type                                                              \
  name (type  *values,                                              \
        gsize  n)                                                   \
  {                                                                 \
    type hi, lo = -INFINITY;                                        \
                                                                    \
    if (n == 0)                                                     \
      return NAN;                                                   \
    hi = select (values, n, n / 2);                                 \
    if (n % 2 == 1)                                                 \
      return hi;                                                    \
    for (gsize i = 0; i < n / 2; i++)                               \
      lo = MAX (lo, values[i]);                                     \
    return (lo + hi) / 2;                                           \
  }

DEFINE_MEDIAN (ot_trade_median, double, select_double)
DEFINE_MEDIAN (ot_trade_median_float, float, select_float)
