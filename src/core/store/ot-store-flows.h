/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-flows.h: flows aggregated in the server (issue 21, "Scale";
 * docs/team-store.md, "Flows").
 *
 * The filter runs in PostgreSQL and only sums travel: one row per leg
 * between two countries, mineral, status and month.  The legs are those
 * of the countries network (docs/network.md): origin, each stop's
 * country, destination, repeats in a row made one, each distinct leg
 * of an incident counted once; companies add no place here (the chart's
 * countries projection puts a company at the country it is seen in
 * most, which needs every incident).  The same flows computed from a
 * dataset in memory (ot_store_flows_from_dataset ()) are the reference
 * the tests and the benchmark hold the server to.  Immutable and
 * reference counted: any thread may read them. */
#pragma once

#include "ot-edge-source.h"
#include "ot-filter.h"
#include "ot-store.h"

G_BEGIN_DECLS

/* One row: a leg, a mineral, a status and a month. */
typedef struct {
  OtCountry  from;
  OtCountry  to;
  OtMineral  mineral;          /* OT_MINERAL_NONE: not given */
  OtStatus   status;
  int        month;            /* year × 100 + month; year × 100 for a
                                * year-only date; -1 undated */
  guint      n_incidents;
  guint      n_with_kg;        /* incidents that gave a quantity */
  double     kg;
  guint      n_illustrative;
  double     kg_illustrative;
  guint32    first_day;        /* Julian days of the dates' spans; 0 undated */
  guint32    last_day;
} OtStoreFlow;

/* The flows collapsed per (from, to, mineral): what the chart draws as
 * one edge (the fields of the network's OtEdge; ot-edge-source.h). */
typedef OtCountryEdge OtStoreEdge;

typedef struct _OtStoreFlows OtStoreFlows;

/* @filter (NULL: everything) runs in the server; the sums come back. */
OtStoreFlows      *ot_store_query_flows        (OtStore        *store,
                                                const OtFilter *filter,
                                                GCancellable   *cancellable,
                                                GError        **error);
void               ot_store_query_flows_async  (OtStore             *store,
                                                const OtFilter      *filter,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
OtStoreFlows      *ot_store_query_flows_finish (OtStore             *store,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The same per (from, to, mineral) only, with a count per status: the
 * chart's edges, fewer rows to travel (a new array of OtStoreEdge,
 * sorted; @n_incidents, may be NULL: the incidents the filter lets
 * through). */
GArray            *ot_store_query_edges        (OtStore        *store,
                                                const OtFilter *filter,
                                                guint          *n_incidents,
                                                GCancellable   *cancellable,
                                                GError        **error);
void               ot_store_query_edges_async  (OtStore             *store,
                                                const OtFilter      *filter,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GArray            *ot_store_query_edges_finish (OtStore             *store,
                                                GAsyncResult        *result,
                                                guint               *n_incidents,
                                                GError             **error);
/* Whether two arrays of OtStoreEdge hold the same edges (kg to a
 * relative 1e-9). */
gboolean           ot_store_edges_equal        (GArray         *a,
                                                GArray         *b);

/* The same flows of @dataset under @filter, worked out in memory. */
OtStoreFlows      *ot_store_flows_from_dataset (OtDataset      *dataset,
                                                const OtFilter *filter);

OtStoreFlows      *ot_store_flows_ref          (OtStoreFlows   *flows);
void               ot_store_flows_unref        (OtStoreFlows   *flows);

/* Sorted by from, to, mineral, status, month. */
guint              ot_store_flows_get_n_flows  (OtStoreFlows   *flows);
const OtStoreFlow *ot_store_flows_get_flow     (OtStoreFlows   *flows,
                                                guint           index);
/* Whether the server answered from its sums rather than from every
 * incident: the flows' (a filter of minerals, statuses, illustrative
 * records and whole months) or the routes' (countries too). */
gboolean           ot_store_flows_get_summed   (OtStoreFlows   *flows);
/* Incidents counted (an incident with several legs once). */
guint              ot_store_flows_get_n_incidents (OtStoreFlows *flows);
/* Per (from, to, mineral), sorted: a new array of OtStoreEdge. */
GArray            *ot_store_flows_to_edges     (OtStoreFlows   *flows);
/* Whether both hold the same rows: counts equal, sums of kg equal to
 * a relative 1e-9 (the server adds them in another order). */
gboolean           ot_store_flows_equal        (OtStoreFlows   *a,
                                                OtStoreFlows   *b);

/* The incidents behind one mark of a summary's chart (docs/team-store.md,
 * "Summary mode"): those @filter (NULL: all) lets through that have the
 * leg @from → @to, or that touch the country @place (one or the other),
 * the first @limit of them in the case's order, with their versions, in
 * one snapshot (an OtStoreCase: a part of the store's case).  Blocks: a
 * worker. */
OtStoreCase       *ot_store_read_part          (OtStore          *store,
                                                const OtFilter   *filter,
                                                const OtCountry  *from,
                                                const OtCountry  *to,
                                                const OtCountry  *place,
                                                guint             limit,
                                                GCancellable     *cancellable,
                                                GError          **error);
void               ot_store_read_part_async    (OtStore             *store,
                                                const OtFilter      *filter,
                                                const OtCountry     *from,
                                                const OtCountry     *to,
                                                const OtCountry     *place,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
OtStoreCase       *ot_store_read_part_finish   (OtStore             *store,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The countries the incidents @filter (NULL: all) lets through touch
 * (the derived column `countries`: origin, stops, destination, the
 * event's country), with how many each: a new array of OtPlaceCount,
 * sorted by code.  From the routes' sums when they answer @filter (see
 * ot_store_flows_get_summed ()), else from every incident it lets
 * through. */
GArray            *ot_store_query_places       (OtStore          *store,
                                                const OtFilter   *filter,
                                                GCancellable     *cancellable,
                                                GError          **error);

/* The incidents @filter lets through per mineral, status, illustrative
 * flag and month (a new array of OtSummaryCell): what a summary's
 * sidebar counts under a filter its cells cannot tell (a country's,
 * say).  From the routes' sums when they answer @filter, else from
 * every incident. */
GArray            *ot_store_query_filtered_cells (OtStore        *store,
                                                  const OtFilter *filter,
                                                  GCancellable   *cancellable,
                                                  GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtStoreFlows, ot_store_flows_unref)

G_END_DECLS
