/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The filters in the window: ticking a mineral in the sidebar and moving
 * the timeline's period change the network the chart shows (and its
 * caption); search selects and centres a vertex; a row chosen in the
 * table selects its path; F9 hides the sidebar. */
#include "ot-filter-sidebar.h"
#include "ot-incident-item.h"
#include "ot-incident-table.h"
#include "ot-search-bar.h"
#include "ot-timeline.h"
#include "window-fixture.h"

static void
load_samples (OtWindow *window)
{
  g_autoptr(GFile) csv = g_file_new_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                                    "incidents.csv", NULL);

  ot_window_open_files (window, &csv, 1);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_chart_get_dataset (ot_window_get_chart (window))), ==, 60);
}

/* The check box of the sidebar row titled @title. */
static GtkCheckButton *
row_check (GtkWidget  *sidebar,
           const char *title)
{
  g_autoptr(GPtrArray) checks = find_widgets (sidebar, GTK_TYPE_CHECK_BUTTON);

  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (g_ptr_array_index (checks, i), ADW_TYPE_ACTION_ROW);

      if (row && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        return g_ptr_array_index (checks, i);
    }
  g_assert_not_reached ();
}

static OtNetwork *
shown_network (OtWindow *window)
{
  OtNetwork *network = ot_chart_get_network (ot_window_get_chart (window));

  g_assert_nonnull (network);
  return network;
}

static gboolean
adjustment_moved (gpointer data)
{
  return gtk_adjustment_get_value (GTK_ADJUSTMENT (data)) > 0;
}

static guint32 period_start;

/* The chart's filter starts later than @period_start and it is drawn. */
static gboolean
chart_period_moved (gpointer data)
{
  guint32 from;

  ot_filter_get_period (ot_chart_get_filter (ot_window_get_chart (OT_WINDOW (data))), &from, NULL);
  return from > period_start && window_is_idle (data);
}

static void
check_mineral_and_period (OtApplication *app,
                          OtWindow      *window)
{
  OtFilterSidebar *sidebar;
  OtTimeline *timeline;
  g_autoptr(OtNetwork) all = NULL;
  g_autoptr(OtNetwork) antimony = NULL;
  g_autoptr(OtNetwork) period = NULL;
  guint32 from, to;
  OtMineral sb;

  load_samples (window);
  sidebar = find_one_widget (window, OT_TYPE_FILTER_SIDEBAR);
  timeline = find_one_widget (window, OT_TYPE_TIMELINE);
  all = shown_network (window);
  g_assert_cmpuint (ot_network_get_n_included (all), ==, 60);

  /* Tick Antimony: the chart is rebuilt with antimony only. */
  gtk_check_button_set_active (row_check (GTK_WIDGET (sidebar), "Antimony"), TRUE);
  g_assert_true (wait_until (window_is_idle, window));
  antimony = shown_network (window);
  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_cmpuint (ot_network_get_n_included (antimony), ==, 10);
  g_assert_cmpuint (ot_network_get_n_edges (antimony), <, ot_network_get_n_edges (all));
  for (guint e = 0; e < ot_network_get_n_edges (antimony); e++)
    g_assert_cmpint (ot_network_get_edge (antimony, e)->mineral, ==, sb);
  g_assert_true (ot_filter_includes_mineral (ot_chart_get_filter (ot_window_get_chart (window)), sb));

  /* Move the period to 2024: fewer incidents again (CMI-2025-0006 and -0007,
   * from December 2024), and the chart's filter has the period the timeline
   * shows. */
  g_assert_true (ot_timeline_set_range (timeline, 2024 * 12, 2024 * 12 + 11));
  g_assert_true (wait_until (window_is_idle, window));
  period = shown_network (window);
  ot_filter_get_period (ot_chart_get_filter (ot_window_get_chart (window)), &from, &to);
  g_assert_cmpuint (from, ==, ot_month_first_day (2024 * 12));
  g_assert_cmpuint (to, ==, ot_month_last_day (2024 * 12 + 11));
  period_start = from;
  g_assert_cmpuint (ot_network_get_n_included (period), ==, 2);

  /* Play moves the period a month at a time and the chart follows. */
  {
    guint32 first_from = from;

    g_autoptr(OtFilter) played = ot_filter_copy (ot_chart_get_filter (ot_window_get_chart (window)));
    g_autoptr(OtNetwork) played_network = NULL;
    g_autoptr(OtNetwork) frame = NULL;
    double played_max = 0, frame_max = 0;

    /* Widths keep the scale of the whole played period (from the
     * period's start to the last month, February 2026), not the frame's. */
    ot_filter_set_period (played, first_from, ot_month_last_day (2026 * 12 + 1));
    played_network = ot_network_refilter (all, played);
    for (guint e = 0; e < ot_network_get_n_edges (played_network); e++)
      played_max = MAX (played_max, ot_network_get_edge (played_network, e)->kg);

    ot_timeline_set_playing (timeline, TRUE);
    g_assert_true (wait_until (chart_period_moved, window));
    frame = shown_network (window);
    for (guint e = 0; e < ot_network_get_n_edges (frame); e++)
      frame_max = MAX (frame_max, ot_network_get_edge (frame, e)->kg);
    g_test_message ("width scale while playing %.0f kg, the frame's heaviest %.0f kg",
                    ot_chart_get_width_reference (ot_window_get_chart (window)), frame_max);
    g_assert_cmpfloat (ot_chart_get_width_reference (ot_window_get_chart (window)), ==, played_max);
    g_assert_cmpfloat (frame_max, <=, played_max);
    ot_timeline_set_playing (timeline, FALSE);
    g_assert_true (wait_until (window_is_idle, window));
    ot_filter_get_period (ot_chart_get_filter (ot_window_get_chart (window)), &from, &to);
    g_assert_cmpuint (from, >, first_from);
    g_assert_cmpint (ot_month_from_day (to) - ot_month_from_day (from), ==, 11);
    /* Stopped: the frame's own scale again. */
    g_assert_cmpfloat (ot_chart_get_width_reference (ot_window_get_chart (window)), ==, frame_max);
  }

  /* Reset brings everything back, the timeline's period included. */
  ot_filter_sidebar_reset (sidebar);
  g_assert_true (wait_until (window_is_idle, window));
  {
    g_autoptr(OtNetwork) back = shown_network (window);
    guint32 shown_from = 1, shown_to = 1;

    g_assert_cmpuint (ot_network_get_n_included (back), ==, 60);
    ot_timeline_get_period (timeline, &shown_from, &shown_to);
    g_assert_cmpuint (shown_from, ==, 0);   /* all time */
    g_assert_cmpuint (shown_to, ==, 0);
  }
}

static void
test_mineral_and_period (void)
{
  run_app (check_mineral_and_period);
}

static const char *wanted_text;

/* A cell of the table (data) on screen shows @wanted_text. */
static gboolean
table_shows (gpointer data)
{
  g_autoptr(GPtrArray) cells = find_widgets (GTK_WIDGET (data), GTK_TYPE_INSCRIPTION);

  for (guint i = 0; i < cells->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (cells, i))
        && g_strcmp0 (gtk_inscription_get_text (g_ptr_array_index (cells, i)), wanted_text) == 0)
      return TRUE;
  return FALSE;
}

static void
check_search_and_table (OtApplication *app,
                        OtWindow      *window)
{
  OtSearchBar *bar;
  OtIncidentTable *table;
  g_autoptr(OtNetwork) network = NULL;
  OtCanvas *canvas = ot_window_get_canvas (window);
  AdwFlap *flap;
  guint id = 0;
  gint th;
  guint pick;

  load_samples (window);
  network = shown_network (window);
  bar = find_one_widget (window, OT_TYPE_SEARCH_BAR);
  table = find_one_widget (window, OT_TYPE_INCIDENT_TABLE);
  flap = find_one_widget (window, ADW_TYPE_FLAP);

  /* Ctrl+F's action opens the bar; the first result for Thailand is its
   * vertex, and choosing it selects it in the chart. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (ot_search_bar_get_search_mode (bar));
  ot_search_bar_set_text (bar, "thailand");
  g_assert_cmpuint (ot_search_bar_get_n_results (bar), >, 0);
  th = ot_network_find_vertex (network, "country:TH");
  g_assert_cmpint (th, >=, 0);
  ot_search_bar_activate_result (bar, 0);
  g_assert_cmpint (ot_canvas_get_selection (canvas, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, (guint) th);

  /* The table shows every incident; choosing rows highlights their paths
   * (the chart picks them and fades the rest) in place of a clicked
   * selection. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-table", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (table)));
  g_assert_cmpuint (ot_incident_table_get_n_shown (table), ==, 60);
  /* The date of the first row dated to a day reads as the details pane
   * writes it. */
  {
    OtDataset *dataset = ot_chart_get_dataset (ot_window_get_chart (window));
    const OtIncident *incident = NULL;
    g_autofree char *shown = NULL;

    for (guint i = 0; incident == NULL && i < 5; i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (ot_incident_table_get_model (table), i);
        const OtIncident *row = ot_dataset_get_incident (dataset, ot_incident_item_get_index (OT_INCIDENT_ITEM (item)));

        if (row->date.precision == OT_DATE_DAY)
          incident = row;
      }
    g_assert_nonnull (incident);
    shown = ot_date_to_display (&incident->date);
    g_assert_nonnull (strchr (shown, '-'));   /* ISO under C.UTF-8, not %x's 07/15/24 */
    wanted_text = shown;
    g_assert_true (wait_until (table_shows, table));
    wanted_text = NULL;
  }
  pick = ot_dataset_find (ot_chart_get_dataset (ot_window_get_chart (window)), "CMI-2025-0002");
  ot_incident_table_select (table, &pick, 1);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (ot_chart_is_picked (ot_window_get_chart (window), pick));
  g_assert_false (ot_chart_is_picked (ot_window_get_chart (window), pick + 1));
  g_assert_cmpint (ot_canvas_get_selection (canvas, &id), ==, OT_HIT_NONE);
  /* Escape (the canvas's clear-selection, with nothing clicked) clears the
   * highlight: the chart is no longer faded (issue 16). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.clear-selection", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_false (ot_chart_is_picked (ot_window_get_chart (window), pick));

  /* A selected row out of sight is scrolled into view (issue 16). */
  {
    GListModel *model = ot_incident_table_get_model (table);
    guint n = g_list_model_get_n_items (model);
    g_autoptr(OtIncidentItem) last = g_list_model_get_item (model, n - 1);
    guint index = ot_incident_item_get_index (last);
    g_autoptr(GPtrArray) scrolled = find_widgets (GTK_WIDGET (table), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment;

    g_assert_cmpuint (scrolled->len, ==, 1);
    adjustment = gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrolled, 0));
    gtk_adjustment_set_value (adjustment, 0);
    ot_incident_table_select (table, &index, 1);
    g_assert_true (wait_until (window_is_idle, window));
    /* The list view scrolls on its next layout, a frame later: wait for
     * it (in vain, until the deadline, when nothing scrolls). */
    wait_until (adjustment_moved, adjustment);
    g_test_message ("table scrolled to %.0f of %.0f (page %.0f)", gtk_adjustment_get_value (adjustment),
                    gtk_adjustment_get_upper (adjustment), gtk_adjustment_get_page_size (adjustment));
    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  }

  /* F9's action hides and shows the filters. */
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-filters", NULL));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-filters", NULL));
  g_assert_true (adw_flap_get_reveal_flap (flap));
}

static void
test_search_and_table (void)
{
  run_app (check_search_and_table);
}

/* Whether a label in @root reads @text. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) labels = find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;
  return FALSE;
}

/* A change made on the workspace itself, as undo and saved cases will
 * make them, shows in every widget: the sidebar's ticks, the timeline's
 * handles, the table's rows, the canvas's selection and the chart; Reset
 * (ot_workspace_reset ()) brings all of them back at once (issue 16). */
static void
check_workspace_drives_widgets (OtApplication *app,
                                OtWindow      *window)
{
  OtWorkspace *workspace = ot_window_get_workspace (window);
  OtCanvas *canvas = ot_window_get_canvas (window);
  OtFilterSidebar *sidebar;
  OtTimeline *timeline;
  OtIncidentTable *table;
  g_autoptr(OtFilter) filter = ot_filter_new ();
  guint32 from, to, first = ot_month_first_day (2024 * 12), last = ot_month_last_day (2024 * 12 + 11);
  guint id = 99, n_antimony;
  OtMineral sb;

  load_samples (window);
  sidebar = find_one_widget (window, OT_TYPE_FILTER_SIDEBAR);
  timeline = find_one_widget (window, OT_TYPE_TIMELINE);
  table = find_one_widget (window, OT_TYPE_INCIDENT_TABLE);
  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_false (gtk_check_button_get_active (row_check (GTK_WIDGET (sidebar), "Antimony")));

  /* The filter: the sidebar ticks Antimony, the table and the chart keep
   * its 10 incidents. */
  ot_filter_set_mineral (filter, sb, TRUE);
  ot_workspace_set_filter (workspace, filter);
  g_assert_true (gtk_check_button_get_active (row_check (GTK_WIDGET (sidebar), "Antimony")));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (ot_incident_table_get_n_shown (table), ==, 10);
  g_assert_cmpuint (ot_network_get_n_included (shown_network (window)), ==, 10);
  /* The sidebar's counts, from the same frame. */
  g_assert_true (shows_label (GTK_WIDGET (sidebar), "10 of 60 incidents"));
  g_assert_true (ot_filter_includes_mineral (ot_chart_get_filter (ot_window_get_chart (window)), sb));

  /* The period, 2024: the timeline's handles move, fewer rows (the two
   * antimony incidents of December 2024), the chart's filter has it. */
  ot_workspace_set_period (workspace, first, last);
  ot_timeline_get_period (timeline, &from, &to);
  g_assert_cmpuint (from, ==, first);
  g_assert_cmpuint (to, ==, last);
  g_assert_true (wait_until (window_is_idle, window));
  n_antimony = ot_incident_table_get_n_shown (table);
  g_assert_cmpuint (n_antimony, ==, 2);
  ot_filter_get_period (ot_chart_get_filter (ot_window_get_chart (window)), &from, &to);
  g_assert_cmpuint (from, ==, first);
  g_assert_cmpuint (to, ==, last);
  g_assert_cmpuint (ot_network_get_n_included (shown_network (window)), ==, n_antimony);

  /* The selection: the canvas shows it and the details pane opens; the
   * workspace's Escape clears it. */
  ot_workspace_select_mark (workspace, OT_HIT_NODE, 0);
  g_assert_cmpint (ot_canvas_get_selection (canvas, &id), ==, OT_HIT_NODE);
  g_assert_cmpuint (id, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ot_window_get_details_pane (window))));
  ot_workspace_clear_selection (workspace);
  g_assert_cmpint (ot_canvas_get_selection (canvas, NULL), ==, OT_HIT_NONE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ot_window_get_details_pane (window))));

  /* Reset: everything back in every widget, from one call. */
  ot_workspace_select_mark (workspace, OT_HIT_NODE, 0);
  ot_workspace_reset (workspace);
  g_assert_false (gtk_check_button_get_active (row_check (GTK_WIDGET (sidebar), "Antimony")));
  ot_timeline_get_period (timeline, &from, &to);
  g_assert_cmpuint (from, ==, 0);
  g_assert_cmpuint (to, ==, 0);
  g_assert_cmpint (ot_canvas_get_selection (canvas, NULL), ==, OT_HIT_NONE);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (ot_incident_table_get_n_shown (table), ==, 60);
  g_assert_true (shows_label (GTK_WIDGET (sidebar), "60 of 60 incidents"));
  g_assert_cmpuint (ot_network_get_n_included (shown_network (window)), ==, 60);
  g_assert_true (ot_filter_is_empty (ot_chart_get_filter (ot_window_get_chart (window))));

  /* And the other way: a tick in the sidebar is the workspace's filter. */
  gtk_check_button_set_active (row_check (GTK_WIDGET (sidebar), "Antimony"), TRUE);
  g_assert_true (ot_filter_includes_mineral (ot_workspace_get_filter (workspace), sb));
  g_assert_true (wait_until (window_is_idle, window));
}

static void
test_workspace_drives_widgets (void)
{
  run_app (check_workspace_drives_widgets);
}

/* The canvas is laid out and has framed the chart at its size. */
static gboolean
canvas_framed (gpointer data)
{
  int width = gtk_widget_get_width (GTK_WIDGET (data));

  return width > 0 && ot_canvas_get_viewport (OT_CANVAS (data))->width == width;
}

/* Pan and zoom are the workspace's viewport (issue 16): the canvas writes
 * what the user does to it and follows what is set on it; Zoom to fit and
 * a new dataset unset it, and the canvas fits the chart again. */
static void
check_viewport (OtApplication *app,
                OtWindow      *window)
{
  OtWorkspace *workspace = ot_window_get_workspace (window);
  OtCanvas *canvas = ot_window_get_canvas (window);
  g_autoptr(GFile) demo = g_file_new_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                                     "illustrative-demo.csv", NULL);
  OtViewport fitted, viewport;

  load_samples (window);
  g_assert_true (wait_until (canvas_framed, canvas));
  g_assert_false (ot_workspace_has_viewport (workspace));
  g_assert_true (ot_canvas_is_fitted (canvas));
  fitted = *ot_canvas_get_viewport (canvas);
  g_assert_cmpfloat (fitted.scale, >, 0);

  /* Zoom in: the workspace holds the canvas's view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (ot_workspace_has_viewport (workspace));
  ot_workspace_get_viewport (workspace, &viewport);
  g_assert_cmpfloat_with_epsilon (viewport.scale, fitted.scale * 1.25, 1e-9 * fitted.scale);
  g_assert_cmpfloat (viewport.tx, ==, ot_canvas_get_viewport (canvas)->tx);

  /* Set on the workspace (as undo or a case file will): the canvas shows it. */
  viewport.tx += 40;
  viewport.ty -= 30;
  viewport.scale *= 2;
  ot_workspace_set_viewport (workspace, &viewport);
  g_assert_false (ot_canvas_is_fitted (canvas));
  g_assert_cmpfloat (ot_canvas_get_viewport (canvas)->scale, ==, viewport.scale);
  g_assert_cmpfloat (ot_canvas_get_viewport (canvas)->tx, ==, viewport.tx);
  g_assert_cmpfloat (ot_canvas_get_viewport (canvas)->ty, ==, viewport.ty);

  /* Zoom to fit goes through the workspace. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-fit", NULL));
  g_assert_false (ot_workspace_has_viewport (workspace));
  g_assert_true (ot_canvas_is_fitted (canvas));
  g_assert_cmpfloat (ot_canvas_get_viewport (canvas)->scale, ==, fitted.scale);

  /* A new dataset: the view is unset and fits it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL));
  g_assert_true (ot_workspace_has_viewport (workspace));
  ot_window_open_files (window, &demo, 1);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_workspace_get_dataset (workspace)), ==, 85);
  g_assert_false (ot_workspace_has_viewport (workspace));
  g_assert_true (ot_canvas_is_fitted (canvas));
}

static void
test_viewport (void)
{
  run_app (check_viewport);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-filters/mineral-and-period", test_mineral_and_period);
  g_test_add_func ("/window-filters/search-and-table", test_search_and_table);
  g_test_add_func ("/window-filters/workspace-drives-widgets", test_workspace_drives_widgets);
  g_test_add_func ("/window-filters/viewport", test_viewport);

  return g_test_run ();
}
