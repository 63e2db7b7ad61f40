/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-painter.h: the drawing operations the renderer uses, on one of two
 * backends: a cairo_t (screen, PNG, PDF: every call passes straight
 * through, so the output is Cairo's own) or an SVG writer that writes
 * compact SVG as it goes (the SVG export).  One renderer draws both, so
 * what is exported is what is seen. */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef struct _OtSvgWriter OtSvgWriter;

typedef struct {
  cairo_t     *cr;    /* Cairo backend, or NULL */
  OtSvgWriter *svg;   /* SVG backend when cr is NULL */
} OtPainter;

#define OT_PAINTER_CAIRO(c) ((OtPainter) { (c), NULL })
#define OT_PAINTER_SVG(w)   ((OtPainter) { NULL, (w) })

/* Receives the SVG text as it is written; FALSE stops the writing. */
typedef gboolean (*OtSvgWriteFunc) (gpointer     data,
                                    const char  *bytes,
                                    gsize        length);

/* How the SVG writer writes text (see docs/rendering.md). */
typedef enum {
  OT_SVG_TEXT_TEXT,    /* <text> in the font used, editable and searchable */
  OT_SVG_TEXT_PATHS,   /* glyph outlines: pixel-exact, not text any more */
} OtSvgText;

typedef struct {
  const char *id_prefix;         /* before every id (an XML name start); NULL: "" */
  const char *root_attributes;   /* more attributes of <svg>, escaped, each
                                  * with a leading space; or NULL */
  const char *metadata;          /* after <svg>: <title>, <desc>…; or NULL */
  OtSvgText   text;
} OtSvgWriterOptions;

/* ot_svg_writer_new () is ot_svg_writer_new_full () with glyph outlines,
 * no id prefix and no root attributes: exports use the full form, so that
 * their ids are unique (two SVGs inlined in one page must not share one). */
OtSvgWriter *ot_svg_writer_new    (double          width,
                                   double          height,
                                   const char     *metadata,
                                   OtSvgWriteFunc  write,
                                   gpointer        data);
OtSvgWriter *ot_svg_writer_new_full (double                    width,
                                     double                    height,
                                     const OtSvgWriterOptions *options,
                                     OtSvgWriteFunc            write,
                                     gpointer                  data);
gboolean     ot_svg_writer_finish (OtSvgWriter    *svg);
void         ot_svg_writer_free   (OtSvgWriter    *svg);

/* The SVG backend of each operation (use the ot_painter_ calls). */
void ot_svg_move_to         (OtSvgWriter *svg, double x, double y);
void ot_svg_line_to         (OtSvgWriter *svg, double x, double y);
void ot_svg_curve_to        (OtSvgWriter *svg, double x1, double y1, double x2, double y2,
                             double x3, double y3);
void ot_svg_arc             (OtSvgWriter *svg, double xc, double yc, double r,
                             double a1, double a2);
void ot_svg_rectangle       (OtSvgWriter *svg, double x, double y, double w, double h);
void ot_svg_close_path      (OtSvgWriter *svg);
void ot_svg_new_path        (OtSvgWriter *svg);
void ot_svg_new_sub_path    (OtSvgWriter *svg);
void ot_svg_set_source_rgba (OtSvgWriter *svg, double r, double g, double b, double a);
void ot_svg_set_line_width  (OtSvgWriter *svg, double width);
void ot_svg_set_dash        (OtSvgWriter *svg, const double *dashes, int n, double offset);
void ot_svg_set_line_cap    (OtSvgWriter *svg, cairo_line_cap_t cap);
void ot_svg_set_line_join   (OtSvgWriter *svg, cairo_line_join_t join);
void ot_svg_set_fill_rule   (OtSvgWriter *svg, cairo_fill_rule_t rule);
void ot_svg_fill            (OtSvgWriter *svg, gboolean preserve);
void ot_svg_stroke          (OtSvgWriter *svg, gboolean preserve);
void ot_svg_clip            (OtSvgWriter *svg);
void ot_svg_save            (OtSvgWriter *svg);
void ot_svg_restore         (OtSvgWriter *svg);
void ot_svg_show_layout     (OtSvgWriter *svg, PangoLayout *layout);
void ot_svg_layout_path     (OtSvgWriter *svg, PangoLayout *layout);

/* Dispatch: one well-predicted branch per call. */
#define OT_PAINT(p, call_cairo, call_svg) \
  G_STMT_START { if ((p)->cr != NULL) call_cairo; else call_svg; } G_STMT_END

static inline void
ot_painter_move_to (OtPainter *p, double x, double y)
{
  OT_PAINT (p, cairo_move_to (p->cr, x, y), ot_svg_move_to (p->svg, x, y));
}

static inline void
ot_painter_line_to (OtPainter *p, double x, double y)
{
  OT_PAINT (p, cairo_line_to (p->cr, x, y), ot_svg_line_to (p->svg, x, y));
}

static inline void
ot_painter_curve_to (OtPainter *p, double x1, double y1, double x2, double y2,
                     double x3, double y3)
{
  OT_PAINT (p, cairo_curve_to (p->cr, x1, y1, x2, y2, x3, y3),
            ot_svg_curve_to (p->svg, x1, y1, x2, y2, x3, y3));
}

static inline void
ot_painter_arc (OtPainter *p, double xc, double yc, double r, double a1, double a2)
{
  OT_PAINT (p, cairo_arc (p->cr, xc, yc, r, a1, a2), ot_svg_arc (p->svg, xc, yc, r, a1, a2));
}

static inline void
ot_painter_rectangle (OtPainter *p, double x, double y, double w, double h)
{
  OT_PAINT (p, cairo_rectangle (p->cr, x, y, w, h), ot_svg_rectangle (p->svg, x, y, w, h));
}

static inline void
ot_painter_close_path (OtPainter *p)
{
  OT_PAINT (p, cairo_close_path (p->cr), ot_svg_close_path (p->svg));
}

static inline void
ot_painter_new_path (OtPainter *p)
{
  OT_PAINT (p, cairo_new_path (p->cr), ot_svg_new_path (p->svg));
}

static inline void
ot_painter_new_sub_path (OtPainter *p)
{
  OT_PAINT (p, cairo_new_sub_path (p->cr), ot_svg_new_sub_path (p->svg));
}

static inline void
ot_painter_set_source_rgba (OtPainter *p, double r, double g, double b, double a)
{
  OT_PAINT (p, cairo_set_source_rgba (p->cr, r, g, b, a),
            ot_svg_set_source_rgba (p->svg, r, g, b, a));
}

static inline void
ot_painter_set_line_width (OtPainter *p, double width)
{
  OT_PAINT (p, cairo_set_line_width (p->cr, width), ot_svg_set_line_width (p->svg, width));
}

static inline void
ot_painter_set_dash (OtPainter *p, const double *dashes, int n, double offset)
{
  OT_PAINT (p, cairo_set_dash (p->cr, dashes, n, offset),
            ot_svg_set_dash (p->svg, dashes, n, offset));
}

static inline void
ot_painter_set_line_cap (OtPainter *p, cairo_line_cap_t cap)
{
  OT_PAINT (p, cairo_set_line_cap (p->cr, cap), ot_svg_set_line_cap (p->svg, cap));
}

static inline void
ot_painter_set_line_join (OtPainter *p, cairo_line_join_t join)
{
  OT_PAINT (p, cairo_set_line_join (p->cr, join), ot_svg_set_line_join (p->svg, join));
}

static inline void
ot_painter_set_fill_rule (OtPainter *p, cairo_fill_rule_t rule)
{
  OT_PAINT (p, cairo_set_fill_rule (p->cr, rule), ot_svg_set_fill_rule (p->svg, rule));
}

/* SVG has no flattening tolerance: Cairo only. */
static inline void
ot_painter_set_tolerance (OtPainter *p, double tolerance)
{
  if (p->cr != NULL)
    cairo_set_tolerance (p->cr, tolerance);
}

static inline void
ot_painter_fill (OtPainter *p)
{
  OT_PAINT (p, cairo_fill (p->cr), ot_svg_fill (p->svg, FALSE));
}

static inline void
ot_painter_fill_preserve (OtPainter *p)
{
  OT_PAINT (p, cairo_fill_preserve (p->cr), ot_svg_fill (p->svg, TRUE));
}

static inline void
ot_painter_stroke (OtPainter *p)
{
  OT_PAINT (p, cairo_stroke (p->cr), ot_svg_stroke (p->svg, FALSE));
}

static inline void
ot_painter_stroke_preserve (OtPainter *p)
{
  OT_PAINT (p, cairo_stroke_preserve (p->cr), ot_svg_stroke (p->svg, TRUE));
}

static inline void
ot_painter_clip (OtPainter *p)
{
  OT_PAINT (p, cairo_clip (p->cr), ot_svg_clip (p->svg));
}

static inline void
ot_painter_save (OtPainter *p)
{
  OT_PAINT (p, cairo_save (p->cr), ot_svg_save (p->svg));
}

static inline void
ot_painter_restore (OtPainter *p)
{
  OT_PAINT (p, cairo_restore (p->cr), ot_svg_restore (p->svg));
}

/* Fills @layout at the current point with the current source. */
static inline void
ot_painter_show_layout (OtPainter *p, PangoLayout *layout)
{
  OT_PAINT (p, pango_cairo_show_layout (p->cr, layout), ot_svg_show_layout (p->svg, layout));
}

/* Adds @layout's outline at the current point to the path. */
static inline void
ot_painter_layout_path (OtPainter *p, PangoLayout *layout)
{
  OT_PAINT (p, pango_cairo_layout_path (p->cr, layout), ot_svg_layout_path (p->svg, layout));
}

G_END_DECLS
