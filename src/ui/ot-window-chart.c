/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-chart.c: the window shows the frames its OtFrameSource
 * (src/core/workspace/ot-frame-source.c) publishes, and asks it for them.
 * The source updates the chart in a worker: meanwhile the canvas keeps
 * drawing the previous (immutable) scene, busy, and a pulsing bar says so
 * after a moment; requests that change the inputs (dataset, filter, view,
 * projection) supersede the running update, restyles (theme, selection,
 * highlight, a dragged vertex) wait for it.  Each frame goes to the
 * canvas, the table, the timeline, the sidebar and the search; the
 * network's analysis (betweenness, for the details pane) follows in
 * another worker. */
#include "ot-window-private.h"
#include "ot-trade.h"
#include "ot-toast.h"

#include <glib/gi18n.h>

#define PULSE_DELAY_MS     300
#define PULSE_INTERVAL_MS  120

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

/* Something to draw: incidents, or trade statistics alone (issue 18:
 * their layer is drawn on the map and the network without incidents). */
static gboolean
has_data (OtDataset *dataset)
{
  OtTradeTable *trade = dataset != NULL ? ot_dataset_get_trade (dataset) : NULL;

  return dataset != NULL && (ot_dataset_get_n_incidents (dataset) > 0 ||
                             ot_dataset_get_n_summarised (dataset, NULL) > 0 ||
                             (trade != NULL && ot_trade_table_get_n_rows (trade) > 0));
}

/* The flow diagram always works on countries, so the projection switch
 * has no effect there: it is offered only in the other views, and says
 * why when it is not. */
void
ot_window_sync_projection (OtWindow *self)
{
  /* A summary's legs join countries only (docs/team-store.md). */
  gboolean applies = view_can (self, OT_VIEW_CAP_PROJECTION) && !self->store_summary;
  GtkWidget *button = gtk_widget_get_first_child (self->projection_box);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.projection", applies);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-projection", applies);
  for (guint k = 0; button != NULL; k++, button = gtk_widget_get_next_sibling (button))
    gtk_widget_set_tooltip_text (button,
                                 self->store_summary ? _("A team store opened as a summary shows countries only")
                                 : !applies ? _("The flow diagram always shows countries")
                                 : k == 0 ? _("One vertex per company or port (Ctrl+G toggles)")
                                 : _("One vertex per country (Ctrl+G toggles)"));
}

static void
ot_window_show_chart (OtWindow *self,
                      gboolean  fit)
{
  OtDataset *dataset = ot_chart_get_dataset (self->chart);
  gboolean have_data = has_data (dataset);

  ot_canvas_refresh (self->canvas, fit);
  if (fit)   /* the canvas fits the new marks: the workspace's view is unset */
    {
      self->following = TRUE;
      ot_workspace_reset_viewport (self->workspace);
      self->following = FALSE;
    }
  if (fit)
    ot_details_pane_show (self->details, self->chart, NULL, OT_HIT_NONE, 0);

  gtk_stack_set_visible_child_name (self->main_stack, have_data ? "chart" : "empty");
  /* A summary has no incident to list. */
  if (self->store_summary)
    gtk_widget_set_visible (GTK_WIDGET (self->table), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-table", !self->store_summary);
  ot_window_sync_projection (self);
  gtk_widget_set_visible (self->view_switcher, have_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", have_data);
  /* A summary has no incident to save (oretrace --save-store writes the
   * store's case whole). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-case", have_data && !self->store_summary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-case-as", have_data && !self->store_summary);
  /* A team store keeps no saved view yet, nor takes a re-import. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-view", have_data && window_case_is_local (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reimport", have_data && window_case_is_local (self));
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

/* Requests ------------------------------------------------------------------ */

void
ot_window_request_frame (OtWindow      *self,
                         OtFrameChange  changes)
{
  guint32 width_from, width_to;

  /* One width scale for the whole of play (docs/views.md, "Play"), and
   * the timeline's bars in its measure. */
  ot_timeline_get_play_period (self->timeline, &width_from, &width_to);
  ot_frame_source_set_width_period (self->frames, width_from, width_to);
  ot_frame_source_set_measure (self->frames, ot_timeline_get_measure (self->timeline));
  ot_frame_source_request (self->frames, changes);
}

/* Frames ------------------------------------------------------------------- */

static void
on_update_started (OtWindow      *self,
                   gboolean       fit,
                   OtFrameSource *frames)
{
  OtDataset *dataset = ot_workspace_get_dataset (self->workspace);

  /* Marks clicked or dragged while the chart is rebuilt into other marks
   * would name the wrong ones. */
  ot_canvas_set_selectable (self->canvas, !fit);
  ot_canvas_set_vertices_draggable (self->canvas, !fit && view_can (self, OT_VIEW_CAP_FREE_LAYOUT));
  /* Incidents (or trade statistics) are loaded: the chart page shows
   * now, busy while it is drawn, never the empty page beside a "loaded"
   * toast (issue 16). */
  if (has_data (dataset))
    gtk_stack_set_visible_child_name (self->main_stack, "chart");
  ot_canvas_set_busy (self->canvas, TRUE);
  if (self->pulse_source == 0)
    self->pulse_source = g_timeout_add_once (PULSE_DELAY_MS, start_pulse, self);
}

static void
on_update_ended (OtWindow      *self,
                 OtFrame       *frame,
                 gboolean       fit,
                 const GError  *error,
                 OtFrameSource *frames)
{
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
    }
  else
    {
      OtNetwork *network = frame != NULL ? ot_frame_get_network (frame) : NULL;

      ot_search_bar_set_network (self->search_bar, network);
      centre_pending_mark (self);
      if (frame != NULL)
        {
          ot_incident_table_show_frame (self->table, network, ot_frame_get_rows (frame));
          ot_timeline_show_frame (self->timeline, ot_histogram_copy (ot_frame_get_histogram (frame)));
          /* (A big dataset's first frame is counted after: "facets-ready".) */
          if (ot_frame_get_facets (frame) != NULL)
            ot_filter_sidebar_show_frame (self->sidebar, frame);
        }
    }
  ot_window_show_chart (self, fit);
  if (self->details_dirty && !fit)
    {
      OtHitKind kind;
      guint id;

      ot_selection_get_mark (ot_workspace_get_selection (self->workspace), &kind, &id);
      ot_details_pane_show (self->details, self->chart, ot_frame_source_get_analysis (frames), kind, id);
      ot_window_sync_table (self, kind, id);
    }
  self->details_dirty = FALSE;
}

/* A big dataset's first frame came without the sidebar's counts: they
 * follow. */
static void
on_facets_ready (OtWindow      *self,
                 OtFrame       *frame,
                 OtFrameSource *frames)
{
  ot_filter_sidebar_show_frame (self->sidebar, frame);
}

/* The update and the ones it made wait are over. */
static void
on_updating (OtWindow      *self,
             GParamSpec    *pspec,
             OtFrameSource *frames)
{
  if (!ot_frame_source_is_updating (frames))
    stop_pulse (self);
}

/* The network on screen is analysed: the details of a selected vertex
 * gain its betweenness. */
static void
on_analysis_ready (OtWindow      *self,
                   OtFrameSource *frames)
{
  guint id;
  OtHitKind kind = ot_canvas_get_selection (self->canvas, &id);

  if (kind != OT_HIT_NONE && !ot_canvas_is_busy (self->canvas))
    ot_details_pane_show (self->details, self->chart, ot_frame_source_get_analysis (frames), kind, id);
}

/* Pan and zoom --------------------------------------------------------------- */

/* The user moved or fitted the view: the workspace's viewport (unset while
 * it fits the chart). */
static void
on_canvas_viewport (OtWindow *self,
                    OtCanvas *canvas)
{
  if (self->following)
    return;
  if (ot_canvas_is_fitted (canvas))
    ot_workspace_reset_viewport (self->workspace);
  else
    ot_workspace_set_viewport (self->workspace, ot_canvas_get_viewport (canvas));
}

/* The workspace's viewport changed (Zoom to fit, a new dataset, a call on
 * the workspace): the canvas shows it, or fits when it is unset. */
static void
on_workspace_viewport (OtWindow    *self,
                       GParamSpec  *pspec,
                       OtWorkspace *workspace)
{
  OtViewport viewport;
  const OtViewport *shown = ot_canvas_get_viewport (self->canvas);

  ot_workspace_get_viewport (workspace, &viewport);
  self->following = TRUE;
  if (!ot_workspace_has_viewport (workspace))
    {
      if (!ot_canvas_is_fitted (self->canvas))
        ot_canvas_fit (self->canvas);
    }
  else if (memcmp (&viewport, shown, sizeof viewport) != 0)
    ot_canvas_set_viewport (self->canvas, &viewport);
  self->following = FALSE;
}

void
ot_window_chart_init (OtWindow *self)
{
  g_signal_connect_object (self->canvas, "viewport-changed", G_CALLBACK (on_canvas_viewport), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::viewport", G_CALLBACK (on_workspace_viewport), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->frames, "update-started", G_CALLBACK (on_update_started), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->frames, "update-ended", G_CALLBACK (on_update_ended), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->frames, "notify::updating", G_CALLBACK (on_updating), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->frames, "analysis-ready", G_CALLBACK (on_analysis_ready), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->frames, "facets-ready", G_CALLBACK (on_facets_ready), self,
                           G_CONNECT_SWAPPED);
}

/* A running update and analysis are cancelled when the source goes (with
 * the window); their tasks drop their results. */
void
ot_window_chart_dispose (OtWindow *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->frames != NULL)
    g_signal_handlers_disconnect_by_data (self->frames, self);
}
