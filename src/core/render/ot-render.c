/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-render-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include "ot-numeric.h"

#define DEFAULT_MAX_EDGES   6000
#define DEFAULT_MAX_EDGE_INK 200000.0
#define DEFAULT_MAX_NODES   2500
#define DEFAULT_MAX_LABELS  150
#define DEFAULT_MIN_EDGE_PX 0.35
#define FADED_ALPHA         0.2
#define LABEL_GAP           3.0
#define LABEL_CLEARANCE     1.5
#define OCCUPANCY_CELL      48.0

void
ot_render_options_init (OtRenderOptions *opts)
{
  g_return_if_fail (opts != NULL);

  opts->exact = FALSE;
  opts->show_chrome = TRUE;
  opts->transparent = FALSE;
  opts->max_edges = DEFAULT_MAX_EDGES;
  opts->max_edge_ink = DEFAULT_MAX_EDGE_INK;
  opts->max_nodes = DEFAULT_MAX_NODES;
  opts->max_labels = DEFAULT_MAX_LABELS;
  opts->min_edge_px = DEFAULT_MIN_EDGE_PX;
  opts->hit_tolerance = 3.0;
  opts->highlight_kind = OT_HIT_NONE;
  opts->highlight_id = OT_SCENE_NO_ID;
  opts->top_n = 0;
  opts->detail = 1;
}

/* How many of the most important edges fit in @budget px² of ink: the
 * edges' world length x width, scaled to the page, over the share of the
 * world that is on screen. */
static guint
edges_within_ink (const OtScene    *scene,
                  const OtViewport *vp,
                  double            size_factor,
                  double            budget)
{
  double zoom = ot_viewport_zoom (vp);
  double per_world = vp->scale * size_factor / MAX (1.0, zoom * zoom);
  guint lo = 0, hi = scene->edges->len;

  if (scene->cum_ink == NULL)
    return hi;
  /* The largest r with cum_ink[r] * per_world <= budget. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo + 1) / 2;

      if (scene->cum_ink[mid] * per_world <= budget)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

/* The budget of marks of a plot area at the fitted zoom, before the
 * zoom's share (docs/rendering.md, "Budget of marks"). */
static void
plot_budget (const OtRenderOptions *opts,
             const OtRect          *plot,
             double                *edges,
             double                *nodes,
             double                *trade)
{
  double area = MAX (0, plot->x1 - plot->x0) * MAX (0, plot->y1 - plot->y0);
  double detail = opts->detail > 0 && isfinite (opts->detail) ? opts->detail : 1;

  *edges = MAX (1, floor (detail * area / (OT_RENDER_FLOW_CELL * OT_RENDER_FLOW_CELL)));
  *nodes = MAX (1, floor (detail * area / (OT_RENDER_PLACE_CELL * OT_RENDER_PLACE_CELL)));
  *trade = MAX (1, floor (detail * area / (OT_RENDER_TRADE_CELL * OT_RENDER_TRADE_CELL)));
  if (opts->top_n > 0)
    {
      *edges = *trade = opts->top_n;
      /* Room for both ends of every flow asked for. */
      *nodes = MAX (*nodes, 2.0 * opts->top_n);
    }
}

static guint
to_count (double x)
{
  return (guint) CLAMP (x, 0, (double) G_MAXUINT);
}

/* The smallest rank r such that @budget edges shown at @zoom have a rank
 * below r (edges' ranks are 0 … n - 1, each once). */
static guint
rank_for_budget (const OtScene *scene,
                 double         zoom,
                 guint          budget)
{
  guint n = scene->edges->len, seen = 0;
  g_autofree guint8 *here = g_new0 (guint8, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const OtEdgeItem *e = &g_array_index (scene->edges, OtEdgeItem, i);

      if (zoom >= e->min_zoom && zoom < e->max_zoom && e->rank < n)
        here[e->rank] = 1;
    }
  for (guint r = 0; r < n; r++)
    if (here[r] && ++seen == budget)
      return r + 1;
  return n;
}

void
ot_render_lod (const OtScene         *scene,
               const OtViewport      *vp,
               const OtRenderOptions *opts,
               const OtRect          *plot,
               OtLod                 *lod)
{
  double zoom = ot_viewport_zoom (vp);
  double area = MAX (1.0, zoom * zoom);   /* how much less of the world shows */
  guint max_edges = opts->max_edges > 0 ? opts->max_edges : DEFAULT_MAX_EDGES;
  guint max_nodes = opts->max_nodes > 0 ? opts->max_nodes : DEFAULT_MAX_NODES;
  guint max_labels = opts->max_labels > 0 ? opts->max_labels : DEFAULT_MAX_LABELS;
  double max_ink = opts->max_edge_ink > 0 ? opts->max_edge_ink : DEFAULT_MAX_EDGE_INK;
  double budget_edges, budget_nodes, budget_trade;
  OtRect cached;

  if (plot == NULL)
    {
      ot_render_cached_plot_area (scene, opts, vp->width, vp->height, &cached);
      plot = &cached;
    }
  plot_budget (opts, plot, &budget_edges, &budget_nodes, &budget_trade);
  lod->budget_edges = opts->top_n == OT_RENDER_ALL ? G_MAXUINT : to_count (budget_edges * area);
  lod->budget_nodes = opts->top_n == OT_RENDER_ALL ? G_MAXUINT : to_count (budget_nodes * area);
  lod->budget_trade = opts->top_n == OT_RENDER_ALL ? G_MAXUINT : to_count (budget_trade * area);
  lod->max_trade_rank = lod->budget_trade;

  lod->exact = opts->exact;
  lod->zoom = zoom;
  lod->size_factor = ot_viewport_size_factor (vp);
  lod->max_rank = lod->budget_edges;
  /* The budget counts the flows of this zoom: those of other zooms (the
   * map's ports one by one, or clustered) do not take its places. */
  if (scene->edges_zoomed && lod->budget_edges < scene->edges->len)
    lod->max_rank = rank_for_budget (scene, zoom, lod->budget_edges);
  lod->max_node_rank = lod->budget_nodes;
  lod->min_edge_px = opts->min_edge_px;
  lod->max_labels = G_MAXUINT;
  if (opts->exact)
    return;
  /* Interactive frames: also what keeps a frame fast. */
  lod->max_rank = MIN (lod->max_rank, to_count (max_edges * area));
  lod->max_rank = MIN (lod->max_rank, edges_within_ink (scene, vp, lod->size_factor, max_ink));
  lod->max_node_rank = MIN (lod->max_node_rank, to_count (max_nodes * area));
  lod->max_labels = to_count (max_labels * area);
}

/* Per-frame state ----------------------------------------------------------- */

typedef struct {
  OtPainter             *dc;
  const OtScene         *scene;
  const OtTheme         *theme;
  const OtViewport      *vp;
  OtLod                  lod;
  OtRect                 clip;     /* page area that is drawn */
  GArray                *buf;      /* OtPoint scratch: one path in page space */
  GArray                *arrows;   /* OtPoint scratch: 4 per arrowhead */
  GArray                *offset;   /* OtPoint scratch: a sub-band's path */
  double                 sprite_scale;  /* see sprite_scale_for(); 0: no sprites */
  GHashTable            *sprites;  /* SpriteKey -> Sprite, this frame's */
  GArray                *labels;   /* Label: placed by place_labels() */
  GArray                *callouts; /* Callout: placed by place_callouts() */
  OtRenderStats         *stats;    /* NULL: not asked */
} Frame;

static inline OtPoint
to_page (const Frame   *f,
         const OtPoint *p)
{
  OtPoint r = { p->x * f->vp->scale + f->vp->tx, p->y * f->vp->scale + f->vp->ty };
  return r;
}

/* Whether a world rectangle, grown by @pad page px, meets the drawn area. */
static gboolean
world_rect_visible (const Frame  *f,
                    const OtRect *r,
                    double        pad)
{
  double s = f->vp->scale;

  return r->x1 * s + f->vp->tx + pad >= f->clip.x0 && r->x0 * s + f->vp->tx - pad <= f->clip.x1
      && r->y1 * s + f->vp->ty + pad >= f->clip.y0 && r->y0 * s + f->vp->ty - pad <= f->clip.y1;
}

static void
load_path (Frame        *f,
           OtSpan        span)
{
  const OtPoint *p = ot_scene_points (f->scene, span);

  g_array_set_size (f->buf, span.n);
  for (guint i = 0; i < span.n; i++)
    g_array_index (f->buf, OtPoint, i) = to_page (f, &p[i]);
}

static void
emit_path (OtPainter     *dc,
           const OtPoint *p,
           guint          n,
           gboolean       cubic)
{
  ot_painter_move_to (dc, p[0].x, p[0].y);
  if (cubic)
    for (guint i = 1; i + 2 < n; i += 3)
      ot_painter_curve_to (dc, p[i].x, p[i].y, p[i + 1].x, p[i + 1].y, p[i + 2].x, p[i + 2].y);
  else
    for (guint i = 1; i < n; i++)
      ot_painter_line_to (dc, p[i].x, p[i].y);
}

/* Background ----------------------------------------------------------------- */

/* Emits the rings of a polygon, dropping points closer than half a pixel to
 * the last one kept unless drawing exactly. */
static void
emit_polygon (Frame                  *f,
              const OtBackgroundItem *bg)
{
  const OtPoint *p = ot_scene_points (f->scene, bg->points);
  const guint *rings = &g_array_index (f->scene->rings, guint, bg->first_ring);
  double min_step = f->lod.exact ? 0 : 0.5;

  for (guint r = 0, at = 0; r < bg->n_rings; at += rings[r], r++)
    {
      OtPoint last;

      if (rings[r] < 2)
        continue;
      last = to_page (f, &p[at]);
      ot_painter_move_to (f->dc, last.x, last.y);
      for (guint i = 1; i < rings[r]; i++)
        {
          OtPoint q = to_page (f, &p[at + i]);

          if (fabs (q.x - last.x) + fabs (q.y - last.y) < min_step && i + 1 < rings[r])
            continue;
          ot_painter_line_to (f->dc, q.x, q.y);
          last = q;
        }
      ot_painter_close_path (f->dc);
    }
}

static void
draw_background (Frame *f)
{
  OtPainter *dc = f->dc;

  ot_painter_set_fill_rule (dc, CAIRO_FILL_RULE_EVEN_ODD);
  ot_painter_set_line_join (dc, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < f->scene->background->len; i++)
    {
      const OtBackgroundItem *bg = &g_array_index (f->scene->background, OtBackgroundItem, i);

      if (!world_rect_visible (f, &bg->bbox, bg->width))
        continue;
      ot_painter_new_path (dc);
      if (bg->kind == OT_BACKGROUND_POLYGON)
        {
          emit_polygon (f, bg);
          if (bg->fill.a > 0)
            {
              ot_set_rgba (dc, &bg->fill, 1);
              ot_painter_fill_preserve (dc);
            }
        }
      else
        {
          load_path (f, bg->points);
          emit_path (dc, (OtPoint *) (void *) f->buf->data, bg->points.n, FALSE);
        }
      if (bg->stroke.a > 0 && bg->width > 0)
        {
          ot_set_rgba (dc, &bg->stroke, 1);
          ot_painter_set_line_width (dc, bg->width);
          ot_render_set_dash (dc, bg->dash, bg->width);
          ot_painter_stroke (dc);
        }
      ot_painter_new_path (dc);
    }
  ot_painter_set_fill_rule (dc, CAIRO_FILL_RULE_WINDING);
}

/* Hollow (alleged-only) Sankey bands: the wash inside, the rim's width. */
#define BAND_WASH_ALPHA 0.3
#define BAND_RIM_PX     1.5

/* Illustrative only: a staggered grid of dots over the band (in f->buf,
 * page px), background-coloured (in the colour on a hollow band). */
static void
band_dots (Frame            *f,
           const OtBandItem *band)
{
  OtPainter *dc = f->dc;
  const OtPoint *p = (const OtPoint *) (void *) f->buf->data;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  const double step = 7, d = 2.4;
  double pattern[2] = { 0, step };
  guint row = 0;

  for (guint k = 0; k < band->outline.n; k++)
    {
      x0 = MIN (x0, p[k].x);
      x1 = MAX (x1, p[k].x);
      y0 = MIN (y0, p[k].y);
      y1 = MAX (y1, p[k].y);
    }
  /* Clipped to the page: a band zoomed far in needs no dots off it. */
  x0 = MAX (x0, f->clip.x0 - step);
  y0 = MAX (y0, f->clip.y0 - step);
  x1 = MIN (x1, f->clip.x1 + step);
  y1 = MIN (y1, f->clip.y1 + step);
  if (!(x1 > x0) || !(y1 > y0))
    return;
  ot_painter_save (dc);
  ot_painter_new_path (dc);
  emit_path (dc, p, band->outline.n, TRUE);
  ot_painter_close_path (dc);
  ot_painter_clip (dc);
  ot_painter_new_path (dc);
  for (double y = y0 + step / 2; y < y1; y += step / 2, row++)
    {
      /* Every other row is offset by half a step: a staggered grid. */
      double x = floor (x0 / step) * step + (row % 2 ? step / 2 : 0);

      ot_painter_move_to (dc, x, y);
      ot_painter_line_to (dc, x1 + step, y);
    }
  ot_painter_set_dash (dc, pattern, 2, 0);
  ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_ROUND);
  ot_painter_set_line_width (dc, d);
  ot_set_rgba (dc, band->hollow ? &band->color : &f->theme->background,
               ((band->flags & OT_MARK_FADED) ? FADED_ALPHA : 1) * (band->hollow ? 0.8 : 0.75));
  ot_painter_stroke (dc);
  ot_painter_restore (dc);
  ot_painter_set_dash (dc, NULL, 0, 0);
  ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_BUTT);
}

static void
draw_bands (Frame *f)
{
  OtPainter *dc = f->dc;

  for (guint i = 0; i < f->scene->bands->len; i++)
    {
      const OtBandItem *band = &g_array_index (f->scene->bands, OtBandItem, i);

      if (!world_rect_visible (f, &band->bbox, 0))
        continue;
      load_path (f, band->outline);
      ot_painter_new_path (dc);
      emit_path (dc, (OtPoint *) (void *) f->buf->data, band->outline.n, TRUE);
      ot_painter_close_path (dc);
      ot_set_rgba (dc, &band->color, ((band->flags & OT_MARK_FADED) ? FADED_ALPHA : 1) *
                                      (band->hollow ? BAND_WASH_ALPHA : 1));
      if (band->hollow && !(band->flags & OT_MARK_SELECTED))
        {
          /* Alleged only: a rim of the colour around a faint wash, so the
           * status never rests on a lighter shade of the mineral. */
          ot_painter_fill_preserve (dc);
          ot_set_rgba (dc, &band->color, (band->flags & OT_MARK_FADED) ? FADED_ALPHA : 1);
          ot_painter_set_line_width (dc, BAND_RIM_PX);
          ot_painter_stroke (dc);
        }
      else if (band->flags & OT_MARK_SELECTED)
        {
          ot_painter_fill_preserve (dc);
          ot_set_rgba (dc, &f->theme->selection, 1);
          ot_painter_set_line_width (dc, 2);
          ot_painter_stroke (dc);
        }
      else
        ot_painter_fill (dc);
      if (band->illustrative)
        band_dots (f, band);
    }
}

/* Edges -------------------------------------------------------------------- */

/* hypot (a - b) >= d, with the same answer as hypot() but without it
 * unless the two are within a billionth: the squared distance has a
 * relative error of a few ulps, hypot() under one.  (hypot() was a
 * sixth of an SVG export.) */
static inline gboolean
dist_at_least (const OtPoint *a,
               const OtPoint *b,
               double         d)
{
  double dx = a->x - b->x, dy = a->y - b->y, s = dx * dx + dy * dy, d2 = d * d;

  if (s > d2 * (1 + 1e-9))
    return TRUE;
  if (s < d2 * (1 - 1e-9))
    return FALSE;
  return hypot (dx, dy) >= d;
}

static OtPoint
lerp (const OtPoint *a,
      const OtPoint *b,
      double         t)
{
  OtPoint r = { a->x + (b->x - a->x) * t, a->y + (b->y - a->y) * t };
  return r;
}

/* Point of segment @seg at @t. */
static OtPoint
segment_at (const OtPoint *p,
            gboolean       cubic,
            guint          seg,
            double         t)
{
  return cubic ? ot_cubic_at (&p[seg * 3], t) : lerp (&p[seg], &p[seg + 1], t);
}

/* Finds the last point of the path whose straight distance to the path's
 * end is @d: its segment and parameter.  FALSE when the path is shorter. */
static gboolean
find_before_end (const OtPoint *p,
                 guint          n,
                 gboolean       cubic,
                 double         d,
                 guint         *seg,
                 double        *t)
{
  const OtPoint *end = &p[n - 1];
  guint n_seg = cubic ? (n - 1) / 3 : n - 1;

  for (guint s = n_seg; s-- > 0;)
    {
      OtPoint start = segment_at (p, cubic, s, 0);
      double lo = 0, hi = 1;

      if (!dist_at_least (&start, end, d))
        continue;
      for (guint k = 0; k < 16; k++)
        {
          double mid = (lo + hi) / 2;
          OtPoint q = segment_at (p, cubic, s, mid);

          if (dist_at_least (&q, end, d))
            lo = mid;
          else
            hi = mid;
        }
      *seg = s;
      *t = lo;
      return TRUE;
    }
  return FALSE;
}

/* Cuts the path in f->buf at (@seg, @t), keeping the start. */
static guint
cut_path (OtPoint  *p,
          gboolean  cubic,
          guint     seg,
          double    t)
{
  if (cubic)
    {
      OtPoint *c = &p[seg * 3];
      OtPoint p01 = lerp (&c[0], &c[1], t), p12 = lerp (&c[1], &c[2], t);
      OtPoint p23 = lerp (&c[2], &c[3], t);
      OtPoint p012 = lerp (&p01, &p12, t), p123 = lerp (&p12, &p23, t);

      c[1] = p01;
      c[2] = p012;
      c[3] = lerp (&p012, &p123, t);
      return seg * 3 + 4;
    }
  p[seg + 1] = lerp (&p[seg], &p[seg + 1], t);
  return seg + 2;
}

/* Arrowheads stay moderate: a little wider than the band they end (at
 * most 5 px on each side) and never longer than 20 px, so the heaviest
 * flow ends in a clear point, not in a large notched block. */
static double
arrow_length (double width)
{
  return MIN (20.0, 4.0 + 1.2 * width);
}

static double
arrow_half_width (double width)
{
  return width / 2 + MIN (5.0, 2.0 + 0.3 * width);
}

/* Loads the edge in page space, shortens it for its arrowhead and end
 * inset, and appends the arrowhead (tip, left, notch, right) to
 * f->arrows.  Returns the number of path points left. */
static guint
prepare_edge (Frame            *f,
              const OtEdgeItem *e,
              double            width)
{
  OtPoint *p;
  guint n = e->path.n, seg;
  double t, inset = e->end_inset * f->lod.size_factor;

  load_path (f, e->path);
  p = (OtPoint *) (void *) f->buf->data;
  if (inset > 0)
    inset += 1.5;

  if (e->arrow)
    {
      double len = arrow_length (width), half = arrow_half_width (width);
      guint tip_seg, base_seg;
      double tip_t, base_t;

      if ((inset <= 0 || find_before_end (p, n, e->cubic, inset, &tip_seg, &tip_t))
          && find_before_end (p, n, e->cubic, inset + len, &base_seg, &base_t))
        {
          OtPoint tip = inset > 0 ? segment_at (p, e->cubic, tip_seg, tip_t) : p[n - 1];
          OtPoint base = segment_at (p, e->cubic, base_seg, base_t);
          double dx = (tip.x - base.x) / len, dy = (tip.y - base.y) / len;
          OtPoint head[4] = {
            tip,
            { base.x - dy * half, base.y + dx * half },
            base,
            { base.x + dy * half, base.y - dx * half },
          };

          g_array_append_vals (f->arrows, head, 4);
          /* The band ends under the arrowhead, where the head is still
           * wider than the band: 3/4 of arrow_half_width() is at least
           * 0.6 x width + 1.5. */
          if (find_before_end (p, n, e->cubic, inset + len * 0.75, &seg, &t))
            n = cut_path (p, e->cubic, seg, t);
          return n;
        }
    }
  if (inset > 0 && find_before_end (p, n, e->cubic, inset, &seg, &t))
    n = cut_path (p, e->cubic, seg, t);
  return n;
}

/* The unit vector to the right of travel (y down) from @a to @b, or from
 * @c to @d when @a and @b coincide. */
static OtPoint
right_of (const OtPoint *a,
          const OtPoint *b,
          const OtPoint *c,
          const OtPoint *d)
{
  double dx = b->x - a->x, dy = b->y - a->y, len = hypot (dx, dy);

  if (len < 1e-9)
    {
      dx = d->x - c->x;
      dy = d->y - c->y;
      len = hypot (dx, dy);
    }
  if (len < 1e-9)
    return (OtPoint) { 0, 0 };
  return (OtPoint) { -dy / len, dx / len };
}

/* The path @p (@n page points) moved sideways by @d px to the right of
 * travel, into @out.  A cubic segment moves its start and first control
 * point along the start's normal and the others along the end's normal
 * (exact for straight segments, close for the views' gentle arcs); a
 * polyline moves each point along its neighbouring segments' mean normal. */
static void
offset_path (const OtPoint *p,
             guint          n,
             gboolean       cubic,
             double         d,
             OtPoint       *out)
{
  if (cubic)
    {
      out[0] = p[0];
      for (guint i = 0; i + 3 < n; i += 3)
        {
          OtPoint n0 = right_of (&p[i], &p[i + 1], &p[i], &p[i + 3]);
          OtPoint n3 = right_of (&p[i + 2], &p[i + 3], &p[i], &p[i + 3]);

          out[i] = (OtPoint) { p[i].x + d * n0.x, p[i].y + d * n0.y };
          out[i + 1] = (OtPoint) { p[i + 1].x + d * n0.x, p[i + 1].y + d * n0.y };
          out[i + 2] = (OtPoint) { p[i + 2].x + d * n3.x, p[i + 2].y + d * n3.y };
          out[i + 3] = (OtPoint) { p[i + 3].x + d * n3.x, p[i + 3].y + d * n3.y };
        }
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      OtPoint a = i > 0 ? right_of (&p[i - 1], &p[i], &p[0], &p[n - 1]) : (OtPoint) { 0, 0 };
      OtPoint b = i + 1 < n ? right_of (&p[i], &p[i + 1], &p[0], &p[n - 1]) : (OtPoint) { 0, 0 };
      double nx = a.x + b.x, ny = a.y + b.y, len = hypot (nx, ny);

      if (len < 1e-9)
        len = 1;
      out[i] = (OtPoint) { p[i].x + d * nx / len, p[i].y + d * ny / len };
    }
}

static gboolean
edge_has_parts (const OtEdgeItem *e)
{
  return e->n_parts > 0 || e->dash != OT_DASH_SOLID;
}

/* Strokes edge @e, whose page path is in f->buf (@n points), as its
 * sub-bands side by side, the first on the left of travel. */
static void
stroke_edge_parts (Frame            *f,
                   const OtEdgeItem *e,
                   guint             n,
                   double            width,
                   double            alpha)
{
  OtEdgePartItem whole = { e->color, 1, e->dash };
  const OtEdgePartItem *parts = e->n_parts > 0
    ? &g_array_index (f->scene->parts, OtEdgePartItem, e->first_part) : &whole;
  guint n_parts = MAX (e->n_parts, 1);
  double left = -width / 2;
  OtPoint *out;

  g_array_set_size (f->offset, n);
  out = (OtPoint *) (void *) f->offset->data;
  for (guint k = 0; k < n_parts; k++)
    {
      double w = width * parts[k].fraction;

      offset_path ((const OtPoint *) (const void *) f->buf->data, n, e->cubic, left + w / 2, out);
      left += w;
      ot_painter_new_path (f->dc);
      emit_path (f->dc, out, n, e->cubic);
      /* A quarter pixel of overlap hides the seam between sub-bands. */
      ot_render_stroke_styled (f->dc, f->theme, &parts[k].color, alpha, parts[k].dash,
                               MAX (0.3, w + (n_parts > 1 ? 0.25 : 0)));
    }
}

/* Appends the arrowheads gathered in f->arrows to the path. */
static void
emit_arrows (Frame *f)
{
  for (guint k = 0; k + 3 < f->arrows->len; k += 4)
    {
      const OtPoint *h = &g_array_index (f->arrows, OtPoint, k);

      ot_painter_move_to (f->dc, h[0].x, h[0].y);
      ot_painter_line_to (f->dc, h[1].x, h[1].y);
      ot_painter_line_to (f->dc, h[2].x, h[2].y);
      ot_painter_line_to (f->dc, h[3].x, h[3].y);
      ot_painter_close_path (f->dc);
    }
}

static gboolean
same_edge_style (const OtEdgeItem *a,
                 const OtEdgeItem *b)
{
  return a->width == b->width && a->dash == b->dash && a->flags == b->flags
      && a->color.r == b->color.r && a->color.g == b->color.g
      && a->color.b == b->color.b && a->color.a == b->color.a;
}

/* Draws the edges in runs of one style: one stroke and one fill per run. */
static void
draw_edges (Frame *f)
{
  const OtScene *scene = f->scene;
  const OtEdgeItem *edges = (const OtEdgeItem *) (void *) scene->edges->data;
  OtPainter *dc = f->dc;
  guint n = scene->edges->len;

  ot_painter_set_line_join (dc, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n;)
    {
      const OtEdgeItem *first = &edges[scene->edge_order[i]];
      double width = MAX (0.5, ot_finite_or (first->width, 0) * f->lod.size_factor);
      double alpha = (first->flags & OT_MARK_FADED) ? FADED_ALPHA : 1;
      guint count = 0;
      gboolean restyle = FALSE;

      ot_painter_new_path (dc);
      g_array_set_size (f->arrows, 0);
      /* The run always takes its first edge: a style that compares
       * unequal to itself (a NaN width) must not stop the loop. */
      for (guint start = i;
           i < n && (i == start || same_edge_style (&edges[scene->edge_order[i]], first));
           i++)
        {
          const OtEdgeItem *e = &edges[scene->edge_order[i]];
          guint n_points;

          if (!ot_lod_shows_edge (&f->lod, e)
              || !world_rect_visible (f, &e->bbox, width + arrow_length (width)))
            continue;
          if (count++ == 0)
            {
              ot_render_set_dash (dc, first->dash, width);
              ot_painter_set_line_width (dc, width);
            }
          n_points = prepare_edge (f, e, width);
          if (restyle && !edge_has_parts (e))
            {
              ot_render_set_dash (dc, first->dash, width);
              restyle = FALSE;
            }
          emit_path (dc, (OtPoint *) (void *) f->buf->data, n_points, e->cubic);
          /* One stroke per edge: stroking many crossing curves as one
           * path costs far more (Cairo intersects them all). */
          if (first->flags & OT_MARK_SELECTED)
            {
              ot_set_rgba (dc, &f->theme->selection, 0.55);
              ot_painter_set_line_width (dc, width + 4);
              ot_painter_stroke_preserve (dc);
              ot_painter_set_line_width (dc, width);
            }
          if (edge_has_parts (e))
            {
              ot_painter_new_path (dc);
              stroke_edge_parts (f, e, n_points, width, alpha);
              ot_painter_set_line_width (dc, width);
              restyle = TRUE;
              continue;
            }
          ot_set_rgba (dc, &first->color, alpha);
          ot_painter_stroke (dc);
        }
      if (count == 0)
        continue;

      emit_arrows (f);
      ot_set_rgba (dc, &first->color, alpha);
      ot_painter_fill (dc);
    }
}

/* Flows of trade statistics (issue 18) ---------------------------------------- */

/* Their arrowhead is open, a chevron sized as for a line this wide at
 * most: a pale ribbon needs only a hint of its direction. */
#define TRADE_ARROW_WIDTH 3.0

/* Draws statistical flow @e: a pale ribbon with a thin spine
 * (OT_DASH_STATISTICAL) ending in a chevron, over a halo in the
 * selection colour when @halo. */
static void
draw_trade_edge (Frame            *f,
                 const OtEdgeItem *e,
                 double            alpha,
                 gboolean          halo)
{
  OtPainter *dc = f->dc;
  double width = MAX (0.5, ot_finite_or (e->width, 0) * f->lod.size_factor);
  guint n_points;

  g_array_set_size (f->arrows, 0);
  n_points = prepare_edge (f, e, MIN (width, TRADE_ARROW_WIDTH));
  ot_painter_new_path (dc);
  emit_path (dc, (OtPoint *) (void *) f->buf->data, n_points, e->cubic);
  if (halo)
    {
      ot_painter_set_dash (dc, NULL, 0, 0);
      ot_set_rgba (dc, &f->theme->selection, 0.55);
      ot_painter_set_line_width (dc, width + 4);
      ot_painter_stroke_preserve (dc);
    }
  ot_render_stroke_styled (dc, f->theme, &e->color, alpha, OT_DASH_STATISTICAL, width);
  ot_painter_new_path (dc);
  for (guint k = 0; k + 3 < f->arrows->len; k += 4)
    {
      const OtPoint *h = &g_array_index (f->arrows, OtPoint, k);

      ot_painter_move_to (dc, h[1].x, h[1].y);
      ot_painter_line_to (dc, h[0].x, h[0].y);
      ot_painter_line_to (dc, h[3].x, h[3].y);
    }
  ot_painter_set_dash (dc, NULL, 0, 0);
  ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_ROUND);
  ot_set_rgba (dc, &e->color, 0.7 * alpha);
  ot_painter_set_line_width (dc, 1.2);
  ot_painter_stroke (dc);
  ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_BUTT);
}

/* The statistical flows, under every incident flow (and over the map). */
static void
draw_trade (Frame *f)
{
  const OtScene *scene = f->scene;

  ot_painter_set_line_join (f->dc, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < scene->trade->len; i++)
    {
      const OtEdgeItem *e = &g_array_index (scene->trade, OtEdgeItem, scene->trade_order[i]);
      double width = MAX (0.5, ot_finite_or (e->width, 0) * f->lod.size_factor);

      if (!ot_lod_shows_trade (&f->lod, e)
          || !world_rect_visible (f, &e->bbox, width + arrow_length (TRADE_ARROW_WIDTH)))
        continue;
      draw_trade_edge (f, e, (e->flags & OT_MARK_FADED) ? FADED_ALPHA : 1,
                       (e->flags & OT_MARK_SELECTED) != 0);
    }
}

/* Draws edge @e alone, over a halo in the selection colour. */
static void
highlight_edge (Frame            *f,
                const OtEdgeItem *e)
{
  OtPainter *dc = f->dc;
  double width = MAX (0.5, ot_finite_or (e->width, 0) * f->lod.size_factor);
  guint n_points;

  g_array_set_size (f->arrows, 0);
  n_points = prepare_edge (f, e, width);
  ot_painter_new_path (dc);
  emit_path (dc, (OtPoint *) (void *) f->buf->data, n_points, e->cubic);
  emit_arrows (f);
  ot_painter_set_dash (dc, NULL, 0, 0);
  ot_painter_set_line_join (dc, CAIRO_LINE_JOIN_ROUND);
  ot_set_rgba (dc, &f->theme->selection, 0.55);
  ot_painter_set_line_width (dc, width + 4);
  ot_painter_stroke (dc);

  if (edge_has_parts (e))
    stroke_edge_parts (f, e, n_points, width, 1);
  else
    {
      emit_path (dc, (OtPoint *) (void *) f->buf->data, n_points, e->cubic);
      ot_render_set_dash (dc, e->dash, width);
      ot_set_rgba (dc, &e->color, 1);
      ot_painter_set_line_width (dc, width);
      ot_painter_stroke (dc);
    }
  ot_painter_new_path (dc);
  emit_arrows (f);
  ot_set_rgba (dc, &e->color, 1);
  ot_painter_fill (dc);
}

/* Nodes and markers -------------------------------------------------------- */

/* Page-space box of a node, used for culling and label placement. */
static void
node_page_box (const Frame      *f,
               const OtNodeItem *node,
               OtRect           *box)
{
  OtPoint c = to_page (f, &(OtPoint) { node->x, node->y });
  double hw, hh;

  if (node->shape == OT_NODE_BAR)
    {
      hw = node->width * f->vp->scale / 2;
      hh = node->height * f->vp->scale / 2;
    }
  else
    hw = hh = node->radius * f->lod.size_factor * (node->shape == OT_NODE_DIAMOND ? 1.253 : 1);
  box->x0 = c.x - hw;
  box->x1 = c.x + hw;
  box->y0 = c.y - hh;
  box->y1 = c.y + hh;
}

static gboolean
page_rect_visible (const Frame  *f,
                   const OtRect *r,
                   double        pad)
{
  return r->x1 + pad >= f->clip.x0 && r->x0 - pad <= f->clip.x1
      && r->y1 + pad >= f->clip.y0 && r->y0 - pad <= f->clip.y1;
}

/* The selection ring around a node. */
static void
node_ring (Frame            *f,
           const OtNodeItem *node)
{
  OtPainter *dc = f->dc;
  double ring = 3.5;
  OtRect box;

  node_page_box (f, node, &box);
  ot_painter_new_path (dc);
  if (node->shape == OT_NODE_BAR)
    ot_painter_rectangle (dc, box.x0 - ring, box.y0 - ring,
                     box.x1 - box.x0 + 2 * ring, box.y1 - box.y0 + 2 * ring);
  else
    ot_render_node_shape (dc, node->shape, (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2,
                          node->radius * f->lod.size_factor + ring);
  ot_set_rgba (dc, &f->theme->selection, 1);
  ot_painter_set_line_width (dc, 2.5);
  ot_painter_stroke (dc);
}

/* Level of detail: tiny nodes as plain squares, no outline. */
#define TINY_NODE_PX 2.0

/* Interactive frames draw each node appearance once into a small image
 * and copy it to the nodes that share it: far cheaper than filling and
 * stroking thousands of shapes.  Exports always draw the shapes. */
typedef struct {
  guint32 fill, stroke;
  guint16 radius_q;   /* radius in 1/8 px */
  guint8  shape;
  guint8  width_q;    /* outline width in 1/8 px */
  guint8  dashed;     /* illustrative only: a dashed outline */
} SpriteKey;

typedef struct {
  SpriteKey        key;
  cairo_surface_t *surface;
  int              half;   /* the node's centre is at (half, half) */
} Sprite;

static guint32
pack_rgba (const OtRgba *c,
           double        alpha)
{
  return ((guint32) (c->r * 255 + 0.5) << 24) | ((guint32) (c->g * 255 + 0.5) << 16)
       | ((guint32) (c->b * 255 + 0.5) << 8) | (guint32) (c->a * alpha * 255 + 0.5);
}

static guint
sprite_key_hash (gconstpointer p)
{
  const SpriteKey *k = p;

  return k->fill * 31u + k->stroke * 17u + k->radius_q * 7u + k->shape + k->width_q * 131u + k->dashed;
}

static gboolean
sprite_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const SpriteKey *x = a, *y = b;

  return x->fill == y->fill && x->stroke == y->stroke && x->radius_q == y->radius_q
      && x->shape == y->shape && x->width_q == y->width_q && x->dashed == y->dashed;
}

static void
sprite_free (gpointer p)
{
  Sprite *sprite = p;

  cairo_surface_destroy (sprite->surface);
  g_free (sprite);
}

/* Sprites need an image target whose user space is the device's,
 * scaled evenly (HiDPI) and translated by whole device pixels.  Returns
 * the device pixels per user unit, or 0. */
static double
sprite_scale_for (OtPainter *dc)
{
  cairo_surface_t *target;
  cairo_matrix_t m;
  double sx = 1, sy = 1;

  if (dc->cr == NULL)   /* SVG: shapes, never images */
    return 0;
  target = cairo_get_target (dc->cr);
  cairo_get_matrix (dc->cr, &m);
  cairo_surface_get_device_scale (target, &sx, &sy);
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE
      || m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || sx != sy || sx <= 0
      || m.x0 * sx != floor (m.x0 * sx) || m.y0 * sx != floor (m.y0 * sx))
    return 0;
  return sx;
}

/* Strokes (and clears) the node's outline path: dashed and at least
 * 1.5 px when it is known only from illustrative records. */
static void
stroke_node_outline (OtPainter        *dc,
                     const OtNodeItem *node,
                     double            alpha,
                     double            width)
{
  double pattern[2] = { 3, 2 };

  ot_set_rgba (dc, &node->stroke, alpha);
  if (!node->illustrative)
    {
      ot_painter_set_line_width (dc, width);
      ot_painter_stroke (dc);
      return;
    }
  ot_painter_set_dash (dc, pattern, 2, 0);
  ot_painter_set_line_width (dc, MAX (width, 1.5));
  ot_painter_stroke (dc);
  ot_painter_set_dash (dc, NULL, 0, 0);
}

static const Sprite *
get_sprite (Frame            *f,
            const OtNodeItem *node,
            double            r,
            double            alpha)
{
  SpriteKey key = { pack_rgba (&node->fill, alpha), pack_rgba (&node->stroke, alpha),
                    (guint16) MIN (G_MAXUINT16, r * 8 + 0.5), node->shape,
                    (guint8) MIN (255, node->stroke_width * 8 + 0.5), node->illustrative };
  Sprite *sprite;
  cairo_t *cr;
  OtPainter sprite_dc, *dc = &sprite_dc;
  double rq = key.radius_q / 8.0, wq = key.width_q / 8.0;

  if (f->sprites == NULL)
    f->sprites = g_hash_table_new_full (sprite_key_hash, sprite_key_equal, NULL, sprite_free);
  sprite = g_hash_table_lookup (f->sprites, &key);
  if (sprite != NULL)
    return sprite;

  sprite = g_new0 (Sprite, 1);
  sprite->key = key;
  sprite->half = (int) ceil (rq * 1.26 + wq / 2 + 1);
  sprite->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                (int) ceil (2 * sprite->half * f->sprite_scale),
                                                (int) ceil (2 * sprite->half * f->sprite_scale));
  cairo_surface_set_device_scale (sprite->surface, f->sprite_scale, f->sprite_scale);
  cr = cairo_create (sprite->surface);
  sprite_dc = OT_PAINTER_CAIRO (cr);
  ot_render_node_shape (dc, node->shape, sprite->half, sprite->half, rq);
  ot_set_rgba (dc, &node->fill, alpha);
  ot_painter_fill_preserve (dc);
  stroke_node_outline (dc, node, alpha, wq);
  cairo_destroy (cr);
  g_hash_table_add (f->sprites, sprite);
  return sprite;
}

static void
draw_sprite (Frame            *f,
             const OtNodeItem *node,
             double            cx,
             double            cy,
             double            r,
             double            alpha)
{
  const Sprite *sprite = get_sprite (f, node, r, alpha);
  double ds = f->sprite_scale;
  double x = floor (cx * ds + 0.5) / ds - sprite->half, y = floor (cy * ds + 0.5) / ds - sprite->half;

  cairo_set_source_surface (f->dc->cr, sprite->surface, x, y);
  ot_painter_rectangle (f->dc, x, y, 2 * sprite->half, 2 * sprite->half);
  ot_painter_fill (f->dc);
}

static void
draw_nodes (Frame *f)
{
  const OtScene *scene = f->scene;
  OtPainter *dc = f->dc;

  ot_painter_set_dash (dc, NULL, 0, 0);
  ot_painter_set_line_join (dc, CAIRO_LINE_JOIN_MITER);
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, scene->node_order[i]);
      double alpha = (node->flags & OT_MARK_FADED) ? FADED_ALPHA : 1;
      double cx, cy, r = node->radius * f->lod.size_factor;
      OtRect box;

      if (!ot_lod_shows_node (&f->lod, node))
        continue;
      node_page_box (f, node, &box);
      if (!page_rect_visible (f, &box, node->stroke_width + 4))
        continue;
      cx = (box.x0 + box.x1) / 2;
      cy = (box.y0 + box.y1) / 2;

      ot_painter_new_path (dc);
      if (!f->lod.exact && node->shape != OT_NODE_BAR && r < TINY_NODE_PX)
        {
          ot_painter_rectangle (dc, cx - r, cy - r, 2 * r, 2 * r);
          ot_set_rgba (dc, &node->fill, alpha);
          ot_painter_fill (dc);
          continue;
        }
      if (f->sprite_scale > 0 && node->shape != OT_NODE_BAR &&
          !(node->flags & OT_MARK_SELECTED))
        {
          draw_sprite (f, node, cx, cy, r, alpha);
          continue;
        }
      if (node->shape == OT_NODE_BAR)
        ot_painter_rectangle (dc, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
      else
        ot_render_node_shape (dc, node->shape, cx, cy, r);
      ot_set_rgba (dc, &node->fill, alpha);
      ot_painter_fill_preserve (dc);
      stroke_node_outline (dc, node, alpha, node->stroke_width);

      if (node->flags & OT_MARK_SELECTED)
        node_ring (f, node);
    }
}

static void
marker_ring (Frame              *f,
             const OtMarkerItem *m)
{
  OtPoint c;

  ot_lod_marker_center (&f->lod, f->vp, m, &c.x, &c.y);
  ot_painter_new_path (f->dc);
  ot_painter_arc (f->dc, c.x, c.y, m->size * f->lod.size_factor * 0.9 + 3, 0, 2 * G_PI);
  ot_set_rgba (f->dc, &f->theme->selection, 1);
  ot_painter_set_line_width (f->dc, 2);
  ot_painter_stroke (f->dc);
}

/* Whether marker @m is drawn; its centre into @c. */
static gboolean
marker_drawn (Frame              *f,
              const OtMarkerItem *m,
              OtPoint            *c)
{
  double size = m->size * f->lod.size_factor;
  OtRect box;

  if (!ot_lod_shows_marker (&f->lod, f->scene, m))
    return FALSE;
  ot_lod_marker_center (&f->lod, f->vp, m, &c->x, &c->y);
  box = (OtRect) { c->x - size, c->y - size, c->x + size, c->y + size };
  return page_rect_visible (f, &box, 2);
}

/* The stats' places of the markers drawn. */
static void
collect_marker_places (Frame *f)
{
  for (guint i = 0; i < f->scene->markers->len; i++)
    {
      const OtMarkerItem *m = &g_array_index (f->scene->markers, OtMarkerItem, i);
      OtPoint c, place;

      if (!marker_drawn (f, m, &c))
        continue;
      ot_viewport_to_page (f->vp, m->x, m->y, &place.x, &place.y);
      g_array_append_val (f->stats->marker_places, place);
    }
}

static void
draw_markers (Frame *f)
{
  for (guint i = 0; i < f->scene->markers->len; i++)
    {
      const OtMarkerItem *m = &g_array_index (f->scene->markers, OtMarkerItem, i);
      OtPoint c;
      double size = m->size * f->lod.size_factor;
      OtRgba color = m->color;

      if (!marker_drawn (f, m, &c))
        continue;
      if (m->flags & OT_MARK_FADED)
        color.a *= FADED_ALPHA;
      if (m->flags & OT_MARK_SELECTED)
        marker_ring (f, m);
      ot_render_marker (f->dc, f->theme, m->shape, &color, c.x, c.y, size);
    }
}

/* Hover highlight ------------------------------------------------------------- */

/* Outlines every visible mark of @kind with @id in the selection colour,
 * on top of the others: hover feedback without rebuilding the scene. */
static void
draw_highlight (Frame     *f,
                OtHitKind  kind,
                guint      id)
{
  const OtScene *scene = f->scene;
  OtPainter *dc = f->dc;

  switch (kind)
    {
    case OT_HIT_NODE:
      for (guint i = 0; i < scene->nodes->len; i++)
        {
          const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);

          if (node->id == id && ot_lod_shows_node (&f->lod, node))
            node_ring (f, node);
        }
      break;
    case OT_HIT_EDGE:
      for (guint i = 0; i < scene->edges->len; i++)
        {
          const OtEdgeItem *e = &g_array_index (scene->edges, OtEdgeItem, i);

          if (e->id == id && ot_lod_shows_edge (&f->lod, e))
            highlight_edge (f, e);
        }
      for (guint i = 0; i < scene->trade->len; i++)
        {
          const OtEdgeItem *e = &g_array_index (scene->trade, OtEdgeItem, i);

          if (e->id == id && ot_lod_shows_trade (&f->lod, e))
            draw_trade_edge (f, e, 1, TRUE);
        }
      break;
    case OT_HIT_MARKER:
      for (guint i = 0; i < scene->markers->len; i++)
        {
          const OtMarkerItem *m = &g_array_index (scene->markers, OtMarkerItem, i);

          if (m->id == id && ot_lod_shows_marker (&f->lod, scene, m))
            marker_ring (f, m);
        }
      break;
    case OT_HIT_BAND:
    case OT_HIT_AREA:
      ot_painter_new_path (dc);
      for (guint i = 0; kind == OT_HIT_BAND && i < scene->bands->len; i++)
        {
          const OtBandItem *band = &g_array_index (scene->bands, OtBandItem, i);

          if (band->id != id)
            continue;
          load_path (f, band->outline);
          emit_path (dc, (OtPoint *) (void *) f->buf->data, band->outline.n, TRUE);
          ot_painter_close_path (dc);
        }
      for (guint i = 0; kind == OT_HIT_AREA && i < scene->background->len; i++)
        {
          const OtBackgroundItem *bg = &g_array_index (scene->background, OtBackgroundItem, i);

          if (bg->kind == OT_BACKGROUND_POLYGON && bg->id == id)
            emit_polygon (f, bg);
        }
      ot_painter_set_dash (dc, NULL, 0, 0);
      ot_painter_set_line_join (dc, CAIRO_LINE_JOIN_ROUND);
      ot_set_rgba (dc, &f->theme->selection, 1);
      ot_painter_set_line_width (dc, 2);
      ot_painter_stroke (dc);
      break;
    case OT_HIT_NONE:
    default:
      break;
    }
}

/* Labels ---------------------------------------------------------------------- */

/* Rectangles already taken on the page, bucketed in square cells. */
typedef struct {
  GArray *rects;    /* OtRect */
  GArray *links;    /* Link */
  guint  *heads;    /* per cell: index into links + 1, 0 = none */
  guint   nx, ny;
} Occupancy;

typedef struct {
  guint rect;
  guint next;
} Link;

static void
occupancy_init (Occupancy *occ,
                double     width,
                double     height)
{
  occ->nx = (guint) CLAMP (ceil (width / OCCUPANCY_CELL), 1, 512);
  occ->ny = (guint) CLAMP (ceil (height / OCCUPANCY_CELL), 1, 512);
  occ->heads = g_new0 (guint, occ->nx * occ->ny);
  occ->rects = g_array_new (FALSE, FALSE, sizeof (OtRect));
  occ->links = g_array_new (FALSE, FALSE, sizeof (Link));
}

static void
occupancy_clear (Occupancy *occ)
{
  g_free (occ->heads);
  g_array_unref (occ->rects);
  g_array_unref (occ->links);
}

static void
occupancy_cells (const Occupancy *occ,
                 const OtRect    *r,
                 guint           *cx0,
                 guint           *cy0,
                 guint           *cx1,
                 guint           *cy1)
{
  *cx0 = (guint) CLAMP (floor (r->x0 / OCCUPANCY_CELL), 0, occ->nx - 1);
  *cx1 = (guint) CLAMP (floor (r->x1 / OCCUPANCY_CELL), 0, occ->nx - 1);
  *cy0 = (guint) CLAMP (floor (r->y0 / OCCUPANCY_CELL), 0, occ->ny - 1);
  *cy1 = (guint) CLAMP (floor (r->y1 / OCCUPANCY_CELL), 0, occ->ny - 1);
}

static void
occupancy_add (Occupancy    *occ,
               const OtRect *r)
{
  guint cx0, cy0, cx1, cy1, index = occ->rects->len;

  g_array_append_val (occ->rects, *r);
  occupancy_cells (occ, r, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * occ->nx + cx;
        Link link = { index, occ->heads[cell] };

        g_array_append_val (occ->links, link);
        occ->heads[cell] = occ->links->len;
      }
}

static gboolean
occupancy_free (const Occupancy *occ,
                const OtRect    *r)
{
  guint cx0, cy0, cx1, cy1;

  occupancy_cells (occ, r, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      for (guint l = occ->heads[cy * occ->nx + cx]; l != 0;)
        {
          const Link *link = &g_array_index (occ->links, Link, l - 1);
          const OtRect *o = &g_array_index (occ->rects, OtRect, link->rect);

          if (r->x0 < o->x1 && o->x0 < r->x1 && r->y0 < o->y1 && o->y0 < r->y1)
            return FALSE;
          l = link->next;
        }
  return TRUE;
}

/* How much of @r (px²) the rectangles taken cover, counting overlaps of
 * taken rectangles twice: the least covered place for a callout that
 * finds no free one. */
static double
occupancy_overlap (const Occupancy *occ,
                   const OtRect    *r)
{
  guint cx0, cy0, cx1, cy1;
  double area = 0;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  occupancy_cells (occ, r, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      for (guint l = occ->heads[cy * occ->nx + cx]; l != 0;)
        {
          const Link *link = &g_array_index (occ->links, Link, l - 1);
          const OtRect *o = &g_array_index (occ->rects, OtRect, link->rect);

          if (g_hash_table_add (seen, GUINT_TO_POINTER (link->rect + 1)))
            area += MAX (0, MIN (r->x1, o->x1) - MAX (r->x0, o->x0)) *
                    MAX (0, MIN (r->y1, o->y1) - MAX (r->y0, o->y0));
          l = link->next;
        }
  return area;
}

/* Candidate top-left corners of a w x h label around @box, best first. */
static guint
label_candidates (const OtRect *box,
                  gboolean      bar,
                  OtLabelSide   side,
                  double        w,
                  double        h,
                  OtPoint      *out)
{
  double cx = (box->x0 + box->x1) / 2, cy = (box->y0 + box->y1) / 2;
  double d = (box->x1 - box->x0) / 2;
  OtPoint right = { box->x1 + LABEL_GAP, cy - h / 2 };
  OtPoint left = { box->x0 - LABEL_GAP - w, cy - h / 2 };
  guint n = 0;

  /* A bar with a side (a Sankey column) gets only that one: the other
   * sides are covered by its bands. */
  if (bar && side == OT_LABEL_ABOVE)
    {
      out[n++] = (OtPoint) { cx - w / 2, box->y0 - 1 - h };
      return n;
    }
  out[n++] = side == OT_LABEL_LEFT ? left : right;
  if (bar && side != OT_LABEL_AUTO)
    return n;
  out[n++] = side == OT_LABEL_LEFT ? right : left;
  if (bar)
    return n;
  out[n++] = (OtPoint) { cx - w / 2, box->y0 - LABEL_GAP - h };
  out[n++] = (OtPoint) { cx - w / 2, box->y1 + LABEL_GAP };
  out[n++] = (OtPoint) { cx + d + LABEL_GAP / 2, cy - d - h + 2 };
  out[n++] = (OtPoint) { cx + d + LABEL_GAP / 2, cy + d - 2 };
  out[n++] = (OtPoint) { cx - d - LABEL_GAP / 2 - w, cy - d - h + 2 };
  out[n++] = (OtPoint) { cx - d - LABEL_GAP / 2 - w, cy + d - 2 };
  return n;
}

static void
draw_label (Frame       *f,
            PangoLayout *layout,
            const char  *text,
            double       x,
            double       y)
{
  static const double offsets[][2] = { { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 },
                                       { 0, -1.3 }, { 0, 1.3 }, { -1.3, 0 }, { 1.3, 0 } };
  OtPainter *dc = f->dc;

  pango_layout_set_text (layout, text, -1);
  ot_painter_new_path (dc);
  ot_set_rgba (dc, &f->theme->halo, 1);
  if (f->lod.exact)
    {
      /* A stroked outline: exact, and text stays text in SVG and PDF. */
      ot_painter_move_to (dc, x, y);
      ot_painter_layout_path (dc, layout);
      ot_painter_set_line_width (dc, 3);
      ot_painter_set_line_join (dc, CAIRO_LINE_JOIN_ROUND);
      ot_painter_stroke (dc);
    }
  else
    {
      /* Interactive: shifted copies, much cheaper and nearly the same. */
      for (guint k = 0; k < G_N_ELEMENTS (offsets); k++)
        {
          ot_painter_move_to (dc, x + offsets[k][0], y + offsets[k][1]);
          ot_painter_show_layout (dc, layout);
        }
    }
  ot_painter_move_to (dc, x, y);
  ot_set_rgba (dc, &f->theme->text, 1);
  ot_painter_show_layout (dc, layout);
}

/* The TOP_LABELS most important labels try these page px farther out. */
#define TOP_LABELS 12
static const double label_rings[] = { 0, 6, 14, 26 };
/* From this ring on a leader line joins the label to its node. */
#define LEADER_RING 2

/* Last resort of the most important labels: centres on circles 40 to 160 px
 * out from the node, 16 directions each, nearest first. */
#define SPIRAL_STEPS 16
#define SPIRAL_TURNS 9
static guint
label_spiral (const OtRect *box,
              double        w,
              double        h,
              OtPoint      *out)
{
  double cx = (box->x0 + box->x1) / 2, cy = (box->y0 + box->y1) / 2;
  guint n = 0;

  for (guint t = 0; t < SPIRAL_TURNS; t++)
    for (guint k = 0; k < SPIRAL_STEPS; k++)
      {
        double radius = (box->x1 - box->x0) / 2 + 40 + 15 * t;
        double a = 2 * G_PI * k / SPIRAL_STEPS;

        out[n++] = (OtPoint) { cx + radius * cos (a) - w / 2, cy + radius * sin (a) - h / 2 };
      }
  return n;
}

typedef struct {
  guint  node;    /* index in scene->nodes */
  OtRect box;
  gboolean leader; /* placed far out: a line joins it to its node */
} Label;

/* Places node @index's label at the first of @candidates (top-left
 * corners) inside the plot area and clear of everything taken. */
static gboolean
try_label (Frame         *f,
           Occupancy     *occ,
           guint          index,
           const OtPoint *candidates,
           guint          n,
           gboolean       leader)
{
  const OtNodeItem *node = &g_array_index (f->scene->nodes, OtNodeItem, index);

  for (guint c = 0; c < n; c++)
    {
      Label label = { index,
                      { candidates[c].x, candidates[c].y,
                        candidates[c].x + node->label_w, candidates[c].y + node->label_h },
                      leader };
      const OtRect *r = &label.box;

      if (r->x0 < f->clip.x0 || r->y0 < f->clip.y0 || r->x1 > f->clip.x1 || r->y1 > f->clip.y1
          || !occupancy_free (occ, r))
        continue;
      {
        /* Labels keep a little air between them: the text's measure in
         * another reader (an SVG viewer, unhinted) may differ by a hair. */
        OtRect taken = { r->x0 - LABEL_CLEARANCE, r->y0 - LABEL_CLEARANCE,
                         r->x1 + LABEL_CLEARANCE, r->y1 + LABEL_CLEARANCE };

        occupancy_add (occ, &taken);
      }
      g_array_append_val (f->labels, label);
      if (f->stats != NULL)
        g_array_append_val (f->stats->labels, *r);
      return TRUE;
    }
  return FALSE;
}

typedef struct {
  guint   callout;   /* index in scene->callouts */
  OtRect  box;
  OtPoint anchor;    /* page px */
  double  radius;    /* page px kept free around the anchor (its node) */
} Callout;

/* Where a callout hangs (page px) and the room its node takes; FALSE when
 * its anchor is not shown (budget, zoom). */
static gboolean
callout_anchor (Frame               *f,
                const OtCalloutItem *c,
                OtPoint             *anchor,
                double              *radius)
{
  const OtScene *scene = f->scene;

  *radius = 0;
  if (c->anchor_kind != OT_HIT_NONE && c->anchor == G_MAXUINT)
    return FALSE;
  if (c->anchor_kind == OT_HIT_NODE)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, c->anchor);
      OtRect box;

      if (!ot_lod_shows_node (&f->lod, node))
        return FALSE;
      node_page_box (f, node, &box);
      *radius = (box.x1 - box.x0) / 2;
    }
  else if (c->anchor_kind == OT_HIT_EDGE &&
           !ot_lod_shows_edge (&f->lod, &g_array_index (scene->edges, OtEdgeItem, c->anchor)))
    return FALSE;
  *anchor = to_page (f, &(OtPoint) { c->x, c->y });
  return anchor->x >= f->clip.x0 && anchor->x <= f->clip.x1 &&
         anchor->y >= f->clip.y0 && anchor->y <= f->clip.y1;
}

/* Callout boxes, before the labels (which then avoid them): in eight
 * directions around the anchor, nearest ring first, the upper right
 * first; inside the plot area and clear of nodes, chrome and other
 * callouts.  Where none is clear, the one inside the plot that covers
 * the least of them: a note is never dropped while its mark shows. */
static void
place_callouts (Frame     *f,
                Occupancy *occ)
{
  static const double rings[] = { 22, 40, 64, 96, 140, 200, 280 };
  static const double dirs[][2] = { { 1, -1 }, { -1, -1 }, { 1, 1 }, { -1, 1 },
                                    { 1, 0 }, { -1, 0 }, { 0, -1 }, { 0, 1 } };
  const OtScene *scene = f->scene;

  for (guint i = 0; i < scene->callouts->len; i++)
    {
      const OtCalloutItem *c = &g_array_index (scene->callouts, OtCalloutItem, i);
      Callout placed = { i, { 0 }, { 0 }, 0 };
      double w = c->w, h = c->h, least = G_MAXDOUBLE;

      if (!callout_anchor (f, c, &placed.anchor, &placed.radius))
        continue;
      for (guint r = 0; r < G_N_ELEMENTS (rings) && least > 0; r++)
        for (guint d = 0; d < G_N_ELEMENTS (dirs) && least > 0; d++)
          {
            double dist = placed.radius + rings[r];
            /* The box's nearest corner (diagonals) or side faces the
             * anchor, @dist away from it. */
            double ox = dirs[d][0] * dist * (dirs[d][1] != 0 ? G_SQRT2 / 2 : 1);
            double oy = dirs[d][1] * dist * (dirs[d][0] != 0 ? G_SQRT2 / 2 : 1);
            double x0 = dirs[d][0] > 0 ? placed.anchor.x + ox
                        : dirs[d][0] < 0 ? placed.anchor.x + ox - w : placed.anchor.x - w / 2;
            double y0 = dirs[d][1] > 0 ? placed.anchor.y + oy
                        : dirs[d][1] < 0 ? placed.anchor.y + oy - h : placed.anchor.y - h / 2;
            OtRect box = { x0, y0, x0 + w, y0 + h };
            double covered;

            if (box.x0 < f->clip.x0 || box.y0 < f->clip.y0 || box.x1 > f->clip.x1 || box.y1 > f->clip.y1)
              continue;
            covered = occupancy_free (occ, &box) ? 0 : occupancy_overlap (occ, &box);
            if (covered < least)
              {
                placed.box = box;
                least = covered;
              }
          }
      if (least == G_MAXDOUBLE)
        continue;   /* no room in the plot at all */
      {
        OtRect taken = { placed.box.x0 - LABEL_CLEARANCE, placed.box.y0 - LABEL_CLEARANCE,
                         placed.box.x1 + LABEL_CLEARANCE, placed.box.y1 + LABEL_CLEARANCE };

        occupancy_add (occ, &taken);
      }
      g_array_append_val (f->callouts, placed);
      if (f->stats != NULL)
        g_array_append_val (f->stats->callouts, placed.box);
    }
}

/* Leader lines, then the boxes and their text, over everything else. */
static void
draw_callouts (Frame        *f,
               PangoContext *context)
{
  g_autoptr(PangoLayout) layout = NULL;
  OtPainter *dc = f->dc;

  if (f->callouts->len == 0)
    return;
  layout = pango_layout_new (context);
  ot_painter_new_path (dc);
  for (guint i = 0; i < f->callouts->len; i++)
    {
      const Callout *c = &g_array_index (f->callouts, Callout, i);
      double lx = CLAMP (c->anchor.x, c->box.x0, c->box.x1);
      double ly = CLAMP (c->anchor.y, c->box.y0, c->box.y1);
      double d = hypot (lx - c->anchor.x, ly - c->anchor.y);

      if (d <= c->radius + 1)
        continue;
      ot_painter_move_to (dc, c->anchor.x + (lx - c->anchor.x) * c->radius / d,
                          c->anchor.y + (ly - c->anchor.y) * c->radius / d);
      ot_painter_line_to (dc, lx, ly);
    }
  ot_set_rgba (dc, &f->theme->text, 0.7);
  ot_painter_set_line_width (dc, 1);
  ot_painter_set_dash (dc, NULL, 0, 0);
  ot_painter_stroke (dc);
  for (guint i = 0; i < f->callouts->len; i++)
    {
      const Callout *c = &g_array_index (f->callouts, Callout, i);
      const OtCalloutItem *item = &g_array_index (f->scene->callouts, OtCalloutItem, c->callout);

      ot_painter_new_path (dc);
      ot_painter_rectangle (dc, c->box.x0 + 0.5, c->box.y0 + 0.5,
                            c->box.x1 - c->box.x0 - 1, c->box.y1 - c->box.y0 - 1);
      ot_set_rgba (dc, &f->theme->panel, 0.96);
      ot_painter_fill_preserve (dc);
      ot_set_rgba (dc, &f->theme->text_muted, 1);
      ot_painter_set_line_width (dc, 1);
      ot_painter_stroke (dc);
      ot_scene_callout_layout (f->scene, layout, item->text);
      ot_painter_move_to (dc, c->box.x0 + OT_SCENE_CALLOUT_PAD, c->box.y0 + OT_SCENE_CALLOUT_PAD);
      ot_set_rgba (dc, &f->theme->text, 1);
      ot_painter_show_layout (dc, layout);
    }
}

/* Places the labels greedily, most important first, where they meet no
 * other label, no drawn node and no chrome, inside the plot area; a label
 * that fits nowhere is dropped.  Fills f->labels (and the stats' node and
 * label rectangles). */
static void
place_labels (Frame                *f,
              const OtChromeLayout *chrome)
{
  const OtScene *scene = f->scene;
  Occupancy occ;
  guint placed = 0, tried = 0, considered = 0;

  if (f->stats != NULL)
    f->stats->first_dropped = G_MAXUINT;
  occupancy_init (&occ, f->vp->width, f->vp->height);
  if (!ot_rect_is_empty (&chrome->legend))
    occupancy_add (&occ, &chrome->legend);
  if (!ot_rect_is_empty (&chrome->header))
    occupancy_add (&occ, &chrome->header);
  if (!ot_rect_is_empty (&chrome->footer))
    occupancy_add (&occ, &chrome->footer);
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);
      OtRect box;

      if (!ot_lod_shows_node (&f->lod, node))
        continue;
      /* An invisible node without a label (the flow view's room for its
       * labels) takes no place. */
      if (node->fill.a == 0 && node->stroke_width < 0.5 && node->label == NULL)
        continue;
      node_page_box (f, node, &box);
      if (!page_rect_visible (f, &box, 0))
        continue;
      if (f->stats != NULL)
        g_array_append_val (f->stats->nodes, box);
      /* Faded nodes are drawn too: no label goes over them either. */
      if (scene->n_labels > 0 || scene->callouts->len > 0)
        occupancy_add (&occ, &box);
    }
  place_callouts (f, &occ);

  for (guint k = 0; k < scene->n_labels && placed < f->lod.max_labels; k++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, scene->label_order[k]);
      OtPoint candidates[8 + SPIRAL_STEPS * SPIRAL_TURNS];
      OtRect box;
      guint n;

      if ((node->flags & OT_MARK_FADED) || !ot_lod_shows_node (&f->lod, node))
        continue;
      node_page_box (f, node, &box);
      if (!page_rect_visible (f, &box, 0))
        continue;
      if (!f->lod.exact && ++tried > 4 * f->lod.max_labels)
        break;
      if (node->flags & OT_MARK_SELECTED)   /* clear of the selection ring */
        {
          box.x0 -= 4;
          box.y0 -= 4;
          box.x1 += 4;
          box.y1 += 4;
        }
      considered++;
      if (f->stats != NULL && f->stats->first_dropped == G_MAXUINT)
        f->stats->first_dropped = considered - 1;   /* reset below if placed */
      /* The most important labels also try farther out before giving up. */
      for (guint ring = 0; ring < (considered <= TOP_LABELS ? G_N_ELEMENTS (label_rings) : 1); ring++)
        {
          OtRect around = { box.x0 - label_rings[ring], box.y0 - label_rings[ring],
                            box.x1 + label_rings[ring], box.y1 + label_rings[ring] };

          n = label_candidates (&around, node->shape == OT_NODE_BAR, node->label_side,
                                node->label_w, node->label_h, candidates);
          /* A Sankey bar's label stays on its side, never over its bands. */
          if (ring + 1 == G_N_ELEMENTS (label_rings) && node->shape != OT_NODE_BAR)
            n += label_spiral (&box, node->label_w, node->label_h, candidates + n);
          if (try_label (f, &occ, scene->label_order[k], candidates, n, ring >= LEADER_RING))
            {
              if (f->stats != NULL && f->stats->first_dropped == considered - 1)
                f->stats->first_dropped = G_MAXUINT;
              placed++;
              break;
            }
        }
    }
  occupancy_clear (&occ);
}

static void
draw_labels (Frame        *f,
             PangoContext *context)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *font;

  if (f->labels->len == 0)
    return;
  layout = pango_layout_new (context);
  font = ot_scene_font (f->theme, OT_SCENE_LABEL_SIZE, FALSE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  /* Leader lines first, under every label: from the node's edge to the
   * nearest point of its label. */
  ot_painter_new_path (f->dc);
  for (guint i = 0; i < f->labels->len; i++)
    {
      const Label *label = &g_array_index (f->labels, Label, i);
      const OtNodeItem *node = &g_array_index (f->scene->nodes, OtNodeItem, label->node);
      OtRect box;
      double cx, cy, lx, ly, d, r;

      if (!label->leader)
        continue;
      node_page_box (f, node, &box);
      cx = (box.x0 + box.x1) / 2;
      cy = (box.y0 + box.y1) / 2;
      r = (box.x1 - box.x0) / 2;
      lx = CLAMP (cx, label->box.x0, label->box.x1);
      ly = CLAMP (cy, label->box.y0, label->box.y1);
      d = hypot (lx - cx, ly - cy);
      if (d <= r + 1)
        continue;
      ot_painter_move_to (f->dc, cx + (lx - cx) * r / d, cy + (ly - cy) * r / d);
      ot_painter_line_to (f->dc, lx, ly);
    }
  ot_set_rgba (f->dc, &f->theme->text_muted, 0.8);
  ot_painter_set_line_width (f->dc, 0.8);
  ot_painter_set_dash (f->dc, NULL, 0, 0);
  ot_painter_stroke (f->dc);

  for (guint i = 0; i < f->labels->len; i++)
    {
      const Label *label = &g_array_index (f->labels, Label, i);

      draw_label (f, layout, g_array_index (f->scene->nodes, OtNodeItem, label->node).label,
                  label->box.x0, label->box.y0);
    }
}

/* Budget and caption ---------------------------------------------------------- */

/* "Showing 120 of 4,512 flows (96 % of the kilograms)", and the places
 * when some are hidden; NULL when the scene has neither flows nor places. */
static char *
budget_caption (const OtRenderStats *st,
                gboolean             hint)
{
  guint n_places = st->n_nodes;
  GString *text;

  if (st->n_edges == 0 && (n_places == 0 || st->n_nodes_shown >= n_places) &&
      st->n_trade_shown >= st->n_trade)
    return NULL;
  text = g_string_new (NULL);
  if (st->n_edges > 0 && st->n_edges_shown >= st->n_edges)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Showing %'u flow",
                                               "Showing all %'u flows", st->n_edges),
                            st->n_edges);
  else if (st->n_edges > 0 && st->kg_total > 0)
    {
      /* Rounded down: "100 %" would hide that something is hidden. */
      double share = floor (100.0 * CLAMP (st->kg_shown / st->kg_total, 0, 1));

      /* TRANSLATORS: the flows drawn at this size and zoom, then all of them;
       * the last number is the share of the kilograms drawn, in per cent */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "Showing %'u of %'u flow (%.0f %% of the kilograms)",
                                                 "Showing %'u of %'u flows (%.0f %% of the kilograms)",
                                                 st->n_edges),
                              st->n_edges_shown, st->n_edges, share);
    }
  else if (st->n_edges > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Showing %'u of %'u flow",
                                               "Showing %'u of %'u flows", st->n_edges),
                            st->n_edges_shown, st->n_edges);
  if (n_places > 0 && st->n_nodes_shown < n_places)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* TRANSLATORS: places (countries, ports, companies) drawn, of all */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%'u of %'u place",
                                                 "%'u of %'u places", n_places),
                              st->n_nodes_shown, n_places);
    }
  if (st->n_trade_shown < st->n_trade)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      /* TRANSLATORS: flows of trade statistics drawn, of all (issue 18) */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%'u of %'u trade flow",
                                                 "%'u of %'u trade flows", st->n_trade),
                              st->n_trade_shown, st->n_trade);
    }
  if (hint && text->len > 0 && (st->n_edges_shown < st->n_edges || st->n_nodes_shown < n_places ||
                                st->n_trade_shown < st->n_trade))
    {
      g_string_append (text, " · ");
      g_string_append (text, _("zoom in or raise the detail for more"));
    }
  return g_string_free (text, FALSE);
}

/* Counts what the level of detail and the budget let through, whether or
 * not it is panned into view. */
static void
count_shown (const OtScene *scene,
             const OtLod   *lod,
             OtRenderStats *st)
{
  st->budget_edges = lod->budget_edges;
  st->budget_nodes = lod->budget_nodes;
  st->n_bands = scene->bands->len;
  for (guint i = 0; i < scene->edges->len; i++)
    {
      const OtEdgeItem *e = &g_array_index (scene->edges, OtEdgeItem, i);

      /* A mark for another zoom (the map's ports, one by one or as a
       * cluster) is not one of this picture's flows. */
      if (lod->zoom < e->min_zoom || lod->zoom >= e->max_zoom)
        continue;
      st->n_edges++;
      st->kg_total = ot_kg_add (st->kg_total, e->kg);
      if (ot_lod_shows_edge (lod, e))
        {
          st->n_edges_shown++;
          st->kg_shown = ot_kg_add (st->kg_shown, e->kg);
        }
    }
  st->budget_trade = lod->budget_trade;
  for (guint i = 0; i < scene->trade->len; i++)
    {
      const OtEdgeItem *e = &g_array_index (scene->trade, OtEdgeItem, i);

      if (lod->zoom < e->min_zoom || lod->zoom >= e->max_zoom)
        continue;
      st->n_trade++;
      if (ot_lod_shows_trade (lod, e))
        st->n_trade_shown++;
    }
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);

      /* Places only in trade statistics are not places of the incidents. */
      if (node->shape == OT_NODE_BAR || node->statistical ||
          lod->zoom < node->min_zoom || lod->zoom >= node->max_zoom)
        continue;
      st->n_nodes++;
      if (ot_lod_shows_node (lod, node))
        st->n_nodes_shown++;
    }
}

/* Page bounds of the background polygons within the plot area. */
static void
polygon_bounds (const Frame *f,
                OtRect      *out)
{
  const double s = f->vp->scale;

  ot_rect_init_empty (out);
  for (guint i = 0; i < f->scene->background->len; i++)
    {
      const OtBackgroundItem *bg = &g_array_index (f->scene->background, OtBackgroundItem, i);
      OtRect r;

      if (bg->kind != OT_BACKGROUND_POLYGON)
        continue;
      r.x0 = MAX (bg->bbox.x0 * s + f->vp->tx, f->clip.x0);
      r.y0 = MAX (bg->bbox.y0 * s + f->vp->ty, f->clip.y0);
      r.x1 = MIN (bg->bbox.x1 * s + f->vp->tx, f->clip.x1);
      r.y1 = MIN (bg->bbox.y1 * s + f->vp->ty, f->clip.y1);
      if (r.x0 >= r.x1 || r.y0 >= r.y1)
        continue;
      ot_rect_add_point (out, r.x0, r.y0);
      ot_rect_add_point (out, r.x1, r.y1);
    }
}

void
ot_render_stats_clear (OtRenderStats *stats)
{
  g_return_if_fail (stats != NULL);

  g_clear_pointer (&stats->caption, g_free);
  g_clear_pointer (&stats->labels, g_array_unref);
  g_clear_pointer (&stats->nodes, g_array_unref);
  g_clear_pointer (&stats->marker_places, g_array_unref);
  g_clear_pointer (&stats->callouts, g_array_unref);
  memset (stats, 0, sizeof *stats);
}

/* Entry points -------------------------------------------------------------- */

/* The screen, PNG and PDF take the font options of their target; SVG
 * has none (the text becomes outlines at a scale of 1). */
static PangoContext *
create_context (OtPainter *dc)
{
  PangoContext *context;

  if (dc->cr != NULL)
    context = pango_cairo_create_context (dc->cr);
  else
    context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  ot_scene_setup_pango_context (context);
  return context;
}

/* Everything a drawing decides before it draws: the chrome, the level of
 * detail and budget, the counts and caption, the labels' places.  @st is
 * filled (its rectangle lists only when @collect). */
static void
frame_layout (Frame                 *f,
              PangoContext          *context,
              const OtScene         *scene,
              const OtViewport      *vp,
              const OtRenderOptions *opts,
              OtChromeLayout        *chrome,
              OtRenderStats         *st,
              gboolean               collect)
{
  ot_render_chrome_layout (context, scene, opts, vp->width, vp->height, chrome);
  f->scene = scene;
  f->theme = &scene->theme;
  f->vp = vp;
  ot_render_lod (scene, vp, opts, &chrome->plot, &f->lod);
  /* Marks stay in the plot area: the chrome never covers them.  Without
   * chrome the whole page is theirs. */
  f->clip = opts->show_chrome ? chrome->plot : (OtRect) { 0, 0, vp->width, vp->height };
  f->labels = g_array_new (FALSE, FALSE, sizeof (Label));
  f->callouts = g_array_new (FALSE, FALSE, sizeof (Callout));

  memset (st, 0, sizeof *st);
  if (collect)
    {
      st->labels = g_array_new (FALSE, FALSE, sizeof (OtRect));
      st->nodes = g_array_new (FALSE, FALSE, sizeof (OtRect));
      st->marker_places = g_array_new (FALSE, FALSE, sizeof (OtPoint));
      st->callouts = g_array_new (FALSE, FALSE, sizeof (OtRect));
      f->stats = st;
    }
  st->plot = f->clip;
  st->header = chrome->header;
  st->legend = chrome->legend;
  st->footer = chrome->footer;
  st->legend_compact = chrome->legend_compact;
  count_shown (scene, &f->lod, st);
  if (chrome->caption_y >= 0)
    st->caption = budget_caption (st, !opts->exact);
  place_labels (f, chrome);
  if (collect)
    collect_marker_places (f);
  polygon_bounds (f, &st->polygons);
}

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->labels, g_array_unref);
  g_clear_pointer (&f->callouts, g_array_unref);
  g_clear_pointer (&f->buf, g_array_unref);
  g_clear_pointer (&f->arrows, g_array_unref);
  g_clear_pointer (&f->offset, g_array_unref);
  g_clear_pointer (&f->sprites, g_hash_table_unref);
}

void
ot_render_layout (const OtScene         *scene,
                  const OtViewport      *vp,
                  const OtRenderOptions *opts,
                  OtRenderStats         *stats)
{
  OtRenderOptions defaults;
  PangoContext *context;
  OtChromeLayout chrome;
  Frame f = { 0 };

  g_return_if_fail (scene != NULL && scene->finished);
  g_return_if_fail (vp != NULL);
  g_return_if_fail (stats != NULL);

  if (opts == NULL)
    {
      ot_render_options_init (&defaults);
      opts = &defaults;
    }
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  ot_scene_setup_pango_context (context);
  frame_layout (&f, context, scene, vp, opts, &chrome, stats, TRUE);
  frame_clear (&f);
  g_object_unref (context);
}

void
ot_render_scene_painter (OtPainter             *dc,
                         const OtScene         *scene,
                         const OtViewport      *vp,
                         const OtRenderOptions *opts)
{
  OtRenderOptions defaults;
  PangoContext *context = NULL;
  OtChromeLayout chrome;
  OtRenderStats stats;
  Frame f = { 0 };

  g_return_if_fail (dc != NULL);
  g_return_if_fail (scene != NULL && scene->finished);
  g_return_if_fail (vp != NULL);

  if (opts == NULL)
    {
      ot_render_options_init (&defaults);
      opts = &defaults;
    }

  ot_painter_save (dc);
  context = create_context (dc);
  f.dc = dc;
  frame_layout (&f, context, scene, vp, opts, &chrome, &stats, FALSE);
  f.buf = g_array_sized_new (FALSE, FALSE, sizeof (OtPoint), 64);
  f.arrows = g_array_sized_new (FALSE, FALSE, sizeof (OtPoint), 256);
  f.offset = g_array_sized_new (FALSE, FALSE, sizeof (OtPoint), 64);
  f.sprite_scale = opts->exact ? 0 : sprite_scale_for (dc);
  /* Interactive: flatten curves more coarsely (invisible at 0.5 px). */
  ot_painter_set_tolerance (dc, opts->exact ? 0.1 : 0.5);

  if (!opts->transparent)
    {
      ot_set_rgba (dc, &scene->theme.background, 1);
      ot_painter_rectangle (dc, 0, 0, vp->width, vp->height);
      ot_painter_fill (dc);
    }
  ot_painter_rectangle (dc, 0, 0, vp->width, vp->height);
  ot_painter_clip (dc);

  ot_painter_save (dc);
  ot_painter_rectangle (dc, f.clip.x0, f.clip.y0, f.clip.x1 - f.clip.x0, f.clip.y1 - f.clip.y0);
  ot_painter_clip (dc);
  draw_background (&f);
  draw_trade (&f);
  draw_bands (&f);
  draw_edges (&f);
  /* Highlighted lines and areas go under the nodes, rings over them. */
  if (opts->highlight_kind == OT_HIT_EDGE || opts->highlight_kind == OT_HIT_BAND
      || opts->highlight_kind == OT_HIT_AREA)
    draw_highlight (&f, opts->highlight_kind, opts->highlight_id);
  draw_nodes (&f);
  draw_markers (&f);
  if (opts->highlight_kind == OT_HIT_NODE || opts->highlight_kind == OT_HIT_MARKER)
    draw_highlight (&f, opts->highlight_kind, opts->highlight_id);
  draw_labels (&f, context);
  draw_callouts (&f, context);
  ot_painter_restore (dc);
  if (opts->show_chrome)
    ot_render_chrome_draw (dc, context, scene, &chrome, stats.caption);

  ot_render_stats_clear (&stats);
  frame_clear (&f);
  g_object_unref (context);
  ot_painter_restore (dc);
}

void
ot_render_scene (cairo_t               *cr,
                 const OtScene         *scene,
                 const OtViewport      *vp,
                 const OtRenderOptions *opts)
{
  OtPainter dc = OT_PAINTER_CAIRO (cr);

  g_return_if_fail (cr != NULL);

  ot_render_scene_painter (&dc, scene, vp, opts);
}

void
ot_render_plot_area (const OtScene         *scene,
                     const OtRenderOptions *opts,
                     double                 width,
                     double                 height,
                     OtRect                *area)
{
  OtRenderOptions defaults;
  PangoContext *context = NULL;
  OtChromeLayout chrome;

  g_return_if_fail (scene != NULL);
  g_return_if_fail (area != NULL);

  if (opts == NULL)
    {
      ot_render_options_init (&defaults);
      opts = &defaults;
    }
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  ot_scene_setup_pango_context (context);
  ot_render_chrome_layout (context, scene, opts, width, height, &chrome);
  g_object_unref (context);
  *area = chrome.plot;
}

void
ot_render_cached_plot_area (const OtScene         *scene,
                            const OtRenderOptions *opts,
                            double                 width,
                            double                 height,
                            OtRect                *area)
{
  OtScene *self = (OtScene *) scene;   /* only the cache changes */
  int chrome = opts->show_chrome ? 1 : 0;

  g_mutex_lock (&self->plot_lock);
  if (self->plot_chrome != chrome || self->plot_w != width || self->plot_h != height)
    {
      ot_render_plot_area (scene, opts, width, height, &self->plot_cached);
      self->plot_chrome = chrome;
      self->plot_w = width;
      self->plot_h = height;
    }
  *area = self->plot_cached;
  g_mutex_unlock (&self->plot_lock);
}

/* World bounds of what the budget shows at the fitted zoom: the
 * background, the bands and the places shown (a flow shows with its
 * ends); the whole scene when nothing is hidden. */
static void
shown_bounds (const OtScene         *scene,
              const OtRenderOptions *opts,
              double                 width,
              double                 height,
              const OtRect          *plot,
              OtRect                *bounds)
{
  OtRenderOptions defaults;
  OtViewport vp;
  OtLod lod;
  gboolean hidden = FALSE;

  if (opts == NULL)
    {
      ot_render_options_init (&defaults);
      opts = &defaults;
    }
  /* A view that set its own fit box (the map: its places, with the world
   * drawn around them) keeps it. */
  if (memcmp (&scene->fit_bounds, &scene->bounds, sizeof (OtRect)) != 0)
    {
      *bounds = scene->fit_bounds;
      return;
    }
  *bounds = scene->bounds;
  ot_viewport_fit_area (&vp, &scene->bounds, width, height, plot);
  ot_render_lod (scene, &vp, opts, plot, &lod);
  for (guint i = 0; i < scene->edges->len && !hidden; i++)
    hidden = !ot_lod_shows_edge (&lod, &g_array_index (scene->edges, OtEdgeItem, i));
  for (guint i = 0; i < scene->trade->len && !hidden; i++)
    hidden = !ot_lod_shows_trade (&lod, &g_array_index (scene->trade, OtEdgeItem, i));
  for (guint i = 0; i < scene->nodes->len && !hidden; i++)
    hidden = !ot_lod_shows_node (&lod, &g_array_index (scene->nodes, OtNodeItem, i));
  if (!hidden)
    return;

  ot_rect_init_empty (bounds);
  for (guint i = 0; i < scene->background->len; i++)
    {
      const OtRect *r = &g_array_index (scene->background, OtBackgroundItem, i).bbox;

      ot_rect_add_point (bounds, r->x0, r->y0);
      ot_rect_add_point (bounds, r->x1, r->y1);
    }
  for (guint i = 0; i < scene->bands->len; i++)
    {
      const OtRect *r = &g_array_index (scene->bands, OtBandItem, i).bbox;

      ot_rect_add_point (bounds, r->x0, r->y0);
      ot_rect_add_point (bounds, r->x1, r->y1);
    }
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);

      if (ot_lod_shows_node (&lod, node))
        ot_rect_add_point (bounds, node->x, node->y);
    }
  if (ot_rect_is_empty (bounds))
    *bounds = scene->bounds;
}

void
ot_render_fit (const OtScene         *scene,
               const OtRenderOptions *opts,
               double                 width,
               double                 height,
               OtViewport            *vp)
{
  OtRect area, bounds;
  double pad;

  g_return_if_fail (scene != NULL && scene->finished);
  g_return_if_fail (vp != NULL);

  ot_render_plot_area (scene, opts, width, height, &area);
  shown_bounds (scene, opts, width, height, &area, &bounds);
  /* Room for the marks' own size and a label beside the outermost ones. */
  pad = MAX (scene->max_node_radius, scene->max_marker_size / 2) + 6;
  if (scene->n_labels > 0)
    pad += 10;
  if (area.x1 - area.x0 > 4 * pad && area.y1 - area.y0 > 4 * pad)
    {
      area.x0 += pad;
      area.y0 += pad;
      area.x1 -= pad;
      area.y1 -= pad;
    }
  ot_viewport_fit_area (vp, &bounds, width, height, &area);
}

void
ot_render_get_bounds (const OtScene    *scene,
                      const OtViewport *vp,
                      OtRect           *bounds)
{
  double sf, pad, s;

  g_return_if_fail (scene != NULL && scene->finished);
  g_return_if_fail (vp != NULL);
  g_return_if_fail (bounds != NULL);

  sf = ot_viewport_size_factor (vp);
  s = vp->scale;
  pad = MAX (MAX (scene->max_node_radius * 1.253 + 1, scene->max_edge_width / 2),
             scene->max_marker_size * 0.6) * sf;
  bounds->x0 = scene->bounds.x0 * s + vp->tx - pad;
  bounds->y0 = scene->bounds.y0 * s + vp->ty - pad;
  bounds->x1 = scene->bounds.x1 * s + vp->tx + pad;
  bounds->y1 = scene->bounds.y1 * s + vp->ty + pad;
}
