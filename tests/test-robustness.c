/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bad input of every kind docs/robustness.md lists: for each, the
 * message, its line, and that the good rows (or the good files loaded
 * with it) survive.  Large inputs are generated here, never committed. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ot-csv.h"
#include "ot-loader.h"
#include "ot-test-load.h"
#include "ot-loader-private.h"
#include "ot-writer.h"

#define HEADER "id,date,mineral,origin,quantity,unit,notes\n"
#define ROW(id) id ",2024-07,antimony,CN,25,t,fine\n"
#define JSON_ROW(id) "{\"id\": \"" id "\", \"date\": \"2024\", \"mineral\": \"Sb\", \"origin\": \"CN\"}"

/* --- Helpers ------------------------------------------------------------ */

static void
dump_problems (OtDataset *ds)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);

  for (guint i = 0; i < problems->len && i < 40; i++)
    {
      g_autofree char *s = ot_problem_to_string (problems->pdata[i]);
      g_test_message ("%s", s);
    }
}

/* Asserts a problem of @severity on @line of a file whose name ends with
 * @file, containing @needle. */
static void
assert_problem (OtDataset  *ds,
                const char *file,
                guint       line,
                OtSeverity  severity,
                const char *needle)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);

  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *p = problems->pdata[i];

      if (p->line == line && p->severity == severity && g_str_has_suffix (p->file, file) &&
          strstr (p->message, needle) != NULL)
        return;
    }
  dump_problems (ds);
  g_error ("no %s in %s:%u containing \"%s\"",
           severity == OT_SEVERITY_ERROR ? "error" : "warning", file, line, needle);
}

/* Asserts incident @id was loaded from @line. */
static void
assert_loaded (OtDataset  *ds,
               const char *id,
               guint       line)
{
  gint index = ot_dataset_find (ds, id);

  if (index < 0)
    {
      dump_problems (ds);
      g_error ("incident %s not loaded", id);
    }
  g_assert_cmpuint (ot_dataset_get_incident (ds, index)->line, ==, line);
}

typedef struct {
  char *dir;
} Folder;

static void
folder_set_up (Folder        *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ot-robust-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_chmod (path, 0755);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
folder_tear_down (Folder        *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
write_file (Folder     *f,
            const char *name,
            const char *data,
            gssize      length)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Loads the files (NULL-terminated paths) with ot_loader_load_files(). */
static OtDataset *
load_paths (const char *first,
            ...)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  OtDataset *ds;
  va_list args;

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (files, g_file_new_for_path (p));
  va_end (args);

  ds = ot_loader_load_files ((GFile **) files->pdata, files->len, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

/* A good file to load next to a bad one: its rows must survive. */
static char *
write_good (Folder *f)
{
  return write_file (f, "good.csv", HEADER ROW ("GOOD-1") ROW ("GOOD-2"), -1);
}

static void
assert_good_file (OtDataset *ds)
{
  assert_loaded (ds, "GOOD-1", 2);
  assert_loaded (ds, "GOOD-2", 3);
}

/* --- Truncated, empty, header only -------------------------------------- */

static void
test_truncated (Folder        *f,
                gconstpointer  data)
{
  g_autoptr(OtDataset) quote = ot_test_load ("cut.csv", HEADER ROW ("A1") "A2,2024,Sb,CN,1,kg,\"cut in the mid");
  g_autoptr(OtDataset) row = ot_test_load ("cut-row.csv", HEADER ROW ("A1") "A2,2024");
  g_autoptr(OtDataset) lines = ot_test_load ("cut.jsonl", JSON_ROW ("L1") "\n" JSON_ROW ("L2") "\n{\"id\": \"L3\", \"da");
  g_autofree char *doc = write_file (f, "cut.json", "[" JSON_ROW ("J1") ",\n {\"id\": \"J2\", \"da", -1);
  g_autofree char *good = write_good (f);
  g_autoptr(OtDataset) files = load_paths (doc, good, NULL);

  assert_problem (quote, "cut.csv", 3, OT_SEVERITY_ERROR, "quoted field is never closed");
  assert_loaded (quote, "A1", 2);
  g_assert_cmpuint (ot_dataset_get_n_incidents (quote), ==, 1);

  assert_problem (row, "cut-row.csv", 3, OT_SEVERITY_WARNING, "row has 2 fields but the header has 7");
  assert_problem (row, "cut-row.csv", 3, OT_SEVERITY_ERROR, "missing mineral");
  assert_loaded (row, "A1", 2);

  assert_problem (lines, "cut.jsonl", 3, OT_SEVERITY_ERROR, "not valid JSON");
  assert_loaded (lines, "L1", 1);
  assert_loaded (lines, "L2", 2);

  /* A JSON document that does not parse loses the whole file, not the
   * other files. */
  assert_problem (files, "cut.json", 2, OT_SEVERITY_ERROR, "not valid JSON");
  assert_problem (files, "cut.json", 2, OT_SEVERITY_ERROR, "nothing loaded from this file");
  g_assert_cmpint (ot_dataset_find (files, "J1"), <, 0);
  assert_good_file (files);
}

static void
test_empty (Folder        *f,
            gconstpointer  data)
{
  g_autofree char *empty = write_file (f, "empty.csv", "", 0);
  g_autofree char *blank = write_file (f, "blank.jsonl", " \r\n\n\t\n", -1);
  g_autofree char *good = write_good (f);
  g_autoptr(OtDataset) ds = load_paths (empty, blank, good, NULL);

  assert_problem (ds, "empty.csv", 0, OT_SEVERITY_ERROR, "file is empty");
  assert_problem (ds, "blank.jsonl", 0, OT_SEVERITY_ERROR, "file is empty");
  assert_good_file (ds);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
}

static void
test_header_only (Folder        *f,
                  gconstpointer  data)
{
  g_autofree char *header = write_file (f, "header.csv", HEADER "\r\n\n", -1);
  g_autofree char *good = write_good (f);
  g_autoptr(OtDataset) ds = load_paths (header, good, NULL);

  assert_problem (ds, "header.csv", 0, OT_SEVERITY_WARNING,
                  "no incidents: the file has a header but no rows");
  assert_good_file (ds);
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
}

/* --- Not UTF-8 text ------------------------------------------------------ */

static void
test_binary (Folder        *f,
             gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  guint8 png[4096] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };
  guint8 high[4096];
  g_autofree char *png_path = NULL;
  g_autofree char *high_path = NULL;
  g_autofree char *good = write_good (f);
  g_autoptr(OtDataset) ds = NULL;

  for (guint i = 12; i < sizeof png; i++)
    png[i] = g_rand_int_range (rand, 0, 256);
  /* No NUL byte, but not UTF-8 either. */
  for (guint i = 0; i < sizeof high; i++)
    high[i] = g_rand_int_range (rand, 0x80, 0x100);
  png_path = write_file (f, "image.csv", (const char *) png, sizeof png);
  high_path = write_file (f, "noise.json", (const char *) high, sizeof high);
  ds = load_paths (png_path, high_path, good, NULL);

  assert_problem (ds, "image.csv", 0, OT_SEVERITY_ERROR, "not a text file (NUL byte at offset 8)");
  assert_problem (ds, "noise.json", 1, OT_SEVERITY_ERROR, "not UTF-8 text (invalid byte 0x");
  assert_good_file (ds);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
}

static void
test_invalid_utf8 (Folder        *f,
                   gconstpointer  data)
{
  g_autofree char *latin1 = write_file (f, "latin1.csv",
                                        HEADER ROW ("A1") "A2,2024,Sb,T\xfcrkiye,,,\n" ROW ("A3"), -1);
  g_autofree char *good = write_good (f);
  g_autoptr(OtDataset) ds = load_paths (latin1, good, NULL);

  /* The whole file is refused (its encoding is wrong, so every row is
   * suspect), with the line of the first bad byte; other files load. */
  assert_problem (ds, "latin1.csv", 3, OT_SEVERITY_ERROR,
                  "not UTF-8 text (invalid byte 0xfc); save the file as UTF-8");
  g_assert_cmpint (ot_dataset_find (ds, "A1"), <, 0);
  assert_good_file (ds);
}

static void
test_nul_bytes (Folder        *f,
                gconstpointer  data)
{
  static const char text[] = HEADER ROW ("A1") "A2,2024,S\0b,CN,,,\n";
  g_autofree char *nul = write_file (f, "nul.csv", text, sizeof text - 1);
  g_autofree char *good = write_good (f);
  g_autoptr(OtDataset) ds = load_paths (nul, good, NULL);
  g_autofree char *expected = g_strdup_printf ("NUL byte at offset %u",
                                               (guint) (strlen (HEADER ROW ("A1")) + 9));

  assert_problem (ds, "nul.csv", 0, OT_SEVERITY_ERROR, expected);
  assert_good_file (ds);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
}

static void
test_utf16 (Folder        *f,
            gconstpointer  data)
{
  const char *text = HEADER ROW ("U1");
  g_autoptr(GError) error = NULL;
  gsize n_le = 0, n_be = 0;
  g_autofree char *le = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &n_le, &error);
  g_autofree char *be = g_convert (text, -1, "UTF-16BE", "UTF-8", NULL, &n_be, NULL);
  g_autofree char *le_bom = g_malloc (n_le + 2);
  g_autofree char *be_bom = g_malloc (n_be + 2);
  g_autofree char *le_path = NULL, *be_path = NULL;
  g_autofree char *good = write_good (f);
  g_autoptr(OtDataset) ds = NULL;

  g_assert_no_error (error);
  memcpy (le_bom, "\xFF\xFE", 2);
  memcpy (le_bom + 2, le, n_le);
  memcpy (be_bom, "\xFE\xFF", 2);
  memcpy (be_bom + 2, be, n_be);
  le_path = write_file (f, "excel-le.csv", le_bom, n_le + 2);
  be_path = write_file (f, "excel-be.csv", be_bom, n_be + 2);
  ds = load_paths (le_path, be_path, good, NULL);

  assert_problem (ds, "excel-le.csv", 0, OT_SEVERITY_ERROR, "the file is UTF-16 text");
  assert_problem (ds, "excel-be.csv", 0, OT_SEVERITY_ERROR, "save it as UTF-8");
  g_assert_cmpint (ot_dataset_find (ds, "U1"), <, 0);
  assert_good_file (ds);
}

/* --- Size ----------------------------------------------------------------- */

#define TEN_MB (10 * 1024 * 1024)

static void
test_huge_field (void)
{
  g_autoptr(GString) csv = g_string_new (HEADER ROW ("A1") "A2,2024,Sb,CN,1,kg,\"");
  g_autoptr(GString) json = g_string_new ("[" JSON_ROW ("J1") ",\n{\"id\": \"J2\", \"date\": \"2024\", "
                                          "\"mineral\": \"Sb\", \"origin\": \"CN\", \"notes\": \"");
  g_autoptr(GString) lines = g_string_new (JSON_ROW ("L1") "\n{\"id\": \"L2\", \"notes\": \"");
  g_autoptr(OtDataset) ds_csv = NULL, ds_json = NULL, ds_lines = NULL;
  g_autofree char *filler = g_strnfill (TEN_MB / 1000 - 1, 'x');

  /* 10 MB in a quoted field spanning 1,000 lines: the lines after it
   * are still counted right. */
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (csv, "%s\n", filler);
  g_string_append (csv, "\"\n" ROW ("A3"));
  ds_csv = ot_test_load_len ("field.csv", csv->str, csv->len);
  assert_problem (ds_csv, "field.csv", 1003, OT_SEVERITY_ERROR, "field is longer than the limit");
  assert_loaded (ds_csv, "A1", 2);
  assert_loaded (ds_csv, "A3", 1004);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds_csv), ==, 2);

  for (guint i = 0; i < 1000; i++)
    g_string_append (json, filler);
  g_string_append (json, "\"},\n" JSON_ROW ("J3") "]\n");
  ds_json = ot_test_load_len ("field.json", json->str, json->len);
  assert_problem (ds_json, "field.json", 2, OT_SEVERITY_ERROR,
                  "value of key notes is longer than the 1 MiB limit");
  assert_loaded (ds_json, "J1", 1);
  assert_loaded (ds_json, "J3", 3);

  for (guint i = 0; i < 1000; i++)
    g_string_append (lines, filler);
  g_string_append (lines, "\"}\n" JSON_ROW ("L3") "\n");
  ds_lines = ot_test_load_len ("field.jsonl", lines->str, lines->len);
  assert_problem (ds_lines, "field.jsonl", 2, OT_SEVERITY_ERROR, "line is longer than the 4 MiB limit");
  assert_loaded (ds_lines, "L1", 1);
  assert_loaded (ds_lines, "L3", 3);
}

static void
test_many_columns (void)
{
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin");
  g_autoptr(OtDataset) ds = NULL;
  const OtIncident *c2;

  for (guint i = 5; i <= 100000; i++)
    g_string_append_printf (text, ",c%u", i);
  g_string_append (text, "\nC1,2024,Sb,CN");
  for (guint i = 5; i <= 100000; i++)
    g_string_append (text, ",");
  g_string_append (text, "\nC2,2024,Sb,CN");
  for (guint i = 5; i <= 100000; i++)
    g_string_append_printf (text, ",%u", i);
  g_string_append (text, "\nC3,2024,Sb,CN,1,2,3,4\n");   /* 8 fields of 100,000 */
  ds = ot_test_load_len ("wide.csv", text->str, text->len);

  /* Named once, the list cut short. */
  assert_problem (ds, "wide.csv", 1, OT_SEVERITY_WARNING,
                  "unknown columns kept as extra attributes: c5, c6, c7");
  assert_problem (ds, "wide.csv", 1, OT_SEVERITY_WARNING, "c24 and 99976 more");
  assert_problem (ds, "wide.csv", 4, OT_SEVERITY_WARNING, "row has 8 fields but the header has 100000");
  assert_loaded (ds, "C1", 2);
  assert_loaded (ds, "C3", 4);
  c2 = ot_dataset_get_incident (ds, ot_dataset_find (ds, "C2"));
  g_assert_cmpuint (c2->n_extras, ==, 99996);
  g_assert_cmpstr (c2->extras[99995].key, ==, "c100000");
  g_assert_cmpstr (c2->extras[99995].value, ==, "100000");
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 2);
}

static void
test_many_rows (void)
{
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin\nG1,2024,Sb,CN\n");
  g_autoptr(OtDataset) ds = NULL;

  for (guint i = 0; i < 1000000; i++)
    g_string_append_printf (text, "x%u\n", i);
  g_string_append (text, "G2,2025,Ga,CN\n");
  ds = ot_test_load_len ("tall.csv", text->str, text->len);

  /* Every row is rejected and counted; the first problems are listed
   * with their lines, the rest counted in one warning. */
  assert_problem (ds, "tall.csv", 3, OT_SEVERITY_WARNING, "row has 1 fields but the header has 4");
  assert_problem (ds, "tall.csv", 3, OT_SEVERITY_ERROR, "missing date");
  assert_problem (ds, "tall.csv", 0, OT_SEVERITY_WARNING, "more problems in this file are not listed");
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, OT_LOADER_MAX_PROBLEMS + 1);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 1000000);
  assert_loaded (ds, "G1", 2);
  assert_loaded (ds, "G2", 1000003);
}

/* The limits, lowered so that reaching them takes a few rows. */
static void
test_limits (void)
{
  OtLoaderLimits saved = ot_loader_limits;
  g_autoptr(GString) rows = g_string_new ("id,date,mineral,origin\n");
  g_autoptr(GString) bad = g_string_new ("id,date,mineral,origin\n");
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtDataset) noisy = NULL;
  g_autoptr(OtDataset) doc = NULL;
  const char *json = "[" JSON_ROW ("J1") "]";

  for (guint i = 1; i <= 150; i++)
    g_string_append_printf (rows, "R%u,2024,Sb,CN\n", i);
  for (guint i = 1; i <= 200; i++)
    g_string_append_printf (bad, "B%u,2024,Sb,Narnia\n", i);

  ot_loader_limits.max_incidents = 100;
  ot_loader_limits.max_problems = 50;
  ot_loader_limits.max_json_document = strlen (json) - 1;

  g_assert_true (ot_loader_load_data (ds, "first.csv", rows->str, rows->len, NULL, NULL));
  g_assert_true (ot_loader_load_data (ds, "second.csv", rows->str, rows->len, NULL, NULL));
  noisy = ot_test_load_len ("noisy.csv", bad->str, bad->len);
  doc = ot_test_load ("doc.json", json);
  ot_loader_limits = saved;

  /* The incident limit: the row that reaches it and the rest of the
   * file are not loaded; rows before it are. */
  assert_problem (ds, "first.csv", 102, OT_SEVERITY_ERROR, "too many incidents: a data set holds at most 100");
  assert_problem (ds, "second.csv", 2, OT_SEVERITY_ERROR, "too many incidents");
  assert_loaded (ds, "R100", 101);
  g_assert_cmpint (ot_dataset_find (ds, "R101"), <, 0);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 100);
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 2);

  /* The problem limit: 50 listed, 150 counted. */
  assert_problem (noisy, "noisy.csv", 51, OT_SEVERITY_ERROR, "unknown country \"Narnia\"");
  assert_problem (noisy, "noisy.csv", 0, OT_SEVERITY_WARNING,
                  "150 more problems in this file are not listed (at most 50 are)");
  g_assert_cmpuint (ot_dataset_get_problems (noisy)->len, ==, 51);
  g_assert_cmpuint (ot_dataset_get_n_rejected (noisy), ==, 200);

  assert_problem (doc, "doc.json", 0, OT_SEVERITY_ERROR, "JSON document too large");
  assert_problem (doc, "doc.json", 0, OT_SEVERITY_ERROR, "save large sets as JSON Lines");
  g_assert_cmpuint (ot_dataset_get_n_incidents (doc), ==, 0);
}

/* --- Syntax ----------------------------------------------------------------- */

static void
test_unbalanced_quotes (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("quotes.csv",
    HEADER
    ROW ("A1")                                    /* 2 */
    "A2,2024,Sb,\"CN,1,kg,never closed\n"         /* 3 */
    ROW ("A3")                                    /* 4 */
    "A4,2024,Sb,CN,1,kg,he said \"hi\"\n"          /* 5: a quote inside a field is text */
    "\"A5\"x,2024,Sb,CN,1,kg,\n"                   /* 6 */
    ROW ("A6"));                                  /* 7 */

  g_autoptr(OtDataset) open = ot_test_load ("open.csv", HEADER ROW ("B1") "B2,2024,Sb,\"CN\n" ROW ("B3"));

  /* A stray quote swallows the text up to the next quote; only its own
   * line is lost. */
  assert_problem (ds, "quotes.csv", 3, OT_SEVERITY_ERROR, "unbalanced quote");
  assert_problem (ds, "quotes.csv", 6, OT_SEVERITY_ERROR, "unexpected text after a closing quote");
  assert_loaded (ds, "A1", 2);
  assert_loaded (ds, "A3", 4);
  assert_loaded (ds, "A4", 5);
  assert_loaded (ds, "A6", 7);
  g_assert_cmpstr (ot_dataset_get_incident (ds, ot_dataset_find (ds, "A4"))->notes, ==,
                   "he said \"hi\"");
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 4);

  assert_problem (open, "open.csv", 3, OT_SEVERITY_ERROR, "quoted field is never closed");
  assert_loaded (open, "B1", 2);
  assert_loaded (open, "B3", 4);
}

static void
test_line_ends (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("mixed.csv",
    "id,date,mineral,origin,notes\r\n"            /* 1 */
    "M1,2024,Sb,CN,lf\n"                          /* 2 */
    "M2,2024,Sb,CN,crlf\r\n"                      /* 3 */
    "M3,2024,Sb,CN,cr\r"                          /* 4 */
    "M4,2024,Sb,CN,\"two\r\nlines\"\n"            /* 5-6 */
    "\r\n"                                        /* 7 */
    "M5,2024,Sb,CN,last");                        /* 8, no line end */

  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 0);
  assert_loaded (ds, "M1", 2);
  assert_loaded (ds, "M2", 3);
  assert_loaded (ds, "M3", 4);
  assert_loaded (ds, "M4", 5);
  assert_loaded (ds, "M5", 8);
  g_assert_cmpstr (ot_dataset_get_incident (ds, ot_dataset_find (ds, "M4"))->notes, ==, "two\r\nlines");
  g_assert_cmpstr (ot_dataset_get_incident (ds, ot_dataset_find (ds, "M3"))->notes, ==, "cr");
}

static char *
nested (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  g_string_append_c (s, '1');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
test_deep_json (void)
{
  g_autofree char *deep = nested (100000);
  g_autofree char *fine = nested (OT_LOADER_MAX_JSON_DEPTH - 3);
  g_autofree char *doc = g_strconcat ("{\"incidents\": [\n" JSON_ROW ("J1") ",\n", deep, "\n]}", NULL);
  g_autofree char *lines = g_strconcat (JSON_ROW ("L1") "\n",
                                        "{\"id\": \"L2\", \"date\": \"2024\", \"mineral\": \"Sb\", "
                                        "\"origin\": \"CN\", \"x\": ", deep, "}\n",
                                        "{\"id\": \"L3\", \"date\": \"2024\", \"mineral\": \"Sb\", "
                                        "\"origin\": \"CN\", \"x\": ", fine, "}\n", NULL);
  g_autoptr(OtDataset) ds_doc = ot_test_load ("deep.json", doc);
  g_autoptr(OtDataset) ds_lines = ot_test_load ("deep.jsonl", lines);
  g_autoptr(OtDataset) ds_first = ot_test_load ("first.json", deep);

  /* A document: nothing from it (it cannot be parsed), with the line. */
  assert_problem (ds_doc, "deep.json", 3, OT_SEVERITY_ERROR, "JSON nested more than 64 levels deep");
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds_doc), ==, 0);
  assert_problem (ds_first, "first.json", 1, OT_SEVERITY_ERROR, "nested more than 64 levels");

  /* JSON Lines: that line only.  An extra value 61 levels deep is kept. */
  assert_problem (ds_lines, "deep.jsonl", 2, OT_SEVERITY_ERROR, "nested more than 64 levels deep; line skipped");
  assert_loaded (ds_lines, "L1", 1);
  assert_loaded (ds_lines, "L3", 3);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds_lines), ==, 2);
}

static void
test_wrong_shape (void)
{
  static const struct { const char *name, *text, *message; guint line; } whole[] = {
    { "object.json", "{\"incidents\": {\"id\": \"A\"}}", "JSON must be an array of incidents", 0 },
    { "other.json", "{\"data\": [" JSON_ROW ("A") "]}", "JSON must be an array of incidents", 0 },
    { "number.json", "42\n", "the header on line 1 has no column id", 0 },
    { "string.json", "\"incidents\"\n", "the header on line 1 has no column id", 0 },
  };
  g_autoptr(OtDataset) mixed = ot_test_load ("mixed.json",
    "[\n"
    " 1,\n"                                                   /* 2 */
    " \"A\",\n"                                               /* 3 */
    " null,\n"                                                /* 4 */
    " [" JSON_ROW ("N1") "],\n"                               /* 5 */
    " {\"id\": \"T1\", \"date\": {\"year\": 2024}, \"mineral\": \"Sb\", \"origin\": \"CN\"},\n"  /* 6 */
    " {\"id\": [\"T2\"], \"date\": \"2024\", \"mineral\": \"Sb\", \"origin\": \"CN\"},\n"         /* 7 */
    " " JSON_ROW ("OK") "\n"                                  /* 8 */
    "]\n");

  g_autoptr(OtDataset) two = ot_test_load ("two.json", "{\"a\": 1,\n \"b\": 2}\n" JSON_ROW ("T9") "\n");
  g_autoptr(OtDataset) two_lines = ot_test_load ("two.jsonl", JSON_ROW ("T1") JSON_ROW ("T2") "\n"
                                                 JSON_ROW ("T3") "\n");

  /* Several values where one is expected: json-glib would keep the last
   * and drop (and leak) the others. */
  assert_problem (two, "two.json", 3, OT_SEVERITY_ERROR,
                  "not valid JSON (a second value starts after the end of the first)");
  g_assert_cmpuint (ot_dataset_get_n_incidents (two), ==, 0);
  assert_problem (two_lines, "two.jsonl", 1, OT_SEVERITY_ERROR, "a second value starts");
  assert_loaded (two_lines, "T3", 2);
  g_assert_cmpuint (ot_dataset_get_n_incidents (two_lines), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      g_autoptr(OtDataset) ds = ot_test_load (whole[i].name, whole[i].text);

      assert_problem (ds, whole[i].name, whole[i].line, OT_SEVERITY_ERROR, whole[i].message);
      g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 0);
    }

  assert_problem (mixed, "mixed.json", 2, OT_SEVERITY_ERROR, "incident 1 is not a JSON object");
  assert_problem (mixed, "mixed.json", 3, OT_SEVERITY_ERROR, "incident 2 is not a JSON object");
  assert_problem (mixed, "mixed.json", 4, OT_SEVERITY_ERROR, "incident 3 is not a JSON object");
  assert_problem (mixed, "mixed.json", 5, OT_SEVERITY_ERROR, "incident 4 is not a JSON object");
  assert_problem (mixed, "mixed.json", 6, OT_SEVERITY_ERROR, "key date holds an object");
  assert_problem (mixed, "mixed.json", 7, OT_SEVERITY_ERROR, "key id holds an array");
  assert_loaded (mixed, "OK", 8);
  g_assert_cmpuint (ot_dataset_get_n_incidents (mixed), ==, 1);
}

/* --- Values --------------------------------------------------------------- */

static void
test_duplicate_ids (Folder        *f,
                    gconstpointer  data)
{
  g_autofree char *a = write_file (f, "a.csv", HEADER ROW ("D1") ROW ("D2") ROW ("D1"), -1);
  g_autofree char *b = write_file (f, "b.jsonl", JSON_ROW ("D2") "\n" JSON_ROW ("D3") "\n", -1);
  g_autoptr(OtDataset) ds = load_paths (a, b, NULL);
  g_autoptr(OtDataset) more = ot_test_load ("c.csv", HEADER ROW ("D3") ROW ("D4"));

  /* In one file an error (a typo?), across files a warning (the same
   * report twice); the first one stays. */
  assert_problem (ds, "a.csv", 4, OT_SEVERITY_ERROR, "duplicate id \"D1\" (first on line 2)");
  assert_problem (ds, "b.jsonl", 1, OT_SEVERITY_WARNING, "duplicate id \"D2\" (first seen in");
  assert_loaded (ds, "D1", 2);
  assert_loaded (ds, "D2", 3);
  assert_loaded (ds, "D3", 2);

  ot_dataset_merge (ds, more);
  assert_problem (ds, "c.csv", 2, OT_SEVERITY_WARNING, "duplicate id \"D3\"");
  assert_loaded (ds, "D4", 3);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 4);
}

static void
test_unknown_country (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("places.csv",
    "id,date,mineral,origin,via,destination\n"
    "P1,2024,Sb,CN,TH,US\n"                       /* 2 */
    "P2,2024,Sb,Narnia,,US\n"                     /* 3 */
    "P3,2024,Sb,CN,Atlantis:Port Royal,US\n"      /* 4 */
    "P4,2024,Sb,ZZ,,unknown\n"                    /* 5: ISO's unknown: no place */
    "P5,2024,Sb,Viet Nam,,the Netherlands\n");    /* 6 */

  assert_problem (ds, "places.csv", 3, OT_SEVERITY_ERROR, "unknown country \"Narnia\" in column origin");
  assert_problem (ds, "places.csv", 4, OT_SEVERITY_ERROR, "unknown country \"Atlantis\" in hop 1 of column via");
  assert_problem (ds, "places.csv", 5, OT_SEVERITY_ERROR, "no place given");
  assert_loaded (ds, "P1", 2);
  assert_loaded (ds, "P5", 6);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
}

static void
test_quantity (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("qty.csv",
    "id,date,mineral,origin,quantity,unit\n"
    "Q1,2024,Sb,CN,25,t\n"            /* 2 */
    "Q2,2024,Sb,CN,-5,kg\n"           /* 3 */
    "Q3,2024,Sb,CN,1e308,t\n"         /* 4: finite, but not in kg */
    "Q4,2024,Sb,CN,1e400,kg\n"        /* 5 */
    "Q5,2024,Sb,CN,inf,kg\n"          /* 6 */
    "Q6,2024,Sb,CN,1e9,kg\n"          /* 7: the most one record holds */
    "Q7,2024,Sb,CN,0,g\n");           /* 8 */
  const OtIncident *q6;

  assert_problem (ds, "qty.csv", 3, OT_SEVERITY_ERROR, "negative number \"-5\" in column quantity");
  assert_problem (ds, "qty.csv", 4, OT_SEVERITY_ERROR, "quantity 1e+308 is too large");
  assert_problem (ds, "qty.csv", 5, OT_SEVERITY_ERROR, "invalid number \"1e400\" in column quantity");
  assert_problem (ds, "qty.csv", 6, OT_SEVERITY_ERROR, "invalid number \"inf\" in column quantity");
  assert_loaded (ds, "Q1", 2);
  assert_loaded (ds, "Q6", 7);
  assert_loaded (ds, "Q7", 8);
  q6 = ot_dataset_get_incident (ds, ot_dataset_find (ds, "Q6"));
  g_assert_cmpfloat (q6->quantity_kg, ==, 1e9);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 3);
}

static void
test_impossible_date (void)
{
  static const char *const bad[] = {
    "2024-02-30", "2023-02-29", "2024-06-31", "2024-13", "2024-00", "2024-07-00", "0000",
  };
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin\nOK1,2024-02-29,Sb,CN\n");
  g_autoptr(OtDataset) ds = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_string_append_printf (text, "B%u,%s,Sb,CN\n", i, bad[i]);
  g_string_append (text, "OK2,9999-12-31,Sb,CN\n");
  ds = ot_test_load_len ("dates.csv", text->str, text->len);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message = g_strdup_printf ("impossible date \"%s\" in column date", bad[i]);
      assert_problem (ds, "dates.csv", 3 + i, OT_SEVERITY_ERROR, message);
    }
  assert_loaded (ds, "OK1", 2);
  assert_loaded (ds, "OK2", 3 + G_N_ELEMENTS (bad));
  assert_problem (ds, "dates.csv", 3 + G_N_ELEMENTS (bad), OT_SEVERITY_WARNING, "is in the future");
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
}

/* Text that a spreadsheet would run as a formula is data here: loaded
 * as written, never evaluated, and written back as it was. */
static void
test_formula_text (void)
{
  static const char *const formulas[] = {
    "=HYPERLINK(\"http://example.org\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
  };
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin,exporter,notes\n");
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(OtDataset) again = NULL;
  g_autoptr(GBytes) written = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_string_append_printf (text, "F%u,2024,Sb,CN,", i);
      ot_csv_append_field (text, formulas[i]);
      g_string_append_c (text, ',');
      ot_csv_append_field (text, formulas[i]);
      g_string_append_c (text, '\n');
    }
  ds = ot_test_load_len ("formulas.csv", text->str, text->len);
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 0);

  written = ot_writer_to_bytes (ds, OT_FORMAT_CSV);
  again = ot_test_load_len ("written.csv", g_bytes_get_data (written, NULL), g_bytes_get_size (written));
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autofree char *id = g_strdup_printf ("F%u", i);
      const OtIncident *a = ot_dataset_get_incident (ds, ot_dataset_find (ds, id));
      const OtIncident *b = ot_dataset_get_incident (again, ot_dataset_find (again, id));

      g_assert_cmpuint (a->line, ==, 2 + i);
      g_assert_cmpstr (a->notes, ==, formulas[i]);
      g_assert_cmpstr (a->exporter, ==, formulas[i]);
      g_assert_cmpstr (b->notes, ==, formulas[i]);
      g_assert_cmpstr (b->exporter, ==, formulas[i]);
    }
}

/* --- Files ------------------------------------------------------------------ */

static void
test_directory (Folder        *f,
                gconstpointer  data)
{
  g_autofree char *good = write_good (f);
  g_autofree char *sub = g_build_filename (f->dir, "looks-like.csv", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty-folder", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.csv", NULL);
  g_autoptr(OtDataset) ds = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  /* The folder gives its regular incident files (not the folder named
   * like one, not the FIFO); a FIFO named directly is refused without
   * waiting for a writer; an empty folder says so. */
  ds = load_paths (f->dir, empty, fifo, NULL);
  assert_good_file (ds);
  assert_problem (ds, "empty-folder", 0, OT_SEVERITY_WARNING, "no incident or trade files");
  assert_problem (ds, "pipe.csv", 0, OT_SEVERITY_ERROR, "not a regular file");
  g_assert_cmpuint (g_strv_length ((char **) ot_dataset_get_files (ds)), ==, 2);
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 2);
}

typedef struct {
  const char *victim;
  gboolean    truncate;   /* else delete */
  gboolean    done;
} Sabotage;

/* Called from the loader (progress), while a file is being parsed. */
static void
sabotage (double   fraction,
          gpointer data)
{
  Sabotage *s = data;

  if (s->done || fraction <= 0.0 || fraction >= 1.0)
    return;
  s->done = TRUE;
  if (s->truncate)
    {
      /* Another program rewrites the file while it is loaded. */
      g_assert_cmpint (truncate (s->victim, 0), ==, 0);
      g_assert_true (g_file_set_contents (s->victim, "id,date\nX,2024\n", -1, NULL));
    }
  else
    g_assert_cmpint (g_remove (s->victim), ==, 0);
}

static char *
write_many (Folder     *f,
            const char *name,
            guint       n)
{
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s-%u,2024,Sb,CN\n", name, i);
  return write_file (f, name, text->str, text->len);
}

static OtDataset *
load_sabotaged (GFile    **files,
                guint      n,
                Sabotage  *s)
{
  g_autoptr(GError) error = NULL;
  OtDataset *ds = ot_loader_load_files (files, n, NULL, sabotage, s, &error);

  g_assert_no_error (error);
  g_assert_true (s->done);
  return ds;
}

static void
test_disappearing_file (Folder        *f,
                        gconstpointer  data)
{
  g_autofree char *a = write_many (f, "a.csv", 20000);
  g_autofree char *b = write_many (f, "b.csv", 10);
  g_autoptr(GFile) fa = g_file_new_for_path (a);
  g_autoptr(GFile) fb = g_file_new_for_path (b);
  GFile *both[] = { fa, fb };
  Sabotage later = { b, FALSE, FALSE };
  Sabotage itself = { NULL, FALSE, FALSE };
  g_autoptr(OtDataset) ds = load_sabotaged (both, 2, &later);
  g_autoptr(OtDataset) ds2 = NULL;

  /* b.csv is deleted while a.csv is loading: a.csv whole, b.csv an error. */
  assert_problem (ds, "b.csv", 0, OT_SEVERITY_ERROR, "cannot open the file: No such file or directory");
  assert_loaded (ds, "a.csv-0", 2);
  assert_loaded (ds, "a.csv-19999", 20001);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 20000);

  /* Deleted while it is itself being loaded: what was read loads. */
  g_free (b);
  b = write_many (f, "b.csv", 10);
  itself.victim = a;
  ds2 = load_sabotaged (both, 2, &itself);
  g_assert_false (g_file_test (a, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds2), ==, 20010);
  g_assert_cmpuint (ot_dataset_get_problems (ds2)->len, ==, 0);
}

static void
test_changing_file (Folder        *f,
                    gconstpointer  data)
{
  g_autofree char *a = write_many (f, "a.csv", 20000);
  g_autoptr(GFile) fa = g_file_new_for_path (a);
  GFile *files[] = { fa };
  Sabotage change = { a, TRUE, FALSE };
  g_autoptr(OtDataset) ds = load_sabotaged (files, 1, &change);
  g_autofree char *now = NULL;

  /* Truncated and rewritten while being parsed (this killed a loader
   * that mapped the file with SIGBUS): the rows as read all load. */
  g_assert_true (g_file_get_contents (a, &now, NULL, NULL));
  g_assert_cmpstr (now, ==, "id,date\nX,2024\n");
  assert_loaded (ds, "a.csv-19999", 20001);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 20000);
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 0);
}

/* Loading never writes: content and modification time stay, and a file
 * nobody may write loads. */
static void
test_read_only (Folder        *f,
                gconstpointer  data)
{
  g_autofree char *csv = write_file (f, "ro.csv", HEADER ROW ("R1") ROW ("R2"), -1);
  g_autofree char *json = write_file (f, "ro.json", "[" JSON_ROW ("R3") "]", -1);
  g_autofree char *before_csv = NULL, *before_json = NULL, *after_csv = NULL, *after_json = NULL;
  struct stat st_csv, st_json, after;
  g_autoptr(OtDataset) ds = NULL;

  g_assert_cmpint (g_chmod (csv, 0444), ==, 0);
  g_assert_cmpint (g_chmod (json, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  g_assert_true (g_file_get_contents (csv, &before_csv, NULL, NULL));
  g_assert_true (g_file_get_contents (json, &before_json, NULL, NULL));
  g_assert_cmpint (stat (csv, &st_csv), ==, 0);
  g_assert_cmpint (stat (json, &st_json), ==, 0);
  g_usleep (20000);   /* a write now would show in the mtime */

  ds = load_paths (f->dir, NULL);
  assert_loaded (ds, "R1", 2);
  assert_loaded (ds, "R2", 3);
  assert_loaded (ds, "R3", 1);

  g_assert_true (g_file_get_contents (csv, &after_csv, NULL, NULL));
  g_assert_true (g_file_get_contents (json, &after_json, NULL, NULL));
  g_assert_cmpstr (after_csv, ==, before_csv);
  g_assert_cmpstr (after_json, ==, before_json);
  g_assert_cmpint (stat (csv, &after), ==, 0);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, st_csv.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, st_csv.st_mtim.tv_nsec);
  g_assert_cmpint (after.st_mode & 0777, ==, 0444);
  g_assert_cmpint (stat (json, &after), ==, 0);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, st_json.st_mtim.tv_nsec);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, st_json.st_mtim.tv_sec);
}

/* Saving incidents replaces the file atomically: a temporary file in the
 * same folder renamed over it (a new inode), nothing left behind. */
static void
test_save_atomic (Folder        *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (f, "saved.csv", "old contents\n", -1);
  g_autofree char *folder_target = g_build_filename (f->dir, "folder.csv", NULL);
  g_autoptr(OtDataset) ds = ot_test_load ("in.csv", HEADER ROW ("S1") ROW ("S2"));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder_target);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(OtDataset) again = NULL;
  g_autofree char *contents = NULL;
  struct stat before, after;
  guint n_names = 0;

  g_assert_cmpint (stat (path, &before), ==, 0);
  g_assert_true (ot_writer_save (ds, OT_FORMAT_CSV, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  again = ot_test_load ("saved.csv", contents);
  assert_loaded (again, "S1", 2);
  assert_loaded (again, "S2", 3);

  /* A save that cannot be done fails whole. */
  g_assert_cmpint (g_mkdir (folder_target, 0755), ==, 0);
  g_assert_false (ot_writer_save (ds, OT_FORMAT_CSV, folder_file, NULL, &error));
  g_assert_nonnull (error);

  dir = g_dir_open (f->dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_names++;
  g_assert_cmpuint (n_names, ==, 2);   /* saved.csv, folder.csv: no temporary file */
}

/* --- Cancel: nothing changes ------------------------------------------------ */

static void
cancel_now (double   fraction,
            gpointer data)
{
  if (fraction > 0.0 && fraction < 1.0)
    g_cancellable_cancel (data);
}

typedef struct {
  guint n_incidents;
  guint n_problems;
  guint n_files;
  guint n_rejected;
} Snapshot;

static Snapshot
snapshot (OtDataset *ds)
{
  return (Snapshot) {
    ot_dataset_get_n_incidents (ds),
    ot_dataset_get_problems (ds)->len,
    g_strv_length ((char **) ot_dataset_get_files (ds)),
    ot_dataset_get_n_rejected (ds),
  };
}

static void
assert_same (OtDataset *ds,
             Snapshot   before)
{
  Snapshot now = snapshot (ds);

  g_assert_cmpuint (now.n_incidents, ==, before.n_incidents);
  g_assert_cmpuint (now.n_problems, ==, before.n_problems);
  g_assert_cmpuint (now.n_files, ==, before.n_files);
  g_assert_cmpuint (now.n_rejected, ==, before.n_rejected);
}

/* The core half of "a cancelled or failed load leaves the dataset as it
 * was": ot_loader_load_files() builds a new dataset and returns it only
 * when complete; the caller merges it (ot_dataset_merge) only then. */
static void
test_cancel (Folder        *f,
             gconstpointer  data)
{
  g_autofree char *good = write_good (f);
  g_autofree char *big = write_many (f, "big.csv", 20000);
  g_autoptr(GFile) fbig = g_file_new_for_path (big);
  GFile *files[] = { fbig };
  g_autoptr(OtDataset) shown = load_paths (good, NULL);
  Snapshot before = snapshot (shown);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(OtDataset) loaded = NULL;

      /* Cancelled before it starts, then half-way through the file. */
      if (round == 0)
        g_cancellable_cancel (cancellable);
      loaded = ot_loader_load_files (files, 1, cancellable, round ? cancel_now : NULL,
                                     cancellable, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (loaded);
      assert_same (shown, before);
    }

  /* A load whose files all fail still succeeds, with the problems: the
   * caller decides whether to merge it. */
  {
    g_autofree char *missing = g_build_filename (f->dir, "gone.csv", NULL);
    g_autoptr(OtDataset) failed = load_paths (missing, NULL);

    g_assert_cmpuint (ot_dataset_get_n_incidents (failed), ==, 0);
    assert_problem (failed, "gone.csv", 0, OT_SEVERITY_ERROR, "cannot open the file");
    assert_same (shown, before);
  }

  /* A complete load merges. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OtDataset) loaded = ot_loader_load_files (files, 1, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    ot_dataset_merge (shown, loaded);
    g_assert_cmpuint (ot_dataset_get_n_incidents (shown), ==, before.n_incidents + 20000);
    assert_good_file (shown);
  }
}

#define ADD(path, func) \
  g_test_add (path, Folder, NULL, folder_set_up, func, folder_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/robustness/truncated", test_truncated);
  ADD ("/robustness/empty", test_empty);
  ADD ("/robustness/header-only", test_header_only);
  ADD ("/robustness/binary", test_binary);
  ADD ("/robustness/invalid-utf8", test_invalid_utf8);
  ADD ("/robustness/nul-bytes", test_nul_bytes);
  ADD ("/robustness/utf16-bom", test_utf16);
  g_test_add_func ("/robustness/huge-field", test_huge_field);
  g_test_add_func ("/robustness/many-columns", test_many_columns);
  g_test_add_func ("/robustness/many-rows", test_many_rows);
  g_test_add_func ("/robustness/limits", test_limits);
  g_test_add_func ("/robustness/unbalanced-quotes", test_unbalanced_quotes);
  g_test_add_func ("/robustness/line-ends", test_line_ends);
  g_test_add_func ("/robustness/deep-json", test_deep_json);
  g_test_add_func ("/robustness/wrong-shape", test_wrong_shape);
  ADD ("/robustness/duplicate-ids", test_duplicate_ids);
  g_test_add_func ("/robustness/unknown-country", test_unknown_country);
  g_test_add_func ("/robustness/quantity", test_quantity);
  g_test_add_func ("/robustness/impossible-date", test_impossible_date);
  g_test_add_func ("/robustness/formula-text", test_formula_text);
  ADD ("/robustness/directory", test_directory);
  ADD ("/robustness/disappearing-file", test_disappearing_file);
  ADD ("/robustness/changing-file", test_changing_file);
  ADD ("/robustness/read-only", test_read_only);
  ADD ("/robustness/save-atomic", test_save_atomic);
  ADD ("/robustness/cancel", test_cancel);

  return g_test_run ();
}
