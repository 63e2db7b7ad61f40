/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-view-trade.c: trade statistics as a layer of the network and map
 * views (issue 18).  Lawful trade figures, not allegations, so they are
 * drawn apart from the incidents: one statistical flow per ordered pair
 * of countries (every mineral of the filter), a pale ribbon of the main
 * mineral's colour greyed, with a thin spine and an open arrowhead, on a
 * width scale of its own, beneath every incident flow; the countries
 * only in the statistics as small neutral points (the map); a legend
 * section that says what they are, and a source line naming the files
 * and the period.  See docs/views.md, "Trade statistics". */
#include "ot-view-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ot-numeric.h"
#include "ot-text.h"

/* How far the main mineral's colour is greyed toward the theme's muted
 * text: a quieter hue than any incident flow's. */
#define TINT_GREY 0.55

/* Labels of places only in trade statistics come after every incident
 * country's and port's (1000 and 500) but before companies'. */
#define PLACE_LABEL_BOOST 300

static OtRgba
mix (OtRgba a,
     OtRgba b,
     double t)
{
  return (OtRgba) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, 1 };
}

static OtRgba
pair_tint (const OtTheme     *theme,
           const OtTradePair *pair)
{
  return mix (ot_view_mineral_rgba (theme, pair->main_mineral, 1), theme->text_muted, TINT_GREY);
}

guint *
ot_view_country_vertices (OtNetwork *network)
{
  guint n = ot_country_count ();
  guint *out = g_new (guint, MAX (n, 1));

  for (guint c = 0; c < n; c++)
    out[c] = G_MAXUINT;
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      const OtVertex *vx = ot_network_get_vertex (network, v);
      int c;

      if (vx->kind == OT_VERTEX_COUNTRY && OT_COUNTRY_IS_SET (vx->country) &&
          (c = ot_country_index (vx->country.code)) >= 0 && (guint) c < n)
        out[c] = v;
    }
  return out;
}

/* A place only in trade statistics, added once (@added: per country). */
static void
add_place (OtScene           *scene,
           const OtViewInput *input,
           const OtViewFocus *focus,
           OtTradePlace       country,
           OtPoint            at,
           double             kg)
{
  OtSceneNode node = { 0 };
  guint id = OT_CHART_TRADE_ID + country;
  gboolean selected = input->sel_kind == OT_HIT_NODE && input->sel_id == id;

  node.x = at.x;
  node.y = at.y;
  node.radius = OT_VIEW_TRADE_PLACE_RADIUS;
  node.shape = OT_NODE_CIRCLE;
  node.fill = mix (input->theme->land, input->theme->text_muted, 0.6);
  node.stroke = input->theme->background;
  node.stroke.a = 0.9;
  node.label = ot_country_display_name (ot_country_nth (country));
  node.label_importance = PLACE_LABEL_BOOST + log1p (kg);
  node.id = id;
  node.flags = selected ? OT_MARK_SELECTED : focus->active ? OT_MARK_FADED : 0;
  node.statistical = TRUE;
  ot_scene_add_node (scene, &node);
}

guint
ot_view_add_trade (OtScene           *scene,
                   const OtViewInput *input,
                   const OtViewFocus *focus,
                   double             bend,
                   OtViewTradeLocate  locate,
                   gpointer           data)
{
  OtTradeLayer *layer = input->trade;
  guint n_countries = ot_country_count (), n_added = 0, n_pairs;
  g_autofree double *own_kg = NULL;
  g_autofree OtPoint *own_at = NULL;

  if (layer == NULL || (n_pairs = ot_trade_layer_get_n_pairs (layer)) == 0)
    return 0;
  own_kg = g_new0 (double, MAX (n_countries, 1));
  own_at = g_new (OtPoint, MAX (n_countries, 1));
  for (guint k = 0; k < n_countries; k++)
    own_kg[k] = -1;   /* not a place of its own (yet) */
  for (guint p = 0; p < n_pairs; p++)
    {
      const OtTradePair *pair = ot_trade_layer_get_pair (layer, p);
      OtPoint from, to, arc[4];
      guint from_id, to_id;
      double from_r, to_r;
      gboolean from_own, to_own, stays;
      OtSceneEdge se = { 0 };

      if (pair->exporter >= n_countries || pair->importer >= n_countries ||
          !locate (pair->exporter, &from, &from_id, &from_r, &from_own, data) ||
          !locate (pair->importer, &to, &to_id, &to_r, &to_own, data) ||
          (from.x == to.x && from.y == to.y))
        continue;
      ot_view_arc (from, to, bend, arc);
      se.points = arc;
      se.n_points = 4;
      se.cubic = TRUE;
      se.statistical = TRUE;
      se.width = ot_scene_width_for_kg (ot_trade_layer_get_max_kg (layer), pair->kg,
                                        OT_VIEW_TRADE_MIN_WIDTH, OT_VIEW_TRADE_MAX_WIDTH);
      se.color = pair_tint (input->theme, pair);
      se.arrow = TRUE;
      se.end_inset = to_r;
      /* The heaviest first; pairs without a quantity last. */
      se.importance = log1p (pair->kg);
      se.kg = pair->kg;
      se.has_ends = TRUE;
      se.from_id = from_id;
      se.to_id = to_id;
      se.id = OT_CHART_TRADE_ID + p;
      /* With a place selected, its own statistical flows stay; with a
       * flow or incidents, those between two places that stay. */
      if (!focus->active)
        stays = TRUE;
      else if (input->sel_kind == OT_HIT_NODE)
        stays = (!from_own && input->sel_id == from_id) || (!to_own && input->sel_id == to_id);
      else
        stays = !from_own && !to_own && focus->vertices != NULL &&
                focus->vertices[from_id] && focus->vertices[to_id];
      se.flags = input->sel_kind == OT_HIT_EDGE && input->sel_id == se.id ? OT_MARK_SELECTED
                 : stays ? 0 : OT_MARK_FADED;
      ot_scene_add_edge (scene, &se);
      n_added++;
      if (from_own)
        {
          own_kg[pair->exporter] = MAX (own_kg[pair->exporter], 0) + pair->kg;
          own_at[pair->exporter] = from;
        }
      if (to_own)
        {
          own_kg[pair->importer] = MAX (own_kg[pair->importer], 0) + pair->kg;
          own_at[pair->importer] = to;
        }
    }
  for (guint c = 0; c < n_countries; c++)
    if (own_kg[c] >= 0)
      add_place (scene, input, focus, (OtTradePlace) c, own_at[c], own_kg[c]);
  return n_added;
}

void
ot_view_add_trade_chrome (OtScene           *scene,
                          const OtViewInput *input)
{
  OtRgba grey = input->theme->text_muted;
  gboolean no_kg = FALSE;

  if (input->trade == NULL || !ot_scene_has_statistical (scene, FALSE))
    return;
  /* Lawful trade is drawn: the plot is not empty, whatever the
   * incidents. */
  ot_scene_set_empty_message (scene, NULL);
  for (guint p = 0; p < ot_trade_layer_get_n_pairs (input->trade); p++)
    no_kg = no_kg || !ot_trade_layer_get_pair (input->trade, p)->has_kg;
  ot_scene_legend_section (scene, _("Trade statistics (lawful trade, not allegations)"));
  ot_scene_legend_line (scene, &grey, 6, OT_DASH_STATISTICAL,
                        _("Exporter → importer, tinted by mineral"));
  ot_scene_legend_width_scale_styled (scene, &grey, OT_DASH_STATISTICAL,
                                      ot_trade_layer_get_max_kg (input->trade),
                                      OT_VIEW_TRADE_MIN_WIDTH, OT_VIEW_TRADE_MAX_WIDTH);
  if (no_kg)
    ot_scene_legend_line (scene, &grey, OT_VIEW_TRADE_MIN_WIDTH, OT_DASH_STATISTICAL, _("Not given"));
  if (ot_scene_has_statistical (scene, TRUE))
    {
      OtRgba place = mix (input->theme->land, input->theme->text_muted, 0.6);

      ot_scene_legend_shape (scene, OT_NODE_CIRCLE, &place, _("Country only in trade statistics"));
    }
}

/* ---- words ----------------------------------------------------------------- */

/* "850 kg", "12.5 t", "3,366 t". */
static char *
format_kg (double kg)
{
  if (kg < 1000)
    return g_strdup_printf (_("%.0f kg"), kg);
  if (kg < 100000)
    return g_strdup_printf (_("%.1f t"), kg / 1000);
  return g_strdup_printf (_("%'.0f t"), kg / 1000);
}

static char *
format_values (const double *value)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < OT_TRADE_N_CURRENCIES; c++)
    {
      g_autofree char *amount = NULL;

      if (!(value[c] > 0))
        continue;
      switch (c)
        {
        case OT_TRADE_USD:
          /* TRANSLATORS: a value in US dollars, e.g. "US$ 1,234,567" */
          amount = g_strdup_printf (_("US$ %'.0f"), value[c]);
          break;
        case OT_TRADE_EUR:
          /* TRANSLATORS: a value in euros */
          amount = g_strdup_printf (_("€ %'.0f"), value[c]);
          break;
        case OT_TRADE_CNY:
        default:
          /* TRANSLATORS: a value in Chinese yuan */
          amount = g_strdup_printf (_("CN¥ %'.0f"), value[c]);
          break;
        }
      g_string_append_printf (out, "%s%s", out->len ? "; " : "", amount);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static char *
period_text (guint16 first,
             guint16 last)
{
  g_autofree char *a = ot_trade_month_text (first);
  g_autofree char *b = ot_trade_month_text (last);

  return first == last ? g_steal_pointer (&a) : g_strdup_printf ("%s – %s", a, b);
}

/* The files of @mask (bit f: file f), three names then "and N more". */
static char *
file_names (OtTradeTable *table,
            guint64       mask)
{
  const char * const *files = ot_trade_table_get_files (table);
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = 0, shown = 0;

  for (guint f = 0; files != NULL && files[f] != NULL; f++)
    {
      g_autofree char *base = NULL;
      g_autofree char *isolated = NULL;

      if (!(mask & (G_GUINT64_CONSTANT (1) << MIN (f, 63))))
        continue;
      n++;
      if (shown == 3)
        continue;
      base = g_path_get_basename (files[f]);
      /* A file name is not cleaned as names are: an override in it must
       * stay inside it. */
      isolated = ot_text_isolate (base);
      g_string_append_printf (names, "%s%s", shown++ ? ", " : "", isolated);
    }
  if (n > shown)
    g_string_append_printf (names, _(" and %u more"), n - shown);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

char *
ot_view_trade_source (OtTradeLayer *layer)
{
  const OtTradeCounts *counts;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *files = NULL;
  char *generated;
  guint64 mask;
  guint16 first, last;

  if (layer == NULL || ot_trade_layer_get_table (layer) == NULL)
    return NULL;
  counts = ot_trade_layer_get_counts (layer);
  mask = ot_trade_layer_get_files (layer);
  /* The files that gave a flow; every file when none did. */
  files = file_names (ot_trade_layer_get_table (layer), mask != 0 ? mask : G_MAXUINT64);
  /* TRANSLATORS: the source line's part for trade statistics (issue 18);
   * %s: the files, e.g. "comtrade-2024.csv, census.json" */
  g_ptr_array_add (parts, g_strdup_printf (_("Trade statistics, lawful trade, not allegations: %s"), files));
  /* Made-up statistics say so on every chart they are in, as generated
   * incidents do. */
  if ((generated = ot_trade_table_describe_generated (ot_trade_layer_get_table (layer))) != NULL)
    g_ptr_array_add (parts, generated);
  if (ot_trade_layer_get_period (layer, &first, &last))
    {
      g_ptr_array_add (parts, period_text (first, last));
      g_ptr_array_add (parts, g_strdup (_("importer’s figure per month, else the exporter’s")));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("no trade flow for this filter")));
  if (counts->n_world > 0)
    g_ptr_array_add (left, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u World total",
                                                         "%'u World totals", counts->n_world),
                                            counts->n_world));
  if (counts->n_areas > 0)
    {
      g_autofree char *kg = format_kg (counts->kg_areas);

      /* TRANSLATORS: rows of trade statistics whose partner is no country
       * ("areas nes", confidential, free zones), and their quantity */
      g_ptr_array_add (left, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%'u row of confidential or other areas (%s)",
                                                           "%'u rows of confidential or other areas (%s)",
                                                           counts->n_areas),
                                              counts->n_areas, kg));
    }
  if (counts->n_re > 0)
    g_ptr_array_add (left, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u re-import or re-export",
                                                         "%'u re-imports or re-exports", counts->n_re),
                                            counts->n_re));
  if (left->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint k = 0; k < left->len; k++)
        g_string_append_printf (list, "%s%s", k ? ", " : "", (const char *) left->pdata[k]);
      /* TRANSLATORS: what the trade layer leaves out, e.g. "not drawn: 12
       * World totals, 3 rows of confidential or other areas (340 t)" */
      g_ptr_array_add (parts, g_strdup_printf (_("not drawn: %s"), list->str));
    }
  for (guint k = 0; k < parts->len; k++)
    g_string_append_printf (line, "%s%s", k ? " · " : "", (const char *) parts->pdata[k]);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* ---- a mark of the layer --------------------------------------------------- */

static const OtTradePair *
trade_pair (OtTradeLayer *layer,
            OtHitKind     kind,
            guint         id)
{
  if (layer == NULL || kind != OT_HIT_EDGE || !OT_CHART_IS_TRADE_ID (id) ||
      id - OT_CHART_TRADE_ID >= ot_trade_layer_get_n_pairs (layer))
    return NULL;
  return ot_trade_layer_get_pair (layer, id - OT_CHART_TRADE_ID);
}

static gboolean
trade_place (OtTradeLayer *layer,
             OtHitKind     kind,
             guint         id,
             OtTradePlace *country)
{
  if (layer == NULL || kind != OT_HIT_NODE || !OT_CHART_IS_TRADE_ID (id) ||
      id - OT_CHART_TRADE_ID >= ot_country_count ())
    return FALSE;
  *country = (OtTradePlace) (id - OT_CHART_TRADE_ID);
  return TRUE;
}

static char *
country_name (OtTradePlace country)
{
  return ot_text_isolate (ot_country_display_name (ot_country_nth (country)));
}

static char *
pair_route (const OtTradePair *pair)
{
  g_autofree char *from = country_name (pair->exporter);
  g_autofree char *to = country_name (pair->importer);

  return g_strdup_printf ("%s → %s", from, to);
}

static char *
pair_minerals (OtTradeLayer      *layer,
               const OtTradePair *pair)
{
  if (pair->n_links > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mineral", "%u minerals", pair->n_links),
                            pair->n_links);
  return g_strdup (ot_mineral_label (ot_trade_layer_get_link (layer, pair->first_link)->mineral));
}

/* kg a country exports and imports in the layer. */
static void
place_totals (OtTradeLayer *layer,
              OtTradePlace  country,
              double       *out,
              double       *in)
{
  *out = *in = 0;
  for (guint p = 0; p < ot_trade_layer_get_n_pairs (layer); p++)
    {
      const OtTradePair *pair = ot_trade_layer_get_pair (layer, p);

      if (pair->exporter == country)
        *out = ot_kg_add (*out, pair->kg);
      if (pair->importer == country)
        *in = ot_kg_add (*in, pair->kg);
    }
}

char *
ot_view_trade_describe (OtTradeLayer *layer,
                        OtHitKind     kind,
                        guint         id)
{
  const OtTradePair *pair = trade_pair (layer, kind, id);
  OtTradePlace country;

  if (pair != NULL)
    {
      g_autofree char *route = pair_route (pair);
      g_autofree char *minerals = pair_minerals (layer, pair);
      g_autofree char *kg = pair->has_kg ? format_kg (pair->kg) : g_strdup (_("quantity not given"));

      /* TRANSLATORS: a tooltip, "China → Thailand · trade statistics ·
       * Antimony · 1,234 t" */
      return g_strdup_printf (_("%s · trade statistics · %s · %s"), route, minerals, kg);
    }
  if (trade_place (layer, kind, id, &country))
    {
      g_autofree char *name = country_name (country);
      g_autofree char *out_kg = NULL;
      g_autofree char *in_kg = NULL;
      double out, in;

      place_totals (layer, country, &out, &in);
      out_kg = format_kg (out);
      in_kg = format_kg (in);
      /* TRANSLATORS: a tooltip, "Chile · only in trade statistics · 12.0 t
       * exported · 3.0 t imported" */
      return g_strdup_printf (_("%s · only in trade statistics · %s exported · %s imported"),
                              name, out_kg, in_kg);
    }
  return NULL;
}

GVariant *
ot_view_trade_details (OtTradeLayer *layer,
                       OtHitKind     kind,
                       guint         id)
{
  const OtTradePair *pair = trade_pair (layer, kind, id);
  GVariantBuilder rows;
  OtTradePlace country;

  g_variant_builder_init (&rows, G_VARIANT_TYPE ("a(ss)"));
  if (pair != NULL)
    {
      g_autofree char *heading = pair_route (pair);
      g_autofree char *exporter = country_name (pair->exporter);
      g_autofree char *importer = country_name (pair->importer);
      g_autofree char *files = NULL;
      g_autofree char *total = pair->has_kg ? format_kg (pair->kg) : g_strdup (_("quantity not given"));
      g_autofree char *by_importer = NULL;
      g_autofree char *by_exporter = NULL;
      g_autofree char *value_text = NULL;
      double value[OT_TRADE_N_CURRENCIES] = { 0 }, kg_importer = 0, kg = 0;
      guint n_rows = 0, n_importer = 0;
      guint16 first = G_MAXUINT16, last = 0;
      guint64 mask = 0;

      g_variant_builder_add (&rows, "(ss)", _("Kind"), _("Trade statistics: lawful trade, not an allegation"));
      for (guint k = pair->first_link; k < pair->first_link + pair->n_links; k++)
        {
          const OtTradeLink *link = ot_trade_layer_get_link (layer, k);
          g_autofree char *amount = link->has_kg ? format_kg (link->kg) : g_strdup (_("quantity not given"));

          g_variant_builder_add (&rows, "(ss)", ot_mineral_label (link->mineral), amount);
          for (guint c = 0; c < OT_TRADE_N_CURRENCIES; c++)
            value[c] += link->value[c];
          kg = ot_kg_add (kg, link->kg);
          kg_importer = ot_kg_add (kg_importer, link->kg_importer);
          n_rows += link->n_rows;
          n_importer += link->n_rows_importer;
          first = MIN (first, link->first_month);
          last = MAX (last, link->last_month);
          mask |= link->files;
        }
      if (pair->n_links > 1)
        g_variant_builder_add (&rows, "(ss)", _("Quantity"), total);
      if ((value_text = format_values (value)) != NULL)
        g_variant_builder_add (&rows, "(ss)", _("Value"), value_text);
      if (n_rows > 0)
        {
          g_autofree char *period = period_text (first, last);

          g_variant_builder_add (&rows, "(ss)", _("Period"), period);
        }
      {
        g_autofree char *a = format_kg (kg_importer);
        g_autofree char *b = format_kg (MAX (0, kg - kg_importer));

        /* TRANSLATORS: the importing country's rows of a trade flow and
         * their quantity, e.g. "Thailand: 24 rows, 1,100 t" */
        by_importer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %'u row, %s",
                                                    "%s: %'u rows, %s", n_importer),
                                       importer, n_importer, a);
        by_exporter = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %'u row, %s",
                                                    "%s: %'u rows, %s", n_rows - n_importer),
                                       exporter, n_rows - n_importer, b);
        if (n_importer > 0)
          g_variant_builder_add (&rows, "(ss)", _("Importer’s figures"), by_importer);
        /* TRANSLATORS: a details row: the exporter's figures, taken only
         * for the months the importer gave none */
        if (n_rows > n_importer)
          g_variant_builder_add (&rows, "(ss)", _("Exporter’s, where the importer gave none"), by_exporter);
      }
      files = file_names (ot_trade_layer_get_table (layer), mask);
      g_variant_builder_add (&rows, "(ss)", _("Files"), files);
      return g_variant_ref_sink (g_variant_new ("(sa(ss))", heading, &rows));
    }
  if (trade_place (layer, kind, id, &country))
    {
      g_autofree char *heading = country_name (country);
      g_autofree char *out_kg = NULL;
      g_autofree char *in_kg = NULL;
      double out, in;

      place_totals (layer, country, &out, &in);
      out_kg = format_kg (out);
      in_kg = format_kg (in);
      g_variant_builder_add (&rows, "(ss)", _("Kind"), _("Country only in trade statistics"));
      g_variant_builder_add (&rows, "(ss)", _("Exports"), out_kg);
      g_variant_builder_add (&rows, "(ss)", _("Imports"), in_kg);
      return g_variant_ref_sink (g_variant_new ("(sa(ss))", heading, &rows));
    }
  g_variant_builder_clear (&rows);
  return NULL;
}
