/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-signals-window.h: the Trade Signals window (issue 18,
 * docs/trade-signals.md "In the window"): a non-modal AdwWindow whose
 * AdwLeaflet holds the ranked list of a dataset's trade signals (kind,
 * mineral, route, lines, control, score, flagged or below the threshold;
 * filtered by kind and mineral) and the signal picked: its small
 * multiples, the incidents touching its route (activating one emits
 * "incident-activated") and its source rows, copyable; Export… writes
 * the charts as PNG, SVG or PDF.  The signals are scored in a worker
 * (ot_trade_signals_compute_async ()) whenever the dataset brings another
 * trade table; a spinner shows meanwhile and Cancel stops it. */
#pragma once

#include <adwaita.h>

#include "ot-dataset.h"
#include "ot-signal-item.h"
#include "ot-small-multiples.h"

G_BEGIN_DECLS

#define OT_TYPE_SIGNALS_WINDOW (ot_signals_window_get_type ())
G_DECLARE_FINAL_TYPE (OtSignalsWindow, ot_signals_window, OT, SIGNALS_WINDOW, AdwWindow)

OtSignalsWindow  *ot_signals_window_new               (GtkWindow       *parent);
/* The dataset whose trade table is scored and whose incidents are
 * listed; scoring starts when its table is another one. */
void              ot_signals_window_set_dataset       (OtSignalsWindow *self,
                                                       OtDataset       *dataset);
/* Scoring or exporting. */
gboolean          ot_signals_window_is_busy           (OtSignalsWindow *self);
/* Stops the scoring under way. */
void              ot_signals_window_cancel            (OtSignalsWindow *self);
/* The results on show, or NULL. */
OtTradeSignals   *ot_signals_window_get_signals       (OtSignalsWindow *self);
/* Shows only one kind (-1: every kind) and one mineral (OT_MINERAL_NONE:
 * every mineral), as the two drop-downs do. */
void              ot_signals_window_set_filter        (OtSignalsWindow *self,
                                                       int              kind,
                                                       OtMineral        mineral);
/* The rows listed (of OtSignalItem), best first, after the filter. */
GListModel       *ot_signals_window_get_items         (OtSignalsWindow *self);
/* Picks the row at @position: its detail shows. */
void              ot_signals_window_select            (OtSignalsWindow *self,
                                                       guint            position);
/* The signal whose detail shows, or NULL. */
OtSignalItem     *ot_signals_window_get_shown         (OtSignalsWindow *self);
OtSmallMultiples *ot_signals_window_get_multiples     (OtSignalsWindow *self);
/* The incidents listed for it (of OtIncidentRow). */
GListModel       *ot_signals_window_get_incidents     (OtSignalsWindow *self);
/* As a click on the incident at @position: "incident-activated". */
void              ot_signals_window_activate_incident (OtSignalsWindow *self,
                                                       guint            position);
/* The source rows of the shown signal, as Copy puts them on the
 * clipboard: a line per leg, then FILE:LINE a line. */
char             *ot_signals_window_dup_evidence      (OtSignalsWindow *self);
/* Export… without the file chooser: the charts of the shown signal to
 * @path (PNG, SVG or PDF by its extension) in a worker; a toast says how
 * it went. */
void              ot_signals_window_export_to         (OtSignalsWindow *self,
                                                       const char      *path);

G_END_DECLS
