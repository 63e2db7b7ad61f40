/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ot-application.h"

G_BEGIN_DECLS

#define OT_TYPE_WINDOW (ot_window_get_type ())
G_DECLARE_FINAL_TYPE (OtWindow, ot_window, OT, WINDOW, AdwApplicationWindow)

OtWindow *ot_window_new        (OtApplication *application);
void      ot_window_open_files (OtWindow      *self,
                                GFile        **files,
                                int            n_files);

G_END_DECLS
