/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-case.c: Save Case and Save Case As (issue 17).  The dataset is
 * immutable, so a worker thread writes it with ot_case_save () while the
 * window goes on; the store replaces the file atomically, so a failed save
 * leaves the old case as it was.  The window remembers the case it last
 * saved or opened: Save writes there, and the title shows its name.  A
 * case opened alone into an empty window puts its "Last view" back on
 * screen (ot-window-views.c). */
#include "ot-window-private.h"
#include "ot-case.h"
#include "ot-toast.h"

#include <glib/gi18n.h>

#define CASE_SUFFIX ".oretrace"

typedef struct {
  OtDataset    *dataset;
  OtCaseTables *tables;     /* the document's aliases, pins, notes, views */
  OtDocument   *document;
  guint64       revision;   /* the document's state written */
  char         *path;
  guint         n_incidents;
  guint         changes;    /* the window's count of changes when asked */
} SaveCall;

static void
save_call_free (SaveCall *call)
{
  g_object_unref (call->dataset);
  g_object_unref (call->document);
  ot_case_tables_free (call->tables);
  g_free (call->path);
  g_free (call);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveCall *call = task_data;
  GError *error = NULL;

  if (ot_case_save (call->dataset, call->tables, call->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The window's title: the case's name when one is open, with a "•" in
 * front while it has unsaved changes; a recovered case says so until it
 * is saved. */
void
ot_window_update_title (OtWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  gboolean dirty = self->document != NULL && ot_document_is_dirty (self->document);

  if (self->store_name != NULL)
    {
      /* Translators: the window title of a team store's case,
       * "alice@db.example.org/smuggling — Oretrace" */
      title = g_strdup_printf (_("%s — Oretrace"), self->store_name);
      gtk_window_set_title (GTK_WINDOW (self), title);
      return;
    }
  if (self->case_path == NULL && self->recovered_name != NULL)
    {
      name = ot_window_dup_case_name (self);
      /* Translators: the window title of a case recovered after a crash */
      title = g_strdup_printf (_("%s (Recovered) — Oretrace"), name);
      gtk_window_set_title (GTK_WINDOW (self), title);
      return;
    }
  if (self->case_path == NULL)
    {
      /* Translators: the window title of an unsaved, edited case */
      gtk_window_set_title (GTK_WINDOW (self), dirty ? _("• Unsaved case — Oretrace") : _("Oretrace"));
      return;
    }
  name = g_filename_display_basename (self->case_path);
  /* Translators: the window title, "Smuggling 2024.oretrace — Oretrace";
   * the second, with unsaved changes */
  title = g_strdup_printf (dirty ? _("• %s — Oretrace") : _("%s — Oretrace"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
ot_window_set_case_path (OtWindow   *self,
                         const char *path)
{
  if (g_strcmp0 (self->case_path, path) == 0)
    return;
  g_free (self->case_path);
  self->case_path = g_strdup (path);
  if (path != NULL)
    g_clear_pointer (&self->recovered_name, g_free);
  ot_window_update_title (self);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  OtWindow *self = (OtWindow *) source;   /* no call up into ot-window.c */
  SaveCall *call = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (call->path);
  g_autofree char *text = NULL;

  self->n_saving--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_debug ("Could not save %s: %s", call->path, error->message);
      self->close_after_save = FALSE;
      text = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
      if (self->toast_overlay != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
      return;
    }
  ot_window_set_case_path (self, call->path);
  ot_document_mark_saved (call->document, call->revision);
  /* Saved as it is now: no recovery copy is needed any more. */
  if (call->document == self->document && call->changes == self->changes)
    ot_window_autosave_clean (self);
  if (self->close_after_save && !ot_document_is_dirty (call->document))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  text = g_strdup_printf (ngettext ("Saved “%s” (%'u incident)", "Saved “%s” (%'u incidents)",
                                    call->n_incidents),
                          name, call->n_incidents);
  if (self->toast_overlay != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
}

/* The case Save writes to: the one last saved, else the only file loaded
 * when it is a case; NULL: ask (Save As). */
static const char *
save_target (OtWindow *self)
{
  OtDataset *dataset = ot_workspace_get_dataset (self->workspace);
  const char * const *files;

  if (self->case_path != NULL)
    return self->case_path;
  /* A recovered case is no file of the user's yet (its one file is the
   * recovery copy): ask. */
  if (dataset == NULL || self->recovered_name != NULL)
    return NULL;
  files = ot_dataset_get_files (dataset);
  if (files != NULL && files[0] != NULL && files[1] == NULL && g_str_has_suffix (files[0], CASE_SUFFIX))
    return files[0];
  return NULL;
}

void
ot_window_save_case_to (OtWindow   *self,
                        const char *path)
{
  OtDataset *dataset;
  g_autoptr(GTask) task = NULL;
  SaveCall *call;

  if (self->document == NULL)
    return;
  dataset = ot_document_get_dataset (self->document);
  if (ot_dataset_get_n_incidents (dataset) == 0 && !ot_document_is_dirty (self->document))
    return;
  call = g_new0 (SaveCall, 1);
  call->dataset = g_object_ref (dataset);
  call->document = g_object_ref (self->document);
  call->revision = ot_document_get_revision (self->document);
  /* The document's tables, and the screen as "Last view". */
  call->tables = ot_window_views_for_save (self);
  call->path = g_strdup (path);
  call->n_incidents = ot_dataset_get_n_incidents (dataset);
  call->changes = self->changes;
  task = g_task_new (self, NULL, on_saved, NULL);
  g_task_set_source_tag (task, ot_window_save_case_to);
  g_task_set_task_data (task, call, (GDestroyNotify) save_call_free);
  self->n_saving++;
  g_task_run_in_thread (task, save_thread);
}

static void
on_save_as_response (GtkNativeDialog *dialog,
                     int              response,
                     OtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL && !g_str_has_suffix (path, CASE_SUFFIX))
        {
          char *with_suffix = g_strconcat (path, CASE_SUFFIX, NULL);

          g_free (path);
          path = with_suffix;
        }
      if (path != NULL)
        ot_window_save_case_to (self, path);
    }
  else
    self->close_after_save = FALSE;   /* closing waits for no save now */
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
ot_window_save_case_as (OtWindow *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *suggested = NULL;

  dialog = gtk_file_chooser_native_new (_("Save Case"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Oretrace cases (*.oretrace)"));
  gtk_file_filter_add_suffix (filter, "oretrace");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (self->case_path != NULL)
    suggested = g_filename_display_basename (self->case_path);
  else if (self->recovered_name != NULL && g_str_has_suffix (self->recovered_name, CASE_SUFFIX))
    suggested = g_strdup (self->recovered_name);
  else
    /* Translators: the file name Save Case As suggests */
    suggested = g_strconcat (_("Untitled case"), CASE_SUFFIX, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_as_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
ot_window_save_case (OtWindow *self)
{
  const char *target = save_target (self);

  if (target == NULL)
    ot_window_save_case_as (self);
  else
    {
      g_autofree char *path = g_strdup (target);

      ot_window_save_case_to (self, path);
    }
}

/* The workspace took a new dataset: the case being opened is on screen
 * (its document holds its saved views: "Last view" comes back) and saved,
 * unless it is a recovery copy; any other data is work not saved as a
 * case. */
static void
on_dataset (OtWindow    *self,
            GParamSpec  *pspec,
            OtWorkspace *workspace)
{
  OtDataset *dataset = ot_workspace_get_dataset (workspace);

  /* A team store's case is saved in the store. */
  if (dataset == NULL || ot_dataset_get_n_incidents (dataset) == 0 || self->store != NULL)
    return;
  if (self->restore_pending)
    {
      self->restore_pending = FALSE;
      ot_window_restore_last_view (self);
      if (!self->recovering)
        {
          ot_window_autosave_clean (self);
          return;
        }
      self->recovering = FALSE;
    }
  ot_window_mark_dirty (self);
}

/* A case is being loaded (ot-window-load.c): its last view comes back when
 * its incidents land.  A recovery copy is no case Save writes to: NULL
 * for it, else @path. */
const char *
ot_window_case_loading (OtWindow   *self,
                        const char *path)
{
  self->restore_pending = TRUE;
  if (!self->recovering)
    return path;
  ot_window_update_title (self);
  return NULL;
}

void
ot_window_case_init (OtWindow *self)
{
  g_signal_connect_object (self->workspace, "notify::dataset", G_CALLBACK (on_dataset), self,
                           G_CONNECT_SWAPPED);
}

/* The path of @files when it is one case file (opened, it becomes the
 * case Save writes to), else NULL. */
char *
ot_window_case_opening (OtWindow  *self,
                        GFile    **files,
                        guint      n_files)
{
  g_autofree char *path = NULL;

  if (n_files != 1)
    return NULL;
  path = g_file_get_path (files[0]);
  if (path != NULL && g_str_has_suffix (path, CASE_SUFFIX))
    return g_steal_pointer (&path);
  return NULL;
}

void
ot_window_case_finalize (OtWindow *self)
{
  g_clear_pointer (&self->case_path, g_free);
  g_clear_pointer (&self->recovered_name, g_free);
}
