/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-chart-details.c: ot_chart_get_details(), the facts the window's
 * details pane shows for a mark, built from the chart's public API (its
 * network: vertex and edge facts in the network and map views, where node
 * and edge ids are network indices; an analysis of that network:
 * betweenness; the incidents behind any mark) and the names the views
 * share (ot-view-private.h: countries in the user's language, roles). */
#include "ot-chart.h"
#include "ot-numeric.h"
#include "ot-view-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* "850 kg", "12.5 t", "3,366 t" (grouped as the locale does). */
static char *
format_kg (double kg)
{
  if (kg < 1000)
    return g_strdup_printf (_("%.0f kg"), kg);
  if (kg < 100000)
    return g_strdup_printf (_("%.1f t"), kg / 1000);
  return g_strdup_printf (_("%'.0f t"), kg / 1000);
}

/* The heading: what describe() says before its first " · ". */
static char *
heading_for (OtChart   *self,
             OtHitKind  kind,
             guint      id)
{
  g_autofree char *what = ot_chart_describe (self, kind, id);
  const char *dot;

  if (what == NULL)
    return NULL;
  dot = strstr (what, " · ");
  return dot != NULL ? g_strndup (what, dot - what) : g_steal_pointer (&what);
}

static const char *
kind_label (OtHitKind kind)
{
  switch (kind)
    {
    case OT_HIT_NODE:
      return _("Place or party");
    case OT_HIT_EDGE:
      return _("Route leg");
    case OT_HIT_BAND:
      return _("Flow");
    case OT_HIT_MARKER:
      return _("Event");
    case OT_HIT_AREA:
    case OT_HIT_NONE:
    default:
      return _("Area");
    }
}

/* The most frequent non-empty value of a string field, or NULL. */
static const char *
most_common (GHashTable *counts,
             guint      *n_out)
{
  GHashTableIter iter;
  gpointer key, value;
  const char *best = NULL;
  guint best_n = 0;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > best_n ||
        (GPOINTER_TO_UINT (value) == best_n && g_strcmp0 (key, best) < 0))
      {
        best = key;
        best_n = GPOINTER_TO_UINT (value);
      }
  *n_out = best_n;
  return best;
}

static void
count_value (GHashTable *counts,
             const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_hash_table_insert (counts, (gpointer) value,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, value)) + 1));
}

static void
add_most_common (GVariantBuilder *rows,
                 const char      *label,
                 GHashTable      *counts)
{
  guint n = 0;
  const char *value = most_common (counts, &n);
  g_autofree char *text = NULL;

  if (value == NULL)
    return;
  /* Translators: a label and how many incidents gave it, e.g. "solder paste (3×)" */
  text = g_strdup_printf (_("%s (%u×)"), value, n);
  g_variant_builder_add (rows, "(ss)", label, text);
}

static const char *
vertex_kind_label (OtVertexKind kind)
{
  switch (kind)
    {
    case OT_VERTEX_COUNTRY:
      return _("Country");
    case OT_VERTEX_COMPANY:
      return _("Company");
    case OT_VERTEX_HUB:
      return _("Transshipment hub");
    case OT_N_VERTEX_KINDS:
    default:
      return _("Place");
    }
}

/* Position of @vertex by descending betweenness, 1-based, and how many. */
static guint
betweenness_rank (OtAnalysis *analysis,
                  guint       vertex,
                  guint      *n_out)
{
  g_autoptr(GArray) ranked = ot_analysis_rank (analysis, OT_RANK_BETWEENNESS, 0);

  *n_out = ranked->len;
  for (guint i = 0; i < ranked->len; i++)
    if (g_array_index (ranked, guint, i) == vertex)
      return i + 1;
  return 0;
}

static void
add_vertex_facts (OtNetwork       *network,
                  OtAnalysis      *analysis,
                  guint            id,
                  GVariantBuilder *rows)
{
  const OtVertex *v = ot_network_get_vertex (network, id);
  g_autoptr(GString) roles = g_string_new (NULL);
  g_autofree char *in = format_kg (v->kg_in);
  g_autofree char *out = format_kg (v->kg_out);
  g_autofree char *through = NULL;

  g_variant_builder_add (rows, "(ss)", _("Kind"), vertex_kind_label (v->kind));
  if (OT_COUNTRY_IS_SET (v->country))
    g_variant_builder_add (rows, "(ss)", _("Country"), ot_country_display_name (v->country.code));
  for (OtRole r = 0; r < OT_N_ROLES; r++)
    if (v->roles & OT_ROLE_BIT (r))
      g_string_append_printf (roles, "%s%s", roles->len > 0 ? ", " : "", ot_view_role_label (r));
  if (roles->len > 0)
    g_variant_builder_add (rows, "(ss)", _("Roles"), roles->str);
  /* Translators: kg arriving and leaving a place, e.g. "2.0 t in · 1.5 t out" */
  through = g_strdup_printf (_("%s in · %s out"), in, out);
  g_variant_builder_add (rows, "(ss)", _("Throughput"), through);
  if (v->kg_out > 0)
    {
      /* Translators: share of the outgoing kg that had arrived from another country */
      g_autofree char *score = g_strdup_printf (_("%.0f %% of the kg out"), 100 * v->transshipment);

      g_variant_builder_add (rows, "(ss)", _("Transshipment"), score);
    }
  if (analysis != NULL && ot_analysis_get_network (analysis) == network)
    {
      guint n = 0, rank = betweenness_rank (analysis, id, &n);
      g_autofree char *text = NULL;

      double score = ot_analysis_get_score (analysis, id, OT_RANK_BETWEENNESS);

      if (ot_analysis_get_betweenness_sources (analysis) > 0)
        /* Translators: an estimated betweenness score and its rank, e.g.
         * "≈0.412 (rank 2 of 30)"; "≈" says it is estimated */
        text = g_strdup_printf (_("≈%.3f (rank %u of %u)"), score, rank, n);
      else
        /* Translators: a betweenness score and its rank, e.g. "0.412 (2nd of 30)" */
        text = g_strdup_printf (_("%.3f (rank %u of %u)"), score, rank, n);
      g_variant_builder_add (rows, "(ss)", _("Betweenness"), text);
    }
}

static void
add_edge_facts (OtNetwork       *network,
                 guint            id,
                 GVariantBuilder *rows)
{
  const OtEdge *e = ot_network_get_edge (network, id);
  g_autofree char *route = g_strdup_printf ("%s → %s",
                                            ot_view_vertex_label (ot_network_get_vertex (network, e->from)),
                                            ot_view_vertex_label (ot_network_get_vertex (network, e->to)));
  g_autoptr(GString) minerals = g_string_new (NULL);
  guint n_confirmed = 0, first, n;

  /* The flow between the two places: all its minerals (their totals
   * follow, one row each). */
  ot_view_edge_pair (network, id, &first, &n);
  for (guint k = first; k < first + n; k++)
    {
      const OtEdge *edge = ot_network_get_edge (network, k);

      if (minerals->len > 0)
        g_string_append (minerals, ", ");
      g_string_append (minerals, edge->mineral != OT_MINERAL_NONE ? ot_mineral_label (edge->mineral)
                                                                  : _("not given"));
      for (OtStatus st = 0; st < OT_N_STATUS; st++)
        if (ot_status_is_confirmed (st))
          n_confirmed += edge->n_status[st];
    }
  g_variant_builder_add (rows, "(ss)", _("Kind"), _("Route leg"));
  g_variant_builder_add (rows, "(ss)", _("Route"), route);
  g_variant_builder_add (rows, "(ss)", n > 1 ? _("Minerals") : _("Mineral"), minerals->str);
  g_variant_builder_add (rows, "(ss)", _("Evidence"),
                         n_confirmed > 0 ? _("seized, charged or convicted") : _("alleged or reported only"));
}

/* Vertex and edge facts from the chart's network; FALSE when the mark is
 * not a network vertex or edge (flow bars and bands, event markers). */
static gboolean
add_network_facts (OtChart         *self,
                   OtAnalysis      *analysis,
                   OtHitKind        kind,
                   guint            id,
                   GVariantBuilder *rows)
{
  g_autoptr(OtNetwork) network = ot_chart_get_network (self);

  if (network == NULL ||
      !(ot_view_kind_get_capabilities (ot_chart_get_view (self)) & OT_VIEW_CAP_NETWORK_MARKS))
    return FALSE;
  if (kind == OT_HIT_NODE && id < ot_network_get_n_vertices (network))
    add_vertex_facts (network, analysis, id, rows);
  else if (kind == OT_HIT_EDGE && id < ot_network_get_n_edges (network))
    add_edge_facts (network, id, rows);
  else
    return FALSE;
  return TRUE;
}

/* A summary's mark (docs/team-store.md, "Summary mode"): no incident is
 * held, so its counts, period and minerals come from the legs' sums: a
 * flow's legs (every mineral of the pair), or a place's legs in and out
 * (per mineral the larger of the two). */
static gboolean
add_summary_facts (OtChart         *self,
                   OtHitKind        kind,
                   guint            id,
                   GVariantBuilder *rows)
{
  g_autoptr(OtNetwork) network = ot_chart_get_network (self);
  guint n_minerals = ot_mineral_count ();
  g_autofree double *kg_in = g_new0 (double, n_minerals + 1);
  g_autofree double *kg_out = g_new0 (double, n_minerals + 1);
  g_autofree guint *n_in = g_new0 (guint, n_minerals + 1);
  g_autofree guint *n_out = g_new0 (guint, n_minerals + 1);
  g_autofree char *count = NULL;
  guint n = 0, n_confirmed = 0;
  guint32 first = 0, last = 0;
  const guint *in = NULL, *out = NULL;
  guint n_in_edges = 0, n_out_edges = 0, pair_first = 0;

  if (network == NULL || !ot_network_is_summarised (network))
    return FALSE;
  if (kind == OT_HIT_NODE && id < ot_network_get_n_vertices (network))
    {
      in = ot_network_get_in_edges (network, id, &n_in_edges);
      out = ot_network_get_out_edges (network, id, &n_out_edges);
      n = ot_network_get_vertex (network, id)->n_incidents;
    }
  else if (kind == OT_HIT_EDGE && id < ot_network_get_n_edges (network))
    ot_view_edge_pair (network, id, &pair_first, &n_out_edges);
  else
    return FALSE;
  for (guint k = 0; k < n_in_edges + n_out_edges; k++)
    {
      gboolean arriving = k < n_in_edges;
      guint e = arriving ? in[k] : out != NULL ? out[k - n_in_edges] : pair_first + k;
      const OtEdge *edge = ot_network_get_edge (network, e);
      guint m = edge->mineral < n_minerals ? edge->mineral : n_minerals;

      if (arriving)
        {
          n_in[m] += edge->n_incidents;
          kg_in[m] = ot_kg_add (kg_in[m], edge->kg);
        }
      else
        {
          n_out[m] += edge->n_incidents;
          kg_out[m] = ot_kg_add (kg_out[m], edge->kg);
        }
      if (kind == OT_HIT_EDGE)
        {
          n += edge->n_incidents;
          for (guint st = 0; st < OT_N_STATUS; st++)
            if (ot_status_is_confirmed (st))
              n_confirmed += edge->n_status[st];
        }
      if (edge->first_day != 0 && (first == 0 || edge->first_day < first))
        first = edge->first_day;
      last = MAX (last, edge->last_day);
    }
  if (kind == OT_HIT_EDGE)
    count = g_strdup_printf (ngettext ("%'u, %'u confirmed by an authority (the team store's sums)",
                                       "%'u, %'u confirmed by an authority (the team store's sums)", n),
                             n, n_confirmed);
  else
    count = g_strdup_printf (ngettext ("%'u (summed from its legs in the team store)",
                                       "%'u (summed from its legs in the team store)", n), n);
  g_variant_builder_add (rows, "(ss)", _("Incidents"), count);
  if (first != 0)
    {
      g_autoptr(GDate) a = g_date_new_julian (first);
      g_autoptr(GDate) b = g_date_new_julian (MAX (first, last));
      char from[32], to[32];
      g_autofree char *period = NULL;

      g_date_strftime (from, sizeof from, "%Y-%m-%d", a);
      g_date_strftime (to, sizeof to, "%Y-%m-%d", b);
      period = g_str_equal (from, to) ? g_strdup (from) : g_strdup_printf ("%s – %s", from, to);
      g_variant_builder_add (rows, "(ss)", _("Period"), period);
    }
  for (guint m = 0; m < n_minerals; m++)
    {
      guint count_m = MAX (n_in[m], n_out[m]);
      double kg = MAX (kg_in[m], kg_out[m]);

      if (count_m > 0)
        {
          g_autofree char *amount = kg > 0 ? format_kg (kg) : g_strdup (_("quantity not given"));
          g_autofree char *text = g_strdup_printf (ngettext ("%s · %'u incident", "%s · %'u incidents", count_m),
                                                   amount, count_m);

          g_variant_builder_add (rows, "(ss)", ot_mineral_label (m), text);
        }
    }
  return TRUE;
}

GVariant *
ot_chart_get_details (OtChart    *self,
                      OtAnalysis *analysis,
                      OtHitKind   kind,
                      guint       id)
{
  g_autoptr(GArray) incidents = NULL;
  g_autoptr(GHashTable) declared = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) concealment = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree double *kg = NULL;
  g_autofree guint *n_mineral = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *count = NULL;
  const OtIncident *first = NULL, *last = NULL;
  OtDataset *dataset = ot_chart_get_dataset (self);
  guint n_confirmed = 0, n_minerals = ot_mineral_count ();
  GVariantBuilder rows;

  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  if (dataset == NULL || kind == OT_HIT_NONE)
    return NULL;
  /* A mark of the trade statistics' layer (issue 18): its own facts. */
  if (OT_CHART_IS_TRADE_ID (id) &&
      (ot_view_kind_get_capabilities (ot_chart_get_view (self)) & OT_VIEW_CAP_NETWORK_MARKS))
    {
      g_autoptr(OtTradeLayer) trade = ot_chart_get_trade_layer (self);

      return ot_view_trade_details (trade, kind, id);
    }
  if ((heading = heading_for (self, kind, id)) == NULL)
    return NULL;

  incidents = ot_chart_get_incidents_for (self, kind, id);
  kg = g_new0 (double, n_minerals);
  n_mineral = g_new0 (guint, n_minerals);
  for (guint i = 0; i < incidents->len; i++)
    {
      const OtIncident *inc = ot_dataset_get_incident (dataset, g_array_index (incidents, guint, i));

      if (inc->mineral < n_minerals)
        {
          n_mineral[inc->mineral]++;
          if (ot_incident_has_quantity (inc))
            kg[inc->mineral] = ot_kg_add (kg[inc->mineral], inc->quantity_kg);
        }
      n_confirmed += ot_status_is_confirmed (inc->status);
      if (inc->date.precision != OT_DATE_NONE)
        {
          if (first == NULL || ot_date_first_day (&inc->date) < ot_date_first_day (&first->date))
            first = inc;
          if (last == NULL || ot_date_last_day (&inc->date) > ot_date_last_day (&last->date))
            last = inc;
        }
      count_value (declared, inc->declared_as);
      count_value (concealment, inc->concealment);
    }

  g_variant_builder_init (&rows, G_VARIANT_TYPE ("a(ss)"));
  if (!add_network_facts (self, analysis, kind, id, &rows))
    g_variant_builder_add (&rows, "(ss)", _("Kind"), kind_label (kind));
  if (add_summary_facts (self, kind, id, &rows))
    return g_variant_ref_sink (g_variant_new ("(sa(ss))", heading, &rows));
  count = g_strdup_printf (ngettext ("%'u, %'u confirmed by an authority", "%'u, %'u confirmed by an authority",
                                     incidents->len), incidents->len, n_confirmed);
  g_variant_builder_add (&rows, "(ss)", _("Incidents"), count);
  if (first != NULL)
    {
      g_autofree char *from = ot_date_to_display (&first->date);
      g_autofree char *to = ot_date_to_display (&last->date);
      g_autofree char *period = g_str_equal (from, to) ? g_strdup (from) : g_strdup_printf ("%s – %s", from, to);

      g_variant_builder_add (&rows, "(ss)", _("Period"), period);
    }
  for (guint m = 0; m < n_minerals; m++)
    if (n_mineral[m] > 0)
      {
        g_autofree char *amount = kg[m] > 0 ? format_kg (kg[m]) : g_strdup (_("quantity not given"));
        g_autofree char *text = g_strdup_printf (ngettext ("%s · %'u incident", "%s · %'u incidents", n_mineral[m]),
                                                 amount, n_mineral[m]);

        g_variant_builder_add (&rows, "(ss)", ot_mineral_label (m), text);
      }
  add_most_common (&rows, _("Declared as"), declared);
  add_most_common (&rows, _("Concealment"), concealment);

  return g_variant_ref_sink (g_variant_new ("(sa(ss))", heading, &rows));
}

GVariant *
ot_chart_get_entity (OtChart   *self,
                     OtHitKind  kind,
                     guint      id)
{
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(GPtrArray) aliases = NULL;
  g_autoptr(GArray) incidents = NULL;
  g_autofree guint *counts = NULL;
  OtDataset *dataset = ot_chart_get_dataset (self);
  const OtVertex *v;
  GVariantBuilder rows;

  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  if (dataset == NULL || kind != OT_HIT_NODE ||
      !(ot_view_kind_get_capabilities (ot_chart_get_view (self)) & OT_VIEW_CAP_NETWORK_MARKS) ||
      (network = ot_chart_get_network (self)) == NULL || id >= ot_network_get_n_vertices (network))
    return NULL;
  v = ot_network_get_vertex (network, id);
  if (v->kind != OT_VERTEX_COMPANY || v->entity == NULL)
    return NULL;

  aliases = ot_dataset_get_company_aliases (dataset, v->entity);
  counts = g_new0 (guint, MAX (aliases->len, 1));
  incidents = ot_chart_get_incidents_for (self, kind, id);
  for (guint i = 0; i < incidents->len; i++)
    {
      const OtIncident *inc = ot_dataset_get_incident (dataset, g_array_index (incidents, guint, i));

      for (guint a = 0; a < aliases->len; a++)
        if (g_strcmp0 (inc->exporter, aliases->pdata[a]) == 0 ||
            g_strcmp0 (inc->consignee, aliases->pdata[a]) == 0)
          counts[a]++;
    }
  g_variant_builder_init (&rows, G_VARIANT_TYPE ("a(su)"));
  for (guint a = 0; a < aliases->len; a++)
    g_variant_builder_add (&rows, "(su)", (const char *) aliases->pdata[a], counts[a]);
  return g_variant_ref_sink (g_variant_new ("(sa(su))", v->entity, &rows));
}
