/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Save Case in the window (issue 17): the samples saved as a case from
 * one window, the application closed, and the case opened in a fresh one
 * give back the same incidents; the window then saves to that case and
 * names it in its title.  A save that cannot be written changes nothing. */
#include "ot-case.h"
#include "window-fixture.h"

#include <glib/gstdio.h>

static char *case_path;      /* the case the first window saves */
static GPtrArray *saved_ids; /* the ids of the incidents it had */

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

static void
check_save (OtApplication *app,
            OtWindow      *window)
{
  g_autoptr(GFile) csv = g_file_new_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data/samples/incidents.csv",
                                                    NULL);
  g_autofree char *bad_path = g_build_filename (case_path, "no-such-folder", "x.oretrace", NULL);
  g_autofree char *name = g_path_get_basename (case_path);
  OtDataset *dataset;

  g_assert_false (g_file_test (case_path, G_FILE_TEST_EXISTS));
  drop_file (window, csv);
  dataset = ot_application_get_dataset (app);
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), >, 0);
  /* A file of incidents is no case: Save would ask where (Save As). */
  g_assert_null (ot_window_get_case_path (window));

  /* Cannot be written: no case, no file. */
  ot_window_save_case_to (window, bad_path);
  g_assert_true (wait_until (window_not_saving, window));
  g_assert_null (ot_window_get_case_path (window));
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  ot_window_save_case_to (window, case_path);
  g_assert_true (ot_window_is_saving (window));
  g_assert_true (wait_until (window_not_saving, window));
  g_assert_cmpstr (ot_window_get_case_path (window), ==, case_path);
  g_assert_true (g_file_test (case_path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), name));

  saved_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    g_ptr_array_add (saved_ids, g_strdup (ot_dataset_get_incident (dataset, i)->id));
}

static void
check_open (OtApplication *app,
            OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (case_path);
  g_autofree char *name = g_path_get_basename (case_path);
  OtDataset *dataset;

  drop_file (window, file);
  dataset = ot_application_get_dataset (app);
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, saved_ids->len);
  for (guint i = 0; i < saved_ids->len; i++)
    g_assert_cmpint (ot_dataset_find (dataset, saved_ids->pdata[i]), >=, 0);

  /* The case opened alone is the one Save writes to. */
  g_assert_cmpstr (ot_window_get_case_path (window), ==, case_path);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), name));

  /* Save keeps what the window does not show: the note added meanwhile. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-case", NULL));
  g_assert_true (ot_window_is_saving (window));
  g_assert_true (wait_until (window_not_saving, window));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OtCaseTables) tables = NULL;
    g_autoptr(OtDataset) reread = ot_case_load (case_path, &tables, NULL, &error);
    OtCaseAnnotation *note;

    g_assert_no_error (error);
    g_assert_cmpuint (ot_dataset_get_n_incidents (reread), ==, saved_ids->len);
    g_assert_cmpuint (tables->annotations->len, ==, 1);
    note = g_ptr_array_index (tables->annotations, 0);
    g_assert_cmpstr (note->text, ==, "Seen at the port");
  }
}

/* Between the two windows, a note goes into the case (as a later step of
 * issue 17 will let the window do). */
static void
add_note (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(OtDataset) dataset = ot_case_load (case_path, &tables, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (tables->annotations->len, ==, 0);
  ot_case_tables_add_annotation (tables, "incident", saved_ids->pdata[0], "Seen at the port");
  g_assert_true (ot_case_save (dataset, tables, case_path, NULL, &error));
  g_assert_no_error (error);
}

static void
test_save_and_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-case-XXXXXX", &error);

  g_assert_no_error (error);
  case_path = g_build_filename (dir, "samples.oretrace", NULL);
  run_app (check_save);
  add_note ();
  run_app (check_open);

  g_assert_cmpint (g_unlink (case_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_clear_pointer (&case_path, g_free);
  g_clear_pointer (&saved_ids, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-case/save-and-open", test_save_and_open);

  return g_test_run ();
}
