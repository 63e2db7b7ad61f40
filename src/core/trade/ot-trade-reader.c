/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-reader.c: what the trade readers share: a reader's problems
 * and skip counts, cached product lookups, numbers and periods, and the
 * CSV loop, which reads a large file's rows in pieces on two threads and
 * joins them in order (the result is what one thread gives). */
#define _GNU_SOURCE   /* memrchr () */
#include "ot-trade-reader-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot-hash.h"

OtTradeStats ot_trade_stats;
gsize ot_trade_parallel_min_bytes = OT_TRADE_PARALLEL_MIN_BYTES;
gsize ot_trade_piece_bytes = OT_TRADE_PIECE_BYTES;

#define CHECK_EVERY   4096    /* rows between cancellation and progress checks */
#define PUBLISH_EVERY 1024    /* rows between updates of the shared row count */

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
  guint digits = 0, decimals = 0, d;
  gboolean negative = FALSE;

  /* (On three fields of every row: the common case first.) */
  if (G_UNLIKELY (length == 0 || *p == ' ' || *p == '\t' || end[-1] == ' ' || end[-1] == '\t'))
    {
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
      if (p == end)
        return OT_TRADE_VALUE_EMPTY;
    }
  if ((guint) (*p - '0') >= 10)
    {
      /* Empty: JSON's null, Eurostat's ":" (not available). */
      if ((end - p == 4 && g_ascii_strncasecmp (p, "null", 4) == 0) || (end - p == 1 && *p == ':'))
        return OT_TRADE_VALUE_EMPTY;
      if (*p == '-' || *p == '+')
        negative = *p++ == '-';
    }
  /* Plain decimals of up to 19 digits, exactly: one division by an
   * exact power of ten rounds once, as strtod () does. */
  while (p < end && (d = (guint) (*p - '0')) < 10 && digits < 19)
    mantissa = mantissa * 10 + d, digits++, p++;
  if (p < end && *p == '.')
    {
      const char *point = ++p;

      while (p < end && (d = (guint) (*p - '0')) < 10 && digits < 19)
        mantissa = mantissa * 10 + d, digits++, p++;
      decimals = (guint) (p - point);
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
  if (G_UNLIKELY (length > 0 && (text[length - 1] == ' ' || *text == ' ')))
    {
      while (length > 0 && text[length - 1] == ' ')
        length--;
      while (length > 0 && *text == ' ')
        text++, length--;
    }
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

/* The rows of a large file (or buffer) are cut into pieces of whole
 * lines, which two threads read at once, each piece into rows held aside
 * with its lines counted from 1; the pieces are joined in order (their
 * rows appended to the table, their lines moved to the file's), so the
 * rows, problems and lines are exactly one thread's.  A file is read a
 * piece at a time into a few buffers used again and again (the loader's
 * source, ot_trade_read_stream ()): no buffer of the whole file, whose
 * fresh pages cost more on this kind of machine than reading the rows. */

#define N_SLOTS 8   /* pieces read, waiting to be joined or being filled */

typedef enum {
  SLOT_FREE,
  SLOT_READY,     /* filled, not yet read */
  SLOT_READING,
  SLOT_DONE,      /* read, waiting for the pieces before it */
} SlotState;

typedef struct {
  SlotState      state;
  guint          seq;       /* the piece's place in the file */
  char          *data;      /* its bytes: whole lines (the last: to the end) */
  gsize          length;
  gsize          offset;    /* of @data in the file, after any byte order mark */
  char          *own;       /* a stream's buffer, kept for the next piece */
  gsize          own_size;  /* bytes it holds, one more for a NUL */
  GArray        *held;      /* of OtTradeRow, lines from 1 */
  guint          lines;     /* line ends read */
  OtTradeReader  reader;
} Slot;

/* Where the reader's quotes leave the rows: a line feed is a row's end
 * (a place to cut) only outside a quoted field as ot_csv_reader_next ()
 * reads them.  Offsets are from the start of the next piece. */
typedef struct {
  gsize    scan;            /* the next byte to look at */
  gboolean quoted;          /* in a quoted field opened at @open */
  gsize    open;
  gsize    no_cut_before;   /* a malformed quoted field's closing quote */
} Quotes;

struct _OtTradeStream {
  const OtTradeSource    *source;       /* or NULL: the rows are in memory */
  const OtTradeCsvFormat *format;
  OtTradeRead            *read;         /* ticked by the calling thread only */
  OtTradeReader          *main;         /* the file's reader: the table, its problems */
  char                   *data;         /* in memory: the rows not handed out yet */
  gsize                   length;
  char                   *carry;        /* a stream's bytes read after the last piece */
  gsize                   carry_length;
  gsize                   carry_size;
  gsize                   offset;       /* in the file, of the next piece */
  gboolean                eof;          /* a stream read to its end */
  gboolean                at_end;       /* every byte handed out */
  gsize                   piece_bytes;
  Quotes                  quotes;
  guint                   n_header;
  Slot                    slots[N_SLOTS];
  guint                   n_pieces;     /* handed out */
  guint                   n_joined;
  guint                   line;         /* where the next piece to join starts */
  gint                    n_total;      /* rows in the table and held (atomic) */
  gint                    cancelled;    /* (atomic) */
  gboolean                failed;       /* the source failed: nothing is kept */
  gboolean                stopping;
  GMutex                  lock;
  GCond                   cond;
};

static inline gboolean
is_field_start (const char *bytes,
                gsize       at,
                char        separator)
{
  return at == 0 || bytes[at - 1] == separator || bytes[at - 1] == '\n' || bytes[at - 1] == '\r';
}

/* After a quote that is never closed, or closed lines later with text
 * after it, ot_csv_reader_next () goes on at the line after the opening
 * quote's. */
static void
resume_after_open (const char *bytes,
                   gsize       n,
                   Quotes     *q)
{
  const char *lf = memchr (bytes + q->open, '\n', n - q->open);

  q->quoted = FALSE;
  q->scan = lf != NULL ? (gsize) (lf - bytes) + 1 : n;
}

/* The end of the last whole row in @bytes[0, @n) that a piece may end
 * at, 0 when there is none yet; @q goes on from where it was and is left
 * where more bytes are needed.  The reader's rules, quote by quote: a
 * quote opens a field only where a field starts (after a separator or a
 * line end), else it is text; a doubled quote in a quoted field is one
 * quote; the field closes at the next quote.  A closing quote followed
 * by text, when the field ran over a line end, makes the row malformed
 * and reading goes on after the opening quote's line (no cut before the
 * closing quote: a piece ending earlier would find the quote never
 * closed, a different message); on the same line the text is read with
 * the field.  A quote never closed (at the end) is the same as the
 * first case.  Files without quotes (Comtrade's bulk files) cost one
 * memchr () and one memrchr () a piece. */
static gsize
find_cut (const char *bytes,
          gsize       n,
          gboolean    at_end,
          char        separator,
          Quotes     *q)
{
  gsize cut = 0;

  for (;;)
    {
      const char *quote;
      gsize at;

      if (!q->quoted)
        {
          gsize from = MAX (q->scan, q->no_cut_before);

          quote = q->scan < n ? memchr (bytes + q->scan, '"', n - q->scan) : NULL;
          at = quote != NULL ? (gsize) (quote - bytes) : n;
          if (at > from)
            {
              const char *lf = memrchr (bytes + from, '\n', at - from);

              if (lf != NULL)
                cut = (gsize) (lf - bytes) + 1;
            }
          if (quote == NULL)
            {
              q->scan = n;
              return cut;
            }
          if (is_field_start (bytes, at, separator))
            q->quoted = TRUE, q->open = at;
          q->scan = at + 1;
          continue;
        }

      quote = q->scan < n ? memchr (bytes + q->scan, '"', n - q->scan) : NULL;
      if (quote == NULL)
        {
          q->scan = n;
          if (!at_end)
            return cut;
          resume_after_open (bytes, n, q);
          continue;
        }
      at = (gsize) (quote - bytes);
      if (at + 1 == n && !at_end)
        {
          q->scan = at;   /* a doubled quote or not: the next byte says */
          return cut;
        }
      if (at + 1 < n && bytes[at + 1] == '"')
        {
          q->scan = at + 2;
          continue;
        }
      if (at + 1 < n && bytes[at + 1] != separator && bytes[at + 1] != '\r' && bytes[at + 1] != '\n' &&
          memchr (bytes + q->open, '\n', at - q->open) != NULL)
        {
          q->no_cut_before = MAX (q->no_cut_before, at + 1);
          resume_after_open (bytes, n, q);
          continue;
        }
      q->quoted = FALSE;
      q->scan = at + 1;
    }
}

/* @q from the next piece's start, @cut bytes on. */
static void
quotes_rebase (Quotes *q,
               gsize   cut)
{
  g_assert (q->scan >= cut && (!q->quoted || q->open >= cut));
  q->scan -= cut;
  q->open -= q->quoted ? cut : 0;
  q->no_cut_before = q->no_cut_before > cut ? q->no_cut_before - cut : 0;
}

/* Reads from the source into @buf up to @size bytes; FALSE when it
 * failed (it said why). */
static gboolean
source_read (OtTradeStream *s,
             char          *buf,
             gsize          size,
             gsize         *n)
{
  while (*n < size && !s->eof)
    {
      gssize got = s->source->read (s->source->source, buf + *n, size - *n);

      if (got < 0)
        return FALSE;
      if (got == 0)
        s->eof = TRUE;
      *n += (gsize) got;
    }
  return TRUE;
}

static void
ensure_size (char  **buf,
             gsize  *size,
             gsize   wanted)
{
  if (*size < wanted)
    {
      g_free (*buf);
      *buf = g_malloc (wanted + 1);
      *size = wanted;
    }
}

/* The next piece into @slot (with the lock held): FALSE when there is
 * none (the end, or the source failed: s->failed). */
static gboolean
fill (OtTradeStream *s,
      Slot          *slot)
{
  const char separator = s->format->separator;
  gsize n, cut;

  if (s->at_end)
    return FALSE;
  if (s->source == NULL)
    {
      /* In memory: the piece is the bytes themselves. */
      n = MIN (s->piece_bytes, s->length);
      for (;;)
        {
          gboolean end = n == s->length;

          cut = end ? n : find_cut (s->data, n, FALSE, separator, &s->quotes);
          if (cut > 0 || end)
            break;
          n = MIN (n * 2, s->length);
        }
      slot->data = s->data;
      s->data += cut;
      s->length -= cut;
      s->at_end = s->length == 0;
    }
  else
    {
      /* The bytes read after the last piece, then more from the source. */
      ensure_size (&slot->own, &slot->own_size, MAX (s->piece_bytes, s->carry_length));
      memcpy (slot->own, s->carry, s->carry_length);
      n = s->carry_length;
      for (;;)
        {
          if (!source_read (s, slot->own, slot->own_size, &n))
            {
              s->failed = TRUE;
              return FALSE;
            }
          cut = s->eof ? n : find_cut (slot->own, n, FALSE, separator, &s->quotes);
          if (cut > 0 || s->eof)
            break;
          /* No row ends in it (a long quoted field): a larger buffer. */
          slot->own = g_realloc (slot->own, slot->own_size * 2 + 1);
          slot->own_size *= 2;
        }
      ensure_size (&s->carry, &s->carry_size, n - cut);
      memcpy (s->carry, slot->own + cut, n - cut);
      s->carry_length = n - cut;
      s->at_end = s->eof && s->carry_length == 0;
      if (cut == 0)
        return FALSE;
      if (!s->source->check (s->source->source, slot->own, cut, s->offset))
        {
          s->failed = TRUE;
          return FALSE;
        }
      slot->data = slot->own;
    }
  if (!s->at_end)
    quotes_rebase (&s->quotes, cut);
  slot->length = cut;
  slot->offset = s->offset;
  s->offset += cut;
  slot->state = SLOT_READY;
  slot->seq = s->n_pieces++;
  return TRUE;
}

/* A slot's reader: the file's columns and names, a problem list and
 * batch of its own (kept from piece to piece), the thread's cache. */
static void
slot_begin (Slot          *slot,
            OtTradeReader *main,
            gint          *n_total,
            OtProductCache *cache)
{
  OtTradeReader *reader = &slot->reader;
  GPtrArray *problems = reader->problems;
  OtTradeRow *batch = reader->batch;

  memset (reader, 0, sizeof *reader);
  reader->name = main->name;
  reader->table = main->table;
  reader->file = main->file;
  reader->max_problems = main->max_problems;
  reader->columns = main->columns;
  reader->columns_const = main->columns_const;
  reader->n_total = n_total;
  reader->cache = cache;
  reader->problems = problems != NULL ? problems
                                      : g_ptr_array_new_with_free_func ((GDestroyNotify) ot_problem_free);
  reader->batch = batch != NULL ? batch : g_new (OtTradeRow, OT_TRADE_BATCH);
  if (slot->held == NULL)
    slot->held = g_array_new (FALSE, FALSE, sizeof (OtTradeRow));
  g_array_set_size (slot->held, 0);
  reader->held = slot->held;
}

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

/* Reads a piece's rows, lines from 1 (without the lock). */
static void
read_slot (OtTradeStream  *s,
           Slot           *slot,
           OtProductCache *cache)
{
  g_autoptr(OtCsvReader) csv = NULL;
  OtTradeReader *reader = &slot->reader;
  OtCsvRow row;
  guint count = 0;

  slot_begin (slot, s->main, &s->n_total, cache);
  csv = ot_csv_reader_new_in_place (slot->data, slot->length, 1, OT_CSV_FLAGS_NONE);
  ot_csv_reader_set_separator (csv, s->format->separator);
  ot_csv_reader_set_max_field (csv, OT_CSV_MAX_FIELD);
  while (!reader->stop && ot_csv_reader_next (csv, &row))
    {
      if (++count % CHECK_EVERY == 0 && g_atomic_int_get (&s->cancelled))
        break;
      read_row (reader, s->format, s->n_header, &row);
    }
  ot_trade_reader_flush (reader);
  slot->lines = ot_csv_reader_get_line (csv) - 1;
  g_atomic_int_inc (&ot_trade_stats.n_pieces);
}

/* Appends a piece as if @main had read it, its lines moved by
 * @line_offset. */
static void
join_piece (OtTradeReader *main,
            Slot          *slot,
            guint          line_offset)
{
  OtTradeReader *reader = &slot->reader;
  OtTradeRow *rows = (OtTradeRow *) (void *) slot->held->data;

  for (guint i = 0; i < slot->held->len; i++)
    rows[i].line += line_offset;
  ot_trade_table_append_rows (main->table, rows, slot->held->len);
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

/* Joins the pieces read, in order, as far as they go (lock held).  Once
 * the source failed or the row limit was reached, none is. */
static void
join_ready (OtTradeStream *s)
{
  for (;;)
    {
      Slot *slot = NULL;

      for (guint i = 0; i < N_SLOTS && slot == NULL; i++)
        if (s->slots[i].state == SLOT_DONE && s->slots[i].seq == s->n_joined)
          slot = &s->slots[i];
      if (slot == NULL)
        return;
      if (!s->failed && !s->main->stop)
        join_piece (s->main, slot, s->line - 1);
      s->line += slot->lines;
      g_ptr_array_set_size (slot->reader.problems, 0);
      g_array_set_size (slot->held, 0);
      slot->state = SLOT_FREE;
      s->n_joined++;
    }
}

static Slot *
find_slot (OtTradeStream *s,
           SlotState      state)
{
  Slot *found = NULL;

  for (guint i = 0; i < N_SLOTS; i++)
    if (s->slots[i].state == state && (found == NULL || s->slots[i].seq < found->seq))
      found = &s->slots[i];
  return found;
}

typedef struct {
  OtTradeStream  *stream;
  gboolean        caller;   /* the thread that may tick */
  OtProductCache  cache;
} Worker;

/* Each thread: joins what is ready, takes a piece (filling a free slot
 * from the source when none is waiting), reads it, until the end. */
static gpointer
work (gpointer user_data)
{
  Worker *worker = user_data;
  OtTradeStream *s = worker->stream;
  OtTradeRead *read = s->read;

  g_mutex_lock (&s->lock);
  for (;;)
    {
      Slot *slot;
      gboolean busy = FALSE;

      join_ready (s);
      if (worker->caller && read->tick != NULL && !s->stopping &&
          !read->tick (read->tick_data, s->offset, s->source != NULL ? s->source->size : s->offset + s->length))
        g_atomic_int_set (&s->cancelled, 1);
      if (s->failed || s->main->stop || g_atomic_int_get (&s->cancelled))
        s->stopping = TRUE;
      slot = s->stopping ? NULL : find_slot (s, SLOT_READY);
      if (slot == NULL && !s->stopping && (slot = find_slot (s, SLOT_FREE)) != NULL && !fill (s, slot))
        slot = NULL;
      if (slot != NULL && !s->failed)
        {
          slot->state = SLOT_READING;
          g_mutex_unlock (&s->lock);
          read_slot (s, slot, &worker->cache);
          g_mutex_lock (&s->lock);
          slot->state = SLOT_DONE;
          g_cond_broadcast (&s->cond);
          continue;
        }
      for (guint i = 0; i < N_SLOTS; i++)
        busy |= s->slots[i].state == SLOT_READING ||
                (s->slots[i].state == SLOT_READY && !s->stopping);
      if (!busy && (s->stopping || s->failed || s->at_end || find_slot (s, SLOT_FREE) == NULL))
        {
          if (find_slot (s, SLOT_DONE) == NULL || s->stopping || s->failed)
            break;
          continue;
        }
      g_cond_wait (&s->cond, &s->lock);
    }
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
  return NULL;
}

static void
read_pieces (OtTradeStream *s,
             gboolean       two)
{
  Worker *mine = g_new0 (Worker, 1), *other = NULL;
  GThread *thread = NULL;

  s->n_total = (gint) ot_trade_table_get_n_rows (s->main->table);
  mine->stream = s;
  mine->caller = TRUE;
  if (two)
    {
      other = g_new0 (Worker, 1);
      other->stream = s;
      thread = g_thread_new ("oretrace-trade", work, other);
    }
  work (mine);
  if (thread != NULL)
    g_thread_join (thread);
  g_free (mine);
  g_free (other);
  s->read->cancelled = g_atomic_int_get (&s->cancelled) != 0;
  ot_trade_stats.n_split++;
}

static OtTradeStream *
stream_new (void)
{
  OtTradeStream *s = g_new0 (OtTradeStream, 1);

  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  s->piece_bytes = MAX (ot_trade_piece_bytes, 1);
  return s;
}

static void
stream_free (OtTradeStream *s)
{
  for (guint i = 0; i < N_SLOTS; i++)
    {
      g_clear_pointer (&s->slots[i].reader.problems, g_ptr_array_unref);
      g_clear_pointer (&s->slots[i].reader.batch, g_free);
      g_clear_pointer (&s->slots[i].held, g_array_unref);
      g_free (s->slots[i].own);
    }
  g_free (s->carry);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
  g_free (s);
}

/* The header of a stream: in the first piece (after blank lines that may
 * fill pieces before it).  FALSE, reported, when there is none. */
static gboolean
stream_header (OtTradeStream *s,
               OtTradeReader *reader)
{
  Slot *slot = &s->slots[0];
  guint line = 1;

  for (;;)
    {
      g_autoptr(OtCsvReader) csv = NULL;
      OtCsvRow row;

      if (!fill (s, slot))
        {
          if (!s->failed)
            ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR, _("the header is malformed (%s)"),
                                    _("no rows"));
          return FALSE;
        }
      csv = ot_csv_reader_new_in_place (slot->data, slot->length, line, OT_CSV_FLAGS_NONE);
      ot_csv_reader_set_separator (csv, s->format->separator);
      ot_csv_reader_set_max_field (csv, OT_CSV_MAX_FIELD);
      if (!ot_csv_reader_next (csv, &row))
        {
          /* Blank lines only: the header is in a later piece, the first. */
          line = ot_csv_reader_get_line (csv);
          slot->state = SLOT_FREE;
          s->n_pieces = 0;
          continue;
        }
      if (row.error != NULL)
        {
          ot_trade_reader_report (reader, 0, OT_SEVERITY_ERROR, _("the header is malformed (%s)"), row.error);
          return FALSE;
        }
      if (!s->format->header (reader, &row, s->format->variant))
        return FALSE;
      s->n_header = row.n_fields;
      s->line = ot_csv_reader_get_line (csv);
      slot->data += row.end_offset;
      slot->length -= row.end_offset;
      slot->offset += row.end_offset;
      return TRUE;
    }
}

/* The rows of a file in memory, in one thread. */
static void
read_whole (OtTradeReader          *reader,
            const OtTradeCsvFormat *format,
            OtTradeRead            *read,
            OtCsvReader            *csv,
            guint                   n_header,
            gsize                   length)
{
  guint count = 0;
  OtCsvRow row;

  while (!reader->stop && ot_csv_reader_next (csv, &row))
    {
      if (++count % CHECK_EVERY == 0 && read->tick != NULL &&
          !read->tick (read->tick_data, row.end_offset, length))
        {
          read->cancelled = TRUE;
          break;
        }
      read_row (reader, format, n_header, &row);
    }
}

/* Whether rows of @bytes bytes are read in pieces by two threads. */
static gboolean
two_threads (gsize bytes)
{
  return bytes >= MAX (ot_trade_parallel_min_bytes, 1) &&
         (g_get_num_processors () > 1 || ot_trade_parallel_min_bytes == 0);
}

void
ot_trade_read_csv (OtTradeRead            *read,
                   const OtTradeCsvFormat *format,
                   OtTradeInput           *input)
{
  OtTradeStream *s = input->stream;
  OtTradeReader reader;
  gint n_total;
  guint n_rows = ot_trade_table_get_n_rows (read->table);
  guint n_files = g_strv_length ((char **) ot_trade_table_get_files (read->table));

  ot_trade_reader_init (&reader, read);
  if (s != NULL)
    {
      /* A file read a piece at a time. */
      s->format = format;
      s->read = read;
      s->main = &reader;
      if (stream_header (s, &reader))
        read_pieces (s, format->parallel && two_threads (s->source->size));
    }
  else
    {
      g_autoptr(OtCsvReader) csv = ot_csv_reader_new_in_place (input->data, input->length, 1, OT_CSV_FLAGS_NONE);
      OtCsvRow row;

      ot_csv_reader_set_separator (csv, format->separator);
      ot_csv_reader_set_max_field (csv, OT_CSV_MAX_FIELD);
      if (!ot_csv_reader_next (csv, &row) || row.error != NULL)
        ot_trade_reader_report (&reader, 0, OT_SEVERITY_ERROR, _("the header is malformed (%s)"),
                                row.error != NULL ? row.error : _("no rows"));
      else if (format->header (&reader, &row, format->variant))
        {
          gsize body = row.end_offset;

          if (format->parallel && two_threads (input->length - body))
            {
              /* In memory, in pieces of a quarter at most. */
              s = stream_new ();
              s->format = format;
              s->read = read;
              s->main = &reader;
              s->data = input->data + body;
              s->length = input->length - body;
              s->offset = body;
              s->piece_bytes = MIN (s->piece_bytes, MAX (s->length / 4, 1));
              s->n_header = row.n_fields;
              s->line = ot_csv_reader_get_line (csv);
              read_pieces (s, TRUE);
            }
          else
            {
              n_total = (gint) n_rows;
              reader.n_total = &n_total;
              read_whole (&reader, format, read, csv, row.n_fields, input->length);
            }
        }
    }
  if (s != NULL && s->failed)
    {
      /* Nothing of a file the source could not give whole is kept. */
      ot_trade_table_truncate (read->table, n_rows, n_files);
      read->failed = TRUE;
    }
  else
    {
      if (format->finish != NULL && !read->cancelled)
        format->finish (&reader);
      ot_trade_reader_finish (&reader, read);
    }
  if (format->free_columns != NULL && reader.columns != NULL)
    format->free_columns (reader.columns);
  ot_trade_reader_clear (&reader);
  if (s != input->stream)
    stream_free (s);
}

/* ---- Streams ------------------------------------------------------------------------------- */

OtTradeStream *
ot_trade_stream_new (const OtTradeSource *source,
                     OtTradeInput        *input)
{
  OtTradeStream *s = stream_new ();
  gsize n = 0;

  /* The first line at least, for the format to choose its separator by. */
  s->source = source;
  ensure_size (&s->carry, &s->carry_size, MAX (s->piece_bytes, 4096));
  for (;;)
    {
      if (!source_read (s, s->carry, s->carry_size, &n))
        {
          stream_free (s);
          return NULL;
        }
      if (s->eof || memchr (s->carry, '\n', n) != NULL)
        break;
      s->carry = g_realloc (s->carry, s->carry_size * 2 + 1);
      s->carry_size *= 2;
    }
  s->carry_length = n;
  s->at_end = s->eof && n == 0;
  /* A byte order mark, as ot_trade_read () skips it. */
  if (n >= 3 && memcmp (s->carry, "\xEF\xBB\xBF", 3) == 0)
    {
      memmove (s->carry, s->carry + 3, n - 3);
      s->carry_length = n - 3;
      s->offset = 3;
    }
  input->data = s->carry;
  input->length = s->carry_length;
  input->stream = s;
  return s;
}

void
ot_trade_stream_free (OtTradeStream *stream)
{
  stream_free (stream);
}
