/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-facets.h: the values a filter can pick, as found in a dataset, each
 * with how many incidents have it.
 *
 * Counts follow the usual faceted-search rule: the count of a value is
 * the number of incidents that have it and pass every other part of the
 * filter (the part the value belongs to is left out), so ticking a
 * mineral never drives the other minerals' counts to zero.  Totals count
 * the whole dataset. */
#pragma once

#include "ot-filter.h"

G_BEGIN_DECLS

typedef struct {
  char  *key;      /* mineral/status/confidence name, grade, alpha-2, or label key */
  char  *label;    /* display text: translated name, or as first seen */
  guint  value;    /* OtMineral / OtStatus / OtConfidence, grade ('A'..'F',
                    * 1..6, 0 not given), 1 illustrative; 0 otherwise */
  guint  count;    /* incidents with it passing the rest of the filter */
  guint  total;    /* incidents with it in the dataset */
} OtFacetItem;

typedef struct _OtFacets OtFacets;

/* Parts with facets: minerals, statuses, confidence, methods, declared-as,
 * countries, companies, reliability, credibility and illustrative.
 * Minerals, statuses and confidence levels come in their table order,
 * grades from A (or 1) with "not given" (key "none", value 0) last,
 * reported (key "reported", value 0) before illustrative (key
 * "illustrative", value 1), the others by total (most first), then label.
 * Only values present in the dataset are listed; minerals include those
 * of its trade statistics (placebo lines left out), with a total of 0
 * where no incident has them.  @filter may be NULL.
 * Holds a reference to @dataset. */
OtFacets          *ot_facets_new        (OtDataset      *dataset,
                                         const OtFilter *filter);
void               ot_facets_free       (OtFacets       *facets);
/* A copy to recount under another filter (in another thread: the copy
 * shares only what ot_facets_new () made and nothing changes later, the
 * incidents' values). */
OtFacets          *ot_facets_copy       (OtFacets       *facets);
OtDataset         *ot_facets_get_dataset (OtFacets      *facets);
/* Recounts under another filter (cheap: the values are found once, at
 * ot_facets_new()).  @filter may be NULL. */
void               ot_facets_set_filter (OtFacets       *facets,
                                         const OtFilter *filter);
guint              ot_facets_get_n_items (OtFacets      *facets,
                                          OtFilterPart   part);
const OtFacetItem *ot_facets_get_item   (OtFacets       *facets,
                                         OtFilterPart    part,
                                         guint           index);
/* The item of @part with @key, or NULL. */
const OtFacetItem *ot_facets_find       (OtFacets       *facets,
                                         OtFilterPart    part,
                                         const char     *key);
/* A part counted elsewhere (a summary's countries, counted by its
 * server: docs/team-store.md, "Summary mode"): its items replaced by
 * copies of @items, sorted as the part's values are.  Recounting
 * (ot_facets_set_filter ()) leaves such a part as it is. */
void               ot_facets_set_part   (OtFacets          *facets,
                                         OtFilterPart       part,
                                         const OtFacetItem *items,
                                         guint              n_items);
/* A summary's facets (ot_dataset_set_summary ()) recounted under
 * @filter from @cells (of OtSummaryCell) rather than the dataset's: the
 * cells of the incidents the parts the cells cannot tell (countries,
 * companies, grades…) let through, counted by its server. */
void               ot_facets_count_cells (OtFacets       *facets,
                                          const OtFilter *filter,
                                          GArray         *cells);
/* Incidents passing the whole filter. */
guint              ot_facets_get_n_matching (OtFacets   *facets);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtFacets, ot_facets_free)

G_END_DECLS
