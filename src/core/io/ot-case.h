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
#include "ot-case-tables.h"
#include "ot-dataset.h"

G_BEGIN_DECLS

/* The schema version this Oretrace writes ("PRAGMA user_version"), and
 * the SQLite "PRAGMA application_id" that marks a case file ("Oret"). */
#define OT_CASE_VERSION        2
#define OT_CASE_APPLICATION_ID 0x4f726574


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


G_END_DECLS
