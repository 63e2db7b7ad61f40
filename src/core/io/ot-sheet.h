/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-sheet.h: spreadsheet workbooks read as rows of cell texts (issue 19):
 * Office Open XML (XLSX, as Excel, LibreOffice and libxlsxwriter write it)
 * and OpenDocument spreadsheets (ODS).  The ZIP container is read by
 * libgsf, the XML streamed by libxml2's xmlTextReader, so that a sheet of
 * 100,000 rows is never a tree in memory.  Knows nothing of incidents:
 * ot-loader-sheet.c reads the rows as the CSV reader's
 * (docs/incident-format.md, "Workbooks"). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  OT_WORKBOOK_XLSX,
  OT_WORKBOOK_ODS,
} OtWorkbookKind;

/* What a cell held; its text is always given, as below. */
typedef enum {
  OT_CELL_EMPTY,
  OT_CELL_TEXT,      /* as typed, exactly ("0012", "8110.10") */
  OT_CELL_NUMBER,    /* to 15 significant digits, plain decimal ("0.35", "3366000") */
  OT_CELL_DATE,      /* ISO at the precision its number format shows: "2024-07-15",
                      * "2024-07", "2024"; a time of day after a blank when it is not
                      * midnight ("2024-07-15 14:30:00"), a time alone "14:30:00" */
  OT_CELL_BOOLEAN,   /* "TRUE" or "FALSE" */
  OT_CELL_ERROR,     /* a formula's error value as shown ("#N/A", "#DIV/0!") */
} OtCellType;

/* One row that has at least one cell that is not empty. */
typedef struct {
  guint              row;       /* the sheet's row number, from 1 */
  guint              n_cells;   /* up to the last cell that is not empty */
  char             **cells;     /* NUL-terminated, "" when empty; writable;
                                 * valid until the next row */
  const guint       *lengths;
  const OtCellType  *types;
} OtSheetRow;

/* Columns of a sheet (XFD, the last of Excel's); cells to their right are
 * not read. */
#define OT_SHEET_MAX_COLUMNS 16384
/* Rows of a sheet (LibreOffice's largest); a row numbered past it stops
 * the reading with an error. */
#define OT_SHEET_MAX_ROWS    16777216u
/* Text in one cell (as OT_LOADER_MAX_FIELD). */
#define OT_SHEET_MAX_CELL    ((gsize) 1024 * 1024)
/* XML of one part unpacked (a sheet, the shared strings): beyond it the
 * archive is taken for a ZIP bomb. */
#define OT_SHEET_MAX_XML     ((guint64) 2 * 1024 * 1024 * 1024)

typedef struct _OtWorkbook OtWorkbook;
typedef struct _OtSheetReader OtSheetReader;

/* Whether @data starts like a ZIP archive or an OLE2 compound file (an
 * old Office document, or an encrypted new one): then it is no text file,
 * and ot_workbook_open_data () says what it is. */
gboolean        ot_workbook_sniff          (const char     *data,
                                            gsize           length);
/* Opens a workbook held in memory (@data must outlive it).  NULL with an
 * OT_ERROR saying why in words for the user when it is not one (another
 * archive, an .xls file, an encrypted workbook) or is damaged. */
OtWorkbook     *ot_workbook_open_data      (const char     *data,
                                            gsize           length,
                                            GError        **error);
/* The same for a file, read as needed (the window's sheet chooser). */
OtWorkbook     *ot_workbook_open_file      (GFile          *file,
                                            GCancellable   *cancellable,
                                            GError        **error);
void            ot_workbook_free           (OtWorkbook     *self);

OtWorkbookKind  ot_workbook_get_kind       (OtWorkbook     *self);
/* The worksheets in the workbook's order (chart sheets left out).  An
 * ODS file's names are read from the whole of its content on first use;
 * 0 (with *@error set) when it cannot be. */
guint           ot_workbook_get_n_sheets   (OtWorkbook     *self,
                                            GError        **error);
const char     *ot_workbook_get_sheet_name (OtWorkbook     *self,
                                            guint           index);
/* @wanted is a sheet's name (exactly, else in any case) or, when no sheet
 * is called that, its number from 1 ("2": the second sheet). */
gboolean        ot_workbook_find_sheet     (OtWorkbook     *self,
                                            const char     *wanted,
                                            guint          *index);
/* The sheet names joined for a message: "Incidents, Flows, Notes". */
char           *ot_workbook_list_sheets    (OtWorkbook     *self);

OtSheetReader  *ot_workbook_read_sheet     (OtWorkbook     *self,
                                            guint           index,
                                            GError        **error);
/* The sheet's name. */
const char     *ot_sheet_reader_get_name   (OtSheetReader  *self);
/* The next row that is not empty: FALSE at the end, or with *@error set
 * when the sheet cannot be read on (damaged; the rows before are good). */
gboolean        ot_sheet_reader_next       (OtSheetReader  *self,
                                            OtSheetRow     *row,
                                            GError        **error);
/* Bytes of the sheet's XML read, and its size. */
void            ot_sheet_reader_get_progress (OtSheetReader *self,
                                              guint64       *done,
                                              guint64       *total);
void            ot_sheet_reader_free       (OtSheetReader  *self);

/* A column's letters: 0 → "A", 27 → "AB". */
void            ot_sheet_column_name       (guint           column,
                                            char            out[4]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtWorkbook, ot_workbook_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtSheetReader, ot_sheet_reader_free)

G_END_DECLS
