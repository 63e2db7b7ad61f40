/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ot-csv.h"

/* Reads all rows of @text into "line|f1|f2..." strings ("line!error" for
 * malformed rows). */
static char *
rows_of_reader (OtCsvReader *reader)
{
  GString *out = g_string_new (NULL);
  OtCsvRow row;

  while (ot_csv_reader_next (reader, &row))
    {
      if (out->len)
        g_string_append_c (out, '/');
      if (row.error)
        {
          g_string_append_printf (out, "%u!%u", row.line, row.error_line);
          continue;
        }
      g_string_append_printf (out, "%u", row.line);
      for (guint i = 0; i < row.n_fields; i++)
        {
          g_assert_cmpuint (strlen (row.fields[i]), ==, row.lengths[i]);
          g_string_append_printf (out, "|%s", row.fields[i]);
        }
      g_assert_null (row.fields[row.n_fields]);
    }
  return g_string_free (out, FALSE);
}

/* The rows by both readers: copying, and in place on a writable copy
 * (which skips no BOM, so it gets the text after one).  Both must agree. */
static char *
rows_of (const char *text,
         OtCsvFlags  flags)
{
  g_autoptr(OtCsvReader) reader = ot_csv_reader_new (text, strlen (text), flags);
  g_autoptr(OtCsvReader) in_place = NULL;
  g_autofree char *copied = rows_of_reader (reader);
  g_autofree char *writable = NULL;
  g_autofree char *placed = NULL;

  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    text += 3;
  writable = g_strdup (text);
  in_place = ot_csv_reader_new_in_place (writable, strlen (text), 1, flags);
  placed = rows_of_reader (in_place);
  g_assert_cmpstr (placed, ==, copied);
  return g_steal_pointer (&copied);
}

static void
check (const char *text,
       const char *expected)
{
  g_autofree char *got = rows_of (text, OT_CSV_FLAGS_NONE);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_csv_basic (void)
{
  check ("a,b,c\n1,2,3\n", "1|a|b|c/2|1|2|3");
  check ("a,b\r\n1,2\r\n", "1|a|b/2|1|2");
  check ("a,b\r1,2", "1|a|b/2|1|2");
  check ("a,,c\n,,\n", "1|a||c/2|||");
  check ("", "");
  check ("\n\n\n", "");
  check ("a\n\n\nb\n", "1|a/4|b");
  /* BOM skipped. */
  check ("\xEF\xBB\xBFid,x\n", "1|id|x");
  /* Comments only when asked. */
  check ("#c\na\n", "1|#c/2|a");
  {
    g_autofree char *got = rows_of ("# one\n# two\na,b\n#x\nc\n", OT_CSV_SKIP_COMMENTS);
    g_assert_cmpstr (got, ==, "3|a|b/5|c");
  }
}

static void
test_csv_quotes (void)
{
  check ("\"a,b\",c\n", "1|a,b|c");
  check ("\"say \"\"hi\"\"\",x\n", "1|say \"hi\"|x");
  check ("\"\",x\n", "1||x");
  /* Newlines inside quotes: the next row's line number accounts for them. */
  check ("\"line1\nline2\r\nline3\",x\ny,z\n", "1|line1\nline2\r\nline3|x/4|y|z");
  /* A quote inside an unquoted field is kept as text. */
  check ("12\" pipe,x\n", "1|12\" pipe|x");
  check ("\"a\"\n", "1|a");
}

static void
test_csv_malformed (void)
{
  /* Text after a closing quote: the row is marked, the next survives. */
  check ("\"a\"b,c\nd,e\n", "1!1/2|d|e");
  /* A quote never closed: reported on its line, the rows after survive. */
  check ("a,b\n\"open,c\nd,e\nf,g\n", "1|a|b/2!2/3|d|e/4|f|g");
  check ("x\n\"open", "1|x/2!2");
  /* A stray quote that runs over lines, after fields read in place. */
  check ("a,b,\"c\nd,e\"f,g\nh,i\n", "1!1/2|d|e\"f|g/3|h|i");
}

/* An in-place reader that keeps what it writes over puts every byte
 * back: the data reads the same again. */
static void
test_csv_restore (void)
{
  static const char text[] = "a,b\r\nc,\"q,\r\nq\",d\re,,f\n\n\"x\"\"y\",last";
  g_autofree char *writable = g_strdup (text);
  g_autoptr(OtCsvReader) reader = ot_csv_reader_new_in_place (writable, strlen (text), 1,
                                                              OT_CSV_FLAGS_NONE);
  g_autoptr(OtCsvReader) again = NULL;
  g_autofree char *first = NULL, *second = NULL;

  ot_csv_reader_keep_undo (reader);
  first = rows_of_reader (reader);
  g_assert_true (memcmp (writable, text, sizeof text) != 0);
  ot_csv_reader_restore (reader);
  g_assert_cmpmem (writable, sizeof text, text, sizeof text);

  again = ot_csv_reader_new_in_place (writable, strlen (text), 1, OT_CSV_FLAGS_NONE);
  second = rows_of_reader (again);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpstr (first, ==, "1|a|b/2|c|q,\r\nq|d/4|e||f/6|x\"y|last");
}

/* Unquoted fields of every length around the sixteen bytes the reader
 * scans at once, with each kind of separator at each offset: the fields
 * come back as they were written. */
static void
test_csv_field_lengths (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(OtCsvReader) reader = NULL;
  static const char * const ends[] = { "\n", "\r\n", "\r" };
  guint n_rows = 0, k = 0;
  OtCsvRow row;

  for (guint length = 0; length <= 40; length++)
    for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
      {
        /* A row: "a", a field of @length, "z". */
        char *field = g_malloc (length + 1);

        for (guint i = 0; i < length; i++)
          field[i] = (char) g_rand_int_range (rand, 'a', 'z' + 1);
        field[length] = '\0';
        g_string_append_printf (text, "a,%s,z%s", field, ends[e]);
        g_ptr_array_add (fields, field);
      }

  reader = ot_csv_reader_new (text->str, text->len, OT_CSV_FLAGS_NONE);
  while (ot_csv_reader_next (reader, &row))
    {
      g_assert_null (row.error);
      g_assert_cmpuint (row.n_fields, ==, 3);
      g_assert_cmpstr (row.fields[0], ==, "a");
      g_assert_cmpstr (row.fields[1], ==, g_ptr_array_index (fields, k));
      g_assert_cmpuint (row.lengths[1], ==, strlen (g_ptr_array_index (fields, k)));
      g_assert_cmpstr (row.fields[2], ==, "z");
      g_assert_cmpuint (row.line, ==, ++n_rows);
      k++;
    }
  g_assert_cmpuint (n_rows, ==, fields->len);
  /* And the in-place reader agrees. */
  g_free (rows_of (text->str, OT_CSV_FLAGS_NONE));
}

/* The in-place reader counts lines from where it is told, and ends a last
 * field without a line end at the end of the buffer. */
static void
test_csv_in_place (void)
{
  char text[] = "a,b\n\nc,\"d\ne\"\nlast,x";
  g_autoptr(OtCsvReader) reader = ot_csv_reader_new_in_place (text, strlen (text), 41,
                                                              OT_CSV_FLAGS_NONE);
  g_autofree char *rows = rows_of_reader (reader);

  g_assert_cmpstr (rows, ==, "41|a|b/43|c|d\ne/45|last|x");
}

static void
test_csv_long_field (void)
{
  g_autoptr(OtCsvReader) reader = NULL;
  g_autoptr(GString) text = g_string_new ("short,");
  OtCsvRow row;

  for (guint i = 0; i < 100; i++)
    g_string_append (text, "0123456789");
  g_string_append (text, "\nok,fine\n");

  reader = ot_csv_reader_new (text->str, text->len, OT_CSV_FLAGS_NONE);
  ot_csv_reader_set_max_field (reader, 999);
  g_assert_true (ot_csv_reader_next (reader, &row));
  g_assert_nonnull (row.error);
  g_assert_true (ot_csv_reader_next (reader, &row));
  g_assert_null (row.error);
  g_assert_cmpstr (row.fields[1], ==, "fine");
  g_assert_cmpuint (row.line, ==, 2);
  g_assert_cmpuint (row.end_offset, ==, text->len);
  g_assert_false (ot_csv_reader_next (reader, &row));
}

/* Tab-separated (Comtrade's bulk files, issue 18): the tab ends fields,
 * commas are text, quotes work as with commas; the copying and the
 * in-place reader agree, and restoring puts the tabs back. */
static void
test_csv_tabs (void)
{
  static const char text[] = "a\tb,c\t\"q\td\"\n1\t\t3\r\n\"x\"\"y\"\tlast\t\n";
  g_autoptr(OtCsvReader) reader = ot_csv_reader_new (text, strlen (text), OT_CSV_FLAGS_NONE);
  g_autofree char *writable = g_strdup (text);
  g_autoptr(OtCsvReader) in_place = ot_csv_reader_new_in_place (writable, strlen (text), 1,
                                                                OT_CSV_FLAGS_NONE);
  g_autofree char *copied = NULL, *placed = NULL;

  ot_csv_reader_set_separator (reader, '\t');
  ot_csv_reader_set_separator (in_place, '\t');
  ot_csv_reader_keep_undo (in_place);
  copied = rows_of_reader (reader);
  placed = rows_of_reader (in_place);
  g_assert_cmpstr (copied, ==, "1|a|b,c|q\td/2|1||3/3|x\"y|last|");
  g_assert_cmpstr (placed, ==, copied);
  ot_csv_reader_restore (in_place);
  g_assert_cmpstr (writable, ==, text);
}

/* Random texts of separators, quotes, line ends and text (short fields
 * and fields longer than the 64 bytes the in-place reader looks at in
 * one step, small field limits): the copying and the in-place reader,
 * with its undo, agree on every one, and the undo restores the text. */
static void
test_csv_random (void)
{
  static const char *const pieces[] = { "a", "bc", ",", ",", ",", "\t", "\"", "\"\"", "\n", "\r\n",
                                        "\r", " ", "\xc3\xa9", "0123456789abcdefghijklmnopqrstuvwxyz" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (4180);

  for (guint t = 0; t < 3000; t++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = (guint) g_rand_int_range (rand, 0, 120);
      char separator = t % 3 == 0 ? '\t' : ',';
      gsize max_field = t % 5 == 0 ? (gsize) g_rand_int_range (rand, 1, 100) : OT_CSV_MAX_FIELD;
      g_autoptr(OtCsvReader) reader = NULL, in_place = NULL;
      g_autofree char *writable = NULL, *copied = NULL, *placed = NULL;

      for (guint i = 0; i < n; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      writable = g_strndup (text->str, text->len);
      reader = ot_csv_reader_new (text->str, text->len, OT_CSV_FLAGS_NONE);
      in_place = ot_csv_reader_new_in_place (writable, text->len, 1, OT_CSV_FLAGS_NONE);
      ot_csv_reader_set_separator (reader, separator);
      ot_csv_reader_set_separator (in_place, separator);
      ot_csv_reader_set_max_field (reader, max_field);
      ot_csv_reader_set_max_field (in_place, max_field);
      ot_csv_reader_keep_undo (in_place);
      copied = rows_of_reader (reader);
      placed = rows_of_reader (in_place);
      g_assert_cmpstr (placed, ==, copied);
      ot_csv_reader_restore (in_place);
      g_assert_cmpstr (writable, ==, text->str);
    }
}

static void
test_csv_append_field (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *back = NULL;

  ot_csv_append_field (out, "plain");
  g_string_append_c (out, ',');
  ot_csv_append_field (out, "with, comma");
  g_string_append_c (out, ',');
  ot_csv_append_field (out, "say \"hi\"\nbye");
  g_string_append_c (out, '\n');
  g_assert_cmpstr (out->str, ==, "plain,\"with, comma\",\"say \"\"hi\"\"\nbye\"\n");

  back = rows_of (out->str, OT_CSV_FLAGS_NONE);
  g_assert_cmpstr (back, ==, "1|plain|with, comma|say \"hi\"\nbye");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/basic", test_csv_basic);
  g_test_add_func ("/csv/quotes", test_csv_quotes);
  g_test_add_func ("/csv/malformed", test_csv_malformed);
  g_test_add_func ("/csv/long-field", test_csv_long_field);
  g_test_add_func ("/csv/in-place", test_csv_in_place);
  g_test_add_func ("/csv/field-lengths", test_csv_field_lengths);
  g_test_add_func ("/csv/restore", test_csv_restore);
  g_test_add_func ("/csv/append-field", test_csv_append_field);
  g_test_add_func ("/csv/tabs", test_csv_tabs);
  g_test_add_func ("/csv/random", test_csv_random);

  return g_test_run ();
}
