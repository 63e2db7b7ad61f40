/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-reimport: how long a re-import takes (issue 17, docs/performance.md
 * "Re-import").  Loads CASE as the case and UPDATED as its file's new
 * version (both under the one name "incidents.csv", as a re-import of the
 * same file reads them), then times the diff, Apply, Undo and Redo, REPS
 * times (Undo between them).
 *
 *   bench-reimport CASE.csv UPDATED.csv [REPS] */
#include "ot-document.h"
#include "ot-loader.h"
#include "ot-reimport.h"

#include <stdio.h>
#include <stdlib.h>

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static OtDataset *
load_as (const char *path,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;
  OtDataset *ds = ot_dataset_new ();

  if (!g_file_get_contents (path, &text, &length, &error) ||
      !ot_loader_load_data (ds, name, text, length, NULL, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      exit (1);
    }
  ot_dataset_add_file (ds, name);
  return ds;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(OtDataset) case_ds = NULL;
  g_autoptr(OtDataset) updated = NULL;
  g_autoptr(OtDocument) doc = NULL;
  guint reps = argc > 3 ? (guint) atoi (argv[3]) : 3;
  gint64 start;

  if (argc < 3)
    {
      g_printerr ("usage: bench-reimport CASE.csv UPDATED.csv [REPS]\n");
      return 2;
    }
  case_ds = load_as (argv[1], "incidents.csv");
  start = g_get_monotonic_time ();
  updated = load_as (argv[2], "incidents.csv");
  printf ("load updated: %.3f s (%u incidents; case %u)\n", seconds_since (start),
          ot_dataset_get_n_incidents (updated), ot_dataset_get_n_incidents (case_ds));
  doc = ot_document_new (case_ds);

  for (guint r = 0; r < reps; r++)
    {
      g_autoptr(OtReimport) diff = NULL;
      g_autoptr(GError) error = NULL;
      double t_diff, t_apply, t_undo, t_redo;

      start = g_get_monotonic_time ();
      diff = ot_reimport_diff (ot_document_get_dataset (doc), updated, NULL, &error);
      t_diff = seconds_since (start);
      start = g_get_monotonic_time ();
      if (!ot_reimport_apply (diff, doc, &error))
        {
          g_printerr ("apply: %s\n", error->message);
          return 1;
        }
      t_apply = seconds_since (start);
      start = g_get_monotonic_time ();
      ot_document_undo (doc);
      t_undo = seconds_since (start);
      start = g_get_monotonic_time ();
      ot_document_redo (doc);
      t_redo = seconds_since (start);
      ot_document_undo (doc);
      printf ("%u added, %u changed, %u removed, %u unchanged: diff %.3f s, apply %.3f s, "
              "undo %.3f s, redo %.3f s\n",
              ot_reimport_count (diff, OT_REIMPORT_ADDED), ot_reimport_count (diff, OT_REIMPORT_CHANGED),
              ot_reimport_count (diff, OT_REIMPORT_REMOVED), ot_reimport_get_n_unchanged (diff),
              t_diff, t_apply, t_undo, t_redo);
    }
  return 0;
}
