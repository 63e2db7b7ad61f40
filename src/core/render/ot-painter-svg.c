/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-painter-svg.c: the SVG backend of OtPainter.  Each fill or stroke
 * becomes one <path> (a fill followed by a stroke of the same path, one
 * <path> with both), inside a <g> that carries the style and is only
 * reopened when the style changes.  Coordinates are rounded to 1/100 px
 * and written relative to the previous point by a small integer
 * formatter; text is each distinct layout's glyph outlines, defined once
 * and placed with <use>. */
#include "ot-painter.h"

#include "ot-text.h"

#include <math.h>
#include <string.h>

#define FLUSH_BYTES (256 * 1024)
#define MAX_QUANT   1e15

/* A path being written: points in 1/100 px. */
typedef struct {
  GString *d;
  gint64   cx, cy;      /* current point */
  gint64   sx, sy;      /* start of the sub-path */
  gboolean has_point;
  char     last;        /* last command letter written */
} PathData;

typedef struct {
  double            r, g, b, a;
  double            line_width;
  double            dash[4];
  int               n_dash;
  double            dash_offset;
  cairo_line_cap_t  cap;
  cairo_line_join_t join;
  cairo_fill_rule_t rule;
  guint             n_clips;   /* clip groups opened since the last save */
} State;

/* A glyph's outline at the origin, defined once as <path id="g…">. */
typedef struct {
  cairo_scaled_font_t *font;   /* a reference; NULL: a whole layout's outline */
  unsigned long        index;
  guint                id;
  cairo_path_t        *path;
} Glyph;

typedef struct {
  const Glyph *glyph;
  gint64       x, y;   /* from the layout's top-left */
} Placed;

/* A layout: its glyphs placed, defined once as <g id="t…">. */
/* Text mode: one run of a layout, as a <tspan> (or the whole <text>). */
typedef struct {
  gint64   x, y;       /* its start (left; right when rtl) and baseline */
  char    *font;       /* font attributes, escaped, each with a leading space */
  char    *text;       /* escaped character data */
  gboolean rtl;
} Run;

/* A layout: its glyphs placed, defined once as <g id="t…">; in text mode
 * its runs, and a copy of the layout for outlines should a path need
 * them. */
typedef struct {
  guint        id;
  GArray      *placed;      /* Placed; NULL until needed in text mode */
  Glyph       *own;         /* the fallback outline, or NULL */
  GArray      *runs;        /* Run, text mode only */
  PangoLayout *layout;      /* text mode only */
} Text;

struct _OtSvgWriter {
  GString        *out;
  char           *prefix;    /* of every id */
  OtSvgText       text_mode;
  OtSvgWriteFunc  write;
  gpointer        data;
  gboolean        failed;

  State           st;
  GArray         *saved;     /* State */

  PathData        path;
  const Text     *use;       /* the path is exactly this text at (use_x, use_y) */
  gint64          use_x, use_y;

  gboolean        pending_fill;   /* a fill_preserve waiting for its stroke */
  GString        *fill_style;

  GString        *style;     /* scratch */
  GString        *group;     /* style of the open <g>, when group_open */
  gboolean        group_open;
  guint           n_clips;   /* clip ids used */

  /* Text mode: a label's halo (its text stroked) held back, so that the
   * fill of the same text at the same place joins it in one <text>. */
  const Text     *halo;
  gint64          halo_x, halo_y;
  GString        *halo_style;

  GHashTable     *texts;     /* key -> Text */
  GHashTable     *glyphs;    /* Glyph -> Glyph */
  cairo_t        *scratch;   /* to get text outlines */
};

/* Numbers ------------------------------------------------------------------- */

static inline gint64
quantize (double v,
          double scale)
{
  v *= scale;
  if (!(v > -MAX_QUANT && v < MAX_QUANT))   /* NaN too */
    return 0;
  return (gint64) (v < 0 ? v - 0.5 : v + 0.5);
}

/* Appends @n / 10^@decimals with the trailing zeros and a leading "0"
 * dropped ("-.5", "12", "3.25"): no printf. */
static void
put_fixed (GString *s,
           gint64   n,
           int      decimals)
{
  char buf[32], *end = buf + sizeof buf, *p = end;
  guint64 u = n < 0 ? (guint64) -n : (guint64) n;
  gboolean frac = FALSE;

  for (int k = 0; k < decimals; k++, u /= 10)
    {
      int digit = (int) (u % 10);

      if (digit != 0 || frac)
        {
          *--p = (char) ('0' + digit);
          frac = TRUE;
        }
    }
  if (frac)
    *--p = '.';
  if (u > 0 || !frac)
    do
      {
        *--p = (char) ('0' + u % 10);
        u /= 10;
      }
    while (u > 0);
  if (n < 0)
    *--p = '-';
  g_string_append_len (s, p, end - p);
}

static void
put_number (GString *s,
            double   v,
            int      decimals)
{
  static const double scales[] = { 1, 10, 100, 1000, 10000 };

  put_fixed (s, quantize (v, scales[decimals]), decimals);
}

static void
put_color (GString      *s,
           const char   *name,
           const State  *st)
{
  static const char hex[] = "0123456789abcdef";
  double c[3] = { st->r, st->g, st->b };
  char buf[8] = "#";

  for (int k = 0; k < 3; k++)
    {
      int v = (int) (CLAMP (c[k], 0, 1) * 255 + 0.5);

      buf[1 + 2 * k] = hex[v >> 4];
      buf[2 + 2 * k] = hex[v & 15];
    }
  g_string_append_c (s, ' ');
  g_string_append (s, name);
  g_string_append (s, "=\"");
  g_string_append_len (s, buf, 7);
  g_string_append_c (s, '"');
  if (st->a < 1)
    {
      g_string_append_c (s, ' ');
      g_string_append (s, name);
      g_string_append (s, "-opacity=\"");
      put_number (s, CLAMP (st->a, 0, 1), 3);
      g_string_append_c (s, '"');
    }
}

/* Path data ----------------------------------------------------------------- */

static void
path_reset (PathData *pd)
{
  g_string_truncate (pd->d, 0);
  pd->has_point = FALSE;
  pd->last = 0;
}

/* A command letter, or a separator when it repeats (implicit repetition). */
static inline void
path_command (PathData *pd,
              char      c)
{
  if (pd->last != c || c == 'M')
    g_string_append_c (pd->d, c);
  pd->last = c;
}

static inline void
path_num (PathData *pd,
          gint64    n,
          gboolean  first)
{
  if (!first && n >= 0)
    g_string_append_c (pd->d, ' ');
  put_fixed (pd->d, n, 2);
}

/* Numbers after a repeated command need a separator from the last one. */
static inline gboolean
path_begin (PathData *pd,
            char      c)
{
  gboolean repeated = pd->last == c && c != 'M';

  path_command (pd, c);
  return !repeated;
}

static void
path_move_q (PathData *pd,
             gint64    x,
             gint64    y)
{
  gboolean first = path_begin (pd, 'M');

  path_num (pd, x, first);
  path_num (pd, y, FALSE);
  pd->cx = pd->sx = x;
  pd->cy = pd->sy = y;
  pd->has_point = TRUE;
}

static void
path_line_q (PathData *pd,
             gint64    x,
             gint64    y)
{
  gboolean first;

  if (!pd->has_point)
    {
      path_move_q (pd, x, y);
      return;
    }
  first = path_begin (pd, 'l');
  path_num (pd, x - pd->cx, first);
  path_num (pd, y - pd->cy, FALSE);
  pd->cx = x;
  pd->cy = y;
}

static void
path_curve_q (PathData     *pd,
              const gint64 *q)
{
  gboolean first;

  if (!pd->has_point)
    path_move_q (pd, q[0], q[1]);
  first = path_begin (pd, 'c');
  for (int k = 0; k < 6; k++)
    path_num (pd, q[k] - (k % 2 == 0 ? pd->cx : pd->cy), first && k == 0);
  pd->cx = q[4];
  pd->cy = q[5];
}

static void
path_close (PathData *pd)
{
  if (!pd->has_point)
    return;
  g_string_append_c (pd->d, 'z');
  pd->last = 'z';
  pd->cx = pd->sx;
  pd->cy = pd->sy;
}

/* Appends a Cairo path moved by (@dx, @dy) px. */
static void
path_append_cairo (PathData           *pd,
                   const cairo_path_t *path,
                   double              dx,
                   double              dy)
{
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *e = &path->data[i];
      gint64 q[6];

      switch (e->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          path_move_q (pd, quantize (e[1].point.x + dx, 100), quantize (e[1].point.y + dy, 100));
          break;
        case CAIRO_PATH_LINE_TO:
          path_line_q (pd, quantize (e[1].point.x + dx, 100), quantize (e[1].point.y + dy, 100));
          break;
        case CAIRO_PATH_CURVE_TO:
          for (int k = 0; k < 3; k++)
            {
              q[2 * k] = quantize (e[1 + k].point.x + dx, 100);
              q[2 * k + 1] = quantize (e[1 + k].point.y + dy, 100);
            }
          path_curve_q (pd, q);
          break;
        case CAIRO_PATH_CLOSE_PATH:
        default:
          path_close (pd);
          break;
        }
    }
}

/* Output -------------------------------------------------------------------- */

static void
flush_out (OtSvgWriter *svg,
           gboolean     force)
{
  if (svg->out->len < (force ? 1 : FLUSH_BYTES))
    return;
  if (!svg->failed && !svg->write (svg->data, svg->out->str, svg->out->len))
    svg->failed = TRUE;
  g_string_truncate (svg->out, 0);
}

static void flush_halo (OtSvgWriter *svg);

static void
close_group (OtSvgWriter *svg)
{
  flush_halo (svg);
  if (svg->group_open)
    g_string_append (svg->out, "</g>\n");
  svg->group_open = FALSE;
}

/* Opens a <g> with @style unless the open one has it. */
static void
use_group (OtSvgWriter   *svg,
           const GString *style)
{
  flush_halo (svg);
  if (svg->group_open && svg->group->len == style->len
      && memcmp (svg->group->str, style->str, style->len) == 0)
    return;
  close_group (svg);
  g_string_append (svg->out, "<g");
  g_string_append_len (svg->out, style->str, style->len);
  g_string_append (svg->out, ">\n");
  g_string_assign (svg->group, style->str);
  svg->group_open = TRUE;
}

static void
fill_style (OtSvgWriter *svg,
            GString     *s,
            gboolean     text)
{
  put_color (s, "fill", &svg->st);
  if (!text && svg->st.rule == CAIRO_FILL_RULE_EVEN_ODD)
    g_string_append (s, " fill-rule=\"evenodd\"");
}

static void
stroke_style (OtSvgWriter *svg,
              GString     *s)
{
  const State *st = &svg->st;

  put_color (s, "stroke", st);
  g_string_append (s, " stroke-width=\"");
  put_number (s, st->line_width, 3);
  g_string_append_c (s, '"');
  if (st->cap == CAIRO_LINE_CAP_ROUND)
    g_string_append (s, " stroke-linecap=\"round\"");
  else if (st->cap == CAIRO_LINE_CAP_SQUARE)
    g_string_append (s, " stroke-linecap=\"square\"");
  if (st->join == CAIRO_LINE_JOIN_ROUND)
    g_string_append (s, " stroke-linejoin=\"round\"");
  else if (st->join == CAIRO_LINE_JOIN_BEVEL)
    g_string_append (s, " stroke-linejoin=\"bevel\"");
  if (st->n_dash > 0)
    {
      g_string_append (s, " stroke-dasharray=\"");
      for (int k = 0; k < st->n_dash; k++)
        {
          if (k > 0)
            g_string_append_c (s, ' ');
          put_number (s, st->dash[k], 3);
        }
      g_string_append_c (s, '"');
      if (st->dash_offset != 0)
        {
          g_string_append (s, " stroke-dashoffset=\"");
          put_number (s, st->dash_offset, 3);
          g_string_append_c (s, '"');
        }
    }
}

static gboolean
path_is_empty (const OtSvgWriter *svg)
{
  return svg->use == NULL && svg->path.d->len == 0;
}

/* <use> of "#@prefix@kind@id" at (@x, @y) in 1/100 px, without @close. */
static void
put_use (GString    *out,
         const char *prefix,
         char        kind,
         guint       id,
         gint64      x,
         gint64      y,
         const char *close)
{
  g_string_append (out, "<use xlink:href=\"#");
  g_string_append (out, prefix);
  g_string_append_c (out, kind);
  put_fixed (out, id, 0);
  g_string_append (out, "\" x=\"");
  put_fixed (out, x, 2);
  g_string_append (out, "\" y=\"");
  put_fixed (out, y, 2);
  g_string_append (out, close);
}

static void
write_use (OtSvgWriter *svg,
           guint        id,
           gint64       x,
           gint64       y)
{
  put_use (svg->out, svg->prefix, 't', id, x, y, "\"/>\n");
}

/* Text mode: @text as one <text> element at (@x, @y) in 1/100 px, painted
 * by the open group.  A label's halo and fill are one element (see
 * ot_svg_stroke () and ot_svg_show_layout ()); a halo left on its own (a
 * stroke without fill) is hidden from screen readers. */
static void
write_text_element (OtSvgWriter *svg,
                    const Text  *text,
                    gint64       x,
                    gint64       y)
{
  GString *out = svg->out;
  const Run *first;
  gboolean one;

  if (text->runs->len == 0)
    return;
  first = &g_array_index (text->runs, Run, 0);
  one = text->runs->len == 1;
  g_string_append (out, "<text xml:space=\"preserve\"");
  if (g_str_has_prefix (svg->group->str, " fill=\"none\""))
    g_string_append (out, " aria-hidden=\"true\"");
  g_string_append (out, first->font);
  if (!one)
    g_string_append_c (out, '>');
  for (guint k = 0; k < text->runs->len; k++)
    {
      const Run *run = &g_array_index (text->runs, Run, k);

      g_string_append (out, one ? " x=\"" : "<tspan x=\"");
      put_fixed (out, x + run->x, 2);
      g_string_append (out, "\" y=\"");
      put_fixed (out, y + run->y, 2);
      g_string_append_c (out, '"');
      if (!one && strcmp (run->font, first->font) != 0)
        g_string_append (out, run->font);
      if (run->rtl)
        g_string_append (out, " direction=\"rtl\" unicode-bidi=\"bidi-override\"");
      g_string_append_c (out, '>');
      g_string_append (out, run->text);
      if (!one)
        g_string_append (out, "</tspan>");
    }
  g_string_append (out, "</text>\n");
}

/* A halo held back and not joined by its fill: on its own, as drawn. */
static void
flush_halo (OtSvgWriter *svg)
{
  const Text *halo = svg->halo;

  if (G_LIKELY (halo == NULL))
    return;
  svg->halo = NULL;
  use_group (svg, svg->halo_style);
  write_text_element (svg, halo, svg->halo_x, svg->halo_y);
}

/* Writes the current path as one element in the open group. */
static void
write_shape (OtSvgWriter *svg)
{
  GString *out = svg->out;

  if (svg->use != NULL && svg->text_mode == OT_SVG_TEXT_TEXT)
    write_text_element (svg, svg->use, svg->use_x, svg->use_y);
  else if (svg->use != NULL)
    write_use (svg, svg->use->id, svg->use_x, svg->use_y);
  else
    {
      g_string_append (out, "<path d=\"");
      g_string_append_len (out, svg->path.d->str, svg->path.d->len);
      g_string_append (out, "\"/>\n");
    }
  flush_out (svg, FALSE);
}

static void
clear_path (OtSvgWriter *svg)
{
  path_reset (&svg->path);
  svg->use = NULL;
}

/* A fill_preserve not followed by a stroke of the same path: on its own. */
static inline void
flush_pending (OtSvgWriter *svg)
{
  if (G_LIKELY (!svg->pending_fill))
    return;
  svg->pending_fill = FALSE;
  use_group (svg, svg->fill_style);
  write_shape (svg);
}

static void text_placed (OtSvgWriter *svg, Text *text);

/* Turns a path that is only a text reference into path data, before
 * anything is added to it. */
static inline void
materialize (OtSvgWriter *svg)
{
  const Text *text = svg->use;

  flush_pending (svg);
  if (G_LIKELY (text == NULL))
    return;
  svg->use = NULL;
  text_placed (svg, (Text *) text);
  for (guint k = 0; k < text->placed->len; k++)
    {
      const Placed *pl = &g_array_index (text->placed, Placed, k);

      path_append_cairo (&svg->path, pl->glyph->path, (svg->use_x + pl->x) / 100.0,
                         (svg->use_y + pl->y) / 100.0);
    }
}

/* Writer -------------------------------------------------------------------- */

static void
text_free (gpointer p)
{
  Text *text = p;

  if (text->placed != NULL)
    g_array_unref (text->placed);
  if (text->runs != NULL)
    {
      for (guint k = 0; k < text->runs->len; k++)
        {
          Run *run = &g_array_index (text->runs, Run, k);

          g_free (run->font);
          g_free (run->text);
        }
      g_array_unref (text->runs);
    }
  g_clear_object (&text->layout);
  if (text->own != NULL)
    {
      cairo_path_destroy (text->own->path);
      g_free (text->own);
    }
  g_free (text);
}

static void
glyph_free (gpointer p)
{
  Glyph *glyph = p;

  cairo_scaled_font_destroy (glyph->font);
  cairo_path_destroy (glyph->path);
  g_free (glyph);
}

static guint
glyph_hash (gconstpointer p)
{
  const Glyph *glyph = p;

  return g_direct_hash (glyph->font) ^ (guint) (glyph->index * 2654435761u);
}

static gboolean
glyph_equal (gconstpointer a,
             gconstpointer b)
{
  const Glyph *x = a, *y = b;

  return x->font == y->font && x->index == y->index;
}

OtSvgWriter *
ot_svg_writer_new (double          width,
                   double          height,
                   const char     *metadata,
                   OtSvgWriteFunc  write,
                   gpointer        data)
{
  OtSvgWriterOptions options = { NULL, NULL, metadata, OT_SVG_TEXT_PATHS };

  return ot_svg_writer_new_full (width, height, &options, write, data);
}

OtSvgWriter *
ot_svg_writer_new_full (double                    width,
                        double                    height,
                        const OtSvgWriterOptions *options,
                        OtSvgWriteFunc            write,
                        gpointer                  data)
{
  OtSvgWriter *svg;
  cairo_surface_t *surface;

  g_return_val_if_fail (write != NULL, NULL);

  g_return_val_if_fail (options != NULL, NULL);

  svg = g_new0 (OtSvgWriter, 1);
  svg->prefix = g_strdup (options->id_prefix != NULL ? options->id_prefix : "");
  svg->text_mode = options->text;
  svg->out = g_string_sized_new (FLUSH_BYTES + 4096);
  svg->write = write;
  svg->data = data;
  svg->saved = g_array_new (FALSE, FALSE, sizeof (State));
  svg->path.d = g_string_sized_new (1024);
  svg->fill_style = g_string_new (NULL);
  svg->style = g_string_new (NULL);
  svg->group = g_string_new (NULL);
  svg->halo_style = g_string_new (NULL);
  svg->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, text_free);
  svg->glyphs = g_hash_table_new_full (glyph_hash, glyph_equal, NULL, glyph_free);
  /* Unbounded: Pango skips glyphs outside the target's clip. */
  surface = cairo_recording_surface_create (CAIRO_CONTENT_ALPHA, NULL);
  svg->scratch = cairo_create (surface);
  cairo_surface_destroy (surface);

  /* Cairo's defaults. */
  svg->st.a = 1;
  svg->st.line_width = 2;
  svg->st.cap = CAIRO_LINE_CAP_BUTT;
  svg->st.join = CAIRO_LINE_JOIN_MITER;
  svg->st.rule = CAIRO_FILL_RULE_WINDING;

  g_string_append (svg->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                   "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"");
  put_number (svg->out, width, 2);
  g_string_append (svg->out, "px\" height=\"");
  put_number (svg->out, height, 2);
  g_string_append (svg->out, "px\" viewBox=\"0 0 ");
  put_number (svg->out, width, 2);
  g_string_append_c (svg->out, ' ');
  put_number (svg->out, height, 2);
  g_string_append_c (svg->out, '"');
  if (options->root_attributes != NULL)
    g_string_append (svg->out, options->root_attributes);
  g_string_append_c (svg->out, '>');
  g_string_append (svg->out, options->metadata != NULL ? options->metadata : "\n");
  /* Cairo's miter limit (SVG's default is 4). */
  g_string_append (svg->out, "<g stroke-miterlimit=\"10\">\n");
  return svg;
}

/* Closes the document and writes what is left.  FALSE when a write failed. */
gboolean
ot_svg_writer_finish (OtSvgWriter *svg)
{
  g_return_val_if_fail (svg != NULL, FALSE);

  flush_pending (svg);
  close_group (svg);
  while (svg->saved->len > 0)
    ot_svg_restore (svg);
  for (guint k = 0; k < svg->st.n_clips; k++)
    g_string_append (svg->out, "</g>\n");
  svg->st.n_clips = 0;
  g_string_append (svg->out, "</g>\n</svg>\n");
  flush_out (svg, TRUE);
  return !svg->failed;
}

void
ot_svg_writer_free (OtSvgWriter *svg)
{
  if (svg == NULL)
    return;
  g_string_free (svg->out, TRUE);
  g_free (svg->prefix);
  g_array_unref (svg->saved);
  g_string_free (svg->path.d, TRUE);
  g_string_free (svg->fill_style, TRUE);
  g_string_free (svg->style, TRUE);
  g_string_free (svg->group, TRUE);
  g_string_free (svg->halo_style, TRUE);
  g_hash_table_unref (svg->texts);
  g_hash_table_unref (svg->glyphs);
  cairo_destroy (svg->scratch);
  g_free (svg);
}

/* Path operations ----------------------------------------------------------- */

void
ot_svg_move_to (OtSvgWriter *svg,
                double       x,
                double       y)
{
  materialize (svg);
  path_move_q (&svg->path, quantize (x, 100), quantize (y, 100));
}

void
ot_svg_line_to (OtSvgWriter *svg,
                double       x,
                double       y)
{
  materialize (svg);
  path_line_q (&svg->path, quantize (x, 100), quantize (y, 100));
}

void
ot_svg_curve_to (OtSvgWriter *svg,
                 double       x1,
                 double       y1,
                 double       x2,
                 double       y2,
                 double       x3,
                 double       y3)
{
  gint64 q[6] = { quantize (x1, 100), quantize (y1, 100), quantize (x2, 100),
                  quantize (y2, 100), quantize (x3, 100), quantize (y3, 100) };

  materialize (svg);
  path_curve_q (&svg->path, q);
}

/* As cairo_arc: a line from the current point to the arc's start, then the
 * arc clockwise (increasing angle) in pieces of at most half a turn. */
void
ot_svg_arc (OtSvgWriter *svg,
            double       xc,
            double       yc,
            double       r,
            double       a1,
            double       a2)
{
  PathData *pd = &svg->path;
  guint pieces;

  materialize (svg);
  if (!(a2 >= a1))
    a2 = a1 + fmod (a2 - a1, 2 * G_PI) + 2 * G_PI;
  a2 = MIN (a2, a1 + 4 * G_PI);
  path_line_q (pd, quantize (xc + r * cos (a1), 100), quantize (yc + r * sin (a1), 100));
  if (!(r > 0) || a2 == a1)
    return;
  pieces = (guint) ceil ((a2 - a1) / G_PI - 1e-9);
  for (guint k = 1; k <= pieces; k++)
    {
      double a = a1 + (a2 - a1) * k / pieces;
      gint64 x = quantize (xc + r * cos (a), 100), y = quantize (yc + r * sin (a), 100);
      gint64 rq = quantize (r, 100);
      gboolean first = path_begin (pd, 'a');

      path_num (pd, rq, first);
      path_num (pd, rq, FALSE);
      g_string_append (pd->d, " 0 0 1");
      path_num (pd, x - pd->cx, FALSE);
      path_num (pd, y - pd->cy, FALSE);
      pd->cx = x;
      pd->cy = y;
    }
}

void
ot_svg_rectangle (OtSvgWriter *svg,
                  double       x,
                  double       y,
                  double       w,
                  double       h)
{
  PathData *pd = &svg->path;
  gint64 x0 = quantize (x, 100), y0 = quantize (y, 100);
  gint64 x1 = quantize (x + w, 100), y1 = quantize (y + h, 100);

  materialize (svg);
  path_move_q (pd, x0, y0);
  g_string_append_c (pd->d, 'h');
  put_fixed (pd->d, x1 - x0, 2);
  g_string_append_c (pd->d, 'v');
  put_fixed (pd->d, y1 - y0, 2);
  g_string_append_c (pd->d, 'h');
  put_fixed (pd->d, x0 - x1, 2);
  pd->last = 'h';
  pd->cx = x0;
  pd->cy = y1;
  path_close (pd);
}

void
ot_svg_close_path (OtSvgWriter *svg)
{
  materialize (svg);
  path_close (&svg->path);
}

void
ot_svg_new_path (OtSvgWriter *svg)
{
  flush_pending (svg);
  clear_path (svg);
}

void
ot_svg_new_sub_path (OtSvgWriter *svg)
{
  materialize (svg);
  svg->path.has_point = FALSE;
}

/* State --------------------------------------------------------------------- */

void
ot_svg_set_source_rgba (OtSvgWriter *svg,
                        double       r,
                        double       g,
                        double       b,
                        double       a)
{
  svg->st.r = r;
  svg->st.g = g;
  svg->st.b = b;
  svg->st.a = a;
}

void
ot_svg_set_line_width (OtSvgWriter *svg,
                       double       width)
{
  svg->st.line_width = width;
}

void
ot_svg_set_dash (OtSvgWriter  *svg,
                 const double *dashes,
                 int           n,
                 double        offset)
{
  svg->st.n_dash = CLAMP (n, 0, (int) G_N_ELEMENTS (svg->st.dash));
  for (int k = 0; k < svg->st.n_dash; k++)
    svg->st.dash[k] = dashes[k];
  svg->st.dash_offset = offset;
}

void
ot_svg_set_line_cap (OtSvgWriter      *svg,
                     cairo_line_cap_t  cap)
{
  svg->st.cap = cap;
}

void
ot_svg_set_line_join (OtSvgWriter       *svg,
                      cairo_line_join_t  join)
{
  svg->st.join = join;
}

void
ot_svg_set_fill_rule (OtSvgWriter       *svg,
                      cairo_fill_rule_t  rule)
{
  svg->st.rule = rule;
}

void
ot_svg_save (OtSvgWriter *svg)
{
  g_array_append_val (svg->saved, svg->st);
  svg->st.n_clips = 0;
}

void
ot_svg_restore (OtSvgWriter *svg)
{
  if (svg->saved->len == 0)
    return;
  flush_pending (svg);
  if (svg->st.n_clips > 0)
    close_group (svg);
  for (guint k = 0; k < svg->st.n_clips; k++)
    g_string_append (svg->out, "</g>\n");
  svg->st = g_array_index (svg->saved, State, svg->saved->len - 1);
  g_array_set_size (svg->saved, svg->saved->len - 1);
}

/* Drawing ------------------------------------------------------------------- */

void
ot_svg_fill (OtSvgWriter *svg,
             gboolean     preserve)
{
  flush_pending (svg);
  if (path_is_empty (svg))
    return;
  g_string_truncate (svg->fill_style, 0);
  fill_style (svg, svg->fill_style, FALSE);
  if (preserve)
    {
      svg->pending_fill = TRUE;
      return;
    }
  use_group (svg, svg->fill_style);
  write_shape (svg);
  clear_path (svg);
}

void
ot_svg_stroke (OtSvgWriter *svg,
               gboolean     preserve)
{
  GString *style = svg->style;

  if (path_is_empty (svg))
    {
      svg->pending_fill = FALSE;
      return;
    }
  g_string_truncate (style, 0);
  if (svg->pending_fill)
    g_string_append_len (style, svg->fill_style->str, svg->fill_style->len);
  else
    g_string_append (style, " fill=\"none\"");
  svg->pending_fill = FALSE;
  stroke_style (svg, style);
  if (svg->text_mode == OT_SVG_TEXT_TEXT && svg->use != NULL && !preserve
      && g_str_has_prefix (style->str, " fill=\"none\""))
    {
      flush_halo (svg);
      g_string_assign (svg->halo_style, style->str);
      svg->halo = svg->use;
      svg->halo_x = svg->use_x;
      svg->halo_y = svg->use_y;
      clear_path (svg);
      return;
    }
  use_group (svg, style);
  write_shape (svg);
  if (!preserve)
    clear_path (svg);
}

void
ot_svg_clip (OtSvgWriter *svg)
{
  guint id = svg->n_clips++;

  materialize (svg);
  close_group (svg);
  g_string_append_printf (svg->out, "<clipPath id=\"%sc%u\"><path d=\"", svg->prefix, id);
  g_string_append_len (svg->out, svg->path.d->str, svg->path.d->len);
  g_string_append_printf (svg->out, "\"%s/></clipPath>\n<g clip-path=\"url(#%sc%u)\">\n",
                          svg->st.rule == CAIRO_FILL_RULE_EVEN_ODD
                          ? " clip-rule=\"evenodd\"" : "", svg->prefix, id);
  svg->st.n_clips++;
  clear_path (svg);
}

/* Text ---------------------------------------------------------------------- */

static void
write_glyph (OtSvgWriter *svg,
             const Glyph *glyph)
{
  PathData pd = { 0 };

  pd.d = g_string_new (NULL);
  path_append_cairo (&pd, glyph->path, 0, 0);
  g_string_append_printf (svg->out, "<path id=\"%sg%u\" d=\"", svg->prefix, glyph->id);
  g_string_append_len (svg->out, pd.d->str, pd.d->len);
  g_string_append (svg->out, "\"/>\n");
  g_string_free (pd.d, TRUE);
}

/* The outline of glyph @index of @font, written the first time. */
static const Glyph *
get_glyph (OtSvgWriter         *svg,
           cairo_scaled_font_t *font,
           unsigned long        index)
{
  Glyph key = { font, index, 0, NULL }, *glyph = g_hash_table_lookup (svg->glyphs, &key);
  cairo_glyph_t one = { index, 0, 0 };

  if (glyph != NULL)
    return glyph;
  glyph = g_new0 (Glyph, 1);
  glyph->font = cairo_scaled_font_reference (font);
  glyph->index = index;
  glyph->id = g_hash_table_size (svg->glyphs);
  cairo_new_path (svg->scratch);
  cairo_set_scaled_font (svg->scratch, font);
  cairo_glyph_path (svg->scratch, &one, 1);
  glyph->path = cairo_copy_path (svg->scratch);
  cairo_new_path (svg->scratch);
  g_hash_table_add (svg->glyphs, glyph);
  write_glyph (svg, glyph);
  return glyph;
}

/* Places @layout's glyphs as Pango's Cairo renderer does: each run from
 * its logical left, on its line's baseline.  FALSE when a glyph has no
 * outline of its own (a missing-glyph box). */
static gboolean
place_glyphs (OtSvgWriter *svg,
              PangoLayout *layout,
              GArray      *placed)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean ok = TRUE;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle logical;
      cairo_scaled_font_t *font;
      int x, baseline;

      if (run == NULL)
        continue;
      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      baseline = pango_layout_iter_get_baseline (iter);
      font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (run->item->analysis.font));
      x = logical.x;
      for (int i = 0; i < run->glyphs->num_glyphs && ok; i++)
        {
          const PangoGlyphInfo *info = &run->glyphs->glyphs[i];
          Placed pl;

          if (font == NULL || (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
            ok = FALSE;
          else if (info->glyph != PANGO_GLYPH_EMPTY)
            {
              pl.glyph = get_glyph (svg, font, info->glyph);
              pl.x = quantize ((double) (x + info->geometry.x_offset) / PANGO_SCALE, 100);
              pl.y = quantize ((double) (baseline + info->geometry.y_offset) / PANGO_SCALE, 100);
              g_array_append_val (placed, pl);
            }
          x += info->geometry.width;
        }
    }
  while (ok && pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  return ok;
}

/* The whole layout as one outline, for what place_glyphs() cannot do. */
static Glyph *
layout_outline (OtSvgWriter *svg,
                PangoLayout *layout)
{
  Glyph *glyph = g_new0 (Glyph, 1);

  glyph->id = G_MAXUINT / 2 + g_hash_table_size (svg->texts);
  cairo_new_path (svg->scratch);
  cairo_move_to (svg->scratch, 0, 0);
  pango_cairo_layout_path (svg->scratch, layout);
  glyph->path = cairo_copy_path (svg->scratch);
  cairo_new_path (svg->scratch);
  write_glyph (svg, glyph);
  return glyph;
}

/* Defines @text's glyph outlines and its <g id="…t…"> placing them. */
static void
define_outlines (OtSvgWriter *svg,
                 Text        *text,
                 PangoLayout *layout)
{
  text->placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  flush_halo (svg);
  g_string_append (svg->out, "<defs>\n");
  if (!place_glyphs (svg, layout, text->placed))
    {
      Placed pl = { NULL, 0, 0 };

      g_array_set_size (text->placed, 0);
      pl.glyph = text->own = layout_outline (svg, layout);
      g_array_append_val (text->placed, pl);
    }
  g_string_append_printf (svg->out, "<g id=\"%st%u\">", svg->prefix, text->id);
  for (guint k = 0; k < text->placed->len; k++)
    {
      const Placed *pl = &g_array_index (text->placed, Placed, k);

      put_use (svg->out, svg->prefix, 'g', pl->glyph->id, pl->x, pl->y, "\"/>");
    }
  g_string_append (svg->out, "</g>\n</defs>\n");
}

/* Bidi formatting characters: Pango has already applied them to the run
 * order; in <text> they would act again, or leak past the label. */
static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x200E || c == 0x200F || c == 0x061C
         || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* The font of a run as SVG attributes: the family Pango actually used,
 * then look-alikes and the generic family. */
static char *
run_font (PangoFont *font)
{
  static const char * const fallbacks[] = { "DejaVu Sans", "Verdana", "Noto Sans", "Arial" };
  PangoFontDescription *desc = pango_font_describe_with_absolute_size (font);
  const char *family = pango_font_description_get_family (desc);
  g_autofree char *clean = NULL;
  g_autofree char *escaped = NULL;
  GString *s = g_string_new (" font-family=\"");
  int weight = pango_font_description_get_weight (desc);

  clean = g_strdup (family != NULL ? family : "");
  g_strdelimit (clean, "'\"\\;{}", ' ');
  escaped = ot_text_escape_xml (clean, -1);
  g_strstrip (clean);
  if (escaped[0] != '\0')
    g_string_append_printf (s, "'%s', ", g_strstrip (escaped));
  for (guint k = 0; k < G_N_ELEMENTS (fallbacks); k++)
    if (g_ascii_strcasecmp (clean, fallbacks[k]) != 0)
      g_string_append_printf (s, strchr (fallbacks[k], ' ') != NULL ? "'%s', " : "%s, ",
                              fallbacks[k]);
  g_string_append (s, "sans-serif\" font-size=\"");
  put_number (s, (double) pango_font_description_get_size (desc) / PANGO_SCALE, 2);
  g_string_append_c (s, '"');
  if (weight != PANGO_WEIGHT_NORMAL)
    g_string_append_printf (s, " font-weight=\"%d\"", CLAMP (weight, 100, 900) / 100 * 100);
  if (pango_font_description_get_style (desc) != PANGO_STYLE_NORMAL)
    g_string_append (s, " font-style=\"italic\"");
  pango_font_description_free (desc);
  return g_string_free (s, FALSE);
}

/* Text mode: @layout's runs as Pango drew them: each from its logical
 * left (right when right-to-left), on its line's baseline, with the
 * text shown (an ellipsis for what ellipsizing hid). */
static void
text_runs (PangoLayout *layout,
           GArray      *runs)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  const char *all = pango_layout_get_text (layout);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle logical;
      GString *chars;
      Run r = { 0 };

      if (run == NULL || run->item->analysis.font == NULL)
        continue;
      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      r.rtl = run->item->analysis.level % 2 == 1;
      r.x = quantize ((double) (r.rtl ? logical.x + logical.width : logical.x) / PANGO_SCALE, 100);
      r.y = quantize ((double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE, 100);
      chars = g_string_new (NULL);
      if (run->item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
        g_string_append (chars, "\u2026");
      else
        for (const char *p = all + run->item->offset; p < all + run->item->offset + run->item->length;
             p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);

            if (!is_bidi_control (c))
              g_string_append_unichar (chars, c);
          }
      if (chars->len == 0)
        {
          g_string_free (chars, TRUE);
          continue;
        }
      r.text = ot_text_escape_xml (chars->str, (gssize) chars->len);
      g_string_free (chars, TRUE);
      r.font = run_font (run->item->analysis.font);
      g_array_append_val (runs, r);
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
}

/* @layout's glyphs, defined in the document the first time. */
static const Text *
get_text (OtSvgWriter *svg,
          PangoLayout *layout)
{
  const PangoFontDescription *font = pango_layout_get_font_description (layout);
  g_autofree char *font_name = font != NULL ? pango_font_description_to_string (font) : NULL;
  char *key = g_strdup_printf ("%s\x1f%d\x1f%d\x1f%s", font_name != NULL ? font_name : "",
                               pango_layout_get_width (layout),
                               (int) pango_layout_get_ellipsize (layout),
                               pango_layout_get_text (layout));
  Text *text = g_hash_table_lookup (svg->texts, key);

  if (text != NULL)
    {
      g_free (key);
      return text;
    }
  text = g_new0 (Text, 1);
  text->id = g_hash_table_size (svg->texts);
  g_hash_table_insert (svg->texts, key, text);
  if (svg->text_mode == OT_SVG_TEXT_TEXT)
    {
      text->runs = g_array_new (FALSE, FALSE, sizeof (Run));
      text_runs (layout, text->runs);
      text->layout = pango_layout_copy (layout);
    }
  else
    define_outlines (svg, text, layout);
  return text;
}

/* Text mode: the outlines, the first time a path needs them. */
static void
text_placed (OtSvgWriter *svg,
             Text        *text)
{
  if (text->placed == NULL)
    define_outlines (svg, text, text->layout);
}

/* @layout's outline, and where Cairo would draw it: the current point. */
static const Text *
text_at (OtSvgWriter *svg,
         PangoLayout *layout,
         gint64      *x,
         gint64      *y)
{
  *x = svg->path.has_point ? svg->path.cx : 0;
  *y = svg->path.has_point ? svg->path.cy : 0;
  flush_pending (svg);
  return get_text (svg, layout);
}

void
ot_svg_show_layout (OtSvgWriter *svg,
                    PangoLayout *layout)
{
  gint64 x, y;
  const Text *text = text_at (svg, layout, &x, &y);

  g_string_truncate (svg->style, 0);
  fill_style (svg, svg->style, TRUE);
  if (svg->halo == text && svg->halo_x == x && svg->halo_y == y)
    {
      /* The label's halo and fill: one <text>, stroked under its fill. */
      svg->halo = NULL;
      g_string_append (svg->style, svg->halo_style->str + strlen (" fill=\"none\""));
      g_string_append (svg->style, " paint-order=\"stroke\"");
    }
  use_group (svg, svg->style);
  if (svg->text_mode == OT_SVG_TEXT_TEXT)
    write_text_element (svg, text, x, y);
  else
    write_use (svg, text->id, x, y);
  flush_out (svg, FALSE);
}

void
ot_svg_layout_path (OtSvgWriter *svg,
                    PangoLayout *layout)
{
  gint64 x, y;
  const Text *text = text_at (svg, layout, &x, &y);

  /* Alone in the path (the usual case): a reference. */
  if (path_is_empty (svg) || (svg->path.d->len > 0 && svg->path.last == 'M'
                              && svg->use == NULL && svg->path.d->str[0] == 'M'
                              && strchr (svg->path.d->str + 1, 'M') == NULL))
    {
      clear_path (svg);
      svg->use = text;
      svg->use_x = x;
      svg->use_y = y;
      return;
    }
  materialize (svg);
  svg->use = text;
  svg->use_x = x;
  svg->use_y = y;
  materialize (svg);
}
