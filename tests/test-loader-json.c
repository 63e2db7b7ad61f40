/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON and JSON Lines read by yajl (issue 20): the same incidents as CSV,
 * and the same incidents, problems, lines and messages as json-glib's
 * reader (ot_loader_limits.json_glib_only), malformed records included. */
#include <math.h>
#include <string.h>

#include "ot-dataset-dump.h"
#include "ot-generator.h"
#include "ot-loader-private.h"
#include "ot-test-load.h"

/* @text read as @name by json-glib alone (the reader before issue 20). */
static OtDataset *
load_glib (const char *name,
           const char *text,
           gsize       length)
{
  OtDataset *ds;

  ot_loader_limits.json_glib_only = TRUE;
  ds = ot_test_load_len (name, text, length);
  ot_loader_limits.json_glib_only = FALSE;
  return ds;
}

/* Loads @text both ways and asserts that everything agrees: incidents
 * (file, line and every field), problems in order, rejected count.
 * Returns yajl's load; *@glib_records: records yajl left to json-glib. */
static OtDataset *
load_both (const char *name,
           const char *text,
           gsize       length,
           guint      *glib_records)
{
  g_autoptr(OtDataset) reference = load_glib (name, text, length);
  guint before = ot_loader_stats.n_json_glib;
  OtDataset *ds = ot_test_load_len (name, text, length);
  g_autofree char *expected = ot_test_describe_dataset (reference);
  g_autofree char *got = ot_test_describe_dataset (ds);

  g_assert_cmpstr (got, ==, expected);
  if (glib_records != NULL)
    *glib_records = ot_loader_stats.n_json_glib - before;
  return ds;
}

/* Every field of each incident, but the file and line. */
static void
assert_same_incidents (OtDataset *a,
                       OtDataset *b)
{
  g_assert_cmpuint (ot_dataset_get_n_incidents (a), ==, ot_dataset_get_n_incidents (b));
  for (guint i = 0; i < ot_dataset_get_n_incidents (a); i++)
    {
      const OtIncident *x = ot_dataset_get_incident (a, i);
      const OtIncident *y = ot_dataset_get_incident (b, i);
      g_autoptr(GString) tx = g_string_new (NULL);
      g_autoptr(GString) ty = g_string_new (NULL);

      ot_writer_json_record (tx, x, FALSE);
      ot_writer_json_record (ty, y, FALSE);
      g_assert_cmpstr (tx->str, ==, ty->str);
      /* The numbers bit for bit (the text rounds them). */
      g_assert_true (memcmp (&x->quantity_kg, &y->quantity_kg, sizeof (double)) == 0 ||
                     (isnan (x->quantity_kg) && isnan (y->quantity_kg)));
      g_assert_true (memcmp (&x->value, &y->value, sizeof (double)) == 0 ||
                     (isnan (x->value) && isnan (y->value)));
    }
}

static OtDataset *
load_generated (OtFormat    format,
                const char *name,
                guint       count,
                guint      *glib_records)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, count, format);
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);

  if (format == OT_FORMAT_CSV)
    return ot_test_load_len (name, text, length);
  return load_both (name, text, length, glib_records);
}

/* The same generated incidents as CSV, a JSON array and JSON Lines. */
static void
test_same_as_csv (void)
{
  guint glib_json = 0, glib_lines = 0;
  g_autoptr(OtDataset) csv = load_generated (OT_FORMAT_CSV, "set.csv", 3000, NULL);
  g_autoptr(OtDataset) json = load_generated (OT_FORMAT_JSON, "set.json", 3000, &glib_json);
  g_autoptr(OtDataset) lines = load_generated (OT_FORMAT_JSONL, "set.jsonl", 3000, &glib_lines);

  g_assert_cmpuint (ot_dataset_get_n_incidents (csv), ==, 3000);
  g_assert_cmpuint (ot_dataset_get_problems (csv)->len, ==, 0);
  g_assert_cmpuint (ot_dataset_get_problems (json)->len, ==, 0);
  g_assert_cmpuint (ot_dataset_get_problems (lines)->len, ==, 0);
  assert_same_incidents (csv, json);
  assert_same_incidents (csv, lines);
  /* yajl read every record itself. */
  g_assert_cmpuint (glib_json, ==, 0);
  g_assert_cmpuint (glib_lines, ==, 0);
}

/* Records that are wrong in every way, between good ones. */
static const char *const bad_lines[] = {
  /* 1 */ "{\"id\": \"B-1\", \"date\": \"2024-01-01\", \"mineral\": \"gallium\", \"quantity\": 5, "
          "\"unit\": \"kg\", \"origin\": \"CN\", \"destination\": \"VN\", \"source\": \"s\"}",
  /* 2: truncated */
          "{\"id\": \"B-2\", \"date\": \"2024-01-02\", \"mineral\": \"gall",
  /* 3: wrong types */
          "{\"id\": \"B-3\", \"date\": \"2024-01-03\", \"mineral\": \"gallium\", \"quantity\": [1, 2], "
          "\"status\": {\"a\": 1}, \"via\": [[\"TH\"]], \"origin\": \"CN\", \"source\": \"s\"}",
  /* 4: an unpaired surrogate escape (json-glib refuses the string) */
          "{\"id\": \"B-4\", \"date\": \"2024-01-04\", \"mineral\": \"gallium\", "
          "\"notes\": \"caf\\ud800\", \"origin\": \"CN\", \"source\": \"s\"}",
  /* 5: a number out of range */
          "{\"id\": \"B-5\", \"date\": \"2024-01-05\", \"mineral\": \"gallium\", \"quantity\": 1e400, "
          "\"unit\": \"kg\", \"origin\": \"CN\", \"source\": \"s\"}",
  /* 6: a key given twice: json-glib keeps the last value */
          "{\"id\": \"B-6\", \"date\": \"2024-01-06\", \"mineral\": \"gallium\", \"id\": \"B-6b\", "
          "\"origin\": \"CN\", \"source\": \"s\"}",
  /* 7: nested 70 deep (filled in below) */
          NULL,
  /* 8: a NUL escape */
          "{\"id\": \"B-8\", \"date\": \"2024-01-08\", \"mineral\": \"gallium\", "
          "\"notes\": \"a\\u0000b\", \"origin\": \"CN\", \"source\": \"s\"}",
  /* 9: an integer past 64 bits, as an extra */
          "{\"id\": \"B-9\", \"date\": \"2024-01-09\", \"mineral\": \"gallium\", "
          "\"batch\": 123456789012345678901234, \"origin\": \"CN\", \"source\": \"s\"}",
  /* 10: a second value on the line */
          "{\"id\": \"B-10\", \"date\": \"2024-01-10\", \"mineral\": \"gallium\"} {\"id\": \"x\"}",
  /* 11: good, after all of them */
          "{\"id\": \"B-11\", \"date\": \"2024-01-11\", \"mineral\": \"antimony\", \"quantity\": 2.5, "
          "\"unit\": \"t\", \"via\": [\"TH:Laem Chabang\", {\"country\": \"MY\"}], "
          "\"concealment\": [\"false declaration\", \"hidden\"], \"extra key\": \"x\", "
          "\"source\": \"s\"}",
};

static char *
bad_text (gboolean with_nesting)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_lines); i++)
    {
      if (bad_lines[i] != NULL)
        g_string_append (text, bad_lines[i]);
      else if (with_nesting)
        {
          g_string_append (text, "{\"id\": \"B-7\", \"deep\": ");
          for (guint d = 0; d < 70; d++)
            g_string_append_c (text, '[');
          for (guint d = 0; d < 70; d++)
            g_string_append_c (text, ']');
          g_string_append (text, "}");
        }
      else
        g_string_append (text, "{\"id\": \"B-7\", \"date\": \"2024-01-07\", \"mineral\": \"tin\"}");
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static void
assert_problem (OtDataset  *ds,
                guint       line,
                const char *needle)
{
  g_assert_nonnull (ot_test_find_problem (ds, line, OT_SEVERITY_ERROR, needle));
}

static void
test_malformed_lines (void)
{
  g_autofree char *text = bad_text (TRUE);
  guint glib_records = 0;
  g_autoptr(OtDataset) ds = load_both ("bad.jsonl", text, strlen (text), &glib_records);
  const OtIncident *b11;

  assert_problem (ds, 2, "not valid JSON");
  assert_problem (ds, 3, "key quantity holds an array");
  assert_problem (ds, 3, "key status holds an object");
  assert_problem (ds, 3, "hop 1 of key via is not a string or an object");
  assert_problem (ds, 4, "not valid JSON");
  assert_problem (ds, 5, "quantity");
  assert_problem (ds, 7, "nested more than 64 levels");
  assert_problem (ds, 8, "NUL character");
  assert_problem (ds, 10, "a second value");
  /* The rest loads: the good records, the last value of a key given
   * twice, and the number past 64 bits kept as json-glib reads it. */
  g_assert_cmpint (ot_dataset_find (ds, "B-1"), >=, 0);
  g_assert_cmpint (ot_dataset_find (ds, "B-6b"), >=, 0);
  g_assert_cmpint (ot_dataset_find (ds, "B-9"), >=, 0);
  g_assert_cmpint (ot_dataset_find (ds, "B-11"), >=, 0);
  b11 = ot_dataset_get_incident (ds, ot_dataset_find (ds, "B-11"));
  g_assert_cmpuint (b11->line, ==, 11);
  g_assert_cmpuint (b11->n_via, ==, 2);
  g_assert_cmpfloat (b11->quantity_kg, ==, 2500);
  g_assert_cmpstr (b11->concealment, ==, "false declaration; hidden");
  /* Lines 2, 4, 5, 6, 7, 8, 9 and 10 went to json-glib; 1, 3 and 11 not. */
  g_assert_cmpuint (glib_records, ==, 8);
}

/* Numbers in every form yajl passes as written to a quantity or a value
 * (and prints, as json-glib does, anywhere else): the same incidents,
 * bit for bit, and the same problems as json-glib's. */
static void
test_number_forms (void)
{
  static const char text[] =
    "{\"id\": \"N-1\", \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \"quantity\": 18.963, \"value\": 0.10}\n"
    "{\"id\": \"N-2\", \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \"quantity\": 1.5e3, \"unit\": \"g\"}\n"
    "{\"id\": \"N-3\", \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \"quantity\": 4.35, \"unit\": \"t\"}\n"
    "{\"id\": \"N-4\", \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \"quantity\": 123456789.123456789123}\n"
    "{\"id\": \"N-5\", \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \"quantity\": -2.50}\n"
    "{\"id\": \"N-6\", \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \"quantity\": 0.0, \"value\": 1E-2}\n"
    "{\"id\": \"N-7\", \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \" Quantity \": 7.250, \"hs_code\": 2811.290}\n"
    "{\"id\": \"N-8\", \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \"quantity\": 1e400}\n"
    "{\"id\": 1.10, \"date\": \"2025-01\", \"origin\": \"CN\", \"mineral\": \"gallium\", \"case_ref\": 0.5, \"quantity\": 3.0}\n";
  guint glib_records = 0;
  g_autoptr(OtDataset) ds = load_both ("numbers.jsonl", text, strlen (text), &glib_records);
  g_autoptr(OtDataset) reference = load_glib ("numbers.jsonl", text, strlen (text));
  const OtIncident *n1;

  assert_same_incidents (ds, reference);
  n1 = ot_dataset_get_incident (ds, ot_dataset_find (ds, "N-1"));
  g_assert_cmpfloat (n1->quantity_kg, ==, 18.963);
  g_assert_cmpfloat (n1->value, ==, 0.1);
  assert_problem (ds, 5, "negative number");
  /* Only the number past a double's range went to json-glib. */
  g_assert_cmpuint (glib_records, ==, 1);
}

/* The same records as a JSON array, one or several lines each: a
 * problem is on the line where its record starts. */
static void
test_malformed_array (void)
{
  g_autofree char *lines = bad_text (FALSE);
  g_auto(GStrv) records = g_strsplit (lines, "\n", -1);
  g_autoptr(GString) text = g_string_new ("[\n");
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(OtDataset) ds = NULL;
  guint line = 2;

  for (guint i = 0; records[i] != NULL && records[i][0] != '\0'; i++)
    {
      g_autofree char *record = NULL;

      if (i == 1 || i == 3 || i == 9)
        continue;   /* truncated, a surrogate json-glib refuses, two values: the
                     * whole document would be refused */
      /* Each record over two lines, the second one's key on the next. */
      record = g_strdup (records[i]);
      g_array_append_val (starts, line);
      if (strstr (record, ", \"source\"") != NULL)
        {
          char *cut = strstr (record, ", \"source\"");

          *cut = '\0';
          g_string_append_printf (text, "  %s,\n    %s", record, cut + 2);
          line++;
        }
      else
        g_string_append_printf (text, "  %s", record);
      g_string_append (text, records[i + 1] != NULL && records[i + 1][0] != '\0' ? ",\n" : "\n");
      line++;
    }
  g_string_append (text, "]\n");

  ds = load_both ("bad.json", text->str, text->len, NULL);
  /* Records 3, 5 and 8 of the lines above, here the 2nd, 3rd and 6th. */
  assert_problem (ds, g_array_index (starts, guint, 1), "key quantity holds an array");
  assert_problem (ds, g_array_index (starts, guint, 2), "quantity");
  assert_problem (ds, g_array_index (starts, guint, 5), "NUL character");
  g_assert_cmpuint (g_array_index (starts, guint, 5), >, 6);
  g_assert_cmpint (ot_dataset_find (ds, "B-6b"), >=, 0);
  g_assert_cmpuint (ot_dataset_get_incident (ds, ot_dataset_find (ds, "B-11"))->line, ==,
                    g_array_index (starts, guint, starts->len - 1));
}

/* A document with a syntax error near its end loads nothing, as before. */
static void
test_document_error_late (void)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (3, 500, OT_FORMAT_JSON);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *text = g_strndup (data, length);
  char *end = strrchr (text, ']');
  g_autoptr(OtDataset) ds = NULL;

  g_assert_nonnull (end);
  *end = '\0';   /* the array is never closed */
  ds = load_both ("late.json", text, strlen (text), NULL);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 0);
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 1);
  g_assert_nonnull (strstr (((OtProblem *) ot_dataset_get_problems (ds)->pdata[0])->message,
                            "nothing loaded"));

  /* Also when the incident limit was reached before the error (json-glib
   * parses the whole document first); and without the error, the limit's
   * message on the same record. */
  {
    OtLoaderLimits saved = ot_loader_limits;
    g_autoptr(OtDataset) limited = NULL;
    g_autoptr(OtDataset) whole = NULL;

    ot_loader_limits.max_incidents = 10;
    limited = load_both ("late.json", text, strlen (text), NULL);
    g_assert_cmpuint (ot_dataset_get_n_incidents (limited), ==, 0);
    whole = load_both ("limit.json", data, length, NULL);
    g_assert_cmpuint (ot_dataset_get_n_incidents (whole), ==, 10);
    ot_loader_limits = saved;
  }
}

/* JSON Lines cut into pieces that two threads read (forced here on any
 * machine): the same as one thread, also when an id repeats across
 * pieces (read again by one thread) and with malformed lines. */
static void
test_two_threads (void)
{
  OtLoaderLimits saved = ot_loader_limits;
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (11, 4000, OT_FORMAT_JSONL);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *bad = bad_text (TRUE);
  g_autoptr(GString) text = g_string_new_len (data, (gssize) length);
  guint split, rejoined;
  const char *mid;
  g_autoptr(OtDataset) a = NULL;
  g_autoptr(OtDataset) b = NULL;
  g_autoptr(OtDataset) c = NULL;

  ot_loader_limits.parallel_min_bytes = 0;
  ot_loader_limits.piece_bytes = 4096;
  ot_loader_limits.max_problems = 7;   /* listed across pieces as by one thread */
  split = ot_loader_stats.n_split;
  rejoined = ot_loader_stats.n_rejoined;
  a = load_both ("set.jsonl", text->str, text->len, NULL);
  g_assert_cmpuint (ot_dataset_get_n_incidents (a), ==, 4000);
  g_assert_cmpuint (ot_loader_stats.n_split, ==, split + 1);
  g_assert_cmpuint (ot_loader_stats.n_rejoined, ==, rejoined);

  /* Malformed lines in the middle, unknown keys first seen in a piece. */
  mid = strchr (text->str + text->len / 2, '\n');
  g_string_insert (text, mid - text->str + 1, bad);
  b = load_both ("bad.jsonl", text->str, text->len, NULL);
  g_assert_cmpuint (ot_loader_stats.n_rejoined, ==, rejoined);

  /* An id again near the end: the piece holding it is read again. */
  ot_loader_limits.max_problems = saved.max_problems;
  g_string_append (text, "{\"id\": \"B-1\", \"date\": \"2024-02-01\", \"mineral\": \"gallium\", "
                         "\"origin\": \"CN\", \"source\": \"s\"}\n");
  c = load_both ("again.jsonl", text->str, text->len, NULL);
  g_assert_nonnull (ot_test_find_problem (c, 4000 + G_N_ELEMENTS (bad_lines) + 1,
                                          OT_TEST_ANY_SEVERITY, "B-1"));
  g_assert_cmpuint (ot_loader_stats.n_rejoined, ==, rejoined + 1);

  ot_loader_limits = saved;
}

/* @text loaded as @name with the document cut into pieces of about 4 KiB
 * (forced on any machine), and by json-glib alone: the same. */
static OtDataset *
load_doc_split (const char *name,
                const char *text,
                guint       rejoins)
{
  OtLoaderLimits saved = ot_loader_limits;
  guint split = ot_loader_stats.n_split, rejoined = ot_loader_stats.n_rejoined;
  OtDataset *ds;

  ot_loader_limits.parallel_min_bytes = 0;
  ot_loader_limits.piece_bytes = 4096;
  ds = load_both (name, text, strlen (text), NULL);
  ot_loader_limits = saved;
  g_assert_cmpuint (ot_loader_stats.n_split, ==, split + 1);
  g_assert_cmpuint (ot_loader_stats.n_rejoined, ==, rejoined + rejoins);
  return ds;
}

/* A JSON document read by two threads (issue 20): the same incidents,
 * lines, problems and messages as one reader, whatever the pieces hold. */
static void
test_document_two_threads (void)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (13, 2000, OT_FORMAT_JSON);
  g_autofree char *generated = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GString) text = NULL;
  g_autoptr(OtDataset) whole = NULL;
  g_autoptr(OtDataset) array = NULL;
  g_autoptr(OtDataset) tail = NULL;
  g_autoptr(OtDataset) pretty = NULL;
  g_autoptr(OtDataset) not_object = NULL;
  g_autoptr(OtDataset) again = NULL;
  g_autoptr(OtDataset) broken = NULL;
  guint key_line = 0;
  char *p;

  /* {"incidents": [...]} as the generator writes it. */
  whole = load_doc_split ("set.json", generated, 0);
  g_assert_cmpuint (ot_dataset_get_n_incidents (whole), ==, 2000);
  g_assert_cmpuint (ot_dataset_get_problems (whole)->len, ==, 0);
  g_assert_cmpuint (ot_dataset_get_incident (whole, 1999)->line, ==, 2001);

  /* A bare array, and the object with a key after its array. */
  text = g_string_new (strchr (generated, '['));
  g_string_truncate (text, strrchr (text->str, ']') - text->str + 1);
  array = load_doc_split ("array.json", text->str, 0);
  assert_same_incidents (whole, array);
  g_string_assign (text, generated);
  g_string_truncate (text, strrchr (text->str, ']') - text->str + 1);
  g_string_append (text, ",\n \"note\": {\"made\": [1, 2]},\n \"more\": \"x\"}\n");
  tail = load_doc_split ("tail.json", text->str, 0);
  assert_same_incidents (whole, tail);

  /* Records over two lines each (as an indenting writer splits them),
   * with an unknown key and problems first seen in later pieces. */
  g_string_assign (text, generated);
  g_string_replace (text, ", \"source\"", ",\n    \"source\"", 0);
  p = strstr (text->str + text->len / 2, "\"source\"");
  g_string_insert (text, p - text->str, "\"odd key\": 1, \"quantity\": -3, ");
  for (const char *q = text->str; q < p; q++)
    key_line += *q == '\n';   /* the record starts on the line before */
  pretty = load_doc_split ("pretty.json", text->str, 0);
  g_assert_cmpuint (ot_dataset_get_n_incidents (pretty), ==, 1999);   /* -3 kg: refused */
  g_assert_cmpuint (ot_dataset_get_incident (pretty, 1998)->line, ==, 2 + 2 * 1999);
  g_assert_nonnull (ot_test_find_problem (pretty, key_line, OT_SEVERITY_WARNING, "odd key"));

  /* A record that is no object, late: its message needs its index in the
   * array, so that piece on is read again by one thread. */
  g_string_assign (text, generated);
  p = strrchr (text->str, ']');
  g_string_insert (text, p - text->str, ", \"no record\"\n");
  not_object = load_doc_split ("not-object.json", text->str, 1);
  g_assert_nonnull (ot_test_find_problem (not_object, 2002, OT_TEST_ANY_SEVERITY,
                                          "incident 2001 is not a JSON object"));

  /* An id again in the last piece: read again too. */
  g_string_assign (text, generated);
  p = strrchr (text->str, ']');
  g_string_insert (text, p - text->str, ", {\"id\": \"SYN-13-0000005\", \"date\": \"2024\", "
                                        "\"mineral\": \"Sb\", \"origin\": \"CN\", \"source\": \"s\"}\n");
  again = load_doc_split ("again.json", text->str, 1);
  g_assert_cmpuint (ot_dataset_get_n_incidents (again), ==, 2000);
  g_assert_nonnull (ot_test_find_problem (again, 2002, OT_TEST_ANY_SEVERITY, "SYN-13-0000005"));

  /* A syntax error in the middle: nothing loaded, json-glib's message. */
  g_string_assign (text, generated);
  p = strstr (text->str + text->len / 2, "\"date\": ");
  g_string_overwrite (text, p - text->str, "\"date\" ! ");
  broken = load_doc_split ("broken.json", text->str, 1);
  g_assert_cmpuint (ot_dataset_get_n_incidents (broken), ==, 0);
  g_assert_cmpuint (ot_dataset_get_problems (broken)->len, ==, 1);
  g_assert_nonnull (strstr (((OtProblem *) ot_dataset_get_problems (broken)->pdata[0])->message,
                            "nothing loaded"));
}

/* Random documents cut at random sizes: records over several lines, via
 * hops as objects whose "},\n{" looks like a record's end, unknown keys,
 * records that are no object; always what json-glib reads. */
static void
test_document_random_cuts (void)
{
  OtLoaderLimits saved = ot_loader_limits;
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (17, 400, OT_FORMAT_JSONL);
  g_auto(GStrv) records = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  guint split = ot_loader_stats.n_split;

  for (guint32 seed = 1; seed <= 24; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GString) text = g_string_new (g_rand_boolean (rand) ? "[\n" : "{\"incidents\": [\n");
      g_autoptr(OtDataset) ds = NULL;
      guint n = 0;

      for (guint i = 0; records[i] != NULL && records[i][0] != '\0'; i++)
        {
          g_autoptr(GString) record = g_string_new (records[i]);

          switch (g_rand_int_range (rand, 0, 8))
            {
            case 0:   /* over several lines */
              g_string_replace (record, ", \"", ",\n    \"", 0);
              break;
            case 1:   /* hops as objects, one a line */
              {
                const char *via = strstr (record->str, "\"via\": [\"");
                const char *end = via != NULL ? strstr (via, "\"]") : NULL;

                /* One hop, "CC" or "CC:port": its country as an object. */
                if (end != NULL && memchr (via, ',', end - via) == NULL && end - via >= 12)
                  {
                    g_autofree char *hop = g_strndup (via + 9, 2);
                    gsize at = via - record->str;

                    g_string_erase (record, at, end + 2 - via);
                    g_string_insert (record, at, "]");
                    g_string_insert (record, at, hop);
                    g_string_insert (record, at, "\"via\": [{\"country\": \"TH\"},\n{\"country\": \"");
                    g_string_insert (record, at + strlen ("\"via\": [{\"country\": \"TH\"},\n{\"country\": \"") + 2, "\"}");
                  }
              }
              break;
            case 2:
              g_string_insert (record, 1, "\"odd\": 1, ");
              break;
            case 3:
              if (g_rand_int_range (rand, 0, 4) == 0)
                g_string_assign (record, "\"no record\"");
              break;
            default:
              break;
            }
          if (n++ > 0)
            g_string_append (text, g_rand_boolean (rand) ? ",\n" : ",\n\n  ");
          g_string_append (text, record->str);
        }
      g_string_append (text, text->str[0] == '[' ? "\n]\n" : "\n], \"after\": [1]}\n");

      ot_loader_limits.parallel_min_bytes = 0;
      ot_loader_limits.piece_bytes = (gsize) g_rand_int_range (rand, 512, 16384);
      ds = load_both ("random.json", text->str, text->len, NULL);
      ot_loader_limits = saved;
      g_assert_cmpuint (ot_dataset_get_n_incidents (ds), >, 300);
    }
  g_assert_cmpuint (ot_loader_stats.n_split, >=, split + 24);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loader-json/same-as-csv", test_same_as_csv);
  g_test_add_func ("/loader-json/malformed-lines", test_malformed_lines);
  g_test_add_func ("/loader-json/malformed-array", test_malformed_array);
  g_test_add_func ("/loader-json/number-forms", test_number_forms);
  g_test_add_func ("/loader-json/document-error-late", test_document_error_late);
  g_test_add_func ("/loader-json/two-threads", test_two_threads);
  g_test_add_func ("/loader-json/document-two-threads", test_document_two_threads);
  g_test_add_func ("/loader-json/document-random-cuts", test_document_random_cuts);
  return g_test_run ();
}
