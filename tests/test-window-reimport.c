/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Re-import in the window (issue 17): a copy of the sample opened, then
 * rewritten (a quantity corrected, a row removed, a new row) and
 * re-imported: the preview counts "1 added · 1 changed · 1 removed · 58
 * unchanged" and says what changed; Cancel changes nothing; Apply changes
 * the case and the window's dataset as one step, which Undo takes back to
 * the identical state; a row in error is reported and nothing removed. */
#include "ot-reimport-dialog.h"
#include "ot-test-reimport.h"
#include "window-fixture.h"

#include <glib/gstdio.h>

static char *path;   /* the copy of the sample, rewritten */

/* Opens @file as the user would from Open (win.open-uris). */
static void
open_file (OtWindow *window,
           GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, NULL };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-uris", "^as", uris));
  g_assert_true (wait_until (window_is_idle, window));
}

/* Re-imports the file and waits for the preview. */
static OtReimportDialog *
reimport (OtWindow *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  ToplevelSearch search = { OT_TYPE_REIMPORT_DIALOG, NULL };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reimport-uri", "s", uri));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  g_assert_true (gtk_window_get_transient_for (search.found) == GTK_WINDOW (window));
  return OT_REIMPORT_DIALOG (search.found);
}

static gboolean
dialog_gone (gpointer data)
{
  ToplevelSearch search = { OT_TYPE_REIMPORT_DIALOG, NULL };

  return !find_mapped_toplevel (&search);
}

/* Whether a label drawn in @root starts with @start. */
static gboolean
find_visible_label (GtkWidget  *root,
                    const char *start)
{
  g_autoptr(GPtrArray) labels = find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_drawable (labels->pdata[i]) &&
        g_str_has_prefix (gtk_label_get_text (labels->pdata[i]), start))
      return TRUE;
  return FALSE;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
check_reimport (OtApplication *app,
                OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *original = ot_test_read_sample ();
  g_autofree char *updated = updated_text (original);
  g_autofree char *broken = edit_field (updated, BROKEN, BROKEN ",2025,", BROKEN ",2025-13-45,");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *described = NULL;
  OtReimportDialog *dialog;
  OtDocument *document;
  OtDataset *dataset;
  g_autoptr(GPtrArray) lists = NULL;
  GtkListView *list;
  gint index;

  write_file (path, original);
  open_file (window, file);
  document = ot_application_get_document (app);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_document_get_dataset (document)), ==, 60);
  before = ot_document_dump (document);

  write_file (path, updated);

  /* Cancel: nothing changes. */
  dialog = reimport (window);
  g_assert_cmpstr (ot_reimport_dialog_get_summary (dialog), ==,
                   "1 added · 1 changed · 1 removed · 58 unchanged");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_true (wait_until (dialog_gone, NULL));
  g_assert_cmpuint (ot_document_get_n_commands (document), ==, 0);

  /* The preview lists the three incidents, the correction first. */
  dialog = reimport (window);
  lists = find_widgets (GTK_WIDGET (dialog), GTK_TYPE_LIST_VIEW);
  list = g_ptr_array_index (lists, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, 3);
  described = ot_reimport_dialog_describe (ot_reimport_get_row (ot_reimport_dialog_get_diff (dialog), 0));
  g_assert_cmpstr (described, ==, "quantity: 600 kg → 650 kg");

  /* Closed, the preview is freed with its diff (both datasets' references). */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "reimport.apply", NULL));
  g_assert_true (wait_until (dialog_gone, NULL));
  g_assert_true (wait_until (pointer_cleared, &dialog));
  g_assert_true (wait_until (window_is_idle, window));

  /* One command; the window shows the new version. */
  g_assert_cmpuint (ot_document_get_n_commands (document), ==, 1);
  g_assert_cmpstr (ot_document_get_undo_label (document), ==, "Re-import of incidents.csv");
  dataset = ot_document_get_dataset (document);
  g_assert_true (ot_workspace_get_dataset (ot_window_get_workspace (window)) == dataset);
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, 60);
  g_assert_cmpint (ot_dataset_find (dataset, REMOVED), ==, -1);
  g_assert_cmpint (ot_dataset_find (dataset, ADDED), ==, 59);
  index = ot_dataset_find (dataset, CORRECTED);
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpfloat (ot_dataset_get_incident (dataset, index)->quantity_kg, ==, 650);
  after = ot_document_dump (document);
  g_assert_cmpstr (after, !=, before);

  /* Undo: the case as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  undone = ot_document_dump (document);
  g_assert_cmpstr (undone, ==, before);
  g_assert_true (ot_workspace_get_dataset (ot_window_get_workspace (window)) ==
                 ot_document_get_dataset (document));

  /* A row the loader rejects: the preview says so, and removes nothing. */
  write_file (path, broken);
  dialog = reimport (window);
  g_assert_cmpstr (ot_reimport_dialog_get_summary (dialog), ==,
                   "1 added · 1 changed · 0 removed · 2 kept · 57 unchanged");
  g_assert_true (find_visible_label (GTK_WIDGET (dialog), "The file has 1 row with an error"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_true (wait_until (dialog_gone, NULL));
}

static void
test_reimport (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-reimport-XXXXXX", &error);

  g_assert_no_error (error);
  path = g_build_filename (dir, "incidents.csv", NULL);
  run_app (check_reimport);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_clear_pointer (&path, g_free);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-reimport/preview-apply-undo", test_reimport);

  return g_test_run ();
}
