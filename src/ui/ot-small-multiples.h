/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-small-multiples.h: a trade signal's small multiples on screen (issue
 * 18): the core's ot-signal-chart.c laid out at the widget's width (its
 * height follows: height-for-width) and drawn with
 * gtk_snapshot_append_cairo (), in the light or dark theme as libadwaita's
 * style manager says.  Its accessible description is every panel's title
 * and numbers. */
#pragma once

#include <gtk/gtk.h>

#include "ot-signal-chart.h"

G_BEGIN_DECLS

#define OT_TYPE_SMALL_MULTIPLES (ot_small_multiples_get_type ())
G_DECLARE_FINAL_TYPE (OtSmallMultiples, ot_small_multiples, OT, SMALL_MULTIPLES, GtkWidget)

GtkWidget     *ot_small_multiples_new        (void);
/* Shows @signal (one of @signals'); NULL shows nothing. */
void           ot_small_multiples_set_signal (OtSmallMultiples    *self,
                                              OtTradeSignals      *signals,
                                              const OtTradeSignal *signal);
/* The chart as laid out at the widget's width, or NULL (for tests). */
OtSignalChart *ot_small_multiples_get_chart  (OtSmallMultiples    *self);

G_END_DECLS
