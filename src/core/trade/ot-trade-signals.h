/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-signals.h: what the trade statistics point at (issue 18;
 * docs/trade-signals.md has every method, statistic and threshold):
 *
 *   rerouting    (M2)  around a control date: the direct flow origin →
 *                      destination falls while origin → hub and hub →
 *                      destination rise, tested against a placebo of
 *                      uncontrolled neighbouring products;
 *   mirror gap   (M1)  an importer's records of a partner against the
 *                      partner's own, CIF/FOB allowed for, persistent;
 *   unit value   (M4)  a flow's price per kg far from the product's
 *                      median across partners in the same months;
 *   code switch  (M5)  tonnes leaving a controlled line for a
 *                      neighbouring uncontrolled one after a control.
 *
 * One pass aggregates the table into monthly series per (reporter,
 * partner, flow, product, currency); the tests then read the series.
 * Every signal carries its evidence: the numbers before and after, the
 * months compared, each leg's monthly series and the table rows behind
 * them.  The results are immutable and may be read from any thread. */
#pragma once

#include <gio/gio.h>

#include "ot-controls.h"
#include "ot-trade.h"

G_BEGIN_DECLS

typedef enum {
  OT_TRADE_SIGNAL_REROUTING,
  OT_TRADE_SIGNAL_MIRROR_GAP,
  OT_TRADE_SIGNAL_UNIT_VALUE,
  OT_TRADE_SIGNAL_CODE_SWITCH,
} OtTradeSignalKind;
#define OT_TRADE_N_SIGNAL_KINDS 4

/* What a leg's series is to its signal. */
typedef enum {
  OT_TRADE_LEG_DIRECT,       /* rerouting: origin → destination (expected to fall) */
  OT_TRADE_LEG_TO_HUB,       /* rerouting: origin → hub (expected to rise) */
  OT_TRADE_LEG_FROM_HUB,     /* rerouting: hub → destination (expected to rise) */
  OT_TRADE_LEG_IMPORTER,     /* mirror gap: the importer's records of the exporter */
  OT_TRADE_LEG_EXPORTER,     /* mirror gap: the exporter's records of the importer */
  OT_TRADE_LEG_PRICED,       /* unit value: the flow whose price is off */
  OT_TRADE_LEG_CONTROLLED,   /* code switch: the controlled lines (expected to fall) */
  OT_TRADE_LEG_NEIGHBOUR,    /* code switch: the neighbouring uncontrolled lines (to rise) */
} OtTradeLegRole;

/* One monthly series of a signal, as one reporter's records give it. */
typedef struct {
  OtTradeLegRole   role;
  OtTradePlace     reporter;       /* whose records these are */
  OtTradePlace     partner;
  OtTradeFlow      flow;
  OtTradeCurrency  currency;       /* of @value */
  const guint16   *products;       /* the product lines summed (ot_trade_product_nth ()) */
  guint            n_products;

  /* The series, month by month from @first_month: kg and value summed
   * over the lines; 0 when the reporter reported that month but not this
   * flow, NAN when the reporter reported nothing that month or withheld
   * the figure (unknown, never zero). */
  guint16          first_month;    /* ot_trade_month () */
  guint            n_months;
  const double    *kg;
  const double    *value;

  /* Rerouting and code switch: the months compared (ascending; the
   * before months are the same calendar months as the after months, a
   * year or two earlier), the lag of the after window behind the control
   * date, and the test on y = ln (1 + kg / s) (docs/trade-signals.md). */
  const guint16   *before;
  guint            n_before;
  const guint16   *after;
  guint            n_after;
  guint            lag;
  double           kg_before;      /* mean kg a month over the known months */
  double           kg_after;
  double           change;         /* mean y after − mean y before */
  double           t;              /* Welch's t, autocorrelation-corrected */

  /* The table rows behind the series (in the compared months for
   * rerouting and code switch), ascending. */
  const guint     *rows;
  guint            n_rows;
} OtTradeLeg;

/* Mirror gap: one calendar year of both sides. */
typedef struct {
  guint    year;
  guint    n_months;          /* months both reporters reported */
  gboolean by_value;          /* compared in value (else in kg) */
  double   importer;          /* the importer's total, CIF (value) or kg */
  double   exporter;          /* the exporter's total, FOB (value) or kg */
  double   gap;               /* ln ((importer + e) / (allowance × exporter + e)) */
  double   z;                 /* robust z of @gap among the product's pairs and years */
  gboolean flagged;
} OtTradeMirrorYear;

typedef struct {
  OtTradeSignalKind  kind;
  gboolean           flagged;      /* at or above the documented threshold */
  double             score;        /* the ranking key, in units of t or z */

  OtMineral          mineral;      /* of the first product line */
  const guint16     *products;     /* the lines tested: each group's HS6 line (or a national
                                    * line with no HS6 above it); a unit value's own line.
                                    * Each leg lists the lines it read rows of */
  guint              n_products;

  /* Rerouting and code switch: the measure whose date splits the
   * windows; the other measures of the mineral where the same hub (or
   * line) was also flagged, with lower scores. */
  const OtControl   *control;
  const OtControl  * const *also;
  guint              n_also;

  /* Rerouting: origin → hub → destination.  Code switch: origin →
   * destination.  Mirror gap: exporter = origin, importer = destination.
   * Unit value: the leg's reporter and partner. */
  OtTradePlace       origin;
  OtTradePlace       hub;          /* OT_TRADE_PLACE_OTHER_ID when none */
  OtTradePlace       destination;

  /* The months the signal is about: the after window (rerouting, code
   * switch), the flagged years (mirror gap) or the run of months whose
   * price is off (unit value). */
  guint16            first_month;
  guint16            last_month;

  /* Rerouting: the weakest leg's t (raw and against the placebo), the
   * weakest log change, the kg a month that moved along the hub's route
   * (the smaller rise of its two legs) and its share of the direct fall.
   * Code switch: the same for its two legs. */
  double             t_raw;
  double             t_placebo;    /* NAN when no placebo was tested */
  double             change;
  double             kg_per_month;
  double             share;

  OtTradeLeg        *legs;         /* rerouting: direct, to hub, from hub */
  guint              n_legs;
  OtTradeLeg        *placebo;      /* rerouting: the same legs on the placebo lines */
  guint              n_placebo;
  const guint16     *placebo_products;
  guint              n_placebo_products;

  /* Mirror gap: every compared year; +1 when the importer records more,
   * −1 when the exporter does. */
  const OtTradeMirrorYear *years;
  guint              n_years;
  int                sign;

  /* Unit value: value per kg of the run (its median) against the
   * product's median in the same months, and the run's median robust z. */
  double             unit_value;
  double             reference_unit_value;
  double             z;
} OtTradeSignal;

typedef struct {
  OtTradePlace  origin;              /* China */
  guint         after_months;        /* 12: the longest after window */
  guint         min_after_months;    /* 3 */
  guint         min_before_months;   /* 6 known months of the 12 */
  guint         guard_months;        /* 2: left out before every control of the mineral */
  guint         max_lag;             /* 3: the hub → destination leg may lag 0..3 months */
  double        threshold;           /* 3.0: flagged at this score and above */
  double        min_change;          /* ln 1.5: each leg moves by at least this much */
  double        cif_fob;             /* 1.06 (IMF DOTS) */
  double        mirror_min_value;    /* 100,000 US$ a year on the larger side */
  double        mirror_min_kg;       /* 1,000 kg a year when compared in kg */
  double        unit_value_z;        /* 4.0 for every month of a run of 3 months or more */
  double        unit_value_z_single; /* 6.0 for a single month */
  guint         max_candidates;      /* 1,000 kept per kind (flagged first) */
  OtMineral     mineral;             /* OT_MINERAL_NONE: every mineral */
  gboolean      no_placebo;          /* FALSE: routes are tested against the placebo lines */
} OtTradeSignalOptions;

void          ot_trade_signal_options_init (OtTradeSignalOptions *options);

typedef struct _OtTradeSignals OtTradeSignals;

/* Scores @table against @controls (of OtControl, as
 * ot_controls_load_default () gives them; NULL loads those).  NULL with
 * @error when cancelled or when the controls cannot be read.  Any
 * thread; @table is only read. */
OtTradeSignals *ot_trade_signals_compute        (OtTradeTable                *table,
                                                 GPtrArray                   *controls,
                                                 const OtTradeSignalOptions  *options,
                                                 GCancellable                *cancellable,
                                                 GError                     **error);
/* The same in a GTask worker thread. */
void            ot_trade_signals_compute_async  (OtTradeTable                *table,
                                                 GPtrArray                   *controls,
                                                 const OtTradeSignalOptions  *options,
                                                 GCancellable                *cancellable,
                                                 GAsyncReadyCallback          callback,
                                                 gpointer                     user_data);
OtTradeSignals *ot_trade_signals_compute_finish (GAsyncResult                *result,
                                                 GError                     **error);

OtTradeSignals *ot_trade_signals_ref            (OtTradeSignals  *self);
void            ot_trade_signals_unref          (OtTradeSignals  *self);

/* The signals of one kind, best first: the flagged ones (score at or
 * above the threshold), then candidates below it. */
guint                 ot_trade_signals_get_n         (OtTradeSignals    *self,
                                                      OtTradeSignalKind  kind);
guint                 ot_trade_signals_get_n_flagged (OtTradeSignals    *self,
                                                      OtTradeSignalKind  kind);
const OtTradeSignal  *ot_trade_signals_get           (OtTradeSignals    *self,
                                                      OtTradeSignalKind  kind,
                                                      guint              index);
const OtTradeSignalOptions *ot_trade_signals_get_options (OtTradeSignals *self);
OtTradeTable         *ot_trade_signals_get_table     (OtTradeSignals    *self);
/* Rows read into monthly series, and rows left out (published
 * cumulative figures, unknown products). */
guint                 ot_trade_signals_get_n_used    (OtTradeSignals    *self);
guint                 ot_trade_signals_get_n_skipped (OtTradeSignals    *self);

/* Where a table row was read: the file's name and its line. */
void                  ot_trade_signals_row_source    (OtTradeSignals    *self,
                                                      guint              row,
                                                      const char       **file,
                                                      guint             *line);

/* Canonical English names, for JSON: "rerouting", "mirror-gap",
 * "unit-value", "code-switch"; "direct", "to-hub", "from-hub",
 * "importer", "exporter", "priced", "controlled", "neighbour". */
const char   *ot_trade_signal_kind_name (OtTradeSignalKind kind);
const char   *ot_trade_leg_role_name    (OtTradeLegRole    role);
/* "M", "X", "RM", "RX". */
const char   *ot_trade_signal_flow_code    (OtTradeFlow flow);
/* A product line's code as the statistics print it: "2825.80",
 * "2825.80.00.10". */
char         *ot_trade_signal_product_code (guint16     product);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtTradeSignals, ot_trade_signals_unref)

G_END_DECLS
