/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Workbooks read (issue 19, "In: XLSX and ODS"; docs/incident-format.md,
 * "Workbooks"): the sample incidents saved by LibreOffice Calc as XLSX and
 * ODS load into the same incidents as the CSV; awkward cells (dates as
 * date cells, "0012" as text, 0.35, formulas, booleans, paragraphs) and a
 * sheet picked as FILE#SHEET or FILE#N; a bad row at FILE:SHEET:ROW while
 * the rest loads; a Comtrade file saved as a workbook loads as the same
 * trade statistics; our own XLSX export (libxlsxwriter) loads back; cells
 * as XML written by hand (rich text, escapes, the 1904 date system,
 * number formats, repeated rows and columns); damaged and other archives
 * get one clear error.  The workbooks of tests/data/sheet/ were made by
 * tests/data/sheet/make-sheets.sh; when a file they were made from has
 * changed since, they are made again here (with soffice) or those cases
 * are skipped, saying why. */
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile-zip.h>
#include <gsf/gsf-output-stdio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ot-loader.h"
#include "ot-sheet.h"
#include "ot-test-util.h"
#include "ot-trade-places.h"
#include "ot-writer.h"

static char *tmpdir;
/* Where the LibreOffice workbooks are: tests/data/sheet, or a temporary
 * folder they were made in again; NULL when they are stale and cannot be. */
static char *sheets_dir;
static const char *sheets_missing;

/* ---- Helpers ------------------------------------------------------------------------------ */

static char *
source_path (const char *first,
             ...)
{
  va_list args;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;

  g_ptr_array_add (parts, (gpointer) g_getenv ("OT_SOURCE_ROOT"));
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static OtDataset *
load_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  OtDataset *ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return ds;
}

/* A workbook of tests/data/sheet/ (as current: made again when stale). */
static OtDataset *
load_sheet (const char *name)
{
  g_autofree char *path = g_build_filename (sheets_dir, name, NULL);

  return load_path (path);
}

static char *
problems_text (OtDataset *ds)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = ot_problem_to_string (problems->pdata[i]);

      g_string_append_printf (out, "%s\n", line);
    }
  return g_string_free (out, FALSE);
}

/* Every incident as its line and each standard column's text, one line
 * per incident. */
static char *
incidents_text (OtDataset *ds,
                gboolean   with_lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);

      if (with_lines)
        g_string_append_printf (out, "%u:", incident->line);
      for (guint c = 0; c < OT_N_COLUMNS; c++)
        {
          g_autofree char *text = ot_writer_column_text (incident, c);

          g_string_append_printf (out, "%s%s", c ? "|" : "", text ? text : "");
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static const char *const type_names[] = { "empty", "text", "number", "date", "boolean", "error" };

/* A sheet's rows read through ot-sheet.h: "ROW: type:text | …" per row. */
static char *
sheet_text (const char *path,
            const char *sheet)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtWorkbook) workbook = NULL;
  g_autoptr(OtSheetReader) reader = NULL;
  GString *out = g_string_new (NULL);
  OtSheetRow row;
  guint index;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  workbook = ot_workbook_open_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_true (ot_workbook_find_sheet (workbook, sheet, &index));
  reader = ot_workbook_read_sheet (workbook, index, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ot_sheet_reader_get_name (reader), ==, ot_workbook_get_sheet_name (workbook, index));
  while (ot_sheet_reader_next (reader, &row, &error))
    {
      g_string_append_printf (out, "%u:", row.row);
      for (guint i = 0; i < row.n_cells; i++)
        {
          g_assert_cmpuint (strlen (row.cells[i]), ==, row.lengths[i]);
          if (row.types[i] != OT_CELL_EMPTY)
            g_string_append_printf (out, " %c%s=%s:%s", 'A' + (char) MIN (i, 25u),
                                    i >= 26 ? "+" : "", type_names[row.types[i]], row.cells[i]);
          else
            g_assert_cmpstr (row.cells[i], ==, "");
        }
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* ---- Writing archives by hand (libgsf) ----------------------------------------------------- */

/* A ZIP archive at @path of the members given as name, text pairs
 * (NULL-terminated); folders are made as needed. */
static void
write_zip (const char         *path,
           const char * const *members)
{
  g_autoptr(GError) error = NULL;
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *zip;
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);
  for (guint m = 0; members[m] != NULL; m += 2)
    {
      g_auto(GStrv) parts = g_strsplit (members[m], "/", -1);
      guint n = g_strv_length (parts);
      GsfOutfile *folder = zip;
      g_autoptr(GString) so_far = g_string_new (NULL);
      GsfOutput *child;

      for (guint i = 0; i + 1 < n; i++)
        {
          GsfOutfile *next;

          g_string_append_printf (so_far, "%s/", parts[i]);
          next = g_hash_table_lookup (folders, so_far->str);
          if (next == NULL)
            {
              next = GSF_OUTFILE (gsf_outfile_new_child (folder, parts[i], TRUE));
              g_hash_table_insert (folders, g_strdup (so_far->str), next);
              g_ptr_array_add (order, next);
            }
          folder = next;
        }
      child = gsf_outfile_new_child (folder, parts[n - 1], FALSE);
      g_assert_true (gsf_output_write (child, strlen (members[m + 1]), (const guint8 *) members[m + 1]));
      g_assert_true (gsf_output_close (child));
      g_object_unref (child);
    }
  for (guint i = order->len; i-- > 0;)
    {
      gsf_output_close (order->pdata[i]);
      g_object_unref (order->pdata[i]);
    }
  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);
  g_object_unref (sink);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

#define XLSX_RELS \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>" \
  "</Relationships>"

#define WB_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* A hand-written XLSX: its date system, the first sheet's XML and shared
 * strings; a chart sheet and a second worksheet (an absolute target). */
static char *
write_xlsx (const char *name,
            gboolean    date1904,
            const char *sheet_data,
            const char *shared_strings)
{
  char *path = tmp_path (name);
  g_autofree char *workbook = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook " WB_NS "><workbookPr date1904=\"%s\"/><sheets>"
    "<sheet name=\"Hand\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"Chart\" sheetId=\"2\" r:id=\"rId2\"/>"
    "<sheet name=\"Second\" sheetId=\"3\" r:id=\"rId3\"/>"
    "</sheets></workbook>", date1904 ? "true" : "false");
  g_autofree char *sheet = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet " WB_NS ">"
    "<dimension ref=\"A1:B2\"/><sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>"
    "<sheetData>%s</sheetData><extLst><ext uri=\"x\"><v>9</v></ext></extLst></worksheet>",
    sheet_data);
  g_autofree char *sst = g_strdup_printf ("<?xml version=\"1.0\"?><sst " WB_NS ">%s</sst>",
                                          shared_strings);
  const char *members[] = {
    "[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>",
    "_rels/.rels", XLSX_RELS,
    "xl/workbook.xml", workbook,
    "xl/_rels/workbook.xml.rels",
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" REL "chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL "worksheet\" Target=\"/xl/worksheets/other.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId5\" Type=\"" REL "styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId6\" Type=\"" REL "hyperlink\" Target=\"https://example.org\" TargetMode=\"External\"/>"
    "</Relationships>",
    "xl/styles.xml",
    "<?xml version=\"1.0\"?><styleSheet " WB_NS "><numFmts count=\"5\">"
    "<numFmt numFmtId=\"164\" formatCode=\"mmm\\ yyyy\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00E+00\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"[Red]#,##0.00;[Blue]\\-#,##0.00\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"[h]:mm\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/>"
    "<numFmt numFmtId=\"169\" formatCode=\"#,##0&quot; days&quot;\"/>"
    "</numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"10\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"22\"/>"
    "<xf numFmtId=\"49\"/><xf numFmtId=\"168\"/><xf numFmtId=\"169\"/></cellXfs></styleSheet>",
    "xl/sharedStrings.xml", sst,
    "xl/worksheets/sheet1.xml", sheet,
    "xl/worksheets/other.xml",
    "<?xml version=\"1.0\"?><worksheet " WB_NS "><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\">"
    "<is><t>second</t></is></c></row></sheetData></worksheet>",
    "xl/chartsheets/sheet1.xml", "<?xml version=\"1.0\"?><chartsheet/>",
    NULL,
  };

  write_zip (path, members);
  return path;
}

/* A hand-written ODS: content.xml's automatic styles and tables. */
static char *
write_ods (const char *name,
           const char *styles,
           const char *tables)
{
  char *path = tmp_path (name);
  g_autofree char *content = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
    "xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\" "
    "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\" "
    "office:version=\"1.3\"><office:automatic-styles>%s</office:automatic-styles>"
    "<office:body><office:spreadsheet>%s</office:spreadsheet></office:body>"
    "</office:document-content>", styles, tables);
  const char *members[] = {
    "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
    "META-INF/manifest.xml", "<?xml version=\"1.0\"?><manifest:manifest "
    "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>",
    "styles.xml", "<?xml version=\"1.0\"?><office:document-styles "
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\"><office:styles>"
    "<number:date-style style:name=\"Nyear\"><number:year/></number:date-style>"
    "<style:style style:name=\"Year\" style:family=\"table-cell\" style:data-style-name=\"Nyear\"/>"
    "</office:styles></office:document-styles>",
    "content.xml", content,
    NULL,
  };

  write_zip (path, members);
  return path;
}

/* ---- The LibreOffice workbooks ------------------------------------------------------------- */

/* Whether tests/data/sheet/sources.sha256 still holds for the files the
 * workbooks were made from. */
static gboolean
sources_current (void)
{
  g_autofree char *list_path = source_path ("tests", "data", "sheet", "sources.sha256", NULL);
  g_autofree char *list = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (list_path, &list, NULL, NULL));
  lines = g_strsplit (list, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "  ", 2);
      g_autofree char *path = NULL, *data = NULL, *sum = NULL;
      gsize length;

      if (g_strv_length (parts) != 2)
        continue;
      path = source_path (parts[1], NULL);
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
      if (strcmp (sum, parts[0]) != 0)
        {
          g_test_message ("%s changed since the workbooks were made", parts[1]);
          return FALSE;
        }
    }
  return TRUE;
}

static void
find_sheets (void)
{
  g_autofree char *script = source_path ("tests", "data", "sheet", "make-sheets.sh", NULL);
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *out = tmp_path ("made");
  const char *argv[] = { script, out, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (sources_current ())
    {
      sheets_dir = source_path ("tests", "data", "sheet", NULL);
      return;
    }
  if (soffice == NULL)
    {
      sheets_missing = "the workbooks of tests/data/sheet are older than the files they were "
                       "made from, and there is no soffice to make them again "
                       "(tests/data/sheet/make-sheets.sh)";
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (out, 0700), ==, 0);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  sheets_dir = g_steal_pointer (&out);
}

static gboolean
need_sheets (void)
{
  if (sheets_dir == NULL)
    g_test_skip (sheets_missing);
  return sheets_dir != NULL;
}

/* The sample incidents, saved by LibreOffice Calc as XLSX and as ODS,
 * load into the incidents the CSV gives: every column of every incident,
 * at the same line (the CSV has no line break in a field, so its lines
 * are the sheet's rows), with no problem. */
static void
test_samples (void)
{
  g_autofree char *csv_path = source_path ("data", "samples", "incidents.csv", NULL);
  g_autoptr(OtDataset) csv = load_path (csv_path);
  g_autofree char *expected = incidents_text (csv, TRUE);
  const char *names[] = { "samples.xlsx", "samples.ods" };

  if (!need_sheets ())
    return;
  g_assert_cmpuint (ot_dataset_get_n_incidents (csv), ==, 60);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(OtDataset) ds = load_sheet (names[i]);
      g_autofree char *got = incidents_text (ds, TRUE);
      g_autofree char *problems = problems_text (ds);

      g_test_message ("%s", names[i]);
      g_assert_cmpstr (problems, ==, "");
      g_assert_cmpstr (got, ==, expected);
      g_assert_true (g_str_has_suffix (ot_dataset_get_incident (ds, 0)->file, names[i]));
      g_assert_true (g_str_has_suffix (ot_dataset_get_files (ds)[0], names[i]));
    }
}

/* LibreOffice saved these from awkward.fods: a cell's type and text. */
static const char awkward_cells[] =
  "1: A=text:id B=text:date C=text:mineral D=text:form E=text:hs_code F=text:quantity "
  "G=text:unit H=text:value I=text:currency J=text:origin K=text:destination L=text:status "
  "M=text:illustrative N=text:source O=text:notes\n"
  "2: A=text:AWK-1 B=date:2024-03-15 C=text:gallium D=text:metal E=text:0012 F=number:0.35 "
  "G=text:t H=number:0.3 I=text:USD J=text:CN K=text:US L=text:seized M=boolean:TRUE "
  "N=text:Test source, page 1 O=text:two  spaces and a span\nsecond paragraph\n"
  "3: A=text:AWK-2 B=date:2024-05 C=text:antimony D=text:metal E=text:8110.10 F=number:3366 "
  "G=text:kg J=text:CN K=text:TH L=text:reported M=boolean:FALSE N=text:Test source, page 2\n"
  "5: A=text:AWK-3 B=number:2023 C=text:antimony D=text:ore E=number:8110.1 F=number:0.001 "
  "G=text:kg J=text:CN M=boolean:TRUE\n"
  "6: A=text:AWK-4 B=date:2024-06-01 C=text:unobtainium J=text:CN M=boolean:TRUE\n"
  "7: A=text:AWK-5 B=date:2024-07-01 C=text:germanium J=text:CN M=boolean:TRUE\n"
  "8: A=text:AWK-6 B=date:2024-07-01 14:30:00 C=text:germanium J=text:CN M=boolean:TRUE\n"
  "9: A=text:AWK-7 B=text:2024-08 C=text:tungsten J=text:CN M=boolean:TRUE P=text:right of the header\n"
  "10: A=text:AWK-8 B=number:2022 C=text:graphite J=text:CN M=boolean:TRUE\n"
  "11: A=text:AWK-8 B=number:2022 C=text:graphite J=text:CN M=boolean:TRUE\n";

/* Awkward cells as LibreOffice writes them in both formats: the cells'
 * types and texts; the incidents (a date shown as a month is a month,
 * the kg of 0.35 t, a text "0012" kept); the bad rows reported
 * FILE:SHEET:ROW while the rest loads; the sheet named, numbered, in any
 * case, missing; the first sheet, which is no incidents. */
static void
test_awkward (void)
{
  const char *names[] = { "awkward.xlsx", "awkward.ods" };

  if (!need_sheets ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (sheets_dir, names[i], NULL);
      g_autofree char *cells = sheet_text (path, "Incidents");
      g_autofree char *incidents_path = g_strconcat (path, "#Incidents", NULL);
      g_autoptr(OtDataset) ds = load_path (incidents_path);
      g_autofree char *display = g_strdup (ot_dataset_get_files (ds)[0]);
      g_autofree char *problems = problems_text (ds);
      g_autofree char *expected_problems = g_strdup_printf (
        "%1$s:Incidents:6: error: unknown mineral \"unobtainium\" in column mineral (expected a "
        "name such as antimony, a symbol such as Sb, or an HS code)\n"
        "%1$s:Incidents:8: error: invalid date \"2024-07-01 14:30:00\" (expected YYYY, YYYY-MM or "
        "YYYY-MM-DD) in column date\n"
        "%1$s:Incidents:9: error: row has a value in column P, right of the header’s last column "
        "O; row skipped\n"
        "%1$s:Incidents:11: error: duplicate id \"AWK-8\" (first on line 10); record skipped\n",
        display);
      g_autofree char *incidents = incidents_text (ds, TRUE);
      const char *others[] = { "#2", "#incidents" };

      g_test_message ("%s", names[i]);
      g_assert_cmpstr (cells, ==, awkward_cells);
      g_assert_true (g_str_has_suffix (display, names[i]));
      g_assert_cmpstr (problems, ==, expected_problems);
      g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 4);
      g_assert_cmpstr (incidents, ==,
                       "2:AWK-1|2024-03-15|gallium|metal|0012|350|kg|0.3|USD|||CN|||US||seized"
                       "|medium|||||||true|Test source, page 1||two  spaces and a span\nsecond paragraph\n"
                       "3:AWK-2|2024-05|antimony|metal|8110.10|3366|kg|||||CN|||TH||reported|medium"
                       "|||||||false|Test source, page 2||\n"
                       "5:AWK-3|2023|antimony|ore|8110.1|0.001|kg|||||CN|||||alleged|medium|||||||true|||\n"
                       "7:AWK-5|2024-07-01|germanium|||||||||CN|||||alleged|medium|||||||true|||\n"
                       "10:AWK-8|2022|graphite|||||||||CN|||||alleged|medium|||||||true|||\n");
      g_assert_cmpstr (((OtProblem *) ot_dataset_get_problems (ds)->pdata[0])->sheet, ==, "Incidents");

      /* The same sheet by number and in another case. */
      for (guint k = 0; k < G_N_ELEMENTS (others); k++)
        {
          g_autofree char *other = g_strconcat (path, others[k], NULL);
          g_autoptr(OtDataset) again = load_path (other);
          g_autofree char *text = incidents_text (again, TRUE);
          g_autofree char *other_problems = problems_text (again);

          g_assert_cmpstr (text, ==, incidents);
          g_assert_cmpstr (other_problems, ==, expected_problems);
        }

      /* The first sheet, no incidents: said so, and which sheets there are. */
      {
        g_autoptr(OtDataset) first = load_path (path);
        g_autofree char *text = problems_text (first);
        g_autofree char *expected = g_strdup_printf (
          "%1$s:Notes: error: not a sheet of incidents: the header in row 1 has no column id (a "
          "sheet needs at least id, date and mineral)\n"
          "%1$s:Notes: warning: the first sheet is read unless one is named: the workbook’s sheets "
          "are Notes, Incidents, Empty (name one as FILE#SHEET, or open the file in the window "
          "to pick one)\n", display);

        g_assert_cmpstr (text, ==, expected);
        g_assert_cmpuint (ot_dataset_get_n_incidents (first), ==, 0);
      }
      /* A sheet that is not there; an empty one (1,048,576 rows of 16,384
       * empty cells in the ODS). */
      {
        g_autofree char *missing = g_strconcat (path, "#Nope", NULL);
        g_autofree char *empty = g_strconcat (path, "#3", NULL);
        g_autoptr(OtDataset) a = load_path (missing);
        g_autoptr(OtDataset) b = load_path (empty);
        g_autofree char *ta = problems_text (a);
        g_autofree char *tb = problems_text (b);
        g_autofree char *ea = g_strdup_printf ("%s: error: the workbook has no sheet “Nope” (its "
                                               "sheets: Notes, Incidents, Empty)\n", display);
        g_autofree char *eb = g_strdup_printf ("%s:Empty: error: the sheet is empty\n", display);

        g_assert_cmpstr (ta, ==, ea);
        g_assert_cmpstr (tb, ==, eb);
      }
    }
}

/* A UN Comtrade file saved by LibreOffice as a workbook loads as the
 * same trade statistics as the file: every row (reporter, partner, flow,
 * product, month, kg, value, flags) at the same line, the same skip
 * warnings, located in the sheet. */
static void
test_trade (void)
{
  g_autofree char *csv_path = source_path ("tests", "data", "trade", "comtrade-api.csv", NULL);
  g_autoptr(OtDataset) csv = load_path (csv_path);
  OtTradeTable *expected = ot_dataset_get_trade (csv);
  const char *names[] = { "comtrade-api.xlsx", "comtrade-api.ods" };

  if (!need_sheets ())
    return;
  g_assert_nonnull (expected);
  g_assert_cmpuint (ot_trade_table_get_n_rows (expected), ==, 13);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(OtDataset) ds = load_sheet (names[i]);
      OtTradeTable *table = ot_dataset_get_trade (ds);
      GPtrArray *a = ot_dataset_get_problems (csv), *b = ot_dataset_get_problems (ds);

      g_test_message ("%s", names[i]);
      g_assert_nonnull (table);
      g_assert_cmpuint (ot_trade_table_get_n_rows (table), ==, ot_trade_table_get_n_rows (expected));
      for (guint r = 0; r < ot_trade_table_get_n_rows (table); r++)
        {
          OtTradeRow x, y;

          ot_trade_table_get_row (expected, r, &x);
          ot_trade_table_get_row (table, r, &y);
          g_assert_cmpstr (ot_trade_place_key (x.reporter), ==, ot_trade_place_key (y.reporter));
          g_assert_cmpstr (ot_trade_place_key (x.partner), ==, ot_trade_place_key (y.partner));
          g_assert_cmpuint (x.product, ==, y.product);
          g_assert_cmpuint (x.month, ==, y.month);
          g_assert_cmpuint (x.flow, ==, y.flow);
          g_assert_cmpuint (x.flags, ==, y.flags);
          g_assert_cmpuint (x.span, ==, y.span);
          g_assert_cmpfloat (x.kg, ==, y.kg);
          g_assert_true (x.value == y.value || (isnan (x.value) && isnan (y.value)));
          g_assert_cmpuint (x.line, ==, y.line);
        }
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint p = 0; p < a->len; p++)
        {
          const OtProblem *pa = a->pdata[p], *pb = b->pdata[p];

          g_assert_cmpstr (pa->message, ==, pb->message);
          g_assert_cmpuint (pa->line, ==, pb->line);
          g_assert_null (pa->sheet);
          g_assert_cmpstr (pb->sheet, ==, "comtrade-api");
        }
    }
}

/* Our own XLSX export (libxlsxwriter, `oretrace --export X.xlsx`) loads
 * back: its first sheet holds the incidents, every standard column as the
 * CSV gave it; first_day and last_day are kept as extra columns. */
static void
test_export_roundtrip (void)
{
  g_autofree char *csv_path = source_path ("data", "samples", "incidents.csv", NULL);
  g_autofree char *out = tmp_path ("export.xlsx");
  const char *argv[] = { g_getenv ("OT_APP"), "--export", out, csv_path, NULL };
  g_autoptr(OtDataset) csv = load_path (csv_path);
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = incidents_text (csv, FALSE);
  g_autofree char *got = NULL, *problems = NULL, *expected_problems = NULL;
  int status;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  ds = load_path (out);
  got = incidents_text (ds, FALSE);
  g_assert_cmpstr (got, ==, expected);
  problems = problems_text (ds);
  expected_problems = g_strdup_printf ("%s:Incidents:1: warning: unknown columns kept as extra "
                                       "attributes: first_day, last_day\n",
                                       ot_dataset_get_files (ds)[0]);
  g_assert_cmpstr (problems, ==, expected_problems);
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);

      g_assert_cmpuint (incident->line, ==, i + 2);
      g_assert_cmpuint (incident->n_extras, ==, 2);
      g_assert_cmpstr (incident->extras[0].key, ==, "first_day");
    }
}

/* ---- Cells written by hand ------------------------------------------------------------------- */

/* XLSX as other programs write it: rich text runs and phonetic guides,
 * inline strings, OOXML escapes, cells without references, the 1904 date
 * system, built-in and custom number formats (dates at the precision they
 * show, elapsed hours, scientific and coloured numbers that are no
 * dates), float noise, errors, formula strings, booleans, ISO dates, a
 * formula without a value, the last column, an empty row; the chart sheet
 * left out of the names. */
static void
test_hand_xlsx (void)
{
  const char *strings =
    "<si><t>plain</t></si>"
    "<si><r><rPr><b/></rPr><t>bold</t></r><r><t xml:space=\"preserve\"> and plain</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><t>line_x000D_\ntwo</t></si>"
    "<si><t>_x005F_x0041_ &amp; &lt;&#x4E2D;&gt;</t></si>"
    "<si/>";
  const char *rows =
    "<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c>"
    "<c t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r></is></c>"
    "<c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c><c t=\"s\"><v>4</v></c></row>"
    "<row r=\"3\"><c r=\"B3\" s=\"1\"><v>0</v></c><c r=\"C3\" s=\"2\"><v>44000</v></c>"
    "<c r=\"D3\" s=\"3\"><v>12345.678</v></c><c r=\"E3\" s=\"4\"><v>-1.5</v></c>"
    "<c r=\"F3\" s=\"5\"><v>1.75</v></c><c r=\"G3\" s=\"6\"><v>0.5</v></c>"
    "<c r=\"H3\" s=\"8\"><v>100.25</v></c><c r=\"I3\" s=\"9\"><v>12</v></c></row>"
    "<row r=\"4\"><c r=\"A4\"><v>0.30000000000000004</v></c><c r=\"B4\"><v>12345678901234567890</v></c>"
    "<c r=\"C4\"><v>1E-7</v></c><c r=\"D4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
    "<c r=\"E4\" t=\"str\"><f>A1&amp;\"x\"</f><v>plainx</v></c><c r=\"F4\" t=\"b\"><v>0</v></c>"
    "<c r=\"G4\" t=\"d\"><v>2024-02-29T00:00:00Z</v></c><c r=\"H4\" s=\"7\"><v>12</v></c>"
    "<c r=\"I4\"><f>SUM(A4)</f></c><c r=\"J4\" s=\"1\"/><c r=\"K4\" s=\"99\"><v>3</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" s=\"1\"/><c r=\"B5\" t=\"s\"><v>4</v></c></row>"
    "<row r=\"6\"/>"
    "<row r=\"7\"><c r=\"XFD7\" t=\"inlineStr\"><is><t>last</t></is></c>"
    "<c r=\"XFE7\" t=\"inlineStr\"><is><t>past the last</t></is></c></row>"
    "<row r=\"8\"><c r=\"A8\"><v>1.50</v></c><c r=\"B8\"><v>007</v></c><c r=\"C8\"><v>-0</v></c>"
    "<c r=\"D8\"><v>6236.154</v></c><c r=\"E8\"><v>-12.5</v></c><c r=\"F8\"><v>1E3</v></c>"
    "<c r=\"G8\"><v>123456789012345</v></c><c r=\"H8\"><v>1234567890123456</v></c>"
    "<c r=\"I8\"><v>0.1234567890123456</v></c><c r=\"J8\"><v>not a number</v></c></row>";
  const char *rows_1900 =
    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>59</v></c>"
    "<c r=\"C1\" s=\"1\"><v>60</v></c><c r=\"D1\" s=\"1\"><v>61</v></c>"
    "<c r=\"E1\" s=\"1\"><v>45366.99</v></c><c r=\"F1\" s=\"6\"><v>45366.5</v></c>"
    "<c r=\"G1\" s=\"1\"><v>-3</v></c><c r=\"H1\" s=\"1\"><v>3000000</v></c></row>";
  g_autofree char *path = write_xlsx ("hand.xlsx", TRUE, rows, strings);
  g_autofree char *path_1900 = write_xlsx ("hand-1900.xlsx", FALSE, rows_1900, "");
  g_autofree char *text = sheet_text (path, "Hand");
  g_autofree char *text_1900 = sheet_text (path_1900, "1");
  g_autofree char *second = sheet_text (path, "Second");
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(OtWorkbook) workbook = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL;

  g_assert_cmpstr (text, ==,
                   "1: A=text:plain B=text:bold and plain C=text:inline D=text:line\r\ntwo "
                   "E=text:_x0041_ & <中>\n"
                   "3: B=date:1904-01-01 C=date:2024-06 D=number:12345.678 E=number:-1.5 "
                   "F=date:42:00:00 G=date:1904-01-01 12:00:00 H=date:1904-04-10 06:00:00 "
                   "I=number:12\n"
                   "4: A=number:0.3 B=number:12345678901234600000 C=number:0.0000001 "
                   "D=error:#DIV/0! E=text:plainx F=boolean:FALSE G=date:2024-02-29 H=number:12 "
                   "K=number:3\n"
                   "7: Z+=text:last\n"
                   "8: A=number:1.5 B=number:7 C=number:0 D=number:6236.154 E=number:-12.5 "
                   "F=number:1000 G=number:123456789012345 H=number:1234567890123460 "
                   "I=number:0.123456789012346 J=text:not a number\n");
  g_assert_cmpstr (text_1900, ==,
                   "1: A=date:1900-01-01 B=date:1900-02-28 C=date:1900-02-29 D=date:1900-03-01 "
                   "E=date:2024-03-15 F=date:2024-03-15 12:00:00 G=number:-3 H=number:3000000\n");
  g_assert_cmpstr (second, ==, "2: B=text:second\n");

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  workbook = ot_workbook_open_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ot_workbook_get_kind (workbook), ==, OT_WORKBOOK_XLSX);
  g_assert_cmpuint (ot_workbook_get_n_sheets (workbook, NULL), ==, 2);
  list = ot_workbook_list_sheets (workbook);
  g_assert_cmpstr (list, ==, "Hand, Second");
  {
    g_autoptr(OtSheetReader) reader = ot_workbook_read_sheet (workbook, 0, &error);
    OtSheetRow row;
    guint n = 0;

    g_assert_no_error (error);
    while (ot_sheet_reader_next (reader, &row, &error))
      if (row.row == 7)
        n = row.n_cells;
    /* Row 7 ends in XFD, the last column. */
    g_assert_cmpuint (n, ==, OT_SHEET_MAX_COLUMNS);
  }
}

/* ODS as other programs write it: paragraphs with runs of spaces (text:s),
 * tabs, line breaks, spans and links, comments and drawings left out;
 * office:string-value over the paragraph; percentages, currencies, times,
 * date-times; a date's precision from the cell's style, its parent, the
 * row's and the column's default cell style (styles.xml's too);
 * LibreOffice's error cells; repeated rows and columns, covered cells,
 * rows in groups and header rows, a million empty rows passed over; a
 * table inside a cell left out. */
static void
test_hand_ods (void)
{
  const char *styles =
    "<number:date-style style:name=\"Nmonth\"><number:year/><number:text>-</number:text>"
    "<number:month/></number:date-style>"
    "<style:style style:name=\"month\" style:family=\"table-cell\" style:data-style-name=\"Nmonth\"/>"
    "<style:style style:name=\"child\" style:family=\"table-cell\" style:parent-style-name=\"month\"/>"
    "<style:style style:name=\"yearly\" style:family=\"table-cell\" style:parent-style-name=\"Year\"/>";
  const char *tables =
    "<table:table table:name=\"Hand\">"
    "<table:table-column table:default-cell-style-name=\"Default\"/>"
    "<table:table-column table:number-columns-repeated=\"2\" table:default-cell-style-name=\"month\"/>"
    "<table:table-header-rows><table:table-row>"
    "<table:table-cell office:value-type=\"string\"><text:p>a<text:s text:c=\"3\"/>b<text:tab/>c"
    "<text:line-break/>d <text:span>e<text:span>f</text:span></text:span> "
    "<text:a xlink:href=\"https://x\">link</text:a></text:p>"
    "<office:annotation><dc:creator>me</dc:creator><text:p>a comment</text:p></office:annotation>"
    "<draw:frame><draw:text-box><text:p>drawn</text:p></draw:text-box></draw:frame>"
    "<text:p>second\n  line</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\" office:string-value=\"from attribute\">"
    "<text:p>shown</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"percentage\" office:value=\"0.05\"><text:p>5%</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"currency\" office:currency=\"EUR\" office:value=\"1234.5\">"
    "<text:p>1.234,50 €</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"time\" office:time-value=\"PT14H30M00S\"><text:p>14:30</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"0\" calcext:value-type=\"error\" "
    "table:formula=\"of:=NA()\"><text:p>#N/A</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"false\"/>"
    "<table:table-cell office:value-type=\"float\" office:value=\"0.1\"><table:table><table:table-row>"
    "<table:table-cell office:value-type=\"string\"><text:p>nested</text:p></table:table-cell>"
    "</table:table-row></table:table></table:table-cell>"
    "</table:table-row></table:table-header-rows>"
    "<table:table-row-group><table:table-row>"
    "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-05-17\"/>"
    "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-05-17\"/>"
    "<table:table-cell table:style-name=\"child\" office:value-type=\"date\" office:date-value=\"2024-06-17T10:00:00\"/>"
    "<table:table-cell table:style-name=\"yearly\" office:value-type=\"date\" office:date-value=\"2023-06-17\"/>"
    "<table:table-cell table:style-name=\"Year\" office:value-type=\"date\" office:date-value=\"2022-06-17T00:00:00.000001\"/>"
    "<table:covered-table-cell/>"
    "<table:table-cell office:value-type=\"string\"><text:p>after covered</text:p></table:table-cell>"
    "</table:table-row></table:table-row-group>"
    "<table:table-row table:default-cell-style-name=\"Year\">"
    "<table:table-cell office:value-type=\"date\" office:date-value=\"2021-01-02\"/></table:table-row>"
    "<table:table-row table:number-rows-repeated=\"3\">"
    "<table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
    "<table:table-cell table:number-columns-repeated=\"16000\"/>"
    "<table:table-cell office:value-type=\"string\"><text:p>far</text:p></table:table-cell>"
    "<table:table-cell table:number-columns-repeated=\"1000000\"/>"
    "</table:table-row>"
    "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
    "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"7\"/></table:table-row>"
    "<table:table-row table:number-rows-repeated=\"4000000\"><table:table-cell/></table:table-row>"
    "</table:table>"
    "<table:table table:name=\"Zwei\"><table:table-row><table:table-cell office:value-type=\"string\">"
    "<text:p>two</text:p></table:table-cell></table:table-row></table:table>";
  g_autofree char *path = write_ods ("hand.ods", styles, tables);
  g_autofree char *text = sheet_text (path, "Hand");
  g_autofree char *two = sheet_text (path, "2");
  g_autofree char *far = g_strdup_printf (" A=text:x B=text:x Z+=text:far\n");
  g_autofree char *expected = g_strdup_printf (
    "1: A=text:a   b\tc\nd ef link\nsecond   line B=text:from attribute C=number:0.05 "
    "D=number:1234.5 E=date:14:30:00 F=error:#N/A G=boolean:FALSE H=number:0.1\n"
    "2: A=date:2024-05-17 B=date:2024-05 C=date:2024-06 D=date:2023 E=date:2022 "
    "G=text:after covered\n"
    "3: A=date:2021\n"
    "4:%1$s5:%1$s6:%1$s"
    "1000007: A=number:7\n", far);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (two, ==, "1: A=text:two\n");
}

/* ---- Damaged and other archives ----------------------------------------------------------- */

static char *
one_error (const char *path)
{
  g_autoptr(OtDataset) ds = load_path (path);
  GPtrArray *problems = ot_dataset_get_problems (ds);

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 0);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((OtProblem *) problems->pdata[0])->severity, ==, OT_SEVERITY_ERROR);
  return g_strdup (((OtProblem *) problems->pdata[0])->message);
}

static void
write_bytes (const char *path,
             const char *data,
             gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

static char *
write_ole2 (const char *name,
            const char *stream)
{
  char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  GsfOutput *sink = gsf_output_stdio_new (path, &error);
  GsfOutfile *ole;
  GsfOutput *child;
  char bytes[600] = { 0 };

  g_assert_no_error (error);
  ole = gsf_outfile_msole_new (sink);
  child = gsf_outfile_new_child (ole, stream, FALSE);
  gsf_output_write (child, sizeof bytes, (const guint8 *) bytes);
  gsf_output_close (child);
  g_object_unref (child);
  gsf_output_close (GSF_OUTPUT (ole));
  g_object_unref (ole);
  g_object_unref (sink);
  return path;
}

/* Each gives one clear error and nothing else; none crashes (the
 * sanitizer and valgrind runs read them too). */
static void
test_damaged (void)
{
  g_autofree char *source = source_path ("tests", "data", "sheet", "awkward.xlsx", NULL);
  g_autofree char *data = NULL;
  gsize length;
  g_autofree char *truncated = tmp_path ("truncated.xlsx");
  g_autofree char *garbage = tmp_path ("garbage.xlsx");
  g_autofree char *flipped = tmp_path ("flipped.xlsx");
  g_autofree char *text_zip = tmp_path ("notes.zip");
  g_autofree char *odt = tmp_path ("letter.odt");
  g_autofree char *encrypted_ods = tmp_path ("secret.ods");
  g_autofree char *bad_xml = NULL, *entity = NULL, *bad_index = NULL, *xls = NULL;
  g_autofree char *encrypted = NULL, *other_ole = NULL, *xlsb = tmp_path ("binary.xlsb");
  g_autofree char *message = NULL;
  const char *zip_members[] = { "notes.txt", "just some notes", NULL };
  const char *odt_members[] = { "mimetype", "application/vnd.oasis.opendocument.text",
                                "content.xml", "<x/>", NULL };
  const char *encrypted_members[] = {
    "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
    "META-INF/manifest.xml",
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
    "<manifest:file-entry manifest:full-path=\"content.xml\"><manifest:encryption-data/>"
    "</manifest:file-entry></manifest:manifest>",
    "content.xml", "\x01\x02 not XML", NULL };
  const char *xlsb_members[] = { "_rels/.rels", XLSX_RELS, "xl/workbook.bin", "binary", NULL };

  g_assert_true (g_file_get_contents (source, &data, &length, NULL));

  /* Cut in half: the ZIP's directory is at its end. */
  write_bytes (truncated, data, length / 2);
  message = one_error (truncated);
  g_assert_true (g_str_has_prefix (message, "the workbook cannot be read: its ZIP archive is damaged "
                                            "or incomplete"));
  g_clear_pointer (&message, g_free);

  {
    static const char junk[] = "PK\x03\x04 and then nothing a ZIP archive holds";

    write_bytes (garbage, junk, sizeof junk - 1);
  }
  message = one_error (garbage);
  g_assert_true (g_str_has_prefix (message, "the workbook cannot be read: its ZIP archive is damaged"));
  g_clear_pointer (&message, g_free);

  /* Bytes changed inside the compressed sheet: unpacking or parsing it
   * fails; what was read stays, the error says the workbook is damaged. */
  {
    g_autofree char *copy = g_memdup2 (data, length);
    g_autoptr(OtDataset) ds = NULL;
    GPtrArray *problems;
    gboolean damaged = FALSE;

    for (gsize i = length / 4; i < length / 4 + 400 && i < length; i++)
      copy[i] ^= 0x5a;
    write_bytes (flipped, copy, length);
    ds = load_path (flipped);
    problems = ot_dataset_get_problems (ds);
    for (guint i = 0; i < problems->len; i++)
      damaged = damaged || strstr (((OtProblem *) problems->pdata[i])->message, "damaged") != NULL;
    g_assert_true (damaged);
  }

  write_zip (text_zip, zip_members);
  message = one_error (text_zip);
  g_assert_cmpstr (message, ==, "a ZIP archive that is not a workbook (it holds no xl/workbook.xml "
                                "and is no OpenDocument spreadsheet); expected CSV, JSON, JSON Lines, "
                                "XLSX or ODS");
  g_clear_pointer (&message, g_free);

  write_zip (odt, odt_members);
  message = one_error (odt);
  g_assert_cmpstr (message, ==, "an OpenDocument file of another kind "
                                "(application/vnd.oasis.opendocument.text), not a spreadsheet");
  g_clear_pointer (&message, g_free);

  write_zip (encrypted_ods, encrypted_members);
  message = one_error (encrypted_ods);
  g_assert_cmpstr (message, ==, "the workbook is encrypted (it needs a password to open): save a copy "
                                "without the password");
  g_clear_pointer (&message, g_free);

  write_zip (xlsb, xlsb_members);
  message = one_error (xlsb);
  g_assert_cmpstr (message, ==, "a binary Excel workbook (.xlsb), which Oretrace does not read: save "
                                "it as .xlsx or .ods");
  g_clear_pointer (&message, g_free);

  xls = write_ole2 ("old.xls", "Workbook");
  message = one_error (xls);
  g_assert_cmpstr (message, ==, "an Excel 97–2003 workbook (.xls), which Oretrace does not read: save "
                                "it as .xlsx or .ods");
  g_clear_pointer (&message, g_free);

  encrypted = write_ole2 ("secret.xlsx", "EncryptionInfo");
  message = one_error (encrypted);
  g_assert_cmpstr (message, ==, "the workbook is encrypted (it needs a password to open): save a copy "
                                "without the password");
  g_clear_pointer (&message, g_free);

  other_ole = write_ole2 ("letter.doc", "WordDocument");
  message = one_error (other_ole);
  g_assert_true (g_str_has_prefix (message, "an OLE2 compound file"));
  g_clear_pointer (&message, g_free);

  /* XML that is not well-formed, a DOCTYPE with entities (the "billion
   * laughs"), a shared string the workbook lacks. */
  bad_xml = write_xlsx ("bad-xml.xlsx", FALSE, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t>"
                        "</is></c></row><row r=\"2\"><c", "");
  message = one_error (bad_xml);
  g_assert_true (g_str_has_prefix (message, "the sheet cannot be read"));
  g_assert_nonnull (strstr (message, "xl/worksheets/sheet1.xml is not well-formed XML"));
  g_clear_pointer (&message, g_free);
  {
    const char *members[] = {
      "_rels/.rels", XLSX_RELS,
      "xl/workbook.xml",
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
      "<workbook " WB_NS "><sheets><sheet name=\"&lol2;\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
      NULL };

    entity = tmp_path ("entity.xlsx");
    write_zip (entity, members);
    message = one_error (entity);
    g_assert_true (g_str_has_prefix (message, "the workbook is damaged: its xl/workbook.xml is not "
                                              "well-formed XML"));
    g_clear_pointer (&message, g_free);
  }
  bad_index = write_xlsx ("bad-index.xlsx", FALSE, "<row r=\"1\"><c r=\"B1\" t=\"s\"><v>7</v></c></row>",
                          "<si><t>only one</t></si>");
  message = one_error (bad_index);
  g_assert_cmpstr (message, ==, "the sheet cannot be read: the workbook is damaged: cell B1 refers to "
                                "shared string 7, which it does not have");
  g_clear_pointer (&message, g_free);

  /* Other binary files keep their message; a sheet named after a text
   * file is refused. */
  {
    g_autofree char *png = tmp_path ("picture.png");
    g_autofree char *csv = tmp_path ("plain.csv");
    g_autofree char *csv_sheet = NULL;
    static const char png_start[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    static const char header[] = "id,date,mineral\n";

    write_bytes (png, png_start, sizeof png_start - 1);
    message = one_error (png);
    g_assert_true (g_str_has_prefix (message, "not a text file (NUL byte at offset 8)"));
    g_clear_pointer (&message, g_free);

    write_bytes (csv, header, sizeof header - 1);
    csv_sheet = g_strconcat (csv, "#Sheet1", NULL);
    message = one_error (csv_sheet);
    g_assert_cmpstr (message, ==, "not a workbook, so “#Sheet1” names no sheet of it");
    g_clear_pointer (&message, g_free);
  }
}

/* FILE#SHEET: a file that exists is that file; else the first '#' that
 * follows a regular file; a folder's '#' and a sheet's are kept. */
static void
test_split (void)
{
  g_autofree char *folder = tmp_path ("a#b");
  g_autofree char *book = g_build_filename (folder, "book#1.xlsx", NULL);
  g_autofree char *with_sheet = g_strconcat (book, "#Sheet#2", NULL);
  g_autofree char *workbook = NULL, *sheet = NULL;
  g_autoptr(GFile) file = NULL, again = NULL;
  g_autofree char *again_path = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  write_bytes (book, "x", 1);
  g_assert_false (ot_loader_split_sheet (book, &workbook, &sheet));
  g_assert_true (ot_loader_split_sheet (with_sheet, &workbook, &sheet));
  g_assert_cmpstr (workbook, ==, book);
  g_assert_cmpstr (sheet, ==, "Sheet#2");
  g_clear_pointer (&workbook, g_free);
  g_clear_pointer (&sheet, g_free);
  g_assert_false (ot_loader_split_sheet ("/nonexistent/book.xlsx#Sheet1", &workbook, &sheet));
  {
    g_autofree char *trailing = g_strconcat (book, "#", NULL);

    g_assert_false (ot_loader_split_sheet (trailing, &workbook, &sheet));
  }
  file = g_file_new_for_path (book);
  again = ot_loader_sheet_file (file, "Sheet#2");
  again_path = g_file_get_path (again);
  g_assert_cmpstr (again_path, ==, with_sheet);
}

/* `oretrace --check FILE#SHEET`: FILE:SHEET:ROW lines; a folder's
 * workbooks are read (their first sheets). */
static void
test_cli (void)
{
  g_autofree char *book = NULL, *arg = NULL, *out = NULL;
  g_autofree char *folder = tmp_path ("folder");
  g_autofree char *copy = g_build_filename (folder, "samples.ods", NULL);
  g_autofree char *copy_data = NULL, *folder_out = NULL;
  gsize length;
  int status;
  g_autoptr(GError) error = NULL;

  if (!need_sheets ())
    return;
  book = g_build_filename (sheets_dir, "awkward.xlsx", NULL);
  arg = g_strconcat (book, "#Incidents", NULL);
  {
    const char *argv[] = { g_getenv ("OT_APP"), "--check", arg, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));   /* errors: exit 1 */
    g_assert_nonnull (strstr (out, "awkward.xlsx:Incidents:6: error: unknown mineral \"unobtainium\""));
    g_assert_nonnull (strstr (out, "incidents loaded: 5, rows skipped: 4, errors: 4"));
  }
  {
    g_autofree char *samples = g_build_filename (sheets_dir, "samples.ods", NULL);
    const char *argv[] = { g_getenv ("OT_APP"), "--check", folder, NULL };

    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
    g_assert_true (g_file_get_contents (samples, &copy_data, &length, NULL));
    write_bytes (copy, copy_data, length);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &folder_out, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (folder_out, "files: 1, incidents loaded: 60, rows skipped: 0, errors: 0"));
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("oretrace-sheet-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  find_sheets ();

  g_test_add_func ("/sheet/samples", test_samples);
  g_test_add_func ("/sheet/awkward", test_awkward);
  g_test_add_func ("/sheet/trade", test_trade);
  g_test_add_func ("/sheet/export-roundtrip", test_export_roundtrip);
  g_test_add_func ("/sheet/hand-xlsx", test_hand_xlsx);
  g_test_add_func ("/sheet/hand-ods", test_hand_ods);
  g_test_add_func ("/sheet/damaged", test_damaged);
  g_test_add_func ("/sheet/split", test_split);
  g_test_add_func ("/sheet/cli", test_cli);
  status = g_test_run ();
  ot_test_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (sheets_dir);
  return status;
}
