/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-filters.c: the window's analyst controls.  The sidebar owns
 * the filter; the timeline sets its period; every change goes to the
 * chart (rebuilt in the worker, ot-window-chart.c), the timeline's bars
 * and the table.  Search finds vertices and incidents in the network on
 * screen and selects and centres them; rows chosen in the table select
 * their path in the chart.  The search gets no key-capture widget: typing
 * on the chart would take the chart's own keys (+, -, 0, arrows); Ctrl+F
 * opens it.  Rules: docs/filters.md. */
#include "ot-window-private.h"

#include <glib/gi18n.h>

static void
on_filter_changed (OtWindow        *self,
                   OtFilterSidebar *sidebar)
{
  const OtFilter *filter = ot_filter_sidebar_get_filter (sidebar);

  if (self->filter != NULL && ot_filter_equal (self->filter, filter))
    return;
  g_clear_pointer (&self->filter, ot_filter_free);
  self->filter = ot_filter_copy (filter);
  /* The timeline shows the filter's period: Reset (or any change of it
   * from elsewhere) moves its handles back too (issue 16).  Its
   * "period-changed" comes back here with an equal filter and stops. */
  {
    guint32 from, to, shown_from, shown_to;

    ot_filter_get_period (filter, &from, &to);
    ot_timeline_get_period (self->timeline, &shown_from, &shown_to);
    if ((from != shown_from || to != shown_to) && !ot_timeline_get_playing (self->timeline))
      ot_timeline_set_period (self->timeline, from, to);
  }
  ot_timeline_set_filter (self->timeline, filter);
  ot_incident_table_set_filter (self->table, filter);
  ot_window_rebuild_chart (self, FALSE);
}

static void
on_period_changed (OtWindow   *self,
                   OtTimeline *timeline)
{
  guint32 from, to;

  ot_timeline_get_period (timeline, &from, &to);
  ot_filter_sidebar_set_period (self->sidebar, from, to);
}

/* Play starts or stops: the chart takes or drops its fixed width scale. */
static void
on_playing_changed (OtWindow   *self,
                    GParamSpec *pspec,
                    OtTimeline *timeline)
{
  ot_window_rebuild_chart (self, FALSE);
}

/* The edge of the network on screen that carries incident @index, or -1. */
static gint
edge_of_incident (OtWindow *self,
                  guint     index)
{
  if (self->network == NULL)
    return -1;
  for (guint e = 0; e < ot_network_get_n_edges (self->network); e++)
    {
      guint n;
      const guint *incidents = ot_network_get_edge_incidents (self->network, e, &n);

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
 * when that update lands (ot_window_filters_network_changed()). */
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
  ot_canvas_select (self->canvas, kind, id);
}

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
  gint edge = -1;

  /* Every selected incident's path stays, the rest fades; the view centres
   * on the first one the chart draws.  A click on the chart replaces it. */
  for (guint i = 0; i < indices->len && edge < 0; i++)
    edge = edge_of_incident (self, g_array_index (indices, guint, i));
  if (edge >= 0 && view_can (self, OT_VIEW_CAP_NETWORK_MARKS))
    {
      /* First: clearing the clicked selection clears any highlight; the
       * table keeps the rows it is picking. */
      self->picking = TRUE;
      ot_canvas_forget_selection (self->canvas);
      self->picking = FALSE;
      self->selection_kind = OT_HIT_NONE;
      self->centre_pending = TRUE;
      self->centre_kind = OT_HIT_EDGE;
      self->centre_id = edge;
    }
  g_clear_pointer (&self->picked, g_array_unref);
  self->picked = g_array_copy (indices);
  self->picked_dirty = TRUE;
  ot_window_schedule_update (self, FALSE);
}

static void
toggle_filters_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
toggle_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->table), !gtk_widget_get_visible (GTK_WIDGET (self->table)));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  ot_search_bar_set_search_mode (self->search_bar, TRUE);
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
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_playing_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_incidents_selected);

  gtk_widget_class_install_action (widget_class, "win.toggle-filters", NULL, toggle_filters_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-table", NULL, toggle_table_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
}

void
ot_window_filters_dispose (OtWindow *self)
{
  g_clear_pointer (&self->filter, ot_filter_free);
  g_clear_pointer (&self->picked, g_array_unref);
}

void
ot_window_filters_set_dataset (OtWindow  *self,
                               OtDataset *dataset)
{
  /* The sidebar starts the new dataset unfiltered and says so
   * ("filter-changed"); the timeline and the table follow. */
  ot_timeline_set_dataset (self->timeline, dataset);
  ot_incident_table_set_dataset (self->table, dataset);
  ot_filter_sidebar_set_dataset (self->sidebar, dataset);
}

void
ot_window_filters_network_changed (OtWindow  *self,
                                   OtNetwork *network)
{
  ot_search_bar_set_network (self->search_bar, network);
  centre_pending_mark (self);
}
