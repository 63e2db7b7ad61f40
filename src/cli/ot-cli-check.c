/* SPDX-License-Identifier: GPL-3.0-or-later */
/* oretrace --check FILE…: validates incident files and trade statistics
 * without a window. */
#include "ot-cli.h"
#include "ot-loader.h"

#include <glib/gi18n-lib.h>

static int
compare_problems (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  GHashTable *file_order = data;
  const OtProblem *pa = *(const OtProblem **) a;
  const OtProblem *pb = *(const OtProblem **) b;
  guint fa = GPOINTER_TO_UINT (g_hash_table_lookup (file_order, pa->file ? pa->file : ""));
  guint fb = GPOINTER_TO_UINT (g_hash_table_lookup (file_order, pb->file ? pb->file : ""));

  if (fa != fb)
    return fa < fb ? -1 : 1;
  return (pa->line > pb->line) - (pa->line < pb->line);
}

/* Problems by file (in load order), then line; the sort is stable. */
static GPtrArray *
sorted_problems (OtDataset *dataset)
{
  GPtrArray *problems = ot_dataset_get_problems (dataset);
  const char * const *files = ot_dataset_get_files (dataset);
  GPtrArray *sorted = g_ptr_array_new ();
  g_autoptr(GHashTable) file_order = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; files[i] != NULL; i++)
    if (!g_hash_table_contains (file_order, files[i]))
      g_hash_table_insert (file_order, (gpointer) files[i], GUINT_TO_POINTER (i + 1));

  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (sorted, problems->pdata[i]);
  g_ptr_array_sort_with_data (sorted, compare_problems, file_order);
  return sorted;
}

int
ot_cli_check (const OtCliOptions *options)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  guint n_errors, n_warnings, n_files = 0;
  const char * const *loaded;

  g_return_val_if_fail (options != NULL, 2);

  for (guint i = 0; options->files && options->files[i]; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (options->files[i]));

  dataset = ot_loader_load_files ((GFile **) files->pdata, files->len, NULL, NULL, NULL, &error);
  if (dataset == NULL)
    {
      ot_cli_printerr_line ("%s", error->message);
      return 2;
    }

  problems = sorted_problems (dataset);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = ot_problem_to_string (problems->pdata[i]);
      ot_cli_print_line ("%s", line);
    }

  loaded = ot_dataset_get_files (dataset);
  while (loaded[n_files] != NULL)
    n_files++;
  n_errors = ot_dataset_count_problems (dataset, OT_SEVERITY_ERROR);
  n_warnings = ot_dataset_count_problems (dataset, OT_SEVERITY_WARNING);

  /* Trade statistics: their rows per mineral and reporter, and a
   * summary line that counts them too. */
  ot_cli_print_trade (dataset);
  if (ot_dataset_get_trade (dataset) != NULL)
    /* TRANSLATORS: the summary line of --check when trade statistics were read. */
    ot_cli_print_line (_("files: %u, incidents loaded: %u, trade rows loaded: %u, rows skipped: %u, "
                         "errors: %u, warnings: %u\n"),
                       n_files, ot_dataset_get_n_incidents (dataset), ot_cli_trade_rows (dataset),
                       ot_dataset_get_n_rejected (dataset), n_errors, n_warnings);
  else
    /* TRANSLATORS: the summary line of --check.  Every line above it is
     * escaped (ot_cli_print_line ()): no value can end a line early and
     * print a summary line of its own. */
    ot_cli_print_line (_("files: %u, incidents loaded: %u, rows skipped: %u, errors: %u, warnings: %u\n"),
                       n_files, ot_dataset_get_n_incidents (dataset),
                       ot_dataset_get_n_rejected (dataset), n_errors, n_warnings);

  return n_errors > 0 ? 1 : 0;
}
