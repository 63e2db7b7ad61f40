/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-filters.c: the window's analyst controls.  The workspace
 * owns the filter and the period: the sidebar changes the filter through
 * it, the timeline its period; every change of the workspace (whoever
 * made it: a tick, a drag, Reset, a new dataset) goes to the chart
 * (rebuilt in the worker, ot-window-chart.c), the timeline's handles and
 * bars and the table.  Search finds vertices and incidents in the network on
 * screen and selects and centres them; rows chosen in the table select
 * their path in the chart.  The search gets no key-capture widget: typing
 * on the chart would take the chart's own keys (+, -, 0, arrows); Ctrl+F
 * opens it.  Rules: docs/filters.md. */
#include "ot-window-private.h"

#include <glib/gi18n.h>

/* The workspace's dataset, filter or period changed.  The timeline shows
 * the period: Reset (or any change of it from elsewhere) moves its
 * handles back too; its "period-changed" comes back to the workspace
 * with an equal period and stops there. */
static void
on_workspace_filter (OtWindow    *self,
                     GParamSpec  *pspec,
                     OtWorkspace *workspace)
{
  OtDataset *dataset = ot_workspace_get_dataset (workspace);
  g_autoptr(OtFilter) filter = ot_workspace_dup_effective_filter (workspace);
  gboolean new_dataset = g_str_equal (pspec->name, "dataset");
  gboolean edited = FALSE;   /* a new version of the same case: no refit */
  guint32 from, to, shown_from, shown_to;

  if (new_dataset)
    {
      edited = dataset != NULL && self->shown_dataset != NULL &&
               ot_dataset_is_version_of (dataset, self->shown_dataset);
      g_set_object (&self->shown_dataset, dataset);
    }

  ot_workspace_get_period (workspace, &from, &to);
  ot_timeline_get_period (self->timeline, &shown_from, &shown_to);
  self->following = TRUE;
  if (new_dataset)
    {
      ot_timeline_set_dataset (self->timeline, dataset);
      ot_incident_table_set_dataset (self->table, dataset);
    }
  if ((from != shown_from || to != shown_to) && !ot_timeline_get_playing (self->timeline))
    ot_timeline_set_period (self->timeline, from, to);
  self->following = FALSE;
  ot_timeline_set_filter (self->timeline, filter);
  ot_incident_table_set_filter (self->table, filter);
  ot_window_request_frame (self, OT_FRAME_CHANGE_INPUTS | (new_dataset && !edited ? OT_FRAME_CHANGE_FIT : 0));
}

/* The user moved the period (or play did): the workspace's. */
static void
on_period_changed (OtWindow   *self,
                   OtTimeline *timeline)
{
  guint32 from, to;

  if (self->following)
    return;
  ot_timeline_get_period (timeline, &from, &to);
  ot_workspace_set_period (self->workspace, from, to);
}

/* Play starts or stops: the chart takes or drops its fixed width scale. */
static void
on_playing_changed (OtWindow   *self,
                    GParamSpec *pspec,
                    OtTimeline *timeline)
{
  ot_window_request_frame (self, OT_FRAME_CHANGE_INPUTS);
}

/* The edge of the network on screen that carries incident @index, or -1. */
static gint
edge_of_incident (OtWindow *self,
                  guint     index)
{
  OtNetwork *network = ot_frame_source_get_network (self->frames);

  if (network == NULL)
    return -1;
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      guint n;
      const guint *incidents = ot_network_get_edge_incidents (network, e, &n);

      for (guint i = 0; i < n && incidents[i] <= index; i++)
        if (incidents[i] == index)
          return e;
    }
  return -1;
}

/* Selects a mark and brings it to the middle.  Vertex and edge ids are the
 * network's indices in the network and map views; the flow view draws
 * bars, which a vertex does not name, so there only the table shows it.
 * The selection rebuilds the scene in the worker; the mark is centred
 * when that update lands (ot-window-chart.c). */
static void
select_and_centre (OtWindow  *self,
                   OtHitKind  kind,
                   guint      id)
{
  if (!view_can (self, OT_VIEW_CAP_NETWORK_MARKS))
    return;
  self->centre_pending = TRUE;
  self->centre_kind = kind;
  self->centre_id = id;
  ot_workspace_select_mark (self->workspace, kind, id);
}

static void
on_result_activated (OtWindow    *self,
                     guint        kind,
                     guint        index,
                     OtSearchBar *bar)
{
  if (kind == OT_SEARCH_VERTEX)
    {
      select_and_centre (self, OT_HIT_NODE, index);
      return;
    }

  /* An incident: its row in the table, and its path when it is drawn. */
  gtk_widget_set_visible (GTK_WIDGET (self->table), TRUE);
  ot_incident_table_select (self->table, &index, 1);
}

static void
on_incidents_selected (OtWindow        *self,
                       GArray          *indices,
                       OtIncidentTable *table)
{
  g_autoptr(OtSelection) highlight = NULL;
  gint edge = -1;

  if (self->following)
    return;
  /* Every selected incident's path stays, the rest fades; the view centres
   * on the first one the chart draws.  A click on the chart replaces it.
   * One batch: the clicked selection goes, the highlight comes (the table
   * keeps the rows it is picking). */
  for (guint i = 0; i < indices->len && edge < 0; i++)
    edge = edge_of_incident (self, g_array_index (indices, guint, i));
  highlight = ot_selection_new (OT_HIT_NONE, 0, (const guint *) (void *) indices->data, indices->len);
  g_object_freeze_notify (G_OBJECT (self->workspace));
  if (edge >= 0 && view_can (self, OT_VIEW_CAP_NETWORK_MARKS))
    {
      ot_workspace_set_selection (self->workspace, NULL);
      self->centre_pending = TRUE;
      self->centre_kind = OT_HIT_EDGE;
      self->centre_id = edge;
    }
  ot_workspace_set_highlight (self->workspace, highlight);
  g_object_thaw_notify (G_OBJECT (self->workspace));
}

void
ot_window_filters_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (OT_TYPE_FILTER_SIDEBAR);
  g_type_ensure (OT_TYPE_TIMELINE);
  g_type_ensure (OT_TYPE_SEARCH_BAR);
  g_type_ensure (OT_TYPE_INCIDENT_TABLE);

  gtk_widget_class_bind_template_child (widget_class, OtWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, table);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_playing_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_incidents_selected);
}

void
ot_window_filters_init (OtWindow *self)
{
  ot_filter_sidebar_set_workspace (self->sidebar, self->workspace);
  /* The table's rows, the timeline's bars and the sidebar's counts come
   * with the chart's updates, computed in its worker (ot-window-chart.c). */
  ot_incident_table_follow_frames (self->table);
  ot_timeline_follow_frames (self->timeline);
  ot_filter_sidebar_follow_frames (self->sidebar);
  g_signal_connect_swapped (self->workspace, "notify::dataset", G_CALLBACK (on_workspace_filter), self);
  g_signal_connect_swapped (self->workspace, "notify::filter", G_CALLBACK (on_workspace_filter), self);
  g_signal_connect_swapped (self->workspace, "notify::period", G_CALLBACK (on_workspace_filter), self);
}

void
ot_window_filters_dispose (OtWindow *self)
{
  g_clear_object (&self->shown_dataset);
}
