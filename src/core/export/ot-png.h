/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-png.h: writes a Cairo image surface as PNG with libpng, with what
 * Cairo's own writer leaves out: the resolution (pHYs), the colour space
 * (sRGB) and text metadata (title, description, source, software,
 * creation time).  See docs/rendering.md. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double      dpi;          /* pixels per inch; 0: no pHYs chunk */
  const char *title;        /* UTF-8 text chunks; NULL: left out */
  const char *description;
  const char *source;
  const char *software;
  GDateTime  *created;      /* "Creation Time"; NULL: left out */
} OtPngInfo;

/* Writes @image (CAIRO_FORMAT_ARGB32, finished drawing) un-premultiplied,
 * as 8-bit RGB when every pixel is opaque and RGBA otherwise (the same
 * pixels as cairo_surface_write_to_png ()).  Text that is ASCII goes in
 * tEXt chunks, other text in iTXt (UTF-8); control characters other than
 * line feeds become spaces.  @write is called as by
 * cairo_surface_write_to_png_stream ().  FALSE when a write failed or
 * libpng gave up. */
gboolean ot_png_write (cairo_surface_t    *image,
                       const OtPngInfo    *info,
                       cairo_write_func_t  write,
                       void               *closure);

G_END_DECLS
