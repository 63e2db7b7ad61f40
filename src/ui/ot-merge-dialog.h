/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-merge-dialog.h: Merge Companies (issue 17, docs/aliases.md "In the
 * window"): the case's companies, searchable, to tick; the name the
 * merged company is shown as (proposed: ot_companies_propose_name (),
 * until the analyst writes another); Merge makes them one entity, one
 * undoable command. */
#pragma once

#include <adwaita.h>

#include "ot-document.h"

G_BEGIN_DECLS

#define OT_TYPE_MERGE_DIALOG (ot_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OtMergeDialog, ot_merge_dialog, OT, MERGE_DIALOG, AdwWindow)

/* @ticked (NULL-terminated, may be NULL): companies ticked at first, as
 * shown (entities' display names or company names). */
OtMergeDialog *ot_merge_dialog_new         (GtkWindow          *parent,
                                            OtDocument         *document,
                                            const char * const *ticked);
void           ot_merge_dialog_set_ticked  (OtMergeDialog      *self,
                                            const char         *name,
                                            gboolean            ticked);
/* The companies ticked, sorted as listed (a new NULL-terminated array). */
char         **ot_merge_dialog_dup_ticked  (OtMergeDialog      *self);
const char    *ot_merge_dialog_get_name    (OtMergeDialog      *self);
void           ot_merge_dialog_set_name    (OtMergeDialog      *self,
                                            const char         *name);
/* The companies listed after the search (of GtkStringObject). */
GListModel    *ot_merge_dialog_get_items   (OtMergeDialog      *self);

G_END_DECLS
