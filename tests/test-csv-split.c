/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A large CSV file is read in two threads (ot-loader.c, "Two threads").
 * Whatever the file holds, that must give exactly what one thread gives:
 * the same incidents with the same lines, the same problems in the same
 * order, the same counts.  Each case here loads a file both ways, with
 * the split put at several places, and compares everything. */
#include <glib/gstdio.h>
#include <string.h>

#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-loader-private.h"
#include "ot-dataset-dump.h"

static char *
load_described (const char *text,
                gsize       length,
                gsize       min_bytes,
                gsize       hint,
                gsize       piece_bytes)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(GError) error = NULL;

  ot_loader_limits.parallel_min_bytes = min_bytes;
  ot_loader_limits.split_hint = hint;
  ot_loader_limits.piece_bytes = piece_bytes;
  g_assert_true (ot_loader_load_data (ds, "split.csv", text, length, NULL, &error));
  g_assert_no_error (error);
  ot_loader_limits.parallel_min_bytes = OT_LOADER_PARALLEL_MIN_BYTES;
  ot_loader_limits.split_hint = 0;
  ot_loader_limits.piece_bytes = OT_LOADER_PIECE_BYTES;
  return ot_test_describe_dataset (ds);
}

/* Loads @text in one thread, then in two: cut in two pieces with the
 * second searched from each of @n_hints places (0: in pieces of the
 * default size), and in up to 8 pieces of a few sizes; all must agree.
 * Returns how many of the loads were cut and joined, and how many of
 * those read pieces again in one thread (*@n_rejoined). */
static guint
check_same (const char  *text,
            gsize        length,
            const gsize *hints,
            guint        n_hints,
            guint       *n_rejoined)
{
  static const gsize piece_sizes[] = { 1, 97, 4096 };
  g_autofree char *one = load_described (text, length, G_MAXSIZE, 0, OT_LOADER_PIECE_BYTES);
  guint split_before = ot_loader_stats.n_split;
  guint rejoined_before = ot_loader_stats.n_rejoined;

  for (guint i = 0; i < n_hints; i++)
    {
      g_autofree char *two = load_described (text, length, 0, hints[i], OT_LOADER_PIECE_BYTES);

      if (g_strcmp0 (one, two) != 0)
        g_test_message ("split searched from byte %" G_GSIZE_FORMAT, hints[i]);
      g_assert_cmpstr (two, ==, one);
    }
  for (guint i = 0; i < G_N_ELEMENTS (piece_sizes); i++)
    {
      g_autofree char *pieces = load_described (text, length, 0, 0, piece_sizes[i]);

      if (g_strcmp0 (one, pieces) != 0)
        g_test_message ("pieces of %" G_GSIZE_FORMAT " bytes", piece_sizes[i]);
      g_assert_cmpstr (pieces, ==, one);
    }
  if (n_rejoined)
    *n_rejoined = ot_loader_stats.n_rejoined - rejoined_before;
  return ot_loader_stats.n_split - split_before;
}

/* check_same() with the split searched from every byte of @text. */
static guint
check_every_start (const char *text)
{
  gsize length = strlen (text);
  g_autofree gsize *hints = g_new (gsize, length);

  for (gsize i = 0; i < length; i++)
    hints[i] = i + 1;
  return check_same (text, length, hints, length, NULL);
}

static GString *
generated (guint count)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, count, OT_FORMAT_CSV);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_string_new_len (data, size);
}

static const gsize some_hints[] = { 0, 1, 500, 4000, 20000, 60000, 100000 };

/* Clean generated rows: every hint splits, and the halves are joined. */
static void
test_split_clean (void)
{
  g_autoptr(GString) text = generated (1000);
  guint n_rejoined = 0;
  guint moved_before = ot_loader_stats.n_moved;
  guint n_split = check_same (text->str, text->len, some_hints, G_N_ELEMENTS (some_hints),
                              &n_rejoined);

  /* (The last hints are past the end of 1000 rows: no split there.) */
  g_assert_cmpuint (n_split, >=, 4);
  g_assert_cmpuint (n_rejoined, ==, 0);
  /* A row a line: each piece was laid out where its rows join, and
   * joined without copying them (a split has at least one piece). */
  g_assert_cmpuint (ot_loader_stats.n_moved - moved_before, >=, n_split);
}

/* Every line start of a small file as the split: quoted fields with
 * commas and line ends inside, doubled quotes, CRLF, blank lines. */
static void
test_split_every_line (void)
{
  static const char text[] =
    "id,date,mineral,origin,destination,notes\r\n"
    "A1,2024-01,Sb,CN,TH,\"plain, with a comma\"\r\n"
    "\r\n"
    "A2,2024-02,Ga,CN,MX,\"two\r\nlines\"\r\n"
    "A3,2024-03,Ge,CN,US,\"say \"\"hi\"\"\"\r\n"
    "A4,2024-13,W,CN,US,bad month\r\n"
    "A5,2024-05,Sb,XX,US,bad country\r\n"
    "A6,2024-06,Sb,CN,US,\r\n"
    "\"A7\",2024-07,Sb,CN,\"US\",\"\"\r\n"
    "A8,2024-08,Sb,CN,US,last row without a line end";

  g_assert_cmpuint (check_every_start (text), >=, 7);
}

/* A quote inside an unquoted field is text, not the start of a quoted
 * field: a split search that took it for one would pair it with the
 * next quote and cut the multi-line field after it in two. */
static void
test_split_quote_in_field (void)
{
  static const char text[] =
    "id,date,mineral,origin,notes\n"
    "A1,2024,Sb,CN,a 12\" pipe\n"
    "A2,2024,Sb,CN,\",\nB9,2024,Sb,CN,not a row\"\n"
    "A3,2024,Sb,CN,last\n";

  /* Such a quote comes before every line end here: no split at all. */
  g_assert_cmpuint (check_every_start (text), ==, 0);
}

/* Damaged rows after the split: the second thread reports them, in
 * order, on the right lines; quotes damaged before the split mean no
 * split at all (the row boundaries there are not certain). */
static void
test_split_damaged (void)
{
  g_autoptr(GString) text = generated (1200);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  static const char * const junk[] = {
    ",", ",,,", "\r\n", "\n", " ", "1e5", "-3", "12345678901234567", "0.1", "XX",
    "TH:Laem Chabang; MX", ";", "2031-01-01", "\xc3\xa9", "SYN-7-0000005", "\"", "\"\"",
  };
  guint n_split;

  /* About one row in four damaged, in the second half only. */
  for (guint i = 0; i < 300; i++)
    {
      gsize at = text->len / 2 + g_rand_int_range (rand, 0, (gint32) (text->len / 2));

      g_string_insert (text, at, junk[g_rand_int_range (rand, 0, G_N_ELEMENTS (junk))]);
    }
  n_split = check_same (text->str, text->len, some_hints, 3, NULL);
  g_assert_cmpuint (n_split, >=, 1);

  /* A stray quote in the first row: no split can be made safely. */
  g_string_insert (text, strchr (text->str, '\n') + 3 - text->str, "x\"y");
  g_assert_cmpuint (check_same (text->str, text->len, some_hints, G_N_ELEMENTS (some_hints),
                                NULL), ==, 0);
}

/* An id of the second half that the first half already has: the second
 * half is read again in one thread, so the duplicate is reported where
 * one reader reports it. */
static void
test_split_duplicate_ids (void)
{
  g_autoptr(GString) text = generated (1000);
  const char *early = strstr (text->str, "\nSYN-7-0000010,");
  const char *end = strchr (early + 1, '\n');
  guint n_rejoined = 0;
  gsize hint = text->len / 4;

  g_string_append_len (text, early + 1, end - early);
  /* Cut four ways (one hint, three piece sizes), read again each time. */
  g_assert_cmpuint (check_same (text->str, text->len, &hint, 1, &n_rejoined), ==, 4);
  g_assert_cmpuint (n_rejoined, ==, 4);
}

/* The limits on incidents and on listed problems fall where one reader
 * puts them. */
static void
test_split_limits (void)
{
  g_autoptr(GString) text = generated (1000);
  g_autoptr(GString) bad = g_string_new (NULL);
  gsize hint = text->len / 3;
  guint n_rejoined = 0;

  ot_loader_limits.max_incidents = 900;
  g_assert_cmpuint (check_same (text->str, text->len, &hint, 1, &n_rejoined), ==, 4);
  g_assert_cmpuint (n_rejoined, ==, 4);
  ot_loader_limits.max_incidents = 200;   /* reached in the first piece (of two) */
  check_same (text->str, text->len, &hint, 1, NULL);
  ot_loader_limits.max_incidents = OT_LOADER_MAX_INCIDENTS;

  /* 400 rows with two problems each: listing stops inside any piece. */
  g_string_append (bad, "id,date,mineral,origin\n");
  for (guint i = 0; i < 400; i++)
    g_string_append_printf (bad, "B%u,2024-13,Sb,XX\n", i);
  for (guint limit = 100; limit <= 900; limit += 400)
    {
      ot_loader_limits.max_problems = limit;
      g_assert_cmpuint (check_same (bad->str, bad->len, some_hints, 3, NULL), ==, 6);
    }
  ot_loader_limits.max_problems = OT_LOADER_MAX_PROBLEMS;
}

/* Lone CRs (old Mac line ends): each piece's reader counts them as one
 * reader does, so the lines after them are right in every piece. */
static void
test_split_lone_cr (void)
{
  g_autoptr(GString) text = generated (400);

  for (char *nl = strchr (text->str, '\n'); nl != NULL; nl = strchr (nl + 1, '\n'))
    if ((nl - text->str) % 7 == 0)
      *nl = '\r';
  g_assert_cmpuint (check_same (text->str, text->len, some_hints, 3, NULL), >=, 4);
}

/* Loads @text (@length bytes) from a file, as the application does. */
static OtDataset *
load_file (const char *text,
           gsize       length)
{
  g_autofree char *dir = g_dir_make_tmp ("oretrace-split-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  OtDataset *ds;

  g_assert_true (g_file_set_contents (path, text, (gssize) length, &error));
  ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  return ds;
}

static const OtProblem *
only_problem (OtDataset *ds)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);

  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 0);
  return problems->pdata[0];
}

/* A file of several MiB is read and checked (NUL bytes, UTF-8) in two
 * halves at once: what is found in either half is reported exactly as
 * one pass reports it, the first in the file winning. */
static void
test_split_large_file (void)
{
  g_autoptr(GString) text = generated (30000);
  g_autoptr(OtDataset) good = NULL, nul = NULL, bad = NULL, both = NULL;
  g_autofree char *one = NULL, *two = NULL;
  gsize middle, late, early;
  guint late_line = 1;

  g_assert_cmpuint (text->len, >, 5 * 1024 * 1024);
  /* Two-byte characters all around the middle: the halves are cut at
   * an ASCII byte, never inside one. */
  middle = strchr (text->str + text->len / 2 - 200, ',') - text->str;
  for (guint i = 0; i < 150; i++)
    g_string_insert (text, middle, "\xc3\xa9");

  good = load_file (text->str, text->len);
  g_assert_cmpuint (ot_dataset_get_n_incidents (good), ==, 30000);
  g_assert_cmpuint (ot_dataset_get_problems (good)->len, ==, 0);
  /* Read from memory (no parallel read) the same incidents come out. */
  {
    g_autoptr(OtDataset) from_memory = ot_dataset_new ();

    ot_loader_limits.parallel_min_bytes = G_MAXSIZE;
    g_assert_true (ot_loader_load_data (from_memory, ot_dataset_get_files (good)[0], text->str,
                                        text->len, NULL, NULL));
    ot_loader_limits.parallel_min_bytes = OT_LOADER_PARALLEL_MIN_BYTES;
    one = ot_test_describe_dataset (from_memory);
    two = ot_test_describe_dataset (good);
  }
  g_assert_true (strcmp (two, one) == 0);   /* (g_assert_cmpstr would print 15 MB) */

  late = text->len - text->len / 8;
  early = text->len / 8;
  for (gsize i = 0; i < late; i++)
    late_line += text->str[i] == '\n';

  text->str[late] = '\0';
  nul = load_file (text->str, text->len);
  {
    g_autofree char *expected = g_strdup_printf ("NUL byte at offset %" G_GSIZE_FORMAT, late);
    g_assert_nonnull (strstr (only_problem (nul)->message, expected));
  }

  text->str[late] = '\xff';
  bad = load_file (text->str, text->len);
  g_assert_nonnull (strstr (only_problem (bad)->message, "invalid byte 0xff"));
  g_assert_cmpuint (only_problem (bad)->line, ==, late_line);

  /* A bad byte early and a NUL late: the NUL is the file's error, as in
   * one pass (NUL bytes are looked for first). */
  text->str[late] = '\0';
  text->str[early] = '\xfe';
  both = load_file (text->str, text->len);
  g_assert_nonnull (strstr (only_problem (both)->message, "NUL byte"));

  /* Bad bytes in both halves: the first one's line. */
  {
    g_autoptr(OtDataset) two_bad = NULL;
    guint early_line = 1;

    for (gsize i = 0; i < early; i++)
      early_line += text->str[i] == '\n';
    text->str[late] = '\xff';
    two_bad = load_file (text->str, text->len);
    g_assert_nonnull (strstr (only_problem (two_bad)->message, "invalid byte 0xfe"));
    g_assert_cmpuint (only_problem (two_bad)->line, ==, early_line);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-split/clean", test_split_clean);
  g_test_add_func ("/csv-split/every-line", test_split_every_line);
  g_test_add_func ("/csv-split/quote-in-field", test_split_quote_in_field);
  g_test_add_func ("/csv-split/damaged", test_split_damaged);
  g_test_add_func ("/csv-split/duplicate-ids", test_split_duplicate_ids);
  g_test_add_func ("/csv-split/limits", test_split_limits);
  g_test_add_func ("/csv-split/lone-cr", test_split_lone_cr);
  g_test_add_func ("/csv-split/large-file", test_split_large_file);

  return g_test_run ();
}
