/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store.h: a team store, a case kept in PostgreSQL (issue 21;
 * docs/team-store.md).
 *
 * An OtStore is a connection to one store: a database whose schema
 * "oretrace" holds the case file's tables (docs/case-file.md) with row
 * versions, an audit log, roles and row-level security.  Everything is
 * sent with parameters (PQexecParams, COPY); no value is ever pasted
 * into SQL text.
 *
 * Blocking calls (connect, load, edits, flows) are for worker threads
 * and the command line; each has an _async form that runs it in a GTask
 * worker.  One store serialises its calls on one connection.  Changes by
 * anyone (LISTEN/NOTIFY) arrive as the "changed" signal in the main
 * context that called ot_store_listen (); a listening connection that
 * is lost is retried, and "online" says whether it is up.
 *
 * Nothing here is needed to use Oretrace alone: a missing server or
 * address only means no store.  No GTK. */
#pragma once

#include <gio/gio.h>

#include "ot-case-tables.h"
#include "ot-dataset.h"

G_BEGIN_DECLS

/* The store schema this Oretrace creates and migrates to (the "meta"
 * table's schema_version). */
#define OT_STORE_VERSION 5

/* What the connected user may do, as the server grants it. */
typedef enum {
  OT_STORE_ROLE_NONE,     /* no store here, or no access to it */
  OT_STORE_ROLE_VIEWER,   /* reads (oretrace_viewer) */
  OT_STORE_ROLE_EDITOR,   /* reads and edits (oretrace_editor) */
  OT_STORE_ROLE_OWNER,    /* owns the tables: uploads, migrates */
} OtStoreRole;

/* Errors of this domain; others are OT_ERROR's. */
#define OT_STORE_ERROR (ot_store_error_quark ())
typedef enum {
  OT_STORE_ERROR_CONNECT,      /* no connection (address, server, password) */
  OT_STORE_ERROR_NO_STORE,     /* connected, but no store schema there */
  OT_STORE_ERROR_NEWER,        /* a schema of a newer Oretrace */
  OT_STORE_ERROR_DENIED,       /* the server refused: the role may not */
  OT_STORE_ERROR_CONFLICT,     /* an edit based on an old version */
  OT_STORE_ERROR_NOT_SAVED,    /* the connection was lost: nothing saved */
  OT_STORE_ERROR_NOT_EMPTY,    /* an upload into a store holding a case */
  OT_STORE_ERROR_FAILED,       /* the server's own message */
} OtStoreError;

GQuark        ot_store_error_quark     (void);

/* Whether @text names a store rather than a file: a postgresql:// or
 * postgres:// URL, or "service=NAME" (libpq's service file). */
gboolean      ot_store_is_address      (const char   *text);

#define OT_TYPE_STORE (ot_store_get_type ())
G_DECLARE_FINAL_TYPE (OtStore, ot_store, OT, STORE, GObject)

/* Connects to @address: a postgresql:// URL, "key=value" connection
 * parameters, or the name of a libpq service (pg_service.conf).  The
 * password comes from the address, PGPASSWORD or ~/.pgpass; TLS as the
 * address asks (sslmode=verify-full).  Blocks: a worker or the command
 * line. */
OtStore      *ot_store_connect         (const char          *address,
                                        GCancellable        *cancellable,
                                        GError             **error);
void          ot_store_connect_async   (const char          *address,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
OtStore      *ot_store_connect_finish  (GAsyncResult        *result,
                                        GError             **error);

/* The address as given, with any password left out (for titles and
 * messages). */
/* A second connection to the same store, as the first was made (a
 * store's calls are one at a time: a slow one in a worker need not hold
 * the others).  Blocks. */
OtStore      *ot_store_connect_again   (OtStore             *self,
                                        GCancellable        *cancellable,
                                        GError             **error);
const char   *ot_store_get_display_name (OtStore            *self);
/* The user the server knows us as. */
const char   *ot_store_get_user        (OtStore             *self);
/* Read from the server when connecting (and after ot_store_setup ()). */
OtStoreRole   ot_store_get_role        (OtStore             *self);
/* The schema version found, 0 when there is no store. */
int           ot_store_get_version     (OtStore             *self);

/* Creates the store (schema, roles, grants, row-level security) or
 * migrates an older one to OT_STORE_VERSION, in one transaction: the
 * store is the old one or the new one, never between.  Needs a user
 * that may create schemas and roles (the first time) or owns the store.
 * A store of a newer version is refused. */
gboolean      ot_store_setup           (OtStore             *self,
                                        GCancellable        *cancellable,
                                        GError             **error);

/* Listening ---------------------------------------------------------------- */

/* What one change announced (NOTIFY) says. */
typedef struct {
  gint64   change;      /* the audit log's change number */
  char    *who;         /* the user who made it */
  char    *action;      /* "insert", "update", "delete", "upload" */
  char    *table;       /* "incidents", "aliases", … */
  char    *key;         /* the row's key (an incident id), may be NULL */
  gint64   version;     /* the row's version after it, 0 if none */
  gboolean own;         /* made through this OtStore's connection */
} OtStoreNotice;

OtStoreNotice *ot_store_notice_copy    (const OtStoreNotice *notice);
void           ot_store_notice_free    (OtStoreNotice       *notice);
GType          ot_store_notice_get_type (void) G_GNUC_CONST;
#define OT_TYPE_STORE_NOTICE (ot_store_notice_get_type ())
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtStoreNotice, ot_store_notice_free)

/* Opens a second connection that LISTENs for changes, watched from the
 * thread-default main context: each change emits "changed" (an
 * OtStoreNotice) there.  When the connection is lost "online" turns
 * FALSE and it is retried (after 0.5 s, then up to every 10 s); once
 * back, "online" turns TRUE and "reconnected" is emitted: changes made
 * meanwhile were not announced (read them with
 * ot_store_get_changes_since ()).  Blocks while it first connects. */
gboolean      ot_store_listen          (OtStore             *self,
                                        GError             **error);
/* The same without blocking: the connection is opened in a worker and
 * watched, once _finish () is called, from the thread-default main
 * context of the caller of _async (): a window listens this way.
 * Changes made before it listens are not announced: read them with
 * ot_store_get_changes_since (). */
void          ot_store_listen_async    (OtStore             *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean      ot_store_listen_finish   (OtStore             *self,
                                        GAsyncResult        *result,
                                        GError             **error);
gboolean      ot_store_get_online      (OtStore             *self);

/* The case ----------------------------------------------------------------- */

/* A case read from a store: its incidents and trade statistics
 * (ot_dataset_get_trade ()) and the analyst's tables, which go with the
 * dataset (ot_dataset_steal_case_tables ()), each incident's row
 * version, and the audit log's last change when it was read. */
typedef struct {
  OtDataset *dataset;
  GArray    *versions;   /* of gint64, one per incident, by index */
  gint64     last_change;
} OtStoreCase;

void          ot_store_case_free       (OtStoreCase         *store_case);
/* The version of the incident @id, 0 if it has none. */
gint64        ot_store_case_get_version (OtStoreCase        *store_case,
                                        const char          *id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtStoreCase, ot_store_case_free)

/* Reads the whole case in one read-only transaction (a snapshot). */
OtStoreCase  *ot_store_load            (OtStore             *self,
                                        GCancellable        *cancellable,
                                        GError             **error);
void          ot_store_load_async      (OtStore             *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
OtStoreCase  *ot_store_load_finish     (OtStore             *self,
                                        GAsyncResult        *result,
                                        GError             **error);

/* Writes @dataset's incidents, its trade statistics
 * (ot_dataset_get_trade ()) and @tables (NULL: none) into the store
 * with COPY, in one transaction, as one audited "upload".  Refused
 * (OT_STORE_ERROR_NOT_EMPTY) when the store holds incidents already,
 * unless @replace: then they are replaced.  The owner's right. */
gboolean      ot_store_upload          (OtStore             *self,
                                        OtDataset           *dataset,
                                        const OtCaseTables  *tables,
                                        gboolean             replace,
                                        GCancellable        *cancellable,
                                        GError             **error);

/* Edits ---------------------------------------------------------------------- */

typedef enum {
  OT_STORE_EDIT_ADD,
  OT_STORE_EDIT_REPLACE,
  OT_STORE_EDIT_DELETE,
} OtStoreEditKind;

/* One change of an incident.  @id and @base_version name the stored
 * incident a replace or delete was based on (the version read with
 * it); @incident is the new record of an add or replace (a replace may
 * change the id). */
typedef struct {
  OtStoreEditKind    kind;
  const char        *id;
  gint64             base_version;
  const OtIncident  *incident;
} OtStoreEdit;

/* An edit refused because the incident changed since its version was
 * read: both sides. */
typedef struct {
  char      *id;
  gint64     base_version;     /* what the edit was based on */
  gint64     current_version;  /* the store's now; 0: deleted meanwhile */
  char      *modified_by;      /* who made the current version */
  char      *modified_at;      /* when (ISO 8601 UTC) */
  OtDataset *mine;             /* the edit's incident (none for a delete) */
  OtDataset *theirs;           /* the stored incident (none if deleted) */
} OtStoreConflict;

void          ot_store_conflict_free   (OtStoreConflict     *conflict);

/* Applies @edits in one transaction, labelled @label in the audit log
 * ("Edit of CMI-2024-0007").  Every replace and delete must be based on
 * the current version, else nothing is saved: FALSE,
 * OT_STORE_ERROR_CONFLICT and @conflicts (may be NULL) gets an array
 * of OtStoreConflict.  A role that may not edit gets the server's
 * refusal (OT_STORE_ERROR_DENIED).  A connection lost before the commit
 * was confirmed is asked again once reconnected: the edit is then either
 * saved (TRUE) or reported OT_STORE_ERROR_NOT_SAVED, never half done.
 * On success @versions (may be NULL) gets the new version of each edit
 * (of gint64, 0 for a delete). */
gboolean      ot_store_apply_edits     (OtStore             *self,
                                        const OtStoreEdit   *edits,
                                        guint                n_edits,
                                        const char          *label,
                                        GArray             **versions,
                                        GPtrArray          **conflicts,
                                        GCancellable        *cancellable,
                                        GError             **error);

/* The same in a worker; the edits' incidents are copied first.  The
 * result's versions and conflicts come with _finish (). */
void          ot_store_apply_edits_async  (OtStore             *self,
                                           const OtStoreEdit   *edits,
                                           guint                n_edits,
                                           const char          *label,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      ot_store_apply_edits_finish (OtStore             *self,
                                           GAsyncResult        *result,
                                           GArray             **versions,
                                           GPtrArray          **conflicts,
                                           GError             **error);

/* The audit log ----------------------------------------------------------------- */

typedef struct {
  gint64  change;
  char   *at;         /* ISO 8601 UTC */
  char   *who;
  char   *action;     /* insert, update, delete, upload */
  char   *table;
  char   *key;
  gint64  version;    /* after the change; 0 if none */
  char   *label;      /* the edit's label, may be NULL */
  char   *before;     /* the row before, JSON; NULL for an insert */
  char   *after;      /* the row after, JSON; NULL for a delete */
} OtStoreChange;

void          ot_store_change_free     (OtStoreChange       *change);

/* Every change of the incident @id, oldest first (of OtStoreChange). */
GPtrArray    *ot_store_get_history     (OtStore             *self,
                                        const char          *id,
                                        GCancellable        *cancellable,
                                        GError             **error);
/* Every change after @change, oldest first, at most @limit (0: all). */
GPtrArray    *ot_store_get_changes_since (OtStore           *self,
                                        gint64               change,
                                        guint                limit,
                                        GCancellable        *cancellable,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtStoreConflict, ot_store_conflict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtStoreChange, ot_store_change_free)

G_END_DECLS
