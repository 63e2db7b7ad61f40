/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-problem.h: one thing wrong with the input, with where it is. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  OT_SEVERITY_WARNING,
  OT_SEVERITY_ERROR,
} OtSeverity;

typedef struct {
  char       *file;     /* display path of the input file */
  char       *sheet;    /* a workbook's sheet; NULL for a text file */
  guint       line;     /* 1-based (a sheet's row); 0 when the whole file (sheet) */
  char       *column;   /* CSV column or JSON key; NULL when none */
  OtSeverity  severity;
  char       *message;  /* e.g. unknown country "Thailnd" in column origin */
} OtProblem;

OtProblem  *ot_problem_new      (const char *file,
                                 guint       line,
                                 const char *column,
                                 OtSeverity  severity,
                                 const char *format,
                                 ...) G_GNUC_PRINTF (5, 6);
OtProblem  *ot_problem_copy     (const OtProblem *problem);
/* Locates @problem in a workbook's @sheet (NULL: none). */
void        ot_problem_set_sheet (OtProblem  *problem,
                                  const char *sheet);
void        ot_problem_free     (OtProblem  *problem);
/* "FILE:LINE: severity: message" ("FILE:SHEET:ROW: …" in a workbook), on one line: control, invisible and
 * bidi characters escaped as ot_text_escape_terminal () does. */
char       *ot_problem_to_string (const OtProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtProblem, ot_problem_free)

G_END_DECLS
