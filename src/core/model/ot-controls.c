/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-controls.h"
#include "ot-csv.h"
#include "ot-data.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef enum {
  COL_ID,
  COL_EFFECTIVE,
  COL_MINERALS,
  COL_INSTRUMENT,
  COL_SUMMARY,
  COL_STATUS,
  COL_SOURCE,
  N_COLS
} Column;

static const char * const column_names[N_COLS] = {
  "id", "effective", "minerals", "instrument", "summary", "status", "source",
};

/* Columns a file must have; the others may be left out. */
static const gboolean column_required[N_COLS] = { TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, FALSE };

void
ot_control_free (OtControl *control)
{
  if (control == NULL)
    return;
  g_free (control->id);
  g_free (control->instrument);
  g_free (control->summary);
  g_free (control->status);
  g_free (control->source);
  g_free (control);
}

char *
ot_control_label (const OtControl *control)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (control != NULL, NULL);

  for (guint i = 0; i < control->n_minerals; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, ot_mineral_symbol (control->minerals[i]));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
ot_control_covers (const OtControl *control,
                   OtMineral        mineral)
{
  g_return_val_if_fail (control != NULL, FALSE);

  for (guint i = 0; i < control->n_minerals; i++)
    if (control->minerals[i] == mineral)
      return TRUE;
  return FALSE;
}

static const char *
field (const OtCsvRow *row,
       const int      *index,
       Column          column)
{
  int i = index[column];

  if (i < 0 || (guint) i >= row->n_fields || row->fields[i][0] == '\0')
    return NULL;
  return row->fields[i];
}

static gboolean
read_minerals (OtControl  *control,
               const char *text,
               char      **bad)
{
  g_auto(GStrv) names = g_strsplit (text, ";", -1);

  for (guint i = 0; names[i]; i++)
    {
      OtMineral mineral;

      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      if (!ot_mineral_parse (names[i], &mineral))
        {
          *bad = g_strdup (names[i]);
          return FALSE;
        }
      if (control->n_minerals < OT_CONTROL_MAX_MINERALS && !ot_control_covers (control, mineral))
        control->minerals[control->n_minerals++] = mineral;
    }
  return TRUE;
}

/* One data row into a control; NULL (and a problem) when it is bad. */
static OtControl *
read_row (const OtCsvRow *row,
          const int      *index,
          const char     *name,
          GPtrArray      *problems)
{
  g_autoptr(OtControl) control = g_new0 (OtControl, 1);
  g_autofree char *bad = NULL;
  const char *effective = field (row, index, COL_EFFECTIVE);
  const char *minerals = field (row, index, COL_MINERALS);
  OtProblem *problem = NULL;

  control->id = g_strdup (field (row, index, COL_ID));
  if (row->error)
    problem = ot_problem_new (name, row->error_line, NULL, OT_SEVERITY_ERROR, "%s", row->error);
  else if (control->id == NULL)
    problem = ot_problem_new (name, row->line, "id", OT_SEVERITY_ERROR, _("no id"));
  else if (effective == NULL || !ot_date_parse (effective, &control->effective, NULL) ||
           control->effective.precision == OT_DATE_NONE)
    problem = ot_problem_new (name, row->line, "effective", OT_SEVERITY_ERROR,
                              _("“%s” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                              effective ? effective : "");
  else if (minerals == NULL)
    problem = ot_problem_new (name, row->line, "minerals", OT_SEVERITY_ERROR, _("no mineral"));
  else if (!read_minerals (control, minerals, &bad))
    problem = ot_problem_new (name, row->line, "minerals", OT_SEVERITY_ERROR,
                              _("unknown mineral “%s”"), bad);
  if (problem)
    {
      if (problems)
        g_ptr_array_add (problems, problem);
      else
        ot_problem_free (problem);
      return NULL;
    }

  control->day = ot_date_first_day (&control->effective);
  control->instrument = g_strdup (field (row, index, COL_INSTRUMENT));
  control->summary = g_strdup (field (row, index, COL_SUMMARY));
  control->status = g_strdup (field (row, index, COL_STATUS));
  control->source = g_strdup (field (row, index, COL_SOURCE));
  return g_steal_pointer (&control);
}

static gint
compare_day (gconstpointer a,
             gconstpointer b)
{
  const OtControl *x = *(OtControl * const *) a, *y = *(OtControl * const *) b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return strcmp (x->id, y->id);
}

GPtrArray *
ot_controls_parse (const char  *data,
                   gsize        length,
                   const char  *name,
                   GPtrArray   *problems,
                   GError     **error)
{
  g_autoptr(OtCsvReader) reader = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  int index[N_COLS];
  OtCsvRow row;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  reader = ot_csv_reader_new (data ? data : "", length, OT_CSV_SKIP_COMMENTS);
  if (!ot_csv_reader_next (reader, &row))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("%s: empty file"), name);
      return NULL;
    }

  for (guint c = 0; c < N_COLS; c++)
    {
      index[c] = -1;
      for (guint i = 0; i < row.n_fields; i++)
        if (g_ascii_strcasecmp (g_strstrip (row.fields[i]), column_names[c]) == 0)
          index[c] = i;
      if (index[c] < 0 && column_required[c])
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       _("%s:%u: no column “%s” in the header"), name, row.line, column_names[c]);
          return NULL;
        }
    }

  controls = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_control_free);
  while (ot_csv_reader_next (reader, &row))
    {
      OtControl *control = read_row (&row, index, name, problems);

      if (control)
        g_ptr_array_add (controls, control);
    }
  g_ptr_array_sort (controls, compare_day);
  return g_steal_pointer (&controls);
}

GPtrArray *
ot_controls_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = ot_data_lookup ("controls.csv", error);
  gsize length;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  return ot_controls_parse (data, length, "controls.csv", NULL, error);
}
