/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-read.h: official trade statistics read from the files users
 * download (docs/trade-statistics.md): UN Comtrade (API CSV, bulk
 * tab-separated files, the legacy CSV), the US Census international
 * trade API's JSON, Eurostat Comext (bulk files old and new, SDMX-CSV of
 * DS-045409) and the published-figures CSV.  The loader (src/core/io)
 * recognises a trade file by its content and hands it here. */
#pragma once

#include "ot-trade.h"

G_BEGIN_DECLS

typedef enum {
  OT_TRADE_FORMAT_NONE,              /* not trade statistics */
  OT_TRADE_FORMAT_COMTRADE,          /* API CSV or bulk tab-separated file */
  OT_TRADE_FORMAT_COMTRADE_LEGACY,   /* the pre-2023 CSV */
  OT_TRADE_FORMAT_CENSUS,            /* the Census API's JSON array of arrays */
  OT_TRADE_FORMAT_COMEXT,            /* bulk file, v2 or older */
  OT_TRADE_FORMAT_COMEXT_SDMX,       /* SDMX-CSV of DS-045409 */
  OT_TRADE_FORMAT_PUBLISHED,         /* published figures */
} OtTradeFormat;

/* Rows read into a table at most (10 M × 34 bytes = 340 MB). */
#define OT_TRADE_MAX_ROWS 20000000

/* By the header (column names, any case) or, for JSON, the Census
 * variables in the first row.  @data need not end in a NUL. */
OtTradeFormat  ot_trade_detect       (const char  *data,
                                      gsize        length);
/* The format's name for messages: "UN Comtrade", "US Census" … */
const char    *ot_trade_format_name  (OtTradeFormat format);

/* Called now and then from the reading thread; FALSE stops reading
 * (cancelled). */
typedef gboolean (*OtTradeTick) (gpointer user_data,
                                 gsize    done,
                                 gsize    total);

/* One file's read. */
typedef struct {
  /* In. */
  const char   *name;          /* the file as problems call it */
  OtTradeTable *table;         /* rows are appended to it */
  GPtrArray    *problems;      /* of OtProblem: appended */
  guint         max_problems;  /* listed for the file; the rest counted in one */
  OtTradeTick   tick;
  gpointer      tick_data;
  /* Out. */
  guint         n_rows;        /* rows added */
  guint         n_rejected;    /* rows in error (each a FILE:LINE problem) */
  guint         n_skipped;     /* rows outside what is read (other products,
                                * flows, breakdowns), each reason counted in
                                * one warning */
  gboolean      cancelled;
} OtTradeRead;

/* Reads @data, a file of @format, into @read->table.  @data is
 * overwritten (fields are terminated in place) and @data[@length] must
 * be writable. */
void           ot_trade_read         (OtTradeRead   *read,
                                      OtTradeFormat  format,
                                      char          *data,
                                      gsize          length);

G_END_DECLS
