/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-filter-sidebar.h: the filter controls (minerals, status, confidence,
 * concealment, declared-as labels, countries, companies, minimum
 * quantity) for a dataset, with counts that follow the filter.
 *
 * The filter is its workspace's (OtWorkspace, issue 16): a tick is a
 * call to ot_workspace_set_filter (), and the ticks, counts and summary
 * follow the workspace's "notify::filter", "notify::period" and
 * "notify::dataset", whoever made the change.  It emits "filter-changed"
 * after following one of them.  A sidebar given no workspace makes its
 * own. */
#pragma once

#include <adwaita.h>

#include "ot-dataset.h"
#include "ot-facets.h"
#include "ot-filter.h"
#include "ot-frame.h"
#include "ot-workspace.h"

G_BEGIN_DECLS

#define OT_TYPE_FILTER_SIDEBAR (ot_filter_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (OtFilterSidebar, ot_filter_sidebar, OT, FILTER_SIDEBAR, GtkWidget)

/* Longest list shown for methods, labels, countries and companies; the
 * rest are summed up in one line (search finds them). */
#define OT_FILTER_SIDEBAR_MAX_ROWS 40
/* Rows of those lists shown before "Show N more" (ticked ones always show). */
#define OT_FILTER_SIDEBAR_FOLDED_ROWS 6

GtkWidget      *ot_filter_sidebar_new         (void);
/* The workspace whose filter this shows and changes (NULL: a new one of
 * its own). */
void            ot_filter_sidebar_set_workspace (OtFilterSidebar *self,
                                                 OtWorkspace     *workspace);
OtWorkspace    *ot_filter_sidebar_get_workspace (OtFilterSidebar *self);
/* The workspace's dataset, set with its filter and period reset (one
 * batch). */
void            ot_filter_sidebar_set_dataset (OtFilterSidebar *self,
                                               OtDataset       *dataset);
OtDataset      *ot_filter_sidebar_get_dataset (OtFilterSidebar *self);
/* TRUE while the values of a new dataset and their counts (its facets)
 * are found in a worker, and while their rows are added (a few per
 * main-loop iteration) once they land. */
gboolean        ot_filter_sidebar_is_counting (OtFilterSidebar *self);
/* The workspace's filter with its period, as shown (never NULL). */
const OtFilter *ot_filter_sidebar_get_filter  (OtFilterSidebar *self);
/* Julian days, 0 for an open end: the workspace's period. */
void            ot_filter_sidebar_set_period  (OtFilterSidebar *self,
                                               guint32          from_day,
                                               guint32          to_day);
/* ot_workspace_reset (): back to everything (the period included). */
void            ot_filter_sidebar_reset       (OtFilterSidebar *self);

/* Ticks or unticks a mineral as the check box would (for the window's
 * legend and for tests). */
void            ot_filter_sidebar_set_mineral (OtFilterSidebar *self,
                                               OtMineral        mineral,
                                               gboolean         active);

/* From now on its counts come only from frames (a window's, issue 16):
 * it counts nothing itself, on any thread. */
void            ot_filter_sidebar_follow_frames (OtFilterSidebar *self);
/* A frame's counts: its facets, the values of the sidebar's dataset
 * counted under the frame's filter (a reference to @frame is kept; a frame
 * of another dataset is ignored). */
void            ot_filter_sidebar_show_frame  (OtFilterSidebar *self,
                                               OtFrame         *frame);

G_END_DECLS
