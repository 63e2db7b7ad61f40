/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window and the open case's history (issue 17): a command on the
 * application's document reaches the chart without a reload (filter and
 * view kept); the menu's first items say what Undo and Redo will do;
 * Ctrl+Z and Ctrl+Shift+Z (win.undo, win.redo) undo and redo; the title
 * marks unsaved changes until a save; the history survives the save; a
 * case saved with a merge opens as a new document with the merge. */
#include "ot-case.h"
#include "window-fixture.h"

#include <glib/gstdio.h>

static char *case_path;
static char *merged[2];

static void
drop_file (OtWindow *window,
           GFile    *file)
{
  GtkDropTarget *target = ot_window_get_drop_target (window);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
  g_signal_emit_by_name (target, "drop", &value, 100.0, 100.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (wait_until (window_is_idle, window));
}

static gboolean
window_not_saving (gpointer data)
{
  return !ot_window_is_saving (OT_WINDOW (data));
}

/* The labels of the primary menu's first section. */
static char *
history_item (OtWindow *window,
              int       item)
{
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  GMenuModel *menu = NULL;
  g_autoptr(GMenuModel) section = NULL;
  char *label = NULL;

  for (guint i = 0; i < buttons->len && menu == NULL; i++)
    if (gtk_menu_button_get_primary (g_ptr_array_index (buttons, i)))
      menu = gtk_menu_button_get_menu_model (g_ptr_array_index (buttons, i));
  g_assert_nonnull (menu);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);
  g_assert_true (g_menu_model_get_item_attribute (section, item, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  return label;
}

static void
check_edit (OtApplication *app,
            OtWindow      *window)
{
  g_autoptr(GFile) csv = g_file_new_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data/samples/incidents.csv",
                                                    NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  OtDocument *document;
  OtDataset *before;
  OtDataset *dataset;
  const char *names[2];

  drop_file (window, csv);
  document = ot_application_get_document (app);
  before = ot_application_get_dataset (app);
  g_assert_false (ot_document_is_dirty (document));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  label = history_item (window, 0);
  g_assert_cmpstr (label, ==, "_Undo");
  g_clear_pointer (&label, g_free);

  /* The two first distinct exporters. */
  names[0] = names[1] = NULL;
  for (guint i = 0; i < ot_dataset_get_n_incidents (before) && names[1] == NULL; i++)
    {
      const char *e = ot_dataset_get_incident (before, i)->exporter;

      if (e != NULL && names[0] == NULL)
        names[0] = e;
      else if (e != NULL && strcmp (e, names[0]) != 0)
        names[1] = e;
    }
  g_assert_nonnull (names[1]);
  merged[0] = g_strdup (names[0]);
  merged[1] = g_strdup (names[1]);

  g_assert_true (ot_document_merge_companies (document, names, 2, "Entity of the test", &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (window_is_idle, window));
  dataset = ot_application_get_dataset (app);
  g_assert_true (dataset != before);
  g_assert_cmpstr (ot_dataset_resolve_company (dataset, merged[1]), ==, "Entity of the test");
  label = history_item (window, 0);
  g_assert_cmpstr (label, ==, "_Undo Merge of 2 companies");
  g_clear_pointer (&label, g_free);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));

  /* Ctrl+Z */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  dataset = ot_application_get_dataset (app);
  g_assert_cmpstr (ot_dataset_resolve_company (dataset, merged[1]), ==, merged[1]);
  label = history_item (window, 1);
  g_assert_cmpstr (label, ==, "_Redo Merge of 2 companies");
  g_clear_pointer (&label, g_free);
  g_assert_false (ot_document_is_dirty (document));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));

  /* Ctrl+Shift+Z */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpstr (ot_dataset_resolve_company (ot_application_get_dataset (app), merged[0]), ==,
                   "Entity of the test");

  /* Saved: clean, the history kept. */
  ot_window_save_case_to (window, case_path);
  g_assert_true (wait_until (window_not_saving, window));
  g_assert_cmpstr (ot_window_get_case_path (window), ==, case_path);
  g_assert_false (ot_document_is_dirty (document));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  g_assert_true (ot_document_can_undo (document));
  label = history_item (window, 0);
  g_assert_cmpstr (label, ==, "_Undo Merge of 2 companies");
}

static void
check_reopen (OtApplication *app,
              OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (case_path);
  OtDocument *document;

  drop_file (window, file);
  document = ot_application_get_document (app);
  g_assert_cmpstr (ot_document_get_entity (document, merged[0]), ==, "Entity of the test");
  g_assert_cmpstr (ot_document_get_entity (document, merged[1]), ==, "Entity of the test");
  g_assert_cmpstr (ot_dataset_resolve_company (ot_application_get_dataset (app), merged[1]), ==,
                   "Entity of the test");
  /* A new document: no history, clean, Save writes to the case. */
  g_assert_false (ot_document_can_undo (document));
  g_assert_false (ot_document_is_dirty (document));
  g_assert_cmpstr (ot_window_get_case_path (window), ==, case_path);
}

static void
test_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-history-XXXXXX", &error);

  g_assert_no_error (error);
  case_path = g_build_filename (dir, "history.oretrace", NULL);
  run_app (check_edit);
  run_app (check_reopen);
  g_assert_cmpint (g_unlink (case_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_clear_pointer (&case_path, g_free);
  g_clear_pointer (&merged[0], g_free);
  g_clear_pointer (&merged[1], g_free);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-history/undo-redo-save-reopen", test_history);

  return g_test_run ();
}
