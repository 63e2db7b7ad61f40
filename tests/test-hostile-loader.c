/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile and extreme input to the loader (issue 13): rows past the
 * incident limit are not parsed (nor kept) by the two-thread CSV reader,
 * absorbed parts give their memory back, and small classes of bad input
 * each get a message that says what is wrong: a broken link in a folder,
 * a NUL escape in JSON, a UTF-32 file, text after a JSON Lines record. */
#include <glib/gstdio.h>
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-test-load.h"
#include "ot-loader-private.h"
#include "ot-dataset-dump.h"

#define JSON_ROW(id, notes) \
  "{\"id\": \"" id "\", \"date\": \"2024\", \"mineral\": \"Sb\", \"origin\": \"CN\", " \
  "\"notes\": \"" notes "\"}"

/* --- Helpers ------------------------------------------------------------ */

/* The one problem of @ds on @line whose message contains @needle; fails
 * when there is none. */
static const OtProblem *
find_problem (OtDataset  *ds,
              guint       line,
              const char *needle)
{
  const OtProblem *p = ot_test_find_problem (ds, line, OT_TEST_ANY_SEVERITY, needle);

  g_assert_nonnull (p);
  return p;
}

static gboolean
has_incident (OtDataset  *ds,
              const char *id)
{
  return ot_dataset_find (ds, id) >= 0;
}

/* --- The incident limit in the two-thread CSV reader -------------------- */

static GBytes *
generated_csv (guint64 seed,
               guint   count)
{
  return ot_generator_to_bytes (seed, count, OT_FORMAT_CSV);
}

/* Loads @first (one thread), then @second into the same dataset, cut in
 * pieces of @piece_bytes (0: one thread); returns the dataset described
 * and how many rows the CSV readers parsed for @second. */
static char *
load_two (GBytes *first,
          GBytes *second,
          gsize   piece_bytes,
          guint  *n_rows)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(GError) error = NULL;
  guint before;

  ot_loader_limits.parallel_min_bytes = G_MAXSIZE;
  if (first != NULL)
    g_assert_true (ot_loader_load_data (ds, "first.csv", g_bytes_get_data (first, NULL),
                                        g_bytes_get_size (first), NULL, &error));
  ot_loader_limits.parallel_min_bytes = piece_bytes ? 0 : G_MAXSIZE;
  ot_loader_limits.piece_bytes = piece_bytes ? piece_bytes : OT_LOADER_PIECE_BYTES;
  before = ot_loader_stats.n_rows;
  g_assert_true (ot_loader_load_data (ds, "second.csv", g_bytes_get_data (second, NULL),
                                      g_bytes_get_size (second), NULL, &error));
  *n_rows = ot_loader_stats.n_rows - before;
  g_assert_no_error (error);
  ot_loader_limits.parallel_min_bytes = OT_LOADER_PARALLEL_MIN_BYTES;
  ot_loader_limits.piece_bytes = OT_LOADER_PIECE_BYTES;
  return ot_test_describe_dataset (ds);
}

/* A file loaded once the data set is full: one thread parses its first
 * row (which gets the error) and stops; two threads must not parse more.
 * They used to read every piece but the first into memory, then drop it. */
static void
test_limit_full_before (void)
{
  g_autoptr(GBytes) first = generated_csv (7, 300);
  g_autoptr(GBytes) second = generated_csv (8, 1000);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  guint rows_one, rows_two;

  ot_loader_limits.max_incidents = 300;
  one = load_two (first, second, 0, &rows_one);
  two = load_two (first, second, 4096, &rows_two);
  ot_loader_limits.max_incidents = OT_LOADER_MAX_INCIDENTS;

  g_assert_cmpstr (two, ==, one);
  g_assert_nonnull (strstr (one, "too many incidents"));
  g_assert_cmpuint (rows_one, ==, 1);
  g_assert_cmpuint (rows_two, ==, 1);
}

/* The limit reached inside a file cut in up to 8 pieces: the result is
 * one thread's, and the rows parsed stay near the limit (the piece where
 * it falls may be read twice; each reader may run a few rows past it
 * before it sees the others' count) instead of the whole file. */
static void
test_limit_inside (void)
{
  static const gsize piece_sizes[] = { 4096, 65536 };
  g_autoptr(GBytes) rows = generated_csv (9, 2000);
  const guint limit = 300;

  ot_loader_limits.max_incidents = limit;
  for (guint i = 0; i < G_N_ELEMENTS (piece_sizes); i++)
    {
      guint rows_one, rows_two;
      g_autofree char *one = load_two (NULL, rows, 0, &rows_one);
      g_autofree char *two = load_two (NULL, rows, piece_sizes[i], &rows_two);

      g_assert_cmpstr (two, ==, one);
      g_assert_cmpuint (rows_one, ==, limit + 1);
      g_test_message ("pieces of %" G_GSIZE_FORMAT " bytes: %u rows parsed", piece_sizes[i],
                      rows_two);
      g_assert_cmpuint (rows_two, <=, 2 * (limit + 2 * 32) + 1);
    }
  ot_loader_limits.max_incidents = OT_LOADER_MAX_INCIDENTS;
}

/* A file that fills the data set exactly is not read twice: the piece
 * holding the last incident is whole, and is joined (it was marked as
 * stopped at the limit, and read again by one reader). */
static void
test_limit_exact (void)
{
  g_autoptr(GBytes) rows = generated_csv (10, 800);
  g_autoptr(OtDataset) all = ot_test_load_len ("exact.csv", g_bytes_get_data (rows, NULL),
                                               g_bytes_get_size (rows));
  guint n = ot_dataset_get_n_incidents (all);

  ot_loader_limits.max_incidents = n;
  for (guint piece_bytes = 4096; piece_bytes <= 65536; piece_bytes *= 16)
    {
      guint rows_one, rows_two, rejoined = ot_loader_stats.n_rejoined, split = ot_loader_stats.n_split;
      g_autofree char *one = load_two (NULL, rows, 0, &rows_one);
      g_autofree char *two = load_two (NULL, rows, piece_bytes, &rows_two);

      g_assert_cmpstr (two, ==, one);
      g_assert_null (strstr (one, "too many incidents"));
      g_assert_cmpuint (ot_loader_stats.n_split, ==, split + 1);
      g_assert_cmpuint (ot_loader_stats.n_rejoined, ==, rejoined);
      g_assert_cmpuint (rows_two, ==, rows_one);
    }
  ot_loader_limits.max_incidents = OT_LOADER_MAX_INCIDENTS;
}

/* Bytes in use by malloc (arena and mapped blocks). */
static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* Whether heap_in_use() sees allocations: not when a checker (valgrind,
 * ASan) replaces malloc. */
static gboolean
heap_is_counted (void)
{
  gsize before = heap_in_use ();
  gsize size = 4 * 1024 * 1024;
  char *block = g_malloc (size);
  gboolean counted;

  memset (block, 1, size);
  counted = heap_in_use () >= before + size;
  g_free (block);
  return counted;
}

/* Absorbing a part moves its incidents into the dataset: the part must
 * not keep a second copy of them (it did, until the whole file was read:
 * a file's incidents twice in memory). */
static void
test_absorb_frees (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtDataset) part = ot_dataset_new_part (ds);
  const guint n = 20000;
  gsize before, after;

  for (guint i = 0; i < n; i++)
    {
      char id[32];
      OtIncident incident = { 0 };

      g_snprintf (id, sizeof id, "P%u", i);
      incident.id = ot_dataset_store (part, id);
      incident.mineral = OT_MINERAL_NONE;
      g_assert_true (ot_dataset_add (part, &incident));
    }
  ot_dataset_reserve (ds, n);
  before = heap_in_use ();
  g_assert_true (ot_dataset_absorb (ds, part, 0));
  after = heap_in_use ();
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, n);
  g_assert_cmpuint (ot_dataset_get_n_incidents (part), ==, 0);
  g_assert_cmpint (ot_dataset_find (ds, "P19999"), ==, n - 1);
  if (!heap_is_counted ())
    {
      g_test_skip ("malloc statistics are not available under this checker");
      return;
    }
  /* The part's incidents (n * sizeof (OtIncident) bytes) are not kept
   * beside the dataset's: moved (its chunks) or copied and given back. */
  g_test_message ("heap before %" G_GSIZE_FORMAT ", after %" G_GSIZE_FORMAT, before, after);
  g_assert_cmpuint (after, <, before + n * sizeof (OtIncident) / 2);
}

/* Rows behind the reader are given back while a file is read: whatever
 * the file holds, releasing at every row (and at each joined piece) must
 * load exactly what keeping the whole file does, in one thread or two,
 * CSV or JSON Lines. */
static char *
load_released (const char *name,
               GString    *text,
               gsize       release_every,
               gsize       piece_bytes)
{
  g_autoptr(OtDataset) ds = NULL;

  ot_loader_limits.release_every = release_every;
  ot_loader_limits.parallel_min_bytes = piece_bytes ? 0 : G_MAXSIZE;
  ot_loader_limits.piece_bytes = piece_bytes ? piece_bytes : OT_LOADER_PIECE_BYTES;
  ds = ot_test_load_len (name, text->str, text->len);
  ot_loader_limits.release_every = OT_LOADER_RELEASE_EVERY;
  ot_loader_limits.parallel_min_bytes = OT_LOADER_PARALLEL_MIN_BYTES;
  ot_loader_limits.piece_bytes = OT_LOADER_PIECE_BYTES;
  return ot_test_describe_dataset (ds);
}

static void
test_release_behind (void)
{
  g_autoptr(GBytes) csv = ot_generator_to_bytes (11, 600, OT_FORMAT_CSV);
  g_autoptr(GBytes) jsonl = ot_generator_to_bytes (12, 150, OT_FORMAT_JSONL);
  g_autoptr(GString) csv_text = g_string_new_len (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_autoptr(GString) jsonl_text = g_string_new_len (g_bytes_get_data (jsonl, NULL),
                                                    g_bytes_get_size (jsonl));
  g_autofree char *kept = NULL;
  g_autofree char *kept_lines = NULL;

  /* Rows a reader looks back into: quoted line ends, a stray quote, a
   * repeated id, a bad row; then more rows. */
  g_string_append (csv_text,
                   "Q1,2024-01,Sb,,,,,,,,,CN,,,TH,,,,,,,,,,,,,\"two\nlines, and \"\"quotes\"\"\"\n"
                   "Q2,2024-01,Sb,,,,,,,,,CN,,,TH,,,,,,,,,,,,,stray \" quote\n"
                   "Q1,2024-01,Sb,,,,,,,,,CN,,,TH,,,,,,,,,,,,,again\n"
                   "Q3,2024-13,Sb,,,,,,,,,XX,,,TH,,,,,,,,,,,,,bad\n");
  g_string_append_len (csv_text, strchr (g_bytes_get_data (csv, NULL), '\n') + 1, 30000);
  g_string_append (jsonl_text, "{\"id\": \"J1\", \"date\": \"2024\"} xyz\n");

  kept = load_released ("r.csv", csv_text, G_MAXSIZE, 0);
  kept_lines = load_released ("r.jsonl", jsonl_text, G_MAXSIZE, 0);
  g_assert_nonnull (strstr (kept, "duplicate id"));
  for (guint i = 0; i < 2; i++)
    {
      static const gsize pieces[] = { 0, 4096 };
      g_autofree char *released = load_released ("r.csv", csv_text, 1, pieces[i]);

      g_assert_cmpstr (released, ==, kept);
    }
  {
    g_autofree char *released = load_released ("r.jsonl", jsonl_text, 1, 0);

    g_assert_cmpstr (released, ==, kept_lines);
  }
}

/* ot_loader_release() gives back the pages wholly inside its range and
 * leaves the bytes around them as they were. */
static void
test_release_pages (void)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize size = 16 * page;
  g_autofree char *buf = g_malloc (size);
  char *first = (char *) (((guintptr) buf + page - 1) & ~(guintptr) (page - 1));
  guint n_pages = 14;
  unsigned char resident[16];

  memset (buf, 'x', size);
  g_assert_cmpint (mincore (first, n_pages * page, resident), ==, 0);
  for (guint i = 0; i < n_pages; i++)
    g_assert_true (resident[i] & 1);

  /* From the middle of the page before @first to 10 pages after it. */
  ot_loader_release (buf, (gsize) (first - buf) - 1, (gsize) (first - buf) + 10 * page + 7);
  g_assert_cmpint (mincore (first, n_pages * page, resident), ==, 0);
  for (guint i = 0; i < n_pages; i++)
    g_assert_cmpint (resident[i] & 1, ==, i < 10 ? 0 : 1);
  g_assert_cmpint (first[-1], ==, 'x');
  g_assert_cmpint (first[10 * page], ==, 'x');
  g_assert_cmpint (first[0], ==, 0);
}

/* --- Small classes of bad input ------------------------------------------ */

/* A folder's .csv entry that is a broken link is named in a warning; the
 * other files load. */
static void
test_folder_broken_link (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-hostile-XXXXXX", &error);
  g_autofree char *good = NULL;
  g_autofree char *link = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(OtDataset) ds = NULL;
  const OtProblem *problem;

  g_assert_no_error (error);
  good = g_build_filename (dir, "a.csv", NULL);
  link = g_build_filename (dir, "b.csv", NULL);
  g_assert_true (g_file_set_contents (good, "id,date,mineral,origin\nA1,2024,Sb,CN\n", -1, &error));
  g_assert_cmpint (symlink ("gone.csv", link), ==, 0);

  folder = g_file_new_for_path (dir);
  ds = ot_loader_load_files (&folder, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (has_incident (ds, "A1"));
  problem = find_problem (ds, 0, "broken link");
  g_assert_true (g_str_has_suffix (problem->file, "b.csv"));
  g_assert_cmpint (problem->severity, ==, OT_SEVERITY_WARNING);
  g_assert_cmpstr (problem->message, ==, "broken link (its target \"gone.csv\" does not exist); skipped");

  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (g_unlink (good), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A \u0000 escape would cut the value at the NUL: the record is refused
 * with the key named, in JSON and JSON Lines; "\\u0000" (a backslash,
 * then text) is not a NUL and loads. */
static void
test_json_nul_escape (void)
{
  g_autoptr(OtDataset) doc = ot_test_load ("nul.json",
    "[\n"
    " " JSON_ROW ("OK1", "fine") ",\n"                                  /* 2 */
    " " JSON_ROW ("N1", "cut\\u0000here") ",\n"                         /* 3 */
    " {\"id\": \"N2\", \"date\": \"2024\", \"mineral\": \"Sb\",\n"      /* 4 */
    "  \"via\": [\"TH:Laem\\u0000Chabang\"], \"origin\": \"CN\"},\n"
    " " JSON_ROW ("OK2", "a backslash: \\\\u0000") "\n"                 /* 6 */
    "]\n");
  g_autoptr(OtDataset) lines = ot_test_load ("nul.jsonl",
    JSON_ROW ("OK1", "fine") "\n"
    "{\"id\": \"N\\u00001\", \"date\": \"2024\", \"mineral\": \"Sb\", \"origin\": \"CN\"}\n"
    "{\"id\": \"N2\", \"no\\u0000tes\": \"x\", \"date\": \"2024\", \"mineral\": \"Sb\"}\n"
    JSON_ROW ("OK2", "a backslash: \\\\u0000") "\n");
  const OtProblem *problem;

  problem = find_problem (doc, 3, "NUL");
  g_assert_cmpstr (problem->message, ==, "notes holds a NUL character (\\u0000), which text cannot hold");
  g_assert_cmpint (problem->severity, ==, OT_SEVERITY_ERROR);
  g_assert_cmpstr (problem->column, ==, "notes");
  problem = find_problem (doc, 4, "NUL");
  g_assert_cmpstr (problem->message, ==, "via holds a NUL character (\\u0000), which text cannot hold");
  g_assert_true (has_incident (doc, "OK1"));
  g_assert_true (has_incident (doc, "OK2"));
  g_assert_cmpstr (ot_dataset_get_incident (doc, ot_dataset_find (doc, "OK2"))->notes, ==,
                   "a backslash: \\u0000");
  g_assert_false (has_incident (doc, "N1"));
  g_assert_false (has_incident (doc, "N2"));
  g_assert_cmpuint (ot_dataset_get_n_incidents (doc), ==, 2);
  g_assert_cmpuint (ot_dataset_get_n_rejected (doc), ==, 2);

  problem = find_problem (lines, 2, "NUL");
  g_assert_cmpstr (problem->message, ==, "id holds a NUL character (\\u0000), which text cannot hold");
  problem = find_problem (lines, 3, "NUL");
  g_assert_cmpstr (problem->message, ==, "a key holds a NUL character (\\u0000), which text cannot hold");
  g_assert_false (has_incident (lines, "N"));
  g_assert_false (has_incident (lines, "N2"));
  g_assert_true (has_incident (lines, "OK1"));
  g_assert_true (has_incident (lines, "OK2"));
  g_assert_cmpuint (ot_dataset_get_n_incidents (lines), ==, 2);
}

/* UTF-32 files (either byte order) are called UTF-32, not UTF-16. */
static void
test_utf32 (void)
{
  static const char le[] = "\xFF\xFE\0\0i\0\0\0d\0\0\0\n\0\0\0";
  static const char be[] = "\0\0\xFE\xFF\0\0\0i\0\0\0d\0\0\0\n";
  static const char utf16[] = "\xFF\xFEi\0d\0\n\0";
  g_autoptr(OtDataset) ds_le = ot_test_load_len ("le.csv", le, sizeof le - 1);
  g_autoptr(OtDataset) ds_be = ot_test_load_len ("be.csv", be, sizeof be - 1);
  g_autoptr(OtDataset) ds_16 = ot_test_load_len ("utf16.csv", utf16, sizeof utf16 - 1);
  const char *expected = "the file is UTF-32 text (it starts with a UTF-32 byte order mark); "
                         "save it as UTF-8";

  g_assert_cmpstr (find_problem (ds_le, 0, "UTF")->message, ==, expected);
  g_assert_cmpstr (find_problem (ds_be, 0, "UTF")->message, ==, expected);
  g_assert_cmpuint (ot_dataset_get_problems (ds_le)->len, ==, 1);
  g_assert_cmpuint (ot_dataset_get_problems (ds_be)->len, ==, 1);
  g_assert_nonnull (find_problem (ds_16, 0, "is UTF-16 text"));
}

/* Text after the end of a JSON Lines record is called that (it was called
 * a second value); a second value is still called one. */
static void
test_jsonl_trailing_text (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("tail.jsonl",
    JSON_ROW ("A", "x") " xyz\n"
    JSON_ROW ("B", "x") " {\"id\": \"C\"}\n"
    JSON_ROW ("D", "x") "  \n"
    JSON_ROW ("E", "x") " true\n");
  g_autoptr(OtDataset) doc = ot_test_load ("tail.json", "[" JSON_ROW ("A", "x") "]\n# end\n");

  g_assert_cmpstr (find_problem (ds, 1, "JSON")->message, ==,
                   "not valid JSON (text after the end of the record); line skipped");
  g_assert_cmpstr (find_problem (ds, 2, "JSON")->message, ==,
                   "not valid JSON (a second value starts after the end of the first); line skipped");
  g_assert_nonnull (find_problem (ds, 4, "a second value"));
  g_assert_true (has_incident (ds, "D"));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 1);
  g_assert_cmpstr (find_problem (doc, 2, "JSON")->message, ==,
                   "not valid JSON (text after the end of the document); nothing loaded from this file");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile-loader/limit-full-before", test_limit_full_before);
  g_test_add_func ("/hostile-loader/limit-inside", test_limit_inside);
  g_test_add_func ("/hostile-loader/limit-exact", test_limit_exact);
  g_test_add_func ("/hostile-loader/absorb-frees", test_absorb_frees);
  g_test_add_func ("/hostile-loader/release-behind", test_release_behind);
  g_test_add_func ("/hostile-loader/release-pages", test_release_pages);
  g_test_add_func ("/hostile-loader/folder-broken-link", test_folder_broken_link);
  g_test_add_func ("/hostile-loader/json-nul-escape", test_json_nul_escape);
  g_test_add_func ("/hostile-loader/utf32", test_utf32);
  g_test_add_func ("/hostile-loader/jsonl-trailing-text", test_jsonl_trailing_text);
  return g_test_run ();
}
