/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-reimport-dialog.h: the preview of a re-import (issue 17): "1 added ·
 * 1 changed · 1 removed · 58 unchanged", then each incident that changes
 * (id, date, mineral, and what changed: "quantity: 600 kg → 650 kg"),
 * with Apply and Cancel.  Apply emits "apply"; the window runs the
 * command. */
#pragma once

#include <adwaita.h>

#include "ot-reimport.h"

G_BEGIN_DECLS

#define OT_TYPE_REIMPORT_DIALOG (ot_reimport_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OtReimportDialog, ot_reimport_dialog, OT, REIMPORT_DIALOG, AdwWindow)

/* Takes @diff. */
OtReimportDialog *ot_reimport_dialog_new         (GtkWindow        *parent,
                                                  OtReimport       *diff);
OtReimport       *ot_reimport_dialog_get_diff    (OtReimportDialog *self);
/* "1 added · 1 changed · 1 removed · 58 unchanged" as shown. */
const char       *ot_reimport_dialog_get_summary (OtReimportDialog *self);
/* What a row says changed, as shown ("quantity: 600 kg → 650 kg"). */
char             *ot_reimport_dialog_describe    (const OtReimportRow *row);

G_END_DECLS
