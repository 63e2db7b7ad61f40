/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-read.c: which trade format a file is, by its header (or the
 * Census variables of a JSON array's first row), and the reader for it. */
#include "ot-trade-read.h"
#include "ot-trade-reader-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define HEADER_MAX OT_TRADE_DETECT_BYTES

/* Whether the first array of a JSON array of arrays names the Census
 * variables of a commodity and a country. */
static gboolean
is_census (const char *data,
           gsize       length)
{
  gsize i = 1;
  g_autofree char *first = NULL;
  const char *end;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i >= length || data[i] != '[')
    return FALSE;
  end = memchr (data + i, ']', MIN (length - i, HEADER_MAX));
  if (end == NULL)
    return FALSE;
  first = g_strndup (data + i, (gsize) (end - (data + i)));
  return strstr (first, "\"CTY_CODE\"") != NULL &&
         (strstr (first, "\"I_COMMODITY\"") != NULL || strstr (first, "\"E_COMMODITY\"") != NULL);
}

static gboolean
has_all (const OtCsvRow     *header,
         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (ot_trade_find_column (header, names[i]) < 0)
      return FALSE;
  return TRUE;
}

OtTradeFormat
ot_trade_detect (const char *data,
                 gsize       length)
{
  static const char *const comtrade[] = { "reporterCode", "partnerCode", "cmdCode", "flowCode", NULL };
  static const char *const legacy[] = { "Reporter Code", "Partner Code", "Commodity Code",
                                        "Trade Flow Code", NULL };
  static const char *const comext[] = { "PARTNER", "PRODUCT_NC", "FLOW", "PERIOD", NULL };
  static const char *const comext_old[] = { "DECLARANT_ISO", "PARTNER_ISO", "PRODUCT_NC", "FLOW",
                                            "PERIOD", NULL };
  static const char *const sdmx[] = { "reporter", "partner", "product", "flow", "indicators",
                                      "TIME_PERIOD", "OBS_VALUE", NULL };
  static const char *const published[] = { "reporter_iso3", "partner_iso3", "flow", "period",
                                           "quantity", NULL };
  g_autoptr(OtCsvReader) reader = NULL;
  const char *nl;
  gsize i = 0, line;
  OtCsvRow row;

  g_return_val_if_fail (data != NULL || length == 0, OT_TRADE_FORMAT_NONE);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length)
    return OT_TRADE_FORMAT_NONE;
  if (data[i] == '[')
    return is_census (data + i, length - i) ? OT_TRADE_FORMAT_CENSUS : OT_TRADE_FORMAT_NONE;
  if (data[i] == '{')
    return OT_TRADE_FORMAT_NONE;

  nl = memchr (data + i, '\n', MIN (length - i, HEADER_MAX));
  line = nl != NULL ? (gsize) (nl - (data + i)) : MIN (length - i, HEADER_MAX);
  reader = ot_csv_reader_new (data + i, line, OT_CSV_FLAGS_NONE);
  if (memchr (data + i, '\t', line) != NULL)
    ot_csv_reader_set_separator (reader, '\t');
  if (!ot_csv_reader_next (reader, &row) || row.error != NULL)
    return OT_TRADE_FORMAT_NONE;

  if (has_all (&row, comtrade))
    return OT_TRADE_FORMAT_COMTRADE;
  if (has_all (&row, legacy))
    return OT_TRADE_FORMAT_COMTRADE_LEGACY;
  if (has_all (&row, sdmx))
    return OT_TRADE_FORMAT_COMEXT_SDMX;
  if (has_all (&row, comext_old) || (has_all (&row, comext) && ot_trade_find_column (&row, "REPORTER") >= 0))
    return OT_TRADE_FORMAT_COMEXT;
  if (has_all (&row, published))
    return OT_TRADE_FORMAT_PUBLISHED;
  return OT_TRADE_FORMAT_NONE;
}

const char *
ot_trade_format_name (OtTradeFormat format)
{
  switch (format)
    {
    case OT_TRADE_FORMAT_COMTRADE:
      return "UN Comtrade";
    case OT_TRADE_FORMAT_COMTRADE_LEGACY:
      return _("UN Comtrade (legacy)");
    case OT_TRADE_FORMAT_CENSUS:
      return "US Census";
    case OT_TRADE_FORMAT_COMEXT:
      return "Eurostat Comext";
    case OT_TRADE_FORMAT_COMEXT_SDMX:
      return "Eurostat Comext (SDMX)";
    case OT_TRADE_FORMAT_PUBLISHED:
      return _("published figures");
    case OT_TRADE_FORMAT_NONE:
    default:
      return _("not trade statistics");
    }
}

void
ot_trade_read (OtTradeRead   *read,
               OtTradeFormat  format,
               char          *data,
               gsize          length)
{
  OtTradeInput input = { 0 };

  g_return_if_fail (read != NULL);
  g_return_if_fail (read->table != NULL && read->problems != NULL && read->name != NULL);
  g_return_if_fail (data != NULL);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, length -= 3;
  input.data = data;
  input.length = length;
  switch (format)
    {
    case OT_TRADE_FORMAT_COMTRADE:
    case OT_TRADE_FORMAT_COMTRADE_LEGACY:
      ot_trade_read_comtrade (read, format == OT_TRADE_FORMAT_COMTRADE_LEGACY, &input);
      break;
    case OT_TRADE_FORMAT_CENSUS:
      ot_trade_read_census (read, data, length);
      break;
    case OT_TRADE_FORMAT_COMEXT:
    case OT_TRADE_FORMAT_COMEXT_SDMX:
      ot_trade_read_comext (read, format == OT_TRADE_FORMAT_COMEXT_SDMX, &input);
      break;
    case OT_TRADE_FORMAT_PUBLISHED:
      ot_trade_read_published (read, data, length);
      break;
    case OT_TRADE_FORMAT_NONE:
    default:
      g_return_if_reached ();
    }
}

gboolean
ot_trade_format_streams (OtTradeFormat format)
{
  return format == OT_TRADE_FORMAT_COMTRADE || format == OT_TRADE_FORMAT_COMTRADE_LEGACY ||
         format == OT_TRADE_FORMAT_COMEXT;
}

gboolean
ot_trade_stream_wanted (gsize size)
{
  return size >= ot_trade_parallel_min_bytes;
}

void
ot_trade_read_stream (OtTradeRead         *read,
                      OtTradeFormat        format,
                      const OtTradeSource *source)
{
  OtTradeInput input = { 0 };
  OtTradeStream *stream;

  g_return_if_fail (read != NULL);
  g_return_if_fail (read->table != NULL && read->problems != NULL && read->name != NULL);
  g_return_if_fail (ot_trade_format_streams (format));
  g_return_if_fail (source != NULL && source->read != NULL && source->check != NULL);

  stream = ot_trade_stream_new (source, &input);
  if (stream == NULL)
    {
      read->failed = TRUE;
      return;
    }
  if (format == OT_TRADE_FORMAT_COMEXT)
    ot_trade_read_comext (read, FALSE, &input);
  else
    ot_trade_read_comtrade (read, format == OT_TRADE_FORMAT_COMTRADE_LEGACY, &input);
  ot_trade_stream_free (stream);
}
