/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-export-signal.h: a trade signal's small multiples (ot-signal-chart.h)
 * as a PNG, SVG or PDF file of their own, with the signal's title, score
 * and the statistics' files; atomic, like every export (ot-export.h). */
#pragma once

#include "ot-export.h"
#include "ot-signal-chart.h"

G_BEGIN_DECLS

/* Lays @signal out at @opts' width (its height is what the layout needs:
 * @opts' height is ignored) in @theme (NULL: light) and writes it to
 * @path.  Any thread. */
gboolean ot_export_signal_chart (OtTradeSignals        *signals,
                                 const OtTradeSignal   *signal,
                                 const OtTheme         *theme,
                                 const OtExportOptions *opts,
                                 const char            *path,
                                 GError               **error);

G_END_DECLS
