/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-problems-dialog.h: the problems found while loading, one per line as
 * "file:line: severity: message", with a Copy button. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OT_TYPE_PROBLEMS_DIALOG (ot_problems_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OtProblemsDialog, ot_problems_dialog, OT, PROBLEMS_DIALOG, AdwWindow)

/* @problems: of OtProblem (copied). */
OtProblemsDialog *ot_problems_dialog_new      (GtkWindow        *parent,
                                               GPtrArray        *problems);
/* All lines, newline-terminated, as the Copy button puts them on the clipboard. */
char             *ot_problems_dialog_get_text (OtProblemsDialog *self);

G_END_DECLS
