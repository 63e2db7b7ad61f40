/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Re-importing an updated file into a case (src/core/document/
 * ot-reimport.c, issue 17): the sample loaded as the case from a copy,
 * the copy then rewritten with a corrected quantity, a row removed and a
 * new row; the diff's counts and changed columns; applying it gives the
 * incidents of the updated file (field by field, by id), changed ones in
 * place and new ones at the end, as one command that undo takes back
 * exactly; a row of the updated file with an error is reported and not
 * taken as removed; incidents of other files or added by hand are never
 * removed; a diff of a case edited meanwhile is refused. */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ot-document.h"
#include "ot-error.h"
#include "ot-reimport.h"
#include "ot-test-load.h"
#include "ot-writer.h"
#include "ot-test-reimport.h"

typedef struct {
  char *dir;
  char *path;        /* the case's file, rewritten with updates */
  char *original;    /* its first text */
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("ot-reimport-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "incidents.csv", NULL);
  fx->original = ot_test_read_sample ();
  g_assert_true (g_file_set_contents (fx->path, fx->original, -1, &error));
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_unlink (fx->path);
  g_rmdir (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
  g_free (fx->original);
}

static OtDataset *
load_path (const char *path)
{
  const char *paths[] = { path, NULL };

  return ot_test_load_paths (paths);
}

static OtReimport *
diff_document (OtDocument *doc,
               const char *path)
{
  g_autoptr(OtDataset) updated = load_path (path);
  g_autoptr(GError) error = NULL;
  OtReimport *diff = ot_reimport_diff (ot_document_get_dataset (doc), updated, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (diff);
  return diff;
}

static void
log_diff (OtReimport *diff)
{
  g_autofree char *text = ot_reimport_to_string (diff);

  g_test_message ("%s", text);
}

static const OtReimportRow *
find_row (OtReimport *diff,
          const char *id)
{
  for (guint i = 0; i < ot_reimport_get_n_rows (diff); i++)
    if (strcmp (ot_reimport_get_row (diff, i)->id, id) == 0)
      return ot_reimport_get_row (diff, i);
  return NULL;
}

/* Every column and extra of @a and @b, as the JSON writer writes them. */
static void
assert_same_incident (const OtIncident *a,
                      const OtIncident *b)
{
  g_autoptr(GString) ja = g_string_new (NULL);
  g_autoptr(GString) jb = g_string_new (NULL);

  ot_writer_json_record (ja, a, FALSE);
  ot_writer_json_record (jb, b, FALSE);
  g_assert_cmpstr (ja->str, ==, jb->str);
  g_assert_cmpstr (a->file, ==, b->file);
}

static void
test_reimport_diff (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(OtDataset) case_ds = load_path (fx->path);
  g_autoptr(OtDocument) doc = ot_document_new (case_ds);
  g_autofree char *updated = updated_text (fx->original);
  g_autoptr(OtReimport) diff = NULL;
  const OtReimportRow *row;

  g_assert_cmpuint (ot_dataset_get_n_incidents (case_ds), ==, 60);
  write_file (fx->path, updated);
  diff = diff_document (doc, fx->path);
  log_diff (diff);

  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_ADDED), ==, 1);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_CHANGED), ==, 1);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_REMOVED), ==, 1);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_KEPT), ==, 0);
  g_assert_cmpuint (ot_reimport_get_n_unchanged (diff), ==, 58);
  g_assert_cmpuint (ot_reimport_get_n_rows (diff), ==, 3);
  g_assert_cmpuint (ot_reimport_get_n_errors (diff), ==, 0);
  g_assert_cmpstr (ot_reimport_get_label (diff), ==, "Re-import of incidents.csv");

  row = find_row (diff, CORRECTED);
  g_assert_nonnull (row);
  g_assert_cmpint (row->kind, ==, OT_REIMPORT_CHANGED);
  g_assert_cmpuint (row->n_changes, ==, 1);
  g_assert_cmpstr (row->changes[0].column, ==, "quantity");
  g_assert_cmpstr (row->changes[0].before, ==, "600");
  g_assert_cmpstr (row->changes[0].after, ==, "650");
  g_assert_cmpint (ot_dataset_find (case_ds, CORRECTED), ==, (gint) row->case_index);

  row = find_row (diff, REMOVED);
  g_assert_nonnull (row);
  g_assert_cmpint (row->kind, ==, OT_REIMPORT_REMOVED);
  g_assert_null (row->after);
  row = find_row (diff, ADDED);
  g_assert_nonnull (row);
  g_assert_cmpint (row->kind, ==, OT_REIMPORT_ADDED);
  g_assert_null (row->before);
  g_assert_null (find_row (diff, UNTOUCHED));

  /* Rows: changed, added, removed. */
  g_assert_cmpint (ot_reimport_get_row (diff, 0)->kind, ==, OT_REIMPORT_CHANGED);
  g_assert_cmpint (ot_reimport_get_row (diff, 1)->kind, ==, OT_REIMPORT_ADDED);
  g_assert_cmpint (ot_reimport_get_row (diff, 2)->kind, ==, OT_REIMPORT_REMOVED);
}

/* Several columns of one row, a quantity in another unit, an extra
 * column: the changed columns by name, in the format's order. */
static void
test_reimport_columns (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(OtDataset) case_ds = load_path (fx->path);
  g_autoptr(OtDocument) doc = ot_document_new (case_ds);
  g_autofree char *a = edit_field (fx->original, "CMI-2025-0012", ",convicted,", ",charged,");
  g_autofree char *b = edit_field (a, "CMI-2025-0012", "CMI-2025-0012,2021-10,", "CMI-2025-0012,2019,");
  g_autofree char *c = edit_field (b, "CMI-2025-0012", ",VN,", ",LA,");
  /* The same quantity in tonnes is no change. */
  g_autofree char *d = edit_field (c, CORRECTED, ",600,kg,", ",0.6,t,");
  g_autoptr(OtReimport) diff = NULL;
  const OtReimportRow *row;

  write_file (fx->path, d);
  diff = diff_document (doc, fx->path);
  log_diff (diff);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_CHANGED), ==, 1);
  g_assert_cmpuint (ot_reimport_get_n_unchanged (diff), ==, 59);
  row = find_row (diff, "CMI-2025-0012");
  g_assert_nonnull (row);
  g_assert_cmpuint (row->n_changes, ==, 3);
  g_assert_cmpstr (row->changes[0].column, ==, "date");
  g_assert_cmpstr (row->changes[0].before, ==, "2021-10");
  g_assert_cmpstr (row->changes[0].after, ==, "2019");
  g_assert_cmpstr (row->changes[1].column, ==, "origin");
  g_assert_cmpstr (row->changes[1].before, ==, "VN");
  g_assert_cmpstr (row->changes[1].after, ==, "LA");
  g_assert_cmpstr (row->changes[2].column, ==, "status");
  g_assert_cmpstr (row->changes[2].before, ==, "convicted");
  g_assert_cmpstr (row->changes[2].after, ==, "charged");
}

static void
test_reimport_extra_column (void)
{
  const char *before = "id,date,mineral,origin,quantity,unit,vessel\n"
                       "X-1,2024,gallium,CN,5,kg,OOCL\n";
  const char *after = "id,date,mineral,origin,quantity,unit,vessel,port\n"
                      "X-1,2024,gallium,CN,5000,g,OOCL MALAYSIA,Yantian\n";
  g_autoptr(OtDataset) case_ds = ot_test_load ("x.csv", before);
  g_autoptr(OtDataset) updated = ot_test_load ("x.csv", after);
  g_autoptr(OtReimport) diff = NULL;
  const OtReimportRow *row;

  ot_dataset_add_file (updated, "x.csv");
  diff = ot_reimport_diff (case_ds, updated, NULL, NULL);
  log_diff (diff);
  row = find_row (diff, "X-1");
  g_assert_nonnull (row);
  g_assert_cmpuint (row->n_changes, ==, 2);
  g_assert_cmpstr (row->changes[0].column, ==, "vessel");
  g_assert_cmpstr (row->changes[0].before, ==, "OOCL");
  g_assert_cmpstr (row->changes[0].after, ==, "OOCL MALAYSIA");
  g_assert_cmpstr (row->changes[1].column, ==, "port");
  g_assert_null (row->changes[1].before);
  g_assert_cmpstr (row->changes[1].after, ==, "Yantian");
}

/* A file named relative to the working folder in the case and by its
 * full path in the update (or the other way) is the same file. */
static void
test_reimport_file_names (void)
{
  const char *text = "id,date,mineral,origin\nX-1,2024,gallium,CN\nX-2,2024,gallium,CN\n";
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *full = g_build_filename (cwd, "sub", "x.csv", NULL);
  g_autoptr(OtDataset) case_ds = ot_test_load ("sub/x.csv", text);
  g_autoptr(OtDataset) updated = ot_test_load (full, "id,date,mineral,origin\nX-1,2024,gallium,CN\n");
  g_autoptr(OtDataset) elsewhere = ot_test_load ("other/x.csv", "id,date,mineral,origin\nX-1,2024,gallium,CN\n");
  g_autoptr(OtReimport) diff = NULL;
  g_autoptr(OtReimport) other = NULL;

  ot_dataset_add_file (updated, full);
  diff = ot_reimport_diff (case_ds, updated, NULL, NULL);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_REMOVED), ==, 1);
  g_assert_cmpstr (find_row (diff, "X-2")->id, ==, "X-2");
  /* Another folder's x.csv is another file: nothing of the case is its. */
  ot_dataset_add_file (elsewhere, "other/x.csv");
  other = ot_reimport_diff (case_ds, elsewhere, NULL, NULL);
  g_assert_cmpuint (ot_reimport_count (other, OT_REIMPORT_REMOVED), ==, 0);
  g_assert_cmpuint (ot_reimport_get_n_unchanged (other), ==, 1);
}

static void
test_reimport_apply (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(OtDataset) case_ds = load_path (fx->path);
  g_autoptr(OtDocument) doc = ot_document_new (case_ds);
  g_autofree char *updated = updated_text (fx->original);
  g_autofree char *before = ot_document_dump (doc);
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  g_autoptr(OtReimport) diff = NULL;
  g_autoptr(OtDataset) expected = NULL;
  g_autoptr(GError) error = NULL;
  OtDataset *result;
  guint n;

  write_file (fx->path, updated);
  expected = load_path (fx->path);
  diff = diff_document (doc, fx->path);
  g_assert_true (ot_reimport_apply (diff, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ot_document_get_n_commands (doc), ==, 1);
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Re-import of incidents.csv");

  /* The case now holds the updated file's incidents, field by field. */
  result = ot_document_get_dataset (doc);
  n = ot_dataset_get_n_incidents (result);
  g_assert_cmpuint (n, ==, ot_dataset_get_n_incidents (expected));
  for (guint i = 0; i < ot_dataset_get_n_incidents (expected); i++)
    {
      const OtIncident *want = ot_dataset_get_incident (expected, i);
      gint index = ot_dataset_find (result, want->id);

      g_assert_cmpint (index, >=, 0);
      assert_same_incident (ot_dataset_get_incident (result, index), want);
    }
  g_assert_cmpint (ot_dataset_find (result, REMOVED), ==, -1);
  /* The corrected incident in its place (one removal before it? none:
   * it is the third row), the new one last. */
  g_assert_cmpint (ot_dataset_find (result, CORRECTED), ==, ot_dataset_find (case_ds, CORRECTED));
  g_assert_cmpfloat (ot_dataset_get_incident (result, ot_dataset_find (result, CORRECTED))->quantity_kg,
                     ==, 650);
  g_assert_cmpint (ot_dataset_find (result, ADDED), ==, (gint) n - 1);
  /* Incidents after the removed one kept their order. */
  for (guint i = 0, j = 0; i < ot_dataset_get_n_incidents (case_ds); i++)
    {
      const char *id = ot_dataset_get_incident (case_ds, i)->id;

      if (strcmp (id, REMOVED) == 0)
        continue;
      g_assert_cmpstr (ot_dataset_get_incident (result, j++)->id, ==, id);
    }

  after = ot_document_dump (doc);
  g_assert_cmpstr (after, !=, before);
  g_assert_true (ot_document_undo (doc));
  undone = ot_document_dump (doc);
  g_assert_cmpstr (undone, ==, before);
  g_assert_true (ot_document_redo (doc));
  redone = ot_document_dump (doc);
  g_assert_cmpstr (redone, ==, after);
}

/* A correction after a removed row: the replaced index is counted after
 * the removal (ot_document_edit_incidents ()). */
static void
test_reimport_apply_after_removal (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(OtDataset) case_ds = load_path (fx->path);
  g_autoptr(OtDocument) doc = ot_document_new (case_ds);
  g_autofree char *a = edit_row (fx->original, "CMI-2024-0001", NULL);
  g_autofree char *b = edit_field (a, "REAL-2026-0002", ",seized,", ",charged,");
  g_autoptr(OtReimport) diff = NULL;
  g_autoptr(GError) error = NULL;
  OtDataset *result;
  gint index;

  write_file (fx->path, b);
  diff = diff_document (doc, fx->path);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_REMOVED), ==, 1);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_CHANGED), ==, 1);
  g_assert_true (ot_reimport_apply (diff, doc, &error));
  g_assert_no_error (error);
  result = ot_document_get_dataset (doc);
  g_assert_cmpuint (ot_dataset_get_n_incidents (result), ==, 59);
  index = ot_dataset_find (result, "REAL-2026-0002");
  g_assert_cmpint (index, ==, ot_dataset_find (case_ds, "REAL-2026-0002") - 1);
  g_assert_cmpint (ot_dataset_get_incident (result, index)->status, ==, OT_STATUS_CHARGED);
  /* The one before it is untouched. */
  g_assert_cmpint (ot_dataset_get_incident (result, index - 1)->status, ==,
                   ot_dataset_get_incident (case_ds, index)->status);
  g_assert_cmpstr (ot_dataset_get_incident (result, index - 1)->id, ==,
                   ot_dataset_get_incident (case_ds, index)->id);
}

/* A row of the updated file that the loader rejects is a problem with its
 * line, and its incident stays in the case: kept, not removed. */
static void
test_reimport_error_row (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(OtDataset) case_ds = load_path (fx->path);
  g_autoptr(OtDocument) doc = ot_document_new (case_ds);
  g_autofree char *updated = updated_text (fx->original);
  g_autofree char *broken = edit_field (updated, BROKEN, BROKEN ",2025,", BROKEN ",2025-13-45,");
  g_autoptr(OtReimport) diff = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  gboolean reported = FALSE;
  const OtReimportRow *row;

  write_file (fx->path, broken);
  diff = diff_document (doc, fx->path);
  log_diff (diff);
  g_assert_cmpuint (ot_reimport_get_n_errors (diff), ==, 1);
  problems = ot_reimport_get_problems (diff);
  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *p = problems->pdata[i];
      g_autofree char *text = ot_problem_to_string (p);

      g_test_message ("%s", text);
      if (p->severity == OT_SEVERITY_ERROR && p->line == 7 && g_str_has_suffix (p->file, "incidents.csv"))
        reported = TRUE;
    }
  g_assert_true (reported);

  row = find_row (diff, BROKEN);
  g_assert_nonnull (row);
  g_assert_cmpint (row->kind, ==, OT_REIMPORT_KEPT);
  /* Nothing of that file is removed while it has rows that could not be
   * read: the removed row could be one of them. */
  row = find_row (diff, REMOVED);
  g_assert_cmpint (row->kind, ==, OT_REIMPORT_KEPT);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_REMOVED), ==, 0);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_KEPT), ==, 2);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_CHANGED), ==, 1);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_ADDED), ==, 1);

  g_assert_true (ot_reimport_apply (diff, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ot_dataset_find (ot_document_get_dataset (doc), BROKEN), >=, 0);
  g_assert_cmpint (ot_dataset_find (ot_document_get_dataset (doc), REMOVED), >=, 0);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_document_get_dataset (doc)), ==, 61);
}

/* A file that cannot be read at all removes nothing. */
static void
test_reimport_unreadable (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(OtDataset) case_ds = load_path (fx->path);
  g_autoptr(OtDocument) doc = ot_document_new (case_ds);
  g_autoptr(OtReimport) diff = NULL;

  write_file (fx->path, "");
  diff = diff_document (doc, fx->path);
  g_assert_cmpuint (ot_reimport_get_n_errors (diff), >=, 1);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_REMOVED), ==, 0);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_KEPT), ==, 60);
  g_assert_true (ot_reimport_is_empty (diff));
  g_assert_false (ot_reimport_apply (diff, doc, NULL));
  g_assert_cmpuint (ot_document_get_n_commands (doc), ==, 0);
}

/* Incidents of another file of the case, and one added by hand, are not
 * the re-imported file's: never removed. */
static void
test_reimport_other_files (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *demo = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "illustrative-demo.csv", NULL);
  const char *paths[] = { fx->path, demo, NULL };
  g_autoptr(OtDataset) case_ds = ot_test_load_paths (paths);
  g_autoptr(OtDocument) doc = ot_document_new (case_ds);
  g_autofree char *updated = updated_text (fx->original);
  g_autoptr(OtReimport) diff = NULL;
  g_autoptr(GError) error = NULL;
  OtIncident by_hand = *ot_dataset_get_incident (case_ds, 0);
  g_autofree char *before = NULL;

  by_hand.id = "TEST-BY-HAND-1";
  by_hand.file = NULL;
  by_hand.line = 0;
  g_assert_cmpuint (ot_dataset_get_n_incidents (case_ds), ==, 85);
  g_assert_true (ot_document_add_incident (doc, &by_hand, &error));
  g_assert_no_error (error);
  before = ot_document_dump (doc);

  write_file (fx->path, updated);
  diff = diff_document (doc, fx->path);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_REMOVED), ==, 1);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_ADDED), ==, 1);
  g_assert_cmpuint (ot_reimport_count (diff, OT_REIMPORT_CHANGED), ==, 1);
  g_assert_true (ot_reimport_apply (diff, doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_document_get_dataset (doc)), ==, 86);
  g_assert_cmpint (ot_dataset_find (ot_document_get_dataset (doc), "TEST-BY-HAND-1"), >=, 0);
  g_assert_cmpint (ot_dataset_find (ot_document_get_dataset (doc), "ILL-0001"), >=, 0);
  g_assert_true (ot_document_undo (doc));
  {
    g_autofree char *undone = ot_document_dump (doc);

    g_assert_cmpstr (undone, ==, before);
  }
}

/* A diff of a version the document has left is not applied. */
static void
test_reimport_stale (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(OtDataset) case_ds = load_path (fx->path);
  g_autoptr(OtDocument) doc = ot_document_new (case_ds);
  g_autofree char *updated = updated_text (fx->original);
  g_autoptr(OtReimport) diff = NULL;
  g_autoptr(GError) error = NULL;
  guint index = 10;

  write_file (fx->path, updated);
  diff = diff_document (doc, fx->path);
  g_assert_true (ot_document_delete_incidents (doc, &index, 1, NULL));
  g_assert_false (ot_reimport_apply (diff, doc, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_assert_cmpuint (ot_document_get_n_commands (doc), ==, 1);
}

static void
test_reimport_cancelled (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(OtDataset) case_ds = load_path (fx->path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (ot_reimport_diff (case_ds, case_ds, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reimport/diff", test_reimport_diff);
  ADD ("/reimport/columns", test_reimport_columns);
  g_test_add_func ("/reimport/extra-column", test_reimport_extra_column);
  g_test_add_func ("/reimport/file-names", test_reimport_file_names);
  ADD ("/reimport/apply", test_reimport_apply);
  ADD ("/reimport/apply-after-removal", test_reimport_apply_after_removal);
  ADD ("/reimport/error-row", test_reimport_error_row);
  ADD ("/reimport/unreadable", test_reimport_unreadable);
  ADD ("/reimport/other-files", test_reimport_other_files);
  ADD ("/reimport/stale", test_reimport_stale);
  ADD ("/reimport/cancelled", test_reimport_cancelled);
#undef ADD

  return g_test_run ();
}
