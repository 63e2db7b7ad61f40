/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-store-refresh.h"
#include "ot-store-private.h"
#include "ot-store-rows.h"

/* A text[] literal of @ids: {"a","b"}, quotes and backslashes escaped;
 * it travels as a parameter. */
static char *
array_of (const char *const *ids,
          guint              n_ids)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < n_ids; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      for (const char *p = ids[i]; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

OtStoreCase *
ot_store_read_where (OtStore        *self,
                     const char     *where,
                     int             n,
                     const char    **params,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(OtStoreCase) store_case = g_new0 (OtStoreCase, 1);
  const char *display;
  PGresult *result;
  PGconn *conn;
  gboolean ok;

  display = ot_store_get_display_name (self);
  store_case->dataset = ot_dataset_new ();
  store_case->versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  conn = ot_store_acquire (self, cancellable, error);
  if (conn == NULL)
    return NULL;
  ok = ot_store_run (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error);
  if (ok && (result = ot_store_exec (conn, "SELECT coalesce (max (change), 0) FROM oretrace.audit_log",
                                     0, NULL, error)) != NULL)
    {
      store_case->last_change = ot_store_value_int64 (result, 0, 0);
      PQclear (result);
    }
  else
    ok = FALSE;
  ok = ok && ot_store_rows_read (conn, where, n, params, store_case->dataset, display,
                                 store_case->versions, cancellable, error) &&
       ot_store_run (conn, "COMMIT", 0, NULL, error);
  if (!ok && !ot_store_conn_lost (conn))
    PQclear (PQexec (conn, "ROLLBACK"));
  ot_store_release (self);
  if (!ok)
    return NULL;
  return g_steal_pointer (&store_case);
}

OtStoreCase *
ot_store_read_incidents (OtStore            *self,
                         const char *const  *ids,
                         guint               n_ids,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autofree char *array = array_of (ids, n_ids);
  const char *params[] = { array };

  g_return_val_if_fail (OT_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  return ot_store_read_where (self, "i.id = ANY ($1::text[])", 1, params, cancellable, error);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  char **ids = data;
  GError *error = NULL;
  OtStoreCase *store_case = ot_store_read_incidents (source, (const char *const *) ids, g_strv_length (ids),
                                                     cancellable, &error);

  if (store_case == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store_case, (GDestroyNotify) ot_store_case_free);
}

void
ot_store_read_incidents_async (OtStore             *self,
                               const char *const   *ids,
                               guint                n_ids,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  char **copy = g_new0 (char *, n_ids + 1);

  g_return_if_fail (OT_IS_STORE (self));

  for (guint i = 0; i < n_ids; i++)
    copy[i] = g_strdup (ids[i]);
  g_task_set_source_tag (task, ot_store_read_incidents_async);
  g_task_set_task_data (task, copy, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, read_thread);
}

OtStoreCase *
ot_store_read_incidents_finish (OtStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char   *id;
  gint64  change;
} ChangesCall;

static void
changes_call_free (ChangesCall *call)
{
  g_free (call->id);
  g_free (call);
}

static void
changes_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  ChangesCall *call = data;
  GError *error = NULL;
  GPtrArray *changes = call->id != NULL ? ot_store_get_history (source, call->id, cancellable, &error)
                                        : ot_store_get_changes_since (source, call->change, 0, cancellable,
                                                                      &error);

  if (changes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, changes, (GDestroyNotify) g_ptr_array_unref);
}

void
ot_store_changes_async (OtStore             *self,
                        const char          *id,
                        gint64               change,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ChangesCall *call = g_new0 (ChangesCall, 1);

  g_return_if_fail (OT_IS_STORE (self));

  call->id = g_strdup (id);
  call->change = change;
  g_task_set_source_tag (task, ot_store_changes_async);
  g_task_set_task_data (task, call, (GDestroyNotify) changes_call_free);
  g_task_run_in_thread (task, changes_thread);
}

GPtrArray *
ot_store_changes_finish (OtStore       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
