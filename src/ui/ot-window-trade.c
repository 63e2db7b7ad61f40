/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-trade.c: trade statistics as a layer of the chart (issue
 * 18): Show Trade Statistics in the main menu (win.show-trade, the
 * GSettings key "show-trade") turns the layer of the map and network
 * views on and off, on screen and in exports (docs/views.md, "Trade
 * statistics").  Calls only the frame source. */
#include "ot-window-private.h"

static void
hand_show_trade (OtWindow *self)
{
  ot_frame_source_set_show_trade (self->frames, g_settings_get_boolean (self->settings, "show-trade"));
}

static void
on_show_trade_changed (OtWindow   *self,
                       const char *key,
                       GSettings  *settings)
{
  hand_show_trade (self);
}

void
ot_window_trade_init (OtWindow *self)
{
  g_autoptr(GAction) show = g_settings_create_action (self->settings, "show-trade");

  g_action_map_add_action (G_ACTION_MAP (self), show);
  g_signal_connect_object (self->settings, "changed::show-trade", G_CALLBACK (on_show_trade_changed), self,
                           G_CONNECT_SWAPPED);
  hand_show_trade (self);
}
