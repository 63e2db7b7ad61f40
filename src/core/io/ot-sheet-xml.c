/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-sheet-xml.c: what the XLSX and ODS readers share (ot-sheet-private.h):
 * an XML part of the archive streamed through xmlTextReader (no network,
 * no entities, no DTD; a size limit against ZIP bombs; the first error
 * kept), the row being built and handed out, the texts cells give (numbers
 * to 15 significant digits, dates at a precision, times), the reader's
 * node step and its errors.  It calls neither format's file. */
#include "ot-sheet-private.h"
#include "ot-error.h"
#include "ot-writer.h"

#include <glib/gi18n-lib.h>
#include <math.h>

guint8
ot_sheet_kind_of (gboolean year,
                  gboolean month,
                  gboolean day,
                  gboolean time)
{
  guint8 kind = day ? KIND_DAY : month ? KIND_MONTH : year ? KIND_YEAR : KIND_NUMBER;

  return kind | (time ? KIND_TIME : 0);
}

/* A number as a spreadsheet shows it at most: 15 significant digits,
 * plain decimal ("0.35" for 0.35000000000000003, "3366000"). */
void
ot_sheet_append_number (GString *out,
                        double   number)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.14e", number);
  ot_writer_append_decimal (out, g_ascii_strtod (buf, NULL));
}

/* @number as ot_sheet_append_number () writes it, taken from @text, what the file
 * says, when that is already so: a plain decimal of at most 15
 * significant digits without leading or trailing zeros (most cells;
 * formatting and parsing them again costs more than reading the XML). */
void
ot_sheet_append_number_text (GString    *out,
                             const char *text,
                             double      number)
{
  const char *p = text;
  guint digits = 0;
  gboolean fraction = FALSE;

  if (*p == '-')
    p++;
  /* "0", "0.35", "12": no leading zero but a lone one before the point. */
  if (!g_ascii_isdigit (*p) || (p[0] == '0' && g_ascii_isdigit (p[1])))
    goto round;
  for (; g_ascii_isdigit (*p); p++)
    digits += digits > 0 || *p != '0';
  if (*p == '.')
    {
      fraction = TRUE;
      if (!g_ascii_isdigit (*++p))
        goto round;
      for (; g_ascii_isdigit (*p); p++)
        digits += digits > 0 || *p != '0';
      if (p[-1] == '0')
        goto round;
    }
  if (*p != '\0' || digits > 15 || digits == 0 || (fraction && number == 0))
    goto round;
  g_string_append (out, text);
  return;

round:
  ot_sheet_append_number (out, number);
}

void
ot_sheet_append_time (GString *out,
                      guint64  seconds)
{
  g_string_append_printf (out, "%02" G_GUINT64_FORMAT ":%02u:%02u", seconds / 3600,
                          (guint) (seconds / 60 % 60), (guint) (seconds % 60));
}

/* A day at the precision of @kind, and the time of day when @kind shows
 * one and it is not midnight. */
void
ot_sheet_append_date (GString *out,
                      int      year,
                      int      month,
                      int      day,
                      guint    seconds,
                      guint8   kind)
{
  switch (kind & KIND_PRECISION)
    {
    case KIND_YEAR:
      g_string_append_printf (out, "%04d", year);
      break;
    case KIND_MONTH:
      g_string_append_printf (out, "%04d-%02d", year, month);
      break;
    default:
      g_string_append_printf (out, "%04d-%02d-%02d", year, month, day);
      break;
    }
  if (seconds != 0 && (kind & KIND_TIME))
    {
      g_string_append_c (out, ' ');
      ot_sheet_append_time (out, seconds);
    }
}

static gboolean
parse_digits (const char **p,
              guint        min,
              guint        max,
              int         *out)
{
  guint n = 0;

  *out = 0;
  while (g_ascii_isdigit (**p) && n < max)
    *out = *out * 10 + (*(*p)++ - '0'), n++;
  return n >= min;
}

/* An ISO 8601 date and time ("2024-07-15", "2024-07-15T14:30:00.5",
 * ODS's office:date-value and XLSX's t="d") as @kind shows it (0: a day
 * and its time). */
gboolean
ot_sheet_append_iso_date (GString    *out,
                          const char *text,
                          guint8      kind)
{
  const char *p = text;
  int year, month, day, hour = 0, minute = 0, second = 0;
  double fraction = 0;
  guint seconds;

  if (!parse_digits (&p, 4, 4, &year) || *p++ != '-' || !parse_digits (&p, 2, 2, &month) ||
      *p++ != '-' || !parse_digits (&p, 2, 2, &day))
    return FALSE;
  if (*p == 'T')
    {
      p++;
      if (!parse_digits (&p, 2, 2, &hour) || *p++ != ':' || !parse_digits (&p, 2, 2, &minute))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!parse_digits (&p, 2, 2, &second))
            return FALSE;
          if (*p == '.')
            fraction = g_ascii_strtod (p, (char **) &p);
        }
    }
  if (*p != '\0' && *p != 'Z' && *p != '+' && *p != '-')
    return FALSE;
  seconds = (guint) MIN (hour * 3600 + minute * 60 + second + (int) lround (fraction), 86399);
  ot_sheet_append_date (out, year, month, day, seconds, kind ? kind : KIND_DAY | KIND_TIME);
  return TRUE;
}

void
ot_sheet_column_name (guint column,
                      char  out[4])
{
  char buf[4];
  guint n = 0;

  column = MIN (column, OT_SHEET_MAX_COLUMNS - 1);
  do
    {
      buf[n++] = (char) ('A' + column % 26);
      column = column / 26;
    }
  while (column-- > 0 && n < 3);
  for (guint i = 0; i < n; i++)
    out[i] = buf[n - 1 - i];
  out[n] = '\0';
}

void
ot_sheet_row_init (RowBuilder *b)
{
  b->text = g_string_new_len ("", 1);
  b->offsets = g_array_new (FALSE, TRUE, sizeof (guint));
  b->lengths = g_array_new (FALSE, TRUE, sizeof (guint));
  b->types = g_array_new (FALSE, TRUE, sizeof (OtCellType));
  b->out = g_string_new (NULL);
  b->fields = g_ptr_array_new ();
}

void
ot_sheet_row_clear (RowBuilder *b)
{
  if (b->text == NULL)
    return;
  g_string_free (b->text, TRUE);
  g_array_unref (b->offsets);
  g_array_unref (b->lengths);
  g_array_unref (b->types);
  g_string_free (b->out, TRUE);
  g_ptr_array_unref (b->fields);
  b->text = NULL;
}

void
ot_sheet_row_reset (RowBuilder *b)
{
  if (b->n > 0)
    {
      memset (b->offsets->data, 0, b->n * sizeof (guint));
      memset (b->lengths->data, 0, b->n * sizeof (guint));
      memset (b->types->data, 0, b->n * sizeof (OtCellType));
    }
  g_string_truncate (b->text, 1);
  b->n = 0;
}

/* Sets cell @column; empty text leaves it empty. */
void
ot_sheet_row_set (RowBuilder *b,
                  guint       column,
                  const char *text,
                  gsize       length,
                  OtCellType  type)
{
  if (length == 0 || column >= OT_SHEET_MAX_COLUMNS)
    return;
  if (column >= b->offsets->len)
    {
      guint size = MAX (column + 1, MIN (b->offsets->len * 2, OT_SHEET_MAX_COLUMNS));

      g_array_set_size (b->offsets, size);
      g_array_set_size (b->lengths, size);
      g_array_set_size (b->types, size);
    }
  g_array_index (b->offsets, guint, column) = (guint) b->text->len;
  g_array_index (b->lengths, guint, column) = (guint) length;
  g_array_index (b->types, OtCellType, column) = type;
  g_string_append_len (b->text, text, (gssize) length);
  g_string_append_c (b->text, '\0');
  b->n = MAX (b->n, column + 1);
}

void
ot_sheet_row_emit (RowBuilder *b,
                   guint       number,
                   OtSheetRow *row)
{
  g_string_truncate (b->out, 0);
  g_string_append_len (b->out, b->text->str, (gssize) b->text->len);
  g_ptr_array_set_size (b->fields, b->n);
  for (guint i = 0; i < b->n; i++)
    b->fields->pdata[i] = b->out->str + g_array_index (b->offsets, guint, i);
  row->row = number;
  row->n_cells = b->n;
  row->cells = (char **) b->fields->pdata;
  row->lengths = (const guint *) b->lengths->data;
  row->types = (const OtCellType *) b->types->data;
}

static int
part_read (void *context,
           char *buffer,
           int   length)
{
  XmlPart *part = context;
  gsf_off_t remaining = gsf_input_remaining (part->input);
  gsize n = (gsize) MIN ((gsf_off_t) length, remaining);

  if (n == 0)
    return 0;
  if (part->done + n > OT_SHEET_MAX_XML)
    {
      part->too_large = TRUE;
      return -1;
    }
  if (gsf_input_read (part->input, n, (guint8 *) buffer) == NULL)
    {
      part->read_failed = TRUE;
      return -1;
    }
  part->done += n;
  return (int) n;
}

static void
part_error (void        *context,
            xmlErrorPtr  error)
{
  XmlPart *part = context;

  if (part->error == NULL && error != NULL && error->level >= XML_ERR_ERROR)
    {
      part->error = g_strstrip (g_strdup (error->message ? error->message : "?"));
      part->error_line = error->line;
    }
}

void
ot_sheet_part_clear (XmlPart *part)
{
  g_clear_pointer (&part->reader, xmlFreeTextReader);
  g_clear_object (&part->input);
  g_clear_pointer (&part->name, g_free);
  g_clear_pointer (&part->error, g_free);
}

/* The member at @path ("xl/worksheets/sheet1.xml"), its names matched in
 * any case when not exactly (OPC names are case-insensitive). */
GsfInput *
ot_sheet_open_member (GsfInfile  *root,
                      const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  GsfInput *at = g_object_ref (GSF_INPUT (root));

  for (guint i = 0; parts[i] != NULL && at != NULL; i++)
    {
      GsfInput *child = NULL;

      if (parts[i][0] == '\0')
        continue;
      if (!GSF_IS_INFILE (at))
        {
          g_clear_object (&at);
          break;
        }
      child = gsf_infile_child_by_name (GSF_INFILE (at), parts[i]);
      for (int k = 0; child == NULL && k < gsf_infile_num_children (GSF_INFILE (at)); k++)
        {
          const char *name = gsf_infile_name_by_index (GSF_INFILE (at), k);

          if (name != NULL && g_ascii_strcasecmp (name, parts[i]) == 0)
            child = gsf_infile_child_by_index (GSF_INFILE (at), k);
        }
      g_object_unref (at);
      at = child;
    }
  /* A folder is no part. */
  if (at != NULL && GSF_IS_INFILE (at) && gsf_infile_num_children (GSF_INFILE (at)) >= 0)
    g_clear_object (&at);
  return at;
}

gboolean
ot_sheet_part_open (XmlPart    *part,
                    GsfInfile  *root,
                    const char *path)
{
  memset (part, 0, sizeof *part);
  part->input = ot_sheet_open_member (root, path);
  if (part->input == NULL)
    return FALSE;
  part->name = g_strdup (path);
  part->size = (guint64) MAX (gsf_input_size (part->input), 0);
  /* No network, no entities substituted, no DTD loaded; errors kept,
   * never printed. */
  part->reader = xmlReaderForIO (part_read, NULL, part, NULL, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                 XML_PARSE_COMPACT);
  if (part->reader == NULL)
    {
      part->error = g_strdup ("no XML reader");
      return TRUE;
    }
  xmlTextReaderSetStructuredErrorHandler (part->reader, part_error, part);
  return TRUE;
}

/* The next node (@skip: past the current one's children): 1, or 0 at the
 * end, or -1 when the part is damaged (a DOCTYPE too: no workbook has one,
 * and entities are a way to make a small file huge). */
int
ot_sheet_part_next (XmlPart  *part,
                    gboolean  skip)
{
  int ret;

  if (part->reader == NULL)
    return -1;
  ret = skip ? xmlTextReaderNext (part->reader) : xmlTextReaderRead (part->reader);
  if (ret == 1 && (xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_DOCUMENT_TYPE ||
                   xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_ENTITY_REFERENCE))
    {
      if (part->error == NULL)
        part->error = g_strdup ("a DOCTYPE or entity");
      return -1;
    }
  if (ret < 0 && part->error == NULL && !part->read_failed && !part->too_large)
    part->error = g_strdup ("?");
  return ret;
}

void
ot_sheet_part_set_error (XmlPart  *part,
                         GError  **error)
{
  if (part->too_large)
    g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                 _("the workbook’s %s unpacks to more than %u MiB; it is not read"), part->name,
                 (guint) (OT_SHEET_MAX_XML >> 20));
  else if (part->read_failed)
    g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                 _("the workbook is damaged: its %s cannot be unpacked"), part->name);
  else
    g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                 _("the workbook is damaged: its %s is not well-formed XML (line %d: %s)"),
                 part->name, part->error_line, part->error ? part->error : "?");
}

guint
ot_sheet_attr_uint (xmlTextReaderPtr  r,
                    const char       *wanted,
                    guint64           max,
                    guint             fallback)
{
  guint value = fallback;

  for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
    if (strcmp (local_name (r), wanted) == 0)
      {
        guint64 n;

        value = parse_uint (attr_value (r), max, &n) && n > 0 ? (guint) n : (guint) max;
      }
  xmlTextReaderMoveToElement (r);
  return value;
}

char *
ot_sheet_attr_string (xmlTextReaderPtr  r,
                      const char       *wanted)
{
  char *value = NULL;

  for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
    if (strcmp (local_name (r), wanted) == 0)
      set_str (&value, attr_value (r));
  xmlTextReaderMoveToElement (r);
  return value;
}

gboolean
ot_sheet_reader_fail (OtSheetReader  *self,
                      GError        **error)
{
  self->done = self->failed = TRUE;
  ot_sheet_part_set_error (&self->part, error);
  return FALSE;
}

gboolean
ot_sheet_reader_cell_too_long (OtSheetReader  *self,
                               GError        **error)
{
  char column[4];

  ot_sheet_column_name (self->column, column);
  self->done = self->failed = TRUE;
  g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
               _("cell %s%u holds more than %u MiB of text; the sheet is read no further"),
               column, self->number, (guint) (OT_SHEET_MAX_CELL >> 20));
  return FALSE;
}

gboolean
ot_sheet_reader_too_many_rows (OtSheetReader  *self,
                               GError        **error)
{
  self->done = self->failed = TRUE;
  g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
               _("the sheet has rows past row %u, the most a sheet has; it is read no further"),
               OT_SHEET_MAX_ROWS);
  return FALSE;
}

/* The next node of the sheet's XML (past the current one's children when
 * a step asked so): TRUE with its type, local name and whether it is an
 * empty element; FALSE at the end, or with *@error set when the part is
 * damaged. */
gboolean
ot_sheet_reader_next_node (OtSheetReader  *self,
                           int            *type,
                           const xmlChar **name,
                           gboolean       *empty,
                           GError        **error)
{
  xmlTextReaderPtr r = self->part.reader;
  int ret = ot_sheet_part_next (&self->part, self->skip);

  self->skip = FALSE;
  if (ret < 0)
    return ot_sheet_reader_fail (self, error);
  if (ret == 0)
    {
      self->done = TRUE;
      return FALSE;
    }
  *type = xmlTextReaderNodeType (r);
  *name = xmlTextReaderConstLocalName (r);
  *empty = *type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement (r);
  return TRUE;
}
