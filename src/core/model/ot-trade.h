/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade.h: official trade statistics (issue 18), the lawful flows the
 * incidents are set against: the products of the controlled minerals
 * (data/trade-products.csv) and a table of statistical rows read from
 * UN Comtrade, US Census, Eurostat Comext or published figures
 * (src/core/trade/ reads them; docs/trade-statistics.md).
 *
 * The table is columnar and append-only while it is filled (one loader
 * thread), then frozen and shared read-only by every dataset version that
 * holds it: ten million rows take 10 M × 32 bytes. */
#pragma once

#include <glib.h>

#include "ot-country.h"
#include "ot-mineral.h"

G_BEGIN_DECLS

/* ---- Products ----------------------------------------------------------------------- */

/* What a product line of data/trade-products.csv is to the analysis. */
typedef enum {
  OT_TRADE_ROLE_CONTROLLED,    /* under an export-control measure */
  OT_TRADE_ROLE_UNCONTROLLED,  /* the same mineral, a form no measure names */
  OT_TRADE_ROLE_PLACEBO,       /* a neighbouring product of another material: a
                                * demand shock moves it too, rerouting does not */
} OtTradeRole;

/* Whose code list a code belongs to: beyond six digits the national
 * lists differ (8112.92.10 is gallium in the US HTS, germanium in China's
 * list). */
typedef enum {
  OT_TRADE_HS,        /* the six international digits, every list */
  OT_TRADE_CHINA,     /* China's 8- and 10-digit codes (GACC) */
  OT_TRADE_US,        /* the US HTS (Census) */
  OT_TRADE_EU,        /* the EU Combined Nomenclature, CN8 (Comext) */
} OtTradeNomenclature;

typedef struct {
  const char  *code;         /* digits only: an HS6, CN8, HTS10 or CN10 code or prefix */
  OtTradeNomenclature nomenclature;
  OtMineral    mineral;      /* the mineral it carries; for a placebo, the mineral it
                              * stands beside */
  const char  *form;         /* English: "oxides", "unwrought, powders" */
  OtTradeRole  role;
  const char  *source;       /* where the mapping comes from */
} OtTradeProduct;

guint                  ot_trade_product_count (void);
const OtTradeProduct  *ot_trade_product_nth   (guint        index);
/* The product of a code declared in @nomenclature (dots and blanks
 * ignored): the longest code of that list or of the HS that is a prefix
 * of @code.  FALSE when none is. */
gboolean               ot_trade_product_match (OtTradeNomenclature  nomenclature,
                                               const char          *code,
                                               guint               *index);

/* ---- Places --------------------------------------------------------------------------- */

/* A reporter or partner: a country of data/countries.csv, or one of the
 * statistical areas that are no country. */
typedef enum {
  OT_TRADE_PLACE_COUNTRY,
  OT_TRADE_PLACE_WORLD,          /* the total over partners (Comtrade 0, Census "-") */
  OT_TRADE_PLACE_CONFIDENTIAL,   /* areas nes, special categories, secret partners */
  OT_TRADE_PLACE_OTHER,          /* bunkers, free zones, groups of countries */
} OtTradePlaceKind;

typedef guint16 OtTradePlace;      /* an index: ot_country_nth () below
                                    * OT_TRADE_PLACE_FIRST_SPECIAL, else the kinds */
#define OT_TRADE_PLACE_FIRST_SPECIAL ((OtTradePlace) 0xfff0)
#define OT_TRADE_PLACE_WORLD_ID        ((OtTradePlace) 0xfff0)
#define OT_TRADE_PLACE_CONFIDENTIAL_ID ((OtTradePlace) 0xfff1)
#define OT_TRADE_PLACE_OTHER_ID        ((OtTradePlace) 0xfff2)

OtTradePlace      ot_trade_place_from_country (const char   *alpha2);
OtTradePlaceKind  ot_trade_place_kind         (OtTradePlace  place);
/* Alpha-2 of a country, NULL for the other kinds. */
const char       *ot_trade_place_country      (OtTradePlace  place);

/* ---- Rows ------------------------------------------------------------------------------- */

typedef enum {
  OT_TRADE_IMPORT,      /* M: partner = country of origin (Census, Comtrade M) */
  OT_TRADE_EXPORT,      /* X: partner = last known destination */
  OT_TRADE_REIMPORT,    /* RM */
  OT_TRADE_REEXPORT,    /* RX, Census DF = 2 */
} OtTradeFlow;

typedef enum {
  OT_TRADE_ANNUAL          = 1 << 0,  /* a year's total: month is January */
  OT_TRADE_KG_MISSING      = 1 << 1,  /* no quantity given: unknown, never zero */
  OT_TRADE_VALUE_MISSING   = 1 << 2,
  OT_TRADE_KG_SUPPRESSED   = 1 << 3,  /* withheld as confidential by the reporter */
  OT_TRADE_VALUE_SUPPRESSED = 1 << 4,
  OT_TRADE_ESTIMATED       = 1 << 5,  /* quantity estimated by the publisher */
  OT_TRADE_CUMULATIVE      = 1 << 6,  /* a published figure over several months:
                                       * month is the first, span the count */
} OtTradeFlags;

typedef enum {
  OT_TRADE_USD,
  OT_TRADE_EUR,
  OT_TRADE_CNY,
} OtTradeCurrency;

/* One row as the table gives it back. */
typedef struct {
  OtTradePlace  reporter;
  OtTradePlace  partner;
  guint8        flow;        /* OtTradeFlow */
  guint8        flags;       /* OtTradeFlags */
  guint8        currency;    /* OtTradeCurrency */
  guint8        span;        /* months covered: 1, 12 for annual, more when cumulative */
  guint16       product;     /* ot_trade_product_nth () */
  guint16       month;       /* ot_trade_month (): months since January 1900 */
  double        kg;          /* net mass; NAN when missing or suppressed */
  double        value;       /* in @currency; NAN when missing or suppressed */
  guint16       file;        /* index into ot_trade_table_get_files () */
  guint32       line;        /* line (or record) of that file, from 1 */
} OtTradeRow;

static inline guint16
ot_trade_month (guint year,
                guint month)
{
  return (guint16) ((year - 1900) * 12 + (month - 1));
}
#define OT_TRADE_MONTH_YEAR(m)  (1900 + (m) / 12)
#define OT_TRADE_MONTH_MONTH(m) (1 + (m) % 12)

typedef struct _OtTradeTable OtTradeTable;

OtTradeTable  *ot_trade_table_new         (void);
OtTradeTable  *ot_trade_table_ref         (OtTradeTable     *self);
void           ot_trade_table_unref       (OtTradeTable     *self);

/* Filling (one thread, before the table is shared). */
guint16        ot_trade_table_add_file    (OtTradeTable     *self,
                                           const char       *name);
void           ot_trade_table_append      (OtTradeTable     *self,
                                           const OtTradeRow *row);
/* Appends @n rows at once: what the readers do, a batch at a time (one
 * call per row costs more than reading it). */
void           ot_trade_table_append_rows (OtTradeTable     *self,
                                           const OtTradeRow *rows,
                                           guint             n);
/* Appends every row of @other; its files are ours of the same name, or
 * added after ours. */
void           ot_trade_table_absorb      (OtTradeTable     *self,
                                           OtTradeTable     *other);
/* Drops the rows from @n_rows on and the files from @n_files on (a file
 * that could not be read whole, while filling). */
void           ot_trade_table_truncate    (OtTradeTable     *self,
                                           guint             n_rows,
                                           guint             n_files);

/* Reading. */
guint          ot_trade_table_get_n_rows  (OtTradeTable     *self);
void           ot_trade_table_get_row     (OtTradeTable     *self,
                                           guint             index,
                                           OtTradeRow       *out);
const char * const *ot_trade_table_get_files (OtTradeTable  *self);   /* NULL-terminated */
/* The columns, for loops over millions of rows. */
const OtTradePlace *ot_trade_table_get_reporters (OtTradeTable *self);
const OtTradePlace *ot_trade_table_get_partners  (OtTradeTable *self);
const guint16      *ot_trade_table_get_products  (OtTradeTable *self);
const guint16      *ot_trade_table_get_months    (OtTradeTable *self);
const guint8       *ot_trade_table_get_flows     (OtTradeTable *self);
const guint8       *ot_trade_table_get_flags     (OtTradeTable *self);
const double       *ot_trade_table_get_kgs       (OtTradeTable *self);
const double       *ot_trade_table_get_values    (OtTradeTable *self);
const guint8       *ot_trade_table_get_currencies (OtTradeTable *self);   /* OtTradeCurrency */
const guint8       *ot_trade_table_get_spans     (OtTradeTable *self);
const guint16      *ot_trade_table_get_file_indices (OtTradeTable *self);
/* The first and last month of a monthly or annual row; FALSE when empty. */
gboolean       ot_trade_table_get_period  (OtTradeTable     *self,
                                           guint16          *first,
                                           guint16          *last);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtTradeTable, ot_trade_table_unref)

G_END_DECLS
