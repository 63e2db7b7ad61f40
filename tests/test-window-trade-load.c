/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A file of trade statistics dropped on an empty window (issue 18): no
 * error, the toast counts its rows ("13 trade rows loaded"), the chart
 * page shows (not the empty page: there is something to draw) and the map
 * draws the statistical flows; then incidents dropped beside them keep
 * the statistics.  Statistics dropped onto an open case are an undoable
 * import: the Undo menu item names it, Undo takes the layer and the
 * signals away, Redo brings them back. */
#include "ot-document.h"
#include "ot-render.h"
#include "window-fixture.h"

/* The visible page of the window's stack that has an "empty" page. */
static const char *
main_page (OtWindow *window)
{
  g_autoptr(GPtrArray) stacks = find_widgets (GTK_WIDGET (window), GTK_TYPE_STACK);

  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_child_by_name (g_ptr_array_index (stacks, i), "empty") != NULL)
      return gtk_stack_get_visible_child_name (g_ptr_array_index (stacks, i));
  g_assert_not_reached ();
}

/* The text of the newest toast's title. */
static char *
toast_text (OtWindow *window)
{
  GType type = g_type_from_name ("AdwToastWidget");
  g_autoptr(GPtrArray) toasts = type != 0 ? find_widgets (GTK_WIDGET (window), type) : NULL;
  g_autoptr(GPtrArray) labels = NULL;

  if (toasts == NULL || toasts->len == 0)
    return NULL;
  labels = find_widgets (g_ptr_array_index (toasts, toasts->len - 1), GTK_TYPE_LABEL);
  return labels->len > 0 ? g_strdup (gtk_label_get_text (g_ptr_array_index (labels, 0))) : NULL;
}

typedef struct {
  OtWindow   *window;
  const char *text;
} ToastWait;

/* The toast shown says @text (a newer toast waits for the one before to
 * leave). */
static gboolean
toast_says (gpointer data)
{
  ToastWait *wait = data;
  g_autofree char *text = toast_text (wait->window);

  return g_strcmp0 (text, wait->text) == 0;
}

static void
check_trade_alone (OtApplication *app,
                   OtWindow      *window)
{
  OtWorkspace *workspace = ot_window_get_workspace (window);
  OtTradeTable *trade;

  g_assert_cmpstr (main_page (window), ==, "empty");
  window_load_file (window, "tests/data/trade/comtrade-api.csv");
  g_assert_true (wait_until (toast_says, &(ToastWait) { window, "13 trade rows loaded" }));
  /* Its problems are the counted skips (warnings), no error. */
  for (guint i = 0; i < ot_window_get_last_problems (window)->len; i++)
    {
      const OtProblem *problem = g_ptr_array_index (ot_window_get_last_problems (window), i);

      g_assert_cmpint (problem->severity, ==, OT_SEVERITY_WARNING);
    }
  trade = ot_dataset_get_trade (ot_workspace_get_dataset (workspace));
  g_assert_nonnull (trade);
  g_assert_cmpuint (ot_trade_table_get_n_rows (trade), ==, 13);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_workspace_get_dataset (workspace)), ==, 0);

  /* Something to draw: the chart, not the empty page. */
  g_assert_true (wait_until (canvas_ready, ot_window_get_canvas (window)));
  g_assert_cmpstr (main_page (window), ==, "chart");
  ot_workspace_set_view (workspace, OT_VIEW_MAP);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (ot_scene_get_n_statistical (ot_canvas_get_scene (ot_window_get_canvas (window))), >, 0);

  /* Incidents dropped beside them: both counted, the statistics kept. */
  window_load_file (window, "data/samples/incidents.csv");
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_workspace_get_dataset (workspace)), ==, 60);
  trade = ot_dataset_get_trade (ot_workspace_get_dataset (workspace));
  g_assert_nonnull (trade);
  g_assert_cmpuint (ot_trade_table_get_n_rows (trade), ==, 13);
  /* And statistics dropped onto incidents: one more file's rows (its
   * toast, "3 trade rows loaded", waits for the ones before to go). */
  window_load_file (window, "tests/data/trade/comext-v2.dat");
  trade = ot_dataset_get_trade (ot_workspace_get_dataset (workspace));
  g_assert_cmpuint (ot_trade_table_get_n_rows (trade), ==, 16);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_workspace_get_dataset (workspace)), ==, 60);
}

static void
test_trade_alone (void)
{
  run_app (check_trade_alone);
}

/* The label of the menu item for @action in @model (any section), or
 * NULL. */
static char *
menu_label (GMenuModel *model,
            const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;
      GMenuModel *section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      GMenuModel *submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
      char *found = NULL;

      if (section != NULL)
        found = menu_label (section, action);
      if (found == NULL && submenu != NULL)
        found = menu_label (submenu, action);
      g_clear_object (&section);
      g_clear_object (&submenu);
      if (found != NULL)
        return found;
      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action) && g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        return g_steal_pointer (&label);
    }
  return NULL;
}

static char *
undo_item (OtWindow *window)
{
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GMenuModel *model = gtk_menu_button_get_menu_model (g_ptr_array_index (buttons, i));
      char *label = model != NULL ? menu_label (model, "win.undo") : NULL;

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* The map's statistical flows once the window is idle. */
static guint
n_statistical (OtWindow *window)
{
  g_assert_true (wait_until (window_is_idle, window));
  return ot_scene_get_n_statistical (ot_canvas_get_scene (ot_window_get_canvas (window)));
}

static void
check_trade_undo (OtApplication *app,
                  OtWindow      *window)
{
  OtWorkspace *workspace = ot_window_get_workspace (window);
  OtDocument *document;
  OtSignalsWindow *signals_window = NULL;
  OtTradeTable *trade;
  g_autofree char *before = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  g_autofree char *item = NULL;

  window_load_file (window, "data/samples/incidents.csv");
  document = ot_application_get_document (app);
  g_assert_false (ot_document_can_undo (document));
  g_assert_true (wait_until (canvas_ready, ot_window_get_canvas (window)));
  ot_workspace_set_view (workspace, OT_VIEW_MAP);
  g_assert_cmpuint (n_statistical (window), ==, 0);
  before = ot_document_dump (document);

  /* Statistics dropped onto the case: one command, named. */
  window_load_file (window, "tests/data/trade/comtrade-api.csv");
  trade = ot_dataset_get_trade (ot_workspace_get_dataset (workspace));
  g_assert_nonnull (trade);
  g_assert_cmpuint (ot_trade_table_get_n_rows (trade), ==, 13);
  g_assert_cmpstr (ot_document_get_undo_label (document), ==, "Import of trade statistics (13 rows)");
  item = undo_item (window);
  g_assert_cmpstr (item, ==, "_Undo Import of trade statistics (13 rows)");
  g_assert_true (ot_document_is_dirty (document));
  g_assert_cmpuint (n_statistical (window), >, 0);
  imported = ot_document_dump (document);
  /* The signals window scores them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-signals", NULL));
  g_assert_true (wait_until (find_signals_window, &signals_window));
  g_assert_true (wait_until (signals_idle, signals_window));
  g_assert_nonnull (ot_signals_window_get_signals (signals_window));
  g_assert_true (ot_trade_signals_get_table (ot_signals_window_get_signals (signals_window)) == trade);

  /* Undo: no statistics, no layer, no signals; the case as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_null (ot_dataset_get_trade (ot_workspace_get_dataset (workspace)));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_workspace_get_dataset (workspace)), ==, 60);
  g_assert_cmpuint (n_statistical (window), ==, 0);
  g_assert_true (wait_until (signals_idle, signals_window));
  g_assert_null (ot_signals_window_get_signals (signals_window));
  g_assert_false (ot_document_is_dirty (document));
  undone = ot_document_dump (document);
  g_assert_cmpstr (undone, ==, before);

  /* Redo: the same statistics again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_true (ot_dataset_get_trade (ot_workspace_get_dataset (workspace)) == trade);
  g_assert_cmpuint (n_statistical (window), >, 0);
  g_assert_true (wait_until (signals_idle, signals_window));
  g_assert_true (ot_trade_signals_get_table (ot_signals_window_get_signals (signals_window)) == trade);
  redone = ot_document_dump (document);
  g_assert_cmpstr (redone, ==, imported);
  gtk_window_destroy (GTK_WINDOW (signals_window));
}

static void
test_trade_undo (void)
{
  run_app (check_trade_undo);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/window/trade-load/alone", test_trade_alone);
  g_test_add_func ("/window/trade-load/undo", test_trade_undo);
  return g_test_run ();
}
