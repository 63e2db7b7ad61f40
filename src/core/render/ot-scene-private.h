/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-scene-private.h: how a scene stores its marks; read by the renderer
 * and hit-testing only.  Builders use ot-scene.h. */
#pragma once

#include <pango/pango.h>

#include "ot-scene.h"

G_BEGIN_DECLS

/* A run of points in OtScene.points. */
typedef struct {
  guint first;
  guint n;
} OtSpan;

typedef struct {
  OtSpan       path;
  OtRect       bbox;        /* world, of all control points */
  OtRgba       color;
  float        width;       /* rounded to 1/4 px so runs batch */
  float        end_inset;
  float        importance;
  double       kg;          /* quantity behind the flow, 0: unknown */
  guint        from_id, to_id;   /* node ids, OT_SCENE_NO_ID: none */
  guint        rank;        /* 0 = most important */
  guint        id;
  float        min_zoom, max_zoom;   /* see OtSceneEdge */
  guint        first_part;  /* into OtScene.parts */
  guint        n_parts;     /* 0: one band of @color and @dash */
  guint8       cubic;
  guint8       dash;
  guint8       arrow;
  guint8       flags;
} OtEdgeItem;

typedef struct {
  OtRgba       color;
  float        fraction;    /* of the edge's width; an edge's add up to 1 */
  guint8       dash;
} OtEdgePartItem;

typedef struct {
  double       x, y;
  double       radius;
  double       width, height;
  double       stroke_width;
  double       label_importance;
  OtRgba       fill;
  OtRgba       stroke;
  const char  *label;       /* in OtScene.strings */
  float        label_w, label_h;   /* page px, measured by ot_scene_finish() */
  guint        rank;        /* by size, 0 = largest */
  guint        edge_rank;   /* best rank of the edges ending here (a
                             * selected one counts as 0); G_MAXUINT: none */
  guint        trade_rank;  /* the same of the statistical flows */
  guint        id;
  float        min_zoom, max_zoom;   /* see OtSceneNode */
  guint8       shape;
  guint8       flags;
  guint8       label_side;
  guint8       illustrative;   /* dashed outline */
  guint8       statistical;    /* only in trade statistics */
} OtNodeItem;

typedef struct {
  OtSpan       outline;
  OtRect       bbox;
  OtRgba       color;
  guint        id;
  guint8       flags;
  guint8       hollow;
  guint8       illustrative;   /* dotted texture */
} OtBandItem;

typedef struct {
  double       x, y;
  double       dx, dy;      /* page px at the fitted zoom, see OtSceneMarker */
  double       size;
  OtRgba       color;
  guint        id;
  guint        place_id;    /* node id of its place, OT_SCENE_NO_ID: none */
  guint        first_place; /* its place's nodes (all with place_id) are */
  guint        n_places;    /* OtScene.marker_places[first_place ..]; 0: none */
  float        min_zoom, max_zoom;   /* the builder's zoom range */
  guint8       shape;
  guint8       flags;
} OtMarkerItem;

typedef struct {
  double       x, y;        /* world anchor */
  const char  *text;        /* in OtScene.strings */
  float        w, h;        /* page px of the box (text and padding),
                             * measured by ot_scene_finish() */
  guint        anchor_id;
  guint        anchor;      /* index of the anchor's node or edge, by
                             * ot_scene_finish(); G_MAXUINT: none */
  guint8       anchor_kind; /* OtHitKind */
} OtCalloutItem;

typedef enum {
  OT_BACKGROUND_POLYGON,
  OT_BACKGROUND_LINE,
} OtBackgroundKind;

typedef struct {
  OtSpan       points;
  guint        first_ring;   /* into OtScene.rings; polygons only */
  guint        n_rings;
  OtRect       bbox;
  OtRgba       fill;
  OtRgba       stroke;
  double       width;
  guint        id;
  guint8       kind;
  guint8       dash;
} OtBackgroundItem;

typedef enum {
  OT_LEGEND_SECTION,
  OT_LEGEND_SWATCH,
  OT_LEGEND_LINE,
  OT_LEGEND_SHAPE,
  OT_LEGEND_MARKER,
} OtLegendKind;

typedef struct {
  OtLegendKind kind;
  const char  *label;       /* in OtScene.strings */
  OtRgba       color;
  double       width;
  guint8       dash;
  guint8       shape;
} OtLegendItem;

/* A uniform grid over the world bounds, in compressed rows: the items of
 * cell c are items[starts[c] .. starts[c + 1]). */
typedef struct {
  guint   nx, ny;
  double  x0, y0;
  double  cell_w, cell_h;
  guint  *starts;
  guint  *items;
} OtGrid;

struct _OtScene {
  gatomicrefcount ref;
  gboolean        finished;
  OtTheme         theme;
  GStringChunk   *strings;

  GArray         *points;      /* OtPoint, shared by all paths */
  GArray         *rings;       /* guint ring sizes of polygons */
  GArray         *background;  /* OtBackgroundItem */
  GArray         *bands;       /* OtBandItem */
  GArray         *edges;       /* OtEdgeItem */
  GArray         *trade;       /* OtEdgeItem: the statistical flows (issue 18),
                                * ranked among themselves */
  GArray         *parts;       /* OtEdgePartItem, sub-bands of edges */
  GArray         *nodes;       /* OtNodeItem */
  GArray         *markers;     /* OtMarkerItem */
  GArray         *marker_places; /* guint node indices, by ot_scene_finish() */
  GArray         *legend;      /* OtLegendItem */
  GArray         *callouts;    /* OtCalloutItem */

  char           *title;
  char           *subtitle;
  char           *source;
  char           *empty_message;   /* drawn in an empty plot; NULL: none */
  guint           n_ignored;

  OtRect          fit_bounds;   /* what fitting shows; empty: the bounds */
  float           zoom_min, zoom_max;   /* ot_scene_set_zoom_range() */
  gboolean        edges_zoomed; /* some edge shows at some zooms only */

  /* Computed by ot_scene_finish(). */
  OtRect          bounds;
  guint          *edge_order;   /* drawing order, grouped by style */
  guint          *trade_order;  /* the statistical flows' drawing order */
  guint          *node_order;   /* drawing order */
  guint          *label_order;  /* labelled nodes, most important first */
  double         *cum_ink;      /* [r]: world length x width of the r most
                                 * important edges */
  guint           n_labels;
  double          max_edge_width;
  double          max_node_radius;
  double          max_marker_size;
  OtGrid          node_grid;
  OtGrid          marker_grid;
  OtGrid          edge_grid;    /* per flattened segment; built by the first
                                 * ot_scene_edge_grid() call */
  gsize           edge_grid_built;
  OtGrid          band_grid;
  OtGrid          area_grid;

  /* ot_render_cached_plot_area(): the plot area of the last page size
   * asked (plot_chrome -1: none yet), under plot_lock. */
  GMutex          plot_lock;
  double          plot_w, plot_h;
  int             plot_chrome;
  OtRect          plot_cached;
};

/* Font size of node labels, page px. */
#define OT_SCENE_LABEL_SIZE 11.0
/* Callouts: font size, padding around the text (page px), characters a
 * line holds at most (by the font's average width) and lines shown. */
#define OT_SCENE_CALLOUT_SIZE 10.5
#define OT_SCENE_CALLOUT_PAD 4.0
#define OT_SCENE_CALLOUT_CHARS 30
#define OT_SCENE_CALLOUT_LINES 6
/* Pieces per cubic segment when a curve is flattened for hit-testing. */
#define OT_SCENE_FLATTEN_STEPS 12

static inline const OtPoint *
ot_scene_points (const OtScene *scene,
                 OtSpan         span)
{
  return &g_array_index (scene->points, OtPoint, span.first);
}

/* Point at parameter t of the cubic p[0..3]. */
static inline OtPoint
ot_cubic_at (const OtPoint *p,
             double         t)
{
  double u = 1.0 - t;
  double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
  OtPoint r = { a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
                a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y };
  return r;
}

/* Calls @func for each straight piece of a path (cubic segments in
 * OT_SCENE_FLATTEN_STEPS pieces). */
typedef void (*OtSegmentFunc) (const OtPoint *a,
                               const OtPoint *b,
                               gpointer       data);
void ot_scene_flatten_path (const OtPoint *p,
                            guint          n,
                            gboolean       cubic,
                            OtSegmentFunc  func,
                            gpointer       data);

/* The hit-testing grid of the edges.  Built on first use (any thread, once):
 * a scene that is only drawn, as after a filter change, never pays for it. */
const OtGrid *ot_scene_edge_grid (const OtScene *scene);

/* The language of the interface: that of the translation in use (the
 * catalogue's Language header, so LANGUAGE counts), NULL when untranslated. */
PangoLanguage        *ot_scene_interface_language  (void);
/* The same as a BCP 47 tag ("de", "zh-CN"), or NULL for the untranslated
 * (English) text. */
char                 *ot_scene_interface_language_tag (void);
/* A Pango context with the font options every rendering uses (grey
 * antialiasing, no hinting) so that sizes and pictures are stable, and the
 * interface's language, so that fonts are chosen for it (CJK forms). */
void                  ot_scene_setup_pango_context (PangoContext *context);
PangoFontDescription *ot_scene_font                (const OtTheme *theme,
                                                    double         size_px,
                                                    gboolean       bold);
/* A callout's text in @layout: its font, wrapped at about
 * OT_SCENE_CALLOUT_CHARS characters, at most OT_SCENE_CALLOUT_LINES lines
 * (ellipsized); the same for measuring and drawing. */
void                  ot_scene_callout_layout      (const OtScene *scene,
                                                    PangoLayout   *layout,
                                                    const char    *text);

G_END_DECLS
