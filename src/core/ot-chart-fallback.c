/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-chart-fallback.c: a TEMPORARY stand-in for ot-chart.c so the window
 * can be built and tested before the real view builders land.
 *
 * One circle per country seen (origin, hub, destination), one straight
 * edge per origin → destination pair.  Network and flow views place the
 * countries on a circle, the map view at their representative points.
 *
 * src/core/meson.build compiles this file only when ot-chart.c does not
 * exist: delete it once the real chart is merged. */
#include "ot-chart.h"

#include <glib/gi18n-lib.h>
#include <math.h>

typedef struct {
  OtCountry  country;
  double     x, y;
  guint      n_incidents;
  gboolean   origin, hub, destination;
} Vertex;

typedef struct {
  guint      from, to;
  GArray    *incidents;   /* of guint */
  double     kg;
  OtMineral  mineral;
} Edge;

struct _OtChart
{
  GObject        parent_instance;

  OtDataset     *dataset;
  OtViewKind     view;
  gboolean       countries;
  const OtTheme *theme;
  char          *title;

  GArray        *vertices;   /* of Vertex */
  GArray        *edges;      /* of Edge */
  OtScene       *scene;
  gboolean       stale_graph;
  gboolean       stale_scene;
  OtHitKind      selected_kind;
  guint          selected_id;
};

G_DEFINE_FINAL_TYPE (OtChart, ot_chart, G_TYPE_OBJECT)

static const char *view_names[] = { "network", "map", "flow" };

const char *
ot_view_kind_name (OtViewKind view)
{
  g_return_val_if_fail (view < OT_N_VIEWS, NULL);

  return view_names[view];
}

gboolean
ot_view_kind_parse (const char *text,
                    OtViewKind *out)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < OT_N_VIEWS; i++)
    if (g_ascii_strcasecmp (text, view_names[i]) == 0)
      {
        if (out != NULL)
          *out = i;
        return TRUE;
      }
  return FALSE;
}

static void
clear_edge (gpointer data)
{
  Edge *edge = data;

  g_clear_pointer (&edge->incidents, g_array_unref);
}

static void
ot_chart_finalize (GObject *object)
{
  OtChart *self = OT_CHART (object);

  g_clear_object (&self->dataset);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->vertices, g_array_unref);
  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->scene, ot_scene_unref);

  G_OBJECT_CLASS (ot_chart_parent_class)->finalize (object);
}

static void
ot_chart_class_init (OtChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ot_chart_finalize;
}

static void
ot_chart_init (OtChart *self)
{
  self->theme = ot_theme_light ();
  self->countries = TRUE;
  self->vertices = g_array_new (FALSE, TRUE, sizeof (Vertex));
  self->edges = g_array_new (FALSE, TRUE, sizeof (Edge));
  g_array_set_clear_func (self->edges, clear_edge);
  self->stale_graph = TRUE;
  self->stale_scene = TRUE;
}

OtChart *
ot_chart_new (void)
{
  return g_object_new (OT_TYPE_CHART, NULL);
}

void
ot_chart_set_dataset (OtChart   *self,
                      OtDataset *dataset)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (g_set_object (&self->dataset, dataset))
    {
      self->stale_graph = TRUE;
      self->selected_kind = OT_HIT_NONE;
    }
}

OtDataset *
ot_chart_get_dataset (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  return self->dataset;
}

void
ot_chart_set_view (OtChart    *self,
                   OtViewKind  view)
{
  g_return_if_fail (OT_IS_CHART (self));
  g_return_if_fail (view < OT_N_VIEWS);

  if (self->view != view)
    {
      self->view = view;
      self->stale_graph = TRUE;
    }
}

OtViewKind
ot_chart_get_view (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), OT_VIEW_NETWORK);

  return self->view;
}

void
ot_chart_set_countries_projection (OtChart  *self,
                                   gboolean  countries)
{
  g_return_if_fail (OT_IS_CHART (self));

  self->countries = !!countries;
}

void
ot_chart_set_theme (OtChart       *self,
                    const OtTheme *theme)
{
  g_return_if_fail (OT_IS_CHART (self));
  g_return_if_fail (theme != NULL);

  self->theme = theme;
  self->stale_scene = TRUE;
}

void
ot_chart_set_title (OtChart    *self,
                    const char *title)
{
  g_return_if_fail (OT_IS_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  self->stale_scene = TRUE;
}

static guint
vertex_for (OtChart         *self,
            GHashTable      *index,
            const OtCountry *country)
{
  gpointer found;
  Vertex vertex = { 0 };

  if (g_hash_table_lookup_extended (index, country->code, NULL, &found))
    return GPOINTER_TO_UINT (found);
  vertex.country = *country;
  g_array_append_val (self->vertices, vertex);
  g_hash_table_insert (index, g_strdup (country->code),
                       GUINT_TO_POINTER (self->vertices->len - 1));
  return self->vertices->len - 1;
}

static void
place_vertices (OtChart *self)
{
  guint n = self->vertices->len;

  for (guint i = 0; i < n; i++)
    {
      Vertex *v = &g_array_index (self->vertices, Vertex, i);
      double lat = 0, lon = 0;

      if (self->view == OT_VIEW_MAP && ot_country_point (v->country.code, &lat, &lon))
        {
          v->x = lon;
          v->y = -lat;
        }
      else
        {
          v->x = 100.0 * cos (2 * G_PI * i / MAX (n, 1));
          v->y = 100.0 * sin (2 * G_PI * i / MAX (n, 1));
        }
    }
}

static void
build_graph (OtChart *self)
{
  g_autoptr(GHashTable) vindex = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) eindex = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = self->dataset != NULL ? ot_dataset_get_n_incidents (self->dataset) : 0;

  g_array_set_size (self->vertices, 0);
  g_array_set_size (self->edges, 0);
  g_array_set_size (keys, n);   /* stable storage for the hash keys */
  for (guint i = 0; i < n; i++)
    {
      const OtIncident *inc = ot_dataset_get_incident (self->dataset, i);
      guint from, to;
      gint64 *key = &g_array_index (keys, gint64, i);
      gpointer found;
      Edge *edge;

      if (!OT_COUNTRY_IS_SET (inc->origin) || !OT_COUNTRY_IS_SET (inc->destination))
        continue;
      from = vertex_for (self, vindex, &inc->origin);
      to = vertex_for (self, vindex, &inc->destination);
      for (guint h = 0; h < inc->n_via; h++)
        {
          guint hub = vertex_for (self, vindex, &inc->via[h].country);

          g_array_index (self->vertices, Vertex, hub).hub = TRUE;
        }
      g_array_index (self->vertices, Vertex, from).origin = TRUE;
      g_array_index (self->vertices, Vertex, from).n_incidents++;
      g_array_index (self->vertices, Vertex, to).destination = TRUE;
      g_array_index (self->vertices, Vertex, to).n_incidents++;

      *key = ((gint64) from << 32) | to;
      if (!g_hash_table_lookup_extended (eindex, key, NULL, &found))
        {
          Edge fresh = { from, to, g_array_new (FALSE, FALSE, sizeof (guint)), 0, inc->mineral };

          g_array_append_val (self->edges, fresh);
          found = GUINT_TO_POINTER (self->edges->len - 1);
          g_hash_table_insert (eindex, key, found);
        }
      edge = &g_array_index (self->edges, Edge, GPOINTER_TO_UINT (found));
      g_array_append_val (edge->incidents, i);
      if (ot_incident_has_quantity (inc))
        edge->kg += inc->quantity_kg;
    }
  place_vertices (self);
}

static void
build_scene (OtChart *self)
{
  OtScene *scene = ot_scene_new (self->theme);
  double max_kg = 1;
  gboolean any = self->selected_kind != OT_HIT_NONE;

  for (guint i = 0; i < self->edges->len; i++)
    max_kg = MAX (max_kg, g_array_index (self->edges, Edge, i).kg);

  for (guint i = 0; i < self->edges->len; i++)
    {
      const Edge *e = &g_array_index (self->edges, Edge, i);
      const Vertex *a = &g_array_index (self->vertices, Vertex, e->from);
      const Vertex *b = &g_array_index (self->vertices, Vertex, e->to);
      OtPoint points[2] = { { a->x, a->y }, { b->x, b->y } };
      OtSceneEdge edge = { points, 2, FALSE };
      gboolean touches = (self->selected_kind == OT_HIT_EDGE && self->selected_id == i) ||
                         (self->selected_kind == OT_HIT_NODE &&
                          (self->selected_id == e->from || self->selected_id == e->to));

      edge.width = ot_scene_width_for_kg (max_kg, e->kg, 1.0, 10.0);
      ot_mineral_color (e->mineral, &edge.color.r, &edge.color.g, &edge.color.b);
      edge.color.a = 0.8;
      edge.arrow = TRUE;
      edge.end_inset = 7;
      edge.importance = e->kg;
      edge.id = i;
      edge.flags = any ? (touches ? OT_MARK_SELECTED : OT_MARK_FADED) : 0;
      ot_scene_add_edge (scene, &edge);
    }

  for (guint i = 0; i < self->vertices->len; i++)
    {
      const Vertex *v = &g_array_index (self->vertices, Vertex, i);
      OtSceneNode node = { v->x, v->y, 7 };
      gboolean touches = self->selected_kind == OT_HIT_NODE && self->selected_id == i;

      for (guint j = 0; j < self->edges->len && !touches && any; j++)
        {
          const Edge *e = &g_array_index (self->edges, Edge, j);

          if (self->selected_kind == OT_HIT_EDGE && self->selected_id == j)
            touches = e->from == i || e->to == i;
          else if (self->selected_kind == OT_HIT_NODE)
            touches = (e->from == i && e->to == self->selected_id) ||
                      (e->to == i && e->from == self->selected_id);
        }
      node.shape = v->hub ? OT_NODE_DIAMOND : OT_NODE_CIRCLE;
      ot_rgba_parse_hex (&node.fill, v->hub ? "#e66100" : v->origin ? "#c01c28" : "#1c71d8");
      node.label = ot_country_name (v->country.code);
      node.label_importance = v->n_incidents;
      node.id = i;
      node.flags = any ? (touches ? OT_MARK_SELECTED : OT_MARK_FADED) : 0;
      ot_scene_add_node (scene, &node);
    }

  ot_scene_set_title (scene, self->title != NULL ? self->title : _("Smuggling routes"));
  ot_scene_set_subtitle (scene, _("Preview: origin → destination by country"));
  ot_scene_finish (scene);
  g_clear_pointer (&self->scene, ot_scene_unref);
  self->scene = scene;
}

gboolean
ot_chart_update (OtChart       *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (OT_IS_CHART (self), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (self->stale_graph)
    build_graph (self);
  if (self->stale_graph || self->stale_scene || self->scene == NULL)
    build_scene (self);
  self->stale_graph = self->stale_scene = FALSE;
  return TRUE;
}

OtScene *
ot_chart_get_scene (OtChart *self)
{
  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  return self->scene != NULL ? ot_scene_ref (self->scene) : NULL;
}

static gboolean
mark_is_known (OtChart   *self,
               OtHitKind  kind,
               guint      id)
{
  return (kind == OT_HIT_NODE && id < self->vertices->len) ||
         (kind == OT_HIT_EDGE && id < self->edges->len);
}

void
ot_chart_select (OtChart   *self,
                 OtHitKind  kind,
                 guint      id)
{
  g_return_if_fail (OT_IS_CHART (self));

  if (!mark_is_known (self, kind, id))
    kind = OT_HIT_NONE;
  self->selected_kind = kind;
  self->selected_id = id;
  self->stale_scene = TRUE;
}

GArray *
ot_chart_get_incidents_for (OtChart   *self,
                            OtHitKind  kind,
                            guint      id)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (OT_IS_CHART (self), result);

  if (kind == OT_HIT_EDGE && id < self->edges->len)
    {
      GArray *incidents = g_array_index (self->edges, Edge, id).incidents;

      g_array_append_vals (result, incidents->data, incidents->len);
    }
  else if (kind == OT_HIT_NODE && id < self->vertices->len)
    {
      const Vertex *v = &g_array_index (self->vertices, Vertex, id);

      for (guint i = 0; i < ot_dataset_get_n_incidents (self->dataset); i++)
        {
          const OtIncident *inc = ot_dataset_get_incident (self->dataset, i);
          gboolean hit = g_str_equal (inc->origin.code, v->country.code) ||
                         g_str_equal (inc->destination.code, v->country.code);

          for (guint h = 0; h < inc->n_via && !hit; h++)
            hit = g_str_equal (inc->via[h].country.code, v->country.code);
          if (hit)
            g_array_append_val (result, i);
        }
    }
  return result;
}

static char *
format_kg (double kg)
{
  if (kg >= 1000)
    return g_strdup_printf (_("%.1f t"), kg / 1000);
  return g_strdup_printf (_("%.0f kg"), kg);
}

char *
ot_chart_describe (OtChart   *self,
                   OtHitKind  kind,
                   guint      id)
{
  g_autoptr(GArray) incidents = NULL;

  g_return_val_if_fail (OT_IS_CHART (self), NULL);

  if (!mark_is_known (self, kind, id))
    return NULL;
  incidents = ot_chart_get_incidents_for (self, kind, id);
  if (kind == OT_HIT_NODE)
    {
      const Vertex *v = &g_array_index (self->vertices, Vertex, id);

      return g_strdup_printf (ngettext ("%s · %u incident", "%s · %u incidents", incidents->len),
                              ot_country_name (v->country.code), incidents->len);
    }
  else
    {
      const Edge *e = &g_array_index (self->edges, Edge, id);
      g_autofree char *kg = format_kg (e->kg);

      return g_strdup_printf (ngettext ("%s → %s · %s · %u incident · %s",
                                        "%s → %s · %s · %u incidents · %s", incidents->len),
                              g_array_index (self->vertices, Vertex, e->from).country.code,
                              g_array_index (self->vertices, Vertex, e->to).country.code,
                              ot_mineral_name (e->mineral), incidents->len, kg);
    }
}

void
ot_chart_move_vertex (OtChart *self,
                      guint    id,
                      double   x,
                      double   y)
{
  Vertex *v;

  g_return_if_fail (OT_IS_CHART (self));

  if (self->view != OT_VIEW_NETWORK || id >= self->vertices->len)
    return;
  v = &g_array_index (self->vertices, Vertex, id);
  v->x = x;
  v->y = y;
  self->stale_scene = TRUE;
}
