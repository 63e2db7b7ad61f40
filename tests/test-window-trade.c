/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trade statistics in the window (issue 18): with a trade table on the
 * samples' dataset, the map draws its statistical flows; Show Trade
 * Statistics (win.show-trade, GSettings "show-trade") takes them off the
 * canvas and puts them back; a statistical flow selected shows its facts
 * (lawful trade, not an allegation) in the details pane. */
#include "ot-details-pane.h"
#include "ot-render.h"
#include "ot-test-trade.h"
#include "window-fixture.h"

static guint
n_statistical (OtWindow *window)
{
  g_assert_true (wait_until (window_is_idle, window));
  return ot_scene_get_n_statistical (ot_canvas_get_scene (ot_window_get_canvas (window)));
}

static void
check_show_trade (OtApplication *app,
                  OtWindow      *window)
{
  OtWorkspace *workspace = ot_window_get_workspace (window);
  OtDetailsPane *details = ot_window_get_details_pane (window);
  g_autoptr(OtTradeTable) table = ot_trade_table_new ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  guint16 file = ot_trade_table_add_file (table, "comtrade.csv");
  g_autoptr(OtTradeLayer) layer = NULL;
  gint pair;

  window_load_file (window, "data/samples/incidents.csv");
  g_assert_true (wait_until (canvas_ready, ot_window_get_canvas (window)));
  ot_test_trade_append (table, file, "TH", "CN", OT_TRADE_IMPORT, "282580", 2024, 1, 1, 1000, 1060);
  ot_test_trade_append (table, file, "CN", "CL", OT_TRADE_EXPORT, "810110", 2024, 2, 1, 40000, NAN);
  ot_dataset_set_trade (ot_workspace_get_dataset (workspace), table);
  ot_workspace_set_view (workspace, OT_VIEW_MAP);
  g_assert_true (g_settings_get_boolean (settings, "show-trade"));

  /* Off: no statistical flow; on again: both. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-trade", NULL);
  g_assert_false (g_settings_get_boolean (settings, "show-trade"));
  g_assert_cmpuint (n_statistical (window), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-trade", NULL);
  g_assert_true (g_settings_get_boolean (settings, "show-trade"));
  g_assert_cmpuint (n_statistical (window), ==, 2);

  /* A statistical flow selected: its facts in the pane. */
  layer = ot_chart_get_trade_layer (ot_window_get_chart (window));
  g_assert_nonnull (layer);
  pair = ot_trade_layer_find_pair (layer, ot_trade_place_from_country ("CN"), ot_trade_place_from_country ("CL"));
  g_assert_cmpint (pair, >=, 0);
  ot_workspace_select_mark (workspace, OT_HIT_EDGE, OT_CHART_TRADE_ID + (guint) pair);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpstr (ot_details_pane_get_heading (details), ==, "China → Chile");
  g_assert_cmpstr (ot_details_pane_get_fact (details, "Kind"), ==,
                   "Trade statistics: lawful trade, not an allegation");
  g_assert_cmpstr (ot_details_pane_get_fact (details, "Files"), ==, "comtrade.csv");
}

static void
test_show_trade (void)
{
  run_app (check_show_trade);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/window/trade/show-trade", test_show_trade);
  return g_test_run ();
}
