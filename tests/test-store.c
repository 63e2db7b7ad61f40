/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The team store (src/core/store/, docs/team-store.md, issue 21) on a
 * real PostgreSQL 15: tests/store/run-with-postgres.sh starts one for
 * this program (OT_TEST_PG); without it every case skips, saying why.
 *
 * A case file uploaded and read back, and saved as a case file again,
 * is the same document (ot_document_dump ()); hostile names and text
 * travel as parameters and come back unchanged; two analysts editing at
 * once keep both changes and a stale edit is refused with both
 * versions; a viewer's edit is refused by the server; every change is in
 * the audit log, per incident; a change is announced to another client
 * within a second; a connection killed in the middle of an edit leaves
 * nothing half done, and the store reconnects; a store of the first
 * schema (tests/data/store-v1.sql) is migrated with its rows; flows
 * aggregated in the server equal those worked out in memory, filter by
 * filter, and the chart's own edges; trade statistics go through a
 * store row for row and are summed there as in memory; a store of
 * version 3 migrates to the current one with its rows. */
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "ot-case.h"
#include "ot-document.h"
#include "ot-error.h"
#include "ot-facets.h"
#include "ot-filter.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-network.h"
#include "ot-store.h"
#include "ot-store-flows.h"
#include "ot-store-private.h"
#include "ot-store-summary.h"
#include "ot-chart.h"
#include "ot-store-trade.h"
#include "ot-test-load.h"
#include "ot-test-trade.h"
#include "ot-test-summary.h"

/* ---- The server ----------------------------------------------------------- */

static const char *
server (void)
{
  return g_getenv ("OT_TEST_PG");
}

/* A conninfo value quoted as libpq reads it. */
static void
append_value (GString    *out,
              const char *value)
{
  g_string_append_c (out, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

/* The server's connection string for @db as @user. */
static char *
address_for (const char *db,
             const char *user)
{
  GString *out = g_string_new ("host=");

  append_value (out, g_getenv ("OT_TEST_PG_DIR"));
  g_string_append (out, " dbname=");
  append_value (out, db);
  g_string_append (out, " user=");
  append_value (out, user);
  return g_string_free (out, FALSE);
}

static PGconn *
admin_to (const char *db)
{
  g_autofree char *address = address_for (db, "postgres");
  PGconn *conn = PQconnectdb (address);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static void
admin_run (PGconn     *conn,
           const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

static char *
admin_value (PGconn     *conn,
             const char *sql,
             const char *param)
{
  const char *params[] = { param };
  PGresult *result = PQexecParams (conn, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);
  char *value;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  value = PQntuples (result) > 0 && !PQgetisnull (result, 0, 0) ? g_strdup (PQgetvalue (result, 0, 0)) : NULL;
  PQclear (result);
  return value;
}

/* A fresh database called @name (any text: quoted as an identifier). */
static void
fresh_database (const char *name)
{
  PGconn *conn = admin_to ("postgres");
  char *ident = PQescapeIdentifier (conn, name, strlen (name));
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s", ident);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", ident);

  admin_run (conn, drop);
  admin_run (conn, create);
  PQfreemem (ident);
  PQfinish (conn);
}

/* A login role @name in @group (the roles the first setup made). */
static void
ensure_user (const char *name,
             const char *group)
{
  PGconn *conn = admin_to ("postgres");
  g_autofree char *exists = admin_value (conn, "SELECT 1 FROM pg_roles WHERE rolname = $1", name);

  if (exists == NULL)
    {
      char *ident = PQescapeIdentifier (conn, name, strlen (name));
      g_autofree char *sql = g_strdup_printf ("CREATE ROLE %s LOGIN IN ROLE %s", ident, group);

      admin_run (conn, sql);
      PQfreemem (ident);
    }
  PQfinish (conn);
}

static OtStore *
connect_as (const char *db,
            const char *user)
{
  g_autofree char *address = address_for (db, user);
  g_autoptr(GError) error = NULL;
  OtStore *store = ot_store_connect (address, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* A new store in database @db, set up by the superuser. */
static OtStore *
new_store (const char *db)
{
  g_autoptr(GError) error = NULL;
  OtStore *store;

  fresh_database (db);
  store = connect_as (db, "postgres");
  g_assert_cmpint (ot_store_get_version (store), ==, 0);
  g_assert_true (ot_store_setup (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ot_store_get_version (store), ==, OT_STORE_VERSION);
  g_assert_cmpint (ot_store_get_role (store), ==, OT_STORE_ROLE_OWNER);
  return store;
}

static gboolean
skip_without_server (void)
{
  if (server () != NULL)
    return FALSE;
  g_test_skip (g_getenv ("OT_TEST_PG_MISSING") ? g_getenv ("OT_TEST_PG_MISSING")
                                              : "no PostgreSQL server: run under tests/store/run-with-postgres.sh");
  return TRUE;
}

/* ---- Cases -------------------------------------------------------------------- */

/* Two long texts equal, or the first line that differs. */
static void
assert_same_text (const char *got,
                  const char *want)
{
  g_auto(GStrv) a = g_strsplit (got, "\n", -1);
  g_auto(GStrv) b = g_strsplit (want, "\n", -1);

  for (guint i = 0; a[i] || b[i]; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      g_error ("line %u differs:\n got: %.400s\nwant: %.400s", i + 1, a[i] ? a[i] : "(end)",
               b[i] ? b[i] : "(end)");
}

static OtCaseTables *
tables_copy (const OtCaseTables *t)
{
  OtCaseTables *copy = ot_case_tables_new ();

  for (guint i = 0; i < t->aliases->len; i++)
    {
      OtCaseAlias *a = t->aliases->pdata[i];
      ot_case_tables_add_alias (copy, a->key, a->entity, a->name);
    }
  for (guint i = 0; i < t->alias_decisions->len; i++)
    {
      OtCaseAliasDecision *d = t->alias_decisions->pdata[i];
      ot_case_tables_add_decision (copy, d->key_a, d->key_b);
    }
  for (guint i = 0; i < t->pins->len; i++)
    {
      OtCasePin *p = t->pins->pdata[i];
      ot_case_tables_add_pin (copy, p->view, p->vertex, p->x, p->y);
    }
  for (guint i = 0; i < t->annotations->len; i++)
    {
      OtCaseAnnotation *a = t->annotations->pdata[i];
      ot_case_tables_add_annotation (copy, a->target_kind, a->target_key, a->text);
    }
  for (guint i = 0; i < t->saved_views->len; i++)
    {
      OtCaseSavedView *v = t->saved_views->pdata[i];
      ot_case_tables_add_saved_view (copy, v->name, v->filter, v->view, v->projection, v->viewport);
    }
  copy->created = g_strdup (t->created);
  copy->modified = g_strdup (t->modified);
  copy->application = g_strdup (t->application);
  return copy;
}

/* The document of @dataset as text; its case tables stay with it,
 * unchanged (the document takes a copy). */
static char *
dump_dataset (OtDataset *dataset)
{
  g_autoptr(OtCaseTables) tables = ot_dataset_steal_case_tables (dataset);
  g_autoptr(OtDocument) document = NULL;

  if (tables != NULL)
    ot_dataset_set_case_tables (dataset, tables_copy (tables));
  document = ot_document_new (dataset);
  if (tables != NULL)
    ot_dataset_set_case_tables (dataset, g_steal_pointer (&tables));
  return ot_document_dump (document);
}

/* tests/data/case-v1.oretrace: the 60 samples and rows of every table. */
static OtDataset *
load_case_v1 (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "case-v1.oretrace", NULL);
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(GError) error = NULL;
  OtDataset *dataset = ot_case_load (path, &tables, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, 60);
  g_assert_cmpuint (tables->aliases->len, >, 0);
  g_assert_cmpuint (tables->saved_views->len, >, 0);
  ot_dataset_set_case_tables (dataset, g_steal_pointer (&tables));
  return dataset;
}

static OtStoreCase *
load_store (OtStore *store)
{
  g_autoptr(GError) error = NULL;
  OtStoreCase *store_case = ot_store_load (store, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store_case);
  g_assert_cmpuint (store_case->versions->len, ==, ot_dataset_get_n_incidents (store_case->dataset));
  return store_case;
}

static void
upload (OtStore   *store,
        OtDataset *dataset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtCaseTables) tables = ot_dataset_steal_case_tables (dataset);

  g_assert_true (ot_store_upload (store, dataset, tables, FALSE, NULL, &error));
  g_assert_no_error (error);
  if (tables != NULL)
    ot_dataset_set_case_tables (dataset, g_steal_pointer (&tables));
}

/* Each store table with its rows, in the store's own words: what a
 * second upload must give again. */
static char *
dump_rows (const char *db)
{
  PGconn *conn = admin_to (db);
  const char *tables[] = { "incidents", "incident_extras", "files", "aliases", "alias_decisions", "pins",
                           "annotations", "saved_views" };
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT (to_jsonb (r) - 'modified_at')::text FROM oretrace.%s r"
                                              " ORDER BY 1", tables[t]);
      PGresult *result = PQexec (conn, sql);

      g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
      for (int r = 0; r < PQntuples (result); r++)
        g_string_append_printf (out, "%s %s\n", tables[t], PQgetvalue (result, r, 0));
      PQclear (result);
    }
  PQfinish (conn);
  return g_string_free (out, FALSE);
}

/* Case file → store → case file → another store: the same document at
 * every step, and the same rows in both stores. */
static void
test_round_trip (void)
{
  g_autoptr(OtDataset) original = NULL;
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtStore) second = NULL;
  g_autoptr(OtStoreCase) read = NULL;
  g_autoptr(OtStoreCase) read_again = NULL;
  g_autoptr(OtDataset) from_file = NULL;
  g_autoptr(OtCaseTables) file_tables = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got_file = NULL;
  g_autofree char *got_again = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *rows_again = NULL;

  if (skip_without_server ())
    return;

  original = load_case_v1 ();
  store = new_store ("round_trip");
  upload (store, original);
  expected = dump_dataset (original);

  read = load_store (store);
  got = dump_dataset (read->dataset);
  assert_same_text (got, expected);
  for (guint i = 0; i < read->versions->len; i++)
    g_assert_cmpint (g_array_index (read->versions, gint64, i), ==, 1);
  g_assert_cmpint (read->last_change, >, 0);   /* the upload's entry */

  /* A second upload into a store holding a case is refused. */
  g_assert_false (ot_store_upload (store, original, NULL, FALSE, NULL, &error));
  g_assert_error (error, OT_STORE_ERROR, OT_STORE_ERROR_NOT_EMPTY);
  g_clear_error (&error);

  /* Saved as a case file, read back. */
  dir = g_dir_make_tmp ("oretrace-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "from-store.oretrace", NULL);
  {
    g_autoptr(OtStoreCase) again = load_store (store);
    g_autoptr(OtCaseTables) tables = ot_dataset_steal_case_tables (again->dataset);

    g_assert_true (ot_case_save (again->dataset, tables, path, NULL, &error));
    g_assert_no_error (error);
  }
  from_file = ot_case_load (path, &file_tables, NULL, &error);
  g_assert_no_error (error);
  ot_dataset_set_case_tables (from_file, g_steal_pointer (&file_tables));
  got_file = dump_dataset (from_file);
  assert_same_text (got_file, expected);

  /* And into another store: row for row the same. */
  second = new_store ("round_trip_2");
  upload (second, from_file);
  read_again = load_store (second);
  got_again = dump_dataset (read_again->dataset);
  assert_same_text (got_again, expected);
  rows = dump_rows ("round_trip");
  rows_again = dump_rows ("round_trip_2");
  assert_same_text (rows_again, rows);

  /* Setting up a store that is up to date changes nothing. */
  g_assert_true (ot_store_setup (store, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(OtStoreCase) after = load_store (store);
    g_autofree char *dump_after = dump_dataset (after->dataset);

    assert_same_text (dump_after, expected);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- Hostile names ------------------------------------------------------------ */

#define HOSTILE_SQL "x'); DROP TABLE oretrace.incidents; --"

static const char hostile_csv[] =
  "id,date,mineral,quantity,unit,origin,via,destination,exporter,consignee,status,declared_as,"
  "concealment,source,notes,\"odd \"\"column\"\"; DROP TABLE x\"\n"
  "\"" HOSTILE_SQL "\",2024-03,gallium,12.5,kg,CN,\"HK:Kwai \\\\N Chung\",US,"
  "\"O'Brien \"\"Metals\"\" \\\\ Ltd\",\"Robert'); DROP TABLE students;--\",seized,"
  "\"{braces}, \"\"quotes\"\"\",\"false bottom; \\\\N; tab\there\",\"https://example.org/'; --\","
  "\"line one\nline two\r\nline \\\\N three $1 %s :name\",\"\\\\N\"\n"
  "\"Ünïcødé 中文 عربي 🚢\",2023,germanium,3,t,RU,AE:Jebel Ali,DE,\"株式会社 \\\\\",\"\"\"\",alleged,"
  ",,\"source \"\"quoted\"\"\",\"\t\",\"'\"\n";

static void
test_hostile (void)
{
  /* A database and a user whose names are attacks too. */
  const char *db = "odd \"db\"; DROP DATABASE postgres; --'";
  const char *user = "o'brien \"\\x\"; DROP ROLE postgres; --";
  g_autoptr(OtDataset) dataset = ot_test_load ("hostile \"file\"; --'.csv", hostile_csv);
  g_autoptr(OtStore) owner = NULL;
  g_autoptr(OtStore) editor = NULL;
  g_autoptr(OtStoreCase) read = NULL;
  g_autoptr(OtStoreCase) after = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autoptr(OtCaseTables) tables = ot_case_tables_new ();
  OtIncident changed;
  OtStoreEdit edit;

  if (skip_without_server ())
    return;

  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, 2);
  ot_case_tables_add_alias (tables, "O'Brien \"Metals\" \\ Ltd", HOSTILE_SQL, HOSTILE_SQL);
  ot_case_tables_add_decision (tables, "\\N", "'; --");
  ot_case_tables_add_pin (tables, "network", "country:CN'; --", 1.25, -3e-7);
  ot_case_tables_add_annotation (tables, "incident", HOSTILE_SQL, "note with \\N and \t and\nlines");
  ot_case_tables_add_saved_view (tables, "view \"1\"; --", "{\"minerals\":[\"gallium\"]}", "network",
                                 "countries", NULL);
  ot_dataset_set_case_tables (dataset, g_steal_pointer (&tables));
  expected = dump_dataset (dataset);

  owner = new_store (db);
  ensure_user (user, "oretrace_editor");
  upload (owner, dataset);
  read = load_store (owner);
  got = dump_dataset (read->dataset);
  assert_same_text (got, expected);

  /* The hostile user edits the hostile incident. */
  editor = connect_as (db, user);
  g_assert_cmpstr (ot_store_get_user (editor), ==, user);
  g_assert_cmpint (ot_store_get_role (editor), ==, OT_STORE_ROLE_EDITOR);
  changed = *ot_dataset_get_incident (read->dataset, 0);
  changed.notes = "'; DELETE FROM oretrace.audit_log; --";
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, HOSTILE_SQL, ot_store_case_get_version (read, HOSTILE_SQL), &changed };
  g_assert_true (ot_store_apply_edits (editor, &edit, 1, "Edit of " HOSTILE_SQL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  after = load_store (owner);
  g_assert_cmpuint (ot_dataset_get_n_incidents (after->dataset), ==, 2);
  g_assert_cmpstr (ot_dataset_get_incident (after->dataset, 0)->notes, ==, changed.notes);
  g_assert_cmpint (ot_store_case_get_version (after, HOSTILE_SQL), ==, 2);
  history = ot_store_get_history (owner, HOSTILE_SQL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  {
    OtStoreChange *c = g_ptr_array_index (history, 0);

    g_assert_cmpstr (c->who, ==, user);
    g_assert_cmpstr (c->label, ==, "Edit of " HOSTILE_SQL);
    g_assert_cmpstr (c->key, ==, HOSTILE_SQL);
    g_assert_nonnull (strstr (c->after, "DELETE FROM oretrace.audit_log"));
  }
}

/* ---- Editing together -------------------------------------------------------------- */

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
  GPtrArray *conflicts;
  GArray   *versions;
} EditWait;

static void
on_edited (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  EditWait *wait = data;

  wait->ok = ot_store_apply_edits_finish (OT_STORE (object), result, &wait->versions, &wait->conflicts,
                                          &wait->error);
  wait->done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
edit_wait_clear (EditWait *wait)
{
  g_clear_error (&wait->error);
  g_clear_pointer (&wait->conflicts, g_ptr_array_unref);
  g_clear_pointer (&wait->versions, g_array_unref);
}

static void
iterate_until (gboolean *flag,
               double    seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!*flag && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

/* An incident of @read with a new note. */
static OtIncident
with_notes (OtStoreCase *read,
            guint        index,
            const char  *notes)
{
  OtIncident incident = *ot_dataset_get_incident (read->dataset, index);

  incident.notes = notes;
  return incident;
}

static void
test_concurrent (void)
{
  g_autoptr(OtStore) owner = NULL;
  g_autoptr(OtStore) alice = NULL;
  g_autoptr(OtStore) bob = NULL;
  g_autoptr(OtStoreCase) seen_a = NULL;
  g_autoptr(OtStoreCase) seen_b = NULL;
  g_autoptr(OtStoreCase) now = NULL;
  g_autoptr(OtDataset) samples = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GArray) versions = NULL;
  EditWait wait_a = { 0 }, wait_b = { 0 };
  const char *x, *y;
  OtIncident mine_a, mine_b, stale;
  OtStoreEdit edit;

  if (skip_without_server ())
    return;

  owner = new_store ("concurrent");
  samples = ot_test_load_samples ();
  upload (owner, samples);
  ensure_user ("alice", "oretrace_editor");
  ensure_user ("bob", "oretrace_editor");
  alice = connect_as ("concurrent", "alice");
  bob = connect_as ("concurrent", "bob");
  g_assert_cmpint (ot_store_get_role (alice), ==, OT_STORE_ROLE_EDITOR);
  seen_a = load_store (alice);
  seen_b = load_store (bob);
  x = ot_dataset_get_incident (seen_a->dataset, 3)->id;
  y = ot_dataset_get_incident (seen_a->dataset, 7)->id;

  /* Both at once, on different incidents: both kept. */
  mine_a = with_notes (seen_a, 3, "Alice's note");
  mine_b = with_notes (seen_b, 7, "Bob's note");
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, x, 1, &mine_a };
  ot_store_apply_edits_async (alice, &edit, 1, "Edit A", NULL, on_edited, &wait_a);
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, y, 1, &mine_b };
  ot_store_apply_edits_async (bob, &edit, 1, "Edit B", NULL, on_edited, &wait_b);
  iterate_until (&wait_a.done, 10);
  iterate_until (&wait_b.done, 10);
  g_assert_no_error (wait_a.error);
  g_assert_no_error (wait_b.error);
  g_assert_true (wait_a.ok && wait_b.ok);
  g_assert_cmpint (g_array_index (wait_a.versions, gint64, 0), ==, 2);
  edit_wait_clear (&wait_a);
  edit_wait_clear (&wait_b);
  memset (&wait_a, 0, sizeof wait_a);
  memset (&wait_b, 0, sizeof wait_b);

  /* Bob, still on version 1 of X, saves it: refused, both versions back. */
  stale = with_notes (seen_b, 3, "Bob's stale note");
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, x, ot_store_case_get_version (seen_b, x), &stale };
  g_assert_false (ot_store_apply_edits (bob, &edit, 1, "Edit B2", &versions, &conflicts, NULL, &error));
  g_assert_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_null (versions);
  g_assert_cmpuint (conflicts->len, ==, 1);
  {
    OtStoreConflict *c = g_ptr_array_index (conflicts, 0);

    g_assert_cmpstr (c->id, ==, x);
    g_assert_cmpint (c->base_version, ==, 1);
    g_assert_cmpint (c->current_version, ==, 2);
    g_assert_cmpstr (c->modified_by, ==, "alice");
    g_assert_nonnull (c->modified_at);
    g_assert_cmpstr (ot_dataset_get_incident (c->theirs, 0)->notes, ==, "Alice's note");
    g_assert_cmpstr (ot_dataset_get_incident (c->mine, 0)->notes, ==, "Bob's stale note");
  }
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  /* Both at once on the same incident and version: one wins, one is told. */
  {
    g_autoptr(OtStoreCase) fresh = load_store (alice);
    OtIncident one = with_notes (fresh, 10, "first"), two = with_notes (fresh, 10, "second");
    const char *z = ot_dataset_get_incident (fresh->dataset, 10)->id;
    OtStoreEdit e1 = { OT_STORE_EDIT_REPLACE, z, 1, &one }, e2 = { OT_STORE_EDIT_REPLACE, z, 1, &two };

    ot_store_apply_edits_async (alice, &e1, 1, "race A", NULL, on_edited, &wait_a);
    ot_store_apply_edits_async (bob, &e2, 1, "race B", NULL, on_edited, &wait_b);
    iterate_until (&wait_a.done, 10);
    iterate_until (&wait_b.done, 10);
    g_assert_true (wait_a.ok != wait_b.ok);
    {
      GError *lost = wait_a.ok ? wait_b.error : wait_a.error;

      g_assert_error (lost, OT_STORE_ERROR, OT_STORE_ERROR_CONFLICT);
    }
    g_assert_cmpuint ((wait_a.ok ? wait_b.conflicts : wait_a.conflicts)->len, ==, 1);
    now = load_store (owner);
    g_assert_cmpstr (ot_dataset_get_incident (now->dataset, 10)->notes, ==, wait_a.ok ? "first" : "second");
    g_assert_cmpint (ot_store_case_get_version (now, z), ==, 2);
    edit_wait_clear (&wait_a);
    edit_wait_clear (&wait_b);
  }

  /* Both first edits kept; Bob's stale one nowhere. */
  g_assert_cmpstr (ot_dataset_get_incident (now->dataset, 3)->notes, ==, "Alice's note");
  g_assert_cmpstr (ot_dataset_get_incident (now->dataset, 7)->notes, ==, "Bob's note");
  g_assert_cmpint (ot_store_case_get_version (now, x), ==, 2);
  g_assert_cmpint (ot_store_case_get_version (now, y), ==, 2);

  /* Add and delete, with versions; a delete of a stale version refused. */
  {
    OtIncident added = *ot_dataset_get_incident (now->dataset, 0);
    OtStoreEdit edits[2];
    g_autoptr(OtStoreCase) last = NULL;

    added.id = "NEW-0001";
    edits[0] = (OtStoreEdit) { OT_STORE_EDIT_ADD, NULL, 0, &added };
    edits[1] = (OtStoreEdit) { OT_STORE_EDIT_DELETE, y, 2, NULL };
    g_assert_true (ot_store_apply_edits (alice, edits, 2, "Add and delete", &versions, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_array_index (versions, gint64, 0), ==, 1);
    edits[0] = (OtStoreEdit) { OT_STORE_EDIT_DELETE, x, 1, NULL };
    g_assert_false (ot_store_apply_edits (bob, edits, 1, "Stale delete", NULL, &conflicts, NULL, &error));
    g_assert_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONFLICT);
    g_clear_error (&error);
    last = load_store (owner);
    g_assert_cmpuint (ot_dataset_get_n_incidents (last->dataset), ==, 60);
    g_assert_cmpint (ot_dataset_find (last->dataset, y), <, 0);
    g_assert_cmpint (ot_dataset_find (last->dataset, x), >=, 0);
    g_assert_cmpstr (ot_dataset_get_incident (last->dataset, 59)->id, ==, "NEW-0001");
  }
}

/* ---- Roles ------------------------------------------------------------------------ */

static void
test_viewer (void)
{
  g_autoptr(OtStore) owner = NULL;
  g_autoptr(OtStore) carol = NULL;
  g_autoptr(OtStoreCase) seen = NULL;
  g_autoptr(OtStoreCase) after = NULL;
  g_autoptr(OtDataset) samples = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  OtIncident changed;
  OtStoreEdit edit;
  PGconn *conn;

  if (skip_without_server ())
    return;

  owner = new_store ("viewer");
  samples = ot_test_load_samples ();
  upload (owner, samples);
  ensure_user ("carol", "oretrace_viewer");
  ensure_user ("mallory", "pg_read_all_data");   /* no store role at all */
  carol = connect_as ("viewer", "carol");
  g_assert_cmpint (ot_store_get_role (carol), ==, OT_STORE_ROLE_VIEWER);
  seen = load_store (carol);
  g_assert_cmpuint (ot_dataset_get_n_incidents (seen->dataset), ==, 60);
  /* Setting up a store that is up to date asks nothing of her role;
   * an upload does, and the server says no. */
  g_assert_true (ot_store_setup (carol, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ot_store_upload (carol, seen->dataset, NULL, TRUE, NULL, &error));
  g_assert_error (error, OT_STORE_ERROR, OT_STORE_ERROR_DENIED);
  g_clear_error (&error);

  /* The client does not stop her: the server does. */
  changed = with_notes (seen, 0, "Carol was here");
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, changed.id, 1, &changed };
  g_assert_false (ot_store_apply_edits (carol, &edit, 1, "Edit", NULL, NULL, NULL, &error));
  g_assert_error (error, OT_STORE_ERROR, OT_STORE_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "permission denied"));
  g_clear_error (&error);
  edit = (OtStoreEdit) { OT_STORE_EDIT_DELETE, changed.id, 1, NULL };
  g_assert_false (ot_store_apply_edits (carol, &edit, 1, "Delete", NULL, NULL, NULL, &error));
  g_assert_error (error, OT_STORE_ERROR, OT_STORE_ERROR_DENIED);
  g_clear_error (&error);
  after = load_store (owner);
  g_assert_cmpstr (ot_dataset_get_incident (after->dataset, 0)->notes, ==,
                   ot_dataset_get_incident (seen->dataset, 0)->notes);

  /* She reads the log; she cannot write it, nor forge a version. */
  history = ot_store_get_history (carol, changed.id, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *address = address_for ("viewer", "carol");
    PGresult *result;

    conn = PQconnectdb (address);
    result = PQexec (conn, "INSERT INTO oretrace.audit_log (action, table_name) VALUES ('x', 'y')");
    g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
    g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, "42501");
    PQclear (result);
    PQfinish (conn);
  }

  /* Row-level security behind the grants: even a SELECT granted to
   * everyone by mistake shows no row to a user without a store role. */
  conn = admin_to ("viewer");
  admin_run (conn, "GRANT USAGE ON SCHEMA oretrace TO PUBLIC; GRANT SELECT ON oretrace.incidents TO PUBLIC");
  PQfinish (conn);
  {
    g_autofree char *address = address_for ("viewer", "mallory");
    PGresult *result;

    conn = PQconnectdb (address);
    result = PQexec (conn, "SELECT count(*) FROM oretrace.incidents");
    g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
    g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "0");
    PQclear (result);
    PQfinish (conn);
  }
}

/* ---- The audit log ----------------------------------------------------------------- */

static void
test_audit (void)
{
  g_autoptr(OtStore) owner = NULL;
  g_autoptr(OtStore) alice = NULL;
  g_autoptr(OtStoreCase) seen = NULL;
  g_autoptr(OtDataset) samples = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) since = NULL;
  OtIncident changed;
  OtStoreEdit edit;
  const char *id;
  char *old_notes;

  if (skip_without_server ())
    return;

  owner = new_store ("audit");
  samples = ot_test_load_samples ();
  upload (owner, samples);
  ensure_user ("alice", "oretrace_editor");
  alice = connect_as ("audit", "alice");
  seen = load_store (alice);
  id = ot_dataset_get_incident (seen->dataset, 5)->id;
  old_notes = g_strdup (ot_dataset_get_incident (seen->dataset, 5)->notes);

  changed = with_notes (seen, 5, "checked against the court record");
  changed.quantity_kg = 1234.5;
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, id, 1, &changed };
  g_assert_true (ot_store_apply_edits (alice, &edit, 1, "Edit of the quantity", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  edit = (OtStoreEdit) { OT_STORE_EDIT_DELETE, id, 2, NULL };
  g_assert_true (ot_store_apply_edits (alice, &edit, 1, "Delete", NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  history = ot_store_get_history (owner, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  {
    OtStoreChange *update = g_ptr_array_index (history, 0);
    OtStoreChange *removal = g_ptr_array_index (history, 1);
    g_autoptr(JsonNode) before = json_from_string (update->before, NULL);
    g_autoptr(JsonNode) after = json_from_string (update->after, NULL);
    JsonObject *b = json_node_get_object (before), *a = json_node_get_object (after);

    g_assert_cmpstr (update->action, ==, "update");
    g_assert_cmpstr (update->who, ==, "alice");
    g_assert_cmpstr (update->label, ==, "Edit of the quantity");
    g_assert_cmpint (update->version, ==, 2);
    g_assert_true (g_str_has_suffix (update->at, "Z"));
    g_assert_cmpstr (json_object_get_string_member (b, "notes"), ==, old_notes);
    g_assert_cmpstr (json_object_get_string_member (a, "notes"), ==, "checked against the court record");
    g_assert_cmpfloat (json_object_get_double_member (a, "quantity_kg"), ==, 1234.5);
    g_assert_cmpint (json_object_get_int_member (b, "version"), ==, 1);
    g_assert_false (json_object_has_member (a, "legs"));   /* derived: not logged */
    g_assert_cmpstr (removal->action, ==, "delete");
    g_assert_null (removal->after);
    g_assert_nonnull (removal->before);
    g_assert_cmpint (update->change, <, removal->change);
  }
  since = ot_store_get_changes_since (owner, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (since->len, ==, 3);   /* the upload, the update, the delete */
  g_assert_cmpstr (((OtStoreChange *) since->pdata[0])->action, ==, "upload");
  g_assert_cmpstr (((OtStoreChange *) since->pdata[0])->who, ==, "postgres");
  g_free (old_notes);
}

/* ---- Announcements ------------------------------------------------------------------- */

typedef struct {
  GPtrArray *notices;
  gint64     first_at;
  guint      reconnected;
} Heard;

static void
on_changed (OtStore             *store,
            const OtStoreNotice *notice,
            Heard               *heard)
{
  if (heard->notices->len == 0)
    heard->first_at = g_get_monotonic_time ();
  g_ptr_array_add (heard->notices, ot_store_notice_copy (notice));
}

static void
on_reconnected (OtStore *store,
                Heard   *heard)
{
  heard->reconnected++;
}

static gboolean
heard_enough (Heard *heard,
              guint  n)
{
  return heard->notices->len >= n;
}

/* An _async () call's result, kept for its _finish (). */
static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
wait_heard (Heard *heard,
            guint  n,
            double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!heard_enough (heard, n) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
test_notify (void)
{
  g_autoptr(OtStore) owner = NULL;
  g_autoptr(OtStore) alice = NULL;
  g_autoptr(OtStore) bob = NULL;
  g_autoptr(OtStoreCase) seen = NULL;
  g_autoptr(OtDataset) samples = NULL;
  g_autoptr(GError) error = NULL;
  Heard heard = { g_ptr_array_new_with_free_func ((GDestroyNotify) ot_store_notice_free) };
  OtIncident changed;
  OtStoreEdit edit;
  gint64 sent;
  const char *id;

  if (skip_without_server ())
    return;

  owner = new_store ("notify");
  samples = ot_test_load_samples ();
  upload (owner, samples);
  ensure_user ("alice", "oretrace_editor");
  ensure_user ("bob", "oretrace_editor");
  alice = connect_as ("notify", "alice");
  bob = connect_as ("notify", "bob");
  g_signal_connect (bob, "changed", G_CALLBACK (on_changed), &heard);
  g_signal_connect (bob, "reconnected", G_CALLBACK (on_reconnected), &heard);
  g_assert_true (ot_store_listen (bob, &error));
  g_assert_no_error (error);
  g_assert_true (ot_store_get_online (bob));

  seen = load_store (alice);
  id = ot_dataset_get_incident (seen->dataset, 2)->id;
  changed = with_notes (seen, 2, "Alice changed this");
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, id, 1, &changed };
  sent = g_get_monotonic_time ();
  g_assert_true (ot_store_apply_edits (alice, &edit, 1, "Edit", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  wait_heard (&heard, 1, 5);
  g_assert_cmpuint (heard.notices->len, ==, 1);
  g_test_message ("announced after %.1f ms", (heard.first_at - sent) / 1000.0);
  g_assert_cmpint (heard.first_at - sent, <, G_USEC_PER_SEC);
  {
    OtStoreNotice *n = g_ptr_array_index (heard.notices, 0);

    g_assert_cmpstr (n->who, ==, "alice");
    g_assert_cmpstr (n->action, ==, "update");
    g_assert_cmpstr (n->table, ==, "incidents");
    g_assert_cmpstr (n->key, ==, id);
    g_assert_cmpint (n->version, ==, 2);
    g_assert_false (n->own);
    g_assert_cmpint (n->change, >, 0);
  }

  /* The listening connection killed: offline, back, told, and hearing. */
  {
    PGconn *conn = admin_to ("notify");

    admin_run (conn, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                     " WHERE usename = 'bob' AND query LIKE 'LISTEN%'");
    PQfinish (conn);
  }
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (heard.reconnected == 0 && g_get_monotonic_time () < end)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  g_assert_cmpuint (heard.reconnected, ==, 1);
  g_assert_true (ot_store_get_online (bob));
  changed = with_notes (seen, 2, "Alice again");
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, id, 2, &changed };
  g_assert_true (ot_store_apply_edits (alice, &edit, 1, "Edit", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  wait_heard (&heard, 2, 5);
  g_assert_cmpuint (heard.notices->len, ==, 2);
  g_assert_cmpint (((OtStoreNotice *) heard.notices->pdata[1])->version, ==, 3);

  /* Bob's own edit is marked as his. */
  changed = with_notes (seen, 2, "Bob");
  edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, id, 3, &changed };
  g_assert_true (ot_store_apply_edits (bob, &edit, 1, "Edit", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  wait_heard (&heard, 3, 5);
  g_assert_true (((OtStoreNotice *) heard.notices->pdata[2])->own);

  /* Alice listens without blocking (as a window does): not online until
   * the worker opened the connection, then she hears Bob. */
  {
    Heard alice_heard = { g_ptr_array_new_with_free_func ((GDestroyNotify) ot_store_notice_free) };
    g_autoptr(GAsyncResult) result = NULL;

    g_signal_connect (alice, "changed", G_CALLBACK (on_changed), &alice_heard);
    ot_store_listen_async (alice, NULL, on_result, &result);
    g_assert_false (ot_store_get_online (alice));
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (ot_store_listen_finish (alice, result, &error));
    g_assert_no_error (error);
    g_assert_true (ot_store_get_online (alice));
    changed = with_notes (seen, 2, "Bob again");
    edit = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, id, 4, &changed };
    g_assert_true (ot_store_apply_edits (bob, &edit, 1, "Edit", NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    wait_heard (&alice_heard, 1, 5);
    g_assert_cmpuint (alice_heard.notices->len, ==, 1);
    g_assert_cmpstr (((OtStoreNotice *) alice_heard.notices->pdata[0])->who, ==, "bob");
    g_assert_cmpint (((OtStoreNotice *) alice_heard.notices->pdata[0])->version, ==, 5);
    g_signal_handlers_disconnect_by_data (alice, &alice_heard);
    g_ptr_array_unref (alice_heard.notices);
  }
  g_ptr_array_unref (heard.notices);
}

/* ---- A connection killed mid-transaction ------------------------------------------ */

static void
test_killed (void)
{
  g_autoptr(OtStore) owner = NULL;
  g_autoptr(OtStore) alice = NULL;
  g_autoptr(OtStoreCase) seen = NULL;
  g_autoptr(OtStoreCase) after = NULL;
  g_autoptr(OtDataset) samples = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *pid = NULL;
  EditWait wait = { 0 };
  OtIncident changed[3];
  OtStoreEdit edits[3];
  PGconn *locker, *conn;

  if (skip_without_server ())
    return;

  owner = new_store ("killed");
  samples = ot_test_load_samples ();
  upload (owner, samples);
  ensure_user ("alice", "oretrace_editor");
  alice = connect_as ("killed", "alice");
  seen = load_store (alice);
  before = dump_rows ("killed");

  /* The third incident is held by another transaction: Alice's edit of
   * three waits there, two rows already changed in it, when her
   * connection is killed. */
  locker = admin_to ("killed");
  {
    const char *params[] = { ot_dataset_get_incident (seen->dataset, 2)->id };
    PGresult *result;

    admin_run (locker, "BEGIN");
    result = PQexecParams (locker, "SELECT FROM oretrace.incidents WHERE id = $1 FOR UPDATE", 1, NULL, params,
                           NULL, NULL, 0);
    g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
    PQclear (result);
  }
  for (guint k = 0; k < 3; k++)
    {
      changed[k] = with_notes (seen, k, "half done?");
      edits[k] = (OtStoreEdit) { OT_STORE_EDIT_REPLACE, changed[k].id, 1, &changed[k] };
    }
  ot_store_apply_edits_async (alice, edits, 3, "Three edits", NULL, on_edited, &wait);
  conn = admin_to ("killed");
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (pid == NULL && g_get_monotonic_time () < end)
      {
        pid = admin_value (conn, "SELECT pid FROM pg_stat_activity WHERE usename = 'alice'"
                                 " AND wait_event_type = 'Lock'", NULL);
        if (pid == NULL)
          g_usleep (20000);
      }
  }
  g_assert_nonnull (pid);
  {
    g_autofree char *killed = admin_value (conn, "SELECT pg_terminate_backend ($1::int)", pid);

    g_assert_cmpstr (killed, ==, "t");
  }
  iterate_until (&wait.done, 10);
  g_assert_true (wait.done);
  g_assert_false (wait.ok);
  g_assert_error (wait.error, OT_STORE_ERROR, OT_STORE_ERROR_NOT_SAVED);
  g_test_message ("%s", wait.error->message);
  edit_wait_clear (&wait);
  admin_run (locker, "ROLLBACK");
  PQfinish (locker);

  /* Nothing of it in the store, nor in the log. */
  {
    g_autofree char *now = dump_rows ("killed");
    g_autofree char *logged = admin_value (conn, "SELECT count(*) FROM oretrace.audit_log WHERE label = $1",
                                           "Three edits");

    assert_same_text (now, before);
    g_assert_cmpstr (logged, ==, "0");
  }
  PQfinish (conn);

  /* The store connects again by itself: the same edit now goes through. */
  g_assert_true (ot_store_apply_edits (alice, edits, 3, "Three edits", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  after = load_store (owner);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpstr (ot_dataset_get_incident (after->dataset, k)->notes, ==, "half done?");
      g_assert_cmpint (g_array_index (after->versions, gint64, k), ==, 2);
    }
}

/* ---- Migration ------------------------------------------------------------------------- */

/* Database @db holding tests/data/store-v1.sql: a store of the first
 * schema with the 60 samples and three log entries. */
static void
store_v1 (const char *db)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "store-v1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *roles = g_strconcat (db, "_roles", NULL);
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  g_assert_true (g_file_get_contents (path, &sql, NULL, &error));
  g_assert_no_error (error);
  fresh_database (db);
  /* The roles exist once any store was set up on this server. */
  {
    g_autoptr(OtStore) other = new_store (roles);
  }
  conn = admin_to (db);
  admin_run (conn, sql);
  PQfinish (conn);
}

static void
test_migrate (void)
{
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtStoreCase) read = NULL;
  g_autoptr(OtStoreFlows) server_flows = NULL;
  g_autoptr(OtStoreFlows) local_flows = NULL;
  g_autoptr(GPtrArray) since = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_server ())
    return;

  store_v1 ("migrate");
  store = connect_as ("migrate", "postgres");
  g_assert_cmpint (ot_store_get_version (store), ==, 1);
  g_assert_true (ot_store_setup (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ot_store_get_version (store), ==, OT_STORE_VERSION);

  /* Its rows kept, with their versions and their log. */
  read = load_store (store);
  g_assert_cmpuint (ot_dataset_get_n_incidents (read->dataset), ==, 60);
  g_assert_cmpint (ot_store_case_get_version (read, "CMI-2023-0001"), ==, 3);
  since = ot_store_get_changes_since (store, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (since->len, ==, 3);
  {
    /* The samples, but for the note the log's two updates wrote. */
    g_autoptr(OtDataset) samples = ot_test_load_samples ();
    gint k = ot_dataset_find (read->dataset, "CMI-2023-0001");
    g_autofree char *want = NULL;
    g_autofree char *got = NULL;
    OtIncident note;

    g_assert_cmpint (k, >=, 0);
    g_assert_cmpstr (ot_dataset_get_incident (read->dataset, k)->notes, ==, "checked twice");
    ot_dataset_copy_incident (samples, ot_dataset_get_incident (read->dataset, k), &note);
    ot_dataset_replace (samples, k, &note);
    /* The file as named where the dump was made (the source folder). */
    for (guint i = 0; i < ot_dataset_get_n_incidents (samples); i++)
      {
        OtIncident same = *ot_dataset_get_incident (samples, i);

        g_assert_cmpstr (ot_dataset_get_incident (read->dataset, i)->file, ==, "data/samples/incidents.csv");
        same.file = ot_dataset_intern (samples, "data/samples/incidents.csv");
        ot_dataset_replace (samples, i, &same);
      }
    want = dump_dataset (samples);
    got = dump_dataset (read->dataset);
    assert_same_text (got, want);
  }

  /* Version 2's columns filled: the server's flows are the samples'. */
  server_flows = ot_store_query_flows (store, NULL, NULL, &error);
  g_assert_no_error (error);
  local_flows = ot_store_flows_from_dataset (read->dataset, NULL);
  g_assert_cmpuint (ot_store_flows_get_n_flows (server_flows), >, 10);
  g_assert_true (ot_store_flows_equal (server_flows, local_flows));

  /* Edits work on the migrated store, versions going on from 3. */
  {
    OtIncident changed = with_notes (read, ot_dataset_find (read->dataset, "CMI-2023-0001"), "after the migration");
    OtStoreEdit edit = { OT_STORE_EDIT_REPLACE, "CMI-2023-0001", 3, &changed };
    g_autoptr(GArray) versions = NULL;

    g_assert_true (ot_store_apply_edits (store, &edit, 1, "Edit", &versions, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_array_index (versions, gint64, 0), ==, 4);
  }
}

/* ---- Flows --------------------------------------------------------------------------- */

/* The server's flows and edges for @filter equal memory's; whether the
 * server answered from its sums. */
static gboolean
check_flows (OtStore        *store,
             OtDataset      *dataset,
             const OtFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtStoreFlows) server_flows = ot_store_query_flows (store, filter, NULL, &error);
  g_autoptr(OtStoreFlows) local_flows = ot_store_flows_from_dataset (dataset, filter);

  g_assert_no_error (error);
  /* And per edge, a count per status. */
  {
    guint n_incidents = 0;
    g_autoptr(GArray) server_edges = ot_store_query_edges (store, filter, &n_incidents, NULL, &error);
    g_autoptr(GArray) local_edges = ot_store_flows_to_edges (local_flows);

    g_assert_no_error (error);
    g_assert_true (ot_store_edges_equal (server_edges, local_edges));
    g_assert_cmpuint (n_incidents, ==, ot_store_flows_get_n_incidents (local_flows));
  }
  if (!ot_store_flows_equal (server_flows, local_flows))
    {
      g_autofree char *json = filter ? ot_filter_to_json (filter) : g_strdup ("{}");

      g_error ("server and memory differ for %s: %u/%u flows, %u/%u incidents", json,
               ot_store_flows_get_n_flows (server_flows), ot_store_flows_get_n_flows (local_flows),
               ot_store_flows_get_n_incidents (server_flows), ot_store_flows_get_n_incidents (local_flows));
    }
  return ot_store_flows_get_summed (server_flows);
}

/* A generated set and the made-up demo incidents (ports, methods,
 * declared-as labels, illustrative records). */
static OtDataset *
flows_dataset (void)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (21, 3000, OT_FORMAT_CSV);
  g_autoptr(OtDataset) generated = ot_test_load_len ("generated.csv", g_bytes_get_data (bytes, NULL),
                                                     g_bytes_get_size (bytes));
  g_autoptr(OtDataset) demo = ot_test_load_demo ();
  OtDataset *dataset = ot_dataset_new ();

  ot_dataset_merge (dataset, generated);
  ot_dataset_merge (dataset, demo);
  return dataset;
}

/* A value of @part the data has (its label, as the sidebar shows it). */
static const char *
random_item (OtFacets     *facets,
             OtFilterPart  part,
             GRand        *rand)
{
  guint n = ot_facets_get_n_items (facets, part);

  g_assert_cmpuint (n, >, 0);
  return ot_facets_get_item (facets, part, g_rand_int_range (rand, 0, n))->label;
}

static void
test_flows (void)
{
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtDataset) dataset = flows_dataset ();
  g_autoptr(OtFacets) facets = NULL;
  g_autoptr(OtCaseTables) tables = ot_case_tables_new ();
  g_autoptr(GError) error = NULL;
  const char *a_company = NULL, *b_company = NULL;
  GRand *rand;

  if (skip_without_server ())
    return;

  /* Two companies merged: a company filter picks both by the entity. */
  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset) && (a_company == NULL || b_company == NULL); i++)
    {
      const char *name = ot_dataset_get_incident (dataset, i)->exporter;

      if (name != NULL && a_company == NULL)
        a_company = name;
      else if (name != NULL && g_strcmp0 (name, a_company) != 0)
        b_company = name;
    }
  g_assert_nonnull (b_company);
  ot_case_tables_add_alias (tables, a_company, "Merged Entity Ltd", "Merged Entity Ltd");
  ot_case_tables_add_alias (tables, b_company, "Merged Entity Ltd", "Merged Entity Ltd");
  {
    const char *keys[] = { a_company, b_company };
    const char *names[] = { "Merged Entity Ltd", "Merged Entity Ltd" };

    ot_dataset_set_aliases (dataset, keys, names, 2);
  }
  store = new_store ("flows");
  g_assert_true (ot_store_upload (store, dataset, tables, FALSE, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (check_flows (store, dataset, NULL));
  {
    g_autoptr(OtFilter) f = ot_filter_new ();

    ot_filter_set_company (f, "merged entity ltd", OT_FILTER_INCLUDE);
    g_assert_false (check_flows (store, dataset, f));
    ot_filter_set_company (f, "merged entity ltd", OT_FILTER_EXCLUDE);
    g_assert_false (check_flows (store, dataset, f));
  }

  /* What the sums answer: minerals, statuses, illustrative records and
   * whole months (a year-only date spans its year); a day inside a
   * month goes to every incident. */
  {
    const int months[][4] = { { 1, 2021, 12, 2021 }, { 3, 2023, 2, 2024 }, { 7, 2024, 0, 0 }, { 0, 0, 6, 2022 } };

    for (guint k = 0; k < G_N_ELEMENTS (months); k++)
      {
        g_autoptr(OtFilter) f = ot_filter_new ();
        GDate from, to;

        g_date_clear (&from, 1);
        g_date_clear (&to, 1);
        if (months[k][0])
          g_date_set_dmy (&from, 1, months[k][0], months[k][1]);
        if (months[k][2])
          g_date_set_dmy (&to, g_date_get_days_in_month (months[k][2], months[k][3]), months[k][2], months[k][3]);
        ot_filter_set_period (f, months[k][0] ? g_date_get_julian (&from) : 0,
                              months[k][2] ? g_date_get_julian (&to) : 0);
        g_assert_true (check_flows (store, dataset, f));
        ot_filter_set_status (f, OT_STATUS_SEIZED, TRUE);
        ot_filter_set_status (f, (OtStatus) k, TRUE);
        ot_filter_set_mineral (f, (OtMineral) k, TRUE);
        ot_filter_set_mineral (f, OT_MINERAL_NONE, k % 2 == 0);
        ot_filter_set_show_illustrative (f, k % 2 == 1);
        g_assert_true (check_flows (store, dataset, f));
        if (months[k][0])
          {
            ot_filter_set_period (f, g_date_get_julian (&from) + 1, months[k][2] ? g_date_get_julian (&to) : 0);
            g_assert_false (check_flows (store, dataset, f));
          }
      }
  }

  /* Countries, alone and with those parts: from the routes' sums; a day
   * inside a month still goes to every incident. */
  {
    const char *pairs[][2] = { { "HK", "US" }, { "CN", NULL }, { NULL, "CN" }, { "AE", "TR" }, { "ZZ", NULL } };

    for (guint k = 0; k < G_N_ELEMENTS (pairs); k++)
      {
        g_autoptr(OtFilter) f = ot_filter_new ();
        GDate from, to;

        if (pairs[k][0] != NULL)
          ot_filter_set_country (f, pairs[k][0], OT_FILTER_INCLUDE);
        if (pairs[k][1] != NULL)
          ot_filter_set_country (f, pairs[k][1], OT_FILTER_EXCLUDE);
        g_assert_true (check_flows (store, dataset, f));
        ot_filter_set_mineral (f, (OtMineral) k, TRUE);
        ot_filter_set_status (f, OT_STATUS_SEIZED, TRUE);
        ot_filter_set_status (f, (OtStatus) (k + 2), TRUE);
        ot_filter_set_show_illustrative (f, k % 2 == 1);
        g_assert_true (check_flows (store, dataset, f));
        g_date_clear (&from, 1);
        g_date_clear (&to, 1);
        g_date_set_dmy (&from, 1, 1 + k, 2022);
        g_date_set_dmy (&to, 31, 12, 2024);
        ot_filter_set_period (f, g_date_get_julian (&from), g_date_get_julian (&to));
        g_assert_true (check_flows (store, dataset, f));
        ot_filter_set_period (f, g_date_get_julian (&from) + 1, g_date_get_julian (&to));
        g_assert_false (check_flows (store, dataset, f));
      }
  }

  /* Every part alone, then random mixes of them, from the data's own
   * values (as the sidebar offers them). */
  facets = ot_facets_new (dataset, NULL);
  rand = g_rand_new_with_seed (21);
  for (guint round = 0; round < 60; round++)
    {
      g_autoptr(OtFilter) f = ot_filter_new ();
      guint parts = round < OT_N_FILTER_PARTS ? 1u << round : g_rand_int (rand);

      if (parts & OT_FILTER_PART_BIT (OT_FILTER_MINERALS))
        {
          ot_filter_set_mineral (f, (OtMineral) g_rand_int_range (rand, 0, ot_mineral_count ()), TRUE);
          ot_filter_set_mineral (f, OT_MINERAL_NONE, g_rand_boolean (rand));
        }
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_STATUSES))
        ot_filter_set_status (f, (OtStatus) g_rand_int_range (rand, 0, OT_N_STATUS), TRUE);
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_CONFIDENCE))
        ot_filter_set_confidence (f, (OtConfidence) g_rand_int_range (rand, 0, OT_N_CONFIDENCE), TRUE);
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_METHODS))
        for (guint k = 0; k < 2; k++)
          {
            ot_filter_set_method (f, random_item (facets, OT_FILTER_METHODS, rand), TRUE);
          }
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_DECLARED_AS))
        {
          ot_filter_set_declared_as (f, random_item (facets, OT_FILTER_DECLARED_AS, rand), TRUE);
        }
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_COUNTRIES))
        {
          const char *codes[] = { "CN", "HK", "AE", "TR", "US", "DE", "VN", "RU" };

          ot_filter_set_country (f, codes[g_rand_int_range (rand, 0, G_N_ELEMENTS (codes))], OT_FILTER_INCLUDE);
          if (g_rand_boolean (rand))
            ot_filter_set_country (f, codes[g_rand_int_range (rand, 0, G_N_ELEMENTS (codes))], OT_FILTER_EXCLUDE);
        }
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_COMPANIES))
        {
          ot_filter_set_company (f, random_item (facets, OT_FILTER_COMPANIES, rand),
                                 g_rand_boolean (rand) ? OT_FILTER_INCLUDE : OT_FILTER_EXCLUDE);
        }
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_PERIOD))
        {
          GDate from, to;

          g_date_clear (&from, 1);
          g_date_clear (&to, 1);
          g_date_set_dmy (&from, g_rand_int_range (rand, 1, 28), g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 2018, 2025));
          to = from;
          g_date_add_days (&to, g_rand_int_range (rand, 0, 900));
          ot_filter_set_period (f, g_rand_boolean (rand) ? g_date_get_julian (&from) : 0, g_date_get_julian (&to));
        }
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_MIN_KG))
        ot_filter_set_min_kg (f, g_rand_double_range (rand, 1, 5000));
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_RELIABILITY))
        {
          ot_filter_set_reliability (f, (char) g_rand_int_range (rand, 'A', 'G'), TRUE);
          ot_filter_set_reliability (f, 0, g_rand_boolean (rand));
        }
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_CREDIBILITY))
        {
          ot_filter_set_credibility (f, g_rand_int_range (rand, 1, 7), TRUE);
          ot_filter_set_credibility (f, 0, g_rand_boolean (rand));
        }
      if (parts & OT_FILTER_PART_BIT (OT_FILTER_ILLUSTRATIVE))
        ot_filter_set_show_illustrative (f, FALSE);
      check_flows (store, dataset, f);
    }
  g_rand_free (rand);
}

/* The sums the server keeps by a trigger stay those of its incidents
 * through edits of every kind: flows from the sums equal memory's,
 * dates included. */
static void
test_sums (void)
{
  g_autoptr(OtDataset) demo = ot_test_load_demo ();
  g_autoptr(OtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (3);

  if (skip_without_server ())
    return;

  store = new_store ("sums");
  upload (store, demo);
  for (guint round = 0; round < 12; round++)
    {
      g_autoptr(OtStoreCase) now = load_store (store);
      guint n = ot_dataset_get_n_incidents (now->dataset);
      guint k = g_rand_int_range (rand, 0, n);
      OtIncident changed = *ot_dataset_get_incident (now->dataset, k);
      OtStoreEdit edit = { OT_STORE_EDIT_REPLACE, changed.id, g_array_index (now->versions, gint64, k), &changed };
      g_autofree char *new_id = g_strdup_printf ("ADDED-%u", round);
      OtHop hop = { { "SG" }, NULL };

      switch (round % 4)
        {
        case 0:   /* another mineral, status, kg and day */
          changed.mineral = (OtMineral) g_rand_int_range (rand, 0, ot_mineral_count ());
          changed.status = (OtStatus) g_rand_int_range (rand, 0, OT_N_STATUS);
          changed.quantity_kg = round % 8 == 0 ? NAN : g_rand_double_range (rand, 1, 9000);
          changed.date.day = 1 + round;
          changed.date.precision = changed.date.year ? OT_DATE_DAY : OT_DATE_NONE;
          changed.date.month = changed.date.year ? 1 + round : 0;
          break;
        case 1:   /* another route */
          changed.via = &hop;
          changed.n_via = 1;
          changed.illustrative = !changed.illustrative;
          break;
        case 2:   /* gone */
          edit.kind = OT_STORE_EDIT_DELETE;
          edit.incident = NULL;
          break;
        default:  /* a new one, a copy of another */
          changed.id = new_id;
          edit.kind = OT_STORE_EDIT_ADD;
          edit.id = NULL;
          break;
        }
      g_assert_true (ot_store_apply_edits (store, &edit, 1, "Edit", NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      {
        g_autoptr(OtStoreCase) after = load_store (store);
        g_autoptr(OtFilter) through = ot_filter_new ();
        g_autoptr(OtFilter) not_china = ot_filter_new ();

        g_assert_true (check_flows (store, after->dataset, NULL));
        /* And the routes' sums: the route changed to pass Singapore. */
        ot_filter_set_country (through, "SG", OT_FILTER_INCLUDE);
        g_assert_true (check_flows (store, after->dataset, through));
        ot_filter_set_country (not_china, "CN", OT_FILTER_EXCLUDE);
        g_assert_true (check_flows (store, after->dataset, not_china));
      }
    }
  g_rand_free (rand);
}

/* The flows collapsed per (from, to, mineral) are the countries
 * network's edges when no company adds a place. */
/* @n generated incidents without their companies: the countries network
 * puts a company at its country, which legs between countries do not
 * know, so only then are the server's legs the network's. */
static OtDataset *
generated_without_companies (guint seed,
                             guint n)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (seed, n, OT_FORMAT_CSV);
  g_autoptr(OtDataset) generated = ot_test_load_len ("generated.csv", g_bytes_get_data (bytes, NULL),
                                                     g_bytes_get_size (bytes));
  OtDataset *dataset = ot_dataset_new ();

  for (guint i = 0; i < ot_dataset_get_n_incidents (generated); i++)
    {
      OtIncident in;

      ot_dataset_copy_incident (dataset, ot_dataset_get_incident (generated, i), &in);
      in.exporter = in.consignee = NULL;
      g_assert_true (ot_dataset_add (dataset, &in));
    }
  return dataset;
}

static void
test_flows_are_edges (void)
{
  g_autoptr(OtDataset) dataset = generated_without_companies (5, 2000);
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtStoreFlows) flows = NULL;
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(GArray) edges = NULL;
  g_autoptr(GError) error = NULL;
  guint n_compared = 0;

  if (skip_without_server ())
    return;

  store = new_store ("edges");
  g_assert_true (ot_store_upload (store, dataset, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  flows = ot_store_query_flows (store, NULL, NULL, &error);
  g_assert_no_error (error);
  edges = ot_store_flows_to_edges (flows);
  /* The same edges as the window asks for them, in a worker. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) queried = NULL;
    guint n_incidents = 0;

    ot_store_query_edges_async (store, NULL, NULL, on_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    queried = ot_store_query_edges_finish (store, result, &n_incidents, &error);
    g_assert_no_error (error);
    g_assert_true (ot_store_edges_equal (queried, edges));
    g_assert_cmpuint (n_incidents, ==, ot_dataset_get_n_incidents (dataset));
  }
  network = ot_network_new (dataset, NULL, OT_PROJECTION_COUNTRIES);
  g_assert_cmpuint (edges->len, ==, ot_network_get_n_edges (network));
  for (guint e = 0; e < edges->len; e++)
    {
      const OtStoreEdge *mine = &g_array_index (edges, OtStoreEdge, e);
      g_autofree char *from = g_strdup_printf ("country:%s", mine->from.code);
      g_autofree char *to = g_strdup_printf ("country:%s", mine->to.code);
      gint v = ot_network_find_vertex (network, from), w = ot_network_find_vertex (network, to);
      gint k = v >= 0 && w >= 0 ? ot_network_find_edge (network, v, w, mine->mineral) : -1;
      const OtEdge *theirs;

      g_assert_cmpint (k, >=, 0);
      theirs = ot_network_get_edge (network, k);
      g_assert_cmpuint (mine->n_incidents, ==, theirs->n_incidents);
      g_assert_cmpuint (mine->n_with_kg, ==, theirs->n_with_kg);
      g_assert_cmpfloat_with_epsilon (mine->kg, theirs->kg, 1e-9 * MAX (1, theirs->kg));
      g_assert_cmpuint (mine->first_day, ==, theirs->first_day);
      g_assert_cmpuint (mine->last_day, ==, theirs->last_day);
      g_assert_cmpuint (mine->n_illustrative, ==, theirs->n_illustrative);
      for (guint s = 0; s < OT_N_STATUS; s++)
        g_assert_cmpuint (mine->n_status[s], ==, theirs->n_status[s]);
      n_compared++;
    }
  g_assert_cmpuint (n_compared, >, 50);
}

/* ---- Addresses ------------------------------------------------------------------------ */

/* The same store by a URL, by libpq parameters and by a service name
 * (a pg_service.conf of our own); the display name never shows a
 * password. */
static void
test_addresses (void)
{
  g_autoptr(OtStore) owner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *services = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;

  g_assert_true (ot_store_is_address ("postgresql://db.example.org/x"));
  g_assert_true (ot_store_is_address ("postgres://db.example.org/x"));
  g_assert_true (ot_store_is_address ("service=team"));
  g_assert_false (ot_store_is_address ("case.oretrace"));
  g_assert_false (ot_store_is_address ("/home/me/postgresql://x.csv"));

  if (skip_without_server ())
    return;

  owner = new_store ("addresses");
  dir = g_dir_make_tmp ("oretrace-store-XXXXXX", &error);
  g_assert_no_error (error);
  services = g_build_filename (dir, "pg_service.conf", NULL);
  contents = g_strdup_printf ("[team store]\nhost=%s\ndbname=addresses\nuser=postgres\n",
                              g_getenv ("OT_TEST_PG_DIR"));
  g_assert_true (g_file_set_contents (services, contents, -1, &error));
  g_setenv ("PGSERVICEFILE", services, TRUE);

  {
    const char *forms[] = { "team store", "service='team store'" };

    for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
      {
        g_autoptr(OtStore) store = ot_store_connect (forms[i], NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpint (ot_store_get_version (store), ==, OT_STORE_VERSION);
        g_assert_cmpstr (ot_store_get_display_name (store), ==, "service team store");
      }
  }
  escaped = g_uri_escape_string (g_getenv ("OT_TEST_PG_DIR"), NULL, FALSE);
  url = g_strdup_printf ("postgresql://postgres:s3cret@/addresses?host=%s", escaped);
  {
    g_autoptr(OtStore) store = ot_store_connect (url, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (ot_store_get_role (store), ==, OT_STORE_ROLE_OWNER);
    g_assert_null (strstr (ot_store_get_display_name (store), "s3cret"));
    g_assert_nonnull (strstr (ot_store_get_display_name (store), "postgres@"));
  }
  {
    g_autoptr(OtStore) none = ot_store_connect ("no such service", NULL, &error);

    g_assert_null (none);
    g_assert_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT);
    g_clear_error (&error);
  }
  g_unsetenv ("PGSERVICEFILE");
  g_unlink (services);
  g_rmdir (dir);
}

/* ---- The commands ------------------------------------------------------------------ */

/* Runs the built program (OT_APP) with @args; its exit status, output. */
static int
run_app (const char *const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OT_APP"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* ---- Trade statistics ------------------------------------------------------------- */

static void
check_trade (OtStore        *store,
             OtTradeTable   *table,
             const OtFilter *filter,
             guint          *n_sums)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) server_sums = ot_store_query_trade (store, filter, NULL, &error);
  g_autoptr(GArray) local_sums = ot_store_trade_sums_from_table (table, filter);

  g_assert_no_error (error);
  if (!ot_store_trade_sums_equal (server_sums, local_sums))
    {
      g_autofree char *json = filter ? ot_filter_to_json (filter) : g_strdup ("{}");

      g_error ("trade sums of server and memory differ for %s: %u/%u", json, server_sums->len,
               local_sums->len);
    }
  if (n_sums != NULL)
    *n_sums = server_sums->len;
}

static guint32
julian (guint year,
        guint month,
        guint day)
{
  g_autoptr(GDate) date = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return g_date_get_julian (date);
}

/* Incidents, published figures, Comext rows with suppressed, missing
 * and zero figures (from a file named to break SQL) and a generated
 * Comtrade file: into a store and back row for row, to a case file with
 * the same rows and signals, and summed in the server as in memory. */
static void
test_trade (void)
{
  g_autofree char *published = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                      "trade-published-figures.csv", NULL);
  g_autofree char *incidents = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "incidents.csv", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *comtrade = NULL;
  g_autofree char *comext = NULL;
  g_autofree char *hostile = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *direct = NULL;
  g_autoptr(OtDataset) loaded = NULL;
  g_autoptr(OtDataset) back = NULL;
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtStoreCase) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (21);
  OtTradeTable *table;
  guint n_all = 0, n_some = 0;

  if (skip_without_server ())
    return;

  dir = g_dir_make_tmp ("oretrace-store-trade-XXXXXX", &error);
  g_assert_no_error (error);
  ot_test_write_trade_files (dir, &comtrade, &comext);
  hostile = g_build_filename (dir, "comext '); DROP TABLE oretrace.trade_rows; -- \\N \"x\" $1 中.csv", NULL);
  g_assert_cmpint (g_rename (comext, hostile), ==, 0);
  {
    const char *paths[] = { incidents, published, hostile, comtrade, NULL };

    loaded = ot_test_load_paths (paths);
  }
  table = ot_dataset_get_trade (loaded);
  g_assert_nonnull (table);
  /* Figures that only 17 digits give back to the bit (the files' have
   * fewer). */
  ot_test_trade_append (table, 0, "CN", "VN", OT_TRADE_EXPORT, "811010", 2024, 5, 1, 0.1 + 0.2, 1.0 / 3.0);
  ot_test_assert_every_kind (table);
  g_assert_cmpuint (ot_trade_table_get_n_rows (table), >, 10000);

  /* Case → store → case: the same rows, bit for bit, files and lines. */
  store = new_store ("trade");
  upload (store, loaded);
  read = load_store (store);
  g_assert_cmpuint (ot_dataset_get_problems (read->dataset)->len, ==, 0);
  g_assert_nonnull (ot_dataset_get_trade (read->dataset));
  ot_test_assert_same_trade (table, ot_dataset_get_trade (read->dataset));
  saved = g_build_filename (dir, "saved.oretrace", NULL);
  g_assert_true (ot_case_save (read->dataset, NULL, saved, NULL, &error));
  g_assert_no_error (error);
  back = ot_case_load (saved, NULL, NULL, &error);
  g_assert_no_error (error);
  ot_test_assert_same_trade (table, ot_dataset_get_trade (back));
  /* The signals, with the rows they cite, are those of the case saved
   * without the store. */
  direct = g_build_filename (dir, "direct.oretrace", NULL);
  g_assert_true (ot_case_save (loaded, NULL, direct, NULL, &error));
  g_assert_no_error (error);
  if (g_getenv ("OT_APP") != NULL)
    {
      const char *from_files[] = { "--signals", "--json", direct, NULL };
      const char *from_saved[] = { "--signals", "--json", saved, NULL };
      g_autofree char *files_out = NULL;
      g_autofree char *saved_out = NULL;
      g_autofree char *ignored = NULL;
      g_autofree char *ignored_too = NULL;

      g_assert_cmpint (run_app (from_files, &files_out, &ignored), ==, 0);
      g_assert_cmpint (run_app (from_saved, &saved_out, &ignored_too), ==, 0);
      g_assert_nonnull (strstr (files_out, "\"rerouting\""));
      g_assert_cmpstr (saved_out, ==, files_out);
    }

  /* Summed in the server as in memory: no filter, each part alone, and
   * random mixes of minerals, periods and countries. */
  check_trade (store, table, NULL, &n_all);
  g_assert_cmpuint (n_all, >, 1000);
  {
    g_autoptr(OtFilter) filter = ot_filter_new ();
    OtMineral antimony;

    g_assert_true (ot_mineral_parse ("antimony", &antimony));
    ot_filter_set_mineral (filter, antimony, TRUE);
    check_trade (store, table, filter, &n_some);
    g_assert_cmpuint (n_some, >, 0);
    g_assert_cmpuint (n_some, <, n_all);
  }
  {
    g_autoptr(OtFilter) filter = ot_filter_new ();

    /* Mid-month ends: the months they fall in count whole. */
    ot_filter_set_period (filter, julian (2024, 3, 17), julian (2024, 8, 2));
    check_trade (store, table, filter, &n_some);
    g_assert_cmpuint (n_some, >, 0);
    g_assert_cmpuint (n_some, <, n_all);
    ot_filter_set_period (filter, 0, julian (2023, 12, 31));
    check_trade (store, table, filter, NULL);
    ot_filter_set_period (filter, julian (2025, 1, 1), 0);
    check_trade (store, table, filter, NULL);
  }
  {
    g_autoptr(OtFilter) filter = ot_filter_new ();

    ot_filter_set_country (filter, "CN", OT_FILTER_INCLUDE);
    check_trade (store, table, filter, &n_some);
    g_assert_cmpuint (n_some, >, 0);
    ot_filter_set_country (filter, "DE", OT_FILTER_EXCLUDE);
    check_trade (store, table, filter, NULL);
    ot_filter_set_mineral (filter, OT_FILTER_MINERAL_NOTHING, TRUE);
    check_trade (store, table, filter, &n_some);
    g_assert_cmpuint (n_some, ==, 0);
  }
  for (guint round = 0; round < 24; round++)
    {
      g_autoptr(OtFilter) filter = ot_filter_new ();
      OtTradeRow row;

      /* Parts taken from random rows, so that they meet the data. */
      ot_trade_table_get_row (table, g_rand_int_range (rand, 0, ot_trade_table_get_n_rows (table)), &row);
      if (g_rand_boolean (rand))
        ot_filter_set_mineral (filter, ot_trade_product_nth (row.product)->mineral, TRUE);
      if (g_rand_boolean (rand))
        ot_filter_set_period (filter, julian (OT_TRADE_MONTH_YEAR (row.month), OT_TRADE_MONTH_MONTH (row.month),
                                              g_rand_int_range (rand, 1, 29)), 0);
      if (g_rand_boolean (rand))
        ot_filter_set_period (filter, 0, julian (OT_TRADE_MONTH_YEAR (row.month),
                                                 OT_TRADE_MONTH_MONTH (row.month), 28));
      if (ot_trade_place_country (row.reporter) != NULL && g_rand_boolean (rand))
        ot_filter_set_country (filter, ot_trade_place_country (row.reporter),
                               g_rand_boolean (rand) ? OT_FILTER_INCLUDE : OT_FILTER_EXCLUDE);
      if (ot_trade_place_country (row.partner) != NULL && g_rand_boolean (rand))
        ot_filter_set_country (filter, ot_trade_place_country (row.partner),
                               g_rand_boolean (rand) ? OT_FILTER_INCLUDE : OT_FILTER_EXCLUDE);
      check_trade (store, table, filter, NULL);
    }

  /* A row another tool broke: skipped with the problem a case file
   * would give, the rest read. */
  {
    PGconn *conn = admin_to ("trade");
    g_autoptr(OtStoreCase) broken = NULL;
    OtProblem *problem;

    admin_run (conn, "UPDATE oretrace.trade_rows SET reporter = 'XX' WHERE row_id = 3");
    PQfinish (conn);
    broken = load_store (store);
    g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (broken->dataset)), ==,
                      ot_trade_table_get_n_rows (table) - 1);
    g_assert_cmpuint (ot_dataset_get_problems (broken->dataset)->len, ==, 1);
    problem = g_ptr_array_index (ot_dataset_get_problems (broken->dataset), 0);
    g_assert_cmpuint (problem->line, ==, 3);
    g_assert_nonnull (strstr (problem->message, "trade_rows: “XX” is not a country code; row skipped"));
  }

  g_unlink (saved);
  g_unlink (direct);
  g_unlink (hostile);
  g_unlink (comtrade);
  g_rmdir (dir);
}

/* A store of schema version 3 (the first schema's dump, migrated that
 * far) migrates to the current one: its rows, versions, log and flows
 * kept, the trade statistics' table there and empty (4), the routes'
 * sums made from its incidents (5), and an upload with trade rows
 * working after. */
static void
test_migrate_v3 (void)
{
  g_autofree char *rows_before = NULL;
  g_autofree char *rows_after = NULL;
  g_autofree char *log_before = NULL;
  g_autofree char *log_after = NULL;
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtStoreFlows) flows_before = NULL;
  g_autoptr(OtStoreFlows) flows_after = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  if (skip_without_server ())
    return;

  store_v1 ("migrate_v3");
  store = connect_as ("migrate_v3", "postgres");
  g_assert_true (ot_store_setup_to (store, 3, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ot_store_get_version (store), ==, 3);
  conn = admin_to ("migrate_v3");
  g_assert_null (admin_value (conn, "SELECT to_regclass ('oretrace.trade_rows')::text", NULL));
  rows_before = dump_rows ("migrate_v3");
  log_before = admin_value (conn, "SELECT string_agg (to_jsonb (l)::text, E'\\n' ORDER BY change)"
                                  " FROM oretrace.audit_log l", NULL);
  flows_before = ot_store_query_flows (store, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_null (admin_value (conn, "SELECT to_regclass ('oretrace.route_sums')::text", NULL));

  g_assert_true (ot_store_setup (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ot_store_get_version (store), ==, OT_STORE_VERSION);
  rows_after = dump_rows ("migrate_v3");
  log_after = admin_value (conn, "SELECT string_agg (to_jsonb (l)::text, E'\\n' ORDER BY change)"
                                 " FROM oretrace.audit_log l", NULL);
  assert_same_text (rows_after, rows_before);
  g_assert_cmpstr (log_after, ==, log_before);
  flows_after = ot_store_query_flows (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ot_store_flows_equal (flows_after, flows_before));
  {
    g_autofree char *n = admin_value (conn, "SELECT count(*)::text FROM oretrace.trade_rows", NULL);
    g_autofree char *version = admin_value (conn, "SELECT value FROM oretrace.meta WHERE key = $1",
                                            "schema_version");

    g_assert_cmpstr (n, ==, "0");
    g_assert_cmpstr (version, ==, G_STRINGIFY (OT_STORE_VERSION));
  }
  PQfinish (conn);
  /* A filter of countries, answered from the routes' sums as from the
   * incidents themselves. */
  {
    g_autoptr(OtStoreCase) read = load_store (store);
    g_autoptr(OtFilter) f = ot_filter_new ();

    ot_filter_set_country (f, "CN", OT_FILTER_INCLUDE);
    ot_filter_set_country (f, "US", OT_FILTER_EXCLUDE);
    g_assert_true (check_flows (store, read->dataset, f));
    g_assert_cmpuint (ot_dataset_get_n_incidents (read->dataset), >, 0);
  }

  /* Trade rows go in and come back. */
  {
    g_autofree char *published = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                        "trade-published-figures.csv", NULL);
    g_autofree char *incidents = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                        "incidents.csv", NULL);
    const char *paths[] = { incidents, published, NULL };
    g_autoptr(OtDataset) loaded = ot_test_load_paths (paths);
    g_autoptr(OtStoreCase) read = NULL;

    g_assert_true (ot_store_upload (store, loaded, NULL, TRUE, NULL, &error));
    g_assert_no_error (error);
    read = load_store (store);
    ot_test_assert_same_trade (ot_dataset_get_trade (loaded), ot_dataset_get_trade (read->dataset));
  }
}

static void
test_commands (void)
{
  g_autofree char *address = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *case_path = g_test_build_filename (G_TEST_DIST, "data", "case-v1.oretrace", NULL);
  g_autofree char *published = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                      "trade-published-figures.csv", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *nowhere = NULL;
  g_autoptr(OtDataset) original = NULL;
  g_autoptr(OtDataset) back = NULL;
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;

  if (skip_without_server ())
    return;

  fresh_database ("commands");
  fresh_database ("commands_empty");
  address = address_for ("commands", "postgres");
  empty = address_for ("commands_empty", "postgres");
  dir = g_dir_make_tmp ("oretrace-store-XXXXXX", &error);
  g_assert_no_error (error);
  saved = g_build_filename (dir, "saved.oretrace", NULL);
  nowhere = g_build_filename (dir, "nowhere.oretrace", NULL);

#define RUN(status, out_text, err_text, ...) \
  G_STMT_START { \
    const char *args[] = { __VA_ARGS__, NULL }; \
    g_autofree char *out = NULL; \
    g_autofree char *err = NULL; \
    int got_status = run_app (args, &out, &err); \
    if (got_status != (status) || (out_text && !strstr (out, out_text ? out_text : "")) || \
        (err_text && !strstr (err, err_text ? err_text : ""))) \
      g_error ("%s: status %d, out «%s», err «%s»", args[0], got_status, out, err); \
  } G_STMT_END

  RUN (0, "Created the store", NULL, "--init-store", address);
  RUN (0, "is up to date (schema version " G_STRINGIFY (OT_STORE_VERSION) ")", NULL, "--init-store", address);
  RUN (0, "Uploaded 60 incidents to", NULL, "--upload-case", address, case_path);
  RUN (1, NULL, "holds a case already; nothing was uploaded", "--upload-case", address, case_path);
  RUN (1, NULL, "Use --replace", "--upload-case", address, case_path);
  /* Trade statistics go with the case, and come back with it. */
  RUN (0, "Uploaded 42 rows of trade statistics", NULL, "--upload-case", address, "--replace", case_path,
       published);
  RUN (0, "Saved 42 rows of trade statistics", NULL, "--save-store", address, saved);
  {
    const char *paths[] = { published, NULL };
    g_autoptr(OtDataset) figures = ot_test_load_paths (paths);
    g_autoptr(OtDataset) with_trade = ot_case_load (saved, NULL, NULL, &error);

    g_assert_no_error (error);
    ot_test_assert_same_trade (ot_dataset_get_trade (figures), ot_dataset_get_trade (with_trade));
  }
  RUN (0, "Uploaded 60 incidents to", NULL, "--upload-case", address, "--replace", case_path);
  RUN (0, "Saved 60 incidents of", NULL, "--save-store", address, saved);
  RUN (1, NULL, "There is no Oretrace store at", "--save-store", empty, nowhere);
  RUN (1, NULL, "Cannot connect to the store", "--init-store", "host=/nonexistent dbname=nothing");
  RUN (2, NULL, "Give one case file", "--save-store", address);
  RUN (2, NULL, "go alone", "--save-store", address, "--summary", saved);
#undef RUN
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  original = load_case_v1 ();
  want = dump_dataset (original);
  back = ot_case_load (saved, &tables, NULL, &error);
  g_assert_no_error (error);
  ot_dataset_set_case_tables (back, g_steal_pointer (&tables));
  got = dump_dataset (back);
  assert_same_text (got, want);
  g_unlink (saved);
  g_rmdir (dir);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The items of @part no incident passing the filter has. */
static guint
count_zero (OtFacets     *facets,
            OtFilterPart  part)
{
  guint n = 0;

  for (guint i = 0; i < ot_facets_get_n_items (facets, part); i++)
    n += ot_facets_get_item (facets, part, i)->count == 0;
  return n;
}

/* Two networks with the same legs: keys, minerals and sums. */
static void
assert_same_legs (OtNetwork *memory,
                  OtNetwork *summary)
{
  g_assert_cmpuint (ot_network_get_n_edges (summary), ==, ot_network_get_n_edges (memory));
  g_assert_cmpuint (ot_network_get_n_included (summary), ==, ot_network_get_n_included (memory));
  for (guint e = 0; e < ot_network_get_n_edges (memory); e++)
    {
      const OtEdge *m = ot_network_get_edge (memory, e);
      const OtEdge *s = ot_network_get_edge (summary, e);

      g_assert_cmpstr (ot_network_get_vertex (summary, s->from)->key, ==,
                       ot_network_get_vertex (memory, m->from)->key);
      g_assert_cmpstr (ot_network_get_vertex (summary, s->to)->key, ==,
                       ot_network_get_vertex (memory, m->to)->key);
      g_assert_cmpuint (s->mineral, ==, m->mineral);
      g_assert_cmpuint (s->n_incidents, ==, m->n_incidents);
      g_assert_cmpfloat_with_epsilon (s->kg, m->kg, 1e-9 * MAX (1, m->kg));
      g_assert_cmpuint (s->first_day, ==, m->first_day);
      g_assert_cmpuint (s->last_day, ==, m->last_day);
      for (guint k = 0; k < OT_N_STATUS; k++)
        g_assert_cmpuint (s->n_status[k], ==, m->n_status[k]);
    }
}

/* A store opened as a summary (docs/team-store.md, "Summary mode"): its
 * totals and sidebar counts from the flows' sums, its charts from the
 * legs the server sums for each filter, equal to those of the same
 * incidents in memory; an edit shows once the summary forgets. */
static void
test_summary (void)
{
  g_autoptr(OtDataset) dataset = generated_without_companies (11, 1500);
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtDataset) summary = NULL;
  g_autoptr(OtFacets) memory_facets = NULL;
  g_autoptr(OtFacets) facets = NULL;
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtTradeTable) trade = NULL;
  g_autoptr(GError) error = NULL;
  guint n_illustrative = 0, n_memory_illustrative = 0;
  OtCountry hk;

  if (skip_without_server ())
    return;

  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    n_memory_illustrative += ot_dataset_get_incident (dataset, i)->illustrative ? 1 : 0;
  /* Trade statistics beside them: a summary reads them whole. */
  trade = ot_test_trade_generate (3000, 8, 5);
  ot_dataset_set_trade (dataset, trade);
  store = new_store ("summary");
  g_assert_true (ot_store_upload (store, dataset, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);

  summary = ot_store_summary_dataset_new (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_cmpuint (ot_dataset_get_n_incidents (summary), ==, 0);
  g_assert_cmpuint (ot_dataset_get_n_summarised (summary, &n_illustrative), ==,
                    ot_dataset_get_n_incidents (dataset));
  g_assert_cmpuint (n_illustrative, ==, n_memory_illustrative);
  g_assert_cmpstr (ot_dataset_get_files (summary)[0], ==, ot_store_get_display_name (store));
  g_assert_nonnull (ot_dataset_get_trade (summary));
  ot_test_assert_same_trade (trade, ot_dataset_get_trade (summary));

  /* The sidebar's values and counts. */
  memory_facets = ot_facets_new (dataset, NULL);
  facets = ot_facets_new (summary, NULL);
  for (guint round = 0; round < 2; round++)
    {
      ot_test_assert_summary_facets (memory_facets, facets);
      ot_filter_set_status (filter, OT_STATUS_SEIZED, TRUE);
      ot_filter_set_show_illustrative (filter, FALSE);
      ot_facets_set_filter (memory_facets, filter);
      ot_facets_set_filter (facets, filter);
    }

  /* The countries, counted by the server: memory's facets. */
  {
    g_autoptr(OtFilter) seized = ot_filter_new ();
    g_autoptr(OtFacets) counted = NULL;
    g_autoptr(GArray) places = NULL;

    ot_filter_set_status (seized, OT_STATUS_SEIZED, TRUE);
    counted = ot_facets_new (dataset, seized);
    places = ot_store_query_places (store, seized, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (places->len, >, 5);
    for (guint i = 0; i < places->len; i++)
      {
        const OtPlaceCount *place = &g_array_index (places, OtPlaceCount, i);
        const OtFacetItem *item = ot_facets_find (counted, OT_FILTER_COUNTRIES, place->country.code);

        g_assert_nonnull (item);
        g_assert_cmpuint (place->n_incidents, ==, item->count);
      }
    g_assert_cmpuint (places->len, ==, ot_facets_get_n_items (counted, OT_FILTER_COUNTRIES) -
                                       count_zero (counted, OT_FILTER_COUNTRIES));
  }

  /* Under a filter the sums cannot answer (a country): the cells of the
   * incidents it lets through, counted by the server, give the sidebar's
   * counts. */
  {
    g_autoptr(OtFilter) touching = ot_filter_new ();
    g_autoptr(OtFilter) rest = ot_filter_new ();
    g_autoptr(OtFacets) memory = NULL;
    g_autoptr(OtFacets) recounted = ot_facets_new (summary, NULL);
    g_autoptr(GArray) cells = NULL;

    ot_filter_set_country (touching, "TH", OT_FILTER_INCLUDE);
    ot_filter_set_country (rest, "TH", OT_FILTER_INCLUDE);
    ot_filter_set_status (touching, OT_STATUS_SEIZED, TRUE);
    memory = ot_facets_new (dataset, touching);
    cells = ot_store_query_filtered_cells (store, rest, NULL, &error);
    g_assert_no_error (error);
    ot_facets_count_cells (recounted, touching, cells);
    ot_test_assert_cell_facets (memory, recounted);
    g_assert_cmpuint (ot_facets_get_n_matching (recounted), >, 0);
    g_assert_cmpuint (ot_facets_get_n_matching (recounted), <, ot_dataset_get_n_incidents (dataset));
  }

  /* The chart: unfiltered, a filter the sums answer, one that reads
   * every incident. */
  ot_chart_set_dataset (chart, summary);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(OtTradeLayer) layer = ot_chart_get_trade_layer (chart);

    g_assert_nonnull (layer);
    g_assert_cmpuint (ot_trade_layer_get_n_pairs (layer), >, 0);
  }
  g_assert_true (ot_country_parse ("HK", &hk));
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(OtFilter) f = ot_filter_new ();
      g_autoptr(OtNetwork) memory = NULL;
      g_autoptr(OtNetwork) network = NULL;

      if (round == 1)
        ot_filter_set_status (f, OT_STATUS_SEIZED, TRUE);
      if (round == 2)
        ot_filter_set_country (f, hk.code, OT_FILTER_INCLUDE);
      ot_chart_set_filter (chart, round == 0 ? NULL : f);
      g_assert_true (ot_chart_update (chart, NULL, &error));
      g_assert_no_error (error);
      network = ot_chart_get_network (chart);
      g_assert_true (ot_network_is_summarised (network));
      memory = ot_network_new (dataset, round == 0 ? NULL : f, OT_PROJECTION_COUNTRIES);
      g_test_message ("summary, filter %u: %u incidents, %u legs", round,
                      ot_network_get_n_included (network), ot_network_get_n_edges (network));
      g_assert_cmpuint (ot_network_get_n_edges (network), >, 0);
      assert_same_legs (memory, network);
    }

  /* The incidents behind a flow and a place, read from the server:
   * those of memory's network, in the case's order; at most the limit. */
  {
    g_autoptr(OtFilter) seized = ot_filter_new ();
    g_autoptr(OtNetwork) memory = NULL;
    g_autoptr(OtStoreCase) part = NULL;
    g_autoptr(OtStoreCase) first = NULL;
    g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (guint));
    const OtEdge *edge;
    const OtVertex *from, *to;
    OtCountry place;
    guint n_edges, n_place = 0;

    ot_filter_set_status (seized, OT_STATUS_SEIZED, TRUE);
    memory = ot_network_new (dataset, seized, OT_PROJECTION_COUNTRIES);
    edge = ot_network_get_edge (memory, 0);
    from = ot_network_get_vertex (memory, edge->from);
    to = ot_network_get_vertex (memory, edge->to);
    for (guint e = 0; e < ot_network_get_n_edges (memory); e++)
      if (ot_network_get_edge (memory, e)->from == edge->from && ot_network_get_edge (memory, e)->to == edge->to)
        {
          const guint *incidents = ot_network_get_edge_incidents (memory, e, &n_edges);

          g_array_append_vals (want, incidents, n_edges);
        }
    g_array_sort (want, compare_uint);
    part = ot_store_read_part (store, seized, &from->country, &to->country, NULL, 100000, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("%s → %s, seized: %u incidents", from->country.code, to->country.code,
                    ot_dataset_get_n_incidents (part->dataset));
    g_assert_cmpuint (ot_dataset_get_n_incidents (part->dataset), ==, want->len);
    g_assert_cmpuint (part->versions->len, ==, want->len);
    for (guint k = 0; k < want->len; k++)
      g_assert_cmpstr (ot_dataset_get_incident (part->dataset, k)->id, ==,
                       ot_dataset_get_incident (dataset, g_array_index (want, guint, k))->id);
    first = ot_store_read_part (store, seized, &from->country, &to->country, NULL, 1, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ot_dataset_get_n_incidents (first->dataset), ==, 1);
    g_assert_cmpstr (ot_dataset_get_incident (first->dataset, 0)->id, ==,
                     ot_dataset_get_incident (dataset, g_array_index (want, guint, 0))->id);

    /* A place: every seized incident touching it. */
    g_clear_pointer (&part, ot_store_case_free);
    place = from->country;
    for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
      {
        const OtIncident *in = ot_dataset_get_incident (dataset, i);
        gboolean touches = g_str_equal (in->origin.code, place.code) ||
                           g_str_equal (in->destination.code, place.code) ||
                           g_str_equal (in->event_country.code, place.code);

        for (guint h = 0; h < in->n_via; h++)
          touches |= g_str_equal (in->via[h].country.code, place.code);
        n_place += touches && in->status == OT_STATUS_SEIZED;
      }
    part = ot_store_read_part (store, seized, NULL, NULL, &place, 100000, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_place, >, 0);
    g_assert_cmpuint (ot_dataset_get_n_incidents (part->dataset), ==, n_place);
  }

  /* Another analyst deletes an incident: the summary shows it once it
   * forgets what it kept (the window does on each change heard). */
  {
    g_autoptr(OtNetwork) before = NULL;
    g_autoptr(OtNetwork) after = NULL;
    GObject *source = ot_dataset_get_summary (summary, NULL);
    OtStoreEdit edit = { OT_STORE_EDIT_DELETE, NULL, 1, NULL };

    edit.id = ot_dataset_get_incident (dataset, 0)->id;
    before = ot_network_new_summarised (summary, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ot_store_apply_edits (store, &edit, 1, "Delete", NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    after = ot_network_new_summarised (summary, NULL, NULL, &error);
    g_assert_cmpuint (ot_network_get_n_included (after), ==, ot_network_get_n_included (before));
    g_clear_pointer (&after, ot_network_unref);
    ot_store_summary_forget (OT_STORE_SUMMARY (source));
    after = ot_network_new_summarised (summary, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ot_network_get_n_included (after), ==, ot_network_get_n_included (before) - 1);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/hostile", test_hostile);
  g_test_add_func ("/store/concurrent", test_concurrent);
  g_test_add_func ("/store/viewer", test_viewer);
  g_test_add_func ("/store/audit", test_audit);
  g_test_add_func ("/store/notify", test_notify);
  g_test_add_func ("/store/killed", test_killed);
  g_test_add_func ("/store/migrate", test_migrate);
  g_test_add_func ("/store/flows", test_flows);
  g_test_add_func ("/store/flows-are-edges", test_flows_are_edges);
  g_test_add_func ("/store/sums", test_sums);
  g_test_add_func ("/store/addresses", test_addresses);
  g_test_add_func ("/store/commands", test_commands);
  g_test_add_func ("/store/trade", test_trade);
  g_test_add_func ("/store/migrate-v3", test_migrate_v3);
  g_test_add_func ("/store/summary", test_summary);

  return g_test_run ();
}
