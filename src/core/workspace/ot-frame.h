/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-frame.h: what one chart update gives every view (issue 16).
 *
 * A frame is made in the update's worker thread, after ot_chart_update (),
 * from the chart's one filter pass: the network (its filter mask), the
 * scene, the included incidents as an index array (the incidents table's
 * rows), the timeline's histogram and the filter sidebar's faceted counts.
 * So facets, histogram and table take their numbers from the same result
 * as the chart, and the main thread only shows them.  A frame is
 * immutable and reference counted: any thread may read it.
 *
 * An OtFrameCache keeps what frames of one dataset share: the dataset's
 * facet values and what each incident has (ot_facets_new (), the costly
 * part), built by the first frame of a dataset and copied (ot_facets_copy
 * ()) and recounted by each.  It has a lock, so frames may be made in any
 * thread; the facets of a dataset it lets go are freed in the thread that
 * makes the next frame.
 *
 * A dataset's first frame may come uncounted (no facets): its chart is
 * shown while the facet values are built, and ot_frame_count_facets ()
 * makes the counted frame after (issue 20: at 1M incidents the values
 * take twice as long as the chart's network). */
#pragma once

#include "ot-chart.h"
#include "ot-facets.h"
#include "ot-timeline-data.h"

G_BEGIN_DECLS

typedef struct _OtFrame OtFrame;
typedef struct _OtFrameCache OtFrameCache;

OtFrameCache *ot_frame_cache_new     (void);
OtFrameCache *ot_frame_cache_ref     (OtFrameCache *cache);
void          ot_frame_cache_unref   (OtFrameCache *cache);
/* Whether @cache holds @dataset's facet values already. */
gboolean      ot_frame_cache_has     (OtFrameCache *cache,
                                      OtDataset    *dataset);
/* Builds @dataset's facet values into @cache now, unless there (blocking:
 * in a worker).  ot_frame_cache_has () answers meanwhile. */
void          ot_frame_cache_prepare (OtFrameCache *cache,
                                      OtDataset    *dataset);

/* The frame of @chart as its last ot_chart_update () left it (call it in
 * the thread that updated it, before the chart's inputs change); NULL when
 * the chart has no network.  @measure: the timeline's. */
OtFrame      *ot_frame_new_from_chart (OtChart            *chart,
                                       OtFrameCache       *cache,
                                       OtHistogramMeasure  measure);
/* The same with what the caller has: @cache NULL makes it uncounted
 * (ot_frame_get_facets () is NULL, at once); @histogram (taken), when not
 * NULL, is the frame's, made beside the chart's update by the caller
 * (ot_histogram_new () with the chart's filter and @measure). */
OtFrame      *ot_frame_new_from_chart_parts (OtChart            *chart,
                                             OtFrameCache       *cache,
                                             OtHistogram        *histogram,
                                             OtHistogramMeasure  measure);
/* A new frame: @frame with its facets counted under its filter (building
 * @cache's values for its dataset first when they are not there).
 * Blocking: in a worker. */
OtFrame      *ot_frame_count_facets  (OtFrame      *frame,
                                      OtFrameCache *cache);
/* @frame with @before's counted facets, when both come from the same
 * network (a restyle: a selection, the theme, a dragged vertex; the
 * same dataset and filter): a new frame, or NULL when they do not, or
 * @frame is counted, or @before is not. */
OtFrame      *ot_frame_reuse_facets  (OtFrame      *frame,
                                      OtFrame      *before);
OtFrame      *ot_frame_ref           (OtFrame      *frame);
void          ot_frame_unref         (OtFrame      *frame);

/* All owned by @frame and never changed. */
OtNetwork    *ot_frame_get_network   (OtFrame      *frame);
OtScene      *ot_frame_get_scene     (OtFrame      *frame);   /* may be NULL */
/* The incidents the filter includes, as ascending guint dataset indices. */
GArray       *ot_frame_get_rows      (OtFrame      *frame);
OtHistogram  *ot_frame_get_histogram (OtFrame      *frame);
/* The dataset's facet values counted under the frame's filter (read it
 * only: never ot_facets_set_filter () it); NULL in an uncounted frame. */
OtFacets     *ot_frame_get_facets    (OtFrame      *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtFrame, ot_frame_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtFrameCache, ot_frame_cache_unref)

G_END_DECLS
