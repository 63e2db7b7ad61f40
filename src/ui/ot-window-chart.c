/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-chart.c: the chart is rebuilt in a worker thread.  The
 * window's inputs (dataset, view, projection, theme) are handed to the
 * chart only between updates; while one runs the canvas keeps drawing the
 * previous (immutable) scene and leaves the chart alone, a pulsing bar
 * says so after a moment, and a change that arrives meanwhile is applied
 * when it ends.  Then the new network is analysed (betweenness for the
 * details pane) in another worker, so the chart shows without waiting. */
#include "ot-window-private.h"

#include <glib/gi18n.h>

#define PULSE_DELAY_MS     300
#define PULSE_INTERVAL_MS  120

/* An update's source is the chart, an analysis has none: a closed window is
 * not kept alive by them, it is only told (through a weak reference). */
typedef struct {
  GWeakRef   window;
  gboolean   fit;
  gint64     started;    /* monotonic µs, for the debug log */
  OtNetwork *network;    /* analyses: what to analyse */
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_weak_ref_clear (&data->window);
  g_clear_pointer (&data->network, ot_network_unref);
  g_free (data);
}

static UpdateData *
update_data_new (OtWindow *self,
                 gboolean  fit)
{
  UpdateData *data = g_new0 (UpdateData, 1);

  g_weak_ref_init (&data->window, self);
  data->fit = fit;
  data->started = g_get_monotonic_time ();
  return data;
}

/* Progress while the chart is rebuilt -------------------------------------- */

static gboolean
pulse (gpointer user_data)
{
  OtWindow *self = user_data;

  if (!ot_window_is_loading (self))
    {
      gtk_label_set_text (self->progress_label, _("Drawing the chart…"));
      gtk_widget_set_visible (self->progress_cancel, FALSE);
      gtk_progress_bar_pulse (self->progress_bar);
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
    }
  return G_SOURCE_CONTINUE;
}

static void
start_pulse (gpointer user_data)
{
  OtWindow *self = user_data;

  self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, pulse, self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->canvas), "progress");
}

static void
stop_pulse (OtWindow *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_set_cursor (GTK_WIDGET (self->canvas), NULL);
  if (!ot_window_is_loading (self))
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

/* Analysis ------------------------------------------------------------------ */

static void
analysis_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  UpdateData *data = task_data;
  GError *error = NULL;
  OtAnalysis *analysis = ot_analysis_new (data->network, NULL, &error);

  if (analysis != NULL)
    g_task_return_pointer (task, analysis, (GDestroyNotify) ot_analysis_unref);
  else
    g_task_return_error (task, error);
}

static void
on_analysed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  UpdateData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(OtWindow) self = g_weak_ref_get (&data->window);
  g_autoptr(GError) error = NULL;
  OtAnalysis *analysis = g_task_propagate_pointer (G_TASK (result), &error);
  guint id;
  OtHitKind kind;

  if (analysis == NULL)
    {
      g_debug ("No analysis of the network: %s", error->message);
      if (self != NULL && self->canvas != NULL && data->network == self->network)
        self->analysing = FALSE;
      return;
    }
  /* Only for the network on screen (another may have come meanwhile). */
  if (self == NULL || self->canvas == NULL || ot_analysis_get_network (analysis) != self->network)
    {
      ot_analysis_unref (analysis);
      return;
    }
  g_debug ("Network analysis: %.0f ms", (g_get_monotonic_time () - data->started) / 1000.0);
  self->analysing = FALSE;
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  self->analysis = analysis;

  kind = ot_canvas_get_selection (self->canvas, &id);
  if (kind != OT_HIT_NONE && !ot_canvas_is_busy (self->canvas))
    ot_details_pane_show (self->details, self->chart, self->analysis, kind, id);
}

/* Analyses @network unless it is the one analysed (or being analysed). */
static void
ot_window_analyse (OtWindow  *self,
                   OtNetwork *network)
{
  g_autoptr(GTask) task = NULL;
  UpdateData *data;

  if (network == self->network)
    return;
  g_clear_pointer (&self->network, ot_network_unref);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  self->analysing = FALSE;
  if (network == NULL)
    return;
  self->network = ot_network_ref (network);
  if (ot_network_get_n_vertices (network) == 0)
    return;

  /* Never cancelled: see ot_window_chart_dispose(). */
  self->analysing = TRUE;
  data = update_data_new (self, FALSE);
  data->network = ot_network_ref (network);
  task = g_task_new (NULL, NULL, on_analysed, NULL);
  g_task_set_source_tag (task, ot_window_analyse);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, analysis_thread);
}

/* Updates ------------------------------------------------------------------- */

/* Rebuilds the chart; returns its network (a new reference, may be NULL). */
static void
update_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OtChart *chart = source;
  GError *error = NULL;

  if (ot_chart_update (chart, cancellable, &error))
    {
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);

      g_task_return_pointer (task, ot_chart_get_network (chart), (GDestroyNotify) ot_network_unref);
      /* The window draws the scene meanwhile; hit-testing's grid is built
       * here rather than on the first pointer motion. */
      if (scene != NULL)
        ot_render_prepare_hit_test (scene);
    }
  else
    g_task_return_error (task, error);
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
  g_autoptr(OtNetwork) network = NULL;

  network = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL || self->canvas == NULL)   /* the window was closed meanwhile */
    return;
  g_debug ("Chart update (%s, %s): %.0f ms", ot_view_kind_name (self->view),
           self->countries_projection ? "countries" : "entities",
           (g_get_monotonic_time () - data->started) / 1000.0);
  g_clear_object (&self->update_cancellable);
  ot_canvas_set_busy (self->canvas, FALSE);
  ot_canvas_set_selectable (self->canvas, TRUE);
  ot_canvas_set_vertices_draggable (self->canvas, self->view == OT_VIEW_NETWORK);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not draw the chart: %s"), error->message);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
        }
      fit = FALSE;
    }
  else
    {
      ot_window_analyse (self, network);
      ot_window_filters_network_changed (self, network);
    }
  ot_window_show_chart (self, fit);
  if (self->details_dirty && !fit)
    ot_details_pane_show (self->details, self->chart, self->analysis,
                          self->selection_kind, self->selection_id);
  self->details_dirty = FALSE;

  if (self->update_pending)
    {
      self->update_pending = FALSE;
      ot_window_schedule_update (self, FALSE);
    }
  else
    stop_pulse (self);
}

void
ot_window_schedule_update (OtWindow *self,
                           gboolean  fit)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GTask) task = NULL;

  self->update_fit |= fit;
  if (self->in_schedule)   /* called back from below: the inputs are read after */
    return;
  if (self->update_cancellable != NULL)
    {
      self->update_pending = TRUE;
      return;
    }

  self->in_schedule = TRUE;
  fit = self->update_fit;
  self->update_fit = FALSE;
  if (fit)
    {
      /* A new dataset, view or projection: what was selected is gone, and
       * so are the places vertices were dragged to. */
      ot_canvas_forget_selection (self->canvas);
      self->selection_kind = OT_HIT_NONE;
      self->selection_dirty = TRUE;
      self->move_pending = FALSE;
    }
  if (self->selection_dirty)
    ot_chart_select (self->chart, self->selection_kind, self->selection_id);
  self->selection_dirty = FALSE;
  if (self->picked_dirty && !fit)
    ot_chart_pick_incidents (self->chart,
                             self->picked ? &g_array_index (self->picked, guint, 0) : NULL,
                             self->picked ? self->picked->len : 0);
  self->picked_dirty = FALSE;
  if (self->move_pending && self->view == OT_VIEW_NETWORK)
    ot_chart_move_vertex (self->chart, self->move_id, self->move_x, self->move_y);
  self->move_pending = FALSE;
  /* Marks clicked or dragged while the chart is rebuilt into other marks
   * would name the wrong ones. */
  ot_canvas_set_selectable (self->canvas, !fit);
  ot_canvas_set_vertices_draggable (self->canvas, !fit && self->view == OT_VIEW_NETWORK);
  if (OT_IS_APPLICATION (app))
    ot_chart_set_dataset (self->chart, ot_application_get_dataset (OT_APPLICATION (app)));
  ot_chart_set_filter (self->chart, self->filter);
  ot_chart_set_view (self->chart, self->view);
  ot_chart_set_countries_projection (self->chart, self->countries_projection);
  ot_chart_set_theme (self->chart, self->dark ? ot_theme_dark () : ot_theme_light ());

  self->update_cancellable = g_cancellable_new ();
  ot_canvas_set_busy (self->canvas, TRUE);
  if (self->pulse_source == 0)
    self->pulse_source = g_timeout_add_once (PULSE_DELAY_MS, start_pulse, self);
  task = g_task_new (self->chart, self->update_cancellable, on_updated, NULL);
  g_task_set_source_tag (task, ot_window_schedule_update);
  g_task_set_task_data (task, update_data_new (self, fit), (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, update_thread);
  self->in_schedule = FALSE;
}

gboolean
ot_window_is_updating (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);

  return self->update_cancellable != NULL || self->analysing;
}

/* Running updates and analyses are left to finish (their results are
 * dropped): cancelling them can interrupt igraph, and igraph 0.10.2 leaves
 * the interrupted function's FINALLY entries pointing into its dead stack
 * frame, which the next error unwinding frees (a crash seen under ASan). */
void
ot_window_chart_dispose (OtWindow *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_object (&self->update_cancellable);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  g_clear_pointer (&self->network, ot_network_unref);
}
