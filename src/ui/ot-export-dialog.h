/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-export-dialog.h: Export…: format, size, whole chart or current view,
 * then a file chooser; writes with the core exporter, so the file shows
 * what the screen shows; or the network behind it as GEXF or GraphML, or
 * its incidents and flows as XLSX, or its incidents as FollowTheMoney
 * entities. */
#pragma once

#include <adwaita.h>

#include "ot-export.h"
#include "ot-scene.h"
#include "ot-viewport.h"

G_BEGIN_DECLS

#define OT_TYPE_EXPORT_DIALOG (ot_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OtExportDialog, ot_export_dialog, OT, EXPORT_DIALOG, AdwWindow)

/* @scene: what to export (finished); @viewport: the view on screen. */
OtExportDialog *ot_export_dialog_new          (GtkWindow        *parent,
                                               OtScene          *scene,
                                               const OtViewport *viewport,
                                               const char       *basename);

void            ot_export_dialog_set_format   (OtExportDialog   *self,
                                               OtExportFormat    format);
void            ot_export_dialog_set_size     (OtExportDialog   *self,
                                               int               width,
                                               int               height);
void            ot_export_dialog_set_whole_chart (OtExportDialog *self,
                                                  gboolean        whole);
/* The options chosen; @viewport: NULL (whole chart) or the screen's view. */
/* PNG only: @dpi 96, 192 or 300 (others round to the nearest), and
 * whether to leave out the background. */
void            ot_export_dialog_set_png_options (OtExportDialog *self,
                                                  double          dpi,
                                                  gboolean        transparent);
gboolean        ot_export_dialog_get_png_options_sensitive (OtExportDialog *self);
/* SVG only: labels as <text> or as glyph outlines; shown for SVG only. */
void            ot_export_dialog_set_svg_text (OtExportDialog   *self,
                                               OtSvgText         svg_text);
gboolean        ot_export_dialog_get_svg_options_visible (OtExportDialog *self);
/* Whether size and area mean something for the format chosen (a
 * picture, or a network whose marks are drawn). */
gboolean        ot_export_dialog_get_page_options_sensitive (OtExportDialog *self);
/* The network behind the scene, for the data formats (GEXF, GraphML,
 * XLSX, FtM); @network_marks: the scene's nodes and edges are its vertices and
 * edges (network and map views), so positions, colours and sizes go with
 * them. */
void            ot_export_dialog_set_network  (OtExportDialog   *self,
                                               OtNetwork        *network,
                                               gboolean          network_marks);
/* The budget of marks times @detail, as on screen (ot_canvas_get_detail()). */
void            ot_export_dialog_set_detail   (OtExportDialog   *self,
                                               double            detail);
void            ot_export_dialog_get_options  (OtExportDialog   *self,
                                               OtExportOptions  *opts,
                                               const OtViewport **viewport);
/* Writes the file with the chosen options and emits "exported".  The file
 * chooser's response calls this; tests call it directly. */
gboolean        ot_export_dialog_export_to    (OtExportDialog   *self,
                                               const char       *path,
                                               GError          **error);

G_END_DECLS
