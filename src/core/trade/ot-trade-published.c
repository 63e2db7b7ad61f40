/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-published.c: figures from public reporting, one a row
 * (reference README §3; data/samples/trade-published-figures.csv):
 * reporter_iso3, partner_iso3 (WLD the world, THA|MEX a combined
 * figure), flow, hs_code, product, period (YYYY, YYYY-MM, or a cumulative
 * YYYY-MM/YYYY-MM), quantity, quantity_unit, value, currency, source,
 * source_url, notes.  A row without a code is read through
 * data/trade-product-names.csv when its product name is one line;
 * otherwise it is skipped with a warning saying why. */
#include "ot-trade-reader-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ot-data.h"
#include "ot-trade-places.h"

enum { C_REPORTER, C_PARTNER, C_FLOW, C_CODE, C_PRODUCT, C_PERIOD, C_QUANTITY, C_UNIT, C_VALUE,
       C_CURRENCY, N_COLUMNS };

static const char *const names[N_COLUMNS] = {
  "reporter_iso3", "partner_iso3", "flow", "hs_code", "product", "period", "quantity",
  "quantity_unit", "value", "currency",
};

typedef struct {
  int at[N_COLUMNS];
} Columns;

/* ---- data/trade-product-names.csv ----------------------------------------------------------- */

typedef enum { MAP_ONE, MAP_SEVERAL, MAP_AGGREGATE } Mapping;

typedef struct {
  char                *name;       /* case-folded (ASCII) */
  char                 reporter[4];
  Mapping              mapping;
  OtTradeNomenclature  nomenclature;
  char                *codes;      /* blank-separated digits */
} ProductName;

static void
add_name (const OtCsvRow *row,
          gpointer        data)
{
  static const char *const mappings[] = { "one", "several", "aggregate" };
  static const char *const lists[] = { "hs", "china", "us", "eu" };
  GArray *table = data;
  ProductName entry = { 0 };
  gboolean ok = FALSE;

  /* Ours, and checked by tests/test-trade-load.c. */
  if (row->error == NULL && row->n_fields >= 6 && strlen (row->fields[1]) <= 3)
    {
      entry.mapping = G_N_ELEMENTS (mappings);
      for (guint i = 0; i < G_N_ELEMENTS (mappings); i++)
        if (strcmp (row->fields[2], mappings[i]) == 0)
          entry.mapping = i;
      entry.nomenclature = OT_TRADE_HS;
      for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
        if (strcmp (row->fields[3], lists[i]) == 0)
          entry.nomenclature = i;
      ok = entry.mapping < G_N_ELEMENTS (mappings) &&
           (entry.mapping == MAP_AGGREGATE || row->fields[4][0] != '\0');
    }
  if (!ok)
    {
      g_critical ("trade-product-names.csv:%u: a bad row", row->line);
      return;
    }
  entry.name = g_ascii_strdown (row->fields[0], -1);
  g_strlcpy (entry.reporter, row->fields[1], sizeof entry.reporter);
  entry.codes = g_strdup (row->fields[4]);
  g_array_append_val (table, entry);
}

static GArray *
load_names (void)
{
  GArray *table = g_array_new (FALSE, TRUE, sizeof (ProductName));

  ot_data_foreach_row ("trade-product-names.csv", add_name, table);
  return table;
}

static GArray *
get_names (void)
{
  static GArray *table;

  if (g_once_init_enter (&table))
    g_once_init_leave (&table, load_names ());
  return table;
}

/* The reporter's own entry first, then one for any reporter. */
static const ProductName *
find_name (const char *product,
           const char *reporter)
{
  GArray *table = get_names ();
  g_autofree char *folded = g_ascii_strdown (product, -1);
  const ProductName *any = NULL;

  g_strstrip (folded);
  for (guint i = 0; i < table->len; i++)
    {
      const ProductName *entry = &g_array_index (table, ProductName, i);

      if (strcmp (entry->name, folded) != 0)
        continue;
      if (g_ascii_strcasecmp (entry->reporter, reporter) == 0)
        return entry;
      if (entry->reporter[0] == '\0')
        any = entry;
    }
  return any;
}

/* ---- Rows --------------------------------------------------------------------------------------- */

static gboolean
read_header (OtTradeReader  *reader,
             const OtCsvRow *header,
             gboolean        variant)
{
  Columns *columns = g_new0 (Columns, 1);

  reader->columns = columns;
  reader->columns_const = columns;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      columns->at[c] = ot_trade_find_column (header, names[c]);
      if (columns->at[c] < 0)
        {
          ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR,
                                  _("not a file of published figures: the header has no column %s"),
                                  names[c]);
          return FALSE;
        }
    }
  return TRUE;
}

static const char *
field (const OtCsvRow *row,
       const Columns  *columns,
       guint           c)
{
  gsize n;
  char *text = (char *) ot_trade_field (row, columns->at[c], &n);

  return g_strstrip (text);
}

static OtTradeNomenclature
nomenclature_of (const char *reporter)
{
  if (g_ascii_strcasecmp (reporter, "CHN") == 0)
    return OT_TRADE_CHINA;
  if (g_ascii_strcasecmp (reporter, "USA") == 0)
    return OT_TRADE_US;
  return OT_TRADE_HS;
}

/* The product of the code, or of the name when it is one line. */
static OtTradeRowStatus
read_product (OtTradeReader  *reader,
              const Columns  *columns,
              const OtCsvRow *row,
              OtTradeRow     *out)
{
  const char *reporter = field (row, columns, C_REPORTER);
  const char *code = field (row, columns, C_CODE);
  const char *product = field (row, columns, C_PRODUCT);
  const ProductName *entry;

  if (code[0] != '\0')
    {
      if (ot_trade_reader_product (reader, nomenclature_of (reporter), code, strlen (code),
                                   &out->product))
        return OT_TRADE_ROW_ADD;
      ot_trade_reader_warning (reader, "hs_code",
                               _("code %s is not a product of the controlled minerals "
                                 "(data/trade-products.csv); row skipped"), code);
      return ot_trade_reader_skip (reader, OT_TRADE_SKIP_NAMED, code);
    }
  if (product[0] == '\0')
    {
      ot_trade_reader_error (reader, "hs_code", _("neither a code nor a product; row skipped"));
      return OT_TRADE_ROW_ERROR;
    }
  entry = find_name (product, reporter);
  if (entry == NULL)
    ot_trade_reader_warning (reader, "product",
                             _("“%s” has no code and no entry in data/trade-product-names.csv; "
                               "row skipped"), product);
  else if (entry->mapping == MAP_SEVERAL)
    ot_trade_reader_warning (reader, "product",
                             _("“%s” may be any of the codes %s (the source prints none), not one "
                               "product; row skipped"), product, entry->codes);
  else if (entry->mapping == MAP_AGGREGATE)
    ot_trade_reader_warning (reader, "product",
                             _("“%s” is a total over several products, not one; row skipped"), product);
  else if (ot_trade_reader_product (reader, entry->nomenclature, entry->codes, strlen (entry->codes),
                                    &out->product))
    return OT_TRADE_ROW_ADD;
  else
    g_critical ("trade-product-names.csv: %s matches no product", entry->codes);
  return ot_trade_reader_skip (reader, OT_TRADE_SKIP_NAMED, product);
}

static gboolean
read_place (OtTradeReader  *reader,
            const Columns  *columns,
            const OtCsvRow *row,
            guint           c,
            OtTradePlace   *place)
{
  const char *text = field (row, columns, c);

  /* THA|MEX: a figure of several partners together. */
  if (c == C_PARTNER && strchr (text, '|') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, "|", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (!ot_trade_place_from_alpha3 (g_strstrip (parts[i]), place))
          {
            ot_trade_reader_error (reader, names[c], _("unknown country “%s” in “%s”; row skipped"),
                                   parts[i], text);
            return FALSE;
          }
      *place = OT_TRADE_PLACE_OTHER_ID;
      return TRUE;
    }
  if (ot_trade_place_from_alpha3 (text, place))
    return TRUE;
  ot_trade_reader_error (reader, names[c],
                         _("“%s” is not an ISO alpha-3 country code or WLD; row skipped"), text);
  return FALSE;
}

/* YYYY, YYYY-MM, or YYYY-MM/YYYY-MM (cumulative: month is the first,
 * span the months covered). */
static gboolean
read_period (OtTradeReader  *reader,
             const Columns  *columns,
             const OtCsvRow *row,
             OtTradeRow     *out)
{
  const char *text = field (row, columns, C_PERIOD);
  const char *slash = strchr (text, '/');
  gboolean annual, annual_end;
  guint16 last;

  if (slash == NULL)
    {
      if (!ot_trade_parse_period (text, strlen (text), FALSE, &out->month, &annual) ||
          strlen (text) == 6)
        goto bad;
      ot_trade_row_set_annual (out, annual);
      return TRUE;
    }
  if (slash - text != 7 || strlen (slash + 1) != 7 ||
      !ot_trade_parse_period (text, 7, FALSE, &out->month, &annual) ||
      !ot_trade_parse_period (slash + 1, 7, FALSE, &last, &annual_end) ||
      last < out->month || last - out->month >= G_MAXUINT8)
    goto bad;
  out->span = (guint8) (last - out->month + 1);
  if (out->span > 1)
    out->flags |= OT_TRADE_CUMULATIVE;
  return TRUE;

bad:
  ot_trade_reader_error (reader, "period",
                         _("“%s” is not a period (YYYY, YYYY-MM, or YYYY-MM/YYYY-MM); row skipped"), text);
  return FALSE;
}

static gboolean
read_amounts (OtTradeReader  *reader,
              const Columns  *columns,
              const OtCsvRow *row,
              OtTradeRow     *out)
{
  const char *unit = field (row, columns, C_UNIT);
  const char *currency = field (row, columns, C_CURRENCY);
  double quantity;

  if (!ot_trade_reader_amount (reader, row, columns->at[C_QUANTITY], names[C_QUANTITY], &quantity) ||
      !ot_trade_reader_amount (reader, row, columns->at[C_VALUE], names[C_VALUE], &out->value))
    return FALSE;
  if (isnan (quantity))
    out->kg = NAN, out->flags |= OT_TRADE_KG_MISSING;
  else if (ot_trade_name_equal (unit, "t"))
    out->kg = quantity * 1000;
  else if (ot_trade_name_equal (unit, "kg"))
    out->kg = quantity;
  else
    {
      ot_trade_reader_error (reader, "quantity_unit",
                             _("unknown unit “%s” (t or kg); row skipped"), unit);
      return FALSE;
    }
  if (isnan (out->value))
    out->flags |= OT_TRADE_VALUE_MISSING;
  else if (ot_trade_name_equal (currency, "USD"))
    out->currency = OT_TRADE_USD;
  else if (ot_trade_name_equal (currency, "EUR"))
    out->currency = OT_TRADE_EUR;
  else if (ot_trade_name_equal (currency, "CNY"))
    out->currency = OT_TRADE_CNY;
  else
    {
      ot_trade_reader_error (reader, "currency",
                             _("unknown currency “%s” (USD, EUR or CNY); row skipped"), currency);
      return FALSE;
    }
  if (isnan (quantity) && isnan (out->value))
    {
      ot_trade_reader_error (reader, "quantity", _("neither a quantity nor a value; row skipped"));
      return FALSE;
    }
  return TRUE;
}

static OtTradeRowStatus
read_row (OtTradeReader  *reader,
          const OtCsvRow *row,
          OtTradeRow     *out)
{
  const Columns *columns = reader->columns_const;
  const char *flow = field (row, columns, C_FLOW);
  OtTradeRowStatus status;
  OtTradeFlow flow_read;

  if (!ot_trade_parse_flow (flow, strlen (flow), &flow_read))
    {
      ot_trade_reader_error (reader, "flow", _("unknown flow “%s” (M, X, RM, RX); row skipped"), flow);
      return OT_TRADE_ROW_ERROR;
    }
  out->flow = flow_read;
  if (!read_place (reader, columns, row, C_REPORTER, &out->reporter) ||
      !read_place (reader, columns, row, C_PARTNER, &out->partner) ||
      !read_period (reader, columns, row, out) ||
      !read_amounts (reader, columns, row, out))
    return OT_TRADE_ROW_ERROR;
  /* Last: a row skipped for its product has every other field checked. */
  if ((status = read_product (reader, columns, row, out)) != OT_TRADE_ROW_ADD)
    return status;
  return OT_TRADE_ROW_ADD;
}

static void
free_columns (gpointer columns)
{
  g_free (columns);
}

void
ot_trade_read_published (OtTradeRead *read,
                         char        *data,
                         gsize        length)
{
  OtTradeCsvFormat format = {
    .separator = ',',
    .header = read_header,
    .row = read_row,
    .parallel = FALSE,
    .free_columns = free_columns,
  };
  OtTradeInput input = { data, length, NULL };

  ot_trade_read_csv (read, &format, &input);
}
