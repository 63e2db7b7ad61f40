/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-case-trade.c: a case's trade statistics (issue 18; docs/case-file.md,
 * "trade_rows"), one SQL row per OtTradeRow, written in the table's order
 * and read back into a table equal row for row: places, flow, product,
 * months, the flags that keep missing, suppressed and zero apart, and the
 * file and line each row was read from (the Signals window cites them).
 * ot-case.c calls it. */
#include "ot-case-private.h"
#include "ot-loader-private.h"
#include "ot-trade-places.h"
#include "ot-trade-read.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Columns of trade_rows, in order. */
enum {
  COL_REPORTER, COL_PARTNER, COL_FLOW, COL_CODE_LIST, COL_CODE, COL_MONTH, COL_SPAN,
  COL_FLAGS, COL_KG, COL_VALUE, COL_CURRENCY, COL_FILE, COL_LINE, N_COLS
};

static const char *const flow_codes[] = { "M", "X", "RM", "RX" };
static const char *const currency_codes[] = { "USD", "EUR", "CNY" };

#define KNOWN_FLAGS (OT_TRADE_ANNUAL | OT_TRADE_KG_MISSING | OT_TRADE_VALUE_MISSING |     \
                     OT_TRADE_KG_SUPPRESSED | OT_TRADE_VALUE_SUPPRESSED | OT_TRADE_ESTIMATED | \
                     OT_TRADE_CUMULATIVE)
#define BATCH 4096

int
ot_case_file_id (sqlite3       *db,
                 sqlite3_stmt  *insert,
                 GHashTable    *files,
                 const char    *name,
                 sqlite3_int64 *id)
{
  gpointer found = g_hash_table_lookup (files, name);
  int rc;

  if (found == NULL)
    {
      ot_case_bind_text (insert, 1, name);
      if ((rc = ot_case_step_done (insert)) != SQLITE_OK)
        return rc;
      found = GSIZE_TO_POINTER ((gsize) sqlite3_last_insert_rowid (db));
      g_hash_table_insert (files, (gpointer) name, found);
    }
  *id = (sqlite3_int64) GPOINTER_TO_SIZE (found);
  return SQLITE_OK;
}

/* ---- Writing ---- */

int
ot_case_write_trade (sqlite3      *db,
                     OtTradeTable *table,
                     GHashTable   *files,
                     GCancellable *cancellable)
{
  const char * const *names = ot_trade_table_get_files (table);
  guint n = ot_trade_table_get_n_rows (table), n_files = g_strv_length ((char **) names);
  g_autofree sqlite3_int64 *file_ids = g_new0 (sqlite3_int64, MAX (n_files, 1));
  sqlite3_stmt *stmt = NULL, *file = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "INSERT INTO trade_rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO files (name) VALUES (?)", -1, &file, NULL);

  for (guint i = 0; i < n && rc == SQLITE_OK; i++)
    {
      const OtTradeProduct *product;
      OtTradeRow row;
      char month[16];

      if ((i & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }
      ot_trade_table_get_row (table, i, &row);
      product = ot_trade_product_nth (row.product);
      g_snprintf (month, sizeof month, "%04u-%02u", OT_TRADE_MONTH_YEAR (row.month),
                  OT_TRADE_MONTH_MONTH (row.month));
      ot_case_bind_text (stmt, COL_REPORTER + 1, ot_trade_place_key (row.reporter));
      ot_case_bind_text (stmt, COL_PARTNER + 1, ot_trade_place_key (row.partner));
      ot_case_bind_text (stmt, COL_FLOW + 1, flow_codes[MIN (row.flow, G_N_ELEMENTS (flow_codes) - 1)]);
      ot_case_bind_text (stmt, COL_CODE_LIST + 1, ot_trade_nomenclature_name (product->nomenclature));
      ot_case_bind_text (stmt, COL_CODE + 1, product->code);
      ot_case_bind_text (stmt, COL_MONTH + 1, month);
      sqlite3_bind_int (stmt, COL_SPAN + 1, row.span);
      sqlite3_bind_int (stmt, COL_FLAGS + 1, row.flags);
      ot_case_bind_double (stmt, COL_KG + 1, row.kg);
      ot_case_bind_double (stmt, COL_VALUE + 1, row.value);
      ot_case_bind_text (stmt, COL_CURRENCY + 1,
                         currency_codes[MIN (row.currency, G_N_ELEMENTS (currency_codes) - 1)]);
      if (row.file < n_files)
        {
          /* Ids found the first time a file comes up. */
          if (file_ids[row.file] == 0 &&
              (rc = ot_case_file_id (db, file, files, names[row.file], &file_ids[row.file])) != SQLITE_OK)
            break;
          sqlite3_bind_int64 (stmt, COL_FILE + 1, file_ids[row.file]);
        }
      else
        sqlite3_bind_null (stmt, COL_FILE + 1);
      sqlite3_bind_int64 (stmt, COL_LINE + 1, row.line);
      rc = ot_case_step_done (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_finalize (file);
  return rc;
}

/* ---- Reading ---- */

struct _OtCaseTradeReader {
  OtDataset    *dataset;
  char         *display;
  OtTradeTable *table;
  GHashTable   *products;   /* "list:code" → product index + 1, NULL: none */
  GHashTable   *files;      /* name → file index */
  OtTradeRow   *batch;
  guint         n_batch;
  guint         n_problems;
  guint         n_unlisted;
  guint         n_rejected;
  gboolean      full;
};

static void
row_error (OtCaseTradeReader *reading,
           guint              rowid,
           const char        *column,
           const char        *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
row_error (OtCaseTradeReader *reading,
           guint              rowid,
           const char        *column,
           const char        *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  reading->n_rejected++;
  if (reading->n_problems >= ot_loader_limits.max_problems)
    {
      reading->n_unlisted++;
      return;
    }
  reading->n_problems++;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: a row of a case file's trade statistics that cannot be
   * read; %s: why ("“XX” is not a country code") */
  ot_dataset_add_problem (reading->dataset,
                          ot_problem_new (reading->display, rowid, column, OT_SEVERITY_ERROR,
                                          _("trade_rows: %s; row skipped"), message));
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static gboolean
parse_code (const char        *text,
            const char *const *codes,
            guint              n_codes,
            guint8            *out)
{
  for (guint i = 0; i < n_codes; i++)
    if (strcmp (text, codes[i]) == 0)
      {
        *out = (guint8) i;
        return TRUE;
      }
  return FALSE;
}

const char *
ot_case_trade_flow_code (guint8 flow)
{
  return flow_codes[MIN (flow, G_N_ELEMENTS (flow_codes) - 1)];
}

const char *
ot_case_trade_currency_code (guint8 currency)
{
  return currency_codes[MIN (currency, G_N_ELEMENTS (currency_codes) - 1)];
}

gboolean
ot_case_trade_parse_flow (const char *text,
                          guint8     *flow)
{
  return parse_code (text, flow_codes, G_N_ELEMENTS (flow_codes), flow);
}

gboolean
ot_case_trade_parse_currency (const char *text,
                              guint8     *currency)
{
  return parse_code (text, currency_codes, G_N_ELEMENTS (currency_codes), currency);
}

/* "YYYY-MM" from 1900-01 on. */
static gboolean
parse_month (const char *text,
             guint16    *out)
{
  guint year = 0, month;

  if (strlen (text) != 7 || text[4] != '-' || !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[6]))
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      year = year * 10 + (guint) (text[i] - '0');
    }
  month = (guint) (text[5] - '0') * 10 + (guint) (text[6] - '0');
  if (year < 1900 || month < 1 || month > 12 ||
      (year - 1900) * 12 + month - 1 > G_MAXUINT16)
    return FALSE;
  *out = ot_trade_month (year, month);
  return TRUE;
}

/* kg or value: NULL is not given (missing, unless the flags say
 * suppressed); a number is one, and no flag says otherwise. */
static gboolean
read_amount (const OtCaseTradeAmount *amount,
             guint8                  *flags,
             guint8                   missing,
             guint8                   suppressed,
             double                  *out)
{
  if (amount->is_null)
    {
      *out = NAN;
      if (!(*flags & suppressed))
        *flags |= missing;
      return TRUE;
    }
  *out = amount->number;
  *flags &= ~(missing | suppressed);
  return amount->is_number && isfinite (*out) && *out >= 0;
}

/* The product, through a cache of (code list, code) → index. */
static gboolean
find_product (GHashTable *cache,
              const char *list,
              const char *code,
              guint16    *out)
{
  g_autofree char *key = g_strconcat (list, ":", code, NULL);
  gpointer found;
  OtTradeNomenclature nomenclature;
  guint index;

  if (g_hash_table_lookup_extended (cache, key, NULL, &found))
    {
      *out = (guint16) GPOINTER_TO_UINT (found);
      return found != NULL;
    }
  if (!ot_trade_nomenclature_parse (list, &nomenclature) || strcmp (list, ot_trade_nomenclature_name (nomenclature)) != 0 ||
      !ot_trade_product_find (nomenclature, code, &index) || strcmp (code, ot_trade_product_nth (index)->code) != 0)
    {
      g_hash_table_insert (cache, g_steal_pointer (&key), NULL);
      return FALSE;
    }
  /* Stored as index + 1, so that NULL is "no product". */
  g_hash_table_insert (cache, g_steal_pointer (&key), GUINT_TO_POINTER (index + 1));
  *out = (guint16) index + 1;
  return TRUE;
}

OtCaseTradeReader *
ot_case_trade_reader_new (OtDataset  *dataset,
                          const char *display)
{
  OtCaseTradeReader *reading = g_new0 (OtCaseTradeReader, 1);

  reading->dataset = dataset;
  reading->display = g_strdup (display);
  reading->table = ot_trade_table_new ();
  reading->products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reading->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reading->batch = g_new (OtTradeRow, BATCH);
  return reading;
}

static gboolean
parse_row (OtCaseTradeReader          *reading,
           guint                       rowid,
           const OtCaseTradeValues    *values,
           OtTradeRow                 *row)
{
  const char *text, *file;
  gint64 number;

  memset (row, 0, sizeof *row);
  if (!ot_trade_place_from_key (text = or_empty (values->reporter), &row->reporter))
    {
      row_error (reading, rowid, "reporter", _("“%s” is not a country code"), text);
      return FALSE;
    }
  if (!ot_trade_place_from_key (text = or_empty (values->partner), &row->partner))
    {
      row_error (reading, rowid, "partner", _("“%s” is not a country code"), text);
      return FALSE;
    }
  if (!parse_code (text = or_empty (values->flow), flow_codes, G_N_ELEMENTS (flow_codes), &row->flow))
    {
      row_error (reading, rowid, "flow", _("“%s” is not a flow (M, X, RM, RX)"), text);
      return FALSE;
    }
  {
    const char *list = or_empty (values->code_list);
    guint16 product;

    text = or_empty (values->code);
    if (!find_product (reading->products, list, text, &product))
      {
        /* TRANSLATORS: %s: a product code ("2825.80"), then its code
         * list (hs, china, us or eu) */
        row_error (reading, rowid, "code", _("“%s” of the code list “%s” is no product line of "
                                             "this Oretrace's trade products"), text, list);
        return FALSE;
      }
    row->product = product - 1;
  }
  if (!parse_month (text = or_empty (values->month), &row->month))
    {
      row_error (reading, rowid, "month", _("“%s” is not a month (YYYY-MM)"), text);
      return FALSE;
    }
  number = values->span;
  if (number < 1 || number > G_MAXUINT8)
    {
      row_error (reading, rowid, "span", _("“%s” is not a number of months"), or_empty (values->span_text));
      return FALSE;
    }
  row->span = (guint8) number;
  number = values->flags;
  if (number < 0 || (number & ~(gint64) KNOWN_FLAGS) != 0)
    {
      row_error (reading, rowid, "flags", _("“%s” are not flags this Oretrace knows"),
                 or_empty (values->flags_text));
      return FALSE;
    }
  row->flags = (guint8) number;
  if (!read_amount (&values->kg, &row->flags, OT_TRADE_KG_MISSING, OT_TRADE_KG_SUPPRESSED, &row->kg))
    {
      row_error (reading, rowid, "kg", _("“%s” is not a quantity in kg"), or_empty (values->kg.text));
      return FALSE;
    }
  if (!read_amount (&values->value, &row->flags, OT_TRADE_VALUE_MISSING, OT_TRADE_VALUE_SUPPRESSED, &row->value))
    {
      row_error (reading, rowid, "value", _("“%s” is not a value"), or_empty (values->value.text));
      return FALSE;
    }
  if (!parse_code (text = or_empty (values->currency), currency_codes, G_N_ELEMENTS (currency_codes),
                   &row->currency))
    {
      row_error (reading, rowid, "currency", _("“%s” is not a currency (USD, EUR, CNY)"), text);
      return FALSE;
    }
  /* The evidence: the file and line it was read from; without one,
   * this row of the case. */
  file = values->file;
  number = values->line;
  if (file == NULL || number < 1 || number > G_MAXUINT32)
    {
      file = reading->display;
      number = rowid;
    }
  {
    gpointer index;

    if (!g_hash_table_lookup_extended (reading->files, file, NULL, &index))
      {
        if (g_hash_table_size (reading->files) > G_MAXUINT16)
          {
            row_error (reading, rowid, "file", _("more than %u files"), (guint) G_MAXUINT16 + 1);
            return FALSE;
          }
        index = GUINT_TO_POINTER ((guint) ot_trade_table_add_file (reading->table, file));
        g_hash_table_insert (reading->files, g_strdup (file), index);
      }
    row->file = (guint16) GPOINTER_TO_UINT (index);
  }
  row->line = (guint32) number;
  return TRUE;
}

gboolean
ot_case_trade_reader_add (OtCaseTradeReader       *reading,
                          guint                    rowid,
                          const OtCaseTradeValues *values)
{
  if (reading->full)
    return FALSE;
  if (ot_trade_table_get_n_rows (reading->table) + reading->n_batch >= OT_TRADE_MAX_ROWS)
    {
      reading->full = TRUE;
      return FALSE;
    }
  if (parse_row (reading, rowid, values, &reading->batch[reading->n_batch]) &&
      ++reading->n_batch == BATCH)
    {
      ot_trade_table_append_rows (reading->table, reading->batch, reading->n_batch);
      reading->n_batch = 0;
    }
  return TRUE;
}

void
ot_case_trade_reader_free (OtCaseTradeReader *reading)
{
  if (reading == NULL)
    return;
  g_clear_pointer (&reading->table, ot_trade_table_unref);
  g_hash_table_unref (reading->products);
  g_hash_table_unref (reading->files);
  g_free (reading->batch);
  g_free (reading->display);
  g_free (reading);
}

OtTradeTable *
ot_case_trade_reader_finish (OtCaseTradeReader *reading)
{
  OtTradeTable *table = NULL;

  ot_trade_table_append_rows (reading->table, reading->batch, reading->n_batch);
  reading->n_batch = 0;
  if (reading->full)
    ot_loader_report (reading->dataset, reading->display, 0, OT_SEVERITY_ERROR,
                      _("the trade statistics reached the limit of %'u rows; the rest of "
                        "the file was not read"), (guint) OT_TRADE_MAX_ROWS);
  if (reading->n_unlisted > 0)
    ot_loader_report (reading->dataset, reading->display, 0, OT_SEVERITY_WARNING,
                      _("%u more problems in this file are not listed (at most %u are)"),
                      reading->n_unlisted, ot_loader_limits.max_problems);
  ot_dataset_add_rejected (reading->dataset, reading->n_rejected);
  if (ot_trade_table_get_n_rows (reading->table) > 0)
    table = g_steal_pointer (&reading->table);
  ot_case_trade_reader_free (reading);
  return table;
}

static void
column_amount (sqlite3_stmt      *stmt,
               int                column,
               OtCaseTradeAmount *out)
{
  int type = sqlite3_column_type (stmt, column);

  out->is_null = type == SQLITE_NULL;
  out->is_number = type == SQLITE_FLOAT || type == SQLITE_INTEGER;
  out->number = sqlite3_column_double (stmt, column);
  out->text = (const char *) sqlite3_column_text (stmt, column);
}

int
ot_case_read_trade (sqlite3       *db,
                    OtDataset     *dataset,
                    const char    *display,
                    OtTradeTable **out,
                    GCancellable  *cancellable)
{
  OtCaseTradeReader *reading;
  sqlite3_stmt *stmt = NULL;
  guint n_read = 0;
  int rc;

  *out = NULL;
  rc = sqlite3_prepare_v2 (db, "SELECT trade_rows.rowid, reporter, partner, flow, code_list, code, month,"
                               " span, flags, kg, value, currency, files.name, line"
                               " FROM trade_rows LEFT JOIN files ON files.id = trade_rows.file"
                               " ORDER BY trade_rows.rowid", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  reading = ot_case_trade_reader_new (dataset, display);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Column k of trade_rows is column k + 1 of the query. */
      guint rowid = (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
      OtCaseTradeValues values;

      if ((++n_read & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }
      values.reporter = (const char *) sqlite3_column_text (stmt, COL_REPORTER + 1);
      values.partner = (const char *) sqlite3_column_text (stmt, COL_PARTNER + 1);
      values.flow = (const char *) sqlite3_column_text (stmt, COL_FLOW + 1);
      values.code_list = (const char *) sqlite3_column_text (stmt, COL_CODE_LIST + 1);
      values.code = (const char *) sqlite3_column_text (stmt, COL_CODE + 1);
      values.month = (const char *) sqlite3_column_text (stmt, COL_MONTH + 1);
      values.span = sqlite3_column_int64 (stmt, COL_SPAN + 1);
      values.span_text = (const char *) sqlite3_column_text (stmt, COL_SPAN + 1);
      values.flags = sqlite3_column_int64 (stmt, COL_FLAGS + 1);
      values.flags_text = (const char *) sqlite3_column_text (stmt, COL_FLAGS + 1);
      column_amount (stmt, COL_KG + 1, &values.kg);
      column_amount (stmt, COL_VALUE + 1, &values.value);
      values.currency = (const char *) sqlite3_column_text (stmt, COL_CURRENCY + 1);
      values.file = (const char *) sqlite3_column_text (stmt, COL_FILE + 1);
      values.line = sqlite3_column_int64 (stmt, COL_LINE + 1);
      if (!ot_case_trade_reader_add (reading, rowid, &values))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      ot_case_trade_reader_free (reading);
      return rc;
    }
  *out = ot_case_trade_reader_finish (reading);
  return SQLITE_OK;
}
