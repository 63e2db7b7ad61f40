/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-rows.c: a case in a store's rows (docs/team-store.md).
 *
 * Incidents are written as the case file writes them (each column as
 * Oretrace's CSV writer writes it, quantities in kg) with COPY or with
 * parameters, never pasted into SQL, and read back through the loaders'
 * record rules (ot-loader-private.h), so a row edited by another tool
 * into something invalid gives the problem a file would.  Edits carry
 * the row version they were based on; a stale one is refused with both
 * versions.  Every edit transaction carries a random token the audit
 * log records, so that after a connection lost during COMMIT the edit
 * is found saved or reported not saved. */
#include "ot-store-private.h"
#include "ot-store-rows.h"
#include "ot-error.h"
#include "ot-filter.h"
#include "ot-loader-private.h"
#include "ot-writer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* After the format's columns: where the incident was read from, then
 * schema 2's derived columns. */
enum {
  DERIVED_FIRST_DATE,
  DERIVED_LAST_DATE,
  DERIVED_MONTH,
  DERIVED_LEGS,
  DERIVED_COUNTRIES,
  DERIVED_DECLARED_AS_KEY,
  DERIVED_CONCEALMENT_KEYS,
  DERIVED_EXPORTER_KEY,
  DERIVED_CONSIGNEE_KEY,
  N_DERIVED
};

static const char *const derived_names[N_DERIVED] = {
  "first_date", "last_date", "month", "legs", "countries", "declared_as_key",
  "concealment_keys", "exporter_key", "consignee_key",
};

/* ---- Values ------------------------------------------------------------- */

static void
free_values (char **values,
             guint  n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&values[i], g_free);
}

/* The format's columns of @incident, as text (NULL: not given). */
static void
incident_values (const OtIncident *incident,
                 char            **values)
{
  for (guint c = 0; c < ot_store_n_columns (); c++)
    {
      OtColumn column = ot_store_column (c);

      if (column == OT_COLUMN_ILLUSTRATIVE)
        values[c] = g_strdup (incident->illustrative ? "1" : "0");
      else
        values[c] = ot_writer_column_text (incident, column);
    }
}

/* A PostgreSQL array literal of @items: every element quoted. */
static char *
array_literal (GPtrArray *items)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      for (const char *p = items->pdata[i]; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static char *
day_text (guint32 julian)
{
  GDate date;

  if (julian == 0)
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Sorted, each once. */
static void
sort_unique (GPtrArray *items)
{
  g_ptr_array_sort (items, compare_strings);
  for (guint r = items->len; r > 1; r--)
    if (strcmp (items->pdata[r - 1], items->pdata[r - 2]) == 0)
      g_ptr_array_remove_index (items, r - 1);
}

guint
ot_store_incident_path (const OtIncident *incident,
                        const char      **path,
                        guint             max)
{
  guint n = 0;

#define STEP(country) \
  G_STMT_START { \
    if (OT_COUNTRY_IS_SET (country) && n < max && (n == 0 || strcmp (path[n - 1], (country).code) != 0)) \
      path[n++] = (country).code; \
  } G_STMT_END

  STEP (incident->origin);
  for (guint h = 0; h < incident->n_via; h++)
    STEP (incident->via[h].country);
  STEP (incident->destination);
#undef STEP
  return n;
}

GPtrArray *
ot_store_incident_legs (const OtIncident *incident)
{
  GPtrArray *legs = g_ptr_array_new_with_free_func (g_free);
  const char *path[OT_STORE_MAX_PATH];
  guint n;

  g_return_val_if_fail (incident != NULL, legs);

  n = ot_store_incident_path (incident, path, G_N_ELEMENTS (path));
  for (guint k = 0; k + 1 < n; k++)
    g_ptr_array_add (legs, g_strdup_printf ("%s>%s", path[k], path[k + 1]));
  sort_unique (legs);
  return legs;
}

int
ot_store_date_month (const OtDate *date)
{
  g_return_val_if_fail (date != NULL, -1);

  switch (date->precision)
    {
    case OT_DATE_YEAR:
      return date->year * 100;
    case OT_DATE_MONTH:
    case OT_DATE_DAY:
      return date->year * 100 + date->month;
    default:
      return -1;
    }
}

static char *
key_or_null (const char *text)
{
  return text != NULL ? ot_filter_label_key (text) : NULL;
}

/* Schema 2's columns: what the server filters and aggregates on, worked
 * out by the same rules as Oretrace's own filter (ot-filter.c). */
static void
derived_values (const OtIncident *incident,
                char            **values)
{
  g_autoptr(GPtrArray) legs = ot_store_incident_legs (incident);
  g_autoptr(GPtrArray) countries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) methods = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = ot_filter_split_methods (incident->concealment);
  int month = ot_store_date_month (&incident->date);

  values[DERIVED_FIRST_DATE] = day_text (ot_date_first_day (&incident->date));
  values[DERIVED_LAST_DATE] = day_text (ot_date_last_day (&incident->date));
  values[DERIVED_MONTH] = month >= 0 ? g_strdup_printf ("%d", month) : NULL;
  values[DERIVED_LEGS] = array_literal (legs);

  if (OT_COUNTRY_IS_SET (incident->origin))
    g_ptr_array_add (countries, g_strdup (incident->origin.code));
  for (guint h = 0; h < incident->n_via; h++)
    if (OT_COUNTRY_IS_SET (incident->via[h].country))
      g_ptr_array_add (countries, g_strdup (incident->via[h].country.code));
  if (OT_COUNTRY_IS_SET (incident->destination))
    g_ptr_array_add (countries, g_strdup (incident->destination.code));
  if (OT_COUNTRY_IS_SET (incident->event_country))
    g_ptr_array_add (countries, g_strdup (incident->event_country.code));
  sort_unique (countries);
  values[DERIVED_COUNTRIES] = array_literal (countries);

  values[DERIVED_DECLARED_AS_KEY] = key_or_null (incident->declared_as);
  for (guint i = 0; split[i]; i++)
    g_ptr_array_add (methods, ot_filter_label_key (split[i]));
  sort_unique (methods);
  values[DERIVED_CONCEALMENT_KEYS] = array_literal (methods);
  values[DERIVED_EXPORTER_KEY] = key_or_null (incident->exporter);
  values[DERIVED_CONSIGNEE_KEY] = key_or_null (incident->consignee);
}

/* "a, b, c" of the format's columns, then "line" and the derived ones. */
static void
append_column_list (GString  *sql,
                    gboolean  with_derived)
{
  for (guint c = 0; c < ot_store_n_columns (); c++)
    g_string_append_printf (sql, "%s%s", c ? ", " : "", ot_store_column_name (ot_store_column (c)));
  g_string_append (sql, ", line");
  if (with_derived)
    for (guint d = 0; d < N_DERIVED; d++)
      g_string_append_printf (sql, ", %s", derived_names[d]);
}

/* ---- Reading ------------------------------------------------------------ */

typedef struct {
  char *key;
  char *value;
} Extra;

static void
extra_free (gpointer data)
{
  Extra *e = data;

  g_free (e->key);
  g_free (e->value);
  g_free (e);
}

/* row_id → GPtrArray of Extra, in order. */
static GHashTable *
read_extras (PGconn        *conn,
             const char    *where,
             int            n,
             const char   **params,
             GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT incident, key, value FROM oretrace.incident_extras");
  GHashTable *extras = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  PGresult *result;

  if (where != NULL)
    g_string_append_printf (sql, " WHERE incident IN (SELECT row_id FROM oretrace.incidents i WHERE %s)", where);
  g_string_append (sql, " ORDER BY incident, position");
  result = ot_store_exec (conn, sql->str, n, params, error);
  if (result == NULL)
    {
      g_hash_table_unref (extras);
      return NULL;
    }
  for (int r = 0; r < PQntuples (result); r++)
    {
      gint64 row = ot_store_value_int64 (result, r, 0);
      GPtrArray *list = g_hash_table_lookup (extras, &row);
      Extra *e = g_new (Extra, 1);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (extra_free);
          g_hash_table_insert (extras, g_memdup2 (&row, sizeof row), list);
        }
      e->key = ot_store_value_dup (result, r, 1);
      e->value = ot_store_value_dup (result, r, 2);
      g_ptr_array_add (list, e);
    }
  PQclear (result);
  return extras;
}

/* The incidents of "FROM incidents i WHERE @where" (NULL: all), in
 * order, through the record rules into @dataset; @row_ids and
 * @versions (may be NULL) get one gint64 per incident added.  Streams
 * the rows (single-row mode). */
static gboolean
read_incidents (PGconn        *conn,
                const char    *where,
                int            n,
                const char   **params,
                OtDataset     *dataset,
                const char    *display,
                GArray        *row_ids,
                GArray        *versions,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT i.row_id, i.version, ");
  g_autoptr(GHashTable) extras = NULL;
  guint n_columns = ot_store_n_columns ();
  const char *last_file = NULL;
  gboolean ok = TRUE, stopped = FALSE;
  OtRecord record;
  PGresult *result;
  guint count = 0;

  extras = read_extras (conn, where, n, params, error);
  if (extras == NULL)
    return FALSE;

  for (guint c = 0; c < n_columns; c++)
    g_string_append_printf (sql, "%si.%s", c ? ", " : "", ot_store_column_name (ot_store_column (c)));
  g_string_append (sql, ", f.name, i.line FROM oretrace.incidents i LEFT JOIN oretrace.files f ON f.id = i.file");
  if (where != NULL)
    g_string_append_printf (sql, " WHERE %s", where);
  g_string_append (sql, " ORDER BY i.row_id");

  if (!PQsendQueryParams (conn, sql->str, n, NULL, params, NULL, NULL, 0) || !PQsetSingleRowMode (conn))
    {
      ot_store_set_error (error, conn, NULL);
      return FALSE;
    }

  ot_record_init (&record, dataset, display);
  while ((result = PQgetResult (conn)) != NULL)
    {
      ExecStatusType status = PQresultStatus (result);

      if (status == PGRES_SINGLE_TUPLE && ok && !stopped)
        {
          gint64 row = ot_store_value_int64 (result, 0, 0);
          GPtrArray *list = g_hash_table_lookup (extras, &row);
          const char *file;

          if ((++count & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
            {
              g_cancellable_set_error_if_cancelled (cancellable, error);
              ok = FALSE;
            }
          ot_record_begin (&record, (guint) CLAMP (row, 0, G_MAXUINT));
          for (guint c = 0; c < n_columns; c++)
            {
              OtColumn column = ot_store_column (c);

              if (PQgetisnull (result, 0, c + 2))
                continue;
              ot_record_set_len (&record, column, PQgetvalue (result, 0, c + 2),
                                 PQgetlength (result, 0, c + 2));
              if (column == OT_COLUMN_QUANTITY)
                ot_record_set_len (&record, OT_COLUMN_UNIT, "kg", 2);
            }
          /* Where the incident was first read from, kept. */
          if (!PQgetisnull (result, 0, n_columns + 2))
            {
              file = PQgetvalue (result, 0, n_columns + 2);
              if (last_file == NULL || strcmp (file, last_file) != 0)
                last_file = ot_dataset_intern (dataset, file);
              record.incident.file = last_file;
              record.incident.line = (guint) CLAMP (ot_store_value_int64 (result, 0, n_columns + 3), 0, G_MAXUINT);
            }
          for (guint e = 0; list != NULL && e < list->len; e++)
            {
              Extra *extra = g_ptr_array_index (list, e);

              ot_record_add_extra (&record, extra->key, extra->value);
            }
          if (ot_record_finish (&record))
            {
              gint64 version = ot_store_value_int64 (result, 0, 1);

              if (row_ids != NULL)
                g_array_append_val (row_ids, row);
              if (versions != NULL)
                g_array_append_val (versions, version);
            }
          stopped = record.stop;
        }
      else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && ok)
        {
          ot_store_set_error (error, conn, result);
          ok = FALSE;
        }
      PQclear (result);
    }
  ot_record_clear (&record);
  if (ok && ot_store_conn_lost (conn))
    {
      ot_store_set_error (error, conn, NULL);
      ok = FALSE;
    }
  return ok;
}

static gboolean
read_tables (PGconn        *conn,
             OtCaseTables  *tables,
             GError       **error)
{
  PGresult *result;

  result = ot_store_exec (conn, "SELECT key, value FROM oretrace.meta"
                                " WHERE key IN ('created', 'modified', 'application')", 0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      const char *key = PQgetvalue (result, r, 0);
      char **slot = strcmp (key, "created") == 0 ? &tables->created
                  : strcmp (key, "modified") == 0 ? &tables->modified : &tables->application;

      g_free (*slot);
      *slot = ot_store_value_dup (result, r, 1);
    }
  PQclear (result);

  result = ot_store_exec (conn, "SELECT key, entity, name FROM oretrace.aliases ORDER BY key", 0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    ot_case_tables_add_alias (tables, PQgetvalue (result, r, 0), PQgetvalue (result, r, 1),
                              PQgetisnull (result, r, 2) ? NULL : PQgetvalue (result, r, 2));
  PQclear (result);

  result = ot_store_exec (conn, "SELECT key_a, key_b FROM oretrace.alias_decisions ORDER BY key_a, key_b",
                          0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    ot_case_tables_add_decision (tables, PQgetvalue (result, r, 0), PQgetvalue (result, r, 1));
  PQclear (result);

  result = ot_store_exec (conn, "SELECT view, vertex, x, y FROM oretrace.pins ORDER BY view, vertex",
                          0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    ot_case_tables_add_pin (tables, PQgetvalue (result, r, 0), PQgetvalue (result, r, 1),
                            g_ascii_strtod (PQgetvalue (result, r, 2), NULL),
                            g_ascii_strtod (PQgetvalue (result, r, 3), NULL));
  PQclear (result);

  result = ot_store_exec (conn, "SELECT target_kind, target_key, text FROM oretrace.annotations"
                                " ORDER BY target_kind, target_key", 0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    ot_case_tables_add_annotation (tables, PQgetvalue (result, r, 0), PQgetvalue (result, r, 1),
                                   PQgetvalue (result, r, 2));
  PQclear (result);

  result = ot_store_exec (conn, "SELECT name, filter, view, projection, viewport FROM oretrace.saved_views"
                                " ORDER BY name", 0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      g_autofree char *filter = ot_store_value_dup (result, r, 1);
      g_autofree char *view = ot_store_value_dup (result, r, 2);
      g_autofree char *projection = ot_store_value_dup (result, r, 3);
      g_autofree char *viewport = ot_store_value_dup (result, r, 4);

      ot_case_tables_add_saved_view (tables, PQgetvalue (result, r, 0), filter, view, projection, viewport);
    }
  PQclear (result);
  return TRUE;
}

static void
rollback (PGconn *conn)
{
  if (!ot_store_conn_lost (conn))
    PQclear (PQexec (conn, "ROLLBACK"));
}

OtStoreCase *
ot_store_load (OtStore       *self,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(OtStoreCase) store_case = g_new0 (OtStoreCase, 1);
  g_autoptr(OtCaseTables) tables = ot_case_tables_new ();
  const char *display;
  PGresult *result;
  PGconn *conn;
  gboolean ok;

  g_return_val_if_fail (OT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = ot_store_get_display_name (self);
  store_case->dataset = ot_dataset_new ();
  store_case->versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  conn = ot_store_acquire (self, cancellable, error);
  if (conn == NULL)
    return NULL;
  /* One snapshot: the rows, the tables and the log as of one moment. */
  ok = ot_store_run (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error);
  if (ok && (result = ot_store_exec (conn, "SELECT coalesce (max (change), 0) FROM oretrace.audit_log",
                                     0, NULL, error)) != NULL)
    {
      store_case->last_change = ot_store_value_int64 (result, 0, 0);
      PQclear (result);
    }
  else
    ok = FALSE;
  ok = ok && read_tables (conn, tables, error) &&
       read_incidents (conn, NULL, 0, NULL, store_case->dataset, display, NULL,
                       store_case->versions, cancellable, error) &&
       ot_store_trade_read (conn, store_case->dataset, display, cancellable, error) &&
       ot_store_run (conn, "COMMIT", 0, NULL, error);
  if (!ok)
    rollback (conn);
  ot_store_release (self);
  if (!ok)
    return NULL;
  ot_dataset_add_file (store_case->dataset, display);
  ot_dataset_set_case_tables (store_case->dataset, g_steal_pointer (&tables));
  return g_steal_pointer (&store_case);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  OtStoreCase *store_case = ot_store_load (source, cancellable, &error);

  if (store_case == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store_case, (GDestroyNotify) ot_store_case_free);
}

void
ot_store_load_async (OtStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (OT_IS_STORE (self));

  g_task_set_source_tag (task, ot_store_load_async);
  g_task_run_in_thread (task, load_thread);
}

OtStoreCase *
ot_store_load_finish (OtStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Uploading ----------------------------------------------------------- */

static const char *const triggers_off =
  "ALTER TABLE oretrace.incidents DISABLE TRIGGER USER;"
  "ALTER TABLE oretrace.incident_extras DISABLE TRIGGER USER;"
  "ALTER TABLE oretrace.aliases DISABLE TRIGGER USER;"
  "ALTER TABLE oretrace.alias_decisions DISABLE TRIGGER USER;"
  "ALTER TABLE oretrace.pins DISABLE TRIGGER USER;"
  "ALTER TABLE oretrace.annotations DISABLE TRIGGER USER;"
  "ALTER TABLE oretrace.saved_views DISABLE TRIGGER USER";
static const char *const triggers_on =
  "ALTER TABLE oretrace.incidents ENABLE TRIGGER USER;"
  "ALTER TABLE oretrace.incident_extras ENABLE TRIGGER USER;"
  "ALTER TABLE oretrace.aliases ENABLE TRIGGER USER;"
  "ALTER TABLE oretrace.alias_decisions ENABLE TRIGGER USER;"
  "ALTER TABLE oretrace.pins ENABLE TRIGGER USER;"
  "ALTER TABLE oretrace.annotations ENABLE TRIGGER USER;"
  "ALTER TABLE oretrace.saved_views ENABLE TRIGGER USER";

#define COPY_CHUNK (1 << 20)

static gboolean
copy_files (PGconn      *conn,
            OtDataset   *dataset,
            GHashTable  *file_ids,
            GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = ot_dataset_get_n_incidents (dataset);
  const char *last = NULL;

  if (!ot_store_run (conn, "COPY oretrace.files (id, name) FROM STDIN", 0, NULL, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const char *file = ot_dataset_get_incident (dataset, i)->file;

      if (file == NULL || file == last || g_hash_table_contains (file_ids, file))
        continue;
      last = file;
      g_hash_table_insert (file_ids, (gpointer) file, GUINT_TO_POINTER (g_hash_table_size (file_ids) + 1));
      g_string_append_printf (out, "%u\t", g_hash_table_size (file_ids));
      ot_store_copy_field (out, file);
      g_string_append_c (out, '\n');
    }
  return ot_store_copy_flush (conn, out, error) && ot_store_copy_end (conn, error);
}

static gboolean
copy_incidents (PGconn        *conn,
                OtDataset     *dataset,
                GHashTable    *file_ids,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("COPY oretrace.incidents (row_id, ");
  g_autoptr(GString) out = g_string_sized_new (COPY_CHUNK + 65536);
  guint n = ot_dataset_get_n_incidents (dataset);
  guint n_columns = ot_store_n_columns ();
  g_autofree char **values = g_new0 (char *, n_columns + N_DERIVED);

  append_column_list (sql, TRUE);
  g_string_append (sql, ", file) FROM STDIN");
  if (!ot_store_run (conn, sql->str, 0, NULL, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const OtIncident *in = ot_dataset_get_incident (dataset, i);

      if ((i & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          PQputCopyEnd (conn, "cancelled");
          while (PQgetResult (conn) != NULL)
            ;
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }
      incident_values (in, values);
      derived_values (in, values + n_columns);
      g_string_append_printf (out, "%u", i + 1);
      for (guint c = 0; c < n_columns; c++)
        {
          g_string_append_c (out, '\t');
          ot_store_copy_field (out, values[c]);
        }
      if (in->line)
        g_string_append_printf (out, "\t%u", in->line);
      else
        g_string_append (out, "\t\\N");
      for (guint d = 0; d < N_DERIVED; d++)
        {
          g_string_append_c (out, '\t');
          ot_store_copy_field (out, values[n_columns + d]);
        }
      if (in->file != NULL)
        g_string_append_printf (out, "\t%u\n", GPOINTER_TO_UINT (g_hash_table_lookup (file_ids, in->file)));
      else
        g_string_append (out, "\t\\N\n");
      free_values (values, n_columns + N_DERIVED);
      if (out->len >= COPY_CHUNK && !ot_store_copy_flush (conn, out, error))
        return FALSE;
    }
  return ot_store_copy_flush (conn, out, error) && ot_store_copy_end (conn, error);
}

static gboolean
copy_extras (PGconn     *conn,
             OtDataset  *dataset,
             GError    **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = ot_dataset_get_n_incidents (dataset);

  if (!ot_store_run (conn, "COPY oretrace.incident_extras (incident, position, key, value) FROM STDIN",
                     0, NULL, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const OtIncident *in = ot_dataset_get_incident (dataset, i);

      for (guint e = 0; e < in->n_extras; e++)
        {
          g_string_append_printf (out, "%u\t%u\t", i + 1, e + 1);
          ot_store_copy_field (out, in->extras[e].key);
          g_string_append_c (out, '\t');
          ot_store_copy_field (out, in->extras[e].value);
          g_string_append_c (out, '\n');
        }
      if (out->len >= COPY_CHUNK && !ot_store_copy_flush (conn, out, error))
        return FALSE;
    }
  return ot_store_copy_flush (conn, out, error) && ot_store_copy_end (conn, error);
}

static gboolean
write_alias (PGconn             *conn,
             const OtCaseAlias  *alias,
             GError            **error)
{
  g_autofree char *name_key = key_or_null (alias->name);
  const char *params[] = { alias->key, alias->entity, alias->name, name_key };

  return ot_store_run (conn, "INSERT INTO oretrace.aliases (key, entity, name, name_key)"
                             " VALUES ($1, $2, $3, $4)", 4, params, error);
}

static gboolean
write_tables (PGconn              *conn,
              const OtCaseTables  *tables,
              GError             **error)
{
  g_autoptr(GString) x = g_string_new (NULL);
  g_autoptr(GString) y = g_string_new (NULL);

  for (guint i = 0; i < tables->aliases->len; i++)
    if (!write_alias (conn, g_ptr_array_index (tables->aliases, i), error))
      return FALSE;
  for (guint i = 0; i < tables->alias_decisions->len; i++)
    {
      OtCaseAliasDecision *d = g_ptr_array_index (tables->alias_decisions, i);
      const char *params[] = { d->key_a, d->key_b };

      if (!ot_store_run (conn, "INSERT INTO oretrace.alias_decisions (key_a, key_b) VALUES ($1, $2)",
                         2, params, error))
        return FALSE;
    }
  for (guint i = 0; i < tables->pins->len; i++)
    {
      OtCasePin *p = g_ptr_array_index (tables->pins, i);
      const char *params[] = { p->view, p->vertex, NULL, NULL };

      g_string_truncate (x, 0);
      g_string_truncate (y, 0);
      ot_writer_append_number (x, p->x);
      ot_writer_append_number (y, p->y);
      params[2] = x->str;
      params[3] = y->str;
      if (!ot_store_run (conn, "INSERT INTO oretrace.pins VALUES ($1, $2, $3, $4)", 4, params, error))
        return FALSE;
    }
  for (guint i = 0; i < tables->annotations->len; i++)
    {
      OtCaseAnnotation *a = g_ptr_array_index (tables->annotations, i);
      const char *params[] = { a->target_kind, a->target_key, a->text };

      if (!ot_store_run (conn, "INSERT INTO oretrace.annotations VALUES ($1, $2, $3)", 3, params, error))
        return FALSE;
    }
  for (guint i = 0; i < tables->saved_views->len; i++)
    {
      OtCaseSavedView *v = g_ptr_array_index (tables->saved_views, i);
      const char *params[] = { v->name, v->filter, v->view, v->projection, v->viewport };

      if (!ot_store_run (conn, "INSERT INTO oretrace.saved_views VALUES ($1, $2, $3, $4, $5)",
                         5, params, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_meta (PGconn              *conn,
            const OtCaseTables  *tables,
            GError             **error)
{
  const char *params[] = { tables->created };

  /* The case's first save is the store's too, when it has one. */
  if (tables->created != NULL &&
      !ot_store_run (conn, "UPDATE oretrace.meta SET value = $1 WHERE key = 'created'", 1, params, error))
    return FALSE;
  params[0] = "Oretrace " PACKAGE_VERSION;
  return ot_store_run (conn, "INSERT INTO oretrace.meta VALUES ('application', $1),"
                             " ('modified', to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
                             " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", 1, params, error);
}

gboolean
ot_store_upload (OtStore             *self,
                 OtDataset           *dataset,
                 const OtCaseTables  *tables,
                 gboolean             replace,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autoptr(OtCaseTables) empty = NULL;
  /* File name → id, for the incidents' files and the trade rows'. */
  g_autoptr(GHashTable) file_ids = g_hash_table_new (g_str_hash, g_str_equal);
  OtTradeTable *trade = ot_dataset_get_trade (dataset);
  g_autofree char *trade_text = NULL;
  g_autofree char *n_text = NULL;
  g_autofree char *files_text = NULL;
  PGresult *result;
  PGconn *conn;
  gboolean ok = FALSE;

  g_return_val_if_fail (OT_IS_STORE (self), FALSE);
  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (tables == NULL)
    tables = empty = ot_case_tables_new ();
  conn = ot_store_acquire (self, cancellable, error);
  if (conn == NULL)
    return FALSE;
  /* The tables locked for the upload (ALTER TABLE takes them whole):
   * nobody writes meanwhile, so nothing escapes the log. */
  if (!ot_store_run (conn, "BEGIN", 0, NULL, error) || !ot_store_run_script (conn, triggers_off, error))
    goto out;
  if (!replace)
    {
      result = ot_store_exec (conn, "SELECT EXISTS (SELECT FROM oretrace.incidents)", 0, NULL, error);
      if (result == NULL)
        goto out;
      if (strcmp (PQgetvalue (result, 0, 0), "t") == 0)
        {
          PQclear (result);
          g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_NOT_EMPTY,
                       _("The store “%s” holds a case already; nothing was uploaded"),
                       ot_store_get_display_name (self));
          goto out;
        }
      PQclear (result);
    }
  if (!ot_store_run_script (conn, "TRUNCATE oretrace.incident_extras, oretrace.incidents, oretrace.files,"
                         " oretrace.aliases, oretrace.alias_decisions, oretrace.pins,"
                         " oretrace.annotations, oretrace.saved_views, oretrace.flow_sums,"
                         " oretrace.route_sums, oretrace.routes, oretrace.trade_rows RESTART IDENTITY", error))
    goto out;
  if (!copy_files (conn, dataset, file_ids, error) ||
      !copy_incidents (conn, dataset, file_ids, cancellable, error) ||
      !copy_extras (conn, dataset, error) ||
      (trade != NULL && !ot_store_trade_copy (conn, trade, file_ids, cancellable, error)) ||
      !write_tables (conn, tables, error) ||
      !write_meta (conn, tables, error))
    goto out;
  n_text = g_strdup_printf ("%u", ot_dataset_get_n_incidents (dataset));
  files_text = g_strdup_printf ("%u", g_hash_table_size (file_ids));
  trade_text = g_strdup_printf ("%u", trade != NULL ? ot_trade_table_get_n_rows (trade) : 0);
  {
    const char *params[] = { n_text, files_text };
    const char *log_params[] = { n_text, trade_text };

    if (!ot_store_run (conn, "SELECT setval (pg_get_serial_sequence ('oretrace.incidents', 'row_id'),"
                             " greatest ($1::bigint, 1), $1::bigint > 0),"
                             " setval (pg_get_serial_sequence ('oretrace.files', 'id'),"
                             " greatest ($2::bigint, 1), $2::bigint > 0)", 2, params, error) ||
        !ot_store_run_script (conn, triggers_on, error) ||
        !ot_store_run (conn, "SELECT oretrace.rebuild_flow_sums (), oretrace.rebuild_route_sums ()",
                      0, NULL, error))
      goto out;
    /* One entry in the log for the whole upload, announced. */
    if (!ot_store_run (conn,
                       "WITH c AS (INSERT INTO oretrace.audit_log (action, table_name, after)"
                       " VALUES ('upload', 'incidents', jsonb_build_object ('incidents', $1::bigint,"
                       " 'trade_rows', $2::bigint))"
                       " RETURNING change, who)"
                       " SELECT pg_notify ('" OT_STORE_CHANNEL "', json_build_object ('change', change,"
                       " 'who', who, 'action', 'upload', 'table', 'incidents')::text) FROM c",
                       2, log_params, error))
      goto out;
  }
  ok = ot_store_run (conn, "COMMIT", 0, NULL, error);

out:
  if (!ok)
    rollback (conn);
  ot_store_release (self);
  return ok;
}

/* ---- Version 2's columns for rows of version 1 ---------------------------- */

gboolean
ot_store_rows_derive_all (PGconn        *conn,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(OtDataset) dataset = ot_dataset_new ();
  g_autoptr(GArray) row_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) sql = g_string_new ("UPDATE oretrace.incidents i SET ");
  char *values[N_DERIVED] = { NULL };
  PGresult *result;

  if (!read_incidents (conn, NULL, 0, NULL, dataset, "store", row_ids, NULL, cancellable, error))
    return FALSE;
  if (!ot_store_run_script (conn, "ALTER TABLE oretrace.incidents DISABLE TRIGGER USER;"
                         "ALTER TABLE oretrace.aliases DISABLE TRIGGER USER;"
                         "CREATE TEMPORARY TABLE derived (LIKE oretrace.incidents INCLUDING DEFAULTS)"
                         " ON COMMIT DROP", error))
    return FALSE;
  {
    g_autoptr(GString) copy = g_string_new ("COPY derived (row_id, id");

    for (guint d = 0; d < N_DERIVED; d++)
      g_string_append_printf (copy, ", %s", derived_names[d]);
    g_string_append (copy, ") FROM STDIN");
    if (!ot_store_run (conn, copy->str, 0, NULL, error))
      return FALSE;
  }
  for (guint i = 0; i < row_ids->len; i++)
    {
      const OtIncident *in = ot_dataset_get_incident (dataset, i);

      derived_values (in, values);
      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t", g_array_index (row_ids, gint64, i));
      ot_store_copy_field (out, in->id);
      for (guint d = 0; d < N_DERIVED; d++)
        {
          g_string_append_c (out, '\t');
          ot_store_copy_field (out, values[d]);
        }
      g_string_append_c (out, '\n');
      free_values (values, N_DERIVED);
      if (out->len >= COPY_CHUNK && !ot_store_copy_flush (conn, out, error))
        return FALSE;
    }
  if (!ot_store_copy_flush (conn, out, error) || !ot_store_copy_end (conn, error))
    return FALSE;
  for (guint d = 0; d < N_DERIVED; d++)
    g_string_append_printf (sql, "%s%s = d.%s", d ? ", " : "", derived_names[d], derived_names[d]);
  g_string_append (sql, " FROM derived d WHERE d.row_id = i.row_id");
  if (!ot_store_run (conn, sql->str, 0, NULL, error))
    return FALSE;

  /* The aliases' display names as the filter's keys. */
  result = ot_store_exec (conn, "SELECT key, name FROM oretrace.aliases WHERE name IS NOT NULL",
                          0, NULL, error);
  if (result == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (result); r++)
    {
      g_autofree char *key = ot_filter_label_key (PQgetvalue (result, r, 1));
      const char *params[] = { PQgetvalue (result, r, 0), key };

      if (!ot_store_run (conn, "UPDATE oretrace.aliases SET name_key = $2 WHERE key = $1", 2, params, error))
        {
          PQclear (result);
          return FALSE;
        }
    }
  PQclear (result);
  return ot_store_run_script (conn, "ALTER TABLE oretrace.incidents ENABLE TRIGGER USER;"
                           "ALTER TABLE oretrace.aliases ENABLE TRIGGER USER", error);
}

/* ---- Edits ------------------------------------------------------------------ */

/* The incident @id as the store holds it now, into a new dataset; NULL
 * when there is none. */
static OtDataset *
read_one (PGconn      *conn,
          const char  *id,
          GError     **error)
{
  g_autoptr(OtDataset) dataset = ot_dataset_new ();
  const char *params[] = { id };

  if (!read_incidents (conn, "i.id = $1", 1, params, dataset, "store", NULL, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&dataset);
}

/* A dataset holding a copy of @incident. */
static OtDataset *
dataset_of (const OtIncident *incident)
{
  OtDataset *dataset = ot_dataset_new ();
  OtIncident copy;

  ot_dataset_copy_incident (dataset, incident, &copy);
  ot_dataset_add (dataset, &copy);
  return dataset;
}

static OtStoreConflict *
make_conflict (PGconn            *conn,
               const OtStoreEdit *edit,
               GError           **error)
{
  g_autoptr(OtStoreConflict) conflict = g_new0 (OtStoreConflict, 1);
  const char *params[] = { edit->id };
  PGresult *result;

  conflict->id = g_strdup (edit->id);
  conflict->base_version = edit->base_version;
  if (edit->incident != NULL)
    conflict->mine = dataset_of (edit->incident);
  result = ot_store_exec (conn, "SELECT version, modified_by,"
                                " to_char (modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                                " FROM oretrace.incidents WHERE id = $1", 1, params, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 1)
    {
      conflict->current_version = ot_store_value_int64 (result, 0, 0);
      conflict->modified_by = ot_store_value_dup (result, 0, 1);
      conflict->modified_at = ot_store_value_dup (result, 0, 2);
      PQclear (result);
      conflict->theirs = read_one (conn, edit->id, error);
      if (conflict->theirs == NULL)
        return NULL;
    }
  else
    PQclear (result);
  return g_steal_pointer (&conflict);
}

static gboolean
write_extras (PGconn            *conn,
              const char        *row_id,
              const OtIncident  *incident,
              gboolean           replace,
              GError           **error)
{
  const char *params[4] = { row_id };

  if (replace)
    {
      /* Unchanged extras stay (no noise in the log). */
      PGresult *result = ot_store_exec (conn, "SELECT key, value FROM oretrace.incident_extras"
                                              " WHERE incident = $1 ORDER BY position", 1, params, error);
      gboolean same;

      if (result == NULL)
        return FALSE;
      same = (guint) PQntuples (result) == incident->n_extras;
      for (guint e = 0; same && e < incident->n_extras; e++)
        same = g_strcmp0 (PQgetvalue (result, e, 0), incident->extras[e].key) == 0 &&
               (PQgetisnull (result, e, 1) ? incident->extras[e].value == NULL
                                            : g_strcmp0 (PQgetvalue (result, e, 1), incident->extras[e].value) == 0);
      PQclear (result);
      if (same)
        return TRUE;
      if (!ot_store_run (conn, "DELETE FROM oretrace.incident_extras WHERE incident = $1", 1, params, error))
        return FALSE;
    }
  for (guint e = 0; e < incident->n_extras; e++)
    {
      g_autofree char *position = g_strdup_printf ("%u", e + 1);

      params[1] = position;
      params[2] = incident->extras[e].key;
      params[3] = incident->extras[e].value;
      if (!ot_store_run (conn, "INSERT INTO oretrace.incident_extras VALUES ($1, $2, $3, $4)", 4, params, error))
        return FALSE;
    }
  return TRUE;
}

/* The parameters of an incident's row: the format's columns, line, the
 * derived columns, then the file's name. */
static char **
row_params (const OtIncident *incident,
            guint            *n)
{
  guint n_columns = ot_store_n_columns ();
  char **values = g_new0 (char *, n_columns + 2 + N_DERIVED + 4);

  incident_values (incident, values);
  values[n_columns] = incident->line ? g_strdup_printf ("%u", incident->line) : NULL;
  derived_values (incident, values + n_columns + 1);
  values[n_columns + 1 + N_DERIVED] = g_strdup (incident->file);
  *n = n_columns + 2 + N_DERIVED;
  return values;
}

/* "$1, $2, …, $n-1, (file of $n)". */
static void
append_row_placeholders (GString *sql,
                         guint    n)
{
  for (guint k = 1; k < n; k++)
    g_string_append_printf (sql, "%s$%u", k > 1 ? ", " : "", k);
  g_string_append_printf (sql, ", (SELECT id FROM oretrace.files WHERE name = $%u)", n);
}

/* One edit; TRUE when applied or found in conflict (@conflict set). */
static gboolean
apply_edit (PGconn             *conn,
            const OtStoreEdit  *edit,
            gint64             *version,
            OtStoreConflict   **conflict,
            GError            **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *base = ot_store_int64_text (edit->base_version);
  char **values = NULL;
  guint n = 0;
  PGresult *result;
  gboolean ok = FALSE;

  if (edit->kind == OT_STORE_EDIT_DELETE)
    {
      const char *params[] = { edit->id, base };

      result = ot_store_exec (conn, "DELETE FROM oretrace.incidents WHERE id = $1 AND version = $2"
                                    " RETURNING row_id", 2, params, error);
      if (result == NULL)
        return FALSE;
      if (PQntuples (result) == 0)
        {
          *conflict = make_conflict (conn, edit, error);
          PQclear (result);
          return *conflict != NULL;
        }
      PQclear (result);
      *version = 0;
      return TRUE;
    }

  values = row_params (edit->incident, &n);
  if (edit->incident->file != NULL)
    {
      const char *params[] = { edit->incident->file };

      if (!ot_store_run (conn, "INSERT INTO oretrace.files (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
                         1, params, error))
        goto out;
    }
  if (edit->kind == OT_STORE_EDIT_ADD)
    {
      g_string_append (sql, "INSERT INTO oretrace.incidents (");
      append_column_list (sql, TRUE);
      g_string_append (sql, ", file) VALUES (");
      append_row_placeholders (sql, n);
      g_string_append (sql, ") RETURNING row_id, version");
      result = ot_store_exec (conn, sql->str, n, (const char *const *) values, error);
    }
  else
    {
      g_string_append (sql, "UPDATE oretrace.incidents SET (");
      append_column_list (sql, TRUE);
      g_string_append (sql, ", file) = (");
      append_row_placeholders (sql, n);
      g_string_append_printf (sql, ") WHERE id = $%u AND version = $%u RETURNING row_id, version", n + 1, n + 2);
      values[n] = g_strdup (edit->id);
      values[n + 1] = g_strdup (base);
      result = ot_store_exec (conn, sql->str, n + 2, (const char *const *) values, error);
    }
  if (result == NULL)
    goto out;
  if (PQntuples (result) == 0)
    {
      PQclear (result);
      *conflict = make_conflict (conn, edit, error);
      ok = *conflict != NULL;
      goto out;
    }
  *version = ot_store_value_int64 (result, 0, 1);
  ok = write_extras (conn, PQgetvalue (result, 0, 0), edit->incident,
                     edit->kind == OT_STORE_EDIT_REPLACE, error);
  PQclear (result);

out:
  if (values != NULL)
    free_values (values, n + 2);
  g_free (values);
  return ok;
}

/* After a connection lost while COMMIT was on its way: whether the
 * edit of @token was saved.  -1 when the store cannot be asked. */
static int
was_saved (OtStore    *self,
           const char *token)
{
  const char *params[] = { token };
  PGresult *result;
  PGconn *conn;
  int saved;

  conn = ot_store_reconnect (self, NULL);
  if (conn == NULL)
    return -1;
  result = ot_store_exec (conn, "SELECT EXISTS (SELECT FROM oretrace.audit_log WHERE token = $1)",
                          1, params, NULL);
  if (result == NULL)
    return -1;
  saved = strcmp (PQgetvalue (result, 0, 0), "t") == 0;
  PQclear (result);
  return saved;
}

/* The server's reason, its first line ("server closed the connection
 * unexpectedly", "terminating connection due to administrator command"). */
static void
set_not_saved (GError **error,
               PGconn  *conn)
{
  g_autofree char *reason = g_strdup (PQerrorMessage (conn));
  char *end = strchr (reason, '\n');

  if (end != NULL)
    *end = '\0';
  g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_NOT_SAVED,
               _("The connection to the store was lost; the change was not saved (%s)"), reason);
}

gboolean
ot_store_apply_edits (OtStore            *self,
                      const OtStoreEdit  *edits,
                      guint               n_edits,
                      const char         *label,
                      GArray            **versions,
                      GPtrArray         **conflicts,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autoptr(GArray) new_versions = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_store_conflict_free);
  g_autofree char *token = g_uuid_string_random ();
  g_autoptr(GError) local = NULL;
  const char *params[] = { label ? label : "", token };
  PGresult *result;
  PGconn *conn;
  gboolean ok = FALSE;

  g_return_val_if_fail (OT_IS_STORE (self), FALSE);
  g_return_val_if_fail (edits != NULL || n_edits == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_edits; i++)
    g_return_val_if_fail ((edits[i].kind == OT_STORE_EDIT_ADD || edits[i].id != NULL) &&
                          (edits[i].kind == OT_STORE_EDIT_DELETE || edits[i].incident != NULL), FALSE);

  conn = ot_store_acquire (self, cancellable, error);
  if (conn == NULL)
    return FALSE;
  if (!ot_store_run (conn, "BEGIN", 0, NULL, &local) ||
      !ot_store_run (conn, "SELECT set_config ('oretrace.label', $1, true),"
                           " set_config ('oretrace.token', $2, true)", 2, params, &local))
    goto failed;
  for (guint i = 0; i < n_edits; i++)
    {
      OtStoreConflict *conflict = NULL;
      gint64 version = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, &local) ||
          !apply_edit (conn, &edits[i], &version, &conflict, &local))
        goto failed;
      if (conflict != NULL)
        g_ptr_array_add (found, conflict);
      g_array_append_val (new_versions, version);
    }
  if (found->len > 0)
    {
      rollback (conn);
      ot_store_release (self);
      if (found->len == 1)
        g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONFLICT,
                     _("“%s” was changed by someone else meanwhile; nothing was saved"),
                     ((OtStoreConflict *) found->pdata[0])->id);
      else
        g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONFLICT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u incident was changed by someone else meanwhile; nothing was saved",
                                  "%u incidents were changed by someone else meanwhile; nothing was saved",
                                  found->len), found->len);
      if (conflicts != NULL)
        *conflicts = g_steal_pointer (&found);
      return FALSE;
    }

  result = PQexec (conn, "COMMIT");
  if (PQresultStatus (result) == PGRES_COMMAND_OK)
    ok = TRUE;
  else if (ot_store_conn_lost (conn))
    {
      /* Sent, but was it done?  The log knows. */
      int saved = was_saved (self, token);

      if (saved == 1)
        ok = TRUE;
      else if (saved == 0)
        set_not_saved (error, conn);
      else
        g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT,
                     _("The connection to the store was lost while saving; whether the change was saved "
                       "will be known once the store can be reached"));
    }
  else
    {
      ot_store_set_error (error, conn, result);
      rollback (conn);
    }
  PQclear (result);
  ot_store_release (self);
  if (ok && versions != NULL)
    *versions = g_steal_pointer (&new_versions);
  return ok;

failed:
  if (ot_store_conn_lost (conn))
    set_not_saved (error, conn);
  else
    {
      g_propagate_error (error, g_steal_pointer (&local));
      rollback (conn);
    }
  ot_store_release (self);
  return FALSE;
}

typedef struct {
  OtDataset  *strings;     /* owns the copies' strings */
  GArray     *edits;       /* of OtStoreEdit */
  GArray     *incidents;   /* of OtIncident */
  char       *label;
  GArray     *versions;
  GPtrArray  *conflicts;
} EditsJob;

static void
edits_job_free (EditsJob *job)
{
  for (guint i = 0; i < job->edits->len; i++)
    g_free ((char *) g_array_index (job->edits, OtStoreEdit, i).id);
  g_clear_object (&job->strings);
  g_array_unref (job->edits);
  g_array_unref (job->incidents);
  g_free (job->label);
  g_clear_pointer (&job->versions, g_array_unref);
  g_clear_pointer (&job->conflicts, g_ptr_array_unref);
  g_free (job);
}

static void
edits_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  EditsJob *job = data;
  GError *error = NULL;

  if (ot_store_apply_edits (source, (OtStoreEdit *) (void *) job->edits->data, job->edits->len, job->label,
                            &job->versions, &job->conflicts, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ot_store_apply_edits_async (OtStore             *self,
                            const OtStoreEdit   *edits,
                            guint                n_edits,
                            const char          *label,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  EditsJob *job = g_new0 (EditsJob, 1);

  g_return_if_fail (OT_IS_STORE (self));

  job->strings = ot_dataset_new ();
  job->edits = g_array_sized_new (FALSE, TRUE, sizeof (OtStoreEdit), n_edits);
  job->incidents = g_array_sized_new (FALSE, TRUE, sizeof (OtIncident), n_edits);
  g_array_set_size (job->incidents, n_edits);
  job->label = g_strdup (label);
  for (guint i = 0; i < n_edits; i++)
    {
      OtStoreEdit edit = edits[i];

      edit.id = g_strdup (edits[i].id);
      if (edits[i].incident != NULL)
        {
          OtIncident *copy = &g_array_index (job->incidents, OtIncident, i);

          ot_dataset_copy_incident (job->strings, edits[i].incident, copy);
          edit.incident = copy;
        }
      g_array_append_val (job->edits, edit);
    }
  g_task_set_source_tag (task, ot_store_apply_edits_async);
  g_task_set_task_data (task, job, (GDestroyNotify) edits_job_free);
  g_task_run_in_thread (task, edits_thread);
}

gboolean
ot_store_apply_edits_finish (OtStore       *self,
                             GAsyncResult  *result,
                             GArray       **versions,
                             GPtrArray    **conflicts,
                             GError       **error)
{
  EditsJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (versions != NULL)
    *versions = g_steal_pointer (&job->versions);
  if (conflicts != NULL)
    *conflicts = g_steal_pointer (&job->conflicts);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- The audit log ------------------------------------------------------------ */

#define CHANGE_COLUMNS \
  "change, to_char (at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), who, action," \
  " table_name, key, version, label, before::text, after::text"

static GPtrArray *
read_changes (OtStore             *self,
              const char          *sql,
              int                  n,
              const char * const  *params,
              GCancellable        *cancellable,
              GError             **error)
{
  GPtrArray *changes;
  PGresult *result;
  PGconn *conn;

  conn = ot_store_acquire (self, cancellable, error);
  if (conn == NULL)
    return NULL;
  result = ot_store_exec (conn, sql, n, params, error);
  ot_store_release (self);
  if (result == NULL)
    return NULL;
  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_store_change_free);
  for (int r = 0; r < PQntuples (result); r++)
    {
      OtStoreChange *c = g_new0 (OtStoreChange, 1);

      c->change = ot_store_value_int64 (result, r, 0);
      c->at = ot_store_value_dup (result, r, 1);
      c->who = ot_store_value_dup (result, r, 2);
      c->action = ot_store_value_dup (result, r, 3);
      c->table = ot_store_value_dup (result, r, 4);
      c->key = ot_store_value_dup (result, r, 5);
      c->version = ot_store_value_int64 (result, r, 6);
      c->label = ot_store_value_dup (result, r, 7);
      c->before = ot_store_value_dup (result, r, 8);
      c->after = ot_store_value_dup (result, r, 9);
      g_ptr_array_add (changes, c);
    }
  PQclear (result);
  return changes;
}

GPtrArray *
ot_store_get_history (OtStore       *self,
                      const char    *id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const char *params[] = { id };

  g_return_val_if_fail (OT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  /* The incident's rows, and its extras' rows by the row ids it had. */
  return read_changes (self,
                       "WITH r AS (SELECT DISTINCT coalesce (after, before) ->> 'row_id' AS row_id"
                       " FROM oretrace.audit_log WHERE table_name = 'incidents' AND key = $1)"
                       " SELECT " CHANGE_COLUMNS " FROM oretrace.audit_log"
                       " WHERE (table_name = 'incidents' AND key = $1)"
                       " OR (table_name = 'incident_extras' AND key IN (SELECT row_id FROM r))"
                       " ORDER BY change", 1, params, cancellable, error);
}

GPtrArray *
ot_store_get_changes_since (OtStore       *self,
                            gint64         change,
                            guint          limit,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *after = ot_store_int64_text (change);
  g_autofree char *most = limit > 0 ? g_strdup_printf ("%u", limit) : NULL;
  const char *params[] = { after, most };

  g_return_val_if_fail (OT_IS_STORE (self), NULL);

  return read_changes (self, "SELECT " CHANGE_COLUMNS " FROM oretrace.audit_log WHERE change > $1"
                             " ORDER BY change LIMIT $2", 2, params, cancellable, error);
}

gboolean
ot_store_rows_read (PGconn        *conn,
                    const char    *where,
                    int            n,
                    const char   **params,
                    OtDataset     *dataset,
                    const char    *display,
                    GArray        *versions,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return read_incidents (conn, where, n, params, dataset, display, NULL, versions, cancellable, error);
}
