/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 19's proof for the XLSX export: the workbook opened by LibreOffice
 * Calc (soffice --headless --convert-to) gives back what the incidents
 * hold — HS codes with their dots and leading zeros, ids and case
 * references as text, quantities and values as the same numbers, day
 * dates as dates, shorter dates as the text of their precision, source
 * addresses as links, formula-looking text as text — and the flows sheet
 * the network's edges.  On awkward hand-made records, the 60 researched
 * samples and 1,000 generated incidents.
 *
 * Skips, saying why, when soffice is not installed (Debian's
 * libreoffice-calc-nogui, build-aux/install-deps). */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-csv.h"
#include "ot-export.h"
#include "ot-generator.h"
#include "ot-test-load.h"

static const char awkward_csv[] =
  "id,date,mineral,form,hs_code,quantity,unit,value,currency,origin,exporter,destination,consignee,"
  "status,case_ref,illustrative,source,source_url,notes\n"
  "0007,2024-03-15,antimony,metal,8110.10,350,g,1200.5,USD,CN,\"=HYPERLINK(\"\"http://x\"\")\",TH,"
  "\"<b>Buyer</b> & \"\"Co\"\"\",seized,00123/2024,false,news,https://example.org/a?b=1&c=2,\"+1 note\"\n"
  "=SUM(A1),2024,gallium,oxide,0012,1e-3,kg,,,CN,-Minus Trading,US,@At Ltd,alleged,\"-5\",true,news,,\n"
  "AB-3,2023-02,germanium,metal,2617101000,3366,t,,,CN,Exporter,NL,Consignee,reported,,false,news,,\n"
  "AB-4,2022-11-30,tungsten,ore,8101.94,123456.789012,kg,0.35,EUR,CD,Exporter,RW,Consignee,detained,CASE 1,false,news,,\n"
  "AB-5,2021-07-01,bismuth,,,,,,,CN,,,,reported,,false,news,,\n";

static gboolean
have_soffice (char **path)
{
  *path = g_find_program_in_path ("soffice");
  if (*path == NULL)
    {
      g_test_skip ("soffice not found: install libreoffice-calc-nogui (build-aux/install-deps)");
      return FALSE;
    }
  return TRUE;
}

/* LibreOffice's conversion of @xlsx into @dir: "csv" (every sheet, values
 * not as shown, UTF-8) or "fods" (flat XML: the cells' types). */
static void
convert (const char *soffice,
         const char *xlsx,
         const char *dir,
         const char *to)
{
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *profile_uri = g_filename_to_uri (profile, NULL, NULL);
  g_autofree char *env = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  /* Comma, double quote, UTF-8, from line 1, no formats, raw values (not
   * "as shown"), every sheet to FILE-SHEET.csv. */
  const char *filter = g_str_equal (to, "csv")
                       ? "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
                       : "fods";
  const char *argv[] = { soffice, env, "--headless", "--convert-to", filter, "--outdir", dir, xlsx, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("soffice failed: %s\n%s\n%s", error->message, out, err);
}

/* A CSV as rows of fields (header first). */
static GPtrArray *
read_csv (const char *path)
{
  g_autofree char *text = NULL;
  gsize length;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  OtCsvReader *reader;
  OtCsvRow row;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  reader = ot_csv_reader_new (text, length, OT_CSV_FLAGS_NONE);
  while (ot_csv_reader_next (reader, &row))
    {
      GStrvBuilder *b = g_strv_builder_new ();

      g_assert_null (row.error);
      for (guint i = 0; i < row.n_fields; i++)
        g_strv_builder_add (b, row.fields[i]);
      g_ptr_array_add (rows, g_strv_builder_end (b));
      g_strv_builder_unref (b);
    }
  ot_csv_reader_free (reader);
  return rows;
}

static int
column (char      **header,
        const char *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], name) == 0)
      return i;
  g_error ("no column %s", name);
  return -1;
}

static const char *
field (char      **row,
       char      **header,
       const char *name)
{
  int c = column (header, name);

  return c < (int) g_strv_length (row) ? row[c] : "";
}

static guint
count_matches (const char *text,
               const char *pattern)
{
  g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  g_assert_nonnull (re);
  g_regex_match (re, text, 0, &match);
  while (g_match_info_matches (match))
    {
      n++;
      g_match_info_next (match, NULL);
    }
  return n;
}

/* A text cell of a flat ODS holding exactly @text (XML-escaped). */
static gboolean
string_cell (const char *fods,
             const char *text)
{
  g_autofree char *quoted = g_regex_escape_string (text, -1);
  g_autofree char *pattern = g_strdup_printf ("office:value-type=\"string\" calcext:value-type=\"string\">"
                                              "\\s*<text:p>%s</text:p>", quoted);

  return count_matches (fods, pattern) > 0;
}

static char *
day_text (guint32 julian)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

/* Every included incident's row and every edge's row, read back through
 * LibreOffice, against the network.  Returns the directory (to free). */
static char *
export_and_check (OtDataset  *dataset,
                  gboolean    countries,
                  const char *soffice)
{
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ot-xlsx-XXXXXX", &error);
  g_autofree char *xlsx = g_build_filename (dir, "book.xlsx", NULL);
  g_autofree char *incidents_csv = g_build_filename (dir, "book-Incidents.csv", NULL);
  g_autofree char *flows_csv = g_build_filename (dir, "book-Flows.csv", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  char **header;
  guint n, row = 1;
  const guint8 *mask;

  g_assert_no_error (error);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_countries_projection (chart, countries);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  network = ot_chart_get_network (chart);
  g_assert_true (ot_export_network (network, NULL, NULL, NULL, xlsx, &error));
  g_assert_no_error (error);
  convert (soffice, xlsx, dir, "csv");

  rows = read_csv (incidents_csv);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (rows->len, ==, ot_network_get_n_included (network) + 1);
  mask = ot_network_get_mask (network, &n);
  for (guint i = 0; i < n; i++)
    {
      const OtIncident *inc = ot_dataset_get_incident (dataset, i);
      char **r;
      g_autofree char *date = ot_date_to_string (&inc->date);

      if (!mask[i])
        continue;
      r = g_ptr_array_index (rows, row++);
      g_assert_cmpstr (field (r, header, "id"), ==, inc->id);
      g_assert_cmpstr (field (r, header, "hs_code"), ==, inc->hs_code ? inc->hs_code : "");
      g_assert_cmpstr (field (r, header, "case_ref"), ==, inc->case_ref ? inc->case_ref : "");
      g_assert_cmpstr (field (r, header, "exporter"), ==, inc->exporter ? inc->exporter : "");
      g_assert_cmpstr (field (r, header, "consignee"), ==, inc->consignee ? inc->consignee : "");
      g_assert_cmpstr (field (r, header, "source_url"), ==, inc->source_url ? inc->source_url : "");
      g_assert_cmpstr (field (r, header, "mineral"), ==,
                       inc->mineral < ot_mineral_count () ? ot_mineral_name (inc->mineral) : "");
      /* A day date as the date, a shorter one as its own text. */
      g_assert_cmpstr (field (r, header, "date"), ==, date != NULL ? date : "");
      if (inc->date.precision != OT_DATE_NONE)
        {
          g_autofree char *first = day_text (ot_date_first_day (&inc->date));
          g_autofree char *last = day_text (ot_date_last_day (&inc->date));

          g_assert_cmpstr (field (r, header, "first_day"), ==, first);
          g_assert_cmpstr (field (r, header, "last_day"), ==, last);
        }
      if (isnan (inc->quantity_kg))
        g_assert_cmpstr (field (r, header, "quantity"), ==, "");
      else
        g_assert_cmpfloat (g_ascii_strtod (field (r, header, "quantity"), NULL), ==, inc->quantity_kg);
      if (isnan (inc->value))
        g_assert_cmpstr (field (r, header, "value"), ==, "");
      else
        g_assert_cmpfloat (g_ascii_strtod (field (r, header, "value"), NULL), ==, inc->value);
      g_assert_cmpstr (field (r, header, "illustrative"), ==, inc->illustrative ? "TRUE" : "FALSE");
    }

  flows = read_csv (flows_csv);
  header = g_ptr_array_index (flows, 0);
  g_assert_cmpuint (flows->len, ==, ot_network_get_n_edges (network) + 1);
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      char **r = g_ptr_array_index (flows, e + 1);

      g_assert_cmpstr (field (r, header, "from_key"), ==, ot_network_get_vertex (network, edge->from)->key);
      g_assert_cmpstr (field (r, header, "to_key"), ==, ot_network_get_vertex (network, edge->to)->key);
      g_assert_cmpfloat (g_ascii_strtod (field (r, header, "incidents"), NULL), ==, edge->n_incidents);
      /* A sum, to the 15 significant digits a spreadsheet keeps. */
      if (edge->n_with_kg > 0)
        {
          char digits[G_ASCII_DTOSTR_BUF_SIZE];

          g_assert_cmpfloat (g_ascii_strtod (field (r, header, "kg"), NULL), ==,
                             g_ascii_strtod (g_ascii_formatd (digits, sizeof digits, "%.15g", edge->kg), NULL));
        }
    }
  g_test_message ("%u incidents and %u flows read back by LibreOffice",
                  ot_network_get_n_included (network), ot_network_get_n_edges (network));
  return dir;
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
test_awkward (void)
{
  g_autofree char *soffice = NULL;
  g_autoptr(OtDataset) dataset = ot_test_load ("awkward.csv", awkward_csv);
  g_autofree char *dir = NULL;
  g_autofree char *fods_path = NULL;
  g_autofree char *fods = NULL;
  g_autofree char *xlsx = NULL;

  if (!have_soffice (&soffice))
    return;
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, 5);
  dir = export_and_check (dataset, TRUE, soffice);

  /* The cells' types, as LibreOffice reads them. */
  xlsx = g_build_filename (dir, "book.xlsx", NULL);
  convert (soffice, xlsx, dir, "fods");
  fods_path = g_build_filename (dir, "book.fods", NULL);
  g_assert_true (g_file_get_contents (fods_path, &fods, NULL, NULL));
  /* Numbers: 350 g is 0.35 kg, 3,366 t, 12 significant digits. */
  g_assert_nonnull (strstr (fods, "office:value-type=\"float\" office:value=\"0.35\""));
  g_assert_nonnull (strstr (fods, "office:value-type=\"float\" office:value=\"3366000\""));
  g_assert_nonnull (strstr (fods, "office:value-type=\"float\" office:value=\"123456.789012\""));
  g_assert_nonnull (strstr (fods, "office:value-type=\"float\" office:value=\"0.001\""));
  /* A day date is a date; a year is text, not 1 January. */
  g_assert_nonnull (strstr (fods, "office:value-type=\"date\" office:date-value=\"2024-03-15\""));
  g_assert_true (string_cell (fods, "2024"));
  g_assert_true (string_cell (fods, "2023-02"));
  /* Codes and formula-looking text are strings, never formulas. */
  g_assert_true (string_cell (fods, "8110.10"));
  g_assert_true (string_cell (fods, "0012"));
  g_assert_true (string_cell (fods, "0007"));
  g_assert_true (string_cell (fods, "00123/2024"));
  g_assert_true (string_cell (fods, "=SUM(A1)"));
  g_assert_true (string_cell (fods, "-5"));
  g_assert_true (string_cell (fods, "=HYPERLINK(&quot;http://x&quot;)"));
  /* LibreOffice holds a boolean cell as the formula TRUE() or FALSE();
   * no other formula. */
  g_assert_cmpuint (count_matches (fods, "table:formula="), ==,
                    count_matches (fods, "table:formula=\"of:=(TRUE|FALSE)\\(\\)\""));
  g_assert_cmpuint (count_matches (fods, "table:formula="), >, 0);
  /* The source address is a link. */
  g_assert_nonnull (strstr (fods, "xlink:href=\"https://example.org/a?b=1&amp;c=2\""));
  remove_tree (dir);
}

static void
test_samples (void)
{
  g_autofree char *soffice = NULL;
  g_autoptr(OtDataset) samples = ot_test_load_samples ();
  g_autofree char *dir = NULL;

  if (!have_soffice (&soffice))
    return;
  dir = export_and_check (samples, FALSE, soffice);
  remove_tree (dir);
}

static void
test_generated (void)
{
  g_autofree char *soffice = NULL;
  g_autoptr(GBytes) csv = ot_generator_to_bytes (7, 1000, OT_FORMAT_CSV);
  g_autoptr(OtDataset) dataset = NULL;
  g_autofree char *dir = NULL;

  if (!have_soffice (&soffice))
    return;
  dataset = ot_test_load_len ("generated.csv", g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  dir = export_and_check (dataset, TRUE, soffice);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xlsx-export/awkward", test_awkward);
  g_test_add_func ("/xlsx-export/samples", test_samples);
  g_test_add_func ("/xlsx-export/generated-1000", test_generated);
  return g_test_run ();
}
