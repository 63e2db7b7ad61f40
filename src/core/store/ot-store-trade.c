/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-trade.c: a case's trade statistics in a store's rows and
 * summed in the server (ot-store-trade.h; docs/team-store.md, "Trade
 * statistics").
 *
 * Rows are written with COPY as the case file writes them (codes,
 * "YYYY-MM", kg and values to the last bit, NULL for missing or
 * suppressed) plus two columns the server filters on (the product
 * line's mineral, the first month as a number), and read back through
 * the case file's own reader (OtCaseTradeReader), so a row another tool
 * broke gives the problem a case would. */
#include "ot-store-private.h"
#include "ot-store-rows.h"
#include "ot-store-trade.h"
#include "ot-case-private.h"
#include "ot-trade-places.h"

#include <math.h>
#include <string.h>

#define COPY_CHUNK (1 << 20)

/* The product line's mineral, NULL for a placebo product (another
 * material: the layer leaves it out). */
static const char *
product_mineral (guint16 product)
{
  const OtTradeProduct *p = ot_trade_product_nth (product);

  if (p == NULL || p->role == OT_TRADE_ROLE_PLACEBO || p->mineral == OT_MINERAL_NONE)
    return NULL;
  return ot_mineral_name (p->mineral);
}

static void
append_amount (GString *out,
               double   amount)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (amount))
    g_string_append (out, "\\N");
  else
    /* 17 significant digits: the same double back. */
    g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, amount));
}

gboolean
ot_store_trade_copy (PGconn        *conn,
                     OtTradeTable  *table,
                     GHashTable    *file_ids,
                     GCancellable  *cancellable,
                     GError       **error)
{
  const char * const *names = ot_trade_table_get_files (table);
  guint n = ot_trade_table_get_n_rows (table), n_files = g_strv_length ((char **) names);
  g_autofree guint *ids = g_new0 (guint, MAX (n_files, 1));
  g_autoptr(GString) out = g_string_sized_new (COPY_CHUNK + 4096);

  /* The files not named by an incident. */
  if (!ot_store_run (conn, "COPY oretrace.files (id, name) FROM STDIN", 0, NULL, error))
    return FALSE;
  for (guint f = 0; f < n_files; f++)
    {
      gpointer id;

      if (!g_hash_table_lookup_extended (file_ids, names[f], NULL, &id))
        {
          id = GUINT_TO_POINTER (g_hash_table_size (file_ids) + 1);
          g_hash_table_insert (file_ids, (gpointer) names[f], id);
          g_string_append_printf (out, "%u\t", GPOINTER_TO_UINT (id));
          ot_store_copy_field (out, names[f]);
          g_string_append_c (out, '\n');
        }
      ids[f] = GPOINTER_TO_UINT (id);
    }
  if (!ot_store_copy_flush (conn, out, error) || !ot_store_copy_end (conn, error))
    return FALSE;

  if (!ot_store_run (conn, "COPY oretrace.trade_rows (row_id, reporter, partner, flow, code_list, code, month,"
                           " span, flags, kg, value, currency, file, line, mineral, month_index) FROM STDIN",
                     0, NULL, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const OtTradeProduct *product;
      const char *mineral;
      OtTradeRow row;

      if ((i & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          PQputCopyEnd (conn, "cancelled");
          while (PQgetResult (conn) != NULL)
            ;
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }
      ot_trade_table_get_row (table, i, &row);
      product = ot_trade_product_nth (row.product);
      /* Every field is a code of ours or a number; names go through
       * ot_store_copy_field () all the same. */
      g_string_append_printf (out, "%u\t", i + 1);
      ot_store_copy_field (out, ot_trade_place_key (row.reporter));
      g_string_append_c (out, '\t');
      ot_store_copy_field (out, ot_trade_place_key (row.partner));
      g_string_append_printf (out, "\t%s\t", ot_case_trade_flow_code (row.flow));
      ot_store_copy_field (out, ot_trade_nomenclature_name (product->nomenclature));
      g_string_append_c (out, '\t');
      ot_store_copy_field (out, product->code);
      g_string_append_printf (out, "\t%04u-%02u\t%u\t%u\t", OT_TRADE_MONTH_YEAR (row.month),
                              OT_TRADE_MONTH_MONTH (row.month), row.span, row.flags);
      append_amount (out, row.kg);
      g_string_append_c (out, '\t');
      append_amount (out, row.value);
      g_string_append_printf (out, "\t%s\t", ot_case_trade_currency_code (row.currency));
      if (row.file < n_files)
        g_string_append_printf (out, "%u", ids[row.file]);
      else
        g_string_append (out, "\\N");
      g_string_append_printf (out, "\t%u\t", row.line);
      mineral = product_mineral (row.product);
      ot_store_copy_field (out, mineral);
      g_string_append_printf (out, "\t%u\n", row.month);
      if (out->len >= COPY_CHUNK && !ot_store_copy_flush (conn, out, error))
        return FALSE;
    }
  return ot_store_copy_flush (conn, out, error) && ot_store_copy_end (conn, error);
}

gboolean
ot_store_trade_read (PGconn        *conn,
                     OtDataset     *dataset,
                     const char    *display,
                     GCancellable  *cancellable,
                     GError       **error)
{
  OtCaseTradeReader *reading;
  g_autoptr(OtTradeTable) table = NULL;
  gboolean ok = TRUE, stopped = FALSE;
  PGresult *result;
  guint count = 0;

  if (!PQsendQueryParams (conn, "SELECT t.row_id, t.reporter, t.partner, t.flow, t.code_list, t.code, t.month,"
                                " t.span, t.flags, t.kg, t.value, t.currency, f.name, t.line"
                                " FROM oretrace.trade_rows t LEFT JOIN oretrace.files f ON f.id = t.file"
                                " ORDER BY t.row_id", 0, NULL, NULL, NULL, NULL, 0) ||
      !PQsetSingleRowMode (conn))
    {
      ot_store_set_error (error, conn, NULL);
      return FALSE;
    }
  reading = ot_case_trade_reader_new (dataset, display);
  while ((result = PQgetResult (conn)) != NULL)
    {
      ExecStatusType status = PQresultStatus (result);

      if (status == PGRES_SINGLE_TUPLE && ok && !stopped)
        {
          OtCaseTradeValues v;
#define TEXT(c) (PQgetisnull (result, 0, (c)) ? NULL : PQgetvalue (result, 0, (c)))

          if ((++count & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
            {
              g_cancellable_set_error_if_cancelled (cancellable, error);
              ok = FALSE;
            }
          v.reporter = TEXT (1);
          v.partner = TEXT (2);
          v.flow = TEXT (3);
          v.code_list = TEXT (4);
          v.code = TEXT (5);
          v.month = TEXT (6);
          v.span_text = TEXT (7);
          v.span = v.span_text != NULL ? g_ascii_strtoll (v.span_text, NULL, 10) : 0;
          v.flags_text = TEXT (8);
          v.flags = v.flags_text != NULL ? g_ascii_strtoll (v.flags_text, NULL, 10) : 0;
          v.kg.text = TEXT (9);
          v.kg.is_number = v.kg.text != NULL;
          v.kg.is_null = v.kg.text == NULL;
          v.kg.number = v.kg.text != NULL ? g_ascii_strtod (v.kg.text, NULL) : NAN;
          v.value.text = TEXT (10);
          v.value.is_number = v.value.text != NULL;
          v.value.is_null = v.value.text == NULL;
          v.value.number = v.value.text != NULL ? g_ascii_strtod (v.value.text, NULL) : NAN;
          v.currency = TEXT (11);
          v.file = TEXT (12);
          v.line = PQgetisnull (result, 0, 13) ? 0 : ot_store_value_int64 (result, 0, 13);
#undef TEXT
          if (ok && !ot_case_trade_reader_add (reading,
                                               (guint) CLAMP (ot_store_value_int64 (result, 0, 0), 0, G_MAXUINT),
                                               &v))
            stopped = TRUE;
        }
      else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && ok)
        {
          ot_store_set_error (error, conn, result);
          ok = FALSE;
        }
      PQclear (result);
    }
  if (ok && ot_store_conn_lost (conn))
    {
      ot_store_set_error (error, conn, NULL);
      ok = FALSE;
    }
  if (!ok)
    {
      ot_case_trade_reader_free (reading);
      return FALSE;
    }
  table = ot_case_trade_reader_finish (reading);
  if (table != NULL)
    ot_dataset_set_trade (dataset, table);
  return TRUE;
}

/* ---- The sums ------------------------------------------------------------------- */

/* The parts of @filter the trade layer reads. */
typedef struct {
  gboolean   minerals;                 /* some are selected */
  gboolean   mineral[256];             /* by OtMineral */
  gboolean   has_from, has_to;
  guint16    from, to;                 /* months, both included */
  GPtrArray *included;                 /* alpha-2 codes */
  GPtrArray *excluded;
} TradeFilter;

static guint16
day_month (guint32 day)
{
  g_autoptr(GDate) date = g_date_new_julian (day);

  return ot_trade_month (g_date_get_year (date), g_date_get_month (date));
}

static void
trade_filter_init (TradeFilter    *t,
                   const OtFilter *filter)
{
  guint32 from = 0, to = 0;

  memset (t, 0, sizeof *t);
  t->included = g_ptr_array_new ();
  t->excluded = g_ptr_array_new ();
  if (filter == NULL)
    return;
  t->minerals = ot_filter_has_minerals (filter);
  for (guint m = 0; m < ot_mineral_count (); m++)
    t->mineral[m] = ot_filter_includes_mineral (filter, (OtMineral) m);
  ot_filter_get_period (filter, &from, &to);
  t->has_from = from != 0;
  t->has_to = to != 0;
  t->from = from != 0 ? day_month (from) : 0;
  t->to = to != 0 ? day_month (to) : 0;
  for (guint c = 0; c < ot_country_count (); c++)
    {
      const char *code = ot_country_nth (c);
      OtFilterMode mode = ot_filter_get_country (filter, code);

      if (mode == OT_FILTER_INCLUDE)
        g_ptr_array_add (t->included, (gpointer) code);
      else if (mode == OT_FILTER_EXCLUDE)
        g_ptr_array_add (t->excluded, (gpointer) code);
    }
}

static void
trade_filter_clear (TradeFilter *t)
{
  g_ptr_array_unref (t->included);
  g_ptr_array_unref (t->excluded);
}

/* A list as one parameter, one item a line (codes and names hold no
 * line break); NULL when empty. */
static char *
lines_of (GPtrArray *items)
{
  if (items->len == 0)
    return NULL;
  g_ptr_array_add (items, NULL);
  {
    char *joined = g_strjoinv ("\n", (char **) items->pdata);

    g_ptr_array_set_size (items, items->len - 1);
    return joined;
  }
}

static int
compare_sums (gconstpointer pa,
              gconstpointer pb)
{
  const OtStoreTradeSum *a = pa, *b = pb;

  if (a->reporter != b->reporter)
    return a->reporter < b->reporter ? -1 : 1;
  if (a->partner != b->partner)
    return a->partner < b->partner ? -1 : 1;
  if (a->mineral != b->mineral)
    return a->mineral < b->mineral ? -1 : 1;
  if (a->flow != b->flow)
    return a->flow < b->flow ? -1 : 1;
  if (a->month != b->month)
    return a->month < b->month ? -1 : 1;
  if (a->span != b->span)
    return a->span < b->span ? -1 : 1;
  if (a->currency != b->currency)
    return a->currency < b->currency ? -1 : 1;
  return 0;
}

/* One constant text; the filter's parts are its parameters: $1 the
 * minerals, $2 and $3 the first and last month, $4 the excluded and $5
 * the included countries (NULL: no such part). */
static const char trade_sql[] =
  "SELECT reporter, partner, mineral, flow, month_index, span, currency,\n"
  "  count(*), count(kg), coalesce (sum (kg), 0), count(value), coalesce (sum (value), 0)\n"
  "FROM oretrace.trade_rows\n"
  "WHERE mineral IS NOT NULL\n"
  "  AND ($1::text IS NULL OR mineral = ANY (string_to_array ($1, E'\\n')))\n"
  "  AND ($2::integer IS NULL OR month_index + span - 1 >= $2::integer)\n"
  "  AND ($3::integer IS NULL OR month_index <= $3::integer)\n"
  "  AND ($4::text IS NULL OR NOT (reporter = ANY (string_to_array ($4, E'\\n'))\n"
  "                                OR partner = ANY (string_to_array ($4, E'\\n'))))\n"
  "  AND ($5::text IS NULL OR reporter = ANY (string_to_array ($5, E'\\n'))\n"
  "                        OR partner = ANY (string_to_array ($5, E'\\n')))\n"
  "GROUP BY reporter, partner, mineral, flow, month_index, span, currency";

GArray *
ot_store_query_trade (OtStore         *store,
                      const OtFilter  *filter,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GPtrArray) minerals = g_ptr_array_new ();
  g_autofree char *mineral_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *excluded_text = NULL;
  g_autofree char *included_text = NULL;
  GArray *sums;
  PGresult *result;
  PGconn *conn;
  TradeFilter t;

  g_return_val_if_fail (OT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trade_filter_init (&t, filter);
  if (t.minerals)
    {
      for (guint m = 0; m < ot_mineral_count (); m++)
        if (t.mineral[m])
          g_ptr_array_add (minerals, (gpointer) ot_mineral_name ((OtMineral) m));
      /* Minerals selected, none a product's: no row. */
      if (minerals->len == 0)
        g_ptr_array_add (minerals, (gpointer) "");
      mineral_text = lines_of (minerals);
    }
  if (t.has_from)
    from_text = g_strdup_printf ("%u", t.from);
  if (t.has_to)
    to_text = g_strdup_printf ("%u", t.to);
  excluded_text = lines_of (t.excluded);
  included_text = lines_of (t.included);
  trade_filter_clear (&t);

  conn = ot_store_acquire (store, cancellable, error);
  if (conn == NULL)
    return NULL;
  {
    const char *params[] = { mineral_text, from_text, to_text, excluded_text, included_text };

    result = ot_store_exec (conn, trade_sql, G_N_ELEMENTS (params), params, error);
  }
  ot_store_release (store);
  if (result == NULL)
    return NULL;
  sums = g_array_sized_new (FALSE, TRUE, sizeof (OtStoreTradeSum), PQntuples (result));
  for (int r = 0; r < PQntuples (result); r++)
    {
      OtStoreTradeSum s = { 0 };

      /* A row whose codes this Oretrace does not know is left out. */
      if (!ot_trade_place_from_key (PQgetvalue (result, r, 0), &s.reporter) ||
          !ot_trade_place_from_key (PQgetvalue (result, r, 1), &s.partner) ||
          !ot_mineral_parse (PQgetvalue (result, r, 2), &s.mineral) ||
          !ot_case_trade_parse_flow (PQgetvalue (result, r, 3), &s.flow) ||
          !ot_case_trade_parse_currency (PQgetvalue (result, r, 6), &s.currency))
        continue;
      s.month = (guint16) CLAMP (ot_store_value_int64 (result, r, 4), 0, G_MAXUINT16);
      s.span = (guint8) CLAMP (ot_store_value_int64 (result, r, 5), 0, G_MAXUINT8);
      s.n_rows = (guint) ot_store_value_int64 (result, r, 7);
      s.n_with_kg = (guint) ot_store_value_int64 (result, r, 8);
      s.kg = g_ascii_strtod (PQgetvalue (result, r, 9), NULL);
      s.n_with_value = (guint) ot_store_value_int64 (result, r, 10);
      s.value = g_ascii_strtod (PQgetvalue (result, r, 11), NULL);
      g_array_append_val (sums, s);
    }
  PQclear (result);
  g_array_sort (sums, compare_sums);
  return sums;
}

static void
trade_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  GArray *sums = ot_store_query_trade (source, data, cancellable, &error);

  if (sums == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sums, (GDestroyNotify) g_array_unref);
}

void
ot_store_query_trade_async (OtStore             *store,
                            const OtFilter      *filter,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_return_if_fail (OT_IS_STORE (store));

  g_task_set_source_tag (task, ot_store_query_trade_async);
  if (filter != NULL)
    g_task_set_task_data (task, ot_filter_copy (filter), (GDestroyNotify) ot_filter_free);
  g_task_run_in_thread (task, trade_thread);
}

GArray *
ot_store_query_trade_finish (OtStore       *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
place_in (OtTradePlace  place,
          GPtrArray    *codes)
{
  const char *code = ot_trade_place_country (place);

  for (guint i = 0; code != NULL && i < codes->len; i++)
    if (strcmp (code, g_ptr_array_index (codes, i)) == 0)
      return TRUE;
  return FALSE;
}

GArray *
ot_store_trade_sums_from_table (OtTradeTable   *table,
                                const OtFilter *filter)
{
  GArray *sums = g_array_new (FALSE, TRUE, sizeof (OtStoreTradeSum));
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (OtStoreTradeSum));
  guint n = table != NULL ? ot_trade_table_get_n_rows (table) : 0;
  TradeFilter t;

  trade_filter_init (&t, filter);
  for (guint i = 0; i < n; i++)
    {
      const OtTradeProduct *product;
      OtStoreTradeSum s = { 0 };
      OtTradeRow row;

      ot_trade_table_get_row (table, i, &row);
      product = ot_trade_product_nth (row.product);
      if (product_mineral (row.product) == NULL || (t.minerals && !t.mineral[product->mineral]))
        continue;
      if ((t.has_from && row.month + row.span - 1 < t.from) || (t.has_to && row.month > t.to))
        continue;
      if (place_in (row.reporter, t.excluded) || place_in (row.partner, t.excluded))
        continue;
      if (t.included->len > 0 && !place_in (row.reporter, t.included) && !place_in (row.partner, t.included))
        continue;
      s.reporter = row.reporter;
      s.partner = row.partner;
      s.mineral = product->mineral;
      s.flow = row.flow;
      s.month = row.month;
      s.span = row.span;
      s.currency = row.currency;
      s.n_rows = 1;
      s.n_with_kg = !isnan (row.kg);
      s.kg = isnan (row.kg) ? 0 : row.kg;
      s.n_with_value = !isnan (row.value);
      s.value = isnan (row.value) ? 0 : row.value;
      g_array_append_val (rows, s);
    }
  trade_filter_clear (&t);
  /* Sorted, then equal keys added up. */
  g_array_sort (rows, compare_sums);
  for (guint i = 0; i < rows->len; i++)
    {
      OtStoreTradeSum *s = &g_array_index (rows, OtStoreTradeSum, i);
      OtStoreTradeSum *last = sums->len > 0 ? &g_array_index (sums, OtStoreTradeSum, sums->len - 1) : NULL;

      if (last != NULL && compare_sums (last, s) == 0)
        {
          last->n_rows += s->n_rows;
          last->n_with_kg += s->n_with_kg;
          last->kg += s->kg;
          last->n_with_value += s->n_with_value;
          last->value += s->value;
        }
      else
        g_array_append_val (sums, *s);
    }
  return sums;
}

gboolean
ot_store_trade_sums_equal (GArray *a,
                           GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const OtStoreTradeSum *x = &g_array_index (a, OtStoreTradeSum, i);
      const OtStoreTradeSum *y = &g_array_index (b, OtStoreTradeSum, i);

      if (compare_sums (x, y) != 0 || x->n_rows != y->n_rows || x->n_with_kg != y->n_with_kg ||
          x->n_with_value != y->n_with_value || !ot_store_close_enough (x->kg, y->kg) ||
          !ot_store_close_enough (x->value, y->value))
        return FALSE;
    }
  return TRUE;
}
