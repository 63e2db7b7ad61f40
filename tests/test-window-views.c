/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Saved views and recovery copies in the window (issue 17).
 *
 * last-view: a filter (with a period), a view, a projection and a zoom are
 * set, a named view is saved and the case too; the application is closed,
 * and the case opened in a new one shows the same filter, period, view,
 * projection and pan and zoom; the Views submenu lists the named view and
 * restores it.
 *
 * recovery: with autosave every second, the samples loaded and a filter
 * set give a recovery copy (and its locked .info); a clean close deletes
 * it.  The copy put back as a crash would leave it, the next start offers
 * it ("Recover unsaved work?" with the case's name); Recover brings back
 * the incidents and the filter in an unsaved "Recovered" case; Discard
 * deletes the copy. */
#include "ot-case.h"
#include "ot-error.h"
#include "ot-window-private.h"
#include "window-fixture.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

static char *case_path;
static OtFilter *expected_filter;     /* effective: with the period */
static OtFilter *briefing_filter;
static OtViewKind expected_view;
static OtProjection expected_projection;
static OtViewport expected_viewport;
static guint expected_incidents;
static char *copy_dir;                /* the recovery copy, put aside */
static char *copy_name;               /* its path in the recovery folder
                                       * (FOLDER/NAME.oretrace) */

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

static void
drop_samples (OtWindow *window)
{
  g_autoptr(GFile) csv = g_file_new_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data/samples/incidents.csv",
                                                    NULL);

  drop_file (window, csv);
  expected_incidents = ot_dataset_get_n_incidents (ot_workspace_get_dataset (ot_window_get_workspace (window)));
  g_assert_cmpuint (expected_incidents, >, 0);
}

static gboolean
window_not_saving (gpointer data)
{
  return !ot_window_is_saving (OT_WINDOW (data));
}

/* A filter of every kind of part the sidebar sets, the period apart. */
static OtFilter *
analyst_filter (void)
{
  OtFilter *filter = ot_filter_new ();
  OtMineral gallium, antimony;

  g_assert_true (ot_mineral_parse ("gallium", &gallium));
  g_assert_true (ot_mineral_parse ("antimony", &antimony));
  ot_filter_set_mineral (filter, gallium, TRUE);
  ot_filter_set_mineral (filter, antimony, TRUE);
  ot_filter_set_country (filter, "RU", OT_FILTER_EXCLUDE);
  ot_filter_set_min_kg (filter, 1.5);
  ot_filter_set_reliability (filter, 'F', TRUE);
  ot_filter_set_reliability (filter, 'A', TRUE);
  ot_filter_set_reliability (filter, 'B', TRUE);
  ot_filter_set_reliability (filter, 'C', TRUE);
  ot_filter_set_reliability (filter, 0, TRUE);
  return filter;
}

static guint32
julian (guint year,
        guint month,
        guint day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static void
check_save (OtApplication *app,
            OtWindow      *window)
{
  OtWorkspace *workspace = ot_window_get_workspace (window);
  g_autoptr(OtFilter) filter = analyst_filter ();
  g_autoptr(OtFilter) other = ot_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OtCaseTables) tables = NULL;
  gboolean found_last = FALSE, found_briefing = FALSE;

  drop_samples (window);

  /* A named view first: countries only, another filter. */
  ot_filter_set_status (other, OT_STATUS_SEIZED, TRUE);
  ot_workspace_set_filter (workspace, other);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (ot_window_save_view (window, "Briefing_1", &error));
  g_assert_no_error (error);
  briefing_filter = ot_workspace_dup_effective_filter (workspace);

  /* Then what is on screen at the save. */
  ot_workspace_set_filter (workspace, filter);
  ot_workspace_set_period (workspace, julian (2023, 1, 1), julian (2025, 6, 30));
  g_object_set (window, "view", "map", "projection", "entities", NULL);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (ot_workspace_has_viewport (workspace));
  ot_workspace_get_viewport (workspace, &expected_viewport);
  expected_filter = ot_workspace_dup_effective_filter (workspace);
  expected_view = ot_workspace_get_view (workspace);
  expected_projection = ot_workspace_get_projection (workspace);
  g_assert_cmpint (expected_view, !=, OT_VIEW_NETWORK);   /* not what a new window shows */
  g_assert_cmpint (expected_projection, !=, OT_PROJECTION_DEFAULT);

  ot_window_save_case_to (window, case_path);
  g_assert_true (wait_until (window_not_saving, window));
  g_assert_cmpstr (ot_window_get_case_path (window), ==, case_path);

  /* In the file: "Last view" and the named one, as documented. */
  {
    g_autoptr(OtDataset) reread = ot_case_load (case_path, &tables, NULL, &error);

    g_assert_nonnull (reread);
  }
  g_assert_no_error (error);
  for (guint i = 0; i < tables->saved_views->len; i++)
    {
      OtCaseSavedView *v = g_ptr_array_index (tables->saved_views, i);
      g_autoptr(OtFilter) read = ot_filter_from_json (v->filter, &error);

      g_assert_no_error (error);
      if (g_str_equal (v->name, "Last view"))
        {
          found_last = TRUE;
          g_assert_true (ot_filter_equal (read, expected_filter));
          g_assert_cmpstr (v->view, ==, "map");
          g_assert_cmpstr (v->projection, ==, "entities");
          g_assert_nonnull (v->viewport);
        }
      else
        {
          g_assert_cmpstr (v->name, ==, "Briefing_1");
          found_briefing = TRUE;
          g_assert_true (ot_filter_equal (read, briefing_filter));
          /* It fitted the chart: no viewport (the document keeps it as ""). */
          g_assert_true (v->viewport == NULL || *v->viewport == '\0');
        }
    }
  g_assert_true (found_last && found_briefing);
  g_assert_cmpuint (tables->saved_views->len, ==, 2);
}

static gboolean
shows_expected (gpointer data)
{
  OtWindow *window = data;
  OtWorkspace *workspace = ot_window_get_workspace (window);
  g_autoptr(OtFilter) shown = ot_workspace_dup_effective_filter (workspace);

  return ot_filter_equal (shown, expected_filter) && window_is_idle (window) &&
         ot_workspace_has_viewport (workspace);
}

/* The Views submenu of the main menu: its list of saved views. */
static GMenuModel *
saved_views_section (OtWindow *window)
{
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  GMenuModel *menu = NULL;

  for (guint i = 0; i < buttons->len && menu == NULL; i++)
    if (gtk_menu_button_get_primary (g_ptr_array_index (buttons, i)))
      menu = gtk_menu_button_get_menu_model (g_ptr_array_index (buttons, i));
  g_assert_nonnull (menu);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (section, i, G_MENU_LINK_SUBMENU);

          if (submenu != NULL)
            return g_menu_model_get_item_link (submenu, 1, G_MENU_LINK_SECTION);
        }
    }
  g_assert_not_reached ();
}

static void
check_open (OtApplication *app,
            OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (case_path);
  OtWorkspace *workspace = ot_window_get_workspace (window);
  g_autoptr(GMenuModel) section = NULL;
  g_autofree char *label = NULL;
  g_autofree char *target = NULL;
  OtViewport shown;

  drop_file (window, file);
  g_assert_true (wait_until (shows_expected, window));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_workspace_get_dataset (workspace)), ==, expected_incidents);
  g_assert_cmpint (ot_workspace_get_view (workspace), ==, expected_view);
  g_assert_cmpint (ot_workspace_get_projection (workspace), ==, expected_projection);
  ot_workspace_get_viewport (workspace, &shown);
  g_assert_cmpfloat (shown.scale, ==, expected_viewport.scale);
  g_assert_cmpfloat (shown.fit_scale, ==, expected_viewport.fit_scale);
  g_assert_cmpfloat (shown.tx, ==, expected_viewport.tx);
  g_assert_cmpfloat (shown.ty, ==, expected_viewport.ty);
  g_assert_cmpfloat (ot_viewport_zoom (ot_canvas_get_viewport (ot_window_get_canvas (window))), ==,
                     ot_viewport_zoom (&expected_viewport));
  g_assert_cmpfloat (ot_viewport_zoom (&shown), >, 1.2);

  /* Opened, not changed: nothing to recover. */
  g_assert_false (window->dirty);

  /* The named view in the Views submenu ("Last view" is not listed). */
  section = saved_views_section (window);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "Briefing__1");
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_TARGET, "s", &target));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-view", "s", target));
  g_assert_true (wait_until (window_is_idle, window));
  {
    g_autoptr(OtFilter) now = ot_workspace_dup_effective_filter (workspace);

    g_assert_true (ot_filter_equal (now, briefing_filter));
    g_assert_cmpint (ot_workspace_get_view (workspace), ==, OT_VIEW_NETWORK);
    g_assert_false (ot_workspace_has_viewport (workspace));
  }
  /* A view the case does not have: an error, nothing changed. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ot_window_restore_view (window, "No such view", &error));
    g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  }
  /* Taken out: gone from the menu, the case changed; Undo puts it back. */
  g_assert_true (ot_window_remove_view (window, "Briefing_1", NULL));
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 0);
  g_assert_true (window->dirty);
  g_assert_true (ot_document_is_dirty (ot_application_get_document (app)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);
}

static void
test_last_view (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-views-XXXXXX", &error);

  g_assert_no_error (error);
  case_path = g_build_filename (dir, "views.oretrace", NULL);
  run_app (check_save);
  run_app (check_open);

  g_assert_cmpint (g_unlink (case_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_clear_pointer (&case_path, g_free);
  g_clear_pointer (&expected_filter, ot_filter_free);
  g_clear_pointer (&briefing_filter, ot_filter_free);
}

/* Recovery ---------------------------------------------------------------- */

static gboolean
copy_written (gpointer data)
{
  OtWindow *window = data;

  return ot_window_get_recovery_path (window) != NULL && !ot_window_is_autosaving (window) &&
         window->autosaved_changes == window->changes &&
         g_file_test (ot_window_get_recovery_path (window), G_FILE_TEST_IS_REGULAR);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) a = g_file_new_for_path (from);
  g_autoptr(GFile) b = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (a, b, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Copies NAME.oretrace and NAME.info from @from_dir to @to_dir. */
static void
copy_recovery (const char *from_dir,
               const char *to_dir)
{
  g_autofree char *info_name = ot_window_recovery_info_path (copy_name);
  g_autofree char *a = g_build_filename (from_dir, copy_name, NULL);
  g_autofree char *b = g_build_filename (to_dir, copy_name, NULL);
  g_autofree char *c = g_build_filename (from_dir, info_name, NULL);
  g_autofree char *d = g_build_filename (to_dir, info_name, NULL);
  g_autofree char *folder = g_path_get_dirname (b);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  copy_file (a, b);
  copy_file (c, d);
}

static void
check_autosave (OtApplication *app,
                OtWindow      *window)
{
  OtWorkspace *workspace = ot_window_get_workspace (window);
  g_autoptr(OtFilter) filter = analyst_filter ();
  g_autofree char *recovery_dir = ot_window_recovery_dir ();
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(OtDataset) copy = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_null (ot_window_get_recovery_path (window));
  drop_samples (window);
  /* Loaded, not saved as a case: unsaved work. */
  g_assert_true (window->dirty);
  ot_workspace_set_filter (workspace, filter);
  g_clear_pointer (&expected_filter, ot_filter_free);
  expected_filter = ot_workspace_dup_effective_filter (workspace);
  /* The document reports a change: a copy with this filter follows. */
  ot_window_mark_dirty (window);
  g_assert_true (wait_until (copy_written, window));

  g_assert_true (g_str_has_prefix (ot_window_get_recovery_path (window), recovery_dir));
  copy = ot_case_load (ot_window_get_recovery_path (window), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (copy), ==, expected_incidents);
  info = ot_window_recovery_info_path (ot_window_get_recovery_path (window));
  g_assert_true (g_file_get_contents (info, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "name=Untitled case"));
  /* Held by this window: nobody else may take it. */
  fd = g_open (info, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), !=, 0);
  close (fd);

  /* What a crash would leave, put aside; the clean close deletes it. */
  /* Named as the case (a recovered case names it), in a folder of its own. */
  g_assert_true (g_str_has_suffix (ot_window_get_recovery_path (window), "/Untitled case.oretrace"));
  copy_name = g_strdup (ot_window_get_recovery_path (window) + strlen (recovery_dir) + 1);
  copy_recovery (recovery_dir, copy_dir);
}

static AdwMessageDialog *
recovery_dialog (void)
{
  ToplevelSearch search = { ADW_TYPE_MESSAGE_DIALOG, NULL };

  g_assert_true (wait_until (find_mapped_toplevel, &search));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (search.found)), ==,
                   "Recover unsaved work?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (search.found)),
                            "Untitled case"));
  return ADW_MESSAGE_DIALOG (search.found);
}

static gboolean
dataset_loaded (gpointer data)
{
  OtDataset *dataset = ot_workspace_get_dataset (ot_window_get_workspace (data));

  return dataset != NULL && ot_dataset_get_n_incidents (dataset) > 0 && window_is_idle (data);
}

static void
check_recover (OtApplication *app,
               OtWindow      *window)
{
  g_autofree char *recovery_dir = ot_window_recovery_dir ();
  g_autofree char *path = g_build_filename (recovery_dir, copy_name, NULL);
  g_autoptr(OtFilter) shown = NULL;

  AdwMessageDialog *dialog = recovery_dialog ();

  /* As its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "recover");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_until (dataset_loaded, window));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_workspace_get_dataset (ot_window_get_workspace (window))),
                    ==, expected_incidents);
  shown = ot_workspace_dup_effective_filter (ot_window_get_workspace (window));
  g_assert_true (ot_filter_equal (shown, expected_filter));
  /* An unsaved case, saying so; the copy is now this window's own. */
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Recovered"));
  g_assert_null (ot_window_get_case_path (window));
  g_assert_true (window->dirty);
  g_assert_cmpstr (ot_window_get_recovery_path (window), ==, path);

  /* Saved as a case: that is its case now, the copy is gone. */
  {
    g_autofree char *saved = g_build_filename (copy_dir, "recovered.oretrace", NULL);
    g_autofree char *folder = g_path_get_dirname (path);

    ot_window_save_case_to (window, saved);
    g_assert_true (wait_until (window_not_saving, window));
    g_assert_cmpstr (ot_window_get_case_path (window), ==, saved);
    g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Recovered"));
    g_assert_false (window->dirty);
    g_assert_null (ot_window_get_recovery_path (window));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_unlink (saved), ==, 0);
  }
}

static void
check_discard (OtApplication *app,
               OtWindow      *window)
{
  g_autofree char *recovery_dir = ot_window_recovery_dir ();
  g_autofree char *path = g_build_filename (recovery_dir, copy_name, NULL);
  g_autofree char *info = ot_window_recovery_info_path (path);
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  AdwMessageDialog *dialog = recovery_dialog ();

  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (info, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  /* Nothing loaded. */
  g_assert_null (ot_workspace_get_dataset (ot_window_get_workspace (window)));
}

/* No dialog: nothing left to recover. */
static void
check_nothing_offered (OtApplication *app,
                       OtWindow      *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      g_assert_false (ADW_IS_MESSAGE_DIALOG (w));
    }
}

/* The recovery folder holds no file. */
static void
assert_recovery_empty (void)
{
  g_autofree char *recovery_dir = ot_window_recovery_dir ();
  g_autoptr(GDir) dir = g_dir_open (recovery_dir, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static void
test_recovery (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *recovery_dir = ot_window_recovery_dir ();
  g_autoptr(GError) error = NULL;

  copy_dir = g_dir_make_tmp ("ot-recovery-XXXXXX", &error);
  g_assert_no_error (error);
  g_settings_set_uint (settings, "autosave-interval", 1);

  run_app (check_autosave);
  /* A clean close: no copy left. */
  assert_recovery_empty ();

  /* The copy back where the crash left it: offered, and recovered. */
  copy_recovery (copy_dir, recovery_dir);
  run_app (check_recover);
  assert_recovery_empty ();   /* recovered, then closed cleanly */

  /* Again, discarded: deleted, and not offered at the next start. */
  copy_recovery (copy_dir, recovery_dir);
  run_app (check_discard);
  assert_recovery_empty ();
  run_app (check_nothing_offered);

  g_settings_reset (settings, "autosave-interval");
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-views/last-view", test_last_view);
  g_test_add_func ("/window-views/recovery", test_recovery);

  return g_test_run ();
}
