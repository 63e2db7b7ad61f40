/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-scene.h: one picture, described as positioned and styled marks.
 *
 * A scene is built once (by the network, map or flow builder), then
 * finished with ot_scene_finish() and never changed again: the canvas, the
 * exporter and hit-testing all read the same finished scene, possibly from
 * different threads.  See docs/rendering.md.
 *
 * Coordinates: positions are in "world" units (any unit the builder likes,
 * y pointing down); the viewport maps them to the page.  Sizes of marks
 * (edge widths, node radii, marker sizes, outline widths) are in page
 * pixels at the fitted zoom and grow or shrink gently with zoom (see
 * ot_viewport_size_factor()).  Exceptions that live in world units and
 * scale fully with zoom: bands, bar nodes (OT_NODE_BAR) and polygons. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double r, g, b, a;   /* 0..1, not premultiplied */
} OtRgba;

typedef struct {
  double x, y;
} OtPoint;

typedef struct {
  double x0, y0, x1, y1;   /* empty when x1 < x0 */
} OtRect;

typedef enum {
  OT_DASH_SOLID,
  OT_DASH_DASHED,   /* alleged-only flows */
  OT_DASH_DOTTED,
  OT_DASH_HOLLOW,   /* alleged-only part of a flow: outlined in its colour,
                     * the background inside; dashed when too thin to show
                     * a hollow (see docs/rendering.md) */
  OT_DASH_STATISTICAL, /* a flow of trade statistics (issue 18): a pale
                     * ribbon of its colour with a thin spine, quieter than
                     * any incident flow (docs/rendering.md) */
  /* Or-ed onto one of the above for a flow, sub-band or band drawn only
   * from illustrative records (made-up examples): a row of dots of the
   * background colour along it (a band: a dotted texture), or, too thin
   * for that, the line itself dotted.  A node's outline: dashed. */
  OT_DASH_ILLUSTRATIVE = 1 << 4,
} OtDash;

#define OT_DASH_BASE(dash) ((OtDash) ((dash) & ~OT_DASH_ILLUSTRATIVE))
#define OT_DASH_IS_ILLUSTRATIVE(dash) (((dash) & OT_DASH_ILLUSTRATIVE) != 0)

typedef enum {
  OT_NODE_CIRCLE,   /* country */
  OT_NODE_SQUARE,   /* company */
  OT_NODE_DIAMOND,  /* transshipment hub */
  OT_NODE_BAR,      /* Sankey column bar: width x height in world units */
} OtNodeShape;

typedef enum {
  OT_MARKER_CROSS,
  OT_MARKER_STAR,
  OT_MARKER_TRIANGLE,
} OtMarkerShape;

/* Where a node's label goes first; other places are tried when taken. */
typedef enum {
  OT_LABEL_AUTO,    /* right, left, above, below, then the diagonals */
  OT_LABEL_LEFT,    /* e.g. the first column of a Sankey diagram */
  OT_LABEL_RIGHT,
  OT_LABEL_ABOVE,   /* centred above; a bar with a side gets only that one */
} OtLabelSide;

typedef enum {
  OT_MARK_FADED    = 1 << 0,   /* drawn pale, below the others */
  OT_MARK_SELECTED = 1 << 1,   /* drawn emphasised, on top */
} OtMarkFlags;

/* What a point hits; also what kind of id ot_render_hit_test() returns. */
typedef enum {
  OT_HIT_NONE,
  OT_HIT_NODE,
  OT_HIT_MARKER,
  OT_HIT_EDGE,
  OT_HIT_BAND,
  OT_HIT_AREA,     /* a background polygon with an id */
} OtHitKind;

/* Ids are the builder's (vertex index, edge index, country index...).
 * OT_SCENE_NO_ID marks a mark that hit-testing ignores. */
#define OT_SCENE_NO_ID G_MAXUINT

/* Colours of everything that is not data: background, text, chrome. */
typedef struct {
  OtRgba      background;
  OtRgba      text;
  OtRgba      text_muted;     /* subtitle, source line, legend headers */
  OtRgba      outline;        /* node outlines */
  OtRgba      halo;           /* behind labels */
  OtRgba      panel;          /* legend box fill */
  OtRgba      panel_border;
  OtRgba      selection;      /* ring around selected nodes */
  OtRgba      water;          /* map builder: sea */
  OtRgba      land;           /* map builder: countries without a role */
  OtRgba      land_border;
  OtRgba      graticule;
  const char *font_family;    /* Pango family list, e.g. "DejaVu Sans" */
  gboolean    dark;
} OtTheme;

const OtTheme *ot_theme_light (void);
const OtTheme *ot_theme_dark  (void);

/* Inputs of the ot_scene_add_* functions.  Strings and arrays are copied. */
typedef struct {
  double       x, y;             /* centre, world */
  double       radius;           /* page px (circle, square, diamond) */
  double       width, height;    /* world units, OT_NODE_BAR only */
  OtNodeShape  shape;
  OtRgba       fill;
  OtRgba       stroke;           /* alpha 0: the theme's outline */
  double       stroke_width;     /* page px; 0: 1 px */
  gboolean     illustrative;     /* known only from illustrative records:
                                  * a dashed outline */
  const char  *label;            /* NULL: no label */
  double       label_importance; /* higher labels are placed first */
  guint        id;
  OtMarkFlags  flags;
  OtLabelSide  label_side;
  /* Shown only at viewport zooms (relative to the fit) in
   * [min_zoom, max_zoom); max_zoom 0: no upper limit.  A map's cluster of
   * ports and the ports in it take turns this way. */
  double       min_zoom, max_zoom;
  /* A place only in trade statistics (issue 18): shown while one of its
   * statistical flows shows, not counted with the places. */
  gboolean     statistical;
} OtSceneNode;

/* One sub-band of a flow: the parts lie side by side across the flow's
 * width, the first on the left of travel, each as wide as its fraction
 * (fractions are scaled to add up to 1). */
typedef struct {
  OtRgba         color;
  double         fraction;
  OtDash         dash;         /* OT_DASH_SOLID or OT_DASH_HOLLOW, either
                                * possibly | OT_DASH_ILLUSTRATIVE */
} OtSceneEdgePart;

typedef struct {
  const OtPoint *points;   /* polyline, or cubic chain p0 (c1 c2 p)+ */
  guint          n_points;
  gboolean       cubic;
  double         width;        /* page px; see ot_scene_width_for_kg() */
  OtRgba         color;
  OtDash         dash;
  gboolean       arrow;        /* arrowhead at the end */
  double         end_inset;    /* page px kept free before the end, usually
                                * the target node's radius */
  double         importance;   /* level of detail: lower ones go first */
  double         kg;           /* the quantity behind the flow, for captions
                                * ("showing … % of the kilograms"); 0: unknown */
  gboolean       has_ends;     /* from_id and to_id are the ids of the nodes at
                                * its ends: places show with their flows */
  guint          from_id, to_id;
  guint          id;
  OtMarkFlags    flags;
  double         min_zoom, max_zoom;  /* as in OtSceneNode */
  /* Sub-bands; none: one band of @color drawn with @dash.  With parts,
   * @color is the arrowhead's (and the dominant part's) colour. */
  const OtSceneEdgePart *parts;
  guint          n_parts;
  /* A flow of trade statistics (issue 18), a layer of its own: drawn
   * beneath every incident flow in the OT_DASH_STATISTICAL style with an
   * open arrowhead, ranked and budgeted apart (docs/rendering.md, "Trade
   * statistics"), hit after the incident flows, never counted with
   * them.  Parts and @dash are ignored. */
  gboolean       statistical;
} OtSceneEdge;

typedef struct {
  const OtPoint *outline;      /* closed cubic chain p0 (c1 c2 p)+, world */
  guint          n_points;
  OtRgba         color;
  guint          id;
  OtMarkFlags    flags;
  OtDash         dash;         /* OT_DASH_HOLLOW: a rim of the colour around
                                * a faint wash (alleged only); else filled;
                                * | OT_DASH_ILLUSTRATIVE: dotted texture */
} OtSceneBand;

typedef struct {
  double        x, y;          /* world: the place of the event */
  double        size;          /* page px across */
  OtMarkerShape shape;
  OtRgba        color;
  guint         id;
  OtMarkFlags   flags;
  double        dx, dy;        /* page px from (x, y) to the marker's centre,
                                * at the fitted zoom (grows with the size
                                * factor, like the size), so it stays by its
                                * place at every zoom */
  gboolean      has_place;     /* place_id is the id of the node of its place:
                                * the marker shows only while a node with
                                * that id shows (or while it is selected);
                                * no such node in the scene: always, as a
                                * marker without a place */
  guint         place_id;
} OtSceneMarker;

typedef struct {
  const OtPoint *points;       /* all rings, one after the other, world */
  const guint   *ring_sizes;   /* points per ring */
  guint          n_rings;
  OtRgba         fill;         /* alpha 0: not filled */
  OtRgba         stroke;       /* alpha 0: not stroked */
  double         stroke_width; /* page px, not scaled by zoom */
  guint          id;           /* OT_SCENE_NO_ID: not hit-tested */
} OtScenePolygon;

typedef struct {
  const OtPoint *points;       /* polyline, world */
  guint          n_points;
  OtRgba         color;
  double         width;        /* page px, not scaled by zoom */
  OtDash         dash;
} OtSceneLine;

/* An analyst's note drawn on the chart (issue 17): a small box with the
 * text, wrapped to about 30 characters, and a leader line to its anchor.
 * The renderer places it before the labels (they avoid it), near its
 * anchor, inside the plot area. */
typedef struct {
  double        x, y;          /* world: the anchor (a place, a flow's middle) */
  const char   *text;
  /* OT_HIT_NODE or OT_HIT_EDGE: the callout shows only while a mark of
   * that kind with @anchor_id shows; OT_HIT_NONE: always. */
  OtHitKind     anchor_kind;
  guint         anchor_id;
} OtSceneCallout;

typedef struct _OtScene OtScene;

OtScene       *ot_scene_new              (const OtTheme       *theme);
OtScene       *ot_scene_ref              (OtScene             *scene);
void           ot_scene_unref            (OtScene             *scene);

/* Building: only before ot_scene_finish().  Background polygons and lines
 * are drawn in the order they were added, under everything else. */
void           ot_scene_add_polygon      (OtScene             *scene,
                                          const OtScenePolygon *polygon);
void           ot_scene_add_line         (OtScene             *scene,
                                          const OtSceneLine   *line);
void           ot_scene_add_band         (OtScene             *scene,
                                          const OtSceneBand   *band);
/* A Sankey band from the segment x0,[y0_top,y0_bottom] to
 * x1,[y1_top,y1_bottom] with horizontal tangents. */
void           ot_scene_add_sankey_band  (OtScene             *scene,
                                          double               x0,
                                          double               y0_top,
                                          double               y0_bottom,
                                          double               x1,
                                          double               y1_top,
                                          double               y1_bottom,
                                          const OtRgba        *color,
                                          guint                id,
                                          OtMarkFlags          flags);
void           ot_scene_add_edge         (OtScene             *scene,
                                          const OtSceneEdge   *edge);
void           ot_scene_add_node         (OtScene             *scene,
                                          const OtSceneNode   *node);
void           ot_scene_add_marker       (OtScene             *scene,
                                          const OtSceneMarker *marker);
/* A note; an empty or NULL text adds nothing. */
void           ot_scene_add_callout      (OtScene             *scene,
                                          const OtSceneCallout *callout);

/* Chrome, drawn in page coordinates. */
void           ot_scene_set_title        (OtScene             *scene,
                                          const char          *title);
void           ot_scene_set_subtitle     (OtScene             *scene,
                                          const char          *subtitle);
void           ot_scene_set_source       (OtScene             *scene,
                                          const char          *source);
/* Why the plot is empty ("No incident matches the filter"), drawn
 * centred in the plot; NULL or "" for none. */
void           ot_scene_set_empty_message (OtScene            *scene,
                                           const char         *message);
/* Legend entries, in order; a section starts a titled group. */
void           ot_scene_legend_section   (OtScene             *scene,
                                          const char          *title);
void           ot_scene_legend_swatch    (OtScene             *scene,
                                          const OtRgba        *color,
                                          const char          *label);
void           ot_scene_legend_line      (OtScene             *scene,
                                          const OtRgba        *color,
                                          double               width,
                                          OtDash               dash,
                                          const char          *label);
void           ot_scene_legend_shape     (OtScene             *scene,
                                          OtNodeShape          shape,
                                          const OtRgba        *fill,
                                          const char          *label);
void           ot_scene_legend_marker    (OtScene             *scene,
                                          OtMarkerShape        shape,
                                          const OtRgba        *color,
                                          const char          *label);
/* Whether a mark added so far is drawn as illustrative: a band, edge or
 * sub-band with OT_DASH_ILLUSTRATIVE (@nodes FALSE), or a node with
 * illustrative set (@nodes TRUE).  For the legend, added after them. */
gboolean       ot_scene_has_illustrative (const OtScene       *scene,
                                          gboolean             nodes);
/* Whether a statistical flow (@nodes FALSE) or a place only in trade
 * statistics (@nodes TRUE) was added so far (issue 18), for the legend. */
gboolean       ot_scene_has_statistical  (const OtScene       *scene,
                                          gboolean             nodes);
/* Adds up to three sample widths (round kg values, labelled "100 kg",
 * "2 t"...) of the ot_scene_width_for_kg() scale. */
void           ot_scene_legend_width_scale (OtScene           *scene,
                                            const OtRgba      *color,
                                            double             max_kg,
                                            double             min_width,
                                            double             max_width);
/* The same in another line style (OT_DASH_STATISTICAL: trade statistics'
 * own scale). */
void           ot_scene_legend_width_scale_styled (OtScene    *scene,
                                                   const OtRgba *color,
                                                   OtDash      dash,
                                                   double      max_kg,
                                                   double      min_width,
                                                   double      max_width);

/* Nodes, edges and markers added from now on are shown only at viewport zooms
 * (relative to the fit) in [@min_zoom, @max_zoom), within their own
 * range; 0, 0 shows them at every zoom again.  For builders that draw a
 * shared helper's marks at some zooms only (a map's clustered ports). */
void           ot_scene_set_zoom_range   (OtScene             *scene,
                                          double               min_zoom,
                                          double               max_zoom);
/* The part of the world that fitting shows (e.g. a map's places), instead
 * of the bounds of all marks. */
void           ot_scene_set_fit_bounds   (OtScene             *scene,
                                          const OtRect        *bounds);

/* Computes bounds, drawing order, level-of-detail ranks, label sizes and
 * the hit-testing grid.  Afterwards the scene is read-only. */
void           ot_scene_finish           (OtScene             *scene);
gboolean       ot_scene_is_finished      (const OtScene       *scene);

const OtTheme *ot_scene_get_theme        (const OtScene       *scene);
/* Bounds of the marks in world units (node radii not included).  Edges
 * count with the points their paths pass through, not with the control
 * points of their curves: an arc's bulge never widens the fitted area. */
void           ot_scene_get_bounds       (const OtScene       *scene,
                                          OtRect              *bounds);
guint          ot_scene_get_n_nodes      (const OtScene       *scene);
guint          ot_scene_get_n_edges      (const OtScene       *scene);
/* Flows of trade statistics (OtSceneEdge.statistical), not among the
 * edges above. */
guint          ot_scene_get_n_statistical (const OtScene      *scene);
guint          ot_scene_get_n_callouts   (const OtScene       *scene);
/* Callout @index's text and anchor (world), for tests and readers. */
const char    *ot_scene_get_callout      (const OtScene       *scene,
                                          guint                index,
                                          OtHitKind           *anchor_kind,
                                          guint               *anchor_id,
                                          OtPoint             *anchor);
const char    *ot_scene_get_title        (const OtScene       *scene);
const char    *ot_scene_get_source       (const OtScene       *scene);
const char    *ot_scene_get_empty_message (const OtScene      *scene);
/* Marks the ot_scene_add_* functions refused (non-finite coordinates,
 * malformed paths). */
guint          ot_scene_get_n_ignored    (const OtScene       *scene);

/* Width in page px for a flow of @kg on a square-root scale where @max_kg
 * gets @max_width; never below @min_width (also for unknown quantities:
 * NaN or <= 0). */
double         ot_scene_width_for_kg     (double               max_kg,
                                          double               kg,
                                          double               min_width,
                                          double               max_width);

/* Helpers for builders. */
/* The cubic arc from (x0, y0) to (x1, y1) bowing to the left of the
 * direction of travel (y down) by @bend x the chord's length: A->B and
 * B->A bow to opposite sides and never overlap; a larger @bend separates
 * parallel flows on one route. */
void           ot_scene_arc_points       (double               x0,
                                          double               y0,
                                          double               x1,
                                          double               y1,
                                          double               bend,
                                          OtPoint              out[4]);
void           ot_rgba_parse_hex         (OtRgba              *rgba,
                                          const char          *hex);
void           ot_rect_init_empty        (OtRect              *rect);
void           ot_rect_add_point         (OtRect              *rect,
                                          double               x,
                                          double               y);
gboolean       ot_rect_is_empty          (const OtRect        *rect);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtScene, ot_scene_unref)

G_END_DECLS
