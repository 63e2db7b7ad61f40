/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-chart.c: the chart is rebuilt in a worker thread.  The
 * window's inputs (dataset, filter, view, projection, theme) are handed to
 * the chart only between updates; while one runs the canvas keeps drawing
 * the previous (immutable) scene and leaves the chart alone, a pulsing bar
 * says so after a moment, and a change that arrives meanwhile is applied
 * when it ends.  A change that makes the running update's result useless
 * (new dataset, filter, view or projection) cancels it instead: its result
 * is dropped and the next update starts as soon as the cancelled one
 * returns.  Then the new network is analysed (betweenness for the details
 * pane) in another worker, so the chart shows without waiting; an analysis
 * of a network that is no longer on screen is cancelled. */
#include "ot-window-private.h"
#include "ot-toast.h"
#include "ot-frame.h"

#include <glib/gi18n.h>

#define PULSE_DELAY_MS     300
#define PULSE_INTERVAL_MS  120

/* An update's source is the chart, an analysis has none: a closed window is
 * not kept alive by them, it is only told (through a weak reference). */
typedef struct {
  GWeakRef   window;
  gboolean   fit;
  OtFrameCache *frame_cache; /* updates: the window's */
  gint64     started;    /* monotonic µs, for the debug log */
  OtNetwork *network;    /* analyses: what to analyse */
  OtHistogramMeasure measure;   /* updates: the timeline's bars */
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_weak_ref_clear (&data->window);
  g_clear_pointer (&data->network, ot_network_unref);
  g_clear_pointer (&data->frame_cache, ot_frame_cache_unref);
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

  if (!window_loading (self))
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
  if (!window_loading (self))
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

/* The table's rows follow a selection made on the chart (its incidents),
 * and empty with it; the table does not pick them back. */
void
ot_window_sync_table (OtWindow  *self,
                      OtHitKind  kind,
                      guint      id)
{
  g_autoptr(GArray) incidents = NULL;

  if (kind == OT_HIT_NONE || self->chart == NULL)
    {
      ot_incident_table_show_selected (self->table, NULL, 0);
      return;
    }
  incidents = ot_chart_get_incidents_for (self->chart, kind, id);
  ot_incident_table_show_selected (self->table, (const guint *) (void *) incidents->data,
                                   incidents->len);
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
  OtAnalysis *analysis = ot_analysis_new (data->network, cancellable, &error);

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
        {
          self->analysing = FALSE;
          g_clear_object (&self->analysis_cancellable);
        }
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
  g_clear_object (&self->analysis_cancellable);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  self->analysis = analysis;

  kind = ot_canvas_get_selection (self->canvas, &id);
  if (kind != OT_HIT_NONE && !ot_canvas_is_busy (self->canvas))
    ot_details_pane_show (self->details, self->chart, self->analysis, kind, id);
}

/* Analyses @network unless it is the one analysed (or being analysed);
 * the analysis of the previous one, if still running, is cancelled: its
 * result would be dropped, and it holds igraph's lock, which the next
 * chart update may need. */
static void
ot_window_analyse (OtWindow  *self,
                   OtNetwork *network)
{
  g_autoptr(GTask) task = NULL;
  UpdateData *data;

  if (network == self->network)
    return;
  if (self->analysis_cancellable != NULL)
    g_cancellable_cancel (self->analysis_cancellable);
  g_clear_object (&self->analysis_cancellable);
  g_clear_pointer (&self->network, ot_network_unref);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  self->analysing = FALSE;
  if (network == NULL)
    return;
  self->network = ot_network_ref (network);
  if (ot_network_get_n_vertices (network) == 0)
    return;

  self->analysing = TRUE;
  self->analysis_cancellable = g_cancellable_new ();
  data = update_data_new (self, FALSE);
  data->network = ot_network_ref (network);
  task = g_task_new (NULL, self->analysis_cancellable, on_analysed, NULL);
  g_task_set_source_tag (task, ot_window_analyse);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, analysis_thread);
}

/* A mark search or the table asked to centre (ot-window-filters.c): now
 * that the update that selected it landed, its place is known. */
static void
centre_pending_mark (OtWindow *self)
{
  double x, y;
  gboolean placed;

  if (!self->centre_pending)
    return;
  self->centre_pending = FALSE;
  placed = self->centre_kind == OT_HIT_NODE
    ? ot_chart_get_node_position (self->chart, self->centre_id, &x, &y)
    : ot_chart_get_edge_midpoint (self->chart, self->centre_id, &x, &y);
  if (placed)
    ot_canvas_centre_on (self->canvas, x, y);
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
  UpdateData *data = task_data;
  GError *error = NULL;

  if (ot_chart_update (chart, cancellable, &error))
    {
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
      /* What the table, the timeline and the sidebar show, from the same
       * filter pass (NULL without a network). */
      OtFrame *frame = ot_frame_new_from_chart (chart, data->frame_cache, data->measure);

      g_task_return_pointer (task, frame, (GDestroyNotify) ot_frame_unref);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.relayout",
                                 have_data && view_can (self, OT_VIEW_CAP_FREE_LAYOUT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.more-detail", have_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.less-detail", have_data);
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
  OtFrame *frame = NULL;
  OtNetwork *network = NULL;

  /* Cancelled, this is an error even when the worker got to the end: a
   * superseded result is never shown. */
  frame = g_task_propagate_pointer (G_TASK (result), &error);
  if (frame != NULL)
    network = ot_frame_get_network (frame);
  if (self == NULL || self->canvas == NULL)   /* the window was closed meanwhile */
    {
      g_clear_pointer (&frame, ot_frame_unref);
      return;
    }
  g_debug ("Chart update (%s, %s): %.0f ms%s", ot_view_kind_name (ot_workspace_get_view (self->workspace)),
           ot_workspace_get_projection (self->workspace) == OT_PROJECTION_COUNTRIES
             ? "countries" : "entities",
           (g_get_monotonic_time () - data->started) / 1000.0,
           error != NULL ? " (not shown)" : "");
  g_clear_object (&self->update_cancellable);
  if (self->update_pending && g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      /* Superseded: the canvas goes on drawing the previous scene, busy,
       * and the next update starts now, owing the fit this one owed. */
      self->update_pending = FALSE;
      g_clear_pointer (&frame, ot_frame_unref);
      ot_window_schedule_update (self, fit);
      return;
    }
  self->n_updates_shown++;
  ot_canvas_set_busy (self->canvas, FALSE);
  ot_canvas_set_selectable (self->canvas, TRUE);
  ot_canvas_set_vertices_draggable (self->canvas, view_can (self, OT_VIEW_CAP_FREE_LAYOUT));

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not draw the chart: %s"), error->message);

          adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
        }
      fit = FALSE;
    }
  else
    {
      ot_window_analyse (self, network);
      ot_search_bar_set_network (self->search_bar, network);
      centre_pending_mark (self);
      if (frame != NULL)
        {
          ot_incident_table_show_frame (self->table, network, ot_frame_get_rows (frame));
          ot_timeline_show_frame (self->timeline, ot_histogram_copy (ot_frame_get_histogram (frame)));
          ot_filter_sidebar_show_frame (self->sidebar, frame);
        }
    }
  g_clear_pointer (&frame, ot_frame_unref);
  ot_window_show_chart (self, fit);
  if (self->details_dirty && !fit)
    {
      OtHitKind kind;
      guint id;

      ot_selection_get_mark (ot_workspace_get_selection (self->workspace), &kind, &id);
      ot_details_pane_show (self->details, self->chart, self->analysis, kind, id);
      ot_window_sync_table (self, kind, id);
    }
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
  g_autoptr(GTask) task = NULL;
  UpdateData *data;
  guint32 width_from, width_to;

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
      /* A new dataset, view or projection: the workspace has cleared what
       * was selected (mark ids change with them); the places vertices were
       * dragged to are gone too. */
      self->selection_dirty = TRUE;
      self->move_pending = FALSE;
    }
  if (self->selection_dirty)
    {
      OtHitKind kind;
      guint id;

      ot_selection_get_mark (ot_workspace_get_selection (self->workspace), &kind, &id);
      ot_chart_select (self->chart, kind, id);
    }
  self->selection_dirty = FALSE;
  if (self->picked_dirty)
    {
      guint n;
      const guint *picked = ot_selection_get_incidents (ot_workspace_get_highlight (self->workspace), &n);

      ot_chart_pick_incidents (self->chart, picked, n);
    }
  self->picked_dirty = FALSE;
  if (self->relayout_pending)
    ot_chart_relayout (self->chart);
  self->relayout_pending = FALSE;
  if (self->move_pending && view_can (self, OT_VIEW_CAP_FREE_LAYOUT))
    ot_chart_move_vertex (self->chart, self->move_id, self->move_x, self->move_y);
  self->move_pending = FALSE;
  /* Marks clicked or dragged while the chart is rebuilt into other marks
   * would name the wrong ones. */
  ot_canvas_set_selectable (self->canvas, !fit);
  ot_canvas_set_vertices_draggable (self->canvas, !fit && view_can (self, OT_VIEW_CAP_FREE_LAYOUT));
  g_set_object (&self->handed_dataset, ot_workspace_get_dataset (self->workspace));
  ot_chart_set_dataset (self->chart, self->handed_dataset);
  /* Incidents are loaded: the chart page shows now, busy while it is
   * drawn, never the empty page beside a "loaded" toast (issue 16). */
  if (self->handed_dataset != NULL && ot_dataset_get_n_incidents (self->handed_dataset) > 0)
    gtk_stack_set_visible_child_name (self->main_stack, "chart");
  g_clear_pointer (&self->handed_filter, ot_filter_free);
  self->handed_filter = ot_workspace_dup_effective_filter (self->workspace);
  ot_chart_set_filter (self->chart, self->handed_filter);
  /* One width scale for the whole of play (docs/views.md, "Play"). */
  ot_timeline_get_play_period (self->timeline, &width_from, &width_to);
  ot_chart_set_width_period (self->chart, width_from, width_to);
  self->handed_view = ot_workspace_get_view (self->workspace);
  ot_chart_set_view (self->chart, self->handed_view);
  self->handed_countries = ot_workspace_get_projection (self->workspace) == OT_PROJECTION_COUNTRIES;
  ot_chart_set_countries_projection (self->chart, self->handed_countries);
  ot_chart_set_theme (self->chart, self->dark ? ot_theme_dark () : ot_theme_light ());

  self->update_cancellable = g_cancellable_new ();
  ot_canvas_set_busy (self->canvas, TRUE);
  if (self->pulse_source == 0)
    self->pulse_source = g_timeout_add_once (PULSE_DELAY_MS, start_pulse, self);
  task = g_task_new (self->chart, self->update_cancellable, on_updated, NULL);
  g_task_set_source_tag (task, ot_window_schedule_update);
  data = update_data_new (self, fit);
  data->measure = ot_timeline_get_measure (self->timeline);
  data->frame_cache = ot_frame_cache_ref (self->frame_cache);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, update_thread);
  self->in_schedule = FALSE;
}

/* Whether the running update rebuilds from the workspace as it is now. */
static gboolean
inputs_handed (OtWindow *self)
{
  g_autoptr(OtFilter) filter = ot_workspace_dup_effective_filter (self->workspace);

  if (ot_workspace_get_dataset (self->workspace) != self->handed_dataset)
    return FALSE;
  return ot_workspace_get_view (self->workspace) == self->handed_view &&
         (ot_workspace_get_projection (self->workspace) == OT_PROJECTION_COUNTRIES) == self->handed_countries &&
         ot_filter_equal (filter, self->handed_filter);
}

void
ot_window_rebuild_chart (OtWindow *self,
                         gboolean  fit)
{
  if (self->update_cancellable != NULL && !self->in_schedule
      && !g_cancellable_is_cancelled (self->update_cancellable)
      && !inputs_handed (self))
    {
      g_debug ("Chart update superseded: cancelled");
      g_cancellable_cancel (self->update_cancellable);
      self->n_updates_cancelled++;
    }
  ot_window_schedule_update (self, fit);
}

/* A running update and analysis are cancelled; their tasks hold what they
 * work on (the chart, the network) until they return, and then drop their
 * results (the window is gone: see on_updated() and on_analysed()). */
void
ot_window_chart_dispose (OtWindow *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->update_cancellable != NULL)
    g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  if (self->analysis_cancellable != NULL)
    g_cancellable_cancel (self->analysis_cancellable);
  g_clear_object (&self->analysis_cancellable);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  g_clear_pointer (&self->network, ot_network_unref);
  g_clear_object (&self->handed_dataset);
  g_clear_pointer (&self->handed_filter, ot_filter_free);
}
