/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `oretrace FILE` (issue 20): the command line's file is read from the
 * application's start-up, while GTK starts and the window is built; the
 * window's load of it takes that read over.  The window shows the file
 * once, its progress and Cancel work as for any load, and a big file's
 * sidebar gets its counts after the first chart. */
#include "ot-generator.h"
#include "window-fixture.h"

#include <glib/gstdio.h>

typedef struct {
  const char *path;
  gboolean    cancel;      /* a load of the file, asked for at start-up and cancelled */
  gboolean    cancelled;   /* that load said so */
  guint       n_shown;     /* incidents in the dataset once the window is idle */
  guint       n_datasets;  /* "dataset" notifications with incidents */
  gboolean    counted;     /* the sidebar has the dataset's facets */
} Run;

static void
on_dataset (OtApplication *app,
            GParamSpec    *pspec,
            Run           *run)
{
  if (ot_dataset_get_n_incidents (ot_application_get_dataset (app)) > 0)
    run->n_datasets++;
}

static void
on_cancelled_load (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtLoadReport) report = ot_application_load_finish (OT_APPLICATION (source), result, &error);

  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  run->cancelled = TRUE;
}

/* Before the window: a load of the command line's file takes the read
 * over and is cancelled at once; the window's own load reads it again. */
static void
on_startup (OtApplication *app,
            Run           *run)
{
  g_autoptr(GFile) file = g_file_new_for_path (run->path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  if (!run->cancel)
    return;
  ot_application_load_async (app, &file, 1, cancellable, NULL, NULL, on_cancelled_load, run);
  g_cancellable_cancel (cancellable);
}

/* After open: waits for the window to have loaded, drawn and counted. */
static gboolean
check_and_quit (gpointer data)
{
  Run *run = data;
  OtApplication *app = OT_APPLICATION (g_application_get_default ());
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  OtFilterSidebar *sidebar;

  g_assert_nonnull (window);
  g_assert_true (wait_until (widget_is_mapped, window));
  g_assert_true (wait_until (window_is_idle, window));
  run->n_shown = ot_dataset_get_n_incidents (ot_application_get_dataset (app));
  sidebar = find_one_widget (OT_WINDOW (window), OT_TYPE_FILTER_SIDEBAR);
  run->counted = ot_filter_sidebar_get_dataset (sidebar) == ot_application_get_dataset (app);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_open (OtApplication *app,
         gpointer       files,
         int            n_files,
         const char    *hint,
         Run           *run)
{
  g_idle_add (check_and_quit, run);
}

/* `oretrace FILE` on @count generated incidents, until the window has
 * shown them and quit. */
static void
run_generated (Run   *run,
               guint  count)
{
  g_autofree char *dir = g_dir_make_tmp ("ot-open-XXXXXX", NULL);
  g_autoptr(GFile) file = write_generated_csv (dir, "generated.csv", 7, count);
  OtApplication *app = ot_application_new (OT_TYPE_WINDOW);
  g_autofree char *path = g_file_get_path (file);
  char *argv[] = { (char *) "oretrace", path, NULL };
  int status;

  run->path = path;
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "notify::dataset", G_CALLBACK (on_dataset), run);
  g_signal_connect_after (app, "startup", G_CALLBACK (on_startup), run);
  g_signal_connect_after (app, "open", G_CALLBACK (on_open), run);
  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_finalize_object (app);
  run->path = NULL;
  g_remove (path);
  g_rmdir (dir);
}

/* The file is shown, once: one dataset, every incident of it, and (a big
 * dataset) the sidebar's counts after the chart. */
static void
test_command_line (void)
{
  Run run = { 0 };

  run_generated (&run, 60000);
  g_assert_cmpuint (run.n_shown, ==, 60000);
  g_assert_cmpuint (run.n_datasets, ==, 1);
  g_assert_true (run.counted);
}

/* The load that took the early read over is cancelled: it says so and
 * merges nothing; the window's load of the same file, asked for after,
 * reads it and shows it once. */
static void
test_command_line_cancel (void)
{
  Run run = { .cancel = TRUE };

  run_generated (&run, 20000);
  g_assert_true (run.cancelled);
  g_assert_cmpuint (run.n_shown, ==, 20000);
  g_assert_cmpuint (run.n_datasets, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/window-open/command-line", test_command_line);
  g_test_add_func ("/window-open/command-line-cancel", test_command_line_cancel);
  return g_test_run ();
}
