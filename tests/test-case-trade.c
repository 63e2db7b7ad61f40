/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trade statistics in a case file (issue 18; src/core/io/ot-case-trade.c,
 * docs/case-file.md "trade_rows"): the sample incidents, the published
 * figures, Comext rows with suppressed, missing and zero figures and a
 * generated Comtrade file with planted rerouting, saved as a case and
 * reopened, give the same rows (places, flow, product, month, span,
 * flags, kg and value bit for bit, file and line) and the same
 * `oretrace --signals --json`; a row edited by another tool is skipped
 * with its problem; a version-1 case still opens, without statistics. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "ot-case.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-test-load.h"
#include "ot-test-trade.h"

typedef struct {
  char *dir;
  char *comtrade;     /* generated, rerouting planted */
  char *comext;       /* suppressed, missing and zero figures */
  char *published;    /* data/samples/trade-published-figures.csv */
  char *incidents;    /* data/samples/incidents.csv */
  char *case_path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("case-trade-XXXXXX", &error);
  g_assert_no_error (error);
  f->case_path = g_build_filename (f->dir, "case.oretrace", NULL);
  f->published = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                        "trade-published-figures.csv", NULL);
  f->incidents = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "incidents.csv", NULL);

  ot_test_write_trade_files (f->dir, &f->comtrade, &f->comext);
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

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->comtrade);
  g_free (f->comext);
  g_free (f->published);
  g_free (f->incidents);
  g_free (f->case_path);
}

/* Runs $OT_APP with @args; its stdout. */
static char *
run_app (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  int wait;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("OT_APP"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait) || WEXITSTATUS (wait) != 0)
    g_test_message ("%s", err);
  g_assert_true (WIFEXITED (wait));
  g_assert_cmpint (WEXITSTATUS (wait), ==, 0);
  return out;
}

/* The round trip the issue asks for. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  const char *paths[] = { f->incidents, f->published, f->comext, f->comtrade, NULL };
  g_autoptr(OtDataset) loaded = ot_test_load_paths (paths);
  g_autoptr(OtDataset) back = NULL;
  g_autoptr(GError) error = NULL;
  OtTradeTable *table = ot_dataset_get_trade (loaded);
  guint n_files = 0;

  g_assert_nonnull (table);
  /* What the round trip must keep apart is there to be kept. */
  ot_test_assert_every_kind (table);
  g_assert_cmpuint (ot_trade_table_get_n_rows (table), >, 10000);

  g_assert_true (ot_case_save (loaded, NULL, f->case_path, NULL, &error));
  g_assert_no_error (error);
  back = ot_case_load (f->case_path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_problems (back)->len, ==, 0);
  g_assert_cmpuint (ot_dataset_get_n_incidents (back), ==, 60);
  g_assert_nonnull (ot_dataset_get_trade (back));
  ot_test_assert_same_trade (table, ot_dataset_get_trade (back));
  for (const char * const *name = ot_trade_table_get_files (ot_dataset_get_trade (back)); *name; name++)
    n_files++;
  g_assert_cmpuint (n_files, ==, 3);

  /* Saved again from what was read: the same rows once more. */
  {
    g_autofree char *again = g_build_filename (f->dir, "again.oretrace", NULL);
    g_autoptr(OtDataset) twice = NULL;

    g_assert_true (ot_case_save (back, NULL, again, NULL, &error));
    twice = ot_case_load (again, NULL, NULL, &error);
    g_assert_no_error (error);
    ot_test_assert_same_trade (table, ot_dataset_get_trade (twice));
  }

  /* The signals, with the source rows they cite, are the same. */
  if (g_getenv ("OT_APP") == NULL)
    {
      g_test_skip ("OT_APP (the built program) is not set");
      return;
    }
  {
    g_autofree char *files = run_app ("--signals", "--json", f->incidents, f->published, f->comext,
                                      f->comtrade, NULL);
    g_autofree char *saved = run_app ("--signals", "--json", f->case_path, NULL);

    g_assert_nonnull (strstr (files, "\"rerouting\""));
    g_assert_nonnull (strstr (files, "generated-trade.tsv"));
    g_assert_cmpstr (saved, ==, files);
  }
}

/* The loader takes a case with statistics beside other files: its rows
 * join those of the files, in the order given. */
static void
test_loader (Fixture       *f,
             gconstpointer  data)
{
  const char *paths[] = { f->published, f->comext, NULL };
  const char *first[] = { f->published, NULL };
  const char *then[] = { f->case_path, f->comext, NULL };
  g_autoptr(OtDataset) both = ot_test_load_paths (paths);
  g_autoptr(OtDataset) published = ot_test_load_paths (first);
  g_autoptr(OtDataset) joined = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_case_save (published, NULL, f->case_path, NULL, &error));
  joined = ot_test_load_paths (then);
  g_assert_cmpuint (ot_dataset_get_n_incidents (joined), ==, 0);
  ot_test_assert_same_trade (ot_dataset_get_trade (both), ot_dataset_get_trade (joined));
}

static void
sql (const char *path,
     const char *statements)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, statements, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
}

/* Rows another tool changed: a bad one is skipped with its problem (the
 * case and the row); kg NULL is missing unless flagged suppressed; a
 * number clears the flags that say there is none. */
static void
test_edited_rows (Fixture       *f,
                  gconstpointer  data)
{
  const char *paths[] = { f->comext, NULL };
  g_autoptr(OtDataset) loaded = ot_test_load_paths (paths);
  g_autoptr(OtDataset) back = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  OtTradeTable *table;
  OtTradeRow row;

  g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (loaded)), ==, 3);
  g_assert_true (ot_case_save (loaded, NULL, f->case_path, NULL, &error));
  sql (f->case_path,
       "INSERT INTO trade_rows SELECT * FROM trade_rows;"                        /* rows 4-6 */
       "UPDATE trade_rows SET reporter = 'XX' WHERE rowid = 4;"
       "UPDATE trade_rows SET code = '999999' WHERE rowid = 5;"
       "UPDATE trade_rows SET month = '2024-13' WHERE rowid = 6;"
       "INSERT INTO trade_rows SELECT * FROM trade_rows WHERE rowid <= 3;"       /* rows 7-9 */
       "UPDATE trade_rows SET kg = NULL, flags = 0 WHERE rowid = 8;"
       "UPDATE trade_rows SET kg = 7, flags = 24 WHERE rowid = 7;"
       "UPDATE trade_rows SET flow = 'Z', kg = 'lots' WHERE rowid = 9;"
       "UPDATE trade_rows SET file = NULL WHERE rowid = 1;");
  back = ot_case_load (f->case_path, NULL, NULL, &error);
  g_assert_no_error (error);
  problems = ot_dataset_get_problems (back);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = ot_problem_to_string (problems->pdata[i]);

      g_test_message ("%s", line);
    }
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_cmpuint (ot_dataset_get_n_rejected (back), ==, 4);
  g_assert_cmpuint (((OtProblem *) problems->pdata[0])->line, ==, 4);
  g_assert_nonnull (strstr (((OtProblem *) problems->pdata[0])->message, "“XX” is not a country code"));
  g_assert_cmpuint (((OtProblem *) problems->pdata[1])->line, ==, 5);
  g_assert_nonnull (strstr (((OtProblem *) problems->pdata[1])->message, "“999999”"));
  g_assert_cmpuint (((OtProblem *) problems->pdata[2])->line, ==, 6);
  g_assert_nonnull (strstr (((OtProblem *) problems->pdata[2])->message, "“2024-13” is not a month"));
  g_assert_cmpuint (((OtProblem *) problems->pdata[3])->line, ==, 9);
  g_assert_true (g_str_has_suffix (((OtProblem *) problems->pdata[3])->file, "case.oretrace"));

  table = ot_dataset_get_trade (back);
  g_assert_cmpuint (ot_trade_table_get_n_rows (table), ==, 5);
  /* Row 1 lost its file: it cites the case, at its row. */
  ot_trade_table_get_row (table, 0, &row);
  g_assert_true (g_str_has_suffix (ot_trade_table_get_files (table)[row.file], "case.oretrace"));
  g_assert_cmpuint (row.line, ==, 1);
  g_assert_cmpuint (row.flags, ==, OT_TRADE_KG_SUPPRESSED | OT_TRADE_VALUE_SUPPRESSED);
  /* Row 7: 7 kg, the suppressed flags cleared (24 = kg and value
   * suppressed; the value stays suppressed, it is still NULL). */
  ot_trade_table_get_row (table, 3, &row);
  g_assert_cmpfloat (row.kg, ==, 7);
  g_assert_cmpuint (row.flags, ==, OT_TRADE_VALUE_SUPPRESSED);
  /* Row 8: kg NULL without a flag is missing, never 0. */
  ot_trade_table_get_row (table, 4, &row);
  g_assert_true (isnan (row.kg));
  g_assert_cmpuint (row.flags & (OT_TRADE_KG_MISSING | OT_TRADE_KG_SUPPRESSED), ==, OT_TRADE_KG_MISSING);
}

/* A case of the first version (tests/data/case-v1.oretrace) opens
 * migrated, without statistics, and saved again it is the current
 * version with its trade_rows table. */
static void
test_v1 (Fixture       *f,
         gconstpointer  data)
{
  g_autofree char *v1 = g_test_build_filename (G_TEST_DIST, "data", "case-v1.oretrace", NULL);
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  ds = ot_case_load (v1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 60);
  g_assert_null (ot_dataset_get_trade (ds));
  g_assert_true (ot_case_save (ds, NULL, f->case_path, NULL, &error));
  g_assert_cmpint (sqlite3_open (f->case_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version),"
                                           " (SELECT value FROM meta WHERE key = 'format_version'),"
                                           " (SELECT count(*) FROM trade_rows)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, OT_CASE_VERSION);
  g_assert_cmpint (OT_CASE_VERSION, ==, 2);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "2");
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/case-trade/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/case-trade/loader", Fixture, NULL, fixture_set_up, test_loader, fixture_tear_down);
  g_test_add ("/case-trade/edited-rows", Fixture, NULL, fixture_set_up, test_edited_rows, fixture_tear_down);
  g_test_add ("/case-trade/v1", Fixture, NULL, fixture_set_up, test_v1, fixture_tear_down);
  return g_test_run ();
}
