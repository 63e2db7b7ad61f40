/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-reimport.c: Re-import File… (issue 17).  The analyst picks
 * the updated version of a file the case was made from; the loader reads
 * it in a worker, a second worker compares it with the case's incidents
 * (ot_reimport_diff ()), and a preview lists what would be added,
 * changed and removed.  Apply makes it one command of the document
 * ("Undo Re-import of incidents.csv"); Cancel changes nothing. */
#include "ot-window-private.h"
#include "ot-loader.h"
#include "ot-reimport.h"
#include "ot-reimport-dialog.h"
#include "ot-toast.h"

#include <glib/gi18n.h>

static void
toast (OtWindow   *self,
       const char *text)
{
  if (self->toast_overlay != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
}

static void
on_apply (OtReimportDialog *dialog,
          OtWindow         *self)
{
  OtReimport *diff = ot_reimport_dialog_get_diff (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->document == NULL || !ot_reimport_apply (diff, self->document, &error))
    {
      text = g_strdup_printf (_("Could not re-import: %s"),
                              error != NULL ? error->message : _("no case is open"));
      toast (self, text);
      return;
    }
  /* Translators: a toast after Apply, "Re-import of incidents.csv: 1 added · 1 changed · 1 removed" */
  text = g_strdup_printf (_("%s: %s"), ot_reimport_get_label (diff), ot_reimport_dialog_get_summary (dialog));
  toast (self, text);
}

static void
diff_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OtDataset **datasets = task_data;   /* the case's, the updated file's */
  GError *error = NULL;
  OtReimport *diff = ot_reimport_diff (datasets[0], datasets[1], cancellable, &error);

  if (diff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diff, (GDestroyNotify) ot_reimport_free);
}

static void
free_datasets (OtDataset **datasets)
{
  g_object_unref (datasets[0]);
  g_object_unref (datasets[1]);
  g_free (datasets);
}

static void
end_reimport (OtWindow *self)
{
  g_clear_object (&self->reimport_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reimport",
                                 self->document != NULL &&
                                 ot_dataset_get_n_incidents (ot_document_get_dataset (self->document)) > 0);
}

static void
on_diffed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OtWindow *self = (OtWindow *) source;   /* no call up into ot-window.c */
  g_autoptr(GError) error = NULL;
  OtReimport *diff = g_task_propagate_pointer (G_TASK (result), &error);
  OtReimportDialog *dialog;

  end_reimport (self);
  if (diff == NULL)
    return;   /* cancelled: the window is closing */
  dialog = ot_reimport_dialog_new (GTK_WINDOW (self), diff);
  g_signal_connect_object (dialog, "apply", G_CALLBACK (on_apply), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OtWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) updated = ot_loader_load_files_finish (result, &error);
  g_autoptr(GTask) task = NULL;
  OtDataset **datasets;

  if (updated == NULL || self->document == NULL || g_cancellable_is_cancelled (self->reimport_cancellable))
    {
      end_reimport (self);
      g_object_unref (self);
      return;
    }
  datasets = g_new (OtDataset *, 2);
  datasets[0] = g_object_ref (ot_document_get_dataset (self->document));
  datasets[1] = g_steal_pointer (&updated);
  task = g_task_new (self, self->reimport_cancellable, on_diffed, NULL);
  g_task_set_source_tag (task, on_loaded);
  g_task_set_task_data (task, datasets, (GDestroyNotify) free_datasets);
  g_task_run_in_thread (task, diff_thread);
  g_object_unref (self);
}

/* Re-imports @file into the window's case: load, compare, preview. */
void
ot_window_reimport_file (OtWindow *self,
                         GFile    *file)
{
  g_return_if_fail (G_IS_FILE (file));

  if (self->reimport_cancellable != NULL || self->document == NULL)
    return;
  self->reimport_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reimport", FALSE);
  ot_loader_load_files_async (&file, 1, self->reimport_cancellable, NULL, NULL, on_loaded,
                              g_object_ref (self));
}

static void
on_chosen (GtkNativeDialog *dialog,
           int              response,
           OtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        ot_window_reimport_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

/* A file the case was read from, to offer first: the dataset's files
 * (a case file is not one), else the files its incidents name; only one
 * that exists. */
static GFile *
known_source (OtDataset *dataset)
{
  const char * const *files = ot_dataset_get_files (dataset);
  guint n = ot_dataset_get_n_incidents (dataset);
  const char *last = NULL;

  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    if (!g_str_has_suffix (files[i], ".oretrace"))
      {
        g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);

        if (g_file_query_exists (file, NULL))
          return g_steal_pointer (&file);
      }
  for (guint i = 0; i < n; i++)
    {
      const char *name = ot_dataset_get_incident (dataset, i)->file;
      g_autoptr(GFile) file = NULL;

      if (name == NULL || name == last)
        continue;
      last = name;
      file = g_file_new_for_commandline_arg (name);
      if (g_file_query_exists (file, NULL))
        return g_steal_pointer (&file);
    }
  return NULL;
}

void
ot_window_reimport (OtWindow *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) source = NULL;
  OtDataset *dataset;

  if (self->document == NULL)
    return;
  dataset = ot_document_get_dataset (self->document);
  if (ot_dataset_get_n_incidents (dataset) == 0)
    {
      toast (self, _("Open a case or incident files first: a re-import updates their incidents"));
      return;
    }
  dialog = gtk_file_chooser_native_new (_("Re-import File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Re-import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Incident files (CSV, JSON, JSON Lines, XLSX, ODS)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_suffix (filter, "jsonl");
  gtk_file_filter_add_suffix (filter, "ndjson");
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_filter_add_suffix (filter, "ods");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  source = known_source (dataset);
  if (source != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), source, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
ot_window_reimport_dispose (OtWindow *self)
{
  if (self->reimport_cancellable != NULL)
    g_cancellable_cancel (self->reimport_cancellable);
}
