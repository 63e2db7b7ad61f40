/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-sheet-private.h: what the workbook reader's files share (issue 19).
 * ot-sheet.c (the API: what a file is, its sheets, a sheet's reader)
 * calls ot-sheet-xlsx.c and ot-sheet-ods.c (each format's parts and rows),
 * which call ot-sheet-xml.c (streamed XML parts, the row being built, the
 * texts cells give, the reader's node step and errors).  No file calls
 * back up. */
#pragma once

#include "ot-sheet.h"

#include <gsf/gsf-infile.h>
#include <gsf/gsf-input.h>
#include <libxml/xmlreader.h>
#include <string.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

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

/* A row being built, cell by cell in any order, then handed out. */
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

/* An ODS cell style: what a date cell's precision comes from. */
typedef struct {
  char    *data_style;   /* style:data-style-name, or NULL */
  char    *parent;       /* style:parent-style-name, or NULL */
} CellStyle;

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

/* ---- Small XML helpers ---- */

/* Replaces the string in @slot by a copy of @value (GLib 2.74 has no
 * helper for this). */
static inline void
set_str (char       **slot,
         const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static inline gboolean
is (const xmlChar *name,
    const char    *wanted)
{
  return name != NULL && strcmp ((const char *) name, wanted) == 0;
}

/* Whether @type is text a cell's value is made of. */
static inline gboolean
is_text (int type)
{
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static inline const char *
local_name (xmlTextReaderPtr reader)
{
  return (const char *) xmlTextReaderConstLocalName (reader);
}

/* Walks the current element's attributes (not namespace declarations):
 * for (gboolean ok = attr_first (r); ok; ok = attr_next (r)), then
 * xmlTextReaderMoveToElement (). */
static inline gboolean
attr_skip_namespaces (xmlTextReaderPtr reader,
                      int              ret)
{
  while (ret == 1 && xmlTextReaderIsNamespaceDecl (reader) == 1)
    ret = xmlTextReaderMoveToNextAttribute (reader);
  return ret == 1;
}

static inline gboolean
attr_first (xmlTextReaderPtr reader)
{
  return attr_skip_namespaces (reader, xmlTextReaderMoveToFirstAttribute (reader));
}

static inline gboolean
attr_next (xmlTextReaderPtr reader)
{
  return attr_skip_namespaces (reader, xmlTextReaderMoveToNextAttribute (reader));
}

static inline const char *
attr_value (xmlTextReaderPtr reader)
{
  const char *value = (const char *) xmlTextReaderConstValue (reader);

  return value ? value : "";
}

static inline gboolean
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

/* ---- ot-sheet-xml.c ---- */

guint8 ot_sheet_kind_of (gboolean year,
                         gboolean month,
                         gboolean day,
                         gboolean time);
void ot_sheet_append_number (GString *out,
                             double   number);
void ot_sheet_append_number_text (GString    *out,
                                  const char *text,
                                  double      number);
void ot_sheet_append_time (GString *out,
                           guint64  seconds);
void ot_sheet_append_date (GString *out,
                           int      year,
                           int      month,
                           int      day,
                           guint    seconds,
                           guint8   kind);
gboolean ot_sheet_append_iso_date (GString    *out,
                                   const char *text,
                                   guint8      kind);
void ot_sheet_row_init (RowBuilder *b);
void ot_sheet_row_clear (RowBuilder *b);
void ot_sheet_row_reset (RowBuilder *b);
void ot_sheet_row_set (RowBuilder *b,
                       guint       column,
                       const char *text,
                       gsize       length,
                       OtCellType  type);
void ot_sheet_row_emit (RowBuilder *b,
                        guint       number,
                        OtSheetRow *row);
void ot_sheet_part_clear (XmlPart *part);
GsfInput *ot_sheet_open_member (GsfInfile  *root,
                                const char *path);
gboolean ot_sheet_part_open (XmlPart    *part,
                             GsfInfile  *root,
                             const char *path);
int ot_sheet_part_next (XmlPart  *part,
                        gboolean  skip);
void ot_sheet_part_set_error (XmlPart  *part,
                              GError  **error);
guint ot_sheet_attr_uint (xmlTextReaderPtr  r,
                          const char       *wanted,
                          guint64           max,
                          guint             fallback);
char *ot_sheet_attr_string (xmlTextReaderPtr  r,
                            const char       *wanted);
gboolean ot_sheet_reader_fail (OtSheetReader  *self,
                               GError        **error);
gboolean ot_sheet_reader_cell_too_long (OtSheetReader  *self,
                                        GError        **error);
gboolean ot_sheet_reader_too_many_rows (OtSheetReader  *self,
                                        GError        **error);
gboolean ot_sheet_reader_next_node (OtSheetReader  *self,
                                    int            *type,
                                    const xmlChar **name,
                                    gboolean       *empty,
                                    GError        **error);

/* ---- ot-sheet-xlsx.c ---- */

gboolean ot_sheet_open_xlsx (OtWorkbook  *self,
                             GError     **error);
gboolean ot_sheet_read_shared_strings (OtWorkbook  *self,
                                       GError     **error);
gboolean ot_sheet_xlsx_next (OtSheetReader  *self,
                             OtSheetRow     *row,
                             GError        **error);

/* ---- ot-sheet-ods.c ---- */

void ot_sheet_cell_style_free (gpointer data);
gboolean ot_sheet_read_ods_common_styles (OtWorkbook  *self,
                                          GError     **error);
gboolean ot_sheet_ods_is_encrypted (OtWorkbook *self);
gboolean ot_sheet_read_ods_names (OtWorkbook  *self,
                                  GError     **error);
gboolean ot_sheet_ods_next (OtSheetReader  *self,
                            OtSheetRow     *row,
                            GError        **error);
gboolean ot_sheet_ods_find_table (OtSheetReader  *self,
                                  guint           index,
                                  GError        **error);

G_END_DECLS
