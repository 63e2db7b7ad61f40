/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-sheet-ods.c: OpenDocument spreadsheets (ODS): the manifest's
 * encryption, the styles a date's precision comes from (styles.xml's and
 * content.xml's), the tables' names, and a table's rows: paragraphs,
 * typed values, repeated rows and columns counted, not made.  ot-sheet.c
 * calls it; it calls ot-sheet-xml.c. */
#include "ot-sheet-private.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

void
ot_sheet_cell_style_free (gpointer data)
{
  CellStyle *style = data;

  g_free (style->data_style);
  g_free (style->parent);
  g_free (style);
}

/* Reads, from the current node on, the styles a date cell's precision
 * comes from (number:date-style, number:time-style, and style:style of
 * the table-cell family), until the end of the element at @depth. */
static int
read_ods_styles (XmlPart    *part,
                 int         depth,
                 GHashTable *data_styles,
                 GHashTable *cell_styles)
{
  xmlTextReaderPtr r = part->reader;
  g_autofree char *date_style = NULL;
  gboolean year = FALSE, month = FALSE, day = FALSE, time = FALSE;
  int ret;

  while ((ret = ot_sheet_part_next (part, FALSE)) == 1)
    {
      int type = xmlTextReaderNodeType (r);
      const xmlChar *name = xmlTextReaderConstLocalName (r);

      if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (xmlTextReaderDepth (r) <= depth)
            break;
          if (date_style != NULL && is (name, "date-style"))
            {
              guint8 kind = ot_sheet_kind_of (year, month, day, time);

              g_hash_table_insert (data_styles, g_steal_pointer (&date_style),
                                   GUINT_TO_POINTER ((kind ? kind : KIND_DAY) + 1));
            }
          continue;
        }
      if (type != XML_READER_TYPE_ELEMENT)
        continue;
      if (date_style != NULL)
        {
          year = year || is (name, "year");
          month = month || is (name, "month");
          day = day || is (name, "day");
          time = time || is (name, "hours") || is (name, "minutes") || is (name, "seconds");
        }
      if (is (name, "date-style") || is (name, "time-style") || is (name, "style"))
        {
          g_autofree char *style = NULL, *data = NULL, *parent = NULL;
          gboolean cell = FALSE;

          for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
            {
              const char *attr = local_name (r);

              if (strcmp (attr, "name") == 0)
                set_str (&style, attr_value (r));
              else if (strcmp (attr, "family") == 0)
                cell = strcmp (attr_value (r), "table-cell") == 0;
              else if (strcmp (attr, "data-style-name") == 0)
                set_str (&data, attr_value (r));
              else if (strcmp (attr, "parent-style-name") == 0)
                set_str (&parent, attr_value (r));
            }
          xmlTextReaderMoveToElement (r);
          if (style == NULL)
            continue;
          if (is (name, "time-style"))
            g_hash_table_insert (data_styles, g_steal_pointer (&style),
                                 GUINT_TO_POINTER (KIND_TIME + 1));
          else if (is (name, "date-style") && !xmlTextReaderIsEmptyElement (r))
            {
              set_str (&date_style, style);
              year = month = day = time = FALSE;
            }
          else if (is (name, "style") && cell)
            {
              CellStyle *cs = g_new0 (CellStyle, 1);

              cs->data_style = g_steal_pointer (&data);
              cs->parent = g_steal_pointer (&parent);
              g_hash_table_insert (cell_styles, g_steal_pointer (&style), cs);
            }
        }
    }
  return ret;
}

/* styles.xml: the common styles (content.xml's automatic styles are read
 * with each sheet). */
gboolean
ot_sheet_read_ods_common_styles (OtWorkbook  *self,
                                 GError     **error)
{
  XmlPart part;
  int ret;

  if (!ot_sheet_part_open (&part, self->zip, "styles.xml"))
    return TRUE;
  while ((ret = ot_sheet_part_next (&part, FALSE)) == 1)
    if (xmlTextReaderNodeType (part.reader) == XML_READER_TYPE_ELEMENT &&
        is (xmlTextReaderConstLocalName (part.reader), "styles") &&
        !xmlTextReaderIsEmptyElement (part.reader))
      {
        ret = read_ods_styles (&part, xmlTextReaderDepth (part.reader), self->data_styles,
                               self->cell_styles);
        break;
      }
  if (ret < 0)
    ot_sheet_part_set_error (&part, error);
  ot_sheet_part_clear (&part);
  return ret >= 0;
}

/* An encrypted ODS file says so in its manifest. */
gboolean
ot_sheet_ods_is_encrypted (OtWorkbook *self)
{
  XmlPart part;
  gboolean encrypted = FALSE;

  if (!ot_sheet_part_open (&part, self->zip, "META-INF/manifest.xml"))
    return FALSE;
  while (!encrypted && ot_sheet_part_next (&part, FALSE) == 1)
    encrypted = xmlTextReaderNodeType (part.reader) == XML_READER_TYPE_ELEMENT &&
                is (xmlTextReaderConstLocalName (part.reader), "encryption-data");
  ot_sheet_part_clear (&part);
  return encrypted;
}

/* The names of the tables of content.xml, read through once. */
gboolean
ot_sheet_read_ods_names (OtWorkbook  *self,
                         GError     **error)
{
  XmlPart part;
  int ret, sheet_depth = -1;
  gboolean skip = FALSE;

  if (self->names_read)
    return TRUE;
  if (!ot_sheet_part_open (&part, self->zip, "content.xml"))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("the workbook is damaged: it has no content.xml"));
      return FALSE;
    }
  g_ptr_array_set_size (self->names, 0);
  while ((ret = ot_sheet_part_next (&part, skip)) == 1)
    {
      xmlTextReaderPtr r = part.reader;
      const xmlChar *name = xmlTextReaderConstLocalName (r);
      int type = xmlTextReaderNodeType (r);

      skip = FALSE;
      if (type == XML_READER_TYPE_END_ELEMENT && is (name, "spreadsheet"))
        break;
      if (type != XML_READER_TYPE_ELEMENT)
        continue;
      if (is (name, "spreadsheet"))
        sheet_depth = xmlTextReaderDepth (r);
      else if (is (name, "automatic-styles") || is (name, "font-face-decls") || is (name, "scripts"))
        skip = TRUE;
      else if (sheet_depth >= 0 && xmlTextReaderDepth (r) == sheet_depth + 1 && is (name, "table"))
        {
          g_autofree char *sheet = NULL;

          for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
            if (strcmp (local_name (r), "name") == 0)
              set_str (&sheet, attr_value (r));
          xmlTextReaderMoveToElement (r);
          g_ptr_array_add (self->names, g_utf8_make_valid (sheet ? sheet : "", -1));
          skip = TRUE;
        }
    }
  if (ret < 0)
    ot_sheet_part_set_error (&part, error);
  ot_sheet_part_clear (&part);
  self->names_read = ret >= 0;
  return ret >= 0;
}

/* ODS's office:time-value, an ISO 8601 duration ("PT14H30M00S"). */
static gboolean
append_duration (GString    *out,
                 const char *text)
{
  const char *p = text;
  double total = 0;

  if (*p == '-')
    return FALSE;
  if (*p++ != 'P')
    return FALSE;
  while (*p != '\0')
    {
      char *end;
      double n;

      if (*p == 'T')
        {
          p++;
          continue;
        }
      n = g_ascii_strtod (p, &end);
      if (end == p || n < 0)
        return FALSE;
      switch (*end)
        {
        case 'D': total += n * 86400; break;
        case 'H': total += n * 3600; break;
        case 'M': total += n * 60; break;
        case 'S': total += n; break;
        default: return FALSE;
        }
      p = end + 1;
    }
  if (total > 1e12)
    return FALSE;
  ot_sheet_append_time (out, (guint64) llround (total));
  return TRUE;
}

/* What a date cell shows, from its style (the cell's, else its row's or
 * column's default), its parents and their data style; a day and its
 * time when that cannot be told. */
static guint8
ods_date_kind (OtSheetReader *self)
{
  const char *style = self->attr_style->len > 0 ? self->attr_style->str : self->row_style;

  if (style == NULL && self->column < self->column_styles->len)
    style = self->column_styles->pdata[self->column];
  for (guint depth = 0; style != NULL && depth < 8; depth++)
    {
      const CellStyle *cs = g_hash_table_lookup (self->cell_styles, style);
      gpointer kind;

      if (cs == NULL)
        cs = g_hash_table_lookup (self->workbook->cell_styles, style);
      if (cs == NULL)
        break;
      if (cs->data_style != NULL)
        {
          kind = g_hash_table_lookup (self->data_styles, cs->data_style);
          if (kind == NULL)
            kind = g_hash_table_lookup (self->workbook->data_styles, cs->data_style);
          return kind ? (guint8) (GPOINTER_TO_UINT (kind) - 1) : KIND_DAY | KIND_TIME;
        }
      style = cs->parent;
    }
  return KIND_DAY | KIND_TIME;
}

static void
ods_begin_cell (OtSheetReader    *self,
                xmlTextReaderPtr  r)
{
  gboolean error = FALSE;

  self->ods_type = 0;
  self->has_string = FALSE;
  self->columns_repeated = 1;
  self->paragraphs = 0;
  for (GString **s = &self->attr_value; s <= &self->attr_style; s++)
    g_string_truncate (*s, 0);
  g_string_truncate (self->value, 0);
  for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
    {
      const char *name = local_name (r);
      const char *value = attr_value (r);
      const char *prefix = (const char *) xmlTextReaderConstPrefix (r);

      if (strcmp (name, "value-type") == 0)
        {
          if (prefix != NULL && strcmp (prefix, "calcext") == 0)
            error = error || strcmp (value, "error") == 0;
          else
            self->ods_type = strcmp (value, "float") == 0 || strcmp (value, "percentage") == 0 ||
                             strcmp (value, "currency") == 0 ? 'f'
                             : strcmp (value, "date") == 0 ? 'd' : strcmp (value, "time") == 0 ? 't'
                             : strcmp (value, "boolean") == 0 ? 'b' : strcmp (value, "string") == 0 ? 's'
                             : 0;
        }
      else if (strcmp (name, "value") == 0)
        g_string_assign (self->attr_value, value);
      else if (strcmp (name, "date-value") == 0)
        g_string_assign (self->attr_date, value);
      else if (strcmp (name, "time-value") == 0)
        g_string_assign (self->attr_time, value);
      else if (strcmp (name, "boolean-value") == 0)
        g_string_assign (self->attr_bool, value);
      else if (strcmp (name, "string-value") == 0)
        {
          g_string_assign (self->attr_string, value);
          self->has_string = TRUE;
        }
      else if (strcmp (name, "style-name") == 0)
        g_string_assign (self->attr_style, value);
      else if (strcmp (name, "number-columns-repeated") == 0)
        {
          guint64 n = 1;

          self->columns_repeated = parse_uint (value, OT_SHEET_MAX_COLUMNS, &n) && n > 0
                                   ? (guint) n : OT_SHEET_MAX_COLUMNS;
        }
    }
  xmlTextReaderMoveToElement (r);
  /* LibreOffice writes a formula's error as a number 0 with the error
   * shown in the paragraph. */
  if (error)
    self->ods_type = 'e';
}

static void
ods_finish_cell (OtSheetReader *self)
{
  GString *scratch = self->row.out;
  const char *text = self->value->str;
  gsize length = self->value->len;
  OtCellType type = OT_CELL_TEXT;
  guint first = self->column;

  g_string_truncate (scratch, 0);
  switch (self->ods_type)
    {
    case 'f':
      {
        char *end = NULL;
        double number = g_ascii_strtod (self->attr_value->str, &end);

        if (end != self->attr_value->str && *end == '\0' && isfinite (number))
          {
            ot_sheet_append_number_text (scratch, self->attr_value->str, number);
            text = scratch->str, length = scratch->len, type = OT_CELL_NUMBER;
          }
        break;
      }
    case 'd':
      if (ot_sheet_append_iso_date (scratch, self->attr_date->str, ods_date_kind (self)))
        text = scratch->str, length = scratch->len, type = OT_CELL_DATE;
      break;
    case 't':
      if (append_duration (scratch, self->attr_time->str))
        text = scratch->str, length = scratch->len, type = OT_CELL_DATE;
      break;
    case 'b':
      if (self->attr_bool->len > 0)
        {
          gboolean yes = g_ascii_strcasecmp (self->attr_bool->str, "true") == 0 ||
                         strcmp (self->attr_bool->str, "1") == 0;

          text = yes ? "TRUE" : "FALSE", length = yes ? 4 : 5, type = OT_CELL_BOOLEAN;
        }
      break;
    case 'e':
      type = OT_CELL_ERROR;
      break;
    case 's':
      if (self->has_string)
        text = self->attr_string->str, length = self->attr_string->len;
      break;
    default:
      break;
    }
  /* Empty cells are only counted: a row ends in thousands of them. */
  for (guint i = 0; length > 0 && i < self->columns_repeated && first + i < OT_SHEET_MAX_COLUMNS; i++)
    ot_sheet_row_set (&self->row, first + i, text, length, type);
  self->column = (guint) MIN ((guint64) first + self->columns_repeated, OT_SHEET_MAX_COLUMNS);
}

/* Text of a paragraph as LibreOffice reads it: blanks as they are
 * (LibreOffice writes two spaces as two spaces, not as text:s, and reads
 * them back so), a line end or tab of the XML text as a blank (a cell's
 * own are text:line-break and text:tab). */
static void
ods_append_text (OtSheetReader *self,
                 const char    *text)
{
  gsize start = self->value->len;

  g_string_append (self->value, text);
  for (char *p = self->value->str + start; *p != '\0'; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
}

/* An element inside a cell: paragraphs and what they hold are read;
 * comments, notes, drawings and tables inside cells are not. */
static void
ods_cell_element (OtSheetReader    *self,
                  xmlTextReaderPtr  r,
                  const xmlChar    *name,
                  gboolean          empty)
{
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (r);

  if (is (name, "annotation") || is (name, "note") || is (name, "table") ||
      (ns != NULL && strcmp (ns, NS_DRAW) == 0))
    self->skip = !empty;
  else if (is (name, "p") || is (name, "h"))
    {
      if (self->paragraphs++ > 0)
        g_string_append_c (self->value, '\n');
      self->in_p = !empty;
    }
  else if (self->in_p && is (name, "s"))
    {
      guint n = ot_sheet_attr_uint (r, "c", OT_SHEET_MAX_CELL, 1);

      for (guint i = 0; i < n && self->value->len <= OT_SHEET_MAX_CELL; i++)
        g_string_append_c (self->value, ' ');
    }
  else if (self->in_p && is (name, "tab"))
    g_string_append_c (self->value, '\t');
  else if (self->in_p && is (name, "line-break"))
    g_string_append_c (self->value, '\n');
}

gboolean
ot_sheet_ods_next (OtSheetReader  *self,
                   OtSheetRow     *row,
                   GError        **error)
{
  xmlTextReaderPtr r = self->part.reader;
  const xmlChar *name;
  gboolean empty;
  int type;

  /* A row repeated: its copies, one at a time. */
  if (self->repeat > 0)
    {
      self->repeat--;
      ot_sheet_row_emit (&self->row, ++self->number, row);
      return TRUE;
    }
  while (!self->done && ot_sheet_reader_next_node (self, &type, &name, &empty, error))
    {
      if (type == XML_READER_TYPE_ELEMENT)
        {
          if (self->in_cell)
            ods_cell_element (self, r, name, empty);
          else if (is (name, "table-cell") || is (name, "covered-table-cell"))
            {
              ods_begin_cell (self, r);
              self->in_cell = !empty;
              if (empty)
                ods_finish_cell (self);
            }
          else if (is (name, "table-row"))
            {
              guint64 next = (guint64) self->next_row;

              self->rows_repeated = ot_sheet_attr_uint (r, "number-rows-repeated", OT_SHEET_MAX_ROWS, 1);
              g_free (self->row_style);
              self->row_style = ot_sheet_attr_string (r, "default-cell-style-name");
              self->number = self->next_row;
              self->column = 0;
              ot_sheet_row_reset (&self->row);
              self->next_row = (guint) MIN (next + self->rows_repeated, (guint64) OT_SHEET_MAX_ROWS + 1);
              if (empty)
                g_clear_pointer (&self->row_style, g_free);
            }
          else if (is (name, "table-column"))
            {
              guint n = ot_sheet_attr_uint (r, "number-columns-repeated", OT_SHEET_MAX_COLUMNS, 1);
              g_autofree char *style = ot_sheet_attr_string (r, "default-cell-style-name");

              for (guint i = 0; i < n && self->column_styles->len < OT_SHEET_MAX_COLUMNS; i++)
                g_ptr_array_add (self->column_styles, g_strdup (style));
            }
          else if (is (name, "table"))
            self->skip = !empty;   /* a table inside this one */
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (self->in_cell)
            {
              if (is (name, "table-cell") || is (name, "covered-table-cell"))
                {
                  self->in_cell = self->in_p = FALSE;
                  ods_finish_cell (self);
                }
              else if (is (name, "p") || is (name, "h"))
                self->in_p = FALSE;
            }
          else if (is (name, "table-row"))
            {
              g_clear_pointer (&self->row_style, g_free);
              if (self->row.n > 0)
                {
                  if (self->number > OT_SHEET_MAX_ROWS ||
                      (guint64) self->number + self->rows_repeated - 1 > OT_SHEET_MAX_ROWS)
                    return ot_sheet_reader_too_many_rows (self, error);
                  self->repeat = self->rows_repeated - 1;
                  ot_sheet_row_emit (&self->row, self->number, row);
                  return TRUE;
                }
            }
          else if (is (name, "table") && xmlTextReaderDepth (r) == self->table_depth)
            self->done = TRUE;
        }
      else if (self->in_p && is_text (type))
        ods_append_text (self, (const char *) xmlTextReaderConstValue (r));
      if (self->in_cell && self->value->len > OT_SHEET_MAX_CELL)
        return ot_sheet_reader_cell_too_long (self, error);
    }
  return FALSE;
}

/* Reads content.xml up to the start of table @index, its automatic
 * styles on the way. */
gboolean
ot_sheet_ods_find_table (OtSheetReader  *self,
                         guint           index,
                         GError        **error)
{
  xmlTextReaderPtr r = self->part.reader;
  int ret, sheet_depth = -1;
  guint seen = 0;

  while ((ret = ot_sheet_part_next (&self->part, self->skip)) == 1)
    {
      const xmlChar *name = xmlTextReaderConstLocalName (r);
      int type = xmlTextReaderNodeType (r);

      self->skip = FALSE;
      if (type == XML_READER_TYPE_END_ELEMENT && is (name, "spreadsheet"))
        break;
      if (type != XML_READER_TYPE_ELEMENT)
        continue;
      if (is (name, "automatic-styles") && !xmlTextReaderIsEmptyElement (r))
        {
          ret = read_ods_styles (&self->part, xmlTextReaderDepth (r), self->data_styles,
                                 self->cell_styles);
          if (ret != 1)
            break;
        }
      else if (is (name, "spreadsheet"))
        sheet_depth = xmlTextReaderDepth (r);
      else if (sheet_depth >= 0 && xmlTextReaderDepth (r) == sheet_depth + 1 && is (name, "table"))
        {
          if (seen++ < index)
            {
              self->skip = TRUE;
              continue;
            }
          self->name = ot_sheet_attr_string (r, "name");
          self->table_depth = xmlTextReaderDepth (r);
          self->done = xmlTextReaderIsEmptyElement (r);
          return TRUE;
        }
    }
  if (ret < 0)
    return ot_sheet_reader_fail (self, error);
  g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("the workbook has no sheet %u"), index + 1);
  return FALSE;
}
