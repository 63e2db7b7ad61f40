/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-places.h: the reporter and partner codes of trade statistics
 * (data/trade-places.csv: UN Comtrade's M49-based codes, US Census
 * Schedule C codes) as places of ot-trade.h; read once, then any thread. */
#pragma once

#include "ot-trade.h"

G_BEGIN_DECLS

/* A UN Comtrade reporter or partner code (0 World, 899 Areas nes and 839
 * Special categories confidential, 490 Taiwan, 842 USA …).  FALSE when
 * the code is not in the table. */
gboolean  ot_trade_place_from_m49    (guint          code,
                                      OtTradePlace  *place);
/* A US Census Schedule C code ("5700"; "-" the total of all countries).
 * FALSE when the code is not in the table. */
gboolean  ot_trade_place_from_census (const char    *code,
                                      OtTradePlace  *place);
/* The place as a word for programs and tests: its alpha-2, or "world",
 * "confidential", "other". */
const char *ot_trade_place_key       (OtTradePlace   place);
/* The inverse: a country's alpha-2 (as data/countries.csv has it) or one
 * of those words; FALSE otherwise. */
gboolean  ot_trade_place_from_key    (const char    *key,
                                      OtTradePlace  *place);
/* An ISO 3166-1 alpha-3 code, or WLD for the world; FALSE otherwise. */
gboolean  ot_trade_place_from_alpha3 (const char    *code,
                                      OtTradePlace  *place);

G_END_DECLS
