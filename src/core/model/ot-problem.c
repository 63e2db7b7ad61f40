/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-problem.h"
#include "ot-text.h"

#include <glib/gi18n-lib.h>

OtProblem *
ot_problem_new (const char *file,
                guint       line,
                const char *column,
                OtSeverity  severity,
                const char *format,
                ...)
{
  OtProblem *problem;
  va_list args;

  g_return_val_if_fail (format != NULL, NULL);

  problem = g_new0 (OtProblem, 1);
  problem->file = g_strdup (file);
  problem->line = line;
  problem->column = g_strdup (column);
  problem->severity = severity;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  return problem;
}

OtProblem *
ot_problem_copy (const OtProblem *problem)
{
  OtProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (OtProblem, 1);
  copy->file = g_strdup (problem->file);
  copy->sheet = g_strdup (problem->sheet);
  copy->line = problem->line;
  copy->column = g_strdup (problem->column);
  copy->severity = problem->severity;
  copy->message = g_strdup (problem->message);

  return copy;
}

void
ot_problem_set_sheet (OtProblem  *problem,
                      const char *sheet)
{
  g_return_if_fail (problem != NULL);

  g_free (problem->sheet);
  problem->sheet = g_strdup (sheet);
}

void
ot_problem_free (OtProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->file);
  g_free (problem->sheet);
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

char *
ot_problem_to_string (const OtProblem *problem)
{
  const char *severity;
  g_autofree char *text = NULL;

  g_return_val_if_fail (problem != NULL, NULL);

  severity = problem->severity == OT_SEVERITY_ERROR ? _("error") : _("warning");

  if (problem->sheet != NULL && problem->line > 0)
    text = g_strdup_printf ("%s:%s:%u: %s: %s", problem->file ? problem->file : "-",
                            problem->sheet, problem->line, severity, problem->message);
  else if (problem->sheet != NULL)
    text = g_strdup_printf ("%s:%s: %s: %s", problem->file ? problem->file : "-",
                            problem->sheet, severity, problem->message);
  else if (problem->line > 0)
    text = g_strdup_printf ("%s:%u: %s: %s", problem->file ? problem->file : "-",
                            problem->line, severity, problem->message);
  else
    text = g_strdup_printf ("%s: %s: %s", problem->file ? problem->file : "-",
                            severity, problem->message);
  /* Values from the file are in the message: one line, with no control
   * or bidi character left to act on a terminal or reorder the line in
   * the problems list. */
  return ot_text_escape_terminal (text, -1);
}
