/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-comtrade.c: UN Comtrade files (reference README §1a): the API's
 * CSV and the bulk "final" files (tab-separated, the same columns without
 * the ISO and description ones) share one set of column names, matched in
 * any case; the legacy pre-2023 CSV has its own, and numeric flows. */
#include "ot-trade-reader-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ot-trade-places.h"

enum {
  C_TYPE, C_FREQ, C_YEAR, C_MONTH, C_PERIOD, C_PERIOD_ID, C_REPORTER, C_FLOW, C_PARTNER,
  C_PARTNER2, C_CUSTOMS, C_MOT, C_CODE, C_QTY_UNIT, C_QTY, C_QTY_ESTIMATED, C_NET_WEIGHT,
  C_NET_WEIGHT_ESTIMATED, C_VALUE, N_COLUMNS
};

/* The current API and bulk names, and the legacy CSV's. */
static const char *const names[N_COLUMNS] = {
  "typeCode", "freqCode", "refYear", "refMonth", "period", "refPeriodId", "reporterCode",
  "flowCode", "partnerCode", "partner2Code", "customsCode", "motCode", "cmdCode",
  "qtyUnitCode", "qty", "isQtyEstimated", "netWgt", "isNetWgtEstimated", "primaryValue",
};
static const char *const legacy_names[N_COLUMNS] = {
  NULL, NULL, "Year", NULL, "Period", NULL, "Reporter Code", "Trade Flow Code", "Partner Code",
  "2nd Partner Code", "Customs Proc. Code", "Mode of Transport Code", "Commodity Code",
  "Qty Unit Code", "Qty", NULL, "Netweight (kg)", NULL, "Trade Value (US$)",
};

typedef struct {
  int      at[N_COLUMNS];
  gboolean legacy;
} Columns;

#define QTY_UNIT_KG 8   /* WCO unit code of kilograms, old and new lists */

static gboolean
read_header (OtTradeReader  *reader,
             const OtCsvRow *header,
             gboolean        legacy)
{
  const char *const *list = legacy ? legacy_names : names;
  static const guint required[] = { C_REPORTER, C_FLOW, C_PARTNER, C_CODE };
  Columns *columns = g_new0 (Columns, 1);

  columns->legacy = legacy;
  ot_trade_find_columns (header, list, N_COLUMNS, columns->at);
  reader->columns = columns;
  reader->columns_const = columns;
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (columns->at[required[i]] < 0)
      {
        ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR,
                                _("not a UN Comtrade file: the header has no column %s"),
                                list[required[i]]);
        return FALSE;
      }
  if (columns->at[C_YEAR] < 0 && columns->at[C_PERIOD] < 0 && columns->at[C_PERIOD_ID] < 0)
    {
      ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR,
                              _("not a UN Comtrade file: the header has no column %s"), list[C_PERIOD]);
      return FALSE;
    }
  if (columns->at[C_NET_WEIGHT] < 0 && columns->at[C_QTY] < 0)
    ot_trade_reader_report (reader, header->line, OT_SEVERITY_WARNING,
                            _("no column %s: every quantity is missing"), list[C_NET_WEIGHT]);
  if (columns->at[C_VALUE] < 0)
    ot_trade_reader_report (reader, header->line, OT_SEVERITY_WARNING,
                            _("no column %s: every value is missing"), list[C_VALUE]);
  return TRUE;
}

/* The column's name in the file's own spelling, for messages. */
static const char *
column_name (const Columns *columns,
             guint          c)
{
  return columns->legacy ? legacy_names[c] : names[c];
}

static gboolean
read_place (OtTradeReader  *reader,
            const Columns  *columns,
            const OtCsvRow *row,
            guint           c,
            OtTradePlace   *place,
            gboolean       *unknown)
{
  gsize length;
  const char *text = ot_trade_field (row, columns->at[c], &length);
  guint code;

  if (!ot_trade_parse_uint (text, length, &code))
    {
      ot_trade_reader_error (reader, column_name (columns, c),
                             _("“%s” is not a country code (a number of UN M49); row skipped"), text);
      return FALSE;
    }
  if (!ot_trade_place_from_m49 (code, place))
    {
      ot_trade_reader_skip (reader, OT_TRADE_SKIP_PLACE, text);
      *unknown = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* The month of the row, and whether it is a year: refYear and refMonth
 * (52 = the year), else period (YYYY or YYYYMM), else refPeriodId
 * (YYYYMMDD) with freqCode. */
static gboolean
read_month (OtTradeReader  *reader,
            const Columns  *columns,
            const OtCsvRow *row,
            OtTradeRow     *out)
{
  gsize n_year, n_month, n_period, n_freq;
  const char *year = ot_trade_field (row, columns->at[C_YEAR], &n_year);
  const char *month = ot_trade_field (row, columns->at[C_MONTH], &n_month);
  const char *period = ot_trade_field (row, columns->at[C_PERIOD], &n_period);
  const char *freq = ot_trade_field (row, columns->at[C_FREQ], &n_freq);
  gboolean annual = n_freq == 1 && (freq[0] == 'A' || freq[0] == 'a');
  guint y, m;

  if (n_year > 0 && n_month > 0)
    {
      if (!ot_trade_parse_uint (year, n_year, &y) || !ot_trade_parse_uint (month, n_month, &m) ||
          !ot_trade_month_valid (y, m == 52 ? 1 : m))
        {
          ot_trade_reader_error (reader, column_name (columns, C_MONTH),
                                 _("“%s”/“%s” is not a year and month (refMonth 52 is the year); "
                                   "row skipped"), year, month);
          return FALSE;
        }
      annual |= m == 52;
      out->month = ot_trade_month (y, annual ? 1 : m);
    }
  else if (n_period > 0)
    {
      if (!ot_trade_parse_period (period, n_period, FALSE, &out->month, &annual))
        {
          ot_trade_reader_error (reader, column_name (columns, C_PERIOD),
                                 _("“%s” is not a period (YYYY or YYYYMM); row skipped"), period);
          return FALSE;
        }
    }
  else
    {
      gsize n_id;
      const char *id = ot_trade_field (row, columns->at[C_PERIOD_ID], &n_id);
      gboolean ignored;

      if (n_id != 8 || !ot_trade_parse_period (id, 6, FALSE, &out->month, &ignored))
        {
          ot_trade_reader_error (reader, column_name (columns, C_PERIOD),
                                 _("no period: refYear, refMonth, period and refPeriodId are empty; "
                                   "row skipped"));
          return FALSE;
        }
    }
  if (annual)
    out->month -= OT_TRADE_MONTH_MONTH (out->month) - 1;
  ot_trade_row_set_annual (out, annual);
  return TRUE;
}

/* M, X, RM, RX (legacy: 1 import, 2 export, 3 re-export, 4 re-import);
 * the other Comtrade flows are skipped. */
static OtTradeRowStatus
read_flow (OtTradeReader  *reader,
           const Columns  *columns,
           const OtCsvRow *row,
           OtTradeRow     *out)
{
  static const char *const others[] = { "DX", "FM", "MIP", "MOP", "XIP", "XOP" };
  gsize n;
  const char *flow = ot_trade_field (row, columns->at[C_FLOW], &n);
  OtTradeFlow parsed;

  if (columns->legacy)
    {
      guint code;

      if (ot_trade_parse_uint (flow, n, &code) && code >= 1 && code <= 4)
        {
          static const OtTradeFlow legacy[] = { OT_TRADE_IMPORT, OT_TRADE_EXPORT,
                                                OT_TRADE_REEXPORT, OT_TRADE_REIMPORT };
          out->flow = legacy[code - 1];
          return OT_TRADE_ROW_ADD;
        }
    }
  else if (ot_trade_parse_flow (flow, n, &parsed))
    return out->flow = parsed, OT_TRADE_ROW_ADD;
  else
    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      if (ot_trade_name_equal (flow, others[i]))
        return ot_trade_reader_skip (reader, OT_TRADE_SKIP_FLOW, flow);
  ot_trade_reader_error (reader, column_name (columns, C_FLOW),
                         columns->legacy ? _("unknown flow “%s” (1 import, 2 export, 3 re-export, "
                                             "4 re-import); row skipped")
                                         : _("unknown flow “%s” (M, X, RM, RX, DX, FM, MIP, MOP, XIP, "
                                             "XOP); row skipped"), flow);
  return OT_TRADE_ROW_ERROR;
}

/* A row of a breakdown rather than the total: a second partner other
 * than 0 (World), a customs procedure other than C00, a mode of
 * transport other than 0.  Empty is the total. */
static gboolean
is_breakdown (const Columns  *columns,
              const OtCsvRow *row,
              const char    **example)
{
  gsize n;
  const char *text;
  guint code;

  /* ("0" and "C00" as written first: every row has them.) */
  text = ot_trade_field (row, columns->at[C_PARTNER2], &n);
  if (n > 0 && !(n == 1 && text[0] == '0') && !(ot_trade_parse_uint (text, n, &code) && code == 0))
    return *example = text, TRUE;
  text = ot_trade_field (row, columns->at[C_CUSTOMS], &n);
  if (n > 0 && !(n == 3 && memcmp (text, "C00", 3) == 0) && !ot_trade_name_equal (text, "C00"))
    return *example = text, TRUE;
  text = ot_trade_field (row, columns->at[C_MOT], &n);
  if (n > 0 && !(n == 1 && text[0] == '0') && !(ot_trade_parse_uint (text, n, &code) && code == 0))
    return *example = text, TRUE;
  return FALSE;
}

static gboolean
flag_set (const Columns  *columns,
          const OtCsvRow *row,
          guint           c)
{
  gsize n;
  const char *text = ot_trade_field (row, columns->at[c], &n);
  gboolean value;

  return ot_trade_parse_bool (text, n, &value) == OT_TRADE_VALUE_OK && value;
}

/* Net weight in kg; where it is missing, the quantity when its unit is
 * kg.  Estimated when UNSD estimated the quantity (isQtyEstimated) or
 * the net weight used (isNetWgtEstimated). */
static gboolean
read_kg (OtTradeReader  *reader,
         const Columns  *columns,
         const OtCsvRow *row,
         OtTradeRow     *out)
{
  double net, qty;
  guint unit = 0;
  gsize n;
  const char *text;

  if (!ot_trade_reader_amount (reader, row, columns->at[C_NET_WEIGHT], column_name (columns, C_NET_WEIGHT), &net) ||
      !ot_trade_reader_amount (reader, row, columns->at[C_QTY], column_name (columns, C_QTY), &qty))
    return FALSE;
  text = ot_trade_field (row, columns->at[C_QTY_UNIT], &n);
  ot_trade_parse_uint (text, n, &unit);
  if (!isnan (net))
    {
      out->kg = net;
      if (flag_set (columns, row, C_NET_WEIGHT_ESTIMATED))
        out->flags |= OT_TRADE_ESTIMATED;
    }
  else if (!isnan (qty) && unit == QTY_UNIT_KG)
    out->kg = qty;
  else
    {
      out->kg = NAN;
      out->flags |= OT_TRADE_KG_MISSING;
    }
  if (!isnan (out->kg) && flag_set (columns, row, C_QTY_ESTIMATED))
    out->flags |= OT_TRADE_ESTIMATED;
  return TRUE;
}

static OtTradeRowStatus
read_row (OtTradeReader  *reader,
          const OtCsvRow *row,
          OtTradeRow     *out)
{
  const Columns *columns = reader->columns_const;
  const char *example = NULL;
  gboolean unknown = FALSE;
  OtTradeRowStatus status;
  gsize n;
  const char *text;

  text = ot_trade_field (row, columns->at[C_TYPE], &n);
  if (n > 0 && !(n == 1 && text[0] == 'C') && ot_trade_name_equal (text, "S"))
    return ot_trade_reader_skip (reader, OT_TRADE_SKIP_SERVICES, text);
  if ((status = read_flow (reader, columns, row, out)) != OT_TRADE_ROW_ADD)
    return status;
  if (is_breakdown (columns, row, &example))
    return ot_trade_reader_skip (reader, OT_TRADE_SKIP_BREAKDOWN, example);
  text = ot_trade_field (row, columns->at[C_CODE], &n);
  if (!ot_trade_reader_product (reader, OT_TRADE_HS, text, n, &out->product))
    return ot_trade_reader_skip (reader, OT_TRADE_SKIP_PRODUCT, n > 0 ? text : "\"\"");
  if (!read_place (reader, columns, row, C_REPORTER, &out->reporter, &unknown) ||
      !read_place (reader, columns, row, C_PARTNER, &out->partner, &unknown))
    return unknown ? OT_TRADE_ROW_SKIP : OT_TRADE_ROW_ERROR;
  if (!read_month (reader, columns, row, out) || !read_kg (reader, columns, row, out) ||
      !ot_trade_reader_amount (reader, row, columns->at[C_VALUE], column_name (columns, C_VALUE), &out->value))
    return OT_TRADE_ROW_ERROR;
  if (isnan (out->value))
    out->flags |= OT_TRADE_VALUE_MISSING;
  out->currency = OT_TRADE_USD;
  return OT_TRADE_ROW_ADD;
}

static void
free_columns (gpointer columns)
{
  g_free (columns);
}

void
ot_trade_read_comtrade (OtTradeRead  *read,
                        gboolean      legacy,
                        OtTradeInput *input)
{
  const char *nl = memchr (input->data, '\n', input->length);
  gsize first = nl != NULL ? (gsize) (nl - input->data) : input->length;
  OtTradeCsvFormat format = {
    /* The bulk files are tab-separated: a tab in the header says so. */
    .separator = memchr (input->data, '\t', first) != NULL ? '\t' : ',',
    .header = read_header,
    .variant = legacy,
    .row = read_row,
    .parallel = TRUE,
    .free_columns = free_columns,
  };

  ot_trade_read_csv (read, &format, input);
}
