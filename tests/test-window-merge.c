/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Merging companies in the window (issue 17): on the illustrative samples
 * with three of their companies written once more as another report
 * might, Find Same Companies… lists those pairs; a click on Merge makes
 * one of them one entity (one command, "Merge of 2 companies", the name
 * most incidents use) in the dataset the window shows, a click on Reject
 * remembers another in the case; neither is listed again, and both are
 * in the case saved.  Undo twice gives the document back as it was, the
 * suggestions with it.  Merge Companies… merges the ticked companies
 * under the name proposed; the details of a company selected in the
 * network offer both for it (Same Companies only when suggestions name
 * it).  A long list scrolled down stays where it
 * was when it is listed again.  A FollowTheMoney file whose Company has
 * other names, dropped on an open case, is imported with that company
 * merged (issue 19), a command of its own. */
#include "ot-case.h"
#include "ot-ftm.h"
#include "ot-loader.h"
#include "ot-merge-dialog.h"
#include "ot-suggestion-item.h"
#include "ot-suggestions-dialog.h"
#include "window-fixture.h"

#include <glib/gstdio.h>
#include <math.h>

/* Illustrative records (made up, marked so) naming sample companies in
 * other spellings. */
static const char extra_rows[] =
  "ILL-9001,2025-03,antimony,metal,811010,5,t,,,,false declaration,CN,"
  "HENGYUAN SMELTING CO. LTD (fictional),TH:Laem Chabang,US,GULFLINE METALS INCORPORATED (fictional),"
  "alleged,low,F,6,US,Houston,,,true,Test record,,ILLUSTRATIVE: a made-up test record\n"
  "ILL-9002,2025-04,antimony,metal,811010,3,t,,,,false declaration,CN,"
  "Lingnan Solder Material (fictional),TH:Laem Chabang,KR,Hanbit Magnetic Industries (fictional),"
  "alleged,low,F,6,KR,Busan,,,true,Test record,,ILLUSTRATIVE: a made-up test record\n";

#define GULFLINE   "Gulfline Metals Inc. (fictional)"
#define GULFLINE_2 "GULFLINE METALS INCORPORATED (fictional)"
#define HENGYUAN   "Hengyuan Smelting (fictional)"
#define HENGYUAN_2 "HENGYUAN SMELTING CO. LTD (fictional)"
#define HANBIT     "Hanbit Magnetics (fictional)"
#define HANBIT_2   "Hanbit Magnetic Industries (fictional)"

static char *dir;
static char *csv_path;

static void
write_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                              "illustrative-demo.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *all = NULL;

  dir = g_dir_make_tmp ("ot-merge-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (sample, &text, NULL, &error));
  g_assert_no_error (error);
  all = g_strconcat (text, extra_rows, NULL);
  csv_path = g_build_filename (dir, "respelled.csv", NULL);
  g_assert_true (g_file_set_contents (csv_path, all, -1, &error));
  g_assert_no_error (error);
}

static gboolean
dialog_idle (gpointer data)
{
  return !ot_suggestions_dialog_is_busy (OT_SUGGESTIONS_DIALOG (data));
}

static gboolean
window_not_saving (gpointer data)
{
  return !ot_window_is_saving (OT_WINDOW (data));
}

/* Whether the dialog lists the pair @a, @b (either order). */
static gboolean
lists_pair (OtSuggestionsDialog *dialog,
            const char          *a,
            const char          *b)
{
  GListModel *items = ot_suggestions_dialog_get_items (dialog);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(OtSuggestionItem) item = g_list_model_get_item (items, i);
      const OtAliasSuggestion *s = ot_suggestion_item_get_suggestion (item);

      if ((g_str_equal (s->key_a, a) && g_str_equal (s->key_b, b)) ||
          (g_str_equal (s->key_a, b) && g_str_equal (s->key_b, a)))
        return TRUE;
    }
  return FALSE;
}

/* Clicks the @action ("suggestions.merge" or "suggestions.reject") button
 * of the row of @a and @b (key_a, key_b), as drawn in the list. */
static void
click_row_button (OtSuggestionsDialog *dialog,
                  const char          *action,
                  const char          *a,
                  const char          *b)
{
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new ("(ss)", a, b));

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkActionable *button = g_ptr_array_index (buttons, i);
      GVariant *value = gtk_actionable_get_action_target_value (button);

      if (g_strcmp0 (gtk_actionable_get_action_name (button), action) == 0 && value != NULL &&
          g_variant_equal (value, target))
        {
          g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
          g_signal_emit_by_name (button, "clicked");
          return;
        }
    }
  g_assert_not_reached ();
}

static void
check_suggestions (OtApplication *app,
                   OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autofree char *case_path = g_build_filename (dir, "merged.oretrace", NULL);
  ToplevelSearch search = { OT_TYPE_SUGGESTIONS_DIALOG, NULL };
  OtSuggestionsDialog *dialog;
  OtDocument *document;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GListModel *items;
  guint n_listed;
  OtDataset *shown;

  ot_window_open_files (window, &file, 1);
  g_assert_true (wait_until (window_is_idle, window));
  document = ot_application_get_document (app);
  before = ot_document_dump (document);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-same-companies", "s", ""));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  dialog = OT_SUGGESTIONS_DIALOG (search.found);
  g_assert_true (wait_until (dialog_idle, dialog));
  items = ot_suggestions_dialog_get_items (dialog);
  n_listed = g_list_model_get_n_items (items);
  /* Each respelling with its original; the first by name of the surest. */
  g_assert_cmpuint (n_listed, >=, 4);
  g_assert_true (lists_pair (dialog, GULFLINE, GULFLINE_2));
  g_assert_true (lists_pair (dialog, HENGYUAN, HENGYUAN_2));
  g_assert_true (lists_pair (dialog, HANBIT, HANBIT_2));
  {
    g_autoptr(OtSuggestionItem) first = g_list_model_get_item (items, 0);
    const OtAliasSuggestion *s = ot_suggestion_item_get_suggestion (first);

    g_assert_cmpstr (s->key_a, ==, GULFLINE_2);
    g_assert_cmpstr (s->key_b, ==, GULFLINE);
  }

  /* Accept the first: one entity, named as most incidents name it. */
  click_row_button (dialog, "suggestions.merge", GULFLINE_2, GULFLINE);
  g_assert_cmpstr (ot_document_get_undo_label (document), ==, "Merge of 2 companies");
  g_assert_cmpstr (ot_document_get_entity (document, GULFLINE_2), ==, GULFLINE);
  g_assert_cmpstr (ot_document_get_entity (document, GULFLINE), ==, GULFLINE);
  shown = ot_workspace_get_dataset (ot_window_get_workspace (window));
  g_assert_true (shown == ot_document_get_dataset (document));
  g_assert_cmpstr (ot_dataset_resolve_company (shown, GULFLINE_2), ==, GULFLINE);
  g_assert_true (wait_until (dialog_idle, dialog));
  g_assert_false (lists_pair (dialog, GULFLINE, GULFLINE_2));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, n_listed - 1);

  /* Reject another: remembered, not listed again. */
  click_row_button (dialog, "suggestions.reject", HENGYUAN_2, HENGYUAN);
  g_assert_true (ot_document_is_pair_rejected (document, HENGYUAN, HENGYUAN_2));
  g_assert_true (wait_until (dialog_idle, dialog));
  g_assert_false (lists_pair (dialog, HENGYUAN, HENGYUAN_2));
  g_assert_true (lists_pair (dialog, HANBIT, HANBIT_2));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, n_listed - 2);

  /* Both are in the case saved. */
  ot_window_save_case_to (window, case_path);
  g_assert_true (wait_until (window_not_saving, window));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OtCaseTables) tables = NULL;
    g_autoptr(OtDataset) reread = ot_case_load (case_path, &tables, NULL, &error);
    gboolean merged = FALSE, rejected = FALSE;

    g_assert_no_error (error);
    g_assert_cmpuint (ot_dataset_get_n_incidents (reread), ==, ot_dataset_get_n_incidents (shown));
    g_assert_cmpuint (tables->aliases->len, ==, 2);
    for (guint i = 0; i < tables->aliases->len; i++)
      {
        OtCaseAlias *alias = g_ptr_array_index (tables->aliases, i);

        g_assert_cmpstr (alias->name, ==, GULFLINE);
        merged |= g_str_equal (alias->key, GULFLINE_2);
      }
    g_assert_cmpuint (tables->alias_decisions->len, ==, 1);
    {
      OtCaseAliasDecision *decision = g_ptr_array_index (tables->alias_decisions, 0);

      rejected = g_str_equal (decision->key_a, HENGYUAN_2) && g_str_equal (decision->key_b, HENGYUAN);
    }
    g_assert_true (merged);
    g_assert_true (rejected);
  }

  /* Undo both: the document as it was, and the suggestions with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  after = ot_document_dump (document);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (wait_until (dialog_idle, dialog));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, n_listed);
  g_assert_true (lists_pair (dialog, GULFLINE, GULFLINE_2));
  g_assert_true (lists_pair (dialog, HENGYUAN, HENGYUAN_2));

  /* The search shows the pairs naming it. */
  ot_suggestions_dialog_set_search (dialog, "hanbit");
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  g_assert_true (lists_pair (dialog, HANBIT, HANBIT_2));

  g_assert_cmpint (g_unlink (case_path), ==, 0);
}

static gboolean
widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

/* The button of @action in @root. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *action)
{
  g_autoptr(GPtrArray) buttons = find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), action) == 0)
      return g_ptr_array_index (buttons, i);
  g_assert_not_reached ();
}

static GtkWidget *
merge_button (OtMergeDialog *dialog)
{
  return find_button (GTK_WIDGET (dialog), "merge.merge");
}

/* Selects the company @name in the network of companies and ports. */
static void
select_company (OtWindow   *window,
                const char *name)
{
  OtWorkspace *workspace = ot_window_get_workspace (window);
  g_autoptr(OtNetwork) network = NULL;

  ot_workspace_set_projection (workspace, OT_PROJECTION_ENTITIES);
  g_assert_true (wait_until (window_is_idle, window));
  network = ot_chart_get_network (ot_window_get_chart (window));
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    if (g_str_equal (ot_network_get_vertex (network, v)->label, name))
      {
        ot_workspace_select_mark (workspace, OT_HIT_NODE, v);
        g_assert_true (wait_until (window_is_idle, window));
        return;
      }
  g_assert_not_reached ();
}

static void
check_merge_dialog (OtApplication *app,
                    OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  ToplevelSearch search = { OT_TYPE_MERGE_DIALOG, NULL };
  OtMergeDialog *dialog;
  OtDocument *document;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) ticked = NULL;
  GtkWidget *details;
  ToplevelSearch suggestions = { OT_TYPE_SUGGESTIONS_DIALOG, NULL };
  GListModel *items;

  ot_window_open_files (window, &file, 1);
  g_assert_true (wait_until (window_is_idle, window));
  document = ot_application_get_document (app);
  before = ot_document_dump (document);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.merge-companies", NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  dialog = OT_MERGE_DIALOG (search.found);
  /* Nothing selected on the chart: nothing ticked, nothing to merge. */
  ticked = ot_merge_dialog_dup_ticked (dialog);
  g_assert_cmpuint (g_strv_length (ticked), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (merge_button (dialog)));
  /* Closed, it is gone. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (dialog);
  g_clear_pointer (&ticked, g_strfreev);

  /* A company selected in the network: Merge With… in its details. */
  select_company (window, HANBIT);
  details = GTK_WIDGET (ot_window_get_details_pane (window));
  g_assert_true (gtk_widget_is_drawable (details));
  g_signal_emit_by_name (find_button (details, "win.merge-companies"), "clicked");
  search.found = NULL;
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  dialog = OT_MERGE_DIALOG (search.found);
  ticked = ot_merge_dialog_dup_ticked (dialog);
  g_assert_cmpuint (g_strv_length (ticked), ==, 1);
  g_assert_cmpstr (ticked[0], ==, HANBIT);
  g_assert_false (gtk_widget_is_sensitive (merge_button (dialog)));

  ot_merge_dialog_set_ticked (dialog, HANBIT_2, TRUE);
  /* Two incidents name one, one the other. */
  g_assert_cmpstr (ot_merge_dialog_get_name (dialog), ==, HANBIT);
  g_assert_true (gtk_widget_is_sensitive (merge_button (dialog)));
  /* No name, no merge. */
  ot_merge_dialog_set_name (dialog, " ");
  g_assert_false (gtk_widget_is_sensitive (merge_button (dialog)));
  ot_merge_dialog_set_name (dialog, "Hanbit Magnetics Group (fictional)");
  g_signal_emit_by_name (merge_button (dialog), "clicked");
  g_assert_cmpstr (ot_document_get_undo_label (document), ==, "Merge of 2 companies");
  g_assert_cmpstr (ot_document_get_entity (document, HANBIT), ==, "Hanbit Magnetics Group (fictional)");
  g_assert_cmpstr (ot_document_get_entity (document, HANBIT_2), ==, "Hanbit Magnetics Group (fictional)");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  after = ot_document_dump (document);
  g_assert_cmpstr (after, ==, before);

  /* Same Companies… in its details, shown when some suggestions name
   * the company (counted in a worker): those suggestions. */
  select_company (window, HANBIT);
  g_assert_true (wait_until (widget_is_visible, find_button (details, "win.find-same-companies")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_button (details, "win.find-same-companies"))), ==,
                   NULL);   /* a label child: */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (
                     find_button (details, "win.find-same-companies"))))), ==, "Same Companies (1)…");
  select_company (window, "Baltic Optics Labs (fictional)");
  g_assert_true (gtk_widget_get_visible (find_button (details, "win.merge-companies")));
  g_assert_false (gtk_widget_get_visible (find_button (details, "win.find-same-companies")));
  select_company (window, HANBIT);
  g_assert_true (gtk_widget_get_visible (find_button (details, "win.find-same-companies")));
  g_signal_emit_by_name (find_button (details, "win.find-same-companies"), "clicked");
  g_assert_true (wait_until (find_mapped_toplevel, &suggestions));
  g_assert_true (wait_until (dialog_idle, suggestions.found));
  items = ot_suggestions_dialog_get_items (OT_SUGGESTIONS_DIALOG (suggestions.found));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  g_assert_true (lists_pair (OT_SUGGESTIONS_DIALOG (suggestions.found), HANBIT, HANBIT_2));
}

static gboolean
scrollable (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 100;
}

/* Many suggestions, the list scrolled down: a rejection lists them
 * again, and the list stays where it was. */
static void
check_scroll (OtApplication *app,
              OtWindow      *window)
{
  g_autofree char *path = g_build_filename (dir, "many.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin,exporter,destination,consignee,illustrative\n");
  g_autoptr(GError) error = NULL;
  ToplevelSearch search = { OT_TYPE_SUGGESTIONS_DIALOG, NULL };
  const char *words[] = { "Amber", "Basalt", "Cobalt", "Delta", "Ember", "Falcon", "Garnet", "Harbor",
                          "Indigo", "Jasper", "Kestrel", "Lumen", "Marlin", "Nimbus", "Onyx", "Pylon",
                          "Quartz", "Raven", "Sable", "Tundra" };
  g_autoptr(GPtrArray) lists = NULL;
  GtkAdjustment *adjustment;
  GListModel *items;
  double before;

  /* Made-up companies, each written twice. */
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      char *upper;

      g_string_append_printf (text, "S%u,2024-01-01,gallium,CN,%s Refining Ltd,TH,Buyer %u\n"
                                    "T%u,2024-02-01,gallium,CN,%s REFINING LIMITED,TH,Buyer %u\n",
                            i, words[i], i, i, upper = g_ascii_strup (words[i], -1), i);
      g_free (upper);
    }
  g_assert_true (g_file_set_contents (path, text->str, -1, &error));
  g_assert_no_error (error);
  ot_window_open_files (window, &file, 1);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-same-companies", "s", ""));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  g_assert_true (wait_until (dialog_idle, search.found));
  items = ot_suggestions_dialog_get_items (OT_SUGGESTIONS_DIALOG (search.found));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, G_N_ELEMENTS (words));

  lists = find_widgets (GTK_WIDGET (search.found), GTK_TYPE_LIST_VIEW);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (g_ptr_array_index (lists, 0)));
  g_assert_true (wait_until (scrollable, adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  before = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (before, >, 0);
  {
    g_autoptr(OtSuggestionItem) last = g_list_model_get_item (items, G_N_ELEMENTS (words) - 1);
    const OtAliasSuggestion *s = ot_suggestion_item_get_suggestion (last);

    g_assert_true (ot_document_reject_alias_pair (ot_application_get_document (app), s->key_a, s->key_b, NULL));
  }
  g_assert_true (wait_until (dialog_idle, search.found));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, G_N_ELEMENTS (words) - 1);
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (adjustment) - before), <, 1);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

/* The demo exported as FtM with Gulfline and Rio Bravo merged, dropped
 * on the researched samples: 25 incidents imported, then the merge. */
static void
check_ftm_aliases (OtApplication *app,
                   OtWindow      *window)
{
  g_autofree char *demo_path = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                                 "illustrative-demo.csv", NULL);
  g_autofree char *path = g_build_filename (dir, "merged.ftm.json", NULL);
  g_autoptr(GFile) demo_file = g_file_new_for_path (demo_path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) demo = ot_loader_load_files (&demo_file, 1, NULL, NULL, NULL, &error);
  g_autoptr(OtDocument) merged = ot_document_new (demo);
  const char *names[] = { GULFLINE, "Rio Bravo Compounds LLC (fictional)" };
  OtDocument *doc;
  OtDataset *shown;

  g_assert_no_error (error);
  g_assert_true (ot_document_merge_companies (merged, names, 2, "Gulfline group (fictional)", &error));
  g_assert_true (ot_ftm_save (ot_document_get_dataset (merged), NULL, file, NULL, &error));
  g_assert_no_error (error);

  window_load_file (window, "data/samples/incidents.csv");
  g_assert_true (window_drop_files (window, &file, 1));
  g_assert_true (wait_until (window_is_idle, window));
  doc = ot_application_get_document (app);
  shown = ot_document_get_dataset (doc);
  g_assert_cmpuint (ot_dataset_get_n_incidents (shown), ==, 85);
  g_assert_cmpstr (ot_dataset_resolve_company (shown, names[0]), ==, "Gulfline group (fictional)");
  g_assert_cmpstr (ot_dataset_resolve_company (shown, names[1]), ==, "Gulfline group (fictional)");
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Merge of 2 companies");

  /* Undo takes the merge back, the incidents stay. */
  g_assert_true (ot_document_undo (doc));
  g_assert_true (wait_until (window_is_idle, window));
  shown = ot_document_get_dataset (doc);
  g_assert_cmpuint (ot_dataset_get_n_incidents (shown), ==, 85);
  g_assert_cmpstr (ot_dataset_resolve_company (shown, names[0]), ==, names[0]);
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Import of 25 incidents");
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_ftm_aliases (void)
{
  run_app (check_ftm_aliases);
}

static void
test_scroll (void)
{
  run_app (check_scroll);
}

static void
test_suggestions (void)
{
  run_app (check_suggestions);
}

static void
test_merge_dialog (void)
{
  run_app (check_merge_dialog);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!window_test_init (&argc, &argv))
    return 0;

  write_csv ();
  g_test_add_func ("/window-merge/suggestions", test_suggestions);
  g_test_add_func ("/window-merge/merge-dialog", test_merge_dialog);
  g_test_add_func ("/window-merge/scroll", test_scroll);
  g_test_add_func ("/window-merge/ftm-aliases", test_ftm_aliases);
  status = g_test_run ();

  g_assert_cmpint (g_unlink (csv_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (csv_path);
  g_free (dir);
  return status;
}
