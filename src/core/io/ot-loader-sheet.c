/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader-sheet.c: a workbook found by ot-loader.c, one sheet of it read
 * (the one FILE#SHEET names, else the first) through ot-sheet.c: as
 * incidents, each row through the CSV reader's header and row rules
 * (ot-loader-rows.c), or, when its header is that of trade statistics, as
 * them (its rows written as the CSV text the trade readers read, a line a
 * row, so that every row keeps its number).  Problems are located
 * FILE:SHEET:ROW (docs/incident-format.md, "Workbooks").  It calls
 * ot-loader-rows.c, ot-loader-trade.c and ot-load-context.c. */
#include "ot-loader-private.h"
#include "ot-sheet.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define CHECK_EVERY 2048   /* rows between cancellation and progress checks */

static gboolean
tick (OtLoadContext *context,
      OtSheetReader *reader)
{
  guint64 done, total;

  ot_sheet_reader_get_progress (reader, &done, &total);
  return ot_load_context_tick (context, (gsize) done, (gsize) total);
}

/* A cell as a CSV field for the trade readers: quoted when it must be,
 * line ends and tabs as blanks (a line is a row; a tab would make the
 * header read as tab-separated). */
static void
append_csv_field (GString    *out,
                  const char *text,
                  gsize       length)
{
  gboolean quote = FALSE;

  for (gsize i = 0; i < length && !quote; i++)
    quote = strchr (",\"\n\r\t", text[i]) != NULL;
  if (!quote)
    {
      g_string_append_len (out, text, (gssize) length);
      return;
    }
  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '"')
        g_string_append (out, "\"\"");
      else
        g_string_append_c (out, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_row (GString          *out,
                const OtSheetRow *row)
{
  for (guint i = 0; i < row->n_cells; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, row->cells[i], row->lengths[i]);
    }
}

/* The reader stopped on a damaged part: what was read stays. */
static void
report_stopped (OtRecord   *record,
                guint       last_row,
                GError     *error)
{
  if (last_row > 0)
    ot_record_report (record, 0, OT_SEVERITY_ERROR,
                      _("the sheet cannot be read to its end: %s; the rows up to row %u are loaded"),
                      error->message, last_row);
  else
    ot_record_report (record, 0, OT_SEVERITY_ERROR, _("the sheet cannot be read: %s"),
                      error->message);
}

/* Trade statistics: the sheet as CSV text whose line N is row N. */
static void
read_trade_sheet (OtLoadContext *context,
                  OtSheetReader *reader,
                  OtSheetRow    *row,
                  OtTradeFormat  format)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint line = 1, count = 0;

  do
    {
      if (++count % CHECK_EVERY == 0 && !tick (context, reader))
        return;
      for (; line < row->row; line++)
        g_string_append_c (text, '\n');
      append_csv_row (text, row);
    }
  while (ot_sheet_reader_next (reader, row, &error));
  if (error != NULL)
    report_stopped (&context->record, line, error);
  g_string_append_c (text, '\n');
  ot_loader_read_trade (context, format, text->str, text->len);
}

/* Incidents: each row through the header's rules, as the CSV reader's;
 * the cells it lacks on the right are empty. */
static void
read_incident_rows (OtLoadContext     *context,
                    OtSheetReader     *reader,
                    OtSheetRow        *row,
                    const OtRowHeader *header)
{
  OtRecord *record = &context->record;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GArray) lengths = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  guint count = 0, last = row->row;
  char empty[1] = "";

  g_ptr_array_set_size (fields, header->n);
  g_array_set_size (lengths, header->n);
  while (!record->stop && ot_sheet_reader_next (reader, row, &error))
    {
      OtCsvRow fields_row = { 0 };

      last = row->row;
      if (++count % CHECK_EVERY == 0 && !tick (context, reader))
        return;
      if (row->n_cells > header->n)
        {
          char cell[4], end[4];

          ot_sheet_column_name (row->n_cells - 1, cell);
          ot_sheet_column_name (MAX (header->n, 1) - 1, end);
          ot_record_begin (record, row->row);
          ot_record_error (record, NULL,
                           _("row has a value in column %s, right of the header’s last column %s; "
                             "row skipped"), cell, end);
          ot_dataset_add_rejected (record->dataset, 1);
          continue;
        }
      for (guint i = 0; i < header->n; i++)
        {
          fields->pdata[i] = i < row->n_cells ? row->cells[i] : empty;
          g_array_index (lengths, guint, i) = i < row->n_cells ? row->lengths[i] : 0;
        }
      fields_row.line = row->row;
      fields_row.n_fields = header->n;
      fields_row.fields = (char **) fields->pdata;
      fields_row.lengths = (const guint *) lengths->data;
      ot_loader_read_row (record, header, &fields_row);
    }
  if (error != NULL)
    report_stopped (record, last, error);
  else if (count == 0)
    ot_record_report (record, 0, OT_SEVERITY_WARNING,
                      _("no incidents: the sheet has a header but no rows"));
}

void
ot_loader_read_workbook (OtLoadContext *context,
                         const char    *data,
                         gsize          length)
{
  OtRecord *record = &context->record;
  g_autoptr(OtWorkbook) workbook = NULL;
  g_autoptr(OtSheetReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) header_text = g_string_new (NULL);
  OtRowHeader header = { 0 };
  OtCsvRow header_row = { 0 };
  OtTradeFormat trade;
  OtSheetRow row;
  guint index = 0;

  workbook = ot_workbook_open_data (data, length, &error);
  if (workbook == NULL)
    {
      ot_record_report (record, 0, OT_SEVERITY_ERROR, "%s", error->message);
      return;
    }
  if (context->sheet != NULL && !ot_workbook_find_sheet (workbook, context->sheet, &index))
    {
      g_autofree char *sheets = ot_workbook_list_sheets (workbook);

      ot_record_report (record, 0, OT_SEVERITY_ERROR,
                        _("the workbook has no sheet “%s” (its sheets: %s)"), context->sheet, sheets);
      return;
    }
  reader = ot_workbook_read_sheet (workbook, index, &error);
  if (reader == NULL)
    {
      ot_record_report (record, 0, OT_SEVERITY_ERROR, "%s", error->message);
      return;
    }
  record->sheet = ot_dataset_intern (record->dataset, ot_sheet_reader_get_name (reader));

  if (!ot_sheet_reader_next (reader, &row, &error))
    {
      if (error != NULL)
        report_stopped (record, 0, error);
      else
        ot_record_report (record, 0, OT_SEVERITY_ERROR, _("the sheet is empty"));
      return;
    }

  /* Trade statistics, by their header (docs/trade-statistics.md). */
  append_csv_row (header_text, &row);
  trade = ot_trade_detect (header_text->str, header_text->len);
  if (trade != OT_TRADE_FORMAT_NONE)
    {
      read_trade_sheet (context, reader, &row, trade);
      return;
    }

  header_row.line = row.row;
  header_row.n_fields = row.n_cells;
  header_row.fields = row.cells;
  header_row.lengths = row.lengths;
  if (!ot_loader_read_header (record, &header_row, &header, TRUE))
    {
      /* The first sheet read by default: perhaps another one holds the data. */
      if (context->sheet == NULL && ot_workbook_get_n_sheets (workbook, NULL) > 1)
        {
          g_autofree char *sheets = ot_workbook_list_sheets (workbook);

          ot_record_report (record, 0, OT_SEVERITY_WARNING,
                            _("the first sheet is read unless one is named: the workbook’s sheets "
                              "are %s (name one as FILE#SHEET, or open the file in the window to "
                              "pick one)"), sheets);
        }
      ot_row_header_clear (&header);
      return;
    }
  read_incident_rows (context, reader, &row, &header);
  ot_row_header_clear (&header);
}
