/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-export-xlsx.c: the incidents a filter includes and the network's
 * flows as an XLSX workbook (libxlsxwriter), typed for spreadsheets:
 * codes, ids and references as text, quantities and values as numbers,
 * day dates as dates and shorter dates as text, source addresses as
 * links (docs/exchange-formats.md).
 *
 * libxlsxwriter writes to a file name, so the workbook is made in a
 * private temporary folder and then copied into an OtAtomicFile: the
 * target appears complete or not at all. */
#include "ot-export-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "ot-atomic-file.h"
#include "ot-error.h"
#include "ot-loader.h"
#include "ot-mineral.h"
#include "ot-numeric.h"
#include "ot-writer.h"

/* A sheet's rows, header included (Excel's limit). */
#define MAX_ROWS      1048576u
#define MAX_COLUMNS   16384u
/* Characters in a cell (Excel's limit); a longer text is cut and ends
 * with an ellipsis. */
#define MAX_CELL_CHARS 32767
/* Links in a sheet (Excel's limit); later addresses are plain text. */
#define MAX_LINKS     65530u
/* Decimals of the number formats: a double has 15 to 17 significant. */
#define MAX_DECIMALS  17

typedef struct {
  lxw_workbook  *workbook;
  lxw_format    *header;
  lxw_format    *date;
  lxw_format    *link;
  lxw_format    *decimals[MAX_DECIMALS + 1];   /* "#,##0", "#,##0.0", … */
  lxw_error      error;                       /* the first */
  GString       *scratch;
} Book;

static void
check (Book      *book,
       lxw_error  error)
{
  if (error != LXW_NO_ERROR && book->error == LXW_NO_ERROR)
    book->error = error;
}

/* Text, cut to what a cell holds. */
static void
write_text (Book          *book,
            lxw_worksheet *sheet,
            lxw_row_t      row,
            lxw_col_t      col,
            const char    *text)
{
  if (text == NULL || *text == '\0')
    return;
  /* No more bytes than a cell's characters: no need to count them. */
  if (strnlen (text, MAX_CELL_CHARS + 1) > MAX_CELL_CHARS &&
      g_utf8_strlen (text, MAX_CELL_CHARS + 1) > MAX_CELL_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (text, MAX_CELL_CHARS - 1);
      g_autofree char *cut = g_strdup_printf ("%.*s…", (int) (end - text), text);

      check (book, worksheet_write_string (sheet, row, col, cut, NULL));
      return;
    }
  /* A string cell is text, never a formula, whatever its first character
   * ("=SUM(A1)" stays those eight characters). */
  check (book, worksheet_write_string (sheet, row, col, text, NULL));
}

/* A number to 15 significant digits, shown with as many decimals as it
 * has, grouped in thousands. */
static void
write_number (Book          *book,
              lxw_worksheet *sheet,
              lxw_row_t      row,
              lxw_col_t      col,
              double         value)
{
  const char *dot;
  guint decimals = 0;

  if (!isfinite (value))
    return;
  /* 15 significant digits, what a spreadsheet keeps: a sum's last binary
   * digits (111.65699999999998) are noise of the addition. */
  value = ot_writer_round_digits (value, 15);
  g_string_truncate (book->scratch, 0);
  ot_writer_append_decimal (book->scratch, value);
  dot = strchr (book->scratch->str, '.');
  if (dot != NULL)
    decimals = MIN (strlen (dot + 1), MAX_DECIMALS);
  if (book->decimals[decimals] == NULL)
    {
      g_autoptr(GString) format = g_string_new ("#,##0");

      if (decimals > 0)
        g_string_append_c (format, '.');
      for (guint i = 0; i < decimals; i++)
        g_string_append_c (format, '0');
      book->decimals[decimals] = workbook_add_format (book->workbook);
      format_set_num_format (book->decimals[decimals], format->str);
    }
  check (book, worksheet_write_number (sheet, row, col, value, book->decimals[decimals]));
}

static void
write_count (Book          *book,
             lxw_worksheet *sheet,
             lxw_row_t      row,
             lxw_col_t      col,
             guint          n)
{
  check (book, worksheet_write_number (sheet, row, col, n, NULL));
}

/* A Julian day as a date cell; years Excel cannot hold as text. */
static void
write_day (Book          *book,
           lxw_worksheet *sheet,
           lxw_row_t      row,
           lxw_col_t      col,
           guint32        julian)
{
  GDate date;
  lxw_datetime dt = { 0 };

  if (julian == 0 || !g_date_valid_julian (julian))
    return;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  dt.year = g_date_get_year (&date);
  dt.month = g_date_get_month (&date);
  dt.day = g_date_get_day (&date);
  if (dt.year < 1900 || dt.year > 9999)
    {
      g_autofree char *text = g_strdup_printf ("%04d-%02d-%02d", dt.year, dt.month, dt.day);

      write_text (book, sheet, row, col, text);
      return;
    }
  check (book, worksheet_write_datetime (sheet, row, col, &dt, book->date));
}

static void
write_header (Book          *book,
              lxw_worksheet *sheet,
              const char    *name,
              lxw_col_t      col,
              double         width)
{
  check (book, worksheet_write_string (sheet, 0, col, name, book->header));
  check (book, worksheet_set_column (sheet, col, col, width, NULL));
}

/* The incidents ------------------------------------------------------- */

/* Columns after the incident format's: the span of days the date means
 * (a year-only date is not 1 January: its first and last day are). */
#define COL_FIRST_DAY  OT_N_COLUMNS
#define COL_LAST_DAY   (OT_N_COLUMNS + 1)
#define N_FIXED_COLUMNS (OT_N_COLUMNS + 2)

static double
column_width (OtColumn column)
{
  switch (column)
    {
    case OT_COLUMN_DECLARED_AS:
    case OT_COLUMN_CONCEALMENT:
    case OT_COLUMN_EXPORTER:
    case OT_COLUMN_CONSIGNEE:
    case OT_COLUMN_AUTHORITY:
    case OT_COLUMN_SOURCE:
    case OT_COLUMN_SOURCE_URL:
    case OT_COLUMN_NOTES:
      return 30;
    case OT_COLUMN_ID:
    case OT_COLUMN_VIA:
    case OT_COLUMN_CASE_REF:
      return 18;
    case OT_N_COLUMNS:
    default:
      return 12;
    }
}

static gboolean
write_incidents (Book          *book,
                 lxw_worksheet *sheet,
                 OtNetwork     *network,
                 GError       **error)
{
  OtDataset *dataset = ot_network_get_dataset (network);
  guint n;
  const guint8 *mask = ot_network_get_mask (network, &n);
  g_autoptr(GHashTable) extra_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) extra_keys = g_ptr_array_new ();
  g_autoptr(GString) scratch = g_string_new (NULL);
  guint n_links = 0;
  lxw_row_t row = 0;

  if (ot_network_get_n_included (network) >= MAX_ROWS)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                   _("An XLSX sheet holds at most %'u incidents; %'u pass the filter: "
                     "narrow the filter or export CSV"),
                   MAX_ROWS - 1, ot_network_get_n_included (network));
      return FALSE;
    }
  /* The extra columns of the included incidents, in the order met. */
  for (guint i = 0; i < n; i++)
    if (mask[i])
      {
        const OtIncident *inc = ot_dataset_get_incident (dataset, i);

        for (guint k = 0; k < inc->n_extras; k++)
          if (!g_hash_table_contains (extra_index, inc->extras[k].key))
            {
              g_hash_table_insert (extra_index, (gpointer) inc->extras[k].key,
                                   GUINT_TO_POINTER (N_FIXED_COLUMNS + extra_keys->len));
              g_ptr_array_add (extra_keys, (gpointer) inc->extras[k].key);
            }
      }
  if (N_FIXED_COLUMNS + extra_keys->len > MAX_COLUMNS)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                   _("An XLSX sheet holds at most %'u columns; the incidents have %'u"),
                   MAX_COLUMNS, N_FIXED_COLUMNS + extra_keys->len);
      return FALSE;
    }

  for (guint c = 0; c < OT_N_COLUMNS; c++)
    write_header (book, sheet, ot_column_name (c), c, column_width (c));
  write_header (book, sheet, "first_day", COL_FIRST_DAY, 12);
  write_header (book, sheet, "last_day", COL_LAST_DAY, 12);
  for (guint k = 0; k < extra_keys->len; k++)
    write_header (book, sheet, g_ptr_array_index (extra_keys, k), N_FIXED_COLUMNS + k, 14);
  worksheet_freeze_panes (sheet, 1, 1);

  for (guint i = 0; i < n && book->error == LXW_NO_ERROR; i++)
    {
      const OtIncident *inc;

      if (!mask[i])
        continue;
      inc = ot_dataset_get_incident (dataset, i);
      row++;
      for (guint c = 0; c < OT_N_COLUMNS; c++)
        switch (c)
          {
          case OT_COLUMN_DATE:
            if (inc->date.precision == OT_DATE_DAY)
              write_day (book, sheet, row, c, ot_date_first_day (&inc->date));
            else
              {
                /* "2024" or "2024-03": a year is not its 1 January. */
                g_autofree char *text = ot_date_to_string (&inc->date);

                write_text (book, sheet, row, c, text);
              }
            break;
          case OT_COLUMN_QUANTITY:
            write_number (book, sheet, row, c, inc->quantity_kg);
            break;
          case OT_COLUMN_VALUE:
            write_number (book, sheet, row, c, inc->value);
            break;
          case OT_COLUMN_ILLUSTRATIVE:
            check (book, worksheet_write_boolean (sheet, row, c, inc->illustrative, NULL));
            break;
          case OT_COLUMN_SOURCE_URL:
            /* The loader let only http and https addresses through. */
            if (inc->source_url != NULL && n_links < MAX_LINKS
                && worksheet_write_url (sheet, row, c, inc->source_url, book->link) == LXW_NO_ERROR)
              n_links++;
            else
              write_text (book, sheet, row, c, inc->source_url);
            break;
          default:
            write_text (book, sheet, row, c, ot_writer_column_text_in (inc, c, scratch));
          }
      write_day (book, sheet, row, COL_FIRST_DAY, ot_date_first_day (&inc->date));
      write_day (book, sheet, row, COL_LAST_DAY, ot_date_last_day (&inc->date));
      for (guint k = 0; k < inc->n_extras; k++)
        write_text (book, sheet, row,
                    GPOINTER_TO_UINT (g_hash_table_lookup (extra_index, inc->extras[k].key)),
                    inc->extras[k].value);
    }
  if (row > 0)
    check (book, worksheet_autofilter (sheet, 0, 0, row,
                                       N_FIXED_COLUMNS + extra_keys->len - 1));
  return TRUE;
}

/* The flows ----------------------------------------------------------- */

enum {
  FC_FROM, FC_FROM_KEY, FC_FROM_KIND, FC_FROM_COUNTRY,
  FC_TO, FC_TO_KEY, FC_TO_KIND, FC_TO_COUNTRY,
  FC_MINERAL, FC_INCIDENTS, FC_WITH_KG, FC_KG, FC_CONFIRMED, FC_STATUSES,
  FC_ILLUSTRATIVE, FC_KG_ILLUSTRATIVE, FC_FIRST_DAY, FC_LAST_DAY, FC_INCIDENT_IDS,
  FC_N
};

static const struct {
  const char *name;
  double      width;
} flow_columns[FC_N] = {
  { "from", 24 }, { "from_key", 24 }, { "from_kind", 10 }, { "from_country", 8 },
  { "to", 24 }, { "to_key", 24 }, { "to_kind", 10 }, { "to_country", 8 },
  { "mineral", 14 }, { "incidents", 10 }, { "with_kg", 10 }, { "kg", 14 },
  { "confirmed", 10 }, { "statuses", 24 }, { "illustrative", 10 },
  { "kg_illustrative", 14 }, { "first_day", 12 }, { "last_day", 12 },
  { "incident_ids", 40 },
};

static void
write_place (Book           *book,
             lxw_worksheet  *sheet,
             lxw_row_t       row,
             lxw_col_t       col,
             const OtVertex *vertex)
{
  write_text (book, sheet, row, col, vertex->label);
  write_text (book, sheet, row, col + 1, vertex->key);
  write_text (book, sheet, row, col + 2, ot_vertex_kind_name (vertex->kind));
  if (OT_COUNTRY_IS_SET (vertex->country))
    write_text (book, sheet, row, col + 3, vertex->country.code);
}

static gboolean
write_flows (Book          *book,
             lxw_worksheet *sheet,
             OtNetwork     *network,
             GError       **error)
{
  OtDataset *dataset = ot_network_get_dataset (network);
  guint ne = ot_network_get_n_edges (network);
  g_autoptr(GString) text = g_string_new (NULL);

  if (ne >= MAX_ROWS)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                   _("An XLSX sheet holds at most %'u flows; the network has %'u: "
                     "narrow the filter or use the countries projection"),
                   MAX_ROWS - 1, ne);
      return FALSE;
    }
  for (guint c = 0; c < FC_N; c++)
    write_header (book, sheet, flow_columns[c].name, c, flow_columns[c].width);
  worksheet_freeze_panes (sheet, 1, 0);

  for (guint e = 0; e < ne && book->error == LXW_NO_ERROR; e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      lxw_row_t row = e + 1;
      gboolean confirmed = FALSE;
      guint n;
      const guint *incidents = ot_network_get_edge_incidents (network, e, &n);

      write_place (book, sheet, row, FC_FROM, ot_network_get_vertex (network, edge->from));
      write_place (book, sheet, row, FC_TO, ot_network_get_vertex (network, edge->to));
      write_text (book, sheet, row, FC_MINERAL, edge->mineral < ot_mineral_count ()
                                                ? ot_mineral_name (edge->mineral) : "unknown");
      write_count (book, sheet, row, FC_INCIDENTS, edge->n_incidents);
      write_count (book, sheet, row, FC_WITH_KG, edge->n_with_kg);
      if (edge->n_with_kg > 0)
        write_number (book, sheet, row, FC_KG, edge->kg);
      g_string_truncate (text, 0);
      for (guint s = 0; s < OT_N_STATUS; s++)
        if (edge->n_status[s] > 0)
          {
            confirmed |= ot_status_is_confirmed (s);
            g_string_append_printf (text, "%s%s %u", text->len > 0 ? "; " : "",
                                    ot_status_name (s), edge->n_status[s]);
          }
      check (book, worksheet_write_boolean (sheet, row, FC_CONFIRMED, confirmed, NULL));
      write_text (book, sheet, row, FC_STATUSES, text->str);
      write_count (book, sheet, row, FC_ILLUSTRATIVE, edge->n_illustrative);
      if (edge->n_illustrative > 0)
        write_number (book, sheet, row, FC_KG_ILLUSTRATIVE, edge->kg_illustrative);
      write_day (book, sheet, row, FC_FIRST_DAY, edge->first_day);
      write_day (book, sheet, row, FC_LAST_DAY, edge->last_day);
      g_string_truncate (text, 0);
      for (guint k = 0; k < n; k++)
        {
          if (k > 0)
            g_string_append_len (text, "; ", 2);
          g_string_append (text, ot_dataset_get_incident (dataset, incidents[k])->id);
        }
      write_text (book, sheet, row, FC_INCIDENT_IDS, text->str);
    }
  if (ne > 0)
    check (book, worksheet_autofilter (sheet, 0, 0, ne, FC_N - 1));
  return TRUE;
}

/* The export ---------------------------------------------------------- */

/* Copies the finished workbook into the atomic file. */
static gboolean
copy_into (const char  *from,
           const char  *path,
           GError     **error)
{
  g_autoptr(OtAtomicFile) sink = NULL;
  g_autofree char *buffer = NULL;
  FILE *in;
  size_t got;

  sink = ot_atomic_file_new (path, error);
  if (sink == NULL)
    return FALSE;
  in = g_fopen (from, "rb");
  if (in == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read the workbook made: %s"), g_strerror (saved));
      return FALSE;
    }
  buffer = g_malloc (64 * 1024);
  while ((got = fread (buffer, 1, 64 * 1024, in)) > 0)
    if (!ot_atomic_file_write (sink, buffer, got, NULL))
      break;
  if (ferror (in) && !ot_atomic_file_failed (sink))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot read the workbook made"));
      fclose (in);
      return FALSE;
    }
  fclose (in);
  return ot_atomic_file_commit (sink, NULL, error);
}

gboolean
ot_export_xlsx (OtNetwork   *network,
                const char  *path,
                GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *tmpdir = NULL;
  g_autofree char *tmpfile = NULL;
  g_autofree char *comments = NULL;
  g_autoptr(GError) local = NULL;
  lxw_workbook_options options = { 0 };
  lxw_doc_properties properties = { 0 };
  lxw_worksheet *incidents, *flows;
  Book book = { 0 };
  gboolean ok = FALSE;
  lxw_error closed;

  /* A folder, a device, a missing folder: refused before anything else. */
  {
    g_autoptr(OtAtomicFile) probe = ot_atomic_file_new (path, error);

    if (probe == NULL)
      return FALSE;
  }
  tmpdir = g_dir_make_tmp ("oretrace-xlsx-XXXXXX", &local);
  if (tmpdir == NULL)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_FAILED, _("Cannot export to “%s”: %s"),
                   display, local->message);
      return FALSE;
    }
  tmpfile = g_build_filename (tmpdir, "workbook.xlsx", NULL);

  /* Row by row to temporary files: a million incidents stay out of
   * memory. */
  options.constant_memory = LXW_TRUE;
  options.tmpdir = tmpdir;
  options.use_zip64 = LXW_TRUE;
  book.workbook = workbook_new_opt (tmpfile, &options);
  if (book.workbook == NULL)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_FAILED,
                   _("Cannot export to “%s”: the workbook could not be started"), display);
      g_rmdir (tmpdir);
      return FALSE;
    }
  book.scratch = g_string_new (NULL);
  book.header = workbook_add_format (book.workbook);
  format_set_bold (book.header);
  book.date = workbook_add_format (book.workbook);
  format_set_num_format (book.date, "yyyy-mm-dd");
  book.link = workbook_add_format (book.workbook);
  format_set_underline (book.link, LXW_UNDERLINE_SINGLE);
  format_set_font_color (book.link, LXW_COLOR_BLUE);

  comments = g_strdup_printf ("%s projection, %u of %u incidents",
                              ot_projection_name (ot_network_get_projection (network)),
                              ot_network_get_n_included (network),
                              ot_dataset_get_n_incidents (ot_network_get_dataset (network)));
  properties.title = (char *) "Oretrace incidents and flows";
  properties.comments = comments;
  properties.author = (char *) "Oretrace " PACKAGE_VERSION;
  check (&book, workbook_set_properties (book.workbook, &properties));

  incidents = workbook_add_worksheet (book.workbook, "Incidents");
  flows = workbook_add_worksheet (book.workbook, "Flows");
  if (incidents == NULL || flows == NULL)
    g_set_error (error, OT_ERROR, OT_ERROR_FAILED,
                 _("Cannot export to “%s”: the workbook could not be started"), display);
  else if (write_incidents (&book, incidents, network, error)
           && write_flows (&book, flows, network, error))
    ok = TRUE;
  closed = workbook_close (book.workbook);
  if (ok && (book.error != LXW_NO_ERROR || closed != LXW_NO_ERROR))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_FAILED, _("Cannot export to “%s”: %s"), display,
                   lxw_strerror (book.error != LXW_NO_ERROR ? book.error : closed));
      ok = FALSE;
    }
  if (ok)
    ok = copy_into (tmpfile, path, error);
  g_unlink (tmpfile);
  g_rmdir (tmpdir);
  g_string_free (book.scratch, TRUE);
  return ok;
}
