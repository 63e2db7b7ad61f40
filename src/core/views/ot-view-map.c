/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-view-map.c: the network drawn on the world (Natural Earth I).
 * Countries sit at their representative point, ports at their own
 * coordinates (data/hubs.csv), companies a little off their country's
 * point.  The central meridian keeps every landmass holding a place whole;
 * the fit shows the places, the map is drawn wider so it fills any plot;
 * ports of one country cluster while they would overlap.  See
 * docs/views.md and docs/map.md. */
#include "ot-view-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ot-geo.h"
#include "ot-hubs.h"
#include "ot-layout.h"
#include "ot-numeric.h"
#include "ot-text.h"

/* World units per projected unit (the equator is ~1094 long). */
#define MAP_SCALE 200.0
#define MAP_SOUTH -58.0
#define MAP_NORTH 84.0
/* Companies sit 0.6 to 1 times this many degrees from their country's
 * point: outside the country's own circle at world scale. */
#define COMPANY_OFFSET 6.0
#define LAND_STEP 0.6   /* world units, about half a pixel at 1600 wide */
#define BEND_BASE 0.16
#define BEND_STEP 0.07
/* Statistical flows bend less than the incidents' arcs (issue 18). */
#define TRADE_BEND 0.07
/* The fit: the places' box, padded by this share of its size plus this
 * share of the world's width, at least a quarter of the world wide and
 * FIT_ASPECT times wider than high, within the world. */
#define FIT_PAD 0.08
#define FIT_PAD_WORLD 0.03
#define FIT_MIN_WIDTH 0.25
#define FIT_ASPECT 1.6
/* The map is drawn this share of the fit's size beyond it on each side
 * (within the world), so it fills plots of any shape. */
#define DRAW_BEYOND 0.6
/* Clustering ports assumes the fit gives the view about this many page px
 * across, and two marks closer than their radii plus CLUSTER_GAP px
 * overlap. */
#define NOMINAL_PLOT_WIDTH 1100.0
#define CLUSTER_GAP 4.0
#define CLUSTER_MIN_ZOOM 0.05   /* the viewport's smallest zoom */
#define CLUSTER_MAX_ZOOM 1e6

/* A cluster of ports of one country: one mark while its members would
 * overlap, at zooms below @split. */
typedef struct {
  OtPoint  xy;             /* world, the members' kg-weighted mean */
  double   split;          /* zoom from which its two parts show apart */
  guint    heaviest;       /* member vertex: id, colour and name */
  GArray  *members;        /* of guint, vertex indices */
} PortCluster;

/* One flow per ordered pair of drawn marks at each zoom: its ends are a
 * port, or the cluster holding it while its ports would overlap; the
 * pairs of places whose ends fall in the same two marks are summed into
 * one arc (widths add, one arrow).  Nothing where both ends are the same
 * mark.  Made with the layout, so a merged flow's id (the network's edge
 * count plus its index in OtViewLayout.flows, which lists its edges and
 * incidents) names the same flow in every scene of it. */
typedef struct {
  guint   a, b;        /* items */
  double  lo, hi;      /* zoom range */
  GArray *edges;       /* of guint */
  guint   id;          /* the heaviest member pair's first edge */
  double  id_kg;
  guint   flow_id;     /* the scene edge id: @id for one pair of places */
} MarkPair;

typedef struct {
  OtViewLayout     base;
  OtGeoProjection *projection;
  guint            n_vertices;
  double          *lon, *lat;   /* NAN: not placed */
  OtPoint         *xy;          /* world */
  OtRect           view;        /* world: the part of the map drawn */
  OtRect           fit;         /* world: the part fitting shows */
  /* Items are vertices (< n_vertices), then clusters; parent of each, or
   * G_MAXUINT for none. */
  guint           *parent;
  GArray          *clusters;    /* of PortCluster */
  GArray          *mark_hubs;   /* of guint, per mark: the port vertex where
                                 * its events happened, or G_MAXUINT */
  GArray          *mark_pairs;  /* of MarkPair */
  GArray          *trade_fit;   /* of OtPoint, world: the countries of the
                                 * heaviest trade flows (issue 18), fitted */
} MapLayout;

static void
project (const MapLayout *self,
         double           lon,
         double           lat,
         OtPoint         *out)
{
  double x, y;

  ot_geo_project (self->projection, lon, lat, &x, &y);
  out->x = x * MAP_SCALE;
  out->y = -y * MAP_SCALE;
}

/* A small deterministic offset (degrees) from a key. */
static void
key_offset (const char *key,
            double      radius,
            double     *dlon,
            double     *dlat)
{
  guint h = g_str_hash (key);
  double angle = (h % 360) * G_PI / 180;
  double r = radius * (0.6 + 0.4 * ((h / 360) % 100) / 100.0);

  *dlon = r * cos (angle);
  *dlat = r * sin (angle) * 0.7;
}

static gboolean
place_vertex (const OtVertex *v,
              double         *lon,
              double         *lat)
{
  double dlon, dlat;

  if (!OT_COUNTRY_IS_SET (v->country) || !ot_country_point (v->country.code, lat, lon))
    return FALSE;
  switch (v->kind)
    {
    case OT_VERTEX_HUB:
      if (ot_hub_lookup (v->country.code, v->label, lat, lon))
        return TRUE;
      key_offset (v->key, 1.5, &dlon, &dlat);
      break;
    case OT_VERTEX_COMPANY:
      key_offset (v->key, COMPANY_OFFSET, &dlon, &dlat);
      break;
    case OT_VERTEX_COUNTRY:
    case OT_N_VERTEX_KINDS:
    default:
      return TRUE;
    }
  *lon += dlon;
  *lat = CLAMP (*lat + dlat, -80, 80);
  return TRUE;
}

/* Companies seen with no country: next to the first placed neighbour. */
static void
place_orphans (MapLayout *self,
               OtNetwork *network)
{
  for (guint v = 0; v < self->n_vertices; v++)
    {
      g_autoptr(GArray) nb = NULL;

      if (!isnan (self->lon[v]))
        continue;
      nb = ot_network_get_neighbours (network, v);
      for (guint k = 0; k < nb->len; k++)
        {
          guint n = g_array_index (nb, guint, k);
          double dlon, dlat;

          if (isnan (self->lon[n]))
            continue;
          key_offset (ot_network_get_vertex (network, v)->key, COMPANY_OFFSET, &dlon, &dlat);
          self->lon[v] = self->lon[n] + dlon;
          self->lat[v] = CLAMP (self->lat[n] + dlat, -80, 80);
          break;
        }
    }
}

/* Where an event happened: the named place, else its country. */
static gboolean
event_place (const OtIncident *incident,
             const OtCountry  *country,
             double           *lon,
             double           *lat)
{
  if (!OT_COUNTRY_IS_SET (*country))
    return FALSE;
  if (incident->event_place && ot_hub_lookup (country->code, incident->event_place, lat, lon))
    return TRUE;
  return ot_country_point (country->code, lat, lon);
}

/* The port vertex placed at (@lon, @lat) in @country, G_MAXUINT if none. */
static guint
hub_vertex_at (const MapLayout *self,
               OtNetwork       *network,
               const OtCountry *country,
               double           lon,
               double           lat)
{
  for (guint v = 0; v < self->n_vertices; v++)
    {
      const OtVertex *vx = ot_network_get_vertex (network, v);

      if (vx->kind == OT_VERTEX_HUB && self->lon[v] == lon && self->lat[v] == lat &&
          strcmp (vx->country.code, country->code) == 0)
        return v;
    }
  return G_MAXUINT;
}

/* One marker per place and kind of event: every included incident whose
 * event happened somewhere known (seizures along a route included). */
static void
collect_marks (MapLayout *self,
               OtNetwork *network)
{
  OtDataset *dataset = ot_network_get_dataset (network);
  g_autoptr(GHashTable) by_place = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_mask;
  const guint8 *mask = ot_network_get_mask (network, &n_mask);

  for (guint i = 0; i < n_mask; i++)
    {
      const OtIncident *incident;
      OtCountry country;
      double lon, lat;
      gboolean confirmed;
      g_autofree char *key = NULL;
      gpointer index;
      OtViewMark *mark;

      if (!mask[i])
        continue;
      incident = ot_dataset_get_incident (dataset, i);
      country = incident->event_country;
      /* A record with one place only is an event there. */
      if (!OT_COUNTRY_IS_SET (country) && incident->n_via == 0 &&
          OT_COUNTRY_IS_SET (incident->origin) != OT_COUNTRY_IS_SET (incident->destination))
        country = OT_COUNTRY_IS_SET (incident->origin) ? incident->origin : incident->destination;
      if (!event_place (incident, &country, &lon, &lat))
        continue;
      confirmed = ot_view_incident_confirmed (incident);
      key = g_strdup_printf ("%.3f:%.3f:%d", lon, lat, confirmed);
      if (!g_hash_table_lookup_extended (by_place, key, NULL, &index))
        {
          OtViewMark m = { 0 };
          g_autofree char *cname = g_strdup (ot_country_display_name (country.code));
          const char *where = incident->event_place ? incident->event_place : cname;
          g_autofree char *vkey = g_strconcat ("country:", country.code, NULL);
          gint vertex = ot_network_find_vertex (network, vkey);

          /* Longitude and latitude until the projection is chosen. */
          m.x = lon;
          m.y = lat;
          m.vertex = vertex >= 0 ? (guint) vertex : G_MAXUINT;
          m.confirmed = confirmed;
          m.label = confirmed ? g_strdup_printf (_("Seizure or arrest at %s"), where ? where : country.code)
                              : g_strdup_printf (_("Reported at %s"), where ? where : country.code);
          guint hub = incident->event_place ? hub_vertex_at (self, network, &country, lon, lat)
                                            : G_MAXUINT;

          index = GUINT_TO_POINTER (self->base.marks->len);
          g_array_append_val (self->base.marks, m);
          g_array_append_val (self->mark_hubs, hub);
          g_hash_table_insert (by_place, g_steal_pointer (&key), index);
        }
      mark = &g_array_index (self->base.marks, OtViewMark, GPOINTER_TO_UINT (index));
      ot_view_mark_add_incident (mark, i);
    }
}

/* The part of the map fitting shows: the places (drawn nodes and event
 * markers; never the flows' arcs) padded, widened to a landscape shape,
 * within the world.  The map is drawn further around it (DRAW_BEYOND), so
 * whatever the plot's shape the world fills it. */
static void
choose_view (MapLayout *self)
{
  OtRect r, world;
  double hw, w, h, cx, cy, pad, world_w, world_h;

  ot_geo_projection_get_extent (self->projection, &hw, NULL);
  world.x0 = -hw * MAP_SCALE;
  world.x1 = hw * MAP_SCALE;
  {
    OtPoint top, bottom;

    project (self, ot_geo_projection_get_central_meridian (self->projection), MAP_NORTH, &top);
    project (self, ot_geo_projection_get_central_meridian (self->projection), MAP_SOUTH, &bottom);
    world.y0 = top.y;
    world.y1 = bottom.y;
  }
  world_w = world.x1 - world.x0;
  world_h = world.y1 - world.y0;
  ot_rect_init_empty (&r);
  for (guint v = 0; v < self->n_vertices; v++)
    if (!isnan (self->lon[v]))
      ot_rect_add_point (&r, self->xy[v].x, self->xy[v].y);
  for (guint k = 0; k < self->base.marks->len; k++)
    {
      const OtViewMark *m = &g_array_index (self->base.marks, OtViewMark, k);
      ot_rect_add_point (&r, m->x, m->y);
    }
  for (guint k = 0; self->trade_fit != NULL && k < self->trade_fit->len; k++)
    {
      const OtPoint *p = &g_array_index (self->trade_fit, OtPoint, k);

      ot_rect_add_point (&r, p->x, p->y);
    }
  if (ot_rect_is_empty (&r))
    {
      self->view = self->fit = world;
      return;
    }
  pad = FIT_PAD * MAX (r.x1 - r.x0, r.y1 - r.y0) + FIT_PAD_WORLD * world_w;
  w = MAX (r.x1 - r.x0 + 2 * pad, FIT_MIN_WIDTH * world_w);
  h = r.y1 - r.y0 + 2 * pad;
  w = MIN (MAX (w, h * FIT_ASPECT), world_w);
  h = MIN (MAX (h, w / (2 * FIT_ASPECT)), world_h);
  cx = CLAMP ((r.x0 + r.x1) / 2, world.x0 + w / 2, world.x1 - w / 2);
  cy = CLAMP ((r.y0 + r.y1) / 2, world.y0 + h / 2, world.y1 - h / 2);
  self->fit = (OtRect) { cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2 };
  self->view = (OtRect) { MAX (world.x0, self->fit.x0 - DRAW_BEYOND * w),
                          MAX (world.y0, self->fit.y0 - DRAW_BEYOND * h),
                          MIN (world.x1, self->fit.x1 + DRAW_BEYOND * w),
                          MIN (world.y1, self->fit.y1 + DRAW_BEYOND * h) };
}

/* ---- ports clustered by zoom ---------------------------------------------- */

static guint
cluster_top (const guint *parent,
             guint        item)
{
  while (parent[item] != G_MAXUINT)
    item = parent[item];
  return item;
}

static const PortCluster *
get_cluster (const MapLayout *self,
             guint            item)
{
  return &g_array_index (self->clusters, PortCluster, item - self->n_vertices);
}

/* The zooms (relative to the fit) at which an item is its own mark:
 * from its parent's split to its own. */
static void
item_zoom_range (const MapLayout *self,
                 guint            item,
                 double          *lo,
                 double          *hi)
{
  *hi = item < self->n_vertices ? INFINITY : get_cluster (self, item)->split;
  *lo = self->parent[item] == G_MAXUINT ? 0 : get_cluster (self, self->parent[item])->split;
}

static OtPoint
item_position (const MapLayout *self,
               guint            item)
{
  return item < self->n_vertices ? self->xy[item] : get_cluster (self, item)->xy;
}

typedef struct {
  guint  a, b;
  double zoom;
} PortPair;

static int
pair_compare (gconstpointer pa,
              gconstpointer pb)
{
  const PortPair *a = pa, *b = pb;

  if (a->zoom != b->zoom)
    return a->zoom > b->zoom ? -1 : 1;
  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  return (a->b > b->b) - (a->b < b->b);
}

/* Single-linkage clusters of the ports of each country.  Two ports of
 * radii r1, r2 page px, d world units apart, are drawn d * s * z px apart
 * at zoom z (s: page px per world unit at the fit) while their radii grow
 * as sqrt (z) (ot_viewport_size_factor), so they overlap below
 * z = ((r1 + r2 + CLUSTER_GAP) / (d * s))^2.  Merging the closest pairs
 * first gives each cluster the zoom at which it splits in two. */
static void
cluster_ports (MapLayout         *self,
               const OtViewInput *input)
{
  OtNetwork *network = input->network;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (PortPair));
  g_autofree double *radius = g_new0 (double, MAX (self->n_vertices, 1));
  double s = NOMINAL_PLOT_WIDTH / MAX (self->fit.x1 - self->fit.x0, 1e-9);
  guint n_items;

  self->clusters = g_array_new (FALSE, FALSE, sizeof (PortCluster));
  for (guint v = 0; v < self->n_vertices; v++)
    {
      const OtVertex *a = ot_network_get_vertex (network, v);

      if (a->kind != OT_VERTEX_HUB || isnan (self->lon[v]))
        continue;
      radius[v] = MAX (input->node_scale, 0.1) * ot_view_vertex_radius (a, input->max_vertex_kg);
      for (guint u = 0; u < v; u++)
        {
          const OtVertex *b = ot_network_get_vertex (network, u);
          PortPair pair = { u, v, CLUSTER_MAX_ZOOM };
          double d = hypot (self->xy[u].x - self->xy[v].x, self->xy[u].y - self->xy[v].y);

          if (b->kind != OT_VERTEX_HUB || isnan (self->lon[u]) ||
              strcmp (a->country.code, b->country.code) != 0)
            continue;
          if (d * s > 1e-9)
            pair.zoom = MIN (CLUSTER_MAX_ZOOM, pow ((radius[u] + radius[v] + CLUSTER_GAP) / (d * s), 2));
          if (pair.zoom > CLUSTER_MIN_ZOOM)
            g_array_append_val (pairs, pair);
        }
    }
  g_array_sort (pairs, pair_compare);
  self->parent = g_new (guint, self->n_vertices + MAX (pairs->len, 1));
  for (guint k = 0; k < self->n_vertices + MAX (pairs->len, 1); k++)
    self->parent[k] = G_MAXUINT;
  n_items = self->n_vertices;
  for (guint k = 0; k < pairs->len; k++)
    {
      const PortPair *pair = &g_array_index (pairs, PortPair, k);
      guint ta = cluster_top (self->parent, pair->a), tb = cluster_top (self->parent, pair->b);
      PortCluster c = { { 0, 0 }, pair->zoom, G_MAXUINT, NULL };
      double sum = 0, heaviest = -1;

      if (ta == tb)
        continue;
      c.members = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint t = 0; t < 2; t++)
        {
          guint top = t == 0 ? ta : tb;

          if (top < self->n_vertices)
            g_array_append_val (c.members, top);
          else
            g_array_append_vals (c.members, get_cluster (self, top)->members->data,
                                 get_cluster (self, top)->members->len);
          self->parent[top] = n_items;
        }
      for (guint m = 0; m < c.members->len; m++)
        {
          guint v = g_array_index (c.members, guint, m);
          double kg = ot_view_vertex_kg (ot_network_get_vertex (network, v));
          double weight = 1 + (isfinite (kg) ? kg : 0);

          c.xy.x += weight * self->xy[v].x;
          c.xy.y += weight * self->xy[v].y;
          sum += weight;
          if (weight > heaviest)
            {
              heaviest = weight;
              c.heaviest = v;
            }
        }
      c.xy.x /= sum;
      c.xy.y /= sum;
      g_array_append_val (self->clusters, c);
      n_items++;
    }
}

static void
clusters_free (MapLayout *self)
{
  for (guint k = 0; self->clusters && k < self->clusters->len; k++)
    g_array_unref (g_array_index (self->clusters, PortCluster, k).members);
  g_clear_pointer (&self->clusters, g_array_unref);
  g_clear_pointer (&self->parent, g_free);
}

static void
map_free (OtViewLayout *layout)
{
  MapLayout *self = (MapLayout *) layout;

  ot_view_layout_clear (layout);
  g_clear_pointer (&self->projection, ot_geo_projection_unref);
  clusters_free (self);
  g_clear_pointer (&self->mark_hubs, g_array_unref);
  g_clear_pointer (&self->mark_pairs, g_array_unref);
  g_clear_pointer (&self->trade_fit, g_array_unref);
  g_free (self->lon);
  g_free (self->lat);
  g_free (self->xy);
  g_free (self);
}

static void collect_mark_pairs (MapLayout         *self,
                                const OtViewInput *input);

static OtViewLayout *
map_layout (const OtViewInput *input,
            OtViewLayout      *previous,
            GCancellable      *cancellable,
            GError           **error)
{
  OtNetwork *network = input->network;
  MapLayout *self = g_new0 (MapLayout, 1);
  g_autoptr(GArray) flows = g_array_new (FALSE, FALSE, sizeof (OtGeoFlow));
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (OtGeoPoint));
  const OtWorld *world = ot_world_get (error);

  if (world == NULL)
    {
      g_free (self);
      return NULL;
    }
  ot_view_layout_init (&self->base, &ot_view_map_class, OT_VIEW_MAP);
  self->n_vertices = ot_network_get_n_vertices (network);
  self->lon = g_new (double, MAX (self->n_vertices, 1));
  self->lat = g_new (double, MAX (self->n_vertices, 1));
  self->xy = g_new0 (OtPoint, MAX (self->n_vertices, 1));
  for (guint v = 0; v < self->n_vertices; v++)
    if (!place_vertex (ot_network_get_vertex (network, v), &self->lon[v], &self->lat[v]))
      self->lon[v] = self->lat[v] = NAN;
  place_orphans (self, network);
  self->mark_hubs = g_array_new (FALSE, FALSE, sizeof (guint));
  collect_marks (self, network);

  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      OtGeoFlow f = { self->lon[edge->from], self->lat[edge->from],
                      self->lon[edge->to], self->lat[edge->to] };

      if (!isnan (f.lon1) && !isnan (f.lon2))
        g_array_append_val (flows, f);
    }
  /* Every drawn place: the placed vertices and the events' places. */
  for (guint v = 0; v < self->n_vertices; v++)
    if (!isnan (self->lon[v]))
      g_array_append_val (places, ((OtGeoPoint) { self->lon[v], self->lat[v] }));
  for (guint k = 0; k < self->base.marks->len; k++)
    {
      const OtViewMark *m = &g_array_index (self->base.marks, OtViewMark, k);

      g_array_append_val (places, ((OtGeoPoint) { m->x, m->y }));
    }
  /* The heaviest trade flows' countries and flows count as the map's
   * (issue 18): no landmass of theirs is cut, and the fit holds them. */
  self->trade_fit = g_array_new (FALSE, FALSE, sizeof (OtPoint));
  for (guint k = 0; input->trade != NULL &&
       k < MIN (ot_trade_layer_get_n_pairs (input->trade), OT_VIEW_TRADE_FIT_PAIRS); k++)
    {
      const OtTradePair *pair = ot_trade_layer_get_pair (input->trade,
                                                         ot_trade_layer_get_ranking (input->trade)[k]);
      OtGeoFlow f;

      if (pair->exporter >= ot_country_count () || pair->importer >= ot_country_count () ||
          !ot_country_point (ot_country_nth (pair->exporter), &f.lat1, &f.lon1) ||
          !ot_country_point (ot_country_nth (pair->importer), &f.lat2, &f.lon2))
        continue;
      g_array_append_val (flows, f);
      g_array_append_val (places, ((OtGeoPoint) { f.lon1, f.lat1 }));
      g_array_append_val (places, ((OtGeoPoint) { f.lon2, f.lat2 }));
      g_array_append_val (self->trade_fit, ((OtPoint) { f.lon1, f.lat1 }));
      g_array_append_val (self->trade_fit, ((OtPoint) { f.lon2, f.lat2 }));
    }
  self->projection = ot_geo_projection_new (
    ot_geo_choose_meridian_for_places (world, (const OtGeoPoint *) (void *) places->data, places->len,
                                       (const OtGeoFlow *) (void *) flows->data, flows->len));
  for (guint v = 0; v < self->n_vertices; v++)
    if (!isnan (self->lon[v]))
      project (self, self->lon[v], self->lat[v], &self->xy[v]);
  for (guint k = 0; k < self->base.marks->len; k++)
    {
      OtViewMark *m = &g_array_index (self->base.marks, OtViewMark, k);

      project (self, m->x, m->y, (OtPoint *) &m->x);
    }
  for (guint k = 0; k < self->trade_fit->len; k++)
    {
      OtPoint *p = &g_array_index (self->trade_fit, OtPoint, k);

      project (self, p->x, p->y, p);
    }
  choose_view (self);
  cluster_ports (self, input);
  collect_mark_pairs (self, input);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      map_free (&self->base);
      return NULL;
    }
  return &self->base;
}

/* ---- scene --------------------------------------------------------------- */

static OtRgba
mix (OtRgba a,
     OtRgba b,
     double t)
{
  return (OtRgba) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
                    a.b + (b.b - a.b) * t, 1 };
}

/* Land tint per country on the network, by its dominant role. */
static GHashTable *
country_tints (OtNetwork     *network,
               const OtTheme *theme)
{
  GHashTable *tints = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      const OtVertex *vx = ot_network_get_vertex (network, v);
      OtRgba *c;

      if (vx->kind != OT_VERTEX_COUNTRY || !OT_COUNTRY_IS_SET (vx->country))
        continue;
      c = g_new (OtRgba, 1);
      *c = mix (theme->land, ot_view_vertex_fill (vx), theme->dark ? 0.35 : 0.25);
      g_hash_table_insert (tints, (gpointer) vx->country.code, c);
    }
  return tints;
}

static void
add_line (OtScene       *scene,
          GArray        *points,
          const OtTheme *theme)
{
  OtSceneLine line = { (const OtPoint *) (void *) points->data, points->len,
                       theme->graticule, 0.6, OT_DASH_SOLID };

  if (points->len >= 2)
    ot_scene_add_line (scene, &line);
  g_array_set_size (points, 0);
}

static gboolean
in_view (const MapLayout *self,
         const OtPoint   *p)
{
  return p->x >= self->view.x0 && p->x <= self->view.x1 &&
         p->y >= self->view.y0 && p->y <= self->view.y1;
}

/* Meridians and parallels every 30 degrees, inside the view. */
static void
add_graticule (OtScene         *scene,
               const MapLayout *self,
               const OtTheme   *theme)
{
  g_autoptr(GArray) pts = g_array_new (FALSE, FALSE, sizeof (OtPoint));
  double cm = ot_geo_projection_get_central_meridian (self->projection);

  for (int lon = -180; lon < 180; lon += 30)
    {
      /* The edge meridian is the map's outline, not a line on it. */
      if (fabs (fmod (lon - cm + 540.0, 360.0) - 180) < 1e-6)
        continue;
      for (double lat = MAP_SOUTH; lat <= MAP_NORTH + 1e-9; lat += 2)
        {
          OtPoint p;

          project (self, lon, lat, &p);
          if (in_view (self, &p))
            g_array_append_val (pts, p);
          else
            add_line (scene, pts, theme);
        }
      add_line (scene, pts, theme);
    }
  for (int lat = -30; lat <= 60; lat += 30)
    {
      for (double d = -179.5; d <= 179.5; d += 1)
        {
          OtPoint p;

          project (self, cm + d, lat, &p);
          if (in_view (self, &p))
            g_array_append_val (pts, p);
          else
            add_line (scene, pts, theme);
        }
      add_line (scene, pts, theme);
    }
}

/* The sea: the map's outline between the two latitudes, cut to the view. */
static void
add_sea (OtScene         *scene,
         const MapLayout *self,
         const OtTheme   *theme)
{
  g_autoptr(GArray) ring = g_array_new (FALSE, FALSE, sizeof (OtPoint));
  g_autoptr(GArray) clipped = g_array_new (FALSE, FALSE, sizeof (OtPoint));
  double cm = ot_geo_projection_get_central_meridian (self->projection);
  guint n;

  for (double lat = MAP_SOUTH; lat <= MAP_NORTH; lat += 2)
    {
      OtPoint p;
      project (self, cm - 179.9999, lat, &p);
      g_array_append_val (ring, p);
    }
  for (double lat = MAP_NORTH; lat >= MAP_SOUTH; lat -= 2)
    {
      OtPoint p;
      project (self, cm + 179.9999, lat, &p);
      g_array_append_val (ring, p);
    }
  n = ot_layout_clip_ring ((const OtPoint *) (void *) ring->data, ring->len, &self->view, clipped);
  if (n > 0)
    {
      OtScenePolygon sea = { (const OtPoint *) (void *) clipped->data, &n, 1,
                             theme->water, theme->land_border, 0.8, OT_SCENE_NO_ID };
      ot_scene_add_polygon (scene, &sea);
    }
}

/* Every country outline that reaches into the view, cut to it. */
static void
add_land (OtScene         *scene,
          const MapLayout *self,
          OtNetwork       *network,
          const OtTheme   *theme)
{
  const OtWorld *world = ot_world_get (NULL);
  g_autoptr(GHashTable) tints = country_tints (network, theme);
  g_autoptr(GArray) pts = g_array_new (FALSE, FALSE, sizeof (OtPoint));
  g_autoptr(GArray) ring = g_array_new (FALSE, FALSE, sizeof (OtPoint));
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint s = 0; world && s < ot_world_get_n_shapes (world); s++)
    {
      double x0, y0, x1, y1;
      const OtRgba *tint;
      OtScenePolygon poly = { 0 };

      if (ot_world_shape_numeric (world, s) == OT_GEO_ANTARCTICA ||
          !ot_geo_shape_bounds (world, s, self->projection, &x0, &y0, &x1, &y1) ||
          x1 * MAP_SCALE < self->view.x0 || x0 * MAP_SCALE > self->view.x1 ||
          -y0 * MAP_SCALE < self->view.y0 || -y1 * MAP_SCALE > self->view.y1)
        continue;
      g_array_set_size (pts, 0);
      g_array_set_size (sizes, 0);
      for (guint piece = 0; piece < ot_geo_shape_n_pieces (world, s, self->projection); piece++)
        {
          guint np, kept;
          const float *xy = ot_geo_shape_piece (world, s, self->projection, piece, &np);

          /* Points closer than LAND_STEP to the last one kept add nothing
           * visible at the sizes drawn; dropping them keeps SVG and PDF
           * exports small. */
          g_array_set_size (ring, 0);
          for (guint k = 0; k < np; k++)
            {
              OtPoint p = { xy[2 * k] * MAP_SCALE, -xy[2 * k + 1] * MAP_SCALE };
              const OtPoint *last = ring->len ? &g_array_index (ring, OtPoint, ring->len - 1) : NULL;

              if (last == NULL || fabs (p.x - last->x) + fabs (p.y - last->y) >= LAND_STEP)
                g_array_append_val (ring, p);
            }
          np = ring->len;
          if (np < 3)
            continue;
          kept = ot_layout_clip_ring ((const OtPoint *) (void *) ring->data, np, &self->view, pts);
          if (kept > 0)
            g_array_append_val (sizes, kept);
        }
      if (sizes->len == 0)
        continue;
      tint = *ot_world_shape_alpha2 (world, s)
             ? g_hash_table_lookup (tints, ot_world_shape_alpha2 (world, s)) : NULL;
      poly.points = (const OtPoint *) (void *) pts->data;
      poly.ring_sizes = (const guint *) (void *) sizes->data;
      poly.n_rings = sizes->len;
      poly.fill = tint ? *tint : theme->land;
      poly.stroke = theme->land_border;
      poly.stroke_width = 0.5;
      poly.id = OT_SCENE_NO_ID;
      ot_scene_add_polygon (scene, &poly);
    }
}

/* A cluster of ports summed into one vertex: its members' kg and
 * incidents, the heaviest one's kind, country and name. */
static OtVertex
cluster_vertex (const MapLayout   *self,
                const OtViewInput *input,
                const PortCluster *c)
{
  OtVertex sum = *ot_network_get_vertex (input->network, c->heaviest);

  sum.kg_in = sum.kg_out = 0;
  sum.n_incidents = 0;
  sum.n_illustrative = 0;
  for (guint m = 0; m < c->members->len; m++)
    {
      const OtVertex *vx = ot_network_get_vertex (input->network, g_array_index (c->members, guint, m));

      sum.kg_in = ot_kg_add (sum.kg_in, vx->kg_in);
      sum.kg_out = ot_kg_add (sum.kg_out, vx->kg_out);
      sum.n_incidents += vx->n_incidents;
      sum.n_illustrative += vx->n_illustrative;
    }
  return sum;
}

/* The scene id and radius (page px) of an item's mark: a vertex's own, a
 * cluster's heaviest member's id and its summed size. */
static guint
item_mark (const MapLayout   *self,
           const OtViewInput *input,
           guint              item,
           double            *radius)
{
  OtVertex sum;

  if (item < self->n_vertices)
    {
      *radius = input->node_scale * ot_view_vertex_radius (ot_network_get_vertex (input->network, item),
                                                           input->max_vertex_kg);
      return item;
    }
  sum = cluster_vertex (self, input, get_cluster (self, item));
  *radius = input->node_scale * ot_view_vertex_radius (&sum, input->max_vertex_kg);
  return get_cluster (self, item)->heaviest;
}

static void
mark_pair_clear (gpointer data)
{
  g_array_unref (((MarkPair *) data)->edges);
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static char *
item_label (const MapLayout   *self,
            const OtViewInput *input,
            guint              item)
{
  const PortCluster *c;
  OtVertex sum;

  if (item < self->n_vertices)
    return ot_text_isolate (ot_view_vertex_label (ot_network_get_vertex (input->network, item)));
  c = get_cluster (self, item);
  sum = cluster_vertex (self, input, c);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u other port",
                                       "%s and %u other ports", c->members->len - 1),
                          ot_view_vertex_label (&sum), c->members->len - 1);
}

/* A flow of several pairs of places as a layout mark: its edges, its
 * incidents (ascending, each once) and "A → B". */
static guint
add_merged_flow (MapLayout         *self,
                 const OtViewInput *input,
                 const MarkPair    *mp)
{
  OtViewMark mark = { 0 };
  g_autofree char *from = item_label (self, input, mp->a);
  g_autofree char *to = item_label (self, input, mp->b);

  mark.vertex = G_MAXUINT;
  mark.label = g_strdup_printf ("%s → %s", from, to);
  mark.edges = g_array_copy (mp->edges);
  mark.incidents = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint j = 0; j < mp->edges->len; j++)
    {
      guint n;
      const guint *list = ot_network_get_edge_incidents (input->network,
                                                         g_array_index (mp->edges, guint, j), &n);

      g_array_append_vals (mark.incidents, list, n);
    }
  g_array_sort (mark.incidents, compare_guint);
  for (guint j = 1, w = 1; j <= mark.incidents->len; j++)
    if (j == mark.incidents->len)
      g_array_set_size (mark.incidents, w);
    else if (g_array_index (mark.incidents, guint, j) != g_array_index (mark.incidents, guint, w - 1))
      g_array_index (mark.incidents, guint, w++) = g_array_index (mark.incidents, guint, j);
  g_array_append_val (self->base.flows, mark);
  return ot_network_get_n_edges (input->network) + self->base.flows->len - 1;
}

/* A pair's key (a << 32 | b) mixed into all 32 bits: g_int64_hash ()
 * folds it to a ^ b, which is the same for many pairs of small vertex
 * ids, and at ten million incidents the probing took minutes. */
static guint
pair_hash (gconstpointer key)
{
  return (guint) ((*(const guint64 *) key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32);
}

static void
collect_mark_pairs (MapLayout         *self,
                    const OtViewInput *input)
{
  OtNetwork *network = input->network;
  guint ne = ot_network_get_n_edges (network);
  g_autoptr(GHashTable) index = g_hash_table_new_full (pair_hash, g_int64_equal, g_free, NULL);

  self->mark_pairs = g_array_new (FALSE, FALSE, sizeof (MarkPair));
  g_array_set_clear_func (self->mark_pairs, mark_pair_clear);
  for (guint e = 0; e < ne;)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      guint first, n;
      double kg;

      ot_view_edge_pair (network, e, &first, &n);
      e = first + n;
      if (isnan (self->lon[edge->from]) || isnan (self->lon[edge->to]))
        continue;
      kg = ot_view_pair_kg (network, first, n);
      for (guint a = edge->from; a != G_MAXUINT; a = self->parent[a])
        for (guint b = edge->to; b != G_MAXUINT; b = self->parent[b])
          {
            double lo_a, hi_a, lo_b, hi_b, lo, hi;
            OtPoint from = item_position (self, a), to = item_position (self, b);
            gint64 key = ((gint64) a << 32) | b;
            gpointer at;
            MarkPair *mp;

            item_zoom_range (self, a, &lo_a, &hi_a);
            item_zoom_range (self, b, &lo_b, &hi_b);
            lo = MAX (lo_a, lo_b);
            hi = MIN (hi_a, hi_b);
            /* (The scene keeps zooms as floats.) */
            if (a == b || (float) lo >= (float) hi || (from.x == to.x && from.y == to.y))
              continue;
            if (!g_hash_table_lookup_extended (index, &key, NULL, &at))
              {
                MarkPair fresh = { a, b, lo, hi, g_array_new (FALSE, FALSE, sizeof (guint)), first, -1, first };

                at = GUINT_TO_POINTER (self->mark_pairs->len);
                g_array_append_val (self->mark_pairs, fresh);
                g_hash_table_insert (index, g_memdup2 (&key, sizeof key), at);
              }
            mp = &g_array_index (self->mark_pairs, MarkPair, GPOINTER_TO_UINT (at));
            for (guint k = first; k < first + n; k++)
              g_array_append_val (mp->edges, k);
            if (kg > mp->id_kg)
              {
                mp->id = first;
                mp->id_kg = kg;
              }
          }
    }
  for (guint k = 0; k < self->mark_pairs->len; k++)
    {
      MarkPair *mp = &g_array_index (self->mark_pairs, MarkPair, k);
      guint first, n;

      /* One pair of places keeps its first edge as id; several get one
       * of their own. */
      ot_view_edge_pair (network, mp->id, &first, &n);
      mp->flow_id = mp->edges->len > n ? add_merged_flow (self, input, mp) : mp->id;
    }
}

static void
add_flows_by_zoom (OtScene           *scene,
                   const MapLayout   *self,
                   const OtViewInput *input,
                   const OtViewFocus *focus,
                   const double      *bends)
{
  for (guint k = 0; k < self->mark_pairs->len; k++)
    {
      const MarkPair *mp = &g_array_index (self->mark_pairs, MarkPair, k);
      OtViewFlow flow = { 0 };
      double radius;

      flow.edges = &g_array_index (mp->edges, guint, 0);
      flow.n_edges = mp->edges->len;
      flow.from = item_position (self, mp->a);
      flow.to = item_position (self, mp->b);
      flow.bend = bends[mp->id];
      flow.from_id = item_mark (self, input, mp->a, &radius);
      flow.to_id = item_mark (self, input, mp->b, &radius);
      flow.end_radius = radius;
      flow.id = mp->flow_id;
      ot_scene_set_zoom_range (scene, mp->lo, mp->hi);
      ot_view_add_flow (scene, input, focus, &flow);
    }
  ot_scene_set_zoom_range (scene, 0, 0);
}

/* A cluster of ports as one diamond: its members' kg, the heaviest one's
 * colour and id (a click selects it), named after it. */
static void
add_clusters (OtScene           *scene,
              const MapLayout   *self,
              const OtViewInput *input,
              const OtViewFocus *focus)
{
  for (guint k = 0; k < self->clusters->len; k++)
    {
      const PortCluster *c = &g_array_index (self->clusters, PortCluster, k);
      OtVertex sum = cluster_vertex (self, input, c);
      OtSceneNode node = { 0 };
      g_autofree char *label = NULL;
      gboolean selected = FALSE, focused = FALSE;
      double lo, hi;

      item_zoom_range (self, self->n_vertices + k, &lo, &hi);
      if ((float) lo >= (float) hi)
        continue;   /* merged into its parent at the zoom it forms */
      for (guint m = 0; m < c->members->len; m++)
        {
          guint v = g_array_index (c->members, guint, m);

          selected |= input->sel_kind == OT_HIT_NODE && input->sel_id == v;
          focused |= focus->active && focus->vertices != NULL && focus->vertices[v];
        }
      /* TRANSLATORS: a mark for several ports of one country on the map,
       * e.g. "Manzanillo and 2 other ports" */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u other port",
                                            "%s and %u other ports", c->members->len - 1),
                               ot_view_vertex_label (&sum), c->members->len - 1);
      node.x = c->xy.x;
      node.y = c->xy.y;
      node.radius = input->node_scale * ot_view_vertex_radius (&sum, input->max_vertex_kg);
      node.shape = ot_view_vertex_shape (&sum);
      node.fill = ot_view_vertex_fill (&sum);
      node.illustrative = ot_view_vertex_illustrative (&sum);
      node.label = label;
      node.label_importance = ot_view_vertex_importance (&sum) + ot_view_kind_label_boost (&sum);
      node.id = c->heaviest;
      node.flags = selected ? OT_MARK_SELECTED : focus->active && !focused ? OT_MARK_FADED : 0;
      node.min_zoom = lo;
      node.max_zoom = hi;
      ot_scene_add_node (scene, &node);
    }
}

/* Event markers, shown with their place: an event at a port follows the
 * port's mark at each zoom (the port, or the cluster holding it); others
 * follow their country's node. */
static void
add_markers_by_zoom (OtScene           *scene,
                     const MapLayout   *self,
                     const OtViewInput *input,
                     const OtViewFocus *focus)
{
  for (guint k = 0; k < self->base.marks->len; k++)
    {
      guint hub = g_array_index (self->mark_hubs, guint, k);
      OtSceneMarker marker;

      ot_view_marker (&self->base, focus, k, OT_VIEW_MARKER_OFFSET, &marker);
      if (hub == G_MAXUINT)
        {
          ot_scene_add_marker (scene, &marker);
          continue;
        }
      for (guint item = hub; item != G_MAXUINT; item = self->parent[item])
        {
          double lo, hi, radius;

          item_zoom_range (self, item, &lo, &hi);
          if ((float) lo >= (float) hi)
            continue;
          marker.has_place = TRUE;
          marker.place_id = item_mark (self, input, item, &radius);
          ot_scene_set_zoom_range (scene, lo, hi);
          ot_scene_add_marker (scene, &marker);
        }
      ot_scene_set_zoom_range (scene, 0, 0);
    }
}

/* Trade statistics (issue 18) go from country to country: a country
 * drawn as a vertex at its point, else a place of the layer's own at
 * its representative point (a country only in the statistics, or in the
 * entities projection one seen only through its ports and companies). */
typedef struct {
  const MapLayout   *map;
  const OtViewInput *input;
  const guint       *vertex_of;
} TradeLocate;

static gboolean
trade_locate (OtTradePlace  country,
              OtPoint      *at,
              guint        *id,
              double       *radius,
              gboolean     *own,
              gpointer      data)
{
  const TradeLocate *loc = data;
  guint v = loc->vertex_of[country];
  double lat, lon;

  if (v != G_MAXUINT && !isnan (loc->map->lon[v]))
    {
      *at = loc->map->xy[v];
      *id = v;
      *radius = loc->input->node_scale *
                ot_view_vertex_radius (ot_network_get_vertex (loc->input->network, v), loc->input->max_vertex_kg);
      *own = FALSE;
      return TRUE;
    }
  if (!ot_country_point (ot_country_nth (country), &lat, &lon))
    return FALSE;
  project (loc->map, lon, lat, at);
  *id = OT_CHART_TRADE_ID + country;
  *radius = OT_VIEW_TRADE_PLACE_RADIUS;
  *own = TRUE;
  return TRUE;
}

static OtScene *
map_scene (OtViewLayout      *layout,
           const OtViewInput *input)
{
  MapLayout *self = (MapLayout *) layout;
  OtNetwork *network = input->network;
  OtScene *scene = ot_scene_new (input->theme);
  g_autofree double *bends = ot_view_edge_bends (network, BEND_BASE, BEND_STEP);
  OtViewFocus focus;

  ot_view_focus_init (&focus, input, layout);
  add_sea (scene, self, input->theme);
  add_graticule (scene, self, input->theme);
  add_land (scene, self, network, input->theme);

  if (input->trade != NULL)
    {
      g_autofree guint *vertex_of = ot_view_country_vertices (network);
      TradeLocate loc = { self, input, vertex_of };

      ot_view_add_trade (scene, input, &focus, TRADE_BEND, trade_locate, &loc);
    }
  add_flows_by_zoom (scene, self, input, &focus, bends);
  /* Country names first: they orient the reader on a map. */
  for (guint v = 0; v < self->n_vertices; v++)
    if (!isnan (self->lon[v]))
      {
        double lo, hi;

        item_zoom_range (self, v, &lo, &hi);
        ot_scene_set_zoom_range (scene, lo, hi);
        ot_view_add_vertex (scene, input, &focus, v, self->xy[v],
                            ot_view_kind_label_boost (ot_network_get_vertex (network, v)));
      }
  ot_scene_set_zoom_range (scene, 0, 0);
  add_clusters (scene, self, input, &focus);
  ot_scene_set_fit_bounds (scene, &self->fit);
  add_markers_by_zoom (scene, self, input, &focus);
  /* Notes on places and flows (issue 17): a flow merged into a cluster's
   * shows its note only where its own pair is drawn. */
  {
    g_autofree gboolean *placed = g_new0 (gboolean, MAX (self->n_vertices, 1));

    for (guint v = 0; v < self->n_vertices; v++)
      placed[v] = !isnan (self->lon[v]);
    ot_view_add_notes (scene, input, self->xy, placed, bends);
  }
  ot_view_add_chrome (scene, input, OT_VIEW_CHROME_NODES |
                      (layout->marks->len > 0 ? OT_VIEW_CHROME_MARKERS : 0));
  ot_view_add_trade_chrome (scene, input);
  ot_view_focus_clear (&focus);
  ot_scene_finish (scene);
  return scene;
}

static gboolean
map_node_position (OtViewLayout *layout,
                   OtNetwork    *network,
                   guint         id,
                   OtPoint      *out)
{
  MapLayout *self = (MapLayout *) layout;

  if (id >= self->n_vertices || isnan (self->lon[id]))
    return FALSE;
  *out = self->xy[id];
  return TRUE;
}

const OtViewClass ot_view_map_class = {
  map_layout,
  map_scene,
  map_free,
  map_node_position,
  BEND_BASE,
  BEND_STEP,
  0.7,
  OT_VIEW_CAP_PROJECTION | OT_VIEW_CAP_NETWORK_MARKS | OT_VIEW_CAP_FROM_LEGS,
};
