/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ot-dataset.h"
#include "ot-document.h"

G_BEGIN_DECLS

/* What one load added to the open dataset. */
typedef struct {
  guint      n_files;
  guint      n_added;      /* incidents merged in */
  guint      n_trade;      /* rows of trade statistics read */
  guint      n_skipped;    /* rows rejected, duplicates included */
  GPtrArray *problems;     /* of OtProblem: this load's only */
  gboolean   new_document; /* it started a new document (an empty case, or
                            * a case file opened) */
} OtLoadReport;

void ot_load_report_free (OtLoadReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtLoadReport, ot_load_report_free)

typedef void (*OtLoadProgress) (double   fraction,
                                gpointer user_data);

#define OT_TYPE_APPLICATION (ot_application_get_type ())
G_DECLARE_FINAL_TYPE (OtApplication, ot_application, OT, APPLICATION, AdwApplication)

/* @window_type: the GtkApplicationWindow that activate and open create
 * (OT_TYPE_WINDOW); it follows "dataset" and has a "win.open-uris" action
 * (strings: URIs) that loads files. */
OtApplication *ot_application_new          (GType                window_type);

/* The open case: every load merged into it (into an empty case, a load
 * starts a new document and notifies "document"; into an open one, it is
 * an undoable import).  Never NULL. */
OtDocument    *ot_application_get_document (OtApplication       *self);
/* The open case's incidents (its current version): never NULL, never
 * changed in place.  "dataset" is notified after every load (the views
 * start afresh); edits and undo show as the document's "changed". */
OtDataset     *ot_application_get_dataset  (OtApplication       *self);

/* Makes @dataset the open case, a new document (a team store's case,
 * issue 21): notifies "document" and "dataset". */
void           ot_application_open_case    (OtApplication       *self,
                                            OtDataset           *dataset);

/* Loads @files (folders: the incident files inside) in a worker and merges
 * them into the open dataset.  Cancelled or failed, the dataset stays as
 * it was.  @progress runs in the caller's main context. */
void           ot_application_load_async   (OtApplication       *self,
                                            GFile              **files,
                                            guint                n_files,
                                            GCancellable        *cancellable,
                                            OtLoadProgress       progress,
                                            gpointer             progress_data,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
OtLoadReport  *ot_application_load_finish  (OtApplication       *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
