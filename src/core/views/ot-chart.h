/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-chart.h: one chart of a dataset — the glue from dataset to scene.
 *
 * A chart holds the inputs (dataset, filter, view, projection, theme,
 * title) and rebuilds only what a change touches: a filter change rebuilds
 * the network and the scene, a view change the layout and the scene, a
 * selection only the scene's flags.  Vertex positions are kept by vertex
 * key across rebuilds so the picture does not jump.  The window and the
 * headless --export both draw what a chart gives them, so the screen and
 * the file agree.
 *
 * Threading: a chart is used from one thread at a time; ot_chart_update()
 * may run in a worker (it calls igraph, which is serialised in ot-graph).
 * Scenes it hands out are immutable and reference counted. */
#pragma once

#include <gio/gio.h>

#include "ot-analysis.h"
#include "ot-dataset.h"
#include "ot-filter.h"
#include "ot-network.h"
#include "ot-scene.h"
#include "ot-trade-layer.h"

G_BEGIN_DECLS

typedef enum {
  OT_VIEW_NETWORK,
  OT_VIEW_MAP,
  OT_VIEW_FLOW,
  OT_N_VIEWS
} OtViewKind;

/* A GEnum type of it, for properties (names as the command line's). */
#define OT_TYPE_VIEW_KIND  (ot_view_kind_get_type ())
GType ot_view_kind_get_type  (void) G_GNUC_CONST;

const char *ot_view_kind_name  (OtViewKind  view);       /* "network", "map", "flow" */
gboolean    ot_view_kind_parse (const char *text,
                                OtViewKind *out);

/* What a view offers, from its class (ot-view-*.c): the window and the
 * chart ask this instead of testing which view it is. */
typedef enum {
  /* The entities / countries projection changes the picture (network,
   * map; the flow diagram always shows countries). */
  OT_VIEW_CAP_PROJECTION    = 1 << 0,
  /* Places sit where the layout put them, not on the world or in a
   * column: a vertex can be dragged, and the layout redone (network). */
  OT_VIEW_CAP_FREE_LAYOUT   = 1 << 1,
  /* A node mark's id is a network vertex, an edge mark's a network edge,
   * so a vertex or an incident found elsewhere can be selected and
   * centred, and the details pane has the vertex's facts (network, map;
   * the flow diagram's bars and bands are marks of its own). */
  OT_VIEW_CAP_NETWORK_MARKS = 1 << 2,
  /* Drawn from the network's legs alone, so a summary, which holds no
   * incident (ot_network_new_summarised ()), draws it too (network, map;
   * the flow diagram follows each incident's whole route). */
  OT_VIEW_CAP_FROM_LEGS     = 1 << 3,
} OtViewCapabilities;

OtViewCapabilities ot_view_kind_get_capabilities (OtViewKind view);

#define OT_TYPE_CHART (ot_chart_get_type ())
G_DECLARE_FINAL_TYPE (OtChart, ot_chart, OT, CHART, GObject)

OtChart    *ot_chart_new             (void);

void        ot_chart_set_dataset     (OtChart      *self,
                                      OtDataset    *dataset);
OtDataset  *ot_chart_get_dataset     (OtChart      *self);
void        ot_chart_set_view        (OtChart      *self,
                                      OtViewKind    view);
OtViewKind  ot_chart_get_view        (OtChart      *self);
/* TRUE: countries projection; FALSE: entities (companies, ports). */
void        ot_chart_set_countries_projection (OtChart *self,
                                               gboolean countries);
void        ot_chart_set_theme       (OtChart      *self,
                                      const OtTheme *theme);
/* Play: widths and node sizes keep one scale, the heaviest flow and place
 * over the days @from_day..@to_day (Julian, inclusive), whatever the
 * filter's own period; 0, 0 goes back to the scale of what is on screen. */
void        ot_chart_set_width_period (OtChart     *self,
                                       guint32      from_day,
                                       guint32      to_day);
/* The kg of the widest line of the current scale. */
double      ot_chart_get_width_reference (OtChart  *self);
void        ot_chart_set_title       (OtChart      *self,
                                      const char   *title);

/* At most this many flows (--top N; docs/rendering.md, "Budget of marks"),
 * for views that merge what they do not draw; 0: the renderer's budget. */
void        ot_chart_set_top_n       (OtChart      *self,
                                      guint         top_n);
/* Rebuilds what is stale.  Cancellable; on failure or cancel the chart
 * keeps its previous scene. */
gboolean    ot_chart_update          (OtChart      *self,
                                      GCancellable *cancellable,
                                      GError      **error);

/* The current scene (a new reference), or NULL before the first update. */
OtScene    *ot_chart_get_scene       (OtChart      *self);

/* Selection: a vertex (OT_HIT_NODE) or an edge (OT_HIT_EDGE / OT_HIT_BAND)
 * by the id the scene gave it; OT_HIT_NONE clears.  The neighbourhood is
 * emphasised and the rest faded in the next scene. */
void        ot_chart_select          (OtChart      *self,
                                      OtHitKind     kind,
                                      guint         id);

/* Highlights the paths of these incidents (dataset indices; the
 * incidents table's selection) in the network and map views, fading the
 * rest; an empty list clears.  Replaces, and is replaced by, a selection
 * made with ot_chart_select().  The flow view does not show it. */
void        ot_chart_pick_incidents  (OtChart      *self,
                                      const guint  *incidents,
                                      guint         n_incidents);

/* Whether ot_chart_pick_incidents() picked this incident (and no click
 * has replaced the pick since). */
gboolean    ot_chart_is_picked       (OtChart      *self,
                                      guint         incident);

/* Incidents (dataset indices) behind a scene mark, for the details pane. */
GArray     *ot_chart_get_incidents_for (OtChart    *self,
                                        OtHitKind   kind,
                                        guint       id);   /* of guint */
/* A one-line description of a mark for tooltips ("CN → TH · antimony ·
 * 12 incidents · 166 t"), or NULL. */
char       *ot_chart_describe        (OtChart      *self,
                                      OtHitKind     kind,
                                      guint         id);

/* The details pane of a mark: a GVariant of type (sa(ss)) — a heading
 * (the vertex or edge name) and translated (label, value) rows in display
 * order: kind, country, roles, throughput, transshipment score and
 * betweenness (from @analysis of the chart's network, may be NULL) for a
 * vertex; route, mineral and status for an edge; then incidents, period,
 * totals by mineral, common declared-as and concealment for any mark.
 * NULL when the mark is unknown.  Implemented in ot-chart-details.c on the
 * public API.  (Added by the window.) */
GVariant   *ot_chart_get_details     (OtChart      *self,
                                      OtAnalysis   *analysis,
                                      OtHitKind     kind,
                                      guint         id);

/* Merged companies behind a mark (issue 17): when @kind/@id is a company
 * vertex that stands for an entity (OtVertex.entity), a GVariant of type
 * (sa(su)): the entity's display name, then each company name it is made
 * of (sorted) with how many of the mark's incidents
 * (ot_chart_get_incidents_for ()) give that name as exporter or
 * consignee.  NULL for any other mark.  In ot-chart-details.c. */
GVariant   *ot_chart_get_entity      (OtChart      *self,
                                      OtHitKind     kind,
                                      guint         id);

/* Network view: move a vertex to world coordinates (dragging). */
void        ot_chart_move_vertex     (OtChart      *self,
                                      guint         id,
                                      double        x,
                                      double        y);

/* Network view: lay the whole data out again from the next seed, from
 * scratch (dragged vertices forgotten); the next update draws it.  The
 * same number of calls on the same data gives the same picture. */
void        ot_chart_relayout        (OtChart      *self);

/* Added with the views (docs/views.md). */

/* Which incidents to draw; NULL: all.  Copied.  A change refilters the
 * network (positions kept) and clears the selection. */
void            ot_chart_set_filter      (OtChart        *self,
                                          const OtFilter *filter);
const OtFilter *ot_chart_get_filter      (OtChart        *self);
gboolean        ot_chart_get_countries_projection (OtChart *self);
/* The filtered network of the last update (a new reference), or NULL. */
OtNetwork      *ot_chart_get_network     (OtChart        *self);
/* The selected mark; FALSE (and OT_HIT_NONE) when nothing is. */
gboolean        ot_chart_get_selection   (OtChart        *self,
                                          OtHitKind      *kind,
                                          guint          *id);
/* Where the last scene draws node @id (world units; a vertex index in the
 * network and map views, a bar in the flow view) and the middle of edge
 * @id's arc; FALSE when it is not drawn. */
gboolean        ot_chart_get_node_position (OtChart      *self,
                                            guint         id,
                                            double       *x,
                                            double       *y);
gboolean        ot_chart_get_edge_midpoint (OtChart      *self,
                                            guint         id,
                                            double       *x,
                                            double       *y);
/* Issue 17: pins, notes, a layout kept across edits ------------------------ */

/* Network view: the places the analyst pinned (vertex key -> double[2],
 * world units, as ot_document_dup_pins () gives them; NULL: none), drawn
 * there over the computed layout; a vertex no longer pinned goes back to
 * its computed place.  Copied.  Replaces a drag in progress
 * (ot_chart_move_vertex ()). */
void            ot_chart_set_pins        (OtChart        *self,
                                          GHashTable     *pins);
/* Notes drawn as callouts (network view): "place\x1f<vertex key>" and
 * "flow\x1f<from key>\x1f<to key>\x1f<mineral name>" -> text (the
 * document's annotations as "kind\x1fkey"); NULL: none.  Copied. */
void            ot_chart_set_notes       (OtChart        *self,
                                          GHashTable     *notes);
/* Whether the notes are drawn (default TRUE). */
void            ot_chart_set_show_notes  (OtChart        *self,
                                          gboolean        show);
/* The annotation target of a mark of @network (network and map views): a
 * node is a "place" keyed by its vertex key, an edge a "flow" keyed
 * "from\x1fto\x1fmineral" (its vertex keys and its mineral's English
 * name); NULL for other ids.  @note_kind gets "place" or "flow".
 * Implemented in ot-view.c. */
char           *ot_chart_note_target     (OtNetwork      *network,
                                          OtHitKind       kind,
                                          guint           id,
                                          const char    **note_kind);

/* Issue 18: trade statistics as a layer ----------------------------------- */

/* Whether the network and map views draw the dataset's trade statistics
 * (ot_dataset_get_trade ()) as a layer of their own (default TRUE;
 * docs/views.md, "Trade statistics"). */
void            ot_chart_set_show_trade  (OtChart        *self,
                                          gboolean        show);
gboolean        ot_chart_get_show_trade  (OtChart        *self);
/* The statistics summed under the chart's filter at the last update (a
 * new reference), or NULL: none loaded, or the layer is off. */
OtTradeLayer   *ot_chart_get_trade_layer (OtChart        *self);

/* Scene ids of the trade layer, after every network id: a statistical
 * flow (OT_HIT_EDGE) is OT_CHART_TRADE_ID + its pair in the chart's
 * trade layer (ot_trade_layer_get_pair ()), a place only in trade
 * statistics (OT_HIT_NODE) OT_CHART_TRADE_ID + its country index
 * (ot_country_nth ()). */
#define OT_CHART_TRADE_ID 0x70000000u
#define OT_CHART_IS_TRADE_ID(id) ((id) >= OT_CHART_TRADE_ID && (id) != G_MAXUINT)

/* TRUE when an input changed since the last update. */
gboolean        ot_chart_is_stale        (OtChart        *self);

G_END_DECLS
