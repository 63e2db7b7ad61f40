/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-export-page.c: the page of an export, shared by the picture
 * (ot-export.c) and the network's files (ot-export-graph.c): its size
 * checked, and the viewport of the whole chart or of the screen's view. */
#include "ot-export-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ot-error.h"

#define MAX_PAGE_SIDE   20000
#define MAX_PIXEL_SIDE  32767    /* cairo's limit for image surfaces */
#define MAX_PIXELS      (100.0 * 1000 * 1000)   /* 400 MB of image in memory */
#define MAX_PDF_SIDE    14400    /* points (200 in): PDF's page limit (ISO 32000-1, C.2) */

void
ot_export_page_viewport (const OtScene          *scene,
                         const OtViewport       *screen,
                         const OtRenderOptions  *ropts,
                         double                  width,
                         double                  height,
                         OtViewport             *vp)
{
  OtRect world, area, screen_plot;

  if (screen == NULL)
    {
      ot_render_fit (scene, ropts, width, height, vp);
      return;
    }
  /* The part of the world in the screen's plot area (not under its
   * chrome), fitted to the export's plot area, with marks sized as they
   * were on screen: at the screen's size, the screen's own picture. */
  ot_render_plot_area (scene, ropts, screen->width, screen->height, &screen_plot);
  ot_viewport_to_world (screen, screen_plot.x0, screen_plot.y0, &world.x0, &world.y0);
  ot_viewport_to_world (screen, screen_plot.x1, screen_plot.y1, &world.x1, &world.y1);
  ot_render_plot_area (scene, ropts, width, height, &area);
  ot_viewport_fit_area (vp, &world, width, height, &area);
  vp->fit_scale = vp->scale / ot_viewport_zoom (screen);
}

gboolean
ot_export_check_options (const OtExportOptions *opts,
                         OtExportFormat         format,
                         const char            *display,
                         GError               **error)
{
  if (opts->width < 1 || opts->height < 1
      || opts->width > MAX_PAGE_SIDE || opts->height > MAX_PAGE_SIDE)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("Cannot export to “%s”: the size %d × %d is not between 1 and %d"),
                   display, opts->width, opts->height, MAX_PAGE_SIDE);
      return FALSE;
    }
  if (format == OT_EXPORT_PDF && (opts->width > MAX_PDF_SIDE || opts->height > MAX_PDF_SIDE))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                   _("Cannot export to “%s”: a PDF page is at most %d × %d points "
                     "(200 inches); %d × %d is larger"),
                   display, MAX_PDF_SIDE, MAX_PDF_SIDE, opts->width, opts->height);
      return FALSE;
    }
  if (!(opts->scale > 0) || !isfinite (opts->scale)
      || (format == OT_EXPORT_PNG
          && (ceil (opts->width * opts->scale) > MAX_PIXEL_SIDE
              || ceil (opts->height * opts->scale) > MAX_PIXEL_SIDE
              || ceil (opts->width * opts->scale) * ceil (opts->height * opts->scale) > MAX_PIXELS)))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                   _("Cannot export to “%s”: %d × %d at scale %g is too large for a PNG "
                     "(at most %d pixels a side and %.0f million in all)"),
                   display, opts->width, opts->height, opts->scale, MAX_PIXEL_SIDE,
                   MAX_PIXELS / 1e6);
      return FALSE;
    }
  return TRUE;
}
