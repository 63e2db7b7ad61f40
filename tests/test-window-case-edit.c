/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 17's proof in the window: on the illustrative samples plus one
 * made-up record that writes a sample company another way, an incident is
 * added through the form and the two spellings are merged from the
 * suggestions; Ctrl+Z twice gives the case back as it was loaded, byte
 * for byte (ot_document_dump ()); Ctrl+Shift+Z twice redoes both; the
 * case is saved, the application closed, the case opened in a fresh one:
 * the same incidents, the new one among them, and the same merge. */
#include "ot-case.h"
#include "ot-incident-editor.h"
#include "ot-suggestion-item.h"
#include "ot-suggestions-dialog.h"
#include "window-fixture.h"

#include <glib/gstdio.h>

/* Made up, and marked so: one sample company in another spelling. */
static const char respelled[] =
  "ILL-9101,2025-05,antimony,metal,811010,4,t,,,,false declaration,CN,"
  "Lingnan Solder Material (fictional),TH:Laem Chabang,US,GULFLINE METALS INCORPORATED (fictional),"
  "alleged,low,F,6,US,Houston,,,true,Test record,,ILLUSTRATIVE: made up for this test\n";

#define ORIGINAL  "Gulfline Metals Inc. (fictional)"
#define SPELLING  "GULFLINE METALS INCORPORATED (fictional)"

static char *folder;
static char *csv_path;
static char *case_path;
static char *edited;     /* the document after both commands, as text */
static char *added_id;

static gboolean
not_saving (gpointer data)
{
  return !ot_window_is_saving (OT_WINDOW (data));
}

static gboolean
suggestions_ready (gpointer data)
{
  return !ot_suggestions_dialog_is_busy (OT_SUGGESTIONS_DIALOG (data));
}

/* The case as text without its saved views (Save adds "Last view") and
 * without where the added incident was read from: none before the save,
 * the case itself after (its file and row; checked apart). */
static char *
dump_without_views (OtDocument *document)
{
  g_autofree char *dump = ot_document_dump (document);
  g_autofree char *added = g_strdup_printf ("|%s|", added_id);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *end;

      if (g_str_has_prefix (lines[i], "table 4|"))
        continue;
      if (strstr (lines[i], added) != NULL && (end = strrchr (lines[i], '|')) != NULL)
        {
          *end = '\0';   /* the line */
          if ((end = strrchr (lines[i], '|')) != NULL)
            *end = '\0';   /* the file */
        }
      g_string_append_printf (out, "%s\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

static void
add_through_form (OtWindow *window)
{
  ToplevelSearch search = { OT_TYPE_INCIDENT_EDITOR, NULL };
  OtIncidentEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-incident", NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  editor = OT_INCIDENT_EDITOR (search.found);
  added_id = ot_incident_editor_dup_field (editor, OT_COLUMN_ID);
  ot_incident_editor_set_field (editor, OT_COLUMN_DATE, "2025-06-02");
  ot_incident_editor_set_field (editor, OT_COLUMN_MINERAL, "germanium");
  ot_incident_editor_set_field (editor, OT_COLUMN_ORIGIN, "China");
  ot_incident_editor_set_field (editor, OT_COLUMN_VIA, "VN");
  ot_incident_editor_set_field (editor, OT_COLUMN_DESTINATION, "Germany");
  ot_incident_editor_set_field (editor, OT_COLUMN_EXPORTER, ORIGINAL);
  ot_incident_editor_set_field (editor, OT_COLUMN_QUANTITY, "120");
  ot_incident_editor_set_field (editor, OT_COLUMN_ILLUSTRATIVE, "true");
  ot_incident_editor_set_field (editor, OT_COLUMN_NOTES, "ILLUSTRATIVE: typed into the form by a test");
  g_assert_true (ot_incident_editor_can_save (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_true (wait_until (window_is_idle, window));
}

static void
merge_from_suggestions (OtWindow *window)
{
  ToplevelSearch search = { OT_TYPE_SUGGESTIONS_DIALOG, NULL };
  g_autoptr(GPtrArray) buttons = NULL;
  OtSuggestionsDialog *dialog;
  gboolean clicked = FALSE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-same-companies", "s", ""));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  dialog = OT_SUGGESTIONS_DIALOG (search.found);
  g_assert_true (wait_until (suggestions_ready, dialog));
  g_assert_cmpuint (g_list_model_get_n_items (ot_suggestions_dialog_get_items (dialog)), >=, 1);

  /* The row's own Merge button, as a click. */
  buttons = find_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len && !clicked; i++)
    {
      GtkActionable *button = g_ptr_array_index (buttons, i);
      GVariant *target = gtk_actionable_get_action_target_value (button);
      const char *a, *b;

      if (g_strcmp0 (gtk_actionable_get_action_name (button), "suggestions.merge") != 0 || target == NULL)
        continue;
      g_variant_get (target, "(&s&s)", &a, &b);
      if ((g_str_equal (a, SPELLING) && g_str_equal (b, ORIGINAL)) ||
          (g_str_equal (a, ORIGINAL) && g_str_equal (b, SPELLING)))
        {
          g_signal_emit_by_name (button, "clicked");
          clicked = TRUE;
        }
    }
  g_assert_true (clicked);
  g_assert_true (wait_until (window_is_idle, window));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
check_edit (OtApplication *app,
            OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  OtDocument *document;
  g_autofree char *loaded = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  OtDataset *dataset;

  ot_window_open_files (window, &file, 1);
  g_assert_true (wait_until (window_is_idle, window));
  document = ot_application_get_document (app);
  loaded = ot_document_dump (document);

  add_through_form (window);
  g_assert_cmpuint (ot_document_get_n_commands (document), ==, 1);
  merge_from_suggestions (window);
  g_assert_cmpuint (ot_document_get_n_commands (document), ==, 2);
  g_assert_cmpstr (ot_document_get_undo_label (document), ==, "Merge of 2 companies");
  dataset = ot_workspace_get_dataset (ot_window_get_workspace (window));
  g_assert_cmpint (ot_dataset_find (dataset, added_id), >=, 0);
  g_assert_cmpstr (ot_dataset_resolve_company (dataset, SPELLING), ==,
                   ot_dataset_resolve_company (dataset, ORIGINAL));
  edited = ot_document_dump (document);

  /* Undo both: as loaded. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  undone = ot_document_dump (document);
  g_assert_cmpstr (undone, ==, loaded);
  g_assert_cmpint (ot_dataset_find (ot_workspace_get_dataset (ot_window_get_workspace (window)), added_id), ==, -1);
  g_assert_false (ot_document_is_dirty (document));

  /* Redo both, and save. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  redone = ot_document_dump (document);
  g_assert_cmpstr (redone, ==, edited);
  g_free (edited);
  edited = dump_without_views (document);
  ot_window_save_case_to (window, case_path);
  g_assert_true (wait_until (not_saving, window));
  g_assert_false (ot_document_is_dirty (document));
}

static void
check_reopen (OtApplication *app,
              OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (case_path);
  g_autofree char *reopened = NULL;
  OtDocument *document;

  ot_window_open_files (window, &file, 1);
  g_assert_true (wait_until (window_is_idle, window));
  document = ot_application_get_document (app);
  reopened = dump_without_views (document);
  g_assert_cmpstr (reopened, ==, edited);
  g_assert_cmpstr (ot_document_get_entity (document, SPELLING), ==,
                   ot_document_get_entity (document, ORIGINAL));
  {
    OtDataset *dataset = ot_application_get_dataset (app);
    gint index = ot_dataset_find (dataset, added_id);
    g_autofree char *name = g_path_get_basename (case_path);

    g_assert_cmpint (index, >=, 0);
    /* Typed into the case: read from the case now. */
    g_assert_true (g_str_has_suffix (ot_dataset_get_incident (dataset, index)->file, name));
  }
}

static void
test_case_edit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                              "illustrative-demo.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *all = NULL;

  folder = g_dir_make_tmp ("ot-case-edit-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (sample, &text, NULL, &error));
  all = g_strconcat (text, respelled, NULL);
  csv_path = g_build_filename (folder, "demo-respelled.csv", NULL);
  case_path = g_build_filename (folder, "demo.oretrace", NULL);
  g_assert_true (g_file_set_contents (csv_path, all, -1, &error));

  run_app (check_edit);
  run_app (check_reopen);

  g_unlink (csv_path);
  g_unlink (case_path);
  g_rmdir (folder);
  g_clear_pointer (&folder, g_free);
  g_clear_pointer (&csv_path, g_free);
  g_clear_pointer (&case_path, g_free);
  g_clear_pointer (&edited, g_free);
  g_clear_pointer (&added_id, g_free);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-case-edit/form-suggestion-undo-save-reopen", test_case_edit);

  return g_test_run ();
}
