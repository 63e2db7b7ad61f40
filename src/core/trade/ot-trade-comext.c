/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-comext.c: Eurostat Comext (reference README §1c).  The bulk
 * files, current (REPORTER, PARTNER, PRODUCT_NC, FLOW, PERIOD, VALUE_EUR,
 * QUANTITY_KG) and older (DECLARANT_ISO, PARTNER_ISO, VALUE_IN_EUROS,
 * QUANTITY_IN_KG), one observation a row; and the SDMX-CSV of dataset
 * DS-045409, one row per indicator (VALUE_IN_EUROS, QUANTITY_IN_100KG),
 * joined here into one row per observation. */
#include "ot-trade-reader-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

enum { C_REPORTER, C_PARTNER, C_PRODUCT, C_FLOW, C_PERIOD, C_VALUE, C_KG, C_FREQ, C_INDICATOR,
       C_FLAG, N_COLUMNS };

static const char *const bulk_names[N_COLUMNS] = {
  "REPORTER", "PARTNER", "PRODUCT_NC", "FLOW", "PERIOD", "VALUE_EUR", "QUANTITY_KG", NULL, NULL, NULL,
};
static const char *const old_names[N_COLUMNS] = {
  "DECLARANT_ISO", "PARTNER_ISO", "PRODUCT_NC", "FLOW", "PERIOD", "VALUE_IN_EUROS", "QUANTITY_IN_KG",
  NULL, NULL, NULL,
};
/* OBS_FLAG is optional: Eurostat's "c" marks a confidential figure. */
static const char *const sdmx_names[N_COLUMNS] = {
  "reporter", "partner", "product", "flow", "TIME_PERIOD", "OBS_VALUE", NULL, "freq", "indicators",
  "OBS_FLAG",
};

/* An SDMX observation while its other indicator is awaited. */
typedef struct {
  OtTradeRow row;
  gboolean   has_value, has_kg;
} Pending;

typedef struct {
  int                at[N_COLUMNS];
  const char *const *names;
  gboolean           sdmx;
  /* SDMX only (read by one thread): observations by their key text. */
  GHashTable        *pending_index;   /* key -> index + 1 into @pending */
  GArray            *pending;         /* of Pending, in the order first seen */
  GStringChunk      *keys;
  GString           *key;             /* the row's, reused */
} Columns;

static gboolean
read_header (OtTradeReader  *reader,
             const OtCsvRow *header,
             gboolean        sdmx)
{
  Columns *columns = g_new0 (Columns, 1);
  guint last = sdmx ? C_INDICATOR : C_KG;

  reader->columns = columns;
  reader->columns_const = columns;
  columns->sdmx = sdmx;
  columns->names = sdmx ? sdmx_names
                        : ot_trade_find_column (header, "DECLARANT_ISO") >= 0 ? old_names : bulk_names;
  ot_trade_find_columns (header, columns->names, N_COLUMNS, columns->at);
  for (guint c = 0; c <= last; c++)
    if (columns->names[c] != NULL && columns->at[c] < 0 && c != C_VALUE && c != C_KG && c != C_FREQ)
      {
        ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR,
                                _("not a Eurostat Comext file: the header has no column %s"),
                                columns->names[c]);
        return FALSE;
      }
  if (sdmx && columns->at[C_VALUE] < 0)
    {
      ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR,
                              _("not a Eurostat Comext file: the header has no column %s"), "OBS_VALUE");
      return FALSE;
    }
  for (guint c = C_VALUE; !sdmx && c <= C_KG; c++)
    if (columns->at[c] < 0)
      ot_trade_reader_report (reader, header->line, OT_SEVERITY_WARNING,
                              c == C_VALUE ? _("no column %s: every value is missing")
                                           : _("no column %s: every quantity is missing"),
                              columns->names[c]);
  if (sdmx)
    {
      columns->pending_index = g_hash_table_new (g_str_hash, g_str_equal);
      columns->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
      columns->keys = g_string_chunk_new (64 * 1024);
      columns->key = g_string_new (NULL);
    }
  return TRUE;
}

static void
free_columns (gpointer data)
{
  Columns *columns = data;

  g_clear_pointer (&columns->pending_index, g_hash_table_unref);
  g_clear_pointer (&columns->pending, g_array_unref);
  g_clear_pointer (&columns->keys, g_string_chunk_free);
  if (columns->key != NULL)
    g_string_free (columns->key, TRUE);
  g_free (columns);
}

/* SDMX-CSV written with labels gives "DE: Germany": the code is before
 * the colon. */
static const char *
code_of (const OtCsvRow *row,
         int             index,
         gsize          *length)
{
  const char *text = ot_trade_field (row, index, length);
  const char *colon = memchr (text, ':', *length);

  if (colon != NULL)
    {
      *length = (gsize) (colon - text);
      ((char *) text)[*length] = '\0';
    }
  return text;
}

/* A geonomenclature code: a country of ours, or an area that is none
 * (aggregates, stores and provisions, not specified, secret partners). */
static gboolean
read_place (OtTradeReader  *reader,
            const Columns  *columns,
            const OtCsvRow *row,
            guint           c,
            OtTradePlace   *place)
{
  gsize n;
  const char *text = code_of (row, columns->at[c], &n);
  char upper[3];

  while (n > 0 && text[n - 1] == ' ')
    n--;
  while (n > 0 && *text == ' ')
    text++, n--;
  if (n == 0)
    {
      ot_trade_reader_error (reader, columns->names[c], _("no country code; row skipped"));
      return FALSE;
    }
  if (n != 2 || !g_ascii_isalpha (text[0]) || !g_ascii_isalpha (text[1]))
    {
      *place = OT_TRADE_PLACE_OTHER_ID;
      return TRUE;
    }
  upper[0] = g_ascii_toupper (text[0]);
  upper[1] = g_ascii_toupper (text[1]);
  upper[2] = '\0';
  *place = ot_trade_place_from_country (upper);
  return TRUE;
}

/* What the bulk files and SDMX share: product, flow, places, period. */
static OtTradeRowStatus
read_key (OtTradeReader  *reader,
          const Columns  *columns,
          const OtCsvRow *row,
          OtTradeRow     *out)
{
  gsize n;
  const char *text;
  gboolean annual;

  /* CN8 digits; anything else (letters: "99RRR100") is a confidential
   * or special code. */
  text = code_of (row, columns->at[C_PRODUCT], &n);
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return ot_trade_reader_skip (reader, OT_TRADE_SKIP_SECRET_PRODUCT, text);
  if (!ot_trade_reader_product (reader, OT_TRADE_EU, text, n, &out->product))
    return ot_trade_reader_skip (reader, OT_TRADE_SKIP_PRODUCT, n > 0 ? text : "\"\"");

  text = code_of (row, columns->at[C_FLOW], &n);
  if (ot_trade_name_equal (text, "1"))
    out->flow = OT_TRADE_IMPORT;
  else if (ot_trade_name_equal (text, "2"))
    out->flow = OT_TRADE_EXPORT;
  else
    {
      ot_trade_reader_error (reader, columns->names[C_FLOW],
                             _("unknown flow “%s” (1 import, 2 export); row skipped"), text);
      return OT_TRADE_ROW_ERROR;
    }
  if (!read_place (reader, columns, row, C_REPORTER, &out->reporter) ||
      !read_place (reader, columns, row, C_PARTNER, &out->partner))
    return OT_TRADE_ROW_ERROR;

  text = code_of (row, columns->at[C_PERIOD], &n);
  if (!ot_trade_parse_period (text, n, !columns->sdmx, &out->month, &annual))
    {
      ot_trade_reader_error (reader, columns->names[C_PERIOD],
                             columns->sdmx ? _("“%s” is not a period (YYYY-MM or YYYY); row skipped")
                                           : _("“%s” is not a period (YYYYMM, or YYYY52 for the year); "
                                               "row skipped"), text);
      return OT_TRADE_ROW_ERROR;
    }
  ot_trade_row_set_annual (out, annual);
  out->currency = OT_TRADE_EUR;
  return OT_TRADE_ROW_ADD;
}

static OtTradeRowStatus
read_bulk_row (OtTradeReader  *reader,
               const OtCsvRow *row,
               OtTradeRow     *out)
{
  const Columns *columns = reader->columns_const;
  OtTradeRowStatus status = read_key (reader, columns, row, out);

  if (status != OT_TRADE_ROW_ADD)
    return status;
  if (!ot_trade_reader_amount (reader, row, columns->at[C_VALUE], columns->names[C_VALUE], &out->value) ||
      !ot_trade_reader_amount (reader, row, columns->at[C_KG], columns->names[C_KG], &out->kg))
    return OT_TRADE_ROW_ERROR;
  if (isnan (out->value))
    out->flags |= OT_TRADE_VALUE_MISSING;
  if (isnan (out->kg))
    out->flags |= OT_TRADE_KG_MISSING;
  return OT_TRADE_ROW_ADD;
}

/* An SDMX row: one indicator of an observation, kept until the file is
 * read (the other indicator may come anywhere after it). */
static OtTradeRowStatus
read_sdmx_row (OtTradeReader  *reader,
               const OtCsvRow *row,
               OtTradeRow     *out)
{
  Columns *columns = reader->columns;
  OtTradeRowStatus status;
  gboolean is_value;
  gsize n;
  const char *indicator = code_of (row, columns->at[C_INDICATOR], &n);
  GString *key = columns->key;
  Pending *pending;
  gpointer found;
  double amount;
  const char *flag;
  gboolean secret;

  if (ot_trade_name_equal (indicator, "VALUE_IN_EUROS"))
    is_value = TRUE;
  else if (ot_trade_name_equal (indicator, "QUANTITY_IN_100KG"))
    is_value = FALSE;
  else
    return ot_trade_reader_skip (reader, OT_TRADE_SKIP_INDICATOR, indicator);
  if ((status = read_key (reader, columns, row, out)) != OT_TRADE_ROW_ADD)
    return status;
  if (!ot_trade_reader_amount (reader, row, columns->at[C_VALUE], columns->names[C_VALUE], &amount))
    return OT_TRADE_ROW_ERROR;
  flag = ot_trade_field (row, columns->at[C_FLAG], &n);
  secret = strchr (flag, 'c') != NULL;

  g_string_truncate (key, 0);
  for (guint c = C_REPORTER; c <= C_PERIOD; c++)
    {
      const char *text = code_of (row, columns->at[c], &n);

      g_string_append_len (key, text, (gssize) n);
      g_string_append_c (key, '\t');
    }
  found = g_hash_table_lookup (columns->pending_index, key->str);
  if (found == NULL)
    {
      Pending fresh = { *out, FALSE, FALSE };

      fresh.row.file = reader->file;
      fresh.row.line = reader->line;
      fresh.row.kg = fresh.row.value = NAN;
      g_array_append_val (columns->pending, fresh);
      g_hash_table_insert (columns->pending_index, g_string_chunk_insert (columns->keys, key->str),
                           GUINT_TO_POINTER (columns->pending->len));
      found = GUINT_TO_POINTER (columns->pending->len);
    }
  pending = &g_array_index (columns->pending, Pending, GPOINTER_TO_UINT (found) - 1);
  if (is_value ? pending->has_value : pending->has_kg)
    {
      ot_trade_reader_error (reader, "indicators",
                             _("%s given twice for one observation (first on line %u); row skipped"),
                             indicator, pending->row.line);
      return OT_TRADE_ROW_ERROR;
    }
  /* A confidential figure is suppressed, whatever the value column holds. */
  if (is_value)
    {
      pending->has_value = TRUE;
      pending->row.value = secret ? NAN : amount;
      pending->row.flags |= secret ? OT_TRADE_VALUE_SUPPRESSED : 0;
    }
  else
    {
      pending->has_kg = TRUE;
      pending->row.kg = secret || isnan (amount) ? NAN : amount * 100;
      pending->row.flags |= secret ? OT_TRADE_KG_SUPPRESSED : 0;
    }
  return OT_TRADE_ROW_HELD;
}

/* The joined observations, in the order they were first seen; each
 * counts as read on the line of its first row. */
static void
finish_sdmx (OtTradeReader *reader)
{
  Columns *columns = reader->columns;

  for (guint i = 0; i < columns->pending->len && !reader->stop; i++)
    {
      Pending *pending = &g_array_index (columns->pending, Pending, i);
      OtTradeRow row = pending->row;

      if (isnan (row.value) && !(row.flags & OT_TRADE_VALUE_SUPPRESSED))
        row.flags |= OT_TRADE_VALUE_MISSING;
      if (isnan (row.kg) && !(row.flags & OT_TRADE_KG_SUPPRESSED))
        row.flags |= OT_TRADE_KG_MISSING;
      reader->line = row.line;
      ot_trade_reader_append (reader, &row);
    }
}

void
ot_trade_read_comext (OtTradeRead  *read,
                      gboolean      sdmx,
                      OtTradeInput *input)
{
  OtTradeCsvFormat format = {
    .separator = ',',
    .header = read_header,
    .variant = sdmx,
    .row = sdmx ? read_sdmx_row : read_bulk_row,
    .parallel = !sdmx,
    .finish = sdmx ? finish_sdmx : NULL,
    .free_columns = free_columns,
  };

  ot_trade_read_csv (read, &format, input);
}
