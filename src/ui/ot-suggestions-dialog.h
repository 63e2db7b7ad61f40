/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-suggestions-dialog.h: the Company Suggestions window (issue 17,
 * docs/aliases.md "In the window"): the case's probable same-company
 * pairs, best first, each with both names, their incidents, the reason
 * and the score; Merge accepts a pair (one command, the proposed display
 * name), Reject remembers it in the case.  The list follows the document:
 * a merge, a rejection, an undo or an edit lists it again, worked out in
 * a worker thread. */
#pragma once

#include <adwaita.h>

#include "ot-document.h"

G_BEGIN_DECLS

#define OT_TYPE_SUGGESTIONS_DIALOG (ot_suggestions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OtSuggestionsDialog, ot_suggestions_dialog, OT, SUGGESTIONS_DIALOG, AdwWindow)

OtSuggestionsDialog *ot_suggestions_dialog_new          (GtkWindow           *parent,
                                                         OtDocument          *document);
/* Shows only the pairs naming @text (case ignored); NULL or "": all. */
void                 ot_suggestions_dialog_set_search   (OtSuggestionsDialog *self,
                                                         const char          *text);
/* The suggestions listed (of OtSuggestionItem), after the search. */
GListModel          *ot_suggestions_dialog_get_items    (OtSuggestionsDialog *self);
/* TRUE while the list is being worked out again. */
gboolean             ot_suggestions_dialog_is_busy      (OtSuggestionsDialog *self);

G_END_DECLS
