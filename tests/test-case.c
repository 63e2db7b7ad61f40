/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case file store (src/core/io/ot-case.c, docs/case-file.md): every
 * field of every sample incident and every other table survives a save
 * and a reopen; newer, damaged, locked and foreign files are refused with
 * a clear message; a failed save leaves the old file byte for byte; the
 * first version's file (tests/data/case-v1.oretrace) still reads; the
 * loader takes a case like any incident file. */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ot-atomic-file-private.h"
#include "ot-case.h"
#include "ot-error.h"
#include "ot-loader.h"
#include "ot-dataset-dump.h"
#include "ot-test-load.h"

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("oretrace-case-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The incidents only (file, line and every column as JSON). */
static char *
describe_incidents (OtDataset *ds)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *in = ot_dataset_get_incident (ds, i);

      g_string_append_printf (out, "%s:%u ", in->file, in->line);
      ot_writer_json_record (out, in, FALSE);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Field by field, the numbers bit for bit. */
static void
assert_same_incident (const OtIncident *a,
                      const OtIncident *b,
                      gboolean          same_file)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpint (a->date.year, ==, b->date.year);
  g_assert_cmpint (a->date.month, ==, b->date.month);
  g_assert_cmpint (a->date.day, ==, b->date.day);
  g_assert_cmpint (a->date.precision, ==, b->date.precision);
  g_assert_cmpint (a->mineral, ==, b->mineral);
  g_assert_cmpint (a->form, ==, b->form);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->confidence, ==, b->confidence);
  g_assert_cmpint (a->reliability, ==, b->reliability);
  g_assert_cmpint (a->credibility, ==, b->credibility);
  g_assert_cmpint (a->illustrative, ==, b->illustrative);
  g_assert_cmpstr (a->hs_code, ==, b->hs_code);
  g_assert_true (memcmp (&a->quantity_kg, &b->quantity_kg, sizeof (double)) == 0 ||
                 (isnan (a->quantity_kg) && isnan (b->quantity_kg)));
  g_assert_true (memcmp (&a->value, &b->value, sizeof (double)) == 0 ||
                 (isnan (a->value) && isnan (b->value)));
  g_assert_cmpstr (a->currency, ==, b->currency);
  g_assert_cmpstr (a->declared_as, ==, b->declared_as);
  g_assert_cmpstr (a->concealment, ==, b->concealment);
  g_assert_cmpstr (a->origin.code, ==, b->origin.code);
  g_assert_cmpstr (a->exporter, ==, b->exporter);
  g_assert_cmpuint (a->n_via, ==, b->n_via);
  for (guint h = 0; h < a->n_via; h++)
    {
      g_assert_cmpstr (a->via[h].country.code, ==, b->via[h].country.code);
      g_assert_cmpstr (a->via[h].port, ==, b->via[h].port);
    }
  g_assert_cmpstr (a->destination.code, ==, b->destination.code);
  g_assert_cmpstr (a->consignee, ==, b->consignee);
  g_assert_cmpstr (a->event_country.code, ==, b->event_country.code);
  g_assert_cmpstr (a->event_place, ==, b->event_place);
  g_assert_cmpstr (a->authority, ==, b->authority);
  g_assert_cmpstr (a->case_ref, ==, b->case_ref);
  g_assert_cmpstr (a->source, ==, b->source);
  g_assert_cmpstr (a->source_url, ==, b->source_url);
  g_assert_cmpstr (a->notes, ==, b->notes);
  g_assert_cmpuint (a->n_extras, ==, b->n_extras);
  for (guint e = 0; e < a->n_extras; e++)
    {
      g_assert_cmpstr (a->extras[e].key, ==, b->extras[e].key);
      g_assert_cmpstr (a->extras[e].value, ==, b->extras[e].value);
    }
  if (same_file)
    g_assert_cmpstr (a->file, ==, b->file);
  g_assert_cmpuint (a->line, ==, b->line);
}

static void
assert_round_trip (OtDataset *ds)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "case.oretrace", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) back = NULL;
  g_autofree char *before = describe_incidents (ds);
  g_autofree char *after = NULL;

  g_assert_true (ot_case_save (ds, NULL, path, NULL, &error));
  g_assert_no_error (error);
  back = ot_case_load (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  /* Nothing about the incidents themselves is a problem on the way back. */
  g_assert_cmpuint (ot_dataset_get_problems (back)->len, ==, 0);
  g_assert_cmpuint (ot_dataset_get_n_incidents (back), ==, ot_dataset_get_n_incidents (ds));
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    assert_same_incident (ot_dataset_get_incident (ds, i), ot_dataset_get_incident (back, i), TRUE);
  after = describe_incidents (back);
  g_assert_cmpstr (after, ==, before);
  remove_dir (dir);
}

static void
test_round_trip_samples (void)
{
  g_autoptr(OtDataset) samples = ot_test_load_samples ();
  g_autoptr(OtDataset) demo = ot_test_load_sample_file ("illustrative-demo.csv", 25);

  assert_round_trip (samples);
  assert_round_trip (demo);
}

/* What the samples lack: extra columns, several hops with and without
 * ports, year and day dates, no date, odd numbers. */
static void
test_round_trip_edges (void)
{
  g_autoptr(OtDataset) ds = ot_test_load (
    "edges.csv",
    "id,date,mineral,quantity,unit,value,currency,origin,via,destination,illustrative,"
    "reliability,credibility,notes,seal_no,vessel\n"
    "E1,2021,gallium,0.1,kg,12345.678901234567,USD,CN,HK; AE:Jebel Ali; SG:Singapore,NL,"
    "true,B,2,\"line one\nline two, «quoted» 漢字\",S-1,\n"
    "E2,2022-03-04,germanium,1e-7,t,,,CN,,US,true,,,,,MV Test\n"
    "E3,1999,antimony,,,,,RU,,,false,,,,,\n");

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 3);
  g_assert_cmpuint (ot_dataset_get_incident (ds, 0)->n_extras, >, 0);
  g_assert_cmpuint (ot_dataset_get_incident (ds, 0)->n_via, ==, 3);
  assert_round_trip (ds);
}

static void
fill_tables (OtCaseTables *t)
{
  ot_case_tables_add_alias (t, "Gulfline Metals Inc. (fictional)", "e1", "Gulfline Metals");
  ot_case_tables_add_alias (t, "Gulfline Metals (fictional)", "e1", "Gulfline Metals");
  ot_case_tables_add_alias (t, "深圳某某有限公司", "e2", NULL);
  ot_case_tables_add_decision (t, "A Ltd", "A Limited Holdings");
  ot_case_tables_add_pin (t, "network", "company:Gulfline", 0.1, -1234.5678901234567);
  ot_case_tables_add_pin (t, "flow", "country:CN", 1e300, -0.0);
  ot_case_tables_add_annotation (t, "place", "HK", "Transit hub, see note 3");
  ot_case_tables_add_annotation (t, "incident", "ILL-0001", "Zwei Zeilen\nmit „Anführung“");
  ot_case_tables_add_saved_view (t, "Briefing", "{\"mineral\":[\"gallium\"]}", "map",
                                 "equal-earth", "{\"x\":1.5,\"y\":2,\"zoom\":3}");
  ot_case_tables_add_saved_view (t, "Empty", NULL, "network", NULL, NULL);
}

static void
test_round_trip_tables (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "tables.oretrace", NULL);
  g_autoptr(OtDataset) ds = ot_test_load_samples ();
  g_autoptr(OtCaseTables) tables = ot_case_tables_new ();
  g_autoptr(OtCaseTables) back = NULL;
  g_autoptr(OtDataset) loaded = NULL;
  g_autoptr(GError) error = NULL;

  fill_tables (tables);
  tables->created = g_strdup ("2026-01-02T03:04:05Z");
  g_assert_true (ot_case_save (ds, tables, path, NULL, &error));
  g_assert_no_error (error);
  loaded = ot_case_load (path, &back, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_cmpstr (back->created, ==, "2026-01-02T03:04:05Z");
  g_assert_nonnull (back->modified);
  g_assert_cmpstr (back->application, ==, "Oretrace " PACKAGE_VERSION);

  g_assert_cmpuint (back->aliases->len, ==, tables->aliases->len);
  for (guint i = 0; i < tables->aliases->len; i++)
    {
      OtCaseAlias *a = tables->aliases->pdata[i], *b = back->aliases->pdata[i];
      g_assert_cmpstr (a->key, ==, b->key);
      g_assert_cmpstr (a->entity, ==, b->entity);
      g_assert_cmpstr (a->name, ==, b->name);
    }
  g_assert_cmpuint (back->alias_decisions->len, ==, 1);
  g_assert_cmpstr (((OtCaseAliasDecision *) back->alias_decisions->pdata[0])->key_a, ==, "A Ltd");
  g_assert_cmpstr (((OtCaseAliasDecision *) back->alias_decisions->pdata[0])->key_b, ==,
                   "A Limited Holdings");
  g_assert_cmpuint (back->pins->len, ==, tables->pins->len);
  for (guint i = 0; i < tables->pins->len; i++)
    {
      OtCasePin *a = tables->pins->pdata[i], *b = back->pins->pdata[i];
      g_assert_cmpstr (a->view, ==, b->view);
      g_assert_cmpstr (a->vertex, ==, b->vertex);
      g_assert_true (a->x == b->x && a->y == b->y);
    }
  g_assert_cmpuint (back->annotations->len, ==, tables->annotations->len);
  for (guint i = 0; i < tables->annotations->len; i++)
    {
      OtCaseAnnotation *a = tables->annotations->pdata[i], *b = back->annotations->pdata[i];
      g_assert_cmpstr (a->target_kind, ==, b->target_kind);
      g_assert_cmpstr (a->target_key, ==, b->target_key);
      g_assert_cmpstr (a->text, ==, b->text);
    }
  g_assert_cmpuint (back->saved_views->len, ==, tables->saved_views->len);
  for (guint i = 0; i < tables->saved_views->len; i++)
    {
      OtCaseSavedView *a = tables->saved_views->pdata[i], *b = back->saved_views->pdata[i];
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->filter, ==, b->filter);
      g_assert_cmpstr (a->view, ==, b->view);
      g_assert_cmpstr (a->projection, ==, b->projection);
      g_assert_cmpstr (a->viewport, ==, b->viewport);
    }
  remove_dir (dir);
}

static void
save_samples (const char *path)
{
  g_autoptr(OtDataset) ds = ot_test_load_samples ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_case_save (ds, NULL, path, NULL, &error));
  g_assert_no_error (error);
}

static void
sql (const char *path,
     const char *statements)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, statements, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Loading fails with @code and a message holding @expect; nothing is
 * left in a dataset read into. */
static void
assert_refused (const char *path,
                gint        code,
                const char *expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) ds = ot_case_load (path, NULL, NULL, &error);
  g_autoptr(OtDataset) into = ot_dataset_new ();
  g_autoptr(GError) error2 = NULL;

  g_assert_null (ds);
  g_assert_error (error, OT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, expect));
  g_assert_false (ot_case_read_into (into, path, "x", NULL, NULL, &error2));
  g_assert_cmpuint (ot_dataset_get_n_incidents (into), ==, 0);
}

static void
test_newer (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "newer.oretrace", NULL);

  save_samples (path);
  {
    g_autofree char *newer = g_strdup_printf ("PRAGMA user_version = %d", OT_CASE_VERSION + 1);

    sql (path, newer);
  }
  assert_refused (path, OT_ERROR_UNSUPPORTED, "newer version of Oretrace");
  remove_dir (dir);
}

static void
test_not_a_case (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *db = g_build_filename (dir, "other.sqlite", NULL);
  g_autofree char *text = g_build_filename (dir, "text.oretrace", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.oretrace", NULL);

  sql (db, "CREATE TABLE t (a); INSERT INTO t VALUES (1)");
  assert_refused (db, OT_ERROR_INVALID, "an SQLite database, but not an Oretrace case");
  /* Our id, but none of our tables. */
  sql (db, "PRAGMA application_id = 1332897140; PRAGMA user_version = 1");
  assert_refused (db, OT_ERROR_INVALID, "is damaged");

  g_assert_true (g_file_set_contents (text, "id,date\nX,2024\n", -1, NULL));
  assert_refused (text, OT_ERROR_INVALID, "not an Oretrace case file");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused (empty, OT_ERROR_INVALID, "not an Oretrace case file");
  remove_dir (dir);
}

static void
test_damaged (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "case.oretrace", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.oretrace", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.oretrace", NULL);
  g_autofree char *head = g_build_filename (dir, "head.oretrace", NULL);
  g_autofree char *data = NULL;
  gsize length;

  save_samples (path);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 8192);

  /* Cut in half. */
  g_assert_true (g_file_set_contents (cut, data, length / 2, NULL));
  assert_refused (cut, OT_ERROR_INVALID, "is damaged");
  /* Only the header page's first bytes. */
  g_assert_true (g_file_set_contents (head, data, 80, NULL));
  assert_refused (head, OT_ERROR_INVALID, "is damaged");

  /* Garbage over every page after the first (the schema stays). */
  for (gsize i = 4096; i < length; i++)
    data[i] = (char) (i * 7919 >> 3);
  g_assert_true (g_file_set_contents (garbage, data, length, NULL));
  assert_refused (garbage, OT_ERROR_INVALID, "is damaged");
  remove_dir (dir);
}

static void
test_locked (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "locked.oretrace", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(OtDataset) ds = ot_test_load_samples ();
  g_autoptr(GError) error = NULL;
  gsize n_before, n_after;
  sqlite3 *db = NULL;

  save_samples (path);
  g_assert_true (g_file_get_contents (path, &before, &n_before, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  assert_refused (path, OT_ERROR_FAILED, "is locked by another program");
  /* Saving over it is refused too, and leaves it as it was. */
  g_assert_false (ot_case_save (ds, NULL, path, NULL, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "is locked by another program"));

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &after, &n_after, NULL));
  g_assert_cmpmem (before, n_before, after, n_after);
  remove_dir (dir);
}

/* A save that fails midway (the disk full at the first write) leaves the
 * old case byte for byte, and no temporary file behind. */
static void
test_failed_save_keeps_old (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "keep.oretrace", NULL);
  g_autoptr(OtDataset) demo = ot_test_load_sample_file ("illustrative-demo.csv", 25);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  gsize n_before, n_after;
  guint n_files = 0;

  save_samples (path);
  g_assert_true (g_file_get_contents (path, &before, &n_before, NULL));

  for (guint tmpfile = 0; tmpfile < 2; tmpfile++)
    {
      ot_atomic_file_faults_reset ();
      ot_atomic_file_faults.fail_write = 1;
      ot_atomic_file_faults.fail_errno = ENOSPC;
      ot_atomic_file_faults.no_tmpfile = tmpfile;
      g_assert_false (ot_case_save (demo, NULL, path, NULL, &error));
      ot_atomic_file_faults_reset ();
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
      g_clear_error (&error);

      g_assert_true (g_file_get_contents (path, &after, &n_after, NULL));
      g_assert_cmpmem (before, n_before, after, n_after);
      g_clear_pointer (&after, g_free);
    }

  d = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (d) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
  remove_dir (dir);
}

/* A read-only folder: the save fails, the old file stays. */
static void
test_read_only_location (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "ro.oretrace", NULL);
  g_autoptr(OtDataset) demo = ot_test_load_sample_file ("illustrative-demo.csv", 25);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_before, n_after;

  if (geteuid () == 0)
    {
      /* root writes into read-only folders: nothing to test. */
      g_test_skip ("running as root, which may write into a read-only folder");
      remove_dir (dir);
      return;
    }
  save_samples (path);
  g_assert_true (g_file_get_contents (path, &before, &n_before, NULL));
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_assert_false (ot_case_save (demo, NULL, path, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_true (g_file_get_contents (path, &after, &n_after, NULL));
  g_assert_cmpmem (before, n_before, after, n_after);
  remove_dir (dir);
}

/* The first version's file, made by this code from the 60 sample
 * incidents (tests/data/case-v1.oretrace): it must keep reading,
 * migrated forward once there are later versions. */
static void
test_v1_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "case-v1.oretrace", NULL);
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) ds = ot_case_load (path, &tables, NULL, &error);
  g_autoptr(OtDataset) samples = ot_test_load_samples ();

  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 60);
  for (guint i = 0; i < 60; i++)
    {
      /* Written from the source root: the file as named from there. */
      assert_same_incident (ot_dataset_get_incident (samples, i), ot_dataset_get_incident (ds, i),
                            FALSE);
      g_assert_cmpstr (ot_dataset_get_incident (ds, i)->file, ==, "data/samples/incidents.csv");
    }
  g_assert_cmpuint (tables->aliases->len, ==, 3);
  g_assert_cmpuint (tables->alias_decisions->len, ==, 1);
  g_assert_cmpuint (tables->pins->len, ==, 2);
  g_assert_cmpuint (tables->annotations->len, ==, 2);
  g_assert_cmpuint (tables->saved_views->len, ==, 2);
  g_assert_cmpstr (tables->created, ==, "2026-12-07T00:00:00Z");
}

/* Rows edited by another tool go through the loaders' rules: a bad
 * value and a repeated id are skipped with the problems a CSV gives,
 * named by the case file and the row. */
static void
test_record_rules (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "edited.oretrace", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(OtDataset) csv = NULL;
  GPtrArray *problems, *csv_problems;

  save_samples (path);
  sql (path, "UPDATE incidents SET origin = 'Thailnd' WHERE rowid = 2;"
             "INSERT INTO incidents SELECT * FROM incidents WHERE rowid = 1;");
  ds = ot_case_load (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 59);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 2);
  problems = ot_dataset_get_problems (ds);
  g_assert_cmpuint (problems->len, ==, 2);

  /* The same value in a CSV row gives the same message. */
  csv = ot_test_load ("x.csv", "id,date,mineral,origin\nX,2024,gallium,Thailnd\n");
  csv_problems = ot_dataset_get_problems (csv);
  g_assert_cmpuint (csv_problems->len, ==, 1);
  g_assert_cmpstr (((OtProblem *) problems->pdata[0])->message, ==,
                   ((OtProblem *) csv_problems->pdata[0])->message);
  g_assert_cmpuint (((OtProblem *) problems->pdata[0])->line, ==, 2);
  g_assert_true (g_str_has_suffix (((OtProblem *) problems->pdata[0])->file, "edited.oretrace"));
  g_assert_nonnull (strstr (((OtProblem *) problems->pdata[1])->message, "duplicate id"));
  g_assert_cmpuint (((OtProblem *) problems->pdata[1])->line, ==, 61);
  remove_dir (dir);
}

/* The loader takes a case by its content, whatever its name, and gives
 * the incidents a load of the original file gives. */
static void
test_loader (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "named.csv", NULL);
  g_autofree char *other = g_build_filename (dir, "other.oretrace", NULL);
  g_autoptr(OtDataset) samples = ot_test_load_samples ();
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(OtDataset) bad = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);
  g_autoptr(GError) error = NULL;
  g_autofree char *expect = describe_incidents (samples);
  g_autofree char *got = NULL;
  GPtrArray *problems;

  save_samples (path);
  ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  got = describe_incidents (ds);
  g_assert_cmpstr (got, ==, expect);
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 0);

  /* A foreign SQLite file: one error, nothing else. */
  sql (other, "CREATE TABLE t (a)");
  bad = ot_loader_load_files (&other_file, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (bad), ==, 0);
  problems = ot_dataset_get_problems (bad);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (((OtProblem *) problems->pdata[0])->message,
                            "not an Oretrace case file"));
  remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* OT_CASE_WRITE_V1=PATH: writes tests/data/case-v1.oretrace (done
   * once, by the first version, run from the source root with
   * G_TEST_SRCDIR=tests). */
  if (g_getenv ("OT_CASE_WRITE_V1"))
    {
      g_autoptr(OtDataset) samples = ot_test_load_samples ();
      g_autoptr(OtCaseTables) tables = ot_case_tables_new ();
      g_autoptr(GError) error = NULL;

      fill_tables (tables);
      tables->created = g_strdup ("2026-12-07T00:00:00Z");
      g_assert_true (ot_case_save (samples, tables, g_getenv ("OT_CASE_WRITE_V1"), NULL, &error));
      return 0;
    }

  g_test_add_func ("/case/round-trip/samples", test_round_trip_samples);
  g_test_add_func ("/case/round-trip/edges", test_round_trip_edges);
  g_test_add_func ("/case/round-trip/tables", test_round_trip_tables);
  g_test_add_func ("/case/error/newer", test_newer);
  g_test_add_func ("/case/error/not-a-case", test_not_a_case);
  g_test_add_func ("/case/error/damaged", test_damaged);
  g_test_add_func ("/case/error/locked", test_locked);
  g_test_add_func ("/case/save/failed-keeps-old", test_failed_save_keeps_old);
  g_test_add_func ("/case/save/read-only-location", test_read_only_location);
  g_test_add_func ("/case/v1-file", test_v1_file);
  g_test_add_func ("/case/loader", test_loader);
  g_test_add_func ("/case/record-rules", test_record_rules);
  return g_test_run ();
}
