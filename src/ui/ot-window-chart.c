/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-chart.c: the chart is rebuilt in a worker thread.  The
 * window's inputs (dataset, view, projection, theme) are handed to the
 * chart only between updates; while one runs the canvas keeps drawing the
 * previous (immutable) scene and leaves the chart alone, and a change that
 * arrives meanwhile is applied when it ends. */
#include "ot-window-private.h"

#include <glib/gi18n.h>

/* The task's source is the chart: a closed window is not kept alive by an
 * update, it is only told (through a weak reference) when it ends. */
typedef struct {
  GWeakRef    window;
  gboolean    fit;
  OtAnalysis *analysis;   /* the previous one, reused if the network is */
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_weak_ref_clear (&data->window);
  g_clear_pointer (&data->analysis, ot_analysis_unref);
  g_free (data);
}

/* Rebuilds the chart, then analyses its network (betweenness for the
 * details pane) unless the network is the one analysed before.  Returns
 * the analysis, NULL when there is none. */
static void
update_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OtChart *chart = source;
  UpdateData *data = task_data;
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(GError) analysis_error = NULL;
  OtAnalysis *analysis = NULL;
  GError *error = NULL;

  if (!ot_chart_update (chart, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  network = ot_chart_get_network (chart);
  if (network != NULL && data->analysis != NULL && ot_analysis_get_network (data->analysis) == network)
    analysis = ot_analysis_ref (data->analysis);
  else if (network != NULL && ot_network_get_n_vertices (network) > 0)
    {
      analysis = ot_analysis_new (network, cancellable, &analysis_error);
      if (analysis == NULL)
        g_debug ("No analysis of the network: %s", analysis_error->message);
    }
  g_task_return_pointer (task, analysis, (GDestroyNotify) ot_analysis_unref);
}

static void
ot_window_show_chart (OtWindow *self,
                      gboolean  fit)
{
  OtDataset *dataset = ot_chart_get_dataset (self->chart);
  gboolean have_data = dataset != NULL && ot_dataset_get_n_incidents (dataset) > 0;

  ot_canvas_refresh (self->canvas, fit);
  if (fit)
    ot_details_pane_show (self->details, self->chart, NULL, OT_HIT_NONE, 0);

  gtk_stack_set_visible_child_name (self->main_stack, have_data ? "chart" : "empty");
  gtk_widget_set_visible (self->view_switcher, have_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", have_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", have_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", have_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-fit", have_data);
  if (fit && have_data && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
on_updated (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  UpdateData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(OtWindow) self = g_weak_ref_get (&data->window);
  gboolean fit = data->fit;
  g_autoptr(GError) error = NULL;
  OtAnalysis *analysis;

  if (self == NULL || self->canvas == NULL)   /* the window was closed meanwhile */
    return;
  g_clear_object (&self->update_cancellable);
  ot_canvas_set_busy (self->canvas, FALSE);

  analysis = g_task_propagate_pointer (G_TASK (result), &error);
  if (error == NULL)
    {
      g_clear_pointer (&self->analysis, ot_analysis_unref);
      self->analysis = analysis;
    }
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not draw the chart: %s"), error->message);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
        }
      fit = FALSE;
    }
  ot_window_show_chart (self, fit);

  if (self->update_pending)
    {
      self->update_pending = FALSE;
      ot_window_schedule_update (self, FALSE);
    }
}

void
ot_window_schedule_update (OtWindow *self,
                           gboolean  fit)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GTask) task = NULL;
  UpdateData *data;

  self->update_fit |= fit;
  if (self->update_cancellable != NULL)
    {
      self->update_pending = TRUE;
      return;
    }

  fit = self->update_fit;
  self->update_fit = FALSE;
  if (fit)
    {
      /* A new dataset, view or projection: what was selected is gone. */
      ot_canvas_forget_selection (self->canvas);
      ot_chart_select (self->chart, OT_HIT_NONE, 0);
    }
  if (OT_IS_APPLICATION (app))
    ot_chart_set_dataset (self->chart, ot_application_get_dataset (OT_APPLICATION (app)));
  ot_chart_set_view (self->chart, self->view);
  ot_chart_set_countries_projection (self->chart, self->countries_projection);
  ot_chart_set_theme (self->chart, self->dark ? ot_theme_dark () : ot_theme_light ());

  self->update_cancellable = g_cancellable_new ();
  ot_canvas_set_busy (self->canvas, TRUE);
  data = g_new0 (UpdateData, 1);
  g_weak_ref_init (&data->window, self);
  data->fit = fit;
  data->analysis = self->analysis != NULL ? ot_analysis_ref (self->analysis) : NULL;
  task = g_task_new (self->chart, self->update_cancellable, on_updated, NULL);
  g_task_set_source_tag (task, ot_window_schedule_update);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, update_thread);
}

gboolean
ot_window_is_updating (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);

  return self->update_cancellable != NULL;
}

/* A running update is left to finish (its result is dropped): cancelling
 * it can interrupt an igraph layout, and igraph 0.10.2 leaves the
 * interrupted function's FINALLY entries pointing into its dead stack
 * frame, which the next error unwinding frees (a crash seen under ASan). */
void
ot_window_chart_dispose (OtWindow *self)
{
  g_clear_object (&self->update_cancellable);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
}
