/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Everything a load gave, as text: every incident (file, line and its
 * JSON), every problem in order, the rejected count.  Two loads that
 * must agree are compared through it. */
#pragma once

#include "ot-dataset.h"
#include "ot-writer.h"

static inline char *
ot_test_describe_dataset (OtDataset *ds)
{
  GString *out = g_string_new (NULL);
  GPtrArray *problems = ot_dataset_get_problems (ds);

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);

      g_string_append_printf (out, "%s:%u ", incident->file, incident->line);
      ot_writer_json_record (out, incident, FALSE);
      g_string_append_c (out, '\n');
      g_assert_cmpint (ot_dataset_find (ds, incident->id), ==, (gint) i);
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *p = problems->pdata[i];

      g_string_append_printf (out, "%s:%u %d %s %s\n", p->file, p->line, p->severity,
                              p->column ? p->column : "-", p->message);
    }
  g_string_append_printf (out, "rejected %u\n", ot_dataset_get_n_rejected (ds));
  return g_string_free (out, FALSE);
}
