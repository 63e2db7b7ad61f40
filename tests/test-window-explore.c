/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window at work: files dropped on it load and merge (a bad file adds
 * problems and keeps its good rows), a load cancelled changes nothing, a
 * click on a drawn vertex fills the details pane with its incidents, the
 * view and projection actions, and Export… writes the same pixels as a
 * headless export of the same chart. */
#include <glib/gstdio.h>

#include "ot-analysis.h"
#include "ot-export-dialog.h"
#include "ot-generator.h"
#include "ot-incident-row.h"
#include "ot-incident-table.h"
#include "ot-problems-dialog.h"
#include "ot-loader.h"
#include "ot-render.h"
#include "ot-test-ftm.h"
#include "window-fixture.h"

static void
load_and_wait (OtWindow *window,
               GFile   **files,
               guint     n_files)
{
  g_assert_true (window_drop_files (window, files, n_files));
  g_assert_true (ot_window_is_loading (window));
  g_assert_true (wait_until (window_is_idle, window));
}

static void
load_samples (OtWindow *window)
{
  g_autoptr(GFile) csv = source_file ("data/samples/incidents.csv");

  load_and_wait (window, &csv, 1);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_chart_get_dataset (ot_window_get_chart (window))), >, 0);
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *file_suffix,
             guint       line,
             OtSeverity  severity)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *p = g_ptr_array_index (problems, i);

      if (g_str_has_suffix (p->file, file_suffix) && p->line == line && p->severity == severity)
        return TRUE;
    }
  return FALSE;
}

/* Drop ------------------------------------------------------------------- */

static GtkWidget *
find_styled (GtkWidget  *root,
             const char *css_class)
{
  g_autoptr(GPtrArray) all = find_widgets (root, GTK_TYPE_WIDGET);

  for (guint i = 0; i < all->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (all, i), css_class))
      return g_ptr_array_index (all, i);
  g_assert_not_reached ();
}

static OtWindow *current_window;

/* The Open split button's menu has an entry opening @data (a GFile). */
static gboolean
recent_lists (gpointer data)
{
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (current_window), ADW_TYPE_SPLIT_BUTTON);
  g_autofree char *uri = g_file_get_uri (G_FILE (data));
  GMenuModel *menu;

  g_assert_cmpuint (buttons->len, ==, 1);
  menu = adw_split_button_get_menu_model (g_ptr_array_index (buttons, 0));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), uri))
        return TRUE;
    }
  return FALSE;
}

/* A row of the empty page's recent list opens @file. */
static gboolean
recent_row_opens (OtWindow *window,
                  GFile    *file)
{
  g_autoptr(GPtrArray) rows = find_widgets (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW);
  g_autofree char *uri = g_file_get_uri (file);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkActionable *row = g_ptr_array_index (rows, i);
      GVariant *target = gtk_actionable_get_action_target_value (row);

      if (g_strcmp0 (gtk_actionable_get_action_name (row), "win.open-recent") == 0 && target != NULL &&
          g_str_equal (g_variant_get_string (target, NULL), uri))
        return TRUE;
    }
  return FALSE;
}

static void
check_drop (OtApplication *app,
            OtWindow      *window)
{
  GFile *two[2] = {
    source_file ("data/samples/incidents.csv"),
    source_file ("tests/data/warnings.jsonl"),
  };
  g_autoptr(GFile) bad = source_file ("tests/data/bad-incidents.csv");
  g_autoptr(OtDataset) before = NULL;
  OtDataset *after_two, *after_bad;
  GtkWidget *highlight;
  GdkDragAction action = 0;
  guint n_two, n_bad;

  current_window = window;
  before = g_object_ref (ot_application_get_dataset (app));
  g_assert_cmpuint (ot_dataset_get_n_incidents (before), ==, 0);
  g_assert_false (recent_lists (two[0]));

  /* Dragging over the window shows the drop highlight; leaving hides it. */
  highlight = find_styled (GTK_WIDGET (window), "ot-drop-highlight");
  g_assert_false (gtk_widget_get_visible (highlight));
  g_signal_emit_by_name (ot_window_get_drop_target (window), "enter", 50.0, 50.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_assert_true (gtk_widget_get_visible (highlight));
  g_signal_emit_by_name (ot_window_get_drop_target (window), "leave");
  g_assert_false (gtk_widget_get_visible (highlight));

  /* Two files at once: both land, the window shows the chart. */
  load_and_wait (window, two, 2);
  after_two = ot_application_get_dataset (app);
  n_two = ot_dataset_get_n_incidents (after_two);
  g_assert_true (after_two != before);
  g_assert_cmpuint (ot_dataset_get_n_incidents (before), ==, 0);   /* never changed in place */
  g_assert_cmpint (ot_dataset_find (after_two, "CMI-2024-0001"), >=, 0);
  g_assert_cmpuint (n_two, >, 2);
  g_assert_true (ot_chart_get_dataset (ot_window_get_chart (window)) == after_two);
  g_assert_nonnull (ot_canvas_get_scene (ot_window_get_canvas (window)));
  g_assert_cmpuint (ot_scene_get_n_nodes (ot_canvas_get_scene (ot_window_get_canvas (window))), >, 0);
  /* warnings.jsonl loads with warnings only. */
  g_assert_true (has_problem (ot_window_get_last_problems (window), "warnings.jsonl", 1, OT_SEVERITY_WARNING));
  g_assert_true (wait_until (canvas_ready, ot_window_get_canvas (window)));

  /* Both files are now in the recent files menu under Open, and on the
   * empty page's list. */
  g_assert_true (wait_until (recent_lists, two[1]));
  g_assert_true (recent_lists (two[0]));
  g_assert_true (recent_row_opens (window, two[0]));
  g_assert_true (recent_row_opens (window, two[1]));

  /* A malformed file: its bad rows are problems, its good rows and
   * everything loaded before stay. */
  load_and_wait (window, &bad, 1);
  after_bad = ot_application_get_dataset (app);
  n_bad = ot_dataset_get_n_incidents (after_bad);
  g_assert_cmpuint (n_bad, ==, n_two + 2);
  g_assert_cmpint (ot_dataset_find (after_bad, "OK-1"), >=, 0);
  g_assert_cmpint (ot_dataset_find (after_bad, "OK-2"), >=, 0);
  g_assert_cmpint (ot_dataset_find (after_bad, "BAD-1"), <, 0);
  g_assert_cmpint (ot_dataset_find (after_bad, "CMI-2024-0001"), >=, 0);
  g_assert_true (has_problem (ot_window_get_last_problems (window), "bad-incidents.csv", 3, OT_SEVERITY_ERROR));
  g_assert_true (has_problem (ot_window_get_last_problems (window), "bad-incidents.csv", 4, OT_SEVERITY_ERROR));

  /* The same file again: every row is a duplicate, reported, nothing added. */
  load_and_wait (window, &bad, 1);
  g_assert_true (ot_application_get_dataset (app) == after_bad);
  g_assert_true (has_problem (ot_window_get_last_problems (window), "bad-incidents.csv", 2, OT_SEVERITY_WARNING));

  g_object_unref (two[0]);
  g_object_unref (two[1]);
}

static void
test_drop (void)
{
  run_app (check_drop);
}

/* Two drops in quick succession (the second while the first loads): both
 * land, neither overwrites the other. */
static void
check_overlapping (OtApplication *app,
                   OtWindow      *window)
{
  g_autoptr(GFile) csv = source_file ("data/samples/incidents.csv");
  g_autoptr(GFile) jsonl = source_file ("tests/data/warnings.jsonl");
  OtDataset *dataset;

  g_assert_true (window_drop_files (window, &csv, 1));
  g_assert_true (window_drop_files (window, &jsonl, 1));
  g_assert_true (ot_window_is_loading (window));
  g_assert_true (wait_until (window_is_idle, window));
  dataset = ot_application_get_dataset (app);
  g_assert_cmpint (ot_dataset_find (dataset, "CMI-2024-0001"), >=, 0);
  g_assert_cmpint (ot_dataset_find (dataset, "W-1"), >=, 0);
  g_assert_cmpint (ot_dataset_find (dataset, "W-2"), >=, 0);
}

static void
test_overlapping (void)
{
  run_app (check_overlapping);
}

/* A folder dropped loads the incident files inside it. */
static void
check_folder (OtApplication *app,
              OtWindow      *window)
{
  g_autoptr(GFile) folder = source_file ("tests/data");
  OtDataset *dataset;

  load_and_wait (window, &folder, 1);
  dataset = ot_application_get_dataset (app);
  g_assert_cmpint (ot_dataset_find (dataset, "OK-1"), >=, 0);        /* bad-incidents.csv */
  g_assert_cmpint (ot_dataset_find (dataset, "OK-2"), >=, 0);
  g_assert_true (has_problem (ot_window_get_last_problems (window), "warnings.jsonl", 1, OT_SEVERITY_WARNING));
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, 4);
}

static void
test_folder (void)
{
  run_app (check_folder);
}

static void
on_clipboard_text (GObject      *clipboard,
                   GAsyncResult *result,
                   gpointer      data)
{
  char **out = data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* The problems list: one line per problem, copyable. */
static void
check_problems_dialog (OtApplication *app,
                       OtWindow      *window)
{
  g_autoptr(GFile) bad = source_file ("tests/data/bad-incidents.csv");
  ToplevelSearch search = { OT_TYPE_PROBLEMS_DIALOG, NULL };
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *uri = g_file_get_uri (bad);

  /* Opened the way the recent files menu does it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", uri));
  g_assert_true (ot_window_is_loading (window));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (ot_dataset_find (ot_application_get_dataset (app), "OK-2"), >=, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  text = ot_problems_dialog_get_text (OT_PROBLEMS_DIALOG (search.found));
  g_assert_nonnull (strstr (text, "bad-incidents.csv:3: error: unknown country \"Thailnd\""));
  g_assert_nonnull (strstr (text, "bad-incidents.csv:4: error:"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (search.found)) == GTK_WINDOW (window));

  /* Copy puts every line on the clipboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (search.found), "problems.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (search.found)), NULL,
                                 on_clipboard_text, &copied);
  g_assert_true (wait_until (is_set, &copied));
  g_assert_cmpstr (copied, ==, text);
  gtk_window_destroy (GTK_WINDOW (search.found));
}

static void
test_problems_dialog (void)
{
  run_app (check_problems_dialog);
}

/* Cancel: the dataset stays exactly as it was. */
static void
check_cancel (OtApplication *app,
              OtWindow      *window)
{
  g_autoptr(GFile) csv = source_file ("data/samples/incidents.csv");
  g_autoptr(GFile) bad = source_file ("tests/data/bad-incidents.csv");
  OtDataset *loaded;

  load_and_wait (window, &csv, 1);
  loaded = ot_application_get_dataset (app);

  g_assert_true (window_drop_files (window, &bad, 1));
  g_assert_true (ot_window_is_loading (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (ot_application_get_dataset (app) == loaded);
  g_assert_cmpint (ot_dataset_find (loaded, "OK-1"), <, 0);
}

static void
test_cancel (void)
{
  run_app (check_cancel);
}

/* Selection ---------------------------------------------------------------- */

typedef struct {
  guint  id;
  double x, y;
} DrawnNode;

/* Finds where vertex @country is drawn by asking hit-testing, point by point
 * over the canvas, which vertex is there and the chart what it is. */
static gboolean
find_drawn_country (OtCanvas   *canvas,
                    const char *name,
                    DrawnNode  *out)
{
  OtScene *scene = ot_canvas_get_scene (canvas);
  OtChart *chart = ot_canvas_get_chart (canvas);
  const OtViewport *vp = ot_canvas_get_viewport (canvas);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (double y = 0; y < vp->height; y += 2)
    for (double x = 0; x < vp->width; x += 2)
      {
        guint id;
        g_autofree char *what = NULL;

        if (ot_render_hit_test (scene, vp, ot_canvas_get_render_options (canvas), x, y, &id) != OT_HIT_NODE ||
            g_hash_table_contains (seen, GUINT_TO_POINTER (id + 1)))
          continue;
        g_hash_table_add (seen, GUINT_TO_POINTER (id + 1));
        what = ot_chart_describe (chart, OT_HIT_NODE, id);
        if (what != NULL && g_str_has_prefix (what, name))
          {
            out->id = id;
            out->x = x;
            out->y = y;
            return TRUE;
          }
      }
  return FALSE;
}

static gboolean
involves (const OtIncident *inc,
          const char       *code)
{
  if (g_str_equal (inc->origin.code, code) || g_str_equal (inc->destination.code, code))
    return TRUE;
  for (guint i = 0; i < inc->n_via; i++)
    if (g_str_equal (inc->via[i].country.code, code))
      return TRUE;
  return FALSE;
}

static void
on_selection (OtCanvas *canvas,
              int       kind,
              guint     id,
              int      *n_emitted)
{
  (*n_emitted)++;
}

static void
check_select (OtApplication *app,
              OtWindow      *window)
{
  OtCanvas *canvas = ot_window_get_canvas (window);
  OtDetailsPane *details = ot_window_get_details_pane (window);
  GListModel *incidents;
  DrawnNode china = { 0 };
  guint id, n_china = 0;
  int n_emitted = 0;
  OtDataset *dataset;

  g_object_set (window, "projection", "countries", NULL);
  load_samples (window);
  dataset = ot_application_get_dataset (app);
  g_assert_true (wait_until (canvas_ready, canvas));
  g_signal_connect (canvas, "selection-changed", G_CALLBACK (on_selection), &n_emitted);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (details)));

  g_assert_true (find_drawn_country (canvas, "China", &china));
  ot_canvas_click_at (canvas, china.x, china.y);
  g_assert_true (wait_until (window_is_idle, window));   /* the chart restyles in a worker */

  g_assert_cmpint (n_emitted, ==, 1);
  g_assert_cmpint (ot_canvas_get_selection (canvas, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, china.id);
  g_assert_nonnull (strstr (ot_details_pane_get_heading (details), "China"));
  /* What China is in this network, with its scores. */
  g_assert_cmpstr (ot_details_pane_get_fact (details, "Kind"), ==, "Country");
  g_assert_nonnull (strstr (ot_details_pane_get_fact (details, "Roles"), "origin"));
  g_assert_nonnull (ot_details_pane_get_fact (details, "Throughput"));
  g_assert_nonnull (ot_details_pane_get_fact (details, "Transshipment"));
  g_assert_nonnull (strstr (ot_details_pane_get_fact (details, "Betweenness"), "rank"));
  /* Sixty incidents: exact, no "≈" and nothing to explain. */
  g_assert_false (g_str_has_prefix (ot_details_pane_get_fact (details, "Betweenness"), "≈"));
  g_assert_null (ot_details_pane_get_fact_tooltip (details, "Betweenness"));
  g_assert_nonnull (ot_details_pane_get_fact (details, "Antimony"));

  /* The incidents behind China, each of them touching China. */
  incidents = ot_details_pane_get_incidents (details);
  g_assert_cmpuint (g_list_model_get_n_items (incidents), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(OtIncidentRow) row = g_list_model_get_item (incidents, i);

      g_assert_true (involves (ot_incident_row_get_incident (row), "CN"));
    }
  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    n_china += involves (ot_dataset_get_incident (dataset, i), "CN");
  g_assert_cmpuint (g_list_model_get_n_items (incidents), <=, n_china);
  /* The table selects the same incidents (issue 16: chart → table). */
  {
    g_autoptr(GArray) rows = ot_incident_table_get_selected (find_one_widget (window, OT_TYPE_INCIDENT_TABLE));

    g_assert_cmpuint (rows->len, ==, g_list_model_get_n_items (incidents));
    for (guint i = 0; i < rows->len; i++)
      g_assert_true (involves (ot_dataset_get_incident (dataset, g_array_index (rows, guint, i)), "CN"));
  }

  /* The canvas says what is selected to assistive technologies: the
   * selection is the focus of the next tooltip too. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (details)));

  /* The pane took its place beside the canvas, which refitted: China is
   * found again where it is drawn now.  Clicking it again changes nothing;
   * Escape (the canvas action) clears. */
  g_assert_true (wait_until (canvas_ready, canvas));
  g_assert_true (find_drawn_country (canvas, "China", &china));
  ot_canvas_click_at (canvas, china.x, china.y);
  g_assert_cmpint (n_emitted, ==, 1);   /* same mark: no change */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.clear-selection", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (ot_canvas_get_selection (canvas, NULL), ==, OT_HIT_NONE);
  g_assert_cmpint (n_emitted, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ot_details_pane_get_incidents (details)), ==, 0);
  g_assert_null (ot_details_pane_get_heading (details));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (details)));

  /* Page Down (canvas.select-step) selects a vertex from the keyboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.select-step", "i", 1));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (ot_canvas_get_selection (canvas, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, 0);
  g_assert_nonnull (ot_details_pane_get_heading (details));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.select-step", "i", -1));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (ot_canvas_get_selection (canvas, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, ot_scene_get_n_nodes (ot_canvas_get_scene (canvas)) - 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.clear-selection", NULL));
  g_assert_true (wait_until (window_is_idle, window));

  /* F9 (win.show-details) shows the pane without a selection. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (details)));
}

static void
test_select (void)
{
  run_app (check_select);
}

/* A network above the limit of exact betweenness (lowered to 0 through
 * OT_BETWEENNESS_EXACT_WORK; 3,000 generated incidents, entities: more
 * vertices than sources): the details pane shows the estimate with "≈",
 * its tooltip says how it was estimated, and the pane's value is the
 * estimate the core makes of the network on screen. */
static gboolean
betweenness_shown (gpointer data)
{
  return ot_details_pane_get_fact (data, "Betweenness") != NULL;
}

static void
check_estimated (OtApplication *app,
                 OtWindow      *window)
{
  OtCanvas *canvas = ot_window_get_canvas (window);
  OtDetailsPane *details = ot_window_get_details_pane (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-estimate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "generated.csv", NULL);
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, 3000, OT_FORMAT_CSV);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(OtAnalysis) estimate = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *places = NULL;
  const char *tip;
  guint id, n;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      &error));
  g_setenv ("OT_BETWEENNESS_EXACT_WORK", "0", TRUE);
  g_object_set (window, "projection", "entities", NULL);
  load_and_wait (window, &file, 1);
  g_assert_true (wait_until (canvas_ready, canvas));
  network = ot_chart_get_network (ot_window_get_chart (window));
  n = ot_network_get_n_vertices (network);
  g_assert_cmpuint (n, >, OT_ANALYSIS_SOURCES);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.select-step", "i", 1));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (wait_until (betweenness_shown, details));
  g_assert_cmpint (ot_canvas_get_selection (canvas, &id), ==, OT_HIT_NODE);
  g_unsetenv ("OT_BETWEENNESS_EXACT_WORK");

  estimate = ot_analysis_new_full (network, 0, OT_ANALYSIS_SOURCES, NULL, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("≈%.3f (rank",
                              ot_analysis_get_score (estimate, id, OT_RANK_BETWEENNESS));
  g_assert_true (g_str_has_prefix (ot_details_pane_get_fact (details, "Betweenness"), expected));
  tip = ot_details_pane_get_fact_tooltip (details, "Betweenness");
  g_assert_nonnull (tip);
  places = g_strdup_printf ("leaving %u of the %u places", OT_ANALYSIS_SOURCES, n);
  g_assert_nonnull (strstr (tip, places));

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_estimated (void)
{
  run_app (check_estimated);
}

/* Dragging China in the network view moves it; dragging empty space pans. */
static void
check_drag (OtApplication *app,
            OtWindow      *window)
{
  OtCanvas *canvas = ot_window_get_canvas (window);
  const OtViewport *vp = ot_canvas_get_viewport (canvas);
  DrawnNode china = { 0 };
  double tx, ty, ex = -1, ey = -1;
  guint id = 0;

  load_samples (window);
  g_assert_true (wait_until (canvas_ready, canvas));
  g_assert_true (find_drawn_country (canvas, "China", &china));

  ot_canvas_drag (canvas, china.x, china.y, china.x - 90, china.y + 60);
  g_assert_true (wait_until (window_is_idle, window));   /* moved in the worker */
  g_assert_cmpint (ot_render_hit_test (ot_canvas_get_scene (canvas), vp, ot_canvas_get_render_options (canvas),
                                       china.x - 90, china.y + 60, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, china.id);
  g_assert_cmpint (ot_canvas_get_selection (canvas, NULL), ==, OT_HIT_NONE);   /* a drag is no click */

  /* Empty space: the view moves by the drag, the marks do not. */
  for (double y = vp->height / 2; y < vp->height && ex < 0; y += 7)
    for (double x = vp->width / 2; x < vp->width && ex < 0; x += 7)
      if (ot_render_hit_test (ot_canvas_get_scene (canvas), vp, ot_canvas_get_render_options (canvas),
                              x, y, &id) == OT_HIT_NONE)
        {
          ex = x;
          ey = y;
        }
  g_assert_cmpfloat (ex, >=, 0);
  tx = vp->tx;
  ty = vp->ty;
  ot_canvas_drag (canvas, ex, ey, ex + 40, ey - 30);
  g_assert_cmpfloat_with_epsilon (vp->tx, tx + 40, 1e-6);
  g_assert_cmpfloat_with_epsilon (vp->ty, ty - 30, 1e-6);
}

static void
test_drag (void)
{
  run_app (check_drag);
}

/* Re-layout (Ctrl+R, the main menu) draws the network from another seed. */
static void
check_relayout (OtApplication *app,
                OtWindow      *window)
{
  OtCanvas *canvas = ot_window_get_canvas (window);
  OtChart *chart = ot_window_get_chart (window);
  DrawnNode china = { 0 };
  double x0, y0, x1, y1;

  load_samples (window);
  g_assert_true (wait_until (canvas_ready, canvas));
  g_assert_true (find_drawn_country (canvas, "China", &china));
  g_assert_true (ot_chart_get_node_position (chart, china.id, &x0, &y0));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.relayout", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (ot_chart_get_node_position (chart, china.id, &x1, &y1));
  g_test_message ("China moved by %.0f", hypot (x1 - x0, y1 - y0));
  g_assert_cmpfloat (hypot (x1 - x0, y1 - y0), >, 1);
}

static void
test_relayout (void)
{
  run_app (check_relayout);
}

/* Views, projection, zoom ---------------------------------------------------- */

/* The header's toggle button with this label is pressed in. */
static gboolean
toggle_is_active (OtWindow   *window,
                  const char *label)
{
  g_autoptr(GPtrArray) toggles = find_widgets (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON);

  for (guint i = 0; i < toggles->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (toggles, i)), label) == 0)
      return gtk_toggle_button_get_active (g_ptr_array_index (toggles, i));
  g_assert_not_reached ();
}

/* The window's main GtkStack: the one with an "empty" page. */
static GtkStack *
find_main_stack (GtkWidget *window)
{
  g_autoptr(GPtrArray) stacks = find_widgets (window, GTK_TYPE_STACK);

  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_child_by_name (g_ptr_array_index (stacks, i), "empty") != NULL)
      return g_ptr_array_index (stacks, i);
  return NULL;
}

typedef struct {
  GtkStack *stack;
  char     *page;   /* the page shown when the dataset was handed over */
} PageSeen;

static void
on_dataset_seen (PageSeen   *seen,
                 GParamSpec *pspec,
                 GObject    *app)
{
  g_free (seen->page);
  seen->page = g_strdup (gtk_stack_get_visible_child_name (seen->stack));
}

static void
check_views (OtApplication *app,
             OtWindow      *window)
{
  PageSeen seen = { find_main_stack (GTK_WIDGET (window)), NULL };
  gulong handler;
  g_autofree char *projection = NULL;
  g_auto(GStrv) accels = NULL;
  OtCanvas *canvas = ot_window_get_canvas (window);
  DrawnNode china = { 0 };
  double zoom;

  /* Once the incidents are loaded the chart page shows (busy while it is
   * drawn), never the empty page beside the "loaded" toast (issue 16);
   * this runs after the window's own handler. */
  g_assert_nonnull (seen.stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (seen.stack), ==, "empty");
  handler = g_signal_connect_swapped (app, "notify::dataset", G_CALLBACK (on_dataset_seen), &seen);
  load_samples (window);
  g_signal_handler_disconnect (app, handler);
  g_assert_cmpstr (seen.page, ==, "chart");
  g_free (seen.page);

  g_object_get (window, "projection", &projection, NULL);
  g_assert_cmpstr (projection, ==, "countries");
  g_clear_pointer (&projection, g_free);
  g_assert_true (toggle_is_active (window, "Countries"));
  g_assert_false (toggle_is_active (window, "Entities"));
  g_assert_true (toggle_is_active (window, "_Network"));
  g_assert_false (toggle_is_active (window, "_Map"));

  /* A click while the chart is rebuilt into another view's marks selects
   * nothing (the marks on screen are going). */
  g_assert_true (wait_until (canvas_ready, canvas));
  g_assert_true (find_drawn_country (canvas, "China", &china));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "map"));
  g_assert_true (ot_window_is_updating (window));
  ot_canvas_click_at (canvas, china.x, china.y);
  g_assert_cmpint (ot_canvas_get_selection (canvas, NULL), ==, OT_HIT_NONE);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (ot_chart_get_view (ot_window_get_chart (window)), ==, OT_VIEW_MAP);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "flow"));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (ot_chart_get_view (ot_window_get_chart (window)), ==, OT_VIEW_FLOW);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "network"));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (ot_chart_get_view (ot_window_get_chart (window)), ==, OT_VIEW_NETWORK);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.view('map')");
  g_assert_cmpstr (accels[0], ==, "<Control>2");
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.export");
  g_assert_cmpstr (accels[0], ==, "<Control>e");

  g_assert_true (wait_until (canvas_ready, canvas));
  zoom = ot_viewport_zoom (ot_canvas_get_viewport (canvas));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat (ot_viewport_zoom (ot_canvas_get_viewport (canvas)), >, zoom * 1.1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-fit", NULL));
  g_assert_cmpfloat_with_epsilon (ot_viewport_zoom (ot_canvas_get_viewport (canvas)), 1.0, 1e-9);

  /* Show More / Fewer Flows: the budget doubles or halves (1/8 to 8). */
  g_assert_cmpfloat (ot_canvas_get_detail (canvas), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.more-detail", NULL));
  g_assert_cmpfloat (ot_canvas_get_detail (canvas), ==, 2);
  g_assert_cmpfloat (ot_canvas_get_render_options (canvas)->detail, ==, 2);
  for (guint i = 0; i < 6; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.less-detail", NULL));
  g_assert_cmpfloat (ot_canvas_get_detail (canvas), ==, 0.125);
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.more-detail");
  g_assert_cmpstr (accels[0], ==, "<Control>bracketright");
  g_clear_pointer (&accels, g_strfreev);
  ot_canvas_set_detail (canvas, 1);

  /* The chart follows the system's dark style. */
  g_assert_false (ot_scene_get_theme (ot_canvas_get_scene (canvas))->dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (ot_scene_get_theme (ot_canvas_get_scene (canvas))->dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_false (ot_scene_get_theme (ot_canvas_get_scene (canvas))->dark);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-projection", NULL));
  g_object_get (window, "projection", &projection, NULL);
  g_assert_cmpstr (projection, ==, "entities");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.projection", "s", "countries"));
  g_clear_pointer (&projection, g_free);
  g_object_get (window, "projection", &projection, NULL);
  g_assert_cmpstr (projection, ==, "countries");
}

static void
test_views (void)
{
  run_app (check_views);
}

/* Export -------------------------------------------------------------------- */

static void
assert_same_png (const char *a,
                 const char *b)
{
  cairo_surface_t *sa = cairo_image_surface_create_from_png (a);
  cairo_surface_t *sb = cairo_image_surface_create_from_png (b);
  int height;

  g_assert_cmpint (cairo_surface_status (sa), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (sb), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (sa), ==, cairo_image_surface_get_width (sb));
  g_assert_cmpint (cairo_image_surface_get_height (sa), ==, cairo_image_surface_get_height (sb));
  g_assert_cmpint (cairo_image_surface_get_stride (sa), ==, cairo_image_surface_get_stride (sb));
  height = cairo_image_surface_get_height (sa);
  g_assert_cmpmem (cairo_image_surface_get_data (sa), cairo_image_surface_get_stride (sa) * height,
                   cairo_image_surface_get_data (sb), cairo_image_surface_get_stride (sb) * height);
  cairo_surface_destroy (sa);
  cairo_surface_destroy (sb);
}

static gboolean
png_has_ink (const char *path)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  const guint32 *px = (const guint32 *) cairo_image_surface_get_data (s);
  int n = cairo_image_surface_get_stride (s) / 4 * cairo_image_surface_get_height (s);
  gboolean ink = FALSE;

  for (int i = 1; i < n && !ink; i++)
    ink = px[i] != px[0];
  cairo_surface_destroy (s);
  return ink;
}

static void
on_exported (OtExportDialog *dialog,
             const char     *path,
             char          **out)
{
  g_free (*out);
  *out = g_strdup (path);
}

static void
check_export (OtApplication *app,
              OtWindow      *window)
{
  ToplevelSearch search = { OT_TYPE_EXPORT_DIALOG, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-export-XXXXXX", &error);
  g_autofree char *from_window = g_build_filename (dir, "window.png", NULL);
  g_autofree char *view_window = g_build_filename (dir, "window-view.png", NULL);
  g_autofree char *headless = g_build_filename (dir, "headless.png", NULL);
  g_autofree char *headless_view = g_build_filename (dir, "headless-view.png", NULL);
  g_autofree char *exported = NULL;
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtScene) scene = NULL;
  OtExportDialog *dialog;
  OtExportOptions opts;
  const OtViewport *vp;
  OtCanvas *canvas = ot_window_get_canvas (window);

  g_assert_no_error (error);
  load_samples (window);
  g_assert_true (wait_until (canvas_ready, canvas));
  ot_canvas_zoom (canvas, 1.6);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  dialog = OT_EXPORT_DIALOG (search.found);
  g_signal_connect (dialog, "exported", G_CALLBACK (on_exported), &exported);

  /* Whole chart, as PNG, against a chart built headless from the same data. */
  ot_export_dialog_set_format (dialog, OT_EXPORT_PNG);
  ot_export_dialog_set_size (dialog, 900, 600);
  ot_export_dialog_set_whole_chart (dialog, TRUE);
  g_assert_true (ot_export_dialog_export_to (dialog, from_window, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (exported, ==, from_window);

  ot_export_dialog_get_options (dialog, &opts, &vp);
  g_assert_null (vp);
  g_assert_cmpint (opts.width, ==, 900);
  ot_chart_set_dataset (chart, ot_application_get_dataset (app));
  ot_chart_set_view (chart, OT_VIEW_NETWORK);
  ot_chart_set_countries_projection (chart, TRUE);
  ot_chart_set_theme (chart, adw_style_manager_get_dark (adw_style_manager_get_default ())
                      ? ot_theme_dark () : ot_theme_light ());
  g_assert_true (ot_chart_update (chart, NULL, &error));
  scene = ot_chart_get_scene (chart);
  g_assert_true (ot_export_scene (scene, NULL, &opts, headless, &error));
  g_assert_no_error (error);
  assert_same_png (from_window, headless);
  g_assert_true (png_has_ink (from_window));

  /* The current view: the zoomed part on screen. */
  ot_export_dialog_set_whole_chart (dialog, FALSE);
  g_assert_true (ot_export_dialog_export_to (dialog, view_window, &error));
  ot_export_dialog_get_options (dialog, &opts, &vp);
  g_assert_nonnull (vp);
  /* The current view keeps its on-screen size unless changed. */
  g_assert_cmpint (opts.width, ==, (int) ot_canvas_get_viewport (canvas)->width);
  g_assert_cmpint (opts.height, ==, (int) ot_canvas_get_viewport (canvas)->height);
  g_assert_cmpfloat (vp->scale, ==, ot_canvas_get_viewport (canvas)->scale);
  g_assert_true (ot_export_scene (scene, ot_canvas_get_viewport (canvas), &opts, headless_view, &error));
  assert_same_png (view_window, headless_view);

  /* PNG resolution and background; both mean nothing for SVG. */
  ot_export_dialog_set_whole_chart (dialog, TRUE);
  ot_export_dialog_set_size (dialog, 400, 300);
  ot_export_dialog_set_png_options (dialog, 192, TRUE);
  g_assert_true (ot_export_dialog_get_png_options_sensitive (dialog));
  g_assert_true (ot_export_dialog_export_to (dialog, headless, &error));
  g_assert_no_error (error);
  {
    cairo_surface_t *png = cairo_image_surface_create_from_png (headless);

    g_assert_cmpint (cairo_image_surface_get_width (png), ==, 800);
    g_assert_cmpint (cairo_image_surface_get_height (png), ==, 600);
    g_assert_cmpint (cairo_image_surface_get_format (png), ==, CAIRO_FORMAT_ARGB32);
    /* The corner is background: fully transparent. */
    g_assert_cmpuint (((guint32 *) (void *) cairo_image_surface_get_data (png))[0] >> 24, ==, 0);
    cairo_surface_destroy (png);
  }
  g_assert_false (ot_export_dialog_get_svg_options_visible (dialog));
  ot_export_dialog_set_format (dialog, OT_EXPORT_SVG);
  g_assert_false (ot_export_dialog_get_png_options_sensitive (dialog));
  ot_export_dialog_get_options (dialog, &opts, &vp);
  g_assert_false (opts.transparent);
  /* SVG: <text> unless outlines are chosen (issue 14). */
  g_assert_true (ot_export_dialog_get_svg_options_visible (dialog));
  g_assert_cmpint (opts.svg_text, ==, OT_SVG_TEXT_TEXT);
  ot_export_dialog_set_svg_text (dialog, OT_SVG_TEXT_PATHS);
  ot_export_dialog_get_options (dialog, &opts, &vp);
  g_assert_cmpint (opts.svg_text, ==, OT_SVG_TEXT_PATHS);

  /* The network behind the chart (issue 19): the window's GEXF is the
   * headless export of the same network on the same page, byte for byte;
   * the workbook is a zip. */
  {
    g_autofree char *gexf = g_build_filename (dir, "window.gexf", NULL);
    g_autofree char *gexf_headless = g_build_filename (dir, "headless.gexf", NULL);
    g_autofree char *xlsx = g_build_filename (dir, "window.xlsx", NULL);
    g_autofree char *a = NULL, *b = NULL;
    g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
    gsize la, lb;

    ot_export_dialog_set_format (dialog, OT_EXPORT_GEXF);
    g_assert_true (ot_export_dialog_export_to (dialog, gexf, &error));
    g_assert_no_error (error);
    ot_export_dialog_get_options (dialog, &opts, &vp);
    g_assert_cmpint (opts.format, ==, OT_EXPORT_GEXF);
    g_assert_true (ot_export_network (network, scene, NULL, &opts, gexf_headless, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (gexf, &a, &la, NULL));
    g_assert_true (g_file_get_contents (gexf_headless, &b, &lb, NULL));
    g_assert_nonnull (strstr (a, "<viz:position"));
    g_assert_cmpmem (a, la, b, lb);
    ot_export_dialog_set_format (dialog, OT_EXPORT_XLSX);
    g_assert_true (ot_export_dialog_export_to (dialog, xlsx, &error));
    g_assert_no_error (error);
    g_free (a);
    g_assert_true (g_file_get_contents (xlsx, &a, &la, NULL));
    g_assert_cmpuint (la, >, 4);
    g_assert_cmpmem (a, 2, "PK", 2);
    g_unlink (gexf);
    g_unlink (gexf_headless);
    g_unlink (xlsx);
    ot_export_dialog_set_format (dialog, OT_EXPORT_SVG);
  }

  /* FtM entities (issue 19): the incidents the filter includes, read back
   * as the same ids, and the FtM model itself accepts the file. */
  {
    g_autofree char *ftm = g_build_filename (dir, "window.ftm.json", NULL);
    g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
    g_autoptr(GFile) file = g_file_new_for_path (ftm);
    g_autoptr(OtDataset) back = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *expect = NULL;
    OtDataset *shown = ot_application_get_dataset (app);
    guint trips = 0, events = 0;

    ot_export_dialog_set_format (dialog, OT_EXPORT_FTM);
    /* Entities have no page: size and area mean nothing to them. */
    g_assert_false (ot_export_dialog_get_page_options_sensitive (dialog));
    g_assert_true (ot_export_dialog_export_to (dialog, ftm, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (exported, ==, ftm);
    back = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ot_dataset_get_problems (back)->len, ==, 0);
    g_assert_cmpuint (ot_dataset_get_n_incidents (back), ==, ot_network_get_n_included (network));
    g_assert_cmpuint (ot_dataset_get_n_incidents (back), ==, ot_dataset_get_n_incidents (shown));
    for (guint i = 0; i < ot_dataset_get_n_incidents (shown); i++)
      {
        const OtIncident *incident = ot_dataset_get_incident (shown, i);
        gboolean trip = OT_COUNTRY_IS_SET (incident->origin) && OT_COUNTRY_IS_SET (incident->destination);

        g_assert_cmpint (ot_dataset_find (back, incident->id), >=, 0);
        trips += trip, events += !trip;
      }
    bytes = g_file_load_bytes (file, NULL, NULL, &error);
    g_assert_no_error (error);
    expect = g_strdup_printf ("Trip=%u Event=%u", trips, events);
    if (!ot_test_ftm_validate (bytes, expect))
      g_test_message ("FtM model check not run: Node.js or tests/ftm/node_modules missing");
    g_unlink (ftm);
    ot_export_dialog_set_format (dialog, OT_EXPORT_SVG);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The next Export opens with the last choices (issue 16): SVG, outlines,
   * the whole chart at the last whole-chart size, 192 dpi, transparent. */
  search.found = NULL;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  dialog = OT_EXPORT_DIALOG (search.found);
  ot_export_dialog_get_options (dialog, &opts, &vp);
  g_assert_cmpint (opts.format, ==, OT_EXPORT_SVG);
  g_assert_cmpint (opts.svg_text, ==, OT_SVG_TEXT_PATHS);
  g_assert_null (vp);
  g_assert_cmpint (opts.width, ==, 400);
  g_assert_cmpint (opts.height, ==, 300);
  ot_export_dialog_set_format (dialog, OT_EXPORT_PNG);
  ot_export_dialog_get_options (dialog, &opts, &vp);
  g_assert_cmpfloat (opts.scale, ==, 2);
  g_assert_true (opts.transparent);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (from_window);
  g_unlink (view_window);
  g_unlink (headless);
  g_unlink (headless_view);
  g_rmdir (dir);
}

static void
test_export (void)
{
  run_app (check_export);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-explore/drop", test_drop);
  g_test_add_func ("/window-explore/overlapping", test_overlapping);
  g_test_add_func ("/window-explore/folder", test_folder);
  g_test_add_func ("/window-explore/problems-dialog", test_problems_dialog);
  g_test_add_func ("/window-explore/cancel", test_cancel);
  g_test_add_func ("/window-explore/select", test_select);
  g_test_add_func ("/window-explore/estimated", test_estimated);
  g_test_add_func ("/window-explore/drag", test_drag);
  g_test_add_func ("/window-explore/relayout", test_relayout);
  g_test_add_func ("/window-explore/views", test_views);
  g_test_add_func ("/window-explore/export", test_export);

  status = g_test_run ();
  return status;
}
