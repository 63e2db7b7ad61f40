/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-rows.h: incidents as a store's rows (ot-store-rows.c), for
 * the schema's migration and the flows; trade rows (ot-store-trade.c)
 * for the upload and the load. */
#pragma once

#include <libpq-fe.h>

#include "ot-dataset.h"
#include "ot-incident.h"
#include "ot-trade.h"

G_BEGIN_DECLS

/* The places an incident's goods went through, as the flows count them:
 * origin, each stop's country, destination; unknown ones left out,
 * repeats in a row made one.  Country codes (the incident's strings)
 * into @path; returns how many (at most @max). */
#define OT_STORE_MAX_PATH 258
guint       ot_store_incident_path    (const OtIncident *incident,
                                       const char      **path,
                                       guint             max);
/* Each distinct leg of that path once, "CN>TH", sorted; a new array of
 * new strings (empty: fewer than two places). */
GPtrArray  *ot_store_incident_legs    (const OtIncident *incident);
/* The month the flows put @date in: year × 100 + month, year × 100 for
 * a year-only date; -1 for none. */
int         ot_store_date_month       (const OtDate     *date);

/* Schema version 2's derived columns for every row a store already
 * holds (the migration from version 1), in the caller's transaction,
 * with the version and audit triggers off (the owner's right). */
gboolean    ot_store_rows_derive_all  (PGconn           *conn,
                                       GCancellable     *cancellable,
                                       GError          **error);

/* The trade rows of @table with COPY (ot-store-trade.c), in the upload's
 * transaction; @file_ids maps file names to the ids of oretrace.files
 * written so far (the incidents'), and gets the trade files' too. */
gboolean    ot_store_trade_copy       (PGconn           *conn,
                                       OtTradeTable     *table,
                                       GHashTable       *file_ids,
                                       GCancellable     *cancellable,
                                       GError          **error);
/* The store's trade rows into @dataset's trade table (none: left
 * unset), in the caller's transaction; rows that cannot be read are
 * problems of @display, as a case file's are. */
gboolean    ot_store_trade_read       (PGconn           *conn,
                                       OtDataset        *dataset,
                                       const char       *display,
                                       GCancellable     *cancellable,
                                       GError          **error);

G_END_DECLS

/* The incidents of "FROM oretrace.incidents i WHERE @where" (parameters
 * @params), read through the record rules into @dataset in the case's
 * order, each one's version into @versions (may be NULL), in the
 * caller's transaction (ot-store-refresh.c). */
/* The incidents @where selects (as ot_store_rows_read () takes it), in
 * one read-only snapshot of their own, with their versions and the
 * audit log's last change then: ot_store_read_incidents () and
 * ot_store_read_part () (ot-store-refresh.c).  Acquires the store. */
OtStoreCase *ot_store_read_where      (OtStore          *self,
                                       const char       *where,
                                       int               n,
                                       const char      **params,
                                       GCancellable     *cancellable,
                                       GError          **error);
gboolean    ot_store_rows_read        (PGconn           *conn,
                                       const char       *where,
                                       int               n,
                                       const char      **params,
                                       OtDataset        *dataset,
                                       const char       *display,
                                       GArray           *versions,
                                       GCancellable     *cancellable,
                                       GError          **error);
