/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader-private.h: the column rules shared by the CSV and JSON
 * readers.  One OtRecord is filled per row or object, then checked and
 * added to the dataset. */
#pragma once

#include "ot-csv.h"
#include "ot-loader.h"
#include "ot-trade-read.h"

#include <sys/stat.h>

G_BEGIN_DECLS

typedef struct {
  OtDataset   *dataset;
  const char  *file;           /* display name, owned by the dataset */
  const char  *sheet;          /* a workbook's sheet read, interned; NULL for a text file */
  guint32      today;          /* Julian day, for dates in the future */
  gint         today_year;

  /* The row being read. */
  guint        line;
  OtIncident   incident;
  GArray      *via;            /* of OtHop */
  GArray      *via_pool;       /* of OtHop: the hops of each cached via text */
  GArray      *extras;         /* of OtExtra */
  guint        n_errors;
  gboolean     bad_place;      /* a country that was not understood */
  gboolean     given[OT_N_COLUMNS];
  double       quantity;       /* as given, before the unit */
  double       unit_kg;        /* kg per unit; 0 when no unit given */
  GString     *scratch;
  struct _OtValueCache *cache[OT_N_COLUMNS];  /* text -> parsed value, see ot_record_set() */

  /* Totals for the file. */
  guint        n_added;
  guint        n_problems;     /* row problems listed */
  guint        n_unlisted;     /* and not, over the limit */
  guint        n_duplicates;   /* rows skipped as a repeat of an id in this file */
  gboolean     stop;           /* a limit was reached: read no further */
} OtRecord;

/* The limits in force: the OT_LOADER_MAX_ values of ot-loader.h.  Tests
 * lower them to reach them quickly; nothing else writes them. */
typedef struct {
  guint        max_incidents;
  guint        max_problems;
  gsize        max_json_document;
  /* CSV: rows after the header are read in two threads when there are
   * at least this many bytes of them (and two processors; 0 forces
   * two threads on one processor too). */
  gsize        parallel_min_bytes;
  /* The rows are cut into pieces of about this many bytes (2 to 8
   * pieces), which the two threads take in turn. */
  gsize        piece_bytes;
  /* Tests: cut the rows in two only, the second piece starting at the
   * first row boundary this many bytes after the header (0: off). */
  gsize        split_hint;
  /* Bytes read behind a CSV or JSON Lines reader before they are given
   * back (ot_loader_release()); tests lower it to release at every row. */
  gsize        release_every;
  /* Hops read from one record's via (OT_LOADER_MAX_HOPS); tests raise
   * it to build networks from rows of thousands of hops. */
  guint        max_hops;
  /* JSON and JSON Lines: read every record with json-glib, as before
   * issue 20 (the reference the yajl reader is tested against). */
  gboolean     json_glib_only;
} OtLoaderLimits;

#define OT_LOADER_PARALLEL_MIN_BYTES ((gsize) 512 * 1024)
#define OT_LOADER_PIECE_BYTES        ((gsize) 256 * 1024)
#define OT_LOADER_RELEASE_EVERY      ((gsize) 4 * 1024 * 1024)

/* What the CSV reader did with its two threads, for tests. */
typedef struct {
  guint        n_split;        /* files read in pieces by two threads, then joined */
  guint        n_rejoined;     /* ... of which the pieces from one on were read
                                * again in one thread (an id in two pieces,
                                * or the limit) */
  guint        n_moved;        /* pieces joined without copying their incidents
                                * (ot_dataset_part_fits ()) */
  guint        n_rows;         /* CSV rows tokenized and checked, by every
                                * thread, counting rows read again */
  guint        n_json_glib;    /* JSON records, or whole documents, yajl left
                                * to json-glib (an escape, a duplicated key, a
                                * syntax error...) */
} OtLoaderStats;

extern OtLoaderStats ot_loader_stats;

/* At most this many unknown column or key names are listed in the
 * warning about them; the rest are counted. */
#define OT_LOADER_LIST_UNKNOWN 20

extern OtLoaderLimits ot_loader_limits;

void      ot_record_init      (OtRecord    *record,
                               OtDataset   *dataset,
                               const char  *file);
void      ot_record_clear     (OtRecord    *record);
void      ot_record_begin     (OtRecord    *record,
                               guint        line);
/* @value may carry blanks around it; empty means not given. */
void      ot_record_set       (OtRecord    *record,
                               OtColumn     column,
                               const char  *value);
/* The same, with @value's length known (@value[@length] is its NUL). */
void      ot_record_set_len   (OtRecord    *record,
                               OtColumn     column,
                               const char  *value,
                               gsize        length);
/* One via hop: a country (any accepted spelling) and an optional port.
 * @index (from 1) names it in messages. */
void      ot_record_add_hop   (OtRecord    *record,
                               const char  *country,
                               const char  *port,
                               guint        index);
void      ot_record_add_extra (OtRecord    *record,
                               const char  *key,
                               const char  *value);
/* An error about the row: it will be skipped. */
void      ot_record_error     (OtRecord    *record,
                               const char  *column,
                               const char  *format,
                               ...) G_GNUC_PRINTF (3, 4);
void      ot_record_warning   (OtRecord    *record,
                               const char  *column,
                               const char  *format,
                               ...) G_GNUC_PRINTF (3, 4);
/* A problem about @record's file (0) or one of its lines (a sheet's
 * rows), located in its sheet when it is a workbook's. */
void      ot_record_report    (OtRecord    *record,
                               guint        line,
                               OtSeverity   severity,
                               const char  *format,
                               ...) G_GNUC_PRINTF (4, 5);
/* Appends @part (from ot_dataset_new_part (), a piece of the file read
 * from its line 1 by a reader that stopped at a limit if @stop, skipped
 * @n_duplicates repeated ids and left @n_unlisted problems unlisted) to
 * @record's dataset as if @record had read it from the file's @line on:
 * incidents, problems (listed up to the limit, as one reader would have),
 * rejected count.  FALSE, changing nothing, when one reader would have
 * read it otherwise (a limit, an id also read before): then it must be
 * read again. */
gboolean  ot_record_join_part (OtRecord  *record,
                               OtDataset *part,
                               gboolean   stop,
                               guint      n_duplicates,
                               guint      n_unlisted,
                               guint      line);
/* Checks the whole row and adds it; FALSE when it was skipped. */
gboolean  ot_record_finish    (OtRecord    *record);

/* A problem about the file at @line (0: the whole file). */
void      ot_loader_report    (OtDataset   *dataset,
                               const char  *file,
                               guint        line,
                               OtSeverity   severity,
                               const char  *format,
                               ...) G_GNUC_PRINTF (5, 6);

/* Format readers; @data is valid UTF-8 without NUL bytes or BOM. */
typedef struct {
  OtRecord          record;
  GCancellable     *cancellable;
  OtLoaderProgress  progress;
  gpointer          progress_data;
  double            progress_base;    /* fraction before this file */
  double            progress_span;    /* share of this file */
  double            progress_last;
  OtTradeTable     *trade;            /* trade statistics read so far, or NULL */
  guint             n_trade_files;
  const char       *sheet;            /* FILE#SHEET: the sheet asked for, or NULL */
  /* The line ends ('\n') of the file as it was read, before any reader
   * wrote over them: line_ends[k] in @counted[k * OT_LOADER_READ_STEP,
   * (k + 1) * OT_LOADER_READ_STEP); NULL when not counted. */
  const char       *counted;
  gsize             counted_length;
  guint32          *line_ends;
} OtLoadContext;

/* Line ends ('\n') in @data[0, @length), by memchr (). */
guint64   ot_loader_count_line_ends   (const char    *data,
                                       gsize          length);

/* Line ends in @data[0, @length), or FALSE when @data is not inside what
 * @context counted (the counts are used where they can; memchr () for
 * the ends of the stretch, so that none of it may be written over yet). */
gboolean  ot_load_context_count_lines (OtLoadContext *context,
                                       const char    *data,
                                       gsize          length,
                                       guint64       *n_lines);

/* Gives the whole pages inside @data[@from, @to) back to the system:
 * rows already read (their text is copied into the dataset) need not stay
 * in memory while the rest of a large file is read.  The caller owns the
 * buffer and never reads those bytes again (they read as zeros). */
void      ot_loader_release    (const char    *data,
                                gsize          from,
                                gsize          to);

/* A context for a second reader of the file @from reads, filling parts
 * of @parent: the same cancellable, day and file, no progress. */
void      ot_load_context_init_piece (OtLoadContext *context,
                                      OtLoadContext *from,
                                      OtDataset     *parent);
gboolean  ot_load_context_tick (OtLoadContext *context,
                                gsize          done,
                                gsize          total);
/* A header row's names to columns (ot-loader-rows.c): a CSV file's, or
 * a sheet's (@sheet: its messages say so). */
typedef struct {
  OtColumn    *columns;     /* per field: a column, or OT_N_COLUMNS (extra),
                             * or OT_N_COLUMNS + 1 (ignored) */
  const char **extra_keys;  /* per field, interned, for extras */
  guint        n;
} OtRowHeader;

/* Reads @row (its fields are trimmed in place) into @header; FALSE, with
 * the file's error reported, when it lacks a required column. */
gboolean  ot_loader_read_header (OtRecord     *record,
                                 OtCsvRow     *row,
                                 OtRowHeader  *header,
                                 gboolean      sheet);
void      ot_row_header_clear   (OtRowHeader  *header);
/* One row of fields under @header, checked and added (or skipped with
 * its problems). */
void      ot_loader_read_row    (OtRecord          *record,
                                 const OtRowHeader *header,
                                 OtCsvRow          *row);

/* One line of @n bytes (no newline), numbered from 1; FALSE stops. */
typedef gboolean (*OtLineFunc) (const char *start,
                                gsize       n,
                                guint       line,
                                gpointer    user_data);
/* Each line of @data that is not blank to @func, the pages behind given
 * back as it goes (ot_loader_release ()), progress ticked as the part
 * read of @total bytes every 1024 lines; FALSE when cancelled. */
gboolean  ot_load_context_foreach_line (OtLoadContext *context,
                                        const char    *data,
                                        gsize          length,
                                        gsize          total,
                                        OtLineFunc     func,
                                        gpointer       user_data);
/* @data is overwritten (fields are terminated in place); @data[@length]
 * must be writable. */
void      ot_loader_read_csv   (OtLoadContext *context,
                                char          *data,
                                gsize          length);
/* What a scan of JSON @data (outside strings) finds before json-glib
 * parses it; *@line (from 1) is where, when not OK. */
typedef enum {
  OT_JSON_OK,
  OT_JSON_TOO_DEEP,    /* nested deeper than OT_LOADER_MAX_JSON_DEPTH */
  OT_JSON_SEVERAL,     /* a second value after the first: json-glib 1.6
                        * keeps the last of several values and leaks the
                        * others */
  OT_JSON_TRAILING,    /* text after the first value that does not start
                        * a value (`{...} xyz`) */
  OT_JSON_BAD_ESCAPE,  /* a string escape JSON does not have (json-glib
                        * leaks on some) */
} OtJsonScan;

OtJsonScan ot_loader_json_scan (const char *data,
                                gsize       length,
                                guint      *line);
void      ot_loader_read_json  (OtLoadContext *context,
                                const char    *data,
                                gsize          length,
                                gboolean       lines);
/* FollowTheMoney entities, one JSON object a line (ot-loader-ftm.c). */
void      ot_loader_read_ftm   (OtLoadContext *context,
                                const char    *data,
                                gsize          length);
/* Whether the first line of @data is an FtM entity: an object with a
 * "schema" and "properties". */
gboolean  ot_loader_is_ftm     (const char    *data,
                                gsize          length);
/* A file of trade statistics (@data overwritten, @data[@length]
 * writable) into context->trade, its problems into the dataset. */
void      ot_loader_read_trade (OtLoadContext *context,
                                OtTradeFormat  format,
                                char          *data,
                                gsize          length);
/* A large file of trade statistics in a format read a piece at a time
 * (ot_trade_read_stream ()), read so from @fd, opened and found as
 * @st: TRUE when it was (its problems reported), FALSE when the file
 * is to be read whole as any other. */
gboolean  ot_loader_stream_trade (OtLoadContext     *context,
                                  int                fd,
                                  const struct stat *st,
                                  const char        *name);
/* Files at least this large are read and checked by two threads. */
#define OT_LOADER_PARALLEL_FILE_BYTES ((gsize) 4 * 1024 * 1024)
/* A file is read (and its line ends counted) this many bytes at a time. */
#define OT_LOADER_READ_STEP ((gsize) 4 << 20)

/* ot-loader-text.c: the whole file's checks (size, empty, UTF-16 and
 * UTF-32 marks, NUL bytes, UTF-8); FALSE, with one error, when nothing
 * can be read. */
gboolean  ot_loader_check_text    (OtDataset  *dataset,
                                   const char *name,
                                   const char *data,
                                   gsize       length);
/* Whether @data starts like a web page: what a web service sends
 * instead of the data when a request fails. */
gboolean  ot_loader_is_html       (const char *data,
                                   gsize       length);
/* Whether a file that starts with @data (@length bytes, whole lines)
 * passes ot_loader_check_text () as far as its start goes, and is no web
 * page: then a reader that takes it a piece at a time finds nothing else
 * to say before its rows (else the whole file is read as before, and the
 * reason given the usual way). */
gboolean  ot_loader_head_plain    (const char *data,
                                   gsize       length);
/* The checks of ot_loader_check_text () on a stretch of a file read a
 * piece at a time: @length bytes at @offset of the file open as @fd,
 * whole lines, in order; FALSE with the error the whole file would get
 * (a NUL byte anywhere in the file first, then the line of a byte that
 * is not UTF-8). */
gboolean  ot_loader_check_stretch (OtDataset  *dataset,
                                   const char *name,
                                   int         fd,
                                   const char *data,
                                   gsize       length,
                                   gsize       offset);
/* A workbook (ot-loader-sheet.c): @context->sheet, or the first one, read
 * as incidents or trade statistics; @data (the whole file) is not
 * written. */
void      ot_loader_read_workbook (OtLoadContext *context,
                                   const char    *data,
                                   gsize          length);
/* Sets the statistics read on the dataset (joined to those it had). */
void      ot_loader_finish_trade (OtLoadContext *context);

/* Whether @data starts a 7-zip archive (37 7A BC AF 27 1C). */
gboolean  ot_loader_is_7z        (const char    *data,
                                  gsize          length);
/* The one file of the 7-zip archive @data, unpacked as it is read, when
 * it is Eurostat Comext statistics (a bulk file's rows of other products
 * left out, each as an empty line, so lines keep their numbers);
 * NUL-terminated, its length in @out_length.  NULL with the problem
 * reported as @name's: several files, another kind of file, damaged,
 * too large, cancelled. */
char     *ot_loader_unpack_7z    (OtLoadContext *context,
                                  const char    *name,
                                  const char    *data,
                                  gsize          length,
                                  gsize         *out_length);

G_END_DECLS
