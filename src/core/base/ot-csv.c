/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-csv.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif


/* A CR or LF that an in-place reader wrote a NUL over (commas are not
 * kept: every other NUL was one). */
typedef struct {
  gsize offset;
  char  byte;
} LineEnd;

struct _OtCsvReader
{
  const char *data;
  char       *writable;   /* == data when reading in place, else NULL */
  gsize       length;
  gsize       pos;
  guint       line;       /* line at pos */
  OtCsvFlags  flags;
  gsize       max_field;
  char        separator;  /* ',' unless set */
  guint8      stop[256];  /* bytes that end an unquoted field */

  char       *buf;        /* the current row, fields NUL-terminated */
  gsize       buf_len;
  gsize       buf_size;
  GArray     *undo;       /* of LineEnd: line ends written over, or NULL */
  guint      *starts;     /* field start offsets into buf */
  guint      *lengths;
  guint       n_alloc;
  char      **fields;
};

/* The bytes that end an unquoted field: the separator, CR and LF.  NUL
 * bytes are plain text here: the loader rejects files that hold any. */
static void
set_stops (OtCsvReader *reader,
           char         separator)
{
  memset (reader->stop, 0, sizeof reader->stop);
  reader->stop[(guint8) separator] = reader->stop['\r'] = reader->stop['\n'] = 1;
  reader->separator = separator;
}

/* The first byte at or after @pos (before @end) that ends an unquoted
 * field, or @end.  Fields are short: with SSE2 (every x86-64) sixteen
 * bytes are looked at in one step, which usually covers a whole field. */
static inline gsize
scan_unquoted_with (char          separator,
                    const guint8 *stops,
                    const guint8 *bytes,
                    gsize         pos,
                    gsize         end)
{
#ifdef __SSE2__
  const __m128i comma = _mm_set1_epi8 (separator);
  const __m128i cr = _mm_set1_epi8 ('\r');
  const __m128i lf = _mm_set1_epi8 ('\n');

  while (pos + 16 <= end)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (bytes + pos));
      int mask = _mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, comma),
                                                                _mm_cmpeq_epi8 (v, cr)),
                                                  _mm_cmpeq_epi8 (v, lf)));

      if (mask != 0)
        return pos + (gsize) __builtin_ctz ((unsigned) mask);
      pos += 16;
    }
#endif
  while (pos < end && !stops[bytes[pos]])
    pos++;
  return pos;
}

static inline gsize
scan_unquoted (const OtCsvReader *reader,
               const guint8      *bytes,
               gsize              pos,
               gsize              end)
{
  return scan_unquoted_with (reader->separator, reader->stop, bytes, pos, end);
}

OtCsvReader *
ot_csv_reader_new (const char *data,
                   gsize       length,
                   OtCsvFlags  flags)
{
  OtCsvReader *reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  reader = g_new0 (OtCsvReader, 1);
  reader->data = data;
  reader->length = length;
  reader->line = 1;
  reader->flags = flags;
  reader->max_field = OT_CSV_MAX_FIELD;
  set_stops (reader, ',');
  reader->buf_size = 4096;
  reader->buf = g_malloc (reader->buf_size);
  reader->n_alloc = 32;
  reader->starts = g_new (guint, reader->n_alloc);
  reader->lengths = g_new (guint, reader->n_alloc);
  reader->fields = g_new (char *, reader->n_alloc + 1);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    reader->pos = 3;

  return reader;
}

OtCsvReader *
ot_csv_reader_new_in_place (char       *data,
                            gsize       length,
                            guint       first_line,
                            OtCsvFlags  flags)
{
  OtCsvReader *reader;

  g_return_val_if_fail (data != NULL, NULL);

  /* An empty buffer has no BOM to skip, so pos stays 0 below. */
  reader = ot_csv_reader_new (data, 0, flags);
  reader->data = data;
  reader->writable = data;
  reader->length = length;
  reader->line = MAX (first_line, 1);
  return reader;
}

void
ot_csv_reader_free (OtCsvReader *reader)
{
  if (reader == NULL)
    return;

  g_free (reader->buf);
  if (reader->undo != NULL)
    g_array_unref (reader->undo);
  g_free (reader->starts);
  g_free (reader->lengths);
  g_free (reader->fields);
  g_free (reader);
}

void
ot_csv_reader_set_max_field (OtCsvReader *reader,
                             gsize        max_field)
{
  g_return_if_fail (reader != NULL);

  reader->max_field = MAX (max_field, 1);
}

void
ot_csv_reader_set_separator (OtCsvReader *reader,
                             char         separator)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (separator != '"' && separator != '\r' && separator != '\n' && separator != '\0');

  set_stops (reader, separator);
}

void
ot_csv_reader_keep_undo (OtCsvReader *reader)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (reader->writable != NULL);

  if (reader->undo == NULL)
    reader->undo = g_array_new (FALSE, FALSE, sizeof (LineEnd));
}

void
ot_csv_reader_restore (OtCsvReader *reader)
{
  char *data;

  g_return_if_fail (reader != NULL);
  g_return_if_fail (reader->undo != NULL);

  data = reader->writable;
  for (char *nul = memchr (data, '\0', reader->length); nul != NULL;
       nul = memchr (nul + 1, '\0', reader->length - (gsize) (nul + 1 - data)))
    *nul = reader->separator;
  for (guint i = 0; i < reader->undo->len; i++)
    {
      const LineEnd *end = &g_array_index (reader->undo, LineEnd, i);

      data[end->offset] = end->byte;
    }
  g_array_set_size (reader->undo, 0);
}

guint
ot_csv_reader_get_line (OtCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->line;
}

void
ot_csv_reader_set_end (OtCsvReader *reader,
                       gsize        end)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (end >= reader->pos);

  reader->length = MIN (reader->length, end);
}

static inline void
buf_append (OtCsvReader *reader,
            const char  *text,
            gsize        n)
{
  if (G_UNLIKELY (reader->buf_len + n + 1 > reader->buf_size))
    {
      while (reader->buf_len + n + 1 > reader->buf_size)
        reader->buf_size *= 2;
      reader->buf = g_realloc (reader->buf, reader->buf_size);
    }
  memcpy (reader->buf + reader->buf_len, text, n);
  reader->buf_len += n;
}

static void
begin_field (OtCsvReader *reader,
             guint        index)
{
  if (G_UNLIKELY (index >= reader->n_alloc))
    {
      reader->n_alloc *= 2;
      reader->starts = g_renew (guint, reader->starts, reader->n_alloc);
      reader->lengths = g_renew (guint, reader->lengths, reader->n_alloc);
      reader->fields = g_renew (char *, reader->fields, reader->n_alloc + 1);
    }
  reader->starts[index] = reader->buf_len;
  reader->fields[index] = NULL;   /* copied: pointed into buf when the row ends */
}

static guint
count_newlines (const char *p,
                gsize       n)
{
  const char *end = p + n;
  guint count = 0;

  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      count++;
      p++;
    }
  return count;
}

/* Skips to just after the next line end at or after @pos. */
static void
skip_line (OtCsvReader *reader)
{
  const char *nl = memchr (reader->data + reader->pos, '\n', reader->length - reader->pos);

  reader->pos = nl ? (gsize) (nl - reader->data) + 1 : reader->length;
  reader->line++;
}

/* Reads a quoted field; reader->pos is just after the opening quote.
 * Returns FALSE when the quote never closes. */
static gboolean
read_quoted (OtCsvReader *reader)
{
  const char *data = reader->data;

  for (;;)
    {
      const char *q = memchr (data + reader->pos, '"', reader->length - reader->pos);
      gsize n;

      if (q == NULL)
        return FALSE;

      n = q - (data + reader->pos);
      buf_append (reader, data + reader->pos, n);
      reader->line += count_newlines (data + reader->pos, n);
      reader->pos += n + 1;

      if (reader->pos < reader->length && data[reader->pos] == '"')
        {
          buf_append (reader, "\"", 1);
          reader->pos++;
          continue;
        }
      return TRUE;
    }
}

static void
read_unquoted (OtCsvReader *reader)
{
  const guint8 *data = (const guint8 *) reader->data;
  gsize pos = scan_unquoted (reader, data, reader->pos, reader->length);

  buf_append (reader, reader->data + reader->pos, pos - reader->pos);
  reader->pos = pos;
}

/* Steps over the byte that ended a field, @stop (NUL at the end of the
 * data).  Returns TRUE when the row has another field. */
static inline gboolean
end_field (OtCsvReader *reader,
           char         stop)
{
  if (reader->pos >= reader->length)
    return FALSE;
  reader->pos++;
  if (stop == reader->separator)
    return TRUE;
  /* Only the separator, CR and LF end a field. */
  g_assert (stop == '\r' || stop == '\n');
  if (stop == '\r' && reader->pos < reader->length && reader->data[reader->pos] == '\n')
    reader->pos++;
  reader->line++;
  return FALSE;
}

static void
finish_row (OtCsvReader *reader,
            OtCsvRow    *row,
            guint        n_fields)
{
  /* Fields copied into buf (every one, unless in place, where only
   * quoted ones are: buf is empty when there is none). */
  if (reader->buf_len > 0)
    for (guint i = 0; i < n_fields; i++)
      if (reader->fields[i] == NULL)
        reader->fields[i] = reader->buf + reader->starts[i];
  reader->fields[n_fields] = NULL;

  row->n_fields = n_fields;
  row->fields = reader->fields;
  row->lengths = reader->lengths;
  row->end_offset = reader->pos;
}

#ifdef __SSE2__
/* The stop bytes (@separator, CR, LF) among the 64 at @bytes, one bit
 * each, lowest first. */
static inline guint64
stop_mask64 (const guint8 *bytes,
             char          separator)
{
  const __m128i comma = _mm_set1_epi8 (separator);
  const __m128i cr = _mm_set1_epi8 ('\r');
  const __m128i lf = _mm_set1_epi8 ('\n');
  guint64 mask = 0;

  for (guint k = 0; k < 4; k++)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (bytes + 16 * k));
      __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, comma), _mm_cmpeq_epi8 (v, cr)),
                                  _mm_cmpeq_epi8 (v, lf));

      mask |= (guint64) (guint16) _mm_movemask_epi8 (hit) << (16 * k);
    }
  return mask;
}
#endif

/* Unquoted fields read in place, one after another, each terminated
 * where its separator or line end was; reader->pos is at the first.
 * Returns TRUE at the end of the row, FALSE before a quoted field (at
 * its quote).  The reader's state is in locals meanwhile: every NUL
 * written is a char store, which may alias any of the reader's fields
 * in memory, so the compiler would read them all again after each.
 * The stops are found 64 bytes at a time (a row of short fields is two
 * or three such looks, not one per field). */
static gboolean
read_in_place (OtCsvReader *reader,
               OtCsvRow    *row,
               guint       *n_fields)
{
  char *const data = reader->writable;
  const guint8 *bytes = (const guint8 *) data;
  const gsize end = reader->length;
  const gsize max_field = reader->max_field;
  const char separator = reader->separator;
  const guint8 *const stops = reader->stop;
  GArray *const undo = reader->undo;
  char **fields = reader->fields;
  guint *lengths = reader->lengths;
  guint n = *n_fields, n_alloc = reader->n_alloc;
  gsize start = reader->pos;   /* of the field being read */
  gsize scan = start;          /* the next byte not looked at */
  guint64 mask = 0;            /* stops in the 64 bytes before @scan, from @start on */

  for (;;)
    {
      gsize pos;
      char stop;

      /* The next stop: the lowest bit left in the mask, else in the
       * next 64 bytes' mask, else (near the end) a byte at a time. */
#ifdef __SSE2__
      while (mask == 0 && scan + 64 <= end)
        {
          mask = stop_mask64 (bytes + scan, separator);
          scan += 64;
        }
#endif
      if (mask != 0)
        {
          pos = scan - 64 + (gsize) __builtin_ctzll (mask);
          mask &= mask - 1;
          stop = data[pos];
        }
      else
        {
          pos = scan_unquoted_with (separator, stops, bytes, scan, end);
          scan = pos + 1;
          stop = pos < end ? data[pos] : '\0';
        }

      if (G_UNLIKELY (n >= n_alloc))
        {
          begin_field (reader, n);   /* grows the arrays */
          fields = reader->fields, lengths = reader->lengths;
          n_alloc = reader->n_alloc;
        }
      data[pos] = '\0';
      fields[n] = data + start;
      lengths[n] = (guint) (pos - start);
      n++;
      if (G_UNLIKELY (pos - start > max_field) && row->error == NULL)
        {
          row->error = _("field is longer than the limit");
          row->error_line = reader->line;
        }
      /* What end_field () does. */
      if (stop == separator)
        {
          start = pos + 1;
          if (start < end && data[start] == '"')
            {
              reader->pos = start;
              *n_fields = n;
              return FALSE;
            }
          continue;
        }
      if (pos >= end)
        break;
      if (undo != NULL)
        {
          LineEnd line_end = { pos, stop };

          g_array_append_val (undo, line_end);
        }
      pos++;
      if (stop == '\r' && pos < end && data[pos] == '\n')
        pos++;
      reader->line++;
      reader->pos = pos;
      *n_fields = n;
      return TRUE;
    }
  reader->pos = end;
  *n_fields = n;
  return TRUE;
}

gboolean
ot_csv_reader_next (OtCsvReader *reader,
                    OtCsvRow    *row)
{
  const char *data;
  guint n_fields = 0;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  data = reader->data;
  memset (row, 0, sizeof *row);

  /* Blank lines and comments. */
  for (;;)
    {
      if (reader->pos >= reader->length)
        return FALSE;
      if (data[reader->pos] == '\n')
        reader->pos++, reader->line++;
      else if (data[reader->pos] == '\r')
        {
          reader->pos++;
          if (reader->pos < reader->length && data[reader->pos] == '\n')
            reader->pos++;
          reader->line++;
        }
      else if (data[reader->pos] == '#' && (reader->flags & OT_CSV_SKIP_COMMENTS))
        skip_line (reader);
      else
        break;
    }

  row->line = reader->line;
  reader->buf_len = 0;

  for (;;)
    {
      gsize field_len;
      char stop;

      if (reader->writable != NULL &&
          (reader->pos >= reader->length || data[reader->pos] != '"'))
        {
          if (read_in_place (reader, row, &n_fields))
            break;
          continue;   /* a quoted field is next */
        }

      begin_field (reader, n_fields);
      if (reader->pos < reader->length && data[reader->pos] == '"')
        {
          gsize quote_pos = reader->pos;
          guint quote_line = reader->line;
          const char *unbalanced = NULL;

          reader->pos++;
          if (!read_quoted (reader))
            unbalanced = _("quoted field is never closed");
          else if (reader->pos < reader->length && !reader->stop[(guint8) data[reader->pos]] &&
                   reader->line != quote_line)
            /* Closed lines later, with text after it: a stray quote that
             * swallowed the lines after it, up to the next quote. */
            unbalanced = _("unbalanced quote (the quoted field runs on over the next lines)");
          if (unbalanced != NULL)
            {
              row->error = unbalanced;
              /* Report the row and resume on the line after the one the
               * quote is on, so later rows are not swallowed. */
              row->error_line = quote_line;
              reader->pos = quote_pos;
              reader->line = quote_line;
              skip_line (reader);
              finish_row (reader, row, 0);
              return TRUE;
            }
          if (reader->pos < reader->length && !reader->stop[(guint8) data[reader->pos]] &&
              row->error == NULL)
            {
              row->error = _("unexpected text after a closing quote");
              row->error_line = reader->line;
            }
        }

      /* Unquoted text (or junk after a closing quote, kept). */
      read_unquoted (reader);

      field_len = reader->buf_len - reader->starts[n_fields];
      reader->lengths[n_fields] = field_len;
      buf_append (reader, "", 1);
      n_fields++;

      if (field_len > reader->max_field && row->error == NULL)
        {
          row->error = _("field is longer than the limit");
          row->error_line = reader->line;
        }

      stop = reader->pos < reader->length ? data[reader->pos] : '\0';
      if (!end_field (reader, stop))
        break;
    }

  finish_row (reader, row, n_fields);
  return TRUE;
}

void
ot_csv_append_field (GString    *out,
                     const char *text)
{
  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL && text[0] != ' ' && text[0] != '#')
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
