/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-render-marks.c: the drawing primitives the plot and the legend share —
 * dash patterns, styled strokes (hollow bands, illustrative dots), node shapes and event
 * markers.  ot-render.c (the plot) and ot-render-chrome.c (the legend's
 * samples) call down into this file; it calls neither. */
#include "ot-render-private.h"

#include <math.h>

void
ot_render_set_dash (OtPainter *dc,
                    OtDash   dash,
                    double   width)
{
  double pattern[2];

  switch (dash)
    {
    case OT_DASH_DASHED:
      pattern[0] = MAX (4.0, 3.0 * width);
      pattern[1] = MAX (3.0, 2.0 * width);
      ot_painter_set_dash (dc, pattern, 2, 0);
      ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_BUTT);
      break;
    case OT_DASH_DOTTED:
      pattern[0] = 0;
      pattern[1] = MAX (3.0, 2.0 * width);
      ot_painter_set_dash (dc, pattern, 2, 0);
      ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_ROUND);
      break;
    case OT_DASH_SOLID:
    default:
      ot_painter_set_dash (dc, NULL, 0, 0);
      ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_BUTT);
      break;
    }
}

/* The dots of an illustrative stroke along the current path (cleared). */
static void
stroke_illustrative_dots (OtPainter     *dc,
                          const OtTheme *theme,
                          const OtRgba  *color,
                          double         alpha,
                          gboolean       hollow,
                          double         width)
{
  double d = CLAMP (width * 0.4, 1.2, 3.5);
  double pattern[2] = { 0, 2.6 * d };

  ot_painter_set_dash (dc, pattern, 2, 0);
  ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_ROUND);
  ot_set_rgba (dc, hollow ? color : &theme->background, (hollow ? 1 : 0.9) * alpha);
  ot_painter_set_line_width (dc, d);
  ot_painter_stroke (dc);
  ot_painter_set_dash (dc, NULL, 0, 0);
  ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_BUTT);
}

void
ot_render_stroke_styled (OtPainter     *dc,
                         const OtTheme *theme,
                         const OtRgba  *color,
                         double         alpha,
                         OtDash         styled,
                         double         width)
{
  OtDash dash = OT_DASH_BASE (styled);
  gboolean illustrative = OT_DASH_IS_ILLUSTRATIVE (styled);

  if (dash == OT_DASH_STATISTICAL)
    {
      /* Trade statistics (issue 18): a pale ribbon of the colour and a
       * thin spine along it, no rim (a rim is an alleged flow's), no
       * solid body (a confirmed one's): lawful trade stays quiet. */
      ot_painter_set_dash (dc, NULL, 0, 0);
      ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_BUTT);
      ot_set_rgba (dc, color, 0.22 * alpha);
      ot_painter_set_line_width (dc, width);
      ot_painter_stroke_preserve (dc);
      /* The spine keeps it apart from a faded flow (a pale band too). */
      ot_set_rgba (dc, color, 0.7 * alpha);
      ot_painter_set_line_width (dc, MIN (0.8, width / 2));
      ot_painter_stroke (dc);
      return;
    }

  if (illustrative && width < OT_RENDER_HOLLOW_MIN_WIDTH)
    {
      /* Too thin for dots inside: the line is dots (alleged only:
       * dashes and dots), unlike the long dashes of a thin hollow. */
      double dots[2] = { 0, MAX (2.5, 2.2 * width) };
      double dash_dot[4] = { MAX (3.0, 2.5 * width), MAX (2.5, 1.8 * width),
                             0, MAX (2.5, 1.8 * width) };

      if (dash == OT_DASH_HOLLOW)
        ot_painter_set_dash (dc, dash_dot, 4, 0);
      else
        ot_painter_set_dash (dc, dots, 2, 0);
      ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_ROUND);
      ot_set_rgba (dc, color, alpha);
      ot_painter_set_line_width (dc, width);
      ot_painter_stroke (dc);
      ot_painter_set_dash (dc, NULL, 0, 0);
      ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_BUTT);
      return;
    }
  if (dash == OT_DASH_HOLLOW && width >= OT_RENDER_HOLLOW_MIN_WIDTH)
    {
      /* A rim of 28 % of the width (1 to 3.5 px) on each side: the band
       * still reads as one band, not as two lines. */
      double rim = CLAMP (width * 0.28, 1.0, 3.5);

      ot_render_set_dash (dc, OT_DASH_SOLID, width);
      ot_set_rgba (dc, color, alpha);
      ot_painter_set_line_width (dc, width);
      ot_painter_stroke_preserve (dc);
      ot_set_rgba (dc, &theme->background, alpha);
      ot_painter_set_line_width (dc, width - 2 * rim);
      ot_painter_stroke_preserve (dc);
      /* A faint wash of the colour inside keeps a wide band one mark;
       * the rim, not the lightness, tells the status. */
      ot_set_rgba (dc, color, 0.3 * alpha);
      if (!illustrative)
        {
          ot_painter_stroke (dc);
          return;
        }
      ot_painter_stroke_preserve (dc);
      stroke_illustrative_dots (dc, theme, color, alpha, TRUE, width);
      return;
    }
  if (dash == OT_DASH_HOLLOW)
    {
      /* Too thin for a hollow: long dashes and short gaps (3 and 0.7
       * widths), so the line stays one line, not loose blocks. */
      double pattern[2] = { MAX (4.0, 3.0 * width), MAX (1.5, 0.7 * width) };

      ot_painter_set_dash (dc, pattern, 2, 0);
      ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_BUTT);
    }
  else
    ot_render_set_dash (dc, dash, width);
  ot_set_rgba (dc, color, alpha);
  ot_painter_set_line_width (dc, width);
  if (!illustrative)
    {
      ot_painter_stroke (dc);
      return;
    }
  ot_painter_stroke_preserve (dc);
  stroke_illustrative_dots (dc, theme, color, alpha, FALSE, width);
}

void
ot_render_node_shape (OtPainter   *dc,
                      OtNodeShape  shape,
                      double       x,
                      double       y,
                      double       r)
{
  double h;

  switch (shape)
    {
    case OT_NODE_SQUARE:
      h = r * 0.886;   /* the same area as the circle */
      ot_painter_rectangle (dc, x - h, y - h, 2 * h, 2 * h);
      break;
    case OT_NODE_DIAMOND:
      h = r * 1.253;
      ot_painter_move_to (dc, x, y - h);
      ot_painter_line_to (dc, x + h, y);
      ot_painter_line_to (dc, x, y + h);
      ot_painter_line_to (dc, x - h, y);
      ot_painter_close_path (dc);
      break;
    case OT_NODE_BAR:
      ot_painter_rectangle (dc, x - r * 0.4, y - r, r * 0.8, 2 * r);
      break;
    case OT_NODE_CIRCLE:
    default:
      ot_painter_new_sub_path (dc);
      ot_painter_arc (dc, x, y, r, 0, 2 * G_PI);
      ot_painter_close_path (dc);
      break;
    }
}

static void
star_path (OtPainter *dc,
           double   x,
           double   y,
           double   outer)
{
  for (guint k = 0; k < 10; k++)
    {
      double r = (k % 2 == 0) ? outer : outer * 0.45;
      double a = -G_PI / 2 + k * G_PI / 5;

      if (k == 0)
        ot_painter_move_to (dc, x + r * cos (a), y + r * sin (a));
      else
        ot_painter_line_to (dc, x + r * cos (a), y + r * sin (a));
    }
  ot_painter_close_path (dc);
}

void
ot_render_marker (OtPainter     *dc,
                  const OtTheme *theme,
                  OtMarkerShape  shape,
                  const OtRgba  *color,
                  double         x,
                  double         y,
                  double         size)
{
  double h = size / 2;

  ot_painter_new_path (dc);
  ot_painter_set_dash (dc, NULL, 0, 0);
  switch (shape)
    {
    case OT_MARKER_CROSS:
      ot_painter_move_to (dc, x - h, y - h);
      ot_painter_line_to (dc, x + h, y + h);
      ot_painter_move_to (dc, x + h, y - h);
      ot_painter_line_to (dc, x - h, y + h);
      ot_painter_set_line_cap (dc, CAIRO_LINE_CAP_ROUND);
      ot_set_rgba (dc, &theme->background, 0.9);
      ot_painter_set_line_width (dc, MAX (1.5, size / 4) + 2.5);
      ot_painter_stroke_preserve (dc);
      ot_set_rgba (dc, color, 1);
      ot_painter_set_line_width (dc, MAX (1.5, size / 4));
      ot_painter_stroke (dc);
      break;
    case OT_MARKER_TRIANGLE:
      ot_painter_move_to (dc, x, y - h * 1.15);
      ot_painter_line_to (dc, x + h, y + h * 0.75);
      ot_painter_line_to (dc, x - h, y + h * 0.75);
      ot_painter_close_path (dc);
      goto outline_fill;
    case OT_MARKER_STAR:
    default:
      star_path (dc, x, y, h * 1.2);
    outline_fill:
      ot_painter_set_line_join (dc, CAIRO_LINE_JOIN_ROUND);
      ot_set_rgba (dc, color, 1);
      ot_painter_fill_preserve (dc);
      ot_set_rgba (dc, &theme->background, 0.95);
      ot_painter_set_line_width (dc, 1.2);
      ot_painter_stroke (dc);
      break;
    }
}
