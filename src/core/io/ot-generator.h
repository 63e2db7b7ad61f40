/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-generator.h: deterministic synthetic incident sets of any size, for
 * tests and benchmarks.  Shaped like the real thing: a few hubs and
 * companies carry most records, quantities are heavy-tailed (grams to
 * thousands of tonnes), most flows are small.  Every record is marked
 * illustrative and every company name is synthetic. */
#pragma once

#include <gio/gio.h>
#include "ot-loader.h"
#include "ot-trade.h"

G_BEGIN_DECLS

/* Writes @count incidents to @out as CSV, JSON or JSON Lines.  The same
 * @seed and @count always give the same bytes. */
gboolean  ot_generator_write    (guint64         seed,
                                 guint           count,
                                 OtFormat        format,
                                 GOutputStream  *out,
                                 GCancellable   *cancellable,
                                 GError        **error);
/* The same, in memory. */
GBytes   *ot_generator_to_bytes (guint64         seed,
                                 guint           count,
                                 OtFormat        format);

/* ---- Trade statistics (issue 18) ------------------------------------------
 *
 * Monthly trade statistics of the controlled minerals' HS lines
 * (data/trade-products.csv, HS2022 codes), as customs offices report
 * them: every reporting country records its exports by destination and
 * its imports by origin, so most flows appear twice (mirror records, the
 * importer's a little later and CIF); levels follow the size of the two
 * countries, China exports most of every line; seasons, growth, an AR(1)
 * noise, months without a shipment for small flows, a price per line that
 * walks.  Every figure is generated: tests and benchmarks only.
 *
 * Planted patterns, each optional, with the facts the tests check: */
typedef enum {
  /* After the control of 2024-12-03 (CN-2024-46) China's exports of the
   * controlled antimony lines to the US fall to 5 %; the rest goes to
   * Thailand (60 %) and Mexico (40 %) the same month, and from them to
   * the US a month later. */
  OT_TRADE_PLANT_REROUTING     = 1 << 0,
  /* The same pattern on the antimony placebo lines (a demand shock). */
  OT_TRADE_PLANT_PLACEBO_SHOCK = 1 << 1,
  /* From August 2023 China records no exports of germanium oxides
   * (2825.60) to the US, while the US records imports of them from China
   * at 40 % of before. */
  OT_TRADE_PLANT_MIRROR_GAP    = 1 << 2,
  /* During 2022 Korea's exports of unwrought tungsten (8101.94) to
   * Germany are priced at a fifth of the line's price (both records). */
  OT_TRADE_PLANT_UNIT_VALUE    = 1 << 3,
  /* From December 2023, 80 % of China's flake graphite (2504.10) to Japan
   * is declared as other natural graphite (2504.90). */
  OT_TRADE_PLANT_CODE_SWITCH   = 1 << 4,
} OtTradePlants;

typedef struct {
  guint64        seed;
  guint          first_year;    /* 2020 */
  guint          n_years;       /* 6 */
  guint          n_countries;   /* 40 trading countries, the largest first (at least 7) */
  guint          n_reporters;   /* 30 of them report */
  double         partners;      /* 6: mean destinations of an exporter of a line (China 3×) */
  OtMineral      mineral;       /* OT_MINERAL_NONE: every mineral's lines */
  gboolean       world;         /* each reporter's total over partners too (partner World) */
  OtTradePlants  plants;
} OtTradeGeneratorOptions;

void          ot_trade_generator_options_init (OtTradeGeneratorOptions *options);
/* The statistics in memory, their rows in the order and at the lines
 * ot_trade_generator_write_comtrade () writes them, under @file_name. */
OtTradeTable *ot_trade_generator_new          (const OtTradeGeneratorOptions *options,
                                               const char                    *file_name);
/* Writes @table (places that are countries or World, HS lines) as a
 * UN Comtrade bulk "final" file: tab-separated, the columns of
 * TradeDataItems in their order, M49 reporter and partner codes,
 * one line per row (line 1 the header). */
gboolean      ot_trade_generator_write_comtrade (OtTradeTable   *table,
                                                 GOutputStream  *out,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
/* The same for the rows of one year only (Comtrade's bulk files come one
 * per reporter and period): its lines are counted from 2 again. */
gboolean      ot_trade_generator_write_comtrade_year (OtTradeTable   *table,
                                                      guint           year,
                                                      GOutputStream  *out,
                                                      GCancellable   *cancellable,
                                                      GError        **error);

G_END_DECLS
