/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-view.c: the encoding the three views share (colours, sizes, dashes,
 * curves, selection, legend).  See docs/views.md. */
#include "ot-view-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include "ot-numeric.h"

void
ot_view_layout_init (OtViewLayout      *layout,
                     const OtViewClass *klass,
                     OtViewKind         kind)
{
  layout->klass = klass;
  layout->kind = kind;
  layout->marks = g_array_new (FALSE, TRUE, sizeof (OtViewMark));
  layout->nodes = g_array_new (FALSE, TRUE, sizeof (OtViewMark));
  layout->bands = g_array_new (FALSE, TRUE, sizeof (OtViewMark));
  layout->flows = g_array_new (FALSE, TRUE, sizeof (OtViewMark));
  layout->positions = NULL;
}

static void
clear_marks (GArray *marks)
{
  for (guint i = 0; marks && i < marks->len; i++)
    {
      OtViewMark *m = &g_array_index (marks, OtViewMark, i);

      g_clear_pointer (&m->label, g_free);
      g_clear_pointer (&m->incidents, g_array_unref);
      g_clear_pointer (&m->edges, g_array_unref);
    }
  g_clear_pointer (&marks, g_array_unref);
}

void
ot_view_layout_clear (OtViewLayout *layout)
{
  clear_marks (layout->marks);
  clear_marks (layout->nodes);
  clear_marks (layout->bands);
  clear_marks (layout->flows);
  layout->marks = layout->nodes = layout->bands = layout->flows = NULL;
  g_clear_pointer (&layout->positions, g_hash_table_unref);
}

void
ot_view_mark_add_incident (OtViewMark *mark,
                           guint       incident)
{
  if (mark->incidents == NULL)
    mark->incidents = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (mark->incidents, incident);
}

/* ---- encoding ---------------------------------------------------------- */

OtRgba
ot_view_hex (const char *hex,
             double      alpha)
{
  OtRgba c;

  ot_rgba_parse_hex (&c, hex);
  c.a = alpha;
  return c;
}

OtRgba
ot_view_mineral_rgba (const OtTheme *theme,
                      OtMineral      mineral,
                      double         alpha)
{
  OtRgba c = { 0, 0, 0, alpha };

  ot_mineral_color_for_theme (mineral, theme != NULL && theme->dark, &c.r, &c.g, &c.b);
  return c;
}

OtRole
ot_view_vertex_role (const OtVertex *vertex)
{
  static const OtRole order[] = { OT_ROLE_HUB, OT_ROLE_ORIGIN, OT_ROLE_DESTINATION };
  OtRole best = OT_ROLE_ORIGIN;
  guint best_n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    if (vertex->n_role[order[k]] > best_n)
      {
        best = order[k];
        best_n = vertex->n_role[order[k]];
      }
  if (best_n == 0 && (vertex->roles & OT_ROLE_BIT (OT_ROLE_DESTINATION)))
    best = OT_ROLE_DESTINATION;
  return best;
}

OtRgba
ot_view_vertex_fill (const OtVertex *vertex)
{
  if (vertex->kind == OT_VERTEX_COMPANY)
    return ot_view_hex (OT_VIEW_COLOR_COMPANY, 1);
  if (vertex->kind == OT_VERTEX_HUB)
    return ot_view_hex (OT_VIEW_COLOR_HUB, 1);
  switch (ot_view_vertex_role (vertex))
    {
    case OT_ROLE_HUB:
      return ot_view_hex (OT_VIEW_COLOR_HUB, 1);
    case OT_ROLE_DESTINATION:
      return ot_view_hex (OT_VIEW_COLOR_DESTINATION, 1);
    case OT_ROLE_ORIGIN:
    case OT_ROLE_EXPORTER:
    case OT_ROLE_CONSIGNEE:
    case OT_N_ROLES:
    default:
      return ot_view_hex (OT_VIEW_COLOR_ORIGIN, 1);
    }
}

OtNodeShape
ot_view_vertex_shape (const OtVertex *vertex)
{
  switch (vertex->kind)
    {
    case OT_VERTEX_COMPANY:
      return OT_NODE_SQUARE;
    case OT_VERTEX_HUB:
      return OT_NODE_DIAMOND;
    case OT_VERTEX_COUNTRY:
    case OT_N_VERTEX_KINDS:
    default:
      return OT_NODE_CIRCLE;
    }
}

double
ot_view_vertex_kg (const OtVertex *vertex)
{
  return MAX (vertex->kg_in, vertex->kg_out);
}

/* 4 px for a vertex with no known quantity, up to 18 px for the largest;
 * a few incidents add a little so busy places without quantities show. */
double
ot_view_vertex_radius (const OtVertex *vertex,
                       double          max_kg)
{
  double kg = ot_view_vertex_kg (vertex);
  double r = 4.5;

  if (max_kg > 0 && kg > 0)
    r += 13.5 * sqrt (kg / max_kg);
  r += MIN (3.0, 0.5 * vertex->n_incidents);
  return r;
}

const char *
ot_view_role_label (OtRole role)
{
  switch (role)
    {
    case OT_ROLE_ORIGIN:
      return _("origin");
    case OT_ROLE_HUB:
      return _("hub");
    case OT_ROLE_DESTINATION:
      return _("destination");
    case OT_ROLE_EXPORTER:
      return _("exporter");
    case OT_ROLE_CONSIGNEE:
      return _("consignee");
    case OT_N_ROLES:
    default:
      return "";
    }
}

const char *
ot_view_vertex_label (const OtVertex *vertex)
{
  const char *name = NULL;

  g_assert (vertex != NULL);

  if (vertex->kind == OT_VERTEX_COUNTRY && OT_COUNTRY_IS_SET (vertex->country))
    name = ot_country_display_name (vertex->country.code);
  return name != NULL ? name : vertex->label;
}

double
ot_view_kind_label_boost (const OtVertex *vertex)
{
  return vertex->kind == OT_VERTEX_COUNTRY ? 1000 : vertex->kind == OT_VERTEX_HUB ? 500 : 0;
}

double
ot_view_vertex_importance (const OtVertex *vertex)
{
  return log1p (ot_view_vertex_kg (vertex)) + 2.0 * vertex->n_incidents;
}

gboolean
ot_view_incident_confirmed (const OtIncident *incident)
{
  return ot_status_is_confirmed (incident->status);
}

gboolean
ot_view_vertex_illustrative (const OtVertex *vertex)
{
  return vertex->n_incidents > 0 && vertex->n_illustrative >= vertex->n_incidents;
}

gboolean
ot_view_edge_alleged_only (const OtEdge *edge)
{
  for (guint s = 0; s < OT_N_STATUS; s++)
    if (edge->n_status[s] > 0 && ot_status_is_confirmed (s))
      return FALSE;
  return TRUE;
}

double
ot_view_max_edge_kg (OtNetwork *network)
{
  guint ne = ot_network_get_n_edges (network);
  double max = 0;

  /* Flows are drawn per ordered pair of places: the widest is the
   * heaviest pair, all minerals together. */
  for (guint e = 0; e < ne;)
    {
      guint first, n;

      ot_view_edge_pair (network, e, &first, &n);
      max = MAX (max, ot_view_pair_kg (network, first, n));
      e = first + n;
    }
  return max;
}

void
ot_view_edge_pair (OtNetwork *network,
                   guint      e,
                   guint     *first,
                   guint     *n)
{
  guint ne = ot_network_get_n_edges (network), lo = e, hi = e + 1;
  const OtEdge *edge;

  if (e >= ne)
    {
      *first = e;
      *n = 0;
      return;
    }
  edge = ot_network_get_edge (network, e);
  /* Edges are sorted by (from, to, mineral): a pair is a contiguous run. */
  while (lo > 0 && ot_network_get_edge (network, lo - 1)->from == edge->from
         && ot_network_get_edge (network, lo - 1)->to == edge->to)
    lo--;
  while (hi < ne && ot_network_get_edge (network, hi)->from == edge->from
         && ot_network_get_edge (network, hi)->to == edge->to)
    hi++;
  *first = lo;
  *n = hi - lo;
}

double
ot_view_pair_kg (OtNetwork *network,
                 guint      first,
                 guint      n)
{
  double kg = 0;

  for (guint k = first; k < first + n; k++)
    kg = ot_kg_add (kg, ot_network_get_edge (network, k)->kg);
  return kg;
}

double
ot_view_max_vertex_kg (OtNetwork *network)
{
  double max = 0;

  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    max = MAX (max, ot_view_vertex_kg (ot_network_get_vertex (network, v)));
  return max;
}

/* ---- selection ----------------------------------------------------------- */

static void
focus_vertex (OtViewFocus *focus,
              OtNetwork   *network,
              guint        v)
{
  const guint *edges;
  guint n;

  focus->vertices[v] = TRUE;
  edges = ot_network_get_out_edges (network, v, &n);
  for (guint k = 0; k < n; k++)
    {
      focus->edges[edges[k]] = TRUE;
      focus->vertices[ot_network_get_edge (network, edges[k])->to] = TRUE;
    }
  edges = ot_network_get_in_edges (network, v, &n);
  for (guint k = 0; k < n; k++)
    {
      focus->edges[edges[k]] = TRUE;
      focus->vertices[ot_network_get_edge (network, edges[k])->from] = TRUE;
    }
}

static gboolean
picked (const OtViewInput *input,
        const guint       *incidents,
        guint              n)
{
  for (guint k = 0; k < n; k++)
    if (incidents[k] < input->n_sel_incidents && input->sel_incidents[incidents[k]])
      return TRUE;
  return FALSE;
}

/* The paths of the picked incidents: their edges, the edges' ends and
 * the markers of their events. */
static void
focus_incidents (OtViewFocus        *focus,
                 const OtViewInput  *input,
                 const OtViewLayout *layout)
{
  OtNetwork *network = input->network;
  guint nv = ot_network_get_n_vertices (network), ne = ot_network_get_n_edges (network);
  guint nm = layout->marks->len;

  focus->vertices = g_new0 (gboolean, MAX (nv, 1));
  focus->edges = g_new0 (gboolean, MAX (ne, 1));
  focus->marks = g_new0 (gboolean, MAX (nm, 1));
  focus->active = TRUE;

  for (guint e = 0; e < ne; e++)
    {
      guint n;
      const guint *incidents = ot_network_get_edge_incidents (network, e, &n);

      if (picked (input, incidents, n))
        {
          const OtEdge *edge = ot_network_get_edge (network, e);

          focus->edges[e] = TRUE;
          focus->vertices[edge->from] = focus->vertices[edge->to] = TRUE;
        }
    }
  for (guint k = 0; k < nm; k++)
    {
      const OtViewMark *m = &g_array_index (layout->marks, OtViewMark, k);

      if (m->incidents != NULL && picked (input, &g_array_index (m->incidents, guint, 0),
                                          m->incidents->len))
        {
          focus->marks[k] = TRUE;
          if (m->vertex < nv)
            focus->vertices[m->vertex] = TRUE;
        }
    }
}

void
ot_view_focus_init (OtViewFocus        *focus,
                    const OtViewInput  *input,
                    const OtViewLayout *layout)
{
  OtNetwork *network = input->network;
  guint nv = ot_network_get_n_vertices (network), ne = ot_network_get_n_edges (network);
  guint nm = layout->marks->len;

  memset (focus, 0, sizeof *focus);
  focus->sel_mark = G_MAXUINT;
  if (input->sel_incidents != NULL && input->sel_kind == OT_HIT_NONE)
    {
      focus_incidents (focus, input, layout);
      return;
    }
  if (input->sel_kind == OT_HIT_NONE)
    return;

  focus->vertices = g_new0 (gboolean, MAX (nv, 1));
  focus->edges = g_new0 (gboolean, MAX (ne, 1));
  focus->marks = g_new0 (gboolean, MAX (nm, 1));
  focus->active = TRUE;

  if (input->sel_kind == OT_HIT_NODE && input->sel_id < nv && layout->kind != OT_VIEW_FLOW)
    focus_vertex (focus, network, input->sel_id);
  else if (input->sel_kind == OT_HIT_EDGE && input->sel_id < ne)
    {
      const OtEdge *e = ot_network_get_edge (network, input->sel_id);
      guint first, n;

      /* A flow is drawn per pair of places: all its minerals stay. */
      ot_view_edge_pair (network, input->sel_id, &first, &n);
      for (guint k = first; k < first + n; k++)
        focus->edges[k] = TRUE;
      focus->vertices[e->from] = focus->vertices[e->to] = TRUE;
    }
  else if (input->sel_kind == OT_HIT_EDGE && input->sel_id >= ne &&
           input->sel_id - ne < layout->flows->len)
    {
      const OtViewMark *m = &g_array_index (layout->flows, OtViewMark, input->sel_id - ne);

      /* A merged flow (ports clustered on the map): all its pairs stay. */
      for (guint k = 0; k < m->edges->len; k++)
        {
          const OtEdge *e = ot_network_get_edge (network, g_array_index (m->edges, guint, k));

          focus->edges[g_array_index (m->edges, guint, k)] = TRUE;
          focus->vertices[e->from] = focus->vertices[e->to] = TRUE;
        }
    }
  else if (input->sel_kind == OT_HIT_MARKER && input->sel_id < nm)
    {
      const OtViewMark *m = &g_array_index (layout->marks, OtViewMark, input->sel_id);

      focus->marks[input->sel_id] = TRUE;
      focus->sel_mark = input->sel_id;
      if (m->vertex < nv)
        focus->vertices[m->vertex] = TRUE;
    }
  else
    {
      /* Nothing this view drew: fade nothing. */
      ot_view_focus_clear (focus);
      return;
    }
  /* Markers at a focused vertex stay visible. */
  for (guint k = 0; k < nm; k++)
    {
      const OtViewMark *m = &g_array_index (layout->marks, OtViewMark, k);

      if (m->vertex < nv && focus->vertices[m->vertex] && input->sel_kind == OT_HIT_NODE)
        focus->marks[k] = TRUE;
    }
}

void
ot_view_focus_clear (OtViewFocus *focus)
{
  g_clear_pointer (&focus->vertices, g_free);
  g_clear_pointer (&focus->edges, g_free);
  g_clear_pointer (&focus->marks, g_free);
  focus->active = FALSE;
  focus->sel_mark = G_MAXUINT;
}

OtMarkFlags
ot_view_focus_flags (const OtViewFocus *focus,
                     const gboolean    *set,
                     guint              index,
                     gboolean           selected)
{
  if (!focus->active)
    return 0;
  if (selected)
    return OT_MARK_SELECTED;
  return set != NULL && set[index] ? 0 : OT_MARK_FADED;
}

/* ---- chrome -------------------------------------------------------------- */

typedef struct {
  OtMineral mineral;
  double    kg;
  guint     n;
  char     *label;    /* a family's legend line; NULL: the mineral's name */
} MineralTotal;

static int
compare_totals (gconstpointer a,
                gconstpointer b)
{
  const MineralTotal *ta = a, *tb = b;

  if (ta->n != tb->n)
    return ta->n > tb->n ? -1 : 1;
  if (ta->kg != tb->kg)
    return ta->kg > tb->kg ? -1 : 1;
  return (int) ta->mineral - (int) tb->mineral;
}

/* Minerals of the included incidents, most incidents first. */
static GArray *
minerals_present (OtNetwork *network)
{
  OtDataset *dataset = ot_network_get_dataset (network);
  guint n_mask = 0;
  const guint8 *mask = ot_network_get_mask (network, &n_mask);
  MineralTotal totals[256] = { { 0 } };
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MineralTotal));

  for (guint i = 0; i < n_mask; i++)
    {
      const OtIncident *incident;

      if (!mask[i])
        continue;
      incident = ot_dataset_get_incident (dataset, i);
      totals[incident->mineral].mineral = incident->mineral;
      totals[incident->mineral].n++;
      if (ot_incident_has_quantity (incident))
        totals[incident->mineral].kg = ot_kg_add (totals[incident->mineral].kg,
                                                  incident->quantity_kg);
    }
  for (guint m = 0; m < G_N_ELEMENTS (totals); m++)
    if (totals[m].n > 0)
      g_array_append_val (out, totals[m]);
  g_array_sort (out, compare_totals);
  return out;
}

/* Whether some flow merges thin minerals into an "other minerals" part. */
static gboolean
any_other_minerals (const OtViewInput *input)
{
  OtNetwork *network = input->network;
  guint ne = ot_network_get_n_edges (network);
  g_autofree OtSceneEdgePart *parts = NULL;
  guint n_alloc = 0;

  for (guint e = 0; e < ne;)
    {
      guint first, n;
      gboolean merged = FALSE;

      ot_view_edge_pair (network, e, &first, &n);
      e = first + n;
      if (n < 2)
        continue;
      if (2 * n + 1 > n_alloc)
        {
          n_alloc = 2 * n + 1;
          parts = g_renew (OtSceneEdgePart, parts, n_alloc);
        }
      ot_view_pair_parts (input, first, n,
                          ot_scene_width_for_kg (input->max_edge_kg, ot_view_pair_kg (network, first, n),
                                                 OT_VIEW_MIN_WIDTH, OT_VIEW_MAX_WIDTH),
                          parts, &merged);
      if (merged)
        return TRUE;
    }
  return FALSE;
}

static void
clear_total (gpointer data)
{
  g_free (((MineralTotal *) data)->label);
}

/* The legend's mineral lines: single rare earths of one family (one
 * colour) merge into one line that names the family and its elements
 * present, "Heavy rare earths (Dy, Tb, Gd …)"; most incidents first. */
static GArray *
legend_minerals (GArray *totals)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (MineralTotal));
  guint family_line[3] = { G_MAXUINT, G_MAXUINT, G_MAXUINT };
  guint n_symbols[3] = { 0 };
  GString *symbols[3] = { NULL };

  g_array_set_clear_func (out, clear_total);
  for (guint k = 0; k < totals->len; k++)
    {
      const MineralTotal *t = &g_array_index (totals, MineralTotal, k);
      OtMineralFamily f = ot_mineral_family (t->mineral);
      MineralTotal *line;

      if (f == OT_MINERAL_FAMILY_OWN)
        {
          g_array_append_val (out, *t);
          continue;
        }
      if (family_line[f] == G_MAXUINT)
        {
          family_line[f] = out->len;
          g_array_append_val (out, *t);
          symbols[f] = g_string_new (NULL);
        }
      else
        {
          line = &g_array_index (out, MineralTotal, family_line[f]);
          line->n += t->n;
          line->kg = ot_kg_add (line->kg, t->kg);
        }
      if (n_symbols[f]++ < 3)
        g_string_append_printf (symbols[f], "%s%s", n_symbols[f] > 1 ? ", " : "",
                                ot_mineral_symbol (t->mineral));
      else if (n_symbols[f] == 4)
        g_string_append (symbols[f], " …");
    }
  for (guint f = 0; f < G_N_ELEMENTS (symbols); f++)
    if (symbols[f] != NULL)
      {
        MineralTotal *line = &g_array_index (out, MineralTotal, family_line[f]);

        /* TRANSLATORS: a legend line, "Heavy rare earths (Dy, Tb …)" */
        line->label = g_strdup_printf (_("%s (%s)"), ot_mineral_family_label (f), symbols[f]->str);
        g_string_free (symbols[f], TRUE);
      }
  g_array_sort (out, compare_totals);
  return out;
}

void
ot_view_add_chrome (OtScene           *scene,
                    const OtViewInput *input,
                    OtViewChrome       parts)
{
  const OtTheme *theme = input->theme;
  g_autoptr(GArray) present = minerals_present (input->network);
  g_autoptr(GArray) minerals = legend_minerals (present);
  OtRgba muted = theme->text_muted;
  guint shown = 0;

  ot_scene_set_title (scene, input->title);
  ot_scene_set_subtitle (scene, input->subtitle);
  ot_scene_set_source (scene, input->source);
  ot_scene_set_empty_message (scene, input->empty_message);
  /* No marks: no legend of them (the message says why). */
  if (input->empty_message != NULL)
    return;

  if (minerals->len > 0)
    ot_scene_legend_section (scene, (parts & OT_VIEW_CHROME_BANDS) ? _("Mineral")
                                    : _("Mineral (side by side, by share of kg)"));
  for (guint k = 0; k < minerals->len; k++)
    {
      const MineralTotal *t = &g_array_index (minerals, MineralTotal, k);
      OtRgba c = ot_view_mineral_rgba (theme, t->mineral, 1);

      /* Nine entries and an "other" line keep the legend short. */
      if (shown == 9 && minerals->len > 10)
        {
          g_autofree char *more = g_strdup_printf (_("%u more"), minerals->len - shown);

          ot_scene_legend_swatch (scene, &muted, more);
          break;
        }
      ot_scene_legend_swatch (scene, &c, t->label != NULL ? t->label
                                         : t->mineral == OT_MINERAL_NONE
                                         ? _("Not given") : ot_mineral_label (t->mineral));
      shown++;
    }

  ot_scene_legend_section (scene, _("Status"));
  if (parts & OT_VIEW_CHROME_BANDS)
    {
      OtRgba solid = muted;

      solid.a = 0.8;
      /* As for lines: status by form (filled or hollow), not by shade. */
      ot_scene_legend_line (scene, &solid, 8, OT_DASH_SOLID, _("Seized, charged or convicted"));
      ot_scene_legend_line (scene, &solid, 8, OT_DASH_HOLLOW, _("Alleged or reported only"));
      if (ot_scene_has_illustrative (scene, FALSE))
        ot_scene_legend_line (scene, &solid, 8, OT_DASH_SOLID | OT_DASH_ILLUSTRATIVE,
                              _("Illustrative (not a real incident)"));
      ot_scene_legend_section (scene, _("Band height"));
      ot_scene_legend_swatch (scene, &solid, _("Proportional to kg"));
      ot_scene_legend_line (scene, &solid, 1.5, OT_DASH_SOLID, _("Thinnest: not given"));
    }
  else
    {
      /* Status is drawn by the band's form, never by a lighter colour. */
      ot_scene_legend_line (scene, &muted, 6, OT_DASH_SOLID, _("Seized, charged or convicted"));
      ot_scene_legend_line (scene, &muted, 6, OT_DASH_HOLLOW, _("Alleged or reported only"));
      ot_scene_legend_line (scene, &muted, 2, OT_DASH_HOLLOW, _("Alleged, thin flow"));
      /* One row, also for a thin illustrative flow (dotted all along) and
       * a place known only from illustrative records (dashed outline):
       * they read as the same mark, and the legend stays short. */
      if (ot_scene_has_illustrative (scene, FALSE) || ot_scene_has_illustrative (scene, TRUE))
        ot_scene_legend_line (scene, &muted, 6, OT_DASH_SOLID | OT_DASH_ILLUSTRATIVE,
                              _("Illustrative (not a real incident)"));
      if (any_other_minerals (input))
        {
          OtRgba other = muted;

          other.a = 0.9;
          ot_scene_legend_swatch (scene, &other, _("Other minerals (thin shares)"));
        }
      ot_scene_legend_section (scene, _("Quantity (one flow per direction)"));
      ot_scene_legend_width_scale (scene, &muted, input->max_edge_kg,
                                   OT_VIEW_MIN_WIDTH, OT_VIEW_MAX_WIDTH);
      ot_scene_legend_line (scene, &muted, OT_VIEW_MIN_WIDTH, OT_DASH_SOLID, _("Not given"));
    }

  if (parts & OT_VIEW_CHROME_NODES)
    {
      OtRgba origin = ot_view_hex (OT_VIEW_COLOR_ORIGIN, 1);
      OtRgba hub = ot_view_hex (OT_VIEW_COLOR_HUB, 1);
      OtRgba dest = ot_view_hex (OT_VIEW_COLOR_DESTINATION, 1);
      OtRgba company = ot_view_hex (OT_VIEW_COLOR_COMPANY, 1);
      gboolean entities = ot_network_get_projection (input->network) == OT_PROJECTION_ENTITIES;

      ot_scene_legend_section (scene, _("Places"));
      ot_scene_legend_shape (scene, OT_NODE_CIRCLE, &origin, _("Origin country"));
      ot_scene_legend_shape (scene, OT_NODE_CIRCLE, &hub, _("Transit country"));
      ot_scene_legend_shape (scene, OT_NODE_CIRCLE, &dest, _("Destination country"));
      if (entities)
        {
          ot_scene_legend_shape (scene, OT_NODE_DIAMOND, &hub, _("Port or hub"));
          ot_scene_legend_shape (scene, OT_NODE_SQUARE, &company, _("Company"));
        }
    }
  if (parts & OT_VIEW_CHROME_MARKERS)
    {
      OtRgba confirmed = ot_view_hex (OT_VIEW_COLOR_CONFIRMED, 1);
      OtRgba reported = ot_view_hex (OT_VIEW_COLOR_REPORTED, 1);

      ot_scene_legend_section (scene, _("Events"));
      ot_scene_legend_marker (scene, OT_MARKER_STAR, &confirmed, _("Seizure or arrest"));
      ot_scene_legend_marker (scene, OT_MARKER_TRIANGLE, &reported, _("Other reported event"));
    }
}

/* ---- geometry ------------------------------------------------------------ */

void
ot_view_arc (OtPoint  a,
             OtPoint  b,
             double   bend,
             OtPoint *p)
{
  double dx = b.x - a.x, dy = b.y - a.y;

  /* (-dy, dx) is to the right of travel with y pointing down. */
  p[0] = a;
  p[1] = (OtPoint) { a.x + dx / 3 - dy * bend, a.y + dy / 3 + dx * bend };
  p[2] = (OtPoint) { a.x + 2 * dx / 3 - dy * bend, a.y + 2 * dy / 3 + dx * bend };
  p[3] = b;
}

double *
ot_view_edge_bends (OtNetwork *network,
                    double     base,
                    double     step)
{
  guint ne = ot_network_get_n_edges (network);
  double *bends = g_new0 (double, MAX (ne, 1));

  /* One flow per ordered pair of places, whatever its minerals: every
   * edge bends by @base, so a pair's edges share one curve, and bending
   * to the right of travel sends A->B and B->A to opposite sides.  @step
   * no longer fans minerals out (they are sub-bands of the one flow). */
  (void) step;
  for (guint e = 0; e < ne; e++)
    bends[e] = base;
  return bends;
}

void
ot_view_marker (const OtViewLayout *layout,
                const OtViewFocus  *focus,
                guint               k,
                double              offset,
                OtSceneMarker      *marker)
{
  const OtViewMark *m = &g_array_index (layout->marks, OtViewMark, k);
  guint n = m->incidents ? m->incidents->len : 1;

  memset (marker, 0, sizeof *marker);
  /* Confirmed events sit up-right of their place, others up-left, so
   * both kinds at one place show; the offset is in page px, so the
   * marker stays by its place at every zoom. */
  marker->x = m->x;
  marker->y = m->y;
  marker->dx = m->confirmed ? offset : -offset;
  marker->dy = -offset;
  marker->size = 9 + 2.5 * MIN (4.0, sqrt ((double) n) - 1);
  marker->shape = m->confirmed ? OT_MARKER_STAR : OT_MARKER_TRIANGLE;
  marker->color = ot_view_hex (m->confirmed ? OT_VIEW_COLOR_CONFIRMED : OT_VIEW_COLOR_REPORTED, 1);
  marker->id = k;
  marker->flags = ot_view_focus_flags (focus, focus->marks, k, k == focus->sel_mark);
  if (focus->active && focus->marks[k] && k != focus->sel_mark)
    marker->flags = 0;
  /* Shown with its place, as the budget of marks decides. */
  marker->has_place = m->vertex != G_MAXUINT;
  marker->place_id = m->vertex;
}

void
ot_view_add_markers (OtScene            *scene,
                     const OtViewLayout *layout,
                     const OtViewFocus  *focus,
                     double              offset)
{
  for (guint k = 0; k < layout->marks->len; k++)
    {
      OtSceneMarker marker;

      ot_view_marker (layout, focus, k, offset, &marker);
      ot_scene_add_marker (scene, &marker);
    }
}

/* ---- marks of network vertices and edges --------------------------------- */

typedef struct {
  guint    edge;      /* the first edge of its mineral: colour */
  double   weight;
  double   illustrative;   /* of @weight, from illustrative records */
  gboolean alleged;   /* every edge of its mineral is alleged only */
} PairShare;

static int
compare_shares (gconstpointer a,
                gconstpointer b)
{
  const PairShare *x = a, *y = b;

  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  return x->edge < y->edge ? -1 : x->edge > y->edge;
}

static double
edges_kg (OtNetwork   *network,
          const guint *edges,
          guint        n)
{
  double kg = 0;

  for (guint k = 0; k < n; k++)
    kg = ot_kg_add (kg, ot_network_get_edge (network, edges[k])->kg);
  return kg;
}

guint
ot_view_pair_parts (const OtViewInput *input,
                    guint              first,
                    guint              n,
                    double             width,
                    OtSceneEdgePart   *parts,
                    gboolean          *merged)
{
  g_autofree guint *edges = g_new (guint, MAX (n, 1));

  for (guint k = 0; k < n; k++)
    edges[k] = first + k;
  return ot_view_flow_parts (input, edges, n, width, parts, merged);
}

guint
ot_view_flow_parts (const OtViewInput *input,
                    const guint       *edges,
                    guint              n_edges,
                    double             width,
                    OtSceneEdgePart   *parts,
                    gboolean          *merged)
{
  OtNetwork *network = input->network;
  g_autofree PairShare *shares = g_new (PairShare, MAX (n_edges, 1));
  double total = 0, other = 0, other_illustrative = 0;
  gboolean by_kg = edges_kg (network, edges, n_edges) > 0, other_alleged = TRUE;
  guint n_parts = 0, n = 0;

  *merged = FALSE;
  if (n_edges == 0)
    return 0;
  /* Shares of the kg; of the incidents when no quantity is known.  One
   * share per mineral: the edges of several pairs (a map's cluster of
   * ports) may carry the same one. */
  for (guint k = 0; k < n_edges; k++)
    {
      const OtEdge *edge = ot_network_get_edge (network, edges[k]);
      double weight = by_kg ? ot_kg_clamp (edge->kg) : edge->n_incidents;
      double illustrative = by_kg ? ot_kg_clamp (edge->kg_illustrative) : edge->n_illustrative;
      gboolean alleged = ot_view_edge_alleged_only (edge);
      guint j = 0;

      while (j < n && ot_network_get_edge (network, shares[j].edge)->mineral != edge->mineral)
        j++;
      if (j == n)
        shares[n++] = (PairShare) { edges[k], 0, 0, TRUE };
      shares[j].weight += weight;
      shares[j].illustrative += MIN (illustrative, weight);
      shares[j].alleged = shares[j].alleged && alleged;
      total += weight;
    }
  if (!(total > 0))
    {
      /* No weight: each mineral alike, illustrative when all of it is. */
      for (guint k = 0; k < n; k++)
        {
          const OtEdge *edge = ot_network_get_edge (network, shares[k].edge);

          shares[k].illustrative = edge->n_illustrative == edge->n_incidents && edge->n_incidents > 0;
          shares[k].weight = 1;
        }
      total = n;
    }
  qsort (shares, n, sizeof *shares, compare_shares);
  for (guint k = 0; k < n; k++)
    {
      const OtEdge *edge = ot_network_get_edge (network, shares[k].edge);
      gboolean alleged = shares[k].alleged;

      /* The largest share always has its own sub-band; the others need
       * OT_VIEW_MIN_PART_WIDTH px, or they join "other minerals". */
      if (k == 0 || width * shares[k].weight / total >= OT_VIEW_MIN_PART_WIDTH)
        {
          double made_up = shares[k].illustrative, reported = shares[k].weight - made_up;
          OtDash dash = alleged ? OT_DASH_HOLLOW : OT_DASH_SOLID;

          parts[n_parts].color = ot_view_mineral_rgba (input->theme, edge->mineral, 0.9);
          parts[n_parts].fraction = shares[k].weight / total;
          parts[n_parts].dash = dash;
          if (made_up > 0 && width * reported / total >= OT_VIEW_MIN_PART_WIDTH &&
              width * made_up / total >= OT_VIEW_MIN_PART_WIDTH)
            {
              /* Reported, then illustrative beside it. */
              parts[n_parts].fraction = reported / total;
              parts[n_parts + 1] = parts[n_parts];
              n_parts++;
              parts[n_parts].fraction = made_up / total;
              parts[n_parts].dash = dash | OT_DASH_ILLUSTRATIVE;
            }
          else if (made_up > reported)
            parts[n_parts].dash = dash | OT_DASH_ILLUSTRATIVE;
          n_parts++;
        }
      else if (shares[k].weight > 0)
        {
          other += shares[k].weight;
          other_illustrative += shares[k].illustrative;
          other_alleged = other_alleged && alleged;
        }
    }
  if (other > 0 && width * other / total >= OT_VIEW_MIN_PART_WIDTH)
    {
      parts[n_parts].color = input->theme->text_muted;
      parts[n_parts].color.a = 0.9;
      parts[n_parts].fraction = other / total;
      parts[n_parts].dash = other_alleged ? OT_DASH_HOLLOW : OT_DASH_SOLID;
      if (other_illustrative > other - other_illustrative)
        parts[n_parts].dash |= OT_DASH_ILLUSTRATIVE;
      n_parts++;
      *merged = TRUE;
    }
  else if (other > 0)
    /* Too thin even together: the dominant mineral takes their width. */
    parts[0].fraction += other / total;
  return n_parts;
}

void
ot_view_add_edge (OtScene           *scene,
                  const OtViewInput *input,
                  const OtViewFocus *focus,
                  guint              e,
                  OtPoint            from,
                  OtPoint            to,
                  double             bend)
{
  ot_view_add_edge_ranked (scene, input, focus, e, from, to, bend, 0);
}

void
ot_view_add_edge_ranked (OtScene           *scene,
                         const OtViewInput *input,
                         const OtViewFocus *focus,
                         guint              e,
                         OtPoint            from,
                         OtPoint            to,
                         double             bend,
                         double             extra_importance)
{
  OtNetwork *network = input->network;
  const OtEdge *edge = ot_network_get_edge (network, e);
  g_autofree guint *edges = NULL;
  OtViewFlow flow = { 0 };
  guint first, n;

  /* One flow per ordered pair of places: the pair's first edge draws it
   * and names it, the others are its sub-bands. */
  ot_view_edge_pair (network, e, &first, &n);
  if (first != e)
    return;
  edges = g_new (guint, n);
  for (guint k = 0; k < n; k++)
    edges[k] = first + k;
  flow.edges = edges;
  flow.n_edges = n;
  flow.from = from;
  flow.to = to;
  flow.bend = bend;
  flow.extra_importance = extra_importance;
  flow.from_id = edge->from;
  flow.to_id = edge->to;
  flow.end_radius = input->node_scale * ot_view_vertex_radius (ot_network_get_vertex (network, edge->to),
                                                               input->max_vertex_kg);
  flow.id = e;
  ot_view_add_flow (scene, input, focus, &flow);
}

void
ot_view_add_flow (OtScene           *scene,
                  const OtViewInput *input,
                  const OtViewFocus *focus,
                  const OtViewFlow  *flow)
{
  OtNetwork *network = input->network;
  g_autofree OtSceneEdgePart *parts = NULL;
  OtSceneEdge se = { 0 };
  OtPoint p[4];
  guint n_incidents = 0;
  gboolean alleged = TRUE, focused = FALSE, selected = FALSE, merged;
  double kg;

  g_return_if_fail (flow->n_edges > 0);

  kg = edges_kg (network, flow->edges, flow->n_edges);
  for (guint j = 0; j < flow->n_edges; j++)
    {
      guint k = flow->edges[j];

      n_incidents += ot_network_get_edge (network, k)->n_incidents;
      alleged = alleged && ot_view_edge_alleged_only (ot_network_get_edge (network, k));
      focused = focused || (focus->edges != NULL && focus->edges[k]);
      selected = selected || (input->sel_kind == OT_HIT_EDGE && input->sel_id == k);
    }
  selected = selected || (input->sel_kind == OT_HIT_EDGE && input->sel_id == flow->id);

  ot_view_arc (flow->from, flow->to, flow->bend, p);
  se.points = p;
  se.n_points = 4;
  se.cubic = TRUE;
  se.width = ot_scene_width_for_kg (input->max_edge_kg, kg, OT_VIEW_MIN_WIDTH, OT_VIEW_MAX_WIDTH);
  parts = g_new (OtSceneEdgePart, 2 * flow->n_edges + 1);
  se.n_parts = ot_view_flow_parts (input, flow->edges, flow->n_edges, se.width, parts, &merged);
  se.parts = parts;
  se.color = parts[0].color;
  se.dash = alleged ? OT_DASH_HOLLOW : OT_DASH_SOLID;
  se.arrow = TRUE;
  se.end_inset = flow->end_radius;
  se.importance = log1p (kg) + n_incidents + flow->extra_importance;
  se.kg = kg;
  se.has_ends = TRUE;
  se.from_id = flow->from_id;
  se.to_id = flow->to_id;
  se.id = flow->id;
  se.flags = ot_view_focus_flags (focus, &focused, 0, selected);
  ot_scene_add_edge (scene, &se);
}

void
ot_view_add_vertex (OtScene           *scene,
                    const OtViewInput *input,
                    const OtViewFocus *focus,
                    guint              v,
                    OtPoint            at,
                    double             extra_importance)
{
  const OtVertex *vx = ot_network_get_vertex (input->network, v);
  OtSceneNode node = { 0 };

  node.x = at.x;
  node.y = at.y;
  node.radius = input->node_scale * ot_view_vertex_radius (vx, input->max_vertex_kg);
  node.shape = ot_view_vertex_shape (vx);
  node.fill = ot_view_vertex_fill (vx);
  node.illustrative = ot_view_vertex_illustrative (vx);
  node.label = ot_view_vertex_label (vx);
  node.label_importance = ot_view_vertex_importance (vx) + extra_importance;
  node.id = v;
  node.flags = ot_view_focus_flags (focus, focus->vertices, v,
                                    input->sel_kind == OT_HIT_NODE && input->sel_id == v);
  ot_scene_add_node (scene, &node);
}

/* ---- notes (issue 17) ------------------------------------------------------ */

char *
ot_chart_note_target (OtNetwork   *network,
                      OtHitKind    kind,
                      guint        id,
                      const char **note_kind)
{
  g_return_val_if_fail (network != NULL, NULL);

  if (kind == OT_HIT_NODE && id < ot_network_get_n_vertices (network))
    {
      if (note_kind)
        *note_kind = "place";
      return g_strdup (ot_network_get_vertex (network, id)->key);
    }
  if (kind == OT_HIT_EDGE && id < ot_network_get_n_edges (network))
    {
      const OtEdge *edge = ot_network_get_edge (network, id);

      if (note_kind)
        *note_kind = "flow";
      return g_strconcat (ot_network_get_vertex (network, edge->from)->key, "\x1f",
                          ot_network_get_vertex (network, edge->to)->key, "\x1f",
                          edge->mineral == OT_MINERAL_NONE ? "" : ot_mineral_name (edge->mineral), NULL);
    }
  return NULL;
}

/* The chart's key of a note: "kind\x1ftarget". */
static char *
note_key (OtNetwork *network,
          OtHitKind  kind,
          guint      id)
{
  const char *note_kind = NULL;
  g_autofree char *target = ot_chart_note_target (network, kind, id, &note_kind);

  return target ? g_strconcat (note_kind, "\x1f", target, NULL) : NULL;
}

void
ot_view_add_notes (OtScene           *scene,
                   const OtViewInput *input,
                   const OtPoint     *xy,
                   const gboolean    *placed,
                   const double      *bends)
{
  OtNetwork *network = input->network;

  if (input->notes == NULL || g_hash_table_size (input->notes) == 0)
    return;
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      g_autofree char *key = note_key (network, OT_HIT_NODE, v);
      const char *text = g_hash_table_lookup (input->notes, key);

      if (text != NULL && placed[v])
        ot_scene_add_callout (scene, &(OtSceneCallout) { xy[v].x, xy[v].y, text, OT_HIT_NODE, v });
    }
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      g_autofree char *key = NULL;
      const char *text;
      guint first, n;
      OtPoint p[4];

      if (!placed[edge->from] || !placed[edge->to] || edge->from == edge->to)
        continue;
      key = note_key (network, OT_HIT_EDGE, e);
      text = g_hash_table_lookup (input->notes, key);
      if (text == NULL)
        continue;
      ot_view_edge_pair (network, e, &first, &n);
      ot_view_arc (xy[edge->from], xy[edge->to], bends[first], p);
      ot_scene_add_callout (scene, &(OtSceneCallout) { (p[0].x + 3 * p[1].x + 3 * p[2].x + p[3].x) / 8,
                                                        (p[0].y + 3 * p[1].y + 3 * p[2].y + p[3].y) / 8,
                                                        text, OT_HIT_EDGE, first });
    }
}
