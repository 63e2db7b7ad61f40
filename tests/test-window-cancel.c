/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Superseded chart updates in the window: on 20 000 generated incidents,
 * filter (and view) changes in a row cancel the running update; its
 * result is never shown, the canvas keeps the previous scene meanwhile,
 * and the chart that lands is the one of the last change.  Closing the
 * window while an update is cancelled leaves nothing behind. */
#include "ot-filter-sidebar.h"
#include "ot-generator.h"
#include "ot-window-private.h"
#include "window-fixture.h"

#include <glib/gstdio.h>

#define N_INCIDENTS 20000

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Opens 20 000 generated incidents (a CSV file in a temporary folder). */
static void
load_generated (OtWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-cancel-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, N_INCIDENTS, OT_FORMAT_CSV);
  g_autoptr(GFile) file = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "generated.csv", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  ot_window_open_files (window, &file, 1);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_chart_get_dataset (ot_window_get_chart (window))), ==, N_INCIDENTS);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The network on screen is the one of @filter: its mask is the filter's,
 * and every edge carries the one mineral the filter lets through. */
static void
assert_network_of (OtWindow       *window,
                   const OtFilter *filter,
                   OtMineral       mineral)
{
  OtChart *chart = ot_window_get_chart (window);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  g_autofree guint8 *mask = NULL;
  const guint8 *shown;
  guint n, n_shown;

  g_assert_true (ot_filter_equal (ot_chart_get_filter (chart), filter));
  g_assert_nonnull (network);
  mask = ot_filter_apply (filter, ot_chart_get_dataset (chart), &n);
  shown = ot_network_get_mask (network, &n_shown);
  g_assert_cmpuint (n_shown, ==, N_INCIDENTS);
  g_assert_cmpmem (shown, n_shown, mask, N_INCIDENTS);
  g_assert_cmpuint (ot_network_get_n_included (network), ==, n);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (ot_network_get_n_edges (network), >, 0);
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    g_assert_cmpint (ot_network_get_edge (network, e)->mineral, ==, mineral);
  /* And the canvas draws the chart's scene. */
  {
    g_autoptr(OtScene) scene = ot_chart_get_scene (chart);

    g_assert_true (ot_canvas_get_scene (ot_window_get_canvas (window)) == scene);
  }
}

static void
check_superseded (OtApplication *app,
                  OtWindow      *window)
{
  OtFilterSidebar *sidebar;
  OtCanvas *canvas = ot_window_get_canvas (window);
  OtMineral sb, w, ga;
  g_autoptr(OtScene) before = NULL;
  g_autoptr(OtFilter) last = NULL;
  guint shown0, cancelled0, shown, cancelled;
  OtChart *chart;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("tungsten", &w));
  g_assert_true (ot_mineral_parse ("gallium", &ga));
  load_generated (window);
  sidebar = find_one_widget (window, OT_TYPE_FILTER_SIDEBAR);

  /* Three filter changes in a row: the first starts an update, the second
   * cancels it, the third waits with the second for it to return. */
  ot_window_get_update_counts (window, &shown0, &cancelled0);
  before = ot_scene_ref (ot_canvas_get_scene (canvas));
  ot_filter_sidebar_set_mineral (sidebar, sb, TRUE);
  ot_filter_sidebar_set_mineral (sidebar, w, TRUE);
  ot_filter_sidebar_set_mineral (sidebar, sb, FALSE);
  ot_window_get_update_counts (window, &shown, &cancelled);
  g_assert_cmpuint (cancelled, ==, cancelled0 + 1);
  g_assert_cmpuint (shown, ==, shown0);
  g_assert_true (ot_window_is_updating (window));
  g_assert_true (ot_canvas_is_busy (canvas));
  g_assert_true (ot_canvas_get_scene (canvas) == before);   /* the previous scene meanwhile */

  g_assert_true (wait_until (window_is_idle, window));
  ot_window_get_update_counts (window, &shown, &cancelled);
  g_assert_cmpuint (cancelled, ==, cancelled0 + 1);
  g_assert_cmpuint (shown, ==, shown0 + 1);             /* the cancelled one never showed */
  g_assert_false (ot_canvas_is_busy (canvas));
  g_assert_true (ot_canvas_get_scene (canvas) != before);
  last = ot_filter_copy (ot_filter_sidebar_get_filter (sidebar));
  g_assert_true (ot_filter_includes_mineral (last, w));
  g_assert_false (ot_filter_includes_mineral (last, sb));
  assert_network_of (window, last, w);

  /* A view change supersedes a filter change's update too, and the chart
   * that lands has both. */
  ot_filter_sidebar_set_mineral (sidebar, w, FALSE);
  ot_filter_sidebar_set_mineral (sidebar, ga, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "map"));
  ot_window_get_update_counts (window, &shown, &cancelled);
  g_assert_cmpuint (cancelled, ==, cancelled0 + 2);
  g_assert_true (wait_until (window_is_idle, window));
  ot_window_get_update_counts (window, &shown, &cancelled);
  g_assert_cmpuint (shown, ==, shown0 + 2);
  g_assert_cmpint (ot_chart_get_view (ot_window_get_chart (window)), ==, OT_VIEW_MAP);
  g_clear_pointer (&last, ot_filter_free);
  last = ot_filter_copy (ot_filter_sidebar_get_filter (sidebar));
  assert_network_of (window, last, ga);

  /* A change that does not supersede (a selection) waits instead. */
  ot_filter_sidebar_set_mineral (sidebar, ga, FALSE);
  ot_canvas_select (canvas, OT_HIT_NODE, 0);
  ot_window_get_update_counts (window, &shown, &cancelled);
  g_assert_cmpuint (cancelled, ==, cancelled0 + 2);
  g_assert_true (wait_until (window_is_idle, window));

  /* Closed while an update is cancelled: the update returns, drops its
   * result and with it the last reference to the chart. */
  chart = ot_window_get_chart (window);
  g_object_add_weak_pointer (G_OBJECT (chart), (gpointer *) &chart);
  ot_filter_sidebar_set_mineral (sidebar, sb, TRUE);
  ot_filter_sidebar_set_mineral (sidebar, w, TRUE);
  ot_window_get_update_counts (window, &shown, &cancelled);
  g_assert_cmpuint (cancelled, ==, cancelled0 + 3);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wait_until (pointer_cleared, &chart));
}

static void
test_superseded (void)
{
  run_app (check_superseded);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window-cancel/superseded", test_superseded);

  return g_test_run ();
}
