/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-incident-table.h: the incidents passing the filter, one row each,
 * in the columns of the incident format (sortable, reorderable).
 * Selecting rows emits "incidents-selected" with their dataset indices
 * (a GArray of guint) so the chart can highlight their paths. */
#pragma once

#include <adwaita.h>

#include "ot-dataset.h"
#include "ot-network.h"
#include "ot-filter.h"
#include "ot-loader.h"

G_BEGIN_DECLS

#define OT_TYPE_INCIDENT_TABLE (ot_incident_table_get_type ())
G_DECLARE_FINAL_TYPE (OtIncidentTable, ot_incident_table, OT, INCIDENT_TABLE, GtkWidget)

GtkWidget  *ot_incident_table_new          (void);
void        ot_incident_table_set_dataset  (OtIncidentTable *self,
                                            OtDataset       *dataset);
OtDataset  *ot_incident_table_get_dataset  (OtIncidentTable *self);
/* Copied; NULL shows every incident. */
void        ot_incident_table_set_filter   (OtIncidentTable *self,
                                            const OtFilter  *filter);
/* The rows of a frame (issue 16): @network's filter mask and its included
 * incidents as ascending dataset indices, computed off the main thread
 * (ot-window-chart.c); the table keeps references and, from then on,
 * filters no more itself (set_filter () only records the filter). */
void        ot_incident_table_show_frame   (OtIncidentTable *self,
                                            OtNetwork       *network,
                                            GArray          *rows);
/* Rows shown. */
guint       ot_incident_table_get_n_shown  (OtIncidentTable *self);
/* The rows' model, in display order (of OtIncidentItem). */
GListModel *ot_incident_table_get_model    (OtIncidentTable *self);
/* Sorts by a column of the format (as a click on its header does). */
void        ot_incident_table_sort_by      (OtIncidentTable *self,
                                            OtColumn         column,
                                            GtkSortType      order);
/* What the incident @index shows in @column (NULL for an empty cell):
 * dates as ot_date_to_display() writes them, as in the details pane. */
char       *ot_incident_table_get_cell_text (OtIncidentTable *self,
                                             guint            index,
                                             OtColumn         column);
/* Selects the rows of these dataset indices (others unselected). */
void        ot_incident_table_select       (OtIncidentTable *self,
                                            const guint     *indices,
                                            guint            n_indices);
/* The same for a selection made on the chart: the rows follow it, and
 * "incidents-selected" is not emitted (it would pick them back). */
void        ot_incident_table_show_selected (OtIncidentTable *self,
                                             const guint     *indices,
                                             guint            n_indices);
/* The selected rows' incidents (dataset indices), a new array. */
GArray     *ot_incident_table_get_selected  (OtIncidentTable *self);
/* Writes the rows shown as spreadsheet-safe CSV, atomically
 * (ot_writer_write_csv_filtered), blocking; "Export CSV…" writes the same
 * in a worker thread (ot_writer_write_csv_filtered_async). */
gboolean    ot_incident_table_export_csv   (OtIncidentTable *self,
                                            GFile           *file,
                                            GError         **error);
/* What "Export CSV…" does: the rows shown written in a worker thread
 * (ot_writer_write_csv_filtered_async), then a toast saying how it went. */
void        ot_incident_table_save_csv     (OtIncidentTable *self,
                                            GFile           *file);

/* From now on its numbers come only from frames (a window's): a new
 * dataset or filter computes nothing here. */
void        ot_incident_table_follow_frames (OtIncidentTable *self);

G_END_DECLS
