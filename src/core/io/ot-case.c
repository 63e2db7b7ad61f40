/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-case.c: the case file store (docs/case-file.md).
 *
 * Saving builds the whole database in memory (SQLite's memdb VFS, one
 * transaction), takes its bytes with sqlite3_serialize() and writes them
 * through OtAtomicFile: a temporary file in the target's folder, fsync,
 * rename.  So the target is only ever the old case or the new one, with
 * the mode, symbolic link and fault injection rules of every other file
 * Oretrace writes.
 *
 * Reading opens the file read-only, checks the application_id and the
 * version, and feeds each incident row, column by column as text,
 * through the loaders' record rules (ot-loader-private.h). */
#include "ot-case.h"
#include "ot-case-private.h"
#include "ot-atomic-file.h"
#include "ot-error.h"
#include "ot-loader-private.h"
#include "ot-writer.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SQLITE_MAGIC "SQLite format 3"   /* and its NUL: 16 bytes */
#define HEADER_BYTES 100
#define BUSY_TIMEOUT_MS 250

/* ---- Schema ---- */

/* The incidents table: one column per column of the incident format
 * (ot_column_name()), except "quantity"+"unit", stored as quantity_kg.
 * REAL columns are read back as doubles, the rest as text. */
typedef struct {
  OtColumn    column;
  const char *name;
  const char *type;
} CaseColumn;

static const CaseColumn case_columns[] = {
  { OT_COLUMN_ID,            "id",            "TEXT NOT NULL" },
  { OT_COLUMN_DATE,          "date",          "TEXT" },
  { OT_COLUMN_MINERAL,       "mineral",       "TEXT" },
  { OT_COLUMN_FORM,          "form",          "TEXT" },
  { OT_COLUMN_HS_CODE,       "hs_code",       "TEXT" },
  { OT_COLUMN_QUANTITY,      "quantity_kg",   "REAL" },
  { OT_COLUMN_VALUE,         "value",         "REAL" },
  { OT_COLUMN_CURRENCY,      "currency",      "TEXT" },
  { OT_COLUMN_DECLARED_AS,   "declared_as",   "TEXT" },
  { OT_COLUMN_CONCEALMENT,   "concealment",   "TEXT" },
  { OT_COLUMN_ORIGIN,        "origin",        "TEXT" },
  { OT_COLUMN_EXPORTER,      "exporter",      "TEXT" },
  { OT_COLUMN_VIA,           "via",           "TEXT" },
  { OT_COLUMN_DESTINATION,   "destination",   "TEXT" },
  { OT_COLUMN_CONSIGNEE,     "consignee",     "TEXT" },
  { OT_COLUMN_STATUS,        "status",        "TEXT" },
  { OT_COLUMN_CONFIDENCE,    "confidence",    "TEXT" },
  { OT_COLUMN_RELIABILITY,   "reliability",   "TEXT" },
  { OT_COLUMN_CREDIBILITY,   "credibility",   "INTEGER" },
  { OT_COLUMN_EVENT_COUNTRY, "event_country", "TEXT" },
  { OT_COLUMN_EVENT_PLACE,   "event_place",   "TEXT" },
  { OT_COLUMN_AUTHORITY,     "authority",     "TEXT" },
  { OT_COLUMN_CASE_REF,      "case_ref",      "TEXT" },
  { OT_COLUMN_ILLUSTRATIVE,  "illustrative",  "INTEGER NOT NULL" },
  { OT_COLUMN_SOURCE,        "source",        "TEXT" },
  { OT_COLUMN_SOURCE_URL,    "source_url",    "TEXT" },
  { OT_COLUMN_NOTES,         "notes",         "TEXT" },
};
#define N_CASE_COLUMNS G_N_ELEMENTS (case_columns)
/* After the format's columns: where the incident was first read from. */
#define COL_FILE (N_CASE_COLUMNS)
#define COL_LINE (N_CASE_COLUMNS + 1)

static const char schema_tail[] =
  "CREATE TABLE files (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
  "CREATE TABLE incident_extras (incident INTEGER NOT NULL, key TEXT NOT NULL, value TEXT);\n"
  "CREATE TABLE aliases (key TEXT PRIMARY KEY, entity TEXT NOT NULL, name TEXT);\n"
  "CREATE TABLE alias_decisions (key_a TEXT NOT NULL, key_b TEXT NOT NULL,"
  " decision TEXT NOT NULL DEFAULT 'rejected', PRIMARY KEY (key_a, key_b));\n"
  "CREATE TABLE pins (view TEXT NOT NULL, vertex TEXT NOT NULL, x REAL NOT NULL,"
  " y REAL NOT NULL, PRIMARY KEY (view, vertex));\n"
  "CREATE TABLE annotations (target_kind TEXT NOT NULL, target_key TEXT NOT NULL,"
  " text TEXT NOT NULL);\n"
  "CREATE TABLE saved_views (name TEXT PRIMARY KEY, filter TEXT, view TEXT,"
  " projection TEXT, viewport TEXT);\n"
  OT_CASE_TRADE_SCHEMA;

static char *
incidents_schema (void)
{
  GString *sql = g_string_new ("CREATE TABLE incidents (");

  for (guint i = 0; i < N_CASE_COLUMNS; i++)
    g_string_append_printf (sql, "%s %s, ", case_columns[i].name, case_columns[i].type);
  g_string_append (sql, "file INTEGER REFERENCES files (id), line INTEGER);\n");
  return g_string_free (sql, FALSE);
}

/* ---- Errors ---- */

static void
set_sqlite_error (GError    **error,
                  const char *display,
                  sqlite3    *db,
                  int         rc,
                  gboolean    writing)
{
  /* The connection's message when it has one (it names the table or
   * the problem), else the code's. */
  const char *detail = db && sqlite3_errcode (db) != SQLITE_OK ? sqlite3_errmsg (db)
                                                               : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, OT_ERROR, OT_ERROR_FAILED,
                   _("“%s” is locked by another program; close it there and try again"),
                   display);
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("“%s” is damaged and cannot be read (%s)"), display, detail);
      break;
    default:
      if (writing)
        g_set_error (error, OT_ERROR, OT_ERROR_FAILED, _("Cannot save “%s”: %s"),
                     display, detail);
      else
        g_set_error (error, OT_ERROR, OT_ERROR_FAILED, _("Cannot read “%s”: %s"),
                     display, detail);
      break;
    }
}

/* ---- Detection ---- */

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static gboolean
is_sqlite (const char *data,
           gsize       length)
{
  return length >= 16 && memcmp (data, SQLITE_MAGIC, 16) == 0;
}

gboolean
ot_case_detect (const char *data,
                gsize       length)
{
  return is_sqlite (data, length) && length >= 72 &&
         read_be32 ((const guint8 *) data + 68) == OT_CASE_APPLICATION_ID;
}

/* ---- Saving ---- */

static gboolean
exec (sqlite3    *db,
      const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static void
append_date (GString      *out,
             const OtDate *date)
{
  switch (date->precision)
    {
    case OT_DATE_YEAR:
      g_string_append_printf (out, "%04d", date->year);
      break;
    case OT_DATE_MONTH:
      g_string_append_printf (out, "%04d-%02u", date->year, date->month);
      break;
    case OT_DATE_DAY:
      g_string_append_printf (out, "%04d-%02u-%02u", date->year, date->month, date->day);
      break;
    default:
      break;
    }
}

/* The incidents and their extras.  SQLITE_OK or the first error. */
static int
write_incidents (sqlite3      *db,
                 OtDataset    *dataset,
                 GHashTable   *files,
                 GCancellable *cancellable)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO incidents VALUES (");
  g_autoptr(GString) date = g_string_new (NULL);
  g_autoptr(GString) via = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL, *extra = NULL, *file = NULL;
  guint n = ot_dataset_get_n_incidents (dataset);
  const char *last_file = NULL;
  sqlite3_int64 last_id = 0;
  int rc;

  for (guint i = 0; i < N_CASE_COLUMNS + 2; i++)
    g_string_append (sql, i ? ",?" : "?");
  g_string_append (sql, ")");
  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO incident_extras VALUES (?,?,?)", -1, &extra, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO files (name) VALUES (?)", -1, &file, NULL);

  for (guint i = 0; i < n && rc == SQLITE_OK; i++)
    {
      const OtIncident *in = ot_dataset_get_incident (dataset, i);
      char reliability[2] = { in->reliability, 0 };

      if ((i & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }

      g_string_truncate (date, 0);
      append_date (date, &in->date);
      g_string_truncate (via, 0);
      for (guint h = 0; h < in->n_via; h++)
        {
          if (h > 0)
            g_string_append (via, "; ");
          g_string_append (via, in->via[h].country.code);
          if (in->via[h].port)
            g_string_append_printf (via, ":%s", in->via[h].port);
        }

      for (guint c = 0; c < N_CASE_COLUMNS; c++)
        {
          int k = c + 1;

          switch (case_columns[c].column)
            {
            case OT_COLUMN_ID: ot_case_bind_text (stmt, k, in->id); break;
            case OT_COLUMN_DATE: ot_case_bind_text (stmt, k, date->len ? date->str : NULL); break;
            case OT_COLUMN_MINERAL:
              ot_case_bind_text (stmt, k, in->mineral != OT_MINERAL_NONE ? ot_mineral_name (in->mineral) : NULL);
              break;
            case OT_COLUMN_FORM:
              ot_case_bind_text (stmt, k, in->form != OT_FORM_UNKNOWN ? ot_form_name (in->form) : NULL);
              break;
            case OT_COLUMN_HS_CODE: ot_case_bind_text (stmt, k, in->hs_code); break;
            case OT_COLUMN_QUANTITY: ot_case_bind_double (stmt, k, in->quantity_kg); break;
            case OT_COLUMN_VALUE: ot_case_bind_double (stmt, k, in->value); break;
            case OT_COLUMN_CURRENCY: ot_case_bind_text (stmt, k, in->currency); break;
            case OT_COLUMN_DECLARED_AS: ot_case_bind_text (stmt, k, in->declared_as); break;
            case OT_COLUMN_CONCEALMENT: ot_case_bind_text (stmt, k, in->concealment); break;
            case OT_COLUMN_ORIGIN:
              ot_case_bind_text (stmt, k, OT_COUNTRY_IS_SET (in->origin) ? in->origin.code : NULL);
              break;
            case OT_COLUMN_EXPORTER: ot_case_bind_text (stmt, k, in->exporter); break;
            case OT_COLUMN_VIA: ot_case_bind_text (stmt, k, via->len ? via->str : NULL); break;
            case OT_COLUMN_DESTINATION:
              ot_case_bind_text (stmt, k, OT_COUNTRY_IS_SET (in->destination) ? in->destination.code : NULL);
              break;
            case OT_COLUMN_CONSIGNEE: ot_case_bind_text (stmt, k, in->consignee); break;
            case OT_COLUMN_STATUS: ot_case_bind_text (stmt, k, ot_status_name (in->status)); break;
            case OT_COLUMN_CONFIDENCE: ot_case_bind_text (stmt, k, ot_confidence_name (in->confidence)); break;
            case OT_COLUMN_RELIABILITY: ot_case_bind_text (stmt, k, in->reliability ? reliability : NULL); break;
            case OT_COLUMN_CREDIBILITY:
              if (in->credibility)
                sqlite3_bind_int (stmt, k, in->credibility);
              else
                sqlite3_bind_null (stmt, k);
              break;
            case OT_COLUMN_EVENT_COUNTRY:
              ot_case_bind_text (stmt, k, OT_COUNTRY_IS_SET (in->event_country) ? in->event_country.code : NULL);
              break;
            case OT_COLUMN_EVENT_PLACE: ot_case_bind_text (stmt, k, in->event_place); break;
            case OT_COLUMN_AUTHORITY: ot_case_bind_text (stmt, k, in->authority); break;
            case OT_COLUMN_CASE_REF: ot_case_bind_text (stmt, k, in->case_ref); break;
            case OT_COLUMN_ILLUSTRATIVE: sqlite3_bind_int (stmt, k, in->illustrative ? 1 : 0); break;
            case OT_COLUMN_SOURCE: ot_case_bind_text (stmt, k, in->source); break;
            case OT_COLUMN_SOURCE_URL: ot_case_bind_text (stmt, k, in->source_url); break;
            case OT_COLUMN_NOTES: ot_case_bind_text (stmt, k, in->notes); break;
            case OT_COLUMN_UNIT:
            case OT_N_COLUMNS:
            default:
              g_assert_not_reached ();
            }
        }
      /* The file names are interned: one row each in files. */
      if (in->file == NULL)
        sqlite3_bind_null (stmt, COL_FILE + 1);
      else
        {
          if (in->file != last_file)
            {
              if ((rc = ot_case_file_id (db, file, files, in->file, &last_id)) != SQLITE_OK)
                break;
              last_file = in->file;
            }
          sqlite3_bind_int64 (stmt, COL_FILE + 1, last_id);
        }
      if (in->line)
        sqlite3_bind_int64 (stmt, COL_LINE + 1, in->line);
      else
        sqlite3_bind_null (stmt, COL_LINE + 1);
      rc = ot_case_step_done (stmt);

      for (guint e = 0; e < in->n_extras && rc == SQLITE_OK; e++)
        {
          sqlite3_bind_int64 (extra, 1, (sqlite3_int64) i + 1);
          ot_case_bind_text (extra, 2, in->extras[e].key);
          ot_case_bind_text (extra, 3, in->extras[e].value);
          rc = ot_case_step_done (extra);
        }
    }

  sqlite3_finalize (stmt);
  sqlite3_finalize (extra);
  sqlite3_finalize (file);
  return rc;
}

static int
write_tables (sqlite3            *db,
              const OtCaseTables *tables)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

#define PREPARE(sql) \
  G_STMT_START { \
    sqlite3_finalize (stmt); \
    stmt = NULL; \
    if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK) \
      goto out; \
  } G_STMT_END

  PREPARE ("INSERT INTO aliases VALUES (?,?,?)");
  for (guint i = 0; i < tables->aliases->len; i++)
    {
      OtCaseAlias *a = g_ptr_array_index (tables->aliases, i);

      ot_case_bind_text (stmt, 1, a->key);
      ot_case_bind_text (stmt, 2, a->entity);
      ot_case_bind_text (stmt, 3, a->name);
      if ((rc = ot_case_step_done (stmt)) != SQLITE_OK)
        goto out;
    }
  PREPARE ("INSERT INTO alias_decisions (key_a, key_b) VALUES (?,?)");
  for (guint i = 0; i < tables->alias_decisions->len; i++)
    {
      OtCaseAliasDecision *d = g_ptr_array_index (tables->alias_decisions, i);

      ot_case_bind_text (stmt, 1, d->key_a);
      ot_case_bind_text (stmt, 2, d->key_b);
      if ((rc = ot_case_step_done (stmt)) != SQLITE_OK)
        goto out;
    }
  PREPARE ("INSERT INTO pins VALUES (?,?,?,?)");
  for (guint i = 0; i < tables->pins->len; i++)
    {
      OtCasePin *p = g_ptr_array_index (tables->pins, i);

      ot_case_bind_text (stmt, 1, p->view);
      ot_case_bind_text (stmt, 2, p->vertex);
      sqlite3_bind_double (stmt, 3, p->x);
      sqlite3_bind_double (stmt, 4, p->y);
      if ((rc = ot_case_step_done (stmt)) != SQLITE_OK)
        goto out;
    }
  PREPARE ("INSERT INTO annotations VALUES (?,?,?)");
  for (guint i = 0; i < tables->annotations->len; i++)
    {
      OtCaseAnnotation *a = g_ptr_array_index (tables->annotations, i);

      ot_case_bind_text (stmt, 1, a->target_kind);
      ot_case_bind_text (stmt, 2, a->target_key);
      ot_case_bind_text (stmt, 3, a->text);
      if ((rc = ot_case_step_done (stmt)) != SQLITE_OK)
        goto out;
    }
  PREPARE ("INSERT INTO saved_views VALUES (?,?,?,?,?)");
  for (guint i = 0; i < tables->saved_views->len; i++)
    {
      OtCaseSavedView *v = g_ptr_array_index (tables->saved_views, i);

      ot_case_bind_text (stmt, 1, v->name);
      ot_case_bind_text (stmt, 2, v->filter);
      ot_case_bind_text (stmt, 3, v->view);
      ot_case_bind_text (stmt, 4, v->projection);
      ot_case_bind_text (stmt, 5, v->viewport);
      if ((rc = ot_case_step_done (stmt)) != SQLITE_OK)
        goto out;
    }
#undef PREPARE

out:
  sqlite3_finalize (stmt);
  return rc;
}

static int
write_meta (sqlite3            *db,
            const OtCaseTables *tables)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *version = g_strdup_printf ("%d", OT_CASE_VERSION);
  const char *rows[][2] = {
    { "format_version", version },
    { "application", "Oretrace " PACKAGE_VERSION },
    { "created", tables && tables->created ? tables->created : stamp },
    { "modified", stamp },
  };
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "INSERT INTO meta VALUES (?,?)", -1, &stmt, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows) && rc == SQLITE_OK; i++)
    {
      ot_case_bind_text (stmt, 1, rows[i][0]);
      ot_case_bind_text (stmt, 2, rows[i][1]);
      rc = ot_case_step_done (stmt);
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Refuses to replace a case another SQLite connection holds locked
 * (writing to it, or reading it in a transaction that needs it whole):
 * replacing it would lose that program's work or confuse it. */
static gboolean
check_not_locked (const char  *path,
                  const char  *display,
                  GError     **error)
{
  char header[HEADER_BYTES];
  sqlite3 *db = NULL;
  ssize_t n;
  int fd, rc;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    return TRUE;   /* a new file, or OtAtomicFile reports why not */
  n = read (fd, header, sizeof header);
  close (fd);
  if (n < 0 || !is_sqlite (header, n))
    return TRUE;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      /* A write lock of our own, given up at once: fails while another
       * connection writes or holds a lock. */
      rc = sqlite3_exec (db, "BEGIN EXCLUSIVE; ROLLBACK", NULL, NULL, NULL);
    }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      set_sqlite_error (error, display, db, rc, TRUE);
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);
  return TRUE;
}

gboolean
ot_case_save (OtDataset           *dataset,
              const OtCaseTables  *tables,
              const char          *path,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(OtCaseTables) empty = NULL;
  g_autoptr(OtAtomicFile) atomic = NULL;
  g_autofree char *display = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *pragmas = NULL;
  /* File name → id in files, for the incidents and the trade rows. */
  g_autoptr(GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);
  OtTradeTable *trade = NULL;
  sqlite3 *db = NULL;
  unsigned char *bytes = NULL;
  sqlite3_int64 size = 0;
  gboolean copied = FALSE;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (tables == NULL)
    tables = empty = ot_case_tables_new ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!check_not_locked (path, display, error))
    return FALSE;

  /* A private in-memory database (a memdb name without '/' is not
   * shared with other connections). */
  rc = sqlite3_open_v2 ("file:oretrace-case?vfs=memdb", &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  /* Room for the whole case at once: growing the buffer as it fills
   * copied it again and again (about 300 bytes an incident; more is
   * still allowed to grow). */
  {
    sqlite3_int64 room = (sqlite3_int64) ot_dataset_get_n_incidents (dataset) * 320 + (1 << 20);

    /* About 60 bytes a trade row. */
    if ((trade = ot_dataset_get_trade (dataset)) != NULL)
      room += (sqlite3_int64) ot_trade_table_get_n_rows (trade) * 64;
    unsigned char *buffer = sqlite3_malloc64 (room);

    if (buffer == NULL)
      {
        rc = SQLITE_NOMEM;
        goto fail;
      }
#ifdef MADV_HUGEPAGE
    /* Fewer page faults while it fills (2 MiB pages where the system
     * gives them on request). */
    {
      gsize page = (gsize) sysconf (_SC_PAGESIZE);
      guintptr start = ((guintptr) buffer + page - 1) & ~(guintptr) (page - 1);
      guintptr end = ((guintptr) buffer + (gsize) room) & ~(guintptr) (page - 1);

      if (end > start)
        madvise ((void *) start, end - start, MADV_HUGEPAGE);
    }
#endif
    rc = sqlite3_deserialize (db, "main", buffer, 0, room,
                              SQLITE_DESERIALIZE_RESIZEABLE | SQLITE_DESERIALIZE_FREEONCLOSE);
    if (rc != SQLITE_OK)
      goto fail;
    /* memdb's default ceiling is 1 GiB; a case at the loader's limit
     * (5 million incidents) is larger. */
    room = G_GINT64_CONSTANT (16) << 30;
    sqlite3_file_control (db, "main", SQLITE_FCNTL_SIZE_LIMIT, &room);
  }

  schema = incidents_schema ();
  pragmas = g_strdup_printf ("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                             "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                             (gint32) OT_CASE_APPLICATION_ID, OT_CASE_VERSION);
  if (!exec (db, pragmas) || !exec (db, "BEGIN") || !exec (db, schema) ||
      !exec (db, schema_tail))
    {
      rc = sqlite3_errcode (db);
      goto fail;
    }
  if ((rc = write_meta (db, tables)) != SQLITE_OK ||
      (rc = write_incidents (db, dataset, files, cancellable)) != SQLITE_OK ||
      (trade != NULL && (rc = ot_case_write_trade (db, trade, files, cancellable)) != SQLITE_OK) ||
      (rc = write_tables (db, tables)) != SQLITE_OK)
    goto fail;
  /* The extras' index once the rows are in: faster than keeping it up
   * to date row by row.  The incidents' id has no index: at 1M it cost
   * a save a second, and reading needs none (docs/case-file.md). */
  if (!exec (db, "CREATE INDEX incident_extras_incident ON incident_extras (incident);"
                 "COMMIT"))
    {
      rc = sqlite3_errcode (db);
      goto fail;
    }

  bytes = sqlite3_serialize (db, "main", &size, SQLITE_SERIALIZE_NOCOPY);
  if (bytes == NULL)
    {
      bytes = sqlite3_serialize (db, "main", &size, 0);
      copied = TRUE;
      if (bytes == NULL)
        {
          rc = SQLITE_NOMEM;
          goto fail;
        }
    }

  atomic = ot_atomic_file_new (path, error);
  if (atomic != NULL)
    {
      ot_atomic_file_write (atomic, bytes, (gsize) size, NULL);
      ok = ot_atomic_file_commit (atomic, cancellable, error);
    }
  if (copied)
    sqlite3_free (bytes);
  sqlite3_close (db);
  return ok;

fail:
  if (rc == SQLITE_INTERRUPT)
    g_set_error (error, OT_ERROR, OT_ERROR_CANCELLED, _("Saving “%s” was cancelled"), display);
  else
    set_sqlite_error (error, display, db, rc, TRUE);
  sqlite3_close (db);
  return FALSE;
}

/* ---- Reading ---- */

/* Migration: a case of an older version is brought up to
 * OT_CASE_VERSION before it is read, one step per version, in a copy in
 * memory (the file itself is left as it is until it is saved, which
 * writes the current version).  steps[v - 1] takes version v to v + 1. */
typedef struct {
  const char *sql;
} MigrationStep;

static const MigrationStep migration_steps[] = {
  /* 1 → 2: trade statistics (issue 18); a version-1 case has none. */
  { OT_CASE_TRADE_SCHEMA
    "UPDATE meta SET value = '2' WHERE key = 'format_version';" },
};

static int
migrate (sqlite3 **db,
         int       version)
{
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int rc;

  if (version >= OT_CASE_VERSION)
    return SQLITE_OK;

  rc = sqlite3_open_v2 ("file:oretrace-migrate?vfs=memdb", &copy,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close (copy);
      return rc;
    }
  backup = sqlite3_backup_init (copy, "main", *db, "main");
  if (backup == NULL)
    {
      rc = sqlite3_errcode (copy);
      sqlite3_close (copy);
      return rc;
    }
  sqlite3_backup_step (backup, -1);
  rc = sqlite3_backup_finish (backup);
  for (int v = version; v < OT_CASE_VERSION && rc == SQLITE_OK; v++)
    if (migration_steps[v - 1].sql != NULL)
      rc = sqlite3_exec (copy, migration_steps[v - 1].sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close (copy);
      return rc;
    }
  sqlite3_close (*db);
  *db = copy;
  return SQLITE_OK;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

static int
read_tables (sqlite3      *db,
             OtCaseTables *tables)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

#define QUERY(sql) \
  G_STMT_START { \
    sqlite3_finalize (stmt); \
    stmt = NULL; \
    if ((rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) != SQLITE_OK) \
      goto out; \
  } G_STMT_END

  QUERY ("SELECT key, value FROM meta");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      char **slot = g_strcmp0 (key, "created") == 0 ? &tables->created
                  : g_strcmp0 (key, "modified") == 0 ? &tables->modified
                  : g_strcmp0 (key, "application") == 0 ? &tables->application : NULL;

      if (slot != NULL)
        {
          g_free (*slot);
          *slot = column_dup (stmt, 1);
        }
    }
  if (rc != SQLITE_DONE)
    goto out;

  QUERY ("SELECT key, entity, name FROM aliases ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OtCaseAlias *a = g_new (OtCaseAlias, 1);

      a->key = column_dup (stmt, 0);
      a->entity = column_dup (stmt, 1);
      a->name = column_dup (stmt, 2);
      g_ptr_array_add (tables->aliases, a);
    }
  if (rc != SQLITE_DONE)
    goto out;

  QUERY ("SELECT key_a, key_b FROM alias_decisions ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OtCaseAliasDecision *d = g_new (OtCaseAliasDecision, 1);

      d->key_a = column_dup (stmt, 0);
      d->key_b = column_dup (stmt, 1);
      g_ptr_array_add (tables->alias_decisions, d);
    }
  if (rc != SQLITE_DONE)
    goto out;

  QUERY ("SELECT view, vertex, x, y FROM pins ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OtCasePin *p = g_new (OtCasePin, 1);

      p->view = column_dup (stmt, 0);
      p->vertex = column_dup (stmt, 1);
      p->x = sqlite3_column_double (stmt, 2);
      p->y = sqlite3_column_double (stmt, 3);
      g_ptr_array_add (tables->pins, p);
    }
  if (rc != SQLITE_DONE)
    goto out;

  QUERY ("SELECT target_kind, target_key, text FROM annotations ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OtCaseAnnotation *a = g_new (OtCaseAnnotation, 1);

      a->target_kind = column_dup (stmt, 0);
      a->target_key = column_dup (stmt, 1);
      a->text = column_dup (stmt, 2);
      g_ptr_array_add (tables->annotations, a);
    }
  if (rc != SQLITE_DONE)
    goto out;

  QUERY ("SELECT name, filter, view, projection, viewport FROM saved_views ORDER BY rowid");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OtCaseSavedView *v = g_new (OtCaseSavedView, 1);

      v->name = column_dup (stmt, 0);
      v->filter = column_dup (stmt, 1);
      v->view = column_dup (stmt, 2);
      v->projection = column_dup (stmt, 3);
      v->viewport = column_dup (stmt, 4);
      g_ptr_array_add (tables->saved_views, v);
    }
#undef QUERY

out:
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The incidents, through the record rules, into @part. */
static int
read_incidents (sqlite3      *db,
                OtDataset    *part,
                const char   *display,
                GCancellable *cancellable)
{
  g_autoptr(GString) sql = g_string_new ("SELECT incidents.rowid");
  g_autoptr(GString) number = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL, *extra = NULL;
  sqlite3_int64 next_extra = -1;
  const char *last_file = NULL;
  OtRecord record;
  guint n = 0;
  int rc;

  for (guint i = 0; i < N_CASE_COLUMNS; i++)
    g_string_append_printf (sql, ", incidents.%s", case_columns[i].name);
  g_string_append (sql, ", files.name, line FROM incidents LEFT JOIN files ON files.id = file"
                       " ORDER BY incidents.rowid");
  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT incident, key, value FROM incident_extras "
                                 "ORDER BY incident, rowid", -1, &extra, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return rc;
    }
  if ((rc = sqlite3_step (extra)) == SQLITE_ROW)
    next_extra = sqlite3_column_int64 (extra, 0);

  ot_record_init (&record, part, display);
  while (rc == SQLITE_ROW || rc == SQLITE_DONE)
    {
      sqlite3_int64 row;
      const char *file;

      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        break;
      if ((++n & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          rc = SQLITE_INTERRUPT;
          break;
        }
      row = sqlite3_column_int64 (stmt, 0);
      ot_record_begin (&record, (guint) MIN (row, G_MAXUINT));
      for (guint c = 0; c < N_CASE_COLUMNS; c++)
        {
          int k = c + 1;
          int type = sqlite3_column_type (stmt, k);

          if (type == SQLITE_NULL)
            continue;
          if (type == SQLITE_FLOAT && (case_columns[c].column == OT_COLUMN_QUANTITY ||
                                       case_columns[c].column == OT_COLUMN_VALUE))
            {
              /* SQLite's own text for a REAL has 15 digits: not exact. */
              g_string_truncate (number, 0);
              ot_writer_append_number (number, sqlite3_column_double (stmt, k));
              ot_record_set_len (&record, case_columns[c].column, number->str, number->len);
            }
          else
            {
              const char *text = (const char *) sqlite3_column_text (stmt, k);

              ot_record_set_len (&record, case_columns[c].column, text,
                                 sqlite3_column_bytes (stmt, k));
            }
          if (case_columns[c].column == OT_COLUMN_QUANTITY)
            ot_record_set_len (&record, OT_COLUMN_UNIT, "kg", 2);
        }
      /* Where the incident was first read from, kept across saves. */
      file = (const char *) sqlite3_column_text (stmt, COL_FILE + 1);
      if (file != NULL)
        {
          /* Nearly every row names the file of the row before. */
          if (last_file == NULL || strcmp (file, last_file) != 0)
            last_file = ot_dataset_intern (part, file);
          record.incident.file = last_file;
          record.incident.line = (guint) CLAMP (sqlite3_column_int64 (stmt, COL_LINE + 1), 0, G_MAXUINT);
        }
      while (next_extra >= 0 && next_extra <= row)
        {
          if (next_extra == row)
            ot_record_add_extra (&record, (const char *) sqlite3_column_text (extra, 1),
                                 (const char *) sqlite3_column_text (extra, 2));
          if ((rc = sqlite3_step (extra)) == SQLITE_ROW)
            next_extra = sqlite3_column_int64 (extra, 0);
          else if (rc == SQLITE_DONE)
            next_extra = -1;
          else
            goto out;
        }
      ot_record_finish (&record);
      if (record.stop)
        {
          rc = SQLITE_DONE;
          break;
        }
    }
out:
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  ot_record_clear (&record);
  sqlite3_finalize (stmt);
  sqlite3_finalize (extra);
  return rc;
}

static int
pragma_int (sqlite3    *db,
            const char *sql,
            int        *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *out = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Moves what @part read into @dataset. */
static void
take_part (OtDataset *dataset,
           OtDataset *part)
{
  GPtrArray *problems = ot_dataset_get_problems (part);
  gsize n = 0;
  gpointer *list;

  if (!ot_dataset_absorb (dataset, part, 0))
    {
      /* An id already loaded from another file: merge, reporting each. */
      ot_dataset_merge (dataset, part);
      return;
    }
  list = g_ptr_array_steal (problems, &n);
  for (gsize i = 0; i < n; i++)
    ot_dataset_add_problem (dataset, list[i]);
  g_free (list);
  ot_dataset_add_rejected (dataset, ot_dataset_get_n_rejected (part));
}

/* @fresh: @dataset is new and dropped on failure, so the incidents go
 * straight into it; otherwise into a part that joins it on success. */
static gboolean
read_case (OtDataset     *dataset,
           const char    *path,
           const char    *display,
           OtCaseTables  *tables,
           gboolean       fresh,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(OtCaseTables) got = NULL;
  g_autoptr(OtDataset) part = NULL;
  g_autoptr(OtTradeTable) trade = NULL;
  g_autofree char *shown = NULL;
  char header[HEADER_BYTES];
  sqlite3 *db = NULL;
  int version = 0, rc;
  ssize_t n;
  int fd;

  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (display == NULL)
    display = shown = g_filename_display_name (path);

  /* The header first: a clear word for what is not a case at all. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, OT_ERROR, OT_ERROR_FAILED, _("Cannot read “%s”: %s"),
                   display, g_strerror (saved));
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);
  if (n < 0 || !is_sqlite (header, n))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("“%s” is not an Oretrace case file"), display);
      return FALSE;
    }
  if (n < HEADER_BYTES)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("“%s” is damaged and cannot be read (%s)"), display,
                   sqlite3_errstr (SQLITE_CORRUPT));
      return FALSE;
    }
  if (!ot_case_detect (header, n))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("“%s” is an SQLite database, but not an Oretrace case file"), display);
      return FALSE;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      /* One read transaction: the tables as of one moment. */
      rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    rc = pragma_int (db, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    goto fail;
  if (version > OT_CASE_VERSION)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                   _("“%s” was saved by a newer version of Oretrace (case format %d; "
                     "this version reads up to %d): update Oretrace to open it"),
                   display, version, OT_CASE_VERSION);
      sqlite3_close (db);
      return FALSE;
    }
  if (version < 1)
    {
      rc = SQLITE_CORRUPT;
      goto fail;
    }
  if ((rc = migrate (&db, version)) != SQLITE_OK)
    goto fail;

  got = ot_case_tables_new ();
  part = fresh ? g_object_ref (dataset) : ot_dataset_new_part (dataset);
  if ((rc = read_tables (db, got)) != SQLITE_OK ||
      (rc = read_incidents (db, part, display, cancellable)) != SQLITE_OK ||
      (rc = ot_case_read_trade (db, part, display, &trade, cancellable)) != SQLITE_OK)
    goto fail;
  sqlite3_close (db);
  if (!fresh)
    take_part (dataset, part);
  if (trade != NULL && ot_dataset_get_trade (dataset) != NULL)
    {
      /* Statistics loaded before: a new table of those and these. */
      g_autoptr(OtTradeTable) joined = ot_trade_table_new ();

      ot_trade_table_absorb (joined, ot_dataset_get_trade (dataset));
      ot_trade_table_absorb (joined, trade);
      ot_dataset_set_trade (dataset, joined);
    }
  else if (trade != NULL)
    ot_dataset_set_trade (dataset, trade);
  if (tables != NULL)
    {
      g_ptr_array_extend_and_steal (tables->aliases, g_steal_pointer (&got->aliases));
      g_ptr_array_extend_and_steal (tables->alias_decisions, g_steal_pointer (&got->alias_decisions));
      g_ptr_array_extend_and_steal (tables->pins, g_steal_pointer (&got->pins));
      g_ptr_array_extend_and_steal (tables->annotations, g_steal_pointer (&got->annotations));
      g_ptr_array_extend_and_steal (tables->saved_views, g_steal_pointer (&got->saved_views));
      got->aliases = g_ptr_array_new ();
      got->alias_decisions = g_ptr_array_new ();
      got->pins = g_ptr_array_new ();
      got->annotations = g_ptr_array_new ();
      got->saved_views = g_ptr_array_new ();
      g_free (tables->created);
      g_free (tables->modified);
      g_free (tables->application);
      tables->created = g_steal_pointer (&got->created);
      tables->modified = g_steal_pointer (&got->modified);
      tables->application = g_steal_pointer (&got->application);
    }
  return TRUE;

fail:
  if (rc == SQLITE_INTERRUPT)
    g_set_error (error, OT_ERROR, OT_ERROR_CANCELLED, _("Reading “%s” was cancelled"), display);
  else if ((rc & 0xff) == SQLITE_ERROR)
    /* A table or column missing: not a case this Oretrace wrote. */
    g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                 _("“%s” is damaged and cannot be read (%s)"), display, sqlite3_errmsg (db));
  else
    set_sqlite_error (error, display, db, rc, FALSE);
  sqlite3_close (db);
  return FALSE;
}

gboolean
ot_case_read_into (OtDataset     *dataset,
                   const char    *path,
                   const char    *display,
                   OtCaseTables  *tables,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return read_case (dataset, path, display, tables, FALSE, cancellable, error);
}

OtDataset *
ot_case_load (const char     *path,
              OtCaseTables  **tables,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(OtDataset) dataset = ot_dataset_new ();
  g_autoptr(OtCaseTables) read = tables ? ot_case_tables_new () : NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  if (!read_case (dataset, path, display, read, TRUE, cancellable, error))
    return NULL;
  ot_dataset_add_file (dataset, display);
  if (tables != NULL)
    *tables = g_steal_pointer (&read);
  return g_steal_pointer (&dataset);
}
