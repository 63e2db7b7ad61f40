/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store.c: the connection to a team store (docs/team-store.md).
 *
 * One PGconn serves the calls, one at a time (a mutex; a lost
 * connection is made again by the next call); a second one, opened by
 * ot_store_listen (), LISTENs and is watched from a main context.
 * Connecting polls libpq's non-blocking connect so that a cancellable
 * can stop it.  The other store files call the helpers here
 * (ot-store-private.h); this file calls none of them. */
#include "ot-store-private.h"
#include "ot-error.h"
#include "ot-json.h"
#include "ot-loader.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <string.h>

struct _OtStore {
  GObject       parent_instance;

  char         *address;
  char         *display_name;

  GMutex        lock;          /* held by a call using @conn */
  PGconn       *conn;
  int           backend_pid;   /* @conn's, atomic: notices tell our own */
  char         *user;
  OtStoreRole   role;
  int           version;

  /* Listening (main context of ot_store_listen ()). */
  GMainContext *context;
  PGconn       *listener;
  GSource      *watch;
  guint         retry_id;
  guint         retry_ms;
  GCancellable *retrying;
  gboolean      online;
};

enum {
  PROP_0,
  PROP_ONLINE,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_RECONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_TYPE (OtStore, ot_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (ot-store-error-quark, ot_store_error)
G_DEFINE_BOXED_TYPE (OtStoreNotice, ot_store_notice, ot_store_notice_copy, ot_store_notice_free)

#define CONNECT_TIMEOUT_S 10
#define RETRY_FIRST_MS    500
#define RETRY_MAX_MS      10000

/* ---- Addresses ---------------------------------------------------------- */

gboolean
ot_store_is_address (const char *text)
{
  if (text == NULL)
    return FALSE;
  return g_str_has_prefix (text, "postgresql://") || g_str_has_prefix (text, "postgres://") ||
         g_str_has_prefix (text, "service=");
}

/* "user@host:port/dbname", "service NAME": never the password. */
static char *
make_display_name (const char *address)
{
  PQconninfoOption *options;
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL, *service = NULL;
  GString *out;

  if (strchr (address, '=') == NULL && strstr (address, "://") == NULL)
    return g_strdup_printf ("service %s", address);
  options = PQconninfoParse (address, NULL);
  if (options == NULL)
    return g_strdup (_("a store"));
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (strcmp (o->keyword, "user") == 0)
        user = o->val;
      else if (strcmp (o->keyword, "host") == 0)
        host = o->val;
      else if (strcmp (o->keyword, "port") == 0)
        port = o->val;
      else if (strcmp (o->keyword, "dbname") == 0)
        dbname = o->val;
      else if (strcmp (o->keyword, "service") == 0)
        service = o->val;
    }
  out = g_string_new (NULL);
  if (service != NULL)
    g_string_append_printf (out, "service %s", service);
  else
    {
      if (user != NULL)
        g_string_append_printf (out, "%s@", user);
      g_string_append (out, host != NULL ? host : "localhost");
      if (port != NULL)
        g_string_append_printf (out, ":%s", port);
      if (dbname != NULL)
        g_string_append_printf (out, "/%s", dbname);
    }
  PQconninfoFree (options);
  return g_string_free (out, FALSE);
}

/* ---- Errors and results ------------------------------------------------- */

gboolean
ot_store_conn_lost (PGconn *conn)
{
  return conn == NULL || PQstatus (conn) == CONNECTION_BAD;
}

void
ot_store_set_error (GError         **error,
                    PGconn          *conn,
                    const PGresult  *result)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message = NULL;

  message = g_strdup (result && *PQresultErrorMessage (result) ? PQresultErrorMessage (result)
                                                                : conn ? PQerrorMessage (conn) : "");
  g_strchomp (message);

  if (ot_store_conn_lost (conn))
    g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT,
                 _("The connection to the store was lost (%s)"), message);
  else if (g_strcmp0 (state, "42501") == 0)
    g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_DENIED,
                 _("The store refused: your role may not do this (%s)"), message);
  else if (g_strcmp0 (state, "3F000") == 0 || g_strcmp0 (state, "42P01") == 0)
    g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_NO_STORE,
                 _("There is no Oretrace store in this database (%s)"), message);
  else
    g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_FAILED, _("The store failed: %s"), message);
}

PGresult *
ot_store_exec (PGconn             *conn,
               const char         *sql,
               int                 n,
               const char * const *values,
               GError            **error)
{
  PGresult *result = PQexecParams (conn, sql, n, NULL, values, NULL, NULL, 0);

  switch (PQresultStatus (result))
    {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
      return result;
    default:
      ot_store_set_error (error, conn, result);
      PQclear (result);
      return NULL;
    }
}

gboolean
ot_store_run (PGconn             *conn,
              const char         *sql,
              int                 n,
              const char * const *values,
              GError            **error)
{
  PGresult *result = ot_store_exec (conn, sql, n, values, error);

  PQclear (result);
  return result != NULL;
}

gboolean
ot_store_run_script (PGconn      *conn,
                     const char  *sql,
                     GError     **error)
{
  PGresult *result = PQexec (conn, sql);
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;

  if (!ok)
    ot_store_set_error (error, conn, result);
  PQclear (result);
  return ok;
}

char *
ot_store_int64_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

gint64
ot_store_value_int64 (const PGresult *result,
                      int             row,
                      int             column)
{
  if (PQgetisnull (result, row, column))
    return 0;
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

char *
ot_store_value_dup (const PGresult *result,
                    int             row,
                    int             column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return g_strdup (PQgetvalue (result, row, column));
}

/* ---- COPY ---------------------------------------------------------------- */

void
ot_store_copy_field (GString    *out,
                     const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "\\N");
      return;
    }
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\t': g_string_append (out, "\\t"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      default: g_string_append_c (out, *p); break;
      }
}

gboolean
ot_store_copy_flush (PGconn   *conn,
                     GString  *out,
                     GError  **error)
{
  if (out->len > 0 && PQputCopyData (conn, out->str, (int) out->len) != 1)
    {
      ot_store_set_error (error, conn, NULL);
      return FALSE;
    }
  g_string_truncate (out, 0);
  return TRUE;
}

gboolean
ot_store_copy_end (PGconn  *conn,
                   GError **error)
{
  PGresult *result;
  gboolean ok;

  if (PQputCopyEnd (conn, NULL) != 1)
    {
      ot_store_set_error (error, conn, NULL);
      return FALSE;
    }
  result = PQgetResult (conn);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  if (!ok)
    ot_store_set_error (error, conn, result);
  PQclear (result);
  /* The COPY's last result is followed by NULL. */
  while ((result = PQgetResult (conn)) != NULL)
    PQclear (result);
  return ok;
}

/* ---- Columns ------------------------------------------------------------- */

guint
ot_store_n_columns (void)
{
  return OT_N_COLUMNS - 1;   /* no unit: quantities are kg */
}

OtColumn
ot_store_column (guint index)
{
  g_assert (index < ot_store_n_columns ());
  return index < OT_COLUMN_UNIT ? (OtColumn) index : (OtColumn) (index + 1);
}

const char *
ot_store_column_name (OtColumn column)
{
  return column == OT_COLUMN_QUANTITY ? "quantity_kg" : ot_column_name (column);
}

/* ---- Connecting ------------------------------------------------------------ */

/* The server's notices (a NOTICE of a statement, a FATAL before a
 * connection is dropped) go to the debug log, not to stderr. */
static void
log_notice (void       *data,
            const char *message)
{
  g_debug ("store: %s", message);
}

/* A new connection to @address, polled so that @cancellable stops it. */
static PGconn *
open_connection (const char    *address,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gboolean service = strchr (address, '=') == NULL && strstr (address, "://") == NULL;
  g_autofree char *timeout = g_strdup_printf ("%d", CONNECT_TIMEOUT_S);
  /* Defaults first: what the address says overrides them (libpq takes
   * a later value of a keyword), except the encoding, which is ours.
   * No JIT: a filter's query over ten million incidents spent 1.9-3.8 s
   * compiling (EXPLAIN ANALYZE, summed over the parallel workers) for a
   * query run once (docs/team-store.md, "Scale"). */
  const char *keys[] = {
    "connect_timeout", "fallback_application_name", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "options", service ? "service" : "dbname", "client_encoding", NULL
  };
  const char *values[] = {
    timeout, "oretrace", "30", "10", "3", "-c jit=off", address, "UTF8", NULL
  };
  gint64 deadline = g_get_monotonic_time () + (gint64) CONNECT_TIMEOUT_S * 2 * G_USEC_PER_SEC;
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  PGconn *conn = PQconnectStartParams (keys, values, 1);

  if (conn == NULL)
    {
      g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT, _("Cannot connect to the store: out of memory"));
      return NULL;
    }
  while (PQstatus (conn) != CONNECTION_BAD && state != PGRES_POLLING_OK && state != PGRES_POLLING_FAILED)
    {
      struct pollfd pfd = { PQsocket (conn), state == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0 };

      if (g_cancellable_is_cancelled (cancellable) || g_get_monotonic_time () > deadline)
        break;
      if (pfd.fd >= 0 && poll (&pfd, 1, 100) == 0)
        continue;
      state = PQconnectPoll (conn);
    }
  if (state == PGRES_POLLING_OK && PQstatus (conn) == CONNECTION_OK)
    {
      PQsetNoticeProcessor (conn, log_notice, NULL);
      return conn;
    }

  if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_autofree char *message = g_strdup (*PQerrorMessage (conn) ? PQerrorMessage (conn)
                                                                   : _("no answer in time"));

      g_strchomp (message);
      g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT,
                   _("Cannot connect to the store: %s"), message);
    }
  PQfinish (conn);
  return NULL;
}

int
ot_store_read_version (PGconn  *conn,
                       GError **error)
{
  g_autoptr(GError) local = NULL;
  PGresult *result;
  int version = 0;

  result = ot_store_exec (conn, "SELECT to_regclass('" OT_STORE_SCHEMA ".meta') IS NOT NULL",
                          0, NULL, error);
  if (result == NULL)
    return -1;
  if (strcmp (PQgetvalue (result, 0, 0), "t") != 0)
    {
      PQclear (result);
      return 0;
    }
  PQclear (result);
  result = ot_store_exec (conn, "SELECT value FROM " OT_STORE_SCHEMA ".meta WHERE key = 'schema_version'",
                          0, NULL, &local);
  if (result == NULL)
    {
      /* A user without any right on the store cannot even read it. */
      g_propagate_error (error, g_steal_pointer (&local));
      return -1;
    }
  if (PQntuples (result) == 1)
    version = atoi (PQgetvalue (result, 0, 0));
  PQclear (result);
  return version;
}

void
ot_store_refresh (OtStore *self,
                  PGconn  *conn)
{
  PGresult *result;

  self->version = MAX (ot_store_read_version (conn, NULL), 0);
  self->role = OT_STORE_ROLE_NONE;
  result = ot_store_exec (conn, "SELECT current_user", 0, NULL, NULL);
  if (result != NULL)
    {
      g_free (self->user);
      self->user = g_strdup (PQgetvalue (result, 0, 0));
      PQclear (result);
    }
  if (self->version <= 0)
    return;
  result = ot_store_exec (conn,
                          "SELECT pg_has_role (current_user, c.relowner, 'USAGE'),"
                          " has_table_privilege (c.oid, 'UPDATE'), has_table_privilege (c.oid, 'SELECT')"
                          " FROM pg_class c WHERE c.oid = '" OT_STORE_SCHEMA ".incidents'::regclass",
                          0, NULL, NULL);
  if (result != NULL && PQntuples (result) == 1)
    {
      if (strcmp (PQgetvalue (result, 0, 0), "t") == 0)
        self->role = OT_STORE_ROLE_OWNER;
      else if (strcmp (PQgetvalue (result, 0, 1), "t") == 0)
        self->role = OT_STORE_ROLE_EDITOR;
      else if (strcmp (PQgetvalue (result, 0, 2), "t") == 0)
        self->role = OT_STORE_ROLE_VIEWER;
    }
  PQclear (result);
}

static void
set_conn (OtStore *self,
          PGconn  *conn)
{
  if (self->conn != NULL)
    PQfinish (self->conn);
  self->conn = conn;
  g_atomic_int_set (&self->backend_pid, conn ? PQbackendPID (conn) : 0);
}

OtStore *
ot_store_connect (const char    *address,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(OtStore) self = NULL;
  PGconn *conn;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = open_connection (address, cancellable, error);
  if (conn == NULL)
    return NULL;
  self = g_object_new (OT_TYPE_STORE, NULL);
  self->address = g_strdup (address);
  self->display_name = make_display_name (address);
  set_conn (self, conn);
  ot_store_refresh (self, conn);
  return g_steal_pointer (&self);
}

OtStore *
ot_store_connect_again (OtStore       *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (OT_IS_STORE (self), NULL);

  return ot_store_connect (self->address, cancellable, error);
}

static void
connect_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  OtStore *store = ot_store_connect (data, cancellable, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
ot_store_connect_async (const char          *address,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (address != NULL);

  g_task_set_source_tag (task, ot_store_connect_async);
  g_task_set_task_data (task, g_strdup (address), g_free);
  g_task_run_in_thread (task, connect_thread);
}

OtStore *
ot_store_connect_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

PGconn *
ot_store_acquire (OtStore       *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_return_val_if_fail (OT_IS_STORE (self), NULL);

  g_mutex_lock (&self->lock);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  if (ot_store_conn_lost (self->conn))
    {
      PGconn *conn = open_connection (self->address, cancellable, error);

      if (conn == NULL)
        {
          g_mutex_unlock (&self->lock);
          return NULL;
        }
      set_conn (self, conn);
    }
  return self->conn;
}

void
ot_store_release (OtStore *self)
{
  g_return_if_fail (OT_IS_STORE (self));

  g_mutex_unlock (&self->lock);
}

PGconn *
ot_store_reconnect (OtStore  *self,
                    GError  **error)
{
  PGconn *conn = open_connection (self->address, NULL, error);

  if (conn == NULL)
    return NULL;
  set_conn (self, conn);
  return conn;
}

const char *
ot_store_get_display_name (OtStore *self)
{
  g_return_val_if_fail (OT_IS_STORE (self), NULL);

  return self->display_name;
}

const char *
ot_store_get_user (OtStore *self)
{
  g_return_val_if_fail (OT_IS_STORE (self), NULL);

  return self->user;
}

OtStoreRole
ot_store_get_role (OtStore *self)
{
  g_return_val_if_fail (OT_IS_STORE (self), OT_STORE_ROLE_NONE);

  return self->role;
}

int
ot_store_get_version (OtStore *self)
{
  g_return_val_if_fail (OT_IS_STORE (self), 0);

  return self->version;
}

/* ---- Listening -------------------------------------------------------------- */

OtStoreNotice *
ot_store_notice_copy (const OtStoreNotice *notice)
{
  OtStoreNotice *copy = g_new (OtStoreNotice, 1);

  *copy = *notice;
  copy->who = g_strdup (notice->who);
  copy->action = g_strdup (notice->action);
  copy->table = g_strdup (notice->table);
  copy->key = g_strdup (notice->key);
  return copy;
}

void
ot_store_notice_free (OtStoreNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->who);
  g_free (notice->action);
  g_free (notice->table);
  g_free (notice->key);
  g_free (notice);
}

static void schedule_retry (OtStore *self);

static char *
member_dup (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? g_strdup (json_node_get_string (node)) : NULL;
}

static void
emit_notice (OtStore  *self,
             PGnotify *notify)
{
  g_autoptr(JsonObject) object = ot_json_parse_object (notify->extra, NULL);
  OtStoreNotice notice = { 0 };

  if (object == NULL)
    return;
  notice.change = json_object_get_int_member_with_default (object, "change", 0);
  notice.version = json_object_get_int_member_with_default (object, "version", 0);
  notice.who = member_dup (object, "who");
  notice.action = member_dup (object, "action");
  notice.table = member_dup (object, "table");
  notice.key = member_dup (object, "key");
  notice.own = notify->be_pid == g_atomic_int_get (&self->backend_pid);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, &notice);
  g_free (notice.who);
  g_free (notice.action);
  g_free (notice.table);
  g_free (notice.key);
}

static void
set_online (OtStore  *self,
            gboolean  online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
drop_listener (OtStore *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  g_clear_pointer (&self->listener, PQfinish);
}

static gboolean
on_listener_ready (int           fd,
                   GIOCondition  condition,
                   gpointer      data)
{
  OtStore *self = data;
  g_autoptr(GObject) hold = g_object_ref (G_OBJECT (self));
  PGnotify *notify;

  if (!PQconsumeInput (self->listener) || ot_store_conn_lost (self->listener))
    {
      g_clear_pointer (&self->watch, g_source_unref);   /* returning REMOVE destroys it */
      g_clear_pointer (&self->listener, PQfinish);
      set_online (self, FALSE);
      self->retry_ms = RETRY_FIRST_MS;
      schedule_retry (self);
      return G_SOURCE_REMOVE;
    }
  while (self->listener != NULL && (notify = PQnotifies (self->listener)) != NULL)
    {
      emit_notice (self, notify);
      PQfreemem (notify);
    }
  return G_SOURCE_CONTINUE;
}

static void
watch_listener (OtStore *self,
                PGconn  *listener)
{
  self->listener = listener;
  self->watch = g_unix_fd_source_new (PQsocket (listener), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (on_listener_ready), self, NULL);
  g_source_attach (self->watch, self->context);
}

/* A connection that LISTENs, or NULL and @error. */
static PGconn *
open_listener (const char    *address,
               GCancellable  *cancellable,
               GError       **error)
{
  PGconn *conn = open_connection (address, cancellable, error);

  if (conn == NULL)
    return NULL;
  if (!ot_store_run (conn, "LISTEN " OT_STORE_CHANNEL, 0, NULL, error) ||
      PQsetnonblocking (conn, 1) != 0)
    {
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

static void
listener_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  PGconn *conn = open_listener (data, cancellable, &error);

  if (conn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static void
on_retried (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  OtStore *self = OT_STORE (object);
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->retrying);
  if (conn == NULL)
    {
      self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
      schedule_retry (self);
      return;
    }
  watch_listener (self, conn);
  set_online (self, TRUE);
  g_signal_emit (self, signals[SIGNAL_RECONNECTED], 0);
}

static gboolean
retry_listener (gpointer data)
{
  OtStore *self = data;
  g_autoptr(GTask) task = NULL;

  self->retry_id = 0;
  self->retrying = g_cancellable_new ();
  task = g_task_new (self, self->retrying, on_retried, NULL);
  g_task_set_source_tag (task, retry_listener);
  g_task_set_task_data (task, g_strdup (self->address), g_free);
  g_task_run_in_thread (task, listener_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (OtStore *self)
{
  GSource *source = g_timeout_source_new (self->retry_ms);

  g_source_set_callback (source, retry_listener, self, NULL);
  self->retry_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

/* @conn listens: watched from the calling thread's main context. */
static void
start_listening (OtStore *self,
                 PGconn  *conn)
{
  self->context = g_main_context_ref_thread_default ();
  watch_listener (self, conn);
  set_online (self, TRUE);
}

gboolean
ot_store_listen (OtStore  *self,
                 GError  **error)
{
  PGconn *conn;

  g_return_val_if_fail (OT_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->context == NULL, FALSE);

  conn = open_listener (self->address, NULL, error);
  if (conn == NULL)
    return FALSE;
  start_listening (self, conn);
  return TRUE;
}

void
ot_store_listen_async (OtStore             *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OT_IS_STORE (self));
  g_return_if_fail (self->context == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ot_store_listen_async);
  g_task_set_task_data (task, g_strdup (self->address), g_free);
  g_task_run_in_thread (task, listener_thread);
}

gboolean
ot_store_listen_finish (OtStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  PGconn *conn;

  g_return_val_if_fail (OT_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ot_store_listen_async, FALSE);

  conn = g_task_propagate_pointer (G_TASK (result), error);
  if (conn == NULL)
    return FALSE;
  if (self->context != NULL)   /* listening already (two calls): keep the first */
    {
      PQfinish (conn);
      return TRUE;
    }
  /* The caller of _async ()'s context: the GTask calls back there. */
  start_listening (self, conn);
  return TRUE;
}

gboolean
ot_store_get_online (OtStore *self)
{
  g_return_val_if_fail (OT_IS_STORE (self), FALSE);

  return self->online;
}

/* ---- Results' types ----------------------------------------------------------- */

void
ot_store_case_free (OtStoreCase *store_case)
{
  if (store_case == NULL)
    return;
  g_clear_object (&store_case->dataset);
  g_clear_pointer (&store_case->versions, g_array_unref);
  g_free (store_case);
}

gint64
ot_store_case_get_version (OtStoreCase *store_case,
                           const char  *id)
{
  gint index;

  g_return_val_if_fail (store_case != NULL, 0);

  index = id ? ot_dataset_find (store_case->dataset, id) : -1;
  if (index < 0 || (guint) index >= store_case->versions->len)
    return 0;
  return g_array_index (store_case->versions, gint64, index);
}

void
ot_store_conflict_free (OtStoreConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->id);
  g_free (conflict->modified_by);
  g_free (conflict->modified_at);
  g_clear_object (&conflict->mine);
  g_clear_object (&conflict->theirs);
  g_free (conflict);
}

void
ot_store_change_free (OtStoreChange *change)
{
  if (change == NULL)
    return;
  g_free (change->at);
  g_free (change->who);
  g_free (change->action);
  g_free (change->table);
  g_free (change->key);
  g_free (change->label);
  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

/* ---- GObject ---------------------------------------------------------------- */

static void
ot_store_dispose (GObject *object)
{
  OtStore *self = OT_STORE (object);

  if (self->retrying != NULL)
    g_cancellable_cancel (self->retrying);
  g_clear_object (&self->retrying);
  if (self->retry_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->retry_id);

      if (source != NULL)
        g_source_destroy (source);
      self->retry_id = 0;
    }
  drop_listener (self);

  G_OBJECT_CLASS (ot_store_parent_class)->dispose (object);
}

static void
ot_store_finalize (GObject *object)
{
  OtStore *self = OT_STORE (object);

  set_conn (self, NULL);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_free (self->address);
  g_free (self->display_name);
  g_free (self->user);

  G_OBJECT_CLASS (ot_store_parent_class)->finalize (object);
}

static void
ot_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  OtStore *self = OT_STORE (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_store_class_init (OtStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ot_store_dispose;
  object_class->finalize = ot_store_finalize;
  object_class->get_property = ot_store_get_property;

  /* Whether the listening connection is up (ot_store_listen ()). */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A change announced by the store (an OtStoreNotice). */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OT_TYPE_STORE_NOTICE | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The listening connection is back after a loss: changes made
   * meanwhile were not announced. */
  signals[SIGNAL_RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ot_store_init (OtStore *self)
{
  g_mutex_init (&self->lock);
}
