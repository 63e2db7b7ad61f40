/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ot-application.h"
#include "ot-canvas.h"
#include "ot-workspace.h"
#include "ot-details-pane.h"
#include "ot-store.h"

G_BEGIN_DECLS

#define OT_TYPE_WINDOW (ot_window_get_type ())
G_DECLARE_FINAL_TYPE (OtWindow, ot_window, OT, WINDOW, AdwApplicationWindow)

OtWindow      *ot_window_new               (OtApplication *application);
/* Loads the files (or folders) into the application's dataset. */
void           ot_window_open_files        (OtWindow      *self,
                                            GFile        **files,
                                            int            n_files);

/* For tests and the window's own parts. */
OtChart       *ot_window_get_chart         (OtWindow      *self);
OtCanvas      *ot_window_get_canvas        (OtWindow      *self);
/* What the window shows (dataset, filter, period, view, projection,
 * selection, highlight): changes made on it show in every widget. */
OtWorkspace   *ot_window_get_workspace     (OtWindow      *self);
OtDetailsPane *ot_window_get_details_pane  (OtWindow      *self);
GtkDropTarget *ot_window_get_drop_target   (OtWindow      *self);
gboolean       ot_window_is_loading        (OtWindow      *self);
/* The dialog asking which sheet of a workbook to read, while it is
 * shown; NULL otherwise (ot-window-sheets.c). */
GtkWindow     *ot_window_get_sheet_dialog  (OtWindow      *self);
/* Writes the dataset as a case at @path in a worker (Save Case As without
 * the dialog); the window's case once written. */
void           ot_window_save_case_to      (OtWindow      *self,
                                            const char    *path);
/* The case the window last saved or opened, or NULL. */
const char    *ot_window_get_case_path     (OtWindow      *self);
gboolean       ot_window_is_saving         (OtWindow      *self);
/* Saved views (issue 17): the screen kept in the case as @name
 * (replacing a view of that name; a command of the document, undone with
 * Ctrl+Z), a view taken out (also a command), a view back on screen
 * (not a command).  FALSE and @error when the case has no view of that
 * name or its text cannot be read: nothing changes. */
gboolean       ot_window_save_view         (OtWindow      *self,
                                            const char    *name,
                                            GError       **error);
gboolean       ot_window_remove_view       (OtWindow      *self,
                                            const char    *name,
                                            GError       **error);
gboolean       ot_window_restore_view      (OtWindow      *self,
                                            const char    *name,
                                            GError       **error);
/* The window's recovery copy once written (NULL: none); TRUE while one is
 * being written (for tests). */
const char    *ot_window_get_recovery_path (OtWindow      *self);
gboolean       ot_window_is_autosaving     (OtWindow      *self);
/* TRUE while the chart is rebuilt, its network analysed or its facets
 * counted in the background. */
gboolean       ot_window_is_updating       (OtWindow      *self);
/* The problems of the last load (of OtProblem), or NULL. */
GPtrArray     *ot_window_get_last_problems (OtWindow      *self);
/* Updates that landed (shown, or failed with a message) and updates
 * cancelled because a change superseded them, since the window opened
 * (for tests). */
void           ot_window_get_update_counts (OtWindow      *self,
                                            guint         *shown,
                                            guint         *cancelled);

/* The team store whose case the window shows, or NULL (issue 21). */
OtStore       *ot_window_get_store         (OtWindow      *self);
/* TRUE while the window opens a store, reads its changes or saves to it. */
gboolean       ot_window_is_store_busy     (OtWindow      *self);
/* The banner's text ("Read-only: …"), or NULL when it is hidden. */
const char    *ot_window_get_store_banner  (OtWindow      *self);
/* Open Team Store, while it is shown; NULL otherwise. */
GtkWindow     *ot_window_get_store_dialog  (OtWindow      *self);

G_END_DECLS
