/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-application.h"
#include "ot-cli.h"
#include "ot-document.h"
#include "ot-loader.h"
#include "ot-store.h"
#include "ot-trade.h"

#include <glib/gi18n.h>

struct _OtApplication
{
  AdwApplication  parent_instance;

  OtCliOptions    options;
  GType           window_type;   /* what activate and open create */
  OtDocument     *document;  /* the open case; never NULL */
  GQueue          merges;    /* of GTask (loads): the head merging in a
                              * worker, the rest waiting for it */
  struct _Prefetch *prefetch; /* the command line's files, read early */
};

G_DEFINE_FINAL_TYPE (OtApplication, ot_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
ot_load_report_free (OtLoadReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

OtDataset *
ot_application_get_dataset (OtApplication *self)
{
  g_return_val_if_fail (OT_IS_APPLICATION (self), NULL);

  return ot_document_get_dataset (self->document);
}

OtDocument *
ot_application_get_document (OtApplication *self)
{
  g_return_val_if_fail (OT_IS_APPLICATION (self), NULL);

  return self->document;
}

/* A load's task data. */
typedef struct {
  guint      n_files;
  OtDataset *loaded;     /* the loader's result, until merged */
  OtDataset *base;       /* the open dataset it is merged into */
  gboolean   fresh;      /* the open case is empty and unedited: a new document */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->loaded);
  g_clear_object (&data->base);
  g_free (data);
}

/* What a merge gives back: the new dataset and the load's report.  Into
 * an empty document the loaded dataset is taken as it is (@fresh: a new
 * document); otherwise @merged is a version of the open dataset with the
 * new incidents after the @n_base it had (an import, undoable). */
typedef struct {
  OtDataset    *merged;
  OtDataset    *base;       /* what @merged is a version of */
  gboolean      fresh;
  guint         n_base;
  OtTradeTable *trade;      /* the trade statistics loaded, or NULL */
  OtLoadReport *report;
  GPtrArray    *merges;     /* GStrv: a company's name, then its other names
                             * (an FtM file's aliases), for an import */
} Merged;

static void
merged_free (Merged *merged)
{
  g_clear_pointer (&merged->merges, g_ptr_array_unref);
  g_clear_object (&merged->merged);
  g_clear_object (&merged->base);
  g_clear_pointer (&merged->trade, ot_trade_table_unref);
  ot_load_report_free (merged->report);
  g_free (merged);
}

static void ot_application_start_merge (OtApplication *self);

/* What an import is called in the Undo menu: "Import of 250 incidents",
 * "Import of trade statistics (133 rows)", or both. */
static char *
import_label (guint n_incidents,
              guint n_trade)
{
  g_autofree char *trade = NULL;

  if (n_trade == 0)
    /* TRANSLATORS: an Undo menu item: "Undo Import of 250 incidents" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import of %u incident", "Import of %u incidents",
                                         n_incidents), n_incidents);
  /* TRANSLATORS: an Undo menu item: "Undo Import of trade statistics
   * (133 rows)" */
  trade = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "trade statistics (%'u row)",
                                        "trade statistics (%'u rows)", n_trade), n_trade);
  if (n_incidents == 0)
    /* TRANSLATORS: an Undo menu item; %s: "trade statistics (133 rows)" */
    return g_strdup_printf (_("Import of %s"), trade);
  /* TRANSLATORS: an Undo menu item; %s: "trade statistics (133 rows)":
   * "Undo Import of 5 incidents and trade statistics (133 rows)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import of %u incident and %s",
                                       "Import of %u incidents and %s", n_incidents),
                          n_incidents, trade);
}

/* A load into an open case: one undoable command adding the incidents the
 * merge appended (those whose id the case got meanwhile are left out) and
 * the trade statistics loaded (issue 18: undo takes them out again). */
static void
ot_application_import (OtApplication *self,
                       Merged        *merged,
                       OtLoadReport  *report)
{
  OtDataset *open = ot_document_get_dataset (self->document);
  guint n = ot_dataset_get_n_incidents (merged->merged);
  g_autoptr(GArray) added = g_array_sized_new (FALSE, FALSE, sizeof (OtIncident), n - merged->n_base);
  g_autoptr(OtTradeTable) trade = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  label = import_label (n - merged->n_base, report->n_trade);
  if (ot_document_import_version (self->document, merged->base, merged->merged, label))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
      return;
    }
  /* The case changed while the files loaded: the new ids only, copied,
   * and the statistics joined to the case's as they are now. */
  g_clear_pointer (&label, g_free);
  for (guint i = merged->n_base; i < n; i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (merged->merged, i);

      if (ot_dataset_find (open, incident->id) < 0)
        g_array_append_val (added, *incident);
    }
  report->n_added = added->len;
  if (merged->trade != NULL && ot_dataset_get_trade (open) != NULL)
    {
      trade = ot_trade_table_new ();
      ot_trade_table_absorb (trade, ot_dataset_get_trade (open));
      ot_trade_table_absorb (trade, merged->trade);
    }
  else if (merged->trade != NULL)
    trade = ot_trade_table_ref (merged->trade);
  if (added->len == 0 && trade == NULL)
    return;
  label = import_label (added->len, report->n_trade);
  if (!ot_document_import (self->document, label, (const OtIncident *) added->data, added->len, trade,
                           &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

/* A loaded file's companies known by several names (an FtM file's
 * aliases, docs/ftm.md): one GStrv each, the name first. */
static GPtrArray *
alias_merges (OtDataset *loaded)
{
  g_autoptr(GPtrArray) keys = ot_dataset_get_alias_keys (loaded);
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merges = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GHashTableIter iter;
  gpointer name, group;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *entity = ot_dataset_resolve_company (loaded, keys->pdata[i]);
      GPtrArray *members = g_hash_table_lookup (groups, entity);

      if (members == NULL)
        {
          members = g_ptr_array_new ();
          g_ptr_array_add (members, g_strdup (entity));
          g_hash_table_insert (groups, (gpointer) entity, members);
        }
      g_ptr_array_add (members, g_strdup (keys->pdata[i]));
    }
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &name, &group))
    {
      g_ptr_array_add (group, NULL);
      g_ptr_array_add (merges, g_ptr_array_free (group, FALSE));
    }
  return merges;
}

/* An import's companies merged as the file merges them, a command each
 * after the import's ("Merge of 2 companies"). */
static void
ot_application_merge_aliases (OtApplication *self,
                              GPtrArray     *merges,
                              OtLoadReport  *report)
{
  for (guint i = 0; merges != NULL && i < merges->len; i++)
    {
      char **group = merges->pdata[i];
      g_autoptr(GError) error = NULL;

      if (!ot_document_merge_companies (self->document, (const char *const *) group + 1,
                                        g_strv_length (group + 1), group[0], &error))
        g_ptr_array_add (report->problems,
                         /* TRANSLATORS: %s is a company's name; the second %s why its
                          * other names could not be merged into it. */
                         ot_problem_new (NULL, 0, NULL, OT_SEVERITY_WARNING,
                                         _("The names of “%s” were not merged: %s"), group[0],
                                         error->message));
    }
  if (merges != NULL && merges->len > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

/* The worker: into an empty document the loaded dataset goes as it is;
 * otherwise the loaded incidents are copied into a version of the open
 * dataset (its strings interned in the open dataset's storage, under its
 * lock), so the main thread only records the import.  Both inputs are
 * immutable; the version is nobody else's until published. */
static void
merge_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoadData *data = task_data;
  Merged *result = g_new0 (Merged, 1);
  GPtrArray *problems;
  guint old_problems;

  result->n_base = ot_dataset_get_n_incidents (data->base);
  /* A case opens as a new document: its history and tables are its own. */
  result->fresh = data->fresh || ot_dataset_has_case_tables (data->loaded);
  if (result->fresh)
    {
      result->merged = g_object_ref (data->loaded);
      old_problems = 0;
    }
  else
    {
      result->merged = ot_dataset_new_version (data->base);
      result->base = g_object_ref (data->base);
      old_problems = ot_dataset_get_problems (result->merged)->len;
      ot_dataset_merge (result->merged, data->loaded);
      if (ot_dataset_has_aliases (data->loaded))
        result->merges = alias_merges (data->loaded);
    }
  result->report = g_new0 (OtLoadReport, 1);
  if (ot_dataset_get_trade (data->loaded) != NULL)
    {
      result->trade = ot_trade_table_ref (ot_dataset_get_trade (data->loaded));
      result->report->n_trade = ot_trade_table_get_n_rows (result->trade);
    }
  /* The loader's copy goes here too, not on the main thread. */
  g_clear_object (&data->loaded);

  result->report->n_files = data->n_files;
  result->report->n_added = ot_dataset_get_n_incidents (result->merged) - result->n_base;
  result->report->n_skipped = ot_dataset_get_n_rejected (result->merged) -
                              (result->fresh ? 0 : ot_dataset_get_n_rejected (data->base));
  result->report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_problem_free);
  problems = ot_dataset_get_problems (result->merged);
  for (guint i = old_problems; i < problems->len; i++)
    g_ptr_array_add (result->report->problems, ot_problem_copy (g_ptr_array_index (problems, i)));
  g_task_return_pointer (task, result, (GDestroyNotify) merged_free);
}

/* A merge landed: publish (swap the pointer, notify), answer the load,
 * start the next merge.  Merges run one at a time, each on the dataset the
 * one before published, so loads that overlap all land. */
static void
ot_application_merged (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  OtApplication *self = OT_APPLICATION (source);
  g_autoptr(GTask) load = g_queue_pop_head (&self->merges);
  Merged *merged = g_task_propagate_pointer (G_TASK (result), NULL);
  OtLoadReport *report;

  g_assert (load == user_data);
  if (g_task_return_error_if_cancelled (load))
    {
      merged_free (merged);
      ot_application_start_merge (self);
      return;
    }
  report = g_steal_pointer (&merged->report);
  if (merged->fresh)
    {
      g_set_object (&self->document, NULL);
      self->document = ot_document_new (merged->merged);
      report->new_document = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
    }
  else if (!merged->fresh && (report->n_added > 0 || report->n_trade > 0))
    {
      ot_application_import (self, merged, report);
      ot_application_merge_aliases (self, merged->merges, report);
    }
  merged_free (merged);
  g_task_return_pointer (load, report, (GDestroyNotify) ot_load_report_free);
  ot_application_start_merge (self);
}

static void
ot_application_start_merge (OtApplication *self)
{
  GTask *load;
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  while ((load = g_queue_peek_head (&self->merges)) != NULL && g_task_return_error_if_cancelled (load))
    g_object_unref (g_queue_pop_head (&self->merges));
  if (load == NULL)
    return;
  data = g_task_get_task_data (load);
  g_set_object (&data->base, ot_document_get_dataset (self->document));
  /* (Trade statistics alone are not empty: what loads next joins them.) */
  data->fresh = ot_dataset_get_n_incidents (data->base) == 0 &&
                ot_dataset_get_trade (data->base) == NULL &&
                ot_document_get_n_commands (self->document) == 0 &&
                !ot_document_can_redo (self->document);
  task = g_task_new (self, NULL, ot_application_merged, load);
  g_task_set_source_tag (task, ot_application_start_merge);
  g_task_set_task_data (task, data, NULL);   /* the load task owns it */
  g_task_run_in_thread (task, merge_thread);
}

/* A load's files are read (@loaded, or @error): on to the merges. */
static void
ot_application_read (GTask     *task,
                     OtDataset *loaded,
                     GError    *error)
{
  OtApplication *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);

  if (loaded == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  data->loaded = loaded;
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  g_queue_push_tail (&self->merges, task);
  if (self->merges.length == 1)
    ot_application_start_merge (self);
}

static void
ot_application_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GError *error = NULL;
  OtDataset *loaded = ot_loader_load_files_finish (result, &error);

  ot_application_read (user_data, loaded, error);
}

/* Files named on the command line --------------------------------------------
 *
 * The primary instance starts reading them in startup, before GTK's own
 * start-up and the window's construction (about 0.15 s of the first
 * chart at 1M incidents, issue 20); the window's load of the same files,
 * asked for through "open" as any other, takes that read over.  A load of
 * other files, or none by shutdown, drops it. */

typedef struct _Prefetch {
  gatomicrefcount  ref;       /* the application's, the loader's */
  OtApplication   *application;  /* until the read ends */
  GPtrArray       *files;     /* of GFile */
  GCancellable    *cancellable;
  gboolean         done;
  OtDataset       *loaded;    /* once done, until taken */
  GError          *error;
  double           fraction;  /* the last progress */
  GTask           *load;      /* the load that took it over */
  gulong           cancel_id; /* on the load's cancellable */
  OtLoadProgress   progress;  /* the load's */
  gpointer         progress_data;
} Prefetch;

static void
prefetch_unref (Prefetch *prefetch)
{
  if (!g_atomic_ref_count_dec (&prefetch->ref))
    return;
  g_ptr_array_unref (prefetch->files);
  g_clear_object (&prefetch->cancellable);
  g_clear_object (&prefetch->loaded);
  g_clear_error (&prefetch->error);
  g_free (prefetch);
}

/* Hands the read to the load that took it over, once both are there. */
static void
prefetch_deliver (OtApplication *self)
{
  Prefetch *prefetch = self->prefetch;
  GTask *load;

  if (prefetch == NULL || !prefetch->done || prefetch->load == NULL)
    return;
  self->prefetch = NULL;
  load = g_steal_pointer (&prefetch->load);
  if (prefetch->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (load), prefetch->cancel_id);
  ot_application_read (load, g_steal_pointer (&prefetch->loaded), g_steal_pointer (&prefetch->error));
  prefetch_unref (prefetch);
}

static void
prefetch_progress (double   fraction,
                   gpointer user_data)
{
  Prefetch *prefetch = user_data;

  prefetch->fraction = fraction;
  if (prefetch->progress != NULL)
    prefetch->progress (fraction, prefetch->progress_data);
}

static void
prefetch_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Prefetch *prefetch = user_data;
  g_autoptr(OtApplication) self = g_steal_pointer (&prefetch->application);

  prefetch->loaded = ot_loader_load_files_finish (result, &prefetch->error);
  prefetch->done = TRUE;
  if (self->prefetch == prefetch)
    prefetch_deliver (self);
  prefetch_unref (prefetch);
}

/* Whether @path is a file the window reads without asking first (a
 * workbook may ask which sheet). */
static gboolean
prefetchable (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return !g_str_has_suffix (lower, ".xlsx") && !g_str_has_suffix (lower, ".ods") &&
         g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
prefetch_start (OtApplication *self)
{
  Prefetch *prefetch;

  if (self->options.files == NULL)
    return;
  prefetch = g_new0 (Prefetch, 1);
  g_atomic_ref_count_init (&prefetch->ref);
  prefetch->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->options.files[i] != NULL; i++)
    {
      const char *arg = self->options.files[i];
      g_autoptr(GFile) file = NULL;
      g_autofree char *path = NULL;

      if (ot_store_is_address (arg))
        continue;
      file = g_file_new_for_commandline_arg (arg);
      path = g_file_get_path (file);
      if (path == NULL || !prefetchable (path))
        {
          prefetch_unref (prefetch);
          return;
        }
      g_ptr_array_add (prefetch->files, g_steal_pointer (&file));
    }
  if (prefetch->files->len == 0)
    {
      prefetch_unref (prefetch);
      return;
    }
  prefetch->cancellable = g_cancellable_new ();
  prefetch->application = g_object_ref (self);
  self->prefetch = prefetch;
  /* A second reference for the read's end. */
  g_atomic_ref_count_inc (&prefetch->ref);
  ot_loader_load_files_async ((GFile **) prefetch->files->pdata, prefetch->files->len, prefetch->cancellable,
                              prefetch_progress, prefetch, prefetch_read, prefetch);
}

/* A load other than the command line's, or none by shutdown: the early
 * read is not wanted.  (Taken over, it is the load's: cancelled only.) */
static void
prefetch_drop (OtApplication *self)
{
  Prefetch *prefetch = self->prefetch;

  if (prefetch == NULL)
    return;
  g_cancellable_cancel (prefetch->cancellable);
  if (prefetch->load != NULL)
    return;
  g_debug ("The read of the command line's files is not wanted: cancelled");
  self->prefetch = NULL;
  prefetch_unref (prefetch);
}

static void
forward_cancel (GCancellable *cancellable,
                GCancellable *prefetch)
{
  g_cancellable_cancel (prefetch);
}

/* @load takes the early read over when its files are the command line's. */
static gboolean
prefetch_adopt (OtApplication   *self,
                GFile          **files,
                guint            n_files,
                GTask           *load,
                OtLoadProgress   progress,
                gpointer         progress_data)
{
  Prefetch *prefetch = self->prefetch;
  GCancellable *cancellable = g_task_get_cancellable (load);

  if (prefetch == NULL || prefetch->load != NULL)
    return FALSE;
  if (prefetch->files->len != n_files)
    {
      prefetch_drop (self);
      return FALSE;
    }
  for (guint i = 0; i < n_files; i++)
    if (!g_file_equal (files[i], prefetch->files->pdata[i]))
      {
        prefetch_drop (self);
        return FALSE;
      }

  g_debug ("A load takes over the read of the command line's %u files", n_files);
  prefetch->load = load;
  prefetch->progress = progress;
  prefetch->progress_data = progress_data;
  if (cancellable != NULL)
    prefetch->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel),
                                                 g_object_ref (prefetch->cancellable), g_object_unref);
  if (progress != NULL && prefetch->fraction > 0)
    progress (prefetch->fraction, progress_data);
  prefetch_deliver (self);
  return TRUE;
}

void
ot_application_load_async (OtApplication       *self,
                           GFile              **files,
                           guint                n_files,
                           GCancellable        *cancellable,
                           OtLoadProgress       progress,
                           gpointer             progress_data,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  LoadData *data;
  GtkRecentManager *recent = gtk_recent_manager_get_default ();

  g_return_if_fail (OT_IS_APPLICATION (self));
  g_return_if_fail (files != NULL || n_files == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ot_application_load_async);
  data = g_new0 (LoadData, 1);
  data->n_files = n_files;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      gtk_recent_manager_add_item (recent, uri);
    }
  if (prefetch_adopt (self, files, n_files, task, progress, progress_data))
    return;
  ot_loader_load_files_async (files, n_files, cancellable, progress, progress_data,
                              ot_application_loaded, task);
}

OtLoadReport *
ot_application_load_finish (OtApplication  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (OT_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The application knows its windows only as GtkApplicationWindows: it
 * creates one of the type it was given, which follows "dataset" itself,
 * and asks it to load through its "win.open-uris" action.  No call goes
 * from here to the window's code (docs/architecture.md, "Layering"). */
static GtkWindow *
ot_application_get_or_create_window (OtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = g_object_new (self->window_type, "application", self, NULL);
  return window;
}

static void
ot_application_activate (GApplication *app)
{
  gtk_window_present (ot_application_get_or_create_window (OT_APPLICATION (app)));
}

static void
ot_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GtkWindow *window = ot_application_get_or_create_window (OT_APPLICATION (app));
  g_autoptr(GStrvBuilder) uris = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      g_strv_builder_add (uris, uri);
    }
  strv = g_strv_builder_end (uris);
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.open-uris",
                                      g_variant_new_strv ((const char * const *) strv, -1));
  gtk_window_present (window);
}

/* A team store's address to open (issue 21): the window is asked through
 * its "win.open-store" action, as files through "win.open-uris". */
static void
ot_application_open_store_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  GtkWindow *window = ot_application_get_or_create_window (OT_APPLICATION (user_data));

  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.open-store", parameter);
  gtk_window_present (window);
}

void
ot_application_open_case (OtApplication *self,
                          OtDataset     *dataset)
{
  g_return_if_fail (OT_IS_APPLICATION (self));
  g_return_if_fail (OT_IS_DATASET (dataset));

  g_set_object (&self->document, NULL);
  self->document = ot_document_new (dataset);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

static int
ot_application_handle_local_options (GApplication *app,
                                     GVariantDict *dict)
{
  OtApplication *self = OT_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  if (ot_cli_wants_command (&self->options))
    return ot_cli_run (&self->options);

  if (self->options.files == NULL)
    return -1;

  /* Plain `oretrace FILE…`: open them in the (remote) instance. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Team stores' addresses (a postgresql:// URL, service=NAME) open as
   * stores; the rest are files. */
  files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->options.files[i] != NULL; i++)
    {
      const char *arg = self->options.files[i];

      if (ot_store_is_address (arg))
        g_action_group_activate_action (G_ACTION_GROUP (app), "open-store", g_variant_new_string (arg));
      else
        g_ptr_array_add (files, g_file_new_for_commandline_arg (arg));
    }
  if (files->len > 0)
    g_application_open (app, (GFile **) files->pdata, files->len, "");
  return 0;
}

static void
ot_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Oretrace developers", NULL };
  OtApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Oretrace"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Oretrace developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("See how controlled minerals are smuggled: the network behind the incidents"),
                         "website", "https://github.com/oretrace/oretrace",
                         "issue-url", "https://github.com/oretrace/oretrace/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Oretrace developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
ot_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows;

  /* Destroy the windows first so each one disposes (and lets go of its
   * settings) before the application shuts down. */
  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (windows->data);

  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { "about", ot_application_about_action },
  { "quit", ot_application_quit_action },
  { "open-store", ot_application_open_store_action, "s" },
};

static void
ot_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.open", { "<Control>o", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.save-case", { "<Control>s", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.save-case-as", { "<Control><Shift>s", NULL } },
    { "win.add-incident", { "<Control>n", NULL } },
    { "win.edit-incident", { "F2", NULL } },
    { "win.view('network')", { "<Control>1", NULL } },
    { "win.view('map')", { "<Control>2", NULL } },
    { "win.view('flow')", { "<Control>3", NULL } },
    { "win.toggle-projection", { "<Control>g", NULL } },
    { "win.toggle-filters", { "F9", NULL } },
    { "win.show-details", { "<Shift>F9", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.toggle-table", { "<Control>t", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-fit", { "<Control>0", NULL } },
    { "win.relayout", { "<Control>r", NULL } },
    { "win.more-detail", { "<Control>bracketright", NULL } },
    { "win.less-detail", { "<Control>bracketleft", NULL } },
  };

  /* Before GTK's start-up: the command line's files are read meanwhile. */
  prefetch_start (OT_APPLICATION (app));
  G_APPLICATION_CLASS (ot_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
ot_application_shutdown (GApplication *app)
{
  prefetch_drop (OT_APPLICATION (app));
  G_APPLICATION_CLASS (ot_application_parent_class)->shutdown (app);
}

static void
ot_application_finalize (GObject *object)
{
  OtApplication *self = OT_APPLICATION (object);

  ot_cli_options_clear (&self->options);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (ot_application_parent_class)->finalize (object);
}

static void
ot_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OtApplication *self = OT_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, ot_document_get_dataset (self->document));
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_application_class_init (OtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ot_application_finalize;
  object_class->get_property = ot_application_get_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, OT_TYPE_DATASET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, OT_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  app_class->activate = ot_application_activate;
  app_class->open = ot_application_open;
  app_class->startup = ot_application_startup;
  app_class->shutdown = ot_application_shutdown;
  app_class->handle_local_options = ot_application_handle_local_options;
}

static void
ot_application_init (OtApplication *self)
{
  g_autofree GOptionEntry *entries = ot_cli_option_entries (&self->options);

  self->document = ot_document_new (NULL);

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  /* The file operands are described by the G_OPTION_REMAINING entry. */
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open incident files (CSV, JSON, JSON Lines, FollowTheMoney entities; XLSX or ODS: the first sheet, or FILE.xlsx#SHEET) or Oretrace cases (.oretrace) and see the smuggling network behind them."));
}

OtApplication *
ot_application_new (GType window_type)
{
  OtApplication *self;

  g_return_val_if_fail (g_type_is_a (window_type, GTK_TYPE_APPLICATION_WINDOW), NULL);

  self = g_object_new (OT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
  self->window_type = window_type;
  return self;
}
