/* SPDX-License-Identifier: GPL-3.0-or-later */
/* window-fixture.h: runs the real application in a display test.
 *
 * Every case runs inside g_application_run (): the body is called from the
 * "activate" handler and waits for the display by iterating the main context
 * until a condition holds (bounded by a generous deadline, never a fixed
 * sleep), then quits through app.quit so the shutdown path is exercised. */
#pragma once

#include <adwaita.h>

#include "ot-application.h"
#include "ot-canvas.h"
#include "ot-filter-sidebar.h"
#include "ot-generator.h"
#include "ot-signals-window.h"
#include "ot-window.h"

/* Generous: only reached when something is broken, never in a passing run. */
#define WAIT_DEADLINE_SECONDS 30

typedef gboolean (*Condition) (gpointer data);
typedef void (*AppBody) (OtApplication *app, OtWindow *window);

static inline gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the default main context until @cond holds; FALSE after
 * @seconds. */
static inline gboolean
wait_until_seconds (Condition cond,
                    gpointer  data,
                    int       seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (10, wake_up, NULL);
  gboolean ok = TRUE;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          ok = FALSE;
          break;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (ticker);
  return ok;
}

static inline gboolean
wait_until (Condition cond,
            gpointer  data)
{
  return wait_until_seconds (cond, data, WAIT_DEADLINE_SECONDS);
}

static inline gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

typedef struct {
  GType      type;
  GtkWindow *found;
} ToplevelSearch;

static inline gboolean
find_mapped_toplevel (gpointer data)
{
  ToplevelSearch *search = data;
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, search->type) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        {
          search->found = w;
          return TRUE;
        }
    }
  return FALSE;
}

/* Breadth-first walk of @root's widget tree: every widget of @type, in order. */
static inline GPtrArray *
find_widgets (GtkWidget *root,
              GType      type)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  GPtrArray *found = g_ptr_array_new ();

  g_ptr_array_add (queue, root);
  for (guint i = 0; i < queue->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (queue, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        g_ptr_array_add (found, w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (queue, c);
    }
  return found;
}

/* The one widget of @type in @window. */
static inline gpointer
find_one_widget (OtWindow *window,
                 GType     type)
{
  g_autoptr(GPtrArray) found = find_widgets (GTK_WIDGET (window), type);

  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

/* No load, no chart update (or analysis) and no counting of the filter
 * sidebar's values under way in the window. */
static inline gboolean
window_is_idle (gpointer data)
{
  return !ot_window_is_loading (OT_WINDOW (data)) && !ot_window_is_updating (OT_WINDOW (data)) &&
         !ot_filter_sidebar_is_counting (find_one_widget (OT_WINDOW (data), OT_TYPE_FILTER_SIDEBAR));
}

/* The Trade Signals window, once there is one (into *@data, an
 * OtSignalsWindow **). */
static inline gboolean
find_signals_window (gpointer data)
{
  OtSignalsWindow **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (OT_IS_SIGNALS_WINDOW (w))
        *found = OT_SIGNALS_WINDOW (w);
    }
  return *found != NULL;
}

/* Neither scoring nor exporting. */
static inline gboolean
signals_idle (gpointer data)
{
  return !ot_signals_window_is_busy (data);
}

/* A file of the source tree, by its path from the top. */
static inline GFile *
source_file (const char *relative)
{
  return g_file_new_build_filename (g_getenv ("OT_SOURCE_ROOT"), relative, NULL);
}

/* Drops @files on the window the way GTK does: the drop target's "drop"
 * signal with a GdkFileList value.  Returns what the handler answered. */
static inline gboolean
window_drop_files (OtWindow *window,
                   GFile   **files,
                   guint     n_files)
{
  GtkDropTarget *target = ot_window_get_drop_target (window);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, n_files));
  g_signal_emit_by_name (target, "drop", &value, 100.0, 100.0, &accepted);
  g_value_unset (&value);
  return accepted;
}

/* Drops the file at @relative in the source tree and waits until the
 * window is idle again. */
static inline void
window_load_file (OtWindow   *window,
                  const char *relative)
{
  g_autoptr(GFile) file = source_file (relative);

  g_assert_true (window_drop_files (window, &file, 1));
  g_assert_true (wait_until (window_is_idle, window));
}

/* Mapped, allocated and fitted: what is drawn is where hit-testing looks. */
static inline gboolean
canvas_ready (gpointer data)
{
  OtCanvas *canvas = data;

  return gtk_widget_get_mapped (GTK_WIDGET (canvas)) &&
         gtk_widget_get_width (GTK_WIDGET (canvas)) > 0 &&
         ot_canvas_get_viewport (canvas)->width == gtk_widget_get_width (GTK_WIDGET (canvas)) &&
         ot_canvas_get_viewport (canvas)->height == gtk_widget_get_height (GTK_WIDGET (canvas));
}

/* Writes @count generated incidents of @seed to @dir/@name. */
static inline GFile *
write_generated_csv (const char *dir,
                     const char *name,
                     guint64     seed,
                     guint       count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (seed, count, OT_FORMAT_CSV);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* The start of a display test's main (): recent files and recovery
 * copies go to a private place, never the user's (nor are the user's
 * offered); FALSE (the whole test skipped, in TAP) without a display. */
static inline gboolean
window_test_init (int    *argc,
                  char ***argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("oretrace-test-XXXXXX", NULL);
  g_autofree char *state_home = g_build_filename (data_home, "state", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return FALSE;
    }
  return TRUE;
}

/* The one status page drawn on screen, or NULL. */
static inline AdwStatusPage *
visible_status_page (GPtrArray *pages)
{
  AdwStatusPage *found = NULL;

  for (guint i = 0; i < pages->len; i++)
    if (gtk_widget_is_drawable (g_ptr_array_index (pages, i)))
      {
        g_assert_null (found);
        found = g_ptr_array_index (pages, i);
      }
  return found;
}

static inline void
on_activate (OtApplication *app,
             AppBody        body)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_nonnull (window);
  g_assert_true (OT_IS_WINDOW (window));
  g_assert_true (wait_until (widget_is_mapped, window));

  body (app, OT_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* Runs the real application with @body called once its window is mapped;
 * checks that it quits with status 0 and leaves nothing behind. */
static inline void
run_app (AppBody body)
{
  OtApplication *app = ot_application_new (OT_TYPE_WINDOW);
  char *argv[] = { (char *) "oretrace", NULL };
  GListModel *toplevels = NULL;
  int status;

  /* Not unique: a test must never hand its work to another instance. */
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), body);
  status = g_application_run (G_APPLICATION (app), 1, argv);

  g_assert_cmpint (status, ==, 0);
  /* app.quit closed every window; the application is the last reference.
   * A window closed last may still be finalized by sources pending in
   * the main context (a dialog's response): they run first, for at most
   * a second. */
  toplevels = gtk_window_get_toplevels ();
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;
       g_list_model_get_n_items (toplevels) > 0 && g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, 0);
  g_assert_finalize_object (app);
}

