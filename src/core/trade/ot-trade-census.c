/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-census.c: the US Census Bureau's international trade API
 * (reference README §1b): a JSON array of arrays, row 0 the variable
 * names, every value a string.  imports/hs (I_COMMODITY, GEN_VAL_MO,
 * GEN_QY1_MO + UNIT_QY1) and exports/hs (E_COMMODITY, ALL_VAL_MO,
 * QTY_1_MO, DF = 2 for re-exports), by Schedule C country (CTY_CODE,
 * "-" the world).  The reporter is the United States.
 *
 * The array is scanned here, strings decoded in place, a row at a time
 * (no tree, no allocation per row); a malformed row is reported at its
 * line and reading goes on at the next line that starts a row. */
#include "ot-trade-reader-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ot-trade-places.h"

enum {
  V_IMPORT_CODE, V_EXPORT_CODE, V_COUNTRY, V_SUMMARY, V_TIME, V_YEAR, V_MONTH,
  V_GEN_VALUE, V_CON_VALUE, V_EXPORT_VALUE, V_GEN_QTY, V_CON_QTY, V_EXPORT_QTY, V_UNIT,
  V_AIR_WEIGHT, V_VESSEL_WEIGHT, V_AIR_VALUE, V_VESSEL_VALUE, V_DF, N_VARIABLES
};

static const char *const variables[N_VARIABLES] = {
  "I_COMMODITY", "E_COMMODITY", "CTY_CODE", "SUMMARY_LVL", "time", "YEAR", "MONTH",
  "GEN_VAL_MO", "CON_VAL_MO", "ALL_VAL_MO", "GEN_QY1_MO", "CON_QY1_MO", "QTY_1_MO", "UNIT_QY1",
  "AIR_WGT_MO", "VES_WGT_MO", "AIR_VAL_MO", "VES_VAL_MO", "DF",
};

typedef struct {
  int      at[N_VARIABLES];
  gboolean exports;
  guint    code, value, qty;    /* the variables read for this direction */
} Columns;

/* ---- The JSON scanner --------------------------------------------------------------- */

typedef struct {
  char        *data;
  gsize        length;
  gsize        pos;
  guint        line;
  const char  *error;     /* why the row being scanned is malformed */
} Scanner;

static void
skip_space (Scanner *s)
{
  while (s->pos < s->length)
    {
      char c = s->data[s->pos];

      if (c == '\n')
        s->line++;
      else if (c != ' ' && c != '\t' && c != '\r')
        return;
      s->pos++;
    }
}

static int
hex_value (char c)
{
  return g_ascii_isdigit (c) ? c - '0' : g_ascii_isxdigit (c) ? g_ascii_tolower (c) - 'a' + 10 : -1;
}

static gboolean
read_hex4 (Scanner  *s,
           gsize     at,
           gunichar *out)
{
  gunichar value = 0;

  if (at + 4 > s->length)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (s->data[at + i]);

      if (h < 0)
        return FALSE;
      value = value * 16 + (gunichar) h;
    }
  *out = value;
  return TRUE;
}

/* A string, decoded in place (never longer than its escaped form) and
 * NUL-terminated; s->pos is on its opening quote. */
static gboolean
read_string (Scanner  *s,
             char    **text,
             gsize    *length)
{
  char *out = s->data + s->pos + 1;
  gsize w = 0;

  *text = out;
  for (s->pos++; s->pos < s->length; )
    {
      char c = s->data[s->pos];

      if (c == '"')
        {
          s->pos++;
          out[w] = '\0';
          *length = w;
          return TRUE;
        }
      if (c == '\n' || (guchar) c < 0x20)
        break;
      if (c != '\\')
        {
          out[w++] = c;
          s->pos++;
          continue;
        }
      if (s->pos + 1 >= s->length)
        break;
      c = s->data[s->pos + 1];
      s->pos += 2;
      switch (c)
        {
        case '"': case '\\': case '/': out[w++] = c; break;
        case 'b': out[w++] = '\b'; break;
        case 'f': out[w++] = '\f'; break;
        case 'n': out[w++] = '\n'; break;
        case 'r': out[w++] = '\r'; break;
        case 't': out[w++] = '\t'; break;
        case 'u':
          {
            gunichar u, low;

            if (!read_hex4 (s, s->pos, &u))
              goto bad;
            s->pos += 4;
            if (u >= 0xD800 && u < 0xDC00)
              {
                if (s->pos + 6 > s->length || s->data[s->pos] != '\\' || s->data[s->pos + 1] != 'u' ||
                    !read_hex4 (s, s->pos + 2, &low) || low < 0xDC00 || low >= 0xE000)
                  goto bad;
                s->pos += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (u >= 0xDC00 && u < 0xE000)
              goto bad;
            if (u == 0)
              goto bad;   /* a NUL would cut the field */
            w += (gsize) g_unichar_to_utf8 (u, out + w);
            break;
          }
        default:
          goto bad;
        }
    }
  s->error = _("a string that does not end on its line");
  return FALSE;
bad:
  s->error = _("a string escape JSON does not have");
  return FALSE;
}

/* A value: a string, null (empty), or a bare number, true or false
 * (taken as their text), NUL-terminated in place. */
static gboolean
read_value (Scanner  *s,
            char    **text,
            gsize    *length)
{
  gsize start = s->pos;

  if (s->pos < s->length && s->data[s->pos] == '"')
    return read_string (s, text, length);
  while (s->pos < s->length && (g_ascii_isalnum (s->data[s->pos]) || s->data[s->pos] == '.' ||
                                s->data[s->pos] == '-' || s->data[s->pos] == '+'))
    s->pos++;
  if (s->pos == start)
    {
      s->error = _("a value that is neither a string nor a number");
      return FALSE;
    }
  *length = s->pos - start;
  *text = s->data + start;
  if (*length == 4 && memcmp (*text, "null", 4) == 0)
    *length = 0;
  /* The byte after a bare value is a separator: read it before it is
   * written over. */
  return TRUE;
}

/* One array of values into @row (its arrays sized @max); s->pos on '['. */
static gboolean
read_array (Scanner *s,
            OtCsvRow *row,
            guint     max)
{
  row->line = s->line;
  row->n_fields = 0;
  s->pos++;
  skip_space (s);
  if (s->pos < s->length && s->data[s->pos] == ']')
    {
      s->pos++;
      return TRUE;
    }
  for (;;)
    {
      char *text;
      gsize length;
      char next;

      skip_space (s);
      if (!read_value (s, &text, &length))
        return FALSE;
      skip_space (s);
      if (s->pos >= s->length)
        {
          s->error = _("the file ends inside a row");
          return FALSE;
        }
      next = s->data[s->pos];
      if (next != ',' && next != ']')
        {
          s->error = _("a value not followed by a comma or “]”");
          return FALSE;
        }
      if (row->n_fields == max)
        {
          s->error = _("more values than the header has");
          return FALSE;
        }
      text[length] = '\0';   /* over the closing quote, or after a bare value */
      row->fields[row->n_fields] = text;
      ((guint *) row->lengths)[row->n_fields] = (guint) length;
      row->n_fields++;
      s->pos++;
      if (next == ']')
        return TRUE;
    }
}

/* After a malformed row: on to the next line that starts a row. */
static gboolean
resync (Scanner *s)
{
  for (;;)
    {
      const char *nl = memchr (s->data + s->pos, '\n', s->length - s->pos);

      if (nl == NULL)
        return FALSE;
      s->pos = (gsize) (nl - s->data) + 1;
      s->line++;
      while (s->pos < s->length && (s->data[s->pos] == ' ' || s->data[s->pos] == '\t'))
        s->pos++;
      if (s->pos < s->length && s->data[s->pos] == '[')
        return TRUE;
    }
}

/* ---- Rows ---------------------------------------------------------------------------------- */

static gboolean
read_header (OtTradeReader  *reader,
             const OtCsvRow *header,
             gboolean        variant)
{
  Columns *columns = g_new0 (Columns, 1);

  reader->columns = columns;
  reader->columns_const = columns;
  ot_trade_find_columns (header, variables, N_VARIABLES, columns->at);
  columns->exports = columns->at[V_IMPORT_CODE] < 0 && columns->at[V_EXPORT_CODE] >= 0;
  columns->code = columns->exports ? V_EXPORT_CODE : V_IMPORT_CODE;
  columns->value = columns->exports ? V_EXPORT_VALUE
                                    : columns->at[V_GEN_VALUE] >= 0 ? V_GEN_VALUE : V_CON_VALUE;
  columns->qty = columns->exports ? V_EXPORT_QTY : columns->at[V_GEN_QTY] >= 0 ? V_GEN_QTY : V_CON_QTY;
  if (columns->at[columns->code] < 0 || columns->at[V_COUNTRY] < 0)
    {
      ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR,
                              _("not US Census trade data: the first row has no %s or no %s"),
                              "I_COMMODITY/E_COMMODITY", "CTY_CODE");
      return FALSE;
    }
  if (columns->at[V_TIME] < 0 && (columns->at[V_YEAR] < 0 || columns->at[V_MONTH] < 0))
    {
      ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR,
                              _("not US Census trade data: the first row has no %s"), "time (YEAR, MONTH)");
      return FALSE;
    }
  if (columns->at[columns->value] < 0)
    ot_trade_reader_report (reader, header->line, OT_SEVERITY_WARNING,
                            _("no variable %s: every value is missing"), variables[columns->value]);
  return TRUE;
}

/* The first quantity when its unit is kg or t; otherwise the shipping
 * weight by air and vessel, as an estimate, when those two modes carry
 * the whole value (imports by land have no shipping weight: taking the
 * air and vessel weights alone would make a false zero). */
static gboolean
read_kg (OtTradeReader  *reader,
         const Columns  *columns,
         const OtCsvRow *row,
         double          value,
         OtTradeRow     *out)
{
  gsize n;
  const char *unit = ot_trade_field (row, columns->at[V_UNIT], &n);
  double qty, air_kg, vessel_kg, air_value, vessel_value;

  if (!ot_trade_reader_amount (reader, row, columns->at[columns->qty], variables[columns->qty], &qty) ||
      !ot_trade_reader_amount (reader, row, columns->at[V_AIR_WEIGHT], variables[V_AIR_WEIGHT], &air_kg) ||
      !ot_trade_reader_amount (reader, row, columns->at[V_VESSEL_WEIGHT], variables[V_VESSEL_WEIGHT], &vessel_kg) ||
      !ot_trade_reader_amount (reader, row, columns->at[V_AIR_VALUE], variables[V_AIR_VALUE], &air_value) ||
      !ot_trade_reader_amount (reader, row, columns->at[V_VESSEL_VALUE], variables[V_VESSEL_VALUE], &vessel_value))
    return FALSE;
  out->kg = NAN;
  if (ot_trade_name_equal (unit, "KG") && !isnan (qty))
    out->kg = qty;
  else if (ot_trade_name_equal (unit, "T") && !isnan (qty))
    out->kg = qty * 1000;
  else if (!isnan (air_kg) && !isnan (vessel_kg) && !isnan (air_value) && !isnan (vessel_value) &&
           !isnan (value) && air_value + vessel_value >= value * 0.999)
    {
      out->kg = air_kg + vessel_kg;
      out->flags |= OT_TRADE_ESTIMATED;
    }
  if (isnan (out->kg))
    out->flags |= OT_TRADE_KG_MISSING;
  return TRUE;
}

static gboolean
read_month (OtTradeReader  *reader,
            const Columns  *columns,
            const OtCsvRow *row,
            OtTradeRow     *out)
{
  gsize n;
  const char *time = ot_trade_field (row, columns->at[V_TIME], &n);
  gboolean annual = FALSE;
  guint year, month;

  if (n > 0)
    {
      if (!ot_trade_parse_period (time, n, FALSE, &out->month, &annual))
        {
          ot_trade_reader_error (reader, "time", _("“%s” is not a month (YYYY-MM); row skipped"), time);
          return FALSE;
        }
    }
  else
    {
      gsize n_year, n_month;
      const char *y = ot_trade_field (row, columns->at[V_YEAR], &n_year);
      const char *m = ot_trade_field (row, columns->at[V_MONTH], &n_month);

      if (!ot_trade_parse_uint (y, n_year, &year) || !ot_trade_parse_uint (m, n_month, &month) ||
          !ot_trade_month_valid (year, month))
        {
          ot_trade_reader_error (reader, "MONTH", _("“%s”/“%s” is not a year and month; row skipped"),
                                 y, m);
          return FALSE;
        }
      out->month = ot_trade_month (year, month);
    }
  ot_trade_row_set_annual (out, annual);
  return TRUE;
}

static OtTradeRowStatus
read_row (OtTradeReader  *reader,
          const OtCsvRow *row,
          OtTradeRow     *out)
{
  const Columns *columns = reader->columns_const;
  gsize n;
  const char *text;

  /* Exports: DF 1 domestic, 2 foreign merchandise (re-exports); no DF,
   * or an empty one, is their total. */
  out->flow = columns->exports ? OT_TRADE_EXPORT : OT_TRADE_IMPORT;
  text = ot_trade_field (row, columns->at[V_DF], &n);
  if (columns->exports && n > 0)
    {
      if (ot_trade_name_equal (text, "2"))
        out->flow = OT_TRADE_REEXPORT;
      else if (!ot_trade_name_equal (text, "1") && !ot_trade_name_equal (text, "-"))
        {
          ot_trade_reader_error (reader, "DF", _("unknown DF “%s” (1 domestic, 2 foreign); row skipped"),
                                 text);
          return OT_TRADE_ROW_ERROR;
        }
    }
  /* Imports are HTS lines; exports Schedule B lines, which agree with
   * the HTS only in their first six digits. */
  text = ot_trade_field (row, columns->at[columns->code], &n);
  if (!ot_trade_reader_product (reader, columns->exports ? OT_TRADE_HS : OT_TRADE_US, text, n,
                                &out->product))
    return ot_trade_reader_skip (reader, OT_TRADE_SKIP_PRODUCT, n > 0 ? text : "\"\"");

  out->reporter = ot_trade_place_from_country ("US");
  text = ot_trade_field (row, columns->at[V_COUNTRY], &n);
  if (ot_trade_name_equal (ot_trade_field (row, columns->at[V_SUMMARY], &n), "CGP"))
    out->partner = OT_TRADE_PLACE_OTHER_ID;   /* a group of countries */
  else if (!ot_trade_place_from_census (text, &out->partner))
    {
      if (!(strlen (text) == 4 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
            g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3])))
        {
          ot_trade_reader_error (reader, "CTY_CODE",
                                 _("“%s” is not a Schedule C country code (four digits, or “-”); "
                                   "row skipped"), text);
          return OT_TRADE_ROW_ERROR;
        }
      return ot_trade_reader_skip (reader, OT_TRADE_SKIP_PLACE, text);
    }

  if (!read_month (reader, columns, row, out) ||
      !ot_trade_reader_amount (reader, row, columns->at[columns->value], variables[columns->value], &out->value) ||
      !read_kg (reader, columns, row, out->value, out))
    return OT_TRADE_ROW_ERROR;
  if (isnan (out->value))
    out->flags |= OT_TRADE_VALUE_MISSING;
  out->currency = OT_TRADE_USD;
  return OT_TRADE_ROW_ADD;
}

void
ot_trade_read_census (OtTradeRead *read,
                      char        *data,
                      gsize        length)
{
  Scanner s = { data, length, 0, 1, NULL };
  OtTradeReader reader;
  g_autofree char **fields = NULL;
  g_autofree guint *lengths = NULL;
  OtCsvRow row = { 0 };
  guint max, count = 0;
  gint n_total;
  gboolean ok;

  ot_trade_reader_init (&reader, read);
  n_total = (gint) ot_trade_table_get_n_rows (reader.table);
  reader.n_total = &n_total;

  /* [ [header], [row], … ]: the header's width bounds every row. */
  skip_space (&s);
  s.pos++;   /* the '[' ot_trade_detect () saw */
  skip_space (&s);
  max = 1;
  for (gsize p = s.pos; p < length && data[p] != ']'; p++)
    max += data[p] == ',';
  fields = g_new0 (char *, max + 1);
  lengths = g_new0 (guint, max + 1);
  row.fields = fields;
  row.lengths = lengths;
  reader.line = s.line;
  if (s.pos >= length || data[s.pos] != '[' || !read_array (&s, &row, max))
    {
      ot_trade_reader_report (&reader, s.line, OT_SEVERITY_ERROR,
                              _("not US Census trade data: the first row is malformed (%s)"),
                              s.error != NULL ? s.error : _("no array of names"));
      goto out;
    }
  if (!read_header (&reader, &row, FALSE))
    goto out;
  max = row.n_fields;

  for (;;)
    {
      OtTradeRow out;

      skip_space (&s);
      if (s.pos >= length)
        {
          reader.line = s.line;
          ot_trade_reader_error (&reader, NULL, _("the file ends before the closing “]”"));
          break;
        }
      if (data[s.pos] == ']')
        break;
      if (data[s.pos] == ',')
        {
          s.pos++;
          skip_space (&s);
        }
      if (++count % 4096 == 0 && read->tick != NULL && !read->tick (read->tick_data, s.pos, length))
        {
          read->cancelled = TRUE;
          break;
        }
      s.error = NULL;
      reader.line = s.line;
      ok = s.pos < length && data[s.pos] == '[' && read_array (&s, &row, max);
      if (!ok)
        {
          reader.line = s.line;
          ot_trade_reader_error (&reader, NULL, _("malformed row: %s; row skipped"),
                                 s.error != NULL ? s.error : _("not an array"));
          reader.n_rejected++;
          if (!resync (&s))
            break;
          continue;
        }
      reader.line = row.line;
      if (row.n_fields < max)
        {
          ot_trade_reader_error (&reader, NULL, _("row has %u values but the header has %u; row skipped"),
                                 row.n_fields, max);
          reader.n_rejected++;
          continue;
        }
      memset (&out, 0, sizeof out);
      switch (read_row (&reader, &row, &out))
        {
        case OT_TRADE_ROW_ADD:
          ot_trade_reader_append (&reader, &out);
          break;
        case OT_TRADE_ROW_ERROR:
          reader.n_rejected++;
          break;
        case OT_TRADE_ROW_SKIP:
        case OT_TRADE_ROW_HELD:
        default:
          break;
        }
      if (reader.stop)
        break;
    }

out:
  g_free (reader.columns);
  ot_trade_reader_finish (&reader, read);
  ot_trade_reader_clear (&reader);
}
