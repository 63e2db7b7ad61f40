/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-scene-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ot-numeric.h"

/* Themes ------------------------------------------------------------------ */

/* Marks further out than this from the origin are ignored, as are
 * non-finite ones: the bounds, grids and viewport subtract and multiply
 * coordinates, which must stay finite (docs/robustness.md). */
#define OT_SCENE_MAX_COORD 1e9
/* The widest line or marker, in world units. */
#define OT_SCENE_MAX_WIDTH 1000.0

#define RGBA(r, g, b, a) { (r) / 255.0, (g) / 255.0, (b) / 255.0, (a) }

static const OtTheme light_theme = {
  .background   = RGBA (0xfb, 0xfb, 0xfa, 1.0),
  .text         = RGBA (0x1f, 0x23, 0x28, 1.0),
  .text_muted   = RGBA (0x5e, 0x64, 0x6e, 1.0),
  .outline      = RGBA (0x26, 0x2a, 0x31, 0.75),
  .halo         = RGBA (0xfb, 0xfb, 0xfa, 0.85),
  .panel        = RGBA (0xff, 0xff, 0xff, 0.92),
  .panel_border = RGBA (0xd3, 0xd6, 0xdb, 1.0),
  .selection    = RGBA (0x1c, 0x71, 0xd8, 1.0),
  .water        = RGBA (0xee, 0xf2, 0xf6, 1.0),
  .land         = RGBA (0xe3, 0xe5, 0xe1, 1.0),
  .land_border  = RGBA (0xc4, 0xc8, 0xc2, 1.0),
  .graticule    = RGBA (0xd9, 0xdf, 0xe6, 1.0),
  .font_family  = "DejaVu Sans",
  .dark         = FALSE,
};

static const OtTheme dark_theme = {
  .background   = RGBA (0x1d, 0x1f, 0x24, 1.0),
  .text         = RGBA (0xe9, 0xea, 0xec, 1.0),
  .text_muted   = RGBA (0x9c, 0xa0, 0xa8, 1.0),
  .outline      = RGBA (0xf2, 0xf2, 0xf2, 0.65),
  .halo         = RGBA (0x1d, 0x1f, 0x24, 0.85),
  .panel        = RGBA (0x26, 0x29, 0x30, 0.94),
  .panel_border = RGBA (0x3c, 0x40, 0x48, 1.0),
  .selection    = RGBA (0x62, 0xa0, 0xea, 1.0),
  .water        = RGBA (0x19, 0x22, 0x2e, 1.0),
  .land         = RGBA (0x2d, 0x31, 0x38, 1.0),
  .land_border  = RGBA (0x45, 0x4a, 0x53, 1.0),
  .graticule    = RGBA (0x28, 0x32, 0x3f, 1.0),
  .font_family  = "DejaVu Sans",
  .dark         = TRUE,
};

const OtTheme *
ot_theme_light (void)
{
  return &light_theme;
}

const OtTheme *
ot_theme_dark (void)
{
  return &dark_theme;
}

/* Small helpers ------------------------------------------------------------ */

void
ot_rect_init_empty (OtRect *rect)
{
  g_return_if_fail (rect != NULL);

  rect->x0 = rect->y0 = G_MAXDOUBLE;
  rect->x1 = rect->y1 = -G_MAXDOUBLE;
}

void
ot_rect_add_point (OtRect *rect,
                   double  x,
                   double  y)
{
  g_return_if_fail (rect != NULL);

  if (!isfinite (x) || !isfinite (y))
    return;
  rect->x0 = MIN (rect->x0, x);
  rect->y0 = MIN (rect->y0, y);
  rect->x1 = MAX (rect->x1, x);
  rect->y1 = MAX (rect->y1, y);
}

gboolean
ot_rect_is_empty (const OtRect *rect)
{
  g_return_val_if_fail (rect != NULL, TRUE);

  return rect->x1 < rect->x0 || rect->y1 < rect->y0;
}

static void
rect_union (OtRect       *rect,
            const OtRect *other)
{
  if (ot_rect_is_empty (other))
    return;
  ot_rect_add_point (rect, other->x0, other->y0);
  ot_rect_add_point (rect, other->x1, other->y1);
}

void
ot_rgba_parse_hex (OtRgba     *rgba,
                   const char *hex)
{
  guint v = 0;
  size_t len;

  g_return_if_fail (rgba != NULL);
  g_return_if_fail (hex != NULL);

  if (*hex == '#')
    hex++;
  len = strlen (hex);
  for (size_t i = 0; i < len && i < 8; i++)
    v = (v << 4) | (guint) g_ascii_xdigit_value (hex[i]);
  if (len == 6)
    v = (v << 8) | 0xff;
  rgba->r = ((v >> 24) & 0xff) / 255.0;
  rgba->g = ((v >> 16) & 0xff) / 255.0;
  rgba->b = ((v >> 8) & 0xff) / 255.0;
  rgba->a = (v & 0xff) / 255.0;
}

void
ot_scene_arc_points (double  x0,
                     double  y0,
                     double  x1,
                     double  y1,
                     double  bend,
                     OtPoint out[4])
{
  double dx = x1 - x0, dy = y1 - y0;
  /* Left of travel with y pointing down: (dy, -dx). */
  double ox = dy * bend, oy = -dx * bend;

  g_return_if_fail (out != NULL);

  out[0] = (OtPoint) { x0, y0 };
  out[1] = (OtPoint) { x0 + dx / 3 + ox, y0 + dy / 3 + oy };
  out[2] = (OtPoint) { x0 + 2 * dx / 3 + ox, y0 + 2 * dy / 3 + oy };
  out[3] = (OtPoint) { x1, y1 };
}

double
ot_scene_width_for_kg (double max_kg,
                       double kg,
                       double min_width,
                       double max_width)
{
  double w;

  if (!(max_kg > 0) || !(kg > 0))
    return min_width;
  w = max_width * sqrt (MIN (kg, max_kg) / max_kg);
  return CLAMP (w, min_width, MAX (min_width, max_width));
}

/* Life cycle ----------------------------------------------------------------- */

OtScene *
ot_scene_new (const OtTheme *theme)
{
  OtScene *scene = g_new0 (OtScene, 1);

  g_atomic_ref_count_init (&scene->ref);
  scene->strings = g_string_chunk_new (4096);
  scene->theme = theme != NULL ? *theme : light_theme;
  scene->theme.font_family = g_string_chunk_insert_const (scene->strings,
                                                          scene->theme.font_family != NULL
                                                          ? scene->theme.font_family
                                                          : "DejaVu Sans");
  scene->points = g_array_new (FALSE, FALSE, sizeof (OtPoint));
  scene->rings = g_array_new (FALSE, FALSE, sizeof (guint));
  scene->background = g_array_new (FALSE, FALSE, sizeof (OtBackgroundItem));
  scene->bands = g_array_new (FALSE, FALSE, sizeof (OtBandItem));
  scene->edges = g_array_new (FALSE, FALSE, sizeof (OtEdgeItem));
  scene->trade = g_array_new (FALSE, FALSE, sizeof (OtEdgeItem));
  scene->parts = g_array_new (FALSE, FALSE, sizeof (OtEdgePartItem));
  scene->nodes = g_array_new (FALSE, FALSE, sizeof (OtNodeItem));
  scene->markers = g_array_new (FALSE, FALSE, sizeof (OtMarkerItem));
  scene->marker_places = g_array_new (FALSE, FALSE, sizeof (guint));
  scene->legend = g_array_new (FALSE, FALSE, sizeof (OtLegendItem));
  scene->callouts = g_array_new (FALSE, FALSE, sizeof (OtCalloutItem));
  ot_rect_init_empty (&scene->bounds);
  ot_rect_init_empty (&scene->fit_bounds);
  scene->zoom_max = G_MAXFLOAT;
  g_mutex_init (&scene->plot_lock);
  scene->plot_chrome = -1;
  return scene;
}

OtScene *
ot_scene_ref (OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);

  g_atomic_ref_count_inc (&scene->ref);
  return scene;
}

static void
grid_clear (OtGrid *grid)
{
  g_clear_pointer (&grid->starts, g_free);
  g_clear_pointer (&grid->items, g_free);
}

void
ot_scene_unref (OtScene *scene)
{
  g_return_if_fail (scene != NULL);

  if (!g_atomic_ref_count_dec (&scene->ref))
    return;

  g_string_chunk_free (scene->strings);
  g_array_unref (scene->points);
  g_array_unref (scene->rings);
  g_array_unref (scene->background);
  g_array_unref (scene->bands);
  g_array_unref (scene->edges);
  g_array_unref (scene->trade);
  g_array_unref (scene->parts);
  g_array_unref (scene->nodes);
  g_array_unref (scene->markers);
  g_array_unref (scene->marker_places);
  g_array_unref (scene->legend);
  g_array_unref (scene->callouts);
  g_free (scene->title);
  g_free (scene->subtitle);
  g_free (scene->empty_message);
  g_free (scene->source);
  g_free (scene->edge_order);
  g_free (scene->trade_order);
  g_free (scene->node_order);
  g_free (scene->label_order);
  g_free (scene->cum_ink);
  grid_clear (&scene->node_grid);
  grid_clear (&scene->marker_grid);
  grid_clear (&scene->edge_grid);
  grid_clear (&scene->band_grid);
  grid_clear (&scene->area_grid);
  g_mutex_clear (&scene->plot_lock);
  g_free (scene);
}

gboolean
ot_scene_is_finished (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, FALSE);

  return scene->finished;
}

const OtTheme *
ot_scene_get_theme (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);

  return &scene->theme;
}

void
ot_scene_set_fit_bounds (OtScene      *scene,
                         const OtRect *bounds)
{
  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (bounds != NULL);

  if (!isfinite (bounds->x0) || !isfinite (bounds->y0) || !isfinite (bounds->x1) ||
      !isfinite (bounds->y1) || bounds->x1 - bounds->x0 <= 0 || bounds->y1 - bounds->y0 <= 0)
    return;
  scene->fit_bounds = *bounds;
}

void
ot_scene_get_bounds (const OtScene *scene,
                     OtRect        *bounds)
{
  g_return_if_fail (scene != NULL);
  g_return_if_fail (bounds != NULL);

  *bounds = scene->bounds;
}

guint
ot_scene_get_n_nodes (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0);

  return scene->nodes->len;
}

guint
ot_scene_get_n_edges (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0);

  return scene->edges->len;
}

guint
ot_scene_get_n_statistical (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0);

  return scene->trade->len;
}

const char *
ot_scene_get_title (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);

  return scene->title;
}

const char *
ot_scene_get_source (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);

  return scene->source;
}

const char *
ot_scene_get_empty_message (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);

  return scene->empty_message;
}

/* Building ----------------------------------------------------------------- */

guint
ot_scene_get_n_ignored (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0);

  return scene->n_ignored;
}

/* Marks come from the builders, not from files: a bad one is a bug there,
 * noted for debugging and skipped so the rest of the picture survives. */
static void
mark_ignored (OtScene    *scene,
              const char *kind,
              guint       id,
              const char *why)
{
  scene->n_ignored++;
  g_debug ("Scene: %s %u ignored: %s", kind, id, why);
}

/* Copies @n points, skipping none; returns the span and their bounds. */
static OtSpan
store_points (OtScene       *scene,
              const OtPoint *points,
              guint          n,
              OtRect        *bbox)
{
  OtSpan span = { scene->points->len, n };

  g_array_append_vals (scene->points, points, n);
  ot_rect_init_empty (bbox);
  for (guint i = 0; i < n; i++)
    ot_rect_add_point (bbox, points[i].x, points[i].y);
  return span;
}

/* Finite and within OT_SCENE_MAX_COORD (NaN fails the comparisons). */
static inline gboolean
position_ok (double x,
             double y)
{
  return fabs (x) <= OT_SCENE_MAX_COORD && fabs (y) <= OT_SCENE_MAX_COORD;
}

static gboolean
points_are_finite (const OtPoint *points,
                   guint          n)
{
  for (guint i = 0; i < n; i++)
    if (!position_ok (points[i].x, points[i].y))
      return FALSE;
  return TRUE;
}

static const char *
store_string (OtScene    *scene,
              const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (scene->strings, text) : NULL;
}

void
ot_scene_add_polygon (OtScene              *scene,
                      const OtScenePolygon *polygon)
{
  OtBackgroundItem item = { 0 };
  guint total = 0;

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (polygon != NULL);
  g_return_if_fail (polygon->n_rings == 0 || polygon->ring_sizes != NULL);

  for (guint i = 0; i < polygon->n_rings; i++)
    total += polygon->ring_sizes[i];
  if (total == 0 || !points_are_finite (polygon->points, total))
    {
      mark_ignored (scene, "polygon", polygon->id, "it has no points or points that are not finite");
      return;
    }

  item.kind = OT_BACKGROUND_POLYGON;
  item.points = store_points (scene, polygon->points, total, &item.bbox);
  item.first_ring = scene->rings->len;
  item.n_rings = polygon->n_rings;
  g_array_append_vals (scene->rings, polygon->ring_sizes, polygon->n_rings);
  item.fill = polygon->fill;
  item.stroke = polygon->stroke;
  item.width = polygon->stroke_width;
  item.id = polygon->id;
  g_array_append_val (scene->background, item);
}

void
ot_scene_add_line (OtScene           *scene,
                   const OtSceneLine *line)
{
  OtBackgroundItem item = { 0 };

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (line != NULL);

  if (line->n_points < 2 || !points_are_finite (line->points, line->n_points))
    {
      mark_ignored (scene, "line", OT_SCENE_NO_ID, "it has fewer than 2 finite points");
      return;
    }

  item.kind = OT_BACKGROUND_LINE;
  item.points = store_points (scene, line->points, line->n_points, &item.bbox);
  item.stroke = line->color;
  item.width = CLAMP (ot_finite_or (line->width, 0), 0, OT_SCENE_MAX_WIDTH);
  item.dash = line->dash;
  item.id = OT_SCENE_NO_ID;
  g_array_append_val (scene->background, item);
}

void
ot_scene_add_band (OtScene           *scene,
                   const OtSceneBand *band)
{
  OtBandItem item = { 0 };

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (band != NULL);

  if (band->n_points < 4 || (band->n_points - 1) % 3 != 0
      || !points_are_finite (band->outline, band->n_points))
    {
      mark_ignored (scene, "band", band->id, "its outline is not a cubic chain of finite points");
      return;
    }

  item.outline = store_points (scene, band->outline, band->n_points, &item.bbox);
  item.color = band->color;
  item.id = band->id;
  item.flags = band->flags;
  item.hollow = OT_DASH_BASE (band->dash) == OT_DASH_HOLLOW ? 1 : 0;
  item.illustrative = OT_DASH_IS_ILLUSTRATIVE (band->dash) ? 1 : 0;
  g_array_append_val (scene->bands, item);
}

void
ot_scene_add_sankey_band (OtScene      *scene,
                          double        x0,
                          double        y0_top,
                          double        y0_bottom,
                          double        x1,
                          double        y1_top,
                          double        y1_bottom,
                          const OtRgba *color,
                          guint         id,
                          OtMarkFlags   flags)
{
  double xm = (x0 + x1) / 2;
  OtPoint outline[] = {
    { x0, y0_top }, { xm, y0_top }, { xm, y1_top }, { x1, y1_top },
    { x1, y1_top }, { x1, y1_bottom }, { x1, y1_bottom },
    { xm, y1_bottom }, { xm, y0_bottom }, { x0, y0_bottom },
    { x0, y0_bottom }, { x0, y0_top }, { x0, y0_top },
  };
  OtSceneBand band = { outline, G_N_ELEMENTS (outline), { 0 }, id, flags, OT_DASH_SOLID };

  g_return_if_fail (color != NULL);

  band.color = *color;
  ot_scene_add_band (scene, &band);
}

/* A zoom range; 0 (or anything not above the minimum) for the maximum
 * means none. */
static void
zoom_range (double min_zoom,
            double max_zoom,
            float *lo,
            float *hi)
{
  *lo = MAX (0, ot_finite_or (min_zoom, 0));
  *hi = max_zoom > *lo && isfinite (max_zoom) ? max_zoom : G_MAXFLOAT;
}

void
ot_scene_set_zoom_range (OtScene *scene,
                         double   min_zoom,
                         double   max_zoom)
{
  g_return_if_fail (scene != NULL && !scene->finished);

  zoom_range (min_zoom, max_zoom, &scene->zoom_min, &scene->zoom_max);
}

/* A mark's own zoom range within the builder's current one. */
static void
mark_zoom_range (const OtScene *scene,
                 double         min_zoom,
                 double         max_zoom,
                 float         *lo,
                 float         *hi)
{
  zoom_range (min_zoom, max_zoom, lo, hi);
  *lo = MAX (*lo, scene->zoom_min);
  *hi = MIN (*hi, scene->zoom_max);
}

/* Keeps the parts whose fraction is a positive number, scaled to add up
 * to 1; none when no part has a share. */
static void
store_parts (OtScene               *scene,
             OtEdgeItem            *item,
             const OtSceneEdgePart *parts,
             guint                  n_parts)
{
  double total = 0;

  item->first_part = scene->parts->len;
  item->n_parts = 0;
  if (parts == NULL)
    return;
  for (guint k = 0; k < n_parts; k++)
    if (isfinite (parts[k].fraction) && parts[k].fraction > 0)
      total += parts[k].fraction;
  if (!(total > 0) || !isfinite (total))
    return;
  for (guint k = 0; k < n_parts; k++)
    if (isfinite (parts[k].fraction) && parts[k].fraction > 0)
      {
        OtEdgePartItem part = { parts[k].color, (float) (parts[k].fraction / total),
                                (guint8) parts[k].dash };

        g_array_append_val (scene->parts, part);
        item->n_parts++;
      }
}

void
ot_scene_add_edge (OtScene           *scene,
                   const OtSceneEdge *edge)
{
  OtEdgeItem item = { 0 };

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (edge != NULL);

  if (edge->n_points < 2 || (edge->cubic && (edge->n_points - 1) % 3 != 0)
      || !points_are_finite (edge->points, edge->n_points))
    {
      mark_ignored (scene, "edge", edge->id,
                    "its path is not a polyline or cubic chain of finite points");
      return;
    }

  item.path = store_points (scene, edge->points, edge->n_points, &item.bbox);
  item.cubic = edge->cubic ? 1 : 0;
  /* Quarter-pixel widths are invisible but let equal styles batch.  A
   * width that is not a finite number draws thin: NaN would make the
   * style unequal to itself, infinity would cover the page. */
  item.width = CLAMP (round (ot_finite_or (edge->width, 0) * 4) / 4, 0.25, OT_SCENE_MAX_WIDTH);
  item.color = edge->color;
  item.dash = edge->dash;
  item.arrow = edge->arrow ? 1 : 0;
  item.end_inset = CLAMP (ot_finite_or (edge->end_inset, 0), 0, G_MAXFLOAT);
  /* Stored as a float: a larger double would become infinity. */
  item.importance = CLAMP (ot_finite_or (edge->importance, 0), -G_MAXFLOAT, G_MAXFLOAT);
  item.kg = ot_kg_clamp (edge->kg);
  item.from_id = edge->has_ends ? edge->from_id : OT_SCENE_NO_ID;
  item.to_id = edge->has_ends ? edge->to_id : OT_SCENE_NO_ID;
  item.id = edge->id;
  item.flags = edge->flags;
  mark_zoom_range (scene, edge->min_zoom, edge->max_zoom, &item.min_zoom, &item.max_zoom);
  if (edge->statistical)
    {
      /* A layer of its own, in its own style (issue 18). */
      item.dash = OT_DASH_STATISTICAL;
      item.first_part = scene->parts->len;
      g_array_append_val (scene->trade, item);
      return;
    }
  if (item.min_zoom > 0 || item.max_zoom < G_MAXFLOAT)
    scene->edges_zoomed = TRUE;
  store_parts (scene, &item, edge->parts, edge->n_parts);
  g_array_append_val (scene->edges, item);
}

void
ot_scene_add_node (OtScene           *scene,
                   const OtSceneNode *node)
{
  OtNodeItem item = { 0 };

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (node != NULL);

  if (!position_ok (node->x, node->y))
    {
      mark_ignored (scene, "node", node->id, "its position is not finite");
      return;
    }

  item.x = node->x;
  item.y = node->y;
  item.radius = CLAMP (ot_finite_or (node->radius, 0), 0, OT_SCENE_MAX_COORD);
  item.width = CLAMP (ot_finite_or (node->width, 0), 0, OT_SCENE_MAX_COORD);
  item.height = CLAMP (ot_finite_or (node->height, 0), 0, OT_SCENE_MAX_COORD);
  item.shape = node->shape;
  item.illustrative = node->illustrative ? 1 : 0;
  item.fill = node->fill;
  item.stroke = node->stroke.a > 0 ? node->stroke : scene->theme.outline;
  item.stroke_width = node->stroke_width > 0 && isfinite (node->stroke_width)
                      ? MIN (node->stroke_width, OT_SCENE_MAX_WIDTH) : 1.0;
  item.label = node->label != NULL && *node->label ? store_string (scene, node->label) : NULL;
  item.label_importance = isfinite (node->label_importance) ? node->label_importance : 0;
  item.id = node->id;
  item.flags = node->flags;
  item.label_side = node->label_side;
  item.statistical = node->statistical ? 1 : 0;
  mark_zoom_range (scene, node->min_zoom, node->max_zoom, &item.min_zoom, &item.max_zoom);
  g_array_append_val (scene->nodes, item);
}

void
ot_scene_add_marker (OtScene             *scene,
                     const OtSceneMarker *marker)
{
  OtMarkerItem item = { 0 };

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (marker != NULL);

  if (!position_ok (marker->x, marker->y))
    {
      mark_ignored (scene, "marker", marker->id, "its position is not finite");
      return;
    }

  item.x = marker->x;
  item.y = marker->y;
  item.size = marker->size > 0 && isfinite (marker->size)
              ? MIN (marker->size, OT_SCENE_MAX_WIDTH) : 9;
  item.dx = CLAMP (ot_finite_or (marker->dx, 0), -OT_SCENE_MAX_WIDTH, OT_SCENE_MAX_WIDTH);
  item.dy = CLAMP (ot_finite_or (marker->dy, 0), -OT_SCENE_MAX_WIDTH, OT_SCENE_MAX_WIDTH);
  item.shape = marker->shape;
  item.color = marker->color;
  item.id = marker->id;
  item.place_id = marker->has_place ? marker->place_id : OT_SCENE_NO_ID;
  mark_zoom_range (scene, 0, 0, &item.min_zoom, &item.max_zoom);
  item.flags = marker->flags;
  g_array_append_val (scene->markers, item);
}

void
ot_scene_add_callout (OtScene              *scene,
                      const OtSceneCallout *callout)
{
  OtCalloutItem item = { 0 };

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (callout != NULL);

  if (callout->text == NULL || *callout->text == '\0')
    return;
  if (!position_ok (callout->x, callout->y))
    {
      mark_ignored (scene, "callout", callout->anchor_id, "its position is not finite");
      return;
    }
  item.x = callout->x;
  item.y = callout->y;
  item.text = g_string_chunk_insert (scene->strings, callout->text);
  item.anchor_kind = callout->anchor_kind == OT_HIT_NODE || callout->anchor_kind == OT_HIT_EDGE
                     ? callout->anchor_kind : OT_HIT_NONE;
  item.anchor_id = callout->anchor_id;
  item.anchor = G_MAXUINT;
  g_array_append_val (scene->callouts, item);
}

guint
ot_scene_get_n_callouts (const OtScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0);

  return scene->callouts->len;
}

const char *
ot_scene_get_callout (const OtScene *scene,
                      guint          index,
                      OtHitKind     *anchor_kind,
                      guint         *anchor_id,
                      OtPoint       *anchor)
{
  const OtCalloutItem *item;

  g_return_val_if_fail (scene != NULL, NULL);
  g_return_val_if_fail (index < scene->callouts->len, NULL);

  item = &g_array_index (scene->callouts, OtCalloutItem, index);
  if (anchor_kind)
    *anchor_kind = item->anchor_kind;
  if (anchor_id)
    *anchor_id = item->anchor_id;
  if (anchor)
    *anchor = (OtPoint) { item->x, item->y };
  return item->text;
}

/* Chrome ------------------------------------------------------------------ */

static void
replace_string (OtScene     *scene,
                char       **field,
                const char  *text)
{
  g_return_if_fail (scene != NULL && !scene->finished);

  g_free (*field);
  *field = text != NULL && *text ? g_strdup (text) : NULL;
}

void
ot_scene_set_title (OtScene    *scene,
                    const char *title)
{
  g_return_if_fail (scene != NULL);
  replace_string (scene, &scene->title, title);
}

void
ot_scene_set_subtitle (OtScene    *scene,
                       const char *subtitle)
{
  g_return_if_fail (scene != NULL);
  replace_string (scene, &scene->subtitle, subtitle);
}

void
ot_scene_set_source (OtScene    *scene,
                     const char *source)
{
  g_return_if_fail (scene != NULL);
  replace_string (scene, &scene->source, source);
}

void
ot_scene_set_empty_message (OtScene    *scene,
                            const char *message)
{
  g_return_if_fail (scene != NULL);
  replace_string (scene, &scene->empty_message, message);
}

static void
legend_add (OtScene      *scene,
            OtLegendKind  kind,
            const char   *label,
            const OtRgba *color,
            double        width,
            guint         dash,
            guint         shape)
{
  OtLegendItem item = { 0 };

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (label != NULL);

  item.kind = kind;
  item.label = store_string (scene, label);
  if (color != NULL)
    item.color = *color;
  item.width = width;
  item.dash = dash;
  item.shape = shape;
  g_array_append_val (scene->legend, item);
}

void
ot_scene_legend_section (OtScene    *scene,
                         const char *title)
{
  legend_add (scene, OT_LEGEND_SECTION, title, NULL, 0, 0, 0);
}

void
ot_scene_legend_swatch (OtScene      *scene,
                        const OtRgba *color,
                        const char   *label)
{
  g_return_if_fail (color != NULL);
  legend_add (scene, OT_LEGEND_SWATCH, label, color, 0, 0, 0);
}

void
ot_scene_legend_line (OtScene      *scene,
                      const OtRgba *color,
                      double        width,
                      OtDash        dash,
                      const char   *label)
{
  g_return_if_fail (color != NULL);
  legend_add (scene, OT_LEGEND_LINE, label, color, width, dash, 0);
}

void
ot_scene_legend_shape (OtScene      *scene,
                       OtNodeShape   shape,
                       const OtRgba *fill,
                       const char   *label)
{
  g_return_if_fail (fill != NULL);
  legend_add (scene, OT_LEGEND_SHAPE, label, fill, 0, 0, shape);
}

void
ot_scene_legend_marker (OtScene       *scene,
                        OtMarkerShape  shape,
                        const OtRgba  *color,
                        const char    *label)
{
  g_return_if_fail (color != NULL);
  legend_add (scene, OT_LEGEND_MARKER, label, color, 0, 0, shape);
}

gboolean
ot_scene_has_illustrative (const OtScene *scene,
                           gboolean       nodes)
{
  g_return_val_if_fail (scene != NULL, FALSE);

  if (nodes)
    {
      for (guint i = 0; i < scene->nodes->len; i++)
        if (g_array_index (scene->nodes, OtNodeItem, i).illustrative)
          return TRUE;
      return FALSE;
    }
  for (guint i = 0; i < scene->bands->len; i++)
    if (g_array_index (scene->bands, OtBandItem, i).illustrative)
      return TRUE;
  for (guint i = 0; i < scene->edges->len; i++)
    if (OT_DASH_IS_ILLUSTRATIVE (g_array_index (scene->edges, OtEdgeItem, i).dash))
      return TRUE;
  for (guint i = 0; i < scene->parts->len; i++)
    if (OT_DASH_IS_ILLUSTRATIVE (g_array_index (scene->parts, OtEdgePartItem, i).dash))
      return TRUE;
  return FALSE;
}

gboolean
ot_scene_has_statistical (const OtScene *scene,
                          gboolean       nodes)
{
  g_return_val_if_fail (scene != NULL, FALSE);

  if (!nodes)
    return scene->trade->len > 0;
  for (guint i = 0; i < scene->nodes->len; i++)
    if (g_array_index (scene->nodes, OtNodeItem, i).statistical)
      return TRUE;
  return FALSE;
}

/* The largest 1, 2 or 5 times a power of ten not above @value. */
static double
round_down_nice (double value)
{
  double p = pow (10, floor (log10 (value)));

  if (value >= 5 * p)
    return 5 * p;
  if (value >= 2 * p)
    return 2 * p;
  return p;
}

static char *
format_kg (double kg)
{
  /* %g would write a million tonnes as "1e+06 t". */
  if (kg >= 1e9)
    return g_strdup_printf (_("%'.0f t"), kg / 1000);
  if (kg >= 1000)
    return g_strdup_printf (_("%g t"), kg / 1000);
  return g_strdup_printf (_("%g kg"), kg);
}

void
ot_scene_legend_width_scale (OtScene      *scene,
                             const OtRgba *color,
                             double        max_kg,
                             double        min_width,
                             double        max_width)
{
  ot_scene_legend_width_scale_styled (scene, color, OT_DASH_SOLID, max_kg, min_width, max_width);
}

void
ot_scene_legend_width_scale_styled (OtScene      *scene,
                                    const OtRgba *color,
                                    OtDash        dash,
                                    double        max_kg,
                                    double        min_width,
                                    double        max_width)
{
  double kg, last_width = -1;
  guint n = 0;

  g_return_if_fail (scene != NULL && !scene->finished);
  g_return_if_fail (color != NULL);

  if (!(max_kg > 0) || !isfinite (max_kg))
    return;

  for (kg = round_down_nice (max_kg); n < 3; kg = round_down_nice (kg / 10 * 1.0001), n++)
    {
      double w = ot_scene_width_for_kg (max_kg, kg, min_width, max_width);
      g_autofree char *label = NULL;

      /* Stop once the samples no longer look different. */
      if (last_width >= 0 && last_width - w < 1.0)
        break;
      label = format_kg (kg);
      legend_add (scene, OT_LEGEND_LINE, label, color, w, dash, 0);
      last_width = w;
      if (w <= min_width)
        break;
    }
}

/* Finishing ---------------------------------------------------------------- */

char *
ot_scene_interface_language_tag (void)
{
  /* The header of the catalogue gettext uses (LANGUAGE counts, as for the
   * interface's own strings); "" when there is none.  The empty msgid is
   * a variable so that xgettext does not take it for a message. */
  static const char header_msgid[] = "";
  const char *header = dgettext (GETTEXT_PACKAGE, header_msgid);
  const char *field = NULL;
  g_autofree char *code = NULL;

  if (header != NULL && *header != '\0')
    {
      if (g_str_has_prefix (header, "Language:"))
        field = header;
      else if ((field = strstr (header, "\nLanguage:")) != NULL)
        field++;
    }
  if (field == NULL)
    return NULL;
  field += strlen ("Language:");
  code = g_strndup (field, strcspn (field, "\n"));
  g_strstrip (code);
  /* "zh_CN.UTF-8@x" → "zh-CN" (BCP 47) */
  code[strcspn (code, ".@")] = '\0';
  g_strdelimit (code, "_", '-');
  return *code != '\0' ? g_steal_pointer (&code) : NULL;
}

PangoLanguage *
ot_scene_interface_language (void)
{
  g_autofree char *tag = ot_scene_interface_language_tag ();

  return tag != NULL ? pango_language_from_string (tag) : NULL;
}

void
ot_scene_setup_pango_context (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoLanguage *language = ot_scene_interface_language ();

  /* Han characters look different in Chinese (simplified, traditional),
   * Japanese and Korean, and fontconfig picks the face by the language:
   * Pango's default comes from the locale only, so LANGUAGE=zh_CN under
   * another locale would get the Japanese forms. */
  if (language != NULL)
    pango_context_set_language (context, language);

  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
}

PangoFontDescription *
ot_scene_font (const OtTheme *theme,
               double         size_px,
               gboolean       bold)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, theme->font_family);
  pango_font_description_set_absolute_size (font, size_px * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return font;
}

static void
measure_labels (OtScene *scene)
{
  PangoContext *context = NULL;
  PangoLayout *layout = NULL;
  PangoFontDescription *font;
  gboolean any = FALSE;

  for (guint i = 0; i < scene->nodes->len && !any; i++)
    any = g_array_index (scene->nodes, OtNodeItem, i).label != NULL;
  if (!any)
    return;

  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  ot_scene_setup_pango_context (context);
  layout = pango_layout_new (context);
  font = ot_scene_font (&scene->theme, OT_SCENE_LABEL_SIZE, FALSE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  for (guint i = 0; i < scene->nodes->len; i++)
    {
      OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);
      PangoRectangle logical;

      if (node->label == NULL)
        continue;
      pango_layout_set_text (layout, node->label, -1);
      pango_layout_get_extents (layout, NULL, &logical);
      node->label_w = (float) logical.width / PANGO_SCALE;
      node->label_h = (float) logical.height / PANGO_SCALE;
    }
  g_clear_object (&layout);
  g_object_unref (context);
}

void
ot_scene_callout_layout (const OtScene *scene,
                         PangoLayout   *layout,
                         const char    *text)
{
  PangoFontDescription *font = ot_scene_font (&scene->theme, OT_SCENE_CALLOUT_SIZE, FALSE);
  PangoFontMetrics *metrics;
  int width;

  pango_layout_set_font_description (layout, font);
  metrics = pango_context_get_metrics (pango_layout_get_context (layout), font,
                                       pango_context_get_language (pango_layout_get_context (layout)));
  width = pango_font_metrics_get_approximate_char_width (metrics) * OT_SCENE_CALLOUT_CHARS;
  pango_font_metrics_unref (metrics);
  pango_font_description_free (font);
  pango_layout_set_width (layout, width);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, -OT_SCENE_CALLOUT_LINES);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, text, -1);
}

/* Each callout's box, and the index of the node or edge it hangs on. */
static void
measure_callouts (OtScene *scene)
{
  PangoContext *context;
  PangoLayout *layout;

  if (scene->callouts->len == 0)
    return;
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  ot_scene_setup_pango_context (context);
  layout = pango_layout_new (context);
  for (guint i = 0; i < scene->callouts->len; i++)
    {
      OtCalloutItem *c = &g_array_index (scene->callouts, OtCalloutItem, i);
      PangoRectangle logical;

      ot_scene_callout_layout (scene, layout, c->text);
      pango_layout_get_extents (layout, NULL, &logical);
      c->w = (float) logical.width / PANGO_SCALE + 2 * OT_SCENE_CALLOUT_PAD;
      c->h = (float) logical.height / PANGO_SCALE + 2 * OT_SCENE_CALLOUT_PAD;
      if (c->anchor_kind == OT_HIT_NODE)
        {
          for (guint k = 0; k < scene->nodes->len && c->anchor == G_MAXUINT; k++)
            if (g_array_index (scene->nodes, OtNodeItem, k).id == c->anchor_id)
              c->anchor = k;
        }
      else if (c->anchor_kind == OT_HIT_EDGE)
        {
          for (guint k = 0; k < scene->edges->len && c->anchor == G_MAXUINT; k++)
            if (g_array_index (scene->edges, OtEdgeItem, k).id == c->anchor_id)
              c->anchor = k;
        }
    }
  g_object_unref (layout);
  g_object_unref (context);
}

static int
compare_rgba (const OtRgba *a,
              const OtRgba *b)
{
  const double *x = &a->r, *y = &b->r;

  for (guint i = 0; i < 4; i++)
    if (x[i] != y[i])
      return x[i] < y[i] ? -1 : 1;
  return 0;
}

/* Faded marks first (underneath), selected ones last (on top). */
static int
layer_of (guint flags)
{
  if (flags & OT_MARK_SELECTED)
    return 2;
  return (flags & OT_MARK_FADED) ? 0 : 1;
}

static int
compare_edge_draw (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  const OtEdgeItem *edges = data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  const OtEdgeItem *x = &edges[i], *y = &edges[j];
  int c;

  if (layer_of (x->flags) != layer_of (y->flags))
    return layer_of (x->flags) - layer_of (y->flags);
  /* Wide ones above thin ones: the heaviest flows stay whole and are
   * the most readable marks; a thin flow crossing one still shows on
   * both sides. */
  if (x->width != y->width)
    return x->width < y->width ? -1 : 1;
  if ((c = compare_rgba (&x->color, &y->color)) != 0)
    return c;
  if (x->dash != y->dash)
    return x->dash - y->dash;
  return (i > j) - (i < j);
}

static int
compare_edge_importance (gconstpointer a,
                         gconstpointer b,
                         gpointer      data)
{
  const OtEdgeItem *edges = data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  const OtEdgeItem *x = &edges[i], *y = &edges[j];

  if (x->importance != y->importance)
    return x->importance > y->importance ? -1 : 1;
  if (x->width != y->width)
    return x->width > y->width ? -1 : 1;
  return (i > j) - (i < j);
}

static double
node_extent (const OtNodeItem *node)
{
  return node->shape == OT_NODE_BAR ? node->width * node->height : node->radius;
}

static int
compare_node_draw (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  const OtNodeItem *nodes = data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  const OtNodeItem *x = &nodes[i], *y = &nodes[j];

  if (layer_of (x->flags) != layer_of (y->flags))
    return layer_of (x->flags) - layer_of (y->flags);
  if (node_extent (x) != node_extent (y))   /* big ones below small ones */
    return node_extent (x) > node_extent (y) ? -1 : 1;
  return (i > j) - (i < j);
}

static int
compare_node_size (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  const OtNodeItem *nodes = data;
  guint i = *(const guint *) a, j = *(const guint *) b;

  /* Places only in trade statistics show with their flows, not by size:
   * last, so that they change no other place's rank. */
  if (nodes[i].statistical != nodes[j].statistical)
    return nodes[i].statistical ? 1 : -1;
  if (node_extent (&nodes[i]) != node_extent (&nodes[j]))
    return node_extent (&nodes[i]) > node_extent (&nodes[j]) ? -1 : 1;
  return (i > j) - (i < j);
}

static int
compare_label (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const OtNodeItem *nodes = data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  const OtNodeItem *x = &nodes[i], *y = &nodes[j];

  if ((x->flags & OT_MARK_SELECTED) != (y->flags & OT_MARK_SELECTED))
    return (x->flags & OT_MARK_SELECTED) ? -1 : 1;
  if (x->label_importance != y->label_importance)
    return x->label_importance > y->label_importance ? -1 : 1;
  return (i > j) - (i < j);
}

/* Length of the control polygon: at least the curve's length, cheap. */
static double
path_length (const OtScene    *scene,
             const OtEdgeItem *e)
{
  const OtPoint *p = ot_scene_points (scene, e->path);
  double len = 0;

  for (guint i = 0; i + 1 < e->path.n; i++)
    len += hypot (p[i + 1].x - p[i].x, p[i + 1].y - p[i].y);
  return len;
}

static guint *
identity_order (guint n)
{
  guint *order = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    order[i] = i;
  return order;
}

/* Node indices by id: keys id + 1 (0 is NULL), values GSLists of node
 * index + 1 in node order; free with free_nodes_by_id(). */
static GHashTable *
nodes_by_id (const OtScene *scene)
{
  const OtNodeItem *nodes = (const OtNodeItem *) (void *) scene->nodes->data;
  GHashTable *by_id = g_hash_table_new (NULL, NULL);

  for (guint n = scene->nodes->len; n-- > 0;)
    if (nodes[n].id != OT_SCENE_NO_ID)
      {
        gpointer key = GUINT_TO_POINTER (nodes[n].id + 1);

        g_hash_table_insert (by_id, key, g_slist_prepend (g_hash_table_lookup (by_id, key),
                                                          GUINT_TO_POINTER (n + 1)));
      }
  return by_id;
}

static void
free_nodes_by_id (GHashTable *by_id)
{
  GHashTableIter iter;
  gpointer list;

  g_hash_table_iter_init (&iter, by_id);
  while (g_hash_table_iter_next (&iter, NULL, &list))
    g_slist_free (list);
  g_hash_table_unref (by_id);
}

/* Each node's best edge rank, so that a place shows with its flows: every
 * node with the edge's end id whose zoom range meets the edge's (a map
 * draws a port, then the cluster named after it, at other zooms). */
static void
compute_edge_ranks (OtScene    *scene,
                    GHashTable *by_id)
{
  OtEdgeItem *edges = (OtEdgeItem *) (void *) scene->edges->data;
  OtNodeItem *nodes = (OtNodeItem *) (void *) scene->nodes->data;

  for (guint i = 0; i < scene->nodes->len; i++)
    nodes[i].edge_rank = nodes[i].trade_rank = G_MAXUINT;
  for (guint layer = 0; layer < 2; layer++)
    for (guint i = 0; i < (layer == 0 ? scene->edges : scene->trade)->len; i++)
      {
        const OtEdgeItem *e = layer == 0 ? &edges[i] : &g_array_index (scene->trade, OtEdgeItem, i);
        guint rank = (e->flags & OT_MARK_SELECTED) ? 0 : e->rank;
        guint ends[2] = { e->from_id, e->to_id };

        for (guint k = 0; k < 2; k++)
          {
            if (ends[k] == OT_SCENE_NO_ID)
              continue;
            for (GSList *l = g_hash_table_lookup (by_id, GUINT_TO_POINTER (ends[k] + 1)); l; l = l->next)
              {
                OtNodeItem *node = &nodes[GPOINTER_TO_UINT (l->data) - 1];

                if (node->min_zoom >= e->max_zoom || e->min_zoom >= node->max_zoom)
                  continue;
                if (layer == 0)
                  node->edge_rank = MIN (node->edge_rank, rank);
                else
                  node->trade_rank = MIN (node->trade_rank, rank);
              }
          }
      }
}

/* The nodes of each marker's place (a map draws a place as a port at some
 * zooms and within a cluster at others: every node with the id counts). */
static void
compute_marker_places (OtScene    *scene,
                       GHashTable *by_id)
{
  for (guint i = 0; i < scene->markers->len; i++)
    {
      OtMarkerItem *m = &g_array_index (scene->markers, OtMarkerItem, i);

      m->first_place = scene->marker_places->len;
      m->n_places = 0;
      if (m->place_id == OT_SCENE_NO_ID)
        continue;
      for (GSList *l = g_hash_table_lookup (by_id, GUINT_TO_POINTER (m->place_id + 1)); l; l = l->next)
        {
          guint index = GPOINTER_TO_UINT (l->data) - 1;

          g_array_append_val (scene->marker_places, index);
          m->n_places++;
        }
    }
}

static void
compute_orders (OtScene *scene)
{
  OtEdgeItem *edges = (OtEdgeItem *) (void *) scene->edges->data;
  OtNodeItem *nodes = (OtNodeItem *) (void *) scene->nodes->data;
  guint n_edges = scene->edges->len, n_nodes = scene->nodes->len;
  g_autofree guint *by_importance = identity_order (n_edges);

  g_qsort_with_data (by_importance, n_edges, sizeof (guint), compare_edge_importance, edges);
  scene->cum_ink = g_new (double, n_edges + 1);
  scene->cum_ink[0] = 0;
  for (guint r = 0; r < n_edges; r++)
    {
      OtEdgeItem *e = &edges[by_importance[r]];

      e->rank = r;
      scene->cum_ink[r + 1] = scene->cum_ink[r] + path_length (scene, e) * e->width;
    }

  scene->edge_order = identity_order (n_edges);
  g_qsort_with_data (scene->edge_order, n_edges, sizeof (guint), compare_edge_draw, edges);

  /* The statistical flows: ranks and a drawing order of their own. */
  {
    OtEdgeItem *trade = (OtEdgeItem *) (void *) scene->trade->data;
    guint n_trade = scene->trade->len;
    g_autofree guint *by_rank = identity_order (n_trade);

    g_qsort_with_data (by_rank, n_trade, sizeof (guint), compare_edge_importance, trade);
    for (guint r = 0; r < n_trade; r++)
      trade[by_rank[r]].rank = r;
    scene->trade_order = identity_order (n_trade);
    g_qsort_with_data (scene->trade_order, n_trade, sizeof (guint), compare_edge_draw, trade);
  }

  scene->node_order = identity_order (n_nodes);
  g_qsort_with_data (scene->node_order, n_nodes, sizeof (guint), compare_node_draw, nodes);
  {
    g_autofree guint *by_size = identity_order (n_nodes);

    g_qsort_with_data (by_size, n_nodes, sizeof (guint), compare_node_size, nodes);
    for (guint r = 0; r < n_nodes; r++)
      nodes[by_size[r]].rank = r;
  }

  {
    GHashTable *by_id = nodes_by_id (scene);

    compute_edge_ranks (scene, by_id);
    compute_marker_places (scene, by_id);
    free_nodes_by_id (by_id);
  }

  scene->label_order = g_new (guint, MAX (n_nodes, 1));
  scene->n_labels = 0;
  for (guint i = 0; i < n_nodes; i++)
    if (nodes[i].label != NULL)
      scene->label_order[scene->n_labels++] = i;
  g_qsort_with_data (scene->label_order, scene->n_labels, sizeof (guint), compare_label, nodes);
}

static void
compute_bounds (OtScene *scene)
{
  OtRect *b = &scene->bounds;

  ot_rect_init_empty (b);
  for (guint i = 0; i < scene->background->len; i++)
    rect_union (b, &g_array_index (scene->background, OtBackgroundItem, i).bbox);
  for (guint i = 0; i < scene->bands->len; i++)
    rect_union (b, &g_array_index (scene->bands, OtBandItem, i).bbox);
  for (guint layer = 0; layer < 2; layer++)
    for (guint i = 0; i < (layer == 0 ? scene->edges : scene->trade)->len; i++)
      {
        const OtEdgeItem *e = &g_array_index (layer == 0 ? scene->edges : scene->trade, OtEdgeItem, i);
        const OtPoint *p = ot_scene_points (scene, e->path);

        /* Only the points the path passes through: a curve's control
         * points would let its bulge widen the fitted area. */
        for (guint k = 0; k < e->path.n; k += e->cubic ? 3 : 1)
          ot_rect_add_point (b, p[k].x, p[k].y);
        scene->max_edge_width = MAX (scene->max_edge_width, e->width);
      }
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *n = &g_array_index (scene->nodes, OtNodeItem, i);

      ot_rect_add_point (b, n->x - n->width / 2, n->y - n->height / 2);
      ot_rect_add_point (b, n->x + n->width / 2, n->y + n->height / 2);
      scene->max_node_radius = MAX (scene->max_node_radius, n->radius);
    }
  for (guint i = 0; i < scene->markers->len; i++)
    {
      const OtMarkerItem *m = &g_array_index (scene->markers, OtMarkerItem, i);

      ot_rect_add_point (b, m->x, m->y);
      /* The reach from its place: the offset counts. */
      scene->max_marker_size = MAX (scene->max_marker_size, m->size + 2 * hypot (m->dx, m->dy));
    }
}

/* Hit-testing grids ------------------------------------------------------- */

typedef struct {
  guint cell;
  guint item;
} GridEntry;

static void
grid_cells (const OtGrid *grid,
            const OtRect *r,
            guint        *cx0,
            guint        *cy0,
            guint        *cx1,
            guint        *cy1)
{
  double fx0 = (r->x0 - grid->x0) / grid->cell_w, fx1 = (r->x1 - grid->x0) / grid->cell_w;
  double fy0 = (r->y0 - grid->y0) / grid->cell_h, fy1 = (r->y1 - grid->y0) / grid->cell_h;

  *cx0 = (guint) CLAMP (floor (fx0), 0, grid->nx - 1);
  *cx1 = (guint) CLAMP (floor (fx1), 0, grid->nx - 1);
  *cy0 = (guint) CLAMP (floor (fy0), 0, grid->ny - 1);
  *cy1 = (guint) CLAMP (floor (fy1), 0, grid->ny - 1);
}

static void
grid_collect (const OtGrid *grid,
              GArray       *entries,
              const OtRect *r,
              guint         item)
{
  guint cx0, cy0, cx1, cy1;

  grid_cells (grid, r, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        GridEntry e = { cy * grid->nx + cx, item };
        g_array_append_val (entries, e);
      }
}

/* Sizes the grid for about @n_items entries over the scene bounds. */
static void
grid_init (OtGrid       *grid,
           const OtRect *bounds,
           guint         n_items)
{
  double w = MAX (bounds->x1 - bounds->x0, 1e-9);
  double h = MAX (bounds->y1 - bounds->y0, 1e-9);
  guint side = (guint) CLAMP (sqrt ((double) n_items / 2), 1, 256);

  grid->nx = grid->ny = side;
  grid->x0 = bounds->x0;
  grid->y0 = bounds->y0;
  grid->cell_w = w / side;
  grid->cell_h = h / side;
}

/* Counting sort of the entries into compressed rows. */
static void
grid_fill (OtGrid *grid,
           GArray *entries)
{
  guint n_cells = grid->nx * grid->ny;

  grid->starts = g_new0 (guint, n_cells + 1);
  grid->items = g_new (guint, MAX (entries->len, 1));
  for (guint i = 0; i < entries->len; i++)
    grid->starts[g_array_index (entries, GridEntry, i).cell + 1]++;
  for (guint c = 0; c < n_cells; c++)
    grid->starts[c + 1] += grid->starts[c];
  {
    g_autofree guint *fill = g_memdup2 (grid->starts, n_cells * sizeof (guint));

    for (guint i = 0; i < entries->len; i++)
      {
        const GridEntry *e = &g_array_index (entries, GridEntry, i);
        grid->items[fill[e->cell]++] = e->item;
      }
  }
  g_array_set_size (entries, 0);
}

static void
point_rect (OtRect *r,
            double  x,
            double  y)
{
  r->x0 = r->x1 = x;
  r->y0 = r->y1 = y;
}

void
ot_scene_flatten_path (const OtPoint *p,
                       guint          n,
                       gboolean       cubic,
                       OtSegmentFunc  func,
                       gpointer       data)
{
  if (!cubic)
    {
      for (guint i = 0; i + 1 < n; i++)
        func (&p[i], &p[i + 1], data);
      return;
    }
  for (guint s = 0; s + 3 < n; s += 3)
    {
      OtPoint prev = p[s];

      for (guint k = 1; k <= OT_SCENE_FLATTEN_STEPS; k++)
        {
          OtPoint next = ot_cubic_at (&p[s], (double) k / OT_SCENE_FLATTEN_STEPS);
          func (&prev, &next, data);
          prev = next;
        }
    }
}

typedef struct {
  const OtGrid *grid;
  GArray       *entries;
  guint         item;
} SegmentCollect;

static guint
grid_clamp (double f,
            guint  n)
{
  return (guint) CLAMP (floor (f), 0, (double) n - 1);
}

/* Adds the cells a segment crosses (not every cell of its bounding box: a
 * long diagonal would fill a square of them).  Column by column, the
 * rows between the segment's heights at the column's edges, widened by a
 * hair against rounding.  Hit-testing searches the cells around a point
 * within its reach, so every segment near the point is still found. */
static void
collect_segment (const OtPoint *a,
                 const OtPoint *b,
                 gpointer       data)
{
  SegmentCollect *sc = data;
  const OtGrid *grid = sc->grid;
  double ax = (a->x - grid->x0) / grid->cell_w, ay = (a->y - grid->y0) / grid->cell_h;
  double bx = (b->x - grid->x0) / grid->cell_w, by = (b->y - grid->y0) / grid->cell_h;
  const double eps = 1e-6;
  guint cx0, cx1;

  if (ax > bx)
    {
      double t;
      t = ax, ax = bx, bx = t;
      t = ay, ay = by, by = t;
    }
  cx0 = grid_clamp (ax, grid->nx);
  cx1 = grid_clamp (bx, grid->nx);
  for (guint cx = cx0; cx <= cx1; cx++)
    {
      /* The part of the segment over this column (all of it at the ends,
       * where clamping may have folded outside columns in). */
      double x0 = cx == cx0 ? ax : MAX (ax, (double) cx);
      double x1 = cx == cx1 ? bx : MIN (bx, (double) cx + 1);
      double y0 = ay, y1 = by;
      guint cy0, cy1;

      if (bx - ax > eps)
        {
          double slope = (by - ay) / (bx - ax);

          y0 = ay + slope * (x0 - ax);
          y1 = ay + slope * (x1 - ax);
        }
      cy0 = grid_clamp (MIN (y0, y1) - eps, grid->ny);
      cy1 = grid_clamp (MAX (y0, y1) + eps, grid->ny);
      for (guint cy = cy0; cy <= cy1; cy++)
        {
          GridEntry e = { cy * grid->nx + cx, sc->item };
          g_array_append_val (sc->entries, e);
        }
    }
}

const OtGrid *
ot_scene_edge_grid (const OtScene *scene)
{
  OtScene *self = (OtScene *) scene;   /* a cache: the marks do not change */

  g_return_val_if_fail (scene != NULL && scene->finished, NULL);

  if (g_once_init_enter (&self->edge_grid_built))
    {
      g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (GridEntry));
      OtRect area = scene->bounds;

      /* The bounds leave out the curves' bulges; the grid must not, or a
       * bulge outside them could not be hit. */
      for (guint i = 0; i < scene->edges->len; i++)
        rect_union (&area, &g_array_index (scene->edges, OtEdgeItem, i).bbox);
      grid_init (&self->edge_grid, &area, scene->edges->len * 4);
      for (guint i = 0; i < scene->edges->len; i++)
        {
          const OtEdgeItem *e = &g_array_index (scene->edges, OtEdgeItem, i);
          SegmentCollect sc = { &self->edge_grid, entries, i };

          ot_scene_flatten_path (ot_scene_points (scene, e->path), e->path.n, e->cubic,
                                 collect_segment, &sc);
        }
      grid_fill (&self->edge_grid, entries);
      g_once_init_leave (&self->edge_grid_built, 1);
    }
  return &scene->edge_grid;
}

static void
build_grids (OtScene *scene)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (GridEntry));
  const OtRect *b = &scene->bounds;
  OtRect r;
  guint n_areas = 0;

  grid_init (&scene->node_grid, b, scene->nodes->len);
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *n = &g_array_index (scene->nodes, OtNodeItem, i);

      point_rect (&r, n->x - n->width / 2, n->y - n->height / 2);
      ot_rect_add_point (&r, n->x + n->width / 2, n->y + n->height / 2);
      grid_collect (&scene->node_grid, entries, &r, i);
    }
  grid_fill (&scene->node_grid, entries);

  grid_init (&scene->marker_grid, b, scene->markers->len);
  for (guint i = 0; i < scene->markers->len; i++)
    {
      const OtMarkerItem *m = &g_array_index (scene->markers, OtMarkerItem, i);

      point_rect (&r, m->x, m->y);
      grid_collect (&scene->marker_grid, entries, &r, i);
    }
  grid_fill (&scene->marker_grid, entries);

  grid_init (&scene->band_grid, b, scene->bands->len);
  for (guint i = 0; i < scene->bands->len; i++)
    grid_collect (&scene->band_grid, entries,
                  &g_array_index (scene->bands, OtBandItem, i).bbox, i);
  grid_fill (&scene->band_grid, entries);

  for (guint i = 0; i < scene->background->len; i++)
    n_areas += g_array_index (scene->background, OtBackgroundItem, i).id != OT_SCENE_NO_ID;
  grid_init (&scene->area_grid, b, n_areas * 8);
  for (guint i = 0; i < scene->background->len; i++)
    {
      const OtBackgroundItem *bg = &g_array_index (scene->background, OtBackgroundItem, i);

      if (bg->kind == OT_BACKGROUND_POLYGON && bg->id != OT_SCENE_NO_ID)
        grid_collect (&scene->area_grid, entries, &bg->bbox, i);
    }
  grid_fill (&scene->area_grid, entries);
}

void
ot_scene_finish (OtScene *scene)
{
  g_return_if_fail (scene != NULL);

  if (scene->finished)
    return;

  compute_bounds (scene);
  if (ot_rect_is_empty (&scene->bounds))
    {
      scene->bounds.x0 = scene->bounds.y0 = 0;
      scene->bounds.x1 = scene->bounds.y1 = 1;
    }
  if (ot_rect_is_empty (&scene->fit_bounds))
    scene->fit_bounds = scene->bounds;
  compute_orders (scene);
  measure_labels (scene);
  measure_callouts (scene);
  build_grids (scene);
  scene->finished = TRUE;
}

