/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-load.c: loading as the user sees it: a progress bar for loads
 * that take a while, Cancel, a toast with the counts, the problems list,
 * and the recent files menu. */
#include "ot-window-private.h"
#include "ot-toast.h"
#include "ot-loader.h"
#include "ot-problems-dialog.h"

#include <glib/gi18n.h>

#define PROGRESS_DELAY_MS 300
#define MAX_RECENT        10
#define MAX_RECENT_ON_PAGE 4

static gboolean
reveal_progress (gpointer data)
{
  OtWindow *self = data;

  self->progress_timeout = 0;
  gtk_label_set_text (self->progress_label, _("Loading incidents…"));
  gtk_widget_set_visible (self->progress_cancel, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_progress (double   fraction,
             gpointer data)
{
  OtWindow *self = data;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
ot_window_loading_done (OtWindow *self)
{
  g_assert (self->n_loading > 0);

  if (--self->n_loading > 0)
    return;
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  /* (Files whose workbook's sheet is being picked can still be cancelled.) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load",
                                 !g_queue_is_empty (&self->sheet_picks));
}

static char *
report_text (const OtLoadReport *report)
{
  g_autofree char *loaded = NULL;
  g_autofree char *skipped = NULL;

  loaded = g_strdup_printf (ngettext ("%'u incident loaded", "%'u incidents loaded", report->n_added),
                            report->n_added);
  /* Trade statistics: their rows, after the incidents when there are
   * any, alone when there are none. */
  if (report->n_trade > 0)
    {
      g_autofree char *trade = g_strdup_printf (ngettext ("%'u trade row loaded", "%'u trade rows loaded",
                                                          report->n_trade), report->n_trade);
      char *both = report->n_added > 0 ? g_strdup_printf (_("%s, %s"), loaded, trade) : g_steal_pointer (&trade);

      g_free (loaded);
      loaded = both;
    }
  if (report->n_skipped == 0)
    return g_steal_pointer (&loaded);
  skipped = g_strdup_printf (ngettext ("%'u row skipped", "%'u rows skipped", report->n_skipped),
                             report->n_skipped);
  /* Translators: "12 incidents loaded, 3 rows skipped" */
  return g_strdup_printf (_("%s, %s"), loaded, skipped);
}

/* One load: its own GCancellable, so that Cancel stops only the loads
 * running when it is pressed (a file opened just after it used to share,
 * and lose, the cancelled one). */
typedef struct {
  OtWindow     *window;
  GCancellable *cancellable;
  char         *case_path;   /* a lone case file opened, or NULL */
} LoadCall;

static void
load_call_free (LoadCall *call)
{
  g_object_unref (call->window);
  g_object_unref (call->cancellable);
  g_free (call->case_path);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadCall, load_call_free)

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LoadCall) call = user_data;
  OtWindow *self = call->window;
  g_autoptr(OtLoadReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  report = ot_application_load_finish (OT_APPLICATION (source), result, &error);
  if (self->toast_overlay == NULL)   /* the window was closed meanwhile */
    return;
  if (self->load_cancellables != NULL)
    g_ptr_array_remove_fast (self->load_cancellables, call->cancellable);
  ot_window_loading_done (self);
  if (report == NULL)
    {
      self->restore_pending = FALSE;   /* no case came to restore */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Loading cancelled; nothing was changed"));
      else
        text = g_strdup_printf (_("Could not load: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
      return;
    }

  /* A new document: its case file, if it is one, is what Save writes. */
  if (report->new_document)
    ot_window_set_case_path (self, call->case_path);

  g_clear_pointer (&self->last_problems, g_ptr_array_unref);
  self->last_problems = g_steal_pointer (&report->problems);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-problems", self->last_problems->len > 0);

  text = report_text (report);
  g_debug ("Load of %u files: %s, %u problems", report->n_files, text, self->last_problems->len);
  toast = ot_toast_new_text (text);
  adw_toast_set_timeout (toast, self->last_problems->len > 0 ? 8 : 4);
  if (self->last_problems->len > 0)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "win.show-problems");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void load_files (OtWindow *self, GFile **files, guint n_files);

typedef struct {
  OtWindow  *window;
  GPtrArray *files;   /* of GFile */
} OpenCall;

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     OpenCall         *call)
{
  if (g_strcmp0 (response, "discard") == 0)
    load_files (call->window, (GFile **) call->files->pdata, call->files->len);
  g_object_unref (call->window);
  g_ptr_array_unref (call->files);
  g_free (call);
}

/* Opening a case replaces the open one: unsaved changes are not lost
 * without asking (their recovery copy goes once the new case is open). */
static void
load_picked (OtWindow  *self,
             GFile    **files,
             guint      n_files)
{
  g_autofree char *case_path = ot_window_case_opening (self, files, n_files);
  GtkWidget *dialog;
  OpenCall *call;

  if (case_path == NULL || self->document == NULL || !ot_document_is_dirty (self->document))
    {
      load_files (self, files, n_files);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard Unsaved Changes?"),
                                   _("Opening another case replaces the open one, whose changes are not saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard and Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  call = g_new0 (OpenCall, 1);
  call->window = g_object_ref (self);
  call->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (call->files, g_object_ref (files[i]));
  g_signal_connect (dialog, "response", G_CALLBACK (on_discard_response), call);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A workbook of several sheets asks which one first. */
void
ot_window_load_files (OtWindow  *self,
                      GFile    **files,
                      guint      n_files)
{
  ot_window_pick_sheets (self, files, n_files, load_picked);
}

static void
load_files (OtWindow  *self,
            GFile    **files,
            guint      n_files)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  LoadCall *call;

  if (n_files == 0 || !OT_IS_APPLICATION (app))
    return;
  if (self->n_loading++ == 0)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      self->progress_timeout = g_timeout_add (PROGRESS_DELAY_MS, reveal_progress, self);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", TRUE);
    }
  if (self->load_cancellables == NULL)
    self->load_cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  call = g_new0 (LoadCall, 1);
  call->window = g_object_ref (self);
  call->cancellable = g_cancellable_new ();
  call->case_path = ot_window_case_opening (self, files, n_files);
  if (call->case_path != NULL &&
      ot_window_case_loading (self, call->case_path) == NULL)
    g_clear_pointer (&call->case_path, g_free);   /* a recovery copy */
  g_ptr_array_add (self->load_cancellables, g_object_ref (call->cancellable));
  ot_application_load_async (OT_APPLICATION (app), files, n_files, call->cancellable,
                             on_progress, self, on_loaded, call);
}

/* Cancels the loads running now; a file opened afterwards loads. */
void
ot_window_cancel_load (OtWindow *self)
{
  /* Taken whole: loads opened from now on get a new list. */
  g_autoptr(GPtrArray) running = g_steal_pointer (&self->load_cancellables);

  for (guint i = 0; running != NULL && i < running->len; i++)
    g_cancellable_cancel (running->pdata[i]);
}

void
ot_window_show_problems (OtWindow *self)
{
  OtProblemsDialog *dialog;

  if (self->last_problems == NULL || self->last_problems->len == 0)
    return;
  dialog = ot_problems_dialog_new (GTK_WINDOW (self), self->last_problems);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Recent files ------------------------------------------------------------ */

/* The recent files the window opens: incidents (FollowTheMoney entities
 * too), workbooks (a sheet of one: FILE#SHEET, its file's name), cases and
 * trade statistics (docs/trade-statistics.md). */
static gboolean
is_incident_file (const char *path)
{
  static const char *suffixes[] = { ".csv", ".json", ".jsonl", ".ndjson", ".ijson", ".xlsx", ".ods",
                                    ".oretrace", ".tsv", ".txt", ".dat", ".gz", ".7z" };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

/* A local file that exists and is one of ours; a sheet of a workbook
 * (FILE#SHEET) when its workbook is. */
static gboolean
recent_is_ours (const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *workbook = NULL, *sheet = NULL;

  if (path == NULL)
    return FALSE;
  if (ot_loader_split_sheet (path, &workbook, &sheet))
    return is_incident_file (workbook);
  return is_incident_file (path) && g_file_test (path, G_FILE_TEST_EXISTS);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified ((GtkRecentInfo *) a);
  GDateTime *tb = gtk_recent_info_get_modified ((GtkRecentInfo *) b);

  return g_date_time_compare (tb, ta);
}

/* A row of the empty page's recent list: the file, its folder, opens it. */
static GtkWidget *
recent_row (GtkRecentInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : NULL;

  /* Plain text before the text: a title set while the row still parses
   * markup logs a warning for "R&D.csv" (and shows nothing until then). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
  if (folder != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", gtk_recent_info_get_uri (info));
  return row;
}

static void
rebuild_recent_menu (OtWindow         *self,
                     GtkRecentManager *manager)
{
  GList *items = gtk_recent_manager_get_items (manager);
  GtkWidget *child;
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  items = g_list_sort (items, compare_recent);
  for (GList *l = items; l != NULL && n < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GMenuItem) item = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *label = NULL;

      if (!gtk_recent_info_is_local (info) || !recent_is_ours (uri))
        continue;
      /* Menu labels take "_" as a mnemonic: "R_D.csv" must not read "RD.csv". */
      parts = g_strsplit (gtk_recent_info_get_display_name (info), "_", -1);
      label = g_strjoinv ("__", parts);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_menu, item);
      if (n < MAX_RECENT_ON_PAGE)
        gtk_list_box_append (self->recent_list, recent_row (info));
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), n > 0);

  if (n == 0)
    g_menu_append (self->recent_menu, _("No Recent Files"), "win.no-recent");
}

void
ot_window_init_recent (OtWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();

  g_signal_connect_object (manager, "changed", G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self, manager);
}

void
ot_window_load_finalize (OtWindow *self)
{
  ot_window_cancel_load (self);
  g_clear_pointer (&self->load_cancellables, g_ptr_array_unref);
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  g_clear_pointer (&self->last_problems, g_ptr_array_unref);
}
