/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-export-private.h: what the exporters of src/core/export share:
 * the page a chart is exported on (ot-export-page.c), the network's graph
 * files (ot-export-graph.c) and its workbook (ot-export-xlsx.c). */
#pragma once

#include "ot-export.h"
#include "ot-render.h"

G_BEGIN_DECLS

/* The page of an export: @screen (the part of the world it shows, fitted
 * to the export's plot area, marks sized as on screen), or the whole
 * scene fitted when @screen is NULL. */
void     ot_export_page_viewport  (const OtScene          *scene,
                                   const OtViewport       *screen,
                                   const OtRenderOptions  *ropts,
                                   double                  width,
                                   double                  height,
                                   OtViewport             *vp);
/* The page size and scale of @opts for @format; an error naming
 * @display (the file) when they are out of range. */
gboolean ot_export_check_options  (const OtExportOptions  *opts,
                                   OtExportFormat          format,
                                   const char             *display,
                                   GError                **error);

/* GEXF 1.3 or GraphML (@format) of @network, positions from @scene (may
 * be NULL) on the page of @vp and @opts (ot-export-graph.c). */
gboolean ot_export_graph          (OtNetwork              *network,
                                   const OtScene          *scene,
                                   const OtViewport       *vp,
                                   const OtExportOptions  *opts,
                                   OtExportFormat          format,
                                   const char             *path,
                                   GError                **error);
/* TRUE: ot_export_graph () writes every element in the calling thread
 * (large networks are otherwise written by two); for tests. */
extern gboolean ot_export_graph_one_thread;
/* The workbook of @network's incidents and flows (ot-export-xlsx.c). */
gboolean ot_export_xlsx           (OtNetwork              *network,
                                   const char             *path,
                                   GError                **error);

G_END_DECLS
