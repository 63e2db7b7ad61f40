/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-timeline-data.h: incidents (or kg) per calendar month, stacked by
 * mineral, for the timeline strip.
 *
 * A month is numbered year * 12 + (month - 1).  A record dated to a day
 * or a month counts in that month; a record dated only to a year is
 * spread evenly over its twelve months (1/12 of the record, or of its kg,
 * in each), so the bars neither invent a January peak nor drop the
 * record.  Undated records are counted apart.  With the kg measure,
 * records without a quantity add nothing. */
#pragma once

#include "ot-filter.h"

G_BEGIN_DECLS

typedef enum {
  OT_HISTOGRAM_INCIDENTS,
  OT_HISTOGRAM_KG,
} OtHistogramMeasure;

int         ot_month_from_day       (guint32  julian_day);
guint32     ot_month_first_day      (int      month);
guint32     ot_month_last_day       (int      month);
/* "2024-07" */
char       *ot_month_to_string      (int      month);

typedef struct _OtHistogram OtHistogram;

/* Bins every incident of @dataset passing @filter, whose period is
 * ignored (the timeline shows the whole span and marks the period on
 * it).  The months run from the first to the last month any dated
 * incident of the dataset touches, so the axis stays put as the filter
 * changes.  @filter may be NULL. */
OtHistogram *ot_histogram_new       (OtDataset          *dataset,
                                     const OtFilter     *filter,
                                     OtHistogramMeasure  measure);
void         ot_histogram_free      (OtHistogram        *histogram);
OtHistogram *ot_histogram_copy      (const OtHistogram  *histogram);

OtHistogramMeasure ot_histogram_get_measure (OtHistogram *histogram);
/* 0 when no incident is dated. */
guint        ot_histogram_get_n_months (OtHistogram     *histogram);
int          ot_histogram_get_first_month (OtHistogram  *histogram);
/* Slots are minerals in table order, then one for "no mineral". */
guint        ot_histogram_get_n_slots (OtHistogram      *histogram);
OtMineral    ot_histogram_slot_mineral (OtHistogram     *histogram,
                                        guint            slot);
double       ot_histogram_get_value (OtHistogram        *histogram,
                                     guint               index,
                                     guint               slot);
double       ot_histogram_get_total (OtHistogram        *histogram,
                                     guint               index);
double       ot_histogram_get_max_total (OtHistogram    *histogram);
/* Passing incidents whose date begins in the month at @index (a
 * year-only date begins in January), whatever the measure: the months
 * play stops at. */
guint        ot_histogram_get_n_starting (OtHistogram   *histogram,
                                          guint          index);
/* Passing incidents without a date (not in any bar). */
guint        ot_histogram_get_n_undated (OtHistogram    *histogram);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtHistogram, ot_histogram_free)

G_END_DECLS
