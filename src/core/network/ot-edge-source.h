/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-edge-source.h: where a network's legs come from when its incidents
 * stay elsewhere (issue 21, docs/team-store.md "Summary mode").
 *
 * A team store too big to read into the window keeps its incidents in
 * the server, which sums their legs per (from, to, mineral) for each
 * filter.  The window's dataset then holds no incident but such a
 * source (ot_dataset_set_summary ()); the chart builds each network from
 * what the source answers (ot_network_new_summarised ()), in the
 * countries projection, the only one legs between countries give. */
#pragma once

#include "ot-network.h"

G_BEGIN_DECLS

/* A leg between two countries for one mineral, summed over the
 * incidents that have it: the fields of the network's OtEdge
 * (ot-network.h), its ends as countries. */
struct _OtCountryEdge {
  OtCountry  from;
  OtCountry  to;
  OtMineral  mineral;          /* OT_MINERAL_NONE: not given */
  guint      n_incidents;
  guint      n_with_kg;        /* incidents that gave a quantity */
  double     kg;
  guint32    first_day;        /* Julian days of the dates' spans; 0 undated */
  guint32    last_day;
  guint      n_status[OT_N_STATUS];
  guint      n_illustrative;
  double     kg_illustrative;
};

/* How many incidents touch a country (as origin, stop, destination or
 * the country of the event). */
typedef struct {
  OtCountry  country;
  guint      n_incidents;
} OtPlaceCount;

#define OT_TYPE_EDGE_SOURCE (ot_edge_source_get_type ())
G_DECLARE_INTERFACE (OtEdgeSource, ot_edge_source, OT, EDGE_SOURCE, GObject)

struct _OtEdgeSourceInterface
{
  GTypeInterface parent_iface;

  GArray *(*query_edges) (OtEdgeSource   *self,
                          const OtFilter *filter,
                          guint          *n_incidents,
                          GCancellable   *cancellable,
                          GError        **error);
  /* A number that changes when the incidents behind the source do (NULL:
   * never): a chart whose network was built at another asks again. */
  guint   (*get_generation) (OtEdgeSource  *self);
  /* The countries the incidents touch (NULL: none known). */
  GArray *(*query_places) (OtEdgeSource   *self,
                           const OtFilter *filter,
                           GCancellable   *cancellable,
                           GError        **error);
  /* The incidents per mineral, status, illustrative flag and month
   * (OtSummaryCell, ot-dataset.h) that the filter lets through (NULL:
   * none known). */
  GArray *(*query_cells)  (OtEdgeSource   *self,
                           const OtFilter *filter,
                           GCancellable   *cancellable,
                           GError        **error);
};

/* The legs of the incidents @filter (NULL: all) lets through: a new
 * array of OtCountryEdge sorted by from, to and mineral, or NULL with
 * @error set.  @n_incidents (may be NULL) gets how many incidents the
 * filter let through, those with fewer than two places included.  May
 * block (a query to a server): call it from a worker.  Any thread. */
GArray *ot_edge_source_query_edges (OtEdgeSource   *self,
                                    const OtFilter *filter,
                                    guint          *n_incidents,
                                    GCancellable   *cancellable,
                                    GError        **error);

/* The countries the incidents @filter (NULL: all) lets through touch,
 * with how many each: a new array of OtPlaceCount sorted by code (empty
 * for a source that cannot say), or NULL with @error set.  May block. */
GArray *ot_edge_source_query_places (OtEdgeSource   *self,
                                     const OtFilter *filter,
                                     GCancellable   *cancellable,
                                     GError        **error);

/* The incidents @filter (NULL: all) lets through per mineral, status,
 * illustrative flag and month: a new array of OtSummaryCell (empty for a
 * source that cannot say), or NULL with @error set.  May block. */
GArray *ot_edge_source_query_cells  (OtEdgeSource   *self,
                                     const OtFilter *filter,
                                     GCancellable   *cancellable,
                                     GError        **error);

/* The source's generation (0 for one that never changes). */
guint   ot_edge_source_get_generation (OtEdgeSource   *self);

G_END_DECLS
