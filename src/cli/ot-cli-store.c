/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The team store's commands (issue 21, docs/team-store.md):
 *   oretrace --init-store ADDRESS          creates or migrates a store
 *   oretrace --upload-case ADDRESS FILE…   a case (or incident files) into it
 *   oretrace --save-store ADDRESS OUT      its case as a case file
 * ADDRESS is a postgresql:// URL, libpq "key=value" parameters or a
 * service name. */
#include "ot-cli.h"

#include <glib/gi18n-lib.h>

#include "ot-case.h"
#include "ot-store.h"
#include "ot-trade.h"

static OtStore *
connect_store (const char *address,
               gboolean    needs_current)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtStore) store = ot_store_connect (address, NULL, &error);

  if (store == NULL)
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return NULL;
    }
  if (!needs_current)
    return g_steal_pointer (&store);
  if (ot_store_get_version (store) == 0)
    {
      ot_cli_printerr_line (_("There is no Oretrace store at “%s” (or you may not read it); "
                              "create one with oretrace --init-store\n"),
                            ot_store_get_display_name (store));
      return NULL;
    }
  if (ot_store_get_version (store) < OT_STORE_VERSION)
    {
      ot_cli_printerr_line (_("The store at “%s” has an older schema (version %d): "
                              "migrate it with oretrace --init-store\n"),
                            ot_store_get_display_name (store), ot_store_get_version (store));
      return NULL;
    }
  return g_steal_pointer (&store);
}

static int
init_store (const OtCliOptions *options)
{
  g_autoptr(OtStore) store = connect_store (options->init_store, FALSE);
  g_autoptr(GError) error = NULL;
  int before;

  if (store == NULL)
    return 1;
  before = ot_store_get_version (store);
  if (!ot_store_setup (store, NULL, &error))
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 1;
    }
  if (before == 0)
    ot_cli_print_line (_("Created the store “%s” (schema version %d)\n"),
                       ot_store_get_display_name (store), ot_store_get_version (store));
  else if (before < ot_store_get_version (store))
    ot_cli_print_line (_("Migrated the store “%s” from schema version %d to %d\n"),
                       ot_store_get_display_name (store), before, ot_store_get_version (store));
  else
    ot_cli_print_line (_("The store “%s” is up to date (schema version %d)\n"),
                       ot_store_get_display_name (store), ot_store_get_version (store));
  return 0;
}

static int
upload_case (const OtCliOptions *options)
{
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtDocument) document = NULL;
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(GError) error = NULL;
  OtDataset *dataset;
  guint n;

  if (options->files == NULL || options->files[0] == NULL)
    {
      ot_cli_printerr_line (_("No case or incident files given to upload\n"));
      return 2;
    }
  document = ot_cli_load_document (options, &error);
  if (document == NULL)
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 1;
    }
  dataset = ot_document_get_dataset (document);
  n = ot_dataset_get_n_incidents (dataset);
  if (n == 0)
    {
      ot_cli_printerr_line (_("No incidents to upload\n"));
      return 1;
    }
  store = connect_store (options->upload_case, TRUE);
  if (store == NULL)
    return 1;
  tables = ot_document_dup_tables (document);
  if (!ot_store_upload (store, dataset, tables, options->replace, NULL, &error))
    {
      ot_cli_printerr_line ("%s\n", error->message);
      if (g_error_matches (error, OT_STORE_ERROR, OT_STORE_ERROR_NOT_EMPTY))
        ot_cli_printerr_line (_("Use --replace to replace it\n"));
      return 1;
    }
  ot_cli_print_line (g_dngettext (GETTEXT_PACKAGE, "Uploaded %'u incident to “%s”\n",
                                  "Uploaded %'u incidents to “%s”\n", n),
                     n, ot_store_get_display_name (store));
  if (ot_dataset_get_trade (dataset) != NULL)
    {
      guint n_trade = ot_trade_table_get_n_rows (ot_dataset_get_trade (dataset));

      ot_cli_print_line (g_dngettext (GETTEXT_PACKAGE, "Uploaded %'u row of trade statistics\n",
                                      "Uploaded %'u rows of trade statistics\n", n_trade), n_trade);
    }
  return 0;
}

static int
save_store (const OtCliOptions *options)
{
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtStoreCase) store_case = NULL;
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  guint n;

  if (options->files == NULL || options->files[0] == NULL || options->files[1] != NULL)
    {
      ot_cli_printerr_line (_("Give one case file to save the store as\n"));
      return 2;
    }
  store = connect_store (options->save_store, TRUE);
  if (store == NULL)
    return 1;
  store_case = ot_store_load (store, NULL, &error);
  if (store_case == NULL)
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 1;
    }
  tables = ot_dataset_steal_case_tables (store_case->dataset);
  if (!ot_case_save (store_case->dataset, tables, options->files[0], NULL, &error))
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 1;
    }
  n = ot_dataset_get_n_incidents (store_case->dataset);
  display = g_filename_display_name (options->files[0]);
  ot_cli_print_line (g_dngettext (GETTEXT_PACKAGE, "Saved %'u incident of “%s” as “%s”\n",
                                  "Saved %'u incidents of “%s” as “%s”\n", n),
                     n, ot_store_get_display_name (store), display);
  if (ot_dataset_get_trade (store_case->dataset) != NULL)
    {
      guint n_trade = ot_trade_table_get_n_rows (ot_dataset_get_trade (store_case->dataset));

      ot_cli_print_line (g_dngettext (GETTEXT_PACKAGE, "Saved %'u row of trade statistics\n",
                                      "Saved %'u rows of trade statistics\n", n_trade), n_trade);
    }
  return 0;
}

int
ot_cli_store (const OtCliOptions *options)
{
  if ((options->init_store ? 1 : 0) + (options->upload_case ? 1 : 0) + (options->save_store ? 1 : 0) > 1)
    {
      ot_cli_printerr_line (_("Use only one of --init-store, --upload-case and --save-store\n"));
      return 2;
    }
  if (options->replace && options->upload_case == NULL)
    {
      ot_cli_printerr_line (_("--replace goes with --upload-case\n"));
      return 2;
    }
  if (options->init_store)
    return init_store (options);
  if (options->upload_case)
    return upload_case (options);
  return save_store (options);
}
