/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-toast.h: toasts whose title is plain text.  libadwaita 1.2 parses a
 * toast's title as Pango markup: "R&D.csv" in it empties the toast and
 * logs a GTK warning.  Every toast the app shows is made here. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A toast showing @text as written (escaped for the markup parser; a
 * control character, which markup cannot hold, shown as U+FFFD). */
AdwToast   *ot_toast_new_text      (const char *text);
/* @file's name for a message: UTF-8 whatever the file system's encoding. */
char       *ot_toast_file_name     (GFile      *file);

G_END_DECLS
