/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Workbooks (XLSX, ODS) read as rows of cell texts: the container through
 * libgsf, every XML part streamed through xmlTextReader.  What a cell
 * shows is what it gives: numbers to 15 significant digits (what a
 * spreadsheet keeps and shows), dates at the precision of their number
 * format, formulas as their cached values. */
#include "ot-sheet.h"
#include "ot-error.h"
#include "ot-writer.h"

#include <glib/gi18n-lib.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-gio.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

#define ODS_MIMETYPE "application/vnd.oasis.opendocument.spreadsheet"
#define NS_DRAW      "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
/* The shared strings of a workbook, all together. */
#define MAX_STRINGS_BYTES ((gsize) 512 * 1024 * 1024)

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

/* ---- Date kinds ----------------------------------------------------------------------- */

/* How a number format shows a number: as a number, or as a date at a
 * precision, and whether it shows a time of day. */
enum {
  KIND_NUMBER = 0,
  KIND_YEAR = 1,
  KIND_MONTH = 2,
  KIND_DAY = 3,
  KIND_PRECISION = 3,
  KIND_TIME = 4,
};

static guint8
kind_of (gboolean year,
         gboolean month,
         gboolean day,
         gboolean time)
{
  guint8 kind = day ? KIND_DAY : month ? KIND_MONTH : year ? KIND_YEAR : KIND_NUMBER;

  return kind | (time ? KIND_TIME : 0);
}

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
  return kind_of (year, month, day, time);
}

/* ---- Cell texts ----------------------------------------------------------------------- */

/* A number as a spreadsheet shows it at most: 15 significant digits,
 * plain decimal ("0.35" for 0.35000000000000003, "3366000"). */
static void
append_number (GString *out,
               double   number)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.14e", number);
  ot_writer_append_decimal (out, g_ascii_strtod (buf, NULL));
}

/* @number as append_number () writes it, taken from @text, what the file
 * says, when that is already so: a plain decimal of at most 15
 * significant digits without leading or trailing zeros (most cells;
 * formatting and parsing them again costs more than reading the XML). */
static void
append_number_text (GString    *out,
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
  append_number (out, number);
}

static void
append_time (GString *out,
             guint64  seconds)
{
  g_string_append_printf (out, "%02" G_GUINT64_FORMAT ":%02u:%02u", seconds / 3600,
                          (guint) (seconds / 60 % 60), (guint) (seconds % 60));
}

/* A day at the precision of @kind, and the time of day when @kind shows
 * one and it is not midnight. */
static void
append_date (GString *out,
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
      append_time (out, seconds);
    }
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
      append_time (out, (guint64) (days * 86400 + seconds));
      return TRUE;
    }
  g_date_clear (&date, 1);
  if (date1904)
    g_date_set_dmy (&date, 1, 1, 1904);
  else if (days == 60)
    {
      /* Lotus 1-2-3's 29 February 1900, kept by Excel: a day that never was. */
      append_date (out, 1900, 2, 29, (guint) seconds, kind);
      return TRUE;
    }
  else if (days == 0)
    {
      append_date (out, 1900, 1, 0, (guint) seconds, kind);
      return TRUE;
    }
  else
    g_date_set_dmy (&date, days < 60 ? 31 : 30, 12, 1899);
  g_date_add_days (&date, (guint) days);
  append_date (out, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
               (guint) seconds, kind);
  return TRUE;
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
static gboolean
append_iso_date (GString    *out,
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
  append_date (out, year, month, day, seconds, kind ? kind : KIND_DAY | KIND_TIME);
  return TRUE;
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
  append_time (out, (guint64) llround (total));
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

/* ---- A row being built ---------------------------------------------------------------- */

typedef struct {
  GString   *text;      /* the cells' texts, each NUL-terminated; byte 0 is every empty cell's */
  GArray    *offsets;   /* of guint per column: 0 when empty */
  GArray    *lengths;   /* of guint */
  GArray    *types;     /* of OtCellType */
  guint      n;         /* columns up to the last one not empty */
  /* The row as handed out: a copy, which the caller may write into. */
  GString   *out;
  GPtrArray *fields;
} RowBuilder;

static void
row_init (RowBuilder *b)
{
  b->text = g_string_new_len ("", 1);
  b->offsets = g_array_new (FALSE, TRUE, sizeof (guint));
  b->lengths = g_array_new (FALSE, TRUE, sizeof (guint));
  b->types = g_array_new (FALSE, TRUE, sizeof (OtCellType));
  b->out = g_string_new (NULL);
  b->fields = g_ptr_array_new ();
}

static void
row_clear (RowBuilder *b)
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

static void
row_reset (RowBuilder *b)
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
static void
row_set (RowBuilder *b,
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

static void
row_emit (RowBuilder *b,
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

/* ---- XML parts ---------------------------------------------------------------------------- */

/* One XML part of the archive, streamed. */
typedef struct {
  GsfInput         *input;
  char             *name;          /* its path in the archive, for messages */
  guint64           done;          /* bytes unpacked so far */
  guint64           size;
  gboolean          read_failed;   /* the archive could not unpack it */
  gboolean          too_large;
  char             *error;         /* libxml2's first error, or ours */
  int               error_line;
  xmlTextReaderPtr  reader;
} XmlPart;

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

static void
part_clear (XmlPart *part)
{
  g_clear_pointer (&part->reader, xmlFreeTextReader);
  g_clear_object (&part->input);
  g_clear_pointer (&part->name, g_free);
  g_clear_pointer (&part->error, g_free);
}

/* The member at @path ("xl/worksheets/sheet1.xml"), its names matched in
 * any case when not exactly (OPC names are case-insensitive). */
static GsfInput *
open_member (GsfInfile  *root,
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

static gboolean
part_open (XmlPart    *part,
           GsfInfile  *root,
           const char *path)
{
  memset (part, 0, sizeof *part);
  part->input = open_member (root, path);
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
static int
part_next (XmlPart  *part,
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

static void
part_set_error (XmlPart  *part,
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

/* (g_set_str () is GLib 2.76.) */
static void
set_str (char       **slot,
         const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static gboolean
is (const xmlChar *name,
    const char    *wanted)
{
  return name != NULL && strcmp ((const char *) name, wanted) == 0;
}

/* Whether @type is text a cell's value is made of. */
static gboolean
is_text (int type)
{
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static const char *
local_name (xmlTextReaderPtr reader)
{
  return (const char *) xmlTextReaderConstLocalName (reader);
}

/* Walks the current element's attributes (not namespace declarations):
 * for (gboolean ok = attr_first (r); ok; ok = attr_next (r)), then
 * xmlTextReaderMoveToElement (). */
static gboolean
attr_skip_namespaces (xmlTextReaderPtr reader,
                      int              ret)
{
  while (ret == 1 && xmlTextReaderIsNamespaceDecl (reader) == 1)
    ret = xmlTextReaderMoveToNextAttribute (reader);
  return ret == 1;
}

static gboolean
attr_first (xmlTextReaderPtr reader)
{
  return attr_skip_namespaces (reader, xmlTextReaderMoveToFirstAttribute (reader));
}

static gboolean
attr_next (xmlTextReaderPtr reader)
{
  return attr_skip_namespaces (reader, xmlTextReaderMoveToNextAttribute (reader));
}

static const char *
attr_value (xmlTextReaderPtr reader)
{
  const char *value = (const char *) xmlTextReaderConstValue (reader);

  return value ? value : "";
}

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  guint64 n = 0;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  for (; g_ascii_isdigit (*text); text++)
    {
      n = n * 10 + (guint64) (*text - '0');
      if (n > max)
        return FALSE;
    }
  *out = n;
  return *text == '\0';
}

/* ---- The workbook ---------------------------------------------------------------------- */

typedef struct {
  char    *data_style;   /* style:data-style-name, or NULL */
  char    *parent;       /* style:parent-style-name, or NULL */
} CellStyle;

static void
cell_style_free (gpointer data)
{
  CellStyle *style = data;

  g_free (style->data_style);
  g_free (style->parent);
  g_free (style);
}

struct _OtWorkbook {
  OtWorkbookKind  kind;
  GsfInput       *source;
  GsfInfile      *zip;
  GPtrArray      *names;          /* of char *: the worksheets in order */
  GPtrArray      *parts;          /* XLSX: each one's part */
  gboolean        names_read;     /* ODS: every name read */
  /* XLSX */
  gboolean        date1904;
  GByteArray     *xf_kinds;       /* per cell format (cellXfs): a KIND_ */
  char           *strings_part;   /* the shared strings' part, or NULL */
  gboolean        strings_read;
  GString        *strings;        /* each NUL-terminated */
  GArray         *string_offsets; /* of gsize: each string's, then the end */
  /* ODS: the styles of styles.xml (content.xml's are each reader's) */
  GHashTable     *data_styles;    /* name → a KIND_ (GUINT_TO_POINTER (kind + 1)) */
  GHashTable     *cell_styles;    /* name → CellStyle */
};

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
  g_autoptr(GsfInput) input = open_member (zip, path);
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

  if (!part_open (&part, self->zip, path))
    return rels;
  while ((ret = part_next (&part, FALSE)) == 1)
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
      part_set_error (&part, error);
      g_clear_pointer (&rels, g_ptr_array_unref);
    }
  part_clear (&part);
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

  if (!part_open (&part, self->zip, path))
    return TRUE;
  while ((ret = part_next (&part, FALSE)) == 1)
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
    part_set_error (&part, error);
  part_clear (&part);
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

  if (!part_open (&part, self->zip, path))
    return TRUE;
  while ((ret = part_next (&part, FALSE)) == 1)
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
    part_set_error (&part, error);
  part_clear (&part);
  return ret >= 0;
}

static gboolean
open_xlsx (OtWorkbook  *self,
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
  found = open_member (self->zip, workbook);
  if (found == NULL || !g_str_has_suffix (workbook, ".xml"))
    {
      g_autoptr(GsfInput) binary = open_member (self->zip, "xl/workbook.bin");

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
static gboolean
read_shared_strings (OtWorkbook  *self,
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
  if (self->strings_part == NULL || !part_open (&part, self->zip, self->strings_part))
    {
      end = 0;
      g_array_append_val (self->string_offsets, end);
      return TRUE;
    }
  while ((ret = part_next (&part, skip)) == 1)
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
                  part_clear (&part);
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
              part_clear (&part);
              return FALSE;
            }
        }
    }
  if (ret < 0)
    part_set_error (&part, error);
  part_clear (&part);
  end = self->strings->len;
  g_array_append_val (self->string_offsets, end);
  return ret >= 0;
}

/* ---- ODS styles ------------------------------------------------------------------------- */

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

  while ((ret = part_next (part, FALSE)) == 1)
    {
      int type = xmlTextReaderNodeType (r);
      const xmlChar *name = xmlTextReaderConstLocalName (r);

      if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (xmlTextReaderDepth (r) <= depth)
            break;
          if (date_style != NULL && is (name, "date-style"))
            {
              guint8 kind = kind_of (year, month, day, time);

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
static gboolean
read_ods_common_styles (OtWorkbook  *self,
                        GError     **error)
{
  XmlPart part;
  int ret;

  if (!part_open (&part, self->zip, "styles.xml"))
    return TRUE;
  while ((ret = part_next (&part, FALSE)) == 1)
    if (xmlTextReaderNodeType (part.reader) == XML_READER_TYPE_ELEMENT &&
        is (xmlTextReaderConstLocalName (part.reader), "styles") &&
        !xmlTextReaderIsEmptyElement (part.reader))
      {
        ret = read_ods_styles (&part, xmlTextReaderDepth (part.reader), self->data_styles,
                               self->cell_styles);
        break;
      }
  if (ret < 0)
    part_set_error (&part, error);
  part_clear (&part);
  return ret >= 0;
}

/* An encrypted ODS file says so in its manifest. */
static gboolean
ods_is_encrypted (OtWorkbook *self)
{
  XmlPart part;
  gboolean encrypted = FALSE;

  if (!part_open (&part, self->zip, "META-INF/manifest.xml"))
    return FALSE;
  while (!encrypted && part_next (&part, FALSE) == 1)
    encrypted = xmlTextReaderNodeType (part.reader) == XML_READER_TYPE_ELEMENT &&
                is (xmlTextReaderConstLocalName (part.reader), "encryption-data");
  part_clear (&part);
  return encrypted;
}

/* The names of the tables of content.xml, read through once. */
static gboolean
read_ods_names (OtWorkbook  *self,
                GError     **error)
{
  XmlPart part;
  int ret, sheet_depth = -1;
  gboolean skip = FALSE;

  if (self->names_read)
    return TRUE;
  if (!part_open (&part, self->zip, "content.xml"))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("the workbook is damaged: it has no content.xml"));
      return FALSE;
    }
  g_ptr_array_set_size (self->names, 0);
  while ((ret = part_next (&part, skip)) == 1)
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
    part_set_error (&part, error);
  part_clear (&part);
  self->names_read = ret >= 0;
  return ret >= 0;
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
  self->cell_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cell_style_free);
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
      if (ods_is_encrypted (self))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                       _("the workbook is encrypted (it needs a password to open): save a copy "
                         "without the password"));
          return NULL;
        }
      if (!read_ods_common_styles (self, error))
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
  if (!open_xlsx (self, error))
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

  if (self->kind == OT_WORKBOOK_ODS && !read_ods_names (self, error))
    return 0;
  return self->names->len;
}

const char *
ot_workbook_get_sheet_name (OtWorkbook *self,
                            guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == OT_WORKBOOK_ODS && !read_ods_names (self, NULL))
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

/* ---- Reading a sheet ------------------------------------------------------------------------ */

struct _OtSheetReader {
  OtWorkbook  *workbook;
  XmlPart      part;
  RowBuilder   row;
  GString     *value;          /* the text of the cell being read */
  guint        number;         /* the row being read */
  guint        next_row;       /* the number the next row has unless it says */
  guint        column;         /* the next cell's column, from 0 */
  gboolean     done;
  gboolean     failed;
  gboolean     skip;           /* the next node is read past the current one's children */
  /* XLSX: the cell being read */
  gboolean     in_data, in_cell, in_is, collect;
  char         cell_type;      /* 'n' number, 's' shared, 'i' inline, 'f' formula string,
                                * 'b', 'e', 'd' */
  guint        cell_style;
  /* ODS */
  int          table_depth;
  guint        repeat;         /* copies of the last row still to hand out */
  GPtrArray   *column_styles;  /* per column: its default cell style, or NULL */
  char        *row_style;      /* the row's default cell style */
  GHashTable  *data_styles, *cell_styles;   /* content.xml's automatic styles */
  GString     *attr_value, *attr_date, *attr_time, *attr_bool, *attr_string, *attr_style;
  char         ods_type;       /* 'f' float (percentage, currency), 'd' date, 't' time,
                                * 'b' boolean, 's' string, 'e' error, 0 none */
  gboolean     has_string;     /* office:string-value given */
  guint        columns_repeated;
  guint        rows_repeated;
  guint        paragraphs;
  gboolean     in_p;
  char        *name;           /* the sheet's */
};

void
ot_sheet_reader_free (OtSheetReader *self)
{
  if (self == NULL)
    return;
  part_clear (&self->part);
  row_clear (&self->row);
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

static gboolean
fail (OtSheetReader  *self,
      GError        **error)
{
  self->done = self->failed = TRUE;
  part_set_error (&self->part, error);
  return FALSE;
}

static gboolean
cell_too_long (OtSheetReader  *self,
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

static gboolean
row_number_too_large (OtSheetReader  *self,
                      GError        **error)
{
  self->done = self->failed = TRUE;
  g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
               _("the sheet has rows past row %u, the most a sheet has; it is read no further"),
               OT_SHEET_MAX_ROWS);
  return FALSE;
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
      row_set (&self->row, self->column, text, strlen (text), OT_CELL_TEXT);
      return;
    }
  g_string_truncate (scratch, 0);
  if (kind != KIND_NUMBER && append_serial (scratch, number, kind, self->workbook->date1904))
    row_set (&self->row, self->column, scratch->str, scratch->len, OT_CELL_DATE);
  else
    {
      g_string_truncate (scratch, 0);
      append_number_text (scratch, text, number);
      row_set (&self->row, self->column, scratch->str, scratch->len, OT_CELL_NUMBER);
    }
}

static void
set_text (OtSheetReader *self,
          const char    *text,
          gsize          length,
          OtCellType     type)
{
  row_set (&self->row, self->column, text, length, type);
}

/* The next node of the sheet's XML (past the current one's children when
 * a step asked so): TRUE with its type, local name and whether it is an
 * empty element; FALSE at the end, or with *@error set when the part is
 * damaged. */
static gboolean
next_node (OtSheetReader  *self,
           int            *type,
           const xmlChar **name,
           gboolean       *empty,
           GError        **error)
{
  xmlTextReaderPtr r = self->part.reader;
  int ret = part_next (&self->part, self->skip);

  self->skip = FALSE;
  if (ret < 0)
    return fail (self, error);
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

/* ---- XLSX sheets ---- */

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
        if (append_iso_date (scratch, g_strstrip (value->str), kind))
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

static gboolean
xlsx_next (OtSheetReader  *self,
           OtSheetRow     *row,
           GError        **error)
{
  xmlTextReaderPtr r = self->part.reader;
  const xmlChar *name;
  gboolean empty;
  int type;

  while (!self->done && next_node (self, &type, &name, &empty, error))
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
                return row_number_too_large (self, error);
              self->number = (guint) number;
              self->next_row = self->number + 1;
              self->column = 0;
              row_reset (&self->row);
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
              row_emit (&self->row, self->number, row);
              return TRUE;
            }
          else if (is (name, "sheetData"))
            self->done = TRUE;
        }
      else if (self->collect && is_text (type))
        {
          g_string_append (self->value, (const char *) xmlTextReaderConstValue (r));
          if (self->value->len > OT_SHEET_MAX_CELL)
            return cell_too_long (self, error);
        }
    }
  return FALSE;
}

/* ---- ODS sheets ---- */

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
            append_number_text (scratch, self->attr_value->str, number);
            text = scratch->str, length = scratch->len, type = OT_CELL_NUMBER;
          }
        break;
      }
    case 'd':
      if (append_iso_date (scratch, self->attr_date->str, ods_date_kind (self)))
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
    row_set (&self->row, first + i, text, length, type);
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

static guint
attr_uint (xmlTextReaderPtr  r,
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

static char *
attr_string (xmlTextReaderPtr  r,
             const char       *wanted)
{
  char *value = NULL;

  for (gboolean ok = attr_first (r); ok; ok = attr_next (r))
    if (strcmp (local_name (r), wanted) == 0)
      set_str (&value, attr_value (r));
  xmlTextReaderMoveToElement (r);
  return value;
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
      guint n = attr_uint (r, "c", OT_SHEET_MAX_CELL, 1);

      for (guint i = 0; i < n && self->value->len <= OT_SHEET_MAX_CELL; i++)
        g_string_append_c (self->value, ' ');
    }
  else if (self->in_p && is (name, "tab"))
    g_string_append_c (self->value, '\t');
  else if (self->in_p && is (name, "line-break"))
    g_string_append_c (self->value, '\n');
}

static gboolean
ods_next (OtSheetReader  *self,
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
      row_emit (&self->row, ++self->number, row);
      return TRUE;
    }
  while (!self->done && next_node (self, &type, &name, &empty, error))
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

              self->rows_repeated = attr_uint (r, "number-rows-repeated", OT_SHEET_MAX_ROWS, 1);
              g_free (self->row_style);
              self->row_style = attr_string (r, "default-cell-style-name");
              self->number = self->next_row;
              self->column = 0;
              row_reset (&self->row);
              self->next_row = (guint) MIN (next + self->rows_repeated, (guint64) OT_SHEET_MAX_ROWS + 1);
              if (empty)
                g_clear_pointer (&self->row_style, g_free);
            }
          else if (is (name, "table-column"))
            {
              guint n = attr_uint (r, "number-columns-repeated", OT_SHEET_MAX_COLUMNS, 1);
              g_autofree char *style = attr_string (r, "default-cell-style-name");

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
                    return row_number_too_large (self, error);
                  self->repeat = self->rows_repeated - 1;
                  row_emit (&self->row, self->number, row);
                  return TRUE;
                }
            }
          else if (is (name, "table") && xmlTextReaderDepth (r) == self->table_depth)
            self->done = TRUE;
        }
      else if (self->in_p && is_text (type))
        ods_append_text (self, (const char *) xmlTextReaderConstValue (r));
      if (self->in_cell && self->value->len > OT_SHEET_MAX_CELL)
        return cell_too_long (self, error);
    }
  return FALSE;
}

/* Reads content.xml up to the start of table @index, its automatic
 * styles on the way. */
static gboolean
ods_find_table (OtSheetReader  *self,
                guint           index,
                GError        **error)
{
  xmlTextReaderPtr r = self->part.reader;
  int ret, sheet_depth = -1;
  guint seen = 0;

  while ((ret = part_next (&self->part, self->skip)) == 1)
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
          self->name = attr_string (r, "name");
          self->table_depth = xmlTextReaderDepth (r);
          self->done = xmlTextReaderIsEmptyElement (r);
          return TRUE;
        }
    }
  if (ret < 0)
    return fail (self, error);
  g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("the workbook has no sheet %u"), index + 1);
  return FALSE;
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
  row_init (&reader->row);

  if (self->kind == OT_WORKBOOK_XLSX)
    {
      if (index >= self->names->len)
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("the workbook has no sheet %u"), index + 1);
          return NULL;
        }
      if (!read_shared_strings (self, error))
        return NULL;
      part = self->parts->pdata[index];
      reader->name = g_strdup (self->names->pdata[index]);
      if (!part_open (&reader->part, self->zip, part))
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
  reader->cell_styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cell_style_free);
  for (GString **s = &reader->attr_value; s <= &reader->attr_style; s++)
    *s = g_string_new (NULL);
  if (!part_open (&reader->part, self->zip, "content.xml"))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("the workbook is damaged: it has no content.xml"));
      return NULL;
    }
  if (!ods_find_table (reader, index, error))
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
  return self->workbook->kind == OT_WORKBOOK_XLSX ? xlsx_next (self, row, error)
                                                  : ods_next (self, row, error);
}
