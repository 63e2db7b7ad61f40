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
 * 1.0 forbids replaced), into an OtAtomicFile.  At a million incidents
 * the files are 600-700 MB (every flow's incident ids, its spells): the
 * values go into one buffer per element instead of a string each, numbers
 * and dates are formatted without printf (), and what every element needs
 * of an incident (its id, days, mineral, kg) is gathered once in arrays. */
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

#define NO_VALUE G_MAXUINT32
/* Bytes copied at once for an id and its "; ". */
#define ID_COPY  32

typedef struct {
  guint32      at;          /* in Writer.vals, or NO_VALUE */
  guint32      len;
  gboolean     plain;       /* needs no escaping */
  const guint *incidents;   /* not NULL: the value is their ids, written
                             * straight into the output */
  guint        n_incidents;
} Value;

typedef struct {
  guint32 first, last;
} Span;

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
  /* One element's attribute values: their text, NUL-terminated, one
   * after the other in @vals; per attribute, where (NO_VALUE: none). */
  GString        *vals;
  Value          *val;
  guint           n_vals;
  /* Per incident (dataset index; the included ones only): */
  char           *id_text;     /* each id followed by "; ", in incident order */
  gsize          *id_at;       /* where in id_text */
  guint32        *id_len;      /* without the "; " */
  guint8         *id_plain;    /* printable ASCII without markup */
  gboolean        ids_plain;   /* all of them */
  Span           *days;        /* first and last day; first 0: not dated */
  guint16        *col;         /* index in minerals */
  double         *kg;
  /* Scratch, reused from element to element */
  double         *col_kg;      /* per mineral column */
  guint          *col_count;
  GArray         *spans;       /* of Span */
  GArray         *keys;        /* of guint64 */
  GArray         *cover;       /* of gint32 */
  GString        *scratch;
  GString        *out;
  OtAtomicFile   *sink;
} Writer;

/* Text ------------------------------------------------------------------- */

/* g_string_append_len () inlined for the short pieces that make most of
 * the file (as GLib's own g_string_append_c () is): a call each was a
 * tenth of a GEXF export at 1M. */
static inline void
put (GString    *out,
     const char *data,
     gsize       n)
{
  if (G_LIKELY (out->len + n < out->allocated_len))
    {
      memcpy (out->str + out->len, data, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, data, n);
}

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
      put (out, text, p - text);
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

#define append_lit(out, lit) put ((out), "" lit, sizeof (lit) - 1)
#define append_str(out, text) put ((out), (text), strlen (text))

static void
append_uint (GString *out,
             guint64  n)
{
  char buf[24];
  char *end = buf + sizeof buf, *p = end;

  do
    *--p = '0' + n % 10;
  while ((n /= 10) > 0);
  put (out, p, end - p);
}

/* The digits of @n, at least @width of them (zeros in front). */
static void
append_padded (GString *out,
               guint    n,
               guint    width)
{
  char buf[16];
  char *end = buf + sizeof buf, *p = end;

  do
    *--p = '0' + n % 10;
  while ((n /= 10) > 0);
  while (end - p < (gssize) width)
    *--p = '0';
  put (out, p, end - p);
}

/* A Julian day (GDate's: 1 is 1 January of year 1) as YYYY-MM-DD,
 * FALSE (nothing written) when it is not a valid day.  The proleptic
 * Gregorian calendar from day counts, as GDate has it, without a GDate
 * per day. */
static gboolean
append_day (GString *out,
            guint32  julian)
{
  guint32 z, era, doe, yoe, doy, mp, day, month, year;

  if (julian == 0 || !g_date_valid_julian (julian))
    return FALSE;
  /* Days since 1 March of year 0, in 400-year eras of 146,097 days. */
  z = julian + 305;
  era = z / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = yoe + era * 400 + (month <= 2);
  append_padded (out, year, 4);
  g_string_append_c (out, '-');
  append_padded (out, month, 2);
  g_string_append_c (out, '-');
  append_padded (out, day, 2);
  return TRUE;
}

static void
flush (Writer  *w,
       gboolean all)
{
  if (w->sink == NULL)
    return;   /* a helper thread's block, written by the main thread */
  if (w->out->len >= FLUSH_AT || (all && w->out->len > 0))
    {
      ot_atomic_file_write (w->sink, w->out->str, w->out->len, NULL);
      g_string_truncate (w->out, 0);
    }
}

/* A coordinate or size on the page: thousandths of a pixel are plenty.
 * As "%.3f" of the value rounded to thousandths, trailing zeros and the
 * point dropped ("12.5", "12", never "-0"). */
static void
append_coordinate (GString *out,
                   double   value)
{
  double thousandths = round (ot_finite_or (value, 0) * 1000);
  guint64 n;
  guint frac, width = 3;

  if (fabs (thousandths) >= 1e15)
    {
      /* Past any page: printf's digits. */
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.3f", thousandths / 1000);
      for (char *end = buf + strlen (buf) - 1; end > buf && strchr (buf, '.') != NULL; end--)
        {
          if (*end != '0')
            {
              if (*end == '.')
                *end = '\0';
              break;
            }
          *end = '\0';
        }
      g_string_append (out, buf);
      return;
    }
  if (thousandths < 0)
    g_string_append_c (out, '-');
  n = (guint64) fabs (thousandths);
  append_uint (out, n / 1000);
  frac = n % 1000;
  if (frac == 0)
    return;
  while (frac % 10 == 0)
    {
      frac /= 10;
      width--;
    }
  g_string_append_c (out, '.');
  append_padded (out, frac, width);
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

/* Values ----------------------------------------------------------------- */

static void
reset_values (Writer *w,
              guint   n)
{
  g_string_truncate (w->vals, 0);
  w->n_vals = n;
  for (guint i = 0; i < n; i++)
    w->val[i].at = NO_VALUE;
}

/* Starts @attr's value: its text is what is appended to the returned
 * buffer until end_value (). */
static GString *
begin_value (Writer *w,
             guint   attr)
{
  g_assert (attr < w->n_vals);
  w->val[attr].at = w->vals->len;
  w->val[attr].incidents = NULL;
  return w->vals;
}

static void
end_value (Writer   *w,
           guint     attr,
           gboolean  plain)
{
  w->val[attr].len = w->vals->len - w->val[attr].at;
  w->val[attr].plain = plain;
  g_string_append_c (w->vals, '\0');
}

static void
value_text (Writer     *w,
            guint       attr,
            const char *text)
{
  g_string_append (begin_value (w, attr), text);
  end_value (w, attr, FALSE);
}

static void
value_uint (Writer *w,
            guint   attr,
            guint   n)
{
  append_uint (begin_value (w, attr), n);
  end_value (w, attr, TRUE);
}

static void
value_number (Writer *w,
              guint   attr,
              double  value)
{
  ot_writer_append_number (begin_value (w, attr), ot_finite_or (value, 0));
  end_value (w, attr, TRUE);
}

static void
value_day (Writer  *w,
           guint    attr,
           guint32  julian)
{
  if (append_day (begin_value (w, attr), julian))
    end_value (w, attr, TRUE);
  else
    w->val[attr].at = NO_VALUE;
}

static void
value_bool (Writer   *w,
            guint     attr,
            gboolean  value)
{
  value_text (w, attr, value ? "true" : "false");
  w->val[attr].plain = TRUE;
}

static void
append_incident_ids (Writer      *w,
                     GString     *out,
                     const guint *incidents,
                     guint        n)
{
  for (guint k = 0; k < n; k++)
    {
      const char *id = w->id_text + w->id_at[incidents[k]];
      gsize len = w->id_len[incidents[k]] + (k + 1 < n ? 2 : 0);   /* "; " but after the last */

      /* Most ids are short: a fixed copy instead of a memcpy () call
       * (the bytes past @len are overwritten next). */
      if (G_LIKELY (len <= ID_COPY && out->len + ID_COPY < out->allocated_len))
        {
          memcpy (out->str + out->len, id, ID_COPY);
          out->len += len;
        }
      else
        put (out, id, len);
      /* A country's ids are megabytes: the buffer stays small. */
      if (out == w->out && out->len >= FLUSH_AT)
        {
          out->str[out->len] = '\0';
          flush (w, FALSE);
        }
    }
  out->str[out->len] = '\0';
}

/* Writes value @attr as attribute or character data. */
static void
append_value (Writer *w,
              guint   attr)
{
  const Value *v = &w->val[attr];

  if (v->incidents != NULL && v->plain)
    append_incident_ids (w, w->out, v->incidents, v->n_incidents);
  else if (v->incidents != NULL)
    {
      /* Escaped as one text, as the other values. */
      g_string_truncate (w->scratch, 0);
      append_incident_ids (w, w->scratch, v->incidents, v->n_incidents);
      append_escaped (w->out, w->scratch->str);
    }
  else if (v->plain)
    put (w->out, w->vals->str + v->at, v->len);
  else
    append_escaped (w->out, w->vals->str + v->at);
}

/* Per incident ------------------------------------------------------------ */

static gboolean
plain_text (const char *text,
            guint32    *len)
{
  const char *p = text;
  gboolean plain;

  /* As append_escaped () tells what it writes as it is. */
  while (*p >= 0x20 && *p < 0x7f && *p != '&' && *p != '<' && *p != '>' && *p != '"' &&
         *p != '\'')
    p++;
  plain = *p == '\0';
  *len = plain ? (guint32) (p - text) : (guint32) strlen (text);
  return plain;
}

/* What the elements need of each included incident, gathered once: at 1M
 * incidents each is read by about eight vertices and edges, and the ids
 * side by side are read from a few MB instead of all the strings. */
static void
gather_incidents (Writer *w)
{
  guint n, n_minerals = ot_mineral_count ();
  const guint8 *mask = ot_network_get_mask (w->network, &n);
  g_autoptr(GString) text = g_string_new (NULL);

  w->id_at = g_new (gsize, MAX (n, 1));
  w->id_len = g_new (guint32, MAX (n, 1));
  w->id_plain = g_new (guint8, MAX (n, 1));
  w->days = g_new (Span, MAX (n, 1));
  w->col = g_new (guint16, MAX (n, 1));
  w->kg = g_new (double, MAX (n, 1));
  w->ids_plain = TRUE;
  for (guint i = 0; i < n; i++)
    if (mask[i])
      {
        const OtIncident *inc = ot_dataset_get_incident (w->dataset, i);

        w->id_plain[i] = plain_text (inc->id, &w->id_len[i]);
        w->ids_plain &= w->id_plain[i];
        w->id_at[i] = text->len;
        g_string_append_len (text, inc->id, w->id_len[i]);
        append_lit (text, "; ");
        w->days[i].first = ot_date_first_day (&inc->date);
        w->days[i].last = ot_date_last_day (&inc->date);
        w->col[i] = w->mineral_col[inc->mineral < n_minerals ? inc->mineral : n_minerals];
        w->kg[i] = inc->quantity_kg;
      }
  /* Room for copying ID_COPY bytes from the last one. */
  for (guint k = 0; k < ID_COPY; k++)
    g_string_append_c (text, ' ');
  w->id_text = g_string_free (g_steal_pointer (&text), FALSE);
}

/* Incident ids, "; " between them (the separator of the CSV's lists):
 * the list is kept, its text written by append_value (). */
static void
value_incident_ids (Writer      *w,
                    guint        attr,
                    const guint *incidents,
                    guint        n)
{
  gboolean plain = TRUE;

  if (!w->ids_plain)
    for (guint k = 0; k < n && plain; k++)
      plain = w->id_plain[incidents[k]];
  begin_value (w, attr);
  end_value (w, attr, plain);
  w->val[attr].incidents = incidents;
  w->val[attr].n_incidents = n;
}

static int
compare_keys (const void *a,
              const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The date spans of the dated incidents, merged where they overlap or
 * touch, into w->spans; empty when none is dated.  The days covered are
 * counted on the span of days when there are many incidents for it (a
 * company's or a country's thousands), sorted otherwise. */
static void
merge_spans (Writer      *w,
             const guint *incidents,
             guint        n)
{
  guint32 lo = G_MAXUINT32, hi = 0;
  guint n_dated = 0;

  g_array_set_size (w->spans, 0);
  for (guint k = 0; k < n; k++)
    {
      guint32 f = w->days[incidents[k]].first, l = w->days[incidents[k]].last;

      if (f != 0 && l >= f)
        {
          lo = MIN (lo, f);
          hi = MAX (hi, l);
          n_dated++;
        }
    }
  if (n_dated == 0)
    return;
  if ((guint64) hi - lo < 2 * (guint64) n_dated + 64)
    {
      /* Starts minus ends per day, then the runs of covered days. */
      guint range = hi - lo + 1;
      gint32 *cover;
      gint32 depth = 0;
      Span run = { 0, 0 };

      g_array_set_size (w->cover, 0);
      g_array_set_size (w->cover, range + 1);
      cover = (gint32 *) (void *) w->cover->data;
      memset (cover, 0, (range + 1) * sizeof *cover);
      for (guint k = 0; k < n; k++)
        {
          guint32 f = w->days[incidents[k]].first, l = w->days[incidents[k]].last;

          if (f != 0 && l >= f)
            {
              cover[f - lo]++;
              cover[l - lo + 1]--;
            }
        }
      for (guint d = 0; d <= range; d++)
        {
          gint32 before = depth;

          depth += cover[d];
          if (before == 0 && depth > 0)
            run.first = lo + d;
          else if (before > 0 && depth == 0)
            {
              run.last = lo + d - 1;
              g_array_append_val (w->spans, run);
            }
        }
      return;
    }

  {
    guint64 *keys;
    guint m = 0;
    Span cur;

    g_array_set_size (w->keys, n_dated);
    keys = (guint64 *) (void *) w->keys->data;
    for (guint k = 0; k < n; k++)
      {
        guint32 f = w->days[incidents[k]].first, l = w->days[incidents[k]].last;

        if (f != 0 && l >= f)
          keys[m++] = (guint64) f << 32 | l;
      }
    if (m <= 16)
      {
        /* A flow's few incidents. */
        for (guint a = 1; a < m; a++)
          {
            guint64 key = keys[a];
            guint b = a;

            for (; b > 0 && keys[b - 1] > key; b--)
              keys[b] = keys[b - 1];
            keys[b] = key;
          }
      }
    else
      qsort (keys, m, sizeof *keys, compare_keys);
    cur.first = keys[0] >> 32;
    cur.last = keys[0] & G_MAXUINT32;
    for (guint k = 1; k < m; k++)
      {
        guint32 f = keys[k] >> 32, l = keys[k] & G_MAXUINT32;

        if (f <= cur.last + 1)
          cur.last = MAX (cur.last, l);
        else
          {
            g_array_append_val (w->spans, cur);
            cur.first = f;
            cur.last = l;
          }
      }
    g_array_append_val (w->spans, cur);
  }
}

static void
vertex_values (Writer *w,
               guint   v)
{
  const OtVertex *vertex = ot_network_get_vertex (w->network, v);
  guint n;
  const guint *incidents = ot_network_get_vertex_incidents (w->network, v, &n);
  guint32 first = 0, last = 0;
  GString *roles;

  reset_values (w, w->node_attrs->len);
  value_text (w, NA_KEY, vertex->key);
  value_text (w, NA_KIND, ot_vertex_kind_name (vertex->kind));
  if (OT_COUNTRY_IS_SET (vertex->country))
    value_text (w, NA_COUNTRY, vertex->country.code);
  if (vertex->entity != NULL)
    value_text (w, NA_ENTITY, vertex->entity);
  roles = begin_value (w, NA_ROLES);
  for (guint r = 0, n_roles = 0; r < OT_N_ROLES; r++)
    if (vertex->roles & OT_ROLE_BIT (r))
      {
        if (n_roles++ > 0)
          append_lit (roles, "; ");
        g_string_append (roles, ot_role_name (r));
      }
  end_value (w, NA_ROLES, FALSE);
  for (guint r = 0; r < OT_N_ROLES; r++)
    value_uint (w, NA_AS_ORIGIN + r, vertex->n_role[r]);
  value_uint (w, NA_INCIDENTS, vertex->n_incidents);
  value_uint (w, NA_ILLUSTRATIVE, vertex->n_illustrative);
  value_number (w, NA_KG_IN, vertex->kg_in);
  value_number (w, NA_KG_OUT, vertex->kg_out);
  value_uint (w, NA_INCIDENTS_IN, vertex->n_in);
  value_uint (w, NA_INCIDENTS_OUT, vertex->n_out);
  value_number (w, NA_TRANSSHIPMENT, vertex->transshipment);

  /* Totals by mineral over the vertex's incidents, as the details pane
   * gives them. */
  memset (w->col_kg, 0, w->minerals->len * sizeof *w->col_kg);
  memset (w->col_count, 0, w->minerals->len * sizeof *w->col_count);
  for (guint k = 0; k < n; k++)
    {
      guint i = incidents[k];
      guint col = w->col[i];
      guint32 f = w->days[i].first, l = w->days[i].last;

      w->col_count[col]++;
      w->col_kg[col] = ot_kg_add (w->col_kg[col], w->kg[i]);
      if (f != 0 && (first == 0 || f < first))
        first = f;
      if (l > last)
        last = l;
    }
  for (guint k = 0; k < w->minerals->len; k++)
    {
      value_number (w, w->first_mineral_attr + 2 * k, w->col_kg[k]);
      value_uint (w, w->first_mineral_attr + 2 * k + 1, w->col_count[k]);
    }
  value_day (w, NA_FIRST_DATE, first);
  value_day (w, NA_LAST_DATE, last);
  value_incident_ids (w, NA_INCIDENT_IDS, incidents, n);
  if (w->has_scene)
    value_bool (w, NA_DRAWN, w->nodes[v].drawn);
  merge_spans (w, incidents, n);
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
edge_values (Writer *w,
             guint   e)
{
  const OtEdge *edge = ot_network_get_edge (w->network, e);
  guint n;
  const guint *incidents = ot_network_get_edge_incidents (w->network, e, &n);
  GString *statuses;

  reset_values (w, w->edge_attrs->len);
  value_text (w, EA_MINERAL, edge->mineral < ot_mineral_count ()
                             ? ot_mineral_name (edge->mineral) : "unknown");
  value_uint (w, EA_INCIDENTS, edge->n_incidents);
  value_uint (w, EA_WITH_KG, edge->n_with_kg);
  value_number (w, EA_KG, edge->kg);
  value_bool (w, EA_CONFIRMED, !edge_alleged_only (edge));
  statuses = begin_value (w, EA_STATUSES);
  for (guint s = 0, n_statuses = 0; s < OT_N_STATUS; s++)
    if (edge->n_status[s] > 0)
      {
        if (n_statuses++ > 0)
          append_lit (statuses, "; ");
        g_string_append (statuses, ot_status_name (s));
        g_string_append_c (statuses, ' ');
        append_uint (statuses, edge->n_status[s]);
      }
  end_value (w, EA_STATUSES, FALSE);
  value_uint (w, EA_ILLUSTRATIVE, edge->n_illustrative);
  value_number (w, EA_KG_ILLUSTRATIVE, edge->kg_illustrative);
  value_day (w, EA_FIRST_DATE, edge->first_day);
  value_day (w, EA_LAST_DATE, edge->last_day);
  value_incident_ids (w, EA_INCIDENT_IDS, incidents, n);
  if (w->has_scene)
    value_bool (w, EA_DRAWN, w->flows[w->pair_first[e]].drawn);
  merge_spans (w, incidents, n);
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

/* Elements in two threads --------------------------------------------------
 *
 * A large network's elements are written in blocks: this thread writes
 * the even blocks into the file as before, a helper thread the odd ones
 * into a buffer of its own (a copy of the writer sharing the per-incident
 * tables, with its own scratch), which this thread writes after its own
 * block; the helper starts its next block once its last one is written.
 * The file is the same byte for byte as one thread's. */

typedef void (*ElementFunc) (Writer *w,
                             guint   element);

/* Blocks of this many elements; two threads from two blocks on. */
#define BLOCK_ELEMENTS 2048

typedef struct {
  Writer       w;
  ElementFunc  one;
  guint        n;
  GMutex       lock;
  GCond        cond;
  guint        written;   /* blocks written to the file */
  gint         ready;     /* the helper's last block done, or -1 */
  gboolean     stop;
} Helper;

/* Tests set it to compare the two (ot-export-private.h). */
gboolean ot_export_graph_one_thread = FALSE;

/* What a writer changes from element to element: its own in each thread
 * (the attribute definitions and the minerals are known by now). */
static void
writer_init_scratch (Writer *w)
{
  w->vals = g_string_sized_new (4096);
  w->val = g_new (Value, MAX (w->node_attrs->len, w->edge_attrs->len));
  w->spans = g_array_new (FALSE, FALSE, sizeof (Span));
  w->keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  w->cover = g_array_new (FALSE, FALSE, sizeof (gint32));
  w->scratch = g_string_new (NULL);
  w->col_kg = g_new (double, MAX (w->minerals->len, 1));
  w->col_count = g_new (guint, MAX (w->minerals->len, 1));
}

static void
writer_clear_scratch (Writer *w)
{
  g_string_free (w->vals, TRUE);
  g_free (w->val);
  g_array_unref (w->spans);
  g_array_unref (w->keys);
  g_array_unref (w->cover);
  g_string_free (w->scratch, TRUE);
  g_free (w->col_kg);
  g_free (w->col_count);
}

static void
write_block (Writer      *w,
             ElementFunc  one,
             guint        block,
             guint        n)
{
  for (guint i = block * BLOCK_ELEMENTS; i < MIN (n, (block + 1) * BLOCK_ELEMENTS); i++)
    {
      one (w, i);
      flush (w, FALSE);
    }
}

static gpointer
helper_thread (gpointer data)
{
  Helper *h = data;
  guint n_blocks = (h->n + BLOCK_ELEMENTS - 1) / BLOCK_ELEMENTS;

  for (guint k = 1; k < n_blocks; k += 2)
    {
      g_mutex_lock (&h->lock);
      while (!h->stop && h->written < k - 1)
        g_cond_wait (&h->cond, &h->lock);
      g_mutex_unlock (&h->lock);
      if (h->stop)
        break;
      g_string_truncate (h->w.out, 0);
      write_block (&h->w, h->one, k, h->n);
      g_mutex_lock (&h->lock);
      h->ready = (gint) k;
      g_cond_broadcast (&h->cond);
      g_mutex_unlock (&h->lock);
    }
  return NULL;
}

static void
write_elements (Writer      *w,
                guint        n,
                ElementFunc  one)
{
  guint n_blocks = (n + BLOCK_ELEMENTS - 1) / BLOCK_ELEMENTS;
  Helper *h;
  GThread *thread;

  if (n_blocks < 2 || ot_export_graph_one_thread || g_get_num_processors () < 2)
    {
      for (guint i = 0; i < n && !ot_atomic_file_failed (w->sink); i++)
        {
          one (w, i);
          flush (w, FALSE);
        }
      return;
    }

  h = g_new0 (Helper, 1);
  h->w = *w;
  h->w.sink = NULL;
  h->w.out = g_string_sized_new (FLUSH_AT);
  writer_init_scratch (&h->w);
  h->one = one;
  h->n = n;
  h->ready = -1;
  g_mutex_init (&h->lock);
  g_cond_init (&h->cond);
  thread = g_thread_new ("oretrace-graph", helper_thread, h);

  for (guint k = 0; k < n_blocks && !ot_atomic_file_failed (w->sink); k += 2)
    {
      write_block (w, one, k, n);
      if (k + 1 < n_blocks)
        {
          g_mutex_lock (&h->lock);
          while (h->ready < (gint) k + 1)
            g_cond_wait (&h->cond, &h->lock);
          g_mutex_unlock (&h->lock);
          /* Its block after this one's, straight into the file. */
          flush (w, TRUE);
          ot_atomic_file_write (w->sink, h->w.out->str, h->w.out->len, NULL);
          g_mutex_lock (&h->lock);
          h->written = k + 2;
          g_cond_broadcast (&h->cond);
          g_mutex_unlock (&h->lock);
        }
    }
  g_mutex_lock (&h->lock);
  h->stop = TRUE;
  g_cond_broadcast (&h->cond);
  g_mutex_unlock (&h->lock);
  g_thread_join (thread);

  g_string_free (h->w.out, TRUE);
  writer_clear_scratch (&h->w);
  g_mutex_clear (&h->lock);
  g_cond_clear (&h->cond);
  g_free (h);
}

/* GEXF ------------------------------------------------------------------- */

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
  append_lit (w->out, "        <attvalues>\n");
  for (guint i = 0; i < w->n_vals; i++)
    {
      if (w->val[i].at == NO_VALUE)
        continue;
      append_lit (w->out, "          <attvalue for=\"");
      append_uint (w->out, i);
      append_lit (w->out, "\" value=\"");
      append_value (w, i);
      append_lit (w->out, "\"/>\n");
    }
  append_lit (w->out, "        </attvalues>\n");
}

static void
gexf_spells (Writer *w)
{
  if (w->spans->len == 0)
    return;
  append_lit (w->out, "        <spells>\n");
  for (guint k = 0; k < w->spans->len; k++)
    {
      const Span *s = &g_array_index (w->spans, Span, k);

      /* Merged spans are of valid days. */
      append_lit (w->out, "          <spell start=\"");
      append_day (w->out, s->first);
      append_lit (w->out, "\" end=\"");
      append_day (w->out, s->last);
      append_lit (w->out, "\"/>\n");
    }
  append_lit (w->out, "        </spells>\n");
}

static void
gexf_color (Writer *w,
            guint   r,
            guint   g,
            guint   b)
{
  append_lit (w->out, "        <viz:color r=\"");
  append_uint (w->out, r);
  append_lit (w->out, "\" g=\"");
  append_uint (w->out, g);
  append_lit (w->out, "\" b=\"");
  append_uint (w->out, b);
  append_lit (w->out, "\"/>\n");
}

static void
gexf_node (Writer *w,
           guint   v)
{
  const Viz *viz = &w->nodes[v];

  vertex_values (w, v);
  append_lit (w->out, "      <node id=\"n");
  append_uint (w->out, v);
  append_lit (w->out, "\" label=\"");
  append_escaped (w->out, ot_network_get_vertex (w->network, v)->label);
  append_lit (w->out, "\">\n");
  gexf_attvalues (w);
  gexf_spells (w);
  if (viz->placed)
    {
      gexf_color (w, channel (viz->color.r), channel (viz->color.g), channel (viz->color.b));
      /* Gephi's y axis points up, the page's down. */
      append_lit (w->out, "        <viz:position x=\"");
      append_coordinate (w->out, viz->x);
      append_lit (w->out, "\" y=\"");
      append_coordinate (w->out, -viz->y);
      append_lit (w->out, "\" z=\"0\"/>\n        <viz:size value=\"");
      append_coordinate (w->out, viz->size);
      append_lit (w->out, "\"/>\n        <viz:shape value=\"");
      append_str (w->out, shape_name (viz->shape, TRUE));
      append_lit (w->out, "\"/>\n");
    }
  append_lit (w->out, "      </node>\n");
}

/* Edge @e's values, its colour, and its element's start up to the
 * target's quote (either format). */
static void
edge_open (Writer       *w,
           guint         e,
           const OtEdge *edge,
           guint        *r,
           guint        *g,
           guint        *b,
           const char   *indent)
{
  edge_values (w, e);
  edge_rgb (w, edge, r, g, b);
  append_str (w->out, indent);
  append_lit (w->out, "<edge id=\"e");
  append_uint (w->out, e);
  append_lit (w->out, "\" source=\"n");
  append_uint (w->out, edge->from);
  append_lit (w->out, "\" target=\"n");
  append_uint (w->out, edge->to);
}

static void
gexf_edge (Writer *w,
           guint   e)
{
  const OtEdge *edge = ot_network_get_edge (w->network, e);
  guint r, g, b;

  edge_open (w, e, edge, &r, &g, &b, "      ");
  /* Parallel edges (one per mineral) are told apart by their kind. */
  append_lit (w->out, "\" kind=\"");
  append_value (w, EA_MINERAL);
  append_lit (w->out, "\" weight=\"");
  ot_writer_append_number (w->out, MAX (ot_finite_or (edge->kg, 0), 1));
  append_lit (w->out, "\">\n");
  gexf_attvalues (w);
  gexf_spells (w);
  gexf_color (w, r, g, b);
  if (w->flows[w->pair_first[e]].placed)
    {
      append_lit (w->out, "        <viz:thickness value=\"");
      append_coordinate (w->out, edge_thickness (w, e));
      append_lit (w->out, "\"/>\n");
    }
  append_lit (w->out, "        <viz:shape value=\"");
  append_str (w->out, edge_style (edge));
  append_lit (w->out, "\"/>\n      </edge>\n");
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
  write_elements (w, nv, gexf_node);
  append_lit (w->out, "    </nodes>\n");

  g_string_append_printf (w->out, "    <edges count=\"%u\">\n", ne);
  write_elements (w, ne, gexf_edge);
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
  append_lit (w->out, "      <data key=\"");
  append_str (w->out, key);
  append_lit (w->out, "\">");
  append_escaped (w->out, value);
  append_lit (w->out, "</data>\n");
}

/* The values, keyed @prefix and the attribute's index ("v3", "d10"). */
static void
graphml_values (Writer *w,
                char    prefix)
{
  for (guint i = 0; i < w->n_vals; i++)
    {
      if (w->val[i].at == NO_VALUE)
        continue;
      append_lit (w->out, "      <data key=\"");
      g_string_append_c (w->out, prefix);
      append_uint (w->out, i);
      append_lit (w->out, "\">");
      append_value (w, i);
      append_lit (w->out, "</data>\n");
    }
}

static void
graphml_number (Writer     *w,
                const char *key,
                double      value)
{
  append_lit (w->out, "      <data key=\"");
  append_str (w->out, key);
  append_lit (w->out, "\">");
  append_coordinate (w->out, value);
  append_lit (w->out, "</data>\n");
}

static void
graphml_rgb (Writer *w,
             guint   r,
             guint   g,
             guint   b,
             char    domain)
{
  static const char hex[] = "0123456789abcdef";
  const guint channels[] = { r, g, b };
  static const char names[] = "rgb";

  for (guint c = 0; c < 3; c++)
    {
      append_lit (w->out, "      <data key=\"");
      g_string_append_c (w->out, domain);
      g_string_append_c (w->out, '_');
      g_string_append_c (w->out, names[c]);
      append_lit (w->out, "\">");
      append_uint (w->out, channels[c]);
      append_lit (w->out, "</data>\n");
    }
  append_lit (w->out, "      <data key=\"");
  g_string_append_c (w->out, domain);
  append_lit (w->out, "_color\">#");
  for (guint c = 0; c < 3; c++)
    {
      g_string_append_c (w->out, hex[channels[c] >> 4 & 0xf]);
      g_string_append_c (w->out, hex[channels[c] & 0xf]);
    }
  append_lit (w->out, "</data>\n");
}

static void
graphml_node (Writer *w,
              guint   v)
{
  const Viz *viz = &w->nodes[v];

  vertex_values (w, v);
  append_lit (w->out, "    <node id=\"n");
  append_uint (w->out, v);
  append_lit (w->out, "\">\n");
  graphml_data (w, "label", ot_network_get_vertex (w->network, v)->label);
  graphml_values (w, 'v');
  if (viz->placed)
    {
      /* Page px, y down as in Cytoscape and yEd. */
      graphml_number (w, "x", viz->x);
      graphml_number (w, "y", viz->y);
      graphml_number (w, "size", viz->size);
      graphml_data (w, "shape", shape_name (viz->shape, FALSE));
      graphml_rgb (w, channel (viz->color.r), channel (viz->color.g), channel (viz->color.b), 'v');
    }
  append_lit (w->out, "    </node>\n");
}

static void
graphml_edge (Writer *w,
              guint   e)
{
  const OtEdge *edge = ot_network_get_edge (w->network, e);
  guint r, g, b;

  edge_open (w, e, edge, &r, &g, &b, "    ");
  append_lit (w->out, "\">\n");
  graphml_values (w, 'd');
  append_lit (w->out, "      <data key=\"weight\">");
  ot_writer_append_number (w->out, MAX (ot_finite_or (edge->kg, 0), 1));
  append_lit (w->out, "</data>\n");
  graphml_rgb (w, r, g, b, 'e');
  graphml_data (w, "style", edge_style (edge));
  if (w->flows[w->pair_first[e]].placed)
    graphml_number (w, "thickness", edge_thickness (w, e));
  append_lit (w->out, "    </edge>\n");
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
  write_elements (w, nv, graphml_node);
  write_elements (w, ne, graphml_edge);
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
  writer_init_scratch (&w);
  gather_incidents (&w);

  if (format == OT_EXPORT_GEXF)
    write_gexf (&w);
  else
    write_graphml (&w);
  flush (&w, TRUE);

  ok = ot_atomic_file_commit (sink, NULL, error);
  g_free (w.id_text);
  g_free (w.id_at);
  g_free (w.id_len);
  g_free (w.id_plain);
  g_free (w.days);
  g_free (w.col);
  g_free (w.kg);
  writer_clear_scratch (&w);
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
