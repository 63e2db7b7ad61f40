/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-refresh.h: some incidents of a team store read again, for a
 * window that heard they changed (issue 21, docs/team-store.md "In the
 * window").  No GTK. */
#pragma once

#include "ot-store.h"

G_BEGIN_DECLS

/* The incidents @ids as the store holds them now, in one read-only
 * snapshot: an OtStoreCase of those found (an id the store no longer
 * holds is not in it), their versions, and the audit log's last change
 * at that moment.  Blocks: a worker. */
OtStoreCase *ot_store_read_incidents        (OtStore             *self,
                                             const char *const   *ids,
                                             guint                n_ids,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* The same in a worker (@ids copied). */
void         ot_store_read_incidents_async  (OtStore             *self,
                                             const char *const   *ids,
                                             guint                n_ids,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
OtStoreCase *ot_store_read_incidents_finish (OtStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* ot_store_get_history () and ot_store_get_changes_since () in a worker
 * (a GPtrArray of OtStoreChange); @id NULL: the changes after @change. */
void         ot_store_changes_async         (OtStore             *self,
                                             const char          *id,
                                             gint64               change,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray   *ot_store_changes_finish        (OtStore             *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
