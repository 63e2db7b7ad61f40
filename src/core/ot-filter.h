/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-filter.h: which incidents a chart or a command looks at.
 *
 * A filter is a small value: a set of minerals, a set of statuses, a
 * period and a minimum quantity.  An empty set means "all".  Applying it
 * to a dataset gives a mask with one byte per incident (1 = included),
 * which the network re-aggregates without touching the dataset. */
#pragma once

#include "ot-dataset.h"

G_BEGIN_DECLS

typedef struct _OtFilter OtFilter;

OtFilter   *ot_filter_new              (void);
OtFilter   *ot_filter_copy             (const OtFilter *filter);
void        ot_filter_free             (OtFilter       *filter);
gboolean    ot_filter_equal            (const OtFilter *a,
                                        const OtFilter *b);
/* TRUE when the filter lets every incident through. */
gboolean    ot_filter_is_empty         (const OtFilter *filter);

/* Minerals (OT_MINERAL_NONE included): none selected = all. */
void        ot_filter_set_mineral      (OtFilter       *filter,
                                        OtMineral       mineral,
                                        gboolean        included);
gboolean    ot_filter_has_minerals     (const OtFilter *filter);
gboolean    ot_filter_includes_mineral (const OtFilter *filter,
                                        OtMineral       mineral);
/* Statuses: none selected = all. */
void        ot_filter_set_status       (OtFilter       *filter,
                                        OtStatus        status,
                                        gboolean        included);
gboolean    ot_filter_includes_status  (const OtFilter *filter,
                                        OtStatus        status);
/* Period as Julian day numbers, both ends inclusive; 0 leaves an end
 * open.  An incident is included when the span of days its date can mean
 * overlaps the period; an undated incident is excluded by any period. */
void        ot_filter_set_period       (OtFilter       *filter,
                                        guint32         from_day,
                                        guint32         to_day);
void        ot_filter_get_period       (const OtFilter *filter,
                                        guint32        *from_day,
                                        guint32        *to_day);
/* Minimum quantity in kg; 0 for none.  When set, incidents without a
 * quantity are excluded. */
void        ot_filter_set_min_kg       (OtFilter       *filter,
                                        double          min_kg);
double      ot_filter_get_min_kg       (const OtFilter *filter);

gboolean    ot_filter_matches          (const OtFilter   *filter,
                                        const OtIncident *incident);
/* One byte per incident of @dataset, 1 when included; free with g_free.
 * @filter may be NULL (everything).  @n_included may be NULL. */
guint8     *ot_filter_apply            (const OtFilter *filter,
                                        OtDataset      *dataset,
                                        guint          *n_included);

/* From command-line words (--mineral, --status, --from, --to), each
 * possibly NULL; dates as in the incident format ("2024", "2024-07",
 * "2024-07-15"): --from takes the first day of its date, --to the last. */
OtFilter   *ot_filter_new_from_strings (const char * const *minerals,
                                        const char * const *statuses,
                                        const char         *from,
                                        const char         *to,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtFilter, ot_filter_free)

G_END_DECLS
