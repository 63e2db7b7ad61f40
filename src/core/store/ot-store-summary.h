/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-summary.h: a team store as a summary (issue 21;
 * docs/team-store.md, "Summary mode").
 *
 * A store too big to read into the window is opened as a summary: the
 * window's dataset holds no incident, and its networks are built from
 * the legs the server sums under each filter (ot_store_query_edges ()).
 * An OtStoreSummary is that dataset's OtEdgeSource: it asks its store,
 * and keeps the unfiltered answer (what every layout starts from) until
 * the store changes (ot_store_summary_forget ()).  The sidebar's counts
 * (under a filter of companies or grades they read every incident) go
 * through a second connection of its own (ot_store_connect_again ()),
 * so that a filter change's chart never waits for them.  Any thread. */
#pragma once

#include "ot-edge-source.h"
#include "ot-store.h"

G_BEGIN_DECLS

#define OT_TYPE_STORE_SUMMARY (ot_store_summary_get_type ())
G_DECLARE_FINAL_TYPE (OtStoreSummary, ot_store_summary, OT, STORE_SUMMARY, GObject)

OtStoreSummary *ot_store_summary_new    (OtStore        *store);
OtStore        *ot_store_summary_get_store (OtStoreSummary *self);
/* Forgets the unfiltered legs kept: the store changed.  The source's
 * generation moves on, so a chart asks again at its next update. */
void            ot_store_summary_forget (OtStoreSummary *self);

/* Others changed the store: a version of @dataset (this summary's)
 * with its cells counted again (ot_store_query_cells ()), for
 * ot_document_recount_summary (); NULL and @error when the server cannot
 * say. */
void            ot_store_summary_recount_async  (OtStoreSummary      *self,
                                                 OtDataset           *dataset,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
OtDataset      *ot_store_summary_recount_finish (OtStoreSummary      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* How many incidents the store holds per mineral, status, illustrative
 * flag and month (a new array of OtSummaryCell, ot-dataset.h), from
 * its flows' sums, not the incidents; NULL and @error when the server
 * cannot say.  A row naming a mineral or status Oretrace does not know
 * (another tool's edit) is left out, as reading the case leaves it. */
GArray         *ot_store_query_cells    (OtStore        *store,
                                         GCancellable   *cancellable,
                                         GError        **error);

/* A summary reads a store's trade statistics whole up to this many rows
 * (their layer is drawn as a case's), and none beyond. */
#define OT_STORE_SUMMARY_TRADE_MAX 1000000

/* A dataset that is @store's summary (ot_dataset_set_summary ()): no
 * incident, the store's trade statistics read whole when there are at
 * most OT_STORE_SUMMARY_TRADE_MAX rows; NULL and @error when the store
 * cannot be counted or read. */
OtDataset      *ot_store_summary_dataset_new (OtStore       *store,
                                              GCancellable  *cancellable,
                                              GError       **error);

void            ot_store_summary_dataset_new_async  (OtStore             *store,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
OtDataset      *ot_store_summary_dataset_new_finish (OtStore             *store,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
