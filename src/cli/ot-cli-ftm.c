/* SPDX-License-Identifier: GPL-3.0-or-later */
/* oretrace --export OUT.ftm.json FILE…: the incidents the filters let
 * through as FollowTheMoney entities (docs/exchange-formats.md). */
#include "ot-cli.h"

#include <glib/gi18n-lib.h>

#include "ot-ftm.h"

gboolean
ot_cli_is_ftm_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".ftm.json") || g_str_has_suffix (lower, ".ftm.jsonl");
}

int
ot_cli_export_ftm (const OtCliOptions *options)
{
  g_autoptr(OtDocument) document = NULL;
  g_autoptr(OtFilter) filter = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *mask = NULL;
  OtDataset *dataset;
  guint n, n_included = 0;

  filter = ot_cli_build_filter (options, &error);
  if (filter == NULL)
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 2;
    }
  document = ot_cli_load_document (options, &error);
  if (document == NULL)
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 2;
    }
  dataset = ot_document_get_dataset (document);
  n = ot_dataset_get_n_incidents (dataset);
  if (n == 0)
    {
      ot_cli_printerr_line (_("No incidents to export\n"));
      return 1;
    }
  mask = ot_filter_apply (filter, dataset, NULL);
  for (guint i = 0; i < n; i++)
    n_included += mask[i] != 0;
  if (ot_cli_report_no_match (filter, n, n_included, TRUE))
    return 1;
  file = g_file_new_for_commandline_arg (options->export_path);
  if (!ot_ftm_save (dataset, mask, file, NULL, &error))
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 1;
    }
  return 0;
}
