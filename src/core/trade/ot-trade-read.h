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

/* ot_trade_detect () reads the first line this far at most. */
#define OT_TRADE_DETECT_BYTES ((gsize) 64 * 1024)

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
  gboolean      failed;        /* the source could not give the whole file
                                * (it said why): nothing of it is kept */
} OtTradeRead;

/* Reads @data, a file of @format, into @read->table.  @data is
 * overwritten (fields are terminated in place) and @data[@length] must
 * be writable. */
void           ot_trade_read         (OtTradeRead   *read,
                                      OtTradeFormat  format,
                                      char          *data,
                                      gsize          length);

/* A file read a piece at a time (ot_trade_read_stream ()): the loader's
 * reading of it, with its checks. */
typedef struct {
  /* The next bytes of the file, at most @size, into @buf: how many, 0 at
   * its end, -1 when it cannot be read (the source has said why). */
  gssize   (*read)   (gpointer    source,
                      char       *buf,
                      gsize       size);
  /* Whether @length bytes of the file from @offset (from where @read
   * started), whole lines in the file's order, can be read; when not,
   * the source has said why. */
  gboolean (*check)  (gpointer    source,
                      const char *text,
                      gsize       length,
                      gsize       offset);
  gpointer   source;
  gsize      size;     /* bytes, for progress */
} OtTradeSource;

/* Whether ot_trade_read_stream () reads @format: the CSV formats whose
 * rows are read one by one (Comtrade's, Comext's bulk files). */
gboolean       ot_trade_format_streams (OtTradeFormat format);
/* Whether a file of @size bytes is best read so (a large one). */
gboolean       ot_trade_stream_wanted  (gsize         size);
/* Reads a file of @format (as ot_trade_read () would the whole of it)
 * from @source a piece at a time, in two threads when it is large
 * (docs/trade-statistics.md, "Speed").  When @source fails, nothing of
 * the file is kept and @read->failed is set. */
void           ot_trade_read_stream  (OtTradeRead         *read,
                                      OtTradeFormat        format,
                                      const OtTradeSource *source);

G_END_DECLS
