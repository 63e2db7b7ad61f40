/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-view-private.h: what the three view builders share with OtChart.
 *
 * A view works in two steps: a layout (positions, orders: the costly part,
 * redone on a filter or view change) and a scene built from the layout
 * (cheap, redone on a selection change too).  Ids in the scene:
 * network and map views use network vertex and edge indices for nodes and
 * edges; markers and the flow view's nodes and bands index the layout's
 * own tables, which also list the incidents behind each mark. */
#pragma once

#include <gio/gio.h>

#include "ot-chart.h"
#include "ot-network.h"
#include "ot-scene.h"

G_BEGIN_DECLS

/* Role colours (nodes, map tints, legend). */
#define OT_VIEW_COLOR_ORIGIN      "#b5485d"
#define OT_VIEW_COLOR_HUB         "#7d5ba6"
#define OT_VIEW_COLOR_DESTINATION "#3b7ea1"
#define OT_VIEW_COLOR_COMPANY     "#8a8f98"
#define OT_VIEW_COLOR_CONFIRMED   "#d62728"
#define OT_VIEW_COLOR_REPORTED    "#e08a1e"

/* Edge widths in page px at the fitted zoom. */
#define OT_VIEW_MIN_WIDTH 1.3
#define OT_VIEW_MAX_WIDTH 11.0
/* A mineral narrower than this (page px) in a flow joins the flow's
 * "other minerals" sub-band. */
#define OT_VIEW_MIN_PART_WIDTH 1.5

/* What a view builder reads.  Everything is borrowed. */
typedef struct {
  OtNetwork     *network;      /* the filtered network */
  const OtTheme *theme;
  const char    *title;
  const char    *subtitle;
  const char    *source;
  const char    *empty_message; /* why nothing is drawn; NULL: marks */
  OtHitKind      sel_kind;     /* OT_HIT_NONE: no selection */
  guint          sel_id;
  /* Incidents picked elsewhere (the table): one byte per dataset incident,
   * 1 = picked; their edges and markers stay, the rest fade.  NULL: none. */
  const guint8  *sel_incidents;
  guint          n_sel_incidents;
  double         max_edge_kg;  /* of the network, for the width scale */
  double         max_vertex_kg;
  double         node_scale;   /* the view's node size, 1 = nominal */
  gboolean       same_base;    /* only the filter changed since @previous */
  guint          layout_seed;  /* network view: 0, then one more per
                                * ot_chart_relayout () */
  guint          top_n;        /* at most this many flows (--top N); 0: as
                                * many as the plot area holds */
  /* Network view (issue 17): vertex key -> OtPoint*, places the analyst
   * pinned (dragged), drawn there over the computed layout; NULL: none. */
  GHashTable    *pins;
  /* The previous layout is of an earlier version of the same case (an
   * edit): vertices that still exist keep their places, new ones go
   * beside their neighbours. */
  gboolean       keep_positions;
  /* Notes to draw as callouts (issue 17): "place\x1f<vertex key>" and
   * "flow\x1f<from key>\x1f<to key>\x1f<mineral name>" -> text; NULL:
   * none. */
  GHashTable    *notes;
  /* Trade statistics to draw as a layer (issue 18); NULL: none, or off. */
  OtTradeLayer  *trade;
} OtViewInput;

/* A marker or flow-view mark: where, and the incidents behind it. */
typedef struct {
  double     x, y;
  guint      vertex;          /* network vertex, or G_MAXUINT */
  gboolean   confirmed;       /* an authority acted (seized, charged...) */
  char      *label;           /* place name for descriptions */
  GArray    *incidents;       /* of guint, dataset indices */
  GArray    *edges;           /* of guint: a merged flow's network edges */
} OtViewMark;

typedef struct _OtViewLayout OtViewLayout;

typedef struct {
  /* @previous: the last layout of this view, or NULL; a view may reuse
   * what it computed when @input->same_base (the network view: the
   * positions of the whole data, for the same layout_seed). */
  OtViewLayout *(*layout)    (const OtViewInput *input,
                              OtViewLayout      *previous,
                              GCancellable      *cancellable,
                              GError           **error);
  OtScene      *(*scene)     (OtViewLayout      *layout,
                              const OtViewInput *input);
  void          (*free)      (OtViewLayout      *layout);
  /* Where a scene node (by id) is drawn, world units; FALSE if not. */
  gboolean      (*node_position) (OtViewLayout   *layout,
                                  OtNetwork      *network,
                                  guint           id,
                                  OtPoint        *out);
  double        bend_base;   /* edge curvature, see ot_view_edge_bends() */
  double        bend_step;   /* unused: one curve per pair of places */
  double        node_scale;  /* nodes on a map are kept smaller */
  OtViewCapabilities capabilities;
} OtViewClass;

extern const OtViewClass ot_view_network_class;
extern const OtViewClass ot_view_map_class;
extern const OtViewClass ot_view_flow_class;

/* Every layout starts with this header so the chart can read marks. */
struct _OtViewLayout {
  const OtViewClass *klass;
  OtViewKind         kind;
  GArray            *marks;     /* of OtViewMark: markers (network, map) */
  GArray            *nodes;     /* of OtViewMark: flow view nodes */
  GArray            *bands;     /* of OtViewMark: flow view bands */
  GArray            *flows;     /* of OtViewMark: flows that merge several
                                 * pairs of places (the map's port
                                 * clusters); their scene edge id is the
                                 * network's edge count plus the index */
  GHashTable        *positions; /* network view: vertex key -> OtPoint*, world */
};

void           ot_view_layout_init        (OtViewLayout       *layout,
                                           const OtViewClass  *klass,
                                           OtViewKind          kind);
void           ot_view_layout_clear       (OtViewLayout       *layout);
void           ot_view_mark_add_incident  (OtViewMark         *mark,
                                           guint               incident);

/* ---- encoding shared by the views ---- */

OtRgba         ot_view_hex                (const char         *hex,
                                           double              alpha);
/* The mineral's colour in @theme's palette (NULL: the light one). */
OtRgba         ot_view_mineral_rgba       (const OtTheme      *theme,
                                           OtMineral           mineral,
                                           double              alpha);
/* The dominant role among origin, hub and destination (by incidents). */
OtRole         ot_view_vertex_role        (const OtVertex     *vertex);
/* A role as the reader sees it, translated: "origin", "hub"… */
const char    *ot_view_role_label         (OtRole              role);
/* A vertex's name as drawn and described: a country in the user's
 * language (iso-codes), a company or port as the records give it. */
const char    *ot_view_vertex_label       (const OtVertex     *vertex);
OtRgba         ot_view_vertex_fill        (const OtVertex     *vertex);
OtNodeShape    ot_view_vertex_shape       (const OtVertex     *vertex);
/* kg through a vertex (the larger of in and out). */
double         ot_view_vertex_kg          (const OtVertex     *vertex);
double         ot_view_vertex_radius      (const OtVertex     *vertex,
                                           double              max_kg);
double         ot_view_vertex_importance  (const OtVertex     *vertex);
/* Added to label importance: country names, then ports, before companies,
 * so the reader finds the places first. */
double         ot_view_kind_label_boost   (const OtVertex     *vertex);
/* Every incident of the vertex is an illustrative record. */
gboolean       ot_view_vertex_illustrative (const OtVertex    *vertex);
/* No incident on the edge was seized, detained, charged or convicted. */
gboolean       ot_view_edge_alleged_only  (const OtEdge       *edge);
gboolean       ot_view_incident_confirmed (const OtIncident   *incident);
/* kg of the heaviest flow (ordered pair of places, all minerals). */
double         ot_view_max_edge_kg        (OtNetwork          *network);
/* The run of edges [@first, @first + @n) with edge @e's (from, to): one
 * flow, one scene edge named by @first.  @n is 0 when @e is no edge. */
void           ot_view_edge_pair          (OtNetwork          *network,
                                           guint               e,
                                           guint              *first,
                                           guint              *n);
double         ot_view_pair_kg            (OtNetwork          *network,
                                           guint               first,
                                           guint               n);
double         ot_view_max_vertex_kg      (OtNetwork          *network);

/* Selection: which vertices and edges stay emphasised.  NULL arrays when
 * nothing is selected; otherwise one gboolean per vertex / edge. */
typedef struct {
  gboolean  active;
  gboolean *vertices;
  gboolean *edges;
  gboolean *marks;
  guint     sel_mark;   /* the selected marker, G_MAXUINT: none */
} OtViewFocus;

void           ot_view_focus_init         (OtViewFocus        *focus,
                                           const OtViewInput  *input,
                                           const OtViewLayout *layout);
void           ot_view_focus_clear        (OtViewFocus        *focus);
OtMarkFlags    ot_view_focus_flags        (const OtViewFocus  *focus,
                                           const gboolean     *set,
                                           guint               index,
                                           gboolean            selected);

typedef enum {
  OT_VIEW_CHROME_NODES   = 1 << 0,   /* node kinds and role colours */
  OT_VIEW_CHROME_MARKERS = 1 << 1,   /* event markers */
  OT_VIEW_CHROME_BANDS   = 1 << 2,   /* Sankey bands instead of lines */
} OtViewChrome;

/* Title, subtitle, source and the legend: minerals present, status
 * styles, the width scale, and what @parts asks for. */
void           ot_view_add_chrome         (OtScene            *scene,
                                           const OtViewInput  *input,
                                           OtViewChrome        parts);

/* The cubic arc from @a to @b bent to the right of travel by @bend times
 * the chord's length, into @p[4]. */
void           ot_view_arc                (OtPoint             a,
                                           OtPoint             b,
                                           double              bend,
                                           OtPoint            *p);
/* Bend of each network edge: @base for all, so the edges of one ordered
 * pair of places share the pair's one curve and A->B and B->A curve apart;
 * @step is ignored (minerals are sub-bands now, they no longer fan out).
 * A new array, one per edge. */
double        *ot_view_edge_bends         (OtNetwork          *network,
                                           double              base,
                                           double              step);
/* Page px between an event marker's centre and its place, each way. */
#define OT_VIEW_MARKER_OFFSET 10.0

/* Adds one marker per mark of @layout (stars for confirmed actions,
 * triangles for reports), @offset page px up and to one side of its place
 * (see OtSceneMarker.dx).  A mark's vertex is its place's node id: the
 * marker shows only while that node does (the budget of marks). */
/* The marker of mark @k of @layout, as ot_view_add_markers() adds it. */
void           ot_view_marker             (const OtViewLayout *layout,
                                           const OtViewFocus  *focus,
                                           guint               k,
                                           double              offset,
                                           OtSceneMarker      *marker);
void           ot_view_add_markers        (OtScene            *scene,
                                           const OtViewLayout *layout,
                                           const OtViewFocus  *focus,
                                           double              offset);

/* The sub-bands of the flow of edges [@first, @first + @n) drawn @width
 * px wide, into @parts (room for 2 @n + 1): one per mineral by share of the
 * kg (of the incidents when no kg is known), largest first; minerals
 * under OT_VIEW_MIN_PART_WIDTH px join a last "other minerals" part in
 * the theme's muted colour (@merged set), or the largest when even
 * together they are too thin.  Alleged-only minerals are OT_DASH_HOLLOW.
 * A mineral's share from illustrative records is a part of its own
 * beside the reported one, | OT_DASH_ILLUSTRATIVE (when both are at
 * least OT_VIEW_MIN_PART_WIDTH px; else the larger takes the style).
 * Returns the number of parts. */
guint          ot_view_pair_parts         (const OtViewInput  *input,
                                           guint               first,
                                           guint               n,
                                           double              width,
                                           OtSceneEdgePart    *parts,
                                           gboolean           *merged);
/* The same for any @n_edges edges (room for 2 @n_edges + 1 parts): edges of
 * one mineral share one part. */
guint          ot_view_flow_parts         (const OtViewInput  *input,
                                           const guint        *edges,
                                           guint               n_edges,
                                           double              width,
                                           OtSceneEdgePart    *parts,
                                           gboolean           *merged);

/* A flow (every edge of @e's ordered pair of places, see
 * ot_view_edge_pair()) as an arc from @from to @to, when @e is the
 * pair's first edge; other edges of the pair add nothing, so a caller
 * that draws only some flows (a budget, --top N) must pick them by their
 * first edge.  And a vertex at @at, with the shared encoding;
 * @extra_importance raises its label's rank. */
void           ot_view_add_edge           (OtScene            *scene,
                                           const OtViewInput  *input,
                                           const OtViewFocus  *focus,
                                           guint               e,
                                           OtPoint             from,
                                           OtPoint             to,
                                           double              bend);
/* The same, ranked @extra_importance higher for the budget of marks (the
 * network view's backbone comes first). */
void           ot_view_add_edge_ranked    (OtScene            *scene,
                                           const OtViewInput  *input,
                                           const OtViewFocus  *focus,
                                           guint               e,
                                           OtPoint             from,
                                           OtPoint             to,
                                           double              bend,
                                           double              extra_importance);
/* A flow drawn as one mark: the edges of one ordered pair of places, or
 * of several (a map's cluster of ports stands for its ports' pairs). */
typedef struct {
  const guint *edges;
  guint        n_edges;            /* at least 1 */
  OtPoint      from, to;
  double       bend;
  double       extra_importance;
  guint        from_id, to_id;     /* node ids of the marks at its ends */
  double       end_radius;         /* page px: the target mark's radius */
  guint        id;                 /* scene id: a member pair's first edge */
} OtViewFlow;

/* The flow as an arc with the shared encoding: width by the summed kg,
 * sub-bands by mineral over all its edges (ot_view_flow_parts()),
 * selected when any of its edges is. */
void           ot_view_add_flow           (OtScene            *scene,
                                           const OtViewInput  *input,
                                           const OtViewFocus  *focus,
                                           const OtViewFlow   *flow);
void           ot_view_add_vertex         (OtScene            *scene,
                                           const OtViewInput  *input,
                                           const OtViewFocus  *focus,
                                           guint               v,
                                           OtPoint             at,
                                           double              extra_importance);

/* The notes of @input on places and flows of the network as callouts:
 * a place's at @xy[v] (when @placed[v]), hanging on node v; a flow's at
 * the middle of its pair's arc (bent by @bends), hanging on the pair's
 * scene edge (its first edge).  ot-view.c. */
void           ot_view_add_notes          (OtScene            *scene,
                                           const OtViewInput  *input,
                                           const OtPoint      *xy,
                                           const gboolean     *placed,
                                           const double       *bends);

/* ---- the trade statistics' layer (issue 18), ot-view-trade.c ---- */

/* Widths of statistical flows, page px at the fitted zoom: their own
 * square-root scale, the heaviest pair of the layer the widest. */
#define OT_VIEW_TRADE_MIN_WIDTH 3.5
#define OT_VIEW_TRADE_MAX_WIDTH 14.0
/* The countries of this many heaviest pairs are places of the map (its
 * central meridian and fit), so what the layer draws first is in view. */
#define OT_VIEW_TRADE_FIT_PAIRS 24
/* A place only in trade statistics: a small neutral point (page px). */
#define OT_VIEW_TRADE_PLACE_RADIUS 3.2

/* Where a view draws country @country (an index of ot_country_nth ()):
 * at @at, ending at node @id of radius @radius (page px); @own: a place
 * only in trade statistics the layer adds itself (id
 * OT_CHART_TRADE_ID + @country), else a network vertex (id < vertices).
 * FALSE: not drawn in this view. */
typedef gboolean (*OtViewTradeLocate) (OtTradePlace  country,
                                       OtPoint      *at,
                                       guint        *id,
                                       double       *radius,
                                       gboolean     *own,
                                       gpointer      data);

/* Adds the statistical flows of @input->trade between countries that
 * @locate places (arcs bent by @bend), and the places only in trade
 * statistics they end at; returns how many flows. */
guint          ot_view_add_trade          (OtScene            *scene,
                                           const OtViewInput  *input,
                                           const OtViewFocus  *focus,
                                           double              bend,
                                           OtViewTradeLocate   locate,
                                           gpointer            data);
/* The legend's section "Trade statistics (lawful trade, not
 * allegations)" when the scene has statistical flows, after
 * ot_view_add_chrome (); a plot with them is not empty. */
void           ot_view_add_trade_chrome   (OtScene            *scene,
                                           const OtViewInput  *input);
/* A network vertex per country index (G_MAXUINT: none), of
 * ot_country_count () entries. */
guint         *ot_view_country_vertices   (OtNetwork          *network);

/* The second line of the source: the statistics' files, period and
 * what is left out; NULL without statistics. */
char          *ot_view_trade_source       (OtTradeLayer       *layer);
/* A tooltip's line and the details pane's facts for a mark of the trade
 * layer (OT_CHART_IS_TRADE_ID ()); NULL for another. */
char          *ot_view_trade_describe     (OtTradeLayer       *layer,
                                           OtHitKind           kind,
                                           guint               id);
GVariant      *ot_view_trade_details      (OtTradeLayer       *layer,
                                           OtHitKind           kind,
                                           guint               id);

G_END_DECLS
