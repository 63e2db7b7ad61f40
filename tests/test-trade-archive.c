/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Eurostat Comext's bulk files as they are downloaded: 7-zip archives of
 * one file (issue 18; src/core/io/ot-loader-archive.c,
 * docs/trade-statistics.md "Eurostat Comext").  Archives are written here
 * with libarchive's own 7-zip writer.  An archive of tests/data/trade's
 * bulk file with rows of other products between its rows gives the rows
 * of the file itself at the same lines, whatever the archive's name; an
 * SDMX file inside reads too; a file without a last line end, rows across
 * the unpacker's chunks; several files, a file that is not Comext, a
 * damaged or empty archive are refused with one clear error. */
#include <archive.h>
#include <archive_entry.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ot-loader.h"
#include "ot-problem.h"
#include "ot-test-load.h"
#include "ot-trade-places.h"

typedef struct {
  const char *name;
  const char *data;
  gsize       length;
} Member;

/* A 7-zip archive of @members at @path, as 7-Zip writes one (LZMA). */
static void
write_7z (const char   *path,
          const Member *members,
          guint         n)
{
  struct archive *a = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_7zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < n; i++)
    {
      struct archive_entry *entry = archive_entry_new ();

      archive_entry_set_pathname (entry, members[i].name);
      archive_entry_set_size (entry, (la_int64_t) members[i].length);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, members[i].data, members[i].length), ==, (la_ssize_t) members[i].length);
      archive_entry_free (entry);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static char *
read_test_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "trade", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static OtDataset *
load_one (const char *path)
{
  const char *paths[] = { path, NULL };

  return ot_test_load_paths (paths);
}

/* Every row as "reporter partner flow code month kg @line", in the
 * table's order. */
static char *
rows_with_lines (OtDataset *ds)
{
  OtTradeTable *table = ot_dataset_get_trade (ds);
  static const char *const flows[] = { "M", "X", "RM", "RX" };
  GString *out = g_string_new (NULL);

  g_assert_nonnull (table);
  for (guint i = 0; i < ot_trade_table_get_n_rows (table); i++)
    {
      OtTradeRow row;

      ot_trade_table_get_row (table, i, &row);
      g_string_append_printf (out, "%s %s %s %s %u %.0f @%u\n", ot_trade_place_key (row.reporter),
                              ot_trade_place_key (row.partner), flows[row.flow],
                              ot_trade_product_nth (row.product)->code, row.month, row.kg, row.line);
    }
  return g_string_free (out, FALSE);
}

/* A problem about the whole file (line 0). */
#define has_problem(ds, severity, needle) (ot_test_find_problem ((ds), 0, (severity), (needle)) != NULL)

typedef struct {
  char *dir;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("trade-archive-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* The bulk file (its last row iron ore, another product) with two more
 * rows of other products (live horses, steel) after its header and after
 * its second row. */
static char *
bulk_with_others (void)
{
  g_autofree char *text = read_test_file ("comext-v2.dat");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      g_string_append_printf (out, "%s\n", lines[i]);
      if (i == 0)
        g_string_append (out, "BE,CN,E,01012100,,,,,,,1,1,NO_SU,202501,5000,5000,700,0\n");
      if (i == 2)
        g_string_append (out, "DE,CN,E,72081000,,,,,,,1,1,NO_SU,202501,9000,9000,80000,0\n");
    }
  return g_string_free (out, FALSE);
}

/* Unpacked, the rows are those of the file itself, at its lines, under
 * the archive's name; the other products are left out, and said so. */
static void
test_bulk (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *text = bulk_with_others ();
  g_autofree char *plain = g_build_filename (f->dir, "full_v2_202501.dat", NULL);
  g_autofree char *archive = g_build_filename (f->dir, "full_v2_202501.7z", NULL);
  g_autofree char *renamed = g_build_filename (f->dir, "comext.csv", NULL);
  Member member = { "full_v2_202501.dat", text, strlen (text) };
  g_autoptr(OtDataset) from_plain = NULL;
  g_autoptr(OtDataset) from_archive = NULL;
  g_autoptr(OtDataset) from_renamed = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got_renamed = NULL;
  g_autofree char *archive_bytes = NULL;
  gsize archive_length;

  g_assert_true (g_file_set_contents (plain, text, -1, NULL));
  write_7z (archive, &member, 1);
  g_assert_true (g_file_get_contents (archive, &archive_bytes, &archive_length, NULL));
  g_assert_cmpmem (archive_bytes, 6, "\x37\x7a\xbc\xaf\x27\x1c", 6);
  g_assert_true (g_file_set_contents (renamed, archive_bytes, archive_length, NULL));

  from_plain = load_one (plain);
  from_archive = load_one (archive);
  from_renamed = load_one (renamed);
  want = rows_with_lines (from_plain);
  got = rows_with_lines (from_archive);
  got_renamed = rows_with_lines (from_renamed);
  g_test_message ("%s", got);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpstr (got_renamed, ==, want);
  g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (from_archive)), ==, 3);
  /* The evidence cites the archive (the one file inside it). */
  g_assert_true (g_str_has_suffix (ot_trade_table_get_files (ot_dataset_get_trade (from_archive))[0],
                                   "full_v2_202501.7z"));
  g_assert_cmpuint (ot_dataset_count_problems (from_archive, OT_SEVERITY_ERROR), ==, 0);
  g_assert_true (has_problem (from_archive, OT_SEVERITY_WARNING,
                              "3 rows of “full_v2_202501.dat” are of products that are none of the controlled "
                              "minerals' lines; left out while unpacking"));
  /* Eurostat's confidential product code is the reader's to count. */
  g_assert_true (has_problem (from_archive, OT_SEVERITY_WARNING, "99RRR100"));
}

/* The SDMX-CSV of DS-045409 inside an archive, and a bulk file without
 * a line end after its last row. */
static void
test_sdmx_and_last_line (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *sdmx = read_test_file ("comext-sdmx.csv");
  g_autofree char *bulk = read_test_file ("comext-v2.dat");
  g_autofree char *plain = g_build_filename (f->dir, "sdmx.csv", NULL);
  g_autofree char *archive = g_build_filename (f->dir, "sdmx.7z", NULL);
  g_autofree char *cut = g_build_filename (f->dir, "cut.7z", NULL);
  g_autofree char *cut_plain = g_build_filename (f->dir, "cut.dat", NULL);
  Member member = { "DS-045409.csv", sdmx, strlen (sdmx) };
  Member last = { "full_v2_202501.dat", bulk, strlen (bulk) - 1 };
  g_autoptr(OtDataset) a = NULL;
  g_autoptr(OtDataset) b = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;

  g_assert_true (g_str_has_suffix (bulk, "\n"));
  g_assert_true (g_file_set_contents (plain, sdmx, -1, NULL));
  write_7z (archive, &member, 1);
  a = load_one (plain);
  b = load_one (archive);
  want = rows_with_lines (a);
  got = rows_with_lines (b);
  g_assert_cmpstr (got, ==, want);
  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_pointer (&want, g_free);
  g_clear_pointer (&got, g_free);

  g_assert_true (g_file_set_contents (cut_plain, bulk, strlen (bulk) - 1, NULL));
  write_7z (cut, &last, 1);
  a = load_one (cut_plain);
  b = load_one (cut);
  want = rows_with_lines (a);
  got = rows_with_lines (b);
  g_assert_cmpstr (got, ==, want);
}

/* 60,000 rows of other products, a controlled one every 1,000th: the
 * rows cross the unpacker's 1 MiB chunks and each kept one keeps its
 * line. */
static void
test_many_rows (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,PRODUCT_CPA21,"
                                          "PRODUCT_CPA22,PRODUCT_BEC,PRODUCT_BEC5,PRODUCT_SECTION,FLOW,"
                                          "STAT_PROCEDURE,SUPPL_UNIT,PERIOD,VALUE_EUR,VALUE_NAC,QUANTITY_KG,"
                                          "QUANTITY_SUPPL_UNIT\r\n");
  g_autofree char *archive = g_build_filename (f->dir, "big.7z", NULL);
  g_autoptr(OtDataset) ds = NULL;
  OtTradeTable *table;
  Member member;
  guint n_kept = 0;

  for (guint i = 0; i < 60000; i++)
    {
      gboolean kept = i % 1000 == 7;

      g_string_append_printf (text, "%s,CN,E,%s,,,,,,,1,1,NO_SU,2025%02u,%u,%u,%u,0\r\n",
                              i % 3 ? "DE" : "FR", kept ? "28256000" : (i % 2 ? "01012100" : "84713000"),
                              1 + i % 12, 1000 + i, 1000 + i, 10 + i);
      n_kept += kept;
    }
  member = (Member) { "full_v2_2025.dat", text->str, text->len };
  write_7z (archive, &member, 1);
  ds = load_one (archive);
  table = ot_dataset_get_trade (ds);
  g_assert_nonnull (table);
  g_assert_cmpuint (ot_trade_table_get_n_rows (table), ==, n_kept);
  for (guint r = 0; r < n_kept; r++)
    {
      OtTradeRow row;
      guint i = r * 1000 + 7;

      ot_trade_table_get_row (table, r, &row);
      /* Row i of the loop is line i + 2 (the header is line 1). */
      g_assert_cmpuint (row.line, ==, i + 2);
      g_assert_cmpfloat (row.kg, ==, 10 + i);
    }
  g_assert_true (has_problem (ds, OT_SEVERITY_WARNING, "59,940 rows of “full_v2_2025.dat”") ||
                 has_problem (ds, OT_SEVERITY_WARNING, "59940 rows of “full_v2_2025.dat”"));
}

/* What is not one Comext file: one error, nothing read. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *bulk = read_test_file ("comext-v2.dat");
  g_autofree char *incidents_path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "incidents.csv",
                                                           NULL);
  g_autofree char *incidents = NULL;
  g_autofree char *two = g_build_filename (f->dir, "two.7z", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.7z", NULL);
  g_autofree char *cut = g_build_filename (f->dir, "cut.7z", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.7z", NULL);
  g_autofree char *bytes = NULL;
  gsize length;
  Member both[2] = { { "full_v2_202501.dat", bulk, strlen (bulk) }, { "full_v2_202502.dat", bulk, strlen (bulk) } };
  Member csv;
  struct {
    const char *path;
    const char *message;
  } cases[] = {
    { two, "the 7-zip archive holds more than one file (“full_v2_202501.dat”, “full_v2_202502.dat”…): "
           "Oretrace reads an archive of one Eurostat Comext file; extract the one you want first" },
    { other, "“incidents.csv” in the 7-zip archive is not a Eurostat Comext file" },
    { cut, "cannot unpack the 7-zip archive: " },
    { empty, "the 7-zip archive holds no file" },
  };

  g_assert_true (g_file_get_contents (incidents_path, &incidents, NULL, NULL));
  csv = (Member) { "incidents.csv", incidents, strlen (incidents) };
  write_7z (two, both, 2);
  write_7z (other, &csv, 1);
  write_7z (empty, NULL, 0);
  write_7z (cut, both, 1);
  g_assert_true (g_file_get_contents (cut, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (cut, bytes, length / 2, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OtDataset) ds = load_one (cases[i].path);

      g_test_message ("%s", cases[i].path);
      g_assert_true (has_problem (ds, OT_SEVERITY_ERROR, cases[i].message));
      g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 1);
      g_assert_null (ot_dataset_get_trade (ds));
      g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 0);
    }
}

/* A folder's .7z files are read with the rest. */
static void
test_folder (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *bulk = read_test_file ("comext-v2.dat");
  g_autofree char *archive = g_build_filename (f->dir, "full_v2_202501.7z", NULL);
  Member member = { "full_v2_202501.dat", bulk, strlen (bulk) };
  g_autoptr(OtDataset) ds = NULL;

  write_7z (archive, &member, 1);
  ds = load_one (f->dir);
  g_assert_nonnull (ot_dataset_get_trade (ds));
  g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (ds)), ==, 3);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/trade-archive/bulk", Fixture, NULL, set_up, test_bulk, tear_down);
  g_test_add ("/trade-archive/sdmx-and-last-line", Fixture, NULL, set_up, test_sdmx_and_last_line, tear_down);
  g_test_add ("/trade-archive/many-rows", Fixture, NULL, set_up, test_many_rows, tear_down);
  g_test_add ("/trade-archive/refused", Fixture, NULL, set_up, test_refused, tear_down);
  g_test_add ("/trade-archive/folder", Fixture, NULL, set_up, test_folder, tear_down);
  return g_test_run ();
}
