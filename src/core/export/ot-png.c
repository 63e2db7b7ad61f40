/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-png.h"

#include <math.h>
#include <png.h>
#include <string.h>

typedef struct {
  cairo_write_func_t write;
  void              *closure;
  gboolean           failed;
} Sink;

static void
sink_write (png_structp png,
            png_bytep   bytes,
            size_t      length)
{
  Sink *sink = png_get_io_ptr (png);

  /* The first failure sticks; libpng carries on into nothing. */
  /* Cairo's callback takes an unsigned int: large rows go in pieces. */
  while (!sink->failed && length > 0)
    {
      unsigned int n = (unsigned int) MIN (length, G_MAXUINT);

      if (sink->write (sink->closure, bytes, n) != CAIRO_STATUS_SUCCESS)
        sink->failed = TRUE;
      bytes += n;
      length -= n;
    }
}

static void
sink_flush (png_structp png)
{
}

static void
png_warning_ignored (png_structp     png,
                     png_const_charp message)
{
}

/* Text fit for a PNG text chunk: valid UTF-8, no control characters but
 * line feeds.  *@ascii: whether it is ASCII (a tEXt chunk can hold it). */
static char *
chunk_text (const char *text,
            gboolean   *ascii)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  *ascii = TRUE;
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append_c (out, '\n');
      else if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        g_string_append_c (out, ' ');
      else
        {
          if (c >= 0x80)
            *ascii = FALSE;
          g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  return g_string_free (out, FALSE);
}

static void
add_text (png_textp   texts,
          int        *n,
          GPtrArray  *keep,
          const char *key,
          const char *text)
{
  gboolean ascii;
  char *clean;
  png_textp t;

  if (text == NULL || *text == '\0')
    return;
  clean = chunk_text (text, &ascii);
  g_ptr_array_add (keep, clean);
  t = &texts[(*n)++];
  memset (t, 0, sizeof *t);
  t->compression = ascii ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
  t->key = (png_charp) key;
  t->text = clean;
  t->text_length = ascii ? strlen (clean) : 0;
  t->itxt_length = ascii ? 0 : strlen (clean);
  t->lang = NULL;
  t->lang_key = NULL;
}

/* Everything libpng sees is prepared before setjmp(): after a longjmp
 * only these, not locals changed since, may be used. */
typedef struct {
  guint8    *row;
  GPtrArray *keep;
  png_text   texts[5];
  int        n_texts;
} Prepared;

static gboolean
write_rows (png_structp      png,
            png_infop        info,
            cairo_surface_t *image,
            const OtPngInfo *meta,
            Prepared        *prep,
            gboolean         opaque)
{
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *pixels = cairo_image_surface_get_data (image);
  guint channels = opaque ? 3 : 4;

  if (setjmp (png_jmpbuf (png)))
    return FALSE;

  png_set_IHDR (png, info, width, height, 8,
                opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                PNG_FILTER_TYPE_DEFAULT);
  /* Cairo's colours are sRGB; the chunk also writes gAMA and cHRM for
   * readers that predate sRGB. */
  png_set_sRGB_gAMA_and_cHRM (png, info, PNG_sRGB_INTENT_PERCEPTUAL);
  if (meta->dpi > 0)
    {
      png_uint_32 ppm = (png_uint_32) lround (meta->dpi / 0.0254);

      png_set_pHYs (png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
  if (prep->n_texts > 0)
    png_set_text (png, info, prep->texts, prep->n_texts);
  png_write_info (png, info);

  for (int y = 0; y < height; y++)
    {
      const guint32 *src = (const guint32 *) (pixels + (gsize) y * stride);
      guint8 *dst = prep->row;

      /* Cairo stores premultiplied native-endian ARGB; PNG wants straight
       * RGBA bytes.  Rounded as Cairo's own PNG writer does. */
      for (int x = 0; x < width; x++, dst += channels)
        {
          guint32 p = src[x];
          guint a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

          if (a == 0)
            r = g = b = 0;
          else if (a != 255)
            {
              r = (r * 255 + a / 2) / a;
              g = (g * 255 + a / 2) / a;
              b = (b * 255 + a / 2) / a;
            }
          dst[0] = r;
          dst[1] = g;
          dst[2] = b;
          if (!opaque)
            dst[3] = a;
        }
      png_write_row (png, prep->row);
    }
  png_write_end (png, info);
  return TRUE;
}

static gboolean
all_opaque (cairo_surface_t *image)
{
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *pixels = cairo_image_surface_get_data (image);

  for (int y = 0; y < height; y++)
    {
      const guint32 *src = (const guint32 *) (pixels + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if ((src[x] >> 24) != 0xff)
          return FALSE;
    }
  return TRUE;
}

gboolean
ot_png_write (cairo_surface_t    *image,
              const OtPngInfo    *meta,
              cairo_write_func_t  write,
              void               *closure)
{
  Sink sink = { write, closure, FALSE };
  Prepared prep = { NULL, NULL, { { 0 } }, 0 };
  png_structp png;
  png_infop info;
  gboolean opaque, ok;
  g_autofree char *created = NULL;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (cairo_surface_get_type (image) == CAIRO_SURFACE_TYPE_IMAGE, FALSE);
  g_return_val_if_fail (cairo_image_surface_get_format (image) == CAIRO_FORMAT_ARGB32, FALSE);
  g_return_val_if_fail (meta != NULL, FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  cairo_surface_flush (image);
  if (cairo_image_surface_get_width (image) < 1 || cairo_image_surface_get_height (image) < 1)
    return FALSE;
  opaque = all_opaque (image);

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, png_warning_ignored);
  if (png == NULL)
    return FALSE;
  info = png_create_info_struct (png);
  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      return FALSE;
    }
  png_set_write_fn (png, &sink, sink_write, sink_flush);

  /* Text keywords as in the PNG specification (11.3.4.2). */
  if (meta->created != NULL)
    created = g_date_time_format (meta->created, "%Y-%m-%dT%H:%M:%SZ");
  prep.keep = g_ptr_array_new_with_free_func (g_free);
  add_text (prep.texts, &prep.n_texts, prep.keep, "Title", meta->title);
  add_text (prep.texts, &prep.n_texts, prep.keep, "Description", meta->description);
  add_text (prep.texts, &prep.n_texts, prep.keep, "Source", meta->source);
  add_text (prep.texts, &prep.n_texts, prep.keep, "Software", meta->software);
  add_text (prep.texts, &prep.n_texts, prep.keep, "Creation Time", created);
  prep.row = g_malloc ((gsize) cairo_image_surface_get_width (image) * 4);

  ok = write_rows (png, info, image, meta, &prep, opaque);

  png_destroy_write_struct (&png, &info);
  g_free (prep.row);
  g_ptr_array_unref (prep.keep);
  return ok && !sink.failed;
}
