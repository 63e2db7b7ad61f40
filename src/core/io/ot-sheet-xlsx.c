/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-sheet-xlsx.c: Office Open XML workbooks (XLSX, as Excel, LibreOffice
 * and libxlsxwriter write them): the package's relationships, the
 * workbook's worksheets and date system, the styles' number formats (which
 * show dates, at which precision), the shared strings, and a sheet's rows.
 * ot-sheet.c calls it; it calls ot-sheet-xml.c. */
#include "ot-sheet-private.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* The shared strings of a workbook, all together. */
#define MAX_STRINGS_BYTES ((gsize) 512 * 1024 * 1024)

/* XLSX's built-in number formats that are dates or times (ECMA-376
 * 18.8.30; 27–36 and 50–58 are the East Asian ones). */
static guint8
builtin_kind (guint id)
{
  if ((id >= 14 && id <= 16) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 58))
    return KIND_DAY;
  if (id == 17)
    return KIND_MONTH;
  if (id == 22)
    return KIND_DAY | KIND_TIME;
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47))
    return KIND_TIME;
  return KIND_NUMBER;
}

/* A custom XLSX format code ("yyyy\-mm\-dd", "[$-409]mmm yy;@",
 * "#,##0.00 \"kg\""): the letters of its first section outside quotes,
 * escapes and brackets.  "m" is minutes after an "h" or before an "s". */
static guint8
classify_format_code (const char *code)
{
  gboolean year = FALSE, month = FALSE, day = FALSE, time = FALSE;
  char last = 0;   /* the last date or time letter */

  for (const char *p = code; *p != '\0' && *p != ';'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (*p == '"')
        {
          p = strchr (p + 1, '"');
          if (p == NULL)
            break;
        }
      else if (*p == '\\' || *p == '_' || *p == '*')
        {
          if (p[1] == '\0')
            break;
          p++;
        }
      else if (*p == '[')
        {
          const char *end = strchr (p, ']');
          gboolean elapsed = end != NULL && end > p + 1;

          if (end == NULL)
            break;
          /* [h], [mm], [ss]: elapsed time; else a colour, a condition
           * or a locale ([$-409]). */
          for (const char *q = p + 1; q < end; q++)
            elapsed = elapsed && strchr ("hHmMsS", *q) != NULL;
          if (elapsed)
            time = TRUE, last = 'h';
          p = end;
        }
      else if (c == 'y')
        year = TRUE, last = 'y';
      else if (c == 'd')
        day = TRUE, last = 'd';
      else if (c == 'h')
        time = TRUE, last = 'h';
      else if (c == 's')
        time = TRUE, last = 's';
      else if (c == 'e' && (p[1] == '+' || p[1] == '-'))
        p++;   /* scientific notation */
      else if (c == 'a' && (g_ascii_strncasecmp (p, "am/pm", 5) == 0 ||
                            g_ascii_strncasecmp (p, "a/p", 3) == 0))
        {
          time = TRUE;
          p += g_ascii_strncasecmp (p, "am/pm", 5) == 0 ? 4 : 2;
        }
      else if (c == 'm')
        {
          const char *q = p;
          gboolean minutes = last == 'h';

          while (g_ascii_tolower (q[1]) == 'm')
            q++;
          /* The next letter that is a date or time one. */
          for (const char *n = q + 1; !minutes && *n != '\0' && *n != ';'; n++)
            {
              char nc = g_ascii_tolower (*n);

              if (nc == 's')
                minutes = TRUE;
              if (strchr ("ydhms\"[", nc) != NULL)
                break;
            }
          if (minutes)
            time = TRUE;
          else
            month = TRUE;
          last = 'm';
          p = q;
        }
    }
  if (!year && !month && !day)
    return time ? KIND_TIME : KIND_NUMBER;
  return ot_sheet_kind_of (year, month, day, time);
}

/* An XLSX serial number (days since 1899-12-30, or 1904-01-01 in the
 * 1904 date system) shown as @kind shows it.  FALSE when it is no day a
 * spreadsheet shows (negative, past 9999). */
static gboolean
append_serial (GString  *out,
               double    serial,
               guint8    kind,
               gboolean  date1904)
{
  double whole;
  gint64 days, seconds;
  GDate date;

  if (!isfinite (serial) || serial < 0 || serial >= 2958466.0)
    return FALSE;
  whole = floor (serial);
  days = (gint64) whole;
  seconds = (gint64) llround ((serial - whole) * 86400.0);
  if (seconds >= 86400)
    days++, seconds -= 86400;

  if ((kind & KIND_PRECISION) == 0)
    {
      ot_sheet_append_time (out, (guint64) (days * 86400 + seconds));
      return TRUE;
    }
  g_date_clear (&date, 1);
  if (date1904)
    g_date_set_dmy (&date, 1, 1, 1904);
  else if (days == 60)
    {
      /* Lotus 1-2-3's 29 February 1900, kept by Excel: a day that never was. */
      ot_sheet_append_date (out, 1900, 2, 29, (guint) seconds, kind);
      return TRUE;
    }
  else if (days == 0)
    {
      ot_sheet_append_date (out, 1900, 1, 0, (guint) seconds, kind);
      return TRUE;
    }
  else
    g_date_set_dmy (&date, days < 60 ? 31 : 30, 12, 1899);
  g_date_add_days (&date, (guint) days);
  ot_sheet_append_date (out, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                        (guint) seconds, kind);
  return TRUE;
}

/* OOXML's escapes of characters XML cannot hold, "_x000D_" (and "_x005F_"
 * for an underscore that would read as one), decoded in place. */
static void
decode_ooxml_escapes (GString *text)
{
  char *out;
  const char *p;

  if (strstr (text->str, "_x") == NULL)
    return;
  out = text->str;
  for (p = text->str; *p != '\0';)
    {
      if (p[0] == '_' && p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]) &&
          g_ascii_isxdigit (p[4]) && g_ascii_isxdigit (p[5]) && p[6] == '_')
        {
          gunichar c = (g_ascii_xdigit_value (p[2]) << 12) | (g_ascii_xdigit_value (p[3]) << 8) |
                       (g_ascii_xdigit_value (p[4]) << 4) | g_ascii_xdigit_value (p[5]);

          /* (Never a NUL, nor half of a surrogate pair.) */
          if (c != 0 && (c < 0xD800 || c > 0xDFFF))
            {
              out += g_unichar_to_utf8 (c, out);   /* at most 3 bytes for 7 read */
              p += 7;
              continue;
            }
        }
      *out++ = *p++;
    }
  g_string_truncate (text, (gsize) (out - text->str));
}

/* "xl/" + "worksheets/sheet1.xml", "/xl/…" from the root, "../" up. */
static char *
resolve_target (const char *base_dir,
                const char *target)
{
  g_autofree char *joined = target[0] == '/' ? g_strdup (target + 1)
                                             : g_strconcat (base_dir, target, NULL);
  g_auto(GStrv) parts = g_strsplit (joined, "/", -1);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (out->len > 0)
            g_ptr_array_remove_index (out, out->len - 1);
          continue;
        }
      g_ptr_array_add (out, parts[i]);
    }
  g_ptr_array_add (out, NULL);
  return g_strjoinv ("/", (char **) out->pdata);
}

typedef struct {
  char *id;
  char *type;     /* the relationship type's last part: "worksheet", "sharedStrings" */
  char *target;   /* resolved from the archive's root */
} Relationship;

static void
relationship_free (gpointer data)
{
  Relationship *rel = data;

  g_free (rel->id);
  g_free (rel->type);
  g_free (rel->target);
  g_free (rel);
}

/* The relationships of the part in folder @base_dir called @base_name
 * (its .rels file); an empty array when it has none. */
static GPtrArray *
read_relationships (OtWorkbook  *self,
                    const char  *base_dir,
                    const char  *base_name,
                    GError     **error)
{
  g_autofree char *path = g_strconcat (base_dir, "_rels/", base_name, ".rels", NULL);
  GPtrArray *rels = g_ptr_array_new_with_free_func (relationship_free);
  XmlPart part;
  int ret;

  if (!ot_sheet_part_open (&part, self->zip, path))
    return rels;
  while ((ret = ot_sheet_part_next (&part, FALSE)) == 1)
    {
      Relationship *rel;
      gboolean external = FALSE;

      if (xmlTextReaderNodeType (part.reader) != XML_READER_TYPE_ELEMENT ||
          !is (xmlTextReaderConstLocalName (part.reader), "Relationship"))
        continue;
      rel = g_new0 (Relationship, 1);
      for (gboolean ok = attr_first (part.reader); ok; ok = attr_next (part.reader))
        {
          const char *name = local_name (part.reader);
          const char *value = attr_value (part.reader);

          if (strcmp (name, "Id") == 0)
            set_str (&rel->id, value);
          else if (strcmp (name, "Type") == 0)
            set_str (&rel->type, strrchr (value, '/') ? strrchr (value, '/') + 1 : value);
          else if (strcmp (name, "Target") == 0)
            rel->target = resolve_target (base_dir, value);
          else if (strcmp (name, "TargetMode") == 0)
            external = g_ascii_strcasecmp (value, "External") == 0;
        }
      xmlTextReaderMoveToElement (part.reader);
      if (rel->id == NULL || rel->type == NULL || rel->target == NULL || external)
        relationship_free (rel);
      else
        g_ptr_array_add (rels, rel);
    }
  if (ret < 0)
    {
      ot_sheet_part_set_error (&part, error);
      g_clear_pointer (&rels, g_ptr_array_unref);
    }
  ot_sheet_part_clear (&part);
  return rels;
}

static const Relationship *
find_relationship (GPtrArray  *rels,
                   const char *id,
                   const char *type)
{
  for (guint i = 0; i < rels->len; i++)
    {
      const Relationship *rel = rels->pdata[i];

      if ((id == NULL || strcmp (rel->id, id) == 0) && (type == NULL || strcmp (rel->type, type) == 0))
        return rel;
    }
  return NULL;
}

/* styles.xml: which cell formats (cellXfs) show dates. */
static gboolean
read_xlsx_styles (OtWorkbook  *self,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GHashTable) formats = g_hash_table_new (NULL, NULL);   /* numFmtId → kind + 1 */
  gboolean in_xfs = FALSE;
  XmlPart part;
  int ret;

  if (!ot_sheet_part_open (&part, self->zip, path))
    return TRUE;
  while ((ret = ot_sheet_part_next (&part, FALSE)) == 1)
    {
      xmlTextReaderPtr r = part.reader;
      int type = xmlTextReaderNodeType (r);
      const xmlChar *name = xmlTextReaderConstLocalName (r);

      if (type == XML_READER_TYPE_END_ELEMENT && is (name, "cellXfs"))
        break;
      if (type != XML_READER_TYPE_ELEMENT)
        continue;
      if (is (name, "cellXfs"))
        in_xfs = !xmlTextReaderIsEmptyElement (r);
      else if (is (name, "numFmt") || (in_xfs && is (name, "xf")))
        {
          guint64 id = 0;
          const char *code = NULL;
          g_autofree char *code_copy = NULL;

          for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
            {
              if (strcmp (local_name (r), "numFmtId") == 0)
                parse_uint (attr_value (r), G_MAXUINT, &id);
              else if (strcmp (local_name (r), "formatCode") == 0)
                code = code_copy = g_strdup (attr_value (r));
            }
          xmlTextReaderMoveToElement (r);
          if (is (name, "numFmt") && code != NULL)
            g_hash_table_insert (formats, GUINT_TO_POINTER ((guint) id),
                                 GUINT_TO_POINTER (classify_format_code (code) + 1));
          else if (is (name, "xf"))
            {
              gpointer found = g_hash_table_lookup (formats, GUINT_TO_POINTER ((guint) id));
              guint8 kind = found ? (guint8) (GPOINTER_TO_UINT (found) - 1) : builtin_kind ((guint) id);

              g_byte_array_append (self->xf_kinds, &kind, 1);
            }
        }
    }
  if (ret < 0)
    ot_sheet_part_set_error (&part, error);
  ot_sheet_part_clear (&part);
  return ret >= 0;
}

/* workbook.xml: the date system and the worksheets. */
static gboolean
read_xlsx_workbook (OtWorkbook  *self,
                    const char  *path,
                    GPtrArray   *rels,
                    GError     **error)
{
  XmlPart part;
  int ret;

  if (!ot_sheet_part_open (&part, self->zip, path))
    return TRUE;
  while ((ret = ot_sheet_part_next (&part, FALSE)) == 1)
    {
      xmlTextReaderPtr r = part.reader;
      const xmlChar *name = xmlTextReaderConstLocalName (r);

      if (xmlTextReaderNodeType (r) != XML_READER_TYPE_ELEMENT)
        continue;
      if (is (name, "workbookPr"))
        {
          for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
            if (strcmp (local_name (r), "date1904") == 0)
              self->date1904 = strcmp (attr_value (r), "1") == 0 ||
                               g_ascii_strcasecmp (attr_value (r), "true") == 0;
          xmlTextReaderMoveToElement (r);
        }
      else if (is (name, "sheet"))
        {
          g_autofree char *sheet = NULL, *id = NULL;
          const Relationship *rel;

          for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
            {
              const char *ns = (const char *) xmlTextReaderConstNamespaceUri (r);

              if (strcmp (local_name (r), "name") == 0 && ns == NULL)
                set_str (&sheet, attr_value (r));
              else if (strcmp (local_name (r), "id") == 0 && ns != NULL &&
                       g_str_has_suffix (ns, "/relationships"))
                set_str (&id, attr_value (r));
            }
          xmlTextReaderMoveToElement (r);
          /* Chart sheets, dialog and macro sheets hold no cells. */
          if (sheet != NULL && id != NULL &&
              (rel = find_relationship (rels, id, "worksheet")) != NULL)
            {
              g_ptr_array_add (self->names, g_utf8_make_valid (sheet, -1));
              g_ptr_array_add (self->parts, g_strdup (rel->target));
            }
        }
    }
  if (ret < 0)
    ot_sheet_part_set_error (&part, error);
  ot_sheet_part_clear (&part);
  return ret >= 0;
}

gboolean
ot_sheet_open_xlsx (OtWorkbook  *self,
                    GError     **error)
{
  g_autoptr(GPtrArray) package = NULL, rels = NULL;
  g_autofree char *workbook = NULL, *dir = NULL;
  const Relationship *rel;
  g_autoptr(GsfInput) found = NULL;
  const char *slash;

  package = read_relationships (self, "", "", error);
  if (package == NULL)
    return FALSE;
  rel = find_relationship (package, NULL, "officeDocument");
  workbook = g_strdup (rel != NULL ? rel->target : "xl/workbook.xml");
  found = ot_sheet_open_member (self->zip, workbook);
  if (found == NULL || !g_str_has_suffix (workbook, ".xml"))
    {
      g_autoptr(GsfInput) binary = ot_sheet_open_member (self->zip, "xl/workbook.bin");

      if (binary != NULL || g_str_has_suffix (workbook, ".bin"))
        g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                     _("a binary Excel workbook (.xlsb), which Oretrace does not read: save it as "
                       ".xlsx or .ods"));
      else
        g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                     _("a ZIP archive that is not a workbook (it holds no xl/workbook.xml and is "
                       "no OpenDocument spreadsheet); expected CSV, JSON, JSON Lines, XLSX or ODS"));
      return FALSE;
    }
  slash = strrchr (workbook, '/');
  dir = slash ? g_strndup (workbook, (gsize) (slash - workbook + 1)) : g_strdup ("");
  rels = read_relationships (self, dir, slash ? slash + 1 : workbook, error);
  if (rels == NULL)
    return FALSE;
  rel = find_relationship (rels, NULL, "sharedStrings");
  self->strings_part = g_strdup (rel != NULL ? rel->target : NULL);
  rel = find_relationship (rels, NULL, "styles");
  if (rel != NULL && !read_xlsx_styles (self, rel->target, error))
    return FALSE;
  return read_xlsx_workbook (self, workbook, rels, error);
}

/* The shared strings, read once before the first sheet: each <si>'s text
 * (rich text runs joined, phonetic guides left out). */
gboolean
ot_sheet_read_shared_strings (OtWorkbook  *self,
                              GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean in_si = FALSE, collect = FALSE, skip = FALSE;
  gsize end;
  XmlPart part;
  int ret;

  if (self->strings_read)
    return TRUE;
  self->strings_read = TRUE;
  self->strings = g_string_new (NULL);
  self->string_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (self->strings_part == NULL || !ot_sheet_part_open (&part, self->zip, self->strings_part))
    {
      end = 0;
      g_array_append_val (self->string_offsets, end);
      return TRUE;
    }
  while ((ret = ot_sheet_part_next (&part, skip)) == 1)
    {
      xmlTextReaderPtr r = part.reader;
      int type = xmlTextReaderNodeType (r);
      const xmlChar *name = xmlTextReaderConstLocalName (r);

      skip = FALSE;
      if (type == XML_READER_TYPE_ELEMENT)
        {
          gboolean empty = xmlTextReaderIsEmptyElement (r);

          if (is (name, "si"))
            {
              g_string_truncate (text, 0);
              in_si = !empty;
              if (empty)
                {
                  end = self->strings->len;
                  g_array_append_val (self->string_offsets, end);
                  g_string_append_c (self->strings, '\0');
                }
            }
          else if (in_si && is (name, "t"))
            collect = !empty;
          else if (is (name, "rPh") || is (name, "phoneticPr") || is (name, "rPr"))
            skip = !empty;
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (is (name, "t"))
            collect = FALSE;
          else if (is (name, "si") && in_si)
            {
              in_si = FALSE;
              decode_ooxml_escapes (text);
              end = self->strings->len;
              g_array_append_val (self->string_offsets, end);
              g_string_append_len (self->strings, text->str, (gssize) text->len);
              g_string_append_c (self->strings, '\0');
              if (self->strings->len > MAX_STRINGS_BYTES)
                {
                  g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                               _("the workbook’s shared strings hold more than %u MiB of text; "
                                 "it is not read"), (guint) (MAX_STRINGS_BYTES >> 20));
                  ot_sheet_part_clear (&part);
                  return FALSE;
                }
            }
        }
      else if (collect && is_text (type))
        {
          g_string_append (text, (const char *) xmlTextReaderConstValue (r));
          if (text->len > OT_SHEET_MAX_CELL)
            {
              g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                           _("a shared string of the workbook is longer than %u MiB"),
                           (guint) (OT_SHEET_MAX_CELL >> 20));
              ot_sheet_part_clear (&part);
              return FALSE;
            }
        }
    }
  if (ret < 0)
    ot_sheet_part_set_error (&part, error);
  ot_sheet_part_clear (&part);
  end = self->strings->len;
  g_array_append_val (self->string_offsets, end);
  return ret >= 0;
}

/* A number cell's text: the number, a date its format shows, or the text
 * as it is when it is no number. */
static void
set_number (OtSheetReader *self,
            const char    *text,
            guint8         kind)
{
  GString *scratch = self->row.out;   /* (free until the row is handed out) */
  char *end = NULL;
  double number;

  while (g_ascii_isspace (*text))
    text++;
  number = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (number))
    {
      ot_sheet_row_set (&self->row, self->column, text, strlen (text), OT_CELL_TEXT);
      return;
    }
  g_string_truncate (scratch, 0);
  if (kind != KIND_NUMBER && append_serial (scratch, number, kind, self->workbook->date1904))
    ot_sheet_row_set (&self->row, self->column, scratch->str, scratch->len, OT_CELL_DATE);
  else
    {
      g_string_truncate (scratch, 0);
      ot_sheet_append_number_text (scratch, text, number);
      ot_sheet_row_set (&self->row, self->column, scratch->str, scratch->len, OT_CELL_NUMBER);
    }
}

static void
set_text (OtSheetReader *self,
          const char    *text,
          gsize          length,
          OtCellType     type)
{
  ot_sheet_row_set (&self->row, self->column, text, length, type);
}

static gboolean
xlsx_finish_cell (OtSheetReader  *self,
                  GError        **error)
{
  OtWorkbook *wb = self->workbook;
  GString *value = self->value;

  switch (self->cell_type)
    {
    case 's':
      {
        guint64 index;
        guint n_strings = wb->string_offsets->len - 1;

        if (value->len == 0)
          break;
        if (!parse_uint (g_strstrip (value->str), G_MAXUINT, &index) || index >= n_strings)
          {
            char column[4];

            ot_sheet_column_name (self->column, column);
            self->done = self->failed = TRUE;
            g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                         _("the workbook is damaged: cell %s%u refers to shared string %s, which it "
                           "does not have"), column, self->number, value->str);
            return FALSE;
          }
        {
          gsize from = g_array_index (wb->string_offsets, gsize, index);
          gsize to = g_array_index (wb->string_offsets, gsize, index + 1);

          set_text (self, wb->strings->str + from, to - from - 1, OT_CELL_TEXT);
        }
        break;
      }
    case 'i':
    case 'f':
      decode_ooxml_escapes (value);
      set_text (self, value->str, value->len, OT_CELL_TEXT);
      break;
    case 'b':
      if (value->len > 0)
        set_text (self, strcmp (g_strstrip (value->str), "1") == 0 ? "TRUE" : "FALSE",
                  strcmp (value->str, "1") == 0 ? 4 : 5, OT_CELL_BOOLEAN);
      break;
    case 'e':
      set_text (self, value->str, value->len, OT_CELL_ERROR);
      break;
    case 'd':
      {
        GString *scratch = self->row.out;
        guint8 kind = self->cell_style < wb->xf_kinds->len ? wb->xf_kinds->data[self->cell_style] : 0;

        g_string_truncate (scratch, 0);
        if (ot_sheet_append_iso_date (scratch, g_strstrip (value->str), kind))
          set_text (self, scratch->str, scratch->len, OT_CELL_DATE);
        else
          set_text (self, value->str, value->len, OT_CELL_TEXT);
        break;
      }
    default:
      if (value->len > 0)
        set_number (self, value->str,
                    self->cell_style < wb->xf_kinds->len ? wb->xf_kinds->data[self->cell_style] : 0);
      break;
    }
  self->column++;
  return TRUE;
}

static void
xlsx_begin_cell (OtSheetReader    *self,
                 xmlTextReaderPtr  r)
{
  guint column = self->column;

  self->cell_type = 'n';
  self->cell_style = 0;
  for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
    {
      const char *name = local_name (r);
      const char *value = attr_value (r);

      if (strcmp (name, "r") == 0)
        {
          guint64 c = 0;
          const char *p = value;

          for (; g_ascii_isalpha (*p) && c <= OT_SHEET_MAX_COLUMNS; p++)
            c = c * 26 + (guint64) (g_ascii_toupper (*p) - 'A' + 1);
          if (p > value)
            column = c > OT_SHEET_MAX_COLUMNS ? OT_SHEET_MAX_COLUMNS : (guint) c - 1;
        }
      else if (strcmp (name, "t") == 0)
        self->cell_type = strcmp (value, "s") == 0 ? 's' : strcmp (value, "inlineStr") == 0 ? 'i'
                          : strcmp (value, "str") == 0 ? 'f' : strcmp (value, "b") == 0 ? 'b'
                          : strcmp (value, "e") == 0 ? 'e' : strcmp (value, "d") == 0 ? 'd' : 'n';
      else if (strcmp (name, "s") == 0)
        {
          guint64 s = 0;

          self->cell_style = parse_uint (value, G_MAXUINT, &s) ? (guint) s : 0;
        }
    }
  xmlTextReaderMoveToElement (r);
  self->column = column;
  g_string_truncate (self->value, 0);
}

gboolean
ot_sheet_xlsx_next (OtSheetReader  *self,
                    OtSheetRow     *row,
                    GError        **error)
{
  xmlTextReaderPtr r = self->part.reader;
  const xmlChar *name;
  gboolean empty;
  int type;

  while (!self->done && ot_sheet_reader_next_node (self, &type, &name, &empty, error))
    {
      if (type == XML_READER_TYPE_ELEMENT)
        {
          if (!self->in_data)
            {
              if (is (name, "sheetData"))
                self->in_data = !empty, self->done = empty;
              else if (!is (name, "worksheet"))
                self->skip = TRUE;   /* sheetViews, cols, … */
            }
          else if (is (name, "row"))
            {
              guint64 number = self->next_row;

              for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
                if (strcmp (local_name (r), "r") == 0 &&
                    !parse_uint (attr_value (r), G_MAXUINT, &number))
                  number = self->next_row;
              xmlTextReaderMoveToElement (r);
              if (number == 0 || number > OT_SHEET_MAX_ROWS)
                return ot_sheet_reader_too_many_rows (self, error);
              self->number = (guint) number;
              self->next_row = self->number + 1;
              self->column = 0;
              ot_sheet_row_reset (&self->row);
            }
          else if (is (name, "c"))
            {
              xlsx_begin_cell (self, r);
              self->in_cell = !empty;
              if (empty)
                self->column++;
            }
          else if (self->in_cell && is (name, "v"))
            self->collect = !empty;
          else if (self->in_cell && is (name, "is"))
            self->in_is = !empty;
          else if (self->in_is && is (name, "t"))
            self->collect = !empty;
          else if (!is (name, "r"))
            self->skip = TRUE;   /* f, rPh, rPr, extLst */
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (is (name, "v") || is (name, "t"))
            self->collect = FALSE;
          else if (is (name, "is"))
            self->in_is = FALSE;
          else if (is (name, "c") && self->in_cell)
            {
              self->in_cell = self->collect = self->in_is = FALSE;
              if (!xlsx_finish_cell (self, error))
                return FALSE;
            }
          else if (is (name, "row") && self->row.n > 0)
            {
              /* (Reset when the next row starts: the row handed out
               * points at its lengths and types.) */
              ot_sheet_row_emit (&self->row, self->number, row);
              return TRUE;
            }
          else if (is (name, "sheetData"))
            self->done = TRUE;
        }
      else if (self->collect && is_text (type))
        {
          g_string_append (self->value, (const char *) xmlTextReaderConstValue (r));
          if (self->value->len > OT_SHEET_MAX_CELL)
            return ot_sheet_reader_cell_too_long (self, error);
        }
    }
  return FALSE;
}
