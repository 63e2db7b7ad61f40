/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spreadsheet-safe CSV of the filtered incidents: formula-looking fields
 * are defused (OWASP CSV injection), numbers are not, the mask picks the
 * rows, the file is written whole and loads back. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ot-filter.h"
#include "ot-loader.h"
#include "ot-test-util.h"
#include "ot-writer.h"

static char *
safe (const char *text)
{
  GString *out = g_string_new (NULL);

  ot_writer_csv_safe_field (out, text);
  return g_string_free (out, FALSE);
}

#define assert_safe(text, expected) \
  G_STMT_START { g_autofree char *got_ = safe (text); g_assert_cmpstr (got_, ==, (expected)); } G_STMT_END

static void
test_csv_safe_field (void)
{
  assert_safe ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  assert_safe ("+1+cmd|' /C calc'!A0", "\"'+1+cmd|' /C calc'!A0\"");
  assert_safe ("-2+3", "\"'-2+3\"");
  assert_safe ("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"");
  assert_safe ("\t=1", "\"'\t=1\"");
  assert_safe ("\r=1", "\"'\r=1\"");
  /* Plain numbers stay numbers. */
  assert_safe ("-12.5", "-12.5");
  assert_safe ("+7", "+7");
  /* Ordinary text, and text that needs only CSV quoting. */
  assert_safe ("solder paste", "solder paste");
  assert_safe ("a, b", "\"a, b\"");
  assert_safe ("", "");
  assert_safe ("x=1", "x=1");
  {
    g_autofree char *none = safe (NULL);
    g_assert_cmpstr (none, ==, "");
  }
}

static OtDataset *
make_dataset (void)
{
  OtDataset *ds = ot_dataset_new ();

  ot_test_add (ds, "A-1", "antimony", "seized", 600, "2024-07-15", "CN", "=cmd|' /C calc'!A0", "TH", "@evil", "US");
  ot_test_add (ds, "A-2", "gallium", "alleged", NAN, "2024", "CN", "Plain Co", NULL, NULL, "MX");
  ot_test_add (ds, "A-3", "antimony", "convicted", 20, "2024-08", "CN", "-Minus Ltd", NULL, NULL, "VN");
  return ds;
}

static void
test_csv_filtered_rows (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autofree guint8 *mask = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  OtMineral sb;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  ot_filter_set_mineral (filter, sb, TRUE);
  mask = ot_filter_apply (filter, ds, NULL);
  bytes = ot_writer_csv_filtered (ds, mask);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, A-1, A-3, "" */
  g_assert_true (g_str_has_prefix (lines[0], "id,date,mineral,"));
  g_assert_true (g_str_has_prefix (lines[1], "A-1,2024-07-15,antimony,"));
  g_assert_nonnull (strstr (lines[1], ",\"'=cmd|' /C calc'!A0\","));
  g_assert_nonnull (strstr (lines[1], ",\"'@evil\","));
  g_assert_nonnull (strstr (lines[1], ",600,kg,"));
  g_assert_true (g_str_has_prefix (lines[2], "A-3,"));
  g_assert_nonnull (strstr (lines[2], ",\"'-Minus Ltd\","));
  g_assert_cmpstr (lines[3], ==, "");
  /* No field of any line starts with a formula character unquoted. */
  for (guint i = 1; i < 3; i++)
    {
      g_assert_null (strstr (lines[i], ",="));
      g_assert_null (strstr (lines[i], ",@"));
      g_assert_null (strstr (lines[i], ",+"));
    }
}

static void
test_csv_filtered_file (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(OtDataset) back = NULL;
  guint8 mask[3] = { 1, 1, 0 };
  GDir *listing;
  guint n_files = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
  g_assert_true (ot_writer_write_csv_filtered (ds, mask, file, NULL, &error));
  g_assert_no_error (error);

  /* Replaced whole, no temporary left beside it. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing))
    n_files++;
  g_dir_close (listing);
  g_assert_cmpuint (n_files, ==, 1);

  back = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (back), ==, 2);
  g_assert_cmpstr (ot_dataset_get_incident (back, 0)->exporter, ==, "'=cmd|' /C calc'!A0");
  g_assert_cmpstr (ot_dataset_get_incident (back, 1)->exporter, ==, "Plain Co");

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static char *
decimal (double value)
{
  GString *out = g_string_new (NULL);

  ot_writer_append_decimal (out, value);
  return g_string_free (out, FALSE);
}

/* Issue 19: numbers in plain decimal notation a spreadsheet reads as
 * written (never 1.2e+06), the shortest that reads back the same double. */
static void
test_csv_decimal (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 0.35, "0.35" },
    { 1e-3, "0.001" },
    { 3366000, "3366000" },
    { 1.2e6, "1200000" },
    { 123456.789012, "123456.789012" },          /* 12 significant digits */
    { 0.000012, "0.000012" },                    /* %g writes 1.2e-05 */
    { 1e21, "1000000000000000000000" },          /* %.17g writes 1e+21 */
    { 2.0 / 3.0, "0.6666666666666666" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 5600, "5600" },
    { 41700000.5, "41700000.5" },
    { -0.5, "-0.5" },
    { 0, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = decimal (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].value);
    }
  /* Random doubles of every magnitude a quantity takes read back exactly
   * and never carry an exponent. */
  for (guint i = 0; i < 20000; i++)
    {
      double value = g_test_rand_double_range (0, 1) * pow (10, g_test_rand_int_range (-9, 13));
      g_autofree char *text = decimal (value);

      g_assert_null (strpbrk (text, "eE"));
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, value);
    }
}

/* 350 g is 0.35 kg and 4.35 t is 4350 kg in what is written back, not
 * 0.35000000000000003 and 4349.999999999999. */
static void
test_csv_converted_units (void)
{
  static const char csv[] =
    "id,date,mineral,quantity,unit,origin,destination,status,source\n"
    "U-1,2024-07-15,gallium,350,g,CN,US,seized,https://example.org/u1\n"
    "U-2,2024-07-15,antimony,4.35,t,CN,TH,seized,https://example.org/u2\n"
    "U-3,2024-07-15,antimony,1.1,t,CN,MX,seized,https://example.org/u3\n"
    "U-4,2024-07-15,graphite,12,lb,CN,US,seized,https://example.org/u4\n";
  g_autoptr(OtDataset) ds = ot_test_load_len ("units.csv", csv, sizeof csv - 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 4);
  g_assert_cmpfloat (ot_dataset_get_incident (ds, 0)->quantity_kg, ==, 0.35);
  g_assert_cmpfloat (ot_dataset_get_incident (ds, 1)->quantity_kg, ==, 4350);
  g_assert_cmpfloat (ot_dataset_get_incident (ds, 2)->quantity_kg, ==, 1100);
  g_assert_cmpfloat (ot_dataset_get_incident (ds, 3)->quantity_kg, ==, 5.44310844);
  bytes = ot_writer_csv_filtered (ds, NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (text, ",0.35,kg,"));
  g_assert_nonnull (strstr (text, ",4350,kg,"));
  g_assert_nonnull (strstr (text, ",5.44310844,kg,"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-export/safe-field", test_csv_safe_field);
  g_test_add_func ("/csv-export/filtered-rows", test_csv_filtered_rows);
  g_test_add_func ("/csv-export/filtered-file", test_csv_filtered_file);
  g_test_add_func ("/csv-export/decimal", test_csv_decimal);
  g_test_add_func ("/csv-export/converted-units", test_csv_converted_units);

  return g_test_run ();
}
