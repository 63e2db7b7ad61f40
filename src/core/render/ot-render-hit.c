/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-render-hit.c: which mark is under a page point, through the scene's
 * spatial grids (a few cells are visited, not every mark). */
#include "ot-render-private.h"

#include <math.h>

typedef struct {
  const OtScene    *scene;
  const OtViewport *vp;
  OtLod             lod;
  double            tolerance;
  double            px, py;     /* the page point */
  double            wx, wy;     /* the same in world units */
} Query;

/* Calls @func on every item in the cells around the query point within
 * @reach page px.  Items spanning several cells may come more than once. */
static void
grid_visit (const Query  *q,
            const OtGrid *grid,
            double        reach,
            void        (*func) (const Query *q, guint item, gpointer data),
            gpointer      data)
{
  double r = reach / q->vp->scale;
  double fx0 = (q->wx - r - grid->x0) / grid->cell_w, fx1 = (q->wx + r - grid->x0) / grid->cell_w;
  double fy0 = (q->wy - r - grid->y0) / grid->cell_h, fy1 = (q->wy + r - grid->y0) / grid->cell_h;
  guint cx0, cy0, cx1, cy1;

  if (grid->starts == NULL || fx1 < 0 || fy1 < 0 || fx0 >= grid->nx || fy0 >= grid->ny)
    return;
  cx0 = (guint) MAX (0, floor (fx0));
  cy0 = (guint) MAX (0, floor (fy0));
  cx1 = (guint) MIN (grid->nx - 1, floor (fx1));
  cy1 = (guint) MIN (grid->ny - 1, floor (fy1));
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * grid->nx + cx;

        for (guint k = grid->starts[cell]; k < grid->starts[cell + 1]; k++)
          func (q, grid->items[k], data);
      }
}

typedef struct {
  double best;      /* lower is better */
  guint  item;
  gboolean found;
} Best;

static void
best_offer (Best   *best,
            double  score,
            guint   item)
{
  if (!best->found || score < best->best || (score == best->best && item > best->item))
    {
      best->found = TRUE;
      best->best = score;
      best->item = item;
    }
}

/* Nodes: how far inside the shape the point is (negative: inside). */
static void
visit_node (const Query *q,
            guint        item,
            gpointer     data)
{
  const OtNodeItem *node = &g_array_index (q->scene->nodes, OtNodeItem, item);
  double cx, cy, dx, dy, d, r = node->radius * q->lod.size_factor;

  if (!ot_lod_shows_node (&q->lod, node))
    return;

  ot_viewport_to_page (q->vp, node->x, node->y, &cx, &cy);
  dx = fabs (q->px - cx);
  dy = fabs (q->py - cy);
  switch (node->shape)
    {
    case OT_NODE_BAR:
      d = MAX (dx - node->width * q->vp->scale / 2, dy - node->height * q->vp->scale / 2);
      break;
    case OT_NODE_SQUARE:
      d = MAX (dx, dy) - r * 0.886;
      break;
    case OT_NODE_DIAMOND:
      d = (dx + dy) / G_SQRT2 - r * 1.253 / G_SQRT2;
      break;
    case OT_NODE_CIRCLE:
    default:
      d = hypot (dx, dy) - r;
      break;
    }
  if (d <= q->tolerance)
    best_offer (data, d, item);
}

static void
visit_marker (const Query *q,
              guint        item,
              gpointer     data)
{
  const OtMarkerItem *m = &g_array_index (q->scene->markers, OtMarkerItem, item);
  double cx, cy, d;

  if (!ot_lod_shows_marker (&q->lod, q->scene, m))
    return;
  ot_lod_marker_center (&q->lod, q->vp, m, &cx, &cy);
  d = hypot (q->px - cx, q->py - cy) - m->size * q->lod.size_factor / 2;
  if (d <= q->tolerance)
    best_offer (data, d, item);
}

typedef struct {
  double wx, wy;
  double best;    /* squared world distance */
} SegmentDistance;

static void
segment_distance (const OtPoint *a,
                  const OtPoint *b,
                  gpointer       data)
{
  SegmentDistance *sd = data;
  double vx = b->x - a->x, vy = b->y - a->y;
  double len2 = vx * vx + vy * vy;
  double t = len2 > 0 ? ((sd->wx - a->x) * vx + (sd->wy - a->y) * vy) / len2 : 0;
  double dx, dy;

  t = CLAMP (t, 0, 1);
  dx = a->x + t * vx - sd->wx;
  dy = a->y + t * vy - sd->wy;
  sd->best = MIN (sd->best, dx * dx + dy * dy);
}

/* Edges: distance from the point to the curve beyond half its width. */
static void
visit_edge (const Query *q,
            guint        item,
            gpointer     data)
{
  const OtEdgeItem *e = &g_array_index (q->scene->edges, OtEdgeItem, item);
  SegmentDistance sd = { q->wx, q->wy, G_MAXDOUBLE };
  double d;

  if (!ot_lod_shows_edge (&q->lod, e))
    return;
  ot_scene_flatten_path (ot_scene_points (q->scene, e->path), e->path.n, e->cubic,
                         segment_distance, &sd);
  d = sqrt (sd.best) * q->vp->scale - MAX (0.5, e->width * q->lod.size_factor) / 2;
  if (d <= q->tolerance)
    best_offer (data, d, item);
}

/* The statistical flows (issue 18): under the incident flows, so found
 * after them; few are shown (their own budget), so they are all looked
 * at, without a grid. */
static gboolean
hit_trade (const Query *q,
           Best        *best)
{
  for (guint i = 0; i < q->scene->trade->len; i++)
    {
      const OtEdgeItem *e = &g_array_index (q->scene->trade, OtEdgeItem, i);
      SegmentDistance sd = { q->wx, q->wy, G_MAXDOUBLE };
      double reach = (MAX (0.5, e->width * q->lod.size_factor) / 2 + q->tolerance) / q->vp->scale, d;

      if (!ot_lod_shows_trade (&q->lod, e) ||
          q->wx < e->bbox.x0 - reach || q->wx > e->bbox.x1 + reach ||
          q->wy < e->bbox.y0 - reach || q->wy > e->bbox.y1 + reach)
        continue;
      ot_scene_flatten_path (ot_scene_points (q->scene, e->path), e->path.n, e->cubic,
                             segment_distance, &sd);
      d = sqrt (sd.best) * q->vp->scale - MAX (0.5, e->width * q->lod.size_factor) / 2;
      if (d <= q->tolerance)
        best_offer (best, d, i);
    }
  return best->found;
}

typedef struct {
  double   wx, wy;
  gboolean inside;
} Crossing;

/* Even-odd rule: flips for every edge a ray to +x crosses. */
static void
crossing (const OtPoint *a,
          const OtPoint *b,
          gpointer       data)
{
  Crossing *c = data;

  if ((a->y > c->wy) != (b->y > c->wy)
      && c->wx < a->x + (c->wy - a->y) * (b->x - a->x) / (b->y - a->y))
    c->inside = !c->inside;
}

static void
visit_band (const Query *q,
            guint        item,
            gpointer     data)
{
  const OtBandItem *band = &g_array_index (q->scene->bands, OtBandItem, item);
  const OtPoint *p = ot_scene_points (q->scene, band->outline);
  Crossing c = { q->wx, q->wy, FALSE };

  ot_scene_flatten_path (p, band->outline.n, TRUE, crossing, &c);
  crossing (&p[band->outline.n - 1], &p[0], &c);
  if (c.inside)
    best_offer (data, 0, item);
}

static void
visit_area (const Query *q,
            guint        item,
            gpointer     data)
{
  const OtBackgroundItem *bg = &g_array_index (q->scene->background, OtBackgroundItem, item);
  const OtPoint *p = ot_scene_points (q->scene, bg->points);
  const guint *rings = &g_array_index (q->scene->rings, guint, bg->first_ring);
  Crossing c = { q->wx, q->wy, FALSE };

  if (q->wx < bg->bbox.x0 || q->wx > bg->bbox.x1 || q->wy < bg->bbox.y0 || q->wy > bg->bbox.y1)
    return;
  for (guint r = 0, at = 0; r < bg->n_rings; at += rings[r], r++)
    {
      if (rings[r] < 3)
        continue;
      ot_scene_flatten_path (&p[at], rings[r], FALSE, crossing, &c);
      crossing (&p[at + rings[r] - 1], &p[at], &c);
    }
  if (c.inside)
    best_offer (data, 0, item);   /* later (drawn on top) wins ties */
}

void
ot_render_prepare_hit_test (const OtScene *scene)
{
  g_return_if_fail (scene != NULL && ot_scene_is_finished (scene));

  ot_scene_edge_grid (scene);
}

OtHitKind
ot_render_hit_test (const OtScene         *scene,
                    const OtViewport      *vp,
                    const OtRenderOptions *opts,
                    double                 x,
                    double                 y,
                    guint                 *id)
{
  OtRenderOptions defaults;
  Query q = { 0 };
  Best best = { 0 };
  OtRect plot;
  double sf;

  g_return_val_if_fail (scene != NULL && scene->finished, OT_HIT_NONE);
  g_return_val_if_fail (vp != NULL && vp->scale > 0, OT_HIT_NONE);

  if (id != NULL)
    *id = OT_SCENE_NO_ID;
  if (opts == NULL)
    {
      ot_render_options_init (&defaults);
      opts = &defaults;
    }

  /* Marks are drawn in the plot area only: the chrome hides none. */
  ot_render_cached_plot_area (scene, opts, vp->width, vp->height, &plot);
  if (opts->show_chrome && (x < plot.x0 || x > plot.x1 || y < plot.y0 || y > plot.y1))
    return OT_HIT_NONE;
  q.scene = scene;
  q.vp = vp;
  ot_render_lod (scene, vp, opts, &plot, &q.lod);
  q.tolerance = MAX (0, opts->hit_tolerance);
  q.px = x;
  q.py = y;
  ot_viewport_to_world (vp, x, y, &q.wx, &q.wy);
  sf = q.lod.size_factor;

  grid_visit (&q, &scene->node_grid, scene->max_node_radius * 1.3 * sf + q.tolerance,
              visit_node, &best);
  if (best.found)
    {
      if (id != NULL)
        *id = g_array_index (scene->nodes, OtNodeItem, best.item).id;
      return OT_HIT_NODE;
    }

  grid_visit (&q, &scene->marker_grid, scene->max_marker_size * sf + q.tolerance,
              visit_marker, &best);
  if (best.found)
    {
      if (id != NULL)
        *id = g_array_index (scene->markers, OtMarkerItem, best.item).id;
      return OT_HIT_MARKER;
    }

  grid_visit (&q, ot_scene_edge_grid (scene), scene->max_edge_width * sf / 2 + 0.5 + q.tolerance,
              visit_edge, &best);
  if (best.found)
    {
      if (id != NULL)
        *id = g_array_index (scene->edges, OtEdgeItem, best.item).id;
      return OT_HIT_EDGE;
    }
  if (hit_trade (&q, &best))
    {
      if (id != NULL)
        *id = g_array_index (scene->trade, OtEdgeItem, best.item).id;
      return OT_HIT_EDGE;
    }

  grid_visit (&q, &scene->band_grid, 0, visit_band, &best);
  if (best.found)
    {
      if (id != NULL)
        *id = g_array_index (scene->bands, OtBandItem, best.item).id;
      return OT_HIT_BAND;
    }

  grid_visit (&q, &scene->area_grid, 0, visit_area, &best);
  if (best.found)
    {
      if (id != NULL)
        *id = g_array_index (scene->background, OtBackgroundItem, best.item).id;
      return OT_HIT_AREA;
    }
  return OT_HIT_NONE;
}
