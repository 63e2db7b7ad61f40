/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-series.h: a trade table aggregated into series, for the signals
 * (ot-trade-signals.c and its methods; docs/trade-signals.md, "One pass").
 *
 * One series per (reporter, partner, flow, product line, currency): the
 * table's rows in month order, rows of the same month summed on reading.
 * Which months each reporter reported at all (anything, any partner) is
 * kept too, so that a month without a row reads as 0 when the reporter
 * reported that month and as unknown (NAN) when it did not.
 *
 * Product lines are read in groups: an HS6 line with the national lines
 * below it (China's 2825800010 under 2825.80); a group's month is its
 * HS6 row when there is one, else the sum of its national lines, never
 * both, so a reporter giving both is not counted twice. */
#pragma once

#include <gio/gio.h>

#include "ot-big.h"
#include "ot-controls.h"
#include "ot-trade.h"

G_BEGIN_DECLS

/* ---- Product groups ------------------------------------------------------- */

#define OT_TRADE_GROUP_MAX_LINES 16

typedef struct {
  guint16      head;        /* the HS6 line, or a national line with no HS6 above it */
  guint16      n_lines;     /* national lines read with it */
  guint16      lines[OT_TRADE_GROUP_MAX_LINES];
  OtMineral    mineral;     /* the head's */
  OtTradeRole  role;        /* the head's */
  char         heading[5];  /* its first four digits */
} OtTradeGroup;

guint               ot_trade_group_count  (void);
const OtTradeGroup *ot_trade_group_nth    (guint    index);
guint               ot_trade_group_of     (guint16  product);
/* TRUE when @control names a mineral of the group's controlled lines (a
 * measure on any rare earth covers "rare earths (mixed)"). */
gboolean            ot_trade_group_covered (guint            group,
                                            const OtControl *control);

/* ---- Series ---------------------------------------------------------------- */

enum {
  OT_TRADE_REC_KG        = 1 << 0,   /* kg known */
  OT_TRADE_REC_VALUE     = 1 << 1,   /* value known */
  OT_TRADE_REC_ANNUAL    = 1 << 2,   /* a year's total, month = January */
  OT_TRADE_REC_ESTIMATED = 1 << 3,   /* quantity estimated by the publisher */
};

typedef struct {
  double   kg;
  double   value;
  guint32  row;       /* the table row */
  guint16  month;
  guint8   flags;
  guint8   reserved;
} OtTradeRec;

typedef struct {
  OtTradePlace  reporter;
  OtTradePlace  partner;
  guint8        flow;
  guint8        currency;
  guint16       product;
  guint32       first;        /* into the recs */
  guint32       n;
} OtTradeSeriesInfo;

typedef struct _OtTradeSeries OtTradeSeries;

/* NULL when cancelled.  A table of at least
 * ot_trade_series_parallel_min_rows rows is read by two threads (the
 * same series; tests lower it: 0 forces two threads on one processor). */
extern guint ot_trade_series_parallel_min_rows;
OtTradeSeries  *ot_trade_series_new          (OtTradeTable   *table,
                                              GCancellable   *cancellable);
void            ot_trade_series_free         (OtTradeSeries  *self);

OtTradeTable   *ot_trade_series_get_table    (OtTradeSeries  *self);
/* The months of the monthly rows; FALSE when there are none. */
gboolean        ot_trade_series_get_months   (OtTradeSeries  *self,
                                              guint16        *first,
                                              guint          *n_months);
guint           ot_trade_series_get_n_used   (OtTradeSeries  *self);
guint           ot_trade_series_get_n_skipped (OtTradeSeries *self);

guint                    ot_trade_series_count (OtTradeSeries *self);
const OtTradeSeriesInfo *ot_trade_series_nth   (OtTradeSeries *self,
                                                guint          index);
const OtTradeRec        *ot_trade_series_recs  (OtTradeSeries *self);
/* The series of exactly these keys; -1 when none. */
gint            ot_trade_series_find         (OtTradeSeries  *self,
                                              OtTradePlace    reporter,
                                              OtTradePlace    partner,
                                              OtTradeFlow     flow,
                                              guint16         product,
                                              OtTradeCurrency currency);
/* Did @reporter report anything in monthly rows of @month (in annual
 * rows of @year)? */
gboolean        ot_trade_series_reported     (OtTradeSeries  *self,
                                              OtTradePlace    reporter,
                                              guint16         month);
gboolean        ot_trade_series_reported_year (OtTradeSeries *self,
                                              OtTradePlace    reporter,
                                              guint           year);

/* A leg: @reporter's records of @flow with @partner, summed over the
 * groups, month by month over the series' months (kg and value each
 * n_months long; see above for 0 and NAN).  The currency is the one
 * with the most rows among the leg's series.  FALSE when no series has
 * any row. */
typedef struct {
  double          *kg;
  double          *value;
  OtTradeCurrency  currency;
  guint            n_rows;     /* monthly rows read */
} OtTradeLegSeries;

gboolean        ot_trade_series_leg          (OtTradeSeries     *self,
                                              OtTradePlace       reporter,
                                              OtTradePlace       partner,
                                              OtTradeFlow        flow,
                                              const guint       *groups,
                                              guint              n_groups,
                                              OtTradeLegSeries  *out);
void            ot_trade_leg_series_clear    (OtTradeLegSeries  *leg);
/* TRUE when any series of the leg exists (a cheap test before _leg ()). */
gboolean        ot_trade_series_leg_exists   (OtTradeSeries     *self,
                                              OtTradePlace       reporter,
                                              OtTradePlace       partner,
                                              OtTradeFlow        flow,
                                              const guint       *groups,
                                              guint              n_groups);
/* The table rows the leg read in @months (sorted), appended to @rows
 * (of guint), ascending and without repeats; and the product lines they
 * are of, appended to @products (of guint16) once each. */
void            ot_trade_series_leg_rows     (OtTradeSeries     *self,
                                              OtTradePlace       reporter,
                                              OtTradePlace       partner,
                                              OtTradeFlow        flow,
                                              const guint       *groups,
                                              guint              n_groups,
                                              OtTradeCurrency    currency,
                                              const guint16     *months,
                                              guint              n_months,
                                              GArray            *rows,
                                              GArray            *products);
/* A leg's annual rows of @year (mirror gaps on annual data): FALSE when
 * @reporter gave no annual row that year; else the sums (0 when it gave
 * rows of other flows only; NAN when a row withheld the figure). */
gboolean        ot_trade_series_leg_annual   (OtTradeSeries     *self,
                                              OtTradePlace       reporter,
                                              OtTradePlace       partner,
                                              OtTradeFlow        flow,
                                              const guint       *groups,
                                              guint              n_groups,
                                              guint              year,
                                              OtTradeCurrency    currency,
                                              double            *kg,
                                              double            *value);
/* The years of the annual rows; FALSE when there are none. */
gboolean        ot_trade_series_get_years    (OtTradeSeries     *self,
                                              guint             *first,
                                              guint             *last);

G_END_DECLS
