/* SPDX-License-Identifier: GPL-3.0-or-later */
/* oretrace --summary [--json] [--projection P] FILE…: the network's counts,
 * rankings and communities, without a window.  The JSON shape is
 * documented in docs/network.md and kept stable. */
#include "ot-analysis.h"
#include "ot-cli.h"
#include "ot-loader.h"
#include "ot-text.h"
#include "ot-writer.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include "ot-numeric.h"

#define TOP_N 10
#define SUMMARY_FORMAT_VERSION 4

typedef struct {
  OtMineral mineral;
  guint     n_incidents;
  guint     n_with_kg;
  double    kg;
  guint     n_edges;
} MineralTotal;

typedef struct {
  const OtCliOptions *options;
  OtDataset          *dataset;
  OtNetwork          *network;
  OtAnalysis         *analysis;
  GArray             *minerals;      /* of MineralTotal, by name */
  GArray             *by_betweenness;
  GArray             *by_throughput;
} Summary;

static int
cmp_mineral_total (gconstpointer a,
                   gconstpointer b)
{
  const MineralTotal *x = a, *y = b;

  /* Minerals by name; incidents without one last. */
  if (x->mineral == OT_MINERAL_NONE || y->mineral == OT_MINERAL_NONE)
    return (x->mineral == OT_MINERAL_NONE) - (y->mineral == OT_MINERAL_NONE);
  return g_strcmp0 (ot_mineral_name (x->mineral), ot_mineral_name (y->mineral));
}

/* @text followed by spaces up to @width columns (a wide character, as in
 * Chinese, takes two). */
static char *
padded (const char *text,
        guint       width)
{
  GString *out = g_string_new (text);
  guint columns = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  while (columns++ < width)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

static const char *
mineral_name (OtMineral mineral)
{
  return mineral == OT_MINERAL_NONE ? "unknown" : ot_mineral_name (mineral);
}

/* Totals per mineral over the included incidents. */
static GArray *
mineral_totals (OtNetwork *network)
{
  OtDataset *dataset = ot_network_get_dataset (network);
  guint n;
  const guint8 *mask = ot_network_get_mask (network, &n);
  MineralTotal table[256] = { { 0 } };
  GArray *out = g_array_new (FALSE, TRUE, sizeof (MineralTotal));

  for (guint i = 0; i < n; i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);
      MineralTotal *t = &table[incident->mineral];

      if (!mask[i])
        continue;
      t->n_incidents++;
      if (ot_incident_has_quantity (incident))
        t->n_with_kg++, t->kg = ot_kg_add (t->kg, incident->quantity_kg);
    }
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    table[ot_network_get_edge (network, e)->mineral].n_edges++;
  for (guint m = 0; m < G_N_ELEMENTS (table); m++)
    {
      if (table[m].n_incidents == 0)
        continue;
      table[m].mineral = m;
      g_array_append_val (out, table[m]);
    }
  g_array_sort (out, cmp_mineral_total);
  return out;
}

/* Ranked vertices with a score above zero, at most TOP_N. */
static GArray *
top_vertices (OtAnalysis *analysis,
              OtRankBy    by)
{
  GArray *ranked = ot_analysis_rank (analysis, by, TOP_N);
  guint keep = 0;

  while (keep < ranked->len &&
         ot_analysis_get_score (analysis, g_array_index (ranked, guint, keep), by) > 0)
    keep++;
  g_array_set_size (ranked, keep);
  return ranked;
}

/* ---- JSON ------------------------------------------------------------ */

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values && values[i]; i++)
    {
      g_autofree char *valid = g_utf8_make_valid (values[i], -1);

      json_builder_add_string_value (builder, valid);
    }
  json_builder_end_array (builder);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    {
      /* JSON is UTF-8: a value from the command line may not be. */
      g_autofree char *valid = g_utf8_make_valid (value, -1);

      json_builder_add_string_value (builder, valid);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_vertex_fields (JsonBuilder    *builder,
                   const OtVertex *v)
{
  add_nullable_string (builder, "key", v->key);
  add_nullable_string (builder, "label", v->label);
  add_nullable_string (builder, "kind", ot_vertex_kind_name (v->kind));
  add_nullable_string (builder, "country", OT_COUNTRY_IS_SET (v->country) ? v->country.code : NULL);
}

static void
json_filter (JsonBuilder        *builder,
             const OtCliOptions *options)
{
  json_builder_set_member_name (builder, "filter");
  json_builder_begin_object (builder);
  add_strv (builder, "minerals", (const char * const *) options->minerals);
  add_strv (builder, "statuses", (const char * const *) options->statuses);
  add_nullable_string (builder, "from", options->from);
  add_nullable_string (builder, "to", options->to);
  add_strv (builder, "reliability", (const char * const *) options->reliabilities);
  add_strv (builder, "credibility", (const char * const *) options->credibilities);
  json_builder_set_member_name (builder, "illustrative");
  json_builder_add_boolean_value (builder, !options->no_illustrative);
  json_builder_end_object (builder);
}

static void
json_counts (JsonBuilder *builder,
             Summary     *s)
{
  guint n_events = ot_network_get_n_events (s->network);

  json_builder_set_member_name (builder, "incidents");
  json_builder_begin_object (builder);
  add_int (builder, "loaded", ot_dataset_get_n_incidents (s->dataset));
  add_int (builder, "rejected", ot_dataset_get_n_rejected (s->dataset));
  add_int (builder, "included", ot_network_get_n_included (s->network));
  add_int (builder, "on_edges", ot_network_get_n_included (s->network) - n_events);
  add_int (builder, "events", n_events);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "vertices");
  json_builder_begin_object (builder);
  add_int (builder, "total", ot_network_get_n_vertices (s->network));
  for (guint k = 0; k < OT_N_VERTEX_KINDS; k++)
    add_int (builder, ot_vertex_kind_name (k), ot_network_count_kind (s->network, k));
  json_builder_end_object (builder);

  add_int (builder, "edges", ot_network_get_n_edges (s->network));
}

static void
json_minerals (JsonBuilder *builder,
               Summary     *s)
{
  json_builder_set_member_name (builder, "minerals");
  json_builder_begin_array (builder);
  for (guint k = 0; k < s->minerals->len; k++)
    {
      const MineralTotal *t = &g_array_index (s->minerals, MineralTotal, k);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "mineral", mineral_name (t->mineral));
      add_int (builder, "incidents", t->n_incidents);
      add_int (builder, "with_quantity", t->n_with_kg);
      add_double (builder, "kg", t->kg);
      add_int (builder, "edges", t->n_edges);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
json_top (JsonBuilder *builder,
          Summary     *s,
          const char  *name,
          GArray      *ranked,
          OtRankBy     by)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint k = 0; k < ranked->len; k++)
    {
      guint v = g_array_index (ranked, guint, k);
      const OtVertex *vx = ot_network_get_vertex (s->network, v);

      json_builder_begin_object (builder);
      add_int (builder, "rank", k + 1);
      add_vertex_fields (builder, vx);
      add_double (builder, "score", ot_analysis_get_score (s->analysis, v, by));
      if (by == OT_RANK_THROUGHPUT)
        {
          add_double (builder, "kg_in", vx->kg_in);
          add_double (builder, "kg_out", vx->kg_out);
          add_int (builder, "incidents_in", vx->n_in);
          add_int (builder, "incidents_out", vx->n_out);
          add_double (builder, "transshipment", vx->transshipment);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* How betweenness was computed (format 4): exact, or estimated from
 * sampled sources (docs/network.md, "Betweenness, exact or estimated"). */
static void
json_betweenness (JsonBuilder *builder,
                  Summary     *s)
{
  guint sources = ot_analysis_get_betweenness_sources (s->analysis);

  json_builder_set_member_name (builder, "betweenness");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "exact");
  json_builder_add_boolean_value (builder, sources == 0);
  json_builder_set_member_name (builder, "sources");
  if (sources == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, sources);
  json_builder_end_object (builder);
}

static void
json_communities (JsonBuilder *builder,
                  Summary     *s)
{
  guint id = 0;

  json_builder_set_member_name (builder, "communities");
  json_builder_begin_array (builder);
  for (guint c = 0; c < ot_analysis_get_n_communities (s->analysis); c++)
    {
      guint n;
      const guint *members = ot_analysis_get_community_members (s->analysis, c, &n);

      if (n < 2)
        continue;
      json_builder_begin_object (builder);
      add_int (builder, "id", id++);
      add_int (builder, "size", n);
      json_builder_set_member_name (builder, "members");
      json_builder_begin_array (builder);
      for (guint k = 0; k < n; k++)
        json_builder_add_string_value (builder, ot_network_get_vertex (s->network, members[k])->key);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_json (Summary *s)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *safe = NULL;

  json_builder_begin_object (builder);
  add_int (builder, "format", SUMMARY_FORMAT_VERSION);
  add_strv (builder, "files", ot_dataset_get_files (s->dataset));
  add_nullable_string (builder, "projection",
                       ot_projection_name (ot_network_get_projection (s->network)));
  json_filter (builder, s->options);
  json_counts (builder, s);
  json_minerals (builder, s);
  json_betweenness (builder, s);
  json_top (builder, s, "top_betweenness", s->by_betweenness, OT_RANK_BETWEENNESS);
  json_top (builder, s, "top_throughput", s->by_throughput, OT_RANK_THROUGHPUT);
  json_communities (builder, s);
  ot_cli_trade_json (builder, s->dataset);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  /* Not json_generator: it writes 327164.35 as 327164.34999999998. */
  ot_writer_append_json (text, root, 0);
  /* Programs read it as the same JSON; a terminal shows the escapes. */
  safe = ot_text_escape_json (text->str);
  g_print ("%s\n", safe);
}

/* ---- Text ------------------------------------------------------------ */

static void
print_text_top (Summary    *s,
                const char *title,
                GArray     *ranked,
                OtRankBy    by)
{
  /* An estimated betweenness says so, and each of its scores is "≈". */
  guint sources = by == OT_RANK_BETWEENNESS ? ot_analysis_get_betweenness_sources (s->analysis) : 0;

  ot_cli_print_line ("%s", "");
  if (sources > 0)
    ot_cli_print_line (_("%s (estimated from %u of %u vertices as sources)\n"), title, sources,
                       ot_network_get_n_vertices (s->network));
  else
    ot_cli_print_line ("%s", title);
  for (guint k = 0; k < ranked->len; k++)
    {
      guint v = g_array_index (ranked, guint, k);
      const OtVertex *vx = ot_network_get_vertex (s->network, v);

      double score = ot_analysis_get_score (s->analysis, v, by);
      g_autofree char *value = by == OT_RANK_THROUGHPUT ? g_strdup_printf (_("%.1f kg"), score)
                               : g_strdup_printf ("%s%.3f", sources > 0 ? "≈" : "", score);
      /* Escaped before it is padded, so that the columns line up. */
      g_autofree char *label = ot_text_escape_terminal (vx->label, -1);
      g_autofree char *cell = padded (label, 40);

      ot_cli_print_line ("%3u. %s %-8s %s  %s", k + 1, cell, ot_vertex_kind_name (vx->kind),
                         OT_COUNTRY_IS_SET (vx->country) ? vx->country.code : "--", value);
    }
  if (ranked->len == 0)
    ot_cli_print_line ("     %s", _("(none)"));
}

static void
print_text (Summary *s)
{
  guint n_rings = 0;

  ot_cli_print_line (_("Projection: %s\n"),
                     ot_projection_name (ot_network_get_projection (s->network)));
  ot_cli_print_line (_("Incidents: %u loaded, %u rejected, %u included, %u events\n"),
                     ot_dataset_get_n_incidents (s->dataset), ot_dataset_get_n_rejected (s->dataset),
                     ot_network_get_n_included (s->network), ot_network_get_n_events (s->network));
  ot_cli_print_line (_("Vertices: %u (%u countries, %u companies, %u hubs)\n"),
                     ot_network_get_n_vertices (s->network),
                     ot_network_count_kind (s->network, OT_VERTEX_COUNTRY),
                     ot_network_count_kind (s->network, OT_VERTEX_COMPANY),
                     ot_network_count_kind (s->network, OT_VERTEX_HUB));
  ot_cli_print_line (_("Edges: %u\n"), ot_network_get_n_edges (s->network));
  if (ot_dataset_get_trade (s->dataset) != NULL)
    {
      ot_cli_print_line ("%s", "");
      ot_cli_print_trade (s->dataset);
    }

  ot_cli_print_line ("%s", "");
  ot_cli_print_line ("%s", _("Minerals"));
  for (guint k = 0; k < s->minerals->len; k++)
    {
      const MineralTotal *t = &g_array_index (s->minerals, MineralTotal, k);

      g_autofree char *name = padded (t->mineral == OT_MINERAL_NONE ? _("Unknown")
                                                                 : ot_mineral_label (t->mineral),
                                      22);

      /* The name is the reader's language (the JSON output keeps the
       * canonical English name, for programs). */
      ot_cli_print_line (_("  %s %5u incidents  %12.1f kg  %4u edges\n"),
                         name, t->n_incidents, t->kg, t->n_edges);
    }

  print_text_top (s, _("Top by betweenness"), s->by_betweenness, OT_RANK_BETWEENNESS);
  print_text_top (s, _("Top by throughput (kg)"), s->by_throughput, OT_RANK_THROUGHPUT);

  ot_cli_print_line ("%s", "");
  ot_cli_print_line ("%s", _("Communities"));
  for (guint c = 0; c < ot_analysis_get_n_communities (s->analysis); c++)
    {
      guint n;
      const guint *members = ot_analysis_get_community_members (s->analysis, c, &n);
      g_autoptr(GString) line = NULL;

      if (n < 2)
        continue;
      line = g_string_new (NULL);
      g_string_printf (line, "  %u:", n_rings++);
      for (guint k = 0; k < n; k++)
        g_string_append_printf (line, "%s %s", k ? "," : "",
                                ot_network_get_vertex (s->network, members[k])->label);
      ot_cli_print_line ("%s", line->str);
    }
  if (n_rings == 0)
    ot_cli_print_line ("  %s", _("(none)"));
}

/* ---- The command ----------------------------------------------------- */

/* The dataset as the window shows it: a case's merged companies apply. */
static OtDataset *
load (const OtCliOptions *options,
      GError            **error)
{
  g_autoptr(OtDocument) document = ot_cli_load_document (options, error);

  return document != NULL ? g_object_ref (ot_document_get_dataset (document)) : NULL;
}

int
ot_cli_summary (const OtCliOptions *options)
{
  g_autoptr(OtFilter) filter = NULL;
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(OtAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  OtProjection projection = OT_PROJECTION_DEFAULT;
  Summary s = { options };
  guint n_errors;
  gboolean no_match;

  g_return_val_if_fail (options != NULL, 2);

  if (options->projection && !ot_projection_parse (options->projection, &projection))
    {
      ot_cli_printerr_line (_("--projection: “%s” is neither entities nor countries\n"), options->projection);
      return 2;
    }
  filter = ot_cli_build_filter (options, &error);
  if (filter == NULL)
    {
      ot_cli_printerr_line ("%s", error->message);
      return 2;
    }

  dataset = load (options, &error);
  if (dataset == NULL)
    {
      ot_cli_printerr_line ("%s", error->message);
      return 2;
    }
  network = ot_network_new (dataset, filter, projection);
  analysis = ot_analysis_new (network, NULL, &error);
  if (analysis == NULL)
    {
      ot_cli_printerr_line ("%s", error->message);
      return 2;
    }

  s.dataset = dataset;
  s.network = network;
  s.analysis = analysis;
  s.minerals = mineral_totals (network);
  s.by_betweenness = top_vertices (analysis, OT_RANK_BETWEENNESS);
  s.by_throughput = top_vertices (analysis, OT_RANK_THROUGHPUT);
  if (options->json)
    print_json (&s);
  else
    print_text (&s);
  g_array_unref (s.minerals);
  g_array_unref (s.by_betweenness);
  g_array_unref (s.by_throughput);

  /* Like --check: rows or files that failed make the status 1; so does a
   * filter nothing passes (its summary, all zeros, is still printed). */
  n_errors = ot_dataset_count_problems (dataset, OT_SEVERITY_ERROR);
  no_match = ot_cli_report_no_match (filter, ot_dataset_get_n_incidents (dataset),
                                     ot_network_get_n_included (network), FALSE);
  if (n_errors > 0)
    {
      ot_cli_printerr_line (ngettext ("%u error while loading; run --check for the list\n",
                            "%u errors while loading; run --check for the list\n",
                            n_errors), n_errors);
      return 1;
    }
  return no_match ? 1 : 0;
}
