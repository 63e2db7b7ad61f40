/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-incidents.h: the incidents a trade signal bears on (issue 18,
 * docs/trade-signals.md "In the window"): beside the statistics, what was
 * seized or reported on the same route. */
#pragma once

#include "ot-dataset.h"
#include "ot-trade-signals.h"

G_BEGIN_DECLS

/* Whether @incident is of @signal's mineral (a rare earth matches mixed
 * rare earths either way) and its route touches the signal's places: the
 * hub, for a signal with one (as origin, a stop, the destination or where
 * it happened); else both the origin and the destination. */
gboolean  ot_trade_signal_touches   (const OtTradeSignal *signal,
                                     const OtIncident    *incident);
/* The indices of @dataset's incidents that @signal touches, by date
 * (undated last), then by id. */
GArray   *ot_trade_signal_incidents (const OtTradeSignal *signal,
                                     OtDataset           *dataset);

G_END_DECLS
