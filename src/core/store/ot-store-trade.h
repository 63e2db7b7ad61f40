/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-trade.h: trade statistics in a team store (issue 21; store
 * schema version 4, docs/team-store.md "Trade statistics").
 *
 * A store keeps the trade rows of the case it holds (the case file's
 * trade_rows: places, flow, product, months, missing, suppressed and
 * zero apart, the file and line of each row); ot_store_upload () writes
 * them and ot_store_load () gives them back with the dataset.  The
 * filter runs in the server and only sums travel: one row per reporter,
 * partner, mineral, flow, first month, span and currency, the pieces the
 * chart's trade layer (ot-trade-layer.h) draws its flows from.
 * ot_store_trade_sums_from_table () works out the same sums in memory:
 * the reference the tests hold the server to. */
#pragma once

#include "ot-filter.h"
#include "ot-store.h"
#include "ot-trade.h"

G_BEGIN_DECLS

/* The rows of one reporter, partner, mineral (the product line's;
 * placebo products are left out, as the layer leaves them), flow, first
 * month, span and currency. */
typedef struct {
  OtTradePlace reporter;
  OtTradePlace partner;
  OtMineral    mineral;
  guint8       flow;          /* OtTradeFlow */
  guint8       span;          /* months covered */
  guint8       currency;      /* OtTradeCurrency */
  guint16      month;         /* ot_trade_month (): the first month */
  guint        n_rows;
  guint        n_with_kg;     /* rows that gave a quantity (0 included) */
  double       kg;
  guint        n_with_value;
  double       value;
} OtStoreTradeSum;

/* The sums of the store's trade rows under @filter (NULL: all): its
 * minerals, its period (rows whose months overlap it) and its countries
 * (no place excluded; one included when some are), the parts the trade
 * layer reads.  A new array of OtStoreTradeSum, sorted. */
GArray       *ot_store_query_trade        (OtStore             *store,
                                           const OtFilter      *filter,
                                           GCancellable        *cancellable,
                                           GError             **error);
void          ot_store_query_trade_async  (OtStore             *store,
                                           const OtFilter      *filter,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GArray       *ot_store_query_trade_finish (OtStore             *store,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The same sums of @table (NULL: none) worked out in memory. */
GArray       *ot_store_trade_sums_from_table (OtTradeTable     *table,
                                              const OtFilter   *filter);
/* Whether both hold the same sums: counts equal, kg and values to a
 * relative 1e-9 (the server adds them in another order). */
gboolean      ot_store_trade_sums_equal   (GArray              *a,
                                           GArray              *b);

G_END_DECLS
