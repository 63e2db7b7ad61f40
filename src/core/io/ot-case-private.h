/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-case-private.h: what ot-case.c shares with ot-case-trade.c, which
 * writes and reads a case's trade statistics (docs/case-file.md,
 * "trade_rows").  ot-case.c calls ot-case-trade.c, never the reverse. */
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

G_END_DECLS
