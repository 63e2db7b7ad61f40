/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-reader.c: what the trade readers share: a reader's problems
 * and skip counts, cached product lookups, numbers and periods, and the
 * CSV loop, which reads a large file's rows in pieces on two threads and
 * joins them in order (the result is what one thread gives). */
#include "ot-trade-reader-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot-hash.h"

OtTradeStats ot_trade_stats;
gsize ot_trade_parallel_min_bytes = (gsize) 4 * 1024 * 1024;
gsize ot_trade_piece_bytes = (gsize) 8 * 1024 * 1024;

#define CHECK_EVERY   4096    /* rows between cancellation and progress checks */
#define PUBLISH_EVERY 1024    /* rows between updates of the shared row count */
#define MAX_PIECES    16

/* ---- Product codes, cached ------------------------------------------------------ */

/* Rows repeat a few hundred codes millions of times: each code's match is
 * looked up once per reader, then found in this open-addressing table. */
#define CACHE_SLOTS 4096
#define CACHE_CODE  15

typedef struct {
  char    code[CACHE_CODE + 1];
  guint8  length;          /* 0: empty slot */
  guint8  nomenclature;
  gint32  product;         /* -1: no product */
} CacheSlot;

struct _OtProductCache {
  CacheSlot slots[CACHE_SLOTS];
  guint     used;
};

gboolean
ot_trade_reader_product (OtTradeReader       *reader,
                         OtTradeNomenclature  nomenclature,
                         const char          *code,
                         gsize                length,
                         guint16             *product)
{
  OtProductCache *cache = reader->cache;
  guint i;
  guint index;
  gboolean found;

  if (length == 0 || length > CACHE_CODE)
    {
      found = length > 0 && ot_trade_product_match (nomenclature, code, &index);
      if (found)
        *product = (guint16) index;
      return found;
    }
  i = (guint) (ot_hash_bytes (code, length) ^ nomenclature) & (CACHE_SLOTS - 1);
  for (;;)
    {
      CacheSlot *slot = &cache->slots[i];

      if (slot->length == 0)
        break;
      if (slot->length == length && slot->nomenclature == nomenclature &&
          memcmp (slot->code, code, length) == 0)
        {
          if (slot->product < 0)
            return FALSE;
          *product = (guint16) slot->product;
          return TRUE;
        }
      i = (i + 1) & (CACHE_SLOTS - 1);
    }
  found = ot_trade_product_match (nomenclature, code, &index);
  /* Half full: start afresh rather than probe long runs. */
  if (cache->used >= CACHE_SLOTS / 2)
    {
      memset (cache->slots, 0, sizeof cache->slots);
      cache->used = 0;
      return ot_trade_reader_product (reader, nomenclature, code, length, product);
    }
  memcpy (cache->slots[i].code, code, length);
  cache->slots[i].code[length] = '\0';
  cache->slots[i].length = (guint8) length;
  cache->slots[i].nomenclature = (guint8) nomenclature;
  cache->slots[i].product = found ? (gint32) index : -1;
  cache->used++;
  if (found)
    *product = (guint16) index;
  return found;
}

/* ---- A reader ---------------------------------------------------------------------- */

void
ot_trade_reader_init (OtTradeReader     *reader,
                      const OtTradeRead *read)
{
  memset (reader, 0, sizeof *reader);
  reader->name = read->name;
  reader->table = read->table;
  reader->file = ot_trade_table_add_file (read->table, read->name);
  reader->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_problem_free);
  reader->max_problems = read->max_problems;
  reader->cache = g_new0 (OtProductCache, 1);
  reader->batch = g_new (OtTradeRow, OT_TRADE_BATCH);
}

void
ot_trade_reader_clear (OtTradeReader *reader)
{
  g_clear_pointer (&reader->problems, g_ptr_array_unref);
  g_clear_pointer (&reader->cache, g_free);
  g_clear_pointer (&reader->batch, g_free);
}

void
ot_trade_reader_flush (OtTradeReader *reader)
{
  if (reader->n_batch > 0 && reader->held != NULL)
    g_array_append_vals (reader->held, reader->batch, reader->n_batch);
  else if (reader->n_batch > 0)
    ot_trade_table_append_rows (reader->table, reader->batch, reader->n_batch);
  reader->n_batch = 0;
}

static void
add_problem (OtTradeReader *reader,
             guint          line,
             const char    *column,
             OtSeverity     severity,
             const char    *message)
{
  if (line > 0 && reader->problems->len >= reader->max_problems)
    {
      reader->n_unlisted++;
      return;
    }
  g_ptr_array_add (reader->problems,
                   ot_problem_new (reader->name, line, column, severity, "%s", message));
}

void
ot_trade_reader_problem (OtTradeReader *reader,
                         guint          line,
                         const char    *column,
                         OtSeverity     severity,
                         const char    *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  add_problem (reader, line, column, severity, message);
}

gboolean
ot_trade_reader_amount (OtTradeReader  *reader,
                        const OtCsvRow *row,
                        int             index,
                        const char     *column,
                        double         *out)
{
  gsize length;
  const char *text = ot_trade_field (row, index, &length);

  switch (ot_trade_parse_number (text, length, out))
    {
    case OT_TRADE_VALUE_EMPTY:
      *out = NAN;
      return TRUE;
    case OT_TRADE_VALUE_OK:
      if (*out >= 0)
        return TRUE;
      ot_trade_reader_error (reader, column, _("negative amount “%s”; row skipped"), text);
      return FALSE;
    case OT_TRADE_VALUE_BAD:
    default:
      ot_trade_reader_error (reader, column, _("“%s” is not a number; row skipped"), text);
      return FALSE;
    }
}

OtTradeRowStatus
ot_trade_reader_skip (OtTradeReader *reader,
                      OtTradeSkip    why,
                      const char    *example)
{
  if (reader->skips[why]++ == 0 && example != NULL)
    g_strlcpy (reader->skip_example[why], example, sizeof reader->skip_example[why]);
  return OT_TRADE_ROW_SKIP;
}

gboolean
ot_trade_reader_append (OtTradeReader *reader,
                        OtTradeRow    *row)
{
  if (reader->stop)
    return FALSE;
  if (reader->n_total != NULL && reader->n_rows % PUBLISH_EVERY == 0 &&
      (guint) g_atomic_int_add (reader->n_total, PUBLISH_EVERY) >= OT_TRADE_MAX_ROWS)
    {
      reader->stop = TRUE;
      return FALSE;
    }
  row->file = reader->file;
  row->line = reader->line;
  reader->batch[reader->n_batch++] = *row;
  if (reader->n_batch == OT_TRADE_BATCH)
    ot_trade_reader_flush (reader);
  reader->n_rows++;
  return TRUE;
}

/* One warning per reason rows were skipped for. */
static void
report_skips (OtTradeReader *reader)
{
  for (guint why = 0; why < OT_TRADE_N_SKIPS; why++)
    {
      guint n = reader->skips[why];
      const char *example = reader->skip_example[why];

      if (n == 0)
        continue;
      switch ((OtTradeSkip) why)
        {
        case OT_TRADE_SKIP_PRODUCT:
          ot_trade_reader_report (reader, 0, OT_SEVERITY_WARNING,
                                  ngettext ("%'u row skipped: its product code (%s) is not one of the "
                                            "controlled minerals' (data/trade-products.csv)",
                                            "%'u rows skipped: their product codes (such as %s) are not "
                                            "the controlled minerals' (data/trade-products.csv)", n),
                                  n, example);
          break;
        case OT_TRADE_SKIP_SECRET_PRODUCT:
          ot_trade_reader_report (reader, 0, OT_SEVERITY_WARNING,
                                  ngettext ("%'u row skipped: a confidential or special product code "
                                            "(%s) names no product",
                                            "%'u rows skipped: confidential or special product codes "
                                            "(such as %s) name no product", n),
                                  n, example);
          break;
        case OT_TRADE_SKIP_FLOW:
          ot_trade_reader_report (reader, 0, OT_SEVERITY_WARNING,
                                  ngettext ("%'u row skipped: flow %s (imports, exports, re-imports and "
                                            "re-exports are read)",
                                            "%'u rows skipped: flows such as %s (imports, exports, "
                                            "re-imports and re-exports are read)", n),
                                  n, example);
          break;
        case OT_TRADE_SKIP_BREAKDOWN:
          ot_trade_reader_report (reader, 0, OT_SEVERITY_WARNING,
                                  ngettext ("%'u row skipped: a breakdown by second partner, customs "
                                            "procedure or mode of transport (%s); the totals are read",
                                            "%'u rows skipped: breakdowns by second partner, customs "
                                            "procedure or mode of transport (such as %s); the totals "
                                            "are read", n),
                                  n, example);
          break;
        case OT_TRADE_SKIP_PLACE:
          ot_trade_reader_report (reader, 0, OT_SEVERITY_WARNING,
                                  ngettext ("%'u row skipped: its country code (%s) is not in "
                                            "data/trade-places.csv",
                                            "%'u rows skipped: their country codes (such as %s) are not "
                                            "in data/trade-places.csv", n),
                                  n, example);
          break;
        case OT_TRADE_SKIP_SERVICES:
          ot_trade_reader_report (reader, 0, OT_SEVERITY_WARNING,
                                  ngettext ("%'u row skipped: trade in services (type %s), not goods",
                                            "%'u rows skipped: trade in services (type %s), not goods", n),
                                  n, example);
          break;
        case OT_TRADE_SKIP_INDICATOR:
          ot_trade_reader_report (reader, 0, OT_SEVERITY_WARNING,
                                  ngettext ("%'u row skipped: indicator %s (the value in euros and the "
                                            "quantity in 100 kg are read)",
                                            "%'u rows skipped: indicators such as %s (the value in euros "
                                            "and the quantity in 100 kg are read)", n),
                                  n, example);
          break;
        case OT_TRADE_SKIP_NAMED:   /* each row has its own warning */
        case OT_TRADE_N_SKIPS:
        default:
          break;
        }
    }
}

void
ot_trade_reader_finish (OtTradeReader *reader,
                        OtTradeRead   *read)
{
  ot_trade_reader_flush (reader);
  if (reader->stop)
    ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR,
                            _("the trade statistics reached the limit of %'u rows; the rest of "
                              "the file was not read"), (guint) OT_TRADE_MAX_ROWS);
  report_skips (reader);
  if (reader->n_unlisted > 0)
    ot_trade_reader_report (reader, 0, OT_SEVERITY_WARNING,
                            _("%u more problems in this file are not listed (at most %u are)"),
                            reader->n_unlisted, reader->max_problems);
  for (guint i = 0; i < reader->problems->len; i++)
    g_ptr_array_add (read->problems, g_steal_pointer (&reader->problems->pdata[i]));
  g_ptr_array_set_size (reader->problems, 0);
  read->n_rows += reader->n_rows;
  read->n_rejected += reader->n_rejected;
  for (guint why = 0; why < OT_TRADE_N_SKIPS; why++)
    read->n_skipped += reader->skips[why];
}

/* ---- Values ---------------------------------------------------------------------------- */

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

OtTradeValue
ot_trade_parse_number (const char *text,
                       gsize       length,
                       double     *out)
{
  const char *p = text, *end = text + length;
  guint64 mantissa = 0;
  guint digits = 0, decimals = 0;
  gboolean negative = FALSE, point = FALSE;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  /* Empty, JSON's null, Eurostat's ":" (not available). */
  if (p == end || (end - p == 4 && g_ascii_strncasecmp (p, "null", 4) == 0) ||
      (end - p == 1 && *p == ':'))
    return OT_TRADE_VALUE_EMPTY;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  /* Plain decimals of up to 19 digits, exactly: one division by an
   * exact power of ten rounds once, as strtod () does. */
  for (; p < end; p++)
    {
      if ((guint) (*p - '0') < 10)
        {
          if (digits == 19)
            break;
          mantissa = mantissa * 10 + (guint64) (*p - '0');
          digits++;
          decimals += point;
        }
      else if (*p == '.' && !point)
        point = TRUE;
      else
        break;
    }
  if (p == end && digits > 0 && mantissa < (G_GUINT64_CONSTANT (1) << 53) && decimals <= 22)
    {
      double value = (double) mantissa / powers_of_ten[decimals];
      *out = negative ? -value : value;
      return OT_TRADE_VALUE_OK;
    }
  /* Exponents, long digit strings: the C library, on a bounded copy. */
  {
    char buf[64];
    char *stop;
    gsize n = (gsize) (end - text);
    double value;

    if (n >= sizeof buf)
      return OT_TRADE_VALUE_BAD;
    memcpy (buf, text, n);
    buf[n] = '\0';
    value = g_ascii_strtod (g_strstrip (buf), &stop);
    if (*stop != '\0' || stop == buf || !isfinite (value) ||
        strpbrk (buf, "xXpPnN") != NULL)   /* no hex, inf or nan */
      return OT_TRADE_VALUE_BAD;
    *out = value;
    return OT_TRADE_VALUE_OK;
  }
}

static gboolean
digits_at (const char *text,
           guint       n,
           guint      *out)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    {
      if ((guint) (text[i] - '0') >= 10)
        return FALSE;
      value = value * 10 + (guint) (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

gboolean
ot_trade_parse_uint (const char *text,
                     gsize       length,
                     guint      *out)
{
  while (length > 0 && text[length - 1] == ' ')
    length--;
  while (length > 0 && *text == ' ')
    text++, length--;
  return length > 0 && length <= 9 && digits_at (text, (guint) length, out);
}

OtTradeValue
ot_trade_parse_bool (const char *text,
                     gsize       length,
                     gboolean   *out)
{
  /* The common cases first: "false" and "true" as written. */
  if (length == 5 && memcmp (text, "false", 5) == 0)
    return *out = FALSE, OT_TRADE_VALUE_OK;
  if (length == 4 && memcmp (text, "true", 4) == 0)
    return *out = TRUE, OT_TRADE_VALUE_OK;
  while (length > 0 && text[length - 1] == ' ')
    length--;
  while (length > 0 && *text == ' ')
    text++, length--;
  *out = FALSE;
  if (length == 0 || (length == 4 && g_ascii_strncasecmp (text, "null", 4) == 0))
    return OT_TRADE_VALUE_EMPTY;
  if ((length == 4 && g_ascii_strncasecmp (text, "true", 4) == 0) ||
      (length == 1 && text[0] == '1'))
    *out = TRUE;
  else if (!(length == 5 && g_ascii_strncasecmp (text, "false", 5) == 0) &&
           !(length == 1 && text[0] == '0'))
    return OT_TRADE_VALUE_BAD;
  return OT_TRADE_VALUE_OK;
}

gboolean
ot_trade_parse_flow (const char  *text,
                     gsize        length,
                     OtTradeFlow *flow)
{
  static const char *const names[] = { "M", "X", "RM", "RX" };
  static const OtTradeFlow flows[] = { OT_TRADE_IMPORT, OT_TRADE_EXPORT, OT_TRADE_REIMPORT,
                                       OT_TRADE_REEXPORT };

  /* As the files write them, at once: every row has one. */
  if (length == 1 && (text[0] == 'M' || text[0] == 'X'))
    return *flow = text[0] == 'M' ? OT_TRADE_IMPORT : OT_TRADE_EXPORT, TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (ot_trade_name_equal (text, names[i]))
      return *flow = flows[i], TRUE;
  return FALSE;
}

void
ot_trade_find_columns (const OtCsvRow     *header,
                       const char * const *names,
                       guint               n,
                       int                *at)
{
  for (guint c = 0; c < n; c++)
    at[c] = names[c] != NULL ? ot_trade_find_column (header, names[c]) : -1;
}

gboolean
ot_trade_month_valid (guint year,
                      guint month)
{
  /* OtTradeRow.month counts months from 1900 in 16 bits. */
  return year >= 1900 && year < 1900 + 65536 / 12 && month >= 1 && month <= 12;
}


gboolean
ot_trade_parse_period (const char *text,
                       gsize       length,
                       gboolean    annual_52,
                       guint16    *month,
                       gboolean   *annual)
{
  guint year, m = 1;

  while (length > 0 && text[length - 1] == ' ')
    length--;
  while (length > 0 && *text == ' ')
    text++, length--;
  if (length < 4 || !digits_at (text, 4, &year))
    return FALSE;
  *annual = FALSE;
  if (length == 4)
    *annual = TRUE;
  else if (length == 6 && digits_at (text + 4, 2, &m))
    {
      if (annual_52 && m == 52)
        *annual = TRUE, m = 1;
    }
  else if (length == 7 && text[4] == '-' && digits_at (text + 5, 2, &m))
    ;
  else
    return FALSE;
  if (!ot_trade_month_valid (year, m))
    return FALSE;
  *month = ot_trade_month (year, m);
  return TRUE;
}

gboolean
ot_trade_name_equal (const char *text,
                     const char *name)
{
  /* (On every row, for flows and codes: no library call.) */
  while (*text == ' ')
    text++;
  for (; *name != '\0'; text++, name++)
    if (g_ascii_tolower (*text) != g_ascii_tolower (*name))
      return FALSE;
  while (*text == ' ')
    text++;
  return *text == '\0';
}

int
ot_trade_find_column (const OtCsvRow *header,
                      const char     *name)
{
  for (guint i = 0; i < header->n_fields; i++)
    if (ot_trade_name_equal (header->fields[i], name))
      return (int) i;
  return -1;
}

/* ---- The CSV loop ------------------------------------------------------------------------- */

/* A piece of the rows.  A piece that starts where the table ends (the
 * first, and any the first thread takes once the pieces before it are
 * joined) is read straight into the table, its lines counted from where
 * it starts; the others into rows held aside, their lines counted from 1
 * (where such a piece starts is known only once the pieces before it are
 * read), moved to the file's lines when they are joined. */
typedef struct {
  gsize          start, end;
  gboolean       direct;      /* read into the table */
  GArray        *held;        /* of OtTradeRow, when not direct */
  guint          first_line;  /* of a direct piece */
  guint          lines;       /* line ends read */
  gint           done;        /* (atomic) set once read */
  OtTradeReader  reader;
} Piece;

typedef struct {
  const OtTradeCsvFormat *format;
  char        *data;
  guint        n_header;      /* fields of the header */
  guint        body_line;     /* the line the first piece starts on */
  Piece        pieces[MAX_PIECES];
  guint        n_pieces;
  gint         next;          /* the next piece to take (atomic) */
  gint         cancelled;     /* (atomic) */
  gpointer     done;          /* bytes of pieces read (atomic), for progress */
  gint         n_total;       /* rows in the table and held (atomic) */
  /* The first thread's: pieces joined, and the line the next starts on. */
  OtTradeReader *main;
  guint        joined;
  guint        line;
} Pieces;

static void
read_row (OtTradeReader          *reader,
          const OtTradeCsvFormat *format,
          guint                   n_header,
          OtCsvRow               *row)
{
  OtTradeRow out;

  reader->line = row->line;
  if (row->error != NULL)
    {
      reader->line = row->error_line;
      ot_trade_reader_error (reader, NULL, _("malformed CSV row: %s; row skipped"), row->error);
      reader->n_rejected++;
      return;
    }
  if (row->n_fields > n_header)
    {
      ot_trade_reader_error (reader, NULL, _("row has %u fields but the header has %u; row skipped"),
                             row->n_fields, n_header);
      reader->n_rejected++;
      return;
    }
  if (row->n_fields < n_header)
    ot_trade_reader_warning (reader, NULL, _("row has %u fields but the header has %u; "
                                             "the missing ones are read as empty"),
                             row->n_fields, n_header);
  memset (&out, 0, sizeof out);
  switch (format->row (reader, row, &out))
    {
    case OT_TRADE_ROW_ADD:
      ot_trade_reader_append (reader, &out);
      break;
    case OT_TRADE_ROW_ERROR:
      reader->n_rejected++;
      break;
    case OT_TRADE_ROW_SKIP:
    case OT_TRADE_ROW_HELD:
    default:
      break;
    }
}

/* Whether @data[@from, @to) holds an even number of quotes: a line feed
 * after it is outside quotes in a well-formed file (every quoted field
 * closed before it).  Files without quotes (Comtrade's bulk files) are
 * passed over by memchr () in one go. */
static gboolean
even_quotes (const char *data,
             gsize       from,
             gsize       to,
             gboolean    even)
{
  for (const char *q = memchr (data + from, '"', to - from); q != NULL;
       q = memchr (q + 1, '"', to - (gsize) (q + 1 - data)))
    even = !even;
  return even;
}

/* Cuts the rows from @body into pieces at line feeds outside quotes
 * (after an even number of quotes from @body on: a stray quote forbids
 * cuts until another evens it out).  FALSE when there is no cut. */
static gboolean
cut_pieces (Pieces *pieces,
            gsize   body,
            gsize   length)
{
  const char *data = pieces->data;
  gsize rows = length - body, from = body;
  gboolean even = TRUE;
  guint n = (guint) CLAMP (rows / MAX (ot_trade_piece_bytes, 1), 2, MAX_PIECES);

  if (rows < MAX (ot_trade_parallel_min_bytes, 1) ||
      (g_get_num_processors () < 2 && ot_trade_parallel_min_bytes > 0))
    return FALSE;

  pieces->n_pieces = 1;
  pieces->pieces[0].start = body;
  for (guint k = 1; k < n; k++)
    {
      gsize target = body + rows / n * k;
      const char *nl;
      gsize cut;

      if (target < from)
        continue;
      nl = memchr (data + target, '\n', length - target);
      if (nl == NULL || (cut = (gsize) (nl - data) + 1) >= length)
        break;
      even = even_quotes (data, from, cut, even);
      from = cut;
      if (even)
        pieces->pieces[pieces->n_pieces++].start = cut;
    }
  if (pieces->n_pieces < 2)
    return FALSE;
  for (guint i = 0; i < pieces->n_pieces; i++)
    pieces->pieces[i].end = i + 1 < pieces->n_pieces ? pieces->pieces[i + 1].start : length;
  return TRUE;
}

static void
read_piece (Pieces      *pieces,
            Piece       *piece,
            OtTradeRead *read)
{
  const OtTradeCsvFormat *format = pieces->format;
  g_autoptr(OtCsvReader) csv = NULL;
  OtTradeReader *reader = &piece->reader;
  guint first_line = piece->direct ? piece->first_line : 1;
  OtCsvRow row;
  guint count = 0;

  csv = ot_csv_reader_new_in_place (pieces->data + piece->start, piece->end - piece->start, first_line,
                                    OT_CSV_FLAGS_NONE);
  ot_csv_reader_set_separator (csv, format->separator);
  ot_csv_reader_set_max_field (csv, OT_CSV_MAX_FIELD);
  while (!reader->stop && ot_csv_reader_next (csv, &row))
    {
      if (++count % CHECK_EVERY == 0)
        {
          if (g_atomic_int_get (&pieces->cancelled))
            break;
          /* Only the first thread ticks: the callback is not thread-safe. */
          if (read != NULL && read->tick != NULL)
            {
              gsize done = GPOINTER_TO_SIZE (g_atomic_pointer_get (&pieces->done)) + row.end_offset;

              if (!read->tick (read->tick_data, done, pieces->pieces[pieces->n_pieces - 1].end))
                {
                  g_atomic_int_set (&pieces->cancelled, 1);
                  break;
                }
            }
        }
      read_row (reader, format, pieces->n_header, &row);
    }
  ot_trade_reader_flush (reader);
  piece->lines = ot_csv_reader_get_line (csv) - first_line;
  g_atomic_pointer_add (&pieces->done, (gssize) (piece->end - piece->start));
}

/* A piece's reader: its problems, skips, cache and batch; the file's
 * table or rows held aside; the file's columns. */
static void
init_piece (Piece               *piece,
            const OtTradeReader *main,
            gint                *n_total)
{
  OtTradeReader *reader = &piece->reader;

  memset (reader, 0, sizeof *reader);
  reader->name = main->name;
  reader->table = main->table;
  reader->held = piece->held;
  reader->file = main->file;
  reader->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_problem_free);
  reader->max_problems = main->max_problems;
  reader->columns = main->columns;
  reader->columns_const = main->columns_const;
  reader->cache = g_new0 (OtProductCache, 1);
  reader->batch = g_new (OtTradeRow, OT_TRADE_BATCH);
  reader->n_total = n_total;
}

/* Appends a piece as if @main had read it, its lines moved by
 * @line_offset (held rows only: a direct piece counted from its own
 * line). */
static void
join_piece (OtTradeReader *main,
            Piece         *piece,
            guint          line_offset)
{
  OtTradeReader *reader = &piece->reader;

  if (piece->direct)
    line_offset = 0;
  if (piece->held != NULL)
    {
      OtTradeRow *rows = (OtTradeRow *) (void *) piece->held->data;

      for (guint i = 0; i < piece->held->len; i++)
        rows[i].line += line_offset;
      ot_trade_table_append_rows (main->table, rows, piece->held->len);
    }
  for (guint i = 0; i < reader->problems->len; i++)
    {
      OtProblem *problem = reader->problems->pdata[i];

      if (problem->line > 0 && main->problems->len >= main->max_problems)
        main->n_unlisted++;
      else
        {
          if (problem->line > 0)
            problem->line += line_offset;
          g_ptr_array_add (main->problems, g_steal_pointer (&reader->problems->pdata[i]));
        }
    }
  g_ptr_array_set_size (reader->problems, 0);
  main->n_unlisted += reader->n_unlisted;
  main->n_rows += reader->n_rows;
  main->n_rejected += reader->n_rejected;
  main->stop |= reader->stop;
  for (guint why = 0; why < OT_TRADE_N_SKIPS; why++)
    {
      if (main->skips[why] == 0 && reader->skips[why] > 0)
        memcpy (main->skip_example[why], reader->skip_example[why], sizeof main->skip_example[why]);
      main->skips[why] += reader->skips[why];
    }
}

/* The first thread joins every piece read, in order, as far as it can
 * (between the pieces it reads itself). */
static void
join_ready (Pieces *pieces)
{
  while (pieces->joined < pieces->n_pieces &&
         g_atomic_int_get (&pieces->pieces[pieces->joined].done))
    {
      Piece *piece = &pieces->pieces[pieces->joined];

      join_piece (pieces->main, piece, pieces->line - 1);
      pieces->line += piece->lines;
      ot_trade_reader_clear (&piece->reader);
      g_clear_pointer (&piece->held, g_array_unref);
      pieces->joined++;
    }
}

typedef struct {
  Pieces      *pieces;
  OtTradeRead *read;     /* NULL in the second thread */
} Taker;

/* Takes pieces until none are left.  The first thread reads a piece
 * straight into the table when every piece before it is joined; the
 * second always into rows held aside (the table is the first thread's). */
static gpointer
take_pieces (gpointer user_data)
{
  Taker *taker = user_data;
  Pieces *pieces = taker->pieces;
  gboolean first = taker->read != NULL;
  gint i;

  while (!g_atomic_int_get (&pieces->cancelled) &&
         (i = g_atomic_int_add (&pieces->next, 1)) < (gint) pieces->n_pieces)
    {
      Piece *piece = &pieces->pieces[i];

      if (first)
        join_ready (pieces);
      piece->direct = first && pieces->joined == (guint) i;
      if (piece->direct)
        piece->first_line = pieces->line;
      else
        piece->held = g_array_new (FALSE, FALSE, sizeof (OtTradeRow));
      init_piece (piece, pieces->main, &pieces->n_total);
      read_piece (pieces, piece, taker->read);
      g_atomic_int_set (&piece->done, 1);
      g_atomic_int_inc (&ot_trade_stats.n_pieces);
    }
  return NULL;
}

static void
read_in_pieces (OtTradeReader *main,
                Pieces        *pieces,
                OtTradeRead   *read)
{
  Taker mine = { pieces, read }, other = { pieces, NULL };
  GThread *thread;

  pieces->n_total = (gint) ot_trade_table_get_n_rows (main->table);
  pieces->main = main;
  pieces->joined = 0;
  pieces->line = pieces->body_line;
  thread = g_thread_new ("oretrace-trade", take_pieces, &other);
  take_pieces (&mine);
  g_thread_join (thread);
  join_ready (pieces);
  /* Cancelled: pieces never taken, or not joined, are dropped. */
  for (guint i = pieces->joined; i < pieces->n_pieces; i++)
    if (pieces->pieces[i].reader.problems != NULL)
      {
        ot_trade_reader_clear (&pieces->pieces[i].reader);
        g_clear_pointer (&pieces->pieces[i].held, g_array_unref);
      }
  read->cancelled = g_atomic_int_get (&pieces->cancelled) != 0;
  ot_trade_stats.n_split++;
}

void
ot_trade_read_csv (OtTradeRead            *read,
                   const OtTradeCsvFormat *format,
                   char                   *data,
                   gsize                   length)
{
  g_autoptr(OtCsvReader) csv = ot_csv_reader_new_in_place (data, length, 1, OT_CSV_FLAGS_NONE);
  OtTradeReader reader;
  Pieces *pieces = NULL;
  gint n_total;
  OtCsvRow row;

  ot_trade_reader_init (&reader, read);
  ot_csv_reader_set_separator (csv, format->separator);
  ot_csv_reader_set_max_field (csv, OT_CSV_MAX_FIELD);
  if (!ot_csv_reader_next (csv, &row) || row.error != NULL)
    {
      ot_trade_reader_report (&reader, 0, OT_SEVERITY_ERROR, _("the header is malformed (%s)"),
                              row.error != NULL ? row.error : _("no rows"));
      goto out;
    }
  if (!format->header (&reader, &row, format->variant))
    goto out;

  pieces = g_new0 (Pieces, 1);
  pieces->format = format;
  pieces->data = data;
  pieces->n_header = row.n_fields;
  pieces->body_line = ot_csv_reader_get_line (csv);
  if (format->parallel && cut_pieces (pieces, row.end_offset, length))
    read_in_pieces (&reader, pieces, read);
  else
    {
      guint count = 0;

      n_total = (gint) ot_trade_table_get_n_rows (reader.table);
      reader.n_total = &n_total;
      while (!reader.stop && ot_csv_reader_next (csv, &row))
        {
          if (++count % CHECK_EVERY == 0 && read->tick != NULL &&
              !read->tick (read->tick_data, row.end_offset, length))
            {
              read->cancelled = TRUE;
              break;
            }
          read_row (&reader, format, pieces->n_header, &row);
        }
    }
  if (format->finish != NULL && !read->cancelled)
    format->finish (&reader);

out:
  if (format->free_columns != NULL && reader.columns != NULL)
    format->free_columns (reader.columns);
  g_free (pieces);
  ot_trade_reader_finish (&reader, read);
  ot_trade_reader_clear (&reader);
}
