/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-private.h: what the store's files share (ot-store.c owns the
 * connection; ot-store-schema.c, ot-store-rows.c and ot-store-flows.c
 * call it, and it calls none of them). */
#pragma once

#include <libpq-fe.h>
#include <math.h>

#include "ot-loader.h"
#include "ot-store.h"

G_BEGIN_DECLS

/* The schema every store table lives in, and the group roles. */
#define OT_STORE_SCHEMA      "oretrace"
#define OT_STORE_VIEWER_ROLE "oretrace_viewer"
#define OT_STORE_EDITOR_ROLE "oretrace_editor"
/* The NOTIFY channel. */
#define OT_STORE_CHANNEL     "oretrace_changes"

/* The store's connection, for one call: locked until released, and
 * connected again first when it was lost.  NULL and @error when it
 * cannot be (OT_STORE_ERROR_CONNECT) or @cancellable is cancelled. */
PGconn     *ot_store_acquire        (OtStore       *self,
                                     GCancellable  *cancellable,
                                     GError       **error);
void        ot_store_release        (OtStore       *self);
/* After a call that lost the connection: a new one (the store stays
 * acquired).  NULL and @error when the server cannot be reached. */
PGconn     *ot_store_reconnect      (OtStore       *self,
                                     GError       **error);
/* Reads the version and role again (after ot_store_setup ()); the
 * connection is acquired. */
void        ot_store_refresh        (OtStore       *self,
                                     PGconn        *conn);

/* Runs @sql with @n text parameters (NULL values are SQL NULL).  Returns
 * the result when it is PGRES_COMMAND_OK, PGRES_TUPLES_OK or
 * PGRES_COPY_IN; otherwise NULL and @error (ot_store_set_error ()). */
PGresult   *ot_store_exec           (PGconn             *conn,
                                     const char         *sql,
                                     int                 n,
                                     const char * const *values,
                                     GError            **error);
/* The same, the result dropped. */
gboolean    ot_store_run            (PGconn             *conn,
                                     const char         *sql,
                                     int                 n,
                                     const char * const *values,
                                     GError            **error);
/* Several statements of constant SQL, no parameters (PQexec). */
gboolean    ot_store_run_script     (PGconn             *conn,
                                     const char         *sql,
                                     GError            **error);
/* @error from a failed result (or the connection's message when
 * @result is NULL): the SQLSTATE picks the code (42501 and RLS
 * refusals: OT_STORE_ERROR_DENIED; a lost connection:
 * OT_STORE_ERROR_NOT_SAVED), the server's message is kept. */
void        ot_store_set_error      (GError            **error,
                                     PGconn             *conn,
                                     const PGresult     *result);
/* Whether the connection is gone (a failed call lost it). */
gboolean    ot_store_conn_lost      (PGconn             *conn);

/* A result of (mineral, status, illustrative, month, incidents) rows as
 * an array of OtSummaryCell (rows naming an unknown mineral or status
 * left out); @result is cleared (ot-store-flows.c). */
GArray     *ot_store_cells_from_result (PGresult        *result);

/* A value as text or NULL; 64-bit integers. */
char       *ot_store_int64_text     (gint64              value);
gint64      ot_store_value_int64    (const PGresult     *result,
                                     int                 row,
                                     int                 column);
char       *ot_store_value_dup      (const PGresult     *result,
                                     int                 row,
                                     int                 column);

/* The schema's version in @conn's database (0: none); -1 and @error
 * when it cannot be read. */
int         ot_store_read_version   (PGconn             *conn,
                                     GError            **error);

/* ot_store_setup () up to schema version @target only (1 to
 * OT_STORE_VERSION): the tests make stores of older versions with it
 * to migrate them. */
gboolean    ot_store_setup_to       (OtStore            *self,
                                     int                 target,
                                     GCancellable       *cancellable,
                                     GError            **error);

/* Two sums of the same doubles added in another order (the server's
 * and memory's): equal to a relative 1e-9. */
static inline gboolean
ot_store_close_enough (double a,
                       double b)
{
  return fabs (a - b) <= 1e-9 * MAX (fabs (a), fabs (b));
}

/* COPY ... FROM STDIN text format: @text appended escaped (NULL: \N). */
void        ot_store_copy_field     (GString            *out,
                                     const char         *text);
/* Sends @out to the COPY in progress and empties it. */
gboolean    ot_store_copy_flush     (PGconn             *conn,
                                     GString            *out,
                                     GError            **error);
/* Ends the COPY; FALSE and @error when the server refused the rows. */
gboolean    ot_store_copy_end       (PGconn             *conn,
                                     GError            **error);

/* The columns of the incidents table, as in the case file (io/ot-case.c):
 * every column of the format but "unit", "quantity" as "quantity_kg". */
guint       ot_store_n_columns      (void);
OtColumn    ot_store_column         (guint               index);
const char *ot_store_column_name    (OtColumn            column);

G_END_DECLS
