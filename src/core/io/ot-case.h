/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-case.h: the case file store.  A case (".oretrace") is an SQLite
 * database holding the incidents of an analysis together with the work
 * done on them: company aliases, rejected alias suggestions, pinned
 * vertex positions, annotations and saved views.  Its schema is
 * documented in docs/case-file.md.
 *
 * The store has no state of its own and knows nothing of windows: it
 * writes a dataset and an OtCaseTables to a file, and reads them back.
 * Incidents are read through the loaders' record rules
 * (ot-loader-private.h), so a case is validated exactly as an incident
 * file is, with the same problems. */
#pragma once

#include <gio/gio.h>
#include "ot-dataset.h"

G_BEGIN_DECLS

/* The schema version this Oretrace writes ("PRAGMA user_version"), and
 * the SQLite "PRAGMA application_id" that marks a case file ("Oret"). */
#define OT_CASE_VERSION        1
#define OT_CASE_APPLICATION_ID 0x4f726574

/* A company key (the name as it appears in incidents) that belongs to
 * an entity: every key with the same @entity is one company, shown as
 * @name. */
typedef struct {
  char *key;
  char *entity;
  char *name;
} OtCaseAlias;

/* A suggested pair of company keys the analyst rejected as the same
 * entity (@key_a sorts before @key_b). */
typedef struct {
  char *key_a;
  char *key_b;
} OtCaseAliasDecision;

/* A vertex pinned at (@x, @y) in the layout of @view ("network",
 * "flow", "map"...); @vertex is the vertex key of that view. */
typedef struct {
  char   *view;
  char   *vertex;
  double  x;
  double  y;
} OtCasePin;

/* A note on a place, a flow or an incident: @target_kind says which
 * ("place", "flow", "incident"), @target_key names it. */
typedef struct {
  char *target_kind;
  char *target_key;
  char *text;
} OtCaseAnnotation;

/* A named view: the filter and the viewport as text (JSON, written and
 * read by the window), the view and the map projection by name. */
typedef struct {
  char *name;
  char *filter;
  char *view;
  char *projection;
  char *viewport;
} OtCaseSavedView;

/* Everything of a case but its incidents.  Each array owns its
 * elements (freed with the array). */
typedef struct {
  GPtrArray *aliases;         /* of OtCaseAlias */
  GPtrArray *alias_decisions; /* of OtCaseAliasDecision */
  GPtrArray *pins;            /* of OtCasePin */
  GPtrArray *annotations;     /* of OtCaseAnnotation */
  GPtrArray *saved_views;     /* of OtCaseSavedView */
  /* ISO 8601 UTC times from the meta table; NULL until read.  Saving
   * keeps @created (or sets it to now when NULL) and sets @modified. */
  char      *created;
  char      *modified;
  char      *application;     /* the Oretrace that wrote the case */
} OtCaseTables;

OtCaseTables *ot_case_tables_new  (void);
void          ot_case_tables_free (OtCaseTables *tables);

/* Element constructors (copies of the strings), for the arrays above. */
void ot_case_tables_add_alias      (OtCaseTables *tables, const char *key,
                                    const char *entity, const char *name);
void ot_case_tables_add_decision   (OtCaseTables *tables, const char *key_a,
                                    const char *key_b);
void ot_case_tables_add_pin        (OtCaseTables *tables, const char *view,
                                    const char *vertex, double x, double y);
void ot_case_tables_add_annotation (OtCaseTables *tables, const char *target_kind,
                                    const char *target_key, const char *text);
void ot_case_tables_add_saved_view (OtCaseTables *tables, const char *name,
                                    const char *filter, const char *view,
                                    const char *projection, const char *viewport);

/* Whether @data (the first bytes of a file) starts an Oretrace case: the
 * SQLite header and our application_id (needs 72 bytes). */
gboolean      ot_case_detect      (const char   *data,
                                   gsize         length);

/* Writes @dataset's incidents and @tables (may be NULL: empty tables) to
 * @path atomically and durably: the whole case is written into a
 * temporary file in @path's folder in one transaction, flushed, and
 * renamed over @path (OtAtomicFile: the mode is kept, a symbolic link
 * followed).  On any failure @path is left as it was.  A @path held
 * locked by another SQLite connection is not replaced. */
gboolean      ot_case_save        (OtDataset           *dataset,
                                   const OtCaseTables  *tables,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GError             **error);

/* Reads the case at @path into @dataset (which may hold incidents
 * already), as if loaded from a file called @display; the incidents keep
 * the file and line they were first read from.  Problems with single
 * incidents go into @dataset like a loader's (their line is the row of
 * the incidents table).  FALSE and @error (nothing added) for a file that
 * is not a case, is damaged, locked, or written by a newer Oretrace.
 * @tables (may be NULL) receives the other tables, appended. */
gboolean      ot_case_read_into   (OtDataset     *dataset,
                                   const char    *path,
                                   const char    *display,
                                   OtCaseTables  *tables,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* A new dataset with the case at @path; NULL and @error as above.
 * @tables (may be NULL) receives a new OtCaseTables. */
OtDataset    *ot_case_load        (const char     *path,
                                   OtCaseTables  **tables,
                                   GCancellable   *cancellable,
                                   GError        **error);

/* The tables of the case at @path without its incidents (a window
 * restoring a case's saved views, Save keeping them); NULL and @error
 * as ot_case_read_into (). */
OtCaseTables *ot_case_read_tables (const char    *path,
                                   GCancellable  *cancellable,
                                   GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtCaseTables, ot_case_tables_free)

G_END_DECLS
