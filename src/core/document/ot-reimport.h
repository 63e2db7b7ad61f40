/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-reimport.h: re-importing an updated file into a case (issue 17;
 * docs/case-file.md, "Re-import").
 *
 * The file an analyst imported months ago gets corrections and new rows.
 * ot_reimport_diff () compares the case's incidents with the updated
 * file, loaded by the same loader, by incident id:
 *
 *   added      an id of the file that the case does not have;
 *   changed    an id both have, with any column different (which ones,
 *              by ot_column_name (), or an extra column's key);
 *   removed    an incident of the case read from that same file (its
 *              `file` is one of the updated dataset's files) whose id the
 *              file no longer has.  Incidents from other files, or added
 *              by hand, are never removed;
 *   kept       what would be removed, but the updated file has rows it
 *              could not read (errors): the missing id may be one of
 *              those rows, so nothing of that file is removed;
 *   unchanged  the rest of the file's ids.
 *
 * ot_reimport_apply () makes it one command of the document ("Re-import
 * of incidents.csv"): changed incidents keep their place, removed ones
 * go, added ones are appended in the file's order.  An incident left
 * unchanged keeps the line it was read from.
 *
 * No GTK; the diff reads two datasets that no longer change, so it may
 * run in a worker thread. */
#pragma once

#include <gio/gio.h>

#include "ot-dataset.h"
#include "ot-document.h"

G_BEGIN_DECLS

typedef enum {
  OT_REIMPORT_ADDED,
  OT_REIMPORT_CHANGED,
  OT_REIMPORT_REMOVED,
  OT_REIMPORT_KEPT,
  OT_REIMPORT_N_KINDS
} OtReimportKind;

/* One column of a changed incident: its texts as the CSV writer writes
 * them (ISO dates, kg, codes); NULL when not given. */
typedef struct {
  const char *column;     /* ot_column_name (), or an extra column's key */
  char       *before;
  char       *after;
} OtReimportChange;

typedef struct {
  OtReimportKind          kind;
  const char             *id;
  /* In the case (changed, removed, kept) and in the updated file
   * (added, changed); NULL when not there. */
  const OtIncident       *before;
  const OtIncident       *after;
  guint                   case_index;    /* of before */
  const OtReimportChange *changes;       /* changed: in column order */
  guint                   n_changes;
} OtReimportRow;

typedef struct _OtReimport OtReimport;

/* Compares @case_dataset (the document's version) with @updated (the
 * updated file(s), freshly loaded).  Reads both, changes neither; NULL
 * and @error only when cancelled. */
OtReimport          *ot_reimport_diff          (OtDataset     *case_dataset,
                                                OtDataset     *updated,
                                                GCancellable  *cancellable,
                                                GError       **error);
void                 ot_reimport_free          (OtReimport    *self);

guint                ot_reimport_count         (OtReimport    *self,
                                                OtReimportKind kind);
guint                ot_reimport_get_n_unchanged (OtReimport  *self);
/* Whether applying would change nothing. */
gboolean             ot_reimport_is_empty      (OtReimport    *self);

/* The rows: changed ones, then added, removed and kept; each in the
 * order of the case (changed, removed, kept) or of the file (added). */
guint                ot_reimport_get_n_rows    (OtReimport    *self);
const OtReimportRow *ot_reimport_get_row       (OtReimport    *self,
                                                guint          index);

/* The updated file's problems (of OtProblem), and how many are errors:
 * rows skipped, reported as FILE:LINE. */
GPtrArray           *ot_reimport_get_problems  (OtReimport    *self);
guint                ot_reimport_get_n_errors  (OtReimport    *self);
/* The files re-imported, as the loader names them. */
const char * const  *ot_reimport_get_files     (OtReimport    *self);
/* "Re-import of incidents.csv", translated: the command's label. */
const char          *ot_reimport_get_label     (OtReimport    *self);
OtDataset           *ot_reimport_get_case_dataset (OtReimport *self);

/* The whole diff as text, one line per row ("changed CMI-1 quantity:
 * 600 → 650"), for tests. */
char                *ot_reimport_to_string     (OtReimport    *self);

/* Applies the diff to @document as one command.  FALSE and @error when
 * the document's dataset is no longer the one compared (an edit came
 * in between: compare again), or when there is nothing to apply. */
gboolean             ot_reimport_apply         (OtReimport    *self,
                                                OtDocument    *document,
                                                GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtReimport, ot_reimport_free)

G_END_DECLS
