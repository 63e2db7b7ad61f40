/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-reader-private.h: what the trade readers share (ot-trade-reader.c):
 * one reader's state, its problems and skip counts, the cached code
 * lookups, the number and period parsers, and the CSV loop that reads a
 * large file's rows in two threads.  The format files (ot-trade-comtrade.c,
 * -census.c, -comext.c, -published.c) call into it; ot-trade-read.c calls
 * the format files. */
#pragma once

#include "ot-csv.h"
#include "ot-problem.h"
#include "ot-trade-read.h"

G_BEGIN_DECLS

/* Why a well-formed row is not read: each reason is counted and reported
 * once per file (the published figures' product names once per row). */
typedef enum {
  OT_TRADE_SKIP_PRODUCT,          /* a code outside data/trade-products.csv */
  OT_TRADE_SKIP_SECRET_PRODUCT,   /* Comext: a confidential product code */
  OT_TRADE_SKIP_FLOW,             /* DX, FM, MIP, MOP, XIP, XOP */
  OT_TRADE_SKIP_BREAKDOWN,        /* Comtrade: by second partner, customs
                                   * procedure or mode of transport */
  OT_TRADE_SKIP_PLACE,            /* a code not in data/trade-places.csv */
  OT_TRADE_SKIP_SERVICES,         /* Comtrade: services, not goods */
  OT_TRADE_SKIP_INDICATOR,        /* SDMX: an indicator other than value and kg */
  OT_TRADE_SKIP_NAMED,            /* a product name with no one code (reported per row) */
  OT_TRADE_N_SKIPS
} OtTradeSkip;

typedef enum {
  OT_TRADE_ROW_ADD,     /* *out is a row to append */
  OT_TRADE_ROW_SKIP,    /* counted by ot_trade_reader_skip () */
  OT_TRADE_ROW_ERROR,   /* reported by ot_trade_reader_error () */
  OT_TRADE_ROW_HELD,    /* kept by the format to append later (SDMX) */
} OtTradeRowStatus;

typedef struct _OtTradeReader OtTradeReader;
typedef struct _OtProductCache OtProductCache;

/* The header row: FALSE (after a file problem) when the file cannot be
 * read.  Sets reader->columns (owned by the caller of the CSV loop).
 * @variant is the format's (the legacy Comtrade CSV, Comext's SDMX). */
typedef gboolean         (*OtTradeHeaderFunc) (OtTradeReader  *reader,
                                               const OtCsvRow *header,
                                               gboolean        variant);
typedef OtTradeRowStatus (*OtTradeRowFunc)    (OtTradeReader  *reader,
                                               const OtCsvRow *row,
                                               OtTradeRow     *out);

struct _OtTradeReader {
  const char          *name;
  guint16              file;          /* in @table */
  OtTradeTable        *table;         /* where rows go */
  GArray              *held;          /* or, for a piece after the first, of
                                       * OtTradeRow: rows joined later */
  GPtrArray           *problems;      /* of OtProblem */
  guint                max_problems;
  guint                n_unlisted;    /* row problems over the limit */
  guint                n_rows;
  guint                n_rejected;
  guint                skips[OT_TRADE_N_SKIPS];
  char                 skip_example[OT_TRADE_N_SKIPS][24];
  guint                line;          /* of the row being read */
  gpointer             columns;       /* the format's, from its header */
  gconstpointer        columns_const;
  OtProductCache      *cache;
  gint                *n_total;       /* rows in the table and every part (atomic) */
  gboolean             stop;          /* the row limit was reached */
  OtTradeRow          *batch;         /* rows not yet in @table */
  guint                n_batch;
};

/* Rows are appended a batch at a time. */
#define OT_TRADE_BATCH 512

void      ot_trade_reader_init    (OtTradeReader  *reader,
                                   const OtTradeRead *read);
void      ot_trade_reader_clear   (OtTradeReader  *reader);
/* Moves @reader's counts and problems into @read (problems over the
 * limit counted in one warning) and reports the skipped rows. */
void      ot_trade_reader_finish  (OtTradeReader  *reader,
                                   OtTradeRead    *read);

/* A problem at @line (0: the whole file), @column NULL or the column's
 * name; ot_trade_reader_error () and _warning () are about the row being
 * read, ot_trade_reader_report () about a line or the file. */
void      ot_trade_reader_problem (OtTradeReader  *reader,
                                   guint           line,
                                   const char     *column,
                                   OtSeverity      severity,
                                   const char     *format,
                                   ...) G_GNUC_PRINTF (5, 6);
#define ot_trade_reader_error(reader, column, ...) \
  ot_trade_reader_problem ((reader), (reader)->line, (column), OT_SEVERITY_ERROR, __VA_ARGS__)
#define ot_trade_reader_warning(reader, column, ...) \
  ot_trade_reader_problem ((reader), (reader)->line, (column), OT_SEVERITY_WARNING, __VA_ARGS__)
#define ot_trade_reader_report(reader, line, severity, ...) \
  ot_trade_reader_problem ((reader), (line), NULL, (severity), __VA_ARGS__)
/* The amount (kg, a value) in field @index of @row: NAN when empty,
 * null or ":"; FALSE, with an error on the row naming @column, when it
 * is not a number or negative. */
gboolean  ot_trade_reader_amount  (OtTradeReader  *reader,
                                   const OtCsvRow *row,
                                   int             index,
                                   const char     *column,
                                   double         *out);
/* Counts a row skipped for @why; @example (the code, a flow) is kept
 * from the first such row for the report. */
OtTradeRowStatus ot_trade_reader_skip (OtTradeReader *reader,
                                       OtTradeSkip    why,
                                       const char    *example);
/* Appends @row (its file and line set here); FALSE once the table is
 * full (reported once).  The row reaches the table with the next
 * ot_trade_reader_flush () (at the latest ot_trade_reader_finish ()). */
gboolean  ot_trade_reader_append  (OtTradeReader  *reader,
                                   OtTradeRow     *row);
void      ot_trade_reader_flush   (OtTradeReader  *reader);

/* ot_trade_product_match (), cached per reader. */
gboolean  ot_trade_reader_product (OtTradeReader       *reader,
                                   OtTradeNomenclature  nomenclature,
                                   const char          *code,
                                   gsize                length,
                                   guint16             *product);

/* ---- Values -------------------------------------------------------------------------- */

typedef enum {
  OT_TRADE_VALUE_EMPTY,   /* blank, or null: not given */
  OT_TRADE_VALUE_OK,
  OT_TRADE_VALUE_BAD,
} OtTradeValue;

/* A decimal number ("12345", "-0.5", "1.2E+5"); blanks around it allowed;
 * empty, null and ":" are OT_TRADE_VALUE_EMPTY. */
OtTradeValue ot_trade_parse_number (const char *text,
                                    gsize       length,
                                    double     *out);
/* Digits only, at most nine of them. */
gboolean  ot_trade_parse_uint     (const char     *text,
                                   gsize           length,
                                   guint          *out);
/* M, X, RM, RX in any case. */
gboolean  ot_trade_parse_flow     (const char     *text,
                                   gsize           length,
                                   OtTradeFlow    *flow);
/* "true"/"false", "1"/"0" in any case; empty is FALSE. */
OtTradeValue ot_trade_parse_bool  (const char     *text,
                                   gsize           length,
                                   gboolean       *out);
/* A year and a month (1–12) in range of OtTradeRow.month. */
gboolean  ot_trade_month_valid    (guint           year,
                                   guint           month);
/* A month or a year: YYYYMM, YYYY-MM, YYYY; with @annual_52, YYYY52
 * is the year.  *@annual is set for a year. */
gboolean  ot_trade_parse_period   (const char     *text,
                                   gsize           length,
                                   gboolean        annual_52,
                                   guint16        *month,
                                   gboolean       *annual);
/* Case-insensitive, blanks around ignored. */
gboolean  ot_trade_name_equal     (const char     *text,
                                   const char     *name);
/* The index of each of @names (NULL: none) in @header, or -1. */
void      ot_trade_find_columns   (const OtCsvRow     *header,
                                   const char * const *names,
                                   guint               n,
                                   int                *at);
/* The index of column @name in @header (any case), or -1. */
int       ot_trade_find_column    (const OtCsvRow *header,
                                   const char     *name);
/* The text of field @index of @row, "" when the row is shorter or
 * @index is -1. */
static inline const char *
ot_trade_field (const OtCsvRow *row,
                int             index,
                gsize          *length)
{
  if (index < 0 || (guint) index >= row->n_fields)
    {
      *length = 0;
      return "";
    }
  *length = row->lengths[index];
  return row->fields[index];
}

/* A row of one month, or of a year (its January, twelve months). */
static inline void
ot_trade_row_set_annual (OtTradeRow *row,
                         gboolean    annual)
{
  row->span = annual ? 12 : 1;
  if (annual)
    row->flags |= OT_TRADE_ANNUAL;
}

/* ---- The CSV loop ------------------------------------------------------------------------ */

typedef struct {
  char               separator;
  OtTradeHeaderFunc  header;
  gboolean           variant;     /* given to header () */
  OtTradeRowFunc     row;
  /* Rows may be read by two threads (each with a reader of its own,
   * sharing the columns): the format keeps no state across rows. */
  gboolean           parallel;
  /* Called once after the last row (SDMX appends its joined rows). */
  void             (*finish) (OtTradeReader *reader);
  void             (*free_columns) (gpointer columns);
} OtTradeCsvFormat;

/* What a CSV format reads: @data, the whole file in memory (overwritten:
 * fields are terminated in place, @data[@length] writable), or @stream,
 * read a piece at a time (ot_trade_read_stream ()), whose first bytes
 * @data is then (for the format to choose its separator by). */
typedef struct _OtTradeStream OtTradeStream;
typedef struct {
  char          *data;
  gsize          length;
  OtTradeStream *stream;
} OtTradeInput;

void      ot_trade_read_csv       (OtTradeRead            *read,
                                   const OtTradeCsvFormat *format,
                                   OtTradeInput           *input);
/* A stream over @source with its first line read (into @input, for
 * ot_trade_read_csv ()); NULL when the source failed. */
OtTradeStream *ot_trade_stream_new  (const OtTradeSource *source,
                                     OtTradeInput        *input);
void           ot_trade_stream_free (OtTradeStream       *stream);

/* What the CSV loop did with its threads, for tests. */
typedef struct {
  guint n_split;        /* files (or buffers) read in pieces */
  guint n_pieces;       /* pieces read, all files */
} OtTradeStats;

extern OtTradeStats ot_trade_stats;
/* Files (or rows in memory) of at least this many bytes are read in
 * pieces by two threads, a file from its source a piece at a time when
 * the loader streams it (tests lower it; 0 forces pieces and two threads
 * even on one processor; G_MAXSIZE reads every file whole in one thread). */
extern gsize ot_trade_parallel_min_bytes;
#define OT_TRADE_PARALLEL_MIN_BYTES ((gsize) 4 * 1024 * 1024)
/* The rows are cut into pieces of about this many bytes (in memory, a
 * quarter of the rows at most); tests lower it. */
extern gsize ot_trade_piece_bytes;
#define OT_TRADE_PIECE_BYTES ((gsize) 256 * 1024)

/* ---- The formats --------------------------------------------------------------------------- */

void      ot_trade_read_comtrade  (OtTradeRead  *read,
                                   gboolean      legacy,
                                   OtTradeInput *input);
void      ot_trade_read_census    (OtTradeRead *read,
                                   char        *data,
                                   gsize        length);
void      ot_trade_read_comext    (OtTradeRead  *read,
                                   gboolean      sdmx,
                                   OtTradeInput *input);
void      ot_trade_read_published (OtTradeRead *read,
                                   char        *data,
                                   gsize        length);

G_END_DECLS
