/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A file opened right after Cancel (issue 13): the load that was
 * cancelled changes nothing, and the one opened next completes and is
 * shown.  It used to reuse the cancelled load's GCancellable and was
 * silently cancelled too. */
#include "ot-generator.h"
#include "window-fixture.h"

#include <glib/gstdio.h>

#define N_LARGE 20000
#define N_SMALL 300

static void
check_open_after_cancel (OtApplication *app,
                         OtWindow      *window)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-reload-XXXXXX", &error);
  g_autoptr(GFile) large = NULL;
  g_autoptr(GFile) small = NULL;
  g_autoptr(GFile) again = NULL;
  OtDataset *shown;

  g_assert_no_error (error);
  large = write_generated_csv (dir, "large.csv", 3, N_LARGE);
  small = write_generated_csv (dir, "small.csv", 4, N_SMALL);
  again = write_generated_csv (dir, "again.csv", 5, N_SMALL);

  /* A load, Cancel, and at once another file: no main loop iteration in
   * between, so the first has not returned yet. */
  ot_window_open_files (window, &large, 1);
  g_assert_true (ot_window_is_loading (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL));
  ot_window_open_files (window, &small, 1);
  g_assert_true (wait_until (window_is_idle, window));

  /* The second load landed and is on screen; the cancelled one did not. */
  shown = ot_application_get_dataset (app);
  g_assert_cmpuint (ot_dataset_get_n_incidents (shown), ==, N_SMALL);
  g_assert_cmpint (ot_dataset_find (shown, "SYN-4-0000001"), >=, 0);
  g_assert_cmpint (ot_dataset_find (shown, "SYN-3-0000001"), <, 0);
  g_assert_true (ot_chart_get_dataset (ot_window_get_chart (window)) == shown);

  /* Cancel cancels every load running when it is pressed... */
  ot_window_open_files (window, &large, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL));
  ot_window_open_files (window, &again, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  shown = ot_application_get_dataset (app);
  /* The second Cancel was pressed while "again" ran: it was cancelled,
   * and the data set is still the one of small.csv. */
  g_assert_cmpuint (ot_dataset_get_n_incidents (shown), ==, N_SMALL);
  g_assert_cmpint (ot_dataset_find (shown, "SYN-5-0000001"), <, 0);

  /* ...and none opened after it. */
  ot_window_open_files (window, &again, 1);
  g_assert_true (wait_until (window_is_idle, window));
  shown = ot_application_get_dataset (app);
  g_assert_cmpuint (ot_dataset_get_n_incidents (shown), ==, 2 * N_SMALL);
  g_assert_cmpint (ot_dataset_find (shown, "SYN-5-0000001"), >=, 0);
  g_assert_true (ot_chart_get_dataset (ot_window_get_chart (window)) == shown);

  for (const char *const *name = (const char *const[]) { "large.csv", "small.csv", "again.csv", NULL };
       *name != NULL; name++)
    {
      g_autofree char *path = g_build_filename (dir, *name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_open_after_cancel (void)
{
  run_app (check_open_after_cancel);
}

/* Loads that overlap all land (issue 16: the merge runs in a worker, one
 * at a time, each on the dataset the one before published): three files
 * opened at once, without waiting, are all in the dataset shown. */
static void
check_overlapping_loads (OtApplication *app,
                         OtWindow      *window)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-reload-XXXXXX", &error);
  const char *names[] = { "a.csv", "b.csv", "c.csv" };
  GFile *files[G_N_ELEMENTS (names)];
  OtDataset *shown;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    files[i] = write_generated_csv (dir, names[i], 10 + i, i == 0 ? N_LARGE : N_SMALL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    ot_window_open_files (window, &files[i], 1);
  g_assert_true (wait_until (window_is_idle, window));

  shown = ot_application_get_dataset (app);
  g_assert_cmpuint (ot_dataset_get_n_incidents (shown), ==, N_LARGE + 2 * N_SMALL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("SYN-%u-0000001", 10 + i);

      g_assert_cmpint (ot_dataset_find (shown, id), >=, 0);
    }
  g_assert_true (ot_chart_get_dataset (ot_window_get_chart (window)) == shown);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      g_assert_cmpint (g_unlink (path), ==, 0);
      g_object_unref (files[i]);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_overlapping_loads (void)
{
  run_app (check_overlapping_loads);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-reload/open-after-cancel", test_open_after_cancel);
  g_test_add_func ("/window-reload/overlapping-loads", test_overlapping_loads);

  return g_test_run ();
}
