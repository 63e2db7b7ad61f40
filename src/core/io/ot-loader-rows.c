/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader-rows.c: a header row and rows of fields into records, for the
 * CSV reader (ot-loader.c) and a workbook's sheets (ot-loader-sheet.c): the
 * same header rules and the same row messages for both.  It calls
 * ot-loader-record.c. */
#include "ot-loader-private.h"
#include "ot-sheet.h"

#include <glib/gi18n-lib.h>

/* "field 3" of a CSV file, "column C" of a sheet. */
static void
report_twice (OtRecord   *record,
              guint       line,
              const char *name,
              guint       index,
              gboolean    sheet)
{
  char letters[4];

  if (!sheet)
    {
      ot_record_report (record, line, OT_SEVERITY_WARNING,
                        _("column %s appears twice; field %u ignored"), name, index + 1);
      return;
    }
  ot_sheet_column_name (index, letters);
  ot_record_report (record, line, OT_SEVERITY_WARNING,
                    _("column %s appears twice; the sheet’s column %s ignored"), name, letters);
}

gboolean
ot_loader_read_header (OtRecord    *record,
                       OtCsvRow    *row,
                       OtRowHeader *header,
                       gboolean     sheet)
{
  gboolean seen[OT_N_COLUMNS] = { FALSE };
  guint n_unknown = 0;
  static const OtColumn required[] = { OT_COLUMN_ID, OT_COLUMN_DATE, OT_COLUMN_MINERAL };
  g_autoptr(GString) unknown = g_string_new (NULL);
  /* Extra columns seen: a second one of the same name is ignored, as for
   * the standard columns (two values under one key could not be written
   * back: a CSV header or JSON object names a key once). */
  g_autoptr(GHashTable) extras_seen = g_hash_table_new (g_str_hash, g_str_equal);

  header->n = row->n_fields;
  header->columns = g_new (OtColumn, row->n_fields);
  header->extra_keys = g_new0 (const char *, row->n_fields);

  for (guint i = 0; i < row->n_fields; i++)
    {
      char *name = g_strstrip (row->fields[i]);
      OtColumn column = ot_column_from_name (name);

      header->columns[i] = column;
      if (column < OT_N_COLUMNS && seen[column])
        {
          report_twice (record, row->line, name, i, sheet);
          header->columns[i] = OT_N_COLUMNS + 1;   /* ignored */
        }
      else if (column < OT_N_COLUMNS)
        seen[column] = TRUE;
      else if (name[0] == '\0')
        header->columns[i] = OT_N_COLUMNS + 1;
      else if (g_hash_table_contains (extras_seen, name))
        {
          report_twice (record, row->line, name, i, sheet);
          header->columns[i] = OT_N_COLUMNS + 1;   /* ignored */
        }
      else
        {
          header->extra_keys[i] = ot_dataset_intern (record->dataset, name);
          g_hash_table_add (extras_seen, (gpointer) header->extra_keys[i]);
          if (n_unknown++ < OT_LOADER_LIST_UNKNOWN)
            g_string_append_printf (unknown, "%s%s", unknown->len ? ", " : "", name);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (seen[required[i]])
        continue;
      if (sheet)
        ot_record_report (record, 0, OT_SEVERITY_ERROR,
                          _("not a sheet of incidents: the header in row %u has no column %s "
                            "(a sheet needs at least id, date and mineral)"),
                          row->line, ot_column_name (required[i]));
      else
        ot_record_report (record, 0, OT_SEVERITY_ERROR,
                          _("not an incident file: the header on line %u has no column %s "
                            "(a CSV file needs at least id, date and mineral)"),
                          row->line, ot_column_name (required[i]));
      return FALSE;
    }

  if (n_unknown > OT_LOADER_LIST_UNKNOWN)
    g_string_append_printf (unknown, _(" and %u more"), n_unknown - OT_LOADER_LIST_UNKNOWN);
  if (unknown->len > 0)
    ot_record_report (record, row->line, OT_SEVERITY_WARNING,
                      _("unknown columns kept as extra attributes: %s"), unknown->str);
  return TRUE;
}

void
ot_row_header_clear (OtRowHeader *header)
{
  g_clear_pointer (&header->columns, g_free);
  g_clear_pointer (&header->extra_keys, g_free);
  header->n = 0;
}

void
ot_loader_read_row (OtRecord          *record,
                    const OtRowHeader *header,
                    OtCsvRow          *row)
{
  guint n = MIN (row->n_fields, header->n);

  ot_record_begin (record, row->line);

  if (row->error)
    {
      record->line = row->error_line;
      ot_record_error (record, NULL, _("malformed CSV row: %s; row skipped"), row->error);
      ot_dataset_add_rejected (record->dataset, 1);
      return;
    }
  if (row->n_fields > header->n)
    {
      ot_record_error (record, NULL, _("row has %u fields but the header has %u; row skipped"),
                       row->n_fields, header->n);
      ot_dataset_add_rejected (record->dataset, 1);
      return;
    }
  if (row->n_fields < header->n)
    ot_record_warning (record, NULL, _("row has %u fields but the header has %u; "
                                       "the missing ones are read as empty"),
                       row->n_fields, header->n);

  for (guint i = 0; i < n; i++)
    {
      OtColumn column = header->columns[i];

      if (column < OT_N_COLUMNS)
        ot_record_set_len (record, column, row->fields[i], row->lengths[i]);
      else if (header->extra_keys[i] != NULL)
        ot_record_add_extra (record, header->extra_keys[i], row->fields[i]);
    }

  ot_record_finish (record);
}
