/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A workbook of several sheets dropped on the window (issue 19): a dialog
 * lists its sheets with their first rows, the first one picked; the sheet
 * chosen loads (its problems at FILE:SHEET:ROW) and is remembered among
 * the recent files as FILE#SHEET; Cancel loads nothing; a workbook of one
 * sheet and a FILE#SHEET load without asking. */
#include "ot-loader.h"
#include "window-fixture.h"

static gboolean
sheet_dialog_shown (gpointer data)
{
  GtkWindow *dialog = ot_window_get_sheet_dialog (OT_WINDOW (data));

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static void
drop (OtWindow   *window,
      const char *relative)
{
  g_autoptr(GFile) file = source_file (relative);

  g_assert_true (window_drop_files (window, &file, 1));
  /* Looked at in a worker first: loading, for whoever waits. */
  g_assert_true (ot_window_is_loading (window));
}

static guint
n_incidents (OtWindow *window)
{
  OtDataset *dataset = ot_workspace_get_dataset (ot_window_get_workspace (window));

  return dataset != NULL ? ot_dataset_get_n_incidents (dataset) : 0;
}

static gboolean
has_problem (OtWindow   *window,
             const char *text)
{
  GPtrArray *problems = ot_window_get_last_problems (window);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *line = ot_problem_to_string (problems->pdata[i]);

      if (strstr (line, text) != NULL)
        return TRUE;
    }
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *line = ot_problem_to_string (problems->pdata[i]);

      g_test_message ("problem: %s", line);
    }
  return FALSE;
}

static void
check_sheets (OtApplication *app,
              OtWindow      *window)
{
  g_autoptr(GPtrArray) rows = NULL, checks = NULL;
  GtkWindow *dialog;
  const char *titles[] = { "Notes", "Incidents", "Empty" };

  /* Three sheets: asked, the first one ticked. */
  drop (window, "tests/data/sheet/awkward.xlsx");
  g_assert_true (wait_until (sheet_dialog_shown, window));
  dialog = ot_window_get_sheet_dialog (window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "“awkward.xlsx” has 3 sheets. Which one holds the incidents or trade statistics?");
  rows = find_widgets (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);
  checks = find_widgets (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (checks->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[i]), ==, titles[i]);
      g_assert_cmpint (gtk_check_button_get_active (checks->pdata[i]), ==, i == 0);
    }
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (rows->pdata[0]), "Awkward cells"));
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[1]), ==,
                   "id, date, mineral, form, hs_code, quantity, …");
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[2]), ==, "Empty sheet");
  /* Nothing loads while the dialog asks. */
  g_assert_cmpuint (n_incidents (window), ==, 0);
  g_assert_true (ot_window_is_loading (window));

  /* The second sheet, activated as a click on its row does. */
  g_assert_true (adw_action_row_get_activatable_widget (rows->pdata[1]) == checks->pdata[1]);
  adw_action_row_activate (rows->pdata[1]);
  g_assert_true (gtk_check_button_get_active (checks->pdata[1]));
  g_assert_false (gtk_check_button_get_active (checks->pdata[0]));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "open");
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_null (ot_window_get_sheet_dialog (window));
  g_assert_cmpuint (n_incidents (window), ==, 5);
  g_assert_true (has_problem (window, "awkward.xlsx:Incidents:6: error: unknown mineral \"unobtainium\""));
  {
    g_autoptr(GFile) book = source_file ("tests/data/sheet/awkward.xlsx");
    g_autoptr(GFile) sheet = ot_loader_sheet_file (book, "Incidents");
    g_autofree char *uri = g_file_get_uri (sheet);

    g_assert_true (g_str_has_suffix (uri, "awkward.xlsx%23Incidents"));
    g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));
  }

  /* Cancel: nothing loads. */
  drop (window, "tests/data/sheet/awkward.ods");
  g_assert_true (wait_until (sheet_dialog_shown, window));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ot_window_get_sheet_dialog (window)), "cancel");
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (n_incidents (window), ==, 5);

  /* One sheet: no question. */
  drop (window, "tests/data/sheet/samples.xlsx");
  g_assert_null (ot_window_get_sheet_dialog (window));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_null (ot_window_get_sheet_dialog (window));
  g_assert_cmpuint (n_incidents (window), ==, 65);

  /* A sheet named already: no question either. */
  drop (window, "tests/data/sheet/awkward.ods#2");
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_null (ot_window_get_sheet_dialog (window));
  /* Its ids are those of the XLSX: each is a repeat, reported at its row. */
  g_assert_cmpuint (n_incidents (window), ==, 65);
  g_assert_true (has_problem (window, "awkward.ods:Incidents:2: warning: duplicate id \"AWK-1\""));
}

static void
test_sheets (void)
{
  run_app (check_sheets);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/window/sheets/pick", test_sheets);
  return g_test_run ();
}
