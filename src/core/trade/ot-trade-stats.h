/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-stats.h: the statistics of the trade signals
 * (docs/trade-signals.md): the windows around a control date, the
 * before/after test of one monthly series, medians and MADs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OT_TRADE_WINDOW_MAX 24

/* The months compared around a control date: each after month paired
 * with the same calendar month in the latest year before the control
 * that lies outside every guard period. */
typedef struct {
  guint16 before[OT_TRADE_WINDOW_MAX];
  guint16 after[OT_TRADE_WINDOW_MAX];
  guint   n;
} OtTradeWindows;

/* @first_after: the first month the control covers (its month when it
 * took effect by the 10th, else the next); @excluded (n_months bytes
 * from @first_month): months no before window may use; the after window
 * is @after_months long from @first_after + @lag, within the data.  FALSE
 * when fewer than @min_after months pair up. */
gboolean  ot_trade_windows_make (guint16          first_after,
                                 guint            after_months,
                                 guint            lag,
                                 guint            min_after,
                                 guint16          first_month,
                                 guint            n_months,
                                 const guint8    *excluded,
                                 OtTradeWindows  *out);

/* The before/after test of a series on y = ln (1 + x / s), s a tenth of
 * the median positive month in the two windows. */
typedef struct {
  gboolean ok;           /* enough known months on both sides */
  guint    n_before;     /* known months */
  guint    n_after;
  double   kg_before;    /* mean of the known months */
  double   kg_after;
  double   change;       /* mean y after − mean y before */
  double   var;          /* variance of @change, autocorrelation-inflated */
  double   t;            /* @change / sqrt (@var) */
} OtTradeTest;

void      ot_trade_test_series  (const double          *kg,
                                 guint16                first_month,
                                 guint                  n_months,
                                 const OtTradeWindows  *windows,
                                 guint                  min_before,
                                 guint                  min_after,
                                 OtTradeTest           *out);
/* The difference of two tests (controlled − placebo) as a t. */
double    ot_trade_test_did     (const OtTradeTest *controlled,
                                 const OtTradeTest *placebo);

/* Median of @n values (reordered); NAN when @n is 0. */
double    ot_trade_median       (double   *values,
                                 gsize     n);
float     ot_trade_median_float (float    *values,
                                 gsize     n);

G_END_DECLS
