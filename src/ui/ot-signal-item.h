/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-signal-item.h: one trade signal as a row of the Signals window's
 * ranked list: its words made once (mineral and route; kind, lines and
 * control; score; flagged or below the threshold). */
#pragma once

#include <glib-object.h>

#include "ot-trade-signals.h"

G_BEGIN_DECLS

#define OT_TYPE_SIGNAL_ITEM (ot_signal_item_get_type ())
G_DECLARE_FINAL_TYPE (OtSignalItem, ot_signal_item, OT, SIGNAL_ITEM, GObject)

/* The @index-th signal of @kind in @signals (kept alive by the item). */
OtSignalItem        *ot_signal_item_new          (OtTradeSignals    *signals,
                                                  OtTradeSignalKind  kind,
                                                  guint              index);
OtTradeSignals      *ot_signal_item_get_signals  (OtSignalItem      *self);
const OtTradeSignal *ot_signal_item_get_signal   (OtSignalItem      *self);
/* "Antimony · China → Thailand → United States". */
const char          *ot_signal_item_get_title    (OtSignalItem      *self);
/* "Rerouting · CN-2024-46 · 2024-12-03 · 2825.80". */
const char          *ot_signal_item_get_subtitle (OtSignalItem      *self);
/* "7.0" */
const char          *ot_signal_item_get_score    (OtSignalItem      *self);
/* "flagged", or "below 3.0". */
const char          *ot_signal_item_get_status   (OtSignalItem      *self);
/* Flagged first; then by kind (routes, lines, mirror pairs, prices: their
 * scores compare within a kind); then by score, highest first. */
int                  ot_signal_item_compare      (gconstpointer      a,
                                                  gconstpointer      b);

G_END_DECLS
