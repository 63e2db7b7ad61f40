/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-sheets.c: a workbook of several sheets, opened or dropped,
 * asks which sheet to read (issue 19): the files are looked at in a
 * worker (ot_workbook_open_file (): the sheets' names and first rows), a
 * dialog lists a workbook's sheets, the one picked loads as FILE#SHEET
 * (ot_loader_sheet_file ()).  Other files, a workbook of one sheet and a
 * FILE#SHEET already named go on as they came.  It calls no other part of
 * the window: what comes next is the caller's function. */
#include "ot-window-private.h"
#include "ot-loader.h"
#include "ot-sheet.h"

#include <glib/gi18n.h>

/* Cells of a sheet's first row shown under its name. */
#define PREVIEW_CELLS 6

typedef struct {
  GFile     *file;
  GPtrArray *names;      /* of char *: the sheets; NULL when nothing to ask */
  GPtrArray *previews;   /* of char *: each one's first row */
} Candidate;

typedef struct {
  OtWindow          *window;
  GPtrArray         *candidates;   /* of Candidate * */
  guint              next;         /* the candidate to ask about next */
  GPtrArray         *files;        /* of GFile: what loads */
  OtSheetsPicked     then;
  GCancellable      *cancellable;
  GtkWidget         *dialog;       /* asking now */
  GPtrArray         *checks;       /* of GtkCheckButton, one per sheet */
} PickCall;

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_object_unref (candidate->file);
  if (candidate->names)
    g_ptr_array_unref (candidate->names);
  if (candidate->previews)
    g_ptr_array_unref (candidate->previews);
  g_free (candidate);
}

static void
pick_call_free (PickCall *call)
{
  g_ptr_array_unref (call->candidates);
  g_ptr_array_unref (call->files);
  g_object_unref (call->cancellable);
  g_clear_pointer (&call->checks, g_ptr_array_unref);
  g_object_unref (call->window);
  g_free (call);
}

/* A sheet's first row, its first cells joined ("id, date, mineral, …"). */
static char *
preview_sheet (OtWorkbook *workbook,
               guint       index)
{
  g_autoptr(OtSheetReader) reader = ot_workbook_read_sheet (workbook, index, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  OtSheetRow row;

  if (reader == NULL || !ot_sheet_reader_next (reader, &row, NULL))
    return g_strdup (_("Empty sheet"));
  for (guint i = 0, shown = 0; i < row.n_cells && shown < PREVIEW_CELLS; i++)
    {
      if (row.cells[i][0] == '\0')
        continue;
      g_string_append_printf (text, "%s%s", shown > 0 ? ", " : "", g_strstrip (row.cells[i]));
      shown++;
    }
  if (row.n_cells > PREVIEW_CELLS)
    g_string_append (text, ", …");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The worker: which files are workbooks of several sheets. */
static void
look_at_files (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GPtrArray *candidates = task_data;

  for (guint i = 0; i < candidates->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Candidate *candidate = candidates->pdata[i];
      g_autofree char *path = g_file_get_path (candidate->file);
      g_autofree char *workbook_path = NULL, *sheet = NULL;
      g_autoptr(OtWorkbook) workbook = NULL;
      guint n;

      /* A sheet named already; a folder (its workbooks' first sheets). */
      if (path != NULL && ot_loader_split_sheet (path, &workbook_path, &sheet))
        continue;
      if (g_file_query_file_type (candidate->file, G_FILE_QUERY_INFO_NONE, cancellable) !=
          G_FILE_TYPE_REGULAR)
        continue;
      /* Not a workbook, or a damaged one: the load says what it is. */
      workbook = ot_workbook_open_file (candidate->file, cancellable, NULL);
      if (workbook == NULL || (n = ot_workbook_get_n_sheets (workbook, NULL)) < 2)
        continue;
      candidate->names = g_ptr_array_new_with_free_func (g_free);
      candidate->previews = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < n; k++)
        {
          g_ptr_array_add (candidate->names, g_strdup (ot_workbook_get_sheet_name (workbook, k)));
          g_ptr_array_add (candidate->previews, preview_sheet (workbook, k));
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void ask_next (PickCall *call);

static void start (PickCall *call);

/* The files go on; the next files opened meanwhile are looked at. */
static void
finish (PickCall *call)
{
  OtWindow *self = call->window;

  g_assert (g_queue_peek_head (&self->sheet_picks) == call);
  g_queue_pop_head (&self->sheet_picks);
  if (self->load_cancellables != NULL)
    g_ptr_array_remove (self->load_cancellables, call->cancellable);
  if (call->files->len > 0 && !g_cancellable_is_cancelled (call->cancellable))
    call->then (self, (GFile **) call->files->pdata, call->files->len);
  pick_call_free (call);
  if (!g_queue_is_empty (&self->sheet_picks))
    start (g_queue_peek_head (&self->sheet_picks));
  else if (self->n_loading == 0)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", FALSE);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             PickCall         *call)
{
  Candidate *candidate = call->candidates->pdata[call->next];

  if (g_strcmp0 (response, "open") == 0)
    for (guint k = 0; k < call->checks->len; k++)
      if (gtk_check_button_get_active (call->checks->pdata[k]))
        {
          g_ptr_array_add (call->files, ot_loader_sheet_file (candidate->file, candidate->names->pdata[k]));
          break;
        }
  call->dialog = NULL;
  g_clear_pointer (&call->checks, g_ptr_array_unref);
  call->next++;
  ask_next (call);
}

/* The dialog for one workbook: its sheets as radio rows, the first one
 * picked (the one the command line reads), each with its first row. */
static GtkWidget *
sheet_dialog (PickCall  *call,
              Candidate *candidate)
{
  g_autofree char *name = g_file_get_basename (candidate->file);
  g_autofree char *shown = g_filename_display_name (name);
  g_autofree char *body = g_strdup_printf (ngettext ("“%s” has %u sheet. Which one holds the "
                                                     "incidents or trade statistics?",
                                                     "“%s” has %u sheets. Which one holds the "
                                                     "incidents or trade statistics?",
                                                     candidate->names->len),
                                           shown, candidate->names->len);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (call->window), _("Choose a Sheet"), NULL);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkCheckButton *group = NULL;

  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  call->checks = g_ptr_array_new ();
  for (guint k = 0; k < candidate->names->len; k++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      /* Plain text: a sheet called "R&D" is no markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), candidate->names->pdata[k]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), candidate->previews->pdata[k]);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      if (group == NULL)
        {
          group = GTK_CHECK_BUTTON (check);
          gtk_check_button_set_active (group, TRUE);
        }
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (call->checks, check);
    }
  /* Room for about six sheets; more scroll. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* The next workbook to ask about, or the files on to the caller. */
static void
ask_next (PickCall *call)
{
  for (; call->next < call->candidates->len; call->next++)
    {
      Candidate *candidate = call->candidates->pdata[call->next];

      if (g_cancellable_is_cancelled (call->cancellable))
        break;
      if (candidate->names == NULL)
        {
          g_ptr_array_add (call->files, g_object_ref (candidate->file));
          continue;
        }
      call->dialog = sheet_dialog (call, candidate);
      g_signal_connect (call->dialog, "response", G_CALLBACK (on_response), call);
      gtk_window_present (GTK_WINDOW (call->dialog));
      return;
    }
  finish (call);
}

static void
on_looked_at (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PickCall *call = user_data;

  g_task_propagate_boolean (G_TASK (result), NULL);
  call->next = 0;
  ask_next (call);
}

static void
start (PickCall *call)
{
  g_autoptr(GTask) task = g_task_new (NULL, call->cancellable, on_looked_at, call);

  g_task_set_source_tag (task, ot_window_pick_sheets);
  g_task_set_task_data (task, g_ptr_array_ref (call->candidates), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, look_at_files);
}

void
ot_window_pick_sheets (OtWindow       *self,
                       GFile         **files,
                       guint           n_files,
                       OtSheetsPicked  then)
{
  PickCall *call;

  g_return_if_fail (then != NULL);

  call = g_new0 (PickCall, 1);
  call->window = g_object_ref (self);
  call->candidates = g_ptr_array_new_with_free_func (candidate_free);
  call->files = g_ptr_array_new_with_free_func (g_object_unref);
  call->then = then;
  call->cancellable = g_cancellable_new ();
  for (guint i = 0; i < n_files; i++)
    {
      Candidate *candidate = g_new0 (Candidate, 1);

      candidate->file = g_object_ref (files[i]);
      g_ptr_array_add (call->candidates, candidate);
    }
  /* Loading from now on: Cancel stops it, tests wait for it. */
  if (self->load_cancellables == NULL)
    self->load_cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->load_cancellables, g_object_ref (call->cancellable));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", TRUE);
  /* One at a time, in the order opened: files load in that order. */
  g_queue_push_tail (&self->sheet_picks, call);
  if (g_queue_get_length (&self->sheet_picks) == 1)
    start (call);
}

GtkWindow *
ot_window_sheets_dialog (OtWindow *self)
{
  PickCall *call = g_queue_peek_head (&self->sheet_picks);

  return call != NULL && call->dialog != NULL ? GTK_WINDOW (call->dialog) : NULL;
}
