/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-network.h: the network of a dataset under a filter, in one
 * projection — countries, companies and hubs linked by legs aggregated per
 * (from, to, mineral).  The rules are in docs/network.md.
 *
 * An OtNetwork is immutable and reference counted: build it in a worker,
 * read it from any thread.  ot_network_refilter() reuses the paths worked
 * out for the dataset and projection, so a filter change only
 * re-aggregates.  Vertex and edge indices are dense (0..n-1) and ordered
 * by key (edges by from, to, mineral); a vertex's uid stays the same in
 * every network refiltered from the same build. */
#pragma once

#include "ot-dataset.h"
#include "ot-filter.h"

G_BEGIN_DECLS

typedef enum {
  OT_PROJECTION_ENTITIES,
  OT_PROJECTION_COUNTRIES,
} OtProjection;

/* Where every front end starts — the window, --summary, --export and a new
 * workspace — so that the same files give the same first picture: one
 * vertex per country, the clearest view of where minerals go (ports and
 * companies are one toggle away). */
#define OT_PROJECTION_DEFAULT OT_PROJECTION_COUNTRIES

#define OT_TYPE_PROJECTION (ot_projection_get_type ())
GType ot_projection_get_type (void) G_GNUC_CONST;

const char *ot_projection_name  (OtProjection  projection);   /* "entities" */
gboolean    ot_projection_parse (const char   *text,
                                 OtProjection *out);

typedef enum {
  OT_VERTEX_COUNTRY,
  OT_VERTEX_COMPANY,
  OT_VERTEX_HUB,
  OT_N_VERTEX_KINDS
} OtVertexKind;

const char *ot_vertex_kind_name (OtVertexKind kind);           /* "country" */

typedef enum {
  OT_ROLE_ORIGIN,
  OT_ROLE_HUB,
  OT_ROLE_DESTINATION,
  OT_ROLE_EXPORTER,
  OT_ROLE_CONSIGNEE,
  OT_N_ROLES
} OtRole;

#define OT_ROLE_BIT(role) (1u << (role))
const char *ot_role_name        (OtRole role);                 /* "origin" */

typedef struct {
  OtVertexKind  kind;
  const char   *key;            /* "country:TH", "company:acme ltd", "hub:TH:laem chabang" */
  const char   *label;          /* "Thailand", "ACME Ltd", "Laem Chabang" */
  const char   *entity;         /* a company that is merged companies (issue 17):
                                 * the entity's display name as the dataset holds
                                 * it (ot_dataset_get_company_aliases ()); else NULL */
  OtCountry     country;        /* unset for a company never seen with one */
  guint         uid;            /* stable across refilters */
  guint         roles;          /* OT_ROLE_BIT()s */
  guint         n_incidents;    /* included incidents touching it */
  guint         n_illustrative; /* of them, illustrative records */
  guint         n_role[OT_N_ROLES];
  double        kg_in;          /* over its in-edges */
  double        kg_out;
  guint         n_in;           /* incidents arriving / leaving */
  guint         n_out;
  double        kg_transshipped; /* outgoing kg that arrived from another country */
  double        transshipment;  /* kg_transshipped / kg_out, 0 without kg_out */
} OtVertex;

typedef struct {
  guint         from;           /* vertex indices */
  guint         to;
  OtMineral     mineral;
  guint         n_incidents;
  guint         n_with_kg;      /* incidents that gave a quantity */
  double        kg;
  guint32       first_day;      /* Julian days of the dates' spans; 0 if none dated */
  guint32       last_day;
  guint         n_status[OT_N_STATUS];
  guint         n_illustrative; /* incidents that are illustrative records */
  double        kg_illustrative; /* their kg */
} OtEdge;

/* An included record whose path has fewer than two places. */
typedef struct {
  guint         incident;       /* dataset index */
  gint          vertex;         /* its one place, or -1 */
  OtCountry     country;        /* event_country, else the vertex's country */
  const char   *place;          /* event_place or NULL */
} OtEvent;

typedef struct {
  double kg_in;
  double kg_out;
  guint  n_in;
  guint  n_out;
} OtThroughput;

#define OT_NETWORK_ALL_MINERALS G_MAXUINT

typedef struct _OtNetwork OtNetwork;

/* @filter may be NULL (everything). */
OtNetwork       *ot_network_new           (OtDataset      *dataset,
                                           const OtFilter *filter,
                                           OtProjection    projection);
/* Same dataset and projection, another filter: only re-aggregates (the
 * paths are rebuilt if the dataset has grown since). */
OtNetwork       *ot_network_refilter      (OtNetwork      *network,
                                           const OtFilter *filter);
/* A summary's network (ot-edge-source.h, ot_dataset_set_summary ()):
 * the legs its source sums under @filter, in the countries projection.
 * Its vertices are the countries the legs name, their counts summed from
 * the legs (docs/team-store.md, "Summary mode"); it holds no incident,
 * so every incident list is empty and there are no events.  Blocks
 * while the source answers; NULL with @error set when it cannot.  A
 * summary network refiltered asks the source again. */
OtNetwork       *ot_network_new_summarised (OtDataset      *dataset,
                                            const OtFilter *filter,
                                            GCancellable   *cancellable,
                                            GError        **error);
/* The same from legs in hand (an array of OtCountryEdge, as
 * ot_edge_source_query_edges () gives them; @n_included: the incidents
 * they stand for).  @dataset's own incidents are not read. */
typedef struct _OtCountryEdge OtCountryEdge;
OtNetwork       *ot_network_new_from_edges (OtDataset           *dataset,
                                            const OtCountryEdge *edges,
                                            guint                n_edges,
                                            guint                n_included);
/* Whether it was built from a summary's legs. */
gboolean         ot_network_is_summarised (OtNetwork      *network);
OtNetwork       *ot_network_ref           (OtNetwork      *network);
void             ot_network_unref         (OtNetwork      *network);

OtDataset       *ot_network_get_dataset   (OtNetwork      *network);
OtProjection     ot_network_get_projection (OtNetwork     *network);
/* The filter's mask (one byte per incident, 1 = included). */
const guint8    *ot_network_get_mask      (OtNetwork      *network,
                                           guint          *n_incidents);
guint            ot_network_get_n_included (OtNetwork     *network);
/* The first and last day (Julian, ot_date_first_day ()) the included
 * incidents' dates can mean; FALSE (and 0) when none is dated. */
gboolean         ot_network_get_day_span  (OtNetwork      *network,
                                           guint32        *first_day,
                                           guint32        *last_day);
/* Illustrative or generated records among all the dataset's incidents,
 * whatever the filter (counted once, when the network was built). */
guint            ot_network_get_n_illustrative_all (OtNetwork *network);

guint            ot_network_get_n_vertices (OtNetwork     *network);
const OtVertex  *ot_network_get_vertex    (OtNetwork      *network,
                                           guint           vertex);
gint             ot_network_find_vertex   (OtNetwork      *network,
                                           const char     *key);
gint             ot_network_find_uid      (OtNetwork      *network,
                                           guint           uid);
/* Every uid is below this (the same for all refilters of one build), so
 * a view can keep per-vertex state in an array indexed by uid. */
guint            ot_network_get_n_uids    (OtNetwork      *network);
guint            ot_network_count_kind    (OtNetwork      *network,
                                           OtVertexKind    kind);

guint            ot_network_get_n_edges   (OtNetwork      *network);
const OtEdge    *ot_network_get_edge      (OtNetwork      *network,
                                           guint           edge);
/* Edge index for (from, to, mineral), or -1. */
gint             ot_network_find_edge     (OtNetwork      *network,
                                           guint           from,
                                           guint           to,
                                           OtMineral       mineral);

/* Dataset indices, ascending, owned by the network. */
const guint     *ot_network_get_edge_incidents   (OtNetwork *network,
                                                  guint      edge,
                                                  guint     *n_incidents);
const guint     *ot_network_get_vertex_incidents (OtNetwork *network,
                                                  guint      vertex,
                                                  guint     *n_incidents);
/* Edge indices, ascending, owned by the network. */
const guint     *ot_network_get_out_edges (OtNetwork      *network,
                                           guint           vertex,
                                           guint          *n_edges);
const guint     *ot_network_get_in_edges  (OtNetwork      *network,
                                           guint           vertex,
                                           guint          *n_edges);
/* Vertices linked to @vertex either way, ascending (a new array of guint). */
GArray          *ot_network_get_neighbours (OtNetwork     *network,
                                            guint          vertex);

/* Throughput of a vertex for one mineral or OT_NETWORK_ALL_MINERALS. */
void             ot_network_get_throughput (OtNetwork     *network,
                                            guint          vertex,
                                            guint          mineral,
                                            OtThroughput  *out);

/* The simple graph the analysis runs on: one link per ordered pair of
 * vertices (per unordered pair with @undirected), the minerals merged.
 * Returns 2 * @n_links vertex indices (from, to; from < to when
 * undirected), sorted; @kg, if not NULL, gets a new array of each link's
 * summed kg.  Free both with g_free. */
guint           *ot_network_get_links     (OtNetwork      *network,
                                           gboolean        undirected,
                                           guint          *n_links,
                                           double        **kg);

guint            ot_network_get_n_events  (OtNetwork      *network);
const OtEvent   *ot_network_get_event     (OtNetwork      *network,
                                           guint           event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtNetwork, ot_network_unref)

G_END_DECLS
