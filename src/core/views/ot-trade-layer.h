/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-layer.h: the trade statistics a chart draws beside the
 * incidents (issue 18): a dataset's OtTradeTable summed into flows per
 * (exporting country, importing country, mineral) over the minerals,
 * period and countries of a filter.  Lawful trade figures, not
 * allegations: the views draw them as a layer of their own
 * (docs/views.md, "Trade statistics").
 *
 * The two reports of one flow are never added: for each exporter,
 * importer, mineral and month the importer's figure is taken (imports,
 * partner = country of origin), the exporter's (exports, partner = last
 * known destination) only where the importer gives none — quantity and
 * value each on their own.  Re-imports and re-exports are left out
 * (Comtrade's imports and exports already hold them), and so are World
 * rows (totals over partners) and confidential or other areas (no place
 * to draw), which are counted.  A row covering several months (annual,
 * cumulative) that the period cuts counts pro rata.
 *
 * A layer is immutable and reference counted; ot_trade_layer_new () runs
 * in the chart's worker, in one pass over the table's columns and one
 * over the exporters' rows it kept. */
#pragma once

#include <gio/gio.h>

#include "ot-filter.h"
#include "ot-trade.h"

G_BEGIN_DECLS

#define OT_TRADE_N_CURRENCIES 3   /* OtTradeCurrency: USD, EUR, CNY */

/* One flow of one mineral from an exporting to an importing country. */
typedef struct {
  OtTradePlace exporter;
  OtTradePlace importer;
  OtMineral    mineral;
  gboolean     has_kg;          /* some month gave a quantity */
  double       kg;              /* net mass, both sides as the rule takes them */
  double       kg_importer;     /* of @kg, from the importer's reports */
  double       value[OT_TRADE_N_CURRENCIES];   /* per OtTradeCurrency; 0: none */
  guint        n_rows;          /* rows whose quantity or value it took */
  guint        n_rows_importer; /* of them, the importer's */
  guint16      first_month;     /* ot_trade_month (): the months of those rows */
  guint16      last_month;      /* (within the period) */
  guint64      files;           /* bit f: file f of the table (bit 63: a file from 63 on) */
} OtTradeLink;

/* One ordered pair of countries: its links, every mineral. */
typedef struct {
  OtTradePlace exporter;
  OtTradePlace importer;
  guint        first_link;      /* links [first_link, first_link + n_links) */
  guint        n_links;
  double       kg;              /* over its minerals */
  gboolean     has_kg;
  OtMineral    main_mineral;    /* the most kg (the most rows when none) */
} OtTradePair;

/* What the layer leaves out, for the caption (rows of the filter's
 * minerals, period and countries). */
typedef struct {
  guint   n_rows;          /* of the table */
  guint   n_considered;    /* imports and exports between two countries */
  guint   n_used;          /* of them, rows whose quantity or value a flow took */
  guint   n_replaced;      /* exporters' rows not taken: the importer reported those months */
  guint   n_world;         /* World as partner or reporter: totals */
  guint   n_areas;         /* confidential or other areas as partner or reporter */
  double  kg_areas;        /* their quantity */
  guint   n_re;            /* re-imports and re-exports */
} OtTradeCounts;

typedef struct _OtTradeLayer OtTradeLayer;

/* The flows of @table under @filter (NULL: all); only its minerals,
 * period and countries apply (statuses, companies and the evidence do
 * not concern statistics).  NULL when cancelled. */
OtTradeLayer        *ot_trade_layer_new          (OtTradeTable      *table,
                                                  const OtFilter    *filter,
                                                  GCancellable      *cancellable);
OtTradeLayer        *ot_trade_layer_ref          (OtTradeLayer      *self);
void                 ot_trade_layer_unref        (OtTradeLayer      *self);

/* Whether @a and @b give the same layer of one table (the parts of the
 * filter it reads are equal). */
gboolean             ot_trade_layer_same_filter  (const OtFilter    *a,
                                                  const OtFilter    *b);

OtTradeTable        *ot_trade_layer_get_table    (OtTradeLayer      *self);
/* Links sorted by exporter, importer and mineral. */
guint                ot_trade_layer_get_n_links  (OtTradeLayer      *self);
const OtTradeLink   *ot_trade_layer_get_link     (OtTradeLayer      *self,
                                                  guint              index);
/* Pairs sorted by exporter and importer. */
guint                ot_trade_layer_get_n_pairs  (OtTradeLayer      *self);
const OtTradePair   *ot_trade_layer_get_pair     (OtTradeLayer      *self,
                                                  guint              index);
/* The pair from @exporter to @importer, -1 if none. */
gint                 ot_trade_layer_find_pair    (OtTradeLayer      *self,
                                                  OtTradePlace       exporter,
                                                  OtTradePlace       importer);
/* Pair indices, heaviest first (kg, then rows). */
const guint         *ot_trade_layer_get_ranking  (OtTradeLayer      *self);
double               ot_trade_layer_get_max_kg   (OtTradeLayer      *self);
const OtTradeCounts *ot_trade_layer_get_counts   (OtTradeLayer      *self);
/* The first and last month the flows take rows from; FALSE when none. */
gboolean             ot_trade_layer_get_period   (OtTradeLayer      *self,
                                                  guint16           *first,
                                                  guint16           *last);
/* Bit f: file f of the table gave a row to some flow (bit 63: from 63 on). */
guint64              ot_trade_layer_get_files    (OtTradeLayer      *self);

/* "2023-01" */
char                *ot_trade_month_text         (guint16            month);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtTradeLayer, ot_trade_layer_unref)

G_END_DECLS
