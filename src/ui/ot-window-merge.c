/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-merge.c: merging companies from the window (issue 17,
 * docs/aliases.md "In the window").  Merge Companies… (win.merge-companies)
 * opens the list of the case's companies to tick, the company selected in
 * the network or map ticked already; Find Same Companies…
 * (win.find-same-companies, its parameter a search: "" for all) opens the
 * suggestions, one window per main window.  Both change the document; the
 * window follows it (ot-window-history.c).  The details pane offers Same
 * Companies… for a company with suggestions: they are counted in a worker
 * after every change of the companies or the rejected pairs. */
#include "ot-window-private.h"
#include "ot-companies.h"
#include "ot-merge-dialog.h"
#include "ot-suggestions-dialog.h"

/* The company selected on the chart (a network or map vertex in the
 * entities projection), as its vertex shows it, or NULL. */
static char *
selected_company (OtWindow *self)
{
  g_autoptr(OtNetwork) network = NULL;
  const OtVertex *vertex;
  OtHitKind kind;
  guint id;

  if (!view_can (self, OT_VIEW_CAP_NETWORK_MARKS) ||
      !ot_chart_get_selection (self->chart, &kind, &id) || kind != OT_HIT_NODE ||
      (network = ot_chart_get_network (self->chart)) == NULL || id >= ot_network_get_n_vertices (network))
    return NULL;
  vertex = ot_network_get_vertex (network, id);
  return vertex->kind == OT_VERTEX_COMPANY ? g_strdup (vertex->label) : NULL;
}

static void
merge_companies_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;   /* no call up into ot-window.c */
  g_autofree char *company = selected_company (self);
  const char *ticked[] = { company, NULL };
  OtMergeDialog *dialog;

  if (self->document == NULL)
    return;
  dialog = ot_merge_dialog_new (GTK_WINDOW (self), self->document, ticked);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
find_same_companies_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;

  if (self->document == NULL)
    return;
  if (self->suggestions == NULL)
    {
      self->suggestions = GTK_WINDOW (ot_suggestions_dialog_new (GTK_WINDOW (self), self->document));
      g_object_add_weak_pointer (G_OBJECT (self->suggestions), (gpointer *) &self->suggestions);
    }
  ot_suggestions_dialog_set_search (OT_SUGGESTIONS_DIALOG (self->suggestions),
                                    g_variant_get_string (parameter, NULL));
  gtk_window_present (self->suggestions);
}

/* Nothing to merge in an empty window. */
static void
on_dataset (OtWindow    *self,
            GParamSpec  *pspec,
            OtWorkspace *workspace)
{
  OtDataset *dataset = ot_workspace_get_dataset (workspace);
  gboolean any = dataset != NULL && ot_dataset_get_n_incidents (dataset) > 0;

  /* (A team store keeps no merge yet: only a case of the window's own.) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge-companies", any && window_case_is_local (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-same-companies", any);
}

/* Suggestions per company: in a worker ----------------------------------- */

typedef struct {
  OtDataset  *dataset;
  GHashTable *rejected;
} CountCall;

static void
count_call_free (CountCall *call)
{
  g_object_unref (call->dataset);
  g_hash_table_unref (call->rejected);
  g_free (call);
}

static void
count_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountCall *call = task_data;
  g_autoptr(OtCompanies) companies = ot_companies_new (call->dataset);
  g_autoptr(GArray) suggestions = ot_companies_suggest (companies, call->rejected);

  g_task_return_pointer (task, ot_companies_count_suggested (companies, suggestions),
                         (GDestroyNotify) g_hash_table_unref);
}

static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  OtWindow *self = (OtWindow *) source;
  g_autoptr(GHashTable) counts = g_task_propagate_pointer (G_TASK (result), NULL);

  if (counts == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->counting);
  ot_details_pane_set_suggested (self->details, counts);
}

static void
start_counting (OtWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(OtCaseTables) tables = NULL;
  CountCall *call;

  self->count_owed = FALSE;
  if (self->document == NULL || ot_dataset_get_n_incidents (ot_document_get_dataset (self->document)) == 0)
    return;
  tables = ot_document_dup_tables (self->document);
  call = g_new0 (CountCall, 1);
  call->dataset = g_object_ref (ot_document_get_dataset (self->document));
  call->rejected = ot_companies_rejected_pairs (tables);
  self->counting = g_cancellable_new ();
  task = g_task_new (self, self->counting, on_counted, NULL);
  g_task_set_task_data (task, call, (GDestroyNotify) count_call_free);
  g_task_run_in_thread (task, count_thread);
}

static void
on_count_idle (gpointer data)
{
  OtWindow *self = data;

  self->count_idle = 0;
  if (self->count_owed && !ot_frame_source_is_updating (self->frames))
    start_counting (self);
}

/* The chart's update ended: the counts owed start now. */
static void
on_updating (OtWindow      *self,
             GParamSpec    *pspec,
             OtFrameSource *frames)
{
  if (self->count_owed && !ot_frame_source_is_updating (frames))
    start_counting (self);
}

/* Counted after the chart: a new document's chart update starts in the
 * same turn of the main loop, and the count waits for it to end (at 1M
 * incidents this worker took a processor from the first chart's network;
 * docs/performance.md, "Issue 20"). */
static void
count_suggested (OtWindow *self)
{
  if (self->counting != NULL)
    g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  self->count_owed = TRUE;
  if (self->count_idle == 0)
    self->count_idle = g_idle_add_once (on_count_idle, self);
}

static void
on_document_changed (OtWindow         *self,
                     OtDocumentChange  changes,
                     OtDocument       *document)
{
  if (changes & (OT_DOCUMENT_INCIDENTS | OT_DOCUMENT_ALIASES | OT_DOCUMENT_DECISIONS))
    count_suggested (self);
}

void
ot_window_merge_follow (OtWindow *self)
{
  g_signal_connect_object (self->document, "changed", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  count_suggested (self);
}

void
ot_window_merge_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.merge-companies", NULL, merge_companies_action);
  gtk_widget_class_install_action (widget_class, "win.find-same-companies", "s", find_same_companies_action);
}

void
ot_window_merge_init (OtWindow *self)
{
  g_signal_connect_swapped (self->workspace, "notify::dataset", G_CALLBACK (on_dataset), self);
  g_signal_connect_object (self->frames, "notify::updating", G_CALLBACK (on_updating), self,
                           G_CONNECT_SWAPPED);
  on_dataset (self, NULL, self->workspace);
}

/* The suggestions are of this window's document: they go with it, or
 * when another document replaces it. */
void
ot_window_merge_close (OtWindow *self)
{
  if (self->counting != NULL)
    g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  g_clear_handle_id (&self->count_idle, g_source_remove);
  self->count_owed = FALSE;
  if (self->suggestions != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->suggestions), (gpointer *) &self->suggestions);
      gtk_window_destroy (self->suggestions);
      self->suggestions = NULL;
    }
}
