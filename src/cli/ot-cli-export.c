/* SPDX-License-Identifier: GPL-3.0-or-later */
/* oretrace --export OUT.png|OUT.svg|OUT.pdf FILE…: draws a chart of the
 * files without a window (see docs/views.md); OUT.gexf|OUT.graphml|OUT.xlsx
 * writes the chart's network, or its incidents and flows, instead
 * (docs/exchange-formats.md). */
#include "ot-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>

#include "ot-chart.h"
#include "ot-export.h"
#include "ot-filter.h"
#include "ot-loader.h"
#include "ot-network.h"

#define MAX_PAGE 20000
#define MAX_TOP  10000000

/* Checks the options; on failure prints why and returns FALSE. */
static gboolean
parse_options (const OtCliOptions *options,
               OtViewKind         *view,
               OtProjection       *projection,
               OtExportOptions    *export_opts,
               OtFilter          **filter)
{
  g_autoptr(GError) error = NULL;

  ot_export_options_init (export_opts);
  if (!ot_export_format_for_path (options->export_path, &export_opts->format, &error))
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return FALSE;
    }
  *view = OT_VIEW_NETWORK;
  if (options->view && !ot_view_kind_parse (options->view, view))
    {
      ot_cli_printerr_line (_("Unknown view “%s”: use network, map or flow\n"), options->view);
      return FALSE;
    }
  *projection = OT_PROJECTION_DEFAULT;
  if (options->projection && !ot_projection_parse (options->projection, projection))
    {
      ot_cli_printerr_line (_("Unknown projection “%s”: use entities or countries\n"), options->projection);
      return FALSE;
    }
  if (options->width < 0 || options->height < 0 ||
      options->width > MAX_PAGE || options->height > MAX_PAGE)
    {
      ot_cli_printerr_line (_("The page size must be between 1 and %d\n"), MAX_PAGE);
      return FALSE;
    }
  export_opts->width = options->width > 0 ? options->width : 1600;
  export_opts->height = options->height > 0 ? options->height : 1000;
  if (options->top < 0 || options->top > MAX_TOP)
    {
      ot_cli_printerr_line (_("--top must be between 1 and %d\n"), MAX_TOP);
      return FALSE;
    }
  export_opts->top_n = (guint) options->top;
  if (options->dpi != 0 && (options->dpi < 24 || options->dpi > 1200))
    {
      ot_cli_printerr_line (_("The resolution must be between 24 and 1200 dpi\n"));
      return FALSE;
    }
  if ((options->dpi != 0 || options->transparent) && export_opts->format != OT_EXPORT_PNG)
    {
      ot_cli_printerr_line (_("--dpi and --transparent apply to PNG only\n"));
      return FALSE;
    }
  if (options->svg_text != NULL)
    {
      if (export_opts->format != OT_EXPORT_SVG)
        {
          ot_cli_printerr_line (_("--svg-text applies to SVG only\n"));
          return FALSE;
        }
      if (strcmp (options->svg_text, "text") == 0)
        export_opts->svg_text = OT_SVG_TEXT_TEXT;
      else if (strcmp (options->svg_text, "paths") == 0)
        export_opts->svg_text = OT_SVG_TEXT_PATHS;
      else
        {
          ot_cli_printerr_line (_("Unknown SVG text mode “%s”: use text or paths\n"),
                                options->svg_text);
          return FALSE;
        }
    }
  export_opts->scale = options->dpi > 0 ? options->dpi / 96.0 : 1.0;
  export_opts->transparent = options->transparent;
  *filter = ot_cli_build_filter (options, &error);
  if (*filter == NULL)
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The export must not replace one of its inputs (the same file, also
 * under another name or through a link).  Prints why and returns FALSE
 * when it would. */
static gboolean
check_not_an_input (const OtCliOptions *options)
{
  struct stat target;

  if (stat (options->export_path, &target) != 0)
    return TRUE;   /* a new file */
  for (guint i = 0; options->files && options->files[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (options->files[i]);
      const char *path = g_file_peek_path (file);
      struct stat input;

      if (path != NULL && stat (path, &input) == 0
          && input.st_dev == target.st_dev && input.st_ino == target.st_ino)
        {
          g_autofree char *out = g_filename_display_name (options->export_path);
          g_autofree char *in = g_filename_display_name (options->files[i]);

          g_printerr (_("Cannot export to “%s”: it is the input file “%s”; "
                        "choose another name for the export\n"), out, in);
          return FALSE;
        }
    }
  return TRUE;
}

/* A case's pins (network view) and notes go to the chart as the window
 * gives them (issue 17): the export draws what the window draws. */
static void
apply_case_tables (OtChart            *chart,
                   OtDocument         *document,
                   const OtCliOptions *options)
{
  g_autoptr(OtCaseTables) tables = ot_document_dup_tables (document);
  g_autoptr(GHashTable) pins = ot_document_dup_pins (document, "network");
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  ot_chart_set_pins (chart, pins);
  for (guint i = 0; i < tables->annotations->len; i++)
    {
      const OtCaseAnnotation *a = g_ptr_array_index (tables->annotations, i);

      if (g_strcmp0 (a->target_kind, "place") == 0 || g_strcmp0 (a->target_kind, "flow") == 0)
        g_hash_table_insert (notes, g_strconcat (a->target_kind, "\x1f", a->target_key, NULL),
                             g_strdup (a->text));
    }
  ot_chart_set_notes (chart, notes);
  ot_chart_set_show_notes (chart, !options->no_notes);
}

int
ot_cli_export (const OtCliOptions *options)
{
  g_autoptr(OtDocument) document = NULL;
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(OtFilter) filter = NULL;
  g_autoptr(OtChart) chart = NULL;
  g_autoptr(OtScene) scene = NULL;
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(GError) error = NULL;
  OtExportOptions export_opts;
  OtProjection projection;
  OtViewKind view;
  gboolean trade_only;
  guint n_errors;

  g_return_val_if_fail (options != NULL && options->export_path != NULL, 2);

  /* Entities, not a chart. */
  if (ot_cli_is_ftm_path (options->export_path))
    return check_not_an_input (options) ? ot_cli_export_ftm (options) : 2;
  if (!parse_options (options, &view, &projection, &export_opts, &filter))
    return 2;
  if (!check_not_an_input (options))
    return 2;

  document = ot_cli_load_document (options, &error);
  if (document == NULL)
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 2;
    }
  dataset = g_object_ref (ot_document_get_dataset (document));
  n_errors = ot_dataset_count_problems (dataset, OT_SEVERITY_ERROR);
  if (n_errors > 0)
    /* TRANSLATORS: the export goes on with the good rows. */
    ot_cli_printerr_line (g_dngettext (GETTEXT_PACKAGE,
                             "%u problem while loading (see --check); drawing the rest\n",
                             "%u problems while loading (see --check); drawing the rest\n",
                             n_errors), n_errors);
  /* Trade statistics alone are a picture too (issue 18): their layer on
   * the map or network; the network's own formats need incidents. */
  trade_only = ot_dataset_get_n_incidents (dataset) == 0;
  if (trade_only && (ot_dataset_get_trade (dataset) == NULL || options->no_trade ||
                     !ot_export_format_is_picture (export_opts.format)))
    {
      ot_cli_printerr_line (_("No incidents to draw\n"));
      return 1;
    }

  chart = ot_chart_new ();
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_filter (chart, filter);
  ot_chart_set_view (chart, view);
  ot_chart_set_countries_projection (chart, projection == OT_PROJECTION_COUNTRIES);
  ot_chart_set_show_trade (chart, !options->no_trade);
  ot_chart_set_top_n (chart, export_opts.top_n);
  if (options->title)
    ot_chart_set_title (chart, options->title);
  if (options->dark)
    ot_chart_set_theme (chart, ot_theme_dark ());
  apply_case_tables (chart, document, options);
  if (!ot_chart_update (chart, NULL, &error))
    {
      ot_cli_printerr_line (_("Cannot draw the chart: %s\n"), error->message);
      return 1;
    }
  /* An empty match is refused, not drawn as a blank chart: nothing is
   * written and an old file of that name stays as it was. */
  network = ot_chart_get_network (chart);
  if (ot_cli_report_no_match (filter, ot_dataset_get_n_incidents (dataset),
                              ot_network_get_n_included (network), TRUE))
    return 1;
  scene = ot_chart_get_scene (chart);
  if (trade_only && ot_scene_get_n_statistical (scene) == 0)
    {
      /* TRANSLATORS: --export of trade statistics alone when the view
       * (the flow diagram) or the filters leave no flow to draw */
      ot_cli_printerr_line (_("No trade flow between two countries to draw in this view with these "
                              "filters (the map and network views draw trade statistics); no file "
                              "written\n"));
      return 1;
    }
  if (!ot_export_format_is_picture (export_opts.format))
    {
      /* Positions, colours and sizes come from views that draw the
       * network's own marks; the flow diagram's bars are not. */
      gboolean marks = (ot_view_kind_get_capabilities (view) & OT_VIEW_CAP_NETWORK_MARKS) != 0;

      if (!ot_export_network (network, marks ? scene : NULL, NULL, &export_opts,
                              options->export_path, &error))
        {
          ot_cli_printerr_line ("%s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (!ot_export_scene (scene, NULL, &export_opts, options->export_path, &error))
    {
      ot_cli_printerr_line ("%s\n", error->message);
      return 1;
    }
  return 0;
}
