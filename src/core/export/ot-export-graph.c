/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-export-graph.c: the network as GEXF 1.3 (Gephi) or GraphML
 * (Cytoscape, yEd, igraph, networkx).
 *
 * Every vertex and edge of the filtered network, with its attributes
 * (docs/exchange-formats.md has the table), and, when the chart's scene
 * draws the network's own marks, the position, colour and size each has
 * on the exported page and whether it is drawn within the budget of
 * marks.  GEXF also gets the time: each element's spells are the date
 * spans of its dated incidents, merged, so Gephi's timeline plays it.
 *
 * The text is written by hand, every user string through
 * ot_text_escape_xml () (valid UTF-8, markup escaped, the characters XML
 * 1.0 forbids replaced), into an OtAtomicFile. */
#include "ot-export-private.h"

#include <math.h>
#include <string.h>

#include "ot-atomic-file.h"
#include "ot-error.h"
#include "ot-mineral.h"
#include "ot-numeric.h"
#include "ot-render-private.h"
#include "ot-scene-private.h"
#include "ot-text.h"
#include "ot-writer.h"

#define FLUSH_AT (256 * 1024)

#define GEXF_NS     "http://gexf.net/1.3"
#define GEXF_VIZ_NS "http://gexf.net/1.3/viz"
#define GRAPHML_NS  "http://graphml.graphdrawing.org/xmlns"

/* Where and how a vertex or a flow is drawn (page px of the export). */
typedef struct {
  gboolean placed;    /* the scene has a mark of it */
  gboolean drawn;     /* shown within the budget and level of detail */
  double   x, y;
  double   size;      /* node: radius; flow: the whole pair's width */
  OtRgba   color;
  guint8   shape;
  float    max_zoom;  /* of the mark taken: its own, shown when zoomed in */
} Viz;

typedef enum {
  ATTR_STRING,
  ATTR_INT,
  ATTR_DOUBLE,
  ATTR_BOOL,
} AttrType;

/* Each type's name in GEXF and in GraphML. */
static const struct {
  const char *gexf;
  const char *graphml;
} type_names[] = {
  [ATTR_STRING] = { "string", "string" },
  [ATTR_INT]    = { "integer", "int" },
  [ATTR_DOUBLE] = { "double", "double" },
  [ATTR_BOOL]   = { "boolean", "boolean" },
};

typedef struct {
  char     *name;
  AttrType  type;
} AttrDef;

typedef struct {
  OtNetwork      *network;
  OtDataset      *dataset;
  OtExportFormat  format;
  gboolean        dark;
  gboolean        has_scene;
  Viz            *nodes;      /* per vertex */
  Viz            *flows;      /* per edge: the pair's scene edge, at its first edge */
  guint          *pair_first; /* per edge: the first edge of its (from, to) run */
  GArray         *node_attrs; /* of AttrDef */
  GArray         *edge_attrs;
  guint           first_mineral_attr;
  GArray         *minerals;   /* of guint: minerals among the included incidents */
  guint          *mineral_col; /* mineral (or the last slot for none) -> index in minerals */
  GPtrArray      *values;     /* one element's attribute values, NULL: none */
  GString        *out;
  OtAtomicFile   *sink;
} Writer;

/* Text ------------------------------------------------------------------- */

/* @text as an XML attribute value or character data: escaped, and white
 * space other than the space written as references, so that an attribute
 * keeps its tabs and line breaks (XML normalises them to spaces). */
static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = NULL;
  const char *p = text;

  /* Printable ASCII without markup (ids, numbers, most names) is its own
   * escape: written as it is, without the copies (at 1M incidents the
   * flows' id lists are most of a file of 700 MB). */
  while (*p >= 0x20 && *p < 0x7f && *p != '&' && *p != '<' && *p != '>' && *p != '"' &&
         *p != '\'')
    p++;
  if (*p == '\0')
    {
      g_string_append_len (out, text, p - text);
      return;
    }
  escaped = ot_text_escape_xml (text, -1);

  for (const char *q = escaped; *q != '\0'; q++)
    switch (*q)
      {
      case '\t':
        g_string_append (out, "&#9;");
        break;
      case '\n':
        g_string_append (out, "&#10;");
        break;
      case '\r':
        g_string_append (out, "&#13;");
        break;
      default:
        g_string_append_c (out, *q);
      }
}

static void
flush (Writer  *w,
       gboolean all)
{
  if (w->out->len >= FLUSH_AT || (all && w->out->len > 0))
    {
      ot_atomic_file_write (w->sink, w->out->str, w->out->len, NULL);
      g_string_truncate (w->out, 0);
    }
}

static char *
day_text (guint32 julian)
{
  GDate date;

  if (julian == 0 || !g_date_valid_julian (julian))
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

static char *
number_text (double value)
{
  GString *s = g_string_new (NULL);

  ot_writer_append_number (s, ot_finite_or (value, 0));
  return g_string_free (s, FALSE);
}

/* A coordinate or size on the page: thousandths of a pixel are plenty. */
static void
append_coordinate (GString *out,
                   double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double rounded = round (ot_finite_or (value, 0) * 1000) / 1000;

  if (rounded == 0)
    rounded = 0;   /* no "-0" */
  g_ascii_formatd (buf, sizeof buf, "%.3f", rounded);
  /* "12.500" -> "12.5", "12.000" -> "12" */
  for (char *end = buf + strlen (buf) - 1; end > buf && strchr (buf, '.') != NULL; end--)
    {
      if (*end == '0')
        *end = '\0';
      else
        {
          if (*end == '.')
            *end = '\0';
          break;
        }
    }
  g_string_append (out, buf);
}

/* The scene ---------------------------------------------------------------- */

/* Takes each vertex's and flow's own mark: of marks with the same id (a
 * map's port, or the cluster of ports it is drawn in at lower zooms) the
 * one shown at the highest zooms. */
static void
collect_viz (Writer                *w,
             const OtScene         *scene,
             const OtViewport      *vp,
             const OtExportOptions *opts)
{
  guint nv = ot_network_get_n_vertices (w->network);
  guint ne = ot_network_get_n_edges (w->network);
  OtRenderOptions ropts;
  OtViewport page;
  OtLod lod;

  ot_render_options_init (&ropts);
  ropts.exact = TRUE;
  ropts.top_n = opts->top_n;
  ropts.detail = opts->detail;
  ot_export_page_viewport (scene, vp, &ropts, opts->width, opts->height, &page);
  ot_render_lod (scene, &page, &ropts, NULL, &lod);

  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *item = &g_array_index (scene->nodes, OtNodeItem, i);
      Viz *v;

      if (item->shape == OT_NODE_BAR || item->id >= nv)
        continue;
      v = &w->nodes[item->id];
      if (v->placed && item->max_zoom <= v->max_zoom)
        continue;
      v->placed = TRUE;
      v->max_zoom = item->max_zoom;
      ot_viewport_to_page (&page, item->x, item->y, &v->x, &v->y);
      v->size = item->radius * lod.size_factor;
      v->color = item->fill;
      v->shape = item->shape;
      v->drawn = ot_lod_shows_node (&lod, item);
    }
  for (guint i = 0; i < scene->edges->len; i++)
    {
      const OtEdgeItem *item = &g_array_index (scene->edges, OtEdgeItem, i);
      Viz *v;

      /* Ids past the network's edges are the map's merged flows. */
      if (item->id >= ne)
        continue;
      v = &w->flows[w->pair_first[item->id]];
      if (v->placed && item->max_zoom <= v->max_zoom)
        continue;
      v->placed = TRUE;
      v->max_zoom = item->max_zoom;
      v->size = item->width * lod.size_factor;
      v->drawn = ot_lod_shows_edge (&lod, item);
    }
}

/* Attributes ------------------------------------------------------------- */

static void
attr_def (GArray     *defs,
          const char *name,
          AttrType    type)
{
  AttrDef def = { g_strdup (name), type };

  g_array_append_val (defs, def);
}

static void
clear_attr_def (gpointer data)
{
  g_free (((AttrDef *) data)->name);
}

/* The columns, in the order written (docs/exchange-formats.md). */
enum {
  NA_KEY, NA_KIND, NA_COUNTRY, NA_ENTITY, NA_ROLES, NA_INCIDENTS,
  NA_AS_ORIGIN, NA_AS_HUB, NA_AS_DESTINATION, NA_AS_EXPORTER, NA_AS_CONSIGNEE,
  NA_ILLUSTRATIVE, NA_KG_IN, NA_KG_OUT, NA_INCIDENTS_IN, NA_INCIDENTS_OUT,
  NA_TRANSSHIPMENT, NA_FIRST_DATE, NA_LAST_DATE, NA_INCIDENT_IDS, NA_DRAWN,
  NA_N
};

enum {
  EA_MINERAL, EA_INCIDENTS, EA_WITH_KG, EA_KG, EA_CONFIRMED, EA_STATUSES,
  EA_ILLUSTRATIVE, EA_KG_ILLUSTRATIVE, EA_FIRST_DATE, EA_LAST_DATE,
  EA_INCIDENT_IDS, EA_DRAWN, EA_N
};

/* A mineral's name as a column name: lower-case letters and digits, "_"
 * for anything else ("rare earths (mixed)" -> "rare_earths_mixed"). */
static char *
column_word (const char *name)
{
  GString *s = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
    else if (s->len > 0 && s->str[s->len - 1] != '_')
      g_string_append_c (s, '_');
  while (s->len > 0 && s->str[s->len - 1] == '_')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

static void
define_attributes (Writer *w)
{
  static const char * const role_columns[] = {
    "incidents_as_origin", "incidents_as_hub", "incidents_as_destination",
    "incidents_as_exporter", "incidents_as_consignee",
  };
  GArray *n = w->node_attrs, *e = w->edge_attrs;

  G_STATIC_ASSERT (G_N_ELEMENTS (role_columns) == OT_N_ROLES);
  attr_def (n, "key", ATTR_STRING);
  attr_def (n, "kind", ATTR_STRING);
  attr_def (n, "country", ATTR_STRING);
  attr_def (n, "entity", ATTR_STRING);
  attr_def (n, "roles", ATTR_STRING);
  attr_def (n, "incidents", ATTR_INT);
  for (guint r = 0; r < OT_N_ROLES; r++)
    attr_def (n, role_columns[r], ATTR_INT);
  attr_def (n, "illustrative", ATTR_INT);
  attr_def (n, "kg_in", ATTR_DOUBLE);
  attr_def (n, "kg_out", ATTR_DOUBLE);
  attr_def (n, "incidents_in", ATTR_INT);
  attr_def (n, "incidents_out", ATTR_INT);
  attr_def (n, "transshipment", ATTR_DOUBLE);
  attr_def (n, "first_date", ATTR_STRING);
  attr_def (n, "last_date", ATTR_STRING);
  attr_def (n, "incident_ids", ATTR_STRING);
  attr_def (n, "drawn", ATTR_BOOL);
  g_assert (n->len == NA_N);
  w->first_mineral_attr = n->len;
  for (guint k = 0; k < w->minerals->len; k++)
    {
      guint m = g_array_index (w->minerals, guint, k);
      g_autofree char *name = column_word (m < ot_mineral_count () ? ot_mineral_name (m) : "unknown");
      g_autofree char *kg = g_strconcat ("kg_", name, NULL);
      g_autofree char *count = g_strconcat ("incidents_", name, NULL);

      attr_def (n, kg, ATTR_DOUBLE);
      attr_def (n, count, ATTR_INT);
    }

  attr_def (e, "mineral", ATTR_STRING);
  attr_def (e, "incidents", ATTR_INT);
  attr_def (e, "with_kg", ATTR_INT);
  attr_def (e, "kg", ATTR_DOUBLE);
  attr_def (e, "confirmed", ATTR_BOOL);
  attr_def (e, "statuses", ATTR_STRING);
  attr_def (e, "illustrative", ATTR_INT);
  attr_def (e, "kg_illustrative", ATTR_DOUBLE);
  attr_def (e, "first_date", ATTR_STRING);
  attr_def (e, "last_date", ATTR_STRING);
  attr_def (e, "incident_ids", ATTR_STRING);
  attr_def (e, "drawn", ATTR_BOOL);
  g_assert (e->len == EA_N);
}

/* The minerals of the included incidents, in the mineral table's order,
 * "not given" last. */
static void
find_minerals (Writer *w)
{
  guint n_minerals = ot_mineral_count ();
  guint n;
  const guint8 *mask = ot_network_get_mask (w->network, &n);
  g_autofree gboolean *seen = g_new0 (gboolean, n_minerals + 1);

  for (guint i = 0; i < n; i++)
    if (mask[i])
      {
        const OtIncident *inc = ot_dataset_get_incident (w->dataset, i);

        seen[inc->mineral < n_minerals ? inc->mineral : n_minerals] = TRUE;
      }
  w->mineral_col = g_new0 (guint, n_minerals + 1);
  for (guint m = 0; m <= n_minerals; m++)
    if (seen[m])
      {
        w->mineral_col[m] = w->minerals->len;
        g_array_append_val (w->minerals, m);
      }
}

static void
set_value (Writer *w,
           guint   attr,
           char   *text)
{
  g_free (g_ptr_array_index (w->values, attr));
  g_ptr_array_index (w->values, attr) = text;
}

static void
reset_values (Writer *w,
              guint   n)
{
  for (guint i = 0; i < w->values->len; i++)
    g_clear_pointer (&g_ptr_array_index (w->values, i), g_free);
  g_ptr_array_set_size (w->values, n);
}

/* Incident ids, "; " between them (the separator of the CSV's lists). */
static char *
incident_ids (Writer      *w,
              const guint *incidents,
              guint        n)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < n; k++)
    {
      if (k > 0)
        g_string_append (s, "; ");
      g_string_append (s, ot_dataset_get_incident (w->dataset, incidents[k])->id);
    }
  return g_string_free (s, FALSE);
}

typedef struct {
  guint32 first, last;
} Span;

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a, *y = b;

  return x->first < y->first ? -1 : x->first > y->first ? 1 : 0;
}

/* The date spans of the dated incidents, merged where they overlap or
 * touch; empty when none is dated. */
static GArray *
spans_of (Writer      *w,
          const guint *incidents,
          guint        n)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint kept = 0;

  for (guint k = 0; k < n; k++)
    {
      const OtIncident *inc = ot_dataset_get_incident (w->dataset, incidents[k]);
      Span s = { ot_date_first_day (&inc->date), ot_date_last_day (&inc->date) };

      if (s.first != 0 && s.last >= s.first)
        g_array_append_val (spans, s);
    }
  if (spans->len == 0)
    return spans;
  g_array_sort (spans, compare_spans);
  for (guint k = 1; k < spans->len; k++)
    {
      Span *cur = &g_array_index (spans, Span, kept);
      const Span *next = &g_array_index (spans, Span, k);

      if (next->first <= cur->last + 1)
        cur->last = MAX (cur->last, next->last);
      else
        g_array_index (spans, Span, ++kept) = *next;
    }
  g_array_set_size (spans, kept + 1);
  return spans;
}

static void
vertex_values (Writer  *w,
               guint    v,
               GArray **spans)
{
  const OtVertex *vertex = ot_network_get_vertex (w->network, v);
  guint n, n_minerals = ot_mineral_count ();
  const guint *incidents = ot_network_get_vertex_incidents (w->network, v, &n);
  g_autofree double *kg = g_new0 (double, w->minerals->len);
  g_autofree guint *count = g_new0 (guint, w->minerals->len);
  g_autoptr(GString) roles = g_string_new (NULL);
  guint32 first = 0, last = 0;

  reset_values (w, w->node_attrs->len);
  set_value (w, NA_KEY, g_strdup (vertex->key));
  set_value (w, NA_KIND, g_strdup (ot_vertex_kind_name (vertex->kind)));
  if (OT_COUNTRY_IS_SET (vertex->country))
    set_value (w, NA_COUNTRY, g_strdup (vertex->country.code));
  if (vertex->entity != NULL)
    set_value (w, NA_ENTITY, g_strdup (vertex->entity));
  for (guint r = 0; r < OT_N_ROLES; r++)
    {
      if (vertex->roles & OT_ROLE_BIT (r))
        g_string_append_printf (roles, "%s%s", roles->len > 0 ? "; " : "", ot_role_name (r));
      set_value (w, NA_AS_ORIGIN + r, g_strdup_printf ("%u", vertex->n_role[r]));
    }
  set_value (w, NA_ROLES, g_strdup (roles->str));
  set_value (w, NA_INCIDENTS, g_strdup_printf ("%u", vertex->n_incidents));
  set_value (w, NA_ILLUSTRATIVE, g_strdup_printf ("%u", vertex->n_illustrative));
  set_value (w, NA_KG_IN, number_text (vertex->kg_in));
  set_value (w, NA_KG_OUT, number_text (vertex->kg_out));
  set_value (w, NA_INCIDENTS_IN, g_strdup_printf ("%u", vertex->n_in));
  set_value (w, NA_INCIDENTS_OUT, g_strdup_printf ("%u", vertex->n_out));
  set_value (w, NA_TRANSSHIPMENT, number_text (vertex->transshipment));

  /* Totals by mineral over the vertex's incidents, as the details pane
   * gives them. */
  for (guint k = 0; k < n; k++)
    {
      const OtIncident *inc = ot_dataset_get_incident (w->dataset, incidents[k]);
      guint col = w->mineral_col[inc->mineral < n_minerals ? inc->mineral : n_minerals];
      guint32 f = ot_date_first_day (&inc->date), l = ot_date_last_day (&inc->date);

      count[col]++;
      kg[col] = ot_kg_add (kg[col], inc->quantity_kg);
      if (f != 0 && (first == 0 || f < first))
        first = f;
      if (l > last)
        last = l;
    }
  for (guint k = 0; k < w->minerals->len; k++)
    {
      set_value (w, w->first_mineral_attr + 2 * k, number_text (kg[k]));
      set_value (w, w->first_mineral_attr + 2 * k + 1, g_strdup_printf ("%u", count[k]));
    }
  set_value (w, NA_FIRST_DATE, day_text (first));
  set_value (w, NA_LAST_DATE, day_text (last));
  set_value (w, NA_INCIDENT_IDS, incident_ids (w, incidents, n));
  if (w->has_scene)
    set_value (w, NA_DRAWN, g_strdup (w->nodes[v].drawn ? "true" : "false"));
  *spans = spans_of (w, incidents, n);
}

static gboolean
edge_alleged_only (const OtEdge *edge)
{
  for (guint s = 0; s < OT_N_STATUS; s++)
    if (edge->n_status[s] > 0 && ot_status_is_confirmed (s))
      return FALSE;
  return TRUE;
}

static void
edge_values (Writer  *w,
             guint    e,
             GArray **spans)
{
  const OtEdge *edge = ot_network_get_edge (w->network, e);
  guint n;
  const guint *incidents = ot_network_get_edge_incidents (w->network, e, &n);
  g_autoptr(GString) statuses = g_string_new (NULL);

  reset_values (w, w->edge_attrs->len);
  set_value (w, EA_MINERAL, g_strdup (edge->mineral < ot_mineral_count ()
                                      ? ot_mineral_name (edge->mineral) : "unknown"));
  set_value (w, EA_INCIDENTS, g_strdup_printf ("%u", edge->n_incidents));
  set_value (w, EA_WITH_KG, g_strdup_printf ("%u", edge->n_with_kg));
  set_value (w, EA_KG, number_text (edge->kg));
  set_value (w, EA_CONFIRMED, g_strdup (edge_alleged_only (edge) ? "false" : "true"));
  for (guint s = 0; s < OT_N_STATUS; s++)
    if (edge->n_status[s] > 0)
      g_string_append_printf (statuses, "%s%s %u", statuses->len > 0 ? "; " : "",
                              ot_status_name (s), edge->n_status[s]);
  set_value (w, EA_STATUSES, g_strdup (statuses->str));
  set_value (w, EA_ILLUSTRATIVE, g_strdup_printf ("%u", edge->n_illustrative));
  set_value (w, EA_KG_ILLUSTRATIVE, number_text (edge->kg_illustrative));
  set_value (w, EA_FIRST_DATE, day_text (edge->first_day));
  set_value (w, EA_LAST_DATE, day_text (edge->last_day));
  set_value (w, EA_INCIDENT_IDS, incident_ids (w, incidents, n));
  if (w->has_scene)
    set_value (w, EA_DRAWN, g_strdup (w->flows[w->pair_first[e]].drawn ? "true" : "false"));
  *spans = spans_of (w, incidents, n);
}

/* The width of edge @e's part of its pair's flow, as the views split a
 * flow into minerals: its share of the pair's kg, or of its incidents
 * when no record of the pair gives a quantity. */
static double
edge_thickness (Writer *w,
                guint   e)
{
  guint first = w->pair_first[e], end = first;
  double kg = 0, share;
  guint n = 0;
  const OtEdge *edge = ot_network_get_edge (w->network, e);

  while (end < ot_network_get_n_edges (w->network) && w->pair_first[end] == first)
    {
      const OtEdge *other = ot_network_get_edge (w->network, end++);

      kg = ot_kg_add (kg, other->kg);
      n += other->n_incidents;
    }
  share = kg > 0 ? ot_finite_or (edge->kg, 0) / kg : n > 0 ? (double) edge->n_incidents / n : 1;
  return w->flows[first].size * share;
}

static const char *
edge_style (const OtEdge *edge)
{
  if (edge->n_incidents > 0 && edge->n_illustrative == edge->n_incidents)
    return "dotted";
  return edge_alleged_only (edge) ? "dashed" : "solid";
}

static void
edge_rgb (Writer       *w,
          const OtEdge *edge,
          guint        *r,
          guint        *g,
          guint        *b)
{
  guint32 rgb = ot_mineral_rgb (edge->mineral, w->dark);

  *r = (rgb >> 16) & 0xff;
  *g = (rgb >> 8) & 0xff;
  *b = rgb & 0xff;
}

static guint
channel (double c)
{
  return (guint) CLAMP (lround (c * 255), 0, 255);
}

static const char *
shape_name (guint8 shape,
            gboolean gexf)
{
  switch (shape)
    {
    case OT_NODE_SQUARE:
      return "square";
    case OT_NODE_DIAMOND:
      return "diamond";
    case OT_NODE_CIRCLE:
    default:
      return gexf ? "disc" : "circle";
    }
}

/* GEXF ----------------------------------------------------------------- */

static void
gexf_attributes (Writer     *w,
                 const char *klass,
                 GArray     *defs)
{
  g_string_append_printf (w->out, "    <attributes class=\"%s\" mode=\"static\">\n", klass);
  for (guint i = 0; i < defs->len; i++)
    {
      const AttrDef *def = &g_array_index (defs, AttrDef, i);

      g_string_append_printf (w->out, "      <attribute id=\"%u\" title=\"", i);
      append_escaped (w->out, def->name);
      g_string_append_printf (w->out, "\" type=\"%s\"/>\n", type_names[def->type].gexf);
    }
  g_string_append (w->out, "    </attributes>\n");
}

static void
gexf_attvalues (Writer *w)
{
  g_string_append (w->out, "        <attvalues>\n");
  for (guint i = 0; i < w->values->len; i++)
    {
      const char *value = g_ptr_array_index (w->values, i);

      if (value == NULL)
        continue;
      g_string_append_printf (w->out, "          <attvalue for=\"%u\" value=\"", i);
      append_escaped (w->out, value);
      g_string_append (w->out, "\"/>\n");
    }
  g_string_append (w->out, "        </attvalues>\n");
}

static void
gexf_spells (Writer *w,
             GArray *spans)
{
  if (spans->len == 0)
    return;
  g_string_append (w->out, "        <spells>\n");
  for (guint k = 0; k < spans->len; k++)
    {
      const Span *s = &g_array_index (spans, Span, k);
      g_autofree char *start = day_text (s->first);
      g_autofree char *end = day_text (s->last);

      g_string_append_printf (w->out, "          <spell start=\"%s\" end=\"%s\"/>\n", start, end);
    }
  g_string_append (w->out, "        </spells>\n");
}

static void
write_gexf (Writer *w)
{
  guint nv = ot_network_get_n_vertices (w->network);
  guint ne = ot_network_get_n_edges (w->network);

  g_string_append (w->out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<gexf xmlns=\"" GEXF_NS "\" xmlns:viz=\"" GEXF_VIZ_NS "\" version=\"1.3\">\n"
                   "  <meta>\n"
                   "    <creator>Oretrace " PACKAGE_VERSION "</creator>\n");
  g_string_append_printf (w->out, "    <description>%s projection, %u of %u incidents</description>\n",
                          ot_projection_name (ot_network_get_projection (w->network)),
                          ot_network_get_n_included (w->network),
                          ot_dataset_get_n_incidents (w->dataset));
  g_string_append (w->out,
                   "  </meta>\n"
                   "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\""
                   " timerepresentation=\"interval\" idtype=\"string\">\n");
  gexf_attributes (w, "node", w->node_attrs);
  gexf_attributes (w, "edge", w->edge_attrs);

  g_string_append_printf (w->out, "    <nodes count=\"%u\">\n", nv);
  for (guint v = 0; v < nv && !ot_atomic_file_failed (w->sink); v++)
    {
      const Viz *viz = &w->nodes[v];
      g_autoptr(GArray) spans = NULL;

      vertex_values (w, v, &spans);
      g_string_append_printf (w->out, "      <node id=\"n%u\" label=\"", v);
      append_escaped (w->out, ot_network_get_vertex (w->network, v)->label);
      g_string_append (w->out, "\">\n");
      gexf_attvalues (w);
      gexf_spells (w, spans);
      if (viz->placed)
        {
          g_string_append_printf (w->out, "        <viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>\n",
                                  channel (viz->color.r), channel (viz->color.g), channel (viz->color.b));
          /* Gephi's y axis points up, the page's down. */
          g_string_append (w->out, "        <viz:position x=\"");
          append_coordinate (w->out, viz->x);
          g_string_append (w->out, "\" y=\"");
          append_coordinate (w->out, -viz->y);
          g_string_append (w->out, "\" z=\"0\"/>\n        <viz:size value=\"");
          append_coordinate (w->out, viz->size);
          g_string_append_printf (w->out, "\"/>\n        <viz:shape value=\"%s\"/>\n",
                                  shape_name (viz->shape, TRUE));
        }
      g_string_append (w->out, "      </node>\n");
      flush (w, FALSE);
    }
  g_string_append (w->out, "    </nodes>\n");

  g_string_append_printf (w->out, "    <edges count=\"%u\">\n", ne);
  for (guint e = 0; e < ne && !ot_atomic_file_failed (w->sink); e++)
    {
      const OtEdge *edge = ot_network_get_edge (w->network, e);
      g_autoptr(GArray) spans = NULL;
      g_autofree char *weight = number_text (MAX (ot_finite_or (edge->kg, 0), 1));
      guint r, g, b;

      edge_values (w, e, &spans);
      edge_rgb (w, edge, &r, &g, &b);
      /* Parallel edges (one per mineral) are told apart by their kind. */
      g_string_append_printf (w->out, "      <edge id=\"e%u\" source=\"n%u\" target=\"n%u\" kind=\"",
                              e, edge->from, edge->to);
      append_escaped (w->out, g_ptr_array_index (w->values, EA_MINERAL));
      g_string_append_printf (w->out, "\" weight=\"%s\">\n", weight);
      gexf_attvalues (w);
      gexf_spells (w, spans);
      g_string_append_printf (w->out, "        <viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>\n", r, g, b);
      if (w->flows[w->pair_first[e]].placed)
        {
          g_string_append (w->out, "        <viz:thickness value=\"");
          append_coordinate (w->out, edge_thickness (w, e));
          g_string_append (w->out, "\"/>\n");
        }
      g_string_append_printf (w->out, "        <viz:shape value=\"%s\"/>\n", edge_style (edge));
      g_string_append (w->out, "      </edge>\n");
      flush (w, FALSE);
    }
  g_string_append (w->out, "    </edges>\n  </graph>\n</gexf>\n");
}

/* GraphML -------------------------------------------------------------- */

static void
graphml_key (Writer     *w,
             const char *id,
             const char *domain,
             const char *name,
             AttrType    type)
{
  g_string_append_printf (w->out, "  <key id=\"%s\" for=\"%s\" attr.name=\"", id, domain);
  append_escaped (w->out, name);
  g_string_append_printf (w->out, "\" attr.type=\"%s\"/>\n", type_names[type].graphml);
}

static void
graphml_data (Writer     *w,
              const char *key,
              const char *value)
{
  g_string_append_printf (w->out, "      <data key=\"%s\">", key);
  append_escaped (w->out, value);
  g_string_append (w->out, "</data>\n");
}

static void
graphml_values (Writer     *w,
                const char *prefix)
{
  for (guint i = 0; i < w->values->len; i++)
    {
      const char *value = g_ptr_array_index (w->values, i);
      char key[32];

      if (value == NULL)
        continue;
      g_snprintf (key, sizeof key, "%s%u", prefix, i);
      graphml_data (w, key, value);
    }
}

static void
graphml_number (Writer     *w,
                const char *key,
                double      value)
{
  g_string_append_printf (w->out, "      <data key=\"%s\">", key);
  append_coordinate (w->out, value);
  g_string_append (w->out, "</data>\n");
}

static void
graphml_rgb (Writer *w,
             guint   r,
             guint   g,
             guint   b,
             char    domain)
{
  g_string_append_printf (w->out,
                          "      <data key=\"%c_r\">%u</data>\n"
                          "      <data key=\"%c_g\">%u</data>\n"
                          "      <data key=\"%c_b\">%u</data>\n"
                          "      <data key=\"%c_color\">#%02x%02x%02x</data>\n",
                          domain, r, domain, g, domain, b, domain, r, g, b);
}

static void
write_graphml (Writer *w)
{
  guint nv = ot_network_get_n_vertices (w->network);
  guint ne = ot_network_get_n_edges (w->network);

  g_string_append (w->out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<graphml xmlns=\"" GRAPHML_NS "\">\n");
  /* The network's attributes, then the picture's. */
  graphml_key (w, "label", "node", "label", ATTR_STRING);
  for (guint i = 0; i < w->node_attrs->len; i++)
    {
      const AttrDef *def = &g_array_index (w->node_attrs, AttrDef, i);
      g_autofree char *id = g_strdup_printf ("v%u", i);

      if (i != NA_DRAWN || w->has_scene)
        graphml_key (w, id, "node", def->name, def->type);
    }
  if (w->has_scene)
    {
      graphml_key (w, "x", "node", "x", ATTR_DOUBLE);
      graphml_key (w, "y", "node", "y", ATTR_DOUBLE);
      graphml_key (w, "size", "node", "size", ATTR_DOUBLE);
      graphml_key (w, "shape", "node", "shape", ATTR_STRING);
      graphml_key (w, "v_r", "node", "r", ATTR_INT);
      graphml_key (w, "v_g", "node", "g", ATTR_INT);
      graphml_key (w, "v_b", "node", "b", ATTR_INT);
      graphml_key (w, "v_color", "node", "color", ATTR_STRING);
    }
  for (guint i = 0; i < w->edge_attrs->len; i++)
    {
      const AttrDef *def = &g_array_index (w->edge_attrs, AttrDef, i);
      g_autofree char *id = g_strdup_printf ("d%u", i);

      if (i != EA_DRAWN || w->has_scene)
        graphml_key (w, id, "edge", def->name, def->type);
    }
  graphml_key (w, "weight", "edge", "weight", ATTR_DOUBLE);
  graphml_key (w, "e_r", "edge", "r", ATTR_INT);
  graphml_key (w, "e_g", "edge", "g", ATTR_INT);
  graphml_key (w, "e_b", "edge", "b", ATTR_INT);
  graphml_key (w, "e_color", "edge", "color", ATTR_STRING);
  graphml_key (w, "style", "edge", "style", ATTR_STRING);
  if (w->has_scene)
    graphml_key (w, "thickness", "edge", "thickness", ATTR_DOUBLE);

  g_string_append_printf (w->out, "  <graph id=\"oretrace\" edgedefault=\"directed\">\n");
  for (guint v = 0; v < nv && !ot_atomic_file_failed (w->sink); v++)
    {
      const Viz *viz = &w->nodes[v];
      g_autoptr(GArray) spans = NULL;

      vertex_values (w, v, &spans);
      g_string_append_printf (w->out, "    <node id=\"n%u\">\n", v);
      graphml_data (w, "label", ot_network_get_vertex (w->network, v)->label);
      graphml_values (w, "v");
      if (viz->placed)
        {
          /* Page px, y down as in Cytoscape and yEd. */
          graphml_number (w, "x", viz->x);
          graphml_number (w, "y", viz->y);
          graphml_number (w, "size", viz->size);
          graphml_data (w, "shape", shape_name (viz->shape, FALSE));
          graphml_rgb (w, channel (viz->color.r), channel (viz->color.g), channel (viz->color.b), 'v');
        }
      g_string_append (w->out, "    </node>\n");
      flush (w, FALSE);
    }
  for (guint e = 0; e < ne && !ot_atomic_file_failed (w->sink); e++)
    {
      const OtEdge *edge = ot_network_get_edge (w->network, e);
      g_autoptr(GArray) spans = NULL;
      guint r, g, b;

      edge_values (w, e, &spans);
      edge_rgb (w, edge, &r, &g, &b);
      g_string_append_printf (w->out, "    <edge id=\"e%u\" source=\"n%u\" target=\"n%u\">\n",
                              e, edge->from, edge->to);
      graphml_values (w, "d");
      {
        g_autofree char *weight = number_text (MAX (ot_finite_or (edge->kg, 0), 1));

        graphml_data (w, "weight", weight);
      }
      graphml_rgb (w, r, g, b, 'e');
      graphml_data (w, "style", edge_style (edge));
      if (w->flows[w->pair_first[e]].placed)
        graphml_number (w, "thickness", edge_thickness (w, e));
      g_string_append (w->out, "    </edge>\n");
      flush (w, FALSE);
    }
  g_string_append (w->out, "  </graph>\n</graphml>\n");
}

/* The export ----------------------------------------------------------- */

gboolean
ot_export_graph (OtNetwork             *network,
                 const OtScene         *scene,
                 const OtViewport      *vp,
                 const OtExportOptions *opts,
                 OtExportFormat         format,
                 const char            *path,
                 GError               **error)
{
  guint nv = ot_network_get_n_vertices (network);
  guint ne = ot_network_get_n_edges (network);
  g_autoptr(OtAtomicFile) sink = NULL;
  Writer w = { 0 };
  gboolean ok;

  g_return_val_if_fail (format == OT_EXPORT_GEXF || format == OT_EXPORT_GRAPHML, FALSE);

  /* A folder, a device, a missing folder: refused before anything else. */
  sink = ot_atomic_file_new (path, error);
  if (sink == NULL)
    return FALSE;

  w.network = network;
  w.dataset = ot_network_get_dataset (network);
  w.format = format;
  w.sink = sink;
  w.out = g_string_sized_new (FLUSH_AT + 4096);
  w.nodes = g_new0 (Viz, MAX (nv, 1));
  w.flows = g_new0 (Viz, MAX (ne, 1));
  w.pair_first = g_new (guint, MAX (ne, 1));
  w.node_attrs = g_array_new (FALSE, FALSE, sizeof (AttrDef));
  w.edge_attrs = g_array_new (FALSE, FALSE, sizeof (AttrDef));
  g_array_set_clear_func (w.node_attrs, clear_attr_def);
  g_array_set_clear_func (w.edge_attrs, clear_attr_def);
  w.minerals = g_array_new (FALSE, FALSE, sizeof (guint));
  w.values = g_ptr_array_new_with_free_func (g_free);

  /* Edges are sorted by (from, to, mineral): a pair is a run. */
  for (guint e = 0; e < ne; e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      const OtEdge *before = e > 0 ? ot_network_get_edge (network, e - 1) : NULL;

      w.pair_first[e] = before != NULL && before->from == edge->from && before->to == edge->to
                        ? w.pair_first[e - 1] : e;
    }
  if (scene != NULL)
    {
      w.has_scene = TRUE;
      w.dark = ot_scene_get_theme (scene)->dark;
      collect_viz (&w, scene, vp, opts);
    }
  find_minerals (&w);
  define_attributes (&w);

  if (format == OT_EXPORT_GEXF)
    write_gexf (&w);
  else
    write_graphml (&w);
  flush (&w, TRUE);

  ok = ot_atomic_file_commit (sink, NULL, error);
  reset_values (&w, 0);
  g_ptr_array_unref (w.values);
  g_array_unref (w.minerals);
  g_free (w.mineral_col);
  g_array_unref (w.node_attrs);
  g_array_unref (w.edge_attrs);
  g_free (w.pair_first);
  g_free (w.flows);
  g_free (w.nodes);
  g_string_free (w.out, TRUE);
  return ok;
}
