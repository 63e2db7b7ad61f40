/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-export.h: writes a scene to PNG, SVG or PDF, and the network behind
 * it to GEXF, GraphML or XLSX, atomically: the file appears complete or
 * not at all.  See docs/rendering.md and docs/exchange-formats.md. */
#pragma once

#include <gio/gio.h>

#include "ot-network.h"
#include "ot-painter.h"
#include "ot-scene.h"
#include "ot-viewport.h"

G_BEGIN_DECLS

typedef enum {
  OT_EXPORT_AUTO,   /* from the file name's extension */
  OT_EXPORT_PNG,
  OT_EXPORT_SVG,
  OT_EXPORT_PDF,
  OT_EXPORT_GEXF,     /* the network: Gephi (GEXF 1.3) */
  OT_EXPORT_GRAPHML,  /* the network: Cytoscape, yEd, igraph, networkx */
  OT_EXPORT_XLSX,     /* the incidents and the network's flows: spreadsheets */
  OT_EXPORT_FTM,      /* the incidents as FollowTheMoney entities: Aleph (.ftm.json) */
} OtExportFormat;

/* TRUE for PNG, SVG and PDF (ot_export_scene ()); FALSE for the formats
 * of the network (ot_export_network ()). */
gboolean        ot_export_format_is_picture (OtExportFormat format);

typedef struct {
  OtExportFormat format;
  int            width;        /* page size in logical px; 0: 1600 x 1000 */
  int            height;
  double         scale;        /* PNG pixels per logical px (dpi / 96); 0: 1 */
  gboolean       transparent;  /* PNG: no background */
  OtSvgText      svg_text;     /* SVG: <text> (the default) or glyph outlines */
  guint          top_n;        /* the budget of flows (--top N, see
                                * OtRenderOptions); 0: from the plot area */
  double         detail;       /* the plot area's budget times this; 0: 1 */
} OtExportOptions;

void            ot_export_options_init     (OtExportOptions       *opts);

/* The format for a file name's extension (.png, .svg, .pdf, .gexf,
 * .graphml, .xlsx, .ftm.json, any case); an OT_ERROR_UNSUPPORTED error
 * otherwise. */
gboolean        ot_export_format_for_path  (const char            *path,
                                            OtExportFormat        *format,
                                            GError               **error);

/* Draws @scene (finished) exactly, within the budget of marks of the page's
 * plot area (docs/rendering.md), with the chrome, and writes it to @path through a temporary file in the same
 * folder renamed on success.  @vp: the part to show, as on screen (the
 * world in its plot area, clear of the chrome, is fitted to the export's
 * plot area, so at the screen's size the file is the screen's picture);
 * NULL for the whole chart.  On failure @path is untouched, no temporary file is left
 * and @error says what went wrong. */
gboolean        ot_export_scene            (const OtScene         *scene,
                                            const OtViewport      *vp,
                                            const OtExportOptions *opts,
                                            const char            *path,
                                            GError               **error);

/* Writes @network (the filtered network of a chart, in its projection)
 * as GEXF 1.3 or GraphML, or its incidents and flows as an XLSX workbook
 * (docs/exchange-formats.md), or its incidents as FollowTheMoney entities
 * (docs/ftm.md), through a temporary file in the same folder
 * renamed on success.  @scene: the chart's scene when its node and edge
 * ids are @network's vertices and edges (the network and map views,
 * OT_VIEW_CAP_NETWORK_MARKS), for positions, colours and sizes as drawn
 * and whether each mark is drawn within the budget of marks; NULL
 * otherwise (the flow view), and the graph files have no positions.
 * @vp, @opts: as for ot_export_scene () (the page the positions are
 * given on, the budget).  On failure @path is untouched and @error says
 * what went wrong. */
gboolean        ot_export_network          (OtNetwork             *network,
                                            const OtScene         *scene,
                                            const OtViewport      *vp,
                                            const OtExportOptions *opts,
                                            const char            *path,
                                            GError               **error);

/* Any picture drawn on an OtPainter, exported the same way (the trade
 * signals' small multiples, ot-signal-chart.h): @draw draws the page of
 * @opts' width × height logical px, its top left at (0, 0). */
typedef void (*OtExportDrawFunc) (OtPainter *painter,
                                  gpointer   data);

/* What a picture says of itself: the PNG's text chunks, the PDF's
 * information dictionary, the SVG's <title>, <desc> and Dublin Core. */
typedef struct {
  const char *title;         /* NULL: "Oretrace" */
  const char *description;   /* PNG Description, PDF Subject, dc:description */
  const char *source;        /* PNG Source, dc:source */
  const char *text;          /* the SVG's <desc>: all the picture's text, for
                              * readers; NULL: the description and source */
} OtExportInfo;

/* Writes the picture @draw draws to @path as ot_export_scene () writes a
 * chart: the format from @opts or the extension, the same size limits,
 * through a temporary file renamed on success (on failure @path is
 * untouched).  @draw may run in any thread that calls this. */
gboolean        ot_export_drawing          (OtExportDrawFunc       draw,
                                            gpointer               data,
                                            const OtExportInfo    *info,
                                            const OtExportOptions *opts,
                                            const char            *path,
                                            GError               **error);

G_END_DECLS
