/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-aliases.c: merged companies in the window (issue 17).  The
 * 60 researched samples in the entities projection; two real exporters
 * merged on the application's document: with the next frame the network
 * shows one vertex for both, the companies list one row, search finds it
 * by either name, and its details list "Also Known As" with each name and
 * its incidents; the pane's Split button (win.split-entity) shows
 * the two companies again, and Undo merges them once more. */
#include <string.h>

#include "ot-details-pane.h"
#include "ot-document.h"
#include "ot-search-bar.h"
#include "window-fixture.h"

#define COMPANY_A "Vietnam Rare Earth JSC (VTRE)"
#define COMPANY_B "Ningbo Global Magnet Co., Ltd."
#define ENTITY    "Merged Test Entity"

static void
load_samples (OtWindow *window)
{
  window_load_file (window, "data/samples/incidents.csv");
}

/* The vertex of the chart on screen with this company key's name, or -1. */
static gint
find_company (OtWindow   *window,
              const char *name)
{
  g_autoptr(OtNetwork) network = ot_chart_get_network (ot_window_get_chart (window));
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autofree char *key = g_strconcat ("company:", folded, NULL);

  return network != NULL ? ot_network_find_vertex (network, key) : -1;
}

/* The mapped label under @root showing exactly @text, or NULL. */
static GtkLabel *
label_with_text (GtkWidget  *root,
                 const char *text)
{
  g_autoptr(GPtrArray) labels = find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return labels->pdata[i];
  return NULL;
}

/* The label after @name's in its row of "Also Known As": its incidents
 * (the name shows in the incident's record as well, alone in its row). */
static const char *
count_of (GtkWidget  *pane,
          const char *name)
{
  g_autoptr(GPtrArray) labels = find_widgets (pane, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (labels->pdata[i]);

      if (gtk_widget_get_mapped (labels->pdata[i]) &&
          g_strcmp0 (gtk_label_get_text (labels->pdata[i]), name) == 0 &&
          GTK_IS_LABEL (next) && gtk_widget_get_mapped (next))
        return gtk_label_get_text (GTK_LABEL (next));
    }
  return NULL;
}

static GtkWidget *
split_button (GtkWidget *pane)
{
  g_autoptr(GPtrArray) buttons = find_widgets (pane, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "win.split-entity") == 0)
      return buttons->pdata[i];
  return NULL;
}

/* Whether a label under @root (shown or in a list not on screen) says
 * exactly @text. */
static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  g_autoptr(GPtrArray) labels = find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

/* The search bar's best result for @query: the entity, for any name. */
static void
check_search (OtWindow   *window,
              const char *query)
{
  OtSearchBar *bar = find_one_widget (window, OT_TYPE_SEARCH_BAR);
  const OtSearchResult *first;

  ot_search_bar_set_search_mode (bar, TRUE);
  ot_search_bar_set_text (bar, query);
  g_assert_cmpuint (ot_search_bar_get_n_results (bar), >=, 1);
  first = ot_search_bar_get_result (bar, 0);
  g_assert_cmpint (first->kind, ==, OT_SEARCH_VERTEX);
  g_assert_cmpstr (first->title, ==, ENTITY);
  ot_search_bar_set_text (bar, "");
  ot_search_bar_set_search_mode (bar, FALSE);
}

static void
select_entity (OtWindow *window)
{
  gint v = find_company (window, ENTITY);

  g_assert_cmpint (v, >=, 0);
  ot_canvas_select (ot_window_get_canvas (window), OT_HIT_NODE, v);
  g_assert_true (wait_until (window_is_idle, window));
}

static void
check_merge_and_split (OtApplication *app,
                       OtWindow      *window)
{
  OtDocument *document = ot_application_get_document (app);
  OtDetailsPane *details = ot_window_get_details_pane (window);
  GtkWidget *pane = GTK_WIDGET (details);
  const char *names[] = { COMPANY_A, COMPANY_B };
  g_autoptr(GError) error = NULL;
  GtkWidget *button;
  GVariant *target;

  g_object_set (window, "projection", "entities", "view", "network", NULL);
  load_samples (window);
  document = ot_application_get_document (app);
  g_assert_cmpint (find_company (window, COMPANY_A), >=, 0);
  g_assert_cmpint (find_company (window, COMPANY_B), >=, 0);
  g_assert_cmpint (find_company (window, ENTITY), <, 0);

  /* Merged on the document: the window follows with the next frame. */
  g_assert_true (ot_document_merge_companies (document, names, 2, ENTITY, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (find_company (window, COMPANY_A), <, 0);
  g_assert_cmpint (find_company (window, COMPANY_B), <, 0);
  /* The companies list has the entity, not its names; search finds it
   * by any of them. */
  g_assert_true (has_label (GTK_WIDGET (find_one_widget (window, OT_TYPE_FILTER_SIDEBAR)), ENTITY));
  g_assert_false (has_label (GTK_WIDGET (find_one_widget (window, OT_TYPE_FILTER_SIDEBAR)), COMPANY_A));
  check_search (window, COMPANY_A);
  check_search (window, ENTITY);

  select_entity (window);
  g_assert_true (gtk_widget_get_visible (pane));
  g_assert_cmpstr (ot_details_pane_get_heading (details), ==, ENTITY);
  g_assert_cmpstr (ot_details_pane_get_entity (details), ==, ENTITY);
  g_assert_nonnull (label_with_text (pane, "Also Known As"));
  g_assert_cmpstr (count_of (pane, COMPANY_A), ==, "1 incident");
  g_assert_cmpstr (count_of (pane, COMPANY_B), ==, "1 incident");
  g_assert_cmpuint (g_list_model_get_n_items (ot_details_pane_get_incidents (details)), ==, 2);

  /* Split: two vertices again, and no entity. */
  button = split_button (pane);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, ENTITY);
  g_signal_emit_by_name (button, "clicked");   /* as a click does */
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_null (ot_document_get_entity (document, COMPANY_A));
  g_assert_cmpint (find_company (window, COMPANY_A), >=, 0);
  g_assert_cmpint (find_company (window, COMPANY_B), >=, 0);
  g_assert_cmpint (find_company (window, ENTITY), <, 0);
  g_assert_true (has_label (GTK_WIDGET (find_one_widget (window, OT_TYPE_FILTER_SIDEBAR)), COMPANY_A));
  g_assert_false (has_label (GTK_WIDGET (find_one_widget (window, OT_TYPE_FILTER_SIDEBAR)), ENTITY));

  /* Undo the split: merged again, and its details say so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpint (find_company (window, COMPANY_A), <, 0);
  select_entity (window);
  g_assert_cmpstr (ot_details_pane_get_entity (details), ==, ENTITY);

  /* A company that is no entity shows no such list. */
  ot_canvas_select (ot_window_get_canvas (window), OT_HIT_NODE,
                    find_company (window, "Ningbo Yangshan Import & Export Co., Ltd."));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_null (ot_details_pane_get_entity (details));
  g_assert_null (label_with_text (pane, "Also Known As"));
}

static void
test_merge_and_split (void)
{
  run_app (check_merge_and_split);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-aliases/merge-and-split", test_merge_and_split);
  return g_test_run ();
}
