/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Workbooks (XLSX, ODS) read as rows of cell texts: the container through
 * libgsf, every XML part streamed through xmlTextReader.  What a cell
 * shows is what it gives: numbers to 15 significant digits (what a
 * spreadsheet keeps and shows), dates at the precision of their number
 * format, formulas as their cached values.  This file is the API: what a
 * file is (a workbook, an .xls, an encrypted one, another archive), its
 * sheets and a sheet's reader; the formats are ot-sheet-xlsx.c and
 * ot-sheet-ods.c (ot-sheet-private.h). */
#include "ot-sheet-private.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-input-gio.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>

#define ODS_MIMETYPE "application/vnd.oasis.opendocument.spreadsheet"

/* libgsf registers its types on first use without a lock, and libxml2
 * wants its parser set up once before threads use it: both done here,
 * once, whichever thread loads the first workbook. */
static gpointer
init_libraries (gpointer data)
{
  gsf_init ();
  g_type_ensure (GSF_INPUT_TYPE);
  g_type_ensure (GSF_INFILE_TYPE);
  g_type_ensure (GSF_INPUT_MEMORY_TYPE);
  g_type_ensure (GSF_INPUT_GIO_TYPE);
  g_type_ensure (GSF_INFILE_ZIP_TYPE);
  g_type_ensure (GSF_INFILE_MSOLE_TYPE);
  xmlInitParser ();
  return NULL;
}

static void
ensure_libraries (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_libraries, NULL);
}

void
ot_workbook_free (OtWorkbook *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->zip);
  g_clear_object (&self->source);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->parts);
  if (self->xf_kinds)
    g_byte_array_unref (self->xf_kinds);
  g_free (self->strings_part);
  if (self->strings)
    g_string_free (self->strings, TRUE);
  if (self->string_offsets)
    g_array_unref (self->string_offsets);
  g_hash_table_unref (self->data_styles);
  g_hash_table_unref (self->cell_styles);
  g_free (self);
}

gboolean
ot_workbook_sniff (const char *data,
                   gsize       length)
{
  static const char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

  return length >= 4 && ((memcmp (data, "PK\x03\x04", 4) == 0 || memcmp (data, "PK\x05\x06", 4) == 0) ||
                         (length >= 8 && memcmp (data, ole2, 8) == 0));
}

/* An OLE2 compound file: an .xls workbook, or an encrypted OOXML one. */
static void
explain_ole2 (GsfInput  *input,
              GError   **error)
{
  g_autoptr(GsfInfile) ole = gsf_infile_msole_new (input, NULL);
  gboolean xls = FALSE, encrypted = FALSE;

  for (int i = 0; ole != NULL && i < gsf_infile_num_children (ole); i++)
    {
      const char *name = gsf_infile_name_by_index (ole, i);

      if (name == NULL)
        continue;
      xls = xls || strcmp (name, "Workbook") == 0 || strcmp (name, "Book") == 0;
      encrypted = encrypted || strcmp (name, "EncryptionInfo") == 0 ||
                  strcmp (name, "EncryptedPackage") == 0;
    }
  if (encrypted)
    g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                 _("the workbook is encrypted (it needs a password to open): save a copy without "
                   "the password"));
  else if (xls)
    g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                 _("an Excel 97–2003 workbook (.xls), which Oretrace does not read: save it as "
                   ".xlsx or .ods"));
  else
    g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                 _("an OLE2 compound file (an older Microsoft Office document), not a workbook "
                   "Oretrace reads (.xlsx or .ods)"));
}

/* The text of a small member (mimetype), at most @max bytes. */
static char *
read_small_member (GsfInfile  *zip,
                   const char *path,
                   gsize       max)
{
  g_autoptr(GsfInput) input = ot_sheet_open_member (zip, path);
  gsize n;
  char *text;

  if (input == NULL)
    return NULL;
  n = (gsize) MIN (gsf_input_size (input), (gsf_off_t) max);
  text = g_malloc0 (n + 1);
  if (n > 0 && gsf_input_read (input, n, (guint8 *) text) == NULL)
    g_clear_pointer (&text, g_free);
  return text;
}

static OtWorkbook *
open_input (GsfInput  *input,
            GError   **error)
{
  g_autoptr(OtWorkbook) self = NULL;
  g_autoptr(GError) zip_error = NULL;
  g_autofree char *mimetype = NULL;
  guint8 head[8] = { 0 };
  gsf_off_t size = gsf_input_size (input);

  if (size < 4 || gsf_input_read (input, (gsize) MIN (size, 8), head) == NULL ||
      !ot_workbook_sniff ((const char *) head, (gsize) MIN (size, 8)) ||
      gsf_input_seek (input, 0, G_SEEK_SET))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED, _("not a workbook"));
      return NULL;
    }
  if (head[0] == 0xD0)
    {
      explain_ole2 (input, error);
      return NULL;
    }

  self = g_new0 (OtWorkbook, 1);
  self->source = g_object_ref (input);
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->parts = g_ptr_array_new_with_free_func (g_free);
  self->xf_kinds = g_byte_array_new ();
  self->data_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cell_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ot_sheet_cell_style_free);
  self->zip = gsf_infile_zip_new (input, &zip_error);
  if (self->zip == NULL)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("the workbook cannot be read: its ZIP archive is damaged or incomplete (%s)"),
                   zip_error ? zip_error->message : "?");
      return NULL;
    }

  mimetype = read_small_member (self->zip, "mimetype", 200);
  if (mimetype != NULL && g_str_has_prefix (g_strstrip (mimetype), ODS_MIMETYPE))
    {
      self->kind = OT_WORKBOOK_ODS;
      if (ot_sheet_ods_is_encrypted (self))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                       _("the workbook is encrypted (it needs a password to open): save a copy "
                         "without the password"));
          return NULL;
        }
      if (!ot_sheet_read_ods_common_styles (self, error))
        return NULL;
      return g_steal_pointer (&self);
    }
  if (mimetype != NULL && g_str_has_prefix (mimetype, "application/vnd.oasis.opendocument."))
    {
      g_autofree char *shown = g_utf8_make_valid (mimetype, -1);

      g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                   _("an OpenDocument file of another kind (%s), not a spreadsheet"), shown);
      return NULL;
    }
  self->kind = OT_WORKBOOK_XLSX;
  if (!ot_sheet_open_xlsx (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

OtWorkbook *
ot_workbook_open_data (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(GsfInput) input = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_libraries ();
  input = gsf_input_memory_new ((const guint8 *) data, (gsf_off_t) length, FALSE);
  return open_input (input, error);
}

OtWorkbook *
ot_workbook_open_file (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_libraries ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* Its first bytes first: libgsf copies a whole file into memory to
   * open it (the window looks at every file opened: a 188 MB CSV file
   * was read and copied once more before its load; docs/performance.md,
   * "Issue 20: whole process and first chart"). */
  {
    g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, &local);
    char head[8];
    gsize n = 0;

    if (stream == NULL)
      {
        g_set_error (error, OT_ERROR, OT_ERROR_FAILED, "%s", local->message);
        return NULL;
      }
    if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, cancellable,
                                  NULL) ||
        !ot_workbook_sniff (head, n))
      {
        g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED, _("not a workbook"));
        return NULL;
      }
  }
  input = gsf_input_gio_new (file, &local);
  if (input == NULL)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_FAILED, "%s", local ? local->message : "?");
      return NULL;
    }
  return open_input (input, error);
}

OtWorkbookKind
ot_workbook_get_kind (OtWorkbook *self)
{
  g_return_val_if_fail (self != NULL, OT_WORKBOOK_XLSX);

  return self->kind;
}

guint
ot_workbook_get_n_sheets (OtWorkbook  *self,
                          GError     **error)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->kind == OT_WORKBOOK_ODS && !ot_sheet_read_ods_names (self, error))
    return 0;
  return self->names->len;
}

const char *
ot_workbook_get_sheet_name (OtWorkbook *self,
                            guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == OT_WORKBOOK_ODS && !ot_sheet_read_ods_names (self, NULL))
    return NULL;
  return index < self->names->len ? self->names->pdata[index] : NULL;
}

gboolean
ot_workbook_find_sheet (OtWorkbook *self,
                        const char *wanted,
                        guint      *index)
{
  guint64 number;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (wanted != NULL, FALSE);

  n = ot_workbook_get_n_sheets (self, NULL);
  for (guint i = 0; i < n; i++)
    if (strcmp (self->names->pdata[i], wanted) == 0)
      return (*index = i, TRUE);
  /* Sheet names are unique in any case in Excel and LibreOffice. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *a = g_utf8_casefold (self->names->pdata[i], -1);
      g_autofree char *b = g_utf8_casefold (wanted, -1);

      if (strcmp (a, b) == 0)
        return (*index = i, TRUE);
    }
  if (parse_uint (wanted, G_MAXUINT, &number) && number >= 1 && number <= n)
    return (*index = (guint) number - 1, TRUE);
  return FALSE;
}

char *
ot_workbook_list_sheets (OtWorkbook *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  n = ot_workbook_get_n_sheets (self, NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", (const char *) self->names->pdata[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
ot_sheet_reader_free (OtSheetReader *self)
{
  if (self == NULL)
    return;
  ot_sheet_part_clear (&self->part);
  ot_sheet_row_clear (&self->row);
  g_string_free (self->value, TRUE);
  if (self->column_styles)
    g_ptr_array_unref (self->column_styles);
  g_free (self->row_style);
  if (self->data_styles)
    g_hash_table_unref (self->data_styles);
  if (self->cell_styles)
    g_hash_table_unref (self->cell_styles);
  for (GString **s = &self->attr_value; s <= &self->attr_style; s++)
    if (*s != NULL)
      g_string_free (*s, TRUE);
  g_free (self->name);
  g_free (self);
}

void
ot_sheet_reader_get_progress (OtSheetReader *self,
                              guint64       *done,
                              guint64       *total)
{
  g_return_if_fail (self != NULL);

  *done = self->part.done;
  *total = MAX (self->part.size, self->part.done);
}

OtSheetReader *
ot_workbook_read_sheet (OtWorkbook  *self,
                        guint        index,
                        GError     **error)
{
  g_autoptr(OtSheetReader) reader = NULL;
  const char *part;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = g_new0 (OtSheetReader, 1);
  reader->workbook = self;
  reader->value = g_string_new (NULL);
  reader->next_row = 1;
  ot_sheet_row_init (&reader->row);

  if (self->kind == OT_WORKBOOK_XLSX)
    {
      if (index >= self->names->len)
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("the workbook has no sheet %u"), index + 1);
          return NULL;
        }
      if (!ot_sheet_read_shared_strings (self, error))
        return NULL;
      part = self->parts->pdata[index];
      reader->name = g_strdup (self->names->pdata[index]);
      if (!ot_sheet_part_open (&reader->part, self->zip, part))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       _("the workbook is damaged: its sheet %s (%s) is missing"),
                       reader->name, part);
          return NULL;
        }
      return g_steal_pointer (&reader);
    }

  reader->column_styles = g_ptr_array_new_with_free_func (g_free);
  reader->data_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader->cell_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ot_sheet_cell_style_free);
  for (GString **s = &reader->attr_value; s <= &reader->attr_style; s++)
    *s = g_string_new (NULL);
  if (!ot_sheet_part_open (&reader->part, self->zip, "content.xml"))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("the workbook is damaged: it has no content.xml"));
      return NULL;
    }
  if (!ot_sheet_ods_find_table (reader, index, error))
    return NULL;
  return g_steal_pointer (&reader);
}

const char *
ot_sheet_reader_get_name (OtSheetReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name ? self->name : "";
}

gboolean
ot_sheet_reader_next (OtSheetReader  *self,
                      OtSheetRow     *row,
                      GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (self->failed)
    return FALSE;
  return self->workbook->kind == OT_WORKBOOK_XLSX ? ot_sheet_xlsx_next (self, row, error)
                                                  : ot_sheet_ods_next (self, row, error);
}
