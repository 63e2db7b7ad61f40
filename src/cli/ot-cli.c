/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-cli.h"
#include "ot-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

GOptionEntry *
ot_cli_option_entries (OtCliOptions *o)
{
  const GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &o->check,
      N_("Validate incident files and print one line per problem, without a window "
         "(every record: the filters do not apply)"), NULL },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &o->summary,
      N_("Print the network's counts, rankings and communities, without a window "
         "(exit status 1 when no incident passes the filters)"), NULL },
    { "signals", 0, 0, G_OPTION_ARG_NONE, &o->signals,
      N_("Rank what the trade statistics point at (rerouting through hubs around the export-control "
         "dates, mirror gaps, unit values, code switching), without a window "
         "(exit status 1 when the files hold no trade statistics)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json,
      N_("With --summary or --signals: print a JSON object"), NULL },
    { "projection", 0, 0, G_OPTION_ARG_STRING, &o->projection,
      N_("Network projection: countries (the default, as in the window) or entities"), N_("NAME") },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &o->export_path,
      N_("Draw the chart into OUT.png, OUT.svg or OUT.pdf, write its network as OUT.gexf "
         "(Gephi) or OUT.graphml, its incidents and flows as OUT.xlsx, or the incidents as "
         "FollowTheMoney entities into OUT.ftm.json, without a window "
         "(refused, exit status 1, when no incident passes the filters; a file of trade statistics "
         "alone draws their layer as PNG, SVG or PDF)"), N_("OUT") },
    { "view", 0, 0, G_OPTION_ARG_STRING, &o->view,
      N_("With --export: network, map or flow"), N_("VIEW") },
    { "width", 0, 0, G_OPTION_ARG_INT, &o->width,
      N_("With --export: width in pixels (PNG, SVG, the positions in GEXF and GraphML) or points (PDF)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &o->height,
      N_("With --export: height in pixels (PNG, SVG, the positions in GEXF and GraphML) or points (PDF)"), N_("H") },
    { "mineral", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->minerals,
      N_("Only this mineral (repeatable)"), N_("M") },
    { "status", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->statuses,
      N_("Only this status (repeatable)"), N_("S") },
    { "reliability", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->reliabilities,
      N_("Only sources of these reliability grades, A to F or none (comma-separated, repeatable)"),
      N_("A,B") },
    { "credibility", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->credibilities,
      N_("Only information of these credibility grades, 1 to 6 or none (comma-separated, repeatable)"),
      N_("1,2") },
    { "no-illustrative", 0, 0, G_OPTION_ARG_NONE, &o->no_illustrative,
      N_("Leave out illustrative records (made-up examples): reported facts only"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o->from,
      N_("Only incidents on or after DATE"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o->to,
      N_("Only incidents on or before DATE"), N_("DATE") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o->title,
      N_("With --export: the chart's title"), N_("TEXT") },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &o->dpi,
      N_("With --export to PNG: resolution (96 gives W×H pixels, 192 twice as many)"), N_("DPI") },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &o->transparent,
      N_("With --export to PNG: a transparent background"), NULL },
    { "svg-text", 0, 0, G_OPTION_ARG_STRING, &o->svg_text,
      N_("With --export to SVG: labels as editable text (the default) or as glyph outlines (paths, pixel-exact)"),
      N_("text|paths") },
    { "top", 0, 0, G_OPTION_ARG_INT, &o->top,
      N_("With --export: draw the N most important flows (default: as many as the page holds legibly)"),
      N_("N") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &o->dark,
      N_("With --export: the dark theme"), NULL },
    { "no-notes", 0, 0, G_OPTION_ARG_NONE, &o->no_notes,
      N_("With --export: leave out a case's notes (drawn as callouts otherwise)"), NULL },
    { "init-store", 0, 0, G_OPTION_ARG_STRING, &o->init_store,
      N_("Create a team store in the PostgreSQL database at ADDRESS (a postgresql:// URL or a "
         "service name), or migrate an older one"), N_("ADDRESS") },
    { "upload-case", 0, 0, G_OPTION_ARG_STRING, &o->upload_case,
      N_("Upload the case file (or incident files) given after it into the team store at ADDRESS"),
      N_("ADDRESS") },
    { "save-store", 0, 0, G_OPTION_ARG_STRING, &o->save_store,
      N_("Save the team store at ADDRESS as the case file given after it"), N_("ADDRESS") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &o->replace,
      N_("With --upload-case: replace the case the store holds"), NULL },
    { "no-trade", 0, 0, G_OPTION_ARG_NONE, &o->no_trade,
      N_("With --export: leave out loaded trade statistics (a layer of the map and network otherwise)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->files,
      NULL, N_("[FILE…]") },
    { NULL }
  };

  return g_memdup2 (entries, sizeof entries);
}

gboolean
ot_cli_wants_command (const OtCliOptions *options)
{
  g_return_val_if_fail (options != NULL, FALSE);

  return options->check || options->summary || options->signals || options->export_path != NULL ||
         options->init_store != NULL || options->upload_case != NULL || options->save_store != NULL ||
         options->replace;
}

int
ot_cli_run (const OtCliOptions *options)
{
  g_return_val_if_fail (options != NULL, 2);

  if (options->init_store || options->upload_case || options->save_store || options->replace)
    {
      if (options->check || options->summary || options->signals || options->export_path)
        {
          ot_cli_printerr_line (_("--init-store, --upload-case and --save-store go alone, "
                                  "without --check, --summary, --signals or --export\n"));
          return 2;
        }
      return ot_cli_store (options);
    }
  if ((options->check ? 1 : 0) + (options->summary ? 1 : 0) + (options->signals ? 1 : 0) +
      (options->export_path ? 1 : 0) > 1)
    {
      ot_cli_printerr_line (_("Use only one of --check, --summary, --signals and --export\n"));
      return 2;
    }
  if (options->files == NULL || options->files[0] == NULL)
    {
      ot_cli_printerr_line (_("No incident files given\n"));
      return 2;
    }

  if (options->check)
    {
      /* --check reads every record: a filter there would be ignored. */
      if (options->minerals || options->statuses || options->from || options->to ||
          options->reliabilities || options->credibilities || options->no_illustrative)
        {
          ot_cli_printerr_line (_("--mineral, --status, --from, --to, --reliability, --credibility and "
                                  "--no-illustrative apply to --summary and --export, "
                                  "not to --check (it checks every record)\n"));
          return 2;
        }
      return ot_cli_check (options);
    }
  if (options->summary)
    return ot_cli_summary (options);
  if (options->signals)
    {
      /* The other filters choose incidents; the signals read statistics. */
      if (options->statuses || options->from || options->to || options->reliabilities ||
          options->credibilities || options->no_illustrative)
        {
          ot_cli_printerr_line (_("--status, --from, --to, --reliability, --credibility and "
                                  "--no-illustrative choose incidents; --signals reads trade "
                                  "statistics (only --mineral applies)\n"));
          return 2;
        }
      return ot_cli_signals (options);
    }
  return ot_cli_export (options);
}

void
ot_cli_options_clear (OtCliOptions *o)
{
  g_clear_pointer (&o->projection, g_free);
  g_clear_pointer (&o->export_path, g_free);
  g_clear_pointer (&o->view, g_free);
  g_clear_pointer (&o->minerals, g_strfreev);
  g_clear_pointer (&o->statuses, g_strfreev);
  g_clear_pointer (&o->from, g_free);
  g_clear_pointer (&o->to, g_free);
  g_clear_pointer (&o->reliabilities, g_strfreev);
  g_clear_pointer (&o->credibilities, g_strfreev);
  g_clear_pointer (&o->title, g_free);
  g_clear_pointer (&o->svg_text, g_free);
  g_clear_pointer (&o->init_store, g_free);
  g_clear_pointer (&o->upload_case, g_free);
  g_clear_pointer (&o->save_store, g_free);
  g_clear_pointer (&o->files, g_strfreev);
}
