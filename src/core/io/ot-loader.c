/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files and formats: opening (read-only, read whole into memory), the whole-file checks,
 * format detection, the CSV reader, progress and the GTask wrapper. */
#include "ot-loader-private.h"
#include "ot-case.h"
#include "ot-csv.h"
#include "ot-error.h"
#include "ot-sheet.h"
#include "ot-big.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK_EVERY 2048   /* rows between cancellation and progress checks */

static gboolean
has_suffix_ci (const char *name,
               const char *suffix)
{
  gsize n, m;

  if (name == NULL)
    return FALSE;
  n = strlen (name);
  m = strlen (suffix);
  return n >= m && g_ascii_strcasecmp (name + n - m, suffix) == 0;
}

static gboolean
is_jsonl_name (const char *name)
{
  return has_suffix_ci (name, ".jsonl") || has_suffix_ci (name, ".ndjson");
}

/* Whether the first line alone is a whole JSON object that is not a
 * wrapper {"incidents": [...]}, and is a record (has an id) or has more
 * lines after it: then the file is JSON Lines. */
static gboolean
first_line_is_record (const char *data,
                      gsize       length)
{
  const char *nl = memchr (data, '\n', length);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize n = nl ? (gsize) (nl - data) : length;
  JsonNode *root;
  guint scan_line;

  /* Longer than a JSON Lines record may be: a one-line document.  Too
   * deep for json-glib, or several values: the JSON reader reports it. */
  if (n > OT_LOADER_MAX_LINE || ot_loader_json_scan (data, n, &scan_line) != OT_JSON_OK)
    return FALSE;
  if (!json_parser_load_from_data (parser, data, n, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      json_object_has_member (json_node_get_object (root), "incidents"))
    return FALSE;
  if (json_object_has_member (json_node_get_object (root), "id"))
    return TRUE;

  /* A lone object without an id is a JSON document, not a list. */
  for (const char *p = nl; p && p < data + length; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

OtFormat
ot_loader_detect_format (const char *name,
                         const char *data,
                         gsize       length)
{
  gsize i = 0;

  g_return_val_if_fail (data != NULL || length == 0, OT_FORMAT_UNKNOWN);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length)
    return OT_FORMAT_UNKNOWN;

  if (data[i] == '[')
    return OT_FORMAT_JSON;
  if (data[i] == '{')
    {
      if (ot_loader_is_ftm (data + i, length - i))
        return OT_FORMAT_FTM;
      if (is_jsonl_name (name) || first_line_is_record (data + i, length - i))
        return OT_FORMAT_JSONL;
      return OT_FORMAT_JSON;
    }
  return OT_FORMAT_CSV;
}

/* --- CSV --------------------------------------------------------------- */

/* --- Two threads ---------------------------------------------------------
 *
 * A large file's rows are cut into pieces at row boundaries, and two
 * threads read them at once: this one the first piece straight into the
 * dataset, then both take the next piece left, each into a part of the
 * dataset (ot_dataset_new_part) that is then appended in order.  Pieces
 * rather than halves, because the second processor of a virtual machine
 * may join late or run slower: the faster thread simply reads more.
 * The result is exactly what one thread gives: same incidents, lines,
 * problems in the same order, same counts.  Where that cannot be had
 * cheaply (an id in two pieces, the incident limit reached), this thread
 * puts back what the readers wrote over and reads on from that piece
 * itself. */

/* The first row boundary (just after a line end) at or after @target,
 * scanning on from *@from, a place outside quotes; 0 when there is none
 * that is certain: every quote before it must open a field and close
 * before a separator.  *@from moves to the boundary. */
static gsize
next_boundary (const char *data,
               gsize       start,
               gsize       length,
               gsize      *from,
               gsize       target)
{
  gsize p = *from;

  for (;;)
    {
      const char *q = memchr (data + p, '"', length - p);
      gsize quote = q ? (gsize) (q - data) : length;
      gsize close;

      /* [p, quote) is outside quotes. */
      if (quote > target)
        {
          gsize at = MAX (p, target);
          const char *nl = memchr (data + at, '\n', quote - at);

          if (nl != NULL)
            {
              *from = (gsize) (nl - data) + 1;
              return *from < length ? *from : 0;
            }
        }
      if (q == NULL)
        return 0;

      /* An opening quote: it must start a field... */
      if (quote > start && data[quote - 1] != ',' && data[quote - 1] != '\n' &&
          data[quote - 1] != '\r')
        return 0;
      /* ...and close (past doubled quotes) before a separator. */
      close = quote + 1;
      for (;;)
        {
          const char *c = memchr (data + close, '"', length - close);

          if (c == NULL)
            return 0;
          close = (gsize) (c - data) + 1;
          if (close < length && data[close] == '"')
            close++;
          else
            break;
        }
      if (close < length && data[close] != ',' && data[close] != '\n' && data[close] != '\r')
        return 0;
      p = close;
    }
}

#define MAX_PIECES 8

/* A piece of the rows after the first.  Its reader counts lines from 1;
 * they are moved to the file's lines when the piece is joined. */
typedef struct {
  gsize        start, end;
  OtCsvReader *reader;     /* in place, keeping what it writes over */
  OtDataset   *part;
  guint        lines;      /* line ends read */
  guint        count;      /* rows read */
  guint        reserve;    /* incidents its part is made room for */
  guint        n_unlisted, n_duplicates;
  gboolean     stop;
  gint         read;       /* set (atomic) once the fields above are final */
} CsvPiece;

typedef struct {
  const OtRowHeader *header;
  CsvPiece         pieces[MAX_PIECES];
  guint            n_pieces;
  gint             next;       /* the next piece to take (atomic) */
  gint             abandoned;  /* set (atomic) when the rest is read again anyway */
  gpointer         done;       /* bytes of pieces read (atomic), for progress */
  /* Incidents in the dataset and in every part (atomic), published by
   * each reader every PUBLISH_EVERY rows it adds: once the limit is
   * reached, the pieces' readers stop, so that rows past it are neither
   * parsed nor kept (the piece that stopped is read again from its start
   * by one reader, which stops at the very row one thread would). */
  gint             n_incidents;
} CsvPieces;

#define PUBLISH_EVERY 32

/* Counts what @record added since *@added into @pieces' total, every
 * PUBLISH_EVERY incidents or when @flush. */
static void
publish_added (CsvPieces *pieces,
               OtRecord  *record,
               guint     *added,
               gboolean   flush)
{
  guint n = record->n_added - *added;

  if (n >= PUBLISH_EVERY || (flush && n > 0))
    {
      g_atomic_int_add (&pieces->n_incidents, (gint) n);
      *added = record->n_added;
    }
}

/* Whether the incidents read by every reader (@record's not yet counted
 * ones too) fill the dataset. */
static gboolean
pieces_full (CsvPieces *pieces,
             OtRecord  *record,
             guint      added)
{
  return (guint) g_atomic_int_get (&pieces->n_incidents) + (record->n_added - added) >=
         ot_loader_limits.max_incidents;
}

static void
read_piece (OtLoadContext   *context,
            CsvPieces       *pieces,
            CsvPiece        *piece)
{
  OtRecord *record = &context->record;
  guint added = record->n_added;
  OtCsvRow row;

  ot_dataset_reserve (piece->part, piece->reserve);
  record->dataset = piece->part;
  record->n_problems = record->n_unlisted = record->n_duplicates = 0;
  record->stop = FALSE;
  while (!record->stop && ot_csv_reader_next (piece->reader, &row))
    {
      /* A row past a full data set: this piece is read again by one
       * reader (join_piece() refuses a piece that stopped).  (Checked
       * once there is a row: a piece that ends just at the limit is
       * whole.) */
      if (pieces_full (pieces, record, added))
        {
          record->stop = TRUE;
          break;
        }
      if (++piece->count % CHECK_EVERY == 0 && !ot_load_context_tick (context, 0, 0))
        break;
      ot_loader_read_row (&context->record, pieces->header, &row);
      publish_added (pieces, record, &added, FALSE);
    }
  publish_added (pieces, record, &added, TRUE);
  g_atomic_int_add (&ot_loader_stats.n_rows, piece->count);
  piece->lines = ot_csv_reader_get_line (piece->reader) - 1;
  piece->n_unlisted = record->n_unlisted;
  piece->n_duplicates = record->n_duplicates;
  piece->stop = record->stop;
}

/* Takes pieces until none are left; @context's record is the thread's own
 * (its value caches serve every piece it reads). */
static void
take_pieces (CsvPieces     *pieces,
             OtLoadContext *context,
             void         (*joiner) (gpointer),
             gpointer       joiner_data)
{
  gint i;

  while (!g_atomic_int_get (&pieces->abandoned) &&
         (i = g_atomic_int_add (&pieces->next, 1)) < (gint) pieces->n_pieces)
    {
      CsvPiece *piece = &pieces->pieces[i];

      read_piece (context, pieces, piece);
      g_atomic_pointer_add (&pieces->done, (gssize) (piece->end - piece->start));
      g_atomic_int_set (&piece->read, 1);
      if (joiner != NULL)
        joiner (joiner_data);
    }
}

typedef struct {
  CsvPieces     *pieces;
  OtLoadContext  context;
} PieceWorker;

static gpointer
piece_worker (gpointer user_data)
{
  PieceWorker *worker = user_data;

  take_pieces (worker->pieces, &worker->context, NULL, NULL);
  return NULL;
}

/* Appends a piece read by either thread as if this thread had read it;
 * FALSE when it must be read again. */
static gboolean
join_piece (OtLoadContext *context,
            CsvPiece      *piece,
            guint          line)
{
  return ot_record_join_part (&context->record, piece->part, piece->stop, piece->n_duplicates,
                              piece->n_unlisted, line);
}

/* This thread's joining of the pieces, in order, as soon as each is read
 * (between the pieces it reads itself, so that joining overlaps the
 * other thread's reading). */
typedef struct {
  OtLoadContext *context;
  CsvPieces     *pieces;
  const char    *data;       /* the file, whose joined pieces are released */
  guint          joined;     /* pieces joined so far */
  guint          line;       /* the file's line where the next piece starts */
  guint          count;      /* rows joined */
  gboolean       failed;     /* pieces[joined] must be read again */
} CsvJoin;

static void
join_ready (gpointer user_data)
{
  CsvJoin *join = user_data;
  OtRecord *record = &join->context->record;

  while (!join->failed && join->joined < join->pieces->n_pieces &&
         g_atomic_int_get (&join->pieces->pieces[join->joined].read))
    {
      CsvPiece *piece = &join->pieces->pieces[join->joined];

      if (g_cancellable_is_cancelled (join->context->cancellable) || record->stop)
        return;   /* one reader would not have read on either */
      if (!join_piece (join->context, piece, join->line))
        {
          join->failed = TRUE;
          g_atomic_int_set (&join->pieces->abandoned, 1);   /* no use reading on */
          return;
        }
      join->count += piece->count;
      join->line += piece->lines;
      join->joined++;
      ot_loader_release (join->data, piece->start, piece->end);
    }
}

/* Reads @reader's rows, which start at @data[@base], releasing them
 * behind it. */
static guint
read_rows (OtLoadContext   *context,
           const OtRowHeader *header,
           OtCsvReader     *reader,
           const char      *data,
           gsize            base,
           gsize            length,
           CsvPieces       *pieces)
{
  OtRecord *record = &context->record;
  guint added = record->n_added;
  gsize released = base;
  OtCsvRow row;
  guint count = 0;

  /* (The first piece, read into the dataset itself, stops only at the
   * limit: its rows come first.) */
  while (!record->stop && ot_csv_reader_next (reader, &row))
    {
      if (++count % CHECK_EVERY == 0)
        {
          gsize done = base + row.end_offset;

          if (pieces != NULL)
            done += GPOINTER_TO_SIZE (g_atomic_pointer_get (&pieces->done));
          if (!ot_load_context_tick (context, done, length))
            break;
        }
      ot_loader_read_row (&context->record, header, &row);
      if (base + row.end_offset - released >= ot_loader_limits.release_every)
        {
          ot_loader_release (data, released, base + row.end_offset);
          released = base + row.end_offset;
        }
      if (pieces != NULL)
        publish_added (pieces, record, &added, FALSE);
    }
  if (pieces != NULL)
    publish_added (pieces, record, &added, TRUE);
  g_atomic_int_add (&ot_loader_stats.n_rows, count);
  return count;
}

/* Cuts the rows after @body into pieces; FALSE (no pieces) when the file
 * is small, there is one processor, or no certain row boundary. */
static gboolean
cut_pieces (CsvPieces  *pieces,
            char       *data,
            gsize       body,
            gsize       length)
{
  gsize rows = length - body;
  gsize from = body;
  guint n;

  /* (A limit of 0 cuts even on one processor, for tests.) */
  if (rows < MAX (ot_loader_limits.parallel_min_bytes, 1) ||
      (g_get_num_processors () < 2 && ot_loader_limits.parallel_min_bytes > 0))
    return FALSE;

  n = ot_loader_limits.split_hint ? 2
                                  : (guint) CLAMP (rows / MAX (ot_loader_limits.piece_bytes, 1),
                                                   2, MAX_PIECES);
  pieces->n_pieces = 0;
  for (guint k = 1; k < n; k++)
    {
      gsize target = ot_loader_limits.split_hint ? body + MIN (ot_loader_limits.split_hint, rows)
                                                 : body + rows / n * k;
      gsize at;

      if (from > target)
        continue;
      if ((at = next_boundary (data, body, length, &from, target)) == 0)
        break;
      pieces->pieces[pieces->n_pieces++].start = at;
    }
  for (guint i = 0; i < pieces->n_pieces; i++)
    {
      CsvPiece *piece = &pieces->pieces[i];

      piece->end = i + 1 < pieces->n_pieces ? pieces->pieces[i + 1].start : length;
      piece->reader = ot_csv_reader_new_in_place (data + piece->start, piece->end - piece->start, 1,
                                                  OT_CSV_FLAGS_NONE);
      ot_csv_reader_set_max_field (piece->reader, OT_LOADER_MAX_FIELD);
      ot_csv_reader_keep_undo (piece->reader);
    }
  return pieces->n_pieces > 0;
}

/* About how many rows @length bytes of rows hold, from the line ends in
 * a sample of them (+12 %, so that arrays sized by it need not grow). */
static guint
estimate_rows (const char *rows,
               gsize       sample,
               gsize       length)
{
  guint n_lines = 1;

  sample = MIN (sample, length);
  for (const char *nl = memchr (rows, '\n', sample); nl != NULL;
       nl = memchr (nl + 1, '\n', sample - (gsize) (nl + 1 - rows)))
    n_lines++;
  return (guint) MIN ((guint64) length * n_lines / MAX (sample, 1) * 9 / 8 + 16,
                      ot_loader_limits.max_incidents);
}

void
ot_loader_read_csv (OtLoadContext *context,
                    char          *data,
                    gsize          length)
{
  OtRecord *record = &context->record;
  g_autoptr(OtCsvReader) reader = ot_csv_reader_new_in_place (data, length, 1, OT_CSV_FLAGS_NONE);
  OtRowHeader header = { 0 };
  CsvPieces pieces = { 0 };
  PieceWorker worker = { 0 };
  OtLoadContext mine;
  GThread *thread = NULL;
  OtCsvRow row;
  guint count = 0;

  ot_csv_reader_set_max_field (reader, OT_LOADER_MAX_FIELD);

  if (!ot_csv_reader_next (reader, &row))
    {
      ot_loader_report (record->dataset, record->file, 0, OT_SEVERITY_ERROR, _("file is empty"));
      return;
    }
  if (row.error)
    {
      ot_loader_report (record->dataset, record->file, 0, OT_SEVERITY_ERROR,
                        _("not an incident file: the header on line %u is malformed (%s)"),
                        row.error_line, row.error);
      return;
    }
  if (!ot_loader_read_header (record, &row, &header, FALSE))
    goto out;

  if (cut_pieces (&pieces, data, row.end_offset, length))
    {
      gsize body = row.end_offset;
      guint n_rows;
      CsvJoin join;

      pieces.header = &header;
      pieces.n_incidents = (gint) ot_dataset_get_n_incidents (record->dataset);
      for (guint i = 0; i < pieces.n_pieces; i++)
        pieces.pieces[i].part = ot_dataset_new_part (record->dataset);
      worker.pieces = &pieces;
      ot_load_context_init_piece (&worker.context, context, record->dataset);
      ot_load_context_init_piece (&mine, context, record->dataset);
      ot_csv_reader_set_end (reader, pieces.pieces[0].start);
      /* Estimated before any reader writes over a line end. */
      n_rows = estimate_rows (data + body, 64 * 1024, length - body);
      /* Each part's id index sized for its share of the rows at once
       * (by the thread that reads it), instead of doubling (and
       * rehashing) its way up to it; and its
       * incidents laid out for the index they will likely have, a row a
       * line end before it, so that joining moves them instead of
       * copying them (when a row spans lines or is skipped, joining
       * copies the rest). */
      {
        guint64 before = 0;
        gboolean counted = TRUE;
        gsize from = body;

        for (guint i = 0; i < pieces.n_pieces; i++)
          {
            guint64 n = 0;

            pieces.pieces[i].reserve = (guint) ((guint64) n_rows *
                                                (pieces.pieces[i].end - pieces.pieces[i].start) /
                                                MAX (length - body, 1));
            counted = counted && ot_load_context_count_lines (context, data + from,
                                                              pieces.pieces[i].start - from, &n);
            before += n;
            from = pieces.pieces[i].start;
            if (counted)
              ot_dataset_set_first (pieces.pieces[i].part, (guint) (pieces.n_incidents + before));
          }
      }
      thread = g_thread_new ("oretrace-csv", piece_worker, &worker);

      /* The first piece into the dataset, then room for all the rows
       * (so that joining copies each once; reserved only now, as a large
       * sparse id index slows the first piece more than growing costs),
       * then take and join pieces until none are left. */
      count = read_rows (context, &header, reader, data, 0, length, &pieces);
      join = (CsvJoin) { context, &pieces, data, 0, ot_csv_reader_get_line (reader), 0, FALSE };
      if (!record->stop)
        {
          guint n = ot_dataset_get_n_incidents (record->dataset);
          guint room = ot_loader_limits.max_incidents - MIN (n, ot_loader_limits.max_incidents);

          /* (No room is reserved past the limit.) */
          ot_dataset_reserve (record->dataset, n + MIN (n_rows, room));
          take_pieces (&pieces, &mine, join_ready, &join);
        }
      g_thread_join (thread);
      join_ready (&join);
      count += join.count;

      /* The pieces not joined are dropped now, before anything is read
       * again: their incidents must not stay in memory meanwhile. */
      for (guint j = join.joined; j < pieces.n_pieces; j++)
        g_clear_object (&pieces.pieces[j].part);

      if (join.failed)
        {
          /* Read from that piece on here, as one reader. */
          CsvPiece *piece = &pieces.pieces[join.joined];
          g_autoptr(OtCsvReader) rest = NULL;

          for (guint j = join.joined; j < pieces.n_pieces; j++)
            ot_csv_reader_restore (pieces.pieces[j].reader);
          rest = ot_csv_reader_new_in_place (data + piece->start, length - piece->start, join.line,
                                             OT_CSV_FLAGS_NONE);
          ot_csv_reader_set_max_field (rest, OT_LOADER_MAX_FIELD);
          count += read_rows (context, &header, rest, data, piece->start, length, NULL);
          g_atomic_int_inc (&ot_loader_stats.n_rejoined);
        }
      g_atomic_int_inc (&ot_loader_stats.n_split);

      /* (Their unlisted problems were counted where they belong.) */
      worker.context.record.n_unlisted = mine.record.n_unlisted = 0;
      worker.context.record.dataset = mine.record.dataset = record->dataset;   /* parts are gone */
      ot_record_clear (&worker.context.record);
      ot_record_clear (&mine.record);
      for (guint i = 0; i < pieces.n_pieces; i++)
        {
          ot_csv_reader_free (pieces.pieces[i].reader);
          g_clear_object (&pieces.pieces[i].part);
        }
    }
  else
    count = read_rows (context, &header, reader, data, 0, length, NULL);

  if (count == 0)
    ot_loader_report (record->dataset, record->file, 0, OT_SEVERITY_WARNING,
                      _("no incidents: the file has a header but no rows"));

out:
  ot_row_header_clear (&header);
}

/* --- Files ------------------------------------------------------------- */

/* What problems call the file: relative to the working folder when it
 * is inside it, else the full path; always UTF-8 (a name in another
 * encoding is shown as g_filename_display_name () does), since it
 * reaches problems, captions, SVG and JSON. */
static char *
display_name (GFile *file)
{
  g_autoptr(GFile) cwd = NULL;
  g_autofree char *current = g_get_current_dir ();
  g_autofree char *relative = NULL;

  cwd = g_file_new_for_path (current);
  relative = g_file_get_relative_path (cwd, file);
  return relative ? g_filename_display_name (relative) : g_file_get_parse_name (file);
}

/* A gzip-compressed file (Comtrade's bulk files) unpacked whole, up to
 * the size limit; NULL with a problem reported when it cannot be. */
static char *
gunzip (OtDataset  *dataset,
        const char *name,
        const char *data,
        gsize       length,
        gsize      *out_length)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GError) error = NULL;
  gsize size = MAX (length * 4, (gsize) 64 * 1024), done = 0, read_pos = 0;
  g_autofree char *out = g_malloc (size + 1);

  for (;;)
    {
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;

      if (done == size)
        {
          if (size > OT_LOADER_MAX_FILE_SIZE)
            {
              ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                                _("the file unpacks to more than %u MiB, the limit"),
                                (guint) (OT_LOADER_MAX_FILE_SIZE >> 20));
              return NULL;
            }
          size = MIN (size * 2, OT_LOADER_MAX_FILE_SIZE + 1);
          out = g_realloc (out, size + 1);
        }
      result = g_converter_convert (G_CONVERTER (decompressor), data + read_pos, length - read_pos,
                                    out + done, size - done, G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, &error);
      read_pos += bytes_read;
      done += bytes_written;
      if (result == G_CONVERTER_FINISHED)
        break;
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              g_clear_error (&error);
              done = size;   /* grow */
              continue;
            }
          ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                            _("cannot unpack the gzip-compressed file: %s"), error->message);
          return NULL;
        }
    }
  out[done] = '\0';
  *out_length = done;
  return g_steal_pointer (&out);
}

/* @data is ours to overwrite: the CSV reader terminates fields in place,
 * and @data[@length] is writable too. */
static void
load_buffer (OtLoadContext *context,
             const char    *name,
             char          *data,
             gsize          length)
{
  OtFormat format;
  OtTradeFormat trade;

  /* gzip (1f 8b): unpacked, then read as what it holds. */
  if (length >= 2 && (guint8) data[0] == 0x1f && (guint8) data[1] == 0x8b)
    {
      gsize unpacked_length = 0;
      g_autofree char *unpacked = gunzip (context->record.dataset, name, data, length, &unpacked_length);

      if (unpacked == NULL)
        return;
      if (unpacked_length >= 2 && (guint8) unpacked[0] == 0x1f && (guint8) unpacked[1] == 0x8b)
        {
          ot_loader_report (context->record.dataset, name, 0, OT_SEVERITY_ERROR,
                            _("a gzip file inside a gzip file; unpack it once first"));
          return;
        }
      load_buffer (context, name, unpacked, unpacked_length);
      return;
    }

  /* 7-zip: Eurostat Comext's bulk files, their one file unpacked as it
   * is read (ot-loader-archive.c). */
  if (ot_loader_is_7z (data, length))
    {
      gsize unpacked_length = 0;
      g_autofree char *unpacked = ot_loader_unpack_7z (context, name, data, length, &unpacked_length);

      if (unpacked != NULL)
        load_buffer (context, name, unpacked, unpacked_length);
      return;
    }

  /* A workbook (a ZIP or OLE2 file) before the text checks, which refuse
   * any binary file: ot-loader-sheet.c says what it is when it is none. */
  if (ot_workbook_sniff (data, length))
    {
      ot_loader_read_workbook (context, data, length);
      return;
    }
  if (context->sheet != NULL)
    {
      ot_loader_report (context->record.dataset, name, 0, OT_SEVERITY_ERROR,
                        _("not a workbook, so “#%s” names no sheet of it"), context->sheet);
      return;
    }

  if (!ot_loader_check_text (context->record.dataset, name, data, length))
    return;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, length -= 3;

  {
    gsize i = 0;

    while (i < length && g_ascii_isspace (data[i]))
      i++;
    if (ot_loader_is_html (data + i, length - i))
      {
        ot_loader_report (context->record.dataset, name, 0, OT_SEVERITY_ERROR,
                          _("this is a web page (HTML), not data: a web service sends one instead of "
                            "the data when a request fails (the US Census API does when its key is "
                            "missing or not valid)"));
        return;
      }
  }

  /* Trade statistics, by their header (docs/trade-statistics.md). */
  trade = ot_trade_detect (data, length);
  if (trade != OT_TRADE_FORMAT_NONE)
    {
      ot_loader_read_trade (context, trade, data, length);
      return;
    }

  format = ot_loader_detect_format (name, data, length);
  switch (format)
    {
    case OT_FORMAT_CSV:
      ot_loader_read_csv (context, data, length);
      break;
    case OT_FORMAT_JSON:
    case OT_FORMAT_JSONL:
      ot_loader_read_json (context, data, length, format == OT_FORMAT_JSONL);
      break;
    case OT_FORMAT_FTM:
      ot_loader_read_ftm (context, data, length);
      break;
    case OT_FORMAT_UNKNOWN:
    default:
      ot_loader_report (context->record.dataset, name, 0, OT_SEVERITY_ERROR, _("file is empty"));
      break;
    }
}

/* Adds the line ends of @buf[@from, @to) to @line_ends, while they are
 * in the cache (for ot_load_context_count_lines ()). */
static void
count_line_ends (guint32    *line_ends,
                 const char *buf,
                 gsize       from,
                 gsize       to)
{
  while (from < to)
    {
      gsize k = from / OT_LOADER_READ_STEP;
      gsize end = MIN (to, (k + 1) * OT_LOADER_READ_STEP);
      guint32 n = 0;

      for (const char *nl = memchr (buf + from, '\n', end - from); nl != NULL;
           nl = memchr (nl + 1, '\n', end - (gsize) (nl + 1 - buf)))
        n++;
      line_ends[k] += n;
      from = end;
    }
}

gboolean
ot_loader_load_data (OtDataset     *dataset,
                     const char    *display,
                     const char    *data,
                     gsize          length,
                     GCancellable  *cancellable,
                     GError       **error)
{
  OtLoadContext context = { 0 };
  g_autofree char *copy = NULL;
  g_autofree guint32 *line_ends = NULL;

  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (display != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  /* The readers write into what they read: give them a copy. */
  copy = g_malloc (length + 1);
  if (length > 0)
    memcpy (copy, data, length);
  copy[length] = '\0';

  /* (Line ends counted as a file's are as it is read.) */
  line_ends = g_new0 (guint32, length / OT_LOADER_READ_STEP + 1);
  count_line_ends (line_ends, copy, 0, length);
  context.counted = copy;
  context.counted_length = length;
  context.line_ends = line_ends;

  ot_record_init (&context.record, dataset, display);
  context.cancellable = cancellable;
  context.progress_span = 1.0;
  ot_dataset_add_file (dataset, display);
  load_buffer (&context, context.record.file, copy, length);
  ot_record_clear (&context.record);
  ot_loader_finish_trade (&context);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* One stretch of a file, read with pread() (another thread may read
 * another stretch of the same descriptor at once). */
typedef struct {
  int      fd;
  char    *buf;
  gsize    offset;   /* a multiple of OT_LOADER_READ_STEP */
  gsize    length;
  gsize    done;
  guint32 *line_ends;   /* per OT_LOADER_READ_STEP of @buf */
  int      error;     /* errno, or 0 */
} ReadStretch;


/* Read a step at a time, each made present just before (ot-big.h): the
 * pages the kernel clears are still in the cache when the copy from the
 * file writes them, and each thread clears its own stretch; its line
 * ends are counted as it is still in the cache. */
static gpointer
read_stretch (gpointer user_data)
{
  ReadStretch *r = user_data;

  while (r->done < r->length)
    {
      gsize at = r->offset + r->done;
      gsize step = MIN (r->length - r->done, OT_LOADER_READ_STEP - at % OT_LOADER_READ_STEP);
      gssize n;

      ot_big_populate (r->buf + at, step);
      n = pread (r->fd, r->buf + at, step, (off_t) at);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          r->error = errno;
          break;
        }
      if (n == 0)
        break;
      count_line_ends (r->line_ends, r->buf, at, at + (gsize) n);
      r->done += n;
    }
  return NULL;
}

/* The whole file, read (not mapped: a file truncated by another program
 * while mapped kills the reader with SIGBUS) into an ot_big block (2 MiB
 * pages, made present a stretch at a time just before the file is read
 * into it: a call instead of a page fault per 4 KiB page, which in a
 * virtual machine costs more than copying the page), its line ends
 * counted in *@line_ends (per OT_LOADER_READ_STEP; g_free () it).  NULL
 * with a problem reported when it cannot be read, or changed while it
 * was read; else free it with ot_big_free (). */
static char *
read_native (OtDataset   *dataset,
             const char  *name,
             int          fd,
             const struct stat *before,
             gsize       *length,
             guint32    **line_ends)
{
  gsize size = (gsize) before->st_size;
  g_autoptr(OtBigBlock) buf = ot_big_alloc (size + 1);
  g_autofree guint32 *ends = g_new0 (guint32, size / OT_LOADER_READ_STEP + 1);
  gsize done = 0;
  struct stat after;

  /* A large file: its second half read by another thread meanwhile (the
   * page faults of a fresh buffer cost more than the copy).  What
   * follows reads on from where both ended, so a file that grew or
   * shrank is found as below. */
  if (size >= OT_LOADER_PARALLEL_FILE_BYTES && g_get_num_processors () > 1)
    {
      /* (Split at a step, so that each counts its own steps.) */
      gsize half = (size / 2 + OT_LOADER_READ_STEP / 2) / OT_LOADER_READ_STEP * OT_LOADER_READ_STEP;
      ReadStretch first = { fd, buf, 0, half, 0, ends, 0 };
      ReadStretch second = { fd, buf, half, size - half, 0, ends, 0 };
      GThread *thread = g_thread_new ("oretrace-read", read_stretch, &second);

      read_stretch (&first);
      g_thread_join (thread);
      if (first.error != 0 || second.error != 0 ||
          lseek (fd, (off_t) (done = first.done < first.length ? first.done
                                                               : first.length + second.done),
                 SEEK_SET) < 0)
        {
          int saved = first.error ? first.error : second.error ? second.error : errno;
          ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, _("cannot read the file: %s"),
                            g_strerror (saved));
          return NULL;
        }
    }

  ot_big_populate (buf + done, size + 1 - done);   /* (what is left: all of a small file) */
  for (;;)
    {
      gssize n;

      if (done == size)
        {
          char probe;

          /* All that fstat () gave: one byte more tells whether the file
           * grew since, rather than growing the buffer of every file to
           * find its end. */
          n = read (fd, &probe, 1);
          if (n < 0 && errno == EINTR)
            continue;
          if (n == 0 || (n > 0 && size > OT_LOADER_MAX_FILE_SIZE))
            break;   /* (one that grew is refused below) */
          if (n > 0)
            {
              /* Grown: read on, up to the limit. */
              size = MIN (size * 2 + 4096, OT_LOADER_MAX_FILE_SIZE + 1);
              buf = ot_big_realloc (buf, size + 1);
              buf[done++] = probe;
              continue;
            }
        }
      else
        n = read (fd, buf + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, _("cannot read the file: %s"),
                            g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      if (done + (gsize) n <= (gsize) before->st_size)   /* (a file that grew is refused below) */
        count_line_ends (ends, buf, done, done + (gsize) n);
      done += n;
    }

  if (fstat (fd, &after) != 0 || after.st_size != before->st_size || done != (gsize) after.st_size ||
      after.st_mtim.tv_sec != before->st_mtim.tv_sec ||
      after.st_mtim.tv_nsec != before->st_mtim.tv_nsec)
    {
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                        _("the file changed while it was being read; nothing loaded from it "
                          "(load it again once it is complete)"));
      return NULL;
    }
  *length = done;
  *line_ends = g_steal_pointer (&ends);
  return g_steal_pointer (&buf);
}

static void
load_native (OtLoadContext *context,
             const char    *path,
             const char    *name)
{
  OtDataset *dataset = context->record.dataset;
  g_autoptr(OtBigBlock) contents = NULL;
  g_autofree guint32 *line_ends = NULL;
  gsize length = 0;
  struct stat st;
  int fd;

  /* Read-only; O_NONBLOCK so that a FIFO does not block the open. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, _("cannot open the file: %s"),
                        g_strerror (saved));
      return;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, _("not a regular file"));
      close (fd);
      return;
    }
  /* A case file (an SQLite database with our application_id) is read by
   * the case store; other SQLite files get its clear message too. */
  {
    char header[100];
    gssize n = pread (fd, header, sizeof header, 0);

    if (n >= 16 && memcmp (header, "SQLite format 3", 16) == 0)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(OtCaseTables) tables = ot_case_tables_new ();
        OtCaseTables *first;

        close (fd);
        if (!ot_case_read_into (dataset, path, name, tables, context->cancellable, &error))
          {
            if (!g_error_matches (error, OT_ERROR, OT_ERROR_CANCELLED))
              ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, "%s", error->message);
            return;
          }
        /* The analyst's tables go with the incidents to the document that
         * opens them; of several cases, the first one's. */
        first = ot_dataset_steal_case_tables (dataset);
        ot_dataset_set_case_tables (dataset, first != NULL ? first : g_steal_pointer (&tables));
        return;
      }
  }
  if ((guint64) st.st_size > OT_LOADER_MAX_FILE_SIZE)
    {
      close (fd);
      ot_loader_check_text (dataset, name, "", (gsize) st.st_size);   /* reports the size */
      return;
    }
  if (st.st_size == 0)
    {
      close (fd);
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, _("file is empty"));
      return;
    }

  /* Trade statistics of a format read a piece at a time, when large (a
   * FILE#SHEET is a workbook's: read whole, below). */
  if (context->sheet == NULL && ot_loader_stream_trade (context, fd, &st, name))
    {
      close (fd);
      return;
    }
  contents = read_native (dataset, name, fd, &st, &length, &line_ends);
  close (fd);
  if (contents != NULL)
    {
      context->counted = contents;
      context->counted_length = length;
      context->line_ends = line_ends;
      load_buffer (context, name, contents, length);
      context->counted = NULL;
      context->line_ends = NULL;
    }
}

static void
load_remote (OtLoadContext *context,
             GFile         *file,
             const char    *name)
{
  OtDataset *dataset = context->record.dataset;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            context->cancellable, &error);
  if (info && (guint64) g_file_info_get_size (info) > OT_LOADER_MAX_FILE_SIZE)
    {
      ot_loader_check_text (dataset, name, "", g_file_info_get_size (info));
      return;
    }
  if (!g_file_load_contents (file, context->cancellable, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, _("cannot read the file: %s"),
                          error->message);
      return;
    }
  load_buffer (context, name, contents, length);
}

static void
load_one (OtLoadContext *context,
          GFile         *file)
{
  g_autofree char *name = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *workbook = NULL, *sheet = NULL;
  const char *interned;

  /* FILE#SHEET: a sheet of a workbook, named or numbered. */
  if (path != NULL && ot_loader_split_sheet (path, &workbook, &sheet))
    {
      g_autoptr(GFile) book = g_file_new_for_path (workbook);

      g_free (path);
      path = g_steal_pointer (&workbook);
      name = display_name (book);
    }
  else
    name = display_name (file);
  context->sheet = sheet;

  ot_record_init (&context->record, context->record.dataset, name);
  interned = context->record.file;
  ot_dataset_add_file (context->record.dataset, interned);

  if (path != NULL)
    load_native (context, path, interned);
  else
    load_remote (context, file, interned);

  ot_record_clear (&context->record);
  context->sheet = NULL;
}

gboolean
ot_loader_split_sheet (const char  *path,
                       char       **workbook,
                       char       **sheet)
{
  g_return_val_if_fail (path != NULL, FALSE);

  /* A file of that name is that file, '#' or not. */
  if (strchr (path, '#') == NULL || g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  /* The first '#' after which a sheet name follows a regular file: sheet
   * names may hold a '#', and so may folders. */
  for (const char *hash = strchr (path, '#'); hash != NULL; hash = strchr (hash + 1, '#'))
    {
      g_autofree char *file = g_strndup (path, (gsize) (hash - path));

      if (hash[1] != '\0' && g_file_test (file, G_FILE_TEST_IS_REGULAR))
        {
          *workbook = g_steal_pointer (&file);
          *sheet = g_strdup (hash + 1);
          return TRUE;
        }
    }
  return FALSE;
}

GFile *
ot_loader_sheet_file (GFile      *workbook,
                      const char *sheet)
{
  g_autofree char *path = NULL, *joined = NULL;

  g_return_val_if_fail (G_IS_FILE (workbook), NULL);
  g_return_val_if_fail (sheet != NULL, NULL);

  path = g_file_get_path (workbook);
  if (path == NULL)
    return g_object_ref (workbook);
  joined = g_strconcat (path, "#", sheet, NULL);
  return g_file_new_for_path (joined);
}

/* A .txt file in a folder is read when its first line is the header of
 * trade statistics (Comtrade's bulk files are .txt): other text files
 * there (notes, licences) are no data. */
static gboolean
is_trade_text (GFile        *file,
               GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, NULL);
  char head[8192];
  gsize n = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, cancellable, NULL))
    return FALSE;
  return ot_trade_detect (head, n) != OT_TRADE_FORMAT_NONE;
}

/* The files a folder is read for: incidents (.csv, .json, .jsonl,
 * .ndjson, and workbooks' first sheets: .xlsx, .ods) and trade statistics
 * (.tsv, .dat, .gz, .7z, and .txt holding
 * them). */
static gboolean
is_data_file_name (GFile        *folder,
                   const char   *name,
                   GCancellable *cancellable)
{
  if (has_suffix_ci (name, ".csv") || has_suffix_ci (name, ".json") || is_jsonl_name (name) ||
      has_suffix_ci (name, ".tsv") || has_suffix_ci (name, ".dat") || has_suffix_ci (name, ".gz") ||
      has_suffix_ci (name, ".xlsx") || has_suffix_ci (name, ".ods") || has_suffix_ci (name, ".7z"))
    return TRUE;
  if (has_suffix_ci (name, ".txt"))
    {
      g_autoptr(GFile) file = g_file_get_child (folder, name);

      return is_trade_text (file, cancellable);
    }
  return FALSE;
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *na = g_file_get_basename (*(GFile **) a);
  g_autofree char *nb = g_file_get_basename (*(GFile **) b);

  return g_strcmp0 (na, nb);
}

static void
add_unique (GPtrArray *out,
            GFile     *file)
{
  for (guint i = 0; i < out->len; i++)
    if (g_file_equal (out->pdata[i], file))
      return;
  g_ptr_array_add (out, g_object_ref (file));
}

/* Expands folders into the data files inside them (not recursive);
 * a file named twice is read once. */
static GPtrArray *
expand_files (OtDataset     *dataset,
              GFile        **files,
              guint          n_files,
              GCancellable  *cancellable)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFileEnumerator) children = NULL;
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GError) error = NULL;
      GFileInfo *info;

      if (g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, cancellable)
          != G_FILE_TYPE_DIRECTORY)
        {
          add_unique (out, files[i]);
          continue;
        }

      children = g_file_enumerate_children (files[i], G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                            G_FILE_ATTRIBUTE_STANDARD_SYMLINK_TARGET,
                                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
      if (children == NULL)
        {
          g_autofree char *name = display_name (files[i]);
          ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                            _("cannot list the folder: %s"), error->message);
          continue;
        }

      found = g_ptr_array_new_with_free_func (g_object_unref);
      while ((info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
        {
          const char *child = g_file_info_get_name (info);

          if (!is_data_file_name (files[i], child, cancellable))
            ;
          else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
            g_ptr_array_add (found, g_file_get_child (files[i], child));
          else if (g_file_info_get_file_type (info) == G_FILE_TYPE_SYMBOLIC_LINK)
            {
              /* Links are followed: one still of this type leads nowhere. */
              g_autoptr(GFile) link = g_file_get_child (files[i], child);
              g_autofree char *name = display_name (link);
              const char *target = g_file_info_get_symlink_target (info);
              g_autofree char *shown = g_utf8_make_valid (target ? target : "", -1);

              ot_loader_report (dataset, name, 0, OT_SEVERITY_WARNING,
                                _("broken link (its target \"%s\" does not exist); skipped"),
                                shown);
            }
          g_object_unref (info);
        }
      if (found->len == 0)
        {
          g_autofree char *name = display_name (files[i]);
          ot_loader_report (dataset, name, 0, OT_SEVERITY_WARNING,
                            _("no incident or trade files (.csv, .json, .jsonl, .ndjson, .xlsx, .ods, "
                              ".tsv, .txt, .dat, .gz, .7z) in this folder"));
        }
      g_ptr_array_sort (found, compare_files);
      for (guint j = 0; j < found->len; j++)
        add_unique (out, found->pdata[j]);
    }
  return out;
}

static OtDataset *
load_files (GFile            **files,
            guint              n_files,
            GCancellable      *cancellable,
            OtLoaderProgress   progress,
            gpointer           progress_data,
            GError           **error)
{
  g_autoptr(OtDataset) dataset = ot_dataset_new ();
  g_autoptr(GPtrArray) all = NULL;
  OtLoadContext context = { 0 };

  all = expand_files (dataset, files, n_files, cancellable);

  context.record.dataset = dataset;
  context.cancellable = cancellable;
  context.progress = progress;
  context.progress_data = progress_data;
  context.progress_last = -1.0;

  for (guint i = 0; i < all->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_pointer (&context.trade, ot_trade_table_unref);
          return NULL;
        }
      context.progress_base = (double) i / all->len;
      context.progress_span = 1.0 / all->len;
      load_one (&context, all->pdata[i]);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_pointer (&context.trade, ot_trade_table_unref);
      return NULL;
    }
  ot_loader_finish_trade (&context);
  return g_steal_pointer (&dataset);
}

OtDataset *
ot_loader_load_files (GFile            **files,
                      guint              n_files,
                      GCancellable      *cancellable,
                      OtLoaderProgress   progress,
                      gpointer           progress_data,
                      GError           **error)
{
  OtDataset *dataset;

  g_return_val_if_fail (files != NULL || n_files == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Large blocks freed while reading (the parts' chunks, once joined)
   * are kept for the blocks taken meanwhile, instead of fresh pages the
   * kernel clears; then what reading freed (the file, the parts'
   * indexes and value caches) is given back to the system: about 75
   * bytes per incident at 1M that would otherwise stay resident
   * (docs/performance.md, issue 20). */
  ot_big_keep_freed ();
  dataset = load_files (files, n_files, cancellable, progress, progress_data, error);
  ot_big_trim ();
  if (dataset != NULL && progress)
    progress (1.0, progress_data);
  return dataset;
}

/* --- Async ------------------------------------------------------------- */

typedef struct {
  GPtrArray        *files;
  OtLoaderProgress  progress;
  gpointer          progress_data;
  GMainContext     *context;
  GTask            *task;           /* not a reference */
} LoadJob;

typedef struct {
  GTask   *task;
  double   fraction;
} ProgressReport;

static void
load_job_free (LoadJob *job)
{
  g_ptr_array_unref (job->files);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
deliver_progress (gpointer data)
{
  ProgressReport *report = data;
  LoadJob *job = g_task_get_task_data (report->task);

  if (!g_task_get_completed (report->task))
    job->progress (report->fraction, job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;

  g_object_unref (report->task);
  g_free (report);
}

static void
forward_progress (double   fraction,
                  gpointer data)
{
  LoadJob *job = data;
  ProgressReport *report = g_new (ProgressReport, 1);

  GSource *source;

  report->task = g_object_ref (job->task);
  report->fraction = fraction;
  /* Not g_main_context_invoke(): it may run the callback right here when
   * the caller's context is the global default one. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress, report, progress_report_free);
  g_source_set_static_name (source, "[oretrace] load progress");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  OtDataset *dataset;

  dataset = ot_loader_load_files ((GFile **) job->files->pdata, job->files->len, cancellable,
                                  job->progress ? forward_progress : NULL, job, &error);
  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, g_object_unref);
}

void
ot_loader_load_files_async (GFile              **files,
                            guint                n_files,
                            GCancellable        *cancellable,
                            OtLoaderProgress     progress,
                            gpointer             progress_data,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (files != NULL || n_files == 0);

  job = g_new0 (LoadJob, 1);
  job->files = g_ptr_array_new_full (n_files, g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (job->files, g_object_ref (files[i]));
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ot_loader_load_files_async);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  job->task = task;
  g_task_run_in_thread (task, load_thread);
}

OtDataset *
ot_loader_load_files_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ot_loader_load_files_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
