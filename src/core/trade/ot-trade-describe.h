/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-describe.h: the trade signals in the user's words (issue 18,
 * docs/trade-signals.md "In the window"): places, kinds, routes, legs,
 * months and quantities as the Signals panel, its small multiples and
 * their export write them, translated.  Any thread. */
#pragma once

#include "ot-trade-signals.h"

G_BEGIN_DECLS

/* A place's name: the country's in the user's language, or "World",
 * "Confidential partners", "Other areas". */
const char *ot_trade_place_label        (OtTradePlace         place);
/* "Rerouting", "Mirror gap", "Unit value", "Code switch". */
const char *ot_trade_signal_kind_label  (OtTradeSignalKind    kind);
/* "China → Thailand → United States" (a hub between the ends when the
 * signal has one). */
char       *ot_trade_signal_route       (const OtTradeSignal *signal);
/* What a leg is to its signal: "Direct", "To the hub", "From the hub",
 * "Importer's records", … */
const char *ot_trade_leg_role_label     (OtTradeLegRole       role);
/* The way the goods went: "China → Thailand" (an import's partner is
 * where they came from). */
char       *ot_trade_leg_route          (const OtTradeLeg    *leg);
/* Whose records: "exports reported by China", "imports reported by
 * Thailand". */
char       *ot_trade_leg_records        (const OtTradeLeg    *leg);
/* Product lines as the statistics print them: "2825.80, 8110.10". */
char       *ot_trade_products_label     (const guint16       *products,
                                         guint                n_products);
/* The control a signal's windows are split at: "CN-2024-46 · 3 December
 * 2024" (the date as the locale writes it); NULL without one. */
char       *ot_trade_control_label      (const OtControl     *control);
/* "December 2024". */
char       *ot_trade_month_label        (guint16              month);
/* A quantity: "450 kg", "12.3 t", "1,204 t"; "—" when not known. */
char       *ot_trade_kg_label           (double               kg);
/* A value: "1.2 M US$", "35,000 €", "—" when not known. */
char       *ot_trade_value_label        (double               value,
                                         OtTradeCurrency      currency);
/* "US$", "€", "CN¥". */
const char *ot_trade_currency_symbol    (OtTradeCurrency      currency);
/* A signed number with a real minus sign: "−2.90", "+1.23". */
char       *ot_trade_signed_label       (double               number,
                                         int                  digits);
/* The numbers of a compared leg: "12.3 t → 0.6 t a month · change −2.90 ·
 * t = −8.1"; NULL when the leg was not compared in windows. */
char       *ot_trade_leg_numbers        (const OtTradeLeg    *leg);
/* One line for the list: "Score 8.4 · flagged" / "Score 1.2 · below 3.0". */
char       *ot_trade_signal_score_label (const OtTradeSignal *signal,
                                         double               threshold);

G_END_DECLS
