/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-case-private.h: what ot-case.c shares with ot-case-trade.c, which
 * writes and reads a case's trade statistics (docs/case-file.md,
 * "trade_rows").  ot-case.c calls ot-case-trade.c, never the reverse.
 * A team store's trade rows (store/ot-store-trade.c) are read through
 * the same reader (OtCaseTradeReader), so both give the same rows and
 * the same problems. */
#pragma once

#include <gio/gio.h>
#include <math.h>
#include <sqlite3.h>

#include "ot-dataset.h"
#include "ot-trade.h"

G_BEGIN_DECLS

/* The trade statistics' table: one row per OtTradeRow, in the table's
 * order (rowid).  In a new case and in the step from version 1. */
#define OT_CASE_TRADE_SCHEMA \
  "CREATE TABLE trade_rows (reporter TEXT NOT NULL, partner TEXT NOT NULL," \
  " flow TEXT NOT NULL, code_list TEXT NOT NULL, code TEXT NOT NULL," \
  " month TEXT NOT NULL, span INTEGER NOT NULL, flags INTEGER NOT NULL," \
  " kg REAL, value REAL, currency TEXT NOT NULL," \
  " file INTEGER REFERENCES files (id), line INTEGER);\n"

static inline void
ot_case_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* NaN (not given) is NULL. */
static inline void
ot_case_bind_double (sqlite3_stmt *stmt,
                     int           index,
                     double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

/* Steps an INSERT and resets it: SQLITE_OK or the error. */
static inline int
ot_case_step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The id in the files table of the file called @name, inserted with
 * @insert ("INSERT INTO files (name) VALUES (?)") the first time;
 * @files maps names (not copied: they outlive the save) to ids. */
int   ot_case_file_id     (sqlite3        *db,
                           sqlite3_stmt   *insert,
                           GHashTable     *files,
                           const char     *name,
                           sqlite3_int64  *id);

/* Every row of @table into trade_rows; SQLITE_OK or the first error
 * (SQLITE_INTERRUPT when cancelled). */
int   ot_case_write_trade (sqlite3        *db,
                           OtTradeTable   *table,
                           GHashTable     *files,
                           GCancellable   *cancellable);

/* The rows of trade_rows into *@out (NULL when there are none); a row
 * that cannot be read is skipped with a problem in @dataset naming
 * @display and its rowid.  SQLITE_OK or the error. */
int   ot_case_read_trade  (sqlite3        *db,
                           OtDataset      *dataset,
                           const char     *display,
                           OtTradeTable  **out,
                           GCancellable   *cancellable);

/* trade_rows' codes of a flow (M, X, RM, RX) and a currency (USD, EUR,
 * CNY), and back: FALSE for a code this Oretrace does not know. */
const char *ot_case_trade_flow_code      (guint8      flow);
const char *ot_case_trade_currency_code  (guint8      currency);
gboolean    ot_case_trade_parse_flow     (const char *text,
                                          guint8     *flow);
gboolean    ot_case_trade_parse_currency (const char *text,
                                          guint8     *currency);

/* One row of trade_rows as read, before it is checked: texts as the
 * database gives them (NULL: SQL NULL). */
typedef struct {
  gboolean    is_null;
  gboolean    is_number;   /* stored as a number (not text) */
  double      number;
  const char *text;        /* for the message */
} OtCaseTradeAmount;

typedef struct {
  const char        *reporter, *partner, *flow, *code_list, *code, *month, *currency;
  gint64             span, flags;
  const char        *span_text, *flags_text;
  OtCaseTradeAmount  kg, value;
  const char        *file;   /* the file's name; NULL: none */
  gint64             line;
} OtCaseTradeValues;

/* Rows into a new OtTradeTable, checked as a case's are: a row that
 * cannot be read is skipped with a problem in @dataset naming @display
 * and its rowid (at most the loader's limit of problems listed). */
typedef struct _OtCaseTradeReader OtCaseTradeReader;

OtCaseTradeReader *ot_case_trade_reader_new    (OtDataset               *dataset,
                                                const char              *display);
/* FALSE once the table is full (OT_TRADE_MAX_ROWS): stop reading. */
gboolean           ot_case_trade_reader_add    (OtCaseTradeReader       *reading,
                                                guint                    rowid,
                                                const OtCaseTradeValues *values);
/* The table (NULL when no row was read), the problems reported; frees
 * @reading. */
OtTradeTable      *ot_case_trade_reader_finish (OtCaseTradeReader       *reading);
void               ot_case_trade_reader_free   (OtCaseTradeReader       *reading);

G_END_DECLS
