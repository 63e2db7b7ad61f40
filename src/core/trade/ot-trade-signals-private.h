/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-signals-private.h: what the methods of the trade signals share
 * (ot-trade-rerouting.c, ot-trade-mirror.c, ot-trade-unit-values.c), and
 * the evidence they attach (ot-trade-evidence.c).  ot-trade-signals.c
 * runs them; they call only the evidence, the series and the stats. */
#pragma once

#include "ot-trade-series.h"
#include "ot-trade-signals.h"
#include "ot-trade-stats.h"

G_BEGIN_DECLS

typedef struct {
  OtTradeSeries              *series;
  const OtTradeSignalOptions *options;
  GPtrArray                  *controls;     /* of OtControl */
  GCancellable               *cancellable;
  GPtrArray                  *blocks;       /* every array the signals point into */
  GArray                     *out[OT_TRADE_N_SIGNAL_KINDS];   /* of OtTradeSignal */
} OtTradeRun;

/* Memory that lives as long as the signals. */
gpointer  ot_trade_run_alloc   (OtTradeRun     *run,
                                gsize           size);
gpointer  ot_trade_run_dup     (OtTradeRun     *run,
                                gconstpointer   data,
                                gsize           size);

/* Fills @leg with a leg's series, its windows and test (both may be NULL)
 * and the table rows behind it: those of @row_months (NULL: the windows'
 * months, or every month without windows). */
void      ot_trade_run_leg     (OtTradeRun           *run,
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
                                guint                 n_row_months);
/* The same for one series of the aggregation (one product line). */
void      ot_trade_run_series_leg (OtTradeRun      *run,
                                   OtTradeLeg      *leg,
                                   OtTradeLegRole   role,
                                   guint            series,
                                   const guint16   *row_months,
                                   guint            n_row_months);
/* The head lines of @groups (their HS6 line, or a national line with no
 * HS6 above it), for OtTradeSignal.products. */
void      ot_trade_run_products (OtTradeRun        *run,
                                 const guint       *groups,
                                 guint              n_groups,
                                 const guint16    **products,
                                 guint             *n_products);

/* Sorts a kind's signals (flagged first, then by score) and keeps the
 * best options->max_candidates. */
void      ot_trade_run_rank    (OtTradeRun        *run,
                                OtTradeSignalKind  kind);

/* The first month a control covers: its month when it took effect on or
 * before the 10th, else the next. */
guint16   ot_trade_control_first_month (const OtControl *control);

/* The methods; FALSE only when cancelled. */
gboolean  ot_trade_rerouting   (OtTradeRun  *run);   /* M2 and M5 */
gboolean  ot_trade_mirror      (OtTradeRun  *run);   /* M1 */
gboolean  ot_trade_unit_values (OtTradeRun  *run);   /* M4 */

G_END_DECLS
