/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-timeline.h: a strip of incidents (or kg) per month, stacked by
 * mineral, with the export-control dates marked and a range the user
 * drags (two handles, or the middle) to set the period.  Play moves the
 * range month by month, over the months with incidents ("playing"
 * tells when it starts and stops).
 *
 * The period is whole months; covering every month means no period
 * (0, 0), so undated records stay in.  "period-changed" is emitted on
 * every change the user (or play, or ot_timeline_set_period()) makes. */
#pragma once

#include <adwaita.h>

#include "ot-dataset.h"
#include "ot-filter.h"
#include "ot-timeline-data.h"

G_BEGIN_DECLS

#define OT_TYPE_TIMELINE (ot_timeline_get_type ())
G_DECLARE_FINAL_TYPE (OtTimeline, ot_timeline, OT, TIMELINE, GtkWidget)

/* Months the range spans when play starts from "all time". */
#define OT_TIMELINE_PLAY_WINDOW 3
/* Time between two steps of play. */
#define OT_TIMELINE_PLAY_INTERVAL_MS 700

GtkWidget  *ot_timeline_new          (void);
void        ot_timeline_set_dataset  (OtTimeline     *self,
                                      OtDataset      *dataset);
OtDataset  *ot_timeline_get_dataset  (OtTimeline     *self);
/* The bars count what @filter lets through, its period aside (copied;
 * NULL for all). */
void        ot_timeline_set_filter   (OtTimeline     *self,
                                      const OtFilter *filter);
/* The bars of a frame (issue 16): a histogram of the timeline's dataset
 * and measure, made off the main thread (ot-window-chart.c); taken.  From
 * then on set_filter () only records the filter, and only a change of
 * measure bins on the main thread. */
void        ot_timeline_show_frame   (OtTimeline     *self,
                                      OtHistogram    *histogram);
void        ot_timeline_set_measure  (OtTimeline     *self,
                                      OtHistogramMeasure measure);
OtHistogramMeasure ot_timeline_get_measure (OtTimeline *self);

/* Julian days of the period, 0, 0 when it is all time. */
void        ot_timeline_get_period   (OtTimeline     *self,
                                      guint32        *from_day,
                                      guint32        *to_day);
/* Widened to whole months and clamped to the data; 0 leaves an end open. */
void        ot_timeline_set_period   (OtTimeline     *self,
                                      guint32         from_day,
                                      guint32         to_day);
/* The range in months (year * 12 + month - 1), both ends inclusive;
 * FALSE when there are no dated records. */
gboolean    ot_timeline_get_range    (OtTimeline     *self,
                                      int            *first,
                                      int            *last);
gboolean    ot_timeline_set_range    (OtTimeline     *self,
                                      int             first,
                                      int             last);

void        ot_timeline_set_playing  (OtTimeline     *self,
                                      gboolean        playing);
gboolean    ot_timeline_get_playing  (OtTimeline     *self);
/* One step of play: the range moves on to the next month holding an
 * incident the filter lets through, so empty months take no time
 * (starting a window at the first month when the range is all time, moved
 * on to the first incident).  FALSE, and play stops, when no later month
 * holds one. */
gboolean    ot_timeline_step         (OtTimeline     *self);
/* While playing, the days from the range's start when play began to the
 * last month (the chart's width scale covers them); 0, 0 otherwise. */
void        ot_timeline_get_play_period (OtTimeline  *self,
                                         guint32     *from_day,
                                         guint32     *to_day);

/* From now on its numbers come only from frames (a window's): a new
 * dataset or filter computes nothing here. */
void        ot_timeline_follow_frames (OtTimeline *self);

G_END_DECLS
