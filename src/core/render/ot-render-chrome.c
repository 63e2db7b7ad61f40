/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-render-chrome.c: title, subtitle, legend and source line, drawn in
 * page coordinates over the marks. */
#include "ot-render-private.h"

#include <math.h>

#define TITLE_SIZE          19.0
#define SUBTITLE_SIZE       12.5
#define SOURCE_SIZE         10.5
#define LEGEND_HEADER_SIZE  10.5
#define LEGEND_TEXT_SIZE    11.5
#define LEGEND_PAD          12.0
#define LEGEND_SAMPLE_W     30.0
#define LEGEND_SAMPLE_GAP   8.0
#define LEGEND_SECTION_GAP  10.0
#define LEGEND_ROW_GAP      5.0
#define LEGEND_MIN_PAGE_W   480.0
#define LEGEND_MAX_SHARE    0.25   /* of the page width, for a legend column */
#define LEGEND_ROWS_SHARE   0.35   /* of the plot height, for legend rows */
#define LEGEND_MIN_PLOT_H   120.0  /* px of chart left above rows taken anyway */
#define LEGEND_MAX_COLUMN_SHARE 0.45  /* a wider column only when rows do not fit */
#define LEGEND_COLUMN_BIAS  1.5    /* a column may cost the plot this much more
                                    * area than rows and still be chosen */
#define LEGEND_ITEM_GAP     14.0   /* between items in a row */
#define LEGEND_GROUP_GAP    26.0   /* between sections in a row */
#define CAPTION_SIZE        12.0
#define HEADER_GAP          14.0
#define EMPTY_SIZE          16.0   /* the message of an empty plot */
#define EMPTY_PAD           14.0

static PangoLayout *
text_layout (PangoContext  *context,
             const OtTheme *theme,
             double         size,
             gboolean       bold)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = ot_scene_font (theme, size, bold);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* Sets @text (ellipsized to @max_width px when > 0) and returns its size. */
static void
set_text (PangoLayout *layout,
          const char  *text,
          double       max_width,
          double      *w,
          double      *h)
{
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_extents (layout, NULL, &logical);
  if (w != NULL)
    *w = (double) logical.width / PANGO_SCALE;
  if (h != NULL)
    *h = (double) logical.height / PANGO_SCALE;
}

static double
sample_height (const OtLegendItem *item)
{
  switch (item->kind)
    {
    case OT_LEGEND_LINE:
      return MAX (item->width, 2);
    case OT_LEGEND_SWATCH:
    case OT_LEGEND_SHAPE:
    case OT_LEGEND_MARKER:
      return 12;
    case OT_LEGEND_SECTION:
    default:
      return 0;
    }
}

static void
draw_sample (OtPainter          *dc,
             const OtTheme      *theme,
             const OtLegendItem *item,
             double              x,
             double              cy)
{
  ot_painter_new_path (dc);
  switch (item->kind)
    {
    case OT_LEGEND_SWATCH:
      {
        double s = 12, r = 2.5, x0 = x + (LEGEND_SAMPLE_W - s) / 2, y0 = cy - s / 2;

        ot_painter_new_sub_path (dc);
        ot_painter_arc (dc, x0 + s - r, y0 + r, r, -G_PI / 2, 0);
        ot_painter_arc (dc, x0 + s - r, y0 + s - r, r, 0, G_PI / 2);
        ot_painter_arc (dc, x0 + r, y0 + s - r, r, G_PI / 2, G_PI);
        ot_painter_arc (dc, x0 + r, y0 + r, r, G_PI, 3 * G_PI / 2);
        ot_painter_close_path (dc);
        ot_set_rgba (dc, &item->color, 1);
        ot_painter_fill_preserve (dc);
        ot_set_rgba (dc, &theme->outline, 0.35);
        ot_painter_set_line_width (dc, 1);
        ot_painter_stroke (dc);
      }
      break;
    case OT_LEGEND_LINE:
      ot_painter_move_to (dc, x, cy);
      ot_painter_line_to (dc, x + LEGEND_SAMPLE_W, cy);
      ot_render_stroke_styled (dc, theme, &item->color, 1, item->dash, item->width);
      ot_painter_set_dash (dc, NULL, 0, 0);
      break;
    case OT_LEGEND_SHAPE:
      ot_render_node_shape (dc, item->shape, x + LEGEND_SAMPLE_W / 2, cy, 5.5);
      ot_set_rgba (dc, &item->color, 1);
      ot_painter_fill_preserve (dc);
      ot_set_rgba (dc, &theme->outline, 1);
      ot_painter_set_line_width (dc, 1);
      ot_painter_stroke (dc);
      break;
    case OT_LEGEND_MARKER:
      ot_render_marker (dc, theme, item->shape, &item->color, x + LEGEND_SAMPLE_W / 2, cy, 12);
      break;
    case OT_LEGEND_SECTION:
    default:
      break;
    }
}

/* Height of legend item @i's row. */
static double
legend_row_height (PangoLayout   *header,
                   PangoLayout   *text,
                   const OtScene *scene,
                   guint          i)
{
  const OtLegendItem *item = &g_array_index (scene->legend, OtLegendItem, i);
  double th;

  if (item->kind == OT_LEGEND_SECTION)
    {
      set_text (header, item->label, 0, NULL, &th);
      return th + 3;
    }
  set_text (text, item->label, 0, NULL, &th);
  return MAX (th, sample_height (item));
}

/* Height that must fit in a column before item @i is placed: a section
 * with all its items when the section fits in @max_height, else the
 * header and its first item, so a header never ends a column. */
static double
legend_keep_height (PangoLayout   *header,
                    PangoLayout   *text,
                    const OtScene *scene,
                    guint          i,
                    double         max_height)
{
  const OtLegendItem *item = &g_array_index (scene->legend, OtLegendItem, i);
  double whole, first;
  guint k;

  whole = first = legend_row_height (header, text, scene, i);
  if (item->kind != OT_LEGEND_SECTION)
    return whole;
  for (k = i + 1; k < scene->legend->len
       && g_array_index (scene->legend, OtLegendItem, k).kind != OT_LEGEND_SECTION; k++)
    {
      double row = legend_row_height (header, text, scene, k);

      if (k == i + 1)
        first += row;
      whole += row + (k > i + 1 ? LEGEND_ROW_GAP : 0);
    }
  return whole <= max_height ? whole : first;
}

/* Lays the legend out from (@x, @y) in columns at most @max_height tall,
 * drawing when @dc is not NULL, and returns the size of its content. */
static void
legend_walk (OtPainter     *dc,
             PangoContext  *context,
             const OtScene *scene,
             double         x,
             double         y,
             double         max_height,
             double        *width,
             double        *height)
{
  const OtTheme *theme = &scene->theme;
  g_autoptr(PangoLayout) header = text_layout (context, theme, LEGEND_HEADER_SIZE, TRUE);
  g_autoptr(PangoLayout) text = text_layout (context, theme, LEGEND_TEXT_SIZE, FALSE);
  double at = y, col_x = x, col_w = 0, tallest = 0;

  for (guint i = 0; i < scene->legend->len; i++)
    {
      const OtLegendItem *item = &g_array_index (scene->legend, OtLegendItem, i);
      double tw, th, row;

      if (item->kind == OT_LEGEND_SECTION && at > y)
        at += LEGEND_SECTION_GAP;
      /* Start a new column when this row does not fit in the current one. */
      if (at > y && at + legend_keep_height (header, text, scene, i, max_height) > y + max_height)
        {
          tallest = MAX (tallest, at - y - LEGEND_ROW_GAP);
          col_x += col_w + 2 * LEGEND_PAD;
          col_w = 0;
          at = y;
        }

      if (item->kind == OT_LEGEND_SECTION)
        {
          set_text (header, item->label, 0, &tw, &th);
          if (dc != NULL)
            {
              ot_painter_move_to (dc, col_x, at);
              ot_set_rgba (dc, &theme->text_muted, 1);
              ot_painter_show_layout (dc, header);
            }
          col_w = MAX (col_w, tw);
          at += th + 3;
          continue;
        }

      set_text (text, item->label, 0, &tw, &th);
      row = MAX (th, sample_height (item));
      if (dc != NULL)
        {
          draw_sample (dc, theme, item, col_x, at + row / 2);
          ot_painter_move_to (dc, col_x + LEGEND_SAMPLE_W + LEGEND_SAMPLE_GAP, at + (row - th) / 2);
          ot_set_rgba (dc, &theme->text, 1);
          ot_painter_show_layout (dc, text);
        }
      col_w = MAX (col_w, LEGEND_SAMPLE_W + LEGEND_SAMPLE_GAP + tw);
      at += row + LEGEND_ROW_GAP;
    }
  tallest = MAX (tallest, at - y - LEGEND_ROW_GAP);
  *width = col_x + col_w - x;
  *height = MAX (0, tallest);
}

/* Width of legend item @i in the compact form (sample and text, or a
 * section's header). */
static double
strip_item_width (PangoLayout        *header,
                  PangoLayout        *text,
                  const OtLegendItem *item)
{
  double tw;

  if (item->kind == OT_LEGEND_SECTION)
    {
      set_text (header, item->label, 0, &tw, NULL);
      return tw + LEGEND_SAMPLE_GAP;
    }
  set_text (text, item->label, 0, &tw, NULL);
  return LEGEND_SAMPLE_W + LEGEND_SAMPLE_GAP + tw;
}

/* The compact legend: its items in rows at most @max_width wide from
 * (@x, @y), each section's header leading its items, a header never last
 * in a row; draws when @dc is not NULL and returns the height. */
static double
legend_strip_walk (OtPainter     *dc,
                   PangoContext  *context,
                   const OtScene *scene,
                   double         x,
                   double         y,
                   double         max_width)
{
  const OtTheme *theme = &scene->theme;
  g_autoptr(PangoLayout) header = text_layout (context, theme, LEGEND_HEADER_SIZE, TRUE);
  g_autoptr(PangoLayout) text = text_layout (context, theme, LEGEND_TEXT_SIZE, FALSE);
  double at = x, row_y = y, row_h = 0;

  /* Every row as tall as the tallest item, so items line up. */
  for (guint i = 0; i < scene->legend->len; i++)
    row_h = MAX (row_h, legend_row_height (header, text, scene, i));
  for (guint i = 0; i < scene->legend->len; i++)
    {
      const OtLegendItem *item = &g_array_index (scene->legend, OtLegendItem, i);
      double w = strip_item_width (header, text, item), keep = w, th;

      if (item->kind == OT_LEGEND_SECTION && i + 1 < scene->legend->len)
        keep += strip_item_width (header, text, &g_array_index (scene->legend, OtLegendItem, i + 1));
      if (item->kind == OT_LEGEND_SECTION && at > x)
        at += LEGEND_GROUP_GAP - LEGEND_ITEM_GAP;
      if (at > x && at + keep > x + max_width)
        {
          row_y += row_h + LEGEND_ROW_GAP;
          at = x;
        }
      set_text (item->kind == OT_LEGEND_SECTION ? header : text, item->label, 0, NULL, &th);
      if (dc != NULL)
        {
          double cy = row_y + row_h / 2;

          if (item->kind == OT_LEGEND_SECTION)
            {
              ot_painter_move_to (dc, at, cy - th / 2);
              ot_set_rgba (dc, &theme->text_muted, 1);
              ot_painter_show_layout (dc, header);
            }
          else
            {
              draw_sample (dc, theme, item, at, cy);
              ot_painter_move_to (dc, at + LEGEND_SAMPLE_W + LEGEND_SAMPLE_GAP, cy - th / 2);
              ot_set_rgba (dc, &theme->text, 1);
              ot_painter_show_layout (dc, text);
            }
        }
      at += w + LEGEND_ITEM_GAP;
    }
  return scene->legend->len > 0 ? row_y + row_h - y : 0;
}

/* Whether the scene gets the budget's caption line: it has flows or
 * places (a Sankey's columns are never hidden). */
static gboolean
wants_caption (const OtScene *scene)
{
  if (scene->edges->len > 0 || scene->trade->len > 0)
    return TRUE;
  for (guint i = 0; i < scene->nodes->len; i++)
    if (g_array_index (scene->nodes, OtNodeItem, i).shape != OT_NODE_BAR)
      return TRUE;
  return FALSE;
}

void
ot_render_chrome_layout (PangoContext          *context,
                         const OtScene         *scene,
                         const OtRenderOptions *opts,
                         double                 width,
                         double                 height,
                         OtChromeLayout        *out)
{
  const OtTheme *theme = &scene->theme;
  double y, h;

  out->margin = width >= 600 ? 24 : 12;
  out->text_width = MAX (1, width - 2 * out->margin);
  ot_rect_init_empty (&out->legend);
  ot_rect_init_empty (&out->header);
  ot_rect_init_empty (&out->footer);
  out->title_y = out->subtitle_y = out->caption_y = out->source_y = -1;
  out->legend_compact = FALSE;

  if (!opts->show_chrome)
    {
      out->plot = (OtRect) { out->margin, out->margin, width - out->margin, height - out->margin };
      return;
    }

  y = out->margin;
  if (scene->title != NULL)
    {
      g_autoptr(PangoLayout) layout = text_layout (context, theme, TITLE_SIZE, TRUE);

      set_text (layout, scene->title, out->text_width, NULL, &h);
      out->title_y = y;
      y += h;
    }
  if (scene->subtitle != NULL)
    {
      g_autoptr(PangoLayout) layout = text_layout (context, theme, SUBTITLE_SIZE, FALSE);

      set_text (layout, scene->subtitle, out->text_width, NULL, &h);
      out->subtitle_y = y + 2;
      y += h + 2;
    }
  if (wants_caption (scene))
    {
      g_autoptr(PangoLayout) layout = text_layout (context, theme, CAPTION_SIZE, FALSE);

      /* One line whatever it will say: the budget depends on the plot. */
      set_text (layout, "Showing 0123456789", out->text_width, NULL, &h);
      out->caption_y = y + 2;
      y += h + 2;
    }
  if (scene->title != NULL || scene->subtitle != NULL || out->caption_y >= 0)
    {
      out->header = (OtRect) { out->margin, out->margin, width - out->margin, y };
      y += HEADER_GAP;
    }

  out->plot = (OtRect) { out->margin, y, width - out->margin, height - out->margin };
  if (scene->source != NULL)
    {
      g_autoptr(PangoLayout) layout = text_layout (context, theme, SOURCE_SIZE, FALSE);

      set_text (layout, scene->source, out->text_width, NULL, &h);
      out->source_y = height - out->margin - h;
      out->plot.y1 = out->source_y - 10;
      out->footer = (OtRect) { out->margin, out->source_y, width - out->margin,
                               out->source_y + h };
    }

  if (scene->legend->len > 0 && width >= LEGEND_MIN_PAGE_W)
    {
      double lw, lh, sh;

      legend_walk (NULL, context, scene, 0, 0,
                   out->plot.y1 - out->plot.y0 - 2 * LEGEND_PAD, &lw, &lh);
      lw = ceil (lw + 2 * LEGEND_PAD);
      lh = ceil (lh + 2 * LEGEND_PAD);
      /* A column beside the plot when it is narrow or costs the plot
       * little more than rows would, else the compact form (rows under the
       * plot) when it takes little of the height, else a wider column; no
       * legend only when neither leaves a chart. */
      double plot_w = out->plot.x1 - out->plot.x0, plot_h = out->plot.y1 - out->plot.y0;

      sh = ceil (legend_strip_walk (NULL, context, scene, 0, 0, out->text_width - 2 * LEGEND_PAD)
                 + 2 * LEGEND_PAD);
      if ((lw > LEGEND_MAX_SHARE * width
           && (lw + 16) * plot_h > LEGEND_COLUMN_BIAS * (sh + 10) * plot_w
           && sh <= LEGEND_ROWS_SHARE * plot_h)
          /* Too wide for a column: rows rather than no legend, as long as
           * a chart is left above them. */
          || (lw > LEGEND_MAX_COLUMN_SHARE * width && plot_h - sh - 10 >= LEGEND_MIN_PLOT_H))
        {
          out->legend_compact = TRUE;
          out->legend = (OtRect) { out->margin, out->plot.y1 - sh, width - out->margin, out->plot.y1 };
          out->plot.y1 = out->legend.y0 - 10;
          return;
        }
      if (lw > LEGEND_MAX_COLUMN_SHARE * width)
        return;
      out->legend = (OtRect) { width - out->margin - lw, out->plot.y0,
                               width - out->margin, out->plot.y0 + lh };
      out->plot.x1 = out->legend.x0 - 16;
    }
}

static void
rounded_rect (OtPainter    *dc,
              const OtRect *r,
              double        radius)
{
  ot_painter_new_sub_path (dc);
  ot_painter_arc (dc, r->x1 - radius, r->y0 + radius, radius, -G_PI / 2, 0);
  ot_painter_arc (dc, r->x1 - radius, r->y1 - radius, radius, 0, G_PI / 2);
  ot_painter_arc (dc, r->x0 + radius, r->y1 - radius, radius, G_PI / 2, G_PI);
  ot_painter_arc (dc, r->x0 + radius, r->y0 + radius, radius, G_PI, 3 * G_PI / 2);
  ot_painter_close_path (dc);
}

/* A panel (the legend's, an empty plot's message's): rounded, filled,
 * with a 1 px border; @box half-pixel aligned. */
static void
draw_panel (OtPainter     *dc,
            const OtTheme *theme,
            const OtRect  *box)
{
  rounded_rect (dc, box, 6);
  ot_set_rgba (dc, &theme->panel, 1);
  ot_painter_fill_preserve (dc);
  ot_set_rgba (dc, &theme->panel_border, 1);
  ot_painter_set_line_width (dc, 1);
  ot_painter_stroke (dc);
}

static void
draw_text (OtPainter     *dc,
           PangoContext  *context,
           const OtTheme *theme,
           const char    *text,
           double         size,
           gboolean       bold,
           const OtRgba  *color,
           double         x,
           double         y,
           double         max_width)
{
  g_autoptr(PangoLayout) layout = text_layout (context, theme, size, bold);

  set_text (layout, text, max_width, NULL, NULL);
  ot_painter_move_to (dc, x, y);
  ot_set_rgba (dc, color, 1);
  ot_painter_show_layout (dc, layout);
}

/* The scene's empty message, centred in the plot on a panel (a map's
 * world may be under it), ellipsized to the plot's width. */
static void
draw_empty_message (OtPainter            *dc,
                    PangoContext         *context,
                    const OtScene        *scene,
                    const OtChromeLayout *layout)
{
  const OtTheme *theme = &scene->theme;
  g_autoptr(PangoLayout) text = text_layout (context, theme, EMPTY_SIZE, TRUE);
  double pw = layout->plot.x1 - layout->plot.x0, ph = layout->plot.y1 - layout->plot.y0;
  double w, h, x, y;
  OtRect box;

  if (pw < 2 * EMPTY_PAD + 8 || ph < 2 * EMPTY_PAD + 8)
    return;
  set_text (text, scene->empty_message, pw - 2 * EMPTY_PAD, &w, &h);
  x = floor (layout->plot.x0 + (pw - w) / 2);
  y = floor (layout->plot.y0 + (ph - h) / 2);
  box = (OtRect) { x - EMPTY_PAD + 0.5, y - EMPTY_PAD / 2 + 0.5,
                   ceil (x + w + EMPTY_PAD) - 0.5, ceil (y + h + EMPTY_PAD / 2) - 0.5 };
  draw_panel (dc, theme, &box);
  ot_painter_move_to (dc, x, y);
  ot_set_rgba (dc, &theme->text, 1);
  ot_painter_show_layout (dc, text);
}

void
ot_render_chrome_draw (OtPainter            *dc,
                       PangoContext         *context,
                       const OtScene        *scene,
                       const OtChromeLayout *layout,
                       const char           *caption)
{
  const OtTheme *theme = &scene->theme;
  double m = layout->margin;

  ot_painter_save (dc);
  ot_painter_new_path (dc);
  if (layout->title_y >= 0)
    draw_text (dc, context, theme, scene->title, TITLE_SIZE, TRUE, &theme->text,
               m, layout->title_y, layout->text_width);
  if (layout->subtitle_y >= 0)
    draw_text (dc, context, theme, scene->subtitle, SUBTITLE_SIZE, FALSE, &theme->text_muted,
               m, layout->subtitle_y, layout->text_width);
  if (layout->caption_y >= 0 && caption != NULL)
    draw_text (dc, context, theme, caption, CAPTION_SIZE, FALSE, &theme->text,
               m, layout->caption_y, layout->text_width);
  if (layout->source_y >= 0)
    draw_text (dc, context, theme, scene->source, SOURCE_SIZE, FALSE, &theme->text_muted,
               m, layout->source_y, layout->text_width);
  if (scene->empty_message != NULL)
    draw_empty_message (dc, context, scene, layout);

  if (!ot_rect_is_empty (&layout->legend))
    {
      OtRect box = layout->legend;
      double w, h;

      /* Half-pixel aligned so the 1 px border is crisp. */
      box.x0 = floor (box.x0) + 0.5;
      box.y0 = floor (box.y0) + 0.5;
      box.x1 = floor (box.x1) - 0.5;
      box.y1 = floor (box.y1) - 0.5;
      draw_panel (dc, theme, &box);
      if (layout->legend_compact)
        legend_strip_walk (dc, context, scene, layout->legend.x0 + LEGEND_PAD,
                           layout->legend.y0 + LEGEND_PAD,
                           layout->legend.x1 - layout->legend.x0 - 2 * LEGEND_PAD);
      else
        legend_walk (dc, context, scene, layout->legend.x0 + LEGEND_PAD,
                     layout->legend.y0 + LEGEND_PAD,
                     layout->plot.y1 - layout->plot.y0 - 2 * LEGEND_PAD, &w, &h);
    }
  ot_painter_restore (dc);
}
